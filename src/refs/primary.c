/*
 * primary.c — primary sources in reference strings: archival documents,
 * letters and interviews (see primary.h).
 *
 * Decisions:
 *  - An entry is read as comma-separated *parts* (commas inside brackets
 *    and thousands commas, "MS 38,091", do not separate).  Archival
 *    citations, letters and interviews are lists of such parts in every
 *    style that cites them (Chicago, MHRA, OSCOLA, the Italian and German
 *    conventions): the repository, the series, the piece, the folio; the
 *    writer and the addressee, the date; the one interviewed, the
 *    interviewer, the place, the date.
 *  - A letter is "A to B, date" (also "A an B", German) with A and B
 *    written as names — capitalised words, initials, particles; no digits
 *    — and a date with its month in the next part; or "Letter from A to
 *    B" (Lettre de A à B, Lettera di A a B, Carta de A a B, Brief von A an
 *    B), whose date may be missing.  A bare "A to B" needs the full date
 *    because titles have that form too ("Journey to Italy, 1880").
 *  - What follows a letter: "in …" is the collection it was printed in,
 *    whose fields the labeller read (container, editors, publisher,
 *    pages); an archive or a shelfmark in the other parts makes them the
 *    archive, its place and the location; anything else is the note.
 *  - An interview is "Interview with A" or "A, interview by B" (and their
 *    French, German, Italian and Spanish forms); "conducted by the author"
 *    names no interviewer.
 *  - The archive of a manuscript is the part that names a repository
 *    (Archivio, Archives, Bibliothèque, Library, Record Office, …) or,
 *    first in the entry, its abbreviation ("ASV", "TNA") when the entry
 *    gives a folio, busta or shelfmark.  One or two capitalised words
 *    before it are its place ("London, National Archives"); after it
 *    only a place the model's place dictionary knows ("Archives
 *    nationales, Paris, F7 6345"), since a series follows the archive in
 *    the same form ("ASV, Senato, reg. 12").
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crf.h"
#include "feat.h"
#include "primary.h"
#include "reftext.h"

/* ---- parts --------------------------------------------------------------- */

enum { PRIM_MAXP = 48 };

typedef struct prim_parts {
	const char *s;
	size_t b[PRIM_MAXP], e[PRIM_MAXP]; /* trimmed spans of s */
	size_t n;
} prim_parts;

/* Splits s at the commas and semicolons outside brackets (not a comma
 * between digits: "38,091"); each part trimmed (rtx_trim). */
static void prim_split(const char *s, prim_parts *p)
{
	size_t n = s ? strlen(s) : 0, depth = 0, b = 0;
	p->s = s ? s : "";
	p->n = 0;
	for (size_t i = 0; s && i <= n && p->n < PRIM_MAXP; i++) {
		char ch = i < n ? s[i] : ',';
		if (ch == '(' || ch == '[') {
			depth++;
		} else if ((ch == ')' || ch == ']') && depth) {
			depth--;
		} else if ((ch == ',' || ch == ';') && (!depth || i == n)) {
			if (ch == ',' && i > 0 && i + 1 < n &&
			    isdigit((unsigned char)s[i - 1]) && isdigit((unsigned char)s[i + 1]))
				continue;
			const char *q = s + b;
			size_t k = i - b;
			rtx_trim(&q, &k, 0);
			if (k) {
				p->b[p->n] = (size_t)(q - s);
				p->e[p->n++] = (size_t)(q - s) + k;
			}
			b = i + 1;
		}
	}
}

static const char *prim_part(const prim_parts *p, size_t i, size_t *n)
{
	*n = p->e[i] - p->b[i];
	return p->s + p->b[i];
}

/* The parts except those in skip (a bitmask of the first 48), joined by
 * ", " into a; NULL when none. */
static char *prim_join(const prim_parts *p, uint64_t skip, quire_arena *a)
{
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < p->n; i++) {
		if (skip & ((uint64_t)1 << i))
			continue;
		if (b.len)
			buf_puts(&b, ", ");
		size_t k;
		const char *t = prim_part(p, i, &k);
		buf_append(&b, t, k);
	}
	char *out = b.len && !buf_failed(&b) ? buf_to_arena(&b, a) : NULL;
	buf_free(&b);
	return out;
}

/* The word of s[0..n) at *i (spaces skipped): its start and length, *i
 * moved past it; 0 when there is none. */
static size_t prim_word(const char *s, size_t n, size_t *i, const char **w)
{
	while (*i < n && s[*i] == ' ')
		(*i)++;
	size_t b = *i;
	while (*i < n && s[*i] != ' ')
		(*i)++;
	*w = s + b;
	return *i - b;
}

static int prim_word_in(const char *w, size_t k, const char *const *list, int icase)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == k &&
		    (icase ? strncasecmp(w, list[i], k) : strncmp(w, list[i], k)) == 0)
			return 1;
	return 0;
}

/* Does s[0..n) start with the phrase ph (ASCII case-insensitive) and a
 * space?  The length up to the word after it, else 0. */
static size_t prim_starts(const char *s, size_t n, const char *ph)
{
	size_t k = rtx_word_at(s, n, ph);
	return k && k + 1 < n && s[k] == ' ' ? k + 1 : 0;
}

static size_t prim_starts_any(const char *s, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i]; i++) {
		size_t k = prim_starts(s, n, list[i]);
		if (k)
			return k;
	}
	return 0;
}

/* Does part i open with a quotation mark (which the trim took away)? */
static int prim_quoted(const prim_parts *p, size_t i)
{
	const char *s = p->s;
	size_t b = p->b[i];
	static const char *const quotes[] = {"\"", "'", "«", "“", "‘", "„", "‚",
		NULL};
	while (b && s[b - 1] == ' ')
		b--;
	for (size_t q = 0; quotes[q]; q++) {
		size_t k = strlen(quotes[q]);
		if (b >= k && memcmp(s + b - k, quotes[q], k) == 0)
			return 1;
	}
	return 0;
}


/* ---- names and dates ----------------------------------------------------- */

static const char *const prim_particles[] = {"de", "da", "di", "du", "del",
	"della", "des", "van", "von", "der", "den", "la", "le", "y", "of",
	"the", "zu", "ten", "ter", "and", "&", "und", "et", "e", NULL};

/* Is s[0..n) written as a person's (or a body's) name: one to eight
 * words, the first capitalised, the others capitalised, initials or
 * particles, no digits, not opening with an article — save "the" when
 * the_ok, for an addressee ("the Comte de Guibert")? */
static int prim_name_like(const char *s, size_t n, int the_ok)
{
	static const char *const articles[] = {"the", "a", "an", "le", "la",
		"les", "il", "lo", "der", "die", "das", "el", "los", "las", NULL};
	size_t words = 0, i = 0, k;
	const char *w;
	if (!n || n > 96)
		return 0;
	while ((k = prim_word(s, n, &i, &w)) != 0) {
		unsigned char c0 = (unsigned char)w[0];
		for (size_t j = 0; j < k; j++)
			if (isdigit((unsigned char)w[j]) || strchr(":\"“”«»?!", w[j]))
				return 0;
		int cap = isupper(c0) || c0 >= 0x80;
		if (words == 0 && the_ok && k == 3 && strncmp(w, "the", 3) == 0)
			continue; /* not counted: a name must follow */
		if (words == 0 && (!cap || prim_word_in(w, k, articles, 1)))
			return 0;
		if (!cap && !prim_word_in(w, k, prim_particles, 0))
			return 0;
		if (++words > 8)
			return 0;
	}
	return words > 0;
}

