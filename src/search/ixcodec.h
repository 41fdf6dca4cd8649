/*
 * ixcodec.h — the postings format of ix (src/search/ixcodec.c): varints,
 * one row's encoding from postings, and its decoding block by block.
 * Internal to ix (ix.c, ixquery.c, the tests).
 *
 * A row has two blobs.
 *
 * docs:  varint nblocks, varint n (postings), then per field the row's
 *        max tf and min length (varint each), then the block directory,
 *        per block: varint (last docid - previous block's last docid, the
 *        first block's from 0), varint count (1..IX_BLOCK), varint bytes
 *        of its doc part, varint bytes of its positions part, varint
 *        width of its positions (2 or 4 bytes), then per
 *        field varint max tf and varint min length (0 0 when no posting
 *        of the block has the field); then the blocks' doc parts, in
 *        order.  A doc part, per posting: varint (docid - previous docid;
 *        the first from the previous block's last), one byte of field
 *        mask (bit f: field f), then a varint tf per field in the mask.
 * pos:   the blocks' positions parts, in order: per posting, per field of
 *        its mask, its tf positions ascending, each in the block's width
 *        (little-endian), so posting i's positions in field f begin at
 *        width * (the tfs of the postings before i, and of i's fields
 *        before f).
 *        Stored in chunks: a chunk begins at block 0 and at every block
 *        where the bytes of the chunk so far reach IXC_CHUNK, so a chunk
 *        is one block of a common term or many of a rare one; its key is
 *        its first block (ixc_blk.chunk).
 *
 * min length is a lower bound of the field's length over the block's
 * documents with that field (exact when written from new documents; a
 * merge carries each posting's bound over), max tf exact: together they
 * bound BM25F for any parameters.
 */
#ifndef QUIRE_IXCODEC_H
#define QUIRE_IXCODEC_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ix.h"

#define IXC_CHUNK 4096

/* Appends varint v (7 bits a byte, low first) to p; bytes written (<= 10).
 * Inline: the index writer calls it several times a token. */
static inline size_t ixc_put(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}
void ixc_buf_put(buf_t *b, uint64_t v);

/* Reads a varint at *p (before end) into *v, moving *p; 0 when it runs
 * past end or is longer than 10 bytes. */
static inline int ixc_get(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	const uint8_t *s = *p;
	if (s < end && *s < 0x80) {
		*v = *s;
		*p = s + 1;
		return 1;
	}
	uint64_t r = 0;
	for (int sh = 0; sh < 70 && s < end; sh += 7) {
		uint8_t c = *s++;
		r |= (uint64_t)(c & 0x7F) << sh;
		if (!(c & 0x80)) {
			*v = r;
			*p = s;
			return 1;
		}
	}
	return 0;
}

/* Position k of a positions part of width pw (2 or 4). */
static inline uint32_t ixc_pos_at(const uint8_t *p, unsigned pw, size_t k)
{
	if (pw == 2)
		return (uint32_t)p[2 * k] | (uint32_t)p[2 * k + 1] << 8;
	return (uint32_t)p[4 * k] | (uint32_t)p[4 * k + 1] << 8 |
	       (uint32_t)p[4 * k + 2] << 16 | (uint32_t)p[4 * k + 3] << 24;
}

/* One posting to encode.  pos: its positions, field by field (in field
 * order), tf[f] of them per field, ascending within a field. */
typedef struct ixc_post {
	uint32_t doc;
	uint8_t mask;
	uint32_t tf[IX_NFIELDS];
	uint32_t lenlb[IX_NFIELDS]; /* lower bound of each field's length */
	const uint32_t *pos;
} ixc_post;

/* Encodes p[0..n) (docids strictly ascending, n > 0) as one row into docs
 * and pos (appended to).  Returns 0, or -1 when a buffer failed. */
int ixc_encode(const ixc_post *p, size_t n, buf_t *docs, buf_t *pos);

/* One block of a row's directory. */
typedef struct ixc_blk {
	uint32_t prev;      /* last docid of the previous block (0: none) */
	uint32_t last;      /* last docid of this block */
	uint32_t count;
	size_t doff, dlen;  /* its doc part in the docs blob */
	size_t poff, plen;  /* its positions part in the pos stream */
	uint8_t pw;         /* bytes per position: 2 or 4 */
	uint32_t chunk;     /* the first block of its positions' chunk */
	uint32_t maxtf[IX_NFIELDS];
	uint32_t minlen[IX_NFIELDS];
} ixc_blk;

/* A row's header and directory (blk: malloc'd, ixc_row_free frees it). */
typedef struct ixc_row {
	uint32_t nblocks, n;
	uint32_t maxtf[IX_NFIELDS];
	uint32_t minlen[IX_NFIELDS];
	ixc_blk *blk;
	size_t docs_len, pos_len; /* total bytes of doc parts, pos parts */
} ixc_row;

/* Reads the header and directory of docs[0..len).  0 on success, -1 when
 * corrupt, -2 out of memory. */
int ixc_row_open(ixc_row *r, const uint8_t *docs, size_t len);
void ixc_row_free(ixc_row *r);

/* Decodes block b of a row (docs: the whole docs blob) into doc[],
 * mask[], tf[] (IX_BLOCK entries each) and, unless psum is NULL, psum[]
 * (IX_BLOCK + 1 entries): the tfs of the postings before each, the total
 * last, where each posting's positions begin in the block's part.  0, or
 * -1 when corrupt (docids not ascending, lengths not matching, a bound
 * false). */
int ixc_blk_docs(const uint8_t *docs, const ixc_blk *b, uint32_t *doc,
		 uint8_t *mask, uint32_t (*tf)[IX_NFIELDS], uint32_t *psum);

/* The chunk beginning at block first: its byte range in the row's pos
 * stream, and the block after it. */
void ixc_chunk(const ixc_row *r, uint32_t first, size_t *off, size_t *len,
	       uint32_t *end);

/* Decodes block b's positions part (pos: bytes [base, base + pos_len) of
 * the row's pos stream, which must hold the block's part) given the block's decoded mask[] and tf[]: out gets every
 * position, posting by posting, field by field (sum of the tfs entries;
 * *out grown with realloc, *cap its capacity), start[i] the index in out
 * of posting i's first (count + 1 entries).  0, -1 corrupt, -2 memory. */
int ixc_blk_pos(const uint8_t *pos, size_t base, size_t pos_len, const ixc_blk *b,
		const uint8_t *mask, uint32_t (*tf)[IX_NFIELDS], uint32_t **out,
		size_t *cap, uint32_t *start);

/* The reader's slot for the query side's cache of term rows (ixquery.c),
 * and the generation the reader holds (ix.c). */
struct ixl_cache;
struct ixl_cache **ix_reader_qcache(ix_reader *r);
int64_t ix_reader_gen(const ix_reader *r);
/* Frees a cache (the reader calls it when freed). */
void ixl_cache_free(struct ixl_cache *c);

/* Zeroed scratch memory of at least n bytes that the reader keeps for
 * the query side (ixquery.c's prefix merge: a dense array by docid), or
 * NULL without memory.  The caller must leave it all zero again before
 * the next call: clearing only what it touched is what saves the
 * megabytes a fresh zeroed array costs per query. */
void *ix_reader_scratch(ix_reader *r, size_t n);

#endif
