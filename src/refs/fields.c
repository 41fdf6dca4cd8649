/*
 * fields.c — from labelled tokens to a structured citation (ref_fields),
 * and ref_parse = ref_label_string + ref_fields.
 *
 * The labeller decides WHICH words are the author, the date, the volume;
 * this file decides what they MEAN: names and dates through names.c,
 * "106(3)" into volume and issue, page ranges, DOIs, URLs and ISBNs
 * cleaned, and the entry's CSL type; letters, interviews and archival
 * documents through primary.c.
 *
 * Decisions:
 *  - Before the fields, a few corrections of the labeller's conventions
 *    on a copy of its labels: a role after names (fld_fix_roles), an
 *    editor's last name before an imprint's bracket (fld_fix_imprint).
 *  - Scalar fields take the first run of their label; names take every run.
 *  - Output strings have their white space collapsed to single spaces.
 *  - An entry's tokens, features and the labeller's lattice live in a
 *    scratch arena while it is read (ref_parse_ctx); the citation's
 *    strings go to the caller's arena.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "primary.h"
#include "reftext.h"
#include "uchar.h"
#include "refs.h"
#include "tok.h"

/* What labelling one entry may take (ref_parse_ctx's scratch arena): a
 * 100 kB entry needs about 60 MB. */
#define REF_SCRATCH_BUDGET ((size_t)256 << 20)

/* ---- volume, issue, pages, identifiers ---------------------------------- */

static const char *const fld_volume_words[] = {"vol", "vols", "volume",
	"volumes", "v", "bd", "band", "bde", "jg", "jahrgang", "t", "tome",
	"tomo", "anno", "année", "annee", "vol.", "т", "Т", "том", "Том", NULL};
static const char *const fld_issue_words[] = {"no", "nos", "nr", "n",
	"num", "number", "numéro", "numero", "núm", "heft", "h", "issue",
	"iss", "fasc", "fascicule", "cahier", "n°", "nº", "no°", "#", "№", "вып", "Вып", NULL};
static const char *const fld_pages_words[] = {"pp", "p", "pages", "page",
	"pg", "pgs", "s", "ss", "seite", "seiten", "pag", "págs", "pág",
	"str", "c", "стр", "с", NULL};

/* How many digits open p[0..end), at most max. */
static int fld_digits(const char *p, const char *end, size_t max)
{
	size_t k = 0;
	while (p + k < end && k < max && isdigit((unsigned char)p[k]))
		k++;
	return (int)k;
}

/* The number of the k digits at p (the text need not end after them). */
static int fld_number(const char *p, int k)
{
	int v = 0;
	for (int i = 0; i < k; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

/* Is s[0..n) a roman numeral in capitals ("I", "XIV"), at most six
 * letters?  (s need not end in a NUL.) */
static int fld_roman_span(const char *s, size_t n)
{
	if (n == 0 || n > 6)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!s[i] || !strchr("IVXLC", s[i]))
			return 0;
	return 1;
}

/* Copies s[0..n) with dashes (en, em, "--") turned into "-" and the white
 * space around them removed, markup tags left out. */
static char *fld_dash_norm(quire_arena *a, const char *s, size_t n)
{
	char *out = quire_arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t w = rtx_tag(s + i, n - i);
		if (w) {
			i += w;
			continue;
		}
		w = rtx_dash(s + i, n - i);
		if (w) {
			while (k && out[k - 1] == ' ')
				k--;
			if (!k || out[k - 1] != '-')
				out[k++] = '-';
			i += w;
			while (i < n && (w = rtx_ws(s + i, n - i)) != 0)
				i += w;
			continue;
		}
		if ((w = rtx_ws(s + i, n - i)) != 0) {
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

/* The length of the value at the front of s[0..n): up to "(", ",", or
 * white space followed by an issue word. */
static size_t fld_value(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] != '(' && s[i] != ',' && s[i] != ';') {
		size_t w = rtx_ws(s + i, n - i);
		if (w) {
			size_t j = i + w;
			const char *r = s + j;
			size_t rn = n - j;
			int issue = 0;
			for (size_t t = 0; fld_issue_words[t] && !issue; t++) {
				size_t m = rtx_word_at(r, rn, fld_issue_words[t]);
				if (m && m < rn && (r[m] == '.' || r[m] == ' ' ||
						    isdigit((unsigned char)r[m])))
					issue = 1;
			}
			if (issue || (rn && r[0] == '('))
				break;
		}
		i++;
	}
	return i;
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
	if (!d || d >= n || !rtx_ws(s + d, n - d))
		return 0;
	size_t i = d + rtx_ws(s + d, n - d);
	for (size_t k = 0; words[k]; k++) {
		size_t m = strlen(words[k]);
		if (n - i >= m && memcmp(s + i, words[k], m) == 0 &&
		    (i + m == n || (i + m + 1 == n && s[n - 1] == '.')))
			return d;
	}
	return 0;
}

/* "316 p.", "xiv, 316 pp.", "233 S.", "240 с.": a book's length, the
 * unit after the number (a page cited puts it before: "p. 316"); of a
 * whole, or of an article or report ("Bulletin 90, 34 p.").  Sets
 * *cs / *cn to the count's digits and returns 1, or returns 0. */
static int fld_page_count(const char *s, size_t n, const char **cs, size_t *cn)
{
	static const char *const units[] = {"pp", "p", "pages", "pgs", "S", "Seiten",
		"pagine", "pag", "\xD1\x81" /* GOST's "с." */, NULL};
	rtx_trim(&s, &n, 0);
	while (n && (s[n - 1] == ';' || s[n - 1] == ',' || s[n - 1] == '.'))
		n--; /* the unit's period and the field's stop */
	/* the front matter: "xiv, " or "xiv + " in roman numerals */
	size_t i = 0;
	while (i < n && s[i] && strchr("ivxlcdmIVXLCDM", s[i]))
		i++;
	if (i > 0 && i < n && (s[i] == ',' || s[i] == '+' || rtx_ws(s + i, n - i))) {
		while (i < n && (s[i] == ',' || s[i] == '+' || rtx_ws(s + i, n - i)))
			i += rtx_ws(s + i, n - i) ? rtx_ws(s + i, n - i) : 1;
	} else {
		i = 0;
	}
	size_t d = i;
	while (d < n && isdigit((unsigned char)s[d]))
		d++;
	if (d == i || d - i > 5 || d >= n)
		return 0;
	size_t u = d + rtx_ws(s + d, n - d);
	for (size_t k = 0; units[k]; k++) {
		size_t m = strlen(units[k]);
		/* "189p." is a length, "4S" a supplement's page */
		if (n - u == m && memcmp(s + u, units[k], m) == 0 &&
		    (u > d || strcmp(units[k], "S") != 0)) {
			*cs = s + i;
			*cn = d - i;
			return 1;
		}
	}
	return 0;
}

/* After a volume's number v[0..vd), the count of the work's volumes:
 * ". 2 vols" (Chicago), " v. 3" (DIN's "Bd. 1 v. 3", Band 1 von 3).  The
 * count's digits at *cs and their length, or 0. */
static size_t fld_count_after(const char *v, size_t vn, size_t vd, const char **cs)
{
	if (vd >= vn)
		return 0;
	size_t q = vd + (v[vd] == '.' || v[vd] == ',');
	size_t sp = rtx_ws(v + q, vn - q);
	if (!sp)
		return 0;
	q += sp;
	if (vn - q > 3 && !memcmp(v + q, "v. ", 3)) {
		*cs = v + q + 3;
		return (size_t)fld_digits(*cs, v + vn, 5) == vn - q - 3 ? vn - q - 3 : 0;
	}
	*cs = v + q;
	return fld_volume_count(v + q, vn - q);
}

/* Volume and issue from their labelled texts (either may hold both). */
static void fld_volume_issue(const char *vs, size_t vn, const char *is,
			     size_t in, quire_arena *a, ref_citation *c)
{
	/* an issue that names itself a volume ("vol. 23", "Volume 1"): the
	 * volume, when none was read or what was read names itself an issue
	 * ("Critique internationale, n° 48, vol. 3", one run or two) */
	/* fld_volume_words less the one-letter and plural ones ("v", "t",
	 * "vols"), which an issue's text could open otherwise */
	static const char *const says_volume[] = {"vol", "volume", "bd", "band",
		"jg", "jahrgang", "tome", "tomo", "том", "Том", NULL};
	const char *ik = is, *vk = vs;
	size_t ikn = in, vkn = vn;
	if (!is && vs) {
		const char *comma = memchr(vs, ',', vn);
		if (comma) {
			vkn = (size_t)(comma - vs);
			ik = comma + 1;
			ikn = vn - vkn - 1;
		}
	}
	if (ik)
		rtx_trim(&ik, &ikn, 0);
	if (vk)
		rtx_trim(&vk, &vkn, 0);
	const char *iw = ik, *vw = vk;
	size_t iwn = ikn, vwn = vkn;
	if (ik && rtx_strip_prefix(&iw, &iwn, says_volume) && iwn &&
	    (!vk || (rtx_strip_prefix(&vw, &vwn, fld_issue_words) && vwn &&
		     isdigit((unsigned char)vw[0])))) {
		vs = ik;
		vn = ikn;
		is = vk;
		in = vkn;
	}
	if (vs) {
		rtx_trim(&vs, &vn, 0);
		/* "no. 1" alone (MLA's issue of a journal without volumes), read
		 * as the volume: the issue */
		const char *nw = vs;
		size_t nwn = vn;
		if (!is && rtx_strip_prefix(&nw, &nwn, fld_issue_words) && nwn &&
		    isdigit((unsigned char)nw[0]) && !memchr(nw, ',', nwn)) {
			is = vs;
			in = vn;
			vs = NULL;
		}
	}
	if (vs) {
		rtx_strip_prefix(&vs, &vn, fld_volume_words);
		size_t vl = fld_value(vs, vn);
		const char *v = vs;
		size_t vvn = vl;
		rtx_trim(&v, &vvn, 0);
		size_t nv = fld_volume_count(v, vvn);
		/* MLA's "52.1": the volume, a period, the issue */
		size_t dot = (size_t)fld_digits(v, v + vvn, 5);
		if (!is && dot && dot <= 4 && dot + 1 < vvn && v[dot] == '.' && vvn - dot - 1 <= 3 &&
		    !(dot == 4 && (v[0] == '1' || v[0] == '2'))) { /* not "2016.45(10)" */
			if ((size_t)fld_digits(v + dot + 1, v + vvn, 4) == vvn - dot - 1) {
				is = v + dot + 1;
				in = vvn - dot - 1;
				vvn = dot;
			}
		}
		/* the volume and the count of the work's volumes: Chicago's
		 * "1. 2 vols", DIN's "1 v. 3" (Band 1 von 3) */
		size_t vd = (size_t)fld_digits(v, v + vvn, 5), cnt;
		const char *cv;
		if (!nv && vd && (cnt = fld_count_after(v, vvn, vd, &cv)) != 0) {
			c->volumes = rtx_dup(a, cv, cnt);
			vvn = vd;
		}
		if (nv)
			c->volumes = rtx_dup(a, v, nv);
		else if (vvn)
			c->volume = fld_dash_norm(a, v, vvn);
		const char *r = vs + vl;
		size_t rn = vn - vl;
		rtx_trim(&r, &rn, 0);
		/* IEEE's "vol. 1, 3 vols.": the count of volumes after a comma */
		const char *rc = r;
		size_t rcn = rn, rv;
		while (rcn && (*rc == ',' || *rc == ' '))
			rc++, rcn--;
		if (rcn && !c->volumes && (rv = fld_volume_count(rc, rcn)) != 0) {
			c->volumes = rtx_dup(a, rc, rv);
			rn = 0;
		}
		if (rn && !is) {
			is = r;
			in = rn;
		}
	}
	if (is) {
		rtx_trim(&is, &in, 0);
		rtx_strip_prefix(&is, &in, fld_issue_words);
		rtx_trim(&is, &in, 0);
		/* "3)" leftovers and "3, pp" tails */
		size_t k = 0;
		while (k < in && is[k] != ',' && is[k] != ';' && is[k] != ')')
			k++;
		const char *v = is;
		rtx_trim(&v, &k, 0);
		if (k)
			c->issue = fld_dash_norm(a, v, k);
	}
}

/* "Phys. Rev. D57", "J. R. Stat. Soc. B39": the letter before the
 * volume's number is the journal's section, so it goes to the container
 * ("Phys. Rev. D", volume 57) — unless the container names one already. */
static void fld_series_letter(ref_citation *c, quire_arena *a)
{
	const char *v = c->volume, *ct = c->container_title;
	if (!v || !ct)
		return;
	if (*v == '.')
		v++;
	size_t d = 1;
	while (isdigit((unsigned char)v[d]))
		d++;
	if (!isupper((unsigned char)v[0]) || d == 1 || d > 5 || v[d])
		return;
	size_t n = strlen(ct);
	if (n >= 2 && isupper((unsigned char)ct[n - 1]) && !isalpha((unsigned char)ct[n - 2]))
		return; /* "Phys. Rev. D" already */
	char *nc = quire_arena_alloc(a, n + 3);
	if (!nc)
		return;
	memcpy(nc, ct, n);
	nc[n] = ' ';
	nc[n + 1] = v[0];
	nc[n + 2] = 0;
	c->container_title = nc;
	c->volume = v + 1;
}

/* The colon of "58(1):267-288" or "4:103-122": a volume's number, perhaps
 * an issue in brackets, a colon, then a page or a page range ("e119-22"),
 * in one text — a word AnyStyle's data labels the volume whole and
 * GROBID's splits.  s[0..n) is trimmed; returns the colon's offset, or 0
 * when s is not so. */
static size_t fld_vol_colon(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i == 0 || i > 5)
		return 0;
	size_t sp = i < n ? rtx_ws(s + i, n - i) : 0;
	if (i + sp < n && s[i + sp] == '(') {
		i += sp;
		size_t j = i + 1;
		while (j < n && j - i <= 10 && (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '/'))
			j++;
		if (j == i + 1 || j >= n || s[j] != ')')
			return 0;
		i = j + 1;
	}
	if (i >= n || s[i] != ':')
		return 0;
	size_t colon = i++;
	for (int part = 0; part < 2; part++) {
		size_t w;
		while (i < n && (w = rtx_ws(s + i, n - i)) != 0)
			i += w;
		if (i < n && isalpha((unsigned char)s[i]))
			i++; /* "e119", "S4" */
		size_t d = i;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		if (i == d || i - d > 7)
			return 0;
		if (part == 1 || i >= n)
			break;
		while (i < n && (w = rtx_ws(s + i, n - i)) != 0)
			i += w;
		if (i >= n || (w = rtx_dash(s + i, n - i)) == 0)
			break;
		i += w;
		while (i < n && s[i] == '-')
			i++;
	}
	return i == n ? colon : 0;
}

static const char *fld_pages(const char *s, size_t n, quire_arena *a)
{
	rtx_trim(&s, &n, 0);
	/* a supplement's or section's page, "S1–S9", "C4": the letter is
	 * the page's, not "S." (Seite) or "c." */
	if (!(n >= 2 && (s[0] == 'S' || s[0] == 'C') && isdigit((unsigned char)s[1])))
		rtx_strip_prefix(&s, &n, fld_pages_words);
	rtx_trim(&s, &n, 0);
	if (!n)
		return NULL;
	/* a range whose dash was lost or garbled in extraction ("88 96",
	 * "510?520", "474#486"): two numbers, the second the larger */
	size_t i = (size_t)fld_digits(s, s + n, 8);
	if (i && i <= 7 && i < n && strchr(" ?#=_", s[i])) {
		size_t j = i + 1;
		while (j < n && s[j] == ' ')
			j++;
		size_t k = j + (size_t)fld_digits(s + j, s + n, 8);
		if (k == n && k > j && k - j <= 7 &&
		    fld_number(s, (int)i) < fld_number(s + j, (int)(k - j))) {
			char *r = quire_arena_alloc(a, i + (k - j) + 2);
			if (!r)
				return NULL;
			memcpy(r, s, i);
			r[i] = '-';
			memcpy(r + i + 1, s + j, k - j);
			r[i + 1 + (k - j)] = 0;
			return r;
		}
	}
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
		size_t w = rtx_ws(s + i, n - i);
		if (w) {
			i += w;
			continue;
		}
		out[k++] = s[i++];
	}
	out[k] = 0;
	return out;
}

/* Where a note glued to the end of a link opens ("…/9911415[doi]",
 * "…Ecoregions.aspx(accessedAugust27,2015)", "…computop.org(30/01/2015)"):
 * a bracketed tag without "/" or a bracketed access date; 0 if none.
 * A DOI's own brackets ("…(1992)118:7(1031)") stay. */
static size_t fld_link_tag(const char *s, size_t n)
{
	char close = s[n - 1], open = close == ')' ? '(' : '[';
	size_t o = n - 1;
	while (o && s[o - 1] != open && s[o - 1] != close)
		o--;
	if (!o || s[o - 1] != open || o - 1 == 0)
		return 0;
	const char *in = s + o;
	size_t len = n - 1 - o;
	if (close == ']')
		return len && len <= 40 && !memchr(in, '/', len) ? o - 1 : 0;
	static const char *const words[] = {"accessed", "consult", "retrieved", "viewed",
		"abgerufen", "zugegriffen", "visited", "last", NULL};
	for (size_t i = 0; words[i]; i++)
		if (len >= strlen(words[i]) && strncasecmp(in, words[i], strlen(words[i])) == 0)
			return o - 1;
	size_t digits = 0, seps = 0;
	for (size_t i = 0; i < len; i++) {
		if (isdigit((unsigned char)in[i]))
			digits++;
		else if (in[i] == '/' || in[i] == '.' || in[i] == '-')
			seps++;
		else
			return 0;
	}
	return digits >= 6 && seps == 2 ? o - 1 : 0;
}

/* Drops trailing . , ; : > and unbalanced ) ], and a note glued to the
 * end (fld_link_tag), from a URL or DOI. */
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
			if (rtx_count(s, n, open) < rtx_count(s, n, c)) {
				n--;
				continue;
			}
			size_t o = fld_link_tag(s, n);
			if (o) {
				n = o;
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

/* Is s a link and nothing else (http://, https:// or www., no space)? */
static int fld_is_bare_url(const char *s)
{
	while (*s == '<' || *s == '(' || *s == '[')
		s++;
	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0 &&
	    strncmp(s, "www.", 4) != 0)
		return 0;
	return strcspn(s, " \t\n") == strlen(s);
}

static const char *fld_url(const char *s, size_t n, quire_arena *a)
{
	static const char *const pre[] = {"url", "available", "at", "from",
		"retrieved", "online", "verfügbar", "unter", "en", "ligne",
		"disponible", "sur", NULL};
	rtx_trim_ws(&s, &n);
	while (n && (s[0] == '<' || s[0] == '(' || s[0] == '['))
		s++, n--;
	/* prefixes only when the URL itself does not start there */
	if (!(n >= 4 && strncasecmp(s, "http", 4) == 0))
		rtx_strip_prefix(&s, &n, pre);
	while (n && (s[0] == '<' || s[0] == '(' || s[0] == '[' || s[0] == ':'))
		s++, n--;
	/* words before the link that no prefix list knows ("[en línea].
	 * Disponible en: https://…"): the link starts at its scheme, after
	 * a space */
	if (!(n >= 4 && strncasecmp(s, "http", 4) == 0) && !(n >= 4 && strncasecmp(s, "www.", 4) == 0)) {
		const char *h = memmem(s, n, " http", 5), *w = memmem(s, n, " www.", 5);
		const char *p = h && (!w || h < w) ? h : w;
		if (p) {
			n -= (size_t)(p + 1 - s);
			s = p + 1;
		}
	}
	/* the link ends at a comma and a word that is no more of it
	 * ("…/einleitung, consulté le 2 septembre 2023": no "/", "." or
	 * "=" in the word; a link broken at its own comma goes on with one) */
	for (const char *c = memchr(s, ',', n); c; c = memchr(c + 1, ',', (size_t)(s + n - c - 1))) {
		if (c + 2 >= s + n || c[1] != ' ')
			continue;
		size_t wn = 0;
		while (c + 2 + wn < s + n && c[2 + wn] != ' ')
			wn++;
		if (!memchr(c + 2, '/', wn) && !memchr(c + 2, '.', wn) && !memchr(c + 2, '=', wn)) {
			n = (size_t)(c - s);
			break;
		}
	}
	char *u = fld_nospace(a, s, n);
	if (!u)
		return NULL;
	fld_trim_link(u);
	return *u ? u : NULL;
}

/* The words that introduce a link ("Disponível em: <http://…>. Acesso
 * em", "Available at: http://…", "doi:"). */
static const char *const fld_link_intro[] = {"disponível", "disponivel", "em",
	"available", "at", "from", "online", "url", "retrieved", "disponible", "en",
	"sur", "verfügbar", "unter", "acesso", "accessed", "consulté", "le", "on",
	"ligne", "doi", "via", "under", "à", "l'adresse", "l’adresse", "adresse", NULL};

/* The first link word of s ("http://", "https://", or "www." opening a
 * word), its length in *len; NULL when there is none. */
static const char *fld_link_word(const char *s, size_t *len)
{
	const char *h = strstr(s, "http://"), *hs = strstr(s, "https://");
	const char *p = h && (!hs || h < hs) ? h : hs;
	if (!p) {
		const char *w = strstr(s, "www.");
		if (w && (w == s || strchr(" <(", w[-1])))
			p = w;
	}
	if (p)
		*len = strcspn(p, " \t\n");
	return p;
}

/* Is every word of s[0..n) one that introduces a link (punctuation
 * aside)? */
static int fld_only_intro(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		size_t b = i;
		while (i < n && s[i] != ' ')
			i++;
		size_t wb = b, we = i; /* the word without its punctuation */
		while (wb < we && strchr(".,:;<>()[]", s[wb]))
			wb++;
		while (we > wb && strchr(".,:;<>()[]", s[we - 1]))
			we--;
		int ok = wb == we;
		for (size_t k = 0; fld_link_intro[k] && !ok; k++)
			ok = strlen(fld_link_intro[k]) == we - wb &&
			     strncasecmp(s + wb, fld_link_intro[k], we - wb) == 0;
		if (!ok)
			return 0;
	}
	return 1;
}

static const char *fld_isbn(const char *s, size_t n, quire_arena *a)
{
	static const char *const pre[] = {"isbn-13", "isbn-10", "isbn13",
		"isbn10", "isbn", NULL};
	rtx_trim(&s, &n, 0);
	rtx_strip_prefix(&s, &n, pre);
	rtx_trim(&s, &n, 0);
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
	return n ? rtx_dup(a, s, n) : NULL;
}

/* "2nd ed." → "2", "2. Aufl." → "2", "Revised edition" → "Revised". */
static const char *fld_edition(const char *s, size_t n, quire_arena *a)
{
	rtx_trim(&s, &n, 0);
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
	while (e && !rtx_ws(s + e - 1, 1))
		e--;
	if (e) {
		const char *last = s + e;
		size_t ln = n - e;
		for (size_t i = 0; words[i]; i++)
			if (rtx_word_at(last, ln, words[i])) {
				n = e;
				break;
			}
	}
	rtx_trim(&s, &n, 0);
	return n ? rtx_dup(a, s, n) : NULL;
}

/* An edition field that is a volume ("Bd. 2", "vol. IV", "t. 3,", "Bd.
 * 1 v. 3"): the bytes of its number (and count), or 0.  Only the number
 * (and the count) may follow the word: "Bd. 3 des Handbuchs der …" stays
 * what it was read as. */
static size_t fld_edition_volume(const char **s, size_t *n)
{
	const char *t = *s;
	size_t tn = *n;
	rtx_trim(&t, &tn, 0);
	if (!rtx_strip_prefix(&t, &tn, fld_volume_words))
		return 0;
	rtx_trim(&t, &tn, 0);
	const char *cs;
	size_t d = (size_t)fld_digits(t, t + tn, 6);
	if (!tn || (d != tn && !fld_roman_span(t, tn) && !(d && fld_count_after(t, tn, d, &cs))))
		return 0;
	*s = t;
	*n = tn;
	return tn;
}

/* ---- the type ------------------------------------------------------------ */

/* A report's number read as the note: Vancouver's "(Series). Report
 * No.: 17." and APA's "(No. 17; Series)" (whose series the labeller
 * reads as the collection).  The number becomes the issue — the field a
 * report's number takes here — and the series, when the note gives it,
 * the collection; DIN's "Series ( Nr. 23)" was read so already
 * (fld_fix_din_series_number).  1 when so: the entry is then a report. */
static int fld_report_number(ref_citation *c, quire_arena *a)
{
	/* DIN 1505's "Series ( Nr. 23)" (fld_fix_din_series_number) and
	 * Chicago's "17. Series." (fld_fix_quoted_number): read */
	if (c->issue && c->collection_title && !c->container_title && !c->volume && c->raw) {
		const char *o = strstr(c->raw, "( Nr. ");
		size_t in = strlen(c->issue);
		if (o && !strncmp(o + 6, c->issue, in) && o[6 + in] == ')')
			return 1;
		for (o = *c->collection_title ? strstr(c->raw, c->collection_title) : NULL; o;
		     o = strstr(o + 1, c->collection_title))
			if ((size_t)(o - c->raw) >= in + 2 && o[-2] == '.' && o[-1] == ' ' &&
			    !strncmp(o - 2 - in, c->issue, in))
				return 1;
	}
	const char *p = c->note;
	if (!p || c->container_title || c->issue)
		return 0;
	size_t n = strlen(p);
	while (n && (p[n - 1] == '.' || p[n - 1] == ' '))
		n--;
	const char *series = NULL;
	size_t sn = 0;
	if (p[0] == '(') {
		const char *close = memchr(p, ')', n);
		if (!close || close == p + 1)
			return 0;
		series = p + 1;
		sn = (size_t)(close - series);
		p = close + 1;
		while (p < c->note + n && (*p == '.' || *p == ' '))
			p++;
		n -= (size_t)(p - c->note);
	}
	static const char *const lead[] = {"Report No.:", "Report No.", "Report no.",
		"Report No", NULL};
	size_t k = 0;
	for (size_t i = 0; lead[i] && !k; i++)
		if (n > strlen(lead[i]) && !strncmp(p, lead[i], strlen(lead[i])))
			k = strlen(lead[i]);
	/* APA: "No. 17" alone, with the series, when the entry holds "(No. 17;" */
	if (!k && !series && c->collection_title && n > 4 && !strncmp(p, "No. ", 4) && c->raw) {
		const char *o = strstr(c->raw, "(No. ");
		if (o && !strncmp(o + 1, p, n) && o[1 + n] == ';')
			k = 3;
	}
	if (!k)
		return 0;
	const char *num = p + k;
	size_t nn = n - k;
	rtx_trim_ws(&num, &nn);
	if (!nn || nn > 24 || memchr(num, ' ', nn) || !isdigit((unsigned char)num[0]))
		return 0;
	c->issue = rtx_dup(a, num, nn);
	if (series && !c->collection_title)
		c->collection_title = rtx_dup(a, series, sn);
	c->note = NULL;
	return 1;
}

/* ISO 690's report number before the title ("2021/04: Digital
 * Humanities …", "23 : Bestandserhaltung …"): a number of one to three
 * digits, or one with a "/" or "-" inside, then a colon and a word.  It
 * becomes the issue (a report's number here); 1 when so.  No dataset
 * title opens so; "1914: …" (four digits) stays a title. */
static int fld_title_number(ref_citation *c, quire_arena *a)
{
	const char *t = c->title;
	if (!t || c->issue || c->container_title || !isdigit((unsigned char)t[0]))
		return 0;
	size_t n = 0, sep = 0;
	while (isalnum((unsigned char)t[n]) || ((t[n] == '/' || t[n] == '-') && n && t[n + 1]))
		sep += t[n] == '/' || t[n] == '-', n++;
	int digits_only = 1;
	for (size_t i = 0; i < n; i++)
		digits_only &= isdigit((unsigned char)t[i]) != 0;
	if (!(sep ? n <= 16 : digits_only && n <= 3))
		return 0;
	size_t j = n + (t[n] == ' ');
	if (t[j] != ':' || t[j + 1] != ' ' || !t[j + 2] || t[j + 2] == ' ')
		return 0;
	c->issue = rtx_dup(a, t, n);
	c->title = t + j + 2;
	return 1;
}

/* A series of reports (rule 3a below). */
static const char *const fld_report_series[] = {"working paper",
	"discussion paper", "technical report", "tech. rep", "arbeitspapier",
	"document de travail", "documento de trabajo", NULL};

/*
 * The rules, in this order (the first that holds wins):
 *   1. thesis            genre names a thesis (PhD diss., Dissertation,
 *                        Master's thesis, Thèse, Diss., Habilitation)
 *   1a. review-book      the title opens "Review of" (Rezension von,
 *                        Compte rendu de, Recensione di, Reseña de) and
 *                        names the book's author (", by", ", von", ", par")
 *   2. report            genre names a report (Working Paper, Technical
 *                        Report, Report, Discussion Paper, …), or a
 *                        publisher that is an institution with a number
 *                        (issue) and no container
 *   3. paper-conference  container starts with or holds Proceedings,
 *                        Proc., Conference, Workshop, Symposium, Actes,
 *                        Tagungsband — but not a learned society's or
 *                        academy's proceedings with a volume and no
 *                        meeting named ("Proc. Natl Acad. Sci. USA 113",
 *                        "Proc. R. Soc. B 270", "Proc. IEEE 86"): a journal
 *   3a. report           a series of working papers, discussion papers or
 *                        technical reports as the container ("GIGA Working
 *                        Paper No. 151"; not "Oceanographic Research
 *                        Papers", a journal); it becomes the
 *                        collection-title (fld_report_series; a report by
 *                        rule 2 keeps its container: "Technical Report
 *                        TR93-3 … Journal of …")
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
 *   5a. webpage          container after "In", a URL, no publisher,
 *                        editors, volume, issue or pages
 *   6a. webpage          container, a URL and an access date, no volume,
 *                        issue or pages
 *   7. article-magazine  container, a month without a day, no volume, a
 *                        name that says no journal (Journal, Review,
 *                        Zeitschrift, Revue, Rivista, Transactions,
 *                        Annals, Bulletin)
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

	if (c->genre && rtx_has_any(c->genre, thesis))
		return "thesis";
	/* "Review of The Cheese and the Worms, by Carlo Ginzburg": the book
	 * and its author named ("Review of particle physics" is an article) */
	static const char *const review[] = {"review of ", "rezension von ", "rezension zu ",
		"compte rendu de ", "recensione di ", "reseña de ", NULL};
	static const char *const by[] = {", by ", ", von ", ", par ", ", di ", ", de ",
		", ed. ", ", edited by ", NULL};
	for (size_t i = 0; c->title && review[i]; i++)
		if (strncasecmp(c->title, review[i], strlen(review[i])) == 0 &&
		    rtx_has_any(c->title, by))
			return "review-book";
	if (c->genre && rtx_has_any(c->genre, report))
		return "report";
	if (!c->container_title && c->publisher && c->issue &&
	    rtx_has_any(c->publisher, inst))
		return "report";
	/* "Proceedings of the National Academy of Sciences 113", "Proc. R.
	 * Soc. B 270", "Proc. IEEE 86": a learned society's or academy's
	 * proceedings with a volume and no meeting named is a journal */
	static const char *const learned[] = {"academy", "acad.", "acad ", "natl ",
		"natl.", "society", "soc.", "soc ", "proc. ieee", "proceedings of the ieee",
		NULL};
	static const char *const meeting[] = {"conference", "conf.", "conf ", "symposium",
		"symp", "workshop", "meeting", "congress", "colloqu", "annual", NULL};
	int journal_proc = c->container_title && c->volume &&
			   rtx_has_any(c->container_title, learned) &&
			   !rtx_has_any(c->container_title, meeting);
	if (c->container_title && rtx_has_any(c->container_title, conf) && !journal_proc)
		return "paper-conference";
	if (c->container_title && rtx_has_any(c->container_title, fld_report_series))
		return "report";
	/* an archive word names a press ("Dalkey Archive"), a journal
	 * ("American Archivist"), a series ("State Archives of Assyria",
	 * "Occasional Papers") or a web address as often as an archive: it
	 * counts with a box, folder, folio or shelfmark in the entry */
	int shelved = prim_shelfmark(c->raw);
	int note_url = c->note && strstr(c->note, "://");
	if (prim_archive_named(c) ||
	    (shelved && !note_url &&
	     (rtx_has_any(c->note, archive_ci) || rtx_has_word(c->note, archive_words))) ||
	    (shelved && (rtx_has_any(c->publisher, archive_ci) ||
			 rtx_has_word(c->publisher, archive_words) ||
			 rtx_has_any(c->place, archive_ci))) ||
	    (shelved && c->container_title && !c->volume && !c->issue && !c->page &&
	     (rtx_has_any(c->container_title, archive_ci) ||
	      rtx_has_word(c->container_title, archive_words))))
		return "manuscript";
	/* a site's page after "In:" (Deutsche Sprache's "In: Lüneburger
	 * Ratsprotokolle online. Online unter: https://…"): no chapter */
	int in_site = has_in && c->url && !c->page && !c->publisher && !c->n_editors;
	if (c->container_title) {
		if (c->n_editors || c->publisher || (has_in && !c->issue && !c->volume && !in_site))
			return "chapter";
		if (in_site && !c->issue && !c->volume)
			return "webpage";
		if (c->issued.day && c->issued.month && !c->volume)
			return "article-newspaper";
		/* a site's page: a link read on a day, no volume, number
		 * or pages */
		if (c->url && (c->accessed.year || c->accessed.literal) && !c->volume &&
		    !c->issue && !c->page)
			return "webpage";
		/* a month and no volume (a number may be given: "n° 160"): a
		 * magazine's, unless its name says a journal ("Journal of the
		 * ACM (January 1987)") */
		static const char *const journal[] = {"journal", "review", "zeitschrift",
			"revue", "rivista", "transactions", "annals", "bulletin", NULL};
		if (c->issued.month && !c->issued.day && !c->volume &&
		    !rtx_has_any(c->container_title, journal))
			return "article-magazine";
		return "article-journal";
	}
	/* a link with no publisher, or with an access date and no place: a
	 * book with its imprint ("New Haven: Yale UP, 1998. Accessed …
	 * http://…") stays a book */
	if (c->url && (!c->publisher ||
		       ((c->accessed.year || c->accessed.literal) && !c->place)))
		return "webpage";
	if (c->title)
		return "book";
	return "document";
}

