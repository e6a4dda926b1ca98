// The demo's less happy corners, so every status a newcomer meets is on screen: a staging namespace with an
// image that does not exist, a workload too big for any node (Pending, FailedScheduling), and a worker that
// ignores SIGTERM and is being deleted (Terminating for an hour); a data namespace with a database that is
// slow to become ready, an ETL job killed for memory and a Kafka StatefulSet with volumes; a batch namespace with a Job that completed, one
// that keeps failing, an Indexed Job still working through its items, and a CronJob every five minutes.

import type { Container, Deployment, KObject, Pod } from '../../util/k8s.js';
import { deletePodGracefully } from '../controllers/util.js';
import { BEHAVIOR_ANNOTATION } from '../kubelet/behaviour.js';
import {
  CRONJOBS,
  DEPLOYMENTS,
  JOBS,
  NAMESPACES,
  PODS,
  SERVICES,
  STATEFULSETS,
  STORAGECLASSES,
} from '../resources.js';
import { standardStorageClass } from '../controllers/volumes.js';
import type { ScenarioAction, SeedObject } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function deploy(
  ns: string,
  name: string,
  replicas: number,
  c: Partial<Container> & { image: string },
  ageMs: number,
  extra: { annotations?: Record<string, string>; grace?: number; strategy?: 'Recreate' } = {},
): SeedObject {
  const d: Deployment = {
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...(extra.strategy ? { strategy: { type: extra.strategy } } : {}),
      template: {
        metadata: { labels: { app: name }, ...(extra.annotations ? { annotations: extra.annotations } : {}) },
        spec: {
          containers: [{ name, resources: { requests: { cpu: '100m', memory: '128Mi' } }, ...c }],
          ...(extra.grace !== undefined ? { terminationGracePeriodSeconds: extra.grace } : {}),
        },
      },
    },
  };
  return { gvr: DEPLOYMENTS, object: d, ageMs };
}

function job(
  ns: string,
  name: string,
  spec: Record<string, unknown>,
  command: string[],
  ageMs: number,
): SeedObject {
  const j: KObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      ...spec,
      template: {
        metadata: { labels: { app: name } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'task', image: 'busybox:1.36', command }] },
      },
    },
  };
  return { gvr: JOBS, object: j, ageMs };
}

const TROUBLED_NAMESPACES = ['staging', 'data', 'batch'];

export function troubledObjects(): SeedObject[] {
  return [
    ...TROUBLED_NAMESPACES.map((name) => ({
      gvr: NAMESPACES,
      object: { metadata: { name, labels: { team: name } } },
      ageMs: 4 * DAY,
    })),
    deploy('staging', 'web-canary', 1, { image: 'ghcr.io/kubedeck/web:does-not-exist' }, 20 * 60_000),
    deploy(
      'staging',
      'ml-trainer',
      1,
      { image: 'ghcr.io/kubedeck/trainer:0.3.0', resources: { requests: { cpu: '32', memory: '64Gi' } } },
      2 * HOUR,
    ),
    deploy('staging', 'legacy-worker', 2, { image: 'ghcr.io/kubedeck/legacy-worker:7.2' }, 3 * DAY, {
      annotations: { [BEHAVIOR_ANNOTATION]: 'slow-shutdown' },
      grace: 3600,
    }),
    deploy(
      'data',
      'postgres',
      1,
      {
        image: 'postgres:16.4',
        ports: [{ name: 'postgres', containerPort: 5432, protocol: 'TCP' }],
        env: [{ name: 'SIM_READY_AFTER', value: '45' }],
        readinessProbe: { exec: { command: ['pg_isready'] }, periodSeconds: 5 },
      },
      4 * DAY,
      { strategy: 'Recreate' },
    ),
    deploy(
      'data',
      'etl',
      1,
      { image: 'ghcr.io/kubedeck/etl:1.0.4', resources: { limits: { memory: '256Mi' } } },
      5 * HOUR,
      { annotations: { [BEHAVIOR_ANNOTATION]: 'oom' } },
    ),
    job(
      'batch',
      'db-migrate',
      { completions: 1, backoffLimit: 2 },
      ['sh', '-c', 'echo migrating; sleep 4; echo done'],
      HOUR,
    ),
    job(
      'batch',
      'report-export',
      { backoffLimit: 3 },
      ['sh', '-c', 'echo exporting; sleep 2; exit 2'],
      30 * 60_000,
    ),
    job(
      'batch',
      'thumbnails',
      { completions: 8, parallelism: 2, completionMode: 'Indexed' },
      ['sh', '-c', 'echo resizing; sleep 90'],
      10 * 60_000,
    ),
    { gvr: STORAGECLASSES, object: standardStorageClass, ageMs: 14 * DAY },
    {
      gvr: SERVICES,
      ageMs: 4 * DAY,
      object: {
        metadata: { name: 'kafka', namespace: 'data', labels: { app: 'kafka' } },
        spec: { clusterIP: 'None', selector: { app: 'kafka' }, ports: [{ name: 'broker', port: 9092 }] },
      },
    },
    {
      gvr: STATEFULSETS,
      ageMs: 4 * DAY,
      object: {
        metadata: { name: 'kafka', namespace: 'data', labels: { app: 'kafka' } },
        spec: {
          replicas: 3,
          serviceName: 'kafka',
          selector: { matchLabels: { app: 'kafka' } },
          template: {
            metadata: { labels: { app: 'kafka' } },
            spec: {
              containers: [
                {
                  name: 'kafka',
                  image: 'apache/kafka:3.8.0',
                  ports: [{ name: 'broker', containerPort: 9092, protocol: 'TCP' }],
                  readinessProbe: { tcpSocket: { port: 9092 }, initialDelaySeconds: 5, periodSeconds: 5 },
                  volumeMounts: [{ name: 'data', mountPath: '/var/lib/kafka' }],
                  resources: { requests: { cpu: '100m', memory: '256Mi' } },
                },
              ],
            },
          },
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
            },
          ],
        },
      },
    },
    {
      gvr: CRONJOBS,
      ageMs: 2 * DAY,
      object: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'cache-warmer', namespace: 'batch' },
        spec: {
          schedule: '*/5 * * * *',
          concurrencyPolicy: 'Forbid',
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'OnFailure',
                  containers: [
                    {
                      name: 'warm',
                      image: 'curlimages/curl:8.10.1',
                      command: ['sh', '-c', 'echo warming; sleep 3'],
                    },
                  ],
                },
              },
            },
          },
        },
      },
    },
  ];
}

/** Half a minute in, someone deletes one legacy-worker pod: it ignores SIGTERM and stays Terminating. */
export const troubledActions: ScenarioAction[] = [
  {
    afterMs: 30_000,
    run(storage, now) {
      const pods = (storage.list(PODS, 'staging').items as Pod[]).filter(
        (p) =>
          p.metadata.labels?.['app'] === 'legacy-worker' &&
          p.status?.phase === 'Running' &&
          !p.metadata.deletionTimestamp,
      );
      const victim = pods[0];
      if (victim) deletePodGracefully(storage, victim, now);
    },
  },
];
