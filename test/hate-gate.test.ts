import assert from 'node:assert/strict';
import { test } from 'node:test';
import { vectorise } from '../src/analysers/hate/features.js';
import { MarginGate } from '../src/analysers/hate/gate.js';
import { mayMatch, tokenise } from '../src/analysers/hate/lexicons.js';
import { LinearModel, sharedModel, type ModelMeta } from '../src/analysers/hate/model.js';

/** A 3-class model over 2^16 buckets with deterministic pseudo-random weights. */
function toyModel(): LinearModel {
  const bits = 16;
  const w = new Float32Array(3 << bits);
  let s = 12345;
  for (let i = 0; i < w.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    w[i] = (s / 2 ** 32 - 0.5) * 4;
  }
  const meta: ModelMeta = { name: 'toy', kind: 'softmax', classes: ['a', 'b', 'c'], features: { bits, charMin: 2, charMax: 5 }, bias: [0.2, -0.1, 0.3], scale: [1, 1, 1], weights: '', trainedIds: '' };
  return new LinearModel(meta, w);
}

function exactMargin(m: LinearModel, text: string): number {
  const z = m.logits(vectorise(text, m.meta.features));
  return Math.min(z[0]! - z[1]!, z[0]! - z[2]!);
}

test('hate gate: the margin estimate is exact when no feature repeats, and counts a repeated word sub-linearly', () => {
  const m = toyModel();
  const gate = new MarginGate(m, 0, m.meta.bias);
  // Two-letter words share no character n-gram; a repeated word repeats all its features together.
  for (const text of ['ab cd ef gh', 'ab cd ab ef', 'xy']) {
    assert.ok(Math.abs(gate.margin(text) - exactMargin(m, text)) < 1e-4, text);
  }
  assert.equal(gate.margin('  '), -Infinity);
});

test('hate gate: on the shipped model the estimate stays within the slack of the exact margin', () => {
  const h = sharedModel('hate');
  const cw = (h.meta.hyperparameters as { classWeights: number[] }).classWeights;
  const corrected = h.meta.bias.map((b, k) => b - Math.log(cw[k]!));
  const gate = new MarginGate(h, 0, corrected);
  const sentences = [
    'The finance minister said on Tuesday that the budget would be presented to parliament next month.',
    'Protesters gathered outside the embassy, chanting slogans and waving flags, before police dispersed them.',
    'You are a stupid idiot and everybody in this town hates you and your whole family.',
    'Get out of our country, all of you, nobody wants you here, go back where you came from!',
    'Well-known writers, re-elected officials and long-time residents signed the open letter.',
  ];
  for (const text of sentences) {
    const z = h.logits(vectorise(text)).map((x, k) => x - Math.log(cw[k]!));
    const exact = Math.min(z[0]! - z[1]!, z[0]! - z[2]!);
    assert.ok(Math.abs(gate.margin(text) - exact) < 1, `${text}: ${gate.margin(text)} vs ${exact}`);
  }
});

test('hate lexicons: mayMatch sees a listed word and ignores plain news; tokenise cuts a range in place', () => {
  assert.equal(mayMatch(tokenise('The council approved the new budget on Monday after a long debate.')), false);
  assert.equal(mayMatch(tokenise('They are globalist puppets, all of them.')), true);
  const text = 'Hello world, again';
  assert.deepEqual(
    tokenise(text, 6, 8).map((t) => [t.norm, t.start, t.end]),
    [['wo', 6, 8]],
  );
  assert.deepEqual(
    tokenise(text, 0, text.length).map((t) => t.norm),
    ['hello', 'world', ',', 'again'],
  );
  assert.deepEqual(tokenise('It’s fine', 0).map((t) => t.norm), ["it's", 'fine']);
});
