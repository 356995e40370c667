import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from '../src/output/events.js';

test('CSV: quotes fields with commas, quotes and newlines; neutralises spreadsheet formulas', () => {
  const csv = toCsv([
    { a: 'plain', b: 'with, comma', c: 'say "hi"' },
    { a: '=HYPERLINK("x")', b: 'two\nlines', c: null },
  ]);
  assert.equal(csv, 'a,b,c\r\nplain,"with, comma","say ""hi"""\r\n"\'=HYPERLINK(""x"")","two\nlines",\r\n');
});

test('CSV: numbers and booleans as written, explicit column order', () => {
  assert.equal(toCsv([{ n: 1.5, ok: true, s: 'x' }], ['s', 'n', 'ok']), 's,n,ok\r\nx,1.5,true\r\n');
});
