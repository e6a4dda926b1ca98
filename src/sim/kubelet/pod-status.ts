// What the kubelet writes into a pod's status, as helpers for the pod stages: the kubelet's memory
// (crash back-off, image pull back-off, images present per node, pods being killed), container state
// transitions with their Events, and the pod conditions and phase recomputed from container states.

import { createHash } from 'node:crypto';
import type { Condition, Container, ContainerStatus, Pod } from '../../util/k8s.js';
import type { EventSink, EventType } from '../controllers/events.js';
import type { Ipam } from '../ipam.js';
import type { SimNode } from '../scenarios/types.js';
import { imageRef, planFor } from './behaviour.js';
import type { ContainerPlan } from './behaviour.js';
import type { StageEnv } from './engine.js';


/** The scenario's nodes by name, per node list (readonly: a scenario's is fixed), without a walk over 1,000 nodes. */
const nodesByName = new WeakMap<readonly SimNode[], Map<string, SimNode>>();

/** The node of that name, as `env.nodes.find` finds it (the first of the name). */
export function nodeNamed(env: { nodes: readonly SimNode[] }, name: string | undefined): SimNode | undefined {
  if (name === undefined) return undefined;
  let m = nodesByName.get(env.nodes);
  if (m === undefined) {
    m = new Map();
    for (const n of env.nodes) if (!m.has(n.name)) m.set(n.name, n);
    nodesByName.set(env.nodes, m);
  }
  return m.get(name);
}

export interface PodEnv extends StageEnv {
  nodes: readonly SimNode[];
  ipam: Ipam;
  events: EventSink;
  kubelet: KubeletMemory;
}

const MAX_BACKOFF = 300_000;

/** A kubelet's in-memory state (flowcontrol.Backoff and friends), forgotten when a pod goes away. */
export class KubeletMemory {
  /** pod uid/container → current crash back-off and when it was last raised. */
  readonly backoff = new Map<string, { ms: number; last: number }>();
  /** pod uid/container → image pull back-off. */
  readonly pullBackoff = new Map<string, { ms: number; at: number }>();
  /** node/image pairs already pulled. */
  readonly images = new Set<string>();
  /** pod uid → when the kubelet started killing it. */
  readonly killing = new Map<string, number>();

  forget(uid: string | undefined): void {
    if (!uid) return;
    this.killing.delete(uid);
    for (const m of [this.backoff, this.pullBackoff])
      for (const k of m.keys()) if (k.startsWith(`${uid}/`)) m.delete(k);
  }

  /** Remaining crash back-off for a container that finished at `finishedAt` (0: restart now). */
  remaining(key: string, finishedAt: number, now: number): number {
    const e = this.backoff.get(key);
    if (!e || finishedAt - e.last > 2 * MAX_BACKOFF) return 0;
    return Math.max(0, e.ms - (now - finishedAt));
  }

  /** flowcontrol.Backoff.Next: 10 s, doubling to 300 s, reset after 10 min without a crash. */
  raise(key: string, now: number): void {
    const e = this.backoff.get(key);
    const ms = !e || now - e.last > 2 * MAX_BACKOFF ? 10_000 : Math.min(MAX_BACKOFF, e.ms * 2);
    this.backoff.set(key, { ms, last: now });
  }

  current(key: string): number {
    return this.backoff.get(key)?.ms ?? 10_000;
  }
}

/** One container of a pod: its spec, status and whether it is an init container. */
export interface Ref {
  spec: Container;
  cs: ContainerStatus;
  init: boolean;
  plan: ContainerPlan;
}

/**
 * refs() of the last stored (frozen, so unchanging) pod asked about: every stage's match() asks for the
 * same pod in turn each time it changes. One entry, so that no pod keeps its refs.
 */
let lastPod: Pod | undefined;
let lastRefs: { init: Ref[]; main: Ref[] } | undefined;

export function refs(p: Pod): { init: Ref[]; main: Ref[] } {
  if (!Object.isFrozen(p)) return containerRefs(p);
  if (p !== lastPod || lastRefs === undefined) {
    const { init, main } = containerRefs(p);
    lastRefs = Object.freeze({ init: Object.freeze(init) as Ref[], main: Object.freeze(main) as Ref[] });
    lastPod = p;
  }
  return lastRefs;
}

function containerRefs(p: Pod): { init: Ref[]; main: Ref[] } {
  return {
    init: refsOf(p, p.spec?.initContainers, p.status?.initContainerStatuses, true),
    main: refsOf(p, p.spec?.containers, p.status?.containerStatuses, false),
  };
}

/** The refs of one list of container statuses (a loop, not closures: this runs for every pod event). */
function refsOf(p: Pod, specs: Container[] | undefined, sts: ContainerStatus[] | undefined, init: boolean): Ref[] {
  const out: Ref[] = [];
  if (!sts) return out;
  for (const cs of sts) {
    let spec: Container | undefined;
    if (specs) for (const c of specs) if (c.name === cs.name) { spec = c; break; }
    if (spec) out.push({ spec, cs, init, plan: planFor(p, spec, init) });
  }
  return out;
}

