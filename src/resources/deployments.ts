// Deployments (apps/v1): kubectl's printDeployment cells over a slim record.
import { deploymentCells, desiredReplicas } from '../util/printers.js';
import type { Deployment, KObject, LabelSelector } from '../util/k8s.js';
import { ageCell, cells, podSelector, podsBySelector, slimBase } from './base.js';
import type { ResourceDef, SlimBase, Tone } from './types.js';
import { logsOfPods, restartCap, rollbackCap, scaleCap, served } from './capabilities.js';
import { describeDeployment } from '../util/describe.js';

export interface DeploymentRec extends SlimBase {
  desired: number;
  readyReplicas: number;
  updated: number;
  available: number;
  /** READY cell, "ready/desired". */
  ready: string;
  containers: string;
  images: string;
  /** SELECTOR cell. */
  selectorText: string;
  /** spec.selector, for the drill-down to pods. */
  selector: LabelSelector | undefined;
  paused: boolean;
  /** Progressing=False with reason ProgressDeadlineExceeded. */
  stalled: boolean;
  /** Available=False (below minimum availability). */
  unavailable: boolean;
}

function projectDeployment(obj: KObject): DeploymentRec {
  const d = obj as Deployment;
  const c = deploymentCells(d);
  const conds = d.status?.conditions ?? [];
  const cond = (type: string) => conds.find((x) => x.type === type);
  const progressing = cond('Progressing');
  return {
    ...slimBase(d),
    desired: desiredReplicas(d),
    readyReplicas: d.status?.readyReplicas ?? 0,
    updated: c.upToDate,
    available: c.available,
    ready: c.ready,
    containers: c.containers,
    images: c.images,
    selectorText: c.selector,
    selector: d.spec?.selector,
    paused: d.spec?.paused === true,
    stalled: progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded',
    unavailable: cond('Available')?.status === 'False',
  };
}

/**
 * Terminating → warn; ProgressDeadlineExceeded → error; scaled to zero → dim; ready, up to date
 * and available → ok; Available=False → warn; otherwise (rolling out, scaling) → pending.
 */
function deploymentStatus(r: DeploymentRec): { text: string; tone: Tone } {
  if (r.deleting) return { text: 'Terminating', tone: 'warn' };
  if (r.stalled) return { text: 'ProgressDeadlineExceeded', tone: 'error' };
  if (r.desired === 0 && r.readyReplicas === 0) return { text: 'ScaledDown', tone: 'dim' };
  if (r.readyReplicas >= r.desired && r.updated >= r.desired && r.available >= r.desired) {
    return { text: 'Available', tone: 'ok' };
  }
  if (r.unavailable) return { text: 'Unavailable', tone: 'warn' };
  return { text: r.paused ? 'Paused' : 'Progressing', tone: 'pending' };
}

export const deployments: ResourceDef<DeploymentRec> = {
  kind: 'Deployment',
  plural: 'deployments',
  singular: 'deployment',
  group: 'apps',
  version: 'v1',
  namespaced: true,
  aliases: ['deploy', 'dp'],
  columns: [
    { name: 'NAME' },
    { name: 'READY' },
    { name: 'UP-TO-DATE', align: 'right', optional: 1 },
    { name: 'AVAILABLE', align: 'right', optional: 2 },
    { name: 'AGE', optional: 3 },
    { name: 'CONTAINERS', wide: true },
    { name: 'IMAGES', wide: true },
    { name: 'SELECTOR', wide: true, optional: 1 },
  ],
  project: projectDeployment,
  row: (r, now) => cells(r.name, r.ready, r.updated, r.available, ageCell(r, now), r.containers, r.images, r.selectorText),
  status: deploymentStatus,
  drill: (r) => podsBySelector(r.namespace, podSelector(r.selector)),
  can: [...served, logsOfPods, scaleCap((r) => r.desired), rollbackCap({ via: 'owned-templates', from: { group: 'apps', version: 'v1', plural: 'replicasets' } }), restartCap()],
  describe: describeDeployment,
  xray: { owns: ['replicasets'], operand: true },
};
