/*
 * page_frame.c — what every page shares: the frame (head, header with the
 * search box and the viewer's menu, main, footer), message pages, the
 * stats line, paper links and list items, the CSRF field and check.
 *
 * Decisions:
 *  - Everything goes through html_printf(); the only %S arguments are
 *    literals or HTML this file wrote.
 *  - Links carry the server's path prefix, so the site works below a
 *    reverse proxy's path; redirects (http_redirect) take paths below it.
 *  - The sign-out is a POST form with the CSRF token (a GET could be
 *    triggered by any image tag on another site).
 *  - Labels of inputs a sighted reader does not need (the header's search
 *    box) are visually hidden, not left out.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "html.h"
#include "pages.h"

const char *page_prefix(web_app *app)
{
	return app && app->server ? http_prefix(app->server) : "";
}

static const char *site_name(web_app *app)
{
	return app && app->site_name && *app->site_name ? app->site_name
							 : "quire";
}

void page_begin(buf_t *b, web_app *app, http_req *req, const char *title,
		const char *head_extra_trusted)
{
	const char *px = page_prefix(app);
	const viewer_t *v = web_viewer(req);
	const char *q = http_query(req, "q");
	html_printf(b,
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<title>%s%S%s</title>\n"
		"<link rel=\"stylesheet\" href=\"%s/static/style.css\">\n",
		title ? title : "", title && *title ? " \xC2\xB7 " : "",
		site_name(app), px);
	if (head_extra_trusted)
		html_printf(b, "%S", head_extra_trusted);
	html_printf(b,
		"</head>\n<body>\n"
		"<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
		"<header class=\"site\"><div class=\"wrap\">\n"
		"<a class=\"brand\" href=\"%s/\">%s</a>\n"
		"<form class=\"search\" role=\"search\" action=\"%s/search\" method=\"get\">"
		"<label for=\"q-top\" class=\"vh\">Search the library</label>"
		"<input type=\"search\" id=\"q-top\" name=\"q\" value=\"%s\" placeholder=\"Search papers\">"
		"<button type=\"submit\">Search</button></form>\n"
		"<nav aria-label=\"Account\">",
		px, site_name(app), px, q ? q : "");
	if (!v || v->uid == 0 || !v->name) {
		html_printf(b, "<a href=\"%s/signin?next=%u\">Sign in</a>", px,
			    http_path(req));
	} else {
		if (auth_can_upload(v))
			html_printf(b, "<a href=\"%s/upload\">Upload</a>", px);
		if (v->role == ROLE_ADMIN)
			html_printf(b, "<a href=\"%s/admin/users\">Users</a>", px);
		html_printf(b,
			"<a href=\"%s/account\" title=\"Your account\">%s</a>"
			"<form method=\"post\" action=\"%s/signout\">"
			"<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
			"<button type=\"submit\" class=\"link\">Sign out</button></form>",
			px, v->name, px, v->csrf ? v->csrf : "");
	}
	html_printf(b, "</nav>\n</div></header>\n"
		    "<main id=\"main\"><div class=\"wrap\">\n");
}

void page_end(buf_t *b, web_app *app, http_req *req)
{
	const char *px = page_prefix(app);
	html_printf(b,
		"</div></main>\n"
		"<footer class=\"site\"><div class=\"wrap\">"
		"<a href=\"%s/\">%s</a> \xC2\xB7 a library of essays and papers \xC2\xB7 "
		"<a href=\"%s/search\">Search</a>"
		"</div></footer>\n</body>\n</html>\n",
		px, site_name(app), px);
}

void page_message(web_app *app, http_req *req, http_res *res, int code,
		  const char *heading, const char *message, int sign_in)
{
	buf_t *b = http_body(res);
	http_status(res, code);
	page_begin(b, app, req, heading, NULL);
	html_printf(b, "<h1>%s</h1>\n<p>%s</p>\n", heading, message);
	const viewer_t *v = web_viewer(req);
	if (sign_in && (!v || v->uid == 0))
		html_printf(b, "<p><a class=\"btn\" href=\"%s/signin?next=%u\">"
			    "Sign in</a></p>\n", page_prefix(app),
			    http_path(req));
	page_end(b, app, req);
}

store_t *page_store(web_app *app, http_req *req, http_res *res)
{
	quire_error err = {0};
	store_t *st = web_store(app, &err);
	if (!st)
		page_message(app, req, res, 503, "Library unavailable",
			     "The library cannot be opened right now. "
			     "Please try again in a moment.", 0);
	return st;
}

void page_stats(buf_t *b, size_t words, unsigned pages)
{
	html_printf(b, "%N %S \xC2\xB7 %N %S", words,
		    words == 1 ? "Word" : "Words", (size_t)pages,
		    pages == 1 ? "Page" : "Pages");
}

void page_paper_path(char *out, const char *id, const char *title)
{
	char slug[81];
	html_slug(title, slug, 80);
	int reserved = strcmp(slug, "read") == 0 ||
		       strcmp(slug, "file") == 0 || strcmp(slug, "edit") == 0;
	char idc[16];
	size_t k = 0;
	for (const char *p = id ? id : ""; *p && k + 1 < sizeof idc; p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z'))
			idc[k++] = c;
	}
	idc[k] = 0;
	if (!slug[0])
		snprintf(out, PAGE_PATH_MAX, "/paper/%s", idc);
	else
		snprintf(out, PAGE_PATH_MAX, "/paper/%s/%s%s", idc, slug,
			 reserved ? "-paper" : "");
}

void page_abs_url(buf_t *b, web_app *app, http_req *req, const char *path)
{
	const char *base = app ? app->http.base_url : NULL;
	if (base && *base) {
		size_t n = strlen(base);
		while (n > 0 && base[n - 1] == '/')
			n--;
		html_printf(b, "%.*s%s", (int)n, base, path);
		return;
	}
	const char *host = http_header(req, "Host");
	int ok = host && *host && strlen(host) < 256;
	for (const char *p = host; ok && *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
		      *p == ':' || *p == '[' || *p == ']'))
			ok = 0;
	if (ok)
		html_printf(b, "http://%s", host);
	html_printf(b, "%s%s", page_prefix(app), path);
}

/* "Jane Doe, John Roe" from authors one per line. */
static void authors_inline(buf_t *b, const char *authors)
{
	const char *s = authors;
	int first = 1;
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n) {
			html_printf(b, "%S%.*s", first ? "" : ", ", (int)n, s);
			first = 0;
		}
		s = nl ? nl + 1 : NULL;
	}
}

