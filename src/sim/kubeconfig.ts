// The kubeconfig that points kubectl and @kubernetes/client-node at the simulated cluster.

import { dump } from 'js-yaml';

export interface KubeconfigOptions {
  url: string;
  token: string;
  viewerToken: string;
  namespace?: string;
}

const SIM_CLUSTER = 'kubedeck-sim';
const SIM_CONTEXT = 'kubedeck-sim';
const SIM_VIEWER_CONTEXT = 'kubedeck-sim-viewer';

export function kubeconfigYaml(o: KubeconfigOptions): string {
  const namespace = o.namespace ?? 'default';
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: SIM_CLUSTER, cluster: { server: o.url, 'insecure-skip-tls-verify': true } }],
    users: [
      { name: 'sim-admin', user: { token: o.token } },
      { name: 'sim-viewer', user: { token: o.viewerToken } },
    ],
    contexts: [
      { name: SIM_CONTEXT, context: { cluster: SIM_CLUSTER, user: 'sim-admin', namespace } },
      { name: SIM_VIEWER_CONTEXT, context: { cluster: SIM_CLUSTER, user: 'sim-viewer', namespace } },
    ],
    'current-context': SIM_CONTEXT,
  };
  return dump(doc, { noRefs: true, lineWidth: -1 });
}
