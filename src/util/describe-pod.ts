// kubectl's describers for a Pod and a Deployment (its pod template), line for line: containers with their
// states, resources, probes, environment and mounts; volumes; QoS class; tolerations.
import type { KObject } from './k8s.js';
import { formatLabelSelector } from './selector.js';
import type { LabelSelector } from './k8s.js';
import type { J } from './describe-common.js';
import { L, annotationLines, labelLines, list, rec, rfc1123z, str, strMap, tolerationLines } from './describe-common.js';
import { humanDuration } from './age.js';

function stateLines(out: string[], name: string, state: J): void {
  const running = state.running ? rec(state.running) : undefined;
  const waiting = state.waiting ? rec(state.waiting) : undefined;
  const term = state.terminated ? rec(state.terminated) : undefined;
  if (running) out.push(L(2, `${name}:\tRunning`), L(3, `Started:\t${rfc1123z(running.startedAt)}`));
  else if (waiting) {
    out.push(L(2, `${name}:\tWaiting`));
    if (str(waiting.reason)) out.push(L(3, `Reason:\t${str(waiting.reason)}`));
  } else if (term) {
    out.push(L(2, `${name}:\tTerminated`));
    if (str(term.reason)) out.push(L(3, `Reason:\t${str(term.reason)}`));
    if (str(term.message)) out.push(L(3, `Message:\t${str(term.message)}`));
    out.push(L(3, `Exit Code:\t${str(term.exitCode) || '0'}`));
    if (typeof term.signal === 'number' && term.signal > 0) out.push(L(3, `Signal:\t${term.signal}`));
    out.push(L(3, `Started:\t${rfc1123z(term.startedAt)}`), L(3, `Finished:\t${rfc1123z(term.finishedAt)}`));
  } else out.push(L(2, `${name}:\tWaiting`));
}

function probe(p: J): string {
  const n = (k: string, d: number) => (typeof p[k] === 'number' ? (p[k] as number) : d);
  const attrs = `delay=${n('initialDelaySeconds', 0)}s timeout=${n('timeoutSeconds', 0)}s period=${n('periodSeconds', 0)}s #success=${n('successThreshold', 0)} #failure=${n('failureThreshold', 0)}`;
  if (p.exec) return `exec [${list(rec(p.exec).command).map(str).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const h = rec(p.httpGet);
    const port = str(h.port);
    const host = str(h.host);
    const hostPort = port ? `${host.includes(':') ? `[${host}]` : host}:${port}` : host;
    return `http-get ${str(h.scheme).toLowerCase() || 'http'}://${hostPort}${str(h.path)} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${str(rec(p.tcpSocket).host)}:${str(rec(p.tcpSocket).port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${str(rec(p.grpc).port)} ${str(rec(p.grpc).service)} ${attrs}`;
  return `unknown ${attrs}`;
}

function resourceLines(out: string[], title: string, m: J): void {
  const names = Object.keys(m).sort();
  if (names.length === 0) return;
  out.push(L(2, `${title}:`));
  for (const k of names) out.push(L(3, `${k}:\t${str(m[k])}`));
}

function envLines(out: string[], c: J): void {
  const from = list(c.envFrom).map(rec);
  if (from.length > 0) {
    out.push(L(2, 'Environment Variables from:'));
    for (const e of from) {
      const ref = e.configMapRef ? rec(e.configMapRef) : rec(e.secretRef);
      const kind = e.configMapRef ? 'ConfigMap' : 'Secret';
      const what = str(e.prefix) ? `${kind} with prefix '${str(e.prefix)}'` : kind;
      out.push(L(3, `${str(ref.name)}\t${what}\tOptional: ${ref.optional === true}`));
    }
  }
  const env = list(c.env).map(rec);
  out.push(L(2, `Environment:${env.length === 0 ? '\t<none>' : ''}`));
  for (const e of env) {
    const vf = e.valueFrom ? rec(e.valueFrom) : undefined;
    if (!vf) {
      str(e.value)
        .split('\n')
        .forEach((s, i) => out.push(L(3, i === 0 ? `${str(e.name)}:\t${s}` : `\t${s}`)));
    } else if (vf.fieldRef) out.push(L(3, `${str(e.name)}:\t (${str(rec(vf.fieldRef).apiVersion)}:${str(rec(vf.fieldRef).fieldPath)})`));
    else if (vf.resourceFieldRef) out.push(L(3, `${str(e.name)}:\t (${str(rec(vf.resourceFieldRef).resource)})`));
    else if (vf.secretKeyRef) {
      const r = rec(vf.secretKeyRef);
      out.push(L(3, `${str(e.name)}:\t<set to the key '${str(r.key)}' in secret '${str(r.name)}'>\tOptional: ${r.optional === true}`));
    } else if (vf.configMapKeyRef) {
      const r = rec(vf.configMapKeyRef);
      out.push(L(3, `${str(e.name)}:\t<set to the key '${str(r.key)}' of config map '${str(r.name)}'>\tOptional: ${r.optional === true}`));
    }
  }
}

