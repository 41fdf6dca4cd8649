/*
 * search.h — the search interface: ranked full-text search, snippets,
 * related papers, and what the library holds by tag, format and length.
 *
 * The CLI, the web pages and the JSON API search only through these calls.
 * The engine behind them (quire's own inverted index ix, src/search/ix.h,
 * ranked by BM25F with proximity, in search.c) is invisible to them.  The
 * index changes with the store in the same transaction, so a paper added
 * is found at once and a paper removed is gone at once.
 *
 * Access: a search is made for a viewer.  For a paper the viewer may open,
 * every field is searched and the snippet comes from the best passage of
 * its text.  For a paper the viewer may not open, only its title, authors,
 * metadata and public preview are searched, and the snippet comes only from
 * those: nothing of the gated text leaks through a hit or a highlight.
 */
#ifndef QUIRE_SEARCH_H
#define QUIRE_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "quire.h"
#include "store.h"

/* Who is searching: decides which papers' full text takes part. */
typedef struct srch_access {
	int signed_in;    /* members' papers are open to any signed-in user */
	int admin;        /* everything is open */
	const char *user; /* the viewer's user name: their private papers are open */
} srch_access;

typedef enum srch_sort {
	SRCH_SORT_RELEVANCE = 0,
	SRCH_SORT_ADDED,
	SRCH_SORT_TITLE,
	SRCH_SORT_WORDS
} srch_sort;

typedef struct srch_query {
	const char *text;  /* the query language of query.h (words, "phrases",
			    * prefix*, OR, -exclusion, parentheses, title:
			    * author: ref:, year: type: words: pages: added:
			    * tag:); unparseable input is read as words, never
			    * an error; NULL or only spaces: every paper that
			    * passes the filters (relevance = newest).  Filters
			    * in the text narrow those of the fields below. */
	size_t limit;      /* hits per page (default 20, at most 100) */
	size_t offset;
	srch_sort sort;
	int descending;    /* for the non-relevance sorts */
	int year_min, year_max;          /* 0: no bound */
	size_t min_words, max_words;     /* 0: no bound */
	const char *format;              /* "text", "markdown", … or NULL */
	const char *tag;                 /* NULL: any */
	srch_access access;
	int any;           /* 1: the words are ORed and ranked (natural-language
			    * questions); 0: all must match, and when no paper
			    * has them all, the papers with most of them come,
			    * ranked, with srch_result.relaxed set */
	unsigned min_pages, max_pages;   /* 0: no bound */
	int64_t added_min, added_max;    /* unix seconds, inclusive; 0: no bound */
	const struct srch_tuning *tuning; /* NULL: the engine's defaults */
	int bare;          /* 1: no snippets (every hit's snippet is "") — for
			    * evaluation and benchmarks that read only ids */
} srch_query;

/* Ranking parameters, for evaluation (tools/eval_ir.c): a negative value
 * keeps the default.  BM25F's k1 and b, the weight of each field, and the
 * weight of the words of the query appearing next to each other in order. */
typedef struct srch_tuning {
	double k1, b;
	double w_title, w_authors, w_meta, w_preview, w_body, w_refs;
	double proximity;
	/* any mode's feedback: answers read (0: none), terms added, the
	 * best added term's weight */
	double fb_docs, fb_terms, fb_weight;
} srch_tuning;

/* One hit.  The snippet is plain text with the matched terms between the
 * bytes SRCH_MARK_OPEN and SRCH_MARK_CLOSE: a page escapes the text and turns
 * the marks into <mark>…</mark>; a plain-text face drops or replaces them. */
#define SRCH_MARK_OPEN '\x01'
#define SRCH_MARK_CLOSE '\x02'

typedef struct srch_hit {
	char id[16];
	const char *title;   /* effective (edited) title */
	const char *authors; /* one per line */
	int year;
	const char *format;
	size_t words;
	unsigned pages;
	double score;        /* higher is better */
	int can_open;        /* the viewer may open the full text */
	const char *snippet;
} srch_hit;

typedef struct srch_result {
	size_t total;      /* hits in all, for pagination */
	srch_hit *hits;
	size_t n;
	int relaxed;       /* no paper had all the words: these have most */
	const char *suggestion; /* no hits: the query with its words spelt as
				 * the library spells them ("did you mean"),
				 * NULL when none is found */
} srch_result;

/* Runs q; results live in arena a. */
quire_status srch_search(store_t *st, const srch_query *q, quire_arena *a,
			 srch_result *out, quire_error *err);

/* Papers like paper id (its distinctive terms), best first, the paper itself
 * excluded; same access rule as srch_search.  Hits come without snippets
 * (""): related lists show titles and counts. */
quire_status srch_related(store_t *st, const char *id, const srch_access *acc,
			  size_t limit, quire_arena *a, srch_result *out,
			  quire_error *err);

/* A value of a facet and how many papers have it. */
typedef struct srch_count {
	const char *value;
	size_t count;
} srch_count;

/* Tags, formats and length bands ("under 1,000 words", …) with counts over
 * the whole library (titles and counts are public for every paper).  Tags
 * and formats come most frequent first; the four bands always, in order:
 * words 0–999, 1,000–4,999, 5,000–10,000, over 10,000 (min_words and
 * max_words of srch_query select one). */
quire_status srch_facets(store_t *st, quire_arena *a,
			 srch_count **tags, size_t *n_tags,
			 srch_count **formats, size_t *n_formats,
			 srch_count **lengths, size_t *n_lengths,
			 quire_error *err);

/* The public zone of an analysed paper, as the store keeps it for search
 * (st_new.preview and st_new.refs): *preview is the preview's head, a
 * blank line and its tail (the head alone when there is no tail); *refs
 * the reference entries, one a line (NULL when there are none).  Strings
 * in arena a. */
quire_status srch_public_zone(const quire_paper *p, quire_arena *a,
			      const char **preview, const char **refs);

#endif
