import { createHash } from 'node:crypto';

/** Text as compared for exact duplicates: NFKC, lower case, whitespace collapsed (markup and layout differences vanish). */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function contentHash(text: string): string {
  return sha256(normaliseText(text));
}

const TRACKING = /^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid|ns_\w+)$/i;

/**
 * The URL an article is known by: scheme and host lower-cased, fragment, default port, tracking parameters and a
 * trailing slash dropped, so the same article reached from a feed, a sitemap or a share link gets one id.
 */
export function canonicalUrl(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  u.hash = '';
  for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
  u.searchParams.sort();
  if (u.pathname.length > 1 && u.pathname.endsWith('/')) u.pathname = u.pathname.slice(0, -1);
  const s = u.toString();
  // http and https copies of one page are one article.
  return s.replace(/^https?:\/\//, 'http://').replace(/^http:\/\/www\./, 'http://');
}

/** Stable document id: from the canonical URL when there is one, otherwise from the normalised text. */
export function documentId(url: string | undefined, text: string): string {
  const canon = url ? canonicalUrl(url) : undefined;
  return canon ? `u${sha256(canon).slice(0, 19)}` : `t${sha256(normaliseText(text)).slice(0, 19)}`;
}

/** Host name without www., the default outlet of a page whose outlet nobody stated. */
export function outletFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^www\./, '').toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}
