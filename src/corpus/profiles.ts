import type { FacetCount, OutletSums, Store } from '../store/store.js';

/** One outlet's profile, every figure next to the corpus-wide figure it is compared with. */
export interface OutletProfile {
  outlet: string;
  documents: number;
  words: number;
  /** Per technique: flags per 1,000 words of author text (documents with a techniques layer only). */
  techniqueRates: Record<string, { rate: number; corpus: number }>;
  /** All techniques together, per 1,000 words. */
  techniqueRate: { rate: number | null; corpus: number | null };
  /** Share of the author's claims that name a source. */
  sourcedShare: { share: number | null; corpus: number | null; claims: number };
  quotedSources: FacetCount[];
  namedActors: FacetCount[];
  /** Hate flags in reader comments per 1,000 comment words, and the share of commented documents with any. */
  commentToxicity: { perThousandWords: number | null; corpusPerThousandWords: number | null; flaggedShare: number | null; corpusFlaggedShare: number | null; commentedDocuments: number };
  /** Layers missing for some documents make a figure partial; this says how many documents each figure covers. */
  coverage: { techniques: number; hate: number };
}

const per1000 = (n: number, words: number): number | null => (words > 0 ? (n * 1000) / words : null);
const share = (a: number, b: number): number | null => (b > 0 ? a / b : null);
const round = (x: number | null, d = 3): number | null => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

export function profileOf(s: OutletSums, corpus: OutletSums): OutletProfile {
  const techniqueRates: OutletProfile['techniqueRates'] = {};
  const names = new Set([...Object.keys(s.techniques), ...Object.keys(corpus.techniques)]);
  for (const t of [...names].sort()) {
    techniqueRates[t] = { rate: round(per1000(s.techniques[t] ?? 0, s.techniqueWords)) ?? 0, corpus: round(per1000(corpus.techniques[t] ?? 0, corpus.techniqueWords)) ?? 0 };
  }
  const sum = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0);
  return {
    outlet: s.outlet,
    documents: s.documents,
    words: s.words,
    techniqueRates,
    techniqueRate: { rate: round(per1000(sum(s.techniques), s.techniqueWords)), corpus: round(per1000(sum(corpus.techniques), corpus.techniqueWords)) },
    sourcedShare: { share: round(share(s.claims.sourced, s.claims.total)), corpus: round(share(corpus.claims.sourced, corpus.claims.total)), claims: s.claims.total },
    quotedSources: s.sources,
    namedActors: s.actors,
    commentToxicity: {
      perThousandWords: round(per1000(s.hate.commentFlags, s.hate.hateCommentWords)),
      corpusPerThousandWords: round(per1000(corpus.hate.commentFlags, corpus.hate.hateCommentWords)),
      flaggedShare: round(share(s.hate.flaggedCommentDocs, s.hate.hateDocs)),
      corpusFlaggedShare: round(share(corpus.hate.flaggedCommentDocs, corpus.hate.hateDocs)),
      commentedDocuments: s.hate.commentDocs,
    },
    coverage: { techniques: s.techniqueDocs, hate: s.hate.hateDocs },
  };
}

/** Profiles of every outlet (or the one named), largest first, each compared with the whole corpus. */
export async function outletProfiles(store: Store, opts: { outlet?: string; top?: number } = {}): Promise<{ corpus: OutletProfile | undefined; outlets: OutletProfile[] }> {
  const [corpus] = await store.outletSums({ all: true, top: opts.top });
  if (!corpus) return { corpus: undefined, outlets: [] };
  const rows = await store.outletSums({ outlet: opts.outlet, top: opts.top });
  return { corpus: profileOf(corpus, corpus), outlets: rows.map((r) => profileOf(r, corpus)) };
}
