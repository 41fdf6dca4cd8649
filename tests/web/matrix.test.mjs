// matrix.test.mjs — the page-side access-control matrix: every role
// (anonymous, reader, the owning member, another member, admin — each
// signed in through the /signin form with cookies, as a browser does) x
// every visibility (public, members, private of the viewer or of someone
// else) x every route that shows paper content: the paper page, Open
// Document, the file, search (a word only in the gated body, a word of
// the title that also sits next to the gated word in the body), related
// lists, /tag/:tag, sitemap, feed, home, edit and error pages.  Each
// answer's status is checked exactly and each body (the page source) is
// searched for the gated words a viewer must not see.  The JSON API has
// its own matrix (api.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLibrary, quire } from './lib.mjs';

let L;
const sessions = {}; // user name -> cookie header
const roles = ['anon', 'rea', 'ann', 'bob', 'root'];
const papers = ['pub', 'mem', 'priv', 'bobpriv', 'near'];

// May user u (a name or 'anon') open paper p?  The policy of issue 3.
function mayOpen(u, p) {
  const { vis, owner } = L.papers[p];
  if (vis === 'public') return true;
  if (u === 'anon') return false;
  if (u === 'root') return true;
  if (vis === 'members') return true;
  return owner === u;
}

// GET path as user u (no redirects followed); returns {status, headers, body}.
async function get(u, path, extra = {}) {
  const headers = { ...extra };
  if (u !== 'anon') headers.Cookie = sessions[u];
  const r = await fetch(`${L.base}${path}`, { headers, redirect: 'manual' });
  return { status: r.status, headers: r.headers, body: await r.text() };
}

// The cookies of a response as "a=b" pairs.
function cookiesOf(r) {
  return (r.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]);
}

