import type { Document, SectionKind } from '../core/document.js';
import { escapeHtml } from './escape.js';

const KIND_LABEL: Record<SectionKind, string> = {
  title: 'Title',
  heading: 'Heading',
  body: 'Body',
  caption: 'Caption',
  quote: 'Pull quote',
  comment: 'Reader comment',
};

/**
 * A self-contained report page (no scripts, no external resources). Every piece of article text is escaped, so
 * nothing in an analysed page can run in the report; a strict Content-Security-Policy backs that up.
 */
export function toHtmlReport(doc: Document): string {
  const m = doc.meta;
  const facts: [string, string | undefined][] = [
    ['Outlet', m.outlet],
    ['Author', m.author],
    ['Published', m.published],
    ['Latest date stated', m.published ? undefined : m.latestStatedDate],
    ['URL', m.canonicalUrl ?? m.url],
    ['Language', m.language],
  ];
  const rows = facts
    .filter(([, v]) => v)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v!)}</td></tr>`)
    .join('');
  const parts: string[] = [];
  let inComments = false;
  for (const s of doc.sections) {
    if (s.kind === 'title') continue;
    if (s.kind === 'comment' && !inComments) {
      inComments = true;
      parts.push(`<section class="comments"><h2>Reader comments <small>(not the author's text)</small></h2>`);
    }
    const text = escapeHtml(doc.slice(s)).replace(/\n/g, '<br>');
    const label = s.kind === 'body' ? '' : `<span class="kind">${KIND_LABEL[s.kind]}${s.truncated ? ' (cut short)' : ''}</span>`;
    const tag = s.kind === 'heading' ? 'h3' : s.kind === 'quote' ? 'blockquote' : 'p';
    const title = s.cue ? ` title="${escapeHtml(`${KIND_LABEL[s.kind]}: ${s.cue}`)}"` : '';
    parts.push(`<${tag} class="section ${s.kind}" data-start="${s.start}" data-end="${s.end}"${title}>${label}${text}</${tag}>`);
  }
  if (inComments) parts.push('</section>');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>unspin: ${escapeHtml(m.title ?? 'analysis')}</title>
<style>
body{font:16px/1.55 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.6rem;line-height:1.25}table{border-collapse:collapse;margin:1rem 0}th{text-align:left;padding-right:1rem;color:#666;font-weight:500}
.kind{display:inline-block;font-size:.72rem;text-transform:uppercase;letter-spacing:.04em;background:#eef;color:#335;border-radius:3px;padding:0 .35rem;margin-right:.5rem}
.caption{font-style:italic;color:#555;border-left:3px solid #ccc;padding-left:.75rem}
blockquote.quote{font-size:1.15rem;border-left:4px solid #88a;margin:1rem 0;padding-left:1rem}
.comments{margin-top:2rem;padding:1rem;background:#fff8e6;border:1px solid #f0d58c;border-radius:6px}
.comments h2{font-size:1.1rem;margin-top:0}.comment .kind{background:#f6e2a8;color:#5a4300}
footer{margin-top:3rem;color:#888;font-size:.8rem}
</style></head><body>
<h1 class="section title">${escapeHtml(m.title ?? '(untitled)')}</h1>
<table class="meta">${rows}</table>
<main>
${parts.join('\n')}
</main>
<footer>Analysed by unspin. Hover a labelled section for why it got its kind.</footer>
</body></html>
`;
}
