#!/usr/bin/env python3
"""refs_audit.py — the hand audit of the labeller's AnyStyle errors.

    python3 bench/refs_audit.py MODEL [--sample N] [--seed S]

Scores the test half of ../shared/data/references/anystyle-parser/*.xml
with MODEL (build/tools/refs_eval --test --dump), draws N of the
references not wholly right (default 60, seed 20261129), and prints
each as two lines, the gold's fields (G:) and the labeller's (P:), so a
reader can judge them.  bench/refs_audit_judgements.txt holds the
judgements of the third November 29 session (the recipe model of that
day): one line per reference, the SHA-1 of its string and a class —
Q quire wrong, the gold right; G the gold wrong or against the
datasets' own convention, quire right; A both defensible; M both wrong
in places.  The references themselves are not in the repository (the
data stays in ../shared/data); the script prints the judged ones it
meets again and the tally.  Without the data it says so and exits 0.
"""
import hashlib
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, '..', 'shared', 'data', 'references', 'anystyle-parser')


def main():
    args = sys.argv[1:]
    if not args or args[0] in ('-h', '--help'):
        print(__doc__.strip())
        return 0 if args else 2
    model, n, seed = args[0], 60, 20261129
    if '--sample' in args:
        n = int(args[args.index('--sample') + 1])
    if '--seed' in args:
        seed = int(args[args.index('--seed') + 1])
    files = sorted(os.path.join(DATA, f) for f in os.listdir(DATA)
                   if f.endswith('.xml')) if os.path.isdir(DATA) else []
    if not files:
        print('refs_audit: skipped: no data at ' + DATA)
        return 0
    dump = subprocess.run([os.path.join(ROOT, 'build', 'tools', 'refs_eval'), '-m', model,
                           '--test', '--dump'] + files, capture_output=True, text=True,
                          check=True).stdout
    refs, cur = [], None
    for line in dump.split('\n'):
        if line.startswith('# '):
            cur = [line[2:], []]
            refs.append(cur)
            continue
        p = line.split('\t')
        if len(p) >= 3 and cur:
            cur[1].append(p)
    wrong = [r for r in refs if any(w[1] != w[2] for w in r[1])]
    random.seed(seed)
    sample = random.sample(wrong, min(n, len(wrong)))
    judged = {}
    with open(os.path.join(HERE, 'refs_audit_judgements.txt'), encoding='utf-8') as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                h, c = line.split()
                judged[h] = c

    def fields(ws, i):
        out, prev = [], None
        for w in ws:
            if w[i] != prev:
                out.append('[' + w[i] + ']')
                prev = w[i]
            out.append(w[0])
        return ' '.join(out)

    tally = {}
    for k, (s, ws) in enumerate(sample, 1):
        c = judged.get(hashlib.sha1(s.encode()).hexdigest(), '?')
        tally[c] = tally.get(c, 0) + 1
        print('%d %s\nG: %s\nP: %s\n' % (k, c, fields(ws, 1), fields(ws, 2)))
    print('%d references, %d not wholly right, %d drawn; judged: %s' %
          (len(refs), len(wrong), len(sample),
           ', '.join('%s %d' % kv for kv in sorted(tally.items()))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
