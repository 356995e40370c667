import { Parser } from 'htmlparser2';
import { DOMParser, parseHTML } from 'linkedom';

/**
 * HTML string → linkedom Document, building the same tree as linkedom's own parseHTML for less. linkedom's parser,
 * for every element with a class attribute, builds a DOMTokenList (a Set plus a write-back of the normalised value
 * to the attribute): the most expensive thing it does per element, for a token set nothing here reads (classOf reads
 * the attribute). This driver feeds the same tokenizer (htmlparser2, the version linkedom depends on, same options)
 * into the same node classes and links the nodes as linkedom does, but writes the normalised class value (tokens
 * split on white space, empty and repeated ones dropped, joined by one space: what the token set wrote back)
 * straight into the attribute; the token set is then built from it only
 * if something asks for classList, as linkedom does for elements created by script.
 *
 * Attribute and text nodes (two thirds of the nodes of a news page) are also made without running their
 * constructors: each linkedom node's base constructor registers it in a module-private WeakMap with a Map of its own,
 * for event listeners. Measured on the dev pages, skipping them (and the garbage collector's work on them) saved
 * about a quarter of extraction's CPU time (attributes and text ~15%, elements ~11% more); nothing here ever adds a listener to an attribute or a text node (the
 * document never leaves extraction). These nodes get the same prototype and the same own fields, set in the same
 * order, as the constructors give them (the compatibility probe checks the field lists), so every method works on
 * them; only addEventListener on one of them would fail. Elements are made the same way when their class's
 * constructors set nothing but the common element fields (checked once per tag name: div, p, a, span... all of the
 * usual ones); the others (template, style, canvas...) go through document.createElement.
 *
 * It relies on linkedom's private linking (symbol-keyed next/prev/end pointers, an attribute's value slot), found
 * by description on probe nodes. On first use it parses a probe page both ways and compares the serialisations;
 * when anything is missing or differs (another linkedom version), linkedom's parseHTML is used, so extraction stays
 * correct, only slower. test/extract-parse.test.ts checks the trees match on varied markup.
 */

interface Internals {
  END: symbol;
  NEXT: symbol;
  PREV: symbol;
  VALUE: symbol;
  CHANGED: symbol;
  attrProto: object;
  textProto: object;
  /** Symbols and end-marker type of an element's own fields (see newElement). */
  PRIVATE: symbol;
  START: symbol;
  CLASS_LIST: symbol;
  DATASET: symbol;
  STYLE: symbol;
  NODE_END: number;
  /** Own keys of a plain element and of its end marker, as linkedom's constructors leave them. */
  elementKeys: string;
  endKeys: string;
}

// linkedom's nodes carry their links under private symbols; indexing by them needs a loose type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const SVG_NS = 'http://www.w3.org/2000/svg';
const PROBE =
  '<!doctype html><html lang="en"><head><title>t &amp; u</title><meta name="a" content="b"></head><body class=" x  y x ">' +
  '<div id="d" class="">one<p>two<br>three<img src="i.png" alt=""></p><![CDATA[c]]><!-- note --><ul><li>a<li>b</ul>' +
  '<svg class="s"><g class="g"><path d="M0"/></g></svg><table><tr><td>1</td></tr></table></div></body></html>';

let internals: Internals | null | undefined;

const keysOf = (o: object) => Reflect.ownKeys(o).map(String).join();

function symbolOf(obj: object, description: string): symbol | undefined {
  return Object.getOwnPropertySymbols(obj).find((s) => s.description === description);
}

function findInternals(): Internals | null {
  try {
    const doc = new DOMParser().parseFromString('<html><body><div class="a">t</div></body></html>', 'text/html') as Any;
    const div = doc.body.firstChild;
    const attr = div.getAttributeNode('class');
    const text = div.firstChild;
    const found = {
      END: symbolOf(div, 'end'),
      NEXT: symbolOf(div, 'next'),
      PREV: symbolOf(div, 'prev'),
      VALUE: symbolOf(attr, 'value'),
      CHANGED: symbolOf(attr, 'changed'),
      attrProto: Object.getPrototypeOf(attr),
      textProto: Object.getPrototypeOf(text),
    };
    const el = doc.createElement('div');
    const sym = (d: string) => symbolOf(el, d);
    const more = {
      PRIVATE: sym('private'),
      START: symbolOf(el[found.END!], 'start'),
      CLASS_LIST: sym('classList'),
      DATASET: sym('dataset'),
      STYLE: sym('style'),
      NODE_END: el[found.END!]?.nodeType,
      elementKeys: keysOf(el),
      endKeys: keysOf(el[found.END!]),
    };
    if (!found.END || !found.NEXT || !found.PREV || !found.VALUE || !found.CHANGED || text?.nodeType !== 3) return null;
    if (!more.PRIVATE || !more.START || !more.CLASS_LIST || !more.DATASET || !more.STYLE || typeof more.NODE_END !== 'number') return null;
    const ok = { ...found, ...more } as Internals;
    // Nodes made here carry exactly the own fields, in the same order, that linkedom's constructors give.
    if (keysOf(newAttr(ok, doc, 'x', '')) !== keysOf(doc.createAttribute('x'))) return null;
    if (keysOf(newText(ok, doc, 'x')) !== keysOf(doc.createTextNode('x'))) return null;
    const mine = newElement(ok, doc, 'div');
    if (mine.nodeType !== 1 || keysOf(mine) !== ok.elementKeys || keysOf(mine[ok.END]) !== ok.endKeys) return null;
    const same = String(build(PROBE, ok)) === String((parseHTML(PROBE) as Any).document);
    return same ? ok : null;
  } catch {
    return null;
  }
}

