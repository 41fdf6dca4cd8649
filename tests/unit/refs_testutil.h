/*
 * refs_testutil.h — hand-labelled references for the fields, export and
 * notes tests (no model needed).
 *
 * A spec is written "[author Chen, Jian.] [title Mao's China.] [date
 * 2001.]": the text inside [label …] is labelled with label, text outside
 * is "other"; the reference string is the texts joined by single spaces,
 * and its tokens are its white-space separated words.
 */
#ifndef QUIRE_REFS_TESTUTIL_H
#define QUIRE_REFS_TESTUTIL_H

#include <stdlib.h>
#include <string.h>

#include "refs.h"

typedef struct rt_ref {
	char s[4096];
	ref_token toks[512];
	ref_label labels[512];
	size_t ntok;
} rt_ref;

static const char *const rt_names[REF_N_LABELS] = {
	"other", "author", "editor", "translator", "title", "container-title",
	"collection-title", "edition", "volume", "issue", "pages", "publisher",
	"place", "date", "accessed", "url", "doi", "isbn", "genre", "note"};

static ref_label rt_label(const char *s, size_t n)
{
	for (int i = 0; i < REF_N_LABELS; i++)
		if (strlen(rt_names[i]) == n && memcmp(rt_names[i], s, n) == 0)
			return (ref_label)i;
	fail_msg("unknown label %.*s", (int)n, s);
	return REF_OTHER;
}

/* Builds r from spec. */
static void rt_build(rt_ref *r, const char *spec)
{
	size_t k = 0;
	r->ntok = 0;
	ref_label cur = REF_OTHER;
	const char *p = spec;
	while (*p) {
		if (*p == '[') {
			p++;
			const char *b = p;
			while (*p && *p != ' ')
				p++;
			cur = rt_label(b, (size_t)(p - b));
			if (*p)
				p++;
			continue;
		}
		if (*p == ']') {
			cur = REF_OTHER;
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		const char *b = p;
		while (*p && *p != ' ' && *p != ']')
			p++;
		if (k)
			r->s[k++] = ' ';
		r->toks[r->ntok].off = k;
		r->toks[r->ntok].len = (size_t)(p - b);
		r->toks[r->ntok].word = r->ntok;
		r->labels[r->ntok] = cur;
		r->ntok++;
		memcpy(r->s + k, b, (size_t)(p - b));
		k += (size_t)(p - b);
	}
	r->s[k] = 0;
}

/* Parses spec into c (arena a); fails the test on an error. */
static void rt_parse_ctx(const char *spec, const ref_citation *prev,
			 quire_arena *a, ref_citation *c)
{
	rt_ref *r = calloc(1, sizeof *r);
	assert_non_null(r);
	rt_build(r, spec);
	char *s = quire_arena_strndup(a, r->s, strlen(r->s));
	quire_error err = {0};
	assert_int_equal(ref_fields_ctx(s, r->toks, r->labels, r->ntok, prev,
					a, c, &err),
			 QUIRE_OK);
	free(r);
}

static void rt_parse(const char *spec, quire_arena *a, ref_citation *c)
{
	rt_parse_ctx(spec, NULL, a, c);
}

/* quire's own tokens of s (ref_tokenize, in a), each labelled with the
 * label of its white-space word in words, a space-separated list of label
 * names, one per word ("author author date title title"): the token
 * count, *t and *l; fails the test when the words do not match. */
static inline size_t rt_words_labelled(const char *s, const char *words, quire_arena *a,
				       ref_token **t, ref_label **l)
{
	ref_label wl[256];
	size_t nw = 0;
	for (const char *p = words; *p && nw < 256;) {
		while (*p == ' ')
			p++;
		const char *b = p;
		while (*p && *p != ' ')
			p++;
		if (p > b)
			wl[nw++] = rt_label(b, (size_t)(p - b));
	}
	*t = NULL;
	size_t nt = ref_tokenize(s, strlen(s), a, t);
	assert_true(nt > 0);
	assert_int_equal((*t)[nt - 1].word + 1, nw);
	*l = quire_arena_alloc(a, nt * sizeof **l);
	assert_non_null(*l);
	for (size_t i = 0; i < nt; i++)
		(*l)[i] = wl[(*t)[i].word];
	return nt;
}

/* The fields of s with quire's own tokens labelled by words
 * (rt_words_labelled), prev the entry before it (NULL: none); fails the
 * test on an error. */
static inline void rt_parse_words_ctx(const char *s, const char *words,
				      const ref_citation *prev, quire_arena *a, ref_citation *c)
{
	ref_token *t;
	ref_label *l;
	size_t nt = rt_words_labelled(s, words, a, &t, &l);
	quire_error err = {0};
	assert_int_equal(ref_fields_ctx(s, t, l, nt, prev, a, c, &err), QUIRE_OK);
}

/* rt_parse_words_ctx with no entry before. */
static inline void rt_parse_words(const char *s, const char *words, quire_arena *a,
				  ref_citation *c)
{
	rt_parse_words_ctx(s, words, NULL, a, c);
}

#define assert_str(got, want)                                              \
	do {                                                               \
		const char *g_ = (got);                                    \
		const char *w_ = (want);                                   \
		if (w_ == NULL && g_ == NULL)                              \
			break;                                             \
		if (w_ == NULL || g_ == NULL || strcmp(g_, w_) != 0) {     \
			print_error("%s: got \"%s\" want \"%s\"\n", #got,   \
				    g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
			fail();                                            \
		}                                                          \
	} while (0)

#endif
