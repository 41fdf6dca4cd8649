/*
 * refs_data.c — readers for the annotated reference datasets (refs_data.h).
 *
 * Each reader builds the reference string character by character with a
 * label per byte (the text of an element gets the element's label, text
 * outside every element "other"), then cuts it into white-space words; a
 * word's gold label is the label covering most of its letters and digits
 * (punctuation-only words: most bytes) — the README's rule for tokens
 * GROBID splits between fields.  Segments of AnyStyle XML, ParsCit tags
 * and CoNLL tokens are always separated by a space.
 *
 * THE LABEL TABLE (also in docs/REFERENCES.md):
 *
 *   AnyStyle: author, editor, translator, title, container-title,
 *     collection-title, edition, volume, pages, publisher, date, note, url,
 *     doi, isbn, genre as themselves; journal -> container-title;
 *     location -> place; medium -> genre; source, dataset -> note;
 *     director, producer -> author; citation-number -> other.
 *   GROBID TEI: author, editor, date, publisher (and the typo publishe),
 *     note as themselves; orgName type="collaboration" -> author, other
 *     orgName -> publisher; title level="a" -> title, level="j" ->
 *     container-title, level="m" -> container-title when the entry has a
 *     level="a" title else title, level="s" -> collection-title (no level:
 *     title); biblScope unit/type volume|vol -> volume, issue -> issue,
 *     page|pp|pages -> pages, others -> note; pubPlace/pubplace -> place;
 *     note type="report" -> genre; idno type DOI -> doi, ISBN -> isbn, other
 *     idno -> note; ptr -> url; page -> pages; <lb/> is a space.
 *   ParsCit / CORA: author, editor, title, volume, pages, date, publisher,
 *     note as themselves; booktitle, journal -> container-title;
 *     institution -> publisher; location -> place; tech -> genre; notes ->
 *     note; <br> dropped.
 *   LinkedBooks (column 2): author, title, publisher, volume, date as
 *     themselves; year -> date; publicationplace -> place; pagination,
 *     column, cartulation, foliation -> pages; tomo -> volume;
 *     publicationnumber-year -> issue; series -> collection-title;
 *     abbreviation (AA. VV.) -> author; publicationspecifications,
 *     archivalreference, archive_lib, filza, registry, box, folder,
 *     attachment, ref -> note; conjunction, numbered_ref, o -> other.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <utf8proc.h>

#include "refs_data.h"

/* realloc or exit: these are command-line tools. */
static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return q;
}

typedef struct sb {
	char *p;
	uint8_t *lab;
	size_t n, cap;
} sb;

static void sb_add(sb *b, const char *s, size_t n, ref_label l)
{
	if (b->n + n + 1 > b->cap) {
		size_t nc = (b->cap + n + 1) * 2;
		b->p = xrealloc(b->p, nc);
		b->lab = xrealloc(b->lab, nc);
		b->cap = nc;
	}
	memcpy(b->p + b->n, s, n);
	memset(b->lab + b->n, (int)l, n);
	b->n += n;
}

static int is_space_at(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)s[i];
	*len = 1;
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
		return 1;
	if (c < 0x80)
		return 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
	if (k <= 0)
		return 0;
	*len = (size_t)k;
	utf8proc_category_t cat = utf8proc_category(cp);
	return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	       cat == UTF8PROC_CATEGORY_ZP || cp == 0x85;
}

static int alnum_at(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)s[i];
	*len = 1;
	if (c < 0x80)
		return isalnum(c) != 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
	if (k <= 0)
		return 0;
	*len = (size_t)k;
	utf8proc_category_t cat = utf8proc_category(cp);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       cat == UTF8PROC_CATEGORY_ND;
}

