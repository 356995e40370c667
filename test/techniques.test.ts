import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analysers } from '../src/analysers/registry.js';
import { Document } from '../src/core/document.js';
import { sentencesAnalyser } from '../src/analysers/sentences/index.js';
import { tokensAnalyser } from '../src/analysers/tokens/index.js';
import { detectTechniques } from '../src/analysers/techniques/index.js';
import { TECHNIQUES, isTechnique } from '../src/analysers/techniques/inventory.js';
import { techniquesModel, trainedArticleIds } from '../src/analysers/techniques/model.js';
import { articleBucket, isHeldOut } from '../src/analysers/techniques/split.js';
import { ArticleView } from '../src/analysers/techniques/features.js';
import { ruleFlags } from '../src/analysers/techniques/rules.js';
import { goldSpanGroups, mergeSpans, microF1, siCounts, siScore, tcCounts } from '../src/eval/techniques.js';
import { runEval } from '../src/eval/index.js';
import { FIXTURES, SEED, SHARED, needsShared } from './helpers/paths.js';

const close = (a: number, b: number, eps = 1e-9): void => assert.ok(Math.abs(a - b) < eps, `${a} != ${b}`);

test('SI metric: partial overlap, one article', () => {
  // gold t1=[0,10) t2=[20,30); predicted s1=[5,15) s2=[25,27).
  // s1∩t1 = 5 chars: precision term 5/|s1| = 5/10 = 0.5, recall term 5/|t1| = 0.5.
  // s2∩t2 = 2 chars: precision term 2/2 = 1, recall term 2/10 = 0.2.
  // precision = (0.5 + 1) / 2 predictions = 0.75; recall = (0.5 + 0.2) / 2 gold = 0.35;
  // F1 = 2 * 0.75 * 0.35 / 1.1 = 0.4772727...
  const c = siCounts([{ start: 5, end: 15 }, { start: 25, end: 27 }], [{ start: 0, end: 10 }, { start: 20, end: 30 }]);
  close(c.precisionSum, 1.5);
  close(c.recallSum, 0.7);
  const s = siScore([c]);
  close(s.precision, 0.75);
  close(s.recall, 0.35);
  close(s.f1, 0.525 / 1.1);
});

test('SI metric: overlapping spans are merged on each side first; one prediction can cover two gold spans', () => {
  // predicted [0,10) and [5,20) merge into [0,20); gold [0,20): one pair, 20/20 each way → P = R = 1.
  const a = siScore([siCounts([{ start: 0, end: 10 }, { start: 5, end: 20 }], [{ start: 0, end: 20 }])]);
  close(a.precision, 1);
  close(a.recall, 1);
  // predicted [0,30); gold [0,10) and [20,30): precision = (10/30 + 10/30) / 1 = 0.6667; recall = (10/10 + 10/10) / 2 = 1.
  const b = siScore([siCounts([{ start: 0, end: 30 }], [{ start: 0, end: 10 }, { start: 20, end: 30 }])]);
  close(b.precision, 2 / 3);
  close(b.recall, 1);
  assert.deepEqual(mergeSpans([{ start: 8, end: 9 }, { start: 0, end: 5 }, { start: 4, end: 6 }]), [{ start: 0, end: 6 }, { start: 8, end: 9 }]);
});

test('SI metric: micro over spans across articles', () => {
  // Article 1 as in the first test: precision sum 1.5 over 2 predictions, recall sum 0.7 over 2 gold spans.
  // Article 2: no predictions, one gold span [0,5): adds 0 and 1 gold span.
  // P = 1.5 / 2 = 0.75; R = 0.7 / 3 = 0.23333; F1 = 2 * 0.75 * 0.23333 / 0.98333 = 0.355932...
  const a1 = siCounts([{ start: 5, end: 15 }, { start: 25, end: 27 }], [{ start: 0, end: 10 }, { start: 20, end: 30 }]);
  const a2 = siCounts([], [{ start: 0, end: 5 }]);
  const s = siScore([a1, a2]);
  close(s.precision, 0.75);
  close(s.recall, 0.7 / 3);
  close(s.f1, (2 * 0.75 * (0.7 / 3)) / (0.75 + 0.7 / 3));
  close(s.f1, 0.35593220338983, 1e-12);
});

