/*
 * cmd_read.c — the commands that read a library: list, show, preview,
 * text and export of one paper (refs: cmd_refs.c); and the `show` layout that
 * `quire analyze` shares.
 *
 * Decisions:
 *  - A stored paper is rebuilt with quire_paper_from_json() from the
 *    analysis and text the store keeps, so `show`, `export` and the web
 *    pages all see one paper model; nothing is re-analysed to display it.
 *  - The title, authors and year shown are the record's effective ones
 *    (an edit wins over the analysis); the analysis JSON keeps what the
 *    analysis found.
 *  - The export object is the record's members followed by the analysis's
 *    own members (one flat object, so `jq .title` and `jq .id` both work).
 *    The record's names (id, filename, sha256, added, visibility, tags,
 *    owner, edits) are therefore reserved in the analysis JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "formats.h"

enum { OPT_JSON = 256, OPT_SORT, OPT_REVERSE, OPT_HEAD, OPT_TAIL, OPT_ALL };

/* ---- the show layout -------------------------------------------------- */

/* Appends "label value\n" with the label padded to a column. */
static void field(buf_t *b, const char *label, const char *value)
{
	buf_printf(b, "%-12s%s\n", label, value);
}

/* Appends the lines of a "one per line" string joined with ", ". */
static void join_lines(buf_t *b, const char *s)
{
	int first = 1;
	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n) {
			if (!first)
				buf_puts(b, ", ");
			buf_append(b, s, n);
			first = 0;
		}
		s = e ? e + 1 : NULL;
	}
}

void cli_print_paper(buf_t *b, const quire_paper *p, const st_paper *rec)
{
	char line[128];
	const char *title = rec && rec->title ? rec->title : p->title;
	buf_puts(b, title && *title ? title : "(untitled)");
	buf_putc(b, '\n');
	if (rec) {
		if (rec->authors && *rec->authors) {
			buf_puts(b, "by ");
			join_lines(b, rec->authors);
			buf_putc(b, '\n');
		}
	} else if (p->n_authors) {
		buf_puts(b, "by ");
		for (size_t i = 0; i < p->n_authors; i++)
			buf_printf(b, "%s%s", i ? ", " : "", p->authors[i]);
		buf_putc(b, '\n');
	}
	buf_puts(b, cli_stats_line(p->counts.words, p->counts.pages, line,
				   sizeof line));
	buf_puts(b, "\n\n");

	if (rec)
		field(b, "ID:", rec->id);
	int year = rec ? rec->year : p->year;
	if (year) {
		snprintf(line, sizeof line, "%d", year);
		field(b, "Year:", line);
	} else if (p->date) {
		field(b, "Date:", p->date);
	}
	const fmt_reader *r = p->format ? fmt_by_name(p->format) : NULL;
	const char *enc = p->encoding ? p->encoding : "UTF-8";
	buf_printf(b, "%-12s%s (%s%s)\n", "Read as:",
		   r ? r->description : (p->format ? p->format : "unknown"),
		   enc, strcmp(enc, "UTF-8") != 0 ? ", converted" : "");
	for (size_t i = 0; i < p->n_remarks; i++)
		field(b, i ? "" : "Remarks:", p->remarks[i]);
	if (rec) {
		buf_printf(b, "%-12s", "Tags:");
		if (rec->n_tags == 0)
			buf_puts(b, "(none)");
		for (size_t i = 0; i < rec->n_tags; i++)
			buf_printf(b, "%s%s", i ? ", " : "", rec->tags[i]);
		buf_putc(b, '\n');
		field(b, "Visibility:", st_visibility_name(rec->visibility));
		field(b, "Added:", cli_iso8601(rec->added, line, sizeof line));
		field(b, "File:", rec->filename ? rec->filename : "");
	}

	if (p->n_outline) {
		buf_puts(b, "\nOutline\n");
		for (size_t i = 0; i < p->n_outline; i++) {
			int lv = p->outline[i].level;
			if (lv < 1)
				lv = 1;
			if (lv > 6)
				lv = 6;
			buf_printf(b, "%*s%s\n", 2 * lv, "", p->outline[i].text);
		}
	}
	/* notes apart from the list's entries: "6 notes, 4 references" */
	size_t notes = 0;
	for (size_t i = 0; i < p->n_refs; i++)
		notes += p->refs[i].is_note != 0;
	buf_putc(b, '\n');
	if (notes)
		buf_printf(b, "%s note%s, ", quire_format_count(notes, line, sizeof line),
			   notes == 1 ? "" : "s");
	buf_printf(b, "%s reference%s\n",
		   quire_format_count(p->n_refs - notes, line, sizeof line),
		   p->n_refs - notes == 1 ? "" : "s");

	buf_puts(b, "\nPreview\n\n");
	const quire_preview *pv = &p->preview;
	if (pv->head && *pv->head) {
		buf_puts(b, pv->head);
		buf_putc(b, '\n');
	}
	if (pv->omitted_words)
		buf_puts(b, "\n" QUIRE_PREVIEW_MARKER "\n");
	if (pv->tail && *pv->tail) {
		buf_putc(b, '\n');
		buf_puts(b, pv->tail);
		buf_putc(b, '\n');
	}
}

