import type { DocumentRecord, Store } from '../store/store.js';
import type { DedupeLookup } from '../store/postgres/index.js';

/** The store calls the duplicate checks make, one document at a time. */
export type DedupeStore = Pick<Store, 'hasDocument' | 'findByContentHash' | 'nearCandidates'>;

type Batched = { dedupeLookup(ids: string[], hashes: string[], bandKeys: [number, number][]): Promise<DedupeLookup> };

const batched = (s: Store): s is Store & Batched => typeof (s as Partial<Batched>).dedupeLookup === 'function';

/**
 * The duplicate checks of a batch answered from one query made before the batch is classified, instead of three
 * round trips per document (id, content hash, MinHash bands): on a queue worker those were most of the store's
 * per-document queries. Loaded under the worker's write lock, so the snapshot is as fresh as the per-document queries
 * were; a question the snapshot was not loaded for goes to the store.
 */
export class BatchLookups implements DedupeStore {
  private snap: DedupeLookup | undefined;
  private loadedIds = new Set<string>();
  private loadedHashes = new Set<string>();
  private bandsLoaded = new Set<string>();

  constructor(private readonly store: Store) {}

  /** Fetches the answers for these records (a no-op on stores without a batched lookup). */
  async load(records: DocumentRecord[]): Promise<void> {
    this.snap = undefined;
    if (!batched(this.store) || !records.length) return;
    const pairs = new Map<string, [number, number]>();
    for (const r of records) r.bands.forEach((v, b) => pairs.set(`${b}:${v}`, [b, v]));
    const ids = [...new Set(records.map((r) => r.doc.id))];
    const hashes = [...new Set(records.map((r) => r.doc.contentHash))];
    this.snap = await this.store.dedupeLookup(ids, hashes, [...pairs.values()]);
    this.loadedIds = new Set(ids);
    this.loadedHashes = new Set(hashes);
    this.bandsLoaded = new Set(pairs.keys());
  }

  async hasDocument(id: string): Promise<boolean> {
    return this.snap && this.loadedIds.has(id) ? this.snap.ids.has(id) : this.store.hasDocument(id);
  }

  async findByContentHash(hash: string): Promise<string | undefined> {
    return this.snap && this.loadedHashes.has(hash) ? this.snap.byHash.get(hash) : this.store.findByContentHash(hash);
  }

  async nearCandidates(bands: number[]): Promise<{ id: string; fingerprint: string }[]> {
    const snap = this.snap;
    if (!snap || !bands.every((v, b) => this.bandsLoaded.has(`${b}:${v}`))) return this.store.nearCandidates(bands);
    const seen = new Map<string, string>();
    bands.forEach((v, b) => {
      for (const c of snap.byBand.get(`${b}:${v}`) ?? []) seen.set(c.id, c.fingerprint);
    });
    return [...seen].map(([id, fingerprint]) => ({ id, fingerprint }));
  }
}
