import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import type { AppStore } from '../store/app-store.js';
import type { ConnectionInfo } from '../store/connection.js';
import { commandNames, completeCommand, parseCommand } from '../store/commands/command.js';
import type { Keymap } from '../keys/commands.js';
import { Command, commandInfo, helpEntries, keyHints } from '../keys/commands.js';
import type { Scope } from '../keys/commands.js';
import type { Theme } from './theme/theme.js';
import { Header } from './components/Header.js';
import { TitleBar } from './components/TitleBar.js';
import { ResourceTable } from './components/ResourceTable.js';
import { Prompt } from './components/Prompt.js';
import { Footer } from './components/Footer.js';
import { tableKeys } from './hooks/use-table-keys.js';
import { rowKeys } from './hooks/row-keys.js';
import { useActions } from './hooks/use-actions.js';
import { useEdit } from './hooks/use-edit.js';
import { useLogs } from './hooks/use-logs.js';
import { useShell } from './hooks/use-shell.js';
import { sortColumnIndex } from '../store/table/sort.js';
import { openViewCommand } from '../store/commands/view-command.js';
import { hintApplies } from './hints.js';
import { usePortForward } from './hooks/use-port-forward.js';
import { ForwardDialogView } from './components/ForwardDialogView.js';
import type { PortForwards } from '../store/forwards/port-forwards.js';
import { LogsView } from './views/LogsView.js';
import type { Transport } from '../kube/transport.js';
import type { LogTarget } from '../store/logs/logs.js';
import type { ResourceDef, SlimBase } from '../resources/types.js';
import { DialogView } from './components/DialogView.js';
import type { ActionService } from '../store/actions/actions.js';
import { HelpView } from './components/HelpView.js';
import { useSnapshot } from './hooks/use-snapshot.js';
import { useNow } from './hooks/use-now.js';
import { useCursor } from './hooks/use-cursor.js';
import { usePrompt } from './hooks/use-prompt.js';
import { useDetail } from './hooks/use-detail.js';
import type { DetailLoader } from './hooks/use-detail.js';
import { TextView } from './views/TextView.js';
import { sanitize } from '../util/sanitize.js';
import { useRefState } from './hooks/use-ref-state.js';
import type { KeyEvent } from '../keys/key-event.js';
import { splitChunk } from '../keys/key-event.js';
import { toKeyEvent } from './to-key-event.js';
import { useMetrics } from './hooks/use-metrics.js';
import type { MetricsOverlay } from '../store/metrics/metrics.js';

export interface AppProps {
  store: AppStore;
  info: ConnectionInfo;
  keymap: Keymap;
  theme: Theme;
  /** Fetches the full object and its events for YAML and describe (wired to the cluster by the cli). */
  loadDetail?: DetailLoader;
  /** The cluster transport (logs stream through it). */
  transport?: Promise<Transport>;
  /** What `l` shows for a row (a pod's containers, a workload's pods…). */
  logTargets?: (resource: ResourceDef, rec: SlimBase) => Promise<LogTarget[]>;
  /** `:ctx`, Enter on a context: switch to it (the cli rebuilds the connection). */
  onSwitchContext?: (name: string) => void;
  /** Scale, rollback, delete…: the cluster actions (absent until connected). */
  actions?: ActionService;
  /** User aliases from config: `kp: pods kube-system`. */
  aliases?: Record<string, string>;
  /** Logs kept in memory per logs view (config `logBufferMB`); older lines spill to a temp file. */
  logBufferBytes?: number;
  /** Port-forwards of this context (Shift-F starts one, `:pf` lists them). */
  forwards?: PortForwards;
  /** Called once when the user quits (q or Ctrl-C), before Ink unmounts. */
  onQuit?: () => void;
  /** CPU/MEM per pod and node (metrics.k8s.io), shown as extra columns while it has data. */
  metrics?: MetricsOverlay;
}

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 12;
const HEADER_ROWS = 6;

