/*
 * join.h — joining wrapped lines into paragraphs, and undoing hyphenation.
 *
 * A word hyphenated across a line break is rejoined ("inter-" + "national"
 * → "international") while a real hyphen is kept ("Sino-" + "Soviet" →
 * "Sino-Soviet").  The decision uses the document's own vocabulary (does
 * "international" or "inter-national" occur elsewhere?) and a small built-in
 * list of prefixes that keep their hyphen (self-, non-, well-, …); a capital
 * or a digit after the break keeps it too.  A URL broken across lines
 * (inside <…> or recognisably a URL) is joined back without a space.
 */
#ifndef QUIRE_JOIN_H
#define QUIRE_JOIN_H

#include "lines.h"

/* The document's words (lower-cased, NFC), for dehyphenation decisions. */
typedef struct vocab vocab_t;

/* Builds the vocabulary of every non-furniture line of L, in L's arena.
 * Returns NULL when out of memory. */
vocab_t *vocab_build(const lines_t *L);

/* Non-zero if the lower-cased word w[0..n) occurs in the document. */
int vocab_has(const vocab_t *v, const char *w, size_t n);

/* How two lines meet. */
typedef enum join_kind {
	JOIN_SPACE = 0,   /* "word" + " " + "word" */
	JOIN_DROP_HYPHEN, /* "inter-" + "national" → "international" */
	JOIN_KEEP_HYPHEN, /* "Sino-" + "Soviet" → "Sino-Soviet" */
	JOIN_NOTHING      /* a URL or an em dash: glued with no space */
} join_kind;

/* How the line ending left[0..ln) meets the line starting right[0..rn). */
join_kind join_decide(const char *left, size_t ln, const char *right,
		      size_t rn, const vocab_t *v);

/*
 * Joins the lines v[0..n) that are neither blank nor furniture into one
 * string in arena a (the lines' own text, joined by join_decide()).
 * Returns NULL when out of memory; *len gets the length.
 */
char *join_lines(const ln_t *v, size_t n, const vocab_t *voc, quire_arena *a,
		 size_t *len);

#endif
