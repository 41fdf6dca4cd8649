// refs.test.mjs — a paper's references on the web and in the API: the
// References section in a real Chromium (each entry's type label visible,
// its fields in a <details> that opens without script, its own export
// links), the exports of one entry (/paper/:id/refs/<n>.json|.bib|.ris:
// type, file name, content, 404s), and /api/v1/papers/:id/references[/:n]
// validated against docs/openapi.json.  The paper is the sample
// tests/fixtures/sino-soviet-wrapped.txt (public), added to the library of
// lib.mjs; notes are tried on tests/fixtures/salon-letters-notes.txt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { chromium } from 'playwright-core';
import { startLibrary, quire, top } from './lib.mjs';

const shots = process.env.QUIRE_ARTIFACTS || join(top, 'build-san', 'web-artifacts');
const spec = JSON.parse(readFileSync(join(top, 'docs', 'openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });

function validate(template, status, data) {
  const sch = spec.paths[template]?.get?.responses?.[String(status)]?.content?.['application/json']?.schema;
  assert.ok(sch, `openapi.json documents GET ${template} ${status}`);
  const v = ajv.compile(JSON.parse(JSON.stringify(sch).replaceAll('"#/components', '"openapi#/components')));
  assert.ok(v(data), `GET ${template} ${status} matches openapi.json: ${ajv.errorsText(v.errors)}`);
}

let L, browser, sino, salon;

before(async () => {
  mkdirSync(shots, { recursive: true });
  L = await startLibrary();
  const add = (f) => JSON.parse(quire(L.lib, ['add', '--json', '--visibility', 'public', join(top, 'tests', 'fixtures', f)]).trim()).id;
  sino = add('sino-soviet-wrapped.txt');
  salon = add('salon-letters-notes.txt');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => { await browser?.close(); await L?.stop(); });

test('the References section: type labels, fields in a disclosure, export links', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 }, javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${L.base}/paper/${sino}`);
  const refs = page.locator('section.references');
  assert.equal(await refs.locator('h2').textContent(), 'References');
  const items = refs.locator('ol.refs > li');
  assert.equal(await items.count(), 7, 'seven entries');
  // every entry shows a type label without opening anything
  const labels = await refs.locator('summary .rtype').allTextContents();
  assert.equal(labels.length, 7);
  for (const l of labels) assert.match(l, /^(book|book chapter|journal article|magazine article|newspaper article|report|thesis|web page|conference paper|manuscript|unparsed|[a-z-]+)$/);
  assert.ok(labels.includes('book'), 'a book is labelled "book"');
  for (let i = 0; i < 7; i++) assert.ok(await items.nth(i).locator('.rtype').isVisible(), `entry ${i + 1}: the label is visible`);
  // the fields are hidden until the disclosure opens (no script on the page)
  const chen = page.locator('#ref-3');
  assert.match(await chen.locator('.ref-text').textContent(), /^Chen, Jian\. Mao’s China/);
  assert.equal(await chen.locator('dl.fields').isVisible(), false, 'fields closed at first');
  await page.screenshot({ path: join(shots, 'refs-01-closed.png'), fullPage: true });
  await chen.locator('summary').click();
  assert.equal(await chen.locator('dl.fields').isVisible(), true, 'fields open on a click, without JavaScript');
  const dl = await chen.locator('dl.fields').innerText();
  assert.match(dl, /Type\s+book/);
  assert.match(dl, /Authors\s+family Chen given Jian/);
  assert.match(dl, /Title\s+Mao’s China and the Cold War/);
  assert.match(dl, /Publisher\s+University of North Carolina Press/);
  assert.match(dl, /Place\s+Chapel Hill/);
  assert.match(dl, /Date\s+2001/);
  assert.match(dl, new RegExp(`Id\\s+${sino}-3`));
  // the keyboard opens a disclosure too
  const shen = page.locator('#ref-6 summary');
  await shen.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#ref-6 dl.fields').isVisible(), true, 'Enter opens the disclosure');
  assert.match(await page.locator('#ref-6 dl.fields').innerText(), /Volume\s+11[\s\S]*Issue\s+4[\s\S]*Pages\s+74/);
  await page.screenshot({ path: join(shots, 'refs-02-open.png'), fullPage: true });
  // each entry links its three exports
  const hrefs = await chen.locator('.exports a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(hrefs, [`/paper/${sino}/refs/3.json`, `/paper/${sino}/refs/3.bib`, `/paper/${sino}/refs/3.ris`]);
  // a click on BibTeX saves a file named after the entry
  const [dl3] = await Promise.all([page.waitForEvent('download'), chen.locator('.exports a', { hasText: 'BibTeX' }).click()]);
  assert.equal(dl3.suggestedFilename(), `${sino}-3.bib`);
  await ctx.close();
});

test('a phone-sized screen: open fields still fit', async () => {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const p = await ctx.newPage();
  await p.goto(`${L.base}/paper/${sino}`);
  for (const d of await p.locator('details.ref').all()) await d.evaluate((e) => { e.open = true; });
  await p.screenshot({ path: join(shots, 'refs-03-phone.png'), fullPage: true });
  const w = await p.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= 360, `page width ${w} fits the 360 px screen`);
  await ctx.close();
});

test('one entry\'s exports: BibTeX, RIS, CSL-JSON; 404 out of range', async () => {
  const get = (p) => fetch(`${L.base}/paper/${sino}/refs/${p}`);
  let r = await get('2.bib');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/x-bibtex/);
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="${sino}-2.bib"`);
  const bib = await r.text();
  assert.equal((bib.match(/^@/gm) || []).length, 1, 'one BibTeX entry');
  assert.match(bib, /Selected Works of Zhou Enlai/, 'entry 2 carries its title');
  // the same entry, with the same key, in the whole list
  const all = await (await fetch(`${L.base}/paper/${sino}/refs.bib`)).text();
  assert.ok(all.includes(bib.trim()), 'refs.bib holds entry 2 as it is exported alone');
  r = await get('3.ris');
  assert.match(r.headers.get('content-type'), /^application\/x-research-info-systems/);
  const ris = await r.text();
  assert.match(ris, /^TY {2}- BOOK\r?\n/);
  assert.equal((ris.match(/^ER {2}-/gm) || []).length, 1);
  r = await get('3.json');
  assert.match(r.headers.get('content-type'), /^application\/vnd\.citationstyles\.csl\+json/);
  const csl = await r.json();
  assert.equal(csl.length, 1);
  assert.equal(csl[0].id, `${sino}-3`);
  assert.deepEqual(csl[0].author, [{ family: 'Chen', given: 'Jian' }]);
  const list = await (await fetch(`${L.base}/paper/${sino}/refs.json`)).json();
  assert.deepEqual(list[2], csl[0], 'entry 3 as in refs.json');
  for (const bad of ['0.bib', '8.bib', '03.ris', '3.xml', '3', '-1.json']) {
    assert.equal((await get(bad)).status, 404, `refs/${bad}`);
  }
  assert.equal((await fetch(`${L.base}/paper/zzzzzzz/refs/1.bib`)).status, 404);
  // the salon paper's notes come first (1-6), its bibliography after them
  // (7-10): a note citing a listed work is not exported again, note 2's
  // letter (no entry of the list) is, as `quire refs --format csl` does
  const ids = (await (await fetch(`${L.base}/paper/${salon}/refs.json`)).json()).map((c) => c.id);
  assert.deepEqual(ids, [2, 7, 8, 9, 10].map((n) => `${salon}-${n}`));
  const cli = JSON.parse(quire(L.lib, ['refs', salon, '--format', 'csl']));
  assert.deepEqual(cli.map((c) => c.id), ids, 'the web exports what the CLI exports');
  assert.equal((await fetch(`${L.base}/paper/${salon}/refs/1.bib`)).status, 404, 'a note of a listed work: 404');
  r = await fetch(`${L.base}/paper/${salon}/refs/2.bib`);
  assert.equal(r.status, 200);
  assert.match(await r.text(), /Lespinasse/);
  assert.equal((await fetch(`${L.base}/paper/${salon}/refs/7.bib`)).status, 200);
});

test('works cited in notes: shown and exported only to a reader who may open the paper', async () => {
  // a members paper: a German list with "Ders.:" and notes with "Ders."
  // and "Idem" (note 3 cites a work the list does not hold)
  const out = JSON.parse(quire(L.lib, ['add', '--json', '--visibility', 'members',
    join(top, 'tests', 'fixtures', 'refs', 'hering-literatur-ders.md')]).trim());
  const id = out.id;
  const ann = { Authorization: `Bearer ${L.users.ann.token}` };
  const ids = async (h) => (await (await fetch(`${L.base}/paper/${id}/refs.json`, { headers: h })).json()).map((c) => c.id);
  // anonymous: the list alone, and the answer says it varies
  let r = await fetch(`${L.base}/paper/${id}/refs.json`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('vary') || '', /Cookie/);
  assert.deepEqual(await ids({}), [1, 2, 3].map((n) => `${id}-${n}`));
  assert.equal((await fetch(`${L.base}/paper/${id}/refs/6.1.bib`)).status, 404);
  let page = await (await fetch(`${L.base}/paper/${id}`)).text();
  assert.ok(!page.includes('Works cited in the notes'), 'anonymous: no works from the notes');
  assert.ok(!page.includes('id="ref-6-1"') && !page.includes('refs/6.1.'));
  // a member: the work of note 3 (idem: Weber's) beside the list
  r = await fetch(`${L.base}/paper/${id}/refs.json`, { headers: ann });
  assert.match(r.headers.get('cache-control') || '', /private/);
  const all = await r.json();
  assert.deepEqual(all.map((c) => c.id), [1, 2, 3, '6.1'].map((n) => `${id}-${n}`));
  assert.deepEqual(all[3].author, [{ family: 'Weber', given: 'Klaus' }], 'idem: the author before');
  assert.deepEqual(all[1].author, [{ family: 'Weber', given: 'Klaus' }], 'Ders.: the entry before\'s');
  r = await fetch(`${L.base}/paper/${id}/refs/6.1.bib`, { headers: ann });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), new RegExp(`filename="${id}-6\\.1\\.bib"`));
  assert.match(await r.text(), /^@book\{weber2009salt,/);
  for (const bad of ['6.bib', '6.0.bib', '6.01.bib', '6.1.2.bib', '6..bib', '.1.bib']) {
    assert.equal((await fetch(`${L.base}/paper/${id}/refs/${bad}`, { headers: ann })).status, 404, `refs/${bad}`);
  }
  page = await (await fetch(`${L.base}/paper/${id}`, { headers: ann, redirect: 'follow' })).text();
  assert.ok(page.includes('<h3 id="refs-notes">Works cited in the notes</h3>'));
  assert.ok(page.includes('id="ref-6-1"') && page.includes(`/paper/${id}/refs/6.1.bib`));
  assert.ok(page.includes('<span class="k">note 3</span>'));
  // the API the same way: the notes (their whole text) only for ann
  r = await fetch(`${L.base}/api/v1/papers/${id}/references`);
  let d = await r.json();
  validate('/papers/{id}/references', 200, d);
  assert.deepEqual(d.references.map((e) => e.id), [1, 2, 3].map((n) => `${id}-${n}`));
  assert.ok(!JSON.stringify(d).includes('Salt and Herring'), 'anonymous: no note text');
  assert.equal((await fetch(`${L.base}/api/v1/papers/${id}/references/6`)).status, 404);
  d = await (await fetch(`${L.base}/api/v1/papers/${id}/references`, { headers: ann })).json();
  assert.equal(d.references.length, 6);
  assert.deepEqual(d.references.filter((e) => e.note).map((e) => e.id), [4, 5, 6].map((n) => `${id}-${n}`));
  r = await fetch(`${L.base}/api/v1/papers/${id}/references/6`, { headers: ann });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).citations[1].back, 'ibid', '"Idem, 9": ibid.');
});

