// The `ports` query of a port-forward request (repeated or comma-separated), with the kubelet's errors.

export function parsePorts(q: URLSearchParams): number[] | string {
  const raw = q.getAll('ports').flatMap((p) => p.split(','));
  if (raw.length === 0) return 'query parameter "port" is required';
  const out: number[] = [];
  for (const r of raw) {
    const s = r.trim();
    if (!/^\d+$/.test(s) || Number(s) > 65535) return `unable to parse "${s}" as a port: invalid port`;
    const n = Number(s);
    if (n === 0) return `port "${s}" must be > 0`;
    out.push(n);
  }
  return out;
}
