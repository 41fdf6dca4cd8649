/*
 * export.c — a structured citation out as CSL-JSON, BibTeX or RIS, and its
 * stable citation key.
 *
 * Decisions:
 *  - CSL-JSON follows the schema of CSL 1.0.2 (csl-data.json): names as
 *    {family, given, non-dropping-particle — or dropping-particle when
 *    written after the given name —, suffix} or {literal}; dates as
 *    {"date-parts": [[y, m, d]] (a second array for a range), "circa",
 *    "literal"}; a year's letter ("1998a") as "year-suffix".  Only members
 *    the schema knows are written (it allows no others), so "et al." has no
 *    CSL-JSON form and is left out there.
 *  - BibTeX: the entry type follows the CSL type (book → @book, chapter →
 *    @incollection, article-* → @article, report → @techreport, thesis →
 *    @phdthesis or @mastersthesis by its genre, paper-conference →
 *    @inproceedings, everything else → @misc).  The LaTeX specials & % $ #
 *    _ { } ~ ^ \ are escaped in every field but url and doi, which biber
 *    reads verbatim (there braces and backslashes are dropped instead);
 *    other non-ASCII text stays UTF-8, which biber and bibtexu read.  Page
 *    ranges get "--".  "et al." becomes "and others".
 *  - Keys: family name of the first author (else editor, else the first
 *    word of a corporate name, Cyrillic and Greek in Latin letters, else
 *    "anon") + year (else "nd") + the first
 *    title word that is not an article or preposition, folded to ASCII
 *    (utf8proc: decomposed, marks stripped, case folded; ß → ss, ø → o,
 *    æ → ae …) and kept to [a-z0-9].  ref_cite_keys gives every key that
 *    collides within one export the suffixes a, b, c … in order.
 *  - RIS: "TY  - " (two spaces, hyphen, space) and CRLF line ends, as the
 *    RIS specification writes them and as reference managers expect; one
 *    AU line per author as "Family, Given, Suffix".
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "refs.h"

/* ---- keys -------------------------------------------------------------- */

/* Latin letters for a small Cyrillic or Greek letter (keys are ASCII:
 * "Лотман" is "lotman", "Σεφέρης" "sepheres"); NULL for any other. */
static const char *exp_translit(int32_t cp)
{
	static const char *const cyr[32] = {"a", "b", "v", "g", "d", "e", "zh",
		"z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
		"kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"};
	static const char *const greek[25] = {"a", "b", "g", "d", "e", "z", "e",
		"th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t", "y",
		"ph", "ch", "ps", "o"};
	if (cp >= 0x430 && cp <= 0x44F)
		return cyr[cp - 0x430];
	if (cp >= 0x3B1 && cp <= 0x3C9)
		return greek[cp - 0x3B1];
	switch (cp) {
	case 0x456: case 0x457: return "i";   /* і ї */
	case 0x454: return "ie";              /* є */
	case 0x491: return "g";               /* ґ */
	case 0x452: return "dj";              /* ђ */
	case 0x458: return "j";               /* ј */
	case 0x459: return "lj";              /* љ */
	case 0x45A: return "nj";              /* њ */
	case 0x45B: return "c";               /* ћ */
	case 0x45F: return "dz";              /* џ */
	case 0x45E: return "u";               /* ў */
	case 0x451: return "e";               /* ё */
	default: return NULL;
	}
}

/* Appends the ASCII fold of s (letters and digits, lower case) to out,
 * which holds *k bytes of size; at most max letters. */
static void exp_fold(const char *s, char *out, size_t *k, size_t size,
		     size_t max)
{
	if (!s)
		return;
	size_t start = *k;
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &m,
					  UTF8PROC_NULLTERM | UTF8PROC_DECOMPOSE |
						  UTF8PROC_STRIPMARK |
						  UTF8PROC_CASEFOLD);
	if (n < 0 || !m)
		return;
	for (utf8proc_ssize_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t w = utf8proc_iterate(m + i, n - i, &cp);
		if (w <= 0)
			break;
		i += w;
		const char *rep = NULL;
		char one[2] = {0, 0};
		if (cp < 0x80) {
			if (isalnum(cp)) {
				one[0] = (char)tolower(cp);
				rep = one;
			}
		} else {
			switch (cp) {
			case 0xF8: rep = "o"; break;   /* ø */
			case 0xE6: rep = "ae"; break;  /* æ */
			case 0x153: rep = "oe"; break; /* œ */
			case 0x142: rep = "l"; break;  /* ł */
			case 0x111: rep = "d"; break;  /* đ */
			case 0xFE: rep = "th"; break;  /* þ */
			case 0xF0: rep = "d"; break;   /* ð */
			case 0x131: rep = "i"; break;  /* ı */
			default: rep = exp_translit(cp); break;
			}
		}
		for (const char *r = rep; r && *r; r++)
			if (*k + 1 < size && *k - start < max)
				out[(*k)++] = *r;
	}
	free(m);
	out[*k] = 0;
}

