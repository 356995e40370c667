import type { Section, SectionKind } from '../core/document.js';
import type { Extracted } from './types.js';

/**
 * Sections for plain text scraped from a page, found from layout and wording alone: the title is the first short
 * line; short unpunctuated lines are headings; long unpunctuated paragraphs or ones with photo credits are
 * captions; reader comments are recognised by the marks comment widgets leave ("Read more »", "Reply", "N hours
 * ago", a "Comments" heading) and run back to the end of the author's text (a caption or heading that closes it).
 * Offsets point into the text as given.
 */
export function extractPlainText(text: string): Extracted {
  const paragraphs = splitParagraphs(text);
  const sections: Section[] = [];
  const kinds: Kind[] = paragraphs.map((p, i) => classify(text, p, i, paragraphs));
  markPullQuotes(text, paragraphs, kinds);
  markComments(text, paragraphs, kinds);
  paragraphs.forEach((p, i) => {
    const { kind, cue } = kinds[i]!;
    const section: Section = { kind, start: p.start, end: p.end };
    if (cue) section.cue = cue;
    if (kind === 'comment' && READ_MORE.test(text.slice(p.start, p.end))) section.truncated = true;
    sections.push(section);
  });
  const title = sections[0]?.kind === 'title' ? text.slice(sections[0].start, sections[0].end) : undefined;
  return { text, sections, meta: title ? { title } : {} };
}

interface Para {
  start: number;
  end: number;
}

interface Kind {
  kind: SectionKind;
  cue?: string;
}

const READ_MORE = /(?:read more|continue reading|see more|show more)\s*(?:»|>>|›|…|\.\.\.)?\s*$/i;
const COMMENT_MARKS: [RegExp, string][] = [
  [READ_MORE, 'ends with a "Read more" link of a cut comment'],
  [/^\s*(?:reply|report|like|share)(?:\s*[·|•]\s*(?:reply|report|like|share))+\s*$/im, 'comment widget buttons'],
  [/\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\s*$/im, 'a comment timestamp ("N hours ago")'],
  [/^[\w .'-]{2,40}\s+(?:says|said|wrote):\s*$/im, 'a commenter line ("NAME says:")'],
  [/^\s*(?:reply|report abuse|flag as inappropriate)\s*$/im, 'a comment "Reply" button'],
];
const COMMENTS_HEADING = /^\s*(?:\d+\s+)?(?:comments?|responses?|replies|reader comments|discussion|leave a (?:comment|reply)|join the discussion)\s*:?\s*(?:\(\d+\))?\s*$/i;
const PHOTO_CREDIT = /\b(?:photo|image|picture|pictured|file photo|credit|getty images|afp|reuters|ap photo|shutterstock|©)\b|\((?:photo|image)[^)]*\)/i;
const TERMINAL = /[.!?…:;"”’')\]»]$/;

function splitParagraphs(text: string): Para[] {
  const out: Para[] = [];
  const hasBlankLines = /\n[ \t]*\n/.test(text);
  const separator = hasBlankLines ? /\n[ \t]*\n\s*/g : /\n\s*/g;
  let last = 0;
  const push = (a: number, b: number): void => {
    while (a < b && /\s/.test(text[a]!)) a++;
    while (b > a && /\s/.test(text[b - 1]!)) b--;
    if (b > a) out.push({ start: a, end: b });
  };
  for (const m of text.matchAll(separator)) {
    push(last, m.index);
    last = m.index + m[0].length;
  }
  push(last, text.length);
  return out;
}

function words(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

function classify(text: string, p: Para, i: number, all: Para[]): Kind {
  const s = text.slice(p.start, p.end);
  const n = words(s);
  const singleLine = !s.includes('\n');
  const unpunctuated = !TERMINAL.test(s);
  if (i === 0 && singleLine && n <= 30 && (unpunctuated || /[?!]$/.test(s))) {
    return { kind: 'title', cue: 'first line, short and unpunctuated' };
  }
  if (singleLine && unpunctuated && (n > 14 || PHOTO_CREDIT.test(s))) {
    return { kind: 'caption', cue: n > 14 ? 'a long line without closing punctuation, as photo captions are' : 'names a photo or image credit' };
  }
  if (singleLine && unpunctuated && n <= 14) {
    return { kind: 'heading', cue: 'a short line without closing punctuation' };
  }
  const next = all[i + 1];
  if (singleLine && n <= 12 && /\?$/.test(s) && next && words(text.slice(next.start, next.end)) > 2 * n) {
    return { kind: 'heading', cue: 'a short question on its own line before a longer paragraph' };
  }
  return { kind: 'body' };
}

/** A short paragraph that repeats a sentence of another paragraph word for word is a pull quote. */
function markPullQuotes(text: string, paragraphs: Para[], kinds: Kind[]): void {
  const norm = (s: string): string => s.toLowerCase().replace(/[“”"'‘’]/g, '').replace(/\s+/g, ' ').trim();
  const bodies = paragraphs.map((p, i) => (kinds[i]!.kind === 'body' ? norm(text.slice(p.start, p.end)) : ''));
  paragraphs.forEach((p, i) => {
    if (kinds[i]!.kind === 'title') return;
    const s = norm(text.slice(p.start, p.end));
    if (words(s) < 6 || words(s) > 60) return;
    if (bodies.some((b, j) => j !== i && b.length > s.length && b.includes(s))) {
      kinds[i] = { kind: 'quote', cue: 'repeats a passage of the article, as pull quotes do' };
    }
  });
}

function markComments(text: string, paragraphs: Para[], kinds: Kind[]): void {
  const comment = (i: number, cue: string): void => {
    kinds[i] = { kind: 'comment', cue };
  };
  const headingAt = paragraphs.findIndex((p) => COMMENTS_HEADING.test(text.slice(p.start, p.end)));
  if (headingAt > 0) {
    kinds[headingAt] = { kind: 'heading', cue: 'a "Comments" heading' };
    for (let i = headingAt + 1; i < paragraphs.length; i++) comment(i, 'follows the "Comments" heading');
    return;
  }
  let first = -1;
  paragraphs.forEach((p, i) => {
    const mark = COMMENT_MARKS.find(([re]) => re.test(text.slice(p.start, p.end)));
    if (mark && i > 0) {
      comment(i, mark[1]);
      if (first < 0) first = i;
    }
  });
  if (first < 0) return;
  // Comments sit together at the end of a page: paragraphs after the first marked comment are comments, and so
  // are the unmarked paragraphs before it back to the caption or heading that closes the author's text. With no
  // such boundary, only marked paragraphs are taken: guessing further would cut the article.
  for (let i = first + 1; i < paragraphs.length; i++) if (kinds[i]!.kind !== 'comment') comment(i, 'follows a reader comment');
  for (let i = first - 1; i > 0; i--) {
    const k = kinds[i]!.kind;
    if (k === 'caption' || k === 'heading' || k === 'quote') {
      for (let j = i + 1; j < first; j++) comment(j, `between the end of the article (the ${k} above) and a marked comment`);
      return;
    }
  }
}
