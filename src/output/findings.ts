import type { Document } from '../core/document.js';
import type { Span } from '../core/span.js';

/** One highlightable flag, whatever layer it came from, as the reports and the UI show it. */
export interface Finding extends Span {
  layer: 'techniques' | 'hate';
  label: string;
  confidence: number;
  reason: string;
  source: string;
  meaning?: string;
}

/**
 * Technique flags below this confidence are kept in the JSON but not highlighted: on held-out articles fewer than
 * one in eight of them overlaps a gold span of the same technique (models/techniques/README.md), so showing them
 * would bury the evidence a reader needs.
 */
export const MIN_TECHNIQUE_CONFIDENCE = 0.12;

/** The flags shown as highlights: persuasion techniques and hateful or coded language, in text order. */
export function findings(doc: Document): Finding[] {
  const out: Finding[] = [];
  for (const t of doc.get('techniques')) if (t.confidence >= MIN_TECHNIQUE_CONFIDENCE) out.push({ layer: 'techniques', label: t.technique, start: t.start, end: t.end, confidence: t.confidence, reason: t.reason, source: t.source });
  for (const h of doc.get('hate')) {
    const f: Finding = { layer: 'hate', label: h.category, start: h.start, end: h.end, confidence: h.confidence, reason: h.reason, source: h.source };
    if (h.meaning) f.meaning = h.meaning;
    out.push(f);
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end);
}

export interface Segment extends Span {
  /** Indexes into the findings array of the flags that cover this segment. */
  active: number[];
}

/**
 * Cuts `[start, end)` into segments at every flag boundary, so overlapping flags render as adjacent pieces that each
 * name all the flags covering them (nested marks would break when spans cross).
 */
export function segments(flags: readonly Finding[], start: number, end: number): Segment[] {
  const cuts = new Set<number>([start, end]);
  for (const f of flags) {
    if (f.end <= start || f.start >= end) continue;
    cuts.add(Math.max(start, f.start));
    cuts.add(Math.min(end, f.end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i]!;
    const e = points[i + 1]!;
    const active: number[] = [];
    flags.forEach((f, j) => {
      if (f.start <= s && f.end >= e) active.push(j);
    });
    out.push({ start: s, end: e, active });
  }
  return out;
}

/** Claims ordered as a fact-checker triages them: most check-worthy first, comments last. */
export function claimsByPriority(doc: Document) {
  return [...doc.get('claims')].sort((a, b) => Number(doc.inComment(a)) - Number(doc.inComment(b)) || b.checkworthiness - a.checkworthiness);
}

/** The page facts every report lists, as [label, value] pairs with empty ones left out. */
export function metaFacts(doc: Document): [string, string][] {
  const m = doc.meta;
  const facts: [string, string | undefined][] = [
    ['Outlet', m.outlet],
    ['Author', m.author],
    ['Published', m.published],
    ['Latest date stated', m.published ? undefined : m.latestStatedDate],
    ['URL', m.canonicalUrl ?? m.url],
    ['Language', m.language],
  ];
  return facts.filter((f): f is [string, string] => Boolean(f[1]));
}