/* The first title word worth a key: not an article or preposition. */
static void exp_title_word(const char *t, char *out, size_t *k, size_t size)
{
	static const char *const stop[] = {"a", "an", "the", "on", "of", "in",
		"and", "to", "for", "der", "die", "das", "ein", "eine", "zur",
		"zum", "le", "la", "les", "l", "un", "une", "el", "los", "las",
		"il", "lo", "gli", "de", "du", "des", "del", "della", "di", "et",
		"und", "y", "at", "by", "from", "with", "uber", "sur", NULL};
	if (!t)
		return;
	const char *p = t;
	for (int words = 0; *p && words < 64; words++) {
		while (*p && (*p == ' ' || *p == '\'' || *p == '"' || ispunct((unsigned char)*p)))
			p++;
		const char *b = p;
		while (*p && *p != ' ' && *p != '\'' && *p != '-' && *p != ':' &&
		       *p != ',' && *p != '.')
			p++;
		if (p == b)
			continue;
		char w[64];
		size_t wl = (size_t)(p - b) < sizeof w - 1 ? (size_t)(p - b) : sizeof w - 1;
		memcpy(w, b, wl);
		w[wl] = 0;
		char f[64];
		size_t fk = 0;
		f[0] = 0;
		exp_fold(w, f, &fk, sizeof f, 32);
		if (!fk)
			continue;
		int is_stop = 0;
		for (size_t i = 0; stop[i] && !is_stop; i++)
			is_stop = strcmp(stop[i], f) == 0;
		if (is_stop)
			continue;
		for (size_t i = 0; i < fk && *k + 1 < size; i++)
			out[(*k)++] = f[i];
		out[*k] = 0;
		return;
	}
}

void ref_cite_key(const ref_citation *c, char *out, size_t size)
{
	if (!size)
		return;
	out[0] = 0;
	size_t k = 0;
	const ref_name *n = c->n_authors ? &c->authors[0]
			    : c->n_editors ? &c->editors[0] : NULL;
	if (n && n->family)
		exp_fold(n->family, out, &k, size, 24);
	else if (n && n->literal) {
		/* the first word of a corporate name */
		char w[64];
		size_t i = 0;
		while (n->literal[i] && n->literal[i] != ' ' && i < sizeof w - 1) {
			w[i] = n->literal[i];
			i++;
		}
		w[i] = 0;
		exp_fold(w, out, &k, size, 24);
	}
	if (!k) {
		const char *anon = "anon";
		for (; *anon && k + 1 < size; anon++)
			out[k++] = *anon;
		out[k] = 0;
	}
	char y[16];
	if (c->issued.year > 0 && c->issued.year < 10000)
		snprintf(y, sizeof y, "%d", c->issued.year);
	else
		snprintf(y, sizeof y, "nd");
	for (const char *p = y; *p && k + 1 < size; p++)
		out[k++] = *p;
	out[k] = 0;
	exp_title_word(c->title ? c->title : c->container_title, out, &k, size);
}

typedef struct exp_keyix {
	const char *key;
	size_t i;
} exp_keyix;

static int exp_keyix_cmp(const void *x, const void *y)
{
	const exp_keyix *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a->i < b->i ? -1 : a->i > b->i;
}

