/**
 * The corpus store: one interface, one implementation per database. Everything outside src/store/<dialect>/ talks to
 * this interface only, so the SQLite default and a PostgreSQL store can run the same tests. Methods are async even
 * though SQLite answers synchronously, because a networked database cannot.
 */

/** One analysed document as stored (layers apart). */
export interface StoredDocument {
  /** Stable id: hash of the canonical URL, or of the normalised text when there is no URL. */
  id: string;
  url?: string;
  outlet?: string;
  title?: string;
  author?: string;
  /** ISO date or date-time. */
  published?: string;
  language?: string;
  text: string;
  sections: { kind: string; start: number; end: number }[];
  /** Hash of the normalised text (exact duplicates). */
  contentHash: string;
  /** MinHash signature over word shingles, hex (near duplicates, see corpus/dedupe.ts); absent for texts too short to judge. */
  fingerprint?: string;
  /** Words in the author's text and in reader comments (the denominators of per-1,000-word rates). */
  words: number;
  commentWords: number;
  /** The ingest item key the document came from. */
  source: string;
  /** Analyser name → version of the pipeline that produced the layers. */
  versions: Record<string, string>;
}

/** One layer of one document, kept as the JSON the analyser produced. */
export interface StoredLayer {
  name: string;
  analyser?: string;
  version?: string;
  items: unknown[];
  /** The items already serialised (workers do it, off the writing thread); when present, `items` may be left empty. */
  json?: string;
}

/** Query rows derived from the layers (whatever layers exist), for search facets and outlet profiles. */
export interface EntityRow { entityId?: string; name: string; type: string; mentions: number; wikidata?: string }
export interface TechniqueRow { technique: string; start: number; end: number; confidence: number; inComment: boolean }
export interface ClaimRow { start: number; end: number; status?: string; sourced: boolean; sourceText?: string; sourceEntity?: string; checkworthiness?: number; inComment: boolean }
export interface HateRow { category: string; start: number; end: number; confidence: number; inComment: boolean }
/** One catalogue-matched narrative of a document (narratives layer): `narrative` is the best case's id, else the label. */
export interface NarrativeRow { narrative: string; label: string; confidence: number; start?: number; end?: number; inComment: boolean }

export interface DocumentRecord {
  doc: StoredDocument;
  layers: StoredLayer[];
  entities: EntityRow[];
  techniques: TechniqueRow[];
  claims: ClaimRow[];
  hate: HateRow[];
  /** Catalogue-matched narratives (search facet); absent when the pipeline has no narratives layer. */
  narratives?: NarrativeRow[];
  /** Simhash bands for candidate lookup (see corpus/dedupe.ts). */
  bands: number[];
}

export type ItemStatus = 'done' | 'duplicate' | 'near-duplicate' | 'error';

/** What happened to one input item; written in the same transaction as its document, so a crash loses or doubles nothing. */
export interface ItemOutcome {
  key: string;
  status: ItemStatus;
  docId?: string;
  duplicateOf?: string;
  /** Estimated Jaccard similarity to `duplicateOf` (near duplicates). */
  similarity?: number;
  error?: string;
  label?: string;
}

export interface WriteEntry {
  outcome: ItemOutcome;
  record?: DocumentRecord;
}

export interface SearchQuery {
  /** Full-text query over title and text (FTS5 syntax where valid, otherwise plain words). */
  text?: string;
  outlet?: string;
  from?: string;
  to?: string;
  entity?: string;
  technique?: string;
  language?: string;
  /** A catalogue case id or narrative label (catalogue matches), or a clustered narrative's id. */
  narrative?: string;
  limit?: number;
  offset?: number;
  /** How many values each facet lists. */
  facetLimit?: number;
}

export interface SearchHit {
  id: string;
  title?: string;
  url?: string;
  outlet?: string;
  published?: string;
  language?: string;
  snippet: string;
  score: number;
}

export interface FacetCount { value: string; count: number }

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  facets: { outlet: FacetCount[]; language: FacetCount[]; entity: FacetCount[]; technique: FacetCount[]; narrative: FacetCount[] };
  ms: number;
}

