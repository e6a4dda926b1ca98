import { keyMatches, showKey } from './key-event.js';
import type { KeyEvent } from './key-event.js';

/**
 * Every command a key can trigger. Components ask `keymap.matches(Command.Down, ev)` and never compare
 * raw characters (ARCHITECTURE.md convention 5); help and header hints are generated from this table.
 */
export const Command = {
  Quit: 'quit',
  ForceQuit: 'force-quit',
  Help: 'help',
  CommandPrompt: 'command-prompt',
  Back: 'back',
  Up: 'up',
  Down: 'down',
  PageUp: 'page-up',
  PageDown: 'page-down',
  Top: 'top',
  Bottom: 'bottom',
  Wide: 'wide',
  Filter: 'filter',
  Drill: 'drill',
  SortName: 'sort-name',
  SortAge: 'sort-age',
  SortStatus: 'sort-status',
  SortCpu: 'sort-cpu',
  SortMemory: 'sort-memory',
  SortNextColumn: 'sort-next-column',
  SortPrevColumn: 'sort-prev-column',
  FavouriteNamespace: 'favourite-namespace',
  Describe: 'describe',
  Yaml: 'yaml',
  Scale: 'scale',
  Rollback: 'rollback',
  Restart: 'restart',
  Cordon: 'cordon',
  Uncordon: 'uncordon',
  Drain: 'drain',
  Trigger: 'trigger',
  Delete: 'delete',
  Kill: 'kill',
  Edit: 'edit',
  Logs: 'logs',
  Shell: 'shell',
  Attach: 'attach',
  PortForward: 'port-forward',
  PreviousLogs: 'previous-logs',
  Autoscroll: 'autoscroll',
  Timestamps: 'timestamps',
  TogglePrevious: 'toggle-previous',
  SaveLogs: 'save-logs',
  LogPreset: 'log-preset',
  LogFilter: 'log-filter',
  LogJson: 'log-json',
  LogWrap: 'log-wrap',
  LogContainer: 'log-container',
  LogAllContainers: 'log-all-containers',
  Confirm: 'confirm',
  Deny: 'deny',
  DialogSubmit: 'dialog-submit',
  DialogCancel: 'dialog-cancel',
  Decode: 'decode',
  ToggleManagedFields: 'toggle-managed-fields',
  Search: 'search',
  NextMatch: 'next-match',
  PrevMatch: 'prev-match',
  ReleaseValues: 'release-values',
  ReleaseManifest: 'release-manifest',
  ReleaseNotes: 'release-notes',
  ComputedValues: 'computed-values',
  PromptSubmit: 'prompt-submit',
  PromptCancel: 'prompt-cancel',
  PromptComplete: 'prompt-complete',
  PromptHistoryPrev: 'prompt-history-prev',
  PromptHistoryNext: 'prompt-history-next',
  TreeToggle: 'tree-toggle',
  TreeExpandAll: 'tree-expand-all',
  TreeCollapseAll: 'tree-collapse-all',
} as const;
export type Command = (typeof Command)[keyof typeof Command];

/** The screen a command belongs to; `row` commands act on the selected row, as the view's kind declares. */
export type Scope = 'global' | 'table' | 'row' | 'text' | 'logs' | 'dialog' | 'prompt' | 'tree';

export interface CommandInfo {
  label: string;
  scope: Scope;
  /** Shown in the header's key hints. */
  hint?: boolean;
}

