// The simulated cluster without its HTTP front: storage with admission, the seeded scenario, the
// Deployment controller and the stage engines. Usable directly from tests with a ManualScheduler.

import { rfc3339Seconds } from './time.js';
import type { Pod, Service } from '../util/k8s.js';
import { makeAdmission } from './admission.js';
import { DeploymentController } from './controllers/deployment.js';
import { Ipam } from './ipam.js';
import { StageEngine } from './kubelet/engine.js';
import type { StageEnv } from './kubelet/engine.js';
import { PODS, SERVICES } from './resources.js';
import { Rng } from './rng.js';
import type { Scheduler } from './scheduler.js';
import { findScenario, SCENARIOS } from './scenarios/index.js';
import { podStages } from './stages/pod.js';
import { KubeletMemory } from './kubelet/pod-status.js';
import type { PodEnv } from './stages/pod.js';
import { serviceStages } from './stages/service.js';
import type { ServiceEnv } from './stages/service.js';
import { Storage } from './storage/index.js';
import { EventRecorder } from './controllers/events.js';
import { NodeHeartbeats } from './controllers/nodes.js';
import { PodScheduler } from './controllers/scheduler.js';
import { NodeLifecycle } from './controllers/node-lifecycle.js';
import { RC_TARGET, ReplicaSetController } from './controllers/replicaset.js';
import { GarbageCollector } from './controllers/gc.js';
import { NamespaceController } from './controllers/namespace.js';
import { EndpointsController } from './controllers/endpoints.js';
import { JobController } from './controllers/job.js';
import { CronJobController } from './controllers/cronjob.js';
import { DaemonSetController } from './controllers/daemonset.js';
import { StatefulSetController } from './controllers/statefulset.js';
import { VolumeController } from './controllers/volumes.js';
import { nodeSeeds } from './scenarios/nodes.js';
import { SettledAges } from './scenarios/settle-age.js';
import { NodeLeases } from './controllers/node-leases.js';
import { asManager, withManagedFields } from './ssa/track.js';
import { bootstrapObjects } from './auth/bootstrap.js';
import { policyAdmission } from './policy/admission.js';
import type { Admission } from './storage/index.js';
import { ServiceAccountController } from './controllers/serviceaccounts.js';
import { ClusterRoleAggregationController } from './controllers/clusterrole-aggregation.js';
import { DisruptionController } from './controllers/disruption.js';
import { ResourceQuotaController } from './controllers/resourcequota.js';
import { HpaController } from './controllers/hpa.js';

export interface ClusterOptions {
  scenario?: string;
  seed?: number;
  scheduler: Scheduler;
  historyLimit?: number;
  /** Where errors inside controllers and stages go (default: dropped; the sim must not print). */
  onError?: (err: unknown) => void;
  /** Record core/v1 Events (default true; off for benchmarks that only want pod churn). */
  events?: boolean;
  /** Events the recorder keeps at most (default 10,000; the least recently recorded go first). */
  maxEvents?: number;
  /** Pods and nodes of a sized scenario ("large"). */
  size?: { pods?: number; nodes?: number };
}

export interface Cluster {
  storage: Storage;
  scheduler: Scheduler;
  podEngine: StageEngine<Pod, PodEnv>;
  events: EventRecorder;
  /** Stop a node's kubelet (node loss: NotReady after 40 s, pods evicted after their toleration). */
  killNode(name: string): void;
  /** Start a killed node's kubelet again. */
  restoreNode(name: string): void;
  /** Stop the controller-manager's controllers (scheduler and kubelets keep running). */
  pauseControllers(): void;
  /** Start them again (fresh instances that resync everything, as after a controller-manager restart). */
  resumeControllers(): void;
  controllersPaused(): boolean;
  stop(): void;
}

const chainAdmission =
  (...steps: Admission[]): Admission =>
  (gvr, obj, old, opts) => {
    for (const step of steps) step(gvr, obj, old, opts);
  };

