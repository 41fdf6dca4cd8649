/*
 * doc.c — quire_analyze(): from a source to a paper.
 *
 * The stages (lines.h draws them): norm_source() normalises every line;
 * furn_mark() marks page furniture; the lines are cut into chunks (runs of
 * lines between blank lines, or one reader block each); the title and a
 * byline are taken from the top; each chunk becomes a heading, paragraph,
 * block quote or list items; the bibliography (after its heading, or the
 * trailing run of entries when there is none) is split into entries by
 * bib_split(); then the text is assembled, counted and previewed.
 *
 * Decisions:
 *  - A blank line ends a paragraph, except where the gap holds page
 *    furniture or a page break and the text visibly runs on (no sentence
 *    end before it, or a lower-case letter after): extracted text breaks
 *    paragraphs at page edges that the author never broke.
 *  - Heading levels are shifted so the top level found is 1: a paper whose
 *    only headings are plain title-case lines gets a flat level-1 outline.
 *  - The outline holds the section headings and the bibliography's heading,
 *    not the bibliography's sub-sections.
 *  - A bibliography (after its heading, or the trailing run, or with
 *    neither the last numbered list of dated entries) ends where its
 *    entries visibly stop: back matter, a table or figure caption the list
 *    does not go on after, or prose (bib_region_stop).  A float set among
 *    the entries is held out of them and kept in place as a paragraph, and
 *    a line repeated through the document (a running head in text with no
 *    page breaks) is dropped from it.  Every test is one pass or a bounded
 *    look-ahead, so the analysis stays linear.
 */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "bib.h"
#include "buf.h"
#include "count.h"
#include "furn.h"
#include "head.h"
#include "join.h"
#include "lines.h"
#include "norm.h"
#include "preview.h"
#include "quire.h"

/* A run of lines that makes one or more blocks. */
typedef struct chunk {
	size_t first, last;    /* indices of the first and last kept line (inclusive) */
	unsigned group;        /* reader block id, 0 for plain lines */
	quire_block_kind hint; /* reader's kind */
	int level;
	size_t nlines;         /* kept (non-blank, non-furniture) lines */
} chunk_t;

/* A block under construction: its text lives in the arena until assembly. */
typedef struct pblock {
	quire_block_kind kind;
	int level;
	const char *text;
	size_t len;
	unsigned page;
	const char *section; /* references: their sub-section */
} pblock_t;

typedef struct doc {
	quire_arena *a;
	lines_t L;
	vocab_t *voc;
	chunk_t *ch;
	size_t nch;
	pblock_t *bl;
	size_t nbl, capbl;
	unsigned base_indent;
	int failed;
	uint32_t *seen_first; /* per line: the first line with its text (repeats) */
	uint32_t *times;      /* per first line: how often its text occurs */
	int repeats_done;     /* the two above were built (or could not be) */
	size_t *bibs;         /* the bibliographies emitted so far: pairs */
	size_t nbibs, capbibs; /* [first, stop) of lines, in order */
	size_t *holes;   /* floats set inside the bibliography being emitted: */
	size_t nholes;   /* pairs [first, end) of lines, from bib_region_stop */
	size_t capholes;
} doc_t;


/* ---------------------------------------------------------------- */

static pblock_t *push_block(doc_t *d, quire_block_kind k, int level,
			    const char *text, size_t len, unsigned page)
{
	if (d->nbl == d->capbl) {
		size_t cap = d->capbl ? d->capbl * 2 : 64;
		pblock_t *v = quire_arena_alloc(d->a, cap * sizeof *v);
		if (!v) {
			d->failed = 1;
			return NULL;
		}
		if (d->nbl)
			memcpy(v, d->bl, d->nbl * sizeof *v);
		d->bl = v;
		d->capbl = cap;
	}
	pblock_t *b = &d->bl[d->nbl++];
	b->kind = k;
	b->level = level;
	b->text = text;
	b->len = len;
	b->page = page;
	b->section = NULL;
	return b;
}

static int kept(const ln_t *l)
{
	return !l->blank && !l->furniture;
}

/* Last byte of a line that is not a closing quote or bracket. */
static unsigned char last_significant(const ln_t *l)
{
	const unsigned char *s = (const unsigned char *)l->s;
	size_t e = l->n;
	while (e > 0) {
		unsigned char c = s[e - 1];
		if (c == ')' || c == '"' || c == '\'' || c == ']') {
			e--;
			continue;
		}
		if (e >= 3 && s[e - 3] == 0xE2 && s[e - 2] == 0x80 &&
		    (s[e - 1] == 0x9D || s[e - 1] == 0x99)) {
			e -= 3;
			continue;
		}
		return c;
	}
	return 0;
}

static int ends_sentence(const ln_t *l)
{
	unsigned char c = last_significant(l);
	return c == '.' || c == '!' || c == '?' || c == ':' || c == 0xA6 /* … */;
}

static int starts_lower(const ln_t *l)
{
	unsigned char c = (unsigned char)l->s[0];
	return c >= 'a' && c <= 'z';
}

/* Cuts the kept lines into chunks. */
static int make_chunks(doc_t *d)
{
	lines_t *L = &d->L;
	d->ch = quire_arena_alloc(d->a, (L->n + 1) * sizeof *d->ch);
	if (!d->ch)
		return -1;
	size_t n = 0;
	int open = 0, gap_blank = 0, gap_soft = 0;
	size_t prev = 0;
	for (size_t i = 0; i < L->n; i++) {
		ln_t *l = &L->v[i];
		if (l->furniture) {
			gap_soft = 1;
			continue;
		}
		if (l->blank) {
			/* blank lines inside a reader block (code) stay in it */
			if (!(open && l->group && l->group == d->ch[n - 1].group))
				gap_blank = 1;
			continue;
		}
		int same = 0;
		if (open) {
			chunk_t *c = &d->ch[n - 1];
			if (l->group || c->group)
				same = l->group == c->group;
			else if (!gap_blank)
				same = 1;
			else if (gap_soft || L->v[prev].page != l->page)
				same = !ends_sentence(&L->v[prev]) || starts_lower(l);
		}
		if (same) {
			d->ch[n - 1].last = i;
			d->ch[n - 1].nlines++;
		} else {
			chunk_t *c = &d->ch[n++];
			c->first = c->last = i;
			c->group = l->group;
			c->hint = l->hint;
			c->level = l->level;
			c->nlines = 1;
			open = 1;
		}
		prev = i;
		gap_blank = gap_soft = 0;
	}
	d->nch = n;
	return 0;
}

static int chunk_is_bib_heading(doc_t *d, const chunk_t *c, int *notes);
static int ref_evidence(const ln_t *l);

/* Do the lines from `from` on read like a bibliography: of the next 10
 * kept lines, at least 5 with a year, a page range, a DOI or a URL or
 * shaped like an entry's first line (works "unpublished" or "in
 * preparation" have no year)?  A label that names a bibliography, alone on
 * a line above such lines, is its heading whatever the line before it (the
 * end of an ORCID, "1419-315X"). */
static int dated_lines_follow(const lines_t *L, size_t from)
{
	size_t seen = 0, dated = 0;
	for (size_t i = from; i < L->n && seen < 10; i++) {
		const ln_t *l = &L->v[i];
		if (!kept(l))
			continue;
		seen++;
		dated += ref_evidence(l) || bib_looks_like_entry_start(l->s, l->n);
	}
	return dated >= 5;
}

/* Does a bibliography label on line l stand apart from the line before it
 * even when that line does not end a sentence?  When it is set in capitals
 * ("REFERENCES", "■ REFERENCES": a typographic heading, never a wrapped
 * word of prose) or the next line opens a numbered entry ("[1]", "(1)",
 * "1."): after the affiliations, dates and ORCID lines that close a PDF's
 * last page, the line before is rarely a sentence. */
