/*
 * eval_ir.c — measures search ranking on the classic test collections
 * (../shared/data/ir: Cranfield, CACM) against plain SQLite FTS5.
 *
 *   eval_ir [--data DIR] [--only NAME] [--known N] [--boot B]
 *           [--set k1=1.2,b=0.75,title=2,authors=2,meta=1,preview=0,
 *                  body=1,refs=0.3,prox=1] …
 *
 * Each collection (corpus.jsonl, queries.jsonl, qrels/test.tsv) is loaded
 * into a temporary library through the store API (st_add: one paper per
 * document, title, authors one a line, the text as the body, its first
 * 60 words as the preview) and its judged queries are run through
 * srch_search() in any mode (the words ORed and ranked, as for a
 * natural-language question), 100 hits each (the engine's page limit).
 * Scores: nDCG@10 (gain 2^grade - 1 over the qrels' grades; ideal from
 * every judged document), MAP over the top 100 (any grade > 0 relevant)
 * and Recall@100.
 *
 * The baseline is the anchor of issue 6: plain SQLite FTS5 (tokenize
 * 'porter unicode61', columns title and text), bm25 with the title
 * weighted 5, the query's [a-z0-9] words quoted and ORed, in an in-memory
 * database built from the same documents.  Every quire run is compared to
 * it per query with a paired bootstrap (B resamples of the queries, fixed
 * seed): the mean difference and its 95% interval.
 *
 * Known-item search: every k-th document with at least 30 words of text
 * (N in all per collection), six consecutive words from its middle typed
 * as they are (default mode: all words must match), and how often the
 * document comes first — for quire and for the baseline (its six words
 * quoted and ANDed).
 *
 * Numbering traps (the READMEs): Cranfield's qrels number queries by
 * position 1..225, which queries.jsonl's _id already is (orig_id is the
 * file's own id, not used); CACM's qrels name 52 of the 64 queries and
 * only those are scored.  Documents are matched by the corpus _id.
 *
 * For error analysis, on stderr: EVAL_KNOWN_MISSES=1 lists the known items
 * a quire run did not put first; EVAL_PER_QUERY=1 prints each judged
 * query's nDCG@10 in every run (FTS5 first).
 */
#include <ftw.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#include "quire.h"
#include "search.h"
#include "store.h"

#define MAX_RUNS 16
#define TOPK 100

typedef struct doc {
	char *id;      /* corpus _id */
	char sid[16];  /* store id */
	char *title, *text, *authors;
} doc;

typedef struct qrel {
	int q;         /* index into queries */
	int d;         /* index into docs */
	int grade;
} qrel;

typedef struct coll {
	const char *name;
	doc *docs;
	size_t nd;
	char **qid, **qtext;
	size_t nq;
	qrel *rels;
	size_t nr;
} coll;

typedef struct scores {
	double *ndcg, *ap, *rec; /* per judged query */
	size_t n;
	double known;            /* share first */
} scores;

/* ---- reading --------------------------------------------------------- */

static char *xstrdup(const char *s)
{
	char *r = strdup(s ? s : "");
	if (!r) {
		fprintf(stderr, "eval_ir: out of memory\n");
		exit(2);
	}
	return r;
}

static void *xrealloc(void *p, size_t n)
{
	void *r = realloc(p, n ? n : 1);
	if (!r) {
		fprintf(stderr, "eval_ir: out of memory\n");
		exit(2);
	}
	return r;
}

static int cmp_doc(const void *a, const void *b)
{
	return strcmp(((const doc *)a)->id, ((const doc *)b)->id);
}

static int find_doc(const coll *c, const char *id)
{
	doc key = {0};
	key.id = (char *)id;
	const doc *d = bsearch(&key, c->docs, c->nd, sizeof *c->docs, cmp_doc);
	return d ? (int)(d - c->docs) : -1;
}

