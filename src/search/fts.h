/*
 * fts.h — the "quire" tokenizer of SQLite FTS5 (src/search/fts.c), which
 * only the migrations of an older library still need, and the ranking
 * defaults of search (BM25F with proximity), which ix (ixquery.c) and
 * search.c use.
 *
 * The store registers the tokenizer on every connection it opens, before
 * the schema is read: migrations 2 and 4 of store_sqlite.c declare the
 * former index papers_fts with tokenize = 'quire' (migration 8 drops it).
 */
#ifndef QUIRE_FTS_H
#define QUIRE_FTS_H

#include <stddef.h>

#include <sqlite3.h>

/* Registers the tokenizer "quire" on db.  Returns SQLITE_OK, or an
 * SQLite error code (FTS5 missing, out of memory). */
int fts_register(sqlite3 *db);

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

#endif
