/*
 * page_upload.c — uploading papers (GET/POST /upload) and editing a
 * paper's details (GET/POST /paper/:id/edit).
 *
 * Decisions:
 *  - An upload reads each file exactly as `quire add` does (ingest.h:
 *    sniff, the reader in the sandbox's child process, the analysis with
 *    the library's options), one arena per file freed before the next, so
 *    a form with many files holds one file's analysis at a time.
 *  - One file's failure does not stop the others: the results page lists
 *    each file with its analysis (title, stats line, link) or its error in
 *    plain words ("not a format quire reads (a PNG image)").
 *  - The uploader owns what they upload (owner = the viewer's name); the
 *    default visibility is members, as for `quire add`.
 *  - Subjects (tags) are typed comma-separated; each is trimmed, control
 *    characters are refused by dropping them, at most 32 tags of at most
 *    200 bytes (the store's limit).
 *  - Editing: an emptied title or author list removes the edit (the
 *    analysed value shows again); a value equal to what is shown is left
 *    alone, so saving the form unchanged records no edit.  The answer is
 *    303 to the paper's canonical URL under its new title.
 *  - Every POST handler checks the CSRF token first, then the permission.
 */
#include <stdlib.h>
#include <string.h>

#include "chk.h"
#include "html.h"
#include "ingest.h"
#include "pages.h"

#define MAX_TAGS 32

/* Splits "a, b ,c" into at most MAX_TAGS trimmed tags in arena a. */
static size_t parse_tags(const char *s, quire_arena *a, const char **out)
{
	size_t n = 0;
	while (s && *s && n < MAX_TAGS) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char *t = quire_arena_alloc(a, len + 1);
		if (!t)
			break;
		size_t k = 0;
		for (size_t i = 0; i < len; i++)
			if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
				t[k++] = s[i];
		t[k] = 0;
		char *p = t;
		while (*p == ' ')
			p++;
		while (k > 0 && t[k - 1] == ' ')
			t[--k] = 0;
		if (*p && strlen(p) <= 200) {
			int dup = 0;
			for (size_t j = 0; j < n; j++)
				dup |= strcmp(out[j], p) == 0;
			if (!dup)
				out[n++] = p;
		}
		s = end ? end + 1 : NULL;
	}
	return n;
}

static void visibility_select(buf_t *b, st_visibility cur)
{
	static const char *const label[] = {
		"Public \xE2\x80\x94 everyone may open the full text",
		"Members \xE2\x80\x94 signed-in users may open the full text",
		"Private \xE2\x80\x94 only you and the administrators"};
	html_printf(b, "<label for=\"f-vis\">Who may open the full text</label>"
		    "<select id=\"f-vis\" name=\"visibility\">");
	for (int v = ST_PUBLIC; v <= ST_PRIVATE; v++)
		html_printf(b, "<option value=\"%s\"%S>%s</option>",
			    st_visibility_name((st_visibility)v),
			    (int)cur == v ? " selected" : "", label[v]);
	html_printf(b, "</select>\n<p class=\"muted\">Everyone sees the title, the counts and the preview.</p>\n");
}

/* Refuses a viewer who may not upload (403); returns 0 then. */
static int may_upload(web_app *app, http_req *req, http_res *res)
{
	const viewer_t *v = web_viewer(req);
	if (auth_can_upload(v))
		return 1;
	if (!v || v->uid == 0)
		page_message(app, req, res, 403, "Sign in to upload",
			     "Uploading papers is for members of the library.", 1);
	else
		page_message(app, req, res, 403, "Uploading is for members",
			     "Your account may read papers but not upload them. "
			     "Ask an administrator to make you a member.", 0);
	return 0;
}

