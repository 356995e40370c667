import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Analyser } from '../src/core/analyser.js';
import { Document } from '../src/core/document.js';
import { attributionAnalyser, claimsAnalyser } from '../src/analysers/claims/index.js';
import { hateAnalyser } from '../src/analysers/hate/index.js';
import { sentencesAnalyser } from '../src/analysers/sentences/index.js';
import { techniquesAnalyser } from '../src/analysers/techniques/index.js';
import { tokensAnalyser } from '../src/analysers/tokens/index.js';

/**
 * Regression guard against super-linear behaviour on hostile pages (not a benchmark): each analyser alone must get
 * through boilerplate that repeats one phrase thousands of times, or a page of bare punctuation, well within a
 * generous bound. Before the fixes, techniques took ~8 s on the first input at this size (quadratic repeat counting).
 */
const BOUND_MS = 3000;

const INPUTS: Record<string, string> = {
  readmore: '"Read more »" \u201c\u201d '.repeat(3_000),
  punct: '. , ; : ! ? « » — … '.repeat(4_000),
  // One "sentence" of 17,500 tokens with a reporting verb every five words (attribution used to rescan it per cue).
  bigsentence: 'Russia said the army attacked '.repeat(3_500),
};

function prepared(text: string): Document {
  const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }]);
  doc.set('tokens', tokensAnalyser.run(doc));
  doc.set('sentences', sentencesAnalyser.run(doc));
  return doc;
}

/**
 * CPU milliseconds of this test process, not wall time: on a loaded machine (the suite runs files two at a time,
 * often beside other jobs) wall time counts waiting for a core and made the bound flaky; quadratic work still shows.
 */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

function timed(a: Analyser, doc: Document): number {
  const t0 = cpuMs();
  const out = a.run(doc);
  const ms = cpuMs() - t0;
  doc.set(a.writes as never, out as never);
  return ms;
}

for (const [name, text] of Object.entries(INPUTS)) {
  test(`analysers stay fast on hostile input: ${name}`, () => {
    const analysers: Analyser[] = [techniquesAnalyser, hateAnalyser, attributionAnalyser, claimsAnalyser];
    // Load the models first so that the bound measures the analysis, not reading weights from disk.
    const warm = prepared('Officials said the army attacked the town on Monday.');
    for (const a of analysers) timed(a, warm);
    const doc = prepared(text);
    for (const a of analysers) {
      const ms = timed(a, doc);
      assert.ok(ms < BOUND_MS, `${a.name} took ${Math.round(ms)} ms on ${name} (${text.length} chars)`);
    }
  });
}

test('techniques: repeated boilerplate stays linear at three times the size', () => {
  // At 1/10 of the hostile size the old quadratic repeat counting still fit in the bound; at 3/10 it took ~10 s.
  const doc = prepared('"Read more »" \u201c\u201d '.repeat(9_000));
  timed(techniquesAnalyser, prepared('Officials said the army attacked the town on Monday.'));
  const ms = timed(techniquesAnalyser, doc);
  assert.ok(ms < BOUND_MS, `techniques took ${Math.round(ms)} ms`);
});
