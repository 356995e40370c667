import type { DocumentRecord, Store, WriteEntry } from '../store/store.js';
import { nearest } from './dedupe.js';

/**
 * Decides what an analysed document becomes before it is written: stored ("done"), an exact duplicate (same id or
 * same text as a stored or still-unwritten document) or a near duplicate (MinHash bands). Unwritten documents are
 * remembered until the batch they are in is written (`written()`), so a batch never holds two copies. Shared by the
 * in-process ingest and the queue workers.
 */
export class BatchDeduper {
  private readonly ids = new Set<string>();
  private readonly byHash = new Map<string, string>();
  // Indexed by band like the store's table, so a batch is checked in O(1) per document.
  private readonly bands = new Map<string, { id: string; fingerprint: string }[]>();

  constructor(private readonly store: Pick<Store, 'hasDocument' | 'findByContentHash' | 'nearCandidates'>) {}

  async classify(base: { key: string; label?: string }, record: DocumentRecord): Promise<WriteEntry> {
    const d = record.doc;
    const exact = this.ids.has(d.id) ? d.id : (await this.store.hasDocument(d.id)) ? d.id : this.byHash.get(d.contentHash) ?? (await this.store.findByContentHash(d.contentHash));
    if (exact) return { outcome: { ...base, status: 'duplicate', duplicateOf: exact } };
    const pending = record.bands.flatMap((v, b) => this.bands.get(`${b}:${v}`) ?? []);
    const near = d.fingerprint ? nearest(d.fingerprint, [...pending, ...(await this.store.nearCandidates(record.bands))]) : undefined;
    if (near) return { outcome: { ...base, status: 'near-duplicate', duplicateOf: near.id, similarity: near.similarity } };
    this.ids.add(d.id);
    this.byHash.set(d.contentHash, d.id);
    if (d.fingerprint) {
      const fp = { id: d.id, fingerprint: d.fingerprint };
      record.bands.forEach((v, b) => {
        const k = `${b}:${v}`;
        this.bands.set(k, [...(this.bands.get(k) ?? []), fp]);
      });
    }
    return { outcome: { ...base, status: 'done', docId: d.id }, record };
  }

  /** The pending batch was written: the store answers for those documents from now on. */
  written(): void {
    this.ids.clear();
    this.byHash.clear();
    this.bands.clear();
  }
}
