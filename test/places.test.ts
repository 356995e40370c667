import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { parseGold } from '../src/eval/places.js';
import { runEval } from '../src/eval/index.js';
import { SHARED, needsShared } from './helpers/paths.js';

const XML = `<articles>
<article docid="1"><text><![CDATA[Floods hit Springfield, Ill. on Monday.]]></text>
<toponyms><toponym><start>11</start><end>22</end><phrase>Springfield</phrase>
<gaztag geonameid="4250542"><lat>39.80</lat><lon>-89.64</lon></gaztag></toponym>
<toponym><start>24</start><end>28</end><phrase>Ill.</phrase></toponym></toponyms></article>
<article><text>Rain in Lima &amp; Cusco.</text><locations><location><name>Lima</name><start>9</start><end>13</end><lat>-12.04</lat><lon>-77.03</lon></location></locations></article>
<article><text>Afrin residents fled.</text><toponyms><toponym><extractedName>Afrin</extractedName><type>Literal_Modifier</type><start>0</start><end>5</end><latitude>36.5</latitude><longitude>36.87</longitude></toponym>
<toponym><extractedName>residents</extractedName><type>Literal_Expression</type><start>6</start><end>15</end></toponym></toponyms></article>
</articles>`;

test('places eval: reads the LGL, GeoVirus and GeoWebNews formats', () => {
  const arts = parseGold(XML);
  assert.equal(arts.length, 3);
  assert.deepEqual(arts[0]!.toponyms.map((t) => arts[0]!.text.slice(t.start, t.end)), ['Springfield', 'Ill.']);
  assert.equal(arts[0]!.toponyms[1]!.lat, undefined);
  assert.equal(arts[1]!.text, 'Rain in Lima & Cusco.');
  assert.equal(arts[2]!.toponyms.length, 1, 'GeoWebNews expressions are not toponyms');
});

const DEV = join(SHARED, 'data', 'places-dev');
test('places eval on LGL (first articles)', { skip: needsShared(DEV) }, async () => {
  const r = await runEval('places', DEV, { limit: 8 });
  assert.equal(r.task, 'places');
  assert.equal(r.n, 8);
  for (const k of ['recognition_f1', 'precision', 'recall', 'acc_161', 'median_error_km']) assert.equal(typeof r.metrics[k], 'number', k);
  assert.ok(r.metrics.recognition_f1! > 0.5, JSON.stringify(r.metrics));
  assert.ok(r.metrics.acc_161! > 0.5, JSON.stringify(r.metrics));
});
