// What line templates know about the container they write for.

import type { LineRng } from './hash.js';

export interface LineCtx {
  pod: string;
  namespace: string;
  container: string;
  /** Image name without registry and tag: `nginx`, `kubedeck/cart`. */
  image: string;
  /** Short application name: the last path element of the image. */
  app: string;
  /** Image tag ("latest" when none). */
  version: string;
  port: number;
  podIP: string;
  /** Paths of the container's HTTP probes (`/healthz`), if any. */
  probePaths: string[];
  /** Third octet of the pod network the clients come from (10.244.N.x). */
  subnet: number;
}

export const clientIp = (rng: LineRng): string => `10.244.${rng.int(4)}.${2 + rng.int(250)}`;
export const requestId = (rng: LineRng): string => rng.hex(16);
