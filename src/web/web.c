/*
 * web.c — the web application: the route table, the per-thread library
 * connections, the viewer of a request, and the plain routes (health,
 * robots.txt, sitemap, Atom feed, the style sheet, error pages).
 *
 * Decisions:
 *  - Every route is declared ONCE, in routes[] below (method, pattern,
 *    handler), as Fossil declares its web pages: what the site serves can
 *    be read in one place.  Pages live in page_*.c (pages.h), accounts in
 *    auth.c / page_account.c, the API in api.c.
 *  - A handler that sets a status >= 400 and writes nothing gets the error
 *    page of that status from web_error() (the HTTP_ERROR_ROUTE entry), so
 *    error pages are written in one place, in plain words, never with an
 *    internal message, a path or a query in them.
 *  - Each server thread opens its own store_t on first use (store.h: one
 *    connection per thread) and keeps it in a __thread variable; a pthread
 *    key's destructor closes it when the thread ends (http.c's workers
 *    end in http_stop, libmicrohttpd's event loops, which answer the
 *    cached pages, in MHD_stop_daemon).
 *  - The viewer is resolved lazily, on the first web_viewer() call of a
 *    request, so the style sheet and the health check never touch the
 *    accounts tables.
 *  - Pages an anonymous viewer asks for (home, search, tag, paper, Open
 *    Document, sitemap, feed, the API's search) are kept rendered (cache.c)
 *    and served again until the library changes; every such page says
 *    "Vary: Cookie".
 *  - Sitemap and feed show only what is public for every paper: titles,
 *    canonical URLs, dates and the preview's opening; never gated text.
 */
#include "web.h"

#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "api.h"
#include "cache.h"
#include "html.h"
#include "pages.h"
#include "page_refs.h"
#include "page_check.h"

/* ---- roles --------------------------------------------------------------- */

const char *web_role_name(web_role r)
{
	switch (r) {
	case ROLE_ANON:
		return "anonymous";
	case ROLE_READER:
		return "reader";
	case ROLE_MEMBER:
		return "member";
	case ROLE_ADMIN:
		return "admin";
	}
	return "anonymous";
}

int web_role_parse(const char *s, web_role *out)
{
	static const web_role all[] = {ROLE_READER, ROLE_MEMBER, ROLE_ADMIN};
	for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
		if (strcmp(s, web_role_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	return -1;
}

/* ---- the per-thread store ------------------------------------------------ */

static pthread_key_t store_key;
static pthread_once_t store_once = PTHREAD_ONCE_INIT;
static __thread store_t *thread_store;
static __thread const char *thread_store_lib;

static void store_close_at_exit(void *p)
{
	st_close(p);
}

static void store_key_init(void)
{
	(void)pthread_key_create(&store_key, store_close_at_exit);
}

store_t *web_store(web_app *app, quire_error *err)
{
	if (thread_store && thread_store_lib == app->library)
		return thread_store;
	pthread_once(&store_once, store_key_init);
	if (thread_store) { /* another app in this thread: switch */
		st_close(thread_store);
		thread_store = NULL;
		pthread_setspecific(store_key, NULL);
	}
	store_t *st = NULL;
	if (st_open(app->library, ST_OPEN_EXISTING, &st, err) != QUIRE_OK)
		return NULL;
	thread_store = st;
	thread_store_lib = app->library;
	pthread_setspecific(store_key, st);
	return st;
}

/* Closes the calling thread's store (the main thread's, at the end). */
static void web_store_release(void)
{
	if (thread_store) {
		st_close(thread_store);
		thread_store = NULL;
		pthread_setspecific(store_key, NULL);
	}
}

/* ---- the viewer ------------------------------------------------------------ */

static const viewer_t anonymous = {0, NULL, ROLE_ANON, NULL, 0};

const viewer_t *web_viewer(http_req *r)
{
	const viewer_t *v = http_user(r);
	if (v)
		return v;
	/* Accounts (auth_web.c) resolve the session cookie or API token. */
	web_app *app = http_app(r);
	v = app ? auth_viewer(app, r) : &anonymous;
	http_set_user(r, (void *)v);
	return v;
}

srch_access web_access(const viewer_t *v)
{
	srch_access a = {0, 0, NULL};
	if (!v || v->uid == 0 || v->role == ROLE_ANON)
		return a;
	a.signed_in = 1;
	a.admin = v->role == ROLE_ADMIN;
	a.user = v->name;
	return a;
}

/* ---- error pages ------------------------------------------------------------ */

static void web_error(void *app, http_req *req, http_res *res)
{
	int code = http_res_status(res);
	const char *h, *m;
	switch (code) {
	case 400:
		h = "Bad request";
		m = "The request could not be understood.";
		break;
	case 403:
		h = "Not allowed";
		m = "You may not do this. If you came from a form, go back, "
		    "reload the page and try again.";
		break;
	case 404:
		h = "Page not found";
		m = "There is no page at this address.";
		break;
	case 405:
		h = "Method not allowed";
		m = "This address does not take that kind of request.";
		break;
	case 413:
		h = "Too large";
		m = "What you sent is larger than this site accepts.";
		break;
	case 503:
		h = "Unavailable";
		m = "The library cannot be reached right now. Please try "
		    "again in a moment.";
		break;
	default:
		h = "Something went wrong";
		m = "The server could not finish this request. Please try "
		    "again later.";
		if (code < 400 || code > 599)
			code = 500;
		break;
	}
	buf_reset(http_body(res));
	http_header_set(res, "Cache-Control", "no-store");
	page_message(app, req, res, code, h, m, 0);
}

/* ---- plain routes ------------------------------------------------------------- */

/* Appends s as XML text: escaped, and without the control characters
 * XML 1.0 forbids. */
static void xml_text(buf_t *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		default:
			if (c >= 0x20 || c == '\n' || c == '\t')
				buf_putc(b, (char)c);
		}
	}
}

