// Fault plans: what `kubedeck sim --faults SPEC` and POST /kubedeck-sim/faults ask for, parsed without
// side effects. SPEC is a comma-separated list; `=` gives a value, `@` a time after start:
//   error=0.05[:503]      answer that fraction of API requests with that status (default 500)
//   latency=200ms[~50ms]  delay every API request (± jitter); jitter=50ms on its own also works
//   drop-watch=30s        end every open watch every 30 s      drop-watch@10s  once, 10 s after start
//   compact=1m            compact storage every minute (older watches get 410)   compact@10s  once
//   kill-node=NAME[@T]  restore-node=NAME[@T]  crash=NS/POD[/CONTAINER][:CODE][@T]
//   pause-controllers[@T]  resume-controllers[@T]
// Durations: 250ms, 10s, 2m, 1h (or 1.5s). The JSON form is documented in README.md.

export interface FaultSettings {
  /** Fraction of API requests answered with `errorStatus`, 0..1. */
  errorRate: number;
  errorStatus: number;
  latencyMs: number;
  jitterMs: number;
  /** End every watch this often (0: never). */
  dropWatchEveryMs: number;
  /** Compact storage this often (0: never). */
  compactEveryMs: number;
}

export const NO_FAULTS: Readonly<FaultSettings> = {
  errorRate: 0,
  errorStatus: 500,
  latencyMs: 0,
  jitterMs: 0,
  dropWatchEveryMs: 0,
  compactEveryMs: 0,
};

export type FaultAction =
  | { kind: 'drop-watches' }
  | { kind: 'compact' }
  | { kind: 'kill-node'; node: string }
  | { kind: 'restore-node'; node: string }
  | { kind: 'crash'; namespace: string; pod: string; container?: string; exitCode: number }
  | { kind: 'pause-controllers' }
  | { kind: 'resume-controllers' };

export interface TimedAction {
  afterMs: number;
  action: FaultAction;
}

export interface FaultPlan {
  settings: Partial<FaultSettings>;
  actions: TimedAction[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const KNOWN =
  'error, latency, jitter, drop-watch, compact, kill-node, restore-node, crash, pause-controllers, resume-controllers';

const UNIT: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "250ms", "10s", "1.5m", "1h" → ms; NaN when malformed. */
function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(s.trim());
  return m ? Math.round(Number(m[1]) * (UNIT[m[2] ?? ''] ?? NaN)) : NaN;
}

const fail = <T>(error: string): Parsed<T> => ({ ok: false, error });

function status(s: string): number {
  const n = Number(s);
  return Number.isInteger(n) && n >= 400 && n <= 599 ? n : NaN;
}

/** A crash target: NS/POD[/CONTAINER][:CODE]. */
function parseCrash(v: string): Parsed<FaultAction> {
  const m = /^([a-z0-9][-a-z0-9.]*)\/([a-z0-9][-a-z0-9.]*)(?:\/([a-z0-9][-a-z0-9]*))?(?::(\d{1,3}))?$/.exec(
    v,
  );
  if (!m?.[1] || !m[2]) return fail(`crash needs NS/POD[/CONTAINER][:EXITCODE], got "${v}"`);
  const code = m[4] === undefined ? 1 : Number(m[4]);
  if (code > 255) return fail(`crash exit code must be 0-255, got ${code}`);
  return {
    ok: true,
    value: {
      kind: 'crash',
      namespace: m[1],
      pod: m[2],
      ...(m[3] ? { container: m[3] } : {}),
      exitCode: code,
    },
  };
}

function item(raw: string, plan: FaultPlan): string | undefined {
  const at = raw.lastIndexOf('@');
  const head = at >= 0 ? raw.slice(0, at) : raw;
  const when = at >= 0 ? parseDuration(raw.slice(at + 1)) : 0;
  if (Number.isNaN(when)) return `bad time "${raw.slice(at + 1)}" in "${raw}" (use e.g. 500ms, 10s, 2m)`;
  const eq = head.indexOf('=');
  const key = (eq >= 0 ? head.slice(0, eq) : head).trim();
  const value = eq >= 0 ? head.slice(eq + 1).trim() : undefined;
  const s = plan.settings;
  const once = (action: FaultAction): undefined => void plan.actions.push({ afterMs: when, action });
  const noTime = (): string | undefined => (at >= 0 ? `"${key}" takes no @time` : undefined);
  switch (key) {
    case 'error': {
      if (value === undefined) return 'error needs a rate, e.g. error=0.05 or error=5%:503';
      const [rate = '', code] = value.split(':');
      const r = rate.endsWith('%') ? Number(rate.slice(0, -1)) / 100 : Number(rate);
      if (rate === '' || !(r >= 0 && r <= 1)) return `error rate must be 0-1 or 0-100%, got "${rate}"`;
      s.errorRate = r;
      if (code !== undefined) {
        s.errorStatus = status(code);
        if (Number.isNaN(s.errorStatus)) return `error status must be 400-599, got "${code}"`;
      }
      return noTime();
    }
    case 'latency': {
      const [base = '', jitter] = (value ?? '').split('~');
      s.latencyMs = parseDuration(base);
      if (Number.isNaN(s.latencyMs))
        return `latency needs a duration, e.g. latency=200ms, got "${value ?? ''}"`;
      if (jitter !== undefined) s.jitterMs = parseDuration(jitter);
      if (Number.isNaN(s.jitterMs)) return `bad jitter "${jitter ?? ''}" (e.g. latency=200ms~50ms)`;
      return noTime();
    }
    case 'jitter':
      s.jitterMs = parseDuration(value ?? '');
      return Number.isNaN(s.jitterMs) ? `jitter needs a duration, e.g. jitter=50ms` : noTime();
    case 'drop-watch':
    case 'compact': {
      if (value === undefined)
        return once(key === 'compact' ? { kind: 'compact' } : { kind: 'drop-watches' });
      const every = parseDuration(value);
      if (!(every >= 100))
        return `${key} needs an interval of at least 100ms, e.g. ${key}=30s, got "${value}"`;
      if (key === 'compact') s.compactEveryMs = every;
      else s.dropWatchEveryMs = every;
      return noTime();
    }
    case 'kill-node':
    case 'restore-node':
      if (!value) return `${key} needs a node name, e.g. ${key}=kubedeck-worker`;
      return once({ kind: key, node: value });
    case 'crash': {
      const c = parseCrash(value ?? '');
      return c.ok ? once(c.value) : c.error;
    }
    case 'pause-controllers':
    case 'resume-controllers':
      return value === undefined ? once({ kind: key }) : `"${key}" takes no value`;
    default:
      return `unknown fault "${key}" (known: ${KNOWN})`;
  }
}

/** Parse a --faults SPEC. */
export function parseFaultSpec(spec: string): Parsed<FaultPlan> {
  const plan: FaultPlan = { settings: {}, actions: [] };
  const items = spec.split(',').map((x) => x.trim());
  if (items.every((x) => x === '')) return fail('empty fault spec');
  for (const raw of items) {
    if (raw === '') continue;
    const err = item(raw, plan);
    if (err) return fail(err);
  }
  return { ok: true, value: plan };
}
