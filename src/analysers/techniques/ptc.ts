import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Span } from '../../core/span.js';

export interface GoldTechnique extends Span {
  technique: string;
}

export interface PtcArticle {
  id: string;
  text: string;
  /** Technique spans (task FLC/TC); empty when the folder has no such labels. */
  techniques: GoldTechnique[];
  /** Propaganda spans (task SI); falls back to the technique spans when the folder has no SI labels. */
  spans: Span[];
}

/** Article IDs in a PTC-layout folder (`articles/article<ID>.txt`), sorted. */
export function ptcArticleIds(dir: string): string[] {
  const articles = join(dir, 'articles');
  if (!existsSync(articles)) return [];
  return readdirSync(articles)
    .map((f) => /^article(\d+)\.txt$/.exec(f)?.[1])
    .filter((x): x is string => x !== undefined)
    .sort();
}

export function readPtcArticle(dir: string, id: string): PtcArticle {
  const text = readFileSync(join(dir, 'articles', `article${id}.txt`), 'utf8');
  const techniques: GoldTechnique[] = [];
  const tcFile = join(dir, 'labels-task-flc-tc', `article${id}.task-flc-tc.labels`);
  if (existsSync(tcFile)) {
    for (const line of readFileSync(tcFile, 'utf8').split('\n')) {
      const f = line.split('\t');
      if (f.length < 4) continue;
      const start = Number(f[2]);
      const end = Number(f[3]);
      if (Number.isInteger(start) && Number.isInteger(end) && end > start) techniques.push({ technique: f[1]!, start, end });
    }
  }
  let spans: Span[] = [];
  const siFile = join(dir, 'labels-task-si', `article${id}.task-si.labels`);
  if (existsSync(siFile)) {
    for (const line of readFileSync(siFile, 'utf8').split('\n')) {
      const f = line.split('\t');
      if (f.length < 3) continue;
      const start = Number(f[1]);
      const end = Number(f[2]);
      if (Number.isInteger(start) && Number.isInteger(end) && end > start) spans.push({ start, end });
    }
  } else {
    spans = techniques.map(({ start, end }) => ({ start, end }));
  }
  return { id, text, techniques, spans };
}
