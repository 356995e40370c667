import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterClaims, type ClaimInput } from '../../src/narratives/cluster.js';
import { FIXTURES } from './paths.js';

export interface FixtureClaim { group: string; text: string }

/** The hand-written paraphrase fixture: groups g* are paraphrases of one claim, x* are distractors on the same topics. */
export function paraphraseFixture(): FixtureClaim[] {
  return readFileSync(join(FIXTURES, 'narratives', 'paraphrases.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FixtureClaim);
}

/** Pairwise precision, recall and F1 of clustering the fixture's claims (each in its own document) at a threshold. */
export function pairScores(items: FixtureClaim[], inputs: ClaimInput[], threshold: number): { threshold: number; precision: number; recall: number; f1: number } {
  const { narratives } = clusterClaims(inputs, { threshold });
  const cluster = new Map<string, string>();
  for (const n of narratives) for (const c of n.claims ?? []) cluster.set(c.docId, n.id);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const gold = items[i]!.group === items[j]!.group;
      const a = cluster.get(String(i));
      const pred = a !== undefined && a === cluster.get(String(j));
      if (gold && pred) tp++;
      else if (pred) fp++;
      else if (gold) fn++;
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  return { threshold, precision: r3(precision), recall: r3(recall), f1: r3(precision + recall ? (2 * precision * recall) / (precision + recall) : 0) };
}
