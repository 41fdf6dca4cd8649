/*
 * fields.c — from labelled tokens to a structured citation (ref_fields),
 * and ref_parse = ref_label_string + ref_fields.
 *
 * The labeller decides WHICH words are the author, the date, the volume;
 * this file decides what they MEAN: names into family / given / particle /
 * suffix, dates into year / month / day, "106(3)" into volume and issue,
 * page ranges, DOIs, URLs and ISBNs cleaned, and the entry's CSL type.
 *
 * Decisions:
 *  - Names are parsed exactly as written, never guessed from where a name
 *    seems to come from: "Jun, Niu" is family Jun; "Jian Chen" (no comma)
 *    is given Jian, family Chen.  A comma makes a name inverted only when
 *    the part before it has one family word (particles and "Jr." aside) or
 *    the part after it is initials, so "Jian Chen, Jun Niu" stays a list of
 *    two given-first names, and "Chen, Jian, Jun Niu" (Chicago) is one
 *    inverted name and one given-first name.  Vancouver "Smith J" (a last
 *    word of capital initials without periods) is family first.
 *  - Particles are the lower-case words before a family name ("van der",
 *    "de"); "De Gaulle" written with a capital is a family name.  They go
 *    to CSL's non-dropping-particle (kept with the family name).
 *  - A list is split on ";" first, then each piece is either a corporate
 *    author (an institution word such as University, Center, Bank,
 *    Ministry — or an all-capital acronym) kept whole as a literal, so
 *    "Department of Health and Human Services" is not split at "and", or
 *    split on "and", "und", "et", "&" and ", and".  "et al.", "u.a.",
 *    "and others" set a flag.  Role words (ed., eds., Hrsg., trans., edited
 *    by, a cura di) are dropped.
 *  - Dates: the first year (1000–2999, with an optional letter: 1998a) is
 *    the year; a month name (English, German, French, Spanish, Italian, or
 *    a unique prefix of at least three letters: "Jun.", "Sept.") and a day
 *    next to it complete it; ISO 2003-03-30 and 30.03.2003 are read; a
 *    second year after a dash is the end of a range; "[1905]", "c. 1905",
 *    "ca. 1905" are circa; "n.d.", "o.J.", "s.d." give the literal "n.d.".
 *    Whether a "1945–1963" is a date at all is the labeller's decision.
 *  - Scalar fields take the first run of their label; names take every run.
 *  - Output strings have their white space collapsed to single spaces.
 *  - Work is linear in the input: the name parser caps a list at 1000 names
 *    and a name at 64 words (the rest is one literal).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "primary.h"
#include "refs.h"

#define FLD_MAX_NAMES 1000
#define FLD_MAX_WORDS 64
/* What labelling one entry may take (ref_parse_ctx's scratch arena): a
 * 100 kB entry needs about 60 MB. */
#define REF_SCRATCH_BUDGET ((size_t)256 << 20)

/* ---- small string helpers ------------------------------------------------ */

/* Bytes of the white space character at s (n bytes left), 0 if none:
 * ASCII space, tab, CR, LF, NBSP, and the spaces U+2000..U+200B, U+202F. */
static size_t fld_ws(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v')
		return 1;
	if (c == 0xC2 && n >= 2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if (c == 0xE2 && n >= 3 && (unsigned char)s[1] == 0x80 &&
	    (((unsigned char)s[2] >= 0x80 && (unsigned char)s[2] <= 0x8B) ||
	     (unsigned char)s[2] == 0xAF))
		return 3;
	return 0;
}

/* Bytes of a dash at s (hyphen, en, em, figure, minus, horizontal bar). */
static size_t fld_dash(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c == '-')
		return 1;
	if (c == 0xE2 && n >= 3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x95)
		return 3;
	if (c == 0xE2 && n >= 3 && (unsigned char)s[1] == 0x88 &&
	    (unsigned char)s[2] == 0x92)
		return 3;
	return 0;
}

/* Bytes of a quotation mark or guillemet at s. */
static size_t fld_quote(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c == '"' || c == '\'' || c == '`')
		return 1;
	if (c == 0xC2 && n >= 2 &&
	    ((unsigned char)s[1] == 0xAB || (unsigned char)s[1] == 0xBB))
		return 2;
	if (c == 0xE2 && n >= 3 && (unsigned char)s[1] == 0x80) {
		unsigned char d = (unsigned char)s[2];
		if ((d >= 0x98 && d <= 0x9F) || d == 0xB9 || d == 0xBA)
			return 3;
	}
	if (c == 0xE3 && n >= 3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] >= 0x8C && (unsigned char)s[2] <= 0x8F)
		return 3;
	return 0;
}

/* Length of the UTF-8 sequence ending just before s+n (>= 1). */
static size_t fld_last_len(const char *s, size_t n)
{
	size_t k = 1;
	while (k < n && k < 4 && ((unsigned char)s[n - k] & 0xC0) == 0x80)
		k++;
	return k;
}

/* A copy of s[0..n) in a with white space runs collapsed to one space and
 * trimmed; NULL when out of memory. */
char *fld_dup(quire_arena *a, const char *s, size_t n)
{
	char *out = quire_arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	int space = 0;
	for (size_t i = 0; i < n;) {
		size_t w = fld_ws(s + i, n - i);
		if (w) {
			space = 1;
			i += w;
			continue;
		}
		if (space && k)
			out[k++] = ' ';
		space = 0;
		out[k++] = s[i++];
	}
	out[k] = 0;
	return out;
}

/* Trims white space from both ends of the span *s, *n. */
static void fld_trim_ws(const char **s, size_t *n)
{
	size_t w;
	while (*n && (w = fld_ws(*s, *n)) != 0) {
		*s += w;
		*n -= w;
	}
	while (*n) {
		size_t k = fld_last_len(*s, *n);
		if (!fld_ws(*s + *n - k, k))
			break;
		*n -= k;
	}
}

/* Counts c in s[0..n). */
static size_t fld_count(const char *s, size_t n, char c)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

/* Trims white space, the punctuation that separates fields (, ; : and a
 * final period unless keep_period; a leading "=", as in a German series
 * "(= Hansische Studien, Bd. 4)") and quotation marks around the text;
 * brackets around the whole are removed, unbalanced closing brackets at
 * the end dropped. */
void fld_trim(const char **s, size_t *n, int keep_period)
{
	for (int round = 0; round < 8; round++) {
		size_t before = *n;
		fld_trim_ws(s, n);
		while (*n && strchr(",;:=", (*s)[0])) {
			(*s)++;
			(*n)--;
		}
		while (*n && strchr(",;:", (*s)[*n - 1]))
			(*n)--;
		/* a period after a closing quotation mark ("« Titre ».",
		 * "“Title”.") ends the sentence, never the field */
		if (keep_period && *n >= 2 && (*s)[*n - 1] == '.') {
			size_t k = fld_last_len(*s, *n - 1);
			if (fld_quote(*s + *n - 1 - k, k))
				(*n)--;
		}
		if (!keep_period && *n && (*s)[*n - 1] == '.' &&
		    !(*n >= 3 && (*s)[*n - 2] == '.' && (*s)[*n - 3] == '.')) {
			/* keep the period of a one-letter initial or "ed."-like
			 * abbreviation?  Fields other than names drop it. */
			(*n)--;
		}
		fld_trim_ws(s, n);
		size_t q;
		if (*n && (q = fld_quote(*s, *n)) != 0) {
			*s += q;
			*n -= q;
		}
		if (*n) {
			size_t k = fld_last_len(*s, *n);
			if (fld_quote(*s + *n - k, k))
				*n -= k;
		}
		if (*n >= 2 && (((*s)[0] == '(' && (*s)[*n - 1] == ')') ||
				((*s)[0] == '[' && (*s)[*n - 1] == ']')) &&
		    fld_count(*s + 1, *n - 2, (*s)[0]) ==
			    fld_count(*s + 1, *n - 2, (*s)[*n - 1])) {
			(*s)++;
			*n -= 2;
		}
		if (*n && ((*s)[*n - 1] == ')' || (*s)[*n - 1] == ']')) {
			char open = (*s)[*n - 1] == ')' ? '(' : '[';
			if (fld_count(*s, *n, open) < fld_count(*s, *n, (*s)[*n - 1]))
				(*n)--;
		}
		if (*n && ((*s)[0] == '(' || (*s)[0] == '[')) {
			char close = (*s)[0] == '(' ? ')' : ']';
			if (fld_count(*s, *n, close) < fld_count(*s, *n, (*s)[0])) {
				(*s)++;
				(*n)--;
			}
		}
		if (*n == before)
			break;
	}
}

/* ASCII case-insensitive: does s[0..n) start with the word w (followed by
 * end, a non-letter)?  Returns the length of w when it does, else 0. */
static size_t fld_word_at(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (k > n || strncasecmp(s, w, k) != 0)
		return 0;
	if (k < n && (isalpha((unsigned char)s[k]) ||
		      (unsigned char)s[k] >= 0x80))
		return 0;
	return k;
}

/* Removes a leading prefix word of list (each tried with and without a
 * trailing '.' or ':'), repeatedly; returns 1 if one was removed. */
static int fld_strip_prefix(const char **s, size_t *n, const char *const *list)
{
	int any = 0;
	for (int round = 0; round < 4; round++) {
		fld_trim_ws(s, n);
		int hit = 0;
		for (size_t i = 0; list[i] && !hit; i++) {
			size_t k = fld_word_at(*s, *n, list[i]);
			if (!k)
				continue;
			while (k < *n && ((*s)[k] == '.' || (*s)[k] == ':'))
				k++;
			*s += k;
			*n -= k;
			hit = any = 1;
		}
		if (!hit)
			break;
	}
	fld_trim_ws(s, n);
	return any;
}

/* ---- names ------------------------------------------------------------- */

typedef struct fld_span {
	const char *s;
	size_t n;
} fld_span;

static int fld_is_upper_start(const fld_span *w)
{
	unsigned char c = (unsigned char)w->s[0];
	if (c < 0x80)
		return isupper(c);
	/* Non-ASCII: Latin-1 capitals À..Þ (C3 80..9E), or any other script
	 * (no case: count as a name word). */
	if (c == 0xC3 && w->n > 1)
		return (unsigned char)w->s[1] >= 0x80 &&
		       (unsigned char)w->s[1] <= 0x9E &&
		       (unsigned char)w->s[1] != 0x97;
	if (c == 0xC4 || c == 0xC5)
		return w->n > 1 && ((unsigned char)w->s[1] & 1) == 0;
	return 1;
}

