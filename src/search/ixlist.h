/*
 * ixlist.h — posting-list cursors of ix's query side (src/search/ixlist.c):
 * a term's rows read (or taken from the reader's cache of large terms),
 * walked block by block with skips, and its positions read chunk by chunk.
 * Internal to ix (ixquery.c).
 */
#ifndef QUIRE_IXLIST_H
#define QUIRE_IXLIST_H

#include <stddef.h>
#include <stdint.h>

#include "ix.h"
#include "ixcodec.h"

#define IXL_END UINT32_MAX /* past the last docid */

/* What the cursors of one search share: the storage, the first failure
 * (st, with err set), and the reader's cache (NULL: none). */
typedef struct ixl_ctx {
	ix_reader *r;
	const ix_io *io;
	quire_error *err;
	quire_status st;
	struct ixl_cache *cache;
} ixl_ctx;

/* Records the first failure: st and "index: what" (with the storage's
 * message for QUIRE_ESTORE). */
void ixl_fail(ixl_ctx *c, quire_status st, const char *what);

/* One row of a term as a cursor holds it. */
typedef struct ixl_row {
	int64_t seg;
	uint32_t n;
	uint8_t *docs;
	size_t dlen;
	ixc_row row;
	/* the chunk of positions loaded: its first block, its bytes (pdata:
	 * pos, or the cache's copy), offset; pos: a buffer of its own */
	uint32_t pchunk;
	const uint8_t *pdata;
	uint8_t *pos;
	size_t plen, pcap, pbase;
	/* a row of the cache: the chunks read so far, by first block (NULL
	 * until one is); a row borrowed from the cache: that row */
	uint8_t **chunks;
	struct ixl_row *owner;
} ixl_row;

/* A cursor: the current block decoded (doc, mask, tf), the current
 * posting i. */
typedef struct ixl_list {
	ixl_ctx *c;
	const char *term;
	size_t tn;
	ixl_row *rows;
	size_t nrows;
	int borrowed;    /* rows' docs and directories belong to the cache */
	struct centry *ce; /* borrowed: the cache's entry (positions go there) */
	uint64_t df;
	size_t r;        /* current row; nrows: exhausted */
	uint32_t b;      /* current block in it */
	int dec;         /* block decoded */
	int pdec;        /* its positions decoded */
	uint32_t i;      /* current posting in the block */
	uint32_t cur;    /* its docid (dec), IXL_END exhausted */
	uint32_t doc[IX_BLOCK];
	uint8_t mask[IX_BLOCK];
	uint32_t tf[IX_BLOCK][IX_NFIELDS];
	/* positions of the block (pdec): where they begin, and per posting
	 * the positions before it (its own begin at pp + pw * psum[i]) */
	const uint8_t *pp;
	uint32_t psum[IX_BLOCK + 1];
	uint32_t *pos;   /* one posting's positions in one field, decoded */
	size_t pcap;
} ixl_list;

/* Positions of one posting in one field: raw (fixed width pw) or, for a
 * prefix's union, native. */
typedef struct ixl_pview {
	const uint8_t *raw;
	const uint32_t *nat;
	uint32_t n;
	unsigned pw;
} ixl_pview;

static inline uint32_t ixl_at(const ixl_pview *v, uint32_t k)
{
	return v->nat ? v->nat[k] : ixc_pos_at(v->raw, v->pw, k);
}

/* The current block (the cursor is not exhausted). */
static inline const ixc_blk *ixl_blk(const ixl_list *t)
{
	return &t->rows[t->r].row.blk[t->b];
}

/* Moves to the first block whose last docid is >= d (never back); 0 when
 * the list is exhausted. */
static inline int ixl_shallow(ixl_list *t, uint32_t d)
{
	while (t->r < t->nrows) {
		const ixl_row *w = &t->rows[t->r];
		if (w->row.blk[t->b].last >= d)
			return 1;
		t->dec = t->pdec = 0;
		if (++t->b == w->row.nblocks) {
			t->b = 0;
			t->r++;
		}
	}
	t->cur = IXL_END;
	return 0;
}

/* A cursor over term t[0..tn) (the string must outlive it), or NULL on a
 * failure (recorded in c). */
ixl_list *ixl_open(ixl_ctx *c, const char *t, size_t tn);
void ixl_free(ixl_list *t);

/* Back to the first posting (positions stay loaded). */
void ixl_reset(ixl_list *t);

/* The first docid >= d (the cursor moves there), or IXL_END. */
uint32_t ixl_next_geq_slow(ixl_list *t, uint32_t d);
static inline uint32_t ixl_next_geq(ixl_list *t, uint32_t d)
{
	/* the common case, asked once per list and candidate: the cursor is
	 * already there */
	if (t->dec && t->cur >= d)
		return t->cur;
	return ixl_next_geq_slow(t, d);
}

/* The positions of the current posting in field f as a view (none when
 * the posting lacks the field): 0, or -1 on a failure (recorded). */
int ixl_view(ixl_list *t, int f, ixl_pview *v);

/* The same, decoded: *n positions, valid until the next call on t. */
const uint32_t *ixl_pos(ixl_list *t, int f, uint32_t *n);

/* The reader's cache for a search that begins (emptied when the
 * generation moved), or NULL; ixl_cache_trim drops the least recently used entries past its
 * budget (call when a search ends). */
struct ixl_cache *ixl_cache_get(ixl_ctx *c);
void ixl_cache_trim(struct ixl_cache *c);

#endif
