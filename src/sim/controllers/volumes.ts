// PersistentVolumeClaim binding with dynamic provisioning, as kind's local-path provisioner and the PV
// controller do it: a Pending claim of a known StorageClass (or of the default one when it names none)
// gets a PersistentVolume `pvc-<claim uid>` a moment later, both Bound to each other. Deleting a claim
// releases and (reclaimPolicy Delete) removes its volume.

import type { KObject } from '../../util/k8s.js';
import { PERSISTENTVOLUMECLAIMS, PERSISTENTVOLUMES, STORAGECLASSES } from '../resources.js';
import type { Scheduler } from '../scheduler.js';
import type { Storage } from '../storage/index.js';
import type { EventSink } from './events.js';
import { WorkQueue, keyOf, splitKey } from './queue.js';

const PROVISION_MS = 1500;
const DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';

interface Claim extends KObject {
  spec?: {
    storageClassName?: string;
    accessModes?: string[];
    resources?: { requests?: { storage?: string } };
    volumeName?: string;
  };
  status?: { phase?: string; accessModes?: string[]; capacity?: Record<string, string> };
}
interface StorageClass extends KObject {
  provisioner?: string;
  reclaimPolicy?: string;
}

export class VolumeController {
  private readonly queue: WorkQueue;
  private unsubs: (() => void)[] = [];

  constructor(
    private readonly storage: Storage,
    scheduler: Scheduler,
    private readonly events: EventSink,
    onError: (err: unknown) => void = (): void => undefined,
  ) {
    this.queue = new WorkQueue(scheduler, (k) => this.reconcile(k), onError);
  }

  start(): void {
    this.unsubs.push(
      this.storage.subscribe(PERSISTENTVOLUMECLAIMS, (ev) => {
        const c = ev.object as Claim;
        if (ev.type === 'DELETED') return this.release(c);
        if (c.status?.phase !== 'Bound')
          this.queue.enqueue(keyOf(c.metadata.namespace, c.metadata.name), PROVISION_MS);
      }),
    );
    for (const c of this.storage.list(PERSISTENTVOLUMECLAIMS).items as Claim[])
      if (c.status?.phase !== 'Bound')
        this.queue.enqueue(keyOf(c.metadata.namespace, c.metadata.name), PROVISION_MS);
  }

  stop(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.queue.stop();
  }

  private classFor(c: Claim): StorageClass | undefined {
    const classes = this.storage.list(STORAGECLASSES).items as StorageClass[];
    const want = c.spec?.storageClassName;
    return want === undefined
      ? classes.find((s) => s.metadata.annotations?.[DEFAULT_CLASS] === 'true')
      : classes.find((s) => s.metadata.name === want);
  }

  reconcile(key: string): void {
    const [ns, name] = splitKey(key);
    const c = this.storage.get(PERSISTENTVOLUMECLAIMS, ns, name) as Claim | undefined;
    if (!c || c.status?.phase === 'Bound' || c.metadata.deletionTimestamp) return;
    const sc = this.classFor(c);
    if (!sc) return;
    const pvName = `pvc-${c.metadata.uid ?? name}`;
    const size = c.spec?.resources?.requests?.storage ?? '1Gi';
    const modes = c.spec?.accessModes ?? ['ReadWriteOnce'];
    if (!this.storage.get(PERSISTENTVOLUMES, undefined, pvName)) {
      this.events.emit(
        c,
        'Normal',
        'Provisioning',
        `External provisioner is provisioning volume for claim "${ns ?? ''}/${name}"`,
        { component: sc.provisioner ?? 'provisioner' },
      );
      this.storage.create(PERSISTENTVOLUMES, {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: { name: pvName, annotations: { 'pv.kubernetes.io/provisioned-by': sc.provisioner ?? '' } },
        spec: {
          accessModes: modes,
          capacity: { storage: size },
          claimRef: {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            namespace: ns,
            name,
            uid: c.metadata.uid,
            resourceVersion: c.metadata.resourceVersion,
          },
          hostPath: {
            path: `/var/local-path-provisioner/${pvName}_${ns ?? ''}_${name}`,
            type: 'DirectoryOrCreate',
          },
          persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
          storageClassName: sc.metadata.name,
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Bound' },
      } as KObject);
      this.events.emit(c, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${pvName}`, {
        component: sc.provisioner ?? 'provisioner',
      });
    }
    this.storage.mutate(PERSISTENTVOLUMECLAIMS, ns, name, (d) => {
      const x = d as Claim;
      x.spec = {
        ...x.spec,
        volumeName: pvName,
        ...(x.spec?.storageClassName ? {} : { storageClassName: sc.metadata.name }),
      };
      x.metadata.annotations = {
        ...x.metadata.annotations,
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.kubernetes.io/storage-provisioner': sc.provisioner ?? '',
      };
      x.status = { phase: 'Bound', accessModes: modes, capacity: { storage: size } };
    });
  }

  private release(c: Claim): void {
    const pv = c.spec?.volumeName
      ? this.storage.get(PERSISTENTVOLUMES, undefined, c.spec.volumeName)
      : undefined;
    if (!pv) return;
    const policy = (pv.spec as { persistentVolumeReclaimPolicy?: string } | undefined)
      ?.persistentVolumeReclaimPolicy;
    if (policy === 'Delete') this.storage.delete(PERSISTENTVOLUMES, undefined, pv.metadata.name ?? '');
    else
      this.storage.mutate(
        PERSISTENTVOLUMES,
        undefined,
        pv.metadata.name ?? '',
        (d) => void (d.status = { phase: 'Released' }),
      );
  }
}

/** kind's default StorageClass. */
export const standardStorageClass: KObject = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'standard', annotations: { [DEFAULT_CLASS]: 'true' } },
  ...({
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  } as object),
};
