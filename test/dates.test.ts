import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Document } from '../src/core/document.js';
import { findDates } from '../src/analysers/dates/index.js';
import { sentencesFromTokens } from '../src/analysers/sentences/index.js';
import { tokenize } from '../src/analysers/tokens/index.js';
import { latestStatedDate } from '../src/extract/dates.js';

function dated(text: string, meta: Document['meta'] = {}): Document {
  const doc = new Document(text, [{ kind: 'body', start: 0, end: text.length }], meta);
  doc.set('tokens', tokenize(doc));
  doc.set('sentences', sentencesFromTokens(doc));
  return doc;
}

const values = (doc: Document) => findDates(doc, new Date('2030-01-01T12:00:00')).map((d) => [d.text, d.value, d.anchor]);

test('dates without a year resolve against the publication date, never after it when the verb is past', () => {
  const doc = dated('The convoy was ambushed on November 30th. The minister spoke today.', { published: '2021-01-04' });
  assert.deepEqual(values(doc), [
    ['November 30th', '2020-11-30', 'published'],
    ['today', '2021-01-04', 'published'],
  ]);
});

test('future-tense weekdays land after the anchor, past-tense ones before it', () => {
  const doc = dated('Talks will resume on Monday. Rebels attacked the town on Monday.', { published: '2022-06-15' }); // a Wednesday
  assert.deepEqual(values(doc), [
    ['on Monday', '2022-06-20', 'published'],
    ['on Monday', '2022-06-13', 'published'],
  ]);
});

test('without a publication date the latest date the text states is the anchor', () => {
  const text = 'Fighting flared again as of March 3rd 2019. A commander was wounded on February 27th, and three days ago a depot burned.';
  const latest = latestStatedDate(text, new Date('2030-01-01'));
  assert.equal(latest, '2019-03-03');
  const doc = dated(text, { latestStatedDate: latest });
  assert.deepEqual(values(doc), [
    ['March 3rd 2019', '2019-03-03', 'absolute'],
    ['February 27th', '2019-02-27', 'latest-stated-date'],
    ['three days ago', '2019-02-28', 'latest-stated-date'],
  ]);
});

test('coarse dates keep their coarseness; bare years after a preposition count; vague spans do not', () => {
  const doc = dated('The ceasefire signed in 2015 collapsed in December. In the last few days, shelling resumed.', { published: '2016-03-01' });
  assert.deepEqual(values(doc), [
    ['2015', '2015', 'absolute'],
    ['December', '2015-12', 'published'],
  ]);
});

test('latestStatedDate ignores dates in the future and dates missing a year', () => {
  assert.equal(latestStatedDate('On 4 July 2099 and on May 5th.', new Date('2024-01-01')), undefined);
  assert.equal(latestStatedDate('Signed on 12 May 2001, amended on June 1, 2003.', new Date('2024-01-01')), '2003-06-01');
});
