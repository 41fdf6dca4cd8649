#!/usr/bin/env python3
"""wordcount.py -- an independent reference implementation of quire's word count.

quire counts words in C (src/core/count.c, quire_count_words()).  This script
implements the same definition (docs/COUNTING.md) from scratch, with nothing
but the Python standard library, so that the "words:" values of the test
fixtures (tests/fixtures/*.expect) are never computed with quire itself.

The definition, briefly:

  1. Normalise: NFC; the ligatures U+FB00..U+FB06 spelled out; soft hyphen
     U+00AD, zero-width space U+200B, word joiner U+2060 and the BOM U+FEFF
     removed.
  2. A word is a maximal run of characters that are not separators and that
     holds at least one letter (Unicode category L*) or digit (N*).
     Separators: the Unicode White_Space characters; the em dash U+2014, the
     horizontal bar U+2015, the two- and three-em dashes U+2E3A/U+2E3B, and a
     double (or longer) run of hyphen-minus "--".
  3. Every letter or digit of the Han, Hiragana and Katakana scripts (the
     prolonged sound mark U+30FC included) is a word by itself and ends any
     run it touches: "漢字abc" is 3 words.  Hangul is counted like Latin.

Usage:

  wordcount.py [--paper] [--drop-line REGEX]... [--drop-dup-title] [--show] FILE...
  wordcount.py --text STRING

Without --paper each FILE is decoded as UTF-8 and counted as it is.  With
--paper a FILE is read the way quire's analysis keeps a paper's text:

  - decoded as UTF-8 (a BOM is dropped), or as Windows-1252 when the bytes
    are not valid UTF-8;
  - split into lines at LF, CRLF, CR and form feed;
  - every line that, stripped, fully matches one of the --drop-line regular
    expressions is removed (page furniture: running headers, page numbers,
    "Page 3 of 7");
  - with --drop-dup-title, the second non-blank line is removed when it
    repeats the first (a title printed twice at the top);
  - a word hyphenated across a line break ("inter-" / "national", or
    "Sino-" / "Soviet") is joined into one word, and a URL broken inside
    <...> is joined back without a space.

--show prints the cleaned text instead of the count.  Prints one count per
FILE ("N FILE"), or just N for a single FILE or --text.
"""

import argparse
import re
import sys
import unicodedata

# Unicode White_Space (PropList.txt), listed because Python has no property
# lookup and str.isspace() also accepts U+001C..U+001F, which are not.
WHITE_SPACE = frozenset(
    [chr(c) for c in range(0x09, 0x0E)]
    + ["\u0020", "\u0085", "\u00A0", "\u1680"]
    + [chr(c) for c in range(0x2000, 0x200B)]
    + ["\u2028", "\u2029", "\u202F", "\u205F", "\u3000"]
)

DASH_SEPARATORS = frozenset(["\u2014", "\u2015", "\u2E3A", "\u2E3B"])

REMOVED = {0x00AD: None, 0x200B: None, 0x2060: None, 0xFEFF: None}

LIGATURES = {
    "\uFB00": "ff",
    "\uFB01": "fi",
    "\uFB02": "fl",
    "\uFB03": "ffi",
    "\uFB04": "ffl",
    "\uFB05": "st",
    "\uFB06": "st",
}

# Code point ranges of the Han, Hiragana and Katakana scripts (Scripts.txt),
# kept to the blocks that hold letters and digits; only characters of
# category L* or N* inside them are counted one by one.
CJK_RANGES = (
    (0x2E80, 0x2FDF),   # CJK radicals, Kangxi radicals
    (0x3005, 0x3007),   # 々 〆 〇 (々 and 〇 are Han)
    (0x3021, 0x3029),   # Hangzhou numerals
    (0x3038, 0x303B),
    (0x3041, 0x309F),   # Hiragana
    (0x30A0, 0x30FF),   # Katakana, U+30FC included
    (0x31F0, 0x31FF),   # Katakana phonetic extensions
    (0x3400, 0x4DBF),   # CJK extension A
    (0x4E00, 0x9FFF),   # CJK unified ideographs
    (0xF900, 0xFAFF),   # CJK compatibility ideographs
    (0xFF66, 0xFF9F),   # halfwidth Katakana
    (0x1B000, 0x1B16F), # Kana supplement / extended-A
    (0x20000, 0x323AF), # CJK extensions B..H
)


def is_cjk(ch):
    """True if ch is a Han/Hiragana/Katakana letter or digit."""
    cp = ord(ch)
    for lo, hi in CJK_RANGES:
        if lo <= cp <= hi:
            return unicodedata.category(ch)[0] in "LN"
    return False


