// A helm release in the demo, stored exactly as helm v3 stores it (util/helm: Secrets of type
// helm.sh/release.v1, gzip+base64 JSON), so `:helm` has something on a first run: `podinfo` in `default`,
// installed five days ago (revision 1), upgraded two days ago (revision 2, deployed, adds a ConfigMap) and a
// failed upgrade three hours ago (revision 3 changed the Deployment's selector, which is immutable). The
// cluster holds revision 2's objects, labelled and annotated as helm leaves them.
import { dump } from 'js-yaml';
import type { KObject } from '../../util/k8s.js';
import type { ReleaseJson } from '../../util/helm/codec.js';
import { releaseRecord } from '../../util/helm/records.js';
import { goTimeJson } from '../../util/helm/summary.js';
import { CONFIGMAPS, DEPLOYMENTS, SECRETS, SERVICES } from '../resources.js';
import type { Gvr } from '../storage/index.js';
import type { SeedObject } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const RELEASE = 'podinfo';
const NS = 'default';

interface Revision {
  version: number;
  chart: string;
  replicas: number;
  message?: string;
  /** The failed upgrade's broken template: a selector label the live Deployment does not have. */
  selectorTier?: string;
  status: 'superseded' | 'deployed' | 'failed';
  description: string;
  ageMs: number;
}

const REVISIONS: Revision[] = [
  { version: 1, chart: '6.7.0', replicas: 1, status: 'superseded', description: 'Install complete', ageMs: 5 * DAY },
  { version: 2, chart: '6.7.1', replicas: 2, message: 'Hello from kubedeck', status: 'deployed', description: 'Upgrade complete', ageMs: 2 * DAY },
  {
    version: 3,
    chart: '6.8.0',
    replicas: 2,
    message: 'Hello from kubedeck',
    selectorTier: 'frontend',
    status: 'failed',
    description:
      'Upgrade "podinfo" failed: cannot patch "podinfo" with kind Deployment: Deployment.apps "podinfo" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app.kubernetes.io/instance":"podinfo", "app.kubernetes.io/name":"podinfo", "tier":"frontend"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ageMs: 3 * HOUR,
  },
];

const CHART_VALUES = {
  replicaCount: 1,
  image: { repository: 'ghcr.io/stefanprodan/podinfo', tag: '', pullPolicy: 'IfNotPresent' },
  service: { type: 'ClusterIP', port: 9898 },
  ui: { color: '#34577c', message: '' },
  resources: { requests: { cpu: '1m', memory: '16Mi' } },
};

/** The rendered chart of one revision, as objects in helm's install order (ConfigMap, Service, Deployment). */
function rendered(r: Revision): { gvr: Gvr; source: string; object: KObject }[] {
  const labels = {
    'helm.sh/chart': `podinfo-${r.chart}`,
    'app.kubernetes.io/name': 'podinfo',
    'app.kubernetes.io/instance': RELEASE,
    'app.kubernetes.io/version': r.chart,
    'app.kubernetes.io/managed-by': 'Helm',
  };
  const selector = { 'app.kubernetes.io/name': 'podinfo', 'app.kubernetes.io/instance': RELEASE, ...(r.selectorTier ? { tier: r.selectorTier } : {}) };
  const out: { gvr: Gvr; source: string; object: KObject }[] = [];
  if (r.message) {
    out.push({
      gvr: CONFIGMAPS,
      source: 'podinfo/templates/configmap.yaml',
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'podinfo-ui', labels }, data: { PODINFO_UI_MESSAGE: r.message } } as KObject,
    });
  }
  out.push({
    gvr: SERVICES,
    source: 'podinfo/templates/service.yaml',
    object: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'podinfo', labels },
      spec: { type: 'ClusterIP', ports: [{ port: 9898, targetPort: 9898, protocol: 'TCP', name: 'http' }], selector },
    },
  });
  const container = {
    name: 'podinfo',
    image: `ghcr.io/stefanprodan/podinfo:${r.chart}`,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: 9898, protocol: 'TCP' }],
    ...(r.message ? { envFrom: [{ configMapRef: { name: 'podinfo-ui' } }] } : {}),
    resources: { requests: { cpu: '1m', memory: '16Mi' } },
  };
  out.push({
    gvr: DEPLOYMENTS,
    source: 'podinfo/templates/deployment.yaml',
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'podinfo', labels },
      spec: { replicas: r.replicas, selector: { matchLabels: selector }, template: { metadata: { labels: { ...selector } }, spec: { containers: [container] } } },
    },
  });
  return out;
}

/** helm's manifest text: each document after `---` and a `# Source:` comment. */
const manifestOf = (r: Revision): string => rendered(r).map((o) => `---\n# Source: ${o.source}\n${dump(o.object, { lineWidth: -1 })}`).join('\n');

function release(r: Revision, now: number): ReleaseJson {
  const first = REVISIONS[0] as Revision;
  const user: Record<string, unknown> = { replicaCount: r.replicas, ...(r.message ? { ui: { message: r.message } } : {}), ...(r.selectorTier ? { podLabels: { tier: r.selectorTier } } : {}) };
  return {
    name: RELEASE,
    info: {
      first_deployed: goTimeJson(now - first.ageMs),
      last_deployed: goTimeJson(now - r.ageMs),
      deleted: '',
      description: r.description,
      status: r.status,
      notes: `1. Get the application URL by running these commands:\n  echo "Visit http://127.0.0.1:8080 to use your application"\n  kubectl -n ${NS} port-forward deploy/podinfo 8080:9898\n`,
    },
    chart: {
      metadata: { name: 'podinfo', home: 'https://github.com/stefanprodan/podinfo', version: r.chart, description: 'Podinfo Helm chart for Kubernetes', apiVersion: 'v2', appVersion: r.chart, kubeVersion: '>=1.23.0-0', type: 'application' },
      lock: null,
      templates: [],
      values: CHART_VALUES,
      schema: null,
      files: [],
    },
    config: user,
    manifest: manifestOf(r),
    version: r.version,
    namespace: NS,
  };
}

/** The release's records (three revisions) and revision 2's objects, as helm left them. */
export function helmObjects(): SeedObject[] {
  const deployed = REVISIONS.find((r) => r.status === 'deployed') as Revision;
  const records: SeedObject[] = REVISIONS.map((r) => ({
    gvr: SECRETS,
    object: { metadata: { name: `sh.helm.release.v1.${RELEASE}.v${r.version}`, namespace: NS } },
    ageMs: r.ageMs,
    render: (now: number) => releaseRecord('secret', release(r, now), { stamp: { label: 'modifiedAt', unixSeconds: Math.floor((now - r.ageMs) / 1000) } }),
  }));
  const objects: SeedObject[] = rendered(deployed).map((o) => ({
    gvr: o.gvr,
    object: {
      ...o.object,
      metadata: { ...o.object.metadata, namespace: NS, annotations: { 'meta.helm.sh/release-name': RELEASE, 'meta.helm.sh/release-namespace': NS } },
    },
    ageMs: deployed.ageMs,
  }));
  return [...records, ...objects];
}
