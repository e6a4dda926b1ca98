import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../src/cli/args.js';

test('no flags: the TUI on the current context', () => {
  assert.deepEqual(parseArgs([]), { mode: 'tui', allNamespaces: false, readonly: false, sim: false });
});

test('every TUI flag, in both spellings', () => {
  assert.deepEqual(
    parseArgs(['--kubeconfig', '/k', '--context=prod', '-n', 'shop', '-c', 'deploy', '--readonly', '--sim', '--log-file', 'x.log']),
    { mode: 'tui', kubeconfig: '/k', context: 'prod', namespace: 'shop', command: 'deploy', readonly: true, sim: true, allNamespaces: false, logFile: 'x.log' },
  );
  assert.equal((parseArgs(['-A']) as { allNamespaces: boolean }).allNamespaces, true);
  assert.equal((parseArgs(['--all-namespaces']) as { allNamespaces: boolean }).allNamespaces, true);
  assert.equal((parseArgs(['--namespace=kube-system']) as { namespace: string }).namespace, 'kube-system');
});

test('--version and --help', () => {
  assert.deepEqual(parseArgs(['--version']), { mode: 'version' });
  assert.deepEqual(parseArgs(['--help']), { mode: 'help', topic: 'tui' });
  assert.deepEqual(parseArgs(['sim', '--help']), { mode: 'help', topic: 'sim' });
});

test('unknown flags and missing values are errors', () => {
  assert.deepEqual(parseArgs(['--frobnicate']), { mode: 'error', message: 'unknown flag "--frobnicate"' });
  assert.equal(parseArgs(['--context']).mode, 'error');
  assert.equal(parseArgs(['-n', '--readonly']).mode, 'error');
  assert.equal(parseArgs(['stray']).mode, 'error');
  assert.equal(parseArgs(['-n', 'a', '-A']).mode, 'error');
  assert.equal(parseArgs(['--readonly=yes']).mode, 'error');
});

test('sim subcommand defaults and flags', () => {
  assert.deepEqual(parseArgs(['sim']), { mode: 'sim', port: 0, address: '127.0.0.1', scenario: 'demo', seed: 1 });
  assert.deepEqual(parseArgs(['sim', '--port', '8443', '--address', '0.0.0.0', '--kubeconfig-out', '/tmp/k', '--scenario', 'empty', '--seed', '7']), {
    mode: 'sim',
    port: 8443,
    address: '0.0.0.0',
    kubeconfigOut: '/tmp/k',
    scenario: 'empty',
    seed: 7,
  });
  assert.equal(parseArgs(['sim', '--port', '70000']).mode, 'error');
  assert.equal(parseArgs(['sim', '--sim']).mode, 'error');
});

test('sim --faults SPEC is parsed into a plan; a bad SPEC is one clear error', () => {
  const r = parseArgs(['sim', '--faults', 'error=0.05,latency=200ms,drop-watch=30s,kill-node=kubedeck-worker@1m']);
  assert.equal(r.mode, 'sim');
  assert.deepEqual(r.mode === 'sim' ? r.faults : undefined, {
    settings: { errorRate: 0.05, latencyMs: 200, dropWatchEveryMs: 30_000 },
    actions: [{ afterMs: 60_000, action: { kind: 'kill-node', node: 'kubedeck-worker' } }],
  });
  assert.deepEqual(parseArgs(['sim', '--faults=explode']), {
    mode: 'error',
    message:
      '--faults: unknown fault "explode" (known: error, latency, jitter, drop-watch, compact, kill-node, restore-node, crash, pause-controllers, resume-controllers)',
  });
  assert.deepEqual(parseArgs(['sim', '--faults', 'error=3']), {
    mode: 'error',
    message: '--faults: error rate must be 0-1 or 0-100%, got "3"',
  });
});

test('sim --pods/--nodes size the large scenario and need it', () => {
  assert.deepEqual(parseArgs(['sim', '--scenario', 'large', '--pods', '2000', '--nodes', '20']), {
    mode: 'sim',
    port: 0,
    address: '127.0.0.1',
    scenario: 'large',
    seed: 1,
    pods: 2000,
    nodes: 20,
  });
  assert.deepEqual(parseArgs(['sim', '--pods', '10']), { mode: 'error', message: '--pods needs --scenario large' });
  assert.equal(parseArgs(['sim', '--scenario', 'large', '--nodes', '1']).mode, 'error');
  assert.equal(parseArgs(['sim', '--scenario', 'large', '--nodes', '1000']).mode, 'sim', 'up to 1,000 nodes (issue 10)');
  assert.equal(parseArgs(['sim', '--scenario', 'large', '--nodes', '1001']).mode, 'error');
  assert.equal(parseArgs(['sim', '--scenario', 'large', '--pods', 'many']).mode, 'error');
});
