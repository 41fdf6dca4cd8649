/*
 * ixlist.c — posting-list cursors of ix's query side (see ixlist.h).
 *
 * Decisions:
 *   - A cursor holds its term's rows (docs parts) in memory, parsed; rows
 *     of one term hold increasing docid ranges, so (row, block) pairs are
 *     walked in order as one list.  A skip (ixl_shallow) moves over whole
 *     blocks by their last docid without decoding them.
 *   - Positions are read a chunk at a time (ix_io pos_get) when a block's
 *     positions are first asked for, and found by arithmetic (fixed width;
 *     the tfs of the postings before): no position is decoded that is not
 *     asked for.
 *   - The reader keeps the rows of large terms (IXL_CACHE_MIN bytes and
 *     more) up to IXL_CACHE_BYTES, until the generation changes: a common
 *     word is read from storage once, not at every query.  The chunks of
 *     positions of those terms that searches read are kept with them (in
 *     the same budget): a phrase of two common words read some 180 chunks
 *     from SQLite, a tenth of its time, at every query.
 */
#include "ixlist.h"

#include <stdlib.h>
#include <string.h>

void ixl_fail(ixl_ctx *s, quire_status st, const char *what)
{
	if (s->st != QUIRE_OK)
		return;
	s->st = st;
	if (st == QUIRE_ESTORE && s->io->errmsg) {
		const char *m = s->io->errmsg(s->io->ctx);
		quire_error_set(s->err, st, "index: %s%s%s", what, m && *m ? ": " : "",
				m ? m : "");
	} else {
		quire_error_set(s->err, st, "index: %s", what);
	}
}

static int rows_cb(void *u, const ix_row *row)
{
	ixl_list *t = u;
	ixl_row *nr = realloc(t->rows, (t->nrows + 1) * sizeof *nr);
	if (!nr) {
		ixl_fail(t->c, QUIRE_ENOMEM, "out of memory");
		return 1;
	}
	t->rows = nr;
	ixl_row *w = &t->rows[t->nrows];
	memset(w, 0, sizeof *w);
	w->seg = row->seg;
	w->n = row->n;
	w->docs = malloc(row->docs_len ? row->docs_len : 1);
	if (!w->docs) {
		ixl_fail(t->c, QUIRE_ENOMEM, "out of memory");
		return 1;
	}
	memcpy(w->docs, row->docs, row->docs_len);
	w->dlen = row->docs_len;
	w->pchunk = UINT32_MAX;
	int rc = ixc_row_open(&w->row, w->docs, w->dlen);
	if (rc) {
		free(w->docs);
		if (rc == -2)
			ixl_fail(t->c, QUIRE_ENOMEM, "out of memory");
		else
			quire_error_set(t->c->err, t->c->st = QUIRE_ESTORE,
					"index: a row of \"%.*s\" is corrupt", (int)t->tn, t->term);
		return 1;
	}
	t->nrows++;
	t->df += row->n;
	return 0;
}

/*
 * The reader's cache of large terms' rows (their docs parts, read and
 * parsed, and the chunks of positions searches read): a common word is
 * read from storage once, not at every query.  Entries live until the
 * index's generation changes or, past IXL_CACHE_BYTES, the least recently
 * used go (never one the running search holds).  The budget is a reader's
 * (the web server has one a worker): the 400 queries of the search bench
 * keep 60 MB at 100,000 papers, and with 32 MB their slowest were a fifth
 * slower (entries dropped and read again).
 */
#define IXL_CACHE_BYTES ((size_t)64 << 20)
#define IXL_CACHE_MIN 16384 /* terms with fewer bytes of rows are not kept */

typedef struct centry {
	char *term;
	size_t tn;
	ixl_row *rows;     /* seg, n, docs, dlen, row: owned here */
	size_t nrows;
	uint64_t df;
	size_t bytes;
	uint64_t used;  /* serial of the last search that used it */
	struct centry *next;
} centry;

struct ixl_cache {
	centry *head;
	size_t bytes;
	int64_t gen;
	uint64_t serial;
};