export const commandInfo: Record<Command, CommandInfo> = {
  [Command.ForceQuit]: { label: 'Quit from anywhere', scope: 'global' },
  [Command.Quit]: { label: 'Quit (top view)', scope: 'global', hint: true },
  [Command.Help]: { label: 'Help', scope: 'global', hint: true },
  [Command.CommandPrompt]: { label: 'Command (:pods :deploy :svc :ns)', scope: 'global', hint: true },
  [Command.Back]: { label: 'Back', scope: 'global' },
  [Command.Up]: { label: 'Up', scope: 'table', hint: true },
  [Command.Down]: { label: 'Down', scope: 'table', hint: true },
  [Command.PageUp]: { label: 'Page up', scope: 'table' },
  [Command.PageDown]: { label: 'Page down', scope: 'table' },
  [Command.Top]: { label: 'Top', scope: 'table' },
  [Command.Bottom]: { label: 'Bottom', scope: 'table' },
  [Command.Wide]: { label: 'Toggle wide columns', scope: 'table' },
  [Command.Filter]: { label: 'Filter (text fuzzy, !text inverse, -l label selector, -f field=value)', scope: 'table', hint: true },
  [Command.Drill]: { label: 'Drill down (namespace, workload, service, node → pods)', scope: 'table' },
  [Command.SortName]: { label: 'Sort by name (again: reverse)', scope: 'table' },
  [Command.SortAge]: { label: 'Sort by age (again: reverse)', scope: 'table' },
  [Command.SortStatus]: { label: 'Sort by status (again: reverse)', scope: 'table' },
  [Command.SortCpu]: { label: 'Sort by CPU usage, busiest first (again: reverse)', scope: 'table' },
  [Command.SortMemory]: { label: 'Sort by memory usage, biggest first (again: reverse)', scope: 'table' },
  [Command.SortNextColumn]: { label: 'Sort by the next column (the header marks it)', scope: 'table' },
  [Command.SortPrevColumn]: { label: 'Sort by the previous column', scope: 'table' },
  [Command.FavouriteNamespace]: { label: 'Namespace: 0 all, 1-9 recent ones', scope: 'table' },
  [Command.Describe]: { label: 'Describe', scope: 'row' },
  [Command.Scale]: { label: 'Scale', scope: 'row' },
  [Command.Rollback]: { label: 'Rollout history and undo', scope: 'row' },
  [Command.Restart]: { label: 'Rollout restart', scope: 'row' },
  [Command.Cordon]: { label: 'Cordon', scope: 'row' },
  [Command.Uncordon]: { label: 'Uncordon', scope: 'row' },
  [Command.Drain]: { label: 'Drain', scope: 'row' },
  [Command.Trigger]: { label: 'Trigger a Job now', scope: 'row' },
  [Command.Delete]: { label: 'Delete', scope: 'row' },
  [Command.Edit]: { label: 'Edit the YAML in $EDITOR, applied on save', scope: 'row' },
  [Command.Shell]: { label: 'Shell (bash, else sh)', scope: 'row' },
  [Command.Attach]: { label: "Attach to the container's process", scope: 'row' },
  [Command.PortForward]: { label: 'Port-forward', scope: 'row' },
  [Command.Logs]: { label: 'Logs', scope: 'row' },
  [Command.PreviousLogs]: { label: 'Logs of the previous (crashed) container', scope: 'row' },
  [Command.Autoscroll]: { label: 'Autoscroll on/off (pausing keeps every line)', scope: 'logs' },
  [Command.Timestamps]: { label: 'Timestamps on/off', scope: 'logs' },
  [Command.TogglePrevious]: { label: 'Previous container on/off', scope: 'logs' },
  [Command.SaveLogs]: { label: 'Save the whole stream to a .log file', scope: 'logs' },
  [Command.LogPreset]: { label: 'Since: 0 all, 1 1m, 2 5m, 3 15m, 4 30m, 5 1h', scope: 'logs' },
  [Command.LogFilter]: { label: 'Filter lines (regex, case-insensitive; !text inverts; esc clears)', scope: 'logs' },
  [Command.LogJson]: { label: 'JSON lines formatted, log levels coloured, on/off', scope: 'logs' },
  [Command.LogWrap]: { label: 'Wrap long lines on/off', scope: 'logs' },
  [Command.LogContainer]: { label: 'Container: pick one of the pod\'s containers', scope: 'logs' },
  [Command.LogAllContainers]: { label: 'All containers of the pod(s), merged', scope: 'logs' },
  [Command.Kill]: { label: 'Kill (delete with no grace period)', scope: 'row' },
  [Command.Confirm]: { label: 'Confirm (yes)', scope: 'dialog' },
  [Command.Deny]: { label: 'Refuse (no)', scope: 'dialog' },
  [Command.DialogSubmit]: { label: 'Apply the value, or choose the selected line', scope: 'dialog' },
  [Command.DialogCancel]: { label: 'Close the dialog, nothing done', scope: 'dialog' },
  [Command.Yaml]: { label: 'YAML', scope: 'row' },
  [Command.Decode]: { label: 'Decode Secret values', scope: 'text' },
  [Command.ToggleManagedFields]: { label: 'Show/hide managedFields', scope: 'text' },
  [Command.Search]: { label: 'Search', scope: 'text' },
  [Command.NextMatch]: { label: 'Next match', scope: 'text' },
  [Command.PrevMatch]: { label: 'Previous match', scope: 'text' },
  [Command.ReleaseValues]: { label: 'Helm release values', scope: 'row' },
  [Command.ReleaseManifest]: { label: 'Helm release manifest', scope: 'row' },
  [Command.ReleaseNotes]: { label: 'Helm release notes', scope: 'row' },
  [Command.ComputedValues]: { label: 'Values: user-supplied or computed (chart defaults merged)', scope: 'text' },
  [Command.PromptSubmit]: { label: 'Run command', scope: 'prompt' },
  [Command.PromptCancel]: { label: 'Cancel', scope: 'prompt' },
  [Command.PromptComplete]: { label: 'Complete', scope: 'prompt' },
  [Command.PromptHistoryPrev]: { label: 'Previous command', scope: 'prompt' },
  [Command.PromptHistoryNext]: { label: 'Next command', scope: 'prompt' },
  [Command.TreeToggle]: { label: 'Collapse or expand the branch (also Enter; j/k, g/G, / and Esc as in tables)', scope: 'tree' },
  [Command.TreeExpandAll]: { label: 'Expand every branch', scope: 'tree' },
  [Command.TreeCollapseAll]: { label: 'Collapse every branch', scope: 'tree' },
};