/* Is s[0..n) a date and nothing else: day, month and year in any order
 * ("28 October 1813", "October 28, 1813", "12. März 1797", "3 de mayo de
 * 1890"), or, when loose, a year alone?  Parsed into *d. */
static int prim_date_part(const char *s, size_t n, int loose, quire_arena *a,
			  ref_date *d)
{
	static const char *const joins[] = {"de", "del", "of", "the", "den",
		NULL};
	size_t i = 0, k, words = 0;
	const char *w;
	if (!n || n > 40)
		return 0;
	while ((k = prim_word(s, n, &i, &w)) != 0) {
		if (++words > 6)
			return 0;
		size_t dg = 0;
		while (dg < k && isdigit((unsigned char)w[dg]))
			dg++;
		if (dg) { /* 28, 1813, 12., 3rd, 1er */
			size_t r = k - dg;
			const char *t = w + dg;
			if (dg > 4 || (r && !(r == 1 && (*t == '.' || *t == ',')) &&
				       !(r == 2 && strchr("snrtSNRT", t[0])) &&
				       !(r == 2 && t[0] == 'e' && t[1] == 'r')))
				return 0;
			continue;
		}
		if (prim_word_in(w, k, joins, 0))
			continue;
		for (size_t j = 0; j < k; j++)
			if (ispunct((unsigned char)w[j]) && w[j] != '.' && w[j] != ',')
				return 0;
	}
	ref_parse_date(s, n, a, d);
	if (!d->year || d->literal)
		return 0;
	return d->month != 0 || (loose && words == 1);
}

/* The date in part j, or in parts j and j + 1 when its comma split it
 * ("October 28, 1813"): the count of parts it takes, 0 when none. */
static size_t prim_date_at(const prim_parts *p, size_t j, int loose,
			   quire_arena *a, ref_date *d)
{
	size_t k;
	memset(d, 0, sizeof *d);
	if (j >= p->n)
		return 0;
	const char *t = prim_part(p, j, &k);
	if (prim_date_part(t, k, loose, a, d))
		return 1;
	/* "October 28" then the year: two words, one of them a number */
	int two = 0, digit = 0;
	for (size_t i = 0; i < k; i++) {
		two += t[i] == ' ';
		digit |= isdigit((unsigned char)t[i]) != 0;
	}
	if (two == 1 && digit && j + 1 < p->n &&
	    prim_date_part(t, p->e[j + 1] - p->b[j], 0, a, d))
		return 2;
	memset(d, 0, sizeof *d);
	return 0;
}

/* ---- archives ------------------------------------------------------------ */

static const char *const prim_repo_words[] = {"archiv", "archive", "archivo",
	"arquivo", "archief", "archiwum", "архив", "staatsarchiv",
	"bibliothèque", "biblioteca", "bibliothek", "bibliotheek", "library",
	"record office", "nachlass", "bodleian", "historical society",
	"special collections", NULL};

/* "FO 371/12345", "PRO 30/22/1", "R 43 I/1234": a series code of one to
 * five capitals (and a digit or two), a number and a slash. */
static int prim_piece_ref(const char *s)
{
	for (const char *p = s; *p; p++) {
		if (!isupper((unsigned char)*p) || (p > s && isalnum((unsigned char)p[-1])))
			continue;
		const char *q = p;
		while (isupper((unsigned char)*q) && q - p < 6)
			q++;
		if (isupper((unsigned char)*q))
			continue;
		while (isdigit((unsigned char)*q) && q - p < 8)
			q++;
		if (*q++ != ' ' || !isdigit((unsigned char)*q))
			continue;
		while (isdigit((unsigned char)*q))
			q++;
		if (*q == ' ') { /* a part in roman numerals: "R 43 I/1234" */
			const char *r = q + 1;
			while (*r && strchr("IVXL", *r))
				r++;
			if (r > q + 1 && *r == '/')
				q = r;
		}
		if (*q == '/' && isalnum((unsigned char)q[1]))
			return 1;
	}
	return 0;
}

/* Does a word of marks stand in s (not inside a word) followed by a space
 * and a number — of at most maxd digits when maxd — and, with not_po, not
 * as a post office box ("P.O. Box 575")? */
static int prim_numbered(const char *s, const char *const *marks, size_t maxd, int not_po)
{
	for (size_t i = 0; marks[i]; i++) {
		size_t k = strlen(marks[i]);
		for (const char *p = strstr(s, marks[i]); p; p = strstr(p + 1, marks[i])) {
			if ((p > s && isalnum((unsigned char)p[-1])) || p[k] != ' ')
				continue;
			size_t dg = 0;
			while (isdigit((unsigned char)p[k + 1 + dg]))
				dg++;
			if (!dg || (maxd && dg > maxd))
				continue;
			if (not_po && ((p - s >= 3 && memcmp(p - 3, "O. ", 3) == 0) ||
				       (p - s >= 3 && memcmp(p - 3, "PO ", 3) == 0) ||
				       (p - s >= 4 && memcmp(p - 4, "P.O.", 4) == 0)))
				continue;
			return 1;
		}
	}
	return 0;
}

/* A folio or carta with its number: "f. 12", "ff. 3–5", "c. 34r", "cc.
 * 2v" (not "c. 1990": three digits at most). */
static int prim_folio(const char *s)
{
	static const char *const marks[] = {"f.", "ff.", "c.", "cc.", "b.", "bb.",
		NULL};
	return prim_numbered(s, marks, 3, 0);
}

int prim_shelfmark(const char *s)
{
	static const char *const words[] = {"fol.", "fols.", "reg.", "busta",
		"filza", "fasc.", "carton", "dossier", "liasse", "legajo",
		"Bestand", "fonds", "Fonds", NULL};
	static const char *const numbered[] = {"box", "Box", "folder", "Folder",
		"MS", "MSS", "Ms.", "RG", "Bl.", NULL};
	if (!s)
		return 0;
	return rtx_has_word(s, words) || prim_piece_ref(s) || prim_numbered(s, numbered, 0, 1);
}

/* Is s[0..n) an archive's abbreviation: two to six capitals ("ASV",
 * "TNA", "BNM"), or as many each with its full stop ("A.S.V.")? */
static int prim_acronym(const char *s, size_t n)
{
	size_t caps = 0;
	int dotted = n >= 3 && s[1] == '.'; /* the last stop may be trimmed */
	for (size_t i = 0; i < n; i++) {
		if (dotted && i % 2 == 1) {
			if (s[i] != '.')
				return 0;
		} else if (!isupper((unsigned char)s[i])) {
			return 0;
		} else {
			caps++;
		}
	}
	return caps >= 2 && caps <= 6;
}

