// The JSON form of a fault plan (body of POST /kubedeck-sim/faults):
//   {"reset": true,                                  // clear every fault first
//    "spec": "error=0.05,latency=200ms",             // optional: the --faults syntax
//    "errorRate": 0.05, "errorStatus": 503, "latencyMs": 200, "jitterMs": 50,
//    "dropWatchEveryMs": 30000, "compactEveryMs": 0, // 0 turns a periodic fault off
//    "actions": [{"kind": "drop-watches"}, {"kind": "compact"},
//                {"kind": "kill-node", "node": "kubedeck-worker", "afterMs": 5000},
//                {"kind": "restore-node", "node": "kubedeck-worker"},
//                {"kind": "crash", "namespace": "shop", "pod": "cart-…", "container": "cart", "exitCode": 137},
//                {"kind": "pause-controllers"}, {"kind": "resume-controllers"}]}

import type { FaultAction, FaultPlan, FaultSettings, Parsed, TimedAction } from './spec.js';
import { parseFaultSpec } from './spec.js';

export interface FaultRequest {
  reset: boolean;
  plan: FaultPlan;
}

const SETTING_KEYS: (keyof FaultSettings)[] = [
  'errorRate',
  'errorStatus',
  'latencyMs',
  'jitterMs',
  'dropWatchEveryMs',
  'compactEveryMs',
];

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (o: Record<string, unknown>, k: string): string | undefined =>
  typeof o[k] === 'string' && o[k] !== '' ? o[k] : undefined;

function action(o: unknown, i: number): Parsed<TimedAction> {
  const bad = (why: string): Parsed<TimedAction> => ({ ok: false, error: `actions[${i}]: ${why}` });
  if (!isObj(o)) return bad('must be an object');
  const afterMs = o['afterMs'] ?? 0;
  if (typeof afterMs !== 'number' || !(afterMs >= 0)) return bad('afterMs must be a number >= 0');
  const kind = o['kind'];
  let a: FaultAction;
  switch (kind) {
    case 'drop-watches':
    case 'compact':
    case 'pause-controllers':
    case 'resume-controllers':
      a = { kind };
      break;
    case 'kill-node':
    case 'restore-node': {
      const node = str(o, 'node');
      if (!node) return bad(`${kind} needs "node"`);
      a = { kind, node };
      break;
    }
    case 'crash': {
      const namespace = str(o, 'namespace');
      const pod = str(o, 'pod');
      const code = o['exitCode'] ?? 1;
      if (!namespace || !pod) return bad('crash needs "namespace" and "pod"');
      if (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 255)
        return bad('exitCode must be an integer 0-255');
      const container = str(o, 'container');
      a = { kind, namespace, pod, exitCode: code, ...(container ? { container } : {}) };
      break;
    }
    default:
      return bad(
        `unknown kind ${JSON.stringify(kind)} (known: drop-watches, compact, kill-node, restore-node, crash, pause-controllers, resume-controllers)`,
      );
  }
  return { ok: true, value: { afterMs, action: a } };
}

export function parseFaultJson(body: unknown): Parsed<FaultRequest> {
  if (!isObj(body)) return { ok: false, error: 'the body must be a JSON object' };
  const known = new Set<string>(['reset', 'spec', 'actions', ...SETTING_KEYS]);
  const unknown = Object.keys(body).filter((k) => !known.has(k));
  if (unknown.length) return { ok: false, error: `unknown field(s): ${unknown.join(', ')}` };
  let plan: FaultPlan = { settings: {}, actions: [] };
  if (body['spec'] !== undefined) {
    if (typeof body['spec'] !== 'string') return { ok: false, error: '"spec" must be a string' };
    const p = parseFaultSpec(body['spec']);
    if (!p.ok) return p;
    plan = p.value;
  }
  for (const k of SETTING_KEYS) {
    const v = body[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      return { ok: false, error: `${k} must be a number >= 0` };
    if (k === 'errorRate' && v > 1) return { ok: false, error: 'errorRate must be 0-1' };
    if (k === 'errorStatus' && !(Number.isInteger(v) && v >= 400 && v <= 599))
      return { ok: false, error: 'errorStatus must be 400-599' };
    if ((k === 'dropWatchEveryMs' || k === 'compactEveryMs') && v > 0 && v < 100)
      return { ok: false, error: `${k} must be 0 (off) or at least 100` };
    plan.settings[k] = v;
  }
  const acts = body['actions'] ?? [];
  if (!Array.isArray(acts)) return { ok: false, error: '"actions" must be an array' };
  for (let i = 0; i < acts.length; i++) {
    const a = action(acts[i], i);
    if (!a.ok) return a;
    plan.actions.push(a.value);
  }
  return { ok: true, value: { reset: body['reset'] === true, plan } };
}
