import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeError, fromHttpResponse, fromStatus, sanitizeMessage, toKubeError } from '../../src/kube/errors.js';
import type { StatusObject } from '../../src/util/k8s.js';

function status(code: number, reason: string, message: string): StatusObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

void describe('KubeError from Status bodies', () => {
  void it('maps every Status reason and keeps the server message', () => {
    const cases: [number, string, string][] = [
      [403, 'Forbidden', 'forbidden'],
      [401, 'Unauthorized', 'unauthorized'],
      [404, 'NotFound', 'not found'],
      [409, 'Conflict', 'conflict'],
      [409, 'AlreadyExists', 'already exists'],
      [422, 'Invalid', 'invalid'],
      [400, 'BadRequest', 'bad request'],
      [410, 'Expired', 'expired'],
      [410, 'Gone', 'expired'],
      [504, 'Timeout', 'timeout'],
      [500, 'InternalError', 'server error'],
      [429, 'TooManyRequests', 'server error'],
    ];
    for (const [code, reason, prefix] of cases) {
      const e = fromStatus(status(code, reason, 'the message'));
      assert.equal(e.message, `${prefix}: the message`, reason);
      assert.equal(e.code, code);
    }
  });

  void it('reads a Status out of an HTTP response body', () => {
    const body = JSON.stringify(status(403, 'Forbidden', 'pods is forbidden: User "x" cannot list resource "pods" in API group "" at the cluster scope'));
    const e = fromHttpResponse(403, 'Forbidden', body);
    assert.equal(e.reason, 'Forbidden');
    assert.equal(e.message, 'forbidden: pods is forbidden: User "x" cannot list resource "pods" in API group "" at the cluster scope');
    assert.equal(e.status?.reason, 'Forbidden');
  });

  void it('falls back to the HTTP code for non-Status bodies, without dumping HTML', () => {
    assert.equal(fromHttpResponse(502, 'Bad Gateway', '<html><body>nginx</body></html>').message, 'server error: 502 Bad Gateway');
    assert.equal(fromHttpResponse(401, 'Unauthorized', 'Unauthorized\n').message, 'unauthorized: 401 Unauthorized: Unauthorized');
    assert.equal(fromHttpResponse(404, '', '').reason, 'NotFound');
  });
});

void describe('toKubeError', () => {
  const netErr = (code: string, message: string): Error => Object.assign(new Error(message), { code });
  const fetchFailed = (cause: Error): Error => new TypeError('fetch failed', { cause });

  void it('maps network failures from undici', () => {
    const refused = toKubeError(fetchFailed(netErr('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6443')));
    assert.equal(refused.reason, 'Unreachable');
    assert.equal(refused.message, 'unreachable: connect ECONNREFUSED 127.0.0.1:6443');
    assert.equal(refused.errno, 'ECONNREFUSED');
    assert.equal(toKubeError(fetchFailed(netErr('ENOTFOUND', 'getaddrinfo ENOTFOUND api.nowhere'))).message, 'unreachable: getaddrinfo ENOTFOUND api.nowhere');
    assert.equal(toKubeError(fetchFailed(netErr('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'))).reason, 'Unreachable');
    assert.equal(toKubeError(fetchFailed(netErr('ETIMEDOUT', 'connect ETIMEDOUT 10.0.0.1:443'))).reason, 'Timeout');
    const tls = toKubeError(fetchFailed(netErr('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')));
    assert.equal(tls.message, "unreachable: TLS: self-signed certificate; the cluster's CA is not trusted: set certificate-authority (or certificate-authority-data) for the cluster in the kubeconfig, or insecure-skip-tls-verify: true");
    const agg = Object.assign(new AggregateError([netErr('ECONNREFUSED', 'connect ECONNREFUSED ::1:6443')], ''), {});
    assert.equal(toKubeError(fetchFailed(agg)).reason, 'Unreachable');
  });

  void it('maps aborts and timeouts, and passes KubeErrors and abort reasons through', () => {
    assert.equal(toKubeError(new DOMException('This operation was aborted', 'AbortError')).reason, 'Aborted');
    assert.equal(toKubeError(new DOMException('The operation timed out.', 'TimeoutError')).reason, 'Timeout');
    const k = new KubeError('NotFound', 'x');
    assert.equal(toKubeError(k), k);
  });

  void it('maps client-node ApiException (numeric code, string body)', () => {
    const apiEx = Object.assign(new Error('HTTP-Code: 404'), { code: 404, body: JSON.stringify(status(404, 'NotFound', 'pods "nope" not found')) });
    assert.equal(toKubeError(apiEx).message, 'not found: pods "nope" not found');
  });

  void it('maps odd values', () => {
    assert.equal(toKubeError('boom').message, 'error: boom');
    assert.equal(toKubeError(status(409, 'Conflict', 'c')).reason, 'Conflict');
    assert.equal(toKubeError(netErr('ENOENT', "ENOENT: no such file or directory, open '/x/ca.crt'")).reason, 'Config');
  });
});

void describe('sanitizeMessage', () => {
  void it('keeps one line and strips control sequences', () => {
    assert.equal(sanitizeMessage('a\nb\r\n\x1b[31mc\x07'), 'a b [31mc');
  });
  void it('never leaks tokens', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const cases = [
      `Authorization: Bearer ${jwt}`,
      'header authorization=Bearer abcdefghijklmnop',
      'request failed with bearer abcdefghijklmnopqrstuvwxyz',
      'token=s3cr3t-t0ken-value&x=1',
      '{"token":"s3cr3t-t0ken-value"}',
      `unexpected ${jwt} in body`,
      'password: hunter2hunter2',
    ];
    for (const c of cases) {
      const out = new KubeError('Unknown', c).message;
      for (const secret of [jwt, 'abcdefghijklmnop', 's3cr3t-t0ken-value', 'hunter2hunter2']) assert.ok(!out.includes(secret), out);
    }
  });
});
