/*
 * notes.c — footnotes and endnotes: a note's text split into its
 * citations and commentary, and back-references resolved (see refs.h).
 *
 * Decisions:
 *  - A note is cut into segments at ";" outside brackets and quotes, and
 *    at a sentence end (". ") followed by a signal word (See, Cf., Vgl.,
 *    Voir) or a back-reference word.  Signal words are dropped; prose
 *    before a lower-case "see"/"cf." inside a segment is commentary.
 *  - A segment is a citation when it is a back-reference or holds a digit,
 *    a quotation mark or a comma — a reference without any of them is rare
 *    and a sentence of commentary without any of them is common.
 *  - The pinpoint is the page number after the last comma (", 45", ", S.
 *    12", ", pp. 3–4"); it is cut off the citation's span, so that the
 *    labeller does not read it as the work's own pages.
 *  - Back-references: ibid., ibidem, id., idem, ebd., ebenda → the previous
 *    citation (followed through chains of ibid.); op. cit., a.a.O., loc.
 *    cit. → the last full citation whose first author has the family name
 *    written before it (else the previous one); ders., dies., eadem → a
 *    work of the previous citation's author, found by title when one is
 *    given.  A short note (author and title, no date, publisher, place or
 *    container) → the last full citation with the same first family name
 *    whose title starts with the short title's first word.
 *  - Resolution looks back at most 4096 citations, so work stays linear in
 *    the number of notes.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "refs.h"

#define NOTE_MAX_CITES 256
#define NOTE_LOOKBACK 4096
/* list entries a note citation is matched against (the list's last ones) */
#define NOTE_LIST_SCAN 1024

/* Does s[0..n) start with word w (case-insensitive), followed by a
 * non-letter?  Returns its length or 0. */
static size_t note_word(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (k > n || strncasecmp(s, w, k) != 0)
		return 0;
	if (k < n && isalpha((unsigned char)s[k]) && isalpha((unsigned char)w[k - 1]))
		return 0;
	return k;
}

static void note_trim(const char *s, size_t *b, size_t *e)
{
	while (*b < *e && (isspace((unsigned char)s[*b]) || s[*b] == ',' ||
			   s[*b] == ';'))
		(*b)++;
	while (*e > *b && (isspace((unsigned char)s[*e - 1]) || s[*e - 1] == ',' ||
			   s[*e - 1] == ';'))
		(*e)--;
}

static const char *const note_signals[] = {"see also", "see, e.g.,",
	"see, for example,", "see especially", "see esp.", "see", "cf.", "cf",
	"compare", "vgl. auch", "vgl.", "siehe auch", "siehe", "voir aussi",
	"voir", "e.g.,", "for example,", "also", "as quoted in", "quoted in",
	"as cited in", "cited in", "zitiert nach", "zit. nach", "cité dans",
	"citato in", "cfr.", "cfr", "si veda", "vedi", "véase", "vid.",
	/* "…; ferner Schulte, …", "…; zuletzt Berg, …" */
	"ferner", "dazu", "außerdem", "zuletzt", "insbes.", "bes.", "besonders",
	"voir également", "notamment", "inoltre", "véase también", "see generally",
	"but see", "see further", NULL};

/* Length of a leading signal word (with following white space), or 0. */
static size_t note_signal(const char *s, size_t n)
{
	for (size_t i = 0; note_signals[i]; i++) {
		size_t k = note_word(s, n, note_signals[i]);
		if (k && (k == n || isspace((unsigned char)s[k]) || s[k - 1] == ',')) {
			while (k < n && isspace((unsigned char)s[k]))
				k++;
			return k;
		}
	}
	return 0;
}

typedef struct note_back {
	const char *w;
	ref_backref kind;
} note_back;

static const note_back note_backs[] = {
	{"ibidem", REF_BACK_IBID}, {"ibid.", REF_BACK_IBID},
	{"ibid", REF_BACK_IBID}, {"ebenda", REF_BACK_IBID}, {"ivi", REF_BACK_IBID},
	{"ib\xC3\xAD" "d.", REF_BACK_IBID}, {"ib\xC3\xAD" "d", REF_BACK_IBID}, /* ibíd. */
	{"ob. cit.", REF_BACK_OPCIT},
	{"ebd.", REF_BACK_IBID}, {"idem", REF_BACK_IBID},
	{"id.", REF_BACK_IBID}, {"op. cit.", REF_BACK_OPCIT},
	{"op.cit.", REF_BACK_OPCIT}, {"op. cit", REF_BACK_OPCIT},
	{"a.a.O.", REF_BACK_OPCIT}, {"a. a. O.", REF_BACK_OPCIT},
	{"loc. cit.", REF_BACK_OPCIT}, {"ders.", REF_BACK_DERS},
	{"dies.", REF_BACK_DERS}, {"eadem", REF_BACK_DERS},
	{"dems.", REF_BACK_DERS}, {NULL, REF_BACK_NONE}};

