/** Bytes as they arrived, before decoding, with what is known about where they came from. */
export interface RawInput {
  bytes: Buffer;
  kind: 'file' | 'url' | 'stdin' | 'string';
  /** File path, final URL after redirects, or "-" for standard input. */
  name: string;
  /** Content-Type header of a fetched page (may carry a charset). */
  contentType?: string;
  /** The URL the page was fetched from, after redirects. */
  url?: string;
}

export interface DecodedInput {
  text: string;
  format: 'html' | 'text';
  /** The encoding the bytes were read as, and how it was decided. */
  encoding: string;
  /** 'corrected': a declared charset the bytes contradicted was overruled (see decode.ts). */
  encodingSource: 'bom' | 'header' | 'meta' | 'corrected' | 'utf8-valid' | 'detected' | 'string';
}

export interface IngestLimits {
  /** Largest input accepted, in bytes. */
  maxBytes: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
