/*
 * bib.c — finding the bibliography and splitting it into entries (bib.h).
 *
 * Extracted reference lists are messy: an entry is wrapped over several
 * lines, sometimes with blank lines inside it (a publisher split from its
 * place, a subtitle alone on a line), a URL in angle brackets is broken
 * across lines, the list has sub-sections, and only some bibliographies
 * use a hanging indent or numbers.  The decisions:
 *
 *   - Every line gets a *start strength*: 3 when its opening is a sure
 *     entry start (a number "[3]" / "3.", initials "Smith J," / "Smith,
 *     J." / "A. R. Burn," / "Burkert A.," / "Davies, P.C.W.:" / "K. Je
 *     ay," (a name a lost ligature split), a repeated-author dash "———." (or what OCR made of it: "9 1979."),
 *     "Smith (2001)"),
 *     2 when strong (an inverted name "Chen, Jian", which a wrapped "River,
 *     California." also looks like), 1 when weak (an organisation "World
 *     Bank. 2003.", "Anonymous.", a title in quotes), 0 otherwise.  Labels
 *     that extraction damaged still count ("[ ] J. S. Liu", "[REF 3]",
 *     "[1 Hu W.,", "AS87] Afek,", "BMG + 94] Berson", a superscript made a
 *     mark: "'Y. Tokura,"), so do author-year keys ("[Bais 2010]"),
 *     and so do small capitals it lowered
 *     ("abror, a., Patrisia, D.").
 *   - Every entry knows how its text ends: *complete* (".", ")", "]", ">",
 *     a closing quote not after a comma, a digit), *soft* (a letter:
 *     perhaps a missing final period) or *hard* (an initial after a
 *     comma: a name broken "…, A. Sinz, J." / "Walensky, …"; ",", ":", ";", "-", "&",
 *     "and", "in", "pp.", or a "<", "(" or "[" opened in its last few lines
 *     and not closed).  A hard end is never split after, whatever blank
 *     lines follow.  After a complete end, a strong or sure start splits; a
 *     weak one only after a blank line and once the entry holds a year.  A
 *     soft end is split only once the entry holds a year, before a sure
 *     start, or a strong one after a blank line.
 *   - The layout is read once over the whole list: a numbered list is split
 *     on its numbers (which must rise), a hanging indent (or a first-line
 *     indent) is split on the indentation when the indented class rarely
 *     starts entries, blank lines are used as separators when the chunks
 *     they make mostly open with entry starts.  Otherwise a line starts a
 *     new entry when it is an entry start and the entry before is complete.
 *   - A sub-section is a known name ("Primary sources", "Aufsätze") or a
 *     short capitalised line standing alone between an entry that looks
 *     finished and a line that starts one.  A bibliography heading
 *     ("References": passed in with the list, or repeated at a page's
 *     top) after a finished entry is one too, and so is a heading run
 *     into the first entry ("References [1] F. Dubois, …").
 *   - With no heading, bib_find_trailing() walks back from the end: a line
 *     is a *position* when the line before it is complete (or it is
 *     numbered); the run holds while positions keep opening entries (it
 *     stops at three positions in a row that do not, or at nine lines with
 *     no entry start), and it is accepted from an entry start when it has
 *     at least 3 entries, 60% of its positions open entries and 75% of its
 *     entries hold a year or "n.d." (a numbered entry must also carry a
 *     name or a reference's mark: "pp.", "Press", quotes, a DOI …; one
 *     with both counts as dated, for extraction that lost every digit).
 *     Below the last entry, BIB_TAIL_LINES lines of a page's furniture
 *     ("Manuscript received …", a journal's name) are stepped over.
 *   - Several works cited under one number are entries of their own, as
 *     reference segmenters count them: an unnumbered sure start with a
 *     year on its own line after a finished entry with one, and, inside
 *     an entry, a sure start or a sub-label ("b) …") after a "; " that
 *     closes a citation ("… 142 (1990); F. J. Gilman, …").
 *   - Entries run together on one line (bib_runon) are cut after an
 *     entry's end ('.', ')' or ']', not an initial: "G. R. FREEMAN")
 *     where a start with a year follows; in a numbered list at the next
 *     number, after whatever ends the entry before ("… 121–136 2. Lin").
 *   - An entry that grows past BIB_MAX_ENTRY_LINES lines or
 *     BIB_MAX_ENTRY_BYTES bytes is split at the next strong start anyway,
 *     so one unclosed bracket cannot swallow a list.
 *
 * Everything is linear in the input: each line is looked at a bounded
 * number of times, and the pattern tests read at most the first
 * BIB_PEEK bytes of a line (and its end).
 */
#include "bib.h"

#include <string.h>

#include <utf8proc.h>

#include "uchar.h"

#include "head.h"

#define BIB_PEEK 320            /* bytes of a line's opening examined */
#define BIB_MAX_ENTRY_LINES 12  /* past this, a strong start splits anyway */
#define BIB_MAX_ENTRY_BYTES 3000
#define BIB_FOLD_MAX 96         /* a heading longer than this is not one */
#define BIB_TAIL_LINES 12       /* lines stepped over below a trailing run */

/* ---- characters ------------------------------------------------------ */

static int bib_isdigit(int c) { return c >= '0' && c <= '9'; }

/* The code point ending at s[n), its start going to *at. */
static int32_t bib_last_cp(const char *s, size_t n, size_t *at)
{
	size_t i = n;
	while (i > 0 && n - i < 4) {
		i--;
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			break;
	}
	*at = i;
	size_t k;
	return uc_at(s, n, i, &k);
}

static int bib_is_dash(int32_t cp)
{
	return cp == '-' || cp == '_' || cp == 0x2012 || cp == 0x2013 ||
	       cp == 0x2014 || cp == 0x2015 || cp == 0x2E3A || cp == 0x2E3B;
}

static int bib_is_open_quote(int32_t cp)
{
	return cp == '"' || cp == 0x201C || cp == 0x2018 || cp == 0xAB ||
	       cp == 0x201E;
}

/* Trims spaces at both ends of s[0..*n). */
static const char *bib_trim(const char *s, size_t *n)
{
	while (*n > 0 && (*s == ' ' || *s == '\t'))
		s++, (*n)--;
	while (*n > 0 && (s[*n - 1] == ' ' || s[*n - 1] == '\t'))
		(*n)--;
	return s;
}

/* Non-zero if s holds a year 1400–2099 standing alone, or "n.d.". */
static int bib_has_year(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++) {
		if (s[i] == 'n' && s[i + 1] == '.' && s[i + 2] == 'd' &&
		    s[i + 3] == '.' && (i == 0 || !uc_is_letter((unsigned char)s[i - 1])))
			return 1;
		if (!bib_isdigit(s[i]) || (i > 0 && bib_isdigit(s[i - 1])))
			continue;
		if (!bib_isdigit(s[i + 1]) || !bib_isdigit(s[i + 2]) ||
		    !bib_isdigit(s[i + 3]) || (i + 4 < n && bib_isdigit(s[i + 4])))
			continue;
		if ((s[i] == '1' && s[i + 1] >= '4') ||
		    (s[i] == '2' && s[i + 1] == '0'))
			return 1;
	}
	return 0;
}

/*
 * Lower-cases s[0..n) into out (cap BIB_FOLD_MAX), dropping a leading
 * numbering ("7.", "VII.") and a trailing colon or period, and closing up
 * letter-spaced words ("R E F E R E N C E S").  Returns the folded length,
 * or 0 when it does not fit.
 */
static size_t bib_fold_label(const char *s, size_t n, char *out)
{
	s = bib_trim(s, &n);
	if (n == 0 || n > (size_t)4 * BIB_FOLD_MAX)
		return 0;
	/* a leading ornament: "■ REFERENCES", "• Bibliography", "§ Literatur" */
	for (;;) {
		size_t k;
		int32_t cp = uc_at(s, n, 0, &k);
		if (cp < 0 || k >= n)
			break;
		utf8proc_category_t c = utf8proc_category(cp);
		if (c != UTF8PROC_CATEGORY_SO && c != UTF8PROC_CATEGORY_SM &&
		    cp != 0xA7 /* § */ && cp != 0x2022 /* • */)
			break;
		s += k;
		n -= k;
		s = bib_trim(s, &n);
	}
	size_t nl;
	int lv;
	/* an appendix's numbering: "A.5 References", "B.2.1 Literature" */
	if (n > 4 && s[0] >= 'A' && s[0] <= 'Z' && s[1] == '.' && bib_isdigit(s[2])) {
		size_t i = 2;
		while (i < n && (bib_isdigit(s[i]) || s[i] == '.'))
			i++;
		if (i < n && s[i] == ' ') {
			s += i;
			n -= i;
			s = bib_trim(s, &n);
		}
	}
	if (head_numbered(s, n, &nl, &lv) && nl < n) {
		s += nl;
		n -= nl;
		s = bib_trim(s, &n);
	}
	while (n > 0 && (s[n - 1] == ':' || s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	if (n == 0)
		return 0;
	/* letter-spaced: every other byte a space */
	int spaced = n >= 7;
	for (size_t i = 1; spaced && i < n; i += 2)
		if (s[i] != ' ' || s[i - 1] == ' ')
			spaced = 0;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t k;
		int32_t cp = uc_at(s, n, i, &k);
		i += k;
		if (cp < 0)
			return 0;
		if (spaced && cp == ' ')
			continue;
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t e = utf8proc_encode_char(utf8proc_tolower(cp), enc);
		if (e <= 0 || o + (size_t)e >= BIB_FOLD_MAX)
			return 0;
		memcpy(out + o, enc, (size_t)e);
		o += (size_t)e;
	}
	out[o] = 0;
	return o;
}

static int bib_in_list(const char *f, size_t n, const char *const *list,
		       size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && !memcmp(list[i], f, n))
			return 1;
	return 0;
}

/* ---- headings ----------------------------------------------------------- */

