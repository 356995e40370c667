import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { UnspinError } from '../core/errors.js';
import { formatBytes, oneLine } from './format.js';
import { DEFAULT_MAX_BYTES, type DecodedInput, type IngestLimits, type RawInput } from './types.js';

/**
 * Turns raw bytes into text, choosing the encoding from (in order) a byte-order mark, the HTTP charset, the HTML/XML
 * declared charset, strict UTF-8 validity, and finally statistical detection (chardet). A declaration the bytes
 * plainly contradict (a "latin1" page that is valid UTF-8, a "utf-8" page full of invalid sequences) is overruled.
 * Rejects empty, binary and oversized input with a one-line UnspinError.
 */
export function decodeInput(raw: RawInput, limits: IngestLimits = { maxBytes: DEFAULT_MAX_BYTES }): DecodedInput {
  const bytes = raw.bytes;
  const name = oneLine(raw.name);
  if (bytes.length > limits.maxBytes) {
    throw new UnspinError('TOO_LARGE', `${name}: input is ${formatBytes(bytes.length)}, over the ${formatBytes(limits.maxBytes)} limit (raise it with --max-bytes)`);
  }
  if (bytes.length === 0) throw new UnspinError('EMPTY_INPUT', `${name}: input is empty`);
  const binary = sniffBinary(bytes);
  if (binary) throw new UnspinError('BINARY_INPUT', `${name}: input looks like ${binary}, not an HTML page or text`);

  const { encoding, source, skip } = chooseEncoding(bytes, raw.contentType);
  let text: string;
  try {
    text = decodeBytes(bytes.subarray(skip), encoding);
  } catch {
    throw new UnspinError('BAD_ENCODING', `${name}: cannot decode input as ${encoding}`);
  }
  text = normalizeText(text);
  if (!/[^\s\u200b-\u200d\u2060\ufeff]/.test(text)) {
    throw new UnspinError('EMPTY_INPUT', `${name}: input holds ${text.length === 0 ? 'no text' : 'only whitespace'}`);
  }
  return { text, format: looksLikeHtml(text, raw.contentType, raw.kind === 'file' ? raw.name : undefined) ? 'html' : 'text', encoding, encodingSource: source };
}

/**
 * Valid UTF-8 (most pages) is decoded by Node itself, which gives the same string as iconv-lite's decoder (that one
 * streams the bytes through a StringDecoder) at a fraction of the cost; everything else goes through iconv-lite.
 */
function decodeBytes(bytes: Buffer, encoding: string): string {
  if (encoding === 'utf-8' && isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    // iconv's stripBOM: a byte-order mark left after the one chooseEncoding skipped.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  return iconv.decode(bytes, encoding, { stripBOM: true });
}

const NEEDS_NORMALIZING = /[\r\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Line endings become \n and the NUL and other C0 controls that break parsers are dropped; nothing else changes. */
export function normalizeText(text: string): string {
  // One scan finds most pages clean (Unix line endings, no control bytes); they are returned as they are.
  if (!NEEDS_NORMALIZING.test(text)) return text;
  return text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
}

type Choice = { encoding: string; source: DecodedInput['encodingSource']; skip: number };

export function chooseEncoding(bytes: Buffer, contentType?: string): Choice {
  const bom = bomEncoding(bytes);
  if (bom) return { ...bom, source: 'bom' };
  const utf16 = bomlessUtf16(bytes);
  if (utf16) return { encoding: utf16, source: 'detected', skip: 0 };
  const header = contentType ? /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(contentType)?.[1] : undefined;
  const inDocument = declaredInDocument(bytes);
  // A declaration the bytes plainly contradict is overruled: scrapers re-save pages as UTF-8 and keep the old
  // "latin1" label, so valid multi-byte UTF-8 beats a legacy label; and a "UTF-8" page that is mostly invalid UTF-8
  // was written in a legacy encoding, so the next declaration (or detection) is tried.
  let contradicted = false;
  for (const [label, source] of [[header, 'header'], [inDocument, 'meta']] as const) {
    const encoding = label ? decoderForLabel(label, source) : undefined;
    if (!encoding) continue;
    if (encoding === 'utf-8') {
      if (isValidUtf8(bytes) || !mostlyInvalidUtf8(bytes)) return { encoding, source, skip: 0 }; // native check first: it is fast
      contradicted = true;
      continue;
    }
    if (/^utf-(16|32)/.test(encoding)) return { encoding, source, skip: 0 };
    if (hasMultibyteUtf8(bytes)) return { encoding: 'utf-8', source: 'corrected', skip: 0 };
    return { encoding, source, skip: 0 };
  }
  if (isValidUtf8(bytes)) return { encoding: 'utf-8', source: contradicted ? 'corrected' : 'utf8-valid', skip: 0 };
  return { encoding: detect(bytes), source: contradicted ? 'corrected' : 'detected', skip: 0 };
}

function bomEncoding(b: Buffer): { encoding: string; skip: number } | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', skip: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', skip: 4 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return undefined;
}

/**
 * UTF-16 saved without a byte-order mark: mostly-Latin text then has a NUL in every other byte. Text in other scripts
 * has no such pattern and is left to the other rules.
 */
function bomlessUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 8) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** The charset label a page declares for itself: <meta charset>, <meta http-equiv content="...charset=">, <?xml encoding>. */
function declaredInDocument(bytes: Buffer): string | undefined {
  // Browsers look at the first 1024 bytes; real pages put the meta later than that often enough to look further.
  const head = bytes.subarray(0, 8192).toString('latin1').replace(/<!--[\s\S]*?-->/g, '');
  const meta = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1];
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']\s*([\w.:-]+)/i.exec(head)?.[1];
  return meta ?? xml;
}

