import type { Span } from '../../core/span.js';

/**
 * Spans inside quotation marks (the marks excluded), paired within a paragraph: curly quotes pair open/close,
 * straight double quotes alternate. A quote left open at a paragraph end closes there, as news often reopens a
 * quote on the next paragraph without closing the previous one.
 */
export function quoteSpans(text: string, from = 0, to = text.length): Span[] {
  const out: Span[] = [];
  let open = -1;
  for (let i = from; i <= to; i++) {
    let c = i < to ? text[i] : '\n';
    // two apostrophes stand for a double quote in some archives (''like this'')
    if (c === "'" && text[i + 1] === "'") {
      c = '"';
      i++;
    }
    if (c === '\n') {
      if (open >= 0 && i - open > 1) out.push({ start: open, end: i });
      open = -1;
    } else if (c === '“' || (c === '"' && open < 0 && opensHere(text, text[i - 1] === "'" && text[i] === "'" ? i - 1 : i))) {
      open = i + 1;
    } else if ((c === '”' || c === '"') && open >= 0) {
      const close = text[i] === "'" ? i - 1 : i;
      if (close > open) out.push({ start: open, end: close });
      open = -1;
    }
  }
  return out;
}

/** A straight quote opens when the character before it is not a letter or digit (start, space, bracket, dash). */
function opensHere(text: string, i: number): boolean {
  return i === 0 || !/[\p{L}\p{N}]/u.test(text[i - 1]!);
}

export function quoteAt(quotes: readonly Span[], offset: number): Span | undefined {
  // quoteSpans() returns spans in order and never nested, so their ends ascend too: the first span whose widened
  // end reaches the offset is the only candidate (binary search; a linear scan per cue was quadratic on long pages).
  let lo = 0;
  let hi = quotes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (quotes[mid]!.end + 1 < offset) lo = mid + 1;
    else hi = mid;
  }
  const q = quotes[lo];
  return q && q.start - 1 <= offset ? q : undefined;
}

/** The last quote span starting at or before `offset` (spans ordered and never nested, as quoteSpans() makes them). */
export function lastQuoteFrom(quotes: readonly Span[], offset: number): Span | undefined {
  let lo = 0;
  let hi = quotes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (quotes[mid]!.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? quotes[lo - 1] : undefined;
}