def normalise(text):
    """Step 1 of the definition."""
    text = unicodedata.normalize("NFC", text)
    for lig, spelled in LIGATURES.items():
        text = text.replace(lig, spelled)
    return text.translate(REMOVED)


def count_words(text):
    """Words in text by quire's definition."""
    text = normalise(text)
    words = 0
    in_run = False      # inside a run of non-separator characters
    run_has_word = False
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        sep = ch in WHITE_SPACE or ch in DASH_SEPARATORS
        if ch == "-" and ((i + 1 < n and text[i + 1] == "-")
                          or (i > 0 and text[i - 1] == "-")):
            sep = True  # part of "--", "---", ...
        if sep:
            if in_run and run_has_word:
                words += 1
            in_run = run_has_word = False
        elif is_cjk(ch):
            if in_run and run_has_word:
                words += 1
            words += 1
            in_run = run_has_word = False
        else:
            in_run = True
            if unicodedata.category(ch)[0] in "LN":
                run_has_word = True
        i += 1
    if in_run and run_has_word:
        words += 1
    return words


def decode(data):
    """Bytes to str as quire's text reader would: UTF-8, else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


HYPHEN_END = re.compile(r"[^\W\d_]-$")
URL_OPEN = re.compile(r"<(?:https?://|www\.)[^>]*$")


def clean_paper(text, drop_res, drop_dup_title):
    """The text of a paper as quire's analysis keeps it (see the docstring)."""
    lines = re.split(r"\r\n|\r|\n|\f", text)
    kept = []
    for ln in lines:
        s = ln.strip()
        if s and any(r.fullmatch(s) for r in drop_res):
            continue
        kept.append(ln.rstrip())
    if drop_dup_title:
        nb = [i for i, ln in enumerate(kept) if ln.strip()]
        if len(nb) >= 2 and kept[nb[0]].strip() == kept[nb[1]].strip():
            del kept[nb[1]]
    out = []
    for ln in kept:
        if out:
            prev = out[-1]
            nxt = ln.lstrip()
            if nxt and HYPHEN_END.search(prev) and nxt[0].isalpha():
                out[-1] = prev + nxt
                continue
            if nxt and URL_OPEN.search(prev):
                out[-1] = prev + nxt
                continue
        out.append(ln)
    return "\n".join(out) + "\n"


def main(argv):
    ap = argparse.ArgumentParser(description="quire's word count, reference implementation")
    ap.add_argument("--paper", action="store_true",
                    help="read FILE as a paper (decode, drop furniture, rejoin breaks)")
    ap.add_argument("--drop-line", action="append", default=[], metavar="REGEX",
                    help="with --paper: drop lines that fully match REGEX (repeatable)")
    ap.add_argument("--drop-dup-title", action="store_true",
                    help="with --paper: drop a repeat of the title line")
    ap.add_argument("--show", action="store_true", help="print the cleaned text")
    ap.add_argument("--text", help="count this string instead of files")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args(argv)

    if args.text is not None:
        print(count_words(args.text))
        return 0
    if not args.files:
        ap.error("no FILE")
    drop_res = [re.compile(r) for r in args.drop_line]
    for path in args.files:
        with open(path, "rb") as f:
            data = f.read()
        if args.paper:
            text = clean_paper(decode(data), drop_res, args.drop_dup_title)
        else:
            text = data.decode("utf-8")
        if args.show:
            sys.stdout.write(text)
            continue
        n = count_words(text)
        print(n if len(args.files) == 1 else "%d %s" % (n, path))
    return 0


def _selftest():
    cases = {
        "Sino-Soviet": 1, "1990\u20131995": 1, "republic\u2014is": 2,
        "word \u2014 word": 2, "3,128": 1, "http://example.org/a-b": 1,
        "J. R. R. Tolkien": 4, "\u2014": 0, "&": 0, "\u00a7 3": 1,
        "\u6f22\u5b57abc": 3, "a--b": 2, "a---b": 2, "": 0, "...!?": 0,
        "\ufb01ne": 1, "co\u00adop": 1, "a\u200bb": 1, "\ufeffword": 1,
        "\u30c6\u30fc\u30d7": 3, "\ud55c\uad6d\uc5b4 \ubb38\uc7a5": 2,
        "a\u2015b\u2e3ac\u2e3bd": 4, "word\u00a0word": 2, "e\u0301t\u00e9": 1,
    }
    bad = 0
    for s, want in cases.items():
        got = count_words(s)
        if got != want:
            print("FAIL %r: got %d want %d" % (s, got, want))
            bad += 1
    return bad


if __name__ == "__main__":
    if sys.argv[1:] == ["--selftest"]:
        sys.exit(1 if _selftest() else 0)
    sys.exit(main(sys.argv[1:]))
