/*
 * store_sqlite.h — what the SQLite backend of the store lends to the
 * search engine, and to nothing else.
 *
 * The search engine (src/search/search.c) queries the FTS5 index that the
 * store keeps in step with the papers (migration 2 of store_sqlite.c), so
 * it needs the store's own connection: its read transactions then see the
 * index and the papers at the same instant.  Everything else talks to the
 * library through store.h only; a PostgreSQL backend would come with its
 * own search engine behind the same search.h.
 */
#ifndef QUIRE_STORE_SQLITE_H
#define QUIRE_STORE_SQLITE_H

#include <sqlite3.h>

#include "store.h"

/* The connection of st, for the search engine only: it may prepare and run
 * read statements on it (and BEGIN/COMMIT a read transaction when none is
 * open), never change the library through it, and never close it.  NULL
 * when st is NULL. */
sqlite3 *st_sqlite_handle(store_t *st);

/* The search engine's slot in st: what it keeps in memory of this library
 * between searches (the index reader, the table of the papers' filter
 * attributes), so that a connection's cache lives and dies with the
 * connection (the web server has one a thread: no locks).  st_close()
 * calls free_fn(cache).  Setting a new cache frees the old one.  NULL
 * when none is set or st is NULL. */
void *st_search_cache(store_t *st);
void st_set_search_cache(store_t *st, void *cache, void (*free_fn)(void *));

#endif
