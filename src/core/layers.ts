import type { Span } from './span.js';

/**
 * The annotation layers a Document can carry, keyed by layer name. Every item is stand-off: offsets into
 * `Document.text`. Shapes follow the public contract in docs/ARCHITECTURE.md (the `analyze --format json` output).
 * A new analyser adds its layer here (one line) and its own folder under src/analysers/.
 */
export interface LayerTypes {
  sentences: Sentence[];
  tokens: Token[];
  /** Named-entity mentions from the statistical tagger (CoNLL-style labels), before linking to entities. */
  mentions: NerMention[];
  entities: Entity[];
  dates: DateMention[];
  events: EventRecord[];
  claims: Claim[];
  techniques: TechniqueFlag[];
  hate: HateFlag[];
  narratives: NarrativeMatch[];
}

export type LayerName = keyof LayerTypes;

/** Everything that flags text carries, so a user can ask "why was this highlighted?". */
export interface Explained {
  confidence: number;
  /** The rule, lexicon entry or model (and feature) that produced the flag. */
  source: string;
  /** One plain sentence a non-expert understands. */
  reason: string;
}

export interface Sentence extends Span {
  /** Index of the section that holds the sentence. */
  section: number;
}

export interface Token extends Span {
  /** Universal POS tag from the tokenizer's tagger. */
  pos: string;
  /** Lower-cased normal form. */
  norm: string;
  sentence: number;
}

export interface NerMention extends Span {
  text: string;
  label: 'PER' | 'ORG' | 'LOC' | 'MISC';
  confidence: number;
}

export type EntityType = 'PERSON' | 'ORG' | 'ARMED_GROUP' | 'STATE' | 'PLACE' | 'MISC';

export interface Mention extends Span {
  text: string;
}

export interface Entity {
  id: string;
  type: EntityType;
  name: string;
  aliases?: string[];
  mentions: Mention[];
  wikidata?: string;
  geo?: { lat: number; lon: number; geonameId?: number; country?: string };
  confidence?: number;
  source?: string;
}

export interface DateMention extends Span {
  text: string;
  /** ISO date (YYYY-MM-DD), or a coarser ISO prefix (YYYY-MM, YYYY) when the text is that coarse. */
  value: string;
  /** What the value was resolved against. */
  anchor?: 'absolute' | 'published' | 'latest-stated-date' | 'analysis-date';
}

export interface EventRecord extends Span {
  type: string;
  mode?: string;
  cameo?: string;
  actor?: string;
  target?: string;
  place?: string;
  date?: string;
  dateSource?: 'text' | 'published' | 'latest-stated-date';
  negated?: boolean;
  failed?: boolean;
  fromComment?: boolean;
  reportedBy?: string;
  trigger?: Mention;
  confidence: number;
  source?: string;
  reason?: string;
}

export interface Claim extends Span {
  text: string;
  source?: { start: number; end: number; text: string; entity?: string };
  cue?: string;
  stance?: 'neutral' | 'distancing' | 'endorsing';
  status?: 'sourced' | 'unsourced' | 'hedged' | 'speculative';
  hedged: boolean;
  hedges?: Mention[];
  checkworthiness: number;
  reason: string;
}

export interface TechniqueFlag extends Span, Explained {
  technique: string;
  text: string;
}

export interface HateFlag extends Span, Explained {
  category: string;
  text: string;
  meaning?: string;
}

export interface NarrativeMatch {
  label: string;
  confidence: number;
  evidence: Span[];
  matches?: { id: string; title: string; score: number; url?: string }[];
}
