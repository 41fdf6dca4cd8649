/*
 * fuzz_ixcodec.c — libFuzzer harness for the decoder of ix's postings
 * (src/search/ixcodec.c), which reads rows of the library file: a damaged
 * or hostile library must be refused (ix_check, a search's "corrupt"
 * error), never read outside its rows.
 *
 * Input: a 4-byte little-endian length n, then n bytes of a row's docs
 * blob, then its positions stream (the corpus: tests/fuzz/seed_ixcodec.c,
 * rows of random postings encoded by ixc_encode, and mutations).  Every
 * block is decoded, and a block that decodes must hold ascending docids
 * inside its bounds and tfs inside its max; its positions are decoded
 * from the whole stream and from its chunk alone, and the tf sums of the
 * docs' decoding must be where the positions of each posting begin.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ixcodec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	size_t n = (size_t)data[0] | (size_t)data[1] << 8 | (size_t)data[2] << 16 |
		   (size_t)data[3] << 24;
	data += 4;
	size -= 4;
	if (n > size)
		n = size;
	/* copies of their own, so that a read past either is caught */
	uint8_t *docs = malloc(n ? n : 1), *pos = malloc(size - n ? size - n : 1);
	size_t plen = size - n;
	if (!docs || !pos) {
		free(docs);
		free(pos);
		return 0;
	}
	memcpy(docs, data, n);
	memcpy(pos, data + n, plen);
	ixc_row row;
	if (ixc_row_open(&row, docs, n) != 0) {
		free(docs);
		free(pos);
		return 0;
	}
	static uint32_t doc[IX_BLOCK], tf[IX_BLOCK][IX_NFIELDS], psum[IX_BLOCK + 1],
		start[IX_BLOCK + 1];
	static uint8_t mask[IX_BLOCK];
	uint32_t *out = NULL;
	size_t cap = 0;
	for (uint32_t b = 0; b < row.nblocks; b++) {
		const ixc_blk *bk = &row.blk[b];
		if (ixc_blk_docs(docs, bk, doc, mask, tf, psum) != 0)
			continue;
		uint32_t prev = bk->prev;
		for (uint32_t i = 0; i < bk->count; i++) {
			if (doc[i] <= prev || doc[i] > bk->last || mask[i] == 0)
				abort();
			prev = doc[i];
			for (int f = 0; f < IX_NFIELDS; f++)
				if (tf[i][f] > bk->maxtf[f] || (tf[i][f] != 0) != ((mask[i] >> f) & 1))
					abort();
		}
		if (prev != bk->last)
			abort();
		if (ixc_blk_pos(pos, 0, plen, bk, mask, tf, &out, &cap, start) == 0)
			for (uint32_t j = 0; j <= bk->count; j++)
				if (start[j] != psum[j])
					abort();
		size_t coff, clen;
		uint32_t cend;
		ixc_chunk(&row, bk->chunk, &coff, &clen, &cend);
		if (coff <= plen && clen <= plen - coff)
			(void)ixc_blk_pos(pos + coff, coff, clen, bk, mask, tf, &out, &cap, start);
	}
	free(out);
	ixc_row_free(&row);
	free(docs);
	free(pos);
	return 0;
}
