import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { Document, type Section } from '../src/core/document.js';
import type { Attribution, Claim, Entity } from '../src/core/layers.js';
import { tokenize } from '../src/analysers/tokens/index.js';
import { sentencesFromTokens } from '../src/analysers/sentences/index.js';
import { findAttributions } from '../src/analysers/claims/attribution.js';
import { findClaims } from '../src/analysers/claims/index.js';
import { inflect } from '../src/analysers/claims/lexicon.js';
import { quoteSpans } from '../src/analysers/claims/quotes.js';
import { checkworthiness, checkworthyModel } from '../src/analysers/claims/checkworthy.js';
import { statSync } from 'node:fs';
import { ROOT, SEED, needsShared } from './helpers/paths.js';
import { readFileSync } from 'node:fs';
import { Pipeline } from '../src/core/pipeline.js';
import { extractDocument } from '../src/extract/index.js';
import { decodeInput } from '../src/ingest/decode.js';
import { tokensAnalyser } from '../src/analysers/tokens/index.js';
import { sentencesAnalyser } from '../src/analysers/sentences/index.js';
import { attributionAnalyser, claimsAnalyser } from '../src/analysers/claims/index.js';

/** Runs tokens → sentences → attributions → claims on text written for these tests. */
function analyse(text: string, sections?: Section[], entities: Entity[] = []): { doc: Document; atts: Attribution[]; claims: Claim[] } {
  const doc = new Document(text, sections ?? [{ kind: 'body', start: 0, end: text.length }]);
  doc.set('tokens', tokenize(doc));
  doc.set('sentences', sentencesFromTokens(doc));
  doc.set('entities', entities);
  const atts = findAttributions(doc);
  doc.set('attributions', atts);
  return { doc, atts, claims: findClaims(doc) };
}

function one(text: string): Attribution {
  const { atts } = analyse(text);
  assert.ok(atts.length >= 1, `no attribution in: ${text}`);
  return atts[0]!;
}

test('indirect speech: SOURCE CUE that CONTENT', () => {
  const a = one('The mayor said that the bridge would reopen in March.');
  assert.equal(a.source?.text, 'The mayor');
  assert.equal(a.cue.text, 'said');
  assert.equal(a.content.text, 'the bridge would reopen in March');
  assert.equal(a.kind, 'indirect');
  assert.equal(a.stance, 'neutral');
});

test('direct speech after the quote, inverted cue: "...," said SOURCE', () => {
  const a = one('“We will rebuild the harbour by winter,” said Anna Berg, the port director.');
  assert.equal(a.cue.text, 'said');
  assert.match(a.source!.text, /^Anna Berg/);
  assert.equal(a.content.text, 'We will rebuild the harbour by winter');
  assert.equal(a.kind, 'direct');
});

test('direct speech: "...," SOURCE CUE, and a quote over two sentences', () => {
  const a = one('"The figures are wrong. Nobody checked them," the minister told reporters on Monday.');
  assert.equal(a.source?.text, 'the minister');
  assert.equal(a.cue.text, 'told');
  assert.equal(a.content.text, 'The figures are wrong. Nobody checked them');
});

test('according to, before and after the content', () => {
  const a = one('According to the health ministry, 40 people were injured in the fire.');
  assert.equal(a.cue.text, 'According to');
  assert.equal(a.source?.text, 'the health ministry');
  assert.equal(a.content.text, '40 people were injured in the fire');
  const b = one('The factory closed in 2019, according to local officials.');
  assert.equal(b.source?.text, 'local officials');
  assert.equal(b.content.text, 'The factory closed in 2019');
  assert.equal(b.kind, 'according-to');
});

test('stance of the cue: distancing and endorsing verbs', () => {
  assert.equal(one('The company claimed that its filters remove all toxins.').stance, 'distancing');
  assert.equal(one('The opposition alleged that the vote was rigged.').stance, 'distancing');
  assert.equal(one('The inquiry confirmed that the pipes had corroded.').stance, 'endorsing');
  assert.equal(one('The minister acknowledged that the budget was overspent.').stance, 'endorsing');
  assert.equal(one('The spokeswoman stated that the talks would continue.').stance, 'neutral');
});