static int fld_is_lower_start(const fld_span *w)
{
	unsigned char c = (unsigned char)w->s[0];
	if (c < 0x80)
		return islower(c);
	return !fld_is_upper_start(w);
}

static int fld_word_is(const fld_span *w, const char *x)
{
	return strlen(x) == w->n && memcmp(x, w->s, w->n) == 0;
}

/* Does the word start with x? */
static int fld_span_starts(const fld_span *w, const char *x)
{
	size_t k = strlen(x);
	return w->n >= k && memcmp(w->s, x, k) == 0;
}

/* A particle: a lower-case word of the usual list. */
static int fld_is_particle(const fld_span *w)
{
	static const char *const list[] = {
		"van", "von", "der", "den", "de", "del", "della", "delle", "dei",
		"degli", "di", "da", "das", "dos", "do", "du", "la", "le", "les",
		"ter", "ten", "te", "zu", "zum", "zur", "vom", "van't", "'t", "d'",
		"al", "el", "bin", "ibn", "af", "av", "y", NULL};
	if (!fld_is_lower_start(w))
		return 0;
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == w->n && memcmp(list[i], w->s, w->n) == 0)
			return 1;
	return 0;
}

/* A suffix word: Jr., Jr, Sr., Sr, II, III, IV. */
static int fld_is_suffix(const fld_span *w)
{
	static const char *const list[] = {"Jr.", "Jr", "Sr.", "Sr", "jr.",
		"II", "III", "IV", "Jun.", "Sen.", NULL};
	size_t n = w->n;
	while (n && w->s[n - 1] == ',')
		n--;
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && memcmp(list[i], w->s, n) == 0)
			return 1;
	return 0;
}

/* Initials: "J.", "J.-P.", "A.B.", "Ch.", "JA", "J" — groups of one
 * capital (with at most one lower-case letter before a period: "Ch.",
 * "Th."), or up to three capitals without periods. */
static int fld_is_initials(const fld_span *w)
{
	size_t i = 0, groups = 0, dots = 0, caps = 0;
	if (!w->n)
		return 0;
	while (i < w->n) {
		unsigned char c = (unsigned char)w->s[i];
		if (c == '.' || c == '-') {
			dots += c == '.';
			i++;
			continue;
		}
		if (!isupper(c))
			return 0;
		caps++;
		i++;
		groups++;
		if (i < w->n && islower((unsigned char)w->s[i])) {
			i++;
			if (i >= w->n || w->s[i] != '.')
				return 0;
		}
	}
	if (dots)
		return groups <= 4;
	return caps <= 3 && caps == w->n;
}

/* Vancouver initials: capitals only, no periods inside ("J", "JA",
 * "JAB"; "KM." at the end of a list keeps its period). */
static int fld_is_bare_initials(const fld_span *w)
{
	size_t n = w->n;
	if (n >= 2 && w->s[n - 1] == '.')
		n--;
	if (!n || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isupper((unsigned char)w->s[i]))
			return 0;
	return 1;
}

static char *fld_join(quire_arena *a, const fld_span *w, size_t k)
{
	if (!k)
		return NULL;
	const char *b = w[0].s;
	const char *e = w[k - 1].s + w[k - 1].n;
	const char *s = b;
	size_t n = (size_t)(e - b);
	while (n && (s[n - 1] == ',' || s[n - 1] == ';'))
		n--;
	return n ? fld_dup(a, s, n) : NULL;
}

/* A name written given-first: "J. van der Berg", "Jian Chen", "John
 * Smith Jr.". */
static void fld_name_given_first(const fld_span *w, size_t k, quire_arena *a,
				 ref_name *nm)
{
	while (k > 1 && fld_is_suffix(&w[k - 1])) {
		if (!nm->suffix)
			nm->suffix = fld_join(a, &w[k - 1], 1);
		k--;
	}
	if (k == 1) {
		nm->family = fld_join(a, w, 1);
		return;
	}
	size_t p = k; /* first particle */
	for (size_t i = 1; i + 1 < k; i++)
		if (fld_is_particle(&w[i])) {
			p = i;
			break;
		}
	if (p < k) {
		size_t f = p;
		while (f + 1 < k && fld_is_particle(&w[f]))
			f++;
		nm->given = fld_join(a, w, p);
		nm->particle = fld_join(a, w + p, f - p);
		nm->family = fld_join(a, w + f, k - f);
		return;
	}
	nm->given = fld_join(a, w, k - 1);
	nm->family = fld_join(a, w + k - 1, 1);
}

/* A family part "van der Berg", "Smith Jr." into nm (family, particle,
 * suffix). */
static void fld_family_part(const fld_span *w, size_t k, quire_arena *a,
			    ref_name *nm)
{
	while (k > 1 && fld_is_suffix(&w[k - 1])) {
		nm->suffix = fld_join(a, &w[k - 1], 1);
		k--;
	}
	size_t f = 0;
	while (f + 1 < k && fld_is_particle(&w[f]))
		f++;
	if (f)
		nm->particle = fld_join(a, w, f);
	nm->family = fld_join(a, w + f, k - f);
}

/* A given part "J.", "Charles", "J. van der" (a trailing particle). */
static void fld_given_part(const fld_span *w, size_t k, quire_arena *a,
			   ref_name *nm)
{
	size_t g = k;
	while (g > 1 && fld_is_particle(&w[g - 1]))
		g--;
	if (g < k && !nm->particle)
		nm->particle = fld_join(a, w + g, k - g);
	else
		g = k;
	nm->given = fld_join(a, w, g);
}

/* Family words of a part (particles and suffixes aside). */
static size_t fld_family_words(const fld_span *w, size_t k)
{
	size_t c = 0;
	static const char *const cap_particles[] = {"De", "Van", "Von", "Du",
		"Da", "Di", "Del", "Della", "La", "Le", "Ter", "Ten", "Mac", "St.",
		"Al", "El", "Ibn", "Bin", "Dos", "Das", "Der", "Den", NULL};
	for (size_t i = 0; i < k; i++) {
		if (fld_is_particle(&w[i]) || fld_is_suffix(&w[i]))
			continue;
		int cp = 0;
		for (size_t j = 0; cap_particles[j] && !cp; j++)
			cp = i + 1 < k && fld_word_is(&w[i], cap_particles[j]);
		if (!cp)
			c++;
	}
	return c;
}

