/*
 * names.c — names and dates as written in a reference (ref_parse_names,
 * ref_parse_date): the fields' two parsers with rules of their own.
 *
 * Decisions:
 *  - Names are parsed exactly as written, never guessed from where a name
 *    seems to come from: "Jun, Niu" is family Jun; "Jian Chen" (no comma)
 *    is given Jian, family Chen.  A comma makes a name inverted only when
 *    the part before it has one family word (particles and "Jr." aside),
 *    the part after it is initials, or — first in the list — two family
 *    words come before one given name ("García Márquez, Gabriel"), so
 *    "Jian Chen, Jun Niu" stays a list of two given-first names, and
 *    "Chen, Jian, Jun Niu" (Chicago) is one inverted name and one
 *    given-first name.  Vancouver "Smith J" (a last word of capital
 *    initials without periods) is family first, and so is a word followed
 *    by dotted initials, two or more or one outside ASCII ("Carilli
 *    C.L.", "Иванов И. И.").  Chinese, Japanese and Korean names (one word
 *    in those scripts) are whole, and a comma, "，" or "、" separates
 *    persons.
 *  - Particles are the lower-case words before a family name ("van der",
 *    "de"); "De Gaulle" written with a capital is a family name.  They go
 *    to CSL's non-dropping-particle (kept with the family name).
 *  - A list is split on ";" first, then each piece is either a corporate
 *    author (an institution word such as University, Center, Bank,
 *    Ministry — or an all-capital acronym) kept whole as a literal, so
 *    "Department of Health and Human Services" is not split at "and", or
 *    split on "and", "und", "et", "&", ", and" and a dash standing alone
 *    ("C. Bologna – P. Boitani", as Italian lists are set).  "et al.", "u.a.",
 *    "and others" set a flag.  Role words (ed., eds., Hrsg., trans., edited
 *    by, a cura di) are dropped.
 *  - Dates: the first year (1000–2999, with an optional letter: 1998a) is
 *    the year; a month name (English, German, French, Spanish, Italian, or
 *    a unique prefix of at least three letters: "Jun.", "Sept.") and a day
 *    next to it complete it; ISO 2003-03-30 and 30.03.2003 are read; a
 *    second year after a dash is the end of a range; "[1905]", "c. 1905",
 *    "ca. 1905" are circa; "n.d.", "o.J.", "s.d." give the literal "n.d.".
 *    Whether a "1945–1963" is a date at all is the labeller's decision.
 *  - Work is linear in the input: the name parser caps a list at 1000 names
 *    and a name at 64 words (the rest is one literal).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reftext.h"
#include "refs.h"
#include "uchar.h"

#define NM_MAX_NAMES 1000
#define NM_MAX_WORDS 64

/* ---- names ------------------------------------------------------------- */

typedef struct nm_span {
	const char *s;
	size_t n;
} nm_span;

static size_t nm_caps_letters(const nm_span *w);

static int nm_is_upper_start(const nm_span *w)
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

static int nm_is_lower_start(const nm_span *w)
{
	unsigned char c = (unsigned char)w->s[0];
	if (c < 0x80)
		return islower(c);
	return !nm_is_upper_start(w);
}

static int nm_word_is(const nm_span *w, const char *x)
{
	return strlen(x) == w->n && memcmp(x, w->s, w->n) == 0;
}

/* Does the word start with x? */
static int nm_span_starts(const nm_span *w, const char *x)
{
	size_t k = strlen(x);
	return w->n >= k && memcmp(w->s, x, k) == 0;
}

/* A particle: a lower-case word of the usual list. */
static int nm_is_particle(const nm_span *w)
{
	static const char *const list[] = {
		"van", "von", "der", "den", "de", "del", "della", "delle", "dei",
		"degli", "di", "da", "das", "dos", "do", "du", "la", "le", "les",
		"ter", "ten", "te", "zu", "zum", "zur", "vom", "van't", "'t", "d'",
		"al", "el", "bin", "ibn", "af", "av", "y", NULL};
	if (!nm_is_lower_start(w))
		return 0;
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == w->n && memcmp(list[i], w->s, w->n) == 0)
			return 1;
	return 0;
}

/* A particle written with a capital ("De", "Van", "DE", "LE"), which
 * opens a family name of several words ("De Rosa", "DE ROSA"). */
static int nm_cap_particle(const nm_span *w)
{
	static const char *const list[] = {"de", "van", "von", "du", "da", "di",
		"del", "della", "la", "le", "ter", "ten", "mac", "st.", "al", "el",
		"ibn", "bin", "dos", "das", "der", "den", "des", "lo", NULL};
	if (!w->n || !isupper((unsigned char)w->s[0]))
		return 0;
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == w->n && strncasecmp(list[i], w->s, w->n) == 0)
			return 1;
	return 0;
}

int ref_cap_particle(const char *s, size_t n)
{
	nm_span w = {s, n};
	return nm_cap_particle(&w);
}

