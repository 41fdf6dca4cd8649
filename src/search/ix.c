/*
 * ix.c — quire's own inverted index: the writer (per-transaction buffer,
 * per-term rows and the merge policy), the reader's document table, the
 * vocabulary, and the check (see ix.h; the query side is ixquery.c, the
 * postings format ixcodec.c).
 *
 * Decisions:
 *   - The writer interns terms in a hash table of its own and, per
 *     document, groups (term, token) pairs by term with a counting sort,
 *     so each term's buffer gets the document's posting in one append:
 *     no per-token allocation, O(t) per document of t tokens.  A document indexes at most
 *     IX_DOC_TOKENS tokens (later words still count in the field length
 *     but are not searchable), so one huge text cannot take unbounded
 *     memory.  A term's buffered postings are a chain of chunks (16
 *     bytes, doubling to 4 KB) carved from one array, each posting
 *     encoded once into a scratch and copied in: a heap buffer per term
 *     (256 bytes at least, with a generic append per varint) cost a
 *     quarter of the adds' time and most of their memory, pairs making
 *     most terms rare.  A document is added in passes: its words
 *     tokenized into a scratch, then their terms looked up, then the
 *     pairs they make, each pass fetching the caches' slots IX_AHEAD
 *     tokens ahead (the lookups were cache misses one after another).
 *   - A bulk load (a rebuild: ix_writer_bulk_begin) writes each flush as
 *     a run, in term order, to a temporary file, and at the end merges
 *     the runs term by term into one row a term (a heap of run cursors;
 *     no look at a term's rows when the index was empty): per term and
 *     flush, ordinary flushes ran a SELECT of its rows, an INSERT of the
 *     row and of its positions, and a merge about every other flush
 *     (reads, a rewrite, DELETEs); SQLite was most of a rebuild's
 *     flushing.  The field lengths of the load's documents stay in
 *     memory (24 bytes each) for the block bounds of the end's rows.
 *   - Docids come from the meta counter "next_doc", rows' segs from
 *     "seg"; "gen" is bumped by every flush, "rmgen" by every flush that
 *     removed a document or changed a blob (a reader then reads those
 *     documents' records again, from the change log: "chn" changes ever,
 *     the docid of change i in "ch:<i mod IX_CHLOG>", "chflush" the
 *     flushes that logged; it reloads its whole table only when more
 *     than IX_CHLOG changes came since, or a flush did not log (a writer
 *     older than the log), or replaced blobs fill half its pool; after
 *     adds only it reads the new records), "removed" counts removals ever (0: no merge needs the live set).  Only a
 *     merge of IX_DROP_MIN postings or more drops removed documents'
 *     postings (reading the live set, tens of ms at 100,000 documents,
 *     is paid once per writer and only where the merge costs as much):
 *     a single add after a removal merges its small rows without it.
 *   - The merge policy is a binary counter over a term's rows: the new
 *     row absorbs its older neighbour while that one is no larger than
 *     what has been merged so far.  Each posting is rewritten about
 *     log2(N / batch) times in all and a term keeps about that many rows
 *     (at most IX_ROWS_MAX).  (A ratio of 4 with the merged size
 *     accumulating, tried first, rewrote a common word's whole row every
 *     second flush of a bulk load.)
 *   - Merges keep block bounds valid without reading document records:
 *     each posting carries a lower bound of its field lengths (exact for
 *     new documents, its old block's min length after a merge).
 *   - A document record: varint rowid, varint length per field, varint
 *     distinct terms (for ix_check), then the caller blob.
 */
#include "ix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include "buf.h"
#include "ixcodec.h"

#define IX_DOC_TOKENS (1u << 22)
#define IX_BUDGET_DEFAULT ((size_t)64 << 20)
/* A term's buffered postings: a chain of chunks of 16, 32, … bytes up to
 * 4 KB, carved from one array (a rare term costs 16 bytes, not a
 * heap buffer of its own; a document's new chunks lie side by side) */
#define IX_CHUNK_ALIGN 8
#define IX_CHUNK_FIRST 16
#define IX_CHUNK_SHIFTS 8 /* IX_CHUNK_FIRST << 8: the largest, 4 KB */
/* Caches in front of the term table (2 and 4 MB): recent words by their
 * bytes (a hit reads no table slot, term record or pool bytes), and
 * pairs by their two words' terms (a hit builds and hashes no pair):
 * adding 8,000 papers, 3.4 -> 2.9 s CPU (best of four runs each). */
#define IX_WC_SLOTS 65536
#define IX_WC_BYTES 22
#define IX_PC_SLOTS 262144
/* The change log: the docids removed or edited by the last IX_CHLOG
 * changes, in meta "ch:<i mod IX_CHLOG>" */
#define IX_CHLOG IX_CHANGES_MAX

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

static quire_status ix_io_fail(const ix_io *io, quire_error *err, const char *what)
{
	const char *m = io->errmsg ? io->errmsg(io->ctx) : NULL;
	return quire_error_set(err, QUIRE_ESTORE, "index: %s: %s", what,
			       m && *m ? m : "storage failed");
}

/* A document record into b. */
static void ix_rec_make(buf_t *b, int64_t rowid, const uint32_t *len,
			uint32_t nterms, const void *blob, size_t blob_len)
{
	ixc_buf_put(b, (uint64_t)rowid);
	for (int f = 0; f < IX_NFIELDS; f++)
		ixc_buf_put(b, len[f]);
	ixc_buf_put(b, nterms);
	if (blob_len)
		buf_append(b, blob, blob_len);
}