/* ---- helpers ---------------------------------------------------------- */

/* Parses "[--json] ID" style arguments with extra long options handled by
 * the caller's loop; here only for commands with --json and one ID. */
static int one_id_json(const char *cmd, int argc, char **argv, int *json,
		       const char **id)
{
	static const struct option lo[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c == OPT_JSON && json)
			*json = 1;
		else
			return cli_bad_option(cmd, c, argv);
	}
	if (optind >= argc)
		return cli_usage_error(cmd, "no ID given");
	if (optind + 1 < argc)
		return cli_usage_error(cmd, "one ID only");
	*id = argv[optind];
	return 0;
}

/* Opens the library read-only and loads paper id with its analysis and
 * text, rebuilt into *p.  Returns 0 or the exit code (error printed). */
static int load_paper(const cli_ctx *ctx, const char *id, store_t **st,
		      quire_arena **a, st_paper *sp, quire_paper **p)
{
	int rc = cli_open(ctx, ST_READONLY, st);
	if (rc)
		return rc;
	*a = quire_arena_new(0);
	if (!*a) {
		cli_error(NULL, "out of memory");
		rc = CLI_EXIT_LIBRARY;
	}
	if (!rc)
		rc = cli_get(*st, id, ST_WITH_ANALYSIS | ST_WITH_TEXT, *a, sp);
	if (!rc)
		rc = cli_paper_of(sp, *a, p);
	if (rc) {
		quire_arena_free(*a);
		*a = NULL;
		st_close(*st);
		*st = NULL;
	}
	return rc;
}

static int finish(store_t *st, quire_arena *a, buf_t *b)
{
	int rc = cli_flush(b) != 0 ? CLI_EXIT_INPUT : CLI_EXIT_OK;
	buf_free(b);
	quire_arena_free(a);
	st_close(st);
	return rc;
}

/* Appends the export object of a stored paper: the record's members, then
 * the analysis (text included when with_text). */
int cli_export_json(buf_t *b, const st_paper *sp, const quire_paper *p,
		    int with_text, quire_arena *a)
{
	char *js;
	size_t jl, k = 0;
	char when[32];
	quire_status s = quire_paper_to_json(
		p, with_text ? 0 : QUIRE_JSON_NO_TEXT, a, &js, &jl);
	if (s) {
		cli_error(sp->id, "cannot serialise the analysis: %s",
			  quire_status_str(s));
		return CLI_EXIT_LIBRARY;
	}
	int n = 0;
	buf_putc(b, '{');
	cli_json_str(b, &n, "id", sp->id);
	cli_json_str(b, &n, "filename", sp->filename);
	cli_json_str(b, &n, "sha256", sp->sha256);
	cli_json_str(b, &n, "added", cli_iso8601(sp->added, when, sizeof when));
	cli_json_str(b, &n, "visibility", st_visibility_name(sp->visibility));
	cli_json_strs(b, &n, "tags", sp->tags, sp->n_tags);
	cli_json_str(b, &n, "owner", sp->owner);
	cli_json_key(b, &n, "edits");
	int m = 0;
	buf_putc(b, '{');
	cli_json_str(b, &m, "title", sp->e_title);
	cli_json_lines(b, &m, "authors", sp->e_authors);
	cli_json_key(b, &m, "year");
	if (sp->e_year)
		buf_printf(b, "%d", sp->e_year);
	else
		buf_puts(b, "null");
	buf_putc(b, '}');
	while (k < jl && js[k] != '{')
		k++;
	if (k + 1 < jl && js[k + 1] != '}')
		buf_putc(b, ',');
	if (k < jl)
		buf_append(b, js + k + 1, jl - k - 1);
	else
		buf_putc(b, '}');
	return CLI_EXIT_OK;
}

/* ---- list ------------------------------------------------------------- */

typedef struct list_ctx {
	buf_t *b;
	int json;
	size_t n;
	unsigned tcols;
	int failed;
} list_ctx;

