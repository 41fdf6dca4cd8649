#!/usr/bin/env python3
"""refs_roundtrip.py - does quire read back what a citation style printed?

    python3 bench/refs_roundtrip.py [--quire build/quire] [--items FILE]
        [--anystyle N] [--styles S,S,...] [--errors STYLE|all] [--json]

Known CSL-JSON items (bench/refs_roundtrip_items.json: 120 humanities
entries written for this purpose; with --anystyle N also N items made from
the development half of ../shared/data's AnyStyle references, as
tools/citeproc_training.py makes them) are rendered as a bibliography by
pandoc's citeproc in each style below, every rendered entry is parsed by
`quire cite --format csl -`, and each field the style printed is compared
with the item's own value:

  author, editor, translator   family names in order, and the initials of
                               the given names (styles abbreviate them);
                               skipped when the style cut the list ("et al.")
  title, container-title, collection-title, publisher, publisher-place,
  genre                        equal after NFKC, case folding (styles
                               re-case titles), quotes and dashes made
                               plain, outer punctuation stripped
  volume, issue, edition       the same digits
  page                         the same first page, and a last page that
                               ends as the printed (abbreviated) one does
  issued                       the same year
  DOI, URL                     equal without case and trailing punctuation

A field counts only when the style printed its value (found in the
rendered string); a field quire gives that the item does not have counts
against the entry ("extra").  Per style it prints the share of printed
fields read right, of entries read wholly right (every printed field right,
nothing extra), and of entries given the item's type.

Needs pandoc and Debian's citation-style-language-styles; says so and stops
(exit 2) without them.  --write-rendered FILE keeps the rendered entries
(style TAB id TAB text); --rendered FILE reads them back instead of running
pandoc, which is how the test suite runs it (tests/fixtures/refs/
roundtrip_rendered.tsv, made by tools/make_roundtrip_fixture.sh), with
--min-fields and --min-whole as floors (exit 1 below them).  Python
standard library only.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
import citeproc_training as ct  # noqa: E402  (pandoc AST to text, AnyStyle items)

STYLES_DIR = "/usr/share/citation-style-language/styles"
STYLES = """chicago-fullnote-bibliography chicago-author-date
modern-language-association apa modern-humanities-research-association
turabian-fullnote-bibliography harvard-cite-them-right
din-1505-2 iso690-author-date-de iso690-author-date-fr
iso690-author-date-es histoire-et-mesure deutsche-sprache
vancouver ieee""".split()

TEXT_FIELDS = ["title", "container-title", "collection-title", "publisher",
               "publisher-place", "genre", "number"]
NUM_FIELDS = ["volume", "issue", "edition"]
NAME_FIELDS = ["author", "editor", "translator"]
ALL_FIELDS = NAME_FIELDS + TEXT_FIELDS + NUM_FIELDS + ["page", "issued", "DOI", "URL"]

PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                       "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2013": "-",
                       "\u2014": "-", "\u2010": "-", "\u2011": "-", "\u00a0": " ",
                       "\u202f": " "})


def norm(s):
    s = unicodedata.normalize("NFKC", str(s)).translate(PLAIN).casefold()
    s = re.sub(r"[\"'`*_]", "", s)
    s = re.sub(r"\s+", " ", s)
    return s.strip(" .,;:()[]<>")


def digits(s):
    return re.sub(r"\D", "", str(s))


def year(d):
    try:
        return int(d["date-parts"][0][0])
    except (KeyError, IndexError, TypeError, ValueError):
        m = re.search(r"\d{4}", json.dumps(d))
        return int(m.group(0)) if m else None


def name_key(n):
    """(family, initials of given, particles) of a CSL name, normalised;
    a particle counts the same whether the name calls it dropping or not
    (styles print both the same in a bibliography)."""
    if "literal" in n:
        return (norm(n["literal"]), "", "")
    parts = " ".join(x for x in (n.get("dropping-particle", ""),
                                 n.get("non-dropping-particle", "")) if x)
    giv = n.get("given", "")
    ini = "".join(w[0] for w in re.split(r"[\s.\-]+", norm(giv)) if w)
    return (norm(n.get("family", "")), ini, norm(parts))


def full_name(n):
    if "literal" in n:
        return norm(n["literal"])
    return norm(" ".join(x for x in (n.get("given", ""), n.get("dropping-particle", ""),
                                     n.get("non-dropping-particle", ""),
                                     n.get("family", ""), n.get("suffix", "")) if x))


def direct_order(n, text):
    """Did the style print the name given names first ("Isabel Montero
    Cañizares")?  Then where the family name begins is not in the text
    (issue 5: no guessing from a name's origin), and a name counts right
    when its words are."""
    if "literal" in n or not n.get("given"):
        return False
    t = norm(text)
    fam = norm(n.get("family", ""))
    return norm(n["given"]) + " " in t and (fam + ", ") not in t


def names_printed(names, text):
    t = norm(text)
    for n in names:
        fam = name_key(n)[0]
        if not fam or fam not in t:
            return False
    return True


def names_equal(want, got, text):
    if len(want) != len(got):
        return False
    for w, g in zip(want, got):
        wf, wi, wp = name_key(w)
        gf, gi, gp = name_key(g)
        if wf != gf or wp != gp:
            if direct_order(w, text) and full_name(w) == full_name(g):
                continue
            return False
        # the style may print only the first initial, or none (Vancouver
        # prints "Smith JP"; some print the family alone)
        if gi and wi and not wi.startswith(gi) and not gi.startswith(wi):
            return False
    return True


def page_parts(p):
    m = re.match(r"\s*(\w+)(?:\s*[-\u2013\u2014]+\s*(\w+))?", str(p).translate(PLAIN))
    return (m.group(1), m.group(2)) if m else (str(p), None)


def printed(field, want, text):
    """Did the style print the item's value of field?"""
    t = norm(text)
    if field in NAME_FIELDS:
        return names_printed(want, text)
    if field == "issued":
        y = year(want)
        return y is not None and str(y) in text
    if field == "page":
        first, _ = page_parts(want)
        return re.search(r"(?<!\d)%s(?!\d)" % re.escape(first), text) is not None
    if field in NUM_FIELDS:
        d = digits(want)
        return bool(d) and re.search(r"(?<!\d)%s(?!\d)" % d, text) is not None
    if field in ("DOI", "URL"):
        return norm(want) in t
    return norm(want) in t


def printed_alone(item, field, text):
    """printed(), and for a text field outside the other text fields'
    values: a thesis's "University of Cambridge" does not print the place
    "Cambridge"."""
    if not printed(field, item[field], text):
        return False
    if field not in TEXT_FIELDS:
        return True
    v = norm(item[field])
    t = norm(text)
    for f in TEXT_FIELDS:
        if f != field and f in item and v in norm(item[f]):
            t = t.replace(norm(item[f]), " ")
    return v in t


def equal(field, want, got, text):
    if got is None:
        return False
    if field in NAME_FIELDS:
        return names_equal(want, got, text)
    if field == "issued":
        return year(want) == year(got)
    if field == "page":
        wf, wl = page_parts(want)
        gf, gl = page_parts(got)
        if wf.casefold() != gf.casefold():
            return False
        if wl is None or gl is None:
            return wl is None and gl is None
        return wl.endswith(gl) or gl == wl
    if field in NUM_FIELDS:
        return digits(want) == digits(got) and digits(want) != ""
    if field in ("DOI", "URL"):
        return norm(want).rstrip("/") == norm(got).rstrip("/")
    return norm(want) == norm(got)


def render(items_path, style, tmp):
    nocite = os.path.join(tmp, "nocite.md")
    with open(nocite, "w", encoding="utf-8") as f:
        f.write('---\nnocite: "@*"\n---\n')
    out = os.path.join(tmp, "out.json")
    r = subprocess.run(["pandoc", nocite, "--citeproc",
                        "--bibliography=" + items_path,
                        "--csl=" + os.path.join(STYLES_DIR, style + ".csl"),
                        "-t", "json", "-o", out],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None
    with open(out, encoding="utf-8") as f:
        ast = json.load(f)
    acc = {}
    ct.find_refs(ast["blocks"], acc)
    return acc


def parse(quire, strings):
    r = subprocess.run([quire, "cite", "--format", "csl", "-"],
                       input="\n".join(strings) + "\n", capture_output=True,
                       text=True)
    if r.returncode != 0:
        sys.exit("refs_roundtrip: quire cite failed: " + r.stderr.strip())
    got = json.loads(r.stdout)
    if len(got) != len(strings):
        sys.exit("refs_roundtrip: %d strings, %d items back" % (len(strings), len(got)))
    return got


def anystyle_items(n):
    data = os.environ.get("QUIRE_SHARED_DATA",
                          os.path.join(HERE, "..", "..", "shared", "data"))
    d = os.path.join(data, "references", "anystyle-parser")
    if not os.path.isdir(d):
        print("note: %s not found: the AnyStyle items are skipped" % d)
        return []
    import xml.etree.ElementTree as ET
    items, k = [], 0
    for name in ("core.xml", "gold.xml", "good.xml", "ugly.xml"):
        for seq in ET.parse(os.path.join(d, name)).getroot().iter("sequence"):
            text = " ".join((el.text or "").strip() for el in seq)
            if not ct.is_dev(text):
                continue
            it = ct.to_csl(list(seq), k)
            k += 1
            if it:
                it["id"] = "a%04d" % k
                # its names were split by a heuristic from AnyStyle's
                # unsplit name lists ("Gore PA, Maan H, and Chang S"):
                # rendered, but not scored
                it["_names"] = "unsure"
                items.append(it)
    step = max(1, len(items) // n) if n else 1
    return items[::step][:n]


def score(item, text, got):
    """Per field: None (not printed), True or False; and the extra fields."""
    res = {}
    for f in ALL_FIELDS:
        if f not in item or (f in NAME_FIELDS and item.get("_names") == "unsure"):
            continue
        if not printed_alone(item, f, text):
            res[f] = None
            continue
        res[f] = equal(f, item[f], got.get(f), text)
    extra = [f for f in ALL_FIELDS if f in got and f not in item
             and f not in ("DOI", "URL")
             and not (f == "issued" and "literal" in got[f])  # "n.d." as printed
             and not (f in NAME_FIELDS and item.get("_names") == "unsure")]
    return res, extra


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quire", default=os.path.join(HERE, "..", "build", "quire"))
    ap.add_argument("--items", default=os.path.join(HERE, "refs_roundtrip_items.json"))
    ap.add_argument("--anystyle", type=int, default=0,
                    help="add N items from the AnyStyle development half")
    ap.add_argument("--only-anystyle", action="store_true")
    ap.add_argument("--styles", default=",".join(STYLES))
    ap.add_argument("--types", action="store_true",
                    help="print the type confusions (item's type -> type read, count)")
    ap.add_argument("--errors", default="", help="print the wrong entries of STYLE (or all)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--write-rendered", metavar="FILE",
                    help="also write the rendered entries (style TAB id TAB text)")
    ap.add_argument("--rendered", metavar="FILE",
                    help="read the rendered entries from FILE instead of running pandoc")
    ap.add_argument("--min-fields", type=float, default=0.0,
                    help="exit 1 when the share of printed fields read right is lower")
    ap.add_argument("--min-whole", type=float, default=0.0,
                    help="exit 1 when the share of entries read wholly right is lower")
    a = ap.parse_args()

    pre = {}
    if a.rendered:
        with open(a.rendered, encoding="utf-8") as f:
            for line in f:
                style, ident, text = line.rstrip("\n").split("\t", 2)
                pre.setdefault(style, {})[ident] = text
    elif not shutil.which("pandoc") or not os.path.isdir(STYLES_DIR):
        print("refs_roundtrip: needs pandoc and citation-style-language-styles "
              "(apt-get install -y pandoc citation-style-language-styles): skipped")
        return 2
    out_rendered = open(a.write_rendered, "w", encoding="utf-8") if a.write_rendered else None
    items = [] if a.only_anystyle else json.load(open(a.items, encoding="utf-8"))
    if a.anystyle:
        items += anystyle_items(a.anystyle)
    byid = {it["id"]: it for it in items}
    tmp = tempfile.mkdtemp()
    try:
        ipath = os.path.join(tmp, "items.json")
        with open(ipath, "w", encoding="utf-8") as f:
            json.dump(items, f, ensure_ascii=False)
        report, tot, confused = [], {}, {}
        for style in (a.styles.split(",") if not pre else list(pre)):
            rendered = pre[style] if pre else render(ipath, style, tmp)
            if rendered is None:
                print("skip %s (pandoc failed)" % style)
                continue
            ids = [i for i in rendered if i in byid]
            if out_rendered:
                for i in ids:
                    out_rendered.write("%s\t%s\t%s\n" % (style, i, rendered[i]))
            got = parse(a.quire, [rendered[i] for i in ids])
            nf = nright = nent = nwhole = ntype = 0
            per = {}
            for i, g in zip(ids, got):
                res, extra = score(byid[i], rendered[i], g)
                ok = not extra
                for f, v in res.items():
                    if v is None:
                        continue
                    p = per.setdefault(f, [0, 0])
                    p[1] += 1
                    nf += 1
                    if v:
                        p[0] += 1
                        nright += 1
                    else:
                        ok = False
                for f in extra:
                    per.setdefault("extra " + f, [0, 0])[1] += 1
                nent += 1
                nwhole += ok
                ntype += g.get("type") == byid[i]["type"]
                if g.get("type") != byid[i]["type"]:
                    k = (byid[i]["type"], g.get("type"), style)
                    confused[k] = confused.get(k, 0) + 1
                if not ok and a.errors in (style, "all"):
                    print("## [%s] %s" % (style, rendered[i]))
                    for f, v in res.items():
                        if v is False:
                            print("   %-16s want %s" % (f, json.dumps(byid[i][f], ensure_ascii=False)))
                            print("   %-16s got  %s" % ("", json.dumps(g.get(f), ensure_ascii=False)))
                    for f in extra:
                        print("   extra %-10s %s" % (f, json.dumps(g[f], ensure_ascii=False)))
            row = {"style": style, "entries": nent, "fields": nf,
                   "field_acc": nright / nf if nf else 0.0,
                   "whole": nwhole / nent if nent else 0.0,
                   "type": ntype / nent if nent else 0.0,
                   "per_field": {f: {"right": p[0], "printed": p[1]} for f, p in sorted(per.items())}}
            report.append(row)
            for f, p in per.items():
                t = tot.setdefault(f, [0, 0])
                t[0] += p[0]
                t[1] += p[1]
        if out_rendered:
            out_rendered.close()
        n = sum(r["entries"] for r in report)
        nf = sum(r["fields"] for r in report)
        all_fields = sum(r["field_acc"] * r["fields"] for r in report) / nf if nf else 0.0
        all_whole = sum(r["whole"] * r["entries"] for r in report) / n if n else 0.0
        below = all_fields < a.min_fields or all_whole < a.min_whole
        if a.json:
            json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
            print()
            return 1 if below else 0
        print("%-40s %7s %7s %7s %7s" % ("style", "entries", "fields", "whole", "type"))
        for r in report:
            print("%-40s %7d %7.3f %7.3f %7.3f" % (r["style"], r["entries"], r["field_acc"],
                                                  r["whole"], r["type"]))
        if n:
            ty = sum(r["type"] * r["entries"] for r in report)
            print("%-40s %7d %7.3f %7.3f %7.3f" % ("ALL", n, all_fields, all_whole, ty / n))
        if a.types:
            print("\ntype confusions (item's type -> type read: entries, styles):")
            pairs = {}
            for (want, got_t, style), c in confused.items():
                pairs.setdefault((want, got_t), []).append((c, style))
            for (want, got_t), v in sorted(pairs.items(), key=lambda kv: -sum(c for c, _ in kv[1])):
                print("  %-22s -> %-22s %4d  %s" % (want, got_t, sum(c for c, _ in v),
                      " ".join("%s:%d" % (st, c) for c, st in sorted(v, reverse=True))))
        print("\nper field (right / printed; extra: given by quire, not in the item):")
        for f, t in sorted(tot.items()):
            if f.startswith("extra"):
                print("  %-22s %5d" % (f, t[1]))
            else:
                print("  %-22s %5d / %5d  %.3f" % (f, t[0], t[1], t[0] / t[1] if t[1] else 0))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if below:
        print("refs_roundtrip: fields %.3f (at least %.3f asked), whole entries %.3f "
              "(at least %.3f asked)" % (all_fields, a.min_fields, all_whole, a.min_whole))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
