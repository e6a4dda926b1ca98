// The tree as the lines the view draws (pure): collapse state, the `/` filter by name (each match keeps
// the path down to it), and the guides (`├─`, `└─`, `│`) in front of each line.
import type { Tone } from '../../resources/types.js';
import type { XrayNode } from './tree.js';
import { glyphs } from '../../util/charset.js';

export interface XrayLine {
  /** The node's id: the selection follows it across updates. */
  key: string;
  node: XrayNode;
  /** The guides before the node: `│  ├─ `. */
  guide: string;
  /** Has children (may be collapsed). */
  branch: boolean;
  open: boolean;
  /** Status text and tone, as the node's kind shows it in its table (`missing` for an absent reference). */
  status: { text: string; tone: Tone };
  /** Where the filter matched the name: [start, end). */
  match?: [number, number];
}

/** Which branches are open: all or none by default, with per-node exceptions (Space, Enter). */
export interface Openness {
  allOpen: boolean;
  toggled: ReadonlySet<string>;
}

const isOpen = (o: Openness, id: string): boolean => o.allOpen !== o.toggled.has(id);

function statusOf(n: XrayNode): { text: string; tone: Tone } {
  if (n.absent === 'missing') return { text: 'missing', tone: 'error' };
  if (n.absent === 'unknown') return { text: '?', tone: 'dim' };
  return n.resource.status(n.rec);
}

/** The lines to draw; with a filter, only the matches, the path to each, and what is under them. */
export function xrayLines(forest: readonly XrayNode[], open: Openness, filter = ''): XrayLine[] {
  const needle = filter.trim().toLowerCase();
  const out: XrayLine[] = [];
  // with a filter: which nodes match or lead to a match
  const keep = new Map<XrayNode, boolean>();
  const mark = (n: XrayNode): boolean => {
    let hit = n.rec.name.toLowerCase().includes(needle);
    for (const c of n.children) if (mark(c)) hit = true;
    keep.set(n, hit);
    return hit;
  };
  if (needle) for (const n of forest) mark(n);

  const g = glyphs();
  const walk = (nodes: readonly XrayNode[], lead: string, depth: number, inMatch: boolean): void => {
    const shown = needle && !inMatch ? nodes.filter((n) => keep.get(n)) : nodes;
    shown.forEach((n, i) => {
      const last = i === shown.length - 1;
      const guide = depth === 0 ? '' : `${lead}${last ? g.elbow : g.tee}`;
      const at = needle ? n.rec.name.toLowerCase().indexOf(needle) : -1;
      const self = at >= 0;
      // the path to a match is open while filtering; below a match the user's openness applies
      const opened = needle && !inMatch && !self ? true : isOpen(open, n.id);
      const line: XrayLine = { key: n.id, node: n, guide, branch: n.children.length > 0, open: opened, status: statusOf(n) };
      if (self) line.match = [at, at + needle.length];
      out.push(line);
      if (opened && n.children.length > 0) walk(n.children, depth === 0 ? '' : `${lead}${last ? '   ' : g.pipe}`, depth + 1, inMatch || self);
    });
  };
  walk(forest, '', 0, false);
  return out;
}
