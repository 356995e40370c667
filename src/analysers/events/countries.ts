import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Entity } from '../../core/layers.js';

interface CountryRecord {
  iso3: string;
  name: string;
  names?: string[];
  demonyms?: string[];
  capital?: string;
  metonyms?: string[];
}

let byName: Map<string, string> | undefined;

/** Lower-cased country names, demonyms, capitals and metonyms → ISO 3166 alpha-3, from the shipped knowledge base. */
function countryNames(): Map<string, string> {
  if (byName) return byName;
  byName = new Map();
  const path = fileURLToPath(new URL('../../../../data/kb/countries.json', import.meta.url));
  if (!existsSync(path)) return byName;
  const records = JSON.parse(readFileSync(path, 'utf8')) as CountryRecord[];
  for (const c of records) {
    for (const n of [c.name, ...(c.names ?? []), ...(c.demonyms ?? []), ...(c.metonyms ?? [])]) {
      if (n && n.length > 2 && !byName.has(n.toLowerCase())) byName.set(n.toLowerCase(), c.iso3);
    }
  }
  return byName;
}

/**
 * The ISO 3166 alpha-3 code an actor is coded with in event data: its own when it is a state, the state it belongs
 * to when the knowledge base says so, else the first mention that names a country or its people ("Israeli army").
 */
export function countryCodeOf(entity: Entity | undefined): string | undefined {
  if (!entity) return undefined;
  const own = (entity as Entity & { country?: string }).country ?? entity.geo?.country;
  if (own && /^[A-Z]{3}$/.test(own)) return own;
  const names = countryNames();
  for (const s of [entity.name, ...entity.mentions.map((m) => m.text)]) {
    const hit = names.get(s.toLowerCase());
    if (hit) return hit;
    const first = s.split(/\s+/)[0]!.toLowerCase();
    if (names.has(first)) return names.get(first);
  }
  return undefined;
}