/* Parses a record; 0, or -1 when corrupt. */
static int ix_rec_parse(const void *rec, size_t len, int64_t *rowid,
			uint32_t *flen, uint32_t *nterms, const void **blob,
			size_t *blob_len)
{
	const uint8_t *p = rec, *end = p + len;
	uint64_t v;
	if (!ixc_get(&p, end, &v))
		return -1;
	*rowid = (int64_t)v;
	for (int f = 0; f < IX_NFIELDS; f++) {
		if (!ixc_get(&p, end, &v) || v > UINT32_MAX)
			return -1;
		flen[f] = (uint32_t)v;
	}
	if (!ixc_get(&p, end, &v) || v > UINT32_MAX)
		return -1;
	*nterms = (uint32_t)v;
	*blob = p;
	*blob_len = (size_t)(end - p);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The writer                                                          */
/* ------------------------------------------------------------------ */

typedef struct wterm {
	size_t off;      /* term bytes in the pool */
	uint32_t len;
	uint32_t hash;
	uint32_t n;      /* postings buffered */
	uint32_t bytes;  /* bytes of them: varint doc, mask, tfs, positions */
	uint32_t head, tail; /* first and last chunk of them in w->chunks
				(in IX_CHUNK_ALIGN units; 0: none yet) */
	uint32_t last;   /* docid of the last posting (its doc-local mark) */
	uint32_t cnt, start; /* the document's tokens of the term (grouping) */
	uint16_t room;   /* bytes free in the tail chunk */
	uint8_t nchunks; /* chunks so far (their size doubles up to 4 KB) */
	uint8_t common;  /* ixtok_common: the term makes pairs */
} wterm;

/* A slot is valid while its gen is the writer's cgen (a flush moves
 * cgen, not the megabytes of slots). */
typedef struct ix_wslot {
	uint32_t tid, gen;
	uint8_t len, common;
	char b[IX_WC_BYTES];
} ix_wslot;

typedef struct ix_pslot {
	uint32_t a, b;  /* the two words' term indexes */
	uint32_t pid, gen;
} ix_pslot;

/* A word of the document being added, and a pair to look up. */
typedef struct ix_raw {
	uint32_t off, hash, pos, tid;
	uint16_t len;
	uint8_t field, common;
} ix_raw;

typedef struct ix_cand {
	uint32_t a, b, raw; /* the words' terms; the second word's ix_raw */
} ix_cand;

/* Slots looked up this many tokens ahead are fetched before they are
 * needed (the caches and the table are megabytes: each look a miss). */
#define IX_AHEAD 8

struct ix_writer {
	const ix_io *io;
	size_t budget;
	ixtok *tok;
	/* the buffer */
	wterm *terms;
	size_t nterms, capterms;
	uint64_t *table; /* open addressing: hash << 32 | (term index + 1), 0
			    empty (the hash first: a probe that is not the
			    term costs no look at the term) */
	size_t tcap;
	buf_t pool;
	/* the postings of every term, in chains of chunks: each chunk a
	 * 4-byte link to the next (in IX_CHUNK_ALIGN units), then bytes */
	uint8_t *chunks;
	size_t nchunk, capchunk; /* bytes used (from IX_CHUNK_ALIGN: 0 is no
				    chunk), allocated */
	uint8_t *enc;            /* one posting being encoded */
	size_t capenc;
	buf_t gather;            /* one term's postings, contiguous, at flush */
	ix_wslot *wc;            /* IX_WC_SLOTS, IX_PC_SLOTS (tids of this buffer) */
	ix_pslot *pc;
	uint32_t cgen;
	size_t bytes;
	uint32_t first_doc;      /* docid of lens[0] */
	uint32_t (*lens)[IX_NFIELDS];
	size_t ndocs, capdocs;
	/* per-document scratch: key = term << 32 | token number; the keys
	 * grouped by term (sorted), the terms in the order first seen */
	uint64_t *keys, *sorted;
	uint32_t *tpos, *touched;
	uint8_t *tfield;
	size_t ntok, captok;
	/* the document's words as tokenized (their bytes in rawb), then the
	 * pairs they make, looked up a pass each so the caches' slots can be
	 * fetched ahead */
	struct ix_raw *raw;
	size_t nraw, capraw;
	buf_t rawb;
	struct ix_cand *cand;
	size_t ncand, capcand;
	/* the transaction */
	int started, dirty, rm_dirty;
	/* a bulk load (ix_writer_bulk_begin): flushes write runs to a
	 * temporary file, run i at bytes [runs[i], runs[i + 1]) */
	int bulk, bulk_empty;
	FILE *run;
	uint64_t *runs;
	size_t nruns, capruns;
	/* the change log: changes logged ever, flushes that logged; this
	 * transaction's changes (the first IX_CHLOG of them kept) */
	int64_t chn, chflush;
	uint32_t ch[IX_CHLOG];
	size_t nch;
	int64_t next_doc, next_seg, gen, rmgen, removed;
	/* live docids (for merges), valid while alive_gen is the index's */
	uint8_t *alive;
	size_t alive_cap;
	int alive_ok;
	int64_t alive_gen;
	/* flush scratch */
	ixc_post *posts;
	size_t nposts, capposts;
	uint32_t *pos;
	size_t npos, cappos;
	buf_t docs, posb;
	buf_t mdocs, mpos; /* a row being merged */
};

ix_writer *ix_writer_new(const ix_io *io, size_t budget)
{
	ix_writer *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->io = io;
	w->budget = budget ? budget : IX_BUDGET_DEFAULT;
	w->nchunk = IX_CHUNK_ALIGN;
	w->cgen = 1;
	w->tok = ixtok_new();
	w->wc = calloc(IX_WC_SLOTS, sizeof *w->wc);
	w->pc = calloc(IX_PC_SLOTS, sizeof *w->pc);
	if (!w->tok || !w->wc || !w->pc) {
		ixtok_free(w->tok);
		free(w->wc);
		free(w->pc);
		free(w);
		return NULL;
	}
	buf_init(&w->pool);
	buf_init(&w->gather);
	buf_init(&w->rawb);
	buf_init(&w->docs);
	buf_init(&w->posb);
	buf_init(&w->mdocs);
	buf_init(&w->mpos);
	return w;
}

static void ix_writer_clear(ix_writer *w)
{
	if (w->nterms && ++w->cgen == 0) {
		memset(w->wc, 0, IX_WC_SLOTS * sizeof *w->wc);
		memset(w->pc, 0, IX_PC_SLOTS * sizeof *w->pc);
		w->cgen = 1;
	}
	w->nterms = 0;
	w->nchunk = IX_CHUNK_ALIGN;
	if (w->table)
		memset(w->table, 0, w->tcap * sizeof *w->table);
	buf_reset(&w->pool);
	w->bytes = 0;
	/* a bulk load keeps its documents' lengths for the end's merge */
	if (!w->bulk) {
		w->ndocs = 0;
		w->first_doc = 0;
	}
}

/* Ends a bulk load's runs (the temporary file goes). */
static void ix_bulk_stop(ix_writer *w)
{
	if (w->run)
		fclose(w->run);
	w->run = NULL;
	w->nruns = 0;
	w->bulk = 0;
}

void ix_writer_free(ix_writer *w)
{
	if (!w)
		return;
	ix_bulk_stop(w);
	ix_writer_clear(w);
	free(w->runs);
	free(w->wc);
	free(w->pc);
	free(w->terms);
	free(w->table);
	buf_free(&w->pool);
	free(w->chunks);
	free(w->enc);
	buf_free(&w->gather);
	free(w->lens);
	free(w->keys);
	free(w->sorted);
	free(w->tpos);
	free(w->touched);
	free(w->tfield);
	free(w->raw);
	free(w->cand);
	buf_free(&w->rawb);
	free(w->alive);
	free(w->posts);
	free(w->pos);
	buf_free(&w->docs);
	buf_free(&w->posb);
	buf_free(&w->mdocs);
	buf_free(&w->mpos);
	ixtok_free(w->tok);
	free(w);
}

size_t ix_writer_buffered(const ix_writer *w)
{
	return w->bytes;
}

void ix_writer_discard(ix_writer *w)
{
	ix_bulk_stop(w);
	ix_writer_clear(w);
	w->started = 0;
	w->dirty = w->rm_dirty = 0;
	w->nch = 0;
	w->alive_ok = 0;
}

static int ix_meta(const ix_io *io, const char *k, int64_t *v, int64_t dflt)
{
	int rc = io->meta_get(io->ctx, k, v);
	if (rc < 0)
		return -1;
	if (rc == 1 || *v <= 0)
		*v = dflt;
	return 0;
}

/* The index's format against this code's: QUIRE_OK, or QUIRE_ESTORE
 * asking for a reindex.  An index without the key (empty, or written
 * before the key existed) passes and gets it at the next flush; the
 * layouts before format 3 then fail as corrupt rows, never misread. */
static quire_status ix_format_check(const ix_io *io, int64_t gen, quire_error *err)
{
	int64_t fmt;
	(void)gen;
	if (ix_meta(io, "format", &fmt, 0))
		return ix_io_fail(io, err, "reading the meta");
	if (fmt == IX_FORMAT || fmt == 0)
		return QUIRE_OK;
	return quire_error_set(err, QUIRE_ESTORE,
			       "index: format %lld, this quire reads format %d: reindex the library",
			       (long long)fmt, IX_FORMAT);
}

static quire_status ix_writer_start(ix_writer *w, quire_error *err)
{
	if (w->started)
		return QUIRE_OK;
	int64_t gen;
	if (ix_meta(w->io, "next_doc", &w->next_doc, 1) ||
	    ix_meta(w->io, "seg", &w->next_seg, 1) || ix_meta(w->io, "gen", &gen, 0) ||
	    ix_meta(w->io, "rmgen", &w->rmgen, 0) ||
	    ix_meta(w->io, "removed", &w->removed, 0) || ix_meta(w->io, "chn", &w->chn, 0) ||
	    ix_meta(w->io, "chflush", &w->chflush, 0))
		return ix_io_fail(w->io, err, "reading the meta");
	quire_status fs = ix_format_check(w->io, gen, err);
	if (fs != QUIRE_OK)
		return fs;
	if (gen != w->gen || gen != w->alive_gen)
		w->alive_ok = 0;
	w->gen = gen;
	w->started = 1;
	return QUIRE_OK;
}

/* The array p of *cap elements of elem bytes with room for need of them,
 * grown by doubling (from first at the least): p itself or its
 * reallocation, with *cap updated; NULL out of memory (p is then still
 * valid and *cap unchanged). */
static void *ix_grow(void *p, size_t *cap, size_t need, size_t elem, size_t first)
{
	if (need <= *cap)
		return p;
	size_t nc = *cap ? *cap * 2 : first;
	while (nc < need)
		nc *= 2;
	void *np = realloc(p, nc * elem);
	if (np)
		*cap = nc;
	return np;
}

static long ix_intern(ix_writer *w, const char *s, size_t n, uint32_t h)
{
	if (w->nterms * 2 + 2 > w->tcap) {
		size_t nc = w->tcap ? w->tcap * 2 : 4096;
		uint64_t *nt = calloc(nc, sizeof *nt);
		if (!nt)
			return -1;
		for (size_t i = 0; i < w->nterms; i++) {
			size_t j = w->terms[i].hash & (nc - 1);
			while (nt[j])
				j = (j + 1) & (nc - 1);
			nt[j] = (uint64_t)w->terms[i].hash << 32 | (uint32_t)(i + 1);
		}
		free(w->table);
		w->table = nt;
		w->tcap = nc;
	}
	size_t j = h & (w->tcap - 1);
	while (w->table[j]) {
		if ((uint32_t)(w->table[j] >> 32) == h) {
			uint32_t i = (uint32_t)w->table[j] - 1;
			const wterm *t = &w->terms[i];
			if (t->len == n && memcmp(w->pool.p + t->off, s, n) == 0)
				return (long)i;
		}
		j = (j + 1) & (w->tcap - 1);
	}
	void *grown = ix_grow(w->terms, &w->capterms, w->nterms + 1, sizeof *w->terms, 4096);
	if (!grown)
		return -1;
	w->terms = grown;
	wterm *t = &w->terms[w->nterms];
	memset(t, 0, sizeof *t);
	t->off = w->pool.len;
	t->len = (uint32_t)n;
	t->hash = h;
	t->common = (uint8_t)ixtok_common(s, n);
	buf_append(&w->pool, s, n);
	if (buf_failed(&w->pool))
		return -1;
	w->table[j] = (uint64_t)h << 32 | (uint32_t)(w->nterms + 1);
	w->bytes += n + sizeof *t + 8;
	return (long)w->nterms++;
}

/* ix_intern through the cache of recent words; *common gets whether the
 * term makes pairs. */
static ix_wslot *ix_wslot_of(ix_writer *w, uint32_t h)
{
	return &w->wc[(h ^ (h >> 15)) & (IX_WC_SLOTS - 1)];
}

static ix_pslot *ix_pslot_of(ix_writer *w, uint32_t a, uint32_t b)
{
	uint32_t k = a * 0x9E3779B1u ^ b * 0x85EBCA77u;
	return &w->pc[(k ^ (k >> 17)) & (IX_PC_SLOTS - 1)];
}

static long ix_intern_word(ix_writer *w, const char *s, size_t n, uint32_t h, int *common)
{
	ix_wslot *c = ix_wslot_of(w, h);
	if (c->gen == w->cgen && c->len == n && memcmp(c->b, s, n) == 0) {
		*common = c->common;
		return (long)c->tid;
	}
	long tid = ix_intern(w, s, n, h);
	if (tid < 0)
		return tid;
	*common = w->terms[tid].common;
	if (n <= IX_WC_BYTES) {
		c->tid = (uint32_t)tid;
		c->gen = w->cgen;
		c->len = (uint8_t)n;
		c->common = (uint8_t)*common;
		memcpy(c->b, s, n);
	}
	return tid;
}

/* The pair term of terms a then b (ixtok_pair) through the cache of
 * pairs: its index, -2 when it does not fit, -1 out of memory. */
static long ix_intern_pair(ix_writer *w, uint32_t a, uint32_t b, const char *bs,
			   size_t bn)
{
	ix_pslot *c = ix_pslot_of(w, a, b);
	if (c->gen == w->cgen && c->a == a && c->b == b)
		return (long)c->pid;
	char pair[IXTOK_PAIR_MAX + 1];
	const wterm *ta = &w->terms[a];
	size_t pn = ixtok_pair(w->pool.p + ta->off, ta->len, bs, bn, pair, sizeof pair);
	if (!pn)
		return -2;
	long pid = ix_intern(w, pair, pn, ixtok_hash(pair, pn));
	if (pid >= 0) {
		c->a = a;
		c->b = b;
		c->pid = (uint32_t)pid;
		c->gen = w->cgen;
	}
	return pid;
}

/* The size of a term's chunk k (from 0). */
static size_t ix_chunk_size(unsigned k)
{
	return (size_t)IX_CHUNK_FIRST << (k < IX_CHUNK_SHIFTS ? k : IX_CHUNK_SHIFTS);
}

/* Appends src[0..n) to term t's chain of chunks: 0, or -1 out of
 * memory. */
static int ix_chain_put(ix_writer *w, wterm *t, const uint8_t *src, size_t n)
{
	if (n > UINT32_MAX - t->bytes)
		return -1;
	while (n > 0) {
		if (t->room == 0) {
			size_t size = ix_chunk_size(t->nchunks);
			if (w->nchunk + size > w->capchunk) {
				size_t nc = w->capchunk ? w->capchunk * 2 : (size_t)1 << 20;
				while (nc < w->nchunk + size)
					nc *= 2;
				if (nc / IX_CHUNK_ALIGN > UINT32_MAX)
					return -1;
				uint8_t *np = realloc(w->chunks, nc);
				if (!np)
					return -1;
				w->chunks = np;
				w->capchunk = nc;
			}
			uint32_t c = (uint32_t)(w->nchunk / IX_CHUNK_ALIGN);
			memset(w->chunks + w->nchunk, 0, 4);
			if (t->tail)
				memcpy(w->chunks + (size_t)t->tail * IX_CHUNK_ALIGN, &c, 4);
			else
				t->head = c;
			t->tail = c;
			t->room = (uint16_t)(size - 4);
			if (t->nchunks < 255)
				t->nchunks++;
			w->nchunk += size;
			w->bytes += size;
		}
		size_t k = n < t->room ? n : t->room;
		size_t size = ix_chunk_size((unsigned)t->nchunks - 1);
		uint8_t *dst = w->chunks + (size_t)t->tail * IX_CHUNK_ALIGN;
		memcpy(dst + size - t->room, src, k);
		t->room = (uint16_t)(t->room - k);
		t->bytes += (uint32_t)k;
		src += k;
		n -= k;
	}
	return 0;
}

/* A walk over term t's chain of chunks (ix_chain_start, ix_chain_next). */
typedef struct ix_chain_it {
	uint32_t c;   /* the next chunk, 0 at the end */
	size_t left;  /* bytes of postings still to give */
	unsigned k;   /* the next chunk's place in the chain (its size) */
} ix_chain_it;

static ix_chain_it ix_chain_start(const wterm *t)
{
	ix_chain_it it = {t->head, t->bytes, 0};
	return it;
}

/* The next piece of the chain's postings: its bytes at *p, their count;
 * 0 at the end (it->left is then nonzero when the chain ran out early). */
static size_t ix_chain_next(const ix_writer *w, ix_chain_it *it, const uint8_t **p)
{
	if (!it->c || !it->left)
		return 0;
	size_t size = ix_chunk_size(it->k++);
	const uint8_t *src = w->chunks + (size_t)it->c * IX_CHUNK_ALIGN;
	size_t m = size - 4 < it->left ? size - 4 : it->left;
	*p = src + 4;
	it->left -= m;
	memcpy(&it->c, src, 4);
	return m;
}

/* Term t's buffered postings, contiguous, in w->gather: 0, or -1 out of
 * memory. */
static int ix_chain_gather(ix_writer *w, const wterm *t)
{
	buf_reset(&w->gather);
	if (buf_reserve(&w->gather, t->bytes))
		return -1;
	ix_chain_it it = ix_chain_start(t);
	const uint8_t *p;
	size_t m;
	while ((m = ix_chain_next(w, &it, &p)) != 0) {
		memcpy(w->gather.p + w->gather.len, p, m);
		w->gather.len += m;
	}
	return it.left ? -1 : 0;
}

static void ix_alive_set(ix_writer *w, uint32_t doc, int on)
{
	if (!w->alive_ok)
		return;
	if ((size_t)doc / 8 >= w->alive_cap) {
		size_t nc = (size_t)doc / 8 + 1;
		nc += nc / 2 + 64;
		uint8_t *na = realloc(w->alive, nc);
		if (!na) {
			w->alive_ok = 0;
			return;
		}
		memset(na + w->alive_cap, 0, nc - w->alive_cap);
		w->alive = na;
		w->alive_cap = nc;
	}
	if (on)
		w->alive[doc / 8] |= (uint8_t)(1u << (doc % 8));
	else
		w->alive[doc / 8] &= (uint8_t)~(1u << (doc % 8));
}

/* Appends token (term tid, position pos, field fi) to the document's
 * token arrays: 0, or -1 out of memory. */
static int ix_tok_push(ix_writer *w, uint32_t tid, uint32_t pos, int fi)
{
	if (w->ntok == w->captok) {
		size_t nc = w->captok ? w->captok * 2 : 4096;
		uint64_t *nk = realloc(w->keys, nc * sizeof *nk);
		if (nk)
			w->keys = nk;
		uint32_t *np = realloc(w->tpos, nc * sizeof *np);
		if (np)
			w->tpos = np;
		uint8_t *nf = realloc(w->tfield, nc);
		if (nf)
			w->tfield = nf;
		uint64_t *ns = realloc(w->sorted, nc * sizeof *ns);
		if (ns)
			w->sorted = ns;
		uint32_t *nt = realloc(w->touched, nc * sizeof *nt);
		if (nt)
			w->touched = nt;
		if (!nk || !np || !nf || !ns || !nt)
			return -1;
		w->captok = nc;
	}
	w->keys[w->ntok] = ((uint64_t)tid << 32) | w->ntok;
	w->tpos[w->ntok] = pos;
	w->tfield[w->ntok] = (uint8_t)fi;
	w->ntok++;
	return 0;
}

quire_status ix_writer_add(ix_writer *w, int64_t rowid, const ix_fields *f,
			   const void *blob, size_t blob_len, uint32_t *doc,
			   quire_error *err)
{
	quire_status s = ix_writer_start(w, err);
	if (s != QUIRE_OK)
		return s;
	if (w->next_doc >= (int64_t)UINT32_MAX)
		return quire_error_set(err, QUIRE_ELIMIT, "index: docids exhausted");
	uint32_t d = (uint32_t)w->next_doc;
	if (w->ndocs == 0)
		w->first_doc = d;
	else if (d != w->first_doc + w->ndocs)
		return quire_error_set(err, QUIRE_EUSAGE,
				       "index: another writer added documents during a bulk load");
	if (w->ndocs == w->capdocs) {
		size_t nc = w->capdocs ? w->capdocs * 2 : 256;
		uint32_t(*nl)[IX_NFIELDS] = realloc(w->lens, nc * sizeof *nl);
		if (!nl)
			return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
		w->lens = nl;
		w->capdocs = nc;
	}
	uint32_t *len = w->lens[w->ndocs];
	/* tokens of every field, and the pairs of neighbours of which one is
	 * a common word (ixtok.h): the tokens at the previous position (a
	 * word and its hyphenated whole) each pair with every token at this
	 * one */
	w->ntok = 0;
	w->nraw = 0;
	w->ncand = 0;
	buf_reset(&w->rawb);
	size_t words = 0;
	ixtok_token k;
	/* 1: the words */
	for (int fi = 0; fi < IX_NFIELDS; fi++) {
		len[fi] = 0;
		if (!f || !f->text[fi] || f->len[fi] == 0)
			continue;
		ixtok_begin(w->tok, f->text[fi], f->len[fi], IXTOK_WHOLES, 0);
		while (ixtok_next(w->tok, &k)) {
			if (k.len == 0)
				continue;
			if (words >= IX_DOC_TOKENS)
				continue; /* counted in the length, not indexed */
			words++;
			void *grown = ix_grow(w->raw, &w->capraw, w->nraw + 1, sizeof *w->raw, 4096);
			if (!grown)
				return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
			w->raw = grown;
			if (w->rawb.len > UINT32_MAX - k.len)
				return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
			ix_raw *r = &w->raw[w->nraw++];
			r->off = (uint32_t)w->rawb.len;
			r->len = (uint16_t)k.len;
			r->hash = ixtok_hash(k.term, k.len);
			r->pos = k.pos;
			r->field = (uint8_t)fi;
			buf_append(&w->rawb, k.term, k.len);
		}
		len[fi] = ixtok_pos(w->tok);
	}
	if (buf_failed(&w->rawb))
		return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
	/* 2: their terms */
	for (size_t i = 0; i < w->nraw; i++) {
		if (i + IX_AHEAD < w->nraw) {
			uint32_t h = w->raw[i + IX_AHEAD].hash;
			__builtin_prefetch(ix_wslot_of(w, h));
			if (w->tcap)
				__builtin_prefetch(&w->table[h & (w->tcap - 1)]);
		}
		ix_raw *r = &w->raw[i];
		int common = 0;
		long tid = ix_intern_word(w, w->rawb.p + r->off, r->len, r->hash, &common);
		if (tid < 0 || ix_tok_push(w, (uint32_t)tid, r->pos, r->field))
			return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
		r->tid = (uint32_t)tid;
		r->common = (uint8_t)common;
	}
	/* 3: the pairs of neighbours of which one is a common word (ixtok.h):
	 * the words at the previous position (a word and its hyphenated
	 * whole) each pair with every word at this one */
	long prev[2] = {-1, -1}, cur[2] = {-1, -1};
	uint32_t cur_pos = UINT32_MAX;
	int cur_field = -1;
	for (size_t i = 0; i < w->nraw; i++) {
		const ix_raw *r = &w->raw[i];
		if (r->field != cur_field) {
			cur_field = r->field;
			cur[0] = cur[1] = -1;
			cur_pos = UINT32_MAX;
		}
		if (r->pos != cur_pos) {
			int next = cur_pos != UINT32_MAX && r->pos == cur_pos + 1;
			prev[0] = next ? cur[0] : -1;
			prev[1] = next ? cur[1] : -1;
			cur[0] = cur[1] = -1;
			cur_pos = r->pos;
		}
		for (int j = 0; j < 2; j++) {
			if (prev[j] < 0 || (!w->raw[prev[j]].common && !r->common))
				continue;
			void *grown = ix_grow(w->cand, &w->capcand, w->ncand + 1, sizeof *w->cand, 4096);
			if (!grown)
				return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
			w->cand = grown;
			ix_cand *c = &w->cand[w->ncand++];
			c->a = w->raw[prev[j]].tid;
			c->b = r->tid;
			c->raw = (uint32_t)i;
		}
		cur[cur[0] < 0 ? 0 : 1] = (long)i;
	}
	for (size_t i = 0; i < w->ncand; i++) {
		if (i + IX_AHEAD < w->ncand)
			__builtin_prefetch(ix_pslot_of(w, w->cand[i + IX_AHEAD].a,
						       w->cand[i + IX_AHEAD].b));
		const ix_cand *c = &w->cand[i];
		const ix_raw *r = &w->raw[c->raw];
		long pid = ix_intern_pair(w, c->a, c->b, w->rawb.p + r->off, r->len);
		if (pid == -1 || (pid >= 0 && ix_tok_push(w, (uint32_t)pid, r->pos - 1, r->field)))
			return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
	}
	/* the tokens grouped by term, in token order within each (which is
	 * field order, then position order): a counting sort, linear in the
	 * tokens, where a comparison sort cost a tenth of a build */
	size_t ntouched = 0;
	for (size_t i = 0; i < w->ntok; i++) {
		wterm *t = &w->terms[w->keys[i] >> 32];
		if (t->last != d) {
			t->last = d;
			t->cnt = 0;
			w->touched[ntouched++] = (uint32_t)(w->keys[i] >> 32);
		}
		t->cnt++;
	}
	uint32_t at = 0;
	for (size_t g = 0; g < ntouched; g++) {
		wterm *t = &w->terms[w->touched[g]];
		t->start = at;
		at += t->cnt;
		t->cnt = 0;
	}
	for (size_t i = 0; i < w->ntok; i++) {
		wterm *t = &w->terms[w->keys[i] >> 32];
		w->sorted[t->start + t->cnt++] = w->keys[i];
	}
	uint64_t *swap = w->keys;
	w->keys = w->sorted;
	w->sorted = swap;
	/* one posting per term */
	uint32_t nterms = 0;
	for (size_t i = 0; i < w->ntok;) {
		uint32_t tid = (uint32_t)(w->keys[i] >> 32);
		size_t j = i;
		uint32_t tf[IX_NFIELDS] = {0};
		uint8_t mask = 0;
		while (j < w->ntok && (uint32_t)(w->keys[j] >> 32) == tid) {
			uint8_t fi = w->tfield[(uint32_t)w->keys[j]];
			tf[fi]++;
			mask |= (uint8_t)(1u << fi);
			j++;
		}
		wterm *t = &w->terms[tid];
		/* the posting encoded in w->enc (room for the largest: 10 bytes a
		 * varint), then copied to the term's chain */
		size_t need = 11 + IX_NFIELDS * 10 + (j - i) * 10;
		void *grown = ix_grow(w->enc, &w->capenc, need, 1, need * 2);
		if (!grown)
			return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
		w->enc = grown;
		uint8_t *e = w->enc;
		e += ixc_put(e, d);
		*e++ = mask;
		for (int fi = 0; fi < IX_NFIELDS; fi++)
			if (mask & (1u << fi))
				e += ixc_put(e, tf[fi]);
		/* positions: the keys of a term are in token order, which is
		 * field order, then position order */
		uint32_t pp = 0;
		int pf = -1;
		for (size_t m = i; m < j; m++) {
			uint32_t tk = (uint32_t)w->keys[m];
			if (w->tfield[tk] != pf) {
				pf = w->tfield[tk];
				pp = 0;
			}
			e += ixc_put(e, w->tpos[tk] - pp);
			pp = w->tpos[tk];
		}
		if (ix_chain_put(w, t, w->enc, (size_t)(e - w->enc)))
			return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
		t->n++;
		t->last = d;
		nterms++;
		i = j;
	}
	/* the record */
	buf_reset(&w->docs);
	ix_rec_make(&w->docs, rowid, len, nterms, blob, blob_len);
	if (buf_failed(&w->docs))
		return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
	if (w->io->doc_put(w->io->ctx, d, w->docs.p, w->docs.len))
		return ix_io_fail(w->io, err, "writing a document");
	w->ndocs++;
	w->next_doc++;
	w->dirty = 1;
	w->bytes += sizeof *w->lens;
	ix_alive_set(w, d, 1);
	if (doc)
		*doc = d;
	if (w->bytes > w->budget)
		return ix_writer_flush(w, err);
	return QUIRE_OK;
}

/* Logs a removed or edited docid for the readers (ix_reader_refresh). */
static void ix_ch_note(ix_writer *w, uint32_t doc)
{
	if (w->nch < IX_CHLOG)
		w->ch[w->nch] = doc;
	w->nch++;
}

quire_status ix_writer_remove(ix_writer *w, uint32_t doc, quire_error *err)
{
	quire_status s = ix_writer_start(w, err);
	if (s != QUIRE_OK)
		return s;
	if (w->io->doc_del(w->io->ctx, doc))
		return ix_io_fail(w->io, err, "removing a document");
	ix_alive_set(w, doc, 0);
	w->removed++;
	w->dirty = w->rm_dirty = 1;
	ix_ch_note(w, doc);
	return QUIRE_OK;
}

/* doc_scan callback of set_blob: the record of one docid. */
typedef struct ix_find_rec {
	uint32_t doc;
	int found;
	buf_t *out;
	const void *blob;
	size_t blob_len;
} ix_find_rec;

static int ix_set_blob_cb(void *u, uint32_t doc, const void *rec, size_t len)
{
	ix_find_rec *f = u;
	if (doc != f->doc)
		return 1;
	int64_t rowid;
	uint32_t flen[IX_NFIELDS], nterms;
	const void *ob;
	size_t obl;
	if (ix_rec_parse(rec, len, &rowid, flen, &nterms, &ob, &obl))
		return 1;
	f->found = 1;
	ix_rec_make(f->out, rowid, flen, nterms, f->blob, f->blob_len);
	return 1;
}

quire_status ix_writer_set_blob(ix_writer *w, uint32_t doc, const void *blob,
				size_t blob_len, quire_error *err)
{
	quire_status s = ix_writer_start(w, err);
	if (s != QUIRE_OK)
		return s;
	if (doc == 0)
		return quire_error_set(err, QUIRE_ENOTFOUND, "index: no document 0");
	buf_reset(&w->docs);
	ix_find_rec f = {doc, 0, &w->docs, blob, blob_len};
	if (w->io->doc_scan(w->io->ctx, doc - 1, ix_set_blob_cb, &f))
		return ix_io_fail(w->io, err, "reading a document");
	if (!f.found)
		return quire_error_set(err, QUIRE_ENOTFOUND, "index: no document %u",
				       (unsigned)doc);
	if (buf_failed(&w->docs))
		return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
	if (w->io->doc_put(w->io->ctx, doc, w->docs.p, w->docs.len))
		return ix_io_fail(w->io, err, "writing a document");
	w->dirty = w->rm_dirty = 1;
	ix_ch_note(w, doc);
	return QUIRE_OK;
}

/* --- flush ---------------------------------------------------------- */

static int ix_alive_cb(void *u, uint32_t doc, const void *rec, size_t len)
{
	(void)rec;
	(void)len;
	ix_writer *w = u;
	ix_alive_set(w, doc, 1);
	return w->alive_ok ? 0 : 1;
}

/* Loads the live set when merges need it (some document was removed). */
static quire_status ix_alive_load(ix_writer *w, quire_error *err)
{
	if (w->alive_ok || w->removed == 0)
		return QUIRE_OK;
	if (w->alive)
		memset(w->alive, 0, w->alive_cap);
	w->alive_ok = 1;
	if (w->io->doc_scan(w->io->ctx, 0, ix_alive_cb, w)) {
		w->alive_ok = 0;
		return ix_io_fail(w->io, err, "reading the documents");
	}
	if (!w->alive_ok)
		return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
	w->alive_gen = w->gen;
	return QUIRE_OK;
}

static int ix_is_alive(const ix_writer *w, uint32_t doc)
{
	if (!w->alive_ok)
		return 1;
	if ((size_t)doc / 8 >= w->alive_cap)
		return 0;
	return (w->alive[doc / 8] >> (doc % 8)) & 1;
}

static int ix_post_room(ix_writer *w, size_t more_posts, size_t more_pos)
{
	if (w->nposts + more_posts > w->capposts) {
		size_t nc = (w->nposts + more_posts) * 3 / 2 + 256;
		ixc_post *np = realloc(w->posts, nc * sizeof *np);
		if (!np)
			return -1;
		w->posts = np;
		w->capposts = nc;
	}
	if (w->npos + more_pos > w->cappos) {
		size_t nc = (w->npos + more_pos) * 3 / 2 + 1024;
		uint32_t *np = realloc(w->pos, nc * sizeof *np);
		if (!np)
			return -1;
		w->pos = np;
		w->cappos = nc;
	}
	return 0;
}

/* Rows of a term, for the merge policy: seg[i], n[i], count of them
 * (from post_list: at most IX_ROWS_MAX * 4, the newest kept; from a bulk
 * load's scan: every row, grown on the heap). */
typedef struct ix_rowlist {
	int64_t seg0[IX_ROWS_MAX * 4];
	uint32_t n0[IX_ROWS_MAX * 4];
	int64_t *seg;
	uint32_t *n;
	size_t count;
	int overflow;
} ix_rowlist;

static void ix_rowlist_init(ix_rowlist *l)
{
	l->seg = l->seg0;
	l->n = l->n0;
	l->count = 0;
	l->overflow = 0;
}

static int ix_list_cb(void *u, const ix_row *row)
{
	ix_rowlist *l = u;
	if (l->count == sizeof l->seg0 / sizeof *l->seg0) {
		/* a term with too many rows (only from outside writers):
		 * keep the newest */
		memmove(l->seg, l->seg + 1, (l->count - 1) * sizeof *l->seg);
		memmove(l->n, l->n + 1, (l->count - 1) * sizeof *l->n);
		l->count--;
		l->overflow = 1;
	}
	l->seg[l->count] = row->seg;
	l->n[l->count] = row->n;
	l->count++;
	return 0;
}

/* Copies a row's docs (post_get) and concatenates its chunks of
 * positions (pos_scan) into two buffers. */
typedef struct ix_rowbuf {
	buf_t *docs, *pos;
	uint32_t n;
	int got;
} ix_rowbuf;

static int ix_rowbuf_docs(void *u, const ix_row *row)
{
	ix_rowbuf *b = u;
	buf_append(b->docs, row->docs, row->docs_len);
	b->n = row->n;
	b->got = 1;
	return 0;
}

static int ix_rowbuf_pos(void *u, uint32_t blk, const void *data, size_t len)
{
	(void)blk;
	ix_rowbuf *b = u;
	buf_append(b->pos, data, len);
	return 0;
}

/* Reads row (term, seg) whole into w->mdocs / w->mpos: 0, -1 io, -2
 * memory, -3 missing or corrupt; *r gets the directory. */
static int ix_row_read(const ix_io *io, const char *term, size_t tn, int64_t seg,
		       buf_t *docs, buf_t *pos, ixc_row *r)
{
	buf_reset(docs);
	buf_reset(pos);
	ix_rowbuf rb = {docs, pos, 0, 0};
	if (io->post_get(io->ctx, term, tn, seg, ix_rowbuf_docs, &rb) ||
	    io->pos_scan(io->ctx, term, tn, seg, ix_rowbuf_pos, &rb))
		return -1;
	if (buf_failed(docs) || buf_failed(pos))
		return -2;
	if (!rb.got)
		return -3;
	int rc = ixc_row_open(r, (const uint8_t *)docs->p, docs->len);
	if (rc)
		return rc == -2 ? -2 : -3;
	if (r->pos_len != pos->len || r->n != rb.n) {
		ixc_row_free(r);
		return -3;
	}
	return 0;
}

/* Appends the live postings of an old row to w->posts: 0, -1 corrupt, -2
 * memory. */
static int ix_merge_row(ix_writer *w, const ixc_row *r, const uint8_t *docs,
			const uint8_t *pos, size_t pos_len)
{
	uint32_t doc[IX_BLOCK], tf[IX_BLOCK][IX_NFIELDS], start[IX_BLOCK + 1];
	uint8_t mask[IX_BLOCK];
	uint32_t *bpos = NULL;
	size_t bcap = 0;
	int failed = 0, rc = 0;
	for (uint32_t b = 0; b < r->nblocks && !failed; b++) {
		const ixc_blk *bk = &r->blk[b];
		if (ixc_blk_docs(docs, bk, doc, mask, tf, NULL) ||
		    (rc = ixc_blk_pos(pos, 0, pos_len, bk, mask, tf, &bpos, &bcap, start))) {
			failed = rc == -2 ? -2 : -1;
			break;
		}
		for (uint32_t i = 0; i < bk->count; i++) {
			if (!ix_is_alive(w, doc[i]))
				continue;
			uint32_t np = start[i + 1] - start[i];
			if (ix_post_room(w, 1, np)) {
				failed = -2;
				break;
			}
			ixc_post *p = &w->posts[w->nposts++];
			p->doc = doc[i];
			p->mask = mask[i];
			memcpy(p->tf, tf[i], sizeof p->tf);
			for (int f = 0; f < IX_NFIELDS; f++)
				p->lenlb[f] = bk->minlen[f];
			/* pos pointers are fixed once all postings are in */
			p->pos = (const uint32_t *)(uintptr_t)w->npos;
			memcpy(w->pos + w->npos, bpos + start[i], np * sizeof *bpos);
			w->npos += np;
		}
	}
	free(bpos);
	return failed;
}

/* Decodes buffered postings (the writer's format) src[0..len) into
 * w->posts. */
static int ix_buffered_posts(ix_writer *w, const uint8_t *src, size_t len)
{
	const uint8_t *p = src, *end = p + len;
	uint64_t v;
	while (p < end) {
		if (ix_post_room(w, 1, 0))
			return -2;
		ixc_post *q = &w->posts[w->nposts];
		if (!ixc_get(&p, end, &v) || p >= end)
			return -1;
		q->doc = (uint32_t)v;
		q->mask = *p++;
		size_t np = 0;
		for (int f = 0; f < IX_NFIELDS; f++) {
			q->tf[f] = 0;
			q->lenlb[f] = 0;
			if (q->mask & (1u << f)) {
				if (!ixc_get(&p, end, &v))
					return -1;
				q->tf[f] = (uint32_t)v;
				np += q->tf[f];
				size_t di = q->doc - w->first_doc;
				q->lenlb[f] = di < w->ndocs ? w->lens[di][f] : 1;
			}
		}
		if (ix_post_room(w, 0, np))
			return -2;
		q = &w->posts[w->nposts];
		q->pos = (const uint32_t *)(uintptr_t)w->npos;
		for (int f = 0; f < IX_NFIELDS; f++) {
			uint32_t pp = 0;
			for (uint32_t k = 0; k < q->tf[f]; k++) {
				if (!ixc_get(&p, end, &v))
					return -1;
				pp += (uint32_t)v;
				w->pos[w->npos++] = pp;
			}
		}
		w->nposts++;
	}
	return 0;
}

static int ix_term_cmp_ctx_sort(const void *a, const void *b, void *ctx)
{
	const ix_writer *w = ctx;
	const wterm *x = &w->terms[*(const uint32_t *)a];
	const wterm *y = &w->terms[*(const uint32_t *)b];
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(w->pool.p + x->off, w->pool.p + y->off, n);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* Writes one row of term[0..tn) from rows j..count-1 of l (read, merged
 * and deleted) and the buffered postings src[0..len) (newer). */
static quire_status ix_term_write(ix_writer *w, const char *term, size_t tn,
				  const ix_rowlist *l, size_t j, uint64_t cur,
				  const uint8_t *src, size_t srclen, quire_error *err)
{
	w->nposts = 0;
	w->npos = 0;
	if (j < l->count) {
		/* a small merge keeps dead postings (a later, larger one drops
		 * them): a writer reads the live set only for a merge that
		 * costs as much anyway */
		quire_status s = cur >= IX_DROP_MIN ? ix_alive_load(w, err) : QUIRE_OK;
		if (s != QUIRE_OK)
			return s;
		for (size_t r = j; r < l->count; r++) {
			ixc_row row;
			int rc = ix_row_read(w->io, term, tn, l->seg[r], &w->mdocs, &w->mpos,
					     &row);
			if (rc == 0) {
				rc = ix_merge_row(w, &row, (const uint8_t *)w->mdocs.p,
						  (const uint8_t *)w->mpos.p, w->mpos.len);
				ixc_row_free(&row);
				if (rc == -1)
					rc = -3;
			}
			if (rc == -1)
				return ix_io_fail(w->io, err, "reading a row to merge");
			if (rc == -2)
				return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
			if (rc)
				return quire_error_set(err, QUIRE_ESTORE,
						       "index: a row of \"%.*s\" is corrupt",
						       (int)tn, term);
		}
	}
	int rc = ix_buffered_posts(w, src, srclen);
	if (rc)
		return rc == -2 ? quire_error_set(err, QUIRE_ENOMEM, "index: out of memory")
				: quire_error_set(err, QUIRE_ESTORE, "index: buffer corrupt");
	for (size_t i = 0; i < w->nposts; i++)
		w->posts[i].pos = w->pos + (uintptr_t)w->posts[i].pos;
	buf_reset(&w->docs);
	buf_reset(&w->posb);
	if (w->nposts > 0) {
		if (ixc_encode(w->posts, w->nposts, &w->docs, &w->posb))
			return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
		int64_t seg = w->next_seg++;
		ix_row row = {seg, (uint32_t)w->nposts, w->docs.p, w->docs.len};
		if (w->io->post_put(w->io->ctx, term, tn, &row))
			return ix_io_fail(w->io, err, "writing a row");
		/* the positions, chunk by chunk */
		ixc_row dir;
		int rc2 = ixc_row_open(&dir, (const uint8_t *)w->docs.p, w->docs.len);
		if (rc2)
			return quire_error_set(err, rc2 == -2 ? QUIRE_ENOMEM : QUIRE_ESTORE,
					       "index: a new row does not decode");
		for (uint32_t b = 0; b < dir.nblocks;) {
			size_t off, len;
			uint32_t end;
			ixc_chunk(&dir, b, &off, &len, &end);
			if (w->io->pos_put(w->io->ctx, term, tn, seg, b, w->posb.p + off, len)) {
				ixc_row_free(&dir);
				return ix_io_fail(w->io, err, "writing positions");
			}
			b = end;
		}
		ixc_row_free(&dir);
	}
	for (size_t r = j; r < l->count; r++)
		if (w->io->post_del(w->io->ctx, term, tn, l->seg[r]))
			return ix_io_fail(w->io, err, "deleting a merged row");
	return QUIRE_OK;
}

/* How many of l's newest rows merge with cur new postings (the binary
 * counter of ix.h), rows j..count-1 merging already: the first of them. */
static size_t ix_merge_from(const ix_rowlist *l, size_t j, uint64_t *cur)
{
	while (j > 0 && ((uint64_t)l->n[j - 1] <= *cur || j > IX_ROWS_MAX - 1)) {
		*cur += l->n[j - 1];
		j--;
	}
	return j;
}

static quire_status ix_flush_term(ix_writer *w, const wterm *t, quire_error *err)
{
	const char *term = w->pool.p + t->off;
	ix_rowlist l;
	ix_rowlist_init(&l);
	if (w->io->post_list(w->io->ctx, term, t->len, ix_list_cb, &l))
		return ix_io_fail(w->io, err, "listing a term's rows");
	uint64_t cur = t->n;
	size_t j = ix_merge_from(&l, l.count, &cur);
	if (ix_chain_gather(w, t))
		return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
	return ix_term_write(w, term, t->len, &l, j, cur, (const uint8_t *)w->gather.p,
			     w->gather.len, err);
}
/* --- bulk loads ---------------------------------------------------- */

/*
 * A run: per term, in term order: varint length, the term, varint
 * postings, varint bytes, the buffered postings (the writer's format).
 */

static quire_status ix_meta_write(ix_writer *w, quire_error *err);

/* vocab callback: is there any term? */
typedef struct ix_empty {
	int any;
} ix_empty;

static int ix_empty_cb(void *u, const char *t, size_t n, uint64_t postings)
{
	(void)t;
	(void)n;
	(void)postings;
	((ix_empty *)u)->any = 1;
	return 1;
}

static quire_status ix_run_fail(quire_error *err)
{
	return quire_error_set(err, QUIRE_ESTORE,
			       "index: writing or reading a temporary file failed");
}

/* Appends the buffered terms (order: term order) as one run. */
static quire_status ix_run_write(ix_writer *w, const uint32_t *order, quire_error *err)
{
	void *grown = ix_grow(w->runs, &w->capruns, w->nruns + 2, sizeof *w->runs, 16);
	if (!grown)
		return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
	w->runs = grown;
	if (w->nruns == 0)
		w->runs[0] = 0;
	uint64_t at = w->runs[w->nruns];
	for (size_t i = 0; i < w->nterms; i++) {
		const wterm *t = &w->terms[order[i]];
		uint8_t h[30];
		size_t hn = ixc_put(h, t->len);
		if (fwrite(h, 1, hn, w->run) != hn ||
		    fwrite(w->pool.p + t->off, 1, t->len, w->run) != t->len)
			return ix_run_fail(err);
		at += hn + t->len;
		hn = ixc_put(h, t->n);
		hn += ixc_put(h + hn, t->bytes);
		if (fwrite(h, 1, hn, w->run) != hn)
			return ix_run_fail(err);
		at += hn;
		/* the chain, chunk by chunk */
		ix_chain_it it = ix_chain_start(t);
		const uint8_t *p;
		size_t m;
		while ((m = ix_chain_next(w, &it, &p)) != 0)
			if (fwrite(p, 1, m, w->run) != m)
				return ix_run_fail(err);
		if (it.left)
			return quire_error_set(err, QUIRE_ESTORE, "index: buffer corrupt");
		at += t->bytes;
	}
	w->nruns++;
	w->runs[w->nruns] = at;
	return QUIRE_OK;
}

/* A cursor over one run: its next term and the size of its postings. */
typedef struct ix_cur {
	int fd;
	uint64_t off, end;   /* file offsets: next unread byte, the run's end */
	uint8_t *buf;        /* IX_CUR_BUF bytes read ahead */
	size_t bpos, blen;
	char term[IXTOK_PAIR_MAX + 1];
	size_t tn;
	uint64_t n, bytes;   /* the term's postings and their size */
	size_t run;
} ix_cur;

#define IX_CUR_BUF 65536

/* Reads n bytes of the cursor's run into dst (NULL: skips them): 0, or
 * -1 past the run's end or on a read error. */
static int ix_cur_read(ix_cur *c, uint8_t *dst, size_t n)
{
	while (n > 0) {
		if (c->bpos == c->blen) {
			if (c->off >= c->end)
				return -1;
			if (n >= IX_CUR_BUF && dst) {
				/* large: straight into dst */
				if (c->end - c->off < n)
					return -1;
				ssize_t r = pread(c->fd, dst, n, (off_t)c->off);
				if (r != (ssize_t)n)
					return -1;
				c->off += n;
				return 0;
			}
			size_t want = c->end - c->off < IX_CUR_BUF ? (size_t)(c->end - c->off)
								     : IX_CUR_BUF;
			ssize_t r = pread(c->fd, c->buf, want, (off_t)c->off);
			if (r <= 0)
				return -1;
			c->off += (uint64_t)r;
			c->bpos = 0;
			c->blen = (size_t)r;
		}
		size_t k = c->blen - c->bpos < n ? c->blen - c->bpos : n;
		if (dst) {
			memcpy(dst, c->buf + c->bpos, k);
			dst += k;
		}
		c->bpos += k;
		n -= k;
	}
	return 0;
}

static int ix_cur_varint(ix_cur *c, uint64_t *v)
{
	uint64_t r = 0;
	for (int sh = 0; sh < 64; sh += 7) {
		uint8_t b;
		if (ix_cur_read(c, &b, 1))
			return -1;
		r |= (uint64_t)(b & 0x7F) << sh;
		if (!(b & 0x80)) {
			*v = r;
			return 0;
		}
	}
	return -1;
}

/* Reads the cursor's next term: 1, 0 at the run's end, -1 corrupt. */
static int ix_cur_next(ix_cur *c)
{
	if (c->bpos == c->blen && c->off >= c->end)
		return 0;
	uint64_t tn = 0;
	if (ix_cur_varint(c, &tn) || tn == 0 || tn > IXTOK_PAIR_MAX ||
	    ix_cur_read(c, (uint8_t *)c->term, (size_t)tn) || ix_cur_varint(c, &c->n) ||
	    ix_cur_varint(c, &c->bytes) || c->n == 0 || c->bytes > UINT32_MAX)
		return -1;
	c->tn = (size_t)tn;
	return 1;
}

/* Cursor a before b: term order, then run order. */
static int ix_cur_less(const ix_cur *a, const ix_cur *b)
{
	size_t n = a->tn < b->tn ? a->tn : b->tn;
	int c = memcmp(a->term, b->term, n);
	if (c)
		return c < 0;
	if (a->tn != b->tn)
		return a->tn < b->tn;
	return a->run < b->run;
}

/* A binary heap of cursors: sifts heap[i] down. */
static void ix_heap_down(ix_cur **heap, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && ix_cur_less(heap[l], heap[m]))
			m = l;
		if (l + 1 < n && ix_cur_less(heap[l + 1], heap[m]))
			m = l + 1;
		if (m == i)
			return;
		ix_cur *x = heap[i];
		heap[i] = heap[m];
		heap[m] = x;
		i = m;
	}
}

