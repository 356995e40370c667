/**
 * Worker-thread entry: imports the analysis modules once (models load lazily on the first document and then stay),
 * then analyses one item per message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyseItem, type AnalyseOptions } from './analyse-item.js';
import type { ItemPayload } from './items.js';

const opts = (workerData ?? {}) as AnalyseOptions;

parentPort?.on('message', (m: { id: number; key: string; payload: ItemPayload }) => {
  // Structured clone turns the Buffer into a plain Uint8Array: give it back its Buffer methods.
  const raw = { ...m.payload.raw, bytes: Buffer.from(m.payload.raw.bytes.buffer, m.payload.raw.bytes.byteOffset, m.payload.raw.bytes.byteLength) };
  const result = analyseItem(m.key, { ...m.payload, raw }, opts);
  parentPort!.postMessage({ id: m.id, result });
});
// Imports are done: the pool starts a document's time limit from here on, not from the thread's start.
parentPort?.postMessage({ ready: true });