static int set_apart(const ln_t *l, const ln_t *next)
{
	size_t upper = 0, lower = 0;
	for (size_t i = 0; i < l->n; i++) {
		unsigned char ch = (unsigned char)l->s[i];
		upper += ch >= 'A' && ch <= 'Z';
		lower += ch >= 'a' && ch <= 'z';
	}
	if (upper >= 4 && lower == 0)
		return 1;
	const char *s = next->s;
	size_t n = next->n, i = 0;
	if (n > 0 && (s[0] == '[' || s[0] == '('))
		i = 1;
	size_t d = i;
	while (d < n && d - i < 3 && isdigit((unsigned char)s[d]))
		d++;
	if (d == i || d >= n)
		return 0;
	return i ? s[d] == (s[0] == '[' ? ']' : ')') : s[d] == '.';
}

/*
 * Text extracted from PDFs often has no blank lines at all, so a
 * bibliography heading sits inside a long chunk where only a chunk of its
 * own is tested for being one.  This cuts a plain chunk around a line that
 * names a bibliography (bib_is_heading) when it stands like a heading: at
 * the chunk's start, after a line that ends a sentence or a line of a few
 * bytes (a page number left in the text), set apart
 * (set_apart), as the chunk's last line (a blank line follows it), or
 * capitalised above lines that read like entries (dated_lines_follow) —
 * and followed by a line that starts an entry.  The last three only before
 * any bibliography heading: a second "REFERENCES" is a running head.
 */
static int split_bib_headings(doc_t *d)
{
	lines_t *L = &d->L;
	size_t extra = 0;
	for (int pass = 0; pass < 2; pass++) {
		chunk_t *out = NULL;
		if (pass == 1) {
			if (extra == 0)
				return 0;
			out = quire_arena_alloc(d->a, (d->nch + 2 * extra + 1) * sizeof *out);
			if (!out)
				return -1;
		}
		size_t n = 0;
		int found = 0; /* a bibliography heading came before */
		for (size_t k = 0; k < d->nch; k++) {
			chunk_t c = d->ch[k];
			size_t start = c.first, prev = SIZE_MAX;
			int hn;
			if (chunk_is_bib_heading(d, &c, &hn))
				found = 1;
			for (size_t i = c.first; !c.group && c.nlines > 1 && i <= c.last; i++) {
				const ln_t *l = &L->v[i];
				if (!kept(l))
					continue;
				int notes;
				size_t next = i + 1;
				while (next <= c.last && !kept(&L->v[next]))
					next++;
				/* the line after the label: in this chunk, or for
				 * the chunk's last line, the next chunk's first */
				const ln_t *nl = next <= c.last ? &L->v[next]
					       : i > c.first && k + 1 < d->nch &&
							 !d->ch[k + 1].group
						 ? &L->v[d->ch[k + 1].first]
						 : NULL;
				int cut = nl && l->n <= 40 &&
					  bib_is_heading(l->s, l->n, &notes) &&
					  (bib_looks_like_entry_start(nl->s, nl->n) ||
					   isdigit((unsigned char)nl->s[0])) &&
					  (prev == SIZE_MAX || ends_sentence(&L->v[prev]) ||
					   L->v[prev].n <= 6 /* a page number */ ||
					   (!found && (set_apart(l, nl) || next > c.last ||
						       (isupper((unsigned char)l->s[0]) &&
							dated_lines_follow(L, next)))));
				if (cut) {
					found = 1;
					if (pass == 0) {
						extra++;
					} else {
						if (i > start) {
							out[n] = c;
							out[n].first = start;
							out[n].last = prev;
							n++;
						}
						out[n] = c;
						out[n].first = out[n].last = i;
						n++;
					}
					start = next;
				}
				prev = i;
			}
			if (pass == 1 && start <= c.last) {
				out[n] = c;
				out[n].first = start;
				n++;
			}
		}
		if (pass == 1) {
			/* recount the kept lines of every chunk */
			for (size_t k = 0; k < n; k++) {
				out[k].nlines = 0;
				for (size_t i = out[k].first; i <= out[k].last; i++)
					out[k].nlines += kept(&L->v[i]);
			}
			d->ch = out;
			d->nch = n;
		}
	}
	return 0;
}

/* The most common indentation of plain lines: the left margin. */
static unsigned find_base_indent(const lines_t *L)
{
	size_t hist[17] = {0};
	for (size_t i = 0; i < L->n; i++) {
		const ln_t *l = &L->v[i];
		if (kept(l) && !l->group)
			hist[l->indent < 16 ? l->indent : 16]++;
	}
	unsigned best = 0;
	for (unsigned k = 1; k < 17; k++)
		if (hist[k] > hist[best])
			best = k;
	return best;
}

/* Joins the kept lines [from, to] into one string. */
static const char *join_range(doc_t *d, size_t from, size_t to, size_t *len)
{
	const char *s = join_lines(&d->L.v[from], to - from + 1, d->voc, d->a, len);
	if (!s)
		d->failed = 1;
	return s;
}

/* Case- and space-insensitive ASCII-folding equality, for title repeats. */
static int same_words(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < an && !isalnum((unsigned char)a[i]) && (unsigned char)a[i] < 128)
			i++;
		while (j < bn && !isalnum((unsigned char)b[j]) && (unsigned char)b[j] < 128)
			j++;
		if (i == an || j == bn)
			return i == an && j == bn;
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[j]))
			return 0;
		i++;
		j++;
	}
}

/* ---------------------------------------------------------------- */
/* Title and byline                                                  */

/* Words of the kept lines of a chunk, and whether it ends like a title. */
static int title_shaped(doc_t *d, const chunk_t *c)
{
	if (c->group)
		return c->hint == QUIRE_BLOCK_HEADING || c->hint == QUIRE_BLOCK_TITLE;
	if (c->nlines > 3)
		return 0;
	size_t words = 0;
	for (size_t i = c->first; i <= c->last; i++) {
		const ln_t *l = &d->L.v[i];
		if (!kept(l))
			continue;
		if (l->n > 160)
			return 0;
		words += quire_count_words(l->s, l->n);
	}
	if (words == 0 || words > 25)
		return 0;
	unsigned char e = last_significant(&d->L.v[c->last]);
	return e != '.' && e != ',' && e != ';';
}

/* Length of a byline's lead word ("by ", "par ", "von ", "por "), or 0. */
static size_t byline_prefix(const char *s, size_t n)
{
	static const char *const leads[] = {"by ", "par ", "von ", "por ", "di ", "door ", NULL};
	if (n > 200)
		return 0;
	for (int k = 0; leads[k]; k++) {
		size_t m = strlen(leads[k]);
		if (n > m + 1 && strncasecmp(s, leads[k], m) == 0 &&
		    isupper((unsigned char)s[m]))
			return m;
	}
	return 0;
}

/* Splits a byline's names into authors. */
static void parse_authors(doc_t *d, const char *s, size_t n, const char ***out,
			  size_t *nout)
{
	const char **v = quire_arena_alloc(d->a, 16 * sizeof *v);
	size_t k = 0;
	if (!v) {
		d->failed = 1;
		return;
	}
	size_t i = 0;
	while (i < n && k < 16) {
		size_t j = i, sep = 0;
		for (; j < n; j++) {
			if (s[j] == ',' || s[j] == ';' || s[j] == '&') {
				sep = 1;
				break;
			}
			if (j + 5 <= n && memcmp(s + j, " and ", 5) == 0) {
				sep = 5;
				break;
			}
		}
		size_t a = i, b = j;
		while (a < b && s[a] == ' ')
			a++;
		while (b > a && s[b - 1] == ' ')
			b--;
		if (b > a)
			v[k++] = quire_arena_strndup(d->a, s + a, b - a);
		i = j + (sep ? sep : 1);
	}
	*out = v;
	*nout = k;
}

/* ---------------------------------------------------------------- */
/* Body blocks                                                       */

static int is_bullet(const char *s, size_t n, size_t *mlen)
{
	static const char *const marks[] = {"- ", "* ", "\xE2\x80\xA2 ", "\xE2\x80\x93 ",
					    "\xE2\x97\xA6 ", "+ ", NULL};
	for (int k = 0; marks[k]; k++) {
		size_t m = strlen(marks[k]);
		if (n > m && memcmp(s, marks[k], m) == 0) {
			*mlen = m;
			return 1;
		}
	}
	return 0;
}