export const isSidecar = (r: Ref): boolean => r.init && r.spec.restartPolicy === 'Always';
export const memKey = (p: Pod, r: Ref): string =>
  `${p.metadata.uid ?? ''}/${r.init ? 'init:' : ''}${r.spec.name}`;
/**
 * Texts the kubelet writes again and again (a container's fieldPath, `Created container: app`), one
 * string per distinct text: every starting pod's Events would otherwise each build their own. Bounded:
 * cleared when full.
 */
const texts = new Map<string, string>();

function text(kind: string, value: string, make: (v: string) => string): string {
  const k = [kind, value].join('\0');
  let t = texts.get(k);
  if (t === undefined) {
    if (texts.size >= 4096) texts.clear();
    texts.set(k, (t = make(value)));
  }
  return t;
}

const fieldPath = (r: Ref): string =>
  r.init
    ? text('fi', r.spec.name, (n) => `spec.initContainers{${n}}`)
    : text('fc', r.spec.name, (n) => `spec.containers{${n}}`);
export const since = (ts: string | undefined, now: number): number => (ts ? now - Date.parse(ts) : 0);

export function emit(env: PodEnv, p: Pod, type: EventType, reason: string, message: string, r?: Ref): void {
  env.events.emit(
    p,
    type,
    reason,
    message,
    { component: 'kubelet', host: p.spec?.nodeName ?? '' },
    r && fieldPath(r),
  );
}

/** Should this exited container run again (restartPolicy, sidecars always)? */
export function restarts(p: Pod, r: Ref): boolean {
  const code = r.cs.state?.terminated?.exitCode ?? 0;
  if (isSidecar(r)) return true;
  const policy = p.spec?.restartPolicy ?? 'Always';
  if (r.init) return code !== 0 && policy !== 'Never';
  return policy === 'Always' || (policy === 'OnFailure' && code !== 0);
}

function hex(env: StageEnv, n: number): string {
  return env.rng.chars(n, '0123456789abcdef');
}

/** Image → the imageID a pull resolves it to, one string per image (every pod of a workload shares it). */
const imageIDs = new Map<string, string>();

/**
 * The image's repository and digest, as the runtime reports it: the digest is the same for every pod of
 * an image (a tag names one manifest), drawn from the image's name rather than at random per container.
 */
function imageID(image: string): string {
  const hit = imageIDs.get(image);
  if (hit !== undefined) return hit;
  const digest = createHash('sha256').update(imageRef(image)).digest('hex');
  const id = [imageRef(image).replace(/:[^:/]+$/, ''), '@sha256:', digest].join('');
  if (imageIDs.size >= 4096) imageIDs.clear();
  imageIDs.set(image, id);
  return id;
}

