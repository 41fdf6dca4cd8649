/*
 * csl_bench.c — times quire's CSL processor in process, for
 * bench/csl_speed.sh: style and locale loading apart from formatting.
 *
 *   csl_bench STYLE.csl ITEMS.json [--locales DIR] [--repeat N] [--out FILE]
 *
 * --out writes the (last) bibliography as text to FILE, one entry a line
 * as `quire format` prints it, to check that a speed change keeps the
 * output byte for byte.
 *
 * Prints one line of key=value pairs:
 *   style_ms      parsing the style (csl_style_load), best of N
 *   locale_ms     parsing its locale chain (csl_locale_load), best of N
 *   items_ms      reading the CSL-JSON items into an engine
 *                 (csl_engine_new + csl_engine_add_items), best of N
 *   bib_ms        formatting the whole bibliography as text
 *                 (csl_engine_bibliography, sorting and disambiguation
 *                 included), best of N
 *   entries       entries in that bibliography
 *   entries_per_s entries / bib_ms; with_items_per_s counts items_ms too
 * Time is the process's CPU time (CLOCK_PROCESS_CPUTIME_ID), so a busy
 * machine skews it less than wall time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/csl/csl.h"
#include "buf.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf_t b = BUF_INIT;
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, k);
	fclose(f);
	if (buf_failed(&b)) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}

static void die(const char *what, const quire_error *err)
{
	fprintf(stderr, "csl_bench: %s: %s\n", what, err ? err->msg : "failed");
	exit(1);
}

int main(int argc, char **argv)
{
	const char *style_path = NULL, *items_path = NULL;
	const char *locdir = "/usr/share/citation-style-language/locales";
	const char *out_path = NULL;
	int repeat = 5;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--locales") == 0 && i + 1 < argc)
			locdir = argv[++i];
		else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc)
			out_path = argv[++i];
		else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
			repeat = atoi(argv[++i]);
		else if (!style_path)
			style_path = argv[i];
		else
			items_path = argv[i];
	}
	if (!style_path || !items_path || repeat < 1) {
		fputs("usage: csl_bench STYLE.csl ITEMS.json [--locales DIR] [--repeat N] [--out FILE]\n",
		      stderr);
		return 2;
	}
	size_t sn, in;
	char *sx = slurp(style_path, &sn), *items = slurp(items_path, &in);
	if (!sx || !items)
		die("cannot read the style or the items", NULL);
	quire_error err = {0};
	double best_style = 1e30, best_loc = 1e30, best_items = 1e30, best_bib = 1e30;
	size_t entries = 0;
	for (int r = 0; r < repeat; r++) {
		double t0 = now_ms();
		csl_style *s = csl_style_load(sx, sn, style_path, &err);
		if (!s)
			die("style", &err);
		double t1 = now_ms();
		const char *tags[CSL_LOCALE_CHAIN_MAX];
		size_t nt = csl_locale_chain(csl_style_default_locale(s), tags);
		csl_locale *loc[CSL_LOCALE_CHAIN_MAX];
		size_t nl = 0;
		double lt = 0;
		for (size_t t = 0; t < nt; t++) {
			char p[4096];
			snprintf(p, sizeof p, "%s/locales-%s.xml", locdir, tags[t]);
			size_t ln;
			char *lx = slurp(p, &ln);
			if (!lx)
				continue;
			double a = now_ms();
			loc[nl] = csl_locale_load(lx, ln, p, &err);
			lt += now_ms() - a;
			free(lx);
			if (!loc[nl])
				die("locale", &err);
			nl++;
		}
		double t2 = now_ms();
		csl_engine *e = csl_engine_new(s, NULL, (const csl_locale *const *)loc, nl, &err);
		if (!e || csl_engine_add_items(e, items, in, &err))
			die("items", &err);
		double t3 = now_ms();
		quire_arena *a = quire_arena_new(0);
		csl_bib bib;
		if (!a || csl_engine_bibliography(e, CSL_TEXT, 0, a, &bib, &err))
			die("bibliography", &err);
		double t4 = now_ms();
		entries = bib.n;
		if (out_path && r == repeat - 1) {
			FILE *f = fopen(out_path, "w");
			char *j = csl_bib_join(&bib, CSL_TEXT, a);
			if (!f || !j)
				die("cannot write --out", NULL);
			fputs(j, f);
			if (*j && j[strlen(j) - 1] != '\n')
				fputc('\n', f);
			fclose(f);
		}
		if (t1 - t0 < best_style)
			best_style = t1 - t0;
		if (lt < best_loc)
			best_loc = lt;
		if (t3 - t2 < best_items)
			best_items = t3 - t2;
		if (t4 - t3 < best_bib)
			best_bib = t4 - t3;
		quire_arena_free(a);
		csl_engine_free(e);
		for (size_t i = 0; i < nl; i++)
			csl_locale_free(loc[i]);
		csl_style_free(s);
	}
	printf("style_ms=%.2f locale_ms=%.2f items_ms=%.2f bib_ms=%.2f entries=%zu "
	       "entries_per_s=%.0f with_items_per_s=%.0f\n",
	       best_style, best_loc, best_items, best_bib, entries,
	       best_bib > 0 ? (double)entries / (best_bib / 1e3) : 0.0,
	       best_bib + best_items > 0
		       ? (double)entries / ((best_bib + best_items) / 1e3) : 0.0);
	free(sx);
	free(items);
	return 0;
}
