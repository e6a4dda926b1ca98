import { useReducer, useRef } from 'react';

/**
 * State whose latest value can be read synchronously (`get()`), so that several keys arriving in one
 * chunk (`:deploy⏎` typed fast, or sent by tmux) are each handled against the state the previous
 * key left, not against the last render's.
 */
export function useRefState<T>(initial: T): [get: () => T, set: (next: T | ((prev: T) => T)) => void] {
  const ref = useRef(initial);
  const [, bump] = useReducer((n: number) => n + 1, 0);
  return [
    () => ref.current,
    (next) => {
      ref.current = typeof next === 'function' ? (next as (prev: T) => T)(ref.current) : next;
      bump();
    },
  ];
}
