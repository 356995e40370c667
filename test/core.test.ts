import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineAnalyser } from '../src/core/analyser.js';
import { Document } from '../src/core/document.js';
import { Pipeline, orderAnalysers } from '../src/core/pipeline.js';
import { overlapLength, overlaps, trimSpan } from '../src/core/span.js';
import { analyzeString } from '../src/analyze.js';

test('spans: overlap, trimming', () => {
  assert.equal(overlaps({ start: 0, end: 5 }, { start: 5, end: 9 }), false);
  assert.equal(overlaps({ start: 0, end: 6 }, { start: 5, end: 9 }), true);
  assert.equal(overlapLength({ start: 2, end: 10 }, { start: 5, end: 20 }), 5);
  assert.deepEqual(trimSpan('  ab  ', { start: 0, end: 6 }), { start: 2, end: 4 });
});

test('pipeline orders analysers by the layers they read, whatever the registration order', () => {
  const seen: string[] = [];
  const dates = defineAnalyser({ name: 'dates', version: '1', reads: ['entities'], writes: 'dates', run: () => (seen.push('dates'), []) });
  const entities = defineAnalyser({ name: 'entities', version: '1', reads: ['tokens'], writes: 'entities', run: () => (seen.push('entities'), []) });
  const tokens = defineAnalyser({ name: 'tokens', version: '1', reads: [], writes: 'tokens', run: () => (seen.push('tokens'), []) });
  const p = new Pipeline([dates, entities, tokens]);
  p.run(new Document('x'));
  assert.deepEqual(seen, ['tokens', 'entities', 'dates']);
  assert.deepEqual(p.versions(), { tokens: '1', entities: '1', dates: '1' });
});

test('pipeline refuses cycles and two writers of one layer', () => {
  const a = defineAnalyser({ name: 'a', version: '1', reads: ['dates'], writes: 'entities', run: () => [] });
  const b = defineAnalyser({ name: 'b', version: '1', reads: ['entities'], writes: 'dates', run: () => [] });
  assert.throws(() => orderAnalysers([a, b]), /cycle/);
  const c = defineAnalyser({ name: 'c', version: '1', reads: [], writes: 'entities', run: () => [] });
  assert.throws(() => orderAnalysers([a, c]), /two analysers write layer "entities"/);
});

test('document: sectionAt finds the section by binary search, inComment tells comments apart', () => {
  const doc = new Document('Title\n\nBody text.\n\nA comment.', [
    { kind: 'title', start: 0, end: 5 },
    { kind: 'body', start: 7, end: 17 },
    { kind: 'comment', start: 19, end: 29 },
  ]);
  assert.equal(doc.sectionAt(0), 0);
  assert.equal(doc.sectionAt(10), 1);
  assert.equal(doc.sectionAt(6), -1);
  assert.equal(doc.sectionAt(28), 2);
  assert.equal(doc.inComment({ start: 20, end: 25 }), true);
  assert.equal(doc.inComment({ start: 8, end: 12 }), false);
});

test('tokens and sentences: exact offsets, no sentence crosses a section', () => {
  const doc = analyzeString('A Short Title\n\nThe first sentence is here. A second one follows! Does a third?\n\nAnother paragraph, Dr. Smith said.');
  const tokens = doc.get('tokens');
  assert.ok(tokens.length > 15);
  for (const t of tokens) assert.equal(doc.text.slice(t.start, t.end).toLowerCase(), t.norm);
  const sentences = doc.get('sentences').map((s) => doc.slice(s));
  assert.deepEqual(sentences, ['A Short Title', 'The first sentence is here.', 'A second one follows!', 'Does a third?', 'Another paragraph, Dr. Smith said.']);
  for (const s of doc.get('sentences')) {
    const sec = doc.sections[s.section]!;
    assert.ok(sec.start <= s.start && s.end <= sec.end, 'sentence inside its section');
  }
});
