import * as chrono from 'chrono-node';

/**
 * The latest full calendar date (day, month and year all written) that the text states, as YYYY-MM-DD; dates after
 * `notAfter` are ignored, since an article cannot report them as past. Relative dates ("today", "September 24th")
 * are anchored to this when the page gives no publication date.
 */
export function latestStatedDate(text: string, notAfter: Date = new Date()): string | undefined {
  let best: string | undefined;
  const limit = isoDate(notAfter);
  const body = text.length > 200_000 ? text.slice(0, 200_000) : text;
  // chrono is the costly part, and only a line that writes a four-digit year can state a full date: the rest of
  // the text (most of it) is never handed to chrono.
  const lines = body.split('\n').filter((line) => YEAR.test(line));
  for (const r of lines.flatMap((line) => chrono.en.strict.parse(line, notAfter))) {
    const c = r.start;
    // A written year, not one chrono computed from "three days ago" and the reference instant.
    if (!c.isCertain('year') || !c.isCertain('month') || !c.isCertain('day') || !/\d{4}/.test(r.text)) continue;
    const iso = isoDate(c.date());
    if (iso <= limit && (!best || iso > best)) best = iso;
  }
  return best;
}

const YEAR = /\d{4}/;

export function isoDate(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}
