/**
 * Small, general cue-word families, written for news in general (not learned from any corpus). They let the model
 * share evidence across rare words of one family; the learned weights decide how much each family counts.
 */
const FAMILIES: Record<string, string[]> = {
  nation: [
    'nation', 'nations', 'national', 'nationhood', 'country', 'countries', 'homeland', 'fatherland', 'motherland',
    'patriot', 'patriots', 'patriotic', 'patriotism', 'flag', 'sovereignty', 'sovereign', 'heritage', 'founding',
    'constitution', 'freedom', 'freedoms', 'liberty', 'values', 'civilization', 'civilisation', 'our', 'ours', 'we', 'us',
    'american', 'americans', 'america', 'british', 'britain', 'russian', 'russians', 'western', 'people',
  ],
  authority: [
    'said', 'says', 'according', 'expert', 'experts', 'professor', 'scientist', 'scientists', 'doctor', 'dr',
    'official', 'officials', 'study', 'studies', 'research', 'report', 'reports', 'spokesman', 'spokeswoman',
    'testified', 'stated', 'insists', 'warned', 'explained', 'confirmed', 'analyst', 'analysts', 'pope', 'president',
    'minister', 'agency', 'intelligence', 'sources', 'told',
  ],
  extreme: [
    'most', 'least', 'never', 'ever', 'always', 'all', 'every', 'entire', 'entirely', 'totally', 'completely',
    'absolutely', 'huge', 'massive', 'enormous', 'unprecedented', 'only', 'nothing', 'nobody', 'everyone',
    'everything', 'millions', 'billions', 'countless', 'literally', 'utterly', 'extremely', 'greatest', 'worst',
    'best', 'biggest', 'largest', 'incredible', 'unbelievable', 'whole', 'no', 'single', 'mere', 'merely', 'tiny',
  ],
  doubt: [
    'whether', 'question', 'questions', 'questionable', 'doubt', 'doubts', 'allegedly', 'alleged', 'so-called',
    'supposedly', 'claim', 'claims', 'claimed', 'apparently', 'really', 'why', 'how', 'perhaps', 'maybe',
    'speculate', 'suspicious', 'dubious', 'credibility', 'unclear', 'mystery', 'strange', 'convenient', 'conveniently',
    'wonder', 'if', 'reportedly', 'purported', 'purportedly',
  ],
  fear: [
    'threat', 'threats', 'threaten', 'threatens', 'danger', 'dangerous', 'destroy', 'destroyed', 'destruction',
    'terror', 'terrorist', 'terrorists', 'terrorism', 'kill', 'killed', 'killing', 'death', 'deaths', 'die', 'war',
    'invasion', 'invade', 'crisis', 'catastrophe', 'catastrophic', 'disaster', 'collapse', 'risk', 'fear', 'afraid',
    'attack', 'attacks', 'violence', 'chaos', 'genocide', 'slaughter', 'enemy', 'enemies', 'invaders', 'flood',
  ],
  hated: [
    'hitler', 'nazi', 'nazis', 'fascist', 'fascists', 'fascism', 'stalin', 'communist', 'communists', 'communism',
    'totalitarian', 'dictator', 'dictatorship', 'gestapo', 'soviet', 'marxist', 'everybody', 'majority', 'popular',
  ],
  causal: [
    'because', 'therefore', 'thus', 'hence', 'cause', 'caused', 'causes', 'causing', 'result', 'resulted', 'leads',
    'led', 'since', 'due', 'consequently', 'reason', 'blame', 'blamed', 'responsible', 'fault', 'behind',
  ],
  binary: [
    'either', 'or', 'choice', 'choose', 'alternative', 'must', 'unless', 'option', 'options', 'against', 'side',
    'with', 'without',
  ],
  deflect: [
    'what', 'about', 'yet', 'hypocrisy', 'hypocrite', 'hypocrites', 'hypocritical', 'double', 'standard', 'standards',
    'meanwhile', 'instead', 'while', 'whereas', 'pretend', 'pretends',
  ],
  cliche: ['period', 'end', 'story', 'simply', 'enough', 'matter', 'fact', 'way', 'said', 'done', 'move', 'nothing', 'more'],
  derogatory: [
    'thug', 'thugs', 'regime', 'elite', 'elites', 'globalist', 'globalists', 'radical', 'radicals', 'extremist',
    'extremists', 'puppet', 'puppets', 'proxy', 'proxies', 'cronies', 'mob', 'lunatic', 'lunatics', 'idiot', 'idiots',
    'traitor', 'traitors', 'liar', 'liars', 'propaganda', 'jihadi', 'jihadis', 'jihadist', 'jihadists', 'zealot',
    'zealots', 'henchmen', 'stooge', 'stooges', 'lackey', 'lackeys', 'clown', 'clowns', 'crook', 'crooks',
  ],
  emotive: [
    'vicious', 'brutal', 'evil', 'horrific', 'horrible', 'outrageous', 'shocking', 'disgusting', 'disgraceful',
    'shameful', 'pathetic', 'ridiculous', 'absurd', 'insane', 'crazy', 'vile', 'barbaric', 'savage', 'monstrous',
    'heinous', 'despicable', 'appalling', 'atrocious', 'sinister', 'nefarious', 'wicked', 'corrupt', 'rotten',
    'hysterical', 'hysteria', 'slam', 'slams', 'blasted', 'destroyed', 'devastating', 'tragic', 'heroic', 'glorious',
    'brave', 'bravely', 'cowardly', 'deadly', 'bloody', 'sick', 'outrage', 'disaster', 'nightmare',
  ],
};

const CUE = new Map<string, string[]>();
for (const [family, words] of Object.entries(FAMILIES)) {
  for (const w of words) {
    const list = CUE.get(w);
    if (list) list.push(family);
    else CUE.set(w, [family]);
  }
}

const NONE: readonly string[] = [];

/** The cue families a lower-cased word belongs to (often none). */
export function cueFamilies(norm: string): readonly string[] {
  return CUE.get(norm) ?? NONE;
}

/** Function words, excluded from repetition counts (their repeats are meaningless). */
export const STOP = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those ' +
    'he she they we you i me him her them us my your his their our not no so do does did has have had will would can could ' +
    'should may might must shall than then there here what which who whom whose when where why how all any some such ' +
    'into about over after before up down out off again further once also just only very too more most other same own ' +
    "'s n't 's said says"
  ).split(' '),
);
