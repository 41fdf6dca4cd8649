/*
 * bench_ix.c — the speed of quire's own index (src/search/ix.h) alone:
 * build time and size over the search benchmark's corpus, then query
 * latency by kind of query (no snippets, no store: what the index costs).
 *
 *   bench_ix build CORPUS DB [N]       index the first N papers (all)
 *   bench_ix query DB QUERIES [ROUNDS [public]]
 *
 * CORPUS is the dump of tools/make_big_library --dump (build/bench-corpus/
 * corpus-100000-*.tsv): id, title, authors ("; "), year, format, tags
 * (","), words, visibility, text.  The fields given to ix: title, authors,
 * meta (format and tags), preview (the text's first 1,500 and last 500
 * bytes, as the store's preview is a head and a tail), body (the text);
 * refs empty.  The caller blob holds year, words, format and tags, which
 * the query side's accept callback reads (as search.c will, through an
 * array built once per reader).  Papers go in in transactions of 5,000
 * (one flush each), WAL, synchronous NORMAL, as the store writes; by
 * default as one bulk load in one transaction (ix_writer_bulk_begin /
 * _end, as st_reindex: flushes write runs to a temporary file, the end
 * writes each term's row once; BENCH_IX_NOBULK=1: transactions of 5,000
 * whose flushes merge, as adds do).
 *
 * query: QUERIES is bench/queries/search.tsv (kind, text, year_min,
 * year_max, tag, format, min_words, max_words).  A query's words are
 * ANDed ("a phrase" a PHRASE, word* a PREFIX); when nothing matches, the
 * relaxed OR with coordination runs, as search does.  Each query: the
 * best 20 and the exact total.  One untimed round, then ROUNDS (default
 * 3) timed; "public" runs as a viewer who may open one paper in ten
 * (accept returns 2 for the rest).  Prints p50 / p90 / p99 overall and
 * per kind, and the slowest queries.  Environment: BENCH_IX_CPU=1 times
 * each query by the thread's CPU time (steadier on a shared machine),
 * BENCH_IX_NOTOTAL=1 leaves the total out (what the count costs),
 * BENCH_IX_PHRASE3=1 adds, to a query of three or more plain words, the
 * words as a phrase ORed beside their AND with coordination 10 (what
 * search.c does for known-item search; =2: the phrase as ix_q_boost's
 * bonus beside the AND instead), BENCH_IX_MMAP=MB maps that much of the file (PRAGMA mmap_size) and
 * gives SQLite an eighth of it as page cache: reads of position chunks
 * then cost no pread and no copy.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "benchq.h"
#include "buf.h"
#include "ix.h"
#include "ix_sqlite.h"
#include "ixtok.h"
#include "quire.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this thread: on a machine shared with other work, it
 * moves less than the wall clock. */
static double cpu_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "bench_ix: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

static long long file_size(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? (long long)st.st_size : 0;
}

/* ------------------------------------------------------------------ */
/* build                                                               */
/* ------------------------------------------------------------------ */

