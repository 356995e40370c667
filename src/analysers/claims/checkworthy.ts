import { readFileSync } from 'node:fs';
import { dataPath } from './data-path.js';
import { featurize } from './checkworthy-features.js';

/** The committed model: logistic-regression weights over the features of checkworthy-features.ts. */
export interface CheckworthyModel {
  version: string;
  threshold: number;
  bias: number;
  weights: Record<string, number>;
  meta?: Record<string, unknown>;
}

let model: CheckworthyModel | undefined;
let weightMap: Map<string, number> | undefined;

/** Loaded once on first use (models/checkworthy/model.json) and shared read-only. */
export function checkworthyModel(): CheckworthyModel {
  model ??= JSON.parse(readFileSync(dataPath('models', 'checkworthy', 'model.json'), 'utf8')) as CheckworthyModel;
  return model;
}

/** A Map is several times faster than a 45k-key object for the per-feature look-ups. */
function weightsOf(m: CheckworthyModel): Map<string, number> {
  if (m === model) return (weightMap ??= new Map(Object.entries(m.weights)));
  return new Map(Object.entries(m.weights));
}

export function scoreWith(m: CheckworthyModel, text: string): number {
  const w = weightsOf(m);
  let z = m.bias;
  for (const f of featurize(text)) z += w.get(f) ?? 0;
  return 1 / (1 + Math.exp(-z));
}

/**
 * Probability that a sentence states a checkable fact worth a fact-checker's time, calibrated so that the model's
 * tuned decision threshold maps to 0.5 (a score ≥ 0.5 means "check-worthy").
 */
export function checkworthiness(text: string): number {
  const m = checkworthyModel();
  const p = scoreWith(m, text);
  // piecewise-linear rescale: threshold → 0.5
  const t = m.threshold;
  return p < t ? (0.5 * p) / t : 0.5 + (0.5 * (p - t)) / (1 - t);
}

/** The features with the largest positive weights in a sentence, to explain a score. */
export function topFeatures(text: string, k = 3): string[] {
  const m = checkworthyModel();
  return featurize(text)
    .map((f) => [f, weightsOf(m).get(f) ?? 0] as const)
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([f]) => f);
}
