/**
 * Small DOM helpers shared by the HTML extractor. linkedom's DOM is typed loosely here (the global lib types), and
 * these helpers stay within the subset linkedom implements.
 */

export type El = Element;

const BLOCK_BREAK = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

export const SKIP_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'option', 'input', 'textarea', 'iframe',
  'object', 'embed', 'canvas', 'video', 'audio', 'map', 'head', 'link', 'meta',
]);

export function tagOf(el: Element): string {
  return el.tagName.toLowerCase();
}

export function isBlockTag(tag: string): boolean {
  return BLOCK_BREAK.has(tag);
}

/** Visible text of an element: <br> and block boundaries become line breaks, scripts and controls are skipped. */
export function textOf(el: Element): string {
  let out = '';
  const walk = (node: Node): void => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) out += c.nodeValue ?? '';
      else if (c.nodeType === 1) {
        const tag = tagOf(c as Element);
        if (SKIP_TAGS.has(tag)) continue;
        if (tag === 'br') {
          out += '\n';
          continue;
        }
        const block = BLOCK_BREAK.has(tag);
        if (block) out += '\n';
        walk(c);
        if (block) out += '\n';
        else if (tag === 'td' || tag === 'th') out += ' ';
      }
    }
  };
  walk(el);
  return out;
}

/** Class and id of an element as one lower-case string, for boilerplate patterns. */
export function classId(el: Element): string {
  const cls = el.getAttribute('class') ?? '';
  const id = el.getAttribute('id') ?? '';
  return `${cls} ${id}`.toLowerCase();
}

/** Resolves `href` against `base`; undefined when neither makes an absolute http(s) URL. */
export function resolveUrl(href: string | null | undefined, base?: string): string | undefined {
  const h = href?.trim();
  if (!h) return undefined;
  try {
    const u = base ? new URL(h, base) : new URL(h);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function collapse(s: string): string {
  return s.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** linkedom needs an <html> element to build a document; fragments and plain text get one. */
export function asDocument(html: string): string {
  return /<html[\s>]/i.test(html.slice(0, 5000)) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
}