/* The absolute canonical URL of a paper, XML-escaped. */
static void paper_url(buf_t *b, web_app *app, const char *id, const char *title)
{
	char path[PAGE_PATH_MAX];
	page_paper_path(path, id, title);
	xml_text(b, http_base_url(app->server));
	xml_text(b, path);
}

static void iso_date(int64_t t, char *out, size_t n, int with_time)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, n, with_time ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d", &tm);
}

/* GET /healthz — 200 {"status":"ok","papers":N}, or 503 when the library
 * cannot be read. */
static void web_healthz(void *vapp, http_req *req, http_res *res)
{
	web_app *app = vapp;
	quire_error err = {0};
	size_t n = 0;
	store_t *st = web_store(app, &err);
	buf_t *b = http_body(res);
	http_header_set(res, "Content-Type", "application/json");
	http_header_set(res, "Cache-Control", "no-store");
	if (!st || st_count(st, &n, &err) != QUIRE_OK) {
		http_status(res, 503);
		buf_puts(b, "{\"status\":\"unavailable\"}\n");
		return;
	}
	buf_printf(b, "{\"status\":\"ok\",\"papers\":%zu}\n", n);
	(void)req;
}

/* GET /robots.txt */
static void web_robots(void *vapp, http_req *req, http_res *res)
{
	web_app *app = vapp;
	buf_t *b = http_body(res);
	(void)req;
	http_header_set(res, "Content-Type", "text/plain; charset=utf-8");
	buf_printf(b, "User-agent: *\nAllow: /\n\nSitemap: %s/sitemap.xml\n",
		   http_base_url(app->server));
}

#define SITEMAP_MAX 50000 /* the sitemap protocol's limit of URLs per file */
/* the papers per file: app->sitemap_max, at most SITEMAP_MAX */
#define SITEMAP_PER(app) ((app)->sitemap_max && (app)->sitemap_max < SITEMAP_MAX ? (app)->sitemap_max : SITEMAP_MAX)
#define FEED_ENTRIES 20

struct walk {
	web_app *app;
	buf_t *b;
	size_t n;
	store_t *st;
	quire_arena *a;
	size_t skip, max; /* sitemap: rows passed over, then at most max */
};

static int sitemap_row(const st_paper *p, void *ctx)
{
	struct walk *w = ctx;
	if (w->skip) {
		w->skip--;
		return 0;
	}
	char d[32];
	buf_puts(w->b, "<url><loc>");
	paper_url(w->b, w->app, p->id, p->title);
	iso_date(p->added, d, sizeof d, 0);
	buf_printf(w->b, "</loc><lastmod>%s</lastmod></url>\n", d);
	return ++w->n >= w->max;
}

/* Writes the urlset of papers [skip, skip + max) in the order added,
 * after the home page's URL when home is set; -1 when the library cannot
 * be read. */