int bib_is_heading(const char *s, size_t n, int *is_notes)
{
	static const char *const bib[] = {
		"bibliography", "select bibliography", "selected bibliography",
		"bibliography and references", "references and bibliography",
		"works cited", "works consulted", "works cited and consulted",
		"references", "reference", "reference list", "references cited",
		"references and notes", /* Science's style: mostly entries */
		"list of references", "sources", "sources cited",
		"sources consulted", "literature cited", "literature",
		"cited literature", "sources and bibliography",
		"sources and literature", "further reading",
		/* French */
		"bibliographie", "références", "références bibliographiques",
		"ouvrages cités", "bibliographie sélective",
		"sources et bibliographie", "orientation bibliographique",
		/* German */
		"literaturverzeichnis", "quellen", "quellenverzeichnis",
		"quellen und literatur", "quellen- und literaturverzeichnis",
		"literaturangaben", "verwendete literatur", "literatur",
		"zitierte literatur", "literatur und quellen",
		"quellen und darstellungen",
		/* Dutch */
		"literatuur", "literatuurlijst", "bronnen en literatuur",
		/* Spanish, Italian, Portuguese */
		"bibliografía", "referencias", "referencias bibliográficas",
		"obras citadas", "obras consultadas", "fuentes",
		"fuentes y bibliografía", "bibliografia",
		"riferimenti bibliografici", "bibliografia citata",
		"opere citate", "referências", "referências bibliográficas",
		/* Polish, Czech; Russian (GOST); Chinese and Japanese */
		"literatura", "literatura cytowana", "použitá literatura",
		"литература", "список литературы", "библиография",
		"список использованных источников", "参考文献", "引用文献",
	};
	static const char *const notes[] = {
		"notes", "endnotes", "footnotes", "notes and references",
		"anmerkungen", "notas", "note",
		"fußnoten", "endnoten",
	};
	char f[BIB_FOLD_MAX];
	size_t fn = bib_fold_label(s, n, f);
	if (is_notes)
		*is_notes = 0;
	if (fn == 0)
		return 0;
	if (bib_in_list(f, fn, bib, sizeof bib / sizeof *bib))
		return 1;
	if (bib_in_list(f, fn, notes, sizeof notes / sizeof *notes)) {
		if (is_notes)
			*is_notes = 1;
		return 1;
	}
	/* a bibliography of one part: "References cited in Appendix A",
	 * "Bibliography for Chapter 3", "Literature cited in chapter 2" */
	static const char *const part[] = {" cited in ", " for chapter",
		" for appendix", " for part", " to chapter", " in chapter",
		" of chapter"};
	for (size_t i = 0; i < sizeof part / sizeof *part; i++) {
		const char *at = memmem(f, fn, part[i], strlen(part[i]));
		if (at && bib_in_list(f, (size_t)(at - f), bib, sizeof bib / sizeof *bib) &&
		    fn - (size_t)(at - f) <= 32)
			return 1;
	}
	return 0;
}

int bib_is_section(const char *s, size_t n)
{
	static const char *const sec[] = {
		"books", "articles", "journal articles", "articles in journals",
		"chapters in edited books", "chapters in edited volumes",
		"book chapters", "chapters", "books and articles",
		"books and monographs", "monographs", "edited volumes",
		"primary sources", "secondary sources", "archival sources",
		"archives", "archival material", "archival materials",
		"manuscript sources", "manuscripts", "unpublished sources",
		"published sources", "printed sources", "primary literature",
		"secondary literature", "web sites", "websites",
		"online sources", "internet sources", "electronic sources",
		"newspapers", "newspapers and periodicals",
		"newspapers and magazines", "periodicals",
		"government documents", "official documents",
		"official publications", "government publications",
		"dissertations", "dissertations and theses", "theses",
		"theses and dissertations", "reports", "interviews", "films",
		"filmography", "discography", "other sources", "documents",
		"collections", "memoirs", "memoirs and diaries",
		"conference papers", "working papers", "legal sources",
		"cases", "statutes", "treaties", "databases", "data sources",
		"software", "primary texts", "secondary texts",
		/* French */
		"ouvrages", "sources primaires", "sources secondaires",
		"ouvrages généraux", "études", "sources imprimées",
		"sources manuscrites", "archives", "périodiques", "thèses",
		"sites internet", "articles et chapitres",
		/* German */
		"primärquellen", "sekundärliteratur", "primärliteratur",
		"quellen", "monographien", "aufsätze", "zeitschriften",
		"ungedruckte quellen", "gedruckte quellen", "internetquellen",
		"zeitungen", "archivalien", "sammelbände",
		/* Spanish */
		"fuentes primarias", "fuentes secundarias", "libros",
		"artículos", "fuentes documentales", "documentos",
		"fuentes electrónicas", "tesis", "periódicos", "archivos",
		"capítulos de libros", "hemerografía",
	};
	char f[BIB_FOLD_MAX];
	size_t fn = bib_fold_label(s, n, f);
	return fn && bib_in_list(f, fn, sec, sizeof sec / sizeof *sec);
}

/* ---- entry starts -------------------------------------------------------- */

/* One space-delimited word of a line's opening. */
typedef struct bib_word {
	const char *s;
	size_t n;
} bib_word;

/* Splits the opening of s into at most max words; returns the count. */
static size_t bib_words(const char *s, size_t n, bib_word *w, size_t max)
{
	size_t c = 0, i = 0;
	if (n > BIB_PEEK)
		n = BIB_PEEK;
	while (c < max) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		size_t b = i;
		while (i < n && s[i] != ' ')
			i++;
		w[c].s = s + b;
		w[c].n = i - b;
		c++;
	}
	return c;
}

static int bib_word_is(const bib_word *w, const char *lit)
{
	return strlen(lit) == w->n && !memcmp(w->s, lit, w->n);
}

/* A name particle that may open a family name in lower case. */
static int bib_particle(const bib_word *w)
{
	static const char *const p[] = {"van", "von", "der", "den", "de", "del",
		"della", "degli", "di", "da", "du", "des", "le", "la", "ter",
		"ten", "dos", "das", "do", "al", "el", "bin", "ibn", "zu", "vom",
		"af", "av"};
	return bib_in_list(w->s, w->n, p, sizeof p / sizeof *p);
}

/* Sentence openers that are not family names ("However, John said …"). */
static int bib_stopword(const bib_word *w)
{
	static const char *const st[] = {"However", "Moreover", "Thus",
		"Therefore", "Furthermore", "First", "Second", "Third",
		"Finally", "Indeed", "Yet", "Here", "There", "Now", "Then",
		"Today", "Also", "In", "On", "At", "For", "But", "And", "The",
		"A", "An", "This", "That", "These", "Those", "It", "We", "I",
		"He", "She", "They", "You", "When", "While", "If", "Although",
		"After", "Before", "Since", "As", "So", "Still", "Instead",
		"Meanwhile", "Nevertheless", "Nonetheless", "Besides", "Later",
		"Again", "Above", "Below", "Similarly", "Likewise", "Of",
		"With", "By", "From", "To", "Oh", "Yes", "No", "Well", "Hence",
		"Otherwise", "Accordingly", "Consequently", "Perhaps",
		"Clearly", "Surely", "Fortunately", "Unfortunately", "Sadly",
		"My", "Our", "Your", "His", "Her", "Their", "Its", "What",
		"Why", "How", "Where", "Who", "Whom", "Which", "Not", "Or",
		"Nor", "Because", "Once", "Every", "Each", "Some", "Many",
		"Most", "All", "One", "Two", "Three", "Sometimes", "Often",
		"Ultimately", "Specifically", "Importantly", "Notably",
		"Chapter", "Part", "Section", "Table", "Figure", "Note", "See",
		"Vol", "Volume", "Dear", "Sincerely", "Love", "Lord", "God"};
	size_t n = w->n;
	while (n > 0 && (w->s[n - 1] == ',' || w->s[n - 1] == '.'))
		n--;
	return bib_in_list(w->s, n, st, sizeof st / sizeof *st);
}

/* A capitalised name word: an upper-case letter, then letters, hyphens,
 * apostrophes and periods; trailing ',' '.' ':' ';' are reported in *end
 * (0 when none).  "d'Alembert" and "O'Brien" count. */
static int bib_cap_word(const bib_word *w, char *end)
{
	size_t n = w->n, i = 0, k;
	*end = 0;
	if (n == 0)
		return 0;
	if (strchr(",.:;", w->s[n - 1])) {
		*end = w->s[n - 1];
		n--;
	}
	if (n == 0)
		return 0;
	int32_t cp = uc_at(w->s, n, 0, &k);
	if (!uc_is_upper(cp)) {
		/* d'Alembert, d’Arcy */
		if (n > 3 && (w->s[0] == 'd' || w->s[0] == 'l') &&
		    (w->s[1] == '\'' || !memcmp(w->s + 1, "\xE2\x80\x99", 3))) {
			i = w->s[1] == '\'' ? 2 : 4;
			cp = uc_at(w->s, n, i, &k);
			if (!uc_is_upper(cp))
				return 0;
		} else {
			return 0;
		}
	}
	i += k;
	while (i < n) {
		cp = uc_at(w->s, n, i, &k);
		if (!uc_is_letter(cp) && cp != '-' && cp != '\'' &&
		    cp != 0x2019 && cp != '.')
			return 0;
		i += k;
	}
	return 1;
}

/* An initial or run of initials: "J.", "J.-P.", "A.R.", "Ø." */
static int bib_initials(const bib_word *w)
{
	size_t n = w->n, i = 0, k, letters = 0;
	if (n > 0 && w->s[n - 1] == ',')
		n--;
	if (n < 2 || w->s[n - 1] != '.')
		return 0;
	while (i < n) {
		int32_t cp = uc_at(w->s, n, i, &k);
		if (uc_is_upper(cp)) {
			letters++;
			i += k;
			if (i < n && uc_is_lower(uc_at(w->s, n, i, &k))) {
				/* "Th.", "Ch." */
				i += k;
			}
			if (i >= n || w->s[i] != '.')
				return 0;
			i++;
			if (i < n && w->s[i] == '-')
				i++;
		} else {
			return 0;
		}
	}
	return letters >= 1 && letters <= 4;
}

