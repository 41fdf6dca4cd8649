/*
 * bench_search.c — the in-process half of the search benchmark
 * (bench/search.sh): quire's engine through srch_search, and plain SQLite
 * FTS5 on the same text, timed query by query.
 *
 *   bench_search quire LIBRARY QUERIES [CLIENTS [ROUNDS]]
 *   bench_search fts5-build DUMP DB
 *   bench_search fts5 DB QUERIES [CLIENTS [ROUNDS]]
 *   bench_search quire-index LIBRARY
 *
 * QUERIES is bench/queries/search.tsv (bench/queries/make_queries.py):
 * kind, text, year_min, year_max, tag, format, min_words, max_words.
 * DUMP is the corpus as tools/make_big_library --dump writes it.
 *
 * quire: every client (a thread with its own store_t, as the web server
 * has one per thread) runs srch_search for each query as an admin (every
 * paper open: the full text of all of them takes part), 20 hits with
 * snippets and the total, in a new arena per query.  Each client starts
 * at a different place of the list, so two clients do not ask the same
 * query at the same moment.  One untimed round warms the caches first;
 * then ROUNDS (default 2) timed rounds.  BENCH_MMAP=MB in the environment
 * is an experiment: it gives the store's connection that many MB of
 * memory-mapped I/O and of page cache (PRAGMA mmap_size, cache_size);
 * BENCH_BARE=1 asks for bare results (no snippets: what they cost).  The
 * time of a query is clock_gettime(CLOCK_MONOTONIC) around the one call.
 *
 * fts5-build: one plain FTS5 table (title, authors, body, and unindexed
 * year, format, tags, words), tokenizer "porter unicode61
 * remove_diacritics 2" (what the first engine used), the rank bm25()
 * with weights title 10, authors 5, body 1; all rows in one transaction.
 * Prints the build time and the file's size.
 *
 * fts5: the same queries as SELECT rowid, title, snippet(…) … WHERE docs
 * MATCH ? AND <filters> ORDER BY rank LIMIT 20: FTS5's own top-k path,
 * snippets cut only for the rows returned.  The query text becomes an
 * FTS5 expression the way a person's words would: each word quoted, a
 * "phrase" kept as one quoted string, a trailing '*' a prefix.  Unlike
 * quire's, no total is counted (FTS5 would need a second pass), which
 * favours FTS5.
 *
 * quire-index: what quire's index costs: the size of its tables (ix_*,
 * quire's own index; dbstat), the size of the text (the papers' normalised
 * text), the time opening the library took (its migrations: on a library
 * made before the index, migration 7 builds it) and the time st_reindex
 * takes to index every paper again (it commits: the rebuilt index holds
 * the same postings under new docids).
 *
 * Output: one line "NAME clients=C n=N mean=… p50=… p90=… p99=… max=… ms
 * returned/query=… total/query=…" then one line per kind with its p50 and p99, then the five
 * slowest queries (for profiling; BENCH_SLOWEST=N in the environment shows N).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "benchq.h"
#include "buf.h"
#include "quire.h"
#include "search.h"
#include "store.h"
#include "store_sqlite.h"

#define MAX_CLIENTS 16

typedef benchq bquery;

typedef struct sample {
	double ms;
	size_t q;
} sample;

typedef struct client {
	const char *engine, *path;
	bquery *qs;
	char **fts; /* each query's FTS5 expression */
	size_t nq, rounds, start;
	sample *v;
	size_t n;
	unsigned long long hits, total;
	int failed;
} client;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The FTS5 expression of a person's query text. */
static char *fts_expr(const char *t)
{
	buf_t b = BUF_INIT;
	size_t i = 0, n = strlen(t);
	while (i < n) {
		if (t[i] == ' ') {
			i++;
			continue;
		}
		if (b.len)
			buf_putc(&b, ' ');
		if (t[i] == '"') {
			const char *e = strchr(t + i + 1, '"');
			size_t end = e ? (size_t)(e - t) : n;
			buf_putc(&b, '"');
			buf_append(&b, t + i + 1, end - i - 1);
			buf_putc(&b, '"');
			i = end + 1;
			continue;
		}
		size_t s = i;
		while (i < n && t[i] != ' ')
			i++;
		int prefix = t[i - 1] == '*';
		buf_putc(&b, '"');
		for (size_t k = s; k < i - (size_t)prefix; k++)
			if (t[k] != '"')
				buf_putc(&b, t[k]);
		buf_putc(&b, '"');
		if (prefix)
			buf_puts(&b, " *");
	}
	buf_putc(&b, '\0');
	if (buf_failed(&b)) {
		fprintf(stderr, "bench_search: out of memory\n");
		exit(1);
	}
	return b.p;
}

