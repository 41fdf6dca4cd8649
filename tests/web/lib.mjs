// lib.mjs — shared helpers of the web tests: a temporary library with
// users and papers, a `quire serve` on a free port, HTTP helpers.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const top = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = process.env.QUIRE_BIN || join(top, 'build', 'quire');

// Runs quire synchronously on lib; returns stdout.
export function quire(lib, args, input) {
  return execFileSync(bin, ['--library', lib, ...args], {
    input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'],
  });
}

async function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
    s.on('error', rej);
  });
}

// A library with an admin, a member (ann), another member (bob) and a
// reader (rea), each with an API token, and papers of every visibility:
// public and members papers owned by ann, a private one owned by ann, a
// private one owned by bob.  Each gated paper's body holds a word found
// nowhere in its title or preview ("zanzibarite" etc.).
export async function startLibrary() {
  const dir = mkdtempSync(join(tmpdir(), 'quire-web-'));
  const lib = join(dir, 'lib.quire');
  quire(lib, ['init']);
  const users = {};
  for (const [name, role] of [['root', 'admin'], ['ann', 'member'], ['bob', 'member'], ['rea', 'reader']]) {
    quire(lib, ['user', 'add', name, '--role', role, '--password-stdin'], `pass-${name}-123\n`);
    const tok = quire(lib, ['user', 'token', name]).trim().split('\n').pop().trim();
    users[name] = { name, role, password: `pass-${name}-123`, token: tok };
  }
  const papers = {};
  const body = (word) => {
    let s = '';
    for (let i = 0; i < 60; i++) s += `Sentence ${i} of a long middle that nobody previews, about harbours and ledgers and weather. `;
    return s + `\n\nThe secret middle word is ${word}.\n\n` + s;
  };
  const mk = (key, title, vis, owner, word) => {
    const f = join(dir, `${key}.txt`);
    writeFileSync(f, `${title}\n\nIntroduction\n\n${body(word)}\n\nConclusion\n\nThat is all there is to say.\n`);
    const out = JSON.parse(quire(lib, ['add', '--json', '--visibility', vis, f]).trim());
    if (owner) quire(lib, ['edit', out.id, '--owner', owner]);
    papers[key] = { id: out.id, title, vis, owner, word };
  };
  mk('pub', 'A Public Paper on Tides', 'public', 'ann', 'zanzibarite');
  mk('mem', 'A Members Paper on Ledgers', 'members', 'ann', 'quokkalith');
  mk('priv', 'A Private Paper of Ann', 'private', 'ann', 'vorpalium');
  mk('bobpriv', 'A Private Paper of Bob', 'private', 'bob', 'snarkolite');
  const port = await freePort();
  const proc = spawn(bin, ['--library', lib, 'serve', '--port', String(port), '--threads', '4'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stderr.on('data', (d) => { log += d; });
  proc.stdout.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { const r = await fetch(`${base}/healthz`); if (r.ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    dir, lib, base, users, papers, log: () => log,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.on('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function auth(user) {
  return user ? { Authorization: `Bearer ${user.token}` } : {};
}
