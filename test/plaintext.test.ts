import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { extractPlainText } from '../src/extract/plaintext.js';
import { SEED, needsShared } from './helpers/paths.js';

const kinds = (text: string) => extractPlainText(text).sections.map((s) => [s.kind, text.slice(s.start, s.end).slice(0, 24)]);

const ARTICLE = [
  'Floods Cut Off Mountain Villages',
  '',
  'Heavy rain has washed away two bridges in the northern valley, officials said on Tuesday.',
  '',
  'Roads closed for a week',
  '',
  'Engineers expect the main road to stay closed for at least a week. Supplies are being flown in by helicopter.',
  '',
  'A rescue worker carries a child across the swollen river near the village of Lower Ashby',
  '',
  'This is what happens when nobody maintains anything. I warned the council years ago and they laughed at me.',
  '',
  'Thoughts with the families. The council should resign over this... Read more »',
].join('\n');

test('plain text: title, heading, body, caption, and comments back to the caption that ends the article', () => {
  assert.deepEqual(kinds(ARTICLE), [
    ['title', 'Floods Cut Off Mountain V'.slice(0, 24)],
    ['body', 'Heavy rain has washed aw'],
    ['heading', 'Roads closed for a week'],
    ['body', 'Engineers expect the mai'],
    ['caption', 'A rescue worker carries '],
    ['comment', 'This is what happens whe'],
    ['comment', 'Thoughts with the familie'.slice(0, 24)],
  ]);
  const last = extractPlainText(ARTICLE).sections.at(-1)!;
  assert.equal(last.truncated, true);
  assert.match(last.cue!, /Read more/);
});

test('plain text: without a closing caption or heading only marked comments are taken, the article stays whole', () => {
  const text = 'Title Line\n\nFirst paragraph of the story, with a full stop.\n\nSecond paragraph, also the story.\n\nGreat piece! Read more »';
  assert.deepEqual(extractPlainText(text).sections.map((s) => s.kind), ['title', 'body', 'body', 'comment']);
});

test('plain text: a "Comments" heading makes everything after it a comment', () => {
  const text = 'A Title\n\nThe story itself ends here.\n\n3 Comments\n\nFirst!\n\nI disagree with this.';
  assert.deepEqual(extractPlainText(text).sections.map((s) => s.kind), ['title', 'body', 'heading', 'comment', 'comment']);
});

test('plain text: a short paragraph repeating a passage of the article is a pull quote', () => {
  const text = 'A Title\n\nThe mayor said the budget would be balanced by next spring at the latest, whatever it takes.\n\nthe budget would be balanced by next spring at the latest\n\nMore story here.';
  assert.deepEqual(extractPlainText(text).sections.map((s) => s.kind), ['title', 'body', 'quote', 'body']);
});

test('plain text: offsets slice the original text exactly', () => {
  const { text, sections } = extractPlainText(ARTICLE);
  assert.equal(text, ARTICLE);
  for (const s of sections) assert.equal(text.slice(s.start, s.end), text.slice(s.start, s.end).trim());
});

test('reference article: title, caption and the two comments', { skip: needsShared(SEED) }, () => {
  const text = readFileSync(SEED, 'utf8');
  const { sections } = extractPlainText(text);
  const k = sections.map((s) => s.kind);
  assert.equal(k[0], 'title');
  assert.deepEqual(k.slice(-3), ['caption', 'comment', 'comment']);
  assert.equal(k.filter((x) => x === 'comment').length, 2);
  assert.equal(k.filter((x) => x === 'caption').length, 1);
  assert.ok(sections.at(-1)!.truncated);
  assert.ok(k.filter((x) => x === 'heading').length >= 2);
});
