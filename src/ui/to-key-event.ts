import type { Key } from 'ink';
import type { KeyEvent } from '../keys/key-event.js';

/** Ink's key object → kubedeck's UI-free KeyEvent. */
export function toKeyEvent(input: string, key: Key): KeyEvent {
  return {
    input,
    ctrl: key.ctrl,
    shift: key.shift,
    meta: key.meta,
    upArrow: key.upArrow,
    downArrow: key.downArrow,
    leftArrow: key.leftArrow,
    rightArrow: key.rightArrow,
    pageUp: key.pageUp,
    pageDown: key.pageDown,
    home: key.home,
    end: key.end,
    return: key.return,
    escape: key.escape,
    tab: key.tab,
    backspace: key.backspace,
    delete: key.delete,
  };
}
