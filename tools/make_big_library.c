/*
 * make_big_library.c — fills a new library with N small distinct text
 * papers, fast, for the web benchmark's memory figure (bench/web.sh).
 *
 *   make_big_library LIBRARY N
 *
 * Each paper is generated here (no file is read): a title of three made-up
 * words, a byline, three headed sections of about 120 words drawn from a
 * vocabulary of 4,000 made-up words, so the full-text index holds a
 * realistic spread of terms.  Paper i is the same on every run.  The text
 * goes through the plain-text reader and the analysis in this process (no
 * sandbox: the bytes are our own) and into the store through st_add, as
 * `quire add` would put it; one paper in ten is members-only, one in fifty
 * private.  Prints progress to stderr; exit status 0 on success.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "formats.h"
#include "ingest.h"
#include "quire.h"
#include "store.h"

#define VOCAB 4000

static const char *const syl[] = {
	"ka", "lo", "mer", "ti", "sun", "dra", "vel", "po", "rin", "sha",
	"tor", "ne", "bla", "qui", "zem", "fa", "gor", "li", "mon", "the",
};
#define NSYL (sizeof syl / sizeof syl[0])

/* A small deterministic generator (xorshift64). */
static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Word k of the vocabulary into out: three or four syllables. */
static void word(size_t k, char *out, size_t n)
{
	size_t a = k % NSYL, b = (k / NSYL) % NSYL, c = (k / (NSYL * NSYL)) % NSYL;
	snprintf(out, n, "%s%s%s%s", syl[a], syl[b], syl[(a + c) % NSYL],
		 k % 3 ? "" : "n");
}

static void sentence(buf_t *b, uint64_t *rs, int len)
{
	char w[32];
	for (int i = 0; i < len; i++) {
		/* a Zipf-like draw: small ranks are common */
		uint64_t r = next(rs) % VOCAB;
		r = r * (next(rs) % VOCAB) / VOCAB;
		word((size_t)r, w, sizeof w);
		if (i == 0 && w[0] >= 'a' && w[0] <= 'z')
			w[0] = (char)(w[0] - 'a' + 'A');
		buf_printf(b, "%s%s", i ? " " : "", w);
	}
	buf_puts(b, ". ");
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: make_big_library LIBRARY N\n");
		return 2;
	}
	long n = strtol(argv[2], NULL, 10);
	if (n <= 0) {
		fprintf(stderr, "make_big_library: N must be a positive number\n");
		return 2;
	}
	quire_error err = {0};
	store_t *st = NULL;
	if (st_open(argv[1], ST_CREATE, &st, &err) != QUIRE_OK) {
		fprintf(stderr, "make_big_library: %s: %s\n", argv[1], err.msg);
		return 1;
	}
	quire_options qo = quire_options_default();
	int64_t now = (int64_t)time(NULL);
	int rc = 0;
	for (long i = 0; i < n && rc == 0; i++) {
		uint64_t rs = 0x9E3779B97F4A7C15ULL ^ (uint64_t)(i + 1) * 0x2545F4914F6CDD1DULL;
		buf_t b = BUF_INIT;
		char t1[32], t2[32], t3[32];
		word((size_t)(next(&rs) % VOCAB), t1, sizeof t1);
		word((size_t)(next(&rs) % VOCAB), t2, sizeof t2);
		word((size_t)(next(&rs) % VOCAB), t3, sizeof t3);
		buf_printf(&b, "On %s and %s: %s, paper %ld\n\nBy A. Writer %ld\n\n",
			   t1, t2, t3, i + 1, i % 997);
		static const char *const heads[] = {"Introduction", "Argument", "Conclusion"};
		for (int s = 0; s < 3; s++) {
			buf_printf(&b, "%s\n\n", heads[s]);
			for (int p = 0; p < 2; p++) {
				for (int k = 0; k < 5; k++)
					sentence(&b, &rs, 8 + (int)(next(&rs) % 8));
				buf_puts(&b, "\n\n");
			}
		}
		quire_arena *a = quire_arena_new(0);
		quire_source *src = a ? quire_source_new(a) : NULL;
		quire_paper *p = NULL;
		st_new nw;
		memset(&nw, 0, sizeof nw);
		quire_status s = src && !buf_failed(&b) ? QUIRE_OK : QUIRE_ENOMEM;
		if (s == QUIRE_OK)
			s = rd_text_read((const unsigned char *)b.p, b.len, src, &err);
		if (s == QUIRE_OK)
			s = quire_analyze(src, &qo, a, &p, &err);
		if (s == QUIRE_OK)
			s = ingest_fill(p, "text", a, &nw, &err);
		char sha[65], fname[48];
		if (s == QUIRE_OK) {
			st_sha256_hex((const unsigned char *)b.p, b.len, sha);
			snprintf(fname, sizeof fname, "paper-%ld.txt", i + 1);
			nw.filename = fname;
			nw.file = (const unsigned char *)b.p;
			nw.file_len = b.len;
			nw.sha256 = sha;
			nw.visibility = i % 50 == 7 ? ST_PRIVATE : i % 10 == 3 ? ST_MEMBERS : ST_PUBLIC;
			nw.added = now - (n - i);
			s = st_add(st, &nw, NULL, &err);
		}
		if (s != QUIRE_OK) {
			fprintf(stderr, "make_big_library: paper %ld: %s\n", i + 1,
				err.msg[0] ? err.msg : quire_status_str(s));
			rc = 1;
		}
		quire_arena_free(a);
		buf_free(&b);
		if ((i + 1) % 10000 == 0)
			fprintf(stderr, "%ld papers\n", i + 1);
	}
	st_close(st);
	return rc;
}
