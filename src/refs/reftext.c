/*
 * reftext.c — the text helpers the reference modules share (rtx_): white
 * space and dashes in UTF-8, a field's span trimmed of the punctuation
 * between fields, quotes and brackets, copies with white space collapsed,
 * and word-list tests.
 */
#include <ctype.h>
#include <string.h>

#include "reftext.h"

/* Bytes of the white space character at s (n bytes left), 0 if none:
 * ASCII space, tab, CR, LF, NBSP, and the spaces U+2000..U+200B, U+202F. */
size_t rtx_ws(const char *s, size_t n)
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
size_t rtx_dash(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c == '-')
		return 1;
	/* a soft hyphen set as a range's dash in PDF text ("125\u00AD140") */
	if (c == 0xC2 && n >= 2 && (unsigned char)s[1] == 0xAD)
		return 2;
	if (c == 0xE2 && n >= 3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x95)
		return 3;
	if (c == 0xE2 && n >= 3 && (unsigned char)s[1] == 0x88 &&
	    (unsigned char)s[2] == 0x92)
		return 3;
	return 0;
}

/* Bytes of a quotation mark or guillemet at s. */
static size_t rtx_quote(const char *s, size_t n)
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
	/* 〈〉《》「」『』 */
	if (c == 0xE3 && n >= 3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] >= 0x88 && (unsigned char)s[2] <= 0x8F)
		return 3;
	return 0;
}

/* Is the quotation mark of k bytes at s a double one (" « » “ ” „ ‟)? */
static int rtx_is_dquote(const char *s, size_t k)
{
	const unsigned char *u = (const unsigned char *)s;
	return (k == 1 && u[0] == '"') || (k == 2 && u[0] == 0xC2) ||
	       (k == 3 && u[0] == 0xE2 && u[2] >= 0x9C && u[2] <= 0x9F);
}

/* Does the double quotation mark closing s[0..n) close one opened inside
 * the text ("Hitler’s “Green Party”", "Gallimard, « Folio »") rather than
 * one opening it or none?  Marks pair as a stack: an opener at the start,
 * after white space or a bracket ("«" always), a closer elsewhere ("»"
 * always). */
static int rtx_tail_dquote_paired(const char *s, size_t n)
{
	size_t stack[16], depth = 0;
	for (size_t i = 0; i < n;) {
		size_t q = rtx_quote(s + i, n - i);
		if (!q || !rtx_is_dquote(s + i, q)) {
			i += q ? q : 1;
			continue;
		}
		unsigned char c = (unsigned char)s[i], d = q > 1 ? (unsigned char)s[i + 1] : 0;
		int open = c == 0xC2 ? d == 0xAB
			 : i == 0 || rtx_ws(s + i - 1, 1) || strchr("([", s[i - 1]) ||
			   (i >= 2 && (unsigned char)s[i - 2] == 0xC2 && (unsigned char)s[i - 1] == 0xA0);
		if (open) {
			if (depth < sizeof stack / sizeof stack[0])
				stack[depth++] = i;
		} else if (depth) {
			size_t from = stack[--depth];
			if (i + q == n)
				return from != 0;
		}
		i += q;
	}
	return 0;
}

size_t rtx_tag(const char *s, size_t n)
{
	static const char *const tags[] = {"italic", "i", "b", "bold", "em", "strong",
		"sup", "sub", "sc", "u", "underline", NULL};
	if (n < 3 || s[0] != '<')
		return 0;
	size_t i = 1 + (s[1] == '/');
	for (size_t t = 0; tags[t]; t++) {
		size_t m = strlen(tags[t]), k = 0;
		/* compared byte by byte: s need not end in a NUL */
		while (k < m && i + k < n && tolower((unsigned char)s[i + k]) == tags[t][k])
			k++;
		if (k == m && i + m < n && s[i + m] == '>')
			return i + m + 1;
	}
	return 0;
}

/* The bytes of a tag that ends s[0..n), or 0. */
static size_t rtx_tag_end(const char *s, size_t n)
{
	if (!n || s[n - 1] != '>')
		return 0;
	for (size_t b = n - 1; b-- > 0 && n - b <= 12;)
		if (s[b] == '<')
			return rtx_tag(s + b, n - b) == n - b ? n - b : 0;
	return 0;
}

/* Length of a full-width separator ending s[0..n) — "，" "：" "；" "、" "。"
 * — or 0. */
static size_t rtx_wide_sep_end(const char *s, size_t n)
{
	if (n < 3)
		return 0;
	const unsigned char *e = (const unsigned char *)s + n - 3;
	if (e[0] == 0xEF && e[1] == 0xBC && (e[2] == 0x8C || e[2] == 0x9A || e[2] == 0x9B))
		return 3;
	if (e[0] == 0xE3 && e[1] == 0x80 && (e[2] == 0x81 || e[2] == 0x82))
		return 3;
	return 0;
}

