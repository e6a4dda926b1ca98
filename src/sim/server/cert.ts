// A self-signed X.509 v3 certificate for the simulator's HTTPS server: EC P-256 key from node:crypto,
// DER built by hand, signed ECDSA-SHA256. Clients connect with insecure-skip-tls-verify, but the
// certificate is still well formed (Go's strict parser in kubectl reads it).

import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import {
  bitString,
  boolean,
  explicit,
  implicitPrimitive,
  integer,
  octetString,
  oid,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';

export interface CertOptions {
  commonName?: string;
  ips?: string[];
  dnsNames?: string[];
  /** Validity start; default one hour ago (tolerates clock skew). */
  notBefore?: Date;
  validDays?: number;
}

export interface KeyAndCert {
  key: string; // PKCS#8 PEM
  cert: string; // PEM
}

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

function ipBytes(ip: string): Buffer {
  if (isIPv4(ip)) return Buffer.from(ip.split('.').map(Number));
  if (isIPv6(ip)) {
    const [head = '', tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = ip.includes('::') && tail ? tail.split(':') : [];
    const groups = ip.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
    const b = Buffer.alloc(16);
    groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
    return b;
  }
  throw new Error(`not an IP address: ${ip}`);
}

const name = (cn: string): Buffer =>
  sequence(
    set(sequence(oid('2.5.4.10'), utf8String('kubedeck'))),
    set(sequence(oid('2.5.4.3'), utf8String(cn))),
  );

const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value));

export function selfSignedCert(opts: CertOptions = {}): KeyAndCert {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const cn = opts.commonName ?? 'kubedeck-sim';
  const notBefore = opts.notBefore ?? new Date(Date.now() - 3600_000);
  const notAfter = new Date(notBefore.getTime() + (opts.validDays ?? 365) * 86400_000);
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x01; // positive and non-zero
  const san = [
    ...(opts.dnsNames ?? ['localhost']).map((d) => implicitPrimitive(2, Buffer.from(d, 'ascii'))),
    ...(opts.ips ?? ['127.0.0.1', '::1']).map((ip) => implicitPrimitive(7, ipBytes(ip))),
  ];
  const extensions = sequence(
    extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)), // keyUsage: digitalSignature
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
    extension('2.5.29.19', true, sequence()), // basicConstraints: CA false
    extension('2.5.29.17', false, sequence(...san)), // subjectAltName
  );
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    integer(serial),
    ECDSA_SHA256,
    name(cn),
    sequence(time(notBefore), time(notAfter)),
    name(cn),
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey); // DER-encoded ECDSA signature, as X.509 wants
  const der = sequence(tbs, ECDSA_SHA256, bitString(signature));
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: `-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`,
  };
}
