import { walkBlocks, type RawBlock } from './blocks.js';
import { asDocument } from './dom.js';
import { removeFurniture } from './clean.js';
import { findComments } from './comments.js';
import { jsonLdArticle } from './metadata.js';
import { parseDocument } from './parse.js';

/**
 * Used when Readability returns nothing or too little: JSON-LD `articleBody` when the page ships one, else the
 * container whose direct paragraphs hold the most text. Weaker than Readability (no link-density scoring), so
 * it is only a safety net.
 */
export function fallbackBlocks(html: string): { blocks: RawBlock[]; cue: string } {
  const document = parseDocument(asDocument(html));
  const ld = jsonLdArticle(document);
  const body = typeof ld?.articleBody === 'string' ? ld.articleBody.trim() : '';
  if (body.length > 200) {
    const blocks = body
      .split(/\n\s*\n|\r?\n/)
      .map((t: string) => t.trim())
      .filter(Boolean)
      .map((text: string): RawBlock => ({ kind: 'body', text, cue: 'json-ld', linkChars: 0 }));
    return { blocks, cue: 'json-ld' };
  }
  for (const el of findComments(document).containers) el.remove();
  removeFurniture(document);
  let best: Element | undefined;
  let bestScore = 0;
  for (const el of document.querySelectorAll('article, main, section, div, td')) {
    let score = 0;
    for (const c of el.children) {
      const tag = c.tagName.toLowerCase();
      if (tag === 'p' || tag === 'blockquote' || tag === 'pre' || tag === 'h2' || tag === 'h3' || tag === 'ul' || tag === 'ol') {
        score += (c.textContent ?? '').trim().length;
      }
    }
    if (score > bestScore) {
      bestScore = score;
      best = el;
    }
  }
  return best ? { blocks: walkBlocks(best), cue: 'densest-container' } : { blocks: [], cue: 'none' };
}