/* The back-reference word at s (its kind and length), or 0. */
static size_t note_back_at(const char *s, size_t n, ref_backref *kind)
{
	for (size_t i = 0; note_backs[i].w; i++) {
		size_t k = note_word(s, n, note_backs[i].w);
		if (k) {
			*kind = note_backs[i].kind;
			return k;
		}
	}
	return 0;
}

/* A pinpoint text: digits, ranges, roman numerals, volume:page ("2:112"),
 * Bekker and Stephanus pages ("1253a20"), "S.", "p.", "pp.", "f.", "ff.",
 * "n." (a note number), "chap." ("Kap.", "cap.") — and at least one digit
 * or roman. */
static int note_is_pinpoint(const char *s, size_t n)
{
	static const char *const pre[] = {"pp.", "p.", "S.", "s.", "pg.",
		"Sp.", "col.", "fol.", "f.", "ff.", "n.", "nn.", "Anm.", "at", "chap.",
		"chaps.", "ch.", "chapter", "Kap.", "cap.", "capp.", "chap", NULL};
	size_t i = 0;
	int digit = 0;
	while (i < n) {
		if (isspace((unsigned char)s[i]) || s[i] == '-' || s[i] == ',' ||
		    s[i] == '.' || (s[i] == ':' && digit)) {
			i++;
			continue;
		}
		if ((unsigned char)s[i] == 0xE2 && i + 2 < n) { /* en/em dash */
			i += 3;
			continue;
		}
		if (isdigit((unsigned char)s[i])) {
			digit = 1;
			i++;
			continue;
		}
		size_t k = 0;
		for (size_t p = 0; pre[p] && !k; p++)
			k = note_word(s + i, n - i, pre[p]);
		if (k) {
			i += k;
			continue;
		}
		/* roman numerals */
		size_t r = i;
		while (r < n && strchr("ivxlcIVXLC", s[r]))
			r++;
		if (r > i && (r == n || !isalpha((unsigned char)s[r]))) {
			digit = 1;
			i = r;
			continue;
		}
		if (s[i] == 'f' || s[i] == 'r' || s[i] == 'v') { /* 12f, 3r, 3v */
			i++;
			continue;
		}
		/* Bekker and Stephanus pages: 1253a20, 514a-517a */
		if (s[i] >= 'a' && s[i] <= 'e' && i && isdigit((unsigned char)s[i - 1]) &&
		    (i + 1 == n || !isalpha((unsigned char)s[i + 1]))) {
			i++;
			continue;
		}
		return 0;
	}
	return digit;
}

/* The pinpoint's pages (prefix words dropped, dashes to "-"). */
static const char *note_pages(const char *s, size_t n, quire_arena *a)
{
	static const char *const pre[] = {"pp.", "p.", "S.", "s.", "pg.", "at",
		NULL};
	while (n && (isspace((unsigned char)*s) || *s == ',')) {
		s++;
		n--;
	}
	for (size_t p = 0; pre[p]; p++) {
		size_t k = note_word(s, n, pre[p]);
		if (k) {
			s += k;
			n -= k;
			while (n && isspace((unsigned char)*s)) {
				s++;
				n--;
			}
			break;
		}
	}
	while (n && (s[n - 1] == '.' || isspace((unsigned char)s[n - 1])))
		n--;
	if (!n)
		return NULL;
	char *o = quire_arena_alloc(a, n + 1);
	if (!o)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		if ((unsigned char)s[i] == 0xE2 && i + 2 < n &&
		    (unsigned char)s[i + 1] == 0x80) {
			o[k++] = '-';
			i += 3;
			continue;
		}
		if (isspace((unsigned char)s[i]) && k && (o[k - 1] == '-' ||
		    (i + 1 < n && (s[i + 1] == '-' || (unsigned char)s[i + 1] == 0xE2)))) {
			i++;
			continue;
		}
		o[k++] = s[i++];
	}
	o[k] = 0;
	return o;
}

/* Looks for a trailing pinpoint ", 45" in s[b..e): sets *pin and moves *e
 * before the comma.  A citation that ends in ")" followed by ", 45" works
 * the same way. */
