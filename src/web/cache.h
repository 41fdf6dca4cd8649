/*
 * cache.h — rendered pages kept for anonymous viewers.
 *
 * A page an anonymous viewer gets depends only on the library and on the
 * request (its Host and target), so web.c keeps the first rendering of
 * each and answers the next identical request with a copy.  Every entry
 * carries the generation of the library it was made from; the generation
 * moves on whenever any connection changes the library (st_change_stamp),
 * so an entry of an older generation is never served.
 *
 * One cache per web_app, shared by the server's threads (a mutex guards
 * it).  Its size is bounded: entries of older generations go first, then
 * everything.
 */
#ifndef QUIRE_CACHE_H
#define QUIRE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "store.h"

typedef struct web_cache web_cache;

/* A cache of at most max_bytes of pages (0: 32 MiB) that watches the
 * library through watch, a store opened for it alone and never written
 * through (taken: cache_free closes it, and so does cache_new when it
 * fails); NULL without memory or without watch. */
web_cache *cache_new(size_t max_bytes, store_t *watch);
void cache_free(web_cache *c);

/* The library's generation now, as seen from st, the calling thread's
 * own store: moves on when any connection, in this process or another,
 * committed a change since this thread last looked (a thread's first
 * look asks the cache's watcher).  0 when the library cannot be read
 * (then: no caching). */
uint64_t cache_generation(web_cache *c, store_t *st);

/* Fills res (status 200, the kept headers, the body) from the entry for
 * key made in generation gen; 1 when there was one, else 0. */
int cache_get(web_cache *c, const char *key, uint64_t gen, http_res *res);

/* Keeps res (status 200, no cookie set, not private or no-store) as the
 * entry for key in generation gen; does nothing otherwise. */
void cache_put(web_cache *c, const char *key, uint64_t gen, http_res *res);

/* Entries and bytes held (tests, benchmarks). */
void cache_stats(web_cache *c, size_t *entries, size_t *bytes);

#endif