/* An unnamed temporary file in dir (ix_writer_bulk_begin), or NULL. */
static FILE *ix_run_file(const char *dir)
{
	if (!dir || !*dir)
		return NULL;
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		/* a file system without O_TMPFILE: a named file, unlinked */
		char path[4096];
		if (snprintf(path, sizeof path, "%s/.quire-ixrun-XXXXXX", dir) >= (int)sizeof path)
			return NULL;
		fd = mkostemp(path, O_CLOEXEC);
		if (fd < 0)
			return NULL;
		unlink(path);
	}
	FILE *f = fdopen(fd, "w+b");
	if (!f)
		close(fd);
	return f;
}

quire_status ix_writer_bulk_begin(ix_writer *w, const char *dir, quire_error *err)
{
	if (w->bulk)
		return QUIRE_OK;
	/* the buffer so far goes the usual way */
	quire_status s = ix_writer_flush(w, err);
	if (s != QUIRE_OK)
		return s;
	ix_writer_clear(w);
	w->ndocs = 0;
	w->first_doc = 0;
	w->run = ix_run_file(dir);
	if (!w->run)
		w->run = tmpfile();
	if (!w->run)
		return QUIRE_OK; /* no temporary file: flushes merge as usual */
	/* an empty index: no term's rows need a look */
	ix_empty e = {0};
	if (w->io->vocab(w->io->ctx, NULL, 0, NULL, 0, ix_empty_cb, &e)) {
		ix_bulk_stop(w);
		return ix_io_fail(w->io, err, "reading the vocabulary");
	}
	w->bulk = 1;
	w->bulk_empty = !e.any;
	w->nruns = 0;
	return QUIRE_OK;
}

