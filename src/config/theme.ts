import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load as parseYaml } from 'js-yaml';

export const THEME_TOKENS = ['ok', 'pending', 'warn', 'error', 'dim', 'accent', 'label', 'title', 'info', 'highlight'] as const;
type ThemeToken = (typeof THEME_TOKENS)[number];

/** A theme as data (themes/*.yaml, validated against themes/theme.schema.json's rules). */
export interface ThemeSpec {
  name: string;
  light: boolean;
  colors: Partial<Record<ThemeToken, string>>;
}

const ANSI = new Set(
  ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'grey'].flatMap((c) => [c, `${c}Bright`]),
);
const isColor = (v: unknown): v is string => typeof v === 'string' && (/^#[0-9a-fA-F]{6}$/.test(v) || ANSI.has(v));

declare const KUBEDECK_THEMES: Record<string, string> | undefined;
/** The built-in themes as YAML by name, when the bundler inlined them (the single executable has no themes/ beside it). */
const inlinedThemes: Record<string, string> = typeof KUBEDECK_THEMES === 'object' ? KUBEDECK_THEMES : {};

/** The built-in themes shipped next to the package's dist/ (or src/ when running from source); none when inlined. */
export function builtinThemeDir(): string | undefined {
  if (Object.keys(inlinedThemes).length > 0) return undefined;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, 'themes');
    if (existsSync(join(candidate, 'default.yaml'))) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

export function parseTheme(text: string, source: string): { theme?: ThemeSpec; problems: string[] } {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    return { problems: [`${source}: YAML error: ${(e as { reason?: string }).reason ?? (e as Error).message.split('\n')[0]}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problems: [`${source}: a theme is a mapping with name and colors`] };
  const r = raw as Record<string, unknown>;
  const problems: string[] = [];
  const colorsRaw = r['colors'];
  const colors: Partial<Record<ThemeToken, string>> = {};
  if (typeof colorsRaw !== 'object' || colorsRaw === null || Array.isArray(colorsRaw)) problems.push(`${source}: colors must be a mapping`);
  else {
    for (const [k, v] of Object.entries(colorsRaw)) {
      if (!(THEME_TOKENS as readonly string[]).includes(k)) problems.push(`${source}: colors.${k}: unknown token (known: ${THEME_TOKENS.join(', ')})`);
      else if (!isColor(v)) problems.push(`${source}: colors.${k}: ${JSON.stringify(v)} is not a colour (an ANSI name or #rrggbb)`);
      else colors[k as ThemeToken] = v;
    }
  }
  const name = typeof r['name'] === 'string' ? r['name'] : source;
  return { theme: { name, light: r['light'] === true, colors }, problems };
}

/** Finds a theme by name: the user's theme directory first, then the built-in ones. */
export function loadTheme(name: string, userDir: string): { theme?: ThemeSpec; problems: string[] } {
  for (const dir of [userDir, builtinThemeDir()]) {
    if (!dir) continue;
    const file = join(dir, `${name}.yaml`);
    if (!existsSync(file)) continue;
    try {
      return parseTheme(readFileSync(file, 'utf8'), file);
    } catch (e) {
      return { problems: [`${file}: ${(e as Error).message}`] };
    }
  }
  const inlined = inlinedThemes[name];
  if (inlined !== undefined) return parseTheme(inlined, `themes/${name}.yaml`);
  return { problems: [`theme "${name}" not found (available: ${listThemes(userDir).join(', ')})`] };
}

export function listThemes(userDir: string): string[] {
  const names = new Set<string>(Object.keys(inlinedThemes));
  for (const dir of [userDir, builtinThemeDir()]) {
    if (!dir || !existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.yaml')) names.add(f.slice(0, -5));
  }
  return [...names].sort();
}