test('TC metric: each gold (span, technique) matches once; micro-F1 is accuracy over gold spans', () => {
  // Gold: [0,5) carries A and B, [10,20) carries C. Predicted: B twice on [0,5), C on [10,20).
  // The first B matches, the second finds no B left; C matches → 2 correct of 3 → P = R = F1 = 2/3.
  const gold = [
    { start: 0, end: 5, technique: 'A' },
    { start: 0, end: 5, technique: 'B' },
    { start: 10, end: 20, technique: 'C' },
  ];
  const c = tcCounts(
    [
      { start: 0, end: 5, technique: 'B' },
      { start: 0, end: 5, technique: 'B' },
      { start: 10, end: 20, technique: 'C' },
    ],
    gold,
  );
  assert.deepEqual(c, { correct: 2, predicted: 3, gold: 3 });
  close(microF1(c.correct, c.predicted, c.gold), 2 / 3);
  // Same span, wrong offsets by one character: no match.
  assert.equal(tcCounts([{ start: 0, end: 6, technique: 'A' }], gold).correct, 0);
  assert.deepEqual(goldSpanGroups(gold), [{ start: 0, end: 5, k: 2 }, { start: 10, end: 20, k: 1 }]);
});

test('held-out rule is fixed and holds out about a fifth of IDs', () => {
  assert.equal(articleBucket('111111111'), 0);
  assert.equal(isHeldOut('111111111'), true);
  assert.equal(articleBucket('123'), 10);
  let held = 0;
  for (let i = 0; i < 2000; i++) if (isHeldOut(String(700000000 + i))) held++;
  assert.ok(held > 300 && held < 500, `held out ${held} of 2000`);
});

test('model loads once, with the SemEval-2020 inventory, and never trained on a held-out article', () => {
  const m = techniquesModel();
  assert.equal(techniquesModel(), m);
  assert.deepEqual(m.labels, [...TECHNIQUES]);
  assert.ok(m.decode.threshold > 0 && m.decode.threshold < 1);
  const trained = trainedArticleIds();
  assert.ok(trained.size > 250, `trained on ${trained.size} articles`);
  for (const id of trained) assert.equal(isHeldOut(id), false, `${id} is held out but was trained on`);
});

function docOf(text: string): Document {
  const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
  doc.set('tokens', tokensAnalyser.run(doc));
  doc.set('sentences', sentencesAnalyser.run(doc));
  return doc;
}

