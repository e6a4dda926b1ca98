// Type-ahead (ARCHITECTURE.md, the key router): a key that changed the view, namespace, filter or sort is
// on screen only once the store has published it and the app has rendered it. Keys typed before that
// (`/shop⏎⏎` in one read) are meant for what it will show, so they wait here, in order, and are routed after
// the render that shows it. Keys that read nothing of the table (the prompts' text) go on at once, unless
// keys are already waiting (order is kept).
import { useEffect, useRef } from 'react';
import type { KeyEvent } from '../../keys/key-event.js';

/**
 * Returns the key handler. `ready()`: the screen shows every change the user made (`AppStore.caughtUp`);
 * `textEntry()`: the key goes to a prompt's text; `route(e)`: hands the key to its screen. All three are
 * read at the render that calls this, so the keys that waited are routed against that render's state.
 */
export function useTypeAhead(ready: () => boolean, textEntry: () => boolean, route: (e: KeyEvent) => void): (e: KeyEvent) => void {
  const waiting = useRef<KeyEvent[]>([]);
  // after each render: the keys that waited, against what is now on screen, until one changes it again
  useEffect(() => {
    const queue = waiting.current;
    while (queue.length > 0 && (ready() || textEntry())) route(queue.shift() as KeyEvent);
  });
  return (e) => {
    const queue = waiting.current;
    if (queue.length > 0 || (!ready() && !textEntry())) queue.push(e);
    else route(e);
  };
}
