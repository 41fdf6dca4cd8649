/*
 * api.c — the JSON API under /api/v1 (see api.h and docs/openapi.json).
 *
 * Decisions:
 *  - Responses are written with buf_t's JSON string escaper, or, where a
 *    stored analysis is passed on, through Jansson (the analysis is already
 *    JSON: it is parsed, trimmed to what the viewer may see, and dumped).
 *  - Errors are {"error":{"status":N,"message":"…"}} with the HTTP status;
 *    messages are plain words and never carry internals.
 *  - Access is the pages' policy (auth_can_open / auth_can_edit /
 *    auth_can_upload) — one place decides.  A paper the viewer may not open
 *    comes without "text", without "blocks" (offsets into a text it cannot
 *    have), and its file is 403.
 *  - References are public like the preview.  Each entry of
 *    /papers/:id/references gets "id" ("<paper id>-<n>"), "type" and
 *    "fields" (its CSL-JSON item), parsed when asked with the model built
 *    into quire, the whole list at once (an entry may take its authors
 *    from the one before; BibTeX keys are unique in the list);
 *    /papers/:id/references/:n is entry n (from 1) with its BibTeX and RIS.
 *  - Writes need a bearer token, or a session plus its CSRF token in
 *    X-CSRF-Token: a form on another site cannot send that header.
 */
#include "api.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "html.h"
#include "ingest.h"
#include "pages.h"
#include "refs.h"
#include "web.h"

#define API_MAX_LIMIT 100
#define API_MAX_TAGS 32

/* ---- responses --------------------------------------------------------- */

static buf_t *json_out(http_res *res, int code)
{
	http_status(res, code);
	http_header_set(res, "Content-Type", "application/json; charset=utf-8");
	http_header_set(res, "Cache-Control", "no-store");
	return http_body(res);
}

static void api_error(http_res *res, int code, const char *msg)
{
	buf_t *b = json_out(res, code);
	buf_printf(b, "{\"error\":{\"status\":%d,\"message\":", code);
	buf_json_str(b, msg, strlen(msg));
	buf_puts(b, "}}\n");
}

static void jstr(buf_t *b, const char *s)
{
	if (s)
		buf_json_str(b, s, strlen(s));
	else
		buf_puts(b, "null");
}

/* A "one per line" string as a JSON array of strings. */
static void jlines(buf_t *b, const char *s)
{
	buf_putc(b, '[');
	int first = 1;
	while (s && *s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n) {
			if (!first)
				buf_putc(b, ',');
			buf_json_str(b, s, n);
			first = 0;
		}
		s = e ? e + 1 : s + n;
	}
	buf_putc(b, ']');
}

static const char *iso8601(int64_t t, char *out, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return out;
}

/* The store, or a 500 JSON error. */
static store_t *api_store(web_app *app, http_res *res)
{
	quire_error err = {0};
	store_t *st = web_store(app, &err);
	if (!st)
		api_error(res, 500, "the library cannot be opened");
	return st;
}

/* The paper of :id, or a 404 JSON error. */
static int load_paper(store_t *st, http_req *req, http_res *res, unsigned with,
		      st_paper *sp)
{
	quire_error err = {0};
	const char *id = http_param(req, "id");
	quire_status s = id ? st_get(st, id, with, http_arena(req), sp, &err) : QUIRE_ENOTFOUND;
	if (s == QUIRE_OK)
		return 1;
	if (s == QUIRE_ENOTFOUND || s == QUIRE_EUSAGE)
		api_error(res, 404, "no such paper");
	else
		api_error(res, 500, "the library failed to read the paper");
	return 0;
}

/* May this request change things?  Bearer tokens may; a browser session
 * only with its CSRF token in X-CSRF-Token. */
static int may_write(http_req *req, http_res *res, const viewer_t **vout)
{
	const viewer_t *v = web_viewer(req);
	*vout = v;
	if (v->role == ROLE_ANON) {
		api_error(res, 401, "sign in or send an API token (Authorization: Bearer …)");
		return 0;
	}
	if (!v->via_token && !auth_csrf_check(v, http_header(req, "X-CSRF-Token"))) {
		api_error(res, 403, "a browser session must send its CSRF token in X-CSRF-Token");
		return 0;
	}
	return 1;
}

