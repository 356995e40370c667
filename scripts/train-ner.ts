/**
 * Trains the NER tagger (models/ner/model.json) from the Groningen Meaning Bank corpus in ../shared/data/gmb-ner:
 * a structured averaged perceptron over BIO tags with Viterbi decoding (Collins 2002), features from
 * src/analysers/ner/features.ts. One core, a few minutes. Every 20th sentence is held out to pick the number of
 * epochs and to fit the confidence temperature; the shipped model is trained on the rest.
 *
 *   npm run train:ner [-- --epochs 5 --gpe split|loc|misc --no-strip-titles --caps 0.08 --sports 0.03 --ctx-drop 0.2 --limit N --out path]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { marginals, viterbi } from '../src/analysers/ner/decode.js';
import { normWord, sentenceFeatures, type CaseTable, type Gazetteer } from '../src/analysers/ner/features.js';
import { harmoniseAcronyms, iob2Spans, mapSentence, parseGmbCsv, type GmbSentence, type GpeMode } from '../src/analysers/ner/gmb.js';
import { NT, TAGS, serialise } from '../src/analysers/ner/model.js';
import { scoreSpans, spansOf } from '../src/eval/ner.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA = join(ROOT, '..', 'shared', 'data', 'gmb-ner', 'ner_dataset.csv.zip');

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf('--' + name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
}
const EPOCHS = Number(arg('epochs', '5'));
const GPE = arg('gpe', 'split') as GpeMode;
const STRIP = !process.argv.includes('--no-strip-titles');
const CAPS = Number(arg('caps', '0.08'));
const LIMIT = Number(arg('limit', '0')) || Infinity;
const MIN_COUNT = Number(arg('min-count', '2'));
const PRUNE = Number(arg('prune', '0.05'));
const CTX_DROP = Number(arg('ctx-drop', '0.2'));
const SPORTS = Number(arg('sports', '0.03'));
const OUT = arg('out', join(ROOT, 'models', 'ner', 'model.json'));

/** Deterministic PRNG (mulberry32) so a retrain reproduces the shipped weights. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function log(msg: string): void {
  process.stderr.write(`[train:ner ${(performance.now() / 1000).toFixed(1)}s] ${msg}\n`);
}

/** How often each lower-cased word is written in lower case, away from sentence starts: bucket 0..3. */
function buildCaseTable(sents: readonly GmbSentence[]): Map<string, number> {
  const lowerCount = new Map<string, number>();
  const total = new Map<string, number>();
  for (const s of sents) {
    for (let i = 1; i < s.words.length; i++) {
      const w = s.words[i]!;
      const lw = w.toLowerCase();
      if (lw === w.toUpperCase()) continue;
      total.set(lw, (total.get(lw) ?? 0) + 1);
      if (w === lw) lowerCount.set(lw, (lowerCount.get(lw) ?? 0) + 1);
    }
  }
  const table = new Map<string, number>();
  for (const [w, n] of total) {
    if (n < 2) continue;
    const r = (lowerCount.get(w) ?? 0) / n;
    table.set(w, r < 0.1 ? 0 : r < 0.5 ? 1 : r < 0.9 ? 2 : 3);
  }
  return table;
}

interface Example {
  words: string[];
  gold: Int8Array;
  fold: number;
}

const FOLDS = 4;
const USE_GAZ = !process.argv.includes('--no-gazetteer');

/** Entity-type counts per word and per multi-word name, for one fold of the training sentences. */
interface GazCounts {
  word: Map<string, Map<string, number>>;
  total: Map<string, number>;
  phrase: Map<string, Map<string, number>>;
}

/** The gold entity spans of an example, [start, end, type] over its words. */
function goldSpans(e: Example): [number, number, string][] {
  return iob2Spans(Array.from(e.gold, (g) => TAGS[g]!));
}

