/*
 * page_check.c — "Check a text" (GET/POST /check) and POST /api/v1/check:
 * a pasted or uploaded text checked against the whole library for reused
 * passages (chk.h), shown as far as the viewer may see (page_check.h).
 *
 * Decisions:
 *  - Signed-in users only (any role): a check reads the whole index and
 *    aligns up to 25 papers, work an anonymous visitor should not be able
 *    to ask for at will; the page says so and links to sign in.
 *  - The check itself runs over every paper (chk_run), so the shares are
 *    the same for everyone and a copy of a private paper is still found.
 *    What is shown is filtered here, in one function (can_open): for a
 *    paper the viewer may not open (auth_can_open), its title and share
 *    only — no passage, no offset into it, no word of its text.
 *  - The uploaded file is read like an upload (ingest's sniffing and
 *    sandbox, the upload size limit); a pasted text is read as plain text.
 *  - Passages are shown side by side in a table: the checked text on the
 *    left, the paper on the right, the words found in both in <mark>.
 */
#include "page_check.h"

#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "chk.h"
#include "html.h"
#include "ingest.h"
#include "pages.h"
#include "web.h"

#define CHECK_SHOW_WORDS 120 /* words of a passage shown on the page */

static int can_open(const viewer_t *v, const chk_source *s)
{
	return auth_can_open(v, s->paper.visibility, s->paper.owner);
}

static int pct(double share, size_t covered)
{
	int p = (int)(share * 100.0 + 0.5);
	if (p >= 100 && share < 1.0)
		p = 99;
	if (p == 0 && covered > 0)
		p = 1;
	return p;
}

/* Reads the options of a check from form fields (or the query). */
static void read_opts(http_req *req, chk_opts *o)
{
	memset(o, 0, sizeof *o);
	const char *q = http_form(req, "include_quotes");
	if (!q)
		q = http_query(req, "include_quotes");
	const char *bib = http_form(req, "include_bibliography");
	if (!bib)
		bib = http_query(req, "include_bibliography");
	const char *mw = http_form(req, "min_words");
	if (!mw)
		mw = http_query(req, "min_words");
	o->include_quotes = q && *q && strcmp(q, "0") != 0 && strcmp(q, "false") != 0;
	o->include_bibliography = bib && *bib && strcmp(bib, "0") != 0 &&
				  strcmp(bib, "false") != 0;
	if (mw && *mw) {
		char *end;
		long n = strtol(mw, &end, 10);
		if (!*end && n >= 1 && n <= 10000)
			o->min_words = (unsigned)n;
	}
}

/* The text to check: the first non-empty uploaded file, else the field
 * "text", else (raw) a text/plain body.  *name gets a name hint. */
static const unsigned char *input_of(http_req *req, int raw_body, size_t *n,
				     const char **name)
{
	for (size_t i = 0; i < http_n_files(req); i++) {
		const http_file *f = http_file_at(req, i);
		if (f && f->len) {
			*n = f->len;
			*name = f->filename && *f->filename ? f->filename : "upload";
			return f->data;
		}
	}
	const char *t = http_form(req, "text");
	*name = "pasted.txt";
	if (t && *t) {
		*n = strlen(t);
		return (const unsigned char *)t;
	}
	if (raw_body) {
		const char *ct = http_header(req, "Content-Type");
		size_t len = 0;
		const char *b = http_body_in(req, &len);
		if (b && len && ct && strncmp(ct, "text/plain", 10) == 0) {
			*n = len;
			return (const unsigned char *)b;
		}
	}
	*n = 0;
	return NULL;
}

/* Runs the check of bytes into *t / *r (memory of the request's arena);
 * returns the status, err set. */
static quire_status run_check(web_app *app, store_t *st, http_req *req,
			      const unsigned char *bytes, size_t n,
			      const char *name, const chk_opts *o, chk_text *t,
			      chk_result *r, quire_error *err)
{
	if (app->max_upload && n > app->max_upload)
		return quire_error_set(err, QUIRE_ELIMIT,
				       "the text is larger than the %zu MB limit",
				       (app->max_upload + (1u << 20) - 1) >> 20);
	quire_options qo = ingest_options(st);
	sbx_limits lim = web_reader_limits(app);
	quire_status s = chk_prepare(bytes, n, name, o, &qo, &lim, http_arena(req),
				     t, err);
	web_reader_done(app, &lim);
	if (s == QUIRE_OK)
		s = chk_run(st, t, o, -1, http_arena(req), r, err);
	return s;
}

