/*
 * snip.h — search snippets: the passage of a field's stored text that
 * best shows why a paper matched, with the matched words marked
 * (src/search/snip.c).
 *
 * The passage is a window of about SNIP_WORDS words holding the most
 * distinct query terms, each weighted (by the caller: idf), not simply
 * the first place a term occurs; it is cut on word boundaries, "…" marks a
 * cut at either end, and each matched word lies between SRCH_MARK_OPEN and
 * SRCH_MARK_CLOSE (search.h).  The output is always valid UTF-8 when the
 * text is (a cut never falls inside a character); the mark bytes found in
 * the text itself become spaces.  A text without any match gives its
 * first SNIP_WORDS words.
 *
 * Words are matched as the index's tokenizer (ixtok.h) makes terms, but
 * cheaply: a word is folded, compared to the terms' beginnings, and only a
 * word that could stem to a term is stemmed.
 */
#ifndef QUIRE_SNIP_H
#define QUIRE_SNIP_H

#include <stddef.h>

#include "ixtok.h"
#include "quire.h"

#define SNIP_WORDS 26            /* words of a snippet */
#define SNIP_TERMS_MAX 64        /* terms looked for (more are ignored) */
#define SNIP_SCAN_MAX (8u << 20) /* bytes of a text read, at most */

/* A query term as the index knows it. */
typedef struct snip_term {
	const char *term; /* folded and stemmed (folded only for a prefix) */
	size_t len;
	double weight;    /* > 0 (idf); <= 0 counts as 1 */
	int prefix;       /* 1: any word whose folded form begins with term */
} snip_term;

/* The snippet of text[0..n) for the terms (n_terms of them) into *out, a
 * string in arena a ("" for an empty text).  Of windows with the same
 * distinct terms, one whose matches lie inside text[pref_start..pref_end)
 * is preferred: a paper's body, after the title line that repeats its
 * title and before the reference list whose entries repeat the words of
 * titles (0 and n: no preference).  tok is a tokenizer of the caller's
 * (its state is overwritten).  Work is linear in min(n, SNIP_SCAN_MAX);
 * nothing is allocated but the result.  Returns QUIRE_OK or
 * QUIRE_ENOMEM. */
quire_status snip_cut(ixtok *tok, const char *text, size_t n, size_t pref_start,
		      size_t pref_end,
		      const snip_term *terms, size_t n_terms, quire_arena *a,
		      const char **out);

/* Whether the word w[0..n) of a text (as typed: not folded) matches one of
 * the terms; the index of the first it matches, or -1.  For tests and
 * for the caller's own highlighting. */
int snip_match(ixtok *tok, const char *w, size_t n, const snip_term *terms,
	       size_t n_terms);

#endif
