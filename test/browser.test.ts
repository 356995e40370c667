import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { buildServer } from '../src/server/app.js';
import { ingest } from '../src/corpus/ingest.js';
import { expandInputs } from '../src/corpus/sources.js';
import { openStore } from '../src/store/open.js';
import type { Store } from '../src/store/store.js';
import { ROOT, SEED, needsShared } from './helpers/paths.js';

/** Debian's Chromium, driven by playwright-core (never a downloaded browser). CI installs it; elsewhere these tests skip. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-output', 'screenshots');
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} not found (apt-get install chromium)`;

let dir: string;
let store: Store;
let app: FastifyInstance;
let base: string;
let browser: Browser;

async function page(width = 1280, height = 900): Promise<Page> {
  const p = await browser.newPage({ viewport: { width, height } });
  p.on('pageerror', (e) => assert.fail(`script error in the page: ${e.message}`));
  return p;
}

async function shot(p: Page, name: string): Promise<void> {
  await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function analyseText(p: Page, text: string): Promise<void> {
  await p.goto(`${base}/#/`);
  await p.fill('textarea[name=text]', text);
  await p.click('#analyse-button');
  await p.waitForSelector('article.doc', { timeout: 60_000 });
}

describe('web UI in headless Chromium', { skip }, () => {
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'unspin-ui-'));
    store = await openStore(join(dir, 'ui.db'));
    await ingest(store, expandInputs([join(ROOT, 'samples', 'corpus')], { maxBytes: 5_000_000 }), { workers: 0 });
    app = await buildServer({ store, host: '127.0.0.1', rateLimit: 10_000 });
    base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('[::1]', '127.0.0.1');
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('analysing the reference article from the page shows its comments apart, with reasons on hover', { skip: needsShared(SEED), timeout: 120_000 }, async () => {
    const p = await page();
    await analyseText(p, readFileSync(SEED, 'utf8'));
    const comments = p.locator('section.comments p.section.comment');
    assert.equal(await comments.count(), 2);
    assert.equal(await p.locator('.sections p.section.comment').count(), 0, 'no comment inside the article body');
    assert.equal(await p.locator('p.section.caption').count(), 1);
    await shot(p, 'reference-article');
    const mark = p.locator('.sections mark').first();
    await mark.hover();
    await p.waitForSelector('#tip:not([hidden])');
    const tipText = await p.textContent('#tip');
    assert.ok(tipText && tipText.length > 20, 'the tooltip explains the highlight');
    await shot(p, 'hover-reason');
    await p.close();
  });

  test('the map shows Idlib and Deir el-Zor for the reference article', { skip: needsShared(SEED), timeout: 120_000 }, async () => {
    const p = await page();
    await analyseText(p, readFileSync(SEED, 'utf8'));
    await p.waitForSelector('svg.map', { timeout: 30_000 });
    const places = await p.locator('svg.map g.point').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.place ?? ''));
    assert.ok(places.some((x) => /idlib/i.test(x)), `Idlib among ${places.join(', ')}`);
    assert.ok(places.some((x) => /deir|dayr/i.test(x)), `Deir el-Zor among ${places.join(', ')}`);
    await p.locator('section.map').screenshot({ path: join(SHOTS, 'map.png') });
    await p.close();
  });

  test('the events export buttons download the same CSV and JSONL as the CLI formats', { timeout: 60_000 }, async () => {
    const p = await page();
    await analyseText(p, 'Rebels attacked the town of Oldport on Monday. The army shelled the hills.');
    const [csv] = await Promise.all([p.waitForEvent('download'), p.click('button:has-text("Export events CSV")')]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    assert.match(csvText, /^document,event,type,mode,cameo,actor/);
    assert.match(csvText, /\r\n[^\r]*,1,ASSAULT,/);
    const [jsonl] = await Promise.all([p.waitForEvent('download'), p.click('button:has-text("Export events JSONL")')]);
    const rows = readFileSync((await jsonl.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; event: number });
    assert.ok(rows.length >= 1 && rows[0]!.event === 1 && rows[0]!.type === 'ASSAULT');
    await p.close();
  });

  test('a search with a facet narrows the results', { timeout: 60_000 }, async () => {
    const p = await page();
    await p.goto(`${base}/#/search?q=aid`);
    await p.waitForSelector('.hits .hit');
    const before = await p.locator('.hits .hit').count();
    const facet = p.locator('.facet-outlet li a').first();
    const outlet = (await facet.textContent())!.trim();
    await facet.click();
    await p.waitForFunction((o) => location.hash.includes('outlet=') && [...document.querySelectorAll('.hits .hit .muted')].every((e) => e.textContent!.includes(o)), outlet);
    const afterCount = await p.locator('.hits .hit').count();
    assert.ok(afterCount >= 1 && afterCount <= before);
    await shot(p, 'search-facet');
    await p.close();
  });

  test('the narratives view lists clustered narratives with outlets, dates and a volume bar, and opens one', { timeout: 60_000 }, async () => {
    const hits = (await store.search({ limit: 2 })).hits;
    const claims = [];
    for (const hit of hits) claims.push({ docId: hit.id, start: 0, end: 12, text: (await store.getDocument(hit.id))!.text.slice(0, 12), score: 0.9 });
    await store.replaceNarrativeClusters([
      { id: 'nar-ui', label: 'Recurring claim <b>not markup</b>', size: 2, documents: 2, outlets: [{ value: 'a.example', count: 1 }, { value: 'b.example', count: 1 }], firstSeen: '2024-02-01', lastSeen: '2024-02-09', volume: { period: 'day', buckets: [{ date: '2024-02-01', count: 1 }, { date: '2024-02-09', count: 1 }] }, claims },
    ]);
    const p = await page();
    await p.goto(`${base}/#/narratives`);
    await p.waitForSelector('table.clusters tbody tr');
    const row = p.locator('table.clusters tbody tr').first();
    assert.match((await row.textContent())!, /a\.example \(1\).*2024-02-01 – 2024-02-09/);
    assert.equal(await row.locator('svg.volume rect').count(), 2);
    assert.equal(await p.locator('table.clusters b').count(), 0, 'the label is text, not markup');
    await shot(p, 'narratives');
    await row.locator('a').first().click();
    await p.waitForSelector('ul.members li');
    assert.equal(await p.locator('ul.members li').count(), 2);
    await p.close();
    await store.replaceNarrativeClusters([]);
  });

  test('an outlet page shows its profile against the corpus', { timeout: 60_000 }, async () => {
    const p = await page();
    await p.goto(`${base}/#/outlets`);
    await p.waitForSelector('table.outlets tbody tr');
    await p.locator('table.outlets tbody tr a', { hasText: 'TruthFront Daily' }).click();
    await p.waitForSelector('h1:has-text("TruthFront Daily")');
    assert.ok(await p.locator('text=Persuasion techniques').count());
    await shot(p, 'outlet');
    await p.close();
  });

  test('an article carrying <script> and onerror= payloads is shown as text and runs nothing', { timeout: 60_000 }, async () => {
    const p = await page();
    let dialogs = 0;
    p.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    const payload = 'Injected Headline\n\nThe minister said <script>window.__pwned = 1; alert(1)</script> and <img src=x onerror="window.__pwned = 2; alert(2)"> were found in the files.\n\nA reader wrote <svg onload="window.__pwned = 3">hi</svg> in a comment. Read more »';
    await analyseText(p, payload);
    await p.waitForTimeout(300);
    assert.equal(await p.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(dialogs, 0);
    assert.equal(await p.locator('article.doc script, article.doc img, article.doc svg[onload]').count(), 0);
    assert.ok((await p.locator('article.doc').textContent())!.includes('<script>window.__pwned = 1;'));
    await shot(p, 'xss-payload');
    await p.close();
  });

  test('usable at phone width, and a stored article paints in under a second', { timeout: 60_000 }, async () => {
    const p = await page(390, 844);
    await p.goto(`${base}/#/search?q=convoy`);
    await p.waitForSelector('.hits .hit a');
    const href = await p.locator('.hits .hit a').first().getAttribute('href');
    const t0 = Date.now();
    await p.goto(`${base}/${href}`);
    await p.waitForSelector('article.doc .sections p');
    const ms = Date.now() - t0;
    assert.ok(ms < 1000, `first paint of the article took ${ms} ms`);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no horizontal scrolling at phone width (overflow ${overflow}px)`);
    await shot(p, 'phone-article');
    await p.close();
  });
});