/** Raw per-outlet sums; corpus/profiles.ts turns them into rates and comparisons. A null outlet is '(unknown)'. */
export interface OutletSums {
  outlet: string;
  documents: number;
  words: number;
  commentWords: number;
  /** Documents (and their words) that carry a techniques layer: the denominator for technique rates. */
  techniqueDocs: number;
  techniqueWords: number;
  techniques: Record<string, number>;
  claims: { total: number; sourced: number };
  hate: { commentDocs: number; flaggedCommentDocs: number; commentFlags: number; hateDocs: number; hateCommentWords: number };
  sources: FacetCount[];
  actors: FacetCount[];
}

/** The author's claims of one document, with what narrative clustering needs (see narratives/cluster.ts). */
export interface ClaimSource {
  docId: string;
  outlet?: string;
  published?: string;
  /** Claim spans and their text (author text only, comments left out). */
  claims: { start: number; end: number; text: string }[];
  /** Entity ids with the spans of their mentions, from the entities layer when stored. */
  entities: { id: string; start: number; end: number }[];
}

/** A narrative found by clustering recurring claims across documents (no catalogue needed). */
export interface NarrativeCluster {
  id: string;
  /** The representative claim's text. */
  label: string;
  /** Member claims. */
  size: number;
  documents: number;
  outlets: FacetCount[];
  firstSeen?: string;
  lastSeen?: string;
  /** Distinct documents per day, or per week (Monday's date) when the narrative spans more than 90 days. */
  volume: { period: 'day' | 'week'; buckets: { date: string; count: number }[] };
  /** Present when one narrative is asked for (`narrativeCluster`); lists are summaries. */
  claims?: { docId: string; start: number; end: number; text: string; outlet?: string; published?: string; score: number }[];
}

export interface ExportFilter { outlet?: string; layer?: string }

export interface StoreCounts { documents: number; items: Record<ItemStatus, number>; runs: number }

export interface Store {
  readonly location: string;
  schemaVersion(): Promise<number>;
  /** Status of input items already seen (for resuming): key → status. */
  itemStatuses(keys: string[]): Promise<Map<string, ItemStatus>>;
  findByContentHash(hash: string): Promise<string | undefined>;
  hasDocument(id: string): Promise<boolean>;
  /** Documents sharing at least one fingerprint band: candidates for a near-duplicate check. */
  nearCandidates(bands: number[]): Promise<{ id: string; fingerprint: string }[]>;
  /** Writes documents and item outcomes in one transaction. */
  writeBatch(entries: WriteEntry[]): Promise<void>;
  beginRun(args: string[]): Promise<number>;
  finishRun(id: number, counts: Record<string, number>): Promise<void>;
  getDocument(id: string): Promise<(StoredDocument & { layers: StoredLayer[] }) | undefined>;
  search(q: SearchQuery): Promise<SearchResult>;
  /** Per-outlet sums (or, with `all`, one row "*" for the whole corpus), with the `top` quoted sources and actors. */
  outletSums(opts?: { outlet?: string; top?: number; all?: boolean }): Promise<OutletSums[]>;
  /** Streams documents with their layers (all, or the one named), in insertion order. */
  exportDocuments(filter?: ExportFilter): AsyncIterable<StoredDocument & { layers: StoredLayer[] }>;
  /** Item outcomes with errors, newest first. */
  errors(limit?: number): Promise<ItemOutcome[]>;
  counts(): Promise<StoreCounts>;
  /** Streams every document that has author claims, with the claims' text and entity mentions (narrative clustering input). */
  claimSources(): AsyncIterable<ClaimSource>;
  /** Replaces all clustered narratives with these (one transaction). */
  replaceNarrativeClusters(clusters: NarrativeCluster[]): Promise<void>;
  /** Clustered narratives, largest (by documents) first, without their member claims. */
  narrativeClusters(opts?: { limit?: number; offset?: number; minDocuments?: number }): Promise<{ total: number; builtAt?: string; narratives: NarrativeCluster[] }>;
  /** One clustered narrative with its member claims. */
  narrativeCluster(id: string): Promise<NarrativeCluster | undefined>;
  close(): Promise<void>;
}