/* Cuts b into words and appends the reference to s (nothing if empty). */
static void sb_finish(sb *b, rd_set *s, rd_kind kind)
{
	char *text = malloc(b->n + 1);
	uint8_t *gold = malloc(b->n + 1);
	size_t tn = 0, nw = 0, i = 0;
	while (i < b->n) {
		size_t l;
		if (is_space_at(b->p, b->n, i, &l)) {
			i += l;
			continue;
		}
		size_t e = i;
		while (e < b->n && !is_space_at(b->p, b->n, e, &l))
			e += l;
		size_t vl[REF_N_LABELS] = {0}, vb[REF_N_LABELS] = {0};
		for (size_t j = i; j < e;) {
			int a = alnum_at(b->p, b->n, j, &l);
			for (size_t k = 0; k < l && j + k < e; k++) {
				vb[b->lab[j + k]]++;
			}
			if (a)
				vl[b->lab[j]]++;
			j += l;
		}
		int best = b->lab[i];
		for (int k = 0; k < REF_N_LABELS; k++)
			if (vl[k] > vl[best] || (vl[k] == vl[best] && vb[k] > vb[best]))
				best = k;
		if (tn)
			text[tn++] = ' ';
		memcpy(text + tn, b->p + i, e - i);
		tn += e - i;
		gold[nw++] = (uint8_t)best;
		i = e;
	}
	b->n = 0;
	if (nw == 0) {
		free(text);
		free(gold);
		return;
	}
	text[tn] = 0;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->r = xrealloc(s->r, s->cap * sizeof *s->r);
	}
	s->r[s->n++] = (rd_ref){text, tn, nw, gold, kind, rd_is_dev(text, tn), (int)s->nfiles - 1};
}

/* ---- the label table ---- */

struct map {
	const char *name;
	ref_label l;
};

static const struct map anystyle_map[] = {
	{"author", REF_AUTHOR}, {"editor", REF_EDITOR}, {"translator", REF_TRANSLATOR},
	{"title", REF_TITLE}, {"container-title", REF_CONTAINER}, {"journal", REF_CONTAINER},
	{"collection-title", REF_COLLECTION}, {"edition", REF_EDITION},
	{"volume", REF_VOLUME}, {"pages", REF_PAGES}, {"publisher", REF_PUBLISHER},
	{"location", REF_PLACE}, {"date", REF_DATE}, {"note", REF_NOTE}, {"url", REF_URL},
	{"doi", REF_DOI}, {"isbn", REF_ISBN}, {"genre", REF_GENRE}, {"medium", REF_GENRE},
	{"source", REF_NOTE}, {"dataset", REF_NOTE}, {"director", REF_AUTHOR},
	{"producer", REF_AUTHOR}, {"citation-number", REF_OTHER}, {NULL, REF_OTHER}};

static const struct map parscit_map[] = {
	{"author", REF_AUTHOR}, {"editor", REF_EDITOR}, {"title", REF_TITLE},
	{"booktitle", REF_CONTAINER}, {"journal", REF_CONTAINER}, {"volume", REF_VOLUME},
	{"pages", REF_PAGES}, {"date", REF_DATE}, {"institution", REF_PUBLISHER},
	{"location", REF_PLACE}, {"publisher", REF_PUBLISHER}, {"tech", REF_GENRE},
	{"note", REF_NOTE}, {"notes", REF_NOTE}, {NULL, REF_OTHER}};

static const struct map linkedbooks_map[] = {
	{"author", REF_AUTHOR}, {"title", REF_TITLE}, {"publisher", REF_PUBLISHER},
	{"volume", REF_VOLUME}, {"date", REF_DATE}, {"year", REF_DATE},
	{"publicationplace", REF_PLACE}, {"pagination", REF_PAGES}, {"column", REF_PAGES},
	{"cartulation", REF_PAGES}, {"foliation", REF_PAGES}, {"tomo", REF_VOLUME},
	{"publicationnumber-year", REF_ISSUE}, {"series", REF_COLLECTION},
	{"abbreviation", REF_AUTHOR}, {"publicationspecifications", REF_NOTE},
	{"archivalreference", REF_NOTE}, {"archive_lib", REF_NOTE}, {"filza", REF_NOTE},
	{"registry", REF_NOTE}, {"box", REF_NOTE}, {"folder", REF_NOTE},
	{"attachment", REF_NOTE}, {"ref", REF_NOTE}, {"conjunction", REF_OTHER},
	{"numbered_ref", REF_OTHER}, {"o", REF_OTHER}, {NULL, REF_OTHER}};

static int map_get(const struct map *m, const char *name, ref_label *out)
{
	for (; m->name; m++)
		if (strcmp(m->name, name) == 0) {
			*out = m->l;
			return 0;
		}
	return -1;
}

