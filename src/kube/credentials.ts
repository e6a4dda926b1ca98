// The credentials a transport has sent: remembered so that no error we hand out carries them (and so the
// log can scrub them), and client-node's cached exec-plugin credentials forgotten after a 401.
import type { KubeConfig } from '@kubernetes/client-node';
import { redactSecrets } from './errors.js';
import type { KubeError } from './errors.js';

/** How often at most cached exec-plugin credentials are dropped (a burst of 401s drops them once). */
const DROP_EVERY_MS = 10_000;

export class SentCredentials {
  /** Credentials seen in our own headers, scrubbed from every error we hand out. */
  private readonly secrets = new Set<string>();
  private lastDrop = 0;

  constructor(private readonly onCredential?: (secret: string) => void) {}

  /** Remembers the Authorization header's credential (and a Basic password) of a request about to go. */
  remember(headers: Record<string, string>): void {
    const auth = headers['Authorization'] ?? headers['authorization'];
    if (!auth || this.secrets.has(auth)) return;
    if (this.secrets.size > 16) this.secrets.clear();
    this.secrets.add(auth);
    const cred = auth.replace(/^(Bearer|Basic)\s+/i, '');
    this.secrets.add(cred);
    if (/^Basic\s/i.test(auth)) {
      const pw = Buffer.from(cred, 'base64').toString('utf8').split(':').slice(1).join(':');
      if (pw) this.secrets.add(pw);
    }
    for (const s of this.secrets) this.onCredential?.(s);
  }

  /** The error with every remembered credential replaced. */
  redact(k: KubeError): KubeError {
    return redactSecrets(k, this.secrets);
  }

  /**
   * client-node caches exec-plugin credentials until their expirationTimestamp, forever when there is none;
   * after a 401 forget them (at most every 10 s) so the next request runs the plugin again, as client-go does.
   */
  dropCached(kc: KubeConfig): void {
    const now = Date.now();
    if (now - this.lastDrop < DROP_EVERY_MS) return;
    this.lastDrop = now;
    const auths = Reflect.get(kc, 'authenticators') as unknown;
    if (!Array.isArray(auths)) return;
    for (const a of auths as unknown[]) {
      if (a && typeof a === 'object' && 'tokenCache' in a) Reflect.set(a, 'tokenCache', {});
    }
  }
}
