/*
 * eval_split.c — measures how well quire finds a paper's bibliography and
 * splits it into entries, on labelled documents in their native formats.
 *
 *   eval_split [-v] seg  FILE...   GROBID reference-segmenter TEI
 *   eval_split [-v] find FILE...   AnyStyle finder .ttx, GROBID segmentation TEI
 *   eval_split [-v] gen  FILE...   generated papers ("X|text" lines, splitscore.h)
 *
 * seg: the reference section's text is rebuilt with its original line
 * breaks (<lb/>), and bib_split() runs over those lines exactly as the
 * analysis runs it after a bibliography heading.  Each <bibl> start is a
 * gold boundary.  GROBID also cuts entries in the middle of a line
 * ("… (1990); F. J. Gilman …" holds two <bibl>, and some files have no
 * <lb/> at all).  The strict figure places both sides anywhere
 * (seg_exact: positions in the stream of letters and digits, so mid-line
 * boundaries count); the "line-start" figure takes a predicted boundary
 * as the first line of an entry and leaves the mid-line gold ones out.
 * Tags other than <lb/> are dropped; text between the <bibl> elements is
 * kept (it is the non-reference material of the section).
 *
 * find: the whole document goes through quire_analyze() (heading path and
 * trailing-run path together); a line is predicted "reference" when it ends
 * up inside a REFERENCE block (splitscore.h maps lines to blocks).  .ttx
 * gold is the `ref` label; a form feed opens a new page.  GROBID
 * segmentation TEI gold is the <listBibl> zone (a line belongs to the zone
 * holding most of its characters).
 *
 * gen: both figures on the generated papers (tools/make_refs_papers.sh).
 *
 * Prints precision, recall and F1 per file with -v and micro-averaged over
 * all files.  -vv lists the misses: for seg each strict one (xFN: a gold
 * entry's opening no predicted entry starts at; xFP: a predicted entry's
 * opening that starts no gold one; -vvv adds the line-start misses), for
 * find and gen each line found wrongly (F+/F-) or split wrongly (S+/S-).  Exit status 0 (1 on unreadable input).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "bib.h"
#include "join.h"
#include "lines.h"
#include "norm.h"
#include "quire.h"
#include "splitscore.h"

static int verbose;

/* libxml2 reports every oddity of the data on stderr; the data is as it is. */
static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* ---- a growable text with line marks --------------------------------- */

typedef struct doc {
	char *t;          /* the text; lines separated by '\n' */
	size_t n, cap;
	size_t *bound;    /* gold entry starts (byte offsets) */
	size_t nb, capb;
	unsigned char *zone; /* per byte: 1 inside the gold reference zone */
	size_t capz;
} doc;

static void die(const char *m)
{
	fprintf(stderr, "eval_split: %s\n", m);
	exit(1);
}

static void doc_put(doc *d, const char *s, size_t n, int zone)
{
	if (d->n + n + 1 > d->cap) {
		while (d->n + n + 1 > d->cap)
			d->cap = d->cap ? d->cap * 2 : 4096;
		d->t = realloc(d->t, d->cap);
		d->zone = realloc(d->zone, d->cap);
		if (!d->t || !d->zone)
			die("out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		/* the XML's own line breaks are layout of the file, not text */
		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
		d->t[d->n] = c;
		d->zone[d->n++] = (unsigned char)zone;
	}
	d->t[d->n] = 0;
}

static void doc_nl(doc *d, int zone)
{
	doc_put(d, " ", 1, zone);
	d->t[d->n - 1] = '\n';
}

static void doc_bound(doc *d)
{
	if (d->nb == d->capb) {
		d->capb = d->capb ? d->capb * 2 : 256;
		d->bound = realloc(d->bound, d->capb * sizeof *d->bound);
		if (!d->bound)
			die("out of memory");
	}
	d->bound[d->nb++] = d->n;
}

/* Walks the TEI tree in document order without recursion. */
static void tei_walk(xmlNode *root, doc *d)
{
	xmlNode *nd = root->children;
	int zone_depth = 0; /* >0 inside <listBibl> */
	while (nd) {
		int enter = 0;
		if (nd->type == XML_TEXT_NODE || nd->type == XML_CDATA_SECTION_NODE) {
			const char *c = (const char *)nd->content;
			if (c)
				doc_put(d, c, strlen(c), zone_depth > 0);
		} else if (nd->type == XML_ELEMENT_NODE) {
			const char *nm = (const char *)nd->name;
			if (!strcmp(nm, "lb")) {
				doc_nl(d, zone_depth > 0);
			} else if (strcmp(nm, "teiHeader")) {
				if (!strcmp(nm, "bibl"))
					doc_bound(d);
				if (!strcmp(nm, "listBibl"))
					zone_depth++;
				enter = nd->children != NULL;
			}
		}
		if (enter) {
			nd = nd->children;
			continue;
		}
		while (nd && !nd->next && nd != root) {
			nd = nd->parent;
			if (nd && nd->type == XML_ELEMENT_NODE &&
			    !strcmp((const char *)nd->name, "listBibl"))
				zone_depth--;
		}
		if (!nd || nd == root)
			break;
		nd = nd->next;
	}
}

static int tei_load(const char *path, doc *d)
{
	xmlDoc *x = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!x)
		return -1;
	memset(d, 0, sizeof *d);
	doc_put(d, "", 0, 0);
	tei_walk(xmlDocGetRootElement(x), d);
	xmlFreeDoc(x);
	return 0;
}

