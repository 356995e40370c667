import type { Document, SectionKind } from '../core/document.js';

export interface TextReportOptions {
  color: boolean;
  width?: number;
}

const KIND_LABEL: Record<SectionKind, string> = {
  title: 'TITLE',
  heading: 'HEADING',
  body: 'BODY',
  caption: 'CAPTION',
  quote: 'PULL QUOTE',
  comment: 'READER COMMENT',
};

/** A readable terminal report: metadata, then the text section by section, then each analyser's findings. */
export function toTextReport(doc: Document, opts: TextReportOptions): string {
  const c = palette(opts.color);
  const width = Math.max(40, Math.min(opts.width ?? 100, 120));
  const m = doc.meta;
  const out: string[] = [];
  out.push(c.bold(m.title ?? '(untitled)'));
  const facts: [string, string | undefined][] = [
    ['outlet', m.outlet],
    ['author', m.author],
    ['published', m.published],
    ['latest date stated', m.published ? undefined : m.latestStatedDate],
    ['url', m.canonicalUrl ?? m.url],
    ['language', m.language],
    ['input', m.origin ? `${m.origin.format} from ${m.origin.kind} ${m.origin.name ?? ''} (${m.origin.encoding ?? '?'})` : undefined],
  ];
  for (const [k, v] of facts) if (v) out.push(`${c.dim(k.padEnd(20))}${v}`);
  const counts = (['body', 'heading', 'caption', 'quote', 'comment'] as SectionKind[])
    .map((k) => [k, doc.sections.filter((s) => s.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  out.push(`${c.dim('sections'.padEnd(20))}${counts || 'none'}; ${doc.get('sentences').length} sentences, ${doc.get('tokens').length} tokens`);
  out.push('');
  let commentsOpened = false;
  for (const s of doc.sections) {
    if (s.kind === 'title') continue;
    if (s.kind === 'comment' && !commentsOpened) {
      commentsOpened = true;
      out.push(c.yellow('─'.repeat(Math.min(width, 60))));
      out.push(c.yellow(c.bold("READER COMMENTS (not the author's text)")));
    }
    const label = s.kind === 'body' ? '' : c.cyan(`[${KIND_LABEL[s.kind]}${s.truncated ? ', cut short' : ''}] `);
    const body = doc.slice(s);
    const styled = s.kind === 'heading' ? c.bold(body) : s.kind === 'caption' || s.kind === 'quote' ? c.italic(body) : body;
    out.push(wrap(label + styled, width));
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}

function wrap(s: string, width: number): string {
  const lines: string[] = [];
  for (const para of s.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (visibleLength(line) + 1 + visibleLength(word) > width && line) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines.join('\n');
}

function visibleLength(s: string): number {
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}

export function palette(on: boolean) {
  const wrapWith = (open: number, close: number) => (s: string) => (on ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return {
    bold: wrapWith(1, 22),
    dim: wrapWith(2, 22),
    italic: wrapWith(3, 23),
    red: wrapWith(31, 39),
    green: wrapWith(32, 39),
    yellow: wrapWith(33, 39),
    blue: wrapWith(34, 39),
    magenta: wrapWith(35, 39),
    cyan: wrapWith(36, 39),
  };
}
