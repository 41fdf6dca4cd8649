/*
 * cmd_check.c — `quire check FILE...` (reused passages: a text checked
 * against the whole library), `quire reindex`, and the near-duplicate
 * warning of `quire add` (see cmd_check.h; the work is chk.h's).
 *
 * Decisions:
 *  - `quire check` already was the library's integrity check, and
 *    scripts run it.  It stays so when no FILE is given; with FILEs (or
 *    an option of the reuse check) it checks them.  One verb, two
 *    readings told apart by the arguments, as `git log` vs `git log FILE`.
 *  - The command line runs as the library's owner: every paper takes
 *    part and every passage is shown.
 *  - Text output: the overall share, one line per matching paper, then
 *    the passages side by side (the checked text, then the paper's),
 *    words found in both in bold on a terminal and between [[ and ]]
 *    otherwise (the convention of `quire search`); a long passage shows
 *    its first CHECK_SHOW_WORDS words.
 *  - --json: one object per FILE and line.  Offsets and lengths are in
 *    code points (chk.h says of which text), as PAN's scorer reads them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chk.h"
#include "cmd_check.h"
#include "formats.h"
#include "ingest.h"

#define CHECK_SHOW_WORDS 60 /* words of a passage shown in text output */

/* ---- the near-duplicate warning ------------------------------------------ */

int cli_near_duplicate(store_t *st, const reuse_fp *fps, size_t n,
		       quire_arena *a, cli_neardup *d)
{
	st_paper other;
	double share = 0;
	quire_error err = {0};
	memset(d, 0, sizeof *d);
	if (chk_near_duplicate(st, fps, n, a, &share, &other, &err) != QUIRE_OK ||
	    share < CHK_NEAR_DUPLICATE || !other.id[0])
		return 0;
	d->share = share;
	memcpy(d->id, other.id, sizeof d->id);
	d->title = other.title ? other.title : "";
	return 1;
}

void cli_near_duplicate_warn(const char *file, const cli_neardup *d)
{
	fprintf(stderr, "quire: %s: warning: %.0f%% of this paper matches %s \xE2\x80\x9C%s\xE2\x80\x9D\n",
		file, d->share * 100.0 < 99.5 && d->share < 1.0 ? d->share * 100.0 : 100.0,
		d->id, d->title);
}

void cli_near_duplicate_json(buf_t *b, int *n, const cli_neardup *d)
{
	cli_json_key(b, n, "near_duplicate");
	if (!d || !d->id[0]) {
		buf_puts(b, "null");
		return;
	}
	int k = 0;
	buf_putc(b, '{');
	cli_json_str(b, &k, "id", d->id);
	cli_json_str(b, &k, "title", d->title);
	cli_json_key(b, &k, "share");
	buf_printf(b, "%.4f", d->share);
	buf_putc(b, '}');
}

/* ---- printing a check ----------------------------------------------------- */

/* Rounds a share to a whole percent, never showing 100% for less or 0%
 * for some. */
static int pct(double share, size_t covered)
{
	int p = (int)(share * 100.0 + 0.5);
	if (p >= 100 && share < 1.0)
		p = 99;
	if (p == 0 && covered > 0)
		p = 1;
	return p;
}

/* Appends the words [w0, w0+nw) of t as they are written (white space
 * runs as one space), the marked ones highlighted; at most max words. */
