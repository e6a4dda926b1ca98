// Server-side Tables for the kinds of issue 11 with kubectl's columns (printers.go, 1.32): RBAC,
// PodDisruptionBudgets, HPAs, NetworkPolicies, IngressClasses, ResourceQuotas, LimitRanges,
// PriorityClasses, ReplicationControllers and events.k8s.io Events.

import type { KObject, LabelSelector } from '../../util/k8s.js';
import { createdAtCell } from '../../util/printers.js';
import { formatLabelSelector } from '../../util/selector.js';
import { toCoreEvent } from '../policy/events-view.js';
import { formatQuantity, q } from '../policy/quantity.js';
import { arr } from '../auth/rbac.js';
import type { Binding } from '../auth/rbac.js';
import { def, I, n, WIDE_POD } from './table-def.js';
import type { TableDef } from './table-types.js';
import { CONFIG_TABLES } from './tables-config.js';

/** events.k8s.io/v1 Events print as the core Events they are (the API server converts them first). */
function viaCoreEvent(): TableDef {
  const core = CONFIG_TABLES.find(([id]) => id === 'v1/events')?.[1];
  if (!core) return created;
  return { columns: core.columns, cells: (o, now) => core.cells(toCoreEvent(o), now) };
}

type Spec<T> = KObject & { spec?: T; status?: Record<string, unknown> };
type IntOrString = number | string;

const created = def<KObject>([['Name'], ['Created At', 0, 'date']], (o) => [n(o), createdAtCell(o)]);

function subjects(b: Binding, kind: string): string {
  return arr(b.subjects)
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');
}

const binding = def<Binding>(
  [['Name'], ['Role'], ['Age'], ['Users', 1], ['Groups', 1], ['ServiceAccounts', 1]],
  (o, _now, age) => [
    n(o),
    `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`,
    age,
    subjects(o, 'User'),
    subjects(o, 'Group'),
    subjects(o, 'ServiceAccount'),
  ],
);

