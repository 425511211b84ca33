import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { buildArchive, tempDir, serve, get, CHROMIUM_ARGS, ARTIFACTS } from './fixture';
import type { RunningServer } from '../../src/web/server';

// Code below runs in the browser (page.evaluate); the project compiles without the DOM lib.
declare const window: unknown, document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

// Mail is hostile: <script> in headers and bodies, javascript: links, header
// injection through an encoded Subject, HTML-only mail. Everything must come out inert.

const INJECTED_SUBJECT = Buffer.from("<img src=x onerror=alert(1)>\r\nX-Injected: yes\r\n\r\n<script>alert(2)</script>").toString('base64');
const HOSTILE = [
  `From evil@example.com Mon May  7 18:30:48 2001
From: "<script>window.__pwned='from'</script>" <evil@example.com>
To: "<b onmouseover=alert(1)>x</b>" <victim@example.com>
Subject: =?utf-8?B?${INJECTED_SUBJECT}?=
Date: Mon, 7 May 2001 21:30:48 +0300
Message-ID: <hostile-1@example.com>
Content-Type: text/plain; charset=us-ascii

Hello <script>window.__pwned='body'</script>
Click javascript:alert(document.cookie) or <a href="javascript:alert(2)">here</a>
and http://example.com/"onmouseover="window.__pwned=1 too.
Throughput was 141.63 MB/sec on localhost with lmbench.
</textarea></pre></details><img src=x onerror="window.__pwned='img'">
`,
  `From evil@example.com Mon May  7 18:31:48 2001
From: Html Only <html@example.com>
Subject: html only
Date: Mon, 7 May 2001 21:31:48 +0300
Message-ID: <hostile-2@example.com>
In-Reply-To: <hostile-1@example.com>
Content-Type: text/html; charset=us-ascii

<html><body><script>window.__pwned='html'</script><img src=x onerror="window.__pwned='html-img'"><a href="javascript:window.__pwned='link'">click</a> 99 MB/s</body></html>
`,
  `From evil@example.com Mon May  7 18:32:48 2001
From: Alt <alt@example.com>
Subject: Re: multipart <script>window.__pwned='subj'</script>
Date: Mon, 7 May 2001 21:32:48 +0300
Message-ID: <hostile-3/x"><script>alert(3)</script>@example.com>
In-Reply-To: <hostile-1@example.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="XX"

--XX
Content-Type: text/plain

plain part 10 ms latency
--XX
Content-Type: text/html

<script>window.__pwned='alt'</script><b>html part</b>
--XX--
`,
].join('\n');

let dir: string, srv: RunningServer, base: string, browser: Browser | null = null;
let pages: string[] = [];

before(async () => {
  dir = tempDir('hostile');
  const mbox = path.join(dir, 'hostile.mbox');
  fs.writeFileSync(mbox, HOSTILE);
  srv = await serve(await buildArchive(dir, [mbox]));
  base = srv.url;
  const j = JSON.parse((await get(base, '/lkml/json')).text);
  const root = j.threads[0].url as string;
  const thread = JSON.parse((await get(base, root + 'T/json')).text);
  const msgUrls: string[] = thread.messages.map((m: { head: { url: string } }) => m.head.url);
  assert.equal(msgUrls.length, 3, 'the three hostile messages are imported in one thread');
  pages = ['/', '/lkml/', '/lkml/2001/05/', ...msgUrls, root + 'T/', root + 't/', '/measurements/', '/measurements/?text__contains=%3Cscript', '/claims/',
    '/lkml/%3Cscript%3Ealert(1)%3C%2Fscript%3E/', '/all/?q=%3Cscript%3Ealert(1)%3C/script%3E'];
});
after(async () => {
  await browser?.close();
  await srv?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('every page: strict CSP, no injected header, no live markup from mail in the HTML', async () => {
  for (const p of pages) {
    const r = await get(base, p);
    assert.ok([200, 404, 500].includes(r.status), `${p}: ${r.status}`);
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/, p);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, p);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('x-injected'), null, `${p}: a header came from the mail`);
    assert.doesNotMatch(r.text, /<script>|<img|<b onmouseover|href="javascript:|<textarea|<\/details><img/i, p);
    // every <script> on the page is ours: a file under /static/ or an inert JSON block
    for (const tag of r.text.match(/<script[^>]*>/g) ?? []) assert.match(tag, /^<script (src="\/static\/[\w./-]+"( defer)?|type="application\/json" id="[\w-]+")>$/, `${p}: ${tag}`);
  }
});

test('the injected subject shows as text and the HTML-only mail as inert text', async () => {
  const j = JSON.parse((await get(base, '/lkml/hostile-1@example.com/json')).text);
  assert.match(j.message.head.subject, /<img src=x onerror=alert\(1\)>/);
  const h = await get(base, '/lkml/hostile-1@example.com/');
  assert.match(h.text, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(h.text, /javascript:alert\(document\.cookie\)/); // shown, never a link
  const html = await get(base, '/lkml/hostile-2@example.com/');
  assert.equal(html.status, 200);
  assert.doesNotMatch(html.text, /<a href="javascript/);
});

test('feeds and downloads carry the mail escaped: Atom is XML-escaped, the mbox name is sanitised', async () => {
  const atom = await get(base, '/lkml/hostile-1@example.com/t.atom');
  assert.equal(atom.status, 200);
  assert.doesNotMatch(atom.text, /<script|<img|<b onmouseover/);
  assert.match(atom.text, /&lt;script&gt;/);
  const feed = await get(base, '/lkml/new.atom');
  assert.doesNotMatch(feed.text, /<script|<img/);
  const mbox = await get(base, '/lkml/hostile-1@example.com/t.mbox.gz');
  assert.match(mbox.headers.get('content-disposition') ?? '', /^attachment; filename="[A-Za-z0-9._-]+"$/);
});

test('raw mail is served as sandboxed plain text', async () => {
  const r = await get(base, '/lkml/hostile-2@example.com/raw');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
  assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'none'; sandbox/);
  assert.match(r.text, /<script>window.__pwned='html'<\/script>/); // byte-exact, and inert
});

test('in chromium nothing from the mail runs: no dialog, no image, no handler, no javascript: link', async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  for (const p of [...pages, '/lkml/hostile-2@example.com/raw']) {
    await page.goto(base + p, { waitUntil: 'load' });
    const found = await page.evaluate(() => {
      const w = window as unknown as { __pwned?: unknown };
      const onAttrs = [...document.querySelectorAll('*')].flatMap((e: any) => [...e.attributes].map((a: any) => a.name as string)).filter((n) => n.startsWith('on'));
      return {
        pwned: w.__pwned ?? null,
        imgs: document.querySelectorAll('img').length,
        jsLinks: [...document.querySelectorAll('a')].filter((a: any) => /^\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
        onAttrs,
        foreignScripts: [...document.querySelectorAll('script')].filter((s: any) => !(s.getAttribute('src') ?? '').startsWith('/static/') && s.type !== 'application/json').length,
      };
    });
    assert.deepEqual(found, { pwned: null, imgs: 0, jsLinks: 0, onAttrs: [], foreignScripts: 0 }, p);
  }
  assert.deepEqual(dialogs, []);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.goto(base + '/lkml/hostile-1@example.com/', { waitUntil: 'load' });
  await page.screenshot({ path: path.join(ARTIFACTS, 'web-hostile-message.png'), fullPage: true });
});
