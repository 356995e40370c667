import * as chrono from 'chrono-node';
import type { DocumentMeta } from '../../core/document.js';
import { collapse, descendants, hasClass, resolveUrl, textOf } from './dom.js';

/**
 * Page metadata from the ORIGINAL DOM (before any cleaning): title, author, outlet, publication date, canonical URL
 * and language, each from the most explicit source the page offers (OpenGraph / JSON-LD / microdata), then from
 * visible elements. Every value is normalised so reports can compare pages.
 */
export function extractMetadata(document: Document, url?: string): DocumentMeta {
  const page = indexPage(document);
  const ld = jsonLdFrom(page.ldScripts);
  const tags = metaTags(page.metas);
  const metaOf = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = tags.get(k);
      if (v) return v;
    }
    return undefined;
  };
  const meta: DocumentMeta = {};
  if (url) meta.url = url;

  const canonical =
    resolveUrl(page.canonical?.getAttribute('href'), url) ??
    resolveUrl(metaOf('og:url'), url) ??
    resolveUrl(str(ld?.url) ?? str(ld?.mainEntityOfPage?.['@id']) ?? str(ld?.mainEntityOfPage), url);
  if (canonical) meta.canonicalUrl = canonical;

  const host = hostName(canonical ?? url);
  const docTitle = collapse(page.title?.textContent ?? '');
  const outlet =
    metaOf('og:site_name') ??
    str(ld?.publisher?.name) ??
    metaOf('application-name', 'apple-mobile-web-app-title', 'twitter:site')?.replace(/^@/, '') ??
    titleSuffix(docTitle) ??
    host;
  if (outlet) meta.outlet = isUrlLike(outlet) ? (hostName(resolveUrl(outlet)) ?? outlet) : outlet;

  const h1 = () => collapse(page.h1?.textContent ?? '');
  let title: string | undefined;
  for (const get of [() => metaOf('og:title', 'twitter:title'), () => str(ld?.headline), h1, () => docTitle]) {
    const t = get();
    const clean = t ? stripSiteSuffix(t, outlet) : undefined;
    if (clean && clean.length > 2) {
      title = clean;
      break;
    }
  }
  if (title) meta.title = title;

  const author = findAuthor(page, ld, metaOf);
  if (author) meta.author = author;

  const published = findPublished(page, ld, metaOf);
  if (published) meta.published = published;

  const lang =
    normLang(document.documentElement?.getAttribute('lang')) ??
    normLang(metaOf('og:locale')) ??
    normLang(tags.get('http-equiv:content-language')) ??
    normLang(str(ld?.inLanguage));
  if (lang) meta.language = lang;
  return meta;
}

// JSON-LD is loosely typed by nature; the helpers below only ever read strings out of it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ARTICLE_TYPES = /Article|BlogPosting|Report|NewsArticle|WebPage|Posting/;

/**
 * What metadata reads from the page, gathered in one walk over its elements: running linkedom's selector engine
 * once per question (each query compiles a selector and tests every element) cost more than the rest of the
 * metadata step. Each field holds what the selector in its comment would return.
 */
interface PageIndex {
  /** Every element, in document order: for the rarer lookups, which run only when the common ones found nothing. */
  all: Element[];
  /** `meta` */
  metas: Element[];
  /** `script[type="application/ld+json"]` */
  ldScripts: Element[];
  /** first `link[rel~="canonical"]` */
  canonical?: Element;
  /** first `title` */
  title?: Element;
  /** first `h1` */
  h1?: Element;
}

function indexPage(document: Document): PageIndex {
  const all = descendants(document);
  const page: PageIndex = { all, metas: [], ldScripts: [] };
  for (const el of all) {
    switch (el.localName) {
      case 'meta':
        page.metas.push(el);
        break;
      case 'script':
        if (isLdScript(el)) page.ldScripts.push(el);
        break;
      case 'link':
        if (!page.canonical && hasToken(el.getAttribute('rel'), 'canonical')) page.canonical = el;
        break;
      case 'title':
        page.title ??= el;
        break;
      case 'h1':
        page.h1 ??= el;
        break;
    }
  }
  return page;
}

/** `type` is compared case-insensitively by selectors in HTML documents. */
function isLdScript(el: Element): boolean {
  return el.getAttribute('type')?.toLowerCase() === 'application/ld+json';
}

/** What `[attr~="token"]` tests, for attributes (rel) that HTML selectors compare case-insensitively. */
function hasToken(value: string | null, token: string): boolean {
  return value !== null && value.toLowerCase().split(/\s+/).includes(token);
}

const first = (page: PageIndex, test: (el: Element) => boolean): Element | undefined => page.all.find(test);

/** The first JSON-LD object that describes an article (searching @graph and arrays). */
export function jsonLdArticle(document: Document): Json | undefined {
  return jsonLdFrom(descendants(document).filter((el) => el.localName === 'script' && isLdScript(el)));
}

