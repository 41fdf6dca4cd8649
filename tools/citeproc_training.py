#!/usr/bin/env python3
"""citeproc_training.py - labelled reference strings made by real software.

Used by tools/make_citeproc_training.sh.  Two steps:

  citeproc_training.py tocsl OUT.json MAX FILE.xml...
      AnyStyle XML sequences of the TRAINING side of the shared data (the
      development split of tools/refs_data.c, rd_is_dev, is left out: the
      same key, FNV-1a over the NFKC case-folded letters and digits after a
      leading "[n]"/"n." label, modulo 5) become CSL-JSON items: names split
      into family/given, "28(3)" into volume/issue, page ranges, the year.
      At most MAX items, taken evenly.
  citeproc_training.py align ITEMS.json RENDERED.json STYLE OUTDIR
      RENDERED.json is pandoc's JSON AST of the bibliography (every item,
      one Div "ref-ID" each).  Each rendered string is aligned back to the
      item's field values by exact substring search (case-insensitive as a
      fallback, for small capitals); names by their family names and
      initials.  An entry is dropped when a value occurs twice outside the
      other fields (ambiguous), or when a token holding a digit is left
      outside every field (a value printed in another form, such as an
      abbreviated page range).  Writes OUTDIR/citeproc-STYLE.conll ("token
      TAB label", blank line between references, quire's labels) and
      OUTDIR/citeproc-STYLE.xml (the same as AnyStyle XML, which
      tools/refs_data.c reads; issue -> volume, accessed -> note, place ->
      location there, as AnyStyle's own data has them).
Python standard library only.
"""
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape


# ---- the development split (tools/refs_data.c rd_is_dev) -----------------

def is_dev(text):
    s = unicodedata.normalize("NFKC", text).casefold().lstrip()
    m = re.match(r"^\[\d+\]", s) or re.match(r"^\d+\.", s)
    if m:
        s = s[m.end():]
    h = 0xcbf29ce484222325
    for ch in s:
        if unicodedata.category(ch)[0] in "LN":
            for b in ch.encode("utf-8"):
                h ^= b
                h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h % 5 == 0


# ---- AnyStyle XML to CSL-JSON --------------------------------------------

ROLE = re.compile(r"\b(eds?\.|Hrsg\.|hrsg\.|éds?\.|trans\.|transl\.|edited by|"
                  r"translated by|ed\. by|a cura di|In:|In|by)\s*", re.I)


def clean(v):
    v = re.sub(r"\s+", " ", v).strip()
    v = v.strip(" ,.;:()[]")
    v = v.strip("\"“”‘’«» ")
    return v.strip(" ,.;:")


def names(v):
    v = re.sub(r"\((eds?|Hrsg|éds?|ed|trans)\.?\)", "", v, flags=re.I)
    v = ROLE.sub(" ", v)
    v = re.sub(r"\bet al\.?", "", v)
    v = clean(v)
    if not v:
        return []
    parts = re.split(r"\s*(?:;|\band\b|\bund\b|\bet\b|&|\by\b)\s*", v)
    out = []
    for p in parts:
        p = clean(p)
        if not p:
            continue
        if "," in p:
            bits = [b.strip() for b in p.split(",") if b.strip()]
            # "Smith, J., Doe, A." -> pairs
            for k in range(0, len(bits) - 1, 2):
                out.append({"family": clean(bits[k]), "given": clean(bits[k + 1])})
            if len(bits) % 2:
                out.append({"family": clean(bits[-1])})
        else:
            w = p.split()
            if len(w) == 1:
                out.append({"family": w[0]})
            else:
                out.append({"family": w[-1], "given": " ".join(w[:-1])})
    return [n for n in out if n.get("family") and len(n["family"]) > 1 and
            re.search(r"[^\W\d_]", n["family"])][:8]


