#!/usr/bin/env python3
"""refs_papers.py - lay out a citeproc-rendered bibliography as real text does.

Called by tools/make_refs_papers.sh (which runs pandoc --citeproc):

    refs_papers.py STYLE RENDERED.txt KNOWN.json OUTDIR

RENDERED.txt is pandoc's plain output (--wrap=none) of every item of
KNOWN.json in STYLE: one entry per paragraph.  For each layout below one
labelled paper OUTDIR/STYLE--LAYOUT.txt is written, in the format of
tools/splitscore.h ("X|text" per line: O body, H heading, S sub-section,
B first line of an entry, I a later line of it, P page break):

  hanging    wrapped at 70 columns, continuation lines indented 4
  flat       wrapped at 70 columns, no indentation, no blank lines
  blank      blank line between entries; some entries hold a blank line
             (a subtitle or the publisher pushed to a line of its own)
  numbered   "[n]" labels (unless the style numbers already), hanging
  sections   sub-sections (Archives / Books / Articles / Online sources)
  noheading  no bibliography heading: the trailing-run path
  pages      wrapped, with page breaks, running heads and page numbers

URLs that do not fit are broken across lines at a "/" or "." (as PDF
extraction leaves them); in the blank layout URLs are set inside <...>.
Which entries go into a paper is a deterministic subset (about 24), so
the files stay small.  The body text is the same short invented essay.
Python standard library only; deterministic (no randomness).
"""
import json
import os
import re
import sys

WIDTH = 70

BODY = [
    "Ledgers, Letters and the Long Memory of Towns",
    "",
    "by A. N. Example",
    "",
    "Town archives were rarely kept for the historian. Clerks filed what",
    "the council needed to remember: debts, leases, quarrels over water",
    "and the names of those who owed the watch a night's service. What",
    "survives is therefore shaped by use, and the historian who reads it",
    "reads the priorities of the people who kept it.",
    "",
    "This essay follows three kinds of record through their afterlives:",
    "the minute book, the merchant's letter and the printed notice. Each",
    "passed through hands that added, cut and rebound, and each now sits",
    "in a catalogue that describes it in words its makers never used.",
    "",
    "1. Minute books",
    "",
    "The minute book was a working tool. Its margins fill with later",
    "notes, cross references and the occasional complaint about the ink.",
    "Reading those margins tells us who came back to the book and why.",
    "",
    "2. Conclusion",
    "",
    "The long memory of towns is not a store but a practice. It lasts as",
    "long as someone keeps asking the records questions they can answer.",
    "",
]

HEADINGS = {"de": "Literaturverzeichnis", "fr": "Bibliographie"}
SECTIONS = [
    ("Archival sources", ("manuscript",)),
    ("Books and chapters", ("book", "chapter", "thesis")),
    ("Articles", ("article-journal", "article-newspaper", "article-magazine",
                  "paper-conference")),
    ("Reports and online sources", ("report", "webpage", "post-weblog")),
]
LAYOUTS = ["hanging", "flat", "blank", "numbered", "sections", "noheading",
           "pages"]


def is_url(w):
    return w.startswith(("http://", "https://", "<http", "www."))


def wrap(text, width, indent_first=0, indent_rest=0):
    """Greedy wrap; long URLs are broken at '/' or '.' to fill the line."""
    words = text.split(" ")
    lines, cur, ind = [], "", indent_first
    for w in words:
        if not w:
            continue
        room = width - ind - len(cur) - (1 if cur else 0)
        if len(w) <= room:
            cur = cur + " " + w if cur else w
            continue
        if is_url(w) and room > 12:
            # break the URL after a '/' or '.' that fits
            cut = max(w.rfind("/", 0, room), w.rfind(".", 0, room))
            if cut > 8:
                head, w = w[:cut + 1], w[cut + 1:]
                cur = cur + " " + head if cur else head
        if cur:
            lines.append(" " * ind + cur)
            ind = indent_rest
        cur = ""
        while len(w) > width - ind and is_url(w):
            room = width - ind
            cut = max(w.rfind("/", 0, room), w.rfind(".", 0, room))
            if cut <= 8:
                break
            lines.append(" " * ind + w[:cut + 1])
            ind = indent_rest
            w = w[cut + 1:]
        cur = w
    if cur:
        lines.append(" " * ind + cur)
    return lines


