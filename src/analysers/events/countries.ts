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
const memo = new WeakMap<Entity, string | null>();

export function countryCodeOf(entity: Entity | undefined): string | undefined {
  if (!entity) return undefined;
  // Every mention of an entity asks again; the answer depends on the entity alone.
  const known = memo.get(entity);
  if (known !== undefined) return known ?? undefined;
  const code = computeCode(entity);
  memo.set(entity, code ?? null);
  return code;
}

function computeCode(entity: Entity): string | undefined {
  const t = load();
  const country = /^country:([A-Z]{2})$/.exec(entity.id);
  if (country) return t.iso3.get(country[1]!);
  const actor = t.actors.get(entity.id);
  if (actor?.country) return t.iso3.get(actor.country) ?? undefined;
  if (actor && actor.type === 'ORG') return 'IGO';
  // A mention that is a country's own name wins over a linked namesake place ("Montenegro" is not the Brazilian one).
  for (const m of entity.mentions) {
    const exact = t.byName.get(m.text.toLowerCase());
    if (exact && entity.type !== 'PERSON') return exact;
  }
  if (entity.geo?.country) return t.iso3.get(entity.geo.country) ?? (entity.geo.country.length === 3 ? entity.geo.country : undefined);
  for (const s of [entity.name, ...entity.mentions.map((m) => m.text)]) {
    const first = s.split(/\s+/)[0]!;
    if (ABBREVIATIONS[first]) return ABBREVIATIONS[first];
    const hit = t.byName.get(s.toLowerCase()) ?? t.byName.get(first.toLowerCase());
    if (hit) return hit;
  }
  if (entity.type === 'ORG') return organisationKind(entity.name);
  return undefined;
}

// Organisations the knowledge base does not know, coded as event data codes them from their name: bodies of states
// ("European Community", "Organization of African Unity") are IGO; associations, forums and watchdogs are NGO.
const IGO_NAME = /\b(?:European Community|European Commission|Organi[sz]ation of|Union of|League of|Council of Europe|Pact|Alliance|Commonwealth|United Nations|U\.N\.|Economic Community|Cooperation Council|Monitoring Mission|Observer Mission|Peacekeeping|Interpol)\b/i;
const NGO_NAME = /\b(?:Association|Forum|Committee|Watch|Foundation|Society|Institute|Federation|Red Cross|Red Crescent|Amnesty|Without Borders|Sans Frontières|Coalition|Network|Movement|Centre for|Center for|Council for)\b/i;

function organisationKind(name: string): string | undefined {
  if (IGO_NAME.test(name)) return 'IGO';
  if (NGO_NAME.test(name)) return 'NGO';
  return undefined;
}