/* Do two abbreviations name the same ("A.S.V." and "ASV")? */
static int prim_acronym_eq(const char *x, const char *y)
{
	for (;;) {
		while (*x == '.')
			x++;
		while (*y == '.')
			y++;
		if (*x != *y)
			return 0;
		if (!*x)
			return 1;
		x++;
		y++;
	}
}

/* A folio, busta, register, fascicle, box or the like with its number
 * ("b. 31", "fasc. 2", "reg. 12", "Box 4"): a bare "dossier" is not
 * enough after an abbreviation, which may be a name in capitals. */
static int prim_numbered_mark(const char *s)
{
	static const char *const marks[] = {"fol.", "fols.", "reg.", "busta",
		"filza", "fasc.", "b.", "bb.", "c.", "cc.", "f.", "ff.", "Bl.",
		"dossier", "carton", "liasse", "legajo", "box", "Box", "folder",
		"Folder", "MS", "MSS", "Ms.", "RG", NULL};
	return prim_numbered(s, marks, 0, 0);
}

/* The entry opens with an abbreviation and gives a numbered folio, busta
 * or shelfmark: "ASV, Collegio, Relazioni, b. 31, fasc. 2". */
static int prim_acronym_archive(const char *raw)
{
	prim_parts p;
	prim_split(raw, &p);
	size_t k;
	const char *t = p.n > 1 ? prim_part(&p, 0, &k) : NULL;
	return t && prim_acronym(t, k) && (prim_numbered_mark(raw) || prim_piece_ref(raw));
}

int prim_archive_named(const ref_citation *c)
{
	static const char *const marks[] = {"f.", "ff.", "b.", "c.", "cc.",
		"Nr.", "n.", "sign.", "cote", NULL};
	/* a title that speaks of a library or an archive in a journal, its
	 * volume or pages given ("La biblioteca di un giurista …", in: Studi
	 * veneti Bd. 39, Nr. 1, S. 67–98), is an article's */
	int named = rtx_has_any(c->title, prim_repo_words) &&
		    !(c->container_title && (c->volume || c->page));
	/* a repository named well inside the title is its subject
	 * ("Inventaire des fonds de la bibliothèque de l'abbaye …"), and the
	 * title's own words are no shelfmark: the mark is looked for after
	 * the title; a title that opens with the repository ("Archivo
	 * General de Indias (AGI), Sevilla. Contratación, legajo 5784") is
	 * the citation itself */
	const char *rest = c->raw;
	const char *in_raw = named && c->raw ? strstr(c->raw, c->title) : NULL;
	size_t first = SIZE_MAX;
	for (size_t i = 0; named && prim_repo_words[i]; i++) {
		const char *h = strcasestr(c->title, prim_repo_words[i]);
		if (h && (size_t)(h - c->title) < first)
			first = (size_t)(h - c->title);
	}
	if (in_raw && first > 24)
		rest = in_raw + strlen(c->title);
	/* the repository read as an author or an editor ("Archivio Segreto
	 * Vaticano (A.S.V.)": the bracket looked like an editor's) */
	for (size_t i = 0; i < c->n_authors + c->n_editors && !named; i++) {
		const ref_name *n = i < c->n_authors ? &c->authors[i]
						     : &c->editors[i - c->n_authors];
		named = rtx_has_any(n->literal, prim_repo_words) ||
			rtx_has_any(n->family, prim_repo_words) ||
			rtx_has_any(n->given, prim_repo_words);
	}
	if (named && (prim_shelfmark(rest) || rtx_has_word(rest, marks)))
		return 1;
	/* read as a journal ("Archivio di Stato di Venezia, Senato", "reg.
	 * 12", "fol. 45r"): a journal named for archives has no folio or
	 * register ("American Archivist") */
	/* the mark after the container: "Bibliothèques médiévales en ligne"
	 * names a site, and the title's "fonds" before it no shelfmark */
	const char *after = c->container_title && c->raw ? strstr(c->raw, c->container_title) : NULL;
	if (rtx_has_any(c->container_title, prim_repo_words) &&
	    prim_shelfmark(after ? after + strlen(c->container_title) : c->raw))
		return 1;
	return c->raw && prim_acronym_archive(c->raw);
}

/* Is the part a place the model knows ("Paris", "Boston"): one or two
 * capitalised words, each in the place dictionary of the built-in
 * model? */
static int prim_known_place(const char *s, size_t n)
{
	size_t i = 0, k, words = 0;
	const char *w;
	if (!n || !isupper((unsigned char)s[0]))
		return 0;
	while ((k = prim_word(s, n, &i, &w)) != 0)
		if (++words > 2 || !(ref_word_classes(w, k) & FEAT_D_PLACE))
			return 0;
	return words > 0;
}

/* Is the part a town known for its archives alone, which a dictionary
 * of places made from reference lists lacks ("The National Archives,
 * Kew", "National Archives, College Park")? */
static int prim_archive_seat(const char *s, size_t n)
{
	static const char *const seats[] = {"Kew", "College Park", "Simancas",
		"Pierrefitte-sur-Seine", "Vincennes", "Fontainebleau",
		"Hyde Park", "Abilene", "West Branch", "Yorba Linda",
		"Berlin-Lichterfelde", "Berlin-Dahlem", "Koblenz", "Freiburg",
		"Aix-en-Provence", "Roubaix", "Alcalá de Henares", NULL};
	for (size_t i = 0; seats[i]; i++)
		if (strlen(seats[i]) == n && memcmp(seats[i], s, n) == 0)
			return 1;
	return 0;
}

/* One or two capitalised words without digits (a place before the
 * archive: "London, National Archives"). */
