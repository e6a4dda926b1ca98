import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSim } from '../../src/sim/index.js';
import { kubectlFor } from './helpers.js';
const sim = await startSim({ scenario: 'empty' });
const k = kubectlFor(sim);
const f = (name: string, t: string): string => { const p = join(k.kubeconfigPath, '..', name); writeFileSync(p, t); return p; };
const run = async (args: string[]): Promise<void> => { const r = await k.run(args); console.log(`$ kubectl ${args.join(' ')}\n[${r.code}] ${r.stdout}${r.stderr}`); };
const D = (labels: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
  labels: {${labels}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
`;
await run(['apply', '--server-side', '-f', f('a.yaml', D('app: web, tier: front', 2))]);
await run(['get', 'deploy', 'web', '-o', 'yaml', '--show-managed-fields']);
await run(['apply', '--server-side', '--field-manager', 'other', '-f', f('b.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec: {replicas: 5}\n')]);
await run(['apply', '--server-side', '--field-manager', 'other', '--force-conflicts', '-f', f('b.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: default}\nspec: {replicas: 5}\n')]);
await run(['apply', '--server-side', '-f', f('a.yaml', D('app: web', 2))]);
await run(['apply', '--server-side', '-f', f('a.yaml', D('app: web', 5))]);
await run(['get', 'deploy', 'web', '-o', 'jsonpath={.metadata.labels} {.spec.replicas}']);
await run(['scale', 'deploy', 'web', '--replicas', '3']);
await run(['apply', '--server-side', '-f', f('a.yaml', D('app: web', 4))]);
await new Promise((r) => setTimeout(r, 3000));
await run(['get', 'deploy', 'web', '-o', 'yaml', '--show-managed-fields']);
await run(['get', 'pods', '-o', 'yaml', '--show-managed-fields']);
await sim.close();
k.cleanup();