/* The summary of a paper every viewer may see. */
static void paper_summary(buf_t *b, web_app *app, http_req *req, const st_paper *p,
			  const viewer_t *v)
{
	char when[32], path[PAGE_PATH_MAX];
	buf_puts(b, "{\"id\":");
	jstr(b, p->id);
	buf_puts(b, ",\"title\":");
	jstr(b, p->title);
	buf_puts(b, ",\"authors\":");
	jlines(b, p->authors);
	if (p->year)
		buf_printf(b, ",\"year\":%d", p->year);
	else
		buf_puts(b, ",\"year\":null");
	buf_puts(b, ",\"format\":");
	jstr(b, p->format);
	buf_printf(b, ",\"words\":%zu,\"pages\":%u,\"visibility\":\"%s\",\"tags\":[",
		   p->words, p->pages, st_visibility_name(p->visibility));
	for (size_t i = 0; i < p->n_tags; i++) {
		if (i)
			buf_putc(b, ',');
		jstr(b, p->tags[i]);
	}
	buf_printf(b, "],\"added\":\"%s\",\"owner\":", iso8601(p->added, when, sizeof when));
	jstr(b, p->owner);
	buf_puts(b, ",\"url\":\"");
	page_paper_path(path, p->id, p->title);
	buf_t u = BUF_INIT;
	page_abs_url(&u, app, req, path);
	if (u.p)
		buf_append(b, u.p, u.len);
	buf_free(&u);
	buf_printf(b, "\",\"can_open\":%s,\"can_edit\":%s}",
		   auth_can_open(v, p->visibility, p->owner) ? "true" : "false",
		   auth_can_edit(v, p->owner) ? "true" : "false");
}

/* ---- GET /api/v1/papers ------------------------------------------------ */

struct list_ctx {
	web_app *app;
	http_req *req;
	const viewer_t *v;
	buf_t *b;
	size_t skip, limit, seen, written;
};

static int list_one(const st_paper *p, void *ctx_)
{
	struct list_ctx *c = ctx_;
	if (c->seen++ < c->skip)
		return 0;
	if (c->written == c->limit)
		return 1;
	if (c->written++)
		buf_putc(c->b, ',');
	paper_summary(c->b, c->app, c->req, p, c->v);
	return 0;
}

/* An unsigned query parameter, def when absent, -1 when malformed. */
static long query_num(http_req *req, const char *name, long def, long max)
{
	const char *s = http_query(req, name);
	if (!s || !*s)
		return def;
	char *end;
	long v = strtol(s, &end, 10);
	if (*end || v < 0)
		return -1;
	return v > max ? max : v;
}

void api_papers(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	store_t *st = api_store(app, res);
	if (!st)
		return;
	long limit = query_num(req, "limit", 20, API_MAX_LIMIT);
	long offset = query_num(req, "offset", 0, 1L << 30);
	if (limit < 0 || offset < 0) {
		api_error(res, 400, "limit and offset must be whole numbers");
		return;
	}
	const char *sort = http_query(req, "sort");
	st_sort so = ST_SORT_ADDED;
	int desc = 1;
	if (sort && strcmp(sort, "title") == 0) {
		so = ST_SORT_TITLE;
		desc = 0;
	} else if (sort && strcmp(sort, "words") == 0) {
		so = ST_SORT_WORDS;
	} else if (sort && *sort && strcmp(sort, "added") != 0) {
		api_error(res, 400, "sort must be added, title or words");
		return;
	}
	quire_error err = {0};
	size_t total = 0;
	buf_t body = BUF_INIT;
	struct list_ctx c = {app, req, web_viewer(req), &body, (size_t)offset, (size_t)limit, 0, 0};
	if (st_count(st, &total, &err) || st_list(st, so, desc, list_one, &c, &err)) {
		buf_free(&body);
		api_error(res, 500, "the library failed to list its papers");
		return;
	}
	buf_t *b = json_out(res, 200);
	buf_printf(b, "{\"total\":%zu,\"limit\":%ld,\"offset\":%ld,\"papers\":[", total, limit, offset);
	if (body.p)
		buf_append(b, body.p, body.len);
	buf_puts(b, "]}\n");
	buf_free(&body);
}

