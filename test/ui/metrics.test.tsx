import '../helpers/force-color.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { App } from '../../src/ui/App.js';
import { AppStore } from '../../src/store/app-store.js';
import { METRICS_EVERY_MS, MetricsOverlay } from '../../src/store/metrics/metrics.js';
import type { MetricsFetch, UsageMap } from '../../src/store/metrics/metrics.js';
import { createKeymap } from '../../src/keys/commands.js';
import { monochromeTheme } from '../../src/ui/theme/theme.js';
import { resolveResource } from '../../src/resources/registry.js';
import type { ResourceDef } from '../../src/resources/types.js';
import type { Pod } from '../../src/util/k8s.js';
import type { Node } from '../../src/util/k8s-more.js';
import { fakeSources } from '../helpers/fake-source.js';
import { testServices } from '../helpers/services.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { KEY, plain, press, renderSized, waitFrame } from '../helpers/ink.js';
import { ResourceTable } from '../../src/ui/components/ResourceTable.js';

// The metrics overlay in the pods and nodes views: k9s's CPU, MEM, %CPU/R, %MEM/R (pods) and CPU, MEM,
// %CPU, %MEM (nodes) appended to kubectl's columns; without the metrics API the table is kubectl's.

const info = {
  context: 'kind-dev',
  server: 'https://127.0.0.1:6443',
  user: 'admin',
  simulated: false,
  readonly: false,
  version: '0.1.0',
};
const pods = resolveResource('pods') as ResourceDef;
const nodes = resolveResource('nodes') as ResourceDef;
const MI = 2 ** 20;

function pod(
  ns: string,
  name: string,
  requests?: { cpu: string; memory: string },
  phase: 'Running' | 'Pending' = 'Running',
): Pod {
  return {
    metadata: {
      name,
      namespace: ns,
      uid: `${ns}-${name}`,
      resourceVersion: '1',
      creationTimestamp: new Date(Date.now() - 65_000).toISOString(),
    },
    spec: { containers: [{ name: 'app', image: 'nginx', ...(requests ? { resources: { requests } } : {}) }] },
    status:
      phase === 'Running'
        ? {
            phase,
            conditions: [{ type: 'Ready', status: 'True' }],
            containerStatuses: [
              {
                name: 'app',
                ready: true,
                restartCount: 0,
                state: { running: { startedAt: '2026-01-01T00:00:00Z' } },
              },
            ],
          }
        : { phase },
  };
}

function node(name: string, cpu: string, memory: string): Node {
  return {
    metadata: {
      name,
      uid: name,
      resourceVersion: '1',
      creationTimestamp: new Date(Date.now() - 86_400_000).toISOString(),
    },
    status: {
      conditions: [{ type: 'Ready', status: 'True' }],
      allocatable: { cpu, memory, pods: '110' },
      nodeInfo: { kubeletVersion: 'v1.32.0' },
    },
  };
}

const usage = (entries: [string, number, number][]): UsageMap =>
  new Map(entries.map(([k, cpuMilli, memBytes]) => [k, { cpuMilli, memBytes }]));

function setup(fetch: MetricsFetch | undefined, initial: ResourceDef = pods) {
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: initial, namespace: undefined } });
  const calls: string[] = [];
  const metrics = fetch
    ? new MetricsOverlay({
        store,
        fetch: (scope, signal) => {
          calls.push(scope.kind);
          return fetch(scope, signal);
        },
      })
    : undefined;
  const r = renderSized(
    <App
      store={store}
      info={info}
      keymap={createKeymap()}
      theme={monochromeTheme}
      services={testServices(metrics ? { metrics } : {})}
    />,
    120,
    20,
  );
  const close = () => {
    r.unmount();
    metrics?.stop();
    store.dispose();
  };
  return { f, store, r, calls, metrics, close };
}

/** The table under the title bar (the header above it has its own cluster CPU/MEM line). */
const table = (frame: string): string => frame.slice(frame.indexOf('─'));

const headerLine = (frame: string): string[] => {
  const line =
    frame.split('\n').find((l) => /^\s*NAMESPACE\s+NAME\s/.test(l) || /^\s*NAME\s+STATUS\s/.test(l)) ?? '';
  return line.trim().split(/\s+/);
};

