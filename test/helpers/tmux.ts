import { execFileSync, spawnSync } from 'node:child_process';

/** A private tmux server running one program, read as a person would read the screen. */
export class Tmux {
  readonly socket: string;
  constructor(name: string) {
    this.socket = `kubedeck-test-${name}-${process.pid}`;
  }
  static available(): boolean {
    return spawnSync('tmux', ['-V']).status === 0;
  }
  private t(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
  start(command: string, cols = 200, rows = 50): void {
    this.stop();
    this.t('new-session', '-d', '-x', String(cols), '-y', String(rows), '-s', 'main', `${command}; echo "[exited $?]"; sleep 600`);
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
  async wait(re: RegExp, ms = 15000): Promise<string> {
    const end = Date.now() + ms;
    for (;;) {
      const s = this.screen();
      if (re.test(s)) return s;
      if (Date.now() > end) throw new Error(`screen never matched ${re}; screen:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  stop(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}