static int fld_all_initials(const fld_span *w, size_t k)
{
	if (!k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (!fld_is_initials(&w[i]) && !fld_is_particle(&w[i]))
			return 0;
	return 1;
}

static int fld_all_suffix(const fld_span *w, size_t k)
{
	if (!k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (!fld_is_suffix(&w[i]))
			return 0;
	return 1;
}

/* Looks like a given name: initials, or up to three words that start with
 * a capital (or trailing particles: "J. van der"). */
static int fld_given_like(const fld_span *w, size_t k)
{
	if (!k || k > 4 || fld_all_suffix(w, k))
		return 0;
	if (fld_all_initials(w, k))
		return 1;
	size_t cap = 0;
	for (size_t i = 0; i < k; i++) {
		if (fld_is_upper_start(&w[i]))
			cap++;
		else if (!fld_is_particle(&w[i]))
			return 0;
	}
	return cap >= 1 && cap <= 3;
}

static const char *const fld_institution_words[] = {
	"University", "Universität", "Université", "Universidad", "Università",
	"Center", "Centre", "Institute", "Institut", "Instituto", "Istituto",
	"Bank", "Organization", "Organisation", "Association", "Society",
	"Council", "Committee", "Commission", "Ministry", "Ministerium",
	"Ministère", "Department", "Office", "Agency", "Foundation",
	"Stiftung", "Government", "Bureau", "Group", "Company", "Inc.", "Inc",
	"Ltd", "Ltd.", "Corporation", "League", "Nations", "Board", "Service",
	"Library", "Museum", "Archives", "Trust", "Fund", "Union", "Party",
	"Congress", "Parliament", "Senate", "Assembly", "Court", "Network",
	"Project", "Program", "Programme", "Consortium", "Federation",
	"Academy", "Akademie", "Académie", "School", "College", "Laboratory",
	"International", "National", "Nationale", "Authority", "Secretariat",
	"Administration", "Forum", "Alliance", "Coalition", "Initiative",
	"Institution", "Council", "Team", "Working", NULL};

/* Is the piece a corporate author?  An institution word and no name-like
 * inverted pair, or one all-capital word of two or more letters. */
static int fld_is_corporate(const fld_span *w, size_t k)
{
	if (k == 1) {
		size_t up = 0, n = w[0].n;
		while (n && strchr(".,;", w[0].s[n - 1]))
			n--;
		for (size_t i = 0; i < n; i++) {
			if (islower((unsigned char)w[0].s[i]))
				return 0;
			up += isupper((unsigned char)w[0].s[i]) != 0;
		}
		return up >= 2 && up * 2 >= n;
	}
	/* an inverted "Family, Given" start: a one-word part before a comma */
	if (k >= 2 && w[0].n && w[0].s[w[0].n - 1] == ',')
		return 0;
	for (size_t i = 0; i < k; i++) {
		size_t n = w[i].n;
		int inc = w[i].n >= 4 && memcmp(w[i].s, "Inc.", 4) == 0;
		while (!inc && n > 1 && strchr(".,;:", w[i].s[n - 1]))
			n--;
		for (size_t j = 0; fld_institution_words[j]; j++)
			if (strlen(fld_institution_words[j]) == n &&
			    memcmp(fld_institution_words[j], w[i].s, n) == 0)
				return 1;
	}
	return 0;
}

/* Role words dropped from a name list wherever they stand (compared in
 * lower case). */
static int fld_is_role(const fld_span *w)
{
	static const char *const always[] = {"ed.", "eds.", "eds", "(ed.)",
		"(eds.)", "(ed)", "(eds)", "hrsg.", "(hrsg.)", "hg.", "(hg.)",
		"(hgg.)", "hgg.", "éd.", "éds.", "(éd.)", "(éds.)", "(dir.)",
		"dir.", "(dirs.)", "cur.", "(cur.)", "trans.", "tr.", "transl.",
		"(trans.)", "(transl.)", "übers.", "(übers.)", "comp.", "(comp.)",
		"comps.", "(comps.)", "coord.", "(coord.)", "(coords.)", "eds.,",
		"ed.,", "trad.", "(trad.)", "(org.)", "org.", "(orgs.)", "in:",
		"(ed.),", "(eds.),", "(hrsg.),", "(hg.),", NULL};
	char low[24];
	size_t n = w->n;
	if (n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)w->s[i]);
	low[n] = 0;
	for (size_t i = 0; always[i]; i++)
		if (strcmp(low, always[i]) == 0)
			return 1;
	/* without their period (a list's final one is gone: "Brown, Peter,
	 * ed."), in lower case only: "Ed" is also a given name */
	static const char *const bare[] = {"ed", "edd", "hrsg", "hg", "dir",
		"trans", "transl", "comp", "coord", "\xC3\xA9" "d", "\xC3\xA9" "ds", NULL};
	for (size_t i = 0; bare[i]; i++)
		if (strlen(bare[i]) == n && memcmp(w->s, bare[i], n) == 0)
			return 1;
	return 0;
}

/* Is p[0..n) the word x once a bracket before it and closing punctuation
 * after it are set aside ("(a", "di).", "In:" are "a", "di", "In";
 * icase: ASCII case folded)?  Only what goes beyond x is set aside, so
 * "ed." still matches "ed.". */
static int fld_word_eq(const char *p, size_t n, const char *x, int icase)
{
	size_t k = strlen(x);
	if (n > k && (p[0] == '(' || p[0] == '[')) {
		p++;
		n--;
	}
	while (n > k && strchr(")],.;:", p[n - 1]))
		n--;
	return n == k && (icase ? strncasecmp(p, x, k) : memcmp(p, x, k)) == 0;
}

/* Is w the phrase word x, brackets around it and closing punctuation
 * aside ("(a", "di),", "In:" are "a", "di", "In")? */
static int fld_phrase_word(const fld_span *w, const char *x)
{
	return fld_word_eq(w->s, w->n, x, 0);
}

/* Removes phrases that introduce a role: "edited by", "translated by",
 * "herausgegeben von", "a cura di", "In", "In:", "by" (at the start). */
static size_t fld_drop_phrases(fld_span *w, size_t k)
{
	static const char *const phrases[][3] = {
		{"edited", "by", NULL}, {"Edited", "by", NULL},
		{"ed.", "by", NULL}, {"Ed.", "by", NULL},
		{"translated", "by", NULL}, {"Translated", "by", NULL},
		{"trans.", "by", NULL}, {"Trans.", "by", NULL},
		{"herausgegeben", "von", NULL}, {"hrsg.", "von", NULL},
		{"Hrsg.", "von", NULL}, {"übersetzt", "von", NULL},
		{"a", "cura", "di"}, {"a", "c.", "di"}, {"a", "cura", NULL},
		{"cura", "di", NULL}, {"compiled", "by", NULL},
		{"by", NULL, NULL}, {"By", NULL, NULL}, {"In", NULL, NULL},
		{"In:", NULL, NULL}, {"in", NULL, NULL}, {"Dans", NULL, NULL},
		{"Dir.", NULL, NULL}, {"Ed.", NULL, NULL}, {"Eds.", NULL, NULL},
		{"Hrsg.", NULL, NULL}, {"Hg.", NULL, NULL}, {"Trans.", NULL, NULL},
		{"Übers.", NULL, NULL}};
	size_t out = 0;
	for (size_t i = 0; i < k;) {
		size_t hit = 0;
		for (size_t p = 0; p < sizeof phrases / sizeof phrases[0] && !hit;
		     p++) {
			size_t m = 0;
			while (m < 3 && phrases[p][m])
				m++;
			if (i + m > k)
				continue;
			/* Single capitalised words are roles only at the
			 * start or the end of the list ("Ed." could be a given
			 * name elsewhere; "In" opens a container). */
			if (m == 1 && i != 0 && i + 1 != k &&
			    strcmp(phrases[p][0], "by") != 0)
				continue;
			size_t j = 0;
			for (; j < m; j++)
				if (!fld_phrase_word(&w[i + j], phrases[p][j]))
					break;
			if (j == m)
				hit = m;
		}
		if (hit) {
			i += hit;
			continue;
		}
		if (fld_is_role(&w[i])) {
			i++;
			continue;
		}
		w[out++] = w[i++];
	}
	return out;
}

/* Splits s into words: white space separates; a "," or ";" at the end of a
 * word stays on it (it is what the parser looks at); a "&" glued to words
 * is its own word.  At most max words. */
static size_t fld_words(const char *s, size_t n, fld_span *w, size_t max)
{
	size_t k = 0, i = 0;
	while (i < n && k < max) {
		size_t sp;
		while (i < n && (sp = fld_ws(s + i, n - i)) != 0)
			i += sp;
		if (i >= n)
			break;
		size_t b = i;
		while (i < n && !fld_ws(s + i, n - i) && s[i] != ';')
			i++;
		if (i < n && s[i] == ';')
			i++; /* keep ';' on the word */
		w[k].s = s + b;
		w[k].n = i - b;
		k++;
	}
	return k;
}

/* One comma-part list → names appended to out. */
static void fld_parts_to_names(fld_span *w, size_t k, quire_arena *a,
			       ref_name *out, size_t *nout, size_t max)
{
	/* parts: [pb[i], pe[i]) word ranges split at words ending in ',' */
	size_t pb[FLD_MAX_WORDS], pe[FLD_MAX_WORDS], np = 0;
	size_t b = 0;
	for (size_t i = 0; i < k && np < FLD_MAX_WORDS; i++) {
		int comma = w[i].n && w[i].s[w[i].n - 1] == ',';
		if (comma) {
			w[i].n--;
			if (!w[i].n) { /* a lone "," */
				if (i > b) {
					pb[np] = b;
					pe[np++] = i;
				}
				b = i + 1;
				continue;
			}
		}
		if (comma || i + 1 == k) {
			pb[np] = b;
			pe[np++] = i + 1;
			b = i + 1;
		}
	}
	for (size_t i = 0; i < np && *nout < max;) {
		const fld_span *p = w + pb[i];
		size_t pk = pe[i] - pb[i];
		if (fld_all_suffix(p, pk)) {
			if (*nout && !out[*nout - 1].suffix)
				out[*nout - 1].suffix = fld_join(a, p, pk);
			i++;
			continue;
		}
		ref_name *nm = &out[*nout];
		memset(nm, 0, sizeof *nm);
		/* Vancouver: "Smith J", "van der Berg JA" */
		if (pk >= 2 && fld_is_bare_initials(&p[pk - 1]) &&
		    !fld_is_bare_initials(&p[0]) && !fld_is_initials(&p[0])) {
			fld_family_part(p, pk - 1, a, nm);
			fld_span g = p[pk - 1];
			if (g.s[g.n - 1] == '.')
				g.n--;
			nm->given = fld_join(a, &g, 1);
			(*nout)++;
			i++;
			continue;
		}
		/* "Smith, Jr., John" */
		if (i + 2 < np && fld_all_suffix(w + pb[i + 1], pe[i + 1] - pb[i + 1]) &&
		    fld_given_like(w + pb[i + 2], pe[i + 2] - pb[i + 2]) &&
		    fld_family_words(p, pk) <= 2) {
			fld_family_part(p, pk, a, nm);
			nm->suffix = fld_join(a, w + pb[i + 1], pe[i + 1] - pb[i + 1]);
			fld_given_part(w + pb[i + 2], pe[i + 2] - pb[i + 2], a, nm);
			(*nout)++;
			i += 3;
			continue;
		}
		/* inverted "Family, Given" */
		if (i + 1 < np) {
			const fld_span *g = w + pb[i + 1];
			size_t gk = pe[i + 1] - pb[i + 1];
			size_t fw = fld_family_words(p, pk);
			int given_first_look = pk >= 2 && fld_is_initials(&p[0]);
			if (!given_first_look && fld_given_like(g, gk) &&
			    (fw == 1 || (fw == 2 && fld_all_initials(g, gk)))) {
				fld_family_part(p, pk, a, nm);
				fld_given_part(g, gk, a, nm);
				(*nout)++;
				i += 2;
				continue;
			}
		}
		fld_name_given_first(p, pk, a, nm);
		(*nout)++;
		i++;
	}
}

size_t ref_parse_names(const char *s, size_t n, quire_arena *a,
		       ref_name **names, int *et_al)
{
	*names = NULL;
	if (et_al)
		*et_al = 0;
	fld_trim_ws(&s, &n);
	while (n && (s[n - 1] == ',' || s[n - 1] == ':' || s[n - 1] == ';'))
		n--;
	/* a final period after a full name ("Chen, Jian.") goes; an
	 * initial's ("Doe, J.", "J.-P.") or a suffix's ("Jr.") stays */
	if (n && s[n - 1] == '.') {
		size_t w = n - 1;
		while (w && !fld_ws(s + w - 1, 1) && s[w - 1] != ',')
			w--;
		fld_span last = {s + w, n - w};
		if (!fld_is_initials(&last) && !fld_is_suffix(&last))
			n--;
	}
	if (!n)
		return 0;
	size_t maxw = n / 2 + 2;
	fld_span *w = quire_arena_alloc(a, maxw * sizeof *w);
	ref_name *out = quire_arena_alloc(a, (maxw < FLD_MAX_NAMES ? maxw : FLD_MAX_NAMES) *
					 sizeof *out);
	if (!w || !out)
		return 0;
	size_t max = maxw < FLD_MAX_NAMES ? maxw : FLD_MAX_NAMES;
	size_t k = fld_words(s, n, w, maxw);
	/* "et al." anywhere (usually at the end) sets the flag; everything
	 * after it is dropped */
	for (size_t i = 0; i < k; i++) {
		int hit = 0;
		if ((fld_word_is(&w[i], "et") || fld_word_is(&w[i], "et.")) &&
		    i + 1 < k &&
		    fld_span_starts(&w[i + 1], "al"))
			hit = 1;
		else if (fld_span_starts(&w[i], "etal") ||
			 fld_word_is(&w[i], "u.a.") || fld_word_is(&w[i], "u.a") ||
			 fld_word_is(&w[i], "al.") || fld_word_is(&w[i], "etal."))
			hit = 1;
		else if ((fld_word_is(&w[i], "u.") || fld_word_is(&w[i], "and")) &&
			 i + 1 < k &&
			 (fld_word_is(&w[i + 1], "a.") ||
			  fld_span_starts(&w[i + 1], "others")))
			hit = 1;
		if (hit) {
			if (et_al)
				*et_al = 1;
			k = i;
			if (k && w[k - 1].n && w[k - 1].s[w[k - 1].n - 1] == ',')
				w[k - 1].n--;
			break;
		}
	}
	k = fld_drop_phrases(w, k);
	size_t nout = 0;
	/* pieces split on ';' */
	size_t b = 0;
	for (size_t i = 0; i <= k && nout < max; i++) {
		int semi = i < k && w[i].n && w[i].s[w[i].n - 1] == ';';
		if (semi)
			w[i].n--;
		if (!(semi || i == k))
			continue;
		size_t e = semi ? i + 1 : i;
		/* drop empty words left by a lone ';' */
		size_t pk = 0;
		fld_span *p = w + b;
		for (size_t j = b; j < e; j++)
			if (w[j].n)
				p[pk++] = w[j];
		b = i + 1;
		if (!pk)
			continue;
		if (fld_is_corporate(p, pk) || pk > FLD_MAX_WORDS) {
			ref_name *nm = &out[nout++];
			memset(nm, 0, sizeof *nm);
			nm->literal = fld_join(a, p, pk);
			continue;
		}
		/* sub-pieces split on "and", "&", "und", "et", ", and" */
		size_t sb = 0;
		for (size_t j = 0; j <= pk && nout < max; j++) {
			int sep = j < pk &&
				  (fld_word_is(&p[j], "and") ||
				   fld_word_is(&p[j], "&") ||
				   fld_word_is(&p[j], "und") ||
				   fld_word_is(&p[j], "et") ||
				   fld_word_is(&p[j], "and,") ||
				   fld_word_is(&p[j], "&amp;"));
			if (!(sep || j == pk))
				continue;
			if (j > sb) {
				size_t m = j - sb;
				/* "Smith, J., and" — drop the comma before "and"
				 * by treating it as a part end (the parser does) */
				fld_parts_to_names(p + sb, m, a, out, &nout, max);
			}
			sb = j + 1;
		}
	}
	/* drop names that came out empty */
	size_t kept = 0;
	for (size_t i = 0; i < nout; i++)
		if (out[i].family || out[i].given || out[i].literal)
			out[kept++] = out[i];
	*names = out;
	return kept;
}

/* ---- dates ------------------------------------------------------------- */

/* The month named by the word s[0..n) (lower-cased ASCII compare; UTF-8
 * letters as they are), 0 if none: a full name in five languages or a
 * prefix of at least three letters that names one month only. */
static int fld_month(const char *s, size_t n)
{
	static const char *const names[] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december",
		"januar", "februar", "märz", "april", "mai", "juni", "juli",
		"august", "september", "oktober", "november", "dezember",
		"janvier", "février", "mars", "avril", "mai", "juin", "juillet",
		"août", "septembre", "octobre", "novembre", "décembre",
		"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
		"agosto", "septiembre", "octubre", "noviembre", "diciembre",
		"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
		"luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"};
	char low[16];
	while (n && s[n - 1] == '.')
		n--;
	if (n < 3 || n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[n] = 0;
	if (strcmp(low, "sept") == 0)
		return 9;
	int found = 0;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(names[i], low) == 0)
			return (int)(i % 12) + 1;
		if (strncmp(names[i], low, n) == 0) {
			int m = (int)(i % 12) + 1;
			if (found && found != m)
				return 0;
			found = m;
		}
	}
	return found;
}