test('pods: CPU, MEM, %CPU/R and %MEM/R from the overlay; n/a without requests or usage', async () => {
  const h = setup(async (scope) =>
    scope.kind === 'pods'
      ? usage([
          ['shop/web-1', 25, 48 * MI],
          ['shop/batch-1', 310, 700 * MI + 5],
        ])
      : undefined,
  );
  try {
    h.f
      .last()
      .put(
        pods.project(pod('shop', 'web-1', { cpu: '100m', memory: '64Mi' })),
        pods.project(pod('shop', 'batch-1')),
        pods.project(pod('shop', 'new-1', { cpu: '1', memory: '1Gi' }, 'Pending')),
      );
    const frame = await waitFrame(h.r, (s) => s.includes('%MEM/R') && s.includes('web-1'));
    assert.deepEqual(headerLine(frame), [
      'NAMESPACE',
      'NAME',
      'READY',
      'STATUS',
      'RESTARTS',
      'AGE',
      'CPU',
      'MEM',
      '%CPU/R',
      '%MEM/R',
    ]);
    assert.match(frame, /shop\s+web-1\s+1\/1\s+Running\s+0\s+\d+s\s+25\s+48\s+25\s+75\b/);
    assert.match(frame, /shop\s+batch-1\s+1\/1\s+Running\s+0\s+\d+s\s+310\s+700\s+n\/a\s+n\/a\b/);
    assert.match(frame, /shop\s+new-1\s+0\/1\s+Pending\s+0\s+\d+s\s+n\/a\s+n\/a\s+n\/a\s+n\/a\b/);
    assert.deepEqual(h.calls, ['pods']);
  } finally {
    h.close();
  }
});

test('nodes: CPU, MEM, %CPU and %MEM over allocatable; leaving for deployments drops the columns', async () => {
  const h = setup(
    async (scope) => (scope.kind === 'nodes' ? usage([['worker-1', 975, 3 * 1024 * MI]]) : usage([])),
    nodes,
  );
  try {
    h.f.last().put(nodes.project(node('worker-1', '3900m', '8Gi')));
    const frame = await waitFrame(h.r, (s) => s.includes('%MEM') && s.includes('worker-1'));
    assert.deepEqual(headerLine(frame), [
      'NAME',
      'STATUS',
      'ROLES',
      'AGE',
      'VERSION',
      'CPU',
      'MEM',
      '%CPU',
      '%MEM',
    ]);
    assert.match(frame, /worker-1\s+Ready\s+<none>\s+\d+[hd]\s+v1\.32\.0\s+975\s+3072\s+25\s+37\b/);
    await press(h.r, ':', 'd', 'e', 'p', 'l', 'o', 'y', KEY.enter);
    const dep = await waitFrame(h.r, (s) => s.includes('deployments(all)'));
    assert.doesNotMatch(table(dep), /%CPU|\bMEM\b/);
    assert.equal(h.metrics?.active, false);
    assert.deepEqual(h.calls, ['nodes']);
  } finally {
    h.close();
  }
});

