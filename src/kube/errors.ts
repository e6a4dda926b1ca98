// Every failure in kube/ becomes one KubeError: a reason the UI can branch on, an HTTP code when there was
// one, and a one-line human message (`forbidden: pods is forbidden: User "x" cannot list ...`). Messages
// are single-line, free of control characters and scrubbed of credentials.
import type { StatusObject } from '../util/k8s.js';
import { TLS_HANDSHAKE_TIMEOUT } from './connector.js';

export type KubeErrorReason =
  | 'Config'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'AlreadyExists'
  | 'Invalid'
  | 'BadRequest'
  | 'Expired'
  | 'Unreachable'
  | 'Timeout'
  | 'Server'
  | 'Aborted'
  | 'Unknown';

export interface KubeErrorOptions {
  code?: number;
  /** The Status body the server sent, when it sent one. */
  status?: StatusObject;
  /** Low-level error code such as ECONNREFUSED or UND_ERR_CONNECT_TIMEOUT. */
  errno?: string;
  cause?: unknown;
}

const PREFIX: Record<KubeErrorReason, string> = {
  Config: 'config',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not found',
  Conflict: 'conflict',
  AlreadyExists: 'already exists',
  Invalid: 'invalid',
  BadRequest: 'bad request',
  Expired: 'expired',
  Unreachable: 'unreachable',
  Timeout: 'timeout',
  Server: 'server error',
  Aborted: 'aborted',
  Unknown: 'error',
};

export class KubeError extends Error {
  override readonly name = 'KubeError';
  readonly reason: KubeErrorReason;
  readonly code?: number;
  readonly status?: StatusObject;
  readonly errno?: string;
  /** The message without the `reason:` prefix. */
  readonly detail: string;