def to_csl(seq, i):
    f = {}
    for el in seq:
        t = (el.text or "")
        f.setdefault(el.tag, []).append(t)
    item = {"id": "r%d" % i}
    one = lambda k: clean(" ".join(f[k])) if k in f else ""
    if "author" in f:
        item["author"] = names(" and ".join(f["author"]))
    if "editor" in f:
        item["editor"] = names(" and ".join(f["editor"]))
    if "translator" in f:
        item["translator"] = names(" and ".join(f["translator"]))
    if one("title"):
        item["title"] = one("title")
    cont = one("journal") or one("container-title")
    cont = re.sub(r"^(In:?|Dans|In :)\s+", "", cont)
    if cont:
        item["container-title"] = cont
    for k, ck in (("publisher", "publisher"), ("location", "publisher-place"),
                  ("collection-title", "collection-title"), ("genre", "genre")):
        if one(k):
            item[ck] = one(k)
    if one("doi"):
        m = re.search(r"10\.\d{4,9}/\S+", one("doi"))
        if m:
            item["DOI"] = m.group(0).rstrip(".,;")
    if one("url"):
        m = re.search(r"https?://\S+", " ".join(f["url"]))
        if m:
            item["URL"] = m.group(0).rstrip(".,;>")
    vol = " ".join(f.get("volume", []))
    m = re.search(r"(\d+)\s*\((\d+)\)", vol)
    if m:
        item["volume"], item["issue"] = m.group(1), m.group(2)
    else:
        m = re.search(r"\d+", vol)
        if m:
            item["volume"] = m.group(0)
    pg = " ".join(f.get("pages", []))
    m = re.search(r"(\d+)\s*[-–—]+\s*(\d+)", pg)
    if m:
        item["page"] = "%s-%s" % (m.group(1), m.group(2))
    elif re.search(r"\d+", pg):
        item["page"] = re.search(r"\d+", pg).group(0)
    m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", " ".join(f.get("date", [])))
    if m:
        item["issued"] = {"date-parts": [[int(m.group(1))]]}
    if not item.get("title") or not (item.get("author") or item.get("editor")):
        return None
    if "journal" in f or (cont and item.get("volume")):
        item["type"] = "article-journal"
    elif cont:
        item["type"] = "chapter"
    elif re.search(r"thesis|diss|th[eè]se", one("genre"), re.I):
        item["type"] = "thesis"
    elif one("genre"):
        item["type"] = "report"
    else:
        item["type"] = "book"
    return item


def cmd_tocsl(out, maxn, files):
    items, k = [], 0
    for path in files:
        root = ET.parse(path).getroot()
        for seq in root.iter("sequence"):
            text = " ".join((el.text or "").strip() for el in seq)
            if is_dev(text):
                continue
            it = to_csl(list(seq), k)
            k += 1
            if it:
                items.append(it)
    step = max(1, len(items) // maxn) if maxn else 1
    items = items[::step][:maxn]
    json.dump(items, open(out, "w", encoding="utf-8"), ensure_ascii=False)
    print("%d CSL-JSON items from %d training sequences" % (len(items), k))


# ---- pandoc AST to text ---------------------------------------------------

def inl(xs, out):
    for x in xs:
        t, c = x.get("t"), x.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in ("Emph", "Strong", "SmallCaps", "Strikeout", "Underline",
                   "Superscript", "Subscript"):
            inl(c, out)
        elif t == "Span":
            inl(c[1], out)
        elif t == "Link":
            inl(c[1], out)
        elif t == "Quoted":
            q = ("“", "”") if c[0]["t"] == "DoubleQuote" else ("‘", "’")
            out.append(q[0])
            inl(c[1], out)
            out.append(q[1])
        elif t == "Code":
            out.append(c[1])
        elif t == "Cite":
            inl(c[1], out)


def blocks_text(bs):
    out = []
    for b in bs:
        if b["t"] in ("Para", "Plain"):
            inl(b["c"], out)
            out.append(" ")
        elif b["t"] == "Div":
            out.append(blocks_text(b["c"][1]))
            out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def find_refs(bs, acc):
    for b in bs:
        if b.get("t") == "Div":
            ident = b["c"][0][0]
            if ident.startswith("ref-"):
                acc[ident[4:]] = blocks_text(b["c"][1])
            else:
                find_refs(b["c"][1], acc)


# ---- alignment ------------------------------------------------------------

# Styles print typographic quotes and apostrophes where the data has plain
# ones: both sides are compared with one kind (one character for one, so
# that offsets stay valid).
QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                        "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u2013": "-"})

