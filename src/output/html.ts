import type { Document, SectionKind } from '../core/document.js';
import { escapeAttr, escapeHtml } from './escape.js';
import { claimsByPriority, findings, metaFacts, segments, type Finding } from './findings.js';

const KIND_LABEL: Record<SectionKind, string> = {
  title: 'Title',
  heading: 'Heading',
  body: 'Body',
  caption: 'Caption',
  quote: 'Pull quote',
  comment: 'Reader comment',
};

/** Distinct colours for the label legend; hate categories are all shown with a red underline on top of these. */
const PALETTE = ['#ffe08a', '#b9e6ff', '#c8f0c0', '#ffc9de', '#e1d0ff', '#ffd2b0', '#c7f2ea', '#f0e6a0', '#d6dcff', '#ffcfcf', '#d9f5b0', '#f5d0f0', '#cde7ff', '#ffe2c2'];

export function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * A self-contained report page: no scripts, no external resources (a Content-Security-Policy forbids both), every
 * piece of article text escaped. Flags are highlighted with a legend; the legend's checkboxes filter highlights with
 * CSS alone, and hovering a highlight shows its label, confidence and reason.
 */
export function toHtmlReport(doc: Document): string {
  const m = doc.meta;
  const flags = findings(doc);
  const labels = [...new Set(flags.map((f) => `${f.layer}:${f.label}`))];
  const colour = new Map(labels.map((l, i) => [l, PALETTE[i % PALETTE.length]!]));
  const rows = metaFacts(doc)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('');
  const parts: string[] = [];
  let inComments = false;
  for (const s of doc.sections) {
    if (s.kind === 'title') continue;
    if (s.kind === 'comment' && !inComments) {
      inComments = true;
      parts.push(`<section class="comments"><h2>Reader comments <small>(not the author's text)</small></h2>`);
    }
    const label = s.kind === 'body' ? '' : `<span class="kind">${KIND_LABEL[s.kind]}${s.truncated ? ' (cut short)' : ''}</span>`;
    const tag = s.kind === 'heading' ? 'h3' : s.kind === 'quote' ? 'blockquote' : 'p';
    const title = s.cue ? ` title="${escapeAttr(`${KIND_LABEL[s.kind]}: ${s.cue}`)}"` : '';
    parts.push(`<${tag} class="section ${s.kind}" data-start="${s.start}" data-end="${s.end}"${title}>${label}${highlight(doc, flags, s.start, s.end)}</${tag}>`);
  }
  if (inComments) parts.push('</section>');
  const css = labels
    .map((l) => {
      const cls = `${l.startsWith('hate:') ? 'h' : 't'}-${slug(l.slice(l.indexOf(':') + 1))}`;
      return `mark.${cls}{background:${colour.get(l)}}body:has(#f-${cls}:not(:checked)) mark.${cls}{background:none;border-bottom:0}`;
    })
    .join('\n');
  const legend = labels.length
    ? `<fieldset class="legend"><legend>Highlights (untick to hide)</legend>${labels
        .map((l) => {
          const [layer, name] = [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)];
          const cls = `${layer === 'hate' ? 'h' : 't'}-${slug(name)}`;
          const n = flags.filter((f) => f.layer === layer && f.label === name).length;
          return `<label><input type="checkbox" id="f-${cls}" checked><span class="swatch${layer === 'hate' ? ' hate' : ''}" style="background:${colour.get(l)}"></span>${escapeHtml(name)} <small>${n}</small></label>`;
        })
        .join('')}</fieldset>`
    : '<p class="none">No persuasion techniques or hateful language flagged.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>unspin: ${escapeHtml(m.title ?? 'analysis')}</title>
<style>
body{font:16px/1.6 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
.wrap{display:grid;grid-template-columns:minmax(0,1fr) 24rem;gap:2rem;max-width:84rem;margin:0 auto;padding:1.5rem}
@media (max-width:900px){.wrap{grid-template-columns:1fr}}
article{background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px #0001}
h1{font-size:1.6rem;line-height:1.25;margin-top:0}table.meta{border-collapse:collapse;margin:.5rem 0 1rem}table.meta th{text-align:left;padding-right:1rem;color:#666;font-weight:500}
.kind{display:inline-block;font-size:.7rem;text-transform:uppercase;letter-spacing:.04em;background:#eef;color:#335;border-radius:3px;padding:0 .35rem;margin-right:.5rem}
.caption{font-style:italic;color:#555;border-left:3px solid #ccc;padding-left:.75rem}
blockquote.quote{font-size:1.1rem;border-left:4px solid #88a;margin:1rem 0;padding-left:1rem}
.comments{margin-top:2rem;padding:1rem;background:#fff8e6;border:1px solid #f0d58c;border-radius:6px}
.comments h2{font-size:1.1rem;margin-top:0}.comment .kind{background:#f6e2a8;color:#5a4300}
mark{color:inherit;border-radius:2px;padding:0 1px;position:relative}mark.hate{border-bottom:3px solid #d00}
mark[data-tip]:hover::after{content:attr(data-tip);position:absolute;left:0;top:100%;z-index:5;width:22rem;white-space:pre-line;background:#222;color:#fff;font:13px/1.4 system-ui;padding:.5rem .6rem;border-radius:4px;box-shadow:0 2px 8px #0004}
aside section{background:#fff;border-radius:8px;box-shadow:0 1px 3px #0001;padding:.75rem 1rem;margin-bottom:1rem}
aside h2{font-size:1rem;margin:.2rem 0 .5rem}aside ul{padding-left:1.1rem;margin:0}aside li{margin:.3rem 0;font-size:.9rem}
.legend{border:1px solid #ddd;border-radius:6px;margin:0 0 1rem;font-size:.85rem}.legend label{display:inline-flex;align-items:center;margin:.15rem .6rem .15rem 0;gap:.25rem}
.swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:2px}.swatch.hate{border-bottom:3px solid #d00}
.score{font-variant-numeric:tabular-nums;font-weight:600}.muted{color:#777}
${css}
</style></head><body>
<div class="wrap">
<article>
<h1 class="section title">${escapeHtml(m.title ?? '(untitled)')}</h1>
<table class="meta">${rows}</table>
${legend}
<main>
${parts.join('\n')}
</main>
</article>
<aside>
${claimsPanel(doc)}
${entitiesPanel(doc)}
${eventsPanel(doc)}
${datesPanel(doc)}
${narrativesPanel(doc)}
</aside>
</div>
<footer style="text-align:center;color:#888;font-size:.8rem;margin:2rem">Analysed by unspin. Hover a highlight or a labelled section to see why.</footer>
</body></html>
`;
}

function highlight(doc: Document, flags: Finding[], start: number, end: number): string {
  return segments(flags, start, end)
    .map((seg) => {
      const text = escapeHtml(doc.text.slice(seg.start, seg.end)).replace(/\n/g, '<br>');
      if (seg.active.length === 0) return text;
      const active = seg.active.map((i) => flags[i]!);
      // The segment takes the colour of its most specific (shortest) flag; the tooltip lists all of them.
      const main = active.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
      const cls = active.map((f) => `${f.layer === 'hate' ? 'h' : 't'}-${slug(f.label)}`);
      if (active.some((f) => f.layer === 'hate')) cls.push('hate');
      const tip = active
        .map((f) => `${f.label} (${Math.round(f.confidence * 100)}%): ${f.reason}${f.meaning ? ` Meaning: ${f.meaning}` : ''} [${f.source}]`)
        .join('\n');
      return `<mark class="${[`${main.layer === 'hate' ? 'h' : 't'}-${slug(main.label)}`, ...cls].join(' ')}" data-tip="${escapeAttr(tip)}" title="${escapeAttr(tip)}">${text}</mark>`;
    })
    .join('');
}

function quoteOf(doc: Document, s: { start: number; end: number }, max = 140): string {
  const t = doc.text.slice(s.start, s.end).replace(/\s+/g, ' ').trim();
  return escapeHtml(t.length > max ? `${t.slice(0, max - 1)}…` : t);
}

function claimsPanel(doc: Document): string {
  const claims = claimsByPriority(doc);
  if (!claims.length) return '<section class="claims"><h2>Claims</h2><p class="muted">No claims found.</p></section>';
  const items = claims
    .map((c) => {
      const status = c.status ?? (c.source ? 'sourced' : c.hedged ? 'hedged' : 'unsourced');
      const src = c.source ? ` <b>${escapeHtml(c.source.text)}</b>${c.cue ? ` <i>${escapeHtml(c.cue)}</i>` : ''}` : '';
      return `<li><span class="score">${c.checkworthiness.toFixed(2)}</span> <span class="kind">${escapeHtml(status)}</span>${doc.inComment(c) ? '<span class="kind">comment</span>' : ''}${src} “${quoteOf(doc, c)}” <span class="muted">${escapeHtml(c.reason)}</span></li>`;
    })
    .join('');
  return `<section class="claims"><h2>Claims (most check-worthy first)</h2><ul>${items}</ul></section>`;
}

function entitiesPanel(doc: Document): string {
  const entities = doc.get('entities');
  if (!entities.length) return '<section class="entities"><h2>Entities</h2><p class="muted">No entities found.</p></section>';
  const items = [...entities]
    .sort((a, b) => a.type.localeCompare(b.type) || b.mentions.length - a.mentions.length)
    .map((e) => {
      const forms = [...new Set(e.mentions.map((x) => x.text))].filter((t) => t !== e.name).slice(0, 5);
      const geo = e.geo ? ` <span class="muted">${e.geo.lat.toFixed(2)}, ${e.geo.lon.toFixed(2)}</span>` : '';
      return `<li><span class="kind">${escapeHtml(e.type)}</span><b>${escapeHtml(e.name)}</b> ×${e.mentions.length}${geo}${forms.length ? ` <span class="muted">as ${forms.map((f) => escapeHtml(f)).join(', ')}</span>` : ''}</li>`;
    })
    .join('');
  return `<section class="entities"><h2>Entities</h2><ul>${items}</ul></section>`;
}

function eventsPanel(doc: Document): string {
  const events = doc.get('events');
  if (!events.length) return '';
  const name = new Map(doc.get('entities').map((e) => [e.id, e.name]));
  // An unnamed side coded only by country (from the event's place) shows its country code.
  const who = (id?: string, country?: string) => escapeHtml(id ? (name.get(id) ?? id) : country ? `unnamed (${country})` : '?');
  const items = events
    .map((e) => `<li><span class="kind">${escapeHtml(e.type)}${e.mode ? `/${escapeHtml(e.mode)}` : ''}</span>${who(e.actor, e.actorCountry)} → ${who(e.target, e.targetCountry)}${e.place ? ` in ${who(e.place)}` : ''}${e.date ? ` <span class="muted">${escapeHtml(e.date)}</span>` : ''}${e.failed ? ' <i>failed</i>' : ''}${e.negated ? ' <i>negated</i>' : ''}${e.fromComment ? ' <i>from a comment</i>' : ''}</li>`)
    .join('');
  return `<section class="events"><h2>Events</h2><ul>${items}</ul></section>`;
}

function narrativesPanel(doc: Document): string {
  const narratives = doc.get('narratives');
  if (!narratives.length) return '';
  const items = narratives
    .map((n) => {
      const cases = (n.matches ?? []).slice(0, 3).map((m) => `<li>${m.score.toFixed(2)} ${m.url ? `<a href="${escapeAttr(m.url)}" rel="noopener noreferrer">${escapeHtml(m.title)}</a>` : escapeHtml(m.title)}</li>`).join('');
      const evidence = n.evidence.slice(0, 3).map((e) => `<li class="muted">“${quoteOf(doc, e, 160)}”</li>`).join('');
      return `<li><b>${escapeHtml(n.label)}</b> <span class="score">${Math.round(n.confidence * 100)}%</span><ul>${evidence}${cases}</ul></li>`;
    })
    .join('');
  return `<section class="narratives"><h2>Similar to known disinformation cases</h2><p class="muted">Matched by shared wording and actors: a lead to check, not proof.</p><ul>${items}</ul></section>`;
}

function datesPanel(doc: Document): string {
  const dates = doc.get('dates');
  if (!dates.length) return '';
  const items = dates.map((d) => `<li><b>${escapeHtml(d.value)}</b> “${escapeHtml(d.text)}”${d.anchor && d.anchor !== 'absolute' ? ` <span class="muted">from the ${escapeHtml(d.anchor.replace(/-/g, ' '))}</span>` : ''}</li>`).join('');
  return `<section class="dates"><h2>Dates</h2><ul>${items}</ul></section>`;
}