char **ref_cite_keys(const ref_citation *c, size_t n, quire_arena *a)
{
	char **keys = quire_arena_alloc(a, (n ? n : 1) * sizeof *keys);
	exp_keyix *ix = malloc((n ? n : 1) * sizeof *ix);
	if (!keys || !ix) {
		free(ix);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		char k[96];
		ref_cite_key(&c[i], k, sizeof k - 8);
		keys[i] = quire_arena_alloc(a, strlen(k) + 8);
		if (!keys[i]) {
			free(ix);
			return NULL;
		}
		strcpy(keys[i], k);
		ix[i].key = keys[i];
		ix[i].i = i;
	}
	/* a suffixed key can meet another entry's own ("anonnd" + "e" and
	 * "anonnde"): suffix again, at most three rounds of two letters
	 * (the 8 bytes kept free above) */
	for (int round = 0, again = 1; again && round < 3; round++) {
		again = 0;
		qsort(ix, n, sizeof *ix, exp_keyix_cmp);
		for (size_t g = 0; g < n;) {
			size_t e = g + 1;
			while (e < n && strcmp(ix[e].key, ix[g].key) == 0)
				e++;
			if (e - g > 1) {
				again = 1;
				for (size_t j = g; j < e; j++) {
					size_t m = j - g;
					char suf[8];
					if (m < 26)
						snprintf(suf, sizeof suf, "%c", 'a' + (int)m);
					else
						snprintf(suf, sizeof suf, "%c%c",
							 'a' + (int)((m / 26 - 1) % 26),
							 'a' + (int)(m % 26));
					strcat(keys[ix[j].i], suf);
				}
			}
			g = e;
		}
	}
	free(ix);
	return keys;
}

/* ---- CSL-JSON -------------------------------------------------------------- */

static void exp_json_member(buf_t *b, int *n, const char *key, const char *v)
{
	if (!v || !*v)
		return;
	buf_puts(b, (*n)++ ? ", " : "");
	buf_json_str(b, key, strlen(key));
	buf_puts(b, ": ");
	buf_json_str(b, v, strlen(v));
}

static void exp_json_names(buf_t *b, int *n, const char *key,
			   const ref_name *names, size_t k)
{
	if (!k)
		return;
	buf_puts(b, (*n)++ ? ", " : "");
	buf_json_str(b, key, strlen(key));
	buf_puts(b, ": [");
	for (size_t i = 0; i < k; i++) {
		const ref_name *nm = &names[i];
		int m = 0;
		buf_puts(b, i ? ", {" : "{");
		if (nm->literal)
			exp_json_member(b, &m, "literal", nm->literal);
		else {
			exp_json_member(b, &m, "family", nm->family);
			exp_json_member(b, &m, "given", nm->given);
			exp_json_member(b, &m,
					nm->particle_drops ? "dropping-particle"
							   : "non-dropping-particle",
					nm->particle);
			exp_json_member(b, &m, "suffix", nm->suffix);
		}
		if (!m)
			exp_json_member(b, &m, "literal", "?");
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}

static void exp_json_date(buf_t *b, int *n, const char *key, const ref_date *d)
{
	if (!d->year && !d->literal)
		return;
	buf_puts(b, (*n)++ ? ", " : "");
	buf_json_str(b, key, strlen(key));
	buf_puts(b, ": {");
	if (d->year) {
		buf_printf(b, "\"date-parts\": [[%d", d->year);
		if (d->month) {
			buf_printf(b, ", %d", d->month);
			if (d->day)
				buf_printf(b, ", %d", d->day);
		}
		buf_putc(b, ']');
		if (d->end_year) {
			buf_printf(b, ", [%d", d->end_year);
			if (d->end_month) {
				buf_printf(b, ", %d", d->end_month);
				if (d->end_day)
					buf_printf(b, ", %d", d->end_day);
			}
			buf_putc(b, ']');
		}
		buf_putc(b, ']');
		if (d->circa)
			buf_puts(b, ", \"circa\": true");
	} else {
		buf_puts(b, "\"literal\": ");
		buf_json_str(b, d->literal, strlen(d->literal));
	}
	buf_putc(b, '}');
}

/* a report's number is CSL's "number" (an issue is a periodical's) */
int ref_issue_is_number(const ref_citation *c)
{
	return c->type && !strcmp(c->type, "report") && !c->container_title && !c->volume;
}

void ref_to_csl_json(const ref_citation *c, const char *id, buf_t *b)
{
	int n = 0;
	buf_putc(b, '{');
	exp_json_member(b, &n, "id", id && *id ? id : "ref");
	exp_json_member(b, &n, "type", c->type ? c->type : "document");
	exp_json_names(b, &n, "author", c->authors, c->n_authors);
	exp_json_names(b, &n, "editor", c->editors, c->n_editors);
	exp_json_names(b, &n, "translator", c->translators, c->n_translators);
	exp_json_names(b, &n, "recipient", c->recipients, c->n_recipients);
	exp_json_names(b, &n, "interviewer", c->interviewers, c->n_interviewers);
	exp_json_member(b, &n, "title", c->title);
	exp_json_member(b, &n, "container-title", c->container_title);
	exp_json_member(b, &n, "collection-title", c->collection_title);
	exp_json_member(b, &n, "collection-number", c->collection_number);
	exp_json_member(b, &n, "edition", c->edition);
	exp_json_member(b, &n, "volume", c->volume);
	exp_json_member(b, &n, "number-of-volumes", c->volumes);
	exp_json_member(b, &n, ref_issue_is_number(c) ? "number" : "issue", c->issue);
	exp_json_member(b, &n, "page", c->page);
	exp_json_member(b, &n, "number-of-pages", c->pages_total);
	exp_json_member(b, &n, "publisher", c->publisher);
	exp_json_member(b, &n, "publisher-place", c->place);
	exp_json_date(b, &n, "issued", &c->issued);
	exp_json_member(b, &n, "year-suffix", c->issued.suffix);
	exp_json_date(b, &n, "original-date", &c->original);
	exp_json_date(b, &n, "accessed", &c->accessed);
	exp_json_member(b, &n, "URL", c->url);
	exp_json_member(b, &n, "DOI", c->doi);
	exp_json_member(b, &n, "ISBN", c->isbn);
	exp_json_member(b, &n, "genre", c->genre);
	exp_json_member(b, &n, "archive", c->archive);
	exp_json_member(b, &n, "archive-place", c->archive_place);
	exp_json_member(b, &n, "archive_location", c->archive_location);
	exp_json_member(b, &n, "locator", c->locator);
	exp_json_member(b, &n, "note", c->note);
	buf_putc(b, '}');
}

/* ---- BibTeX ------------------------------------------------------------------ */

/* Appends s with the LaTeX specials escaped. */
static void exp_tex(buf_t *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': case '%': case '$': case '#': case '_': case '{':
		case '}':
			buf_putc(b, '\\');
			buf_putc(b, *s);
			break;
		case '~': buf_puts(b, "\\textasciitilde{}"); break;
		case '^': buf_puts(b, "\\textasciicircum{}"); break;
		case '\\': buf_puts(b, "\\textbackslash{}"); break;
		default: buf_putc(b, *s); break;
		}
	}
}

