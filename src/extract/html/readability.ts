import { Readability } from '@mozilla/readability';

/**
 * Readability with a few of its internal helpers replaced by cheaper ones that give the same result on linkedom.
 * Profiling showed these helpers, not the scoring itself, to be a large part of extraction's cost:
 * - `_getAllNodesWithTag` ran linkedom's selector engine (compiling a selector, matching every element) where a
 *   walk comparing tag names gives the same elements in the same (document) order;
 * - `_isProbablyVisible` built a CSSStyleDeclaration proxy for EVERY element to read `display`, though most
 *   elements have no style, hidden or aria-hidden attribute at all (then they are visible: the original's answer);
 * - `_unwrapNoscriptImages` re-parsed the HTML of every image-only <noscript>, even when there was no placeholder
 *   image before it to replace (then the copy was thrown away);
 * - `parse` serialised the whole article for a debug log line that is dropped unless debugging;
 * - `_fixRelativeUris` resolved every link and image URL, which nothing downstream reads; only its rewrite of
 *   `javascript:` links into text (which changes what counts as link text) is kept;
 * - `_grabArticle` serialises the whole body first (`page.innerHTML`), to restore it if the article it finds is too
 *   short and it must try again with fewer rules. Most news pages never retry (6 of the 94 dev pages do), and the
 *   serialisation was about a twentieth of extraction's cost. When the caller can rebuild the page as it was handed
 *   over (`replay`), the body answers that one read with a placeholder, and only a retry (writing the placeholder
 *   back) pays, for rebuilding the page to the same point and serialising it: the same string. A retrying page
 *   costs more than before (a second parse), the others less: the median page gains, the mean about breaks even.
 * These are private methods of @mozilla/readability, written against 0.6.0: when one is missing (another version)
 * the plain library runs, so extraction stays correct, only slower; test/extract-prepass.test.ts checks that the
 * subclass and the library still find the same article.
 */

// Readability's internals are untyped JavaScript; the overrides below mirror them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const base = Readability.prototype as Any;
const INTERNALS = [
  '_getAllNodesWithTag', '_isProbablyVisible', '_unwrapNoscriptImages', '_postProcessContent', '_getArticleMetadata', '_grabArticle',
  '_isSingleImage', '_simplifyNestedElements', '_cleanClasses', '_getJSONLD', '_removeScripts', '_prepDocument',
];
const compatible = INTERNALS.every((m) => typeof base[m] === 'function');

/** Descendants of `node` whose tag is one of `tagNames`, in document order (what querySelectorAll returns). */
function nodesWithTag(node: Node, tagNames: readonly string[]): Element[] {
  const want = tagNames.length === 1 ? undefined : new Set(tagNames.map((t) => t.toLowerCase()));
  const one = tagNames.length === 1 ? tagNames[0]!.toLowerCase() : '';
  const out: Element[] = [];
  const stack: Node[] = [];
  for (let c = node.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c);
  while (stack.length) {
    const el = stack.pop() as Element;
    const name = el.localName;
    if (want ? want.has(name) || want.has(name.toLowerCase()) : name === one || name.toLowerCase() === one) out.push(el);
    // querySelectorAll on linkedom does not look inside <template>.
    if (name === 'template') continue;
    for (let c = el.lastChild; c; c = c.previousSibling) if (c.nodeType === 1) stack.push(c);
  }
  return out;
}

