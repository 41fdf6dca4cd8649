/*
 * cmd_dups.c — `quire duplicates`: pairs of papers of the library that
 * are (nearly) the same text, from the fingerprint index alone.
 *
 * Decisions:
 *  - One pass over the index in hash order (st_fp_walk: constant memory
 *    on the store's side) counts, for every pair of papers, the distinct
 *    fingerprints they share; a pair's share is that count over the
 *    smaller paper's fingerprints (so a paper copied whole into a longer
 *    one shows as 100%).  Hashes found in more than DUPS_MAX_PAPERS papers
 *    are boilerplate and left out (and bound the pairs a hash makes).
 *  - Bounded memory over any library: the pair counts live in one
 *    open-addressing table of at most DUPS_MAX_PAIRS entries.  When a pass
 *    would overflow it, the work is split: pass p of P keeps only the
 *    pairs whose first paper's key is p modulo P, and P grows until every
 *    pass fits (each pass streams the index again).
 *  - A pair is listed when its share reaches --min-share (default 0.8),
 *    largest first.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chk.h"
#include "cmd_check.h"

#define DUPS_MAX_PAPERS 32        /* papers of one hash counted */
#define DUPS_MAX_PAIRS (1u << 22) /* table entries (16 bytes each: 64 MiB) */

typedef struct pair_ent {
	uint64_t key;   /* (a << 32 | b) + 1; 0: empty */
	uint32_t count;
} pair_ent;

typedef struct dups {
	pair_ent *tab;
	size_t cap, used;
	uint64_t parts, part;
	int overflow;
	uint32_t *size;  /* distinct hashes of each paper, by key */
	size_t n_size;
} dups_t;

static int size_of(int64_t key, const char *id, size_t n_hashes, void *ctx)
{
	dups_t *d = ctx;
	(void)id;
	if (key < 0 || (uint64_t)key >= d->n_size) {
		size_t n = d->n_size ? d->n_size : 1024;
		while ((uint64_t)key >= n)
			n *= 2;
		uint32_t *v = realloc(d->size, n * sizeof *v);
		if (!v || key < 0)
			return 1;
		memset(v + d->n_size, 0, (n - d->n_size) * sizeof *v);
		d->size = v;
		d->n_size = n;
	}
	d->size[key] = n_hashes > UINT32_MAX ? UINT32_MAX : (uint32_t)n_hashes;
	return 0;
}

static int count_pairs(uint64_t hash, const int64_t *p, size_t n, void *ctx)
{
	dups_t *d = ctx;
	(void)hash;
	for (size_t i = 0; i < n; i++) {
		if ((uint64_t)p[i] % d->parts != d->part)
			continue;
		for (size_t j = i + 1; j < n; j++) {
			uint64_t k = (((uint64_t)p[i] << 32) | (uint64_t)p[j]) + 1;
			size_t h = (size_t)((k * 0x9E3779B97F4A7C15ULL) >> 20) & (d->cap - 1);
			while (d->tab[h].key && d->tab[h].key != k)
				h = (h + 1) & (d->cap - 1);
			if (!d->tab[h].key) {
				if (d->used + 1 > d->cap / 10 * 7) {
					d->overflow = 1;
					return 1;
				}
				d->tab[h].key = k;
				d->used++;
			}
			d->tab[h].count++;
		}
	}
	return 0;
}

typedef struct dup_pair {
	int64_t a, b;
	uint32_t shared;
	double share;
} dup_pair;

static int by_share(const void *x, const void *y)
{
	const dup_pair *p = x, *q = y;
	if (p->share != q->share)
		return p->share < q->share ? 1 : -1;
	return p->a < q->a ? -1 : p->a > q->a ? 1 : (p->b > q->b) - (p->b < q->b);
}

