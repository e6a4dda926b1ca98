// EndpointSlice defaulting (SetDefaults_EndpointPort: name "", protocol TCP) on a slice whose ports are
// stored, frozen objects: defaulted by replacing the port, never by changing it in place (that threw
// "Cannot add property name, object is not extensible" and the write failed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeAdmission } from '../../src/sim/admission.js';
import type { Ipam } from '../../src/sim/ipam.js';
import type { Storage } from '../../src/sim/storage/index.js';
import type { KObject } from '../../src/util/k8s.js';

const gvr = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' };
const admit = makeAdmission(() => ({}) as Storage, {} as Ipam);

test('frozen ports without a name or protocol are defaulted in new objects; complete ones are kept as they are', () => {
  const bare = Object.freeze({ port: 8080 });
  const named = Object.freeze({ port: 9090, name: 'metrics' });
  const done = Object.freeze({ port: 53, name: 'dns', protocol: 'UDP' });
  const slice = { metadata: { name: 'web-abc', namespace: 'shop' }, addressType: 'IPv4', ports: [bare, named, done] } as unknown as KObject;
  admit(gvr, slice, slice);
  const ports = (slice as unknown as { ports: object[] }).ports;
  assert.deepEqual(ports, [
    { port: 8080, name: '', protocol: 'TCP' },
    { port: 9090, name: 'metrics', protocol: 'TCP' },
    { port: 53, name: 'dns', protocol: 'UDP' },
  ]);
  assert.equal(ports[2], done, 'a complete port is the same object');
  assert.deepEqual(bare, { port: 8080 }, 'the stored port is untouched');
  // the keys in the order an in-place default gives (what clients see in the JSON)
  assert.deepEqual(Object.keys(ports[1] ?? {}), ['port', 'name', 'protocol']);
});

test('a slice without ports, or with complete ones, is left alone', () => {
  const ports = [Object.freeze({ port: 80, name: '', protocol: 'TCP' })];
  const slice = { metadata: { name: 'a', namespace: 'shop' }, ports } as unknown as KObject;
  admit(gvr, slice, slice);
  assert.equal((slice as unknown as { ports: unknown }).ports, ports);
  const none = { metadata: { name: 'b', namespace: 'shop' } } as unknown as KObject;
  admit(gvr, none, none);
  assert.equal('ports' in none, false);
});
