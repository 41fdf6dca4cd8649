// cache.test.mjs — the page cache for anonymous viewers (src/web/cache.c):
// pages are answered from it ("X-Quire-Cache: hit") only while the library
// is unchanged, and every change — made by another process (the CLI) or
// through the server itself (the API) — shows on the very next view:
// adding a paper, editing its title, changing its visibility, removing
// it.  Signed-in viewers and API tokens never get or fill a cached page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import http from 'node:http';
import { startLibrary, quire, auth } from './lib.mjs';

let L;
before(async () => { L = await startLibrary(); });
after(async () => { await L?.stop(); });

// A GET on a new connection each time (agent: false), so that the
// server's threads take turns: a change made on one must show on all.
function get(path, headers = {}) {
  const u = new URL(L.base);
  return new Promise((res, rej) => {
    http.get({ host: u.hostname, port: u.port, path, headers, agent: false }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d) => { body += d; });
      r.on('end', () => res({
        status: r.statusCode, body, cache: r.headers['x-quire-cache'] ?? null,
        headers: { get: (n) => r.headers[n.toLowerCase()] ?? null },
      }));
    }).on('error', rej);
  });
}

// Asks n times (every server thread answers some): every answer must pass check.
async function every(path, check, n = 12) {
  for (let i = 0; i < n; i++) check(await get(path), i);
}

// Asks until answers come from the cache 8 times in a row (the first
// answer after a change is a miss; the cache watches the library on a
// connection of its own, so a thread's first look is not one).
async function warm(path) {
  let run = 0;
  for (let i = 0; i < 80; i++) {
    run = (await get(path)).cache === 'hit' ? run + 1 : 0;
    if (run === 8) return;
  }
  assert.fail(`${path} never came from the cache`);
}

async function canonical(id) {
  const r = await get(`/paper/${id}`);
  assert.equal(r.status, 301);
  return r.headers.get('location').replace(L.base, '');
}

test('one rendering serves every server thread', async () => {
  // (first: no thread has looked at the library yet)
  // a page asked for the first time is made once; every later answer, on
  // whichever thread, is that copy (no thread retires the cache when it
  // first looks at the library)
  const path = '/search?q=tides&first=1';
  assert.equal((await get(path)).cache, 'miss');
  await every(path, (r) => assert.equal(r.cache, 'hit'), 24);
});

test('anonymous pages are kept and say Vary: Cookie', async () => {
  const path = await canonical(L.papers.pub.id);
  await warm(path);
  const r = await get(path);
  assert.equal(r.status, 200);
  assert.equal(r.cache, 'hit');
  assert.equal(r.headers.get('vary'), 'Cookie');
  for (const p of ['/', '/search?q=tides', '/api/v1/search?q=tides', '/sitemap.xml', '/feed.xml', `/paper/${L.papers.pub.id}/read`]) await warm(p);
  // errors and redirects are never kept
  for (let i = 0; i < 6; i++) {
    assert.notEqual((await get('/paper/zzzzzzz')).cache, 'hit');
    assert.notEqual((await get(`/paper/${L.papers.mem.id}/read`)).cache, 'hit');
  }
});

test('signed-in viewers and tokens bypass the cache', async () => {
  const path = await canonical(L.papers.mem.id);
  await warm(path);
  for (let i = 0; i < 8; i++) {
    const r = await get(path, auth(L.users.ann));
    assert.equal(r.cache, null, 'a token request is not cached');
    assert.ok(r.body.includes(`href="/paper/${L.papers.mem.id}/read"`), 'ann sees her Open Document link');
    const a = await get(path);
    assert.ok(!a.body.includes(`href="/paper/${L.papers.mem.id}/read"`), 'anonymous still gets the anonymous page');
    assert.ok(!a.body.includes('Sign out'));
  }
  // the API's search: a member's hit never lands in (or comes from) the anonymous entry
  const q = `/api/v1/search?q=${L.papers.mem.word}`;
  await warm(q);
  for (let i = 0; i < 8; i++) {
    const t = await get(q, auth(L.users.ann));
    assert.equal(t.cache, null);
    assert.equal(JSON.parse(t.body).total, 1, 'ann finds the members paper');
    const a = await get(q);
    assert.ok(!JSON.parse(a.body).hits.some((h) => h.id === L.papers.mem.id), 'anonymous does not');
  }
  // and the anonymous entry kept after all that is still the anonymous one
  await warm(q);
  const kept = await get(q);
  assert.equal(kept.cache, 'hit');
  assert.ok(!JSON.parse(kept.body).hits.some((h) => h.id === L.papers.mem.id));
  // a session cookie (even an unknown one) is not served the cached page
  const s = await get(path, { Cookie: 'quire_session=x' });
  assert.equal(s.cache, null);
});