static int cmd_build(const char *corpus, const char *dbpath, size_t limit)
{
	FILE *f = fopen(corpus, "r");
	if (!f)
		die("cannot read", corpus);
	remove(dbpath);
	char wal[1024];
	snprintf(wal, sizeof wal, "%s-wal", dbpath);
	remove(wal);
	sqlite3 *db;
	if (sqlite3_open(dbpath, &db) != SQLITE_OK)
		die("cannot open", dbpath);
	if (sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", NULL,
			 NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, ixsql_schema(), NULL, NULL, NULL) != SQLITE_OK)
		die("schema", sqlite3_errmsg(db));
	/* BENCH_IX_CACHE_MB: SQLite's page cache (st_reindex's: 256) */
	if (getenv("BENCH_IX_CACHE_MB")) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = -%ld", atol(getenv("BENCH_IX_CACHE_MB")) * 1024);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
	}
	ixsql *sql = ixsql_new(db);
	ix_io io;
	ixsql_io(sql, &io);
	ix_writer *w = ix_writer_new(&io, (size_t)512 << 20);
	if (!sql || !w)
		die("out of memory", NULL);
	char *line = NULL;
	size_t cap = 0, rows = 0;
	unsigned long long text_bytes = 0;
	ssize_t len;
	quire_error err = {0};
	buf_t blob = BUF_INIT, meta = BUF_INIT;
	double t0 = now_ms(), flush_ms = 0, c0 = cpu_ms(), flush_cpu = 0;
	int in_tx = 0;
	/* BENCH_IX_FLUSH: papers between flushes (5,000); BENCH_IX_ONETX=1:
	 * one transaction for the whole build, as st_reindex does */
	size_t flush_every = getenv("BENCH_IX_FLUSH") ? (size_t)atol(getenv("BENCH_IX_FLUSH")) : 5000;
	int one_tx = getenv("BENCH_IX_ONETX") != NULL;
	if (flush_every == 0)
		flush_every = 5000;
	/* a bulk load in one transaction, as st_reindex's (BENCH_IX_NOBULK=1:
	 * each flush merges, as adds do) */
	int bulk = !getenv("BENCH_IX_NOBULK");
	if (bulk) {
		one_tx = 1;
		/* the runs beside the database, as the store puts them */
		char dir[4096];
		snprintf(dir, sizeof dir, "%s", dbpath);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			snprintf(dir, sizeof dir, ".");
		if (ix_writer_bulk_begin(w, dir, &err) != QUIRE_OK)
			die("bulk", err.msg);
	}
	while ((len = getline(&line, &cap, f)) > 0 && (limit == 0 || rows < limit)) {
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
		if (!in_tx) {
			sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
			in_tx = 1;
		}
		ix_fields fl;
		memset(&fl, 0, sizeof fl);
		buf_reset(&meta);
		buf_printf(&meta, "%s %s", fld[4], fld[5]);
		size_t tl = strlen(fld[8]);
		fl.text[IX_F_TITLE] = fld[1];
		fl.len[IX_F_TITLE] = strlen(fld[1]);
		fl.text[IX_F_AUTHORS] = fld[2];
		fl.len[IX_F_AUTHORS] = strlen(fld[2]);
		fl.text[IX_F_META] = meta.p;
		fl.len[IX_F_META] = meta.len;
		fl.text[IX_F_BODY] = fld[8];
		fl.len[IX_F_BODY] = tl;
		/* preview: head and tail (tokenized as two pieces would be; one
		 * text here, joined by a blank) */
		buf_t pv = BUF_INIT;
		if (tl > 2000) {
			buf_append(&pv, fld[8], 1500);
			buf_puts(&pv, " \xE2\x80\xA6 ");
			buf_append(&pv, fld[8] + tl - 500, 500);
		} else {
			buf_append(&pv, fld[8], tl);
		}
		fl.text[IX_F_PREVIEW] = pv.p;
		fl.len[IX_F_PREVIEW] = pv.len;
		buf_reset(&blob);
		buf_printf(&blob, "%s\t%s\t%s\t%s\t%s", fld[3], fld[6], fld[4], fld[5], fld[7]);
		uint32_t doc;
		if (ix_writer_add(w, (int64_t)rows + 1, &fl, blob.p, blob.len, &doc, &err) != QUIRE_OK)
			die("add", err.msg);
		buf_free(&pv);
		text_bytes += tl;
		rows++;
		if (rows % flush_every == 0) {
			double tf = now_ms(), cf = cpu_ms();
			if (ix_writer_flush(w, &err) != QUIRE_OK)
				die("flush", err.msg);
			if (!one_tx) {
				sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
				in_tx = 0;
			}
			flush_ms += now_ms() - tf;
			flush_cpu += cpu_ms() - cf;
			fprintf(stderr, "\rbench_ix: %zu papers, %.0f s", rows, (now_ms() - t0) / 1e3);
		}
	}
	if (!in_tx) {
		sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		in_tx = 1;
	}
	{
		double tf = now_ms(), cf = cpu_ms();
		if (ix_writer_bulk_end(w, &err) != QUIRE_OK || ix_writer_flush(w, &err) != QUIRE_OK)
			die("flush", err.msg);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		flush_ms += now_ms() - tf;
		flush_cpu += cpu_ms() - cf;
	}
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	double t1 = now_ms(), c1 = cpu_ms();
	fprintf(stderr, "\n");
	free(line);
	fclose(f);
	buf_free(&blob);
	buf_free(&meta);
	ix_writer_free(w);
	ixsql_free(sql);
	sqlite3_close(db);
	long long size = file_size(dbpath);
	printf("build: %zu papers in %.1f s (flushes and merges %.1f s); CPU %.1f s (flushes "
	       "%.1f s); text %.1f MB; index %.1f MB (%.2f x the text)\n",
	       rows, (t1 - t0) / 1e3, flush_ms / 1e3, (c1 - c0) / 1e3, flush_cpu / 1e3,
	       (double)text_bytes / 1e6, (double)size / 1e6,
	       text_bytes ? (double)size / (double)text_bytes : 0.0);
	return 0;
}

