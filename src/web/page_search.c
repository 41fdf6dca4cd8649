/*
 * page_search.c — the search page (GET /search) and its browsing variants.
 *
 * Decisions:
 *  - One GET form holds the words, the filters (tag, type, years, length)
 *    and the order, each with a label, so a result page is a bookmarkable
 *    URL and works without JavaScript.  Pagination links repeat every
 *    parameter but the page.
 *  - What a hit shows comes from srch_search(), which applies the access
 *    rule (search.h): for a paper the viewer may not open, the snippet is
 *    cut from its title, metadata and public preview only.  This page adds
 *    nothing from a paper's text.
 *  - Without words, filters or an order, the page explains how to search
 *    instead of listing the whole library; with filters but no words it
 *    lists what matches them (browsing).
 *  - Numbers from the URL are read with bounds (a page number of 10^30 is
 *    page 1000, not an overflow).
 */
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "html.h"
#include "pages.h"

#define PER_PAGE 20
#define MAX_PAGE 1000

/* A bounded non-negative integer from the query, or dflt. */
static long qnum(http_req *req, const char *name, long max, long dflt)
{
	const char *s = http_query(req, name);
	if (!s || !*s)
		return dflt;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < 0)
		return dflt;
	return v > max ? max : v;
}

static const char *qstr(http_req *req, const char *name)
{
	const char *s = http_query(req, name);
	return s && *s ? s : NULL;
}

typedef struct sort_opt {
	const char *key, *label;
	srch_sort sort;
	int desc;
} sort_opt;

static const sort_opt sorts[] = {
	{"relevance", "Best match", SRCH_SORT_RELEVANCE, 0},
	{"newest", "Newest first", SRCH_SORT_ADDED, 1},
	{"oldest", "Oldest first", SRCH_SORT_ADDED, 0},
	{"title", "Title A\xE2\x80\x93Z", SRCH_SORT_TITLE, 0},
	{"longest", "Longest first", SRCH_SORT_WORDS, 1},
	{"shortest", "Shortest first", SRCH_SORT_WORDS, 0},
};

/* The parameters of one search page. */
typedef struct sparams {
	const char *q, *tag, *format, *sort;
	long year_min, year_max, words_min, words_max, page;
	int fixed_tag; /* the tag comes from /tag/:tag */
} sparams;

/* Appends the query string of p (without page) for a link, escaped. */
static void put_query(buf_t *b, const sparams *p)
{
	const char *sep = "?";
	if (p->q) {
		html_printf(b, "%Sq=%u", sep, p->q);
		sep = "&amp;";
	}
	if (p->tag && !p->fixed_tag) {
		html_printf(b, "%Stag=%u", sep, p->tag);
		sep = "&amp;";
	}
	if (p->format) {
		html_printf(b, "%Sformat=%u", sep, p->format);
		sep = "&amp;";
	}
	if (p->sort) {
		html_printf(b, "%Ssort=%u", sep, p->sort);
		sep = "&amp;";
	}
	if (p->year_min) {
		html_printf(b, "%Syear_min=%ld", sep, p->year_min);
		sep = "&amp;";
	}
	if (p->year_max) {
		html_printf(b, "%Syear_max=%ld", sep, p->year_max);
		sep = "&amp;";
	}
	if (p->words_min) {
		html_printf(b, "%Swords_min=%ld", sep, p->words_min);
		sep = "&amp;";
	}
	if (p->words_max) {
		html_printf(b, "%Swords_max=%ld", sep, p->words_max);
		sep = "&amp;";
	}
	html_printf(b, "%S", sep);
}

static void num_input(buf_t *b, const char *name, const char *label, long v)
{
	html_printf(b, "<div><label for=\"f-%S\">%s</label>"
		    "<input type=\"number\" min=\"0\" id=\"f-%S\" name=\"%S\"",
		    name, label, name, name);
	if (v)
		html_printf(b, " value=\"%ld\"", v);
	html_printf(b, "></div>");
}

