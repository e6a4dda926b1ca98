import { existsSync } from 'node:fs';
import { getAsset, isSea } from 'node:sea';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface EmbeddedSim {
  url: string;
  kubeconfig: string;
  close(): Promise<void>;
}

type ReadyMessage = { type: 'ready'; url: string; token: string; viewerToken: string; kubeconfig: string };
type ErrorMessage = { type: 'error'; message: string };

/**
 * The worker's script: the file dist/sim-worker.js beside the bundle; inside the single executable (see
 * scripts/build-binary.mjs) the code of its asset sim-worker.cjs, which loads the embedded bundle.
 */
function workerScript(): { source: string; eval: boolean } | undefined {
  if (isSea()) return { source: getAsset('sim-worker.cjs', 'utf8'), eval: true };
  for (const rel of ['./sim-worker.js', '../sim-worker.js']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return { source: p, eval: false };
  }
  return undefined;
}

/**
 * Starts the simulated cluster for `kubedeck --sim` in a worker thread, so its controllers never stall
 * the UI's event loop. kubedeck then talks to it over HTTPS like to any cluster. When running from
 * source (no bundled worker), it runs in-process instead.
 */
export async function startEmbeddedSim(opts: { scenario?: string; seed?: number } = {}): Promise<EmbeddedSim> {
  const script = workerScript();
  if (!script) {
    const { startSim } = await import('../sim/index.js');
    const sim = await startSim({ port: 0, address: '127.0.0.1', scenario: opts.scenario ?? 'demo', seed: opts.seed ?? 1 });
    return { url: sim.url, kubeconfig: sim.kubeconfig(), close: () => sim.close() };
  }
  const worker = new Worker(script.source, {
    eval: script.eval,
    workerData: { port: 0, address: '127.0.0.1', scenario: opts.scenario ?? 'demo', seed: opts.seed ?? 1 },
    stdout: true,
    stderr: true,
  });
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    worker.once('message', (m: ReadyMessage | ErrorMessage) =>
      m.type === 'ready' ? resolve(m) : reject(new Error(`simulated cluster failed to start: ${m.message}`)),
    );
    worker.once('error', (e) => reject(new Error(`simulated cluster failed to start: ${e.message}`)));
    worker.once('exit', (code) => reject(new Error(`simulated cluster exited with code ${code}`)));
  });
  let closed: Promise<void> | undefined;
  return {
    url: ready.url,
    kubeconfig: ready.kubeconfig,
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        const t = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
        worker.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        worker.postMessage({ type: 'close' });
      })),
  };
}