/* The FTS5 expression of each of the n queries. */
static char **fts_exprs(const bquery *qs, size_t n)
{
	char **v = malloc((n + 1) * sizeof *v);
	if (!v) {
		fprintf(stderr, "bench_search: out of memory\n");
		exit(1);
	}
	for (size_t i = 0; i < n; i++)
		v[i] = fts_expr(qs[i].text);
	return v;
}

/* ------------------------------------------------------------------ */
/* quire                                                               */
/* ------------------------------------------------------------------ */

static void run_quire(client *c)
{
	quire_error err = {0};
	store_t *st = NULL;
	if (st_open(c->path, ST_OPEN_EXISTING, &st, &err) != QUIRE_OK) {
		fprintf(stderr, "bench_search: %s: %s\n", c->path, err.msg);
		c->failed = 1;
		return;
	}
	/* BENCH_MMAP=MB: an experiment, not what quire does — the store's
	 * connection gets that much memory-mapped I/O and page cache. */
	const char *mm = getenv("BENCH_MMAP");
	if (mm && atol(mm) > 0) {
		char sql[128];
		snprintf(sql, sizeof sql, "PRAGMA mmap_size = %lld; PRAGMA cache_size = -%ld",
			 (long long)atol(mm) << 20, atol(mm) << 10);
		(void)sqlite3_exec(st_sqlite_handle(st), sql, NULL, NULL, NULL);
	}
	for (size_t r = 0; r <= c->rounds && !c->failed; r++) {
		for (size_t k = 0; k < c->nq; k++) {
			size_t qi = (c->start + k) % c->nq;
			const bquery *b = &c->qs[qi];
			srch_query q;
			memset(&q, 0, sizeof q);
			q.text = b->text;
			q.limit = 20;
			q.bare = getenv("BENCH_BARE") != NULL;
			q.year_min = b->year_min;
			q.year_max = b->year_max;
			q.tag = b->tag;
			q.format = b->format;
			q.min_words = b->min_words;
			q.max_words = b->max_words;
			q.access.admin = 1;
			quire_arena *a = quire_arena_new(0);
			srch_result res;
			double t0 = now_ms();
			quire_status s = srch_search(st, &q, a, &res, &err);
			double t1 = now_ms();
			if (s != QUIRE_OK) {
				fprintf(stderr, "bench_search: quire: %s: %s\n", b->text, err.msg);
				c->failed = 1;
			}
			if (r > 0) {
				c->v[c->n].ms = t1 - t0;
				c->v[c->n++].q = qi;
				c->hits += res.n;
				c->total += res.total;
			}
			quire_arena_free(a);
		}
	}
	st_close(st);
}

/* ------------------------------------------------------------------ */
/* FTS5                                                                */
/* ------------------------------------------------------------------ */