/** RFC 3339 to the second, one string per second (the kubelet stamps every status write and Event). */
const timestamp = rfc3339Seconds;

export function createCluster(opts: ClusterOptions): Cluster {
  const name = opts.scenario ?? 'demo';
  const base = findScenario(name);
  if (!base)
    throw new Error(`unknown scenario "${name}" (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  if (opts.size && !base.sized)
    throw new Error(`scenario "${name}" has no size (--pods/--nodes are for "large")`);
  const scenario = opts.size && base.sized ? base.sized(opts.size) : base;
  const seed = opts.seed ?? 1;
  const rng = new Rng(seed);
  const uids = rng.fork('uid');
  const ipam = new Ipam(rng.fork('ipam'));
  const { scheduler } = opts;
  const onError = opts.onError ?? ((): void => undefined);
  const ages = new SettledAges(() => scheduler.now());
  const storage: Storage = new Storage({
    birth: ages.birth,
    clock: scheduler,
    historyLimit: opts.historyLimit ?? 1000,
    newUid: () => uids.uuid(),
    admit: withManagedFields(
      chainAdmission(
      makeAdmission(
        () => storage,
        ipam,
        () => uids.uuid(),
      ),
        policyAdmission(() => storage), // issue 11: Priority, LimitRanger, ResourceQuota, new kinds' defaults
      ),
      () => scheduler.now(),
    ),
    onListenerError: onError,
  });

  const now = scheduler.now();
  const seeds = scenario.objects();
  const clusterAge = Math.max(0, ...seeds.map((x) => x.ageMs ?? 0));
  // issue 11: RBAC roles and PriorityClasses first (pods name them), kube-system SAs once it exists
  const bootstrap = bootstrapObjects(clusterAge);
  const clusterScoped = bootstrap.filter((b) => b.object.metadata.namespace === undefined);
  const namespaced = bootstrap.filter((b) => b.object.metadata.namespace !== undefined);
  const nodes = nodeSeeds(scenario.nodes, clusterAge, now, rng.fork('nodes'));
  for (const seedObj of [...nodes, ...clusterScoped, ...seeds, ...namespaced]) {
    const o = seedObj.render ? seedObj.render(now) : structuredClone(seedObj.object);
    if (seedObj.ageMs) o.metadata.creationTimestamp = timestamp(now - seedObj.ageMs);
    if (seedObj.status) (o as typeof o & { status?: unknown }).status = seedObj.status((ms) => timestamp(now - ms));
    const manager = { name: seedObj.gvr.resource === 'nodes' ? 'kubelet' : 'kubectl-create' };
    const stored = storage.create(seedObj.gvr, o, { keepCreationTimestamp: true, manager });
    if (seedObj.ageMs) ages.seeded(stored);
  }
  ages.settle();

  // the field managers the simulator's own components write as (metadata.managedFields)
  const kcm = asManager(storage, { name: 'kube-controller-manager', splitStatus: true });
  const kubeletStorage = asManager(storage, { name: 'kubelet', splitStatus: true });
  const schedulerStorage = asManager(storage, { name: 'kube-scheduler', splitStatus: true, binds: true });

  const baseEnv = (label: string): StageEnv => ({
    now: () => scheduler.now(),
    timestamp: () => timestamp(scheduler.now()),
    rng: rng.fork(label),
  });
  const events = new EventRecorder(kcm, scheduler, onError, opts.events ?? true, opts.maxEvents);
  const nodeLifecycle: NodeLifecycle = new NodeLifecycle(
    kcm,
    scheduler,
    events,
    (node) => podEngine.reevaluate((p) => p.spec?.nodeName === node),
    onError,
  );
  const kubelet = new KubeletMemory();
  const podEnv: PodEnv = { ...baseEnv('kubelet'), nodes: scenario.nodes, ipam, events, kubelet };
  const svcEnv: ServiceEnv = { ...baseEnv('services'), ipam };
  const podEngine = new StageEngine<Pod, PodEnv>({
    storage: kubeletStorage,
    scheduler,
    gvr: PODS,
    stages: podStages,
    env: podEnv,
    onError,
    onDeleted: (p) => kubelet.forget(p.metadata.uid),
    frozen: (p) => nodeLifecycle.down.has(p.spec?.nodeName ?? ''),
  });
  const svcEngine = new StageEngine<Service, ServiceEnv>({
    storage: kcm,
    scheduler,
    gvr: SERVICES,
    stages: serviceStages,
    env: svcEnv,
    onError,
  });
  // the controller-manager's controllers; `generation` > 0 after a pause: fresh RNG streams, so names
  // drawn after a resume do not repeat the first run's
  const controllerManager = (generation: number): { start(): void; stop(): void }[] => {
    const fork = (label: string): Rng => rng.fork(generation ? `${label}#${generation}` : label);
    const replicaSets = new ReplicaSetController(kcm, scheduler, fork('replicasets'), events, onError);
    const deployments = new DeploymentController({
      storage: kcm,
      scheduler,
      events,
      podsOf: (uid) => replicaSets.pods.owned(uid),
      onError,
    });
    return [
      replicaSets,
      // issue 11: ReplicationControllers, by the same controller
      new ReplicaSetController(
        storage,
        scheduler,
        fork('replicationcontrollers'),
        events,
        onError,
        RC_TARGET,
      ),
      deployments,
      new EndpointsController(kcm, scheduler, fork('endpoints'), onError),
      new JobController(kcm, scheduler, fork('jobs'), events, onError),
      new CronJobController(kcm, scheduler, events, onError),
      new DaemonSetController(kcm, scheduler, fork('daemonsets'), events, onError),
      new StatefulSetController(kcm, scheduler, events, onError),
      new VolumeController(kcm, scheduler, events, onError),
      new GarbageCollector(kcm, scheduler, onError),
      new NamespaceController(kcm, scheduler, onError),
      new ServiceAccountController(kcm, scheduler, onError),
      new ClusterRoleAggregationController(kcm, scheduler, onError),
      new DisruptionController(kcm, scheduler, onError),
      new ResourceQuotaController(kcm, scheduler, onError),
      new HpaController(kcm, scheduler, seed, events, onError),
    ];
  };
  const podScheduler = new PodScheduler(schedulerStorage, scheduler, rng.fork('scheduler'), events, onError);
  const heartbeats = new NodeHeartbeats(kubeletStorage, scheduler, undefined, onError, (n) =>
    nodeLifecycle.down.has(n),
  );
  const leases = new NodeLeases(
    kubeletStorage,
    scheduler,
    rng.fork('leases'),
    (n) => nodeLifecycle.down.has(n),
    onError,
  );
  const parts = [events, nodeLifecycle, heartbeats, leases, podScheduler, podEngine, svcEngine];
  let controllers: { start(): void; stop(): void }[] | undefined = controllerManager(0);
  let generation = 0;
  for (const part of [...parts, ...controllers]) part.start();
  const actionTimers = (scenario.actions ?? []).map((a) =>
    scheduler.setTimer(a.afterMs, () => {
      try {
        a.run(storage, scheduler.now());
      } catch (err) {
        onError(err);
      }
    }),
  );
  return {
    storage,
    scheduler,
    podEngine,
    events,
    killNode: (name) => nodeLifecycle.kill(name),
    restoreNode: (name) => nodeLifecycle.restore(name),
    pauseControllers() {
      for (const c of [...(controllers ?? [])].reverse()) c.stop();
      controllers = undefined;
    },
    resumeControllers() {
      if (controllers) return;
      controllers = controllerManager(++generation);
      for (const c of controllers) c.start();
    },
    controllersPaused: () => !controllers,
    stop() {
      for (const t of actionTimers) scheduler.clearTimer(t);
      for (const part of [...parts, ...(controllers ?? [])].reverse()) part.stop();
    },
  };
}