test('the API: every entry with type and fields; one entry with its exports', async () => {
  let r = await fetch(`${L.base}/api/v1/papers/${sino}/references`);
  assert.equal(r.status, 200);
  const d = await r.json();
  validate('/papers/{id}/references', 200, d);
  assert.equal(d.references.length, 7);
  d.references.forEach((e, i) => {
    assert.equal(e.id, `${sino}-${i + 1}`);
    assert.equal(e.fields.type, e.type);
    assert.equal(e.fields.id, e.id);
  });
  r = await fetch(`${L.base}/api/v1/papers/${sino}/references/3`);
  assert.equal(r.status, 200);
  const one = await r.json();
  validate('/papers/{id}/references/{n}', 200, one);
  assert.equal(one.n, 3);
  assert.equal(one.paper, sino);
  assert.equal(one.type, 'book');
  assert.deepEqual(one.fields, d.references[2].fields);
  assert.match(one.bibtex, /^@book\{chen2001/);
  assert.match(one.ris, /^TY {2}- BOOK/);
  for (const [p, s] of [[`${sino}/references/0`, 404], [`${sino}/references/8`, 404], [`${sino}/references/x`, 404], ['zzzzzzz/references/1', 404]]) {
    r = await fetch(`${L.base}/api/v1/papers/${p}`);
    assert.equal(r.status, s, p);
    validate('/papers/{id}/references/{n}', s, await r.json());
  }
  // notes: each with its citations, ibid. pointing back, a short note to
  // the bibliography
  r = await fetch(`${L.base}/api/v1/papers/${salon}/references`);
  const s = await r.json();
  validate('/papers/{id}/references', 200, s);
  const notes = s.references.filter((e) => e.note);
  assert.ok(notes.length >= 6, 'the salon paper has six notes');
  for (const e of notes) assert.ok(Array.isArray(e.citations), `${e.id} has citations`);
  for (const e of s.references.filter((x) => !x.note)) assert.equal(e.citations, undefined);
  const ibid = notes.find((e) => /Ibid\./.test(e.text));
  assert.equal(ibid.citations[0].back, 'ibid');
  assert.equal(ibid.citations[0].target, `${salon}-2`);
  assert.equal(ibid.citations[0].pinpoint, '140-142');
  const short = notes.find((e) => /Goodman, Republic of Letters/.test(e.text));
  assert.equal(short.citations[0].short, true);
  assert.ok(short.citations[0].target, 'the short note points somewhere');
});