static int load(coll *c, const char *dir)
{
	char path[2048], line[1 << 16];
	FILE *f;

	snprintf(path, sizeof path, "%s/corpus.jsonl", dir);
	if (!(f = fopen(path, "r")))
		return -1;
	size_t cap = 0;
	char *big = NULL;
	size_t bigcap = 0;
	for (;;) {
		/* lines may be long: read whole */
		ssize_t n = getline(&big, &bigcap, f);
		if (n < 0)
			break;
		json_t *j = json_loads(big, 0, NULL);
		if (!j)
			continue;
		if (c->nd == cap) {
			cap = cap ? cap * 2 : 1024;
			c->docs = xrealloc(c->docs, cap * sizeof *c->docs);
		}
		doc *d = &c->docs[c->nd++];
		memset(d, 0, sizeof *d);
		d->id = xstrdup(json_string_value(json_object_get(j, "_id")));
		d->title = xstrdup(json_string_value(json_object_get(j, "title")));
		d->text = xstrdup(json_string_value(json_object_get(j, "text")));
		json_t *au = json_object_get(j, "authors");
		size_t alen = 0;
		char *as = xstrdup("");
		if (json_is_array(au)) {
			size_t i;
			json_t *v;
			json_array_foreach(au, i, v) {
				const char *s = json_string_value(v);
				if (!s)
					continue;
				size_t sl = strlen(s);
				as = xrealloc(as, alen + sl + 2);
				if (alen)
					as[alen++] = '\n';
				memcpy(as + alen, s, sl + 1);
				alen += sl;
			}
		}
		d->authors = as;
		json_decref(j);
	}
	free(big);
	fclose(f);
	qsort(c->docs, c->nd, sizeof *c->docs, cmp_doc);

	snprintf(path, sizeof path, "%s/queries.jsonl", dir);
	if (!(f = fopen(path, "r")))
		return -1;
	cap = 0;
	while (fgets(line, sizeof line, f)) {
		json_t *j = json_loads(line, 0, NULL);
		if (!j)
			continue;
		if (c->nq == cap) {
			cap = cap ? cap * 2 : 256;
			c->qid = xrealloc(c->qid, cap * sizeof *c->qid);
			c->qtext = xrealloc(c->qtext, cap * sizeof *c->qtext);
		}
		c->qid[c->nq] = xstrdup(json_string_value(json_object_get(j, "_id")));
		c->qtext[c->nq++] = xstrdup(json_string_value(json_object_get(j, "text")));
		json_decref(j);
	}
	fclose(f);

	snprintf(path, sizeof path, "%s/qrels/test.tsv", dir);
	if (!(f = fopen(path, "r")))
		return -1;
	cap = 0;
	while (fgets(line, sizeof line, f)) {
		char qs[64], ds[64];
		int g;
		if (sscanf(line, "%63s %63s %d", qs, ds, &g) != 3)
			continue; /* the header */
		int qi = -1;
		for (size_t i = 0; i < c->nq; i++)
			if (strcmp(c->qid[i], qs) == 0) {
				qi = (int)i;
				break;
			}
		int di = find_doc(c, ds);
		if (qi < 0 || di < 0 || g <= 0)
			continue;
		if (c->nr == cap) {
			cap = cap ? cap * 2 : 1024;
			c->rels = xrealloc(c->rels, cap * sizeof *c->rels);
		}
		c->rels[c->nr++] = (qrel){qi, di, g};
	}
	fclose(f);
	return 0;
}

/* ---- the library ------------------------------------------------------ */

static size_t count_words(const char *t)
{
	size_t n = 0;
	int in = 0;
	for (; *t; t++) {
		int w = (unsigned char)*t > ' ';
		n += w && !in;
		in = w;
	}
	return n;
}

/* The first 60 words of t. */
static char *head_words(const char *t)
{
	size_t n = 0, i = 0;
	int in = 0;
	for (; t[i]; i++) {
		int w = (unsigned char)t[i] > ' ';
		if (w && !in && n++ == 60)
			break;
		in = w;
	}
	char *r = xrealloc(NULL, i + 1);
	memcpy(r, t, i);
	r[i] = '\0';
	return r;
}

