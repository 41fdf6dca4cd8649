/*
 * ixcodec.c — the postings format of ix (see ixcodec.h for the layout).
 *
 * Decisions: LEB128 varints for docids and tfs (simple, compact for the
 * small deltas and tfs of text; a block is only 128 postings, decoded
 * when its bound survives).  Positions are fixed-width (2 bytes, or 4 in
 * a block with a position past 65535), not varints: about a third more
 * bytes, but a posting's positions are found by arithmetic and searched
 * by bisection, so a phrase checks a few positions of its common words
 * instead of decoding them all.  The block directory comes first in the
 * docs blob so a reader finds any block, and every block's bound, without
 * decoding doc parts; positions live apart (in chunks, see ixcodec.h) so
 * a query that needs none never reads them.  Every read is bounded by
 * the blob's length: a corrupt row is reported, never followed.
 */
#include "ixcodec.h"

#include <stdlib.h>
#include <string.h>

void ixc_buf_put(buf_t *b, uint64_t v)
{
	uint8_t t[10];
	buf_append(b, t, ixc_put(t, v));
}

/* Room for n more bytes at the end of b (buf_reserve), or NULL when the
 * buffer failed: the encoder writes varints there directly (a generic
 * append per number was most of the encoding's time). */
static uint8_t *ixc_room(buf_t *b, size_t n)
{
	if (b->cap - b->len < n + 1 && buf_reserve(b, n))
		return NULL;
	return (uint8_t *)b->p + b->len;
}

/* Ends a direct write at e (from ixc_room). */
static void ixc_done(buf_t *b, const uint8_t *e)
{
	b->len = (size_t)((const char *)e - b->p);
	b->p[b->len] = '\0';
}

int ixc_encode(const ixc_post *p, size_t n, buf_t *docs, buf_t *pos)
{
	size_t nblocks = (n + IX_BLOCK - 1) / IX_BLOCK;
	uint32_t rmax[IX_NFIELDS] = {0}, rmin[IX_NFIELDS] = {0};
	buf_t dir = BUF_INIT, parts = BUF_INIT;
	uint32_t prev_last = 0;
	int failed = 0;
	for (size_t b0 = 0; b0 < n && !failed; b0 += IX_BLOCK) {
		size_t b1 = b0 + IX_BLOCK < n ? b0 + IX_BLOCK : n;
		uint32_t bmax[IX_NFIELDS] = {0}, bmin[IX_NFIELDS] = {0};
		size_t d0 = parts.len, p0 = pos->len;
		uint32_t prev = prev_last;
		/* the block's position width: 2 bytes, 4 when one is past 65535 */
		unsigned pw = 2;
		for (size_t i = b0; i < b1 && pw == 2; i++) {
			size_t np = 0;
			for (int f = 0; f < IX_NFIELDS; f++)
				np += p[i].tf[f];
			for (size_t k = 0; p[i].pos && k < np; k++)
				if (p[i].pos[k] > 0xFFFF)
					pw = 4;
		}
		for (size_t i = b0; i < b1; i++) {
			const ixc_post *q = &p[i];
			size_t np = 0;
			for (int f = 0; f < IX_NFIELDS; f++)
				np += (q->mask & (1u << f)) ? q->tf[f] : 0;
			uint8_t *e = ixc_room(&parts, 11 + 10 * IX_NFIELDS);
			uint8_t *o = ixc_room(pos, np * pw);
			if (!e || !o) {
				failed = 1;
				break;
			}
			e += ixc_put(e, q->doc - prev);
			prev = q->doc;
			*e++ = q->mask;
			const uint32_t *ps = q->pos;
			for (int f = 0; f < IX_NFIELDS; f++) {
				if (!(q->mask & (1u << f)))
					continue;
				e += ixc_put(e, q->tf[f]);
				if (q->tf[f] > bmax[f])
					bmax[f] = q->tf[f];
				if (bmin[f] == 0 || q->lenlb[f] < bmin[f])
					bmin[f] = q->lenlb[f] ? q->lenlb[f] : 1;
				for (uint32_t k = 0; k < q->tf[f]; k++) {
					uint32_t v = ps ? ps[k] : 0;
					*o++ = (uint8_t)v;
					*o++ = (uint8_t)(v >> 8);
					if (pw == 4) {
						*o++ = (uint8_t)(v >> 16);
						*o++ = (uint8_t)(v >> 24);
					}
				}
				if (ps)
					ps += q->tf[f];
			}
			ixc_done(&parts, e);
			ixc_done(pos, o);
		}
		uint8_t *e = failed ? NULL : ixc_room(&dir, 50 + 20 * IX_NFIELDS);
		if (!e) {
			failed = 1;
			break;
		}
		e += ixc_put(e, prev - prev_last);
		e += ixc_put(e, b1 - b0);
		e += ixc_put(e, parts.len - d0);
		e += ixc_put(e, pos->len - p0);
		e += ixc_put(e, pw);
		for (int f = 0; f < IX_NFIELDS; f++) {
			e += ixc_put(e, bmax[f]);
			e += ixc_put(e, bmin[f]);
			if (bmax[f] > rmax[f])
				rmax[f] = bmax[f];
			if (bmin[f] && (rmin[f] == 0 || bmin[f] < rmin[f]))
				rmin[f] = bmin[f];
		}
		ixc_done(&dir, e);
		prev_last = prev;
	}
	if (!failed) {
		ixc_buf_put(docs, nblocks);
		ixc_buf_put(docs, n);
		for (int f = 0; f < IX_NFIELDS; f++) {
			ixc_buf_put(docs, rmax[f]);
			ixc_buf_put(docs, rmin[f]);
		}
		buf_append(docs, dir.p, dir.len);
		buf_append(docs, parts.p, parts.len);
	}
	failed = failed || buf_failed(&dir) || buf_failed(&parts) || buf_failed(docs) ||
		 buf_failed(pos);
	buf_free(&dir);
	buf_free(&parts);
	return failed ? -1 : 0;
}