/* Merges the runs: each term's postings of the load as one row (and, in
 * an index that was not empty, the merge policy against its rows). */
static quire_status ix_runs_merge(ix_writer *w, quire_error *err)
{
	if (fflush(w->run))
		return ix_run_fail(err);
	size_t k = w->nruns;
	ix_cur *cur = calloc(k, sizeof *cur);
	ix_cur **heap = calloc(k, sizeof *heap);
	quire_status s = QUIRE_OK;
	size_t nh = 0;
	if (!cur || !heap)
		s = quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
	for (size_t i = 0; i < k && s == QUIRE_OK; i++) {
		ix_cur *c = &cur[i];
		c->fd = fileno(w->run);
		c->off = w->runs[i];
		c->end = w->runs[i + 1];
		c->run = i;
		c->buf = malloc(IX_CUR_BUF);
		if (!c->buf) {
			s = quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
			break;
		}
		int rc = ix_cur_next(c);
		if (rc < 0)
			s = ix_run_fail(err);
		else if (rc > 0)
			heap[nh++] = c;
	}
	for (size_t i = nh; i-- > 0;)
		ix_heap_down(heap, nh, i);
	while (s == QUIRE_OK && nh > 0) {
		/* the smallest term: its postings from every run that has it, in
		 * run order (docids ascending) */
		char term[IXTOK_PAIR_MAX + 1];
		size_t tn = heap[0]->tn;
		memcpy(term, heap[0]->term, tn);
		uint64_t n = 0;
		buf_reset(&w->gather);
		while (nh > 0 && heap[0]->tn == tn && memcmp(heap[0]->term, term, tn) == 0) {
			ix_cur *c = heap[0];
			if (buf_reserve(&w->gather, (size_t)c->bytes)) {
				s = quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
				break;
			}
			if (ix_cur_read(c, (uint8_t *)w->gather.p + w->gather.len, (size_t)c->bytes)) {
				s = ix_run_fail(err);
				break;
			}
			w->gather.len += (size_t)c->bytes;
			n += c->n;
			int rc = ix_cur_next(c);
			if (rc < 0) {
				s = ix_run_fail(err);
				break;
			}
			if (rc == 0)
				heap[0] = heap[--nh];
			ix_heap_down(heap, nh, 0);
		}
		if (s != QUIRE_OK)
			break;
		ix_rowlist l;
		ix_rowlist_init(&l);
		if (!w->bulk_empty && w->io->post_list(w->io->ctx, term, tn, ix_list_cb, &l)) {
			s = ix_io_fail(w->io, err, "listing a term's rows");
			break;
		}
		size_t j = ix_merge_from(&l, l.count, &n);
		s = ix_term_write(w, term, tn, &l, j, n, (const uint8_t *)w->gather.p,
				  w->gather.len, err);
	}
	for (size_t i = 0; cur && i < k; i++)
		free(cur[i].buf);
	free(cur);
	free(heap);
	return s;
}

