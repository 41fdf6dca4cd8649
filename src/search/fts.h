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

/* The proximity weights of search (ix_params_default, ix.h, holds the
 * other ranking defaults), chosen on Cranfield and CACM with
 * tools/eval_ir.c (bench/RESULTS.md, "Search"): 1 when the words are ORed
 * (a question), 8 when all must match, where the words typed are usually
 * the paper's own, in order. */
#define FTS_PROXIMITY 1.0
#define FTS_PROXIMITY_ALL 8.0

#endif