const overrides = {
  _getAllNodesWithTag(this: Any, node: Node, tagNames: string[]): Element[] {
    return nodesWithTag(node, tagNames);
  },

  _isProbablyVisible(this: Any, node: Element): boolean {
    // No attribute that can hide it: visible, as the full test would find.
    if (!node.hasAttribute('style') && !node.hasAttribute('hidden') && !node.hasAttribute('aria-hidden')) return true;
    return base._isProbablyVisible.call(this, node);
  },

  _unwrapNoscriptImages(this: Any, doc: Document): void {
    // The library's code, with the <noscript> content parsed only when it will be used.
    const imgs = nodesWithTag(doc, ['img']);
    for (const img of imgs) {
      let keep = false;
      for (const attr of Array.from(img.attributes)) {
        if (attr.name === 'src' || attr.name === 'srcset' || attr.name === 'data-src' || attr.name === 'data-srcset' || /\.(jpg|jpeg|png|webp)/i.test(attr.value)) {
          keep = true;
          break;
        }
      }
      if (!keep) img.remove();
    }
    for (const noscript of nodesWithTag(doc, ['noscript'])) {
      if (!this._isSingleImage(noscript)) continue;
      const prevElement = noscript.previousElementSibling;
      if (!prevElement || !this._isSingleImage(prevElement)) continue;
      const tmp = doc.createElement('div');
      tmp.innerHTML = noscript.innerHTML;
      let prevImg: Element = prevElement;
      if (prevImg.tagName !== 'IMG') prevImg = prevElement.getElementsByTagName('img')[0]!;
      const newImg = tmp.getElementsByTagName('img')[0]!;
      for (const attr of Array.from(prevImg.attributes)) {
        if (attr.value === '') continue;
        if (attr.name === 'src' || attr.name === 'srcset' || /\.(jpg|jpeg|png|webp)/i.test(attr.value)) {
          if (newImg.getAttribute(attr.name) === attr.value) continue;
          let attrName = attr.name;
          if (newImg.hasAttribute(attrName)) attrName = `data-old-${attrName}`;
          newImg.setAttribute(attrName, attr.value);
        }
      }
      noscript.parentNode!.replaceChild(tmp.firstElementChild!, prevElement);
    }
  },

  _postProcessContent(this: Any, articleContent: Element): void {
    for (const link of nodesWithTag(articleContent, ['a'])) {
      const href = link.getAttribute('href');
      if (!href || !href.startsWith('javascript:')) continue;
      if (link.childNodes.length === 1 && link.childNodes[0]!.nodeType === 3) {
        link.parentNode!.replaceChild(this._doc.createTextNode(link.textContent), link);
      } else {
        const container = this._doc.createElement('span');
        while (link.firstChild) container.appendChild(link.firstChild);
        link.parentNode!.replaceChild(container, link);
      }
    }
    this._simplifyNestedElements(articleContent);
    if (!this._keepClasses) this._cleanClasses(articleContent);
  },

  parse(this: Any) {
    // The library's parse() less the element-count guard (not configured here) and the debug serialisation.
    this._unwrapNoscriptImages(this._doc);
    const jsonLd = this._disableJSONLD ? {} : this._getJSONLD(this._doc);
    this._removeScripts(this._doc);
    this._prepDocument();
    const metadata = this._getArticleMetadata(jsonLd);
    this._metadata = metadata;
    this._articleTitle = metadata.title;
    const articleContent = this._replay && this._doc.body ? grabWithLazyPageCache(this) : this._grabArticle();
    if (!articleContent) return null;
    this._postProcessContent(articleContent);
    return { title: this._articleTitle, content: this._serializer(articleContent) };
  },
};

/** Stands for the body's HTML in `_grabArticle`'s cache; no serialisation is ever this string (NULs never survive decoding). */
const PAGE_CACHE = '\u0000unspin:page-cache\u0000';

function innerHtmlAccessor(el: Element): PropertyDescriptor {
  for (let p = Object.getPrototypeOf(el); p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, 'innerHTML');
    if (d) return d;
  }
  throw new Error('no innerHTML accessor');
}

/**
 * `_grabArticle()` with the body's first innerHTML read answered by PAGE_CACHE; writing PAGE_CACHE back (a retry)
 * writes the HTML the body had at that read, taken from the rebuilt page (see the class comment).
 */
function grabWithLazyPageCache(reader: Any): Element | null {
  const body: Element = reader._doc.body;
  const proto = innerHtmlAccessor(body);
  let cached: string | undefined;
  const restore = (): string => {
    if (cached !== undefined) return cached;
    const doc: Document = reader._replay();
    const twin: Any = new FastReadability<Node>(doc, reader._opts);
    twin._unwrapNoscriptImages(doc);
    if (!twin._disableJSONLD) twin._getJSONLD(doc);
    twin._removeScripts(doc);
    twin._prepDocument();
    twin._getArticleMetadata({});
    return (cached = proto.get!.call(doc.body) as string);
  };
  Object.defineProperty(body, 'innerHTML', {
    configurable: true,
    get(this: Element) {
      // Only the first read is the cache; later ones (none in 0.6.0) see the real markup.
      Object.defineProperty(body, 'innerHTML', {
        configurable: true,
        get(this: Element) {
          return proto.get!.call(this);
        },
        set(this: Element, html: string) {
          proto.set!.call(this, html === PAGE_CACHE ? restore() : html);
        },
      });
      return PAGE_CACHE;
    },
    set(this: Element, html: string) {
      proto.set!.call(this, html);
    },
  });
  try {
    return reader._grabArticle();
  } finally {
    delete (body as Any).innerHTML;
  }
}

export interface ReadabilityOptions {
  charThreshold: number;
  keepClasses: boolean;
}

/**
 * Runs Readability on `document` (modifying it); the article's root element, or undefined when none was found.
 * `replay`, when given, rebuilds `document` as it is now (a fresh parse put through the same steps): it lets a
 * rare retry restore the page without serialising it on every call (see the class comment).
 */
export function readArticle(document: Document, opts: ReadabilityOptions, replay?: () => Document): Element | undefined {
  const R = compatible ? FastReadability : Readability;
  const options = { ...opts, serializer: (n: Node) => n };
  const reader = new R<Node>(document, options) as Any;
  if (compatible && replay) {
    reader._replay = replay;
    reader._opts = options;
  }
  const article = reader.parse();
  return (article?.content as Element | null | undefined) ?? undefined;
}

class FastReadability<T> extends Readability<T> {}
if (compatible) Object.assign(FastReadability.prototype, overrides);