/* A suffix word: Jr., Jr, Sr., Sr, II, III, IV. */
static int nm_is_suffix(const nm_span *w)
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
static int nm_is_initials(const nm_span *w)
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
		if (c >= 0x80) {
			/* a capital of another script: "Ю." of GOST's "Ю. М." */
			size_t len;
			int32_t cp = uc_at(w->s, w->n, i, &len);
			if (cp < 0 || !uc_is_upper(cp) || i + len >= w->n || w->s[i + len] != '.')
				return 0;
			caps++;
			groups++;
			i += len;
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
static int nm_is_bare_initials(const nm_span *w)
{
	size_t n = w->n, caps = 0, len;
	if (n >= 2 && w->s[n - 1] == '.')
		n--;
	for (size_t i = 0; i < n; i += len, caps++) {
		int32_t c = uc_at(w->s, n, i, &len); /* "MÁ", "ÉL" */
		if (c < 0 || !len || !uc_is_upper(c))
			return 0;
	}
	return caps >= 1 && caps <= 3;
}

static char *nm_join(quire_arena *a, const nm_span *w, size_t k)
{
	if (!k)
		return NULL;
	const char *b = w[0].s;
	const char *e = w[k - 1].s + w[k - 1].n;
	const char *s = b;
	size_t n = (size_t)(e - b);
	while (n && (s[n - 1] == ',' || s[n - 1] == ';'))
		n--;
	return n ? rtx_dup(a, s, n) : NULL;
}

/* A name written given-first: "J. van der Berg", "Jian Chen", "John
 * Smith Jr.". */
static int nm_all_dotted(const nm_span *w, size_t k);
static int nm_caps_family(const nm_span *p, size_t c);
static int nm_given_words(const nm_span *p, size_t k);
static int nm_caps_vowel(const nm_span *w);
static int nm_given_word(const nm_span *w);

/* Where a family in capitals begins after given names ("Pieter DE WIT":
 * 1), or 0.  Before its last word the family holds particles and words
 * of three letters or more with a vowel: "Ben AW DE JONG" has the
 * initials "AW" before it, "Desiree MFM VAN DER HEIJDE" the initials
 * "MFM".  A given name as written comes first, or only dotted initials
 * ("I. MONTERO CAÑIZARES", ISO 690's Spanish compound families: the
 * capitals are the family as the list writes it, so "H. JAMES
 * WILLIAMS", a middle name written in capitals, reads so too). */
static size_t nm_caps_tail(const nm_span *w, size_t k)
{
	size_t c = k;
	while (c > 0 && k - c < 4 && nm_caps_letters(&w[c - 1]) >= 2) {
		const nm_span *x = &w[c - 1];
		if (c < k && !nm_cap_particle(x) && (nm_caps_letters(x) < 3 || !nm_caps_vowel(x)))
			break;
		c--;
	}
	if (!c || c == k || !nm_caps_family(w + c, k - c))
		return 0;
	int written = 0, dotted = 1;
	for (size_t i = 0; i < c; i++) {
		if (nm_given_word(&w[i]))
			written = 1;
		else if (!nm_all_dotted(&w[i], 1) && !nm_is_bare_initials(&w[i]))
			return 0;
		dotted &= nm_all_dotted(&w[i], 1);
	}
	return written || (dotted && k - c >= 2) ? c : 0;
}

static void nm_name_given_first(const nm_span *w, size_t k, quire_arena *a,
				 ref_name *nm)
{
	while (k > 1 && nm_is_suffix(&w[k - 1])) {
		if (!nm->suffix)
			nm->suffix = nm_join(a, &w[k - 1], 1);
		k--;
	}
	if (k == 1) {
		nm->family = nm_join(a, w, 1);
		return;
	}
	/* the family in capitals after the given names, as ISO 690 and
	 * French lists print it: "Pieter DE WIT", "Tomás VILLALBA
	 * ECHEVERRÍA" — the capitals say where the family begins */
	size_t c = nm_caps_tail(w, k);
	if (c) {
		nm->given = nm_join(a, w, c);
		nm->family = nm_join(a, w + c, k - c);
		return;
	}
	/* Dotted initials, then a family of several words that holds a
	 * particle after its first word ("M. Á. Pérez de Zárate") or opens
	 * with a capitalised one ("C. De Rosa", "Y.-M. Le Bihan"): the
	 * initials are the given names, the rest is the family as written
	 * ("W. Bruce Croft", without a particle, keeps "Bruce" given). */
	size_t g = 0;
	while (g < k && nm_all_dotted(&w[g], 1))
		g++;
	if (g && g + 2 <= k) {
		int compound = nm_cap_particle(&w[g]);
		for (size_t i = g + 1; i + 1 < k && !compound && !nm_is_particle(&w[g]); i++)
			compound = nm_is_particle(&w[i]);
		if (compound) {
			nm->given = nm_join(a, w, g);
			nm->family = nm_join(a, w + g, k - g);
			return;
		}
	}
	size_t p = k; /* first particle */
	for (size_t i = 1; i + 1 < k; i++)
		if (nm_is_particle(&w[i])) {
			p = i;
			break;
		}
	if (p < k) {
		size_t f = p;
		while (f + 1 < k && nm_is_particle(&w[f]))
			f++;
		nm->given = nm_join(a, w, p);
		nm->particle = nm_join(a, w + p, f - p);
		nm->family = nm_join(a, w + f, k - f);
		return;
	}
	nm->given = nm_join(a, w, k - 1);
	nm->family = nm_join(a, w + k - 1, 1);
}

/* A family part "van der Berg", "Smith Jr." into nm (family, particle,
 * suffix). */
static void nm_family_part(const nm_span *w, size_t k, quire_arena *a,
			    ref_name *nm)
{
	while (k > 1 && nm_is_suffix(&w[k - 1])) {
		nm->suffix = nm_join(a, &w[k - 1], 1);
		k--;
	}
	size_t f = 0;
	while (f + 1 < k && nm_is_particle(&w[f]))
		f++;
	if (f)
		nm->particle = nm_join(a, w, f);
	nm->family = nm_join(a, w + f, k - f);
}

/* A given part "J.", "Charles", "J. van der" (a trailing particle). */
static void nm_given_part(const nm_span *w, size_t k, quire_arena *a,
			   ref_name *nm)
{
	size_t g = k;
	while (g > 1 && nm_is_particle(&w[g - 1]))
		g--;
	if (g < k && !nm->particle) {
		nm->particle = nm_join(a, w + g, k - g);
		nm->particle_drops = 1;
	} else {
		g = k;
	}
	nm->given = nm_join(a, w, g);
}

/* Family words of a part (particles and suffixes aside). */
static size_t nm_family_words(const nm_span *w, size_t k)
{
	size_t c = 0;
	for (size_t i = 0; i < k; i++) {
		if (nm_is_particle(&w[i]) || nm_is_suffix(&w[i]))
			continue;
		if (!(i + 1 < k && nm_cap_particle(&w[i])))
			c++;
	}
	return c;
}

/* Are the k words all dotted initials of one capital letter of any
 * script ("И.", "J.", "J.-P.", "Ж.-Б.")?  The very last period may be
 * gone (the entry's stop, taken off the list: "Иванов И. И"). */
static int nm_all_dotted(const nm_span *w, size_t k)
{
	for (size_t i = 0; i < k; i++) {
		size_t j = 0, n = w[i].n;
		while (n && w[i].s[n - 1] == ',')
			n--;
		if (!n)
			return 0;
		while (j < n) {
			size_t l;
			int32_t c = uc_at(w[i].s, n, j, &l);
			int end = i + 1 == k && j + l == n;
			if (!uc_is_upper(c) || (!end && (j + l >= n || w[i].s[j + l] != '.')))
				return 0;
			if (end)
				break;
			j += l + 1;
			if (j < n && w[i].s[j] == '-')
				j++;
		}
	}
	return k > 0;
}

/* Two initials or more ("C. W.", "D.Y."), or one outside ASCII ("А.А",
 * "И."): one ASCII initial ("Riddez L.") is read by the rules below. */
static int nm_dotted_many(const nm_span *w, size_t k)
{
	size_t caps = 0;
	for (size_t i = 0; i < k; i++)
		for (size_t j = 0; j < w[i].n; j++) {
			unsigned char c = (unsigned char)w[i].s[j];
			if (c >= 0x80)
				return 1;
			caps += isupper(c) != 0;
		}
	return caps >= 2;
}

static int nm_all_initials(const nm_span *w, size_t k)
{
	if (!k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (!nm_is_initials(&w[i]) && !nm_is_particle(&w[i]))
			return 0;
	return 1;
}

static int nm_all_suffix(const nm_span *w, size_t k)
{
	if (!k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (!nm_is_suffix(&w[i]))
			return 0;
	return 1;
}

/* Looks like a given name: initials, or up to three words that start with
 * a capital (or trailing particles: "J. van der"). */
static int nm_given_like(const nm_span *w, size_t k)
{
	if (!k || k > 4 || nm_all_suffix(w, k))
		return 0;
	if (nm_all_initials(w, k))
		return 1;
	size_t cap = 0;
	for (size_t i = 0; i < k; i++) {
		if (nm_is_upper_start(&w[i]))
			cap++;
		else if (!nm_is_particle(&w[i]))
			return 0;
	}
	return cap >= 1 && cap <= 3;
}

static const char *const nm_institution_words[] = {
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
	"Institution", "Council", "Team", "Working", "Treasury", "Admiralty",
	"Embassy", "Legation", "Consulate", "Chancellery", "Cabinet", "Study",
	"Survey", "Collaboration", "Collaborations",
	/* other languages' (German compounds by their ends, below) */
	"Arbeitskreis", "Arbeitsstelle", "Arbeitsgemeinschaft", "Konsistorium",
	"Gesellschaft", "Verein", "Verband", "Kommission", "Archiv", "Bibliothek",
	"Comune", "Consulta", "Consiglio", "Seminario", "Archivio", "Archivo",
	"Biblioteca", "Bibliothèque", "Museo", "Musée", "Centro", "Zentrum",
	"Società", "Sociedad", "Société", "Asociación", "Associazione", "Accademia",
	"Academia", "Fondazione", "Fundación", "Fondation", "Ministero",
	"Ministerio", "Comisión", "Commissione", "Comité", "Comitato", "Consejo",
	"Conseil", "Departamento", "Dipartimento", "Département", "Regione",
	"Provincia", "Ayuntamiento", "Diputación", "Generalitat", "Junta",
	"Landtag", "Bundestag", "Senat", "Magistrat", NULL};

/* Ends of German compound names of institutions ("Landesverband",
 * "Stadtarchiv", "Max-Planck-Gesellschaft"), a capitalised word longer
 * than the end by three letters at least. */
static const char *const nm_institution_ends[] = {"archiv", "verband", "verein",
	"gesellschaft", "ministerium", "bibliothek", "akademie", "stiftung",
	"kommission", "konsistorium", "arbeitskreis", "institut", "amt", "archive", NULL};

static int nm_institution_word(const char *s, size_t n)
{
	/* every word of the list opens with a capital: most words of a
	 * name list are turned away by their first byte */
	if (!n || !(isupper((unsigned char)s[0]) || (unsigned char)s[0] >= 0x80))
		return 0;
	/* a word in capitals (ISO 690's "ARBEITSKREIS KOMMUNALARCHIVE"),
	 * its ASCII letters compared without case */
	nm_span w = {s, n};
	int caps = n >= 4 && nm_caps_letters(&w) >= 4;
	for (size_t j = 0; nm_institution_words[j]; j++)
		if (strlen(nm_institution_words[j]) == n &&
		    (caps ? strncasecmp(nm_institution_words[j], s, n) == 0
			  : (nm_institution_words[j][0] == s[0] &&
			     memcmp(nm_institution_words[j], s, n) == 0)))
			return 1;
	for (size_t j = 0; nm_institution_ends[j]; j++) {
		size_t e = strlen(nm_institution_ends[j]);
		if (n >= e + 3 && (caps ? strncasecmp(s + n - e, nm_institution_ends[j], e)
					: memcmp(s + n - e, nm_institution_ends[j], e)) == 0)
			return 1;
	}
	return 0;
}

int ref_institution_word(const char *s, size_t n)
{
	return nm_institution_word(s, n);
}

/* Is the word (its closing punctuation aside) an institution word? */
static int nm_institution_span(const nm_span *w)
{
	size_t n = w->n;
	int inc = n >= 4 && memcmp(w->s, "Inc.", 4) == 0;
	while (!inc && n > 1 && strchr(".,;:", w->s[n - 1]))
		n--;
	return nm_institution_word(w->s, n);
}

/* Is the piece a corporate author?  An institution word and no name-like
 * inverted pair, or one all-capital word of two or more letters: 1; 2
 * when persons named by initials share the piece ("STAR Collaboration,
 * J. Adams"): each comma part with an institution word is one. */
static int nm_is_corporate(const nm_span *w, size_t k)
{
	if (k == 1) {
		size_t up = 0, n = w[0].n;
		while (n && strchr(".,;", w[0].s[n - 1]))
			n--;
		if (nm_institution_word(w[0].s, n))
			return 1; /* "Treasury" */
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
	/* a person named by initials after a comma ("STAR Collaboration, J.
	 * Adams"): a list of names, the organisation one of them */
	int persons = 0, commas = 0;
	for (size_t i = 0; i + 1 < k; i++) {
		int c = w[i].n && w[i].s[w[i].n - 1] == ',';
		commas |= c;
		persons |= c && nm_is_initials(&w[i + 1]);
	}
	/* "R. Diener, LCTPC Collaboration" (not "U.S. Department of …") */
	persons |= commas && nm_is_initials(&w[0]) && k > 1 && !nm_institution_span(&w[1]);
	for (size_t i = 0; i < k; i++)
		if (nm_institution_span(&w[i]))
			return persons ? 2 : 1;
	return 0;
}

/* Role words dropped from a name list wherever they stand (compared in
 * lower case). */
static int nm_is_role(const nm_span *w)
{
	static const char *const always[] = {"ed.", "eds.", "eds", "(ed.)",
		"(eds.)", "(ed)", "(eds)", "hrsg.", "(hrsg.)", "hg.", "(hg.)",
		"(hgg.)", "hgg.", "éd.", "éds.", "(éd.)", "(éds.)", "(dir.)",
		"dir.", "(dirs.)", "cur.", "(cur.)", "trans.", "tr.", "transl.",
		"(trans.)", "(transl.)", "übers.", "(übers.)", "comp.", "(comp.)",
		"comps.", "(comps.)", "coord.", "(coord.)", "(coords.)", "eds.,",
		"ed.,", "trad.", "(trad.)", "(org.)", "org.", "(orgs.)", "in:",
		"(ed.),", "(eds.),", "(hrsg.),", "(hg.),", "edd.", "(edd.)", "en:", ":",
		"(edd.),", "(editor)", "(editors)", "(director)", "(directors)",
		"(producer)", "(producers)", "(writer)", "(writer/director)",
		"(director/writer)", "(executive producer)", "(host)", "(narrator)",
		"(composer)", "(performer)", "(illustrator)", "(compiler)",
		"(translator)", "(interviewer)", "(photographer)", "(speaker)",
		"(hrg.)", "(hgg)", "(hrsg)", "(hg)", "(curator)", "(conductor)",
		"(\xD1\x80\xD0\xB5\xD0\xB4.)", NULL}; /* … "(ред.)" */
	char low[24];
	size_t n = w->n;
	/* a closing comma or period aside ("(Producers),") */
	while (n > 1 && (w->s[n - 1] == ',' || w->s[n - 1] == ';' ||
			 (w->s[n - 1] == '.' && w->s[n - 2] == ')')))
		n--;
	if (n >= sizeof low)
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)w->s[i]);
	low[n] = 0;
	for (size_t i = 0; always[i]; i++)
		if (low[0] == always[i][0] && strcmp(low, always[i]) == 0)
			return 1;
	/* without their period (a list's final one is gone: "Brown, Peter,
	 * ed."), and Vancouver's words ("Denton RH, Fairweather I,
	 * editors."), in lower case only: "Ed" is also a given name */
	static const char *const bare[] = {"ed", "edd", "hrsg", "hg", "dir",
		"trans", "transl", "comp", "coord", "éd", "éds", "editor", "editors",
		"editor.", "editors.", "translator", "translators", "translator.",
		"translators.", "compiler", "compilers", "compiler.", "compilers.", NULL};
	for (size_t i = 0; bare[i]; i++)
		if (strlen(bare[i]) == n && memcmp(w->s, bare[i], n) == 0)
			return 1;
	return 0;
}


/* Is w the phrase word x, brackets around it and closing punctuation
 * aside ("(a", "di),", "In:" are "a", "di", "In")? */
static int nm_phrase_word(const nm_span *w, const char *x)
{
	return rtx_word_eq(w->s, w->n, x, 0);
}

/* Removes phrases that introduce a role: "edited by", "translated by",
 * "herausgegeben von", "a cura di", "In", "In:", "by" (at the start). */
static size_t nm_drop_phrases(nm_span *w, size_t k)
{
	static const char *const phrases[][4] = {
		{"edited", "and", "translated", "by"},
		{"Edited", "and", "translated", "by"},
		{"translated", "and", "edited", "by"},
		{"Translated", "and", "edited", "by"},
		{"revised", "by", NULL}, {"Revised", "by", NULL},
		{"Compiled", "by", NULL},
		{"edited", "by", NULL}, {"Edited", "by", NULL},
		{"ed.", "by", NULL}, {"Ed.", "by", NULL},
		{"translated", "by", NULL}, {"Translated", "by", NULL},
		{"trans.", "by", NULL}, {"Trans.", "by", NULL},
		{"herausgegeben", "von", NULL}, {"hrsg.", "von", NULL},
		{"Hrsg.", "von", NULL}, {"übersetzt", "von", NULL},
		{"hrsg.", "v.", NULL}, {"Hrsg.", "v.", NULL},
		{"hg.", "v.", NULL}, {"Hg.", "v.", NULL},
		{"hg.", "von", NULL}, {"Hg.", "von", NULL},
		{"übers.", "v.", NULL}, {"Übers.", "v.", NULL},
		{"übers.", "von", NULL}, {"Übers.", "von", NULL},
		{"a", "cura", "di"}, {"a", "c.", "di"}, {"a", "cura", NULL},
		{"cura", "di", NULL}, {"compiled", "by", NULL},
		/* Spanish, Portuguese, French */
		{"editado", "por", NULL}, {"ed.", "por", NULL}, {"Ed.", "por", NULL},
		{"eds.", "por", NULL}, {"org.", "por", NULL}, {"traducido", "por", NULL},
		{"trad.", "por", NULL}, {"Trad.", "por", NULL}, {"trad.", "de", NULL},
		{"sous", "la", "direction", "de"}, {"Sous", "la", "direction", "de"},
		{"sous", "la", "dir.", "de"}, {"sous", "la", "dir."}, {"édité", "par", NULL}, {"Édité", "par", NULL},
		{"éd.", "par", NULL}, {"Éd.", "par", NULL}, {"traduit", "par", NULL},
		{"Traduit", "par", NULL}, {"trad.", "par", NULL}, {"Trad.", "par", NULL},
		{"por", NULL, NULL}, {"par", NULL, NULL},
		{"by", NULL, NULL}, {"By", NULL, NULL}, {"In", NULL, NULL},
		{"In:", NULL, NULL}, {"in", NULL, NULL}, {"Dans", NULL, NULL},
		{"Dir.", NULL, NULL}, {"Ed.", NULL, NULL}, {"Eds.", NULL, NULL},
		{"ed.", NULL, NULL}, {"eds.", NULL, NULL},
		{"Hrsg.", NULL, NULL}, {"Hg.", NULL, NULL}, {"Trans.", NULL, NULL},
		{"Übers.", NULL, NULL}};
	size_t out = 0;
	for (size_t i = 0; i < k;) {
		size_t hit = 0;
		for (size_t p = 0; p < sizeof phrases / sizeof phrases[0] && !hit;
		     p++) {
			size_t m = 0;
			while (m < 4 && phrases[p][m])
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
			for (; j < m; j++) {
				/* "(ed. Colin Brown)": the phrase may open a bracket */
				nm_span x = w[i + j];
				if (j == 0 && x.n > 2 && (x.s[0] == '(' || x.s[0] == '['))
					x.s++, x.n--;
				if (!nm_phrase_word(&x, phrases[p][j]))
					break;
			}
			if (j == m)
				hit = m;
		}
		if (hit) {
			i += hit;
			continue;
		}
		if (nm_is_role(&w[i])) {
			/* its closing "," or ";" still separates ("Olson, N.
			 * Torrance (eds.), …") */
			char last = w[i].s[w[i].n - 1];
			if (w[i].n > 1 && (last == ',' || last == ';')) {
				w[out].s = w[i].s + w[i].n - 1;
				w[out++].n = 1;
			}
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
/* Is s[i] a "/" between two names with no space ("Crane,
 * Alastair/Raman, Priya", the Deutsche Sprache style): a small letter
 * before it, a capital and a small letter after it, no bracket open in
 * the word ("A./E.", "and/or", "(Writer/Director)", "Cal/EPA" stay one
 * word)? */
static int nm_slash_between(const char *s, size_t n, size_t b, size_t i)
{
	if (s[i] != '/' || i == b || i + 2 >= n || memchr(s + b, '(', i - b))
		return 0; /* "(Writer/Director)" */
	unsigned char p = (unsigned char)s[i - 1], q = (unsigned char)s[i + 1],
		      r = (unsigned char)s[i + 2];
	/* a capital, then a small letter: "Cal/EPA", "Canada/MAB" stay */
	if ((islower(p) || p >= 0x80) && (isupper(q) || q >= 0xC3) && (islower(r) || r >= 0x80))
		return 1;
	/* or a particle opening the next family: "Corbett, Helena/de Wit,
	 * Pieter", "Ormsby, Judith/van der Linde, Conrad" */
	if (!(islower(p) || p >= 0x80) || !islower(q))
		return 0;
	size_t e = i + 1;
	while (e < n && s[e] != ' ' && s[e] != '/')
		e++;
	nm_span w = {s + i + 1, e - i - 1};
	return e + 1 < n && s[e] == ' ' && nm_is_particle(&w) &&
	       (isupper((unsigned char)s[e + 1]) || nm_is_lower_start(&(nm_span){s + e + 1, 1}));
}

static size_t nm_words(const char *s, size_t n, nm_span *w, size_t max)
{
	size_t k = 0, i = 0;
	while (i < n && k < max) {
		size_t sp;
		while (i < n && (sp = rtx_ws(s + i, n - i)) != 0)
			i += sp;
		if (i >= n)
			break;
		size_t b = i;
		while (i < n && !rtx_ws(s + i, n - i) && s[i] != ';' && !nm_slash_between(s, n, b, i))
			i++;
		if (i < n && (s[i] == ';' || s[i] == '/'))
			i++; /* keep ';' (or the names' "/") on the word */
		w[k].s = s + b;
		w[k].n = i - b;
		k++;
	}
	return k;
}

/* Is the part one word written in Chinese, Japanese or Korean script
 * ("王进玉", "丸山眞男", "김철수")?  Such lists set each person's name
 * whole, family name first, and a comma separates persons: "王进玉,
 * 王进聪" is two names, never "Family, Given". */
static int nm_is_cjk_name(const nm_span *p, size_t k)
{
	if (k != 1 || !p->n)
		return 0;
	for (size_t i = 0; i < p->n;) {
		size_t l;
		int32_t c = uc_at(p->s, p->n, i, &l);
		i += l;
		if (!uc_is_cjk(c) && c != 0xB7 && c != '.')
			return 0;
	}
	return 1;
}

/* One comma-part list → names appended to out. */
/* Letters of the word in capitals ("BLOCH" 5, "LE" 2, "D'ARC" 4), 0
 * when it holds a small letter, a digit or a period ("M.S.A" is
 * initials). */
static size_t nm_caps_letters(const nm_span *w)
{
	size_t up = 0;
	for (size_t i = 0; i < w->n; i++) {
		unsigned char c = (unsigned char)w->s[i];
		if (islower(c) || isdigit(c) || c == '.' || c == '(')
			return 0;
		if (c == 0xC3 && i + 1 < w->n && (unsigned char)w->s[i + 1] >= 0x9F)
			return 0; /* ß and the small Latin-1 letters */
		if (c == 0xC3 && i + 1 < w->n)
			up++, i++; /* a capital with an accent */
		else
			up += isupper(c) != 0;
	}
	return up;
}

/* Is the word a given name as written: a capital, then small letters
 * ("Emmanuel", "Jean-Pierre", "Léopold")? */
static int nm_given_word(const nm_span *w)
{
	if (w->n < 2 || !nm_is_upper_start(w))
		return 0;
	size_t first = (unsigned char)w->s[0] < 0x80 ? 1 : 2;
	return first < w->n && (islower((unsigned char)w->s[first]) ||
				((unsigned char)w->s[first] == 0xC3 &&
				 first + 1 < w->n && (unsigned char)w->s[first + 1] >= 0x9F));
}

/* Are the c words, all in capitals, a family name as the French and ISO
 * 690 write it: the last of four letters or more with a vowel, or the
 * family of several words ("LE GOFF") — "DA Alexander", "CK Weaver" are
 * initials first, "CBC News" an acronym? */
static int nm_caps_family(const nm_span *p, size_t c)
{
	size_t letters = 0, last = 0;
	if (!c || c > 4)
		return 0;
	for (size_t i = 0; i < c; i++) {
		last = nm_caps_letters(&p[i]);
		if (last < 2)
			return 0;
		letters += last;
	}
	if (last < 4 && !(c > 1 && letters >= 5 && last >= 3))
		return 0;
	return nm_caps_vowel(&p[c - 1]);
}

/* Does a word in capitals hold a vowel ("MFM", "HJ" are initials)? */
static int nm_caps_vowel(const nm_span *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->s[i] && strchr("AEIOUY\xC3", w->s[i])) /* \xC3: À…Ý */
			return 1;
	return 0;
}

/* Are the k words given names as written ("Ana Isabel", "Jean-Pierre"),
 * or initials ("H.M.")? */
static int nm_given_words(const nm_span *p, size_t k)
{
	for (size_t i = 0; i < k; i++)
		if (!nm_given_word(&p[i]) && !nm_all_dotted(&p[i], 1))
			return 0;
	return k > 0;
}

/* The French forms "BLOCH (Marc)" / "Bloch (Marc Léopold)" and "LE ROY
 * LADURIE Emmanuel" (family in capitals, then given names) into nm. */
static int nm_french_name(const nm_span *p, size_t pk, quire_arena *a, ref_name *nm)
{
	/* the given name in brackets at the end: one name or initials (a
	 * pseudonym's real name, "Stendhal (Henri Beyle)", is no given name) */
	size_t q = 1;
	while (q < pk && !(p[q].n > 1 && p[q].s[0] == '('))
		q++;
	if (q < pk && p[pk - 1].s[p[pk - 1].n - 1] == ')' && pk - q <= 3) {
		nm_span g[3];
		for (size_t i = q; i < pk; i++)
			g[i - q] = p[i];
		g[0].s++, g[0].n--;
		g[pk - q - 1].n--;
		for (size_t i = 0; i < pk - q; i++)
			if (!g[i].n || !nm_is_upper_start(&g[i]))
				return 0;
		if (pk - q > 1 && !nm_all_initials(g, pk - q))
			return 0;
		if (pk - q == 1 && nm_caps_letters(&g[0]) >= 2)
			return 0; /* an acronym: "Decision Assistance (SADA)" */
		nm_family_part(p, q, a, nm);
		nm_given_part(g, pk - q, a, nm);
		return 1;
	}
	/* capitals first (at most four words), given names after; the last
	 * capital word of four letters or more with a vowel, or the family
	 * of several words ("LE GOFF"): "DA Alexander", "CK Weaver" are
	 * initials first, "CBC News" an acronym */
	size_t c = 0;
	while (c < pk && c < 4 && nm_caps_letters(&p[c]) >= 2)
		c++;
	if (!c || c == pk || pk - c > 3 || !nm_caps_family(p, c))
		return 0;
	for (size_t i = c; i < pk; i++)
		if (!nm_given_word(&p[i]))
			return 0;
	nm_family_part(p, c, a, nm);
	nm_given_part(p + c, pk - c, a, nm);
	return 1;
}

static void nm_parts_to_names(nm_span *w, size_t k, quire_arena *a,
			       ref_name *out, size_t *nout, size_t max)
{
	/* parts: [pb[i], pe[i]) word ranges split at words ending in ',' */
	size_t pb[NM_MAX_WORDS], pe[NM_MAX_WORDS], np = 0;
	size_t b = 0;
	for (size_t i = 0; i < k && np < NM_MAX_WORDS; i++) {
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
		const nm_span *p = w + pb[i];
		size_t pk = pe[i] - pb[i];
		if (nm_all_suffix(p, pk)) {
			if (*nout && !out[*nout - 1].suffix)
				out[*nout - 1].suffix = nm_join(a, p, pk);
			i++;
			continue;
		}
		ref_name *nm = &out[*nout];
		memset(nm, 0, sizeof *nm);
		/* a romanised East Asian name with its original after it
		 * ("Yanagida Seizan 柳田聖山", "Chen Jian 陈建"), the form of
		 * Chicago and of East Asian studies: written family first, as
		 * the original is; the original itself has no place in a CSL
		 * name and stays in the entry's text */
		if (pk == 3 && nm_is_cjk_name(&p[2], 1) && !nm_is_cjk_name(&p[0], 1) &&
		    !nm_is_cjk_name(&p[1], 1) && nm_is_upper_start(&p[0]) &&
		    nm_is_upper_start(&p[1]) && p[0].s[p[0].n - 1] != ',' &&
		    p[1].s[p[1].n - 1] != ',' && !nm_is_initials(&p[1])) {
			nm->family = nm_join(a, &p[0], 1);
			nm->given = nm_join(a, &p[1], 1);
			(*nout)++;
			i++;
			continue;
		}
		/* CJK names set apart by stops ("김강원. 김발호"): each a person;
		 * two words with no stop ("齋藤 忍", as Japanese is written):
		 * family name, then given name */
		if (pk >= 2 && pk <= NM_MAX_WORDS) {
			size_t q = 0, stops = 0;
			while (q < pk && nm_is_cjk_name(&p[q], 1)) {
				stops += q + 1 < pk && p[q].n && p[q].s[p[q].n - 1] == '.';
				q++;
			}
			if (q == pk && stops == 0 && pk == 2) {
				nm->family = nm_join(a, &p[0], 1);
				nm->given = nm_join(a, &p[1], 1);
				(*nout)++;
				i++;
				continue;
			}
			if (q == pk && stops == pk - 1) {
				for (q = 0; q < pk && *nout < max; q++) {
					nm_span one = p[q];
					while (one.n && one.s[one.n - 1] == '.')
						one.n--;
					ref_name *o = &out[(*nout)++];
					memset(o, 0, sizeof *o);
					o->family = nm_join(a, &one, 1);
				}
				i++;
				continue;
			}
		}
		/* French: "BLOCH (Marc)", family then the given name in
		 * brackets; "LE ROY LADURIE Emmanuel", "DUBY Georges": the
		 * family in capitals first, then given names */
		if (pk >= 2 && nm_french_name(p, pk, a, nm)) {
			(*nout)++;
			i++;
			continue;
		}
		/* GOST and others: "Иванов И. И.", "Smith J. A." — a word,
		 * then only initials with periods: family first */
		if (pk >= 2 && pk <= 4 && !nm_is_initials(&p[0]) && nm_all_dotted(p + 1, pk - 1) &&
		    nm_dotted_many(p + 1, pk - 1)) {
			nm_family_part(p, 1, a, nm);
			nm_given_part(p + 1, pk - 1, a, nm);
			(*nout)++;
			i++;
			continue;
		}
		/* Vancouver: "Smith J", "van der Berg JA", a suffix or a
		 * particle after the initials: "Whitfield JC Jr.", "Kessel D
		 * von" */
		size_t vk = pk;
		const nm_span *vsuf = NULL, *vpart = NULL;
		if (vk >= 3 && nm_is_suffix(&p[vk - 1]) && nm_is_bare_initials(&p[vk - 2]))
			vsuf = &p[--vk];
		else if (vk >= 3 && nm_is_particle(&p[vk - 1]) && nm_is_bare_initials(&p[vk - 2]))
			vpart = &p[--vk];
		if (vk >= 2 && nm_is_bare_initials(&p[vk - 1]) &&
		    !nm_is_bare_initials(&p[0]) && !nm_is_initials(&p[0]) && !nm_caps_tail(p, vk)) {
			nm_family_part(p, vk - 1, a, nm);
			if (vsuf)
				nm->suffix = nm_join(a, vsuf, 1);
			if (vpart) {
				nm->particle = nm_join(a, vpart, 1);
				nm->particle_drops = 1;
			}
			nm_span g = p[vk - 1];
			if (g.s[g.n - 1] == '.')
				g.n--;
			nm->given = nm_join(a, &g, 1);
			(*nout)++;
			i++;
			continue;
		}
		/* "Smith, Jr., John" */
		if (i + 2 < np && nm_all_suffix(w + pb[i + 1], pe[i + 1] - pb[i + 1]) &&
		    nm_given_like(w + pb[i + 2], pe[i + 2] - pb[i + 2]) &&
		    nm_family_words(p, pk) <= 2) {
			nm_family_part(p, pk, a, nm);
			nm->suffix = nm_join(a, w + pb[i + 1], pe[i + 1] - pb[i + 1]);
			nm_given_part(w + pb[i + 2], pe[i + 2] - pb[i + 2], a, nm);
			(*nout)++;
			i += 3;
			continue;
		}
		/* inverted "Family, Given" */
		if (i + 1 < np && !nm_is_cjk_name(p, pk)) {
			const nm_span *g = w + pb[i + 1];
			size_t gk = pe[i + 1] - pb[i + 1];
			size_t fw = nm_family_words(p, pk);
			/* "DE ROSA, C.": a particle in capitals, no initial */
			int given_first_look = pk >= 2 && nm_is_initials(&p[0]) &&
					       !nm_cap_particle(&p[0]);
			/* two family words and one given name, first in the list
			 * (only the first name is inverted in Chicago's lists:
			 * "…, Mitra Djamal, Suprijadi" is two names): "García
			 * Márquez, Gabriel", "Pérez Galdós, Benito" */
			/* the family in capitals, given names after the comma:
			 * "FERNÁNDEZ OLMEDO, Ana Isabel" (ISO 690) */
			int caps_family = pk <= 4 && nm_caps_family(p, pk) && gk <= 3 &&
					  nm_given_words(g, gk);
			if (!given_first_look && nm_given_like(g, gk) &&
			    (fw == 1 || caps_family ||
			     (fw == 2 && (nm_all_initials(g, gk) || (gk == 1 && i == 0))))) {
				nm_family_part(p, pk, a, nm);
				nm_given_part(g, gk, a, nm);
				(*nout)++;
				i += 2;
				continue;
			}
		}
		nm_name_given_first(p, pk, a, nm);
		(*nout)++;
		i++;
	}
}

static int nm_is_dash_word(const nm_span *w)
{
	return nm_word_is(w, "\xE2\x80\x93") || nm_word_is(w, "\xE2\x80\x94") || nm_word_is(w, "-");
}

/* Could the word be a given name alone, the family name to come ("Willa"
 * of "Willa and Edwin Muir")?  Letters only (a hyphen inside), a capital
 * and then small letters, three or more: no initial, no acronym, no
 * inverted name ("Muir, Willa" has its comma). */
static int nm_lone_given(const nm_span *w)
{
	if (w->n < 3 || !isupper((unsigned char)w->s[0]))
		return 0;
	for (size_t i = 1; i < w->n; i++) {
		unsigned char c = (unsigned char)w->s[i];
		if (!(islower(c) || c >= 0x80 || (c == '-' && i + 1 < w->n)))
			return 0;
	}
	return 1;
}

/* Is the name after "and" written given name first, two to four words
 * with no comma, the last a family name ("Edwin Muir", "Anne Tedeschi",
 * "Mary Ann Smith", "Pierre de Vries")? */
static int nm_shares_family(const nm_span *w, size_t k)
{
	if (k < 2 || k > 4)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (!w[i].n || w[i].s[w[i].n - 1] == ',' ||
		    (i + 1 < k && !nm_is_upper_start(&w[i]) && !(i && nm_is_particle(&w[i]))))
			return 0;
	static const char *const article[] = {"The", "Les", "Der", "Die", "Das", NULL};
	for (size_t i = 0; article[i]; i++)
		if (nm_word_is(&w[0], article[i]))
			return 0;
	return nm_lone_given(&w[0]) && nm_is_upper_start(&w[k - 1]) && !nm_is_initials(&w[k - 1]);
}

/* Spanish "y" and Italian "e" between two names: after a name that
 * ended ("CASTELLAN, N. y HOLLOWAY, P.J.", "C. Bologna e P. Boitani" has
 * "Bologna" end with no stop, so only a family in capitals or an initial
 * after it tells) — "Ortega y Gasset" stays one name. */
static int nm_conj_between(const nm_span *p, size_t j, size_t pk)
{
	if (j == 0 || j + 1 >= pk)
		return 0;
	const nm_span *b = &p[j - 1], *n = &p[j + 1];
	/* Czech "a" (ISO 690's lists in Czech): only between a family in
	 * capitals and a name written given name first whose family is in
	 * capitals too ("Cem GABAY a Axel FINCKH", "SUNDIN a Walther J. VAN
	 * VENROOIJ") */
	if (nm_word_is(&p[j], "a")) {
		if (nm_caps_letters(b) < 2 || !nm_given_word(n))
			return 0;
		size_t e = j + 2;
		while (e < pk && e < j + 5 && !nm_caps_family(&p[e], 1))
			e++;
		return e < pk && e < j + 5 && nm_caps_tail(p + j + 1, e + 1 - (j + 1));
	}
	if (!(nm_word_is(&p[j], "y") || nm_word_is(&p[j], "e")))
		return 0;
	char last = b->n ? b->s[b->n - 1] : 0;
	/* "JOBIM e SOUZA, S." (a Brazilian family in capitals) stays one */
	return last == '.' || last == ',' || nm_is_initials(n) ||
	       (nm_caps_letters(n) >= 2 && nm_caps_letters(b) == 0) ||
	       /* "VILLALBA ECHEVERRÍA, Tomás y Ana RUIZ" */
	       (nm_given_word(b) && nm_given_word(n) && j + 2 < pk &&
		nm_caps_family(&p[j + 2], 1));
}

/* Names of the words p[0..pk), split into sub-pieces on "and" (and
 * "AND" of lists in capitals), "&", "und", "et", ", and", a "y" or "e"
 * between names and a dash standing alone, appended to out. */
static void nm_split_and(nm_span *p, size_t pk, quire_arena *a, ref_name *out, size_t *nout,
			 size_t max)
{
	size_t sb = 0;
	size_t lone = SIZE_MAX; /* a given name alone before "and" */
	for (size_t j = 0; j <= pk && *nout < max; j++) {
		int sep = j < pk &&
			  (nm_word_is(&p[j], "and") ||
			   nm_word_is(&p[j], "&") ||
			   nm_word_is(&p[j], "und") || nm_word_is(&p[j], "AND") ||
			   nm_word_is(&p[j], "et") ||
			   nm_word_is(&p[j], "and,") ||
			   nm_word_is(&p[j], "&amp;") || nm_conj_between(p, j, pk) ||
			   /* Italian lists: "C. Bologna – P. Boitani" */
			   nm_word_is(&p[j], "–") || nm_word_is(&p[j], "—") ||
			   nm_word_is(&p[j], "-"));
		if (!(sep || j == pk))
			continue;
		if (j > sb) {
			size_t m = j - sb;
			size_t before = *nout;
			/* "Smith, J., and" — drop the comma before "and"
			 * by treating it as a part end (the parser does) */
			nm_parts_to_names(p + sb, m, a, out, nout, max);
			/* "Willa and Edwin Muir", "John and Anne
			 * Tedeschi": a given name alone, then a whole
			 * name written given name first — one family */
			if (lone < before && *nout == before + 1 && nm_shares_family(p + sb, m) &&
			    out[before].given && out[before].family) {
				out[lone].given = out[lone].family;
				out[lone].family = out[before].family;
				out[lone].particle = out[before].particle;
				out[lone].particle_drops = out[before].particle_drops;
			}
			lone = SIZE_MAX;
			if (m == 1 && *nout == before + 1 && sep && !nm_is_dash_word(&p[j]) &&
			    nm_lone_given(&p[sb]))
				lone = before;
		}
		sb = j + 1;
	}
}

/* Bytes of an entry's number before a name: "23.", "5-", "5,6-", "12)",
 * "[3]", or a lone ":" or "." ahead of a letter or a space — only when a
 * letter follows (after spaces), so "3M Company" and "1990s" stay. */
static size_t nm_entry_number(const char *s, size_t n)
{
	size_t i = 0;
	if (n >= 3 && s[0] == '[') {
		i = 1;
		while (i < n && i < 6 && isdigit((unsigned char)s[i]))
			i++;
		if (i == 1 || i >= n || s[i] != ']')
			return 0;
		i++;
	} else if (n >= 2 && isdigit((unsigned char)s[0])) {
		while (i < n && i < 8 && (isdigit((unsigned char)s[i]) || (i && s[i] == ',')))
			i++;
		if (i >= n || (s[i] != '.' && s[i] != '-' && s[i] != ')') || s[i - 1] == ',')
			return 0;
		i++;
	} else if (n >= 2 && (s[0] == ':' || (s[0] == '.' && s[1] != '.'))) {
		i = 1;
	} else {
		return 0;
	}
	size_t j = i, sp;
	while (j < n && (sp = rtx_ws(s + j, n - j)) != 0)
		j += sp;
	if (j >= n)
		return 0;
	unsigned char c = (unsigned char)s[j];
	return isalpha(c) || c >= 0x80 ? i : 0;
}

size_t ref_parse_names(const char *s, size_t n, quire_arena *a,
		       ref_name **names, int *et_al)
{
	*names = NULL;
	if (et_al)
		*et_al = 0;
	/* Chinese and Japanese lists separate names with "，" or "、": read
	 * as ", " (the same length) */
	if (memmem(s, n, "\xEF\xBC\x8C", 3) || memmem(s, n, "\xE3\x80\x81", 3)) {
		char *c = quire_arena_alloc(a, n ? n : 1);
		if (!c)
			return 0;
		memcpy(c, s, n);
		for (size_t i = 0; i + 3 <= n; i++)
			if (!memcmp(c + i, "\xEF\xBC\x8C", 3) || !memcmp(c + i, "\xE3\x80\x81", 3)) {
				c[i] = ',';
				c[i + 1] = ' ';
				c[i + 2] = ' ';
			}
		s = c;
	}
	rtx_trim_ws(&s, &n);
	/* a list's bullet before the first name ("• Devaney, Johanna",
	 * "· Koenig, Wolf"), an entry's number glued to it ("23.van den
	 * Hout, JH", "5-Decq P", "[3]Ait Taleb K") and a separator left
	 * before it (": Marini Calvani M") */
	for (;;) {
		size_t k = n >= 3 && !memcmp(s, "\xE2\x80\xA2", 3) ? 3
			 : n >= 2 && !memcmp(s, "\xC2\xB7", 2)     ? 2
			 : n >= 1 && *s == '*'                       ? 1
			 : nm_entry_number(s, n);
		if (!k)
			break;
		s += k;
		n -= k;
		rtx_trim_ws(&s, &n);
	}
	for (;;) { /* closing ",", ":", ";" and their full-width forms */
		if (n && (s[n - 1] == ',' || s[n - 1] == ':' || s[n - 1] == ';'))
			n--;
		else if (n >= 3 && (!memcmp(s + n - 3, "\xEF\xBC\x9A", 3) ||
				    !memcmp(s + n - 3, "\xEF\xBC\x8C", 3) ||
				    !memcmp(s + n - 3, "\xE3\x80\x81", 3)))
			n -= 3;
		else
			break;
	}
	/* a final period after a full name ("Chen, Jian.") goes; an
	 * initial's ("Doe, J.", "J.-P.") or a suffix's ("Jr.") stays */
	if (n && s[n - 1] == '.') {
		size_t w = n - 1;
		while (w && !rtx_ws(s + w - 1, 1) && s[w - 1] != ',')
			w--;
		nm_span last = {s + w, n - w};
		if (!nm_is_initials(&last) && !nm_is_suffix(&last))
			n--;
	}
	if (!n)
		return 0;
	size_t maxw = n / 2 + 2;
	nm_span *w = quire_arena_alloc(a, maxw * sizeof *w);
	ref_name *out = quire_arena_alloc(a, (maxw < NM_MAX_NAMES ? maxw : NM_MAX_NAMES) *
					 sizeof *out);
	if (!w || !out)
		return 0;
	size_t max = maxw < NM_MAX_NAMES ? maxw : NM_MAX_NAMES;
	size_t k = nm_words(s, n, w, maxw);
	/* "et al." anywhere (usually at the end) sets the flag; everything
	 * after it is dropped */
	for (size_t i = 0; i < k; i++) {
		int hit = ((nm_word_is(&w[i], "et") || nm_word_is(&w[i], "et.")) &&
			   i + 1 < k && nm_span_starts(&w[i + 1], "al")) ||
			  nm_span_starts(&w[i], "etal") ||
			  nm_word_is(&w[i], "u.a.") || nm_word_is(&w[i], "u.a") ||
			  nm_word_is(&w[i], "al.") || nm_word_is(&w[i], "etal.") ||
			  ((nm_word_is(&w[i], "u.") || nm_word_is(&w[i], "and")) &&
			   i + 1 < k &&
			   (nm_word_is(&w[i + 1], "a.") || nm_span_starts(&w[i + 1], "others"))) ||
			  /* "et al." inverted as a name by a reference manager:
			   * "& al, e." */
			  ((nm_word_is(&w[i], "al,") || nm_word_is(&w[i], "al.,")) &&
			   i + 2 == k && (nm_word_is(&w[i + 1], "e.") || nm_word_is(&w[i + 1], "e")));
		if (hit) {
			if (et_al)
				*et_al = 1;
			k = i;
			if (k && w[k - 1].n && w[k - 1].s[w[k - 1].n - 1] == ',')
				w[k - 1].n--;
			break;
		}
	}
	k = nm_drop_phrases(w, k);
	/* "translated by John and Doreen Weightman as Tristes Tropiques":
	 * the names end before "as" */
	for (size_t i = 1; i < k; i++)
		if (w[i].n == 2 && w[i].s[0] == 'a' && w[i].s[1] == 's') {
			k = i;
			break;
		}
	/* a bracket around the names whose other half went with a role
	 * phrase: "(ed. Colin Brown)" closes the last name, "(G. Geymonat,
	 * ed.)" opens the first */
	if (k) {
		int depth = 0;
		for (size_t i = 0; i < k; i++)
			for (size_t j = 0; j < w[i].n; j++)
				depth += w[i].s[j] == '(' ? 1 : w[i].s[j] == ')' ? -1 : 0;
		nm_span *z = &w[k - 1];
		if (depth < 0 && z->n > 1 && z->s[z->n - 1] == ')')
			z->n--;
		else if (depth < 0 && z->n > 2 && z->s[z->n - 1] == ',' && z->s[z->n - 2] == ')')
			z->n -= 2;
		else if (depth > 0 && w[0].n > 1 && w[0].s[0] == '(')
			w[0].s++, w[0].n--;
	}
	size_t nout = 0;
	/* pieces split on ';', and on a "/" between words (German lists:
	 * "Massaut, Jean-Pierre / Hennau, Marie-Elisabeth (Hg.)", "Hinz, A.
	 * /Katzenbach, D."); one inside a word ("A./E.") is left */
	size_t b = 0;
	for (size_t i = 0; i <= k && nout < max; i++) {
		int semi = i < k && w[i].n && (w[i].s[w[i].n - 1] == ';' || w[i].s[w[i].n - 1] == '/');
		if (semi)
			w[i].n--;
		else if (i + 1 < k && w[i].n && w[i + 1].n > 1 && w[i + 1].s[0] == '/') {
			w[i + 1].s++;
			w[i + 1].n--;
			semi = 1;
		}
		if (!(semi || i == k))
			continue;
		size_t e = semi ? i + 1 : i;
		/* drop empty words left by a lone ';' */
		size_t pk = 0;
		nm_span *p = w + b;
		for (size_t j = b; j < e; j++)
			if (w[j].n)
				p[pk++] = w[j];
		b = i + 1;
		if (!pk)
			continue;
		int corp = nm_is_corporate(p, pk);
		if (corp == 1 || pk > NM_MAX_WORDS) {
			ref_name *nm = &out[nout++];
			memset(nm, 0, sizeof *nm);
			nm->literal = nm_join(a, p, pk);
			continue;
		}
		if (corp == 2) {
			/* each comma part with an institution word is an
			 * organisation as written; the parts between are names */
			size_t rb = 0; /* the run of name parts not yet read */
			for (size_t j = 0, pb = 0; j < pk && nout < max; j++) {
				if (j + 1 < pk && !(p[j].n && p[j].s[p[j].n - 1] == ','))
					continue;
				int org = 0;
				for (size_t q = pb; q <= j; q++)
					org |= nm_institution_span(&p[q]);
				if (org) {
					if (pb > rb)
						nm_split_and(p + rb, pb - rb, a, out, &nout, max);
					nm_span last = p[j];
					if (last.n && last.s[last.n - 1] == ',')
						last.n--;
					if (nout < max) {
						ref_name *nm = &out[nout++];
						memset(nm, 0, sizeof *nm);
						nm->literal = rtx_dup(a, p[pb].s,
								      (size_t)(last.s + last.n - p[pb].s));
					}
					rb = j + 1;
				}
				pb = j + 1;
			}
			if (pk > rb && nout < max)
				nm_split_and(p + rb, pk - rb, a, out, &nout, max);
			continue;
		}
		nm_split_and(p, pk, a, out, &nout, max);
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
 * letters as they are), 0 if none: a full name in six languages or a
 * prefix of at least three letters that names one month only. */
static int nm_month(const char *s, size_t n)
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
		"luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
		"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho",
		"agosto", "setembro", "outubro", "novembro", "dezembro"};
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

int ref_month_name(const char *s, size_t n)
{
	return nm_month(s, n);
}

static int nm_all_digits(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int nm_num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n && i < 6; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

void ref_parse_date(const char *s, size_t n, quire_arena *a, ref_date *d)
{
	memset(d, 0, sizeof *d);
	rtx_trim_ws(&s, &n);
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
			/* "n.p., n.d.", "s.l.n.d.", "o.O. o.J.": no place, no
			 * publisher, then no date */
			const char *r = letters;
			for (int q = 0; q < 2 && strlen(r) > 2; q++)
				if (!strncmp(r, "np", 2) || !strncmp(r, "sl", 2) ||
				    !strncmp(r, "sn", 2) || !strncmp(r, "oo", 2))
					r += 2;
			if (strcmp(r, "nd") == 0 || strcmp(r, "sd") == 0 ||
			    strcmp(r, "oj") == 0 || strcmp(r, "sf") == 0 ||
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
		if ((w = rtx_ws(s + i, n - i)) != 0 || strchr(",;/()[]", s[i])) {
			i += w ? w : 1;
			continue;
		}
		if ((w = rtx_dash(s + i, n - i)) != 0) {
			after_dash = 1;
			i += w;
			continue;
		}
		size_t b = i;
		while (i < n && !rtx_ws(s + i, n - i) && !strchr(",;/()[]", s[i]) &&
		       !rtx_dash(s + i, n - i))
			i++;
		const char *t = s + b;
		size_t tn = i - b;
		/* the period of text whose spaces slipped (".2002 ,") */
		while (tn > 1 && (t[0] == '.' || t[0] == ':')) {
			t++;
			tn--;
		}
		/* ISO 2003-03-30 and 2003-03 (the dashes split it: read ahead) */
		if (tn == 4 && nm_all_digits(t, 4) && i + 3 <= n && s[i] == '-' &&
		    isdigit((unsigned char)s[i + 1]) &&
		    isdigit((unsigned char)s[i + 2]) &&
		    (i + 3 == n || !isdigit((unsigned char)s[i + 3]))) {
			int mo = nm_num(s + i + 1, 2);
			if (!seen_year && mo >= 1 && mo <= 12) {
				d->year = nm_num(t, 4);
				d->month = mo;
				seen_year = 1;
				i += 3;
				if (i + 3 <= n && s[i] == '-' &&
				    isdigit((unsigned char)s[i + 1]) &&
				    isdigit((unsigned char)s[i + 2])) {
					int dd = nm_num(s + i + 1, 2);
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
		    nm_all_digits(t + 1, 4)) {
			d->circa = 1;
			t++;
			core--;
		}
		/* a month run into its year ("Aug2013", "Jun2017") */
		if (core >= 7 && nm_all_digits(t + core - 4, 4) &&
		    !isdigit((unsigned char)t[core - 5])) {
			int m = nm_month(t, core - 4), y = nm_num(t + core - 4, 4);
			if (m && y >= 1000 && y <= 2999 && !seen_year) {
				if (after_dash && d->month)
					d->end_month = m; /* "Aug.-Sept.1961" */
				else
					d->month = m;
				d->year = y;
				seen_year = 1;
				if (pending_day && !d->day)
					d->day = pending_day;
				after_dash = 0;
				continue;
			}
		}
		size_t digits = 0;
		while (digits < core && isdigit((unsigned char)t[digits]))
			digits++;
		if (digits == 4 && (core == 4 || (core == 5 && islower((unsigned char)t[4])))) {
			int y = nm_num(t, 4);
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
			int y = d->year / 100 * 100 + nm_num(t, 2);
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
			int dd = nm_num(t, digits);
			if (dd >= 1 && dd <= 31) {
				if (d->month && !d->day && (!seen_year || !after_dash))
					d->day = dd; /* March 30, 2003; 2003 March 30 */
				else if (after_dash && d->day && d->month &&
					 !d->end_day)
					d->end_day = dd;
				else
					pending_day = dd;
			}
			after_dash = 0;
			continue;
		}
		int mo = nm_month(t, core);
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
		/* "c. 1905", not the "C." of "Washington, D. C." */
		if ((t[0] == 'c' && rtx_word_at(t, core, "c")) || rtx_word_at(t, core, "ca") ||
		    rtx_word_at(t, core, "circa") || rtx_word_at(t, core, "um") ||
		    rtx_word_at(t, core, "vers"))
			d->circa = 1;
	}
	if (d->end_year && d->end_year == d->year && !d->end_month)
		d->end_year = 0;
	if (d->end_day && !d->end_month)
		d->end_month = d->month; /* "November 14-20, 2006" */
	if ((d->end_month || d->end_day) && !d->end_year)
		d->end_year = d->year;
	if (!d->year) {
		d->month = d->day = 0;
		d->end_year = d->end_month = d->end_day = 0;
		d->circa = 0;
		const char *t = s;
		size_t m = n;
		rtx_trim(&t, &m, 1);
		d->literal = m ? rtx_dup(a, t, m) : NULL;
	}
	if (!d->month)
		d->day = 0;
}