/* Non-zero if the word's letters (two at least) are all capitals. */
static int bib_all_caps(const bib_word *w)
{
	size_t i = 0, k, letters = 0;
	while (i < w->n) {
		int32_t cp = uc_at(w->s, w->n, i, &k);
		if (uc_is_lower(cp))
			return 0;
		letters += uc_is_upper(cp);
		i += k;
	}
	return letters >= 2;
}

/* Vancouver initials: "J", "JA", "JAB" followed by ',' '.' ':' or nothing. */
static int bib_vancouver_initials(const bib_word *w)
{
	size_t n = w->n;
	if (n > 0 && (w->s[n - 1] == ',' || w->s[n - 1] == '.' || w->s[n - 1] == ':'))
		n--;
	if (n < 1 || n > 3)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (w->s[i] < 'A' || w->s[i] > 'Z')
			return 0;
	static const char *const no[] = {"UP", "UK", "US", "USA", "EU", "UN",
					 "I", "A"};
	/* "Gnirke A, Melnikov A": before a comma "A" is an initial */
	if (bib_in_list(w->s, n, no, sizeof no / sizeof *no) &&
	    !(n == 1 && w->n == 2 && w->s[1] == ','))
		return 0;
	if (n >= 2 && strspn(w->s, "IVX") >= n)
		return 0; /* "Tome II." */
	return 1;
}

/* "(2001)", "(2001a)", "(n.d.)", "(2001," */
static int bib_paren_year(const bib_word *w)
{
	if (w->n < 5 || w->s[0] != '(')
		return 0;
	if (w->n >= 5 && !memcmp(w->s, "(n.d.", 5))
		return 1;
	return bib_isdigit(w->s[1]) && bib_isdigit(w->s[2]) &&
	       bib_isdigit(w->s[3]) && bib_isdigit(w->s[4]);
}

/* A year standing as a word: "2003.", "2003,", "2003a.", "(2003)", "[1905]". */
static int bib_year_word(const bib_word *w)
{
	if (bib_paren_year(w))
		return 1;
	size_t i = w->n > 0 && w->s[0] == '[';
	if (w->n < i + 4)
		return 0;
	for (size_t k = i; k < i + 4; k++)
		if (!bib_isdigit(w->s[k]))
			return 0;
	if (!((w->s[i] == '1' && w->s[i + 1] >= '4') ||
	      (w->s[i] == '2' && w->s[i + 1] == '0')))
		return 0;
	size_t k = i + 4;
	if (k < w->n && w->s[k] >= 'a' && w->s[k] <= 'z')
		k++;
	if (k < w->n && w->s[k] == ']')
		k++;
	return k == w->n || (k + 1 == w->n && strchr(".,:;", w->s[k]));
}

/* A "given name" after "Family,": a capitalised word or initials, not a
 * place's code ("Chapel Hill, NC:"). */
static int bib_given(const bib_word *w, int german_ok)
{
	char end;
	if (w->n > 2 && w->s[w->n - 1] == ':') {
		/* "Davies, P.C.W.: J. Phys. A" */
		bib_word c = {w->s, w->n - 1};
		if (bib_initials(&c))
			return 1;
	}
	if (memchr(w->s, ':', w->n)) {
		/* "Dollinger, Philippe: Die Hanse" (German style), but not a
		 * place "Chapel Hill, NC:" or "Cambridge, Mass.:" */
		if (!german_ok || w->n < 4 || w->s[w->n - 1] != ':' ||
		    memchr(w->s, '.', w->n) || !bib_cap_word(w, &end))
			return 0;
		bib_word c = {w->s, w->n - 1};
		return !bib_all_caps(&c);
	}
	if (bib_initials(w))
		return 1;
	if (!bib_cap_word(w, &end))
		return 0;
	return 1;
}

/* A line naming a publisher ("… University Press", "Verlag"). */
static int bib_publisher_line(const char *s, size_t n)
{
	static const char *const pub[] = {"Press", "Universit", "Publish",
		"Verlag", "Books", "Éditions", "Editorial", "Presses"};
	for (size_t i = 0; i < sizeof pub / sizeof *pub; i++)
		if (memmem(s, n, pub[i], strlen(pub[i])))
			return 1;
	return 0;
}

/* Small words allowed inside an organisation's name. */
static int bib_org_small(const bib_word *w)
{
	static const char *const sm[] = {"of", "and", "for", "the", "on", "in",
		"&", "de", "du", "des", "la", "le", "für", "und", "der", "y",
		"del", "et"};
	return bib_in_list(w->s, w->n, sm, sizeof sm / sizeof *sm);
}

/* The strength of s[0..n) as an entry's first line: 3 sure (a number,
 * initials, a dash, a year in brackets), 2 strong ("Family, Given"), 1 weak
 * (an organisation, a quoted title), 0 none.  *numbered is set when the strength comes from a number. */
static int bib_start_in(const char *s, size_t n, int *numbered,
			unsigned *number, int inner);

static int bib_start_strength(const char *s, size_t n, int *numbered,
			      unsigned *number)
{
	return bib_start_in(s, n, numbered, number, 0);
}

/* The same; `inner` when what follows a label is being tested, so that
 * the tests calling this one again go one level deep at most. */
