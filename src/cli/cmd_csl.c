/*
 * cmd_csl.c — citation styles on the command line: `quire styles` (what
 * is installed), `quire format` (CSL-JSON items on standard input, out as
 * a bibliography or citations in any CSL style), and cli_csl_print, which
 * `quire refs --style` and `quire cite --style` use.
 *
 * Decisions:
 *  - Styles are found by cslfiles.c (src/web, shared with the web's style
 *    picker): $QUIRE_CSL_STYLES, the user's folder, ~/Zotero/styles, then
 *    Debian's citation-style-language-styles; a path works as well.
 *  - `quire format` is the processor's plain door, what the test-suite
 *    runner, scripts and the differential test against pandoc use:
 *      --mode bibliography (default): the bibliography, one entry a line,
 *        or with --html citeproc-js's <div class="csl-bib-body"> block;
 *      --mode citation: one citation holding every item in input order;
 *      --clusters FILE: a JSON array of citations, one output line each
 *        (in bibliography mode they are formatted first, so citation order
 *        and numbers exist, and the bibliography lists the cited items).
 *        A citation is an array of cite objects (the test suite's
 *        CITATION-ITEMS: id, locator, label, prefix, suffix,
 *        suppress-author, author-only, position, near-note), or an object
 *        {citationID, citationItems, properties: {noteIndex}} (citeproc-js;
 *        the CITATIONS steps [citation, pre, post] are read for their
 *        citation).  Without a noteIndex, citation i is in note i+1.
 *  - --json: the same as a JSON array, [{"id", "text"}] per bibliography
 *    entry (in the bibliography's order) or [{"text"}] per citation, for
 *    scripts that match entries by id (tools/csl_diff.sh).
 *  - Standard input is capped at 256 MB; CSL-JSON errors name the line.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_csl.h"
#include "cslfiles.h"

#define MAX_STDIN ((size_t)256 * 1024 * 1024)

enum { OPT_STYLE = 400, OPT_MODE, OPT_CLUSTERS, OPT_LOCALE, OPT_HTML, OPT_JSON,
       OPT_ALL };

/* ---- quire styles ---------------------------------------------------- */

