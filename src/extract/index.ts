import { Document } from '../core/document.js';
import type { DecodedInput, RawInput } from '../ingest/types.js';
import { latestStatedDate } from './dates.js';
import { extractHtml } from './html/index.js';
import { detectLanguage } from './language.js';
import { extractPlainText } from './plaintext.js';

/** Builds a Document from decoded input: HTML goes through the page extractor, anything else is plain text. */
export function extractDocument(decoded: DecodedInput, raw: Pick<RawInput, 'kind' | 'name' | 'url' | 'contentType'>): Document {
  const extracted = decoded.format === 'html' ? extractHtml(decoded.text, raw.url) : extractPlainText(decoded.text);
  const meta = extracted.meta;
  meta.origin = { kind: raw.kind, name: raw.name, format: decoded.format, encoding: decoded.encoding };
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