/* ---- ref_fields ------------------------------------------------------------ */

/* Is s a roman numeral alone ("I", "XIV")? */
static int fld_roman(const char *s)
{
	return fld_roman_span(s, strlen(s));
}

/* The span of run r of label l: [*b, *e) byte offsets; returns 0 when
 * there is no such run. */
typedef struct fld_run {
	size_t b, e;   /* byte span in s */
	size_t tb, te; /* token span */
} fld_run;

/* German "³1970": the edition in superscript before the year.  Its
 * digits (at most two) into ed, their bytes returned; 0 when none or
 * no year follows. */
static size_t fld_sup_edition(const char *p, size_t n, char ed[3])
{
	size_t i = 0, k = 0, len;
	int d;
	while (i < n && (p[i] == '(' || p[i] == '['))
		i++;
	while (k < 2 && (d = rtx_sup_digit(p + i, n - i, &len)) >= 0) {
		ed[k++] = (char)('0' + d);
		i += len;
	}
	ed[k] = 0;
	if (!k || n - i < 4)
		return 0;
	for (size_t j = 0; j < 4; j++)
		if (!isdigit((unsigned char)p[i + j]))
			return 0;
	return i;
}

/* Italian and French "1966²": the edition in superscript after the year
 * (only punctuation after it).  Its digits into ed; returns the bytes up
 * to the end of the year, 0 when there is no such edition. */
static size_t fld_sup_edition_after(const char *p, size_t n, char ed[3])
{
	size_t i = 0, k = 0, len;
	int d;
	while (i < n && (p[i] == '(' || p[i] == '['))
		i++;
	size_t y = i;
	while (i < n && isdigit((unsigned char)p[i]))
		i++;
	if (i - y != 4)
		return 0;
	size_t end = i;
	while (k < 2 && (d = rtx_sup_digit(p + i, n - i, &len)) >= 0) {
		ed[k++] = (char)('0' + d);
		i += len;
	}
	ed[k] = 0;
	if (!k)
		return 0;
	for (; i < n; i++)
		if (!strchr(".,;:)] ", p[i]))
			return 0;
	return end;
}

/*
 * The date run: the issued date, and a date in square brackets beside
 * another date — Chicago's "[1905] 1954" and "1954 [1905]" (a reprint or
 * a translation: a bracketed year is the original, the other the
 * edition's; author-date's "(1958) 1991" too, the year in round brackets
 * the earlier) and GB/T 7714's "(2015-03-01)[2020-05-06]" (a bracketed full
 * date after the date of publication is the date it was cited: accessed).
 * A bracketed year alone ("[1905]") is the issued date, supplied (circa).
 */
static void fld_dates(const char *p, size_t n, quire_arena *a, ref_citation *out)
{
	char ed[3];
	size_t sup = fld_sup_edition(p, n, ed);
	if (sup) {
		if (!out->edition)
			out->edition = rtx_dup(a, ed, strlen(ed));
		p += sup;
		n -= sup;
	} else if ((sup = fld_sup_edition_after(p, n, ed)) != 0) {
		if (!out->edition)
			out->edition = rtx_dup(a, ed, strlen(ed));
		n = sup;
	}
	ref_parse_date(p, n, a, &out->issued);
	const char *o = memchr(p, '[', n);
	int round = 0;
	if (!o) { /* Chicago author-date's "(1958) 1991": a year alone */
		o = memchr(p, '(', n);
		round = 1;
	}
	if (!o || o + 1 >= p + n || !isdigit((unsigned char)o[1]))
		return;
	const char *c = memchr(o, round ? ')' : ']', (size_t)(p + n - o));
	if (!c || (round && c - o - 1 != 4))
		return;
	char *rest = quire_arena_alloc(a, n + 1);
	if (!rest)
		return;
	memcpy(rest, p, n);
	memset(rest + (o - p), ' ', (size_t)(c - o) + 1);
	rest[n] = 0;
	ref_date d, in;
	ref_parse_date(rest, n, a, &d);
	ref_parse_date(o + 1, (size_t)(c - o - 1), a, &in);
	if (!d.year || !in.year)
		return;
	int year_only = c - o - 1 == 4;
	if (round && in.year >= d.year)
		return;
	if (year_only && in.year != d.year) {
		out->issued = d;
		memset(&out->original, 0, sizeof out->original);
		out->original.year = in.year;
	} else if (!year_only && in.month && !out->accessed.year) {
		out->issued = d;
		out->accessed = in;
	}
}

/* Is s[0..n) one of list's words (ASCII case folded)? */
static int fld_in_list(const char *s, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && strncasecmp(s, list[i], n) == 0)
			return 1;
	return 0;
}

/* Is s[0..n) an abbreviation that ends a publisher's name ("Co.",
 * "Univ.", "Verl.")?  Any other short word's period ends the entry
 * ("Paris: Plon.", "PUF."). */
static int fld_is_abbrev(const char *s, size_t n)
{
	static const char *const ab[] = {"co", "inc", "ltd", "bros", "corp",
		"pub", "publ", "pubs", "assn", "soc", "inst", "acad", "dept",
		"univ", "verl", "cie", "ed", "éd", "eds", "hg", "jr", "sr", "st",
		"intl", "natl", "govt", "off", "pr", "libr", "ges", "hrsg", "ass",
		"assoc", "comp", "ltda", "sa", "spa", "nv", "bv", "ag", "kg",
		"gmbh", "tip", "typ", "impr", "edit", "edn", NULL};
	return fld_in_list(s, n, ab);
}

/* The words before an access date ("accessed on", "consulté le",
 * "zuletzt abgerufen am"). */
static const char *const fld_accessed_pre[] = {"accessed", "last", "retrieved",
	"viewed", "consulted", "consulté", "le", "abgerufen", "zugegriffen", "am",
	"on", "visited", "cited", "zuletzt", "geprüft", "consultado", "el",
	"consultato", "il", "zugriff", "consulta", "aufgerufen", NULL};

/* The entry's first token in a field: tokens labelled other (a citation
 * number, an opening bracket) aside; ntok when none. */
static size_t fld_first_field(const ref_label *l, size_t ntok)
{
	size_t b = 0;
	while (b < ntok && l[b] == REF_OTHER)
		b++;
	return b;
}

/* Is token i the first of the entry but for tokens labelled other? */
static int fld_opens_entry(const ref_label *l, size_t ntok, size_t i)
{
	return fld_first_field(l, ntok) == i;
}

/* Does a date or a title follow token e (tokens labelled other aside)? */
static int fld_before_date_or_title(const ref_label *l, size_t ntok, size_t e)
{
	while (e < ntok && l[e] == REF_OTHER)
		e++;
	return e < ntok && (l[e] == REF_DATE || l[e] == REF_TITLE);
}

/* The next run of label lab at or after token i into r; 0 when none. */
static int fld_next_run(const ref_label *l, size_t ntok, const ref_token *t,
			size_t i, ref_label lab, fld_run *r)
{
	while (i < ntok && l[i] != lab)
		i++;
	if (i == ntok)
		return 0;
	size_t j = i + 1;
	while (j < ntok && l[j] == lab)
		j++;
	r->b = t[i].off;
	r->e = t[j - 1].off + t[j - 1].len;
	r->tb = i;
	r->te = j;
	return 1;
}

/* Are the author texts only dashes (a repeated-author line): two or
 * more, or one em dash ("—. Illuminations.")? */
static int fld_is_dash_only(const char *s, size_t n)
{
	size_t dashes = 0;
	int em = memmem(s, n, "\xe2\x80\x94", 3) || memmem(s, n, "\xe2\x80\x95", 3);
	for (size_t i = 0; i < n;) {
		size_t w = rtx_dash(s + i, n - i);
		if (w) {
			dashes++;
			i += w;
			continue;
		}
		if ((w = rtx_ws(s + i, n - i)) != 0) {
			i += w;
			continue;
		}
		if (s[i] == '_') {
			dashes++;
			i++;
			continue;
		}
		/* a list's bullet before it ("· ———.") */
		if (n - i >= 2 && !memcmp(s + i, "\xC2\xB7", 2)) {
			i += 2;
			continue;
		}
		if (n - i >= 3 && !memcmp(s + i, "\xE2\x80\xA2", 3)) {
			i += 3;
			continue;
		}
		if (strchr(".,;:", s[i])) {
			i++;
			continue;
		}
		return 0;
	}
	return dashes >= 2 || (dashes == 1 && em);
}

/* Is s[0..n) a word that stands for the author of the entry before —
 * German "Ders." / "Dies.", Latin "Idem", "Id.", "Eadem" — alone with
 * its punctuation ("Ders.:", "Idem,")? */
static int fld_is_same_author(const char *s, size_t n)
{
	static const char *const same[] = {"ders", "dies", "dems", "derselbe",
		"dieselbe", "dieselben", "idem", "eadem", "iidem", "eaedem", "id",
		"ead", NULL};
	while (n && (isspace((unsigned char)*s) || *s == '('))
		s++, n--;
	while (n && (isspace((unsigned char)s[n - 1]) || strchr(".,:;)", s[n - 1])))
		n--;
	return n >= 2 && fld_in_list(s, n, same);
}

/* Does the entry — s up to its last token's end; s need not end in a
 * NUL — hold w? */
static int fld_entry_has(const char *s, const ref_token *t, size_t ntok, const char *w)
{
	size_t n = ntok ? t[ntok - 1].off + t[ntok - 1].len : 0;
	return memmem(s, n, w, strlen(w)) != NULL;
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
 * Role phrases written before names: "Hrsg. von Klaus Weber", "éd. par
 * Marie Martin", "a cura di L. Bianchi", "trad. di M. Rossi", "Übers. von
 * Jan de Vries", "sous la direction de …", "edited by …".  The datasets hold
 * few of them (two in 17,088 strings, labelled so: "<editor>Hg. v. Jean
 * L. C. Putmans.</editor>"), and the labeller read such a phrase and its
 * names as part of the title in German, French and Italian.  A phrase
 * (with its preposition, so "(a cura di)" after names is not one) after a
 * stop or comma, followed by names (capitalised words, initials,
 * particles, "and"), makes the phrase and the names editors or
 * translators, up to the stop that ends them, a comma or semicolon before
 * a word that is no name, a place before a colon, or anything else.
 * Returns the token after the names, or 0.
 */
/* Is token t one of the words of list (NULL-ended; tok_is)? */
static int fld_tok_in(const char *s, const ref_token *t, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (tok_is(s, t, list[i]))
			return 1;
	return 0;
}

/* Does the word before token i (":" and "em", "on", "le", "am" aside)
 * say that a date is the access date ("Acesso em:", "accessed on",
 * "consulté le", "abgerufen am")? */
static int fld_after_access_word(const char *s, const ref_token *t, size_t i)
{
	static const char *const glue[] = {":", "em", "on", "le", "am", "el", "il",
		"the", ",", NULL};
	static const char *const access[] = {"accessed", "acesso", "acessado",
		"retrieved", "consulté", "consultado", "consultato", "abgerufen",
		"zugegriffen", "viewed", "visited", "cited", "citado", NULL};
	size_t k = i, steps = 0;
	while (k > 0 && steps < 4 && fld_tok_in(s, &t[k - 1], glue))
		k--, steps++;
	return k > 0 && fld_tok_in(s, &t[k - 1], access);
}

/* Does the run name a press ("University Press", "Verlag", "Éditions"),
 * which publishes but does not write? */
static int fld_press_run(const char *s, const ref_token *t, const fld_run *r)
{
	static const char *const press[] = {"press", "presses", "verlag",
		"publishing", "publishers", "publisher", "books", "éditions",
		"editions", "editore", "editori", "edizioni", "editorial",
		"ediciones", "editora", "printing", "imprimerie", NULL};
	for (size_t i = r->tb; i < r->te; i++)
		if (fld_tok_in(s, &t[i], press))
			return 1;
	return 0;
}

static size_t fld_role_names_at(const char *s, const ref_token *t, size_t ntok, size_t i,
				ref_label *role)
{
	static const struct {
		const char *w[5];
		ref_label l;
	} phrases[] = {
		{{"hrsg", "v", NULL}, REF_EDITOR}, {{"hrsg", "von", NULL}, REF_EDITOR},
		{{"hg", "v", NULL}, REF_EDITOR}, {{"hg", "von", NULL}, REF_EDITOR},
		{{"herausgegeben", "von", NULL}, REF_EDITOR},
		{{"\xC3\xA9" "d", "par", NULL}, REF_EDITOR}, {{"\xC3\x89" "d", "par", NULL}, REF_EDITOR},
		{{"ed", "par", NULL}, REF_EDITOR},
		{{"\xC3\xA9" "dit\xC3\xA9", "par", NULL}, REF_EDITOR},
		{{"\xC3\x89" "dit\xC3\xA9", "par", NULL}, REF_EDITOR},
		{{"sous", "la", "direction", "de", NULL}, REF_EDITOR},
		{{"a", "cura", "di", NULL}, REF_EDITOR}, {{"a", "c", "di", NULL}, REF_EDITOR},
		{{"ed", "by", NULL}, REF_EDITOR}, {{"eds", "by", NULL}, REF_EDITOR},
		{{"edited", "by", NULL}, REF_EDITOR},
		{{"ed", "por", NULL}, REF_EDITOR}, /* not "Ed. de" ("Éditions de Minuit") */
		{{"editado", "por", NULL}, REF_EDITOR},
		{{"onder", "redactie", "van", NULL}, REF_EDITOR},
		{{"\xC3\xBC" "bers", "v", NULL}, REF_TRANSLATOR},
		{{"\xC3\x9C" "bers", "v", NULL}, REF_TRANSLATOR},
		{{"\xC3\xBC" "bers", "von", NULL}, REF_TRANSLATOR},
		{{"\xC3\x9C" "bers", "von", NULL}, REF_TRANSLATOR},
		{{"\xC3\xBC" "bersetzt", "von", NULL}, REF_TRANSLATOR},
		{{"\xC3\x9C" "bersetzt", "von", NULL}, REF_TRANSLATOR},
		{{"trad", "par", NULL}, REF_TRANSLATOR}, {{"traduit", "par", NULL}, REF_TRANSLATOR},
		{{"trad", "de", NULL}, REF_TRANSLATOR}, {{"trad", "di", NULL}, REF_TRANSLATOR},
		{{"tradotto", "da", NULL}, REF_TRANSLATOR},
		{{"trans", "by", NULL}, REF_TRANSLATOR}, {{"transl", "by", NULL}, REF_TRANSLATOR},
		{{"translated", "by", NULL}, REF_TRANSLATOR},
	};
	static const char *const joins[] = {"and", "und", "et", "e", "y", "&", NULL};
	static const char *const particles[] = {"de", "van", "von", "der", "den", "di", "da",
		"du", "la", "le", "del", "della", "dei", "ten", "ter", "zu", "dos", "das", NULL};
	/* after a stop, comma, colon or semicolon */
	if (i == 0 || t[i - 1].len != 1 || !strchr(".,;:", s[t[i - 1].off]))
		return 0;
	/* the phrases' first letters (é, É, ü, Ü open with 0xC3): most
	 * tokens after a stop are turned away here */
	unsigned char c0 = (unsigned char)s[t[i].off];
	if (!strchr("hesaotHESAOT", c0 ? c0 : '.') && c0 != 0xC3)
		return 0;
	size_t j = 0;
	for (size_t p = 0; p < sizeof phrases / sizeof phrases[0] && !j; p++)
		if ((j = tok_phrase_at(s, t, ntok, i, phrases[p].w)) != 0)
			*role = phrases[p].l;
	while (j && j < ntok && tok_is(s, &t[j], "."))
		j++; /* "Hrsg. v." */
	if (!j)
		return 0;
	size_t k = j, names = 0;
	while (k < ntok && t[k].word - t[j].word < 10) {
		const char *w = s + t[k].off;
		size_t n = t[k].len;
		int initial = n == 1 && isupper((unsigned char)w[0]) && k + 1 < ntok &&
			      tok_is(s, &t[k + 1], ".");
		if (n == 1 && w[0] == '.') {
			int after_initial = k > j && t[k - 1].len == 1 &&
					    isupper((unsigned char)s[t[k - 1].off]);
			k++;
			if (!after_initial)
				break; /* the stop that ends the names */
			continue;
		}
		if (n == 1 && (w[0] == ',' || w[0] == ';')) {
			/* another name, or the end of the names */
			size_t q = k + 1;
			int more = q < ntok &&
				   ((t[q].len == 1 && isupper((unsigned char)s[t[q].off]) &&
				     q + 1 < ntok && tok_is(s, &t[q + 1], ".")) ||
				    fld_tok_in(s, &t[q], joins));
			k++;
			if (!more)
				break;
			continue;
		}
		if (n == 1 && w[0] == '-') {
			k++;
			continue;
		}
		/* "… W. U. Boulder: Geological Society": a word before a colon
		 * after the names is the imprint's place */
		if (names && k + 1 < ntok && tok_is(s, &t[k + 1], ":"))
			break;
		if (fld_tok_in(s, &t[k], joins) || fld_tok_in(s, &t[k], particles) || initial) {
			k++;
			continue;
		}
		/* a capitalised word: an ASCII capital, or a letter beyond ASCII
		 * ("Émile", "Łukasz") */
		if (isupper((unsigned char)w[0]) || (unsigned char)w[0] >= 0xC3) {
			names++;
			k++;
			continue;
		}
		break;
	}
	return names ? k : 0;
}

/* Labels role phrases before names and the names (fld_role_names_at). */
static const ref_label *fld_fix_role_names(const char *s, const ref_token *t,
					   const ref_label *labels, size_t ntok, quire_arena *a)
{
	ref_label *fx = NULL;
	for (size_t i = 1; i < ntok; i++) {
		ref_label role;
		size_t e = fld_role_names_at(s, t, ntok, i, &role);
		if (!e)
			continue;
		if (!fx && !(fx = fld_labels_copy(labels, ntok, a)))
			return labels;
		for (size_t k = i; k < e; k++)
			fx[k] = role;
		i = e - 1;
	}
	return fx ? fx : labels;
}

/* Is token k part of a list of names labelled lab: a name token, or
 * punctuation or a conjunction labelled other between them? */
static int fld_name_list_tok(const char *s, const ref_token *t, const ref_label *l, size_t k,
			     ref_label lab)
{
	return l[k] == lab ||
	       (l[k] == REF_OTHER && (tok_punct(s, &t[k]) || tok_is(s, &t[k], "and") ||
				      tok_is(s, &t[k], "&") || tok_is(s, &t[k], "und") ||
				      tok_is(s, &t[k], "e") || tok_is(s, &t[k], "et")));
}

/* The run of names labelled from before token b (across conjunctions and
 * punctuation labelled other) becomes editors. */
static void fld_names_to_editors(const char *s, const ref_token *t, ref_label *fx, size_t b,
				 ref_label from)
{
	for (size_t k = b; k-- > 0 && fld_name_list_tok(s, t, fx, k, from);)
		if (fx[k] == from)
			fx[k] = REF_EDITOR;
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
 * ref_labels_fix's result is also what `--format tokens` prints.
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
		while (b > 0 && tok_punct(s, &t[b - 1]) &&
		       l[b - 1] != REF_AUTHOR && l[b - 1] != REF_EDITOR)
			b--;
		if (b == 0 || (l[b - 1] != REF_AUTHOR && l[b - 1] != REF_EDITOR))
			continue;
		int multi = 0, kind = 0;
		size_t e = tok_role_at(s, t, ntok, i, &kind, &multi);
		if (!e || kind != TOK_ROLE_EDITOR)
			continue;
		ref_label before_names;
		if (fld_role_names_at(s, t, ntok, i, &before_names))
			continue; /* "a cura di L. Bianchi": the names follow */
		/* one word: in brackets, or after a comma that follows a whole
		 * inverted name ("Brown, Peter, ed." but not "Smith, Ed.") */
		int marked = tok_is(s, &t[i - 1], "(") || tok_is(s, &t[i - 1], "[") ||
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
		int period = s[t[e - 1].off + t[e - 1].len - 1] == '.', closed = 0;
		while (e < ntok && tok_punct(s, &t[e]) &&
		       (tok_is(s, &t[e], ")") || tok_is(s, &t[e], "]") ||
			tok_is(s, &t[e], ".") || tok_is(s, &t[e], ","))) {
			period |= tok_is(s, &t[e], ".") && !tok_is(s, &t[e - 1], ".");
			closed |= tok_is(s, &t[e], ")") || tok_is(s, &t[e], "]");
			e++;
		}
		/* the role alone in its brackets ("(a cura di)", not "(ed.
		 * Colin Brown)") */
		closed = closed && (tok_is(s, &t[i - 1], "(") || tok_is(s, &t[i - 1], "["));
		if (!fx && !(fx = fld_labels_copy(labels, ntok, a)))
			return labels;
		ref_label nl = fx[b - 1];
		if (nl == REF_AUTHOR) {
			nl = REF_EDITOR;
			fld_names_to_editors(s, t, fx, b, REF_AUTHOR);
		} else if (nl == REF_EDITOR) {
			/* "Levinson, David, and Melvin M. Ember, eds.": the
			 * labeller made only the last names editors; the
			 * authors opening the entry right before them are the
			 * same list (not after "In": "Smith, J. In Brown, P.
			 * (ed.)") */
			size_t q = b;
			while (q > 0 && fld_name_list_tok(s, t, fx, q - 1, REF_EDITOR))
				q--;
			size_t r = q;
			while (r > 0 && fld_name_list_tok(s, t, fx, r - 1, REF_AUTHOR))
				r--;
			while (r < q && fx[r] != REF_AUTHOR) /* "[12] Levinson": the list's first name */
				r++;
			int in = 0;
			for (size_t k = q; k < b && !in; k++)
				in = fx[k] == REF_EDITOR && tok_is(s, &t[k], "in"); /* any case */
			/* "Darwin, Charles. Barlow, Nora, ed.": a name closed by
			 * a stop (not an initial's) ends the authors */
			int stop = 0;
			for (size_t k = r + 1; k < q && !stop; k++)
				stop = fx[k] == REF_AUTHOR && tok_is(s, &t[k], ".") &&
				       t[k - 1].word == t[k].word && t[k - 1].len >= 2;
			if (r < q && fx[r] == REF_AUTHOR && r == fld_first_field(fx, ntok) && !in && !stop)
				fld_names_to_editors(s, t, fx, q, REF_AUTHOR);
		}
		for (size_t k = b; k < e; k++)
			fx[k] = nl;
		/* "Brown, Peter, ed. Saints and Cities.", "Mario Rossi (a cura
		 * di), Venezia e il sale (Firenze: …)": a role and a period, or
		 * a role in brackets, close the names; name-labelled words
		 * after them open the work that follows — up to a title or
		 * container the labeller did see, or to the imprint or the end */
		size_t j = e;
		while ((period || closed) && j < ntok &&
		       (fx[j] == REF_AUTHOR || fx[j] == REF_EDITOR))
			j++;
		size_t nx = j; /* the next field, punctuation labelled other skipped */
		while (nx < ntok && fx[nx] == REF_OTHER && tok_punct(s, &t[nx]))
			nx++;
		ref_label work = nx < ntok ? fx[nx] : closed ? REF_TITLE : REF_OTHER;
		if (closed && (work == REF_PLACE || work == REF_PUBLISHER || work == REF_DATE))
			work = REF_TITLE;
		if (j > e && (work == REF_TITLE || work == REF_CONTAINER))
			for (size_t k = e; k < j; k++)
				fx[k] = work;
		i = e - 1; /* the loop goes on at token e */
	}
	return fx ? fx : labels;
}

/*
 * "ed. Lester J. Cappon (Chapel Hill: …)": the labeller sometimes runs a
 * place or publisher from the last name of an editor list up to the
 * bracket that opens the imprint.  When a place or publisher run follows
 * editors or translators (punctuation aside) and holds an opening bracket
 * after words without digits, those words go back to the names and the
 * bracket to other.  (After authors it would take a place: "Conte
 * Lodovico Manino, Venezia (Albrizzi) 1707".)  Works on the copy of the
 * labels (*fixed, in a) like fld_fix_roles.
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
		while (b > 0 && l[b - 1] == REF_OTHER && tok_punct(s, &t[b - 1]))
			b--;
		if (b == 0 || (l[b - 1] != REF_EDITOR && l[b - 1] != REF_TRANSLATOR))
			continue;
		size_t p = i;
		int digit = 0;
		while (p < ntok && l[p] == l[i] && !tok_is(s, &t[p], "(")) {
			for (size_t k = 0; k < t[p].len; k++)
				digit |= isdigit((unsigned char)s[t[p].off + k]) != 0;
			p++;
		}
		if (p == i || p >= ntok || l[p] != l[i] || digit || p - i > 4)
			continue;
		if (!fx && !(fx = fld_labels_copy(labels, ntok, a)))
			return labels;
		/* names closed by a role in brackets ("Mario Rossi (a cura di),
		 * Venezia e il sale (Firenze: …)"): the words are the title */
		int closed = 0;
		for (size_t k = b; k-- > 0 && tok_punct(s, &t[k]) && !closed;)
			closed = tok_is(s, &t[k], ")") || tok_is(s, &t[k], "]");
		for (size_t k = b; k < p; k++)
			fx[k] = closed && k >= i ? REF_TITLE : fx[b - 1];
		fx[p] = REF_OTHER;
		i = p;
	}
	return fx ? fx : labels;
}

/*
 * The Vancouver imprint ("2017;12(4):88-97", "2015 Mar;520:44-51",
 * "2012 Jun 15;157:23-34", "2009;258(1-4):1-12"), the form of medicine
 * and PubMed: a year, perhaps a month and a day, a semicolon, the volume,
 * perhaps the issue in brackets, a colon and the pages.  The labeller
 * labels the fused word whole or splits it at the wrong places (volume
 * "2017", issue "12(4"), so the fields are read from the text itself when
 * a year labelled as part of the imprint (date, volume, issue, pages)
 * opens one.  The semicolon is the form's mark; without it nothing is
 * done.
 */
static void fld_vancouver(const char *s, const ref_token *t, const ref_label *l,
			  size_t ntok, const fld_run *issue_run, const fld_run *page_run,
			  quire_arena *a, ref_citation *out)
{
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	for (size_t i = 0; i < ntok; i++) {
		if (l[i] != REF_DATE && l[i] != REF_VOLUME && l[i] != REF_ISSUE &&
		    l[i] != REF_PAGES)
			continue;
		/* a token that opens with four digits (the labeller's tokens
		 * split "2017;12(4)", white-space words do not) */
		const char *p = s + t[i].off, *end = s + t[ntok - 1].off + t[ntok - 1].len;
		if (fld_digits(p, end, 5) != 4 ||
		    (t[i].off > 0 && isalnum((unsigned char)s[t[i].off - 1])))
			continue;
		int year = fld_number(p, 4), month = 0, day = 0;
		if (year < 1500 || year > 2099)
			continue;
		p += 4;
		if (p + 4 <= end && *p == ' ') {
			for (int m = 0; m < 12 && !month; m++)
				if (strncmp(p + 1, months[m], 3) == 0 &&
				    (p + 4 >= end || !isalpha((unsigned char)p[4])))
					month = m + 1;
			if (month) {
				p += 4;
				if (p < end && *p == '.')
					p++;
				int k = p + 1 < end && *p == ' ' ? fld_digits(p + 1, end, 2) : 0;
				if (k && (p + 1 + k >= end || !isdigit((unsigned char)p[1 + k]))) {
					day = fld_number(p + 1, k);
					p += 1 + k;
				}
			}
		}
		if (p >= end || *p != ';')
			continue;
		p++;
		while (p < end && *p == ' ')
			p++;
		const char *vol = p;
		int vn = fld_digits(p, end, 6);
		p += vn;
		const char *iss = NULL;
		size_t in = 0;
		const char *q = p; /* "28 (3): 318-25": spaces around the parts */
		while (q < end && *q == ' ')
			q++;
		if (q < end && (*q == '(' || *q == ':'))
			p = q;
		if (p < end && *p == '(') {
			size_t look = (size_t)(end - p) < 26 ? (size_t)(end - p) : 26;
			const char *c = memchr(p, ')', look);
			if (!c)
				continue;
			iss = p + 1;
			in = (size_t)(c - iss);
			p = c + 1;
		}
		if (!vn && !in)
			continue;
		const char *pg = NULL;
		size_t pn = 0;
		q = p;
		while (q < end && *q == ' ')
			q++;
		if (q < end && *q == ':') {
			p = q + 1;
			while (p < end && *p == ' ')
				p++;
			pg = p;
			while (p < end && (isalnum((unsigned char)*p) || *p == '-' ||
					   rtx_dash(p, (size_t)(end - p))))
				p += rtx_dash(p, (size_t)(end - p)) ? rtx_dash(p, (size_t)(end - p)) : 1;
			pn = (size_t)(p - pg);
		}
		/* the imprint ends here: a "45, (4)" or a "2019 Jan 2" after the
		 * semicolon is no Vancouver volume */
		if (p < end && !((*p == '.' || *p == ',' || *p == ';') &&
				 (p + 1 >= end || isspace((unsigned char)p[1]))) &&
		    !isspace((unsigned char)*p))
			continue;
		if (!pn && p < end && isspace((unsigned char)*p)) {
			q = p;
			while (q < end && isspace((unsigned char)*q))
				q++;
			if (q < end && isalnum((unsigned char)*q))
				continue; /* words follow the volume: no imprint */
		}
		/* what the runs gave from inside this imprint goes; what they
		 * gave from elsewhere ("… Volume 7 Number 3") stays */
		size_t from = t[i].off, to = (size_t)(p - s);
		if (vn)
			out->volume = rtx_dup(a, vol, (size_t)vn);
		if (in)
			out->issue = fld_dash_norm(a, iss, in);
		else if (issue_run && issue_run->b < to && issue_run->e > from)
			out->issue = NULL;
		if (pn) /* as written ("S12-S19" keeps its letters) */
			out->page = fld_dash_norm(a, pg, pn);
		else if (page_run && page_run->b < to && page_run->e > from)
			out->page = NULL;
		if (!out->issued.year || out->issued.year == year) {
			out->issued.year = year;
			out->issued.month = month ? month : out->issued.month;
			out->issued.day = day ? day : (month ? 0 : out->issued.day);
		}
		return;
	}
}

/* Words that make the opening sentence of an entry an organisation. */
static const char *const fld_org_words[] = {"organization", "organisation",
	"university", "institute", "ministry", "department", "agency",
	"association", "society", "council", "commission", "committee",
	"center", "centre", "bank", "foundation", "bureau", "office",
	"institut", "istituto", "instituto", "ministerium", "ministère",
	"universität", "université", "università", "universidad", NULL};
/* Small words an organisation's name may hold in lower case. */
static const char *const fld_org_small[] = {"of", "for", "and", "the", "on",
	"de", "des", "du", "la", "le", "für", "der", "die", "di", "del",
	"della", "y", "et", "und", "&", NULL};

/* The white-space word from token i: its tokens [i, *end) and text. */
static const char *fld_word(const char *s, const ref_token *t, size_t ntok, size_t i,
			    size_t *end, size_t *len)
{
	size_t j = i + 1;
	while (j < ntok && t[j].word == t[i].word)
		j++;
	*end = j;
	*len = t[j - 1].off + t[j - 1].len - t[i].off;
	return s + t[i].off;
}

/* Relabels tokens [b, e) x on a copy of l made once into *m. */
static int fld_relabel(const ref_label *l, size_t ntok, size_t b, size_t e, ref_label x,
		       ref_label **m, quire_arena *a)
{
	if (!*m && !(*m = fld_labels_copy(l, ntok, a)))
		return -1;
	for (size_t k = b; k < e; k++)
		(*m)[k] = x;
	return 0;
}

/* l with tokens [b, e) relabelled x, on a copy (l itself when out of
 * memory). */
static const ref_label *fld_relabeled(const ref_label *l, size_t ntok, size_t b, size_t e,
				      ref_label x, quire_arena *a)
{
	ref_label *m = NULL;
	if (fld_relabel(l, ntok, b, e, x, &m, a))
		return l;
	return m;
}

