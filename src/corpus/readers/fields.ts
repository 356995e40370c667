import { UnspinError } from '../../core/errors.js';
import type { ItemPayload, StatedMeta } from '../items.js';

/**
 * Field (column) names accepted in JSON Lines and CSV records, first match wins, compared case-insensitively.
 * Documented in src/corpus/README.md; extend here, not in the readers.
 */
export const FIELD_NAMES = {
  html: ['html', 'raw_html', 'content_html', 'page_html'],
  text: ['text', 'content', 'body', 'article', 'article_text', 'full_text', 'maintext', 'story'],
  title: ['title', 'headline'],
  url: ['url', 'link', 'canonical_url', 'source_url', 'uri'],
  outlet: ['outlet', 'domain', 'source', 'site', 'site_name', 'publisher', 'source_domain', 'media', 'newspaper'],
  author: ['author', 'authors', 'byline', 'creator'],
  published: ['published', 'published_at', 'publish_date', 'date_publish', 'pubdate', 'publication_date', 'date', 'datetime'],
  language: ['language', 'lang'],
} as const;

/** A field value as text: strings as they are, arrays joined, objects by their name/url, everything else dropped. */
function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() ? v : undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    const parts = v.map(asText).filter((x): x is string => Boolean(x));
    return parts.length ? parts.join(', ') : undefined;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return asText(o.name ?? o.url ?? o.href);
  }
  return undefined;
}

function pick(rec: Record<string, unknown>, lower: Map<string, string>, names: readonly string[]): string | undefined {
  for (const n of names) {
    const k = lower.get(n);
    if (k === undefined) continue;
    const v = asText(rec[k]);
    if (v) return v;
  }
  return undefined;
}

/** Turns one record (a JSON object or a CSV row) into a payload, or throws when it holds no article text. */
export function recordPayload(rec: Record<string, unknown>, name: string): ItemPayload {
  const lower = new Map(Object.keys(rec).map((k) => [k.trim().toLowerCase(), k]));
  const html = pick(rec, lower, FIELD_NAMES.html);
  const text = html ?? pick(rec, lower, FIELD_NAMES.text);
  if (!text) {
    throw new UnspinError('EMPTY_INPUT', `${name}: no article text (looked for the fields ${[...FIELD_NAMES.html, ...FIELD_NAMES.text].join(', ')})`);
  }
  const meta: StatedMeta = {};
  for (const k of ['title', 'url', 'outlet', 'author', 'published', 'language'] as const) {
    const v = pick(rec, lower, FIELD_NAMES[k]);
    if (v) meta[k] = v.replace(/\s+/g, ' ').trim();
  }
  const payload: ItemPayload = { raw: { bytes: Buffer.from(text, 'utf8'), kind: 'string', name }, meta };
  if (meta.url) payload.raw.url = meta.url;
  return payload;
}
