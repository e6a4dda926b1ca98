// Application log lines: plain (`2026-11-22T12:00:01.123Z INFO  [main] ...`) and JSON structured
// (`{"ts":...,"level":...,"msg":...,"request_id":...}`), their start-up banners and last words.

import { isoMillis } from './time.js';
import type { LineRng } from './hash.js';
import { requestId } from './context.js';
import type { LineCtx } from './context.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';

interface Event {
  level: Level;
  msg: string;
  fields: Record<string, string | number>;
}

const THREADS = [
  'main',
  'http-nio-8080-exec-3',
  'http-nio-8080-exec-7',
  'worker-2',
  'scheduler-1',
  'pool-1-thread-4',
];
const PEERS = ['postgres:5432', 'redis:6379', 'kafka:9092', 'payments-api:8080', 'catalog:8080'];
const ENDPOINTS = ['/api/items', '/api/orders', '/api/cart', '/api/users/me', '/api/search', '/api/checkout'];

type Make = (r: LineRng, ctx: LineCtx) => Event;
const ev = (level: Level, msg: string, fields: Record<string, string | number> = {}): Event => ({
  level,
  msg,
  fields,
});

const EVENTS: readonly (readonly [Make, number])[] = [
  [
    (r) => {
      const status = r.weighted([
        [200, 90],
        [201, 5],
        [404, 4],
        [400, 1],
      ] as const);
      const ms = 2 + r.int(r.next() < 0.8 ? 40 : 400);
      return ev('info', `${r.pick(['GET', 'GET', 'POST'])} ${r.pick(ENDPOINTS)} ${status} ${ms}ms`, {
        status,
        duration_ms: ms,
      });
    },
    30,
  ],
  [
    (r) =>
      ev('info', `processed batch ${1000 + r.int(90_000)} (${50 * (1 + r.int(10))} records)`, {
        duration_ms: 20 + r.int(900),
      }),
    8,
  ],
  [(r) => ev('info', `cache hit ratio ${(0.8 + r.next() * 0.19).toFixed(2)} over the last 60s`), 4],
  [(r) => ev('info', `connection pool stats: active=${r.int(20)} idle=${r.int(10)} max=20`), 4],
  [(r) => ev('info', `published ${1 + r.int(40)} events to topic orders`), 4],
  [(r) => ev('debug', `GC pause ${1 + r.int(30)}ms, heap ${40 + r.int(200)}MiB`), 6],
  [(r) => ev('debug', `cache miss for key item:${1000 + r.int(9000)}`), 6],
  [(r) => ev('debug', `refreshing token for ${r.pick(['svc-payments', 'svc-catalog', 'svc-cart'])}`), 3],
  [
    (r) => ev('warn', `slow query took ${500 + r.int(4500)}ms: SELECT * FROM items WHERE category_id = $1`),
    4,
  ],
  [(r) => ev('warn', `retrying request to ${r.pick(PEERS)} (attempt ${2 + r.int(3)}/5)`), 4],
  [(r) => ev('warn', `rate limit at ${70 + r.int(29)}% for client ${r.hex(6)}`), 2],
  [(r) => ev('error', `request to ${r.pick(PEERS)} failed: context deadline exceeded`, { status: 504 }), 2],
  [
    (r) =>
      ev(
        'error',
        `failed to process message ${r.hex(12)}: validation failed: field "amount" must be positive`,
      ),
    1,
  ],
];

function event(rng: LineRng, ctx: LineCtx): Event {
  return rng.weighted(EVENTS)(rng, ctx);
}

const LEVEL = { debug: 'DEBUG', info: 'INFO ', warn: 'WARN ', error: 'ERROR' } as const;

export function plainLine(rng: LineRng, ctx: LineCtx, ms: number): string {
  const e = event(rng, ctx);
  return formatPlain(ms, e.level, rng.pick(THREADS), e.msg);
}

export function formatPlain(ms: number, level: Level, thread: string, msg: string): string {
  return `${isoMillis(ms)} ${LEVEL[level]} [${thread}] ${msg}`;
}

export function jsonLine(rng: LineRng, ctx: LineCtx, ms: number): string {
  const e = event(rng, ctx);
  return formatJson(ms, e.level, e.msg, { request_id: requestId(rng), ...e.fields });
}

export function formatJson(
  ms: number,
  level: Level,
  msg: string,
  fields: Record<string, string | number> = {},
): string {
  return JSON.stringify({ ts: isoMillis(ms), level, msg, ...fields });
}

