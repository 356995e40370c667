import { readTsv, trainedIds } from '../analysers/hate/dataset.js';
import { sharedModel } from '../analysers/hate/model.js';
import type { EvalOptions } from './index.js';

/**
 * Scores the antisemitism classifier on a folder like antisemitism-train (`data.tsv`: id, text, antisemitic|not):
 * F1, precision and recall of the antisemitic class over every item the shipped model was not trained on (its
 * trained ids are listed in models/hate/); the items skipped for that reason are counted, never scored.
 */
export async function evalAntisemitism(dir: string, opts: EvalOptions) {
  const model = sharedModel('antisemitism');
  const trained = trainedIds(model.meta.trainedIds);
  const all = readTsv(dir);
  const unseen = all.filter((it) => !trained.has(it.id));
  const items = unseen.slice(0, opts.limit ?? Infinity);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const it of items) {
    const pred = model.predict(it.text) === 'antisemitic';
    const gold = it.label === 'antisemitic';
    if (pred && gold) tp++;
    else if (pred) fp++;
    else if (gold) fn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  opts.log?.(`antisemitism: scored ${items.length}, skipped ${all.length - unseen.length} (trained on), threshold ${model.meta.threshold}`);
  return {
    n: items.length,
    metrics: { f1: round(f1), precision: round(precision), recall: round(recall) },
    skipped: all.length - unseen.length,
    skippedReason: 'items the shipped model was trained on (models/hate/antisemitism-trained-ids.txt.gz)',
    positives: tp + fn,
  };
}

const round = (x: number) => Number(x.toFixed(4));
