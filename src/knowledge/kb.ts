import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { EntityType } from '../core/layers.js';
import { keyOf, skeleton, wordsOf } from './normalize.js';

/**
 * The knowledge base of who and where: countries, curated actors and regions, and the GeoNames gazetteer, loaded once
 * on first use and shared read-only. Files live under data/kb/ (see data/kb/README.md for sources and licences).
 */

export type RecordKind = 'country' | 'actor' | 'region' | 'admin1' | 'admin2' | 'town';

export interface KbRecord {
  id: string;
  type: EntityType;
  kind: RecordKind;
  name: string;
  wikidata?: string;
  geonameId?: number;
  lat?: number;
  lon?: number;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  /** GeoNames admin1 code within the country ("TX", "12"). */
  admin1?: string;
  population: number;
  fcode?: string;
  /** The name is also a common English word ("Mobile", "Reading"). */
  commonWord?: boolean;
  note?: string;
  branchOf?: string;
  mergeWithParent?: boolean;
  aliases?: string[];
}

/** How an alias names its record; decides how much evidence a match needs. */
export type AliasForm = 'name' | 'alias' | 'demonym' | 'capital' | 'metonym';
const FORMS: AliasForm[] = ['name', 'alias', 'demonym', 'capital', 'metonym'];

export interface AliasHit {
  rec: number;
  form: AliasForm;
  /** The alias is an acronym ("US", "ISIS"): the text must be in capitals too. */
  acronym: boolean;
}

/**
 * Records 0..curated-1 are objects (countries, actors, regions); the ~170k gazetteer places after them are kept in
 * columns and made into objects only when a document asks for one, which keeps loading fast and memory small.
 */
export interface KnowledgeBase {
  record(i: number): KbRecord;
  size: number;
  byId(id: string): number | undefined;
  /** Folded word-sequence key -> hits. */
  lookup(key: string): AliasHit[];
  /** Consonant skeleton key -> hits (multi-word names of curated entries, countries, admin1 and big towns). */
  lookupSkeleton(key: string): AliasHit[];
  maxWords: number;
  /** First words of multi-word keys: a word not in here can only start a one-word name. */
  startsLonger: Set<string>;
  /** Folded admin1 qualifier ("tex", "tx", "texas") -> codes such as "US.TX". */
  qualifiers: Map<string, string[]>;
  /** The most common English words, lower case: a capital on one of them at a sentence start marks no name. */
  commonWords: Set<string>;
  /** Keys of qualifiers written with a final dot ("Tex.", "W.Va."): the dot belongs to the mention. */
  dotted: Set<string>;
  stats: { records: number; keys: number; loadMs: number; heapMb: number };
}

interface CountryJson {
  iso2: string;
  name: string;
  names: string[];
  demonyms: string[];
  capital?: string;
  metonyms: string[];
  wikidata?: string;
  lat: number;
  lon: number;
}
interface ActorJson {
  id: string;
  type: EntityType;
  name: string;
  aliases: string[];
  wikidata?: string;
  country?: string;
  note?: string;
  branchOf?: string;
  mergeWithParent?: boolean;
}
interface RegionJson {
  name: string;
  aliases: string[];
  lat: number;
  lon: number;
  country?: string;
  admin1?: string;
  /** Ranks the entry among namesakes as a population would (a capital's weight in the news, not its census). */
  prominence?: number;
  kind: string;
}

const KB_DIR = fileURLToPath(new URL('../../../data/kb/', import.meta.url));

let kb: KnowledgeBase | undefined;

export function knowledgeBase(): KnowledgeBase {
  kb ??= load(KB_DIR);
  return kb;
}

const json = <T>(dir: string, file: string): T => JSON.parse(readFileSync(dir + file, 'utf8')) as T;
const ACRONYM = /^[A-Z0-9.&+-]+$/;

/** Hits are packed into numbers (record * 16 + form * 2 + acronym) so the index holds no small objects. */
const pack = (rec: number, form: number, acronym: boolean): number => rec * 16 + form * 2 + (acronym ? 1 : 0);
const unpack = (n: number): AliasHit => ({ rec: Math.floor(n / 16), form: FORMS[(n % 16) >> 1]!, acronym: (n & 1) === 1 });