# Words a style prints itself (outside every field); any other word of five
# letters or more left outside the fields means a value was not found (a
# title the style re-cased, say) and the entry is dropped.
STYLE_WORDS = set("""edited translated available retrieved accessed online
presented paper thesis dissertation master masters edition edn editor editors
edited eds hrsg herausgegeben abgerufen zugriff consulté consulte direction
edición editado traducido traduit traduction übersetzt ubersetzt sous
internet viewed cited from https http volume volumes issue number pages
series press university chapter report working technical""".split())

def occurrences(text, v, fold):
    if not v:
        return []
    text, v = text.translate(QUOTES), v.translate(QUOTES)
    f1 = lambda s: "".join(c.lower() if len(c.lower()) == 1 else c for c in s)
    h, n = (f1(text), f1(v)) if fold else (text, v)
    out, i = [], h.find(n)
    while i >= 0:
        out.append((i, i + len(n)))
        i = h.find(n, i + 1)
    return out


def align(item, text):
    lab = [None] * len(text)

    def put(a, b, l):
        if any(lab[k] is not None for k in range(a, b)):
            return False
        for k in range(a, b):
            lab[k] = l
        return True

    fields = [("title", "title"), ("container-title", "container-title"),
              ("collection-title", "collection-title"), ("publisher", "publisher"),
              ("publisher-place", "place"), ("genre", "genre"), ("DOI", "doi"),
              ("URL", "url")]
    # long values first, so that a publisher inside a title is not taken
    vals = [(item[k], l) for k, l in fields if item.get(k)]
    vals.sort(key=lambda x: -len(x[0]))
    for v, l in vals:
        occ = occurrences(text, v, False) or occurrences(text, v, True)
        free = [o for o in occ if all(lab[k] is None for k in range(*o))]
        if len(free) > 1:
            return None
        if free:
            put(free[0][0], free[0][1], l)
    # numbers: volume, issue, pages, year
    nums = []
    if item.get("page"):
        a, _, b = item["page"].partition("-")
        nums.append((r"(?<!\d)%s(?:[-–]%s)?(?!\d)" % (a, b) if b else r"(?<!\d)%s(?!\d)" % a, "pages"))
    if item.get("volume"):
        nums.append((r"(?<!\d)%s(?!\d)" % item["volume"], "volume"))
    if item.get("issue"):
        nums.append((r"(?<!\d)%s(?!\d)" % item["issue"], "issue"))
    if item.get("issued"):
        nums.append((r"(?<!\d)%d[a-z]?(?!\d)" % item["issued"]["date-parts"][0][0], "date"))
    for rx, l in nums:
        occ = [m.span() for m in re.finditer(rx, text)
               if all(lab[k] is None for k in range(*m.span()))]
        if len(occ) > 1:
            return None
        if occ:
            put(occ[0][0], occ[0][1], l)
    # names: every family name; the role's span runs from the first name
    # part to the last, given names and initials included
    for role in ("author", "editor", "translator"):
        spans = []
        for n in item.get(role, []):
            fam = n.get("family", "")
            occ = [o for o in (occurrences(text, fam, False) or occurrences(text, fam, True))
                   if all(lab[k] is None for k in range(*o))]
            if len(occ) != 1:
                return None
            spans.append(occ[0])
        if not spans:
            continue
        a = min(s[0] for s in spans)
        b = max(s[1] for s in spans)
        # stretch over the given names / initials around the family names
        given = " ".join(n.get("given", "") for n in item.get(role, []))
        ginit = set(w[0] for w in re.findall(r"\w+", given))
        while True:
            m = re.search(r"(\s*[,&]?\s*(?:and |et |und |y )?)([^\s,;:]+?)([.,]?)$", text[:a])
            if not m or not m.group(2) or m.group(2)[0] not in ginit or \
               len(m.group(2).strip(".")) > 20 or any(lab[k] is not None for k in range(m.start(2), a)):
                break
            if not (m.group(2).rstrip(".") in given or len(m.group(2).rstrip(".")) <= 2):
                break
            a = m.start(2)
        while True:
            m = re.match(r"(,?\s*)([^\s,;:()]+)", text[b:])
            if not m:
                break
            w = m.group(2)
            if w.rstrip(".,") and (w.rstrip(".,") in given.split() or
                                   (len(w.rstrip(".")) <= 2 and w[0] in ginit and w[0].isupper())):
                if any(lab[k] is not None for k in range(b, b + m.end())):
                    break
                b += m.end()
                continue
            break
        for k in range(a, b):
            if lab[k] is None:
                lab[k] = role
            elif lab[k] != role:
                return None
    # tokens
    toks = []
    for m in re.finditer(r"\S+", text):
        cnt = {}
        for k in range(m.start(), m.end()):
            ch = text[k]
            w = 2 if ch.isalnum() else 1
            l = lab[k] or "other"
            cnt[l] = cnt.get(l, 0) + w
        l = max(cnt.items(), key=lambda x: x[1])[0]
        if l == "other" and not toks and re.match(r"^[\[(]?\d+[\]).]?$", m.group(0)):
            pass  # the citation number of a numbered style
        elif l == "other" and re.search(r"\d", m.group(0)):
            return None  # a number outside every field: misaligned
        elif l == "other":
            w = re.sub(r"\W", "", m.group(0)).lower()
            if len(w) >= 5 and w not in STYLE_WORDS:
                return None  # a value the aligner did not find
        toks.append((m.group(0), l))
    if sum(1 for _, l in toks if l != "other") < 2:
        return None
    return toks


