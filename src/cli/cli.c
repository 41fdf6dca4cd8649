/*
 * cli.c — helpers shared by the command modules: the library's path and
 * opening it, error lines, exit codes, number and date formatting, fitting
 * text to the terminal, and JSON output over buf_t.
 *
 * Decisions:
 *  - The default library path follows the XDG base directories
 *    ($QUIRE_LIBRARY, else $XDG_DATA_HOME/quire/library.quire, else
 *    ~/.local/share/quire/library.quire) so a person never has to pass
 *    --library for their own library.
 *  - A missing library is the most common first error, so it says what to
 *    do ("run quire init"); a store failure keeps the store's words.
 *  - Column counting is by code point: good enough for titles in a table,
 *    and it never cuts a UTF-8 sequence in half.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

void cli_error(const char *file, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fflush(stdout);
	if (file)
		fprintf(stderr, "quire: %s: %s\n", file, msg);
	else
		fprintf(stderr, "quire: %s\n", msg);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "quire %s: %s; see 'quire %s --help'\n", cmd,
			msg, cmd);
	else
		fprintf(stderr, "quire: %s; see 'quire help'\n", msg);
	return CLI_EXIT_USAGE;
}

int cli_exit_for(quire_status s)
{
	switch (s) {
	case QUIRE_OK: return CLI_EXIT_OK;
	case QUIRE_EUSAGE: return CLI_EXIT_USAGE;
	case QUIRE_ESTORE: return CLI_EXIT_LIBRARY;
	case QUIRE_ENOTFOUND: return CLI_EXIT_NOTFOUND;
	case QUIRE_ENOMEM:
	case QUIRE_EINPUT:
	case QUIRE_EFORMAT:
	case QUIRE_ELIMIT:
	case QUIRE_EIO:
	case QUIRE_EEXIST:
		break;
	}
	return CLI_EXIT_INPUT;
}

int cli_library_path(const char *opt, char *out, size_t size)
{
	const char *e;
	int n;
	if (opt && *opt) {
		n = snprintf(out, size, "%s", opt);
	} else if ((e = getenv("QUIRE_LIBRARY")) && *e) {
		n = snprintf(out, size, "%s", e);
	} else if ((e = getenv("XDG_DATA_HOME")) && *e == '/') {
		n = snprintf(out, size, "%s/quire/library.quire", e);
	} else if ((e = getenv("HOME")) && *e) {
		n = snprintf(out, size, "%s/.local/share/quire/library.quire",
			     e);
	} else {
		cli_error(NULL, "no library path: set QUIRE_LIBRARY or HOME, "
				"or pass --library PATH");
		return -1;
	}
	if (n < 0 || (size_t)n >= size) {
		cli_error(NULL, "library path too long");
		return -1;
	}
	return 0;
}

int cli_open(const cli_ctx *ctx, st_mode mode, store_t **st)
{
	char path[4096];
	quire_error err = {0};
	if (cli_library_path(ctx->library, path, sizeof path) != 0)
		return CLI_EXIT_LIBRARY;
	quire_status s = st_open(path, mode, st, &err);
	if (s == QUIRE_OK)
		return CLI_EXIT_OK;
	*st = NULL;
	if (s == QUIRE_ENOTFOUND)
		cli_error(path, "no library here; run quire init "
				"(or pass --library PATH)");
	else if (s == QUIRE_EEXIST)
		cli_error(path, "a library already exists here");
	else
		cli_error(path, "%s", err.msg[0] ? err.msg
						 : quire_status_str(s));
	return CLI_EXIT_LIBRARY;
}

quire_options cli_options(store_t *st)
{
	quire_options o = quire_options_default();
	if (!st)
		return o;
	quire_arena *a = quire_arena_new(0);
	const char *v = NULL;
	quire_error err = {0};
	unsigned long long n;
	if (a && st_setting_get(st, "words_per_page", a, &v, &err) == QUIRE_OK
	    && v && cli_parse_uint(v, 1000000, &n) == 0 && n > 0)
		o.words_per_page = (unsigned)n;
	quire_arena_free(a);
	return o;
}

int cli_get(store_t *st, const char *id, unsigned with, quire_arena *a,
	    st_paper *out)
{
	quire_error err = {0};
	quire_status s = st_get(st, id, with, a, out, &err);
	if (s == QUIRE_OK)
		return 0;
	if (s == QUIRE_ENOTFOUND) {
		cli_error(id, "no such paper");
		return CLI_EXIT_NOTFOUND;
	}
	cli_error(id, "%s", err.msg[0] ? err.msg : quire_status_str(s));
	return s == QUIRE_ENOMEM ? CLI_EXIT_LIBRARY : cli_exit_for(s);
}

int cli_paper_of(const st_paper *sp, quire_arena *a, quire_paper **out)
{
	quire_error err = {0};
	quire_status s = quire_paper_from_json(
		sp->analysis ? sp->analysis : "{}",
		sp->analysis ? sp->analysis_len : 2,
		sp->text ? sp->text : "", sp->text ? sp->text_len : 0, a, out,
		&err);
	if (s == QUIRE_OK)
		return 0;
	cli_error(sp->id, "stored analysis unreadable: %s",
		  err.msg[0] ? err.msg : quire_status_str(s));
	return CLI_EXIT_LIBRARY;
}

const char *cli_stats_line(size_t words, unsigned pages, char *out,
			   size_t size)
{
	char w[32], p[32];
	quire_format_count(words, w, sizeof w);
	quire_format_count(pages, p, sizeof p);
	snprintf(out, size, "%s Word%s \xC2\xB7 %s Page%s", w,
		 words == 1 ? "" : "s", p, pages == 1 ? "" : "s");
	return out;
}

const char *cli_iso8601(int64_t t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) ||
	    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, size, "%lld", (long long)t);
	return out;
}

int cli_parse_iso8601(const char *s, int64_t *t)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!s)
		return -1;
	const char *end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return -1;
	*t = (int64_t)timegm(&tm);
	return 0;
}

unsigned cli_term_width(void)
{
	struct winsize ws;
	if (!isatty(1))
		return 0;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

size_t cli_columns(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

void cli_fit(buf_t *b, const char *s, size_t cols, int pad)
{
	size_t have = cli_columns(s);
	if (have <= cols) {
		buf_puts(b, s);
		for (; pad && have < cols; have++)
			buf_putc(b, ' ');
		return;
	}
	if (cols == 0)
		return;
	/* Keep cols-1 code points, then the ellipsis. */
	size_t keep = cols - 1, i = 0, cp = 0;
	while (s[i]) {
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (cp == keep)
				break;
			cp++;
		}
		i++;
	}
	while (i > 0 && s[i - 1] == ' ')
		i--, cp--;
	buf_append(b, s, i);
	buf_puts(b, "\xE2\x80\xA6");
	for (cp++; pad && cp < cols; cp++)
		buf_putc(b, ' ');
}