static int fld_all_digits(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int fld_num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n && i < 6; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

void ref_parse_date(const char *s, size_t n, quire_arena *a, ref_date *d)
{
	memset(d, 0, sizeof *d);
	fld_trim_ws(&s, &n);
	if (!n)
		return;
	/* circa: brackets around the year, or c. / ca. / circa */
	{
		const char *t = s;
		size_t m = n;
		while (m && strchr(".,;:", t[m - 1]))
			m--;
		if (m >= 2 && t[0] == '[' && t[m - 1] == ']')
			d->circa = 1;
	}
	/* n.d. and its kin */
	{
		char letters[16];
		size_t k = 0;
		for (size_t i = 0; i < n && k < sizeof letters - 1; i++)
			if (isalpha((unsigned char)s[i]))
				letters[k++] = (char)tolower((unsigned char)s[i]);
			else if (isdigit((unsigned char)s[i]))
				k = sizeof letters; /* a digit: not n.d. */
		if (k < sizeof letters) {
			letters[k] = 0;
			if (strcmp(letters, "nd") == 0 || strcmp(letters, "sd") == 0 ||
			    strcmp(letters, "oj") == 0 || strcmp(letters, "sf") == 0 ||
			    strcmp(letters, "nodate") == 0 ||
			    strcmp(letters, "undated") == 0 ||
			    strcmp(letters, "ohnejahr") == 0) {
				d->literal = "n.d.";
				return;
			}
		}
	}
	/* walk the words: split at white space, , ; / ( ) [ ] and dashes */
	int pending_day = 0;  /* a day seen before its month */
	int after_dash = 0;   /* a dash since the last number */
	int seen_year = 0;
	size_t i = 0;
	while (i < n) {
		size_t w;
		if ((w = fld_ws(s + i, n - i)) != 0 || strchr(",;/()[]", s[i])) {
			i += w ? w : 1;
			continue;
		}
		if ((w = fld_dash(s + i, n - i)) != 0) {
			after_dash = 1;
			i += w;
			continue;
		}
		size_t b = i;
		while (i < n && !fld_ws(s + i, n - i) && !strchr(",;/()[]", s[i]) &&
		       !fld_dash(s + i, n - i))
			i++;
		const char *t = s + b;
		size_t tn = i - b;
		/* ISO 2003-03-30 and 2003-03 (the dashes split it: read ahead) */
		if (tn == 4 && fld_all_digits(t, 4) && i + 3 <= n && s[i] == '-' &&
		    isdigit((unsigned char)s[i + 1]) &&
		    isdigit((unsigned char)s[i + 2]) &&
		    (i + 3 == n || !isdigit((unsigned char)s[i + 3]))) {
			int mo = fld_num(s + i + 1, 2);
			if (!seen_year && mo >= 1 && mo <= 12) {
				d->year = fld_num(t, 4);
				d->month = mo;
				seen_year = 1;
				i += 3;
				if (i + 3 <= n && s[i] == '-' &&
				    isdigit((unsigned char)s[i + 1]) &&
				    isdigit((unsigned char)s[i + 2])) {
					int dd = fld_num(s + i + 1, 2);
					if (dd >= 1 && dd <= 31)
						d->day = dd;
					i += 3;
				}
				after_dash = 0;
				continue;
			}
		}
		/* 30.03.2003 */
		if (tn >= 8 && tn <= 11 && isdigit((unsigned char)t[0])) {
			int dd, mo, yy;
			char tail;
			char tmp[16];
			memcpy(tmp, t, tn);
			tmp[tn] = 0;
			if (sscanf(tmp, "%d.%d.%d%c", &dd, &mo, &yy, &tail) == 3 &&
			    yy >= 1000 && yy <= 2999 && mo >= 1 && mo <= 12 &&
			    dd >= 1 && dd <= 31 && !seen_year) {
				d->year = yy;
				d->month = mo;
				d->day = dd;
				seen_year = 1;
				continue;
			}
		}
		/* strip a trailing period or colon of the word */
		size_t core = tn;
		while (core && (t[core - 1] == '.' || t[core - 1] == ':' ||
				t[core - 1] == '?'))
			core--;
		if (!core)
			continue;
		/* c1905 */
		if ((t[0] == 'c' || t[0] == 'C') && core == 5 &&
		    fld_all_digits(t + 1, 4)) {
			d->circa = 1;
			t++;
			core--;
		}
		size_t digits = 0;
		while (digits < core && isdigit((unsigned char)t[digits]))
			digits++;
		if (digits == 4 && (core == 4 || (core == 5 && islower((unsigned char)t[4])))) {
			int y = fld_num(t, 4);
			if (y >= 1000 && y <= 2999) {
				if (!seen_year) {
					d->year = y;
					seen_year = 1;
					if (core == 5)
						d->suffix = quire_arena_strndup(a, t + 4, 1);
					if (pending_day && d->month && !d->day)
						d->day = pending_day;
				} else if (after_dash && !d->end_year && y >= d->year) {
					d->end_year = y;
				}
				after_dash = 0;
				continue;
			}
		}
		if (digits == 2 && core == 2 && after_dash && seen_year &&
		    !d->end_year && !d->month) {
			/* 1990-95 */
			int y = d->year / 100 * 100 + fld_num(t, 2);
			if (y > d->year)
				d->end_year = y;
			after_dash = 0;
			continue;
		}
		if (digits >= 1 && digits <= 2 && (core == digits ||
		    (core == digits + 2 && (strncmp(t + digits, "st", 2) == 0 ||
					    strncmp(t + digits, "nd", 2) == 0 ||
					    strncmp(t + digits, "rd", 2) == 0 ||
					    strncmp(t + digits, "th", 2) == 0)) ||
		    (core == digits + 1 && t[digits] == 'e') ||
		    (core == digits + 2 && strncmp(t + digits, "er", 2) == 0))) {
			int dd = fld_num(t, digits);
			if (dd >= 1 && dd <= 31) {
				if (d->month && !d->day && !seen_year)
					d->day = dd; /* March 30, 2003 */
				else if (d->month && seen_year && !d->day &&
					 !after_dash)
					d->day = dd; /* 2003 March 30 */
				else if (after_dash && d->day && d->month &&
					 !d->end_day)
					d->end_day = dd;
				else
					pending_day = dd;
			}
			after_dash = 0;
			continue;
		}
		int mo = fld_month(t, core);
		if (mo) {
			if (after_dash && d->month && !d->end_month) {
				d->end_month = mo;
				if (pending_day && d->day) {
					d->end_day = pending_day;
				}
			} else if (!d->month) {
				d->month = mo;
				if (pending_day) {
					d->day = pending_day;
					pending_day = 0;
				}
			}
			after_dash = 0;
			continue;
		}
		if (fld_word_at(t, core, "c") || fld_word_at(t, core, "ca") ||
		    fld_word_at(t, core, "circa") || fld_word_at(t, core, "um") ||
		    fld_word_at(t, core, "vers"))
			d->circa = 1;
	}
	if (d->end_year && d->end_year == d->year && !d->end_month)
		d->end_year = 0;
	if ((d->end_month || d->end_day) && !d->end_year)
		d->end_year = d->year;
	if (!d->year) {
		d->month = d->day = 0;
		d->end_year = d->end_month = d->end_day = 0;
		d->circa = 0;
		const char *t = s;
		size_t m = n;
		fld_trim(&t, &m, 1);
		d->literal = m ? fld_dup(a, t, m) : NULL;
	}
	if (!d->month)
		d->day = 0;
}

/* ---- volume, issue, pages, identifiers ---------------------------------- */

static const char *const fld_volume_words[] = {"vol", "vols", "volume",
	"volumes", "v", "bd", "band", "bde", "jg", "jahrgang", "t", "tome",
	"tomo", "anno", "année", "annee", "vol.", NULL};
static const char *const fld_issue_words[] = {"no", "nos", "nr", "n",
	"num", "number", "numéro", "numero", "núm", "heft", "h", "issue",
	"iss", "fasc", "fascicule", "cahier", "n°", "nº", "no°", "#", NULL};
static const char *const fld_pages_words[] = {"pp", "p", "pages", "page",
	"pg", "pgs", "s", "ss", "seite", "seiten", "pag", "págs", "pág",
	"str", "c", "стр", "с", NULL};

/* Copies s[0..n) with dashes (en, em, "--") turned into "-" and the white
 * space around them removed. */
static char *fld_dash_norm(quire_arena *a, const char *s, size_t n)
{
	char *out = quire_arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t w = fld_dash(s + i, n - i);
		if (w) {
			while (k && out[k - 1] == ' ')
				k--;
			if (!k || out[k - 1] != '-')
				out[k++] = '-';
			i += w;
			while (i < n && (w = fld_ws(s + i, n - i)) != 0)
				i += w;
			continue;
		}
		if ((w = fld_ws(s + i, n - i)) != 0) {
			if (k && out[k - 1] != ' ' && out[k - 1] != '-')
				out[k++] = ' ';
			i += w;
			continue;
		}
		out[k++] = s[i++];
	}
	while (k && out[k - 1] == ' ')
		k--;
	out[k] = 0;
	return out;
}