def read_entries(path):
    text = open(path, encoding="utf-8").read()
    paras = [re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text)]
    return [p for p in paras if p]


def style_numbers(entries):
    n = sum(1 for e in entries if re.match(r"^\[?\d+[\].]? ", e))
    return n * 2 > len(entries)


def entry_type(entry, items):
    """The CSL type of a rendered entry, by the longest title it holds."""
    best, typ = 0, "book"
    for it in items:
        t = it.get("title", "")
        key = t[:40]
        if key and key.lower() in entry.lower() and len(key) > best:
            best, typ = len(key), it["type"]
    return typ


def angle_urls(e):
    return re.sub(r"(https?://\S+?)([.,;]?)(?=\s|$)", r"<\1>\2", e)


def emit_entry(out, lines, first_label="B"):
    for k, ln in enumerate(lines):
        out.append(("B" if k == 0 else "I", ln))


def layout(style, lang, entries, items, lay):
    out = [("O", l) for l in BODY]
    numbered = style_numbers(entries)
    if lay != "noheading":
        out.append(("H", HEADINGS.get(lang, "References")))
        out.append(("O", ""))
    if lay == "sections":
        groups = []
        for name, types in SECTIONS:
            g = [e for e in entries if entry_type(e, items) in types]
            if g:
                groups.append((name, g))
        for gi, (name, g) in enumerate(groups):
            if gi:
                out.append(("O", ""))
            out.append(("S", name))
            out.append(("O", ""))
            for e in g:
                emit_entry(out, wrap(e, WIDTH, 0, 4))
        return out
    for i, e in enumerate(entries):
        if lay == "numbered" and not numbered:
            e = "[%d] %s" % (i + 1, e)
        if lay in ("hanging", "numbered", "noheading"):
            ls = wrap(e, WIDTH, 0, 4)
        elif lay == "flat" or lay == "pages":
            ls = wrap(e, WIDTH, 0, 0)
        else:  # blank
            e = angle_urls(e)
            ls = wrap(e, WIDTH, 0, 0)
            if i % 4 == 1 and len(ls) >= 2:
                ls = ls[:1] + [""] + ls[1:]
        emit_entry(out, ls)
        if lay == "blank" and i + 1 < len(entries):
            out.append(("O", ""))
    if lay == "pages":
        # a page break every 40 lines, with a running head and a number
        paged, page, count = [], 1, 0
        for lab, ln in out:
            if count == 40:
                paged.append(("O", "%d" % page))
                paged.append(("P", ""))
                page += 1
                paged.append(("O", "LEDGERS, LETTERS AND THE LONG MEMORY OF TOWNS"))
                paged.append(("O", ""))
                count = 0
            paged.append((lab, ln))
            count += 1
        out = paged
    return out


def main():
    style, rendered, known, outdir = sys.argv[1:5]
    items = json.load(open(known, encoding="utf-8"))
    entries = read_entries(rendered)
    lang = "de" if style.startswith("din-") else "fr" if style.endswith("-fr") else "en"
    for li, lay in enumerate(LAYOUTS):
        # a deterministic subset of about 24 entries, different per layout
        sub = [e for k, e in enumerate(entries) if (k * 7 + li * 3) % 16 < 6]
        out = layout(style, lang, sub, items, lay)
        path = os.path.join(outdir, "%s--%s.txt" % (style, lay))
        with open(path, "w", encoding="utf-8") as f:
            for lab, ln in out:
                f.write("%s|%s\n" % (lab, ln))


if __name__ == "__main__":
    main()