/* "1. ", "12) ", "(a) ", "a) ": an enumerated list item. */
static int is_enum(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && s[i] == '(')
		i++;
	size_t d0 = i;
	while (i < n && i - d0 < 3 && isdigit((unsigned char)s[i]))
		i++;
	if (i == d0) {
		if (i < n && s[i] >= 'a' && s[i] <= 'z')
			i++;
		else
			return 0;
		if (i < n && s[i] != ')')
			return 0;
	}
	if (i >= n || (s[i] != '.' && s[i] != ')'))
		return 0;
	i++;
	return i < n && s[i] == ' ';
}

/* Emits the paragraphs of plain chunk lines [from, to], splitting at
 * first-line indents that follow a sentence end. */
static void emit_paragraphs(doc_t *d, size_t from, size_t to,
			    quire_block_kind kind)
{
	lines_t *L = &d->L;
	size_t start = from;
	size_t prev = from;
	for (size_t i = from + 1; i <= to; i++) {
		ln_t *l = &L->v[i];
		if (!kept(l))
			continue;
		int split = kind == QUIRE_BLOCK_PARAGRAPH &&
			    l->indent > d->base_indent && l->indent < d->base_indent + 12 &&
			    L->v[prev].indent <= d->base_indent && ends_sentence(&L->v[prev]);
		if (split) {
			size_t len;
			const char *s = join_range(d, start, prev, &len);
			if (s)
				push_block(d, kind, 0, s, len, L->v[start].page);
			start = i;
		}
		prev = i;
	}
	size_t len;
	const char *s = join_range(d, start, to, &len);
	if (s && len)
		push_block(d, kind, 0, s, len, L->v[start].page);
}

/* Emits list items of plain lines [from, to] (each marker line starts one). */
static void emit_list(doc_t *d, size_t from, size_t to)
{
	lines_t *L = &d->L;
	size_t start = from;
	unsigned first_indent = L->v[from].indent;
	for (size_t i = from; i <= to + 1; i++) {
		int boundary = i > to;
		size_t m = 0;
		if (!boundary) {
			ln_t *l = &L->v[i];
			if (!kept(l))
				continue;
			boundary = i > start && (is_bullet(l->s, l->n, &m) || is_enum(l->s, l->n));
		}
		if (!boundary)
			continue;
		ln_t *f = &L->v[start];
		size_t len;
		const char *s = join_range(d, start, i - 1 < to ? i - 1 : to, &len);
		if (s) {
			if (is_bullet(s, len, &m)) {
				s += m;
				len -= m;
			}
			push_block(d, QUIRE_BLOCK_LIST_ITEM,
				   f->indent > first_indent ? 2 : 1, s, len, f->page);
		}
		start = i;
	}
}

/* Classifies and emits one plain chunk (lines [from, to]). */
static void emit_plain(doc_t *d, size_t from, size_t to, size_t nlines)
{
	lines_t *L = &d->L;
	ln_t *f = &L->v[from];
	size_t next = from + 1;
	while (next <= to && !kept(&L->v[next]))
		next++;
	head_ctx hc = {nlines == 1, nlines > 1, next <= to ? L->v[next].n : 0};
	int level = head_level(f->s, f->n, &hc);
	if (level > 0) {
		push_block(d, QUIRE_BLOCK_HEADING, level, f->s, f->n, f->page);
		if (nlines == 1)
			return;
		from = next;
		nlines--;
		f = &L->v[from];
	}
	/* block quote: every line indented past the margin, or "> " */
	int quote = 1, gt = 1, list = 0;
	size_t m;
	for (size_t i = from; i <= to; i++) {
		ln_t *l = &L->v[i];
		if (!kept(l))
			continue;
		if (l->indent < d->base_indent + 4)
			quote = 0;
		if (!(l->n >= 1 && l->s[0] == '>'))
			gt = 0;
		if (is_bullet(l->s, l->n, &m) || is_enum(l->s, l->n))
			list++;
	}
	if (gt) {
		/* strip the "> " marks into the lines themselves */
		for (size_t i = from; i <= to; i++) {
			ln_t *l = &L->v[i];
			if (!kept(l))
				continue;
			size_t k = 1;
			while (k < l->n && l->s[k] == ' ')
				k++;
			l->s += k;
			l->n -= k;
			if (l->n == 0)
				l->blank = 1;
		}
		emit_paragraphs(d, from, to, QUIRE_BLOCK_QUOTE);
		return;
	}
	if (quote && !(is_bullet(f->s, f->n, &m) || is_enum(f->s, f->n))) {
		emit_paragraphs(d, from, to, QUIRE_BLOCK_QUOTE);
		return;
	}
	if (list && (is_bullet(f->s, f->n, &m) || is_enum(f->s, f->n))) {
		emit_list(d, from, to);
		return;
	}
	emit_paragraphs(d, from, to, QUIRE_BLOCK_PARAGRAPH);
}

/* Emits a reader block (a chunk with a group) as the reader said. */
static void emit_group(doc_t *d, const chunk_t *c)
{
	quire_block_kind k = c->hint;
	if (k == QUIRE_BLOCK_NONE) {
		emit_plain(d, c->first, c->last, c->nlines);
		return;
	}
	size_t len;
	const char *s;
	if (k == QUIRE_BLOCK_CODE) {
		buf_t b = BUF_INIT;
		for (size_t i = c->first; i <= c->last; i++) {
			const ln_t *l = &d->L.v[i];
			if (l->furniture)
				continue;
			if (b.len)
				buf_putc(&b, '\n');
			buf_append(&b, l->s, l->n);
		}
		s = buf_to_arena(&b, d->a);
		len = b.len;
		buf_free(&b);
		if (!s) {
			d->failed = 1;
			return;
		}
	} else {
		s = join_range(d, c->first, c->last, &len);
	}
	if (s && len)
		push_block(d, k, c->level, s, len, d->L.v[c->first].page);
}

/* ---------------------------------------------------------------- */
/* Bibliography                                                      */

/*
 * Headings that end a bibliography (back matter after it).  A name of
 * several words, or the stem of one ("acknowledg"), matches as a prefix;
 * a single word ("Funding", "Tables") only as the whole line or before a
 * colon or full stop, since a wrapped entry can go on with "Funding
 * Council for England".
 */
static int is_back_matter(const char *s, size_t n)
{
	static const char *const prefix[] = {
		"appendix", "appendices", "acknowledg", "about the author", "annex",
		"anhang", "anexo", "annexe", "competing interest", "conflict of interest",
		"conflicts of interest", "declaration of", "author contribution",
		"authors' contribution", "authors contribution", "data availability",
		"availability of data", "supporting information", "supplementary material",
		"supplementary information", "supplementary data",
		"publisher's note", "publisher\xE2\x80\x99s note", "ethics statement",
		"figure caption", "figure legend", "how to cite this article", NULL};
	static const char *const word[] = {"funding", "declarations", "abbreviations",
					   "figures", "tables", "disclosures", NULL};
	size_t i = 0;
	if (n > 2 && n <= 40 && isupper((unsigned char)s[0]) && (s[1] == ' ' || s[1] == '.'))
		i = 1; /* a lettered part: "A APPENDIX", "B. Acknowledgements" */
	while (i < n && (isdigit((unsigned char)s[i]) || s[i] == '.' || s[i] == ' '))
		i++;
	for (int k = 0; prefix[k]; k++) {
		size_t m = strlen(prefix[k]);
		if (n - i >= m && strncasecmp(s + i, prefix[k], m) == 0)
			return 1;
	}
	for (int k = 0; word[k]; k++) {
		size_t m = strlen(word[k]);
		if (n - i >= m && strncasecmp(s + i, word[k], m) == 0) {
			size_t e = i + m;
			while (e < n && s[e] == ' ')
				e++;
			if (e == n || s[e] == ':' || s[e] == '.')
				return 1;
		}
	}
	return 0;
}

/* Does s open a publisher's box ("Submit your next manuscript to …",
 * "Publish with …", "Pre-publication history"), set after a list or, in
 * two columns, among its entries like a float? */
static int box_start(const char *s, size_t n)
{
	static const char *const names[] = {"submit your manuscript", "submit your next manuscript",
					    "publish with ", "pre-publication history", NULL};
	for (int k = 0; names[k]; k++) {
		size_t m = strlen(names[k]);
		if (n >= m && strncasecmp(s, names[k], m) == 0)
			return 1;
	}
	return 0;
}

