// Secrets as the API server stores them: `stringData` is a write-only convenience. Its entries are
// merged into `data` (base64-encoded, overwriting keys of the same name) and the field itself is never
// stored or returned. `type` defaults to Opaque.

import type { KObject } from '../util/k8s.js';

export function defaultSecret(obj: KObject): void {
  const s = obj as KObject & { data?: unknown; stringData?: unknown; type?: unknown };
  const sd = s.stringData;
  if (sd && typeof sd === 'object' && !Array.isArray(sd)) {
    const data: Record<string, unknown> =
      s.data && typeof s.data === 'object' && !Array.isArray(s.data)
        ? { ...(s.data as Record<string, unknown>) }
        : {};
    for (const [k, v] of Object.entries(sd as Record<string, unknown>))
      if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
    s.data = data;
  }
  delete s.stringData;
  if (s.type === undefined || s.type === '') s.type = 'Opaque';
}