/* ------------------------------------------------------------------ */
/* query                                                               */
/* ------------------------------------------------------------------ */

typedef benchq bq;

/* Attributes as ids (a search keeps them so: the accept callback runs for
 * every candidate and must not compare strings). */
typedef struct attr {
	int year;
	long words;
	int format;     /* id in the names table */
	int tags[8];    /* ids, -1 after the last */
	int open;
} attr;

typedef struct names {
	char *v[4096];
	int n;
} names;

/* The id of name s[0..n) (added when new; -1 when the table is full). */
static int name_id(names *t, const char *s, size_t n)
{
	for (int i = 0; i < t->n; i++)
		if (strlen(t->v[i]) == n && memcmp(t->v[i], s, n) == 0)
			return i;
	if (t->n == 4096)
		return -1;
	t->v[t->n] = strndup(s, n);
	return t->n++;
}

typedef struct actx {
	const attr *a;
	const bq *q;
	int format, tag; /* the query's ids (-2: no such name: nothing passes) */
	int public_view;
} actx;

static int accept_cb(void *u, uint32_t doc, const ix_doc *d)
{
	(void)d;
	const actx *c = u;
	const attr *a = &c->a[doc];
	const bq *q = c->q;
	if (q->year_min && a->year < q->year_min)
		return 0;
	if (q->year_max && a->year > q->year_max)
		return 0;
	if (q->min_words && a->words < (long)q->min_words)
		return 0;
	if (q->max_words && a->words > (long)q->max_words)
		return 0;
	if (q->format && a->format != c->format)
		return 0;
	if (q->tag) {
		int found = 0;
		for (int k = 0; k < 8 && a->tags[k] >= 0 && !found; k++)
			found = a->tags[k] == c->tag;
		if (!found)
			return 0;
	}
	return c->public_view && !a->open ? 2 : 1;
}

/* The query's leaves: words, "phrases", prefix*. */
static size_t leaves(ixtok *tok, quire_arena *a, const char *t, ix_q **out, size_t cap)
{
	size_t n = 0, i = 0, len = strlen(t);
	while (i < len && n < cap) {
		if (t[i] == ' ') {
			i++;
			continue;
		}
		if (t[i] == '"') {
			const char *e = strchr(t + i + 1, '"');
			size_t end = e ? (size_t)(e - t) : len;
			ix_q *q = ix_q_text(tok, a, t + i + 1, end - i - 1, IX_MASK_ALL, 0);
			if (q)
				out[n++] = q;
			i = end + 1;
			continue;
		}
		size_t s = i;
		while (i < len && t[i] != ' ')
			i++;
		int prefix = t[i - 1] == '*';
		ix_q *q = ix_q_text(tok, a, t + s, i - s - (size_t)prefix, IX_MASK_ALL, prefix);
		if (q)
			out[n++] = q;
	}
	return n;
}

typedef struct sample {
	double ms;
	size_t q;
} sample;

static int use_cpu; /* BENCH_IX_CPU: percentiles of CPU time, not wall time */

static int sample_cmp(const void *a, const void *b)
{
	double x = ((const sample *)a)->ms, y = ((const sample *)b)->ms;
	return x < y ? -1 : x > y;
}

static double pct(const sample *v, size_t n, double p)
{
	if (n == 0)
		return 0;
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);
	return v[i].ms;
}

