/*
 * fts.h — what quire adds to SQLite FTS5 on a connection: the "quire"
 * tokenizer and the "quire_rank" ranking function (src/search/fts.c).
 *
 * The store registers both on every connection it opens, before the
 * schema is read, since the index papers_fts (migration 4 of
 * store_sqlite.c) is declared with tokenize = 'quire' and the search
 * engine (search.c) ranks with quire_rank().
 */
#ifndef QUIRE_FTS_H
#define QUIRE_FTS_H

#include <stddef.h>

#include <sqlite3.h>

/* Registers the tokenizer "quire" and the auxiliary function "quire_rank"
 * on db.  Returns SQLITE_OK, or an SQLite error code (FTS5 missing, out of
 * memory). */
int fts_register(sqlite3 *db);

/*
 * The ranking parameters quire_rank() takes after its first argument, in
 * this order (each optional; a missing one takes the default):
 *
 *   quire_rank(papers_fts, open, k1, b, w_title, w_authors, w_meta,
 *              w_preview, w_body, w_refs, proximity, coordination)
 *
 * open is 1 when the viewer may open the paper (its preview, a copy of the
 * text's head and tail, then counts FTS_W_PREVIEW_OPEN), 0 when only the
 * public columns are searched.  coordination (default 0) is added once
 * per distinct phrase that matches: a large value sorts by how many of
 * the query's words a paper has first (the relaxed "most of the words"
 * answer).  FTS_NPARAMS counts k1 … coordination.
 */
#define FTS_NPARAMS 10

/* The defaults, chosen on Cranfield and CACM with tools/eval_ir.c (see
 * docs/ARCHITECTURE.md, "Search"). */
#define FTS_K1 1.5
#define FTS_B 0.75
#define FTS_W_TITLE 4.0
#define FTS_W_AUTHORS 2.0
#define FTS_W_META 1.0
#define FTS_W_PREVIEW 1.0
#define FTS_W_PREVIEW_OPEN 0.0
#define FTS_W_BODY 0.5
#define FTS_W_REFS 0.3
#define FTS_PROXIMITY 1.0
/* The proximity weight when all words must match (search.c passes it):
 * then the words typed are usually the paper's own, in order. */
#define FTS_PROXIMITY_ALL 8.0
#define FTS_COORD 0.0

/* The Snowball (English) stem of the folded word w[0..n) into out (cap
 * bytes, NUL-terminated); its length, or 0 when it does not fit or the
 * stemmer cannot be made.  As the tokenizer stems a word. */
size_t fts_stem(const char *w, size_t n, char *out, size_t cap);

#endif
