import { defaultPipeline } from '../analysers/registry.js';
import type { Document } from '../core/document.js';

/**
 * The public `analyze --format json` object (docs/ARCHITECTURE.md). Layers whose analyser has not run are empty
 * lists, never invented; `analysers` names the analysers and versions that produced the rest.
 */
export function toJson(doc: Document): Record<string, unknown> {
  const m = doc.meta;
  return {
    document: {
      title: m.title ?? null,
      ...(m.url ? { url: m.url } : {}),
      ...(m.canonicalUrl ? { canonicalUrl: m.canonicalUrl } : {}),
      ...(m.outlet ? { outlet: m.outlet } : {}),
      ...(m.author ? { author: m.author } : {}),
      ...(m.published ? { published: m.published } : {}),
      ...(m.latestStatedDate ? { latestStatedDate: m.latestStatedDate } : {}),
      language: m.language ?? 'und',
      ...(m.origin ? { origin: m.origin } : {}),
      text: doc.text,
      sections: doc.sections,
    },
    sentences: doc.get('sentences'),
    mentions: doc.get('mentions'),
    entities: doc.get('entities'),
    dates: doc.get('dates'),
    events: doc.get('events'),
    attributions: doc.get('attributions'),
    claims: doc.get('claims'),
    techniques: doc.get('techniques'),
    hate: doc.get('hate'),
    narratives: doc.get('narratives'),
    analysers: defaultPipeline().versions(),
  };
}