static store_t *build(coll *c, const char *dir)
{
	char lib[1100];
	quire_error err = {0};
	store_t *st = NULL;
	snprintf(lib, sizeof lib, "%s/%s.quire", dir, c->name);
	if (st_open(lib, ST_CREATE, &st, &err) != QUIRE_OK) {
		fprintf(stderr, "eval_ir: %s\n", err.msg);
		return NULL;
	}
	for (size_t i = 0; i < c->nd; i++) {
		doc *d = &c->docs[i];
		st_new n;
		char sha[65], name[128];
		size_t fl = strlen(d->id) + strlen(d->title) + strlen(d->text) + 3;
		char *file = xrealloc(NULL, fl);
		snprintf(file, fl, "%s\n%s\n%s", d->id, d->title, d->text);
		st_sha256_hex((const unsigned char *)file, strlen(file), sha);
		snprintf(name, sizeof name, "%s.txt", d->id);
		char *preview = head_words(d->text);
		memset(&n, 0, sizeof n);
		n.filename = name;
		n.file = (const unsigned char *)file;
		n.file_len = strlen(file);
		n.sha256 = sha;
		n.format = "text";
		n.analysis = "{}";
		n.analysis_len = 2;
		n.text = d->text;
		n.text_len = strlen(d->text);
		n.title = d->title;
		n.authors = d->authors;
		n.words = count_words(d->text);
		n.pages = 1;
		n.visibility = ST_PUBLIC;
		n.added = 1000 + (int64_t)i;
		n.preview = preview;
		quire_status s = st_add(st, &n, d->sid, &err);
		free(file);
		free(preview);
		if (s != QUIRE_OK) {
			fprintf(stderr, "eval_ir: adding %s: %s\n", d->id, err.msg);
			st_close(st);
			return NULL;
		}
	}
	return st;
}

/* The doc index of store id sid (linear maps are too slow: a table). */
typedef struct idmap {
	char sid[16];
	int d;
} idmap;

static int cmp_idmap(const void *a, const void *b)
{
	return strcmp(((const idmap *)a)->sid, ((const idmap *)b)->sid);
}

static int map_find(const idmap *m, size_t n, const char *sid)
{
	idmap key;
	snprintf(key.sid, sizeof key.sid, "%s", sid);
	const idmap *r = bsearch(&key, m, n, sizeof *m, cmp_idmap);
	return r ? r->d : -1;
}

/* ---- the baseline ------------------------------------------------------ */

static sqlite3 *base_build(const coll *c)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return NULL;
	sqlite3_exec(db, "CREATE VIRTUAL TABLE b USING fts5(title, body,"
			 " tokenize = 'porter unicode61'); BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO b(rowid, title, body) VALUES (?1, ?2, ?3)",
			   -1, &s, NULL);
	for (size_t i = 0; i < c->nd; i++) {
		sqlite3_bind_int64(s, 1, (sqlite3_int64)i + 1);
		sqlite3_bind_text(s, 2, c->docs[i].title, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, c->docs[i].text, -1, SQLITE_STATIC);
		sqlite3_step(s);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return db;
}

/* The [a-z0-9] words of t, quoted, joined by op. */
static void base_expr(const char *t, const char *op, char *out, size_t cap)
{
	size_t o = 0, words = 0;
	out[0] = '\0';
	for (size_t i = 0; t[i];) {
		unsigned char ch = (unsigned char)t[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) {
			i++;
			continue;
		}
		size_t s = i;
		while (t[i] && (((unsigned char)t[i] >= 'a' && (unsigned char)t[i] <= 'z') ||
				((unsigned char)t[i] >= 'A' && (unsigned char)t[i] <= 'Z') ||
				((unsigned char)t[i] >= '0' && (unsigned char)t[i] <= '9')))
			i++;
		size_t need = (i - s) + strlen(op) + 4;
		if (o + need >= cap)
			break;
		if (words++)
			o += (size_t)snprintf(out + o, cap - o, "%s", op);
		o += (size_t)snprintf(out + o, cap - o, "\"%.*s\"", (int)(i - s), t + s);
	}
}

/* Runs the baseline: ranked doc indexes into r (at most TOPK). */
static size_t base_run(sqlite3 *db, const char *expr, int *r)
{
	sqlite3_stmt *s = NULL;
	size_t n = 0;
	if (!*expr)
		return 0;
	sqlite3_prepare_v2(db, "SELECT rowid FROM b WHERE b MATCH ?1"
			       " ORDER BY bm25(b, 5.0, 1.0) LIMIT 100", -1, &s, NULL);
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
	while (n < TOPK && sqlite3_step(s) == SQLITE_ROW)
		r[n++] = (int)sqlite3_column_int64(s, 0) - 1;
	sqlite3_finalize(s);
	return n;
}

/* ---- quire ------------------------------------------------------------- */

static size_t quire_run(store_t *st, const idmap *m, size_t nm,
			const char *text, int any, size_t limit,
			const srch_tuning *t, int *r)
{
	quire_arena *a = quire_arena_new(0);
	srch_query q;
	srch_result res;
	quire_error err = {0};
	memset(&q, 0, sizeof q);
	q.text = text;
	q.any = any;
	q.limit = limit;
	q.access.admin = 1;
	q.tuning = t;
	q.bare = 1;
	size_t n = 0;
	if (srch_search(st, &q, a, &res, &err) != QUIRE_OK) {
		fprintf(stderr, "eval_ir: search [%s]: %s\n", text, err.msg);
	} else {
		for (size_t i = 0; i < res.n && n < TOPK; i++)
			r[n++] = map_find(m, nm, res.hits[i].id);
	}
	quire_arena_free(a);
	return n;
}