/*
 * Does s open the caption of a float or a table: "Table 1", "Figure 2.",
 * "Fig. (6).", "Figure 3-Univariate", "Supplementary Table S1", "TABLE II"?
 * The label, a number (digits, "S" and digits, or a roman numeral) and
 * then the line's end or punctuation or a space: a label followed by a
 * word ("Table of contents") is not one.
 */
static int caption_start(const char *s, size_t n)
{
	static const char *const qual[] = {"supplementary ", "supplemental ", "extended data ",
					   "additional ", NULL};
	static const char *const kind[] = {"table", "figure", "fig.", "fig", "scheme", "plate",
					   "file", NULL};
	size_t i = 0;
	for (int k = 0; qual[k]; k++) {
		size_t m = strlen(qual[k]);
		if (n >= m && strncasecmp(s, qual[k], m) == 0) {
			i = m;
			break;
		}
	}
	int found = 0;
	for (int k = 0; kind[k] && !found; k++) {
		size_t m = strlen(kind[k]);
		if (n - i >= m && strncasecmp(s + i, kind[k], m) == 0 &&
		    (k < 6 || i > 0) /* "File 1" only after a qualifier */) {
			i += m;
			found = 1;
		}
	}
	if (!found)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '(')
		i++;
	size_t d = i;
	if (i < n && s[i] == 'S')
		i++;
	while (i < n && i - d < 4 && isdigit((unsigned char)s[i]))
		i++;
	if (i == d || (i == d + 1 && s[d] == 'S')) {
		i = d;
		while (i < n && i - d < 6 && (s[i] == 'I' || s[i] == 'V' || s[i] == 'X'))
			i++;
		if (i == d)
			return 0;
	} else if (i < n && isalpha((unsigned char)s[i]))
		i++; /* "Figure 2a", "Table 3B" */
	return i == n || s[i] == '.' || s[i] == ':' || s[i] == ')' || s[i] == ' ' ||
	       s[i] == '|' || s[i] == '-' || s[i] == ',' ||
	       (unsigned char)s[i] == 0xE2 /* a dash or a bar */;
}

/* Is chunk c a bibliography heading?  *notes for a notes section. */
static int chunk_is_bib_heading(doc_t *d, const chunk_t *c, int *notes)
{
	if (c->nlines != 1)
		return 0;
	if (c->group && c->hint != QUIRE_BLOCK_HEADING && c->hint != QUIRE_BLOCK_NONE &&
	    c->hint != QUIRE_BLOCK_PARAGRAPH)
		return 0;
	const ln_t *l = &d->L.v[c->first];
	return bib_is_heading(l->s, l->n, notes);
}

static int chunk_ends_bib(doc_t *d, const chunk_t *c)
{
	int notes;
	if (chunk_is_bib_heading(d, c, &notes))
		return 1;
	const ln_t *l = &d->L.v[c->first];
	if (c->group && c->hint == QUIRE_BLOCK_HEADING)
		return is_back_matter(l->s, l->n) || c->level <= 1;
	return c->nlines == 1 && is_back_matter(l->s, l->n);
}

/* Appends the entries of lines [from, to) of a bibliography region. */
static void emit_bib_lines(doc_t *d, size_t from, size_t to, int notes,
			   const char **section)
{
	bib_item *items = NULL;
	size_t n = 0;
	if (from >= to)
		return;
	if (bib_split(&d->L, from, to, d->voc, &items, &n) != QUIRE_OK) {
		d->failed = 1;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (items[i].is_section) {
			push_block(d, QUIRE_BLOCK_BIB_SECTION, 0, items[i].text,
				   items[i].len, items[i].page);
			*section = items[i].text;
			continue;
		}
		pblock_t *b = push_block(d, notes ? QUIRE_BLOCK_NOTE : QUIRE_BLOCK_REFERENCE,
					 0, items[i].text, items[i].len, items[i].page);
		if (b)
			b->section = *section;
	}
}

/* Non-zero if a line holds a year (1400–2099), a page range, "n.d.", a DOI or a URL:
 * what nearly every reference entry has somewhere in its first lines. */
static int ref_evidence(const ln_t *l)
{
	const char *s = l->s;
	size_t n = l->n;
	for (size_t i = 0; i + 4 <= n; i++) {
		if ((s[i] == '1' && s[i + 1] >= '4' && s[i + 1] <= '9') ||
		    (s[i] == '2' && s[i + 1] == '0')) {
			if (isdigit((unsigned char)s[i + 2]) && isdigit((unsigned char)s[i + 3]) &&
			    (i == 0 || !isdigit((unsigned char)s[i - 1])) &&
			    (i + 4 == n || !isdigit((unsigned char)s[i + 4])))
				return 1;
		}
	}
	/* a page range, "39–61" or "39-61" */
	for (size_t i = 1; i + 1 < n; i++) {
		size_t w = s[i] == '-' ? 1
			   : i + 3 < n && !memcmp(s + i, "\xE2\x80\x93", 3) ? 3 : 0;
		if (w && isdigit((unsigned char)s[i - 1]) &&
		    isdigit((unsigned char)s[i + w]))
			return 1;
	}
	return memmem(s, n, "n.d.", 4) || memmem(s, n, "doi", 3) || memmem(s, n, "http", 4) ||
	       memmem(s, n, "www.", 4);
}

/* How many ASCII letters line l has (a heading has some; "63 – 74", the
 * rest of a page range broken off, has none). */
static size_t letters(const ln_t *l)
{
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++)
		k += isalpha((unsigned char)l->s[i]) != 0;
	return k;
}

/* The digits (at most 4) that open line l, alone or after "[" or "(":
 * their value into *v and the bracket that must close them into *close
 * (0: none); the index after the digits, 0 when there are none. */
static size_t label_digits(const ln_t *l, long *v, char *close)
{
	const char *s = l->s;
	size_t n = l->n, i = 0;
	*close = 0;
	*v = 0;
	if (n > 0 && (s[0] == '[' || s[0] == '('))
		*close = s[i++] == '[' ? ']' : ')';
	size_t d = i;
	while (i < n && i - d < 4 && isdigit((unsigned char)s[i]))
		*v = *v * 10 + (s[i++] - '0');
	return i == d ? 0 : i;
}

/* A line that is only a number ("5", "12.", "[3]", "(4)"): in a
 * bibliography the label of the entry below it, set on a line of its own
 * by the extraction. */
static int bare_number(const ln_t *l)
{
	long v;
	char close;
	size_t i = label_digits(l, &v, &close), n = l->n;
	if (i == 0)
		return 0;
	if (close ? i < n && l->s[i] == close : i < n && l->s[i] == '.')
		i++;
	else if (close)
		return 0;
	while (i < n && l->s[i] == ' ')
		i++;
	return i == n;
}

/* The number that labels an entry ("[12]", "(12)", "12.", "12)", "12 "),
 * or -1. */
static long entry_number(const ln_t *l)
{
	long v;
	char close;
	size_t i = label_digits(l, &v, &close), n = l->n;
	if (i == 0)
		return -1;
	if (close)
		return i < n && l->s[i] == close ? v : -1;
	const char *s = l->s;
	return i == n || s[i] == '.' || s[i] == ' ' || s[i] == ')' ? v : -1;
}

/* Does line l open with an entry's number: a bare "15." or "[15]" on its
 * own line, or one in front of an entry's text?  (A bare "15" is as likely
 * a page number or a table's cell.) */
static int entry_label(const ln_t *l)
{
	if (entry_number(l) < 0)
		return 0;
	return bare_number(l) ? !isdigit((unsigned char)l->s[l->n - 1])
			      : bib_looks_like_entry_start(l->s, l->n);
}

/* The first ASCII letter of a line, in upper case (0: none in front). */
static int initial(const ln_t *l)
{
	size_t i = 0;
	while (i < l->n && !isalpha((unsigned char)l->s[i]) && i < 4)
		i++;
	return i < l->n && isalpha((unsigned char)l->s[i]) ? toupper((unsigned char)l->s[i]) : 0;
}

/*
 * The list resumes after a float at line j, its next number; when the
 * number's own line was lost (read as a page number, "[5]") the entry
 * under it opens a little before: the first entry-shaped line among the
 * 6 kept lines above j (after the caption at `cap`) with a year, a DOI or
 * a URL on it or below it.
 */
