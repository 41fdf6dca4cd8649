/*
 * query.h — the query language of search: what a person types, read into
 * an FTS5 match expression and filters (src/search/query.c).
 *
 * The language (the search page's help and quire(1) describe it too):
 *
 *   words            all must match (any mode: any may, ranked)
 *   "exact phrase"   the words in this order
 *   comput*          a word's beginning
 *   a OR b, a | b    either
 *   -word, -"a b", -(a b), NOT word    without
 *   ( … )            grouping
 *   title:w  author:w  ref:w     the word in the title, the authors, the
 *                    reference list (also title:"a b", title:(a OR b))
 *   year:1990..2000  year:1990  year:>1990  year:<=2000  year:..1995
 *   type:pdf  format:pdf  tag:name
 *   words:>5000  words:1000..5000   pages:<10   added:2026-01-01..
 *
 * Nothing is ever an error: a stray quote or parenthesis, an unknown
 * field, a filter whose value is not understood — each is read as plain
 * words.  Work is bounded: at most QRY_TEXT_MAX bytes are read, at most
 * QRY_LEAVES_MAX words and phrases kept, parentheses nested deeper than
 * QRY_DEPTH_MAX are read as spaces.
 */
#ifndef QUIRE_QUERY_H
#define QUIRE_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "quire.h"

#define QRY_TEXT_MAX 4096
#define QRY_LEAVES_MAX 64
#define QRY_DEPTH_MAX 16
#define QRY_WORDS_MAX 16

typedef struct qry_parsed {
	const char *match;     /* FTS5 expression; NULL: no words (filters only) */
	size_t n_leaves;       /* words and phrases that must (or may) match */
	size_t n_required;     /* top-level words and phrases joined by AND */
	const char *words[QRY_WORDS_MAX]; /* plain words typed, for "did you mean" */
	size_t n_words;
	/* filters; 0 / NULL: no bound */
	int year_min, year_max;
	size_t words_min, words_max;
	unsigned pages_min, pages_max;
	int64_t added_min, added_max; /* unix seconds, inclusive */
	const char *format;
	const char *tag;
} qry_parsed;

/* Reads text (NULL: empty) into *out, strings in arena a.  any: the
 * words are ORed (ranked by how many match and how well) instead of all
 * being required.  Returns QUIRE_OK, or QUIRE_ENOMEM. */
quire_status qry_parse(const char *text, int any, quire_arena *a,
		       qry_parsed *out);

/* Unix seconds of 00:00 UTC on the given day (proleptic Gregorian). */
int64_t qry_days_to_unix(int y, int m, int d);

#endif