export function App({ store, info, keymap, theme, aliases = {}, loadDetail, actions, transport, logTargets, forwards, logBufferBytes, onSwitchContext, onQuit, metrics }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  const snap = useSnapshot(store);
  const now = useNow();
  const prompt = usePrompt();
  const filter = usePrompt();
  const [help, setHelp] = useRefState(false);
  const [wide, setWide] = useRefState(false);

  const { view } = snap;
  const allNs = view.namespace === undefined;
  const nsLabel = view.resource.namespaced ? (view.namespace ?? 'all') : 'all';
  const tableHeight = Math.max(1, rows - HEADER_ROWS - 2);
  const viewId = `${snap.crumbs.length}|${view.resource.plural}|${nsLabel}|${view.labelSelector ?? ''}|${view.fieldSelector ?? ''}`;
  const cursor = useCursor(snap.rows, viewId, tableHeight - 1, view.selectedKey);
  const tooSmall = columns < MIN_COLUMNS || rows < MIN_ROWS;
  const detail = useDetail(loadDetail, tableHeight, keymap);
  const acts = useActions(store, actions, keymap);
  const edit = useEdit(store, actions, loadDetail);
  const logs = useLogs(store, transport, keymap, tableHeight - 1, logBufferBytes);
  const shell = useShell(store, transport);
  const pf = usePortForward(store, transport, forwards, keymap);
  const extra = useMetrics(metrics, view.resource);

  const quit = () => {
    onQuit?.();
    exit();
  };

  const runCommand = (text: string) => {
    if (!text) return;
    const [head = '', ...rest] = text.split(/\s+/);
    const alias = aliases[head.toLowerCase()];
    const cmd = parseCommand(alias ? [alias, ...rest].join(' ') : text);
    switch (cmd.type) {
      case 'quit':
        quit();
        return;
      case 'help':
        setHelp(true);
        return;
      case 'error':
        store.flash(cmd.message, 'error');
        return;
      case 'view':
        openViewCommand(store, cmd);
        return;
    }
  };

  // Priority: prompt, then overlays, then the view, then global keys.
  const handle = (e: KeyEvent): void => {
    const input = e.input;
    if (keymap.matches(Command.ForceQuit, e)) return quit();
    if (prompt.get().open) {
      if (keymap.matches(Command.PromptCancel, e)) return prompt.close();
      if (keymap.matches(Command.PromptSubmit, e)) return runCommand(prompt.submit());
      if (keymap.matches(Command.PromptComplete, e)) return prompt.setText(completeCommand(prompt.get().text));
      if (keymap.matches(Command.PromptHistoryPrev, e)) return prompt.historyPrev();
      if (keymap.matches(Command.PromptHistoryNext, e)) return prompt.historyNext();
      if (e.backspace || e.delete) return prompt.backspace();
      if (!e.ctrl && !e.meta && input) return prompt.type(input);
      return;
    }
    if (filter.get().open) {
      if (keymap.matches(Command.PromptCancel, e)) {
        filter.close();
        return void store.clearFilter();
      }
      if (keymap.matches(Command.PromptSubmit, e)) return store.setFilter(filter.submit());
      if (e.backspace || e.delete) filter.backspace();
      else if (!e.ctrl && !e.meta && input) filter.type(input);
      else return;
      // fuzzy and inverse filters apply as you type; -l/-f reopen the cache, so they wait for Enter
      const text = filter.get().text;
      if (!text.trimStart().startsWith('-')) store.setFilter(text);
      return;
    }
    if (acts.dialogKey(e)) return;
    if (pf.handleKey(e)) return;
    // help sits over any view (the logs and describe views keep running under it)
    if (help()) {
      if (keymap.matches(Command.Back, e) || keymap.matches(Command.Help, e) || keymap.matches(Command.Quit, e)) {
        setHelp(false);
      }
      return;
    }
    const typing = logs.state?.typing !== undefined || detail.state?.typing !== undefined;
    if ((logs.state || detail.state) && !typing && keymap.matches(Command.Help, e)) return setHelp(true);
    if (logs.handleKey(e)) return;
    if (detail.handleKey(e)) return;
    if (keymap.matches(Command.Filter, e)) {
      filter.openPrompt();
      return filter.setText(snap.filter?.text ?? '');
    }
    if (view.resource.local && keymap.matches(Command.Drill, e)) {
      const rec = cursor.selectedRow();
      if (rec && onSwitchContext) onSwitchContext(rec.name);
      return;
    }
    if (rowKeys({ store, keymap, resource: view.resource, cursor, logTargets, loadDetail, forwards, logs, detail, shell, pf, edit }, e)) return;
    if (acts.tableKey(e, view.resource, cursor.selectedRow())) return;
    if (tableKeys(store, snap, cursor, keymap, e, wide())) return;
    if (keymap.matches(Command.Down, e)) return cursor.move(1);
    if (keymap.matches(Command.Up, e)) return cursor.move(-1);
    if (keymap.matches(Command.PageDown, e)) return cursor.move(tableHeight - 1);
    if (keymap.matches(Command.PageUp, e)) return cursor.move(-(tableHeight - 1));
    if (keymap.matches(Command.Top, e)) return cursor.toTop();
    if (keymap.matches(Command.Bottom, e)) return cursor.toBottom();
    if (keymap.matches(Command.Wide, e)) return setWide((w) => !w);
    if (keymap.matches(Command.CommandPrompt, e)) return prompt.openPrompt();
    if (keymap.matches(Command.Help, e)) return setHelp(true);
    if (keymap.matches(Command.Quit, e)) return quit();
    // a key that would change the cluster says why it did nothing (`s` is shell on pods, scale elsewhere)
    const blocked = keymap.blockedByReadonly(e).find((c) => hintApplies(c, view.resource));
    if (blocked) store.flash(`read-only mode: ${commandInfo[blocked].label.replace(/ \(.*\)$/, '').toLowerCase()} is disabled`, 'warn');
  };

  // The one keypress router (ARCHITECTURE.md convention 6). Several plain keys can arrive as one chunk
  // (fast typing over SSH, tmux send-keys, a paste): each is handled in turn, Enter included.
  useInput((input, key) => {
    const e = toKeyEvent(input, key);
    if (input.length > 1 && !key.ctrl && !key.meta && !key.escape) {
      for (const k of splitChunk(input)) handle(k);
      return;
    }
    handle(e);
  });

  // `?` lists the bindings of the view it was opened from: the logs view's, describe/YAML's, or all
  const helpScopes: Scope[] = logs.state ? ['global', 'logs'] : detail.state ? ['global', 'text'] : ['global', 'table', 'text', 'logs', 'dialog', 'prompt'];

  if (tooSmall) {
    return (
      <Box height={rows} width={columns} flexDirection="column">
        <Text wrap="truncate" color={theme.warn}>
          Terminal too small ({columns}×{rows}); kubedeck needs at least {MIN_COLUMNS}×{MIN_ROWS}.
        </Text>
        <Text wrap="truncate">Enlarge the window, or press Ctrl-C to quit.</Text>
      </Box>
    );
  }

  return (
    <Box flexDirection="column" height={rows} width={columns}>
      <Header info={info} namespace={nsLabel} hints={[...keyHints(keymap).filter((h) => hintApplies(h.cmd, view.resource)), ...favouriteHints(snap.recentNamespaces)]} theme={theme} width={columns} />
      <TitleBar
        {...(acts.dialog
          ? { title: sanitize(acts.dialog.title) }
          : help()
            ? {}
            : logs.state
            ? { title: sanitize(logs.state.title) }
            : detail.state
              ? { title: sanitize(detail.state.title) }
              : {})}
        plural={help() ? 'help' : view.resource.plural}
        namespace={nsLabel}
        count={help() ? helpEntries(keymap, helpScopes).length : snap.rows.length}
        {...(snap.filter && !help() && !detail.state ? { filter: snap.filter.text } : {})}
        state={snap.state}
        theme={theme}
        width={columns}
      />
      {pf.dialog ? (
        <ForwardDialogView dialog={pf.dialog} height={tableHeight} width={columns} theme={theme} />
      ) : acts.dialog ? (
        <DialogView dialog={acts.dialog} diff={acts.diff} height={tableHeight} width={columns} now={now} theme={theme} />
      ) : help() ? (
        <HelpView
          entries={helpEntries(keymap, helpScopes)}
          commands={commandNames()}
          theme={theme}
          height={tableHeight}
          width={columns}
        />
      ) : logs.state ? (
        <LogsView logs={logs.state} first={logs.firstVisible} height={tableHeight} width={columns} theme={theme} />
      ) : detail.state ? (
        <TextView
          lines={detail.state.lines}
          top={detail.state.top}
          height={tableHeight}
          width={columns}
          search={detail.state.search}
          loading={detail.state.loading}
          {...(detail.state.error ? { error: detail.state.error } : {})}
          theme={theme}
        />
      ) : (
        <ResourceTable
          resource={view.resource}
          rows={snap.rows}
          allNamespaces={allNs}
          selected={cursor.selected}
          top={cursor.top}
          height={tableHeight}
          width={columns}
          wide={wide()}
          now={now}
          theme={theme}
          matchAt={snap.matchAt}
          sort={{ index: sortColumnIndex(snap.sort, view.resource), desc: snap.sort.desc }}
          {...(extra ? { extra } : {})}
        />
      )}
      {logs.state?.typing !== undefined ? (
        <Prompt prefix={logs.state.typingKind === 'filter' ? 'filter ' : '/'} text={logs.state.typing} theme={theme} width={columns} />
      ) : detail.state?.typing !== undefined ? (
        <Prompt prefix="/" text={detail.state.typing} theme={theme} width={columns} />
      ) : prompt.get().open ? (
        <Prompt prefix=":" text={prompt.get().text} theme={theme} width={columns} />
      ) : filter.get().open ? (
        <Prompt prefix="/" text={filter.get().text} theme={theme} width={columns} />
      ) : (
        <Footer flash={snap.flash} crumbs={snap.crumbs} theme={theme} width={columns} />
      )}
    </Box>
  );
}

function favouriteHints(recent: readonly string[]): { key: string; label: string }[] {
  return [{ key: '<0>', label: 'all' }, ...recent.slice(0, 5).map((ns, i) => ({ key: `<${i + 1}>`, label: sanitize(ns) }))];
}
