/*
 * count.c — counting words, characters and sentences (see count.h and
 * docs/COUNTING.md for the definitions and why).
 *
 * This is on the hot path (every byte of every paper), so ASCII goes
 * through a 256-entry class table and only non-ASCII code points are
 * decoded and looked up with utf8proc.  Input is valid UTF-8 (the core
 * validated it); a stray bad byte is treated as a letter, never read past.
 */
#include "count.h"

#include <string.h>
#include <utf8proc.h>

#include "quire.h"

enum { C_SEP = 0, C_WORDCH = 1, C_ALNUM = 2 };

/* Class of an ASCII byte: separator, word character, letter/digit. */
static inline unsigned char ascii_class(unsigned char c)
{
	if (c <= ' ' || c == 127)
		return C_SEP; /* space, tab, newlines, other controls */
	if ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'))
		return C_ALNUM;
	return C_WORDCH;
}

int count_is_space(uint32_t c)
{
	if (c < 128)
		return c == ' ' || (c >= 9 && c <= 13);
	return c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Decodes one code point at s[i] (valid UTF-8 expected); *len gets its size. */
static uint32_t decode(const unsigned char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = s[i];
	size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (need == 1 || i + need > n) {
		*len = 1;
		return 0xFFFD;
	}
	uint32_t cp = c & (0x7F >> need);
	for (size_t k = 1; k < need; k++) {
		if ((s[i + k] & 0xC0) != 0x80) {
			*len = 1;
			return 0xFFFD;
		}
		cp = (cp << 6) | (s[i + k] & 0x3F);
	}
	*len = need;
	return cp;
}

/* Han, Hiragana and Katakana: each character is a word of its own. */
static int is_cjk_word_char(uint32_t c)
{
	return (c >= 0x3041 && c <= 0x309F) ||   /* Hiragana */
	       (c >= 0x30A1 && c <= 0x30FA) ||   /* Katakana */
	       (c >= 0x30FC && c <= 0x30FF) ||
	       (c >= 0x31F0 && c <= 0x31FF) ||   /* Katakana extensions */
	       (c >= 0x3400 && c <= 0x4DBF) ||   /* CJK extension A */
	       (c >= 0x4E00 && c <= 0x9FFF) ||   /* CJK unified */
	       (c >= 0xF900 && c <= 0xFAFF) ||   /* compatibility ideographs */
	       (c >= 0xFF66 && c <= 0xFF9D) ||   /* half-width Katakana */
	       (c >= 0x20000 && c <= 0x3FFFF);   /* extensions B.. */
}

/* Separator code points besides white space: the long dashes. */
static int is_sep_dash(uint32_t c)
{
	return c == 0x2014 || c == 0x2015 || c == 0x2E3A || c == 0x2E3B;
}

static int is_alnum_cp(uint32_t c)
{
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

size_t count_walk(const char *str, size_t n,
		  int (*fn)(count_span w, void *ctx), void *ctx)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t words = 0, i = 0;
	size_t start = 0;
	int in_run = 0, has_alnum = 0;

/* Ends the current run at byte e, counting it if it holds a letter/digit. */
#define END_RUN(e)                                                          \
	do {                                                                \
		if (in_run && has_alnum) {                                  \
			words++;                                            \
			if (fn && fn((count_span){start, (e)}, ctx))        \
				return words;                               \
		}                                                           \
		in_run = 0;                                                 \
		has_alnum = 0;                                              \
	} while (0)

	while (i < n) {
		unsigned char c = s[i];
		if (c < 128) {
			unsigned char k = ascii_class(c);
			if (k == C_SEP || (c == '-' && i + 1 < n && s[i + 1] == '-')) {
				END_RUN(i);
				i += (k == C_SEP) ? 1 : 2;
				continue;
			}
			if (!in_run) {
				in_run = 1;
				start = i;
			}
			/* the common case: a run of ASCII word characters */
			do {
				has_alnum |= (k == C_ALNUM);
				i++;
				if (i >= n)
					break;
				c = s[i];
				k = c < 128 ? ascii_class(c) : C_SEP;
			} while (c < 128 && k != C_SEP && c != '-');
			continue;
		}
		size_t len;
		uint32_t cp = decode(s, n, i, &len);
		if (count_is_space(cp) || is_sep_dash(cp)) {
			END_RUN(i);
		} else if (is_cjk_word_char(cp)) {
			END_RUN(i);
			words++;
			if (fn && fn((count_span){i, i + len}, ctx))
				return words;
		} else {
			if (!in_run) {
				in_run = 1;
				start = i;
			}
			if (!has_alnum && is_alnum_cp(cp))
				has_alnum = 1;
		}
		i += len;
	}
	END_RUN(n);
#undef END_RUN
	return words;
}

size_t quire_count_words(const char *s, size_t n)
{
	return count_walk(s, n, NULL, NULL);
}

void count_chars(const char *str, size_t n, size_t *chars, size_t *non_space)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t c = 0, ns = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] < 128) {
			c++;
			if (!(s[i] == ' ' || (s[i] >= 9 && s[i] <= 13)))
				ns++;
			i++;
			continue;
		}
		size_t len;
		uint32_t cp = decode(s, n, i, &len);
		c++;
		if (!count_is_space(cp))
			ns++;
		i += len;
	}
	*chars = c;
	*non_space = ns;
}