void ixc_row_free(ixc_row *r)
{
	free(r->blk);
	r->blk = NULL;
}

int ixc_row_open(ixc_row *r, const uint8_t *docs, size_t len)
{
	const uint8_t *p = docs, *end = docs + len;
	uint64_t nb, n, v;
	memset(r, 0, sizeof *r);
	if (!ixc_get(&p, end, &nb) || !ixc_get(&p, end, &n) || nb == 0 ||
	    nb > (n + IX_BLOCK - 1) / IX_BLOCK || n > UINT32_MAX || nb > len)
		return -1;
	for (int f = 0; f < IX_NFIELDS; f++) {
		if (!ixc_get(&p, end, &v) || v > UINT32_MAX)
			return -1;
		r->maxtf[f] = (uint32_t)v;
		if (!ixc_get(&p, end, &v) || v > UINT32_MAX)
			return -1;
		r->minlen[f] = (uint32_t)v;
	}
	r->blk = malloc((size_t)nb * sizeof *r->blk);
	if (!r->blk)
		return -2;
	r->nblocks = (uint32_t)nb;
	r->n = (uint32_t)n;
	uint64_t last = 0, doff = 0, poff = 0, total = 0;
	for (uint32_t i = 0; i < r->nblocks; i++) {
		ixc_blk *b = &r->blk[i];
		uint64_t d, c, dl, pl, pw;
		if (!ixc_get(&p, end, &d) || !ixc_get(&p, end, &c) ||
		    !ixc_get(&p, end, &dl) || !ixc_get(&p, end, &pl) || !ixc_get(&p, end, &pw) ||
		    c == 0 || c > IX_BLOCK || (d == 0 && i > 0) || last + d > UINT32_MAX ||
		    dl > len || pl > ((uint64_t)1 << 40) || (pw != 2 && pw != 4) || pl % pw)
			goto bad;
		b->pw = (uint8_t)pw;
		b->prev = (uint32_t)last;
		last += d;
		b->last = (uint32_t)last;
		b->count = (uint32_t)c;
		b->doff = (size_t)doff;
		b->dlen = (size_t)dl;
		b->poff = (size_t)poff;
		b->plen = (size_t)pl;
		doff += dl;
		poff += pl;
		total += c;
		for (int f = 0; f < IX_NFIELDS; f++) {
			if (!ixc_get(&p, end, &v) || v > UINT32_MAX)
				goto bad;
			b->maxtf[f] = (uint32_t)v;
			if (!ixc_get(&p, end, &v) || v > UINT32_MAX)
				goto bad;
			b->minlen[f] = (uint32_t)v;
		}
	}
	if (total != n || doff != (uint64_t)(end - p))
		goto bad;
	/* doc parts start where the directory ends: make offsets absolute;
	 * chunks of positions */
	size_t base = (size_t)(p - docs), cbytes = 0;
	uint32_t chunk = 0;
	for (uint32_t i = 0; i < r->nblocks; i++) {
		r->blk[i].doff += base;
		if (i > 0 && cbytes >= IXC_CHUNK) {
			chunk = i;
			cbytes = 0;
		}
		r->blk[i].chunk = chunk;
		cbytes += r->blk[i].plen;
	}
	r->docs_len = (size_t)doff;
	r->pos_len = (size_t)poff;
	return 0;
bad:
	ixc_row_free(r);
	return -1;
}

/* The most bytes one posting of a docs part takes: a varint (10 bytes at
 * most) for its docid's gap, its mask, a varint per field. */
#define IXC_POST_MAX (10 + 1 + 10 * IX_NFIELDS)

/* A varint at *p into *v, moving *p; 0 when it is longer than 10 bytes
 * or (checked) runs past end.  Unchecked, the caller knows that 10 bytes
 * are there. */
