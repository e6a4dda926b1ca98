/** Wall-clock time in ms, injectable so tests and the simulator can replay time. */
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
