// The UI's door to cluster actions: which actions apply to a row (and why not), running them, and the
// rollout history with template diffs. UI-free; read-only is enforced again below, in kube/.
import type { ResourceDef, SlimBase } from '../../resources/types.js';
import type { Transport } from '../../kube/transport.js';
import { actionSpec, disabledReason, runAction, templateDiff } from '../../kube/actions/index.js';
import type { ActionArgs, ActionId, ActionSpec, ActionTarget, ActionValues, RevisionInfo } from '../../kube/actions/index.js';

export type { ActionId, RevisionInfo };

export interface ActionOutcome<T> {
  ok: boolean;
  /** One line for the flash: kubectl's wording on success, the error on failure. */
  message: string;
  value?: T;
}

type Extra<K extends ActionId> = Omit<ActionArgs[K], 'target'>;

export function targetOf(resource: ResourceDef, rec: SlimBase): ActionTarget {
  return {
    group: resource.group,
    version: resource.version,
    plural: resource.plural,
    name: rec.name,
    ...(resource.namespaced && rec.namespace ? { namespace: rec.namespace } : {}),
  };
}

export class ActionService {
  constructor(
    private readonly transport: Promise<Transport>,
    readonly readOnly: boolean,
  ) {}

  spec(id: ActionId): ActionSpec | undefined {
    return actionSpec(id);
  }

  /** Why `id` cannot run on this row (wrong kind, read-only, already deleting…), or undefined. */
  disabled(id: ActionId, resource: ResourceDef, rec: SlimBase | undefined): string | undefined {
    if (!rec) return `no ${resource.singular} selected`;
    return disabledReason(id, resource.plural, rec, { readOnly: this.readOnly });
  }

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

  /** `rollout history`, newest first, with the current revision marked. */
  history(resource: ResourceDef, rec: SlimBase): Promise<ActionOutcome<RevisionInfo[]>> {
    return this.run('history', resource, rec, {} as Extra<'history'>);
  }

  /** The pod template change that rolling back to `to` would make, as `- `/`+ ` lines. */
  diff(current: RevisionInfo, to: RevisionInfo): string[] {
    return templateDiff(current.template, to.template);
  }
}
