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
  /** Who said what: source, reporting cue and content spans (direct and indirect speech). */
  attributions: Attribution[];
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
  /** The model that tagged it. */
  source?: string;
  /** One plain sentence on why it was tagged. */
  reason?: string;
}

export type EntityType = 'PERSON' | 'ORG' | 'ARMED_GROUP' | 'STATE' | 'PLACE' | 'MISC';

export interface Mention extends Span {
  text: string;
  /** Where this mention itself points when it differs from its entity's: "Moscow said" is Russia, on the map Moscow. */
  geo?: { lat: number; lon: number; geonameId?: number; country?: string };
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
  /** Why the entity was recognised and linked, in one plain sentence. */
  reason?: string;
  /** What the knowledge base says about it (offices and years held, former names). */
  note?: string;
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
  /** Further actors coordinated with the first ("Hungarian and Romanian officials agreed"). */
  coActors?: string[];
  /** Further targets coordinated with the first ("to Mauritania and Senegal"). */
  coTargets?: string[];
  /** ISO 3166 alpha-3 code of the actor and target as event data codes them (from the entity, or a demonym before it). */
  actorCountry?: string;
  targetCountry?: string;
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
  /** The reporting cue's own span (the `cue` field is its text). */
  cueSpan?: Mention;
  /** Set when the claim sits in a reader comment, not in the author's text. */
  fromComment?: boolean;
  /** Confidence in the status given, in [0, 1]. */
  confidence?: number;
  /** The rule or lexicon entry that decided the status (e.g. `hedge:appears`, `attribution:according-to`). */
  rule?: string;
  /** Certainty markers ("clearly", "in fact") that present the claim as beyond question. */
  boosters?: Mention[];
}

export interface Attribution {
  /** Who is speaking; absent for agentless cues ("it was reported that"). */
  source?: Mention & { entity?: string };
  /** The reporting verb or phrase ("said", "according to", "told reporters"). */
  cue: Mention;
  /** What is attributed: the quote or reported clause. */
  content: Mention;
  /** direct: quoted words; indirect: reported clause; according-to: "according to X" adjunct. */
  kind: 'direct' | 'indirect' | 'according-to';
  stance: 'neutral' | 'distancing' | 'endorsing';
  confidence: number;
  /** The pattern that matched (e.g. `SOURCE-CUE-CONTENT`). */
  rule: string;
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
  /** Kind of the section that holds the flag (body, comment, ...): a reader's words are not the outlet's. */
  section?: string;
  /** The group the language targets, where the lexicon or rule says (e.g. "antisemitic", "racist"). */
  target?: string;
}

export interface NarrativeMatch {
  label: string;
  confidence: number;
  evidence: Span[];
  matches?: { id: string; title: string; score: number; url?: string }[];
}
