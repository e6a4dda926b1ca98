// Shared set-up for action tests against the real simulated cluster (HTTPS, its controllers).
import { parseKubeconfig } from '../../../src/kube/kubeconfig.js';
import type { LoadedKubeconfig } from '../../../src/kube/kubeconfig.js';
import { createTransport } from '../../../src/kube/transport.js';
import type { Transport } from '../../../src/kube/transport.js';
import { PODS, startSim } from '../../../src/sim/index.js';
import type { SimHandle } from '../../../src/sim/index.js';
import type { KObject } from '../../../src/util/k8s.js';

export async function simWithTransport(seed: number, readOnly = false): Promise<{ sim: SimHandle; t: Transport }> {
  const sim = await startSim({ scenario: 'demo', seed });
  const load = parseKubeconfig(sim.kubeconfig(), 'sim');
  if (load.kind !== 'loaded') throw new Error('sim kubeconfig did not load');
  const t = await createTransport((load as { config: LoadedKubeconfig }).config, 'kubedeck-sim', { readOnly });
  return { sim, t };
}

/** Live (not terminating) pods in `ns` with label app=`app`. */
export function livePods(sim: SimHandle, ns: string, app: string): KObject[] {
  return sim.storage.list(PODS, ns).items.filter((p) => p.metadata.labels?.['app'] === app && !p.metadata.deletionTimestamp);
}