static int prim_place_shape(const char *s, size_t n)
{
	size_t words = 1;
	if (!n || !isupper((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (isdigit((unsigned char)s[i]))
			return 0;
		words += s[i] == ' ';
	}
	return words <= 2;
}

/* The archive, its place and the location, from the parts of src: 0 when
 * no part names a repository (and the first is no abbreviation).  With
 * find_title, a part in quotation marks is the document's title
 * («Instrucciones a los pilotos»); it and a part that is only the year of
 * c->issued are not part of the location. */
static int prim_archive_parse(ref_citation *c, const char *src, int acronym_ok,
			      int find_title, quire_arena *a)
{
	prim_parts p;
	prim_split(src, &p);
	size_t r = p.n, k;
	for (size_t i = 0; i < p.n && r == p.n; i++) {
		char *part = rtx_dup(a, src + p.b[i], p.e[i] - p.b[i]);
		if (part && rtx_has_any(part, prim_repo_words))
			r = i;
	}
	if (r == p.n && acronym_ok && p.n > 1) {
		const char *t = prim_part(&p, 0, &k);
		if (prim_acronym(t, k))
			r = 0;
	}
	if (r == p.n)
		return 0;
	size_t an = p.e[r] - p.b[r];
	if (an >= 3 && src[p.b[r] + 1] == '.' && src[p.e[r]] == '.' &&
	    prim_acronym(src + p.b[r], an))
		an++; /* "A.S.V." keeps the stop the trim took */
	c->archive = rtx_dup(a, src + p.b[r], an);
	uint64_t skip = (uint64_t)1 << r;
	const char *t, *dot;
	if (r == 1 && (t = prim_part(&p, 0, &k)) && prim_place_shape(t, k) &&
	    (!memchr(t, ' ', k) || prim_known_place(t, k))) {
		c->archive_place = rtx_dup(a, t, k);
		skip |= 1;
	} else if (r + 1 < p.n && (t = prim_part(&p, r + 1, &k)) != NULL) {
		if (prim_known_place(t, k) || prim_archive_seat(t, k)) {
			c->archive_place = rtx_dup(a, t, k);
			skip |= (uint64_t)1 << (r + 1);
		} else if ((dot = memmem(t, k, ". ", 2)) != NULL &&
			   prim_known_place(t, (size_t)(dot - t))) {
			/* "Sevilla. Contratación, legajo 5784" */
			c->archive_place = rtx_dup(a, t, (size_t)(dot - t));
			p.b[r + 1] += (size_t)(dot - t) + 2;
		}
	}
	for (size_t i = 0; i < p.n; i++) {
		t = prim_part(&p, i, &k);
		if (find_title && !c->title && !(skip & ((uint64_t)1 << i)) && prim_quoted(&p, i)) {
			c->title = rtx_dup(a, t, k);
			skip |= (uint64_t)1 << i;
		} else if (c->issued.year && k == 4 && atoi(t) == c->issued.year &&
			   isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[3])) {
			skip |= (uint64_t)1 << i;
		}
	}
	c->archive_location = prim_join(&p, skip, a);
	return 1;
}

/* Does the location hold the year as a shelfmark's number, after a word
 * ("MS Ashmole 1504, fols. 3r–7v": 1504 is no date)? */
static int prim_year_in_mark(const char *loc, int year)
{
	char y[16];
	snprintf(y, sizeof y, "%d", year);
	size_t yn = strlen(y);
	for (const char *p = strstr(loc, y); p; p = strstr(p + 1, y)) {
		if (p - loc < 2 || p[-1] != ' ' || !isalpha((unsigned char)p[-2]) ||
		    isdigit((unsigned char)p[yn]))
			continue;
		return 1;
	}
	return 0;
}

/* Is the ". " at s[i] a sentence's end: after a year, a number, a
 * closing mark or a word of five letters or more — not after "MS",
 * "lett", "c", "fols", "Apr" and their kind? */
static int prim_stop_at(const char *s, size_t i)
{
	size_t b = i;
	while (b > 0 && s[b - 1] != ' ')
		b--;
	size_t k = i - b;
	if (!k)
		return 0;
	if (isdigit((unsigned char)s[i - 1]) || (unsigned char)s[i - 1] >= 0x80 ||
	    s[i - 1] == ')' || s[i - 1] == '\'')
		return 1;
	return k >= 5;
}

/* A document cited with its repository last, as Chicago, Turabian, APA
 * and MLA print it: "“Letter to …,” April 17, 1803. MS. Eng. lett. c. 917,
 * fols. 33-36. Bodleian Library, Oxford.", "… Aylsham (MC 2291/4).
 * Norfolk Record Office, Norwich.", "… 1803. Bodleian Library, Oxford,
 * MS. Eng. lett. c. 917, fols. 33-36."  The last sentence names a
 * repository (an archive's or a library's word, its place after a
 * comma), the place in it — a short run with a number — is in that
 * sentence after the place or in the sentence or bracket before it.
 * Then c is that manuscript: the archive fields set, the fields the
 * labeller made of them cleared.  Returns 1 when so. */
int prim_archive_last(ref_citation *c, quire_arena *a)
{
	const char *r = c->raw;
	if (!r || !c->title || c->n_editors || c->url)
		return 0;
	size_t n = strlen(r);
	while (n && (r[n - 1] == '.' || r[n - 1] == ' '))
		n--;
	size_t ls = 0; /* the last sentence's start */
	for (size_t i = n; i-- > 1;)
		if (r[i] == ' ' && r[i - 1] == '.' && i + 1 < n && prim_stop_at(r, i - 1)) {
			ls = i + 1;
			break;
		}
	if (!ls || n - ls > 120)
		return 0;
	const char *L = r + ls;
	size_t ln = n - ls;
	const char *c1 = memchr(L, ',', ln);
	size_t rn = c1 ? (size_t)(c1 - L) : ln; /* the repository */
	char *repo = rtx_dup(a, L, rn);
	if (!repo || !rtx_has_any(repo, prim_repo_words) || memchr(L, '(', ln) ||
	    memchr(repo, ':', rn) || /* "New York: Scholastic Library Publishing" */
	    memchr(repo, '"', rn) || strstr(repo, "\xE2\x80\x9C") || strstr(repo, "\xE2\x80\x9D") ||
	    strstr(repo, "\xC2\xAB")) /* a quoted title ("“Library Closures …”") */
		return 0;
	/* a periodical named for a library ("Library Journal", "The Archive
	 * Gazette") */
	static const char *const periodical[] = {"journal", "gazette", "review", "quarterly",
		"times", "news", "magazine", "bulletin", "newsletter", "post", "herald", NULL};
	if (rtx_has_any(repo, periodical))
		return 0;
	/* a journal named for archives with its volume and pages ("Archives
	 * of Pediatrics …, 157, 572-578") */
	if (c->volume && c->page && (strchr(c->page, '-') || strstr(c->page, "\xE2\x80\x93")))
		return 0;
	for (size_t i = 0; i < rn; i++)
		if (isdigit((unsigned char)L[i]))
			return 0;
	const char *place = NULL, *loc = NULL;
	size_t pn = 0, lon = 0;
	if (c1) { /* ", Oxford" and perhaps ", MS. Eng. lett. …" */
		const char *p = c1 + 2;
		const char *c2 = memchr(p, ',', (size_t)(L + ln - p));
		pn = c2 ? (size_t)(c2 - p) : (size_t)(L + ln - p);
		place = p;
		if (c2) {
			loc = c2 + 2;
			lon = (size_t)(L + ln - loc);
			/* "…, Comune-Governo, reg. 317": a part that is no place
			 * opens the place in the archive */
			if (!prim_known_place(p, pn) && !prim_archive_seat(p, pn) &&
			    (!prim_place_shape(p, pn) || memchr(p, '-', pn))) {
				loc = p;
				lon = (size_t)(L + ln - p);
				place = NULL;
			}
		}
		for (size_t i = 0; place && i < pn; i++)
			if (isdigit((unsigned char)p[i]))
				return 0;
	}
	if (!loc) { /* the sentence or the bracket before */
		size_t e = ls - 2; /* the stop before the last sentence */
		while (e > 0 && r[e - 1] == ' ')
			e--;
		size_t b = e;
		if (b && r[b - 1] == ')') {
			while (b > 0 && r[b - 1] != '(')
				b--;
			if (!b)
				return 0;
			loc = r + b;
			lon = e - b - 1;
		} else {
			while (b > 1 && !(r[b - 1] == ' ' && r[b - 2] == '.' && prim_stop_at(r, b - 2)))
				b--;
			loc = r + b;
			lon = e - b;
		}
	}
	/* the place in the archive: short, with a number, no quotation */
	int digit = 0;
	size_t words = 1;
	for (size_t i = 0; i < lon; i++) {
		unsigned char ch = (unsigned char)loc[i];
		digit |= isdigit(ch) != 0;
		words += ch == ' ';
		if (ch == '"' || (ch == 0xE2 && i + 2 < lon && (unsigned char)loc[i + 1] == 0x80 &&
				  ((unsigned char)loc[i + 2] == 0x9C || (unsigned char)loc[i + 2] == 0x9D)))
			return 0; /* “…” */
	}
	/* not pages, nor a report's "(No. 17; Series)" */
	if (!lon || !digit || words > 10 || !strncmp(loc, "p. ", 3) || !strncmp(loc, "pp. ", 4) ||
	    !strncmp(loc, "No. ", 4) || memchr(loc, ';', lon))
		return 0;
	/* a volume the labeller read is the place's number ("Lima, 312"),
	 * or the entry is a periodical's */
	if (c->volume && !memmem(loc, lon, c->volume, strlen(c->volume)))
		return 0;
	/* not a date alone ("April 17, 1803", "1654") */
	ref_date d;
	if (prim_date_part(loc, lon, 1, a, &d))
		return 0;
	c->type = "manuscript";
	c->archive = repo;
	c->archive_place = place ? rtx_dup(a, place, pn) : NULL;
	c->archive_location = rtx_dup(a, loc, lon);
	/* the title ends before what the labeller ran into it: the closing
	 * quotation mark ("…Aylsham,” 1654"), the place in the archive in
	 * brackets ("… (MC 2291/4)"), a stop before a year or the repository */
	char *t = rtx_dup(a, c->title, strlen(c->title));
	if (t) {
		size_t tn = strlen(t), cut = tn;
		const char *q = strstr(t, "\xE2\x80\x9D");
		if (q)
			cut = (size_t)(q - t);
		for (const char *o = strstr(t, " ("); o; o = strstr(o + 1, " ("))
			if ((size_t)(o - t) < cut && o[2] &&
			    !strncmp(o + 2, loc, strnlen(o + 2, lon < 4 ? lon : 4)))
				cut = (size_t)(o - t);
		for (const char *o = strstr(t, ". "); o; o = strstr(o + 1, ". "))
			if ((size_t)(o - t) < cut &&
			    (isdigit((unsigned char)o[2]) || !strncmp(o + 2, repo, strlen(repo))))
				cut = (size_t)(o - t);
		while (cut && strchr(" ,.", t[cut - 1]))
			cut--;
		if (cut) {
			t[cut] = 0;
			c->title = t;
		}
	}
	c->container_title = c->publisher = c->place = NULL;
	c->volume = c->issue = c->page = c->edition = c->note = NULL;
	c->collection_title = c->genre = NULL;
	return 1;
}

/*
 * The source of the archive fields: the entry itself when an author or the
 * title named the repository (those fields held the repository and its
 * series, not a work's: they go, with the volume, issue and pages read
 * from "reg. 12, fol. 34r"), else the first of the note, publisher, place
 * and container that names one ("Box 4, folder 2, John Smith Papers,
 * State Archive"; it goes).
 */
void prim_archive_fields(ref_citation *c, quire_arena *a)
{
	int named = prim_archive_named(c);
	const char **fieldp[] = {&c->note, &c->publisher, &c->place, &c->container_title};
	const char **from_field = NULL;
	const char *src = named ? c->raw : NULL;
	for (size_t f = 0; !src && f < sizeof fieldp / sizeof fieldp[0]; f++)
		if (rtx_has_any(*fieldp[f], prim_repo_words)) {
			from_field = fieldp[f];
			src = *from_field;
		}
	const char *title = c->title;
	c->title = NULL;
	if (!src || !prim_archive_parse(c, src, named, named, a)) {
		c->title = title;
		return;
	}
	if (named) {
		c->authors = NULL;
		c->n_authors = 0;
		for (size_t i = 0; i < c->n_editors; i++)
			if (rtx_has_any(c->editors[i].family, prim_repo_words) ||
			    rtx_has_any(c->editors[i].given, prim_repo_words) ||
			    rtx_has_any(c->editors[i].literal, prim_repo_words)) {
				c->editors = NULL; /* the repository, read as editors */
				c->n_editors = 0;
			}
		c->container_title = NULL;
		c->volume = c->issue = c->page = NULL;
		c->publisher = NULL;
		if (c->place && c->archive_place && strcmp(c->place, c->archive_place) == 0)
			c->place = NULL;
		if (!c->issued.year) /* "PRO 30/22/1" read as a date */
			memset(&c->issued, 0, sizeof c->issued);
		if (c->issued.year && !c->issued.month && c->archive_location &&
		    prim_year_in_mark(c->archive_location, c->issued.year))
			memset(&c->issued, 0, sizeof c->issued); /* "MS Ashmole 1504" */
		if (c->note && c->archive_location) { /* "reg. 12" read as a note */
			const char *t = c->note;
			size_t k = strlen(t);
			rtx_trim(&t, &k, 0);
			if (memmem(c->archive_location, strlen(c->archive_location), t, k))
				c->note = NULL;
		}
	} else {
		c->title = title;
		*from_field = NULL;
	}
}

void prim_expand_archives(ref_citation *const *c, size_t n, quire_arena *a)
{
	enum { MAXDEF = 64 };
	const char *abbr[MAXDEF], *full[MAXDEF];
	size_t nd = 0;
	for (size_t i = 0; i < n && nd < MAXDEF; i++) {
		const char *s = c[i]->archive;
		size_t k = s ? strlen(s) : 0;
		if (k < 6 || s[k - 1] != ')')
			continue;
		const char *o = strrchr(s, '(');
		if (!o || o == s || o[-1] != ' ' || !prim_acronym(o + 1, (size_t)(s + k - 1 - (o + 1))))
			continue;
		char *ab = rtx_dup(a, o + 1, (size_t)(s + k - 1 - (o + 1)));
		char *fu = rtx_dup(a, s, (size_t)(o - 1 - s));
		if (!ab || !fu)
			return;
		size_t j = 0;
		while (j < nd && !prim_acronym_eq(abbr[j], ab))
			j++;
		if (j == nd) {
			abbr[nd] = ab;
			full[nd++] = fu;
		}
	}
	for (size_t i = 0; i < n && nd; i++) {
		const char *s = c[i]->archive;
		if (!s)
			continue;
		for (size_t j = 0; j < nd; j++) {
			size_t ka = strlen(abbr[j]), kf = strlen(full[j]);
			if ((prim_acronym(s, strlen(s)) && prim_acronym_eq(s, abbr[j])) ||
			    (strncmp(s, full[j], kf) == 0 && s[kf] == ' ' && s[kf + 1] == '(' &&
			     strncmp(s + kf + 2, abbr[j], ka) == 0 && s[kf + 2 + ka] == ')' &&
			     !s[kf + 3 + ka])) {
				c[i]->archive = full[j];
				break;
			}
		}
	}
}

/* ---- letters and interviews ---------------------------------------------- */

/* The labeller's fields that a printed collection keeps (the rest go);
 * t[0..k) is the part that opens it ("in Lettres de …"), the entry's
 * text from there. */
static void prim_keep_collection(ref_citation *c, const char *t, size_t k, quire_arena *a)
{
	/* a collection the labeller read as the title (no container) */
	if (!c->container_title && c->title && strstr(t, c->title))
		c->container_title = c->title;
	if (c->container_title && !strstr(t, c->container_title))
		c->container_title = NULL;
	/* none found: the part after "in" is the collection ("in Lettres de
	 * Mlle de Lespinasse, ed. Eugène Asse"), and a name the labeller
	 * made of its words is no editor */
	static const char *const in[] = {"in", "in:", "dans", "im", NULL};
	size_t s0 = prim_starts_any(t, k, in);
	if (!c->container_title && s0 && s0 < k) {
		const char *ct = t + s0;
		size_t cn = k - s0;
		rtx_trim(&ct, &cn, 0);
		c->container_title = cn ? rtx_dup(a, ct, cn) : NULL;
		size_t kept = 0;
		for (size_t i = 0; c->container_title && i < c->n_editors; i++) {
			const ref_name *e = &c->editors[i];
			const char *w = e->family ? e->family : e->literal;
			if (!w || !strstr(c->container_title, w))
				c->editors[kept++] = *e;
		}
		if (c->container_title)
			c->n_editors = kept;
	}
	c->title = NULL;
	c->authors = NULL;
	c->n_authors = 0;
	c->note = NULL;
	c->genre = NULL;
	memset(&c->issued, 0, sizeof c->issued);
}

/* Drops every field the labeller read (the entry is read here instead). */
static void prim_clear(ref_citation *c)
{
	const char *raw = c->raw;
	memset(c, 0, sizeof *c);
	c->raw = raw;
}

static const char *const prim_accessed_words[] = {"accessed", "retrieved",
	"consulted", "consulté", "abgerufen", "viewed", NULL};

/* Is the part a link, a DOI or an access date ("http://…", "doi:…",
 * "accessed 30 March 2003")?  Those stay the URL, DOI and accessed
 * fields, out of a location or a note. */
static int prim_link_part(const char *t, size_t k)
{
	return memmem(t, k, "://", 3) || (k > 4 && strncasecmp(t, "doi:", 4) == 0) ||
	       (k > 3 && strncmp(t, "10.", 3) == 0 && memchr(t, '/', k)) ||
	       prim_starts_any(t, k, prim_accessed_words);
}

/* The access date in part t[0..k) ("accessed 30 March 2003", also in
 * brackets after a link) into *d; 0 when there is none. */
static int prim_accessed(const char *t, size_t k, quire_arena *a, ref_date *d)
{
	for (size_t w = 0; prim_accessed_words[w]; w++) {
		size_t n = strlen(prim_accessed_words[w]);
		for (size_t i = 0; i + n < k; i++) {
			if (strncasecmp(t + i, prim_accessed_words[w], n) != 0 || t[i + n] != ' ' ||
			    (i && isalpha((unsigned char)t[i - 1])))
				continue;
			const char *b = t + i + n + 1;
			size_t m = k - (i + n + 1);
			const char *close = memchr(b, ')', m);
			if (close)
				m = (size_t)(close - b);
			if (m > 3 && strncmp(b, "on ", 3) == 0) {
				b += 3;
				m -= 3;
			}
			ref_parse_date(b, m, a, d);
			return d->year != 0;
		}
	}
	return 0;
}

/* What follows the letter or interview's own parts: the collection or
 * periodical it was printed in ("in …", or a container the labeller found
 * there when printed_ok), an archive, or a note. */
static void prim_rest(ref_citation *c, const prim_parts *p, uint64_t own,
		      size_t after, const ref_date *date, int printed_ok,
		      quire_arena *a)
{
	size_t k;
	const char *t = after < p->n ? prim_part(p, after, &k) : NULL;
	static const char *const in[] = {"in", "in:", "dans", "im", NULL};
	if (t && (prim_starts_any(t, k, in) ||
		  (printed_ok && c->container_title && strstr(t, c->container_title)))) {
		prim_keep_collection(c, t, k, a);
	} else {
		/* a link, a DOI and an access date stay (the labeller reads
		 * them well); their parts are neither location nor note */
		ref_date accessed = c->accessed, d;
		for (size_t i = 0; i < p->n; i++) {
			t = prim_part(p, i, &k);
			if (!prim_link_part(t, k))
				continue;
			own |= (uint64_t)1 << i;
			if (!accessed.year && prim_accessed(t, k, a, &d))
				accessed = d;
		}
		char *rest = prim_join(p, own, a);
		const char *url = c->url, *doi = c->doi;
		prim_clear(c);
		c->url = url;
		c->doi = doi;
		c->accessed = accessed;
		int marked = rest && (prim_shelfmark(rest) || prim_folio(rest));
		if (rest && (marked || rtx_has_any(rest, prim_repo_words)) &&
		    prim_archive_parse(c, rest, 1, 0, a)) {
			/* in an archive */
		} else if (marked) {
			c->archive_location = rest; /* an archive's mark alone */
		} else {
			c->note = rest;
		}
	}
	if (date)
		c->issued = *date;
}

/* A letter's head in part t[0..k): "[Letter from] A to B"; the spans of A
 * and B; *lead when the word Letter (or its like) opened it. */
static int prim_letter_head(const char *t, size_t k, const char **from, size_t *fn,
			    const char **to, size_t *tn, int *lead)
{
	static const char *const letter[] = {"letter from", "letter of",
		"lettre de", "lettera di", "lettera del", "carta de",
		"carta del", "brief von", "brief an", "letter", "lettre",
		"lettera", "carta", "brief", NULL};
	static const char *const to_lead[] = {"to", "an", "à", "a", "al",
		"aan", "au", NULL};
	static const char *const to_bare[] = {"to", "an", NULL};
	size_t s0 = prim_starts_any(t, k, letter);
	*lead = s0 != 0;
	const char *s = t + s0;
	size_t n = k - s0, i = 0, wk;
	const char *w;
	while ((wk = prim_word(s, n, &i, &w)) != 0) {
		if (w == s || !prim_word_in(w, wk, *lead ? to_lead : to_bare, 0))
			continue;
		size_t an = (size_t)(w - s);
		while (an && s[an - 1] == ' ')
			an--;
		const char *b = w + wk;
		size_t bn = (size_t)(s + n - b);
		while (bn && *b == ' ') {
			b++;
			bn--;
		}
		/* "Letter from the Board of Trade to …": an office may
		 * write, after the word Letter */
		if (prim_name_like(s, an, *lead) && prim_name_like(b, bn, 1)) {
			*from = s;
			*fn = an;
			*to = b;
			*tn = bn;
			return 1;
		}
	}
	return 0;
}

/* Drops a leading "the " from the span s[0..*n). */
static void prim_drop_the(const char **s, size_t *n)
{
	if (*n > 4 && strncmp(*s, "the ", 4) == 0) {
		*s += 4;
		*n -= 4;
	}
}

/* Do the parts from j on name an archive or a shelfmark ("TNA, T
 * 1/12345", "Bodleian Library, MS Abinger c. 45")? */
static int prim_archival_tail(const prim_parts *p, size_t j)
{
	if (j >= p->n)
		return 0;
	const char *tail = p->s + p->b[j];
	size_t k;
	const char *t = prim_part(p, j, &k);
	return rtx_has_any(tail, prim_repo_words) || prim_shelfmark(tail) ||
	       prim_folio(tail) || (prim_acronym(t, k) && j + 1 < p->n);
}

/* Is the addressee s[0..n) a body ("the Senate", "the Board of Trade"),
 * which a title's "to" hardly names? */
static int prim_to_office(const char *s, size_t n, quire_arena *a)
{
	ref_name *nm = NULL;
	int etal = 0;
	prim_drop_the(&s, &n);
	return ref_parse_names(s, n, a, &nm, &etal) == 1 && nm[0].literal;
}

/* Is the letter printed in a collection, its writer a whole name: "Julie
 * de Lespinasse to the Comte de Guibert, 14 October 1774, in Lettres de
 * Mlle de Lespinasse, ed. …" — a writer of two or more words and "in"
 * right after the date, which a title of that form ("Journey to Italy,
 * 12 March 1880") hardly has? */
static int prim_printed_letter(const prim_parts *p, size_t j, const char *from, size_t fn)
{
	static const char *const in[] = {"in", "in:", NULL};
	size_t k = 0, i = 0, words = 0;
	const char *w;
	if (j >= p->n)
		return 0;
	const char *t = prim_part(p, j, &k);
	if (!prim_starts_any(t, k, in))
		return 0;
	while (prim_word(from, fn, &i, &w) != 0)
		words++;
	return words >= 2;
}

static int prim_letter(ref_citation *c, const prim_parts *p, quire_arena *a)
{
	for (size_t i = 0; i < p->n; i++) {
		size_t k, fn, tn;
		const char *t = prim_part(p, i, &k), *from, *to;
		int lead;
		if (!prim_letter_head(t, k, &from, &fn, &to, &tn, &lead))
			continue;
		ref_date d;
		size_t dated = prim_date_at(p, i + 1, lead, a, &d);
		if (!dated && !lead)
			continue;
		/* a title has that form too ("Journey to Italy, 12 March
		 * 1880"): without the word Letter, the labeller must not have
		 * read the head as a title (or a periodical's: "…, 12 March
		 * 1880" is how a newspaper is cited) from its first word —
		 * unless an archive follows ("Foreign Office to Treasury, 3 May
		 * 1920, TNA, T 1/12345") */
		int named = (c->title && strncmp(t, c->title, strlen(c->title)) == 0) ||
			    (c->container_title &&
			     strncmp(t, c->container_title, strlen(c->container_title)) == 0);
		if (!lead && named && !prim_archival_tail(p, i + 1 + dated) &&
		    !prim_to_office(to, tn, a) && !prim_printed_letter(p, i + 1 + dated, from, fn))
			continue;
		uint64_t own = (uint64_t)1 << i;
		for (size_t j = 1; j <= dated; j++)
			own |= (uint64_t)1 << (i + j);
		ref_name *au = NULL, *re = NULL;
		int etal = 0;
		prim_drop_the(&from, &fn); /* "the Board of Trade" */
		size_t nau = ref_parse_names(from, fn, a, &au, &etal);
		prim_drop_the(&to, &tn); /* "the Comte de Guibert" */
		size_t nre = ref_parse_names(to, tn, a, &re, &etal);
		prim_rest(c, p, own, i + 1 + dated, dated ? &d : NULL, 0, a);
		c->type = "personal_communication";
		c->authors = au;
		c->n_authors = nau;
		c->recipients = re;
		c->n_recipients = nre;
		return 1;
	}
	return 0;
}

/* Does the interviewer's text say the author of the paper ("the author",
 * "l'auteur")?  Then no one is named. */
static int prim_by_author(const char *s)
{
	static const char *const me[] = {"author", "auteur", "autore", "autor",
		"verfasser", NULL};
	return rtx_has_any(s, me);
}

static int prim_interview(ref_citation *c, const prim_parts *p, quire_arena *a)
{
	static const char *const with[] = {"interview with", "interviewed",
		"entretien avec", "intervista a", "intervista con",
		"interview mit", "gespräch mit", "entrevista con", "entrevista a",
		NULL};
	static const char *const by[] = {"interview by", "interviewed by",
		"interview conducted by", "entretien réalisé par",
		"entretien mené par", "interview von", "intervista di",
		"entrevista realizada por", NULL};
	static const char *const conducted[] = {"conducted by", "by", "réalisé par",
		"mené par", NULL};
	for (size_t i = 0; i < p->n; i++) {
		size_t k, s0;
		const char *t = prim_part(p, i, &k);
		const char *who = NULL, *iv = NULL;
		size_t whon = 0, ivn = 0;
		uint64_t own = (uint64_t)1 << i;
		/* the title of a printed interview ("« Interview with X, … »") */
		if (prim_quoted(p, i))
			continue;
		if ((s0 = prim_starts_any(t, k, by)) != 0) {
			size_t pk;
			const char *prev = i ? prim_part(p, i - 1, &pk) : NULL;
			if (!prev || !prim_name_like(prev, pk, 0))
				continue;
			who = prev;
			whon = pk;
			own |= (uint64_t)1 << (i - 1);
			iv = t + s0;
			ivn = k - s0;
		} else if ((s0 = prim_starts_any(t, k, with)) != 0 &&
			   prim_name_like(t + s0, k - s0, 0)) {
			who = t + s0;
			whon = k - s0;
			size_t ck, c0;
			const char *cb = i + 1 < p->n ? prim_part(p, i + 1, &ck) : NULL;
			if (cb && (c0 = prim_starts_any(cb, ck, conducted)) != 0) {
				own |= (uint64_t)1 << (i + 1);
				iv = cb + c0;
				ivn = ck - c0;
			}
		} else {
			continue;
		}
		if (iv) {
			char *ivs = rtx_dup(a, iv, ivn);
			if (!ivs || prim_by_author(ivs) || !prim_name_like(iv, ivn, 0))
				iv = NULL;
		}
		/* the place and the date in the parts after it */
		ref_date d;
		memset(&d, 0, sizeof d);
		size_t dated = 0, last = i + 1;
		while (last < p->n && (own & ((uint64_t)1 << last)))
			last++;
		const char *place = NULL;
		size_t pk;
		const char *pt = last < p->n ? prim_part(p, last, &pk) : NULL;
		if ((dated = prim_date_at(p, last, 1, a, &d)) != 0) {
			for (size_t j = 0; j < dated; j++)
				own |= (uint64_t)1 << (last + j);
			last += dated;
		} else if (pt && prim_place_shape(pt, pk) &&
			   (dated = prim_date_at(p, last + 1, 1, a, &d)) != 0) {
			char *pl = rtx_dup(a, pt, pk);
			if (pl && !rtx_has_any(pl, prim_repo_words)) {
				place = pl;
				for (size_t j = 0; j <= dated; j++)
					own |= (uint64_t)1 << (last + j);
				last += dated + 1;
			} else {
				dated = 0;
			}
		}
		ref_name *au = NULL, *ivw = NULL;
		int etal = 0;
		size_t nau = ref_parse_names(who, whon, a, &au, &etal);
		size_t niv = iv ? ref_parse_names(iv, ivn, a, &ivw, &etal) : 0;
		ref_date keep = c->issued;
		prim_rest(c, p, own, last, dated ? &d : NULL, 1, a);
		if (!dated && c->container_title)
			c->issued = keep; /* a printed interview's date */
		c->type = "interview";
		c->authors = au;
		c->n_authors = nau;
		c->interviewers = ivw;
		c->n_interviewers = niv;
		if (place)
			c->place = place;
		return 1;
	}
	return 0;
}

/* ---- classics ------------------------------------------------------------ */

/* A canonical locator: numbers joined by periods or colons ("1.22.1",
 * "2.484–93", "5:3–12"), or a number with a letter (Bekker "1253a7–18",
 * Stephanus "514a–517a"), a range after a dash; never a bare number (a
 * page). */
static int prim_canonical(const char *s, size_t n)
{
	int dotted = 0, lettered = 0;
	if (!n || n > 24 || !isdigit((unsigned char)s[0]))
		return 0;
	for (size_t i = 0; i < n;) {
		unsigned char ch = (unsigned char)s[i];
		int next_digit = i + 1 < n && isdigit((unsigned char)s[i + 1]);
		if (isdigit(ch) || (ch == '-' && next_digit)) {
			i++;
		} else if ((ch == '.' || ch == ':') && isdigit((unsigned char)s[i - 1]) && next_digit) {
			dotted = 1;
			i++;
		} else if (ch >= 'a' && ch <= 'e' && isdigit((unsigned char)s[i - 1]) &&
			   (i + 1 == n || next_digit || s[i + 1] == '-' ||
			    (unsigned char)s[i + 1] == 0xE2)) {
			lettered = 1;
			i++;
		} else if (ch == 0xE2 && i + 3 < n && (unsigned char)s[i + 1] == 0x80 &&
			   ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94) &&
			   isdigit((unsigned char)s[i + 3])) {
			i += 3;
		} else {
			return 0;
		}
	}
	return dotted || lettered;
}

