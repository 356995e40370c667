import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Document } from '../src/core/document.js';
import type { Entity, EntityType } from '../src/core/layers.js';
import { codeEvents } from '../src/analysers/events/coder.js';
import { findDates } from '../src/analysers/dates/index.js';
import { sentencesFromTokens } from '../src/analysers/sentences/index.js';
import { tokenize } from '../src/analysers/tokens/index.js';
import { verbForms } from '../src/analysers/events/morph.js';

/** A document with tokens, sentences, dates and an entity layer built by hand from (surface, id, type) triples. */
function doc(text: string, names: [string, string, EntityType][], meta: Document['meta'] = {}, comments: [number, number][] = []): Document {
  const sections = comments.length
    ? [{ kind: 'body' as const, start: 0, end: comments[0]![0] - 2 }, ...comments.map(([start, end]) => ({ kind: 'comment' as const, start, end }))]
    : [{ kind: 'body' as const, start: 0, end: text.length }];
  const d = new Document(text, sections, meta);
  d.set('tokens', tokenize(d));
  d.set('sentences', sentencesFromTokens(d));
  d.set('dates', findDates(d));
  const entities = new Map<string, Entity>();
  for (const [surface, id, type] of names) {
    let from = 0;
    for (;;) {
      const at = text.indexOf(surface, from);
      if (at < 0) break;
      const e = entities.get(id) ?? { id, type, name: id, mentions: [] };
      e.mentions.push({ start: at, end: at + surface.length, text: surface });
      entities.set(id, e);
      from = at + surface.length;
    }
  }
  d.set('entities', [...entities.values()]);
  return d;
}

const brief = (d: Document) => codeEvents(d).map((e) => [e.type, e.actor ?? null, e.target ?? null, e.place ?? null]);

test('morphology: regular, doubled and irregular verb forms', () => {
  assert.ok(verbForms('ban').includes('banned'));
  assert.ok(verbForms('attack').includes('attacked'));
  assert.ok(!verbForms('attack').includes('attackked'));
  assert.ok(verbForms('seize').includes('seized'));
  assert.ok(verbForms('withdraw').includes('withdrew'));
  assert.ok(verbForms('shell').includes('shelled'));
});

test('active voice: subject is the actor, object the target, "in X" the place', () => {
  const d = doc('Rebel fighters attacked Government troops in Riverton on Tuesday.', [
    ['Rebel fighters', 'rebels', 'ARMED_GROUP'],
    ['Government troops', 'army', 'ORG'],
    ['Riverton', 'riverton', 'PLACE'],
  ], { published: '2020-05-07' });
  const [ev] = codeEvents(d);
  assert.equal(ev!.type, 'ASSAULT');
  assert.equal(ev!.actor, 'rebels');
  assert.equal(ev!.target, 'army');
  assert.equal(ev!.place, 'riverton');
  assert.equal(ev!.date, '2020-05-05');
  assert.equal(ev!.dateSource, 'text');
  assert.equal(ev!.trigger!.text, 'attacked');
});

test('passive voice: "was targeted in a mortar attack" makes the subject the target, with the mode from the noun', () => {
  const d = doc('A senior Freedonian general, Ivo Marek, was targeted in a pinpoint mortar attack on March 3rd.', [
    ['Freedonian', 'FRD', 'STATE'],
    ['Ivo Marek', 'marek', 'PERSON'],
  ], { published: '2019-03-10' });
  const events = codeEvents(d);
  assert.equal(events.length, 1, 'one event: the passive verb and the attack noun are merged');
  assert.equal(events[0]!.type, 'ASSAULT');
  assert.equal(events[0]!.target, 'marek');
  assert.equal(events[0]!.actor, undefined);
  assert.equal(events[0]!.mode, 'heavy-weapons');
  assert.equal(events[0]!.date, '2019-03-03');
});

test('passive with "by": the agent is the actor', () => {
  const d = doc('The border town was recaptured by Sylvanian forces.', [['Sylvanian', 'SYL', 'STATE']]);
  assert.deepEqual(brief(d), [['ASSAULT', 'SYL', null, null]]);
});