static inline int ixc_get_at(const uint8_t **p, const uint8_t *end, int checked,
			     uint64_t *v)
{
	if (checked)
		return ixc_get(p, end, v);
	const uint8_t *s = *p;
	uint64_t c = *s++, r = c & 0x7F;
	for (unsigned k = 1; c >= 0x80; k++) {
		if (k == 10)
			return 0;
		c = *s++;
		r |= (c & 0x7F) << (7 * k);
	}
	*v = r;
	*p = s;
	return 1;
}

/* Posting i of block b at *p: its docid after *prev, its mask, its tfs
 * (*sum grows by them).  0, or -1 when corrupt.  Inlined twice: checked
 * near the part's end, unchecked while a whole posting fits before it. */
static inline int ixc_blk_post(const ixc_blk *b, const uint8_t **p, const uint8_t *end,
			       int checked, uint64_t *prev, uint64_t *sum, uint32_t *doc,
			       uint8_t *mask, uint32_t *tf)
{
	uint64_t v;
	if (!ixc_get_at(p, end, checked, &v) || v == 0 || v > b->last - *prev ||
	    *p >= end)
		return -1;
	*prev += v;
	*doc = (uint32_t)*prev;
	uint8_t m = *(*p)++;
	if (m == 0 || m > IX_MASK_ALL)
		return -1;
	*mask = m;
	memset(tf, 0, IX_NFIELDS * sizeof *tf);
	/* the fields of the mask only, lowest first */
	for (unsigned r = m; r; r &= r - 1) {
		int f = __builtin_ctz(r);
		if (!ixc_get_at(p, end, checked, &v) || v == 0 || v > b->maxtf[f])
			return -1;
		tf[f] = (uint32_t)v;
		*sum += v;
	}
	return 0;
}

int ixc_blk_docs(const uint8_t *docs, const ixc_blk *b, uint32_t *doc,
		 uint8_t *mask, uint32_t (*tf)[IX_NFIELDS], uint32_t *psum)
{
	const uint8_t *p = docs + b->doff, *end = p + b->dlen;
	uint64_t prev = b->prev, sum = 0;
	uint32_t scratch[IX_BLOCK + 1], i = 0;
	if (b->count > IX_BLOCK || prev > b->last)
		return -1;
	if (!psum)
		psum = scratch;
	for (; i < b->count && (size_t)(end - p) >= IXC_POST_MAX; i++) {
		psum[i] = (uint32_t)sum;
		if (ixc_blk_post(b, &p, end, 0, &prev, &sum, &doc[i], &mask[i], tf[i]))
			return -1;
	}
	for (; i < b->count; i++) {
		psum[i] = (uint32_t)sum;
		if (ixc_blk_post(b, &p, end, 1, &prev, &sum, &doc[i], &mask[i], tf[i]))
			return -1;
	}
	if (p != end || prev != b->last || sum > UINT32_MAX)
		return -1;
	psum[b->count] = (uint32_t)sum;
	return 0;
}

void ixc_chunk(const ixc_row *r, uint32_t first, size_t *off, size_t *len,
	       uint32_t *end)
{
	uint32_t e = first;
	while (e < r->nblocks && r->blk[e].chunk == first)
		e++;
	*off = first < r->nblocks ? r->blk[first].poff : r->pos_len;
	*len = (e < r->nblocks ? r->blk[e].poff : r->pos_len) - *off;
	*end = e;
}

int ixc_blk_pos(const uint8_t *pos, size_t base, size_t pos_len, const ixc_blk *b,
		const uint8_t *mask, uint32_t (*tf)[IX_NFIELDS], uint32_t **out,
		size_t *cap, uint32_t *start)
{
	if (b->poff < base || b->poff - base > pos_len || b->plen > pos_len - (b->poff - base))
		return -1;
	const uint8_t *p = pos + (b->poff - base);
	size_t need = 0;
	for (uint32_t i = 0; i < b->count; i++)
		for (int f = 0; f < IX_NFIELDS; f++)
			need += (mask[i] & (1u << f)) ? tf[i][f] : 0;
	if (need * b->pw != b->plen)
		return -1;
	if (need > *cap) {
		size_t nc = need + need / 2 + 64;
		uint32_t *np = realloc(*out, nc * sizeof *np);
		if (!np)
			return -2;
		*out = np;
		*cap = nc;
	}
	uint32_t *o = *out;
	size_t k = 0;
	for (uint32_t i = 0; i < b->count; i++) {
		start[i] = (uint32_t)k;
		for (int f = 0; f < IX_NFIELDS; f++) {
			if (!(mask[i] & (1u << f)))
				continue;
			for (uint32_t j = 0; j < tf[i][f]; j++, k++)
				o[k] = ixc_pos_at(p, b->pw, k);
		}
	}
	start[b->count] = (uint32_t)k;
	return 0;
}