/* ---- the page ------------------------------------------------------------- */

static int may_check(web_app *app, http_req *req, http_res *res)
{
	const viewer_t *v = web_viewer(req);
	if (v && v->uid != 0)
		return 1;
	page_message(app, req, res, 403, "Sign in to check a text",
		     "Checking a text against the library is for its members.", 1);
	return 0;
}

static void check_form(buf_t *b, web_app *app, http_req *req, const chk_opts *o)
{
	html_printf(b, "<form method=\"post\" action=\"%s/check\" enctype=\"multipart/form-data\">\n",
		    page_prefix(app));
	page_csrf_field(b, req);
	html_printf(b, "<label for=\"f-text\">Paste a text</label>"
		    "<textarea id=\"f-text\" name=\"text\" rows=\"10\" cols=\"70\"></textarea>\n"
		    "<label for=\"f-file\">or upload a file</label>"
		    "<input type=\"file\" id=\"f-file\" name=\"file\">\n"
		    "<p><input type=\"checkbox\" id=\"f-q\" name=\"include_quotes\" value=\"1\"%S> "
		    "<label for=\"f-q\">Count quotations too</label><br>"
		    "<input type=\"checkbox\" id=\"f-b\" name=\"include_bibliography\" value=\"1\"%S> "
		    "<label for=\"f-b\">Count the bibliography too</label></p>\n"
		    "<label for=\"f-min\">Shortest passage, in words</label>"
		    "<input type=\"number\" id=\"f-min\" name=\"min_words\" min=\"1\" max=\"10000\" value=\"%d\">\n"
		    "<p><button type=\"submit\">Check</button></p>\n</form>\n",
		    o && o->include_quotes ? " checked" : "",
		    o && o->include_bibliography ? " checked" : "",
		    o && o->min_words ? (int)o->min_words : 8);
}

void page_check(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	if (!may_check(app, req, res))
		return;
	buf_t *b = http_body(res);
	page_begin(b, app, req, "Check a text", "<meta name=\"robots\" content=\"noindex\">\n");
	html_printf(b, "<h1>Check a text</h1>\n"
		    "<p>Finds the passages of a text that also appear in papers of the "
		    "library, word for word or lightly edited, and how much of the text they "
		    "make up. Quotations and the bibliography are left out unless you ask "
		    "for them.</p>\n");
	check_form(b, app, req, NULL);
	page_end(b, app, req);
}

/* The words [w0, w0+nw) of t, escaped, marked words in <mark>; at most
 * max words. */
static void html_words(buf_t *b, const reuse_text *t, size_t w0, size_t nw,
		       const unsigned char *mark, size_t max)
{
	size_t end = w0 + nw < t->n_words ? w0 + nw : t->n_words;
	size_t stop = nw > max ? w0 + max : end;
	int on = 0;
	for (size_t i = w0; i < stop; i++) {
		const reuse_word *w = &t->words[i];
		int m = mark && mark[i];
		if (!m && on) {
			html_printf(b, "</mark>");
			on = 0;
		}
		if (i > w0)
			html_printf(b, " ");
		if (m && !on) {
			html_printf(b, "<mark>");
			on = 1;
		}
		html_printf(b, "%.*s", (int)w->len, t->text + w->off);
	}
	if (on)
		html_printf(b, "</mark>");
	if (stop < end)
		html_printf(b, " \xE2\x80\xA6");
}