static void exp_bib_field(buf_t *b, const char *key, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(b, ",\n  %s = {", key);
	exp_tex(b, v);
	buf_putc(b, '}');
}

/* url and doi: verbatim fields; braces and backslashes dropped. */
static void exp_bib_verbatim(buf_t *b, const char *key, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(b, ",\n  %s = {", key);
	for (; *v; v++)
		if (*v != '{' && *v != '}' && *v != '\\')
			buf_putc(b, *v);
	buf_putc(b, '}');
}

static void exp_bib_names(buf_t *b, const char *key, const ref_name *n,
			  size_t k, int others)
{
	if (!k)
		return;
	buf_printf(b, ",\n  %s = {", key);
	for (size_t i = 0; i < k; i++) {
		if (i)
			buf_puts(b, " and ");
		if (n[i].literal) {
			buf_putc(b, '{');
			exp_tex(b, n[i].literal);
			buf_putc(b, '}');
			continue;
		}
		if (n[i].particle) {
			exp_tex(b, n[i].particle);
			buf_putc(b, ' ');
		}
		/* a family name of several words is one name: braces */
		int braces = n[i].family && strchr(n[i].family, ' ') != NULL;
		if (braces)
			buf_putc(b, '{');
		exp_tex(b, n[i].family ? n[i].family : "");
		if (braces)
			buf_putc(b, '}');
		if (n[i].suffix) {
			buf_puts(b, ", ");
			exp_tex(b, n[i].suffix);
		}
		if (n[i].given) {
			buf_puts(b, ", ");
			exp_tex(b, n[i].given);
		}
	}
	if (others)
		buf_puts(b, " and others");
	buf_putc(b, '}');
}