// Signs user in through the form: GET /signin (pre-session cookie and the
// form's CSRF token), POST /signin; returns the session cookie header.
async function signIn(user) {
  const f = await fetch(`${L.base}/signin`, { redirect: 'manual' });
  assert.equal(f.status, 200);
  const pre = cookiesOf(f).find((c) => c.startsWith('quire_pre='));
  assert.ok(pre, 'the sign-in form sets a pre-session cookie');
  const csrf = /name="csrf" value="([^"]+)"/.exec(await f.text())?.[1];
  assert.ok(csrf, 'the sign-in form carries a CSRF token');
  const body = new URLSearchParams({ csrf, name: user.name, password: user.password, next: '/' });
  const r = await fetch(`${L.base}/signin`, {
    method: 'POST', redirect: 'manual', body,
    headers: { Cookie: pre, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 303, `sign in as ${user.name}`);
  const s = cookiesOf(r).find((c) => c.startsWith('quire_session='));
  assert.ok(s, `a session cookie for ${user.name}`);
  return s;
}

// Every gated word u may not see.
function hiddenWords(u) {
  return papers.filter((p) => !mayOpen(u, p)).map((p) => L.papers[p].word);
}

function assertNoLeak(u, what, body, allowed = []) {
  for (const w of hiddenWords(u)) {
    if (allowed.includes(w)) continue;
    assert.ok(!body.includes(w), `${what} as ${u}: no gated word "${w}" in the page source`);
  }
}

before(async () => {
  L = await startLibrary();
  // One more members paper of bob's, whose title word ("Quillwort") also
  // stands right beside its gated word in the middle of the body: a
  // snippet cut from the body for a title search would show the word.
  let s = '';
  for (let i = 0; i < 60; i++) s += `Line ${i} of a patient middle, on tides and ledgers and rain. `;
  const f = join(L.dir, 'near.txt');
  writeFileSync(f, `Quillwort Notes\n\nIntroduction\n\n${s}\n\nQuillwort quillwort gulliverine quillwort.\n\n${s}\n\nConclusion\n\nEnough.\n`);
  const out = JSON.parse(quire(L.lib, ['add', '--json', '--visibility', 'members', f]).trim());
  quire(L.lib, ['edit', out.id, '--owner', 'bob']);
  L.papers.near = { id: out.id, title: 'Quillwort Notes', vis: 'members', owner: 'bob', word: 'gulliverine' };
  for (const p of papers) quire(L.lib, ['edit', L.papers[p].id, '--tag', 'harbourlore']);
  for (const u of ['rea', 'ann', 'bob', 'root']) sessions[u] = await signIn(L.users[u]);
});
after(async () => { await L?.stop(); });

test('sessions: each signed-in viewer is recognised, anonymous is not', async () => {
  for (const u of roles) {
    const r = await get(u, '/');
    assert.equal(r.status, 200);
    if (u === 'anon') assert.match(r.body, />Sign in<\/a>/);
    else assert.ok(r.body.includes(`title="Your account">${u}</a>`), `header names ${u}`);
  }
});

test('the paper page, Open Document and the file: every role x every visibility', async () => {
  for (const u of roles) {
    for (const key of papers) {
      const p = L.papers[key];
      const open = mayOpen(u, key);
      const who = `${u} on ${key} (${p.vis})`;
      // the short URL redirects to the canonical one, for everyone
      const short = await get(u, `/paper/${p.id}`);
      assert.equal(short.status, 301, `redirect ${who}`);
      const canon = short.headers.get('location').replace(L.base, '');
      assert.match(canon, new RegExp(`^/paper/${p.id}/`));
      assertNoLeak(u, `301 ${who}`, short.body);
      // the page: public parts for everyone, the gated body for nobody
      const page = await get(u, canon);
      assert.equal(page.status, 200, `page ${who}`);
      assert.ok(page.body.includes(`<h1>${p.title}</h1>`), `title on the page ${who}`);
      assert.ok(!page.body.includes(p.word), `the paper page never shows the body's middle ${who}`);
      assertNoLeak(u, `page ${who}`, page.body);
      assert.equal(page.body.includes(`href="/paper/${p.id}/read"`), open, `Open Document link ${who}`);
      assert.equal(page.body.includes(`href="/paper/${p.id}/file"`), open, `download link ${who}`);
      assert.equal(page.body.includes('citation_fulltext_html_url'), open, `Scholar full-text URL ${who}`);
      if (!open && u === 'anon') assert.match(page.body, /Sign in/);
      if (p.vis !== 'public' || !open) assert.equal(page.headers.get('vary'), 'Cookie', `Vary ${who}`);
      // Open Document
      const rd = await get(u, `/paper/${p.id}/read`);
      assert.equal(rd.status, open ? 200 : 403, `read ${who}`);
      assert.equal(rd.body.includes(p.word), open, `full text ${who}`);
      assertNoLeak(u, `read ${who}`, rd.body);
      if (p.vis !== 'public' && open) assert.equal(rd.headers.get('cache-control'), 'private, no-store');
      // the original file
      const fl = await get(u, `/paper/${p.id}/file`);
      assert.equal(fl.status, open ? 200 : 403, `file ${who}`);
      assert.equal(fl.body.includes(p.word), open, `file bytes ${who}`);
      if (open) assert.match(fl.headers.get('content-disposition') ?? '', /attachment/);
      if (p.vis !== 'public' && open) assert.equal(fl.headers.get('cache-control'), 'private, no-store');
      // the edit page: the owner and admins; it shows no text either
      const ed = await get(u, `/paper/${p.id}/edit`);
      const mayEdit = u === 'root' || (u !== 'anon' && u !== 'rea' && p.owner === u);
      assert.equal(ed.status, mayEdit ? 200 : 403, `edit ${who}`);
      assert.ok(!ed.body.includes(p.word), `edit page ${who}`);
      assertNoLeak(u, `edit ${who}`, ed.body);
    }
  }
});

test('search: a word only in the gated body, and a title word beside it', async () => {
  for (const u of roles) {
    // "secret" stands next to the gated word in each lib.mjs paper's body
    const s = await get(u, '/search?q=secret');
    assert.equal(s.status, 200);
    assertNoLeak(u, 'search "secret"', s.body);
    for (const key of ['pub', 'mem', 'priv', 'bobpriv']) {
      const p = L.papers[key];
      const open = mayOpen(u, key);
      assert.equal(s.body.includes(`href="/paper/${p.id}/`), open, `"secret" finds ${key} as ${u}`);
      if (open) assert.ok(s.body.includes(p.word), `the snippet shows the match of ${key} as ${u}`);
      // the gated word itself: found only by those who may open
      const w = await get(u, `/search?q=${p.word}`);
      assert.equal(w.status, 200);
      assert.equal(w.body.includes(`href="/paper/${p.id}/`), open, `"${p.word}" finds ${key} as ${u}`);
      if (!open) assert.match(w.body, /No papers found/);
      assertNoLeak(u, `search "${p.word}"`, w.body, [p.word]); // the query is echoed
      // the last title word: found by everyone, no gated word in the snippet
      const tw = p.title.split(' ').pop();
      const t = await get(u, `/search?q=${encodeURIComponent(tw)}`);
      assert.equal(t.status, 200);
      assert.ok(t.body.includes(`href="/paper/${p.id}/`), `title word "${tw}" finds ${key} as ${u}`);
      assertNoLeak(u, `search "${tw}"`, t.body);
    }
    // "Quillwort" is in the title and beside "gulliverine" in the body
    const near = L.papers.near;
    const q = await get(u, '/search?q=quillwort');
    assert.equal(q.status, 200);
    assert.ok(q.body.includes(`href="/paper/${near.id}/`), `title search finds the paper as ${u}`);
    assertNoLeak(u, 'search "quillwort"', q.body);
    if (mayOpen(u, 'near')) assert.ok(q.body.includes('gulliverine'), `body snippet for ${u}`);
    // every page of a listing and every sort shows the same rule
    for (const extra of ['&sort=title', '&sort=newest', '&tag=harbourlore', '&format=text']) {
      const r = await get(u, `/search?q=secret${extra}`);
      assert.equal(r.status, 200);
      assertNoLeak(u, `search "secret${extra}"`, r.body);
    }
  }
});

test('related lists, tag pages, home, sitemap and feed: titles only', async () => {
  for (const u of roles) {
    for (const key of papers) {
      const p = L.papers[key];
      const page = await get(u, `/paper/${p.id}/x`);
      assert.equal(page.status, 301);
      const r = await get(u, page.headers.get('location').replace(L.base, ''));
      // the related list (other papers' titles) never carries a body word
      for (const other of papers) assert.ok(!r.body.includes(L.papers[other].word), `related on ${key} as ${u}`);
    }
    const tag = await get(u, '/tag/harbourlore');
    assert.equal(tag.status, 200, `tag page as ${u}`);
    for (const key of papers) assert.ok(tag.body.includes(`href="/paper/${L.papers[key].id}/`), `${key} listed by tag as ${u}`);
    assertNoLeak(u, 'tag page', tag.body);
    const tq = await get(u, '/tag/harbourlore?q=secret');
    assert.equal(tq.status, 200);
    assertNoLeak(u, 'tag page searched', tq.body);
    for (const key of ['pub', 'mem', 'priv', 'bobpriv']) {
      assert.equal(tq.body.includes(`href="/paper/${L.papers[key].id}/`), mayOpen(u, key), `tag search finds ${key} as ${u}`);
    }
    for (const path of ['/', '/search?sort=newest', '/sitemap.xml', '/feed.xml', '/robots.txt']) {
      const r = await get(u, path);
      assert.equal(r.status, 200, `${path} as ${u}`);
      for (const key of papers) assert.ok(!r.body.includes(L.papers[key].word), `${path} as ${u}: no body word of ${key}`);
    }
    const sm = await get(u, '/sitemap.xml');
    for (const key of papers) assert.ok(sm.body.includes(`/paper/${L.papers[key].id}/`), `sitemap lists ${key}`);
  }
});

test('error pages carry nothing of a paper', async () => {
  const w = L.papers.mem.word;
  const cases = [
    ['/paper/zzzzzzz', 404],
    ['/paper/zzzzzzz/read', 404],
    ['/paper/zzzzzzz/file', 404],
    [`/paper/${L.papers.mem.id}/read/extra`, 404],
    [`/no/such/${w}x`, 404], // the path typed is echoed in the sign-in link: not a leak
    ['/search?q=' + 'x'.repeat(5000), 200],
  ];
  for (const u of roles) {
    for (const [path, status] of cases) {
      const r = await get(u, path);
      assert.equal(r.status, status, `${path.slice(0, 60)} as ${u}`);
      assertNoLeak(u, `error ${path.slice(0, 40)}`, r.body.replaceAll(`${w}x`, ''));
    }
    const post = await fetch(`${L.base}/paper/${L.papers.priv.id}/read`, {
      method: 'POST', redirect: 'manual', headers: u === 'anon' ? {} : { Cookie: sessions[u] },
    });
    assert.equal(post.status, 405);
    assertNoLeak(u, '405', await post.text());
  }
  // a forged or stale session cookie is anonymous: nothing gated
  const forged = await get('anon', `/paper/${L.papers.mem.id}/read`, { Cookie: 'quire_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
  assert.equal(forged.status, 403);
  assert.ok(!forged.body.includes(w));
  // an API token is no session cookie, and a session cookie no token:
  // a Bearer token still works on pages (auth_viewer) — the owner's here
  const tok = await get('anon', `/paper/${L.papers.priv.id}/read`, { Authorization: `Bearer ${L.users.bob.token}` });
  assert.equal(tok.status, 403, 'bob\'s token does not open ann\'s private paper');
  assert.ok(!tok.body.includes(L.papers.priv.word));
});

test('signing out closes the gates again', async () => {
  // sign in a second session of rea, sign it out, then use the old cookie
  const c = await signIn(L.users.rea);
  const page = await fetch(`${L.base}/`, { headers: { Cookie: c } });
  const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  assert.ok(csrf);
  const out = await fetch(`${L.base}/signout`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrf }),
    headers: { Cookie: c, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(out.status, 303);
  const r = await fetch(`${L.base}/paper/${L.papers.mem.id}/read`, { headers: { Cookie: c }, redirect: 'manual' });
  assert.equal(r.status, 403);
  assert.ok(!(await r.text()).includes(L.papers.mem.word));
});