int cli_flush(buf_t *b)
{
	int rc = 0;
	if (buf_failed(b)) {
		cli_error(NULL, "out of memory");
		rc = -1;
	} else if (b->len && fwrite(b->p, 1, b->len, stdout) != b->len) {
		rc = -1;
	}
	if (fflush(stdout) != 0)
		rc = -1;
	buf_reset(b);
	return rc;
}

void cli_json_key(buf_t *b, int *n, const char *key)
{
	if ((*n)++ > 0)
		buf_putc(b, ',');
	buf_json_str(b, key, strlen(key));
	buf_putc(b, ':');
}

void cli_json_str(buf_t *b, int *n, const char *key, const char *s)
{
	cli_json_key(b, n, key);
	if (s)
		buf_json_str(b, s, strlen(s));
	else
		buf_puts(b, "null");
}

void cli_json_int(buf_t *b, int *n, const char *key, long long v)
{
	cli_json_key(b, n, key);
	buf_printf(b, "%lld", v);
}

void cli_json_strs(buf_t *b, int *n, const char *key,
		   const char *const *v, size_t k)
{
	cli_json_key(b, n, key);
	buf_putc(b, '[');
	for (size_t i = 0; i < k; i++) {
		if (i)
			buf_putc(b, ',');
		buf_json_str(b, v[i] ? v[i] : "", v[i] ? strlen(v[i]) : 0);
	}
	buf_putc(b, ']');
}

void cli_json_lines(buf_t *b, int *n, const char *key, const char *lines)
{
	cli_json_key(b, n, key);
	if (!lines) {
		buf_puts(b, "null");
		return;
	}
	buf_putc(b, '[');
	int first = 1;
	const char *p = lines;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len) {
			if (!first)
				buf_putc(b, ',');
			buf_json_str(b, p, len);
			first = 0;
		}
		if (!e)
			break;
		p = e + 1;
	}
	buf_putc(b, ']');
}

int cli_parse_uint(const char *s, unsigned long long max,
		   unsigned long long *v)
{
	if (!s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	char *end;
	unsigned long long x = strtoull(s, &end, 10);
	if (errno || *end || x > max)
		return -1;
	*v = x;
	return 0;
}

char *cli_join_authors(const quire_paper *p, quire_arena *a)
{
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < p->n_authors; i++) {
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, p->authors[i]);
	}
	char *s = buf_to_arena(&b, a);
	buf_free(&b);
	return s;
}

int cli_bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";
	if (c == ':')
		return cli_usage_error(cmd, "option '%s' needs an argument",
				       arg);
	if (optopt && arg[0] == '-' && arg[1] != '-')
		return cli_usage_error(cmd, "unknown option '-%c'", optopt);
	return cli_usage_error(cmd, "unknown option '%s'", arg);
}

unsigned cli_title_cols(size_t id_len)
{
	unsigned w = cli_term_width();
	/* id, two spaces, title, "  12,345 words  1,234 pages" */
	size_t fixed = id_len + 2 + 2 + 13 + 2 + 11;
	if (w == 0)
		return 40;
	if (w < fixed + 20)
		return 20;
	return (unsigned)(w - fixed) > 60 ? 60 : (unsigned)(w - fixed);
}

void cli_paper_line(buf_t *b, const char *id, const char *title,
		    size_t words, unsigned pages, unsigned title_cols)
{
	char w[32], p[32];
	quire_format_count(words, w, sizeof w);
	quire_format_count(pages, p, sizeof p);
	buf_puts(b, id);
	buf_puts(b, "  ");
	cli_fit(b, title && *title ? title : "(untitled)",
		title_cols ? title_cols : 40, 1);
	buf_printf(b, "  %7s word%s  %5s page%s\n", w, words == 1 ? " " : "s",
		   p, pages == 1 ? "" : "s");
}
