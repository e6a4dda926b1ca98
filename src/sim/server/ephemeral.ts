// The `pods/{name}/ephemeralcontainers` subresource (what `kubectl debug` patches): only
// spec.ephemeralContainers changes through it (the rest of what the client sends is dropped, as the
// real strategy's PrepareForUpdate does), existing ephemeral containers may be neither removed nor
// changed, and each new one is validated as the API server validates it (validateEphemeralContainers):
// a name unique among all the pod's containers, an image, no ports, probes, lifecycle, resources,
// resizePolicy or restartPolicy, and a targetContainerName naming one of the pod's other containers.

import { isDeepStrictEqual } from 'node:util';
import type { KObject, Pod } from '../../util/k8s.js';
import { StorageError } from '../storage/index.js';
import type { StatusCause } from '../storage/index.js';

interface EphemeralContainer {
  name?: string;
  image?: string;
  targetContainerName?: string;
  [field: string]: unknown;
}

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Fields an ephemeral container may not set (the complement of allowedEphemeralContainerFields). */
const FORBIDDEN = [
  'ports',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'lifecycle',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
];

const ephemeralOf = (o: KObject | Pod): EphemeralContainer[] => {
  const list = (o.spec as { ephemeralContainers?: unknown } | undefined)?.ephemeralContainers;
  return Array.isArray(list) ? (list as EphemeralContainer[]) : [];
};

/** A Go zero value: absent, null, empty string, empty list or object. */
const isSet = (v: unknown): boolean =>
  v !== undefined &&
  v !== null &&
  v !== '' &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

function causes(cur: Pod, next: EphemeralContainer[]): StatusCause[] {
  const out: StatusCause[] = [];
  const path = 'spec.ephemeralContainers';
  const old = ephemeralOf(cur);
  for (const o of old) {
    const n = next.find((c) => c.name === o.name);
    if (!n)
      out.push({
        reason: 'FieldValueForbidden',
        message: `Forbidden: existing ephemeral containers "${o.name ?? ''}" may not be removed`,
        field: path,
      });
    else if (!isDeepStrictEqual(n, o))
      out.push({
        reason: 'FieldValueForbidden',
        message: `Forbidden: existing ephemeral containers "${o.name ?? ''}" may not be changed`,
        field: `${path}[${next.indexOf(n)}]`,
      });
  }
  const others = new Set(
    [...(cur.spec?.containers ?? []), ...(cur.spec?.initContainers ?? [])].map((c) => c.name),
  );
  const names = new Set(others);
  next.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c.name) out.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${p}.name` });
    else if (!LABEL.test(c.name))
      out.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${c.name}": ${LABEL_MSG}`,
        field: `${p}.name`,
      });
    if (c.name && names.has(c.name))
      out.push({
        reason: 'FieldValueDuplicate',
        message: `Duplicate value: "${c.name}"`,
        field: `${p}.name`,
      });
    else if (c.name) names.add(c.name);
    if (typeof c.image !== 'string' || !c.image.trim())
      out.push({ reason: 'FieldValueRequired', message: 'Required value', field: `${p}.image` });
    if (c.targetContainerName && !others.has(c.targetContainerName))
      out.push({
        reason: 'FieldValueNotFound',
        message: `Not found: "${c.targetContainerName}"`,
        field: `${p}.targetContainerName`,
      });
    for (const f of FORBIDDEN)
      if (isSet(c[f]))
        out.push({
          reason: 'FieldValueForbidden',
          message: 'Forbidden: cannot be set for an Ephemeral Container',
          field: `${p}.${f}`,
        });
  });
  return out;
}

/** The API server's defaults for a container (SetDefaults_Container) that the kubelet relies on. */
function defaulted(c: EphemeralContainer): EphemeralContainer {
  const tag = /:([^:/@]+)$/.exec(c.image ?? '')?.[1];
  return {
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent',
    ...c,
  };
}

/**
 * The pod as stored after writing `sent` (the whole pod the client sent or its patch produced) through
 * the subresource: `cur` with the new ephemeral containers, or a 422 when they may not be stored.
 */
export function withEphemeralContainers(cur: Pod, sent: KObject): KObject {
  const old = ephemeralOf(cur);
  const next = ephemeralOf(sent).map((c) => (old.some((o) => o.name === c.name) ? c : defaulted(c)));
  const found = causes(cur, next);
  if (found.length > 0) {
    const name = cur.metadata.name ?? '';
    const list = found.map((c) => `${c.field ?? ''}: ${c.message}`);
    const msg = list.length === 1 ? (list[0] ?? '') : `[${list.join(', ')}]`;
    throw new StorageError(422, 'Invalid', `Pod "${name}" is invalid: ${msg}`, {
      name,
      kind: 'Pod',
      causes: found,
    });
  }
  const out = structuredClone(cur) as unknown as KObject;
  const spec = (out.spec ?? {}) as Record<string, unknown>;
  spec['ephemeralContainers'] = next;
  out.spec = spec;
  // a resourceVersion the client sent is a precondition
  if (sent.metadata.resourceVersion) out.metadata.resourceVersion = sent.metadata.resourceVersion;
  return out;
}