quire_status ix_writer_bulk_end(ix_writer *w, quire_error *err)
{
	if (!w->bulk)
		return QUIRE_OK;
	quire_status s = ix_writer_flush(w, err);
	if (s == QUIRE_OK && w->nruns > 0) {
		s = ix_writer_start(w, err);
		if (s == QUIRE_OK)
			s = ix_runs_merge(w, err);
		if (s == QUIRE_OK) {
			w->gen++;
			s = ix_meta_write(w, err);
		}
	}
	ix_bulk_stop(w);
	ix_writer_clear(w);
	return s;
}

/* Writes the counters of the meta at the end of a flush; the next
 * transaction reads them again (another writer may have run); the live
 * set stays valid if the generation is ours. */
static quire_status ix_meta_write(ix_writer *w, quire_error *err)
{
	if (w->io->meta_put(w->io->ctx, "format", IX_FORMAT) ||
	    w->io->meta_put(w->io->ctx, "next_doc", w->next_doc) ||
	    w->io->meta_put(w->io->ctx, "seg", w->next_seg) ||
	    w->io->meta_put(w->io->ctx, "gen", w->gen) ||
	    w->io->meta_put(w->io->ctx, "rmgen", w->rmgen) ||
	    w->io->meta_put(w->io->ctx, "removed", w->removed))
		return ix_io_fail(w->io, err, "writing the meta");
	if (w->alive_ok)
		w->alive_gen = w->gen;
	w->started = 0;
	return QUIRE_OK;
}

