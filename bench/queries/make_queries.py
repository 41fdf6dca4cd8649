#!/usr/bin/env python3
"""make_queries.py DUMP [N_DOCS] > search.tsv — the search benchmark's queries.

Reads the first N_DOCS (default 20,000) papers of the corpus dump that
tools/make_big_library --data … --dump writes (id, title, authors, year,
format, tags, words, visibility, text; tab-separated) and draws 400
queries with a fixed seed, so the same corpus always gives the same file.
Document frequencies are counted on that sample (the corpus is drawn
i.i.d., so a sample of 20,000 gives the 100,000-paper frequencies / 5).

Kinds (column 1), how many, and how they are drawn:
  rare      50  one word in 1 to 4 papers of the sample (5-20 of 100k):
                real rare words and the corpus's made-up long-tail words
  medium    40  one word in 0.1%-2% of the papers
  common    40  one word in 10%-50% of the papers (not the very top words)
  two       50  two words of one random paper (so at least one hit)
  three     40  three words of one random paper
  phrase    40  two or three consecutive words of a random paper, quoted
  prefix    30  the first 4-6 letters of a medium or common word, then '*'
  year      30  one or two words and a range of 5-20 years
  tag       25  one or two words and a tag
  format    20  one or two words and format=markdown
  length    20  one or two words and a band of lengths in words
  mixed     15  two words, a year range, a tag and a length band
Columns: kind, text, year_min, year_max, tag, format, min_words,
max_words (0 or empty: no filter).
"""
import random
import re
import sys
from collections import Counter

STOP = set("""a about above after again against all also although am an and any are as at
be because been before being between both but by can could did do does doing down during each
few for from further had has have having he her here hers him his how i if in into is it its
itself just me more most my no nor not now of off on once only or other our out over own same
she should so some such than that the their them then there these they this those through to
too under until up upon very was we were what when where which while who whom why will with
would you your one two may must shall yet thus""".split())

WORD = re.compile(r"[A-Za-z]+")


def main():
    dump = sys.argv[1]
    n_docs = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    docs = []
    df = Counter()
    with open(dump, encoding="utf-8", errors="replace") as f:
        for k, line in enumerate(f):
            if k >= n_docs:
                break
            fld = line.rstrip("\n").split("\t")
            if len(fld) < 9:
                continue
            words = [w.lower() for w in WORD.findall(fld[1] + " " + fld[8])]
            docs.append((fld, words))
            df.update(set(words))
    n = len(docs)
    rng = random.Random(6)
    vocab = sorted(w for w in df if len(w) >= 3 and w not in STOP)
    by_df = lambda lo, hi: [w for w in vocab if lo <= df[w] <= hi]
    rare = by_df(1, 4)
    medium = by_df(max(1, n // 1000), n // 50)
    common = by_df(n // 10, n // 2)
    tags = sorted({t for d, _ in docs for t in d[5].split(",") if t})
    out = []

    def add(kind, text, ymin=0, ymax=0, tag="", fmt="", wmin=0, wmax=0):
        out.append((kind, text, ymin, ymax, tag, fmt, wmin, wmax))

    def content(words):
        return [w for w in words if len(w) >= 3 and w not in STOP]

    def from_doc(k):
        while True:
            _, words = docs[rng.randrange(n)]
            c = content(words)
            if len(set(c)) >= k:
                return rng.sample(sorted(set(c)), k)

    def one_or_two():
        return " ".join(from_doc(rng.choice((1, 2))))

    for w in rng.sample(rare, 50):
        add("rare", w)
    for w in rng.sample(medium, 40):
        add("medium", w)
    for w in rng.sample(common, 40):
        add("common", w)
    for _ in range(50):
        add("two", " ".join(from_doc(2)))
    for _ in range(40):
        add("three", " ".join(from_doc(3)))
    for _ in range(40):
        while True:
            _, words = docs[rng.randrange(n)]
            L = rng.choice((2, 3))
            if len(words) <= L:
                continue
            i = rng.randrange(len(words) - L)
            ph = words[i:i + L]
            if any(w not in STOP and len(w) >= 3 for w in ph):
                add("phrase", '"' + " ".join(ph) + '"')
                break
    for w in rng.sample([w for w in medium + common if len(w) >= 7], 30):
        add("prefix", w[:rng.choice((4, 5, 6))] + "*")
    for _ in range(30):
        y = rng.randrange(1950, 2020)
        add("year", one_or_two(), y, y + rng.randrange(5, 21))
    for _ in range(25):
        add("tag", one_or_two(), tag=rng.choice(tags))
    for _ in range(20):
        add("format", one_or_two(), fmt="markdown")
    bands = ((0, 999), (1000, 4999), (500, 1500), (1500, 0))
    for _ in range(20):
        lo, hi = rng.choice(bands)
        add("length", one_or_two(), wmin=lo, wmax=hi)
    for _ in range(15):
        y = rng.randrange(1950, 2010)
        lo, hi = rng.choice(bands)
        add("mixed", " ".join(from_doc(2)), y, y + 15, rng.choice(tags), "", lo, hi)
    for q in out:
        print("\t".join(str(x) for x in q))


if __name__ == "__main__":
    main()
