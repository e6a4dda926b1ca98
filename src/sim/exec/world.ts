// What a shell sees inside one container: hostname, environment, a small filesystem and the process
// list, built from the pod spec. Pure: ConfigMaps, Secrets and Services come through `Lookup`.

import type { Container, Pod } from '../../util/k8s.js';
import { FakeFs } from './fs.js';
import { osRelease, traitsOf } from './image.js';
import type { ImageTraits } from './image.js';

export interface ServiceInfo {
  name: string;
  clusterIP: string;
  ports: { name?: string; port: number; protocol?: string }[];
}

export interface Lookup {
  /** A ConfigMap's or Secret's data (Secret values decoded), or undefined. */
  data(kind: 'configmaps' | 'secrets', name: string): Record<string, string> | undefined;
  /** The Services of the pod's namespace (for the `<NAME>_SERVICE_HOST` variables). */
  services(): ServiceInfo[];
}

interface Process {
  pid: number;
  user: string;
  cmd: string;
}

export interface ContainerWorld {
  pod: string;
  namespace: string;
  container: string;
  image: string;
  traits: ImageTraits;
  env: Record<string, string>;
  fs: FakeFs;
  processes: Process[];
}

type Ref = { name?: string; key?: string; optional?: boolean };
interface ValueFrom {
  fieldRef?: { fieldPath?: string };
  configMapKeyRef?: Ref;
  secretKeyRef?: Ref;
}
interface EnvFrom {
  prefix?: string;
  configMapRef?: { name?: string };
  secretRef?: { name?: string };
}
interface Volume {
  name: string;
  configMap?: { name?: string; items?: { key: string; path: string }[] };
  secret?: { secretName?: string; items?: { key: string; path: string }[] };
}

function fieldOf(pod: Pod, path: string | undefined): string {
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? 'default';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    default:
      return '';
  }
}

const envName = (s: string): string => s.toUpperCase().replace(/-/g, '_');

function serviceEnv(services: ServiceInfo[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of services) {
    if (!s.clusterIP || s.clusterIP === 'None') continue;
    const n = envName(s.name);
    const first = s.ports[0];
    env[`${n}_SERVICE_HOST`] = s.clusterIP;
    if (!first) continue;
    env[`${n}_SERVICE_PORT`] = String(first.port);
    env[`${n}_PORT`] = `${(first.protocol ?? 'TCP').toLowerCase()}://${s.clusterIP}:${first.port}`;
    for (const p of s.ports) {
      const proto = (p.protocol ?? 'TCP').toUpperCase();
      if (p.name) env[`${n}_SERVICE_PORT_${envName(p.name)}`] = String(p.port);
      const k = `${n}_PORT_${p.port}_${proto}`;
      env[k] = `${proto.toLowerCase()}://${s.clusterIP}:${p.port}`;
      env[`${k}_PROTO`] = proto.toLowerCase();
      env[`${k}_PORT`] = String(p.port);
      env[`${k}_ADDR`] = s.clusterIP;
    }
  }
  return env;
}

/** The container's environment as the kubelet builds it (service links, envFrom, env, then HOSTNAME…). */
function containerEnv(pod: Pod, c: Container, lookup: Lookup, tty: boolean): Record<string, string> {
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOSTNAME: pod.metadata.name ?? '',
  };
  if (tty) env['TERM'] = 'xterm';
  const services = lookup.services();
  if (!services.some((s) => s.name === 'kubernetes') && pod.metadata.namespace !== 'default')
    services.push({ name: 'kubernetes', clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] });
  Object.assign(env, serviceEnv(services));
  for (const ef of (c as { envFrom?: EnvFrom[] }).envFrom ?? []) {
    const d = ef.configMapRef?.name
      ? lookup.data('configmaps', ef.configMapRef.name)
      : ef.secretRef?.name
        ? lookup.data('secrets', ef.secretRef.name)
        : undefined;
    for (const [k, v] of Object.entries(d ?? {})) env[`${ef.prefix ?? ''}${k}`] = v;
  }
  for (const e of c.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, v: string) => env[v] ?? m);
      continue;
    }
    const vf = e.valueFrom as ValueFrom | undefined;
    if (!vf) env[e.name] = '';
    else if (vf.fieldRef) env[e.name] = fieldOf(pod, vf.fieldRef.fieldPath);
    else if (vf.configMapKeyRef?.name && vf.configMapKeyRef.key) {
      const v = lookup.data('configmaps', vf.configMapKeyRef.name)?.[vf.configMapKeyRef.key];
      if (v !== undefined) env[e.name] = v;
    } else if (vf.secretKeyRef?.name && vf.secretKeyRef.key) {
      const v = lookup.data('secrets', vf.secretKeyRef.name)?.[vf.secretKeyRef.key];
      if (v !== undefined) env[e.name] = v;
    }
  }
  env['HOME'] ??= '/root';
  return env;
}