static void centry_free(centry *e)
{
	for (size_t i = 0; i < e->nrows; i++) {
		ixl_row *w = &e->rows[i];
		for (uint32_t b = 0; w->chunks && b < w->row.nblocks; b++)
			free(w->chunks[b]);
		free(w->chunks);
		free(w->docs);
		ixc_row_free(&w->row);
	}
	free(e->rows);
	free(e->term);
	free(e);
}

void ixl_cache_free(struct ixl_cache *c)
{
	if (!c)
		return;
	while (c->head) {
		centry *e = c->head;
		c->head = e->next;
		centry_free(e);
	}
	free(c);
}

/* The cache, emptied when the generation moved; NULL when none can be
 * made (the search then reads everything from storage). */
struct ixl_cache *ixl_cache_get(ixl_ctx *s)
{
	struct ixl_cache **slot = ix_reader_qcache(s->r);
	if (!*slot) {
		*slot = calloc(1, sizeof **slot);
		if (!*slot)
			return NULL;
		(*slot)->gen = ix_reader_gen(s->r);
	}
	struct ixl_cache *c = *slot;
	if (c->gen != ix_reader_gen(s->r)) {
		while (c->head) {
			centry *e = c->head;
			c->head = e->next;
			centry_free(e);
		}
		c->bytes = 0;
		c->gen = ix_reader_gen(s->r);
	}
	c->serial++; /* a new search: what it uses is not trimmed */
	return c;
}

/* Drops the least recently used entries past the budget. */
void ixl_cache_trim(struct ixl_cache *c)
{
	while (c && c->bytes > IXL_CACHE_BYTES) {
		centry **victim = NULL;
		for (centry **pe = &c->head; *pe; pe = &(*pe)->next)
			if ((*pe)->used != c->serial && (!victim || (*pe)->used < (*victim)->used))
				victim = pe;
		if (!victim)
			return;
		centry *e = *victim;
		*victim = e->next;
		c->bytes -= e->bytes;
		centry_free(e);
	}
}

ixl_list *ixl_open(ixl_ctx *s, const char *term, size_t tn)
{
	ixl_list *t = calloc(1, sizeof *t);
	if (!t) {
		ixl_fail(s, QUIRE_ENOMEM, "out of memory");
		return NULL;
	}
	t->c = s;
	t->term = term;
	t->tn = tn;
	struct ixl_cache *c = s->cache;
	for (centry *e = c ? c->head : NULL; e; e = e->next) {
		if (e->tn != tn || memcmp(e->term, term, tn) != 0)
			continue;
		t->rows = calloc(e->nrows ? e->nrows : 1, sizeof *t->rows);
		if (!t->rows) {
			ixl_fail(s, QUIRE_ENOMEM, "out of memory");
			free(t);
			return NULL;
		}
		for (size_t i = 0; i < e->nrows; i++) {
			t->rows[i].seg = e->rows[i].seg;
			t->rows[i].n = e->rows[i].n;
			t->rows[i].docs = e->rows[i].docs;
			t->rows[i].dlen = e->rows[i].dlen;
			t->rows[i].row = e->rows[i].row;
			t->rows[i].pchunk = UINT32_MAX;
			t->rows[i].owner = &e->rows[i];
		}
		t->nrows = e->nrows;
		t->df = e->df;
		t->borrowed = 1;
		t->ce = e;
		e->used = c->serial;
		t->cur = t->nrows ? 0 : IXL_END;
		return t;
	}
	if (s->io->post_rows(s->io->ctx, term, tn, rows_cb, t))
		ixl_fail(s, QUIRE_ESTORE, "reading a term's rows");
	if (s->st != QUIRE_OK) {
		ixl_free(t);
		return NULL;
	}
	t->cur = t->nrows ? 0 : IXL_END;
	/* a large term goes to the cache, which owns its rows from now */
	size_t bytes = 0;
	for (size_t i = 0; i < t->nrows; i++)
		bytes += t->rows[i].dlen + t->rows[i].row.nblocks * sizeof(ixc_blk);
	if (c && bytes >= IXL_CACHE_MIN) {
		centry *e = calloc(1, sizeof *e);
		char *tc = malloc(tn + 1);
		ixl_row *rc = malloc(t->nrows * sizeof *rc);
		if (e && tc && rc) {
			memcpy(tc, term, tn);
			tc[tn] = '\0';
			for (size_t i = 0; i < t->nrows; i++) {
				memset(&rc[i], 0, sizeof rc[i]);
				rc[i].seg = t->rows[i].seg;
				rc[i].n = t->rows[i].n;
				rc[i].docs = t->rows[i].docs;
				rc[i].dlen = t->rows[i].dlen;
				rc[i].row = t->rows[i].row;
			}
			e->term = tc;
			e->tn = tn;
			e->rows = rc;
			e->nrows = t->nrows;
			e->df = t->df;
			e->bytes = bytes;
			e->used = c->serial;
			e->next = c->head;
			c->head = e;
			c->bytes += bytes;
			t->borrowed = 1;
			t->ce = e;
			for (size_t i = 0; i < t->nrows; i++)
				t->rows[i].owner = &rc[i];
		} else {
			free(e);
			free(tc);
			free(rc);
		}
	}
	return t;
}