/** What an application says when it starts, as [level, message]. */
export function startup(ctx: LineCtx): [Level, string, Record<string, string | number>][] {
  return [
    ['info', `starting ${ctx.app} version ${ctx.version}`, { version: ctx.version }],
    ['info', `loaded configuration from /etc/${ctx.app}/config.yaml`, {}],
    ['debug', `GOMAXPROCS=2, pod=${ctx.pod}, namespace=${ctx.namespace}`, {}],
    ['info', `connected to ${PEERS[ctx.port % PEERS.length] ?? 'postgres:5432'}`, {}],
    ['info', `listening on :${ctx.port}`, { addr: `:${ctx.port}` }],
  ];
}

export type Runtime = 'java' | 'go' | 'python' | 'node';

/** The language a crash trace looks like, from the image (java/python/node images) or else by hash. */
export function runtimeOf(image: string, pick: number): Runtime {
  if (/python|django|flask|uvicorn|gunicorn/.test(image)) return 'python';
  if (/node|next|express/.test(image)) return 'node';
  if (/java|jdk|jre|spring|tomcat|kafka|elastic|keycloak/.test(image)) return 'java';
  return pick % 2 === 0 ? 'java' : 'go';
}

const CAUSES = [
  ['IllegalStateException', 'Failed to connect to postgres:5432 after 3 attempts', 'connection refused'],
  [
    'NullPointerException',
    'Cannot invoke "Config.getString(String)" because "this.config" is null',
    'config missing',
  ],
  ['IllegalArgumentException', 'Required environment variable DATABASE_URL is not set', 'missing env'],
] as const;

/** A crash: the error line and the runtime's stack trace. */
export function crashTrace(rt: Runtime, ctx: LineCtx, pick: number): string[] {
  const [ex, why] = CAUSES[pick % CAUSES.length] ?? CAUSES[0];
  const pkg = `dev.kubedeck.${ctx.app.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'app'}`;
  switch (rt) {
    case 'java':
      return [
        `java.lang.${ex}: ${why}`,
        `\tat ${pkg}.db.ConnectionPool.acquire(ConnectionPool.java:142)`,
        `\tat ${pkg}.Repository.init(Repository.java:57)`,
        `\tat ${pkg}.Application.start(Application.java:88)`,
        `\tat ${pkg}.Application.main(Application.java:31)`,
        'Caused by: java.net.ConnectException: Connection refused',
        '\tat java.base/sun.nio.ch.Net.connect0(Native Method)',
        '\tat java.base/sun.nio.ch.Net.connect(Net.java:589)',
        '\tat java.base/sun.nio.ch.NioSocketImpl.connect(NioSocketImpl.java:592)',
        '\t... 4 more',
      ];
    case 'go':
      return [
        'panic: runtime error: invalid memory address or nil pointer dereference',
        '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6b1f2a]',
        '',
        'goroutine 1 [running]:',
        `main.(*Server).loadConfig(0x0)`,
        `\t/src/cmd/${ctx.app}/config.go:88 +0x2a`,
        'main.(*Server).Start(0xc0001a2000)',
        `\t/src/cmd/${ctx.app}/server.go:54 +0x45`,
        'main.main()',
        `\t/src/cmd/${ctx.app}/main.go:41 +0x1c5`,
      ];
    case 'python':
      return [
        'Traceback (most recent call last):',
        '  File "/app/main.py", line 42, in <module>',
        '    main()',
        '  File "/app/main.py", line 37, in main',
        '    conn = db.connect(settings.DATABASE_URL)',
        '  File "/app/db.py", line 18, in connect',
        '    raise ConnectionError(f"could not connect to {url}")',
        `ConnectionError: could not connect to postgres://postgres:5432/${ctx.app}`,
      ];
    case 'node':
      return [
        '/app/server.js:57',
        "    throw new Error('Missing required environment variable: DATABASE_URL');",
        '    ^',
        '',
        'Error: Missing required environment variable: DATABASE_URL',
        '    at loadConfig (/app/server.js:57:11)',
        '    at Object.<anonymous> (/app/server.js:12:16)',
        '    at Module._compile (node:internal/modules/cjs/loader:1546:14)',
        '    at Module.load (node:internal/modules/cjs/loader:1317:32)',
        '    at node:internal/main/run_main_module:28:49',
        '',
        'Node.js v22.11.0',
      ];
  }
}
