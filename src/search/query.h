/*
 * query.h — the query language of search: what a person types, read into
 * a query tree (for the engine's own index, ix), an FTS5 match expression
 * (for the former engine) and filters (src/search/query.c).
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

/* Fields a leaf may be restricted to (title:, author:, ref:); the order
 * is that of the index's fields (title, authors, meta, preview, body,
 * refs).  QRY_F_ALL: every field. */
#define QRY_F_TITLE 0x01u
#define QRY_F_AUTHORS 0x02u
#define QRY_F_META 0x04u
#define QRY_F_PREVIEW 0x08u
#define QRY_F_BODY 0x10u
#define QRY_F_REFS 0x20u
#define QRY_F_ALL 0x3Fu

typedef enum qry_op {
	QRY_N_WORD,    /* text: one word as typed (it may still tokenize to
			* several terms, "sino-soviet": then a phrase) */
	QRY_N_PHRASE,  /* text: the words in this order */
	QRY_N_PREFIX,  /* text: a word's beginning (comput*); a phrase with
			* a '*' after it ("data bas"*) is a PHRASE with
			* prefix set: its last word is a beginning */
	QRY_N_AND,     /* every kid */
	QRY_N_OR,      /* any kid */
	QRY_N_NOT      /* the first kid and none of the others */
} qry_op;

/*
 * A node of the query tree.  Kids are a list (kid, then each one's next).
 * A leaf's text is what was typed (NUL-terminated, in the arena), never
 * empty and always with a letter or digit; the engine tokenizes it.
 * Shape: an AND or OR has at least two kids; a NOT has a first kid and
 * at least one other; nesting is at most about 3 * QRY_DEPTH_MAX + 3 deep,
 * so a walker may recurse.  Leaves number at most QRY_LEAVES_MAX.
 */
typedef struct qry_node {
	qry_op op;
	unsigned fields;       /* QRY_F_* mask of the leaf's fields */
	int prefix;            /* PHRASE: its last word is a beginning */
	const char *text;      /* leaves */
	struct qry_node *kid;  /* inner nodes: the first kid */
	struct qry_node *next; /* the next sibling */
} qry_node;

typedef struct qry_parsed {
	const qry_node *root;  /* the query tree; NULL: no words (filters only) */
	const char *match;     /* FTS5 expression; NULL exactly when root is */
	size_t n_leaves;       /* words and phrases that must (or may) match */
	size_t n_required;     /* top-level parts joined by AND (words,
				* phrases, alternatives, groups); 0 in any
				* mode */
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