ref_label rd_coarse(rd_kind k, ref_label l)
{
	switch (k) {
	case RD_PARSCIT:
		/* no edition, url, doi, isbn or series label: the edition, a
		 * link and an identifier are notes there ("revised edition",
		 * "http://…" labelled note), a series the container
		 * ("Lecture Notes in Computer Science" labelled booktitle) */
		if (l == REF_EDITION || l == REF_URL || l == REF_DOI || l == REF_ISBN)
			return REF_NOTE;
		if (l == REF_COLLECTION)
			return REF_CONTAINER;
		/* fall through */
	case RD_ANYSTYLE:
		if (l == REF_ISSUE)
			return REF_VOLUME;
		if (l == REF_ACCESSED)
			return REF_NOTE;
		return l;
	case RD_LINKEDBOOKS:
		/* no editor or translator label: every name is an author
		 * ("Mario Rossi (a cura di)" is labelled author there) */
		if (l == REF_EDITOR || l == REF_TRANSLATOR)
			return REF_AUTHOR;
		/* fall through */
	case RD_GROBID:
		if (l == REF_ACCESSED || l == REF_EDITION)
			return REF_NOTE;
		return l;
	}
	return l;
}

/* ---- the keyword words between fields (rd_kw_*) ---- */

void rd_kw_norm(const char *w, size_t n, char *out, size_t cap)
{
	size_t a = 0, b = n, k = 0;
	while (a < b && strchr(",.;:()[]{}'\"«»", w[a]))
		a++;
	while (b > a && strchr(",.;:()[]{}'\"«»", w[b - 1]))
		b--;
	for (size_t i = a; i < b && k + 1 < cap; i++)
		out[k++] = (char)((w[i] >= 'A' && w[i] <= 'Z') ? w[i] + 32 : w[i]);
	out[k] = 0;
}

static int rd_kw_in(const char *k, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(k, *list))
			return 1;
	return 0;
}

unsigned rd_kw_opens(const char *k)
{
	static const char *const in[] = {"in", "dans", "im", "en", "i", 0};
	static const char *const pg[] = {"pages", "page", "pp", "p", "pg", "s", "ss", "pgs", 0};
	static const char *const vol[] = {"vol", "volume", "vols", "v", "bd", "jg", "tome", "t", "band", 0};
	static const char *const no[] = {"no", "nr", "number", "n", "issue", "heft", "h", "num", "n°", 0};
	static const char *const by[] = {"edited", "by", "ed", "eds", "hrsg", "hg", "translated", "trans", "transl", "tr", "von", 0};
	static const char *const doi[] = {"doi", 0};
	unsigned m = 0;
	if (rd_kw_in(k, in))
		m |= 1u << REF_CONTAINER | 1u << REF_EDITOR | 1u << REF_COLLECTION;
	if (rd_kw_in(k, pg))
		m |= 1u << REF_PAGES;
	if (rd_kw_in(k, vol))
		m |= 1u << REF_VOLUME;
	if (rd_kw_in(k, no))
		m |= 1u << REF_ISSUE | 1u << REF_VOLUME;
	if (rd_kw_in(k, by))
		m |= 1u << REF_EDITOR | 1u << REF_TRANSLATOR;
	if (rd_kw_in(k, doi))
		m |= 1u << REF_DOI;
	return m;
}

int rd_kw_closes_editor(const char *k)
{
	static const char *const eds[] = {"eds", "ed", "editors", "editor", "edd", "hrsg", "hg", "dir", "éd", "éds", 0};
	return rd_kw_in(k, eds);
}

size_t rd_words(const char *text, size_t len, const char **ws, size_t *wl, size_t max)
{
	size_t k = 0, i = 0;
	while (i < len && k < max) {
		while (i < len && text[i] == ' ')
			i++;
		size_t j = i;
		while (j < len && text[j] != ' ')
			j++;
		if (j > i) {
			ws[k] = text + i;
			wl[k++] = j - i;
		}
		i = j;
	}
	return k;
}