/* Phrases that name a thesis (fld_fix_thesis, fld_fix_thesis_bracket). */
static const char *const fld_thesis_phrases[] = {"tesi di laurea", "tesi di dottorato",
	"tesi di specializzazione", "tesi di master", "tesi", "dissertation",
	"diss.", "inaugural-dissertation", "doktorarbeit", "habilitationsschrift",
	"magisterarbeit", "masterarbeit", "diplomarbeit", "thèse de doctorat",
	"thèse d'état", "mémoire de maîtrise", "mémoire de master", "tesis doctoral",
	"tesis de licenciatura", "tesis de maestría", "tese de doutorado",
	"dissertação de mestrado", "proefschrift", "doctoral thesis",
	"doctoral dissertation", "phd thesis", "ph.d. thesis", "phd diss.",
	"ph.d. diss.", "phd dissertation", "ph.d. dissertation",
	"master's thesis", "master\xe2\x80\x99s thesis", "masters thesis",
	"ma thesis", "m.a. thesis", "msc thesis", "m.sc. thesis", NULL};

/*
 * Vancouver's thesis, "… et commerce [Thèse de doctorat]. [Genève]:
 * Université de Genève; 2016.": a bracket that closes the title and
 * holds a thesis's phrase is the genre.
 */
static const ref_label *fld_fix_thesis_bracket(const char *s, const ref_token *t,
					       const ref_label *l, size_t ntok,
					       quire_arena *a)
{
	for (size_t i = 1; i + 1 < ntok; i++) {
		/* the bracket read with the title or as a note (APA's
		 * "… 1790–1840 [Master’s thesis]. University of Edinburgh.") */
		if ((l[i] != REF_TITLE && l[i] != REF_NOTE) || l[i - 1] != REF_TITLE ||
		    !tok_is(s, &t[i], "[") || t[i].word == t[i - 1].word)
			continue;
		size_t c = i + 1;
		while (c < ntok && l[c] == l[i] && !tok_is(s, &t[c], "]"))
			c++;
		if (c >= ntok || l[c] != l[i])
			return l;
		size_t e = c + 1; /* the bracket's word, "doctorat]." */
		while (e < ntok && t[e].word == t[c].word)
			e++;
		if (e < ntok && l[e] == REF_TITLE)
			return l; /* the title goes on: "[sic]", "[Internet]" … */
		const char *w = s + t[i + 1].off;
		size_t wn = t[c].off - t[i + 1].off;
		for (size_t p = 0; fld_thesis_phrases[p]; p++) {
			size_t k = strlen(fld_thesis_phrases[p]);
			if (k == wn && strncasecmp(w, fld_thesis_phrases[p], k) == 0)
				return fld_relabeled(l, ntok, i, e, REF_GENRE, a);
		}
		return l;
	}
	return l;
}

/* A thesis named after the title in words the labeller did not learn
 * ("Il porto di Venezia. Tesi di laurea, Università di Padova",
 * "Dissertation, Universität Hamburg", "… 1790–1840. Master’s thesis.
 * University of Edinburgh" read as a note): the phrase, right after the
 * title's closing period and up to a comma or period, is the genre. */
static const ref_label *fld_fix_thesis(const char *s, const ref_token *t,
				       const ref_label *l, size_t ntok, quire_arena *a)
{
	const char *const *phrases = fld_thesis_phrases;
	for (size_t i = 0; i < ntok; i++)
		if (l[i] == REF_GENRE)
			return l;
	for (size_t i = 1; i < ntok; i++) {
		/* a word whose word before ends the title with a period */
		if (t[i].word == t[i - 1].word || l[i - 1] != REF_TITLE ||
		    s[t[i - 1].off + t[i - 1].len - 1] != '.' ||
		    (l[i] != REF_TITLE && l[i] != REF_PUBLISHER && l[i] != REF_NOTE))
			continue;
		const char *w = s + t[i].off;
		size_t lim = t[ntok - 1].off + t[ntok - 1].len, wo = t[i].off;
		for (size_t p = 0; phrases[p]; p++) {
			if (tolower((unsigned char)w[0]) != phrases[p][0])
				continue;
			size_t k = strlen(phrases[p]);
			if (lim - wo < k || strncasecmp(w, phrases[p], k) != 0)
				continue;
			/* the phrase ends at a comma or a period (its own or
			 * one after it), or at the end */
			size_t e = wo + k;
			int stop = 0;
			if (e < lim && s[e] == '.' && phrases[p][k - 1] != '.')
				e++, stop = 1;
			if (e < lim && !stop && s[e] != ',' && s[e] != '.' &&
			    !(phrases[p][k - 1] == '.' && s[e] == ' '))
				continue;
			size_t end = i;
			while (end < ntok && t[end].off < e)
				end++;
			while (end < ntok && t[end].word == t[end - 1].word)
				end++;
			return fld_relabeled(l, ntok, i, end, REF_GENRE, a);
		}
	}
	return l;
}

/* DIN 1505's and the French thesis after its imprint: "Genève,
 * Université de Genève, Thèse de doctorat, 2016" — the phrase, between
 * commas and before the date, is the genre; the words before it, read
 * as place and publisher, are the place up to the first comma and the
 * university after it. */
static const ref_label *fld_fix_thesis_imprint(const char *s, const ref_token *t,
					       const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 0; i < ntok; i++)
		if (l[i] == REF_GENRE)
			return l;
	size_t ib = 0; /* the imprint's first token: after the title */
	while (ib < ntok && l[ib] != REF_TITLE)
		ib++;
	while (ib < ntok && l[ib] == REF_TITLE)
		ib++;
	for (size_t i = ib + 2; i < ntok; i++) {
		if (t[i].word == t[i - 1].word || !tok_is(s, &t[i - 1], ",") ||
		    (l[i] != REF_PLACE && l[i] != REF_PUBLISHER && l[i] != REF_NOTE))
			continue;
		size_t e = i;
		while (e < ntok && !tok_is(s, &t[e], ","))
			e++;
		if (e + 1 >= ntok || l[e + 1] != REF_DATE)
			continue;
		const char *w = s + t[i].off;
		size_t wn = t[e - 1].off + t[e - 1].len - t[i].off;
		int thesis = 0;
		for (size_t p = 0; fld_thesis_phrases[p] && !thesis; p++)
			thesis = strlen(fld_thesis_phrases[p]) == wn &&
				 !strncasecmp(w, fld_thesis_phrases[p], wn);
		if (!thesis)
			continue;
		/* the place, its comma, the university: place or publisher */
		size_t c = ib;
		while (c < i - 1 && !tok_is(s, &t[c], ","))
			c++;
		for (size_t k = ib; k < i - 1; k++)
			if (l[k] != REF_PLACE && l[k] != REF_PUBLISHER)
				return l;
		ref_label *m = NULL;
		if (fld_relabel(l, ntok, i, e, REF_GENRE, &m, a) ||
		    (c > ib && c < i - 1 &&
		     (fld_relabel(l, ntok, ib, c + 1, REF_PLACE, &m, a) ||
		      fld_relabel(l, ntok, c + 1, i, REF_PUBLISHER, &m, a))))
			return l;
		return m;
	}
	return l;
}

/* Is w[0..n) a span of years, "1955–57", "1955-1957" (brackets and a
 * closing comma or period aside), the end after the start, the start lo
 * or later (1450 for a work's own years; a period a book is about,
 * "1350–1550", may open before printing)? */
static int fld_year_span_from(const char *w, size_t n, int lo)
{
	while (n && (*w == '(' || *w == '['))
		w++, n--;
	while (n && strchr(".,;)]", w[n - 1]))
		n--;
	if (n < 7)
		return 0;
	int y0 = 0;
	for (size_t i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)w[i]))
			return 0;
		y0 = y0 * 10 + (w[i] - '0');
	}
	size_t d = rtx_dash(w + 4, n - 4);
	if (!d && w[4] == '-')
		d = 1;
	if (!d || y0 < lo || y0 > 2099)
		return 0;
	const char *e = w + 4 + d;
	size_t en = n - 4 - d;
	if (en != 2 && en != 4)
		return 0;
	int y1 = 0;
	for (size_t i = 0; i < en; i++) {
		if (!isdigit((unsigned char)e[i]))
			return 0;
		y1 = y1 * 10 + (e[i] - '0');
	}
	if (en == 2)
		y1 += y0 / 100 * 100;
	return y1 > y0;
}

static int fld_year_span(const char *w, size_t n)
{
	return fld_year_span_from(w, n, 1450);
}

/* A span of years after the imprint read as pages, in an entry with no
 * date ("… Firenze: La Nuova Italia, 1955–57."): the date of a work in
 * several volumes. */
static const ref_label *fld_fix_year_span(const char *s, const ref_token *t,
					  const ref_label *l, size_t ntok, quire_arena *a)
{
	int pub = 0;
	for (size_t i = 0; i < ntok; i++) {
		if (l[i] == REF_DATE)
			return l;
		pub |= l[i] == REF_PUBLISHER || l[i] == REF_PLACE;
	}
	if (!pub)
		return l;
	for (size_t i = 0, j, n; i < ntok; i = j) {
		if (l[i] != REF_PAGES || (i && t[i].word == t[i - 1].word)) {
			j = i + 1;
			continue;
		}
		const char *w = fld_word(s, t, ntok, i, &j, &n);
		int pages = 1;
		for (size_t k = i; k < j; k++)
			pages &= l[k] == REF_PAGES;
		if (!pages || !fld_year_span(w, n))
			continue;
		/* the imprint before it, no pages label after it */
		size_t q = i;
		while (q > 0 && l[q - 1] == REF_OTHER)
			q--;
		if (!q || (l[q - 1] != REF_PUBLISHER && l[q - 1] != REF_PLACE))
			continue;
		return fld_relabeled(l, ntok, i, j, REF_DATE, a);
	}
	return l;
}

/*
 * "Digital Humanities Infrastructure in European Universities, 2015–2020
 * (No. 2021/04 …)", "Bericht der Arbeitsgruppe 2008–2012": a span of
 * years (no brackets) right after a title's word, read as a date while
 * the entry has its date elsewhere, is the title's (issue 5: "1945–1963"
 * inside a title is not a date).
 */
static const ref_label *fld_fix_title_span(const char *s, const ref_token *t,
					   const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 1, j, n; i < ntok; i = j) {
		const char *w = fld_word(s, t, ntok, i, &j, &n);
		if (t[i].word == t[i - 1].word || l[i] != REF_DATE || l[i - 1] != REF_TITLE ||
		    w[0] == '(' || w[0] == '[' || !fld_year_span(w, n))
			continue;
		int other = 0;
		for (size_t k = 0; k < ntok && !other; k++)
			other = (k < i || k >= j) && l[k] == REF_DATE;
		if (!other)
			continue;
		for (size_t k = i; k < j; k++)
			if (l[k] != REF_DATE)
				goto next;
		return fld_relabeled(l, ntok, i, j, REF_TITLE, a);
next:;
	}
	return l;
}

/*
 * Vancouver's journal read as a publisher, "Print and Society.
 * 2015;22(1):45–79.": a publisher run, with no place, container or other
 * publisher in the entry, right before a word that gives a volume or
 * pages ("2015;22(1):45–79", "22:45-79") is the journal.
 */
static const ref_label *fld_fix_journal_publisher(const char *s, const ref_token *t,
						  const ref_label *l, size_t ntok, quire_arena *a)
{
	size_t pb = ntok, pe = ntok;
	for (size_t i = 0; i < ntok; i++) {
		if (l[i] == REF_PLACE || l[i] == REF_CONTAINER)
			return l;
		if (l[i] == REF_PUBLISHER) {
			if (pb < ntok && pe != i)
				return l; /* two publisher runs */
			if (pb == ntok)
				pb = i;
			pe = i + 1;
		}
	}
	if (pb == ntok || pe >= ntok || (l[pe] != REF_PAGES && l[pe] != REF_VOLUME) ||
	    t[pe].word == t[pe - 1].word)
		return l;
	size_t e, n;
	const char *w = fld_word(s, t, ntok, pe, &e, &n);
	int digit = 0, sep = 0;
	for (size_t k = 0; k < n; k++) {
		digit |= isdigit((unsigned char)w[k]) != 0;
		sep |= w[k] == ';' || w[k] == ':' || w[k] == '(';
	}
	if (!digit || !sep || !isdigit((unsigned char)w[0]))
		return l;
	return fld_relabeled(l, ntok, pb, pe, REF_CONTAINER, a);
}

static int fld_tok_digit(const char *s, const ref_token *t);
static int fld_year_word(const char *s, const ref_token *t);
static int fld_caps_word(const char *s, const ref_token *t);

/*
 * MHRA's quoted title, then the periodical or the archive: "‘What Is a
 * Book Now?’, The Reading Room Magazine, 4 November 2019", "‘Commonplace
 * Book …’, 1654, Norfolk Record Office".  A title run that opens with a
 * quotation mark and runs on after its closing mark and a comma is the
 * title to that mark, the words after it the container (when the entry
 * has none); a year opening a container, in an entry with no date, is the
 * date.
 */
static const ref_label *fld_fix_quoted_title_end(const char *s, const ref_token *t,
						 const ref_label *l, size_t ntok, quire_arena *a)
{
	size_t c = ntok;
	int date = 0, cont = 0;
	for (size_t i = 0; i < ntok; i++) {
		date |= l[i] == REF_DATE;
		cont |= l[i] == REF_CONTAINER;
		if (l[i] == REF_TITLE && c == ntok && (i == 0 || l[i - 1] != REF_TITLE))
			c = i;
	}
	ref_label *m = NULL;
	if (c < ntok && !cont && (tok_is(s, &t[c], "\xE2\x80\x98") || tok_is(s, &t[c], "\xE2\x80\x9C"))) {
		const char *close = s[t[c].off + 2] == '\x98' ? "\xE2\x80\x99" : "\xE2\x80\x9D";
		size_t e = c + 1;
		while (e < ntok && l[e] == REF_TITLE)
			e++;
		for (size_t k = c + 1; k + 2 < e; k++) {
			if (!tok_is(s, &t[k], close) || !tok_is(s, &t[k + 1], ","))
				continue;
			/* "Rolls’," and then a capitalised word */
			if (!isupper((unsigned char)s[t[k + 2].off]) || t[k + 2].word == t[k + 1].word)
				break;
			if (fld_relabel(l, ntok, k + 2, e, REF_CONTAINER, &m, a))
				return l;
			cont = 1;
			break;
		}
	}
	const ref_label *cur = m ? m : l;
	for (size_t i = 0; !date && i + 1 < ntok; i++) {
		if (cur[i] != REF_CONTAINER || (i && cur[i - 1] == REF_CONTAINER) ||
		    !fld_year_word(s, &t[i]) || !tok_is(s, &t[i + 1], ",") ||
		    t[i + 1].word != t[i].word)
			continue;
		if (fld_relabel(cur, ntok, i, i + 2, REF_DATE, &m, a))
			return l;
		break;
	}
	return m ? m : l;
}

static int fld_series_number(const char *s, const ref_token *t, size_t b, size_t e);

/* Does the run [b, e) close with ")" and then "." or nothing? */
static int fld_closes_bracket(const char *s, const ref_token *t, size_t b, size_t e)
{
	while (e > b && tok_is(s, &t[e - 1], "."))
		e--;
	return e > b && tok_is(s, &t[e - 1], ")");
}

/*
 * APA 7, which prints no place: "… Imagination (pp. 249–275). Ashgate.",
 * "… a Napoli (Vol. 1). Liguori.", "… (No. 17; Archives Policy Papers).
 * Council for Local Archives.".  The words after the bracket that closes
 * the pages, the volume or the report's number and series, ending the
 * entry and read as the place or a note, are the publisher; the series
 * after the number's ";" is the series; a book's title read as a
 * container before "(Vol. 1)" is the title; "(S. Delacroix-Vernet,
 * Trans.)" closing the title is the translator ("Ed.", "Eds.": the
 * editors).
 */
static const ref_label *fld_fix_apa_brackets(const char *s, const ref_token *t,
					     const ref_label *l, size_t ntok, quire_arena *a)
{
	ref_label *m = NULL;
	int pub = 0, title = 0;
	for (size_t i = 0; i < ntok; i++) {
		pub |= l[i] == REF_PUBLISHER;
		title |= l[i] == REF_TITLE;
	}
	/* the last run: place or note, capitalised, no digit */
	size_t lb = ntok;
	while (lb > 0 && l[lb - 1] == l[ntok - 1])
		lb--;
	int last_ok = !pub && lb > 0 && lb < ntok &&
		      (l[lb] == REF_PLACE || l[lb] == REF_NOTE) &&
		      t[lb].word != t[lb - 1].word &&
		      (isupper((unsigned char)s[t[lb].off]) || (unsigned char)s[t[lb].off] >= 0xC3 ||
		       (l[lb] == REF_NOTE && s[t[lb].off] == '('));
	/* "Boston, MA.", "Washington, D.C." are places; a note that opens
	 * with a bracket is looked into below */
	for (size_t k = lb; last_ok && s[t[lb].off] != '(' && k < ntok; k++)
		if (fld_tok_digit(s, &t[k]) || tok_is(s, &t[k], ":") ||
		    (l[lb] == REF_PLACE && tok_is(s, &t[k], ",")))
			last_ok = 0;
	if (last_ok) {
		size_t pb = lb;
		while (pb > 0 && l[pb - 1] == l[lb - 1])
			pb--;
		ref_label before = l[lb - 1];
		/* "(pp. 233–259).", "(Vol. 1).", then a name in capitals and
		 * small letters ("PDF", "XIII-XVI." are no publisher) */
		if ((before == REF_PAGES || before == REF_VOLUME) && s[t[lb].off] != '(' &&
		    fld_closes_bracket(s, t, pb, lb) && tok_is(s, &t[pb], "(") && pb + 1 < lb &&
		    (fld_tok_in(s, &t[pb + 1], fld_pages_words) ||
		     fld_tok_in(s, &t[pb + 1], fld_volume_words)) &&
		    !fld_caps_word(s, &t[lb])) {
			if (fld_relabel(l, ntok, lb, ntok, REF_PUBLISHER, &m, a))
				return l;
		} else if (l[lb] == REF_NOTE && lb + 1 < ntok && tok_is(s, &t[lb], "(") &&
			   fld_tok_in(s, &t[lb + 1], fld_issue_words)) {
			/* "(No. 17; Archives Policy Papers). Council …" read as one
			 * note: the bracket's end is where the publisher starts */
			for (size_t k = lb; k + 1 < ntok; k++) {
				if (!tok_is(s, &t[k], ")") || k == lb || s[t[lb].off] != '(')
					continue;
				size_t q = k + 1;
				while (q < ntok && t[q].word == t[k].word)
					q++;
				if (q >= ntok)
					break;
				int ok = isupper((unsigned char)s[t[q].off]) || (unsigned char)s[t[q].off] >= 0xC3;
				for (size_t r = q; ok && r < ntok; r++)
					ok = !fld_tok_digit(s, &t[r]) && !tok_is(s, &t[r], "(") &&
					     !tok_is(s, &t[r], ":");
				if (ok && fld_relabel(l, ntok, q, ntok, REF_PUBLISHER, &m, a))
					return l;
				break;
			}
		}
	}
	const ref_label *c = m ? m : l;
	/* "(No. 17; Archives Policy Papers)": the series after the ";" */
	for (size_t i = 0; i + 4 < ntok; i++) {
		if (!tok_is(s, &t[i], "(") || !fld_tok_in(s, &t[i + 1], fld_issue_words) ||
		    (c[i] != REF_NOTE && c[i] != REF_TITLE))
			continue;
		size_t k = i + 2, semi = 0;
		while (k < ntok && c[k] == c[i] && !tok_is(s, &t[k], ")")) {
			if (!semi && tok_is(s, &t[k], ";"))
				semi = k;
			k++;
		}
		if (!semi || k >= ntok || !tok_is(s, &t[k], ")") || semi + 1 >= k)
			break;
		if (fld_relabel(c, ntok, semi + 1, k, REF_COLLECTION, &m, a))
			return l;
		c = m;
		break;
	}
	/* a book's title read as a container before "(Vol. 1)" */
	if (!title) {
		for (size_t i = 1; i + 1 < ntok; i++) {
			if (c[i] != REF_VOLUME || c[i - 1] != REF_CONTAINER || !tok_is(s, &t[i], "(") ||
			    !fld_tok_in(s, &t[i + 1], fld_volume_words))
				continue;
			size_t b = i;
			while (b > 0 && c[b - 1] == REF_CONTAINER)
				b--;
			if (tok_is(s, &t[b], "in") || tok_is(s, &t[b], "In"))
				break;
			if (fld_relabel(c, ntok, b, i, REF_TITLE, &m, a))
				return l;
			break;
		}
	}
	return m ? m : l;
}

/* APA's translator or editor in brackets closing the title, "(S.
 * Delacroix-Vernet, Trans.)", "(D. A. Reilly, Trans.)", whatever the
 * labeller made of the names inside: a bracket opening a word right after
 * the title, names only (initials, capitalised words, particles), a
 * comma, the role word and its period, and no more title after it. */
static const ref_label *fld_fix_apa_role(const char *s, const ref_token *t,
					 const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const trans[] = {"trans", "transl", "tr", NULL};
	static const char *const eds[] = {"ed", "eds", "Ed", "Eds", NULL};
	static const char *const part[] = {"de", "del", "della", "di", "da", "du", "van",
		"von", "der", "den", "la", "le", NULL};
	for (size_t i = 1; i + 3 < ntok; i++) {
		if (l[i - 1] != REF_TITLE || !tok_is(s, &t[i], "(") || t[i].word == t[i - 1].word)
			continue;
		size_t k = i + 1;
		while (k < ntok && k < i + 16 && !tok_is(s, &t[k], ")"))
			k++;
		if (k >= ntok || k < i + 4 || !tok_is(s, &t[k], ")") || !tok_is(s, &t[k - 1], ".") ||
		    !tok_is(s, &t[k - 3], ","))
			continue;
		ref_label role = fld_tok_in(s, &t[k - 2], trans) ? REF_TRANSLATOR
				 : fld_tok_in(s, &t[k - 2], eds) ? REF_EDITOR : REF_OTHER;
		if (role == REF_OTHER)
			continue;
		int names = 1;
		for (size_t q = i + 1; q < k - 3 && names; q++) {
			unsigned char c = (unsigned char)s[t[q].off];
			names = tok_is(s, &t[q], ".") || tok_is(s, &t[q], "-") ||
				fld_tok_in(s, &t[q], part) || isupper(c) || c >= 0xC3;
		}
		size_t e = k + 1;
		while (e < ntok && t[e].word == t[k].word)
			e++;
		if (!names || (e < ntok && l[e] == REF_TITLE))
			continue;
		return fld_relabeled(l, ntok, i, e, role, a);
	}
	return l;
}

/* APA's book, "Stauber, W. E. (2012). Handschrift und Herrschaft (2nd
 * ed.). Böhlau.": APA prints no place, and the publisher closing the
 * entry was read as the title's last sentence ("… (secoli XIV–XVI).
 * Olschki.").  In an entry with APA's date in brackets after the names,
 * with no publisher, place, container, volume, issue, pages or link, the
 * last sentence of the title — one to five capitalised words, no digit
 * or colon, before an "(Original work published …)" at most — is the
 * publisher.  (Read as a place or a container, such a sentence is as
 * often a journal with no volume, "Geomorphology.", or a place, "Bad
 * Heilbrunn.", in the datasets: left so.) */
static const ref_label *fld_fix_apa_publisher(const char *s, const ref_token *t,
					      const ref_label *l, size_t ntok, quire_arena *a)
{
	size_t d = 0;
	while (d < ntok && (l[d] == REF_AUTHOR || l[d] == REF_EDITOR))
		d++;
	if (!d || d + 4 >= ntok || l[d] != REF_DATE || !tok_is(s, &t[d], "(") ||
	    !fld_tok_digit(s, &t[d + 1]) || t[d + 1].len != 4)
		return l;
	size_t end = ntok;
	/* "(Original work published 1936)" */
	if (tok_is(s, &t[ntok - 1], ")")) {
		size_t o = ntok - 1;
		while (o > d && !tok_is(s, &t[o], "("))
			o--;
		if (o + 1 < ntok && tok_is(s, &t[o + 1], "Original"))
			end = o;
	}
	for (size_t i = d; i < ntok; i++)
		if (l[i] == REF_PUBLISHER || l[i] == REF_VOLUME || l[i] == REF_ISSUE ||
		    l[i] == REF_PAGES || l[i] == REF_URL || l[i] == REF_DOI)
			return l;
	if (end < 2 || !tok_is(s, &t[end - 1], "."))
		return l;
	/* the last sentence: back to the stop before it */
	size_t b = end - 1, words = 0;
	while (b > d && !(tok_is(s, &t[b - 1], ".") && t[b - 1].word != t[b].word)) {
		b--;
		if (fld_tok_digit(s, &t[b]) || tok_is(s, &t[b], ":") || tok_is(s, &t[b], "(") ||
		    tok_is(s, &t[b], "[") || tok_is(s, &t[b], "?"))
			return l;
		words += t[b].word != t[b - 1].word;
	}
	if (b <= d + 3 || words < 1 || words > 5)
		return l;
	unsigned char c = (unsigned char)s[t[b].off];
	ref_label x = l[b];
	if (!(isupper(c) || c >= 0xC3) || x != REF_TITLE)
		return l;
	for (size_t i = b; i < end - 1; i++)
		if (l[i] != x)
			return l;
	/* after a title of its own, in an entry with no container */
	for (size_t i = d; i < b; i++)
		if (l[i] == REF_CONTAINER || l[i] == REF_PLACE)
			return l;
	if (l[b - 1] != REF_TITLE || l[b - 2] != REF_TITLE)
		return l;
	return fld_relabeled(l, ntok, b, end, REF_PUBLISHER, a);
}

/*
 * ISO 690's chapter, "In : VILLALBA, Tomás (éd.), Libros y lectores en el
 * mundo hispánico. Ciudad de México : Fondo de Cultura Económica. pp.
 * 45–68": the imprint after the book's title, read into it.  In a
 * container run, in an entry with no place or publisher, a colon standing
 * alone after a stop-ended sentence parts the place (one to four words
 * after the stop) from the publisher (to the run's end).
 */
static const ref_label *fld_fix_container_imprint(const char *s, const ref_token *t,
						  const ref_label *l, size_t ntok,
						  quire_arena *a)
{
	size_t cb = ntok, ce = ntok;
	for (size_t i = 0; i < ntok; i++) {
		if (l[i] == REF_PLACE || l[i] == REF_PUBLISHER)
			return l;
		if (l[i] == REF_CONTAINER && cb == ntok) {
			cb = i;
			for (ce = i; ce < ntok && l[ce] == REF_CONTAINER; ce++)
				;
		}
	}
	if (cb == ntok)
		return l;
	for (size_t k = cb + 2; k + 1 < ce; k++) {
		/* a colon alone: " : " */
		if (!tok_is(s, &t[k], ":") || t[k].word == t[k - 1].word ||
		    t[k + 1].word == t[k].word)
			continue;
		/* the stop before the place: the last word ending in "." */
		size_t st = k;
		while (st > cb && !(tok_is(s, &t[st - 1], ".") && t[st - 1].word != t[st].word))
			st--;
		if (st <= cb + 1 || t[k - 1].word - t[st].word > 3 ||
		    !(isupper((unsigned char)s[t[st].off]) || (unsigned char)s[t[st].off] >= 0xC3) ||
		    !(isupper((unsigned char)s[t[k + 1].off]) || (unsigned char)s[t[k + 1].off] >= 0xC3))
			return l;
		ref_label *m = NULL;
		if (fld_relabel(l, ntok, st, k + 1, REF_PLACE, &m, a) ||
		    fld_relabel(l, ntok, k + 1, ce, REF_PUBLISHER, &m, a))
			return l;
		return m;
	}
	return l;
}

/*
 * ISO 690's journal, "… Historiography. 2006. Bd. 21, Nr. 1, S. 63–90":
 * a volume word and its number read as an edition, the issue's word and
 * number after it read as the volume, are the volume and the issue.
 */
static const ref_label *fld_fix_edition_before_issue(const char *s, const ref_token *t,
						     const ref_label *l, size_t ntok,
						     quire_arena *a)
{
	for (size_t i = 0; i < ntok; i++) {
		if (l[i] != REF_EDITION || (i && l[i - 1] == REF_EDITION))
			continue;
		size_t e = i;
		while (e < ntok && l[e] == REF_EDITION)
			e++;
		if (e >= ntok || l[e] != REF_VOLUME || !fld_tok_in(s, &t[i], fld_volume_words) ||
		    !fld_tok_in(s, &t[e], fld_issue_words))
			return l;
		int num = 0;
		for (size_t k = i + 1; k < e; k++)
			num |= fld_tok_digit(s, &t[k]);
		if (!num || t[e - 1].word - t[i].word > 1)
			return l;
		return fld_relabeled(l, ntok, i, e, REF_VOLUME, a);
	}
	return l;
}

/*
 * ISO 690's series after the imprint, "Frankfurt am Main: Suhrkamp.
 * Studien zur Wissensgeschichte der Frühen Neuzeit, 14": what follows the
 * publisher's closing stop to the end of the entry — capitalised words,
 * two at least, and perhaps the series' number — read as more of the
 * publisher, is the series.
 */
static const ref_label *fld_fix_series_after_stop(const char *s, const ref_token *t,
						  const ref_label *l, size_t ntok,
						  quire_arena *a)
{
	static const char *const abbrev[] = {"inc", "ltd", "co", "corp", "bros", "st", "dept",
		"univ", "ed", "eds", NULL};
	size_t pb = ntok;
	for (size_t i = 0; i < ntok; i++)
		if (l[i] == REF_PUBLISHER) {
			pb = i;
			break;
		}
	/* the imprint "Place: Publisher." before it */
	if (pb == ntok || pb < 2 || l[pb - 1] != REF_PLACE || !tok_is(s, &t[pb - 1], ":"))
		return l;
	size_t pe = pb;
	while (pe < ntok && l[pe] == REF_PUBLISHER)
		pe++;
	/* the run ends the entry, or a bare number labelled the pages or
	 * the date does (the series' number) */
	size_t end = pe;
	if (end < ntok && (l[end] == REF_PAGES || l[end] == REF_DATE) &&
	    fld_series_number(s, t, end, ntok) && !fld_year_word(s, &t[end]))
		end = ntok;
	if (end != ntok)
		return l;
	for (size_t k = pb + 1; k + 1 < pe; k++) {
		if (!tok_is(s, &t[k], ".") || t[k + 1].word == t[k].word ||
		    t[k - 1].word != t[k].word || t[k - 1].len < 3 ||
		    fld_tok_in(s, &t[k - 1], abbrev))
			continue;
		if (!isupper((unsigned char)s[t[k + 1].off]) && (unsigned char)s[t[k + 1].off] < 0xC3)
			return l;
		if (t[pe - 1].word == t[k + 1].word) /* two words at least */
			return l;
		/* no colon, bracket, digit (but the series' number, the last
		 * word) or month: "Office of Water. November.", "(CIII-CTO
		 * HC04)" are no series */
		size_t lw = pe - 1;
		while (lw > k + 1 && t[lw - 1].word == t[pe - 1].word)
			lw--;
		int numbered = pe == ntok && fld_series_number(s, t, lw, pe) &&
			       !fld_year_word(s, &t[lw]);
		for (size_t q = k + 1; q < pe; q++)
			if (tok_is(s, &t[q], ":") || tok_is(s, &t[q], "(") ||
			    (fld_tok_digit(s, &t[q]) && !(numbered && q >= lw)) ||
			    ref_month_name(s + t[q].off, t[q].len))
				return l;
		return fld_relabeled(l, ntok, k + 1, ntok, REF_COLLECTION, a);
	}
	return l;
}

/*
 * MLA's chapter, "edited by Reinhold Baumgärtner, De Gruyter, 2012": the
 * words after the names' last comma, read as more of the editors, are the
 * publisher when the date follows them — the names of "edited by" are
 * written given name first, and the last of several joined by "and" — and
 * so are the words after them read as a place.
 */