test('a tagger error on a name before the cue, and a "has learned" cue', () => {
  assert.equal(one('Lynch said her colleague had not worked on the case.').source?.text, 'Lynch');
  const a = one('The newspaper has learned that the contract was never signed.');
  assert.equal(a.cue.text, 'has learned');
  assert.equal(a.stance, 'endorsing');
});

test('apposition speaker and agentless cue', () => {
  const a = one('Maria Lopez, a lawyer for the family, said the police had ignored the warnings.');
  assert.match(a.source!.text, /^Maria Lopez, a lawyer for the family/);
  assert.equal(a.content.text, 'the police had ignored the warnings');
  const b = one('It was reported that the embassy had been evacuated.');
  assert.equal(b.source, undefined);
  assert.equal(b.content.text, 'the embassy had been evacuated');
});

test('no attribution in plain statements, in "the United States", or for cues inside a quotation', () => {
  assert.equal(analyse('The bridge reopened in March after two years of repairs.').atts.length, 0);
  assert.equal(analyse('The United States imposed new tariffs on steel.').atts.length, 0);
  const { atts } = analyse('“I think the plan will fail,” the senator said.');
  assert.equal(atts.length, 1);
  assert.equal(atts[0]!.cue.text, 'said');
});

test('a source is linked to the entity whose mention overlaps it', () => {
  const text = 'Acme Corp said its profits doubled last year.';
  const entities: Entity[] = [{ id: 'E1', type: 'ORG', name: 'Acme Corp', mentions: [{ start: 0, end: 9, text: 'Acme Corp' }] }];
  const { atts, claims } = analyse(text, undefined, entities);
  assert.equal(atts[0]!.source?.entity, 'E1');
  assert.equal(claims[0]!.source?.entity, 'E1');
});

test('claims: sourced, hedged, speculative and unsourced, each with its deciding words and reason', () => {
  const text = [
    'Officials said the dam had cracked after the storm.',
    'It appears that the contractor ignored the safety rules.',
    'The army reportedly moved two brigades to the border.',
    'This has fuelled suspicion that the ministry hid the report.',
    'It is possible that the fire was set on purpose.',
    'The northern district has the highest unemployment rate in the country.',
  ].join(' ');
  const { claims } = analyse(text);
  const by = (start: string) => claims.find((c) => c.text.startsWith(start))!;
  const sourced = by('Officials said');
  assert.equal(sourced.status, 'sourced');
  assert.equal(sourced.source?.text, 'Officials');
  assert.equal(sourced.cue, 'said');
  assert.match(sourced.reason, /Officials/);
  const hedged = by('It appears');
  assert.equal(hedged.status, 'hedged');
  assert.equal(hedged.hedged, true);
  assert.deepEqual(hedged.hedges?.map((h) => h.text), ['appears']);
  assert.match(hedged.reason, /appears/);
  assert.equal(by('The army reportedly').status, 'hedged');
  const spec = by('This has fuelled');
  assert.equal(spec.status, 'speculative');
  assert.match(spec.reason, /fuelled suspicion/);
  assert.equal(by('It is possible').status, 'speculative');
  const plain = by('The northern district');
  assert.equal(plain.status, 'unsourced');
  assert.equal(plain.hedged, false);
  assert.match(plain.reason, /no source/);
  for (const c of claims) {
    assert.ok(c.checkworthiness >= 0 && c.checkworthiness <= 1);
    assert.equal(text.slice(c.start, c.end), c.text);
    for (const h of c.hedges ?? []) assert.equal(text.slice(h.start, h.end), h.text);
  }
});

test('claims: "May" the month and "appeared on television" are not hedges; questions and exhortations are left out', () => {
  const { claims } = analyse('The council voted in May to close the library. The mayor appeared on television to defend the cuts. Why did nobody object? Let us remember the victims.');
  assert.equal(claims.length, 2);
  for (const c of claims) assert.equal(c.hedged, false, c.text);
});

test('claims in reader comments are marked and weigh less', () => {
  const body = 'The government raised fuel taxes by 12 percent in 2021.';
  const comment = 'The government raised fuel taxes by 12 percent in 2021.';
  const text = `${body}\n${comment}`;
  const { claims } = analyse(text, [
    { kind: 'body', start: 0, end: body.length },
    { kind: 'comment', start: body.length + 1, end: text.length },
  ]);
  assert.equal(claims.length, 2);
  assert.equal(claims[0]!.fromComment, undefined);
  assert.equal(claims[1]!.fromComment, true);
  assert.ok(claims[1]!.checkworthiness < claims[0]!.checkworthiness);
  assert.match(claims[1]!.reason, /comment/);
});

