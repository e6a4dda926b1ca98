// metrics.k8s.io/v1beta1 as metrics-server serves it: NodeMetrics and PodMetrics, get and list (all
// namespaces or one), label and field selectors; read-only. Usage comes from usage.ts.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KObject, Pod } from '../../util/k8s.js';
import {
  COMMON_FIELDS,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from '../../util/selector.js';
import { NODES, PODS } from '../resources.js';
import type { Storage } from '../storage/index.js';
import { sendJson, sendStatus, streamJoined } from '../server/http-util.js';
import { WINDOW, cpuQuantity, memoryQuantity, nodeUsage, podUsage, scrapeTime } from './usage.js';
import { boolParam } from '../server/query.js';

const METRICS_GROUP = 'metrics.k8s.io';
const METRICS_VERSION = 'v1beta1';
const PREFIX = `/apis/${METRICS_GROUP}/${METRICS_VERSION}/`;
const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;

export interface MetricsEnv {
  storage: Storage;
  now: () => number;
  seed: number;
}

interface Target {
  resource: 'pods' | 'nodes';
  namespace?: string;
  name?: string;
}

/** The metrics resource a path names, or undefined when it is not a metrics resource path. */
export function metricsTarget(pathname: string): Target | undefined {
  if (!pathname.startsWith(PREFIX)) return undefined;
  const parts = pathname.slice(PREFIX.length).split('/').map(decodeURIComponent);
  if (parts[parts.length - 1] === '') parts.pop();
  let ns: string | undefined;
  if (parts[0] === 'namespaces' && parts.length >= 3) {
    ns = parts[1];
    parts.splice(0, 2);
  }
  const [resource, name, ...rest] = parts;
  if (rest.length || (resource !== 'pods' && resource !== 'nodes') || (resource === 'nodes' && ns))
    return undefined;
  return { resource, ...(ns ? { namespace: ns } : {}), ...(name ? { name } : {}) };
}

const ts = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A reading's two timestamps (made once per request, not per object). */
interface Stamps {
  now: number;
  /** creationTimestamp: when the reading was asked for. */
  created: string;
  /** timestamp: the scrape it belongs to. */
  scraped: string;
}
const stampsAt = (now: number): Stamps => ({ now, created: ts(now), scraped: ts(scrapeTime(now)) });

function podMetrics(env: MetricsEnv, p: Pod, at: Stamps): KObject | undefined {
  const containers = podUsage(env.seed, p, at.now);
  if (!containers) return undefined;
  return {
    kind: 'PodMetrics',
    apiVersion: API_VERSION,
    metadata: {
      name: p.metadata.name ?? '',
      namespace: p.metadata.namespace ?? '',
      creationTimestamp: at.created,
      ...(p.metadata.labels ? { labels: p.metadata.labels } : {}),
    },
    timestamp: at.scraped,
    window: WINDOW,
    containers: containers.map((c) => ({
      name: c.name,
      usage: { cpu: cpuQuantity(c.usage.cpu), memory: memoryQuantity(c.usage.memory) },
    })),
  } as KObject;
}

function nodeMetrics(env: MetricsEnv, n: KObject, pods: readonly Pod[], at: Stamps): KObject | undefined {
  const u = nodeUsage(env.seed, n, pods, at.now);
  if (!u) return undefined;
  return {
    kind: 'NodeMetrics',
    apiVersion: API_VERSION,
    metadata: {
      name: n.metadata.name ?? '',
      creationTimestamp: at.created,
      ...(n.metadata.labels ? { labels: n.metadata.labels } : {}),
    },
    timestamp: at.scraped,
    window: WINDOW,
    usage: { cpu: cpuQuantity(u.cpu), memory: memoryQuantity(u.memory) },
  } as KObject;
}

/** Pods by node name, in one pass. */
function podsByNode(storage: Storage): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  for (const p of storage.list(PODS).items as Pod[]) {
    const n = p.spec?.nodeName;
    if (!n) continue;
    const list = m.get(n);
    if (list) list.push(p);
    else m.set(n, [p]);
  }
  return m;
}

export function serveMetrics(
  env: MetricsEnv,
  t: Target,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  req.resume();
  if (req.method !== 'GET')
    return sendStatus(
      res,
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  if (boolParam(url.searchParams, 'watch'))
    return sendStatus(
      res,
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  const at = stampsAt(env.now());
  const kind = t.resource === 'pods' ? 'PodMetrics' : 'NodeMetrics';
  const source = t.resource === 'pods' ? PODS : NODES;
  if (t.name !== undefined) {
    const obj = env.storage.get(source, t.namespace, t.name);
    const m =
      obj &&
      (t.resource === 'pods'
        ? podMetrics(env, obj as Pod, at)
        : nodeMetrics(env, obj, podsByNode(env.storage).get(t.name) ?? [], at));
    if (!m)
      return sendStatus(res, 404, 'NotFound', `${t.resource}.${METRICS_GROUP} "${t.name}" not found`, {
        name: t.name,
        group: METRICS_GROUP,
        kind: t.resource,
      });
    return sendJson(res, 200, m);
  }
  const ls = parseLabelSelector(url.searchParams.get('labelSelector') ?? '');
  if (!ls.ok) return sendStatus(res, 400, 'BadRequest', ls.error);
  const fs = parseFieldSelector(url.searchParams.get('fieldSelector') ?? '', COMMON_FIELDS);
  if (!fs.ok) return sendStatus(res, 400, 'BadRequest', fs.error);
  // the objects as they are now; their metrics are made and written a slice at a time (streamJoined): at
  // 100,000 pods the list is ~50 MB, and making it at once held the server (its watches too) for 1.5-3 s
  const objects = env.storage.list(source, t.namespace).items;
  const selected = (o: KObject): boolean => matchesLabels(ls.selector, o.metadata.labels) && matchesFields(fs.selector, o);
  const byNode = t.resource === 'nodes' ? podsByNode(env.storage) : undefined;
  const metricsOf = (o: KObject): KObject | undefined =>
    byNode ? nodeMetrics(env, o, byNode.get(o.metadata.name ?? '') ?? [], at) : podMetrics(env, o as Pod, at);
  streamJoined(
    res,
    'application/json',
    `{"kind":"${kind}List","apiVersion":"${API_VERSION}","metadata":{},"items":[`,
    objects.length,
    (i) => {
      const o = objects[i];
      const m = o && selected(o) ? metricsOf(o) : undefined;
      return m && JSON.stringify(m);
    },
    ']}',
  );
}