/* The search form with its filters. */
static void search_form(buf_t *b, web_app *app, store_t *st, http_req *req,
			const sparams *p, const char *action)
{
	quire_arena *a = http_arena(req);
	quire_error err = {0};
	srch_count *tags = NULL, *fmts = NULL, *lens = NULL;
	size_t nt = 0, nf = 0, nl = 0;
	if (srch_facets(st, a, &tags, &nt, &fmts, &nf, &lens, &nl, &err) != QUIRE_OK)
		nt = nf = 0;
	html_printf(b, "<form role=\"search\" method=\"get\" action=\"%s%s\">\n"
		    "<label for=\"f-q\">Words or \"a phrase\"</label>"
		    "<div class=\"filters\"><div><input type=\"search\" id=\"f-q\" name=\"q\" size=\"36\" value=\"%s\"></div>"
		    "<div><button type=\"submit\">Search</button></div></div>\n"
		    "<fieldset><legend>Filters and order</legend><div class=\"filters\">",
		    page_prefix(app), action, p->q ? p->q : "");
	if (!p->fixed_tag) {
		html_printf(b, "<div><label for=\"f-tag\">Subject</label><select id=\"f-tag\" name=\"tag\"><option value=\"\">Any</option>");
		int found = 0;
		for (size_t i = 0; i < nt; i++) {
			int sel = p->tag && strcmp(p->tag, tags[i].value) == 0;
			found |= sel;
			html_printf(b, "<option value=\"%s\"%S>%s (%N)</option>",
				    tags[i].value, sel ? " selected" : "",
				    tags[i].value, tags[i].count);
		}
		if (p->tag && !found)
			html_printf(b, "<option value=\"%s\" selected>%s</option>", p->tag, p->tag);
		html_printf(b, "</select></div>");
	}
	html_printf(b, "<div><label for=\"f-format\">Type</label><select id=\"f-format\" name=\"format\"><option value=\"\">Any</option>");
	for (size_t i = 0; i < nf; i++) {
		const fmt_reader *r = fmt_by_name(fmts[i].value);
		html_printf(b, "<option value=\"%s\"%S>%s (%N)</option>", fmts[i].value,
			    p->format && strcmp(p->format, fmts[i].value) == 0 ? " selected" : "",
			    r ? r->description : fmts[i].value, fmts[i].count);
	}
	html_printf(b, "</select></div>");
	num_input(b, "year_min", "Year from", p->year_min);
	num_input(b, "year_max", "Year to", p->year_max);
	num_input(b, "words_min", "Words from", p->words_min);
	num_input(b, "words_max", "Words to", p->words_max);
	html_printf(b, "<div><label for=\"f-sort\">Order</label><select id=\"f-sort\" name=\"sort\">");
	for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
		html_printf(b, "<option value=\"%S\"%S>%S</option>", sorts[i].key,
			    p->sort && strcmp(p->sort, sorts[i].key) == 0 ? " selected" : "",
			    sorts[i].label);
	html_printf(b, "</select></div><div><button type=\"submit\" class=\"secondary\">Apply</button></div></div></fieldset></form>\n");
}

