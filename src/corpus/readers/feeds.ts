import { XMLParser } from 'fast-xml-parser';
import { UnspinError } from '../../core/errors.js';
import { fetchUrl, type FetchOptions } from '../../ingest/fetch.js';
import type { IngestItem, ItemPayload, StatedMeta } from '../items.js';
import { canonicalUrl } from '../keys.js';

export interface FeedOptions extends FetchOptions {
  maxBytes: number;
  /** Never fetch linked pages: use the text the feed itself carries. */
  noFetch?: boolean;
  /** How deep sitemap indexes are followed. */
  sitemapDepth?: number;
}

export type FeedKind = 'rss' | 'atom' | 'rdf' | 'urlset' | 'sitemapindex';

/** The kind of feed an XML text is, judged from its root element, or undefined for anything else (an HTML page). */
export function feedKind(text: string): FeedKind | undefined {
  const head = text.slice(0, 4096).replace(/<\?xml[^>]*\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/gi, '');
  const root = /<([A-Za-z_][\w:.-]*)/.exec(head)?.[1]?.toLowerCase();
  if (root === 'rss') return 'rss';
  if (root === 'feed') return 'atom';
  if (root === 'rdf:rdf') return 'rdf';
  if (root === 'urlset') return 'urlset';
  if (root === 'sitemapindex') return 'sitemapindex';
  return undefined;
}

// Entity processing is off: a feed's DOCTYPE cannot define entities that expand into a memory bomb ("billion
// laughs"); the five predefined XML entities and numeric references are decoded by hand below.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: true,
  cdataPropName: '#cdata',
  isArray: (name) => ['item', 'entry', 'url', 'sitemap', 'link', 'author', 'category'].includes(name),
});

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Text of a parsed node: a string, CDATA, or an element's text (#text), with entities decoded outside CDATA. */
function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return decodeEntities(v).trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return str(v[0]);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['#cdata'] === 'string') return (o['#cdata'] as string).trim() || undefined;
    if (o['#text'] !== undefined) return str(o['#text']);
    if (o.name !== undefined) return str(o.name);
  }
  return undefined;
}

interface Entry {
  link?: string;
  id?: string;
  meta: StatedMeta;
  /** Full article HTML carried by the feed (content:encoded, Atom content). */
  content?: string;
  summary?: string;
}

function atomLink(links: unknown): string | undefined {
  const list = (Array.isArray(links) ? links : [links]) as Record<string, unknown>[];
  const alt = list.find((l) => l && typeof l === 'object' && (!l['@rel'] || l['@rel'] === 'alternate'));
  return alt ? str(alt['@href']) : str(list[0]);
}

function entries(xml: Record<string, unknown>, kind: FeedKind): Entry[] {
  const get = (o: unknown, k: string): unknown => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined);
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  if (kind === 'rss' || kind === 'rdf') {
    const items = kind === 'rss' ? list(get(get(xml.rss, 'channel'), 'item')) : list(get(xml['rdf:RDF'], 'item'));
    return items.map((it) => ({
      link: str(get(it, 'link')),
      id: str(get(it, 'guid')) ?? str(get(it, '@rdf:about')),
      content: str(get(it, 'content:encoded')),
      summary: str(get(it, 'description')),
      meta: clean({
        title: str(get(it, 'title')),
        author: str(get(it, 'dc:creator')) ?? str(get(it, 'author')),
        published: str(get(it, 'pubDate')) ?? str(get(it, 'dc:date')),
      }),
    }));
  }
  if (kind === 'atom') {
    return list(get(xml.feed, 'entry')).map((it) => ({
      link: atomLink(get(it, 'link')),
      id: str(get(it, 'id')),
      content: str(get(it, 'content')),
      summary: str(get(it, 'summary')),
      meta: clean({ title: str(get(it, 'title')), author: str(get(get(it, 'author'), 'name') ?? list(get(it, 'author'))[0]), published: str(get(it, 'published')) ?? str(get(it, 'updated')) }),
    }));
  }
  // Sitemaps: Google News sitemaps add a title and publication date per URL.
  return list(get(xml[kind], kind === 'urlset' ? 'url' : 'sitemap')).map((u) => {
    const news = get(u, 'news:news');
    return { link: str(get(u, 'loc')), meta: clean({ title: str(get(news, 'news:title')), published: str(get(news, 'news:publication_date')) ?? str(get(u, 'lastmod')) }) };
  });
}

function clean(m: StatedMeta): StatedMeta {
  const out: StatedMeta = {};
  for (const [k, v] of Object.entries(m) as [keyof StatedMeta, string | undefined][]) if (v) out[k] = v.replace(/\s+/g, ' ');
  return out;
}

/** Words in an HTML fragment, to tell a full article from a teaser. */
const wordCount = (html: string): number => (html.replace(/<[^>]*>/g, ' ').match(/[\p{L}\p{N}]+/gu) ?? []).length;

/** Below this many words, a feed's own content is a teaser and the linked page is fetched instead. */
export const FULL_CONTENT_WORDS = 150;

/**
 * Items for each entry of an RSS, Atom or RDF feed or a sitemap. An entry carrying the full article (content:encoded,
 * Atom content of FULL_CONTENT_WORDS or more) is analysed from the feed; otherwise its link is fetched through the
 * guarded fetcher (private addresses refused unless allowed), or, with noFetch, the feed's summary is used.
 * Sitemap indexes are followed to their sitemaps (sitemapDepth levels, default 2).
 */
export async function* feedItems(text: string, origin: string, opts: FeedOptions, depth = 0): AsyncGenerator<IngestItem> {
  const kind = feedKind(text);
  if (!kind) throw new UnspinError('UNSUPPORTED_CONTENT', `${origin}: not an RSS, Atom or sitemap document`);
  let xml: Record<string, unknown>;
  try {
    xml = parser.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new UnspinError('UNREADABLE', `${origin}: feed is not well-formed XML (${(e as Error).message})`);
  }
  const list = entries(xml, kind);
  if (kind === 'sitemapindex') {
    if (depth >= (opts.sitemapDepth ?? 2) || opts.noFetch) return;
    for (const e of list) {
      if (!e.link) continue;
      const raw = await fetchUrl(e.link, opts);
      yield* feedItems(raw.bytes.toString('utf8'), e.link, opts, depth + 1);
    }
    return;
  }
  let n = 0;
  for (const e of list) {
    n++;
    const url = e.link && /^https?:\/\//i.test(e.link) ? e.link : undefined;
    const canon = url ? canonicalUrl(url) : undefined;
    const key = canon ? `url:${canon}` : `feed:${origin}#${e.id ?? n}`;
    const label = url ?? `${origin} entry ${n}`;
    const meta: StatedMeta = { ...e.meta, ...(url ? { url } : {}) };
    const inline = (html: string): ItemPayload => ({ raw: { bytes: Buffer.from(html, 'utf8'), kind: 'string', name: label, ...(url ? { url } : {}) }, meta });
    if (e.content && wordCount(e.content) >= FULL_CONTENT_WORDS) {
      const html = e.content;
      yield { key, label, load: async () => inline(html) };
    } else if (url && !opts.noFetch) {
      // The page's own title and date beat the feed's: the feed's are fallbacks only.
      yield { key, label, load: async () => ({ raw: await fetchUrl(url, opts), hints: meta }) };
    } else {
      const body = e.content ?? e.summary;
      yield body
        ? { key, label, load: async () => inline(body) }
        : { key, label, load: () => Promise.reject(new UnspinError('EMPTY_INPUT', `${label}: the feed entry has no text and its page was not fetched`)) };
    }
  }
}