void ixl_free(ixl_list *t)
{
	for (size_t i = 0; i < t->nrows; i++) {
		if (!t->borrowed) {
			free(t->rows[i].docs);
			ixc_row_free(&t->rows[i].row);
		}
		free(t->rows[i].pos);
	}
	free(t->rows);
	free(t->pos);
	free(t);
}

void ixl_reset(ixl_list *t)
{
	t->r = 0;
	t->b = 0;
	t->dec = t->pdec = 0;
	t->i = 0;
	t->cur = t->nrows ? 0 : IXL_END;
}



/* The first docid >= d, or IXL_END (past ixl_next_geq's fast path). */
uint32_t ixl_next_geq_slow(ixl_list *t, uint32_t d)
{
	if (t->cur == IXL_END || !ixl_shallow(t, d))
		return t->cur = IXL_END;
	if (!t->dec) {
		const ixl_row *w = &t->rows[t->r];
		if (ixc_blk_docs(w->docs, ixl_blk(t), t->doc, t->mask, t->tf, t->psum)) {
			quire_error_set(t->c->err, t->c->st = QUIRE_ESTORE,
					"index: a block of \"%.*s\" is corrupt", (int)t->tn, t->term);
			t->r = t->nrows;
			return t->cur = IXL_END;
		}
		t->dec = 1;
		t->i = 0;
		/* the documents' records will be read in turn (lengths, the
		 * caller's attributes): ask for them now, while the block is
		 * walked */
		ix_reader_prefetch(t->c->r, t->doc, ixl_blk(t)->count);
	}
	uint32_t c = ixl_blk(t)->count;
	while (t->i < c && t->doc[t->i] < d)
		t->i++;
	if (t->i >= c) /* cannot happen with a sound block (last >= d) */
		return t->cur = IXL_END;
	return t->cur = t->doc[t->i];
}

typedef struct pos_load {
	ixl_row *w;
	int got, mem;
	int keep;      /* into a buffer of its own (kept), for the cache */
	uint8_t *kept;
} pos_load;

static int pos_cb(void *u, uint32_t blk, const void *data, size_t len)
{
	pos_load *l = u;
	ixl_row *w = l->w;
	(void)blk;
	uint8_t *to;
	if (l->keep) {
		free(l->kept);
		l->kept = to = malloc(len ? len : 1);
		if (!to) {
			l->mem = 1;
			return 1;
		}
	} else {
		if (len > w->pcap) {
			uint8_t *np = realloc(w->pos, len);
			if (!np) {
				l->mem = 1;
				return 1;
			}
			w->pos = np;
			w->pcap = len;
		}
		to = w->pos;
	}
	if (len)
		memcpy(to, data, len);
	w->pdata = to;
	w->plen = len;
	l->got = 1;
	return 0;
}