static int exp_is_masters(const char *genre)
{
	static const char *const m[] = {"master", "m.a.", "ma thesis", "msc",
		"m.sc", "magister", "mémoire", "licentiate", "m.phil", "mphil",
		NULL};
	if (!genre)
		return 0;
	for (size_t i = 0; m[i]; i++)
		if (strcasestr(genre, m[i]))
			return 1;
	return 0;
}

/* BibTeX has no field for a letter's addressee or an interviewer: the
 * note says them ("Letter to Leigh Hunt", "Interview by Kathryn
 * Berman"). */
static void exp_bib_role_note(buf_t *b, const ref_citation *c)
{
	const ref_name *n = c->n_recipients ? c->recipients : c->interviewers;
	size_t k = c->n_recipients ? c->n_recipients : c->n_interviewers;
	buf_t t = BUF_INIT;
	buf_puts(&t, c->n_recipients ? "Letter to " : "Interview by ");
	for (size_t i = 0; i < k; i++) {
		if (i)
			buf_puts(&t, i + 1 == k ? " and " : ", ");
		if (n[i].literal) {
			buf_puts(&t, n[i].literal);
			continue;
		}
		const char *part[] = {n[i].given, n[i].particle, n[i].family, n[i].suffix};
		int any = 0;
		for (size_t j = 0; j < 4; j++)
			if (part[j] && *part[j]) {
				if (any++)
					buf_putc(&t, ' ');
				buf_puts(&t, part[j]);
			}
	}
	if (!buf_failed(&t))
		exp_bib_field(b, "note", t.p);
	buf_free(&t);
}

const char *ref_bibtex_type(const ref_citation *c)
{
	const char *t = c->type ? c->type : "";
	if (strcmp(t, "book") == 0)
		return "book";
	if (strcmp(t, "chapter") == 0)
		return "incollection";
	if (strncmp(t, "article", 7) == 0 ||
	    (strcmp(t, "review-book") == 0 && c->container_title))
		return "article"; /* a book review in a journal */
	if (strcmp(t, "report") == 0)
		return "techreport";
	if (strcmp(t, "thesis") == 0)
		return exp_is_masters(c->genre) ? "mastersthesis" : "phdthesis";
	if (strcmp(t, "paper-conference") == 0)
		return "inproceedings";
	if (strcmp(t, "patent") == 0) /* biblatex */
		return "patent";
	if (strcmp(t, "standard") == 0)
		return "manual";
	return "misc";
}

/* The last page of a range written short, whole: "217"–"51" is 251,
 * "1098"–"102" 1102 (Chicago's and others' abbreviated ranges); last as
 * it is when it is not shorter digits or the whole would come before
 * first.  Into out (cap bytes) when it is made. */
static const char *exp_page_end(const char *first, const char *last, char *out, size_t cap)
{
	size_t fn = strlen(first), ln = strlen(last);
	if (!ln || ln >= fn || fn >= cap)
		return last;
	for (size_t i = 0; i < fn; i++)
		if (first[i] < '0' || first[i] > '9')
			return last;
	for (size_t i = 0; i < ln; i++)
		if (last[i] < '0' || last[i] > '9')
			return last;
	memcpy(out, first, fn - ln);
	memcpy(out + fn - ln, last, ln + 1);
	return strcmp(out, first) > 0 ? out : last; /* same length: compares as numbers */
}

/* "74-117" → "74--117". */
static void exp_bib_pages(buf_t *b, const char *p)
{
	if (!p || !*p)
		return;
	buf_puts(b, ",\n  pages = {");
	for (const char *s = p; *s; s++) {
		if (*s == '-' && s > p && s[1] && s[-1] != '-' && s[1] != '-')
			buf_puts(b, "--");
		else if (strchr("&%$#_{}~^\\", *s)) {
			char one[2] = {*s, 0};
			exp_tex(b, one);
		} else
			buf_putc(b, *s);
	}
	buf_putc(b, '}');
}

