import { demoScenario } from './demo.js';
import { emptyScenario } from './empty.js';
import type { Scenario } from './types.js';

export type { Scenario, SeedObject } from './types.js';

export const SCENARIOS: readonly Scenario[] = [demoScenario, emptyScenario];

export function findScenario(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
