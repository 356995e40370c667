import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segments, type Finding } from '../src/output/findings.js';

const flag = (start: number, end: number, label: string): Finding => ({ layer: 'techniques', label, start, end, confidence: 0.5, reason: 'r', source: 's' });

test('segments cut crossing flags into pieces that each list every covering flag', () => {
  const flags = [flag(2, 6, 'A'), flag(4, 9, 'B')];
  assert.deepEqual(segments(flags, 0, 10), [
    { start: 0, end: 2, active: [] },
    { start: 2, end: 4, active: [0] },
    { start: 4, end: 6, active: [0, 1] },
    { start: 6, end: 9, active: [1] },
    { start: 9, end: 10, active: [] },
  ]);
});

test('segments clip flags to the section range', () => {
  assert.deepEqual(segments([flag(0, 20, 'A')], 5, 8), [{ start: 5, end: 8, active: [0] }]);
  assert.deepEqual(segments([flag(0, 3, 'A')], 5, 8), [{ start: 5, end: 8, active: [] }]);
});