function countGaz(examples: readonly Example[]): GazCounts {
  const g: GazCounts = { word: new Map(), total: new Map(), phrase: new Map() };
  const bump = (m: Map<string, Map<string, number>>, k: string, t: string) => {
    let e = m.get(k);
    if (!e) m.set(k, (e = new Map()));
    e.set(t, (e.get(t) ?? 0) + 1);
  };
  for (const e of examples) {
    const lower = e.words.map(normWord);
    lower.forEach((w) => g.total.set(w, (g.total.get(w) ?? 0) + 1));
    for (const [i, j, type] of goldSpans(e)) {
      for (let k = i; k < j; k++) bump(g.word, lower[k]!, type);
      if (j - i > 1 && j - i <= 6) bump(g.phrase, lower.slice(i, j).join(' '), type);
    }
  }
  return g;
}

/** The gazetteer from the counts of several folds: a word or name enters with its usual type. */
function gazetteerOf(parts: readonly GazCounts[]): Gazetteer {
  const words = new Map<string, string>();
  const phrases = new Map<string, string>();
  const merge = (pick: (g: GazCounts) => Map<string, Map<string, number>>) => {
    const m = new Map<string, Map<string, number>>();
    for (const p of parts) {
      for (const [k, e] of pick(p)) {
        let d = m.get(k);
        if (!d) m.set(k, (d = new Map()));
        for (const [t, c] of e) d.set(t, (d.get(t) ?? 0) + c);
      }
    }
    return m;
  };
  const dominant = (e: Map<string, number>) => [...e].sort((a, b) => b[1] - a[1])[0]!;
  for (const [w, e] of merge((g) => g.word)) {
    const [t, c] = dominant(e);
    const total = parts.reduce((s, p) => s + (p.total.get(w) ?? 0), 0);
    if (c >= 2 && c / total >= 0.5) words.set(w, t);
  }
  let maxLen = 1;
  for (const [ph, e] of merge((g) => g.phrase)) {
    const [t, c] = dominant(e);
    const all = [...e.values()].reduce((a, b) => a + b, 0);
    if (c >= 2 && c / all >= 0.6) {
      phrases.set(ph, t);
      maxLen = Math.max(maxLen, ph.split(' ').length);
    }
  }
  return { words, phrases, maxLen, firsts: new Set([...phrases.keys()].map((k) => k.slice(0, k.indexOf(' ')))) };
}

/**
 * Synthetic wire-news lines built from names in the training text. VOA news has almost no sports pages and no
 * datelines, while wire news is full of both, with conventions the learner cannot see otherwise: a club named
 * after a place is an organisation ("Leicester 2 Chelsea 1"), an athlete's country in brackets is a place, and
 * an upper-case place opens a dispatch ("NAIROBI 1996-08-22"). The lines use GMB's own person and place names;
 * numbers are random.
 */