int cmd_styles(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	static const struct option lo[] = {{"json", no_argument, NULL, OPT_JSON},
					   {"all", no_argument, NULL, OPT_ALL},
					   {NULL, 0, NULL, 0}};
	int json = 0, all = 0, c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (c) {
		case OPT_JSON: json = 1; break;
		case OPT_ALL: all = 1; break;
		default: return cli_bad_option("styles", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("styles", "unexpected argument '%s'", argv[optind]);
	cslf_info *v;
	size_t n;
	if (cslf_list(all, &v, &n)) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_INPUT;
	}
	buf_t b = BUF_INIT;
	if (json) {
		buf_putc(&b, '[');
		for (size_t i = 0; i < n; i++) {
			int k = 0;
			buf_puts(&b, i ? ",\n{" : "\n{");
			cli_json_str(&b, &k, "name", v[i].name);
			cli_json_str(&b, &k, "title", v[i].title);
			cli_json_str(&b, &k, "id", v[i].id);
			cli_json_str(&b, &k, "path", v[i].path);
			cli_json_key(&b, &k, "dependent");
			buf_puts(&b, v[i].dependent ? "true" : "false");
			buf_putc(&b, '}');
		}
		buf_puts(&b, n ? "\n]\n" : "]\n");
	} else {
		size_t w = 0;
		for (size_t i = 0; i < n; i++)
			if (strlen(v[i].name) > w)
				w = strlen(v[i].name);
		if (w > 48)
			w = 48;
		for (size_t i = 0; i < n; i++) {
			cli_fit(&b, v[i].name, w, 1);
			buf_puts(&b, "  ");
			buf_puts(&b, v[i].title);
			buf_putc(&b, '\n');
		}
		if (!n)
			fputs("quire: no CSL styles found (install Debian's "
			      "citation-style-language-styles, or put .csl files in "
			      "$XDG_DATA_HOME/quire/styles)\n", stderr);
	}
	cslf_list_free(v, n);
	int rc = buf_failed(&b) ? CLI_EXIT_INPUT : CLI_EXIT_OK;
	if (!rc && cli_flush(&b) != 0)
		rc = CLI_EXIT_INPUT;
	buf_free(&b);
	return rc;
}

/* ---- the engine for a command ------------------------------------------ */

typedef struct engine {
	csl_style *s;
	cslf_locales L;
	csl_engine *e;
} engine;

static void engine_free(engine *g)
{
	csl_engine_free(g->e);
	cslf_locales_free(&g->L);
	csl_style_free(g->s);
	memset(g, 0, sizeof *g);
}

/* Loads style and locales and adds the items; 0 or an exit code (printed). */
static int engine_open(engine *g, const char *style, const char *lang,
		       const char *json, size_t n)
{
	quire_error err = {0};
	char dlang[64];
	memset(g, 0, sizeof *g);
	g->s = cslf_load_style(style, dlang, sizeof dlang, &err);
	if (!g->s) {
		cli_error(NULL, "%s", err.msg);
		return CLI_EXIT_INPUT;
	}
	if (!lang || !*lang)
		lang = dlang[0] ? dlang : csl_style_default_locale(g->s);
	if (cslf_load_locales(lang, &g->L, &err) != QUIRE_OK) {
		cli_error(NULL, "%s", err.msg);
		engine_free(g);
		return CLI_EXIT_INPUT;
	}
	g->e = csl_engine_new(g->s, lang, (const csl_locale *const *)g->L.l, g->L.n,
			      &err);
	if (!g->e || csl_engine_add_items(g->e, json, n, &err) != QUIRE_OK) {
		cli_error(NULL, "%s", err.msg[0] ? err.msg : "cannot format");
		engine_free(g);
		return CLI_EXIT_INPUT;
	}
	return 0;
}

int cli_csl_print(const char *style, const char *lang, int html,
		  const char *json, size_t n)
{
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	char *out = NULL;
	if (!a) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_INPUT;
	}
	char dlang[64];
	csl_style *s = cslf_load_style(style, dlang, sizeof dlang, &err);
	int has_bib = s && csl_style_has_bibliography(s);
	csl_style_free(s);
	quire_status st = s ? cslf_format(style, lang, json, n,
					  has_bib ? CSLF_BIBLIOGRAPHY : CSLF_ENTRIES,
					  html ? CSL_HTML : CSL_TEXT, a, &out, &err)
			    : QUIRE_EINPUT;
	int rc = CLI_EXIT_OK;
	if (st != QUIRE_OK) {
		cli_error(NULL, "%s", err.msg);
		rc = CLI_EXIT_INPUT;
	} else {
		buf_t b = BUF_INIT;
		buf_puts(&b, out ? out : "");
		if (b.len && b.p[b.len - 1] != '\n')
			buf_putc(&b, '\n');
		if (cli_flush(&b) != 0)
			rc = CLI_EXIT_INPUT;
		buf_free(&b);
	}
	quire_arena_free(a);
	return rc;
}

/* ---- clusters --------------------------------------------------------- */

static const char *jstr(json_t *o, const char *key, quire_arena *a)
{
	json_t *v = json_object_get(o, key);
	char num[64];
	if (json_is_string(v))
		return quire_arena_strndup(a, json_string_value(v),
					   json_string_length(v));
	if (json_is_integer(v))
		snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		snprintf(num, sizeof num, "%g", json_real_value(v));
	else
		return NULL;
	return quire_arena_strndup(a, num, strlen(num));
}

