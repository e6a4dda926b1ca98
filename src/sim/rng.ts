// Seeded pseudo-random numbers for the simulator, so a scenario with a seed replays identically.
// sfc32 seeded through a string hash; `fork(label)` derives an independent stream, so components that
// draw numbers (controllers, kubelet, IPAM) do not disturb each other's sequences.

/** A 32-bit hash of a string under a seed (FNV-1a with murmur3's final avalanche). */
export function hash32(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // final avalanche (murmur3 fmix32)
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(
    readonly seed: number,
    readonly label = '',
  ) {
    this.a = hash32(label, seed ^ 0x9e3779b9);
    this.b = hash32(label, seed ^ 0x243f6a88);
    this.c = hash32(label, seed ^ 0xb7e15162);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** An independent stream for `label`, the same for the same seed and label. */
  fork(label: string): Rng {
    return new Rng(this.seed, this.label ? `${this.label}/${label}` : label);
  }

  nextU32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items[this.int(items.length)];
  }

  /** `n` characters from `alphabet` (default: the API's safe alphabet for generated names). */
  chars(n: number, alphabet = 'bcdfghjklmnpqrstvwxz2456789'): string {
    // joined, not concatenated: `s +=` makes a chain of n rope nodes (32 bytes each) that stored objects
    // keep (a container ID was 2 KB of heap instead of 80 bytes)
    const out: string[] = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = alphabet.charAt(this.int(alphabet.length));
    return out.join('');
  }

  /**
   * A random (version 4 format) UUID drawn from this stream: the hex of four draws a, b, c, d with the
   * version nibble (b's fifth) replaced by 4 and the variant nibble (c's first) by 8-b, joined from a
   * table of hex digits (every pod and Event takes one).
   */
  uuid(): string {
    const a = this.nextU32();
    const b = this.nextU32();
    const c = this.nextU32();
    const d = this.nextU32();
    return [
      HEX2[a >>> 24], HEX2[(a >>> 16) & 255], HEX2[(a >>> 8) & 255], HEX2[a & 255], '-',
      HEX2[b >>> 24], HEX2[(b >>> 16) & 255], '-4', HEX1[(b >>> 8) & 15], HEX2[b & 255], '-',
      HEX1[((c >>> 28) & 3) | 8], HEX1[(c >>> 24) & 15], HEX2[(c >>> 16) & 255], '-',
      HEX2[(c >>> 8) & 255], HEX2[c & 255], HEX2[d >>> 24], HEX2[(d >>> 16) & 255], HEX2[(d >>> 8) & 255], HEX2[d & 255],
    ].join('');
  }
}

const HEX1 = Array.from({ length: 16 }, (_, i) => i.toString(16));
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
