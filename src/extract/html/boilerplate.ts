import { cleanAuthor } from './metadata.js';

/**
 * Text-level rules for the furniture that survives Readability inside the article container: bylines and date
 * lines (which become metadata), "read more"/"related"/"advertisement" teasers, share and newsletter prompts,
 * photo credits and gallery counters, copyright lines and author bios. Each rule is a general pattern of news pages,
 * applied only to SHORT blocks so a real paragraph that happens to start with the same words is kept.
 */

const LEAD = [
  'advertisement', 'advertisment', 'advertising', 'anzeige', 'publicidad', 'publicidade', 'sponsored( content)?',
  'paid content', 'story continues below', '(article|story) continues', 'continue reading', 'scroll (down )?to continue',
  'read more', 'read next', 'read also', 'also read', 'read the full', 'see also', 'see more', 'more:', 'more from',
  'more on this', 'related', 'recommended', "don'?t miss", 'must read', 'watch:', 'watch now', 'watch the', 'video:',
  'listen', 'click here', 'subscribe', 'sign up', 'sign in', 'log in', 'register', 'share( this)?',
  'like this (story|article)', 'follow (us|him|her|me|them)', 'tags?:', 'filed under', 'topics?:', 'categor(y|ies):',
  'posted in', 'image \\d+ of \\d+', '\\d+ of \\d+$', 'photo:', 'photos:', 'image:', 'picture:', 'credit:', 'source:',
  '\\(?(image|photo|picture|pic|foto)s?( credit)?:', 'getty images',
  'all rights reserved', 'this (post|article|page|story) (may )?contains? affiliate', 'we may earn',
  'this document is subject to copyright', 'citation:', 'get (the )?(breaking news|our|the latest)', 'get breaking',
  'join (our|the) ', 'download (our|the) app', 'want more', 'have a (news )?tip', 'send us', 'contact us',
  'editor.?s note:', 'this story has been updated', 'updated at', 'last updated', 'originally published',
  'leia (mais|também)', 'veja (também|mais)', 'lea (también|más)', 'lire aussi', 'à lire aussi', 'mehr zum thema',
  'lesen sie auch', 'leggi anche', 'vedi anche', 'also on ', '(?:additional )?reporting by', 'editing by',
  '(?:reach|contact|email|e-mail|write to) (?:the )?(?:reporters?|writers?|authors?)\\b', 'reading time',
  'tempo de leitura', 'tiempo de lectura', 'temps de lecture', 'lesezeit', '\\d+\\s*min(?:ute)?s? read$',
  '(?:©|ⓒ)\\s*[^.]{0,40}$', 'trending', 'most popular', 'top stories', 'recommended for you', 'you may (also )?like',
].join('|');

const LEAD_RE = new RegExp(`^\\W{0,3}(?:${LEAD})`, 'i');
const TAIL_RE = /(?:click(?:ing)? here|here to subscribe|sign up here|\b(?:follow|like|find|join|connect with)\b.{0,40}\bon (?:twitter|facebook|instagram|linkedin)\b.{0,40}|newsletter\.?|\bshare (it|this)\b.{0,30}|all rights reserved\.?)\s*[.!]?$/i;
const BIO_RE = /^\p{Lu}[\p{L}.'-]+(?:\s+\p{Lu}[\p{L}.'-]+){0,3}\s+(?:is|was|has been|covers|writes|reports)\s+(?:a|an|the)?\s*.{0,80}\b(?:reporter|writer|correspondent|editor|journalist|columnist|contributor|producer|author|freelancer|intern|staff|blogger)\b/u;
const PUBLISHED_BY = /\b(?:posted|published|written|publicado|publicada|publié|veröffentlicht|pubblicato)\s+(?:by|por|par|von|da)\b/i;
const BYLINE_RE = /^(?:by|por|par|von|door|di|written by)\s+\p{Lu}/iu;