/* One citation of the clusters file into cl; 0, or -1 when malformed. */
static int cluster_of(json_t *j, size_t i, quire_arena *a, csl_cluster *cl)
{
	json_t *items = j;
	cl->note_index = (int)i + 1;
	if (json_is_array(j) && json_is_object(json_array_get(j, 0)) &&
	    json_object_get(json_array_get(j, 0), "citationItems"))
		j = json_array_get(j, 0); /* a CITATIONS step */
	if (json_is_object(j)) {
		items = json_object_get(j, "citationItems");
		json_t *ni = json_object_get(json_object_get(j, "properties"), "noteIndex");
		if (json_is_integer(ni))
			cl->note_index = (int)json_integer_value(ni);
	}
	if (!json_is_array(items))
		return -1;
	size_t n = json_array_size(items);
	csl_cite *c = quire_arena_alloc(a, (n ? n : 1) * sizeof *c);
	if (!c)
		return -1;
	for (size_t k = 0; k < n; k++) {
		json_t *o = json_array_get(items, k);
		if (!json_is_object(o))
			return -1;
		memset(&c[k], 0, sizeof c[k]);
		c[k].id = jstr(o, "id", a);
		if (!c[k].id)
			return -1;
		c[k].locator = jstr(o, "locator", a);
		c[k].label = jstr(o, "label", a);
		c[k].prefix = jstr(o, "prefix", a);
		c[k].suffix = jstr(o, "suffix", a);
		c[k].suppress_author = json_is_true(json_object_get(o, "suppress-author"));
		c[k].author_only = json_is_true(json_object_get(o, "author-only"));
		json_t *pos = json_object_get(o, "position");
		c[k].position = json_is_integer(pos) ? (int)json_integer_value(pos) : -1;
		c[k].near_note = json_is_true(json_object_get(o, "near-note"));
	}
	cl->cites = c;
	cl->n = n;
	return 0;
}

/* ---- quire format ----------------------------------------------------- */

static char *read_stdin(size_t *len)
{
	buf_t b = BUF_INIT;
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		buf_append(&b, chunk, k);
		if (b.len > MAX_STDIN)
			break;
	}
	if (ferror(stdin) || buf_failed(&b) || b.len > MAX_STDIN) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}