/* ---- GET /api/v1/papers/:id ------------------------------------------- */

void api_paper(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	store_t *st = api_store(app, res);
	if (!st)
		return;
	const viewer_t *v = web_viewer(req);
	st_paper sp;
	if (!load_paper(st, req, res, ST_WITH_ANALYSIS | ST_WITH_TEXT, &sp))
		return;
	int open = auth_can_open(v, sp.visibility, sp.owner);
	json_error_t je;
	json_t *an = json_loadb(sp.analysis, sp.analysis_len, 0, &je);
	if (!json_is_object(an)) {
		json_decref(an);
		api_error(res, 500, "the stored analysis does not read");
		return;
	}
	/* the record's effective values win over the analysed ones */
	static const char *const record_keys[] = {"title", "authors", "year", "format"};
	for (size_t i = 0; i < sizeof record_keys / sizeof record_keys[0]; i++)
		json_object_del(an, record_keys[i]);
	if (open)
		json_object_set_new(an, "text", json_stringn(sp.text ? sp.text : "", sp.text_len));
	else
		json_object_del(an, "blocks");
	char *dump = json_dumps(an, JSON_COMPACT);
	json_decref(an);
	if (!dump) {
		api_error(res, 500, "out of memory");
		return;
	}
	buf_t *b = json_out(res, 200);
	paper_summary(b, app, req, &sp, v);
	/* splice: {summary…, analysis members…} */
	if (b->len && b->p[b->len - 1] == '}' && strlen(dump) > 2) {
		b->len--;
		buf_putc(b, ',');
		buf_puts(b, dump + 1);
	}
	buf_putc(b, '\n');
	free(dump);
}

/* ---- GET /api/v1/papers/:id/references[/:n] ---------------------------- */

/* The analysis's references of :id (a note null for a reader who may
 * not open the paper: a note can hold the author's prose), each entry given "id"
 * ("<paper id>-<n>"), "type" and "fields" (its CSL-JSON item) from the
 * model built into quire (the whole list parsed once, notes included, as
 * `quire refs --json` does: a note stands for its first citation, a
 * back-reference for the work it points to); *c and *keys (BibTeX keys unique in the
 * list) in the request's arena.  Returns the array (the caller decrefs
 * *an, which owns it) or NULL with the error written. */
