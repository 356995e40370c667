import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Document, type Section } from '../src/core/document.js';
import { Pipeline } from '../src/core/pipeline.js';
import type { HateFlag } from '../src/core/layers.js';
import { tokensAnalyser } from '../src/analysers/tokens/index.js';
import { sentencesAnalyser } from '../src/analysers/sentences/index.js';
import { hateAnalyser } from '../src/analysers/hate/index.js';
import { loadModel, sharedModel } from '../src/analysers/hate/model.js';
import { partOf, readTsv, trainedIds } from '../src/analysers/hate/dataset.js';
import { findAll, lexicons } from '../src/analysers/hate/lexicons.js';
import { runEval } from '../src/eval/index.js';
import { UnspinError } from '../src/core/errors.js';
import { needsShared, SHARED } from './helpers/paths.js';

const pipeline = new Pipeline([tokensAnalyser, sentencesAnalyser, hateAnalyser]);

/** Runs the hate analyser on paragraphs; `kinds` gives each paragraph's section kind (default body). */
function hate(paragraphs: string[], kinds: Section['kind'][] = []): { doc: Document; flags: HateFlag[] } {
  let text = '';
  const sections: Section[] = [];
  paragraphs.forEach((p, i) => {
    if (i) text += '\n\n';
    sections.push({ kind: kinds[i] ?? 'body', start: text.length, end: text.length + p.length });
    text += p;
  });
  const doc = new Document(text, sections);
  pipeline.run(doc);
  return { doc, flags: doc.get('hate') };
}

test('hate: a coded antisemitic sentence is flagged with the in-group meaning in the reason', () => {
  const { flags, doc } = hate(['Nice article.', 'Wake up: the rootless cosmopolitans and their globalist bankers pull the strings in every capital.'], ['comment', 'comment']);
  const codes = flags.filter((f) => f.category === 'antisemitic_code');
  assert.ok(codes.length >= 1, JSON.stringify(flags));
  for (const f of codes) {
    assert.ok(f.meaning && f.meaning.length > 3, 'meaning present');
    assert.match(f.reason, /in-group meaning/);
    assert.equal(f.section, 'comment');
    assert.equal(doc.text.slice(f.start, f.end), f.text);
    assert.ok(f.confidence > 0 && f.confidence <= 1);
    assert.match(f.source, /^dogwhistle:/);
  }
  assert.ok(codes.some((f) => /globalist bankers/i.test(f.text)), 'globalist + bankers is one phrase');
});

test('hate: news reporting an antisemitic attack is not flagged', () => {
  const { flags } = hate([
    'The rabbi condemned the antisemitic attack on the synagogue, police said.',
    'Vandals had sprayed "globalist bankers control you" and a swastika on the wall, according to witnesses.',
    'The councillor was accused of antisemitism after he shared a post about Jewish bankers.',
  ]);
  assert.deepEqual(flags, []);
});

test('hate: reporting of attacks and terrorist groups in an article body is not hate', () => {
  const { flags } = hate(['Terrorists from ISIS and Al Qaeda attacked Syrian troops near the city on Tuesday, killing a general in a mortar attack.']);
  assert.deepEqual(flags, []);
});

test('hate: dehumanisation of a group is flagged, its literal use is not', () => {
  const { flags } = hate(['Those migrants are vermin, and soon they will be infesting every town in the country.']);
  const d = flags.filter((f) => f.category === 'dehumanisation');
  assert.ok(d.length >= 1, JSON.stringify(flags));
  assert.match(d[0]!.reason, /metaphor|infestation/);
  const literal = hate(['Rats infested the abandoned warehouse, and the virus spread among refugees in the camp.']);
  assert.deepEqual(literal.flags, []);
});

test('hate: innocent uses of ambiguous glossary words are not flagged', () => {
  const { flags } = hate([
    'The minister defended a globalist approach to trade at the forum in Davos.',
    'Central bankers raised interest rates on Tuesday, and the Federal Reserve is expected to follow.',
    'He used Skype to call his family in New York, an echo of his student years.',
  ]);
  assert.deepEqual(flags, []);
});

test('hate: a strong code fires alone; the same sentence in quotation marks in the body does not', () => {
  const alone = hate(['Ask yourself why the goyim know nothing about who really runs the banks.'], ['comment']);
  assert.ok(alone.flags.some((f) => f.category === 'antisemitic_code'), JSON.stringify(alone.flags));
  const quoted = hate(['The banner read “the goyim know”, a slogan used by neo-Nazis.']);
  assert.deepEqual(quoted.flags, []);
});

