/*
 * tok.c — the tokens of a reference string (ref_tokenize in refs.h).
 *
 * The labeller works on tokens finer than the white-space words that
 * scorers and `--format tokens` use, so that "(2001)." is "(" "2001" ")"
 * "." and a Chinese title with no spaces is one token per character.  Each
 * token remembers the index of its white-space word, and labels go back to
 * words by ref_word_labels() (refs.c).  The decisions:
 *
 *   - White space (ASCII and Unicode Z*) separates words; a word is split
 *     into runs of letters, digits and combining marks (one token), single
 *     punctuation or symbol characters (one token each), and single Han,
 *     Hiragana or Katakana characters (one token each).
 *   - A word that looks like a URL or a DOI ("http…", "www.…", "doi:…",
 *     "10.1234/…", anything with "://") stays one token: its inner
 *     punctuation would only make long runs the labeller must hold together.
 *   - A byte that is not valid UTF-8 counts as a letter, so a bad byte
 *     neither stops nor splits anything.
 *
 * Work is linear in the input: one pass, one arena array sized by a first
 * counting pass.
 *
 * Beside it, the token tests the labeller's cuts (refs.c) and the field
 * rules (fields.c) share: a word, a punctuation mark, a role phrase after
 * names ("(a cura di)", "(Hrsg.)") — one table of roles for both.
 */
#include <string.h>
#include <strings.h>

#include "reftext.h"
#include "refs.h"
#include "tok.h"
#include "uchar.h"

/* uc_at with an ASCII fast path. */
static inline int32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char b = (unsigned char)s[i];
	if (b < 0x80) {
		*len = 1;
		return b;
	}
	return uc_at(s, n, i, len);
}

enum { C_SPACE, C_ALNUM, C_PUNCT, C_CJK };

static int is_cjk(int32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
	       (c >= 0xFF66 && c <= 0xFF9F);
}

static int cls_of(int32_t c)
{
	if (c < 0)
		return C_ALNUM;
	if (c < 0x80) {
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
			return C_SPACE;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			return C_ALNUM;
		return C_PUNCT;
	}
	if (is_cjk(c))
		return C_CJK;
	utf8proc_category_t k = utf8proc_category(c);
	switch (k) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return C_SPACE;
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return C_ALNUM;
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_CC:
		/* soft hyphen, zero-width joiners: part of the word */
		return c == 0x85 ? C_SPACE : C_ALNUM;
	default:
		return C_PUNCT;
	}
}

static int has_prefix_ci(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);
	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != p[i])
			return 0;
	}
	return 1;
}

/* A URL or DOI word, kept whole. */
static int url_like(const char *s, size_t n)
{
	if (n < 6)
		return 0;
	if (has_prefix_ci(s, n, "http") || has_prefix_ci(s, n, "www.") ||
	    has_prefix_ci(s, n, "doi:") || has_prefix_ci(s, n, "ftp:") ||
	    has_prefix_ci(s, n, "urn:"))
		return 1;
	/* 10.1234/… */
	if (s[0] == '1' && s[1] == '0' && s[2] == '.') {
		size_t i = 3;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i > 6 && i < n && s[i] == '/')
			return 1;
	}
	for (size_t i = 0; i + 2 < n && i < 16; i++)
		if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/')
			return 1;
	return 0;
}

/* One pass; with out == NULL only counts. */
static size_t tok_pass(const char *s, size_t n, ref_token *out)
{
	size_t i = 0, nt = 0, word = 0;
	while (i < n) {
		size_t l;
		int32_t c = cp_at(s, n, i, &l);
		if (cls_of(c) == C_SPACE) {
			i += l;
			continue;
		}
		/* a word: [i, e) */
		size_t e = i + l;
		while (e < n) {
			size_t l2;
			int32_t c2 = cp_at(s, n, e, &l2);
			if (cls_of(c2) == C_SPACE)
				break;
			e += l2;
		}
		if (url_like(s + i, e - i)) {
			if (out)
				out[nt] = (ref_token){i, e - i, word};
			nt++;
		} else {
			size_t j = i;
			while (j < e) {
				size_t lj;
				int32_t cj = cp_at(s, n, j, &lj);
				int k = cls_of(cj);
				size_t st = j;
				j += lj;
				if (k == C_ALNUM) {
					while (j < e) {
						size_t l3;
						int32_t c3 = cp_at(s, n, j, &l3);
						if (cls_of(c3) != C_ALNUM)
							break;
						j += l3;
					}
				}
				if (out)
					out[nt] = (ref_token){st, j - st, word};
				nt++;
			}
		}
		word++;
		i = e;
	}
	return nt;
}