static const ref_label *fld_fix_editor_publisher(const char *s, const ref_token *t,
						 const ref_label *l, size_t ntok,
						 quire_arena *a)
{
	for (size_t b = 0; b + 2 < ntok; b++) {
		if (l[b] != REF_EDITOR || (b && l[b - 1] == REF_EDITOR))
			continue;
		if (!(tok_is(s, &t[b], "edited") || tok_is(s, &t[b], "ed")) ||
		    !tok_is(s, &t[b + 1 + tok_is(s, &t[b + 1], ".")], "by"))
			return l;
		size_t e = b;
		while (e < ntok && l[e] == REF_EDITOR)
			e++;
		/* the publisher read as a place after the names' comma
		 * (", edited by Paolo Guarneri, Carocci, 2015"): no colon, the
		 * date after it — Chicago's imprint has its colon, and its
		 * "Edited by" opens a sentence */
		if (e < ntok && l[e] == REF_PLACE && tok_is(s, &t[e - 1], ",") &&
		    tok_is(s, &t[b], "edited") && b > 0 && tok_is(s, &t[b - 1], ",")) {
			size_t pe = e;
			while (pe < ntok && l[pe] == REF_PLACE) {
				if (tok_is(s, &t[pe], ":") || fld_tok_digit(s, &t[pe]))
					return l;
				pe++;
			}
			if (pe >= ntok || l[pe] != REF_DATE || !tok_is(s, &t[pe - 1], ","))
				return l;
			return fld_relabeled(l, ntok, e, pe, REF_PUBLISHER, a);
		}
		if (e >= ntok || l[e] != REF_DATE || !tok_is(s, &t[e - 1], ","))
			return l;
		size_t c = e - 1; /* the last comma before the run's closing one */
		while (c > b && !tok_is(s, &t[c - 1], ","))
			c--;
		if (c <= b + 2 || c >= e - 1)
			return l;
		for (size_t k = c; k < e - 1; k++)
			if (tok_is(s, &t[k], "and") || tok_is(s, &t[k], "&") || fld_tok_digit(s, &t[k]))
				return l;
		if (!isupper((unsigned char)s[t[c].off]) && (unsigned char)s[t[c].off] < 0xC3)
			return l;
		return fld_relabeled(l, ntok, c, e, REF_PUBLISHER, a);
	}
	return l;
}

/*
 * APA's chapter, "… Imagination (pp. 249–275). Ashgate.": the publisher
 * after the bracketed pages, read into them, is the publisher — words
 * without a digit, capitalised, after the word that closes the bracket,
 * to the end of the pages run.
 */
static const ref_label *fld_fix_pages_publisher(const char *s, const ref_token *t,
						const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 1; i < ntok; i++) {
		if (l[i] != REF_PAGES || l[i - 1] != REF_PAGES || t[i].word == t[i - 1].word)
			continue;
		/* the word before ends in ")" or ")." */
		size_t pe = i - 1;
		while (pe > 0 && tok_is(s, &t[pe], "."))
			pe--;
		if (!tok_is(s, &t[pe], ")") || t[pe].word != t[i - 1].word)
			continue;
		size_t e = i;
		while (e < ntok && l[e] == REF_PAGES)
			e++;
		if (!isupper((unsigned char)s[t[i].off]))
			return l;
		for (size_t k = i; k < e; k++)
			if (fld_tok_digit(s, &t[k]) || tok_is(s, &t[k], "("))
				return l;
		return fld_relabeled(l, ntok, i, e, REF_PUBLISHER, a);
	}
	return l;
}

/* Does token t hold a digit? */
static int fld_tok_digit(const char *s, const ref_token *t)
{
	for (size_t k = 0; k < t->len; k++)
		if (isdigit((unsigned char)s[t->off + k]))
			return 1;
	return 0;
}

/* The issue's tokens from p, a word's start inside a volume run [p, e)
 * after the volume's number: a number in brackets ("(3),", "(3-4)") or an
 * issue word and its number ("no. 4,", "No. 4", "(issue 2666):"); the
 * token after them, or p when there is none. */
static size_t fld_issue_at(const char *s, const ref_token *t, size_t p, size_t e)
{
	size_t q = p;
	if (tok_is(s, &t[q], "(")) {
		q++;
		if (q < e && t[q].word == t[p].word && fld_tok_digit(s, &t[q]) &&
		    isdigit((unsigned char)s[t[q].off])) {
			while (q < e && t[q].word == t[p].word && !tok_is(s, &t[q], ")"))
				if (!fld_tok_digit(s, &t[q]) && !tok_is(s, &t[q], "-") &&
				    !tok_is(s, &t[q], "\xE2\x80\x93") && !tok_is(s, &t[q], "/"))
					return p;
				else
					q++;
			if (q == e || !tok_is(s, &t[q], ")"))
				return p;
			/* "2 (1972)": a year in brackets is the date's */
			const char *d = s + t[p + 1].off;
			if (q == p + 2 && fld_digits(d, d + t[p + 1].len, 5) == 4 &&
			    fld_number(d, 4) >= 1500 && fld_number(d, 4) <= 2099)
				return p;
			while (q < e && t[q].word == t[p].word)
				q++;
			return q;
		}
	}
	if (q >= e || !fld_tok_in(s, &t[q], fld_issue_words))
		return p;
	size_t kw = q++;
	while (q < e && t[q].word == t[kw].word && tok_is(s, &t[q], "."))
		q++;
	if (q >= e || !isdigit((unsigned char)s[t[q].off]))
		return p;
	size_t w = t[q].word;
	while (q < e && t[q].word == w)
		q++;
	return q;
}

/*
 * "Cognition, 49 (3), 291-296", "Phys. Rev. C88 no. 4, (2013)", "Vol. 8,
 * No. 4, 2000": the issue after the volume, which the labeller reads as
 * part of the volume (AnyStyle's data, which has no issue label, marks
 * both volume), is the issue (scored as the volume where a dataset has
 * no issue).  Only a word of its own after the volume's number: "49(3)"
 * stays one word, labelled by most of its digits.
 */
static const ref_label *fld_fix_volume_issue(const char *s, const ref_token *t,
					     const ref_label *l, size_t ntok, quire_arena *a)
{
	ref_label *m = NULL;
	for (size_t b = 0, e; b < ntok; b = e) {
		const ref_label *c = m ? m : l;
		e = b + 1;
		if (c[b] != REF_VOLUME)
			continue;
		while (e < ntok && c[e] == REF_VOLUME)
			e++;
		if (fld_tok_in(s, &t[b], fld_issue_words))
			continue; /* "n° 352 (2)", "No. 12 (399)": no volume before */
		int num = 0;
		for (size_t p = b; p < e; p++) {
			if (num && t[p].word != t[p - 1].word) {
				size_t q = fld_issue_at(s, t, p, e);
				if (q > p) {
					if (fld_relabel(c, ntok, p, q, REF_ISSUE, &m, a))
						return l;
					break;
				}
			}
			num |= fld_tok_digit(s, &t[p]);
		}
	}
	return m ? m : l;
}

/*
 * "In: Financial Analysts Journal Bd. 27 (1971)", "Revue historique, t.
 * 45": a volume word ending the container, its number after it, is the
 * volume's (DIN 1505's and the French styles' form, which the labeller
 * reads into the journal's name).  A one-letter word ("t", "v") only with
 * its stop; the number must be the next word, labelled volume or
 * container, and the journal's date, issue or pages must follow it.
 */
static const ref_label *fld_fix_volume_word(const char *s, const ref_token *t,
					    const ref_label *l, size_t ntok, quire_arena *a)
{
	ref_label *m = NULL;
	for (size_t i = 1, e, n; i < ntok; i = e) {
		const ref_label *c = m ? m : l;
		(void)fld_word(s, t, ntok, i, &e, &n);
		if (t[i].word == t[i - 1].word || c[i] != REF_CONTAINER || c[i - 1] != REF_CONTAINER ||
		    e >= ntok || !fld_tok_in(s, &t[i], fld_volume_words))
			continue;
		size_t stop = t[i].len + (i + 1 < e && tok_is(s, &t[i + 1], "."));
		if (stop != n || (t[i].len == 1 && n == 1))
			continue;
		size_t ne, nn;
		const char *v = fld_word(s, t, ntok, e, &ne, &nn);
		if (c[e] != REF_VOLUME && c[e] != REF_CONTAINER)
			continue;
		size_t core = nn;
		while (core && strchr(",.;:", v[core - 1]))
			core--;
		if (!core || (!isdigit((unsigned char)v[0]) && !fld_roman_span(v, core)))
			continue;
		for (size_t k = e; k < ne; k++)
			if (c[k] != c[e])
				goto next;
		/* a journal's: its date, issue or pages follow ("Vol. 3:
		 * Maladaptation", "Volume I, Milano 2007" are a book's volume,
		 * left as read); the year in brackets may have been read into
		 * the journal's name too ("Bd. 28 (2012), Nr. 2") */
		size_t ye = ne, yn;
		int year_in = 0;
		if (ne < ntok && c[ne] == REF_CONTAINER && s[t[ne].off] == '(') {
			const char *y = fld_word(s, t, ntok, ne, &ye, &yn);
			year_in = yn >= 6 && fld_digits(y + 1, y + yn, 5) == 4 && y[5] == ')';
			for (size_t k = ne; k < ye && year_in; k++)
				year_in = c[k] == REF_CONTAINER;
		}
		if (!year_in &&
		    (ne >= ntok || (c[ne] != REF_DATE && c[ne] != REF_ISSUE && c[ne] != REF_PAGES &&
				    c[ne] != REF_VOLUME)))
			continue;
		if (fld_relabel(c, ntok, i, c[e] == REF_CONTAINER ? ne : e, REF_VOLUME, &m, a) ||
		    (year_in && fld_relabel(m, ntok, ne, ye, REF_DATE, &m, a)))
			return l;
next:;
	}
	return m ? m : l;
}

/* "Milano 1989 (ed. or. The Interface between the Written and the Oral,
 * Cambridge 1987)", "Paderborn 1910 (trad. it. Padova 1938)": the
 * original edition or a translation named in brackets after the imprint
 * is a note, not a second title, place and date. */
static const ref_label *fld_fix_orig_edition(const char *s, const ref_token *t,
					     const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const opens[] = {"(ed. or.", "(ed. orig.", "(éd. orig.", "(trad. it.",
		"(trad. fr.", "(trad. ingl.", "(trad. esp.", "(Orig.", "(Originalausgabe", NULL};
	int imprint = 0;
	size_t end = ntok ? t[ntok - 1].off + t[ntok - 1].len : 0; /* s may have no NUL */
	for (size_t i = 0; i < ntok; i++) {
		if (l[i] == REF_DATE || l[i] == REF_PLACE || l[i] == REF_PUBLISHER || l[i] == REF_PAGES)
			imprint = 1;
		if (!imprint || !tok_is(s, &t[i], "(") || (i && t[i].word == t[i - 1].word))
			continue;
		size_t k = 0;
		while (opens[k] && (strlen(opens[k]) > end - t[i].off ||
				    memcmp(s + t[i].off, opens[k], strlen(opens[k])) != 0))
			k++;
		if (!opens[k])
			continue;
		size_t e = i + 1;
		while (e < ntok && !tok_is(s, &t[e], ")") && !tok_is(s, &t[e], "("))
			e++;
		if (e == ntok || !tok_is(s, &t[e], ")"))
			return l;
		while (e + 1 < ntok && t[e + 1].word == t[e].word)
			e++; /* the ")." closing it */
		for (size_t q = i; q <= e; q++)
			if (l[q] != REF_NOTE)
				return fld_relabeled(l, ntok, i, e + 1, REF_NOTE, a);
		return l;
	}
	return l;
}

/* "Journal of Asynchronous Learning Networks, 1 (1).": a number of one
 * to three digits in brackets, a word of its own right after the volume,
 * is the issue, never a date, whatever the labeller made of it. */
static const ref_label *fld_fix_issue_date(const char *s, const ref_token *t,
					   const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 1, j, n; i < ntok; i++) {
		if (l[i] != REF_DATE || s[t[i].off] != '(' || t[i].word == t[i - 1].word)
			continue;
		const char *w = fld_word(s, t, ntok, i, &j, &n);
		size_t d = 1 + (size_t)fld_digits(w + 1, w + n, 4);
		if (d < 2 || d > 4 || d >= n || w[d] != ')' ||
		    (n > d + 1 && (n > d + 2 || !strchr(".,;:", w[d + 1]))))
			continue;
		int all = 1;
		for (size_t k = i; k < j; k++)
			all &= l[k] == REF_DATE;
		/* the volume's last word right before it */
		size_t q = i;
		while (q > 0 && l[q - 1] == REF_OTHER && t[q - 1].word == t[i].word - 1)
			q--;
		if (all && q > 0 && l[q - 1] == REF_VOLUME && t[q - 1].word + 1 == t[i].word)
			return fld_relabeled(l, ntok, i, j, REF_ISSUE, a);
	}
	return l;
}

/* "Über den Prozeß der Zivilisation. 2 Bde. Basel …": a count of volumes
 * after the title's period, read as the title's last sentence, is the
 * volume label's (the fields read the count: fld_volume_count). */
static const ref_label *fld_fix_volume_count(const char *s, const ref_token *t,
					     const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 1, j, n; i < ntok; i++) {
		if (t[i].word == t[i - 1].word || l[i] != REF_TITLE ||
		    s[t[i - 1].off + t[i - 1].len - 1] != '.' || !isdigit((unsigned char)s[t[i].off]))
			continue;
		fld_word(s, t, ntok, i, &j, &n);
		if (j >= ntok || l[j] != REF_TITLE)
			continue;
		size_t e, m;
		fld_word(s, t, ntok, j, &e, &m);
		if (!fld_volume_count(s + t[i].off, t[e - 1].off + t[e - 1].len - t[i].off) ||
		    (e < ntok && l[e] == REF_TITLE))
			continue; /* the count must close the title */
		return fld_relabeled(l, ntok, i, e, REF_VOLUME, a);
	}
	return l;
}

/* "Göttingen ³1970", "Paris 1966²": a year with its edition in
 * superscript is the date, whatever the labeller made of it (fld_dates
 * reads the edition). */
static const ref_label *fld_fix_sup_year(const char *s, const ref_token *t,
					 const ref_label *l, size_t ntok, quire_arena *a)
{
	ref_label *m = NULL;
	for (size_t i = 0, j, n; i < ntok; i = j) {
		unsigned char c0 = (unsigned char)s[t[i].off];
		if ((c0 != 0xC2 && c0 != 0xE2 && c0 != '(' && c0 != '[' && !isdigit(c0)) ||
		    (i && t[i].word == t[i - 1].word)) {
			j = i + 1;
			continue;
		}
		const char *w = fld_word(s, t, ntok, i, &j, &n);
		char ed[3];
		if (!fld_sup_edition(w, n, ed) && !fld_sup_edition_after(w, n, ed))
			continue;
		int off = 0;
		for (size_t k = i; k < j; k++)
			off |= l[k] != REF_DATE;
		if (off && fld_relabel(l, ntok, i, j, REF_DATE, &m, a))
			return l;
	}
	return m ? m : l;
}

/* Does token t hold no small letter (an acronym or a code: "IIRR",
 * "HC30")? */
static int fld_caps_word(const char *s, const ref_token *t)
{
	for (size_t k = 0; k < t->len; k++)
		if (islower((unsigned char)s[t->off + k]))
			return 0;
	return 1;
}

/*
 * The given names after a family closed by a comma, up to the colon that
 * ends them (German and DIN lists: "Ranke, Leopold von:", "Benning, Clara
 * Whitlock:", "Balzac, H:"): one to three words from token i, each
 * opening with a Latin capital (A-Z, À-Þ, or Latin Extended-A) or a
 * particle, every token labelled title (or, with loose, also author or
 * other), the last closed by ":" and the title after it.  The token after
 * the colon's word, or 0; *particle says whether a particle was among
 * them, *initials whether all were initials ("H", "J.K").
 */
static size_t fld_given_to_colon(const char *s, const ref_token *t, const ref_label *l,
				 size_t ntok, size_t i, int loose, int *particle, int *initials)
{
	static const char *const particles[] = {"von", "van", "vom", "zu", "zur",
		"de", "du", "des", "della", "di", "da", "der", "den", "ten", "ter", NULL};
	*particle = 0;
	*initials = 1;
	for (size_t words = 0; i < ntok && words < 3; words++) {
		size_t e, wn;
		const char *v = fld_word(s, t, ntok, i, &e, &wn);
		int colon = wn > 1 && v[wn - 1] == ':';
		/* or, loose, a comma before the title's opening quotation
		 * mark ("Kessel, Dorothea von, « Ein Volk … »") */
		if (!colon && loose && wn > 1 && v[wn - 1] == ',' && e < ntok &&
		    (tok_is(s, &t[e], "\xC2\xAB") || tok_is(s, &t[e], "\xE2\x80\x9C") ||
		     tok_is(s, &t[e], "\xE2\x80\x9E") || tok_is(s, &t[e], "\xE2\x80\x98")))
			colon = 1;
		size_t core = wn - (size_t)colon;
		int is_particle = 0;
		for (size_t p = 0; particles[p]; p++)
			is_particle |= strlen(particles[p]) == core && !strncmp(v, particles[p], core);
		const unsigned char *u = (const unsigned char *)v;
		int cap = isupper(u[0]) || (u[0] == 0xC3 && wn > 1 && u[1] >= 0x80 && u[1] <= 0x9E) ||
			  u[0] == 0xC4 || u[0] == 0xC5;
		if (!is_particle && !cap)
			return 0;
		for (size_t k = i; k < e; k++) {
			if (l[k] != REF_TITLE && !(loose && (l[k] == REF_AUTHOR || l[k] == REF_OTHER)))
				return 0;
			/* "J.", "J.K", "P.A": capitals and stops only */
			if (!tok_is(s, &t[k], ".") && !tok_is(s, &t[k], ":") &&
			    (t[k].len > 1 || !isupper((unsigned char)s[t[k].off])))
				*initials = 0;
		}
		*particle |= is_particle;
		if (colon)
			return e < ntok && l[e] == REF_TITLE ? e : 0;
		i = e;
	}
	return 0;
}

/* "Ranke, Leopold von: Geschichten …": the given names and a particle
 * after the family, closed by a colon (the German list's form), belong
 * to the author though the labeller, not knowing "von" there, began the
 * title with them.  At most three words, capitalised or particles, one of
 * them a particle. */
static const ref_label *fld_fix_given_colon(const char *s, const ref_token *t,
					    const ref_label *l, size_t ntok, quire_arena *a)
{
	size_t j, n;
	const char *w = fld_word(s, t, ntok, 0, &j, &n);
	if (j >= ntok || n < 2 || w[n - 1] != ',')
		return l;
	for (size_t k = 0; k < j; k++)
		if (l[k] != REF_AUTHOR)
			return l;
	int particle, initials;
	size_t e = fld_given_to_colon(s, t, l, ntok, j, 1, &particle, &initials);
	if (!e || !particle)
		return l;
	return fld_relabeled(l, ntok, j, e, REF_AUTHOR, a);
}

/*
 * DIN 1505's lists, "Chambers, J.K ; Trudgill, Peter: Dialectology" and
 * "Benning, Clara Whitlock: The Poetics of Debt": the last name's given
 * names and their colon, read as the title's first words, are the
 * author's.  The author run opening the entry ends in "Family," (no
 * given name since the list's last ";"), then one to three capitalised
 * words or initials, the last closed by ":", and the title after them;
 * and either the list holds a ";", or the name is the only one, its
 * family one word (a capitalised particle aside: "De Santis,"; not an
 * acronym), and the words are initials or the entry has DIN's " : "
 * before its publisher.
 */
static const ref_label *fld_fix_list_given(const char *s, const ref_token *t,
					   const ref_label *l, size_t ntok, quire_arena *a)
{
	size_t ae = 0;
	int semi = 0;
	while (ae < ntok && l[ae] == REF_AUTHOR)
		semi |= tok_is(s, &t[ae++], ";");
	if (!ae || ae >= ntok || l[ae] != REF_TITLE || !tok_is(s, &t[ae - 1], ",") ||
	    t[ae].word == t[ae - 1].word)
		return l;
	size_t seg = ae - 1; /* the last name's first token */
	while (seg > 0 && !tok_is(s, &t[seg - 1], ";"))
		seg--;
	size_t fam_words = 0;
	for (size_t k = seg; k < ae - 1; k++) {
		if (tok_is(s, &t[k], ","))
			return l; /* the last name has its given name already */
		if (k == seg || t[k].word != t[k - 1].word) {
			size_t e, n;
			const char *w = fld_word(s, t, ntok, k, &e, &n);
			fam_words += !ref_cap_particle(w, n);
		}
	}
	/* a family in capitals is an organisation's acronym ("ILO,") */
	if (fam_words == 1 && !semi && fld_caps_word(s, &t[seg]))
		return l;
	int particle, initials;
	size_t e = fld_given_to_colon(s, t, l, ntok, ae, 0, &particle, &initials);
	/* one name: its family of one word, and initials or the style's " : "
	 * before the publisher to tell a given name from a title ("Bojko,
	 * Bednarek Holodomor:") */
	int din = fld_entry_has(s, t, ntok, " : ") || fld_entry_has(s, t, ntok, "In: ");
	if (!e || !(semi || (fam_words == 1 && (initials || din)) ||
		    /* a family of two words ("Alcántara Ruiz, Diego:") in an
		     * entry with DIN's marks */
		    (fam_words == 2 && din && !initials)))
		return l;
	return fld_relabeled(l, ntok, ae, e, REF_AUTHOR, a);
}

/* A series' number at the end of its title — "Hansische Studien, Bd.
 * 4", "Studi e testi 112", "Que sais-je ? ; 345" — into
 * collection_number; a bracket left open by the series' "(=" goes. */
static void fld_collection_number(ref_citation *c, quire_arena *a)
{
	static const char *const words[] = {"bd", "band", "vol", "volume", "no", "nr",
		"n°", "nº", "t", "tome", "h", "heft", "fasc", "n", "num", NULL};
	const char *s = c->collection_title;
	size_t n = strlen(s), n0 = n;
	/* the bracket the series' "(=" opened, and the entry's period after
	 * it; or brackets around the whole: "(Studi e testi 112)." */
	if (n >= 2 && s[n - 1] == '.' && s[n - 2] == ')')
		n--;
	if (n && s[n - 1] == ')' && rtx_count(s, n, '(') < rtx_count(s, n, ')')) {
		n--;
	} else if (n > 2 && s[0] == '(' && s[n - 1] == ')' && rtx_count(s, n, '(') == 1 &&
		   rtx_count(s, n, ')') == 1) {
		s++;
		n -= 2;
		n0 = SIZE_MAX; /* the title changes */
	} else {
		n = n0;
	}
	size_t e = n, b = n;
	while (e && (s[e - 1] == '.' || s[e - 1] == ' '))
		e--, b--;
	while (b > 0 && (isdigit((unsigned char)s[b - 1]) || s[b - 1] == '/' || s[b - 1] == '-'))
		b--;
	/* a roman number after a comma: "Stari tekstovi, VII" */
	int roman = 0;
	if (b == e) {
		while (b > 0 && strchr("IVXLC", s[b - 1]))
			b--;
		roman = b < e && b >= 2 && s[b - 1] == ' ' && s[b - 2] == ',';
		if (!roman)
			b = e;
	}
	if (b == e || e - b > 9 || (!roman && !isdigit((unsigned char)s[b])) || b == 0 ||
	    s[b - 1] != ' ')
		goto trimmed;
	size_t k = b - 1; /* the space before the number */
	size_t wb = k; /* a numbering word before it: "Bd.", "vol." */
	while (wb > 0 && s[wb - 1] != ' ' && s[wb - 1] != ',' && s[wb - 1] != ';')
		wb--;
	const char *w = s + wb;
	size_t wn = k - wb;
	while (wn && w[wn - 1] == '.')
		wn--;
	int worded = 0;
	for (size_t i = 0; words[i] && !worded; i++)
		worded = strlen(words[i]) == wn && strncasecmp(w, words[i], wn) == 0;
	size_t cut = worded ? wb : k;
	while (cut > 0 && (s[cut - 1] == ' ' || s[cut - 1] == ',' || s[cut - 1] == ';'))
		cut--;
	if (!cut)
		goto trimmed;
	c->collection_number = rtx_dup(a, s + b, e - b);
	n = cut;
trimmed:
	if (n != n0)
		c->collection_title = rtx_dup(a, s, n);
}

/* The German series after the imprint, "(= Hansische Studien, Bd. 4)":
 * what the bracket holds is the collection title (its number the fields
 * take apart), the "(=" itself other. */
static const ref_label *fld_fix_series_eq(const char *s, const ref_token *t,
					  const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 0, j, n; i < ntok; i = j) {
		if (s[t[i].off] != '(' || (i && t[i].word == t[i - 1].word)) {
			j = i + 1;
			continue;
		}
		const char *w = fld_word(s, t, ntok, i, &j, &n);
		if (n != 2 || w[0] != '(' || w[1] != '=' || j >= ntok ||
		    !tok_series_at(s, t, ntok, j))
			continue; /* "(= 8912)", "(= ASP)": an alias, no series */
		/* to the word holding the closing bracket */
		size_t close = 0;
		for (size_t k = j; k < ntok && !close; k++) {
			if (tok_is(s, &t[k], "("))
				return l; /* a bracket inside: not this form */
			if (tok_is(s, &t[k], ")"))
				close = k + 1;
		}
		if (!close)
			return l;
		size_t e = close;
		while (e < ntok && t[e].word == t[e - 1].word)
			e++;
		ref_label *m = NULL;
		if (fld_relabel(l, ntok, i, j, REF_OTHER, &m, a) ||
		    fld_relabel(l, ntok, j, e, REF_COLLECTION, &m, a))
			return l;
		return m;
	}
	return l;
}

/*
 * Harvard's and Vancouver's series, in brackets after the imprint:
 * "Frankfurt am Main: Suhrkamp (Studien zur Wissensgeschichte der Frühen
 * Neuzeit, 14).", "Torino: Einaudi; 2007. (Saggi di storia urbana).".  A
 * bracket that ends the entry, opens right after the publisher or the
 * imprint's date (a publisher before it), holds no year, URL or name
 * role, and opens with a capitalised word that is no note's ("Reprint",
 * "In", "German", "PhD") is the series, brackets and all.
 */
static const ref_label *fld_fix_series_after(const char *s, const ref_token *t,
					     const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const notes[] = {"reprint", "repr", "reprinted", "orig",
		"original", "originally", "first", "published", "trans", "transl",
		"translated", "ed", "eds", "hrsg", "hg", "in", "im", "dt", "trad",
		"new", "rev", "revised", "abstract", "accessed", "retrieved",
		"available", "online", "doctoral", "phd", "ph", "master", "masters",
		"unpublished", "dissertation", "thesis", "diss", "english", "french",
		"german", "italian", "spanish", "russian", "japanese", "chinese",
		"portuguese", "dutch", "latin", "greek", "see", "cf", "forthcoming",
		"press", "no", "nr", "vol", "pp", "eng", "date", NULL};
	size_t e = ntok;
	while (e > 0 && tok_is(s, &t[e - 1], "."))
		e--;
	if (e < 4 || !tok_is(s, &t[e - 1], ")"))
		return l;
	size_t o = e - 1; /* the opening bracket's token */
	while (o > 0 && !tok_is(s, &t[o], "(")) {
		o--;
		if (tok_is(s, &t[o], ")"))
			return l;
	}
	if (!tok_is(s, &t[o], "(") || o == 0 || t[o].word == t[o - 1].word ||
	    (l[o - 1] != REF_PUBLISHER && l[o - 1] != REF_DATE) || o + 1 >= e - 1)
		return l;
	int publisher = 0;
	for (size_t k = 0; k < o; k++)
		publisher |= l[k] == REF_PUBLISHER;
	/* a word in capitals and small letters opens it ("(HC30)", "(IIRR)"
	 * are report numbers and acronyms), and two words at least */
	const unsigned char *w = (const unsigned char *)s + t[o + 1].off;
	if (!publisher || !(isupper(w[0]) || w[0] >= 0xC3) || fld_tok_in(s, &t[o + 1], notes) ||
	    fld_caps_word(s, &t[o + 1]) || t[e - 2].word == t[o + 1].word)
		return l;
	for (size_t k = o + 1; k < e - 1; k++) {
		if (t[k].len == 2 && isupper((unsigned char)s[t[k].off]) &&
		    isupper((unsigned char)s[t[k].off + 1]))
			return l; /* "(Long Beach, CA)": a place */
		if (l[k] == REF_URL || l[k] == REF_DOI || l[k] == REF_EDITOR ||
		    l[k] == REF_TRANSLATOR || l[k] == REF_ACCESSED || l[k] == REF_GENRE ||
		    tok_is(s, &t[k], "(") || tok_is(s, &t[k], ":"))
			return l;
		if (t[k].len == 4 && fld_digits(s + t[k].off, s + t[k].off + 4, 4) == 4)
			return l; /* a year: "(Original work published 1950)" */
	}
	size_t end = e;
	while (end < ntok && t[end].word == t[e - 1].word)
		end++;
	return fld_relabeled(l, ntok, o, end, REF_COLLECTION, a);
}

/* Is token t a year of four digits (1400-2099)? */
static int fld_year_word(const char *s, const ref_token *t)
{
	if (t->len != 4 || fld_digits(s + t->off, s + t->off + 4, 4) != 4)
		return 0;
	int y = fld_number(s + t->off, 4);
	return y >= 1400 && y <= 2099;
}

/* Is [b, e) one white-space word that is a bare number of one to four
 * digits and a stop or comma at most ("14.", "31")? */
static int fld_series_number(const char *s, const ref_token *t, size_t b, size_t e)
{
	if (b >= e || t[e - 1].word != t[b].word)
		return 0;
	const char *p = s + t[b].off, *end = s + t[e - 1].off + t[e - 1].len;
	int k = fld_digits(p, end, 5);
	if (k < 1 || k > 4 || *p == '0')
		return 0;
	p += k;
	return p == end || (p + 1 == end && (*p == '.' || *p == ','));
}

/* MHRA's "Title, Series, 31 (Torino: Einaudi, 2007)": commas around
 * the series, the imprint's bracket after the number — the series from
 * the comma before it, two to eight words, capitalised, with no digit or
 * colon — in the run [tb, te) (the title, or the work read as a
 * container); NULL when not so. */
static const ref_label *fld_mhra_series(const char *s, const ref_token *t, const ref_label *l,
					size_t ntok, size_t tb, size_t te, quire_arena *a)
{
	if (te >= ntok || te < tb + 5 || !tok_is(s, &t[te], "(") ||
	    (l[te] != REF_PLACE && l[te] != REF_PUBLISHER))
		return NULL;
	size_t nb = te - 1;
	while (nb > tb && t[nb - 1].word == t[te - 1].word)
		nb--;
	if (nb < tb + 4 || !fld_series_number(s, t, nb, te) || fld_year_word(s, &t[nb]) ||
	    !tok_is(s, &t[nb - 1], ","))
		return NULL;
	size_t k = nb - 1;
	while (k > tb + 1 && !tok_is(s, &t[k - 1], ","))
		k--;
	size_t words = 0;
	for (size_t q = k; q < nb - 1; q++) {
		if (fld_tok_digit(s, &t[q]) || tok_is(s, &t[q], ":"))
			return NULL;
		words += q == k || t[q].word != t[q - 1].word;
	}
	unsigned char c = (unsigned char)s[t[k].off];
	if (k <= tb + 1 || words < 2 || words > 8 || !(isupper(c) || c >= 0xC3))
		return NULL;
	return fld_relabeled(l, ntok, k, te, REF_COLLECTION, a);
}

/*
 * Chicago's series before the imprint, "Title. Saggi di storia urbana 31.
 * Torino: Einaudi, 2007.": a container run with a number as its volume,
 * the imprint right after (place or publisher) and no pages or "In" in
 * the entry, is the series and its number; when the labeller ran the
 * series into the title ("… Norden, 1650–1720. Studien zur
 * Wissensgeschichte der Frühen Neuzeit 14. Frankfurt am Main: Suhrkamp"),
 * the words after the title's last stop, ending in such a number, are.
 */
