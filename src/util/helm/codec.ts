// Helm v3's release record, as its storage drivers write it (helm pkg/storage/driver/util.go): the release
// as JSON (pkg/release/v1 field names), gzip-compressed at best compression, then standard base64. A
// ConfigMap holds that string in data.release; a Secret holds its bytes, so the API shows data.release as
// base64 of it (base64 twice). Records written before compression carry plain JSON (no gzip magic).
import { gunzipSync, gzipSync, constants } from 'node:zlib';

/** The JSON of one release revision; unknown fields are kept as they are when a record is rewritten. */
export interface ReleaseJson {
  name?: string;
  namespace?: string;
  version?: number;
  info?: {
    first_deployed?: string;
    last_deployed?: string;
    deleted?: string;
    description?: string;
    status?: string;
    rollback_revision?: number;
    notes?: string;
    [k: string]: unknown;
  };
  chart?: {
    metadata?: { name?: string; version?: string; appVersion?: string; [k: string]: unknown };
    values?: Record<string, unknown> | null;
    [k: string]: unknown;
  };
  /** The user-supplied values. */
  config?: Record<string, unknown> | null;
  manifest?: string;
  hooks?: unknown[];
  [k: string]: unknown;
}

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

export type Decoded = { ok: true; release: ReleaseJson } | { ok: false; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Strict standard base64 (what Go's StdEncoding accepts), to bytes; undefined when it is not. */
function fromBase64(s: string): Buffer | undefined {
  const t = s.trim();
  if (t.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(t)) return undefined;
  return Buffer.from(t, 'base64');
}

/**
 * The most a release's JSON may expand to. A record is at most ~1 MiB (etcd's limit) but gzip expands up
 * to ~1000×: a record planted by anyone who may write Secrets must not make kubedeck inflate a gigabyte.
 * Real releases are far below this (a 5,000-object chart's manifest is a few MiB).
 */
const MAX_RELEASE_JSON_BYTES = 64 * 1024 * 1024;

/** helm's decodeRelease: base64, gunzip when the gzip magic is there, JSON. Errors are values. */
export function decodeReleasePayload(payload: string): Decoded {
  const bytes = fromBase64(payload);
  if (!bytes) return { ok: false, error: 'release data is not base64' };
  let json = bytes;
  if (bytes.length > 3 && GZIP_MAGIC.every((b, i) => bytes[i] === b)) {
    try {
      json = gunzipSync(bytes, { maxOutputLength: MAX_RELEASE_JSON_BYTES });
    } catch (e) {
      if ((e as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
        return { ok: false, error: `release data expands past ${MAX_RELEASE_JSON_BYTES / 1048576} MiB: not read` };
      return { ok: false, error: `release data is not valid gzip: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
  try {
    const v: unknown = JSON.parse(json.toString('utf8'));
    return isObject(v) ? { ok: true, release: v as ReleaseJson } : { ok: false, error: 'release JSON is not an object' };
  } catch (e) {
    return { ok: false, error: `release JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** helm's encodeRelease: JSON, gzip at best compression, standard base64. */
export function encodeReleasePayload(release: ReleaseJson): string {
  return gzipSync(Buffer.from(JSON.stringify(release), 'utf8'), { level: constants.Z_BEST_COMPRESSION }).toString('base64');
}

/** Where a release's records live: helm's `secret` (the default) or `configmap` storage driver. */
export type HelmDriver = 'secret' | 'configmap';

/**
 * The release in a record object as the API returns it: a Secret's data.release (base64 of the payload)
 * or a ConfigMap's (the payload itself).
 */
export function decodeRecordData(driver: HelmDriver, data: string | undefined): Decoded {
  if (data === undefined) return { ok: false, error: 'the record has no data.release' };
  if (driver === 'configmap') return decodeReleasePayload(data);
  const outer = fromBase64(data);
  if (!outer) return { ok: false, error: 'secret data.release is not base64' };
  return decodeReleasePayload(outer.toString('latin1'));
}

/** The value of data.release for a record of this driver. */
export function encodeRecordData(driver: HelmDriver, release: ReleaseJson): string {
  const payload = encodeReleasePayload(release);
  return driver === 'configmap' ? payload : Buffer.from(payload, 'latin1').toString('base64');
}
