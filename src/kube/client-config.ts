// Turn one context of a LoadedKubeconfig into the option objects client-node's `KubeConfig.loadFromOptions`
// expects, mapping fields exactly as client-node's own loader does (config_types.js), so exec plugins,
// auth providers (OIDC), client certificates, CA, insecure-skip-tls-verify and tokens behave as there.
// Pure data: no client-node import at runtime.
import { readFileSync } from 'node:fs';
import type { Cluster, Context, User } from '@kubernetes/client-node';
import { KubeError } from './errors.js';
import { contextInfo } from './kubeconfig.js';
import type { LoadedKubeconfig, RawMap } from './kubeconfig.js';

export interface ClientNodeOptions {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext: string;
  /** The cluster's server URL without a trailing slash. */
  server: string;
  namespace: string;
}

/** User name used when a context names no user (client-node skips TLS options without a user). */
const ANONYMOUS_USER = '<kubedeck-anonymous>';

function str(raw: RawMap, key: string): string | undefined {
  const v = raw[key];
  return typeof v === 'string' && v ? v : undefined;
}

export function clientNodeOptions(cfg: LoadedKubeconfig, contextName?: string): ClientNodeOptions | KubeError {
  const info = contextInfo(cfg, contextName);
  if (info instanceof KubeError) return info;
  const cluster = cfg.clusters.get(info.cluster);
  if (!cluster) return new KubeError('Config', `cluster "${info.cluster}" is not defined`);
  const c = cluster.raw;
  const server = info.server.replace(/\/+$/, '');
  const cn: Cluster = {
    name: cluster.name,
    server,
    skipTLSVerify: c['insecure-skip-tls-verify'] === true,
    ...optional('caData', str(c, 'certificate-authority-data')),
    ...optional('caFile', str(c, 'certificate-authority')),
    ...optional('tlsServerName', str(c, 'tls-server-name')),
    ...optional('proxyUrl', str(c, 'proxy-url')),
  };
  const userName = info.user || ANONYMOUS_USER;
  const u = cfg.users.get(info.user)?.raw ?? {};
  let token = str(u, 'token');
  const tokenFile = str(u, 'token-file');
  if (!token && tokenFile) {
    try {
      token = readFileSync(tokenFile, 'utf8').trim();
    } catch (e) {
      return new KubeError('Config', `user "${info.user}": token-file: ${(e as Error).message}`);
    }
  }
  const user: User = {
    name: userName,
    ...optional('certData', str(u, 'client-certificate-data')),
    ...optional('certFile', str(u, 'client-certificate')),
    ...optional('keyData', str(u, 'client-key-data')),
    ...optional('keyFile', str(u, 'client-key')),
    ...optional('token', token),
    ...optional('username', str(u, 'username')),
    ...optional('password', str(u, 'password')),
    ...optional('impersonateUser', str(u, 'as')),
    ...(u['exec'] && typeof u['exec'] === 'object' ? { exec: u['exec'] } : {}),
    ...(u['auth-provider'] && typeof u['auth-provider'] === 'object' ? { authProvider: u['auth-provider'] } : {}),
  };
  const context: Context = {
    name: info.context,
    cluster: cluster.name,
    user: userName,
    ...(info.namespaceExplicit ? { namespace: info.namespace } : {}),
  };
  return {
    clusters: [cn],
    users: [user],
    contexts: [context],
    currentContext: info.context,
    server,
    namespace: info.namespace,
  };
}

function optional<K extends string>(key: K, v: string | undefined): { [P in K]?: string } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: string };
}

const SECRET_USER_FIELDS = ['token', 'password', 'client-key-data'];
const SECRET_PROVIDER_FIELDS = ['id-token', 'refresh-token', 'access-token', 'client-secret'];

/**
 * Every credential written in the kubeconfig (tokens, passwords, client keys, auth-provider tokens), in
 * the forms an error message could carry them: as written, and a base64 key also decoded and line by line.
 */
export function kubeconfigSecrets(cfg: LoadedKubeconfig): string[] {
  const out: string[] = [];
  for (const { raw } of cfg.users.values()) {
    for (const f of SECRET_USER_FIELDS) {
      const v = str(raw, f);
      if (!v) continue;
      out.push(v);
      if (f !== 'client-key-data') continue;
      const pem = Buffer.from(v, 'base64').toString('utf8');
      out.push(pem, ...pem.split(/\r?\n/).filter((l) => l.length >= 16 && !l.startsWith('-----')));
    }
    const provider = raw['auth-provider'];
    const config = provider && typeof provider === 'object' ? (provider as RawMap)['config'] : undefined;
    if (config && typeof config === 'object') {
      for (const f of SECRET_PROVIDER_FIELDS) {
        const v = str(config as RawMap, f);
        if (v) out.push(v);
      }
    }
  }
  return out.filter((s) => s.length >= 6);
}