static void doc_free(doc *d)
{
	free(d->t);
	free(d->bound);
	free(d->zone);
}

/* ---- the document's lines ------------------------------------------- */

typedef struct dlines {
	const char **s; /* NULL: a page break */
	size_t *n;
	size_t *off;    /* byte offset of the line in the doc's text */
	unsigned char *gold, *blank;
	size_t count;
} dlines;

static void dl_alloc(dlines *D, size_t max)
{
	D->s = calloc(max + 1, sizeof *D->s);
	D->n = calloc(max + 1, sizeof *D->n);
	D->off = calloc(max + 1, sizeof *D->off);
	D->gold = calloc(max + 1, 1);
	D->blank = calloc(max + 1, 1);
	D->count = 0;
	if (!D->s || !D->n || !D->off || !D->gold || !D->blank)
		die("out of memory");
}

static void dl_free(dlines *D)
{
	free(D->s);
	free(D->n);
	free(D->off);
	free(D->gold);
	free(D->blank);
}

static int all_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\f' && s[i] != '\r')
			return 0;
	return 1;
}

/* Cuts d's text at '\n'; gold from the zone marks (majority of the
 * line's non-space bytes). */
static void dl_from_doc(dlines *D, const doc *d)
{
	size_t lines = 1;
	for (size_t i = 0; i < d->n; i++)
		lines += d->t[i] == '\n';
	dl_alloc(D, lines);
	size_t b = 0;
	for (size_t i = 0; i <= d->n; i++) {
		if (i < d->n && d->t[i] != '\n')
			continue;
		size_t k = D->count++;
		size_t s = b, e = i;
		while (s < e && d->t[s] == ' ')
			s++;
		D->s[k] = d->t + s;
		D->n[k] = e - s;
		D->off[k] = b;
		D->blank[k] = (unsigned char)all_space(d->t + s, e - s);
		size_t in = 0, out = 0;
		for (size_t j = s; j < e; j++)
			if (d->t[j] != ' ')
				d->zone[j] ? in++ : out++;
		D->gold[k] = in > out;
		b = i + 1;
	}
}

/* ---- seg: bib_split over the lines of a reference section ----------- */

static ss_prf seg_all, seg_ls;
static size_t seg_files, seg_entries, seg_mid;

/* ASCII letters and digits, lowercased: the stream both sides of the
 * exact measure are placed in (spaces, hyphens, punctuation, ligatures and
 * dehyphenation cannot move a position in it). */
static int seg_key(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c
	       : c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : 0;
}

/* Strict boundaries wherever they fall, mid-line ones included: each gold
 * <bibl> start and each predicted entry's start as a position in the
 * section's stream of seg_key characters (a predicted entry is placed by
 * finding its first SEG_PROBE key characters forward of the entry before
 * it); a boundary is right when both sides have one at the same place. */