static const ref_label *fld_fix_series_numbered(const char *s, const ref_token *t,
						const ref_label *l, size_t ntok, quire_arena *a)
{
	size_t cb = ntok, tb = ntok, te = ntok; /* container run, title run */
	for (size_t i = 0; i < ntok; i++) {
		/* pages, or editors after the title: a chapter's */
		if (l[i] == REF_PAGES || (l[i] == REF_EDITOR && tb < ntok))
			return l;
		if (l[i] == REF_CONTAINER && cb == ntok)
			cb = i;
		if (l[i] == REF_TITLE && tb == ntok) {
			tb = i;
			for (te = i; te < ntok && l[te] == REF_TITLE; te++)
				;
		}
	}
	if (tb == ntok) {
		/* a work cited whole, read as a container */
		size_t ce = cb;
		while (ce < ntok && l[ce] == REF_CONTAINER)
			ce++;
		const ref_label *mh = cb < ntok && !tok_is(s, &t[cb], "in") && !tok_is(s, &t[cb], "In")
					      ? fld_mhra_series(s, t, l, ntok, cb, ce, a)
					      : NULL;
		return mh ? mh : l;
	}
	if (cb < ntok) {
		/* the container right after the title: "Title. Series 31."
		 * (MHRA's "Title, Series, 31 (Paris: …)" with a comma) */
		int comma = tok_is(s, &t[te - 1], ",");
		if (cb != te || !(tok_is(s, &t[te - 1], ".") || comma) || tok_is(s, &t[cb], "in") ||
		    tok_is(s, &t[cb], "dans") || tok_is(s, &t[cb], "im"))
			return l;
		size_t ce = cb, ve;
		while (ce < ntok && l[ce] == REF_CONTAINER)
			ce++;
		for (ve = ce; ve < ntok && l[ve] == REF_VOLUME; ve++)
			;
		size_t nb = ce; /* the number: the volume, or the container's last word */
		if (ve == ce)
			while (nb > cb && t[nb - 1].word == t[ce - 1].word)
				nb--;
		if (nb == cb || !fld_series_number(s, t, nb, ve) || ve >= ntok ||
		    (l[ve] != REF_PLACE && l[ve] != REF_PUBLISHER) ||
		    (ve == ce && fld_year_word(s, &t[nb])) || (comma && !tok_is(s, &t[ve], "(")))
			return l;
		return fld_relabeled(l, ntok, cb, ve, REF_COLLECTION, a);
	}
	/* run into the title: the title's last word a number, the imprint
	 * after it */
	if (te >= ntok || (l[te] != REF_PLACE && l[te] != REF_PUBLISHER))
		return l;
	size_t nb = te - 1;
	while (nb > tb && t[nb - 1].word == t[te - 1].word)
		nb--;
	/* not a year ("seit 1970.", "1574 – 1788,") */
	if (!fld_series_number(s, t, nb, te) || nb == tb || fld_year_word(s, &t[nb]))
		return l;
	const ref_label *mh = fld_mhra_series(s, t, l, ntok, tb, te, a);
	if (mh)
		return mh;
	if (!(isalpha((unsigned char)s[t[te].off]) || (unsigned char)s[t[te].off] >= 0xC3))
		return l;
	/* the word before the number is the series' own: no abbreviation
	 * ("ch. 5"), no numbering word ("Report Number 4028") */
	if (tok_is(s, &t[nb - 1], ".") || fld_tok_in(s, &t[nb - 1], fld_issue_words) ||
	    fld_tok_in(s, &t[nb - 1], fld_volume_words))
		return l;
	/* the last stop before the number that ends a word of three letters
	 * or more, a capitalised word after it: the series' first word */
	size_t sb = 0;
	for (size_t k = nb; k > tb + 1 && !sb; k--) {
		if (!tok_is(s, &t[k - 1], ".") || t[k - 1].word == t[k].word ||
		    t[k - 2].word != t[k - 1].word || t[k - 2].len < 3)
			continue;
		if (!isupper((unsigned char)s[t[k].off]) && (unsigned char)s[t[k].off] < 0xC3)
			return l;
		sb = k;
	}
	if (!sb || t[nb - 1].word == t[sb].word) /* two words at least */
		return l;
	for (size_t k = sb; k < nb; k++)
		if (fld_tok_digit(s, &t[k]) || tok_is(s, &t[k], ":"))
			return l; /* "Deliverable 3a: Thematic …", "PCN 320 008457" */
	return fld_relabeled(l, ntok, sb, te, REF_COLLECTION, a);
}

/*
 * Chicago's report in a series, "“Preserving Parish Records.” Archives
 * Policy Papers. London: Council for Local Archives, 2011.": a container
 * right after a quoted title, the imprint ("Place:") right after it, and
 * no volume, issue, pages or meeting in the entry (a journal has its
 * volume, a chapter its "In", proceedings their meeting's name), is the
 * series.
 */
static const ref_label *fld_fix_series_quoted(const char *s, const ref_token *t,
					      const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const meeting[] = {"proceedings", "proc", "conference", "symposium",
		"workshop", "congress", "congrès", "colloque", "actes", "atti", "tagung",
		"meeting", NULL};
	size_t cb = ntok, ce = ntok;
	for (size_t i = 0; i < ntok; i++) {
		if (l[i] == REF_VOLUME || l[i] == REF_ISSUE || l[i] == REF_PAGES)
			return l;
		if (l[i] == REF_CONTAINER) {
			if (cb != ntok && i != ce)
				return l; /* two container runs */
			if (cb == ntok)
				cb = i;
			ce = i + 1;
			if (fld_tok_in(s, &t[i], meeting))
				return l;
		}
	}
	if (cb == ntok || cb == 0 || ce >= ntok || l[cb - 1] != REF_TITLE || l[ce] != REF_PLACE ||
	    !(tok_is(s, &t[cb - 1], "\xE2\x80\x9D") || tok_is(s, &t[cb - 1], "\xE2\x80\x99")) ||
	    tok_is(s, &t[cb], "in") || tok_is(s, &t[cb], "In") ||
	    !(isupper((unsigned char)s[t[cb].off]) || (unsigned char)s[t[cb].off] >= 0xC3))
		return l; /* "presented at the …" is no series */
	size_t pe = ce;
	while (pe < ntok && l[pe] == REF_PLACE)
		pe++;
	if (!tok_is(s, &t[pe - 1], ":"))
		return l;
	return fld_relabeled(l, ntok, cb, ce, REF_COLLECTION, a);
}

/* ISO 690's medium after the work that is online: "Title. Site [online].
 * 2019. [Zugriff am: …]. Verfügbar unter: https://…" — "[online]"
 * ("[en ligne]", "[en línea]") stands after the container when there is
 * one, and the labeller read the site into the title.  The title's last
 * sentence before the medium (after a stop, "?" or "!" and a capital)
 * is the container, when the entry has none. */
static const ref_label *fld_fix_online_container(const char *s, const ref_token *t,
						 const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const medium[] = {"online", "Online", "ligne", "línea",
		"on-line", "On-line", NULL};
	size_t g = 0;
	for (size_t i = 0; i < ntok && !g; i++) {
		if (l[i] == REF_CONTAINER)
			return l;
		if (i > 0 && l[i] != REF_TITLE && l[i - 1] == REF_TITLE && tok_is(s, &t[i], "[") &&
		    i + 2 < ntok && fld_tok_in(s, &t[i + 1 + (tok_is(s, &t[i + 1], "en") ||
							     tok_is(s, &t[i + 1], "En"))], medium))
			g = i;
	}
	if (!g)
		return l;
	for (size_t i = g; i < ntok; i++)
		if (l[i] == REF_CONTAINER)
			return l;
	size_t tb = g;
	while (tb > 0 && l[tb - 1] == REF_TITLE)
		tb--;
	/* the last stop inside the title with a capitalised word after it;
	 * not an initial's ("J. Smith") nor the title's first word's */
	for (size_t k = g - 1; k > tb + 1; k--) {
		size_t stop = k - 1;
		if (!(tok_is(s, &t[stop], ".") || tok_is(s, &t[stop], "?") ||
		      tok_is(s, &t[stop], "!")))
			continue;
		if (stop == 0 || t[stop - 1].len < 2 || t[stop - 1].off + t[stop - 1].len != t[stop].off)
			return l;
		unsigned char c = (unsigned char)s[t[k].off];
		if (!(isupper(c) || c >= 0xC3 || isdigit(c)))
			return l;
		return fld_relabeled(l, ntok, k, g, REF_CONTAINER, a);
	}
	return l;
}

/* The editors' names after "En:" / "In:" that the labeller began in the
 * title, their run starting only after "y" or "and" ("En: F.-X. DELORME
 * y I. CARRÈRE (eds.)", "En: G. de SAINT-AULAIRE y P. VALLON (eds.)"):
 * back from the editor run over names — initials, words with no small
 * letter, particles, commas — and at least one "and" word, to the "En:"
 * or "In:" that opens them; all of it editor. */
static const ref_label *fld_fix_editor_back(const char *s, const ref_token *t,
					    const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const conj[] = {"y", "and", "und", "et", "e", "&", NULL};
	static const char *const part[] = {"de", "del", "della", "di", "da", "du", "van",
		"von", "der", "den", "la", "le", "des", NULL};
	size_t e0 = 0;
	while (e0 < ntok && l[e0] != REF_EDITOR)
		e0++;
	if (e0 < 3 || e0 >= ntok || l[e0 - 1] != REF_TITLE)
		return l;
	int conj_seen = 0;
	for (size_t i = e0; i-- > 1;) {
		if (l[i] != REF_TITLE)
			return l;
		const ref_token *k = &t[i];
		if (tok_is(s, k, ":") && (tok_is(s, &t[i - 1], "En") || tok_is(s, &t[i - 1], "In")) &&
		    t[i - 1].word == k->word) {
			if (!conj_seen || i + 1 == e0)
				return l;
			return fld_relabeled(l, ntok, i - 1, e0, REF_EDITOR, a);
		}
		if (fld_tok_in(s, k, conj)) {
			conj_seen = 1;
			continue;
		}
		unsigned char c = (unsigned char)s[k->off];
		int name = tok_is(s, k, ".") || tok_is(s, k, ",") || tok_is(s, k, "-") ||
			   fld_tok_in(s, k, part) ||
			   ((isupper(c) || c >= 0xC3) && fld_caps_word(s, k));
		if (!name)
			return l;
	}
	return l;
}

/* A year span closing a container's name, read as pages before the
 * imprint ("Books of Hours and Their Readers, 1350–1550. Woodbridge:
 * Boydell Press, pp. 45-72"): when the entry's pages come later, the
 * span is the container's. */
static const ref_label *fld_fix_container_span(const char *s, const ref_token *t,
					       const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 2; i < ntok; i++) {
		if (l[i] != REF_PAGES || l[i - 1] != REF_CONTAINER || !tok_is(s, &t[i - 1], ","))
			continue;
		size_t e, wn;
		const char *w = fld_word(s, t, ntok, i, &e, &wn);
		if (!fld_year_span_from(w, wn, 1000) || (e < ntok && l[e] == REF_PAGES))
			return l;
		for (size_t k = e; k < ntok; k++)
			if (l[k] == REF_PAGES)
				return fld_relabeled(l, ntok, i, e, REF_CONTAINER, a);
		return l;
	}
	return l;
}

/* Is token i an initial, a capital letter with its period ("J." of
 * "J.-B.", "C.")? */
static int fld_tok_initial(const char *s, const ref_token *t, size_t ntok, size_t i)
{
	unsigned char c = (unsigned char)s[t[i].off];
	return i + 1 < ntok && (isupper(c) || (c >= 0xC3 && t[i].len == 2)) && t[i].len <= 2 &&
	       tok_is(s, &t[i + 1], ".") && t[i + 1].word == t[i].word;
}

/* Are tokens [b, e) a name written given names first, initials then
 * words ("J. Ormsby", "J.-B. Roussillon", "C. van der Linde")? */
static int fld_direct_name(const char *s, const ref_token *t, size_t ntok, size_t b, size_t e)
{
	size_t w = b;
	while (w < e) {
		if (fld_tok_initial(s, t, ntok, w))
			w += 2;
		else if (w > b && w + 1 < e && tok_is(s, &t[w], "-") && fld_tok_initial(s, t, ntok, w + 1))
			w++;
		else
			break;
	}
	if (w == b || w >= e)
		return 0;
	for (; w < e; w++) {
		unsigned char c = (unsigned char)s[t[w].off];
		if (fld_tok_initial(s, t, ntok, w) || !(isalpha(c) || c >= 0xC3 || tok_is(s, &t[w], "-")))
			return 0;
	}
	return 1;
}

/* IEEE's role word after the names: "R. Fairbairn and M. Corrigan, Eds.,
 * Reading Empires." (a book edited: the names opening the entry, read as
 * authors, are its editors) and "in Rethinking the Early Middle Ages, J.
 * Ormsby and C. van der Linde, Eds. Turnhout: Brepols" (a chapter: the
 * names from the comma before their first initial to the role are the
 * book's editors, the words before them its title). */
static const ref_label *fld_fix_ieee_eds(const char *s, const ref_token *t,
					 const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const eds[] = {"Ed", "Eds", "ed", "eds", NULL};
	for (size_t r = 2; r + 1 < ntok; r++) {
		if (!fld_tok_in(s, &t[r], eds) || !tok_is(s, &t[r + 1], ".") ||
		    t[r + 1].word != t[r].word || !tok_is(s, &t[r - 1], ",") ||
		    t[r - 1].word == t[r].word)
			continue;
		size_t e = r + 2; /* the role's word, with its comma */
		while (e < ntok && t[e].word == t[r].word)
			e++;
		/* the book's editors opening the entry */
		size_t b = fld_first_field(l, ntok);
		int authors = b < r;
		for (size_t k = b; k < e && authors; k++)
			authors = l[k] == REF_AUTHOR;
		if (authors && fld_tok_initial(s, t, ntok, b))
			return fld_relabeled(l, ntok, b, e, REF_EDITOR, a);
		/* the chapter's: back over the names written given names first
		 * ("J. Ormsby", "C. van der Linde", "J.-B. Roussillon"), parted
		 * by "," and "and", to the comma that ends the book's title; not
		 * inverted names ("Short, N.M., eds."), and the role not
		 * followed by the book's title */
		if (e < ntok && l[e] == REF_CONTAINER)
			return l;
		size_t q = 0, pos = r - 1;
		for (;;) {
			/* the name's start: after a ",", an "and", a bracket or a
			 * sentence's stop (not an initial's period) */
			size_t c = pos;
			while (c > 0 && !tok_is(s, &t[c - 1], ",") && !tok_is(s, &t[c - 1], "and") &&
			       !tok_is(s, &t[c - 1], "(") &&
			       !(c > 1 && tok_is(s, &t[c - 1], ".") && t[c - 2].len > 1))
				c--;
			if (c == 0 || !fld_direct_name(s, t, ntok, c, pos))
				break;
			q = c;
			pos = c - 1; /* the "," or "and" before the name */
			if (!tok_is(s, &t[pos], ",") && !tok_is(s, &t[pos], "and"))
				break;
			if (tok_is(s, &t[pos], "and") && pos > 0 && tok_is(s, &t[pos - 1], ","))
				pos--;
			if (pos == 0)
				break;
		}
		if (q < 2 || r - q > 24 || !tok_is(s, &t[q - 1], ","))
			return l;
		ref_label before = l[q - 2];
		if (before != REF_CONTAINER && before != REF_EDITOR)
			return l;
		size_t cb = q - 1;
		while (cb > 0 && (l[cb - 1] == REF_CONTAINER || l[cb - 1] == REF_EDITOR))
			cb--;
		int in = tok_is(s, &t[cb], "in") || tok_is(s, &t[cb], "In") ||
			 (cb > 0 && (tok_is(s, &t[cb - 1], "in") || tok_is(s, &t[cb - 1], "In")));
		if (!in)
			return l;
		ref_label *m = NULL;
		if (fld_relabel(l, ntok, q, e, REF_EDITOR, &m, a))
			return l;
		for (size_t k = cb; k < q - 1; k++)
			if (m[k] == REF_EDITOR)
				m[k] = REF_CONTAINER;
		return m;
	}
	return l;
}

/* IEEE's date, "Mar. 15, 2021": the day between the month and the year,
 * read as a volume, is the date's. */
static const ref_label *fld_fix_month_day(const char *s, const ref_token *t,
					  const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 1; i + 2 < ntok; i++) {
		if (l[i] != REF_VOLUME || l[i - 1] != REF_DATE || !fld_tok_digit(s, &t[i]) ||
		    t[i].len > 2 || !tok_is(s, &t[i + 1], ",") || l[i + 2] != REF_DATE)
			continue;
		int day = 0; /* two digits at most */
		for (size_t k = 0; k < t[i].len; k++)
			day = isdigit((unsigned char)s[t[i].off + k]) ? day * 10 + (s[t[i].off + k] - '0')
								    : 99;
		size_t mb = i - 1;
		while (mb > 0 && l[mb - 1] == REF_DATE)
			mb--;
		if (day < 1 || day > 31 || !ref_month_name(s + t[mb].off, t[mb].len))
			continue;
		return fld_relabeled(l, ntok, i, i + 2, REF_DATE, a);
	}
	return l;
}

/* Chicago author-date's report, "“Preserving Parish Records.” 17.
 * Archives Policy Papers. London: Council …": after the quoted title's
 * closing mark, a number alone (digits, or with "/" or "-": "2021/04",
 * "2019-3") and its period, then one sentence of words without digits
 * before the place and its colon — the report's number and its series,
 * whatever the labeller made of them. */
static const ref_label *fld_fix_quoted_number(const char *s, const ref_token *t,
					      const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t q = 1; q + 4 < ntok; q++) {
		if (l[q] != REF_TITLE || !(tok_is(s, &t[q], "\xE2\x80\x9D") || tok_is(s, &t[q], "\"")) ||
		    l[q - 1] != REF_TITLE)
			continue;
		size_t nb = q + 1, ne = nb; /* the number's tokens */
		while (ne < ntok && t[ne].word == t[nb].word && !tok_is(s, &t[ne], "."))
			ne++;
		if (ne >= ntok || ne == nb || ne - nb > 3 || !tok_is(s, &t[ne], ".") ||
		    t[ne].word != t[nb].word || !fld_tok_digit(s, &t[nb]))
			return l;
		for (size_t k = nb; k < ne; k++)
			if (!fld_tok_digit(s, &t[k]) && !tok_is(s, &t[k], "/") && !tok_is(s, &t[k], "-"))
				return l;
		size_t sb = ne + 1, se = sb; /* the series: to its stop */
		while (se < ntok && !(tok_is(s, &t[se], ".") && t[se - 1].len > 1)) {
			if (fld_tok_digit(s, &t[se]) || tok_is(s, &t[se], ":"))
				return l;
			se++;
		}
		unsigned char c = sb < ntok ? (unsigned char)s[t[sb].off] : 0;
		if (se + 1 >= ntok || se == sb || !(isupper(c) || c >= 0xC3) || l[se + 1] != REF_PLACE)
			return l;
		size_t pe = se + 1;
		while (pe < ntok && l[pe] == REF_PLACE && !tok_is(s, &t[pe], ":"))
			pe++;
		if (pe >= ntok || !tok_is(s, &t[pe], ":"))
			return l;
		ref_label *m = NULL;
		if (fld_relabel(l, ntok, nb, ne + 1, REF_ISSUE, &m, a) ||
		    fld_relabel(l, ntok, sb, se + 1, REF_COLLECTION, &m, a))
			return l;
		return m;
	}
	return l;
}

/* Chicago's web page, "“How to Read a Charter.” Manuscript Matters. Last
 * modified February 9, 2018. Accessed January 20, 2024. https://…":
 * the sentence between the quoted title and "Last modified" is the site
 * (the container), the date after the words the page's date. */
static const ref_label *fld_fix_last_modified(const char *s, const ref_token *t,
					      const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const last[] = {"Last", "last", NULL};
	static const char *const mod[] = {"modified", "updated", NULL};
	for (size_t i = 3; i + 3 < ntok; i++) {
		if (!fld_tok_in(s, &t[i], last) || !fld_tok_in(s, &t[i + 1], mod) ||
		    t[i + 1].word == t[i].word || !tok_is(s, &t[i - 1], "."))
			continue;
		/* the date: to the stop after its year */
		size_t de = i + 2;
		while (de < ntok && de < i + 8 && !(tok_is(s, &t[de], ".") && fld_tok_digit(s, &t[de - 1])))
			de++;
		if (de >= ntok || de == i + 8 || !tok_is(s, &t[de], "."))
			return l;
		/* the site: back to the quoted title's closing mark */
		size_t sb = i - 1;
		while (sb > 0 && !tok_is(s, &t[sb - 1], "\xE2\x80\x9D") && !tok_is(s, &t[sb - 1], "\"") &&
		       i - sb < 24)
			sb--;
		unsigned char c = (unsigned char)s[t[sb].off];
		if (sb == 0 || sb + 1 >= i || l[sb - 1] != REF_TITLE || !(isupper(c) || c >= 0xC3))
			return l;
		ref_label *m = NULL;
		if (fld_relabel(l, ntok, sb, i, REF_CONTAINER, &m, a) ||
		    fld_relabel(l, ntok, i, i + 2, REF_OTHER, &m, a) ||
		    fld_relabel(l, ntok, i + 2, de + 1, REF_DATE, &m, a))
			return l;
		return m;
	}
	return l;
}

/* An opening mark glued to the word after it ("¿Una corte …", "¡Viva
 * …") goes with that word: Vancouver's "Alcántara Ruiz D. ¿Una corte
 * sin rey?" had the "¿" read as the authors' last. */
static const ref_label *fld_fix_opening_mark(const char *s, const ref_token *t,
					     const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 0; i + 1 < ntok; i++) {
		if (l[i] == l[i + 1] || t[i + 1].word != t[i].word ||
		    !(tok_is(s, &t[i], "\xC2\xBF") || tok_is(s, &t[i], "\xC2\xA1")))
			continue;
		if (i > 0 && t[i - 1].word == t[i].word)
			continue; /* inside a word */
		return fld_relabeled(l, ntok, i, i + 1, l[i + 1], a);
	}
	return l;
}

/* Harvard's web page, "Digitale Edition der Ratsprotokolle, Lüneburger
 * Ratsprotokolle online. Available at: https://…": with no container,
 * the title's last part after a comma — two words or more, capitalised,
 * no digit — before the stop and "Available at:" is the site. */
static const ref_label *fld_fix_available_site(const char *s, const ref_token *t,
					       const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const avail[] = {"Available", "available", NULL};
	size_t te = 0;
	for (size_t i = 0; i < ntok; i++) {
		if (l[i] == REF_CONTAINER)
			return l;
		if (l[i] == REF_TITLE)
			te = i + 1;
	}
	if (!te || te + 2 >= ntok || !tok_is(s, &t[te - 1], ".") || !fld_tok_in(s, &t[te], avail) ||
	    !(tok_is(s, &t[te + 1], "at") || tok_is(s, &t[te + 1], "from")))
		return l;
	size_t tb = te - 1;
	while (tb > 0 && l[tb - 1] == REF_TITLE)
		tb--;
	size_t c = te - 1;
	while (c > tb && !tok_is(s, &t[c - 1], ","))
		c--;
	if (c <= tb + 1 || c >= te - 1)
		return l;
	size_t words = 0;
	for (size_t k = c; k < te - 1; k++) {
		if (fld_tok_digit(s, &t[k]) || tok_is(s, &t[k], ":"))
			return l;
		words += k == c || t[k].word != t[k - 1].word;
	}
	unsigned char ch = (unsigned char)s[t[c].off];
	if (words < 2 || words > 8 || !(isupper(ch) || ch >= 0xC3))
		return l;
	return fld_relabeled(l, ntok, c, te, REF_CONTAINER, a);
}

/* Deutsche Sprache's web page and newspaper, "… Lüneburg. In: Lüneburger
 * Ratsprotokolle online. Online unter: https://…", "… Salamanca. In:
 * Diario de Castilla.": after the title's stop, "In:" and one sentence
 * without digits, then the end, a link or "Online unter:", is the
 * container, whatever the labeller read it as. */
static const ref_label *fld_fix_in_site(const char *s, const ref_token *t,
					const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const after[] = {"Online", "online", "Available", "URL", NULL};
	for (size_t i = 2; i + 2 < ntok; i++) {
		if (!tok_is(s, &t[i], "In") || !tok_is(s, &t[i + 1], ":") || t[i + 1].word != t[i].word ||
		    !tok_is(s, &t[i - 1], ".") || l[i - 1] != REF_TITLE)
			continue;
		size_t e = i + 2;
		while (e < ntok && !(tok_is(s, &t[e], ".") && t[e - 1].len > 1)) {
			if (fld_tok_digit(s, &t[e]) || l[e] == REF_CONTAINER || l[e] == REF_EDITOR ||
			    tok_is(s, &t[e], ":") || tok_is(s, &t[e], "("))
				return l;
			e++;
		}
		if (e == i + 2 || (e < ntok && e + 1 < ntok && l[e + 1] != REF_URL &&
				   !fld_tok_in(s, &t[e + 1], after)))
			return l;
		return fld_relabeled(l, ntok, i, e < ntok ? e + 1 : ntok, REF_CONTAINER, a);
	}
	return l;
}

/* A span of years in brackets closing a title, read as pages before the
 * imprint ("… Contre-Réforme (1560–1620). Paris: …"): the title's. */
static const ref_label *fld_fix_title_span_bracket(const char *s, const ref_token *t,
						   const ref_label *l, size_t ntok,
						   quire_arena *a)
{
	for (size_t i = 1; i < ntok; i++) {
		if (l[i] != REF_PAGES || l[i - 1] == REF_PAGES)
			continue;
		size_t b = i; /* the word's first token, its bracket */
		while (b > 0 && t[b - 1].word == t[i].word)
			b--;
		if (b == 0 || !tok_is(s, &t[b], "(") ||
		    (l[b - 1] != REF_TITLE && l[b - 1] != REF_CONTAINER))
			return l; /* (a work cited whole is read as a container first) */
		size_t e, wn;
		const char *w = fld_word(s, t, ntok, b, &e, &wn);
		if (!fld_year_span_from(w, wn, 1000) || e >= ntok || l[e] != REF_PLACE)
			return l;
		for (size_t k = e; k < ntok; k++)
			if (l[k] == REF_PAGES)
				return l; /* the entry's pages come later: not so plain */
		return fld_relabeled(l, ntok, b, e, l[b - 1], a);
	}
	return l;
}

/* Small words a periodical's name may hold in lower case. */
static const char *const fld_small_words[] = {"of", "the", "and", "for", "in", "on",
	"de", "des", "du", "la", "le", "der", "die", "das", "di", "del", "della", "y",
	"e", "et", "und", "a", "an", "at", "to", NULL};

/* Chicago's newspaper and magazine citation, "Todd Gitlin, “The
 * Dumb-Down,” The Nation, March 17, 1997, 28": the name between the
 * quoted title and a date with its month, read as a note, is the
 * periodical (the type rules then make a dated container with no volume
 * an article of a newspaper or a magazine). */
static const ref_label *fld_fix_periodical_note(const char *s, const ref_token *t,
						const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 1; i < ntok; i++) {
		if (l[i] != REF_NOTE || l[i - 1] != REF_TITLE)
			continue;
		/* the title closed by a quotation mark (a comma may sit inside) */
		size_t q = i;
		while (q > 0 && l[q - 1] == REF_TITLE && tok_punct(s, &t[q - 1]) &&
		       !rtx_quote_len(s + t[q - 1].off, t[q - 1].len))
			q--;
		if (!q || l[q - 1] != REF_TITLE || !rtx_quote_len(s + t[q - 1].off, t[q - 1].len))
			continue;
		size_t e = i;
		int odd = 0;
		for (; e < ntok && l[e] == REF_NOTE; e++) {
			unsigned char c = (unsigned char)s[t[e].off];
			/* a name has no number ("US patent 4 0054 881") and its
			 * words are capitalised but small ones ("Working draft
			 * prepared for …" is a note) */
			odd |= isdigit(c) != 0;
			if (islower(c) && (e == i || t[e].word != t[e - 1].word) &&
			    !fld_tok_in(s, &t[e], fld_small_words))
				odd = 1;
		}
		if (e >= ntok || l[e] != REF_DATE || e - i > 12 || odd)
			return l;
		/* a month among the date's words */
		int month = 0;
		for (size_t k = e; k < ntok && l[k] == REF_DATE && !month; k++)
			month = ref_month_name(s + t[k].off, t[k].len) != 0;
		if (!month)
			return l;
		return fld_relabeled(l, ntok, i, e, REF_CONTAINER, a);
	}
	return l;
}

/* The token after "———, ed." or "———, trans." from token b — a word of
 * dashes, then one role word (tok_role_at's table), to the end of its
 * word — with the role's kind in *kind; 0 when no such run starts there. */
static size_t fld_dash_role_end(const char *s, const ref_token *t, size_t ntok, size_t b,
				int *kind)
{
	/* a dash's first byte: "-", "_", "–"/"—" (E2), "·" (C2) */
	unsigned char c0 = b < ntok ? (unsigned char)s[t[b].off] : 0;
	if (c0 != '-' && c0 != '_' && c0 != 0xE2 && c0 != 0xC2)
		return 0;
	size_t j, n;
	const char *w = fld_word(s, t, ntok, b, &j, &n);
	while (n && (w[n - 1] == ',' || w[n - 1] == '.'))
		n--;
	if (j >= ntok || !n || !fld_is_dash_only(w, n))
		return 0;
	int multi = 0;
	size_t e = tok_role_at(s, t, ntok, j, kind, &multi);
	if (!e || multi)
		return 0;
	while (e < ntok && t[e].word == t[e - 1].word)
		e++;
	return e;
}

/* Chicago's "———, ed. The Letters …" and "———, trans. Pliny: Letters":
 * the dash stands for the names of the entry before, now as editors or
 * translators.  The dash and the role are that run (the fields then take
 * the names before: ref_fields_ctx); what the labeller read as names
 * after the role, with nobody named there, is the title. */
static const ref_label *fld_fix_dash_role(const char *s, const ref_token *t,
					  const ref_label *l, size_t ntok, quire_arena *a)
{
	int kind = 0;
	size_t e = fld_dash_role_end(s, t, ntok, 0, &kind);
	if (!e)
		return l;
	ref_label role = kind == TOK_ROLE_EDITOR ? REF_EDITOR : REF_TRANSLATOR;
	ref_label *m = NULL;
	if (fld_relabel(l, ntok, 0, e, role, &m, a))
		return l;
	size_t k = e;
	while (k < ntok && l[k] == l[e] && (l[e] == REF_EDITOR || l[e] == REF_TRANSLATOR ||
					    l[e] == REF_AUTHOR))
		k++;
	if (k > e && k < ntok && fld_relabel(l, ntok, e, k, REF_TITLE, &m, a))
		return l;
	return m;
}

/* An entry opened by a word for the author before ("Dies.: Die Frau im
 * Mittelalter") has that word as its author, whatever the labeller made
 * of it; the fields then take the authors of the entry before. */
static const ref_label *fld_fix_same_author(const char *s, const ref_token *t,
					    const ref_label *l, size_t ntok, quire_arena *a)
{
	size_t j, n;
	const char *p = fld_word(s, t, ntok, 0, &j, &n);
	if (j >= ntok || !fld_is_same_author(p, n))
		return l;
	for (size_t k = 0; k < j; k++)
		if (l[k] != REF_AUTHOR)
			return fld_relabeled(l, ntok, 0, j, REF_AUTHOR, a);
	return l;
}

/* "n.d." and German "o.J." ("(n.d.).", "n.d.,"), a word of their own,
 * are the date whatever the labeller made of them (it read "n.d." after
 * an organisation as part of the title). */
static const ref_label *fld_fix_nodate(const char *s, const ref_token *t,
				       const ref_label *l, size_t ntok, quire_arena *a)
{
	ref_label *m = NULL;
	for (size_t i = 0, j, n; i < ntok; i = j) {
		const char *p = fld_word(s, t, ntok, i, &j, &n);
		while (n && (*p == '(' || *p == '['))
			p++, n--;
		while (n && strchr(".,;:)]", p[n - 1]))
			n--;
		int nd = n == 3 && (memcmp(p, "n.d", 3) == 0 || memcmp(p, "o.J", 3) == 0);
		int off = 0; /* a token of it not labelled date */
		for (size_t k = i; nd && k < j; k++)
			off |= l[k] != REF_DATE;
		if (off && fld_relabel(l, ntok, i, j, REF_DATE, &m, a))
			return l;
	}
	return m ? m : l;
}

/*
 * Is the sentence of title tokens from b an organisation's name — two to
 * ten capitalised words (small words aside) with an organisation word,
 * closed by a "." after a word of three or more letters?  Its closing
 * "." into *dot.
 */
static int fld_org_sentence(const char *s, const ref_token *t, const ref_label *l,
			    size_t ntok, size_t b, size_t *dot)
{
	size_t i = b, words = 0;
	int org = 0;
	for (; i < ntok && l[i] == REF_TITLE; i++) {
		const ref_token *k = &t[i];
		unsigned char c = (unsigned char)s[k->off];
		if (tok_is(s, k, ".") && i > b && t[i - 1].len >= 3 &&
		    t[i - 1].word == k->word)
			break;
		if (i > b && t[i - 1].word == k->word)
			continue; /* the rest of a word */
		words++;
		if (fld_tok_in(s, k, fld_org_words))
			org = 1;
		else if (!fld_tok_in(s, k, fld_org_small) &&
			 !(c >= 'A' && c <= 'Z') && c < 0x80)
			return 0; /* a lower-case word: a title */
	}
	*dot = i;
	return i < ntok && l[i] == REF_TITLE && org && words >= 2 && words <= 10;
}

/*
 * An organisation that opens the entry, read into the title ("World
 * Health Organization. Global report on diabetes. Geneva: …", "Woodrow
 * Wilson International Center for Scholars. n.d. …", "United States
 * Department of Justice. Office of Justice Programs. …"): with no author
 * or editor anywhere, the organisation sentences (fld_org_sentence) that
 * open a title run which opens the entry (only tokens labelled other
 * before it), when more of the title or a date follows them, are the
 * author.
 */
static const ref_label *fld_fix_org_title(const char *s, const ref_token *t,
					  const ref_label *l, size_t ntok,
					  quire_arena *a)
{
	size_t b = fld_first_field(l, ntok);
	if (b == ntok || l[b] != REF_TITLE)
		return l;
	for (size_t i = 0; i < ntok; i++)
		if (l[i] == REF_AUTHOR || l[i] == REF_EDITOR)
			return l;
	size_t end = 0, dot; /* the author: tokens [b, end) */
	for (size_t from = b; fld_org_sentence(s, t, l, ntok, from, &dot);) {
		size_t n = dot + 1;
		while (n < ntok && l[n] == REF_OTHER)
			n++;
		if (n >= ntok || (l[n] != REF_TITLE && l[n] != REF_DATE))
			break;
		end = dot + 1;
		if (l[n] != REF_TITLE || n != dot + 1)
			break;
		from = n;
	}
	ref_label *m = NULL;
	if (!end || fld_relabel(l, ntok, b, end, REF_AUTHOR, &m, a))
		return l;
	return m;
}

