/*
 * cmd_search.c — `quire search` and `quire related`.
 *
 * Decisions:
 *  - The command line is the library's owner at the keyboard: it searches
 *    with an admin's access (every paper's full text takes part).  The
 *    access rule itself is the engine's (search.c) and is tested there.
 *  - Several QUERY arguments are joined by spaces, so `quire search braided
 *    channel` needs no quotes; a phrase needs the shell's quotes around
 *    the double quotes: quire search '"braided channel"'.
 *  - Each hit is three lines and a blank one: "ID  Title", the stats line,
 *    the snippet.  The matched words of the snippet are bold on a
 *    terminal and between [[ and ]] otherwise (and in --json), so a pipe
 *    or a test sees them without escape codes.
 *  - --json prints one object: {"total", "offset", "relaxed",
 *    "suggestion" (only when there is one), "hits": [{id, title, authors,
 *    year, format, words, pages, score, can_open, snippet}]}.
 *  - --any ORs the words and ranks (for a question in plain language);
 *    without it all words must match, and when no paper has them all the
 *    papers with most of them come after a line that says so.  With no
 *    hits, a spelling from the library's own words is offered ("Did you
 *    mean: …").
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_search.h"
#include "search.h"

/* Appends the snippet s on one line: line breaks become spaces, the marks
 * bold (tty) or [[ ]]. */
static void put_snippet(buf_t *b, const char *s, int tty)
{
	for (; s && *s; s++) {
		if (*s == SRCH_MARK_OPEN)
			buf_puts(b, tty ? "\033[1m" : "[[");
		else if (*s == SRCH_MARK_CLOSE)
			buf_puts(b, tty ? "\033[0m" : "]]");
		else if (*s == '\n' || *s == '\r' || *s == '\t')
			buf_putc(b, ' ');
		else
			buf_putc(b, *s);
	}
}

static int print_result(const srch_result *r, size_t offset, int json)
{
	buf_t b = BUF_INIT, sn = BUF_INIT;
	int tty = cli_term_width() > 0;

	if (json) {
		int n = 0;
		buf_putc(&b, '{');
		cli_json_int(&b, &n, "total", (long long)r->total);
		cli_json_int(&b, &n, "offset", (long long)offset);
		cli_json_key(&b, &n, "relaxed");
		buf_puts(&b, r->relaxed ? "true" : "false");
		if (r->suggestion)
			cli_json_str(&b, &n, "suggestion", r->suggestion);
		cli_json_key(&b, &n, "hits");
		buf_putc(&b, '[');
		for (size_t i = 0; i < r->n; i++) {
			const srch_hit *h = &r->hits[i];
			int m = 0;
			if (i)
				buf_putc(&b, ',');
			buf_putc(&b, '{');
			cli_json_str(&b, &m, "id", h->id);
			cli_json_str(&b, &m, "title", h->title);
			cli_json_lines(&b, &m, "authors", h->authors);
			cli_json_key(&b, &m, "year");
			if (h->year)
				buf_printf(&b, "%d", h->year);
			else
				buf_puts(&b, "null");
			cli_json_str(&b, &m, "format", h->format);
			cli_json_int(&b, &m, "words", (long long)h->words);
			cli_json_int(&b, &m, "pages", (long long)h->pages);
			cli_json_key(&b, &m, "score");
			buf_printf(&b, "%.6g", h->score);
			cli_json_key(&b, &m, "can_open");
			buf_puts(&b, h->can_open ? "true" : "false");
			buf_reset(&sn);
			put_snippet(&sn, h->snippet, 0);
			buf_putc(&sn, '\0');
			cli_json_str(&b, &m, "snippet", sn.p ? sn.p : "");
			buf_putc(&b, '}');
		}
		buf_puts(&b, "]}\n");
	} else {
		if (r->relaxed)
			buf_puts(&b, "No paper has all the words; showing papers with most of them.\n\n");
		for (size_t i = 0; i < r->n; i++) {
			const srch_hit *h = &r->hits[i];
			char stats[64];
			buf_printf(&b, "%s  ", h->id);
			if (tty)
				cli_fit(&b, h->title, cli_title_cols(strlen(h->id)) + 20, 0);
			else
				buf_puts(&b, h->title);
			buf_printf(&b, "\n    %s", cli_stats_line(h->words, h->pages,
							     stats, sizeof stats));
			if (h->year)
				buf_printf(&b, " \xC2\xB7 %d", h->year);
			if (h->snippet && *h->snippet) { /* related papers have none */
				buf_puts(&b, "\n    ");
				put_snippet(&b, h->snippet, tty);
			}
			buf_puts(&b, "\n\n");
		}
		if (r->total == 0 && r->suggestion)
			buf_printf(&b, "No papers match. Did you mean: %s\n", r->suggestion);
		else if (r->total == 0)
			buf_puts(&b, "No papers match.\n");
		else if (r->n == 0)
			buf_printf(&b, "No papers past %zu (%zu in all).\n", offset,
				   r->total);
		else
			buf_printf(&b, "%zu\xE2\x80\x93%zu of %zu\n", offset + 1,
				   offset + r->n, r->total);
	}
	buf_free(&sn);
	int failed = buf_failed(&b);
	int rc = failed ? -1 : cli_flush(&b);
	buf_free(&b);
	if (failed) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_LIBRARY;
	}
	return rc == 0 ? CLI_EXIT_OK : CLI_EXIT_INPUT;
}