int cmd_duplicates(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"min-share", required_argument, NULL, 'm'},
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0}};
	double min_share = 0.8;
	int json = 0, c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c == 'j') {
			json = 1;
		} else if (c == 'm') {
			char *end;
			double v = strtod(optarg, &end);
			if (end != optarg && *end == '%') {
				v /= 100.0;
				end++;
			}
			if (end == optarg || *end || !(v > 0.0 && v <= 1.0))
				return cli_usage_error("duplicates",
					"--min-share needs a share from 0 to 1 (or a percentage), not '%s'",
					optarg);
			min_share = v;
		} else {
			return cli_bad_option("duplicates", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("duplicates", "unexpected argument '%s'",
				       argv[optind]);
	store_t *st;
	int rc = cli_open(ctx, ST_READONLY, &st);
	if (rc)
		return rc;
	quire_error err = {0};
	dups_t d;
	memset(&d, 0, sizeof d);
	d.cap = DUPS_MAX_PAIRS;
	d.tab = calloc(d.cap, sizeof *d.tab);
	dup_pair *out = NULL;
	size_t n_out = 0, cap_out = 0;
	quire_status s = d.tab ? st_fp_papers(st, size_of, &d, &err)
			       : quire_error_set(&err, QUIRE_ENOMEM, "out of memory");
	d.parts = 1;
	for (d.part = 0; s == QUIRE_OK && d.part < d.parts;) {
		memset(d.tab, 0, d.cap * sizeof *d.tab);
		d.used = 0;
		d.overflow = 0;
		s = st_fp_walk(st, DUPS_MAX_PAPERS, count_pairs, &d, &err);
		if (s)
			break;
		if (d.overflow) { /* split the work finer and start over */
			d.parts *= 4;
			d.part = 0;
			n_out = 0;
			continue;
		}
		for (size_t i = 0; i < d.cap; i++) {
			if (!d.tab[i].key)
				continue;
			uint64_t k = d.tab[i].key - 1;
			int64_t a = (int64_t)(k >> 32), b = (int64_t)(k & 0xffffffffu);
			uint32_t na = (uint64_t)a < d.n_size ? d.size[a] : 0;
			uint32_t nb = (uint64_t)b < d.n_size ? d.size[b] : 0;
			uint32_t small = na < nb ? na : nb;
			double sh = small ? (double)d.tab[i].count / small : 0.0;
			if (sh > 1.0)
				sh = 1.0;
			if (sh < min_share)
				continue;
			if (n_out == cap_out) {
				size_t nc = cap_out ? cap_out * 2 : 256;
				dup_pair *v = realloc(out, nc * sizeof *v);
				if (!v) {
					s = quire_error_set(&err, QUIRE_ENOMEM, "out of memory");
					break;
				}
				out = v;
				cap_out = nc;
			}
			out[n_out++] = (dup_pair){a, b, d.tab[i].count, sh};
		}
		d.part++;
	}
	free(d.tab);
	if (s == QUIRE_OK) {
		qsort(out, n_out, sizeof *out, by_share);
		buf_t b = BUF_INIT;
		if (json)
			buf_putc(&b, '[');
		for (size_t i = 0; i < n_out && s == QUIRE_OK; i++) {
			quire_arena *a = quire_arena_new(0);
			st_paper pa, pb;
			if (!a) {
				s = quire_error_set(&err, QUIRE_ENOMEM, "out of memory");
				break;
			}
			if (st_fp_paper(st, out[i].a, 0, a, &pa, &err) != QUIRE_OK ||
			    st_fp_paper(st, out[i].b, 0, a, &pb, &err) != QUIRE_OK) {
				quire_arena_free(a);
				continue;
			}
			uint32_t na = d.size[out[i].a], nb = d.size[out[i].b];
			if (json) {
				int n = 0;
				buf_puts(&b, i ? ",{" : "{");
				cli_json_str(&b, &n, "id", pa.id);
				cli_json_str(&b, &n, "title", pa.title);
				cli_json_str(&b, &n, "other_id", pb.id);
				cli_json_str(&b, &n, "other_title", pb.title);
				cli_json_key(&b, &n, "share");
				buf_printf(&b, "%.4f", out[i].share);
				cli_json_int(&b, &n, "shared", out[i].shared);
				cli_json_int(&b, &n, "fingerprints", na);
				cli_json_int(&b, &n, "other_fingerprints", nb);
				buf_putc(&b, '}');
			} else {
				buf_printf(&b, "%3d%%  %s  ", (int)(out[i].share * 100.0 + 0.5), pa.id);
				cli_fit(&b, pa.title && *pa.title ? pa.title : "(untitled)", 30, 1);
				buf_printf(&b, "  %s  ", pb.id);
				cli_fit(&b, pb.title && *pb.title ? pb.title : "(untitled)", 30, 0);
				buf_putc(&b, '\n');
			}
			quire_arena_free(a);
			if (b.len > 65536 && cli_flush(&b) != 0)
				break;
		}
		if (json)
			buf_puts(&b, "]\n");
		else if (n_out == 0)
			buf_printf(&b, "no pairs of papers share %.0f%% or more\n", min_share * 100.0);
		cli_flush(&b);
		buf_free(&b);
	}
	free(out);
	free(d.size);
	if (s) {
		char path[4096];
		cli_library_path(ctx->library, path, sizeof path);
		cli_error(path, "%s", err.msg[0] ? err.msg : quire_status_str(s));
		rc = CLI_EXIT_LIBRARY;
	}
	st_close(st);
	return rc;
}