static json_t *parsed_refs(web_app *app, http_req *req, http_res *res,
			   st_paper *sp, json_t **an, ref_citation **c,
			   char ***keys)
{
	*an = NULL;
	store_t *st = api_store(app, res);
	if (!st || !load_paper(st, req, res, ST_WITH_ANALYSIS, sp))
		return NULL;
	json_error_t je;
	*an = json_loadb(sp->analysis, sp->analysis_len, 0, &je);
	json_t *refs = json_object_get(*an, "references");
	if (!json_is_array(refs)) {
		api_error(res, 500, "the stored analysis does not read");
		return NULL;
	}
	quire_arena *a = http_arena(req);
	size_t n = json_array_size(refs);
	const char **texts = quire_arena_alloc(a, (n ? n : 1) * sizeof *texts);
	const char **ids = quire_arena_alloc(a, (n ? n : 1) * sizeof *ids);
	int *is_note = quire_arena_alloc(a, (n ? n : 1) * sizeof *is_note);
	const ref_note **splits = quire_arena_alloc(a, (n ? n : 1) * sizeof(const ref_note *));
	if (!texts || !ids || !is_note || !splits) {
		api_error(res, 500, "out of memory");
		return NULL;
	}
	/* a note can hold the author's prose: only for a reader who may open
	 * the paper (its entry is then null here, and left out) */
	int with_notes = auth_can_open(web_viewer(req), sp->visibility, sp->owner);
	if (sp->visibility != ST_PUBLIC)
		http_header_set(res, "Vary", "Cookie, Authorization"); /* (no-store, as every API answer) */
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(refs, i);
		const char *t = json_string_value(json_object_get(e, "text"));
		texts[i] = t ? t : "";
		is_note[i] = json_is_true(json_object_get(e, "note"));
		if (is_note[i] && !with_notes) {
			texts[i] = ""; /* nothing of it reaches the list */
			json_array_set_new(refs, i, json_null());
		}
		char rid[48];
		snprintf(rid, sizeof rid, "%s-%zu", sp->id, i + 1);
		ids[i] = quire_arena_strndup(a, rid, strlen(rid));
	}
	if (quire_arena_failed(a)) {
		api_error(res, 500, "out of memory");
		return NULL;
	}
	quire_error err = {0};
	*c = NULL;
	*keys = NULL;
	ref_note *split = NULL;
	if (n && (ref_parse_entries(ref_model_builtin(), texts, is_note, n, a, c, &split, &err) != QUIRE_OK ||
		  !(*keys = ref_cite_keys(*c, n, a)))) {
		api_error(res, 500, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		splits[i] = is_note[i] && split ? &split[i] : NULL;
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(refs, i);
		if (!json_is_object(e))
			continue;
		buf_t f = BUF_INIT;
		ref_to_csl_json(&(*c)[i], ids[i], &f);
		json_t *fields = buf_failed(&f) ? NULL : json_loadb(f.p, f.len, 0, &je);
		/* a note's citations, as `quire refs --format json` gives them */
		json_t *cites = NULL;
		if (fields && splits[i]) {
			buf_reset(&f);
			ref_note_citations_json(&f, texts[i], i, ids, splits, n);
			cites = buf_failed(&f) ? NULL : json_loadb(f.p, f.len, 0, &je);
		}
		buf_free(&f);
		if (!fields || (splits[i] && !cites)) {
			json_decref(fields);
			api_error(res, 500, "out of memory");
			return NULL;
		}
		json_object_set_new(e, "id", json_string(ids[i]));
		json_object_set_new(e, "type", json_string((*c)[i].type ? (*c)[i].type : "document"));
		json_object_set_new(e, "fields", fields);
		if (cites)
			json_object_set_new(e, "citations", cites);
	}
	return refs;
}

void api_paper_refs(void *app_, http_req *req, http_res *res)
{
	st_paper sp;
	json_t *an;
	ref_citation *c;
	char **keys;
	json_t *refs = parsed_refs(app_, req, res, &sp, &an, &c, &keys);
	/* the entries this reader may see (a note is null to one who may not
	 * open the paper) */
	json_t *shown = refs ? json_array() : NULL;
	size_t i;
	json_t *e;
	json_array_foreach(refs, i, e) {
		if (json_is_object(e))
			json_array_append(shown, e);
	}
	char *dump = shown ? json_dumps(shown, JSON_COMPACT) : NULL;
	json_decref(shown);
	json_decref(an);
	if (!refs)
		return;
	if (!dump) {
		api_error(res, 500, "out of memory");
		return;
	}
	buf_t *b = json_out(res, 200);
	buf_puts(b, "{\"id\":");
	jstr(b, sp.id);
	buf_puts(b, ",\"references\":");
	buf_puts(b, dump);
	buf_puts(b, "}\n");
	free(dump);
}

void api_paper_ref(void *app_, http_req *req, http_res *res)
{
	/* :n from 1, digits only, no leading zero: one URL per entry */
	const char *ns = http_param(req, "n");
	size_t num = 0;
	int ok = ns && *ns >= '1' && *ns <= '9' && strlen(ns) <= 9;
	for (const char *p = ns; ok && *p; p++) {
		ok = *p >= '0' && *p <= '9';
		num = num * 10 + (size_t)(*p - '0');
	}
	if (!ok) {
		api_error(res, 404, "no such reference: they are numbered from 1");
		return;
	}
	st_paper sp;
	json_t *an;
	ref_citation *c;
	char **keys;
	json_t *refs = parsed_refs(app_, req, res, &sp, &an, &c, &keys);
	if (!refs) {
		json_decref(an);
		return;
	}
	json_t *e = num <= json_array_size(refs) ? json_array_get(refs, num - 1) : NULL;
	if (!json_is_object(e)) {
		json_decref(an);
		api_error(res, 404, "no such reference");
		return;
	}
	buf_t bib = BUF_INIT, ris = BUF_INIT;
	ref_to_bibtex(&c[num - 1], keys[num - 1], &bib);
	ref_to_ris(&c[num - 1], &ris);
	json_object_set_new(e, "paper", json_string(sp.id));
	json_object_set_new(e, "n", json_integer((json_int_t)num));
	json_object_set_new(e, "bibtex", json_stringn(bib.p ? bib.p : "", bib.len));
	json_object_set_new(e, "ris", json_stringn(ris.p ? ris.p : "", ris.len));
	int failed = buf_failed(&bib) || buf_failed(&ris);
	buf_free(&bib);
	buf_free(&ris);
	char *dump = failed ? NULL : json_dumps(e, JSON_COMPACT);
	json_decref(an);
	if (!dump) {
		api_error(res, 500, "out of memory");
		return;
	}
	buf_t *b = json_out(res, 200);
	buf_puts(b, dump);
	buf_putc(b, '\n');
	free(dump);
}