static int list_row(const st_paper *p, void *arg)
{
	list_ctx *L = arg;
	buf_t *b = L->b;
	char when[32], w[32], pg[32];
	cli_iso8601(p->added, when, sizeof when);
	if (L->json) {
		int n = 0;
		buf_puts(b, L->n ? ",\n" : "\n");
		buf_putc(b, '{');
		cli_json_str(b, &n, "id", p->id);
		cli_json_str(b, &n, "title", p->title);
		cli_json_lines(b, &n, "authors", p->authors ? p->authors : "");
		cli_json_int(b, &n, "year", p->year);
		cli_json_int(b, &n, "words", (long long)p->words);
		cli_json_int(b, &n, "pages", (long long)p->pages);
		cli_json_str(b, &n, "visibility",
			     st_visibility_name(p->visibility));
		cli_json_strs(b, &n, "tags", p->tags, p->n_tags);
		cli_json_str(b, &n, "added", when);
		cli_json_str(b, &n, "filename", p->filename);
		cli_json_str(b, &n, "format", p->format);
		buf_putc(b, '}');
	} else {
		when[10] = 0; /* the date is enough in a table */
		buf_printf(b, "%-7s  ", p->id);
		cli_fit(b, p->title && *p->title ? p->title : "(untitled)",
			L->tcols, 1);
		buf_printf(b, "  %9s  %5s  %-10s %s\n",
			   quire_format_count(p->words, w, sizeof w),
			   quire_format_count(p->pages, pg, sizeof pg),
			   st_visibility_name(p->visibility), when);
	}
	L->n++;
	if (b->len > 65536 && cli_flush(b) != 0) {
		L->failed = 1;
		return 1;
	}
	return 0;
}

int cmd_list(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"sort", required_argument, NULL, OPT_SORT},
		{"reverse", no_argument, NULL, OPT_REVERSE},
		{NULL, 0, NULL, 0}};
	int json = 0, reverse = 0, c;
	st_sort sort = ST_SORT_ADDED;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (c) {
		case OPT_JSON: json = 1; break;
		case OPT_REVERSE: reverse = 1; break;
		case OPT_SORT:
			if (strcmp(optarg, "added") == 0)
				sort = ST_SORT_ADDED;
			else if (strcmp(optarg, "title") == 0)
				sort = ST_SORT_TITLE;
			else if (strcmp(optarg, "words") == 0)
				sort = ST_SORT_WORDS;
			else
				return cli_usage_error("list",
					"--sort takes added, title or words, not '%s'",
					optarg);
			break;
		default:
			return cli_bad_option("list", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("list", "unexpected argument '%s'",
				       argv[optind]);
	store_t *st;
	int rc = cli_open(ctx, ST_READONLY, &st);
	if (rc)
		return rc;
	buf_t b = BUF_INIT;
	list_ctx L = {&b, json, 0, 40, 0};
	unsigned w = cli_term_width();
	/* id(7) 2 title 2 words(9) 2 pages(5) 2 visibility(10) 1 date(10) */
	const unsigned fixed = 7 + 2 + 2 + 9 + 2 + 5 + 2 + 10 + 1 + 10;
	if (w)
		L.tcols = w > fixed + 12 ? w - fixed : 12;
	if (json)
		buf_putc(&b, '[');
	else
		buf_printf(&b, "%-7s  %-*s  %9s  %5s  %-10s %s\n", "ID",
			   (int)L.tcols, "TITLE", "WORDS", "PAGES",
			   "VISIBILITY", "ADDED");
	quire_error err = {0};
	quire_status s = st_list(st, sort, reverse, list_row, &L, &err);
	if (s && !L.failed) {
		cli_error(NULL, "%s", err.msg[0] ? err.msg : quire_status_str(s));
		rc = CLI_EXIT_LIBRARY;
	}
	if (json)
		buf_puts(&b, L.n ? "\n]\n" : "]\n");
	if (cli_flush(&b) != 0 && !rc)
		rc = CLI_EXIT_INPUT;
	buf_free(&b);
	st_close(st);
	return rc;
}

/* ---- show, text, refs, export ID ------------------------------------------ */

int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
	int json = 0;
	const char *id;
	int rc = one_id_json("show", argc, argv, &json, &id);
	if (rc)
		return rc;
	store_t *st;
	quire_arena *a;
	st_paper sp;
	quire_paper *p;
	rc = load_paper(ctx, id, &st, &a, &sp, &p);
	if (rc)
		return rc;
	buf_t b = BUF_INIT;
	if (json) {
		rc = cli_export_json(&b, &sp, p, 0, a);
		buf_putc(&b, '\n');
	} else {
		cli_print_paper(&b, p, &sp);
	}
	int frc = finish(st, a, &b);
	return rc ? rc : frc;
}