/** Pull (or find) the image and start the container: Pulling/Pulled/Created/Started, or ErrImagePull. */
export function startContainer(p: Pod, r: Ref, env: PodEnv, restart: boolean): void {
  const ts = env.timestamp();
  const image = r.spec.image ?? '';
  const node = p.spec?.nodeName ?? '';
  const policy = (r.spec as { imagePullPolicy?: string }).imagePullPolicy ?? 'IfNotPresent';
  const present = env.kubelet.images.has(`${node}/${image}`) && policy !== 'Always';
  if (r.plan.pullError) {
    emit(env, p, 'Normal', 'Pulling', `Pulling image "${image}"`, r);
    emit(env, p, 'Warning', 'Failed', `Failed to pull image "${image}": ${r.plan.pullError}`, r);
    emit(env, p, 'Warning', 'Failed', 'Error: ErrImagePull', r);
    r.cs.state = { waiting: { reason: 'ErrImagePull', message: r.plan.pullError } };
    return;
  }
  if (present) emit(env, p, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, r);
  else {
    const secs = (0.4 + env.rng.next() * 3).toFixed(3);
    const size = 5_000_000 + env.rng.int(120_000_000);
    emit(env, p, 'Normal', 'Pulling', text('pull', image, (i) => `Pulling image "${i}"`), r);
    emit(
      env,
      p,
      'Normal',
      'Pulled',
      `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: ${size} bytes.`,
      r,
    );
    env.kubelet.images.add(`${node}/${image}`);
  }
  env.kubelet.pullBackoff.delete(memKey(p, r));
  emit(env, p, 'Normal', 'Created', text('created', r.spec.name, (n) => `Created container: ${n}`), r);
  emit(env, p, 'Normal', 'Started', text('started', r.spec.name, (n) => `Started container ${n}`), r);
  if (restart && r.cs.state?.terminated) r.cs.lastState = { terminated: r.cs.state.terminated };
  if (restart) r.cs.restartCount = (r.cs.restartCount ?? 0) + 1;
  r.cs.state = { running: { startedAt: ts } };
  r.cs.started = r.plan.startupMs === 0;
  r.cs.ready = !r.init && r.plan.readyMs === 0;
  // joined, not concatenated: a template string would be kept as a rope node over the hex
  r.cs.containerID = ['containerd://', hex(env, 64)].join('');
  if (!r.cs.imageID) r.cs.imageID = imageID(image);
  const st = (p.status ??= {});
  if (!st.podIP) {
    const node = nodeNamed(env, p.spec?.nodeName);
    const hostNetwork = (p.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork;
    const ip = hostNetwork && node ? node.hostIP : env.ipam.allocatePodIP(node?.index ?? 0);
    st.podIP = ip;
    st.podIPs = [{ ip }];
  }
  setCondition(p, 'PodReadyToStartContainers', 'True', ts);
}

export function terminate(r: Ref, exitCode: number, reason: string, ts: string): void {
  const startedAt = r.cs.state?.running?.startedAt;
  r.cs.state = {
    terminated: {
      exitCode,
      reason,
      ...(startedAt ? { startedAt } : {}),
      finishedAt: ts,
      ...(r.cs.containerID ? { containerID: r.cs.containerID } : {}),
    },
  };
  r.cs.ready = false;
  r.cs.started = false;
}

const ORDER = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

/**
 * Whether `c` is the condition setCondition would write when nothing changed: the same values, its
 * members in setCondition's order (so its JSON is the same too).
 */
function sameCondition(c: Condition, type: string, status: Condition['status'], reason?: string, message?: string): boolean {
  if (c.type !== type || c.status !== status || c.lastProbeTime !== null || c.reason !== (reason || undefined) || c.message !== (message || undefined)) return false;
  let i = 0;
  for (const k in c) {
    const want = i < 4 ? CONDITION_MEMBERS[i] : i === 4 ? (reason ? 'reason' : 'message') : 'message';
    if (k !== want) return false;
    i++;
  }
  return i === 4 + (reason ? 1 : 0) + (message ? 1 : 0);
}
const CONDITION_MEMBERS = ['type', 'status', 'lastProbeTime', 'lastTransitionTime'];

export function setCondition(
  p: Pod,
  type: string,
  status: Condition['status'],
  ts: string,
  reason?: string,
  message?: string,
): void {
  const st = (p.status ??= {});
  const conds = (st.conditions ??= []);
  const i = conds.findIndex((c) => c.type === type);
  const prev = conds[i];
  // the condition as it is (the stored, frozen object): the write's compare and sharing pass over it
  if (prev !== undefined && sameCondition(prev, type, status, reason, message)) return;
  const c: Condition = {
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : ts,
  };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  if (i >= 0) conds[i] = c;
  else conds.push(c);
  const rank = (x: Condition | undefined): number => ORDER.indexOf(x?.type ?? '');
  // a stable sort leaves an array in order as it is: most writes replace a condition in place, and the
  // sort's work array was a large share of what the kubelet allocated
  let inOrder = true;
  for (let j = 1; j < conds.length && inOrder; j++) inOrder = rank(conds[j - 1]) <= rank(conds[j]);
  if (!inOrder) conds.sort((a, b) => ORDER.indexOf(a.type) - ORDER.indexOf(b.type));
}

const initDone = (r: Ref): boolean => (isSidecar(r) ? !!r.cs.started : r.cs.state?.terminated?.exitCode === 0);

/** Recompute phase, Initialized, ContainersReady and Ready from the container states. */
export function refresh(p: Pod, ts: string): void {
  const { init, main } = refs(p);
  const st = (p.status ??= {});
  const pendingInit = init.filter((r) => !initDone(r));
  const initFailed = init.some(
    (r) => !isSidecar(r) && (r.cs.state?.terminated?.exitCode ?? 0) !== 0 && !restarts(p, r),
  );
  const mainDone = main.length > 0 && main.every((r) => r.cs.state?.terminated && !restarts(p, r));
  if (initFailed) st.phase = 'Failed';
  else if (mainDone)
    st.phase = main.every((r) => r.cs.state?.terminated?.exitCode === 0) ? 'Succeeded' : 'Failed';
  else if (main.some((r) => r.cs.state?.running || r.cs.state?.terminated || (r.cs.restartCount ?? 0) > 0))
    st.phase = 'Running';
  else st.phase = 'Pending';
  if (pendingInit.length && !initFailed)
    setCondition(
      p,
      'Initialized',
      'False',
      ts,
      'ContainersNotInitialized',
      `containers with incomplete status: [${pendingInit.map((r) => r.spec.name).join(' ')}]`,
    );
  else setCondition(p, 'Initialized', 'True', ts);
  const terminal = st.phase === 'Succeeded' || st.phase === 'Failed';
  const unready = main.filter((r) => !r.cs.ready);
  for (const type of ['Ready', 'ContainersReady']) {
    if (terminal) setCondition(p, type, 'False', ts, st.phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed');
    else if (unready.length === 0 && main.length > 0 && pendingInit.length === 0)
      setCondition(p, type, 'True', ts);
    else
      setCondition(
        p,
        type,
        'False',
        ts,
        'ContainersNotReady',
        `containers with unready status: [${unready.map((r) => r.spec.name).join(' ')}]`,
      );
  }
  if (terminal) setCondition(p, 'PodReadyToStartContainers', 'False', ts);
}