static int sitemap_urlset(web_app *app, store_t *st, buf_t *b, int home, size_t skip,
			  size_t max)
{
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	if (home) {
		buf_puts(b, "<url><loc>");
		xml_text(b, http_base_url(app->server));
		buf_puts(b, "/</loc></url>\n");
	}
	struct walk w = {app, b, 0, st, NULL, skip, max};
	quire_error err = {0};
	if (max && st_list(st, ST_SORT_ADDED, 0, sitemap_row, &w, &err) != QUIRE_OK)
		return -1;
	buf_puts(b, "</urlset>\n");
	return 0;
}

/* GET /sitemap.xml — every paper's canonical URL, oldest first (new
 * papers go to the last file, the others stay as they are): one urlset
 * while the home page and the papers fit the protocol's 50,000 URLs, else
 * a sitemap index of /sitemap/N.xml, 50,000 papers each. */
static void web_sitemap(void *vapp, http_req *req, http_res *res)
{
	web_app *app = vapp;
	quire_error err = {0};
	store_t *st = web_store(app, &err);
	size_t n = 0;
	(void)req;
	if (!st || st_count(st, &n, &err) != QUIRE_OK) {
		http_status(res, 503);
		return;
	}
	buf_t *b = http_body(res);
	http_header_set(res, "Content-Type", "application/xml; charset=utf-8");
	size_t per = SITEMAP_PER(app);
	if (n < per) {
		if (sitemap_urlset(app, st, b, 1, 0, n) != 0) {
			buf_reset(b);
			http_status(res, 503);
		}
		return;
	}
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t k = 0; k * per < n; k++) {
		buf_puts(b, "<sitemap><loc>");
		xml_text(b, http_base_url(app->server));
		buf_printf(b, "/sitemap/%zu.xml</loc></sitemap>\n", k + 1);
	}
	buf_puts(b, "</sitemapindex>\n");
}

/* GET /sitemap/N.xml — the Nth 50,000 papers of a large library's index.
 * (Reaching page N reads the papers before it: a few seconds a page at a
 * million papers, once, as the page cache keeps it.) */
static void web_sitemap_page(void *vapp, http_req *req, http_res *res)
{
	web_app *app = vapp;
	const char *f = http_param(req, "n");
	char *end = NULL;
	unsigned long k = f ? strtoul(f, &end, 10) : 0;
	quire_error err = {0};
	store_t *st = web_store(app, &err);
	size_t n = 0;
	if (!st || st_count(st, &n, &err) != QUIRE_OK) {
		http_status(res, 503);
		return;
	}
	/* "N.xml" with N from 1, and only for a library that has an index */
	size_t per = SITEMAP_PER(app);
	if (!f || f[0] < '1' || f[0] > '9' || !end || strcmp(end, ".xml") != 0 ||
	    n < per || k > (n + per - 1) / per) {
		http_status(res, 404);
		return;
	}
	buf_t *b = http_body(res);
	http_header_set(res, "Content-Type", "application/xml; charset=utf-8");
	if (sitemap_urlset(app, st, b, 0, (size_t)(k - 1) * per, per) != 0) {
		buf_reset(b);
		http_status(res, 503);
	}
}

/* The preview's opening from a stored analysis (core JSON), in arena a;
 * NULL when there is none. */
static const char *preview_head(const char *json, size_t len, quire_arena *a)
{
	if (!json || !len)
		return NULL;
	json_error_t je;
	json_t *root = json_loadb(json, len, 0, &je);
	if (!root)
		return NULL;
	const char *out = NULL;
	json_t *h = json_object_get(json_object_get(root, "preview"), "head");
	if (json_is_string(h))
		out = quire_arena_strndup(a, json_string_value(h),
					  json_string_length(h));
	json_decref(root);
	return out;
}

