import { availableParallelism } from 'node:os';
import { Script, createContext } from 'node:vm';
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
  /**
   * With one worker: analyse in the calling thread under a time limit instead of in a worker thread (no thread hop,
   * no structured clone of each document both ways, one heap), see InProcessAnalyser.
   */
  inProcess?: boolean;
}

interface Task {
  id: number;
  key: string;
  payload: ItemPayload;
  resolve: (r: AnalysedItem) => void;
}

interface Slot {
  worker: Worker;
  /** The thread has loaded the analysis modules: a document's time limit starts when it can start work. */
  ready: boolean;
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
  if (n === 1 && opts.inProcess) return new InProcessAnalyser(opts);
  if (n > 0) return new WorkerPool(n, opts);
  return { size: 1, analyse: async (key, payload) => analyseItem(key, payload, opts), close: async () => {} };
}

/** Runs `fn` on this thread, interrupted (V8 TerminateExecution) once it has run `ms` milliseconds. */
export const guarded = (() => {
  const context = createContext({ fn: undefined as (() => unknown) | undefined });
  const call = new Script('fn()');
  return <T>(fn: () => T, ms: number): T => {
    context.fn = fn;
    try {
      return call.runInContext(context, { timeout: ms }) as T;
    } finally {
      context.fn = undefined;
    }
  };
})();

const isTimeout = (e: unknown): boolean => (e as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';

/**
 * One analysis at a time on the calling thread: what a one-thread queue worker wants, because the process then costs
 * about one core (no second isolate, no copy of each document and its layers between threads, no thread hop; V8's
 * optimising compiler still runs on helper threads, a tenth to a fifth of a core once the code is warm). A document
 * that overruns the time limit is interrupted like a hung thread would be killed, and answered with the same TIMEOUT
 * error. The interrupt can land anywhere, including inside an analyser's lazy one-time set-up, so this thread's
 * analysis state is no longer trusted afterwards: every later document goes to a fresh worker thread (the WorkerPool
 * path, with its own time limit). The trade-off: while a document is analysed the event loop waits, so queue and
 * store round trips overlap with analysis only through the server working in parallel, not through this process.
 * After a timeout the process holds two copies of the models (this thread's and the fallback thread's).
 */
export class InProcessAnalyser implements Analyser {
  readonly size = 1;
  private readonly timeoutMs: number;
  private fallback: WorkerPool | undefined;
  private analyseItem: typeof import('./analyse-item.js').analyseItem | undefined;

  /** `analyseItem` stands in for the real analysis in tests (a document that hangs). */
  constructor(private readonly opts: PoolOptions = {}, analyseItem?: typeof import('./analyse-item.js').analyseItem) {
    this.timeoutMs = opts.timeoutMs ?? 120_000;
    this.analyseItem = analyseItem;
  }

  /** True once a timeout moved analysis to a worker thread. */
  get tainted(): boolean {
    return this.fallback !== undefined;
  }

  async analyse(key: string, payload: ItemPayload): Promise<AnalysedItem> {
    if (this.fallback) return this.fallback.analyse(key, payload);
    this.analyseItem ??= (await import('./analyse-item.js')).analyseItem;
    const analyseItem = this.analyseItem;
    const opts: AnalyseOptions = { keepTokens: this.opts.keepTokens, analysers: this.opts.analysers };
    try {
      return guarded(() => analyseItem(key, payload, opts), this.timeoutMs);
    } catch (e) {
      if (!isTimeout(e)) return { key, error: `analysis crashed: ${(e as Error)?.message ?? String(e)}` };
      this.fallback = new WorkerPool(1, this.opts);
      return { key, error: `TIMEOUT: analysis took over ${Math.round(this.timeoutMs / 1000)} s` };
    }
  }

  async close(): Promise<void> {
    await this.fallback?.close();
  }
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
    const slot: Slot = { worker, ready: false };
    worker.on('message', (m: { id: number; result: AnalysedItem } | { ready: true }) => {
      if ('ready' in m) {
        slot.ready = true;
        this.pump();
        return;
      }
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
    // A thread that dies before it is ready (its modules fail to load) fails a waiting document, so callers never wait forever.
    const task = slot.task ?? (slot.ready ? undefined : this.queue.shift());
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
      if (slot.task || !slot.ready) continue;
      const task = this.queue.shift();
      if (!task) break;
      slot.task = task;
      slot.worker.ref();
      slot.timer = setTimeout(() => this.replace(slot, `TIMEOUT: analysis took over ${Math.round(this.timeoutMs / 1000)} s`), this.timeoutMs);
      slot.worker.postMessage({ id: task.id, key: task.key, payload: task.payload });
    }
    // A thread still starting must keep the process alive while documents wait for it.
    for (const slot of this.slots) {
      if (slot.task || (!slot.ready && this.queue.length)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.slots) if (s.timer) clearTimeout(s.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate().catch(() => 0)));
  }
}
