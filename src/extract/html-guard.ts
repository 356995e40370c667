/**
 * Pages built to break parsers nest tens of thousands of elements (or leave inline tags unclosed, which nests them
 * the same way); a DOM parser and Readability then take time and memory that grow with the depth. This estimates
 * the depth with one linear scan of the tags, so such pages can be read as text instead.
 */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen', 'command']);
/** Elements browsers close implicitly when a sibling starts; counting them as nesting would flag ordinary pages. */
const IMPLIED_END = new Set(['p', 'li', 'dt', 'dd', 'option', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'rb', 'rt', 'rp', 'optgroup']);

export const MAX_HTML_DEPTH = 400;
export const MAX_HTML_TAGS = 400_000;

export function htmlDepth(html: string): { depth: number; tags: number } {
  let depth = 0;
  let max = 0;
  let tags = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]{0,30})\b[^>]{0,2000}?(\/?)>/g)) {
    tags++;
    const name = m[2]!.toLowerCase();
    if (VOID.has(name) || IMPLIED_END.has(name) || m[3] === '/') continue;
    if (m[1]) depth = Math.max(0, depth - 1);
    else if (++depth > max) max = depth;
  }
  return { depth: max, tags };
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text of an HTML page without a DOM: scripts and styles dropped, block tags become line breaks, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|noscript|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?(p|div|h[1-6]|li|ul|ol|br|tr|table|section|article|header|footer|blockquote|figcaption|figure|pre|hr)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' ';
      }
      return ENTITY[e.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\f\v\r]+/g, ' ')
    .replace(/ *\n[\s\n]*/g, '\n\n')
    .trim();
}
