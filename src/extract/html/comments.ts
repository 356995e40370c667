import type { Block } from '../types.js';
import { classOf, collapse, descendants, textOf } from './dom.js';

/**
 * Reader comments, found in the ORIGINAL DOM (Readability drops them, and they must never reach the body): the
 * common static markups of WordPress, Disqus, Livefyre, schema.org microdata and hand-made "comments" sections.
 * Each comment becomes one block holding the comment text only (no author, date or reply buttons).
 */

/** Containers that hold a comment thread; removed from the page before the article is extracted. */
const CONTAINERS = [
  '#comments', '.comments', '#disqus_thread', '.comment-list', '.commentlist', '.comments-area', '#respond',
  '.comment-respond', '.comments-section', '#comment-section', '.comment-section', '.fyre', '.livefyre',
  '[itemprop="comment"]', '[itemtype*="Comment"]', '.user-comments', '#user-comments', '.reader-comments',
].join(', ');

/** One comment each (an item may hold nested replies, which are items of their own). */
const ITEMS = [
  '[itemprop="comment"]', '[itemtype*="Comment"]', 'li.comment', 'article.comment', 'div.comment',
  '.commentlist > li', '.comment-list > li', '.dsq-comment', '.fyre-comment-wrapper', '.comment-item',
  '.comments .comment', '#comments .comment',
].join(', ');

/** Where the comment's own text sits, when the markup says so. */
const TEXT = [
  '[itemprop="commentText"]', '[itemprop="text"]', '.comment-content', '.comment-text', '.comment-body',
  '.comment_text', '.comment-entry', '.dsq-comment-message', '.fyre-comment', '.post-message', '.comment__body',
  '.comment-message',
];

/** Parts of a comment that are not its text. */
const NOT_TEXT = [
  '.comment-author', '.comment-meta', '.comment-metadata', '.comment-date', '.comment-time', '.reply',
  '.comment-reply-link', '.comment-reply', '.comment-actions', '.comment-footer', '.comment-header', '.vcard',
  '.says', '.avatar', 'time', 'footer', 'header', 'cite', 'form', 'button', '[itemprop="author"]',
  '[itemprop="dateCreated"]', '[itemprop="creator"]', '[itemprop="commentTime"]', '.comment-awaiting-moderation',
  '.like', '.votes', '.author', '.date', '.comment-author-name', '.comment-user',
].join(', ');

/** Thread controls that share the comment markup ("Show more comments (20)", "Leave a comment", "Reply"). */
const UI_LINE =
  /^(?:reply|responder|antworten|répondre|rispondi|report|flag|share|like|dislike|upvote|downvote|permalink|edit|delete|cancel reply|\d+\s*(?:likes?|replies|points?)|(?:all|view|show|load|see|hide)(?:\s+(?:all|more|new|older|newer|previous))?\s+(?:comments?|replies)(?:\s*\(\d+\))?|(?:leave|post|add|write)\s+(?:a\s+|your\s+)?(?:comments?|reply)|\d+\s+comments?|comments?(?:\s*\(\d+\))?|log in to (?:comment|reply)|sort by.*|newest|oldest|most liked)$/i;

const THREAD_NOTICE = /\b(?:log(?:ged)?\s*in|sign(?:ed)?\s*in|register|discussion thread|post a comment|be the first|commento|comentar|kommentieren|commenter|comments? (?:are|is) closed|moderat)/i;

const TRUNCATED = /\s*(?:\(?(?:read|see|show|view)\s+(?:more|full comment)\)?\s*[»›>…]*|…|\.\.\.)\s*$/i;

export interface FoundComments {
  blocks: Block[];
  /** Elements to remove from the page so the body never contains comment text. */
  containers: Element[];
}

/**
 * One cheap scan for anything comment-like; the precise selectors then only test these few elements. It tests what
 * the selector '[class*="omment"], [id*="omment"], [itemprop="comment"], [itemtype*="Comment"], [id="respond"],
 * [class*="fyre"], [id*="disqus"]' would, with plain string tests (a selector query over every element is slow).
 */
function rough(el: Element): boolean {
  const cls = classOf(el);
  if (cls.includes('omment') || cls.includes('fyre')) return true;
  const id = el.getAttribute('id');
  if (id !== null && (id.includes('omment') || id === 'respond' || id.includes('disqus'))) return true;
  return el.getAttribute('itemprop') === 'comment' || (el.getAttribute('itemtype') ?? '').includes('Comment');
}

export function findComments(document: Document): FoundComments {
  const candidates = descendants(document).filter(rough);
  const containers = candidates.filter((el) => el.matches(CONTAINERS) && !looksLikeArticle(el));
  const items = candidates.filter((el) => el.matches(ITEMS) && !looksLikeArticle(el));
  const blocks: Block[] = [];
  const seen = new Set<string>();
  // A hand-made comments section without per-comment markup: each list item (else each paragraph) is one comment.
  for (const c of containers) {
    if (items.some((it) => c.contains(it)) || containers.some((o) => o !== c && c.contains(o))) continue;
    const lis = [...c.querySelectorAll('li')].filter((li) => !li.querySelector('li'));
    const found = (lis.length ? lis : [...c.querySelectorAll('p')]).filter((el) => {
      const t = collapse(el.textContent ?? '');
      return !el.closest('form') && t.split(' ').length >= 5 && !THREAD_NOTICE.test(t);
    });
    // One stray line is a notice ("View the discussion thread"), not a thread.
    if (found.length >= 2) items.push(...found);
  }
  for (const item of items) {
    const text = commentText(item);
    if (!text || seen.has(text)) continue;
    seen.add(text);
    const truncated = TRUNCATED.test(text) && /(read|see|show|view)\s+more/i.test(text);
    blocks.push({
      kind: 'comment',
      text: truncated ? text.replace(TRUNCATED, '') : text,
      cue: cueOf(item),
      ...(truncated ? { truncated: true } : {}),
    });
  }
  return { blocks, containers };
}

/** The comment's own text: its text element when marked, else the item minus meta parts and nested replies. */
function commentText(item: Element): string {
  const clone = item.cloneNode(true) as Element;
  for (const nested of clone.querySelectorAll(ITEMS)) nested.remove();
  // Priority order, not document order: a wrapper called "comment-text" may hold the author line and the text.
  let textEl: Element | null = null;
  for (const sel of TEXT) if ((textEl = clone.querySelector(sel))) break;
  const root = textEl ?? clone;
  for (const el of root.querySelectorAll(NOT_TEXT)) el.remove();
  return textOf(root)
    .split('\n')
    .map(collapse)
    .filter((line) => line && !UI_LINE.test(line))
    .join('\n')
    .trim();
}

function cueOf(item: Element): string {
  const ip = item.getAttribute('itemprop');
  if (ip === 'comment') return '[itemprop=comment]';
  if ((item.getAttribute('itemtype') ?? '').includes('Comment')) return '[itemtype=Comment]';
  const cls = classOf(item).split(/\s+/).find((c) => /comment/i.test(c));
  return `${item.tagName.toLowerCase()}${cls ? '.' + cls : ''}`;
}

/** A "comment" class on the article itself (some themes do this) must not remove the article. */
function looksLikeArticle(el: Element): boolean {
  if (el.tagName.toLowerCase() === 'body' || el.tagName.toLowerCase() === 'html') return true;
  return !!el.querySelector('[itemprop="articleBody"], .entry-content, .article-body, .post-content');
}