/* The value at the front of s: up to "(", ",", or white space followed by
 * an issue word. */
static void fld_value(const char **s, size_t *n, size_t *vlen)
{
	size_t i = 0;
	while (i < *n && (*s)[i] != '(' && (*s)[i] != ',' && (*s)[i] != ';') {
		size_t w = fld_ws(*s + i, *n - i);
		if (w) {
			size_t j = i + w;
			const char *r = *s + j;
			size_t rn = *n - j;
			int issue = 0;
			for (size_t t = 0; fld_issue_words[t] && !issue; t++) {
				size_t m = fld_word_at(r, rn, fld_issue_words[t]);
				if (m && m < rn && (r[m] == '.' || r[m] == ' ' ||
						    isdigit((unsigned char)r[m])))
					issue = 1;
			}
			if (issue || (rn && r[0] == '('))
				break;
		}
		i++;
	}
	*vlen = i;
}

/* "2 vols", "3 Bde", "4 voll", "2 tomes": the count of volumes of a work
 * in several, not a volume number.  Returns the digits' length, or 0. */
static size_t fld_volume_count(const char *s, size_t n)
{
	static const char *const words[] = {"vols", "volumes", "voll", "vol",
		"Bde", "Bände", "tomes", "t", "tomos", NULL};
	size_t d = 0;
	while (d < n && isdigit((unsigned char)s[d]))
		d++;
	if (!d || d >= n || !fld_ws(s + d, n - d))
		return 0;
	size_t i = d + fld_ws(s + d, n - d);
	for (size_t k = 0; words[k]; k++) {
		size_t m = strlen(words[k]);
		if (n - i >= m && memcmp(s + i, words[k], m) == 0 &&
		    (i + m == n || (i + m + 1 == n && s[n - 1] == '.')))
			return d;
	}
	return 0;
}

/* Volume and issue from their labelled texts (either may hold both). */
static void fld_volume_issue(const char *vs, size_t vn, const char *is,
			     size_t in, quire_arena *a, ref_citation *c)
{
	if (vs) {
		fld_trim(&vs, &vn, 0);
		fld_strip_prefix(&vs, &vn, fld_volume_words);
		size_t vl;
		fld_value(&vs, &vn, &vl);
		const char *v = vs;
		size_t vvn = vl;
		fld_trim(&v, &vvn, 0);
		size_t nv = fld_volume_count(v, vvn);
		if (nv)
			c->volumes = fld_dup(a, v, nv);
		else if (vvn)
			c->volume = fld_dash_norm(a, v, vvn);
		const char *r = vs + vl;
		size_t rn = vn - vl;
		fld_trim(&r, &rn, 0);
		if (rn && !is) {
			is = r;
			in = rn;
		}
	}
	if (is) {
		fld_trim(&is, &in, 0);
		fld_strip_prefix(&is, &in, fld_issue_words);
		fld_trim(&is, &in, 0);
		/* "3)" leftovers and "3, pp" tails */
		size_t k = 0;
		while (k < in && is[k] != ',' && is[k] != ';' && is[k] != ')')
			k++;
		const char *v = is;
		fld_trim(&v, &k, 0);
		if (k)
			c->issue = fld_dash_norm(a, v, k);
	}
}

static const char *fld_pages(const char *s, size_t n, quire_arena *a)
{
	fld_trim(&s, &n, 0);
	fld_strip_prefix(&s, &n, fld_pages_words);
	fld_trim(&s, &n, 0);
	if (!n)
		return NULL;
	return fld_dash_norm(a, s, n);
}

/* Removes every white space character (a URL or DOI broken at a line
 * join) into a new arena string. */
static char *fld_nospace(quire_arena *a, const char *s, size_t n)
{
	char *out = quire_arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t w = fld_ws(s + i, n - i);
		if (w) {
			i += w;
			continue;
		}
		out[k++] = s[i++];
	}
	out[k] = 0;
	return out;
}

/* Drops trailing . , ; : > and unbalanced ) ] from a URL or DOI. */
static void fld_trim_link(char *s)
{
	size_t n = strlen(s);
	for (;;) {
		if (!n)
			break;
		char c = s[n - 1];
		if (c == '.' || c == ',' || c == ';' || c == ':' || c == '>' ||
		    c == '"' || c == '\'') {
			n--;
			continue;
		}
		if (c == ')' || c == ']') {
			char open = c == ')' ? '(' : '[';
			if (fld_count(s, n, open) < fld_count(s, n, c)) {
				n--;
				continue;
			}
		}
		break;
	}
	s[n] = 0;
}

static const char *fld_doi(const char *s, size_t n, quire_arena *a)
{
	char *d = fld_nospace(a, s, n);
	if (!d)
		return NULL;
	char *p = d;
	while (*p == '<' || *p == '(' || *p == '[')
		p++;
	/* everything before "10." is a prefix: doi:, https://doi.org/ … */
	char *ten = strstr(p, "10.");
	if (ten)
		p = ten;
	fld_trim_link(p);
	return *p ? p : NULL;
}

static const char *fld_url(const char *s, size_t n, quire_arena *a)
{
	static const char *const pre[] = {"url", "available", "at", "from",
		"retrieved", "online", "verfügbar", "unter", "en", "ligne",
		"disponible", "sur", NULL};
	fld_trim_ws(&s, &n);
	while (n && (s[0] == '<' || s[0] == '(' || s[0] == '['))
		s++, n--;
	/* prefixes only when the URL itself does not start there */
	if (!(n >= 4 && strncasecmp(s, "http", 4) == 0))
		fld_strip_prefix(&s, &n, pre);
	while (n && (s[0] == '<' || s[0] == '(' || s[0] == '[' || s[0] == ':'))
		s++, n--;
	char *u = fld_nospace(a, s, n);
	if (!u)
		return NULL;
	fld_trim_link(u);
	return *u ? u : NULL;
}

static const char *fld_isbn(const char *s, size_t n, quire_arena *a)
{
	static const char *const pre[] = {"isbn-13", "isbn-10", "isbn13",
		"isbn10", "isbn", NULL};
	fld_trim(&s, &n, 0);
	fld_strip_prefix(&s, &n, pre);
	fld_trim(&s, &n, 0);
	char buf[32];
	size_t k = 0, other = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (isdigit((unsigned char)c) || ((c == 'X' || c == 'x') && k >= 9)) {
			if (k < sizeof buf - 1)
				buf[k++] = (char)toupper((unsigned char)c);
		} else if (c != '-' && c != ' ')
			other++;
	}
	if (!other && (k == 10 || k == 13))
		return quire_arena_strndup(a, buf, k);
	return n ? fld_dup(a, s, n) : NULL;
}

/* "2nd ed." → "2", "2. Aufl." → "2", "Revised edition" → "Revised". */
static const char *fld_edition(const char *s, size_t n, quire_arena *a)
{
	fld_trim(&s, &n, 0);
	size_t dg = 0;
	while (dg < n && isdigit((unsigned char)s[dg]))
		dg++;
	if (dg)
		return quire_arena_strndup(a, s, dg);
	static const char *const words[] = {"edition", "ed", "edn", "éd",
		"édition", "aufl", "auflage", "ausg", "ausgabe", "ed.", "edizione",
		"edición", NULL};
	/* drop the edition word at the end */
	size_t e = n;
	while (e && !fld_ws(s + e - 1, 1))
		e--;
	if (e) {
		const char *last = s + e;
		size_t ln = n - e;
		for (size_t i = 0; words[i]; i++)
			if (fld_word_at(last, ln, words[i])) {
				n = e;
				break;
			}
	}
	fld_trim(&s, &n, 0);
	return n ? fld_dup(a, s, n) : NULL;
}

/* ---- the type ------------------------------------------------------------ */

/* Case-insensitive substring of a word list in s; 1 when any is there. */
int fld_has_any(const char *s, const char *const *list)
{
	if (!s)
		return 0;
	for (size_t i = 0; list[i]; i++)
		if (strcasestr(s, list[i]))
			return 1;
	return 0;
}

/* Case-sensitive whole word match of any of list in s. */
int fld_has_word(const char *s, const char *const *list)
{
	if (!s)
		return 0;
	for (size_t i = 0; list[i]; i++) {
		size_t k = strlen(list[i]);
		for (const char *p = strstr(s, list[i]); p;
		     p = strstr(p + 1, list[i])) {
			int left = p == s || !isalnum((unsigned char)p[-1]);
			int right = !isalnum((unsigned char)p[k]);
			if (left && right)
				return 1;
		}
	}
	return 0;
}

