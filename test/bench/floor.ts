// The floor of listing every pod, in its own process (as a client would be): paged GETs of
// /api/v1/pods?limit=500 with `continue`, one at a time over one keep-alive HTTPS connection, each page
// JSON.parse'd, as client-go's pager does. Prints one JSON line: {firstMs, allMs, items, bytes, pages}.
// Run: node --import tsx test/bench/floor.ts KUBECONFIG

import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';

const kubeconfig = readFileSync(process.argv[2] ?? '', 'utf8');
const server = /server: (\S+)/.exec(kubeconfig)?.[1] ?? '';
const token = /token: (\S+)/.exec(kubeconfig)?.[1] ?? '';
const agent = new Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 1 });

function get(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, server),
      { agent, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString('utf8'))
            : reject(new Error(`GET ${path}: ${res.statusCode ?? 0}`)),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const t0 = performance.now();
let firstMs = 0;
let items = 0;
let bytes = 0;
let pages = 0;
let cont = '';
do {
  const body = await get(`/api/v1/pods?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
  const page = JSON.parse(body) as { items: unknown[]; metadata: { continue?: string } };
  if (!pages) firstMs = performance.now() - t0;
  pages++;
  items += page.items.length;
  bytes += body.length;
  cont = page.metadata.continue ?? '';
} while (cont);
const allMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ firstMs, allMs, items, bytes, pages })}\n`);
agent.destroy();