/**
 * The decoder browsers use for a label: legacy labels name a superset (ISO-8859-1 is read as windows-1252, GB2312 as
 * GB18030, Shift_JIS as cp932 ...). A UTF-16/32 label inside the document is wrong by construction (the declaration
 * was readable as ASCII), so it means UTF-8, as the HTML standard says. Unknown labels give undefined.
 */
function decoderForLabel(label: string, source: 'header' | 'meta'): string | undefined {
  const l = label.toLowerCase();
  const encoding = SUPERSETS[l] ?? l;
  if (source === 'meta' && /^utf-?(16|32)/.test(encoding)) return 'utf-8';
  if (!iconv.encodingExists(encoding)) return undefined;
  if (encoding === 'utf8') return 'utf-8';
  if (encoding === 'utf-16') return 'utf-16le';
  return encoding;
}

const SUPERSETS: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'l1': 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'x-user-defined': 'windows-1252',
  'iso-8859-9': 'windows-1254',
  'iso-8859-11': 'windows-874',
  'tis-620': 'windows-874',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'euc-cn': 'gb18030',
  'shift_jis': 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  'ms_kanji': 'cp932',
  'windows-31j': 'cp932',
  'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  big5: 'big5-hkscs',
  'x-mac-roman': 'macintosh',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

/** Statistical guess for undeclared legacy text: the best chardet candidate iconv can decode, else windows-1252. */
function detect(bytes: Buffer): string {
  // Markup and English navigation are ASCII and drown the few telling bytes, so the statistics look only at the words
  // that hold non-ASCII bytes (in latin1, which maps bytes one to one and keeps multi-byte sequences intact).
  const text = bytes.subarray(0, 65536).toString('latin1').replace(/<(script|style)\b[\s\S]*?<\/\1\s*>|<[^>]*>/gi, ' ');
  const telling = text.split(/\s+/).filter((w) => /[\x80-\xff]/.test(w)).join(' ');
  for (const c of chardet.analyse(Buffer.from(telling.length >= 16 ? telling : text, 'latin1'))) {
    const name = SUPERSETS[c.name.toLowerCase()] ?? c.name.toLowerCase();
    if (/^utf-?(16|32)/.test(name)) continue; // no BOM and no NUL pattern: not UTF-16/32, whatever the guess
    if (iconv.encodingExists(name)) return name === 'utf8' ? 'utf-8' : name;
  }
  return 'windows-1252';
}

function hasMultibyteUtf8(bytes: Buffer): boolean {
  return bytes.some((b) => b >= 0x80) && isValidUtf8(bytes);
}

/** Node's native validator: the same verdict as a fatal TextDecoder, without building the string. */
function isValidUtf8(bytes: Buffer): boolean {
  return isUtf8(bytes);
}

