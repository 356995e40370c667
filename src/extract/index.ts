import { Document } from '../core/document.js';
import type { DecodedInput, RawInput } from '../ingest/types.js';
import { latestStatedDate } from './dates.js';
import { extractHtml } from './html/index.js';
import { stripInert } from './html/strip.js';
import { detectLanguage } from './language.js';
import { extractPlainText } from './plaintext.js';
import { htmlDepth, htmlToText, MAX_HTML_DEPTH, MAX_HTML_TAGS } from './html-guard.js';
import type { Extracted } from './types.js';

/** Builds a Document from decoded input: HTML goes through the page extractor, anything else is plain text. */
export function extractDocument(decoded: DecodedInput, raw: Pick<RawInput, 'kind' | 'name' | 'url' | 'contentType'>): Document {
  let extracted: Extracted;
  let flattened: string | undefined;
  if (decoded.format === 'html') {
    const html = stripInert(decoded.text);
    const { depth, tags } = htmlDepth(html);
    if (depth > MAX_HTML_DEPTH || tags > MAX_HTML_TAGS) {
      flattened = `the page nests elements ${depth} deep in ${tags} tags, past what is safe to parse: its text was read without its structure`;
      extracted = extractPlainText(htmlToText(html));
    } else extracted = extractHtml(html, raw.url);
  } else extracted = extractPlainText(decoded.text);
  const meta = extracted.meta;
  meta.origin = { kind: raw.kind, name: raw.name, format: decoded.format, encoding: decoded.encoding };
  if (flattened) meta.origin.note = flattened;
  if (raw.contentType) meta.origin.contentType = raw.contentType;
  if (raw.url && !meta.url) meta.url = raw.url;
  const authorText = extracted.sections
    .filter((s) => s.kind !== 'comment')
    .map((s) => extracted.text.slice(s.start, s.end))
    .join('\n');
  meta.language ??= detectLanguage(authorText || extracted.text);
  const latest = latestStatedDate(authorText || extracted.text);
  if (latest) meta.latestStatedDate = latest;
  return new Document(extracted.text, extracted.sections, meta);
}
