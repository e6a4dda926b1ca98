// The demo's custom resources: one CRD (Backup, with printer columns and a wide one) and a few objects,
// so `:crd`, `:backups` and `kubectl get backups -A` show what generic views do on a first run.
import { CUSTOMRESOURCEDEFINITIONS } from '../resources.js';
import type { SeedObject } from './types.js';

const DAY = 24 * 3_600_000;
const BACKUPS = { group: 'ops.kubedeck.dev', version: 'v1', resource: 'backups' };

const backup = (ns: string, name: string, schedule: string, target: string, status: string, lastRun: string, ageMs: number): SeedObject => ({
  gvr: BACKUPS,
  object: {
    apiVersion: 'ops.kubedeck.dev/v1',
    kind: 'Backup',
    metadata: { name, namespace: ns, labels: { app: target } },
    spec: { schedule, target, retentionDays: 14, storage: `s3://kubedeck-demo-backups/${ns}/${target}` },
    status: { lastStatus: status, lastRun },
  } as never,
  ageMs,
});

export function crdObjects(): SeedObject[] {
  return [
    {
      gvr: CUSTOMRESOURCEDEFINITIONS,
      object: {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'backups.ops.kubedeck.dev' },
        spec: {
          group: 'ops.kubedeck.dev',
          scope: 'Namespaced',
          names: { plural: 'backups', singular: 'backup', kind: 'Backup', listKind: 'BackupList', shortNames: ['bk'] },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
              additionalPrinterColumns: [
                { name: 'Schedule', type: 'string', jsonPath: '.spec.schedule' },
                { name: 'Target', type: 'string', jsonPath: '.spec.target' },
                { name: 'Last Status', type: 'string', jsonPath: '.status.lastStatus' },
                { name: 'Storage', type: 'string', jsonPath: '.spec.storage', priority: 1 },
                { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
              ],
            },
          ],
        },
      } as never,
      ageMs: 20 * DAY,
    },
    backup('data', 'postgres-nightly', '0 2 * * *', 'postgres', 'Succeeded', '2026-01-01T02:00:00Z', 12 * DAY),
    backup('data', 'kafka-hourly', '0 * * * *', 'kafka', 'Failed', '2026-01-01T09:00:00Z', 5 * DAY),
    backup('shop', 'redis-snapshot', '*/30 * * * *', 'redis', 'Succeeded', '2026-01-01T09:30:00Z', 3 * DAY),
  ];
}