/*
 * The rules, in this order (the first that holds wins):
 *   1. thesis            genre names a thesis (PhD diss., Dissertation,
 *                        Master's thesis, Thèse, Diss., Habilitation)
 *   2. report            genre names a report (Working Paper, Technical
 *                        Report, Report, Discussion Paper, …), or a
 *                        publisher that is an institution with a number
 *                        (issue) and no container
 *   3. paper-conference  container starts with or holds Proceedings,
 *                        Proc., Conference, Workshop, Symposium, Actes,
 *                        Tagungsband
 *   4. manuscript        archive words (Archive(s), Papers, MS, MSS, box,
 *                        folder, fond(s), Nachlass, Bestand, Record Group)
 *                        in the note — or in the publisher or place, or the
 *                        container when it has no volume, issue or pages,
 *                        when the entry also gives a box, folder, folio or
 *                        shelfmark ("Dalkey Archive" is a press) —
 *                        or a repository (Archivio, Archives, Biblioteca,
 *                        Library…) named by the authors or the title with a
 *                        folio, register or box in the entry
 *                        (prim_archive_named)
 *   5. chapter           container and (editors, a publisher, or "In"
 *                        before it without a volume or issue: "In Journal
 *                        12(3)", "in: Geschichtsblätter 120 (2002)" are
 *                        articles)
 *   6. article-newspaper container, a full date (day and month), no volume
 *   7. article-magazine  container, a month without a day, no volume or
 *                        issue
 *   8. article-journal   container (volume, issue or pages, or nothing else)
 *   9. webpage           a URL with an access date or without publisher
 *  10. book              a title (with publisher, place or nothing else)
 *  11. document          anything else
 */
const char *ref_guess_type(const ref_citation *c, int has_in)
{
	static const char *const thesis[] = {"phd", "ph.d", "diss", "thesis",
		"thèse", "these de", "doktorarbeit", "habilitation",
		"magisterarbeit", "master's", "masters", "m.a. ", "mémoire",
		"tesis", "tesi di", "doctoral", "dr. phil", NULL};
	static const char *const report[] = {"working paper", "report",
		"discussion paper", "memorandum", "tech. rep", "white paper",
		"policy brief", "occasional paper", "research paper",
		"arbeitspapier", "document de travail", "documento de trabajo",
		"technical note", "briefing", "research note", "bericht",
		"paper no", "paper series", NULL};
	static const char *const conf[] = {"proceedings", "proc.",
		"conference", "workshop", "symposium", "actes du", "actes de",
		"tagungsband", "congress on", "meeting of", NULL};
	static const char *const archive_ci[] = {"archive", "archiv",
		"nachlass", "bestand", "record group", "fonds", "fond ",
		"collection of", NULL};
	static const char *const archive_words[] = {"Papers", "MS", "MSS",
		"box", "Box", "folder", "Folder", "fond", "RG", "f.", "Ms.",
		"Add. MS", NULL};
	static const char *const inst[] = {"university", "institute",
		"center", "centre", "bank", "office", "agency", "bureau",
		"ministry", "department", "commission", "council", "foundation",
		"organization", "organisation", NULL};

	if (c->genre && fld_has_any(c->genre, thesis))
		return "thesis";
	if (c->genre && fld_has_any(c->genre, report))
		return "report";
	if (!c->container_title && c->publisher && c->issue &&
	    fld_has_any(c->publisher, inst))
		return "report";
	if (c->container_title && fld_has_any(c->container_title, conf))
		return "paper-conference";
	/* an archive word names a press ("Dalkey Archive"), a journal
	 * ("American Archivist"), a series ("State Archives of Assyria",
	 * "Occasional Papers") or a web address as often as an archive: it
	 * counts with a box, folder, folio or shelfmark in the entry */
	int shelved = prim_shelfmark(c->raw);
	int note_url = c->note && strstr(c->note, "://");
	if (prim_archive_named(c) ||
	    (shelved && !note_url &&
	     (fld_has_any(c->note, archive_ci) || fld_has_word(c->note, archive_words))) ||
	    (shelved && (fld_has_any(c->publisher, archive_ci) ||
			 fld_has_word(c->publisher, archive_words) ||
			 fld_has_any(c->place, archive_ci))) ||
	    (shelved && c->container_title && !c->volume && !c->issue && !c->page &&
	     (fld_has_any(c->container_title, archive_ci) ||
	      fld_has_word(c->container_title, archive_words))))
		return "manuscript";
	if (c->container_title) {
		if (c->n_editors || c->publisher || (has_in && !c->issue && !c->volume))
			return "chapter";
		if (c->issued.day && c->issued.month && !c->volume)
			return "article-newspaper";
		if (c->issued.month && !c->issued.day && !c->volume && !c->issue)
			return "article-magazine";
		return "article-journal";
	}
	if (c->url && (c->accessed.year || c->accessed.literal || !c->publisher))
		return "webpage";
	if (c->title)
		return "book";
	return "document";
}

/* ---- ref_fields ------------------------------------------------------------ */

/* The span of run r of label l: [*b, *e) byte offsets; returns 0 when
 * there is no such run. */
typedef struct fld_run {
	size_t b, e;   /* byte span in s */
	size_t tb, te; /* token span */
} fld_run;

/* Are the author texts only dashes (a repeated-author line)? */
static int fld_is_dash_only(const char *s, size_t n)
{
	size_t dashes = 0;
	for (size_t i = 0; i < n;) {
		size_t w = fld_dash(s + i, n - i);
		if (w) {
			dashes++;
			i += w;
			continue;
		}
		if ((w = fld_ws(s + i, n - i)) != 0) {
			i += w;
			continue;
		}
		if (s[i] == '_') {
			dashes++;
			i++;
			continue;
		}
		if (strchr(".,;:", s[i])) {
			i++;
			continue;
		}
		return 0;
	}
	return dashes >= 2;
}

/* Is token t of s the word w (ASCII case folded; w in lower case)? */
static int fld_tok_is(const char *s, const ref_token *t, const char *w)
{
	size_t k = strlen(w);
	return t->len == k && strncasecmp(s + t->off, w, k) == 0;
}

/* fld_tok_is with brackets before the word and punctuation after it
 * aside: the labeller's tokens split "(a" and "di)." already, tokens of
 * white-space words (other callers, the tests) do not. */
static int fld_tok_word(const char *s, const ref_token *t, const char *w)
{
	return fld_word_eq(s + t->off, t->len, w, 1);
}

/* A punctuation token that may stand inside or around a role phrase. */
static int fld_tok_punct(const char *s, const ref_token *t)
{
	return t->len == 1 && strchr("()[],.:;", s[t->off]) != NULL;
}

/* Word tokens of the editor roles written after names: "(a cura di)",
 * "(a c. di)", "(ed.)", "eds.", "(Hrsg.)", "(dir.)", "(éd.)".  Returns
 * the token after the phrase that starts at token i (punctuation inside
 * it skipped), or 0 when none starts there; *multi is set for a phrase of
 * several words. */
static size_t fld_ed_role_at(const char *s, const ref_token *t, size_t ntok, size_t i,
			     int *multi)
{
	static const char *const roles[][4] = {
		{"a", "cura", "di", NULL}, {"a", "c", "di", NULL}, {"ed", NULL},
		{"eds", NULL}, {"edd", NULL}, {"hrsg", NULL}, {"hg", NULL},
		{"hgg", NULL}, {"dir", NULL}, {"dirs", NULL}, {"\xC3\xA9" "d", NULL},
		{"\xC3\xA9" "ds", NULL}, {"coord", NULL}, {"coords", NULL},
		{"editor", NULL}, {"editors", NULL}};
	for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
		size_t j = i, m = 0;
		while (m < 4 && roles[r][m]) {
			while (m && j < ntok && fld_tok_punct(s, &t[j]))
				j++; /* "a c. di" */
			if (j >= ntok || !fld_tok_word(s, &t[j], roles[r][m]))
				break;
			j++;
			m++;
		}
		if (m < 4 && roles[r][m])
			continue;
		*multi = m > 1;
		return j;
	}
	return 0;
}

/* A copy of labels[0..ntok) in a, for the fixes below to change (the
 * labeller's own stay what `--format tokens` prints); NULL when out of
 * memory. */
static ref_label *fld_labels_copy(const ref_label *labels, size_t ntok, quire_arena *a)
{
	ref_label *fx = quire_arena_alloc(a, ntok * sizeof *fx);
	if (fx)
		memcpy(fx, labels, ntok * sizeof *fx);
	return fx;
}

/*
 * Editor roles after names, whatever the labeller gave them: in "M. Rossi
 * (a cura di), Venezia e l'Oriente" or "Rossi, Mario (a cura di).
 * Venezia …" the phrase belongs to the names before it (not to the title)
 * and makes them editors.  A phrase counts when it follows an author or
 * editor token (punctuation aside) and is either several words or stands
 * in brackets or after a comma ("Smith, Ed." keeps its given name).  Its
 * tokens and the punctuation around them take the names' label, and a run
 * of author names before it (across "and", "&" and punctuation labelled
 * other) becomes editors.  Works on a copy of the labels (*fixed, in a);
 * the labeller's own are what `--format tokens` prints.
 */