static void run_fts5(client *c)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	/* a busy timeout: two clients opening a WAL database at once may
	 * find the other setting up its shared memory */
	if (sqlite3_open_v2(c->path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(db, 5000) != SQLITE_OK ||
	    sqlite3_prepare_v2(db,
		"SELECT rowid, title, snippet(docs, 2, X'01', X'02', '\xE2\x80\xA6', 24)"
		" FROM docs WHERE docs MATCH ?1"
		" AND (?2 = 0 OR year >= ?2) AND (?3 = 0 OR year <= ?3)"
		" AND (?4 IS NULL OR ',' || tags || ',' LIKE '%,' || ?4 || ',%')"
		" AND (?5 IS NULL OR format = ?5)"
		" AND (?6 = 0 OR words >= ?6) AND (?7 = 0 OR words <= ?7)"
		" ORDER BY rank LIMIT 20", -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_search: %s: %s\n", c->path, sqlite3_errmsg(db));
		c->failed = 1;
		sqlite3_close(db);
		return;
	}
	for (size_t r = 0; r <= c->rounds && !c->failed; r++) {
		for (size_t k = 0; k < c->nq; k++) {
			size_t qi = (c->start + k) % c->nq;
			const bquery *b = &c->qs[qi];
			size_t got = 0;
			double t0 = now_ms();
			sqlite3_bind_text(s, 1, c->fts[qi], -1, SQLITE_STATIC);
			sqlite3_bind_int(s, 2, b->year_min);
			sqlite3_bind_int(s, 3, b->year_max);
			if (b->tag)
				sqlite3_bind_text(s, 4, b->tag, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(s, 4);
			if (b->format)
				sqlite3_bind_text(s, 5, b->format, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(s, 5);
			sqlite3_bind_int64(s, 6, (sqlite3_int64)b->min_words);
			sqlite3_bind_int64(s, 7, (sqlite3_int64)b->max_words);
			int rc;
			while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
				(void)sqlite3_column_text(s, 1);
				(void)sqlite3_column_text(s, 2);
				got++;
			}
			sqlite3_reset(s);
			double t1 = now_ms();
			if (rc != SQLITE_DONE) {
				fprintf(stderr, "bench_search: fts5: %s: %s\n", c->fts[qi], sqlite3_errmsg(db));
				c->failed = 1;
			}
			if (r > 0) {
				c->v[c->n].ms = t1 - t0;
				c->v[c->n++].q = qi;
				c->hits += got;
				c->total += got;
			}
		}
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static int fts5_build(const char *dump, const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	remove(path);
	FILE *f = fopen(dump, "r");
	if (!f) {
		fprintf(stderr, "bench_search: %s: cannot read\n", dump);
		return 1;
	}
	double t0 = now_ms();
	int rc = sqlite3_open(path, &db);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db,
			"PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
			"CREATE VIRTUAL TABLE docs USING fts5(title, authors, body,"
			" year UNINDEXED, format UNINDEXED, tags UNINDEXED, words UNINDEXED,"
			" tokenize = 'porter unicode61 remove_diacritics 2');"
			"INSERT INTO docs(docs, rank) VALUES ('rank', 'bm25(10.0, 5.0, 1.0)');"
			"BEGIN", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db,
			"INSERT INTO docs(title, authors, body, year, format, tags, words)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &s, NULL);
	char *line = NULL;
	size_t cap = 0, rows = 0;
	ssize_t len;
	while (rc == SQLITE_OK && (len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		char *fld[9] = {0};
		char *p = line;
		for (int k = 0; k < 9; k++) {
			fld[k] = p;
			char *tab = p && k < 8 ? strchr(p, '\t') : NULL;
			if (tab)
				*tab = '\0';
			p = tab ? tab + 1 : NULL;
		}
		if (!fld[8])
			continue;
		sqlite3_bind_text(s, 1, fld[1], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, fld[2], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, fld[8], -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 4, atoi(fld[3]));
		sqlite3_bind_text(s, 5, fld[4], -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, fld[5], -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 7, atoll(fld[6]));
		rc = sqlite3_step(s);
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
		sqlite3_reset(s);
		rows++;
	}
	free(line);
	fclose(f);
	sqlite3_finalize(s);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	double t1 = now_ms();
	if (rc != SQLITE_OK) {
		fprintf(stderr, "bench_search: fts5-build: %s\n", sqlite3_errmsg(db));
		sqlite3_close(db);
		return 1;
	}
	sqlite3_close(db);
	struct stat sb;
	long long size = stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
	printf("fts5 build: %zu papers in %.1f s, index %lld bytes\n", rows,
	       (t1 - t0) / 1e3, size);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Statistics                                                          */
/* ------------------------------------------------------------------ */

static int cmp_ms(const void *x, const void *y)
{
	double a = ((const sample *)x)->ms, b = ((const sample *)y)->ms;
	return a < b ? -1 : a > b;
}

static double pct(const sample *v, size_t n, double p)
{
	if (!n)
		return 0;
	size_t k = (size_t)(p * (double)(n - 1) + 0.5);
	return v[k].ms;
}

static void report(const char *name, size_t clients, sample *v, size_t n,
		   const bquery *qs, size_t nq, unsigned long long hits,
		   unsigned long long total)
{
	qsort(v, n, sizeof *v, cmp_ms);
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += v[i].ms;
	printf("%s clients=%zu n=%zu mean=%.2f p50=%.2f p90=%.2f p99=%.2f max=%.2f ms"
	       " returned/query=%.1f total/query=%.0f\n",
	       name, clients, n, n ? sum / (double)n : 0, pct(v, n, 0.5), pct(v, n, 0.9),
	       pct(v, n, 0.99), n ? v[n - 1].ms : 0, n ? (double)hits / (double)n : 0,
	       n ? (double)total / (double)n : 0);
	/* per kind, in the order the file has them */
	sample *k = malloc((n ? n : 1) * sizeof *k);
	if (!k)
		return;
	for (size_t i = 0; i < nq; i++) {
		int seen = 0;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(qs[j].kind, qs[i].kind) == 0;
		if (seen)
			continue;
		size_t m = 0;
		for (size_t j = 0; j < n; j++)
			if (strcmp(qs[v[j].q].kind, qs[i].kind) == 0)
				k[m++] = v[j];
		printf("  %-8s n=%-4zu p50=%7.2f p99=%7.2f max=%7.2f ms\n", qs[i].kind, m,
		       pct(k, m, 0.5), pct(k, m, 0.99), m ? k[m - 1].ms : 0);
	}
	free(k);
	const char *env = getenv("BENCH_SLOWEST");
	size_t show = env ? (size_t)strtoul(env, NULL, 10) : 5;
	printf("  slowest:");
	for (size_t i = 0; i < show && i < n; i++)
		printf("%s[%s %.1f ms] %s", i ? "; " : " ", qs[v[n - 1 - i].q].kind,
		       v[n - 1 - i].ms, qs[v[n - 1 - i].q].text);
	printf("\n");
}

static void *thread_main(void *arg)
{
	client *c = arg;
	if (strcmp(c->engine, "quire") == 0)
		run_quire(c);
	else
		run_fts5(c);
	return NULL;
}

/* One number from constant sql, -1 when it fails. */
static double number(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	double v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_double(s, 0);
	sqlite3_finalize(s);
	return v;
}

static int quire_index(const char *path)
{
	quire_error err = {0};
	store_t *st = NULL;
	double t0o = now_ms();
	if (st_open(path, ST_OPEN_EXISTING, &st, &err) != QUIRE_OK) {
		fprintf(stderr, "bench_search: %s: %s\n", path, err.msg);
		return 1;
	}
	double t0o1 = now_ms();
	sqlite3 *db = st_sqlite_handle(st);
	double index = number(db, "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'ix\\_%' ESCAPE '\\'");
	double text = number(db, "SELECT sum(length(CAST(text AS BLOB))) FROM papers");
	double file = number(db, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size");
	double t0 = now_ms();
	quire_status qs = st_reindex(st, NULL, NULL, &err);
	double t1 = now_ms();
	if (qs != QUIRE_OK)
		fprintf(stderr, "bench_search: reindex: %s\n", err.msg);
	printf("quire index: %.0f bytes, text %.0f bytes, library %.0f bytes, rebuild %.1f s, open %.1f s\n",
	       index, text, file, qs == QUIRE_OK ? (t1 - t0) / 1e3 : -1.0, (t0o1 - t0o) / 1e3);
	st_close(st);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "fts5-build") == 0)
		return fts5_build(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "quire-index") == 0)
		return quire_index(argv[2]);
	if (argc < 4 || (strcmp(argv[1], "quire") != 0 && strcmp(argv[1], "fts5") != 0)) {
		fprintf(stderr, "usage: bench_search quire|fts5 LIBRARY QUERIES [CLIENTS [ROUNDS]]\n"
				"       bench_search fts5-build DUMP DB\n"
				"       bench_search quire-index LIBRARY\n");
		return 2;
	}
	size_t nq = 0;
	bquery *qs = benchq_load(argv[3], &nq);
	char **fts = fts_exprs(qs, nq);
	size_t clients = argc > 4 ? (size_t)strtoul(argv[4], NULL, 10) : 1;
	size_t rounds = argc > 5 ? (size_t)strtoul(argv[5], NULL, 10) : 2;
	if (clients < 1 || clients > MAX_CLIENTS || rounds < 1 || nq == 0) {
		fprintf(stderr, "bench_search: 1 to %d clients, 1 round or more, some queries\n",
			MAX_CLIENTS);
		return 2;
	}
	client cs[MAX_CLIENTS];
	pthread_t th[MAX_CLIENTS];
	memset(cs, 0, sizeof cs);
	for (size_t i = 0; i < clients; i++) {
		cs[i].engine = argv[1];
		cs[i].path = argv[2];
		cs[i].qs = qs;
		cs[i].fts = fts;
		cs[i].nq = nq;
		cs[i].rounds = rounds;
		cs[i].start = i * nq / clients;
		cs[i].v = malloc(nq * rounds * sizeof *cs[i].v);
		if (!cs[i].v)
			return 1;
	}
	for (size_t i = 0; i < clients; i++)
		if (pthread_create(&th[i], NULL, thread_main, &cs[i]) != 0)
			return 1;
	for (size_t i = 0; i < clients; i++)
		pthread_join(th[i], NULL);
	size_t n = 0;
	unsigned long long hits = 0, total = 0;
	int failed = 0;
	for (size_t i = 0; i < clients; i++) {
		n += cs[i].n;
		hits += cs[i].hits;
		total += cs[i].total;
		failed |= cs[i].failed;
	}
	sample *all = malloc((n ? n : 1) * sizeof *all);
	if (!all)
		return 1;
	n = 0;
	for (size_t i = 0; i < clients; i++) {
		memcpy(all + n, cs[i].v, cs[i].n * sizeof *all);
		n += cs[i].n;
		free(cs[i].v);
	}
	report(argv[1], clients, all, n, qs, nq, hits, total);
	free(all);
	for (size_t i = 0; i < nq; i++) {
		free(qs[i].kind);
		free(qs[i].text);
		free(qs[i].tag);
		free(qs[i].format);
		free(fts[i]);
	}
	free(qs);
	free(fts);
	return failed;
}
