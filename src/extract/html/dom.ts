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
  // localName, not tagName: linkedom's tagName upper-cases the name on every call.
  return el.localName.toLowerCase();
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

/**
 * Every element below `root`, in document order (what `querySelectorAll('*')` returns, without the selector
 * engine: on linkedom, compiling and matching a selector against every element costs far more than this walk).
 * Iterative, since hostile pages nest deeply.
 */
export function descendants(root: ParentNode): Element[] {
  const out: Element[] = [];
  const stack: Node[] = [];
  for (let c = lastChildOf(root); c; c = c.previousSibling) stack.push(c);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.nodeType !== 1) continue;
    out.push(n as Element);
    for (let c = n.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c);
  }
  return out;
}

function lastChildOf(root: ParentNode): Node | null {
  return (root as unknown as Node).lastChild;
}

/** Deepest element nesting below `root` (its children are depth 1). */
export function maxDepth(root: ParentNode): number {
  // Two parallel stacks and last-child/previous-sibling steps, as in descendants: no pair allocated per element.
  let max = 0;
  const nodes: Node[] = [];
  const depths: number[] = [];
  for (let c = lastChildOf(root); c; c = c.previousSibling) {
    if (c.nodeType !== 1) continue;
    nodes.push(c);
    depths.push(1);
  }
  while (nodes.length) {
    const n = nodes.pop()!;
    const d = depths.pop()!;
    if (d > max) max = d;
    for (let c = n.lastChild; c; c = c.previousSibling) {
      if (c.nodeType !== 1) continue;
      nodes.push(c);
      depths.push(d + 1);
    }
  }
  return max;
}

/**
 * The raw class attribute ('' when absent). linkedom's getAttribute('class') rebuilds the value from a token set
 * created for the element, which costs more than every other test made on it; the attribute node holds the string.
 */
export function classOf(el: Element): string {
  return el.getAttributeNode('class')?.value ?? '';
}

/** Whether the element carries any of the class tokens `names` (what the selectors `.name, ...` test). */
export function hasClass(el: Element, names: readonly string[]): boolean {
  const cls = classOf(el);
  if (!cls) return false;
  const tokens = cls.split(/\s+/);
  return names.some((n) => cls.includes(n) && tokens.includes(n));
}

/** Class and id of an element as one lower-case string, for boilerplate patterns. */
export function classId(el: Element): string {
  const cls = classOf(el);
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
