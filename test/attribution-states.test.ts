import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Document } from '../src/core/document.js';
import type { Attribution } from '../src/core/layers.js';
import { tokenize } from '../src/analysers/tokens/index.js';
import { findAttributions } from '../src/analysers/claims/attribution.js';
import { stateCueAt } from '../src/analysers/claims/attribution-states.js';

function attributions(text: string): Attribution[] {
  const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
  doc.set('tokens', tokenize(doc));
  return findAttributions(doc);
}

function byCue(atts: Attribution[], cue: string): Attribution | undefined {
  return atts.find((a) => a.cue.text === cue);
}

test('an attitude held by a subject is a cue with that subject as source', () => {
  const atts = attributions('Several farmers are afraid that the new tariff will ruin the harvest season.');
  const a = byCue(atts, 'are afraid');
  assert.ok(a, JSON.stringify(atts.map((x) => x.cue.text)));
  assert.equal(a.source?.text, 'Several farmers');
  assert.match(a.content.text, /^the new tariff will ruin/);
  assert.equal(a.rule, 'SOURCE be ATTITUDE CONTENT');
  assert.ok(a.confidence > 0 && a.confidence < 0.5);
  assert.match(a.reason, /attitude \("afraid"\)/);
});

test('the auxiliaries and degree adverbs before an attitude belong to the cue', () => {
  const atts = attributions('The mayor has been so frustrated that the county keeps delaying the bridge repairs.');
  assert.ok(atts.some((a) => a.cue.text === 'has been so frustrated' && a.source?.text === 'The mayor'), JSON.stringify(atts.map((x) => x.cue.text)));
});

test('an attitude adjective without a clause or complement is no cue', () => {
  assert.equal(attributions('The volunteers were ready. The mayor was happy.').length, 0);
});

test('"it is clear that" is the writer\'s evaluation: a cue without a source, too weak to source a claim', () => {
  const atts = attributions('It is clear that the council ignored the warnings from engineers.');
  const a = byCue(atts, 'It is clear');
  assert.ok(a, JSON.stringify(atts.map((x) => x.cue.text)));
  assert.equal(a.source, undefined);
  assert.ok(a.confidence < 0.4);
  assert.match(a.content.text, /^the council ignored/);
});

test('the inverted evaluation "nor is it obvious" is read too', () => {
  const atts = attributions('Nor is it obvious that the new rules will survive in court.');
  assert.ok(atts.some((a) => a.cue.text === 'is it obvious' && a.rule === 'it is EVALUATION CONTENT'), JSON.stringify(atts.map((x) => x.cue.text)));
});

test('a stance noun with a possessor is a cue whose source is the possessor', () => {
  const atts = attributions("The board's decision to close three clinics angered residents of the valley.");
  const a = byCue(atts, 'decision');
  assert.ok(a, JSON.stringify(atts.map((x) => x.cue.text)));
  assert.equal(a.source?.text, 'The board');
  assert.match(a.content.text, /^to close three clinics/);
  const b = byCue(attributions('In the end his willingness to compromise on the budget won the vote.'), 'willingness');
  assert.equal(b?.source?.text, 'his');
});

test('a stance noun without a possessor or without a complement is no cue', () => {
  assert.equal(byCue(attributions('The decision to close three clinics angered residents.'), 'decision'), undefined);
  assert.equal(byCue(attributions("Residents protested the board's decision."), 'decision'), undefined);
});

test('state cues inside a quotation are the quoted speaker\'s own words', () => {
  const atts = attributions('"We are afraid that the river will flood again," the farmer said.');
  assert.equal(byCue(atts, 'are afraid'), undefined);
  assert.ok(atts.some((a) => a.cue.text === 'said'));
});

test('each kind of state cue can be switched off', () => {
  const doc = new Document('Farmers are afraid that prices will fall.', [{ kind: 'body', start: 0, end: 41 }]);
  const toks = tokenize(doc);
  const i = toks.findIndex((t) => t.norm === 'are');
  assert.equal(stateCueAt(toks, i)?.kind, 'attitude');
  assert.equal(stateCueAt(toks, i, { attitude: false, evaluation: true, noun: true }), undefined);
});
