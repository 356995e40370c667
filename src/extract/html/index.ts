import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block, Extracted } from '../types.js';
import { assemble } from '../assemble.js';

/** First working version: Readability over linkedom, paragraphs and headings as sections. */
export function extractHtml(html: string, url?: string): Extracted {
  const { document } = parseHTML(html);
  const title = document.querySelector('title')?.textContent?.trim() ?? '';
  const article = new Readability(document as unknown as globalThis.Document, { charThreshold: 200 }).parse();
  const blocks: Block[] = [];
  const heading = article?.title?.trim() || title;
  if (heading) blocks.push({ kind: 'title', text: heading });
  if (article?.content) {
    const { document: body } = parseHTML(`<html><body>${article.content}</body></html>`);
    for (const el of body.querySelectorAll('h1,h2,h3,h4,h5,h6,p,li,figcaption,blockquote')) {
      const tag = el.tagName.toLowerCase();
      if (tag === 'p' && el.closest('blockquote,figcaption,li')) continue;
      const kind = tag.startsWith('h') ? 'heading' : tag === 'figcaption' ? 'caption' : tag === 'blockquote' ? 'quote' : 'body';
      blocks.push({ kind, text: el.textContent ?? '', cue: tag });
    }
  }
  const { text, sections } = assemble(blocks);
  return { text, sections, meta: { title: heading || undefined, url } };
}
