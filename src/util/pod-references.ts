// What a pod names by reference (pure): the ConfigMaps, Secrets and PersistentVolumeClaims of its volumes
// (projected sources and generic ephemeral volumes included), env and envFrom of every container, its
// image pull secrets and its ServiceAccount. `:xray` shows them under the pod, missing ones marked.
import type { Container, Pod } from './k8s.js';

type PodRefKind = 'configmaps' | 'secrets' | 'persistentvolumeclaims' | 'serviceaccounts';

export interface PodReference {
  resource: PodRefKind;
  name: string;
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Every reference, each once, in a stable order: volumes, env, pull secrets, then the ServiceAccount. */
export function podReferences(pod: Pod): PodReference[] {
  const out: PodReference[] = [];
  const seen = new Set<string>();
  const add = (resource: PodRefKind, name: string | undefined): void => {
    if (!name || seen.has(`${resource}/${name}`)) return;
    seen.add(`${resource}/${name}`);
    out.push({ resource, name });
  };
  const spec = obj(pod.spec);
  for (const raw of list(spec?.['volumes'])) {
    const v = obj(raw);
    if (!v) continue;
    add('configmaps', str(obj(v['configMap'])?.['name']));
    add('secrets', str(obj(v['secret'])?.['secretName']));
    add('persistentvolumeclaims', str(obj(v['persistentVolumeClaim'])?.['claimName']));
    // a generic ephemeral volume's claim is named <pod>-<volume>
    if (obj(v['ephemeral']) && str(v['name'])) add('persistentvolumeclaims', `${pod.metadata.name ?? ''}-${str(v['name']) ?? ''}`);
    for (const s of list(obj(v['projected'])?.['sources'])) {
      add('configmaps', str(obj(obj(s)?.['configMap'])?.['name']));
      add('secrets', str(obj(obj(s)?.['secret'])?.['name']));
    }
  }
  const containers: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  for (const c of containers) {
    for (const e of list((c as unknown as Json)['envFrom'])) {
      add('configmaps', str(obj(obj(e)?.['configMapRef'])?.['name']));
      add('secrets', str(obj(obj(e)?.['secretRef'])?.['name']));
    }
    for (const e of c.env ?? []) {
      const from = obj(e.valueFrom);
      add('configmaps', str(obj(from?.['configMapKeyRef'])?.['name']));
      add('secrets', str(obj(from?.['secretKeyRef'])?.['name']));
    }
  }
  for (const s of list(spec?.['imagePullSecrets'])) add('secrets', str(obj(s)?.['name']));
  add('serviceaccounts', str(spec?.['serviceAccountName']) ?? str(spec?.['serviceAccount']) ?? 'default');
  return out;
}