static void put_words(buf_t *b, const reuse_text *t, size_t w0, size_t nw,
		      const unsigned char *mark, size_t max, int tty)
{
	size_t end = w0 + nw < t->n_words ? w0 + nw : t->n_words;
	size_t stop = nw > max ? w0 + max : end;
	int on = 0;
	for (size_t i = w0; i < stop; i++) {
		const reuse_word *w = &t->words[i];
		int m = mark && mark[i];
		if (i > w0)
			buf_putc(b, ' ');
		if (m && !on) {
			buf_puts(b, tty ? "\033[1m" : "[[");
			on = 1;
		} else if (!m && on) {
			/* close before the space already written: reopen cleanly */
			b->len--;
			buf_puts(b, tty ? "\033[0m " : "]] ");
			on = 0;
		}
		for (size_t k = 0; k < w->len; k++) {
			char c = t->text[w->off + k];
			buf_putc(b, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
		}
	}
	if (on)
		buf_puts(b, tty ? "\033[0m" : "]]");
	if (stop < end)
		buf_puts(b, " \xE2\x80\xA6");
}

static void print_text(buf_t *b, const char *file, const chk_text *t,
		       const chk_result *r, int tty)
{
	char cnt[32];
	buf_printf(b, "%s: %d%% of %s words found in %zu paper%s of the library\n",
		   file, pct(r->share, r->covered),
		   quire_format_count(t->words.n_counted, cnt, sizeof cnt),
		   r->n_sources, r->n_sources == 1 ? "" : "s");
	for (size_t i = 0; i < r->n_sources; i++) {
		const chk_source *s = &r->sources[i];
		buf_printf(b, "  %s  %3d%%  ", s->paper.id,
			   pct(s->match.share, s->match.covered));
		cli_fit(b, s->paper.title && *s->paper.title ? s->paper.title : "(untitled)",
			60, 0);
		buf_printf(b, "  (%zu passage%s)\n", s->match.n_passages,
			   s->match.n_passages == 1 ? "" : "s");
	}
	if (r->unindexed)
		buf_printf(b, "  (%zu paper%s of the library not indexed: run quire reindex)\n",
			   r->unindexed, r->unindexed == 1 ? " is" : "s are");
	for (size_t i = 0; i < r->n_sources; i++) {
		const chk_source *s = &r->sources[i];
		buf_printf(b, "\n%s \xE2\x80\x9C%s\xE2\x80\x9D \xE2\x80\x94 %d%%\n", s->paper.id,
			   s->paper.title ? s->paper.title : "",
			   pct(s->match.share, s->match.covered));
		unsigned char *tm = calloc(t->words.n_words + 1, 1);
		unsigned char *sm = calloc(s->words.n_words + 1, 1);
		for (size_t k = 0; tm && sm && k < s->match.n_passages; k++) {
			const reuse_passage *p = &s->match.passages[k];
			chk_mark_common(&t->words, p->word, p->n_words, &s->words,
					p->src_word, p->src_n_words, tm);
			chk_mark_common(&s->words, p->src_word, p->src_n_words,
					&t->words, p->word, p->n_words, sm);
			buf_printf(b, "  [%zu] %zu words at character %zu  \xE2\x86\x94  character %zu of %s\n",
				   k + 1, p->n_words, p->coff + t->coff_shift,
				   p->src_coff + s->coff_shift, s->paper.id);
			buf_puts(b, "    text:  ");
			put_words(b, &t->words, p->word, p->n_words, tm,
				  CHECK_SHOW_WORDS, tty);
			buf_puts(b, "\n    paper: ");
			put_words(b, &s->words, p->src_word, p->src_n_words, sm,
				  CHECK_SHOW_WORDS, tty);
			buf_putc(b, '\n');
		}
		free(tm);
		free(sm);
	}
}

static void print_json(buf_t *b, const char *file, const chk_text *t,
		       const chk_result *r)
{
	int n = 0;
	buf_putc(b, '{');
	cli_json_str(b, &n, "file", file);
	cli_json_str(b, &n, "format", t->format);
	cli_json_str(b, &n, "title", t->title);
	cli_json_int(b, &n, "words", (long long)t->words.n_counted);
	cli_json_int(b, &n, "covered", (long long)r->covered);
	cli_json_key(b, &n, "share");
	buf_printf(b, "%.4f", r->share);
	cli_json_int(b, &n, "unindexed", (long long)r->unindexed);
	cli_json_key(b, &n, "sources");
	buf_putc(b, '[');
	for (size_t i = 0; i < r->n_sources; i++) {
		const chk_source *s = &r->sources[i];
		int m = 0;
		buf_puts(b, i ? ",{" : "{");
		cli_json_str(b, &m, "id", s->paper.id);
		cli_json_str(b, &m, "title", s->paper.title);
		cli_json_str(b, &m, "visibility", st_visibility_name(s->paper.visibility));
		cli_json_key(b, &m, "share");
		buf_printf(b, "%.4f", s->match.share);
		cli_json_int(b, &m, "covered", (long long)s->match.covered);
		cli_json_key(b, &m, "passages");
		buf_putc(b, '[');
		for (size_t k = 0; k < s->match.n_passages; k++) {
			const reuse_passage *p = &s->match.passages[k];
			buf_printf(b, "%s{\"offset\":%zu,\"length\":%zu,"
				   "\"source_offset\":%zu,\"source_length\":%zu,"
				   "\"words\":%zu,\"source_words\":%zu}",
				   k ? "," : "", p->coff + t->coff_shift, p->clen,
				   p->src_coff + s->coff_shift, p->src_clen,
				   p->n_words, p->src_n_words);
		}
		buf_puts(b, "]}");
	}
	buf_puts(b, "]}\n");
}

/* ---- quire check FILE ----------------------------------------------------- */

enum { OPT_JSON = 256, OPT_XQ, OPT_IQ, OPT_XB, OPT_IB, OPT_MIN, OPT_MAXS };

/* Checks one file; returns 0 or an exit code (error printed). */
static int check_file(store_t *st, const char *path, const chk_opts *o,
		      const quire_options *qo, int json, int tty, buf_t *out)
{
	unsigned char *bytes = NULL;
	size_t n = 0;
	quire_error err = {0};
	quire_status s = fmt_read_file(path, FMT_MAX_FILE_BYTES, &bytes, &n, &err);
	quire_arena *a = s == QUIRE_OK ? quire_arena_new(0) : NULL;
	if (s == QUIRE_OK && !a)
		s = quire_error_set(&err, QUIRE_ENOMEM, "out of memory");
	chk_text t;
	chk_result r;
	if (s == QUIRE_OK)
		s = chk_prepare(bytes, n, path, o, qo, NULL, a, &t, &err);
	if (s == QUIRE_OK)
		s = chk_run(st, &t, o, -1, a, &r, &err);
	int rc = 0;
	if (s) {
		cli_error(path, "%s", err.msg[0] ? err.msg : quire_status_str(s));
		rc = s == QUIRE_ESTORE ? CLI_EXIT_LIBRARY : cli_exit_for(s);
	} else if (json) {
		print_json(out, path, &t, &r);
	} else {
		print_text(out, path, &t, &r, tty);
	}
	cli_flush(out);
	quire_arena_free(a);
	free(bytes);
	return rc;
}

int cmd_check_any(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"exclude-quotes", no_argument, NULL, OPT_XQ},
		{"include-quotes", no_argument, NULL, OPT_IQ},
		{"exclude-bibliography", no_argument, NULL, OPT_XB},
		{"include-bibliography", no_argument, NULL, OPT_IB},
		{"min-words", required_argument, NULL, OPT_MIN},
		{"max-papers", required_argument, NULL, OPT_MAXS},
		{NULL, 0, NULL, 0}};
	chk_opts o;
	memset(&o, 0, sizeof o);
	int json = 0, c, any = 0;
	unsigned long long v;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		any = 1;
		switch (c) {
		case OPT_JSON: json = 1; break;
		case OPT_XQ: o.include_quotes = 0; break;
		case OPT_IQ: o.include_quotes = 1; break;
		case OPT_XB: o.include_bibliography = 0; break;
		case OPT_IB: o.include_bibliography = 1; break;
		case OPT_MIN:
			if (cli_parse_uint(optarg, 100000, &v) != 0 || v == 0)
				return cli_usage_error("check",
					"--min-words needs a number from 1 to 100000, not '%s'", optarg);
			o.min_words = (unsigned)v;
			break;
		case OPT_MAXS:
			if (cli_parse_uint(optarg, 1000, &v) != 0 || v == 0)
				return cli_usage_error("check",
					"--max-papers needs a number from 1 to 1000, not '%s'", optarg);
			o.max_sources = (size_t)v;
			break;
		default:
			return cli_bad_option("check", c, argv);
		}
	}
	if (optind >= argc) {
		if (any)
			return cli_usage_error("check", "no FILE to check");
		return cmd_check(ctx, argc, argv); /* the integrity check */
	}
	store_t *st;
	int rc = cli_open(ctx, ST_READONLY, &st);
	if (rc)
		return rc;
	quire_options qo = cli_options(st);
	int tty = !json && isatty(1);
	buf_t out = BUF_INIT;
	for (int i = optind; i < argc; i++) {
		int r = check_file(st, argv[i], &o, &qo, json, tty, &out);
		if (r == CLI_EXIT_LIBRARY) {
			rc = r;
			break;
		}
		if (r && !rc)
			rc = r;
	}
	buf_free(&out);
	st_close(st);
	return rc;
}

