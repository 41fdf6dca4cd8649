// e2e.test.mjs — quire's pages in a real browser: Debian's Chromium driven
// by Playwright (playwright-core, no browser download).  A person's round:
// search, open a paper, sign in, open the full document, upload a file,
// edit its title, sign out.  A screenshot of each page is saved as an
// artifact in $QUIRE_ARTIFACTS (default build-san/web-artifacts).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startLibrary, top } from './lib.mjs';

const shots = process.env.QUIRE_ARTIFACTS || join(top, 'build-san', 'web-artifacts');
let L, browser, page;

before(async () => {
  mkdirSync(shots, { recursive: true });
  L = await startLibrary();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage();
});
after(async () => { await browser?.close(); await L?.stop(); });

const shot = (name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

test('a reader\'s round through the site', async () => {
  const mem = L.papers.mem;
  // home, then search from the header box
  await page.goto(`${L.base}/`);
  await shot('01-home');
  assert.match(await page.title(), /quire/i);
  await page.fill('input[name="q"]', 'ledgers');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/search\?/);
  await shot('02-search');
  const hit = page.locator(`a[href*="/paper/${mem.id}"]`).first();
  assert.ok(await hit.count() >= 1, 'the members paper is found by a public word');
  assert.ok(!(await page.content()).includes(mem.word), 'no gated word in anonymous search results');

  // the paper page: title, stats line, the marker; Open Document needs sign-in
  await hit.click();
  await page.waitForURL(new RegExp(`/paper/${mem.id}/`));
  await shot('03-paper');
  const body = await page.textContent('main');
  assert.match(body, /A Members Paper on Ledgers/);
  assert.match(body, /[\d,]+ Words · \d+ Pages?/);
  assert.match(body, /… middle of paper …/);
  assert.ok(!body.includes(mem.word), 'the preview does not give away the middle');
  const read = await page.request.get(`${L.base}/paper/${mem.id}/read`);
  assert.equal(read.status(), 403, 'Open Document is for members');

  // sign in as ann (a member)
  await page.goto(`${L.base}/signin`);
  await page.fill('#name', 'ann');
  await page.fill('#password', L.users.ann.password);
  await shot('04-signin');
  await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
  assert.match(await page.textContent('header'), /ann/);

  // the full document, now open
  await page.goto(`${L.base}/paper/${mem.id}/read`);
  await shot('05-open-document');
  assert.ok((await page.textContent('main')).includes(mem.word), 'the full text shows the middle');

  // upload a file, see its analysis
  const f = join(L.dir, 'upload-me.txt');
  writeFileSync(f, 'Notes on Lighthouse Lenses\n\nBy Ann Tester\n\nFresnel lenses changed how far a light could be seen. ' +
    'They bent light with rings of glass instead of one thick lens.\n');
  await page.goto(`${L.base}/upload`);
  await page.setInputFiles('input[type="file"]', f);
  await shot('06-upload');
  await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
  await shot('07-uploaded');
  const up = await page.textContent('main');
  assert.match(up, /Notes on Lighthouse Lenses/);
  assert.match(up, /1 added/);

  // open it and edit its title
  await page.click('main a:has-text("Notes on Lighthouse Lenses")');
  const url = page.url();
  const id = url.match(/\/paper\/([a-z0-9]+)/)[1];
  await page.goto(`${L.base}/paper/${id}/edit`);
  await page.fill('#f-title', 'Notes on Fresnel Lenses');
  await shot('08-edit');
  await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
  await shot('09-edited');
  assert.match(await page.textContent('h1'), /Notes on Fresnel Lenses/);

  // sign out: the full document is closed again
  await Promise.all([page.waitForNavigation(), page.click('header button:has-text("Sign out")')]);
  await shot('10-signed-out');
  const again = await page.request.get(`${L.base}/paper/${mem.id}/read`);
  assert.equal(again.status(), 403, 'signed out: Open Document is closed again');
});

test('a phone-sized screen: no horizontal scrolling on the paper page', async () => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const p = await ctx.newPage();
  await p.goto(`${L.base}/paper/${L.papers.pub.id}`);
  await p.screenshot({ path: join(shots, '11-phone-paper.png'), fullPage: true });
  const w = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 360, `page width ${w} fits the 360 px screen`);
  await ctx.close();
});
