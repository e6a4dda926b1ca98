import { Box, useApp, useInput, useWindowSize } from 'ink';
import { useRef } from 'react';
import type { AppStore } from '../store/app-store.js';
import type { ConnectionInfo } from '../store/connection.js';
import type { Services } from '../store/services.js';
import type { Keymap } from '../keys/commands.js';
import { Command, helpEntries, keyHints } from '../keys/commands.js';
import type { Theme } from './theme/theme.js';
import { Header } from './components/Header.js';
import { TitleBar } from './components/TitleBar.js';
import { ResourceTable } from './components/ResourceTable.js';
import { Prompt } from './components/Prompt.js';
import { Footer } from './components/Footer.js';
import { TooSmall } from './components/TooSmall.js';
import { ForwardDialogView } from './components/ForwardDialogView.js';
import { DialogView } from './components/DialogView.js';
import { HelpView, helpLines } from './components/HelpView.js';
import { NoticeView } from './components/NoticeView.js';
import { LogsView } from './views/LogsView.js';
import { TextView } from './views/TextView.js';
import { XrayView } from './views/xray/XrayView.js';
import { useXray } from './hooks/use-xray.js';
import type { ParsedCommand } from '../store/commands/command.js';
import { ReleaseView } from './views/ReleaseView.js';
import { useRelease } from './hooks/use-release.js';
import { tableKeys } from './hooks/use-table-keys.js';
import { rowKeys } from './hooks/row-keys.js';
import { useActions } from './hooks/use-actions.js';
import { useEdit } from './hooks/use-edit.js';
import { useLogs } from './hooks/use-logs.js';
import { useShell } from './hooks/use-shell.js';
import { usePortForward } from './hooks/use-port-forward.js';
import { useSnapshot } from './hooks/use-snapshot.js';
import type { ShownWindow } from './hooks/use-snapshot.js';
import { useNow } from './hooks/use-now.js';
import { useCursor } from './hooks/use-cursor.js';
import { usePrompt } from './hooks/use-prompt.js';
import { useDetail } from './hooks/use-detail.js';
import { useRefState } from './hooks/use-ref-state.js';
import { useMetrics } from './hooks/use-metrics.js';
import { useHelp } from './hooks/use-help.js';
import { useTypeAhead } from './hooks/use-type-ahead.js';
import { rowCommands } from './hooks/row-commands.js';
import { routeKey } from './screens.js';
import type { Screen } from './screens.js';
import { sortColumnIndex } from '../store/table/sort.js';
import { openViewCommand } from '../store/commands/view-command.js';
import { commandNames, completeCommand, parseCommand } from '../store/commands/command.js';
import { sanitizeText } from '../util/sanitize.js';
import { messageRows, tableTitle } from './message-rows.js';
import { headerHints } from './header-hints.js';
import { timeCellsChange } from './time-cells.js';
import type { KeyEvent } from '../keys/key-event.js';
import { splitChunk } from '../keys/key-event.js';
import { toKeyEvent } from './to-key-event.js';

export interface AppProps {
  store: AppStore;
  info: ConnectionInfo;
  keymap: Keymap;
  theme: Theme;
  /** What the connection offers (logs, shell, port-forward, actions, detail, the `:` prompt): absent only in tests of the bare table. */
  services?: Services;
  /** `:ctx`, Enter on a context: switch to it (the cli rebuilds the connection). */
  onSwitchContext?: (name: string) => void;
  /** User aliases from config: `kp: pods kube-system`. */
  aliases?: Record<string, string>;
  /** Shown over the table at start until dismissed (config problems, one per line). */
  notice?: { title: string; lines: readonly string[] } | undefined;
  /** Called once when the user quits (q or Ctrl-C), before Ink unmounts. */
  onQuit?: () => void;
}

const MIN_COLUMNS = 60;
const MIN_ROWS = 12;
const HEADER_ROWS = 6;

