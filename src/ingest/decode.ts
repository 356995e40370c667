import chardet from 'chardet';
import iconv from 'iconv-lite';
import { UnspinError } from '../core/errors.js';
import { DEFAULT_MAX_BYTES, type DecodedInput, type IngestLimits, type RawInput } from './types.js';

/**
 * Turns raw bytes into text, choosing the encoding from (in order) a byte-order mark, the HTTP charset, the HTML
 * meta charset, strict UTF-8 validity, and finally statistical detection (chardet). Rejects empty, binary and
 * oversized input with a one-line UnspinError.
 */
export function decodeInput(raw: RawInput, limits: IngestLimits = { maxBytes: DEFAULT_MAX_BYTES }): DecodedInput {
  const bytes = raw.bytes;
  if (bytes.length > limits.maxBytes) {
    throw new UnspinError('TOO_LARGE', `${raw.name}: input is ${formatBytes(bytes.length)}, over the ${formatBytes(limits.maxBytes)} limit (raise it with --max-bytes)`);
  }
  if (bytes.length === 0) throw new UnspinError('EMPTY_INPUT', `${raw.name}: input is empty`);
  const binary = sniffBinary(bytes);
  if (binary) throw new UnspinError('BINARY_INPUT', `${raw.name}: input looks like ${binary}, not an HTML page or text`);

  const { encoding, source, skip } = chooseEncoding(bytes, raw.contentType);
  let text: string;
  try {
    text = iconv.decode(bytes.subarray(skip), encoding);
  } catch {
    throw new UnspinError('BAD_ENCODING', `${raw.name}: cannot decode input as ${encoding}`);
  }
  text = normalizeText(text);
  if (!/\S/.test(text)) throw new UnspinError('EMPTY_INPUT', `${raw.name}: input holds only whitespace`);
  return { text, format: looksLikeHtml(text, raw.contentType) ? 'html' : 'text', encoding, encodingSource: source };
}

/** Line endings become \n and the NUL and other C0 controls that break parsers are dropped; nothing else changes. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

function chooseEncoding(bytes: Buffer, contentType?: string): { encoding: string; source: DecodedInput['encodingSource']; skip: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', source: 'bom', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', source: 'bom', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', source: 'bom', skip: 2 };
  const header = contentType ? /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] : undefined;
  if (header && iconv.encodingExists(header)) return { encoding: canonical(header, bytes), source: 'header', skip: 0 };
  const head = bytes.subarray(0, 4096).toString('latin1');
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  if (meta && iconv.encodingExists(meta)) return { encoding: canonical(meta, bytes), source: 'meta', skip: 0 };
  if (isValidUtf8(bytes)) return { encoding: 'utf-8', source: 'utf8-valid', skip: 0 };
  const detected = chardet.detect(bytes.subarray(0, 65536));
  if (detected && iconv.encodingExists(detected)) return { encoding: canonical(detected, bytes), source: 'detected', skip: 0 };
  return { encoding: 'windows-1252', source: 'detected', skip: 0 };
}

/**
 * Pages that declare ISO-8859-1 are nearly always windows-1252 (browsers treat them so); and a page that declares
 * a single-byte charset but is valid UTF-8 with multi-byte sequences was saved as UTF-8 by a scraper.
 */
function canonical(name: string, bytes: Buffer): string {
  const n = name.toLowerCase();
  if ((n === 'iso-8859-1' || n === 'latin1' || n === 'us-ascii' || n === 'ascii') && hasMultibyteUtf8(bytes)) return 'utf-8';
  if (n === 'iso-8859-1' || n === 'latin1' || n === 'us-ascii' || n === 'ascii') return 'windows-1252';
  return n;
}

function hasMultibyteUtf8(bytes: Buffer): boolean {
  return isValidUtf8(bytes) && bytes.some((b) => b >= 0x80);
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const MAGIC: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF file'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or Office document)'],
  [[0x1f, 0x8b], 'gzip-compressed data'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable (ELF)'],
  [[0x52, 0x49, 0x46, 0x46], 'a RIFF media file'],
  [[0x00, 0x00, 0x00], 'binary data'],
];

/** Names the kind of binary data the bytes hold, or returns undefined for text. */
export function sniffBinary(bytes: Buffer): string | undefined {
  for (const [magic, what] of MAGIC) if (magic.every((b, i) => bytes[i] === b)) return what;
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') return 'a video file';
  if (bytes.length >= 12 && bytes.toString('latin1', 8, 12) === 'WEBP') return 'a WebP image';
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) return undefined;
  // Text has almost no control bytes; binary formats are full of them.
  const sample = bytes.subarray(0, 8192);
  let controls = 0;
  for (const b of sample) if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b)) controls++;
  return controls / sample.length > 0.1 || sample.includes(0) ? 'binary data' : undefined;
}

export function looksLikeHtml(text: string, contentType?: string): boolean {
  if (contentType && /html|xml/i.test(contentType)) return true;
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<?xml')) return true;
  const tags = text.slice(0, 20000).match(/<\/?(p|div|html|body|head|article|span|a|br|h[1-6]|meta|title|script)\b[^>]*>/gi);
  return (tags?.length ?? 0) >= 3;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}