#define SEG_PROBE 24
static ss_prf seg_exact(const doc *d, const bib_item *items, size_t ni)
{
	ss_prf c = {0};
	char *S = malloc(d->n + 1);
	size_t *gpos = malloc((d->nb + 1) * sizeof *gpos);
	size_t *ppos = malloc((ni + 1) * sizeof *ppos);
	size_t *pitem = malloc((ni + 1) * sizeof *pitem);
	if (!S || !gpos || !ppos || !pitem)
		die("out of memory");
	size_t ns = 0, g = 0;
	for (size_t i = 0; i <= d->n; i++) {
		while (g < d->nb && d->bound[g] == i)
			gpos[g++] = ns;
		if (i < d->n && seg_key((unsigned char)d->t[i]))
			S[ns++] = (char)seg_key((unsigned char)d->t[i]);
	}
	size_t np = 0, from = 0;
	for (size_t i = 0; i < ni; i++) {
		if (items[i].is_section)
			continue;
		char key[SEG_PROBE];
		size_t nk = 0;
		for (size_t j = 0; j < items[i].len && nk < SEG_PROBE; j++)
			if (seg_key((unsigned char)items[i].text[j]))
				key[nk++] = (char)seg_key((unsigned char)items[i].text[j]);
		if (nk == 0 || from > ns)
			continue;
		const char *hit = memmem(S + from, ns - from, key, nk);
		if (!hit)
			continue;
		pitem[np] = i;
		ppos[np++] = (size_t)(hit - S);
		from = (size_t)(hit - S) + 1;
	}
	/* with -vv, each miss: FN the gold entry's opening, FP the
	 * predicted entry's opening */
	size_t a = 0, b = 0;
	while (a < g || b < np) {
		int tp = a < g && b < np && gpos[a] == ppos[b];
		int fn = !tp && a < g && (b >= np || gpos[a] < ppos[b]);
		if (tp) {
			c.tp++, a++, b++;
			continue;
		}
		if (verbose > 1) {
			const char *t = fn ? d->t + d->bound[a] : items[pitem[b]].text;
			size_t tn = fn ? strcspn(t, "\n") : items[pitem[b]].len;
			while (tn > 0 && *t == ' ')
				t++, tn--;
			/* a gold miss shows what precedes it on its line */
			size_t o = fn ? d->bound[a] : 0, bk = 0;
			while (fn && bk < 24 && o > bk && d->t[o - bk - 1] != '\n')
				bk++;
			printf("  %s %.*s|%.*s\n", fn ? "xFN" : "xFP", (int)bk,
			       fn ? d->t + o - bk : "", (int)(tn > 90 ? 90 : tn), t);
		}
		if (fn)
			c.fn++, a++;
		else
			c.fp++, b++;
	}
	free(pitem);
	free(S);
	free(gpos);
	free(ppos);
	return c;
}

static void eval_seg(const char *path)
{
	doc d;
	if (tei_load(path, &d)) {
		fprintf(stderr, "eval_split: cannot read %s\n", path);
		return;
	}
	dlines D;
	dl_from_doc(&D, &d);

	/* the gold: boundaries by line; mid-line ones apart */
	unsigned char *gb = calloc(D.count + 1, 1);
	if (!gb)
		die("out of memory");
	size_t mid = 0, ln = 0;
	for (size_t k = 0; k < d.nb; k++) {
		size_t o = d.bound[k];
		while (ln + 1 < D.count && D.off[ln + 1] <= o)
			ln++;
		if (all_space(d.t + D.off[ln], o - D.off[ln]))
			gb[ln] = 1;
		else
			mid++;
	}

	quire_arena *a = quire_arena_new(0);
	lines_t L = {0};
	L.a = a;
	for (size_t i = 0; i < D.count; i++) {
		ln_t *l = lines_push(&L);
		if (!l)
			die("out of memory");
		size_t n;
		unsigned ind;
		char *s = norm_line(D.s[i], D.n[i], a, &n, &ind);
		if (!s)
			die("out of memory");
		l->s = s;
		l->n = n;
		l->indent = 0; /* the TEI keeps no indentation */
		l->blank = n == 0;
		l->page = (unsigned)i + 1; /* so each item says its first line */
	}
	vocab_t *voc = vocab_build(&L);
	bib_item *items;
	size_t ni;
	if (!voc || bib_split(&L, 0, L.n, voc, &items, &ni) != QUIRE_OK)
		die("bib_split failed");
	unsigned char *pb = calloc(D.count + 1, 1);
	if (!pb)
		die("out of memory");
	for (size_t i = 0; i < ni; i++)
		if (!items[i].is_section)
			pb[items[i].page - 1] = 1;

	ss_prf c = {0};
	for (size_t i = 0; i < D.count; i++) {
		c.tp += pb[i] && gb[i];
		c.fp += pb[i] && !gb[i];
		c.fn += !pb[i] && gb[i];
	}
	ss_add(&seg_ls, &c);
	if (verbose > 1)
		printf("# %s\n", path);
	ss_prf x = seg_exact(&d, items, ni);
	ss_add(&seg_all, &x);
	seg_files++;
	seg_entries += d.nb;
	seg_mid += mid;
	if (verbose) {
		printf("%-60s entries %4zu mid %3zu  P %.3f R %.3f F1 %.3f\n",
		       strrchr(path, '/') ? strrchr(path, '/') + 1 : path,
		       d.nb, mid, ss_p(&x), ss_r(&x), ss_f(&x));
		if (verbose > 2)
			for (size_t i = 0; i < D.count; i++)
				if (pb[i] != gb[i])
					printf("  %s %.*s\n", pb[i] ? "FP" : "FN",
					       (int)(D.n[i] > 100 ? 100 : D.n[i]), D.s[i]);
	}
	free(pb);
	free(gb);
	quire_arena_free(a);
	dl_free(&D);
	doc_free(&d);
}