static void render_result(buf_t *b, web_app *app, const viewer_t *v,
			  const chk_text *t, const chk_result *r)
{
	const char *px = page_prefix(app);
	html_printf(b, "<p class=\"ok\"><strong>%d%%</strong> of the text (%N counted words) "
		    "is found in %zu %S of the library.</p>\n",
		    pct(r->share, r->covered), t->words.n_counted, r->n_sources,
		    r->n_sources == 1 ? "paper" : "papers");
	if (r->n_sources == 0)
		return;
	html_printf(b, "<table class=\"sources\"><thead><tr><th scope=\"col\">Paper</th>"
		    "<th scope=\"col\">Share of the text</th><th scope=\"col\">Passages</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < r->n_sources; i++) {
		const chk_source *s = &r->sources[i];
		char path[PAGE_PATH_MAX];
		page_paper_path(path, s->paper.id, s->paper.title);
		html_printf(b, "<tr><td><a href=\"%s%s\">%s</a></td><td>%d%%</td><td>",
			    px, path, s->paper.title && *s->paper.title ? s->paper.title : "(untitled)",
			    pct(s->match.share, s->match.covered));
		if (can_open(v, s))
			html_printf(b, "<a href=\"#p-%s\">%zu</a>", s->paper.id, s->match.n_passages);
		else
			html_printf(b, "not shown");
		html_printf(b, "</td></tr>\n");
	}
	html_printf(b, "</tbody></table>\n");
	for (size_t i = 0; i < r->n_sources; i++) {
		const chk_source *s = &r->sources[i];
		html_printf(b, "<section id=\"p-%s\"><h2>%s \xE2\x80\x94 %d%%</h2>\n", s->paper.id,
			    s->paper.title && *s->paper.title ? s->paper.title : "(untitled)",
			    pct(s->match.share, s->match.covered));
		if (!can_open(v, s)) {
			html_printf(b, "<p class=\"muted\">You may not open this paper, so its "
				    "passages are not shown.</p></section>\n");
			continue;
		}
		unsigned char *tm = calloc(t->words.n_words + 1, 1);
		unsigned char *sm = calloc(s->words.n_words + 1, 1);
		html_printf(b, "<table class=\"passages\"><thead><tr><th scope=\"col\">Your text</th>"
			    "<th scope=\"col\">The paper</th></tr></thead><tbody>\n");
		for (size_t k = 0; tm && sm && k < s->match.n_passages; k++) {
			const reuse_passage *p = &s->match.passages[k];
			chk_mark_common(&t->words, p->word, p->n_words, &s->words,
					p->src_word, p->src_n_words, tm);
			chk_mark_common(&s->words, p->src_word, p->src_n_words,
					&t->words, p->word, p->n_words, sm);
			html_printf(b, "<tr><td>");
			html_words(b, &t->words, p->word, p->n_words, tm, CHECK_SHOW_WORDS);
			html_printf(b, "</td><td>");
			html_words(b, &s->words, p->src_word, p->src_n_words, sm, CHECK_SHOW_WORDS);
			html_printf(b, "</td></tr>\n");
		}
		html_printf(b, "</tbody></table></section>\n");
		free(tm);
		free(sm);
	}
}

void page_check_post(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	if (!page_csrf_ok(app, req, res))
		return;
	if (!may_check(app, req, res))
		return;
	store_t *st = page_store(app, req, res);
	if (!st)
		return;
	chk_opts o;
	read_opts(req, &o);
	size_t n = 0;
	const char *name = NULL;
	const unsigned char *bytes = input_of(req, 0, &n, &name);
	if (!bytes) {
		page_message(app, req, res, 400, "Nothing to check",
			     "Paste a text or choose a file to check.", 0);
		return;
	}
	chk_text t;
	chk_result r;
	quire_error err = {0};
	quire_status s = run_check(app, st, req, bytes, n, name, &o, &t, &r, &err);
	buf_t *b = http_body(res);
	if (s != QUIRE_OK) {
		http_status(res, s == QUIRE_ESTORE || s == QUIRE_ENOMEM ? 500 : 422);
		page_begin(b, app, req, "Check a text", "<meta name=\"robots\" content=\"noindex\">\n");
		html_printf(b, "<h1>Check a text</h1>\n<p class=\"error\">The text could not be checked: %s.</p>\n",
			    s == QUIRE_ESTORE ? "the library failed" :
			    err.msg[0] ? err.msg : quire_status_str(s));
		check_form(b, app, req, &o);
		page_end(b, app, req);
		return;
	}
	page_begin(b, app, req, "Check results", "<meta name=\"robots\" content=\"noindex\">\n");
	html_printf(b, "<h1>Check results</h1>\n");
	render_result(b, app, web_viewer(req), &t, &r);
	html_printf(b, "<h2>Check another text</h2>\n");
	check_form(b, app, req, &o);
	page_end(b, app, req);
}

/* ---- the API -------------------------------------------------------------- */