const DATE_WORDS = new RegExp(
  '\\b(?:' +
    [
      'jan(uary)?', 'feb(ruary)?', 'mar(ch)?', 'apr(il)?', 'may', 'june?', 'july?', 'aug(ust)?', 'sept?(ember)?', 'oct(ober)?',
      'nov(ember)?', 'dec(ember)?', 'mon(day)?', 'tue(s|sday)?', 'wed(nesday)?', 'thu(rs|rsday)?', 'fri(day)?', 'sat(urday)?',
      'sun(day)?', 'published', 'updated', 'posted', 'last', 'modified', 'on', 'at', 'am', 'pm', 'a\\.m', 'p\\.m', 'est', 'edt',
      'cst', 'cdt', 'pst', 'pdt', 'mst', 'mdt', 'hst', 'gmt', 'utc', 'bst', 'cet', 'cest', 'ist', 'et', 'pt', 'ago', 'hours?',
      'hrs?', 'minutes?', 'mins?', 'days?', 'weeks?', 'months?', 'years?', 'yesterday', 'today', 'an?', 'one', 'and', 'time',
      'read', 'reading', 'min', 'de', 'às', 'em', 'el', 'le', 'der', 'um', 'uhr', 'h',
      'janeiro', 'fevereiro', 'março', 'abril', 'maio', 'junho', 'julho', 'agosto', 'setembro', 'outubro', 'novembro',
      'dezembro', 'enero', 'febrero', 'marzo', 'mayo', 'junio', 'julio', 'septiembre', 'octubre', 'noviembre', 'diciembre',
      'janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre',
      'décembre', 'januar', 'februar', 'märz', 'juni', 'juli', 'oktober', 'dezember',
      'segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira', 'sábado', 'domingo', 'lunes',
      'martes', 'miércoles', 'jueves', 'viernes', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
      'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag', 'publicado', 'atualizado',
      'actualizado', 'publié', 'mis à jour', 'aktualisiert', 'veröffentlicht', 'feira', 'first', 'originally',
    ].join('|') +
    ')\\b',
  'giu',
);

/** A line that only states when the piece was published/updated ("Published 1 day ago", "Fri 6:45 PM, Feb 16, 2018"). */
export function isDateLine(text: string): boolean {
  if (text.length > 120 || !/\d/.test(text) && !/\bago\b|yesterday|today/i.test(text)) return false;
  const rest = text.replace(/(\d)(\p{L})/gu, '$1 $2').replace(DATE_WORDS, ' ').replace(/[^\p{L}]+/gu, '');
  return rest.length <= 2;
}

