import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Entity } from '../../core/layers.js';

interface CountryRecord {
  iso2: string;
  iso3: string;
  name: string;
  names?: string[];
  demonyms?: string[];
  metonyms?: string[];
}

interface ActorRecord {
  id: string;
  type: string;
  country?: string;
}

interface Tables {
  iso3: Map<string, string>;
  byName: Map<string, string>;
  actors: Map<string, ActorRecord>;
}

let tables: Tables | undefined;

const kbPath = (file: string): string => fileURLToPath(new URL(`../../../../data/kb/${file}`, import.meta.url));

function load(): Tables {
  if (tables) return tables;
  tables = { iso3: new Map(), byName: new Map(), actors: new Map() };
  if (existsSync(kbPath('countries.json'))) {
    for (const c of JSON.parse(readFileSync(kbPath('countries.json'), 'utf8')) as CountryRecord[]) {
      tables.iso3.set(c.iso2, c.iso3);
      for (const n of [c.name, ...(c.names ?? []), ...(c.demonyms ?? []), ...(c.metonyms ?? [])]) {
        // Two-letter forms are ISO codes and pronouns ("US", "us"): only exact upper-case ones count, below.
        if (n && n.length > 2 && !tables.byName.has(n.toLowerCase())) tables.byName.set(n.toLowerCase(), c.iso3);
      }
    }
  }
  if (existsSync(kbPath('curated/actors.json'))) {
    for (const a of JSON.parse(readFileSync(kbPath('curated/actors.json'), 'utf8')) as ActorRecord[]) tables.actors.set(`actor:${a.id}`, a);
  }
  return tables;
}

const ABBREVIATIONS: Record<string, string> = { US: 'USA', 'U.S.': 'USA', UK: 'GBR', 'U.K.': 'GBR', UAE: 'ARE', DRC: 'COD', PRC: 'CHN', DPRK: 'PRK', ROK: 'KOR' };

/**
 * The ISO 3166 alpha-3 code an actor is coded with in event data: a state's own; the state an actor of the knowledge
 * base belongs to; "IGO" for international organisations; a place's country; else the country its name starts with
 * ("US Congress", "Israeli army").
 */
export function countryCodeOf(entity: Entity | undefined): string | undefined {
  if (!entity) return undefined;
  const t = load();
  const country = /^country:([A-Z]{2})$/.exec(entity.id);
  if (country) return t.iso3.get(country[1]!);
  const actor = t.actors.get(entity.id);
  if (actor?.country) return t.iso3.get(actor.country) ?? undefined;
  if (actor && actor.type === 'ORG') return 'IGO';
  if (entity.geo?.country) return t.iso3.get(entity.geo.country) ?? (entity.geo.country.length === 3 ? entity.geo.country : undefined);
  for (const s of [entity.name, ...entity.mentions.map((m) => m.text)]) {
    const first = s.split(/\s+/)[0]!;
    if (ABBREVIATIONS[first]) return ABBREVIATIONS[first];
    const hit = t.byName.get(s.toLowerCase()) ?? t.byName.get(first.toLowerCase());
    if (hit) return hit;
  }
  return undefined;
}
