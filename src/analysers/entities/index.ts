import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { Entity } from '../../core/layers.js';
import { knowledgeBase, type KbRecord } from '../../knowledge/kb.js';
import { findCandidates, withTaggedPlaces } from './candidates.js';
import { buildEntities, nerNames, titledPersons } from './link.js';
import { resolveCandidates } from './resolve.js';
import { wordsOf } from './words.js';

/**
 * Who and where: links names in the text to the knowledge base (countries with their demonyms and capitals, a
 * curated list of world actors, GeoNames places), groups mentions into entities and geocodes places. Works from
 * the KB alone; the statistical tagger's `mentions`, when present, type unknown names and veto or confirm places.
 */
export function extractEntities(doc: Document): Entity[] {
  const kb = knowledgeBase();
  const words = wordsOf(doc);
  const ner = doc.get('mentions');
  const cands = withTaggedPlaces(findCandidates(words, kb), words, kb, ner);
  const resolved = resolveCandidates(doc.text, cands, words, kb, ner);
  const mask = new Uint8Array(doc.text.length + 1);
  for (const r of resolved) mask.fill(1, r.cand.start, r.cand.end);
  const taken = (s: number, e: number): boolean => {
    for (let k = s; k < e; k++) if (mask[k] === 1) return true;
    return false;
  };
  const loose = titledPersons(doc.text, words, taken);
  for (const l of loose) mask.fill(1, l.start, l.end);
  const takenAll = taken;
  loose.push(...nerNames(ner, takenAll));
  return placeAtFocus(buildEntities(doc.text, words, kb, resolved, loose, geoOf));
}

/**
 * A place the gazetteer lacks (a street, a park, a river, a hamlet) is most likely near the place the story is
 * about: it gets the coordinates of the most-mentioned town, with low confidence and a reason that says so.
 */
function placeAtFocus(entities: Entity[]): Entity[] {
  let focus: Entity | undefined;
  for (const e of entities) {
    if (e.type !== 'PLACE' || !e.geo || !/^(gn:|a2:|region:)/.test(e.id)) continue;
    if (e.id.startsWith('region:') && !e.geo.country) continue;
    if (!focus || e.mentions.length > focus.mentions.length) focus = e;
  }
  if (!focus) return entities;
  for (const e of entities) {
    if (e.type !== 'PLACE' || e.geo) continue;
    e.geo = { lat: focus.geo!.lat, lon: focus.geo!.lon, ...(focus.geo!.country ? { country: focus.geo!.country } : {}) };
    e.confidence = Math.min(e.confidence ?? 0.4, 0.4);
    e.source = `${e.source ?? 'ner'}+focus`;
    e.reason = `${e.reason ?? ''}; not in the gazetteer, so placed at the story's main place, ${focus.name} (a guess)`;
  }
  return entities;
}

function geoOf(r: KbRecord): Entity['geo'] {
  if (r.lat === undefined || r.lon === undefined || r.kind === 'actor') return undefined;
  const geo: NonNullable<Entity['geo']> = { lat: r.lat, lon: r.lon };
  if (r.geonameId) geo.geonameId = r.geonameId;
  if (r.country) geo.country = r.country;
  return geo;
}

export const entitiesAnalyser = defineAnalyser({
  name: 'entities',
  version: '0.2.0',
  reads: ['tokens', 'sentences', 'mentions'],
  writes: 'entities',
  run: extractEntities,
});