void rd_native_keywords(const rd_ref *r, uint8_t *pred)
{
	if (r->kind != RD_GROBID || r->nwords == 0)
		return;
	const char **ws = malloc(r->nwords * sizeof *ws);
	size_t *wl = malloc(r->nwords * sizeof *wl);
	if (!ws || !wl) {
		free(ws);
		free(wl);
		return;
	}
	size_t k = rd_words(r->text, r->len, ws, wl, r->nwords);
	char key[32];
	/* left to right: "edited by" and "In: pp." open runs word by word */
	for (size_t w = 0; w < k; w++) {
		uint8_t l = pred[w];
		if (l == REF_OTHER || (w > 0 && pred[w - 1] == l) || w + 1 >= k ||
		    pred[w + 1] != l)
			continue;
		rd_kw_norm(ws[w], wl[w], key, sizeof key);
		if (rd_kw_opens(key) >> l & 1u)
			pred[w] = REF_OTHER;
	}
	for (size_t w = 1; w < k; w++) {
		if (pred[w] != REF_EDITOR || pred[w - 1] != REF_EDITOR ||
		    (w + 1 < k && pred[w + 1] == REF_EDITOR))
			continue;
		rd_kw_norm(ws[w], wl[w], key, sizeof key);
		if (rd_kw_closes_editor(key))
			pred[w] = REF_OTHER;
	}
	free(ws);
	free(wl);
}

const char *rd_kind_name(rd_kind k)
{
	switch (k) {
	case RD_ANYSTYLE:
		return "anystyle";
	case RD_GROBID:
		return "grobid";
	case RD_PARSCIT:
		return "parscit";
	case RD_LINKEDBOOKS:
		return "linkedbooks";
	}
	return "?";
}

/* ---- the development split ---- */

int rd_is_dev(const char *text, size_t n)
{
	uint64_t h = rd_key_hash(text, n);
	if (h % 5 != 0)
		return 0;
	return (h / 5) % 2 == 0 ? 1 : 2;
}

int rd_fold(const char *text, size_t n, int folds)
{
	return folds > 0 ? (int)((rd_key_hash(text, n) >> 32) % (uint64_t)folds) : 0;
}

uint64_t rd_key_hash(const char *text, size_t n)
{
	utf8proc_uint8_t *norm = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)text, (utf8proc_ssize_t)n, &norm,
					  UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
						  UTF8PROC_CASEFOLD);
	const char *s = k >= 0 ? (const char *)norm : text;
	size_t sn = k >= 0 ? (size_t)k : n;
	size_t i = 0;
	while (i < sn && isspace((unsigned char)s[i]))
		i++;
	/* a leading "[12]" or "12." label */
	if (i < sn && s[i] == '[') {
		size_t j = i + 1;
		while (j < sn && isdigit((unsigned char)s[j]))
			j++;
		if (j > i + 1 && j < sn && s[j] == ']')
			i = j + 1;
	} else {
		size_t j = i;
		while (j < sn && isdigit((unsigned char)s[j]))
			j++;
		if (j > i && j < sn && s[j] == '.')
			i = j + 1;
	}
	uint64_t h = 0xcbf29ce484222325ULL;
	while (i < sn) {
		size_t l;
		if (alnum_at(s, sn, i, &l)) {
			for (size_t j = 0; j < l; j++) {
				h ^= (unsigned char)s[i + j];
				h *= 0x100000001b3ULL;
			}
		}
		i += l;
	}
	free(norm);
	return h;
}

/* ---- AnyStyle XML ---- */

static int read_anystyle(xmlDocPtr doc, rd_set *s, char *err, size_t errsz)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	sb b = {0};
	for (xmlNodePtr q = root ? root->children : NULL; q; q = q->next) {
		if (q->type != XML_ELEMENT_NODE || strcmp((const char *)q->name, "sequence") != 0)
			continue;
		for (xmlNodePtr e = q->children; e; e = e->next) {
			if (e->type != XML_ELEMENT_NODE)
				continue;
			ref_label l = REF_OTHER;
			if (map_get(anystyle_map, (const char *)e->name, &l) != 0) {
				snprintf(err, errsz, "unknown AnyStyle label <%s>", (const char *)e->name);
				free(b.p);
				free(b.lab);
				return -1;
			}
			xmlChar *t = xmlNodeGetContent(e);
			if (t) {
				sb_add(&b, (const char *)t, strlen((const char *)t), l);
				sb_add(&b, " ", 1, REF_OTHER);
				xmlFree(t);
			}
		}
		sb_finish(&b, s, RD_ANYSTYLE);
	}
	free(b.p);
	free(b.lab);
	return 0;
}