static int feed_row(const st_paper *p, void *ctx)
{
	struct walk *w = ctx;
	quire_error err = {0};
	st_paper full;
	char d[32];
	buf_t *b = w->b;
	/* the preview is public for every paper; nothing else of the text */
	const char *head = NULL;
	if (st_get(w->st, p->id, ST_WITH_ANALYSIS, w->a, &full, &err) ==
	    QUIRE_OK)
		head = preview_head(full.analysis, full.analysis_len, w->a);
	iso_date(p->added, d, sizeof d, 1);
	buf_puts(b, "<entry>\n<title>");
	xml_text(b, p->title && *p->title ? p->title : "(untitled)");
	buf_puts(b, "</title>\n<id>");
	xml_text(b, http_base_url(w->app->server));
	buf_puts(b, "/paper/");
	xml_text(b, p->id);
	buf_puts(b, "</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	paper_url(b, w->app, p->id, p->title);
	buf_printf(b, "\"/>\n<updated>%s</updated>\n", d);
	const char *au = p->authors;
	while (au && *au) {
		const char *e = strchr(au, '\n');
		size_t n = e ? (size_t)(e - au) : strlen(au);
		if (n) {
			char *one = quire_arena_strndup(w->a, au, n);
			buf_puts(b, "<author><name>");
			xml_text(b, one);
			buf_puts(b, "</name></author>\n");
		}
		au = e ? e + 1 : NULL;
	}
	if (head && *head) {
		buf_puts(b, "<summary>");
		xml_text(b, head);
		buf_puts(b, "</summary>\n");
	}
	buf_puts(b, "</entry>\n");
	return ++w->n >= FEED_ENTRIES;
}

/* The time of the newest paper, for the feed's <updated>. */
static int newest_row(const st_paper *p, void *ctx)
{
	*(int64_t *)ctx = p->added;
	return 1;
}

/* GET /feed.xml — Atom feed of the most recent papers. */
static void web_feed(void *vapp, http_req *req, http_res *res)
{
	web_app *app = vapp;
	quire_error err = {0};
	store_t *st = web_store(app, &err);
	if (!st) {
		http_status(res, 503);
		return;
	}
	int64_t newest = 0;
	if (st_list(st, ST_SORT_ADDED, 1, newest_row, &newest, &err) !=
	    QUIRE_OK) {
		http_status(res, 503);
		return;
	}
	char d[32];
	iso_date(newest ? newest : 0, d, sizeof d, 1);
	buf_t *b = http_body(res);
	const char *base = http_base_url(app->server);
	const char *site = app->site_name && *app->site_name ? app->site_name
							      : "quire";
	http_header_set(res, "Content-Type",
			"application/atom+xml; charset=utf-8");
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>");
	xml_text(b, site);
	buf_puts(b, "</title>\n<id>");
	xml_text(b, base);
	buf_puts(b, "/</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	xml_text(b, base);
	buf_puts(b, "/\"/>\n<link rel=\"self\" href=\"");
	xml_text(b, base);
	buf_printf(b, "/feed.xml\"/>\n<updated>%s</updated>\n<author><name>", d);
	xml_text(b, site);
	buf_puts(b, "</name></author>\n");
	struct walk w = {app, b, 0, st, http_arena(req), 0, 0};
	if (st_list(st, ST_SORT_ADDED, 1, feed_row, &w, &err) != QUIRE_OK) {
		buf_reset(b);
		http_status(res, 503);
		return;
	}
	buf_puts(b, "</feed>\n");
}

/* The style sheet's ETag: FNV-1a of its bytes, made once (the sheet is
 * a constant of the binary). */
static char style_etag[24];
static pthread_once_t style_once = PTHREAD_ONCE_INIT;

static void style_etag_init(void)
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)web_style_css; *p;
	     p++)
		h = (h ^ *p) * 1099511628211ULL;
	snprintf(style_etag, sizeof style_etag, "\"%016llx\"",
		 (unsigned long long)h);
}

/* GET /static/style.css — the sheet compiled in (assets.c), cached a
 * week and revalidated by ETag. */
static void web_style(void *app, http_req *req, http_res *res)
{
	(void)app;
	pthread_once(&style_once, style_etag_init);
	http_header_set(res, "ETag", style_etag);
	http_header_set(res, "Cache-Control", "public, max-age=604800");
	http_header_set(res, "Content-Type", "text/css; charset=utf-8");
	const char *inm = http_header(req, "If-None-Match");
	if (inm && strstr(inm, style_etag)) {
		http_status(res, 304);
		return;
	}
	buf_puts(http_body(res), web_style_css);
}

/* ---- the page cache ------------------------------------------------------------ */

/* May this request be answered from the cache of anonymous pages?  Only a
 * GET (or HEAD) carrying no session, no pre-session cookie and no token:
 * its viewer is anonymous without asking the accounts.  A reader's citation
 * style cookie (page_refs.h) changes the paper page, so it is not cached
 * either. */