test('negation and failure are marked', () => {
  const d = doc('Sylvania did not attack Freedonia. The insurgents launched an ultimately failed offensive against Freedonia.', [
    ['Sylvania', 'SYL', 'STATE'],
    ['Freedonia', 'FRD', 'STATE'],
    ['insurgents', 'ins', 'ARMED_GROUP'],
  ]);
  const [a, b] = codeEvents(d);
  assert.equal(a!.negated, true);
  assert.equal(b!.failed, true);
  assert.equal(b!.actor, 'ins');
  assert.equal(b!.target, 'FRD');
});

test('attribution: the reporting source becomes reportedBy, not the actor', () => {
  const d = doc('Sylvania claims Freedonian jets bombed a hospital in Oldport.', [
    ['Sylvania', 'SYL', 'STATE'],
    ['Freedonian', 'FRD', 'STATE'],
    ['Oldport', 'oldport', 'PLACE'],
  ]);
  const [ev] = codeEvents(d);
  assert.equal(ev!.type, 'ASSAULT');
  assert.equal(ev!.reportedBy, 'SYL');
  assert.equal(ev!.actor, 'FRD');
  assert.equal(ev!.mode, 'aerial');
  assert.equal(ev!.place, 'oldport');
});

test('head verbs absorb the embedded event: agreed to withdraw is AGREE, threatened to impose sanctions is THREATEN', () => {
  const d = doc('Sylvania agreed to withdraw its troops. Freedonia threatened to impose sanctions on Sylvania.', [
    ['Sylvania', 'SYL', 'STATE'],
    ['Freedonia', 'FRD', 'STATE'],
  ]);
  assert.deepEqual(brief(d), [
    ['AGREE', 'SYL', null, null],
    ['THREATEN', 'FRD', 'SYL', null],
  ]);
});

test('multi-event sentences give one event per clause and type', () => {
  const d = doc('Freedonian police arrested twelve protesters, while thousands marched in Oldport to demand new elections.', [
    ['Freedonian', 'FRD', 'STATE'],
    ['Oldport', 'oldport', 'PLACE'],
  ]);
  const types = codeEvents(d).map((e) => e.type);
  assert.deepEqual(types, ['COERCE', 'PROTEST', 'REQUEST']);
});

test('events in reader comments are marked as such, with lower confidence', () => {
  const text = 'Sylvania shelled Oldport.\n\nFreedonia shelled Oldport too, believe me.';
  const d = doc(text, [['Sylvania', 'SYL', 'STATE'], ['Freedonia', 'FRD', 'STATE'], ['Oldport', 'oldport', 'PLACE']], {}, [[27, text.length]]);
  const [body, comment] = codeEvents(d);
  assert.equal(body!.fromComment, undefined);
  assert.equal(comment!.fromComment, true);
  assert.ok(comment!.confidence < body!.confidence);
});

test('ambiguous triggers need their context: a workers strike is PROTEST, "delivered a speech" is no event', () => {
  const d = doc('Dock workers went on strike over pay. The minister delivered a speech.', []);
  assert.deepEqual(codeEvents(d).map((e) => [e.type, e.mode]), [['PROTEST', 'strike']]);
});

test('attribution: "X said it will ..." makes the speaker the actor as well as the source', () => {
  const d = doc('Nordland said it will withdraw its troops from Sylvania.', [
    ['Nordland', 'NRD', 'STATE'],
    ['Sylvania', 'SYL', 'STATE'],
  ]);
  const [ev] = codeEvents(d);
  assert.equal(ev!.actor, 'NRD');
  assert.equal(ev!.reportedBy, 'NRD');
});

test('attribution: "X said Y must ..." is a demand by X on Y', () => {
  const d = doc('Freedonia said on Monday that Sylvania must release the prisoners.', [
    ['Freedonia', 'FRD', 'STATE'],
    ['Sylvania', 'SYL', 'STATE'],
  ]);
  const [ev] = codeEvents(d);
  assert.deepEqual([ev!.type, ev!.actor, ev!.target], ['REQUEST', 'FRD', 'SYL']);
});

