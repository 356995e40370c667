import { classId, classOf, descendants, hasClass } from './dom.js';

/**
 * Removes page furniture before Readability scores the page: share bars, related-story rails, newsletter boxes,
 * author bios, ads, breadcrumbs, tag lists, "read more" teasers. Readability's own list misses class names that
 * also contain "article" or "content" (e.g. "related-articles"), which is exactly where most of its leftovers come
 * from. An element is only removed when it is small next to the page, so a wrapper with an unlucky class name that
 * holds the article survives.
 */

/** Class/id words of furniture; matched as whole hyphen/underscore-separated parts of a class or id. */
const FURNITURE = new RegExp(
  '(?:^|[\\s_-])(?:' +
    [
      'share', 'sharing', 'sharebar', 'share-bar', 'social', 'socials', 'sharethis', 'addthis', 'related', 'relatedposts',
      'newsletter', 'subscribe', 'subscription', 'signup', 'sign-up', 'promo', 'promos', 'promotion', 'advert',
      'advertisement', 'advertising', 'ads', 'ad', 'adslot', 'ad-slot', 'adunit', 'dfp', 'gpt', 'sponsor',
      'sponsored', 'author-bio', 'authorbio', 'author-info', 'about-author', 'author-box', 'authorbox', 'bio',
      'breadcrumb', 'breadcrumbs', 'tags', 'tag-list', 'taglist', 'recommended', 'recommendations', 'more-stories',
      'read-more', 'readmore', 'trending', 'popular', 'most-popular', 'mostpopular', 'outbrain', 'taboola',
      'newsletter-signup', 'inline-newsletter', 'donate', 'paywall', 'cookie', 'consent', 'gdpr', 'modal', 'popup',
      'print-only', 'visually-hidden', 'sr-only', 'screen-reader-text', 'toolbar',
      'sidebar', 'rail', 'next-article', 'prev-article', 'pagination', 'post-navigation', 'nav-links', 'navigation',
      'skip-link', 'jump-link', 'byline', 'dateline-meta', 'post-meta', 'entry-meta', 'article-meta', 'meta-info',
      'timestamp', 'published-date', 'publish-date', 'updated-date', 'article-date', 'post-date', 'disclaimer',
      'affiliate', 'comment-count', 'comments-link', 'follow', 'follow-us', 'app-promo', 'also-read', 'see-also',
      'more-on', 'more-from', 'you-may-like', 'recirc', 'recirculation', 'carousel', 'slideshow-nav', 'playlist',
      'video-playlist', 'breaking-news-banner', 'alert-banner', 'login', 'register', 'cta', 'banner',
      'rollover', 'tooltip', 'popover', 'hovercard', 'flyout', 'dropdown',
    ]
      .map((w) => w.replace(/-/g, '[-_]?'))
      .join('|') +
    ')(?:$|[\\s_-])',
  'i',
);

/** Words that mark an element as (part of) the article itself; such elements are never removed by class. */
const KEEP = /(?:^|[\s_-])(?:article-?body|articlebody|story-?body|entry-?content|post-?content|post-?body|main-?content|article-?content|article-?text|story-?content|body-?text)(?:$|[\s_-])/i;

const ARTICLE_SELECTOR =
  '[itemprop="articleBody"], .entry-content, .post-body, .article-body, .story-body, .post-content, .article-content';

const ROLES = new Set(['navigation', 'complementary', 'banner', 'contentinfo', 'search', 'dialog', 'alert']);

/** Class names of ARTICLE_SELECTOR (besides itemprop="articleBody"). */
const ARTICLE_CLASSES: readonly string[] = ['entry-content', 'post-body', 'article-body', 'story-body', 'post-content', 'article-content'];
const CANDIDATE_TAGS = new Set(['aside', 'nav', 'footer']);