static int cmd_query(const char *dbpath, const char *qpath, size_t rounds, int public_view)
{
	sqlite3 *db;
	if (sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die("cannot open", dbpath);
	const char *mm = getenv("BENCH_IX_MMAP");
	if (mm && atol(mm) > 0) {
		char pragma[128];
		snprintf(pragma, sizeof pragma, "PRAGMA mmap_size = %lld; PRAGMA cache_size = -%ld",
			 (long long)atol(mm) << 20, atol(mm) * 1024 / 8);
		sqlite3_exec(db, pragma, NULL, NULL, NULL);
	}
	ixsql *sql = ixsql_new(db);
	ix_io io;
	ixsql_io(sql, &io);
	ix_reader *r = ix_reader_new(&io);
	quire_error err = {0};
	double t0 = now_ms();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	if (ix_reader_refresh(r, &err) != QUIRE_OK)
		die("refresh", err.msg);
	double t1 = now_ms();
	uint32_t maxd = ix_reader_max_doc(r);
	attr *at = calloc((size_t)maxd + 1, sizeof *at);
	names nm;
	nm.n = 0;
	if (!at)
		die("out of memory", NULL);
	for (uint32_t d = 1; d <= maxd; d++) {
		const ix_doc *x = ix_reader_doc(r, d);
		if (!x)
			continue;
		char tmp[512];
		size_t l = x->blob_len < sizeof tmp - 1 ? x->blob_len : sizeof tmp - 1;
		memcpy(tmp, x->blob, l);
		tmp[l] = '\0';
		char *fld[5] = {0};
		char *p = tmp;
		for (int k = 0; k < 5 && p; k++) {
			fld[k] = p;
			char *tab = strchr(p, '\t');
			if (tab)
				*tab = '\0';
			p = tab ? tab + 1 : NULL;
		}
		at[d].year = fld[0] ? atoi(fld[0]) : 0;
		at[d].words = fld[1] ? atol(fld[1]) : 0;
		at[d].format = fld[2] ? name_id(&nm, fld[2], strlen(fld[2])) : -1;
		int nt = 0;
		for (const char *t = fld[3] ? fld[3] : ""; *t && nt < 8;) {
			const char *e = strchr(t, ',');
			size_t tl = e ? (size_t)(e - t) : strlen(t);
			at[d].tags[nt++] = name_id(&nm, t, tl);
			t += tl + (e ? 1 : 0);
		}
		if (nt < 8)
			at[d].tags[nt] = -1;
		at[d].open = d % 10 == 0;
	}
	double t2 = now_ms();
	printf("reader: %zu documents loaded in %.1f ms (+ attributes %.1f ms)\n",
	       ix_reader_count(r), t1 - t0, t2 - t1);
	size_t nq;
	bq *qs = benchq_load(qpath, &nq);
	sample *v = calloc(nq * (rounds + 1), sizeof *v);
	if (!v)
		die("out of memory", NULL);
	size_t ns = 0;
	ixtok *tok = ixtok_new();
	unsigned long long hits = 0, totals = 0, relaxed = 0;
	ix_params p;
	ix_params_default(&p);
	p.prox = 8.0; /* FTS_PROXIMITY_ALL: all words must match */
	int no_total = getenv("BENCH_IX_NOTOTAL") != NULL; /* to see what the count costs */
	use_cpu = getenv("BENCH_IX_CPU") != NULL;
	int phrase3 = getenv("BENCH_IX_PHRASE3") ? atoi(getenv("BENCH_IX_PHRASE3")) : 0;
	for (size_t round = 0; round <= rounds; round++) {
		for (size_t i = 0; i < nq; i++) {
			quire_arena *a = quire_arena_new(1 << 20);
			double s0 = use_cpu ? cpu_ms() : now_ms();
			ix_q *kids[32];
			size_t nk = leaves(tok, a, qs[i].text, kids, 32);
			ix_q *q = ix_q_and(a, kids, nk);
			ix_params pq = p;
			if (phrase3 && nk >= 3 && !strpbrk(qs[i].text, "\"*")) {
				/* as search.c does: the words as typed, a phrase
				 * beside their AND, with a coordination bonus */
				ix_q *two[2] = {q, ix_q_text(tok, a, qs[i].text, strlen(qs[i].text),
							   IX_MASK_ALL, 0)};
				q = phrase3 == 2 ? ix_q_boost(a, two[0], two[1]) : ix_q_or(a, two, 2);
				pq.coord = 10.0;
			}
			actx c = {at, &qs[i], -2, -2, public_view};
			for (int k = 0; k < nm.n; k++) {
				if (qs[i].format && strcmp(nm.v[k], qs[i].format) == 0)
					c.format = k;
				if (qs[i].tag && strcmp(nm.v[k], qs[i].tag) == 0)
					c.tag = k;
			}
			ix_hit h[20];
			size_t n = 0;
			uint64_t total = 0;
			if (q && ix_search(r, q, &pq, accept_cb, &c, 20, h, &n, no_total ? NULL : &total,
					   &err) != QUIRE_OK)
				die("search", err.msg);
			if (q && total == 0 && nk > 1 && !no_total) {
				ix_params pr = p;
				pr.prox = 1.0;
				pr.coord = 100.0;
				q = ix_q_or(a, kids, nk);
				if (ix_search(r, q, &pr, accept_cb, &c, 20, h, &n, &total, &err) !=
				    QUIRE_OK)
					die("search", err.msg);
				if (round == 0)
					relaxed++;
			}
			double s1 = use_cpu ? cpu_ms() : now_ms();
			quire_arena_free(a);
			if (round == 0) {
				hits += n;
				totals += total;
				continue;
			}
			v[ns].ms = s1 - s0;
			v[ns].q = i;
			ns++;
		}
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sample *all = malloc(ns * sizeof *all);
	if (!all)
		die("out of memory", NULL);
	memcpy(all, v, ns * sizeof *all);
	qsort(all, ns, sizeof *all, sample_cmp);
	double sum = 0;
	for (size_t i = 0; i < ns; i++)
		sum += all[i].ms;
	printf("ix%s%s n=%zu mean=%.2f p50=%.2f p90=%.2f p99=%.2f max=%.2f ms hits/query=%.1f "
	       "total/query=%.0f relaxed=%llu\n",
	       public_view ? " (public viewer)" : "", use_cpu ? " cpu" : "", ns, ns ? sum / (double)ns : 0.0,
	       pct(all, ns, 0.5), pct(all, ns, 0.9), pct(all, ns, 0.99), ns ? all[ns - 1].ms : 0.0,
	       nq ? (double)hits / (double)nq : 0.0, nq ? (double)totals / (double)nq : 0.0,
	       relaxed);
	/* per kind, in the order kinds first appear */
	for (size_t i = 0; i < nq; i++) {
		int first = 1;
		for (size_t j = 0; j < i && first; j++)
			first = strcmp(qs[j].kind, qs[i].kind) != 0;
		if (!first)
			continue;
		sample *k = malloc(ns * sizeof *k);
		size_t m = 0;
		for (size_t j = 0; j < ns; j++)
			if (strcmp(qs[v[j].q].kind, qs[i].kind) == 0)
				k[m++] = v[j];
		qsort(k, m, sizeof *k, sample_cmp);
		printf("  %-8s n=%-4zu p50=%7.2f p90=%7.2f p99=%7.2f max=%7.2f ms\n", qs[i].kind, m,
		       pct(k, m, 0.5), pct(k, m, 0.9), pct(k, m, 0.99), m ? k[m - 1].ms : 0.0);
		free(k);
	}
	printf("slowest:\n");
	for (size_t i = ns > 8 ? ns - 8 : 0; i < ns; i++)
		printf("  %7.2f ms  %-8s %s\n", all[i].ms, qs[all[i].q].kind, qs[all[i].q].text);
	free(all);
	free(v);
	free(at);
	for (int k = 0; k < nm.n; k++)
		free(nm.v[k]);
	for (size_t i = 0; i < nq; i++) {
		free(qs[i].kind);
		free(qs[i].text);
		free(qs[i].tag);
		free(qs[i].format);
	}
	free(qs);
	ixtok_free(tok);
	ix_reader_free(r);
	ixsql_free(sql);
	sqlite3_close(db);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "build") == 0)
		return cmd_build(argv[2], argv[3], argc > 4 ? (size_t)atol(argv[4]) : 0);
	if (argc >= 4 && strcmp(argv[1], "query") == 0)
		return cmd_query(argv[2], argv[3], argc > 4 ? (size_t)atol(argv[4]) : 3,
				 argc > 5 && strcmp(argv[5], "public") == 0);
	fprintf(stderr, "usage: bench_ix build CORPUS DB [N]\n"
			"       bench_ix query DB QUERIES [ROUNDS [public]]\n");
	return 2;
}