/* ---- GET /api/v1/papers/:id/file --------------------------------------- */

void api_paper_file(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	store_t *st = api_store(app, res);
	if (!st)
		return;
	st_paper sp;
	if (!load_paper(st, req, res, 0, &sp))
		return;
	if (!auth_can_open(web_viewer(req), sp.visibility, sp.owner)) {
		api_error(res, 403, "this paper's full text is not open to you");
		return;
	}
	quire_error err = {0};
	char id[sizeof sp.id];
	memcpy(id, sp.id, sizeof id); /* st_get() clears its output first */
	if (st_get(st, id, ST_WITH_FILE, http_arena(req), &sp, &err)) {
		api_error(res, 500, "the library failed to read the file");
		return;
	}
	const char *type = "application/octet-stream";
	if (sp.format && strcmp(sp.format, "text") == 0)
		type = "text/plain; charset=utf-8";
	else if (sp.format && strcmp(sp.format, "markdown") == 0)
		type = "text/markdown; charset=utf-8";
	else if (sp.format && strcmp(sp.format, "pdf") == 0)
		type = "application/pdf";
	http_send_bytes(res, sp.file, sp.file_len, type, sp.filename);
}

/* The paper of :id for a request that changes it: a writer (may_write),
 * the paper, and the right to edit it (its owner or an admin); else the
 * error response is written and 0 returned.  what: "edit" or "delete". */
static int load_editable(void *app, http_req *req, http_res *res, const char *what,
			 const viewer_t **v, store_t **st, st_paper *sp)
{
	if (!may_write(req, res, v))
		return 0;
	if (!(*st = api_store(app, res)) || !load_paper(*st, req, res, 0, sp))
		return 0;
	if (!auth_can_edit(*v, sp->owner)) {
		char msg[96];
		snprintf(msg, sizeof msg, "only the paper's owner and administrators may %s it", what);
		api_error(res, 403, msg);
		return 0;
	}
	return 1;
}

/* ---- DELETE /api/v1/papers/:id ----------------------------------------- */

void api_paper_delete(void *app_, http_req *req, http_res *res)
{
	const viewer_t *v;
	store_t *st;
	st_paper sp;
	if (!load_editable(app_, req, res, "delete", &v, &st, &sp))
		return;
	quire_error err = {0};
	if (st_remove(st, sp.id, &err)) {
		api_error(res, 500, "the library failed to remove the paper");
		return;
	}
	http_status(res, 204);
	http_header_set(res, "Content-Type", "application/json; charset=utf-8");
}

/* ---- PATCH /api/v1/papers/:id ------------------------------------------ */

/* Reads {"title","authors":[…],"year","visibility","tags":[…]} into req;
 * returns an error message or NULL. */