void page_upload(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	if (!may_upload(app, req, res))
		return;
	buf_t *b = http_body(res);
	page_begin(b, app, req, "Upload papers", NULL);
	html_printf(b, "<h1>Upload papers</h1>\n"
		    "<p>Text, Markdown, HTML, Word (DOCX, DOC), OpenDocument, EPUB, RTF "
		    "or PDF. Each file is read and analysed: its title, authors, counts, "
		    "outline, references and preview.</p>\n"
		    "<form method=\"post\" action=\"%s/upload\" enctype=\"multipart/form-data\">\n",
		    page_prefix(app));
	page_csrf_field(b, req);
	html_printf(b, "<label for=\"f-files\">Files</label>"
		    "<input type=\"file\" id=\"f-files\" name=\"files\" multiple required>\n");
	if (app->max_upload)
		html_printf(b, "<p class=\"muted\">At most %N MB a file.</p>\n",
			    (app->max_upload + (1u << 20) - 1) >> 20);
	visibility_select(b, ST_MEMBERS);
	html_printf(b, "<label for=\"f-tags\">Subjects (separated by commas)</label>"
		    "<input type=\"text\" id=\"f-tags\" name=\"tags\" size=\"40\">\n"
		    "<p><button type=\"submit\">Upload and analyse</button></p>\n</form>\n");
	page_end(b, app, req);
}

void page_upload_post(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	if (!page_csrf_ok(app, req, res))
		return;
	if (!may_upload(app, req, res))
		return;
	store_t *st = page_store(app, req, res);
	if (!st)
		return;
	const viewer_t *v = web_viewer(req);
	st_visibility vis = ST_MEMBERS;
	const char *vs = http_form(req, "visibility");
	if (vs && *vs && st_visibility_parse(vs, &vis) != 0)
		vis = ST_MEMBERS;
	const char *tags[MAX_TAGS];
	size_t nt = parse_tags(http_form(req, "tags"), http_arena(req), tags);
	size_t nf = 0;
	for (size_t i = 0; i < http_n_files(req); i++) {
		const http_file *f = http_file_at(req, i);
		if (f && (f->len || (f->filename && *f->filename)))
			nf++;
	}
	if (nf == 0) {
		page_message(app, req, res, 400, "No file chosen",
			     "Choose at least one file to upload.", 0);
		return;
	}
	quire_options opt = ingest_options(st);
	const char *px = page_prefix(app);
	buf_t *b = http_body(res);
	page_begin(b, app, req, "Uploaded", NULL);
	html_printf(b, "<h1>Upload results</h1>\n<ul class=\"papers\">\n");
	size_t added = 0, failed = 0;
	for (size_t i = 0; i < http_n_files(req); i++) {
		const http_file *f = http_file_at(req, i);
		if (!f || (!f->len && !(f->filename && *f->filename)))
			continue;
		const char *fname = f->filename && *f->filename ? f->filename : "(unnamed file)";
		quire_error err = {0};
		quire_status s;
		ingest_t in;
		char id[16] = "";
		memset(&in, 0, sizeof in);
		quire_arena *a = quire_arena_new(0);
		if (!a)
			s = quire_error_set(&err, QUIRE_ENOMEM, "out of memory");
		else if (app->max_upload && f->len > app->max_upload)
			s = quire_error_set(&err, QUIRE_ELIMIT,
					    "is larger than the %zu MB limit",
					    (app->max_upload + (1u << 20) - 1) >> 20);
		else {
			sbx_limits lim = web_reader_limits(app);
			s = ingest_bytes(f->data, f->len, fname, &opt, &lim, a, &in, &err);
			web_reader_done(app, &lim);
		}
		double near = 0;
		st_paper other;
		memset(&other, 0, sizeof other);
		if (s == QUIRE_OK) {
			st_new nw = in.nw;
			quire_error e2 = {0};
			/* before adding: the paper would match itself */
			if (chk_near_duplicate(st, nw.fps, nw.n_fps, a, &near, &other,
					       &e2) != QUIRE_OK)
				near = 0;
			nw.visibility = vis;
			nw.tags = tags;
			nw.n_tags = nt;
			nw.owner = v ? v->name : NULL;
			s = st_add(st, &nw, id, &err);
		}
		html_printf(b, "<li><div class=\"meta\">%s</div>", fname);
		if (s == QUIRE_OK || (s == QUIRE_EEXIST && id[0])) {
			char path[PAGE_PATH_MAX];
			page_paper_path(path, id, in.paper->title);
			html_printf(b, "<a class=\"t\" href=\"%s%s\">%s</a><div class=\"stats\">",
				    px, path, *in.paper->title ? in.paper->title : "(untitled)");
			page_stats(b, in.paper->counts.words, in.paper->counts.pages);
			html_printf(b, "</div>");
			if (s == QUIRE_OK) {
				added++;
				html_printf(b, "<p class=\"ok\">Added (%s, %N %S, %N %S).</p>",
					    in.reader ? in.reader->description : "",
					    in.paper->n_outline, in.paper->n_outline == 1 ? "heading" : "headings",
					    in.paper->n_refs, in.paper->n_refs == 1 ? "reference" : "references");
				if (near >= CHK_NEAR_DUPLICATE && other.id[0]) {
					char opath[PAGE_PATH_MAX];
					page_paper_path(opath, other.id, other.title);
					html_printf(b, "<p class=\"error\">Warning: %d%% of this paper "
						    "matches <a href=\"%s%s\">%s \xE2\x80\x9C%s\xE2\x80\x9D</a>.</p>",
						    near < 1.0 && near * 100.0 >= 99.5 ? 99 : (int)(near * 100.0 + 0.5),
						    px, opath, other.id, other.title ? other.title : "");
				}
			} else {
				html_printf(b, "<p class=\"ok\">Already in the library: the same file was added before.</p>");
			}
		} else {
			failed++;
			html_printf(b, "<p class=\"error\">Not added: %s.</p>",
				    err.msg[0] ? err.msg : quire_status_str(s));
		}
		html_printf(b, "</li>\n");
		quire_arena_free(a);
	}
	html_printf(b, "</ul>\n<p>%zu added, %zu not added. <a href=\"%s/upload\">Upload more</a></p>\n",
		    added, failed, px);
	page_end(b, app, req);
}

