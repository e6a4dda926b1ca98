import { execFileSync, spawnSync } from 'node:child_process';
import { waitFor } from './wait.js';

/** A private tmux server running one program, read as a person would read the screen. */
export class Tmux {
  private readonly base: string;
  private generation = 0;
  constructor(name: string) {
    this.base = `kubedeck-test-${name}-${process.pid}`;
  }
  /**
   * Each start gets a server of its own: `kill-server` returns before the old server has gone, and a
   * new session asked of that dying server fails with "server exited unexpectedly" (seen in CI).
   */
  get socket(): string {
    return `${this.base}-${this.generation}`;
  }
  static available(): boolean {
    return spawnSync('tmux', ['-V']).status === 0;
  }
  private t(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
  /** Runs `command` in a UTF-8 locale (kubedeck draws plain ASCII in any other: test/e2e/ascii.test.ts sets its own). */
  start(command: string, cols = 200, rows = 50): void {
    this.stop();
    this.generation += 1;
    this.t('new-session', '-d', '-x', String(cols), '-y', String(rows), '-s', 'main', `export LC_ALL=C.UTF-8; ${command}; echo "[exited $?]"; sleep 600`);
  }
  keys(...keys: string[]): void {
    this.t('send-keys', '-t', 'main', ...keys);
  }
  type(text: string): void {
    this.t('send-keys', '-t', 'main', '-l', text);
  }
  screen(): string {
    return this.t('capture-pane', '-p', '-t', 'main');
  }
  resize(cols: number, rows: number): void {
    this.t('resize-window', '-t', 'main', '-x', String(cols), '-y', String(rows));
  }
  /** Waits until the screen matches `re`; resolves with that screen. */
  wait(re: RegExp, ms = 15000): Promise<string> {
    return waitFor(
      () => {
        const s = this.screen();
        return re.test(s) ? s : undefined;
      },
      { what: () => `the screen to match ${re}; screen:\n${this.screen()}`, timeoutMs: ms, intervalMs: 50 },
    );
  }
  stop(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