static const ref_label *fld_fix_roles(const char *s, const ref_token *t,
				      const ref_label *labels, size_t ntok,
				      quire_arena *a)
{
	ref_label *fx = NULL;
	for (size_t i = 1; i < ntok; i++) {
		const ref_label *l = fx ? fx : labels;
		/* the last name token before i, punctuation skipped */
		size_t b = i;
		while (b > 0 && fld_tok_punct(s, &t[b - 1]) &&
		       l[b - 1] != REF_AUTHOR && l[b - 1] != REF_EDITOR)
			b--;
		if (b == 0 || (l[b - 1] != REF_AUTHOR && l[b - 1] != REF_EDITOR))
			continue;
		int multi = 0;
		size_t e = fld_ed_role_at(s, t, ntok, i, &multi);
		if (!e)
			continue;
		/* one word: in brackets, or after a comma that follows a whole
		 * inverted name ("Brown, Peter, ed." but not "Smith, Ed.") */
		int marked = fld_tok_is(s, &t[i - 1], "(") || fld_tok_is(s, &t[i - 1], "[") ||
			     s[t[i].off] == '(' || s[t[i].off] == '[';
		if (!multi && !marked && s[t[i - 1].off + t[i - 1].len - 1] == ',') {
			for (size_t k = i - 1; k-- > 0 && !marked;) {
				if (l[k] != REF_AUTHOR && l[k] != REF_EDITOR)
					break;
				marked = s[t[k].off + t[k].len - 1] == ',';
			}
		}
		if (!multi && !marked)
			continue;
		/* a closing bracket and the punctuation after it */
		int period = s[t[e - 1].off + t[e - 1].len - 1] == '.';
		while (e < ntok && fld_tok_punct(s, &t[e]) &&
		       (fld_tok_is(s, &t[e], ")") || fld_tok_is(s, &t[e], "]") ||
			fld_tok_is(s, &t[e], ".") || fld_tok_is(s, &t[e], ","))) {
			period |= fld_tok_is(s, &t[e], ".") && !fld_tok_is(s, &t[e - 1], ".");
			e++;
		}
		if (!fx && !(fx = fld_labels_copy(labels, ntok, a)))
			return labels;
		ref_label nl = fx[b - 1];
		if (nl == REF_AUTHOR) {
			nl = REF_EDITOR;
			for (size_t k = b; k-- > 0;) {
				if (fx[k] == REF_AUTHOR)
					fx[k] = REF_EDITOR;
				else if (!(fx[k] == REF_OTHER &&
					   (fld_tok_punct(s, &t[k]) || fld_tok_is(s, &t[k], "and") ||
					    fld_tok_is(s, &t[k], "&") || fld_tok_is(s, &t[k], "und") ||
					    fld_tok_is(s, &t[k], "e") || fld_tok_is(s, &t[k], "et"))))
					break;
			}
		}
		for (size_t k = b; k < e; k++)
			fx[k] = nl;
		/* "Brown, Peter, ed. Saints and Cities.": a role and a period
		 * close the names; name-labelled words after them open the
		 * work that follows */
		size_t j = e;
		while (period && j < ntok && (fx[j] == REF_AUTHOR || fx[j] == REF_EDITOR))
			j++;
		if (j > e && j < ntok && (fx[j] == REF_TITLE || fx[j] == REF_CONTAINER))
			for (size_t k = e; k < j; k++)
				fx[k] = fx[j];
		i = e - 1; /* the loop goes on at token e */
	}
	return fx ? fx : labels;
}

/*
 * "ed. Lester J. Cappon (Chapel Hill: …)": the labeller sometimes runs a
 * place or publisher from the last name of an editor list up to the
 * bracket that opens the imprint.  When a place or publisher run follows
 * names (punctuation aside) and holds an opening bracket after words
 * without digits, those words go back to the names and the bracket to
 * other.  Works on the copy of the labels (*fixed, in a) like
 * fld_fix_roles.
 */
static const ref_label *fld_fix_imprint(const char *s, const ref_token *t,
					const ref_label *labels, size_t ntok,
					quire_arena *a)
{
	ref_label *fx = NULL;
	for (size_t i = 1; i < ntok; i++) {
		const ref_label *l = fx ? fx : labels;
		if ((l[i] != REF_PLACE && l[i] != REF_PUBLISHER) || l[i - 1] == l[i])
			continue;
		size_t b = i;
		while (b > 0 && l[b - 1] == REF_OTHER && fld_tok_punct(s, &t[b - 1]))
			b--;
		if (b == 0 || (l[b - 1] != REF_EDITOR && l[b - 1] != REF_AUTHOR &&
			       l[b - 1] != REF_TRANSLATOR))
			continue;
		size_t p = i;
		int digit = 0;
		while (p < ntok && l[p] == l[i] && !fld_tok_is(s, &t[p], "(")) {
			for (size_t k = 0; k < t[p].len; k++)
				digit |= isdigit((unsigned char)s[t[p].off + k]) != 0;
			p++;
		}
		if (p == i || p >= ntok || l[p] != l[i] || digit || p - i > 4)
			continue;
		if (!fx && !(fx = fld_labels_copy(labels, ntok, a)))
			return labels;
		for (size_t k = b; k < p; k++)
			fx[k] = fx[b - 1];
		fx[p] = REF_OTHER;
		i = p;
	}
	return fx ? fx : labels;
}

quire_status ref_fields_ctx(const char *s, const ref_token *toks,
			    const ref_label *labels, size_t ntok,
			    const ref_citation *prev, quire_arena *a,
			    ref_citation *out, quire_error *err)
{
	memset(out, 0, sizeof *out);
	if (!ntok) {
		out->type = "document";
		out->raw = "";
		return QUIRE_OK;
	}
	if (!s || !toks || !labels)
		return quire_error_set(err, QUIRE_EUSAGE, "no tokens to read");
	labels = fld_fix_roles(s, toks, labels, ntok, a);
	labels = fld_fix_imprint(s, toks, labels, ntok, a);
	/* the first run of every label, and every name run */
	fld_run first[REF_N_LABELS];
	int have[REF_N_LABELS] = {0};
	for (size_t i = 0; i < ntok;) {
		ref_label l = labels[i];
		size_t j = i + 1;
		while (j < ntok && labels[j] == l)
			j++;
		if ((unsigned)l < REF_N_LABELS && !have[l]) {
			have[l] = 1;
			first[l].b = toks[i].off;
			first[l].e = toks[j - 1].off + toks[j - 1].len;
			first[l].tb = i;
			first[l].te = j;
		}
		i = j;
	}
	out->raw = fld_dup(a, s + toks[0].off,
			   toks[ntok - 1].off + toks[ntok - 1].len - toks[0].off);
	/* names: every run of the label, joined by "; " when they are apart
	 * (an "and" labelled other between two author runs) */
	static const ref_label name_labels[3] = {REF_AUTHOR, REF_EDITOR,
						 REF_TRANSLATOR};
	for (int r = 0; r < 3; r++) {
		ref_label l = name_labels[r];
		if (!have[l])
			continue;
		buf_t b = BUF_INIT;
		int runs = 0;
		for (size_t i = first[l].tb; i < ntok;) {
			if (labels[i] != l) {
				i++;
				continue;
			}
			size_t j = i + 1;
			while (j < ntok && labels[j] == l)
				j++;
			if (runs)
				buf_puts(&b, "; ");
			buf_append(&b, s + toks[i].off,
				   toks[j - 1].off + toks[j - 1].len - toks[i].off);
			runs++;
			i = j;
		}
		if (buf_failed(&b)) {
			buf_free(&b);
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		}
		char *text = buf_to_arena(&b, a);
		size_t tn = b.len;
		buf_free(&b);
		if (!text)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		int etal = 0;
		ref_name *names = NULL;
		size_t k;
		if (l == REF_AUTHOR && fld_is_dash_only(text, tn)) {
			out->same_authors = 1;
			if (prev) {
				out->authors = prev->authors;
				out->n_authors = prev->n_authors;
				out->et_al |= prev->et_al & REF_ETAL_AUTHORS;
			}
			continue;
		}
		k = ref_parse_names(text, tn, a, &names, &etal);
		if (l == REF_AUTHOR) {
			out->authors = names;
			out->n_authors = k;
			out->et_al |= etal ? REF_ETAL_AUTHORS : 0;
		} else if (l == REF_EDITOR) {
			out->editors = names;
			out->n_editors = k;
			out->et_al |= etal ? REF_ETAL_EDITORS : 0;
		} else {
			out->translators = names;
			out->n_translators = k;
			out->et_al |= etal ? REF_ETAL_TRANSLATORS : 0;
		}
	}
	/* text fields: the first run, trimmed */
	struct {
		ref_label l;
		const char **dst;
		int keep_period;
	} text[] = {
		{REF_TITLE, &out->title, 1},
		{REF_CONTAINER, &out->container_title, 1},
		{REF_COLLECTION, &out->collection_title, 1},
		{REF_PUBLISHER, &out->publisher, 1},
		{REF_PLACE, &out->place, 0},
		{REF_GENRE, &out->genre, 1},
		{REF_NOTE, &out->note, 1},
	};
	for (size_t t = 0; t < sizeof text / sizeof text[0]; t++) {
		ref_label l = text[t].l;
		if (!have[l])
			continue;
		const char *p = s + first[l].b;
		size_t n = first[l].e - first[l].b;
		fld_trim(&p, &n, text[t].keep_period);
		/* a title's final period goes, an abbreviation's stays
		 * ("Proc.", "Univ. Press", "PhD diss."): drop it when the
		 * last word is longer than four letters */
		if (text[t].keep_period && n && p[n - 1] == '.') {
			size_t w = n - 1;
			while (w && !fld_ws(p + w - 1, 1) && p[w - 1] != '.')
				w--;
			if (n - 1 - w > 4 || (l == REF_TITLE && n - 1 - w > 1))
				n--;
		}
		if (n)
			*text[t].dst = fld_dup(a, p, n);
	}
	if (have[REF_EDITION])
		out->edition = fld_edition(s + first[REF_EDITION].b,
					   first[REF_EDITION].e - first[REF_EDITION].b, a);
	fld_volume_issue(have[REF_VOLUME] ? s + first[REF_VOLUME].b : NULL,
			 have[REF_VOLUME] ? first[REF_VOLUME].e - first[REF_VOLUME].b : 0,
			 have[REF_ISSUE] ? s + first[REF_ISSUE].b : NULL,
			 have[REF_ISSUE] ? first[REF_ISSUE].e - first[REF_ISSUE].b : 0,
			 a, out);
	if (have[REF_PAGES])
		out->page = fld_pages(s + first[REF_PAGES].b,
				      first[REF_PAGES].e - first[REF_PAGES].b, a);
	if (have[REF_DOI])
		out->doi = fld_doi(s + first[REF_DOI].b,
				   first[REF_DOI].e - first[REF_DOI].b, a);
	if (have[REF_URL]) {
		out->url = fld_url(s + first[REF_URL].b,
				   first[REF_URL].e - first[REF_URL].b, a);
		/* a doi.org URL is the DOI */
		if (out->url && !out->doi && strstr(out->url, "doi.org/10."))
			out->doi = fld_doi(out->url, strlen(out->url), a);
	}
	if (have[REF_ISBN])
		out->isbn = fld_isbn(s + first[REF_ISBN].b,
				     first[REF_ISBN].e - first[REF_ISBN].b, a);
	if (have[REF_DATE])
		ref_parse_date(s + first[REF_DATE].b,
			       first[REF_DATE].e - first[REF_DATE].b, a,
			       &out->issued);
	if (have[REF_ACCESSED]) {
		static const char *const pre[] = {"accessed", "last", "retrieved",
			"viewed", "consulted", "consulté", "le", "abgerufen",
			"zugegriffen", "am", "on", "visited", "cited", "zuletzt",
			"geprüft", "consultado", "el", "consultato", "il", NULL};
		const char *p = s + first[REF_ACCESSED].b;
		size_t n = first[REF_ACCESSED].e - first[REF_ACCESSED].b;
		fld_trim(&p, &n, 0);
		fld_strip_prefix(&p, &n, pre);
		ref_parse_date(p, n, a, &out->accessed);
	}
	/* "In" before the container (skipping punctuation labelled other) */
	int has_in = 0;
	if (have[REF_CONTAINER]) {
		for (size_t i = first[REF_CONTAINER].tb; i-- > 0;) {
			const char *t = s + toks[i].off;
			size_t n = toks[i].len;
			if (n == 1 && strchr(":,.;\"'(", t[0]))
				continue;
			if ((n == 2 && strncasecmp(t, "in", 2) == 0) ||
			    (n == 3 && strncasecmp(t, "in:", 3) == 0) ||
			    (n == 4 && strncmp(t, "Dans", 4) == 0) ||
			    (n == 1 && t[0] == 'I') ||
			    (n == 2 && strncmp(t, "En", 2) == 0) ||
			    (n == 2 && strncmp(t, "Im", 2) == 0))
				has_in = 1;
			break;
		}
		/* or an "In" that the labeller put inside the container */
		/* "Im" and "En" open titles too ("Im Westen", "En el Camino"):
		 * only with a colon */
		static const struct {
			const char *w;
			int colon;
		} in_words[] = {{"In", 0}, {"in", 0}, {"Dans", 0}, {"dans", 0},
				{"Im", 1}, {"En", 1}, {"en", 1}};
		const char *p = out->container_title;
		for (size_t w = 0; p && w < sizeof in_words / sizeof in_words[0]; w++) {
			size_t k = strlen(in_words[w].w);
			if (strncmp(p, in_words[w].w, k) != 0)
				continue;
			size_t j = k + (p[k] == ':');
			if ((in_words[w].colon && j == k) || p[j] != ' ' || !p[j + 1])
				continue;
			has_in = 1;
			out->container_title = p + j + 1;
			break;
		}
	}
	/* The datasets label the title of a book cited whole, an edited one
	 * above all, as container-title ("Philip Norton (ed.), Legislatures
	 * (Oxford: OUP, 1990)"): with no title, no volume or issue, no "In"
	 * and a publisher, place or editors, the container is the work. */
	int in_before = has_in;
	for (size_t i = 0; have[REF_CONTAINER] && !in_before && i < first[REF_CONTAINER].tb; i++)
		in_before = labels[i] == REF_OTHER &&
			    (fld_tok_is(s, &toks[i], "in") || fld_tok_is(s, &toks[i], "in:") ||
			     fld_tok_is(s, &toks[i], "dans") || fld_tok_is(s, &toks[i], "im"));
	if (out->container_title && !out->title && !out->volume && !out->issue && !in_before &&
	    (out->publisher || out->place || out->n_editors)) {
		out->title = out->container_title;
		out->container_title = NULL;
	}
	/* a letter or an interview is read from the string; else the
	 * type by the rules above, and a manuscript's archive */
	if (!prim_personal(out, a)) {
		out->type = ref_guess_type(out, has_in);
		if (strcmp(out->type, "manuscript") == 0)
			prim_archive_fields(out, a);
	}
	if (quire_arena_failed(a))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	return QUIRE_OK;
}