int tok_is(const char *s, const ref_token *t, const char *w)
{
	size_t k = strlen(w);
	return t->len == k && strncasecmp(s + t->off, w, k) == 0;
}

int tok_word(const char *s, const ref_token *t, const char *w)
{
	return rtx_word_eq(s + t->off, t->len, w, 1);
}

int tok_punct(const char *s, const ref_token *t)
{
	return t->len == 1 && strchr("()[],.:;", s[t->off]) != NULL;
}

size_t tok_role_at(const char *s, const ref_token *t, size_t ntok, size_t i, int *kind,
		   int *multi)
{
	/* editors' first: a phrase found is the first that matches */
	static const struct {
		const char *w[4];
		int kind;
	} roles[] = {
		{{"a", "cura", "di", NULL}, TOK_ROLE_EDITOR}, {{"a", "c", "di", NULL}, TOK_ROLE_EDITOR},
		{{"ed", NULL}, TOK_ROLE_EDITOR}, {{"eds", NULL}, TOK_ROLE_EDITOR},
		{{"edd", NULL}, TOK_ROLE_EDITOR}, {{"hrsg", NULL}, TOK_ROLE_EDITOR},
		{{"hg", NULL}, TOK_ROLE_EDITOR}, {{"hgg", NULL}, TOK_ROLE_EDITOR},
		{{"dir", NULL}, TOK_ROLE_EDITOR}, {{"dirs", NULL}, TOK_ROLE_EDITOR},
		{{"\xC3\xA9" "d", NULL}, TOK_ROLE_EDITOR}, {{"\xC3\xA9" "ds", NULL}, TOK_ROLE_EDITOR},
		{{"coord", NULL}, TOK_ROLE_EDITOR}, {{"coords", NULL}, TOK_ROLE_EDITOR},
		{{"editor", NULL}, TOK_ROLE_EDITOR}, {{"editors", NULL}, TOK_ROLE_EDITOR},
		{{"trans", NULL}, TOK_ROLE_OTHER}, {{"transl", NULL}, TOK_ROLE_OTHER},
		{{"tr", NULL}, TOK_ROLE_OTHER}, {{"trad", NULL}, TOK_ROLE_OTHER},
		{{"comp", NULL}, TOK_ROLE_OTHER}, {{"comps", NULL}, TOK_ROLE_OTHER}};
	for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++) {
		size_t j = tok_phrase_at(s, t, ntok, i, roles[r].w);
		if (!j)
			continue;
		*kind = roles[r].kind;
		*multi = roles[r].w[1] != NULL;
		return j;
	}
	return 0;
}

size_t tok_phrase_at(const char *s, const ref_token *t, size_t ntok, size_t i,
		     const char *const *w)
{
	size_t j = i;
	for (size_t m = 0; w[m]; m++) {
		while (m && j < ntok && tok_punct(s, &t[j]))
			j++; /* "a c. di", "Hrsg. von" */
		if (j >= ntok || !tok_word(s, &t[j], w[m]))
			return 0;
		j++;
	}
	return j;
}

size_t ref_tokenize(const char *s, size_t n, quire_arena *a, ref_token **out)
{
	*out = NULL;
	if (!s || n == 0)
		return 0;
	size_t nt = tok_pass(s, n, NULL);
	if (nt == 0)
		return 0;
	ref_token *t = quire_arena_alloc(a, nt * sizeof *t);
	if (!t)
		return 0;
	tok_pass(s, n, t);
	*out = t;
	return nt;
}

int tok_series_at(const char *s, const ref_token *t, size_t ntok, size_t k)
{
	if (k + 1 >= ntok)
		return 0;
	const char *w = s + t[k].off;
	size_t n = t[k].len, l0, l1;
	int32_t c0 = cp_at(w, n, 0, &l0);
	if (n < 3 || l0 >= n || !uc_is_upper(c0) || !uc_is_lower(cp_at(w, n, l0, &l1)))
		return 0;
	/* the next token opens a second word of letters */
	const ref_token *u = &t[k + 1];
	return u->word != t[k].word && uc_is_letter(cp_at(s + u->off, u->len, 0, &l1));
}