static size_t back_to_start(const lines_t *L, size_t cap, size_t j)
{
	size_t seen = 0, start = j;
	int dated = 0;
	for (size_t q = j; q > cap + 1 && seen < 6;) {
		q--;
		if (!kept(&L->v[q]))
			continue;
		seen++;
		dated |= ref_evidence(&L->v[q]);
		if (dated && bib_looks_like_entry_start(L->v[q].s, L->v[q].n))
			start = q;
	}
	return start;
}

/*
 * A caption at line `cap` inside a bibliography (lines up to `to`): is it a
 * float set among the entries, with the list going on after it?  It is when,
 * within the next 40 kept lines, a numbered list goes on with one of the
 * next five numbers after `last` (the number of the last entry before the
 * caption), or an unnumbered one with two entry starts that carry a year,
 * a DOI or a URL (on their line or the two after it) and keep the
 * alphabetical order after the last entry's initial `ini`.  Floats in a
 * row (one caption after another) count from the last.  Returns the line
 * the list resumes at, or 0 when the caption starts what follows the list
 * (a table, the figures at the end).  Bounded: at most 400 kept lines a
 * call, and the caller goes on from the line returned.
 */
static size_t bib_resumes(const lines_t *L, size_t cap, size_t to, long last, int ini)
{
	size_t seen = 0, first = 0, total = 0;
	int starts = 0;
	for (size_t j = cap + 1; j < to && seen < 40 && total < 400; j++) {
		const ln_t *l = &L->v[j];
		if (!kept(l))
			continue;
		total++;
		/* floats in a row: the 40 lines count from the last caption */
		seen = caption_start(l->s, l->n) || box_start(l->s, l->n) ? 0 : seen + 1;
		if (last >= 0) {
			long v = entry_number(l);
			if (v > last && v <= last + 5 && entry_label(l))
				return back_to_start(L, cap, j);
		}
		if (!ini)
			continue;
		if (!bib_looks_like_entry_start(l->s, l->n) || initial(l) < ini || !initial(l))
			continue;
		int dated = ref_evidence(l), more = 2;
		for (size_t nx = j + 1; nx < to && more > 0 && !dated; nx++)
			if (kept(&L->v[nx])) {
				dated = ref_evidence(&L->v[nx]);
				more--;
			}
		if (!dated)
			continue;
		ini = initial(l);
		if (starts++ == 0)
			first = j;
		else
			return first;
	}
	return 0;
}

/*
 * With no heading and no trailing run (tables, figures or an appendix set
 * after the list): the first line of the last numbered list of entries in
 * lines [from, to), or `to` when there is none.  A list opens at an entry
 * labelled 1 ("[1] D. Schmidt", "1. Okafor", a bare "1." over its entry)
 * and goes on while the next number comes within 40 kept lines; it counts
 * when it has at least 5 entries and 2 in 3 of them carry a year, a page
 * range, a DOI or a URL on their label's line or the two after it (a
 * numbered list in the body rarely does; preprint numbers,
 * "cond-mat/0402400", have none).  One pass, linear.
 */
static size_t numbered_run(const lines_t *L, size_t from, size_t to)
{
	size_t best = to, start = to, count = 0, dated = 0, gap = 0;
	long expect = 0;
	int pend = 0; /* lines left to find the last entry's evidence in */
	for (size_t i = from; i <= to; i++) {
		const ln_t *l = i < to ? &L->v[i] : NULL;
		if (l && !kept(l))
			continue;
		long v = l && entry_label(l) ? entry_number(l) : -1;
		if (!l || v == 1 || (start < to && v != expect && ++gap > 40)) {
			/* the list so far ends: keep it if it counts */
			if (start < to && count >= 5 && dated * 3 >= count * 2)
				best = start;
			start = to;
			if (!l)
				break;
		}
		if (v == 1) {
			start = i;
			count = dated = gap = 0;
			expect = 1;
			pend = 0;
		}
		if (start == to)
			continue;
		if (v == expect) {
			count++;
			expect++;
			gap = 0;
			pend = 3;
		}
		if (pend > 0) {
			pend--;
			if (ref_evidence(l)) {
				dated++;
				pend = 0;
			}
		}
	}
	return best;
}

/* Does the numbered list go on with one of the next five numbers after
 * `last` within the 3 kept lines after line i?  Then a line like a
 * lettered heading at i ("J. Solid State Chem. 51 266") is the rest of
 * the entry before. */
static int next_number_near(const lines_t *L, size_t i, size_t to, long last)
{
	size_t seen = 0;
	for (size_t j = i + 1; j < to && seen < 3; j++) {
		const ln_t *l = &L->v[j];
		if (!kept(l))
			continue;
		seen++;
		long v = entry_number(l);
		if (v > last && v <= last + 5 && entry_label(l))
			return 1;
	}
	return 0;
}

/* Appends the span [first, end) to the pairs *v[0..*n) (arena memory,
 * grown by doubling); d->failed when out of memory. */