  constructor(reason: KubeErrorReason, detail: string, opts: KubeErrorOptions = {}) {
    const clean = sanitizeMessage(detail);
    super(`${PREFIX[reason]}: ${clean}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.reason = reason;
    this.detail = clean;
    if (opts.code !== undefined) this.code = opts.code;
    if (opts.status !== undefined) this.status = opts.status;
    if (opts.errno !== undefined) this.errno = opts.errno;
  }

  /** Worth retrying unchanged (network trouble, server overload, timeouts). */
  get transient(): boolean {
    return this.reason === 'Unreachable' || this.reason === 'Timeout' || this.reason === 'Server';
  }
}

const SECRET_PATTERNS: [RegExp, string][] = [
  [/(authorization\s*[:=]\s*)(bearer|basic)?\s*[^\s,;"']+/gi, '$1$2 [redacted]'],
  [/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  [/\b(token|access_token|id_token|refresh_token|password|client-key-data|client_secret)(["']?\s*[:=]\s*["']?)[^\s,;&"']+/gi, '$1$2[redacted]'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted-jwt]'],
];

const PEM_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/** Credential-looking substrings (Authorization headers, bearer tokens, JWTs, `token=`, keys) replaced. */
export function redactText(s: string): string {
  let out = s.replace(PEM_KEY, '[redacted-private-key]');
  for (const [re, rep] of SECRET_PATTERNS) out = out.replace(re, rep);
  return out;
}

/** One line, no control characters, no credentials, at most 500 characters. */
export function sanitizeMessage(s: string): string {
  let out = redactText(s);
  out = out.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  if (out.length > 500) out = `${out.slice(0, 497)}...`;
  return out || 'unknown error';
}

const STATUS_REASONS: Record<string, KubeErrorReason> = {
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  NotFound: 'NotFound',
  Conflict: 'Conflict',
  AlreadyExists: 'AlreadyExists',
  Invalid: 'Invalid',
  BadRequest: 'BadRequest',
  Expired: 'Expired',
  Gone: 'Expired',
  Timeout: 'Timeout',
  ServerTimeout: 'Timeout',
  InternalError: 'Server',
  ServiceUnavailable: 'Server',
  TooManyRequests: 'Server',
  MethodNotAllowed: 'BadRequest',
  NotAcceptable: 'BadRequest',
  RequestEntityTooLarge: 'BadRequest',
  UnsupportedMediaType: 'BadRequest',
};

function reasonForCode(code: number): KubeErrorReason {
  switch (code) {
    case 400:
    case 405:
    case 406:
    case 413:
    case 415:
      return 'BadRequest';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'NotFound';
    case 409:
      return 'Conflict';
    case 410:
      return 'Expired';
    case 422:
      return 'Invalid';
    case 408:
    case 504:
      return 'Timeout';
    default:
      return code >= 500 || code === 429 ? 'Server' : 'Unknown';
  }
}

export function isStatusObject(v: unknown): v is StatusObject {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'Status';
}

/** A KubeError from a metav1.Status body (an HTTP error or a watch ERROR event). */
export function fromStatus(status: StatusObject, httpCode?: number): KubeError {
  const code = typeof status.code === 'number' && status.code > 0 ? status.code : httpCode;
  const byReason = status.reason ? STATUS_REASONS[status.reason] : undefined;
  const reason = byReason ?? (code !== undefined ? reasonForCode(code) : 'Unknown');
  const msg = status.message || status.reason || (code !== undefined ? `HTTP ${code}` : 'failure');
  return new KubeError(reason, msg, { ...(code !== undefined ? { code } : {}), status });
}

/** A KubeError from a non-2xx response: its body may be a Status, some other text, or nothing. */
export function fromHttpResponse(code: number, statusText: string, body: string): KubeError {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (isStatusObject(parsed)) return fromStatus(parsed, code);
    } catch {
      // not JSON after all; fall through to the text
    }
  }
  const firstLine = trimmed.split('\n', 1)[0] ?? '';
  const text = firstLine.startsWith('<') ? '' : firstLine.slice(0, 200);
  const head = `${code}${statusText ? ` ${statusText}` : ''}`;
  return new KubeError(reasonForCode(code), text ? `${head}: ${text}` : head, { code });
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EADDRNOTAVAIL',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);
/** The server's certificate is not signed by a CA we trust (self-signed, unknown issuer, incomplete chain). */
const UNTRUSTED_CODE = /^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED)$/;
/** What to change, in kubectl's terms: the cluster's entry in the kubeconfig. */
const UNTRUSTED_ADVICE =
  "the cluster's CA is not trusted: set certificate-authority (or certificate-authority-data) for the cluster in the kubeconfig, or insecure-skip-tls-verify: true";
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_OSSL)/;

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  cause?: unknown;
  body?: unknown;
}

function errnoOf(e: ErrorLike): string | undefined {
  if (typeof e.code === 'string') return e.code;
  // AggregateError (happy eyeballs) keeps the first real error in `errors`
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const first = errors[0] as ErrorLike;
    if (typeof first?.code === 'string') return first.code;
  }
  return undefined;
}

function messageOf(e: ErrorLike): string {
  if (typeof e.message === 'string' && e.message) return e.message;
  const errors = (e as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) return messageOf(errors[0] as ErrorLike);
  return String(e.name ?? 'error');
}

/**
 * Turn anything thrown anywhere (undici's `fetch failed` with a cause, DOMException aborts and timeouts,
 * client-node ApiException, Node system errors, Status objects, strings) into one KubeError.
 */
export function toKubeError(e: unknown): KubeError {
  if (e instanceof KubeError) return e;
  if (isStatusObject(e)) return fromStatus(e);
  if (typeof e !== 'object' || e === null) return new KubeError('Unknown', String(e));
  const err = e as ErrorLike;
  // client-node ApiException: numeric code plus a string body (often a Status)
  if (typeof err.code === 'number' && err.code >= 400) {
    const body = typeof err.body === 'string' ? err.body : err.body ? JSON.stringify(err.body) : '';
    return fromHttpResponse(err.code, '', body);
  }
  if (err.name === 'TimeoutError') return new KubeError('Timeout', 'request timed out', { cause: e });
  if (err.name === 'AbortError') {
    const reason = (err as { cause?: unknown }).cause;
    if (reason instanceof KubeError) return reason;
    return new KubeError('Aborted', 'request aborted', { cause: e });
  }
  // undici wraps network failures: TypeError('fetch failed', {cause: Error{code}})
  let node: ErrorLike = err;
  for (let i = 0; i < 5 && node.cause && typeof node.cause === 'object'; i++) {
    if (errnoOf(node)) break;
    node = node.cause as ErrorLike;
  }
  const errno = errnoOf(node);
  const msg = messageOf(node);
  if (node.name === 'TimeoutError') return new KubeError('Timeout', 'request timed out', { cause: e });
  if (node.name === 'AbortError') return new KubeError('Aborted', 'request aborted', { cause: e });
  if (errno) {
    const opts = { errno, cause: e };
    if (errno === 'UND_ERR_CONNECT_TIMEOUT') return new KubeError('Unreachable', `connect timeout: ${msg}`, opts);
    if (errno === TLS_HANDSHAKE_TIMEOUT) return new KubeError('Unreachable', msg, opts);
    if (TIMEOUT_CODES.has(errno)) return new KubeError('Timeout', msg, opts);
    if (UNREACHABLE_CODES.has(errno)) return new KubeError('Unreachable', msg, opts);
    // Node's own hint (`try running Node.js with --use-system-ca`) is no use to a kubedeck user
    if (UNTRUSTED_CODE.test(errno)) return new KubeError('Unreachable', `TLS: ${msg.replace(/;?\s*if the root CA is installed locally.*$/i, '')}; ${UNTRUSTED_ADVICE}`, opts);
    if (TLS_CODE.test(errno)) return new KubeError('Unreachable', `TLS: ${msg}`, opts);
    if (errno === 'ENOENT' || errno === 'EACCES' || errno === 'EISDIR') return new KubeError('Config', msg, opts);
    if (errno === 'UND_ERR_ABORTED') return new KubeError('Aborted', msg, opts);
  }
  if (/certificate|self.signed|TLS|SSL/i.test(msg)) return new KubeError('Unreachable', `TLS: ${msg}`, { cause: e });
  return new KubeError('Unknown', msg, { ...(errno ? { errno } : {}), cause: e });
}

/** Replace known secret strings (the transport's own credentials) wherever they appear in an error. */
export function redactSecrets(e: KubeError, secrets: Iterable<string>): KubeError {
  const list = [...secrets].filter((s) => s.length >= 6);
  const hit = (t: string | undefined): boolean => t !== undefined && list.some((s) => t.includes(s));
  if (!hit(e.detail) && !hit(e.status?.message)) return e;
  const scrub = (t: string): string => list.reduce((acc, s) => acc.split(s).join('[redacted]'), t);
  const status = e.status && { ...e.status, ...(e.status.message ? { message: scrub(e.status.message) } : {}) };
  return new KubeError(e.reason, scrub(e.detail), {
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(status ? { status } : {}),
    ...(e.errno !== undefined ? { errno: e.errno } : {}),
    cause: e.cause,
  });
}
