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
  SortNextColumn: 'sort-next-column',
  SortPrevColumn: 'sort-prev-column',
  FavouriteNamespace: 'favourite-namespace',
  Describe: 'describe',
  Yaml: 'yaml',
  Scale: 'scale',
  Rollback: 'rollback',
  Restart: 'restart',
  Cordon: 'cordon',
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
  Decode: 'decode',
  ToggleManagedFields: 'toggle-managed-fields',
  Search: 'search',
  NextMatch: 'next-match',
  PrevMatch: 'prev-match',
  PromptSubmit: 'prompt-submit',
  PromptCancel: 'prompt-cancel',
  PromptComplete: 'prompt-complete',
  PromptHistoryPrev: 'prompt-history-prev',
  PromptHistoryNext: 'prompt-history-next',
} as const;
export type Command = (typeof Command)[keyof typeof Command];

export type Scope = 'global' | 'table' | 'text' | 'logs' | 'dialog' | 'prompt';

export interface CommandInfo {
  label: string;
  scope: Scope;
  /** Shown in the header's key hints. */
  hint?: boolean;
  /** Sends a mutating request; hidden in read-only mode. */
  mutating?: boolean;
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
  [Command.SortNextColumn]: { label: 'Sort by the next column (the header marks it)', scope: 'table' },
  [Command.SortPrevColumn]: { label: 'Sort by the previous column', scope: 'table' },
  [Command.FavouriteNamespace]: { label: 'Namespace: 0 all, 1-9 recent ones', scope: 'table' },
  [Command.Describe]: { label: 'Describe', scope: 'table', hint: true },
  [Command.Scale]: { label: 'Scale (deployments, replicasets, statefulsets)', scope: 'table', hint: true, mutating: true },
  [Command.Rollback]: { label: 'Rollout history and undo (deployments); uncordon (nodes)', scope: 'table', hint: true, mutating: true },
  [Command.Restart]: { label: 'Rollout restart (deployments, statefulsets, daemonsets); drain (nodes)', scope: 'table', mutating: true },
  [Command.Cordon]: { label: 'Cordon (nodes)', scope: 'table', mutating: true },
  [Command.Trigger]: { label: 'Trigger a Job now (cronjobs)', scope: 'table', mutating: true },
  [Command.Delete]: { label: 'Delete', scope: 'table', hint: true, mutating: true },
  [Command.Edit]: { label: 'Edit the YAML in $EDITOR, applied on save', scope: 'table', mutating: true },
  [Command.Shell]: { label: 'Shell (pods, containers; bash, else sh)', scope: 'table', hint: true, mutating: true },
  [Command.Attach]: { label: "Attach to the container's process (pods, containers)", scope: 'table', mutating: true },
  [Command.PortForward]: { label: 'Port-forward (pods, containers, services; :pf lists them, ctrl-d there stops one)', scope: 'table', hint: true, mutating: true },
  [Command.Logs]: { label: 'Logs (pod: all containers; container; workload or service: its pods merged)', scope: 'table', hint: true },
  [Command.PreviousLogs]: { label: "Logs of the previous (crashed) container", scope: 'table' },
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
  [Command.Kill]: { label: 'Kill (pods: delete with no grace period)', scope: 'table', mutating: true },
  [Command.Confirm]: { label: 'Confirm', scope: 'dialog' },
  [Command.Deny]: { label: 'Cancel', scope: 'dialog' },
  [Command.Yaml]: { label: 'YAML', scope: 'table', hint: true },
  [Command.Decode]: { label: 'Decode Secret values', scope: 'text' },
  [Command.ToggleManagedFields]: { label: 'Show/hide managedFields', scope: 'text' },
  [Command.Search]: { label: 'Search', scope: 'text' },
  [Command.NextMatch]: { label: 'Next match', scope: 'text' },
  [Command.PrevMatch]: { label: 'Previous match', scope: 'text' },
  [Command.PromptSubmit]: { label: 'Run command', scope: 'prompt' },
  [Command.PromptCancel]: { label: 'Cancel', scope: 'prompt' },
  [Command.PromptComplete]: { label: 'Complete', scope: 'prompt' },
  [Command.PromptHistoryPrev]: { label: 'Previous command', scope: 'prompt' },
  [Command.PromptHistoryNext]: { label: 'Next command', scope: 'prompt' },
};