void ref_to_bibtex(const ref_citation *c, const char *key, buf_t *b)
{
	const char *bt = ref_bibtex_type(c);
	char k[96] = "";
	if (!key || !*key) {
		ref_cite_key(c, k, sizeof k);
		key = k;
	}
	buf_printf(b, "@%s{", bt);
	/* keys: no spaces, commas or braces */
	for (const char *p = key; *p; p++)
		if (!strchr(" \t\n,{}()=\"#%'\\~", *p))
			buf_putc(b, *p);
	exp_bib_names(b, "author", c->authors, c->n_authors,
		      (c->et_al & REF_ETAL_AUTHORS) != 0);
	exp_bib_names(b, "editor", c->editors, c->n_editors,
		      (c->et_al & REF_ETAL_EDITORS) != 0);
	exp_bib_names(b, "translator", c->translators, c->n_translators,
		      (c->et_al & REF_ETAL_TRANSLATORS) != 0);
	exp_bib_field(b, "title", c->title);
	if (strcmp(bt, "article") == 0)
		exp_bib_field(b, "journal", c->container_title);
	else if (strcmp(bt, "misc") == 0)
		exp_bib_field(b, "howpublished", c->container_title);
	else
		exp_bib_field(b, "booktitle", c->container_title);
	exp_bib_field(b, "series", c->collection_title);
	if (!c->issue) /* a book's number in its series (an article's is its issue) */
		exp_bib_field(b, "number", c->collection_number);
	exp_bib_field(b, "edition", c->edition);
	exp_bib_field(b, "volume", c->volume);
	exp_bib_field(b, "volumes", c->volumes);
	exp_bib_field(b, "pagetotal", c->pages_total);
	exp_bib_field(b, "number", c->issue);
	exp_bib_pages(b, c->page);
	if (strcmp(bt, "techreport") == 0)
		exp_bib_field(b, "institution", c->publisher);
	else if (strcmp(bt, "phdthesis") == 0 || strcmp(bt, "mastersthesis") == 0)
		exp_bib_field(b, "school", c->publisher);
	else
		exp_bib_field(b, "publisher", c->publisher);
	exp_bib_field(b, "address", c->place);
	if (c->issued.year)
		buf_printf(b, ",\n  year = {%d%s}", c->issued.year,
			   c->issued.suffix ? c->issued.suffix : "");
	else if (c->issued.literal)
		exp_bib_field(b, "year", c->issued.literal);
	if (c->issued.month)
		buf_printf(b, ",\n  month = {%d}", c->issued.month);
	if (c->original.year) /* biblatex */
		buf_printf(b, ",\n  origdate = {%d}", c->original.year);
	if (c->genre && strcmp(bt, "book") != 0 && strcmp(bt, "article") != 0)
		exp_bib_field(b, "type", c->genre);
	exp_bib_verbatim(b, "doi", c->doi);
	exp_bib_verbatim(b, "url", c->url);
	if (c->accessed.year) {
		char d[32];
		if (c->accessed.day)
			snprintf(d, sizeof d, "%04d-%02d-%02d", c->accessed.year,
				 c->accessed.month, c->accessed.day);
		else if (c->accessed.month)
			snprintf(d, sizeof d, "%04d-%02d", c->accessed.year,
				 c->accessed.month);
		else
			snprintf(d, sizeof d, "%04d", c->accessed.year);
		buf_printf(b, ",\n  urldate = {%s}", d);
	}
	exp_bib_field(b, "isbn", c->isbn);
	exp_bib_field(b, "library", c->archive); /* biblatex */
	if (!c->container_title && strcmp(bt, "misc") == 0)
		exp_bib_field(b, "howpublished", c->archive_location);
	if (c->note)
		exp_bib_field(b, "note", c->note);
	else if (c->locator) /* a classic's place: "2.484-93" */
		exp_bib_field(b, "note", c->locator);
	else if (c->n_recipients || c->n_interviewers)
		exp_bib_role_note(b, c);
	buf_puts(b, "\n}\n");
}

/* ---- RIS ------------------------------------------------------------------ */

const char *ref_ris_type(const char *t)
{
	static const char *const map[][2] = {
		{"book", "BOOK"}, {"chapter", "CHAP"},
		{"article-journal", "JOUR"}, {"article-magazine", "MGZN"},
		{"article-newspaper", "NEWS"}, {"report", "RPRT"},
		{"thesis", "THES"}, {"webpage", "ELEC"},
		{"paper-conference", "CPAPER"}, {"manuscript", "MANSCPT"},
		{"personal_communication", "PCOMM"}, {"classic", "CLSWK"},
		{"patent", "PAT"}, {"standard", "STAND"}, {"dataset", "DATA"},
		{"software", "COMP"}, {"review-book", "JOUR"}};
	for (size_t i = 0; t && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], t) == 0)
			return map[i][1];
	return "GEN";
}

