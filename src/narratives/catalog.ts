import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { UnspinError } from '../core/errors.js';

/** One known disinformation case: what was claimed, when, by which outlet, and why it is false. */
export interface CatalogCase {
  id: string;
  title: string;
  summary?: string;
  disproof?: string;
  date?: string;
  outlet?: string;
  language?: string;
  keywords: string[];
  url?: string;
}

export type CatalogFormat = 'euvsdisinfo' | 'euvsdisinfo-posts' | 'simple';

/**
 * Reads a catalogue file. Formats: the EUvsDisinfo case export (semicolon CSV: issue, date, outlet, language, origin,
 * reported by, keywords, source, title, summary, disproof), the EUvsDisinfo posts index (CSV: date, id, title,
 * countries, keywords, languages, outlets), and unspin's simple format: a JSON array or JSON Lines of objects, or a
 * CSV with a header, with fields id, title (required), summary, disproof, date, outlet, language, keywords (list, or
 * text separated by "," "+" or ";"), url.
 */
export function readCatalog(path: string, format?: CatalogFormat): CatalogCase[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new UnspinError('NOT_FOUND', `${path}: cannot read catalogue (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const chosen = format ?? sniffFormat(path, raw);
  try {
    if (chosen === 'euvsdisinfo') return fromEuvsdisinfo(raw);
    if (chosen === 'euvsdisinfo-posts') return fromPosts(raw);
    return fromSimple(path, raw);
  } catch (e) {
    if (e instanceof UnspinError) throw e;
    throw new UnspinError('UNSUPPORTED_CONTENT', `${path}: not a readable ${chosen} catalogue (${(e as Error).message.split('\n')[0]})`);
  }
}

function sniffFormat(path: string, raw: string): CatalogFormat {
  const head = raw.slice(0, 400).toLowerCase();
  if (/^"?issue"?;"?date"?;"?outlet"?/.test(head)) return 'euvsdisinfo';
  if (/^date,id,title,countries,keywords/.test(head)) return 'euvsdisinfo-posts';
  if (['.json', '.jsonl', '.ndjson', '.csv'].includes(extname(path).toLowerCase())) return 'simple';
  throw new UnspinError('UNSUPPORTED_CONTENT', `${path}: unknown catalogue format (use --format euvsdisinfo|euvsdisinfo-posts|simple)`);
}

const splitKeywords = (s: unknown): string[] =>
  Array.isArray(s)
    ? s.map(String).map((k) => k.trim()).filter(Boolean)
    : typeof s === 'string'
      ? s.split(/[,+;]/).map((k) => k.trim()).filter(Boolean)
      : [];

/** "03.10.2017" → "2017-10-03"; ISO dates pass through. */
function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const dmy = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s.trim());
  if (dmy) return `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  return /^\d{4}-\d{2}-\d{2}/.test(s.trim()) ? s.trim().slice(0, 10) : undefined;
}

function fromEuvsdisinfo(raw: string): CatalogCase[] {
  const rows = parse(raw, { delimiter: ';', columns: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows
    .filter((r) => r.title)
    .map((r, i) => {
      const c: CatalogCase = { id: `euvsdisinfo-${i + 1}`, title: r.title!.trim(), keywords: splitKeywords(r.keywords) };
      if (r.summary) c.summary = r.summary.trim();
      if (r.disproof) c.disproof = r.disproof.trim();
      const date = isoDate(r.date);
      if (date) c.date = date;
      if (r.outlet) c.outlet = r.outlet.trim();
      if (r.language) c.language = r.language.trim();
      if (r.source && /^https?:\/\//.test(r.source.trim())) c.url = r.source.trim();
      return c;
    });
}

function fromPosts(raw: string): CatalogCase[] {
  const rows = parse(raw, { columns: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows
    .filter((r) => r.title && r.id)
    .map((r) => {
      const c: CatalogCase = { id: r.id!.trim(), title: r.title!.trim(), keywords: splitKeywords(r.keywords), url: r.id!.trim() };
      const date = isoDate(r.date);
      if (date) c.date = date;
      if (r.outlets) c.outlet = r.outlets.split('+')[0]!.trim();
      if (r.languages) c.language = r.languages.split('+')[0]!.trim();
      return c;
    });
}

function fromSimple(path: string, raw: string): CatalogCase[] {
  const ext = extname(path).toLowerCase();
  let rows: Record<string, unknown>[];
  if (ext === '.csv') rows = parse(raw, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, unknown>[];
  else if (raw.trimStart().startsWith('[')) rows = JSON.parse(raw) as Record<string, unknown>[];
  else rows = raw.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>);
  return rows.map((r, i) => {
    if (typeof r.title !== 'string' || !r.title.trim()) throw new UnspinError('UNSUPPORTED_CONTENT', `${path}: case ${i + 1} has no title`);
    const c: CatalogCase = { id: typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : `case-${i + 1}`, title: r.title.trim(), keywords: splitKeywords(r.keywords) };
    for (const k of ['summary', 'disproof', 'outlet', 'language', 'url'] as const) if (typeof r[k] === 'string' && (r[k] as string).trim()) c[k] = (r[k] as string).trim();
    const date = isoDate(typeof r.date === 'string' ? r.date : undefined);
    if (date) c.date = date;
    return c;
  });
}
