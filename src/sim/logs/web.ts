// Access-log lines of web servers: nginx/httpd combined format (with request time for other web apps),
// envoy's default access log format; kube-probe requests when the container has HTTP probes.

import { clfTime, isoMillis, nginxTime } from './time.js';
import type { LineRng } from './hash.js';
import { clientIp, requestId } from './context.js';
import type { LineCtx } from './context.js';

export type WebFlavor = 'nginx' | 'httpd' | 'envoy' | 'app';

interface Req {
  method: string;
  path: string;
  status: number;
  bytes: number;
  ms: number;
  ua: string;
  ip: string;
  referer: string;
}

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
  'curl/8.10.1',
  'Go-http-client/1.1',
  'python-requests/2.32.3',
  'Prometheus/2.54.1',
] as const;

const ROUTES: readonly (readonly [(r: LineRng) => [string, string], number])[] = [
  [() => ['GET', '/'], 10],
  [() => ['GET', '/index.html'], 3],
  [(r) => ['GET', `/api/items?page=${1 + r.int(12)}`], 14],
  [(r) => ['GET', `/api/items/${1000 + r.int(9000)}`], 12],
  [() => ['GET', '/api/cart'], 6],
  [() => ['POST', '/api/cart/items'], 4],
  [() => ['POST', '/api/orders'], 3],
  [() => ['POST', '/api/login'], 2],
  [(r) => ['GET', `/static/js/main.${r.hex(8)}.js`], 5],
  [() => ['GET', '/static/css/app.css'], 4],
  [() => ['GET', '/favicon.ico'], 2],
  [(r) => ['GET', `/api/search?q=${r.pick(['shoes', 'lamp', 'coffee', 'desk', 'kube'])}`], 4],
  [() => ['DELETE', '/api/cart/items/3'], 1],
  [() => ['GET', '/metrics'], 2],
  [() => ['GET', '/wp-login.php'], 1],
];

function request(rng: LineRng, ctx: LineCtx): Req {
  if (ctx.probePaths.length > 0 && rng.next() < 0.3)
    return {
      method: 'GET',
      path: rng.pick(ctx.probePaths),
      status: 200,
      bytes: 2 + rng.int(20),
      ms: 1,
      ua: 'kube-probe/1.32',
      ip: `10.244.${ctx.subnet}.1`,
      referer: '-',
    };
  const [method, path] = rng.weighted(ROUTES)(rng);
  let status: number = rng.weighted<number>([
    [200, 80],
    [304, 6],
    [404, 5],
    [301, 2],
    [401, 2],
    [500, 2],
    [502, 1],
    [503, 1],
    [429, 1],
  ] as const);
  if (path === '/favicon.ico' || path === '/wp-login.php') status = 404;
  else if (method === 'POST' && status === 200) status = path === '/api/login' ? 200 : 201;
  else if (method === 'DELETE' && status === 200) status = 204;
  const slow = status >= 500 ? 800 + rng.int(29_000) : rng.next() < 0.05 ? 300 + rng.int(2000) : 0;
  const ms = slow || 1 + rng.int(rng.next() < 0.7 ? 25 : 180);
  const bytes =
    status === 304 || status === 204
      ? 0
      : path.startsWith('/static/')
        ? 20_000 + rng.int(400_000)
        : status >= 400
          ? 150 + rng.int(400)
          : 120 + rng.int(8000);
  const ua = rng.pick(AGENTS);
  const referer = ua.startsWith('Mozilla') && rng.next() < 0.6 ? `https://shop.example.com/` : '-';
  return { method, path, status, bytes, ms, ua, ip: clientIp(rng), referer };
}

export function webLine(flavor: WebFlavor, rng: LineRng, ctx: LineCtx, ms: number): string {
  const r = request(rng, ctx);
  if (flavor === 'envoy') {
    const upstream = `${ctx.podIP}:${ctx.port === 80 ? 8080 : ctx.port}`;
    return `[${isoMillis(ms)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} - 0 ${r.bytes} ${r.ms} ${Math.max(0, r.ms - 1)} "${r.ip}" "${r.ua}" "${uuidish(rng)}" "${ctx.app}.${ctx.namespace}.svc" "${upstream}"`;
  }
  const base = `${r.ip} - - [${clfTime(ms)}] "${r.method} ${r.path} HTTP/1.1" ${r.status} ${flavor === 'httpd' && r.bytes === 0 ? '-' : r.bytes}`;
  if (flavor === 'httpd') return base;
  const combined = `${base} "${r.referer}" "${r.ua}"`;
  if (flavor === 'nginx') return combined;
  return `${combined} ${(r.ms / 1000).toFixed(3)} ${requestId(rng)}`;
}

function uuidish(rng: LineRng): string {
  const h = rng.hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
}

/** What nginx prints when it starts. */
export function nginxBanner(ctx: LineCtx, ms: number): string[] {
  const t = nginxTime(ms);
  const ver = /^\d+\.\d+/.test(ctx.version) ? ctx.version.split('-')[0] : '1.27.3';
  return [
    '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
    '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
    '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
    '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
    '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
    '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
    '/docker-entrypoint.sh: Configuration complete; ready for start up',
    `${t} [notice] 1#1: using the "epoll" event method`,
    `${t} [notice] 1#1: nginx/${ver ?? '1.27.3'}`,
    `${t} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)`,
    `${t} [notice] 1#1: OS: Linux 6.8.0-49-generic`,
    `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
    `${t} [notice] 1#1: start worker processes`,
    `${t} [notice] 1#1: start worker process 29`,
    `${t} [notice] 1#1: start worker process 30`,
  ];
}

/** nginx's last words: a config error (crash) or a graceful stop. */
export function nginxEnd(ctx: LineCtx, ms: number, crashed: boolean): string[] {
  const t = nginxTime(ms);
  if (crashed)
    return [
      `${t} [emerg] 1#1: host not found in upstream "${ctx.app}-backend:8080" in /etc/nginx/conf.d/default.conf:14`,
      `nginx: [emerg] host not found in upstream "${ctx.app}-backend:8080" in /etc/nginx/conf.d/default.conf:14`,
    ];
  return [
    `${t} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`,
    `${t} [notice] 29#29: gracefully shutting down`,
    `${t} [notice] 29#29: exiting`,
    `${t} [notice] 29#29: exit`,
    `${t} [notice] 1#1: signal 17 (SIGCHLD) received from 29`,
    `${t} [notice] 1#1: worker process 29 exited with code 0`,
    `${t} [notice] 1#1: exit`,
  ];
}