/* DIN 1505's organisation as author, closed by a colon as its persons
 * are ("Council for Local Archives: Preserving Parish Records …. London
 * : Council …"): with no author or editor, the words before the title
 * run's first colon — capitalised, or an organisation's small words, or
 * any after an institution's word that opens them, one of them an
 * institution's (ref_institution_word), ten at most — are the
 * author, in an entry with DIN's " : " before the publisher. */
static const ref_label *fld_fix_org_colon(const char *s, const ref_token *t,
					  const ref_label *l, size_t ntok, quire_arena *a)
{
	size_t b = fld_first_field(l, ntok);
	if (b == ntok || l[b] != REF_TITLE || !fld_entry_has(s, t, ntok, " : "))
		return l;
	for (size_t i = 0; i < ntok; i++)
		if (l[i] == REF_AUTHOR || l[i] == REF_EDITOR)
			return l;
	size_t words = 0;
	int org = 0, first_org = 0;
	for (size_t i = b; i < ntok && l[i] == REF_TITLE; i++) {
		if (i > b && t[i].word == t[i - 1].word) {
			if (!tok_is(s, &t[i], ":"))
				continue;
			if (!org || words < 2 || i + 1 >= ntok || l[i + 1] != REF_TITLE)
				return l;
			return fld_relabeled(l, ntok, b, i + 1, REF_AUTHOR, a);
		}
		size_t e, wn;
		const char *w = fld_word(s, t, ntok, i, &e, &wn);
		while (wn && strchr(",:", w[wn - 1]))
			wn--;
		/* Italian and Spanish names go on in small letters after an
		 * institution's word ("Consulta regionale per i beni …") */
		unsigned char c = (unsigned char)w[0];
		if (++words > 10 ||
		    !(isupper(c) || c >= 0xC3 || fld_tok_in(s, &t[i], fld_org_small) || first_org))
			return l;
		org |= ref_institution_word(w, wn);
		if (words == 1)
			first_org = org;
	}
	return l;
}

/* DIN 1505's report in its series, "…, Berichte und Materialien ( Nr.
 * 23). Hannover : …" (the bracket set apart by a space): the number in
 * brackets is the number, the words from the title's last comma to the
 * bracket the series. */
static const ref_label *fld_fix_din_series_number(const char *s, const ref_token *t,
						  const ref_label *l, size_t ntok,
						  quire_arena *a)
{
	for (size_t i = 2; i + 4 < ntok; i++) {
		if (!tok_is(s, &t[i], "(") || !(tok_is(s, &t[i + 1], "Nr") || tok_is(s, &t[i + 1], "No")) ||
		    !tok_is(s, &t[i + 2], ".") || !isdigit((unsigned char)s[t[i + 3].off]))
			continue;
		size_t e = i + 3;
		while (e < ntok && t[e].word == t[i + 3].word && !tok_is(s, &t[e], ")"))
			e++;
		/* the bracket a word alone, as the style prints it: "(No. 4)"
		 * after a title is APA's number, not this */
		if (e >= ntok || !tok_is(s, &t[e], ")") || t[i].word == t[i - 1].word ||
		    t[i + 1].word == t[i].word)
			return l;
		/* the series: back to the comma that ends the title */
		size_t c = i;
		while (c > 0 && !tok_is(s, &t[c - 1], ",") &&
		       (l[c - 1] == REF_TITLE || l[c - 1] == REF_CONTAINER ||
			l[c - 1] == REF_COLLECTION))
			c--;
		if (c < 2 || c == i || !tok_is(s, &t[c - 1], ",") || l[c - 2] != REF_TITLE)
			return l;
		ref_label *m = NULL;
		if (fld_relabel(l, ntok, c, i, REF_COLLECTION, &m, a) ||
		    fld_relabel(l, ntok, c - 1, c, REF_OTHER, &m, a) ||
		    fld_relabel(l, ntok, i, i + 1, REF_OTHER, &m, a) ||
		    fld_relabel(l, ntok, i + 1, e + 1, REF_ISSUE, &m, a))
			return l;
		return m;
	}
	return l;
}

/* GB/T 7714's document-type codes ("[M]", "[J]", "[D]", "[J/OL]"):
 * the CSL type of each. */
static const struct {
	const char *code, *type;
} fld_gbt_types[] = {
	{"M", "book"}, {"J", "article-journal"}, {"D", "thesis"},
	{"C", "paper-conference"}, {"N", "article-newspaper"},
	{"R", "report"}, {"P", "patent"}, {"S", "standard"},
	{"G", "book"}, {"K", "book"}, {"A", "chapter"}, {"Z", "document"},
	{"EB", "webpage"}, {"DB", "dataset"}, {"CP", "software"},
};

/* The CSL type of a GB/T 7714 code at tokens [i, ...) — "[", the code,
 * perhaps "/" "OL", "]" — with *end after the "]"; NULL when none. */
static const char *fld_gbt_at(const char *s, const ref_token *t, size_t ntok,
			      size_t i, size_t *end)
{
	if (i + 2 >= ntok || !tok_is(s, &t[i], "["))
		return NULL;
	const ref_token *c = &t[i + 1];
	size_t j = i + 2;
	if (j + 2 < ntok && tok_is(s, &t[j], "/") && tok_is(s, &t[j + 1], "OL"))
		j += 2;
	if (!tok_is(s, &t[j], "]"))
		return NULL;
	for (size_t k = 0; k < sizeof fld_gbt_types / sizeof fld_gbt_types[0]; k++)
		if (c->len == strlen(fld_gbt_types[k].code) &&
		    !memcmp(s + c->off, fld_gbt_types[k].code, c->len)) {
			*end = j + 1;
			return fld_gbt_types[k].type;
		}
	return NULL;
}

/* The imprint tokens [b, r) into m: the place before a colon (ASCII or
 * full-width, the colon with it), the publisher after it; the publisher
 * alone with no colon. */
static void fld_imprint(const char *s, const ref_token *t, size_t b, size_t r,
			ref_label *m)
{
	size_t colon = r;
	for (size_t k = b; k < r && colon == r; k++)
		if (tok_is(s, &t[k], ":") || tok_is(s, &t[k], "\xEF\xBC\x9A"))
			colon = k;
	for (size_t k = b; k < r; k++)
		m[k] = k <= colon && colon < r ? REF_PLACE : REF_PUBLISHER;
}

/* Is the token written in Chinese, Japanese or Korean script? */
static int fld_cjk_tok(const char *s, const ref_token *t)
{
	size_t l;
	return uc_is_cjk(uc_at(s + t->off, t->len, 0, &l));
}

/* Is the token a full stop, ASCII or ideographic? */
static int fld_stop_tok(const char *s, const ref_token *t)
{
	return tok_is(s, t, ".") || tok_is(s, t, "\xE3\x80\x82");
}

/*
 * Chinese, Japanese and Korean entries in the plain form "Name. Title.
 * Place: Publisher, Year." ("丸山眞男. 日本の思想. 東京: 岩波書店, 1961.",
 * "김철수. 한국 현대사. 서울: 민음사, 2005."): the labeller, which saw few,
 * runs the title into the author and the imprint into the title.  When
 * the entry opens with an author run whose first word is in those scripts
 * and ends at a stop with more of the run after it, the rest of the run,
 * to its next stop, is the title; the words from there to a date, when
 * they are in those scripts and hold a colon, are the imprint.
 */
static const ref_label *fld_fix_cjk_entry(const char *s, const ref_token *t,
					  const ref_label *l, size_t ntok, quire_arena *a)
{
	size_t b = fld_first_field(l, ntok);
	if (b >= ntok || l[b] != REF_AUTHOR || !fld_cjk_tok(s, &t[b]))
		return l;
	size_t k = b;
	while (k < ntok && t[k].word == t[b].word && !fld_stop_tok(s, &t[k]))
		k++;
	if (k >= ntok || !fld_stop_tok(s, &t[k]) || k + 1 >= ntok || l[k + 1] != REF_AUTHOR ||
	    !fld_cjk_tok(s, &t[k + 1]) || t[k + 1].word == t[k].word)
		return l; /* one name, then no more of the run ("박재훈.허철무" is two) */
	size_t tb = k + 1, te = tb;
	/* "김강원. 김발호, …": a second name, not a title */
	for (size_t q = tb; q < ntok && t[q].word == t[tb].word; q++)
		if (tok_is(s, &t[q], ",") || tok_is(s, &t[q], "(") ||
		    tok_is(s, &t[q], "\xEF\xBC\x8C"))
			return l;
	while (te < ntok && l[te] == REF_AUTHOR && !fld_stop_tok(s, &t[te]))
		te++;
	if (te < ntok && fld_stop_tok(s, &t[te]))
		te++;
	ref_label *m = NULL;
	if (fld_relabel(l, ntok, tb, te, REF_TITLE, &m, a))
		return l;
	/* the imprint: to the date, in those scripts, with a colon */
	size_t r = te, colon = 0;
	while (r < ntok && m[r] != REF_DATE && (fld_cjk_tok(s, &t[r]) || tok_punct(s, &t[r]))) {
		colon |= tok_is(s, &t[r], ":") || tok_is(s, &t[r], "\xEF\xBC\x9A");
		r++;
	}
	if (colon && r < ntok && m[r] == REF_DATE)
		fld_imprint(s, t, te, r, m);
	return m;
}

/*
 * Chinese and Japanese entries whose titles stand in brackets, the forms
 * of their humanities: "丸山眞男『日本の思想』岩波書店、1961年。", "陈建：《中国与冷战》，
 * 北京：世界知识出版社，2003年。", "丸山眞男「忠誠と反逆」『近代日本思想史講座』第6巻、
 * 筑摩書房、1960年。".  Book brackets (『』, 《》) hold a book's or a
 * journal's title, article brackets (「」, 〈〉) a chapter's or an
 * article's.  The labeller, which saw none, labels such an entry as it
 * can.  When the entry holds book brackets and opens with text in those
 * scripts: the text before the first bracket is the author; the article
 * bracket is the title and the book bracket the container (the book
 * bracket the title when there is no article bracket); after the last
 * bracket, each item between "、", "，" or "," is read by its look — a
 * year the date, "第6巻" the volume, "第3期" / "第3号" the issue, a page
 * range or "頁" the pages, "X：Y" the place and the publisher, else the
 * publisher.
 */
static const ref_label *fld_fix_cjk_brackets(const char *s, const ref_token *t,
					     const ref_label *l, size_t ntok, quire_arena *a)
{
	static const char *const book_open[] = {"\xE3\x80\x8E", "\xE3\x80\x8A", NULL};
	static const char *const book_close[] = {"\xE3\x80\x8F", "\xE3\x80\x8B", NULL};
	static const char *const art_open[] = {"\xE3\x80\x8C", "\xE3\x80\x88", NULL};
	static const char *const art_close[] = {"\xE3\x80\x8D", "\xE3\x80\x89", NULL};
	static const char *const seps[] = {"\xE3\x80\x81", "\xEF\xBC\x8C", ",",
		"\xE3\x80\x82", NULL};
	if (!ntok || !fld_cjk_tok(s, &t[0]))
		return l;
	size_t bo = ntok, bc = ntok, ao = ntok, ac = ntok;
	for (size_t i = 0; i < ntok; i++) {
		if (bo == ntok && fld_tok_in(s, &t[i], book_open))
			bo = i;
		else if (bo < ntok && bc == ntok && fld_tok_in(s, &t[i], book_close))
			bc = i;
		else if (ao == ntok && fld_tok_in(s, &t[i], art_open))
			ao = i;
		else if (ao < ntok && ac == ntok && fld_tok_in(s, &t[i], art_close))
			ac = i;
	}
	if (bo == ntok || bc == ntok || (ao < ntok && ac == ntok))
		return l;
	size_t first = ao < bo ? ao : bo, last = ac < ntok && ac > bc ? ac : bc;
	if (first == 0)
		return l; /* no author before it */
	ref_label *m = NULL;
	if (fld_relabel(l, ntok, 0, first, REF_AUTHOR, &m, a) ||
	    fld_relabel(l, ntok, first, last + 1, REF_OTHER, &m, a) ||
	    fld_relabel(l, ntok, bo, bc + 1, ao < ntok ? REF_CONTAINER : REF_TITLE, &m, a) ||
	    (ao < ntok && fld_relabel(l, ntok, ao, ac + 1, REF_TITLE, &m, a)))
		return l;
	/* the items after the last bracket */
	for (size_t i = last + 1; i < ntok;) {
		while (i < ntok && fld_tok_in(s, &t[i], seps)) {
			m[i] = REF_OTHER;
			i++;
		}
		size_t e = i;
		while (e < ntok && !fld_tok_in(s, &t[e], seps))
			e++;
		if (e == i)
			break;
		const char *p = s + t[i].off;
		size_t n = t[e - 1].off + t[e - 1].len - t[i].off;
		ref_label x = REF_PUBLISHER;
		int digits = 0, colon = 0;
		for (size_t k = i; k < e; k++) {
			digits += isdigit((unsigned char)s[t[k].off]) && t[k].len == 4;
			colon |= tok_is(s, &t[k], ":") || tok_is(s, &t[k], "\xEF\xBC\x9A");
		}
		if (memmem(p, n, "\xE5\xB7\xBB", 3) || memmem(p, n, "\xE5\x8D\xB7", 3))
			x = REF_VOLUME; /* 巻, 卷 */
		else if (memmem(p, n, "\xE6\x9C\x9F", 3) || memmem(p, n, "\xE5\x8F\xB7", 3) ||
			 memmem(p, n, "\xE8\x99\x9F", 3))
			x = REF_ISSUE; /* 期, 号, 號 */
		else if (memmem(p, n, "\xE9\xA0\x81", 3) || memmem(p, n, "\xE9\xA1\xB5", 3) ||
			 (n > 2 && (p[0] == 'p' || p[0] == 'P') && (p[1] == '.' || p[1] == 'p')))
			x = REF_PAGES; /* 頁, 页, pp. */
		else if (digits)
			x = REF_DATE;
		if (colon && x == REF_PUBLISHER)
			fld_imprint(s, t, i, e, m);
		else
			fld_relabel(l, ntok, i, e, x, &m, a); /* m is made: cannot fail */
		i = e;
	}
	return m;
}

/* The number of "第6巻", "第3期", "367-470頁" ("6", "3", "367-470"), or s. */
static const char *fld_cjk_number(const char *s, quire_arena *a)
{
	static const char *const marks[] = {"\xE7\xAC\xAC", "\xE5\xB7\xBB",
		"\xE5\x8D\xB7", "\xE6\x9C\x9F", "\xE5\x8F\xB7", "\xE8\x99\x9F",
		"\xE9\xA0\x81", "\xE9\xA1\xB5", "\xE5\x86\x8A", NULL};
	size_t n = s ? strlen(s) : 0, k = 0;
	size_t i0 = 0;
	while (i0 < n && (unsigned char)s[i0] < 0x80)
		i0++;
	if (i0 == n)
		return s; /* ASCII: nothing to take away (no copy) */
	int any = 0;
	char *out = quire_arena_alloc(a, n + 1);
	if (!out)
		return s;
	for (size_t i = 0; i < n;) {
		int hit = 0;
		for (size_t j = 0; marks[j] && !hit; j++)
			if (i + 3 <= n && !memcmp(s + i, marks[j], 3))
				hit = 1;
		if (hit) {
			any = 1;
			i += 3;
			continue;
		}
		if ((unsigned char)s[i] >= 0x80)
			return s; /* other letters: not a bare number */
		out[k++] = s[i++];
	}
	out[k] = 0;
	return any && k ? out : s;
}

/* Chinese and Japanese counters in the fields ("第6巻", "頁") and a date
 * "2003年5月1日" (rtx_trim drops their brackets and full-width marks). */
static void fld_cjk_tidy(ref_citation *c, quire_arena *a)
{
	c->volume = fld_cjk_number(c->volume, a);
	c->issue = fld_cjk_number(c->issue, a);
	c->page = fld_cjk_number(c->page, a);
	const char *d = c->issued.literal;
	const char *nen = d ? strstr(d, "\xE5\xB9\xB4") : NULL; /* 年 */
	if (nen && nen - d >= 4 && isdigit((unsigned char)nen[-1])) {
		int y = atoi(nen - 4), mo = 0, dd = 0;
		const char *p = nen + 3;
		if (isdigit((unsigned char)*p)) {
			mo = (int)strtol(p, (char **)&p, 10);
			if (!memcmp(p, "\xE6\x9C\x88", 3) && isdigit((unsigned char)p[3])) /* 月 */
				dd = (int)strtol(p + 3, NULL, 10);
		}
		if (y >= 1000 && y <= 2999) {
			memset(&c->issued, 0, sizeof c->issued);
			c->issued.year = y;
			c->issued.month = mo >= 1 && mo <= 12 ? mo : 0;
			c->issued.day = c->issued.month && dd >= 1 && dd <= 31 ? dd : 0;
		}
	}
}

/* Does label x belong to the text after a GB/T 7714 code — the
 * container or the imprint, which the labeller may have read as more of
 * the title or as other fields? */
static int fld_gbt_after(ref_label x)
{
	return x == REF_TITLE || x == REF_CONTAINER || x == REF_PLACE ||
	       x == REF_PUBLISHER || x == REF_OTHER || x == REF_AUTHOR;
}

/*
 * GB/T 7714, the Chinese standard: "陈建. 中国与冷战[M]. 北京: 世界知识出版社,
 * 2003." — the code closes the title and says what follows it: a journal
 * or newspaper ([J], [N]), or the imprint "place: publisher" (a book,
 * thesis, report...) up to the date, volume or pages.  The labeller, which
 * saw few such entries, ran the title on over the imprint or took the
 * title for more of the authors ("国家统计局. 中国统计年鉴[R]. …"): the title
 * is the text from the stop before the code (authors end in one: with
 * none, the entry opens with its title) to the code, and the words
 * after the code's "." are the container, or the place before a colon and
 * the publisher after it (the publisher alone with no colon).
 */
static const ref_label *fld_fix_gbt(const char *s, const ref_token *t,
				    const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 1; i < ntok; i++) {
		size_t e;
		const char *type = fld_gbt_at(s, t, ntok, i, &e);
		if (!type)
			continue;
		int journal = strcmp(type, "article-journal") == 0 ||
			      strcmp(type, "article-newspaper") == 0;
		int imprint = !journal && strcmp(type, "webpage") != 0 &&
			      strcmp(type, "paper-conference") != 0 && strcmp(type, "chapter") != 0;
		/* the title: back to the stop that closes the sentence before */
		size_t tb = i;
		while (tb > 0 && !tok_is(s, &t[tb - 1], ".") &&
		       !tok_is(s, &t[tb - 1], "\xE3\x80\x82"))
			tb--;
		if (tb == i)
			return l; /* no title ("… [M]" after a stop) */
		/* no stop before it: the labeller's title start, after names
		 * closed by "," or ":" ("Sun, Yaoyao: Motivation …[D]"); with
		 * neither, the entry opens with its title */
		if (tb == 0) {
			size_t k = 0;
			while (k < i && l[k] != REF_TITLE && !tok_is(s, &t[k], ",") &&
			       !tok_is(s, &t[k], ":"))
				k++;
			while (k < i && l[k] != REF_TITLE)
				k++;
			if (k == i && k > 0 && tb == 0) {
				/* neither a title nor a closing "," or ":" before
				 * the code: the title opens the entry */
				int closed = 0;
				for (size_t q = 0; q < i; q++)
					closed |= tok_is(s, &t[q], ",") || tok_is(s, &t[q], ":");
				if (closed)
					return l;
				k = 0;
			}
			tb = k;
		}
		size_t b = e;
		while (b < ntok && (tok_is(s, &t[b], ".") || tok_is(s, &t[b], "\xE3\x80\x82")))
			b++;
		size_t r = b; /* what follows: [b, r) — a journal's name ends
			       * at a word the labeller left outside ("제33권,") */
		while (r < ntok && fld_gbt_after(l[r]) &&
		       !(journal && r > b && l[r] == REF_OTHER && t[r].word != t[r - 1].word))
			r++;
		ref_label *m = NULL;
		if (fld_relabel(l, ntok, tb, b, REF_TITLE, &m, a) ||
		    (journal && fld_relabel(l, ntok, b, r, REF_CONTAINER, &m, a)))
			return l;
		if (imprint)
			fld_imprint(s, t, b, r, m);
		return m;
	}
	return l;
}



/*
 * Two words the labeller reads by their shape rather than their meaning
 * in styles its data hardly holds (ABNT's "p. 45-67, dez. 2010.", "17.
 * ed. Rio de Janeiro: …"): a month's name or abbreviation right before a
 * year labelled date is the date ("dez." had been an author); an edition
 * word ("ed.", "éd.", "edn.", "Aufl.") right after an ordinal ("17.",
 * "2nd", "3e", "2ª") is, with it, the edition (not the editor).
 */
static const ref_label *fld_fix_month_edition(const char *s, const ref_token *t,
					      const ref_label *l, size_t ntok,
					      quire_arena *a)
{
	/* lower case: "Vol. 6. Ed. Franco Moretti" is an editor, "1932. Ed
	 * Vienne" a press */
	static const char *const ed[] = {"ed.", "éd.", "edn.", "Aufl.", "ed", "éd",
		"edn", "Aufl", "ed.,", "éd.,", "edn.,", "Aufl.,", NULL};
	ref_label *m = NULL;
	for (size_t i = 0; i < ntok;) {
		size_t e, n;
		const char *w = fld_word(s, t, ntok, i, &e, &n);
		if (e < ntok) {
			size_t e2, n2;
			const char *w2 = fld_word(s, t, ntok, e, &e2, &n2);
			ref_label x = l[i];
			/* "dez. 2010": a month, then a year labelled date */
			size_t core = n;
			while (core && strchr(".,", w[core - 1]))
				core--;
			int year = n2 >= 4 && isdigit((unsigned char)w2[0]) &&
				   isdigit((unsigned char)w2[1]) && isdigit((unsigned char)w2[2]) &&
				   isdigit((unsigned char)w2[3]) && (n2 == 4 || !isdigit((unsigned char)w2[4]));
			/* not "MARCH," (a name in capitals) nor "Abril," (a press) */
			int caps = core > 3 && isupper((unsigned char)w[1]);
			if (year && l[e] == REF_DATE && x != REF_DATE && x != REF_TITLE &&
			    x != REF_CONTAINER && x != REF_COLLECTION && isalpha((unsigned char)w[0]) &&
			    w[n - 1] != ',' && !caps && ref_month_name(w, core) &&
			    fld_relabel(l, ntok, i, e, REF_DATE, &m, a))
				return l;
			/* "17. ed.", "2nd ed.", "3e éd." */
			int ord = isdigit((unsigned char)w[0]) && n >= 2 && n <= 5 &&
				  (w[n - 1] == '.' || (n >= 3 && (!strncmp(w + n - 2, "nd", 2) ||
							      !strncmp(w + n - 2, "rd", 2) ||
							      !strncmp(w + n - 2, "th", 2) ||
							      !strncmp(w + n - 2, "st", 2))) ||
				   w[n - 1] == 'e' || !strncmp(w + n - 2, "\xC2\xAA", 2));
			int edw = 0;
			for (size_t k = 0; ord && ed[k] && !edw; k++)
				edw = strlen(ed[k]) == n2 && !strncmp(w2, ed[k], n2);
			if (ord && edw && (l[i] != REF_EDITION || l[e] != REF_EDITION) &&
			    fld_relabel(l, ntok, i, e2, REF_EDITION, &m, a))
				return l;
		}
		i = e;
	}
	/* "17. ed. Rio de Janeiro:": names between the edition and a place
	 * with no stop or comma closing them are the place's first words */
	const ref_label *c = m ? m : l;
	for (size_t i = 1; i < ntok; i++) {
		if ((c[i] != REF_EDITOR && c[i] != REF_AUTHOR) || c[i - 1] != REF_EDITION)
			continue;
		size_t j = i;
		while (j < ntok && c[j] == c[i])
			j++;
		unsigned char last = (unsigned char)s[t[j - 1].off + t[j - 1].len - 1];
		if (j < ntok && c[j] == REF_PLACE && t[j].word != t[j - 1].word &&
		    !strchr(".,;:)", last)) {
			if (fld_relabel(l, ntok, i, j, REF_PLACE, &m, a))
				return l;
			c = m;
		}
		i = j;
	}
	return m ? m : l;
}

/* Is token i one capital letter with a "." token after it in the same
 * word ("И.", "J.")? */
static int fld_initial_at(const char *s, const ref_token *t, size_t ntok, size_t i)
{
	if (i + 1 >= ntok || t[i + 1].word != t[i].word || !tok_is(s, &t[i + 1], "."))
		return 0;
	size_t l;
	int32_t c = uc_at(s + t[i].off, t[i].len, 0, &l);
	return l == t[i].len && uc_is_upper(c);
}

/*
 * GOST's and some others' "Family I. I. Title." — one author written
 * family first with initials and no comma, then at once the title
 * ("Иванов И. И. История города. — М.: Наука, 1985."): the labeller ran
 * the title into the author.  When the entry's first run is an author run
 * that holds a family word, two initials and, right after them with
 * nothing between, two or more words (a capitalised one first) with no
 * initial, comma or conjunction among them, those words are the title.
 */
static const ref_label *fld_fix_family_initials_title(const char *s, const ref_token *t,
						      const ref_label *l, size_t ntok,
						      quire_arena *a)
{
	size_t b = fld_first_field(l, ntok);
	if (b + 5 >= ntok || l[b] != REF_AUTHOR || t[b].len < 2 ||
	    (b + 1 < ntok && t[b + 1].word == t[b].word))
		return l; /* a family word of its own: "Иванов", not "Иванов," */
	size_t k = b + 1, inits = 0;
	while (inits < 2 && k < ntok && l[k] == REF_AUTHOR && fld_initial_at(s, t, ntok, k) &&
	       (k + 2 >= ntok || t[k + 2].word != t[k].word)) {
		k += 2;
		inits++;
	}
	/* two initials: "Albert R. Meyer and …", "Sarita V. Adve." are
	 * given names first */
	if (inits != 2 || k >= ntok || l[k] != REF_AUTHOR || fld_initial_at(s, t, ntok, k))
		return l;
	size_t cl;
	int32_t c0 = uc_at(s + t[k].off, t[k].len, 0, &cl);
	if (!uc_is_upper(c0))
		return l;
	size_t e = k;
	while (e < ntok && l[e] == REF_AUTHOR)
		e++;
	/* the rest must be no list of names: two words or more, no ",",
	 * conjunction or initial */
	static const char *const conj[] = {",", ";", "&", "and", "und", "et", "и",
		"e", "y", NULL};
	for (size_t q = k; q < e; q++)
		if (fld_tok_in(s, &t[q], conj) || fld_initial_at(s, t, ntok, q))
			return l;
	ref_label *m = NULL;
	if (t[e - 1].word == t[k].word || fld_relabel(l, ntok, k, e, REF_TITLE, &m, a))
		return l;
	return m;
}

/* Is w[0..n) a Vancouver name's initials: one to three capitals of any
 * script, no stops ("AN", "T", "MÁ")?  With stop != 0, followed by
 * exactly one "." ("T."), else by "," or nothing. */
static int fld_vanc_initials(const char *w, size_t n, int stop)
{
	size_t k = 0, caps = 0, cl;
	while (k < n && caps < 4 && uc_is_upper(uc_at(w, n, k, &cl)) && cl)
		k += cl, caps++;
	if (caps == 0 || caps > 3)
		return 0;
	return stop ? n == k + 1 && w[k] == '.' : n == k || (n == k + 1 && w[k] == ',');
}

/* Roman numerals only ("II", "IV.")? */
static int fld_roman_word(const char *w, size_t n)
{
	while (n && (w[n - 1] == '.' || w[n - 1] == ','))
		n--;
	for (size_t k = 0; k < n; k++)
		if (!strchr("IVX", w[k]))
			return 0;
	return n > 0;
}

/*
 * Vancouver's names read as the title's first words after the entry's
 * number ("28. Pritchard GA. Reading Ruskin …", "40. Zhou W. Vernacular
 * Readers …"): when the entry has no author and opens with a
 * title run that starts with one to three capitalised words, initials,
 * perhaps a particle ("Bredow KH von."), repeated after a comma, closed
 * by a stop, and the title goes on for three words or more, the names
 * are the authors (a chapter's editors may follow).
 */
static const ref_label *fld_fix_vanc_title_author(const char *s, const ref_token *t,
						  const ref_label *l, size_t ntok,
						  quire_arena *a)
{
	static const char *const particles[] = {"von", "van", "de", "di", "da", "del", "della",
		"der", "den", "du", "le", "la", NULL};
	size_t b = fld_first_field(l, ntok);
	for (size_t i = 0; i < ntok; i++)
		if (l[i] == REF_AUTHOR)
			return l;
	if (b == ntok || l[b] != REF_TITLE)
		return l;
	size_t i = b, e, n;
	for (int names = 0; names < 8; names++) {
		size_t fam = 0;
		for (;;) { /* the family's words */
			const char *w = fld_word(s, t, ntok, i, &e, &n);
			if (e >= ntok || l[i] != REF_TITLE ||
			    ((fld_vanc_initials(w, n, 0) || fld_vanc_initials(w, n, 1)) &&
			     !fld_roman_word(w, n)))
				break;
			size_t cl;
			if (!uc_is_upper(uc_at(w, n, 0, &cl)) || n < 2 || fam == 3 ||
			    w[n - 1] == '.' || w[n - 1] == ',' || w[n - 1] == ':')
				return l;
			fam++;
			i = e;
		}
		const char *w = fld_word(s, t, ntok, i, &e, &n);
		if (!fam || e >= ntok || !(fld_vanc_initials(w, n, 0) || fld_vanc_initials(w, n, 1)) ||
		    fld_roman_word(w, n))
			return l;
		i = e;
		if (w[n - 1] != '.' && w[n - 1] != ',') { /* "Bredow KH von." */
			w = fld_word(s, t, ntok, i, &e, &n);
			if (e >= ntok || !fld_tok_in(s, &t[i], particles) || w[n - 1] == ',')
				return l;
			i = e;
		}
		if (w[n - 1] == '.')
			break;
	}
	if (i >= ntok || s[t[i - 1].off + t[i - 1].len - 1] != '.')
		return l;
	/* three title words at least after the names */
	size_t words = 0;
	for (size_t k = i; k < ntok && l[k] == REF_TITLE && words < 3; k++)
		words += t[k].word != t[k - 1].word;
	if (words < 3)
		return l;
	return fld_relabeled(l, ntok, b, i, REF_AUTHOR, a);
}

/* A name written given name first from token b, every token labelled
 * lab: initials ("U.", "K.C."), perhaps particles, then one or two
 * capitalised words (each with the rest of its word:
 * "Wilamowitz-Moellendorff").  The token after the name, or b when there
 * is no such name. */
static size_t fld_given_first_end(const char *s, const ref_token *t, const ref_label *l,
				  size_t ntok, size_t b, ref_label lab)
{
	static const char *const particles[] = {"von", "van", "de", "di", "da", "del",
		"della", "der", "den", "du", "le", "la", "ten", "ter", "zu", "vom", NULL};
	size_t k = b, inits = 0, words = 0;
	while (k < ntok && l[k] == lab && fld_initial_at(s, t, ntok, k))
		k += 2, inits++;
	while (inits && k < ntok && l[k] == lab && fld_tok_in(s, &t[k], particles) &&
	       t[k].word != t[k - 1].word)
		k++;
	while (inits && k < ntok && l[k] == lab && words < 2) {
		size_t cl;
		int32_t c0 = uc_at(s + t[k].off, t[k].len, 0, &cl);
		if (!uc_is_upper(c0) || t[k].len < 2 || (k > b && t[k].word == t[k - 1].word))
			break;
		words++;
		k++;
		/* the rest of the word: "Wilamowitz-Moellendorff" */
		while (k < ntok && t[k].word == t[k - 1].word && !tok_is(s, &t[k], ","))
			k++;
	}
	return inits && words ? k : b;
}

/*
 * "U. von Wilamowitz-Moellendorff, Die Ilias und Homer, Berlin 1916.":
 * the labeller read a name of initials, particles and a family name as
 * the title's first words.  When the entry has no names and opens with a
 * title run that starts with initials, perhaps particles, then one or two
 * capitalised words and a comma, and the title goes on after it, the
 * words before the comma are the author.
 */
static const ref_label *fld_fix_initials_title(const char *s, const ref_token *t,
					       const ref_label *l, size_t ntok,
					       quire_arena *a)
{
	size_t b = fld_first_field(l, ntok);
	if (b == ntok || l[b] != REF_TITLE)
		return l;
	for (size_t i = 0; i < ntok; i++)
		if (l[i] == REF_AUTHOR || l[i] == REF_EDITOR || l[i] == REF_TRANSLATOR)
			return l;
	size_t k = fld_given_first_end(s, t, l, ntok, b, REF_TITLE);
	if (k == b || k + 1 >= ntok || !tok_is(s, &t[k], ",") || l[k + 1] != REF_TITLE)
		return l;
	return fld_relabeled(l, ntok, b, k + 1, REF_AUTHOR, a);
}

