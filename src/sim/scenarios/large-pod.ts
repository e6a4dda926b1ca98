// Pod templates of the `large` scenario shaped like a real cluster's (a Helm-installed service, a
// database, a batch worker, a node agent): the recommended labels, scrape and checksum annotations, env
// with downward-API refs, a port, a readiness probe, volume mounts (config, the service-account token
// volume as the ServiceAccount admission plugin projects it) and the DefaultTolerationSeconds
// tolerations. With the server's defaults, the kubelet's status and managedFields such a pod is about
// 7 KB of JSON (real ones are 4-15 KB).

import type { Container, KObject } from '../../util/k8s.js';

type Labels = Record<string, string>;

/** Stable hex of `n` characters from a number (a checksum annotation, a token volume suffix). */
function hex(seed: number, n: number): string {
  let h = (seed * 2654435761) >>> 0;
  let s = '';
  while (s.length < n) {
    h = (Math.imul(h ^ (h >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    s += h.toString(16).padStart(8, '0');
  }
  return s.slice(0, n);
}

const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';
const suffix = (seed: number): string =>
  Array.from({ length: 5 }, (_, k) => ALNUM[(seed * 31 + k * 7919) % ALNUM.length] ?? 'x').join('');

export interface PodShape {
  /** The workload's name (also app.kubernetes.io/name). */
  app: string;
  /** A number that varies the details (image tag, env values, checksum). */
  seed: number;
  image: string;
  /** The namespace's ConfigMap mounted at /etc/<app>. */
  configMap: string;
  component: 'server' | 'database' | 'worker' | 'agent';
  command?: string[];
}

const downward = (name: string, path: string): { name: string; valueFrom: unknown } => ({
  name,
  valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: path } },
});

const httpProbe = (path: string, port: string, delay: number, period: number) => ({
  httpGet: { path, port, scheme: 'HTTP' },
  initialDelaySeconds: delay,
  periodSeconds: period,
});

function mainContainer(s: PodShape): Container {
  const probes =
    s.component === 'worker'
      ? {}
      : {
          readinessProbe: httpProbe('/readyz', 'http', 1, 5),
        };
  const c = {
    name: s.component === 'agent' ? 'node-exporter' : s.component === 'database' ? 'db' : 'app',
    image: s.image,
    ...(s.command
      ? { command: s.command }
      : { args: [`--config=/etc/${s.app}/config.yaml`, '--log-format=json', `--log-level=${s.seed % 5 ? 'info' : 'debug'}`] }),
    ports: [
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
    ],
    env: [
      downward('POD_NAME', 'metadata.name'),
      downward('POD_NAMESPACE', 'metadata.namespace'),
      downward('NODE_NAME', 'spec.nodeName'),
      { name: 'OTEL_SERVICE_NAME', value: s.app },
    ],
    resources: {
      requests: { cpu: '5m', memory: '16Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    },
    ...probes,
    volumeMounts: [
      { name: 'config', mountPath: `/etc/${s.app}`, readOnly: true },
    ],
  };
  return c as Container;
}

/** The pod template (metadata and spec) of a workload of the large scenario. */
export function realisticTemplate(s: PodShape, selector: Labels, extra: Record<string, unknown> = {}): KObject {
  const labels: Labels = {
    ...selector,
    'app.kubernetes.io/name': s.app,
    'app.kubernetes.io/version': `1.${s.seed % 7}.${s.seed % 13}`,
    'app.kubernetes.io/component': s.component,
    'app.kubernetes.io/managed-by': 'Helm',
    'helm.sh/chart': `${s.app.replace(/-\d+$/, '')}-4.${s.seed % 11}.0`,
  };
  const tokenVolume = {
    name: `kube-api-access-${suffix(s.seed)}`,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    },
  };
  const main = mainContainer(s);
  (main.volumeMounts ??= []).push({
    name: tokenVolume.name,
    mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
    readOnly: true,
  });
  return {
    metadata: {
      labels,
      annotations: {
        'prometheus.io/scrape': 'true',
        'checksum/config': hex(s.seed, 64),
        'kubectl.kubernetes.io/default-container': main.name,
      },
    },
    spec: {
      containers: [main],
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
      volumes: [
        { name: 'config', configMap: { name: s.configMap, defaultMode: 420 } },
        tokenVolume,
      ],
      ...extra,
    },
  } as KObject;
}