quire_status ref_fields(const char *s, const ref_token *toks,
			const ref_label *labels, size_t ntok, quire_arena *a,
			ref_citation *out, quire_error *err)
{
	return ref_fields_ctx(s, toks, labels, ntok, NULL, a, out, err);
}

quire_status ref_parse_ctx(const ref_model *m, const char *s, size_t n,
			   const ref_citation *prev, quire_arena *a,
			   ref_citation *out, quire_error *err)
{
	ref_token *toks = NULL;
	ref_label *labels = NULL;
	size_t ntok = 0;
	if (!m)
		m = ref_model_builtin();
	if (!m)
		return quire_error_set(err, QUIRE_EINPUT, "no reference model");
	/* the tokens, their features and the labeller's lattice (some 30 kB
	 * for an ordinary entry) live only while the entry is read: the
	 * citation's strings go to a, so that a list of a million entries
	 * costs its citations, not its features */
	quire_arena *scratch = quire_arena_new(REF_SCRATCH_BUDGET);
	if (!scratch)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	quire_status st = ref_label_string(m, s, n, scratch, &toks, &labels, &ntok, err);
	if (st == QUIRE_OK)
		st = ref_fields_ctx(s, toks, labels, ntok, prev, a, out, err);
	quire_arena_free(scratch);
	if (st)
		return st;
	if (!ntok)
		out->raw = fld_dup(a, s, n);
	return QUIRE_OK;
}

quire_status ref_parse(const ref_model *m, const char *s, size_t n,
		       quire_arena *a, ref_citation *out, quire_error *err)
{
	return ref_parse_ctx(m, s, n, NULL, a, out, err);
}

quire_status ref_parse_list(const ref_model *m, const char *const *texts,
			    size_t n, quire_arena *a, ref_citation **out,
			    quire_error *err)
{
	return ref_parse_entries(m, texts, NULL, n, a, out, NULL, err);
}

/* An entry the labeller could not read: type "document", the text raw. */
static void fld_unparsed(ref_citation *c, const char *t, quire_arena *a)
{
	memset(c, 0, sizeof *c);
	c->type = "document";
	c->raw = fld_dup(a, t, strlen(t));
}

quire_status ref_parse_entries(const ref_model *m, const char *const *texts,
			       const int *is_note, size_t n, quire_arena *a,
			       ref_citation **out, ref_note **notes_out, quire_error *err)
{
	ref_citation *c = quire_arena_alloc(a, (n ? n : 1) * sizeof *c);
	ref_note *notes = notes_out ? quire_arena_alloc(a, (n ? n : 1) * sizeof *notes) : NULL;
	if (!c || (notes_out && !notes))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	if (notes)
		memset(notes, 0, n * sizeof *notes);
	if (!m)
		m = ref_model_builtin();
	/* the list's entries, each with the entry before it as context */
	const ref_citation *prev = NULL;
	size_t nn = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = texts[i] ? texts[i] : "";
		if (is_note && is_note[i]) {
			nn++;
			continue;
		}
		quire_error e2 = {0};
		quire_status st = m ? ref_parse_ctx(m, t, strlen(t), prev, a, &c[i], &e2)
				    : QUIRE_EINPUT;
		if (st == QUIRE_ENOMEM)
			return quire_error_set(err, st, "%s", e2.msg);
		if (st)
			fld_unparsed(&c[i], t, a);
		prev = &c[i];
	}
	/* the notes, split and resolved together, in order */
	if (nn) {
		const char **nt = quire_arena_alloc(a, nn * sizeof *nt);
		size_t *nl = quire_arena_alloc(a, nn * sizeof *nl);
		if (!nt || !nl)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (is_note[i]) {
				nt[k] = texts[i] ? texts[i] : "";
				nl[k] = strlen(nt[k]);
				k++;
			}
		ref_note *parsed = NULL;
		quire_error e2 = {0};
		quire_status st = m ? ref_notes_parse(m, nt, nl, nn, a, &parsed, &e2)
				    : QUIRE_EINPUT;
		if (st == QUIRE_ENOMEM)
			return quire_error_set(err, st, "%s", e2.msg);
		/* a target is given by its note's place among the notes:
		 * make it the entry's */
		size_t *entry_of = quire_arena_alloc(a, nn * sizeof *entry_of);
		if (!entry_of)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		k = 0;
		for (size_t i = 0; i < n; i++)
			if (is_note[i])
				entry_of[k++] = i;
		for (size_t q = 0; st == QUIRE_OK && q < nn; q++)
			for (size_t j = 0; j < parsed[q].n_cites; j++) {
				ref_note_cite *cc = &parsed[q].cites[j];
				if (cc->target_note >= 0 && (size_t)cc->target_note < nn)
					cc->target_note = (long)entry_of[cc->target_note];
			}
		/* each note at its entry's place; short notes of list
		 * entries linked to them */
		ref_note *all = notes ? notes : quire_arena_alloc(a, n * sizeof *all);
		if (!all)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		if (!notes)
			memset(all, 0, n * sizeof *all);
		k = 0;
		for (size_t i = 0; i < n && st == QUIRE_OK; i++)
			if (is_note[i])
				all[i] = parsed[k++];
		if (st == QUIRE_OK)
			ref_notes_to_list(all, c, is_note, n);
		for (size_t i = 0; i < n; i++) {
			if (!is_note[i])
				continue;
			const ref_note *np = st == QUIRE_OK ? &all[i] : NULL;
			/* the note stands for its first citation (a
			 * back-reference's or a short note's: the work it
			 * points to) */
			if (np && np->n_cites && np->cites[0].cite.type) {
				c[i] = np->cites[0].cite;
				c[i].raw = fld_dup(a, texts[i] ? texts[i] : "",
						   strlen(texts[i] ? texts[i] : ""));
			} else {
				fld_unparsed(&c[i], texts[i] ? texts[i] : "", a);
			}
		}
	}
	/* archives abbreviated after their first citation ("… (ASV)",
	 * then "ASV, …"): every citation, the notes' too */
	size_t ncite = n;
	for (size_t i = 0; notes && i < n; i++)
		ncite += notes[i].n_cites;
	ref_citation **all_c = quire_arena_alloc(a, (ncite ? ncite : 1) * sizeof(ref_citation *));
	if (all_c) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			all_c[k++] = &c[i];
			for (size_t j = 0; notes && j < notes[i].n_cites; j++)
				all_c[k++] = &notes[i].cites[j].cite;
		}
		prim_expand_archives(all_c, k, a);
	}
	if (quire_arena_failed(a))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	*out = c;
	if (notes_out)
		*notes_out = notes;
	return QUIRE_OK;
}
