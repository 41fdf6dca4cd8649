/*
 * page_refs.c — a paper's references on the web: the exports of its
 * reference list (GET /paper/:id/refs.json, refs.bib, refs.ris) and the
 * paper page's "Cite this paper" in the citation style the reader picks.
 *
 * Decisions:
 *  - The reference list is public like the preview (pages.h): the
 *    exports carry the list entries (not the notes, which can hold the
 *    author's prose), parsed afresh with the model built into quire
 *    (ref_parse_list), as `quire refs` does, so a better model shows at
 *    once.  ids are "<paper id>-<n>", n the entry's place in the
 *    analysis's references (from 1), the same as `quire refs --format csl`.
 *  - The style picker is a plain GET form (no script): ?style=NAME.  A
 *    name that resolves to an installed style is remembered in the
 *    quire_style cookie for a year; an unknown name is ignored (the
 *    default is used).  The <select> offers the common styles that are
 *    installed, plus the reader's current one; any installed style
 *    (`quire styles`) can be asked for by name.  Listing all 2,500 of
 *    Debian's styles would put 200 kB in every paper page.
 *  - Formatting uses cslfiles.h (style and locales read per page): the
 *    processor's HTML is citeproc-js's, whose text is escaped, so it is
 *    written as is.  When formatting fails (no style installed, a broken
 *    style) the section says so in one line and the page still renders.
 *  - A page made for a non-default style is "Cache-Control: private", so
 *    the anonymous page cache never hands it to another reader; web.c
 *    does not serve cached pages to a request carrying the cookie.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cslfiles.h"
#include "html.h"
#include "page_refs.h"
#include "pages.h"
#include "refs.h"

/* ---- the reference list ------------------------------------------------- */

/* The list entries of sp (notes left out) parsed into citations; ids
 * "<id>-<n>".  Returns the count (0 on none); *ok 0 when the paper could
 * not be read (the error page written). */
static size_t list_of(web_app *app, http_req *req, http_res *res,
		      st_paper *sp, ref_citation **c, const char ***ids, int *ok)
{
	*ok = 0;
	store_t *st = page_store(app, req, res);
	if (!st)
		return 0;
	const char *id = http_param(req, "id");
	quire_error err = {0};
	quire_arena *a = http_arena(req);
	quire_status s = id ? st_get(st, id, ST_WITH_ANALYSIS | ST_WITH_TEXT, a, sp, &err)
			    : QUIRE_ENOTFOUND;
	if (s != QUIRE_OK) {
		if (s == QUIRE_ENOTFOUND || s == QUIRE_EUSAGE)
			page_message(app, req, res, 404, "No such paper",
				     "There is no paper at this address.", 0);
		else
			page_message(app, req, res, 500, "Something went wrong",
				     "The paper could not be read right now.", 0);
		return 0;
	}
	quire_paper *p = NULL;
	if (!sp->analysis ||
	    quire_paper_from_json(sp->analysis, sp->analysis_len,
				  sp->text ? sp->text : "", sp->text ? sp->text_len : 0,
				  a, &p, &err) != QUIRE_OK) {
		*ok = 1; /* a paper without a readable analysis: no references */
		return 0;
	}
	*ok = 1;
	size_t n = 0;
	const char **texts = quire_arena_alloc(a, (p->n_refs ? p->n_refs : 1) * sizeof *texts);
	const char **idv = quire_arena_alloc(a, (p->n_refs ? p->n_refs : 1) * sizeof *idv);
	if (!texts || !idv)
		return 0;
	for (size_t i = 0; i < p->n_refs; i++) {
		if (p->refs[i].is_note)
			continue;
		char rid[48];
		snprintf(rid, sizeof rid, "%s-%zu", sp->id, i + 1);
		texts[n] = p->refs[i].text;
		idv[n++] = quire_arena_strndup(a, rid, strlen(rid));
	}
	if (!n || ref_parse_list(ref_model_builtin(), texts, n, a, c, &err) != QUIRE_OK)
		return 0;
	*ids = idv;
	return n;
}

static void export(void *app_, http_req *req, http_res *res, ref_format f,
		   const char *type)
{
	web_app *app = app_;
	st_paper sp;
	ref_citation *c = NULL;
	const char **ids = NULL;
	int ok;
	size_t n = list_of(app, req, res, &sp, &c, &ids, &ok);
	if (!ok)
		return;
	buf_t *b = http_body(res);
	if (n)
		ref_export_list(c, n, ids, f, http_arena(req), b);
	else if (f == REF_FMT_CSL)
		buf_puts(b, "[]\n");
	http_header_set(res, "Content-Type", type);
}