static int cacheable(web_app *app, http_req *req)
{
	const char *m = http_method(req);
	return app->cache && (strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0) &&
	       !http_cookie(req, AUTH_SESSION_COOKIE) &&
	       !http_cookie(req, AUTH_PRE_COOKIE) &&
	       !http_cookie(req, PAGE_REFS_STYLE_COOKIE) &&
	       !http_header(req, "Authorization");
}

/* Runs fn, answering from the cache when an anonymous viewer asks for a
 * page made from the library as it is now (cache.h).  The key is the Host
 * (absolute URLs in the page are made from it) and the request target. */
static void cached(web_app *app, http_req *req, http_res *res, http_handler fn)
{
	/* a quick route (http.h): called first on the event loop, which
	 * answers a hit and hands anything else to a worker */
	if (!cacheable(app, req)) {
		if (http_offload(req))
			return;
		http_header_set(res, "Vary", "Cookie");
		fn(app, req, res);
		return;
	}
	http_header_set(res, "Vary", "Cookie");
	store_t *st = web_store(app, NULL);
	uint64_t gen = st ? cache_generation(app->cache, st) : 0;
	const char *host = http_header(req, "Host");
	buf_t k = BUF_INIT;
	buf_printf(&k, "%s\n%s", host ? host : "", http_target(req));
	const char *key = buf_failed(&k) ? NULL : k.p;
	if (gen && key && cache_get(app->cache, key, gen, res)) {
		http_header_set(res, "X-Quire-Cache", "hit");
	} else if (!http_offload(req)) {
		fn(app, req, res);
		if (gen && key)
			cache_put(app->cache, key, gen, res);
		http_header_set(res, "X-Quire-Cache", "miss");
	}
	buf_free(&k);
}

#define CACHED(name, fn)                                                    \
	static void name(void *app, http_req *req, http_res *res)           \
	{                                                                   \
		cached(app, req, res, fn);                                  \
	}
CACHED(c_home, page_home)
CACHED(c_tag, page_tag)
CACHED(c_search, page_search)
CACHED(c_read, page_read)
CACHED(c_paper, page_paper)
CACHED(c_sitemap, web_sitemap)
CACHED(c_sitemap_page, web_sitemap_page)
CACHED(c_feed, web_feed)
CACHED(c_api_search, api_search)

/* ---- the route table -------------------------------------------------------- */

static const http_route routes[] = {
	/* plain routes (this file) */
	{NULL, "/healthz", web_healthz, 0}, /* any method: probes differ */
	{"GET", "/robots.txt", web_robots, 0},
	{"GET", "/sitemap.xml", c_sitemap, 1},
	{"GET", "/sitemap/:n", c_sitemap_page, 1}, /* :n is "2.xml" */
	{"GET", "/feed.xml", c_feed, 1},
	{"GET", "/static/style.css", web_style, 0},
	/* accounts (page_account.c, declared in auth.h) */
	{"GET", "/signin", page_signin, 0},
	{"POST", "/signin", page_signin_post, 0},
	{"POST", "/signout", page_signout_post, 0},
	{"GET", "/invite/:token", page_invite, 0},
	{"POST", "/invite/:token", page_invite_post, 0},
	{"GET", "/reset/:token", page_reset, 0},
	{"POST", "/reset/:token", page_reset_post, 0},
	{"GET", "/account", page_account, 0},
	{"POST", "/account", page_account_post, 0},
	{"POST", "/account/tokens", page_account_tokens_post, 0},
	{"GET", "/admin/users", page_admin_users, 0},
	{"POST", "/admin/users", page_admin_users_post, 0},
	/* pages (page_*.c, pages.h): literal sub-pages before /paper/:id/:slug */
	{"GET", "/", c_home, 1},
	{"GET", "/tag/:tag", c_tag, 1},
	{"GET", "/search", c_search, 1},
	{"GET", "/upload", page_upload, 0},
	{"POST", "/upload", page_upload_post, 0},
	{"GET", "/check", page_check, 0},
	{"POST", "/check", page_check_post, 0},
	{"GET", "/paper/:id/read", c_read, 1},
	{"GET", "/paper/:id/file", page_file, 0},
	{"GET", "/paper/:id/edit", page_edit, 0},
	{"POST", "/paper/:id/edit", page_edit_post, 0},
	{"GET", "/paper/:id/refs.json", page_refs_json, 0},
	{"GET", "/paper/:id/refs.bib", page_refs_bib, 0},
	{"GET", "/paper/:id/refs.ris", page_refs_ris, 0},
	{"GET", "/paper/:id/refs/:n", page_refs_one, 0}, /* :n is "7.bib" */
	{"GET", "/paper/:id", c_paper, 1},
	{"GET", "/paper/:id/:slug", c_paper, 1},
	/* the JSON API (api.c, docs/openapi.json) */
	{"GET", "/api/v1/me", api_me, 0},
	{"GET", "/api/v1/papers", api_papers, 0},
	{"POST", "/api/v1/papers", api_papers_post, 0},
	{"GET", "/api/v1/papers/:id", api_paper, 0},
	{"PATCH", "/api/v1/papers/:id", api_paper_patch, 0},
	{"DELETE", "/api/v1/papers/:id", api_paper_delete, 0},
	{"GET", "/api/v1/papers/:id/references", api_paper_refs, 0},
	{"GET", "/api/v1/papers/:id/references/:n", api_paper_ref, 0},
	{"GET", "/api/v1/papers/:id/file", api_paper_file, 0},
	{"GET", "/api/v1/search", c_api_search, 1},
	{"POST", "/api/v1/check", api_check, 0},
	/* error pages (not matched against paths) */
	{HTTP_ERROR_ROUTE, "", web_error, 0},
};