const str = (v: unknown): string => (typeof v === 'number' || typeof v === 'string' ? String(v) : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

type Pdb = Spec<{ minAvailable?: IntOrString; maxUnavailable?: IntOrString }>;

type Hpa = Spec<{
  scaleTargetRef?: { kind?: string; name?: string };
  minReplicas?: number;
  maxReplicas?: number;
  metrics?: {
    type?: string;
    resource?: {
      name?: string;
      target?: { type?: string; averageUtilization?: number; averageValue?: string };
    };
  }[];
}>;

interface HpaMetricStatus {
  type?: string;
  resource?: { name?: string; current?: { averageUtilization?: number; averageValue?: string } };
}

/** describeHPA's TARGETS: `cpu: 12%/80%`, `<unknown>` where no current value is known. */
function hpaTargets(o: Hpa): string {
  const current = arr(o.status?.['currentMetrics'] as HpaMetricStatus[] | undefined);
  const list = arr(o.spec?.metrics).map((m, i) => {
    if (m === null || typeof m !== 'object' || m.type !== 'Resource' || !m.resource)
      return '<unknown>/<unknown>';
    const cur = current[i]?.resource?.current;
    const t = m.resource.target;
    const name = m.resource.name ?? '';
    if (t?.type === 'Utilization') {
      const c = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : '<unknown>';
      return `${name}: ${c}/${t.averageUtilization ?? 0}%`;
    }
    return `${name}: ${cur?.averageValue ?? '<unknown>'}/${t?.averageValue ?? ''}`;
  });
  if (list.length === 0) return '<none>';
  if (list.length > 2) return `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...`;
  return list.join(', ');
}

type Quota = Spec<Record<string, unknown>> & {
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
};

function quotaCells(o: Quota): [string, string] {
  const hard = o.status?.hard ?? {};
  const used = o.status?.used ?? {};
  const req: string[] = [];
  const lim: string[] = [];
  for (const r of Object.keys(hard).sort()) {
    const h = hard[r] ?? '0';
    const text = `${r}: ${formatQuantity(q(used[r] ?? '0'), h)}/${h}`;
    (r.startsWith('limits.') ? lim : req).push(text);
  }
  return [req.join(', '), lim.join(', ')];
}

type Rc = Spec<{
  replicas?: number;
  selector?: Record<string, string>;
  template?: { spec?: { containers?: { name: string; image?: string }[] } };
}>;

export const POLICY_TABLES: [string, TableDef][] = [
  ['rbac.authorization.k8s.io/v1/roles', created],
  ['rbac.authorization.k8s.io/v1/clusterroles', created],
  ['rbac.authorization.k8s.io/v1/rolebindings', binding],
  ['rbac.authorization.k8s.io/v1/clusterrolebindings', binding],
  [
    'policy/v1/poddisruptionbudgets',
    def<Pdb>(
      [['Name'], ['Min Available'], ['Max Unavailable'], ['Allowed Disruptions', 0, I], ['Age']],
      (o, _now, age) => [
        n(o),
        o.spec?.minAvailable !== undefined ? str(o.spec.minAvailable) : 'N/A',
        o.spec?.maxUnavailable !== undefined ? str(o.spec.maxUnavailable) : 'N/A',
        num(o.status?.['disruptionsAllowed']),
        age,
      ],
    ),
  ],
  [
    'autoscaling/v2/horizontalpodautoscalers',
    def<Hpa>(
      [['Name'], ['Reference'], ['Targets'], ['MinPods'], ['MaxPods', 0, I], ['Replicas', 0, I], ['Age']],
      (o, _now, age) => [
        n(o),
        `${o.spec?.scaleTargetRef?.kind ?? ''}/${o.spec?.scaleTargetRef?.name ?? ''}`,
        hpaTargets(o),
        o.spec?.minReplicas !== undefined ? String(o.spec.minReplicas) : '<unset>',
        o.spec?.maxReplicas ?? 0,
        num(o.status?.['currentReplicas']),
        age,
      ],
    ),
  ],
  [
    'networking.k8s.io/v1/networkpolicies',
    def<Spec<{ podSelector?: LabelSelector }>>([['Name'], ['Pod-Selector'], ['Age']], (o, _now, age) => [
      n(o),
      formatLabelSelector(o.spec?.podSelector),
      age,
    ]),
  ],
  [
    'networking.k8s.io/v1/ingressclasses',
    def<Spec<{ controller?: string; parameters?: { apiGroup?: string; kind?: string; name?: string } }>>(
      [['Name'], ['Controller'], ['Parameters'], ['Age']],
      (o, _now, age) => {
        const p = o.spec?.parameters;
        const params = p
          ? `${p.kind ?? ''}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ''}/${p.name ?? ''}`
          : '<none>';
        return [n(o), o.spec?.controller ?? '', params, age];
      },
    ),
  ],
  [
    'v1/resourcequotas',
    def<Quota>([['Name'], ['Age'], ['Request'], ['Limit']], (o, _now, age) => [n(o), age, ...quotaCells(o)]),
  ],
  ['v1/limitranges', created],
  [
    'scheduling.k8s.io/v1/priorityclasses',
    def<KObject & { value?: number; globalDefault?: boolean; preemptionPolicy?: string }>(
      [['Name'], ['Value', 0, I], ['Global-Default', 0, 'boolean'], ['Age'], ['PreemptionPolicy']],
      (o, _now, age) => [n(o), o.value ?? 0, o.globalDefault ?? false, age, o.preemptionPolicy ?? ''],
    ),
  ],
  [
    'v1/replicationcontrollers',
    def<Rc>(
      [['Name'], ['Desired', 0, I], ['Current', 0, I], ['Ready', 0, I], ['Age'], ...WIDE_POD],
      (o, _now, age) => {
        const cs = o.spec?.template?.spec?.containers ?? [];
        const sel = Object.entries(o.spec?.selector ?? {})
          .map(([k, v]) => `${k}=${v}`)
          .join(',');
        return [
          n(o),
          o.spec?.replicas ?? 0,
          num(o.status?.['replicas']),
          num(o.status?.['readyReplicas']),
          age,
          cs.map((c) => c.name).join(','),
          cs.map((c) => c.image ?? '').join(','),
          sel || '<none>',
        ];
      },
    ),
  ],
  ['events.k8s.io/v1/events', viaCoreEvent()],
];