/* ---- find and gen: the whole paper through quire_analyze ------------- */

static ss_prf find_all, gen_find, gen_split;

/* Analyses lines D (page breaks as NULL) and scores them. */
static void analyse_and_score(const char *path, const dlines *D, ss_prf *find,
			      ss_prf *split)
{
	quire_arena *a = quire_arena_new(0);
	quire_source *src = quire_source_new(a);
	if (!src)
		die("out of memory");
	quire_source_set_format(src, "text", "UTF-8");
	for (size_t i = 0; i < D->count; i++) {
		quire_status st = D->s[i] ? quire_source_add_line(src, D->s[i], D->n[i])
					  : quire_source_add_page_break(src);
		if (st)
			die("out of memory");
	}
	quire_paper *p;
	quire_error err;
	if (quire_analyze(src, NULL, a, &p, &err) != QUIRE_OK) {
		fprintf(stderr, "eval_split: %s: %s\n", path, err.msg);
		quire_arena_free(a);
		return;
	}
	long *blk = calloc(D->count + 1, sizeof *blk);
	if (!blk)
		die("out of memory");
	ss_map_lines(p, D->s, D->n, D->count, a, blk);
	ss_prf f, s;
	ss_score(p, blk, D->gold, D->blank, D->count, &f, &s);
	if (find)
		ss_add(find, &f);
	if (split)
		ss_add(split, &s);
	if (verbose) {
		printf("%-40s find P %.3f R %.3f F1 %.3f (%zu ref lines)",
		       strrchr(path, '/') ? strrchr(path, '/') + 1 : path,
		       ss_p(&f), ss_r(&f), ss_f(&f), f.tp + f.fn);
		if (split)
			printf("  split P %.3f R %.3f F1 %.3f (%zu entries)",
			       ss_p(&s), ss_r(&s), ss_f(&s), s.tp + s.fn);
		printf("\n");
		if (verbose > 1) {
			for (size_t i = 0; i < D->count; i++) {
				if (!D->s[i] || D->blank[i])
					continue;
				int pref = blk[i] >= 0 &&
					   p->blocks[blk[i]].kind == QUIRE_BLOCK_REFERENCE;
				int pbeg = pref && (i == 0 || blk[i] != blk[i - 1]);
				for (size_t j = i; pref && j > 0; j--)
					if (blk[j - 1] >= 0) {
						pbeg = blk[j - 1] != blk[i];
						break;
					}
				int gref = D->gold[i] != 0, gbeg = D->gold[i] == 2;
				const char *tag = pref != gref ? (pref ? "F+" : "F-")
						  : split && pbeg != gbeg ? (pbeg ? "S+" : "S-") : NULL;
				if (tag)
					printf("  %s %.*s\n", tag,
					       (int)(D->n[i] > 100 ? 100 : D->n[i]), D->s[i]);
			}
		}
	}
	free(blk);
	quire_arena_free(a);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *b = malloc(cap);
	size_t r;
	while (b && (r = fread(b + len, 1, cap - len - 1, f)) > 0) {
		len += r;
		if (cap - len < 2) {
			cap *= 2;
			char *nb = realloc(b, cap);
			if (!nb) {
				free(b);
				b = NULL;
			}
			b = nb;
		}
	}
	fclose(f);
	if (!b)
		die("out of memory");
	b[len] = 0;
	*n = len;
	return b;
}

