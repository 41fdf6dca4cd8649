/*
 * test_cache.c — the page cache's generation (src/web/cache.h): it stays
 * put while the library is unchanged, whichever thread asks first, and
 * moves on when any connection (another thread's, another process's, the
 * asking thread's own) commits.  A thread asking for the first time must
 * not retire the entries, or a server refills its cache once per thread.
 */
#include "testutil.h"

#include <pthread.h>

#include "cache.h"
#include "libtest.h"
#include "store.h"

typedef struct tlib {
	void *dir; /* libtest.h's tdir */
	web_cache *cache;
	store_t *writer, *mine; /* another process's, this thread's */
} tlib;

static int setup(void **state)
{
	tlib *t = calloc(1, sizeof *t);
	quire_error err = {0};
	store_t *watch = NULL;
	if (!t || setup_dir(&t->dir) != 0) {
		free(t);
		return -1;
	}
	const char *lib = ((tdir *)t->dir)->lib;
	if (st_open(lib, ST_CREATE, &t->writer, &err) != QUIRE_OK ||
	    st_open(lib, ST_OPEN_EXISTING, &watch, &err) != QUIRE_OK ||
	    st_open(lib, ST_OPEN_EXISTING, &t->mine, &err) != QUIRE_OK)
		return -1;
	t->cache = cache_new(0, watch);
	*state = t;
	return t->cache ? 0 : -1;
}

static int teardown(void **state)
{
	tlib *t = *state;
	cache_free(t->cache);
	st_close(t->writer);
	st_close(t->mine);
	teardown_dir(&t->dir);
	free(t);
	return 0;
}

/* A server thread's first look: a thread with a store of its own. */
static void *ask(void *arg)
{
	tlib *t = arg;
	static uint64_t gen;
	quire_error err = {0};
	store_t *st = NULL;
	gen = 0;
	if (st_open(((tdir *)t->dir)->lib, ST_OPEN_EXISTING, &st, &err) == QUIRE_OK) {
		gen = cache_generation(t->cache, st);
		st_close(st);
	}
	return &gen;
}

static uint64_t ask_from_new_thread(tlib *t)
{
	pthread_t th;
	void *r = NULL;
	assert_int_equal(pthread_create(&th, NULL, ask, t), 0);
	assert_int_equal(pthread_join(th, &r), 0);
	return *(uint64_t *)r;
}

static void test_generation_stays_while_unchanged(void **state)
{
	tlib *t = *state;
	uint64_t g = cache_generation(t->cache, t->mine);
	assert_true(g != 0);
	assert_int_equal(cache_generation(t->cache, t->mine), g);
	/* threads that never looked before see the same generation */
	for (int i = 0; i < 4; i++)
		assert_int_equal(ask_from_new_thread(t), g);
	assert_int_equal(cache_generation(t->cache, t->mine), g);
}

static void test_generation_moves_on_commit(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	uint64_t g = cache_generation(t->cache, t->mine);
	/* a commit by another connection: a thread that looks for the
	 * first time sees it (through the watcher)… */
	assert_int_equal(st_setting_set(t->writer, "site.name", "Tides", &err), QUIRE_OK);
	uint64_t h = ask_from_new_thread(t);
	assert_true(h > g);
	/* … and so does a thread that looked before (its own connection) */
	uint64_t k = cache_generation(t->cache, t->mine);
	assert_true(k >= h);
	/* then it stands, for both kinds of thread */
	assert_int_equal(cache_generation(t->cache, t->mine), k);
	assert_int_equal(ask_from_new_thread(t), k);
	/* a thread that looked sees the next commit first */
	assert_int_equal(st_setting_set(t->writer, "site.name", "Shores", &err), QUIRE_OK);
	uint64_t m = cache_generation(t->cache, t->mine);
	assert_true(m > k);
	/* its own commits count too */
	assert_int_equal(st_setting_set(t->mine, "site.name", "Reefs", &err), QUIRE_OK);
	assert_true(cache_generation(t->cache, t->mine) > m);
}

static void test_new_needs_a_watcher(void **state)
{
	(void)state;
	assert_null(cache_new(0, NULL));
	assert_int_equal(cache_generation(NULL, NULL), 0);
	cache_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_generation_stays_while_unchanged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_generation_moves_on_commit, setup, teardown),
		cmocka_unit_test(test_new_needs_a_watcher),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
