/*
 * bench_analyze.c — analysis throughput, in process.
 *
 *   bench_analyze REPEAT FILE…
 *
 * Reads each file once into memory, then REPEAT times over all of them:
 * sniff, read (the format reader, in process: the sandbox's cost is measured
 * separately), analyse, free the arena.  Prints bytes, papers, seconds,
 * MB/s and papers/s as one line of key=value pairs for bench/run.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "formats.h"
#include "quire.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_analyze REPEAT FILE...\n");
		return 1;
	}
	int repeat = atoi(argv[1]);
	int nf = argc - 2;
	unsigned char **data = calloc((size_t)nf, sizeof *data);
	size_t *len = calloc((size_t)nf, sizeof *len);
	if (!data || !len)
		return 3;
	for (int i = 0; i < nf; i++) {
		quire_error err = {0};
		if (fmt_read_file(argv[i + 2], FMT_MAX_FILE_BYTES, &data[i], &len[i], &err)) {
			fprintf(stderr, "bench_analyze: %s: %s\n", argv[i + 2], err.msg);
			return 2;
		}
	}
	size_t bytes = 0, papers = 0, words = 0, failed = 0;
	double t0 = now();
	for (int r = 0; r < repeat; r++) {
		for (int i = 0; i < nf; i++) {
			const char *what = NULL;
			const fmt_reader *rd = fmt_sniff(data[i], len[i], argv[i + 2], &what);
			if (!rd) {
				failed++;
				continue;
			}
			quire_arena *a = quire_arena_new(0);
			quire_source *src = quire_source_new(a);
			quire_error err = {0};
			quire_paper *p = NULL;
			if (rd->read(data[i], len[i], src, &err) == QUIRE_OK &&
			    quire_analyze(src, NULL, a, &p, &err) == QUIRE_OK) {
				papers++;
				words += p->counts.words;
			} else {
				failed++;
			}
			bytes += len[i];
			quire_arena_free(a);
		}
	}
	double t = now() - t0;
	printf("bytes=%zu papers=%zu failed=%zu words=%zu seconds=%.3f mb_per_s=%.1f papers_per_s=%.0f\n",
	       bytes, papers, failed, words, t, (double)bytes / 1e6 / t, (double)papers / t);
	for (int i = 0; i < nf; i++)
		free(data[i]);
	free(data);
	free(len);
	return failed ? 2 : 0;
}
