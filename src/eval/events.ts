import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { analyzeString } from '../analyze.js';
import { UnspinError } from '../core/errors.js';
import type { Entity } from '../core/layers.js';
import { countryCodeOf } from '../analysers/events/countries.js';
import type { EvalOptions } from './index.js';
import { f1 } from './shingles.js';

/** Older PLOVER/CAMEO type names in gold files, mapped as the PLOVER manual's CAMEO-to-PLOVER table does. */
const OLD_TYPES: Record<string, string> = { DEMAND: 'REQUEST', DISAPPROVE: 'ACCUSE', INVESTIGATE: 'ACCUSE', FIGHT: 'ASSAULT', YIELD: 'CONCEDE' };

interface GoldActor {
  actorText?: string;
  code?: string;
}

interface GoldRecord {
  id: string;
  event: string;
  text: string;
  date?: string;
  source?: GoldActor[] | GoldActor;
  target?: GoldActor[] | GoldActor;
  mode?: string;
  eventLoc?: { name?: string; lat?: number; lon?: number };
  eventDate?: string;
}

/**
 * Scores event coding on PLOVER gold-standard records (`*.json` files holding a JSON array of records as in
 * plover-gsr.json): `type_accuracy` (the event type of each record against the first event coded from its text;
 * older type names mapped), `tuple_f1` over (source country, type, target country) tuples of each record, and, where
 * the gold gives them, mode, place and date accuracy.
 */
export async function evalEvents(dir: string, opts: EvalOptions) {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const records: GoldRecord[] = [];
  for (const f of files) {
    const data = JSON.parse(await fs.readFile(join(dir, f), 'utf8'));
    if (!Array.isArray(data)) continue;
    for (const r of data) if (r && typeof r.text === 'string' && typeof r.event === 'string' && r.event !== 'DOCUMENT') records.push(r);
  }
  if (records.length === 0) throw new UnspinError('MISSING_DATA', `${dir}: no PLOVER records (*.json arrays with text and event) found`);
  const scored = records.slice(0, opts.limit ?? Infinity);
  let correct = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const extra = { mode: [0, 0], place: [0, 0], date: [0, 0] };
  const confusion: Record<string, Record<string, number>> = {};
  for (const r of scored) {
    const gold = OLD_TYPES[r.event] ?? r.event;
    const doc = analyzeString(r.text, r.date ? { name: r.id, published: r.date } : { name: r.id });
    const events = doc.get('events');
    const head = events[0];
    const predicted = head?.type ?? 'NONE';
    if (predicted === gold) correct++;
    (confusion[gold] ??= {})[predicted] = (confusion[gold]![predicted] ?? 0) + 1;
    const byId = new Map(doc.get('entities').map((e) => [e.id, e]));
    const goldTuples = tuples(asList(r.source).map((a) => a.code ?? ''), gold, asList(r.target).map((a) => a.code ?? ''));
    const code = (id?: string) => (id ? countryCodeOf(byId.get(id) as Entity) : undefined);
    const actors = head ? [head.actorCountry ?? code(head.actor) ?? '', ...(head.coActors ?? []).map((id) => code(id) ?? '')] : [];
    const targets = head ? [head.targetCountry ?? code(head.target) ?? '', ...(head.coTargets ?? []).map((id) => code(id) ?? '')] : [];
    const predTuples = head ? tuples([...new Set(actors)], head.type, [...new Set(targets)]) : new Set<string>();
    for (const t of predTuples) if (goldTuples.has(t)) tp++;
    else fp++;
    for (const t of goldTuples) if (!predTuples.has(t)) fn++;
    if (r.mode) {
      extra.mode[1]!++;
      if (head?.mode === r.mode) extra.mode[0]!++;
    }
    if (r.eventLoc?.name && (r.eventLoc.lat !== undefined || r.eventDate)) {
      extra.place[1]!++;
      const place = head?.place ? byId.get(head.place) : undefined;
      if (place && (place.name === r.eventLoc.name || place.mentions.some((m) => m.text === r.eventLoc!.name))) extra.place[0]!++;
    }
    if (r.eventDate) {
      extra.date[1]!++;
      if (head?.date === r.eventDate) extra.date[0]!++;
    }
    if (predicted !== gold) opts.log?.(`${r.id}: gold ${gold}, coded ${predicted}: ${r.text.slice(0, 100)}`);
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const metrics: Record<string, number> = {
    type_accuracy: round(correct / scored.length),
    tuple_f1: round(f1(precision, recall)),
    tuple_precision: round(precision),
    tuple_recall: round(recall),
  };
  if (extra.mode[1]) metrics.mode_accuracy = round(extra.mode[0]! / extra.mode[1]!);
  if (extra.place[1]) metrics.place_accuracy = round(extra.place[0]! / extra.place[1]!);
  if (extra.date[1]) metrics.date_accuracy = round(extra.date[0]! / extra.date[1]!);
  return { n: scored.length, metrics, confusion };
}

/** (source, type, target) tuples; an unknown or absent code is "---", as in event data sets. */
function tuples(sources: string[], type: string, targets: string[]): Set<string> {
  const s = sources.length ? sources : [''];
  const t = targets.length ? targets : [''];
  const out = new Set<string>();
  for (const a of s) for (const b of t) out.add(`${a || '---'}|${type}|${b || '---'}`);
  return out;
}

function asList<T>(x: T[] | T | undefined): T[] {
  return Array.isArray(x) ? x : x ? [x] : [];
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