#define N_ROUTES (sizeof routes / sizeof routes[0])
/* Helpers for the readers of uploads: up to this many uploads are read at
 * once, one through each; another waits for a free one (sandbox.h: a
 * threaded server must not fork readers itself). */
#define WEB_READERS 4

/* ---- serving ------------------------------------------------------------------ */

quire_status web_start(web_app *app, quire_error *err)
{
	if (!app->library)
		return quire_error_set(err, QUIRE_EUSAGE, "no library");
	if (!app->http.max_body)
		app->http.max_body = app->max_upload ? app->max_upload + (1u << 20)
						     : (64u << 20);
	const char *sm = getenv("QUIRE_SITEMAP_MAX");
	if (sm && !app->sitemap_max)
		app->sitemap_max = (size_t)strtoul(sm, NULL, 10);
	/* check that the library opens before taking requests; the page
	 * cache keeps this connection to watch the library for changes */
	store_t *st = NULL;
	if (st_open(app->library, ST_OPEN_EXISTING, &st, err) != QUIRE_OK)
		return err ? err->code : QUIRE_ESTORE;
	if (app->no_cache || app->cache) {
		st_close(st);
	} else {
		app->cache = cache_new(0, st);
		if (!app->cache)
			return quire_error_set(err, QUIRE_ENOMEM, "no memory for the page cache");
	}
	/* the uploads' spawners, forked while this process has one thread
	 * (NULL if none starts: uploads then fork from the server) */
	if (!app->readers)
		app->readers = sbx_pool_new(WEB_READERS);
	quire_status s = http_start(&app->http, routes, N_ROUTES, app, &app->server, err);
	if (s != QUIRE_OK) {
		cache_free(app->cache);
		app->cache = NULL;
		sbx_pool_free(app->readers);
		app->readers = NULL;
	}
	return s;
}

sbx_limits web_reader_limits(web_app *app)
{
	sbx_limits lim = sbx_limits_default();
	lim.spawner = sbx_pool_take(app->readers);
	return lim;
}

void web_reader_done(web_app *app, sbx_limits *lim)
{
	sbx_pool_give(app->readers, lim->spawner);
	lim->spawner = NULL;
}

void web_stop(web_app *app)
{
	http_stop(app->server);
	app->server = NULL;
	web_store_release();
	cache_free(app->cache);
	app->cache = NULL;
	sbx_pool_free(app->readers);
	app->readers = NULL;
}

int web_wait_signal(void)
{
	sigset_t set;
	int sig = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigwait(&set, &sig) != 0)
		return -1;
	return sig;
}

int web_block_signals(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	return pthread_sigmask(SIG_BLOCK, &set, NULL) == 0 ? 0 : -1;
}

quire_status web_serve(web_app *app, quire_error *err)
{
	if (web_block_signals() != 0)
		return quire_error_set(err, QUIRE_EUSAGE, "cannot block signals");
	quire_status s = web_start(app, err);
	if (s != QUIRE_OK)
		return s;
	(void)web_wait_signal();
	web_stop(app);
	return QUIRE_OK;
}