function jsonLdFrom(scripts: readonly Element[]): Json | undefined {
  let best: Json | undefined;
  for (const s of scripts) {
    let data: Json;
    try {
      data = JSON.parse((s.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ''));
    } catch {
      continue;
    }
    const stack: Json[] = [data];
    while (stack.length) {
      const o = stack.shift();
      if (!o || typeof o !== 'object') continue;
      if (Array.isArray(o)) {
        stack.push(...o);
        continue;
      }
      if (Array.isArray(o['@graph'])) stack.push(...o['@graph']);
      const type = [o['@type']].flat().join(' ');
      if (ARTICLE_TYPES.test(type) && (o.headline || o.articleBody || o.datePublished)) {
        // A real article type beats a generic WebPage.
        if (!best || (/WebPage/.test([best['@type']].flat().join(' ')) && !/WebPage/.test(type))) best = o;
      }
    }
  }
  return best;
}

/** All <meta> values in one pass, keyed by lower-case property / name / itemprop (first one wins). */
function metaTags(metas: readonly Element[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of metas) {
    const content = collapse(m.getAttribute('content') ?? '');
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const k = m.getAttribute(attr)?.toLowerCase();
      if (k && !out.has(k)) out.set(k, content);
    }
    const he = m.getAttribute('http-equiv')?.toLowerCase();
    if (he && !out.has(`http-equiv:${he}`)) out.set(`http-equiv:${he}`, content);
  }
  return out;
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return collapse(v) || undefined;
  if (Array.isArray(v)) return str(v[0]);
  return undefined;
}

function hostName(u?: string): string | undefined {
  if (!u) return undefined;
  try {
    return new URL(u).hostname.replace(/^www\./, '') || undefined;
  } catch {
    return undefined;
  }
}

const SUFFIX_SEP = /\s+[|\-–—:·•»]\s+/;

function titleSuffix(title: string): string | undefined {
  const parts = title.split(SUFFIX_SEP);
  if (parts.length < 2) return undefined;
  const last = parts[parts.length - 1]!.trim();
  return last.length >= 2 && last.length <= 40 && last.split(' ').length <= 5 ? last : undefined;
}

