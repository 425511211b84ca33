import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildArchive, corpusFiles, tempDir, serve, CHROMIUM_ARGS, ARTIFACTS, SEED_ID } from './fixture';
import type { RunningServer } from '../../src/web/server';

// A reader in Debian's chromium over the real corpus: read a thread, follow a
// quoted figure to the message that first said it, filter the explorer, see the
// charts render. Screenshots land in test-artifacts/ (git-ignored).

declare const document: any, getComputedStyle: any; // eslint-disable-line @typescript-eslint/no-explicit-any

let dir: string, srv: RunningServer, base: string, browser: Browser, page: Page;
const errors: string[] = [];

before(async () => {
  dir = tempDir('browser');
  srv = await serve(await buildArchive(dir, corpusFiles()));
  base = srv.url;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await srv?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const shot = (name: string, fullPage = false) => page.screenshot({ path: path.join(ARTIFACTS, `web-${name}.png`), fullPage });

test('open a thread of the real corpus from the list page', async () => {
  await page.goto(base + '/lkml/', { waitUntil: 'load' });
  await shot('list');
  await page.getByRole('link', { name: '[Question] Explanation of zero-copy networking', exact: true }).first().click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('.hdr').first().innerText(), /Subject: \[Question\] Explanation of zero-copy networking/);
  await page.getByRole('link', { name: 'nested thread' }).first().click();
  await page.waitForLoadState('load');
  assert.ok(await page.locator('article.msg').count() >= 10);
  await shot('thread-nested');
});

test('follow a quoted figure to the message that first said it', async () => {
  await page.goto(`${base}/lkml/${SEED_ID}/`, { waitUntil: 'load' });
  await shot('seed-message', true);
  const seedFig = page.locator('a.fig', { hasText: '141.63 MB/sec' });
  assert.equal(await seedFig.count(), 1);
  assert.match((await seedFig.getAttribute('href')) ?? '', /^\/measurements\/\?id=\d+$/);
  // a quoted figure: its "origin" link leads to Richard B. Johnson's message, to that very figure
  const quoted = page.locator('details.q a.fig.fig-q').first();
  const quotedText = await quoted.innerText();
  await page.locator('details.q a.fig-origin').first().click();
  await page.waitForLoadState('load');
  assert.match(page.url(), /\/lkml\/Pine\.LNX\.3\.95\.1010507121212\.4256A-100000@chaos\.analogic\.com\/#f\d+$/);
  const target = page.locator('a.fig:target');
  assert.equal(await target.count(), 1);
  assert.equal((await target.innerText()).replace(/\s+/g, ' '), quotedText.replace(/\s+/g, ' '));
  assert.equal(await target.evaluate((e: any) => e.closest('details.q')), null, 'the origin states it in its own text');
  await shot('origin-message');
});

test('filter the explorer by facet and see the time chart render', async () => {
  await page.goto(base + '/measurements/', { waitUntil: 'load' });
  await page.locator('.facet', { hasText: 'tool' }).first().getByRole('link', { name: 'lmbench' }).click();
  await page.waitForLoadState('load');
  assert.match(page.url(), /[?&]tool=lmbench(&|$)/);
  const tools = await page.locator('table.explorer tbody tr td:nth-child(5)').allInnerTexts();
  assert.ok(tools.length > 0 && tools.every((t) => t === 'lmbench'), tools.join(','));
  await page.waitForSelector('#time[data-rendered] canvas');
  const n = Number(await page.locator('#time').getAttribute('data-rendered'));
  assert.ok(n > 0);
  // the chart drew something: its canvas is not blank
  const inked = await page.locator('#time canvas').evaluate((c: any) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++;
    return ink;
  });
  assert.ok(inked > 100, `canvas pixels drawn: ${inked}`);
  await shot('explorer-lmbench', true);
  // narrowing by a URL parameter in Datasette's grammar
  await page.goto(base + '/measurements/?tool=lmbench&canonicalUnit=B/s&canonicalValue__gt=1e8&_sort=-canonicalValue', { waitUntil: 'load' });
  const chips = await page.locator('.chips .chip').allInnerTexts();
  assert.deepEqual(chips.map((c) => c.replace(' ✕', '')), ['tool = lmbench', 'canonicalUnit = B/s', 'canonicalValue > 1e8']);
  // the filter form works without JavaScript: column, operator, value -> column__op=value
  await page.locator('form.filter select[name=_filter_column]').selectOption('text');
  await page.locator('form.filter select[name=_filter_op]').selectOption('contains');
  await page.locator('form.filter input[name=_filter_value]').fill('localhost');
  await page.locator('form.filter button').click();
  await page.waitForLoadState('load');
  assert.match(decodeURIComponent(page.url()), /[?&]text__contains=localhost(&|$)/);
  assert.match(decodeURIComponent(page.url()), /[?&]tool=lmbench(&|$)/);
  const texts = await page.locator('table.explorer tbody td.text').allInnerTexts();
  assert.ok(texts.length > 0 && texts.every((t) => /localhost/i.test(t)), texts.join(' | '));
  await page.locator('.chips .chip', { hasText: 'canonicalValue' }).click();
  await page.waitForLoadState('load');
  assert.doesNotMatch(decodeURIComponent(page.url()), /canonicalValue__gt/);
});

test('search from the header box: results with highlighted snippets', async () => {
  await page.goto(`${base}/lkml/`, { waitUntil: 'load' });
  await page.locator('form.search input[name=q]').fill('b:"socket bandwidth"');
  await page.locator('form.search button').click();
  await page.waitForLoadState('load');
  assert.match(decodeURIComponent(page.url()), /\/lkml\/\?q=b:"socket\+bandwidth"|\/lkml\/\?q=b:"socket bandwidth"/);
  const hits = await page.locator('ol.results li').count();
  assert.ok(hits >= 1);
  assert.match((await page.locator('ol.results mark').first().innerText()).toLowerCase(), /socket bandwidth/);
  await page.locator('ol.results a.subj').first().click();
  await page.waitForLoadState('load');
  assert.match(await page.locator('.body').first().innerText(), /Socket bandwidth/);
  await page.goBack();
  await shot('search');
});

test('a patch shows as a diff', async () => {
  await page.goto(`${base}/lkml/20030417172818.GA8848@glacier.arctrix.com/`, { waitUntil: 'load' });
  assert.ok(await page.locator('.patch .d-add').count() > 5);
  assert.ok(await page.locator('.patch .d-hunk').count() >= 1);
  const color = await page.locator('.patch .d-add').first().evaluate((e: any) => getComputedStyle(e).backgroundColor);
  assert.notEqual(color, 'rgba(0, 0, 0, 0)');
  await page.locator('.patch').first().scrollIntoViewIfNeeded();
  await shot('patch');
});

test('the seed comparison renders as a bar chart: localhost 141.63 vs 74.79 MB/sec', async () => {
  await page.goto(`${base}/lkml/${SEED_ID}/`, { waitUntil: 'load' });
  await page.waitForSelector('#bar[data-rendered] canvas');
  const bars = await page.locator('#bar-data').evaluate((e: any) => JSON.parse(e.textContent).bars.map((b: { value: number }) => b.value));
  assert.ok(bars.includes(141630000) && bars.includes(74790000));
  await page.locator('#bar').scrollIntoViewIfNeeded();
  await page.locator('.chartbox').screenshot({ path: path.join(ARTIFACTS, 'web-seed-bar-chart.png') });
  await page.goto(`${base}/`, { waitUntil: 'load' });
  await shot('home');
  await page.goto(`${base}/claims/`, { waitUntil: 'load' });
  await shot('claims');
  assert.deepEqual(errors, [], 'no script errors and no CSP violations in the console');
});