void page_search_render(web_app *app, http_req *req, http_res *res,
			const char *tag)
{
	store_t *st = page_store(app, req, res);
	if (!st)
		return;
	const char *px = page_prefix(app);
	buf_t *b = http_body(res);
	sparams p;
	memset(&p, 0, sizeof p);
	p.q = qstr(req, "q");
	p.fixed_tag = tag != NULL;
	p.tag = tag ? tag : qstr(req, "tag");
	p.format = qstr(req, "format");
	p.sort = qstr(req, "sort");
	p.year_min = qnum(req, "year_min", 9999, 0);
	p.year_max = qnum(req, "year_max", 9999, 0);
	p.words_min = qnum(req, "words_min", 1000000000L, 0);
	p.words_max = qnum(req, "words_max", 1000000000L, 0);
	p.page = qnum(req, "page", MAX_PAGE, 1);
	if (p.page < 1)
		p.page = 1;

	buf_t ab = BUF_INIT;
	if (tag)
		html_printf(&ab, "/tag/%u", tag);
	else
		buf_puts(&ab, "/search");
	const char *action = buf_to_arena(&ab, http_arena(req));
	buf_free(&ab);
	if (!action)
		action = "/search";

	int browsing = p.tag || p.format || p.sort || p.year_min ||
		       p.year_max || p.words_min || p.words_max;
	buf_t tb = BUF_INIT;
	if (tag)
		buf_printf(&tb, "Subject: %s", tag);
	else if (p.q)
		buf_printf(&tb, "%s \xE2\x80\x94 search", p.q);
	else
		buf_puts(&tb, "Search");
	const char *title = buf_to_arena(&tb, http_arena(req));
	buf_free(&tb);
	page_begin(b, app, req, title, "<meta name=\"robots\" content=\"noindex, follow\">\n");
	if (tag)
		html_printf(b, "<h1>Papers on \xE2\x80\x9C%s\xE2\x80\x9D</h1>\n", tag);
	else
		html_printf(b, "<h1>Search the library</h1>\n");
	search_form(b, app, st, req, &p, action);

	if (!p.q && !browsing && !tag) {
		html_printf(b,
			"<h2>How to search</h2>\n<ul>"
			"<li>Type a few words: papers holding all of them come first.</li>"
			"<li>Put a phrase in quotes: <code>\"cold war\"</code>.</li>"
			"<li>Narrow by subject, type, year or length with the filters, "
			"or leave the words empty to list what the filters match.</li>"
			"</ul>\n<p><a href=\"%s/search?sort=newest\">List every paper, newest first</a></p>\n",
			px);
		page_end(b, app, req);
		return;
	}

	srch_query q;
	memset(&q, 0, sizeof q);
	q.text = p.q ? p.q : "";
	q.limit = PER_PAGE;
	q.offset = (size_t)(p.page - 1) * PER_PAGE;
	q.sort = SRCH_SORT_RELEVANCE;
	q.descending = 0;
	if (p.sort)
		for (size_t i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
			if (strcmp(p.sort, sorts[i].key) == 0) {
				q.sort = sorts[i].sort;
				q.descending = sorts[i].desc;
			}
	if (!p.q && q.sort == SRCH_SORT_RELEVANCE) {
		q.sort = SRCH_SORT_ADDED; /* nothing to rank by */
		q.descending = 1;
	}
	q.year_min = (int)p.year_min;
	q.year_max = (int)p.year_max;
	q.min_words = (size_t)p.words_min;
	q.max_words = (size_t)p.words_max;
	q.format = p.format;
	q.tag = p.tag;
	q.access = web_access(web_viewer(req));
	srch_result r;
	memset(&r, 0, sizeof r);
	quire_error err = {0};
	if (srch_search(st, &q, http_arena(req), &r, &err) != QUIRE_OK) {
		html_printf(b, "<p class=\"error\" role=\"alert\">The search could not be run. "
			    "Try other words, or fewer of them.</p>\n");
		page_end(b, app, req);
		return;
	}
	size_t pages = (r.total + PER_PAGE - 1) / PER_PAGE;
	if (r.total == 0) {
		html_printf(b, "<h2>No papers found</h2>\n");
		if (r.suggestion)
			html_printf(b, "<p class=\"suggest\">Did you mean <a href=\"%s/search?q=%u\">%s</a>?</p>\n",
				    px, r.suggestion, r.suggestion);
		if (p.q)
			html_printf(b, "<p>Nothing in the library matches \xE2\x80\x9C%s\xE2\x80\x9D", p.q);
		else
			html_printf(b, "<p>Nothing in the library matches these filters");
		html_printf(b, "%S.</p>\n<ul><li>Check the spelling, or use fewer words.</li>",
			    browsing ? " with these filters" : "");
		if (browsing && p.q && !tag)
			html_printf(b, "<li><a href=\"%s/search?q=%u\">Search without the filters</a>.</li>", px, p.q);
		html_printf(b, "<li><a href=\"%s/\">Browse the library</a> by subject, type or length.</li></ul>\n", px);
		page_end(b, app, req);
		return;
	}
	if (r.relaxed)
		html_printf(b, "<p class=\"notice\">No paper has all the words; showing papers with most of them.</p>\n");
	html_printf(b, "<h2 class=\"stats\" aria-live=\"polite\">%N %S found",
		    r.total, r.total == 1 ? "paper" : "papers");
	if (pages > 1)
		html_printf(b, " \xC2\xB7 page %ld of %zu", p.page, pages);
	html_printf(b, "</h2>\n<ol class=\"papers\" start=\"%zu\">\n", q.offset + 1);
	for (size_t i = 0; i < r.n; i++) {
		const srch_hit *h = &r.hits[i];
		page_paper_item(b, app, h->id, h->title, h->authors, h->year,
				h->words, h->pages, 0, h->snippet);
	}
	html_printf(b, "</ol>\n");
	if (pages > 1) {
		html_printf(b, "<nav class=\"pages\" aria-label=\"Result pages\">");
		if (p.page > 1) {
			html_printf(b, "<a rel=\"prev\" href=\"%s%s", px, action);
			put_query(b, &p);
			html_printf(b, "page=%ld\">\xE2\x80\xB9 Previous page</a>", p.page - 1);
		}
		if ((size_t)p.page < pages && p.page < MAX_PAGE) {
			html_printf(b, "<a rel=\"next\" href=\"%s%s", px, action);
			put_query(b, &p);
			html_printf(b, "page=%ld\">Next page \xE2\x80\xBA</a>", p.page + 1);
		}
		html_printf(b, "</nav>\n");
	}
	page_end(b, app, req);
}

void page_search(void *app, http_req *req, http_res *res)
{
	page_search_render(app, req, res, NULL);
}