ANY = {"place": "location", "issue": "volume", "accessed": "note"}


def cmd_align(itemsf, renderedf, style, outdir):
    items = {it["id"]: it for it in json.load(open(itemsf, encoding="utf-8"))}
    ast = json.load(open(renderedf, encoding="utf-8"))
    refs = {}
    find_refs(ast["blocks"], refs)
    kept = 0
    with open("%s/citeproc-%s.conll" % (outdir, style), "w", encoding="utf-8") as c, \
         open("%s/citeproc-%s.xml" % (outdir, style), "w", encoding="utf-8") as x:
        x.write('<?xml version="1.0" encoding="UTF-8"?>\n<dataset>\n')
        for rid, text in refs.items():
            it = items.get(rid)
            if not it:
                continue
            toks = align(it, text)
            if not toks:
                continue
            kept += 1
            for t, l in toks:
                c.write("%s\t%s\n" % (t, l))
            c.write("\n")
            x.write("<sequence>")
            k = 0
            while k < len(toks):
                l = toks[k][1]
                j = k
                while j < len(toks) and toks[j][1] == l:
                    j += 1
                seg = " ".join(t for t, _ in toks[k:j])
                tag = "citation-number" if l == "other" else ANY.get(l, l)
                x.write("<%s>%s</%s>" % (tag, escape(seg), tag))
                k = j
            x.write("</sequence>\n")
        x.write("</dataset>\n")
    print("%-45s %5d rendered, %5d aligned" % (style, len(refs), kept))


if __name__ == "__main__":
    if sys.argv[1] == "tocsl":
        cmd_tocsl(sys.argv[2], int(sys.argv[3]), sys.argv[4:])
    else:
        cmd_align(*sys.argv[2:6])
