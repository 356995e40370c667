import type { Document } from '../core/document.js';
import { countryCodeOf } from '../analysers/events/countries.js';

/** One flat row per event: ids resolved to names, countries and coordinates, so pandas or a spreadsheet reads it as is. */
export function eventRows(doc: Document): Record<string, string | number | boolean | null>[] {
  const byId = new Map(doc.get('entities').map((e) => [e.id, e]));
  const docName = doc.meta.canonicalUrl ?? doc.meta.url ?? doc.meta.origin?.name ?? '';
  return doc.get('events').map((ev, i) => {
    const actor = ev.actor ? byId.get(ev.actor) : undefined;
    const target = ev.target ? byId.get(ev.target) : undefined;
    const place = ev.place ? byId.get(ev.place) : undefined;
    const reporter = ev.reportedBy ? byId.get(ev.reportedBy) : undefined;
    return {
      document: docName,
      event: i + 1,
      type: ev.type,
      mode: ev.mode ?? null,
      cameo: ev.cameo ?? null,
      actor: actor?.name ?? null,
      actor_id: ev.actor ?? null,
      actor_country: ev.actorCountry ?? countryCodeOf(actor) ?? null,
      target: target?.name ?? null,
      target_id: ev.target ?? null,
      target_country: ev.targetCountry ?? countryCodeOf(target) ?? null,
      place: place?.name ?? null,
      place_id: ev.place ?? null,
      lat: place?.geo?.lat ?? null,
      lon: place?.geo?.lon ?? null,
      geonames_id: place?.geo?.geonameId ?? null,
      date: ev.date ?? null,
      date_source: ev.dateSource ?? null,
      negated: Boolean(ev.negated),
      failed: Boolean(ev.failed),
      from_comment: Boolean(ev.fromComment),
      reported_by: reporter?.name ?? null,
      confidence: ev.confidence,
      trigger: ev.trigger?.text ?? null,
      sentence_start: ev.start,
      sentence_end: ev.end,
      sentence: doc.text.slice(ev.start, ev.end).replace(/\s+/g, ' '),
    };
  });
}

export function toEventsJsonl(doc: Document): string {
  return eventRows(doc)
    .map((r) => JSON.stringify(r))
    .join('\n')
    .concat(doc.get('events').length ? '\n' : '');
}

/** RFC 4180 CSV with a header row; cells that a spreadsheet would run as a formula are prefixed with a quote. */
export function toCsv(rows: Record<string, string | number | boolean | null>[], columns?: string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cell = (v: string | number | boolean | null | undefined): string => {
    if (v === null || v === undefined) return '';
    let s = String(v);
    if (typeof v === 'string' && /^[=+@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

export const EVENT_COLUMNS = [
  'document', 'event', 'type', 'mode', 'cameo', 'actor', 'actor_id', 'actor_country', 'target', 'target_id', 'target_country',
  'place', 'place_id', 'lat', 'lon', 'geonames_id', 'date', 'date_source', 'negated', 'failed', 'from_comment', 'reported_by',
  'confidence', 'trigger', 'sentence_start', 'sentence_end', 'sentence',
];

export function toEventsCsv(doc: Document): string {
  return toCsv(eventRows(doc), EVENT_COLUMNS);
}