test('analyser: valid offsets, inventory names, explanations; a loaded sentence is flagged', () => {
  const text = readFileSync(join(FIXTURES, 'techniques-sample.txt'), 'utf8');
  const doc = docOf(text);
  const flags = detectTechniques(doc);
  assert.ok(flags.length > 0);
  for (const f of flags) {
    assert.ok(Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.start < f.end && f.end <= text.length);
    assert.equal(f.text, text.slice(f.start, f.end));
    assert.equal(f.text, f.text.trim());
    assert.ok(isTechnique(f.technique), f.technique);
    assert.ok(f.confidence >= 0 && f.confidence <= 1);
    assert.match(f.source, /^(model:techniques-v1 |rule:[a-z-]+ \()/);
    assert.ok(f.reason.length > 20 && /[.!?]$/.test(f.reason), f.reason);
  }
  const loaded = text.indexOf('These pathetic bureaucrats');
  const loadedEnd = text.indexOf('.', loaded);
  assert.ok(
    flags.some((f) => f.start < loadedEnd && loaded < f.end),
    `no flag in the loaded sentence; flags: ${flags.map((f) => f.text).join(' | ')}`,
  );
  // A plain factual sentence should not be flagged as a whole.
  const plain = text.indexOf('The committee will meet');
  assert.ok(!flags.some((f) => f.start <= plain && f.end >= text.indexOf('.', plain)));
});

test('analyser is registered in the default pipeline and flags reader comments too', () => {
  assert.ok(analysers.some((a) => a.writes === 'techniques' && a.reads.includes('tokens')));
  const body = 'The council approved the new budget on Monday after a short debate.';
  const comment = 'These corrupt thugs and their pathetic lies are destroying our great nation!';
  const text = `${body}\n\n${comment}`;
  const doc = new Document(text, [
    { kind: 'body', start: 0, end: body.length },
    { kind: 'comment', start: body.length + 2, end: text.length },
  ]);
  doc.set('tokens', tokensAnalyser.run(doc));
  doc.set('sentences', sentencesAnalyser.run(doc));
  const flags = detectTechniques(doc);
  assert.ok(flags.some((f) => doc.inComment(f)), `no flag in the comment: ${flags.map((f) => f.text).join(' | ')}`);
  for (const f of flags) assert.equal(text.slice(f.start, f.end), f.text);
  assert.deepEqual(detectTechniques(docOf('')), []);
});

const PTC = join(SHARED, 'data', 'ptc-train');

test('eval techniques on a few held-out articles', { skip: needsShared(PTC) }, async () => {
  const r = await runEval('techniques', PTC, { limit: 3 });
  assert.equal(r.task, 'techniques');
  assert.equal(r.n, 3);
  assert.equal(r['skipped_training_articles'], trainedArticleIds().size);
  for (const k of ['si_f1', 'si_precision', 'si_recall', 'tc_micro_f1']) {
    const v = r.metrics[k]!;
    assert.ok(v >= 0 && v <= 1, `${k}=${v}`);
  }
});

/** The rule flags of one text (body only), after the tokens and sentences analysers. */
function rulesOf(text: string) {
  const doc = docOf(text);
  return { text, flags: ruleFlags(new ArticleView(doc.text, doc.get('tokens'))) };
}

const has = (flags: { technique: string; text: string }[], technique: string, re: RegExp) => flags.some((f) => f.technique === technique && re.test(f.text));

test('rules: a label pinned on a named state or group is name calling; the bare noun is not', () => {
  const { flags } = rulesOf('Officials said Iranian proxies and the Venezuelan regime were behind it. The report describes how proxy servers work.');
  assert.ok(has(flags, 'Name_Calling,Labeling', /^Iranian proxies$/), JSON.stringify(flags));
  assert.ok(has(flags, 'Name_Calling,Labeling', /^Venezuelan regime$/), JSON.stringify(flags));
  assert.ok(!flags.some((f) => /proxy servers/.test(f.text)), 'a bare "proxy" is not a label');
  const thugs = rulesOf('The mayor called the protesters thugs and paid stooges.').flags;
  assert.ok(has(thugs, 'Name_Calling,Labeling', /^thugs$/) && has(thugs, 'Name_Calling,Labeling', /stooges$/), JSON.stringify(thugs));
  for (const f of [...flags, ...thugs]) {
    assert.match(f.source, /^rule:name-calling \(/);
    assert.match(f.reason, /derogatory or loaded name/);
    assert.ok(f.confidence > 0 && f.confidence < 1);
  }
});

test('rules: stock doubt phrases and insinuating questions are Doubt, spanning the thing doubted', () => {
  const { text, flags } = rulesOf(
    'One can only wonder who paid for the campaign. The timing raises serious questions about the audit, analysts say. ' +
      'Why would a careful bank ignore such warnings? The so-called experts disagree. The rain stopped at noon.',
  );
  assert.ok(has(flags, 'Doubt', /^One can only wonder who paid for the campaign$/), JSON.stringify(flags.map((f) => f.text)));
  assert.ok(has(flags, 'Doubt', /^raises serious questions about the audit$/), JSON.stringify(flags.map((f) => f.text)));
  assert.ok(has(flags, 'Doubt', /^Why would a careful bank ignore such warnings$/));
  assert.ok(has(flags, 'Doubt', /^so-called experts/));
  const plain = text.indexOf('The rain');
  assert.ok(!flags.some((f) => f.end > plain), 'the plain sentence is not flagged');
  for (const f of flags.filter((x) => x.technique === 'Doubt')) {
    assert.match(f.source, /^rule:(doubt-phrase|rhetorical-question) \(/);
    assert.match(f.reason, /^Casts doubt/);
  }
  // A real question is not rhetorical.
  assert.deepEqual(rulesOf('Why did the council delay the vote? It was waiting for the auditors.').flags, []);
});

test('rules: stock overstatements and loaded metaphors', () => {
  const { flags } = rulesOf('The army shelled the valley, sparing no village on the way, while the cartel spread its tentacles into the ports in a witch hunt.');
  assert.ok(has(flags, 'Exaggeration,Minimisation', /^sparing no village on the way$/), JSON.stringify(flags.map((f) => f.text)));
  assert.ok(has(flags, 'Loaded_Language', /^tentacles$/));
  assert.ok(has(flags, 'Loaded_Language', /^witch hunt$/));
  assert.deepEqual(rulesOf('The committee will meet on Thursday to approve the budget for next year.').flags, []);
});

test('reference article: loaded language, name calling, doubt and exaggeration in the body', { skip: needsShared(SEED) }, async () => {
  const { analyzeSource } = await import('../src/analyze.js');
  const doc = await analyzeSource(SEED);
  const body = doc.get('techniques').filter((f) => !doc.inComment(f));
  const found = (technique: string, phrase: RegExp) => body.some((f) => f.technique === technique && phrase.test(f.text));
  for (const w of [/vicious/, /pathetic/, /tentacles/]) assert.ok(found('Loaded_Language', w), `loaded ${w}`);
  assert.ok(found('Name_Calling,Labeling', /US Kurdish proxies/), 'name calling');
  assert.ok(found('Doubt', /we can speculate on who provided the intelligence/), 'doubt');
  assert.ok(found('Exaggeration,Minimisation', /sparing no major terrorist stronghold/), 'exaggeration');
});
