import { demoScenario } from './demo.js';
import { emptyScenario } from './empty.js';
import { largeScenario } from './large.js';
import type { Scenario } from './types.js';

export type { Scenario } from './types.js';

export const SCENARIOS: readonly Scenario[] = [demoScenario, emptyScenario, largeScenario()];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
