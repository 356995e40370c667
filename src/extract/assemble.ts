import type { Section } from '../core/document.js';
import type { Block } from './types.js';

/**
 * Joins blocks into one text, a blank line between blocks, and records each block as a section. Whitespace inside a
 * block is collapsed (line breaks kept) so offsets point at clean text.
 */
export function assemble(blocks: readonly Block[]): { text: string; sections: Section[] } {
  let text = '';
  const sections: Section[] = [];
  for (const block of blocks) {
    const clean = cleanBlockText(block.text);
    if (!clean) continue;
    if (text) text += '\n\n';
    const start = text.length;
    text += clean;
    const section: Section = { kind: block.kind, start, end: text.length };
    if (block.cue) section.cue = block.cue;
    if (block.truncated) section.truncated = true;
    sections.push(section);
  }
  return { text, sections };
}

export function cleanBlockText(s: string): string {
  return s
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[ \t\f\v\r]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
