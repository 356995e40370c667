import type { DocumentMeta, Section, SectionKind } from '../core/document.js';

/** What an extractor returns: the clean text, its sections, and page metadata. */
export interface Extracted {
  text: string;
  sections: Section[];
  meta: DocumentMeta;
}

/** A run of text of one kind, before the blocks are joined into the document text. */
export interface Block {
  kind: SectionKind;
  text: string;
  cue?: string;
  truncated?: boolean;
}