/* ---- editing ------------------------------------------------------------- */

/* Loads the paper of :id and checks the viewer may edit it; else writes
 * the 404/403 page and returns 0. */
static int load_editable(web_app *app, http_req *req, http_res *res,
			 store_t **st, st_paper *sp)
{
	*st = page_store(app, req, res);
	if (!*st)
		return 0;
	quire_error err = {0};
	const char *id = http_param(req, "id");
	if (!id || st_get(*st, id, 0, http_arena(req), sp, &err) != QUIRE_OK) {
		page_message(app, req, res, 404, "No such paper",
			     "There is no paper at this address.", 0);
		return 0;
	}
	const viewer_t *v = web_viewer(req);
	if (!auth_can_edit(v, sp->owner)) {
		page_message(app, req, res, 403, "Not yours to edit",
			     "Only the paper's owner (a member) and the library's "
			     "administrators may edit its details.", 1);
		return 0;
	}
	return 1;
}

void page_edit(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	store_t *st;
	st_paper sp;
	if (!load_editable(app, req, res, &st, &sp))
		return;
	char path[PAGE_PATH_MAX];
	page_paper_path(path, sp.id, sp.title);
	const char *px = page_prefix(app);
	buf_t *b = http_body(res);
	page_begin(b, app, req, "Edit details", "<meta name=\"robots\" content=\"noindex\">\n");
	html_printf(b, "<h1>Edit details</h1>\n<p><a href=\"%s%s\">\xE2\x80\xB9 %s</a></p>\n"
		    "<form method=\"post\" action=\"%s/paper/%s/edit\">\n",
		    px, path, sp.title, px, sp.id);
	page_csrf_field(b, req);
	html_printf(b, "<label for=\"f-title\">Title</label>"
		    "<input type=\"text\" id=\"f-title\" name=\"title\" size=\"60\" value=\"%s\">\n"
		    "<p class=\"muted\">As analysed: %s. Leave empty to show it again.</p>\n"
		    "<label for=\"f-authors\">Authors (one per line)</label>"
		    "<textarea id=\"f-authors\" name=\"authors\" rows=\"4\" cols=\"50\">%s</textarea>\n"
		    "<label for=\"f-year\">Year</label>"
		    "<input type=\"number\" id=\"f-year\" name=\"year\" min=\"1\" max=\"9999\"",
		    sp.title, sp.a_title && *sp.a_title ? sp.a_title : "(none)",
		    sp.authors ? sp.authors : "");
	if (sp.year > 0)
		html_printf(b, " value=\"%d\"", sp.year);
	html_printf(b, ">\n<label for=\"f-tags\">Subjects (separated by commas)</label>"
		    "<input type=\"text\" id=\"f-tags\" name=\"tags\" size=\"60\" value=\"");
	for (size_t i = 0; i < sp.n_tags; i++)
		html_printf(b, "%S%s", i ? ", " : "", sp.tags[i]);
	html_printf(b, "\">\n");
	visibility_select(b, sp.visibility);
	html_printf(b, "<p><button type=\"submit\">Save</button> "
		    "<a href=\"%s%s\">Cancel</a></p>\n</form>\n", px, path);
	page_end(b, app, req);
}

