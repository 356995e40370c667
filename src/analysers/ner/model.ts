import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UnspinError } from '../../core/errors.js';
import type { CaseTable, Gazetteer } from './features.js';

/** BIO tags over CoNLL types; index order is the order of every weight vector. */
export const TAGS = ['O', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC', 'B-MISC', 'I-MISC'] as const;
export type Tag = (typeof TAGS)[number];
export const NT = TAGS.length;

/** A trained linear-chain tagger: per-feature weight vectors, tag-transition weights and the learned lexicons. */
export interface NerModel {
  weights: ReadonlyMap<string, Float32Array>;
  /** (NT + 1) x NT: row p is the previous tag, row NT is the sentence start. */
  trans: Float32Array;
  caseTable: CaseTable;
  gazetteer?: Gazetteer;
  clusters?: ReadonlyMap<string, string>;
  /** Score divisor that turns margins into calibrated probabilities (fitted on held-out training text). */
  temperature: number;
  meta: Record<string, unknown>;
}

/** The on-disk form: compact JSON with weights quantised to int16 and base64-encoded. */
export interface StoredModel {
  format: 'unspin-ner-1';
  tags: string[];
  scale: number;
  temperature: number;
  trans: number[];
  features: string;
  weights: string;
  caseTable: string;
  /** "word\tTYPE" lines; phrases are the entries with a space. */
  gazetteer?: string;
  clusters?: string;
  meta: Record<string, unknown>;
}

export function serialise(weights: ReadonlyMap<string, Float32Array>, trans: Float32Array, caseTable: CaseTable, gazetteer: Gazetteer | undefined, clusters: ReadonlyMap<string, string> | undefined, temperature: number, meta: Record<string, unknown>): StoredModel {
  let max = 0;
  for (const v of weights.values()) for (const x of v) max = Math.max(max, Math.abs(x));
  const scale = max > 0 ? 32767 / max : 1;
  const keys = [...weights.keys()];
  const q = new Int16Array(keys.length * NT);
  keys.forEach((k, i) => {
    const v = weights.get(k)!;
    for (let t = 0; t < NT; t++) q[i * NT + t] = Math.round(v[t]! * scale);
  });
  return {
    format: 'unspin-ner-1',
    tags: [...TAGS],
    scale,
    temperature,
    trans: [...trans].map((x) => Math.round(x * 1000) / 1000),
    features: keys.join('\n'),
    weights: Buffer.from(q.buffer).toString('base64'),
    caseTable: [...caseTable].map(([w, b]) => `${w}\t${b}`).join('\n'),
    gazetteer: gazetteer ? [...gazetteer.words, ...gazetteer.phrases].map(([w, t]) => `${w}\t${t}`).join('\n') : undefined,
    clusters: clusters ? [...clusters].map(([w, c]) => `${w}\t${c}`).join('\n') : undefined,
    meta,
  };
}

export function deserialise(s: StoredModel): NerModel {
  if (s.format !== 'unspin-ner-1' || s.tags.join() !== TAGS.join()) throw new UnspinError('MISSING_DATA', 'models/ner/model.json: unknown format or tag set');
  const buf = Buffer.from(s.weights, 'base64');
  const q = new Int16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
  const keys = s.features.split('\n');
  const weights = new Map<string, Float32Array>();
  const all = new Float32Array(q.length);
  for (let i = 0; i < q.length; i++) all[i] = q[i]! / s.scale;
  keys.forEach((k, i) => weights.set(k, all.subarray(i * NT, (i + 1) * NT)));
  const caseTable = new Map<string, number>();
  for (const line of s.caseTable.split('\n')) {
    const tab = line.lastIndexOf('\t');
    if (tab > 0) caseTable.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  let gazetteer: Gazetteer | undefined;
  if (s.gazetteer) {
    const words = new Map<string, string>();
    const phrases = new Map<string, string>();
    let maxLen = 1;
    for (const line of s.gazetteer.split('\n')) {
      const tab = line.lastIndexOf('\t');
      if (tab <= 0) continue;
      const key = line.slice(0, tab);
      const len = key.split(' ').length;
      (len > 1 ? phrases : words).set(key, line.slice(tab + 1));
      maxLen = Math.max(maxLen, len);
    }
    gazetteer = { words, phrases, maxLen, firsts: new Set([...phrases.keys()].map((k) => k.slice(0, k.indexOf(' ')))) };
  }
  let clusters: Map<string, string> | undefined;
  if (s.clusters) {
    clusters = new Map();
    for (const line of s.clusters.split('\n')) {
      const tab = line.lastIndexOf('\t');
      if (tab > 0) clusters.set(line.slice(0, tab), line.slice(tab + 1));
    }
  }
  return { weights, trans: Float32Array.from(s.trans), caseTable, gazetteer, clusters, temperature: s.temperature, meta: s.meta };
}

export const MODEL_PATH = fileURLToPath(new URL('../../../../models/ner/model.json', import.meta.url));

let cached: NerModel | undefined;

/** The shipped model, read once on first use (~a few MB, ~100 ms) and shared read-only. */
export function loadModel(path = MODEL_PATH): NerModel {
  if (path === MODEL_PATH && cached) return cached;
  let stored: StoredModel;
  try {
    stored = JSON.parse(readFileSync(path, 'utf8')) as StoredModel;
  } catch (e) {
    throw new UnspinError('MISSING_DATA', `${path}: NER model not readable (rebuild it with npm run train:ner): ${(e as Error).message}`);
  }
  const model = deserialise(stored);
  if (path === MODEL_PATH) cached = model;
  return model;
}
