import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { integer, oid, time, tlv, bitString, sequence } from '../../src/sim/server/der.js';
import { selfSignedCert } from '../../src/sim/server/cert.js';

const hex = (b: Buffer): string => b.toString('hex');

test('DER primitives match known encodings', () => {
  assert.equal(hex(integer(0)), '020100');
  assert.equal(hex(integer(127)), '02017f');
  assert.equal(hex(integer(128)), '02020080');
  assert.equal(hex(integer(256)), '02020100');
  assert.equal(hex(integer(Buffer.from([0, 0, 0x12]))), '020112');
  assert.equal(hex(integer(Buffer.from([0xff]))), '020200ff');
  assert.equal(hex(oid('1.2.840.113549')), '06062a864886f70d');
  assert.equal(hex(oid('1.2.840.10045.4.3.2')), '06082a8648ce3d040302');
  assert.equal(hex(oid('2.5.29.17')), '0603551d11');
  assert.equal(hex(tlv(0x04, Buffer.alloc(200))).slice(0, 6), '0481c8');
  assert.equal(hex(tlv(0x04, Buffer.alloc(300))).slice(0, 8), '0482012c');
  assert.equal(hex(sequence()), '3000');
  assert.equal(hex(bitString(Buffer.from([0x80]), 7)), '03020780');
  assert.equal(time(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))).toString('latin1'), '\x17\x0d260102030405Z');
  assert.equal(time(new Date(Date.UTC(2050, 0, 1))).toString('latin1'), '\x18\x0f20500101000000Z');
  assert.throws(() => integer(-1));
  assert.throws(() => oid('1'));
});

test('self-signed certificate parses, verifies with its own key, and names loopback', () => {
  const notBefore = new Date(Date.UTC(2026, 0, 1));
  const { key, cert } = selfSignedCert({ notBefore, validDays: 10 });
  const x = new X509Certificate(cert);
  const pub = createPublicKey(createPrivateKey(key));
  assert.equal(x.verify(pub), true, 'signature verifies');
  assert.equal(x.checkPrivateKey(createPrivateKey(key)), true);
  assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
  assert.equal(x.checkIP('::1'), '::1');
  assert.equal(x.checkHost('localhost'), 'localhost');
  assert.match(x.subject, /CN=kubedeck-sim/);
  assert.equal(x.subject, x.issuer);
  assert.equal(new Date(x.validFrom).getTime(), notBefore.getTime());
  assert.equal(new Date(x.validTo).getTime(), notBefore.getTime() + 10 * 86400_000);
  assert.equal(x.ca, false);
  assert.equal(x.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  // two certificates never share a serial
  assert.notEqual(new X509Certificate(selfSignedCert().cert).serialNumber, x.serialNumber);
});

test('openssl parses the certificate strictly (when openssl is installed)', (t) => {
  let out: string;
  try {
    out = execFileSync('openssl', ['x509', '-noout', '-text'], {
      input: selfSignedCert().cert,
      encoding: 'utf8',
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return t.skip('no openssl');
    throw e;
  }
  assert.match(out, /Version: 3/);
  assert.match(out, /Signature Algorithm: ecdsa-with-SHA256/);
  assert.match(out, /IP Address:127.0.0.1/);
  assert.match(out, /DNS:localhost/);
  assert.match(out, /TLS Web Server Authentication/);
  assert.match(out, /Digital Signature/);
});