static const char *patch_fields(json_t *o, quire_arena *a, st_edit_req *er,
				const char **tags)
{
	json_t *v;
	if ((v = json_object_get(o, "title"))) {
		if (json_is_null(v))
			er->title = st_unedit;
		else if (json_is_string(v) && json_string_length(v) <= 1000)
			er->title = quire_arena_strndup(a, json_string_value(v), json_string_length(v));
		else
			return "title must be a string (at most 1000 bytes) or null";
	}
	if ((v = json_object_get(o, "authors"))) {
		if (json_is_null(v)) {
			er->authors = st_unedit;
		} else if (json_is_array(v) && json_array_size(v) <= 100) {
			buf_t b = BUF_INIT;
			for (size_t i = 0; i < json_array_size(v); i++) {
				json_t *s = json_array_get(v, i);
				if (!json_is_string(s) || strchr(json_string_value(s), '\n')) {
					buf_free(&b);
					return "authors must be an array of one-line strings";
				}
				if (i)
					buf_putc(&b, '\n');
				buf_puts(&b, json_string_value(s));
			}
			er->authors = buf_to_arena(&b, a);
			buf_free(&b);
		} else {
			return "authors must be an array of strings or null";
		}
	}
	if ((v = json_object_get(o, "year"))) {
		if (json_is_null(v))
			er->year = -1;
		else if (json_is_integer(v) && json_integer_value(v) >= 1 &&
			 json_integer_value(v) <= 9999)
			er->year = (int)json_integer_value(v);
		else
			return "year must be a whole number from 1 to 9999, or null";
	}
	if ((v = json_object_get(o, "visibility"))) {
		st_visibility vis;
		if (!json_is_string(v) || st_visibility_parse(json_string_value(v), &vis))
			return "visibility must be public, members or private";
		er->visibility = (int)vis;
	}
	if ((v = json_object_get(o, "tags"))) {
		if (!json_is_array(v) || json_array_size(v) > API_MAX_TAGS)
			return "tags must be an array of at most 32 strings";
		for (size_t i = 0; i < json_array_size(v); i++) {
			json_t *s = json_array_get(v, i);
			if (!json_is_string(s) || json_string_length(s) == 0 ||
			    json_string_length(s) > 200)
				return "each tag must be a string of 1 to 200 bytes";
			tags[i] = quire_arena_strndup(a, json_string_value(s), json_string_length(s));
		}
		er->tags = tags;
		er->n_tags = json_array_size(v);
		er->set_tags = 1;
	}
	return NULL;
}

void api_paper_patch(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	const viewer_t *v;
	store_t *st;
	st_paper sp;
	if (!load_editable(app, req, res, "edit", &v, &st, &sp))
		return;
	size_t n;
	const char *body = http_body_in(req, &n);
	json_error_t je;
	json_t *o = body ? json_loadb(body, n, JSON_REJECT_DUPLICATES, &je) : NULL;
	if (!json_is_object(o)) {
		json_decref(o);
		api_error(res, 400, "the body must be a JSON object");
		return;
	}
	st_edit_req er;
	memset(&er, 0, sizeof er);
	er.visibility = -1;
	const char *tags[API_MAX_TAGS];
	const char *problem = patch_fields(o, http_arena(req), &er, tags);
	json_decref(o);
	if (problem) {
		api_error(res, 400, problem);
		return;
	}
	quire_error err = {0};
	if (st_edit(st, sp.id, &er, &err)) {
		api_error(res, err.code == QUIRE_EUSAGE ? 400 : 500,
			  err.code == QUIRE_EUSAGE ? err.msg : "the library failed to save the edit");
		return;
	}
	if (!load_paper(st, req, res, 0, &sp))
		return;
	buf_t *b = json_out(res, 200);
	paper_summary(b, app, req, &sp, v);
	buf_putc(b, '\n');
}

/* ---- POST /api/v1/papers (multipart upload) ---------------------------- */

