// The UI's door to cluster actions: why a kind's capability cannot act on a row right now, running a
// verb, and rollout history with template diffs. UI-free; read-only is enforced again below, in kube/.
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { Capability } from '../../resources/capabilities.js';
import type { Transport } from '../../kube/transport.js';
import { runAction, templateDiff } from '../../kube/actions/index.js';
import type { ActionArgs, ActionId, ActionTarget, ActionValues, RevisionInfo, RevisionStrategy } from '../../kube/actions/index.js';

export type { ActionId, RevisionInfo };

export interface ActionOutcome<T> {
  ok: boolean;
  /** One line for the flash: kubectl's wording on success, the error on failure. */
  message: string;
  value?: T;
}

type Extra<K extends ActionId> = Omit<ActionArgs[K], 'target'>;

function targetOf(resource: ResourceDef, rec: SlimBase): ActionTarget {
  return {
    group: resource.group,
    version: resource.version,
    plural: resource.plural,
    name: rec.name,
    ...(resource.namespaced && rec.namespace ? { namespace: rec.namespace } : {}),
  };
}

/** `deployment web/api`: how dialogs and progress messages name a row. */
export const who = (resource: ResourceDef, rec: SlimBase): string => `${resource.singular} ${rec.namespace ? `${rec.namespace}/` : ''}${rec.name}`;

/** The notice for a key whose capability read-only mode switched off. */
const readOnlyNotice = (c: Capability): string => `read-only mode: ${c.label.toLowerCase()} is disabled`;

/** Why `c` cannot act on `rec` now (nothing selected, read-only mode, its own `when`), or undefined. */
export function blockedReason(c: Capability, resource: ResourceDef, rec: SlimBase | undefined, readOnly: boolean): string | undefined {
  if (readOnly && c.mutating) return readOnlyNotice(c);
  if (!rec) return `no ${resource.singular} selected`;
  return c.when?.(rec);
}

export class ActionService {
  constructor(
    private readonly transport: Promise<Transport>,
    readonly readOnly: boolean,
  ) {}

  async run<K extends ActionId>(id: K, resource: ResourceDef, rec: SlimBase, extra: Extra<K>): Promise<ActionOutcome<ActionValues[K]>> {
    let transport: Transport;
    try {
      transport = await this.transport;
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
    const args = { ...extra, target: targetOf(resource, rec) } as ActionArgs[K];
    const r = await runAction({ transport }, id, args);
    return r.ok ? { ok: true, message: r.message, value: r.value } : { ok: false, message: r.message };
  }

  /** `rollout history` through the kind's revisions, newest first, with the current revision marked. */
  history(resource: ResourceDef, rec: SlimBase, revisions: RevisionStrategy): Promise<ActionOutcome<RevisionInfo[]>> {
    return this.run('history', resource, rec, { revisions });
  }

  /** The pod template change that rolling back to `to` would make, as `- `/`+ ` lines. */
  diff(current: RevisionInfo, to: RevisionInfo): string[] {
    return templateDiff(current.template, to.template);
  }
}
