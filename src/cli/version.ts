import { readFileSync } from 'node:fs';

declare const KUBEDECK_VERSION: string | undefined;

/** The package version: inlined by the bundler; read from package.json when running from source. */
export const version: string = (() => {
  if (typeof KUBEDECK_VERSION === 'string') return KUBEDECK_VERSION;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