/* ---- scoring ------------------------------------------------------------ */

static int grade_of(const coll *c, int q, int d)
{
	for (size_t i = 0; i < c->nr; i++)
		if (c->rels[i].q == q && c->rels[i].d == d)
			return c->rels[i].grade;
	return 0;
}

static int cmp_int_desc(const void *a, const void *b)
{
	return *(const int *)b - *(const int *)a;
}

/* Scores ranking r (n docs) of query q. */
static void score_one(const coll *c, int q, const int *r, size_t n,
		      double *ndcg, double *ap, double *rec)
{
	int g[4096];
	size_t ng = 0;
	for (size_t i = 0; i < c->nr && ng < 4096; i++)
		if (c->rels[i].q == q)
			g[ng++] = c->rels[i].grade;
	qsort(g, ng, sizeof *g, cmp_int_desc);
	double idcg = 0, dcg = 0, sum = 0;
	for (size_t i = 0; i < ng && i < 10; i++)
		idcg += (pow(2, g[i]) - 1) / log2((double)i + 2);
	size_t hits = 0;
	for (size_t i = 0; i < n; i++) {
		int gr = r[i] >= 0 ? grade_of(c, q, r[i]) : 0;
		if (i < 10)
			dcg += (pow(2, gr) - 1) / log2((double)i + 2);
		if (gr > 0) {
			hits++;
			sum += (double)hits / (double)(i + 1);
		}
	}
	*ndcg = idcg > 0 ? dcg / idcg : 0;
	*ap = ng ? sum / (double)ng : 0;
	*rec = ng ? (double)hits / (double)ng : 0;
}

static double mean(const double *v, size_t n)
{
	double s = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	return n ? s / (double)n : 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Paired bootstrap of mean(a - b): 95% interval into lo, hi. */
static void bootstrap(const double *a, const double *b, size_t n, int B,
		      double *lo, double *hi)
{
	double *m = xrealloc(NULL, (size_t)B * sizeof *m);
	uint64_t x = 0x9E3779B97F4A7C15ull;
	for (int k = 0; k < B; k++) {
		double s = 0;
		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			size_t j = (size_t)(x % n);
			s += a[j] - b[j];
		}
		m[k] = s / (double)n;
	}
	qsort(m, (size_t)B, sizeof *m, cmp_double);
	*lo = m[(int)(0.025 * B)];
	*hi = m[(int)(0.975 * B) < B ? (int)(0.975 * B) : B - 1];
	free(m);
}

/* ---- known items -------------------------------------------------------- */

/* Six consecutive words (with a letter or digit) from the middle of t into
 * out; 0 if t has fewer than 30. */
