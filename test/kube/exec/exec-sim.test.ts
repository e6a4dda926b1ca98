// The exec, attach and port-forward clients against the simulated cluster on a loopback port: the same
// code paths the TUI's s, a and Shift-F use, minus the terminal.
import assert from 'node:assert/strict';
import { get } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { parseKubeconfig } from '../../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../../src/kube/kubeconfig.js';
import { createTransport } from '../../../src/kube/transport.js';
import type { Transport } from '../../../src/kube/transport.js';
import { runExec, runShell } from '../../../src/kube/exec/exec.js';
import type { ExecIo } from '../../../src/kube/exec/exec.js';
import { ShellService, resolveShellTarget } from '../../../src/store/shell/shell.js';
import { PortForwards } from '../../../src/store/forwards/port-forwards.js';
import { planForward } from '../../../src/store/forwards/port-forward-plan.js';
import type { PortForwardRec } from '../../../src/resources/portforwards.js';
import { startSim } from '../../../src/sim/index.js';
import type { SimHandle } from '../../../src/sim/index.js';
import type { Pod } from '../../../src/util/k8s.js';
import { waitFor } from '../../helpers/wait.js';

/**
 * GET over a connection of its own, closed after the answer: fetch() keeps connections alive, and a second
 * request on the first one would go down the tunnel already open to the replaced pod (the simulator, unlike a
 * kubelet, does not cut a deleted pod's forwarded connections).
 */
const getOnce = (url: string): Promise<string> =>
  new Promise((resolve, reject) => {
    get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
      res.on('error', reject);
    }).on('error', reject);
  });

const NS = 'default';