/* Parses a number option (0..max) or prints a usage error. */
static int number(const char *cmd, const char *opt, const char *s,
		  unsigned long long max, unsigned long long *v)
{
	if (cli_parse_uint(s, max, v) != 0)
		return cli_usage_error(cmd, "%s needs a number from 0 to %llu, not '%s'",
				       opt, max, s);
	return 0;
}

enum {
	OPT_LIMIT = 256, OPT_OFFSET, OPT_SORT, OPT_REVERSE, OPT_TAG, OPT_FORMAT,
	OPT_YMIN, OPT_YMAX, OPT_JSON, OPT_ANY
};

int cmd_search(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"limit", required_argument, NULL, OPT_LIMIT},
		{"offset", required_argument, NULL, OPT_OFFSET},
		{"sort", required_argument, NULL, OPT_SORT},
		{"reverse", no_argument, NULL, OPT_REVERSE},
		{"tag", required_argument, NULL, OPT_TAG},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"year-min", required_argument, NULL, OPT_YMIN},
		{"year-max", required_argument, NULL, OPT_YMAX},
		{"json", no_argument, NULL, OPT_JSON},
		{"any", no_argument, NULL, OPT_ANY},
		{NULL, 0, NULL, 0}};
	srch_query q;
	unsigned long long v;
	int json = 0, c;

	memset(&q, 0, sizeof q);
	q.limit = 20;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (c) {
		case OPT_LIMIT:
			if (number("search", "--limit", optarg, 100, &v))
				return CLI_EXIT_USAGE;
			if (v == 0)
				return cli_usage_error("search", "--limit must be 1 to 100");
			q.limit = (size_t)v;
			break;
		case OPT_OFFSET:
			if (number("search", "--offset", optarg, 1000000000, &v))
				return CLI_EXIT_USAGE;
			q.offset = (size_t)v;
			break;
		case OPT_SORT:
			if (strcmp(optarg, "relevance") == 0)
				q.sort = SRCH_SORT_RELEVANCE;
			else if (strcmp(optarg, "added") == 0)
				q.sort = SRCH_SORT_ADDED;
			else if (strcmp(optarg, "title") == 0)
				q.sort = SRCH_SORT_TITLE;
			else if (strcmp(optarg, "words") == 0)
				q.sort = SRCH_SORT_WORDS;
			else
				return cli_usage_error("search",
						       "--sort is relevance, added, title or words, not '%s'",
						       optarg);
			break;
		case OPT_REVERSE: q.descending = 1; break;
		case OPT_TAG: q.tag = optarg; break;
		case OPT_FORMAT: q.format = optarg; break;
		case OPT_YMIN:
		case OPT_YMAX:
			if (number("search", c == OPT_YMIN ? "--year-min" : "--year-max",
				   optarg, 9999, &v))
				return CLI_EXIT_USAGE;
			if (c == OPT_YMIN)
				q.year_min = (int)v;
			else
				q.year_max = (int)v;
			break;
		case OPT_JSON: json = 1; break;
		case OPT_ANY: q.any = 1; break;
		default:
			return cli_bad_option("search", c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("search", "no QUERY given");

	buf_t text = BUF_INIT;
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			buf_putc(&text, ' ');
		buf_puts(&text, argv[i]);
	}
	buf_putc(&text, '\0');
	if (buf_failed(&text)) {
		buf_free(&text);
		cli_error(NULL, "out of memory");
		return CLI_EXIT_LIBRARY;
	}
	q.text = text.p;
	q.access.admin = 1; /* the library's owner */
	q.access.signed_in = 1;

	store_t *st = NULL;
	int rc = cli_open(ctx, ST_READONLY, &st);
	if (rc != CLI_EXIT_OK) {
		buf_free(&text);
		return rc;
	}
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	srch_result r;
	quire_status s = a ? srch_search(st, &q, a, &r, &err)
			   : quire_error_set(&err, QUIRE_ENOMEM, "out of memory");
	if (s != QUIRE_OK) {
		cli_error(NULL, "%s", err.msg[0] ? err.msg : quire_status_str(s));
		rc = s == QUIRE_ENOMEM ? CLI_EXIT_LIBRARY : cli_exit_for(s);
	} else {
		rc = print_result(&r, q.offset, json);
	}
	quire_arena_free(a);
	st_close(st);
	buf_free(&text);
	return rc;
}