static void api_err(http_res *res, int code, const char *msg)
{
	http_status(res, code);
	http_header_set(res, "Content-Type", "application/json; charset=utf-8");
	http_header_set(res, "Cache-Control", "no-store");
	buf_t *b = http_body(res);
	buf_printf(b, "{\"error\":{\"status\":%d,\"message\":", code);
	buf_json_str(b, msg, strlen(msg));
	buf_puts(b, "}}\n");
}

/* The words [w0, w0+nw) of t as written, as a JSON string. */
static void json_span(buf_t *b, const reuse_text *t, size_t w0, size_t nw)
{
	if (w0 >= t->n_words || nw == 0) {
		buf_puts(b, "\"\"");
		return;
	}
	size_t last = w0 + nw - 1 < t->n_words ? w0 + nw - 1 : t->n_words - 1;
	size_t off = t->words[w0].off;
	size_t end = t->words[last].off + t->words[last].len;
	buf_json_str(b, t->text + off, end - off);
}

void api_check(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	const viewer_t *v = web_viewer(req);
	if (!v || v->role == ROLE_ANON) {
		api_err(res, 401, "sign in or send an API token (Authorization: Bearer …)");
		return;
	}
	if (!v->via_token && !auth_csrf_check(v, http_header(req, "X-CSRF-Token"))) {
		api_err(res, 403, "a browser session must send its CSRF token in X-CSRF-Token");
		return;
	}
	quire_error err = {0};
	store_t *st = web_store(app, &err);
	if (!st) {
		api_err(res, 500, "the library cannot be opened");
		return;
	}
	chk_opts o;
	read_opts(req, &o);
	size_t n = 0;
	const char *name = NULL;
	const unsigned char *bytes = input_of(req, 1, &n, &name);
	if (!bytes) {
		api_err(res, 400, "send the text as a multipart file, a form field \"text\" or a text/plain body");
		return;
	}
	chk_text t;
	chk_result r;
	quire_status s = run_check(app, st, req, bytes, n, name, &o, &t, &r, &err);
	if (s != QUIRE_OK) {
		if (s == QUIRE_ESTORE || s == QUIRE_ENOMEM)
			api_err(res, 500, "the library failed to check the text");
		else
			api_err(res, s == QUIRE_ELIMIT ? 413 : 422,
				err.msg[0] ? err.msg : quire_status_str(s));
		return;
	}
	http_status(res, 200);
	http_header_set(res, "Content-Type", "application/json; charset=utf-8");
	http_header_set(res, "Cache-Control", "no-store");
	buf_t *b = http_body(res);
	buf_printf(b, "{\"format\":");
	buf_json_str(b, t.format, strlen(t.format));
	buf_printf(b, ",\"words\":%zu,\"covered\":%zu,\"share\":%.4f,\"sources\":[",
		   t.words.n_counted, r.covered, r.share);
	for (size_t i = 0; i < r.n_sources; i++) {
		const chk_source *cs = &r.sources[i];
		int open = can_open(v, cs);
		buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
		buf_json_str(b, cs->paper.id, strlen(cs->paper.id));
		buf_puts(b, ",\"title\":");
		const char *title = cs->paper.title ? cs->paper.title : "";
		buf_json_str(b, title, strlen(title));
		buf_printf(b, ",\"share\":%.4f,\"covered\":%zu,\"can_open\":%s,\"passages\":[",
			   cs->match.share, cs->match.covered, open ? "true" : "false");
		for (size_t k = 0; open && k < cs->match.n_passages; k++) {
			const reuse_passage *p = &cs->match.passages[k];
			buf_printf(b, "%s{\"offset\":%zu,\"length\":%zu,\"source_offset\":%zu,"
				   "\"source_length\":%zu,\"words\":%zu,\"source_words\":%zu,\"text\":",
				   k ? "," : "", p->coff + t.coff_shift, p->clen,
				   p->src_coff + cs->coff_shift, p->src_clen, p->n_words,
				   p->src_n_words);
			json_span(b, &t.words, p->word, p->n_words);
			buf_puts(b, ",\"source_text\":");
			json_span(b, &cs->words, p->src_word, p->src_n_words);
			buf_putc(b, '}');
		}
		buf_puts(b, "]}");
	}
	buf_puts(b, "]}\n");
}
