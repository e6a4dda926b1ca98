// While an exec credential plugin runs (a cloud login, an SSO prompt), the caches that wait on it say so:
// their state's message becomes `waiting for credentials from <plugin>…` instead of a bare `connecting…`.
import type { SlimBase } from '../../resources/types.js';
import { changesOf } from './source.js';
import type { Source, SourceState } from './source.js';

/** Which plugin the transport waits for, with change notifications (fed by the transport's onCredentialWait). */
export class CredentialWait {
  private plugin: string | undefined;
  private readonly listeners = new Set<() => void>();

  get waitingFor(): string | undefined {
    return this.plugin;
  }

  set(plugin: string | undefined): void {
    if (plugin === this.plugin) return;
    this.plugin = plugin;
    for (const l of [...this.listeners]) l();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

function waitingMessage(plugin: string): string {
  return `waiting for credentials from ${plugin}…`;
}

/**
 * The source, its state saying which plugin it waits for while not synced (`connecting`, or `reconnecting`
 * once synced before); `onChange` also fires when the wait begins and ends.
 */
export function credentialAwareSource(inner: Source, wait: CredentialWait, onChange: () => void): Source {
  let unsubscribe: (() => void) | undefined;
  return {
    get state(): SourceState {
      const s = inner.state;
      const plugin = wait.waitingFor;
      if (!plugin || s.phase === 'synced') return s;
      // the plugin running again is news: an earlier failure shows again only if this run fails too
      return { ...s, phase: s.phase === 'reconnecting' ? 'reconnecting' : 'connecting', message: waitingMessage(plugin) };
    },
    get version() {
      return inner.version;
    },
    get size() {
      return inner.size;
    },
    items(): IterableIterator<SlimBase> {
      return inner.items();
    },
    ...changesOf(inner),
    start() {
      unsubscribe ??= wait.subscribe(onChange);
      inner.start();
    },
    stop() {
      unsubscribe?.();
      unsubscribe = undefined;
      inner.stop();
    },
  };
}