function load(dir: string): KnowledgeBase {
  const t0 = performance.now();
  const heap0 = process.memoryUsage().heapUsed;
  const curated: KbRecord[] = [];
  const ids = new Map<string, number>();
  const exact = new Map<string, number | number[]>();
  const skeletal = new Map<string, number | number[]>();
  let maxWords = 1;
  const startsLonger = new Set<string>();

  const add = (r: KbRecord): number => {
    const i = curated.length;
    curated.push(r);
    ids.set(r.id, i);
    return i;
  };
  const indexKey = (rec: number, key: string, form: number, acronym: boolean, withSkeleton: boolean): void => {
    const sp = key.indexOf(' ');
    const n = sp < 0 ? 1 : key.split(' ').length;
    if (n > maxWords) maxWords = n;
    if (sp > 0) startsLonger.add(key.slice(0, sp));
    put(exact, key, pack(rec, form, acronym));
    if (withSkeleton && n > 1) {
      const sk = skeleton(key);
      if (sk.replace(/ /g, '').length >= 5) put(skeletal, sk, pack(rec, form, acronym));
    }
  };
  const index = (rec: number, alias: string, form: AliasForm, withSkeleton: boolean): void => {
    const words = wordsOf(alias);
    if (words.length > 0) indexKey(rec, keyOf(words), FORMS.indexOf(form), ACRONYM.test(alias) && /[A-Z].*[A-Z]/.test(alias), withSkeleton);
  };

  for (const c of json<CountryJson[]>(dir, 'countries.json')) {
    const i = add({ id: `country:${c.iso2}`, type: 'STATE', kind: 'country', name: c.name, wikidata: c.wikidata, lat: c.lat, lon: c.lon, country: c.iso2, population: 1e9 });
    for (const n of c.names) index(i, n, n === c.name ? 'name' : 'alias', true);
    for (const d of c.demonyms) index(i, d, 'demonym', false);
    for (const m of c.metonyms) index(i, m, m === c.capital ? 'capital' : 'metonym', false);
  }
  for (const a of json<ActorJson[]>(dir, 'curated/actors.json')) {
    const i = add({ id: `actor:${a.id}`, type: a.type, kind: 'actor', name: a.name, wikidata: a.wikidata, country: a.country, population: 0, note: a.note, branchOf: a.branchOf, mergeWithParent: a.mergeWithParent, aliases: a.aliases });
    index(i, a.name, 'name', true);
    for (const al of a.aliases) index(i, al, 'alias', true);
  }
  for (const r of json<RegionJson[]>(dir, 'curated/regions.json')) {
    const i = add({ id: `region:${keyOf(wordsOf(r.name)).replace(/ /g, '-')}`, type: 'PLACE', kind: 'region', name: r.name, lat: r.lat, lon: r.lon, country: r.country, admin1: r.admin1, population: r.prominence ?? (r.kind === 'city' ? 5e5 : 5e6), fcode: r.kind, aliases: r.aliases });
    index(i, r.name, 'name', true);
    for (const al of r.aliases) index(i, al, 'alias', true);
  }
  const places = loadPlaces(dir, curated.length, indexKey);
  const base = curated.length;
  const cache = new Map<number, KbRecord>();
  const record = (i: number): KbRecord => {
    if (i < base) return curated[i]!;
    let r = cache.get(i);
    if (!r) {
      r = places.make(i - base);
      cache.set(i, r);
    }
    return r;
  };
  for (let j = 0; j < places.count; j++) {
    if (places.kind[j] === 1) ids.set(`a1:${places.country[j]}.${places.admin1[j]}`, base + j);
  }

  // Admin1 qualifiers ("Paris, Tex."): the admin1 names themselves plus the curated abbreviations.
  const qualifiers = new Map<string, string[]>();
  for (let j = 0; j < places.count; j++) {
    if (places.kind[j] === 1) pushStr(qualifiers, places.key[j]!, `${places.country[j]}.${places.admin1[j]}`);
  }
  const dotted = new Set<string>();
  const abbrev = json<Record<string, string[] | string>>(dir, 'curated/admin1-abbrev.json');
  for (const [code, list] of Object.entries(abbrev)) {
    if (!Array.isArray(list)) continue;
    const a1 = ids.get(`a1:${code}`);
    for (const ab of list) {
      pushStr(qualifiers, keyOf(wordsOf(ab)), code);
      if (ab.endsWith('.')) dotted.add(keyOf(wordsOf(ab)));
      // Multi-dot forms cannot be a word ("W.Va.", "N.Y."), so they may stand alone as the state.
      if (a1 !== undefined && /\..*\./.test(ab)) index(a1, ab, 'alias', false);
    }
  }
  // Unpacked hit lists are cached per key (most documents ask for the same few thousand names); callers only read them.
  const EMPTY: AliasHit[] = [];
  const unpacked = new Map<string, AliasHit[]>();
  const hits = (map: Map<string, number | number[]>, key: string): AliasHit[] => {
    const v = map.get(key);
    if (v === undefined) return EMPTY;
    const ck = (map === exact ? 'e:' : 's:') + key;
    let list = unpacked.get(ck);
    if (!list) {
      list = typeof v === 'number' ? [unpack(v)] : v.map(unpack);
      unpacked.set(ck, list);
    }
    return list;
  };
  const byId = (id: string): number | undefined => {
    const i = ids.get(id);
    if (i !== undefined) return i;
    const gn = /^gn:(\d+)$/.exec(id);
    return gn ? places.byGeonameId(Number(gn[1])) : undefined;
  };
  const heapMb = Math.max(0, (process.memoryUsage().heapUsed - heap0) / 1e6);
  return {
    record,
    size: base + places.count,
    byId,
    lookup: (key) => hits(exact, key),
    lookupSkeleton: (key) => hits(skeletal, key),
    maxWords,
    startsLonger,
    qualifiers,
    dotted,
    commonWords: new Set(readFileSync(dir + 'common-words.txt', 'utf8').split('\n').filter(Boolean)),
    stats: { records: base + places.count, keys: exact.size, loadMs: Math.round(performance.now() - t0), heapMb: Math.round(heapMb) },
  };
}

