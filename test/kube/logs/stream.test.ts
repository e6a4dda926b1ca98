import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { streamLogs } from '../../../src/kube/logs/stream.js';
import type { LogLine, LogStatus, LogStreamOptions } from '../../../src/kube/logs/stream.js';
import { createTransport } from '../../../src/kube/transport.js';
import type { Transport } from '../../../src/kube/transport.js';
import { FakeLogServer, tsAt } from './fake-log-server.js';
import { waitFor } from '../../helpers/wait.js';

const fast = { initialMs: 5, maxMs: 40, random: Math.random };

/** Run a stream in the background, collecting lines and statuses. */
function collect(t: Transport, o: Partial<LogStreamOptions>, ac = new AbortController()) {
  const lines: LogLine[] = [];
  const statuses: LogStatus[] = [];
  const done = (async () => {
    for await (const batch of streamLogs(t, { namespace: 'ns', pod: 'p', container: 'c', backoff: fast, onStatus: (s) => statuses.push(s), ...o }, ac.signal)) lines.push(...batch);
  })();
  return { lines, statuses, done, ac, texts: () => lines.map((l) => l.text) };
}

function counts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of process.getActiveResourcesInfo()) m.set(r, (m.get(r) ?? 0) + 1);
  return m;
}

void describe('streamLogs', () => {
  let api: FakeLogServer;
  let t: Transport;
  let tick = 0;
  const write = (text: string, same = false): void => api.write('p', 'c', text, tsAt(same ? tick : ++tick));

  before(async () => {
    api = await new FakeLogServer().listen();
    t = await createTransport(api.kubeconfig());
  });
  after(async () => {
    await t.close();
    await api.close();
  });

  void it('reads a finished log with timestamps parsed and stripped, and honours tailLines', async () => {
    api.logs.clear();
    for (let i = 1; i <= 20; i++) write(`line ${i}`);
    write('has  two  spaces and a \x1b[31mcolour');
    const all = collect(t, {});
    await all.done;
    assert.equal(all.lines.length, 21);
    assert.equal(all.lines[0]?.text, 'line 1');
    assert.equal(all.lines[20]?.text, 'has  two  spaces and a \x1b[31mcolour');
    assert.equal(all.lines[0]?.pod, 'p');
    assert.equal(all.lines[0]?.container, 'c');
    assert.equal(all.lines[0]?.tsText, tsAt(tick - 20));
    assert.equal(all.lines[0]?.ts, Date.parse(tsAt(tick - 20).slice(0, 23) + 'Z'));
    assert.deepEqual(all.statuses.map((s) => s.kind), ['open', 'end']);
    const req = api.requests.at(-1);
    assert.equal(req?.query.get('timestamps'), 'true');

    const tail = collect(t, { tailLines: 3 });
    await tail.done;
    assert.deepEqual(tail.texts(), ['line 19', 'line 20', 'has  two  spaces and a \x1b[31mcolour']);
    assert.equal(api.requests.at(-1)?.query.get('tailLines'), '3');
  });

  void it('resumes a dropped follow stream from the last timestamp with no duplicate and no gap', async () => {
    api.logs.clear();
    const t0 = tick;
    for (let i = 1; i <= 4; i++) write(`l${i}`);
    write('l5');
    write('l6', true); // l5, l6, l7 share one timestamp
    write('l7', true);
    for (let i = 8; i <= 10; i++) write(`l${i}`);
    api.dropAfter = [
      { lines: 6, how: 'destroy' }, // connection fails right after l6
      { lines: 5, how: 'end' }, // the server ends the follow stream cleanly while the container runs
    ];
    const before = api.requests.length;
    const s = collect(t, { follow: true, tailLines: 100 });
    await waitFor(() => s.lines.length >= 10, { what: 'the history' });
    // lines written while a stream is down or up all arrive, once
    for (let i = 11; i <= 30; i++) write(`l${i}`);
    await waitFor(() => s.lines.length >= 30 && api.followerCount > 0, { what: 'the live lines' });
    api.endFollowers();
    for (let i = 31; i <= 35; i++) write(`l${i}`);
    await waitFor(() => s.lines.length >= 35, { what: 'lines after a clean end' });
    s.ac.abort();
    await s.done;
    await waitFor(() => api.followerCount === 0, { what: 'the server to see the close', timeoutMs: 3000 });
    assert.deepEqual(s.texts(), Array.from({ length: 35 }, (_, i) => `l${i + 1}`));
    const logReqs = api.requests.slice(before).filter((r) => r.path.endsWith('/log'));
    assert.ok(logReqs.length >= 3, `expected reconnections, got ${logReqs.length}`);
    assert.equal(logReqs[0]?.query.get('tailLines'), '100');
    assert.equal(logReqs[0]?.query.get('sinceTime'), null);
    for (const r of logReqs.slice(1)) {
      assert.equal(r.query.get('tailLines'), null, 'a resumed request has no tailLines');
      assert.ok(r.query.get('sinceTime'), 'a resumed request has sinceTime');
    }
    // the first resumption starts at the shared timestamp of l5..l7 (or earlier if l6 was lost in flight)
    assert.ok((logReqs[1]?.query.get('sinceTime') ?? '') <= tsAt(t0 + 5));
    const kinds = s.statuses.map((x) => x.kind);
    assert.ok(kinds.includes('retry'));
    // a follow stream the server closed while the container still runs: waiting, not an error
    assert.ok(s.statuses.some((x) => x.kind === 'retry' && x.waiting));
    assert.equal(kinds.at(-1), 'end');
    assert.deepEqual(s.statuses.at(-1), { kind: 'end', reason: 'aborted' });
  });

  void it('stops following when the container has terminated', async () => {
    api.logs.clear();
    write('only');
    api.running = false;
    try {
      const s = collect(t, { follow: true });
      await waitFor(() => s.statuses.some((x) => x.kind === 'open') && api.followerCount === 1, { what: 'the follow stream' });
      api.endFollowers();
      await waitFor(() => s.statuses.at(-1)?.kind === 'end', { what: `the end: ${JSON.stringify(s.statuses)} ${JSON.stringify(api.requests.slice(-3))}`, timeoutMs: 3000 });
      await s.done;
      assert.deepEqual(s.texts(), ['only']);
      assert.deepEqual(s.statuses.at(-1), { kind: 'end', reason: 'terminated' });
    } finally {
      api.running = true;
    }
  });

  void it('reports previous-not-found as one clean error, with no retry', async () => {
    const before = api.requests.length;
    const s = collect(t, { previous: true, follow: true });
    await s.done;
    assert.equal(s.lines.length, 0);
    assert.equal(s.statuses.length, 1);
    const st = s.statuses[0];
    assert.equal(st?.kind, 'error');
    if (st?.kind !== 'error') return;
    assert.equal(st.error.reason, 'BadRequest');
    assert.equal(st.error.code, 400);
    assert.equal(st.error.message, 'bad request: previous terminated container "c" in pod "p" not found');
    assert.equal(api.requests.length - before, 1);
  });

  void it('gives up at once on 403 and 404, retries 500s', async () => {
    api.fail = [{ code: 403, message: 'pods "p" is forbidden: User "x" cannot get resource "pods/log"' }];
    const f = collect(t, { follow: true });
    await f.done;
    assert.equal(f.statuses.length, 1);
    assert.equal(f.statuses[0]?.kind === 'error' && f.statuses[0].error.reason, 'Forbidden');

    const nf = collect(t, { pod: 'gone', follow: true });
    await nf.done;
    assert.equal(nf.statuses.length, 1);
    assert.equal(nf.statuses[0]?.kind === 'error' && nf.statuses[0].error.reason, 'NotFound');

    api.logs.clear();
    write('after 500s');
    api.fail = [
      { code: 500, message: 'boom' },
      { code: 503, message: 'busy' },
    ];
    const r = collect(t, {});
    await r.done;
    assert.deepEqual(r.texts(), ['after 500s']);
    assert.deepEqual(r.statuses.map((x) => x.kind), ['retry', 'retry', 'open', 'end']);
  });

  void it('retries while the container is still starting', async () => {
    api.logs.clear();
    write('started');
    api.fail = [{ code: 400, message: 'container "c" in pod "p" is waiting to start: ContainerCreating' }];
    const s = collect(t, {});
    await s.done;
    assert.equal(s.statuses[0]?.kind, 'error', 'not following: a waiting container is an answer');
    api.fail = [{ code: 400, message: 'container "c" in pod "p" is waiting to start: ContainerCreating' }];
    const f = collect(t, { follow: true });
    await waitFor(() => f.lines.length === 1, { what: 'the line once started' });
    f.ac.abort();
    await f.done;
    assert.equal(f.statuses[0]?.kind, 'retry');
    assert.equal(f.statuses[0]?.kind === 'retry' && f.statuses[0].waiting, true, 'waiting to start is not an error');
  });

  void it('abort ends quietly and leaves no timer, socket or listener behind', async () => {
    api.logs.clear();
    write('x');
    const base = counts();
    const s = collect(t, { follow: true });
    await waitFor(() => s.lines.length === 1 && api.followerCount === 1, { what: 'the follow stream' });
    s.ac.abort();
    await s.done;
    await waitFor(() => api.followerCount === 0, { what: 'the server to see the close' });
    await waitFor(() => {
      const now = counts();
      return [...now].every(([k, n]) => n <= (base.get(k) ?? 0));
    }, { what: `resources back to ${JSON.stringify([...base])}` });

    // aborted while waiting between attempts
    api.fail = [{ code: 500, message: 'boom' }];
    const slow = collect(t, { follow: true, backoff: { initialMs: 60_000, maxMs: 60_000, random: () => 0.5 } });
    await waitFor(() => slow.statuses.some((x) => x.kind === 'retry'), { what: 'the retry' });
    slow.ac.abort();
    await slow.done;
    assert.deepEqual(slow.statuses.at(-1), { kind: 'end', reason: 'aborted' });
    await waitFor(() => [...counts()].every(([k, n]) => n <= (base.get(k) ?? 0)), { what: 'no timer left' });
  });
});
