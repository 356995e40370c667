import type { Entity, EntityType, Mention, NerMention } from '../../core/layers.js';
import type { KbRecord, KnowledgeBase } from '../../knowledge/kb.js';
import { keyOf, wordsOf as aliasWords } from '../../knowledge/normalize.js';
import { STOP_CAP, TITLES } from './lexicon.js';
import type { Resolved } from './resolve.js';
import type { Word } from './words.js';

/** An entity being built: its mentions and the evidence behind it. */
interface Draft {
  id: string;
  type: EntityType;
  name: string;
  rec?: KbRecord;
  mentions: Mention[];
  confidence: number;
  source: string;
  reason: string;
}

/** Names found outside the knowledge base: the tagger's mentions and title rules ("General Valery Asapov"). */
export interface LooseName {
  start: number;
  end: number;
  text: string;
  type: EntityType;
  confidence: number;
  source: string;
  reason: string;
}

const NER_TYPE: Record<NerMention['label'], EntityType> = { PER: 'PERSON', ORG: 'ORG', LOC: 'PLACE', MISC: 'MISC' };

/** People named after a title ("General Valery Asapov", "a Russian general, Valery Asapov,"), which needs no tagger. */
export function titledPersons(text: string, words: readonly Word[], taken: (start: number, end: number) => boolean): LooseName[] {
  const out: LooseName[] = [];
  for (let i = 0; i < words.length - 1; i++) {
    const t = words[i]!;
    if (!TITLES.has(t.key)) continue;
    let j = i + 1;
    const gap = text.slice(t.end, words[j]!.start);
    if (!(t.joinNext || /^\.?\s$|^,\s$/.test(gap))) continue;
    const run: Word[] = [];
    while (j < words.length && run.length < 4) {
      const w = words[j]!;
      if (!w.cap || w.upper || STOP_CAP.has(w.key) || TITLES.has(w.key) || taken(w.start, w.end)) break;
      run.push(w);
      if (!w.joinNext) break;
      j++;
    }
    if (run.length === 0 || (run.length === 1 && !t.cap)) continue;
    const start = run[0]!.start;
    const end = run[run.length - 1]!.end;
    out.push({ start, end, text: text.slice(start, end), type: 'PERSON', confidence: run.length > 1 ? 0.7 : 0.55, source: `rule:title/${t.key}`, reason: `a capitalised name after the title "${t.text}"` });
    i = j;
  }
  return out;
}

export function nerNames(ner: readonly NerMention[], taken: (start: number, end: number) => boolean): LooseName[] {
  return ner
    .filter((m) => m.confidence >= 0.5 && !taken(m.start, m.end))
    .map((m) => ({ start: m.start, end: m.end, text: m.text, type: NER_TYPE[m.label], confidence: Math.min(0.8, m.confidence * 0.8), source: `ner:${m.label}`, reason: `the statistical tagger calls "${m.text}" ${m.label}, and the knowledge base does not know it` }));
}

/**
 * Groups mentions into entities: one entity per knowledge-base record; loose names grouped by their folded text and
 * by shortened forms ("Asapov" after "Valery Asapov", "Faylaq" after "Faylaq al-Rahman"); a branch named with its
 * parent organisation (al-Nusra with Al Qaeda) joins the parent when the KB marks it so.
 */