export function removeFurniture(document: Document): void {
  const body = document.body;
  if (!body) return;
  hoistEmbeds(body);
  keepPullQuotes(document, body);
  // One walk measures every element (text length, prose below it, whether it holds the article's text) instead of
  // a textContent and two selector queries per candidate: the same numbers, since nothing is removed until the end.
  const all = descendants(body);
  const size = measure(body, all);
  const total = size.get(body)!.text || 1;
  const prose = size.get(body)!.prose || 1;
  const holdsArticle = new Set<Element>();
  for (const el of all) {
    if (!(el.getAttribute('itemprop') === 'articleBody' || hasClass(el, ARTICLE_CLASSES))) continue;
    for (let p = el.parentElement; p && !holdsArticle.has(p); p = p.parentElement) holdsArticle.add(p);
  }
  const doomed: Element[] = [];
  const doomedSet = new Set<Element>();
  for (const el of all) {
    const tag = el.tagName.toLowerCase();
    if (!(el.hasAttribute('class') || el.hasAttribute('id') || el.hasAttribute('role') || el.hasAttribute('hidden') || el.hasAttribute('style') || CANDIDATE_TAGS.has(tag))) continue;
    if (tag === 'body' || tag === 'html' || tag === 'main' || tag === 'article' || tag === 'p') continue;
    if (insideDoomed(el, doomedSet)) continue;
    if (isPullQuote(el)) continue;
    const role = el.getAttribute('role') ?? '';
    const cid = classId(el);
    const style = (el.getAttribute('style') ?? '').replace(/\s+/g, '').toLowerCase();
    const hidden = el.hasAttribute('hidden') || /display:none|visibility:hidden/.test(style);
    const furniture =
      hidden ||
      ROLES.has(role) ||
      tag === 'nav' ||
      ((tag === 'aside' || tag === 'footer') && !insideArticleText(el)) ||
      (FURNITURE.test(cid) && !KEEP.test(cid));
    if (!furniture) continue;
    // Layout wrappers with an unlucky class ("has-sidebar", "penci_sidebar") hold the article's paragraphs.
    if (!hidden) {
      const m = size.get(el)!;
      if (m.text > total * 0.35 || (m.text > prose * 0.25 && m.prose > prose * 0.25)) continue;
    }
    if (holdsArticle.has(el)) continue;
    doomed.push(el);
    doomedSet.add(el);
  }
  for (const el of doomed) el.remove();
}

function insideDoomed(el: Element, doomed: Set<Element>): boolean {
  if (!doomed.size) return false;
  for (let p = el.parentElement; p; p = p.parentElement) if (doomed.has(p)) return true;
  return false;
}

interface Size {
  /** Length of the element's textContent. */
  text: number;
  /** Characters in the paragraphs below it long enough to be prose (80+), the signature of article text. */
  prose: number;
}

/** Size of `root` and of each element in `all` (its descendants in document order), children before parents. */
function measure(root: Element, all: readonly Element[]): Map<Element, Size> {
  const size = new Map<Element, Size>();
  const visit = (el: Element): void => {
    let text = 0;
    let prose = 0;
    for (let c = el.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3 || c.nodeType === 4) text += (c.nodeValue ?? '').length;
      else if (c.nodeType === 1) {
        const s = size.get(c as Element)!;
        text += s.text;
        prose += s.prose + ((c as Element).localName === 'p' && s.text >= 80 ? s.text : 0);
      }
    }
    size.set(el, { text, prose });
  };
  for (let i = all.length - 1; i >= 0; i--) visit(all[i]!);
  visit(root);
  return size;
}

/**
 * Embedded posts (tweets, Instagram) are part of the story, but their wrappers ("social-media-embed") look like
 * share bars to class rules and, being short and link-heavy, get dropped by Readability's conditional cleaning of
 * divs. Replacing each wrapper that holds nothing but the post with the post's <blockquote> keeps them.
 */
function hoistEmbeds(body: Element): void {
  for (const bq of descendants(body)) {
    if (bq.localName !== 'blockquote' || !bq.hasAttribute('class')) continue;
    if (!/tweet|instagram|embed|tiktok|facebook|social/i.test(classOf(bq))) continue;
    const own = (bq.textContent ?? '').trim().length;
    let top: Element = bq;
    for (let p = bq.parentElement; p && p !== body; p = p.parentElement) {
      const tag = p.tagName.toLowerCase();
      if ((tag !== 'div' && tag !== 'figure' && tag !== 'section' && tag !== 'aside') || (p.textContent ?? '').trim().length > own + 40) break;
      top = p;
    }
    if (top !== bq) top.replaceWith(bq);
  }
}

/**
 * Readability deletes every <aside>, and pull quotes often live in one. Each pull quote becomes a plain
 * <blockquote class="pullquote"> so it survives and the block walk can type it as a quote.
 */
const PULL_QUOTE_TAGS = new Set(['aside', 'div', 'figure', 'p', 'blockquote', 'span']);

function keepPullQuotes(document: Document, body: Element): void {
  for (const el of descendants(body)) {
    if (!PULL_QUOTE_TAGS.has(el.localName)) continue;
    if (!isPullQuote(el) && !(el.tagName.toLowerCase() === 'aside' && /quote/i.test(classId(el)))) continue;
    if (el.parentElement?.closest('.pullquote')) continue;
    const bq = document.createElement('blockquote');
    bq.setAttribute('class', 'pullquote');
    bq.textContent = (el.textContent ?? '').trim();
    el.replaceWith(bq);
  }
}

/** A footer or aside inside the article's text block is usually a pull quote or a note, not page furniture. */
function insideArticleText(el: Element): boolean {
  return !!el.parentElement?.closest('[itemprop="articleBody"], .entry-content, .article-body, .story-body, .post-content');
}

export function isPullQuote(el: Element): boolean {
  return /pull-?quote|pullquote|blockquote--pull|quote-pull/i.test(classOf(el));
}
