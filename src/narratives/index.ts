import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UnspinError } from '../core/errors.js';
import type { CatalogCase } from './catalog.js';
import { cosine, tfidf, terms, type SparseVector } from './similarity.js';

interface StoredCatalog {
  format: 'unspin-catalog';
  version: 1;
  builtAt: string;
  sources: string[];
  cases: CatalogCase[];
  /** Terms of each case (words of title and summary, plus entity ids when the entity analyser ran at import). */
  caseTerms: string[][];
}

export interface CaseScore {
  index: number;
  score: number;
}

/**
 * A catalogue of known cases ready for matching: tf-idf vectors of each case's title and summary, and an inverted
 * index from term to cases, so a sentence is compared only with cases that share a term with it.
 */
export class CatalogIndex {
  readonly cases: CatalogCase[];
  readonly sources: string[];
  private readonly caseTerms: string[][];
  private readonly df = new Map<string, number>();
  private readonly vectors: SparseVector[];
  private readonly postings = new Map<string, number[]>();

  constructor(cases: CatalogCase[], caseTerms: string[][], sources: string[] = []) {
    this.cases = cases;
    this.caseTerms = caseTerms;
    this.sources = sources;
    for (const ts of caseTerms) for (const t of new Set(ts)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.vectors = caseTerms.map((ts) => tfidf(ts, (t) => this.idf(t)));
    this.vectors.forEach((v, i) => {
      for (const t of v.keys()) {
        const list = this.postings.get(t);
        if (list) list.push(i);
        else this.postings.set(t, [i]);
      }
    });
  }

  get size(): number {
    return this.cases.length;
  }

  /** Smoothed idf; a term no case uses weighs like the rarest, so it dilutes a vector without ever matching. */
  idf(t: string): number {
    return Math.log((this.cases.length + 1) / ((this.df.get(t) ?? 0) + 1)) + 1;
  }

  vector(ts: string[]): SparseVector {
    return tfidf(ts, (t) => this.idf(t));
  }

  /** Cases sharing at least one term with `v`, scored by cosine, best first. */
  nearest(v: SparseVector, limit = 10, minScore = 0): CaseScore[] {
    const seen = new Set<number>();
    for (const t of v.keys()) for (const i of this.postings.get(t) ?? []) seen.add(i);
    const scored: CaseScore[] = [];
    for (const i of seen) {
      const score = cosine(v, this.vectors[i]!);
      if (score >= minScore) scored.push({ index: i, score });
    }
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  similarity(v: SparseVector, caseIndex: number): number {
    return cosine(v, this.vectors[caseIndex]!);
  }

  toJSON(): StoredCatalog {
    return { format: 'unspin-catalog', version: 1, builtAt: new Date().toISOString(), sources: this.sources, cases: this.cases, caseTerms: this.caseTerms };
  }
}

export function caseText(c: CatalogCase): string {
  return [c.title, c.summary ?? ''].join('. ');
}

/** Builds an index; `entityTerms` adds entity ids found in each case's text (same order as `cases`). */
export function buildIndex(cases: CatalogCase[], entityTerms?: string[][], sources: string[] = []): CatalogIndex {
  const caseTerms = cases.map((c, i) => [...terms(caseText(c)), ...terms(c.title), ...(entityTerms?.[i] ?? [])]);
  return new CatalogIndex(cases, caseTerms, sources);
}

export function saveIndex(index: CatalogIndex, path: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, JSON.stringify(index.toJSON()));
}

export function loadIndex(path: string): CatalogIndex {
  let data: StoredCatalog;
  try {
    data = JSON.parse(readFileSync(path, 'utf8')) as StoredCatalog;
  } catch (e) {
    throw new UnspinError('UNREADABLE', `${path}: cannot read the catalogue index (${(e as Error).message.split('\n')[0]}); re-run "unspin catalog import"`);
  }
  if (data.format !== 'unspin-catalog' || !Array.isArray(data.cases) || !Array.isArray(data.caseTerms)) {
    throw new UnspinError('UNREADABLE', `${path}: not an unspin catalogue index; re-run "unspin catalog import"`);
  }
  return new CatalogIndex(data.cases, data.caseTerms, data.sources ?? []);
}

/** Where the catalogue index lives: $UNSPIN_CATALOG, else .unspin/catalog.json in the working folder. */
export function catalogPath(): string {
  return process.env.UNSPIN_CATALOG ?? resolve('.unspin', 'catalog.json');
}

let loaded: { path: string; index: CatalogIndex | null } | undefined;

/** The catalogue the narratives analyser matches against, loaded once; null when none has been imported. */
export function activeCatalog(): CatalogIndex | null {
  const path = catalogPath();
  if (loaded?.path === path) return loaded.index;
  loaded = { path, index: existsSync(path) ? loadIndex(path) : null };
  return loaded.index;
}

/** For tests and long-running shells that import a new catalogue. */
export function setActiveCatalog(index: CatalogIndex | null): void {
  loaded = { path: catalogPath(), index };
}
