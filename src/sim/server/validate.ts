// Validation of objects written through the API, with the real server's field paths and messages, so
// that kubectl prints `The Pod "x" is invalid: spec.containers[0].image: Required value`.

import type { KObject, LabelSelector, PodSpec } from '../../util/k8s.js';
import { fromLabelSelector, labelKeyError, labelValueError, matchesLabels } from '../../util/selector.js';
import { StorageError } from '../storage/index.js';
import type { StatusCause } from '../storage/index.js';
import type { ResourceInfo } from '../resources.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

const required = (field: string): StatusCause => ({
  reason: 'FieldValueRequired',
  message: 'Required value',
  field,
});
const invalid = (field: string, value: unknown, why: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  message: `Invalid value: ${typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value)}: ${why}`,
  field,
});

function nameRule(info: ResourceInfo): { re: RegExp; msg: string; max: number } {
  const r = info.gvr.resource;
  if (info.gvr.group === '' && r === 'services') return { re: DNS1035, msg: DNS1035_MSG, max: 63 };
  if (info.gvr.group === '' && r === 'namespaces') return { re: LABEL, msg: LABEL_MSG, max: 63 };
  return { re: SUBDOMAIN, msg: SUBDOMAIN_MSG, max: 253 };
}

function metaCauses(info: ResourceInfo, o: KObject, causes: StatusCause[]): void {
  const m = o.metadata;
  if (!m.name && !m.generateName)
    causes.push({
      ...required('metadata.name'),
      message: 'Required value: name or generateName is required',
    });
  else if (m.name) {
    const rule = nameRule(info);
    if (m.name.length > rule.max)
      causes.push(invalid('metadata.name', m.name, `must be no more than ${rule.max} characters`));
    else if (!rule.re.test(m.name)) causes.push(invalid('metadata.name', m.name, rule.msg));
  }
  for (const [k, v] of Object.entries(m.labels ?? {})) {
    const e = labelKeyError(k);
    if (e) causes.push(invalid('metadata.labels', k, e));
    const ve = typeof v === 'string' ? labelValueError(v) : 'must be a string';
    if (ve) causes.push(invalid('metadata.labels', v, ve));
  }
}

function podSpecCauses(spec: PodSpec | undefined, path: string, causes: StatusCause[]): void {
  if (!spec || !Array.isArray(spec.containers) || spec.containers.length === 0) {
    causes.push(required(`${path}.containers`));
    return;
  }
  const names = new Set<string>();
  const check = (list: PodSpec['containers'] | undefined, field: string): void =>
    list?.forEach((c, i) => {
      const p = `${path}.${field}[${i}]`;
      if (!c.name) causes.push(required(`${p}.name`));
      else if (!LABEL.test(c.name)) causes.push(invalid(`${p}.name`, c.name, LABEL_MSG));
      else if (names.has(c.name))
        causes.push({
          reason: 'FieldValueDuplicate',
          message: `Duplicate value: "${c.name}"`,
          field: `${p}.name`,
        });
      else names.add(c.name);
      if (!c.image || !c.image.trim()) causes.push(required(`${p}.image`));
    });
  check(spec.initContainers, 'initContainers');
  check(spec.containers, 'containers');
}

interface WithTemplate {
  selector?: LabelSelector;
  template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpec };
}

function workloadCauses(spec: WithTemplate | undefined, causes: StatusCause[], needSelector: boolean): void {
  if (!spec) {
    causes.push(required('spec'));
    return;
  }
  const labels = spec.template?.metadata?.labels;
  if (needSelector) {
    if (!spec.selector) causes.push(required('spec.selector'));
    else {
      const sel = fromLabelSelector(spec.selector);
      if (!sel.ok) causes.push(invalid('spec.selector', spec.selector, sel.error));
      else if (sel.selector.requirements.length === 0)
        causes.push(invalid('spec.selector', spec.selector, 'empty selector is invalid for deployment'));
      else if (!matchesLabels(sel.selector, labels))
        causes.push(
          invalid(
            'spec.template.metadata.labels',
            labels ?? {},
            '`selector` does not match template `labels`',
          ),
        );
    }
  }
  podSpecCauses(spec.template?.spec, 'spec.template.spec', causes);
}

/** Throw 422 Invalid when `o` may not be stored. */
export function validate(info: ResourceInfo, o: KObject): void {
  const causes: StatusCause[] = [];
  metaCauses(info, o, causes);
  const spec = o.spec as Record<string, unknown> | undefined;
  const builtin = ['', 'apps', 'batch'].includes(info.gvr.group);
  if (builtin)
    switch (info.kind) {
      case 'Pod':
        podSpecCauses(spec as PodSpec | undefined, 'spec', causes);
        break;
      case 'Deployment':
      case 'ReplicaSet':
      case 'StatefulSet':
      case 'DaemonSet':
        workloadCauses(spec as WithTemplate | undefined, causes, true);
        break;
      case 'Job':
        workloadCauses(spec as WithTemplate | undefined, causes, false);
        break;
      case 'CronJob': {
        if (typeof spec?.['schedule'] !== 'string' || !spec['schedule'])
          causes.push(required('spec.schedule'));
        const jt = spec?.['jobTemplate'] as { spec?: WithTemplate } | undefined;
        const before = causes.length;
        workloadCauses(jt?.spec, causes, false);
        for (let i = before; i < causes.length; i++) {
          const c = causes[i];
          if (c) causes[i] = { ...c, field: `spec.jobTemplate.${c.field}` };
        }
        break;
      }
      case 'Service': {
        const type = spec?.['type'];
        const ports = spec?.['ports'];
        if (
          type !== 'ExternalName' &&
          spec?.['clusterIP'] !== 'None' &&
          (!Array.isArray(ports) || ports.length === 0)
        )
          causes.push(required('spec.ports'));
        break;
      }
    }
  if (causes.length === 0) return;
  const name = o.metadata.name ?? o.metadata.generateName ?? '';
  const list = causes.map((c) => `${c.field}: ${c.message}`);
  const msg = list.length === 1 ? (list[0] ?? '') : `[${list.join(', ')}]`;
  throw new StorageError(422, 'Invalid', `${info.kind} "${name}" is invalid: ${msg}`, {
    name,
    kind: info.kind,
    ...(info.gvr.group ? { group: info.gvr.group } : {}),
    causes,
  });
}