/* One RIS line; the value's line breaks become spaces. */
static void exp_ris(buf_t *b, const char *tag, const char *v)
{
	if (!v || !*v)
		return;
	buf_printf(b, "%s  - ", tag);
	for (; *v; v++)
		buf_putc(b, (*v == '\r' || *v == '\n') ? ' ' : *v);
	buf_puts(b, "\r\n");
}

static void exp_ris_names(buf_t *b, const char *tag, const ref_name *n,
			  size_t k)
{
	for (size_t i = 0; i < k; i++) {
		buf_t t = BUF_INIT;
		if (n[i].literal)
			buf_puts(&t, n[i].literal);
		else {
			if (n[i].particle) {
				buf_puts(&t, n[i].particle);
				buf_putc(&t, ' ');
			}
			buf_puts(&t, n[i].family ? n[i].family : "");
			if (n[i].given) {
				buf_puts(&t, ", ");
				buf_puts(&t, n[i].given);
			}
			if (n[i].suffix) {
				buf_puts(&t, ", ");
				buf_puts(&t, n[i].suffix);
			}
		}
		if (!buf_failed(&t) && t.len)
			exp_ris(b, tag, t.p);
		buf_free(&t);
	}
}

void ref_to_ris(const ref_citation *c, buf_t *b)
{
	exp_ris(b, "TY", ref_ris_type(c->type));
	exp_ris_names(b, "AU", c->authors, c->n_authors);
	exp_ris_names(b, "ED", c->editors, c->n_editors);
	exp_ris_names(b, "A4", c->translators, c->n_translators);
	/* Zotero's RIS: a letter's recipient, an interviewer */
	exp_ris_names(b, "A2", c->recipients, c->n_recipients);
	exp_ris_names(b, "A2", c->interviewers, c->n_interviewers);
	exp_ris(b, "TI", c->title);
	exp_ris(b, "T2", c->container_title);
	exp_ris(b, "T3", c->collection_title);
	if (c->issued.year) {
		char y[64];
		snprintf(y, sizeof y, "%04d", c->issued.year);
		exp_ris(b, "PY", y);
		if (c->issued.month) {
			if (c->issued.day)
				snprintf(y, sizeof y, "%04d/%02d/%02d/",
					 c->issued.year, c->issued.month,
					 c->issued.day);
			else
				snprintf(y, sizeof y, "%04d/%02d//",
					 c->issued.year, c->issued.month);
			exp_ris(b, "DA", y);
		}
	}
	if (c->original.year) { /* RIS's "original publication" */
		char y[16];
		snprintf(y, sizeof y, "%04d", c->original.year);
		exp_ris(b, "OP", y);
	}
	exp_ris(b, "ET", c->edition);
	exp_ris(b, "VL", c->volume);
	exp_ris(b, "NV", c->volumes);
	exp_ris(b, "DB", c->archive); /* Zotero's archive and archive location */
	exp_ris(b, "AN", c->archive_location);
	exp_ris(b, "IS", c->issue);
	if (c->page) {
		const char *d = strchr(c->page, '-');
		if (d && d > c->page) {
			char sp[64];
			size_t n = (size_t)(d - c->page);
			if (n >= sizeof sp)
				n = sizeof sp - 1;
			memcpy(sp, c->page, n);
			sp[n] = 0;
			exp_ris(b, "SP", sp);
			char ep[64];
			exp_ris(b, "EP", exp_page_end(sp, d + 1, ep, sizeof ep));
		} else
			exp_ris(b, "SP", c->page);
	} else if (c->pages_total) { /* a book's length: SP, as Zotero writes numPages */
		exp_ris(b, "SP", c->pages_total);
	}
	exp_ris(b, "PB", c->publisher);
	exp_ris(b, "CY", c->place);
	exp_ris(b, "M3", c->genre);
	exp_ris(b, "UR", c->url);
	if (c->accessed.year) {
		char y[32];
		snprintf(y, sizeof y, "%04d/%02d/%02d", c->accessed.year,
			 c->accessed.month, c->accessed.day);
		exp_ris(b, "Y2", y);
	}
	exp_ris(b, "DO", c->doi);
	exp_ris(b, "SN", c->isbn);
	exp_ris(b, "N1", c->note);
	exp_ris(b, "N1", c->locator); /* a classic's place */
	buf_puts(b, "ER  - \r\n");
}