test('quote spans: curly, straight and doubled apostrophes; an open quote closes at the paragraph end', () => {
  const t = 'He said “yes” and "no" and \'\'maybe\'\'.\n"open';
  const q = quoteSpans(t).map((s) => t.slice(s.start, s.end));
  assert.deepEqual(q, ['yes', 'no', 'maybe', 'open']);
});

test('verb inflection for the reporting-verb lexicon', () => {
  assert.deepEqual(inflect('admit'), ['admit', 'admits', 'admitted', 'admitting']);
  assert.deepEqual(inflect('deny'), ['deny', 'denies', 'denied', 'denying']);
  assert.deepEqual(inflect('note'), ['note', 'notes', 'noted', 'noting']);
});

test('check-worthiness model loads, is compact, and ranks a factual statistic above a greeting', () => {
  const m = checkworthyModel();
  assert.ok(m.threshold > 0 && m.threshold < 1);
  assert.ok(Object.keys(m.weights).length > 1000);
  assert.ok(statSync(join(ROOT, 'models', 'checkworthy', 'model.json')).size < 4_000_000);
  const fact = checkworthiness('Unemployment fell to 4 percent last year, the lowest rate in two decades.');
  const chat = checkworthiness('Thank you very much, it is great to be here tonight.');
  assert.ok(fact > 0.5, `fact scored ${fact}`);
  assert.ok(chat < 0.5, `greeting scored ${chat}`);
});

test('a coordinated reporting verb takes the first subject; an object of "claiming" is not reported speech', () => {
  const a = one('The ministry has broken its silence and published photographs of the convoy crossing the border.');
  assert.equal(a.source?.text, 'The ministry');
  assert.equal(a.cue.text, 'published');
  const { atts } = analyse('The air force bombed the depot, destroying the stores and claiming dozens of casualties among the fighters.');
  assert.equal(atts.length, 0);
});

test('reference article: sourced, hedged, speculative and unsourced claims, and comments kept apart', { skip: needsShared(SEED) }, () => {
  // only the analysers this layer needs, so another analyser's state cannot fail this test
  const raw = { bytes: readFileSync(SEED), kind: 'file' as const, name: SEED };
  const doc = new Pipeline([tokensAnalyser, sentencesAnalyser, attributionAnalyser, claimsAnalyser]).run(extractDocument(decodeInput(raw), raw));
  const claims = doc.get('claims');
  // located by a few words each, so no article text is copied here
  const find = (words: string) => {
    const c = claims.find((x) => x.text.includes(words));
    assert.ok(c, `no claim containing "${words}"`);
    return c;
  };
  const intel = find('intelligence claims');
  assert.equal(intel.status, 'sourced');
  assert.equal(intel.stance, 'distancing');
  assert.match(intel.source!.text, /intelligence/);
  const imagery = find('satellite imagery');
  assert.equal(imagery.status, 'sourced');
  assert.equal(imagery.source?.text, 'Russia');
  assert.equal(find('throwing its support').status, 'hedged');
  assert.equal(find('fuelled suspicion').status, 'speculative');
  assert.equal(find('given orders').status, 'hedged');
  assert.equal(find('close ties').status, 'unsourced');
  for (const c of claims) assert.ok(c.reason.length > 20);
  const fromComments = claims.filter((c) => c.fromComment);
  assert.ok(fromComments.length > 0);
  for (const c of fromComments) assert.ok(doc.inComment(c) && c.checkworthiness <= 0.5);
});

test('a speaker sentence beside a quotation takes the quotation as content', () => {
  const { atts } = analyse('“How long must the town wait for a bridge?” Ms. Ortega said. Work has not started.');
  const a = atts.find((x) => x.cue.text === 'said');
  assert.ok(a);
  assert.equal(a.source?.text, 'Ms. Ortega');
  assert.match(a.content.text, /^How long must the town wait/);
  const colon = analyse('The mayor replied. He said:  "We will build it next year."').atts.find((x) => x.cue.text === 'said');
  assert.match(colon!.content.text, /^We will build it next year/);
});

