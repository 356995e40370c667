import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps a long-running worker near a resident-memory budget. V8 lets a big heap (the analysers' models are most of
 * it) grow well past what it holds live before it collects in earnest: a one-thread worker measured 350 MB steady
 * but peaks of 530 MB over 10,000 documents. Between batches, when the resident set is over the budget, one full
 * collection brings it back; at most once per `minDocs` documents, so a budget set below the live set costs a
 * collection every few hundred documents rather than one per batch.
 */
export function memoryGuard(budgetMb: number, minDocs = 200): (documents: number) => boolean {
  // --expose-gc set at run time exposes gc() to contexts created afterwards (the heap itself is not reconfigured).
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  let last = -Infinity;
  return (documents: number): boolean => {
    if (documents - last < minDocs || process.memoryUsage.rss() < budgetMb * 1024 * 1024) return false;
    last = documents;
    gc();
    return true;
  };
}
