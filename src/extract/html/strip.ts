/**
 * Removes what a page holds but never shows as text (scripts, styles, inline SVG drawings, templates, HTML comments)
 * from the HTML string BEFORE it is parsed. On news pages these are about half of the bytes; parsing them into DOM
 * nodes, then walking, serialising and (on Readability's retries) re-parsing those nodes was a large part of the cost
 * of extraction, for nothing: every later step skips them. JSON-LD scripts are kept, since metadata reads them.
 * A plain scan with indexOf-style searches, linear in the page length.
 */
const OPEN = /<(script|style|svg|template)\b[^>]*>|<!--/gi;
const CLOSE: Record<string, RegExp> = {
  script: /<\/script\s*>/gi,
  style: /<\/style\s*>/gi,
  svg: /<\/svg\s*>/gi,
  template: /<\/template\s*>/gi,
};

export function stripInert(html: string): string {
  const parts: string[] = [];
  let last = 0;
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(html); m; m = OPEN.exec(html)) {
    let end: number;
    if (m[0] === '<!--') {
      const close = html.indexOf('-->', m.index + 4);
      // An unclosed comment runs to the end of the page, as in a browser.
      end = close < 0 ? html.length : close + 3;
    } else {
      const tag = m[1]!.toLowerCase();
      const close = CLOSE[tag]!;
      close.lastIndex = OPEN.lastIndex;
      const c = close.exec(html);
      if (!c) break; // unclosed: leave the rest to the parser
      end = c.index + c[0].length;
      if (tag === 'script' && /ld\+json/i.test(m[0])) {
        OPEN.lastIndex = end;
        continue;
      }
    }
    parts.push(html.slice(last, m.index));
    last = end;
    OPEN.lastIndex = end;
  }
  if (!last) return html;
  parts.push(html.slice(last));
  return parts.join('');
}

/**
 * Tags whose boundaries are line breaks in the extracted text (or that hold no text): white space between two of
 * them is never part of a block's text, yet on news pages (indented markup) it is most of the text nodes, and every
 * node costs linkedom an object graph to build, walk and collect. Inline tags (a, span, b, br...) are not listed:
 * the space between two of them is a real word gap.
 */
const BLOCKISH =
  '(?:html|head|body|div|p|ul|ol|li|table|tbody|thead|tfoot|tr|td|th|section|article|header|footer|nav|aside|main|' +
  'figure|figcaption|form|h[1-6]|blockquote|dl|dt|dd|meta|link|title|script|noscript|option|select|hr|fieldset|iframe)';
const INTER_BLOCK_SPACE = new RegExp(`(<\\/?${BLOCKISH}\\b[^>]*>)\\s+(?=<\\/?${BLOCKISH}\\b)`, 'gi');

/** Drops white space that sits between two block-level tags (see BLOCKISH); everything else is left as it is. */
export function dropInterBlockSpace(html: string): string {
  // <pre> keeps its white space as written; pages with one are left alone.
  if (/<pre\b/i.test(html)) return html;
  return html.replace(INTER_BLOCK_SPACE, '$1');
}
