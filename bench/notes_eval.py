#!/usr/bin/env python3
"""notes_eval.py — how quire reads the notes of the generated papers of
tests/fixtures/refs/notes (tools/make_notes_papers.py): each paper is
added to a fresh library and `quire refs --format json` read back.

    python3 bench/notes_eval.py [QUIRE] [NOTES_DIR]

For each style and in all: notes found (of 30), notes split into the
right number of citations, and citations that stand for the right work —
the work's title (or, for a work without one, its container) is the title
of the cited item of known.json, compared in lower case on letters and
digits — for first citations, again-at-once citations (ibid., "Ebd.",
"(n 1)") and again-later citations (short notes, op. cit.).  A citation
stands for a work when quire parsed it as one or resolved it to one.
"""
import json
import os
import re
import subprocess
import sys
import tempfile


def norm(s):
    return re.sub(r"[^0-9a-z]+", "", (s or "").lower())


def main():
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    quire = sys.argv[1] if len(sys.argv) > 1 else os.path.join(top, "build/quire")
    ndir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(top, "tests/fixtures/refs/notes")
    known = {k["id"]: k for k in json.load(open(os.path.join(top, "tests/fixtures/refs/known.json"),
                                                encoding="utf-8"))}
    want = []
    for line in open(os.path.join(ndir, "cites.tsv"), encoding="utf-8"):
        k, ids = line.rstrip("\n").split("\t")
        want.append(ids.split())
    # the kind of each expected citation: first, again at once, again later
    kinds, seen, last = [], set(), None
    for ids in want:
        ks = []
        for i in ids:
            ks.append("first" if i not in seen else "at once" if i == last else "later")
            seen.add(i)
            last = i
        kinds.append(ks)
    total = {"notes": 0, "split": 0}
    right = {"first": [0, 0], "at once": [0, 0], "later": [0, 0]}
    print(f"{'style':55s} notes  split  first   at once  later")
    for name in sorted(os.listdir(ndir)):
        if not name.endswith((".md", ".docx", ".odt", ".pdf", ".html")):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            lib = os.path.join(tmp, "l.quire")
            subprocess.run([quire, "--library", lib, "init"], check=True, capture_output=True)
            add = subprocess.run([quire, "--library", lib, "add", "--json", os.path.join(ndir, name)],
                                 check=True, capture_output=True, text=True)
            pid = json.loads(add.stdout)[0]["id"] if add.stdout.strip().startswith("[") else \
                json.loads(add.stdout.splitlines()[0])["id"]
            out = subprocess.run([quire, "--library", lib, "refs", "--format", "json", pid],
                                 check=True, capture_output=True, text=True)
        entries = [e for e in json.loads(out.stdout) if e.get("note")]
        s = {"notes": len(entries) == len(want), "split": 0}
        r = {"first": [0, 0], "at once": [0, 0], "later": [0, 0]}
        for k, ids in enumerate(want):
            cites = entries[k].get("citations", []) if k < len(entries) else []
            s["split"] += len(cites) == len(ids)
            for j, i in enumerate(ids):
                kind = kinds[k][j]
                r[kind][1] += 1
                if j >= len(cites):
                    continue
                f = cites[j].get("fields", {})
                item = known[i]
                goal = norm(item.get("title") or item.get("container-title"))[:24]
                got = norm(f.get("title") or f.get("container-title"))
                r[kind][0] += bool(goal) and goal[:16] in got
        for kd in r:
            right[kd][0] += r[kd][0]
            right[kd][1] += r[kd][1]
        total["notes"] += s["notes"]
        total["split"] += s["split"]
        def pc(a):
            return f"{a[0]:3d}/{a[1]:<3d}"
        print(f"{name:55s} {len(entries):2d}/{len(want)}  {s['split']:2d}/{len(want)}  "
              f"{pc(r['first'])} {pc(r['at once'])} {pc(r['later'])}")
    n = sum(1 for x in os.listdir(ndir) if x.endswith((".md", ".docx", ".odt", ".pdf", ".html")))
    allr = [sum(right[k][0] for k in right), sum(right[k][1] for k in right)]
    print(f"{'all':55s} papers with every note {total['notes']}/{n}; split right "
          f"{total['split']}/{n * len(want)}; works right: first {right['first'][0]}/{right['first'][1]}, "
          f"at once {right['at once'][0]}/{right['at once'][1]}, later {right['later'][0]}/{right['later'][1]}, "
          f"all {allr[0]}/{allr[1]} = {100.0 * allr[0] / max(allr[1], 1):.1f}%")


if __name__ == "__main__":
    main()
