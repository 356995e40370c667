import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AnalysedItem, AnalyseOptions } from './analyse-item.js';
import type { ItemPayload } from './items.js';

export interface Analyser {
  readonly size: number;
  analyse(key: string, payload: ItemPayload): Promise<AnalysedItem>;
  close(): Promise<void>;
}

export interface PoolOptions extends AnalyseOptions {
  /** Worker threads; 0 analyses in the calling thread (debugging, tiny inputs). Default: one per core. */
  workers?: number;
  /** A document taking longer than this is abandoned (its worker restarted) and recorded as an error. */
  timeoutMs?: number;
}

interface Task {
  id: number;
  key: string;
  payload: ItemPayload;
  resolve: (r: AnalysedItem) => void;
}

interface Slot {
  worker: Worker;
  task?: Task;
  timer?: NodeJS.Timeout;
}

export function defaultWorkers(): number {
  return availableParallelism();
}

export async function createAnalyser(opts: PoolOptions = {}): Promise<Analyser> {
  const n = opts.workers ?? defaultWorkers();
  const { analyseItem, pipelineFor } = await import('./analyse-item.js');
  pipelineFor(opts.analysers); // an unknown analyser name fails here, once, not on every document
  if (n > 0) return new WorkerPool(n, opts);
  return { size: 1, analyse: async (key, payload) => analyseItem(key, payload, opts), close: async () => {} };
}

/**
 * A fixed pool of worker threads, one document per worker at a time. Callers bound how many documents are in
 * flight; the pool queues the rest. A worker that crashes or overruns the time limit is replaced, and its document
 * is answered with an error instead of stalling the batch.
 */
export class WorkerPool implements Analyser {
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly timeoutMs: number;
  private readonly workerData: AnalyseOptions;
  private nextId = 1;
  private closed = false;

  constructor(size: number, opts: PoolOptions = {}) {
    this.size = size;
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    this.workerData = { keepTokens: opts.keepTokens, analysers: opts.analysers };
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: this.workerData });
    const slot: Slot = { worker };
    worker.on('message', (m: { id: number; result: AnalysedItem }) => {
      if (slot.task?.id !== m.id) return;
      this.finish(slot, m.result);
    });
    worker.on('error', (e) => this.replace(slot, `analysis crashed: ${e.message}`));
    worker.on('exit', (code) => {
      if (!this.closed) this.replace(slot, `analysis worker exited with code ${code}`);
    });
    // Idle workers must not keep the process alive once the caller is done.
    worker.unref();
    return slot;
  }

  private finish(slot: Slot, result: AnalysedItem): void {
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.task = undefined;
    slot.timer = undefined;
    task?.resolve(result);
    this.pump();
  }

  private replace(slot: Slot, error: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || this.closed) return;
    const task = slot.task;
    if (slot.timer) clearTimeout(slot.timer);
    slot.worker.removeAllListeners();
    void slot.worker.terminate().catch(() => {});
    this.slots[i] = this.spawn();
    task?.resolve({ key: task.key, error });
    this.pump();
  }

  analyse(key: string, payload: ItemPayload): Promise<AnalysedItem> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, key, payload, resolve });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.task) continue;
      const task = this.queue.shift();
      if (!task) return;
      slot.task = task;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.replace(slot, `TIMEOUT: analysis took over ${Math.round(this.timeoutMs / 1000)} s`), this.timeoutMs);
      slot.worker.postMessage({ id: task.id, key: task.key, payload: task.payload });
    }
    for (const slot of this.slots) if (!slot.task) slot.worker.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.slots) if (s.timer) clearTimeout(s.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => 0)));
  }
}
