import { mkdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { SimArgs } from './args.js';
import { stateDir } from './paths.js';

const isLoopback = (a: string) => a === 'localhost' || a === '::1' || /^127\./.test(a);

/** `kubedeck sim`: the simulated cluster in the foreground until SIGINT/SIGTERM. Returns the exit code. */
export async function runSim(args: SimArgs): Promise<number> {
  const { startSim } = await import('../sim/index.js');
  if (!isLoopback(args.address)) {
    process.stderr.write(
      `kubedeck sim: warning: listening on ${args.address}, reachable from other machines; anyone with the token in the kubeconfig can use it\n`,
    );
  }
  let sim: Awaited<ReturnType<typeof startSim>>;
  try {
    sim = await startSim({
      port: args.port,
      address: args.address,
      scenario: args.scenario,
      seed: args.seed,
      ...(args.faults ? { faults: args.faults } : {}),
      ...(args.pods !== undefined || args.nodes !== undefined
        ? {
            size: {
              ...(args.pods !== undefined ? { pods: args.pods } : {}),
              ...(args.nodes !== undefined ? { nodes: args.nodes } : {}),
            },
          }
        : {}),
    });
  } catch (e) {
    process.stderr.write(`kubedeck sim: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const port = new URL(sim.url).port;
  const file = resolve(args.kubeconfigOut ?? join(stateDir(), `sim-${port}.kubeconfig`));
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, sim.kubeconfig(), { mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (e) {
    await sim.close();
    process.stderr.write(`kubedeck sim: cannot write kubeconfig ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  process.stdout.write(`kubedeck sim ready at ${sim.url} kubeconfig=${file}\n`);

  return await new Promise<number>((done) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      sim.close().then(
        () => {
          if (!args.kubeconfigOut) rmSync(file, { force: true });
          done(0);
        },
        () => done(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