static int bib_start_in(const char *s, size_t n, int *numbered,
			unsigned *number, int inner)
{
	size_t k;
	*numbered = 0;
	*number = 0;
	s = bib_trim(s, &n);
	if (n == 0)
		return 0;
	if (n > BIB_PEEK)
		n = BIB_PEEK;
	int32_t c0 = uc_at(s, n, 0, &k);

	/* a bullet before what would start an entry: "• Addis, Bill. …" (a
	 * list of works set as bullets; the bullet stays in the entry) */
	if ((c0 == 0x2022 || c0 == 0x2023 || c0 == 0x25E6 || c0 == 0x25AA || c0 == 0x25CF ||
	     c0 == '*' || c0 == '-') && !inner && k < n && s[k] == ' ') {
		int n2;
		unsigned v2;
		size_t r = k;
		while (r < n && s[r] == ' ')
			r++;
		if (bib_start_in(s + r, n - r, &n2, &v2, 1) >= 2)
			return 3;
	}

	/* labels extraction damaged: "[ ] J. S. Liu" (the number lost),
	 * "[REF 3]", "[1 Hu W.," (the bracket lost) */
	if (c0 == '[' && n > 4) {
		size_t i = 1, b;
		while (i < n && s[i] == ' ')
			i++;
		if (i > 1 && i < n && s[i] == ']') {
			int n2;
			unsigned v2;
			size_t r = i + 1;
			while (r < n && s[r] == ' ')
				r++;
			return r > i + 1 && !inner &&
			       bib_start_in(s + r, n - r, &n2, &v2, 1) >= 2 ? 3 : 0;
		}
		b = i;
		while (i < n && i < 8 && uc_is_upper((unsigned char)s[i]))
			i++;
		if (i > b && i < n && s[i] == ' ')
			i++;
		size_t d = i;
		unsigned v = 0;
		while (i < n && i < d + 4 && bib_isdigit(s[i]))
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i > d && (b < d ? i < n && s[i] == ']' : i + 1 < n && s[i] == ' ')) {
			int n2;
			unsigned v2;
			size_t r = i + 1;
			while (r < n && s[r] == ' ')
				r++;
			if (b < d || (!inner && bib_start_in(s + r, n - r, &n2, &v2, 1) >= 2)) {
				*numbered = 1;
				*number = v;
				return 3;
			}
		}
	}
	/* an author-year key: "[Bais 2010]", "[Bar-Yam 2002a]" */
	if (c0 == '[' && n > 8 && uc_is_upper((unsigned char)s[1])) {
		size_t e = 2;
		while (e < n && e < 40 && s[e] != ']' && s[e] != '[')
			e++;
		if (e < n && s[e] == ']' && memchr(s + 1, ' ', e - 1) &&
		    !(e + 1 < n && strchr(".,:;", s[e + 1]))) {
			bib_word yw = {s + e - 4, 4};
			if (!bib_isdigit(s[e - 1]))
				yw.s--;
			if (yw.s > s + 1 && yw.s[-1] == ' ' && bib_year_word(&yw))
				return 3;
		}
	}
	/* "[12]", "[Smi01]" */
	if (c0 == '[') {
		size_t i = 1;
		unsigned v = 0;
		int digits = 1;
		while (i < n && i < 16 && s[i] != ']') {
			if (!bib_isdigit(s[i]))
				digits = 0;
			else if (v < 100000)
				v = v * 10 + (unsigned)(s[i] - '0');
			if (s[i] == ' ' && !digits)
				return 0;
			i++;
		}
		if (i == 1 || i >= n || s[i] != ']')
			return 0;
		/* "[Smi01]", "[BFNa]", "[Kasa]" are keys; "[Online].",
		 * "[Basel]:", "[Accessed]." are words in brackets */
		if (!digits && i + 1 < n && strchr(".,:;", s[i + 1]))
			return 0;
		*numbered = digits;
		*number = digits ? v : 0;
		return 3;
	}
	/* a repeated-author dash that OCR read as debris: "9 1979. Title",
	 * "9 . 1990a.", ". 1975." — one or two tokens of at most three
	 * bytes without a letter, then a year that ends a sentence */
	{
		bib_word jw[3];
		size_t nj = bib_words(s, n, jw, 3), t = 0;
		while (t < nj && t < 2 && jw[t].n <= 3 && jw[t].s[0] != '(' &&
		       jw[t].s[0] != '[') {
			size_t q = 0;
			/* not a date's day "14, 1911." */
			while (q < jw[t].n && !uc_is_letter((unsigned char)jw[t].s[q]) &&
			       (unsigned char)jw[t].s[q] < 0x80 && jw[t].s[q] != ',' &&
			       !(q > 0 && bib_isdigit(jw[t].s[q])))
				q++;
			if (q < jw[t].n)
				break;
			t++;
		}
		if (t > 0 && t < nj && bib_year_word(&jw[t]) &&
		    jw[t].s[jw[t].n - 1] == '.' && !bib_paren_year(&jw[t]))
			return 3;
	}
	/* "12. ", "12) ", "(12) " */
	if (bib_isdigit(s[0]) || (s[0] == '(' && n > 1 && bib_isdigit(s[1]))) {
		size_t i = s[0] == '(';
		unsigned v = 0;
		size_t b = i;
		while (i < n && bib_isdigit(s[i]))
			v = v * 10 + (unsigned)(s[i++] - '0');
		if (i - b > 3 || i >= n)
			return 0;
		/* "3] J. Ghosh": the opening bracket lost */
		if (s[0] != '(' && s[i] == ']' && i + 1 < n && s[i + 1] == ' ' && !inner) {
			int n2;
			unsigned v2;
			size_t r = i + 1;
			while (r < n && s[r] == ' ')
				r++;
			if (bib_start_in(s + r, n - r, &n2, &v2, 1) < 2)
				return 0;
			*numbered = 1;
			*number = v;
			return 3;
		}
		if (s[0] != '(' && s[i] == ' ' && v > 0) {
			/* "12 W. A. Smith, …": a bare number, then a name */
			int n2;
			unsigned v2;
			while (i < n && s[i] == ' ')
				i++;
			if (bib_isdigit(s[i]) ||
			    inner || bib_start_in(s + i, n - i, &n2, &v2, 1) < 2)
				return 0;
			*numbered = 1;
			*number = v;
			return 3;
		}
		if (s[0] == '(' ? s[i] != ')' : (s[i] != '.' && s[i] != ')'))
			return 0;
		i++;
		if (i == n) {
			/* a label alone on its line: the entry follows */
			*numbered = 1;
			*number = v;
			return 3;
		}
		if (s[i] != ' ')
			return 0;
		while (i < n && s[i] == ' ')
			i++;
		int32_t c = uc_at(s, n, i, &k);
		/* "2. http://…": an entry that is a link */
		if (uc_is_lower(c) && !(s[i] == 'd' || s[i] == 'v') &&
		    !(n - i >= 4 && (!memcmp(s + i, "http", 4) || !memcmp(s + i, "www.", 4))))
			return 0;
		*numbered = 1;
		*number = v;
		return 3;
	}
	/* "———.", "---,", "——, ed." */
	if (bib_is_dash(c0)) {
		size_t i = 0, dashes = 0;
		int32_t c = c0;
		while (i < n && bib_is_dash(c)) {
			dashes += c == 0x2014 || c == 0x2015 || c == '_' ? 2 : 1;
			i += k;
			c = i < n ? uc_at(s, n, i, &k) : -1;
		}
		if (dashes >= 2 && (i == n || s[i] == '.' || s[i] == ',' ||
				    s[i] == ' ' || s[i] == ':'))
			return 3;
		/* one dash, as OCR renders "———": "-, and -," "—. Title" */
		if (dashes >= 1 && i < n && (s[i] == '.' || s[i] == ','))
			return 3;
		return 0;
	}
	/* a title in quotes */
	if (bib_is_open_quote(c0)) {
		size_t k2;
		int32_t c = k < n ? uc_at(s, n, k, &k2) : -1;
		if (!uc_is_upper(c) && !bib_isdigit(c))
			return 0;
		/* “Title.” 2018. — a title standing for the author */
		for (size_t i = k; i + 3 <= n; i++) {
			if (memcmp(s + i, "\xE2\x80\x9D", 3) != 0 && s[i] != '"')
				continue;
			size_t j = i + (s[i] == '"' ? 1 : 3);
			if (j < n && s[j] == ' ') {
				bib_word yw[1];
				if (bib_words(s + j, n - j, yw, 1) == 1 &&
				    bib_year_word(&yw[0]))
					return 2;
			}
			break;
		}
		return 1;
	}
	/* a superscript number extraction turned into a mark: "'Y. Tokura,
	 * T. Arima," */
	if ((c0 == '\'' || c0 == '`' || c0 == '^') && n > 4 && !inner &&
	    uc_is_upper((unsigned char)s[1]) && s[2] == '.') {
		int n2;
		unsigned v2;
		if (bib_start_in(s + 1, n - 1, &n2, &v2, 1) == 3)
			return 3;
	}
	if (!uc_is_letter(c0))
		return 0;
	if (n >= 4 && (!memcmp(s, "http", 4) || !memcmp(s, "www.", 4)))
		return 0;

	bib_word w[10];
	size_t nw = bib_words(s, n, w, 10);
	size_t i = 0;
	char end;

	/* initials first: "A.R. Burn,", "J. R. Smith and", "Ø. Andersen," */
	if (bib_initials(&w[0])) {
		size_t j = 0;
		while (j < nw && j < 3 && bib_initials(&w[j]))
			j++;
		if (j < nw && bib_cap_word(&w[j], &end) && !bib_stopword(&w[j])) {
			if (end == ',')
				return 3;
			/* the last author before a colon: "G. Baskaran: cond-mat/…" */
			if (end == ':' && j + 1 < nw)
				return 2;
			if (end == '.' && j + 1 < nw)
				return bib_all_caps(&w[j]) ? 2 : 1;
			if (!end && j + 1 < nw &&
			    (bib_word_is(&w[j + 1], "and") ||
			     bib_word_is(&w[j + 1], "et") ||
			     bib_word_is(&w[j + 1], "und") ||
			     bib_word_is(&w[j + 1], "y") ||
			     bib_word_is(&w[j + 1], "&") ||
			     bib_paren_year(&w[j + 1])))
				return 3;
			/* a name a lost ligature split: "K. Je ay," (Jeffay) */
			if (!end && j + 1 < nw && w[j + 1].n <= 5) {
				const bib_word *fr = &w[j + 1];
				int comma = fr->s[fr->n - 1] == ',';
				size_t q = 0, fl = fr->n - (size_t)comma;
				while (q < fl && fr->s[q] >= 'a' && fr->s[q] <= 'z')
					q++;
				if (q == fl && (comma || (j + 2 < nw &&
							  (bib_word_is(&w[j + 2], "and") ||
							   bib_word_is(&w[j + 2], "&")))))
					return 3;
			}
		}
		return 0;
	}

	/* a key whose opening bracket was lost: "AS87] Afek, Y.,", "BMG +
	 * 94] Berson S.," — letters, digits, '+' and spaces up to a ']' in
	 * the first 12 bytes */
	if (nw >= 2 && !inner) {
		size_t j = 0;
		while (j < n && j < 12 && (uc_is_letter((unsigned char)s[j]) ||
					   bib_isdigit(s[j]) || s[j] == '+' || s[j] == ' '))
			j++;
		int n2;
		unsigned v2;
		size_t r = j + 1;
		while (r < n && s[r] == ' ')
			r++;
		if (j >= 1 && j < n && s[j] == ']' && s[j - 1] != ' ' && r > j + 1 &&
		    bib_start_in(s + r, n - r, &n2, &v2, 1) >= 2) {
			/* "3] J. Ghosh": a number */
			unsigned v = 0;
			size_t d = 0;
			while (d < j && d < 4 && bib_isdigit(s[d]))
				v = v * 10 + (unsigned)(s[d++] - '0');
			if (d == j) {
				*numbered = 1;
				*number = v;
			}
			return 3;
		}
	}

	/* small capitals that extraction lowered: "abror, a., Patrisia,
	 * D.", "agrawal, a. k., & rahman" — a lower-case family name, a
	 * comma, an initial */
	if (uc_is_lower(c0) && nw >= 3 && w[0].n >= 4 && w[0].s[w[0].n - 1] == ',' &&
	    (w[1].n == 2 || (w[1].n == 3 && w[1].s[2] == ',')) && w[1].s[1] == '.' &&
	    uc_is_letter((unsigned char)w[1].s[0]) &&
	    !bib_particle(&w[0])) {
		size_t j = 0;
		while (j + 1 < w[0].n && (uc_is_lower((unsigned char)w[0].s[j]) ||
					  w[0].s[j] == '-' || w[0].s[j] == '\''))
			j++;
		/* then more names: "patrisia,", "k.,", "&", "(2015)." */
		const bib_word *x = &w[2];
		int more = x->s[x->n - 1] == ',' || bib_word_is(x, "&") ||
			   bib_paren_year(x) ||
			   ((x->n == 2 || x->n == 3) && x->s[1] == '.');
		static const char *const fw[] = {"and", "but", "the", "also",
			"then", "now", "thus", "here", "there", "that", "this",
			"which", "when", "where", "while", "however", "see"};
		if (j + 1 == w[0].n && more &&
		    !bib_in_list(w[0].s, w[0].n - 1, fw, sizeof fw / sizeof *fw))
			return 2;
	}

	/* particles: "van der Berg, Jan", "de Gaulle, Charles" */
	while (i < nw && i < 3 && bib_particle(&w[i]))
		i++;
	if (i == nw)
		return 0;
	if (!bib_cap_word(&w[i], &end)) {
		return 0;
	}
	if (i == 0 && bib_stopword(&w[0])) {
		/* only "The …" organisations may open with a stop word */
		if (!bib_word_is(&w[0], "The"))
			return 0;
	}
	size_t first = i;

	/* up to three capitalised words before a comma: "Aguirre Castro, M." */
	for (size_t j = first; j < nw && j < first + 3; j++) {
		if (j > first && !bib_cap_word(&w[j], &end))
			break;
		if (j == first)
			bib_cap_word(&w[j], &end);
		if (end == ',') {
			if (bib_word_is(&w[0], "The"))
				return 0;
			/* DIN 1505 small capitals: "ADEYEMI, FOLAKE:" (a place's
			 * code, "Chapel Hill, NC:", has two letters) */
			if (j + 1 < nw && bib_all_caps(&w[j]) && w[j + 1].n >= 4 &&
			    w[j + 1].s[w[j + 1].n - 1] == ':' &&
			    bib_all_caps(&w[j + 1]))
				return 3;
			/* "Cambridge, MA : …" (French spacing): a place */
			if (j + 2 < nw && bib_word_is(&w[j + 2], ":"))
				return 0;
			if (j + 1 < nw && bib_given(&w[j + 1], !bib_publisher_line(s, n))) {
				/* "Chen, Jian, 2017." / "Chen, Jian. 2017." */
				if (j + 2 < nw && bib_year_word(&w[j + 2]) &&
				    strchr(",.", w[j + 1].s[w[j + 1].n - 1]))
					return 3;
				return bib_initials(&w[j + 1]) ? 3 : 2;
			}
			if (j + 1 < nw && bib_paren_year(&w[j + 1]))
				return 3;
			return 0;
		}
		if (end == ':' || end == ';')
			return 0;
		if (end == '.')
			break;
		/* Vancouver: "Smith J," "Smith JA." "Smith AB"; after two
		 * words only strong: "Biochem Physiol C" (a journal) reads
		 * like "Aguirre Castro M" */
		if (j + 1 < nw && !bib_word_is(&w[0], "The") &&
		    bib_vancouver_initials(&w[j + 1]))
			return j > first ? 2 : 3;
		/* initials with periods after the family name: "Burkert A.,
		 * 1995," "Duffy A. R., Schaye J." — sure when a comma closes
		 * them ("Astrophys J. 12" is a journal) */
		if (j + 1 < nw && !bib_word_is(&w[0], "The") && bib_initials(&w[j + 1])) {
			size_t q = j + 1;
			while (q + 1 < nw && q < j + 3 && w[q].s[w[q].n - 1] != ',' &&
			       bib_initials(&w[q + 1]))
				q++;
			if (w[q].s[w[q].n - 1] == ',' && j == first)
				return 3;
		}
		/* "Smith (2001)", "Smith and Jones (2001)" */
		if (j + 1 < nw && bib_paren_year(&w[j + 1]))
			return 3;
	}

	/* a first author, "et al", the year: "Boucher OIPCC AR5 et al 2013" */
	for (size_t j = 1; j + 2 < nw && j < 6; j++)
		if (bib_word_is(&w[j], "et") &&
		    (bib_word_is(&w[j + 1], "al") || bib_word_is(&w[j + 1], "al.") ||
		     bib_word_is(&w[j + 1], "al.,") || bib_word_is(&w[j + 1], "al,")) &&
		    bib_year_word(&w[j + 2]) && bib_cap_word(&w[first], &end))
			return 2;

	/* names in reading order, then the year: "William A. Gale and
	 * Kenneth W. Church. 1991.", "Paul B. Kantor, Ellen Voorhees. 1996." */
	{
		/* without the year, two names or more of two to four words
		 * each, joined by "and" or commas, then a capital: "Xin Li and
		 * Dan Roth. Learning …" (not "Pride and Prejudice. London") */
		bib_word lw[16];
		size_t nl = bib_words(s, n, lw, 16), caps = 0;
		size_t names = 0, inname = 0, shortname = 0, joined = 0;
		for (size_t j = 0; j + 1 < nl; j++) {
			const bib_word *x = &lw[j];
			if (bib_initials(x)) {
				if (x->s[x->n - 1] == '.' && j > 0 && !bib_initials(&lw[j - 1]) &&
				    bib_year_word(&lw[j + 1]))
					break; /* "… Smith J. 2001": not this shape */
				inname++;
				if (x->s[x->n - 1] == ',') {
					names++, joined = 1;
					shortname |= inname < 2 || inname > 4;
					inname = 0;
				}
				continue;
			}
			if (j > 0 && (bib_word_is(x, "and") || bib_word_is(x, "&"))) {
				if (inname) {
					names++;
					shortname |= inname < 2 || inname > 4;
				}
				inname = 0;
				joined = 1;
				continue;
			}
			if (!bib_cap_word(x, &end) || end == ':' || end == ';' ||
			    bib_stopword(x))
				break;
			caps++;
			inname++;
			if (end == ',') {
				names++, joined = 1;
				shortname |= inname < 2 || inname > 4;
				inname = 0;
			}
			if (end == '.') {
				if (caps >= 2 && bib_year_word(&lw[j + 1]) &&
				    lw[j + 1].s[lw[j + 1].n - 1] != ',')
					return 2;
				names++;
				shortname |= inname < 2 || inname > 4;
				size_t k2;
				if (joined && names >= 2 && !shortname &&
				    uc_is_upper(uc_at(lw[j + 1].s, lw[j + 1].n, 0, &k2)))
					return 2;
				break;
			}
		}
	}

	/* an organisation or "Anonymous.": capitalised words (small words
	 * allowed inside) up to a period, then a capital, a digit or '(' */
	size_t words = 0;
	for (size_t j = 0; j < nw && j < 6; j++) {
		if (j > 0 && bib_org_small(&w[j]))
			continue;
		if (!bib_cap_word(&w[j], &end))
			return 0;
		words++;
		if (end == '.') {
			if (w[j].n >= 2 && w[j].s[w[j].n - 2] == '.')
				return 0;
			/* "Mr." "Dr." "St." are not an ending */
			if (w[j].n <= 3 && j + 1 < nw)
				return 0;
			if (j + 1 == nw)
				return nw <= 3 ? 1 : 0;
			/* "World Bank. 2003." (author-date): strong; not a
			 * journal's abbreviation "Commun. 2008, 11," */
			if ((words >= 2 || bib_paren_year(&w[j + 1])) &&
			    bib_year_word(&w[j + 1]) &&
			    w[j + 1].s[w[j + 1].n - 1] != ',')
				return 2;
			int32_t c = uc_at(w[j + 1].s, w[j + 1].n, 0, &k);
			if (uc_is_upper(c) || bib_isdigit(c) || c == '(' ||
			    bib_is_open_quote(c))
				return 1;
			return 0;
		}
		if (end)
			return 0;
	}
	return 0;
}

