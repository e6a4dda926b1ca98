import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOf, ageSince, humanDuration } from '../../src/util/age.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

void test('humanDuration follows kubectl duration.HumanDuration at every boundary', () => {
  const cases: [number, string][] = [
    [0, '0s'],
    [-5 * s, '0s'],
    [-500, '0s'],
    [999, '0s'],
    [1 * s, '1s'],
    [59 * s, '59s'],
    [119 * s + 999, '119s'],
    [2 * m, '2m'],
    [2 * m + 1 * s, '2m1s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m, '10m'],
    [10 * m + 59 * s, '10m'],
    [179 * m + 59 * s, '179m'],
    [3 * h, '3h'],
    [3 * h + 1 * m, '3h1m'],
    [7 * h + 59 * m + 59 * s, '7h59m'],
    [8 * h, '8h'],
    [8 * h + 30 * m, '8h'],
    [47 * h + 59 * m, '47h'],
    [48 * h, '2d'],
    [2 * d + 3 * h, '2d3h'],
    [7 * d + 23 * h + 59 * m, '7d23h'],
    [8 * d, '8d'],
    [8 * d + 23 * h, '8d'],
    [729 * d + 23 * h, '729d'],
    [730 * d, '2y'],
    [731 * d, '2y1d'],
    [3 * 365 * d + 200 * d + 5 * h, '3y200d'],
    [8 * 365 * d - 1 * h, '7y364d'],
    [8 * 365 * d, '8y'],
    [20 * 365 * d + 100 * d, '20y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `humanDuration(${ms})`);
});

void test('humanDuration of a non-finite value is <unknown>', () => {
  assert.equal(humanDuration(Number.NaN), '<unknown>');
  assert.equal(humanDuration(Number.POSITIVE_INFINITY), '<unknown>');
});

void test('ageOf parses RFC 3339 (with nanoseconds and offsets) and reports <unknown> otherwise', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  assert.equal(ageOf('2026-01-01T11:58:00Z', now), '2m');
  assert.equal(ageOf('2026-01-01T11:58:30.123456789Z', now), '89s');
  assert.equal(ageOf('2026-01-01T12:00:00+02:00', now), '120m');
  assert.equal(ageOf('2026-01-01T12:00:05Z', now), '0s');
  assert.equal(ageOf(undefined, now), '<unknown>');
  assert.equal(ageOf('', now), '<unknown>');
  assert.equal(ageOf('yesterday', now), '<unknown>');
  assert.equal(ageSince(Number.NaN, now), '<unknown>');
  assert.equal(ageSince(now - 3 * d, now), '3d');
});
