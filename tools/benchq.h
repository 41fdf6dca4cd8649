/*
 * benchq.h — the search benchmark's queries (bench/queries/search.tsv), read
 * the same way by tools/bench_search.c (the whole engine, FTS5, Xapian) and
 * tools/bench_ix.c (the index alone).
 *
 * One query a line, eight tab-separated fields: kind, text, year_min,
 * year_max, tag, format, min_words, max_words (0 or empty: no bound).
 * Lines with fewer fields are skipped.  Header-only, like splitscore.h.
 */
#ifndef QUIRE_BENCHQ_H
#define QUIRE_BENCHQ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct benchq {
	char *kind, *text, *tag, *format; /* tag, format NULL: none */
	int year_min, year_max;
	size_t min_words, max_words;
} benchq;

static char *benchq_dup(const char *s)
{
	char *d = strdup(s);
	if (!d) {
		fprintf(stderr, "benchmark: out of memory\n");
		exit(1);
	}
	return d;
}

/* The queries of the file at path (malloc'ed, never freed: a benchmark's
 * lifetime); *nq gets how many.  Exits with a message naming the file
 * when it cannot be read. */
__attribute__((unused)) static benchq *benchq_load(const char *path, size_t *nq)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "benchmark: %s: cannot read\n", path);
		exit(1);
	}
	benchq *v = NULL;
	size_t n = 0, cap = 0;
	char line[4096];
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		char *fld[8] = {0};
		char *p = line;
		for (int k = 0; k < 8; k++) {
			fld[k] = p;
			char *tab = p ? strchr(p, '\t') : NULL;
			if (tab)
				*tab = '\0';
			p = tab ? tab + 1 : NULL;
		}
		if (!fld[7])
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 512;
			benchq *nv = realloc(v, cap * sizeof *nv);
			if (!nv) {
				fprintf(stderr, "benchmark: out of memory\n");
				exit(1);
			}
			v = nv;
		}
		benchq *q = &v[n++];
		q->kind = benchq_dup(fld[0]);
		q->text = benchq_dup(fld[1]);
		q->year_min = atoi(fld[2]);
		q->year_max = atoi(fld[3]);
		q->tag = *fld[4] ? benchq_dup(fld[4]) : NULL;
		q->format = *fld[5] ? benchq_dup(fld[5]) : NULL;
		q->min_words = (size_t)strtoul(fld[6], NULL, 10);
		q->max_words = (size_t)strtoul(fld[7], NULL, 10);
	}
	fclose(f);
	*nq = n;
	return v;
}

#endif