static void note_cut_pinpoint(const char *s, size_t b, size_t *e,
			      quire_arena *a, const char **pin)
{
	size_t end = *e;
	while (end > b && (s[end - 1] == '.' || isspace((unsigned char)s[end - 1])))
		end--;
	size_t c = end;
	while (c > b && s[c - 1] != ',')
		c--;
	if (c <= b)
		return;
	/* a comma inside brackets or quotes does not count */
	int depth = 0;
	for (size_t i = c; i < end; i++)
		if (s[i] == '(' || s[i] == '[')
			depth++;
	if (depth)
		return;
	/* "Origins," 12: the comma is inside the quotation marks */
	size_t q = c;
	while (q < end && (s[q] == '"' || s[q] == '\'' ||
			   ((unsigned char)s[q] == 0xE2 && q + 2 < end &&
			    (unsigned char)s[q + 1] == 0x80 &&
			    ((unsigned char)s[q + 2] == 0x9D ||
			     (unsigned char)s[q + 2] == 0x99))))
		q += (unsigned char)s[q] == 0xE2 ? 3 : 1;
	/* the words that set a pinpoint apart from the pages before it:
	 * "S. 1–40, hier S. 12", "pp. 5–38, esp. 12", "pp. 5-38, in part. p. 12" */
	static const char *const here[] = {"hier", "here", "especially", "esp.", "at",
		"qui", "ici", "insbes.", "bes.", "in part.", "in particolare", "spec.",
		"notamment", "surtout", "vor allem", NULL};
	size_t h = q, p = q;
	while (h < end && isspace((unsigned char)s[h]))
		h++;
	for (size_t i = 0; here[i]; i++) {
		size_t k = note_word(s + h, end - h, here[i]);
		if (k && k < end - h && isspace((unsigned char)s[h + k])) {
			p = h + k;
			while (p < end && isspace((unsigned char)s[p]))
				p++;
			break;
		}
	}
	if (!note_is_pinpoint(s + p, end - p))
		return;
	*pin = note_pages(s + p, end - p, a);
	*e = q > c ? q : c - 1;
}

/* A cross-reference to an earlier note in s[b..e): "(n 12)", "(note
 * 12)", "supra n 12", "supra note 12", "above n 12" after an author.
 * Returns the note number and its span [*xb, *xe), or 0. */
static long note_xref(const char *s, size_t b, size_t e, size_t *xb, size_t *xe)
{
	static const char *const forms[] = {"(n ", "(note ", "(nn ", "supra n ",
		"supra note ", "above n ", "above note ", NULL};
	for (size_t i = b + 1; i < e; i++) {
		for (size_t f = 0; forms[f]; f++) {
			size_t k = strlen(forms[f]);
			if (i + k >= e || strncmp(s + i, forms[f], k) != 0 ||
			    (!isspace((unsigned char)s[i - 1]) && s[i - 1] != ','))
				continue;
			size_t j = i + k;
			long v = 0;
			while (j < e && isdigit((unsigned char)s[j]) && v < 100000)
				v = v * 10 + (s[j++] - '0');
			if (!v)
				continue;
			if (s[i] == '(') {
				if (j >= e || s[j] != ')')
					continue;
				j++;
			}
			*xb = i;
			*xe = j;
			return v;
		}
	}
	return 0;
}

/* Appends the prose s[b..e), trimmed, to the note's commentary. */
static void note_comment(const char *s, size_t b, size_t e, buf_t *comm)
{
	note_trim(s, &b, &e);
	if (e > b) {
		if (comm->len)
			buf_putc(comm, ' ');
		buf_append(comm, s + b, e - b);
	}
}

/* Prose that leads into a citation in lower case — "the classic account
 * in Jacob Burckhardt, …", "the letters printed by Asse in …" — up to
 * the capitalised word after its last "in", "by" or "from": at most
 * twelve words of small letters, one of them no name particle ("de
 * Gaulle, Charles" is a name).  The prose goes to the commentary; the
 * citation starts after it (b unchanged when there is none). */
static size_t note_skip_prose(const char *s, size_t b, size_t e, buf_t *comm)
{
	static const char *const particles[] = {"de", "van", "von", "der", "den",
		"da", "di", "du", "le", "la", "del", "della", "dos", "das", "ten",
		"ter", "zu", "al", "el", NULL};
	static const char *const lead[] = {"in", "by", "from", NULL};
	if (b >= e || !islower((unsigned char)s[b]))
		return b;
	size_t i = b, words = 0, cut = 0;
	int prose = 0;
	while (i < e && words < 12) {
		size_t w = i;
		while (i < e && (islower((unsigned char)s[i]) || s[i] == '\'' || s[i] == '-'))
			i++;
		if (i == w)
			break; /* not a word of small letters */
		size_t wn = i - w;
		int is_particle = 0, is_lead = 0;
		for (size_t k = 0; particles[k]; k++)
			is_particle |= strlen(particles[k]) == wn && !strncmp(s + w, particles[k], wn);
		for (size_t k = 0; lead[k]; k++)
			is_lead |= strlen(lead[k]) == wn && !strncmp(s + w, lead[k], wn);
		prose |= !is_particle;
		words++;
		if (i < e && s[i] == ',')
			i++;
		if (i >= e || s[i] != ' ')
			break;
		while (i < e && s[i] == ' ')
			i++;
		if (is_lead && i < e && isupper((unsigned char)s[i]))
			cut = i;
	}
	if (!cut || !prose)
		return b;
	note_comment(s, b, cut, comm);
	return cut;
}

/* A segment: classify it and add it to out (a citation) or to the
 * commentary buffer. */
