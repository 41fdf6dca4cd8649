#!/usr/bin/env python3
"""csl_diff.py - quire's CSL processor against pandoc's citeproc, entry by entry.

Used by tools/csl_diff.sh.

  csl_diff.py QUIRE ITEMS.json OUTDIR STYLE.csl...

For each style, the bibliography of every item in ITEMS.json (CSL-JSON) is
formatted twice, with the same style file and the same items:
  quire format --style STYLE --json           (text; [{"id", "text"}])
  pandoc --citeproc -t json (nocite: @*)       (each Div "ref-ID" as text,
                                                tools/citeproc_training.py)
Both texts have their white space collapsed; an entry matches when the two
strings are then equal.  A differing entry is put in the first class that
explains it:
  range        equal when number ranges are ignored ("355–84" / "355–384":
               page-range-format, e.g. chicago-16, which pandoc 2.17's
               citeproc does not know)
  case         equal when case is ignored
  punctuation  equal when punctuation and symbols are ignored (quotes,
               dashes, periods, commas, brackets)
  order        the same words in another order
  content      words only on one side (those words are tallied)
Prints per style the share that matches exactly and the class counts, the
words most often only on one side, and writes OUTDIR/STYLE.diff with every
differing pair.  Python standard library only.
"""
import collections
import json
import os
import re
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from citeproc_training import find_refs  # noqa: E402


def norm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def words(s):
    return re.findall(r"[^\W_]+", s.casefold())


def nopunct(s):
    return "".join(c for c in s.casefold()
                   if unicodedata.category(c)[0] in "LN")


RANGE = re.compile(r"(\d+)\s*[-\u2013\u2014]\s*(\d+)")


def classify(q, p):
    if RANGE.sub("#", q) == RANGE.sub("#", p):
        return "range"
    if q.casefold() == p.casefold():
        return "case"
    if nopunct(q) == nopunct(p):
        return "punctuation"
    if sorted(words(q)) == sorted(words(p)):
        return "order"
    return "content"


def run_quire(quire, style, items):
    r = subprocess.run([quire, "format", "--style", style, "--json"],
                       stdin=open(items, "rb"), capture_output=True)
    if r.returncode != 0:
        raise RuntimeError("quire: " + r.stderr.decode(errors="replace"))
    return {e["id"]: norm(e["text"]) for e in json.loads(r.stdout)}


def run_pandoc(style, items, tmp):
    md = os.path.join(tmp, "nocite.md")
    with open(md, "w") as f:
        f.write("---\nnocite: '@*'\n---\n")
    r = subprocess.run(["pandoc", md, "--citeproc", "--bibliography=" + items,
                        "--csl=" + style, "-t", "json"], capture_output=True)
    if r.returncode != 0:
        raise RuntimeError("pandoc: " + r.stderr.decode(errors="replace"))
    acc = {}
    find_refs(json.loads(r.stdout)["blocks"], acc)
    return {k: norm(v) for k, v in acc.items()}


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    quire, items, outdir = sys.argv[1:4]
    os.makedirs(outdir, exist_ok=True)
    total_same = total_n = 0
    for style in sys.argv[4:]:
        name = os.path.basename(style)[:-4] if style.endswith(".csl") else style
        q = run_quire(quire, style, items)
        p = run_pandoc(style, items, outdir)
        ids = [i for i in p if i in q]
        only = len(set(p) ^ set(q))
        same = 0
        classes = collections.Counter()
        qwords, pwords = collections.Counter(), collections.Counter()
        with open(os.path.join(outdir, name + ".diff"), "w") as f:
            for i in ids:
                if q[i] == p[i]:
                    same += 1
                    continue
                c = classify(q[i], p[i])
                classes[c] += 1
                if c == "content":
                    wq, wp = collections.Counter(words(q[i])), collections.Counter(words(p[i]))
                    qwords.update((wq - wp).keys())
                    pwords.update((wp - wq).keys())
                f.write("[%s] %s\n  quire:  %s\n  pandoc: %s\n" % (c, i, q[i], p[i]))
        n = len(ids)
        total_same += same
        total_n += n
        print("%-40s %5d/%-5d match exactly (%.1f%%)%s" % (
            name, same, n, 100.0 * same / n if n else 0.0,
            "; %d ids on one side only" % only if only else ""))
        for c in ("range", "case", "punctuation", "order", "content"):
            if classes[c]:
                print("    %-12s %5d" % (c, classes[c]))
        if qwords:
            print("    words only in quire:  " + ", ".join(
                "%s (%d)" % kv for kv in qwords.most_common(12)))
        if pwords:
            print("    words only in pandoc: " + ", ".join(
                "%s (%d)" % kv for kv in pwords.most_common(12)))
    if total_n:
        print("%-40s %5d/%-5d match exactly (%.1f%%)" % (
            "all styles", total_same, total_n, 100.0 * total_same / total_n))


if __name__ == "__main__":
    main()
