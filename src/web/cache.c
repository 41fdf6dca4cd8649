/*
 * cache.c — rendered pages kept for anonymous viewers (cache.h).
 *
 * Decisions:
 *  - Invalidation by generation, not by guessing which pages a change
 *    touches: a page shows related papers, counts and lists, so any change
 *    to the library may change any page.  The generation is one counter
 *    for the whole cache, moved on when the library changes.  Each thread
 *    compares its own connection's st_change_stamp() with the one it saw
 *    last (SQLite's data_version moves when another connection commits,
 *    the change count when this one does): no lock on the way to a hit.
 *  - Those stamps are comparable only on one connection, so a thread that
 *    looks for the first time has no baseline of its own.  It asks the
 *    cache's watcher — a connection of the cache's own that never writes
 *    — under a mutex: when the watcher's stamp is the one it had when it
 *    last looked, nothing was committed since, and the generation stands
 *    (before, a first look retired every entry, and a server of 2 × cores
 *    threads refilled its cache once per thread).  Each look of the
 *    watcher found the generation up to date with every commit before it
 *    (it moves the generation on when its stamp moved), so standing is
 *    safe; a thread that saw a change on its own connection moves the
 *    generation too, and the watcher may then move it once more: a miss,
 *    never a stale page.  (One shared watcher for every request was
 *    measured and not kept: the mutex held across the PRAGMA, on 2 cores
 *    with 4 server threads and wrk, doubled the cached pages' p99.)
 *  - The generation is read before a page is rendered and stored with
 *    it: a page rendered while a change lands is tagged with the older
 *    generation and never served after it.
 *  - Only whole 200 answers without cookies and without "private" or
 *    "no-store" are kept, with the headers that describe the body
 *    (Content-Type, Cache-Control, Vary, X-Robots-Tag).
 *  - A chained hash table of fixed width under one mutex: a hit is a hash,
 *    a compare and a copy of a few kilobytes, far below a render.  When
 *    the bytes held pass the bound, entries of older generations are
 *    dropped, then all of them: simple and bounded, and a full cache is
 *    refilled at the rate pages are asked for.
 *  - The watcher has its own mutex, so a first look never waits on a copy
 *    in cache_get.
 */
#include "cache.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_BUCKETS 4096
#define CACHE_DEFAULT_BYTES ((size_t)32 << 20)
#define CACHE_MAX_ENTRY ((size_t)1 << 20)

static const char *const kept_headers[] = {
	"Content-Type", "Cache-Control", "Vary", "X-Robots-Tag",
};
#define N_KEPT (sizeof kept_headers / sizeof kept_headers[0])

typedef struct entry {
	struct entry *next;
	uint64_t hash, gen;
	char *key;
	char *hv[N_KEPT]; /* header values, NULL when not set */
	char *body;
	size_t len, size;
} entry;

struct web_cache {
	pthread_mutex_t mu;
	entry *b[CACHE_BUCKETS];
	size_t bytes, entries, max_bytes;
	atomic_uint_fast64_t gen;
	/* the watcher: its own connection, the stamp it saw last, a mutex */
	pthread_mutex_t watch_mu;
	store_t *watch;
	uint64_t seen[2];
	int seen_set;
};

web_cache *cache_new(size_t max_bytes, store_t *watch)
{
	web_cache *c = watch ? calloc(1, sizeof *c) : NULL;
	if (!c) {
		st_close(watch);
		return NULL;
	}
	if (pthread_mutex_init(&c->mu, NULL) != 0) {
		st_close(watch);
		free(c);
		return NULL;
	}
	if (pthread_mutex_init(&c->watch_mu, NULL) != 0) {
		pthread_mutex_destroy(&c->mu);
		st_close(watch);
		free(c);
		return NULL;
	}
	c->max_bytes = max_bytes ? max_bytes : CACHE_DEFAULT_BYTES;
	atomic_init(&c->gen, 1);
	c->watch = watch;
	return c;
}

static void entry_free(entry *e)
{
	free(e->key);
	for (size_t i = 0; i < N_KEPT; i++)
		free(e->hv[i]);
	free(e->body);
	free(e);
}

/* Drops every entry (all: 1) or those not of generation gen; mu held. */
static void drop(web_cache *c, int all, uint64_t gen)
{
	for (size_t i = 0; i < CACHE_BUCKETS; i++) {
		entry **pp = &c->b[i];
		while (*pp) {
			entry *e = *pp;
			if (all || e->gen != gen) {
				*pp = e->next;
				c->bytes -= e->size;
				c->entries--;
				entry_free(e);
			} else {
				pp = &e->next;
			}
		}
	}
}

