// What a simulated container serves on a port that is not HTTP: Redis (RESP: PING, ECHO, SET, GET, DEL,
// EXISTS, KEYS *, DBSIZE, INFO, QUIT, COMMAND; keys live per connection) and, for databases and brokers
// whose protocols are not simulated (postgres, mysql, mongo, kafka, zookeeper…), a connection that is
// accepted and stays silent, as a server waiting for its client's handshake.

import type { Duplex } from 'node:stream';

export type TcpFlavour = 'http' | 'redis' | 'silent';

const SILENT_IMAGE = /postgres|mysql|mariadb|mongo|kafka|zookeeper|rabbitmq|nats|memcached|cassandra/;
const SILENT_PORTS = new Set([5432, 3306, 27017, 9092, 2181, 5672, 4222, 11211, 9042]);

export function flavourOf(image: string, port: number): TcpFlavour {
  const img = image.toLowerCase();
  if (/redis|valkey/.test(img) || port === 6379) return 'redis';
  if (SILENT_IMAGE.test(img) || SILENT_PORTS.has(port)) return 'silent';
  return 'http';
}

const bulk = (s: string): string => `$${Buffer.byteLength(s)}\r\n${s}\r\n`;

/** Parse complete commands from `buf`; returns them and what is left. */
export function parseResp(buf: string): { cmds: string[][]; rest: string } {
  const cmds: string[][] = [];
  let i = 0;
  for (;;) {
    if (i >= buf.length) break;
    if (buf[i] === '*') {
      const eol = buf.indexOf('\r\n', i);
      if (eol < 0) break;
      const n = Number(buf.slice(i + 1, eol));
      let j = eol + 2;
      const args: string[] = [];
      let complete = true;
      for (let k = 0; k < n; k++) {
        const e = buf.indexOf('\r\n', j);
        if (e < 0 || buf[j] !== '$') {
          complete = false;
          break;
        }
        const len = Number(buf.slice(j + 1, e));
        if (buf.length < e + 2 + len + 2) {
          complete = false;
          break;
        }
        args.push(buf.slice(e + 2, e + 2 + len));
        j = e + 2 + len + 2;
      }
      if (!complete) break;
      cmds.push(args);
      i = j;
    } else {
      const eol = buf.indexOf('\n', i);
      if (eol < 0) break;
      const words = buf.slice(i, eol).replace(/\r$/, '').trim().split(/\s+/).filter(Boolean);
      if (words.length) cmds.push(words);
      i = eol + 1;
    }
  }
  return { cmds, rest: buf.slice(i) };
}

function redisReply(args: string[], db: Map<string, string>): string | { reply: string; quit: true } {
  const [name = '', ...a] = args;
  switch (name.toUpperCase()) {
    case 'PING':
      return a[0] === undefined ? '+PONG\r\n' : bulk(a[0]);
    case 'ECHO':
      return bulk(a[0] ?? '');
    case 'SET':
      db.set(a[0] ?? '', a[1] ?? '');
      return '+OK\r\n';
    case 'GET': {
      const v = db.get(a[0] ?? '');
      return v === undefined ? '$-1\r\n' : bulk(v);
    }
    case 'DEL':
    case 'EXISTS':
      return `:${a.filter((k) => (name.toUpperCase() === 'DEL' ? db.delete(k) : db.has(k))).length}\r\n`;
    case 'KEYS':
      return `*${db.size}\r\n${[...db.keys()].map(bulk).join('')}`;
    case 'DBSIZE':
      return `:${db.size}\r\n`;
    case 'INFO':
      return bulk(
        '# Server\r\nredis_version:7.4.0\r\nredis_mode:standalone\r\nos:Linux (kubedeck simulator)\r\n',
      );
    case 'COMMAND':
      return '*0\r\n';
    case 'QUIT':
      return { reply: '+OK\r\n', quit: true };
    default:
      return `-ERR unknown command '${name}', with args beginning with: ${a.map((x) => `'${x}' `).join('')}\r\n`;
  }
}

export function serveRedis(conn: Duplex): void {
  const db = new Map<string, string>();
  let buf = '';
  conn.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    const { cmds, rest } = parseResp(buf);
    buf = rest.length > 1 << 20 ? '' : rest;
    for (const c of cmds) {
      const r = redisReply(c, db);
      if (typeof r === 'string') conn.write(r);
      else {
        conn.end(r.reply);
        return;
      }
    }
  });
  conn.on('end', () => conn.end());
}

export function serveSilent(conn: Duplex): void {
  conn.resume();
  conn.on('end', () => conn.end());
}
