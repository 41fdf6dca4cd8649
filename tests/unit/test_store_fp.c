/*
 * test_store_fp.c — the store's fingerprint index of reused passages
 * (store.h, "The fingerprint index"): filled by st_add (computed from the
 * text, or as given), replaced by st_update_analysis, emptied by
 * st_remove in the same transaction; st_fp_lookup's bound on common
 * hashes; st_fp_paper / st_fp_key; st_fp_walk grouping by hash;
 * st_check catching a damaged index and st_fp_reindex repairing it; the
 * migration indexing the papers of an older library; the two tables of
 * fingerprints (new rows in fp_recent, moved into fingerprints by a
 * merge): lookups, the walk, removal and st_check over both, before and
 * after a merge, and the merge st_add makes when fp_recent is big; a
 * batch's rows waiting in memory until its commit.
 *
 * Every test works in its own directory made with mkdtemp() under /tmp.
 */
#include "testutil.h"
#include "libtest.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "reuse.h"
#include "store.h"
#include "store_sqlite.h"

/* Texts of our own writing. */
static const char text_a[] =
	"The keepers of the northern lighthouses kept a logbook for every night "
	"of the year, and in it they wrote the hour the lamp was lit, the state "
	"of the sea and the ships that passed the point before the morning.";
static const char text_b[] =
	"Bakers in the high villages kept their starter in a clay pot beside the "
	"oven, feeding it with rye flour each evening so that the dough would "
	"rise in the cold of the mountain night.";

/* A paper of text (its bytes are the text plus a number, so each call
 * with another n is another file). */
typedef struct fx {
	st_new p;
	char sha[65];
	char file[1024];
} fx;

static void fx_make(fx *f, unsigned n, const char *text)
{
	memset(f, 0, sizeof *f);
	snprintf(f->file, sizeof f->file, "%s\n%u\n", text, n);
	st_sha256_hex((const unsigned char *)f->file, strlen(f->file), f->sha);
	f->p.filename = "paper.txt";
	f->p.file = (const unsigned char *)f->file;
	f->p.file_len = strlen(f->file);
	f->p.sha256 = f->sha;
	f->p.format = "text";
	f->p.analysis = "{}";
	f->p.analysis_len = 2;
	f->p.text = text;
	f->p.text_len = strlen(text);
	f->p.title = "A paper";
	f->p.authors = "";
	f->p.visibility = ST_MEMBERS;
}

static store_t *open_ok(const char *path, st_mode mode)
{
	store_t *st = NULL;
	quire_error err = {0};
	quire_status s = st_open(path, mode, &st, &err);
	if (s != QUIRE_OK)
		print_error("st_open: %s\n", err.msg);
	assert_int_equal(s, QUIRE_OK);
	return st;
}

static void add_ok(store_t *st, const fx *f, char id[16])
{
	quire_error err = {0};
	quire_status s = st_add(st, &f->p, id, &err);
	if (s != QUIRE_OK)
		print_error("st_add: %s\n", err.msg);
	assert_int_equal(s, QUIRE_OK);
}

/* The distinct winnowed hashes of text, as the store computes them. */
static size_t hashes_of(const char *text, quire_arena *a, uint64_t **out,
			reuse_fp **fps_out)
{
	reuse_opts o = reuse_opts_default();
	reuse_text t;
	reuse_fp *fps;
	size_t n;
	quire_error err = {0};
	assert_int_equal(reuse_words(text, strlen(text), &o, a, &t, &err), QUIRE_OK);
	assert_int_equal(reuse_winnow(&t, &o, a, &fps, &n, &err), QUIRE_OK);
	assert_true(n > 3);
	uint64_t *h = quire_arena_alloc(a, n * sizeof *h);
	assert_non_null(h);
	for (size_t i = 0; i < n; i++)
		h[i] = fps[i].hash;
	*out = h;
	if (fps_out)
		*fps_out = fps;
	return n;
}

/* Rows of both tables of fingerprints. */
#define ALL_ROWS "SELECT (SELECT count(*) FROM fingerprints)" \
		 " + (SELECT count(*) FROM fp_recent)"

