/*
 * test_ix.c — quire's own index (ix.h) over a real in-memory SQLite
 * (ix_sqlite.h): the postings codec against a naive reference, add /
 * remove / re-add, the merge policy leaving answers unchanged, top-k with
 * block-max pruning against an exhaustive naive scorer on random corpora
 * (many seeds; the key test of the pruning), phrases and hyphenated
 * wholes, field masks and the accept callback (public-only never matches
 * the body, a NOT looks only at the public fields then), prefixes and the
 * vocabulary, the relaxed mode, the exact count, positions of a hit, and
 * ix_check finding a corrupt row.
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "ix.h"
#include "ix_sqlite.h"
#include "ixcodec.h"
#include "ixtok.h"

/* ------------------------------------------------------------------ */
/* Fixture                                                             */
/* ------------------------------------------------------------------ */

typedef struct fx {
	sqlite3 *db;
	ixsql *sql;
	ix_io io;
	ix_writer *w;
	ix_reader *r;
	quire_arena *a;
	ixtok *tok;
} fx;

static void fx_open(fx *f, size_t budget)
{
	memset(f, 0, sizeof *f);
	assert_int_equal(sqlite3_open(":memory:", &f->db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(f->db, ixsql_schema(), NULL, NULL, NULL), SQLITE_OK);
	f->sql = ixsql_new(f->db);
	assert_non_null(f->sql);
	ixsql_io(f->sql, &f->io);
	f->w = ix_writer_new(&f->io, budget);
	f->r = ix_reader_new(&f->io);
	f->a = quire_arena_new(1 << 24);
	f->tok = ixtok_new();
	assert_non_null(f->w);
	assert_non_null(f->r);
	assert_non_null(f->a);
	assert_non_null(f->tok);
}

static void fx_close(fx *f)
{
	ix_writer_free(f->w);
	ix_reader_free(f->r);
	ixsql_free(f->sql);
	sqlite3_close(f->db);
	quire_arena_free(f->a);
	ixtok_free(f->tok);
}

static void fx_begin(fx *f)
{
	assert_int_equal(sqlite3_exec(f->db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
}

static void fx_commit(fx *f)
{
	quire_error err = {0};
	assert_int_equal(ix_writer_flush(f->w, &err), QUIRE_OK);
	assert_int_equal(sqlite3_exec(f->db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
}

/* Adds a document with title, body (others empty); its docid. */
static uint32_t fx_add(fx *f, int64_t rowid, const char *title, const char *body)
{
	ix_fields fl;
	memset(&fl, 0, sizeof fl);
	fl.text[IX_F_TITLE] = title;
	fl.len[IX_F_TITLE] = title ? strlen(title) : 0;
	fl.text[IX_F_BODY] = body;
	fl.len[IX_F_BODY] = body ? strlen(body) : 0;
	uint32_t d = 0;
	quire_error err = {0};
	assert_int_equal(ix_writer_add(f->w, rowid, &fl, &rowid, sizeof rowid, &d, &err),
			 QUIRE_OK);
	assert_true(d > 0);
	return d;
}

static void fx_refresh(fx *f)
{
	quire_error err = {0};
	assert_int_equal(ix_reader_refresh(f->r, &err), QUIRE_OK);
}

/* Searches the text (words ANDed) and returns the hits' rowids in
 * order into out (n of them); the total too. */
static size_t fx_find(fx *f, const char *text, unsigned fields, ix_accept_fn acc,
		      void *u, int64_t *out, size_t k, uint64_t *total)
{
	ix_q *kids[16];
	size_t nk = 0;
	const char *p = text;
	while (*p && nk < 16) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if (e > p) {
			int prefix = e[-1] == '*';
			kids[nk] = ix_q_text(f->tok, f->a, p, (size_t)(e - p) - (size_t)prefix,
					     fields, prefix);
			if (kids[nk])
				nk++;
		}
		p = e;
	}
	ix_q *q = ix_q_and(f->a, kids, nk);
	ix_hit hits[64];
	size_t n = 0;
	quire_error err = {0};
	ix_params prm;
	ix_params_default(&prm);
	assert_true(k <= 64);
	assert_int_equal(ix_search(f->r, q, &prm, acc, u, k, hits, &n, total, &err), QUIRE_OK);
	for (size_t i = 0; i < n; i++)
		out[i] = hits[i].rowid;
	return n;
}

/* ------------------------------------------------------------------ */
/* Codec                                                               */
/* ------------------------------------------------------------------ */

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static unsigned rnd(uint64_t *s, unsigned n)
{
	return n ? (unsigned)(rng_next(s) % n) : 0;
}

static void test_codec_roundtrip(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 60; seed++) {
		uint64_t s = seed * 0x9E3779B97F4A7C15ull;
		size_t n = 1 + rnd(&s, seed % 3 ? 300 : 1000);
		ixc_post *p = calloc(n, sizeof *p);
		uint32_t *pos = calloc(n * 64, sizeof *pos);
		assert_non_null(p);
		assert_non_null(pos);
		uint32_t doc = 0;
		size_t np = 0;
		for (size_t i = 0; i < n; i++) {
			doc += 1 + (seed % 5 == 0 ? rnd(&s, 100000) : rnd(&s, 4));
			p[i].doc = doc;
			p[i].pos = pos + np;
			while (!p[i].mask)
				p[i].mask = (uint8_t)rnd(&s, 64);
			for (int f = 0; f < IX_NFIELDS; f++) {
				if (!(p[i].mask & (1u << f)))
					continue;
				p[i].tf[f] = 1 + rnd(&s, seed % 7 == 0 ? 9 : 3);
				p[i].lenlb[f] = 1 + rnd(&s, 5000);
				uint32_t at = rnd(&s, 3);
				for (uint32_t k = 0; k < p[i].tf[f]; k++) {
					pos[np++] = at;
					/* some blocks need 4-byte positions */
					at += rnd(&s, seed % 11 == 0 ? 100000 : 1000);
				}
			}
		}
		buf_t docs = BUF_INIT, pb = BUF_INIT;
		assert_int_equal(ixc_encode(p, n, &docs, &pb), 0);
		ixc_row row;
		assert_int_equal(ixc_row_open(&row, (const uint8_t *)docs.p, docs.len), 0);
		assert_int_equal(row.n, n);
		assert_int_equal(row.nblocks, (n + IX_BLOCK - 1) / IX_BLOCK);
		assert_int_equal(row.pos_len, pb.len);
		uint32_t d[IX_BLOCK], tf[IX_BLOCK][IX_NFIELDS], start[IX_BLOCK + 1];
		uint32_t psum[IX_BLOCK + 1];
		uint8_t m[IX_BLOCK];
		uint32_t *out = NULL;
		size_t cap = 0, i = 0;
		for (uint32_t b = 0; b < row.nblocks; b++) {
			const ixc_blk *bk = &row.blk[b];
			assert_int_equal(ixc_blk_docs((const uint8_t *)docs.p, bk, d, m, tf, psum), 0);
			assert_int_equal(ixc_blk_pos((const uint8_t *)pb.p, 0, pb.len, bk, m, tf, &out,
						     &cap, start),
					 0);
			/* the decoding's sums: where each posting's positions begin */
			for (uint32_t j = 0; j <= bk->count; j++)
				assert_int_equal(psum[j], start[j]);
			/* and from its chunk alone */
			size_t coff, clen;
			uint32_t cend;
			ixc_chunk(&row, bk->chunk, &coff, &clen, &cend);
			assert_true(cend > b && bk->chunk <= b);
			assert_true(coff + clen <= pb.len);
			assert_int_equal(ixc_blk_pos((const uint8_t *)pb.p + coff, coff, clen, bk, m, tf,
						     &out, &cap, start),
					 0);
			for (uint32_t j = 0; j < bk->count; j++, i++) {
				assert_int_equal(d[j], p[i].doc);
				assert_int_equal(m[j], p[i].mask);
				uint32_t k = start[j];
				const uint32_t *want = p[i].pos;
				for (int f = 0; f < IX_NFIELDS; f++) {
					assert_int_equal(tf[j][f], p[i].tf[f]);
					if (p[i].tf[f]) {
						assert_true(bk->maxtf[f] >= p[i].tf[f]);
						assert_true(bk->minlen[f] <= p[i].lenlb[f]);
						assert_true(row.maxtf[f] >= p[i].tf[f]);
					}
					for (uint32_t t = 0; t < p[i].tf[f]; t++)
						assert_int_equal(out[k++], *want++);
				}
			}
			assert_int_equal(bk->last, d[bk->count - 1]);
		}
		assert_int_equal(i, n);
		/* any truncation is caught, never followed */
		for (size_t cut = 0; cut < docs.len; cut += 1 + docs.len / 17) {
			ixc_row r2;
			int rc = ixc_row_open(&r2, (const uint8_t *)docs.p, cut);
			assert_true(rc != 0);
		}
		free(out);
		ixc_row_free(&row);
		buf_free(&docs);
		buf_free(&pb);
		free(p);
		free(pos);
	}
}

/* ------------------------------------------------------------------ */
/* Basics                                                              */
/* ------------------------------------------------------------------ */

static void test_add_remove_readd(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	fx_begin(&f);
	uint32_t d1 = fx_add(&f, 101, "Canal Locks", "The locks of the old canal were rebuilt.");
	uint32_t d2 = fx_add(&f, 102, "Rivers", "Barges moved along rivers and canals.");
	fx_commit(&f);
	fx_refresh(&f);
	assert_int_equal(ix_reader_count(f.r), 2);
	int64_t got[8];
	uint64_t total = 0;
	size_t n = fx_find(&f, "canal", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_int_equal(got[0], 101); /* title weight */
	assert_int_equal(ix_reader_find(f.r, 102), d2);
	const ix_doc *dd = ix_reader_doc(f.r, d1);
	assert_non_null(dd);
	assert_int_equal(dd->blob_len, sizeof(int64_t));
	assert_int_equal(dd->len[IX_F_TITLE], 2);

	/* remove, then search */
	quire_error err = {0};
	fx_begin(&f);
	assert_int_equal(ix_writer_remove(f.w, d1, &err), QUIRE_OK);
	fx_commit(&f);
	fx_refresh(&f);
	assert_int_equal(ix_reader_count(f.r), 1);
	assert_null(ix_reader_doc(f.r, d1));
	n = fx_find(&f, "canal", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_int_equal(got[0], 102);
	n = fx_find(&f, "locks", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);

	/* re-add: a new docid */
	fx_begin(&f);
	uint32_t d3 = fx_add(&f, 101, "Canal Locks", "The locks of the old canal were rebuilt.");
	fx_commit(&f);
	fx_refresh(&f);
	assert_true(d3 > d2);
	n = fx_find(&f, "locks", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 101);
	assert_int_equal(ix_reader_find(f.r, 101), d3);

	/* set_blob */
	int64_t nb = 7;
	fx_begin(&f);
	assert_int_equal(ix_writer_set_blob(f.w, d3, &nb, sizeof nb, &err), QUIRE_OK);
	assert_int_equal(ix_writer_set_blob(f.w, d1, &nb, sizeof nb, &err), QUIRE_ENOTFOUND);
	fx_commit(&f);
	fx_refresh(&f);
	dd = ix_reader_doc(f.r, d3);
	assert_non_null(dd);
	assert_memory_equal(dd->blob, &nb, sizeof nb);

	/* a rollback forgets the buffer */
	fx_begin(&f);
	fx_add(&f, 200, "Ephemeral", "gone");
	assert_int_equal(sqlite3_exec(f.db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	ix_writer_discard(f.w);
	fx_refresh(&f);
	n = fx_find(&f, "ephemeral", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(n, 0);

	ix_check_report rep;
	uint32_t ed[2] = {d2, d3};
	int64_t er[2] = {102, 101};
	assert_int_equal(ix_check(&f.io, ed, er, 2, &rep, &err), QUIRE_OK);
	assert_string_equal(rep.problem, "");
	assert_int_equal(rep.docs, 2);
	er[1] = 999;
	assert_int_equal(ix_check(&f.io, ed, er, 2, &rep, &err), QUIRE_OK);
	assert_true(rep.problem[0] != '\0');
	fx_close(&f);
}

/* ------------------------------------------------------------------ */
/* Random corpora and a naive scorer                                   */
/* ------------------------------------------------------------------ */

static const char *const VOC[] = {
	/* common words first (zipf makes them the most frequent): their
	 * pairs with their neighbours are terms of their own (ixtok.h) */
	"the", "of", "a", "is", "in",
	"canal", "lock", "barge", "river", "mill", "stone", "bridge", "water",
	"towpath", "keeper", "engine", "steam", "horse", "coal", "iron", "trade",
	"harbour", "weir", "sluice", "basin", "wharf", "crane", "cargo", "tunnel",
	"aqueduct", "boat", "lantern", "rope", "timber", "brick", "survey", "levels",
	"flood", "drought", "map", "ledger", "toll", "inn", "village", "market",
};
#define NVOC (sizeof VOC / sizeof *VOC)

#define MAXT 4096
typedef struct ndoc {
	int64_t rowid;
	uint32_t doc;
	uint32_t len[IX_NFIELDS];
	/* tokens: term index into the test's term table, field, position */
	int *term;
	uint8_t *field;
	uint32_t *pos;
	size_t n;
	int alive;
} ndoc;

#define NTERMS 8192
typedef struct corpus {
	ndoc *d;
	size_t n;
	char terms[NTERMS][IXTOK_TERM_MAX + 1];
	size_t nterms;
	int slot[2 * NTERMS]; /* open addressing: term id + 1 */
	uint64_t df[NTERMS];  /* documents with the term (all, alive or not) */
} corpus;

static int term_id(corpus *c, const char *t)
{
	uint32_t h = 2166136261u;
	for (const char *p = t; *p; p++)
		h = (h ^ (uint8_t)*p) * 16777619u;
	size_t j = h % (2 * NTERMS);
	while (c->slot[j]) {
		if (strcmp(c->terms[c->slot[j] - 1], t) == 0)
			return c->slot[j] - 1;
		j = (j + 1) % (2 * NTERMS);
	}
	assert_true(c->nterms < NTERMS);
	strcpy(c->terms[c->nterms], t);
	c->slot[j] = (int)c->nterms + 1;
	return (int)c->nterms++;
}

static unsigned zipf(uint64_t *s)
{
	/* P(k) about 1 / (k + 1): a few words common, most rare */
	double u = (double)rnd(s, 1u << 20) / (double)(1u << 20);
	unsigned k = (unsigned)(exp(u * log((double)NVOC + 1)) - 1);
	return k < NVOC ? k : (unsigned)NVOC - 1;
}

static void make_text(uint64_t *s, buf_t *b, unsigned words)
{
	buf_reset(b);
	for (unsigned i = 0; i < words; i++) {
		if (i)
			buf_putc(b, rnd(s, 25) == 0 ? '-' : ' ');
		buf_puts(b, VOC[zipf(s)]);
	}
	buf_putc(b, '\0');
	b->len--;
}

/* Tokenizes the document's texts into c's naive form. */
static void naive_doc(corpus *c, ixtok *tok, ndoc *d, const ix_fields *fl)
{
	d->term = malloc(MAXT * sizeof *d->term);
	d->field = malloc(MAXT);
	d->pos = malloc(MAXT * sizeof *d->pos);
	assert_non_null(d->term);
	assert_non_null(d->field);
	assert_non_null(d->pos);
	d->n = 0;
	for (int f = 0; f < IX_NFIELDS; f++) {
		ixtok_token k;
		ixtok_begin(tok, fl->text[f], fl->len[f], IXTOK_WHOLES, 0);
		while (ixtok_next(tok, &k)) {
			assert_true(d->n < MAXT);
			d->term[d->n] = term_id(c, k.term);
			d->field[d->n] = (uint8_t)f;
			d->pos[d->n] = k.pos;
			d->n++;
		}
		d->len[f] = ixtok_pos(tok);
	}
}

/* The test's query tree (mirrors an ix_q). */
enum { T_TERM, T_PREFIX, T_PHRASE, T_AND, T_OR, T_NOT, T_BOOST };
typedef struct tq {
	int op;
	unsigned fields;
	int t[4];      /* TERM: t[0]; PHRASE: t[0..nt) */
	int nt;
	char pre[8];   /* PREFIX */
	unsigned char *allow; /* PREFIX: the expansion (by term id) */
	int li;        /* index among the scoring leaves */
	int scored;    /* scored in the current document */
	double idf;
	struct tq *kid[3];
	int nkid;
	ix_q *q;
} tq;

static int naive_has_prefix(const corpus *c, int t, const char *pre)
{
	return strncmp(c->terms[t], pre, strlen(pre)) == 0;
}

/* tf per field of a leaf in d (mask applied); starts into st (per field
 * sorted), *nst counts. */
static int naive_leaf(const corpus *c, const ndoc *d, const tq *x, unsigned mask,
		      uint32_t *tf, uint32_t st[IX_NFIELDS][MAXT], uint32_t *nst)
{
	int any = 0;
	mask &= x->fields;
	for (int f = 0; f < IX_NFIELDS; f++) {
		tf[f] = 0;
		nst[f] = 0;
		if (!(mask & (1u << f)))
			continue;
		for (size_t i = 0; i < d->n; i++) {
			if (d->field[i] != f)
				continue;
			int ok = 0;
			if (x->op == T_TERM)
				ok = d->term[i] == x->t[0];
			else if (x->op == T_PREFIX)
				ok = x->allow[d->term[i]];
			else if (d->term[i] == x->t[0]) {
				ok = 1;
				for (int j = 1; j < x->nt && ok; j++) {
					int found = 0;
					for (size_t m = 0; m < d->n && !found; m++)
						found = d->field[m] == f && d->pos[m] == d->pos[i] + (uint32_t)j &&
							d->term[m] == x->t[j];
					ok = found;
				}
			}
			if (!ok)
				continue;
			/* a PREFIX's tf sums its terms' (a hyphenated whole
			 * counts beside its part); starts are unique (tokens
			 * come in position order) */
			if (x->op == T_PREFIX)
				tf[f]++;
			any = 1;
			if (nst[f] && st[f][nst[f] - 1] == d->pos[i])
				continue;
			st[f][nst[f]++] = d->pos[i];
			if (x->op != T_PREFIX)
				tf[f]++;
		}
	}
	return any;
}

static uint32_t g_tf[IX_NFIELDS];
static uint32_t g_st[2][IX_NFIELDS][MAXT];
static uint32_t g_nst[2][IX_NFIELDS];

static int naive_match(const corpus *c, const ndoc *d, const tq *x, unsigned mask)
{
	switch (x->op) {
	case T_TERM:
	case T_PREFIX:
	case T_PHRASE:
		return naive_leaf(c, d, x, mask, g_tf, g_st[0], g_nst[0]);
	case T_AND:
		for (int i = 0; i < x->nkid; i++)
			if (!naive_match(c, d, x->kid[i], mask))
				return 0;
		return 1;
	case T_OR:
		for (int i = 0; i < x->nkid; i++)
			if (naive_match(c, d, x->kid[i], mask))
				return 1;
		return 0;
	case T_BOOST:
		return naive_match(c, d, x->kid[0], mask);
	default:
		if (!naive_match(c, d, x->kid[0], mask))
			return 0;
		for (int i = 1; i < x->nkid; i++)
			if (naive_match(c, d, x->kid[i], mask))
				return 0;
		return 1;
	}
}

static void naive_leaves(tq *x, tq **out, int *n)
{
	switch (x->op) {
	case T_TERM:
	case T_PREFIX:
	case T_PHRASE:
		x->li = *n;
		out[(*n)++] = x;
		return;
	case T_NOT:
		naive_leaves(x->kid[0], out, n);
		return;
	default:
		for (int i = 0; i < x->nkid; i++)
			naive_leaves(x->kid[i], out, n);
	}
}

/* Whether a BOOST's bonus scores (the rerank). */
static int g_bonus_on;

/* The BM25F part over the matching branches (marks scored leaves). */
static double naive_score(const corpus *c, const ndoc *d, tq *x, unsigned mask,
			  const double *w, const double *avg, const ix_params *p)
{
	switch (x->op) {
	case T_TERM:
	case T_PREFIX:
	case T_PHRASE: {
		uint32_t tf[IX_NFIELDS];
		if (!naive_leaf(c, d, x, mask, tf, g_st[0], g_nst[0]))
			return 0;
		x->scored = 1;
		double t = 0;
		for (int f = 0; f < IX_NFIELDS; f++) {
			if (!tf[f])
				continue;
			double nrm = 1.0 - p->b + p->b * (double)d->len[f] / avg[f];
			if (nrm <= 0)
				nrm = 1e-6;
			t += w[f] * (double)tf[f] / nrm;
		}
		return t > 0 ? x->idf * t * (p->k1 + 1) / (p->k1 + t) + p->coord : 0;
	}
	case T_NOT:
		return naive_score(c, d, x->kid[0], mask, w, avg, p);
	case T_BOOST: {
		double sum = naive_score(c, d, x->kid[0], mask, w, avg, p);
		if (g_bonus_on && naive_match(c, d, x->kid[1], mask))
			sum += naive_score(c, d, x->kid[1], mask, w, avg, p);
		return sum;
	}
	case T_AND: {
		double sum = 0;
		for (int i = 0; i < x->nkid; i++)
			sum += naive_score(c, d, x->kid[i], mask, w, avg, p);
		return sum;
	}
	default: {
		double sum = 0;
		for (int i = 0; i < x->nkid; i++)
			if (naive_match(c, d, x->kid[i], mask))
				sum += naive_score(c, d, x->kid[i], mask, w, avg, p);
		return sum;
	}
	}
}

typedef struct nhit {
	uint32_t doc;
	int64_t rowid;
	double score;
	int acc;
} nhit;

static int nhit_cmp(const void *a, const void *b)
{
	const nhit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static int acc_of(uint64_t seed, uint32_t doc)
{
	uint64_t h = (seed + doc) * 0x9E3779B97F4A7C15ull;
	unsigned v = (unsigned)(h >> 60);
	return v < 2 ? 0 : v < 5 ? 2 : 1;
}

static int accept_seeded(void *u, uint32_t doc, const ix_doc *d)
{
	(void)d;
	return acc_of(*(uint64_t *)u, doc);
}

/* A PREFIX's expansion as ix makes it (the IX_PREFIX_TERMS most frequent
 * terms, ties in byte order): x->allow; the sum of their dfs. */
static uint64_t prefix_allow(const corpus *c, tq *x)
{
	static uint64_t tdf[NTERMS];
	static int cand[NTERMS];
	uint64_t df = 0;
	int nc = 0;
	for (size_t t = 0; t < c->nterms; t++) {
		tdf[t] = 0;
		if (!naive_has_prefix(c, (int)t, x->pre))
			continue;
		tdf[t] = c->df[t];
		if (tdf[t])
			cand[nc++] = (int)t;
	}
	for (int i = 1; i < nc; i++) /* insertion sort: df desc, term asc */
		for (int j = i; j > 0; j--) {
			int a = cand[j - 1], b = cand[j];
			int worse = tdf[a] < tdf[b] ||
				    (tdf[a] == tdf[b] && strcmp(c->terms[a], c->terms[b]) > 0);
			if (!worse)
				break;
			cand[j - 1] = b;
			cand[j] = a;
		}
	if (!x->allow)
		x->allow = calloc(NTERMS, 1);
	assert_non_null(x->allow);
	memset(x->allow, 0, NTERMS);
	for (int i = 0; i < nc && i < IX_PREFIX_TERMS; i++) {
		x->allow[cand[i]] = 1;
		df += tdf[cand[i]];
	}
	return df;
}

/* How many terms the expansion of x holds. */
static int prefix_nallow(const corpus *c, const tq *x)
{
	int n = 0;
	for (size_t t = 0; t < c->nterms; t++)
		n += x->allow[t] != 0;
	return n;
}

/* The live documents holding any term of x's expansion: the df of a
 * prefix that ix merges (more than one term). */
static uint64_t prefix_union(const corpus *c, const tq *x)
{
	uint64_t n = 0;
	for (size_t i = 0; i < c->n; i++) {
		const ndoc *d = &c->d[i];
		if (!d->alive)
			continue;
		for (size_t k = 0; k < d->n; k++)
			if (x->allow[d->term[k]]) {
				n++;
				break;
			}
	}
	return n;
}

static void naive_prep(const corpus *c, tq *x)
{
	if (x->op == T_PREFIX)
		(void)prefix_allow(c, x);
	for (int i = 0; i < x->nkid; i++)
		naive_prep(c, x->kid[i]);
}

static int naive_has_boost(const tq *x)
{
	if (x->op == T_BOOST)
		return 1;
	for (int i = 0; i < x->nkid; i++)
		if (naive_has_boost(x->kid[i]))
			return 1;
	return 0;
}

/* Documents where term b comes right after term a in one field. */
static uint64_t naive_pair_df(const corpus *c, int a, int b)
{
	uint64_t df = 0;
	for (size_t i = 0; i < c->n; i++) {
		const ndoc *d = &c->d[i];
		int found = 0;
		for (size_t m = 0; m < d->n && !found; m++) {
			if (d->term[m] != a)
				continue;
			/* tokens come in (field, position) order */
			for (size_t q = m + 1; q < d->n && d->field[q] == d->field[m] &&
					       d->pos[q] <= d->pos[m] + 1 && !found; q++)
				found = d->pos[q] == d->pos[m] + 1 && d->term[q] == b;
		}
		df += (uint64_t)found;
	}
	return df;
}

static size_t naive_search(const corpus *c, tq *root, const ix_params *p, uint64_t seed,
			   size_t k, nhit *out, uint64_t *total)
{
	tq *lv[32];
	int nl = 0;
	naive_leaves(root, lv, &nl);
	naive_prep(c, root);
	double N = 0, avg[IX_NFIELDS] = {0};
	for (size_t i = 0; i < c->n; i++) {
		if (!c->d[i].alive)
			continue;
		N++;
		for (int f = 0; f < IX_NFIELDS; f++)
			avg[f] += c->d[i].len[f];
	}
	for (int f = 0; f < IX_NFIELDS; f++)
		avg[f] = N > 0 && avg[f] > 0 ? avg[f] / N : 1.0;
	/* df per leaf */
	double idf[32];
	for (int l = 0; l < nl; l++) {
		uint64_t df = 0;
		if (lv[l]->op == T_PREFIX) {
			df = prefix_allow(c, lv[l]);
			if (prefix_nallow(c, lv[l]) > 1)
				df = prefix_union(c, lv[l]);
		} else if (lv[l]->op == T_TERM) {
			df = c->df[lv[l]->t[0]];
		} else {
			/* a phrase's parts as the index holds them: each pair
			 * of neighbours of which one is common, the others
			 * alone */
			df = UINT64_MAX;
			const tq *x = lv[l];
			int covered[4] = {0};
			for (int j = 0; j + 1 < x->nt; j++) {
				const char *a = c->terms[x->t[j]], *b = c->terms[x->t[j + 1]];
				if (!ixtok_common(a, strlen(a)) && !ixtok_common(b, strlen(b)))
					continue;
				covered[j] = covered[j + 1] = 1;
				uint64_t dj = naive_pair_df(c, x->t[j], x->t[j + 1]);
				if (dj < df)
					df = dj;
			}
			for (int j = 0; j < x->nt; j++)
				if (!covered[j] && c->df[x->t[j]] < df)
					df = c->df[x->t[j]];
		}
		double dd = (double)df > N ? N : (double)df;
		idf[l] = log(1.0 + (N - dd + 0.5) / (dd + 0.5));
		lv[l]->idf = idf[l];
	}
	nhit *all = calloc(c->n + 1, sizeof *all);
	assert_non_null(all);
	size_t na = 0;
	*total = 0;
	for (size_t i = 0; i < c->n; i++) {
		const ndoc *d = &c->d[i];
		if (!d->alive)
			continue;
		int acc = acc_of(seed, d->doc);
		if (!acc)
			continue;
		unsigned mask = acc == 1 ? IX_MASK_ALL : IX_MASK_PUBLIC;
		if (!naive_match(c, d, root, mask))
			continue;
		(*total)++;
		double w[IX_NFIELDS];
		for (int f = 0; f < IX_NFIELDS; f++)
			w[f] = p->w[f];
		if (acc == 1)
			w[IX_F_PREVIEW] = p->w_preview_open;
		double sc = naive_score(c, d, root, mask, w, avg, p);
		all[na].doc = d->doc;
		all[na].rowid = d->rowid;
		all[na].score = sc;
		all[na].acc = acc;
		na++;
	}
	qsort(all, na, sizeof *all, nhit_cmp);
	size_t H = k;
	int prox = p->prox != 0 && nl >= 2;
	int boost = naive_has_boost(root);
	size_t rr = p->rerank ? p->rerank : IX_RERANK;
	if ((prox || boost) && rr > H)
		H = rr;
	if (na > H)
		na = H;
	if (prox || boost) {
		for (size_t h = 0; h < na; h++) {
			const ndoc *d = NULL;
			for (size_t i = 0; i < c->n && !d; i++)
				if (c->d[i].doc == all[h].doc)
					d = &c->d[i];
			unsigned mask = all[h].acc == 1 ? IX_MASK_ALL : IX_MASK_PUBLIC;
			double w[IX_NFIELDS];
			for (int f = 0; f < IX_NFIELDS; f++)
				w[f] = p->w[f];
			if (all[h].acc == 1)
				w[IX_F_PREVIEW] = p->w_preview_open;
			for (int l = 0; l < nl; l++)
				lv[l]->scored = 0;
			g_bonus_on = 1;
			double full = naive_score(c, d, root, mask, w, avg, p);
			g_bonus_on = 0;
			double bonus = 0;
			for (int l = 0; l + 1 < nl && prox; l++) {
				if (!lv[l]->scored || !lv[l + 1]->scored)
					continue;
				uint32_t tx[IX_NFIELDS], ty[IX_NFIELDS];
				int hx = naive_leaf(c, d, lv[l], mask, tx, g_st[0], g_nst[0]);
				int hy = naive_leaf(c, d, lv[l + 1], mask, ty, g_st[1], g_nst[1]);
				if (!hx || !hy)
					continue;
				uint32_t size = lv[l]->op == T_PHRASE ? (uint32_t)lv[l]->nt : 1;
				double a = 0;
				for (int f = 0; f < IX_NFIELDS; f++) {
					if (!tx[f] || !ty[f] || w[f] == 0)
						continue;
					uint32_t cnt = 0;
					for (uint32_t i = 0; i < g_nst[0][f]; i++)
						for (uint32_t j = 0; j < g_nst[1][f]; j++)
							if (g_st[1][f][j] == g_st[0][f][i] + size) {
								cnt++;
								break;
							}
					a += w[f] * cnt;
				}
				if (a > 0) {
					double m = idf[l] < idf[l + 1] ? idf[l] : idf[l + 1];
					bonus += p->prox * m * a / (1.0 + a);
				}
			}
			all[h].score = full + bonus;
		}
		qsort(all, na, sizeof *all, nhit_cmp);
	}
	size_t out_n = na < k ? na : k;
	memcpy(out, all, out_n * sizeof *out);
	free(all);
	return out_n;
}

/* A random leaf built both ways. */
static tq *rand_leaf(uint64_t *s, corpus *c, fx *f, tq *pool, int *np)
{
	tq *x = &pool[(*np)++];
	memset(x, 0, sizeof *x);
	unsigned r = rnd(s, 10);
	static const unsigned masks[] = {IX_MASK_ALL, IX_MASK_ALL, IX_MASK_ALL,
					 IX_MASK(IX_F_TITLE), IX_MASK(IX_F_BODY),
					 IX_MASK(IX_F_TITLE) | IX_MASK(IX_F_REFS), IX_MASK_PUBLIC};
	x->fields = masks[rnd(s, sizeof masks / sizeof *masks)];
	char term[IXTOK_TERM_MAX + 1];
	if (r < 6) {
		const char *wd = VOC[zipf(s)];
		size_t tn = ixtok_term(f->tok, wd, strlen(wd), term, sizeof term);
		x->op = T_TERM;
		x->t[0] = term_id(c, term);
		x->q = ix_q_term(f->a, term, tn, x->fields);
	} else if (r < 8) {
		/* a phrase from a random document's tokens (likely to match) */
		const ndoc *d = &c->d[rnd(s, (unsigned)c->n)];
		size_t i = d->n > 3 ? rnd(s, (unsigned)(d->n - 3)) : 0;
		x->op = T_PHRASE;
		x->nt = 2 + (int)rnd(s, 2);
		ix_q **parts = quire_arena_alloc(f->a, 4 * sizeof *parts);
		for (int j = 0; j < x->nt; j++) {
			const char *wd = d->n > i + (size_t)j ? c->terms[d->term[i + (size_t)j]]
							       : VOC[zipf(s)];
			x->t[j] = term_id(c, wd);
			parts[j] = ix_q_term(f->a, wd, strlen(wd), x->fields);
		}
		/* ix_q has no public phrase constructor over terms: build the
		 * text and tokenize it (the words are terms already, and terms
		 * are stems: tokenizing a stem again may change it, so compare
		 * and fall back to a TERM leaf when it does) */
		char text[512] = "";
		for (int j = 0; j < x->nt; j++) {
			strcat(text, j ? " " : "");
			strcat(text, c->terms[x->t[j]]);
		}
		x->q = ix_q_text(f->tok, f->a, text, strlen(text), x->fields, 0);
		/* re-derive the test's terms from what ix_q_text made */
		ixtok_token k;
		int j = 0;
		ixtok_begin(f->tok, text, strlen(text), 0, 0);
		while (ixtok_next(f->tok, &k) && j < 4)
			x->t[j++] = term_id(c, k.term);
		x->nt = j;
		if (j == 1)
			x->op = T_TERM;
		(void)parts;
	} else {
		const char *wd = VOC[rnd(s, NVOC)];
		size_t pl = 1 + rnd(s, 3);
		if (pl > strlen(wd))
			pl = strlen(wd);
		memcpy(x->pre, wd, pl);
		x->pre[pl] = '\0';
		x->op = T_PREFIX;
		x->q = ix_q_prefix(f->a, x->pre, pl, x->fields);
	}
	assert_non_null(x->q);
	return x;
}

static tq *rand_query(uint64_t *s, corpus *c, fx *f, tq *pool, int *np)
{
	unsigned shape = rnd(s, 6);
	if (shape == 0)
		return rand_leaf(s, c, f, pool, np);
	tq *x = &pool[(*np)++];
	memset(x, 0, sizeof *x);
	x->op = shape <= 2 ? T_AND : shape <= 4 ? T_OR : T_NOT;
	x->nkid = 2 + (int)rnd(s, 2);
	ix_q *kids[3];
	for (int i = 0; i < x->nkid; i++) {
		if (i == 0 && x->op != T_NOT && rnd(s, 4) == 0) {
			/* one nested level */
			tq *y = &pool[(*np)++];
			memset(y, 0, sizeof *y);
			y->op = x->op == T_AND ? T_OR : T_AND;
			y->nkid = 2;
			ix_q *yk[2];
			for (int j = 0; j < 2; j++) {
				y->kid[j] = rand_leaf(s, c, f, pool, np);
				yk[j] = y->kid[j]->q;
			}
			y->q = y->op == T_AND ? ix_q_and(f->a, yk, 2) : ix_q_or(f->a, yk, 2);
			x->kid[i] = y;
		} else {
			x->kid[i] = rand_leaf(s, c, f, pool, np);
		}
		kids[i] = x->kid[i]->q;
	}
	if (x->op == T_AND)
		x->q = ix_q_and(f->a, kids, (size_t)x->nkid);
	else if (x->op == T_OR)
		x->q = ix_q_or(f->a, kids, (size_t)x->nkid);
	else
		x->q = ix_q_not(f->a, kids[0], kids + 1, (size_t)x->nkid - 1);
	return x;
}

/* Builds a random corpus of n documents in random transactions. */
/* one_per_tx: 0 random batches, a transaction each; 1 one document per
 * transaction; 2 one bulk load (ix_writer_bulk_begin / _end) in one
 * transaction, the random batches flushed inside it. */
static void build_corpus(fx *f, corpus *c, uint64_t *s, size_t n, int one_per_tx)
{
	buf_t t[IX_NFIELDS];
	for (int i = 0; i < IX_NFIELDS; i++)
		buf_init(&t[i]);
	c->d = calloc(n, sizeof *c->d);
	c->n = n;
	assert_non_null(c->d);
	uint64_t bs = *s ^ 0x5555; /* batch sizes: their own stream */
	size_t i = 0;
	quire_error berr = {0};
	if (one_per_tx == 2) {
		fx_begin(f);
		assert_int_equal(ix_writer_bulk_begin(f->w, "/tmp", &berr), QUIRE_OK);
	}
	while (i < n) {
		size_t batch = one_per_tx == 1 ? 1 : 1 + rnd(&bs, 200);
		if (one_per_tx != 2)
			fx_begin(f);
		for (size_t b = 0; b < batch && i < n; b++, i++) {
			static const unsigned lo[IX_NFIELDS] = {2, 1, 0, 0, 10, 0};
			static const unsigned hi[IX_NFIELDS] = {8, 4, 5, 20, 150, 30};
			ix_fields fl;
			for (int k = 0; k < IX_NFIELDS; k++) {
				unsigned words = lo[k] + rnd(s, hi[k] - lo[k] + 1);
				if (rnd(s, 10) == 0)
					words = 0;
				make_text(s, &t[k], words);
				fl.text[k] = t[k].p ? t[k].p : "";
				fl.len[k] = t[k].len;
			}
			ndoc *d = &c->d[i];
			d->rowid = (int64_t)(1000 + i);
			quire_error err = {0};
			assert_int_equal(ix_writer_add(f->w, d->rowid, &fl, NULL, 0, &d->doc, &err),
					 QUIRE_OK);
			d->alive = 1;
			naive_doc(c, f->tok, d, &fl);
		}
		if (one_per_tx != 2)
			fx_commit(f);
		else
			assert_int_equal(ix_writer_flush(f->w, &berr), QUIRE_OK);
	}
	if (one_per_tx == 2) {
		assert_int_equal(ix_writer_bulk_end(f->w, &berr), QUIRE_OK);
		fx_commit(f);
	}
	for (int k = 0; k < IX_NFIELDS; k++)
		buf_free(&t[k]);
	fx_refresh(f);
	/* dfs: every document (the random test removes none) */
	static uint32_t last[NTERMS];
	memset(last, 0, sizeof last);
	memset(c->df, 0, sizeof c->df);
	for (size_t d = 0; d < c->n; d++)
		for (size_t m = 0; m < c->d[d].n; m++) {
			int tid = c->d[d].term[m];
			if (last[tid] != d + 1) {
				last[tid] = (uint32_t)d + 1;
				c->df[tid]++;
			}
		}
}

static void free_corpus(corpus *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->d[i].term);
		free(c->d[i].field);
		free(c->d[i].pos);
	}
	free(c->d);
}

/* Frees two heap corpora and closes their two fixtures (the tests that
 * compare one index against another). */
static void free_pair(corpus *ca, corpus *cb, fx *a, fx *b)
{
	free_corpus(ca);
	free_corpus(cb);
	free(ca);
	free(cb);
	fx_close(a);
	fx_close(b);
}

static void dump_q(const corpus *c, const tq *x, int depth)
{
	static const char *const names[] = {"TERM", "PREFIX", "PHRASE", "AND", "OR", "NOT", "BOOST"};
	print_error("%*s%s fields=%x", depth * 2, "", names[x->op], x->fields);
	if (x->op == T_TERM || x->op == T_PHRASE)
		for (int i = 0; i < (x->op == T_TERM ? 1 : x->nt); i++)
			print_error(" %s", c->terms[x->t[i]]);
	if (x->op == T_PREFIX)
		print_error(" %s*", x->pre);
	print_error("\n");
	for (int i = 0; i < x->nkid; i++)
		dump_q(c, x->kid[i], depth + 1);
}

static void debug_doc(fx *f, corpus *c, tq *root, const ix_params *p0, uint64_t seed,
		      uint32_t doc)
{
	tq *lv[32];
	int nl = 0;
	naive_leaves(root, lv, &nl);
	ix_params p = *p0;
	p.prox = 0;
	for (int l = 0; l < nl; l++) {
		ix_hit h[40];
		nhit w[40];
		size_t n = 0, wn;
		uint64_t t, wt;
		quire_error err = {0};
		ix_search(f->r, lv[l]->q, &p, accept_seeded, &seed, 40, h, &n, &t, &err);
		wn = naive_search(c, lv[l], &p, seed, 40, w, &wt);
		for (size_t i = 0; i < n; i++)
			if (h[i].doc == doc)
				print_error("leaf %d ix %.9f\n", l, h[i].score);
		for (size_t i = 0; i < wn; i++)
			if (w[i].doc == doc)
				print_error("leaf %d naive %.9f\n", l, w[i].score);
	}
	for (size_t i = 0; i < c->n; i++)
		if (c->d[i].doc == doc) {
			for (size_t k = 0; k < c->d[i].n; k++)
				print_error("%s@%u/%d ", c->terms[c->d[i].term[k]], c->d[i].pos[k],
					    c->d[i].field[k]);
			print_error("\n");
		}
}

/* Compares ix_search with the naive scorer for one query. */
static void compare_one(fx *f, corpus *c, tq *root, const ix_params *p, uint64_t seed,
			size_t k)
{
	ix_hit hits[40];
	nhit want[40];
	size_t n = 0;
	uint64_t total = 0, wtotal = 0;
	quire_error err = {0};
	assert_true(k <= 40);
	assert_int_equal(ix_search(f->r, root->q, p, accept_seeded, &seed, k, hits, &n,
				   &total, &err),
			 QUIRE_OK);
	size_t wn = naive_search(c, root, p, seed, k, want, &wtotal);
	if (n != wn || total != wtotal) {
		print_error("seed %llu: got %zu hits (total %llu), want %zu (total %llu)\n",
			    (unsigned long long)seed, n, (unsigned long long)total, wn,
			    (unsigned long long)wtotal);
		dump_q(c, root, 0);
		fail();
	}
	for (size_t i = 0; i < n; i++) {
		double tol = 1e-9 * (fabs(want[i].score) + 1);
		if (fabs(hits[i].score - want[i].score) > tol) {
			print_error("seed %llu rank %zu: score %.12f, want %.12f (doc %u / %u)\n",
				    (unsigned long long)seed, i, hits[i].score, want[i].score,
				    hits[i].doc, want[i].doc);
			dump_q(c, root, 0);
			print_error("k1 %g b %g prox %g coord %g rerank %zu acc %d\n", p->k1, p->b,
				    p->prox, p->coord, p->rerank, want[i].acc);
			debug_doc(f, c, root, p, seed, want[i].doc);
			fail();
		}
		/* docs must agree unless a neighbour ties */
		int tie = (i > 0 && fabs(want[i - 1].score - want[i].score) < 1e-7) ||
			  (i + 1 < wn && fabs(want[i + 1].score - want[i].score) < 1e-7);
		if (!tie && hits[i].doc != want[i].doc) {
			print_error("seed %llu rank %zu: doc %u, want %u\n", (unsigned long long)seed,
				    i, hits[i].doc, want[i].doc);
			fail();
		}
		assert_int_equal(hits[i].access, want[i].acc);
	}
	/* without the total, the ranking skips what cannot enter (no
	 * count in the same pass): the same hits */
	ix_hit h2[40];
	size_t n2 = 0;
	assert_int_equal(ix_search(f->r, root->q, p, accept_seeded, &seed, k, h2, &n2, NULL, &err),
			 QUIRE_OK);
	assert_int_equal(n2, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(h2[i].doc, hits[i].doc);
		assert_true(h2[i].score == hits[i].score);
	}
}

static void free_tq(tq *x)
{
	free(x->allow);
	x->allow = NULL;
}

static void test_topk_vs_naive(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 20; seed++) {
		fx f;
		fx_open(&f, seed % 4 == 0 ? 2048 : 0); /* a tiny budget: flushes inside adds */
		corpus *c = calloc(1, sizeof *c);
		assert_non_null(c);
		uint64_t s = seed * 0xD1B54A32D192ED03ull + 7;
		/* every third corpus as one bulk load (seed 4: with flushes
		 * inside adds, so hundreds of runs) */
		build_corpus(&f, c, &s, 150 + rnd(&s, 350), seed % 3 == 1 ? 2 : 0);
		for (int qi = 0; qi < 25; qi++) {
			tq pool[32];
			int np = 0;
			tq *root = rand_query(&s, c, &f, pool, &np);
			if (rnd(&s, 4) == 0) {
				/* a bonus beside it (ranked in the rerank only) */
				tq *b = &pool[np++];
				memset(b, 0, sizeof *b);
				b->op = T_BOOST;
				b->nkid = 2;
				b->kid[0] = root;
				b->kid[1] = rand_leaf(&s, c, &f, pool, &np);
				b->q = ix_q_boost(f.a, root->q, b->kid[1]->q);
				assert_non_null(b->q);
				root = b;
			}
			ix_params p;
			ix_params_default(&p);
			switch (rnd(&s, 4)) {
			case 0:
				p.prox = 0;
				break;
			case 1:
				p.coord = 2.0;
				break;
			case 2:
				p.prox = 8.0;
				p.rerank = 1 + rnd(&s, 12);
				break;
			default:
				p.k1 = 0.5 + rnd(&s, 20) / 10.0;
				p.b = rnd(&s, 11) / 10.0;
				p.w_preview_open = 0.7;
				break;
			}
			compare_one(&f, c, root, &p, seed * 1000 + (uint64_t)qi, 1 + rnd(&s, 20));
			for (int i = 0; i < np; i++)
				free_tq(&pool[i]);
		}
		ix_check_report rep;
		quire_error err = {0};
		assert_int_equal(ix_check(&f.io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
		assert_string_equal(rep.problem, "");
		assert_int_equal(rep.docs, c->n);
		free_corpus(c);
		free(c);
		fx_close(&f);
	}
}

/* A refreshed reader holds what a new one loads. */
static void same_as_fresh(fx *f)
{
	quire_error err = {0};
	fx_refresh(f);
	ix_reader *b = ix_reader_new(&f->io);
	assert_non_null(b);
	assert_int_equal(ix_reader_refresh(b, &err), QUIRE_OK);
	assert_int_equal(ix_reader_count(f->r), ix_reader_count(b));
	assert_int_equal(ix_reader_max_doc(f->r), ix_reader_max_doc(b));
	for (uint32_t d = 0; d <= ix_reader_max_doc(b) + 1; d++) {
		const ix_doc *x = ix_reader_doc(f->r, d), *y = ix_reader_doc(b, d);
		assert_true((x == NULL) == (y == NULL));
		if (!x)
			continue;
		assert_int_equal(x->rowid, y->rowid);
		assert_memory_equal(x->len, y->len, sizeof x->len);
		assert_int_equal(x->blob_len, y->blob_len);
		assert_memory_equal(x->blob, y->blob, x->blob_len);
	}
	for (int fl = 0; fl < IX_NFIELDS; fl++)
		assert_true(fabs(ix_reader_avg(f->r, fl) - ix_reader_avg(b, fl)) < 1e-9);
	ix_reader_free(b);
}

/* What the reader's last refresh says it did: partial, and the changed
 * documents (docid, rowid 1000 + i for d[i]) in log order. */
static void changes_are(fx *f, int partial, const uint32_t *d, const int *idx, size_t n)
{
	const ix_change *v;
	size_t nv;
	assert_int_equal(ix_reader_changes(f->r, &v, &nv), partial);
	assert_int_equal(nv, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(v[i].doc, d[idx[i]]);
		assert_int_equal(v[i].rowid, 1000 + idx[i]);
	}
}

/* Removals and edits reach a reader through the change log (a few) or a
 * whole reload (many): either way it holds what a new reader loads, and
 * ix_reader_changes says which way and what changed. */
static void test_reader_follows_changes(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	uint32_t d[120];
	char title[64], body[64];
	fx_begin(&f);
	for (int i = 0; i < 120; i++) {
		snprintf(title, sizeof title, "alpha %d", i);
		snprintf(body, sizeof body, "%s river mill %d", i % 3 ? "canal" : "lock lock", i * 7);
		d[i] = fx_add(&f, 1000 + i, title, body);
	}
	fx_commit(&f);
	same_as_fresh(&f);
	changes_are(&f, 0, d, NULL, 0); /* the first load: whole */
	fx_refresh(&f);
	changes_are(&f, 1, d, NULL, 0); /* nothing changed */
	quire_error err = {0};
	/* a few: two removals, an edit, an add in one flush */
	fx_begin(&f);
	assert_int_equal(ix_writer_remove(f.w, d[3], &err), QUIRE_OK);
	assert_int_equal(ix_writer_remove(f.w, d[5], &err), QUIRE_OK);
	int64_t nb = 4242;
	assert_int_equal(ix_writer_set_blob(f.w, d[7], &nb, sizeof nb, &err), QUIRE_OK);
	fx_add(&f, 5000, "beta", "a longer body of words to move the averages");
	fx_commit(&f);
	same_as_fresh(&f);
	changes_are(&f, 1, d, (const int[]){3, 5, 7}, 3);
	assert_null(ix_reader_doc(f.r, d[3]));
	assert_memory_equal(ix_reader_doc(f.r, d[7])->blob, &nb, sizeof nb);
	/* two flushes between refreshes, the same document edited twice,
	 * then removed */
	for (int k = 0; k < 2; k++) {
		fx_begin(&f);
		nb = 100 + k;
		assert_int_equal(ix_writer_set_blob(f.w, d[9], &nb, sizeof nb, &err), QUIRE_OK);
		assert_int_equal(ix_writer_remove(f.w, d[10 + k], &err), QUIRE_OK);
		fx_commit(&f);
	}
	same_as_fresh(&f);
	/* d[9] logged twice is one change */
	changes_are(&f, 1, d, (const int[]){9, 10, 11}, 3);
	assert_memory_equal(ix_reader_doc(f.r, d[9])->blob, &nb, sizeof nb);
	fx_begin(&f);
	assert_int_equal(ix_writer_remove(f.w, d[9], &err), QUIRE_OK);
	fx_commit(&f);
	same_as_fresh(&f);
	changes_are(&f, 1, d, (const int[]){9}, 1);
	/* more than the log holds */
	fx_begin(&f);
	for (int i = 20; i < 110; i++)
		assert_int_equal(ix_writer_remove(f.w, d[i], &err), QUIRE_OK);
	fx_commit(&f);
	same_as_fresh(&f);
	changes_are(&f, 0, d, NULL, 0);
	assert_int_equal(ix_reader_count(f.r), 120 - 2 - 3 - 90 + 1);
	/* a rolled back change is not logged */
	fx_begin(&f);
	assert_int_equal(ix_writer_remove(f.w, d[0], &err), QUIRE_OK);
	assert_int_equal(sqlite3_exec(f.db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	ix_writer_discard(f.w);
	fx_begin(&f);
	assert_int_equal(ix_writer_remove(f.w, d[1], &err), QUIRE_OK);
	fx_commit(&f);
	same_as_fresh(&f);
	changes_are(&f, 1, d, (const int[]){1}, 1);
	assert_non_null(ix_reader_doc(f.r, d[0]));
	assert_null(ix_reader_doc(f.r, d[1]));
	fx_close(&f);
}

/* An index emptied as a rebuild empties it (src/store/store_sqlite.c,
 * st_ix_clear: rows, records, the docid counter) numbers documents from 1
 * again; a reader that held many more reloads (giving back its large
 * tables) and holds what a new reader loads. */
static void test_reader_after_rebuild(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	char title[64];
	fx_begin(&f);
	for (int i = 0; i < 9000; i++) {
		snprintf(title, sizeof title, "gamma %d", i % 50);
		fx_add(&f, 1 + i, title, "salt marsh tide");
	}
	fx_commit(&f);
	same_as_fresh(&f);
	assert_int_equal(ix_reader_max_doc(f.r), 9000);
	fx_begin(&f);
	assert_int_equal(sqlite3_exec(f.db,
		"DELETE FROM ix_post; DELETE FROM ix_pos; DELETE FROM ix_doc;"
		" DELETE FROM ix_meta WHERE k IN ('format', 'next_doc', 'removed');"
		" INSERT INTO ix_meta(k, v) VALUES ('gen', 1), ('rmgen', 1)"
		" ON CONFLICT(k) DO UPDATE SET v = v + 1;", NULL, NULL, NULL), SQLITE_OK);
	ix_writer_discard(f.w);
	uint32_t d1 = fx_add(&f, 5, "delta", "reed beds");
	uint32_t d2 = fx_add(&f, 6, "epsilon", "reed warblers");
	fx_commit(&f);
	assert_int_equal(d1, 1);
	assert_int_equal(d2, 2);
	same_as_fresh(&f);
	const ix_change *v;
	size_t n;
	assert_int_equal(ix_reader_changes(f.r, &v, &n), 0);
	assert_int_equal(ix_reader_count(f.r), 2);
	assert_int_equal(ix_reader_max_doc(f.r), 2);
	assert_int_equal(ix_reader_doc(f.r, 2)->rowid, 6);
	assert_null(ix_reader_doc(f.r, 3));
	assert_null(ix_reader_doc(f.r, 8999));
	int64_t got[8];
	uint64_t total = 0;
	assert_int_equal(fx_find(&f, "reed", IX_MASK_ALL, NULL, NULL, got, 8, &total), 2);
	assert_int_equal(total, 2);
	assert_int_equal(fx_find(&f, "salt", IX_MASK_ALL, NULL, NULL, got, 8, &total), 0);
	fx_close(&f);
}

static uint64_t check_dead(fx *f, uint64_t docs)
{
	ix_check_report rep;
	quire_error err = {0};
	assert_int_equal(ix_check(&f->io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
	assert_string_equal(rep.problem, "");
	assert_int_equal(rep.docs, docs);
	assert_int_equal(rep.postings, docs);
	return rep.dead;
}

/* A small merge keeps a removed document's postings (no read of the live
 * set); a merge of IX_DROP_MIN postings or more drops them. */
static void test_merge_drops_when_large(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	fx_begin(&f);
	fx_add(&f, 1, "alpha", NULL);
	fx_commit(&f);
	fx_begin(&f);
	uint32_t b = fx_add(&f, 2, "alpha", NULL);
	fx_commit(&f); /* rows [1] [1] merge: [2] */
	fx_begin(&f);
	quire_error err = {0};
	assert_int_equal(ix_writer_remove(f.w, b, &err), QUIRE_OK);
	fx_commit(&f);
	/* a new writer, as a new process would make */
	ix_writer_free(f.w);
	f.w = ix_writer_new(&f.io, 0);
	assert_non_null(f.w);
	fx_begin(&f);
	fx_add(&f, 3, "alpha", NULL);
	fx_commit(&f);
	fx_begin(&f);
	fx_add(&f, 4, "alpha", NULL);
	fx_commit(&f); /* [2] [1] [1]: all merge into 4, the dead one kept */
	assert_int_equal(check_dead(&f, 3), 1);
	fx_refresh(&f);
	uint64_t total = 0;
	int64_t got[4];
	assert_int_equal(fx_find(&f, "alpha", IX_MASK_ALL, NULL, NULL, got, 4, &total), 3);
	assert_int_equal(total, 3);
	/* a batch as large as IX_DROP_MIN: its merge drops the dead one */
	fx_begin(&f);
	for (int64_t i = 0; i < IX_DROP_MIN; i++)
		fx_add(&f, 100 + i, "alpha", NULL);
	fx_commit(&f);
	assert_int_equal(check_dead(&f, 3 + IX_DROP_MIN), 0);
	fx_refresh(&f);
	assert_int_equal(fx_find(&f, "alpha", IX_MASK_ALL, NULL, NULL, got, 4, &total), 4);
	assert_int_equal(total, 3 + IX_DROP_MIN);
	fx_close(&f);
}

/* Merges (one document per transaction) give the same answers as one
 * big transaction; rows per term stay bounded. */
typedef struct rowcount {
	size_t n;
} rowcount;

static int count_rows_cb(void *u, const ix_row *row)
{
	(void)row;
	((rowcount *)u)->n++;
	return 0;
}

static void test_merge_policy(void **state)
{
	(void)state;
	fx a, b;
	fx_open(&a, 0);
	fx_open(&b, 0);
	corpus *ca = calloc(1, sizeof *ca), *cb = calloc(1, sizeof *cb);
	assert_non_null(ca);
	assert_non_null(cb);
	uint64_t s1 = 42, s2 = 42;
	build_corpus(&a, ca, &s1, 400, 1);
	build_corpus(&b, cb, &s2, 400, 0);
	/* remove a few and merge them away in a */
	quire_error err = {0};
	fx_begin(&a);
	fx_begin(&b);
	for (size_t i = 0; i < 400; i += 7) {
		assert_int_equal(ix_writer_remove(a.w, ca->d[i].doc, &err), QUIRE_OK);
		assert_int_equal(ix_writer_remove(b.w, cb->d[i].doc, &err), QUIRE_OK);
		ca->d[i].alive = cb->d[i].alive = 0;
	}
	fx_commit(&a);
	fx_commit(&b);
	fx_refresh(&a);
	fx_refresh(&b);
	char term[IXTOK_TERM_MAX + 1];
	for (size_t v = 0; v < NVOC; v++) {
		size_t tn = ixtok_term(a.tok, VOC[v], strlen(VOC[v]), term, sizeof term);
		rowcount rc = {0};
		assert_int_equal(a.io.post_list(a.io.ctx, term, tn, count_rows_cb, &rc), 0);
		assert_true(rc.n >= 1 && rc.n <= IX_ROWS_MAX);
		ix_hit ha[20], hb[20];
		size_t na = 0, nb = 0;
		uint64_t ta = 0, tb = 0;
		ix_q *qa = ix_q_term(a.a, term, tn, IX_MASK_ALL);
		ix_q *qb = ix_q_term(b.a, term, tn, IX_MASK_ALL);
		ix_params p;
		ix_params_default(&p);
		assert_int_equal(ix_search(a.r, qa, &p, NULL, NULL, 20, ha, &na, &ta, &err),
				 QUIRE_OK);
		assert_int_equal(ix_search(b.r, qb, &p, NULL, NULL, 20, hb, &nb, &tb, &err),
				 QUIRE_OK);
		assert_int_equal(na, nb);
		assert_int_equal(ta, tb);
		for (size_t i = 0; i < na; i++) {
			assert_int_equal(ha[i].rowid, hb[i].rowid);
			/* dfs may differ while dead postings wait for a merge */
			assert_true(ha[i].score > 0);
		}
	}
	ix_check_report rep;
	assert_int_equal(ix_check(&a.io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
	assert_string_equal(rep.problem, "");
	assert_true(rep.docs == 400 - 58);
	free_pair(ca, cb, &a, &b);
}

/* A bulk load gives the answers of ordinary adds: into an empty index
 * (one row a term), into one that has rows (the merge policy then), and a
 * rollback in the middle leaves the index as it was. */
static void test_bulk_load(void **state)
{
	(void)state;
	quire_error err = {0};
	for (int nonempty = 0; nonempty <= 1; nonempty++) {
		fx a, b;
		fx_open(&a, 0);
		fx_open(&b, 4096); /* small: flushes inside adds, many runs */
		corpus *ca = calloc(1, sizeof *ca), *cb = calloc(1, sizeof *cb);
		assert_non_null(ca);
		assert_non_null(cb);
		uint64_t s1 = 7, s2 = 7;
		if (nonempty) {
			/* the first 200 as usual in both, the next 300 in bulk in b */
			corpus *pa = calloc(1, sizeof *pa), *pb = calloc(1, sizeof *pb);
			assert_non_null(pa);
			assert_non_null(pb);
			build_corpus(&a, pa, &s1, 200, 0);
			build_corpus(&b, pb, &s2, 200, 0);
			free_corpus(pa);
			free_corpus(pb);
			free(pa);
			free(pb);
		}
		build_corpus(&a, ca, &s1, 300, 0);
		build_corpus(&b, cb, &s2, 300, 2);
		char term[IXTOK_TERM_MAX + 1];
		for (size_t v = 0; v < NVOC; v++) {
			size_t tn = ixtok_term(a.tok, VOC[v], strlen(VOC[v]), term, sizeof term);
			rowcount ra = {0}, rb = {0};
			assert_int_equal(a.io.post_list(a.io.ctx, term, tn, count_rows_cb, &ra), 0);
			assert_int_equal(b.io.post_list(b.io.ctx, term, tn, count_rows_cb, &rb), 0);
			assert_true(rb.n <= IX_ROWS_MAX);
			if (!nonempty)
				assert_true(rb.n <= 1);
			ix_hit ha[20], hb[20];
			size_t na = 0, nb = 0;
			uint64_t ta = 0, tb = 0;
			ix_params p;
			ix_params_default(&p);
			assert_int_equal(ix_search(a.r, ix_q_term(a.a, term, tn, IX_MASK_ALL), &p, NULL,
						   NULL, 20, ha, &na, &ta, &err), QUIRE_OK);
			assert_int_equal(ix_search(b.r, ix_q_term(b.a, term, tn, IX_MASK_ALL), &p, NULL,
						   NULL, 20, hb, &nb, &tb, &err), QUIRE_OK);
			assert_int_equal(na, nb);
			assert_int_equal(ta, tb);
			for (size_t i = 0; i < na; i++) {
				assert_int_equal(ha[i].rowid, hb[i].rowid);
				assert_true(fabs(ha[i].score - hb[i].score) < 1e-9);
			}
			assert_int_equal(ix_df(a.r, term, tn), ix_df(b.r, term, tn));
		}
		/* phrases (pairs of a common word) too */
		int64_t ga[20], gb[20];
		uint64_t ta = 0, tb = 0;
		size_t na = fx_find(&a, "the", IX_MASK_ALL, NULL, NULL, ga, 20, &ta);
		size_t nb = fx_find(&b, "the", IX_MASK_ALL, NULL, NULL, gb, 20, &tb);
		assert_int_equal(na, nb);
		assert_int_equal(ta, tb);
		ix_check_report rep;
		assert_int_equal(ix_check(&b.io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
		assert_string_equal(rep.problem, "");
		assert_int_equal(rep.docs, nonempty ? 500 : 300);

		/* a bulk load rolled back: nothing of it stays, the writer works on */
		fx_begin(&b);
		/* a directory that is not there: tmpfile() instead */
		assert_int_equal(ix_writer_bulk_begin(b.w, "/nonexistent-quire-dir", &err), QUIRE_OK);
		fx_add(&b, 9001, "Vanishing", "gone with the rollback");
		assert_int_equal(ix_writer_flush(b.w, &err), QUIRE_OK);
		fx_add(&b, 9002, "Vanishing", "gone too");
		assert_int_equal(sqlite3_exec(b.db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
		ix_writer_discard(b.w);
		fx_begin(&b);
		fx_add(&b, 9003, "Staying", "kept");
		fx_commit(&b);
		fx_refresh(&b);
		int64_t got[4];
		uint64_t total = 0;
		assert_int_equal(fx_find(&b, "vanishing", IX_MASK_ALL, NULL, NULL, got, 4, &total), 0);
		assert_int_equal(fx_find(&b, "staying", IX_MASK_ALL, NULL, NULL, got, 4, &total), 1);
		assert_int_equal(got[0], 9003);
		assert_int_equal(ix_check(&b.io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
		assert_string_equal(rep.problem, "");

		free_pair(ca, cb, &a, &b);
	}

	/* another writer adding during a bulk load: the next add fails */
	fx f;
	fx_open(&f, 0);
	ix_writer *w2 = ix_writer_new(&f.io, 0);
	assert_non_null(w2);
	fx_begin(&f);
	/* the runs go to an unnamed file in the directory given: nothing of
	 * it is ever seen there */
	char dir[] = "/tmp/quire_ixrun_XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_int_equal(ix_writer_bulk_begin(f.w, dir, &err), QUIRE_OK);
	fx_add(&f, 1, "First", NULL);
	assert_int_equal(ix_writer_flush(f.w, &err), QUIRE_OK);
	assert_int_equal(rmdir(dir), 0); /* empty, even with a run written */
	uint32_t d = 0;
	ix_fields fl;
	memset(&fl, 0, sizeof fl);
	fl.text[IX_F_TITLE] = "Intruder";
	fl.len[IX_F_TITLE] = 8;
	assert_int_equal(ix_writer_add(w2, 2, &fl, NULL, 0, &d, &err), QUIRE_OK);
	assert_int_equal(ix_writer_flush(w2, &err), QUIRE_OK);
	fl.text[IX_F_TITLE] = "Second";
	fl.len[IX_F_TITLE] = 6;
	assert_int_equal(ix_writer_add(f.w, 3, &fl, NULL, 0, &d, &err), QUIRE_EUSAGE);
	assert_int_equal(sqlite3_exec(f.db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	ix_writer_discard(f.w);
	ix_writer_free(w2);
	fx_close(&f);
}

/* ------------------------------------------------------------------ */
/* Phrases, fields, access, prefix, relaxed, positions, check           */
/* ------------------------------------------------------------------ */

static int accept_public(void *u, uint32_t doc, const ix_doc *d)
{
	(void)u;
	(void)doc;
	(void)d;
	return 2;
}

typedef struct {
	int n;
	uint32_t pos[8];
	int field[8];
	uint32_t len[8];
} poslist;

static int poscb(void *cu, unsigned leaf, int field, uint32_t pos, uint32_t len)
{
	(void)leaf;
	poslist *p = cu;
	if (p->n < 8) {
		p->pos[p->n] = pos;
		p->field[p->n] = field;
		p->len[p->n] = len;
		p->n++;
	}
	return 0;
}

static void test_phrase_and_wholes(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	fx_begin(&f);
	fx_add(&f, 1, "The Sino-Soviet split", "relations between the two parties");
	fx_add(&f, 2, "Soviet and Sino studies", "the split relations of parties");
	fx_commit(&f);
	fx_refresh(&f);
	int64_t got[8];
	uint64_t total;
	/* the phrase "sino soviet": only the hyphenated one */
	size_t n = fx_find(&f, "sino-soviet", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 1);
	assert_int_equal(total, 1);
	n = fx_find(&f, "sinosoviet", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 1);
	/* a phrase across the whole: "sino-soviet split" */
	ix_q *q = ix_q_text(f.tok, f.a, "Sino-Soviet split", 17, IX_MASK_ALL, 0);
	ix_hit h[4];
	quire_error err = {0};
	assert_int_equal(ix_search(f.r, q, NULL, NULL, NULL, 4, h, &n, &total, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].rowid, 1);
	/* "split relations" is a phrase only in doc 2's body */
	q = ix_q_text(f.tok, f.a, "split relations", 15, IX_MASK_ALL, 0);
	assert_int_equal(ix_search(f.r, q, NULL, NULL, NULL, 4, h, &n, &total, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].rowid, 2);
	/* positions of the hit */
	poslist got_pos;
	memset(&got_pos, 0, sizeof got_pos);
	assert_int_equal(ix_positions(f.r, q, h[0].doc, IX_MASK_ALL, poscb, &got_pos, &err),
			 QUIRE_OK);
	assert_int_equal(got_pos.n, 1);
	assert_int_equal(got_pos.field[0], IX_F_BODY);
	assert_int_equal(got_pos.pos[0], 1);
	assert_int_equal(got_pos.len[0], 2);
	fx_close(&f);
}

/* Rowids of the phrase's matches, and the total. */
static size_t fx_phrase(fx *f, const char *text, int64_t *out, size_t k, uint64_t *total)
{
	ix_q *q = ix_q_text(f->tok, f->a, text, strlen(text), IX_MASK_ALL, 0);
	assert_non_null(q);
	ix_hit h[16];
	size_t n = 0;
	quire_error err = {0};
	assert_true(k <= 16);
	assert_int_equal(ix_search(f->r, q, NULL, NULL, NULL, k, h, &n, total, &err), QUIRE_OK);
	for (size_t i = 0; i < n; i++)
		out[i] = h[i].rowid;
	return n;
}

/* Phrases of common words go through the pairs (format 4): the same
 * matches and places as word by word, whether the common word is first,
 * inside, last, alone with another common word, next to a hyphenated
 * whole, or the whole itself. */
static void test_phrase_common_pairs(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	fx_begin(&f);
	fx_add(&f, 1, "Locks", "what is the number of locks on the state-of-the-art canal");
	fx_add(&f, 2, "Numbers", "the number is the question, of the locks a number");
	fx_add(&f, 3, "Pairs", "a-n apple of the orchard; the is the");
	fx_commit(&f);
	fx_refresh(&f);
	int64_t got[8];
	uint64_t total;
	size_t n = fx_phrase(&f, "is the number", got, 8, &total);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 1);
	assert_int_equal(total, 1);
	n = fx_phrase(&f, "the number", got, 8, &total);
	assert_int_equal(total, 2);
	n = fx_phrase(&f, "of the", got, 8, &total); /* two common words: one pair */
	assert_int_equal(total, 3);                  /* 1 holds it in state-of-the-art */
	n = fx_phrase(&f, "of the locks", got, 8, &total);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 2);
	n = fx_phrase(&f, "locks a", got, 8, &total); /* a common word last */
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 2);
	n = fx_phrase(&f, "state of the art canal", got, 8, &total); /* across a hyphen */
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 1);
	n = fx_phrase(&f, "an apple", got, 8, &total); /* the whole "an" of "a-n" */
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 3);
	n = fx_phrase(&f, "the is the", got, 8, &total);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 3);
	n = fx_phrase(&f, "is the question of", got, 8, &total);
	assert_int_equal(total, 1);
	n = fx_phrase(&f, "the number of the", got, 8, &total);
	assert_int_equal(total, 0);
	/* the places of a hit span every word of the phrase */
	ix_q *q = ix_q_text(f.tok, f.a, "is the number of", 16, IX_MASK_ALL, 0);
	ix_hit h[2];
	quire_error err = {0};
	assert_int_equal(ix_search(f.r, q, NULL, NULL, NULL, 2, h, &n, &total, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	poslist pl;
	memset(&pl, 0, sizeof pl);
	assert_int_equal(ix_positions(f.r, q, h[0].doc, IX_MASK_ALL, poscb, &pl, &err), QUIRE_OK);
	assert_int_equal(pl.n, 1);
	assert_int_equal(pl.field[0], IX_F_BODY);
	assert_int_equal(pl.pos[0], 1);
	assert_int_equal(pl.len[0], 4);
	/* the pairs are terms, counted by the check, out of every prefix */
	assert_true(ix_df(f.r, "\xFFthe\xFFnumber", 11) == 2);
	assert_true(ix_df(f.r, "\xFFnumber\xFFof", 10) == 1); /* the common word second */
	assert_true(ix_df(f.r, "\xFFlock\xFFon", 8) == 1);   /* (stemmed, as every term) */
	assert_true(ix_df(f.r, "\xFF" "art" "\xFF" "canal", 10) == 0); /* neither is common */
	n = fx_phrase(&f, "art canal", got, 8, &total); /* found word by word */
	assert_int_equal(total, 1);
	int64_t pg[8];
	n = fx_find(&f, "th*", IX_MASK_ALL, NULL, NULL, pg, 8, &total);
	assert_int_equal(total, 3);
	/* a leaf's weight scales its score (one word: no proximity) */
	ix_hit h1[2], h2[2];
	size_t n1, n2;
	ix_q *w1 = ix_q_text(f.tok, f.a, "canal", 5, IX_MASK_ALL, 0);
	ix_q *w2 = ix_q_weight(ix_q_text(f.tok, f.a, "canal", 5, IX_MASK_ALL, 0), 2.0);
	assert_int_equal(ix_search(f.r, w1, NULL, NULL, NULL, 2, h1, &n1, NULL, &err), QUIRE_OK);
	assert_int_equal(ix_search(f.r, w2, NULL, NULL, NULL, 2, h2, &n2, NULL, &err), QUIRE_OK);
	assert_int_equal(n1, 1);
	assert_int_equal(n2, 1);
	assert_true(h1[0].score > 0);
	assert_true(fabs(h2[0].score - 2.0 * h1[0].score) < 1e-9 * h2[0].score);
	ix_check_report rep;
	assert_int_equal(ix_check(&f.io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
	assert_string_equal(rep.problem, "");
	fx_close(&f);
}

static void test_fields_and_access(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	fx_begin(&f);
	fx_add(&f, 1, "Lighthouse keepers", "a log of storms");
	fx_add(&f, 2, "Storm logs", "the lighthouse keepers wrote them");
	fx_add(&f, 3, "Lighthouse keepers and storms", "nothing else");
	fx_commit(&f);
	fx_refresh(&f);
	int64_t got[8];
	uint64_t total;
	/* title: only */
	size_t n = fx_find(&f, "lighthouse", IX_MASK(IX_F_TITLE), NULL, NULL, got, 8, &total);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	for (size_t i = 0; i < n; i++)
		assert_true(got[i] == 1 || got[i] == 3);
	/* public only never matches the body */
	n = fx_find(&f, "wrote", IX_MASK_ALL, accept_public, NULL, got, 8, &total);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	n = fx_find(&f, "wrote", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(n, 1);
	/* a NOT looks only at the public fields for such a viewer:
	 * lighthouse -storms: doc 1 has storms in its body only */
	ix_q *pos = ix_q_text(f.tok, f.a, "lighthouse", 10, IX_MASK_ALL, 0);
	ix_q *neg = ix_q_text(f.tok, f.a, "storms", 6, IX_MASK_ALL, 0);
	ix_q *q = ix_q_not(f.a, pos, &neg, 1);
	ix_hit h[8];
	quire_error err = {0};
	assert_int_equal(ix_search(f.r, q, NULL, NULL, NULL, 8, h, &n, &total, &err), QUIRE_OK);
	assert_int_equal(n, 0); /* 1: body storms, 2: title storm, 3: title */
	assert_int_equal(ix_search(f.r, q, NULL, accept_public, NULL, 8, h, &n, &total, &err),
			 QUIRE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].rowid, 1);
	assert_int_equal(h[0].access, 2);
	fx_close(&f);
}

static int vocab_cb(void *u, const char *t, size_t n, uint64_t df)
{
	buf_t *b = u;
	buf_printf(b, "%.*s:%llu ", (int)n, t, (unsigned long long)df);
	return 0;
}

static void test_prefix_vocab_relaxed(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	fx_begin(&f);
	fx_add(&f, 1, "Computers", "computing machines");
	fx_add(&f, 2, "Compost", "garden heaps and worms");
	fx_add(&f, 3, "Computation and gardens", "worms compute nothing");
	fx_commit(&f);
	fx_refresh(&f);
	int64_t got[8];
	uint64_t total;
	size_t n = fx_find(&f, "comput*", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	n = fx_find(&f, "comp*", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(n, 3);
	/* the vocabulary */
	buf_t b = BUF_INIT;
	quire_error err = {0};
	assert_int_equal(ix_vocab(f.r, "comp", 4, 0, vocab_cb, &b, &err), QUIRE_OK);
	assert_non_null(strstr(b.p, "comput:"));
	assert_non_null(strstr(b.p, "compost:1"));
	assert_int_equal(ix_df(f.r, "worm", 4), 2);
	assert_int_equal(ix_df(f.r, "wor", 3), 0);
	buf_free(&b);
	/* relaxed: OR with coordination, most words first */
	ix_q *kids[3];
	kids[0] = ix_q_text(f.tok, f.a, "gardens", 7, IX_MASK_ALL, 0);
	kids[1] = ix_q_text(f.tok, f.a, "worms", 5, IX_MASK_ALL, 0);
	kids[2] = ix_q_text(f.tok, f.a, "machines", 8, IX_MASK_ALL, 0);
	ix_q *all = ix_q_and(f.a, kids, 3);
	ix_hit h[8];
	assert_int_equal(ix_search(f.r, all, NULL, NULL, NULL, 8, h, &n, &total, &err), QUIRE_OK);
	assert_int_equal(n, 0);
	ix_q *any = ix_q_or(f.a, kids, 3);
	ix_params p;
	ix_params_default(&p);
	p.coord = 10.0;
	assert_int_equal(ix_search(f.r, any, &p, NULL, NULL, 8, h, &n, &total, &err), QUIRE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(total, 3);
	assert_true(h[0].rowid == 2 || h[0].rowid == 3); /* two words each */
	assert_int_equal(h[2].rowid, 1);
	assert_int_equal(ix_q_leaves(any), 3);
	fx_close(&f);
}

/* The vocabulary's bounds: a prefix, a term to start after, both (the
 * later one wins), read page by page as ix_check does. */
static int vocab_count_cb(void *u, const char *t, size_t n, uint64_t df)
{
	(void)t;
	(void)n;
	(void)df;
	(*(size_t *)u)++;
	return 0;
}

static size_t vocab_count(fx *f, const char *prefix, const char *after)
{
	size_t k = 0;
	assert_int_equal(f->io.vocab(f->io.ctx, prefix, prefix ? strlen(prefix) : 0, after,
				     after ? strlen(after) : 0, vocab_count_cb, &k),
			 0);
	return k;
}

static void test_vocab_bounds(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	fx_begin(&f);
	/* 17^3 = 4,913 possible words "zq" + three consonants the stemmer
	 * leaves alone; 700 of them, one a document */
	static const char cons[] = "bcfghjkmnpqrtvwxz";
	char word[8], title[8] = "Title";
	for (int i = 0; i < 700; i++) {
		snprintf(word, sizeof word, "zq%c%c%c", cons[i / 289], cons[i / 17 % 17], cons[i % 17]);
		fx_add(&f, i + 1, title, word);
	}
	fx_commit(&f);
	fx_refresh(&f);
	assert_int_equal(vocab_count(&f, "zq", NULL), 700);
	/* after inside the prefix's range: the terms past it */
	assert_int_equal(vocab_count(&f, "zq", "zqb"), 700 - 0);    /* every zqb… > "zqb" */
	assert_int_equal(vocab_count(&f, "zq", "zqbzz"), 700 - 289); /* past zqb… */
	assert_int_equal(vocab_count(&f, "zqc", "zqcbb"), 288);      /* zqc… but zqcbb */
	/* after before the prefix: the prefix decides; after past it: none */
	assert_int_equal(vocab_count(&f, "zqc", "zqb"), 289);
	assert_int_equal(vocab_count(&f, "zqc", "zqd"), 0);
	assert_int_equal(vocab_count(&f, NULL, "zqcbb"), 700 - 289 - 1);
	/* ix_check pages through it 256 terms at a time: each once */
	ix_check_report rep;
	quire_error err = {0};
	assert_int_equal(ix_check(&f.io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
	assert_string_equal(rep.problem, "");
	assert_int_equal(rep.terms, 700 + 1); /* and "titl" */
	fx_close(&f);
}

static void test_check_corrupt(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	fx_begin(&f);
	for (int i = 0; i < 300; i++)
		fx_add(&f, i + 1, "ledger of tolls", i % 2 ? "barges paid at the lock" : "boats");
	fx_commit(&f);
	ix_check_report rep;
	quire_error err = {0};
	assert_int_equal(ix_check(&f.io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
	assert_string_equal(rep.problem, "");
	assert_int_equal(rep.docs, 300);
	/* flip a byte in the middle of a doc part */
	assert_int_equal(sqlite3_exec(f.db,
				      "UPDATE ix_post SET docs = substr(docs, 1, length(docs) - 40)"
				      " || x'FF' || substr(docs, length(docs) - 38) WHERE term = 'toll'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(ix_check(&f.io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
	assert_non_null(strstr(rep.problem, "toll"));
	/* a search over it fails cleanly, never crashes */
	fx_refresh(&f);
	int64_t got[8];
	ix_q *q = ix_q_term(f.a, "toll", 4, IX_MASK_ALL);
	ix_hit h[8];
	size_t n = 0;
	uint64_t total;
	quire_status st = ix_search(f.r, q, NULL, NULL, NULL, 8, h, &n, &total, &err);
	assert_true(st == QUIRE_ESTORE || st == QUIRE_OK);
	(void)got;
	/* a truncated chunk of positions */
	assert_int_equal(sqlite3_exec(f.db,
				      "UPDATE ix_pos SET data = substr(data, 1, length(data) / 2)"
				      " WHERE term = 'barg'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(ix_check(&f.io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
	assert_true(rep.problem[0] != '\0');
	/* another format: a clear failure, not a misreading */
	fx_refresh(&f);
	assert_int_equal(sqlite3_exec(f.db, "UPDATE ix_meta SET v = 2 WHERE k = 'format';"
				      " UPDATE ix_meta SET v = v + 1 WHERE k = 'gen'",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(ix_reader_refresh(f.r, &err), QUIRE_ESTORE);
	assert_non_null(strstr(err.msg, "reindex"));
	fx_begin(&f);
	ix_fields none;
	memset(&none, 0, sizeof none);
	uint32_t dd;
	assert_int_equal(ix_writer_add(f.w, 9, &none, NULL, 0, &dd, &err), QUIRE_ESTORE);
	ix_writer_discard(f.w);
	assert_int_equal(sqlite3_exec(f.db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	/* a missing row: counts no longer match */
	fx_close(&f);
	fx_open(&f, 0);
	fx_begin(&f);
	fx_add(&f, 1, "weir", "sluice");
	fx_commit(&f);
	assert_int_equal(sqlite3_exec(f.db, "DELETE FROM ix_post WHERE term = 'weir'", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(ix_check(&f.io, NULL, NULL, 0, &rep, &err), QUIRE_OK);
	assert_non_null(strstr(rep.problem, "terms recorded"));
	fx_close(&f);
}

/* The reader's cache of large terms: a write (a new generation) is seen
 * at once, adds and removes alike. */
static void test_cache_follows_writes(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	char body[64];
	fx_begin(&f);
	for (int i = 0; i < 7000; i++) {
		snprintf(body, sizeof body, "common ground %d", i);
		fx_add(&f, i + 1, NULL, body);
	}
	fx_commit(&f);
	fx_refresh(&f);
	int64_t got[8];
	uint64_t total = 0;
	fx_find(&f, "common", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(total, 7000);
	fx_find(&f, "common", IX_MASK_ALL, NULL, NULL, got, 8, &total); /* cached */
	assert_int_equal(total, 7000);
	quire_error err = {0};
	fx_begin(&f);
	for (uint32_t d = 1; d <= 10; d++)
		assert_int_equal(ix_writer_remove(f.w, d, &err), QUIRE_OK);
	fx_add(&f, 9001, "common", "new words");
	fx_add(&f, 9002, NULL, "common again");
	fx_commit(&f);
	fx_refresh(&f);
	size_t n = fx_find(&f, "common", IX_MASK_ALL, NULL, NULL, got, 8, &total);
	assert_int_equal(total, 6992);
	assert_true(n > 0);
	assert_int_equal(got[0], 9002); /* the shortest body */
	n = fx_find(&f, "common", IX_MASK(IX_F_TITLE), NULL, NULL, got, 8, &total);
	assert_int_equal(n, 1);
	assert_int_equal(got[0], 9001);
	fx_close(&f);
}

/* The chunks of positions of large terms stay in the reader's cache with
 * their rows: a phrase asked again (its positions from the cache) finds
 * the same, and a write is seen (the cache goes with the generation). */
static void test_cache_keeps_positions(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	char body[96];
	fx_begin(&f);
	for (int i = 0; i < 7000; i++) {
		/* the phrase in every third paper, its words apart in the rest */
		if (i % 3 == 0)
			snprintf(body, sizeof body, "a common ground %d", i);
		else
			snprintf(body, sizeof body, "ground %d is common", i);
		fx_add(&f, i + 1, NULL, body);
	}
	fx_commit(&f);
	fx_refresh(&f);
	int64_t a[8], b[8];
	uint64_t ta = 0, tb = 0;
	size_t na = fx_phrase(&f, "common ground", a, 8, &ta);
	assert_int_equal(ta, 2334);
	assert_int_equal(na, 8);
	for (int round = 0; round < 2; round++) {
		size_t nb = fx_phrase(&f, "common ground", b, 8, &tb);
		assert_int_equal(tb, ta);
		assert_int_equal(nb, na);
		assert_memory_equal(a, b, na * sizeof *a);
	}
	assert_int_equal(fx_phrase(&f, "ground common", b, 8, &tb), 0);
	assert_int_equal(tb, 0);
	/* papers 1-9 go (three held the phrase), two with it come */
	quire_error err = {0};
	fx_begin(&f);
	for (uint32_t d = 1; d <= 9; d++)
		assert_int_equal(ix_writer_remove(f.w, d, &err), QUIRE_OK);
	fx_add(&f, 9001, NULL, "on common ground");
	fx_add(&f, 9002, NULL, "common ground common ground");
	fx_commit(&f);
	fx_refresh(&f);
	size_t nb = fx_phrase(&f, "common ground", b, 8, &tb);
	assert_int_equal(tb, 2334 - 3 + 2);
	assert_int_equal(nb, 8);
	assert_int_equal(b[0], 9002); /* twice, in a short body */
	fx_close(&f);
}

static int each_cb(void *cu, const ix_hit *h)
{
	int64_t *sum = cu;
	*sum += h->rowid;
	return 0;
}

/* A phrase whose last word is a beginning; every match in docid order;
 * the positions of a prefix leaf. */
static void test_prefix_phrase_each(void **state)
{
	(void)state;
	fx f;
	fx_open(&f, 0);
	fx_begin(&f);
	fx_add(&f, 1, "Data bases", "relational data bases and more");
	fx_add(&f, 2, "Basic data", "data basics for bases of data");
	fx_add(&f, 3, "Bases", "no data here at all");
	fx_commit(&f);
	fx_refresh(&f);
	/* "data bas"*: doc 1 (data bases), doc 2 (data basics) */
	ix_q *q = ix_q_text(f.tok, f.a, "data bas", 8, IX_MASK_ALL, 1);
	assert_non_null(q);
	ix_hit h[8];
	size_t n = 0;
	uint64_t total = 0;
	quire_error err = {0};
	assert_int_equal(ix_search(f.r, q, NULL, NULL, NULL, 8, h, &n, &total, &err), QUIRE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	int64_t sum = 0;
	uint64_t count = 0;
	assert_int_equal(ix_each(f.r, q, NULL, NULL, each_cb, &sum, &count, &err), QUIRE_OK);
	assert_int_equal(count, 2);
	assert_int_equal(sum, 3);
	/* the positions of a prefix leaf in doc 2's body: basics@1, bases@3 */
	ix_q *p = ix_q_prefix(f.a, "bas", 3, IX_MASK_ALL);
	poslist pl;
	memset(&pl, 0, sizeof pl);
	uint32_t d2 = ix_reader_find(f.r, 2);
	assert_int_equal(ix_positions(f.r, p, d2, IX_MASK(IX_F_BODY), poscb, &pl, &err),
			 QUIRE_OK);
	assert_int_equal(pl.n, 2);
	assert_int_equal(pl.pos[0], 1);
	assert_int_equal(pl.pos[1], 3);
	assert_int_equal(pl.field[0], IX_F_BODY);
	/* a public viewer: the phrase in the body no longer counts, the one
	 * in doc 1's title does */
	assert_int_equal(ix_search(f.r, q, NULL, accept_public, NULL, 8, h, &n, &total, &err),
			 QUIRE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].rowid, 1);
	assert_int_equal(total, 1);
	/* nothing to search; a term nobody has */
	assert_int_equal(ix_search(f.r, NULL, NULL, NULL, NULL, 8, h, &n, &total, &err), QUIRE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	ix_q *none = ix_q_term(f.a, "zzyzx", 5, IX_MASK_ALL);
	assert_int_equal(ix_search(f.r, none, NULL, NULL, NULL, 8, h, &n, &total, &err), QUIRE_OK);
	assert_int_equal(n, 0);
	assert_null(ix_q_text(f.tok, f.a, "--", 2, IX_MASK_ALL, 0));
	/* k = 0: the count alone */
	assert_int_equal(ix_search(f.r, q, NULL, NULL, NULL, 0, h, &n, &total, &err), QUIRE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 2);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codec_roundtrip),
		cmocka_unit_test(test_add_remove_readd),
		cmocka_unit_test(test_phrase_and_wholes),
		cmocka_unit_test(test_phrase_common_pairs),
		cmocka_unit_test(test_fields_and_access),
		cmocka_unit_test(test_prefix_vocab_relaxed),
		cmocka_unit_test(test_vocab_bounds),
		cmocka_unit_test(test_check_corrupt),
		cmocka_unit_test(test_merge_policy),
		cmocka_unit_test(test_bulk_load),
		cmocka_unit_test(test_merge_drops_when_large),
		cmocka_unit_test(test_reader_follows_changes),
		cmocka_unit_test(test_reader_after_rebuild),
		cmocka_unit_test(test_cache_follows_writes),
		cmocka_unit_test(test_cache_keeps_positions),
		cmocka_unit_test(test_prefix_phrase_each),
		cmocka_unit_test(test_topk_vs_naive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