export type Bindings = Record<Command, readonly string[]>;

/** k9s's keys, which are in our users' fingers. */
const defaultBindings: Bindings = {
  [Command.ForceQuit]: ['ctrl+c'],
  [Command.Quit]: ['q'],
  [Command.Help]: ['?'],
  [Command.CommandPrompt]: [':'],
  [Command.Back]: ['esc'],
  [Command.Up]: ['k', 'up'],
  [Command.Down]: ['j', 'down'],
  [Command.PageUp]: ['pgup', 'ctrl+b'],
  [Command.PageDown]: ['pgdn', 'ctrl+f'],
  [Command.Top]: ['g', 'home'],
  [Command.Bottom]: ['G', 'end'],
  [Command.Wide]: ['ctrl+w'],
  [Command.Filter]: ['/'],
  [Command.Drill]: ['enter'],
  [Command.SortName]: ['N'],
  [Command.SortAge]: ['A'],
  [Command.SortStatus]: ['S'],
  [Command.SortCpu]: ['C'],
  [Command.SortMemory]: ['M'],
  [Command.SortNextColumn]: ['>'],
  [Command.SortPrevColumn]: ['<'],
  [Command.FavouriteNamespace]: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  [Command.Describe]: ['d'],
  [Command.Scale]: ['s'],
  [Command.Rollback]: ['u'],
  [Command.Restart]: ['r'],
  [Command.Cordon]: ['c'],
  [Command.Uncordon]: ['u'],
  [Command.Drain]: ['r'],
  [Command.Trigger]: ['t'],
  [Command.Delete]: ['ctrl+d'],
  [Command.Edit]: ['e'],
  [Command.Shell]: ['s'],
  [Command.Attach]: ['a'],
  [Command.PortForward]: ['F'],
  [Command.Logs]: ['l'],
  [Command.PreviousLogs]: ['p'],
  [Command.Autoscroll]: ['s'],
  [Command.Timestamps]: ['t'],
  [Command.TogglePrevious]: ['p'],
  [Command.SaveLogs]: ['ctrl+s'],
  [Command.LogPreset]: ['0', '1', '2', '3', '4', '5'],
  [Command.LogFilter]: ['f'],
  [Command.LogJson]: ['J'],
  [Command.LogWrap]: ['w'],
  [Command.LogContainer]: ['c'],
  [Command.LogAllContainers]: ['a'],
  [Command.Kill]: ['ctrl+k'],
  [Command.Confirm]: ['y'],
  [Command.Deny]: ['n', 'esc'],
  [Command.DialogSubmit]: ['enter'],
  [Command.DialogCancel]: ['esc'],
  [Command.Yaml]: ['y'],
  [Command.Decode]: ['x'],
  [Command.ToggleManagedFields]: ['m'],
  [Command.Search]: ['/'],
  [Command.NextMatch]: ['n'],
  [Command.PrevMatch]: ['N'],
  [Command.ReleaseValues]: ['v'],
  [Command.ReleaseManifest]: ['m'],
  [Command.ReleaseNotes]: ['n'],
  [Command.ComputedValues]: ['a'],
  [Command.PromptSubmit]: ['enter'],
  [Command.PromptCancel]: ['esc'],
  [Command.PromptComplete]: ['tab'],
  [Command.PromptHistoryPrev]: ['up'],
  [Command.PromptHistoryNext]: ['down'],
  [Command.TreeToggle]: ['space'],
  [Command.TreeExpandAll]: ['+'],
  [Command.TreeCollapseAll]: ['-'],
};