/** A fake terminal: scripted lines typed at each prompt (or `type` by hand), collected output, a size that can change. */
function term(keys: string[] = [], size = { cols: 80, rows: 24 }) {
  let out = '';
  let err = '';
  let resize: (() => void) | undefined;
  let input: ((d: Buffer) => void) | undefined;
  const io: ExecIo = {
    write: (ch, d) => {
      if (ch === 1) out += d.toString('utf8');
      else err += d.toString('utf8');
    },
    onInput(cb) {
      input = cb;
      // type each line at the next prompt, as a person would
      let stopped = false;
      void (async () => {
        let seen = 0;
        for (const k of keys) {
          await waitFor(() => stopped || (out.length > seen && /[#$] $/.test(out)), {
            what: () => `a prompt before typing ${JSON.stringify(k)}; output: ${JSON.stringify(out)}`,
          });
          if (stopped) return;
          seen = out.length;
          cb(Buffer.from(k, 'utf8'));
        }
      })();
      return () => {
        stopped = true;
        input = undefined;
      };
    },
    size: () => size,
    onResize(cb) {
      resize = cb;
      return () => void (resize = undefined);
    },
  };
  return {
    io,
    out: () => out,
    err: () => err,
    type: (s: string) => input?.(Buffer.from(s, 'utf8')),
    resize: (c: number, r: number) => {
      size.cols = c;
      size.rows = r;
      resize?.();
    },
    /** The terminal resized, its event not yet handled (SIGWINCH waits its turn in the event loop). */
    resizeUnannounced: (c: number, r: number) => {
      size.cols = c;
      size.rows = r;
    },
  };
}

function podSpec(name: string, image: string, ports: number[] = []): Pod {
  return {
    metadata: { name, namespace: NS, labels: { app: name } },
    spec: { containers: [{ name: 'main', image, ...(ports.length ? { ports: ports.map((p) => ({ containerPort: p })) } : {}) }] },
  } as Pod;
}

describe('exec, attach and port-forward against the simulated cluster', () => {
  let sim: SimHandle;
  let t: Transport;
  let ro: Transport;
  const running = (name: string) =>
    waitFor(async () => {
      const p = await t.request<Pod>(`/api/v1/namespaces/${NS}/pods/${name}`);
      return p.status?.containerStatuses?.every((c) => c.state?.running) && p.status.phase === 'Running' ? p : undefined;
    }, { what: `${name} running` });

  before(async () => {
    sim = await startSim({ scenario: 'empty', seed: 5 });
    const load = parseKubeconfig(sim.kubeconfig(), 'sim');
    assert.equal(load.kind, 'loaded');
    const config = (load as { config: LoadedKubeconfig }).config;
    t = await createTransport(config);
    ro = await createTransport(config, undefined, { readOnly: true });
    await waitFor(() => t.request(`/api/v1/namespaces/${NS}`), { what: 'default namespace' });
    for (const p of [podSpec('web', 'nginx:1.27', [80]), podSpec('tiny', 'redis:7-alpine'), podSpec('bare', 'gcr.io/distroless/static:nonroot')]) {
      await t.request(`/api/v1/namespaces/${NS}/pods`, { method: 'POST', body: p });
    }
    await t.request(`/apis/apps/v1/namespaces/${NS}/deployments`, {
      method: 'POST',
      body: {
        metadata: { name: 'shop', namespace: NS },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'shop' } },
          template: { metadata: { labels: { app: 'shop' } }, spec: { containers: [{ name: 'http', image: 'nginx:1.27', ports: [{ containerPort: 8080, name: 'http' }] }] } },
        },
      },
    });
    await Promise.all(['web', 'tiny', 'bare'].map(running));
  });
  after(async () => {
    await t?.close();
    await ro?.close();
    await sim?.close();
  });

  it('s: bash where the image has it, sh where it has only sh, a clear message where it has none', async () => {
    const a = term(['echo hello && hostname\r', 'exit 3\r']);
    const r = await runShell(t, { namespace: NS, pod: 'web', container: 'main' }, a.io);
    assert.equal(r.shell, 'bash');
    assert.equal(r.exitCode, 3);
    assert.match(a.out(), /hello\r?\nweb/);

    const b = term(['echo $0\r', 'exit\r']);
    const s = await runShell(t, { namespace: NS, pod: 'tiny', container: 'main' }, b.io);
    assert.equal(s.shell, 'sh', 'bash missing → sh');
    assert.equal(s.exitCode, 0);

    const c = term();
    const none = await runShell(t, { namespace: NS, pod: 'bare', container: 'main' }, c.io);
    assert.equal(none.notFound, true);
    assert.match(none.message ?? '', /no shell in container "main" \(tried bash, sh\)/);
  });

  it('resizes reach the TTY: stty size before and after', async () => {
    const x = term([], { cols: 100, rows: 30 });
    const done = runShell(t, { namespace: NS, pod: 'web', container: 'main' }, x.io);
    await waitFor(async () => (/# $/.test(x.out()) ? true : undefined), { what: 'a prompt' });
    x.type('stty size\r');
    await waitFor(async () => (/30 100/.test(x.out()) ? true : undefined), { what: 'the first size' });
    x.resize(132, 43);
    x.type('stty size\r');
    await waitFor(async () => (/43 132/.test(x.out()) ? true : undefined), { what: 'the new size' });
    x.type('exit\r');
    assert.equal((await done).exitCode, 0);
  });

  it('keys typed right after a resize reach the shell after the new size, before the resize event fires', async () => {
    const x = term([], { cols: 100, rows: 30 });
    const done = runShell(t, { namespace: NS, pod: 'web', container: 'main' }, x.io);
    await waitFor(async () => (/# $/.test(x.out()) ? true : undefined), { what: 'a prompt' });
    x.resizeUnannounced(90, 20);
    x.type('stty size\r');
    await waitFor(async () => (/^\d+ \d+\r?$/m.exec(x.out())?.[0] ?? undefined), { what: () => `a size; output: ${JSON.stringify(x.out())}` });
    assert.match(x.out(), /^20 90\r?$/m);
    // the event, when it comes, sends nothing new; a later real resize still does
    x.resize(90, 20);
    x.resize(132, 43);
    x.type('stty size\r');
    await waitFor(async () => (/43 132/.test(x.out()) ? true : undefined), { what: 'the new size' });
    x.type('exit\r');
    assert.equal((await done).exitCode, 0);
  });

  it('a command without a TTY: stdout and stderr apart, the exit code', async () => {
    const x = term();
    const r = await runExec(t, { namespace: NS, pod: 'web', container: 'main', command: ['sh', '-c', 'echo out; ls /nope; exit 2'], tty: false, stdin: false }, x.io);
    assert.equal(r.exitCode, 2);
    assert.match(x.out(), /^out\n/);
    assert.match(x.err(), /nope/);
  });

  it('errors are values: a pod that does not exist, read-only mode, a pod that is not running', async () => {
    const r = await runExec(t, { namespace: NS, pod: 'ghost', container: 'main', command: ['sh'], tty: true, stdin: true }, term().io);
    assert.equal(r.error?.reason, 'NotFound');
    const ro1 = await runExec(ro, { namespace: NS, pod: 'web', container: 'main', command: ['sh'], tty: true, stdin: true }, term().io);
    assert.match(ro1.error?.message ?? '', /read-only/);
    assert.match(String(await resolveShellTarget(t, { namespace: NS, pod: 'ghost' })), /not found/);
    await t.request(`/api/v1/namespaces/${NS}/pods`, { method: 'POST', body: podSpec('pending', 'nginx:does-not-exist') });
    assert.match(String(await resolveShellTarget(t, { namespace: NS, pod: 'pending' })), /is not running|not running/);
    const ok = await resolveShellTarget(t, { namespace: NS, pod: 'web', container: 'main' });
    assert.deepEqual(ok, { namespace: NS, pod: 'web', container: 'main', stdin: false, tty: false });
  });

  it('a: attach streams the main process until detached', async () => {
    const x = term();
    const detach = new AbortController();
    const session = await new ShellService(Promise.resolve(t)).prepare('attach', { namespace: NS, pod: 'web', container: 'main' });
    assert.ok(typeof session !== 'string', String(session));
    const done = session.run(x.io, detach.signal);
    await waitFor(async () => (x.out().length + x.err().length > 0 ? true : undefined), { what: 'attached output' });
    detach.abort();
    const o = await done;
    assert.match(o.message, /detached from web\/main/);
  });

  it('port-forward as a user who may not create pods/portforward is refused at once, with the reason', async () => {
    const load = parseKubeconfig(sim.kubeconfig(), 'sim');
    assert.equal(load.kind, 'loaded');
    const viewer = await createTransport((load as { config: LoadedKubeconfig }).config, 'kubedeck-sim-viewer');
    const pf = new PortForwards(Promise.resolve(viewer));
    try {
      const r = await pf.start({ namespace: NS, pod: 'web', container: 'main', port: 80, via: 'pod/web', localPort: 0 });
      assert.equal(r.ok, false, r.message);
      assert.match(r.message, /^cannot forward to pod\/web: forbidden: .*portforward/);
      assert.equal(pf.list().length, 0, 'nothing listening');
    } finally {
      pf.stopAll();
      await viewer.close();
    }
  });

  it('port-forward: HTTP through the tunnel; a replaced pod is re-targeted; a port nobody serves is an error', async () => {
    const shopPod = await waitFor(async () => {
      const l = await t.request<{ items: Pod[] }>(`/api/v1/namespaces/${NS}/pods`, { query: { labelSelector: 'app=shop' } });
      const p = l.items.find((i) => i.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return p;
    }, { what: 'shop pod' });
    const first = shopPod.metadata.name ?? '';
    const plan = await planForward(t, { namespace: NS, pod: first });
    assert.ok(Array.isArray(plan), String(plan));
    const choice = (plan as Exclude<typeof plan, string>)[0];
    assert.equal(choice?.spec.port, 8080);
    assert.equal(choice?.spec.selector, 'app=shop');
    const pf = new PortForwards(Promise.resolve(t));
    try {
      const started = await pf.start({ ...(choice?.spec ?? { namespace: NS, pod: first, container: 'http', port: 8080, via: '' }), localPort: 0 });
      assert.ok(started.ok, started.message);
      const url = `http://${started.key}/`;
      assert.match(await getOnce(url), new RegExp(first));

      await t.request(`/api/v1/namespaces/${NS}/pods/${first}`, { method: 'DELETE', query: { gracePeriodSeconds: 0 } });
      const second = await waitFor(async () => {
        const l = await t.request<{ items: Pod[] }>(`/api/v1/namespaces/${NS}/pods`, { query: { labelSelector: 'app=shop' } });
        const p = l.items.find((i) => i.metadata.name !== first && i.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
        const gone = !l.items.some((i) => i.metadata.name === first);
        return p && gone ? p.metadata.name : undefined;
      }, { what: 'a ready replacement' });
      assert.match(await getOnce(url), new RegExp(second ?? 'x'));
      const rows = [...pf.source(() => undefined).items()] as PortForwardRec[];
      assert.equal(rows[0]?.pod, second);
      assert.equal(rows[0]?.retargets, 1);

      const bad = await pf.start({ namespace: NS, pod: 'web', container: 'main', port: 81, via: 'pod/web', localPort: 0 });
      assert.ok(bad.ok);
      await fetch(`http://${bad.key}/`).then(
        () => assert.fail('expected the connection to fail'),
        () => undefined,
      );
      const badRow = await waitFor(async () => {
        const r = ([...pf.source(() => undefined).items()] as PortForwardRec[]).find((x) => x.name === bad.key);
        return r?.lastError ? r : undefined;
      }, { what: 'the error recorded' });
      assert.match(badRow.lastError, /81/);
      assert.equal((await pf.start({ namespace: NS, pod: 'web', container: 'main', port: 80, via: 'pod/web', localPort: Number(bad.key?.split(':')[1]) })).ok, false, 'a local port in use is refused');
    } finally {
      pf.stopAll();
    }
  });
});