test('no metrics API: the pods table is exactly kubectl’s (same header, same cells)', async () => {
  const h = setup(async () => undefined);
  try {
    h.f.last().put(pods.project(pod('shop', 'web-1', { cpu: '100m', memory: '64Mi' })));
    const frame = await waitFrame(h.r, (s) => s.includes('web-1') && h.metrics?.state === 'absent');
    assert.deepEqual(headerLine(frame), ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    assert.match(frame, /shop\s+web-1\s+1\/1\s+Running\s+0\s+\d+s\s*$/m);
    assert.doesNotMatch(table(frame), /n\/a|CPU|MEM/);
  } finally {
    h.close();
  }
});

test('no overlay at all (not connected): kubectl’s header', async () => {
  const h = setup(undefined);
  try {
    h.f.last().put(pods.project(pod('shop', 'web-1')));
    const frame = await waitFrame(h.r, (s) => s.includes('web-1'));
    assert.deepEqual(headerLine(frame), ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
  } finally {
    h.close();
  }
});

test('the extra cells are made for the visible rows only (1,000 pods, a 10-line table)', () => {
  const rows = Array.from({ length: 1000 }, (_, i) =>
    pods.project(pod('shop', `web-${String(i).padStart(4, '0')}`)),
  );
  const asked = new Set<string>();
  const extra = {
    columns: [{ name: 'CPU', align: 'right' as const }],
    cells: (rec: { key: string }) => {
      asked.add(rec.key);
      return ['7'];
    },
  };
  const r = renderSized(
    <ResourceTable
      resource={pods}
      rows={rows}
      allNamespaces={false}
      selected={500}
      top={495}
      height={10}
      width={120}
      wide={false}
      now={Date.now()}
      theme={monochromeTheme}
      extra={extra}
    />,
    120,
    12,
  );
  try {
    assert.deepEqual(
      [...asked].sort(),
      rows.slice(495, 504).map((x) => x.key),
    );
    assert.match(plain(r.lastFrame() ?? ''), /web-0495\s+1\/1\s+Running\s+0\s+\d+s\s+7/);
  } finally {
    r.unmount();
  }
});

test('a narrow terminal keeps NAME whole and shows only the metrics columns that fit', () => {
  const rows = [pods.project(pod('kube-system', 'kube-controller-manager-kubedeck-control-plane', { cpu: '200m', memory: '128Mi' }))];
  const extra = {
    columns: [
      { name: 'CPU', align: 'right' as const },
      { name: 'MEM', align: 'right' as const },
      { name: '%CPU/R', align: 'right' as const },
      { name: '%MEM/R', align: 'right' as const },
    ],
    cells: () => ['307', '19', '153', '14'],
  };
  const table = (width: number) =>
    renderSized(
      <ResourceTable resource={pods} rows={rows} allNamespaces selected={0} top={0} height={5} width={width} wide={false} now={Date.now()} theme={monochromeTheme} extra={extra} />,
      width,
      6,
    );
  const wide = table(160);
  const narrow = table(110);
  const tiny = table(80);
  try {
    assert.match(plain(wide.lastFrame() ?? ''), /CPU\s+MEM\s+%CPU\/R\s+%MEM\/R/);
    const n = plain(narrow.lastFrame() ?? '');
    assert.match(n, /kube-controller-manager-kubedeck-control-plane/, 'NAME whole');
    assert.match(n, /AGE\s+CPU\s+MEM\s*$/m, 'CPU and MEM still fit');
    assert.doesNotMatch(n, /%CPU\/R/);
    const t = plain(tiny.lastFrame() ?? '');
    // kubectl's own columns need more than 80 here: no room at all for metrics
    assert.doesNotMatch(t, /CPU/);
  } finally {
    wide.unmount();
    narrow.unmount();
    tiny.unmount();
  }
});

test('Shift-C / Shift-M sort pods by CPU / memory, busiest first, and re-sort when a poll lands; > reaches CPU and MEM', async () => {
  const clock = new FakeClock();
  let round = 0;
  const f = fakeSources();
  const store = new AppStore({ sources: f.factory, initial: { resource: pods, namespace: undefined } });
  const metrics = new MetricsOverlay({
    store,
    clock,
    fetch: async () =>
      round === 0
        ? usage([['shop/a', 10, 900 * MI], ['shop/b', 500, 10 * MI], ['shop/c', 200, 50 * MI]])
        : usage([['shop/a', 900, 900 * MI], ['shop/b', 5, 10 * MI], ['shop/c', 200, 50 * MI]]),
  });
  store.setUsage(metrics);
  const r = renderSized(<App store={store} info={info} keymap={createKeymap()} theme={monochromeTheme} services={testServices({ metrics })} />, 120, 20);
  const order = (frame: string) =>
    ['a', 'b', 'c']
      .map((n) => ({ n, at: frame.search(new RegExp(`shop\\s+${n}\\s`)) }))
      .sort((x, y) => x.at - y.at)
      .map((x) => x.n)
      .join('');
  try {
    f.last().put(...['a', 'b', 'c'].map((n) => pods.project(pod('shop', n, { cpu: '100m', memory: '64Mi' }))));
    await waitFrame(r, (s) => s.includes('pods(all)[3]') && /CPU/.test(s) && /\b500\b/.test(s));
    await press(r, 'C');
    let frame = await waitFrame(r, (s) => /CPU↓/.test(s));
    assert.equal(order(table(frame)), 'bca');
    round = 1;
    clock.advance(METRICS_EVERY_MS);
    frame = await waitFrame(r, (s) => order(table(s)) === 'acb');
    await press(r, 'M');
    frame = await waitFrame(r, (s) => /MEM↓/.test(s));
    assert.equal(order(table(frame)), 'acb');
    await press(r, 'M');
    frame = await waitFrame(r, (s) => /MEM↑/.test(s));
    assert.equal(order(table(frame)), 'bca');
    // > from the last of kubectl's columns (AGE) goes on to CPU, then MEM
    await press(r, 'A');
    await waitFrame(r, (s) => /AGE↓/.test(s));
    await press(r, '>');
    frame = await waitFrame(r, (s) => /CPU↑/.test(s));
    assert.equal(order(table(frame)), 'bca');
    await press(r, '>');
    await waitFrame(r, (s) => /MEM↑/.test(s));
  } finally {
    r.unmount();
    metrics.stop();
    store.dispose();
  }
});