function mainCommand(c: Container): string {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (argv.length > 0) return argv.join(' ');
  const img = (c.image ?? '').split('@')[0] ?? '';
  const name = (img.split('/').pop() ?? c.name).split(':')[0] ?? c.name;
  if (name === 'nginx' || name === 'hello') return 'nginx: master process nginx -g daemon off;';
  if (name === 'redis') return 'redis-server *:6379';
  if (name === 'postgres') return 'postgres';
  return `/app/${name}`;
}

function buildFs(pod: Pod, c: Container, traits: ImageTraits, lookup: Lookup): FakeFs {
  const fs = new FakeFs();
  const name = pod.metadata.name ?? '';
  const ns = pod.metadata.namespace ?? 'default';
  for (const d of ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sys', '/tmp', '/usr', '/var'])
    fs.mkdir(d);
  fs.write('/etc/hostname', `${name}\n`);
  fs.write('/etc/hosts', `127.0.0.1\tlocalhost\n${pod.status?.podIP ?? '10.244.0.10'}\t${name}\n`);
  fs.write(
    '/etc/resolv.conf',
    `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`,
  );
  fs.write('/etc/os-release', osRelease(traits.distro));
  fs.write(
    '/etc/passwd',
    'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
  );
  fs.write('/proc/1/cmdline', `${mainCommand(c)}\n`);
  fs.write('/proc/version', 'Linux version 6.8.0-sim (kubedeck simulator)\n');
  fs.write('/proc/uptime', '3600.00 7000.00\n');
  const sa = '/var/run/secrets/kubernetes.io/serviceaccount';
  fs.write(`${sa}/namespace`, ns);
  fs.write(`${sa}/token`, 'eyJhbGciOiJSUzI1NiJ9.simulated.token');
  fs.write(`${sa}/ca.crt`, '-----BEGIN CERTIFICATE-----\n(simulated)\n-----END CERTIFICATE-----\n');
  if (/nginx|hello/.test(c.image ?? ''))
    fs.write('/usr/share/nginx/html/index.html', `<h1>Welcome to nginx!</h1>\n`);
  else if (traits.distro === 'debian' || traits.distro === 'ubuntu') fs.mkdir('/app');
  const volumes = (pod.spec?.volumes ?? []) as Volume[];
  for (const m of c.volumeMounts ?? []) {
    const v = volumes.find((x) => x.name === m.name);
    fs.mkdir(m.mountPath);
    const src = v?.configMap?.name
      ? { data: lookup.data('configmaps', v.configMap.name), items: v.configMap.items }
      : v?.secret?.secretName
        ? { data: lookup.data('secrets', v.secret.secretName), items: v.secret.items }
        : undefined;
    if (!src?.data) continue;
    const items = src.items ?? Object.keys(src.data).map((k) => ({ key: k, path: k }));
    for (const it of items) {
      const val = src.data[it.key];
      if (val !== undefined && !it.path.includes('..')) fs.write(`${m.mountPath}/${it.path}`, val);
    }
  }
  return fs;
}

export function buildWorld(pod: Pod, c: Container, lookup: Lookup, tty: boolean): ContainerWorld {
  const traits = traitsOf(c.image);
  return {
    pod: pod.metadata.name ?? '',
    namespace: pod.metadata.namespace ?? 'default',
    container: c.name,
    image: c.image ?? '',
    traits,
    env: containerEnv(pod, c, lookup, tty),
    fs: buildFs(pod, c, traits, lookup),
    processes: [{ pid: 1, user: 'root', cmd: mainCommand(c) }],
  };
}
