// The pods/log route for the API server: looks the pod up, answers 404 like a GET, and serves its logs
// with a per-pod change subscription on the simulator's storage.
//
//   if (subresource === 'log' && name !== undefined)
//     return servePodLogs({ storage, scheduler, seed }, namespace, name, req, res);

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Pod } from '../../util/k8s.js';
import type { Storage } from '../storage/index.js';
import type { Scheduler } from '../scheduler.js';
import { sendStatus } from '../server/http-util.js';
import { serveLogs } from './handler.js';

const PODS = { group: '', version: 'v1', resource: 'pods' } as const;

export interface LogDeps {
  storage: Pick<Storage, 'get' | 'subscribe'>;
  scheduler: Pick<Scheduler, 'now' | 'setTimer' | 'clearTimer'>;
  /** The simulator's seed (default 1). */
  seed?: number;
}

export function servePodLogs(
  deps: LogDeps,
  namespace: string | undefined,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const pod = deps.storage.get(PODS, namespace, name) as Pod | undefined;
  if (!pod) return sendStatus(res, 404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' });
  serveLogs(req, res, {
    pod,
    seed: deps.seed ?? 1,
    clock: deps.scheduler,
    subscribe: (fn) =>
      deps.storage.subscribe(PODS, (ev) => {
        const o = ev.object;
        if (o.metadata.name !== name || o.metadata.namespace !== namespace) return;
        fn(ev.type === 'DELETED' ? undefined : (o as Pod));
      }),
  });
}