int bib_looks_like_entry_start(const char *s, size_t n)
{
	int numbered;
	unsigned num;
	return s && bib_start_strength(s, n, &numbered, &num) > 0;
}

/* ---- how an entry's text ends ------------------------------------------ */

enum { BIB_END_COMPLETE = 0, BIB_END_SOFT = 1, BIB_END_HARD = 2 };

static int bib_line_end(const char *s, size_t n)
{
	s = bib_trim(s, &n);
	if (n == 0)
		return BIB_END_COMPLETE;
	size_t at;
	int32_t cp = bib_last_cp(s, n, &at);

	/* the last word */
	size_t b = n;
	while (b > 0 && s[b - 1] != ' ')
		b--;
	bib_word w = {s + b, n - b};
	static const char *const hard[] = {"and", "in", "&", "of", "the", "und",
		"et", "y", "for", "by", "with", "to", "at", "on", "from",
		"pp.", "p.", "vol.", "Vol.", "vols.", "no.", "No.", "nos.",
		"In:", "in:", "In", "trans.", "Trans.", "cf.", "Cf.", "an", "a",
		"des", "du", "der", "die", "das", "de", "la", "le", "von", "van"};
	/* a name broken after its initials: "…, A. Sinz, J." / "Walensky, …" */
	if (bib_initials(&w) && w.s[w.n - 1] == '.' && b > 1) {
		size_t pb = b - 1;
		while (pb > 0 && s[pb - 1] != ' ')
			pb--;
		bib_word pw = {s + pb, b - 1 - pb};
		if (pw.n > 0 && (pw.s[pw.n - 1] == ',' || bib_initials(&pw) ||
				 bib_word_is(&pw, "and") || bib_word_is(&pw, "&")))
			return BIB_END_HARD;
	}
	/* a database's links printed after each entry */
	static const char *const links[] = {"CrossRef", "Medline", "PubMed",
		"Scholar"};
	if (bib_in_list(w.s, w.n, links, sizeof links / sizeof *links))
		return BIB_END_COMPLETE;
	static const char *const soft[] = {"ed.", "eds.", "Ed.", "Eds.",
		"al.", "(ed.)", "(eds.)", "Hrsg.", "(Hrsg.)", "comp.", "(ed.),",
		"(eds.),"};
	if (bib_in_list(w.s, w.n, hard, sizeof hard / sizeof *hard))
		return BIB_END_HARD;
	if (bib_in_list(w.s, w.n, soft, sizeof soft / sizeof *soft))
		return BIB_END_SOFT;

	switch (cp) {
	case ',': case ':': case ';': case '-': case '&': case '/': case '(':
	case '<': case '[': case '=': case '+': case 0x2013: case 0x2010:
	case 0x2212: /* a page range broken over lines: "932−" */
	case 0x201C: case 0x2018: case 0x201E: case 0xAB:
		return BIB_END_HARD;
	case '"': case '\'': case 0x201D: case 0x2019: case 0xBB:
		/* "Title," with the comma inside the quotes goes on */
		if (at > 0 && (s[at - 1] == ',' || s[at - 1] == ':' ||
			       s[at - 1] == ';'))
			return BIB_END_HARD;
		return BIB_END_COMPLETE;
	case '.': case ')': case ']': case '>': case '!': case '?':
		return BIB_END_COMPLETE;
	default:
		break;
	}
	if (cp >= '0' && cp <= '9')
		return BIB_END_COMPLETE;
	/* a URL closes many entries without a period ("…/about/punishment") */
	if (w.n > 4 && (memchr(w.s, '/', w.n - 1) || !memcmp(w.s, "http", 4)))
		return BIB_END_COMPLETE;
	return BIB_END_SOFT;
}

/* Net opening of brackets in s: '<' '(' '[' minus their closers.  Quotes
 * are left out: „German“ and “English” quotes share a character. */
static int bib_bracket_delta(const char *s, size_t n)
{
	int d = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '<' || c == '(' || c == '[')
			d++;
		else if (c == '>' || c == ')' || c == ']')
			d--;
	}
	return d;
}

/* Non-zero if s is nothing but a label: "12.", "[12]", "(12)", "[Ahl78]". */
static int bib_label_only(const char *s, size_t n)
{
	s = bib_trim(s, &n);
	if (n >= 3 && n <= 12 && s[0] == '[' && s[n - 1] == ']' &&
	    !memchr(s, ' ', n) && !memchr(s + 1, '[', n - 1) &&
	    memchr(s, ']', n) == s + n - 1)
		return 1;
	if (n < 2 || n > 8)
		return 0;
	size_t d = 0;
	for (size_t i = 0; i < n; i++) {
		if (bib_isdigit(s[i]))
			d++;
		else if (!strchr("[]().", s[i]))
			return 0;
	}
	return d >= 1 && d <= 3;
}

