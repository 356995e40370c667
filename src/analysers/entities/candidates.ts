import type { NerMention } from '../../core/layers.js';
import type { AliasHit, KnowledgeBase } from '../../knowledge/kb.js';
import { ARTICLES, keyOf, skeletonWord } from '../../knowledge/normalize.js';
import { ADMIN_SUFFIX, INNER_OK, LOWER_OK } from './lexicon.js';
import type { Word } from './words.js';

/** A stretch of words that names one or more knowledge-base records. */
export interface Candidate {
  /** First word and one past the last word of the name (the admin suffix, when any, included). */
  w0: number;
  w1: number;
  start: number;
  end: number;
  hits: AliasHit[];
  /** Matched only through the consonant skeleton (a transliteration variant): weaker. */
  fuzzy: boolean;
  /** Followed by "province", "county"...: an administrative unit is meant. */
  adminSuffix: boolean;
}

/**
 * Longest-match alias lookup over the words: at each word, the longest run of joined words whose key is an alias wins
 * (so "Deir el-Zor province" beats "Deir", "Hayat Tahrir al-Sham" beats "Sham"). Case decides too: an acronym alias
 * needs capitals in the text ("US" but not "us"), other aliases need a capital on each word the alias capitalises.
 */
export function findCandidates(words: readonly Word[], kb: KnowledgeBase): Candidate[] {
  const out: Candidate[] = [];
  const skel: (string | undefined)[] = [];
  let i = 0;
  while (i < words.length) {
    const w0 = words[i]!;
    if (!w0.cap && !LOWER_OK.has(w0.key)) {
      i++;
      continue;
    }
    let run = 1;
    // Skeleton starts differ from key starts ("dayr" vs "deir"), so only skip longer tries for words in neither.
    const mayBeLonger = kb.startsLonger.has(w0.key) || ARTICLE_LIKE.has(w0.key) || w0.cap;
    while (mayBeLonger && run < kb.maxWords && i + run < words.length && words[i + run - 1]!.joinNext && nameWord(words[i + run]!)) run++;
    let found: Candidate | undefined;
    for (let len = run; len >= 1 && !found; len--) {
      const span = words.slice(i, i + len);
      // A name starts with a capital (or a lower-case direction/article the alias allows) and never ends on an article.
      if (!span[0]!.cap && !LOWER_OK.has(span[0]!.key)) continue;
      const key = keyOf(span.map((w) => w.key));
      if (len > 1 && !kb.startsLonger.has(span[0]!.key) && !span.every((w) => w.cap || LOWER_OK.has(w.key))) continue;
      let hits = kb.lookup(key).filter((h) => caseOk(h, span));
      let fuzzy = false;
      if (hits.length === 0 && len > 1 && span.every((w) => w.cap || LOWER_OK.has(w.key)) && span[len - 1]!.cap) {
        hits = kb.lookupSkeleton(span.map((w, j) => (j < len - 1 && ARTICLES.has(w.key) ? 'l' : (skel[i + j] ??= skeletonWord(w.key)))).join(' ')).filter((h) => !h.acronym);
        fuzzy = hits.length > 0;
      }
      if (hits.length > 0) {
        const last = span[len - 1]!;
        let w1 = i + len;
        let end = last.end;
        let adminSuffix = false;
        const next = words[w1];
        const placeHit = hits.some((h) => ['admin1', 'admin2', 'town', 'region'].includes(kb.record(h.rec).kind));
        if (next && last.joinNext && ADMIN_SUFFIX.has(next.key) && placeHit) {
          adminSuffix = true;
          end = next.end;
          w1++;
        }
        found = { w0: i, w1, start: span[0]!.start, end, hits, fuzzy, adminSuffix };
      }
    }
    if (found) {
      out.push(found);
      i = found.w1;
    } else i++;
  }
  return out;
}

const ARTICLE_LIKE = new Set(['the', 'al', 'el']);

function nameWord(w: Word): boolean {
  return w.cap || LOWER_OK.has(w.key) || INNER_OK.has(w.key) || /^\d/.test(w.key);
}

function caseOk(hit: AliasHit, span: readonly Word[]): boolean {
  if (hit.acronym) return span.every((w) => w.upper || /^\d+$/.test(w.key));
  return span.every((w, j) => w.cap || ((LOWER_OK.has(w.key) || (j > 0 && INNER_OK.has(w.key))) && (j > 0 || span.length > 1)));
}

/**
 * Locations the tagger found that the alias pass missed (a lower-case word, a qualifier such as "Ky." standing alone)
 * become candidates too, looked up without the case check; the resolver still decides.
 */
export function withTaggedPlaces(cands: Candidate[], words: readonly Word[], kb: KnowledgeBase, ner: readonly NerMention[]): Candidate[] {
  const extra: Candidate[] = [];
  for (const m of ner) {
    if (m.label !== 'LOC' || cands.some((c) => c.start < m.end && m.start < c.end)) continue;
    const w0 = words.findIndex((w) => w.start >= m.start);
    if (w0 < 0) continue;
    let w1 = w0;
    while (w1 < words.length && words[w1]!.end <= m.end) w1++;
    if (w1 === w0) continue;
    const key = keyOf(words.slice(w0, w1).map((w) => w.key));
    const span = words.slice(w0, w1);
    let hits = kb.lookup(key).filter((h) => !h.acronym || span.every((w) => w.upper));
    if (hits.length === 0) {
      const a1 = (kb.qualifiers.get(key) ?? []).map((code) => kb.byId(`a1:${code}`)).filter((i): i is number => i !== undefined);
      hits = a1.map((rec) => ({ rec, form: 'alias' as const, acronym: false }));
    }
    if (hits.length === 0) continue;
    extra.push({ w0, w1, start: words[w0]!.start, end: words[w1 - 1]!.end, hits, fuzzy: false, adminSuffix: false });
  }
  return extra.length ? [...cands, ...extra].sort((a, b) => a.start - b.start) : cands;
}