quire_status ix_writer_flush(ix_writer *w, quire_error *err)
{
	if (!w->started || !w->dirty) {
		ix_writer_clear(w);
		return QUIRE_OK;
	}
	quire_status s = QUIRE_OK;
	uint32_t *order = NULL;
	if (w->nterms) {
		order = malloc(w->nterms * sizeof *order);
		if (!order)
			return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
		for (size_t i = 0; i < w->nterms; i++)
			order[i] = (uint32_t)i;
		qsort_r(order, w->nterms, sizeof *order, ix_term_cmp_ctx_sort, w);
	}
	if (w->bulk && w->run)
		s = ix_run_write(w, order, err);
	else
		for (size_t i = 0; i < w->nterms && s == QUIRE_OK; i++)
			s = ix_flush_term(w, &w->terms[order[i]], err);
	free(order);
	if (s != QUIRE_OK)
		return s;
	w->gen++;
	if (w->rm_dirty) {
		w->rmgen++;
		/* past IX_CHLOG changes the readers reload everything anyway */
		for (size_t i = 0; i < w->nch && i < IX_CHLOG; i++) {
			char key[32];
			snprintf(key, sizeof key, "ch:%d", (int)((w->chn + (int64_t)i) % IX_CHLOG));
			if (w->io->meta_put(w->io->ctx, key, (int64_t)w->ch[i]))
				return ix_io_fail(w->io, err, "writing the meta");
		}
		w->chn += (int64_t)w->nch;
		w->chflush++;
		if (w->io->meta_put(w->io->ctx, "chn", w->chn) ||
		    w->io->meta_put(w->io->ctx, "chflush", w->chflush))
			return ix_io_fail(w->io, err, "writing the meta");
	}
	w->nch = 0;
	s = ix_meta_write(w, err);
	if (s != QUIRE_OK)
		return s;
	ix_writer_clear(w);
	w->dirty = w->rm_dirty = 0;
	return QUIRE_OK;
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

struct ix_reader {
	const ix_io *io;
	int loaded;
	int64_t gen, rmgen;
	uint32_t maxdoc;
	ix_doc *docs;      /* by docid */
	size_t *blob_off;  /* by docid: blob offset in pool */
	uint8_t *alive;    /* by docid */
	size_t cap;        /* entries of docs, blob_off, alive */
	buf_t pool;
	size_t ndocs;
	double total[IX_NFIELDS];
	int failed;        /* a load callback failed: -1 corrupt, -2 memory */
	int64_t chn, chflush; /* the change log as last read */
	int partial;       /* the last refresh: 1 from the table held, 0 whole */
	ix_change chg[IX_CHLOG]; /* what it read again from the log */
	size_t nchg;
	size_t garbage;    /* pool bytes of blobs replaced since the last full
			      load */
	struct ixl_cache *qcache; /* ixquery.c's cache of term rows */
	void *scratch;     /* ix_reader_scratch: all zero between uses */
	size_t nscratch;
};

void *ix_reader_scratch(ix_reader *r, size_t n)
{
	if (n > r->nscratch) {
		void *p = calloc(1, n);
		if (!p)
			return NULL;
		free(r->scratch);
		r->scratch = p;
		r->nscratch = n;
	}
	return r->scratch;
}

struct ixl_cache **ix_reader_qcache(ix_reader *r)
{
	return &r->qcache;
}

int64_t ix_reader_gen(const ix_reader *r)
{
	return r->gen;
}

ix_reader *ix_reader_new(const ix_io *io)
{
	ix_reader *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->io = io;
	buf_init(&r->pool);
	return r;
}

void ix_reader_free(ix_reader *r)
{
	if (!r)
		return;
	free(r->docs);
	free(r->blob_off);
	free(r->alive);
	buf_free(&r->pool);
	ixl_cache_free(r->qcache);
	free(r->scratch);
	free(r);
}

const ix_io *ix_reader_io(const ix_reader *r)
{
	return r->io;
}

static int ix_load_cb(void *u, uint32_t doc, const void *rec, size_t len)
{
	ix_reader *r = u;
	if ((size_t)doc >= r->cap) {
		size_t nc = (size_t)doc + 1;
		nc += nc / 2 + 1024;
		ix_doc *nd = realloc(r->docs, nc * sizeof *nd);
		if (nd)
			r->docs = nd;
		size_t *nb = realloc(r->blob_off, nc * sizeof *nb);
		if (nb)
			r->blob_off = nb;
		uint8_t *na = realloc(r->alive, nc);
		if (na)
			r->alive = na;
		if (!nd || !nb || !na) {
			r->failed = -2;
			return 1;
		}
		memset(r->docs + r->cap, 0, (nc - r->cap) * sizeof *nd);
		memset(r->alive + r->cap, 0, nc - r->cap);
		memset(r->blob_off + r->cap, 0, (nc - r->cap) * sizeof *nb);
		r->cap = nc;
	}
	ix_doc *d = &r->docs[doc];
	uint32_t nterms;
	const void *blob;
	size_t blen;
	if (ix_rec_parse(rec, len, &d->rowid, d->len, &nterms, &blob, &blen)) {
		r->failed = -1;
		return 1;
	}
	r->blob_off[doc] = r->pool.len;
	buf_append(&r->pool, blob, blen);
	d->blob_len = blen;
	d->blob = NULL;
	if (!r->alive[doc]) {
		r->alive[doc] = 1;
		r->ndocs++;
		for (int f = 0; f < IX_NFIELDS; f++)
			r->total[f] += d->len[f];
	}
	if (doc > r->maxdoc)
		r->maxdoc = doc;
	return 0;
}

/* doc_scan callback: the record of one docid, if it is still there. */
typedef struct ix_one_rec {
	ix_reader *r;
	uint32_t doc;
} ix_one_rec;

static int ix_one_cb(void *u, uint32_t doc, const void *rec, size_t len)
{
	ix_one_rec *o = u;
	if (doc == o->doc)
		(void)ix_load_cb(o->r, doc, rec, len);
	return 1;
}

quire_status ix_reader_refresh(ix_reader *r, quire_error *err)
{
	int64_t gen, rmgen;
	if (ix_meta(r->io, "gen", &gen, 0))
		return ix_io_fail(r->io, err, "reading the meta");
	r->partial = r->loaded;
	r->nchg = 0;
	if (r->loaded && gen == r->gen)
		return QUIRE_OK;
	if (ix_meta(r->io, "rmgen", &rmgen, 0))
		return ix_io_fail(r->io, err, "reading the meta");
	quire_status fs = ix_format_check(r->io, gen, err);
	if (fs != QUIRE_OK)
		return fs;
	int64_t chn, chflush;
	if (ix_meta(r->io, "chn", &chn, 0) || ix_meta(r->io, "chflush", &chflush, 0))
		return ix_io_fail(r->io, err, "reading the meta");
	/* removals and edits: only their documents again when every flush
	 * since logged its changes and the log still holds them all */
	int fresh = !r->loaded || rmgen != r->rmgen;
	if (fresh && r->loaded && chflush - r->chflush == rmgen - r->rmgen && chn >= r->chn &&
	    chn - r->chn <= IX_CHLOG && r->garbage <= r->pool.len / 2) {
		r->loaded = 0;
		r->failed = 0;
		for (int64_t i = r->chn; i < chn; i++) {
			char key[32];
			int64_t v;
			snprintf(key, sizeof key, "ch:%d", (int)(i % IX_CHLOG));
			if (ix_meta(r->io, key, &v, 0))
				return ix_io_fail(r->io, err, "reading the meta");
			if (v <= 0 || (uint64_t)v >= r->cap)
				continue;
			uint32_t d = (uint32_t)v;
			int was = r->alive[d];
			if (was) {
				r->alive[d] = 0;
				r->ndocs--;
				for (int f = 0; f < IX_NFIELDS; f++)
					r->total[f] -= r->docs[d].len[f];
				r->garbage += r->docs[d].blob_len;
			}
			ix_one_rec one = {r, d};
			if (r->io->doc_scan(r->io->ctx, d - 1, ix_one_cb, &one))
				return ix_io_fail(r->io, err, "reading the documents");
			if (r->failed == -2 || buf_failed(&r->pool))
				return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
			if (r->failed)
				return quire_error_set(err, QUIRE_ESTORE,
						       "index: a document record is corrupt");
			/* a docid logged twice is one change; the rowid is
			 * the record's (kept after a removal) */
			int seen = 0;
			for (size_t k = 0; k < r->nchg && !seen; k++)
				seen = r->chg[k].doc == d;
			if ((was || r->alive[d]) && !seen && r->nchg < IX_CHLOG)
				r->chg[r->nchg++] = (ix_change){d, r->docs[d].rowid};
		}
		fresh = 0;
	}
	if (fresh) {
		r->partial = 0;
		r->nchg = 0;
		/* tables far larger than the docids can now reach (the index
		 * was rebuilt: docids start again at 1) are given back */
		int64_t next;
		if (ix_meta(r->io, "next_doc", &next, 1))
			return ix_io_fail(r->io, err, "reading the meta");
		if (r->cap > 2 * (size_t)next + 4096) {
			free(r->docs);
			free(r->blob_off);
			free(r->alive);
			r->docs = NULL;
			r->blob_off = NULL;
			r->alive = NULL;
			r->cap = 0;
		}
		if (r->alive)
			memset(r->alive, 0, r->cap);
		buf_reset(&r->pool);
		r->ndocs = 0;
		r->maxdoc = 0;
		r->garbage = 0;
		memset(r->total, 0, sizeof r->total);
	}
	r->loaded = 0;
	r->failed = 0;
	if (r->io->doc_scan(r->io->ctx, r->maxdoc, ix_load_cb, r))
		return ix_io_fail(r->io, err, "reading the documents");
	if (r->failed == -2 || buf_failed(&r->pool))
		return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
	if (r->failed)
		return quire_error_set(err, QUIRE_ESTORE, "index: a document record is corrupt");
	for (uint32_t d = 1; d <= r->maxdoc && d < r->cap; d++)
		if (r->alive[d])
			r->docs[d].blob = r->pool.p ? r->pool.p + r->blob_off[d] : "";
	r->gen = gen;
	r->rmgen = rmgen;
	r->chn = chn;
	r->chflush = chflush;
	r->loaded = 1;
	return QUIRE_OK;
}

size_t ix_reader_count(const ix_reader *r)
{
	return r->ndocs;
}

uint32_t ix_reader_max_doc(const ix_reader *r)
{
	return r->maxdoc;
}

int ix_reader_changes(const ix_reader *r, const ix_change **v, size_t *n)
{
	int partial = r->loaded && r->partial;
	*v = r->chg;
	*n = partial ? r->nchg : 0;
	return partial;
}

int64_t ix_reader_rmgen(const ix_reader *r)
{
	return r->loaded ? r->rmgen : -1;
}

const ix_doc *ix_reader_doc(const ix_reader *r, uint32_t doc)
{
	if ((size_t)doc >= r->cap || !r->alive[doc])
		return NULL;
	return &r->docs[doc];
}

void ix_reader_prefetch(const ix_reader *r, const uint32_t *docs, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if ((size_t)docs[k] < r->cap)
			__builtin_prefetch(&r->docs[docs[k]]);
}

uint32_t ix_reader_find(const ix_reader *r, int64_t rowid)
{
	for (uint32_t d = 1; d <= r->maxdoc && d < r->cap; d++)
		if (r->alive[d] && r->docs[d].rowid == rowid)
			return d;
	return 0;
}

double ix_reader_avg(const ix_reader *r, int field)
{
	if (field < 0 || field >= IX_NFIELDS || r->ndocs == 0 || r->total[field] <= 0)
		return 1.0;
	return r->total[field] / (double)r->ndocs;
}

/* --- vocabulary ------------------------------------------------------ */

typedef struct ix_df_ctx {
	const char *t;
	size_t n;
	uint64_t df;
} ix_df_ctx;

static int ix_df_cb(void *u, const char *term, size_t n, uint64_t postings)
{
	ix_df_ctx *c = u;
	if (n == c->n && memcmp(term, c->t, n) == 0)
		c->df = postings;
	return 1; /* the first term >= t is the only candidate */
}

uint64_t ix_df(ix_reader *r, const char *t, size_t n)
{
	ix_df_ctx c = {t, n, 0};
	if (n == 0 || r->io->vocab(r->io->ctx, t, n, NULL, 0, ix_df_cb, &c))
		return 0;
	return c.df < r->ndocs ? c.df : r->ndocs;
}

typedef struct ix_vocab_ctx {
	ix_term_fn cb;
	void *u;
	size_t left;
	uint64_t ndocs;
} ix_vocab_ctx;

static int ix_vocab_cb(void *u, const char *term, size_t n, uint64_t postings)
{
	ix_vocab_ctx *c = u;
	if (c->left == 0)
		return 1;
	c->left--;
	return c->cb(c->u, term, n, postings < c->ndocs ? postings : c->ndocs);
}

quire_status ix_vocab(ix_reader *r, const char *prefix, size_t pn, size_t max,
		      ix_term_fn cb, void *u, quire_error *err)
{
	ix_vocab_ctx c = {cb, u, max ? max : IX_VOCAB_SCAN, r->ndocs};
	if (r->io->vocab(r->io->ctx, prefix, pn, NULL, 0, ix_vocab_cb, &c))
		return ix_io_fail(r->io, err, "reading the vocabulary");
	return QUIRE_OK;
}

/* ------------------------------------------------------------------ */
/* The check                                                           */
/* ------------------------------------------------------------------ */

typedef struct ix_chk {
	const ix_io *io;
	ix_check_report *rep;
	/* documents */
	uint32_t cap;
	int64_t *rowid;
	uint32_t (*len)[IX_NFIELDS];
	uint32_t *nterms, *seen;
	uint8_t *alive;
	int mem;
	/* the current term */
	char term[IXTOK_TERM_MAX * 2 + 8];
	size_t tn;
	uint32_t last; /* last docid of the term's previous row */
	uint32_t *pos;
	size_t pcap;
	buf_t pbuf;   /* the current row's positions */
	int iofail;
} ix_chk;

static void ix_problem(ix_chk *c, const char *what)
{
	if (!c->rep->problem[0]) {
		size_t n = strlen(what);
		if (n >= sizeof c->rep->problem)
			n = sizeof c->rep->problem - 1;
		memcpy(c->rep->problem, what, n);
		c->rep->problem[n] = '\0';
	}
}

static int ix_chk_doc_cb(void *u, uint32_t doc, const void *rec, size_t len)
{
	ix_chk *c = u;
	if (doc >= c->cap) {
		uint32_t nc = doc + 1 + (doc >> 1) + 1024;
		int64_t *a = realloc(c->rowid, nc * sizeof *a);
		if (a)
			c->rowid = a;
		uint32_t(*l)[IX_NFIELDS] = realloc(c->len, nc * sizeof *l);
		if (l)
			c->len = l;
		uint32_t *t = realloc(c->nterms, nc * sizeof *t);
		if (t)
			c->nterms = t;
		uint32_t *s = realloc(c->seen, nc * sizeof *s);
		if (s)
			c->seen = s;
		uint8_t *al = realloc(c->alive, nc);
		if (al)
			c->alive = al;
		if (!a || !l || !t || !s || !al) {
			c->mem = 1;
			return 1;
		}
		memset(c->alive + c->cap, 0, nc - c->cap);
		memset(c->seen + c->cap, 0, (nc - c->cap) * sizeof *s);
		c->cap = nc;
	}
	const void *blob;
	size_t bl;
	if (ix_rec_parse(rec, len, &c->rowid[doc], c->len[doc], &c->nterms[doc], &blob,
			 &bl)) {
		char m[64];
		snprintf(m, sizeof m, "document %u: its record is corrupt", (unsigned)doc);
		ix_problem(c, m);
		return 0;
	}
	c->alive[doc] = 1;
	c->rep->docs++;
	return 0;
}

static int ix_chk_row_cb(void *u, const ix_row *row)
{
	ix_chk *c = u;
	char m[IXTOK_TERM_MAX * 2 + 128];
	ixc_row r;
	c->rep->rows++;
	buf_reset(&c->pbuf);
	ix_rowbuf rb = {NULL, &c->pbuf, 0, 0};
	if (c->io->pos_scan(c->io->ctx, c->term, c->tn, row->seg, ix_rowbuf_pos, &rb)) {
		c->iofail = 1;
		return 1;
	}
	if (buf_failed(&c->pbuf)) {
		c->mem = 1;
		return 1;
	}
	int rc = ixc_row_open(&r, row->docs, row->docs_len);
	if (rc == -2) {
		c->mem = 1;
		return 1;
	}
	if (rc || r.n != row->n || r.pos_len != c->pbuf.len) {
		snprintf(m, sizeof m, "term \"%.*s\" row %lld: header corrupt", (int)c->tn,
			 c->term, (long long)row->seg);
		ix_problem(c, m);
		if (!rc)
			ixc_row_free(&r);
		return 0;
	}
	uint32_t doc[IX_BLOCK], tf[IX_BLOCK][IX_NFIELDS], start[IX_BLOCK + 1];
	uint8_t mask[IX_BLOCK];
	int bad = 0;
	for (uint32_t b = 0; b < r.nblocks && !bad; b++) {
		const ixc_blk *bk = &r.blk[b];
		if (ixc_blk_docs(row->docs, bk, doc, mask, tf, NULL) ||
		    ixc_blk_pos((const uint8_t *)c->pbuf.p, 0, c->pbuf.len, bk, mask, tf, &c->pos,
				&c->pcap, start)) {
			bad = 1;
			break;
		}
		if (b == 0 && doc[0] <= c->last)
			bad = 2;
		for (uint32_t i = 0; i < bk->count && !bad; i++) {
			uint32_t d = doc[i];
			int live = d < c->cap && c->alive[d];
			if (!live) {
				c->rep->dead++;
				continue;
			}
			c->rep->postings++;
			c->seen[d]++;
			uint32_t k = start[i];
			for (int f = 0; f < IX_NFIELDS; f++) {
				if (!(mask[i] & (1u << f)))
					continue;
				if (c->len[d][f] < bk->minlen[f] || r.maxtf[f] < tf[i][f] ||
				    r.minlen[f] > c->len[d][f])
					bad = 3;
				for (uint32_t j = 0; j < tf[i][f]; j++, k++)
					if (c->pos[k] >= c->len[d][f] || (j > 0 && c->pos[k] < c->pos[k - 1]))
						bad = 4;
			}
		}
	}
	if (!bad && r.nblocks)
		c->last = r.blk[r.nblocks - 1].last;
	ixc_row_free(&r);
	if (bad) {
		static const char *const why[] = {"", "blocks do not decode",
						  "docids not ascending across rows",
						  "a block bound is false", "positions out of range"};
		snprintf(m, sizeof m, "term \"%.*s\" row %lld: %s", (int)c->tn, c->term,
			 (long long)row->seg, why[bad]);
		ix_problem(c, m);
	}
	return 0;
}

/* Terms are visited in pages (the vocabulary callback must not read rows
 * while the scan runs): up to IX_CHK_PAGE terms, then their rows. */
#define IX_CHK_PAGE 256

typedef struct ix_chk_page {
	char t[IX_CHK_PAGE][IXTOK_TERM_MAX * 2 + 8];
	size_t n[IX_CHK_PAGE];
	size_t count;
} ix_chk_page;

static int ix_chk_term_cb(void *u, const char *term, size_t n, uint64_t postings)
{
	(void)postings;
	ix_chk_page *p = u;
	if (n >= sizeof p->t[0])
		n = sizeof p->t[0] - 1;
	memcpy(p->t[p->count], term, n);
	p->n[p->count] = n;
	p->count++;
	return p->count == IX_CHK_PAGE;
}

quire_status ix_check(const ix_io *io, const uint32_t *expect_doc,
		      const int64_t *expect_rowid, size_t n,
		      ix_check_report *rep, quire_error *err)
{
	memset(rep, 0, sizeof *rep);
	ix_chk c;
	memset(&c, 0, sizeof c);
	c.io = io;
	c.rep = rep;
	quire_status s = QUIRE_OK;
	ix_chk_page *page = malloc(sizeof *page);
	if (!page)
		return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
	if (io->doc_scan(io->ctx, 0, ix_chk_doc_cb, &c)) {
		s = ix_io_fail(io, err, "reading the documents");
		goto done;
	}
	if (c.mem)
		goto nomem;
	char after[IXTOK_TERM_MAX * 2 + 8];
	size_t an = 0;
	for (;;) {
		page->count = 0;
		if (io->vocab(io->ctx, NULL, 0, after, an, ix_chk_term_cb, page)) {
			s = ix_io_fail(io, err, "reading the vocabulary");
			goto done;
		}
		for (size_t i = 0; i < page->count; i++) {
			memcpy(c.term, page->t[i], page->n[i]);
			c.tn = page->n[i];
			c.last = 0;
			rep->terms++;
			if (io->post_rows(io->ctx, c.term, c.tn, ix_chk_row_cb, &c) || c.iofail) {
				s = ix_io_fail(io, err, "reading a term's rows");
				goto done;
			}
			if (c.mem)
				goto nomem;
		}
		if (page->count < IX_CHK_PAGE)
			break;
		an = page->n[page->count - 1];
		memcpy(after, page->t[page->count - 1], an);
	}
	for (uint32_t d = 1; d < c.cap; d++) {
		if (c.alive[d] && c.seen[d] != c.nterms[d]) {
			char m[96];
			snprintf(m, sizeof m, "document %u: %u terms recorded, %u found",
				 (unsigned)d, (unsigned)c.nterms[d], (unsigned)c.seen[d]);
			ix_problem(&c, m);
			break;
		}
	}
	if (expect_doc) {
		size_t live = 0;
		for (size_t i = 0; i < n; i++) {
			uint32_t d = expect_doc[i];
			if (d == 0 || d >= c.cap || !c.alive[d] ||
			    (expect_rowid && c.rowid[d] != expect_rowid[i])) {
				char m[96];
				snprintf(m, sizeof m, "document %u (row %lld) is missing or wrong",
					 (unsigned)d, expect_rowid ? (long long)expect_rowid[i] : 0LL);
				ix_problem(&c, m);
				break;
			}
			live++;
		}
		if (live == n && n != rep->docs) {
			char m[96];
			snprintf(m, sizeof m, "%llu documents indexed, %zu expected",
				 (unsigned long long)rep->docs, n);
			ix_problem(&c, m);
		}
	}
	goto done;
nomem:
	s = quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
done:
	free(page);
	free(c.rowid);
	free(c.len);
	free(c.nterms);
	free(c.seen);
	free(c.alive);
	free(c.pos);
	buf_free(&c.pbuf);
	return s;
}