/* ---- the per-line facts both passes use -------------------------------- */

typedef struct bib_line {
	size_t idx;          /* index in L->v */
	unsigned char start; /* 0, 1 weak, 2 strong, 3 sure */
	unsigned char numbered;
	unsigned char end;   /* BIB_END_* of this line alone */
	unsigned char blank_before;
	unsigned char year;
	unsigned char section; /* a known section name */
	unsigned char heading; /* a bibliography's heading ("References") */
	unsigned number;
} bib_line;

static void bib_fact(const ln_t *l, bib_line *f)
{
	int numbered;
	unsigned number;
	memset(f, 0, sizeof *f);
	f->start = (unsigned char)bib_start_strength(l->s, l->n, &numbered, &number);
	f->numbered = (unsigned char)numbered;
	f->number = number;
	f->end = (unsigned char)bib_line_end(l->s, l->n);
	if (f->start && bib_label_only(l->s, l->n))
		f->end = BIB_END_HARD;
	f->year = (unsigned char)bib_has_year(l->s, l->n);
	f->section = (unsigned char)(l->n <= (size_t)4 * BIB_FOLD_MAX &&
				     bib_is_section(l->s, l->n));
	/* the list's own heading passed in, or repeated at a page's top */
	f->heading = (unsigned char)(!f->section && l->n <= (size_t)4 * BIB_FOLD_MAX &&
				     l->s[l->n - 1] != '.' &&
				     bib_is_heading(l->s, l->n, NULL));
	if (l->hint == QUIRE_BLOCK_BIB_SECTION || l->hint == QUIRE_BLOCK_HEADING)
		f->section = 1;
}

/* Signals that a numbered line is a reference, not a point of a list. */
static int bib_ref_signal(const char *s, size_t n)
{
	static const char *const sig[] = {"pp.", "Press", "doi", "http", "Vol",
		"vol.", " ed.", "eds.", "Journal", "University", "\xE2\x80\x9C",
		"\"", "In:", "no.", "(19", "(20", "Verlag", "Proceedings",
		"Review", "Studies", "Quarterly", "Phys.", "Chem.", "Rev.",
		"Lett.", "Proc.", "Stat."};
	for (size_t i = 0; i < sizeof sig / sizeof *sig; i++)
		if (memmem(s, n, sig[i], strlen(sig[i])))
			return 1;
	return 0;
}

/* ---- the trailing run with no heading ----------------------------------- */

static size_t bib_sublabel(const char *s, size_t n);

size_t bib_find_trailing(const lines_t *L, size_t from, size_t to)
{
	size_t best = to;
	size_t P = 0, Q = 0, E = 0, Y = 0;
	size_t pend_lines = 0, pend_bytes = 0, miss = 0, tail = 0;
	int pend_year = 0, pend_sig = 0, next_st = 0;

	if (!L || to > L->n || from >= to)
		return to;

	size_t i = to;
	while (i > from) {
		i--;
		const ln_t *l = &L->v[i];
		if (l->blank || l->furniture)
			continue;
		/* the previous usable line decides whether i is a position */
		size_t p = i;
		int pos = 1;
		while (p > from) {
			p--;
			if (L->v[p].blank || L->v[p].furniture)
				continue;
			pos = bib_line_end(L->v[p].s, L->v[p].n) == BIB_END_COMPLETE &&
			      !bib_label_only(L->v[p].s, L->v[p].n);
			break;
		}
		int numbered;
		unsigned num;
		int st = bib_start_strength(l->s, l->n, &numbered, &num);
		int year = bib_has_year(l->s, l->n);
		int sig = bib_ref_signal(l->s, l->n);
		if (numbered && st)
			pos = 1; /* a number opens an entry whatever precedes it */
		int ent_year = year || pend_year;
		if (st && pos && (numbered || l->s[0] == '[')) {
			/* a numbered list of sentences is not a bibliography:
			 * the entry must carry a reference's marks */
			const char *r = l->s;
			size_t rn = l->n;
			const char *rb = l->s[0] == '[' ? memchr(l->s, ']', l->n < 16 ? l->n : 16) : NULL;
			if (rb) /* "[ ] J. S. Liu", "[12] …" */
				rn -= (size_t)(rb + 1 - r), r = rb + 1;
			else
				while (rn > 0 && *r != ' ')
					r++, rn--;
			int n2;
			unsigned v2;
			while (rn > 0 && *r == ' ')
				r++, rn--;
			size_t sl = bib_sublabel(r, rn); /* "[19] a) D. Kaiser" */
			r += sl, rn -= sl;
			int named = rn ? bib_start_strength(r, rn, &n2, &v2) != 0
				       : next_st != 0;
			if (!named && !sig && !pend_sig)
				ent_year = 0;
			/* "2. Conclusion": a numbered heading or point with
			 * nothing of a reference is no entry */
			if (!named && !sig && !pend_sig && !year && !pend_year)
				st = 0;
			/* a named entry with a reference's marks counts as
			 * dated: extraction sometimes drops every digit of a
			 * list ("[ ] J. S. Liu, … nd ed. (Springer, New York, )") */
			if (named && (sig || pend_sig))
				ent_year = 1;
		}
		if (st && pos) {
			P++, Q++, E++;
			Y += ent_year != 0;
			pend_lines = pend_bytes = 0;
			pend_year = pend_sig = 0;
			miss = 0;
			next_st = st;
			if (E >= 3 && Q * 10 >= P * 6 && Y * 4 >= E * 3)
				best = i;
			continue;
		}
		next_st = st;
		/* below the last entry, a few lines of a page's furniture
		 * ("Manuscript received …", a journal's name, a page
		 * number) are stepped over */
		if (E == 0 && ++tail <= BIB_TAIL_LINES)
			continue;
		if (pos) {
			P++;
			if (++miss >= 3)
				break;
		}
		pend_year |= year;
		pend_sig |= sig;
		/* an entry's continuation: at most 8 lines, or more when they
		 * are short (a PDF that set one word a line) */
		pend_bytes += l->n;
		if ((++pend_lines > 8 && pend_bytes > 480) || pend_lines > 40 ||
		    l->n > 2000)
			break;
	}
	return best;
}

/* ---- splitting ---------------------------------------------------------- */

/* A short capitalised line that may name a sub-section. */
static int bib_section_shape(const ln_t *l)
{
	const char *s = l->s;
	size_t n = l->n, k;
	if (n == 0 || n > 80)
		return 0;
	char last = s[n - 1];
	if (last == '.' || last == ',' || last == ';' || last == '-')
		return 0;
	int32_t c = uc_at(s, n, 0, &k);
	if (!uc_is_upper(c))
		return 0;
	size_t words = 1;
	for (size_t i = 0; i < n; i++) {
		if (bib_isdigit(s[i]) || s[i] == '(' || s[i] == '"')
			return 0;
		words += s[i] == ' ';
	}
	return words <= 6;
}

/* "Cambridge: …", "New York: …": a place and its publisher, the tail of
 * an entry rather than the head of one. */
static int bib_place_first(const char *s, size_t n)
{
	bib_word w[2];
	size_t nw = bib_words(s, n, w, 2);
	for (size_t i = 0; i < nw; i++)
		if (w[i].n > 1 && w[i].s[w[i].n - 1] == ':')
			return 1;
	return 0;
}

typedef struct bib_entry {
	size_t first, last; /* indexes in L->v */
	int open;           /* 1 while an entry is being built */
	size_t lines;
	size_t bytes;
	int year;
	int bracket;        /* open brackets */
	size_t bracket_at;  /* line count when the bracket balance opened */
	int end;            /* BIB_END_* of its last line */
} bib_entry;

/* How the entry being built ends, unclosed brackets included. */
static int bib_entry_end(const bib_entry *e)
{
	if (!e->open)
		return BIB_END_COMPLETE;
	if (e->bracket > 0 && e->lines - e->bracket_at < 3)
		return BIB_END_HARD;
	return e->end;
}

static void bib_entry_add(bib_entry *e, const ln_t *l, size_t idx,
			  const bib_line *f)
{
	if (!e->open) {
		memset(e, 0, sizeof *e);
		e->open = 1;
		e->first = idx;
	}
	e->last = idx;
	e->lines++;
	e->bytes += l->n;
	e->year |= f->year;
	int before = e->bracket;
	e->bracket += bib_bracket_delta(l->s, l->n);
	if (e->bracket < 0)
		e->bracket = 0;
	if (before == 0 && e->bracket > 0)
		e->bracket_at = e->lines - 1;
	e->end = f->end;
}

/* Appends the finished entry (or section) e to items. */
static quire_status bib_emit(const lines_t *L, const vocab_t *voc,
			     const bib_entry *e, int is_section,
			     bib_item *items, size_t *n)
{
	size_t len = 0;
	char *t;
	if (is_section) {
		const ln_t *l = &L->v[e->first];
		size_t ln = l->n;
		while (ln > 0 && (l->s[ln - 1] == ':' || l->s[ln - 1] == ' '))
			ln--;
		t = quire_arena_strndup(L->a, l->s, ln);
		len = ln;
	} else {
		t = join_lines(L->v + e->first, e->last - e->first + 1, voc,
			       L->a, &len);
	}
	if (!t)
		return QUIRE_ENOMEM;
	bib_item *it = &items[(*n)++];
	it->is_section = is_section;
	it->text = t;
	it->len = len;
	it->page = L->v[e->first].page;
	return QUIRE_OK;
}

/* ---- entries run together on one line ----------------------------------- */

/* Where, in the entry text t[0..n), a second entry starts: the first
 * place from `from` after the end of an entry that has a year (a '.', ')'
 * or ']' and a space), where a strong or sure entry start follows
 * (bib_start_strength >= 2) with a year of its own within BIB_RUNON_AHEAD
 * bytes.  A numbered start must carry the next number (*num, updated;
 * 0 before any: then "1").
 * n when there is none. */
/* Does s open with a publisher ("Academic Press, London.", "Columbia
 * University Press, New York"), the usual tail of a book entry, which
 * reads like "Family, Given"? */