function sportsLines(train: readonly Example[], count: number, rand: () => number, tagIndex: Map<string, number>): Example[] {
  const per: string[][] = [];
  const loc: string[][] = [];
  const org: string[][] = [];
  for (const e of train) {
    for (const [i, j, type] of goldSpans(e)) {
      const name = e.words.slice(i, j);
      if (type === 'PER' && j - i >= 2) per.push(name);
      else if (type === 'LOC' && j - i <= 2) loc.push(name);
      else if (type === 'ORG' && j - i <= 3 && !/^[A-Z.]+$/.test(name[0]!)) org.push(name);
    }
  }
  if (!per.length || !loc.length) return [];
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  const num = (max: number) => String(Math.floor(rand() * max));
  // Wire convention: a national side is named by its country and stays a place (LOC); a club named after a town is
  // an organisation. Which names are countries comes from our knowledge base, not from the labels.
  const team = (): [string[], string] => {
    const name = rand() < 0.75 ? pick(loc) : pick(org);
    return [name, COUNTRY_NAMES.has(name.join(' ').toLowerCase()) ? 'LOC' : 'ORG'];
  };
  type Part = [string[], string];
  const templates: (() => Part[])[] = [
    () => [team(), [[num(5)], 'O'], team(), [[num(5)], 'O']],
    () => [team(), [[pick(['beat', 'drew with', 'lost to', 'v', 'vs']).split(' ')].flat(), 'O'], team(), [[`${num(6)}-${num(6)}`], 'O']],
    () => [[pick(per), 'PER'], [['('], 'O'], [pick(loc), 'LOC'], [[')'], 'O'], [['beat'], 'O'], [pick(per), 'PER'], [['('], 'O'], [pick(loc), 'LOC'], [[')', `${num(7)}-${num(7)}`, `${num(7)}-${num(7)}`], 'O']],
    () => [[[`${num(9)}.`], 'O'], [pick(per), 'PER'], [['('], 'O'], [pick(loc), 'LOC'], [[')', `${num(5)}:${num(60)}.${num(99)}`], 'O']],
    () => [team(), [[num(30), num(20), num(10), num(20), num(60), num(60), num(60)], 'O']],
    () => [[pick(per), 'PER'], [['('], 'O'], team(), [[')', num(40)], 'O']],
    () => [[pick(loc).map((w) => w.toUpperCase()), 'LOC'], [[pick([`199${num(10)}-0${1 + Number(num(9))}-${10 + Number(num(19))}`, `${1 + Number(num(28))}/${1 + Number(num(12))}`])], 'O']],
    // "MILWAUKEE , Wisconsin 1996-08-29": a dateline with its region or country.
    () => [[pick(loc).map((w) => w.toUpperCase()), 'LOC'], [[','], 'O'], [pick(loc), 'LOC'], [[`199${num(10)}-0${1 + Number(num(9))}-${10 + Number(num(19))}`], 'O']],
  ];
  const out: Example[] = [];
  for (let k = 0; k < count; k++) {
    const words: string[] = [];
    const tags: number[] = [];
    for (const [ws, type] of pick(templates)()) {
      ws.forEach((w, i) => {
        words.push(w);
        tags.push(tagIndex.get(type === 'O' ? 'O' : (i === 0 ? 'B-' : 'I-') + type)!);
      });
    }
    out.push({ words, gold: Int8Array.from(tags), fold: k % FOLDS });
  }
  return out;
}

/** Lower-cased names of countries (their names and aliases) from the shipped knowledge base. */
const COUNTRY_NAMES: ReadonlySet<string> = (() => {
  const list = JSON.parse(readFileSync(join(ROOT, 'data', 'kb', 'countries.json'), 'utf8')) as { name: string; names?: string[] }[];
  return new Set(list.flatMap((c) => [c.name, ...(c.names ?? [])]).map((n) => n.toLowerCase()));
})();