test('attribution: a trailing ", a Sylvanian official said" does not take the actor away', () => {
  const d = doc('Sylvania and Freedonia agreed to hold joint patrols, a Sylvanian official said.', [
    ['Sylvania', 'SYL', 'STATE'],
    ['Sylvanian', 'SYL', 'STATE'],
    ['Freedonia', 'FRD', 'STATE'],
  ]);
  const [ev] = codeEvents(d);
  assert.equal(ev!.type, 'AGREE');
  assert.equal(ev!.actor, 'FRD');
  assert.deepEqual(ev!.coActors, ['SYL']);
  assert.equal(ev!.reportedBy, 'SYL');
});

test('attribution: "fuelled by" far from the trigger is no agent, and a definite mention refers back to the event', () => {
  const d = doc(
    'The Red Brigade launched a failed offensive against Freedonia in Oldport. Sylvania claims outsiders backed the failed Red Brigade offensive, a suspicion fuelled by their wish to weaken the Sylvanian government.',
    [['Red Brigade', 'reb', 'ARMED_GROUP'], ['Freedonia', 'FRD', 'STATE'], ['Oldport', 'oldport', 'PLACE'], ['Sylvania', 'SYL', 'STATE'], ['Sylvanian', 'SYL', 'STATE']],
  );
  const later = codeEvents(d).find((e) => e.reportedBy === 'SYL' && e.type === 'ASSAULT');
  assert.ok(later);
  assert.deepEqual([later.actor, later.target, later.place, later.failed], ['reb', 'FRD', 'oldport', true]);
});

test('apposition: "X, a close ally of Y, rejected ..." has X as actor and the apposition reports nothing', () => {
  const d = doc('Sylvania, a close ally of Freedonia in the talks, rejected the Nordland proposal.', [
    ['Sylvania', 'SYL', 'STATE'],
    ['Freedonia', 'FRD', 'STATE'],
    ['Nordland', 'NRD', 'STATE'],
  ]);
  assert.deepEqual(brief(d), [['REJECT', 'SYL', 'NRD', null]]);
});

test('relative clause: "troops who were shelling X" have the troops as actor', () => {
  const d = doc('Rebels marched towards Sylvanian troops who were busy shelling Oldport.', [
    ['Sylvanian', 'SYL', 'STATE'],
    ['Oldport', 'oldport', 'PLACE'],
  ]);
  const shelling = codeEvents(d).find((e) => e.trigger?.text === 'shelling');
  assert.equal(shelling?.actor, 'SYL');
  assert.equal(shelling?.place, 'oldport');
});

test('multi-event: coordinated targets are kept, and a subjectless participle names the target of the event before it', () => {
  const d = doc('Freedonia imposed sanctions on Sylvania and Nordland.', [
    ['Freedonia', 'FRD', 'STATE'],
    ['Sylvania', 'SYL', 'STATE'],
    ['Nordland', 'NRD', 'STATE'],
  ]);
  const [ev] = codeEvents(d);
  assert.deepEqual([ev!.type, ev!.target, ev!.coTargets], ['SANCTION', 'SYL', ['NRD']]);
  const b = doc('Freedonian jets carried out an air raid over Oldport, while destroying Red Brigade depots.', [
    ['Freedonian', 'FRD', 'STATE'],
    ['Oldport', 'oldport', 'PLACE'],
    ['Red Brigade', 'reb', 'ARMED_GROUP'],
  ]);
  assert.deepEqual(brief(b), [['ASSAULT', 'FRD', 'reb', 'oldport']]);
});

test('country codes: an unnamed actor takes the country of the place, a state codes the title after it', () => {
  const d = doc('A roadside bomb killed four soldiers near Gao in Mali.', [['Mali', 'country:ML', 'STATE']]);
  const [ev] = codeEvents(d);
  assert.deepEqual([ev!.type, ev!.actor, ev!.actorCountry, ev!.targetCountry], ['ASSAULT', undefined, 'MLI', 'MLI']);
  assert.match(ev!.reason ?? '', /country of the place/);
  const k = doc("Mali's interior minister Amadou Diallo accused the Jama'a Front of the attack.", [
    ['Mali', 'country:ML', 'STATE'],
    ['Amadou Diallo', 'diallo', 'PERSON'],
  ]);
  assert.equal(codeEvents(k)[0]!.actorCountry, 'MLI');
});