int cmd_text(cli_ctx *ctx, int argc, char **argv)
{
	const char *id;
	int rc = one_id_json("text", argc, argv, NULL, &id);
	if (rc)
		return rc;
	store_t *st;
	quire_arena *a;
	st_paper sp;
	quire_paper *p;
	rc = load_paper(ctx, id, &st, &a, &sp, &p);
	if (rc)
		return rc;
	buf_t b = BUF_INIT;
	buf_append(&b, p->text, p->text_len);
	if (p->text_len && p->text[p->text_len - 1] != '\n')
		buf_putc(&b, '\n');
	return finish(st, a, &b);
}

/* cmd_refs is in cmd_refs.c. */

int cmd_export(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"all", required_argument, NULL, OPT_ALL},
		{NULL, 0, NULL, 0}};
	const char *dir = NULL;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c == OPT_ALL)
			dir = optarg;
		else if (c != OPT_JSON)
			return cli_bad_option("export", c, argv);
	}
	if (dir) {
		if (optind < argc)
			return cli_usage_error("export",
				"give either an ID or --all DIR, not both");
		return cli_export_all(ctx, dir);
	}
	if (optind >= argc)
		return cli_usage_error("export", "no ID given (or --all DIR)");
	if (optind + 1 < argc)
		return cli_usage_error("export", "one ID only");
	store_t *st;
	quire_arena *a;
	st_paper sp;
	quire_paper *p;
	int rc = load_paper(ctx, argv[optind], &st, &a, &sp, &p);
	if (rc)
		return rc;
	buf_t b = BUF_INIT;
	rc = cli_export_json(&b, &sp, p, 1, a);
	buf_putc(&b, '\n');
	int frc = finish(st, a, &b);
	return rc ? rc : frc;
}

/* ---- preview ---------------------------------------------------------- */

int cmd_preview(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"head-words", required_argument, NULL, OPT_HEAD},
		{"tail-words", required_argument, NULL, OPT_TAIL},
		{NULL, 0, NULL, 0}};
	int json = 0, c, head_set = 0, tail_set = 0;
	unsigned long long head = 0, tail = 0;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (c) {
		case OPT_JSON: json = 1; break;
		case OPT_HEAD:
			if (cli_parse_uint(optarg, 1000000, &head) != 0)
				return cli_usage_error("preview",
					"--head-words wants a number, not '%s'", optarg);
			head_set = 1;
			break;
		case OPT_TAIL:
			if (cli_parse_uint(optarg, 1000000, &tail) != 0)
				return cli_usage_error("preview",
					"--tail-words wants a number, not '%s'", optarg);
			tail_set = 1;
			break;
		default:
			return cli_bad_option("preview", c, argv);
		}
	}
	if (optind >= argc)
		return cli_usage_error("preview", "no ID given");
	if (optind + 1 < argc)
		return cli_usage_error("preview", "one ID only");
	store_t *st;
	quire_arena *a;
	st_paper sp;
	quire_paper *p;
	int rc = load_paper(ctx, argv[optind], &st, &a, &sp, &p);
	if (rc)
		return rc;
	quire_options o = cli_options(st);
	if (head_set)
		o.head_words = (unsigned)head;
	if (tail_set)
		o.tail_words = (unsigned)tail;
	quire_preview pv;
	buf_t b = BUF_INIT;
	quire_status s = quire_paper_preview(p, &o, a, &pv);
	if (s) {
		cli_error(sp.id, "cannot make the preview: %s",
			  quire_status_str(s));
		finish(st, a, &b);
		return cli_exit_for(s);
	}
	if (json) {
		int n = 0;
		buf_putc(&b, '{');
		cli_json_str(&b, &n, "head", pv.head ? pv.head : "");
		cli_json_str(&b, &n, "marker",
			     pv.omitted_words ? QUIRE_PREVIEW_MARKER : "");
		cli_json_str(&b, &n, "tail", pv.tail ? pv.tail : "");
		cli_json_int(&b, &n, "head_words", (long long)pv.head_words);
		cli_json_int(&b, &n, "tail_words", (long long)pv.tail_words);
		cli_json_int(&b, &n, "omitted_words",
			     (long long)pv.omitted_words);
		buf_puts(&b, "}\n");
	} else {
		if (pv.head && *pv.head)
			buf_printf(&b, "%s\n", pv.head);
		if (pv.omitted_words)
			buf_puts(&b, "\n" QUIRE_PREVIEW_MARKER "\n");
		if (pv.tail && *pv.tail)
			buf_printf(&b, "\n%s\n", pv.tail);
	}
	return finish(st, a, &b);
}
