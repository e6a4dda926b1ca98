// Test helpers for the simulator: HTTPS requests, line-by-line watches, bounded polling, kubectl.

import { request } from 'node:https';
import type { IncomingMessage } from 'node:http';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimHandle } from '../../src/sim/index.js';

export const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

export interface Reply {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export interface ReqOpts {
  accept?: string;
  token?: string | null; // null: no Authorization header
  method?: string;
  body?: string;
  headers?: Record<string, string>;
}

function open(sim: SimHandle, path: string, o: ReqOpts): Promise<IncomingMessage> {
  const u = new URL(path, sim.url);
  const headers: Record<string, string> = { ...o.headers };
  if (o.accept) headers['Accept'] = o.accept;
  // Node sends DELETE bodies without framing unless told the length
  if (o.body !== undefined) headers['Content-Length'] ??= String(Buffer.byteLength(o.body));
  const token = o.token === undefined ? sim.token : o.token;
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      { method: o.method ?? 'GET', headers, rejectUnauthorized: false, agent: false },
      resolve,
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

export async function api(sim: SimHandle, path: string, o: ReqOpts = {}): Promise<Reply> {
  const res = await open(sim, path, o);
  const chunks: Buffer[] = [];
  for await (const c of res) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  return { status: res.statusCode ?? 0, headers: res.headers, body, json: <T>() => JSON.parse(body) as T };
}

export interface WatchEventJson {
  type: string;
  object: Record<string, unknown> & {
    metadata?: { name?: string; resourceVersion?: string; namespace?: string };
  };
}

export interface WatchStream {
  status: number;
  headers: IncomingMessage['headers'];
  /** The next event, or an Error after `timeoutMs`. Resolves undefined once the stream ended. */
  next(timeoutMs?: number): Promise<WatchEventJson | undefined>;
  /** Collect events until `pred` holds for the last one. */
  until(pred: (e: WatchEventJson) => boolean, timeoutMs?: number): Promise<WatchEventJson[]>;
  ended: Promise<void>;
  close(): void;
}

export async function watch(sim: SimHandle, path: string, o: ReqOpts = {}): Promise<WatchStream> {
  const res = await open(sim, path, o);
  const queue: (WatchEventJson | undefined)[] = [];
  const waiters: ((e: WatchEventJson | undefined) => void)[] = [];
  let buf = '';
  let done = false;
  const push = (e: WatchEventJson | undefined): void => {
    const w = waiters.shift();
    if (w) w(e);
    else queue.push(e);
  };
  res.setEncoding('utf8');
  res.on('data', (d: string) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.trim()) push(JSON.parse(line) as WatchEventJson);
    }
  });
  const ended = new Promise<void>((resolve) => {
    const end = (): void => {
      if (done) return;
      done = true;
      push(undefined);
      resolve();
    };
    res.on('end', end);
    res.on('close', end);
    res.on('error', end);
  });
  const next = (timeoutMs = 5000): Promise<WatchEventJson | undefined> => {
    if (queue.length > 0) return Promise.resolve(queue.shift());
    if (done) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        const i = waiters.indexOf(w);
        if (i >= 0) waiters.splice(i, 1);
        reject(new Error(`no watch event within ${timeoutMs} ms on ${path}`));
      }, timeoutMs);
      const w = (e: WatchEventJson | undefined): void => {
        clearTimeout(t);
        resolve(e);
      };
      waiters.push(w);
    });
  };
  return {
    status: res.statusCode ?? 0,
    headers: res.headers,
    next,
    async until(pred, timeoutMs = 10000) {
      const deadline = Date.now() + timeoutMs;
      const got: WatchEventJson[] = [];
      for (;;) {
        const e = await next(Math.max(1, deadline - Date.now()));
        if (!e)
          throw new Error(`watch ended before the condition held; got ${got.map((g) => g.type).join(',')}`);
        got.push(e);
        if (pred(e)) return got;
      }
    },
    ended,
    close: () => res.destroy(),
  };
}

export interface Kubectl {
  run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** A long-running kubectl (for -w); the caller kills it. */
  start(args: string[]): ChildProcess;
  kubeconfigPath: string;
  cleanup(): void;
}

export function kubectlFor(sim: SimHandle): Kubectl {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-sim-kubectl-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, sim.kubeconfig(), { mode: 0o600 });
  const cache = join(dir, 'cache');
  const env = { ...process.env, HOME: dir, KUBECONFIG: '' };
  return {
    kubeconfigPath,
    start: (args) =>
      spawn('kubectl', ['--kubeconfig', kubeconfigPath, '--cache-dir', cache, ...args], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    run: (args) =>
      new Promise((resolve) => {
        execFile(
          'kubectl',
          ['--kubeconfig', kubeconfigPath, '--cache-dir', cache, ...args],
          { timeout: 30000, env },
          (err, stdout, stderr) => {
            const code = err
              ? typeof (err as { code?: unknown }).code === 'number'
                ? (err as { code: number }).code
                : 1
              : 0;
            resolve({ code, stdout, stderr });
          },
        );
      }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Split kubectl's table output into rows of cells (columns separated by 2+ spaces). */
export function parseTable(out: string): { header: string[]; rows: string[][] } {
  const lines = out.split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').trim().split(/\s{2,}/);
  return { header, rows: lines.slice(1).map((l) => l.trim().split(/\s{2,}/)) };
}
