import type { SectionKind } from '../../core/document.js';
import { isPullQuote } from './clean.js';
import { SKIP_TAGS, classOf, isBlockTag, tagOf } from './dom.js';

/** A block of the article as the walk found it, with what the boilerplate filter needs to judge it. */
export interface RawBlock {
  kind: SectionKind;
  text: string;
  cue: string;
  /** Characters of the text that sit inside links. */
  linkChars: number;
}

const CAPTION_CLASS = /(?:^|[\s_-])(?:caption|wp-caption-text|figcaption|image-caption|photo-caption|media-caption|credit|image-credit|photo-credit|copyright)(?:$|[\s_-])/i;
const LEAF = new Set(['p', 'pre', 'dt', 'dd', 'address', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'caption']);

interface Ctx {
  kind: SectionKind;
  cue?: string;
}

/**
 * Walks an article subtree into blocks in reading order: headings, paragraphs, list items, table rows, captions
 * (figcaption, caption classes and any text inside <figure>), blockquotes (pull quotes as `quote`, others as body
 * with cue "blockquote"). Loose text directly inside containers becomes blocks of its own, so nothing is lost.
 */
export function walkBlocks(root: Element): RawBlock[] {
  const out: RawBlock[] = [];
  let buf = '';
  let bufLinks = 0;
  let bufCtx: Ctx = { kind: 'body' };

  const flush = (): void => {
    if (buf.trim()) out.push({ kind: bufCtx.kind, text: buf, cue: bufCtx.cue ?? 'text', linkChars: bufLinks });
    buf = '';
    bufLinks = 0;
  };

  /** Appends inline content of `node` to the buffer; a block element met on the way is walked as a block. */
  const inline = (node: Node, inLink: boolean): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        const t = c.nodeValue ?? '';
        buf += t;
        if (inLink) bufLinks += t.trim().length;
      } else if (c.nodeType === 1) {
        const el = c as Element;
        const tag = tagOf(el);
        if (SKIP_TAGS.has(tag)) continue;
        if (tag === 'br') buf += '\n';
        else if (tag === 'img') continue;
        else if (isBlockTag(tag) || tag === 'figure' || tag === 'blockquote') block(el, bufCtx);
        else inline(el, inLink || tag === 'a');
      }
    }
  };

  const block = (el: Element, ctx: Ctx): void => {
    const tag = tagOf(el);
    if (SKIP_TAGS.has(tag)) return;
    flush();
    const own = classify(el, tag, ctx);
    if (LEAF.has(tag) || (tag === 'li' && !hasBlockChild(el))) {
      bufCtx = own;
      inline(el, false);
      flush();
    } else if (tag === 'tr') {
      bufCtx = own;
      for (const cell of el.children) {
        inline(cell, false);
        buf += ' ';
      }
      flush();
    } else {
      for (let c = el.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 1 && (isBlockTag(tagOf(c as Element)) || tagOf(c as Element) === 'figure' || tagOf(c as Element) === 'li')) {
          block(c as Element, own);
        } else {
          bufCtx = own;
          if (c.nodeType === 3) buf += c.nodeValue ?? '';
          else if (c.nodeType === 1) {
            const t = tagOf(c as Element);
            if (t === 'br') buf += '\n';
            else if (!SKIP_TAGS.has(t)) {
              // Inline wrapper (span, a...) that may itself hold blocks.
              if (hasBlockChild(c as Element)) block(c as Element, own);
              else inline(c as Element, t === 'a');
            }
          }
        }
      }
      flush();
    }
    bufCtx = ctx;
  };

  block(root, { kind: 'body' });
  flush();
  return out;
}

/** Whether a block element sits below `el` (looking a few levels down: inline wrappers of blocks are shallow). */
function hasBlockChild(el: Element, depth = 0): boolean {
  for (const c of el.children) {
    const t = tagOf(c);
    if (isBlockTag(t) || t === 'figure' || t === 'li' || (depth < 4 && hasBlockChild(c, depth + 1))) return true;
  }
  return false;
}

/** The kind an element gives its text, inheriting the context (a paragraph inside a figure is a caption). */
function classify(el: Element, tag: string, ctx: Ctx): Ctx {
  if (ctx.kind === 'caption' || ctx.kind === 'quote') return tag === 'figcaption' ? { kind: 'caption', cue: tag } : ctx;
  const cls = classOf(el);
  if (tag === 'figcaption' || tag === 'caption') return { kind: 'caption', cue: tag };
  if (CAPTION_CLASS.test(cls)) return { kind: 'caption', cue: `.${cls.split(/\s+/).find((c) => CAPTION_CLASS.test(c)) ?? 'caption'}` };
  if (tag === 'figure') return { kind: 'caption', cue: 'figure' };
  if (isPullQuote(el) || (tag === 'aside' && el.querySelector('blockquote, q'))) return { kind: 'quote', cue: isPullQuote(el) ? 'pullquote' : 'aside' };
  if (tag === 'blockquote') return { kind: 'body', cue: 'blockquote' };
  if (/^h[1-6]$/.test(tag)) return { kind: 'heading', cue: tag };
  if (ctx.cue === 'blockquote') return ctx;
  if (tag === 'li') return { kind: 'body', cue: 'li' };
  if (tag === 'tr') return { kind: 'body', cue: 'tr' };
  if (tag === 'p') return { kind: 'body', cue: 'p' };
  if (tag === 'pre') return { kind: 'body', cue: 'pre' };
  return { kind: 'body', cue: ctx.cue && ctx.cue !== 'text' ? ctx.cue : 'text' };
}
