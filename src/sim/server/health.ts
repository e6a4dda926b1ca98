// /healthz, /livez and /readyz as the API server answers them: `ok`, or with `?verbose` one line per
// check (`[+]etcd ok`) and `<endpoint> check passed`; `?exclude=NAME` marks a check excluded; one check
// alone at `/readyz/NAME` (`ok`, or 404 for a check the endpoint does not have).

export type HealthEndpoint = 'healthz' | 'livez' | 'readyz';

const HOOKS = [
  'start-apiserver-admission-initializer',
  'generic-apiserver-start-informers',
  'priority-and-fairness-config-consumer',
  'priority-and-fairness-filter',
  'storage-object-count-tracker-hook',
  'start-apiextensions-informers',
  'start-apiextensions-controllers',
  'crd-informer-synced',
  'start-system-namespaces-controller',
  'start-cluster-authentication-info-controller',
  'start-kube-apiserver-identity-lease-controller',
  'start-kube-apiserver-identity-lease-garbage-collector',
  'start-legacy-token-tracking-controller',
  'start-service-ip-repair-controllers',
  'rbac/bootstrap-roles',
  'scheduling/bootstrap-system-priority-classes',
  'priority-and-fairness-config-producer',
  'bootstrap-controller',
  'aggregator-reload-proxy-client-cert',
  'start-kube-aggregator-informers',
  'apiservice-status-local-available-controller',
  'apiservice-status-remote-available-controller',
  'apiservice-registration-controller',
  'apiservice-discovery-controller',
  'kube-apiserver-autoregistration',
].map((h) => `poststarthook/${h}`);

/** The checks of each endpoint, in the API server's order. */
export function healthChecks(endpoint: HealthEndpoint): string[] {
  const ready = endpoint === 'readyz';
  return [
    'ping',
    'log',
    'etcd',
    ...(ready ? ['etcd-readiness'] : []),
    'api-priority-and-fairness',
    ...(ready ? ['informer-sync'] : []),
    ...HOOKS,
    'autoregister-completion',
    'poststarthook/apiservice-openapi-controller',
    'poststarthook/apiservice-openapiv3-controller',
    ...(ready ? ['shutdown'] : []),
  ];
}

/** The answer to GET /<endpoint>[/<check…>]?<query>. */
export function healthResponse(
  endpoint: HealthEndpoint,
  check: string | undefined,
  q: URLSearchParams,
): { status: number; body: string } {
  const checks = healthChecks(endpoint);
  if (check !== undefined)
    return checks.includes(check)
      ? { status: 200, body: 'ok' }
      : { status: 404, body: '404 page not found\n' };
  // `verbose` counts when present at all, whatever its value (the API server checks for the key)
  if (!q.has('verbose')) return { status: 200, body: 'ok' };
  const excluded = new Set(q.getAll('exclude'));
  const lines = checks.map((c) => (excluded.has(c) ? `[+]${c} excluded: ok` : `[+]${c} ok`));
  return { status: 200, body: `${lines.join('\n')}\n${endpoint} check passed\n` };
}