/* The locator with its dashes as "-" ("2.484–93" → "2.484-93"). */
static char *prim_locator(const char *s, size_t n, quire_arena *a)
{
	char *o = quire_arena_alloc(a, n + 1);
	size_t k = 0;
	for (size_t i = 0; o && i < n; i++) {
		if ((unsigned char)s[i] == 0xE2 && i + 2 < n) {
			o[k++] = '-';
			i += 2;
		} else {
			o[k++] = s[i];
		}
	}
	if (o)
		o[k] = 0;
	return o;
}

/*
 * An ancient or medieval text cited by its canonical place: "Aristotle,
 * Politics 1253a7–18", "Augustine, Confessions 8.12.29" (author, work,
 * locator), "Hom. Il. 2.484–93", "Cic. Off. 1.22" (abbreviated author and
 * work), "Thuc. 1.22.1" (one abbreviation: the work's title).  The whole
 * entry is that and nothing else: no year, no digits before the locator,
 * no comma right before it ("Lane, Venice, 2:112" is a modern volume and
 * page), at most six words, and no word that opens a modern locator
 * ("Vol.", "Fig.", "p.", "ch.", "Ibid.").
 */
static int prim_classic(ref_citation *c, quire_arena *a)
{
	static const char *const not_works[] = {"vol", "vols", "fig", "figs",
		"ibid", "ibidem", "id", "idem", "cf", "see", "p", "pp", "ch", "chap",
		"sec", "no", "nos", "art", "para", "tab", "eq", "n", "nn", "s", "ff",
		"bd", "nr", "op", "loc", "ders", "ebd", "l", "ll", "fol", "fols",
		"vgl", "voir", "table", "figure", "chapter", "section", "page",
		"pages", "note", "notes", "part", "book", "line", "lines", "v", "vv",
		"version", "release", NULL};
	const char *s = c->raw;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	size_t lb = n;
	while (lb && s[lb - 1] != ' ')
		lb--;
	if (!lb || !prim_canonical(s + lb, n - lb))
		return 0;
	size_t hn = lb;
	while (hn && s[hn - 1] == ' ')
		hn--;
	/* "Lane, Venice, 2:112": a comma before it makes a modern pinpoint */
	if (!hn || hn > 64 || s[hn - 1] == ',')
		return 0;
	const char *comma = memchr(s, ',', hn);
	size_t i = 0, k, words = 0;
	const char *w;
	while ((k = prim_word(s, hn, &i, &w)) != 0) {
		size_t core = k;
		while (core && (w[core - 1] == '.' || w[core - 1] == ','))
			core--;
		if (++words > 6 || !core || prim_word_in(w, core, not_works, 1))
			return 0;
		for (size_t j = 0; j < k; j++)
			if (isdigit((unsigned char)w[j]) || strchr("\"'()[]:;«»“”", w[j]))
				return 0;
		/* without a comma every word is a capitalised abbreviation */
		if (!comma && (w[k - 1] != '.' || !isupper((unsigned char)w[0])))
			return 0;
	}
	const char *au = NULL, *ti = NULL;
	size_t aun = 0, tin = 0;
	if (comma) {
		if (memchr(comma + 1, ',', (size_t)(s + hn - comma - 1)))
			return 0;
		au = s;
		aun = (size_t)(comma - s);
		ti = comma + 1;
		tin = (size_t)(s + hn - ti);
		while (tin && *ti == ' ') {
			ti++;
			tin--;
		}
		if (!prim_name_like(au, aun, 0) || !tin)
			return 0;
	} else if (words == 1) {
		ti = s;
		tin = hn;
	} else {
		i = 0;
		k = prim_word(s, hn, &i, &w);
		au = w;
		aun = k;
		ti = s + i + 1;
		tin = hn - i - 1;
	}
	ref_name *names = NULL;
	int etal = 0;
	size_t nn = 0;
	if (au && au[aun - 1] == '.') { /* "Hom.": the abbreviation as written */
		names = quire_arena_alloc(a, sizeof *names);
		if (!names)
			return 0;
		memset(names, 0, sizeof *names);
		names->literal = rtx_dup(a, au, aun);
		nn = 1;
	} else if (au) {
		nn = ref_parse_names(au, aun, a, &names, &etal);
	}
	char *title = rtx_dup(a, ti, tin);
	char *loc = prim_locator(s + lb, n - lb, a);
	if (!title || !loc)
		return 0;
	prim_clear(c);
	c->type = "classic";
	c->authors = names;
	c->n_authors = nn;
	c->title = title;
	c->locator = loc;
	return 1;
}

int prim_personal(ref_citation *c, quire_arena *a)
{
	if (!c->raw || !*c->raw)
		return 0;
	prim_parts p;
	prim_split(c->raw, &p);
	return prim_letter(c, &p, a) || prim_interview(c, &p, a) || prim_classic(c, a);
}
