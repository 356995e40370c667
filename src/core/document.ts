import type { LayerName, LayerTypes } from './layers.js';
import type { Span } from './span.js';

export type SectionKind = 'title' | 'heading' | 'body' | 'caption' | 'quote' | 'comment';

export interface Section extends Span {
  kind: SectionKind;
  /** Why the extractor gave this kind (the HTML element or the plain-text cue), for explanations. */
  cue?: string;
  /** Set on comments cut short by the page ("Read more »"). */
  truncated?: boolean;
}

export interface DocumentMeta {
  title?: string;
  url?: string;
  canonicalUrl?: string;
  outlet?: string;
  author?: string;
  /** ISO date or date-time of publication, when the page states it. */
  published?: string;
  /** ISO-639-1 code. */
  language?: string;
  /** Latest calendar date the text itself states (ISO), the anchor for relative dates when `published` is absent. */
  latestStatedDate?: string;
  /** How the input arrived and was decoded. */
  origin?: { kind: 'file' | 'url' | 'stdin' | 'string'; name?: string; contentType?: string; encoding?: string; format: 'html' | 'text'; note?: string };
}

/**
 * The clean text of one article plus its sections and stand-off annotation layers. Analysers read layers and add
 * their own; nothing ever rewrites `text`, so every offset stays valid for the life of the document.
 */
export class Document {
  readonly text: string;
  meta: DocumentMeta;
  sections: Section[];
  private readonly layers = new Map<LayerName, unknown>();

  constructor(text: string, sections: Section[] = [], meta: DocumentMeta = {}) {
    this.text = text;
    this.sections = sections;
    this.meta = meta;
  }

  has(name: LayerName): boolean {
    return this.layers.has(name);
  }

  get<K extends LayerName>(name: K): LayerTypes[K] {
    return (this.layers.get(name) ?? []) as LayerTypes[K];
  }

  set<K extends LayerName>(name: K, items: LayerTypes[K]): void {
    this.layers.set(name, items);
  }

  layerNames(): LayerName[] {
    return [...this.layers.keys()];
  }

  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /** Index of the section that contains `offset`, or -1. */
  sectionAt(offset: number): number {
    let lo = 0;
    let hi = this.sections.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.sections[mid]!;
      if (offset < s.start) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** True when the span lies in a reader comment rather than the author's text. */
  inComment(span: Span): boolean {
    const i = this.sectionAt(span.start);
    return i >= 0 && this.sections[i]!.kind === 'comment';
  }
}