void page_refs_json(void *app, http_req *req, http_res *res)
{
	export(app, req, res, REF_FMT_CSL, "application/vnd.citationstyles.csl+json; charset=utf-8");
}

void page_refs_bib(void *app, http_req *req, http_res *res)
{
	export(app, req, res, REF_FMT_BIBTEX, "application/x-bibtex; charset=utf-8");
}

void page_refs_ris(void *app, http_req *req, http_res *res)
{
	export(app, req, res, REF_FMT_RIS, "application/x-research-info-systems; charset=utf-8");
}

/* ---- Cite this paper ---------------------------------------------------- */

/* The styles offered in the picker when installed, in this order. */
static const char *const common_styles[] = {
	"chicago-author-date", "chicago-note-bibliography",
	"chicago-fullnote-bibliography", "apa", "modern-language-association",
	"harvard-cite-them-right", "ieee", "vancouver", "nature",
	"american-medical-association", "american-sociological-association",
	"american-political-science-association", "turabian-author-date",
	"din-1505-2", "elsevier-harvard",
};

/* A style name is safe to look up and echo: letters, digits, '-', '_',
 * '.', at most 100 bytes, not starting with '.'. */
static int name_ok(const char *s)
{
	if (!s || !*s || *s == '.' || strlen(s) > 100)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

/* The <info><title> of the style at path (arena string; name when none). */
static const char *style_title(const char *path, const char *name, quire_arena *a)
{
	FILE *f = fopen(path, "rb");
	char head[8193];
	size_t k = 0;
	if (f) {
		k = fread(head, 1, sizeof head - 1, f);
		fclose(f);
	}
	head[k] = 0;
	const char *t = strstr(head, "<title>");
	const char *e = t ? strstr(t, "</title>") : NULL;
	if (!t || !e || e - t > 300)
		return name;
	t += 7;
	/* undo the common entity; the title is escaped again when written */
	buf_t b = BUF_INIT;
	while (t < e) {
		if (strncmp(t, "&amp;", 5) == 0) {
			buf_putc(&b, '&');
			t += 5;
		} else {
			buf_putc(&b, *t++);
		}
	}
	const char *s = buf_to_arena(&b, a);
	buf_free(&b);
	return s ? s : name;
}

/* The CSL-JSON item of the paper itself. */
static void paper_item(buf_t *j, web_app *app, http_req *req, const st_paper *sp,
		       const char *path)
{
	buf_puts(j, "[{\"id\":");
	buf_json_str(j, sp->id, strlen(sp->id));
	buf_printf(j, ",\"type\":\"%s\",\"title\":", sp->year > 0 ? "article" : "manuscript");
	const char *title = sp->title && *sp->title ? sp->title : "Untitled";
	buf_json_str(j, title, strlen(title));
	buf_puts(j, ",\"author\":[");
	int first = 1;
	for (const char *s = sp->authors; s && *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		while (n && s[n - 1] == ' ')
			n--;
		if (n) {
			/* "Given Family": the last word is the family name */
			const char *sp_ = NULL;
			for (size_t i = n; i > 0; i--)
				if (s[i - 1] == ' ') {
					sp_ = s + i - 1;
					break;
				}
			buf_puts(j, first ? "{" : ",{");
			first = 0;
			if (sp_ && sp_ > s) {
				buf_puts(j, "\"family\":");
				buf_json_str(j, sp_ + 1, (size_t)(s + n - sp_ - 1));
				buf_puts(j, ",\"given\":");
				buf_json_str(j, s, (size_t)(sp_ - s));
			} else {
				buf_puts(j, "\"literal\":");
				buf_json_str(j, s, n);
			}
			buf_putc(j, '}');
		}
		s = nl ? nl + 1 : NULL;
	}
	buf_putc(j, ']');
	if (sp->year > 0)
		buf_printf(j, ",\"issued\":{\"date-parts\":[[%d]]}", sp->year);
	buf_t url = BUF_INIT;
	page_abs_url(&url, app, req, path);
	if (url.p && strncmp(url.p, "http", 4) == 0) {
		buf_puts(j, ",\"URL\":");
		buf_json_str(j, url.p, url.len);
	}
	buf_free(&url);
	buf_puts(j, "}]");
}

void page_refs_cite(buf_t *b, web_app *app, http_req *req, http_res *res,
		    const st_paper *sp, const quire_paper *qp, const char *path)
{
	quire_arena *a = http_arena(req);
	const char *px = page_prefix(app);
	char found[CSLF_PATH_MAX];
	const char *want = http_query(req, "style");
	const char *cookie = http_cookie(req, PAGE_REFS_STYLE_COOKIE);
	const char *style = PAGE_REFS_DEFAULT_STYLE;
	if (name_ok(want) && cslf_find_style(want, found, sizeof found) == 0) {
		style = want;
		if (!cookie || strcmp(cookie, want) != 0)
			http_cookie_set(res, PAGE_REFS_STYLE_COOKIE, want, 365L * 24 * 3600);
	} else if (name_ok(cookie) && cslf_find_style(cookie, found, sizeof found) == 0) {
		style = cookie;
	}
	if (strcmp(style, PAGE_REFS_DEFAULT_STYLE) != 0)
		http_header_set(res, "Cache-Control", "private");

	html_printf(b, "<section aria-labelledby=\"style-h\" class=\"cite-style\">"
		    "<h2 id=\"style-h\">Cite in a style</h2>\n"
		    "<form method=\"get\" action=\"%s%s#style-h\">"
		    "<label for=\"style\">Citation style</label> "
		    "<select id=\"style\" name=\"style\">\n", px, path);
	int listed_current = 0;
	for (size_t i = 0; i < sizeof common_styles / sizeof common_styles[0]; i++) {
		if (cslf_find_style(common_styles[i], found, sizeof found) != 0)
			continue;
		int sel = strcmp(common_styles[i], style) == 0;
		listed_current |= sel;
		html_printf(b, "<option value=\"%s\"%S>%s</option>\n", common_styles[i],
			    sel ? " selected" : "",
			    style_title(found, common_styles[i], a));
	}
	if (!listed_current && cslf_find_style(style, found, sizeof found) == 0)
		html_printf(b, "<option value=\"%s\" selected>%s</option>\n", style,
			    style_title(found, style, a));
	html_printf(b, "</select> <button type=\"submit\">Show</button></form>\n");

	/* the paper itself (the style and its locales loaded once for both) */
	buf_t j = BUF_INIT;
	paper_item(&j, app, req, sp, path);
	char *out = NULL;
	quire_error err = {0};
	cslf_styled cs;
	int opened = cslf_open(style, NULL, &cs, &err) == QUIRE_OK;
	if (opened && !buf_failed(&j) &&
	    cslf_format_open(&cs, j.p, j.len, CSLF_ENTRIES, CSL_HTML, a, &out, &err) == QUIRE_OK &&
	    out && *out)
		html_printf(b, "<p class=\"cite csl\">%S</p>\n", out);
	else
		html_printf(b, "<p class=\"cite\">This style could not be used here.</p>\n");
	buf_free(&j);

	/* the reference list in the style */
	size_t n = 0;
	if (qp)
		for (size_t i = 0; i < qp->n_refs; i++)
			n += !qp->refs[i].is_note;
	if (n && opened) {
		const char **texts = quire_arena_alloc(a, n * sizeof *texts);
		const char **ids = quire_arena_alloc(a, n * sizeof *ids);
		ref_citation *c = NULL;
		size_t k = 0;
		for (size_t i = 0; texts && ids && i < qp->n_refs; i++) {
			if (qp->refs[i].is_note)
				continue;
			char rid[48];
			snprintf(rid, sizeof rid, "%s-%zu", sp->id, i + 1);
			texts[k] = qp->refs[i].text;
			ids[k++] = quire_arena_strndup(a, rid, strlen(rid));
		}
		buf_t cj = BUF_INIT;
		out = NULL;
		if (texts && ids &&
		    ref_parse_list(ref_model_builtin(), texts, n, a, &c, &err) == QUIRE_OK) {
			ref_export_list(c, n, ids, REF_FMT_CSL, a, &cj);
			if (!buf_failed(&cj))
				(void)cslf_format_open(&cs, cj.p, cj.len, CSLF_BIBLIOGRAPHY,
						       CSL_HTML, a, &out, &err);
		}
		buf_free(&cj);
		if (out && *out)
			html_printf(b, "<h3>References in this style</h3>\n%S\n", out);
	}
	cslf_close(&cs);
	html_printf(b, "<p class=\"exports\">References as "
		    "<a href=\"%s/paper/%s/refs.json\">CSL-JSON</a>, "
		    "<a href=\"%s/paper/%s/refs.bib\">BibTeX</a>, "
		    "<a href=\"%s/paper/%s/refs.ris\">RIS</a></p>\n</section>\n",
		    px, sp->id, px, sp->id, px, sp->id);
}
