import { franc } from 'franc-min';

/** ISO 639-3 codes franc returns, mapped to the ISO 639-1 codes unspin reports. */
const TO_639_1: Record<string, string> = {
  eng: 'en', spa: 'es', fra: 'fr', deu: 'de', ita: 'it', por: 'pt', rus: 'ru', ukr: 'uk', pol: 'pl', nld: 'nl',
  arb: 'ar', ara: 'ar', cmn: 'zh', jpn: 'ja', kor: 'ko', tur: 'tr', pes: 'fa', fas: 'fa', hin: 'hi', ben: 'bn',
  urd: 'ur', ind: 'id', zlm: 'ms', vie: 'vi', tha: 'th', swe: 'sv', dan: 'da', nob: 'no', fin: 'fi', ces: 'cs',
  slk: 'sk', hun: 'hu', ron: 'ro', bul: 'bg', srp: 'sr', hrv: 'hr', bos: 'bs', ell: 'el', heb: 'he', kat: 'ka',
  hye: 'hy', azj: 'az', uzn: 'uz', kaz: 'kk', swh: 'sw', hau: 'ha', yor: 'yo', amh: 'am', som: 'so', tgl: 'tl',
  tam: 'ta', tel: 'te', mar: 'mr', guj: 'gu', kan: 'kn', mal: 'ml', pan: 'pa', npi: 'ne', sin: 'si', mya: 'my',
  khm: 'km', lit: 'lt', lav: 'lv', est: 'et', slv: 'sl', mkd: 'mk', bel: 'be', cat: 'ca', glg: 'gl', eus: 'eu',
};

/** ISO 639-1 code of the text's language, or "und" when the text is too short or unclear. */
export function detectLanguage(text: string): string {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  const code = franc(sample, { minLength: 20 });
  return code === 'und' ? 'und' : (TO_639_1[code] ?? code);
}