/**
 * True when more than a fifth of the non-ASCII runs are not valid UTF-8. A page cut off mid-character, or with one
 * stray byte, stays UTF-8 (a few replacement characters); a legacy-encoded page fails nearly everywhere.
 */
function mostlyInvalidUtf8(bytes: Buffer): boolean {
  let valid = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += len;
    } else {
      invalid++;
      i++;
    }
  }
  return invalid > 0 && invalid > (valid + invalid) * 0.2;
}

const MAGIC: [number[], string][] = [
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x49, 0x49, 0x2a, 0x00], 'a TIFF image'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'a TIFF image'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF file'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive (or Office document)'],
  [[0x50, 0x4b, 0x05, 0x06], 'a ZIP archive (empty)'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'an old-style Office document'],
  [[0x1f, 0x8b], 'gzip-compressed data (decompress it first)'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed data (decompress it first)'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed data (decompress it first)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed data (decompress it first)'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive'],
  [[0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], 'a RAR archive'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an executable (ELF)'],
  [[0x4d, 0x5a, 0x90, 0x00], 'an executable (Windows)'],
  [[0xca, 0xfe, 0xba, 0xbe], 'a Java class or Mach-O file'],
  [[0x00, 0x61, 0x73, 0x6d], 'a WebAssembly module'],
  [[0x52, 0x49, 0x46, 0x46], 'a RIFF media file'],
  [[0x4f, 0x67, 0x67, 0x53], 'an Ogg media file'],
  [[0x66, 0x4c, 0x61, 0x43], 'a FLAC audio file'],
  [[0x49, 0x44, 0x33], 'an MP3 audio file'],
  [[0x1a, 0x45, 0xdf, 0xa3], 'a Matroska/WebM video'],
  [[0x77, 0x4f, 0x46, 0x46], 'a web font'],
  [[0x77, 0x4f, 0x46, 0x32], 'a web font'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], 'an SQLite database'],
  [[0x00, 0x00, 0x00], 'binary data'],
];

/**
 * Names the kind of binary data the bytes hold, or returns undefined for text. A stray NUL or control byte in
 * otherwise plain text is tolerated (normalizeText drops it); many of them mean binary.
 */
export function sniffBinary(bytes: Buffer): string | undefined {
  if (bomEncoding(bytes) || bomlessUtf16(bytes)) return undefined; // UTF-16/32 text is full of NULs
  for (const [magic, what] of MAGIC) if (magic.every((b, i) => bytes[i] === b)) return what;
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') return 'a video file';
  if (bytes.length >= 12 && bytes.toString('latin1', 8, 12) === 'WEBP') return 'a WebP image';
  // Text has almost no control bytes; binary formats are full of them.
  const sample = bytes.subarray(0, 8192);
  let controls = 0;
  let nuls = 0;
  for (const b of sample) {
    if (b === 0) nuls++;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) controls++;
  }
  return controls > Math.max(4, sample.length * 0.05) || nuls > Math.max(4, sample.length * 0.01) ? 'binary data' : undefined;
}

/**
 * HTML or plain text? A file's extension and a server's Content-Type decide when they are clear (a .txt file or a
 * text/plain page is text even when it quotes some tags, unless it opens like a whole HTML document); otherwise the
 * content does.
 */
export function looksLikeHtml(text: string, contentType?: string, fileName?: string): boolean {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  const opensAsHtml = head.startsWith('<!doctype html') || head.startsWith('<html') || (head.startsWith('<?xml') && /<html[\s>]/.test(head));
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/plain') return opensAsHtml;
  if (type && /html|xml/.test(type)) return true;
  const ext = fileName ? /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() : undefined;
  if (ext && ['txt', 'text', 'md', 'markdown'].includes(ext)) return opensAsHtml;
  if (ext && ['html', 'htm', 'xhtml', 'shtml', 'php', 'asp', 'aspx', 'jsp'].includes(ext)) return /<[a-z!/]/i.test(text);
  if (opensAsHtml || head.startsWith('<?xml')) return true;
  const tags = text.slice(0, 20000).match(/<\/?(p|div|html|body|head|article|span|a|br|h[1-6]|meta|title|script)\b[^>]*>/gi);
  return (tags?.length ?? 0) >= 3;
}