test('the Host is part of the key (absolute URLs are made from it)', async () => {
  const path = await canonical(L.papers.pub.id);
  // fetch() will not send another Host: node:http does
  const byHost = (host) => new Promise((res, rej) => {
    const u = new URL(L.base);
    http.get({ host: u.hostname, port: u.port, path, headers: { Host: host } }, (r) => {
      let b = '';
      r.setEncoding('utf8');
      r.on('data', (d) => { b += d; });
      r.on('end', () => res(b));
    }).on('error', rej);
  });
  for (let i = 0; i < 8; i++) {
    const b = await byHost(`mirror${i % 2}.example`);
    assert.ok(b.includes(`href="http://mirror${i % 2}.example${path}"`), 'canonical link of this Host');
  }
});

test('editing a title (CLI, another process) shows at once', async () => {
  const p = L.papers.pub;
  const old = await canonical(p.id);
  await warm(old);
  await warm('/');
  quire(L.lib, ['edit', p.id, '--title', 'Tides Renamed Wholesale']);
  await every(old, (r) => assert.equal(r.status, 301, 'the old slug now redirects'));
  const now = await canonical(p.id);
  assert.match(now, /tides-renamed-wholesale/);
  await every(now, (r) => assert.ok(r.body.includes('<h1>Tides Renamed Wholesale</h1>')));
  await every('/', (r) => assert.ok(r.body.includes('Tides Renamed Wholesale') && !r.body.includes('A Public Paper on Tides')));
  await every('/sitemap.xml', (r) => assert.ok(r.body.includes('tides-renamed-wholesale')));
});

test('a visibility change closes (and opens) Open Document at once', async () => {
  const p = L.papers.pub;
  const read = `/paper/${p.id}/read`;
  await warm(read);
  assert.ok((await get(read)).body.includes(p.word));
  quire(L.lib, ['edit', p.id, '--visibility', 'members']);
  await every(read, (r) => {
    assert.equal(r.status, 403, 'no cached full text after the paper became members-only');
    assert.ok(!r.body.includes(p.word));
  });
  await every(await canonical(p.id), (r) => assert.ok(!r.body.includes(`href="/paper/${p.id}/read"`)));
  await every(`/search?q=${p.word}`, (r) => assert.match(r.body, /No papers found/));
  await every(`/api/v1/search?q=${p.word}`, (r) => assert.equal(JSON.parse(r.body).total, 0));
  quire(L.lib, ['edit', p.id, '--visibility', 'public']);
  await every(`/api/v1/search?q=${p.word}`, (r) => assert.equal(JSON.parse(r.body).total, 1));
  await every(read, (r) => { assert.equal(r.status, 200); assert.ok(r.body.includes(p.word)); });
});

test('adding and removing a paper show at once', async () => {
  await warm('/');
  await warm('/search?q=marramgrass');
  await warm('/api/v1/search?q=marramgrass');
  const f = join(L.dir, 'new.txt');
  writeFileSync(f, 'Marramgrass on Moving Dunes\n\nThe grass holds the sand, season after season, and the dune walks on.\n');
  const { id } = JSON.parse(quire(L.lib, ['add', '--json', '--visibility', 'public', f]).trim());
  await every('/', (r) => assert.ok(r.body.includes('Marramgrass on Moving Dunes')));
  await every('/search?q=marramgrass', (r) => assert.ok(r.body.includes(`href="/paper/${id}/`)));
  await every('/api/v1/search?q=marramgrass', (r) => assert.equal(JSON.parse(r.body).hits[0].id, id));
  await every('/feed.xml', (r) => assert.ok(r.body.includes('Marramgrass on Moving Dunes')));
  const path = await canonical(id);
  await warm(path);
  quire(L.lib, ['rm', id]);
  await every(path, (r) => assert.equal(r.status, 404));
  await every('/', (r) => assert.ok(!r.body.includes('Marramgrass')));
  await every('/search?q=marramgrass', (r) => assert.match(r.body, /No papers found/));
  await every('/api/v1/search?q=marramgrass', (r) => assert.equal(JSON.parse(r.body).total, 0));
});

test('changes made through the server itself (the API) show at once', async () => {
  const p = L.papers.mem;
  const path = await canonical(p.id);
  await warm(path);
  const r = await fetch(`${L.base}/api/v1/papers/${p.id}`, {
    method: 'PATCH', body: JSON.stringify({ title: 'Ledgers Patched Over HTTP' }),
    headers: { ...auth(L.users.ann), 'Content-Type': 'application/json' },
  });
  assert.equal(r.status, 200);
  await every(path, (x) => assert.equal(x.status, 301));
  await every(await canonical(p.id), (x) => assert.ok(x.body.includes('<h1>Ledgers Patched Over HTTP</h1>')));
  const d = await fetch(`${L.base}/api/v1/papers/${L.papers.bobpriv.id}`, { method: 'DELETE', headers: auth(L.users.root) });
  assert.equal(d.status, 204);
  await every('/sitemap.xml', (x) => assert.ok(!x.body.includes(`/paper/${L.papers.bobpriv.id}/`)));
});