/** A node with linkedom's Node constructor's own fields, in its order (the order keeps V8's object shapes alike). */
function newNode(k: Internals, proto: object, document: Any, localName: string, nodeType: number): Any {
  const n = Object.create(proto);
  n.ownerDocument = document;
  n.localName = localName;
  n.nodeType = nodeType;
  n.parentNode = null;
  n[k.NEXT] = null;
  n[k.PREV] = null;
  return n;
}

/** An Attr as `document.createAttribute(name)` makes it, less the event-listener registration (see above). */
function newAttr(k: Internals, document: Any, name: string, value: string): Any {
  // Node's fields, then Attr's, as the constructors set them.
  const a = newNode(k, k.attrProto, document, name, 2);
  a.ownerElement = null;
  a.name = name;
  a[k.VALUE] = value;
  a[k.CHANGED] = false;
  return a;
}

/** A Text node as `document.createTextNode(data)` makes it, less the event-listener registration. */
function newText(k: Internals, document: Any, data: string): Any {
  const t = newNode(k, k.textProto, document, '#text', 3);
  t[k.VALUE] = data;
  return t;
}

/** Per tag name: the element class's prototype when its constructors set only the common fields, else null. */
const plainProto = new Map<string, object | null>();

function protoFor(k: Internals, document: Any, name: string): object | null {
  const known = plainProto.get(name);
  if (known !== undefined) return known;
  const probe = document.createElement(name);
  const proto: object | null = keysOf(probe) === k.elementKeys && keysOf(probe[k.END]) === k.endKeys ? Object.getPrototypeOf(probe) : null;
  // Bounded: a hostile page can invent any number of tag names; past the cap they are simply not cached.
  if (plainProto.size < 2000) plainProto.set(name, proto);
  return proto;
}

/**
 * An element as `document.createElement(name)` makes it, less the event-listener registration: Node's fields, then
 * ParentNode's (its end marker), then Element's, in the constructors' order. Tags whose class sets more go to
 * createElement.
 */
function newElement(k: Internals, document: Any, name: string): Any {
  const proto = protoFor(k, document, name);
  if (!proto) return document.createElement(name);
  const el = newNode(k, proto, document, name, 1);
  el[k.PRIVATE] = null;
  const end = { [k.NEXT]: null, [k.PREV]: el, [k.START]: el, nodeType: k.NODE_END, ownerDocument: document, parentNode: null };
  el[k.NEXT] = el[k.END] = end;
  el[k.CLASS_LIST] = null;
  el[k.DATASET] = null;
  el[k.STYLE] = null;
  return el;
}

/** The class value linkedom's token set writes back: white-space separated tokens, each once, in first-seen order. */
function normaliseClass(value: string): string {
  const tokens = value.split(/\s+/);
  let out = '';
  const seen = new Set<string>();
  for (const t of tokens) {
    if (!t || seen.has(t)) continue;
    seen.add(t);
    out = out ? `${out} ${t}` : t;
  }
  return out;
}

/** linkedom's parseFromString for HTML, without the per-element token set and listener registrations (see above). */
function build(html: string, k: Internals): Document {
  const { END, NEXT, PREV, VALUE, CHANGED } = k;
  const document = new DOMParser().parseFromString('', 'text/html') as Any;
  let node: Any = document;
  let svg: Any = null;
  let cdata = false;
  const link = (a: Any, b: Any): void => {
    a[NEXT] = b;
    b[PREV] = a;
  };
  const append = (child: Any): Any => {
    const end = node[END];
    child.parentNode = node;
    link(end[PREV], child);
    link(child.nodeType === 1 ? child[END] : child, end);
    return child;
  };
  const parser = new Parser(
    {
      onprocessinginstruction(name: string, data: string) {
        if (name.toLowerCase() === '!doctype') document.doctype = data.slice(name.length).trim();
      },
      onopentag(name: string, attributes: Record<string, string>) {
        let el: Any;
        if (svg) {
          el = append(document.createElementNS(SVG_NS, name));
          el.ownerSVGElement = svg;
        } else if (name === 'svg' || name === 'SVG') el = svg = append(document.createElementNS(SVG_NS, name));
        else el = append(newElement(k, document, name));
        node = el;
        const end = el[END];
        for (const key of Object.keys(attributes)) {
          const value = attributes[key]!;
          const plainClass = key === 'class' && !svg;
          const attr = newAttr(k, document, key, plainClass ? normaliseClass(value) : value);
          attr.ownerElement = el;
          link(end[PREV], attr);
          link(attr, end);
          // What the token set's write-back leaves: a changed flag. SVG elements keep their class in an
          // animated-string proxy: linkedom's own path.
          if (plainClass) attr[CHANGED] = true;
          else if (key === 'class') el.className = value;
        }
      },
      oncomment(data: string) {
        append(document.createComment(data));
      },
      ontext(text: string) {
        append(cdata ? document.createCDATASection(text) : newText(k, document, text));
      },
      oncdatastart() {
        cdata = true;
      },
      oncdataend() {
        cdata = false;
      },
      onclosetag() {
        if (node === svg) svg = null;
        node = node.parentNode;
      },
    },
    { lowerCaseAttributeNames: false, decodeEntities: true, xmlMode: false },
  );
  parser.write(html);
  parser.end();
  return document as Document;
}

/** Parses a whole HTML page (it must hold an <html> element: see asDocument) into a linkedom Document. */
export function parseDocument(html: string): Document {
  if (internals === undefined) internals = findInternals();
  return internals ? build(html, internals) : (parseHTML(html) as unknown as { document: Document }).document;
}

/** Whether the fast driver is in use (false: linkedom's parseHTML, after a failed compatibility probe). */
export function fastParserActive(): boolean {
  if (internals === undefined) internals = findInternals();
  return internals !== null;
}
