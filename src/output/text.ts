import type { Document, SectionKind } from '../core/document.js';
import type { Entity } from '../core/layers.js';
import { claimsByPriority, findings, metaFacts, segments, type Finding } from './findings.js';

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

/** A readable terminal report: metadata, the text section by section (flags highlighted in colour), then findings. */
export function toTextReport(doc: Document, opts: TextReportOptions): string {
  const c = palette(opts.color);
  const width = Math.max(40, Math.min(opts.width ?? 100, 120));
  const m = doc.meta;
  const flags = findings(doc);
  const out: string[] = [];
  out.push(c.bold(m.title ?? '(untitled)'));
  const input = m.origin ? `${m.origin.format} from ${m.origin.kind} ${m.origin.name ?? ''} (${m.origin.encoding ?? '?'})${m.origin.note ? `; ${m.origin.note}` : ''}` : undefined;
  const facts: [string, string | undefined][] = [...metaFacts(doc).map(([k, v]): [string, string] => [k.toLowerCase(), v]), ['input', input]];
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
    const body = opts.color ? highlighted(doc, flags, s.start, s.end, c) : doc.slice(s);
    const styled = s.kind === 'heading' ? c.bold(body) : s.kind === 'caption' || s.kind === 'quote' ? c.italic(body) : body;
    out.push(wrap(label + styled, width));
    out.push('');
  }
  out.push(...findingList('PERSUASION TECHNIQUES', doc, flags.filter((f) => f.layer === 'techniques'), c, width));
  out.push(...findingList('HATEFUL OR CODED LANGUAGE', doc, flags.filter((f) => f.layer === 'hate'), c, width));
  out.push(...claimList(doc, c, width));
  out.push(...entityList(doc, c, width));
  out.push(...eventList(doc, c, width));
  out.push(...narrativeList(doc, c, width));
  const dates = doc.get('dates');
  if (dates.length) {
    out.push(c.bold(`DATES (${dates.length})`));
    for (const d of dates) out.push(`  ${d.value.padEnd(12)} "${d.text}"${d.anchor && d.anchor !== 'absolute' ? c.dim(`  resolved against the ${d.anchor.replace(/-/g, ' ')}`) : ''}`);
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}

type Palette = ReturnType<typeof palette>;

function highlighted(doc: Document, flags: Finding[], start: number, end: number, c: Palette): string {
  return segments(flags, start, end)
    .map((seg) => {
      const text = doc.text.slice(seg.start, seg.end);
      if (seg.active.length === 0) return text;
      return seg.active.some((i) => flags[i]!.layer === 'hate') ? c.red(c.underline(text)) : c.yellow(c.underline(text));
    })
    .join('');
}

function excerpt(s: string, max = 90): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function findingList(title: string, doc: Document, flags: Finding[], c: Palette, width: number): string[] {
  if (flags.length === 0) return [];
  const out = [c.bold(`${title} (${flags.length})`)];
  for (const f of flags) {
    const where = doc.inComment(f) ? c.yellow(' [in a reader comment]') : '';
    out.push(wrap(`  ${c.magenta(f.label)} ${c.dim(`${Math.round(f.confidence * 100)}%`)}${where} "${excerpt(doc.slice(f))}"`, width));
    out.push(wrap(`      ${c.dim('why:')} ${f.reason}${f.meaning ? ` (meaning: ${f.meaning})` : ''} ${c.dim(`[${f.source}]`)}`, width));
  }
  out.push('');
  return out;
}

function claimList(doc: Document, c: Palette, width: number): string[] {
  const claims = claimsByPriority(doc);
  if (claims.length === 0) return [];
  const out = [c.bold(`CLAIMS, most check-worthy first (${claims.length})`)];
  for (const cl of claims) {
    const status = cl.status ?? (cl.source ? 'sourced' : cl.hedged ? 'hedged' : 'unsourced');
    const where = doc.inComment(cl) ? c.yellow(' [reader comment]') : '';
    out.push(wrap(`  ${c.cyan(cl.checkworthiness.toFixed(2))} ${c.magenta(status)}${where} "${excerpt(cl.text, 110)}"`, width));
    const source = cl.source ? `source: ${cl.source.text}${cl.cue ? ` (cue "${cl.cue}"${cl.stance ? `, ${cl.stance}` : ''})` : ''}; ` : '';
    out.push(wrap(`      ${c.dim(source + cl.reason)}`, width));
  }
  out.push('');
  return out;
}

