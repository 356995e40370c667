import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Document } from '../core/document.js';
import { UnspinError } from '../core/errors.js';
import type { LayerName } from '../core/layers.js';
import { Pipeline } from '../core/pipeline.js';
import { analysers } from '../analysers/registry.js';
import { km } from '../analysers/entities/resolve.js';
import type { EvalOptions } from './index.js';

/**
 * Toponym recognition and resolution on news gold corpora (the geoparsing field's metrics, Gritta et al. 2019):
 *  - recognition: predicted place spans (entities of type PLACE or STATE) against gold toponyms, overlap match,
 *    one-to-one; precision, recall, `recognition_f1`;
 *  - resolution, on the gold toponyms that have coordinates and were recognised: `acc_161` (share within 161 km)
 *    and `median_error_km`; `acc_161_all` counts unrecognised gold toponyms as misses.
 * Reads every *.xml in the folder, in any of three formats: LGL/TR-News (`<toponym><start><end><gaztag><lat><lon>`),
 * GeoVirus (`<location><start><end><lat><lon>`) and GeoWebNews (`<toponym><start><end><latitude><longitude>`, its
 * Non_Toponym spans left out).
 */

interface GoldToponym {
  start: number;
  end: number;
  lat?: number;
  lon?: number;
}
interface GoldArticle {
  text: string;
  toponyms: GoldToponym[];
}

const ENTITY_LAYERS: readonly LayerName[] = ['tokens', 'sentences', 'mentions', 'entities'];

export async function evalPlaces(dir: string, opts: EvalOptions) {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.xml')).sort();
  if (files.length === 0) throw new UnspinError('MISSING_DATA', `${dir}: no .xml gold file (LGL, GeoVirus or GeoWebNews format)`);
  // Only the analysers the entities layer needs (and the tagger when registered), not the whole default pipeline.
  const pipeline = new Pipeline(analysers.filter((a) => ENTITY_LAYERS.includes(a.writes)));
  const totals = new Tally();
  const perFile: Record<string, Record<string, number>> = {};
  const times: number[] = [];
  let n = 0;
  for (const file of files) {
    const articles = parseGold(await fs.readFile(join(dir, file), 'utf8')).slice(0, opts.limit ?? Infinity);
    const tally = new Tally();
    for (const art of articles) {
      const doc = new Document(art.text, [{ kind: 'body', start: 0, end: art.text.length }]);
      const t0 = performance.now();
      pipeline.run(doc);
      times.push(performance.now() - t0);
      const predicted = doc
        .get('entities')
        .filter((e) => e.type === 'PLACE' || e.type === 'STATE')
        .flatMap((e) => e.mentions.map((m) => ({ start: m.start, end: m.end, geo: m.geo ?? e.geo })));
      for (const t of [tally, totals]) t.add(art.toponyms, predicted);
      n++;
    }
    perFile[file] = tally.metrics();
    opts.log?.(`${file}: ${articles.length} articles ${JSON.stringify(perFile[file])}`);
  }
  times.sort((a, b) => a - b);
  const metrics = totals.metrics();
  metrics.ms_per_article = round(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length), 1);
  return { n, metrics, files: perFile };
}

class Tally {
  gold = 0;
  predicted = 0;
  matched = 0;
  goldWithCoords = 0;
  errors: number[] = [];

  add(gold: readonly GoldToponym[], predicted: readonly { start: number; end: number; geo?: { lat: number; lon: number } }[]): void {
    this.gold += gold.length;
    this.predicted += predicted.length;
    const used = new Set<number>();
    for (const g of gold) {
      if (g.lat !== undefined) this.goldWithCoords++;
      let best = -1;
      for (let i = 0; i < predicted.length; i++) {
        const p = predicted[i]!;
        if (used.has(i) || p.start >= g.end || g.start >= p.end) continue;
        best = i;
        break;
      }
      if (best < 0) continue;
      used.add(best);
      this.matched++;
      const geo = predicted[best]!.geo;
      if (g.lat !== undefined && g.lon !== undefined) this.errors.push(geo ? km(g.lat, g.lon, geo.lat, geo.lon) : 20_000);
    }
  }

  metrics(): Record<string, number> {
    const precision = this.predicted ? this.matched / this.predicted : 0;
    const recall = this.gold ? this.matched / this.gold : 0;
    const within = this.errors.filter((e) => e <= 161).length;
    const sorted = [...this.errors].sort((a, b) => a - b);
    return {
      recognition_f1: round(precision + recall ? (2 * precision * recall) / (precision + recall) : 0),
      precision: round(precision),
      recall: round(recall),
      acc_161: round(this.errors.length ? within / this.errors.length : 0),
      acc_161_all: round(this.goldWithCoords ? within / this.goldWithCoords : 0),
      median_error_km: round(sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0, 1),
      gold_toponyms: this.gold,
      resolved_scored: this.errors.length,
    };
  }
}

const round = (x: number, d = 3): number => Number(x.toFixed(d));

/** Reads the three gold formats; offsets are into the entity-decoded text, as the corpora define them. */
export function parseGold(xml: string): GoldArticle[] {
  const out: GoldArticle[] = [];
  for (const m of xml.matchAll(/<article\b[^>]*>([\s\S]*?)<\/article>/g)) {
    const body = m[1]!;
    const tm = /<text>([\s\S]*?)<\/text>/.exec(body);
    if (!tm) continue;
    const raw = tm[1]!;
    const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
    const text = cdata ? cdata[1]! : decodeXml(raw);
    const toponyms: GoldToponym[] = [];
    for (const t of body.matchAll(/<(toponym|location)>([\s\S]*?)<\/\1>/g)) {
      const x = t[2]!;
      const num = (tag: string): number | undefined => {
        const v = new RegExp(`<${tag}>\\s*([-0-9.]+)\\s*</${tag}>`).exec(x);
        return v ? Number(v[1]) : undefined;
      };
      // GeoWebNews marks the words around a toponym too ("*_Expression"): those, non-toponyms and language names are
      // not places.
      const type = /<type>([^<]*)<\/type>/.exec(x)?.[1];
      if (type && /Expression$|^Non_Toponym$|^Language$/.test(type)) continue;
      let start = num('start');
      let end = num('end');
      if (start === undefined || end === undefined) continue;
      // GeoVirus offsets are sometimes one or two characters off the decoded text: re-anchor on the name given.
      const name = /<(?:phrase|name|extractedName)>([^<]*)<\//.exec(x)?.[1];
      if (name && text.slice(start, end) !== decodeXml(name)) {
        const nm = decodeXml(name);
        const near = text.indexOf(nm, Math.max(0, start - 8));
        if (near >= 0 && Math.abs(near - start) <= 8) {
          start = near;
          end = near + nm.length;
        }
      }
      const lat = num('lat') ?? num('latitude');
      const lon = num('lon') ?? num('longitude');
      toponyms.push(lat !== undefined && lon !== undefined ? { start, end, lat, lon } : { start, end });
    }
    out.push({ text, toponyms });
  }
  return out;
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    switch (e.toLowerCase()) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}
