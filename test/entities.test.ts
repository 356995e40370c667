import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Document } from '../src/core/document.js';
import type { Entity, NerMention } from '../src/core/layers.js';
import { tokensAnalyser } from '../src/analysers/tokens/index.js';
import { sentencesAnalyser } from '../src/analysers/sentences/index.js';
import { extractEntities } from '../src/analysers/entities/index.js';
import { km } from '../src/analysers/entities/resolve.js';
import { knowledgeBase } from '../src/knowledge/kb.js';
import { keyOf, wordsOf } from '../src/knowledge/normalize.js';

/** Runs the entity analyser on a text, with the tagger's mentions given by hand (none by default). */
function entities(text: string, ner: Omit<NerMention, 'text'>[] = []): Entity[] {
  const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
  doc.set('tokens', tokensAnalyser.run(doc));
  doc.set('sentences', sentencesAnalyser.run(doc));
  doc.set('mentions', ner.map((m) => ({ ...m, text: text.slice(m.start, m.end) })));
  return extractEntities(doc);
}
const span = (text: string, phrase: string, from = 0) => ({ start: text.indexOf(phrase, from), end: text.indexOf(phrase, from) + phrase.length });
const find = (es: Entity[], id: string) => es.find((e) => e.id === id);

test('knowledge base: loads once, with countries, actors and the gazetteer', () => {
  const kb = knowledgeBase();
  assert.equal(knowledgeBase(), kb, 'loaded once and shared');
  assert.ok(kb.size > 150_000, `gazetteer size ${kb.size}`);
  const ids = (key: string) => kb.lookup(key).map((h) => kb.record(h.rec).id);
  assert.ok(ids('russian').includes('country:RU'));
  assert.ok(ids(keyOf(wordsOf('Deir ez-Zor'))).includes('a1:SY.07'));
  assert.ok(ids('paris').includes('gn:2988507'), 'Paris, France by its GeoNames id');
  const cia = kb.record(kb.byId('actor:cia')!);
  assert.equal(cia.type, 'ORG');
  assert.equal(cia.wikidata, 'Q37230');
});

test('aliases: three names of the Syrian Al Qaeda branch are one actor', () => {
  const text = 'Al Qaeda fighters attacked the town. The group, formerly al-Nusra, now calls itself Hayat Tahrir al-Sham. Observers call it Al Qaeda in Syria.';
  const es = entities(text);
  const aq = es.filter((e) => e.type === 'ARMED_GROUP');
  assert.equal(aq.length, 1, JSON.stringify(aq.map((e) => e.name)));
  assert.equal(aq[0]!.name, 'Al Qaeda');
  assert.equal(aq[0]!.mentions.length, 4);
  for (const a of ['al-Nusra', 'Hayat Tahrir al-Sham']) assert.ok(aq[0]!.aliases?.includes(a), a);
  // Named without the parent, the branch is its own actor under its current name.
  const alone = entities('Hayat Tahrir al-Sham, formerly the Nusra Front, holds Idlib.').filter((e) => e.type === 'ARMED_GROUP');
  assert.equal(alone.length, 1);
  assert.equal(alone[0]!.name, 'Hayat Tahrir al-Sham');
});

test('aliases: demonyms, plural demonyms and the Kremlin all name Russia', () => {
  const text = 'Russian officials met the press. The Russians said the Kremlin would not comment, and Moscow said nothing more.';
  const ru = find(entities(text), 'country:RU');
  assert.ok(ru);
  assert.equal(ru.type, 'STATE');
  assert.deepEqual(ru.mentions.map((m) => m.text), ['Russian', 'Russians', 'the Kremlin', 'Moscow']);
});

test('transliterations and hyphens: Deir el-Zor, Deir ez-Zor and Dayr az Zawr are one place', () => {
  const text = 'Fighting reached Deir el-Zor on Monday. Troops entered Deir ez-Zor from the west, and aid left Dayr az Zawr by road.';
  const places = entities(text).filter((e) => e.type === 'PLACE');
  assert.equal(places.length, 1, JSON.stringify(places.map((e) => e.id)));
  assert.equal(places[0]!.mentions.length, 3);
  assert.ok(km(places[0]!.geo!.lat, places[0]!.geo!.lon, 35.336, 40.141) < 25);
});

test('geocoding: Paris in a text about Texas is Paris, Texas; Paris alone is the French capital', () => {
  const tx = entities('The county fair in Paris drew crowds from all over Texas. Paris police closed two streets near the square.');
  const paris = tx.find((e) => e.name === 'Paris');
  assert.ok(paris?.geo, JSON.stringify(tx.map((e) => e.id)));
  assert.equal(paris.geo.country, 'US');
  assert.ok(km(paris.geo.lat, paris.geo.lon, 33.66, -95.555) < 25, JSON.stringify(paris.geo));
  const q = entities('He grew up in Paris, Tex., before moving away.').find((e) => e.name === 'Paris');
  assert.equal(q?.geo?.country, 'US');
  const fr = entities('Ministers met in Paris on Tuesday to discuss the budget.').find((e) => e.name === 'Paris');
  assert.equal(fr?.geo?.geonameId, 2988507);
});

