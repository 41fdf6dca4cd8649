/*
 * page_home.c — the home page (GET /) and browsing by tag (GET /tag/:tag).
 *
 * Decisions:
 *  - The home page is a way in, not a dashboard: the search box first,
 *    then the papers added last, then browsing by subject (tag), type
 *    (format) and length, each with its count (srch_facets).  Titles,
 *    counts and tags are public for every paper, so the page is the same
 *    for every viewer but for the header.
 *  - A length band is linked as a word range of the search page: the
 *    numbers are read from the band's own words ("under 1,000 words",
 *    "1,000–5,000 words", "over 10,000 words"), so the bands stay the
 *    search module's to define.
 *  - A tag's page is the search page with that tag as its filter.
 */
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "html.h"
#include "pages.h"

#define HOME_RECENT 10

typedef struct recent_ctx {
	buf_t *b;
	web_app *app;
	size_t n;
} recent_ctx;

static int recent_one(const st_paper *p, void *ctx)
{
	recent_ctx *c = ctx;
	page_paper_item(c->b, c->app, p->id, p->title, p->authors, p->year,
			p->words, p->pages, p->added, NULL);
	return ++c->n >= HOME_RECENT;
}

/* Reads the numbers of a band's words ("1,000–5,000 words") into lo/hi:
 * "under"/"fewer"/"less" before one number gives an upper bound; "over",
 * "more" or "+" a lower one; two numbers a range. 0 when none apply. */
static int band_range(const char *band, size_t *lo, size_t *hi)
{
	size_t v[2] = {0, 0};
	int n = 0;
	*lo = *hi = 0;
	for (const char *p = band; *p && n < 2;) {
		if (*p >= '0' && *p <= '9') {
			size_t x = 0;
			while ((*p >= '0' && *p <= '9') || (*p == ',' && p[1] >= '0' && p[1] <= '9')) {
				if (*p != ',' && x < (size_t)1 << 40)
					x = x * 10 + (size_t)(*p - '0');
				p++;
			}
			v[n++] = x;
		} else {
			p++;
		}
	}
	if (n == 0)
		return 0;
	if (n == 2) {
		*lo = v[0];
		*hi = v[1];
	} else if (strstr(band, "under") || strstr(band, "fewer") ||
		   strstr(band, "less") || strstr(band, "Under")) {
		*hi = v[0] > 0 ? v[0] - 1 : 0;
	} else if (strstr(band, "over") || strstr(band, "more") ||
		   strchr(band, '+') || strstr(band, "Over")) {
		*lo = v[0] + 1;
	} else {
		return 0;
	}
	return 1;
}

static const char *format_label(const char *name)
{
	const fmt_reader *r = fmt_by_name(name);
	return r ? r->description : name;
}

void page_home(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	store_t *st = page_store(app, req, res);
	if (!st)
		return;
	const char *px = page_prefix(app);
	buf_t *b = http_body(res);
	quire_error err = {0};
	size_t total = 0;
	st_count(st, &total, &err);
	page_begin(b, app, req, NULL,
		   "<meta name=\"description\" content=\"A library of essays "
		   "and research papers: search, preview and cite.\">\n");
	html_printf(b,
		"<h1>%s</h1>\n<p class=\"muted\">%N %S in the library.</p>\n"
		"<form role=\"search\" action=\"%s/search\" method=\"get\">"
		"<label for=\"q-home\">Search by title, author or words in the text</label>"
		"<div class=\"filters\"><div><input type=\"search\" id=\"q-home\" name=\"q\" size=\"40\"></div>"
		"<div><button type=\"submit\">Search</button></div></div></form>\n",
		app->site_name && *app->site_name ? app->site_name : "quire",
		total, total == 1 ? "paper" : "papers", px);

	html_printf(b, "<section aria-labelledby=\"recent\"><h2 id=\"recent\">Recently added</h2>\n");
	recent_ctx rc = {b, app, 0};
	html_printf(b, "<ol class=\"papers\">\n");
	st_list(st, ST_SORT_ADDED, 1, recent_one, &rc, &err);
	html_printf(b, "</ol>\n");
	if (rc.n == 0)
		html_printf(b, "<p>No papers yet.</p>\n");
	else
		html_printf(b, "<p><a href=\"%s/search?sort=newest\">All papers, newest first</a></p>\n", px);
	html_printf(b, "</section>\n");

	quire_arena *a = http_arena(req);
	srch_count *tags = NULL, *fmts = NULL, *lens = NULL;
	size_t nt = 0, nf = 0, nl = 0;
	if (srch_facets(st, a, &tags, &nt, &fmts, &nf, &lens, &nl, &err) == QUIRE_OK) {
		if (nt) {
			html_printf(b, "<section aria-labelledby=\"by-subject\"><h2 id=\"by-subject\">Browse by subject</h2>\n<ul class=\"facets\">");
			for (size_t i = 0; i < nt; i++)
				html_printf(b, "<li><a href=\"%s/tag/%u\">%s</a> <span class=\"count\">(%N)</span></li>",
					    px, tags[i].value, tags[i].value, tags[i].count);
			html_printf(b, "</ul></section>\n");
		}
		if (nf) {
			html_printf(b, "<section aria-labelledby=\"by-type\"><h2 id=\"by-type\">Browse by type</h2>\n<ul class=\"facets\">");
			for (size_t i = 0; i < nf; i++)
				html_printf(b, "<li><a href=\"%s/search?format=%u\">%s</a> <span class=\"count\">(%N)</span></li>",
					    px, fmts[i].value, format_label(fmts[i].value), fmts[i].count);
			html_printf(b, "</ul></section>\n");
		}
		if (nl) {
			html_printf(b, "<section aria-labelledby=\"by-length\"><h2 id=\"by-length\">Browse by length</h2>\n<ul class=\"facets\">");
			for (size_t i = 0; i < nl; i++) {
				size_t lo, hi;
				if (!lens[i].count)
					continue;
				if (band_range(lens[i].value, &lo, &hi))
					html_printf(b, "<li><a href=\"%s/search?words_min=%zu&amp;words_max=%zu\">%s</a>",
						    px, lo, hi, lens[i].value);
				else
					html_printf(b, "<li>%s", lens[i].value);
				html_printf(b, " <span class=\"count\">(%N)</span></li>", lens[i].count);
			}
			html_printf(b, "</ul></section>\n");
		}
	}
	page_end(b, app, req);
}

void page_tag(void *app, http_req *req, http_res *res)
{
	page_search_render(app, req, res, http_param(req, "tag"));
}
