// A private OpenSSH server on loopback for the tests and benches that run kubedeck as a bastion user
// would: its own host key, its own authorized key (both made here with ssh-keygen), its own config, a free
// port on 127.0.0.1. Nothing of the machine's ssh setup is read (sshd -f, ssh -F /dev/null).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Debian's openssh-server puts sshd here; sshd must be started by its absolute path (it re-executes itself). */
const SSHD = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p));
/** sshd's privilege-separation directory; it refuses to start without it. */
const PRIVSEP = '/run/sshd';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Why an sshd end-to-end run cannot happen here, or undefined when it can. */
export function sshdMissing(): string | undefined {
  if (!SSHD) return 'sshd is not installed (Debian: openssh-server)';
  if (!has('ssh')) return 'ssh is not installed (Debian: openssh-client)';
  if (!has('ssh-keygen')) return 'ssh-keygen is not installed (Debian: openssh-client)';
  if (!existsSync(PRIVSEP)) {
    try {
      mkdirSync(PRIVSEP, { recursive: true, mode: 0o755 });
    } catch {
      return `sshd needs ${PRIVSEP} and it cannot be created here (not root)`;
    }
  }
  return undefined;
}

/** A free TCP port on 127.0.0.1 (closed again at once; sshd binds it just after). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Quotes one word for a POSIX shell. */
export const shq = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

export interface Sshd {
  port: number;
  /** The temp dir holding the keys, the config and the pid file; removed by stop(). */
  dir: string;
  /** The user ssh logs in as: the one running the tests (root on CI). */
  user: string;
  /** argv of `ssh -tt …` that logs in to this server and runs `remote` (a shell command line). */
  sshArgv(remote: string): string[];
  /** The same as one shell command line (for tmux). */
  sshCommand(remote: string): string;
  /** What sshd logged (-e: to stderr). */
  log(): string;
  stop(): Promise<void>;
}

/** Starts sshd -D -e on a free loopback port; resolves once it listens. Check sshdMissing() first. */
export async function startSshd(): Promise<Sshd> {
  if (!SSHD) throw new Error('sshd is not installed');
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-sshd-'));
  const key = join(dir, 'client_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kubedeck-test-host', '-f', join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'kubedeck-test-client', '-f', key]);
  execFileSync('cp', [`${key}.pub`, join(dir, 'authorized_keys')]);
  const user = userInfo().username;
  let log = '';
  // the port is free when asked and taken by sshd a moment later; another process may win it: try again
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        'UsePAM no',
        'StrictModes no',
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        `AllowUsers ${user}`,
        'AcceptEnv LANG LC_*',
        'PrintMotd no',
        'PrintLastLog no',
        'UseDNS no',
        '',
      ].join('\n'),
    );
    const p = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errText = '';
    p.stderr?.on('data', (d: Buffer) => {
      errText += d.toString();
      log += d.toString();
    });
    const ok = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 20000);
      const onData = () => {
        if (errText.includes(`Server listening on 127.0.0.1 port ${port}`)) {
          clearTimeout(t);
          resolve(true);
        }
      };
      p.stderr?.on('data', onData);
      p.once('exit', () => {
        clearTimeout(t);
        resolve(false);
      });
    });
    if (ok) {
      // sshd is a separate process: it goes when this one does, even without stop()
      const orphan = () => p.kill('SIGTERM');
      process.once('exit', orphan);
      const sshArgv = (remote: string) => [
        'ssh',
        '-tt',
        '-F',
        '/dev/null',
        '-o',
        'StrictHostKeyChecking=no',
        '-o',
        'UserKnownHostsFile=/dev/null',
        '-o',
        'BatchMode=yes',
        '-o',
        'IdentitiesOnly=yes',
        '-o',
        'LogLevel=ERROR',
        '-i',
        key,
        '-p',
        String(port),
        `${user}@127.0.0.1`,
        remote,
      ];
      return {
        port,
        dir,
        user,
        sshArgv,
        sshCommand: (remote) => sshArgv(remote).map(shq).join(' '),
        log: () => log,
        stop: () =>
          new Promise<void>((resolve) => {
            const done = () => {
              rmSync(dir, { recursive: true, force: true });
              resolve();
            };
            process.off('exit', orphan);
            if (p.exitCode !== null || p.signalCode !== null) return done();
            p.once('exit', done);
            p.kill('SIGTERM');
          }),
      };
    }
    if (p.exitCode === null) p.kill('SIGTERM');
    if (!/Address already in use|Cannot bind/i.test(errText)) break;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(`sshd did not start; its log:\n${log}`);
}
