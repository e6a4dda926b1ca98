// A watch's initial ADDED events (resourceVersion unset: `kubectl get -w`, informers without a list) are
// written in pieces of ~64 KB, not one string per slice of 500 objects: a 3.5 MB string goes to V8's
// large-object space, which only a full collection frees. Read as a raw HTTP/1.1 response over TLS, so the
// test sees each write as its own chunk of the chunked body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { startSim, ManualScheduler, NAMESPACES } from '../../src/sim/index.js';
import type { Gvr } from '../../src/sim/storage/index.js';
import type { KObject } from '../../src/util/k8s.js';

const CMS: Gvr = { group: '', version: 'v1', resource: 'configmaps' };

/** The sizes of the first chunks of a chunked body, and the body so far, until `enough(body)`. */
function chunks(url: string, token: string, path: string, enough: (body: string) => boolean): Promise<{ sizes: number[]; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const s = connect({ host: u.hostname, port: Number(u.port), rejectUnauthorized: false }, () => {
      s.write(`GET ${path} HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
    });
    let buf = Buffer.alloc(0);
    let headersDone = false;
    const sizes: number[] = [];
    const parts: Buffer[] = [];
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!headersDone) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        headersDone = true;
        buf = buf.subarray(end + 4);
      }
      for (;;) {
        const eol = buf.indexOf('\r\n');
        if (eol < 0) return;
        const size = parseInt(buf.subarray(0, eol).toString('latin1'), 16);
        if (buf.length < eol + 2 + size + 2) return;
        sizes.push(size);
        parts.push(buf.subarray(eol + 2, eol + 2 + size));
        buf = buf.subarray(eol + 2 + size + 2);
        const body = Buffer.concat(parts).toString('utf8');
        if (size === 0 || enough(body)) {
          s.destroy();
          return resolve({ sizes, body });
        }
      }
    });
    s.on('error', reject);
  });
}

test('the initial events of a watch of 1,000 objects of ~5 KB come in pieces of ~64 KB, every object once', async () => {
  const sim = await startSim({ scenario: 'empty', scheduler: new ManualScheduler(Date.UTC(2026, 0, 1)) });
  try {
    sim.storage.create(NAMESPACES, { metadata: { name: 'big' } });
    const n = 1000;
    for (let i = 0; i < n; i++)
      sim.storage.create(CMS, { metadata: { name: `cm-${String(i).padStart(4, '0')}`, namespace: 'big' }, data: { v: 'x'.repeat(5000) } } as KObject);
    const lines = (body: string): string[] => body.split('\n').filter(Boolean);
    const { sizes, body } = await chunks(sim.url, sim.token, '/api/v1/namespaces/big/configmaps?watch=true', (b) => lines(b).length >= n);
    const events = lines(body).map((l) => JSON.parse(l) as { type: string; object: KObject });
    assert.equal(events.length, n);
    assert.ok(events.every((e) => e.type === 'ADDED'));
    assert.equal(new Set(events.map((e) => e.object.metadata.name)).size, n);
    const one = Buffer.byteLength(lines(body)[0] ?? '') + 1;
    assert.ok(sizes.length >= (n * one) / (64 * 1024 + one), `${sizes.length} chunks`);
    assert.ok(Math.max(...sizes) <= 64 * 1024 + one, `largest chunk ${Math.max(...sizes)} B (one event ${one} B)`);
  } finally {
    await sim.close();
  }
});