test('geocoding: a country name is the country; a capital standing for its state keeps the city on the map', () => {
  const mx = entities('Trade talks with Mexico stalled again on Monday.').find((e) => e.name === 'Mexico');
  assert.equal(mx?.id, 'country:MX');
  const text = 'Moscow said the talks had failed.';
  const ru = find(entities(text), 'country:RU');
  assert.ok(ru, 'Moscow in a "Moscow said" frame is Russia');
  const m = ru.mentions[0]!;
  assert.ok(m.geo && km(m.geo.lat, m.geo.lon, 55.75, 37.62) < 25, JSON.stringify(m.geo));
  assert.ok(km(ru.geo!.lat, ru.geo!.lon, 55.75, 37.62) > 500, 'the entity keeps the country point');
});

test('geocoding: a city of millions named "<region> City" is found by the region name', () => {
  const kb = knowledgeBase();
  const names = kb.lookup('new york').map((h) => kb.record(h.rec));
  assert.ok(names.some((r) => r.kind === 'admin1'), 'the state');
  assert.ok(names.some((r) => r.kind === 'town' && r.population > 5e6), 'and the city');
  const es = entities('Stocks rose in New York and in London on Friday.', []);
  const ny = es.find((e) => e.mentions.some((m) => m.text === 'New York'));
  assert.ok(ny?.geo && km(ny.geo.lat, ny.geo.lon, 40.71, -74.0) < 25, JSON.stringify(ny?.geo));
});

test('coreference: a shortened name joins the full one', () => {
  const text = 'A Russian general, Valery Asapov, was killed near the city. Asapov had led the advisers. Faylaq al-Rahman denied it; Faylaq said its fighters were elsewhere.';
  const es = entities(text);
  const p = es.find((e) => e.type === 'PERSON');
  assert.equal(p?.name, 'Valery Asapov');
  assert.deepEqual(p.mentions.map((m) => m.text), ['Valery Asapov', 'Asapov']);
  const f = find(es, 'actor:faylaq-al-rahman');
  assert.deepEqual(f?.mentions.map((m) => m.text), ['Faylaq al-Rahman', 'Faylaq']);
  // With the tagger's mentions, an unknown person is typed and shortened the same way.
  const t2 = 'Maria Kowalczyk runs the clinic. Kowalczyk said supplies were short.';
  const es2 = entities(t2, [
    { ...span(t2, 'Maria Kowalczyk'), label: 'PER', confidence: 0.9 },
    { ...span(t2, 'Kowalczyk', 20), label: 'PER', confidence: 0.8 },
  ]);
  const mk = es2.filter((e) => e.type === 'PERSON');
  assert.equal(mk.length, 1);
  assert.equal(mk[0]!.mentions.length, 2);
});

test('common words and lower case never become places or states', () => {
  const es = entities('Reading the report, she said it was nice. Let us go to the mobile clinic. Mobile phones were banned. Turkey was on the menu, and turkey too.');
  const ids = es.map((e) => `${e.id}:${e.mentions.map((m) => m.text).join('|')}`);
  assert.ok(!es.some((e) => e.type === 'PLACE'), ids.join(', '));
  const us = find(es, 'country:US');
  assert.equal(us, undefined, 'lower-case "us" is not the United States');
  const tr = find(es, 'country:TR');
  assert.deepEqual(tr?.mentions.map((m) => m.text), ['Turkey'], 'capitalised Turkey is the state, "turkey" is not');
});

test('tagger mentions: a PER veto, an ORG type for an unknown name, a LOC for a town', () => {
  const text = 'Jordan Henderson scored twice. The Zeltwerk Foundation paid Kalinovka officials.';
  const es = entities(text, [
    { ...span(text, 'Jordan Henderson'), label: 'PER', confidence: 0.95 },
    { ...span(text, 'Zeltwerk Foundation'), label: 'ORG', confidence: 0.9 },
  ]);
  assert.equal(find(es, 'country:JO'), undefined, 'Jordan Henderson is a person');
  assert.equal(es.find((e) => e.name === 'Zeltwerk Foundation')?.type, 'ORG');
  const withoutLoc = entities(text).filter((e) => e.type === 'PLACE');
  assert.equal(withoutLoc.length, 0, 'a small town with no evidence is left alone');
  const withLoc = entities(text, [{ ...span(text, 'Kalinovka'), label: 'LOC', confidence: 0.9 }]).filter((e) => e.type === 'PLACE');
  assert.equal(withLoc.length, 1);
  assert.ok(withLoc[0]!.geo?.geonameId);
});

test('entities carry offsets, confidence, source and a reason', () => {
  const text = 'The CIA and NATO met in Brussels.';
  for (const e of entities(text)) {
    for (const m of e.mentions) assert.equal(text.slice(m.start, m.end), m.text);
    assert.ok(e.confidence! > 0 && e.confidence! <= 1);
    assert.ok(e.source && e.reason);
  }
});
