#!/usr/bin/env python3
"""make_notes_papers.py — papers whose footnotes were written by real
software, for measuring how quire reads notes (issue 5: "footnotes and
endnotes are first-class input … back-references resolve").

    python3 tools/make_notes_papers.py [OUTDIR]   (default tests/fixtures/refs/notes)
    python3 tools/make_notes_papers.py --heldout [OUTDIR]
                                   (default tests/fixtures/refs/notes-heldout)

One short invented essay of 30 paragraphs cites the invented references of
tests/fixtures/refs/known.json in a fixed order built to exercise notes: a
work cited again at once (ibid.), a work cited again after others (a short
note, or op. cit. in some styles), two works in one note, a page in every
citation.  pandoc's citeproc (Debian: pandoc, citation-style-language-styles)
renders it in each note style below as Markdown with footnotes ("[^7]:
Ibid., 121."), the bibliography suppressed.  cites.tsv says which works
note k cites, in order (note<TAB>id[ id]).  The output is committed so that
the tests need neither pandoc nor the styles; run this again after changing
known.json or the order.  Score with: python3 bench/notes_eval.py

--heldout writes a second set — eight other note styles, another order
(seed) — that no change to quire was made by looking at: the figure to
report (bench/RESULTS.md).
"""
import json
import os
import random
import subprocess
import sys
import tempfile

STYLES_DIR = "/usr/share/citation-style-language/styles"
STYLES = [
    "chicago-fullnote-bibliography-with-ibid",
    "chicago-note-bibliography-with-ibid",
    "turabian-fullnote-bibliography",
    "modern-humanities-research-association",
    "oscola",
    "society-of-biblical-literature-fullnote-bibliography",
    "chicago-fullnote-bibliography-fr",
    "geschichte-und-gesellschaft",
]
HELDOUT_STYLES = [
    "chicago-fullnote-bibliography-short-title-subsequent",
    "modern-language-association-6th-edition-note",
    "oxford-university-press-note",
    "cambridge-university-press-note",
    "collection-de-l-ecole-francaise-de-rome-full-note",
    "university-of-new-england-australia-note",
    "zeitschrift-fur-religionswissenschaft-note",
    "iso690-full-note-with-ibid-ro",
]
KNOWN = "tests/fixtures/refs/known.json"
TYPES = ("book", "article-journal", "chapter", "thesis", "report", "article-newspaper")


def order(known, seed):
    """The notes: a list of lists of ids (fixed seed)."""
    ids = [k["id"] for k in known if k["type"] in TYPES]
    rnd = random.Random(seed)
    fresh = rnd.sample(ids, 16)
    cited, notes = [], []
    for _ in range(30):
        r = rnd.random()
        if cited and r < 0.25:
            cite = [cited[-1]]                      # again at once: ibid.
        elif len(cited) > 2 and r < 0.5:
            cite = [rnd.choice(cited[:-1])]         # again later: a short note
        elif r < 0.6 and len(fresh) >= 2:
            cite = [fresh.pop(), fresh.pop()]       # two in one note
        elif fresh:
            cite = [fresh.pop()]
        else:
            cite = [rnd.choice(cited)]
        cited.extend(cite)
        notes.append(cite)
    return notes


def main():
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    args = sys.argv[1:]
    heldout = "--heldout" in args
    args = [a for a in args if a != "--heldout"]
    out = args[0] if args else ("tests/fixtures/refs/notes-heldout" if heldout
                                else "tests/fixtures/refs/notes")
    styles = HELDOUT_STYLES if heldout else STYLES
    known = json.load(open(KNOWN, encoding="utf-8"))
    notes = order(known, 23 if heldout else 11)
    rnd = random.Random(7 if heldout else 5)
    lines = ["---", "title: Grain, Salt and the Provisioning of Cities",
             "suppress-bibliography: true", "---", ""]
    for k, cite in enumerate(notes):
        loc = rnd.randint(3, 250)
        refs = "; ".join(f"@{c}, {loc + j}" for j, c in enumerate(cite))
        lines.append(f"Paragraph {k + 1} of the essay makes a claim about "
                     f"grain, salt and the cities that needed both [{refs}].")
        lines.append("")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "cites.tsv"), "w", encoding="utf-8") as f:
        for k, cite in enumerate(notes):
            f.write(f"{k + 1}\t{' '.join(cite)}\n")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "essay.md")
        open(src, "w", encoding="utf-8").write("\n".join(lines))
        for s in styles:
            subprocess.run(["pandoc", src, "--citeproc", f"--bibliography={KNOWN}",
                            f"--csl={STYLES_DIR}/{s}.csl", "-s",
                            "-t", "markdown-citations-smart", "--wrap=none",
                            "-o", os.path.join(out, f"{s}.md")], check=True)
    print(f"{len(styles)} papers of {len(notes)} notes written to {out}")


if __name__ == "__main__":
    main()