int cmd_format(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	static const struct option lo[] = {
		{"style", required_argument, NULL, OPT_STYLE},
		{"mode", required_argument, NULL, OPT_MODE},
		{"clusters", required_argument, NULL, OPT_CLUSTERS},
		{"locale", required_argument, NULL, OPT_LOCALE},
		{"html", no_argument, NULL, OPT_HTML},
		{"json", no_argument, NULL, OPT_JSON},
		{NULL, 0, NULL, 0}};
	const char *style = NULL, *clusters = NULL, *lang = NULL;
	int bib = 1, html = 0, json_out = 0, c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (c) {
		case OPT_STYLE: style = optarg; break;
		case OPT_CLUSTERS: clusters = optarg; break;
		case OPT_LOCALE: lang = optarg; break;
		case OPT_HTML: html = 1; break;
		case OPT_JSON: json_out = 1; break;
		case OPT_MODE:
			if (strcmp(optarg, "bibliography") == 0)
				bib = 1;
			else if (strcmp(optarg, "citation") == 0)
				bib = 0;
			else
				return cli_usage_error("format", "--mode takes bibliography "
						       "or citation, not '%s'", optarg);
			break;
		default: return cli_bad_option("format", c, argv);
		}
	}
	if (!style)
		return cli_usage_error("format", "no --style given (a name from quire "
					 "styles, or a .csl file)");
	if (optind < argc)
		return cli_usage_error("format", "unexpected argument '%s' (the items "
					 "are read from standard input)", argv[optind]);
	json_t *cj = NULL;
	if (clusters) {
		json_error_t je;
		cj = json_load_file(clusters, 0, &je);
		if (!json_is_array(cj)) {
			cli_error(clusters, "line %d: %s", je.line,
				  cj ? "not a JSON array of citations" : je.text);
			json_decref(cj);
			return CLI_EXIT_INPUT;
		}
	}
	size_t n;
	char *json = read_stdin(&n);
	if (!json) {
		cli_error("<stdin>", "cannot read the items (over 256 MB?)");
		json_decref(cj);
		return CLI_EXIT_INPUT;
	}
	engine g;
	int rc = engine_open(&g, style, lang, json, n);
	free(json);
	if (rc) {
		json_decref(cj);
		return rc;
	}
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	buf_t b = BUF_INIT;
	csl_format fmt = html ? CSL_HTML : CSL_TEXT;
	if (!a) {
		cli_error(NULL, "out of memory");
		rc = CLI_EXIT_INPUT;
		goto done;
	}
	if (cj) {
		size_t nc = json_array_size(cj);
		csl_cluster *cl = quire_arena_alloc(a, (nc ? nc : 1) * sizeof *cl);
		char **txt = NULL;
		if (!cl) {
			cli_error(NULL, "out of memory");
			rc = CLI_EXIT_INPUT;
			goto done;
		}
		for (size_t i = 0; i < nc; i++)
			if (cluster_of(json_array_get(cj, i), i, a, &cl[i])) {
				cli_error(clusters, "citation %zu: not an array of cite "
					  "objects with an \"id\"", i + 1);
				rc = CLI_EXIT_INPUT;
				goto done;
			}
		if (csl_engine_citations(g.e, cl, nc, fmt, a, &txt, &err) != QUIRE_OK) {
			cli_error(NULL, "%s", err.msg);
			rc = CLI_EXIT_INPUT;
			goto done;
		}
		if (!bib && json_out) {
			buf_putc(&b, '[');
			for (size_t i = 0; i < nc; i++) {
				int k = 0;
				buf_puts(&b, i ? ",\n{" : "\n{");
				cli_json_str(&b, &k, "text", txt[i]);
				buf_putc(&b, '}');
			}
			buf_puts(&b, nc ? "\n]\n" : "]\n");
		} else if (!bib)
			for (size_t i = 0; i < nc; i++) {
				buf_puts(&b, txt[i]);
				buf_putc(&b, '\n');
			}
	} else if (!bib) {
		char *txt = NULL;
		if (csl_engine_cite_all(g.e, fmt, a, &txt, &err) != QUIRE_OK) {
			cli_error(NULL, "%s", err.msg);
			rc = CLI_EXIT_INPUT;
			goto done;
		}
		if (json_out) {
			int k = 0;
			buf_puts(&b, "[{");
			cli_json_str(&b, &k, "text", txt ? txt : "");
			buf_puts(&b, "}]\n");
		} else {
			buf_puts(&b, txt ? txt : "");
			buf_putc(&b, '\n');
		}
	}
	if (bib && json_out) {
		csl_bib bl;
		if (csl_engine_bibliography(g.e, fmt, cj != NULL, a, &bl, &err) != QUIRE_OK) {
			cli_error(NULL, "%s", err.msg);
			rc = CLI_EXIT_INPUT;
			goto done;
		}
		buf_putc(&b, '[');
		for (size_t i = 0; i < bl.n; i++) {
			int k = 0;
			buf_puts(&b, i ? ",\n{" : "\n{");
			cli_json_str(&b, &k, "id", bl.ids[i]);
			cli_json_str(&b, &k, "text", bl.entries[i]);
			buf_putc(&b, '}');
		}
		buf_puts(&b, bl.n ? "\n]\n" : "]\n");
	} else if (bib) {
		csl_bib bl;
		if (csl_engine_bibliography(g.e, fmt, cj != NULL, a, &bl, &err) != QUIRE_OK) {
			cli_error(NULL, "%s", err.msg);
			rc = CLI_EXIT_INPUT;
			goto done;
		}
		char *j = csl_bib_join(&bl, fmt, a);
		buf_puts(&b, j ? j : "");
		if (b.len && b.p[b.len - 1] != '\n')
			buf_putc(&b, '\n');
	}
	if (buf_failed(&b)) {
		cli_error(NULL, "out of memory");
		rc = CLI_EXIT_INPUT;
	} else if (cli_flush(&b) != 0)
		rc = CLI_EXIT_INPUT;
done:
	buf_free(&b);
	quire_arena_free(a);
	engine_free(&g);
	json_decref(cj);
	return rc;
}
