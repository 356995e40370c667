import type { Document } from './document.js';
import type { LayerName, LayerTypes } from './layers.js';

/**
 * A named, pure unit of analysis: it reads the layers it declares and returns the one layer it writes.
 * Knowledge (lexicons, gazetteers, weights) is loaded once at module level and shared read-only.
 */
export interface Analyser<K extends LayerName = LayerName> {
  readonly name: string;
  /** Bumped whenever output can change, so stores can tell which analysis produced a layer. */
  readonly version: string;
  readonly reads: readonly LayerName[];
  readonly writes: K;
  run(doc: Document): LayerTypes[K];
}

/** Helps TypeScript infer K from `writes`. */
export function defineAnalyser<K extends LayerName>(a: Analyser<K>): Analyser<K> {
  return a;
}
