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
  const norm = ws.map((w) => (/^\d/.test(w) ? (w.endsWith('%') ? '<pct>' : /^\d{4}$/.test(w) ? '<year>' : '<num>') : w));
  for (let i = 0; i < norm.length; i++) {
    f.add('w=' + norm[i]);
    f.add('b=' + (i === 0 ? '<s>' : norm[i - 1]) + '_' + norm[i]);
  }
  if (norm.length) f.add('b=' + norm[norm.length - 1] + '_</s>');
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
  f.add('len=' + (n < 5 ? 'xs' : n < 10 ? 's' : n < 20 ? 'm' : n < 35 ? 'l' : 'xl'));
  if (caps) f.add('caps=' + Math.min(caps, 3));
  if (nums) f.add('nums=' + Math.min(nums, 3));
  if (first) f.add('first-person');
  if (second) f.add('second-person');
  if (past) f.add('past=' + Math.min(past, 2));
  if (quant) f.add('quantity');
  if (comp) f.add('comparative');
  if (modal) f.add('modal');
  if (nums && quant) f.add('num+quantity');
  if (nums && comp) f.add('num+comparative');
  if (caps && past) f.add('name+past');
  if (/\?\s*$/.test(text)) f.add('question');
  f.add('bias');
  return [...f];
}
