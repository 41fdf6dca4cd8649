// reuse.test.mjs — "Check a text" (GET/POST /check) and POST /api/v1/check
// against the visibility rule: the library of lib.mjs holds four papers
// and this test adds four more (public, members, Ann's private, Bob's
// private) with the same prose, so a text made of it matches those four; every caller sees the four
// titles and shares, but passages only of the papers they may open, and
// never a word of the others (each gated paper's secret word).  API
// answers are validated against docs/openapi.json.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startLibrary, auth, top, quire } from './lib.mjs';

const spec = JSON.parse(readFileSync(join(top, 'docs', 'openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });

function schemaFor(p, m, s) {
  const op = spec.paths[p]?.[m.toLowerCase()];
  assert.ok(op, `openapi.json documents ${m} ${p}`);
  const r = op.responses[String(s)];
  assert.ok(r, `openapi.json documents status ${s} of ${m} ${p}`);
  const sch = r.content?.['application/json']?.schema;
  return sch ? JSON.parse(JSON.stringify(sch).replaceAll('"#/components', '"openapi#/components')) : null;
}

let L;
// Papers of this test, one of each visibility, with the same prose (ESSAY)
// and each a secret word found only in it: [key, title, visibility, owner, word]
const MINE = [
  ['pub', 'Salt Roads of the Baltic', 'public', 'ann', 'glimmerwort'],
  ['mem', 'Salt Roads for Members', 'members', 'ann', 'thistlebrook'],
  ['priv', 'Salt Roads, Ann\'s Draft', 'private', 'ann', 'quillfeather'],
  ['bobpriv', 'Salt Roads, Bob\'s Draft', 'private', 'bob', 'marrowlight'],
];
const ESSAY = 'Merchants who carried salt from the coastal pans to the inland towns followed old tracks through the forest, ' +
  'stopping at fords and monasteries where the monks kept ledgers of every cart that crossed their bridges. ' +
  'The ledgers tell us how much a barrel cost in each season, which families owned the wagons, and how often ' +
  'the spring floods closed the road for weeks at a time. In dry years the trade grew so quickly that new villages ' +
  'appeared along the route, each with an inn, a smithy and a small chapel built with the tolls of passing traders.';
const mine = {};
before(async () => {
  L = await startLibrary();
  for (const [key, title, vis, owner, word] of MINE) {
    const f = join(L.dir, `mine-${key}.txt`);
    writeFileSync(f, `${title}\n\n${ESSAY}\n\nA closing remark names ${word} and nothing else of note.\n`);
    const out = JSON.parse(quire(L.lib, ['add', '--json', '--visibility', vis, f]).trim().split('\n').pop());
    quire(L.lib, ['edit', out.id, '--owner', owner]);
    mine[key] = { id: out.id, title, vis, owner, word };
  }
});
after(async () => { await L?.stop(); });

// The text checked: the shared prose, as someone's essay.
function sharedBody() {
  return `My Essay on the Salt Trade\n\n${ESSAY}\n`;
}

// May user u (null: anonymous) open paper key of this test?
function mayOpen(u, key) {
  const p = mine[key];
  if (p.vis === 'public') return true;
  if (!u) return false;
  if (p.vis === 'members') return true;
  return u === 'root' || u === p.owner;
}
const gatedWords = (u) => Object.keys(mine).filter((k) => !mayOpen(u, k)).map((k) => mine[k].word);

async function apiCheck(user, body, headers = {}) {
  const r = await fetch(`${L.base}/api/v1/check`, { method: 'POST', headers: { ...auth(user), ...headers }, body });
  const text = await r.text();
  const sch = schemaFor('/check', 'POST', r.status);
  const data = JSON.parse(text);
  const validate = ajv.compile(sch);
  assert.ok(validate(data), `POST /check ${r.status} matches openapi.json: ${ajv.errorsText(validate.errors)}`);
  return { status: r.status, data, text };
}

for (const u of ['rea', 'ann', 'bob', 'root']) {
  test(`API check as ${u}: every paper's title and share, passages only where ${u} may open`, async () => {
    const fd = new FormData();
    fd.set('text', sharedBody());
    const { status, data, text } = await apiCheck(L.users[u], fd);
    assert.equal(status, 200);
    assert.ok(data.share > 0.9, `share ${data.share}`);
    assert.equal(data.sources.length, 4);
    for (const [key, p] of Object.entries(mine)) {
      const s = data.sources.find((x) => x.id === p.id);
      assert.ok(s, `paper ${key} is named`);
      assert.equal(s.title, p.title);
      assert.ok(s.share > 0.9);
      assert.equal(s.can_open, mayOpen(u, key), `can_open of ${key} for ${u}`);
      if (s.can_open) {
        assert.ok(s.passages.length > 0, `passages of ${key}`);
        const src = s.passages[0].source_text;
        assert.match(src, /Merchants who carried salt/);
      } else {
        assert.deepEqual(s.passages, [], `no passage of ${key} for ${u}`);
      }
    }
    for (const w of gatedWords(u)) assert.ok(!text.includes(w), `no gated word ${w} for ${u}`);
  });
}

test('API check: anonymous 401; a text/plain body; an unrelated text; no text 400', async () => {
  const anon = await apiCheck(null, 'some text');
  assert.equal(anon.status, 401);
  const plain = await apiCheck(L.users.root, sharedBody(), { 'Content-Type': 'text/plain; charset=utf-8' });
  assert.equal(plain.status, 200);
  assert.equal(plain.data.sources.length, 4);
  const fd = new FormData();
  fd.set('text', 'Tram lines of a river city were pulled by horses along rails laid in the cobbles, and the drivers rang a bell at every corner.');
  const none = await apiCheck(L.users.rea, fd);
  assert.equal(none.status, 200);
  assert.equal(none.data.share, 0);
  assert.equal(none.data.sources.length, 0);
  const empty = await apiCheck(L.users.rea, new FormData());
  assert.equal(empty.status, 400);
});

test('API check: offsets are characters of the text as sent', async () => {
  const t = `Ünïcödé “prelude” — 灯台\n\n${sharedBody()}`;
  const { data } = await apiCheck(L.users.root, t, { 'Content-Type': 'text/plain; charset=utf-8' });
  const p = data.sources[0].passages[0];
  const chars = Array.from(t);
  assert.equal(chars.slice(p.offset, p.offset + p.length).join(''), p.text);
});

// Does html hold title t (escaped as html.c escapes)?
const htmlHas = (html, t) => [t, t.replaceAll("'", '&#39;'), t.replaceAll("'", '&#x27;')].some((x) => html.includes(x));

// ---- the page ------------------------------------------------------------

function cookiesOf(r) {
  return (r.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]);
}

async function signIn(user) {
  const f = await fetch(`${L.base}/signin`, { redirect: 'manual' });
  const pre = cookiesOf(f).find((c) => c.startsWith('quire_pre='));
  const csrf = /name="csrf" value="([^"]+)"/.exec(await f.text())?.[1];
  const body = new URLSearchParams({ csrf, name: user.name, password: user.password, next: '/' });
  const r = await fetch(`${L.base}/signin`, {
    method: 'POST', redirect: 'manual', body,
    headers: { Cookie: pre, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 303, `sign in as ${user.name}`);
  return cookiesOf(r).find((c) => c.startsWith('quire_session='));
}

test('page /check: anonymous visitors are sent to sign in', async () => {
  const r = await fetch(`${L.base}/check`);
  assert.equal(r.status, 403);
  assert.match(await r.text(), /Sign in/);
});

for (const u of ['rea', 'bob']) {
  test(`page /check as ${u}: titles and shares of all, passages side by side only where allowed`, async () => {
    const cookie = await signIn(L.users[u]);
    const g = await fetch(`${L.base}/check`, { headers: { Cookie: cookie } });
    assert.equal(g.status, 200);
    const form = await g.text();
    assert.match(form, /<textarea[^>]*name="text"/);
    const csrf = /name="csrf" value="([^"]+)"/.exec(form)?.[1];
    assert.ok(csrf, 'the form carries a CSRF token');

    // without the token: refused
    const bad = new FormData();
    bad.set('text', sharedBody());
    const r0 = await fetch(`${L.base}/check`, { method: 'POST', headers: { Cookie: cookie }, body: bad });
    assert.equal(r0.status, 403);

    const fd = new FormData();
    fd.set('csrf', csrf);
    fd.set('text', sharedBody());
    const r = await fetch(`${L.base}/check`, { method: 'POST', headers: { Cookie: cookie }, body: fd });
    assert.equal(r.status, 200);
    const html = await r.text();
    assert.match(html, /Check results/);
    for (const [key, p] of Object.entries(mine)) {
      assert.ok(htmlHas(html, p.title), `title of ${key}`);
      const sec = new RegExp(`<section id="p-${p.id}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
      assert.ok(sec, `a section for ${key}`);
      if (mayOpen(u, key)) {
        assert.match(sec, /<mark>/, `passages of ${key} with marked words`);
        assert.match(sec, /<table class="passages">/);
      } else {
        assert.match(sec, /You may not open this paper/);
        assert.doesNotMatch(sec, /<mark>/);
      }
    }
    for (const w of gatedWords(u)) assert.ok(!html.includes(w), `no gated word ${w} for ${u}`);
  });
}

test('page /check: an uploaded file is checked like a pasted text', async () => {
  const cookie = await signIn(L.users.ann);
  const form = await (await fetch(`${L.base}/check`, { headers: { Cookie: cookie } })).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(form)?.[1];
  const fd = new FormData();
  fd.set('csrf', csrf);
  fd.set('file', new Blob([sharedBody()], { type: 'text/plain' }), 'essay.txt');
  const r = await fetch(`${L.base}/check`, { method: 'POST', headers: { Cookie: cookie }, body: fd });
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /<strong>\d+%<\/strong> of the text/);
  assert.ok(htmlHas(html, mine.priv.title));
});