/* ---- GROBID TEI ---- */

static int attr_is(xmlNodePtr e, const char *name, const char *val)
{
	xmlChar *v = xmlGetProp(e, (const xmlChar *)name);
	int r = v && strcasecmp((const char *)v, val) == 0;
	xmlFree(v);
	return r;
}

static char *attr(xmlNodePtr e, const char *name)
{
	return (char *)xmlGetProp(e, (const xmlChar *)name);
}

static int grobid_label(xmlNodePtr e, int has_a, ref_label *out)
{
	const char *n = (const char *)e->name;
	if (!strcmp(n, "author") || !strcmp(n, "authors")) {
		*out = REF_AUTHOR;
	} else if (!strcmp(n, "editor")) {
		*out = REF_EDITOR;
	} else if (!strcmp(n, "date")) {
		*out = REF_DATE;
	} else if (!strcmp(n, "publisher") || !strcmp(n, "publishe")) {
		*out = REF_PUBLISHER;
	} else if (!strcmp(n, "pubPlace") || !strcmp(n, "pubplace")) {
		*out = REF_PLACE;
	} else if (!strcmp(n, "orgName")) {
		*out = attr_is(e, "type", "collaboration") ? REF_AUTHOR : REF_PUBLISHER;
	} else if (!strcmp(n, "note") || !strcmp(n, "notes")) {
		*out = attr_is(e, "type", "report") ? REF_GENRE : REF_NOTE;
	} else if (!strcmp(n, "ptr")) {
		*out = REF_URL;
	} else if (!strcmp(n, "page")) {
		*out = REF_PAGES;
	} else if (!strcmp(n, "idno")) {
		*out = attr_is(e, "type", "DOI") ? REF_DOI : attr_is(e, "type", "ISBN") ? REF_ISBN : REF_NOTE;
	} else if (!strcmp(n, "title")) {
		char *lv = attr(e, "level");
		if (!lv)
			lv = attr(e, "leve");
		if (!lv || !strcmp(lv, "a"))
			*out = REF_TITLE;
		else if (!strcmp(lv, "j"))
			*out = REF_CONTAINER;
		else if (!strcmp(lv, "m"))
			*out = has_a ? REF_CONTAINER : REF_TITLE;
		else if (!strcmp(lv, "s"))
			*out = REF_COLLECTION;
		else
			*out = REF_TITLE;
		xmlFree(lv);
	} else if (!strcmp(n, "biblScope")) {
		char *u = attr(e, "unit");
		if (!u)
			u = attr(e, "type");
		if (!u)
			u = attr(e, "level");
		if (u && (!strcmp(u, "volume") || !strcmp(u, "vol")))
			*out = REF_VOLUME;
		else if (u && !strcmp(u, "issue"))
			*out = REF_ISSUE;
		else if (u && (!strcmp(u, "page") || !strcmp(u, "pp") || !strcmp(u, "pages")))
			*out = REF_PAGES;
		else
			*out = REF_NOTE;
		xmlFree(u);
	} else {
		return -1;
	}
	return 0;
}

static int has_level_a(xmlNodePtr e)
{
	for (xmlNodePtr c = e->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)c->name, "title") && attr_is(c, "level", "a"))
			return 1;
		if (has_level_a(c))
			return 1;
	}
	return 0;
}

static void grobid_walk(xmlNodePtr e, int has_a, ref_label cur, sb *b)
{
	for (xmlNodePtr c = e->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				sb_add(b, (const char *)c->content, strlen((const char *)c->content), cur);
		} else if (c->type == XML_ELEMENT_NODE) {
			if (!strcmp((const char *)c->name, "lb")) {
				sb_add(b, " ", 1, cur);
				continue;
			}
			ref_label l = cur;
			if (cur == REF_OTHER)
				grobid_label(c, has_a, &l);
			grobid_walk(c, has_a, l, b);
		}
	}
}

