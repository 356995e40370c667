import type { Document } from '../../core/document.js';
import type { Entity, EventRecord, Token } from '../../core/layers.js';
import { COOPERATIVE, LEXICON, MODE_CUES, type PloverType, type TriggerEntry } from './lexicon.js';
import { nounForms, verbForms } from './morph.js';
import { countryCodeOf } from './countries.js';

interface Surface {
  text: string;
  entry: TriggerEntry;
}

/** Surface strings of every trigger, indexed by their first word, built once. */
let index: Map<string, Surface[]> | undefined;

function triggerIndex(): Map<string, Surface[]> {
  if (index) return index;
  index = new Map();
  for (const entry of LEXICON) {
    const words = entry.trigger.split(' ');
    const surfaces =
      entry.pos === 'v'
        ? verbForms(words[0]!).map((f) => [f, ...words.slice(1)].join(' '))
        : nounForms(words.at(-1)!).map((f) => [...words.slice(0, -1), f].join(' '));
    for (const text of surfaces) {
      const first = text.split(/[ -]/)[0]!;
      const list = index.get(first) ?? [];
      list.push({ text, entry });
      index.set(first, list);
    }
  }
  // Longest surface first, so "air strike" wins over "air" and "hunger strike" over "strike".
  for (const list of index.values()) list.sort((a, b) => b.text.length - a.text.length);
  return index;
}

interface Match {
  entry: TriggerEntry;
  start: number;
  end: number;
  /** Index of the trigger's first token in the sentence's token list. */
  at: number;
  last: number;
}

interface MentionRef {
  start: number;
  end: number;
  entity: Entity;
}

