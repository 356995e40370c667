import { readTsv, trainedIds } from '../analysers/hate/dataset.js';
import { sharedModel } from '../analysers/hate/model.js';
import type { EvalOptions } from './index.js';

/**
 * Scores the hate / offensive / neither classifier on a folder like hate-train (`data.tsv`: id, text, label):
 * macro-F1 over the three classes and F1 of the hate class, over every item the shipped model was not trained on
 * (trained ids in models/hate/); skipped items are counted.
 */
export async function evalHate(dir: string, opts: EvalOptions) {
  const model = sharedModel('hate');
  const classes = model.meta.classes;
  const trained = trainedIds(model.meta.trainedIds);
  const all = readTsv(dir).filter((it) => classes.includes(it.label));
  const unseen = all.filter((it) => !trained.has(it.id));
  const items = unseen.slice(0, opts.limit ?? Infinity);
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const it of items) {
    const pred = model.predict(it.text);
    if (pred === it.label) inc(tp, pred);
    else {
      inc(fp, pred);
      inc(fn, it.label);
    }
  }
  const f1Of = (c: string) => {
    const t = tp.get(c) ?? 0;
    const p = t + (fp.get(c) ?? 0) ? t / (t + (fp.get(c) ?? 0)) : 0;
    const r = t + (fn.get(c) ?? 0) ? t / (t + (fn.get(c) ?? 0)) : 0;
    return p + r ? (2 * p * r) / (p + r) : 0;
  };
  const perClass = Object.fromEntries(classes.map((c) => [`${c}_f1`, round(f1Of(c))]));
  const macro = classes.reduce((a, c) => a + f1Of(c), 0) / classes.length;
  opts.log?.(`hate: scored ${items.length}, skipped ${all.length - unseen.length} (trained on)`);
  return {
    n: items.length,
    metrics: { macro_f1: round(macro), hate_f1: round(f1Of('hate')), ...perClass },
    skipped: all.length - unseen.length,
    skippedReason: 'items the shipped model was trained on (models/hate/hate-trained-ids.txt.gz)',
  };
}

const round = (x: number) => Number(x.toFixed(4));