/* Lower-case abbreviations that end with a period without ending a sentence
 * (with their lengths, so most words are turned away by one compare). */
#define AB(s) {(s), sizeof(s) - 1}
static const struct abbrev {
	const char *s;
	size_t n;
} abbrevs[] = {
	AB("mr"), AB("mrs"), AB("ms"), AB("dr"), AB("prof"), AB("st"), AB("sr"),
	AB("jr"), AB("vs"), AB("etc"), AB("e.g"), AB("i.e"), AB("cf"), AB("vol"),
	AB("vols"), AB("no"), AB("nos"), AB("pp"), AB("p"), AB("ed"), AB("eds"),
	AB("trans"), AB("rev"), AB("fig"), AB("figs"), AB("ch"), AB("chap"),
	AB("sec"), AB("approx"), AB("ca"), AB("c"), AB("viz"), AB("al"), AB("op"),
	AB("cit"), AB("ibid"), AB("mt"), AB("ft"), AB("gen"), AB("col"), AB("capt"),
	AB("lt"), AB("sgt"), AB("hon"), AB("esq"), AB("jan"), AB("feb"), AB("mar"),
	AB("apr"), AB("jun"), AB("jul"), AB("aug"), AB("sep"), AB("sept"), AB("oct"),
	AB("nov"), AB("dec"), AB("u.s"), AB("u.k"), AB("a.m"), AB("p.m"),
	{NULL, 0},
};
#undef AB

int count_ends_sentence(const char *str, count_span w)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t e = w.end;
	/* skip closing quotes and brackets: ) ] " ' ’ ” » */
	while (e > w.start) {
		unsigned char c = s[e - 1];
		if (c == ')' || c == ']' || c == '"' || c == '\'') {
			e--;
			continue;
		}
		if (e - w.start >= 3 && s[e - 3] == 0xE2 && s[e - 2] == 0x80 &&
		    (s[e - 1] == 0x99 || s[e - 1] == 0x9D)) {
			e -= 3;
			continue;
		}
		if (e - w.start >= 2 && s[e - 2] == 0xC2 && s[e - 1] == 0xBB) {
			e -= 2;
			continue;
		}
		break;
	}
	if (e == w.start)
		return 0;
	unsigned char last = s[e - 1];
	if (last == '!' || last == '?')
		return 1;
	if (e - w.start >= 3 && s[e - 3] == 0xE2 && s[e - 2] == 0x80 && s[e - 1] == 0xA6)
		return 1; /* … */
	if (last != '.')
		return 0;
	/* the word before the period, lower-cased, without opening punctuation */
	size_t b = w.start;
	while (b < e - 1 && (s[b] == '(' || s[b] == '[' || s[b] == '"' || s[b] == '\''))
		b++;
	size_t len = e - 1 - b;
	if (len == 0)
		return 0;
	if (len == 1 && ((s[b] >= 'A' && s[b] <= 'Z') || (s[b] >= 'a' && s[b] <= 'z')))
		return 0; /* an initial: "J." */
	if (len <= 8) {
		char low[9];
		for (size_t k = 0; k < len; k++) {
			unsigned char c = s[b + k];
			low[k] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
		}
		low[len] = '\0';
		for (size_t k = 0; abbrevs[k].s; k++)
			if (abbrevs[k].n == len && memcmp(low, abbrevs[k].s, len) == 0)
				return 0;
		/* "U.S.A." style: letters and periods alternating */
		int dotted = len >= 3;
		for (size_t k = 0; k < len && dotted; k++)
			dotted = (k % 2 == 1) ? low[k] == '.' : (low[k] >= 'a' && low[k] <= 'z');
		if (dotted)
			return 0;
	}
	return 1;
}

struct sent_ctx {
	const char *s;
	size_t sentences;
	int open; /* words since the last sentence end */
};

static int sent_word(count_span w, void *ctx)
{
	struct sent_ctx *c = ctx;
	c->open = 1;
	if (count_ends_sentence(c->s, w)) {
		c->sentences++;
		c->open = 0;
	}
	return 0;
}

size_t count_sentences(const char *s, size_t n)
{
	size_t sentences;
	count_text(s, n, &sentences);
	return sentences;
}

size_t count_text(const char *s, size_t n, size_t *sentences)
{
	struct sent_ctx c = {s, 0, 0};
	size_t words = count_walk(s, n, sent_word, &c);
	*sentences = c.sentences + (size_t)c.open;
	return words;
}