void page_paper_item(buf_t *b, web_app *app, const char *id,
		     const char *title, const char *authors, int year,
		     size_t words, unsigned pages, int64_t added,
		     const char *snippet)
{
	char path[PAGE_PATH_MAX];
	page_paper_path(path, id, title);
	html_printf(b, "<li><a class=\"t\" href=\"%s%s\">%s</a>",
		    page_prefix(app), path,
		    title && *title ? title : "(untitled)");
	if ((authors && *authors) || year > 0) {
		html_printf(b, "<div class=\"meta\">");
		authors_inline(b, authors);
		if (year > 0)
			html_printf(b, "%S%d", authors && *authors ? " \xC2\xB7 " : "",
				    year);
		html_printf(b, "</div>");
	}
	html_printf(b, "<div class=\"stats\">");
	page_stats(b, words, pages);
	if (added > 0) {
		char day[32];
		time_t t = (time_t)added;
		struct tm tm;
		if (gmtime_r(&t, &tm) && strftime(day, sizeof day, "%Y-%m-%d", &tm))
			html_printf(b, " \xC2\xB7 added <time datetime=\"%s\">%s</time>",
				    day, day);
	}
	html_printf(b, "</div>");
	if (snippet && *snippet) {
		html_printf(b, "<p class=\"snippet\">");
		html_snippet(b, snippet);
		html_printf(b, "</p>");
	}
	html_printf(b, "</li>\n");
}

void page_csrf_field(buf_t *b, http_req *req)
{
	const viewer_t *v = web_viewer(req);
	html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
		    v && v->csrf ? v->csrf : "");
}

int page_csrf_ok(web_app *app, http_req *req, http_res *res)
{
	/* The CSRF check is auth.c's rule (auth.h): an API token needs
	 * none, a session's form must carry the session's token. */
	if (auth_csrf_check(web_viewer(req), http_form(req, "csrf")))
		return 1;
	page_message(app, req, res, 403, "Form expired",
		     "This form could not be accepted (its security token is "
		     "missing or out of date). Go back, reload the page and "
		     "try again.", 1);
	return 0;
}
