// api.test.mjs — the JSON API against docs/openapi.json and the access
// rules: every response below is validated against the schema the OpenAPI
// file gives for its path, method and status (Ajv), and every role is tried
// on every visibility for each route that shows paper content.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { startLibrary, auth, top } from './lib.mjs';

const spec = JSON.parse(readFileSync(join(top, 'docs', 'openapi.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });

// The response schema of path template p, method m, status s.
function schemaFor(p, m, s) {
  const op = spec.paths[p]?.[m.toLowerCase()];
  assert.ok(op, `openapi.json documents ${m} ${p}`);
  const r = op.responses[String(s)];
  assert.ok(r, `openapi.json documents status ${s} of ${m} ${p}`);
  const sch = r.content?.['application/json']?.schema;
  if (!sch) return null;
  return JSON.parse(JSON.stringify(sch).replaceAll('"#/components', '"openapi#/components'));
}

let L;
before(async () => { L = await startLibrary(); });
after(async () => { await L?.stop(); });

// Calls the API and checks the answer against the spec; returns the body.
async function call(method, template, path, { user, body, headers = {}, status } = {}) {
  const h = { ...auth(user), ...headers };
  let b = body;
  if (body && !(body instanceof FormData)) { b = JSON.stringify(body); h['Content-Type'] = 'application/json'; }
  const r = await fetch(`${L.base}/api/v1${path}`, { method, headers: h, body: b });
  if (status !== undefined) assert.equal(r.status, status, `${method} ${path} as ${user?.name ?? 'anonymous'}`);
  const sch = schemaFor(template, method, r.status);
  if (r.status === 204) return null;
  if (!sch) return r;
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const data = await r.json();
  const validate = ajv.compile(sch);
  assert.ok(validate(data), `${method} ${path} ${r.status} matches openapi.json: ${ajv.errorsText(validate.errors)}`);
  return data;
}

test('me: anonymous and by token', async () => {
  const anon = await call('GET', '/me', '/me', { status: 200 });
  assert.equal(anon.role, 'anonymous');
  const ann = await call('GET', '/me', '/me', { user: L.users.ann, status: 200 });
  assert.deepEqual([ann.name, ann.role, ann.via_token], ['ann', 'member', true]);
});

test('papers list: everyone sees every title; can_open follows the policy', async () => {
  const d = await call('GET', '/papers', '/papers?limit=10&sort=title', { status: 200 });
  assert.equal(d.total, 4);
  const byTitle = Object.fromEntries(d.papers.map((p) => [p.title, p]));
  assert.equal(byTitle['A Public Paper on Tides'].can_open, true);
  assert.equal(byTitle['A Members Paper on Ledgers'].can_open, false);
  await call('GET', '/papers', '/papers?limit=x', { status: 400 });
});

// who may open what: [user, paper] -> expected
const matrix = [];
for (const u of [null, 'rea', 'ann', 'bob', 'root']) {
  for (const p of ['pub', 'mem', 'priv', 'bobpriv']) {
    const role = u ? { rea: 'reader', ann: 'member', bob: 'member', root: 'admin' }[u] : 'anon';
    let open;
    if (p === 'pub') open = true;
    else if (p === 'mem') open = role !== 'anon';
    else if (p === 'priv') open = u === 'ann' || role === 'admin';
    else open = u === 'bob' || role === 'admin';
    matrix.push([u, p, open]);
  }
}

test('the access matrix: paper, file and search, every role x every visibility', async () => {
  for (const [u, key, open] of matrix) {
    const user = u ? L.users[u] : null;
    const p = L.papers[key];
    const who = `${u ?? 'anonymous'} on ${key}`;
    const d = await call('GET', '/papers/{id}', `/papers/${p.id}`, { user, status: 200 });
    assert.equal(d.can_open, open, `can_open ${who}`);
    assert.equal('text' in d, open, `text present ${who}`);
    assert.equal('blocks' in d, open, `blocks present ${who}`);
    if (!open) assert.ok(!JSON.stringify(d).includes(p.word), `no gated word in the paper's JSON ${who}`);
    const f = await fetch(`${L.base}/api/v1/papers/${p.id}/file`, { headers: auth(user) });
    assert.equal(f.status, open ? 200 : 403, `file ${who}`);
    if (open) assert.ok((await f.text()).includes(p.word));
    const s = await call('GET', '/search', `/search?q=${p.word}`, { user, status: 200 });
    // the word is only in the gated middle: found only by those who may open
    assert.equal(s.total, open ? 1 : 0, `search for the body word ${who}`);
    if (open) {
      assert.equal(s.hits[0].id, p.id);
      assert.ok(s.hits[0].snippet.includes(p.word), `snippet shows the match ${who}`);
      assert.ok(s.hits[0].highlights.length >= 1);
    }
    // the title is public: found by everyone, snippet without gated text
    const t = await call('GET', '/search', `/search?q=${encodeURIComponent(p.title.split(' ').pop())}`, { user, status: 200 });
    const hit = t.hits.find((h) => h.id === p.id);
    assert.ok(hit, `title search finds the paper ${who}`);
    assert.ok(!hit.snippet.includes(p.word), `no gated word in a title hit's snippet ${who}`);
  }
});

test('references and 404s', async () => {
  const d = await call('GET', '/papers/{id}/references', `/papers/${L.papers.pub.id}/references`, { status: 200 });
  assert.ok(Array.isArray(d.references));
  await call('GET', '/papers/{id}', '/papers/zzzzzzz', { status: 404 });
  await call('GET', '/search', '/search', { status: 400 });
});

test('edit: owner yes, other member no, anonymous 401, session without CSRF 403', async () => {
  const id = L.papers.mem.id;
  const d = await call('PATCH', '/papers/{id}', `/papers/${id}`, { user: L.users.ann, body: { title: 'Ledgers, Renamed', tags: ['ledgers'] }, status: 200 });
  assert.equal(d.title, 'Ledgers, Renamed');
  assert.deepEqual(d.tags, ['ledgers']);
  await call('PATCH', '/papers/{id}', `/papers/${id}`, { user: L.users.bob, body: { title: 'x' }, status: 403 });
  await call('PATCH', '/papers/{id}', `/papers/${id}`, { body: { title: 'x' }, status: 401 });
  await call('PATCH', '/papers/{id}', `/papers/${id}`, { user: L.users.ann, body: { year: 'soon' }, status: 400 });
  const back = await call('PATCH', '/papers/{id}', `/papers/${id}`, { user: L.users.root, body: { title: null }, status: 200 });
  assert.equal(back.title, 'A Members Paper on Ledgers');
});

test('upload: members yes (per-file results), readers no', async () => {
  const fd = new FormData();
  fd.append('file', new Blob([readFileSync(join(top, 'tests/fixtures/coral-bleaching.md'))]), 'coral-bleaching.md');
  fd.append('file', new Blob([Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0])]), 'x.bin');
  fd.append('visibility', 'public');
  const d = await call('POST', '/papers', '/papers', { user: L.users.ann, body: fd, status: 200 });
  assert.equal(d.added, 1);
  assert.equal(d.failed, 1);
  assert.equal(d.results[0].status, 'added');
  assert.match(d.results[1].error, /not a format quire reads/);
  const fd2 = new FormData();
  fd2.append('file', new Blob(['A Title\n\nSome words here.\n']), 'a.txt');
  await call('POST', '/papers', '/papers', { user: L.users.rea, body: fd2, status: 403 });
  // the uploaded paper is found at once, and can be deleted by its owner
  const s = await call('GET', '/search', '/search?q=coral', { status: 200 });
  assert.ok(s.hits.some((h) => h.id === d.results[0].id));
  // a question: every word need not match (all of them: nothing)
  const all = await call('GET', '/search', '/search?q=coral+zzyzxqvw', { status: 200 });
  const any = await call('GET', '/search', '/search?q=coral+zzyzxqvw&any=1', { status: 200 });
  assert.ok(any.hits.some((h) => h.id === d.results[0].id));
  assert.equal(any.relaxed, false);
  assert.ok(all.relaxed || all.total === 0, 'without any, both words are asked for');
  await call('DELETE', '/papers/{id}', `/papers/${d.results[0].id}`, { user: L.users.bob, status: 403 });
  await call('DELETE', '/papers/{id}', `/papers/${d.results[0].id}`, { user: L.users.ann, status: 204 });
  const s2 = await call('GET', '/search', '/search?q=coral', { status: 200 });
  assert.ok(!s2.hits.some((h) => h.id === d.results[0].id), 'a removed paper is gone from search at once');
});