test('hate: conspiracy tropes without antisemitic context are general tropes', () => {
  const { flags } = hate(['The deep state will never let an outsider win, the shadow government sees to that.'], ['comment']);
  const cats = flags.map((f) => f.category);
  assert.ok(cats.includes('conspiracy_trope'), JSON.stringify(flags));
  assert.ok(!cats.includes('antisemitic_code'), JSON.stringify(flags));
});

test('hate: lexicon lookup matches phrases across hyphens and case, longest first', () => {
  const hits = findAll(lexicons().tropes, 'They call it the New-World Order and the Deep State.');
  assert.deepEqual(hits.map((h) => h.entry.phrase), ['new world order', 'deep state']);
});

test('hate: shipped dog-whistle lexicon keeps meanings and no example texts', () => {
  const terms = [...lexicons().codes.byForm.values()];
  assert.ok(terms.length > 300);
  const g = lexicons().codes.byForm.get('globalist');
  assert.ok(g && g.entry.persona === 'antisemitic' && g.tier === 'contextual' && g.entry.meaning);
  assert.ok(terms.every((t) => !('example' in t.entry)));
});

test('hate: models load once, score in [0, 1] and explain with words', () => {
  const a = sharedModel('antisemitism');
  assert.equal(a.meta.kind, 'binary');
  assert.ok(typeof a.meta.threshold === 'number');
  const p = a.probabilities('an ordinary sentence about the weather')[0]!;
  assert.ok(p >= 0 && p <= 1);
  const h = sharedModel('hate');
  assert.deepEqual(h.meta.classes, ['hate', 'offensive', 'neither']);
  const ps = h.probabilities('have a nice day');
  assert.ok(Math.abs(ps.reduce((x, y) => x + y, 0) - 1) < 1e-6);
  assert.ok(['hate', 'offensive', 'neither'].includes(h.predict('have a nice day')));
  assert.ok(Array.isArray(h.explain('you are a stupid idiot', 1)));
  assert.equal(sharedModel('hate'), h, 'cached');
  assert.throws(() => loadModel('hate', mkdtempSync(join(tmpdir(), 'unspin-'))), (e: unknown) => e instanceof UnspinError && e.code === 'MISSING_DATA');
});

test('hate: the held-out split is deterministic and never trained on', () => {
  assert.equal(partOf('12345'), partOf('12345'));
  const ids = trainedIds(sharedModel('antisemitism').meta.trainedIds);
  assert.ok(ids.size > 1000);
  for (const id of ids) assert.notEqual(partOf(id), 'heldout');
});

const AS_DIR = join(SHARED, 'data', 'antisemitism-train');
const HATE_DIR = join(SHARED, 'data', 'hate-train');

test('eval antisemitism: scores only unseen items, with the field metrics', { skip: needsShared(AS_DIR) }, async () => {
  const r = await runEval('antisemitism', AS_DIR, { limit: 60 });
  assert.equal(r.task, 'antisemitism');
  assert.ok(r.n > 0 && r.n <= 60);
  for (const k of ['f1', 'precision', 'recall']) assert.ok(typeof r.metrics[k] === 'number', k);
  assert.ok((r.skipped as number) > 0);
  const items = readTsv(AS_DIR);
  assert.ok(items.some((it) => it.label === 'antisemitic'));
});

test('eval hate: macro_f1 and hate_f1 on unseen items', { skip: needsShared(HATE_DIR) }, async () => {
  const r = await runEval('hate', HATE_DIR, { limit: 60 });
  assert.ok(r.n > 0 && r.n <= 60);
  assert.ok(typeof r.metrics.macro_f1 === 'number' && typeof r.metrics.hate_f1 === 'number');
  assert.ok((r.skipped as number) > 0);
});

test('hate features: the cached fast vectoriser gives the same vector as the named (explainable) features', async () => {
  const { namedFeatures, vectorise } = await import('../src/analysers/hate/features.js');
  for (const text of ['The the the council met; council members met again.', 'Sooooo (((they))) run the banks @someone https://x.y/z', '', 'Ünïcode wörds and j3ws-style spellings']) {
    for (let round = 0; round < 2; round++) {
      const fast = vectorise(text);
      const named = namedFeatures(text).vector;
      const asMap = (v: { idx: Int32Array; val: Float32Array }) => new Map([...v.idx].map((b, i) => [b, Number(v.val[i]!.toFixed(6))]));
      assert.deepEqual(asMap(fast), asMap(named), text);
    }
  }
});
