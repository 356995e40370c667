/**
 * English verb and noun inflection for trigger lexicons: from a base form, the surface forms a text can use.
 * Regular rules plus the irregular verbs event reports use; nouns get a plural.
 */
const IRREGULAR: Record<string, string[]> = {
  seize: ['seized'],
  fight: ['fought'],
  shoot: ['shot'],
  hit: ['hit'],
  beat: ['beaten', 'beat'],
  break: ['broke', 'broken'],
  give: ['gave', 'given'],
  send: ['sent'],
  meet: ['met'],
  hold: ['held'],
  take: ['took', 'taken'],
  bring: ['brought'],
  throw: ['threw', 'thrown'],
  lead: ['led'],
  leave: ['left'],
  withdraw: ['withdrew', 'withdrawn'],
  undertake: ['undertook', 'undertaken'],
  forgive: ['forgave', 'forgiven'],
  slay: ['slew', 'slain'],
  blow: ['blew', 'blown'],
  drive: ['drove', 'driven'],
  overrun: ['overran', 'overrun'],
  spend: ['spent'],
  lend: ['lent'],
  cut: ['cut'],
  set: ['set'],
  put: ['put'],
  shut: ['shut'],
  bid: ['bid'],
  steal: ['stole', 'stolen'],
  strike: ['struck', 'stricken'],
  fly: ['flew', 'flown'],
  rise: ['rose', 'risen'],
  speak: ['spoke', 'spoken'],
  tell: ['told'],
  say: ['said'],
  keep: ['kept'],
  freeze: ['froze', 'frozen'],
  sell: ['sold'],
  win: ['won'],
  lose: ['lost'],
  build: ['built'],
  make: ['made'],
  pay: ['paid'],
  lay: ['laid'],
};

const VOWELS = /[aeiou]/;

export function verbForms(base: string): string[] {
  const forms = new Set<string>([base]);
  const irregular = IRREGULAR[base];
  if (irregular) irregular.forEach((f) => forms.add(f));
  // third person
  if (/(s|sh|ch|x|z|o)$/.test(base)) forms.add(`${base}es`);
  else if (/[^aeiou]y$/.test(base)) forms.add(`${base.slice(0, -1)}ies`);
  else forms.add(`${base}s`);
  // -ing and -ed
  if (base.endsWith('ee')) {
    forms.add(`${base}ing`);
    forms.add(`${base}d`);
  } else if (base.endsWith('ie')) {
    forms.add(`${base.slice(0, -2)}ying`);
    forms.add(`${base}d`);
  } else if (base.endsWith('e') && !base.endsWith('ee')) {
    forms.add(`${base.slice(0, -1)}ing`);
    if (!irregular) forms.add(`${base}d`);
  } else if (/[^aeiou]y$/.test(base)) {
    forms.add(`${base}ing`);
    if (!irregular) forms.add(`${base.slice(0, -1)}ied`);
  } else if (doublesFinal(base)) {
    const d = base + base.at(-1)!;
    forms.add(`${d}ing`);
    if (!irregular) forms.add(`${d}ed`);
  } else {
    forms.add(`${base}ing`);
    if (!irregular) forms.add(`${base}ed`);
  }
  return [...forms];
}

/** One-syllable consonant-vowel-consonant verbs double the final consonant: ban → banned; not "attack", "shell". */
function doublesFinal(base: string): boolean {
  if (!/[^aeiouwxy][aeiou][bdgklmnprt]$/.test(base)) return false;
  const syllables = base.match(/[aeiouy]+/g)?.length ?? 0;
  return syllables === 1 || ['admit', 'commit', 'compel', 'control', 'patrol', 'rebel', 'repel', 'expel', 'propel', 'occur', 'refer', 'transfer', 'omit', 'submit', 'equip', 'regret', 'abet', 'kidnap', 'worship'].includes(base);
}

export function nounForms(base: string): string[] {
  if (/(s|sh|ch|x|z)$/.test(base)) return [base, `${base}es`];
  if (/[^aeiou]y$/.test(base)) return [base, `${base.slice(0, -1)}ies`];
  return [base, `${base}s`];
}
