import type { Analyser } from '../core/analyser.js';
import { Pipeline } from '../core/pipeline.js';
import { datesAnalyser } from './dates/index.js';
import { eventsAnalyser } from './events/index.js';
import { narrativesAnalyser } from './narratives/index.js';
import { sentencesAnalyser } from './sentences/index.js';
import { tokensAnalyser } from './tokens/index.js';

/** Every analyser the default pipeline runs. A new analyser is one folder and one line here. */
export const analysers: readonly Analyser[] = [
  tokensAnalyser,
  sentencesAnalyser,
  datesAnalyser,
  eventsAnalyser,
  narrativesAnalyser,
];

let pipeline: Pipeline | undefined;

export function defaultPipeline(): Pipeline {
  pipeline ??= new Pipeline(analysers);
  return pipeline;
}