/* One number from sql (through a second connection). */
static long long rows(const char *lib, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;
	assert_int_equal(sqlite3_open_v2(lib, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			v = sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_DONE)
			v = 0;
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void test_add_indexes_and_lookup(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	fx f;
	char id[16];
	fx_make(&f, 1, text_a);
	add_ok(st, &f, id);

	size_t indexed = 0, missing = 9;
	assert_int_equal(st_fp_status(st, &indexed, &missing, &err), QUIRE_OK);
	assert_int_equal(indexed, 1);
	assert_int_equal(missing, 0);
	int64_t key = -1;
	assert_int_equal(st_fp_key(st, id, &key, &err), QUIRE_OK);
	assert_true(key > 0);

	uint64_t *h;
	reuse_fp *fps;
	size_t n = hashes_of(text_a, a, &h, &fps);
	st_fp_hits hits;
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.skipped, 0);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		const reuse_hit *x = st_fp_hits_of(&hits, fps[i].hash, &k);
		assert_true(k >= 1);
		int found = 0;
		for (size_t j = 0; j < k; j++) {
			assert_int_equal(x[j].source, key);
			found |= x[j].pos == fps[i].pos;
		}
		assert_true(found);
	}
	/* a hash of another text is not there */
	uint64_t *hb;
	size_t nb = hashes_of(text_b, a, &hb, NULL);
	assert_int_equal(st_fp_lookup(st, hb, nb, 0, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.n_hits, 0);
	size_t k = 7;
	assert_null(st_fp_hits_of(&hits, hb[0], &k));
	assert_int_equal(k, 0);

	st_paper p;
	assert_int_equal(st_fp_paper(st, key, ST_WITH_TEXT, a, &p, &err), QUIRE_OK);
	assert_string_equal(p.id, id);
	assert_span_equal(p.text, p.text_len, text_a);
	assert_int_equal(st_fp_paper(st, key + 1000, 0, a, &p, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	quire_arena_free(a);
	st_close(st);
}

static void test_lookup_bound(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	for (unsigned i = 0; i < 5; i++) {
		fx f;
		char id[16];
		fx_make(&f, i, text_a);
		add_ok(st, &f, id);
	}
	uint64_t *h;
	size_t n = hashes_of(text_a, a, &h, NULL);
	st_fp_hits hits;
	assert_int_equal(st_fp_lookup(st, h, n, 10, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.skipped, 0);
	assert_true(hits.n_hits >= 5 * hits.n);
	/* in 5 places, more than 4 allowed: boilerplate, skipped */
	assert_int_equal(st_fp_lookup(st, h, n, 4, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.skipped, hits.n);
	assert_int_equal(hits.n_hits, 0);
	/* a batch with the same hash twice looks it up once */
	uint64_t twice[2] = {h[0], h[0]};
	assert_int_equal(st_fp_lookup(st, twice, 2, 10, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.n, 1);
	/* an empty batch */
	assert_int_equal(st_fp_lookup(st, NULL, 0, 0, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.n_hits, 0);
	quire_arena_free(a);
	st_close(st);
}

static void test_remove_and_update(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	fx f, g;
	char id[16], id2[16];
	fx_make(&f, 1, text_a);
	add_ok(st, &f, id);
	fx_make(&g, 2, text_b);
	add_ok(st, &g, id2);
	long long before = rows(t->lib, ALL_ROWS);
	assert_true(before > 0);

	/* re-analysis replaces the fingerprints: text_a's are gone */
	fx u;
	fx_make(&u, 3, text_b);
	assert_int_equal(st_update_analysis(st, id, &u.p, &err), QUIRE_OK);
	uint64_t *h;
	size_t n = hashes_of(text_a, a, &h, NULL);
	st_fp_hits hits;
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.n_hits, 0);
	n = hashes_of(text_b, a, &h, NULL);
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	assert_true(hits.n_hits >= 2 * hits.n); /* both papers now */
	assert_int_equal(st_check(st, &err), QUIRE_OK);

	/* removal takes the paper's rows out in the same transaction */
	assert_int_equal(st_remove(st, id, &err), QUIRE_OK);
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	for (size_t i = 0; i < hits.n_hits; i++) {
		int64_t k2 = -1;
		assert_int_equal(st_fp_key(st, id2, &k2, &err), QUIRE_OK);
		assert_int_equal(hits.hits[i].source, k2);
	}
	int64_t gone;
	assert_int_equal(st_fp_key(st, id, &gone, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_remove(st, id2, &err);
	assert_int_equal(rows(t->lib, ALL_ROWS), 0);
	assert_int_equal(rows(t->lib, "SELECT count(*) FROM fp_papers"), 0);
	quire_arena_free(a);
	st_close(st);
}

static void test_given_fps_and_empty(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	fx f;
	char id[16];
	reuse_fp mine[3] = {{42, 7}, {42, 9}, {0xfedcba9876543210ULL, 1}};
	fx_make(&f, 1, text_a);
	f.p.fps = mine;
	f.p.n_fps = 3;
	f.p.fps_given = 1;
	add_ok(st, &f, id);
	uint64_t q[2] = {42, 0xfedcba9876543210ULL};
	st_fp_hits hits;
	assert_int_equal(st_fp_lookup(st, q, 2, 0, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.n_hits, 3); /* both places of 42, the big hash once */
	size_t k;
	const reuse_hit *x = st_fp_hits_of(&hits, 0xfedcba9876543210ULL, &k);
	assert_int_equal(k, 1);
	assert_int_equal(x[0].pos, 1);
	assert_int_equal(st_check(st, &err), QUIRE_OK);

	/* a paper with no words is indexed with nothing */
	fx e;
	fx_make(&e, 2, "");
	add_ok(st, &e, id);
	size_t indexed = 0;
	assert_int_equal(st_fp_status(st, &indexed, NULL, &err), QUIRE_OK);
	assert_int_equal(indexed, 2);
	assert_int_equal(st_check(st, &err), QUIRE_OK);

	/* the same bytes again: refused, the index unchanged */
	long long before = rows(t->lib, ALL_ROWS);
	assert_true(before >= 3);
	assert_int_equal(st_add(st, &f.p, id, &err), QUIRE_EEXIST);
	assert_int_equal(rows(t->lib, ALL_ROWS), before);
	quire_arena_free(a);
	st_close(st);
}

typedef struct walk_ctx {
	size_t groups, bad;
	int64_t k1, k2;
} walk_ctx;

static int walk_fn(uint64_t hash, const int64_t *p, size_t n, void *ctx)
{
	walk_ctx *w = ctx;
	(void)hash;
	w->groups++;
	if (n != 2 || p[0] != w->k1 || p[1] != w->k2)
		w->bad++;
	return 0;
}

static int count_fn(int64_t key, const char *id, size_t n_hashes, void *ctx)
{
	(void)key;
	(void)id;
	*(size_t *)ctx += n_hashes > 0;
	return 0;
}

static void test_walk(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_error err = {0};
	fx f1, f2, f3;
	char a1[16], a2[16], a3[16];
	fx_make(&f1, 1, text_a);
	fx_make(&f2, 2, text_a);
	fx_make(&f3, 3, text_b);
	add_ok(st, &f1, a1);
	add_ok(st, &f2, a2);
	add_ok(st, &f3, a3);
	walk_ctx w = {0, 0, 0, 0};
	assert_int_equal(st_fp_key(st, a1, &w.k1, &err), QUIRE_OK);
	assert_int_equal(st_fp_key(st, a2, &w.k2, &err), QUIRE_OK);
	assert_true(w.k1 < w.k2);
	assert_int_equal(st_fp_walk(st, 10, walk_fn, &w, &err), QUIRE_OK);
	assert_true(w.groups > 3);
	assert_int_equal(w.bad, 0);
	/* with at most 1 paper a hash (< 2: the default bound) nothing is left out */
	walk_ctx w2 = w;
	w2.groups = 0;
	assert_int_equal(st_fp_walk(st, 1, walk_fn, &w2, &err), QUIRE_OK);
	assert_int_equal(w2.groups, w.groups);
	size_t with = 0;
	assert_int_equal(st_fp_papers(st, count_fn, &with, &err), QUIRE_OK);
	assert_int_equal(with, 3);
	st_close(st);
}

static int walk3_fn(uint64_t hash, const int64_t *p, size_t n, void *ctx)
{
	walk_ctx *w = ctx;
	(void)hash;
	w->groups++;
	for (size_t i = 1; i < n; i++)
		if (p[i - 1] >= p[i])
			w->bad++;
	if (n < 2 || n > 3)
		w->bad++;
	return 0;
}

/* The hits of h's hashes as "hash paper pos" triples, in the order
 * st_fp_lookup gives them, for comparing two lookups. */
static size_t hit_list(const st_fp_hits *h, long long *out, size_t cap)
{
	size_t k = 0;
	for (size_t i = 0; i < h->n; i++) {
		size_t n = 0;
		const reuse_hit *x = st_fp_hits_of(h, h->hashes[i], &n);
		for (size_t j = 0; j < n; j++) {
			assert_true(k + 3 <= cap);
			out[k++] = (long long)h->hashes[i];
			out[k++] = x[j].source;
			out[k++] = x[j].pos;
		}
	}
	return k;
}

static void test_merge_keeps_lookups(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	fx f1, f2, f3, f4;
	char a1[16], a2[16], a3[16], a4[16];
	fx_make(&f1, 1, text_a);
	fx_make(&f2, 2, text_a);
	fx_make(&f3, 3, text_b);
	fx_make(&f4, 4, text_a);
	add_ok(st, &f1, a1);
	add_ok(st, &f2, a2);
	add_ok(st, &f3, a3);
	/* new papers' rows are in the small table only */
	long long all = rows(t->lib, ALL_ROWS);
	assert_true(all > 0);
	assert_int_equal(rows(t->lib, "SELECT count(*) FROM fingerprints"), 0);

	uint64_t *h;
	size_t n = hashes_of(text_a, a, &h, NULL);
	st_fp_hits hits;
	static long long before[4096], after[4096];
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	size_t nb = hit_list(&hits, before, 4096);
	assert_true(nb >= 3 * 2 * hits.n); /* both text_a papers */

	/* a merge (st_fp_reindex ends with one) moves every row */
	size_t done = 9;
	assert_int_equal(st_fp_reindex(st, 0, &done, &err), QUIRE_OK);
	assert_int_equal(done, 0);
	assert_int_equal(rows(t->lib, "SELECT count(*) FROM fp_recent"), 0);
	assert_int_equal(rows(t->lib, "SELECT count(*) FROM fingerprints"), all);
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	size_t na = hit_list(&hits, after, 4096);
	assert_int_equal(na, nb);
	assert_memory_equal(after, before, nb * sizeof *before);
	assert_int_equal(st_check(st, &err), QUIRE_OK);

	/* a third text_a paper goes to the small table: lookups and the
	 * walk read both, in key order, and the boilerplate bound counts
	 * places over both */
	add_ok(st, &f4, a4);
	assert_true(rows(t->lib, "SELECT count(*) FROM fp_recent") > 0);
	int64_t k1, k2, k4;
	assert_int_equal(st_fp_key(st, a1, &k1, &err), QUIRE_OK);
	assert_int_equal(st_fp_key(st, a2, &k2, &err), QUIRE_OK);
	assert_int_equal(st_fp_key(st, a4, &k4, &err), QUIRE_OK);
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.skipped, 0);
	for (size_t i = 0; i < hits.n; i++) {
		size_t k = 0;
		const reuse_hit *x = st_fp_hits_of(&hits, hits.hashes[i], &k);
		assert_true(k >= 3);
		int seen4 = 0;
		for (size_t j = 0; j < k; j++) {
			if (j > 0)
				assert_true(x[j - 1].source <= x[j].source);
			seen4 |= x[j].source == k4;
		}
		assert_true(seen4);
	}
	/* in 3 places (2 merged + 1 recent): over a bound of 2 */
	assert_int_equal(st_fp_lookup(st, h, n, 2, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.skipped, hits.n);
	assert_int_equal(hits.n_hits, 0);
	assert_int_equal(st_fp_lookup(st, h, n, 3, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.skipped, 0);

	walk_ctx w = {0, 0, 0, 0};
	assert_int_equal(st_fp_walk(st, 10, walk3_fn, &w, &err), QUIRE_OK);
	assert_true(w.groups > 3);
	assert_int_equal(w.bad, 0);
	/* at most 2 papers a hash: text_a's hashes (3 papers) are left out */
	walk_ctx w2 = {0, 0, 0, 0};
	assert_int_equal(st_fp_walk(st, 2, walk3_fn, &w2, &err), QUIRE_OK);
	assert_int_equal(w2.groups, 0);
	assert_int_equal(st_check(st, &err), QUIRE_OK);

	/* removing the merged papers and the recent one */
	assert_int_equal(st_remove(st, a1, &err), QUIRE_OK);
	assert_int_equal(st_remove(st, a4, &err), QUIRE_OK);
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	for (size_t i = 0; i < hits.n_hits; i++)
		assert_int_equal(hits.hits[i].source, k2);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	quire_arena_free(a);
	st_close(st);
}

static void test_remove_split_paper(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	fx f, g;
	char id[16], id2[16];
	fx_make(&f, 1, text_a);
	fx_make(&g, 2, text_b);
	add_ok(st, &f, id);
	add_ok(st, &g, id2);
	size_t done;
	assert_int_equal(st_fp_reindex(st, 0, &done, &err), QUIRE_OK);
	st_close(st);
	/* half of paper id's hashes moved back to the small table, as no
	 * merge leaves them but readers must cope with */
	char sql[400];
	snprintf(sql, sizeof sql,
		 "INSERT INTO fp_recent SELECT * FROM fingerprints WHERE hash %% 2 = 0"
		 " AND paper = (SELECT n FROM fp_papers WHERE paper_id = '%s');"
		 " DELETE FROM fingerprints WHERE hash %% 2 = 0"
		 " AND paper = (SELECT n FROM fp_papers WHERE paper_id = '%s');"
		 " SELECT count(*) FROM fp_recent", id, id);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(t->lib, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	long long split = rows(t->lib, "SELECT count(*) FROM fp_recent");
	assert_true(split > 0);
	assert_true(rows(t->lib, "SELECT count(*) FROM fingerprints") > split);

	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	int64_t key;
	assert_int_equal(st_fp_key(st, id, &key, &err), QUIRE_OK);
	uint64_t *h;
	reuse_fp *fps;
	size_t n = hashes_of(text_a, a, &h, &fps);
	st_fp_hits hits;
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		const reuse_hit *x = st_fp_hits_of(&hits, fps[i].hash, &k);
		int found = 0;
		for (size_t j = 0; j < k; j++)
			found |= x[j].source == key && x[j].pos == fps[i].pos;
		assert_true(found);
	}

	/* removal takes its rows out of both tables */
	assert_int_equal(st_remove(st, id, &err), QUIRE_OK);
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.n_hits, 0);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);
	assert_int_equal(rows(t->lib, "SELECT count(*) FROM fp_recent"), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM fingerprints WHERE paper <>"
		 " (SELECT n FROM fp_papers WHERE paper_id = '%s')", id2);
	assert_int_equal(rows(t->lib, sql), 0);

	/* a pair in both tables, or a recent row of no paper, is caught */
	assert_int_equal(rows(t->lib, "INSERT INTO fp_recent SELECT * FROM fingerprints"
				      " WHERE hash = (SELECT min(hash) FROM fingerprints)"), 0);
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(st_check(st, &err), QUIRE_ESTORE);
	st_close(st);
	assert_int_equal(rows(t->lib, "DELETE FROM fp_recent"), 0);
	assert_int_equal(rows(t->lib, "INSERT INTO fp_recent VALUES (5, 999999, 1)"), 0);
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(st_check(st, &err), QUIRE_ESTORE);
	assert_non_null(strstr(err.msg, "missing paper"));
	st_close(st);
	quire_arena_free(a);
}

/* More fingerprints than ST_FP_RECENT_MAX (store_sqlite.c: 200,000; keep
 * BIG_PAPER above it): st_add merges inside its own transaction. */
#define BIG_PAPER 210000

static void test_add_merges_when_big(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	fx f, g;
	char id[16], id2[16];
	fx_make(&g, 2, text_b);
	add_ok(st, &g, id2);
	assert_true(rows(t->lib, "SELECT count(*) FROM fp_recent") > 0);

	reuse_fp *big = malloc(BIG_PAPER * sizeof *big);
	assert_non_null(big);
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	for (size_t i = 0; i < BIG_PAPER; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		big[i].hash = x;
		big[i].pos = (uint32_t)i;
	}
	fx_make(&f, 1, text_a);
	f.p.fps = big;
	f.p.n_fps = BIG_PAPER;
	f.p.fps_given = 1;
	add_ok(st, &f, id);
	assert_int_equal(rows(t->lib, "SELECT count(*) FROM fp_recent"), 0);
	assert_true(rows(t->lib, "SELECT count(*) FROM fingerprints") >= BIG_PAPER);

	uint64_t q[2] = {big[0].hash, big[BIG_PAPER - 1].hash};
	st_fp_hits hits;
	assert_int_equal(st_fp_lookup(st, q, 2, 0, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.n_hits, 2);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	/* the next paper goes to the small table again */
	fx e;
	fx_make(&e, 3, text_b);
	add_ok(st, &e, id2);
	assert_true(rows(t->lib, "SELECT count(*) FROM fp_recent") > 0);
	assert_int_equal(st_remove(st, id, &err), QUIRE_OK);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	free(big);
	quire_arena_free(a);
	st_close(st);
}

/* Inside a batch the new rows wait in memory: lookups see them, a
 * removal or the commit writes them, and st_check agrees after. */
static void test_batch_pending(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	fx f1, f2, f3, f4;
	char a1[16], a2[16], a3[16], a4[16];
	fx_make(&f1, 1, text_a);
	fx_make(&f2, 2, text_a);
	fx_make(&f3, 3, text_b);
	fx_make(&f4, 4, text_a);
	add_ok(st, &f1, a1); /* before the batch: in fp_recent */
	long long before = rows(t->lib, ALL_ROWS);
	assert_true(before > 0);

	assert_int_equal(st_batch_begin(st, &err), QUIRE_OK);
	add_ok(st, &f2, a2);
	add_ok(st, &f3, a3);
	/* the same bytes again: refused, its savepoint rolled back */
	assert_int_equal(st_add(st, &f2.p, a4, &err), QUIRE_EEXIST);
	add_ok(st, &f4, a4);
	/* nothing written yet, even as this connection sees the tables */
	sqlite3_stmt *q = NULL;
	assert_int_equal(sqlite3_prepare_v2(st_sqlite_handle(st), ALL_ROWS, -1, &q,
					    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(q), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(q, 0), before);
	sqlite3_finalize(q);
	int64_t k1, k2, k4;
	assert_int_equal(st_fp_key(st, a1, &k1, &err), QUIRE_OK);
	assert_int_equal(st_fp_key(st, a2, &k2, &err), QUIRE_OK);
	assert_int_equal(st_fp_key(st, a4, &k4, &err), QUIRE_OK);
	uint64_t *h;
	reuse_fp *fps;
	size_t n = hashes_of(text_a, a, &h, &fps);
	st_fp_hits hits;
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		const reuse_hit *x = st_fp_hits_of(&hits, fps[i].hash, &k);
		int seen = 0;
		for (size_t j = 0; j < k; j++) {
			if (j > 0)
				assert_true(x[j - 1].source < x[j].source ||
					    (x[j - 1].source == x[j].source &&
					     x[j - 1].pos <= x[j].pos));
			seen |= (x[j].source == k1) | (x[j].source == k2) << 1 |
				(x[j].source == k4) << 2;
		}
		assert_int_equal(seen, 7);
	}
	/* the bound counts the waiting rows too: 3 places, over 2 */
	assert_int_equal(st_fp_lookup(st, h, n, 2, a, &hits, &err), QUIRE_OK);
	assert_int_equal(hits.skipped, hits.n);
	/* removing a paper of the batch writes the rows first */
	assert_int_equal(st_remove(st, a2, &err), QUIRE_OK);
	assert_int_equal(st_batch_commit(st, &err), QUIRE_OK);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	for (size_t i = 0; i < hits.n_hits; i++)
		assert_true(hits.hits[i].source == k1 || hits.hits[i].source == k4);
	assert_true(hits.n_hits >= 2 * hits.n);
	assert_true(rows(t->lib, ALL_ROWS) > before);

	/* a batch left open at close writes nothing */
	long long now = rows(t->lib, ALL_ROWS);
	fx f5;
	char a5[16];
	fx_make(&f5, 5, text_b);
	assert_int_equal(st_batch_begin(st, &err), QUIRE_OK);
	add_ok(st, &f5, a5);
	st_close(st);
	assert_int_equal(rows(t->lib, ALL_ROWS), now);
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	quire_arena_free(a);
	st_close(st);
}

static void test_check_and_reindex(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_error err = {0};
	fx f;
	char id[16];
	fx_make(&f, 1, text_a);
	add_ok(st, &f, id);
	st_close(st);
	/* one row lost behind the store's back (a new paper's rows are in
	 * fp_recent until a merge) */
	assert_int_equal(rows(t->lib, "SELECT count(*) FROM fingerprints"), 0);
	assert_int_equal(rows(t->lib, "DELETE FROM fp_recent WHERE hash ="
				      " (SELECT min(hash) FROM fp_recent)"), 0);
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(st_check(st, &err), QUIRE_ESTORE);
	assert_non_null(strstr(err.msg, "fingerprint"));
	size_t done = 0;
	assert_int_equal(st_fp_reindex(st, 0, &done, &err), QUIRE_OK);
	assert_int_equal(done, 0); /* nothing missing or stale */
	assert_int_equal(st_fp_reindex(st, 1, &done, &err), QUIRE_OK);
	assert_int_equal(done, 1);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);
	/* reindex merged: everything in the big table */
	assert_int_equal(rows(t->lib, "SELECT count(*) FROM fp_recent"), 0);
	assert_true(rows(t->lib, "SELECT count(*) FROM fingerprints") > 0);

	/* a row lost from the big table is caught too */
	assert_int_equal(rows(t->lib, "DELETE FROM fingerprints WHERE hash ="
				      " (SELECT max(hash) FROM fingerprints)"), 0);
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(st_check(st, &err), QUIRE_ESTORE);
	assert_int_equal(st_fp_reindex(st, 1, &done, &err), QUIRE_OK);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);

	/* a row changed in place: the counts agree, the sets do not, and the
	 * paper whose fingerprint went is named */
	assert_int_equal(rows(t->lib, "UPDATE fingerprints SET hash = hash + 1 WHERE hash ="
				      " (SELECT max(hash) FROM fingerprints)"), 0);
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(st_check(st, &err), QUIRE_ESTORE);
	assert_non_null(strstr(err.msg, "missing from the index"));
	assert_non_null(strstr(err.msg, id));
	assert_int_equal(st_fp_reindex(st, 1, &done, &err), QUIRE_OK);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);

	/* a stale version counts as not indexed, and reindex takes it */
	assert_int_equal(rows(t->lib, "UPDATE fp_papers SET version = version + 1"), 0);
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	size_t indexed = 9, missing = 0;
	assert_int_equal(st_fp_status(st, &indexed, &missing, &err), QUIRE_OK);
	assert_int_equal(indexed, 0);
	assert_int_equal(missing, 1);
	assert_int_equal(st_fp_reindex(st, 0, &done, &err), QUIRE_OK);
	assert_int_equal(done, 1);
	assert_int_equal(st_fp_status(st, &indexed, &missing, &err), QUIRE_OK);
	assert_int_equal(indexed, 1);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);
}

static void test_migration_backfills(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	fx f;
	char id[16];
	fx_make(&f, 1, text_a);
	add_ok(st, &f, id);
	st_close(st);
	/* make it a library of before the index (schema 4; the migrations
	 * after 5 must be the kind that can run again) */
	char sql[160];
	snprintf(sql, sizeof sql, "DROP TABLE fingerprints; DROP TABLE fp_papers;"
		 " DROP TABLE fp_recent; PRAGMA user_version = %d", 4);
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(t->lib, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	size_t indexed = 0;
	if (st_fp_status(st, &indexed, NULL, &err) != QUIRE_OK) {
		/* the index is no longer the last migration: the downgrade
		 * above re-ran another one and cannot test the backfill */
		quire_arena_free(a);
		st_close(st);
		skip();
	}
	assert_int_equal(indexed, 1);
	uint64_t *h;
	size_t n = hashes_of(text_a, a, &h, NULL);
	st_fp_hits hits;
	assert_int_equal(st_fp_lookup(st, h, n, 0, a, &hits, &err), QUIRE_OK);
	assert_true(hits.n_hits >= n - 1);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	/* the backfill ends with a merge */
	assert_int_equal(rows(t->lib, "SELECT count(*) FROM fp_recent"), 0);
	assert_true(rows(t->lib, "SELECT count(*) FROM fingerprints") > 0);
	quire_arena_free(a);
	st_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_indexes_and_lookup, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_lookup_bound, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_remove_and_update, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_given_fps_and_empty, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_walk, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_check_and_reindex, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_migration_backfills, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_merge_keeps_lookups, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_remove_split_paper, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_add_merges_when_big, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_batch_pending, setup_dir, teardown_dir),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