interface PlaceColumns {
  count: number;
  kind: Uint8Array;
  key: string[];
  country: string[];
  admin1: string[];
  make(j: number): KbRecord;
  byGeonameId(id: number): number | undefined;
}

const KINDS: RecordKind[] = ['town', 'admin1', 'admin2'];

function loadPlaces(dir: string, base: number, indexKey: (rec: number, key: string, form: number, acronym: boolean, sk: boolean) => void): PlaceColumns {
  const text = gunzipSync(readFileSync(dir + 'places.tsv.gz')).toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const n = lines.length;
  const kind = new Uint8Array(n);
  const gid = new Int32Array(n);
  const lat = new Float32Array(n);
  const lon = new Float32Array(n);
  const pop = new Float64Array(n);
  const flags = new Uint8Array(n);
  const name: string[] = new Array<string>(n);
  const key: string[] = new Array<string>(n);
  const country: string[] = new Array<string>(n);
  const admin1: string[] = new Array<string>(n);
  const fcode: string[] = new Array<string>(n);
  const regionKeys = new Map<string, string>();
  const bigCities: number[] = [];
  for (let j = 0; j < n; j++) {
    const f = lines[j]!.split('\t');
    const k = f[0] === 'P' ? 0 : f[0] === 'A1' ? 1 : 2;
    kind[j] = k;
    gid[j] = f[1] ? Number(f[1]) : 0;
    name[j] = f[2]!;
    country[j] = f[4]!;
    admin1[j] = f[5]!;
    lat[j] = Number(f[6]);
    lon[j] = Number(f[7]);
    pop[j] = Number(f[8]) || 0;
    fcode[j] = f[9]!;
    flags[j] = f[10] === 'w' ? 1 : 0;
    const keys = (f[11] ?? '').split('|');
    key[j] = keys[0]!;
    const big = k === 1 || pop[j]! >= 100_000;
    for (let q = 0; q < keys.length; q++) if (keys[q]) indexKey(base + j, keys[q]!, q === 0 ? 0 : 1, false, big);
    if (k === 1) regionKeys.set(`${country[j]}.${admin1[j]}`, keys[0]!);
    else if (k === 0 && pop[j]! >= 1_000_000 && keys[0]!.endsWith(' city')) bigCities.push(j);
  }
  // "New York" in the news is New York City as often as the state: a city of millions named "<its region> City" is
  // also found by the region's name, and the document's context chooses between the two.
  for (const j of bigCities) {
    const short = key[j]!.slice(0, -' city'.length);
    if (regionKeys.get(`${country[j]}.${admin1[j]}`) === short) indexKey(base + j, short, 1, false, true);
  }
  let gidIndex: Map<number, number> | undefined;
  return {
    count: n,
    kind,
    key,
    country,
    admin1,
    make(j: number): KbRecord {
      const k = kind[j]!;
      return {
        id: k === 0 ? `gn:${gid[j]}` : k === 1 ? `a1:${country[j]}.${admin1[j]}` : `a2:${country[j]}.${admin1[j]}:${name[j]}`,
        type: 'PLACE',
        kind: KINDS[k]!,
        name: name[j]!,
        geonameId: gid[j] || undefined,
        lat: Math.round(lat[j]! * 1000) / 1000,
        lon: Math.round(lon[j]! * 1000) / 1000,
        country: country[j],
        admin1: admin1[j],
        population: pop[j]!,
        fcode: fcode[j],
        commonWord: flags[j] === 1 || undefined,
      };
    },
    byGeonameId(id: number): number | undefined {
      if (!gidIndex) {
        gidIndex = new Map();
        for (let j = 0; j < n; j++) if (gid[j]) gidIndex.set(gid[j]!, base + j);
      }
      return gidIndex.get(id);
    },
  };
}

function put(map: Map<string, number | number[]>, key: string, v: number): void {
  const cur = map.get(key);
  if (cur === undefined) map.set(key, v);
  else if (typeof cur === 'number') {
    if (Math.floor(cur / 16) !== Math.floor(v / 16)) map.set(key, [cur, v]);
  } else if (!cur.some((c) => Math.floor(c / 16) === Math.floor(v / 16))) cur.push(v);
}

function pushStr(map: Map<string, string[]>, key: string, v: string): void {
  const list = map.get(key);
  if (!list) map.set(key, [v]);
  else if (!list.includes(v)) list.push(v);
}