/*
 * "K.C. King, Achilles. Paradigms of the Hero from Homer to the Middle
 * Ages, Berkeley 1987.": a name written given name first ends at its
 * comma, and the labeller ran the title's first word, a lone capitalised
 * word closed by a stop, into the names.  When the entry opens with such
 * a name (fld_given_first_end) and, after its comma, one word of three or
 * more letters and a stop, labelled author, then the title, that word is
 * the title's — not a suffix ("Jr."), a role ("Hrsg.") or an initial.
 */
static const ref_label *fld_fix_given_first_title(const char *s, const ref_token *t,
						  const ref_label *l, size_t ntok,
						  quire_arena *a)
{
	static const char *const suffixes[] = {"Jr", "Sr", "Jun", "Sen", NULL};
	size_t b = fld_first_field(l, ntok);
	if (b == ntok || l[b] != REF_AUTHOR)
		return l;
	size_t k = fld_given_first_end(s, t, l, ntok, b, REF_AUTHOR);
	if (k == b || k + 3 >= ntok || !tok_is(s, &t[k], ",") || l[k] != REF_AUTHOR)
		return l;
	size_t w = k + 1, e, n;
	fld_word(s, t, ntok, w, &e, &n);
	int kind, multi;
	size_t cl;
	if (e < w + 2 || !tok_is(s, &t[e - 1], ".") || e >= ntok || l[e] != REF_TITLE ||
	    t[w].len < 3 || !uc_is_upper(uc_at(s + t[w].off, t[w].len, 0, &cl)) ||
	    fld_tok_in(s, &t[w], suffixes) || tok_role_at(s, t, ntok, w, &kind, &multi))
		return l;
	/* one word of letters, perhaps hyphenated ("Archéo-géologie."),
	 * labelled author */
	for (size_t q = w; q + 1 < e; q++) {
		if (l[q] != REF_AUTHOR || ((q - w) % 2 == 1 && !tok_is(s, &t[q], "-")))
			return l;
		for (size_t i = t[q].off; (q - w) % 2 == 0 && i < t[q].off + t[q].len; i++)
			if (!isalpha((unsigned char)s[i]) && (unsigned char)s[i] < 0x80)
				return l;
	}
	if (l[e - 1] != REF_AUTHOR || (e - w) % 2 != 0)
		return l;
	return fld_relabeled(l, ntok, w, e, REF_TITLE, a);
}

/*
 * The continental imprint "Place, Publisher, year" ("Torino, Einaudi,
 * 1976", "Madrid, Espasa-Calpe, 1930", "Bari, Laterza, 1969, vol. I"):
 * the labeller, trained mostly on English "City, ST: Publisher", reads
 * both names as the place.  When the entry has no publisher and a place
 * run holds a colon, what follows the colon is the publisher ("Lanham,
 * MD: Lexington Books") unless it is a region or a city as below
 * ("Cambridge: Mass", "Routledge: London"); else, when the run is two comma-separated parts
 * followed by the date, a place of one to three capitalised words and a
 * name of one to three words, the name is the publisher — unless it is
 * what follows a city in English or in a conference's location: a region
 * or country ("Orlando, Florida", "Vienna, Austria", "Wuhan, Hubei"), a
 * code ("CA", "Il", "D.C.", "U.K.", "NSW"), an abbreviation ("Mass.", "Calif."),
 * a month, or another publishing city ("Berlin, Heidelberg", "New York,
 * London").  An institution before a city ("Univ. Macerata, Macerata",
 * "AMS, Providence") is left as it was.
 */
static const char *const fld_regions[] = {
	/* countries, in English and as their own languages write them */
	"afghanistan", "albania", "algeria", "allemagne", "america", "angola",
	"argentina", "armenia", "australia", "austria", "autriche",
	"azerbaijan", "bangladesh", "belarus", "belgique", "belgium",
	"belgië", "bolivia", "bosnia", "botswana", "brasil", "brazil",
	"bulgaria", "cambodia", "cameroon", "canada", "canadá", "chile",
	"china", "chine", "colombia", "congo", "costa rica", "croatia", "cuba",
	"cyprus", "czech rep", "czech republic", "czechia", "czechoslovakia",
	"danmark", "denmark", "deutschland", "ecuador", "egypt", "el salvador",
	"england", "españa", "espagne", "estonia", "ethiopia", "finland",
	"france", "frankreich", "georgia", "germany", "ghana",
	"grande-bretagne", "great britain", "grecia", "greece", "grèce",
	"guatemala", "holland", "honduras", "hong kong", "hungary", "iceland",
	"inde", "india", "indonesia", "iran", "iraq", "ireland", "irlanda",
	"israel", "italia", "italie", "italy", "jamaica", "japan", "japon",
	"jordan", "kazakhstan", "kenya", "korea", "kuwait", "latvia",
	"lebanon", "libya", "liechtenstein", "lithuania", "luxembourg",
	"macedonia", "madagascar", "malawi", "malaysia", "mali", "malta",
	"mexico", "moldova", "monaco", "mongolia", "montenegro", "morocco",
	"mozambique", "méxico", "namibia", "nederland", "nepal", "netherlands",
	"new zealand", "nicaragua", "nigeria", "northern ireland", "norge",
	"norway", "pakistan", "palestine", "panama", "paraguay", "pays-bas",
	"perú", "peru", "philippines", "poland", "polska", "portugal",
	"puerto rico", "qatar", "romania", "royaume-uni", "russia", "russie",
	"rwanda", "saudi arabia", "schweiz", "scotland", "senegal", "serbia",
	"singapore", "slovakia", "slovenia", "south africa", "south korea",
	"spain", "sri lanka", "sudan", "suisse", "suomi", "sverige",
	"svizzera", "sweden", "switzerland", "syria", "taiwan", "tanzania",
	"thailand", "tunisia", "turkey", "türkiye", "uganda", "ukraine",
	"united kingdom", "united states", "uruguay", "ussr", "uzbekistan",
	"venezuela", "viet nam", "vietnam", "wales", "yemen", "yugoslavia",
	"zambia", "zimbabwe", "österreich",
	/* states, provinces, counties and regions */
	"alabama", "alaska", "arizona", "arkansas", "calif", "california",
	"colorado",
	"connecticut", "delaware", "district of columbia", "florida", "hawaii",
	"idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
	"louisiana", "maine", "maryland", "mass", "massachusetts", "michigan",
	"minnesota", "mississippi", "missouri", "montana", "nebraska",
	"nevada", "new hampshire", "new jersey", "new mexico", "new york",
	"north carolina", "north dakota", "ohio", "oklahoma", "oregon",
	"pennsylvania", "rhode island", "south carolina", "south dakota",
	"tennessee", "texas", "utah", "vermont", "virginia", "washington",
	"west virginia", "wisconsin", "wyoming", "alberta", "british columbia",
	"manitoba", "new brunswick", "newfoundland", "nova scotia", "ontario",
	"prince edward island", "quebec", "québec", "saskatchewan", "yukon",
	"new south wales", "queensland", "south australia", "tasmania",
	"victoria", "western australia", "northern territory", "avon", "berkshire",
	"buckinghamshire", "cambridgeshire", "cheshire", "cornwall",
	"cumbria", "derbyshire", "devon", "dorset", "durham", "essex",
	"gloucestershire", "hampshire", "hants", "herts", "hertfordshire",
	"kent", "lancashire", "leicestershire", "lincolnshire", "middlesex",
	"norfolk", "northamptonshire", "northumberland", "nottinghamshire",
	"oxfordshire", "oxon", "shropshire", "somerset", "staffordshire",
	"suffolk", "surrey", "sussex", "warwickshire", "wiltshire",
	"worcestershire", "yorkshire",
	"bavaria", "bayern", "hessen", "sachsen", "saxony", "tirol", "tyrol",
	"westfalen", "anhui", "fujian", "guangdong", "guangxi", "hebei",
	"henan", "hubei", "hunan", "jiangsu", "jiangxi", "liaoning",
	"shaanxi", "shandong", "shanxi", "sichuan", "yunnan", "zhejiang",
	"catalunya", "cataluña", "lombardia", "piemonte", "sicilia", "toscana",
	"veneto", "minas gerais", "são paulo", "rio grande do sul",
	/* cities that publish, when a list of places has two or a
	 * publisher comes first ("Queriniana, Brescia") */
	"amsterdam", "baden-baden", "bari", "barcelona", "basel",
	"basingstoke", "beijing", "bergamo", "berlin", "bern", "bologna",
	"boston", "brescia",
	"bruxelles", "brussels", "cambridge", "chicago", "dordrecht",
	"edinburgh", "firenze", "florence", "frankfurt", "genève", "geneva",
	"genova", "hamburg", "heidelberg", "leiden", "leipzig", "leyden",
	"lisboa", "lisbon", "london", "madrid", "melbourne", "milan", "milano",
	"montreal", "montréal", "moscow", "munich", "münchen", "napoli",
	"new delhi", "oxford", "padova", "palermo", "paris", "philadelphia",
	"pisa", "princeton", "providence", "roma", "rome", "shanghai",
	"stuttgart", "sydney", "tokyo", "torino", "toronto", "trento",
	"trieste", "turin", "venezia", "venice", "verona", "vienna", "wien",
	"zurich", "zürich", "ann arbor", "athens", "baltimore", "berkeley",
	"bielefeld", "bonn", "bordeaux", "budapest", "buenos aires",
	"chapel hill", "coimbra", "cologne", "darmstadt", "dresden", "dublin",
	"ferrara", "freiburg", "glasgow", "göttingen", "graz", "grenoble",
	"halle", "hannover", "innsbruck", "ithaca", "jena", "köln", "kraków",
	"leuven", "lille", "louvain", "lyon", "macerata", "mainz", "manchester",
	"marburg", "modena", "münster", "new haven", "parma", "pavia",
	"perugia", "porto", "prague", "praha", "rennes", "rotterdam",
	"salamanca", "salzburg", "sevilla", "siena", "stanford", "strasbourg",
	"toulouse", "tübingen", "udine", "urbino", "utrecht", "valencia",
	"warszawa", "weimar", "wiesbaden", "würzburg", NULL};

/* What p[0..n) holds: letters, upper-case letters, white-space words,
 * and whether it has a digit or a character that no place name has
 * (brackets, "/"). */
typedef struct fld_shape {
	size_t letters, upper, words;
	int odd;
} fld_shape;

static fld_shape fld_shape_of(const char *p, size_t n)
{
	fld_shape k = {0, 0, 0, 0};
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		k.letters += isalpha(c) != 0;
		k.upper += isupper(c) != 0;
		k.words += !isspace(c) && (i == 0 || isspace((unsigned char)p[i - 1]));
		k.odd |= isdigit(c) || (c != '.' && c != '-' && c != '\'' && ispunct(c));
	}
	return k;
}

/* Is the part p[0..n) (its closing comma aside) a region, a code, an
 * abbreviation or a month, as above? */
static int fld_is_region(const char *p, size_t n)
{
	rtx_trim(&p, &n, 1);
	if (n >= 4 && !strncasecmp(p, "the ", 4))
		p += 4, n -= 4;
	fld_shape k = fld_shape_of(p, n);
	if ((k.letters <= 3 && k.upper == k.letters) || (k.words == 1 && k.letters <= 2))
		return 1; /* "CA", "D.C.", "U.K.", "VIC", "Il" */
	if (n && p[n - 1] == '.' && k.letters <= 5 && k.words == 1)
		return 1; /* "Mass.", "Calif." */
	while (n && p[n - 1] == '.')
		n--;
	return ref_month_name(p, n) || fld_in_list(p, n, fld_regions);
}

/* Is the part p[0..n) a place's name (or a publisher's: caps, for
 * "UTET", "CEDAM"): one to three capitalised words, no abbreviation
 * closing it, not all in capitals unless caps, no "Univ…" word? */
static int fld_is_city(const char *p, size_t n, int caps)
{
	rtx_trim(&p, &n, 1);
	fld_shape k = fld_shape_of(p, n);
	unsigned char c = n ? (unsigned char)p[0] : 0;
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || p[i - 1] == ' ') && n - i >= 4 && !strncasecmp(p + i, "univ", 4))
			return 0;
	return n && !k.odd && k.words <= 3 && (isupper(c) || c >= 0x80) &&
	       (caps || k.upper < k.letters) && p[n - 1] != '.';
}

/* Does the place p[0..n), which ends in ".", end in an abbreviation
 * whose period belongs to it: a last word of one letter ("Frankfurt a.
 * M.", "Washington, D.C.", GOST's "М."), or a short word after the last
 * comma that is no region's full name ("Cambridge, Mass.", "Berkeley,
 * Calif.", not "Maidstone, Kent.")? */
static int fld_place_abbrev(const char *p, size_t n)
{
	static const char *const abbrevs[] = {"mass", "calif", "oxon", "hants", "herts", NULL};
	size_t w = n - 1, cl;
	while (w && p[w - 1] != ' ' && p[w - 1] != '.')
		w--;
	int32_t c1 = uc_at(p + w, n - 1 - w, 0, &cl);
	if (w < n - 1 && cl == n - 1 - w && uc_is_letter(c1))
		return 1; /* one letter */
	const char *c = NULL;
	for (size_t i = 0; i < n; i++)
		if (p[i] == ',')
			c = p + i;
	if (!c)
		return 0;
	const char *v = c + 1;
	size_t vn = (size_t)(p + n - v) - 1; /* without the period */
	rtx_trim_ws(&v, &vn);
	fld_shape k = fld_shape_of(v, vn);
	if (k.words != 1 || k.letters > 5 || k.letters < 2 || k.letters != vn ||
	    k.upper == k.letters)
		return 0; /* codes take no period: "Boston, MA" */
	/* "Kent", "Ohio", "Italy" are names, "Mass" and "Calif" not */
	return fld_in_list(v, vn, abbrevs) || !fld_in_list(v, vn, fld_regions);
}

static const ref_label *fld_fix_place_publisher(const char *s, const ref_token *t,
						const ref_label *l, size_t ntok,
						quire_arena *a)
{
	for (size_t i = 0; i < ntok; i++)
		if (l[i] == REF_PUBLISHER)
			return l;
	size_t b = 0;
	while (b < ntok && l[b] != REF_PLACE)
		b++;
	size_t e = b, comma = 0, commas = 0, colon = 0;
	for (; e < ntok; e++) {
		int inner = e + 1 < ntok && l[e + 1] == REF_PLACE &&
			    (tok_is(s, &t[e], ",") || tok_is(s, &t[e], ":"));
		if (l[e] != REF_PLACE && !(l[e] == REF_OTHER && inner))
			break;
		if (inner && tok_is(s, &t[e], ":") && !colon)
			colon = e;
		else if (inner)
			comma = e, commas++;
	}
	size_t pb = colon ? colon + 1 : comma + 1;
	if (b == ntok || (!colon && (commas != 1 || comma == b)))
		return l;
	size_t end = t[e - 1].off + t[e - 1].len;
	size_t n = e; /* the date follows the run */
	while (n < ntok && l[n] == REF_OTHER && tok_punct(s, &t[n]))
		n++;
	/* … or the run ends the entry, its date given before ("Eco, Umberto
	 * (1962), Opera aperta, Milano, Bompiani."), the place a city the
	 * list knows; the entry's closing period is not the name's ("Mohr."
	 * is no "Mass.") */
	int at_end = 0;
	if (!colon && n == ntok) {
		for (size_t q = 0; q < b; q++)
			at_end |= l[q] == REF_DATE;
		const char *c0 = s + t[b].off;
		size_t cn = t[comma].off - t[b].off;
		rtx_trim(&c0, &cn, 1);
		at_end = at_end && fld_in_list(c0, cn, fld_regions);
		if (at_end && e - 1 > pb && tok_is(s, &t[e - 1], "."))
			end = t[e - 2].off + t[e - 2].len;
	}
	if (fld_is_region(s + t[pb].off, end - t[pb].off))
		return l; /* "Cambridge: Mass", "Routledge: London" */
	if (!colon && ((!at_end && (n == ntok || l[n] != REF_DATE)) ||
		       !fld_is_city(s + t[b].off, t[comma].off - t[b].off, 0) ||
		       !fld_is_city(s + t[pb].off, end - t[pb].off, 1)))
		return l;
	ref_label *m = NULL;
	if (fld_relabel(l, ntok, pb, e, REF_PUBLISHER, &m, a))
		return l;
	return m;
}

/* A roman numeral alone read as the publisher, place or container, after
 * the date and before the pages ("Paris 1966², I, p. 120": the volume
 * cited). */
static const ref_label *fld_fix_roman_volume(const char *s, const ref_token *t,
					     const ref_label *l, size_t ntok, quire_arena *a)
{
	for (size_t i = 1; i + 1 < ntok; i++) {
		if ((l[i] != REF_PUBLISHER && l[i] != REF_PLACE && l[i] != REF_CONTAINER) ||
		    l[i - 1] == l[i] ||
		    (l[i + 1] == l[i] && !tok_punct(s, &t[i + 1])))
			continue;
		size_t b = i;
		while (b > 0 && l[b - 1] == REF_OTHER)
			b--;
		if (!b || l[b - 1] != REF_DATE || !fld_roman_span(s + t[i].off, t[i].len))
			continue;
		size_t e = i + 1;
		while (e < ntok && l[e] == l[i] && tok_punct(s, &t[e]))
			e++;
		size_t n = e;
		while (n < ntok && l[n] == REF_OTHER)
			n++;
		if (n < ntok && l[n] != REF_PAGES)
			continue;
		return fld_relabeled(l, ntok, i, e, REF_VOLUME, a);
	}
	return l;
}

/* A Vancouver author list ran into the title: "Okonkwo AN, Berg T. Salt,
 * state, and society …".  In that style a stop after a name's initials
 * ends the list; the author words after it, up to the title the
 * labeller did see, are the title's.  The list must be Vancouver's from
 * its first word: family and initials in pairs, "Family XX," at least
 * once, then "Family X."; the word after the stop no initial ("Eliot T.
 * S."), no "et al." and no year (".2009."). */
static const ref_label *fld_fix_vanc_overrun(const char *s, const ref_token *t, const ref_label *l,
					     size_t ntok, quire_arena *a)
{
	size_t i = 0, j, n, pairs = 0;
	while (i < ntok && l[i] == REF_OTHER)
		i++; /* a citation number */
	while (i < ntok && l[i] == REF_AUTHOR) {
		fld_word(s, t, ntok, i, &j, &n);
		if (!isupper((unsigned char)s[t[i].off]) || s[t[i].off + n - 1] == ',' || j >= ntok ||
		    l[j] != REF_AUTHOR)
			return l;
		const char *w = fld_word(s, t, ntok, j, &i, &n);
		if (fld_vanc_initials(w, n, 0) && w[n - 1] == ',') {
			pairs++;
			continue;
		}
		if (!pairs || !fld_vanc_initials(w, n, 1) || i >= ntok || l[i] != REF_AUTHOR)
			return l;
		size_t e, m, digit = 0;
		const char *x = fld_word(s, t, ntok, i, &e, &m);
		while (digit < m && !isdigit((unsigned char)x[digit]))
			digit++; /* (x need not end in a NUL) */
		if ((m == 2 && isupper((unsigned char)x[0]) && x[1] == '.') ||
		    rtx_word_eq(x, m, "et", 0) || rtx_word_eq(x, m, "and", 0) ||
		    rtx_word_eq(x, m, "&", 0) || digit < m)
			return l;
		size_t k = i;
		while (k < ntok && l[k] == REF_AUTHOR)
			k++;
		if (k == ntok || l[k] != REF_TITLE)
			return l;
		return fld_relabeled(l, ntok, i, k, REF_TITLE, a);
	}
	return l;
}

/* Italian and French journals in guillemets after ", in" run into the
 * title ("Il commercio del sale nel Veneto, in «Archivio Veneto», s. V,
 * 112 (1979)"): the quoted span is the container, the "in" and the rest
 * of the title run (", s.") other.  The quoted span must close
 * inside the run, within twenty tokens. */
static const ref_label *fld_fix_in_quoted(const char *s, const ref_token *t, const ref_label *l,
					  size_t ntok, quire_arena *a)
{
	for (size_t i = 1; i + 2 < ntok; i++) {
		size_t q = rtx_quote_len(s + t[i + 1].off, t[i + 1].len);
		if (l[i] != REF_TITLE || !tok_is(s, &t[i - 1], ",") ||
		    !(tok_is(s, &t[i], "in") || tok_is(s, &t[i], "dans")) ||
		    l[i + 1] != REF_TITLE || q < 2 || q != t[i + 1].len)
			continue;
		size_t c = i + 2;
		while (c < ntok && c < i + 22 && l[c] == REF_TITLE &&
		       !(t[c].len > 1 && rtx_quote_len(s + t[c].off, t[c].len) == t[c].len))
			c++;
		if (c >= ntok || c >= i + 22 || l[c] != REF_TITLE || c == i + 2)
			return l;
		ref_label *m = NULL;
		if (fld_relabel(l, ntok, i, i + 1, REF_OTHER, &m, a))
			return l;
		fld_relabel(l, ntok, i + 1, c + 1, REF_CONTAINER, &m, a);
		size_t e = c + 1;
		while (e < ntok && l[e] == REF_TITLE)
			e++;
		fld_relabel(l, ntok, c + 1, e, REF_OTHER, &m, a);
		return m;
	}
	return l;
}

/* A publisher's name cut before its last words, which were read as the
 * place: "Nancy : Presses universitaires de | Nancy, 1992", "Bruxelles :
 * Éditions de l'Université de | Bruxelles".  A name does not end in "de"
 * or "of"; the place words after one (at most three, up to the next
 * punctuation) are the name's. */
static const ref_label *fld_fix_publisher_of(const char *s, const ref_token *t,
					     const ref_label *l, size_t ntok,
					     quire_arena *a)
{
	static const char *const preps[] = {"de", "of", "di", "du", "des", "della",
		"del", "dei", "für", "for", "da", "do", "dos", "das", "van", "voor", NULL};
	for (size_t i = 1; i < ntok; i++) {
		if (l[i] != REF_PLACE || l[i - 1] != REF_PUBLISHER ||
		    !fld_in_list(s + t[i - 1].off, t[i - 1].len, preps) ||
		    t[i].word == t[i - 1].word)
			continue;
		size_t e = i, words = 0;
		while (e < ntok && l[e] == REF_PLACE && !tok_punct(s, &t[e])) {
			words += e == i || t[e].word != t[e - 1].word;
			e++;
		}
		if (words > 3)
			continue;
		/* the place's closing punctuation goes with it */
		while (e < ntok && l[e] == REF_PLACE && tok_punct(s, &t[e]))
			e++;
		return fld_relabeled(l, ntok, i, e, REF_PUBLISHER, a);
	}
	return l;
}

/* Is there an "In" (in, dans, im, en) labelled other before token b?  A
 * container after one is a chapter's, not a work cited whole. */
static int fld_in_before(const char *s, const ref_token *t, const ref_label *l, size_t b)
{
	static const char *const in[] = {"in", "dans", "im", "en", NULL};
	for (size_t i = 0; i < b; i++)
		if (l[i] == REF_OTHER && fld_tok_in(s, &t[i], in))
			return 1;
	return 0;
}

/* A link or a DOI inside *field (a word that starts "http://",
 * "https://" or "www.", or holds "10.NNNN/"), when the citation has none:
 * it becomes the URL or the DOI, and the field keeps the words before and
 * after it, less the words that introduce it ("available at:", "doi:"),
 * or goes when nothing else is left. */
static void fld_link_out(const char **field, quire_arena *a, ref_citation *out)
{
	const char *f = *field, *p = NULL;
	size_t len = 0;
	if (!f)
		return;
	int doi = 0;
	if (!out->url)
		p = fld_link_word(f, &len);
	if (!p && !out->doi) {
		for (const char *d = strstr(f, "10."); d; d = strstr(d + 1, "10.")) {
			size_t wl = strcspn(d, " ");
			const char *slash = memchr(d, '/', wl);
			if ((d == f || !isalnum((unsigned char)d[-1])) && slash && slash - d >= 7 &&
			    isdigit((unsigned char)d[3])) {
				p = d;
				len = wl;
				doi = 1;
				break;
			}
		}
	}
	if (!p)
		return;
	/* a link broken at a slash ("…/5010web/ REPORTS/AFD.pdf"): the next
	 * word with a slash in it goes on with it */
	while (!doi && len && p[len - 1] == '/' && p[len] == ' ') {
		size_t nl = strcspn(p + len + 1, " ");
		if (!nl || !memchr(p + len + 1, '/', nl) || memmem(p + len + 1, nl, "://", 3))
			break;
		len += 1 + nl;
	}
	const char *v = doi ? fld_doi(p, len, a) : fld_url(p, len, a);
	if (!v || (!doi && !strchr(v, '.')))
		return; /* "http://" alone: a link the labeller cut */
	if (doi)
		out->doi = v;
	else
		out->url = v;
	/* the words around it, less those that introduce it */
	const char *b = f, *e = p + len;
	size_t bn = (size_t)(p - f), en = strlen(e);
	if (fld_only_intro(b, bn) && fld_only_intro(e, en)) {
		*field = NULL;
		return;
	}
	for (int round = 0; round < 4; round++) {
		rtx_trim_ws(&b, &bn);
		while (bn && (b[bn - 1] == '<' || b[bn - 1] == '>'))
			bn--;
		rtx_trim(&b, &bn, 1);
		size_t w = bn;
		while (w && b[w - 1] != ' ')
			w--;
		int hit = 0;
		for (size_t i = 0; fld_link_intro[i] && !hit; i++)
			hit = rtx_word_eq(b + w, bn - w, fld_link_intro[i], 1);
		if (!hit)
			break;
		bn = w;
	}
	rtx_trim(&b, &bn, 0); /* its stop closed the words before the link */
	rtx_trim(&e, &en, 1);
	if (bn && en) {
		char *j = quire_arena_alloc(a, bn + en + 2);
		if (!j)
			return;
		memcpy(j, b, bn);
		j[bn] = ' ';
		memcpy(j + bn + 1, e, en);
		j[bn + en + 1] = 0;
		*field = j;
	} else {
		*field = bn ? rtx_dup(a, b, bn) : en ? rtx_dup(a, e, en) : NULL;
	}
}

/* "« Salaire et statut », in", "… Collections.“ In", "Friend or Foe? – In":
 * the "In" that opens the container, run into the title, goes with the
 * separator before it — only after a separator, so "Made in" stays. */
static void fld_title_in_tail(const char **p, size_t *n)
{
	static const char *const words[] = {"in", "In", "in:", "In:", "dans", "Dans", NULL};
	const char *s = *p;
	size_t w = *n;
	while (w && !rtx_ws(s + w - 1, *n - w + 1))
		w--;
	int hit = 0;
	for (size_t i = 0; words[i] && !hit; i++)
		hit = *n - w == strlen(words[i]) && memcmp(s + w, words[i], *n - w) == 0;
	size_t b = w;
	while (b && rtx_ws(s + b - 1, *n - b + 1))
		b--;
	if (!hit || b == 0 || b == w)
		return;
	const unsigned char *e = (const unsigned char *)s + b;
	int sep = e[-1] == ',' || e[-1] == '.' || e[-1] == '"' || e[-1] == ';' ||
		  (b >= 2 && e[-2] == 0xC2 && e[-1] == 0xBB) ||                      /* » */
		  (b >= 3 && e[-3] == 0xE2 && e[-2] == 0x80 && (e[-1] == 0x9C || e[-1] == 0x9D ||
								e[-1] == 0x93 || e[-1] == 0x94));
	if (!sep)
		return;
	if (e[-1] == 0x93 || e[-1] == 0x94)
		b -= 3; /* the dash goes with it */
	*n = b;
	rtx_trim(p, n, 1);
}

/* "Title [Internet]", "Titre [En ligne]": the medium in brackets after a
 * title (Vancouver's and ISO 690's mark of an online work) is no part of
 * it. */
static void fld_title_medium(const char **p, size_t *n)
{
	static const char *const media[] = {"[internet]", "[online]", "[en ligne]",
		"[on-line]", "[electronic resource]", "[elektronische ressource]",
		"[recurso electrónico]", "[online-ressource]", "[microform]", NULL};
	const char *s = *p;
	size_t k = *n;
	while (k && strchr(".,;: ", s[k - 1]))
		k--;
	for (size_t i = 0; media[i]; i++) {
		size_t m = strlen(media[i]), j = 0;
		if (k <= m || !rtx_ws(s + k - m - 1, 1))
			continue;
		/* byte by byte: s need not end in a NUL */
		while (j < m && tolower((unsigned char)s[k - m + j]) == media[i][j])
			j++;
		if (j == m) {
			*n = k - m;
			rtx_trim(p, n, 1);
			return;
		}
	}
}

/* "Seix Barral,1970", "Porto, Portugal: 2012", "Louvain,(2005": a year
 * (1500-2099) after a separator at the end of *field goes to d and off
 * the field; returns 1 when it did.  A field that is a year alone, or a
 * year without a separator ("Studio 2000"), stays. */
static int fld_imprint_year(const char **field, quire_arena *a, ref_date *d)
{
	const char *p = *field;
	if (!p)
		return 0;
	size_t e = strlen(p);
	if (e && p[e - 1] == ')')
		e--;
	size_t y = e;
	while (y && isdigit((unsigned char)p[y - 1]))
		y--;
	if (e - y != 4 || fld_number(p + y, 4) < 1500 || fld_number(p + y, 4) > 2099)
		return 0;
	size_t b = y;
	if (b && p[b - 1] == '(')
		b--;
	while (b && p[b - 1] == ' ')
		b--;
	if (!b || !strchr(",:;", p[b - 1]))
		return 0;
	b--;
	while (b && p[b - 1] == ' ')
		b--;
	if (!b)
		return 0;
	ref_parse_date(p + y, 4, a, d);
	*field = rtx_dup(a, p, b);
	return d->year != 0;
}

/* Words of a proceedings volume's or a periodical's name. */
static const char *const fld_serial_words[] = {"proc", "proceedings",
	"conference", "symposium", "workshop", "congress", "meeting", "journal",
	"review", "bulletin", "transactions", "annals", "letters", "zeitschrift",
	"revue", "rivista", NULL};

/*
 * A work cited whole whose title the labeller read as a container ("C.
 * Bologna – P. Boitani (a c. di), Alessandro nel Medioevo occidentale,
 * Milano 1997", "R. Stoneman, Il romanzo di Alessandro. Volume I, Milano
 * 2007"): one container run and no title, no issue, no "In" before it,
 * no volume (or a roman one, without pages unless the imprint is whole),
 * and a publisher, place or editor — the run is the title, in the tokens
 * as in the fields (ref_fields_ctx makes the same reading of what is
 * left, proceedings too: the datasets label a proceedings volume cited
 * whole either way, so its tokens stay as the labeller put them).  An
 * arabic volume is a book's when a publisher is named and no pages
 * ("Speech and human-machine dialog, Vol. 770, Springer, 2004"); a
 * periodical's name ("Journal", "Review", "Revue" …) keeps the run a
 * container.
 */
static const ref_label *fld_fix_container_work(const char *s, const ref_token *t,
					       const ref_label *l, size_t ntok,
					       quire_arena *a)
{
	int have[REF_N_LABELS] = {0};
	for (size_t i = 0; i < ntok; i++)
		have[l[i]]++;
	if (have[REF_TITLE] || !have[REF_CONTAINER] || have[REF_ISSUE] ||
	    !(have[REF_PUBLISHER] || have[REF_PLACE] || have[REF_EDITOR]))
		return l;
	size_t b = 0;
	while (l[b] != REF_CONTAINER)
		b++;
	size_t e = b;
	while (e < ntok && l[e] == REF_CONTAINER)
		e++;
	for (size_t k = e; k < ntok; k++)
		if (l[k] == REF_CONTAINER)
			return l; /* two runs */
	/* "In" anywhere before it ("In Jun Niu, ed., Cold War Essays"), or
	 * opening it */
	if (fld_in_before(s, t, l, b) || tok_is(s, &t[b], "in") || tok_is(s, &t[b], "dans"))
		return l;
	for (size_t k = b; k < e; k++)
		if (fld_tok_in(s, &t[k], fld_serial_words))
			return l;
	if (have[REF_VOLUME]) {
		/* the first volume run's number, as fld_volume_issue reads it */
		size_t vb = 0, ve;
		while (l[vb] != REF_VOLUME)
			vb++;
		for (ve = vb; ve < ntok && l[ve] == REF_VOLUME; ve++)
			;
		const char *vp = s + t[vb].off;
		size_t vn = t[ve - 1].off + t[ve - 1].len - t[vb].off;
		int worded = rtx_strip_prefix(&vp, &vn, fld_volume_words);
		rtx_trim(&vp, &vn, 0);
		char v[16] = "";
		if (vn < sizeof v)
			memcpy(v, vp, vn), v[vn] = 0;
		/* a roman volume, without pages unless the imprint is whole; an
		 * arabic one with a publisher and no pages ("Speech and
		 * human-machine dialog, Vol. 770, Springer, 2004"), or named so
		 * with a place ("Das Salz im Mittelalter, Bd. 2, Berlin 1931", a
		 * note's page being its pinpoint) */
		int roman = fld_roman(v);
		if (roman ? have[REF_PAGES] && !(have[REF_PUBLISHER] && have[REF_PLACE])
			  : have[REF_PAGES] || !(have[REF_PUBLISHER] || (worded && have[REF_PLACE])))
			return l;
	}
	ref_label *m = NULL;
	if (fld_relabel(l, ntok, b, e, REF_TITLE, &m, a))
		return l;
	return m;
}