static int six_words(const char *t, char *out, size_t cap)
{
	const char *w[4096];
	size_t wl[4096], n = 0;
	for (size_t i = 0; t[i] && n < 4096;) {
		while (t[i] && (unsigned char)t[i] <= ' ')
			i++;
		size_t s = i;
		int alnum = 0;
		while (t[i] && (unsigned char)t[i] > ' ') {
			unsigned char ch = (unsigned char)t[i];
			alnum |= (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
				 (ch >= '0' && ch <= '9');
			i++;
		}
		if (i > s && alnum) {
			w[n] = t + s;
			wl[n++] = i - s;
		}
	}
	if (n < 30)
		return 0;
	size_t o = 0, from = n / 2 - 3;
	out[0] = '\0';
	for (size_t k = from; k < from + 6; k++)
		o += (size_t)snprintf(out + o, cap - o, "%s%.*s", k > from ? " " : "",
				      (int)wl[k], w[k]);
	return 1;
}

/* ---- main ---------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag,
		    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void parse_set(const char *s, srch_tuning *t)
{
	t->k1 = t->b = t->w_title = t->w_authors = t->w_meta = t->w_preview =
		t->w_body = t->w_refs = t->proximity = t->fb_docs = t->fb_terms = t->fb_weight = -1;
	char buf[512];
	snprintf(buf, sizeof buf, "%s", s);
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		char *eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		double v = atof(eq + 1);
		if (!strcmp(tok, "k1")) t->k1 = v;
		else if (!strcmp(tok, "b")) t->b = v;
		else if (!strcmp(tok, "title")) t->w_title = v;
		else if (!strcmp(tok, "authors")) t->w_authors = v;
		else if (!strcmp(tok, "meta")) t->w_meta = v;
		else if (!strcmp(tok, "preview")) t->w_preview = v;
		else if (!strcmp(tok, "body")) t->w_body = v;
		else if (!strcmp(tok, "refs")) t->w_refs = v;
		else if (!strcmp(tok, "prox")) t->proximity = v;
		else if (!strcmp(tok, "fb_docs")) t->fb_docs = v;
		else if (!strcmp(tok, "fb_terms")) t->fb_terms = v;
		else if (!strcmp(tok, "fb_weight")) t->fb_weight = v;
		else fprintf(stderr, "eval_ir: unknown parameter %s\n", tok);
	}
}

int main(int argc, char **argv)
{
	const char *data = "../shared/data/ir", *only = NULL;
	const char *sets[MAX_RUNS];
	size_t nsets = 0, known_n = 200;
	int B = 2000;

	sets[nsets++] = "";
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			only = argv[++i];
		else if (!strcmp(argv[i], "--known") && i + 1 < argc)
			known_n = (size_t)atol(argv[++i]);
		else if (!strcmp(argv[i], "--boot") && i + 1 < argc)
			B = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--set") && i + 1 < argc && nsets < MAX_RUNS)
			sets[nsets++] = argv[++i];
		else {
			fprintf(stderr, "usage: eval_ir [--data DIR] [--only NAME] [--known N]"
					" [--boot B] [--set k=v,…]…\n");
			return 2;
		}
	}
	static const char *const names[] = {"cranfield", "cacm"};
	/* In memory when the system has a tmpfs there: loading is then not
	 * timed by the disk. */
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%s/quire-eval-XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 2;
	}
	printf("%-10s %-44s %8s %8s %8s %8s\n", "collection", "run", "nDCG@10",
	       "MAP@100", "R@100", "known@1");
	for (size_t ci = 0; ci < 2; ci++) {
		if (only && strcmp(only, names[ci]))
			continue;
		coll c;
		memset(&c, 0, sizeof c);
		c.name = names[ci];
		char dir[1024];
		snprintf(dir, sizeof dir, "%s/%s", data, names[ci]);
		if (load(&c, dir) != 0) {
			fprintf(stderr, "eval_ir: cannot read %s\n", dir);
			return 2;
		}
		clock_t t0 = clock();
		store_t *st = build(&c, tmp);
		if (!st)
			return 2;
		double load_s = (double)(clock() - t0) / CLOCKS_PER_SEC;
		idmap *m = xrealloc(NULL, c.nd * sizeof *m);
		for (size_t i = 0; i < c.nd; i++) {
			snprintf(m[i].sid, sizeof m[i].sid, "%s", c.docs[i].sid);
			m[i].d = (int)i;
		}
		qsort(m, c.nd, sizeof *m, cmp_idmap);
		sqlite3 *bdb = base_build(&c);

		/* judged queries */
		int *judged = xrealloc(NULL, c.nq * sizeof *judged);
		size_t nj = 0;
		for (size_t q = 0; q < c.nq; q++) {
			int has = 0;
			for (size_t i = 0; i < c.nr && !has; i++)
				has = c.rels[i].q == (int)q;
			if (has)
				judged[nj++] = (int)q;
		}
		/* known items */
		char (*kq)[512] = xrealloc(NULL, known_n * sizeof *kq);
		int *kd = xrealloc(NULL, known_n * sizeof *kd);
		size_t nk = 0, eligible = 0;
		for (size_t i = 0; i < c.nd; i++)
			eligible += count_words(c.docs[i].text) >= 40;
		size_t step = eligible / (known_n ? known_n : 1);
		if (step == 0)
			step = 1;
		for (size_t i = 0, e = 0; i < c.nd && nk < known_n; i++) {
			if (count_words(c.docs[i].text) < 40)
				continue;
			if (e++ % step == 0 && six_words(c.docs[i].text, kq[nk], sizeof kq[nk]))
				kd[nk++] = (int)i;
		}

		scores sc[MAX_RUNS + 1];
		int r[TOPK];
		char expr[8192];
		for (size_t run = 0; run <= nsets; run++) {
			scores *s = &sc[run];
			s->n = nj;
			s->ndcg = xrealloc(NULL, nj * sizeof(double));
			s->ap = xrealloc(NULL, nj * sizeof(double));
			s->rec = xrealloc(NULL, nj * sizeof(double));
			srch_tuning tu;
			if (run > 0)
				parse_set(sets[run - 1], &tu);
			for (size_t k = 0; k < nj; k++) {
				int q = judged[k];
				size_t n;
				if (run == 0) {
					base_expr(c.qtext[q], " OR ", expr, sizeof expr);
					n = base_run(bdb, expr, r);
				} else {
					n = quire_run(st, m, c.nd, c.qtext[q], 1, TOPK, &tu, r);
				}
				score_one(&c, q, r, n, &s->ndcg[k], &s->ap[k], &s->rec[k]);
			}
			size_t first = 0;
			for (size_t k = 0; k < nk; k++) {
				size_t n;
				if (run == 0) {
					base_expr(kq[k], " AND ", expr, sizeof expr);
					n = base_run(bdb, expr, r);
				} else {
					n = quire_run(st, m, c.nd, kq[k], 0, 1, &tu, r);
				}
				first += n > 0 && r[0] == kd[k];
				if (run > 0 && getenv("EVAL_KNOWN_MISSES") && !(n > 0 && r[0] == kd[k]))
					fprintf(stderr, "known miss: [%s] wanted %s, first %s\n", kq[k],
						c.docs[kd[k]].id, n > 0 ? c.docs[r[0]].id : "(none)");
			}
			s->known = nk ? (double)first / (double)nk : 0;
			char label[64];
			snprintf(label, sizeof label, "%s", run == 0 ? "FTS5 porter bm25(5,1) OR"
					       : *sets[run - 1] ? sets[run - 1] : "quire (defaults)");
			printf("%-10s %-44.44s %8.4f %8.4f %8.4f %7.1f%%\n", c.name, label,
			       mean(s->ndcg, nj), mean(s->ap, nj), mean(s->rec, nj),
			       100 * s->known);
			if (run > 0) {
				double lo, hi, lo2, hi2;
				bootstrap(s->ndcg, sc[0].ndcg, nj, B, &lo, &hi);
				bootstrap(s->ap, sc[0].ap, nj, B, &lo2, &hi2);
				printf("%-10s   vs FTS5: nDCG@10 %+.4f [%+.4f, %+.4f]  MAP %+.4f [%+.4f, %+.4f]\n",
				       "", mean(s->ndcg, nj) - mean(sc[0].ndcg, nj), lo, hi,
				       mean(s->ap, nj) - mean(sc[0].ap, nj), lo2, hi2);
			}
			if (run > 1) {
				double lo, hi;
				bootstrap(s->ndcg, sc[1].ndcg, nj, B, &lo, &hi);
				printf("%-10s   vs defaults: nDCG@10 %+.4f [%+.4f, %+.4f]\n", "",
				       mean(s->ndcg, nj) - mean(sc[1].ndcg, nj), lo, hi);
			}
			fflush(stdout);
		}
		printf("%-10s %zu docs, %zu judged queries, %zu known items, loaded in %.1f s\n",
		       c.name, c.nd, nj, nk, load_s);
		if (getenv("EVAL_PER_QUERY")) /* nDCG@10 of each run per query */
			for (size_t k = 0; k < nj; k++) {
				fprintf(stderr, "%s q%s", c.name, c.qid[judged[k]]);
				for (size_t run = 0; run <= nsets; run++)
					fprintf(stderr, " %.3f", sc[run].ndcg[k]);
				fprintf(stderr, "  %.100s\n", c.qtext[judged[k]]);
			}
		for (size_t run = 0; run <= nsets; run++) {
			free(sc[run].ndcg);
			free(sc[run].ap);
			free(sc[run].rec);
		}
		free(kq);
		free(kd);
		free(judged);
		free(m);
		sqlite3_close(bdb);
		st_close(st);
		for (size_t i = 0; i < c.nd; i++) {
			free(c.docs[i].id);
			free(c.docs[i].title);
			free(c.docs[i].text);
			free(c.docs[i].authors);
		}
		free(c.docs);
		for (size_t i = 0; i < c.nq; i++) {
			free(c.qid[i]);
			free(c.qtext[i]);
		}
		free(c.qid);
		free(c.qtext);
		free(c.rels);
	}
	nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