static void note_segment(const char *s, size_t b, size_t e, quire_arena *a,
			 ref_note *out, buf_t *comm)
{
	note_trim(s, &b, &e);
	if (b >= e)
		return;
	/* a signal word at the start; prose before an inner lower-case one */
	size_t k = note_signal(s + b, e - b);
	if (k)
		b += k;
	else {
		for (size_t i = b + 1; i + 4 < e; i++) {
			if (!isspace((unsigned char)s[i - 1]))
				continue;
			if ((strncmp(s + i, "see ", 4) == 0 ||
			     strncmp(s + i, "cf. ", 4) == 0 ||
			     strncmp(s + i, "vgl. ", 5 <= e - i ? 5 : 4) == 0) &&
			    i + 4 < e) {
				note_comment(s, b, i, comm);
				b = i + note_signal(s + i, e - i);
				break;
			}
		}
	}
	note_trim(s, &b, &e);
	b = note_skip_prose(s, b, e, comm);
	if (b >= e)
		return;
	/* "Hughes (n 12) 10", "Hughes, supra note 12, at 10": the author's
	 * citation in note 12 (OSCOLA and legal styles) */
	size_t xb, xe;
	long xn = note_xref(s, b, e, &xb, &xe);
	if (xn > 0 && out->n_cites < NOTE_MAX_CITES) {
		ref_note_cite *c = &out->cites[out->n_cites++];
		memset(c, 0, sizeof *c);
		c->back = REF_BACK_NOTE;
		c->note_ref = xn;
		c->target_note = c->target_cite = -1;
		size_t ab = b, ae = xb;
		note_trim(s, &ab, &ae);
		if (ae > ab)
			c->author = quire_arena_strndup(a, s + ab, ae - ab);
		c->off = b;
		c->len = xe - b;
		size_t r = xe;
		while (r < e && (isspace((unsigned char)s[r]) || s[r] == ','))
			r++;
		if (r + 3 <= e && strncmp(s + r, "at ", 3) == 0)
			r += 3;
		if (r < e && note_is_pinpoint(s + r, e - r))
			c->pinpoint = note_pages(s + r, e - r, a);
		return;
	}
	ref_backref kind = REF_BACK_NONE;
	size_t bk = note_back_at(s + b, e - b, &kind);
	const char *author = NULL;
	size_t cb = b; /* the back-reference word's start */
	if (!bk) {
		/* "Chen, op. cit., 12" / "Chen, a.a.O., S. 12" */
		for (size_t i = b; i < e && !bk; i++) {
			if (i > b && !isspace((unsigned char)s[i - 1]))
				continue;
			ref_backref kk;
			size_t m = note_back_at(s + i, e - i, &kk);
			if (m && kk == REF_BACK_OPCIT) {
				kind = kk;
				bk = m;
				cb = i;
				size_t ab = b, ae = i;
				note_trim(s, &ab, &ae);
				if (ae > ab)
					author = quire_arena_strndup(a, s + ab, ae - ab);
			}
		}
	}
	/* "Idem, Futures Past, 12": idem (id., eadem) before a work of its
	 * own is the author of the note before, as ders. is; before a page
	 * alone it is ibid. */
	if (bk && kind == REF_BACK_IBID &&
	    (strncasecmp(s + cb, "idem", 4) == 0 || strncasecmp(s + cb, "id.", 3) == 0 ||
	     strncasecmp(s + cb, "eadem", 5) == 0)) {
		size_t r = cb + bk;
		while (r < e && (isspace((unsigned char)s[r]) || s[r] == ',' || s[r] == ':'))
			r++;
		if (r < e && !note_is_pinpoint(s + r, e - r))
			kind = REF_BACK_DERS;
	}
	int digit = 0, quote = 0, comma = 0;
	for (size_t i = b; i < e; i++) {
		digit |= isdigit((unsigned char)s[i]) != 0;
		quote |= s[i] == '"' || ((unsigned char)s[i] == 0xE2 && i + 2 < e &&
					 (unsigned char)s[i + 1] == 0x80 &&
					 (unsigned char)s[i + 2] >= 0x9C &&
					 (unsigned char)s[i + 2] <= 0x9F);
		comma |= s[i] == ',';
	}
	if (!bk && !digit && !quote && !comma) {
		if (comm->len)
			buf_putc(comm, ' ');
		buf_append(comm, s + b, e - b);
		return;
	}
	if (out->n_cites >= NOTE_MAX_CITES)
		return;
	ref_note_cite *c = &out->cites[out->n_cites++];
	memset(c, 0, sizeof *c);
	c->back = kind;
	c->author = author;
	c->target_note = c->target_cite = -1;
	if (bk && kind != REF_BACK_DERS) {
		/* the rest is the pinpoint: "Ibid., 47." */
		size_t r = cb + bk;
		c->off = cb;
		c->len = bk;
		size_t re = e;
		while (r < re && (isspace((unsigned char)s[r]) || s[r] == ','))
			r++;
		if (r < re && note_is_pinpoint(s + r, re - r))
			c->pinpoint = note_pages(s + r, re - r, a);
		return;
	}
	if (bk) /* ders., Title, 12: the citation is what follows */
		b = cb + bk;
	note_trim(s, &b, &e);
	note_cut_pinpoint(s, b, &e, a, &c->pinpoint);
	note_trim(s, &b, &e);
	c->off = b;
	c->len = e > b ? e - b : 0;
}