export type Bindings = Record<Command, readonly string[]>;

/** k9s's keys, which are in our users' fingers. */
export const defaultBindings: Bindings = {
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
  [Command.SortNextColumn]: ['>'],
  [Command.SortPrevColumn]: ['<'],
  [Command.FavouriteNamespace]: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  [Command.Describe]: ['d'],
  [Command.Scale]: ['s'],
  [Command.Rollback]: ['u'],
  [Command.Restart]: ['r'],
  [Command.Cordon]: ['c'],
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
  [Command.Yaml]: ['y'],
  [Command.Decode]: ['x'],
  [Command.ToggleManagedFields]: ['m'],
  [Command.Search]: ['/'],
  [Command.NextMatch]: ['n'],
  [Command.PrevMatch]: ['N'],
  [Command.PromptSubmit]: ['enter'],
  [Command.PromptCancel]: ['esc'],
  [Command.PromptComplete]: ['tab'],
  [Command.PromptHistoryPrev]: ['up'],
  [Command.PromptHistoryNext]: ['down'],
};

export interface Keymap {
  bindings: Bindings;
  readonly: boolean;
  matches(cmd: Command, e: KeyEvent): boolean;
  /** In read-only mode: the mutating table commands this key is bound to (none otherwise). */
  blockedByReadonly(e: KeyEvent): Command[];
}

export function createKeymap(overrides: Partial<Record<Command, readonly string[]>> = {}, readonly = false): Keymap {
  const bindings: Bindings = { ...defaultBindings, ...overrides };
  return {
    bindings,
    readonly,
    matches(cmd, e) {
      if (readonly && commandInfo[cmd].mutating) return false;
      const specs = bindings[cmd];
      for (const s of specs) if (keyMatches(s, e)) return true;
      return false;
    },
    blockedByReadonly(e) {
      if (!readonly) return [];
      return (Object.entries(commandInfo) as [Command, CommandInfo][])
        .filter(([cmd, info]) => info.mutating && info.scope === 'table' && bindings[cmd].some((s) => keyMatches(s, e)))
        .map(([cmd]) => cmd);
    },
  };
}

export interface HelpEntry {
  keys: string;
  label: string;
  scope: Scope;
}

/** Every binding, for the `?` screen. Mutating commands vanish in read-only mode. */
export function helpEntries(keymap: Keymap, scopes: readonly Scope[]): HelpEntry[] {
  const out: HelpEntry[] = [];
  for (const [cmd, info] of Object.entries(commandInfo) as [Command, CommandInfo][]) {
    if (!scopes.includes(info.scope)) continue;
    if (keymap.readonly && info.mutating) continue;
    const specs = keymap.bindings[cmd];
    if (specs.length === 0) continue;
    out.push({ keys: specs.map(showKey).join(' '), label: info.label, scope: info.scope });
  }
  return out;
}

/** The short hints in the header: first binding of each hinted command. */
export function keyHints(keymap: Keymap): { cmd: Command; key: string; label: string }[] {
  const out: { cmd: Command; key: string; label: string }[] = [];
  for (const [cmd, info] of Object.entries(commandInfo) as [Command, CommandInfo][]) {
    if (!info.hint || (keymap.readonly && info.mutating)) continue;
    const first = keymap.bindings[cmd][0];
    if (first) out.push({ cmd, key: showKey(first), label: info.label.replace(/ \(.*\)$/, '') });
  }
  return out;
}

/**
 * Which cluster actions (kube/actions catalog ids) a key may start, first applicable to the row's kind
 * wins: `u` is rollback on deployments and uncordon on nodes, `r` restart on workloads and drain on nodes.
 */
export const actionKeys: Partial<Record<Command, readonly string[]>> = {
  [Command.Scale]: ['scale'],
  [Command.Rollback]: ['undo', 'uncordon'],
  [Command.Restart]: ['restart', 'drain'],
  [Command.Cordon]: ['cordon'],
  [Command.Trigger]: ['trigger'],
  [Command.Delete]: ['delete'],
  [Command.Kill]: ['kill'],
};