/* Length of the UTF-8 sequence ending just before s+n (>= 1). */
static size_t rtx_last_len(const char *s, size_t n)
{
	size_t k = 1;
	while (k < n && k < 4 && ((unsigned char)s[n - k] & 0xC0) == 0x80)
		k++;
	return k;
}

/* A copy of s[0..n) in a with white space runs collapsed to one space and
 * trimmed; NULL when out of memory. */
char *rtx_dup(quire_arena *a, const char *s, size_t n)
{
	char *out = quire_arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	int space = 0;
	for (size_t i = 0; i < n;) {
		size_t w = rtx_ws(s + i, n - i);
		if (w) {
			space = 1;
			i += w;
			continue;
		}
		if ((w = rtx_tag(s + i, n - i)) != 0) {
			i += w; /* markup: "<italic>Water Research</italic>" */
			continue;
		}
		if (n - i >= 3 && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xAD &&
		    k && (isalpha((unsigned char)out[k - 1]) || isdigit((unsigned char)out[k - 1]))) {
			/* a soft hyphen inside a word marks where it may break
			 * ("Gesellschafts\u00ADrituale"); between numbers PDF text
			 * sets it for a range's dash ("125\u00AD140") */
			unsigned char next = (unsigned char)s[i + 2];
			if (isdigit(next) && isdigit((unsigned char)out[k - 1])) {
				out[k++] = '-';
				i += 2;
				continue;
			}
			if (isalpha((unsigned char)out[k - 1]) && (isalpha(next) || next >= 0x80)) {
				i += 2;
				continue;
			}
		}
		/* a comma or a stop set apart from its word, as PDF text
		 * slips them ("Parish , Church", "Revolt . Then"): back on it
		 * (not a spaced ellipsis ". . .", nor ".5") */
		if (space && k && (s[i] == ',' || s[i] == '.') &&
		    (isalnum((unsigned char)out[k - 1]) || out[k - 1] == ')') &&
		    (i + 1 == n || s[i + 1] == ' ' || isalpha((unsigned char)s[i + 1])) &&
		    !(s[i] == '.' && i + 2 < n && s[i + 1] == ' ' && s[i + 2] == '.')) {
			/* "Nat .Phys" slipped from "Nat. Phys": the space after */
			out[k++] = s[i++];
			space = i < n && isalpha((unsigned char)s[i]);
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
void rtx_trim_ws(const char **s, size_t *n)
{
	size_t w;
	while (*n && ((w = rtx_ws(*s, *n)) != 0 || (w = rtx_tag(*s, *n)) != 0)) {
		*s += w;
		*n -= w;
	}
	while (*n) {
		size_t k = rtx_last_len(*s, *n);
		if (!rtx_ws(*s + *n - k, k) && !(k = rtx_tag_end(*s, *n)))
			break;
		*n -= k;
	}
}

/* Counts c in s[0..n). */
size_t rtx_count(const char *s, size_t n, char c)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

/* Trims white space, the punctuation that separates fields (, ; : and
 * their full-width forms with 、 and 。, and a final period unless
 * keep_period; a leading "=", as in a German series
 * "(= Hansische Studien, Bd. 4)") and quotation marks around the text;
 * brackets around the whole are removed, unbalanced closing brackets at
 * the end dropped. */
void rtx_trim(const char **s, size_t *n, int keep_period)
{
	for (int round = 0; round < 8; round++) {
		size_t before = *n;
		rtx_trim_ws(s, n);
		/* ", " and "=" before the text, and the period of text whose
		 * spaces slipped ("Phys .Rev .Lett .103": ".103", ".,vol")
		 * before a digit or a separator */
		while (*n && (strchr(",;:=", (*s)[0]) ||
			      ((*s)[0] == '.' && *n >= 2 &&
			       (isdigit((unsigned char)(*s)[1]) || strchr(",;: ", (*s)[1]))))) {
			(*s)++;
			(*n)--;
		}
		/* an opening bracket never ends a field ("Berlin(", "152(") */
		while (*n && ((*s)[*n - 1] == '(' || (*s)[*n - 1] == '['))
			(*n)--;
		/* a dash set apart before or after the text ("– Autopsie sur
		 * amphore romaine", "Boston -"): a separator, no part of it */
		size_t d = *n ? rtx_dash(*s, *n) : 0;
		if (d && d < *n && rtx_ws(*s + d, *n - d)) {
			*s += d;
			*n -= d;
		}
		if (*n > 1) { /* "Stuttgart -" */
			size_t b = *n - 1;
			while (b && ((unsigned char)(*s)[b] & 0xC0) == 0x80)
				b--;
			if (b && rtx_dash(*s + b, *n - b) == *n - b && rtx_ws(*s + b - 1, *n - b + 1))
				*n = b;
		}
		for (size_t w;;) { /* ", ; :" and their full-width forms */
			if (*n && strchr(",;:", (*s)[*n - 1]))
				(*n)--;
			else if ((w = rtx_wide_sep_end(*s, *n)) != 0)
				*n -= w;
			else
				break;
		}
		/* a period after a closing quotation mark ("« Titre ».",
		 * "“Title”.") ends the sentence, never the field, ... */
		if (keep_period && *n >= 2 && (*s)[*n - 1] == '.') {
			size_t k = rtx_last_len(*s, *n - 1);
			/* ... as after a separator ("Evolution,.") or a closing
			 * bracket ("(Cambridge: Polity)." */
			if (rtx_quote(*s + *n - 1 - k, k) || strchr(",;:)]", (*s)[*n - 2]))
				(*n)--;
		}
		/* a stop set apart at the end ("Revolt .") is no abbreviation's */
		if (keep_period && *n >= 2 && (*s)[*n - 1] == '.' && (*s)[*n - 2] == ' ')
			(*n)--;
		if (!keep_period && *n && (*s)[*n - 1] == '.' &&
		    !(*n >= 3 && (*s)[*n - 2] == '.' && (*s)[*n - 3] == '.')) {
			/* keep the period of a one-letter initial or "ed."-like
			 * abbreviation?  Fields other than names drop it. */
			(*n)--;
		}
		rtx_trim_ws(s, n);
		/* quotation marks around the text go, but a closing double one
		 * that pairs with an opener inside stays ("Review of “Gain”");
		 * a leading one goes always: where it pairs inside, the field
		 * has mostly run past its end ("Solitons in polyacetylene,"Phys") */
		size_t q = *n ? rtx_quote(*s, *n) : 0;
		size_t k = *n ? rtx_last_len(*s, *n) : 0;
		if (k && k < *n && rtx_quote(*s + *n - k, k) &&
		    !(rtx_is_dquote(*s + *n - k, k) && rtx_tail_dquote_paired(*s, *n)))
			*n -= k;
		if (q && q <= *n) {
			*s += q;
			*n -= q;
		}
		if (*n >= 2 && (((*s)[0] == '(' && (*s)[*n - 1] == ')') ||
				((*s)[0] == '[' && (*s)[*n - 1] == ']')) &&
		    rtx_count(*s + 1, *n - 2, (*s)[0]) ==
			    rtx_count(*s + 1, *n - 2, (*s)[*n - 1])) {
			(*s)++;
			*n -= 2;
		}
		if (*n && ((*s)[*n - 1] == ')' || (*s)[*n - 1] == ']')) {
			char open = (*s)[*n - 1] == ')' ? '(' : '[';
			if (rtx_count(*s, *n, open) < rtx_count(*s, *n, (*s)[*n - 1]))
				(*n)--;
		}
		if (*n && ((*s)[0] == '(' || (*s)[0] == '[')) {
			char close = (*s)[0] == '(' ? ')' : ']';
			if (rtx_count(*s, *n, close) < rtx_count(*s, *n, (*s)[0])) {
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
size_t rtx_word_at(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (k > n || strncasecmp(s, w, k) != 0)
		return 0;
	if (k < n && (isalpha((unsigned char)s[k]) ||
		      (unsigned char)s[k] >= 0x80))
		return 0;
	return k;
}

size_t rtx_quote_len(const char *s, size_t n)
{
	return n ? rtx_quote(s, n) : 0;
}

int rtx_sup_digit(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n >= 2 && u[0] == 0xC2 && (u[1] == 0xB2 || u[1] == 0xB3 || u[1] == 0xB9)) {
		*len = 2;
		return u[1] == 0xB9 ? 1 : u[1] - 0xB0;
	}
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] >= 0xB0 && u[2] <= 0xB9 &&
	    u[2] != 0xB1 && u[2] != 0xB2 && u[2] != 0xB3) {
		*len = 3;
		return u[2] - 0xB0;
	}
	return -1;
}

/* Removes a leading prefix word of list (each tried with and without a
 * trailing '.' or ':'), repeatedly; returns 1 if one was removed. */
int rtx_strip_prefix(const char **s, size_t *n, const char *const *list)
{
	int any = 0;
	for (int round = 0; round < 4; round++) {
		rtx_trim_ws(s, n);
		int hit = 0;
		for (size_t i = 0; list[i] && !hit; i++) {
			size_t k = rtx_word_at(*s, *n, list[i]);
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
	rtx_trim_ws(s, n);
	return any;
}


/* Case-insensitive substring of a word list in s; 1 when any is there. */
int rtx_has_any(const char *s, const char *const *list)
{
	if (!s)
		return 0;
	for (size_t i = 0; list[i]; i++)
		if (strcasestr(s, list[i]))
			return 1;
	return 0;
}

/* Case-sensitive whole word match of any of list in s. */
int rtx_has_word(const char *s, const char *const *list)
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

/* Is p[0..n) the word x once a bracket before it and closing punctuation
 * after it are set aside ("(a", "di).", "In:" are "a", "di", "In";
 * icase: ASCII case folded)?  Only what goes beyond x is set aside, so
 * "ed." still matches "ed.". */
int rtx_word_eq(const char *p, size_t n, const char *x, int icase)
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