/* authors as typed: CRs dropped, lines trimmed, empty lines left out. */
static char *clean_authors(const char *s, quire_arena *a)
{
	buf_t o = BUF_INIT;
	if (!s)
		s = "";
	while (*s) {
		size_t n = strcspn(s, "\r\n");
		const char *p = s;
		while (n && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n) {
			if (o.len)
				buf_putc(&o, '\n');
			for (size_t i = 0; i < n; i++)
				if ((unsigned char)p[i] >= 0x20 && p[i] != 0x7f)
					buf_putc(&o, p[i]);
		}
		s += strcspn(s, "\r\n");
		while (*s == '\r' || *s == '\n')
			s++;
	}
	char *r = buf_to_arena(&o, a);
	buf_free(&o);
	return r;
}

void page_edit_post(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	if (!page_csrf_ok(app, req, res))
		return;
	store_t *st;
	st_paper sp;
	if (!load_editable(app, req, res, &st, &sp))
		return;
	quire_arena *a = http_arena(req);
	st_edit_req e;
	memset(&e, 0, sizeof e);
	e.visibility = -1;
	const char *new_title = sp.title;

	const char *t = http_form(req, "title");
	char *title = t ? clean_authors(t, a) : NULL; /* one line, trimmed */
	if (title && strchr(title, '\n'))
		*strchr(title, '\n') = 0;
	if (title && !*title) {
		if (sp.e_title) {
			e.title = st_unedit;
			new_title = sp.a_title;
		}
	} else if (title && strcmp(title, sp.title ? sp.title : "") != 0) {
		e.title = title;
		new_title = title;
	}

	const char *au = http_form(req, "authors");
	char *authors = au ? clean_authors(au, a) : NULL;
	if (authors && !*authors) {
		if (sp.e_authors)
			e.authors = st_unedit;
	} else if (authors && strcmp(authors, sp.authors ? sp.authors : "") != 0) {
		e.authors = authors;
	}

	const char *ys = http_form(req, "year");
	if (ys && !*ys) {
		if (sp.e_year)
			e.year = -1;
	} else if (ys) {
		char *end;
		long y = strtol(ys, &end, 10);
		if (*end || y < 1 || y > 9999) {
			page_message(app, req, res, 400, "Year not understood",
				     "The year must be a number from 1 to 9999, or empty.", 0);
			return;
		}
		if ((int)y != sp.year)
			e.year = (int)y;
	}

	const char *vs = http_form(req, "visibility");
	st_visibility vis;
	if (vs && st_visibility_parse(vs, &vis) == 0 && vis != sp.visibility)
		e.visibility = (int)vis;

	const char *ts = http_form(req, "tags");
	if (ts) {
		const char **tags = quire_arena_alloc(a, MAX_TAGS * sizeof *tags);
		if (tags) {
			e.n_tags = parse_tags(ts, a, tags);
			e.tags = tags;
			e.set_tags = 1;
		}
	}
	quire_error err = {0};
	if (st_edit(st, sp.id, &e, &err) != QUIRE_OK) {
		page_message(app, req, res, 500, "Not saved",
			     "The changes could not be saved. Please try again.", 0);
		return;
	}
	char path[PAGE_PATH_MAX];
	page_paper_path(path, sp.id, new_title);
	http_redirect(res, 303, path);
}