static int bib_runon_publisher(const char *s, size_t n)
{
	static const char *const w[] = {"Press", "University", "Verlag",
		"Publish", "Books", "Editions", "Presses", "Editora", "Editorial"};
	size_t m = 0;
	while (m < n && m < 48 && s[m] != ',' && !(s[m] == '.' && m + 1 < n && s[m + 1] == ' '))
		m++;
	for (size_t i = 0; i < sizeof w / sizeof *w; i++)
		if (memmem(s, m, w[i], strlen(w[i])))
			return 1;
	return 0;
}

#define BIB_RUNON_PIECE 40   /* shortest entry cut off */
#define BIB_RUNON_AHEAD 240  /* the next entry's year is this close */
#define BIB_RUNON_LONG 320   /* an item shorter than this is one entry */
static size_t bib_runon_cut(const char *t, size_t n, size_t from, unsigned *num)
{
	/* whether t[from..p) has a year, learnt once: each byte is looked at
	 * about once however long the item (an overlap of 8 bytes catches a
	 * year across two looks) */
	size_t seen = from;
	int year = 0;
	for (size_t p = from + BIB_RUNON_PIECE; p + BIB_RUNON_PIECE <= n; p++) {
		if (t[p - 1] != ' ' || t[p] == ' ')
			continue;
		char c = t[p - 2];
		/* an entry ends in '.', ')' or ']' — or, before the next
		 * number of a numbered list, in anything ("… 121–136 2. Lin H",
		 * "…/fr/ [28] S. Krell") */
		int closed = c == '.' || c == ')' || c == ']';
		if (!closed && (*num == 0 || !(bib_isdigit(t[p]) || t[p] == '[')))
			continue;
		/* not inside a name: "G. R. FREEMAN" */
		if (c == '.' && p >= 3 && uc_is_upper((unsigned char)t[p - 3]) &&
		    (p == 3 || t[p - 4] == ' ' || t[p - 4] == '.' || t[p - 4] == '-'))
			continue;
		if (!year) {
			size_t b = seen > from + 8 ? seen - 8 : from;
			year = bib_has_year(t + b, p - b);
			seen = p;
		}
		if (!year)
			continue;
		int numbered;
		unsigned v;
		int st = bib_start_strength(t + p, n - p, &numbered, &v);
		/* the next number; after a closed entry, up to two numbers
		 * may have been lost on the way */
		if (st < 2 || t[p] == '-' || (unsigned char)t[p] == 0xE2 /* dashes */ ||
		    (numbered && (v <= *num || v > *num + (closed ? 3 : 1))) ||
		    (!numbered && *num != 0))
			continue;
		/* the next number is evidence enough to look further for
		 * the year: a long list of authors comes before it */
		size_t far = numbered ? 3 * BIB_RUNON_AHEAD : BIB_RUNON_AHEAD;
		size_t ahead = n - p < far ? n - p : far;
		/* a strong (not sure) start names its authors and then
		 * gives the year at once: "Okafor, Nneka. 2015." but not a
		 * place, "Edmonton, Canada. Daniel Marcu … 2002." */
		if (st == 2 && !numbered) {
			size_t q = p;
			/* the first sentence end not after an initial */
			while (q + 1 < p + ahead &&
			       !(t[q] == '.' && t[q + 1] == ' ' && q >= p + 2 &&
				 t[q - 2] != ' ' && t[q - 2] != '.'))
				q++;
			if (q + 14 < p + ahead)
				ahead = q + 14 - p;
		}
		if (!bib_has_year(t + p, ahead) || bib_runon_publisher(t + p, n - p))
			continue;
		if (numbered)
			*num = v;
		return p;
	}
	return n;
}

/* The length of a sub-label "b)", "(b)", "b )" opening s (the works
 * gathered under one number: "[3] a) …; b) …"), then a capital; or 0. */
static size_t bib_sublabel(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && s[i] == '(')
		i++;
	if (i >= n || s[i] < 'a' || s[i] > 'j')
		return 0;
	i++;
	if (i < n && s[i] == ' ' && s[0] != '(')
		i++;
	if (i >= n || s[i] != ')')
		return 0;
	i++;
	size_t l = i;
	while (i < n && s[i] == ' ')
		i++;
	size_t k;
	return i < n && uc_is_upper(uc_at(s, n, i, &k)) ? l : 0;
}

/* Where, in the entry text t[0..n) from `from`, a second work cited
 * under the same entry starts: after "; " that closes a citation (a
 * digit, ')' or ']' before it: "Phys. Rev. D 41, 142 (1990); F. J. Gilman
 * …"), a sub-label ("b) …") or a sure, unnumbered start of an entry whose
 * opening BIB_RUNON_AHEAD bytes hold a digit; after "]. " or "). " (a
 * citation closed by its bracket), initials and a name with a year of
 * their own, once the text before holds one ("… [hep-lat]]. C.
 * Gattringer, PoS LATTICE 2013 (2014) …").  n when there is none. */
static size_t bib_semi_cut(const char *t, size_t n, size_t from)
{
	/* whether t[from..p) has a year, learnt as in bib_runon_cut */
	size_t seen = from;
	int year = 0;
	for (size_t p = from + 3; p + 8 <= n; p++) {
		if (t[p - 1] != ' ' || (t[p - 2] != ';' && t[p - 2] != '.') || t[p] == ' ')
			continue;
		char c = t[p - 3];
		int semi = t[p - 2] == ';';
		if (semi ? !bib_isdigit(c) && c != ')' && c != ']'
			 : c != ')' && c != ']')
			continue;
		if (p - from < 16)
			continue;
		if (semi && bib_sublabel(t + p, n - p))
			return p;
		int numbered;
		unsigned v;
		if (bib_start_strength(t + p, n - p, &numbered, &v) != 3 || numbered ||
		    bib_is_dash((unsigned char)t[p]) || (unsigned char)t[p] == 0xE2)
			continue;
		size_t ahead = n - p < BIB_RUNON_AHEAD ? n - p : BIB_RUNON_AHEAD;
		if (!semi) {
			/* after a period, only initials and a name ("]. C.
			 * Gattringer, PoS …"), with a year of their own */
			bib_word w0;
			if (bib_words(t + p, n - p, &w0, 1) != 1 || !bib_initials(&w0) ||
			    !bib_has_year(t + p, ahead))
				continue;
			if (!year) {
				size_t b = seen > from + 8 ? seen - 8 : from;
				year = bib_has_year(t + b, p - b);
				seen = p;
			}
			if (year)
				return p;
			continue;
		}
		for (size_t q = p; q < p + ahead; q++)
			if (bib_isdigit(t[q]))
				return p;
	}
	return n;
}

/* Cuts each item at bib_semi_cut's places; the items are copied into a
 * new array only when something is cut. */
static quire_status bib_semis(quire_arena *a, bib_item *in, size_t nin,
			      bib_item **items, size_t *n)
{
	size_t extra = 0;
	for (size_t i = 0; i < nin; i++)
		for (size_t p = 0; !in[i].is_section &&
				   (p = bib_semi_cut(in[i].text, in[i].len, p)) < in[i].len;)
			extra++;
	*items = in;
	*n = nin;
	if (extra == 0)
		return QUIRE_OK;
	bib_item *out = quire_arena_alloc(a, (nin + extra) * sizeof *out);
	if (!out)
		return QUIRE_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < nin; i++) {
		if (in[i].is_section) {
			out[k++] = in[i];
			continue;
		}
		size_t p = 0;
		while (p < in[i].len) {
			size_t q = bib_semi_cut(in[i].text, in[i].len, p);
			size_t e = q;
			while (e > p && in[i].text[e - 1] == ' ')
				e--;
			out[k] = in[i];
			out[k].text = in[i].text + p;
			out[k].len = e - p;
			k++;
			p = q;
		}
	}
	*items = out;
	*n = k;
	return QUIRE_OK;
}

/* The number an item opens with ("[4] …" → 4), or 0 when it has none. */
static unsigned bib_runon_number(const bib_item *it)
{
	int numbered;
	unsigned num = 0;
	if (bib_start_strength(it->text, it->len, &numbered, &num) == 0 || !numbered)
		num = 0;
	return num;
}

/* Text extracted without its line breaks, or a source that ran its
 * entries together in one paragraph, leaves several entries in one item:
 * in an item at least 2.5 times as long as the list's median entry (and
 * BIB_RUNON_LONG bytes), each is cut where bib_runon_cut finds the next
 * one.  A dash start ("——", the same author) is not taken: it opens
 * sub-entries inside real entries.  The items are copied into a new array
 * only when something is cut. */
static quire_status bib_runon(quire_arena *a, bib_item *in, size_t nin,
			      bib_item **items, size_t *n)
{
	/* only items far longer than the list's usual entry: the median
	 * entry length, from a histogram of lengths in steps of 16 bytes */
	size_t hist[64] = {0}, ne = 0;
	for (size_t i = 0; i < nin; i++)
		if (!in[i].is_section) {
			size_t b = in[i].len / 16;
			hist[b < 63 ? b : 63]++;
			ne++;
		}
	size_t med = 0;
	for (size_t b = 0, seen = 0; b < 64; b++) {
		seen += hist[b];
		if (seen * 2 >= ne) {
			med = b * 16 + 8;
			break;
		}
	}
	size_t min_len = med * 5 / 2 > BIB_RUNON_LONG ? med * 5 / 2 : BIB_RUNON_LONG;
	if (ne <= 2)
		min_len = BIB_RUNON_LONG; /* one long item: the median is itself */
	size_t extra = 0;
	for (size_t i = 0; i < nin; i++) {
		if (in[i].is_section || in[i].len < min_len)
			continue;
		unsigned num = bib_runon_number(&in[i]);
		for (size_t p = 0; (p = bib_runon_cut(in[i].text, in[i].len, p, &num)) <
				   in[i].len;)
			extra++;
	}
	*items = in;
	*n = nin;
	if (extra == 0)
		return QUIRE_OK;
	bib_item *out = quire_arena_alloc(a, (nin + extra) * sizeof *out);
	if (!out)
		return QUIRE_ENOMEM;
	size_t k = 0;
	for (size_t i = 0; i < nin; i++) {
		if (in[i].is_section || in[i].len < min_len) {
			out[k++] = in[i];
			continue;
		}
		unsigned num = bib_runon_number(&in[i]);
		size_t p = 0;
		while (p < in[i].len) {
			size_t q = bib_runon_cut(in[i].text, in[i].len, p, &num);
			size_t e = q;
			while (e > p && in[i].text[e - 1] == ' ')
				e--;
			out[k] = in[i];
			out[k].text = quire_arena_strndup(a, in[i].text + p, e - p);
			if (!out[k].text)
				return QUIRE_ENOMEM;
			out[k].len = e - p;
			k++;
			p = q;
		}
	}
	*items = out;
	*n = k;
	return QUIRE_OK;
}