static void add_span(doc_t *d, size_t **v, size_t *n, size_t *cap, size_t first,
		     size_t end)
{
	if (*n + 2 > *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		size_t *nv = quire_arena_alloc(d->a, nc * sizeof *nv);
		if (!nv) {
			d->failed = 1;
			return;
		}
		if (*n)
			memcpy(nv, *v, *n * sizeof *nv);
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = first;
	(*v)[(*n)++] = end;
}

/* Notes lines [first, end) as a float inside the bibliography. */
static void add_hole(doc_t *d, size_t first, size_t end)
{
	add_span(d, &d->holes, &d->nholes, &d->capholes, first, end);
}

/*
 * The line where a bibliography's entries stop, in lines [from, to): a
 * heading that is not one of its sub-sections (an appendix, back matter
 * such as "Funding" or "Competing interests"), the caption of a table or
 * figure or a publisher's box (box_start) after which the list does not go
 * on (bib_resumes), or a run of more than 8 lines with no year, date, DOI
 * or URL in any of them and no entry start — prose, figures or tables
 * after the list (lines of under 4 bytes, the debris of a figure set
 * inside the list, are not counted).  `to` when the entries run to the
 * end.  A caption or box with the list going on after it is skipped with
 * its text, noted in d->holes (add_hole).
 */
static size_t bib_region_stop(doc_t *d, size_t from, size_t to)
{
	const lines_t *L = &d->L;
	size_t dry = 0, dry_start = to;
	/* the last entry's number, the initial of the last unnumbered one */
	long last = -1;
	int ini = 0, after_label = 0;
	int prev_done = 1; /* the kept line before does not run on */
	size_t nlabels = 0;
	size_t prev = to;
	for (size_t i = from; i < to; i++) {
		const ln_t *l = &L->v[i];
		if (!kept(l))
			continue;
		if (prev != to) {
			/* a line that runs on (",", ":", "-", a lower-case word)
			 * is followed by its continuation, never by a heading */
			unsigned char e = last_significant(&L->v[prev]);
			prev_done = !(e == ',' || e == ';' || e == ':' || e == '-' || e == '&' ||
				      (e >= 'a' && e <= 'z'));
		}
		prev = i;
		if (i > from && (caption_start(l->s, l->n) || box_start(l->s, l->n))) {
			/* a list with a few numbers is numbered: its lines that
			 * look like unnumbered entries are wrapped text */
			size_t r = nlabels >= 3 ? bib_resumes(L, i, to, last, 0)
						: bib_resumes(L, i, to, -1, ini);
			if (!r)
				return dry ? dry_start : i;
			add_hole(d, i, r);
			i = r - 1;
			dry = 0;
			continue;
		}
		if (i > from && (is_back_matter(l->s, l->n) ||
				 (l->n < 60 && !bare_number(l) && letters(l) >= 3 &&
				  prev_done &&
				  head_numbered(l->s, l->n, &(size_t){0}, &(int){0}) &&
				  !bib_looks_like_entry_start(l->s, l->n) && !ref_evidence(l) &&
				  !bib_is_section(l->s, l->n) &&
				  !(nlabels >= 3 && next_number_near(L, i, to, last)))))
			return dry ? dry_start : i;
		int label = entry_label(l);
		if (label) {
			last = entry_number(l);
			nlabels++;
		} else if (bib_looks_like_entry_start(l->s, l->n) && !after_label) {
			ini = initial(l); /* an unnumbered entry, or a line like one */
		}
		after_label = label && bare_number(l);
		if (label || bib_looks_like_entry_start(l->s, l->n)) {
			dry = 0;
			continue;
		}
		if (ref_evidence(l)) {
			dry = 0;
			continue;
		}
		if (l->n < 4)
			continue; /* "N", "OH": the debris of a figure set in the list */
		if (dry++ == 0)
			dry_start = i;
		if (dry > 8)
			return dry_start;
	}
	return to;
}

/* Emits the bibliography made of chunks [c0, c1). */
static void emit_bib_region(doc_t *d, size_t c0, size_t c1, int notes)
{
	const char *section = NULL;
	size_t k = c0;
	while (k < c1) {
		const chunk_t *c = &d->ch[k];
		if (!c->group) {
			/* a run of plain chunks goes to bib_split whole */
			size_t e = k;
			while (e < c1 && !d->ch[e].group)
				e++;
			size_t to = e < d->nch ? d->ch[e].first : d->L.n;
			if (e == c1 && c1 < d->nch)
				to = d->ch[c1].first;
			emit_bib_lines(d, c->first, to, notes, &section);
			k = e;
			continue;
		}
		const ln_t *l = &d->L.v[c->first];
		if (c->hint == QUIRE_BLOCK_HEADING) {
			push_block(d, QUIRE_BLOCK_BIB_SECTION, 0, l->s, l->n, l->page);
			section = l->s;
		} else if (c->hint == QUIRE_BLOCK_NOTE) {
			/* a footnote the reader found (PDF, DOCX) stays a note */
			emit_group(d, c);
		} else if (c->hint == QUIRE_BLOCK_LIST_ITEM || c->hint == QUIRE_BLOCK_REFERENCE) {
			size_t len;
			const char *s = join_range(d, c->first, c->last, &len);
			pblock_t *b = s ? push_block(d, notes ? QUIRE_BLOCK_NOTE : QUIRE_BLOCK_REFERENCE,
						     0, s, len, l->page) : NULL;
			if (b)
				b->section = section;
		} else {
			emit_bib_lines(d, c->first, c->last + 1, notes, &section);
		}
		k++;
	}
}

/* Is line l one that running heads and banners are made of: 8 to 160
 * bytes, at least 3 letters, and two words or one of 12 bytes or more
 * ("www.angewandte.org"; a short word alone on a line, "Geobacter", is as
 * likely a wrapped name that recurs)? */
static int repeat_candidate(const ln_t *l)
{
	return kept(l) && l->n >= 8 && l->n <= 160 && letters(l) >= 3 &&
	       (l->n >= 12 || memchr(l->s, ' ', l->n) != NULL);
}

/*
 * Counts, once per document, how often the text of every candidate line
 * (repeat_candidate) occurs: d->seen_first[i] is the first line with line
 * i's text, d->times[that line] the count (UINT32_MAX: not a candidate).
 * An open-addressing table of line indices, one pass, 16 bytes a line.
 * Left NULL on a document too large for 32-bit line numbers or out of
 * memory: the test is then skipped.
 */
static void count_repeats(doc_t *d)
{
	const lines_t *L = &d->L;
	d->repeats_done = 1;
	if (L->n == 0 || L->n >= UINT32_MAX / 4)
		return;
	size_t cap = 16;
	while (cap < 2 * L->n)
		cap *= 2;
	uint32_t *slot = quire_arena_alloc(d->a, cap * sizeof *slot);
	uint32_t *first = quire_arena_alloc(d->a, L->n * sizeof *first);
	uint32_t *times = quire_arena_alloc(d->a, L->n * sizeof *times);
	if (!slot || !first || !times)
		return;
	memset(slot, 0xff, cap * sizeof *slot);
	for (size_t i = 0; i < L->n; i++) {
		const ln_t *l = &L->v[i];
		first[i] = UINT32_MAX;
		times[i] = 0;
		if (!repeat_candidate(l))
			continue;
		uint64_t h = 1469598103934665603ULL;
		for (size_t k = 0; k < l->n; k++)
			h = (h ^ (unsigned char)l->s[k]) * 1099511628211ULL;
		size_t at = (size_t)h & (cap - 1);
		while (slot[at] != UINT32_MAX) {
			const ln_t *o = &L->v[slot[at]];
			if (o->n == l->n && memcmp(o->s, l->s, l->n) == 0)
				break;
			at = (at + 1) & (cap - 1);
		}
		if (slot[at] == UINT32_MAX)
			slot[at] = (uint32_t)i;
		first[i] = slot[at];
		times[slot[at]]++;
	}
	d->seen_first = first;
	d->times = times;
}

/* Is line i inside a bibliography emitted before (binary search)? */
static int in_earlier_bib(const doc_t *d, size_t i)
{
	size_t lo = 0, hi = d->nbibs / 2;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->bibs[2 * mid + 1] <= i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->nbibs / 2 && d->bibs[2 * lo] <= i;
}

/* Notes lines [first, stop) as a bibliography emitted. */
static void add_bib(doc_t *d, size_t first, size_t stop)
{
	add_span(d, &d->bibs, &d->nbibs, &d->capbibs, first, stop);
}

/*
 * Text with no page breaks keeps a paper's running head or a preprint
 * server's banner on every page, and the furniture test (which needs the
 * pages) lets it through; in a bibliography it would be read as entries.
 * A line of lines [from, to) whose text occurs at least 3 times in the
 * document, the first time before `from` and outside an earlier
 * bibliography (a thesis repeats its references chapter by chapter), is
 * set as furniture.
 */
static void drop_repeats(doc_t *d, size_t from, size_t to)
{
	if (!d->repeats_done)
		count_repeats(d);
	if (!d->seen_first)
		return;
	for (size_t i = from; i < to; i++) {
		uint32_t f = d->seen_first[i];
		if (f != UINT32_MAX && f < from && d->times[f] >= 3 && !in_earlier_bib(d, f) &&
		    !d->L.v[i].group /* a reader's blocks have no page furniture */)
			d->L.v[i].furniture = 1;
	}
}

/*
 * The page-furniture test takes a label alone on its line ("[3]", "(3)",
 * "3.") for a page number; inside a bibliography, one that carries the
 * number after the last entry's is given back to the list.  One pass over
 * lines [from, to).
 */
static void restore_labels(doc_t *d, size_t from, size_t to)
{
	lines_t *L = &d->L;
	long last = -1;
	for (size_t i = from; i < to; i++) {
		ln_t *l = &L->v[i];
		if (l->blank || l->group)
			continue;
		if (l->furniture == 1 && last >= 0 && bare_number(l) && entry_label(l) &&
		    entry_number(l) == last + 1)
			l->furniture = 0;
		if (kept(l) && entry_label(l))
			last = entry_number(l);
	}
}

/*
 * Emits the bibliography in chunks [c0, e) up to where its entries visibly
 * stop (bib_region_stop: prose, tables, back matter after the list); a
 * chunk the stop falls in is cut there.  Returns the chunk the body goes
 * on from (its first lines consumed when it was cut).
 */
static size_t emit_bib_stopped(doc_t *d, size_t c0, size_t e, int notes)
{
	lines_t *L = &d->L;
	size_t to = e < d->nch ? d->ch[e].first : L->n;
	d->nholes = 0;
	if (c0 < e) {
		restore_labels(d, d->ch[c0].first, to);
		drop_repeats(d, d->ch[c0].first, to);
	}
	size_t stop = c0 < e ? bib_region_stop(d, d->ch[c0].first, to) : to;
	if (c0 < e)
		add_bib(d, d->ch[c0].first, stop);
	size_t j = c0;
	while (j < e && d->ch[j].last < stop)
		j++;
	int plain = 1;
	for (size_t k = c0; k <= j && k < e; k++)
		plain &= !d->ch[k].group;
	if (plain && d->nholes && c0 < e) {
		/* floats set among the entries stay where they are, as
		 * paragraphs between the entries before and after them */
		const char *section = NULL;
		size_t from = d->ch[c0].first;
		for (size_t h = 0; h < d->nholes; h += 2) {
			emit_bib_lines(d, from, d->holes[h], notes, &section);
			size_t first = SIZE_MAX, last = 0;
			for (size_t q = d->holes[h]; q < d->holes[h + 1]; q++) {
				if (!kept(&L->v[q]))
					continue;
				if (first == SIZE_MAX)
					first = q;
				last = q;
			}
			if (first != SIZE_MAX)
				emit_paragraphs(d, first, last, QUIRE_BLOCK_PARAGRAPH);
			from = d->holes[h + 1];
		}
		emit_bib_lines(d, from, stop, notes, &section);
	} else {
		emit_bib_region(d, c0, j, notes);
		if (j < e && d->ch[j].first < stop && !d->ch[j].group) {
			const char *section = NULL;
			emit_bib_lines(d, d->ch[j].first, stop, notes, &section);
		}
	}
	d->nholes = 0;
	if (j < e && d->ch[j].first < stop && !d->ch[j].group) {
		/* the chunk the stop falls in: its lines before the stop are
		 * consumed, the rest is body (counted again: lines were
		 * dropped or given back above) */
		size_t after = 0;
		for (size_t q = stop; q <= d->ch[j].last; q++)
			after += kept(&L->v[q]);
		d->ch[j].first = stop;
		d->ch[j].nlines = after;
		while (d->ch[j].first <= d->ch[j].last && !kept(&L->v[d->ch[j].first]))
			d->ch[j].first++;
		if (d->ch[j].nlines == 0)
			j++;
	}
	/* the plain chunks left to the body: counted again, and starting on
	 * a kept line */
	for (size_t k = j; k < e; k++) {
		chunk_t *c = &d->ch[k];
		if (c->group)
			continue;
		c->nlines = 0;
		for (size_t q = c->first; q <= c->last; q++)
			c->nlines += kept(&L->v[q]);
		while (c->nlines && !kept(&L->v[c->first]))
			c->first++;
		while (c->nlines && !kept(&L->v[c->last]))
			c->last--;
	}
	return j;
}

/* ---------------------------------------------------------------- */
/* Assembly                                                          */

static int parse_year(const char *s)
{
	if (!s)
		return 0;
	for (size_t i = 0; s[i]; i++) {
		if (isdigit((unsigned char)s[i]) && isdigit((unsigned char)s[i + 1]) &&
		    isdigit((unsigned char)s[i + 2]) && isdigit((unsigned char)s[i + 3]) &&
		    !isdigit((unsigned char)s[i + 4]) && (i == 0 || !isdigit((unsigned char)s[i - 1]))) {
			int y = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 +
				(s[i + 2] - '0') * 10 + (s[i + 3] - '0');
			if (y >= 1000 && y <= 2999)
				return y;
		}
	}
	return 0;
}

static int body_kind(quire_block_kind k)
{
	return k == QUIRE_BLOCK_PARAGRAPH || k == QUIRE_BLOCK_QUOTE ||
	       k == QUIRE_BLOCK_LIST_ITEM;
}

/* Builds the paper from the blocks: text, outline, references, counts. */
static quire_status assemble(doc_t *d, const quire_source *src,
			     const quire_options *o, quire_paper *p,
			     quire_error *err)
{
	buf_t b = BUF_INIT;
	quire_block *blocks = quire_arena_alloc(d->a, (d->nbl + 1) * sizeof *blocks);
	if (!blocks)
		return QUIRE_ENOMEM;
	size_t nout = 0, nrefs = 0, body_words = 0, sentences = 0, paragraphs = 0;
	size_t chars = 0, chars_ns = 0, words = 0, preview_words = 0;
	int min_level = 7;
	for (size_t i = 0; i < d->nbl; i++) {
		pblock_t *pb = &d->bl[i];
		if (pb->kind == QUIRE_BLOCK_HEADING || pb->kind == QUIRE_BLOCK_BIB_HEADING) {
			nout++;
			if (pb->level < min_level)
				min_level = pb->level;
		}
		if (pb->kind == QUIRE_BLOCK_REFERENCE || pb->kind == QUIRE_BLOCK_NOTE)
			nrefs++;
	}
	int shift = min_level <= 6 ? min_level - 1 : 0;
	quire_heading *outline = quire_arena_alloc(d->a, (nout + 1) * sizeof *outline);
	quire_reference *refs = quire_arena_alloc(d->a, (nrefs + 1) * sizeof *refs);
	if (!outline || !refs)
		return QUIRE_ENOMEM;
	nout = nrefs = 0;
	for (size_t i = 0; i < d->nbl; i++) {
		pblock_t *pb = &d->bl[i];
		quire_block *qb = &blocks[i];
		if (b.len)
			buf_append(&b, "\n\n", 2);
		qb->kind = pb->kind;
		qb->level = pb->level;
		if (pb->kind == QUIRE_BLOCK_HEADING || pb->kind == QUIRE_BLOCK_BIB_HEADING) {
			qb->level = pb->level - shift;
			if (qb->level < 1)
				qb->level = 1;
			outline[nout].level = qb->level;
			outline[nout].text = pb->text;
			nout++;
		}
		qb->off = b.len;
		qb->len = pb->len;
		qb->page = pb->page;
		buf_append(&b, pb->text, pb->len);
		size_t c, cns, bw, bs = 0;
		count_chars(pb->text, pb->len, &c, &cns);
		chars += c;
		chars_ns += cns;
		/* blocks are joined by white space, so the words of the text are
		 * the sum of the blocks' words: one walk over each block */
		if (body_kind(pb->kind)) {
			bw = count_text(pb->text, pb->len, &bs);
			body_words += bw;
			sentences += bs;
			paragraphs++;
		} else {
			bw = quire_count_words(pb->text, pb->len);
		}
		words += bw;
		if (pb->kind != QUIRE_BLOCK_TITLE && pb->kind != QUIRE_BLOCK_BYLINE)
			preview_words += bw;
		if (pb->kind == QUIRE_BLOCK_REFERENCE || pb->kind == QUIRE_BLOCK_NOTE) {
			refs[nrefs].text = pb->text;
			refs[nrefs].section = pb->section;
			refs[nrefs].is_note = pb->kind == QUIRE_BLOCK_NOTE;
			nrefs++;
		}
	}
	if (buf_failed(&b)) {
		buf_free(&b);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory assembling the text");
	}
	p->text = buf_to_arena(&b, d->a);
	p->text_len = b.len;
	buf_free(&b);
	if (!p->text)
		return QUIRE_ENOMEM;
	p->blocks = blocks;
	p->n_blocks = d->nbl;
	p->outline = outline;
	p->n_outline = nout;
	p->refs = refs;
	p->n_refs = nrefs;

	quire_counts *k = &p->counts;
	k->words = words;
	if (k->words == 0)
		return quire_error_set(err, QUIRE_EINPUT, "no text found (the file holds no words)");
	k->body_words = body_words;
	k->chars = chars;
	k->chars_no_space = chars_ns;
	k->paragraphs = paragraphs;
	k->sentences = sentences;
	k->references = nrefs;
	unsigned wpm = o->reading_wpm ? o->reading_wpm : 230;
	k->reading_minutes = (unsigned)((body_words + wpm - 1) / wpm);
	unsigned pages = quire_source_pages(src);
	if (!pages && d->L.n)
		pages = d->L.v[d->L.n - 1].page;
	if (pages) {
		k->pages = pages;
		k->pages_estimated = 0;
	} else {
		unsigned wpp = o->words_per_page ? o->words_per_page : 500;
		k->pages = (unsigned)((k->words + wpp - 1) / wpp);
		k->pages_estimated = 1;
	}
	size_t off = p->text_len;
	for (size_t i = 0; i < p->n_blocks; i++)
		if (p->blocks[i].kind != QUIRE_BLOCK_TITLE && p->blocks[i].kind != QUIRE_BLOCK_BYLINE) {
			off = p->blocks[i].off;
			break;
		}
	return prev_make(p->text + off, p->text_len - off, preview_words, words, o,
			 d->a, &p->preview);
}

quire_status quire_analyze(const quire_source *src, const quire_options *opt,
			   quire_arena *a, quire_paper **out, quire_error *err)
{
	quire_options o = opt ? *opt : quire_options_default();
	doc_t d;
	memset(&d, 0, sizeof d);
	d.a = a;
	d.L.a = a;
	*out = NULL;
	quire_status rc = norm_source(src, &d.L, err);
	if (rc)
		return rc;
	furn_mark(&d.L);
	for (size_t i = 0; i < d.L.n; i++)
		if (d.L.v[i].dup_title)
			d.L.v[i].furniture = 1;
	/* the vocabulary only serves dehyphenation: build it only when some
	 * line ends with a hyphen (most born-digital text has none) */
	int hyphens = 0;
	for (size_t i = 0; i < d.L.n && !hyphens; i++) {
		const ln_t *l = &d.L.v[i];
		hyphens = l->n && (l->s[l->n - 1] == '-' ||
				   (l->n >= 3 && memcmp(l->s + l->n - 3, "\xE2\x80\x90", 3) == 0));
	}
	if (hyphens && !(d.voc = vocab_build(&d.L)))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	if (make_chunks(&d))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	if (split_bib_headings(&d))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	d.base_indent = find_base_indent(&d.L);

	quire_paper *p = quire_arena_alloc(a, sizeof *p);
	if (!p)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	memset(p, 0, sizeof *p);
	p->format = quire_source_format(src) ? quire_source_format(src) : "text";
	p->encoding = quire_source_encoding(src) ? quire_source_encoding(src) : "UTF-8";
	p->date = quire_source_date(src);
	p->year = parse_year(p->date);
	size_t nrem = quire_source_n_remarks(src);
	const char **rem = quire_arena_alloc(a, (nrem + 1) * sizeof *rem);
	if (!rem)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	for (size_t i = 0; i < nrem; i++)
		rem[i] = quire_source_remark(src, i);
	p->remarks = rem;
	p->n_remarks = nrem;

	/* title: metadata, else a title-shaped first chunk, else the first heading */
	size_t k = 0;
	const char *meta_title = quire_source_title(src);
	p->title = "";
	size_t byline_line = 0; /* a byline inside the first chunk (0: none) */
	if (d.nch > 0 && !d.ch[0].group) {
		chunk_t *c = &d.ch[0];
		for (size_t j = c->first + 1; j <= c->last; j++) {
			const ln_t *l = &d.L.v[j];
			if (kept(l) && byline_prefix(l->s, l->n)) {
				byline_line = j;
				break;
			}
		}
		if (byline_line) {
			/* the title is the lines above; the byline and what follows is the next chunk */
			chunk_t rest = *c;
			size_t above = 0;
			for (size_t j = c->first; j < byline_line; j++)
				above += kept(&d.L.v[j]);
			rest.first = byline_line;
			rest.nlines = c->nlines - above;
			c->last = byline_line - 1;
			c->nlines = above;
			chunk_t *v = quire_arena_alloc(a, (d.nch + 1) * sizeof *v);
			if (!v)
				return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
			v[0] = *c;
			v[1] = rest;
			memcpy(v + 2, d.ch + 1, (d.nch - 1) * sizeof *v);
			d.ch = v;
			d.nch++;
		}
	}
	if (d.nch > 0) {
		chunk_t *c = &d.ch[0];
		size_t len;
		const char *first = join_range(&d, c->first, c->last, &len);
		if (first && meta_title && same_words(first, len, meta_title, strlen(meta_title))) {
			push_block(&d, QUIRE_BLOCK_TITLE, 0, first, len, d.L.v[c->first].page);
			k = 1;
		} else if (first && !meta_title && title_shaped(&d, c)) {
			int notes;
			if (!chunk_is_bib_heading(&d, c, &notes)) {
				push_block(&d, QUIRE_BLOCK_TITLE, 0, first, len, d.L.v[c->first].page);
				p->title = first;
				k = 1;
			}
		}
	}
	if (meta_title)
		p->title = meta_title;
	/* byline */
	size_t nauth = quire_source_n_authors(src);
	if (nauth) {
		const char **v = quire_arena_alloc(a, nauth * sizeof *v);
		if (!v)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		for (size_t i = 0; i < nauth; i++)
			v[i] = quire_source_author(src, i);
		p->authors = v;
		p->n_authors = nauth;
	}
	if (k == 1 && k < d.nch &&
	    (!d.ch[k].group || d.ch[k].hint == QUIRE_BLOCK_PARAGRAPH ||
	     d.ch[k].hint == QUIRE_BLOCK_NONE)) {
		chunk_t *c = &d.ch[k];
		const ln_t *l = &d.L.v[c->first];
		size_t m = byline_prefix(l->s, l->n);
		if (m) {
			push_block(&d, QUIRE_BLOCK_BYLINE, 0, l->s, l->n, l->page);
			if (!nauth) {
				const char **v = NULL;
				size_t nv = 0;
				parse_authors(&d, l->s + m, l->n - m, &v, &nv);
				p->authors = v;
				p->n_authors = nv;
			}
			if (c->nlines == 1) {
				k++;
			} else {
				/* lines under the byline (an affiliation, the text) stay */
				size_t j = c->first + 1;
				while (j <= c->last && !kept(&d.L.v[j]))
					j++;
				c->first = j;
				c->nlines--;
			}
		}
	}

	/* where the bibliography is: a heading, else a trailing run */
	int any_bib_heading = 0;
	for (size_t i = k; i < d.nch && !any_bib_heading; i++) {
		int notes;
		any_bib_heading = chunk_is_bib_heading(&d, &d.ch[i], &notes);
	}
	size_t trailing_chunk = d.nch;
	if (!any_bib_heading && k < d.nch) {
		size_t t = bib_find_trailing(&d.L, d.ch[k].first, d.L.n);
		if (t == d.L.n)
			t = numbered_run(&d.L, d.ch[k].first, d.L.n);
		if (t < d.L.n) {
			for (size_t i = k; i < d.nch; i++) {
				if (d.ch[i].last < t)
					continue;
				if (d.ch[i].first < t) {
					/* the run starts inside this chunk: cut it */
					size_t before = 0;
					for (size_t j = d.ch[i].first; j < t; j++)
						before += kept(&d.L.v[j]);
					chunk_t tailc = d.ch[i];
					tailc.first = t;
					tailc.nlines -= before;
					d.ch[i].last = t - 1;
					d.ch[i].nlines = before;
					emit_plain(&d, d.ch[i].first, d.ch[i].last, before);
					d.ch[i] = tailc;
				}
				trailing_chunk = i;
				break;
			}
		}
	}

	for (size_t i = k; i < d.nch && !d.failed;) {
		chunk_t *c = &d.ch[i];
		int notes = 0;
		if (i == trailing_chunk) {
			trailing_chunk = SIZE_MAX;
			i = emit_bib_stopped(&d, i, d.nch, 0);
			continue;
		}
		if (chunk_is_bib_heading(&d, c, &notes)) {
			const ln_t *l = &d.L.v[c->first];
			head_ctx hc = {1, 0, 0};
			int level = c->group ? c->level : head_level(l->s, l->n, &hc);
			push_block(&d, QUIRE_BLOCK_BIB_HEADING, level > 0 ? level : 1, l->s, l->n, l->page);
			size_t e = i + 1;
			while (e < d.nch && !chunk_ends_bib(&d, &d.ch[e]))
				e++;
			i = emit_bib_stopped(&d, i + 1, e, notes);
			continue;
		}
		if (c->group)
			emit_group(&d, c);
		else if (c->nlines > 0)
			emit_plain(&d, c->first, c->last, c->nlines);
		i++;
	}
	if (d.failed || quire_arena_failed(a))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory analysing the text");
	if (!*p->title) {
		for (size_t i = 0; i < d.nbl; i++)
			if (d.bl[i].kind == QUIRE_BLOCK_HEADING) {
				p->title = d.bl[i].text;
				break;
			}
	}
	rc = assemble(&d, src, &o, p, err);
	if (rc) {
		if (err && err->code == QUIRE_OK)
			quire_error_set(err, rc, "%s", quire_status_str(rc));
		return rc;
	}
	*out = p;
	return QUIRE_OK;
}