export interface Keymap {
  bindings: Bindings;
  readonly: boolean;
  matches(cmd: Command, e: KeyEvent): boolean;
}

export function createKeymap(overrides: Partial<Record<Command, readonly string[]>> = {}, readonly = false): Keymap {
  const bindings: Bindings = { ...defaultBindings, ...overrides };
  return {
    bindings,
    readonly,
    matches(cmd, e) {
      for (const s of bindings[cmd]) if (keyMatches(s, e)) return true;
      return false;
    },
  };
}

/** A row command as the current view's kind declares it (resources' capabilities): its own label. */
export interface RowCommand {
  cmd: Command;
  label: string;
  mutating: boolean;
  hint?: boolean;
}

export interface HelpEntry {
  keys: string;
  label: string;
  scope: Scope;
}

/**
 * Every binding of the given screens, for the `?` screen. The `row` scope lists what the view's kind
 * declares (`rows`), under its own labels; mutating ones vanish in read-only mode.
 */
export function helpEntries(keymap: Keymap, scopes: readonly Scope[], rows: readonly RowCommand[] = []): HelpEntry[] {
  const out: HelpEntry[] = [];
  const push = (cmd: Command, label: string, scope: Scope) => {
    const specs = keymap.bindings[cmd];
    if (specs.length > 0) out.push({ keys: specs.map(showKey).join(' '), label, scope });
  };
  for (const [cmd, info] of Object.entries(commandInfo) as [Command, CommandInfo][]) {
    if (info.scope === 'row' || !scopes.includes(info.scope)) continue;
    push(cmd, info.label, info.scope);
  }
  if (scopes.includes('row')) for (const r of rows) if (!(keymap.readonly && r.mutating)) push(r.cmd, r.label, 'row');
  return out;
}

/** The short hints in the header: the hinted global and table commands, then the kind's hinted ones. */
export function keyHints(keymap: Keymap, rows: readonly RowCommand[] = []): { cmd: Command; key: string; label: string }[] {
  const out: { cmd: Command; key: string; label: string }[] = [];
  const push = (cmd: Command, label: string) => {
    const first = keymap.bindings[cmd][0];
    if (first) out.push({ cmd, key: showKey(first), label: label.replace(/ \(.*\)$/, '') });
  };
  for (const [cmd, info] of Object.entries(commandInfo) as [Command, CommandInfo][]) if (info.hint) push(cmd, info.label);
  for (const r of rows) if (r.hint && !(keymap.readonly && r.mutating)) push(r.cmd, r.label);
  return out;
}

/** Keys bound to more than one of `cmds` (with the user's bindings): a kind must not declare such a pair. */
export function keyConflicts(keymap: Keymap, cmds: readonly Command[]): string[] {
  const seen = new Map<string, Command>();
  const out: string[] = [];
  for (const cmd of new Set(cmds)) {
    for (const spec of keymap.bindings[cmd]) {
      const other = seen.get(spec);
      if (other && other !== cmd) out.push(`${showKey(spec)} is bound to both ${other} and ${cmd}`);
      else seen.set(spec, cmd);
    }
  }
  return out;
}
