/**
 * Features of one sentence for the check-worthiness model, shared by training (scripts/train-checkworthy.ts) and
 * scoring so that both see exactly the same strings. Sparse binary features: lower-cased word unigrams and bigrams,
 * plus cues that mark a checkable factual statement (numbers, quantities, named things, comparisons, past tense)
 * or its opposite (questions, first/second person, thanks, exhortations).
 */

const WORD = /[A-Za-z][A-Za-z'’-]*|\d[\d,.]*%?|\$|%|\?|!/g;
const FIRST_PERSON = new Set(['i', "i'm", 'me', 'my', 'we', "we're", "we've", 'us', 'our']);
const SECOND_PERSON = new Set(['you', 'your', "you're", "you've"]);
const PAST = new Set(['was', 'were', 'did', 'had', 'voted', 'passed', 'cut', 'lost', 'won', 'grew', 'fell', 'rose', 'spent', 'made', 'went']);
const QUANTITY = new Set(['percent', 'million', 'billion', 'trillion', 'thousand', 'hundred', 'half', 'twice', 'times', 'dollars', 'jobs', 'rate', 'deficit', 'debt', 'tax', 'taxes']);
const COMPARATIVE = new Set(['more', 'less', 'fewer', 'most', 'least', 'highest', 'lowest', 'largest', 'biggest', 'than', 'increase', 'increased', 'decrease', 'decreased', 'doubled', 'tripled']);
const MODAL_FUTURE = new Set(['will', "i'll", "we'll", 'would', 'should', 'must', 'going', 'gonna', 'can', 'could']);

export function words(text: string): string[] {
  return (text.match(WORD) ?? []).map((w) => w.toLowerCase().replace(/’/g, "'"));
}

export function featurize(text: string): string[] {
  const raw = text.match(WORD) ?? [];
  const ws = raw.map((w) => w.toLowerCase().replace(/’/g, "'"));
  const f = new Set<string>();
  const norm = ws.map(numberClass);
  for (let i = 0; i < norm.length; i++) {
    f.add('w=' + norm[i]);
    f.add('b=' + (i === 0 ? '<s>' : norm[i - 1]) + '_' + norm[i]);
  }
  if (norm.length) f.add('b=' + norm[norm.length - 1] + '_</s>');
  for (const c of cueFeatures(text, raw, ws)) f.add(c);
  return [...f];
}

/** A word, or the class of a number ("<pct>", "<year>", "<num>"). */
function numberClass(w: string): string {
  return /^\d/.test(w) ? (w.endsWith('%') ? '<pct>' : /^\d{4}$/.test(w) ? '<year>' : '<num>') : w;
}

const CAPS = ['caps=0', 'caps=1', 'caps=2', 'caps=3'];
const NUMS = ['nums=0', 'nums=1', 'nums=2', 'nums=3'];
const PASTS = ['past=0', 'past=1', 'past=2'];

/** The sentence-level cue features of featurize, in its order (each occurs once). */
function cueFeatures(text: string, raw: readonly string[], ws: readonly string[]): string[] {
  const f: string[] = [];
  let caps = 0;
  let nums = 0;
  let first = 0;
  let second = 0;
  let past = 0;
  let quant = 0;
  let comp = 0;
  let modal = 0;
  for (let i = 0; i < raw.length; i++) {
    const w = ws[i]!;
    if (i > 0 && /^[A-Z][a-z]/.test(raw[i]!) && w !== 'i') caps++;
    if (/^\d/.test(w) || w === '$') nums++;
    if (FIRST_PERSON.has(w)) first++;
    if (SECOND_PERSON.has(w)) second++;
    if (PAST.has(w) || /ed$/.test(w)) past++;
    if (QUANTITY.has(w)) quant++;
    if (COMPARATIVE.has(w) || (/er$/.test(w) && ws[i + 1] === 'than')) comp++;
    if (MODAL_FUTURE.has(w)) modal++;
  }
  const n = ws.length;
  // Feature names from constant tables: one concatenation per sentence and feature was most of this function's garbage.
  f.push(n < 5 ? 'len=xs' : n < 10 ? 'len=s' : n < 20 ? 'len=m' : n < 35 ? 'len=l' : 'len=xl');
  if (caps) f.push(CAPS[Math.min(caps, 3)]!);
  if (nums) f.push(NUMS[Math.min(nums, 3)]!);
  if (first) f.push('first-person');
  if (second) f.push('second-person');
  if (past) f.push(PASTS[Math.min(past, 2)]!);
  if (quant) f.push('quantity');
  if (comp) f.push('comparative');
  if (modal) f.push('modal');
  if (nums && quant) f.push('num+quantity');
  if (nums && comp) f.push('num+comparative');
  if (caps && past) f.push('name+past');
  if (/\?\s*$/.test(text)) f.push('question');
  f.push('bias');
  return f;
}