int cmd_related(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"limit", required_argument, NULL, OPT_LIMIT},
		{"json", no_argument, NULL, OPT_JSON},
		{NULL, 0, NULL, 0}};
	unsigned long long v;
	size_t limit = 10;
	int json = 0, c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (c) {
		case OPT_LIMIT:
			if (number("related", "--limit", optarg, 100, &v))
				return CLI_EXIT_USAGE;
			if (v == 0)
				return cli_usage_error("related", "--limit must be 1 to 100");
			limit = (size_t)v;
			break;
		case OPT_JSON: json = 1; break;
		default:
			return cli_bad_option("related", c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("related", "no ID given");
	if (optind + 1 < argc)
		return cli_usage_error("related", "one ID only");

	store_t *st = NULL;
	int rc = cli_open(ctx, ST_READONLY, &st);
	if (rc != CLI_EXIT_OK)
		return rc;
	quire_arena *a = quire_arena_new(0);
	if (!a) {
		st_close(st);
		cli_error(NULL, "out of memory");
		return CLI_EXIT_LIBRARY;
	}
	st_paper sp;
	rc = cli_get(st, argv[optind], 0, a, &sp); /* takes a prefix too */
	if (rc == 0) {
		srch_access acc = {1, 1, NULL};
		quire_error err = {0};
		srch_result r;
		quire_status s = srch_related(st, sp.id, &acc, limit, a, &r, &err);
		if (s != QUIRE_OK) {
			cli_error(sp.id, "%s", err.msg[0] ? err.msg : quire_status_str(s));
			rc = s == QUIRE_ENOMEM ? CLI_EXIT_LIBRARY : cli_exit_for(s);
		} else {
			rc = print_result(&r, 0, json);
		}
	}
	quire_arena_free(a);
	st_close(st);
	return rc;
}