/** The author named by a byline block ("By Jane Doe · March 14, 2024"), or undefined when it is not a byline. */
export function bylineAuthor(text: string): string | undefined {
  if (text.length > 160 || !BYLINE_RE.test(text)) return undefined;
  // A sentence ("By Monday, officials had agreed.") is not a byline.
  if (/[.!?]["”’]?$/.test(text) && !/\b\p{Lu}\.$/u.test(text) && text.split(/\s+/).length > 6) return undefined;
  return cleanAuthor(text) ?? '';
}

export type Verdict = { drop: true; why: string; author?: string } | { drop: false };

const PROMO = /\b(?:inbox|newsletters?)\b/i;
const MODERATION = /\bmoderat\w*\s.{0,40}\bcomments?\b|\b(?:comments?|comentários?|comentarios?|commentaires?|kommentare?)\b.{0,120}\b(?:moderat|approv|aprovad|publicad|policy|guidelines|rules|respect|respeito)/i;
const BARE_URL = /^(?:https?:\/\/|www\.)\S+$/i;
const PHOTO_TAIL = /\([^()]{0,80}\b(?:photos?|images?|pictures?|fotos?|credit|getty|reuters|afp|ap|epa)\b[^()]{0,80}\)\s*$/i;

const GALLERY = /^(?:image|photo|picture|slide|foto)?\s*\d+\s*(?:of|\/|de|von|di)\s*(?:\/\s*)?\d+$/i;
const CONTROL = /^(?:caption|close|open|next|prev|previous|back|menu|loading|expand|enlarge|collapse|image|photo|photos|video|play|pause|share|print|email|comments?|more|hide caption|show caption|toggle caption|view gallery|skip ad|breaking news|live|updated|advertisement|post comment|loading|loading content|iklan|werbung|reklame|pubblicità|publicité|publicidad)$/i;

/** Judges one body block on its text alone (`raw` keeps the block's line breaks). */
export function judgeText(text: string, linkChars: number, cue: string, raw = text, author?: string): Verdict {
  const len = text.length;
  if (BARE_URL.test(text)) return { drop: true, why: 'bare-url' };
  if (GALLERY.test(text) || CONTROL.test(text.replace(/[^\p{L}\p{N} ]+/gu, '').trim())) return { drop: true, why: 'control' };
  if (len < 400 && /^\W{0,3}tags?\s*(?::|\n)/i.test(raw.trim())) return { drop: true, why: 'tags' };
  if (len < 300 && MODERATION.test(text)) return { drop: true, why: 'comment-policy' };
  if (len < 200 && PROMO.test(text)) return { drop: true, why: 'newsletter' };
  if (author && len < 700 && startsWithName(text, author)) return { drop: true, why: 'author-bio' };
  // "Jane Doe, Senior Political Writer": the byline without "By".
  if (author && len < 90 && text.toLowerCase().startsWith(author.toLowerCase()) && !/[.!?]$/.test(text)) return { drop: true, why: 'byline' };
  const words = text.split(/\s+/).length;
  if (!/[\p{L}]/u.test(text)) return len < 12 ? { drop: true, why: 'no-letters' } : { drop: false };
  const byline = bylineAuthor(text);
  if (byline !== undefined) return { drop: true, why: 'byline', ...(byline ? { author: byline } : {}) };
  if (isDateLine(text)) return { drop: true, why: 'date-line' };
  if (len < 200 && PUBLISHED_BY.test(text)) return { drop: true, why: 'published-by' };
  if (len < 220 && LEAD_RE.test(text)) return { drop: true, why: 'teaser' };
  if (len < 200 && TAIL_RE.test(text)) return { drop: true, why: 'prompt' };
  if (len < 300 && BIO_RE.test(text)) return { drop: true, why: 'author-bio' };
  const linkShare = len ? linkChars / text.replace(/\s+/g, '').length : 0;
  // Short linked lines ("Get it on Amazon for $39") are often the story itself; only link lists and long runs of
  // links (teaser rails) are dropped.
  if ((linkShare > 0.6 && cue === 'li') || (linkShare > 0.9 && words > 25)) return { drop: true, why: 'links' };
  return { drop: false };
}

/** Caption text that Readability left as a paragraph: ends with a photo credit in brackets. */
export function looksLikeCaption(text: string): boolean {
  return text.length < 400 && PHOTO_TAIL.test(text);
}

/** "Jane Doe is a reporter..." / "Jane Doe (jane@x.com) covers...": the author's bio. */
function startsWithName(text: string, author: string): boolean {
  return bioPatterns(author).some((re) => re.test(text));
}

// Every block of a page is tested against the same author: the patterns are built once per author, not per block.
let bioAuthor: string | undefined;
let bioRes: RegExp[] = [];

function bioPatterns(author: string): RegExp[] {
  if (author === bioAuthor) return bioRes;
  // Full names only: a last name alone ("Smith has been charged") too often starts a paragraph about someone else.
  const names = author.split(/\s*(?:,|\band\b|&)\s*/).filter((n) => n.length > 2);
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  bioRes = names.map((n) => new RegExp(`^${esc(n)}(?:\\s*\\([^)]*\\))?\\s+(?:is|was|has|had|lives|writes|covers|joined|reports|currently)\\b`, 'i'));
  bioAuthor = author;
  return bioRes;
}
