/*
 * pages.h — the HTML pages of the web face (page_*.c) and their frame.
 *
 * Every page is written through html.h (escaping by construction) inside
 * the frame page_begin()/page_end() give it: a skip link, a header with
 * the site's name, a search box and the viewer's sign-in link or menu
 * (with a sign-out form carrying the CSRF token), <main id="main">, and a
 * footer.  Links are written with the server's path prefix (page_prefix),
 * so the site works below a reverse proxy's path.
 *
 * What a page shows of a paper is decided by auth_can_open() (web.h): the
 * title, stats line, authors, outline, preview, references and tags are
 * public for every paper; the full text (Open Document) and the file only
 * for those it allows.  Nothing gated is written into a page for someone
 * who may not open it — not in a meta tag, a snippet, a list, a comment.
 */
#ifndef QUIRE_PAGES_H
#define QUIRE_PAGES_H

#include <stdint.h>

#include "buf.h"
#include "http.h"
#include "web.h"

/* The style sheet served at /static/style.css (assets.c; web.c serves it). */
extern const char web_style_css[];

/* The path prefix of the site ("" or "/library"), for links. */
const char *page_prefix(web_app *app);

/* Opens a page: doctype, <head> (title "title · site", viewport, the style
 * sheet, then head_extra_trusted as is — HTML this program wrote, may be
 * NULL), the skip link, the header and <main id="main"><div class="wrap">. */
void page_begin(buf_t *b, web_app *app, http_req *req, const char *title,
		const char *head_extra_trusted);
/* Closes <main> and writes the footer and the end of the document. */
void page_end(buf_t *b, web_app *app, http_req *req);

/* A whole page with a heading and a message (both escaped) under status
 * code; when sign_in is set and the viewer is anonymous, a sign-in link
 * that returns to the current path follows. */
void page_message(web_app *app, http_req *req, http_res *res, int code,
		  const char *heading, const char *message, int sign_in);

/* The stats line of a paper: "3,128 Words · 7 Pages" (escaped-safe). */
void page_stats(buf_t *b, size_t words, unsigned pages);

/* The hidden CSRF field of a POST form. */
void page_csrf_field(buf_t *b, http_req *req);

/* Checks the CSRF token of a POST; on failure writes the 403 page and
 * returns 0 (auth_csrf_check of auth.h decides). */
int page_csrf_ok(web_app *app, http_req *req, http_res *res);

/* The calling thread's store; on failure writes a 503 page and returns
 * NULL (the error's words are not shown: they may name internals). */
store_t *page_store(web_app *app, http_req *req, http_res *res);

/* The path of a paper's page below the prefix, "/paper/<id>/<slug>" (or
 * "/paper/<id>" when the title gives no slug), into out (at least
 * PAGE_PATH_MAX bytes).  A slug that is one of the paper's sub-pages
 * ("read", "file", "edit") gets "-paper" added. */
#define PAGE_PATH_MAX 128
void page_paper_path(char *out, const char *id, const char *title);

/* An absolute URL of a path below the prefix: the base URL when the site
 * has one, else http://Host (a Host header of host-name characters only)
 * plus the prefix, else the prefix alone (a relative URL).  Escaped. */
void page_abs_url(buf_t *b, web_app *app, http_req *req, const char *path);

/* One paper of a list: <li> with the title link, authors and year, the
 * stats line, an added date when added > 0 and an escaped snippet with
 * its marks when snippet is not NULL. */
void page_paper_item(buf_t *b, web_app *app, const char *id,
		     const char *title, const char *authors, int year,
		     size_t words, unsigned pages, int64_t added,
		     const char *snippet);

/* ---- handlers (wired in web.c's route table; app is the web_app) ---- */

void page_home(void *app, http_req *req, http_res *res);       /* GET / */
void page_tag(void *app, http_req *req, http_res *res);        /* GET /tag/:tag */
void page_search(void *app, http_req *req, http_res *res);     /* GET /search */
/* The search page with tag (when not NULL) as a fixed filter (/tag/:tag). */
void page_search_render(web_app *app, http_req *req, http_res *res,
			const char *tag);
void page_paper(void *app, http_req *req, http_res *res);      /* GET /paper/:id and /paper/:id/:slug */
void page_read(void *app, http_req *req, http_res *res);       /* GET /paper/:id/read */
void page_file(void *app, http_req *req, http_res *res);       /* GET /paper/:id/file */
void page_edit(void *app, http_req *req, http_res *res);       /* GET /paper/:id/edit */
void page_edit_post(void *app, http_req *req, http_res *res);  /* POST /paper/:id/edit */
void page_upload(void *app, http_req *req, http_res *res);     /* GET /upload */
void page_upload_post(void *app, http_req *req, http_res *res);/* POST /upload */

#endif
