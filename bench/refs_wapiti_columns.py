#!/usr/bin/env python3
"""refs_wapiti_columns.py - AnyStyle-like observation columns for Wapiti.

    refs_wapiti_columns.py train|dev|all FILE.xml... > OUT.txt

Reads AnyStyle XML (<sequence> of labelled segments), maps the labels to
quire's (the table of tools/refs_data.c), keeps the training or the
development side (rd_is_dev, as tools/citeproc_training.py computes it),
and prints one token per line: token, lower-cased form, shape, prefixes
and suffixes (1-4), capitalisation, number class, punctuation class,
keyword class, position bucket, then the gold label; a blank line between
references.  The pattern file bench/refs_wapiti.pat windows them -2..+2.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
from citeproc_training import is_dev  # noqa: E402

MAP = {"journal": "container-title", "location": "place", "medium": "genre",
       "source": "note", "dataset": "note", "director": "author",
       "producer": "author", "citation-number": "other"}
KEYS = {"in": "IN", "in:": "IN", "dans": "IN", "ed.": "ED", "eds.": "ED",
        "hrsg.": "ED", "éd.": "ED", "edited": "ED", "trans.": "TR",
        "vol.": "VOL", "jg.": "VOL", "bd.": "VOL", "no.": "NO", "heft": "NO",
        "pp.": "PP", "p.": "PP", "s.": "PP", "accessed": "ACC",
        "retrieved": "ACC", "consulté": "ACC", "press": "PUB",
        "university": "PUB", "verlag": "PUB", "journal": "JOU",
        "review": "JOU", "proceedings": "JOU", "thesis": "GEN", "diss.": "GEN"}


def shape(w):
    s = re.sub(r"[A-ZÀ-Þ]", "A", w)
    s = re.sub(r"[a-zß-ÿ]", "a", s)
    s = re.sub(r"\d", "9", s)
    return re.sub(r"(.)\1+", r"\1\1", s)[:8]


def num(w):
    c = w.strip(".,;:()[]")
    if re.fullmatch(r"(1[5-9]|20)\d\d[a-z]?", c):
        return "YEAR"
    if re.fullmatch(r"\d+[-–]\d+", c):
        return "RANGE"
    if re.fullmatch(r"\d+\(\d+\)", c):
        return "VOLISS"
    if re.fullmatch(r"[ivxlcdm]+", c.lower()) and len(c) < 6:
        return "ROMAN"
    if re.fullmatch(r"\d+(st|nd|rd|th|e|er)?", c):
        return "NUM%d" % min(len(c), 4)
    return "NONUM" if not re.search(r"\d", c) else "HASNUM"


def cols(w, i, n):
    lw = w.lower()
    cap = "ALLCAP" if w.isupper() and len(w) > 1 else "CAP" if w[:1].isupper() else "LOW" if w[:1].islower() else "OTH"
    p = w[-1] if not w[-1].isalnum() else "_"
    b = "OPEN" if w[0] in "([{<" else "CLOSE" if w[-1] in ")]}>" else "NOB"
    k = KEYS.get(lw, KEYS.get(lw.strip(",:;"), "NOKEY"))
    pos = str(min(9, i * 10 // max(n, 1)))
    return [w, lw, shape(w), lw[:1], lw[:2], lw[:3], lw[:4], lw[-1:], lw[-2:],
            lw[-3:], lw[-4:], cap, num(w), p, b, k, pos]


def main():
    side = sys.argv[1]
    out = sys.stdout
    for path in sys.argv[2:]:
        for seq in ET.parse(path).getroot().iter("sequence"):
            toks = []
            for el in seq:
                lab = MAP.get(el.tag, el.tag)
                for t in (el.text or "").split():
                    toks.append((t, lab))
            if not toks:
                continue
            d = is_dev(" ".join(t for t, _ in toks))
            if (side == "train" and d) or (side == "dev" and not d):
                continue
            for i, (t, lab) in enumerate(toks):
                out.write(" ".join(c.replace(" ", "_") for c in cols(t, i, len(toks))) + " " + lab + "\n")
            out.write("\n")


if __name__ == "__main__":
    main()
