// The exec world's view of the cluster's storage: ConfigMap and Secret data, the namespace's Services.

import type { KObject } from '../../util/k8s.js';
import { CONFIGMAPS, SECRETS, SERVICES } from '../resources.js';
import type { Storage } from '../storage/index.js';
import type { Lookup, ServiceInfo } from './world.js';

type Data = KObject & { data?: Record<string, string>; stringData?: Record<string, string> };
type Svc = KObject & { spec?: { clusterIP?: string; ports?: ServiceInfo['ports'] } };

export function storageLookup(storage: Pick<Storage, 'get' | 'list'>, namespace: string): Lookup {
  return {
    data(kind, name) {
      const o = storage.get(kind === 'configmaps' ? CONFIGMAPS : SECRETS, namespace, name) as
        Data | undefined;
      if (!o) return undefined;
      if (kind === 'configmaps') return { ...o.data };
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(o.data ?? {})) out[k] = Buffer.from(v, 'base64').toString('utf8');
      return out;
    },
    services() {
      return (storage.list(SERVICES, namespace).items as Svc[]).map((s) => ({
        name: s.metadata.name ?? '',
        clusterIP: s.spec?.clusterIP ?? '',
        ports: s.spec?.ports ?? [],
      }));
    },
  };
}
