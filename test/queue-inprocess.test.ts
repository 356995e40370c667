import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyseItem } from '../src/corpus/analyse-item.js';
import type { ItemPayload } from '../src/corpus/items.js';
import type { DocumentRecord } from '../src/store/store.js';
import { InProcessAnalyser, WorkerPool, createAnalyser, guarded } from '../src/corpus/pool.js';
import { memoryGuard } from '../src/queue/memory.js';

const payload = (text: string): ItemPayload => ({ raw: { bytes: Buffer.from(text), kind: 'file', name: 'story.txt' } });
const STORY = 'Harbour workers in Port Calder voted to strike on Monday. The union said talks had failed. The mayor urged calm.';

test('guarded: returns what the function returns, and interrupts one that runs past its limit', { timeout: 30_000 }, () => {
  assert.equal(guarded(() => 6 * 7, 1000), 42);
  const t0 = performance.now();
  assert.throws(() => guarded(() => {
    for (;;) { /* a hung analyser */ }
  }, 100), { code: 'ERR_SCRIPT_EXECUTION_TIMEOUT' });
  assert.ok(performance.now() - t0 < 5000);
});

test('in-process analysis stores the same record as the worker-thread pool', async () => {
  const inProc = await createAnalyser({ workers: 1, inProcess: true, analysers: ['sentences'] });
  const pool = await createAnalyser({ workers: 1, analysers: ['sentences'] });
  try {
    assert.ok(inProc instanceof InProcessAnalyser);
    assert.ok(pool instanceof WorkerPool);
    const a = await inProc.analyse('k1', payload(STORY));
    const b = await pool.analyse('k1', payload(STORY));
    assert.ok('record' in a, JSON.stringify(a));
    assert.deepEqual(a, b);
  } finally {
    await inProc.close();
    await pool.close();
  }
});

test('a document that hangs in-process times out like a hung thread, and later documents go to a fresh thread', { timeout: 60_000 }, async () => {
  const hangOn = 'hang';
  const analyser = new InProcessAnalyser({ timeoutMs: 1500, analysers: ['sentences'] }, (key, p, o) => {
    if (key === hangOn) for (;;) { /* never returns */ }
    return analyseItem(key, p, o);
  });
  try {
    const ok = await analyser.analyse('before', payload(STORY));
    assert.ok('record' in ok);
    assert.equal(analyser.tainted, false);
    const hung = await analyser.analyse(hangOn, payload(STORY));
    assert.ok('error' in hung && /^TIMEOUT: analysis took over/.test(hung.error), JSON.stringify(hung));
    assert.equal(analyser.tainted, true, 'analysis moved off the interrupted thread');
    // The fallback thread runs the real analysis (the stand-in that hangs lives only on this thread).
    const after = await analyser.analyse(hangOn, payload(STORY));
    assert.ok('record' in after, JSON.stringify(after));
    const [x, y] = [(ok as { record: DocumentRecord }).record, (after as { record: DocumentRecord }).record];
    assert.equal(y.doc.text, x.doc.text);
    assert.deepEqual(y.layers, x.layers);
  } finally {
    await analyser.close();
  }
});

test('memory budget: a full collection between batches only when over budget, and not more often than asked', () => {
  const always = memoryGuard(1, 100);
  assert.equal(always(0), true, 'over a 1 MB budget');
  assert.equal(always(50), false, 'too soon after the last collection');
  assert.equal(always(100), true);
  const never = memoryGuard(1_000_000, 0);
  assert.equal(never(0), false, 'under a 1 TB budget');
});
