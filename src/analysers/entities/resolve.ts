import type { NerMention } from '../../core/layers.js';
import type { AliasHit, KbRecord, KnowledgeBase } from '../../knowledge/kb.js';
import { keyOf } from '../../knowledge/normalize.js';
import type { Candidate } from './candidates.js';
import { LOCATIVE, METONYM_NEXT, ORG_HEAD, PRE_OK, STOP_CAP, STREET } from './lexicon.js';
import type { Word } from './words.js';

/** A candidate after the rules: the record it names and why. */
export interface Resolved {
  cand: Candidate;
  rec: number;
  /** How the name was taken: drives the entity's confidence and its `source`. */
  how: string;
  confidence: number;
  reason: string;
}

/** What the document says about where it is: countries and admin1 regions it names, and places it pins down. */
interface GeoContext {
  countries: Map<string, number>;
  countryTotal: number;
  admin1: Set<string>;
  points: { lat: number; lon: number; w0: number }[];
}

const TOWN_KINDS = new Set(['town', 'admin1', 'admin2', 'region']);

/**
 * Decides, for each alias match, which record it names (or none): actors and countries by their names, capitals
 * as their state only in a "Moscow said" frame, gazetteer places only with evidence (the tagger's LOC, a locative
 * word, an administrative suffix, a qualifier such as ", Texas", a large population, or the document's own region),
 * and picks among same-named places by the document's context rather than by population alone.
 */
