import { UnspinError } from '../core/errors.js';
import { existsSync } from 'node:fs';
import { evalExtraction } from './extraction.js';
import { evalAntisemitism } from './antisemitism.js';
import { evalHate } from './hate.js';
import { evalPlaces } from './places.js';
import { evalTechniques } from './techniques.js';
import { evalNer } from './ner.js';
import { evalAttribution } from './attribution.js';
import { evalCheckworthy } from './checkworthy.js';
import { evalLangid } from './langid.js';
import { evalEvents } from './events.js';

export interface EvalResult {
  task: string;
  n: number;
  metrics: Record<string, number>;
  seconds: number;
  [extra: string]: unknown;
}

export interface EvalOptions {
  limit?: number;
  /** Score only the articles at odd or even 0-based positions (attribution: the tuning and held-out halves). */
  half?: 'odd' | 'even';
  log?: (line: string) => void;
}

type Scorer = (dir: string, opts: EvalOptions) => Promise<{ n: number; metrics: Record<string, number>; [extra: string]: unknown }>;

/** One scorer per task, each with the field's own metric. A new task is one file and one line here. */
const SCORERS: Record<string, Scorer> = {
  extraction: evalExtraction,
  antisemitism: evalAntisemitism,
  hate: evalHate,
  places: evalPlaces,
  techniques: evalTechniques,
  ner: evalNer,
  attribution: evalAttribution,
  checkworthy: evalCheckworthy,
  langid: evalLangid,
  events: evalEvents,
};

export function evalTasks(): string[] {
  return Object.keys(SCORERS);
}

export async function runEval(task: string, dir: string, opts: EvalOptions = {}): Promise<EvalResult> {
  const scorer = SCORERS[task];
  if (!scorer) throw new UnspinError('BAD_ARGUMENT', `unknown eval task "${task}" (use ${evalTasks().join(', ')})`);
  if (!existsSync(dir)) throw new UnspinError('MISSING_DATA', `${dir}: gold folder not found (the data sets live in ../shared/data beside the repository)`);
  const t0 = performance.now();
  const result = await scorer(dir, opts);
  return { task, ...result, seconds: Number(((performance.now() - t0) / 1000).toFixed(3)) };
}
