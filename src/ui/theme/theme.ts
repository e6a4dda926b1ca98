import type { Tone } from '../../resources/types.js';

/** Semantic colour tokens; only the UI maps a tone to a colour. Built-in YAML themes come later. */
export interface Theme {
  tone: Record<Tone, string | undefined>;
  accent: string | undefined;
  label: string | undefined;
  dim: string | undefined;
  title: string | undefined;
  error: string | undefined;
  warn: string | undefined;
  info: string | undefined;
}

export const defaultTheme: Theme = {
  tone: { ok: 'cyan', pending: 'yellow', warn: 'magenta', error: 'red', dim: 'gray' },
  accent: 'cyan',
  label: 'yellow',
  dim: 'gray',
  title: 'cyan',
  error: 'red',
  warn: 'yellow',
  info: 'green',
};

/** NO_COLOR (https://no-color.org): every token becomes the terminal's default colour. */
export const monochromeTheme: Theme = {
  tone: { ok: undefined, pending: undefined, warn: undefined, error: undefined, dim: undefined },
  accent: undefined,
  label: undefined,
  dim: undefined,
  title: undefined,
  error: undefined,
  warn: undefined,
  info: undefined,
};

export function pickTheme(env: NodeJS.ProcessEnv): Theme {
  return env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '' ? monochromeTheme : defaultTheme;
}
