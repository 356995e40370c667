import type { Analyser } from './analyser.js';
import type { Document } from './document.js';
import type { LayerName } from './layers.js';

export interface StageTiming {
  analyser: string;
  /** Wall-clock milliseconds. */
  ms: number;
  /** CPU milliseconds of the process (user + system) over the same stage: steadier than wall time on a busy machine. */
  cpuMs?: number;
}

/** CPU time of the process so far, in milliseconds. */
export function cpuNow(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

/**
 * Orders analysers so that each runs after the writers of every layer it reads (a stable topological sort:
 * registration order breaks ties), then runs them on one document at a time.
 */
export class Pipeline {
  readonly analysers: readonly Analyser[];

  constructor(analysers: readonly Analyser[]) {
    this.analysers = orderAnalysers(analysers);
  }

  run(doc: Document, timings?: StageTiming[]): Document {
    for (const a of this.analysers) {
      const t0 = timings ? performance.now() : 0;
      const c0 = timings ? cpuNow() : 0;
      doc.set(a.writes, a.run(doc) as never);
      if (timings) timings.push({ analyser: a.name, ms: performance.now() - t0, cpuMs: cpuNow() - c0 });
    }
    return doc;
  }

  versions(): Record<string, string> {
    return Object.fromEntries(this.analysers.map((a) => [a.name, a.version]));
  }
}

export function orderAnalysers(analysers: readonly Analyser[]): Analyser[] {
  const writer = new Map<LayerName, Analyser>();
  for (const a of analysers) {
    if (writer.has(a.writes)) throw new Error(`two analysers write layer "${a.writes}": ${writer.get(a.writes)!.name} and ${a.name}`);
    writer.set(a.writes, a);
  }
  const ordered: Analyser[] = [];
  const state = new Map<Analyser, 'visiting' | 'done'>();
  const visit = (a: Analyser, path: string[]): void => {
    const s = state.get(a);
    if (s === 'done') return;
    if (s === 'visiting') throw new Error(`analyser cycle: ${[...path, a.name].join(' -> ')}`);
    state.set(a, 'visiting');
    for (const layer of a.reads) {
      const w = writer.get(layer);
      // A layer nobody writes is optional input: the analyser must cope with it being empty.
      if (w && w !== a) visit(w, [...path, a.name]);
    }
    state.set(a, 'done');
    ordered.push(a);
  };
  for (const a of analysers) visit(a, []);
  return ordered;
}