void api_papers_post(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	const viewer_t *v;
	if (!may_write(req, res, &v))
		return;
	if (!auth_can_upload(v)) {
		api_error(res, 403, "only members and administrators may upload papers");
		return;
	}
	store_t *st = api_store(app, res);
	if (!st)
		return;
	st_visibility vis = ST_MEMBERS;
	const char *vs = http_form(req, "visibility");
	if (vs && *vs && st_visibility_parse(vs, &vis)) {
		api_error(res, 400, "visibility must be public, members or private");
		return;
	}
	const char *tags[API_MAX_TAGS];
	size_t nt = 0;
	size_t nq = 0;
	const char *const *tv = http_query_all(req, "tag", &nq);
	for (size_t i = 0; i < nq && nt < API_MAX_TAGS; i++)
		if (tv[i] && *tv[i])
			tags[nt++] = tv[i];
	const char *ft = http_form(req, "tag");
	if (ft && *ft && nt < API_MAX_TAGS)
		tags[nt++] = ft;
	if (http_n_files(req) == 0) {
		api_error(res, 400, "send the papers as multipart/form-data file fields");
		return;
	}
	quire_options opt = ingest_options(st);
	buf_t *b = json_out(res, 200);
	size_t added = 0, failed = 0;
	buf_puts(b, "{\"results\":[");
	for (size_t i = 0; i < http_n_files(req); i++) {
		const http_file *f = http_file_at(req, i);
		const char *fname = f->filename && *f->filename ? f->filename : "(unnamed file)";
		quire_error err = {0};
		ingest_t in;
		memset(&in, 0, sizeof in);
		char id[16] = "";
		quire_status s;
		quire_arena *a = quire_arena_new(0);
		if (!a)
			s = quire_error_set(&err, QUIRE_ENOMEM, "out of memory");
		else if (app->max_upload && f->len > app->max_upload)
			s = quire_error_set(&err, QUIRE_ELIMIT, "is larger than the %zu MB limit",
					    (app->max_upload + (1u << 20) - 1) >> 20);
		else {
			sbx_limits lim = web_reader_limits(app);
			s = ingest_bytes(f->data, f->len, fname, &opt, &lim, a, &in, &err);
			web_reader_done(app, &lim);
		}
		if (s == QUIRE_OK) {
			st_new nw = in.nw;
			nw.visibility = vis;
			nw.tags = tags;
			nw.n_tags = nt;
			nw.owner = v->name;
			s = st_add(st, &nw, id, &err);
		}
		buf_puts(b, i ? ",{\"file\":" : "{\"file\":");
		jstr(b, fname);
		if (s == QUIRE_OK || (s == QUIRE_EEXIST && id[0])) {
			buf_printf(b, ",\"status\":\"%s\",\"id\":", s == QUIRE_OK ? "added" : "duplicate");
			jstr(b, id);
			buf_puts(b, ",\"title\":");
			jstr(b, in.paper ? in.paper->title : NULL);
			buf_printf(b, ",\"words\":%zu,\"pages\":%u}",
				   in.paper ? in.paper->counts.words : 0,
				   in.paper ? in.paper->counts.pages : 0);
			added += s == QUIRE_OK;
		} else {
			buf_puts(b, ",\"status\":\"error\",\"error\":");
			jstr(b, err.msg[0] ? err.msg : quire_status_str(s));
			buf_putc(b, '}');
			failed++;
		}
		quire_arena_free(a);
	}
	buf_printf(b, "],\"added\":%zu,\"failed\":%zu}\n", added, failed);
	if (added == 0 && failed > 0)
		http_status(res, 422);
}

/* ---- GET /api/v1/search ------------------------------------------------ */

/* A snippet as plain text, the marks dropped, and the marked spans as
 * [offset, length] pairs in bytes of that text. */
static void snippet_json(buf_t *b, const char *s)
{
	buf_t plain = BUF_INIT, marks = BUF_INIT;
	size_t open = 0;
	int first = 1;
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == SRCH_MARK_OPEN) {
			open = plain.len;
		} else if (*p == SRCH_MARK_CLOSE) {
			buf_printf(&marks, "%s[%zu,%zu]", first ? "" : ",", open, plain.len - open);
			first = 0;
		} else {
			buf_putc(&plain, *p);
		}
	}
	buf_puts(b, ",\"snippet\":");
	buf_json_str(b, plain.p ? plain.p : "", plain.len);
	buf_puts(b, ",\"highlights\":[");
	if (marks.p)
		buf_append(b, marks.p, marks.len);
	buf_putc(b, ']');
	buf_free(&plain);
	buf_free(&marks);
}