const BE = new Set(['was', 'were', 'been', 'being', 'is', 'are', 'be', "'s", 'get', 'got', 'gets']);
const NEGATORS = new Set(['not', "n't", 'never', 'no', 'without', 'neither', 'nor']);
const FAILURE = /\b(failed|failing|unsuccessful|abortive|foiled|thwarted|repelled|repulsed|aborted|botched)\b/i;
const FUTURE = /\b(will|would|'ll|shall|plans? to|planning to|intends? to|intending to|ready to|prepared to|willing to|going to|set to|expected to)\s+(?:\w+\s+)?$/i;
const PLACE_PREP = new Set(['in', 'near', 'at', 'over', 'across', 'around', 'outside', 'into', 'inside', 'within', 'from', 'throughout', 'toward', 'towards', 'of']);
const CLAUSE_BREAK = /^(?:;|:|while|whereas|but|although|though|meanwhile|however)$/i;
const REPORTING = /^(?:said|says|say|claims?|claimed|told|reported|reports|stated|states|announced|insisted|alleged|alleges|confirmed|confirms|according|declared|declares|concluded|reiterated|warned|added|noted|argued|maintained|admitted|revealed)$/i;
const STRICT_CUE = /^(?:declared|declares|concluded|reiterated|warned|added|noted|argued|maintained|admitted|revealed|announced|insisted)$/;
/** Where an event happens: "in Idlib", "near Samarra"; "from" and "of" name origins and parts, a weaker sign. */
const LOCATIVE = new Set(['in', 'near', 'at', 'over', 'across', 'around', 'outside', 'inside', 'within', 'throughout', 'into', 'on']);
const PLACE_MODIFIER = /^(?:the|northern|southern|eastern|western|central|north|south|east|west|north-eastern|north-western|south-eastern|south-western|northeastern|northwestern|southeastern|southwestern|occupied|rural|coastal|neighbouring|neighboring)$/;

/**
 * Codes PLOVER events sentence by sentence: trigger words from the lexicon, then actor, target and place from the
 * entity mentions around them (subject before an active verb, object after it; the reverse with a passive verb and
 * "by"), the date from the date layer, negation, failure, the reporting source, and whether it sits in a comment.
 */
export function codeEvents(doc: Document): EventRecord[] {
  const tokens = doc.get('tokens');
  const sentences = doc.get('sentences');
  if (!tokens.length || !sentences.length) return [];
  const mentions = mentionRefs(doc.get('entities'));
  const dates = doc.get('dates');
  const bySentence = groupBySentence(tokens, sentences.length);
  const out: EventRecord[] = [];
  let m0 = 0;
  for (let si = 0; si < sentences.length; si++) {
    const sentence = sentences[si]!;
    const toks = bySentence[si]!;
    const matches = findTriggers(doc, toks, sentence);
    if (!matches.length) {
      const threat = conditionalThreat(doc, toks, sentence);
      if (!threat) continue;
      matches.push(threat);
    }
    while (m0 < mentions.length && mentions[m0]!.start < sentence.start) m0++;
    const sentMentions: MentionRef[] = [];
    for (let k = m0; k < mentions.length && mentions[k]!.start < sentence.end; k++) if (mentions[k]!.end <= sentence.end) sentMentions.push(mentions[k]!);
    const reportedBy = reportingSource(doc, toks, sentMentions, sentence);
    const clauses = clauseIds(toks);
    const events: (EventRecord & { clause: number; at: number; participle?: boolean })[] = [];
    const conditional = /\b(unless|or face|or else|otherwise)\b/i.test(doc.text.slice(sentence.start, sentence.end));
    // "Egypt, a key mediator in the talks, rejected ...": a noun inside an apposition describes, it reports no event.
    const described = matches.length > 1 ? matches.filter((x) => x.entry.pos !== 'n' || !inDescription(doc, sentence, x)) : matches;
    for (const match of absorbEmbedded(toks, described)) {
      // "will withdraw its force unless ...", "must drop barriers or face tariffs": a conditional intent is a threat.
      if (conditional && (match.intent || match.type === 'REQUEST')) match.type = 'THREATEN';
      // "Washington warned Tehran": when the cue is the trigger itself, its subject acts rather than reports.
      const frame = reportedBy && (reportedBy.cueStart >= match.end || reportedBy.cueEnd <= match.start) ? reportedBy : undefined;
      const ev = buildEvent(doc, toks, match, sentMentions, frame, clauses);
      const date = dates.find((d) => d.start >= sentence.start && d.end <= sentence.end);
      if (date) {
        ev.date = date.value;
        ev.dateSource = 'text';
      } else if (doc.meta.published) {
        ev.date = doc.meta.published.slice(0, 10);
        ev.dateSource = 'published';
      } else if (doc.meta.latestStatedDate) {
        ev.date = doc.meta.latestStatedDate;
        ev.dateSource = 'latest-stated-date';
      }
      ev.start = sentence.start;
      ev.end = sentence.end;
      if (doc.inComment(sentence)) {
        ev.fromComment = true;
        ev.confidence = round(ev.confidence * 0.6);
        ev.reason += ' It is reported in a reader comment, not by the author.';
      }
      const participle = /ing$/.test(toks[match.at]!.norm) && /^(?:while|,|after|before|by)$/.test(toks[match.at - 1]?.norm ?? '');
      events.push({ ...ev, clause: clauses[match.at]!, at: match.at, participle });
    }
    out.push(...mergeSameClause(events));
  }
  return resolveAnaphora(doc, out);
}

/**
 * "... the failed Al Qaeda offensive": a definite noun trigger with the same type and actor as an earlier event refers
 * back to it, and takes the target and place the earlier sentence gave.
 */
function resolveAnaphora(doc: Document, events: EventRecord[]): EventRecord[] {
  for (let k = 1; k < events.length; k++) {
    const ev = events[k]!;
    if (!ev.trigger || !ev.actor || !ev.source?.startsWith('lexicon:noun')) continue;
    if (!/\b(?:the|this|that)\s+(?:[\p{L}-]+\s+){0,3}$/iu.test(doc.text.slice(Math.max(0, ev.trigger.start - 40), ev.trigger.start))) continue;
    const first = events.slice(0, k).find((e) => e.type === ev.type && e.actor === ev.actor && e.end <= ev.trigger!.start && e.fromComment === ev.fromComment);
    if (!first) continue;
    if (!ev.target && first.target) {
      ev.target = first.target;
      if (first.targetCountry) ev.targetCountry = first.targetCountry;
    }
    ev.place ??= first.place;
    if (first.failed) ev.failed = true;
    ev.reason += ` It refers back to the ${first.trigger?.text ?? 'event'} reported earlier, whose target and place it takes.`;
  }
  return events;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function groupBySentence(tokens: Token[], n: number): Token[][] {
  const out: Token[][] = Array.from({ length: n }, () => []);
  for (const t of tokens) out[t.sentence]?.push(t);
  return out;
}

function mentionRefs(entities: Entity[]): MentionRef[] {
  const out: MentionRef[] = [];
  for (const e of entities) for (const m of e.mentions) out.push({ start: m.start, end: m.end, entity: e });
  return out.sort((a, b) => a.start - b.start);
}

function findTriggers(doc: Document, toks: Token[], sentence: { start: number; end: number }): Match[] {
  const idx = triggerIndex();
  const out: Match[] = [];
  const lower = doc.text.slice(sentence.start, sentence.end).toLowerCase();
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const candidates = idx.get(t.norm);
    if (!candidates) continue;
    const rel = t.start - sentence.start;
    for (const c of candidates) {
      if (!lower.startsWith(c.text, rel)) continue;
      const endRel = rel + c.text.length;
      if (endRel < lower.length && /[\p{L}\p{N}]/u.test(lower[endRel]!)) continue;
      if (!posFits(c.entry, t, toks[i - 1], toks[i + 1])) continue;
      if (c.entry.pos === 'v' && rel > 0 && lower[rel - 1] === '-') continue; // "Israeli-occupied" describes, it does not report
      // "Jailed activist X began ...", "the banned party": a participle before its noun describes it.
      if (c.entry.pos === 'v' && /ed$/.test(t.norm) && ['NOUN', 'PROPN'].includes(toks[i + 1]?.pos ?? '') && (!toks[i - 1] || toks[i - 1]!.pos === 'DET')) continue;
      if (c.entry.near) {
        const window = lower.slice(Math.max(0, rel - 80), Math.min(lower.length, endRel + 80));
        if (!c.entry.near.test(window)) continue;
      }
      let last = i;
      while (last + 1 < toks.length && toks[last + 1]!.start < sentence.start + endRel) last++;
      out.push({ entry: c.entry, start: t.start, end: sentence.start + endRel, at: i, last });
      i = last;
      break;
    }
  }
  return out;
}

const THREAT_ENTRY: TriggerEntry = { trigger: 'will ... unless', pos: 'v', type: 'THREATEN', cameo: '130' };

/** "X will take measures unless Y ...": a conditional promise with no trigger word of its own is still a threat. */
function conditionalThreat(doc: Document, toks: Token[], sentence: { start: number; end: number }): Match | undefined {
  if (!/\b(unless|or face|or else)\b/i.test(doc.text.slice(sentence.start, sentence.end))) return undefined;
  const at = toks.findIndex((t) => /^(will|would|'ll|shall)$/.test(t.norm));
  if (at < 0) return undefined;
  const verb = toks[at + 1] ?? toks[at]!;
  return { entry: THREAT_ENTRY, start: toks[at]!.start, end: verb.end, at, last: toks[at + 1] ? at + 1 : at };
}

function posFits(entry: TriggerEntry, t: Token, prev?: Token, next?: Token): boolean {
  if (entry.trigger.includes(' ')) return true;
  if (entry.pos === 'n') return t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'ADJ';
  if (t.pos === 'VERB' || t.pos === 'AUX') return true;
  // A participle with its agent is a verb whatever the tagger says: "Deir el-Zor, liberated by Russian forces".
  if (next?.norm === 'by' && /(?:ed|en)$/.test(t.norm)) return true;
  // Taggers call many event verbs nouns or adjectives in headlines and participles; accept them after "to"/modals.
  return (t.pos === 'NOUN' || t.pos === 'ADJ' || t.pos === 'PROPN') && !!prev && /^(to|will|would|could|can|may|might|must|should|shall|n't|not|they|we|he|she|it|who)$/.test(prev.norm);
}

/**
 * "agreed to withdraw", "threatened to attack", "urged them to release": the head verb decides the event and the
 * embedded trigger is absorbed; a trigger after a future auxiliary ("will release") is an intent: AGREE when
 * cooperative, THREATEN when not.
 */
function absorbEmbedded(toks: Token[], matches: Match[]): (Match & { type: PloverType; intent?: boolean })[] {
  const out: (Match & { type: PloverType; intent?: boolean })[] = [];
  for (let k = 0; k < matches.length; k++) {
    const m = matches[k]!;
    let type = m.entry.type;
    let intent = false;
    const before = toks
      .slice(Math.max(0, m.at - 4), m.at)
      .map((t) => t.norm)
      .join(' ');
    if (FUTURE.test(`${before} `) && m.entry.pos === 'v' && !m.entry.head) {
      type = COOPERATIVE.has(type) ? 'AGREE' : type === 'ASSAULT' || type === 'COERCE' || type === 'SANCTION' ? 'THREATEN' : type;
      intent = true;
    }
    out.push({ ...m, type, intent });
    if (!m.entry.head) continue;
    // Absorb the embedded triggers: the first follows "to" or "that" within a few words, the rest follow it closely,
    // all without a clause break between.
    let prevLast = m.last;
    let first = true;
    while (k + 1 < matches.length) {
      const next = matches[k + 1]!;
      const between = toks.slice(prevLast + 1, next.at).map((t) => t.norm);
      if (between.length > 8 || between.some((w) => CLAUSE_BREAK.test(w))) break;
      if (first && !m.entry.modal && !between.some((w) => w === 'to' || w === 'that')) break;
      if (first && m.entry.type === 'AGREE' && !COOPERATIVE.has(next.entry.type)) out[out.length - 1]!.type = 'THREATEN';
      first = false;
      prevLast = next.last;
      k++;
    }
  }
  return out;
}

function clauseIds(toks: Token[]): number[] {
  let c = 0;
  return toks.map((t) => {
    if (CLAUSE_BREAK.test(t.norm)) c++;
    return c;
  });
}

/** Index of the first token ending after `offset` (binary search: tokens are in text order). */
function tokenIndexAt(toks: Token[], offset: number): number {
  let lo = 0;
  let hi = toks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toks[mid]!.end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A sentence's reporting frame: who says it ("Russia claims", "according to officials", "..., a minister said") and the cue. */
interface Frame {
  ref: MentionRef;
  cueStart: number;
  cueEnd: number;
  /** Characters of the sentence that belong to the frame, not to the reported content. */
  from: number;
  to: number;
}

/** The entity a sentence's reporting frame names, if any, with the span the frame covers. */
function reportingSource(doc: Document, toks: Token[], mentions: MentionRef[], sentence: { start: number; end: number }): Frame | undefined {
  for (let i = 0; i < toks.length; i++) {
    const cue = toks[i]!;
    if (!REPORTING.test(cue.norm) || /^\p{Lu}/u.test(doc.text.slice(cue.start, cue.end))) continue;
    // "declared a state of siege", "warned Tehran": these verbs report only with a clause after them or at the end.
    if (STRICT_CUE.test(cue.norm) && !toks.slice(i + 1, i + 4).some((t) => t.norm === 'that' || PRONOUN.test(t.norm)) && toks.length - i > 8) continue;
    if (cue.norm === 'according') {
      const ref = mentions.find((m) => m.start >= cue.end && m.start - cue.end < 30);
      if (!ref) continue;
      // "according to X" closes at the next comma or the sentence end, wherever it stands.
      const comma = doc.text.indexOf(',', ref.end);
      const to = comma >= 0 && comma < sentence.end ? comma : sentence.end;
      return { ref, cueStart: cue.start, cueEnd: cue.end, from: cue.start, to };
    }
    // "X said/claims": the mention just before the cue (within a few words), else ", said X" after it.
    const before = mentions.filter((m) => m.end <= cue.start && cue.start - m.end < 25 && !/[,;]/.test(doc.text.slice(m.end, cue.start)));
    const ref = before.at(-1) ?? mentions.find((m) => m.start >= cue.end && m.start - cue.end < 12);
    if (!ref) continue;
    const head = Math.min(ref.start, cue.start);
    const comma = doc.text.lastIndexOf(',', head);
    // A trailing frame (", the Albanian embassy said.") runs from its comma to the end; a leading one from the start to the cue.
    if (comma > sentence.start && !toks.some((t) => t.start > comma && t.start < head && REPORTING.test(t.norm))) {
      if (toks.filter((t) => t.start > cue.end).length < 8) return { ref, cueStart: cue.start, cueEnd: cue.end, from: comma, to: sentence.end };
    }
    return { ref, cueStart: cue.start, cueEnd: cue.end, from: sentence.start, to: Math.max(cue.end, ref.end) };
  }
  return undefined;
}

/** "Pakistan, a key U.S. ally in the war, has refused": a mention inside an apposition is not the subject. */
function inApposition(doc: Document, r: MentionRef, before: MentionRef[], triggerStart: number): boolean {
  const at = before.indexOf(r);
  const head = at > 0 ? before[at - 1] : undefined;
  if (!head || r.start - head.end > 80 || triggerStart - r.end > 200) return false;
  const lead = doc.text.slice(head.end, r.start);
  return /^[^,]*,\s+(?:a|an|the|its|his|her|their|one)\b[^,]*$/i.test(lead) && doc.text.slice(r.end, triggerStart).includes(',');
}

/** A trigger between ", a|an|the ..." and the next comma after the sentence's first noun phrase. */
function inDescription(doc: Document, sentence: { start: number; end: number }, x: Match): boolean {
  const head = doc.text.slice(sentence.start, x.start);
  return /^[^,]{1,60},\s+(?:a|an|the)\s[^,]*$/i.test(head) && /^[^,]*,/.test(doc.text.slice(x.end, sentence.end));
}

const PRONOUN = /^(?:it|they|he|she|we|i)$/;

/** A subject pronoun between two offsets: "Syria says it is willing to withdraw". */
function pronounBetween(toks: Token[], from: number, to: number): boolean {
  return toks.some((t) => t.start >= from && t.end <= to && PRONOUN.test(t.norm));
}

/** "Syrian forces who are busy liberating Deir el-Zor": the actor of a relative clause is the noun it hangs on. */
function relativeAntecedent(doc: Document, toks: Token[], m: Match, before: MentionRef[]): MentionRef | undefined {
  for (let j = m.at - 1; j >= Math.max(0, m.at - 5); j--) {
    if (!/^(?:who|which)$/.test(toks[j]!.norm)) continue;
    const rel = toks[j]!;
    return [...before].reverse().find((r) => r.end <= rel.start && /^[\s\p{L}-]{0,25}$/u.test(doc.text.slice(r.end, rel.start)));
  }
  return undefined;
}

function isPassive(toks: Token[], m: Match): boolean {
  if (m.entry.pos !== 'v') return false;
  const w = toks[m.at]!.norm;
  if (!/(ed|en|wn|ht|ck|ut|ld)$/.test(w) && !['shot', 'hit', 'held', 'met', 'sent', 'struck', 'seized', 'cut', 'beat', 'freed'].includes(w)) return false;
  for (let j = m.at - 1; j >= Math.max(0, m.at - 4); j--) {
    const n = toks[j]!.norm;
    if (BE.has(n)) return true;
    if (toks[j]!.pos !== 'ADV' && toks[j]!.pos !== 'PART' && n !== 'recently' && n !== 'reportedly') break;
  }
  // A reduced relative or participial clause after a noun: "Deir el-Zor, liberated by Russian forces".
  const next = toks[m.last + 1];
  return !!next && next.norm === 'by' && /(ed|en)$/.test(w);
}

function buildEvent(
  doc: Document,
  toks: Token[],
  m: Match & { type: PloverType; intent?: boolean },
  mentions: MentionRef[],
  frame: Frame | undefined,
  clauses: number[],
): EventRecord {
  const clause = clauses[m.at]!;
  const inClause = (ref: MentionRef) => clauses[tokenIndexAt(toks, ref.start)] === clause;
  // The reporting frame's words name who speaks, not who acts: "Russian intelligence claims ... Al Qaeda offensive".
  const inFrame = (ref: MentionRef) => !!frame && ref.start >= frame.from && ref.end <= frame.to;
  const usable = mentions.filter((r) => r !== frame?.ref && !inFrame(r) && inClause(r));
  const leading = !!frame && frame.cueEnd <= m.start;
  const prepBefore = (ref: MentionRef) => {
    let i = tokenIndexAt(toks, ref.start) - 1;
    // "in central Mali", "in the eastern Ghouta": skip the article and compass words to the preposition.
    while (i > 0 && PLACE_MODIFIER.test(toks[i]!.norm)) i--;
    return i >= 0 ? toks[i]!.norm : '';
  };
  const isPlacey = (ref: MentionRef) => ref.entity.type === 'PLACE' || ((ref.entity.type === 'STATE') && PLACE_PREP.has(prepBefore(ref)) && prepBefore(ref) !== 'of');
  const before = usable.filter((r) => r.end <= m.start);
  const after = usable.filter((r) => r.start >= m.end);
  const passive = isPassive(toks, m);
  let actor: MentionRef | undefined;
  let target: MentionRef | undefined;
  const byIdx = toks.findIndex((t, i) => i > m.last && t.norm === 'by' && clauses[i] === clause);
  // The agent's "by" follows the trigger closely ("attack by X", "was attacked on Tuesday by X"), not "fuelled by".
  const byNear = byIdx >= 0 && byIdx - m.last <= (m.entry.pos === 'n' ? 1 : 4);
  const byRef = byNear ? after.find((r) => r.start >= toks[byIdx]!.end && r.start - toks[byIdx]!.end < 40 && !isPlacey(r)) : undefined;
  const settlement = (r: MentionRef) => r.entity.type === 'PLACE' && /\b(?:town|city|village|region|province|district|port|capital|base|airport|area|enclave)\s+of\s+$/i.test(doc.text.slice(Math.max(m.end, r.start - 30), r.start));
  const object = after.find((r) => settlement(r) && tokenIndexAt(toks, r.start) - m.last <= 6) ??
    after.find((r) => !isPlacey(r) || (tokenIndexAt(toks, r.start) - m.last <= 2 && (m.entry.mode === 'visit' || !LOCATIVE.has(prepBefore(r)))));
  if (passive) {
    target = [...before].reverse().find((r) => !isPlacey(r)) ?? before.at(-1);
    actor = byRef;
  } else if (m.entry.pos === 'n') {
    // Nominal triggers: "Al Qaeda offensive", "Russia's attack", "attack by X on Y", "the offensive against Y".
    const adjacent = [...before].reverse().find((r) => !isPlacey(r) && m.start - r.end <= 40 && !/[,;]/.test(doc.text.slice(r.end, m.start)));
    actor = byRef ?? relativeAntecedent(doc, toks, m, before) ?? adjacent ?? [...before].reverse().find((r) => !isPlacey(r));
    const onIdx = toks.findIndex((t, i) => i > m.last && /^(on|against|upon|targeting|at)$/.test(t.norm) && clauses[i] === clause);
    target = onIdx >= 0 ? after.find((r) => r.start >= toks[onIdx]!.end && r !== actor) : undefined;
    // Without "on"/"against", only within the trigger's own phrase: no comma between ("..., a suspicion fuelled by ...").
    target ??= after.find((r) => r !== actor && !isPlacey(r) && r.start - m.end < 160 && !/[,;]/.test(doc.text.slice(m.end, r.start)));
  } else {
    const subjects = before.filter((r) => !inApposition(doc, r, before, m.start));
    // A capital as the subject stands for its government: "Kyiv asked Washington for ...".
    actor = relativeAntecedent(doc, toks, m, before) ?? [...subjects].reverse().find((r) => !isPlacey(r)) ?? subjects.find((r) => r.entity.type === 'STATE') ??
      subjects.find((r) => r.entity.type === 'PLACE' && tokenIndexAt(toks, r.start) === 0 && tokenIndexAt(toks, r.end - 1) + 1 === m.at);
    target = object && object !== actor ? object : undefined;
  }
  let speakerActs = false;
  if (leading && !passive) {
    if (m.entry.modal) {
      // "Russia said Sudan must return the helicopter": the speaker demands, the subject of "must" is asked.
      target = actor;
      actor = frame!.ref;
      speakerActs = true;
    } else if (!actor || pronounBetween(toks, actor ? actor.end : frame!.cueEnd, m.start)) {
      // "Hungary has said it will support ...", "Nigeria announced that it will withdraw": the pronoun is the speaker.
      actor = frame!.ref;
      speakerActs = true;
    }
  }
  if (target && actor && target.entity.id === actor.entity.id && m.type !== 'AGREE' && m.type !== 'CONSULT') {
    target = after.find((r) => r.entity.id !== actor!.entity.id && !isPlacey(r));
  }
  const located = (r: MentionRef) => (r.entity.type === 'PLACE' || r.entity.type === 'STATE') && LOCATIVE.has(prepBefore(r));
  // An attack on a place, a town captured: the target is where it happens.
  const place = target?.entity.type === 'PLACE' ? target : refinePlace(
    doc,
    usable.find((r) => r.entity.type === 'PLACE' && located(r)) ??
      usable.find((r) => r.entity.type === 'STATE' && located(r) && r !== target) ??
      usable.find((r) => r.entity.type === 'PLACE' && PLACE_PREP.has(prepBefore(r))) ??
      mentions.find((r) => r.entity.type === 'PLACE' && r.entity.id !== target?.entity.id && !inFrame(r)),
    mentions,
  );
  const preceding = toks.slice(Math.max(0, m.at - 4), m.at).map((t) => t.norm);
  const negated = preceding.some((w) => NEGATORS.has(w));
  const failed = FAILURE.test(doc.text.slice(Math.max(toks[Math.max(0, m.at - 4)]!.start, 0), m.start)) || /^fail/.test(preceding.join(' ').split(' ').at(-2) ?? '');
  let mode = m.entry.mode;
  if (!mode && m.type === 'ASSAULT') {
    const window = doc.text.slice(Math.max(0, m.start - 60), m.end + 60);
    mode = MODE_CUES.find(([re]) => re.test(window))?.[1];
  }
  const ev: EventRecord = {
    type: m.type,
    cameo: m.intent ? (COOPERATIVE.has(m.entry.type) ? '03' : '13') : m.entry.cameo,
    start: m.start,
    end: m.end,
    trigger: { start: m.start, end: m.end, text: doc.text.slice(m.start, m.end) },
    confidence: round(0.45 + (actor ? 0.2 : 0) + (target ? 0.15 : 0) + (m.entry.near ? 0 : 0.1)),
    source: `lexicon:${m.entry.pos === 'v' ? 'verb' : 'noun'}:${m.entry.trigger}${passive ? ' (passive)' : ''}${m.intent ? ' (intent)' : ''}`,
    reason: '',
  };
  if (mode) ev.mode = mode;
  // Country codes as event data sets code actors: the entity's own, a state in its phrase, the one country the
  // sentence names; an unnamed actor or target takes the country of the place (PLOVER codes "a roadside bomb near
  // Samarra" as IRQ).
  const contentMentions = mentions.filter((r) => !inFrame(r) || r === actor);
  const sole = soleCountry(contentMentions);
  const where = place ?? (target && ON_PLACE.has(m.type) && (target.entity.type === 'PLACE' || located(target)) ? target : undefined);
  const placeCode = where ? countryCodeOf(where.entity) : undefined;
  const fallbacks: string[] = [];
  // A side's country: its own context first; else the sentence's only country (not for an ethnic group, which takes
  // the country of the place where it is, "ethnic Albanians" in Kosovo).
  const sideCountry = (side: NonNullable<typeof actor>, role: 'actor' | 'target'): string | undefined => {
    const code = countryInContext(doc, side, mentions);
    if (code) return code;
    const ethnic = isEthnic(doc, side);
    if (sole && !ethnic) {
      fallbacks.push(`the ${role}'s country is taken from the only country the sentence names (${sole})`);
      return sole;
    }
    return ethnic ? placeCode : undefined;
  };
  if (actor) {
    ev.actor = actor.entity.id;
    const co = coordinated(doc, actor, before);
    if (co.length) ev.coActors = co.map((r) => r.entity.id);
    const code = sideCountry(actor, 'actor');
    if (code) ev.actorCountry = code;
  } else if (placeCode) {
    ev.actorCountry = placeCode;
    fallbacks.push(`no actor is named, so the actor is coded with the country of the place (${placeCode}), as event data sets do`);
  }
  if (target) {
    ev.target = target.entity.id;
    const co = coordinatedAfter(doc, target, after);
    if (co.length) ev.coTargets = co.map((r) => r.entity.id);
    const code = sideCountry(target, 'target');
    if (code) ev.targetCountry = code;
  } else if (placeCode && !ev.coActors && TARGETED.has(m.type)) {
    ev.targetCountry = placeCode;
    fallbacks.push(`no target is named, so the target is coded with the country of the place (${placeCode})`);
  }
  if (place) ev.place = place.entity.id;
  if (negated) ev.negated = true;
  if (failed) ev.failed = true;
  if (frame) ev.reportedBy = frame.ref.entity.id;
  const name = (r?: MentionRef) => (r ? r.entity.name : 'an unnamed actor');
  ev.reason =
    `"${ev.trigger!.text}" reports ${m.intent ? 'an intent to act, coded ' : ''}${m.type}${mode ? ` (${mode})` : ''}: ${name(actor)}` +
    `${target ? ` against ${name(target)}` : ''}${place ? ` in ${place.entity.name}` : ''}${passive ? ' (passive voice: the subject is the target)' : ''}.` +
    `${negated ? ' The sentence negates it.' : ''}${failed ? ' The text says it failed.' : ''}${fallbacks.length ? ` Coding: ${fallbacks.join('; ')}.` : ''}${frame ? ` It rests on the word of ${frame.ref.entity.name}${speakerActs ? ', who is also the actor' : ''}.` : ''}`;
  return ev;
}

/** Mentions joined to the actor by "and" or a comma before it: "Hungarian and Romanian officials", "Jordan and Britain". */
function coordinated(doc: Document, actor: MentionRef, before: MentionRef[]): MentionRef[] {
  const out: MentionRef[] = [];
  let head = actor;
  for (let i = before.indexOf(actor) - 1; i >= 0; i--) {
    const prev = before[i]!;
    if (!/^\s*(?:,|and|,\s*and|&)\s*$/i.test(doc.text.slice(prev.end, head.start))) break;
    if (prev.entity.id !== actor.entity.id && !out.some((o) => o.entity.id === prev.entity.id)) out.unshift(prev);
    head = prev;
  }
  // "Jordan and Britain agreed": the actor found is the nearest mention; look forward from it too when it was the first.
  return out;
}

/** "in Damascus, – the eastern Ghouta pocket": an apposition right after a place names the more precise place. */
function refinePlace(doc: Document, place: MentionRef | undefined, mentions: MentionRef[]): MentionRef | undefined {
  if (!place) return undefined;
  const next = mentions.find((r) => r.start >= place.end);
  if (next && next.entity.type === 'PLACE' && /^\s*[,–—-]+\s*(?:[,–—-]\s*)?(?:the\s+)?(?:\w+\s+)?$/i.test(doc.text.slice(place.end, next.start))) return next;
  return place;
}

/** Types whose object can be a place where the unnamed actor is: "people marched through Paris", "gunmen attacked a village". */
const ON_PLACE = new Set<string>(['PROTEST', 'ASSAULT', 'COERCE']);

/** Types whose target, when unnamed, is where they happen: an attack, a crackdown, a protest, a sanction on a place. */
const TARGETED = new Set<string>(['ASSAULT', 'COERCE', 'PROTEST', 'SANCTION', 'AID', 'MOBILIZE', 'THREATEN', 'RETREAT', 'CONCEDE', 'REJECT', 'ACCUSE', 'REQUEST', 'SUPPORT', 'COOPERATE']);

/** "ethnic Albanians", "ethnic Turks": a people, not the state the demonym names. */
function isEthnic(doc: Document, ref: MentionRef): boolean {
  return /\bethnic\s+$/i.test(doc.text.slice(Math.max(0, ref.start - 8), ref.start));
}

/** The one country code the sentence's mentions carry, if they carry exactly one (organisations' IGO/NGO aside). */
function soleCountry(mentions: MentionRef[]): string | undefined {
  const codes = new Set<string>();
  for (const r of mentions) {
    const c = countryCodeOf(r.entity);
    if (c && c !== 'IGO' && c !== 'NGO') codes.add(c);
  }
  return codes.size === 1 ? [...codes][0] : undefined;
}

/** Mentions joined to the target by "and" or commas after it: "Mauritania and Senegal", "Iran, Libya and Cuba". */
function coordinatedAfter(doc: Document, target: MentionRef, after: MentionRef[]): MentionRef[] {
  const out: MentionRef[] = [];
  let tail = target;
  for (let i = after.indexOf(target) + 1; i > 0 && i < after.length; i++) {
    const next = after[i]!;
    const gap = doc.text.slice(tail.end, next.start);
    if (!/^\s*(?:,|and|or|,\s*and|,\s*or|&)\s*(?:the\s+)?$/i.test(gap) && !/^\s*(?:,|and|,\s*and)\s+(?:with [\w\s]{0,30},\s*)?$/i.test(gap)) break;
    if (next.entity.id !== target.entity.id && !out.some((o) => o.entity.id === next.entity.id)) out.push(next);
    tail = next;
  }
  return out;
}

/** A few words of title between a state and a name ("'s religious leader Ayatollah"), no verb, clause or preposition. */
function titleGap(gap: string): boolean {
  if (/[.,;:!?()"]/.test(gap.replace(/^['’]s\b/, ''))) return false;
  const words = gap.split(/[\s-]+/).filter(Boolean);
  return words.length <= 4 && !words.some((w) => /^(?:is|are|was|were|has|have|had|will|would|all|over|to|in|on|at|by|with|from|against|into|that|which|who)$/i.test(w));
}

/** The actor's country: its own, else a state named just before it in the same phrase ("British Defence Secretary Tom King"). */
function countryInContext(doc: Document, ref: MentionRef, mentions: MentionRef[]): string | undefined {
  const own = isEthnic(doc, ref) ? undefined : countryCodeOf(ref.entity);
  if (own) return own;
  const prev = [...mentions].reverse().find((m) => m.end <= ref.start && ref.start - m.end <= 40);
  // Only a title between them: "Russian Foreign Minister Andrei Kozyrev", "Israel's high court", not "US tentacles are all over the".
  if (prev && (prev.entity.type === 'STATE' || prev.entity.type === 'PLACE') && titleGap(doc.text.slice(prev.end, ref.start))) return countryCodeOf(prev.entity);
  // "King Hassan of Morocco", "security forces in Guinea", "doctors from Chile".
  const next = mentions.find((m) => m.start >= ref.end);
  if (next && (next.entity.type === 'STATE' || next.entity.type === 'PLACE') && /^\s+(?:of|in|from)\s+(?:the\s+)?$/i.test(doc.text.slice(ref.end, next.start))) return countryCodeOf(next.entity);
  return undefined;
}

/** Triggers of one type in one clause describe one event ("an offensive ... to kidnap and murder ..."): keep the first, fill its gaps from the rest. */
function mergeSameClause(events: (EventRecord & { clause: number; at: number; participle?: boolean })[]): EventRecord[] {
  const out: (EventRecord & { clause: number; at: number; participle?: boolean })[] = [];
  for (const ev of events) {
    const same = out.find((o) => o.clause === ev.clause && o.type === ev.type);
    if (same) {
      if (ev.actor !== same.target) same.actor ??= ev.actor;
      if (ev.target !== same.actor) same.target ??= ev.target;
      same.place ??= ev.place;
      same.mode ??= ev.mode;
      if (ev.failed) same.failed = true;
      continue;
    }
    // A participial clause with no subject of its own ("..., while destroying X") takes the actor of the sentence.
    // Not for a passive verb, whose unnamed agent is unknown by design, nor when that actor is the event's target.
    const prev = out.at(-1);
    const inherited = prev?.actor;
    if (!ev.actor && inherited && inherited !== ev.target && !ev.source?.includes('(passive)')) {
      ev.actor = inherited;
      if (prev!.actorCountry) ev.actorCountry = prev!.actorCountry;
      else delete ev.actorCountry;
    }
    // "... a bombing campaign over Idlib, while destroying Al Qaeda's leadership": a subjectless participle of the
    // same type elaborates the event before it and names its target.
    if (prev && ev.participle && prev.type === ev.type && ev.actor === prev.actor && !prev.target && ev.target) {
      prev.target = ev.target;
      if (ev.targetCountry) prev.targetCountry = ev.targetCountry;
      continue;
    }
    out.push(ev);
  }
  return out.map(({ clause: _c, at: _a, participle: _p, ...ev }) => ev);
}