function entityList(doc: Document, c: Palette, width: number): string[] {
  const entities = doc.get('entities');
  if (entities.length === 0) return [];
  const out = [c.bold(`ENTITIES (${entities.length})`)];
  const byType = new Map<string, Entity[]>();
  for (const e of entities) byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
  for (const [type, list] of [...byType].sort()) {
    out.push(`  ${c.cyan(type)}`);
    for (const e of list.sort((a, b) => b.mentions.length - a.mentions.length)) {
      const forms = [...new Set(e.mentions.map((x) => x.text))].filter((t) => t !== e.name);
      const geo = e.geo ? ` @ ${e.geo.lat.toFixed(3)},${e.geo.lon.toFixed(3)}${e.geo.geonameId ? ` (GeoNames ${e.geo.geonameId})` : ''}` : '';
      const wd = e.wikidata ? c.dim(` ${e.wikidata}`) : '';
      out.push(wrap(`    ${e.name}${wd} ×${e.mentions.length}${geo}${forms.length ? c.dim(` as ${forms.slice(0, 6).map((f) => `"${f}"`).join(', ')}`) : ''}`, width));
    }
  }
  out.push('');
  return out;
}

function eventList(doc: Document, c: Palette, width: number): string[] {
  const events = doc.get('events');
  if (events.length === 0) return [];
  const name = new Map(doc.get('entities').map((e) => [e.id, e.name]));
  const out = [c.bold(`EVENTS (${events.length})`)];
  for (const ev of events) {
    const who = (id?: string, country?: string) => (id ? (name.get(id) ?? id) : country ? `unnamed (${country})` : '?');
    const flags = [ev.negated ? 'negated' : '', ev.failed ? 'failed' : '', ev.fromComment ? 'from a reader comment' : '', ev.reportedBy ? `reported by ${who(ev.reportedBy)}` : ''].filter(Boolean);
    out.push(wrap(`  ${c.magenta(ev.type)}${ev.mode ? `/${ev.mode}` : ''} ${who(ev.actor, ev.actorCountry)} → ${who(ev.target, ev.targetCountry)}${ev.place ? ` in ${who(ev.place)}` : ''}${ev.date ? ` on ${ev.date}` : ''}${flags.length ? c.dim(` (${flags.join(', ')})`) : ''}`, width));
  }
  out.push('');
  return out;
}

function narrativeList(doc: Document, c: Palette, width: number): string[] {
  const narratives = doc.get('narratives');
  if (narratives.length === 0) return [];
  const out = [c.bold(`SIMILAR TO KNOWN DISINFORMATION CASES, a lead to check, not proof (${narratives.length})`)];
  for (const n of narratives) {
    out.push(wrap(`  ${c.magenta(n.label)} ${c.dim(`${Math.round(n.confidence * 100)}%`)}`, width));
    for (const e of n.evidence.slice(0, 3)) out.push(wrap(`      ${c.dim('evidence:')} "${excerpt(doc.slice(e), 110)}"`, width));
    for (const m of (n.matches ?? []).slice(0, 3)) out.push(wrap(`      ${c.dim(`case ${m.score.toFixed(2)}:`)} ${m.title}${m.url ? c.dim(` <${m.url}>`) : ''}`, width));
  }
  out.push('');
  return out;
}

function wrap(s: string, width: number): string {
  const lines: string[] = [];
  for (const para of s.split('\n')) {
    let line = '';
    const indent = /^\s*/.exec(para)![0];
    for (const word of para.trimStart().split(' ')) {
      if (visibleLength(line) + 1 + visibleLength(word) > width && line.trim()) {
        lines.push(line);
        line = indent + word;
      } else line = line ? `${line} ${word}` : indent + word;
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
    underline: wrapWith(4, 24),
    red: wrapWith(31, 39),
    green: wrapWith(32, 39),
    yellow: wrapWith(33, 39),
    blue: wrapWith(34, 39),
    magenta: wrapWith(35, 39),
    cyan: wrapWith(36, 39),
  };
}
