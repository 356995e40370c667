import type { Document } from '../core/document.js';
import { countryCodeOf } from '../analysers/events/countries.js';
import { claimsByPriority, findings, segments, type Finding } from './findings.js';
import { toEventsCsv, toEventsJsonl } from './events.js';
import { toJson } from './json.js';

/** A point for the map: a geocoded place, with the events that happened there. */
export interface MapPoint {
  entity: string;
  name: string;
  lat: number;
  lon: number;
  mentions: number;
  events: number;
}

/**
 * What the web UI draws for one article: the public JSON plus a `view` with each section cut into highlight
 * segments (computed here, with the same code as the HTML report, so the browser only renders text nodes), the flags
 * those segments point to, claims in triage order, events with names resolved, map points, and the events exports
 * (the same CSV and JSONL as `unspin analyze --format events-csv|events-jsonl`, so the browser has no copy of them).
 */
export function articleView(doc: Document) {
  const flags: Finding[] = findings(doc);
  const entities = new Map(doc.get('entities').map((e) => [e.id, e]));
  const name = (id?: string) => (id ? (entities.get(id)?.name ?? id) : undefined);
  const events = doc.get('events').map((ev) => ({
    ...ev,
    actorName: name(ev.actor),
    targetName: name(ev.target),
    placeName: name(ev.place),
    reportedByName: name(ev.reportedBy),
    actorCountry: ev.actorCountry ?? countryCodeOf(ev.actor ? entities.get(ev.actor) : undefined),
    targetCountry: ev.targetCountry ?? countryCodeOf(ev.target ? entities.get(ev.target) : undefined),
    geo: ev.place ? entities.get(ev.place)?.geo : undefined,
    sentence: doc.text.slice(ev.start, ev.end),
  }));
  const points: MapPoint[] = doc
    .get('entities')
    .filter((e) => e.geo && (e.type === 'PLACE' || events.some((ev) => ev.place === e.id)))
    .map((e) => ({ entity: e.id, name: e.name, lat: e.geo!.lat, lon: e.geo!.lon, mentions: e.mentions.length, events: events.filter((ev) => ev.place === e.id).length }));
  return {
    ...toJson(doc),
    view: {
      flags,
      sections: doc.sections.map((s) => ({ ...s, segments: segments(flags, s.start, s.end) })),
      claims: claimsByPriority(doc).map((c) => ({ ...c, inComment: doc.inComment(c) })),
      events,
      points,
      exports: { eventsCsv: toEventsCsv(doc), eventsJsonl: toEventsJsonl(doc) },
    },
  };
}