/* "label | text" (.ttx) or "X|text" (generated): the label part, then the
 * text.  ttx labels stand on a block's first line only. */
static void eval_labelled(const char *path, int ttx)
{
	size_t n;
	char *b = slurp(path, &n);
	if (!b) {
		fprintf(stderr, "eval_split: cannot read %s\n", path);
		return;
	}
	size_t lines = 2;
	for (size_t i = 0; i < n; i++)
		lines += b[i] == '\n' || b[i] == '\f';
	dlines D;
	dl_alloc(&D, lines);
	int cur = 0;
	char *p = b;
	while (p < b + n) {
		char *e = memchr(p, '\n', (size_t)(b + n - p));
		if (!e)
			e = b + n;
		*e = 0;
		char *bar = strchr(p, '|');
		if (bar) {
			char *t = bar + 1;
			int g = 0;
			if (ttx) {
				if (*t == ' ')
					t++;
				char *q = p;
				while (q < bar && *q == ' ')
					q++;
				if (q < bar) {
					cur = !strncmp(q, "ref", 3) && (q[3] == ' ' || q + 3 == bar);
				}
				g = cur;
				if (*t == '\f') {
					D.s[D.count++] = NULL;
					t++;
				}
			} else {
				if (*p == 'P') {
					D.s[D.count++] = NULL;
					p = e + 1;
					continue;
				}
				g = *p == 'B' ? 2 : *p == 'I' ? 1 : 0;
			}
			size_t k = D.count++;
			D.s[k] = t;
			D.n[k] = (size_t)(e - t);
			D.gold[k] = (unsigned char)g;
			D.blank[k] = (unsigned char)all_space(t, D.n[k]);
		}
		p = e + 1;
	}
	if (ttx)
		analyse_and_score(path, &D, &find_all, NULL);
	else
		analyse_and_score(path, &D, &gen_find, &gen_split);
	dl_free(&D);
	free(b);
}

static void eval_find_tei(const char *path)
{
	doc d;
	if (tei_load(path, &d)) {
		fprintf(stderr, "eval_split: cannot read %s\n", path);
		return;
	}
	dlines D;
	dl_from_doc(&D, &d);
	analyse_and_score(path, &D, &find_all, NULL);
	dl_free(&D);
	doc_free(&d);
}

static void report(const char *what, const ss_prf *c)
{
	printf("%-34s P %.4f  R %.4f  F1 %.4f  (tp %zu fp %zu fn %zu)\n", what,
	       ss_p(c), ss_r(c), ss_f(c), c->tp, c->fp, c->fn);
}

int main(int argc, char **argv)
{
	int i = 1;
	while (i < argc && !strncmp(argv[i], "-v", 2)) {
		verbose += (int)strlen(argv[i]) - 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: eval_split [-v] seg|find|gen FILE...\n");
		return 2;
	}
	const char *mode = argv[i++];
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
	for (; i < argc; i++) {
		const char *f = argv[i];
		size_t fl = strlen(f);
		if (!strcmp(mode, "seg"))
			eval_seg(f);
		else if (!strcmp(mode, "find") && fl > 4 && !strcmp(f + fl - 4, ".ttx"))
			eval_labelled(f, 1);
		else if (!strcmp(mode, "find"))
			eval_find_tei(f);
		else if (!strcmp(mode, "gen"))
			eval_labelled(f, 0);
		else {
			fprintf(stderr, "eval_split: unknown mode %s\n", mode);
			return 2;
		}
	}
	if (!strcmp(mode, "seg")) {
		printf("files %zu, entries %zu, of which %zu start mid-line\n",
		       seg_files, seg_entries, seg_mid);
		report("boundaries (strict, anywhere)", &seg_all);
		report("boundaries (line starts only)", &seg_ls);
	} else if (!strcmp(mode, "find")) {
		report("reference lines", &find_all);
	} else {
		report("reference lines", &gen_find);
		report("entry boundaries", &gen_split);
	}
	xmlCleanupParser();
	return 0;
}