void cache_free(web_cache *c)
{
	if (!c)
		return;
	drop(c, 1, 0);
	st_close(c->watch);
	pthread_mutex_destroy(&c->watch_mu);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

static __thread const store_t *seen_store;
static __thread const web_cache *seen_cache;
static __thread uint64_t seen_stamp[2];

/* The watcher's look (a thread's first): moves the generation on when
 * its stamp moved since its last look. */
static void cache_watch(web_cache *c)
{
	uint64_t stamp[2];
	quire_error err = {0};
	pthread_mutex_lock(&c->watch_mu);
	int ok = st_change_stamp(c->watch, stamp, &err) == QUIRE_OK;
	if (!ok || (c->seen_set && (stamp[0] != c->seen[0] || stamp[1] != c->seen[1])))
		atomic_fetch_add(&c->gen, 1); /* unreadable: assume a change */
	c->seen_set = ok;
	if (ok) {
		c->seen[0] = stamp[0];
		c->seen[1] = stamp[1];
	}
	pthread_mutex_unlock(&c->watch_mu);
}

uint64_t cache_generation(web_cache *c, store_t *st)
{
	uint64_t stamp[2];
	quire_error err = {0};
	if (!c || !st || st_change_stamp(st, stamp, &err) != QUIRE_OK)
		return 0;
	if (seen_store != st || seen_cache != c) {
		/* this thread's first look (or a new store): the watcher says
		 * whether anything changed since the generation was set */
		cache_watch(c);
	} else if (stamp[0] != seen_stamp[0] || stamp[1] != seen_stamp[1]) {
		atomic_fetch_add(&c->gen, 1); /* a change: older entries retire */
	}
	seen_store = st;
	seen_cache = c;
	seen_stamp[0] = stamp[0];
	seen_stamp[1] = stamp[1];
	return atomic_load(&c->gen);
}

/* FNV-1a of s. */
static uint64_t hash_of(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

int cache_get(web_cache *c, const char *key, uint64_t gen, http_res *res)
{
	if (!c || !key || !gen)
		return 0;
	uint64_t h = hash_of(key);
	int hit = 0;
	pthread_mutex_lock(&c->mu);
	for (entry *e = c->b[h % CACHE_BUCKETS]; e; e = e->next) {
		if (e->hash != h || e->gen != gen || strcmp(e->key, key) != 0)
			continue;
		buf_t *b = http_body(res);
		buf_reset(b);
		buf_append(b, e->body, e->len);
		for (size_t i = 0; i < N_KEPT; i++)
			if (e->hv[i])
				http_header_set(res, kept_headers[i], e->hv[i]);
		http_status(res, 200);
		hit = 1;
		break;
	}
	pthread_mutex_unlock(&c->mu);
	return hit;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

void cache_put(web_cache *c, const char *key, uint64_t gen, http_res *res)
{
	if (!c || !key || !gen || http_res_status(res) != 200 ||
	    http_res_header(res, "Set-Cookie") || http_res_header(res, "Location"))
		return;
	const char *cc = http_res_header(res, "Cache-Control");
	if (cc && (strstr(cc, "private") || strstr(cc, "no-store")))
		return;
	buf_t *b = http_body(res);
	if (buf_failed(b) || b->len > CACHE_MAX_ENTRY)
		return;
	entry *e = calloc(1, sizeof *e);
	if (!e)
		return;
	e->hash = hash_of(key);
	e->gen = gen;
	e->key = strdup(key);
	e->len = b->len;
	e->body = malloc(b->len ? b->len : 1);
	int ok = e->key && e->body;
	if (ok && b->len)
		memcpy(e->body, b->p, b->len);
	e->size = sizeof *e + b->len + strlen(key) + 1;
	for (size_t i = 0; ok && i < N_KEPT; i++) {
		const char *v = http_res_header(res, kept_headers[i]);
		e->hv[i] = dup_or_null(v);
		if (v && !e->hv[i])
			ok = 0;
		else if (v)
			e->size += strlen(v) + 1;
	}
	if (!ok) {
		entry_free(e);
		return;
	}
	pthread_mutex_lock(&c->mu);
	/* replace an entry of the same key */
	entry **pp = &c->b[e->hash % CACHE_BUCKETS];
	while (*pp) {
		entry *o = *pp;
		if (o->hash == e->hash && strcmp(o->key, key) == 0) {
			*pp = o->next;
			c->bytes -= o->size;
			c->entries--;
			entry_free(o);
		} else {
			pp = &o->next;
		}
	}
	if (c->bytes + e->size > c->max_bytes)
		drop(c, 0, gen);
	if (c->bytes + e->size > c->max_bytes)
		drop(c, 1, 0);
	e->next = c->b[e->hash % CACHE_BUCKETS];
	c->b[e->hash % CACHE_BUCKETS] = e;
	c->bytes += e->size;
	c->entries++;
	pthread_mutex_unlock(&c->mu);
}

void cache_stats(web_cache *c, size_t *entries, size_t *bytes)
{
	if (!c) {
		*entries = *bytes = 0;
		return;
	}
	pthread_mutex_lock(&c->mu);
	*entries = c->entries;
	*bytes = c->bytes;
	pthread_mutex_unlock(&c->mu);
}
