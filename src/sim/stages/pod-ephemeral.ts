// Ephemeral containers (`kubectl debug`): the kubelet starts each one added to a running pod's
// spec.ephemeralContainers (Pulling/Pulled/Created/Started, status.ephemeralContainerStatuses running)
// and never restarts it. One that does not read stdin ends as its command says (busybox's default
// `sh` without stdin at once, `sleep 30` after 30 s: kubelet/behaviour.ts); one with `stdin: true` is
// an interactive process that ends when it exits in the session attached to it (src/sim/exec/ephemeral.ts).

import type { Container, ContainerStatus, Pod } from '../../util/k8s.js';
import type { Stage } from '../kubelet/engine.js';
import { imageRef, planFor } from '../kubelet/behaviour.js';
import type { PodEnv } from '../kubelet/pod-status.js';
import { since } from '../kubelet/pod-status.js';
import { live } from './pod-timing.js';

type Ephemeral = Container & { stdin?: boolean; tty?: boolean; imagePullPolicy?: string };

const specs = (p: Pod): Ephemeral[] =>
  ((p.spec as { ephemeralContainers?: Ephemeral[] } | undefined)?.ephemeralContainers ?? []).filter(
    (c) => typeof c.name === 'string',
  );
const statuses = (p: Pod): ContainerStatus[] =>
  ((p.status ??= {}) as { ephemeralContainerStatuses?: ContainerStatus[] }).ephemeralContainerStatuses ?? [];
const statusOf = (p: Pod, name: string): ContainerStatus | undefined =>
  statuses(p).find((s) => s.name === name);

const running = (p: Pod): boolean => live(p) && p.status?.phase === 'Running' && !!p.spec?.nodeName;
const unstarted = (p: Pod): Ephemeral[] => (running(p) ? specs(p).filter((c) => !statusOf(p, c.name)) : []);

/** Ephemeral containers that do not read stdin and are still running: they end on their own. */
function ending(p: Pod): { c: Ephemeral; cs: ContainerStatus; runMs: number; code: number }[] {
  if (!live(p)) return [];
  return specs(p).flatMap((c) => {
    const cs = statusOf(p, c.name);
    if (!cs?.state?.running || c.stdin) return [];
    const plan = planFor(p, c);
    return plan.runMs === undefined ? [] : [{ c, cs, runMs: plan.runMs, code: plan.exitCode }];
  });
}

const hex = (env: PodEnv, n: number): string => env.rng.chars(n, '0123456789abcdef');

export const ephemeralStages: readonly Stage<Pod, PodEnv>[] = [
  {
    name: 'ephemeral-container-start',
    kind: 'Pod',
    match: (p) => unstarted(p).length > 0,
    delayMs: 600,
    jitterMs: 900,
    next(p, env) {
      const ts = env.timestamp();
      const node = p.spec?.nodeName ?? '';
      const list = statuses(p);
      for (const c of unstarted(p)) {
        const image = c.image ?? '';
        const field = `spec.ephemeralContainers{${c.name}}`;
        const say = (reason: string, message: string): void =>
          env.events.emit(p, 'Normal', reason, message, { component: 'kubelet', host: node }, field);
        if (env.kubelet.images.has(`${node}/${image}`) && c.imagePullPolicy !== 'Always')
          say('Pulled', `Container image "${image}" already present on machine`);
        else {
          const secs = (0.4 + env.rng.next() * 2).toFixed(3);
          say('Pulling', `Pulling image "${image}"`);
          say(
            'Pulled',
            `Successfully pulled image "${image}" in ${secs}s (${secs}s including waiting). Image size: ${2_000_000 + env.rng.int(3_000_000)} bytes.`,
          );
          env.kubelet.images.add(`${node}/${image}`);
        }
        say('Created', `Created container: ${c.name}`);
        say('Started', `Started container ${c.name}`);
        list.push({
          name: c.name,
          image,
          imageID: `${imageRef(image).replace(/:[^:/]+$/, '')}@sha256:${hex(env, 64)}`,
          containerID: `containerd://${hex(env, 64)}`,
          ready: false,
          restartCount: 0,
          state: { running: { startedAt: ts } },
          lastState: {},
        });
      }
      (p.status as { ephemeralContainerStatuses?: ContainerStatus[] }).ephemeralContainerStatuses = list;
      return p;
    },
  },
  {
    name: 'ephemeral-container-exit',
    kind: 'Pod',
    match: (p) => ending(p).length > 0,
    delayMs: (p, env) =>
      Math.max(
        0,
        Math.min(...ending(p).map((e) => e.runMs - since(e.cs.state?.running?.startedAt, env.now()))),
      ),
    jitterMs: 300,
    next(p, env) {
      const ts = env.timestamp();
      for (const e of ending(p)) {
        if (since(e.cs.state?.running?.startedAt, env.now()) < e.runMs) continue;
        e.cs.state = {
          terminated: {
            exitCode: e.code,
            reason: e.code === 0 ? 'Completed' : 'Error',
            startedAt: e.cs.state?.running?.startedAt,
            finishedAt: ts,
            containerID: e.cs.containerID,
          } as NonNullable<NonNullable<ContainerStatus['state']>['terminated']>,
        };
      }
      return p;
    },
  },
];
