import type { Analyser } from '../core/analyser.js';
import { Pipeline } from '../core/pipeline.js';
import { attributionAnalyser, claimsAnalyser } from './claims/index.js';
import { datesAnalyser } from './dates/index.js';
import { entitiesAnalyser } from './entities/index.js';
import { eventsAnalyser } from './events/index.js';
import { narrativesAnalyser } from './narratives/index.js';
import { hateAnalyser } from './hate/index.js';
import { nerAnalyser } from './ner/index.js';
import { sentencesAnalyser } from './sentences/index.js';
import { techniquesAnalyser } from './techniques/index.js';
import { tokensAnalyser } from './tokens/index.js';

/** Every analyser the default pipeline runs. A new analyser is one folder and one line here. */
export const analysers: readonly Analyser[] = [
  tokensAnalyser,
  sentencesAnalyser,
  nerAnalyser,
  entitiesAnalyser,
  datesAnalyser,
  eventsAnalyser,
  narrativesAnalyser,
  hateAnalyser,
  techniquesAnalyser,
  attributionAnalyser,
  claimsAnalyser,
];

let pipeline: Pipeline | undefined;

export function defaultPipeline(): Pipeline {
  pipeline ??= new Pipeline(analysers);
  return pipeline;
}