export function buildEntities(text: string, words: readonly Word[], kb: KnowledgeBase, resolved: readonly Resolved[], loose: readonly LooseName[], geoFor: (r: KbRecord) => Entity['geo']): Entity[] {
  const drafts = new Map<string, Draft>();
  for (const r of resolved) {
    const rec = kb.record(r.rec);
    const mention: Mention = { start: r.cand.start, end: extendDot(text, r.cand.end), text: '' };
    mention.text = text.slice(mention.start, mention.end);
    // A capital standing for its state ("Moscow said") is the state, but on the map it is still the city.
    if (rec.kind === 'country' && /\/(capital|metonym)$/.test(r.how)) {
      const town = r.cand.hits.map((h) => kb.record(h.rec)).filter((x) => x.type === 'PLACE' && x.country === rec.country && x.lat !== undefined && x.kind !== 'admin1').sort((a, b) => b.population - a.population)[0];
      const geo = town ? geoFor(town) : undefined;
      if (geo) mention.geo = geo;
    }
    let d = drafts.get(rec.id);
    if (!d) {
      d = { id: rec.id, type: rec.type, name: rec.name, rec, mentions: [], confidence: r.confidence, source: r.how, reason: r.reason };
      drafts.set(rec.id, d);
    }
    d.mentions.push(mention);
    if (r.confidence > d.confidence) Object.assign(d, { confidence: r.confidence, source: r.how, reason: r.reason });
  }
  const keyCache = new Map<Draft, string>();
  // Loose names: group by folded text; a single word that ends (person) or starts (group) a longer one joins it,
  // KB entities included ("Faylaq" after "Faylaq al-Rahman").
  const looseDrafts: Draft[] = [];
  const kbShort = new Map<string, Draft>();
  for (const d of drafts.values()) {
    if (d.type !== 'ARMED_GROUP' && d.type !== 'ORG' && d.type !== 'PERSON') continue;
    for (const m of d.mentions) {
      const ws = aliasWords(m.text);
      const form = ws.length > 1 ? (d.type === 'PERSON' ? ws[ws.length - 1]! : ws[0]!) : undefined;
      if (form && form.length >= 4 && !STOP_CAP.has(form) && kb.lookup(form).length === 0 && !kbShort.has(form)) kbShort.set(form, d);
    }
  }
  const sorted = [...loose].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  for (const n of sorted) {
    const key = keyOf(aliasWords(n.text));
    const kbd = kbShort.get(key);
    if (kbd && kbd.mentions.some((m) => m.start < n.start)) {
      kbd.mentions.push({ start: n.start, end: n.end, text: n.text });
      continue;
    }
    let d = looseDrafts.find((x) => draftKey(x) === key && (x.type === n.type || n.type === 'MISC'));
    d ??= looseDrafts.find((x) => shortFormOf(x, key));
    if (!d) {
      d = { id: `doc:${n.type.toLowerCase()}:${key.replace(/ /g, '-')}`, type: n.type, name: n.text, mentions: [], confidence: n.confidence, source: n.source, reason: n.reason };
      looseDrafts.push(d);
    }
    d.mentions.push({ start: n.start, end: n.end, text: n.text });
    d.confidence = Math.max(d.confidence, n.confidence);
  }
  const all = [...drafts.values(), ...looseDrafts];
  function draftKey(x: Draft): string {
    let k = keyCache.get(x);
    if (k === undefined) {
      k = keyOf(aliasWords(x.name));
      keyCache.set(x, k);
    }
    return k;
  }

  // Shortened names standing alone: "Asapov", "Faylaq".
  const mask = new Uint8Array(text.length + 1);
  for (const d of all) for (const m of d.mentions) mask.fill(1, m.start, m.end);
  const covered = (s: number, e: number): boolean => mask.subarray(s, e).includes(1);
  const shortForms = new Map<string, Draft>();
  for (const d of all) {
    if (d.type !== 'PERSON' && d.type !== 'ARMED_GROUP' && d.type !== 'ORG') continue;
    for (const m of d.mentions) {
      const ws = aliasWords(m.text);
      if (ws.length < 2) continue;
      const form = d.type === 'PERSON' ? ws[ws.length - 1]! : ws[0]!;
      if (form.length < 4 || STOP_CAP.has(form) || kb.lookup(form).length > 0) continue;
      if (!shortForms.has(form)) shortForms.set(form, d);
    }
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const d = shortForms.get(w.key);
    if (!d || !w.cap || covered(w.start, w.end)) continue;
    const prevCap = i > 0 && words[i - 1]!.joinNext && words[i - 1]!.cap && !words[i - 1]!.sentStart;
    const nextCap = w.joinNext && words[i + 1]?.cap;
    if (prevCap || nextCap) continue;
    if (!d.mentions.some((m) => m.start < w.start)) continue;
    d.mentions.push({ start: w.start, end: w.end, text: w.text });
  }

  // A branch the KB marks as merged with its parent joins the parent when both are named.
  for (const d of [...drafts.values()]) {
    const parentId = d.rec?.mergeWithParent && d.rec.branchOf ? `actor:${d.rec.branchOf}` : undefined;
    const parent = parentId ? drafts.get(parentId) : undefined;
    if (!parent) continue;
    parent.mentions.push(...d.mentions);
    parent.reason += `; ${d.name} is counted as ${parent.name} (the KB lists it as its branch under successive names)`;
    drafts.delete(d.id);
  }

  const entities: Entity[] = [];
  for (const d of [...drafts.values(), ...looseDrafts]) {
    d.mentions.sort((a, b) => a.start - b.start);
    const canon = keyOf(aliasWords(d.name));
    const aliases = [...new Set(d.mentions.map((m) => m.text.replace(/^the\s+/i, '')).filter((t) => keyOf(aliasWords(t)) !== canon))];
    const e: Entity = { id: d.id, type: d.type, name: d.name, mentions: d.mentions, confidence: d.confidence, source: d.source, reason: d.reason };
    if (aliases.length) e.aliases = aliases;
    if (d.rec?.wikidata) e.wikidata = d.rec.wikidata;
    if (d.rec) {
      const geo = geoFor(d.rec);
      if (geo) e.geo = geo;
    }
    if (d.rec?.note) e.note = d.rec.note;
    entities.push(e);
  }
  return entities.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);

  function shortFormOf(d: Draft, key: string): boolean {
    if (key.includes(' ') || (d.type !== 'PERSON' && d.type !== 'ORG')) return false;
    const ws = draftKey(d).split(' ');
    return ws.length > 1 && (d.type === 'PERSON' ? ws[ws.length - 1] === key : ws[0] === key);
  }
}

/** "U.S" + "." is "U.S.": the matcher's words stop before a final dot that belongs to an abbreviation. */
function extendDot(text: string, end: number): number {
  return text[end] === '.' && /\.[\p{L}]$/u.test(text.slice(end - 2, end)) ? end + 1 : end;
}