/* ---- lists ------------------------------------------------------------------ */

int ref_format_parse(const char *s, ref_format *out)
{
	if (!s)
		return -1;
	if (strcmp(s, "csl") == 0 || strcmp(s, "csl-json") == 0)
		*out = REF_FMT_CSL;
	else if (strcmp(s, "bibtex") == 0 || strcmp(s, "bib") == 0)
		*out = REF_FMT_BIBTEX;
	else if (strcmp(s, "ris") == 0)
		*out = REF_FMT_RIS;
	else
		return -1;
	return 0;
}

void ref_export_list(const ref_citation *c, size_t n, const char *const *ids,
		     ref_format f, quire_arena *a, buf_t *b)
{
	if (f == REF_FMT_CSL) {
		buf_putc(b, '[');
		for (size_t i = 0; i < n; i++) {
			char id[32];
			snprintf(id, sizeof id, "ref%zu", i + 1);
			buf_puts(b, i ? ",\n" : "\n");
			ref_to_csl_json(&c[i], ids && ids[i] ? ids[i] : id, b);
		}
		buf_puts(b, n ? "\n]\n" : "]\n");
		return;
	}
	if (f == REF_FMT_BIBTEX) {
		char **keys = ref_cite_keys(c, n, a);
		if (!keys) {
			b->failed = 1;
			return;
		}
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_putc(b, '\n');
			ref_to_bibtex(&c[i], keys[i], b);
		}
		return;
	}
	for (size_t i = 0; i < n; i++)
		ref_to_ris(&c[i], b);
}

/* ---- notes ------------------------------------------------------------------ */

const char *ref_backref_name(ref_backref k)
{
	switch (k) {
	case REF_BACK_IBID: return "ibid";
	case REF_BACK_OPCIT: return "op. cit.";
	case REF_BACK_DERS: return "ders.";
	case REF_BACK_NOTE: return "note";
	default: return NULL;
	}
}

void ref_note_cite_id(char *out, size_t cap, const char *entry_id, const ref_note *nt,
		      size_t j)
{
	if (nt && nt->n_cites > 1)
		snprintf(out, cap, "%s.%zu", entry_id, j + 1);
	else
		snprintf(out, cap, "%s", entry_id);
}

/* "key":value members, as the CLI's and the API's JSON write them. */
static void exp_note_key(buf_t *b, int *n, const char *key)
{
	if ((*n)++)
		buf_putc(b, ',');
	buf_json_str(b, key, strlen(key));
	buf_putc(b, ':');
}

static void exp_note_str(buf_t *b, int *n, const char *key, const char *s, size_t len)
{
	exp_note_key(b, n, key);
	if (s)
		buf_json_str(b, s, len);
	else
		buf_puts(b, "null");
}

void ref_note_citations_json(buf_t *b, const char *text, size_t i,
			     const char *const *entry_ids, const ref_note *const *splits,
			     size_t n)
{
	const ref_note *nt = splits[i];
	buf_putc(b, '[');
	for (size_t j = 0; nt && j < nt->n_cites; j++) {
		const ref_note_cite *nc = &nt->cites[j];
		char id[96], tid[96];
		int m = 0;
		buf_puts(b, j ? ", {" : "{");
		exp_note_str(b, &m, "text", text + nc->off, nc->len);
		const char *back = ref_backref_name(nc->back);
		exp_note_str(b, &m, "back", back, back ? strlen(back) : 0);
		exp_note_key(b, &m, "short");
		buf_puts(b, nc->is_short ? "true" : "false");
		exp_note_str(b, &m, "pinpoint", nc->pinpoint, nc->pinpoint ? strlen(nc->pinpoint) : 0);
		int has_target = nc->target_note >= 0 && (size_t)nc->target_note < n;
		if (has_target)
			ref_note_cite_id(tid, sizeof tid, entry_ids[nc->target_note],
					 splits[nc->target_note], (size_t)nc->target_cite);
		exp_note_str(b, &m, "target", has_target ? tid : NULL, has_target ? strlen(tid) : 0);
		const char *type = nc->cite.type ? nc->cite.type : "document";
		exp_note_str(b, &m, "type", type, strlen(type));
		exp_note_key(b, &m, "fields");
		ref_note_cite_id(id, sizeof id, entry_ids[i], nt, j);
		ref_to_csl_json(&nc->cite, id, b);
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
}
