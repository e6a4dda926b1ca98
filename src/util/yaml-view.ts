import { dump } from 'js-yaml';
import type { KObject } from './k8s.js';
import { sanitize } from './sanitize.js';
import { glyphs } from './charset.js';

export interface YamlViewOptions {
  /** metadata.managedFields is long and rarely wanted: hidden unless asked for. */
  showManagedFields: boolean;
  /** Secret values stay masked until the user asks to decode them. */
  revealSecrets: boolean;
}

/** '••••••••', or '********' in ASCII mode. */
const mask = (): string => glyphs().mask;
/** kubectl apply's copy of the applied object: for a Secret, every value again (base64 or plain). */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A Secret's values masked in a copy of it: each `data`/`stringData` value becomes the mask. */
function maskValues(obj: Record<string, unknown>): void {
  for (const field of ['data', 'stringData'] as const) {
    const d = obj[field];
    if (!d || typeof d !== 'object') continue;
    const m = d as Record<string, unknown>;
    for (const k of Object.keys(m)) m[k] = mask();
  }
}

/**
 * The last-applied-configuration annotation of a Secret with its `data` and `stringData` values masked;
 * an annotation that is not a JSON object is masked whole (it may hold the values in any shape).
 */
export function maskLastApplied(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return mask();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return mask();
  maskValues(parsed as Record<string, unknown>);
  return JSON.stringify(parsed);
}

function decodeValue(b64: unknown): string {
  if (typeof b64 !== 'string') return String(b64);
  const buf = Buffer.from(b64, 'base64');
  const text = buf.toString('utf8');
  // binary (or invalid UTF-8) is described, not dumped
  return /[\x00\ufffd]/.test(text) ? `<binary, ${buf.length} bytes>` : text;
}

/** Whether the YAML view masks values of this object (a Secret's), so `x` has something to reveal. */
export function hasMaskedValues(obj: KObject): boolean {
  return obj.kind === 'Secret';
}

/**
 * The object as YAML lines for the YAML view, every line terminal-safe. Secret `data` values are
 * masked (or, when revealed, base64-decoded); `stringData` is masked too, and so is every copy of them in
 * kubectl's last-applied-configuration annotation.
 */
export function yamlLines(obj: KObject, opts: YamlViewOptions): string[] {
  const copy = structuredClone(obj) as KObject & { data?: Record<string, unknown>; stringData?: Record<string, unknown> };
  const notes: string[] = [];
  const managed = copy.metadata.managedFields;
  if (managed && !opts.showManagedFields) {
    delete copy.metadata.managedFields;
    notes.push(`# metadata.managedFields hidden (${managed.length} entries)`);
  }
  if (hasMaskedValues(copy)) {
    for (const field of ['data', 'stringData'] as const) {
      const d = copy[field];
      if (!d || typeof d !== 'object') continue;
      for (const k of Object.keys(d)) {
        d[k] = opts.revealSecrets ? (field === 'data' ? decodeValue(d[k]) : String(d[k])) : mask();
      }
    }
    const ann = copy.metadata.annotations;
    const applied = ann?.[LAST_APPLIED];
    if (ann && applied !== undefined && !opts.revealSecrets) ann[LAST_APPLIED] = maskLastApplied(applied);
    notes.push(opts.revealSecrets ? '# Secret values shown DECODED' : '# Secret values masked');
  }
  const text = dump(copy, { noRefs: true, lineWidth: -1, sortKeys: false });
  return [...notes, ...text.replace(/\n$/, '').split('\n')].map(sanitize);
}
