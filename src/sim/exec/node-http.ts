// node:http, loaded with require. Node's ESM loader evaluates every export of a builtin it imports, and
// node:http's include lazy getters that load Node's bundled undici: ~30 ms on the simulated cluster's
// start-up (which `kubedeck --sim` waits for before its first frame). A CommonJS require does not.
import { createRequire } from 'node:module';
import type * as Http from 'node:http';

export const http = createRequire(import.meta.url)('node:http') as typeof Http;
