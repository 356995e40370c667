import { franc } from 'franc-all';
import { iso6393 } from 'iso-639-3';

/**
 * Language identification with franc (trigram profiles of 187 languages), restricted to languages that have an
 * ISO 639-1 code: news comes in those, and leaving out hundreds of minor varieties removes most confusions
 * (measured: `npm run eval:langid`).
 */
const MACRO_MEMBERS: Record<string, string> = {
  arb: 'ar', cmn: 'zh', pes: 'fa', prs: 'fa', zlm: 'ms', zsm: 'ms', nob: 'nb', nno: 'nn', ekk: 'et', lvs: 'lv',
  azj: 'az', uzn: 'uz', swh: 'sw', khk: 'mn', npi: 'ne', plt: 'mg', ydd: 'yi', als: 'sq', gaz: 'om', quy: 'qu',
  kmr: 'ku', ckb: 'ku', pbu: 'ps', lav: 'lv', est: 'et', ori: 'or', hbs: 'sh',
};

let to1: Map<string, string> | undefined;

function toIso1(): Map<string, string> {
  if (!to1) {
    to1 = new Map();
    for (const l of iso6393) if (l.iso6391) to1.set(l.iso6393, l.iso6391);
    for (const [k, v] of Object.entries(MACRO_MEMBERS)) to1.set(k, v);
  }
  return to1;
}

let only: string[] | undefined;

/** Frequent English function words; "the" is counted apart because other languages' frequent short words rarely are it. */
const ENGLISH_MARKERS = new Set(
  'the of and to that is was for with on as by it this from are were be have has had which would their they he his said not or an at'.split(' '),
);

/**
 * Most news is English, and franc compares every text with ~180 trigram profiles (~5 ms a page). A long text whose
 * words are at least a fifth English function words, with "the" at least 3% of them, is English without asking
 * franc. Measured: no false positive on 34,082 windows of 3, 10 and 30 sentences in the 74 other languages of the
 * langid set; 76 of the 84 English pages of extraction-dev take this path, the rest go to franc.
 */
export function clearlyEnglish(sample: string): boolean {
  const words = sample.toLowerCase().match(/\p{L}+/gu);
  if (!words || words.length < 60) return false;
  let markers = 0;
  let the = 0;
  for (const w of words) {
    if (ENGLISH_MARKERS.has(w)) markers++;
    if (w === 'the') the++;
  }
  return markers >= 0.2 * words.length && the >= 4 && the >= 0.03 * words.length;
}

/** ISO 639-1 code of the text's language, or "und" when the text is too short or unclear. */
export function detectLanguage(text: string): string {
  if (clearlyEnglish(text.length > 1500 ? text.slice(0, 1500) : text)) return 'en';
  const map = toIso1();
  only ??= [...map.keys()];
  const sample = text.length > 4000 ? text.slice(0, 4000) : text;
  const code = franc(sample, { minLength: 10, only });
  return code === 'und' ? 'und' : (map.get(code) ?? code);
}
