/*
 * seed_ixcodec.c — writes the seed corpus of fuzz_ixcodec
 * (tests/fuzz/corpus_ixcodec/): rows of random postings (fixed seeds:
 * one to a few blocks, 1 to 6 fields, positions of 2 and 4 bytes) encoded
 * by ixc_encode, each as the harness reads it: a 4-byte little-endian
 * length, the docs blob, the positions stream.  Built and run by hand:
 *
 *   cc -std=c17 -D_GNU_SOURCE -Iinclude -Isrc/core -Isrc/search \
 *      tests/fuzz/seed_ixcodec.c src/search/ixcodec.c src/core/buf.c src/core/arena.c \
 *      -o /tmp/seed_ixcodec && /tmp/seed_ixcodec tests/fuzz/corpus_ixcodec
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ixcodec.h"

static uint64_t rng(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: seed_ixcodec DIR\n");
		return 2;
	}
	static const size_t sizes[] = {1, 3, 127, 128, 129, 300};
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		uint64_t s = 0x9E3779B97F4A7C15ull + k;
		size_t n = sizes[k];
		ixc_post *p = calloc(n, sizeof *p);
		uint32_t *pos = calloc(n * IX_NFIELDS * 8, sizeof *pos);
		if (!p || !pos)
			return 1;
		uint32_t doc = 0, *w = pos;
		int wide = k % 2; /* positions past 65,535: 4 bytes */
		for (size_t i = 0; i < n; i++) {
			doc += 1 + (uint32_t)(rng(&s) % 50);
			p[i].doc = doc;
			p[i].mask = (uint8_t)(1 + rng(&s) % IX_MASK_ALL);
			p[i].pos = w;
			for (int f = 0; f < IX_NFIELDS; f++) {
				if (!(p[i].mask & (1u << f)))
					continue;
				p[i].tf[f] = 1 + (uint32_t)(rng(&s) % 8);
				p[i].lenlb[f] = p[i].tf[f] + (uint32_t)(rng(&s) % 100);
				uint32_t at = wide ? 70000 : 0;
				for (uint32_t t = 0; t < p[i].tf[f]; t++) {
					at += 1 + (uint32_t)(rng(&s) % 20);
					*w++ = at;
				}
			}
		}
		buf_t docs = BUF_INIT, pb = BUF_INIT;
		if (ixc_encode(p, n, &docs, &pb) != 0)
			return 1;
		char path[4096];
		snprintf(path, sizeof path, "%s/row-%zu-%s", argv[1], n, wide ? "wide" : "narrow");
		FILE *fp = fopen(path, "wb");
		if (!fp)
			return 1;
		uint8_t len[4] = {(uint8_t)docs.len, (uint8_t)(docs.len >> 8),
				  (uint8_t)(docs.len >> 16), (uint8_t)(docs.len >> 24)};
		fwrite(len, 1, 4, fp);
		fwrite(docs.p, 1, docs.len, fp);
		fwrite(pb.p, 1, pb.len, fp);
		fclose(fp);
		buf_free(&docs);
		buf_free(&pb);
		free(p);
		free(pos);
	}
	return 0;
}
