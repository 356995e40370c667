import type { Block, Extracted } from '../types.js';
import { assemble } from '../assemble.js';
import { walkBlocks, type RawBlock } from './blocks.js';
import { judgeText, looksLikeCaption } from './boilerplate.js';
import { removeFurniture } from './clean.js';
import { findComments } from './comments.js';
import { asDocument, collapse, maxDepth } from './dom.js';
import { fallbackBlocks } from './fallback.js';
import { extractMetadata } from './metadata.js';
import { parseDocument } from './parse.js';
import { readArticle } from './readability.js';
import { dropInterBlockSpace, stripInert } from './strip.js';

export interface ExtractHtmlOptions {
  /** Called for each block the boilerplate rules drop, with the rule that fired (for tuning and explanations). */
  onDrop?: (text: string, why: string) => void;
}

/**
 * HTML page → clean article text with sections and metadata. Order matters: metadata and reader comments are read
 * from the untouched page; comment threads and page furniture are then removed; Readability picks the article
 * container; a block walk types each part (heading, body, caption, quote) and text rules drop the furniture left
 * inside it. When Readability finds too little, JSON-LD articleBody or the densest text container stands in.
 */
export function extractHtml(page: string, url?: string, opts: ExtractHtmlOptions = {}): Extracted {
  const html = stripInert(page); // a no-op scan when the caller already stripped it
  const markup = asDocument(dropInterBlockSpace(html));
  const document = parseDocument(markup);
  const meta = extractMetadata(document, url);
  const comments = findComments(document);
  for (const el of comments.containers) el.remove();
  removeFurniture(document);
  // The same steps on a fresh parse give the same page: Readability rebuilds it this way on a rare retry. (Metadata
  // only reads the page; what linkedom adds when it is read, an empty <head> or <body>, the steps below add alike.)
  const replay = (): Document => {
    const again = parseDocument(markup);
    for (const el of findComments(again).containers) el.remove();
    removeFurniture(again);
    return again;
  };

  let raw: RawBlock[] = [];
  try {
    // Readability's cost grows much faster than linearly with nesting depth; pathological pages go to the fallback.
    if (maxDepth(document) > MAX_DEPTH) throw new Error('nesting too deep');
    const article = readArticle(document, { charThreshold: 200, keepClasses: true }, replay);
    if (article) raw = walkBlocks(article);
  } catch {
    raw = [];
  }
  const chars = (bs: RawBlock[]) => bs.reduce((n, b) => n + (b.kind === 'caption' ? 0 : b.text.length), 0);
  if (chars(raw) < 250) {
    const fb = fallbackBlocks(html);
    if (chars(fb.blocks) > chars(raw)) raw = fb.blocks;
  }

  const blocks: Block[] = [];
  const title = meta.title;
  if (title) blocks.push({ kind: 'title', text: title, cue: 'meta' });
  blocks.push(...filterBlocks(raw, meta, title, opts.onDrop));
  blocks.push(...comments.blocks);
  const { text, sections } = assemble(blocks.map((b) => ({ ...b, text: b.text.replace(/[\u200b\u200c\u200d\ufeff\u00ad]/g, '') })));
  return { text, sections, meta };
}

const MAX_DEPTH = 180;

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * Drops furniture blocks and the title repeated as a heading; bylines fill in a missing author. Repeated blocks are
 * kept: on news pages they are more often real (table headers, quoted tweets) than template echoes.
 */
function filterBlocks(raw: readonly RawBlock[], meta: Extracted['meta'], title?: string, onDrop?: ExtractHtmlOptions['onDrop']): Block[] {
  const titleKey = title ? norm(title) : '';
  const out: Block[] = [];
  for (const b of raw) {
    const text = collapse(b.text) ? b.text : '';
    if (!text) continue;
    const flat = collapse(text);
    const key = norm(flat);
    if (!key && b.kind !== 'caption') continue;
    if (b.kind === 'caption') {
      out.push({ kind: 'caption', text, cue: b.cue });
      continue;
    }
    if (key === titleKey) {
      onDrop?.(flat, 'title');
      continue;
    }
    const v = judgeText(flat, b.linkChars, b.kind === 'heading' ? 'heading' : b.cue, text, meta.author);
    if (v.drop) {
      if (v.author && !meta.author) meta.author = v.author;
      onDrop?.(flat, v.why);
      continue;
    }
    if (meta.author && key === norm(meta.author)) continue;
    if (b.kind === 'body' && looksLikeCaption(flat)) {
      out.push({ kind: 'caption', text, cue: 'photo-credit' });
      continue;
    }
    out.push({ kind: b.kind, text, cue: b.cue });
  }
  return out;
}