export function resolveCandidates(sourceText: string, cands: Candidate[], words: readonly Word[], kb: KnowledgeBase, ner: readonly NerMention[]): Resolved[] {
  const nerCache = new Map<Candidate, NerMention | undefined>();
  const nerAt = (c: Candidate): NerMention | undefined => {
    if (!nerCache.has(c)) nerCache.set(c, ner.find((m) => m.start < c.end && c.start < m.end));
    return nerCache.get(c);
  };
  // Words of people's names (from the tagger, and learnt as the rules reject "Raquel Henry"): "Henry" alone later
  // is the person again, not Henry, Illinois.
  const personParts = new Set<string>();
  {
    const per = ner.filter((m) => m.label === 'PER').sort((a, b) => a.start - b.start);
    let k = 0;
    for (const w of words) {
      while (k < per.length && per[k]!.end <= w.start) k++;
      const m = per[k];
      if (m && w.start >= m.start && w.end <= m.end && w.cap) personParts.add(w.key);
    }
  }

  // Pass 1: evidence that needs no disambiguation builds the geographic context.
  const ctx: GeoContext = { countries: new Map(), countryTotal: 0, admin1: new Set(), points: [] };
  const addCountry = (cc: string | undefined, w: number): void => {
    if (!cc) return;
    ctx.countries.set(cc, (ctx.countries.get(cc) ?? 0) + w);
    ctx.countryTotal += w;
  };
  for (const c of cands) {
    const recs = c.hits.map((h) => kb.record(h.rec));
    const states = c.hits.filter((h) => kb.record(h.rec).kind === 'country' && h.form !== 'capital');
    if (states.length === 1 && recs.length === 1) addCountry(recs[0]!.country, 1);
    const places = recs.filter((r) => TOWN_KINDS.has(r.kind));
    if (places.length === 1 && recs.length === 1 && (places[0]!.kind !== 'town' || places[0]!.population >= 20_000)) {
      const p = places[0]!;
      addCountry(p.country, 0.5);
      if (p.kind === 'admin1' || p.kind === 'admin2' || p.kind === 'town') ctx.admin1.add(`${p.country}.${p.admin1}`);
      if (p.kind !== 'region' || p.fcode === 'city') ctx.points.push({ lat: p.lat!, lon: p.lon!, w0: c.w0 });
    }
    // Admin1 names that are shared (Georgia) still tell the region when the country is in no doubt later.
    for (const r of recs) if (r.kind === 'admin1' && recs.every((x) => x.kind !== 'country')) ctx.admin1.add(`${r.country}.${r.admin1}`);
  }

  // Spatial minimality: a town whose namesakes lie near the other places the document names is the one meant
  // (Alexandria, Brandon and Douglas County together are Minnesota's). Per candidate key, the other keys that have
  // a candidate within 60 km.
  const near = nearbyNames(cands, kb);

  // Two rounds, for one sense per discourse: a name taken once as a place is taken again where it stands alone, and
  // every occurrence of one name goes to the place its best-supported occurrence chose.
  const acceptedKeys = new Map<string, Resolved>();
  let out: Resolved[] = [];
  for (let round = 0; round < 2; round++) {
    out = [];
    for (const c of cands) {
      const r = resolveOne(c);
      if (!r) continue;
      out.push(r);
      const k = keyFor(c);
      const prior = acceptedKeys.get(k);
      if (kb.record(r.rec).type === 'PLACE' && (!prior || prior.confidence < r.confidence)) acceptedKeys.set(k, r);
    }
  }
  // The qualifier of "Gainesville, Ga." is itself a place mention: the state.
  const covered = new Set(out.map((r) => r.cand.start));
  for (const r of [...out]) {
    if (kb.record(r.rec).type !== 'PLACE') continue;
    const q = qualifierAfter(r.cand);
    const code = q?.codes.find((x) => x.includes('.'));
    const a1 = code ? kb.byId(`a1:${code}`) : undefined;
    if (!q || a1 === undefined || covered.has(q.start)) continue;
    covered.add(q.start);
    const qc: Candidate = { w0: q.w0, w1: q.w1, start: q.start, end: q.end, hits: [{ rec: a1, form: 'alias', acronym: false }], fuzzy: false, adminSuffix: false };
    out.push({ cand: qc, rec: a1, how: 'gazetteer:admin1/qualifier', confidence: 0.85, reason: `"${q.text}" qualifies the place before it, so it names ${kb.record(a1).name}` });
  }
  out.sort((a, b) => a.cand.start - b.cand.start);
  for (const r of out) {
    const best = acceptedKeys.get(keyFor(r.cand));
    if (best && best.rec !== r.rec && kb.record(r.rec).type === 'PLACE' && !r.how.includes('qualified')) {
      r.rec = best.rec;
      r.reason = best.reason;
    }
  }
  return out;

  function keyFor(c: Candidate): string {
    return keyOf(words.slice(c.w0, c.w1).map((w) => w.key));
  }

  function resolveOne(c: Candidate): Resolved | undefined {
    const done = (recIdx: number, how: string, confidence: number, reason: string): Resolved => ({ cand: c, rec: recIdx, how, confidence: Math.round(confidence * 100) / 100, reason });
    const span = words.slice(c.w0, c.w1);
    const first = span[0]!;
    const last = words[c.w1 - 1]!;
    const next = words[c.w1];
    const prev = words[c.w0 - 1];
    const ner1 = nerAt(c);
    const hits = c.hits;
    const rec = (h: AliasHit): KbRecord => kb.record(h.rec);
    // A tagged location that runs over more capitalised words ("Kanawha City" around "City") is a longer name the
    // KB lacks: it is no evidence for the shorter town.
    const longerLoc = !!ner1 && ner1.label === 'LOC' && /\p{Lu}/u.test(sourceText.slice(ner1.start, c.start).split(',').pop()! + sourceText.slice(c.end, ner1.end).split(',')[0]!);
    const nerLabel = ner1 && ner1.start <= c.start + 1 && ner1.end >= c.end - 1 && !longerLoc ? ner1.label : ner1 ? `~${ner1.label}` : undefined;

    // "Fla.", "Ind.": a state abbreviation with its dot is the state, whatever else the letters spell.
    const abbrevKey = keyOf(words.slice(c.w0, c.w1).map((w) => w.key));
    if (sourceText[c.end] === '.' && kb.dotted.has(abbrevKey) && prev && /,\s*$/.test(sourceText.slice(prev.end, c.start))) {
      const a1 = (kb.qualifiers.get(abbrevKey) ?? []).map((code) => kb.byId(`a1:${code}`)).find((i) => i !== undefined);
      if (a1 !== undefined) return done(a1, 'gazetteer:admin1/abbreviation', 0.85, `"${text(c)}." abbreviates ${kb.record(a1).name}`);
    }
    const actors = hits.filter((h) => rec(h).kind === 'actor');
    const states = hits.filter((h) => rec(h).kind === 'country');
    const places = hits.filter((h) => TOWN_KINDS.has(rec(h).kind));
    const single = c.w1 - c.w0 === 1 && !c.adminSuffix;
    // Capitals around a one-word name suggest a longer name it belongs to ("Paris Hilton", "Raquel Henry"), except
    // in headline case and around acronyms.
    const acronym = hits.some((h) => h.acronym);
    const headline = first.titleCase;
    const joinedCapNext = !acronym && !headline && !!next && last.joinNext && next.cap && !last.hyphenNext;
    const joinedCapPrev = !acronym && !headline && !!prev && prev.joinNext && prev.cap && !(prev.sentStart && kb.commonWords.has(prev.key)) && !PRE_OK.has(prev.key) && !STOP_CAP.has(prev.key);
    const locative = !!prev && prev.joinNext && LOCATIVE.has(prev.key);
    const qualifier = qualifierAfter(c);
    const fuzzyFactor = c.fuzzy ? 0.8 : 1;

    // The tagger calls it a person: a known person is confirmed; a one-word place or country name ("Jordan",
    // "Henry") is vetoed. Multi-word KB names and acronyms outrank the tagger, which often calls "Faylaq al-Rahman"
    // or "Deir el-Zor" a person.
    const wellKnown = hits.some((h) => h.acronym || ['country', 'admin1', 'region'].includes(rec(h).kind));
    const sameExtent = !!ner1 && Math.abs(ner1.end - ner1.start - (c.end - c.start)) <= 2;
    if (nerLabel === 'PER') {
      const p = actors.find((h) => rec(h).type === 'PERSON');
      if (p) return done(p.rec, 'kb+ner', 0.95, `named as ${rec(p).name} in the actor list, and the tagger agrees it is a person`);
      // A town inside a person's name goes ("Raquel Henry"); a country inside a headline the tagger misread stays.
      if (single && !hits.some((h) => h.acronym || (rec(h).kind === 'actor' && rec(h).type !== 'PERSON') || h.form === 'demonym') && (!wellKnown || sameExtent)) return undefined;
    }
    if (actors.length > 0 && !(nerLabel === 'LOC' && places.length > 0 && !actors.some((h) => h.acronym))) {
      const a = actors[0]!;
      if (single && !a.acronym && rec(a).type === 'PERSON' && (joinedCapNext || joinedCapPrev)) return undefined;
      return done(a.rec, `kb:actor/${a.form}`, 0.9 * fuzzyFactor, `"${text(c)}" is ${a.form === 'name' ? 'the name' : 'a known alias'} of ${rec(a).name} in the actor list`);
    }
    // Metonymy: "Moscow said", "Washington's policy", "Moscow-backed" stand for the state.
    const metonymic = !!next && (METONYM_NEXT.has(next.key) || (last.hyphenNext && /^(backed|based|led|allied|friendly|sponsored|supported)$/.test(next.key)) || isPossessive(c));
    for (const s of states) {
      // A metonym that is also a place name ("Washington") is the state only in a metonymic frame, like a capital.
      const capitalLike = s.form === 'capital' || (s.form === 'metonym' && places.length > 0);
      if (capitalLike && !metonymic) continue;
      if (s.form === 'demonym') {
        if (nerLabel === 'ORG' && ner1 && ner1.end - ner1.start > c.end - c.start + 2) continue;
        return done(s.rec, 'kb:country/demonym', 0.85, `"${text(c)}" is a demonym of ${rec(s).name}`);
      }
      if (s.form === 'name' || s.form === 'alias') {
        // "Jordan Henderson", "Chad Smith": a country name inside a person's name.
        if (single && !s.acronym && (joinedCapNext && !ORG_HEAD.has(next!.key)) && places.length === 0) return undefined;
        if (single && !s.acronym && joinedCapPrev) return undefined;
        // A name shared with an admin1 (Georgia) or towns (Lebanon): the document's context decides below.
        if (places.length > 0) break;
        return done(s.rec, `kb:country/${s.form}`, 0.95 * fuzzyFactor, `"${text(c)}" names the country ${rec(s).name}`);
      }
      if (s.form === 'metonym' || s.form === 'capital') {
        return done(s.rec, `kb:country/${s.form}`, s.form === 'capital' ? 0.75 : 0.85, `"${text(c)}" stands for the government of ${rec(s).name}${s.form === 'capital' ? ' (a capital used as the state)' : ''}`);
      }
    }
    // A curated entry and the gazetteer's record of the same town are one place: keep the curated one.
    const curated = places.map(rec).filter((r) => r.kind === 'region');
    const dedup = places.filter((h) => rec(h).kind !== 'town' || !curated.some((r) => km(r.lat!, r.lon!, rec(h).lat!, rec(h).lon!) < 30));
    const pool = [...dedup, ...states.filter((s) => s.form === 'name' || s.form === 'alias')];
    if (pool.length === 0) return undefined;
    // The tagger calls this very span an organisation ("Georgia Power" is longer and keeps its place inside).
    if ((nerLabel === 'ORG' || nerLabel === 'MISC') && sameExtent && single && !wellKnown) return undefined;

    // Evidence that a place is meant at all.
    const street = !!next && last.joinNext && STREET.has(next.key);
    if (street) return undefined;
    const saidAfter = !!next && last.joinNext && SAID.has(next.key) && single;
    const personish = saidAfter || (joinedCapNext && !ORG_HEAD.has(next!.key) && !c.adminSuffix) || joinedCapPrev || (single && personParts.has(first.key) && !locative && !qualifier);
    if (personish && nerLabel !== 'LOC') {
      if (single && joinedCapPrev) personParts.add(first.key);
      return undefined;
    }
    const strong = nerLabel === 'LOC' || locative || !!qualifier || c.adminSuffix || acceptedKeys.has(keyFor(c));
    const scored = pool
      .map((h) => ({ h, r: rec(h), s: score(rec(h), h, c, qualifier) }))
      .filter((x) => admissible(x.r, strong, first, c, nerLabel))
      .sort((a, b) => b.s - a.s);
    const best = scored[0];
    if (!best) return undefined;
    const margin = scored.length > 1 ? best.s - scored[1]!.s : 5;
    const base = best.r.kind === 'country' ? 0.9 : best.r.kind === 'region' ? 0.85 : best.r.kind === 'admin1' ? 0.85 : strong ? 0.8 : 0.65;
    const conf = base * fuzzyFactor * (margin < 1 ? 0.7 : margin < 2.5 ? 0.85 : 1);
    const why = nerLabel === 'LOC' ? 'the tagger calls it a location' : qualifier ? `it is qualified by "${qualifier.text}"` : c.adminSuffix ? 'an administrative word follows it' : locative ? `"${prev!.text}" puts a place after it` : best.r.kind === 'town' ? `a town of ${thousands(best.r.population)} people` : 'a known region';
    const picked = scored.length > 1 ? `; chosen over ${scored.length - 1} other place(s) of that name by the document's context and size` : '';
    return done(best.h.rec, best.r.kind === 'country' ? 'kb:country/name' : `gazetteer:${best.r.kind}`, conf, `"${text(c)}" is ${describe(best.r)}: ${why}${picked}`);
  }

  function admissible(r: KbRecord, strong: boolean, first: Word, c: Candidate, tagged: string | undefined): boolean {
    if (r.kind === 'country' || r.kind === 'region') return true;
    if (r.commonWord && !(tagged === 'LOC' || qualifierAfter(c))) return false;
    if (r.kind === 'admin1') return true;
    if (r.kind === 'admin2') return strong || / (County|Parish|Borough|District)$/.test(r.name);
    if (strong) return true;
    if (c.fuzzy) return false;
    const inRegion = ctx.admin1.has(`${r.country}.${r.admin1}`);
    const countryShare = ctx.countryTotal ? (ctx.countries.get(r.country ?? '') ?? 0) / ctx.countryTotal : 0;
    if (r.population >= 100_000) return !first.sentStart || r.population >= 500_000;
    if (inRegion && r.population >= 1000 && !first.sentStart) return true;
    return countryShare >= 0.5 && r.population >= 20_000 && !first.sentStart;
  }

  function score(r: KbRecord, h: AliasHit, c: Candidate, qualifier: Qualifier | undefined): number {
    // A country's name means the country unless the document's own geography (a qualifier, its region, nearby
    // towns) points to a namesake: "Mexico" is Mexico, not the State of Mexico or Mexico, Missouri, by default.
    let s = r.kind === 'country' ? 13.5 : r.kind === 'region' ? 1.5 * Math.log10(r.population) : 1.5 * Math.log10(Math.max(r.population, 10));
    if (r.kind === 'admin2') s = 6;
    if (r.fcode === 'PPLC') s += 1;
    // A city of millions is what news means by a name it shares with its region ("New York").
    if (r.kind === 'town' && r.population >= 1_000_000) s += 1.5;
    if (h.form === 'alias') s -= 0.5;
    if (c.adminSuffix) s += r.kind === 'admin1' || r.kind === 'admin2' ? 6 : -3;
    // The curated entries are the notable sense of their names (Deir ez-Zor the city, not a namesake).
    if (r.kind === 'region') s += 1.5;
    if (ctx.countryTotal > 0 && r.country) {
      const share = (ctx.countries.get(r.country) ?? 0) / ctx.countryTotal;
      s += 5 * share;
    }
    const region = `${r.country}.${r.admin1}`;
    if (r.kind !== 'country' && r.kind !== 'admin1' && ctx.admin1.has(region)) s += 4;
    // A region the document is about is favoured too, except over a curated place of the same name, which is the
    // notable sense (Deir ez-Zor the city, not its province).
    if (r.kind === 'admin1' && ctx.admin1.has(region) && !c.hits.some((h) => kb.record(h.rec).kind === 'region')) s += 2.5;
    if (qualifier && qualifier.codes.some((q) => q === `${r.country}.${r.admin1}` || q === r.country)) s += 10;
    if (r.lat !== undefined && r.kind !== 'country') {
      let closest = Infinity;
      for (const p of ctx.points) if (p.w0 !== c.w0) closest = Math.min(closest, km(r.lat, r.lon!, p.lat, p.lon));
      if (closest < 100) s += 3;
      else if (closest < 400) s += 1.5;
      s += Math.min(7.5, 2.5 * (near.get(h.rec) ?? 0));
    }
    return s;
  }

  function qualifierAfter(c: Candidate): Qualifier | undefined {
    // "Paris, Texas", "Paris, Tex.", "Pandi, Bulacan", "Gori, Georgia".
    const comma = words[c.w1];
    const prevW = words[c.w1 - 1]!;
    if (!comma) return undefined;
    const gap = textBetween(prevW.end, comma.start);
    if (!/^,\s*$/.test(gap) || !comma.cap) return undefined;
    for (let len = 2; len >= 1; len--) {
      const ws = words.slice(c.w1, c.w1 + len);
      if (ws.length < len || (len === 2 && !ws[0]!.joinNext)) continue;
      const key = keyOf(ws.map((w) => w.key));
      const codes = kb.qualifiers.get(key) ?? [];
      const countries = kb.lookup(key).filter((h) => kb.record(h.rec).kind === 'country' && h.form !== 'demonym').map((h) => kb.record(h.rec).country!);
      if (codes.length + countries.length > 0) {
        const end = sourceText[ws[len - 1]!.end] === '.' && kb.dotted.has(key) ? ws[len - 1]!.end + 1 : ws[len - 1]!.end;
        return { text: ws.map((w) => w.text).join(' '), codes: [...codes, ...countries], w0: c.w1, w1: c.w1 + len, start: ws[0]!.start, end };
      }
    }
    return undefined;
  }

  function isPossessive(c: Candidate): boolean {
    return /^['’]s\s+\p{Ll}/u.test(textBetween(c.end, c.end + 12)) && !!words[c.w1] && METONYM_NEXT.has(words[c.w1 + 1]?.key ?? '');
  }
  function text(c: Candidate): string {
    return textBetween(c.start, c.end);
  }
  function textBetween(a: number, b: number): string {
    return sourceText.slice(a, b);
  }
}

const SAID = new Set(['said', 'says', 'told', 'added', 'explained', 'wrote', 'noted', 'stated', 'asked', 'replied']);

interface Qualifier {
  text: string;
  codes: string[];
  w0: number;
  w1: number;
  start: number;
  end: number;
}

/** For each place record among the candidates, how many other names in the document have a candidate within 60 km. */
function nearbyNames(cands: readonly Candidate[], kb: KnowledgeBase): Map<number, number> {
  const byName = new Map<string, { rec: number; lat: number; lon: number }[]>();
  for (const c of cands) {
    const key = `${c.hits[0]?.rec}:${c.hits.length}`;
    if (byName.has(key)) continue;
    const pts = c.hits
      .map((h) => ({ h, r: kb.record(h.rec) }))
      .filter((x) => x.r.lat !== undefined && x.r.kind !== 'country' && x.r.kind !== 'actor')
      .sort((a, b) => b.r.population - a.r.population)
      .slice(0, 40)
      .map((x) => ({ rec: x.h.rec, lat: x.r.lat!, lon: x.r.lon! }));
    if (pts.length) byName.set(key, pts);
  }
  const out = new Map<number, number>();
  const names = [...byName.values()];
  if (names.length < 2) return out;
  for (let i = 0; i < names.length; i++) {
    for (const p of names[i]!) {
      let n = 0;
      for (let j = 0; j < names.length; j++) {
        if (j === i) continue;
        if (names[j]!.some((q) => q.rec !== p.rec && Math.abs(q.lat - p.lat) < 0.6 && Math.abs(q.lon - p.lon) < 0.9 && km(p.lat, p.lon, q.lat, q.lon) < 60)) n++;
      }
      if (n) out.set(p.rec, Math.max(out.get(p.rec) ?? 0, n));
    }
  }
  return out;
}

/** 242565 -> "242,565" (Intl is slow to start on every call). */
function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function describe(r: KbRecord): string {
  switch (r.kind) {
    case 'country':
      return `the country ${r.name}`;
    case 'admin1':
      return `the region ${r.name} (${r.country})`;
    case 'admin2':
      return `${r.name} (${r.country}-${r.admin1})`;
    case 'town':
      return `${r.name} (${r.country}${r.admin1 && r.country === 'US' ? '-' + r.admin1 : ''})`;
    case 'region':
      return `${r.name}`;
    default:
      return r.name;
  }
}

export function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}