function main(): void {
  const t0 = performance.now();
  const raw = execFileSync('unzip', ['-p', DATA], { maxBuffer: 64 * 1024 * 1024 });
  const text = new TextDecoder('windows-1252').decode(raw);
  let sents = parseGmbCsv(text);
  if (LIMIT < sents.length) sents = sents.slice(0, LIMIT);
  log(`${sents.length} sentences read; ${harmoniseAcronyms(sents)} acronym tags harmonised`);

  const caseTable: CaseTable = buildCaseTable(sents);
  const tagIndex = new Map<string, number>(TAGS.map((t, i) => [t, i]));
  const toExample = (s: GmbSentence): Example => ({
    words: s.words,
    gold: Int8Array.from(mapSentence(s, { gpe: GPE, stripTitles: STRIP }).map((t) => tagIndex.get(t)!)),
    fold: 0,
  });
  const train: Example[] = [];
  const held: Example[] = [];
  sents.forEach((s, i) => (i % 20 === 19 ? held : train).push(toExample(s)));
  train.forEach((e, i) => (e.fold = i % FOLDS));
  // Jackknifed gazetteers: a training sentence sees only names learned from the other folds, so the learner
  // meets unknown names as often as it will in new text and does not over-trust the list.
  const counts0 = Array.from({ length: FOLDS }, (_, k) => countGaz(train.filter((e) => e.fold === k)));
  const gazAll = USE_GAZ ? gazetteerOf(counts0) : undefined;
  const gazFold = Array.from({ length: FOLDS }, (_, k) => (USE_GAZ ? gazetteerOf(counts0.filter((_, j) => j !== k)) : undefined));
  if (gazAll) log(`gazetteer: ${gazAll.words.size} words, ${gazAll.phrases.size} names`);
  const rand = rng(42);
  const nSports = Math.round(SPORTS * train.length);
  train.push(...sportsLines(train, nSports, rand, tagIndex));
  if (nSports) log(`${nSports} synthetic sports-result lines`);
  // Headlines and table lines elsewhere are all-caps: show the learner some (copies of random sentences).
  const nOrig = train.length;
  for (let i = 0; i < nOrig; i++) {
    if (rand() < CAPS) train.push({ words: train[i]!.words.map((w) => w.toUpperCase()), gold: train[i]!.gold, fold: train[i]!.fold });
  }
  log(`${train.length} training sentences (${train.length - nOrig} upper-cased copies), ${held.length} held out`);

  // Features → ids; features seen fewer than MIN_COUNT times are dropped (they cannot generalise).
  // Two passes (count, then encode) so the ~30M feature strings never sit in memory at once.
  const counts = new Map<string, number>();
  for (const e of train) for (const tok of sentenceFeatures(e.words, caseTable, gazFold[e.fold])) for (const f of [...tok.word, ...tok.context]) counts.set(f, (counts.get(f) ?? 0) + 1);
  const ids = new Map<string, number>();
  for (const [f, c] of counts) if (c >= MIN_COUNT) ids.set(f, ids.size);
  counts.clear();
  const nF = ids.size;
  log(`${nF} features kept`);
  // Per token: ids of its word features, then a -1 marker, then ids of its context features (dropout drops the latter).
  const encode = (words: string[], gaz: Gazetteer | undefined) =>
    sentenceFeatures(words, caseTable, gaz).map((tok) => Int32Array.from([...tok.word.map((f) => ids.get(f) ?? -2).filter((x) => x >= 0), -1, ...tok.context.map((f) => ids.get(f) ?? -2).filter((x) => x >= 0)]));
  const encoded = train.map((e) => encode(e.words, gazFold[e.fold]));
  log('features encoded');

  const W = new Float32Array(nF * NT);
  const U = new Float64Array(nF * NT); // Σ c·Δ, for averaging
  const TR = new Float32Array((NT + 1) * NT);
  const TU = new Float64Array((NT + 1) * NT);
  let c = 1;
  const order = train.map((_, i) => i);
  const emitOf = (enc: Int32Array[], w: Float32Array) => {
    const e = new Float32Array(enc.length * NT);
    for (let i = 0; i < enc.length; i++) for (const f of enc[i]!) if (f >= 0) for (let t = 0; t < NT; t++) e[i * NT + t] += w[f * NT + t]!;
    return e;
  };
  const averaged = () => {
    const w = new Float32Array(nF * NT);
    for (let i = 0; i < w.length; i++) w[i] = W[i]! - U[i]! / c;
    const tr = new Float32Array(TR.length);
    for (let i = 0; i < tr.length; i++) tr[i] = TR[i]! - TU[i]! / c;
    return { w, tr };
  };
  const heldEnc = held.map((e) => encode(e.words, gazAll));
  const heldF1 = (w: Float32Array, tr: Float32Array) => {
    const gold: string[][] = [];
    const pred: string[][] = [];
    held.forEach((e, k) => {
      const path = viterbi(emitOf(heldEnc[k]!, w), e.words.length, tr);
      gold.push([...e.gold].map((t) => TAGS[t]!));
      pred.push([...path].map((t) => TAGS[t]!));
    });
    return scoreSpans(gold.map((g) => spansOf(g)), pred.map((p) => spansOf(p)));
  };

  let best = { f1: -1, epoch: 0, w: new Float32Array(0), tr: new Float32Array(0) };
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let errors = 0;
    let tokens = 0;
    for (const k of order) {
      const ex = train[k]!;
      // Context dropout: some tokens lose their context features, so the learner must also tag from the word
      // itself and not lean only on GMB's context habits (e.g. parentheses that mostly hold acronyms of bodies).
      const enc = CTX_DROP > 0 ? encoded[k]!.map((a) => (rand() < CTX_DROP ? a.subarray(0, a.indexOf(-1)) : a)) : encoded[k]!;
      const n = enc.length;
      const path = viterbi(emitOf(enc, W), n, TR);
      tokens += n;
      for (let i = 0; i < n; i++) {
        const g = ex.gold[i]!;
        const p = path[i]!;
        const gp = i === 0 ? NT : ex.gold[i - 1]!;
        const pp = i === 0 ? NT : path[i - 1]!;
        if (g !== p) {
          errors++;
          for (const f of enc[i]!) {
            if (f < 0) continue;
            W[f * NT + g] += 1;
            U[f * NT + g] += c;
            W[f * NT + p] -= 1;
            U[f * NT + p] -= c;
          }
        }
        if (g !== p || gp !== pp) {
          TR[gp * NT + g] += 1;
          TU[gp * NT + g] += c;
          TR[pp * NT + p] -= 1;
          TU[pp * NT + p] -= c;
        }
      }
      c++;
    }
    const { w, tr } = averaged();
    const s = heldF1(w, tr);
    log(`epoch ${epoch}: train token errors ${((errors / tokens) * 100).toFixed(2)}%, held-out F1 ${s.f1.toFixed(4)} (PER ${s.per.toFixed(3)} ORG ${s.org.toFixed(3)} LOC ${s.loc.toFixed(3)} MISC ${s.misc.toFixed(3)})`);
    if (s.f1 > best.f1) best = { f1: s.f1, epoch, w, tr };
  }
  log(`best epoch ${best.epoch} (held-out F1 ${best.f1.toFixed(4)})`);

  // Prune: features whose largest averaged weight is small change no decision worth their bytes.
  const weights = new Map<string, Float32Array>();
  let maxAbs = 0;
  for (const x of best.w) maxAbs = Math.max(maxAbs, Math.abs(x));
  const cut = PRUNE * (maxAbs / 100);
  for (const [f, id] of ids) {
    const v = best.w.subarray(id * NT, (id + 1) * NT);
    let m = 0;
    for (const x of v) m = Math.max(m, Math.abs(x));
    if (m > cut) weights.set(f, Float32Array.from(v));
  }
  log(`${weights.size} of ${nF} features kept after pruning (|w| > ${cut.toFixed(3)})`);

  // Temperature: the divisor that maximises the held-out likelihood of the gold tags under forward-backward.
  let bestT = 1;
  let bestLL = -Infinity;
  for (const T of [0.5, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48]) {
    let ll = 0;
    held.forEach((e, k) => {
      const post = marginals(emitOf(heldEnc[k]!, best.w), e.words.length, best.tr, T);
      for (let i = 0; i < e.words.length; i++) ll += Math.log(Math.max(1e-9, post[i * NT + e.gold[i]!]!));
    });
    if (ll > bestLL) {
      bestLL = ll;
      bestT = T;
    }
  }
  log(`temperature ${bestT}`);

  const meta = {
    data: 'Groningen Meaning Bank NER (ner_dataset.csv), every 20th sentence held out',
    trainedAt: new Date().toISOString().slice(0, 10),
    epochs: best.epoch,
    gpe: GPE,
    stripTitles: STRIP,
    capsAugment: CAPS,
    contextDropout: CTX_DROP,
    sportsLines: SPORTS,
    heldOutF1: Number(best.f1.toFixed(4)),
    trainSeconds: Math.round((performance.now() - t0) / 1000),
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify(serialise(weights, best.tr, caseTable, gazAll, undefined, bestT, meta)));
  log(`wrote ${OUT}`);
}

main();
