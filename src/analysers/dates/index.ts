import * as chrono from 'chrono-node';
import { defineAnalyser } from '../../core/analyser.js';
import type { Document } from '../../core/document.js';
import type { DateMention } from '../../core/layers.js';
import { isoDate } from '../../extract/dates.js';

/**
 * Date mentions resolved to calendar dates. The anchor is the publication date, else the latest full date the text
 * states, else the day of analysis (marked as such: a weak anchor). Expressions whose year or week is implied are
 * placed on the side of the anchor that the sentence's tense asks for: "was attacked on September 24th" is never
 * after the anchor, "talks resume on Monday" never before it.
 */
export function findDates(doc: Document, today: Date = new Date()): DateMention[] {
  const { date: anchor, kind } = anchorOf(doc, today);
  const sentences = doc.get('sentences');
  const out: DateMention[] = [];
  const ranges: { start: number; end: number }[] = sentences.length ? sentences : [{ start: 0, end: doc.text.length }];
  for (const range of ranges) {
    const text = doc.text.slice(range.start, range.end);
    if (!MAYBE_DATE.test(text)) continue; // chrono is the costly part: only run it where a date can be
    const tense = tenseOf(text);
    for (const r of chrono.en.parse(text, { instant: anchor }, { forwardDate: false })) {
      if (VAGUE.test(r.text)) continue;
      const value = resolve(r.start, anchor, tense);
      if (!value) continue;
      const start = range.start + r.index;
      out.push({ start, end: start + r.text.length, text: r.text, value, anchor: r.start.isCertain('year') && !RELATIVE.test(r.text) ? 'absolute' : kind });
    }
    for (const m of text.matchAll(YEAR_ONLY)) {
      const start = range.start + m.index + m[0].length - m[2]!.length;
      if (out.some((d) => d.start <= start && start < d.end)) continue;
      out.push({ start, end: start + m[2]!.length, text: m[2]!, value: m[2]!, anchor: 'absolute' });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const MAYBE_DATE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*\d|\d\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(?:january|february|march|april|june|july|august|september|october|november|december)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:today|tonight|yesterday|tomorrow|ago|last (?:week|month|year)|next (?:week|month|year)|this (?:week|month|year))\b|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b(?:19|20)\d\d\b/i;
const VAGUE = /\b(?:few|several|recent|couple|some)\b/i;
const RELATIVE = /\b(?:today|tonight|yesterday|tomorrow|ago|last|next|this|coming|past)\b/i;
const YEAR_ONLY = /\b(in|since|by|until|during|of|from|early|late|mid-?|before|after)\s+((?:19|20)\d\d)\b(?!\s*(?:people|troops|soldiers|civilians|km|miles|dollars|euros|tons|%))/gi;

type Tense = 'past' | 'future' | 'unknown';

function tenseOf(sentence: string): Tense {
  const future = /\b(?:will|shall|'ll|next|upcoming|is due to|are due to|scheduled|plans? to|is set to|are set to|is expected to|are expected to)\b/i.test(sentence);
  const past = /\b(?:was|were|had|did|said|ago|last|yesterday)\b|\b\w{3,}ed\b/i.test(sentence);
  if (future && !past) return 'future';
  if (past && !future) return 'past';
  return 'unknown';
}

function resolve(c: chrono.ParsedComponents, anchor: Date, tense: Tense): string | undefined {
  const date = c.date();
  if (Number.isNaN(date.getTime())) return undefined;
  const hasDay = c.isCertain('day') || c.isCertain('weekday');
  const hasMonth = c.isCertain('month') || hasDay;
  if (!hasMonth && !c.isCertain('year')) return undefined;
  if (c.isCertain('weekday') && !c.isCertain('day')) {
    // "on Monday": the nearest such weekday on the side the tense asks for.
    const d = new Date(date);
    if (tense === 'past' && d > anchor) d.setDate(d.getDate() - 7);
    if (tense === 'future' && d < anchor) d.setDate(d.getDate() + 7);
    return isoDate(d);
  }
  const d = new Date(date);
  if (!c.isCertain('year')) {
    if (tense !== 'future' && d > anchor) d.setFullYear(d.getFullYear() - 1);
    else if (tense === 'future' && d < anchor) d.setFullYear(d.getFullYear() + 1);
  }
  const iso = isoDate(d);
  if (hasDay) return iso;
  return c.isCertain('month') ? iso.slice(0, 7) : iso.slice(0, 4);
}

function anchorOf(doc: Document, today: Date): { date: Date; kind: NonNullable<DateMention['anchor']> } {
  const fromIso = (s: string): Date => new Date(`${s.slice(0, 10)}T12:00:00`);
  if (doc.meta.published && /^\d{4}-\d{2}-\d{2}/.test(doc.meta.published)) return { date: fromIso(doc.meta.published), kind: 'published' };
  if (doc.meta.latestStatedDate) return { date: fromIso(doc.meta.latestStatedDate), kind: 'latest-stated-date' };
  return { date: today, kind: 'analysis-date' };
}

export const datesAnalyser = defineAnalyser({
  name: 'dates',
  version: '1',
  reads: ['sentences'],
  writes: 'dates',
  run: (doc: Document) => findDates(doc),
});
