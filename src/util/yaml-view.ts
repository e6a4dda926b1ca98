import { dump } from 'js-yaml';
import type { KObject } from './k8s.js';
import { sanitize } from './sanitize.js';

export interface YamlViewOptions {
  /** metadata.managedFields is long and rarely wanted: hidden unless asked for. */
  showManagedFields: boolean;
  /** Secret values stay masked until the user asks to decode them. */
  revealSecrets: boolean;
}

const MASK = '••••••••';

function decodeValue(b64: unknown): string {
  if (typeof b64 !== 'string') return String(b64);
  const buf = Buffer.from(b64, 'base64');
  const text = buf.toString('utf8');
  // binary (or invalid UTF-8) is described, not dumped
  return /[\x00\ufffd]/.test(text) ? `<binary, ${buf.length} bytes>` : text;
}

/**
 * The object as YAML lines for the YAML view, every line terminal-safe. Secret `data` values are
 * masked (or, when revealed, base64-decoded); `stringData` is masked too.
 */
/** Whether the YAML view masks values of this object (a Secret's), so `x` has something to reveal. */
export function hasMaskedValues(obj: KObject): boolean {
  return obj.kind === 'Secret';
}

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
        d[k] = opts.revealSecrets ? (field === 'data' ? decodeValue(d[k]) : String(d[k])) : MASK;
      }
    }
    notes.push(opts.revealSecrets ? '# Secret values shown DECODED' : '# Secret values masked');
  }
  const text = dump(copy, { noRefs: true, lineWidth: -1, sortKeys: false });
  return [...notes, ...text.replace(/\n$/, '').split('\n')].map(sanitize);
}