function containerLines(out: string[], label: string, containers: unknown, statuses: unknown, space: string): void {
  const cs = list(containers).map(rec);
  if (cs.length === 0) return void out.push(`${space}${label}: <none>`);
  const byName = new Map(list(statuses).map((s) => [str(rec(s).name), rec(s)] as const));
  out.push(`${space}${label}:`);
  for (const c of cs) {
    const st = byName.get(str(c.name));
    out.push(L(1, `${space ? ' ' : ''}${str(c.name)}:`));
    if (st) out.push(L(2, `Container ID:\t${str(st.containerID)}`));
    out.push(L(2, `Image:\t${str(c.image)}`));
    if (st) out.push(L(2, `Image ID:\t${str(st.imageID)}`));
    const ports = list(c.ports).map(rec);
    const portText = ports.map((p) => `${str(p.containerPort)}/${str(p.protocol) || 'TCP'}`).join(', ');
    const hostText = ports.map((p) => `${str(p.hostPort) || '0'}/${str(p.protocol) || 'TCP'}`).join(', ');
    out.push(L(2, portText.includes(',') ? `Ports:\t${portText}` : `Port:\t${portText || '<none>'}`));
    out.push(L(2, hostText.includes(',') ? `Host Ports:\t${hostText}` : `Host Port:\t${hostText || '<none>'}`));
    for (const [title, xs] of [['Command', c.command], ['Args', c.args]] as const) {
      if (list(xs).length === 0) continue;
      out.push(L(2, `${title}:`));
      for (const x of list(xs)) for (const s of str(x).split('\n')) out.push(L(3, s));
    }
    if (st) {
      stateLines(out, 'State', rec(st.state));
      if (rec(st.lastState).terminated) stateLines(out, 'Last State', rec(st.lastState));
      out.push(L(2, `Ready:\t${st.ready === true ? 'True' : 'False'}`), L(2, `Restart Count:\t${str(st.restartCount) || '0'}`));
    }
    resourceLines(out, 'Limits', rec(rec(c.resources).limits));
    resourceLines(out, 'Requests', rec(rec(c.resources).requests));
    for (const [title, key] of [['Liveness', 'livenessProbe'], ['Readiness', 'readinessProbe'], ['Startup', 'startupProbe']] as const) {
      if (c[key]) out.push(L(2, `${title}:\t${probe(rec(c[key]))}`));
    }
    envLines(out, c);
    const mounts = list(c.volumeMounts)
      .map(rec)
      .sort((a, b) => (str(a.mountPath) < str(b.mountPath) ? -1 : str(a.mountPath) > str(b.mountPath) ? 1 : 0));
    out.push(L(2, `Mounts:${mounts.length === 0 ? '\t<none>' : ''}`));
    for (const m of mounts) {
      const flags = [m.readOnly === true ? 'ro' : 'rw', ...(str(m.subPath) ? [`path=${JSON.stringify(str(m.subPath))}`] : [])];
      out.push(L(3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})`));
    }
  }
}

const optional = (x: unknown) => (typeof x === 'boolean' ? String(x) : '<nil>');

function volumeLines(out: string[], volumes: unknown, space: string): void {
  const vs = list(volumes).map(rec);
  if (vs.length === 0) return void out.push(`${space}Volumes:\t<none>`);
  out.push(`${space}Volumes:`);
  for (const v of vs) {
    out.push(L(1, `${space ? ' ' : ''}${str(v.name)}:`));
    if (v.emptyDir) {
      const e = rec(v.emptyDir);
      out.push(L(2, 'Type:\tEmptyDir (a temporary directory that shares a pod\'s lifetime)'), L(2, `Medium:\t${str(e.medium)}`), L(2, `SizeLimit:\t${str(e.sizeLimit) || '<unset>'}`));
    } else if (v.configMap) {
      const c = rec(v.configMap);
      out.push(L(2, 'Type:\tConfigMap (a volume populated by a ConfigMap)'), L(2, `Name:\t${str(c.name)}`), L(2, `Optional:\t${c.optional === true}`));
    } else if (v.secret) {
      const c = rec(v.secret);
      out.push(L(2, 'Type:\tSecret (a volume populated by a Secret)'), L(2, `SecretName:\t${str(c.secretName)}`), L(2, `Optional:\t${c.optional === true}`));
    } else if (v.hostPath) {
      const h = rec(v.hostPath);
      out.push(L(2, 'Type:\tHostPath (bare host directory volume)'), L(2, `Path:\t${str(h.path)}`), L(2, `HostPathType:\t${'type' in h ? str(h.type) : '<none>'}`));
    } else if (v.persistentVolumeClaim) {
      const c = rec(v.persistentVolumeClaim);
      out.push(L(2, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)'), L(2, `ClaimName:\t${str(c.claimName)}`), L(2, `ReadOnly:\t${c.readOnly === true}`));
    } else if (v.projected) {
      out.push(L(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)'));
      for (const s of list(rec(v.projected).sources).map(rec)) {
        if (s.secret) out.push(L(2, `SecretName:\t${str(rec(s.secret).name)}`), L(2, `SecretOptionalName:\t${optional(rec(s.secret).optional)}`));
        else if (s.downwardAPI) out.push(L(2, 'DownwardAPI:\ttrue'));
        else if (s.configMap) out.push(L(2, `ConfigMapName:\t${str(rec(s.configMap).name)}`), L(2, `ConfigMapOptional:\t${optional(rec(s.configMap).optional)}`));
        else if (s.serviceAccountToken) out.push(L(2, `TokenExpirationSeconds:\t${str(rec(s.serviceAccountToken).expirationSeconds)}`));
      }
    } else out.push(L(1, '<unknown>'));
  }
}

/** GetPodQOS: Guaranteed when every container limits cpu and memory at its requests, BestEffort with none. */
function qosClass(spec: J): string {
  const cs = [...list(spec.containers), ...list(spec.initContainers)].map((c) => rec(rec(c).resources));
  const any = cs.some((r) => ['cpu', 'memory'].some((k) => rec(r.requests)[k] !== undefined || rec(r.limits)[k] !== undefined));
  if (!any) return 'BestEffort';
  const guaranteed = cs.every((r) => ['cpu', 'memory'].every((k) => rec(r.limits)[k] !== undefined && (rec(r.requests)[k] === undefined || str(rec(r.requests)[k]) === str(rec(r.limits)[k]))));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** A Pod, as `kubectl describe pod` prints it (before its Events). */
export function describePod(obj: KObject, out: string[]): void {
  const pod = obj as KObject & { spec?: J; status?: J };
  const m = pod.metadata;
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  out.push(`Name:\t${m.name}`, `Namespace:\t${m.namespace ?? ''}`);
  if (typeof spec.priority === 'number') out.push(`Priority:\t${spec.priority}`);
  if (str(spec.priorityClassName)) out.push(`Priority Class Name:\t${str(spec.priorityClassName)}`);
  if (str(spec.runtimeClassName)) out.push(`Runtime Class Name:\t${str(spec.runtimeClassName)}`);
  out.push(`Service Account:\t${str(spec.serviceAccountName)}`);
  out.push(`Node:\t${str(spec.nodeName) ? `${str(spec.nodeName)}/${str(status.hostIP)}` : '<none>'}`);
  if (status.startTime) out.push(`Start Time:\t${rfc1123z(status.startTime)}`);
  labelLines(out, 'Labels', m.labels);
  annotationLines(out, 'Annotations', m.annotations);
  const phase = str(status.phase);
  if (m.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') {
    const lasts = Date.now() - Date.parse(m.deletionTimestamp);
    // HumanDuration: a deletion still to come (its grace period) reads <invalid>
    out.push(`Status:\tTerminating (lasts ${lasts < -1000 ? '<invalid>' : humanDuration(lasts)})`);
    out.push(`Termination Grace Period:\t${str((m as J).deletionGracePeriodSeconds) || '0'}s`);
  } else out.push(`Status:\t${phase}`);
  if (str(status.reason)) out.push(`Reason:\t${str(status.reason)}`);
  if (str(status.message)) out.push(`Message:\t${str(status.message)}`);
  out.push(`IP:\t${str(status.podIP)}`);
  const ips = list(status.podIPs).map(rec);
  if (ips.length === 0) out.push('IPs:\t<none>');
  else out.push('IPs:', ...ips.map((ip) => L(1, `IP:\t${str(ip.ip)}`)));
  const owner = m.ownerReferences?.find((o) => o.controller);
  if (owner) out.push(`Controlled By:\t${owner.kind}/${owner.name}`);
  if (str(status.nominatedNodeName)) out.push(`NominatedNodeName:\t${str(status.nominatedNodeName)}`);
  if (list(spec.initContainers).length > 0) containerLines(out, 'Init Containers', spec.initContainers, status.initContainerStatuses, '');
  containerLines(out, 'Containers', spec.containers, status.containerStatuses, '');
  const conds = list(status.conditions).map(rec);
  if (conds.length > 0) {
    out.push('Conditions:', '  Type\tStatus');
    for (const c of conds) out.push(L(1, `${str(c.type)} \t${str(c.status)} `));
  }
  volumeLines(out, spec.volumes, '');
  out.push(`QoS Class:\t${str(status.qosClass) || qosClass(spec)}`);
  labelLines(out, 'Node-Selectors', strMap(spec.nodeSelector));
  tolerationLines(out, 'Tolerations', spec.tolerations);
}

/** DescribePodTemplate. */
function podTemplateLines(out: string[], template: J): void {
  out.push('Pod Template:');
  const meta = rec(template.metadata);
  const spec = rec(template.spec);
  labelLines(out, '  Labels', strMap(meta.labels));
  if (Object.keys(rec(meta.annotations)).length > 0) annotationLines(out, '  Annotations', strMap(meta.annotations));
  if (str(spec.serviceAccountName)) out.push(L(1, `Service Account:\t${str(spec.serviceAccountName)}`));
  if (list(spec.initContainers).length > 0) containerLines(out, 'Init Containers', spec.initContainers, undefined, '  ');
  containerLines(out, 'Containers', spec.containers, undefined, '  ');
  volumeLines(out, spec.volumes, '  ');
  if (str(spec.priorityClassName)) out.push(L(1, `Priority Class Name:\t${str(spec.priorityClassName)}`));
  labelLines(out, '  Node-Selectors', strMap(spec.nodeSelector));
  tolerationLines(out, 'Tolerations', spec.tolerations, '  ');
}

/** A Deployment, as `kubectl describe deployment` prints it (its ReplicaSets are not known here). */
export function describeDeployment(obj: KObject, out: string[]): void {
  const d = obj as KObject & { spec?: J; status?: J };
  const m = d.metadata;
  const spec = rec(d.spec);
  const st = rec(d.status);
  const n = (x: unknown) => str(x) || '0';
  out.push(`Name:\t${m.name}`, `Namespace:\t${m.namespace ?? ''}`, `CreationTimestamp:\t${rfc1123z(m.creationTimestamp)}`);
  labelLines(out, 'Labels', m.labels);
  annotationLines(out, 'Annotations', m.annotations);
  out.push(`Selector:\t${formatLabelSelector(spec.selector as LabelSelector | undefined)}`);
  out.push(`Replicas:\t${str(spec.replicas) || '1'} desired | ${n(st.updatedReplicas)} updated | ${n(st.replicas)} total | ${n(st.availableReplicas)} available | ${n(st.unavailableReplicas)} unavailable`);
  const strategy = rec(spec.strategy);
  out.push(`StrategyType:\t${str(strategy.type)}`, `MinReadySeconds:\t${n(spec.minReadySeconds)}`);
  if (strategy.rollingUpdate) {
    const ru = rec(strategy.rollingUpdate);
    out.push(`RollingUpdateStrategy:\t${str(ru.maxUnavailable)} max unavailable, ${str(ru.maxSurge)} max surge`);
  }
  podTemplateLines(out, rec(spec.template));
  const conds = list(st.conditions).map(rec);
  if (conds.length > 0) {
    out.push('Conditions:', '  Type\tStatus\tReason', L(1, '----\t------\t------'));
    for (const c of conds) out.push(L(1, `${str(c.type)} \t${str(c.status)}\t${str(c.reason)}`));
  }
}