/** Drops a trailing " | Site" (or " - Site") when it names the outlet or is short enough to be a site name. */
function stripSiteSuffix(title: string, outlet?: string): string {
  if (outlet) {
    const sep = title.match(new RegExp(`^(.*\\S)\\s+[|\\-–—:·•»]\\s+${outlet.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i'));
    if (sep) return sep[1]!;
  }
  const m = title.match(/^(.*\S)\s+[|\-–—·•»]\s+([^|\-–—·•»]{2,40})$/);
  if (!m) return title;
  const [, head, tail] = m;
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const o = outlet ? norm(outlet) : '';
  const t = norm(tail!);
  if (o && (t.includes(o) || o.includes(t))) return head!;
  if (/\|/.test(title) && tail!.split(' ').length <= 4) return head!;
  return title;
}

function isUrlLike(s: string): boolean {
  return /^(https?:|www\.)|\/\/|\.(com|org|net)\b/i.test(s);
}

const ROLE = /\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|journalist|producer|press|reuters|afp|bureau|desk|senior|special to|news|times|post|intern)\b/i;

/** "By Jane Doe and John Roe | Reuters" → "Jane Doe and John Roe"; undefined when nothing name-like remains. */
export function cleanAuthor(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let s = collapse(raw)
    .replace(/^(?:(?:written|analysis|opinion|commentary|story|text|words|interview|review|column|report)\s+)?by[:\s]+/i, '')
    .replace(/^(author|autor|auteur|por|par|von)[:\s]+/i, '');
  // Cut off a date, an outlet or a role after the name.
  s = s.split(/\s+[|·•]\s+|\s+[-–—]\s+|,\s*(?=\d|[A-Z][a-z]+\s+\d)|\s+(?:on|updated|published|posted)\s+/i)[0]!.trim();
  // Roles and agencies after a comma ("Ana Ruiz, Staff Writer") are not names; other comma parts are co-authors.
  s = s
    .split(/\s*,\s*/)
    .filter((part) => part && !ROLE.test(part))
    .join(', ');
  s = s.replace(/[,;:.]+$/, '').trim();
  if (!s || s.length > 100 || isUrlLike(s) || !/\p{L}/u.test(s)) return undefined;
  if (/^\d/.test(s) || /^(?:admin|administrator|webmaster|editor|staff|guest|anonymous)$/i.test(s)) return undefined;
  return s;
}

function ldNames(v: Json): string[] {
  if (!v) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(ldNames);
  if (typeof v === 'object' && typeof v.name === 'string') return [v.name];
  return [];
}

function findAuthor(page: PageIndex, ld: Json, metaOf: (...k: string[]) => string | undefined): string | undefined {
  // Cheapest and most explicit sources first; DOM queries only run when the ones before found nothing.
  const candidates: (() => string | null | undefined)[] = [
    () => metaOf('author', 'article:author', 'parsely-author', 'sailthru.author', 'dc.creator', 'byl'),
    () => ldNames(ld?.author).map((n) => cleanAuthor(n)).filter(Boolean).join(', ') || undefined,
    () => {
      const el = first(page, (e) => e.getAttribute('itemprop') === 'author');
      if (!el) return undefined;
      const name = el.querySelector('[itemprop="name"]');
      return name?.getAttribute('content') || name?.textContent || el.getAttribute('content') || el.textContent;
    },
    () => first(page, (e) => e.localName === 'a' && hasToken(e.getAttribute('rel'), 'author'))?.textContent,
    // '.byline .author, .byline__name, .author-name, .byline-name, .entry-author-name'
    () => firstLine(first(page, (e) => hasClass(e, AUTHOR_CLASSES) || (hasClass(e, ['author']) && insideClass(e, 'byline')))),
    () => firstLine(first(page, (e) => hasClass(e, ['byline', 'byline-author', 'author']))),
  ];
  for (const c of candidates) {
    const a = cleanAuthor(c() ?? undefined);
    if (a) return a;
  }
  return undefined;
}

/** The first line of an element's visible text (bylines often pack name, date and role on separate lines). */
function firstLine(el: Element | undefined): string | undefined {
  return el ? textOf(el).split('\n').map(collapse).find(Boolean) : undefined;
}

const AUTHOR_CLASSES = ['byline__name', 'author-name', 'byline-name', 'entry-author-name'];
const DATE_CLASSES = ['byline', 'dateline', 'published', 'post-date', 'entry-date'];

function insideClass(el: Element, name: string): boolean {
  for (let p = el.parentElement; p; p = p.parentElement) if (hasClass(p, [name])) return true;
  return false;
}

function insideTag(el: Element, tag: string): boolean {
  for (let p = el.parentElement; p; p = p.parentElement) if (p.localName === tag) return true;
  return false;
}

function findPublished(page: PageIndex, ld: Json, metaOf: (...k: string[]) => string | undefined): string | undefined {
  const candidates: (() => string | null | undefined)[] = [
    () => metaOf('article:published_time', 'og:published_time', 'published_time', 'datepublished'),
    () => str(ld?.datePublished),
    () => {
      const ip = first(page, (e) => e.getAttribute('itemprop') === 'datePublished');
      return ip?.getAttribute('content') ?? ip?.getAttribute('datetime') ?? ip?.textContent;
    },
    () => metaOf('date', 'pubdate', 'publishdate', 'publish-date', 'sailthru.date', 'dc.date', 'dc.date.issued', 'parsely-pub-date', 'dcterms.created'),
    () => {
      const isTime = (e: Element) => e.localName === 'time' && e.hasAttribute('datetime');
      return (first(page, (e) => isTime(e) && insideTag(e, 'article')) ?? first(page, isTime))?.getAttribute('datetime');
    },
    () => first(page, (e) => e.localName === 'time' || hasClass(e, DATE_CLASSES))?.textContent,
  ];
  for (const c of candidates) {
    const d = normDate(c() ?? undefined);
    if (d) return d;
  }
  return undefined;
}

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Normalises a stated date to YYYY-MM-DD, or a full ISO date-time when the source gives a time and zone. */
export function normDate(raw: string | undefined): string | undefined {
  const s = raw ? collapse(raw) : '';
  if (!s) return undefined;
  const m = s.match(ISO);
  if (m) {
    const [, day, time, zone] = m;
    if (!validDay(day!)) return undefined;
    if (!time) return day;
    if (!zone) return `${day}T${time}`;
    return `${day}T${time}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`;
  }
  if (/^\d{8}$/.test(s)) {
    const d = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
    return validDay(d) ? d : undefined;
  }
  // chrono is costly; only a string that states a year can give a full date.
  const yearAt = s.search(/\b(?:19|20)\d{2}\b/);
  if (yearAt < 0) return undefined;
  const r = chrono.en.parse(s.slice(Math.max(0, yearAt - 60), yearAt + 40))[0];
  if (!r || !r.start.isCertain('year') || !r.start.isCertain('month') || !r.start.isCertain('day')) return undefined;
  const d = r.start.date();
  const y = d.getFullYear();
  if (y < 1990 || y > 2100) return undefined;
  return `${y}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function validDay(d: string): boolean {
  const y = Number(d.slice(0, 4));
  const mo = Number(d.slice(5, 7));
  const da = Number(d.slice(8, 10));
  return y >= 1900 && y <= 2100 && mo >= 1 && mo <= 12 && da >= 1 && da <= 31;
}

export function normLang(raw: string | null | undefined): string | undefined {
  const m = raw?.trim().match(/^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$/);
  if (!m) return undefined;
  const code = m[1]!.toLowerCase();
  return code.length === 2 ? code : undefined;
}