export function App({ store, info, keymap, theme, aliases = {}, services, onSwitchContext, onQuit, notice }: AppProps) {
  const { exit } = useApp();
  const { columns, rows } = useWindowSize();
  // the table's window at the last render: a publish that changes nothing there (nor above it) does not re-render
  const shownRows = useRef<ShownWindow | undefined>(undefined);
  const snap = useSnapshot(store, shownRows);
  // the 1 s tick re-renders only when the screen would read differently (see nowChanges below)
  const boldUntil = useRef(0);
  const now = useNow(1000, (shown, next) => nowChanges(shown, next));
  const prompt = usePrompt();
  const filter = usePrompt();
  const [wide, setWide] = useRefState(false);
  const [noticeOpen, setNoticeOpen] = useRefState(notice !== undefined);

  const { view } = snap;
  const allNs = view.namespace === undefined;
  const nsLabel = view.resource.namespaced ? (view.namespace ?? 'all') : 'all';
  const shownFilter = snap.filter && snap.filter.error === undefined ? snap.filter.text : undefined;
  // long state and flash messages wrap onto rows of their own (never cut), taken from the table
  const msg = messageRows(tableTitle(view.resource.plural, nsLabel, snap.list.length, shownFilter, snap.state.loading), snap.state, snap.flash, columns, rows - HEADER_ROWS - 4);
  const tableHeight = Math.max(1, rows - HEADER_ROWS - 2 - msg.state.length - Math.max(0, msg.flash.length - 1));
  const viewId = `${snap.crumbs.length}|${view.resource.plural}|${nsLabel}|${view.labelSelector ?? ''}|${view.fieldSelector ?? ''}`;
  const helpPane = useHelp(keymap, tableHeight);
  const help = () => helpPane.get() !== undefined;
  const cursor = useCursor(snap.list, viewId, tableHeight - 1, view.selectedKey);
  shownRows.current = { top: cursor.top, height: tableHeight - 1 };
  const detail = useDetail(services?.detail, tableHeight, keymap, snap.list);
  const acts = useActions(store, services?.actions, keymap);
  const edit = useEdit(store, services?.edit);
  const logs = useLogs(store, services?.logs, keymap, tableHeight - 1);
  const shell = useShell(store, services?.shell);
  const pf = usePortForward(store, services?.forwards, keymap);
  const extra = useMetrics(services?.metrics, view.resource);
  const xray = useXray(store, keymap, tableHeight, view);
  const xraySnap = xray.get();
  // over the xray tree, the row keys are those of the selected node's kind
  const rowResource = xraySnap ? (xray.selectedResource() ?? xraySnap.resource) : view.resource;
  const rowCmds = rowCommands(rowResource);
  const release = useRelease(store, services, keymap, tableHeight, acts.confirm);

  const quit = () => {
    onQuit?.();
    exit();
  };

  const runCommand = (text: string) => {
    if (!text) return;
    const [head = '', ...rest] = text.split(/\s+/);
    const alias = aliases[head.toLowerCase()];
    const line = alias ? [alias, ...rest].join(' ') : text;
    runParsed(services ? services.commands.parse(line, runParsed) : parseCommand(line));
  };

  const runParsed = (cmd: ParsedCommand): void => {
    switch (cmd.type) {
      case 'quit':
        return quit();
      case 'help':
        return helpPane.open();
      case 'error':
        return store.flash(cmd.message, 'error');
      case 'view':
        xray.close();
        return openViewCommand(store, cmd);
      case 'xray':
        return xray.open({ resource: cmd.resource, namespace: cmd.allNamespaces ? undefined : (cmd.namespace ?? store.getSnapshot().view.namespace) });
    }
  };

  const promptKeys = (e: KeyEvent): void => {
    if (keymap.matches(Command.PromptCancel, e)) return prompt.close();
    if (keymap.matches(Command.PromptSubmit, e)) return runCommand(prompt.submit());
    if (keymap.matches(Command.PromptComplete, e)) return prompt.setText(services ? services.commands.complete(prompt.get().text) : completeCommand(prompt.get().text));
    if (keymap.matches(Command.PromptHistoryPrev, e)) return prompt.historyPrev();
    if (keymap.matches(Command.PromptHistoryNext, e)) return prompt.historyNext();
    if (e.backspace || e.delete) return prompt.backspace();
    if (!e.ctrl && !e.meta && e.input) prompt.type(e.input);
  };

  const filterKeys = (e: KeyEvent): void => {
    if (keymap.matches(Command.PromptCancel, e)) {
      filter.close();
      return void store.clearFilter();
    }
    if (keymap.matches(Command.PromptSubmit, e)) return void store.setFilter(filter.submit());
    if (e.backspace || e.delete) filter.backspace();
    else if (!e.ctrl && !e.meta && e.input) filter.type(e.input);
    else return;
    // fuzzy and inverse filters apply as you type; -l/-f reopen the cache, so they wait for Enter
    const text = filter.get().text;
    if (!text.trimStart().startsWith('-')) store.setFilter(text);
  };

  // `?` lists the bindings of the screen it was opened from (the logs view's, describe/YAML's, or all)
  const helpList = () => helpEntries(keymap, screens.find((s) => s.id !== 'help' && s.id !== 'too-small' && s.active())?.scopes ?? [], rowCmds);
  const helpText = () => helpLines(helpList(), rowResource.plural, services ? services.commands.names() : commandNames(), columns);
  const helpKeys = (e: KeyEvent): void => helpPane.handleKey(e, helpText().map((l) => l.text));

  /** Over logs and describe/YAML: `?` opens help (not while typing a search), the rest is the view's. */
  const overlayKeys = (handle: (e: KeyEvent) => boolean, typing: () => boolean) => (e: KeyEvent): void => {
    if (!typing() && keymap.matches(Command.Help, e)) return helpPane.open();
    handle(e);
  };

  const xrayKeys = (e: KeyEvent): void => {
    if (xray.typing() === undefined && keymap.matches(Command.CommandPrompt, e)) return prompt.openPrompt();
    // the header offers `q` over the tree as over a table
    if (xray.typing() === undefined && keymap.matches(Command.Quit, e)) return quit();
    xray.handleKey(e, (resource, cur, ev) => rowKeys({ store, keymap, resource, cursor: cur, services, logs, detail, shell, pf, edit, acts, release, onSwitchContext }, ev));
  };

  const tableScreenKeys = (e: KeyEvent): void => {
    if (keymap.matches(Command.Filter, e)) {
      filter.openPrompt();
      return filter.setText(snap.filter?.text ?? '');
    }
    if (rowKeys({ store, keymap, resource: view.resource, cursor, services, logs, detail, shell, pf, edit, acts, release, onSwitchContext }, e)) return;
    if (tableKeys(store, snap, cursor, keymap, e, wide(), extra !== undefined)) return;
    if (keymap.matches(Command.Down, e)) return cursor.move(1);
    if (keymap.matches(Command.Up, e)) return cursor.move(-1);
    if (keymap.matches(Command.PageDown, e)) return cursor.move(tableHeight - 1);
    if (keymap.matches(Command.PageUp, e)) return cursor.move(-(tableHeight - 1));
    if (keymap.matches(Command.Top, e)) return cursor.toTop();
    if (keymap.matches(Command.Bottom, e)) return cursor.toBottom();
    if (keymap.matches(Command.Wide, e)) return setWide((w) => !w);
    if (keymap.matches(Command.CommandPrompt, e)) return prompt.openPrompt();
    if (keymap.matches(Command.Help, e)) return helpPane.open();
    if (keymap.matches(Command.Quit, e)) return quit();
  };

  // The screens, in priority order: the first active one owns every key (Ctrl-C excepted, which quits from
  // anywhere). A too-small terminal is a screen of its own that takes no action keys: nothing acts on what
  // the user cannot see.
  const screens: Screen[] = [
    { id: 'too-small', scopes: [], active: () => columns < MIN_COLUMNS || rows < MIN_ROWS, keys: () => undefined },
    { id: 'prompt', scopes: ['prompt'], active: () => prompt.get().open, keys: promptKeys },
    { id: 'filter', scopes: ['prompt'], active: () => filter.get().open, keys: filterKeys },
    { id: 'dialog', scopes: ['dialog'], active: () => acts.dialog() !== undefined, keys: acts.dialogKey },
    { id: 'forward-dialog', scopes: ['dialog'], active: () => pf.dialog() !== undefined, keys: pf.handleKey },
    {
      id: 'notice',
      scopes: ['dialog'],
      active: () => noticeOpen() && notice !== undefined,
      keys: (e) => (keymap.matches(Command.DialogCancel, e) || keymap.matches(Command.DialogSubmit, e) ? setNoticeOpen(false) : undefined),
    },
    { id: 'help', scopes: ['global', 'text'], active: help, keys: helpKeys },
    { id: 'release', scopes: ['global', 'text', 'dialog'], active: () => release.get() !== undefined, keys: overlayKeys(release.handleKey, () => false) },
    { id: 'logs', scopes: ['global', 'logs'], active: () => logs.get() !== undefined, keys: overlayKeys(logs.handleKey, () => logs.get()?.typing !== undefined) },
    { id: 'detail', scopes: ['global', 'text'], active: () => detail.get() !== undefined, keys: overlayKeys(detail.handleKey, () => detail.get()?.typing !== undefined) },
    { id: 'xray', scopes: ['global', 'tree', 'row'], active: () => xray.get() !== undefined, keys: overlayKeys((e) => (xrayKeys(e), true), () => xray.typing() !== undefined) },
    { id: 'table', scopes: ['global', 'table', 'row', 'text', 'logs', 'dialog', 'prompt'], active: () => true, keys: tableScreenKeys },
  ];

  // What the tick would change: over the bare table (or a prompt over it) only its visible rows' cells (AGE
  // and other durations) and the bold of a row just changed; any other screen takes every tick.
  const nowChanges = (shown: number, next: number): boolean => {
    const id = screens.find((s) => s.active())?.id;
    const bare = (id === 'table' || id === 'prompt' || id === 'filter') && !logs.get() && !detail.get() && !xray.get();
    if (!bare || boldUntil.current > 0) return true;
    return timeCellsChange(view.resource, snap.list, shownRows.current, shown, next);
  };

  // The one keypress router (ARCHITECTURE.md convention 6). Several plain keys can arrive as one chunk
  // (fast typing over SSH, tmux send-keys, a paste): each is routed in turn, Enter included. Keys typed
  // ahead of the user's own change reaching the screen wait for it (use-type-ahead.ts); Ctrl-C never waits.
  const typeAhead = useTypeAhead(
    () => store.caughtUp(snap),
    () => prompt.get().open || filter.get().open,
    (e) => void routeKey(screens, e),
  );
  const handle = (e: KeyEvent): void => {
    if (keymap.matches(Command.ForceQuit, e)) return quit();
    typeAhead(e);
  };

  useInput((input, key) => {
    if (input.length > 1 && !key.ctrl && !key.meta && !key.escape) {
      for (const k of splitChunk(input)) handle(k);
      return;
    }
    handle(toKeyEvent(input, key));
  });

  const screen = screens.find((s) => s.active()) ?? screens[screens.length - 1];
  if (screen?.id === 'too-small') return <TooSmall columns={columns} rows={rows} minColumns={MIN_COLUMNS} minRows={MIN_ROWS} theme={theme} />;

  const dialog = acts.dialog();
  const fwd = pf.dialog();
  const logState = logs.get();
  const detailState = detail.get();
  const releaseState = release.get();
  const title = dialog ? dialog.title : help() ? 'help' : releaseState ? releaseState.title : logState ? logState.title : detailState ? detailState.title : undefined;

  const body = (() => {
    switch (screen?.id) {
      case 'forward-dialog':
        return fwd && <ForwardDialogView dialog={fwd} height={tableHeight} width={columns} theme={theme} />;
      case 'dialog':
        return dialog && <DialogView dialog={dialog} diff={acts.diff} height={tableHeight} width={columns} now={now} theme={theme} />;
      case 'notice':
        return notice && <NoticeView title={notice.title} lines={notice.lines} height={tableHeight} width={columns} theme={theme} />;
      case 'release':
        return releaseState && <ReleaseView state={releaseState} diff={release.diff} height={tableHeight} width={columns} theme={theme} />;
      case 'help':
        return <HelpView lines={helpText()} top={helpPane.get()?.top ?? 0} search={helpPane.get()?.search ?? ''} theme={theme} height={tableHeight} width={columns} />;
      default:
        break;
    }
    if (logState) return <LogsView logs={logState} first={logs.firstVisible} height={tableHeight} width={columns} theme={theme} />;
    if (detailState) {
      return (
        <TextView
          lines={detailState.lines}
          top={detailState.top}
          height={tableHeight}
          width={columns}
          search={detailState.search}
          loading={detailState.loading}
          {...(detailState.error ? { error: detailState.error } : {})}
          theme={theme}
        />
      );
    }
    if (xraySnap) {
      return <XrayView lines={xraySnap.lines} selected={xray.selected} top={xray.top} height={tableHeight} width={columns} allNamespaces={xraySnap.namespaceLabel === 'all'} theme={theme} />;
    }
    return (
      <ResourceTable
        resource={view.resource}
        rows={snap.list}
        allNamespaces={allNs}
        selected={cursor.selected}
        top={cursor.top}
        height={tableHeight}
        width={columns}
        wide={wide()}
        now={now}
        boldUntil={boldUntil}
        theme={theme}
        matchAt={snap.matchAt}
        sort={{ index: sortColumnIndex(snap.sort, view.resource), desc: snap.sort.desc, ...(snap.sort.column === 'cpu' || snap.sort.column === 'memory' ? { usage: snap.sort.column } : {}) }}
        {...(extra ? { extra } : {})}
      />
    );
  })();

  const footer = (() => {
    if (logState?.typing !== undefined) return <Prompt prefix={logState.typingKind === 'filter' ? 'filter ' : '/'} text={logState.typing} selected={logState.typingSelected === true} theme={theme} width={columns} />;
    const helpTyping = help() ? helpPane.get()?.typing : undefined;
    if (helpTyping !== undefined) return <Prompt prefix="/" text={helpTyping} theme={theme} width={columns} />;
    if (detailState?.typing !== undefined) return <Prompt prefix="/" text={detailState.typing} theme={theme} width={columns} />;
    if (prompt.get().open) return <Prompt prefix=":" text={prompt.get().text} theme={theme} width={columns} />;
    if (filter.get().open) return <Prompt prefix="/" text={filter.get().text} theme={theme} width={columns} />;
    const xrayTyping = xraySnap ? xray.typing() : undefined;
    if (xrayTyping !== undefined) return <Prompt prefix="/" text={xrayTyping} theme={theme} width={columns} />;
    return <Footer flash={snap.flash} lines={msg.flash} crumbs={snap.crumbs} theme={theme} width={columns} />;
  })();

  return (
    <Box flexDirection="column" height={rows} overflow="hidden">
      <Header info={info} namespace={xraySnap ? xraySnap.namespaceLabel : nsLabel} hints={headerHints(keyHints(keymap, rowCmds), rowCmds, snap.recentNamespaces)} theme={theme} width={columns} />
      <TitleBar
        {...(title !== undefined ? { title: sanitizeText(title) } : {})}
        plural={help() ? 'help' : xraySnap ? 'xray' : view.resource.plural}
        namespace={xraySnap ? xraySnap.namespaceLabel : nsLabel}
        count={xraySnap ? xraySnap.roots : snap.list.length}
        {...(xraySnap ? (xraySnap.filter ? { filter: xraySnap.filter } : {}) : shownFilter !== undefined && !help() && !detailState && !logState ? { filter: shownFilter } : {})}
        state={xraySnap ? xraySnap.state : snap.state}
        more={msg.state}
        theme={theme}
        width={columns}
      />
      {body}
      {footer}
    </Box>
  );
}