/*
 * The French and Italian series: "Paris, Gallimard, coll. « Bibliothèque
 * des histoires », 1975", "Milano, Feltrinelli, collana « Campi del
 * sapere », 1990": "coll.", "collection" or "collana" and a name in
 * quotation marks, which the labeller ran into the publisher or the
 * place, is the collection title (its text without the word and the
 * marks, ref_fields_ctx).
 */
static const char *const fld_coll_words[] = {"coll", "collection", "collana", NULL};

static int fld_opens_quote(const char *s, const ref_token *t)
{
	return tok_is(s, t, "«") || tok_is(s, t, "“") || tok_is(s, t, "\"");
}

static int fld_closes_quote(const char *s, const ref_token *t)
{
	return tok_is(s, t, "»") || tok_is(s, t, "”") || tok_is(s, t, "\"");
}

static const ref_label *fld_fix_collection(const char *s, const ref_token *t,
					   const ref_label *l, size_t ntok, quire_arena *a)
{
	ref_label *m = NULL;
	for (size_t i = 0; i + 2 < ntok; i++) {
		const ref_label *c = m ? m : l;
		/* a title's word stays the title's; a container's only when
		 * the word opens it ("… Paris: Plon, 1955. Collection « Terre
		 * humaine »." read as a container) */
		if (!fld_tok_in(s, &t[i], fld_coll_words) || c[i] == REF_TITLE ||
		    c[i] == REF_COLLECTION ||
		    (c[i] == REF_CONTAINER && i > 0 && c[i - 1] == REF_CONTAINER))
			continue;
		size_t q = i + 1;
		if (tok_is(s, &t[q], "."))
			q++;
		if (q >= ntok || !fld_opens_quote(s, &t[q]))
			continue;
		size_t e = q + 1;
		while (e < ntok && e - q <= 24 && !fld_closes_quote(s, &t[e]))
			e++;
		if (e >= ntok || e - q > 24 || e == q + 1)
			continue;
		/* the rest of the closing mark's word: "»." */
		while (e + 1 < ntok && t[e + 1].word == t[e].word && tok_punct(s, &t[e + 1]))
			e++;
		if (fld_relabel(l, ntok, i, e + 1, REF_COLLECTION, &m, a))
			return l;
		i = e;
	}
	return m ? m : l;
}

/*
 * "Schmitt, Carl, Der Begriff des Politischen": the labeller took a
 * title's opening article, after the comma that closes the names, for
 * more of them.  When the author run ends in such a word of its own
 * (Der, Die, Das, Le, La, Les, Il, Lo, Gli, El, Los, Las, The …) right
 * after a comma, and the title follows at once, the article is the
 * title's.
 */
static const ref_label *fld_fix_author_article(const char *s, const ref_token *t,
					       const ref_label *l, size_t ntok,
					       quire_arena *a)
{
	static const char *const articles[] = {"Der", "Die", "Das", "Le", "La", "Les",
		"Il", "Lo", "Gli", "El", "Los", "Las", "The", "Un", "Une", "Ein", "Eine", NULL};
	size_t b = fld_first_field(l, ntok);
	if (b == ntok || l[b] != REF_AUTHOR)
		return l;
	size_t e = b;
	while (e < ntok && l[e] == REF_AUTHOR)
		e++;
	if (e >= ntok || e - b < 3 || l[e] != REF_TITLE || t[e].word == t[e - 1].word ||
	    !tok_is(s, &t[e - 2], ",") || t[e - 1].word == t[e - 2].word)
		return l;
	int art = 0;
	for (const char *const *w = articles; *w && !art; w++)
		art = t[e - 1].len == strlen(*w) && !memcmp(s + t[e - 1].off, *w, t[e - 1].len);
	ref_label *m = NULL;
	if (!art || fld_relabel(l, ntok, e - 1, e, REF_TITLE, &m, a))
		return l;
	return m;
}

const ref_label *ref_labels_fix(const char *s, const ref_token *toks,
				const ref_label *labels, size_t ntok, quire_arena *a)
{
	labels = fld_fix_same_author(s, toks, labels, ntok, a);
	labels = fld_fix_dash_role(s, toks, labels, ntok, a);
	labels = fld_fix_given_colon(s, toks, labels, ntok, a);
	labels = fld_fix_list_given(s, toks, labels, ntok, a);
	labels = fld_fix_family_initials_title(s, toks, labels, ntok, a);
	labels = fld_fix_initials_title(s, toks, labels, ntok, a);
	labels = fld_fix_vanc_title_author(s, toks, labels, ntok, a);
	labels = fld_fix_given_first_title(s, toks, labels, ntok, a);
	labels = fld_fix_author_article(s, toks, labels, ntok, a);
	labels = fld_fix_cjk_entry(s, toks, labels, ntok, a);
	labels = fld_fix_cjk_brackets(s, toks, labels, ntok, a);
	labels = fld_fix_month_edition(s, toks, labels, ntok, a);
	labels = fld_fix_gbt(s, toks, labels, ntok, a);
	labels = fld_fix_nodate(s, toks, labels, ntok, a);
	labels = fld_fix_org_title(s, toks, labels, ntok, a);
	labels = fld_fix_org_colon(s, toks, labels, ntok, a);
	labels = fld_fix_role_names(s, toks, labels, ntok, a);
	labels = fld_fix_roles(s, toks, labels, ntok, a);
	labels = fld_fix_imprint(s, toks, labels, ntok, a);
	labels = fld_fix_thesis(s, toks, labels, ntok, a);
	labels = fld_fix_thesis_bracket(s, toks, labels, ntok, a);
	labels = fld_fix_thesis_imprint(s, toks, labels, ntok, a);
	labels = fld_fix_year_span(s, toks, labels, ntok, a);
	labels = fld_fix_title_span(s, toks, labels, ntok, a);
	labels = fld_fix_din_series_number(s, toks, labels, ntok, a);
	labels = fld_fix_journal_publisher(s, toks, labels, ntok, a);
	labels = fld_fix_pages_publisher(s, toks, labels, ntok, a);
	labels = fld_fix_apa_brackets(s, toks, labels, ntok, a);
	labels = fld_fix_apa_role(s, toks, labels, ntok, a);
	labels = fld_fix_apa_publisher(s, toks, labels, ntok, a);
	labels = fld_fix_editor_publisher(s, toks, labels, ntok, a);
	labels = fld_fix_edition_before_issue(s, toks, labels, ntok, a);
	labels = fld_fix_container_imprint(s, toks, labels, ntok, a);
	labels = fld_fix_series_after_stop(s, toks, labels, ntok, a);
	labels = fld_fix_quoted_title_end(s, toks, labels, ntok, a);
	labels = fld_fix_online_container(s, toks, labels, ntok, a);
	labels = fld_fix_editor_back(s, toks, labels, ntok, a);
	labels = fld_fix_container_span(s, toks, labels, ntok, a);
	labels = fld_fix_ieee_eds(s, toks, labels, ntok, a);
	labels = fld_fix_month_day(s, toks, labels, ntok, a);
	labels = fld_fix_quoted_number(s, toks, labels, ntok, a);
	labels = fld_fix_last_modified(s, toks, labels, ntok, a);
	labels = fld_fix_opening_mark(s, toks, labels, ntok, a);
	labels = fld_fix_available_site(s, toks, labels, ntok, a);
	labels = fld_fix_in_site(s, toks, labels, ntok, a);
	labels = fld_fix_title_span_bracket(s, toks, labels, ntok, a);
	labels = fld_fix_issue_date(s, toks, labels, ntok, a);
	labels = fld_fix_volume_word(s, toks, labels, ntok, a);
	labels = fld_fix_volume_issue(s, toks, labels, ntok, a);
	labels = fld_fix_orig_edition(s, toks, labels, ntok, a);
	labels = fld_fix_sup_year(s, toks, labels, ntok, a);
	labels = fld_fix_series_eq(s, toks, labels, ntok, a);
	labels = fld_fix_series_after(s, toks, labels, ntok, a);
	labels = fld_fix_series_numbered(s, toks, labels, ntok, a);
	labels = fld_fix_series_quoted(s, toks, labels, ntok, a);
	labels = fld_fix_volume_count(s, toks, labels, ntok, a);
	labels = fld_fix_periodical_note(s, toks, labels, ntok, a);
	labels = fld_fix_collection(s, toks, labels, ntok, a);
	labels = fld_fix_place_publisher(s, toks, labels, ntok, a);
	labels = fld_fix_publisher_of(s, toks, labels, ntok, a);
	labels = fld_fix_in_quoted(s, toks, labels, ntok, a);
	labels = fld_fix_vanc_overrun(s, toks, labels, ntok, a);
	labels = fld_fix_roman_volume(s, toks, labels, ntok, a);
	return fld_fix_container_work(s, toks, labels, ntok, a);
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
	labels = ref_labels_fix(s, toks, labels, ntok, a);
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
	out->raw = rtx_dup(a, s + toks[0].off,
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
		if (l == REF_AUTHOR && (fld_is_dash_only(text, tn) ||
					fld_is_same_author(text, tn))) {
			out->same_authors = 1;
			if (prev) {
				out->authors = prev->authors;
				out->n_authors = prev->n_authors;
				out->et_al |= prev->et_al & REF_ETAL_AUTHORS;
			}
			continue;
		}
		/* "———, ed.": the names of the entry before, as editors
		 * (translators) now */
		int kind;
		if (l != REF_AUTHOR && runs == 1 &&
		    fld_dash_role_end(s, toks, ntok, first[l].tb, &kind) == first[l].te) {
			out->same_authors = 1;
			ref_name *pn = prev ? (prev->n_authors ? prev->authors : prev->editors) : NULL;
			size_t pk = prev ? (prev->n_authors ? prev->n_authors : prev->n_editors) : 0;
			if (l == REF_EDITOR) {
				out->editors = pn;
				out->n_editors = pk;
			} else {
				out->translators = pn;
				out->n_translators = pk;
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
	const char *link = NULL; /* a link read as a later publisher */
	/* an organisation that opens the entry, read as its publisher
	 * ("Woodrow Wilson International Center for Scholars. 2001. …",
	 * "World Health Organization. Global report …": GROBID's data
	 * labels such authors publisher) is its author; a later publisher
	 * run is the publisher, else the organisation stays the publisher
	 * too (a report's issuing body) */
	if (!have[REF_AUTHOR] && !have[REF_EDITOR] && have[REF_PUBLISHER] &&
	    fld_opens_entry(labels, ntok, first[REF_PUBLISHER].tb) &&
	    !fld_press_run(s, toks, &first[REF_PUBLISHER]) &&
	    fld_before_date_or_title(labels, ntok, first[REF_PUBLISHER].te)) {
		const char *p = s + first[REF_PUBLISHER].b;
		size_t n = first[REF_PUBLISHER].e - first[REF_PUBLISHER].b;
		rtx_trim(&p, &n, 0);
		ref_name *nm = quire_arena_alloc(a, sizeof *nm);
		if (nm && n) {
			memset(nm, 0, sizeof *nm);
			nm->literal = rtx_dup(a, p, n);
			out->authors = nm;
			out->n_authors = 1;
		}
		fld_run later;
		size_t from = first[REF_PUBLISHER].te;
		while (fld_next_run(labels, ntok, toks, from, REF_PUBLISHER, &later)) {
			char *t = rtx_dup(a, s + later.b, later.e - later.b);
			if (t && !fld_is_bare_url(t)) {
				first[REF_PUBLISHER] = later;
				break;
			}
			if (t && !link) /* a link is the URL's */
				link = t;
			from = later.te;
		}
	}
	/* text fields: the first run, trimmed */
	struct {
		const char **dst;
		ref_label l;
		int keep_period;
	} text[] = {
		{&out->title, REF_TITLE, 1},
		{&out->container_title, REF_CONTAINER, 1},
		{&out->collection_title, REF_COLLECTION, 1},
		{&out->publisher, REF_PUBLISHER, 1},
		{&out->place, REF_PLACE, 0},
		{&out->genre, REF_GENRE, 1},
		{&out->note, REF_NOTE, 1},
	};
	for (size_t t = 0; t < sizeof text / sizeof text[0]; t++) {
		ref_label l = text[t].l;
		if (!have[l])
			continue;
		const char *p = s + first[l].b;
		size_t n = first[l].e - first[l].b;
		/* a publisher or place that runs out of a bracket opened before
		 * it ("[Doctoral dissertation, University of Leith]. Leith
		 * Repository", APA) ends at the bracket */
		if (l == REF_PUBLISHER || l == REF_PLACE) {
			const char *close = memchr(p, ']', n);
			if (close && !memchr(p, '[', (size_t)(close - p)))
				n = (size_t)(close - p);
		}
		/* MHRA's "(unpublished PhD diss., …)": the thesis, unpublished
		 * as every thesis is ("Unpublished paper" keeps its word) */
		static const char *const thesis_words[] = {"diss", "thesis", "thèse", "tesi",
			"phd", "ph.d", NULL};
		size_t un = n && *p == '(' ? 1 : 0;
		if (l == REF_GENRE && n > un + 12 && strncasecmp(p + un, "unpublished ", 12) == 0 &&
		    rtx_has_any(rtx_dup(a, p, n), thesis_words)) {
			p += un + 12;
			n -= un + 12;
		}
		/* GOST's area separator ("… Балтики. — М.: Наука, 1985. —
		 * 240 с.") is no part of the place, publisher or note */
		if (l == REF_PUBLISHER || l == REF_PLACE || l == REF_NOTE) {
			size_t d = 0;
			while (n && (*p == ' ' ||
				     ((d = rtx_dash(p, n)) != 0 && (d == n || p[d] == ' ')))) {
				size_t k = *p == ' ' ? 1 : d; /* "— " only: "-ph/07" stays */
				p += k;
				n -= k;
			}
		}
		/* "coll. « Folio »" is the collection "Folio" */
		if (l == REF_COLLECTION) {
			const char *q = p;
			size_t qn = n;
			if (rtx_strip_prefix(&q, &qn, fld_coll_words) && qn &&
			    rtx_quote_len(q, qn))
				p = q, n = qn;
		}
		rtx_trim(&p, &n, text[t].keep_period);
		if (l == REF_TITLE) {
			fld_title_in_tail(&p, &n);
			fld_title_medium(&p, &n);
		}
		/* a title's final period goes, an abbreviation's stays
		 * ("Proc.", "Univ. Press", "PhD diss."): drop it when the
		 * last word is longer than four letters */
		if (text[t].keep_period && n && p[n - 1] == '.') {
			size_t w = n - 1;
			while (w && !rtx_ws(p + w - 1, 1) && p[w - 1] != '.')
				w--;
			if (n - 1 - w > 4 || (l == REF_TITLE && n - 1 - w > 1) ||
			    (l == REF_PUBLISHER && n - 1 - w > 1 &&
			     !fld_is_abbrev(p + w, n - 1 - w)) ||
			    /* a journal abbreviated without periods ("N Engl J
			     * Med.", "Curr Opin HIV AIDS."): the last one is the
			     * entry's stop (not inside a bracket: "(3 vols.") */
			    (l == REF_CONTAINER && n > 2 && !memchr(p, '.', n - 1) &&
			     rtx_count(p, n, '(') <= rtx_count(p, n, ')')))
				n--;
		}
		/* a place's abbreviation keeps the period trimmed with the
		 * entry's ("Frankfurt a. M.", "Cambridge, Mass.") */
		if (l == REF_PLACE && n && p + n < s + first[l].e && p[n] == '.' &&
		    fld_place_abbrev(p, n + 1))
			n++;
		if (n)
			*text[t].dst = rtx_dup(a, p, n);
	}
	const char *vs = have[REF_VOLUME] ? s + first[REF_VOLUME].b : NULL;
	size_t vn = have[REF_VOLUME] ? first[REF_VOLUME].e - first[REF_VOLUME].b : 0;
	if (have[REF_EDITION]) {
		/* "3 voll." read as an edition is the count of volumes, "Bd. 2"
		 * (AnyStyle's data marks some so) the volume */
		const char *es = s + first[REF_EDITION].b;
		size_t en = first[REF_EDITION].e - first[REF_EDITION].b, nv;
		rtx_trim(&es, &en, 0);
		if ((nv = fld_volume_count(es, en)) != 0)
			out->volumes = rtx_dup(a, es, nv);
		else if (!vs && fld_edition_volume(&es, &en) != 0) {
			vs = es;
			vn = en;
		} else
			out->edition = fld_edition(es, en, a);
	}
	const char *ps = have[REF_PAGES] ? s + first[REF_PAGES].b : NULL;
	size_t pn = have[REF_PAGES] ? first[REF_PAGES].e - first[REF_PAGES].b : 0;
	/* "58(1):267-288" labelled the volume alone or the pages alone: the
	 * volume and issue before the colon, the pages after it */
	if ((vs != NULL) != (ps != NULL)) {
		const char *t = vs ? vs : ps;
		size_t tn = vs ? vn : pn, c;
		rtx_trim(&t, &tn, 0);
		rtx_strip_prefix(&t, &tn, fld_volume_words);
		if ((c = fld_vol_colon(t, tn)) != 0) {
			vs = t;
			vn = c;
			ps = t + c + 1;
			pn = tn - c - 1;
		}
	}
	const char *iss = have[REF_ISSUE] ? s + first[REF_ISSUE].b : NULL;
	size_t issn = have[REF_ISSUE] ? first[REF_ISSUE].e - first[REF_ISSUE].b : 0;
	fld_run later;
	/* the issue after the date, read as a second volume ("45 (1920), H.
	 * 2,", "12 (1988), no. 3"): a later volume run opened by an issue word */
	if (!iss && have[REF_VOLUME] &&
	    fld_next_run(labels, ntok, toks, first[REF_VOLUME].te, REF_VOLUME, &later)) {
		const char *t = s + later.b, *u;
		size_t tn = later.e - later.b, un;
		rtx_trim(&t, &tn, 0);
		u = t;
		un = tn;
		if (rtx_strip_prefix(&u, &un, fld_issue_words) && un && isdigit((unsigned char)*u)) {
			iss = t;
			issn = tn;
		}
	}
	fld_volume_issue(vs, vn, iss, issn, a, out);
	fld_series_letter(out, a);
	if (ps) {
		const char *cs;
		size_t cn, d;
		/* GOST's area separator before the length ("— 272 с.") */
		if ((d = rtx_dash(ps, pn)) != 0 && d < pn && ps[d] == ' ') {
			ps += d + 1;
			pn -= d + 1;
		}
		/* a length ("316 p.", "44 p." of a report in a series, "6
		 * pages" of an online article): the number of pages */
		if (fld_page_count(ps, pn, &cs, &cn))
			out->pages_total = rtx_dup(a, cs, cn);
		else
			out->page = fld_pages(ps, pn, a);
	}
	/* a note that is a length alone (GOST's "— 356 с." closing the
	 * entry, read as a note): the number of pages */
	if (!out->page && !out->pages_total && out->note) {
		const char *cs;
		size_t cn;
		if (fld_page_count(out->note, strlen(out->note), &cs, &cn)) {
			out->pages_total = rtx_dup(a, cs, cn);
			out->note = NULL;
		}
	}
	if (have[REF_DOI])
		out->doi = fld_doi(s + first[REF_DOI].b,
				   first[REF_DOI].e - first[REF_DOI].b, a);
	if (have[REF_URL]) {
		/* the first URL run that holds a link: "[en línea]" (ISO 690's
		 * medium) read as the URL before "Disponible en: https://…" */
		fld_run ur = first[REF_URL];
		do {
			out->url = fld_url(s + ur.b, ur.e - ur.b, a);
			if (out->url && (strstr(out->url, "://") || strncasecmp(out->url, "www.", 4) == 0))
				break;
			out->url = NULL;
		} while (fld_next_run(labels, ntok, toks, ur.te, REF_URL, &ur));
		if (!out->url) /* none: the first, as read */
			out->url = fld_url(s + first[REF_URL].b,
					   first[REF_URL].e - first[REF_URL].b, a);
	}
	if (!out->url && link)
		out->url = fld_url(link, strlen(link), a);
	if (out->collection_title)
		fld_collection_number(out, a);
	/* a link or a DOI in another field, alone or among other words
	 * ("Disponível em: <http://…>. Acesso em", "Denver, Colorado. Further
	 * information available at: http://…", "doi: 10.1080/…" read as the
	 * note): cut out of it into its own field */
	{
		const char **in[] = {&out->container_title, &out->publisher, &out->note,
				     &out->collection_title, &out->place, &out->genre, &out->page};
		for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
			fld_link_out(in[i], a, out);
	}
	/* a publisher or container title that is a link alone was read in
	 * the wrong field ("Charleston, South Carolina. http://…"): it is
	 * the URL */
	if (!out->url) {
		const char **moved[] = {&out->publisher, &out->container_title};
		for (size_t i = 0; i < sizeof moved / sizeof moved[0] && !out->url; i++)
			if (*moved[i] && fld_is_bare_url(*moved[i])) {
				out->url = fld_url(*moved[i], strlen(*moved[i]), a);
				if (out->url)
					*moved[i] = NULL;
			}
	}
	/* a doi.org URL, wherever it was read, is the DOI (MHRA's
	 * "<https://doi.org/10.5555/…>") */
	if (out->url && !out->doi && strstr(out->url, "doi.org/10."))
		out->doi = fld_doi(out->url, strlen(out->url), a);
	if (have[REF_ISBN])
		out->isbn = fld_isbn(s + first[REF_ISBN].b,
				     first[REF_ISBN].e - first[REF_ISBN].b, a);
	if (have[REF_DATE]) {
		/* a date after "Acesso em:", "Accessed", "consulté le" is the
		 * access date (ABNT's "Disponível em: <…>. Acesso em: 12 jan.
		 * 2020."); the issued date is then the next date run, if any */
		fld_run dr = first[REF_DATE];
		if (fld_after_access_word(s, toks, dr.tb)) {
			ref_parse_date(s + dr.b, dr.e - dr.b, a, &out->accessed);
			if (fld_next_run(labels, ntok, toks, dr.te, REF_DATE, &dr))
				fld_dates(s + dr.b, dr.e - dr.b, a, out);
		} else
			fld_dates(s + dr.b, dr.e - dr.b, a, out);
	}
	fld_vancouver(s, toks, labels, ntok, have[REF_ISSUE] ? &first[REF_ISSUE] : NULL,
		      have[REF_PAGES] ? &first[REF_PAGES] : NULL, a, out);
	if (have[REF_ACCESSED]) {
		const char *p = s + first[REF_ACCESSED].b;
		size_t n = first[REF_ACCESSED].e - first[REF_ACCESSED].b;
		rtx_trim(&p, &n, 0);
		rtx_strip_prefix(&p, &n, fld_accessed_pre);
		ref_parse_date(p, n, a, &out->accessed);
	}
	/* "Accessed 30 March 2003." read as the note (the datasets have no
	 * access-date label: AnyStyle's data puts it in the note) */
	if (!out->accessed.year && out->note) {
		static const char *const lead[] = {"accessed", "retrieved", "viewed",
			"consulted", "consulté", "abgerufen", "zugegriffen", "visited",
			"zuletzt", "consultado", "consultato", "last", "zugriff", "consulta",
			"aufgerufen", NULL};
		const char *p = out->note;
		size_t n = strlen(p);
		/* Vancouver's "[cited 2021 Mar 3]", with only the words that
		 * introduce the link after it ("[cited …]. Available from") */
		const char *close = NULL; /* "[cited …]", Harvard's "(Accessed …)" */
		if (n > 1 && (p[0] == '[' || p[0] == '('))
			close = memchr(p, p[0] == '[' ? ']' : ')', n);
		int lead_word = 0;
		if (close && fld_only_intro(close + 1, (size_t)(p + n - close - 1))) {
			p++;
			n = (size_t)(close - p);
		}
		/* "cited 2014 Nov 30"; "Cited By (since 1996): 3." is none */
		size_t cw = rtx_word_at(p, n, "cited");
		if (cw && cw + 1 < n && p[cw] == ' ' && isdigit((unsigned char)p[cw + 1]))
			lead_word = 1;
		for (size_t i = 0; lead[i] && !lead_word; i++)
			lead_word = rtx_word_at(p, n, lead[i]) != 0;
		size_t words = 0;
		if (lead_word) {
			rtx_strip_prefix(&p, &n, fld_accessed_pre);
			for (size_t i = 0; i < n; i++)
				words += (i == 0 || p[i - 1] == ' ') && p[i] != ' ';
		}
		ref_date d;
		if (lead_word && words <= 4) {
			ref_parse_date(p, n, a, &d);
			if (d.year) {
				out->accessed = d;
				out->note = NULL;
			}
		}
	}
	int report_no = fld_report_number(out, a) || fld_title_number(out, a);
	/* MHRA's "(unpublished Master’s thesis, University …)" read as a
	 * note: the thesis's phrase is the genre */
	if (!out->genre && out->note) {
		const char *g = out->note;
		size_t gn = strlen(g);
		if (gn && *g == '(')
			g++, gn--;
		while (gn && strchr(",.) ", g[gn - 1]))
			gn--;
		if (gn > 12 && !strncasecmp(g, "unpublished ", 12) &&
		    fld_in_list(g + 12, gn - 12, fld_thesis_phrases)) {
			out->genre = rtx_dup(a, g + 12, gn - 12);
			out->note = NULL;
		}
	}
	/* ISO 690's medium, "[online]", "[en ligne]", read as the genre: it
	 * says how the work is read, not what it is */
	if (out->genre) {
		static const char *const medium[] = {"online", "on-line", "en ligne",
			"en línea", "internet", NULL};
		const char *g = out->genre;
		size_t gn = strlen(g);
		while (gn && strchr("[]. ", g[gn - 1]))
			gn--;
		while (gn && strchr("[ ", *g))
			g++, gn--;
		if (fld_in_list(g, gn, medium))
			out->genre = NULL;
	}
	/* Harvard's "(Accessed: 2 September 2023)" after the link, read as
	 * a second note: the access date, from the entry's text (the
	 * datasets label it a note, so the labels stay) */
	if (!out->accessed.year && out->raw) {
		const char *o = strstr(out->raw, "(Accessed");
		if (!o) /* (two strstr cost less than one strcasestr here) */
			o = strstr(out->raw, "(accessed");
		const char *c = o ? strchr(o, ')') : NULL;
		if (c && c - o < 48) {
			const char *p = o + 1;
			size_t n = (size_t)(c - p);
			rtx_strip_prefix(&p, &n, fld_accessed_pre);
			while (n && (*p == ':' || *p == ' '))
				p++, n--;
			ref_date d;
			ref_parse_date(p, n, a, &d);
			if (d.year)
				out->accessed = d;
		}
	}
	/* a year the labeller left at the end of the imprint ("Seix
	 * Barral,1970", "New York,2013"), when no date was read */
	if (!out->issued.year && !out->issued.literal)
		if (!fld_imprint_year(&out->publisher, a, &out->issued))
			fld_imprint_year(&out->place, a, &out->issued);
	/* Harvard's proceedings with the meeting's name after them, "in
	 * Proceedings of the Annual Meeting of the Society …. Annual Meeting
	 * of the Society …": a last sentence the container already holds
	 * goes */
	if (out->container_title) {
		const char *ct = out->container_title;
		const char *dot = NULL;
		for (const char *q = strstr(ct, ". "); q; q = strstr(q + 1, ". "))
			dot = q;
		if (dot && dot - ct > 8 && strlen(dot + 2) > 8) {
			char *head = rtx_dup(a, ct, (size_t)(dot - ct));
			if (head && strstr(head, dot + 2))
				out->container_title = head;
		}
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
			if (j == k && p[k] == ' ' && p[k + 1] == ':' && p[k + 2] == ' ')
				j = k + 2; /* French spacing: "In : Actes …" */
			if ((in_words[w].colon && j == k) || p[j] != ' ' || !p[j + 1])
				continue;
			has_in = 1;
			out->container_title = p + j + 1;
			break;
		}
		/* the colon of an "In :" left outside, read into the
		 * container (": Actes …", ":Proceedings …") */
		p = out->container_title;
		if (p && p[0] == ':') {
			size_t j = 1;
			while (p[j] == ' ')
				j++;
			if (p[j])
				out->container_title = p + j;
		}
	}
	/* The datasets label the title of a book cited whole, an edited one
	 * above all, as container-title ("Philip Norton (ed.), Legislatures
	 * (Oxford: OUP, 1990)"): with no title, no volume or issue, no "In"
	 * and a publisher, place or editors, the container is the work. */
	int in_before = has_in || (have[REF_CONTAINER] &&
				   fld_in_before(s, toks, labels, first[REF_CONTAINER].tb));
	if (out->container_title && !out->title && !out->issue && !in_before &&
	    (!out->volume ||
	     (fld_roman(out->volume) && (!out->page || (out->publisher && out->place)))) &&
	    (out->publisher || out->place || out->n_editors)) {
		/* a book's volume in roman numerals, with a place and no
		 * pages or with the whole imprint, is no journal's ("Il
		 * romanzo di Alessandro. Volume I, Milano 2007", "Cavour e il
		 * suo tempo, Bari, Laterza, 1969, vol. I, p. 45") */
		out->title = out->container_title;
		out->container_title = NULL;
	}
	/* a GB/T 7714 code closing the title ("中国与冷战[M]") is the type,
	 * not the title's */
	fld_cjk_tidy(out, a);
	const char *gbt = NULL;
	if (out->title) {
		const char *o = strrchr(out->title, '[');
		size_t n = o ? strlen(o) : 0;
		for (size_t k = 0; o && k < sizeof fld_gbt_types / sizeof fld_gbt_types[0]; k++) {
			size_t cl = strlen(fld_gbt_types[k].code);
			if ((n == cl + 2 || (n == cl + 5 && !memcmp(o + 1 + cl, "/OL", 3))) &&
			    !memcmp(o + 1, fld_gbt_types[k].code, cl) && o[n - 1] == ']' &&
			    o > out->title) {
				gbt = fld_gbt_types[k].type;
				out->title = rtx_dup(a, out->title, (size_t)(o - out->title));
				break;
			}
		}
	}
	/* Chicago's reprint, "… England. 1958. Reprint, London: Routledge,
	 * 1991.": the first date is the original's, the one after the word
	 * the reprint's — the issued date — and the word no edition */
	static const char *const reprint[] = {"reprint", "repr", "reprinted", "nachdruck",
		"réimpr", "réimpression", "ristampa", "reimpresión", "reimpr", NULL};
	fld_run rp;
	if (out->edition && have[REF_EDITION] && have[REF_DATE] &&
	    first[REF_DATE].te <= first[REF_EDITION].tb && out->issued.year &&
	    fld_in_list(out->edition, strcspn(out->edition, ".,"), reprint) &&
	    fld_next_run(labels, ntok, toks, first[REF_EDITION].te, REF_DATE, &rp)) {
		ref_date d;
		ref_parse_date(s + rp.b, rp.e - rp.b, a, &d);
		if (d.year && d.year > out->issued.year) {
			memset(&out->original, 0, sizeof out->original);
			out->original.year = out->issued.year;
			out->issued = d;
			out->edition = NULL;
		}
	}
	/* APA's newspaper, "(2014, March 22). Title. The Northern Courier,
	 * 7.": a dated day's periodical with one number and nothing else
	 * printed after it — that number is the page */
	if (out->container_title && out->volume && !out->issue && !out->page &&
	    out->issued.day && out->issued.month && !out->publisher && have[REF_VOLUME] &&
	    first[REF_VOLUME].te == ntok && isdigit((unsigned char)out->volume[0]) &&
	    strlen(out->volume) <= 3) {
		out->page = out->volume;
		out->volume = NULL;
	}
	/* a letter or an interview is read from the string; else the
	 * type by the rules above, and a manuscript's archive */
	if (!prim_personal(out, a)) {
		out->type = ref_guess_type(out, has_in);
		/* a report's number outweighs a book's look and an archive's
		 * words ("Landesverband Niedersächsischer Archive" publishes) */
		if (report_no && (!strcmp(out->type, "book") || !strcmp(out->type, "manuscript")))
			out->type = "report";
		/* the repository last ("… fols. 33-36. Bodleian Library,
		 * Oxford."), or named where the labeller put other fields */
		if (strcmp(out->type, "report") && strcmp(out->type, "thesis") &&
		    strcmp(out->type, "webpage") && prim_archive_last(out, a))
			;
		else if (strcmp(out->type, "manuscript") == 0)
			prim_archive_fields(out, a);
		if (gbt)
			out->type = gbt;
		/* a report's series read as its container (rule 3a) */
		if (strcmp(out->type, "report") == 0 && !out->collection_title &&
		    rtx_has_any(out->container_title, fld_report_series)) {
			out->collection_title = out->container_title;
			out->container_title = NULL;
		}
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
		out->raw = rtx_dup(a, s, n);
	return QUIRE_OK;
}

quire_status ref_parse(const ref_model *m, const char *s, size_t n,
		       quire_arena *a, ref_citation *out, quire_error *err)
{
	return ref_parse_ctx(m, s, n, NULL, a, out, err);
}

