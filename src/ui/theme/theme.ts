import type { Tone } from '../../resources/types.js';
import type { ThemeSpec } from '../../config/theme.js';
import { glyphs } from '../../util/charset.js';
import type { Glyphs } from '../../util/charset.js';

/** Semantic colour tokens; only the UI maps a tone to a colour. `undefined` = the terminal's default. */
export interface Theme {
  name: string;
  tone: Record<Tone, string | undefined>;
  accent: string | undefined;
  label: string | undefined;
  dim: string | undefined;
  title: string | undefined;
  error: string | undefined;
  warn: string | undefined;
  info: string | undefined;
  highlight: string | undefined;
  /** The symbols the UI draws (frames, rules, sort marks…): UTF-8 or plain ASCII, chosen at start-up. */
  glyphs: Glyphs;
}

/** A theme file's tokens → the UI's theme. */
function themeFromSpec(spec: ThemeSpec, g: Glyphs = glyphs()): Theme {
  const c = spec.colors;
  return {
    name: spec.name,
    tone: { ok: c.ok, pending: c.pending, warn: c.warn, error: c.error, dim: c.dim },
    accent: c.accent,
    label: c.label,
    dim: c.dim,
    title: c.title,
    error: c.error,
    warn: c.warn ?? c.pending,
    info: c.info,
    highlight: c.highlight,
    glyphs: g,
  };
}

/** The built-in default (the same as themes/default.yaml), used when no theme file can be read. */
export const defaultTheme: Theme = themeFromSpec({
  name: 'default',
  light: false,
  colors: {
    ok: 'cyan',
    pending: 'yellow',
    warn: 'magenta',
    error: 'red',
    dim: 'gray',
    accent: 'cyan',
    label: 'yellow',
    title: 'cyan',
    info: 'green',
    highlight: 'yellowBright',
  },
});

/** NO_COLOR (https://no-color.org): every token becomes the terminal's default colour. */
export const monochromeTheme: Theme = themeFromSpec({ name: 'monochrome', light: false, colors: {} });

function noColor(env: NodeJS.ProcessEnv): boolean {
  return env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '';
}

/** The theme for the terminal: colours from `spec` (none with NO_COLOR), glyphs of the charset chosen at start-up. */
export function pickTheme(env: NodeJS.ProcessEnv, spec?: ThemeSpec): Theme {
  const base = noColor(env) ? monochromeTheme : spec ? themeFromSpec(spec) : defaultTheme;
  return { ...base, glyphs: glyphs() };
}