test('noun-tagged verbs, noun cues, catenative chains and parenthetical "as" are attributions', () => {
  assert.equal(one('The Budget Office estimates that the levy would raise two billion.').cue.text, 'estimates');
  const noun = one("The governor's claim that the roads were repaired was false.");
  assert.equal(noun.cue.text, 'claim');
  assert.equal(noun.source?.text, 'The governor');
  assert.equal(noun.stance, 'distancing');
  const chain = one('The minister went on to say that prices would fall.');
  assert.equal(chain.cue.text, 'went on to say');
  assert.equal(chain.source?.text, 'The minister');
  const as = one('The vote was delayed, as officials have said.');
  assert.equal(as.source?.text, 'officials');
  assert.equal(as.content.text, 'The vote was delayed');
});

test('a nested verb of intention stays inside the outer attribution; a nested speech verb does not', () => {
  const { atts } = analyse('The spokesman says the mayor promised to resign.');
  assert.deepEqual(atts.map((a) => a.cue.text), ['says']);
  const told = analyse('The clerk said the judge told her to leave.').atts.map((a) => a.cue.text);
  assert.deepEqual(told, ['said', 'told']);
});

test('plural nouns that look like verbs and action objects are not cues', () => {
  assert.equal(analyse('Candidates campaigned hard in the swing states like Ohio and Iowa.').atts.length, 0);
  assert.equal(analyse('The police released video on Monday of the arrest.').atts.length, 0);
});

test('a cue no pattern explains is kept with low confidence and does not make a claim sourced', () => {
  const { atts, claims } = analyse('Independent analyses agree the top earners would gain the most from the new tax plan.');
  const a = atts.find((x) => x.cue.text === 'agree');
  assert.ok(a);
  assert.ok(a.confidence < 0.4);
  assert.ok(claims.every((c) => c.status !== 'sourced'));
});

test('impression cues, quantifier speakers, object-reporting participles and unopened signed quotes', () => {
  const seem = one('The new mayor seems to have forgotten the promise.');
  assert.equal(seem.cue.text, 'seems');
  assert.equal(seem.source, undefined, '"X seems to" is the writer\'s impression, with no named source');
  const some = one('But some note that the harbour lost money.');
  assert.equal(some.source?.text, 'some');
  assert.equal(some.content.text, 'the harbour lost money');
  const cite = one('"The river is cleaner," the minister said on Monday, citing new water samples.');
  assert.ok(analyse('"The river is cleaner," the minister said on Monday, citing new water samples.').atts.some((a) => a.cue.text === 'citing'));
  assert.equal(cite.cue.text, 'said');
  const promising = analyse('The council revised its budget, promising to repave the old roads.').atts;
  assert.ok(promising.some((a) => a.cue.text === 'promising'));
  const signed = analyse('”We waited all night for the bus.” ― Jane Roe\n').atts;
  assert.ok(signed.some((a) => a.source?.text === 'Jane Roe' && a.content.text.startsWith('We waited')));
  assert.equal(analyse('The mayor established a new parks office.').atts.length, 0);
  const lead = analyse('The governor added:\nThe roads will be ready by June. Nobody doubts it.\n').atts;
  assert.ok(lead.some((a) => a.cue.text === 'added' && a.source?.text === 'The governor' && a.content.text.startsWith('The roads will be ready')));
  const asPut = analyse('Taxes are a choice, as one lawyer recently put it, and he paid none.').atts;
  assert.ok(asPut.some((a) => a.cue.text.endsWith('put it') && a.source?.text === 'one lawyer'));
});

test('a base-form verb the tagger reads as a noun reports after two coordinated names', () => {
  const a = analyse('The talks stalled in the north as Chile and Peru support the rebel council.').atts.find((x) => x.cue.text === 'support');
  assert.ok(a, 'coordinated names are a plural subject');
  assert.equal(a.source?.text, 'Peru');
  assert.equal(analyse('The talks stalled in the north as the town hall support staff left.').atts.length, 0);
});

test('"discover" and "protest" report a clause; with a plain object they are only a low-confidence cue', () => {
  const found = one('Auditors discovered that the pension fund was empty.');
  assert.equal(found.cue.text, 'discovered');
  assert.equal(found.stance, 'endorsing');
  assert.equal(found.content.text, 'the pension fund was empty');
  const body = analyse('Hikers discovered a wallet near the river.').atts;
  assert.ok(body.every((a) => a.confidence < 0.4));
  assert.equal(one('Parents protested that the school was still needed.').cue.text, 'protested');
});
