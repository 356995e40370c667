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
