// Worker-thread entry (bundled to dist/sim-worker.js): starts the simulated cluster from `workerData`,
// posts {type:'ready', url, token, viewerToken, kubeconfig} or {type:'error', message}, and closes
// cleanly on {type:'close'} (then posts {type:'closed'} and lets the thread end).

import { parentPort, workerData } from 'node:worker_threads';
import { startSim } from './index.js';
import type { SimHandle, SimOptions } from './index.js';
import { parseFaultSpec } from './faults/spec.js';

function options(data: unknown): SimOptions {
  const d = (data ?? {}) as Record<string, unknown>;
  const o: SimOptions = {};
  if (typeof d['port'] === 'number') o.port = d['port'];
  if (typeof d['address'] === 'string') o.address = d['address'];
  if (typeof d['scenario'] === 'string') o.scenario = d['scenario'];
  if (typeof d['seed'] === 'number') o.seed = d['seed'];
  if (typeof d['bookmarkIntervalMs'] === 'number') o.bookmarkIntervalMs = d['bookmarkIntervalMs'];
  if (typeof d['faults'] === 'string') {
    const plan = parseFaultSpec(d['faults']);
    if (!plan.ok) throw new Error(`faults: ${plan.error}`);
    o.faults = plan.value;
  }
  const pods = typeof d['pods'] === 'number' ? d['pods'] : undefined;
  const nodes = typeof d['nodes'] === 'number' ? d['nodes'] : undefined;
  if (pods !== undefined || nodes !== undefined)
    o.size = { ...(pods !== undefined ? { pods } : {}), ...(nodes !== undefined ? { nodes } : {}) };
  return o;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  let sim: SimHandle | undefined;
  let closing = false;
  port.on('message', (m: unknown) => {
    if ((m as { type?: unknown } | null)?.type !== 'close' || closing) return;
    closing = true;
    void (sim ? sim.close() : Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        port.postMessage({ type: 'closed' });
        port.close();
      });
  });
  try {
    sim = await startSim(options(workerData));
    if (closing) {
      await sim.close();
      return;
    }
    port.postMessage({
      type: 'ready',
      url: sim.url,
      token: sim.token,
      viewerToken: sim.viewerToken,
      kubeconfig: sim.kubeconfig(),
    });
  } catch (e) {
    port.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    port.close();
  }
}

void main();