/* Bytes of a note's own number at its start — "1. ", "12 ", "^3 ", "[4] ",
 * "(5) " (at most three digits: "1998 saw" is no number) — or 0. */
static size_t note_number_len(const char *s, size_t n)
{
	size_t i = 0;
	char close = 0;
	if (n && (s[0] == '^' || s[0] == '[' || s[0] == '(')) {
		close = s[0] == '[' ? ']' : s[0] == '(' ? ')' : 0;
		i = 1;
	}
	size_t d = i;
	while (i < n && i - d < 4 && isdigit((unsigned char)s[i]))
		i++;
	if (i == d || i - d > 3)
		return 0;
	if (close) {
		if (i >= n || s[i] != close)
			return 0;
		i++;
	} else if (i < n && (s[i] == '.' || s[i] == ')')) {
		i++;
	}
	if (i >= n || s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return i < n ? i : 0;
}

/* After the "," at i: " and " (und, et, e, y) and a capital — the next
 * citation's start past the conjunction, else 0. */
static size_t note_and_next(const char *s, size_t i, size_t n)
{
	static const char *const conj[] = {" and ", " und ", " et ", " e ", " y ", NULL};
	for (size_t k = 0; conj[k]; k++) {
		size_t cn = strlen(conj[k]);
		if (i + 1 + cn < n && !strncmp(s + i + 1, conj[k], cn) &&
		    isupper((unsigned char)s[i + 1 + cn]))
			return i + 1 + cn;
	}
	return 0;
}

/* Does s[b..e) hold a whole imprint in brackets with its year —
 * "(Cambridge: Polity, 1995)" — so that a citation has ended there? */
static int note_has_imprint(const char *s, size_t b, size_t e)
{
	for (size_t i = b; i < e; i++) {
		if (s[i] != ')')
			continue;
		size_t j = i, run = 0;
		while (j > b && s[j - 1] != '(' && i - j < 80) {
			j--;
			run = isdigit((unsigned char)s[j]) ? run + 1 : 0;
			if (run == 4 && (s[j] == '1' || s[j] == '2'))
				return 1;
		}
	}
	return 0;
}

quire_status ref_note_split(const char *s, size_t n, quire_arena *a,
			    ref_note *out, quire_error *err)
{
	memset(out, 0, sizeof *out);
	/* a heap scratch for the most a note can hold; the arena gets only
	 * the citations found (a paper of 500 notes would otherwise keep
	 * 500 × 256 citations) */
	ref_note_cite *scratch = malloc(NOTE_MAX_CITES * sizeof *scratch);
	if (!scratch)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	out->cites = scratch;
	buf_t comm = BUF_INIT;
	int depth = 0, inq = 0;
	/* the note's own number, as a text's notes carry it ("3. Ibid.") */
	size_t b = note_number_len(s, n);
	for (size_t i = b; i < n; i++) {
		char ch = s[i];
		if (ch == '(' || ch == '[')
			depth++;
		else if ((ch == ')' || ch == ']') && depth)
			depth--;
		else if (ch == '"')
			inq = !inq;
		else if ((unsigned char)ch == 0xE2 && i + 2 < n &&
			 (unsigned char)s[i + 1] == 0x80) {
			if ((unsigned char)s[i + 2] == 0x9C)
				inq = 1;
			else if ((unsigned char)s[i + 2] == 0x9D)
				inq = 0;
		}
		int cut = 0;
		size_t next = i + 1;
		if (ch == ';' && !depth && !inq)
			cut = 1;
		else if (ch == ',' && !depth && !inq) {
			/* "…, 1995), 12–15, and Lina Bolzoni, …" */
			size_t an = note_and_next(s, i, n);
			if (an && note_has_imprint(s, b, i)) {
				cut = 1;
				next = an;
			}
		} else if (ch == '.' && !depth && i + 2 < n && s[i + 1] == ' ') {
			size_t j = i + 2;
			ref_backref kk;
			if (isupper((unsigned char)s[j]) &&
			    (note_signal(s + j, n - j) || note_back_at(s + j, n - j, &kk)))
				cut = 1;
			/* not after "op." of "op. cit." or an initial "J." */
			if (cut && i >= 2 && (isupper((unsigned char)s[i - 1]) &&
					      (i < 2 || !isalpha((unsigned char)s[i - 2]))))
				cut = 0;
			if (cut && i >= 2 && strncasecmp(s + i - 2, "op", 2) == 0)
				cut = 0;
			if (cut)
				inq = 0;
		}
		if (cut) {
			note_segment(s, b, i, a, out, &comm);
			b = next;
		}
	}
	note_segment(s, b, n, a, out, &comm);
	if (comm.len)
		out->commentary = buf_to_arena(&comm, a);
	int failed = buf_failed(&comm);
	buf_free(&comm);
	out->cites = quire_arena_alloc(a, (out->n_cites ? out->n_cites : 1) * sizeof *out->cites);
	if (out->cites)
		memcpy(out->cites, scratch, out->n_cites * sizeof *out->cites);
	free(scratch);
	if (failed || !out->cites || quire_arena_failed(a))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	return QUIRE_OK;
}

/* ---- resolution ------------------------------------------------------ */

static const char *note_family(const ref_citation *c)
{
	if (c->n_authors) {
		if (c->authors[0].family)
			return c->authors[0].family;
		return c->authors[0].literal;
	}
	if (c->n_editors)
		return c->editors[0].family;
	return NULL;
}

/* Author and short title only.  A short title that names a city ("Lane,
 * Venice") may have been read as the place: with no title and no
 * publisher, a place is the short title (note_short_title). */
static int note_is_short(const ref_citation *c)
{
	return (c->n_authors || c->n_editors || c->title) && !c->issued.year && !c->publisher &&
	       !c->container_title && !(c->place && c->title) && !c->volume && !c->url &&
	       !c->doi;
}

static const char *note_short_title(const ref_citation *c)
{
	return c->title ? c->title : c->place;
}

/* s past quotes and punctuation and a leading article ("Die Hanse" →
 * "Hanse"; a short title drops it: "Hanse und Europa"). */
static const char *note_title_start(const char *s)
{
	static const char *const articles[] = {"the ", "a ", "an ", "die ", "der ",
		"das ", "le ", "la ", "les ", "l'", "il ", "lo ", "el ", "los ", "las ",
		"un ", "une ", "ein ", "eine ", NULL};
	while (*s && !isalnum((unsigned char)*s) && (unsigned char)*s < 0x80)
		s++;
	for (size_t i = 0; articles[i]; i++) {
		size_t k = strlen(articles[i]);
		if (strncasecmp(s, articles[i], k) == 0 && s[k]) {
			s += k;
			break;
		}
	}
	return s;
}

/* Do the titles match by the short one's first word (case-insensitive,
 * quotes, punctuation and a leading article aside)? */
static int note_title_match(const char *shorter, const char *full)
{
	if (!shorter || !full)
		return 0;
	while (*shorter && !isalnum((unsigned char)*shorter) &&
	       (unsigned char)*shorter < 0x80)
		shorter++;
	while (*full && !isalnum((unsigned char)*full) && (unsigned char)*full < 0x80)
		full++;
	if (strncasecmp(shorter, full, 1) != 0) {
		shorter = note_title_start(shorter);
		full = note_title_start(full);
	}
	size_t k = 0;
	while (shorter[k] && shorter[k] != ' ' && shorter[k] != ',' &&
	       shorter[k] != ':' && shorter[k] != '.')
		k++;
	return k && strncasecmp(shorter, full, k) == 0 &&
	       (full[k] == 0 || !isalnum((unsigned char)full[k]));
}

/* A bare note: at most eight words, no date, number or address, read as
 * one field ("Hughes" as a publisher, "Alvarez and Whitfield" as a
 * title): an earlier citation's author or short title, which the text
 * decides (note_key_matches).  MHRA and French styles cite again so:
 * "Hughes, p. 10", "Dupont, 3 : 169". */
static int note_is_bare(const ref_citation *c)
{
	if (!c->raw || c->issued.year || c->volume || c->issue || c->url || c->doi)
		return 0;
	int fields = !!c->title + !!c->publisher + !!c->place + !!c->container_title +
		     !!c->note + !!c->genre + (c->n_authors > 0) + (c->n_editors > 0);
	size_t words = 1;
	for (const char *p = c->raw; *p; p++)
		words += *p == ' ';
	return fields == 1 && words <= 8;
}

/* Does the bare text key name o: the last word of o's first author's (or
 * editor's) family name is one of key's words, or key is a short title of
 * o's title? */
static int note_key_matches(const char *key, const ref_citation *o)
{
	const char *f = note_family(o);
	if (f) {
		const char *lw = strrchr(f, ' ');
		lw = lw ? lw + 1 : f;
		size_t fl = strlen(lw);
		for (const char *p = key; *p;) {
			while (*p && !isalpha((unsigned char)*p) && (unsigned char)*p < 0x80)
				p++;
			const char *w = p;
			while (*p && (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80 ||
				      *p == '-' || *p == '\''))
				p++;
			if (fl && (size_t)(p - w) == fl && strncasecmp(w, lw, fl) == 0)
				return 1;
		}
	}
	return note_title_match(key, o->title);
}

int ref_note_cite_is_work(const ref_note_cite *c)
{
	return (c->back == REF_BACK_NONE || c->back == REF_BACK_DERS) && c->target_note < 0;
}

typedef struct note_ref {
	long note, cite;
} note_ref;

void ref_notes_resolve(ref_note *notes, size_t n)
{
	/* the citations in order, for looking back */
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += notes[i].n_cites;
	note_ref *seq = malloc((total ? total : 1) * sizeof *seq);
	if (!seq)
		return;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < notes[i].n_cites; j++) {
			ref_note_cite *c = &notes[i].cites[j];
			c->target_note = c->target_cite = -1;
			ref_note_cite *prev = k ? &notes[seq[k - 1].note].cites[seq[k - 1].cite]
						: NULL;
			/* the work prev stands for */
			note_ref pw = {-1, -1};
			if (prev) {
				if (prev->target_note >= 0) {
					pw.note = prev->target_note;
					pw.cite = prev->target_cite;
				} else {
					pw = seq[k - 1];
				}
			}
			const char *want_family = NULL;
			const char *want_title = NULL;
			int look = 0;
			switch (c->back) {
			case REF_BACK_IBID:
				if (pw.note >= 0) {
					c->target_note = pw.note;
					c->target_cite = pw.cite;
				}
				break;
			case REF_BACK_OPCIT:
				if (c->author) {
					want_family = c->author;
					look = 1;
				} else if (pw.note >= 0) {
					c->target_note = pw.note;
					c->target_cite = pw.cite;
				}
				break;
			case REF_BACK_NOTE:
				/* the author's citation in that note (the notes
				 * are numbered from 1 in their order) */
				if (c->note_ref >= 1 && (size_t)c->note_ref <= i) {
					size_t tn = (size_t)c->note_ref - 1;
					for (size_t j2 = 0; j2 < notes[tn].n_cites; j2++) {
						const ref_note_cite *o = &notes[tn].cites[j2];
						const ref_note_cite *w = o;
						if (o->target_note >= 0)
							w = &notes[o->target_note].cites[o->target_cite];
						if (notes[tn].n_cites == 1 || !c->author ||
						    note_key_matches(c->author, &w->cite)) {
							c->target_note = o->target_note >= 0 ? o->target_note
											   : (long)tn;
							c->target_cite = o->target_note >= 0 ? o->target_cite
											   : (long)j2;
							break;
						}
					}
				}
				break;
			case REF_BACK_DERS:
				if (prev)
					want_family = note_family(&notes[pw.note].cites[pw.cite].cite);
				want_title = c->cite.title;
				look = want_family != NULL;
				break;
			default:
				c->is_short = note_is_short(&c->cite);
				if (c->is_short) {
					want_family = note_family(&c->cite);
					want_title = note_short_title(&c->cite);
					look = want_family || want_title;
				}
				break;
			}
			for (size_t t = k; look && t-- > 0 && k - t <= NOTE_LOOKBACK;) {
				ref_note_cite *o = &notes[seq[t].note].cites[seq[t].cite];
				if (o->back != REF_BACK_NONE || o->is_short)
					continue;
				const char *f = note_family(&o->cite);
				/* op. cit. after more than a family name ("E. Marlowe,
				 * The Salt Roads…, op. cit."): the name among its words */
				if (c->back == REF_BACK_OPCIT && c->author) {
					if (!note_key_matches(c->author, &o->cite))
						continue;
				} else if (want_family && (!f || strncasecmp(f, want_family,
									     strlen(f)) != 0 ||
							   (strlen(want_family) > strlen(f) &&
							    isalpha((unsigned char)want_family[strlen(f)]))))
					continue;
				if (want_title && !note_title_match(want_title, o->cite.title))
					continue;
				c->target_note = seq[t].note;
				c->target_cite = seq[t].cite;
				break;
			}
			/* ders. before a work not cited before: a new work of the
			 * author of the citation before */
			if (c->back == REF_BACK_DERS && c->target_note < 0 && prev &&
			    !c->cite.n_authors) {
				const ref_citation *pc = &notes[pw.note].cites[pw.cite].cite;
				c->cite.authors = pc->authors;
				c->cite.n_authors = pc->n_authors;
				c->cite.et_al |= pc->et_al & REF_ETAL_AUTHORS;
				c->cite.same_authors = 1;
			}
			/* not found so, but a few words alone: an author or a short
			 * title of an earlier citation */
			if (c->back == REF_BACK_NONE && c->target_note < 0 && note_is_bare(&c->cite)) {
				for (size_t t = k; t-- > 0 && k - t <= NOTE_LOOKBACK;) {
					ref_note_cite *o = &notes[seq[t].note].cites[seq[t].cite];
					if (o->back != REF_BACK_NONE || o->is_short ||
					    !note_key_matches(c->cite.raw, &o->cite))
						continue;
					c->is_short = 1;
					c->target_note = seq[t].note;
					c->target_cite = seq[t].cite;
					break;
				}
			}
			/* the pinpoint is the note's own (a member of c, not of
			 * its cite) */
			if ((c->back != REF_BACK_NONE || c->is_short) && c->target_note >= 0)
				c->cite = notes[c->target_note].cites[c->target_cite].cite;
			seq[k].note = (long)i;
			seq[k].cite = (long)j;
			k++;
		}
	}
	free(seq);
}