void api_search(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	store_t *st = api_store(app, res);
	if (!st)
		return;
	const viewer_t *v = web_viewer(req);
	srch_query q;
	memset(&q, 0, sizeof q);
	q.text = http_query(req, "q");
	long limit = query_num(req, "limit", 20, API_MAX_LIMIT);
	long offset = query_num(req, "offset", 0, 1L << 30);
	long ymin = query_num(req, "year_min", 0, 9999), ymax = query_num(req, "year_max", 0, 9999);
	if (limit < 0 || offset < 0 || ymin < 0 || ymax < 0) {
		api_error(res, 400, "limit, offset and years must be whole numbers");
		return;
	}
	q.limit = (size_t)limit;
	q.offset = (size_t)offset;
	q.year_min = (int)ymin;
	q.year_max = (int)ymax;
	q.tag = http_query(req, "tag");
	q.format = http_query(req, "format");
	const char *any = http_query(req, "any");
	q.any = any && (strcmp(any, "1") == 0 || strcmp(any, "true") == 0);
	const char *sort = http_query(req, "sort");
	if (sort && strcmp(sort, "added") == 0) {
		q.sort = SRCH_SORT_ADDED;
		q.descending = 1;
	} else if (sort && strcmp(sort, "title") == 0) {
		q.sort = SRCH_SORT_TITLE;
	} else if (sort && strcmp(sort, "words") == 0) {
		q.sort = SRCH_SORT_WORDS;
		q.descending = 1;
	}
	q.access = web_access(v);
	srch_result r;
	quire_error err = {0};
	if (!q.text || !*q.text) {
		api_error(res, 400, "give the words to search for in q");
		return;
	}
	if (srch_search(st, &q, http_arena(req), &r, &err)) {
		api_error(res, 500, "the search failed");
		return;
	}
	buf_t *b = json_out(res, 200);
	if (v->uid == 0 && !v->via_token) /* the same for every anonymous asker */
		http_header_set(res, "Cache-Control", "no-cache");
	buf_printf(b, "{\"query\":");
	jstr(b, q.text);
	buf_printf(b, ",\"total\":%zu,\"limit\":%ld,\"offset\":%ld,\"relaxed\":%s,\"suggestion\":",
		   r.total, limit, offset, r.relaxed ? "true" : "false");
	if (r.suggestion)
		jstr(b, r.suggestion);
	else
		buf_puts(b, "null");
	buf_puts(b, ",\"hits\":[");
	for (size_t i = 0; i < r.n; i++) {
		const srch_hit *h = &r.hits[i];
		char path[PAGE_PATH_MAX];
		buf_puts(b, i ? ",{\"id\":" : "{\"id\":");
		jstr(b, h->id);
		buf_puts(b, ",\"title\":");
		jstr(b, h->title);
		buf_puts(b, ",\"authors\":");
		jlines(b, h->authors);
		if (h->year)
			buf_printf(b, ",\"year\":%d", h->year);
		else
			buf_puts(b, ",\"year\":null");
		buf_puts(b, ",\"format\":");
		jstr(b, h->format);
		buf_printf(b, ",\"words\":%zu,\"pages\":%u,\"score\":%.4f,\"can_open\":%s",
			   h->words, h->pages, h->score, h->can_open ? "true" : "false");
		snippet_json(b, h->snippet);
		buf_puts(b, ",\"url\":\"");
		page_paper_path(path, h->id, h->title);
		buf_t u = BUF_INIT;
		page_abs_url(&u, app, req, path);
		if (u.p)
			buf_append(b, u.p, u.len);
		buf_free(&u);
		buf_puts(b, "\"}");
	}
	buf_puts(b, "]}\n");
}

/* ---- GET /api/v1/me ---------------------------------------------------- */

void api_me(void *app_, http_req *req, http_res *res)
{
	(void)app_;
	const viewer_t *v = web_viewer(req);
	buf_t *b = json_out(res, 200);
	buf_puts(b, "{\"name\":");
	jstr(b, v->name);
	buf_printf(b, ",\"role\":\"%s\",\"via_token\":%s}\n", web_role_name(v->role),
		   v->via_token ? "true" : "false");
}

void api_not_found(void *app_, http_req *req, http_res *res)
{
	(void)app_;
	(void)req;
	api_error(res, 404, "no such API endpoint (see docs/openapi.json)");
}
