// The services a connection gives the App (src/store/services.ts), built around a test's own transport:
// the real ActionService, LogService, ShellService, EditService and PortForwards, so a UI test drives the
// same code the cli wires, down to the requests (which the test's transport records or answers).
import type { Transport } from '../../src/kube/transport.js';
import { ActionService } from '../../src/store/actions/actions.js';
import type { DetailLoader } from '../../src/store/actions/detail.js';
import { EditService } from '../../src/store/actions/edit.js';
import { CommandLine } from '../../src/store/commands/command.js';
import type { KindCatalog } from '../../src/store/commands/command.js';
import { PortForwards } from '../../src/store/forwards/port-forwards.js';
import { LogService } from '../../src/store/logs/service.js';
import type { MetricsOverlay } from '../../src/store/metrics/metrics.js';
import type { Services } from '../../src/store/services.js';
import { ShellService } from '../../src/store/shell/shell.js';
import { HelmService } from '../../src/store/helm/service.js';

export interface TestServiceOptions {
  transport?: Transport | Promise<Transport>;
  readOnly?: boolean;
  detail?: DetailLoader;
  catalog?: KindCatalog;
  metrics?: MetricsOverlay;
  logBufferBytes?: number;
  logSpillBytes?: number;
}

const noTransport = (): Promise<Transport> => {
  const p = Promise.reject(new Error('no transport in this test'));
  p.catch(() => undefined);
  return p;
};

export function testServices(o: TestServiceOptions = {}): Services {
  const transport = o.transport ? Promise.resolve(o.transport) : noTransport();
  const actions = new ActionService(transport, o.readOnly ?? false);
  const detail: DetailLoader = o.detail ?? (() => Promise.reject(new Error('no detail in this test')));
  return {
    actions,
    detail,
    edit: new EditService(actions, detail),
    logs: new LogService(transport, o.logBufferBytes, o.logSpillBytes),
    shell: new ShellService(transport),
    forwards: new PortForwards(transport),
    commands: new CommandLine(o.catalog),
    helm: new HelmService(transport),
    ...(o.metrics ? { metrics: o.metrics } : {}),
  };
}

export interface Sent {
  method: string;
  path: string;
  body?: unknown;
  contentType?: string;
}

/** A transport that records every request and answers each with a Scale-shaped object (writes echo it). */
export function recordingTransport(readOnly: boolean, answer: (path: string) => unknown = () => ({ kind: 'Scale', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 5 } })) {
  const sent: Sent[] = [];
  const t = {
    readOnly,
    async request(path: string, opts: { method?: string; body?: unknown; contentType?: string } = {}) {
      sent.push({ method: opts.method ?? 'GET', path, body: opts.body, ...(opts.contentType ? { contentType: opts.contentType } : {}) });
      return answer(path);
    },
  };
  return { sent, transport: t as unknown as Transport };
}