static void grobid_find(xmlNodePtr e, rd_set *s, sb *b)
{
	for (xmlNodePtr c = e; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp((const char *)c->name, "bibl")) {
			grobid_walk(c, has_level_a(c), REF_OTHER, b);
			sb_finish(b, s, RD_GROBID);
		} else {
			grobid_find(c->children, s, b);
		}
	}
}

/* ---- ParsCit tagged lines ---- */

static int read_parscit(FILE *f, rd_set *s, char *err, size_t errsz)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t k;
	sb b = {0};
	while ((k = getline(&line, &cap, f)) >= 0) {
		ref_label cur = REF_OTHER;
		char *save = NULL;
		for (char *t = strtok_r(line, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
			size_t tl = strlen(t);
			if (tl >= 3 && t[0] == '<' && t[tl - 1] == '>') {
				int close = t[1] == '/';
				char name[64];
				size_t nl = tl - 2 - (size_t)close;
				if (nl < sizeof name) {
					memcpy(name, t + 1 + close, nl);
					name[nl] = 0;
					ref_label l;
					if (map_get(parscit_map, name, &l) == 0) {
						cur = close ? REF_OTHER : l;
						continue;
					}
					if (!strcmp(name, "br") || !strcmp(name, "contexts"))
						continue;
				}
			}
			sb_add(&b, t, tl, cur);
			sb_add(&b, " ", 1, REF_OTHER);
		}
		sb_finish(&b, s, RD_PARSCIT);
	}
	free(line);
	free(b.p);
	free(b.lab);
	(void)err;
	(void)errsz;
	return 0;
}

/* ---- LinkedBooks CoNLL ---- */

static int read_conll(FILE *f, rd_set *s, char *err, size_t errsz)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t k;
	sb b = {0};
	int rc = 0;
	while ((k = getline(&line, &cap, f)) >= 0) {
		char *save = NULL;
		char *tok = strtok_r(line, " \t\r\n", &save);
		if (!tok) {
			sb_finish(&b, s, RD_LINKEDBOOKS);
			continue;
		}
		if (!strcmp(tok, "-DOCSTART-"))
			continue;
		char *lab = strtok_r(NULL, " \t\r\n", &save);
		ref_label l = REF_OTHER;
		if (!lab || map_get(linkedbooks_map, lab, &l) != 0) {
			snprintf(err, errsz, "unknown LinkedBooks label %s", lab ? lab : "(none)");
			rc = -1;
			break;
		}
		sb_add(&b, tok, strlen(tok), l);
		sb_add(&b, " ", 1, REF_OTHER);
	}
	if (rc == 0)
		sb_finish(&b, s, RD_LINKEDBOOKS);
	free(line);
	free(b.p);
	free(b.lab);
	return rc;
}

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcmp(s + n - k, suf) == 0;
}

static void xml_quiet(void *ctx, const xmlError *e)
{
	(void)ctx;
	(void)e;
}

int rd_load(const char *path, rd_set *s, char *err, size_t errsz)
{
	xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)xml_quiet);
	s->files = xrealloc(s->files, (s->nfiles + 1) * sizeof *s->files);
	s->files[s->nfiles++] = strdup(path);
	if (ends_with(path, ".conll") || ends_with(path, ".txt")) {
		FILE *f = fopen(path, "r");
		if (!f) {
			snprintf(err, errsz, "%s: cannot open", path);
			return -1;
		}
		int r = ends_with(path, ".conll") ? read_conll(f, s, err, errsz) : read_parscit(f, s, err, errsz);
		fclose(f);
		return r;
	}
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		snprintf(err, errsz, "%s: not well-formed XML", path);
		return -1;
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	int r = 0;
	if (root && !strcmp((const char *)root->name, "dataset"))
		r = read_anystyle(doc, s, err, errsz);
	else {
		sb b = {0};
		grobid_find(root, s, &b);
		free(b.p);
		free(b.lab);
	}
	xmlFreeDoc(doc);
	return r;
}

void rd_free(rd_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->r[i].text);
		free(s->r[i].gold);
	}
	free(s->r);
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	memset(s, 0, sizeof *s);
}