/* Does citation c (a short note or a bare one) name work o? */
static int note_names(const ref_note_cite *c, const ref_citation *o)
{
	if (note_is_short(&c->cite)) {
		const char *fam = note_family(&c->cite), *of = note_family(o);
		const char *t = note_short_title(&c->cite);
		if (fam && (!of || strcasecmp(fam, of) != 0))
			return 0;
		if (t && !note_title_match(t, o->title))
			return 0;
		if (fam || t)
			return 1;
	}
	return note_is_bare(&c->cite) && note_key_matches(c->cite.raw, o);
}

void ref_notes_to_list(ref_note *notes, const ref_citation *entries, const int *is_note,
		       size_t n)
{
	/* the list entries, last ones first, at most NOTE_LIST_SCAN of them:
	 * each note citation scans these (not every entry, notes included,
	 * which made a paper of many notes quadratic) */
	size_t *list = malloc((n ? n : 1) * sizeof *list), nl = 0;
	if (!list)
		return;
	for (size_t k = n; k-- > 0 && nl < NOTE_LIST_SCAN;)
		if (!is_note[k] && entries[k].type)
			list[nl++] = k;
	for (size_t i = 0; i < n && nl; i++) {
		if (!is_note[i])
			continue;
		for (size_t j = 0; j < notes[i].n_cites; j++) {
			ref_note_cite *c = &notes[i].cites[j];
			if (!ref_note_cite_is_work(c) || !c->cite.raw)
				continue;
			/* the last list entry it names; a full citation of a
			 * work the list holds too (same first author, same
			 * title) points to that entry and keeps its own fields */
			int full = !note_is_short(&c->cite) && !note_is_bare(&c->cite);
			for (size_t q = 0; q < nl; q++) {
				size_t k = list[q];
				if (full) {
					const char *f = note_family(&c->cite), *of = note_family(&entries[k]);
					if (!f || !of || strcasecmp(f, of) != 0 || !c->cite.title ||
					    !note_title_match(c->cite.title, entries[k].title))
						continue;
					c->target_note = (long)k;
					c->target_cite = 0;
					break;
				}
				if (!note_names(c, &entries[k]))
					continue;
				c->is_short = 1;
				c->target_note = (long)k;
				c->target_cite = 0;
				c->cite = entries[k];
				break;
			}
		}
	}
	free(list);
	/* a back-reference to such a note stands for that entry too
	 * ("Ruskin, Seven Lamps, 68." then "Ibid., 71."), in order, so that
	 * chains follow */
	for (size_t i = 0; i < n; i++) {
		if (!is_note[i])
			continue;
		for (size_t j = 0; j < notes[i].n_cites; j++) {
			ref_note_cite *c = &notes[i].cites[j];
			if (c->back == REF_BACK_NONE || c->target_note < 0 ||
			    (size_t)c->target_note >= n || !is_note[c->target_note] ||
			    (size_t)c->target_cite >= notes[c->target_note].n_cites)
				continue;
			const ref_note_cite *t = &notes[c->target_note].cites[c->target_cite];
			if (t->target_note < 0 || (size_t)t->target_note >= n ||
			    is_note[t->target_note])
				continue;
			c->target_note = t->target_note;
			c->target_cite = 0;
			c->cite = entries[t->target_note];
		}
	}
}

