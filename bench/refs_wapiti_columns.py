#!/usr/bin/env python3
"""refs_wapiti_columns.py - AnyStyle-like observation columns for Wapiti.

    refs_wapiti_columns.py words WORDS.tsv > OUT.txt
    refs_wapiti_columns.py train|dev|all FILE.xml... > OUT.txt

words: reads the words and gold labels `refs_eval --words` exports
("word<TAB>label" a line, a blank line after each reference), so that
Wapiti sees exactly the references, white-space words, labels and split of
quire's own loader and scorer (tools/refs_data.c; bench/refs_wapiti_eval.sh).
train|dev|all: reads AnyStyle XML itself (<sequence> of labelled segments),
maps the labels to quire's (the table of tools/refs_data.c) and keeps the
training or the held-out side (rd_is_dev, as tools/citeproc_training.py
computes it) - the older path the speed bench bench/refs_wapiti.sh uses.

Either way it prints one token per line, space-separated: token,
lower-cased form, shape, prefixes and suffixes (1-4), capitalisation,
number class, punctuation class, bracket class, keyword class, position
bucket (tenths of the reference), character class, then the gold label;
a blank line after each reference.  The pattern file bench/refs_wapiti.pat
windows them -2..+2.  The columns follow the README's description of the
baseline (shared/data/references/README.md) in the spirit of AnyStyle's
features; they are not AnyStyle's code.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

MAP = {"journal": "container-title", "location": "place", "medium": "genre",
       "source": "note", "dataset": "note", "director": "author",
       "producer": "author", "citation-number": "other"}

# multilingual keyword classes (English, German, French, Italian, Spanish,
# Portuguese, Dutch), matched on the lower-cased word with its trailing
# , ; : stripped
_KW = {
    "IN": "in in: dans en nel nella im",
    "ED": "ed. eds. ed eds editor editors edited hrsg. hrsg hg. hgg. hrsgg. "
          "éd. éds. dir. a cura curatore coord. org. red.",
    "TR": "trans. transl. translated übers. übersetzt trad. traduit traduzione "
          "traducción tradução vert.",
    "VOL": "vol. vols. vol volume volumes jg. jahrgang bd. bde. band t. tome "
           "tomo anno año",
    "NO": "no. nos. no nr. n. number heft h. fasc. fascicolo núm. num. iss. issue",
    "PP": "pp. p. pp s. ss. pages page seiten pág. págs. col. coll. f. ff.",
    "ACC": "accessed retrieved consulté abgerufen zugegriffen visited "
           "available online: consultado",
    "PUB": "press university verlag éditions edizioni editore editorial "
           "publishers publishing publisher inc. ltd. co. gmbh presses",
    "JOU": "journal review proceedings proc. conference conf. symposium "
           "workshop zeitschrift revue rivista revista bulletin annals",
    "GEN": "thesis diss. dissertation phd ph.d. master's report rapport "
           "tech. technical manuscript unpublished preprint",
    "AND": "and & und et e y en",
    "ETAL": "al. al et.al. u.a.",
    "BACK": "ibid. ibid ibidem id. idem op. cit. ders. dies. a.a.o. loc.",
    "MON": "jan. feb. mar. apr. may jun. jul. aug. sep. sept. oct. nov. dec. "
           "january february march april june july august september october "
           "november december januar februar märz juni juli oktober dezember "
           "janvier février mars avril mai juin juillet août septembre octobre "
           "novembre décembre gennaio febbraio marzo aprile maggio giugno "
           "luglio agosto settembre ottobre dicembre",
    "ED2": "edition aufl. auflage édition edizione edición",
    "WEB": "url doi doi: isbn isbn: issn http https www",
}
KEYS = {}
for _cls, _ws in _KW.items():
    for _w in _ws.split():
        KEYS.setdefault(_w, _cls)


def shape(w):
    s = re.sub(r"[^\W\d_]", lambda m: "A" if m.group().isupper() else "a", w)
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


def chars(w):
    if re.match(r"(https?://|www\.)", w, re.I):
        return "URL"
    if re.search(r"10\.\d{4,}/", w):
        return "DOI"
    a = any(ch.isalpha() for ch in w)
    d = any(ch.isdigit() for ch in w)
    p = any(not ch.isalnum() for ch in w)
    return ("A" if a else "") + ("D" if d else "") + ("P" if p else "") or "X"


def clean(c):
    # a column value never holds white space Wapiti would split on, nor is empty
    return re.sub(r"[ \t\n\r\v\f]", "_", c) or "_"


def cols(w, i, n):
    lw = w.lower()
    cap = "ALLCAP" if w.isupper() and len(w) > 1 else "CAP" if w[:1].isupper() else "LOW" if w[:1].islower() else "OTH"
    p = w[-1] if not w[-1].isalnum() else "_"
    b = "OPEN" if w[0] in "([{<" else "CLOSE" if w[-1] in ")]}>" else "NOB"
    k = KEYS.get(lw, KEYS.get(lw.strip(",:;"), "NOKEY"))
    pos = str(min(9, i * 10 // max(n, 1)))
    return [w, lw, shape(w), lw[:1], lw[:2], lw[:3], lw[:4], lw[-1:], lw[-2:],
            lw[-3:], lw[-4:], cap, num(w), p, b, k, pos, chars(w)]


def write(out, toks):
    for i, (t, lab) in enumerate(toks):
        out.write(" ".join(clean(c) for c in cols(t, i, len(toks))) + " " + lab + "\n")
    out.write("\n")


def from_words(path, out):
    toks = []
    with open(path, encoding="utf-8", errors="surrogateescape", newline="\n") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if toks:
                    write(out, toks)
                toks = []
                continue
            w, lab = line.rsplit("\t", 1)
            toks.append((w, lab))
    if toks:
        write(out, toks)


def from_xml(side, paths, out):
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
    from citeproc_training import is_dev  # noqa: E402
    for path in paths:
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
            write(out, toks)


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("words", "train", "dev", "all"):
        sys.exit(__doc__)
    out = open(sys.stdout.fileno(), "w", encoding="utf-8", errors="surrogateescape",
               newline="\n", closefd=False)
    if sys.argv[1] == "words":
        from_words(sys.argv[2], out)
    else:
        from_xml(sys.argv[1], sys.argv[2:], out)
    out.flush()


if __name__ == "__main__":
    main()
