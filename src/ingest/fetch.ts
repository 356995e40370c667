import { UnspinError } from '../core/errors.js';
import type { RawInput } from './types.js';

export interface FetchOptions {
  /** Allow private, loopback and link-local addresses (off by default: unspin is pointed at hostile pages). */
  allowPrivate?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

// Placeholder until the guarded fetcher lands: refuses every URL rather than fetch without the address guard.
export async function fetchUrl(url: string, _opts: FetchOptions = {}): Promise<RawInput> {
  throw new UnspinError('FETCH_FAILED', `${url}: fetching is not available yet`);
}