/* A list whose first line carries its own heading ("References [1] F.
 * Dubois, …": text extracted without line breaks): the length of the
 * heading words before a sure entry start, or 0. */
static size_t bib_lead_heading(const char *t, size_t n)
{
	for (size_t p = 1, words = 0; p < n && p < 64 && words < 5; p++) {
		if (t[p] != ' ' || t[p - 1] == ' ')
			continue;
		words++;
		int numbered;
		unsigned v;
		if (bib_is_heading(t, p, NULL) &&
		    bib_start_strength(t + p + 1, n - p - 1, &numbered, &v) >= 2)
			return p;
	}
	return 0;
}

/* The layout read once over the whole list. */
enum { BIB_MODE_PLAIN, BIB_MODE_NUMBERED, BIB_MODE_HANGING, BIB_MODE_FIRSTLINE };

quire_status bib_split(const lines_t *L, size_t from, size_t to,
		       const vocab_t *voc, bib_item **items, size_t *n)
{
	*items = NULL;
	*n = 0;
	if (!L || from >= to || to > L->n)
		return QUIRE_OK;

	/* the usable lines and their facts */
	size_t m = 0;
	for (size_t i = from; i < to; i++)
		m += !L->v[i].blank && !L->v[i].furniture;
	if (m == 0)
		return QUIRE_OK;
	bib_line *F = quire_arena_alloc(L->a, m * sizeof *F);
	bib_item *out = quire_arena_alloc(L->a, (m + 1) * sizeof *out);
	if (!F || !out)
		return QUIRE_ENOMEM;
	size_t k = 0;
	int blank = 1;
	for (size_t i = from; i < to; i++) {
		const ln_t *l = &L->v[i];
		if (l->furniture)
			continue;
		if (l->blank) {
			blank = 1;
			continue;
		}
		bib_fact(l, &F[k]);
		F[k].idx = i;
		F[k].blank_before = (unsigned char)blank;
		blank = 0;
		k++;
	}

	/* numbered: rising numbers open most entries */
	size_t numbered = 0, starts = 0, chunk_starts = 0, chunk_s = 0;
	unsigned lastnum = 0;
	for (size_t j = 0; j < m; j++) {
		if (F[j].numbered && F[j].number > lastnum &&
		    F[j].number <= lastnum + 3) {
			numbered++;
			lastnum = F[j].number;
		}
		starts += F[j].start != 0;
		if (F[j].blank_before) {
			chunk_starts++;
			chunk_s += F[j].start != 0 || F[j].section;
		}
	}
	int mode = BIB_MODE_PLAIN;
	if (numbered >= 2 && numbered * 2 >= starts)
		mode = BIB_MODE_NUMBERED;

	/* in a list that is not numbered, a number alone on its line that
	 * is larger than the list has lines is the end of a page range
	 * wrapped ("791–" / "805."), no label */
	if (mode != BIB_MODE_NUMBERED)
		for (size_t j = 0; j < m; j++)
			if (F[j].numbered && F[j].number > m &&
			    bib_label_only(L->v[F[j].idx].s, L->v[F[j].idx].n)) {
				F[j].start = 0;
				F[j].numbered = 0;
				F[j].end = (unsigned char)bib_line_end(L->v[F[j].idx].s,
								       L->v[F[j].idx].n);
			}

	/* indentation: two classes, the margin and the indented lines */
	unsigned margin = (unsigned)-1;
	for (size_t j = 0; j < m; j++)
		if (!F[j].section && L->v[F[j].idx].indent < margin)
			margin = L->v[F[j].idx].indent;
	if (mode == BIB_MODE_PLAIN) {
		/* weak starts ("Archive in Ethiopia. In") are common inside
		 * entries: the class that continues entries counts strong ones */
		size_t a = 0, as = 0, as2 = 0, b = 0, bs = 0, bs2 = 0;
		for (size_t j = 0; j < m; j++) {
			if (F[j].section)
				continue;
			if (L->v[F[j].idx].indent == margin)
				a++, as += F[j].start != 0, as2 += F[j].start >= 2;
			else
				b++, bs += F[j].start != 0, bs2 += F[j].start >= 2;
		}
		if (a >= 2 && b >= 2 && as * 10 >= a * 6 && bs2 * 10 <= b * 3)
			mode = BIB_MODE_HANGING;
		else if (a >= 2 && b >= 2 && bs * 10 >= b * 6 && as2 * 10 <= a * 3)
			mode = BIB_MODE_FIRSTLINE;
	}
	/* blank lines separate entries when the chunks they make mostly open
	 * with an entry start and not every line is a chunk of its own */
	int blank_sep = chunk_starts >= 2 && chunk_starts * 10 < m * 9 &&
			chunk_s * 3 >= chunk_starts * 2;

	bib_entry e;
	memset(&e, 0, sizeof e);
	size_t nout = 0;
	unsigned expect = 0;
	quire_status st;
	for (size_t j = 0; j < m; j++) {
		const bib_line *f = &F[j];
		const ln_t *l = &L->v[f->idx];
		int end = bib_entry_end(&e);
		/* a label on a line of its own waits for its entry — unless
		 * a numbered line follows it: then it was none ("937." left
		 * of a page range) */
		if (end == BIB_END_HARD && f->numbered && f->start == 3 && j > 0 &&
		    e.lines > 1 && e.last == F[j - 1].idx && F[j - 1].numbered &&
		    bib_label_only(L->v[F[j - 1].idx].s, L->v[F[j - 1].idx].n))
			end = BIB_END_COMPLETE;
		int standing = f->blank_before &&
			       (j + 1 == m || F[j + 1].blank_before);
		int group_cont = e.open && l->group != 0 &&
				 l->group == L->v[e.last].group;

		/* a sub-section heading */
		/* "R E F E R E N C E S" reads like "R E," (Vancouver) too */
		if (!group_cont && (!f->start || f->heading) && end != BIB_END_HARD &&
		    (f->section || (f->heading && end == BIB_END_COMPLETE) ||
		     (standing && bib_section_shape(l) &&
		      (!e.open || (e.year && end == BIB_END_COMPLETE)) &&
		      j + 1 < m && F[j + 1].start))) {
			if (e.open) {
				if ((st = bib_emit(L, voc, &e, 0, out, &nout)))
					return st;
				e.open = 0;
			}
			bib_entry s;
			memset(&s, 0, sizeof s);
			s.first = s.last = f->idx;
			if ((st = bib_emit(L, voc, &s, 1, out, &nout)))
				return st;
			continue;
		}

		int split = 0;
		if (!e.open || group_cont) {
			split = !e.open;
		} else if (mode == BIB_MODE_NUMBERED) {
			split = f->numbered && f->number > expect &&
				f->number <= expect + 3;
			/* a second work under one number, on a line of its
			 * own: a sure start with a year after a finished
			 * entry with one ("[2] Karassiov V P 1992 J. Sov. …
			 * 188" / "Karassiov V P 1994 J. Phys. …") */
			if (!split && !f->numbered && f->start == 3 && f->year &&
			    e.year && end == BIB_END_COMPLETE)
				split = 1;
		} else {
			int huge = e.lines >= BIB_MAX_ENTRY_LINES ||
				   e.bytes >= BIB_MAX_ENTRY_BYTES;
			if (mode == BIB_MODE_HANGING || mode == BIB_MODE_FIRSTLINE) {
				int at_margin = l->indent == margin;
				int opens = mode == BIB_MODE_HANGING ? at_margin
								     : !at_margin;
				split = opens && (f->start || end != BIB_END_HARD);
			}
			/* a hanging indent is trusted: an indented line opens an
			 * entry only when it is a sure start after a finished one */
			int indented = mode == BIB_MODE_HANGING && l->indent != margin;
			if (!split && indented)
				split = f->start == 3 && end == BIB_END_COMPLETE;
			else if (!split && f->start >= 2)
				split = end == BIB_END_COMPLETE ||
					(end == BIB_END_SOFT && e.year &&
					 (f->blank_before || f->start == 3)) ||
					huge;
			if (!split && f->start == 1 && !indented)
				split = e.year && end == BIB_END_COMPLETE &&
					f->blank_before;
			if (!split && !indented && blank_sep && f->blank_before && e.year &&
			    end == BIB_END_COMPLETE && !bib_place_first(l->s, l->n))
				split = 1;
		}
		if (split && e.open) {
			if ((st = bib_emit(L, voc, &e, 0, out, &nout)))
				return st;
			e.open = 0;
		}
		if (split && f->numbered)
			expect = f->number;
		bib_entry_add(&e, l, f->idx, f);
	}
	if (e.open && (st = bib_emit(L, voc, &e, 0, out, &nout)))
		return st;
	/* the heading run into the first entry becomes a section of its own */
	size_t h = nout && !out[0].is_section ? bib_lead_heading(out[0].text, out[0].len) : 0;
	if (h) {
		memmove(out + 1, out, nout * sizeof *out);
		nout++;
		out[0].is_section = 1;
		out[0].len = h;
		size_t sk = h + 1;
		while (sk < out[1].len && out[1].text[sk] == ' ')
			sk++;
		out[1].text += sk;
		out[1].len -= sk;
	}
	bib_item *cut;
	size_t ncut;
	if ((st = bib_semis(L->a, out, nout, &cut, &ncut)))
		return st;
	return bib_runon(L->a, cut, ncut, items, n);
}