/* The chunk beginning at block first of row w into w->pdata: the cache's
 * copy when it has one, else read from storage (and kept by the cache
 * when the row is one of its rows').  0, or -1 (failure recorded). */
static int pos_chunk(ixl_list *t, ixl_row *w, uint32_t first)
{
	size_t off, len;
	uint32_t end;
	ixc_chunk(&w->row, first, &off, &len, &end);
	w->pchunk = UINT32_MAX;
	ixl_row *o = w->owner;
	struct ixl_cache *c = t->c->cache;
	if (o && o->chunks && o->chunks[first]) {
		w->pdata = o->chunks[first];
		w->plen = len;
	} else {
		if (o && !o->chunks && t->ce && c) {
			size_t arr = (o->row.nblocks ? o->row.nblocks : 1) * sizeof *o->chunks;
			o->chunks = calloc(1, arr);
			if (o->chunks) {
				t->ce->bytes += arr;
				c->bytes += arr;
			}
		}
		pos_load l = {w, 0, 0, o && o->chunks && t->ce && c, NULL};
		int rc = t->c->io->pos_get(t->c->io->ctx, t->term, t->tn, w->seg, first, pos_cb, &l);
		const char *bad = rc ? "reading positions"
			: !l.mem && (!l.got || w->plen != len)
				? "positions of a row are missing or corrupt"
				: NULL;
		if (bad || l.mem) {
			free(l.kept);
			ixl_fail(t->c, bad ? QUIRE_ESTORE : QUIRE_ENOMEM, bad ? bad : "out of memory");
			return -1;
		}
		if (l.keep && o && o->chunks && t->ce && c) {
			o->chunks[first] = l.kept;
			t->ce->bytes += len;
			c->bytes += len;
		}
	}
	w->pchunk = first;
	w->pbase = off;
	return 0;
}

/* The positions of the current posting in field f, as a view: 0, or -1
 * (failure recorded) . */
int ixl_view(ixl_list *t, int f, ixl_pview *v)
{
	memset(v, 0, sizeof *v);
	if (!t->dec || t->cur == IXL_END || !(t->mask[t->i] & (1u << f)))
		return 0;
	ixl_row *w = &t->rows[t->r];
	const ixc_blk *bk = ixl_blk(t);
	if (w->pchunk != bk->chunk && pos_chunk(t, w, bk->chunk))
		return -1;
	if (!t->pdec) {
		/* psum: made by the block's decoding */
		uint32_t sum = t->psum[bk->count];
		if (bk->poff < w->pbase || bk->poff - w->pbase > w->plen ||
		    bk->plen > w->plen - (bk->poff - w->pbase) || (size_t)sum * bk->pw != bk->plen) {
			ixl_fail(t->c, QUIRE_ESTORE, "positions of a block are corrupt");
			return -1;
		}
		t->pp = w->pdata + (bk->poff - w->pbase);
		t->pdec = 1;
	}
	uint32_t k = t->psum[t->i];
	for (int g = 0; g < f; g++)
		k += t->tf[t->i][g];
	v->raw = t->pp + (size_t)k * bk->pw;
	v->pw = bk->pw;
	v->n = t->tf[t->i][f];
	return 0;
}

/* The positions of the current posting in field f, decoded: *n of them
 * (valid until the next call on t). */
const uint32_t *ixl_pos(ixl_list *t, int f, uint32_t *n)
{
	ixl_pview v;
	*n = 0;
	if (ixl_view(t, f, &v) || v.n == 0)
		return NULL;
	if (v.n > t->pcap) {
		size_t nc = (size_t)v.n + v.n / 2 + 16;
		uint32_t *np = realloc(t->pos, nc * sizeof *np);
		if (!np) {
			ixl_fail(t->c, QUIRE_ENOMEM, "out of memory");
			return NULL;
		}
		t->pos = np;
		t->pcap = nc;
	}
	for (uint32_t k = 0; k < v.n; k++)
		t->pos[k] = ixl_at(&v, k);
	*n = v.n;
	return t->pos;
}

