// kubectl's printConfigMap, printSecret and printServiceAccount, over the raw objects.
import type { ConfigMap, Secret, ServiceAccount } from '../k8s-more.js';

const count = (m: Record<string, unknown> | undefined | null): number => (m ? Object.keys(m).length : 0);

/** DATA: number of keys in data plus binaryData. */
export function configMapCells(cm: ConfigMap): { data: number } {
  return { data: count(cm.data) + count(cm.binaryData) };
}

/** TYPE (the server defaults it to Opaque) and DATA, the number of keys. Values are never read. */
export function secretCells(s: Secret): { type: string; data: number } {
  return { type: s.type ?? 'Opaque', data: count(s.data) };
}

/** SECRETS: the number of secret references. */
export function serviceAccountCells(sa: ServiceAccount): { secrets: number } {
  return { secrets: sa.secrets?.length ?? 0 };
}