quire_status ref_notes_parse(const ref_model *m, const char *const *texts,
			     const size_t *lens, size_t n, quire_arena *a,
			     ref_note **out, quire_error *err)
{
	ref_note *notes = quire_arena_alloc(a, (n ? n : 1) * sizeof *notes);
	if (!notes)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	if (!m)
		m = ref_model_builtin();
	if (!m)
		return quire_error_set(err, QUIRE_EUSAGE, "no reference model");
	for (size_t i = 0; i < n; i++) {
		quire_status st = ref_note_split(texts[i], lens[i], a, &notes[i], err);
		if (st)
			return st;
		for (size_t j = 0; j < notes[i].n_cites; j++) {
			ref_note_cite *c = &notes[i].cites[j];
			if (c->back == REF_BACK_IBID || c->back == REF_BACK_OPCIT ||
			    !c->len)
				continue;
			st = ref_parse(m, texts[i] + c->off, c->len, a, &c->cite, err);
			if (st == QUIRE_ELIMIT) {
				/* too long to label: kept as its text */
				memset(&c->cite, 0, sizeof c->cite);
				c->cite.type = "document";
				c->cite.raw = quire_arena_strndup(a, texts[i] + c->off, c->len);
				continue;
			}
			if (st)
				return st;
			/* a classic's canonical place is the page it cites */
			if (!c->pinpoint && c->cite.locator)
				c->pinpoint = c->cite.locator;
		}
	}
	ref_notes_resolve(notes, n);
	*out = notes;
	return QUIRE_OK;
}
