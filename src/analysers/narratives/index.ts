import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { NarrativeMatch } from '../../core/layers.js';
import type { Span } from '../../core/span.js';
import { activeCatalog, type CatalogIndex } from '../../narratives/index.js';
import { terms } from '../../narratives/similarity.js';

/** Cosine between the author's whole text and a case for the case to be considered (tf-idf over words and entity ids). */
const DOC_MIN = 0.09;
/** Sentence-to-case cosine at which a sentence is evidence for a case. */
const EVIDENCE_MIN = 0.1;

/**
 * Matches the article against the imported catalogue of known disinformation cases. The author's whole text and
 * each sentence become tf-idf vectors over words and entity ids (so "Daesh" and "ISIS" meet); a case matches when
 * the text as a whole is close to it and at least one sentence carries it, and those sentences are its evidence.
 * Matched cases sharing their strongest evidence sentence form one narrative, labelled with the best case's title.
 * Without an imported catalogue the layer is empty. Scores are cosine similarities, not calibrated probabilities.
 */
export function matchNarratives(doc: Document, catalog: CatalogIndex | null = activeCatalog()): NarrativeMatch[] {
  if (!catalog || catalog.size === 0) return [];
  const entityTerms = entityTermsBySpan(doc);
  const sentences = doc.get('sentences').map((s) => ({ start: s.start, end: s.end, comment: doc.inComment(s), v: catalog.vector([...terms(doc.slice(s)), ...entityTerms(s)]) }));
  const author = doc.sections.filter((s) => s.kind !== 'comment');
  const docTerms = author.flatMap((s) => [...terms(doc.slice(s)), ...entityTerms(s)]);
  if (docTerms.length < 5) return [];
  const docVec = catalog.vector(docTerms);
  const matches = catalog
    .nearest(docVec, 12, DOC_MIN)
    .map(({ index, score }) => {
      const evidence = sentences
        .filter((s) => !s.comment) // the author's text is what is matched; comments are the readers' own
        .map((s) => ({ span: { start: s.start, end: s.end }, comment: s.comment, score: catalog.similarity(s.v, index) }))
        .filter((e) => e.score >= EVIDENCE_MIN)
        .sort((a, b) => b.score - a.score)
        .slice(0, 3);
      return { index, docScore: score, evidence, score: score + (evidence[0]?.score ?? 0) / 2 };
    })
    .filter((m) => m.evidence.length > 0)
    .sort((a, b) => b.score - a.score);
  // Group cases by their strongest evidence sentence: one narrative per distinct stretch of the text.
  const groups = new Map<number, typeof matches>();
  for (const m of matches) {
    const key = m.evidence[0]!.span.start;
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.values()]
    .map((group) => {
      const best = group[0]!;
      const c = catalog.cases[best.index]!;
      const evidence = dedupeSpans(group.flatMap((m) => m.evidence.map((e) => e.span)));
      const narrative: NarrativeMatch & { reason: string; source: string; inComment?: boolean } = {
        label: c.title,
        confidence: round(Math.min(0.9, best.score * 2.5)),
        evidence,
        matches: group.slice(0, 5).map((m) => {
          const k = catalog.cases[m.index]!;
          return { id: k.id, title: k.title, score: round(m.score), ...(k.url ? { url: k.url } : {}), ...(k.date ? { date: k.date } : {}), ...(k.keywords.length ? { keywords: k.keywords } : {}) };
        }),
        source: `catalogue:${catalog.sources.join('+') || 'imported'} tf-idf cosine (text ${round(best.docScore)}, best sentence ${round(best.evidence[0]!.score)})`,
        reason: `The text and the highlighted sentence${evidence.length > 1 ? 's' : ''} repeat a claim catalogued as known disinformation: "${c.title}"${c.date ? ` (${c.date})` : ''}.`,
      };
      if (group.every((m) => m.evidence.every((e) => e.comment))) narrative.inComment = true;
      return narrative;
    })
    .sort((a, b) => b.confidence - a.confidence);
}

function entityTermsBySpan(doc: Document): (span: Span) => string[] {
  const refs = doc.get('entities').flatMap((e) => e.mentions.map((m) => ({ start: m.start, end: m.end, term: `ent:${e.id}` })));
  return (span) => refs.filter((r) => r.start >= span.start && r.end <= span.end).map((r) => r.term);
}

function dedupeSpans(spans: Span[]): Span[] {
  const seen = new Set<string>();
  return spans
    .filter((s) => {
      const k = `${s.start}:${s.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.start - b.start);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export const narrativesAnalyser = defineAnalyser({
  name: 'narratives',
  version: '1',
  reads: ['sentences', 'entities'],
  writes: 'narratives',
  run: (doc) => matchNarratives(doc),
});
