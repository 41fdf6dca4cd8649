/*
 * cmd_reindex.c — `quire reindex`: rebuild the indexes from the papers.
 *
 * Both indexes (the search index and the fingerprint index of reused
 * passages) change with the store in the same transactions, so this is
 * never needed in normal use; it is the repair for an index that `quire
 * check` finds out of step (a library copied half-way, a file edited by
 * hand), and the step an upgrade that changes the fingerprints' hashes asks
 * for.  It can be run at any time: the old search index stays until the new
 * one is whole.
 */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "progress.h"

static void on_progress(size_t done, size_t total, void *ctx)
{
	prog_t *p = ctx;
	p->total = total;
	prog_update(p, done, "rebuilding the search index");
}

int cmd_reindex(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {{"all", no_argument, NULL, 'a'},
					   {NULL, 0, NULL, 0}};
	int c, all = 0;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c != 'a')
			return cli_bad_option("reindex", c, argv);
		all = 1;
	}
	if (optind < argc)
		return cli_usage_error("reindex", "unexpected argument '%s'", argv[optind]);
	store_t *st;
	int rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc)
		return rc;
	size_t n = 0;
	quire_error err = {0};
	prog_t p;
	if (st_count(st, &n, &err) == QUIRE_OK) {
		prog_init(&p, n, "papers", isatty(2));
		size_t fp_done = 0, fp_indexed = 0;
		if (st_reindex(st, on_progress, &p, &err) == QUIRE_OK &&
		    st_fp_reindex(st, all, &fp_done, &err) == QUIRE_OK &&
		    st_fp_status(st, &fp_indexed, NULL, &err) == QUIRE_OK &&
		    st_check(st, &err) == QUIRE_OK) {
			prog_clear(&p);
			char cnt[32], fa[32], fb[32];
			printf("search index rebuilt: %s paper%s\n",
			       quire_format_count(n, cnt, sizeof cnt), n == 1 ? "" : "s");
			printf("fingerprints: %s paper%s indexed now, %s in the index\n",
			       quire_format_count(fp_done, fa, sizeof fa), fp_done == 1 ? "" : "s",
			       quire_format_count(fp_indexed, fb, sizeof fb));
			st_close(st);
			return CLI_EXIT_OK;
		}
		prog_clear(&p);
	}
	char path[4096];
	cli_library_path(ctx->library, path, sizeof path);
	cli_error(path, "%s", err.msg[0] ? err.msg : "rebuilding the search index failed");
	st_close(st);
	return CLI_EXIT_LIBRARY;
}
