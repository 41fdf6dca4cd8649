/*
 * page_paper.c — a paper's page (GET /paper/:id[/:slug]), Open Document
 * (GET /paper/:id/read) and the original file (GET /paper/:id/file).
 *
 * The paper page is the seed of the product (docs: PRODUCT.md, "The paper
 * page"): title, authors, the stats line "3,128 Words · 7 Pages", the
 * preview (head, the marker "… middle of paper …", tail), the Open
 * Document action, the outline, the references, related papers, tags and
 * "Cite this paper".
 *
 * Decisions:
 *  - The canonical URL is /paper/<id>/<slug>; any other spelling (no slug,
 *    an old slug after a title edit, an id prefix or other case) answers
 *    301 to it, so links never break and search engines see one URL.
 *  - What is public for every paper: title, authors, year, counts, the
 *    preview (its head is also the meta description), outline, the
 *    reference list, tags.  The works cited in the notes are shown and
 *    exported only to a reader who may open the paper (a note can hold
 *    the author's prose; page_refs.c).
 *    The full text and the file are written only after auth_can_open()
 *    said yes; nothing of them goes into a page, a meta tag or a comment
 *    otherwise.  Google Scholar's citation_pdf_url and
 *    citation_fulltext_html_url are given only to a viewer who may fetch
 *    them (for a crawler: public papers).
 *  - Gated answers (Open Document, the file) are sent "Cache-Control:
 *    private, no-store" unless the paper is public, so no shared cache
 *    keeps them.
 *  - Open Document renders the stored structure (blocks), not the
 *    original: headings one level below the page's h1, lists and
 *    bibliography entries as lists, notes gathered at the end.  Work is
 *    one pass over the blocks (plus one over the notes).
 *  - The original file goes out as an attachment with a name of safe
 *    characters and the Content-Type of its format; HTML originals also
 *    get a sandboxing Content-Security-Policy in case a browser renders
 *    them anyway.
 *  - The References section (each entry with its type and parsed fields)
 *    and "Cite in a style" are page_refs.c's; the page parses the list
 *    once and hands it to both.
 *  - "Cite this paper" is followed by the paper and its reference list in
 *    a citation style the reader picks, and the reference exports
 *    (page_refs.c).
 *  - A BibTeX key is family name + year + first significant title word
 *    ("doe2003sino"), folded to ASCII; BibTeX's special characters are
 *    escaped before the HTML escaping.
 */
#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "html.h"
#include "pages.h"
#include "page_refs.h"

/* ---- loading ---------------------------------------------------------- */

/* Reads the paper named by the route's :id with the given parts; writes
 * a 404 (or 503) page and returns 0 when there is none. */
static int load(web_app *app, http_req *req, http_res *res, unsigned with,
		st_paper *sp)
{
	store_t *st = page_store(app, req, res);
	if (!st)
		return 0;
	const char *id = http_param(req, "id");
	quire_error err = {0};
	quire_status s = id ? st_get(st, id, with, http_arena(req), sp, &err)
			    : QUIRE_ENOTFOUND;
	if (s == QUIRE_OK)
		return 1;
	if (s == QUIRE_ENOTFOUND || s == QUIRE_EUSAGE)
		page_message(app, req, res, 404, "No such paper",
			     "There is no paper at this address. It may have "
			     "been removed; try searching the library.", 0);
	else
		page_message(app, req, res, 500, "Something went wrong",
			     "The paper could not be read right now. Please "
			     "try again in a moment.", 0);
	return 0;
}

/* The analysis of sp as a quire_paper, or NULL. */
static quire_paper *analysis(http_req *req, const st_paper *sp)
{
	quire_paper *p = NULL;
	quire_error err = {0};
	if (!sp->analysis || quire_paper_from_json(sp->analysis,
			sp->analysis_len, sp->text ? sp->text : "",
			sp->text ? sp->text_len : 0, http_arena(req), &p,
			&err) != QUIRE_OK)
		return NULL;
	return p;
}

/* ---- small writers ---------------------------------------------------- */

/* Calls fn for each non-empty line of authors (one per line). */
#define FOR_AUTHORS(authors, s, n)                                          \
	for (const char *s = (authors), *nl_ = NULL; s && *s;               \
	     s = nl_ ? nl_ + 1 : NULL)                                      \
		for (size_t n = ((nl_ = strchr(s, '\n')) ? (size_t)(nl_ - s)  \
							 : strlen(s)),      \
			    once_ = 1; once_ && n; once_ = 0)

/* Paragraphs of a preview part ("\n\n" between them) as <p>s. */
static void paragraphs(buf_t *b, const char *s)
{
	while (s && *s) {
		const char *end = strstr(s, "\n\n");
		size_t n = end ? (size_t)(end - s) : strlen(s);
		while (n && (s[0] == '\n' || s[0] == ' ')) {
			s++;
			n--;
		}
		if (n)
			html_printf(b, "<p>%.*s</p>\n", (int)n, s);
		s = end ? end + 2 : NULL;
	}
}

/* The first ~155 characters of text on a word boundary, lines joined. */
static void description(buf_t *b, const char *text)
{
	char d[200];
	size_t k = 0, last_space = 0;
	int cut = 0;
	for (const char *s = text ? text : ""; *s; s++) {
		if (k >= 155) {
			cut = 1;
			break;
		}
		char c = (*s == '\n' || *s == '\t') ? ' ' : *s;
		if (c == ' ' && (k == 0 || d[k - 1] == ' '))
			continue;
		if (c == ' ')
			last_space = k;
		d[k++] = c;
	}
	if (cut) {
		if (last_space > 0)
			k = last_space;
		else
			while (k > 0 && ((unsigned char)d[k] & 0xC0) == 0x80)
				k--; /* no cut inside a character */
	}
	d[k] = 0;
	html_printf(b, "%s%S", d, cut ? "\xE2\x80\xA6" : "");
}

/* BibTeX's special characters escaped into o (plain text; HTML-escaped
 * when written). */
static void bibtex_escape(buf_t *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		switch (c) {
		case '{': buf_puts(o, "\\{"); break;
		case '}': buf_puts(o, "\\}"); break;
		case '\\': buf_puts(o, "\\textbackslash{}"); break;
		case '&': case '%': case '$': case '#': case '_':
			buf_putc(o, '\\');
			buf_putc(o, c);
			break;
		case '~': buf_puts(o, "\\textasciitilde{}"); break;
		case '^': buf_puts(o, "\\textasciicircum{}"); break;
		case '\n': buf_putc(o, ' '); break;
		default: buf_putc(o, c);
		}
	}
}

/* The family name of an author as written: before the comma of
 * "Family, Given", else the last word. */
static void family_of(const char *a, size_t n, const char **f, size_t *fn)
{
	const char *comma = memchr(a, ',', n);
	if (comma) {
		*f = a;
		*fn = (size_t)(comma - a);
		return;
	}
	size_t e = n;
	while (e > 0 && a[e - 1] == ' ')
		e--;
	size_t s = e;
	while (s > 0 && a[s - 1] != ' ')
		s--;
	*f = a + s;
	*fn = e - s;
}

/* Appends to o the ASCII fold of s[0..n) without separators. */
static void key_part(buf_t *o, const char *s, size_t n)
{
	char tmp[128], slug[41];
	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	memcpy(tmp, s, n);
	tmp[n] = 0;
	html_slug(tmp, slug, 40);
	for (char *p = slug; *p; p++)
		if (*p != '-')
			buf_putc(o, *p);
}

static int stop_word(const char *w, size_t n)
{
	static const char *const stop[] = {"a", "an", "the", "on", "of", "in",
		"and", "to", "for", "at", "by", "from", "with", "la", "le",
		"les", "der", "die", "das", "el", "los", "un", "une", NULL};
	for (size_t i = 0; stop[i]; i++)
		if (strlen(stop[i]) == n && strncasecmp(stop[i], w, n) == 0)
			return 1;
	return 0;
}

/* "doe2003sino": first author's family, year, first significant word. */
static void bibtex_key(buf_t *o, const st_paper *sp)
{
	size_t start = o->len;
	const char *a = sp->authors ? sp->authors : "";
	size_t an = strcspn(a, "\n");
	if (an) {
		const char *f;
		size_t fn;
		family_of(a, an, &f, &fn);
		key_part(o, f, fn);
	}
	if (o->len == start)
		buf_puts(o, "anon");
	if (sp->year > 0)
		buf_printf(o, "%d", sp->year);
	const char *t = sp->title ? sp->title : "";
	while (*t) {
		while (*t == ' ' || *t == '"' || *t == '\'')
			t++;
		size_t n = strcspn(t, " ,.:;!?\"'()");
		if (n && !stop_word(t, n)) {
			size_t before = o->len;
			key_part(o, t, n);
			if (o->len > before)
				break;
		}
		t += n;
		if (*t)
			t++;
	}
}

/* ---- the paper page --------------------------------------------------- */

static void cite_section(buf_t *b, web_app *app, http_req *req,
			 const st_paper *sp, const char *path)
{
	buf_t url = BUF_INIT, bib = BUF_INIT, bib2 = BUF_INIT;
	page_abs_url(&url, app, req, path); /* HTML-escaped: written with %S */
	buf_puts(&bib, "@misc{");
	bibtex_key(&bib, sp);
	buf_puts(&bib, ",\n  author = {");
	int first = 1;
	FOR_AUTHORS(sp->authors, a, n) {
		if (!first)
			buf_puts(&bib, " and ");
		bibtex_escape(&bib, a, n);
		first = 0;
	}
	buf_puts(&bib, "},\n  title = {{");
	bibtex_escape(&bib, sp->title ? sp->title : "", strlen(sp->title ? sp->title : ""));
	buf_puts(&bib, "}},\n");
	if (sp->year > 0)
		buf_printf(&bib, "  year = {%d},\n", sp->year);
	buf_puts(&bib, "  howpublished = {\\url{");
	buf_printf(&bib2, "}},\n  note = {quire paper %s}\n}", sp->id);
	html_printf(b, "<section aria-labelledby=\"cite\"><h2 id=\"cite\">Cite this paper</h2>\n"
		    "<h3>Reference</h3>\n<p class=\"cite\">");
	first = 1;
	FOR_AUTHORS(sp->authors, a, n) {
		html_printf(b, "%S%.*s", first ? "" : " and ", (int)n, a);
		first = 0;
	}
	if (!first)
		html_printf(b, ". ");
	html_printf(b, "<cite>%s</cite>. ", sp->title && *sp->title ? sp->title : "Untitled");
	if (sp->year > 0)
		html_printf(b, "%d. ", sp->year);
	html_printf(b, "%S.</p>\n<h3>BibTeX</h3>\n<pre class=\"cite\"><code>%s%S%s</code></pre>\n</section>\n",
		    url.p ? url.p : "", bib.p ? bib.p : "", url.p ? url.p : "",
		    bib2.p ? bib2.p : "");
	buf_free(&bib2);
	buf_free(&url);
	buf_free(&bib);
}

static void head_tags(buf_t *h, web_app *app, http_req *req,
		      const st_paper *sp, const quire_paper *qp,
		      const char *path, int can_open)
{
	char sub[PAGE_PATH_MAX + 16];
	html_printf(h, "<link rel=\"canonical\" href=\"");
	page_abs_url(h, app, req, path);
	html_printf(h, "\">\n");
	if (qp && qp->preview.head && *qp->preview.head) {
		html_printf(h, "<meta name=\"description\" content=\"");
		description(h, qp->preview.head);
		html_printf(h, "\">\n");
	}
	if (sp->visibility != ST_PUBLIC)
		html_printf(h, "<meta name=\"robots\" content=\"noarchive\">\n");
	html_printf(h, "<meta name=\"citation_title\" content=\"%s\">\n", sp->title);
	FOR_AUTHORS(sp->authors, a, n)
		html_printf(h, "<meta name=\"citation_author\" content=\"%.*s\">\n", (int)n, a);
	if (sp->year > 0)
		html_printf(h, "<meta name=\"citation_publication_date\" content=\"%d\">\n", sp->year);
	if (can_open) {
		snprintf(sub, sizeof sub, "/paper/%s/read", sp->id);
		html_printf(h, "<meta name=\"citation_fulltext_html_url\" content=\"");
		page_abs_url(h, app, req, sub);
		html_printf(h, "\">\n");
		if (sp->format && strcmp(sp->format, "pdf") == 0) {
			snprintf(sub, sizeof sub, "/paper/%s/file", sp->id);
			html_printf(h, "<meta name=\"citation_pdf_url\" content=\"");
			page_abs_url(h, app, req, sub);
			html_printf(h, "\">\n");
		}
	}
	html_printf(h, "<meta name=\"DC.title\" content=\"%s\">\n", sp->title);
	FOR_AUTHORS(sp->authors, a, n)
		html_printf(h, "<meta name=\"DC.creator\" content=\"%.*s\">\n", (int)n, a);
	if (sp->year > 0)
		html_printf(h, "<meta name=\"DC.date\" content=\"%d\">\n", sp->year);
	html_printf(h, "<meta name=\"DC.type\" content=\"Text\">\n"
		    "<meta name=\"DC.format\" content=\"%s\">\n"
		    "<meta name=\"DC.identifier\" content=\"", sp->format);
	page_abs_url(h, app, req, path);
	html_printf(h, "\">\n");
}

static void open_section(buf_t *b, web_app *app, http_req *req,
			 const st_paper *sp, int can_open)
{
	const char *px = page_prefix(app);
	const viewer_t *v = web_viewer(req);
	const fmt_reader *r = fmt_by_name(sp->format);
	html_printf(b, "<section class=\"open\" aria-labelledby=\"open-h\">"
		    "<h2 id=\"open-h\" class=\"vh\">Open Document</h2>\n");
	if (can_open) {
		html_printf(b, "<p><a class=\"btn\" href=\"%s/paper/%s/read\">Open Document</a> "
			    "<a class=\"btn secondary\" href=\"%s/paper/%s/file\">Download the original (%s)</a></p>\n",
			    px, sp->id, px, sp->id, r ? r->description : sp->format);
	} else if (sp->visibility == ST_PRIVATE) {
		html_printf(b, "<p><strong>Open Document</strong> \xE2\x80\x94 this paper is private: "
			    "only its owner and the library's administrators may open "
			    "the full text and the original file.</p>\n");
		if (!v || v->uid == 0)
			html_printf(b, "<p><a class=\"btn\" href=\"%s/signin?next=%u\">Sign in</a></p>\n",
				    px, http_path(req));
	} else {
		char next[PAGE_PATH_MAX];
		snprintf(next, sizeof next, "/paper/%s/read", sp->id);
		html_printf(b, "<p><strong>Open Document</strong> \xE2\x80\x94 the full text and the "
			    "original file are open to signed-in members of the library. "
			    "Everyone can read the preview above.</p>\n"
			    "<p><a class=\"btn\" href=\"%s/signin?next=%u\">Sign in to open the document</a></p>\n",
			    px, next);
	}
	if (auth_can_edit(v, sp->owner))
		html_printf(b, "<p><a href=\"%s/paper/%s/edit\">Edit the details</a></p>\n", px, sp->id);
	html_printf(b, "</section>\n");
}

void page_paper(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	st_paper sp;
	if (!load(app, req, res, ST_WITH_ANALYSIS | ST_WITH_TEXT, &sp))
		return;
	char path[PAGE_PATH_MAX], here[PAGE_PATH_MAX * 3];
	page_paper_path(path, sp.id, sp.title);
	const char *slug = http_param(req, "slug");
	snprintf(here, sizeof here, "/paper/%s%s%s", http_param(req, "id"),
		 slug ? "/" : "", slug ? slug : "");
	if (strcmp(here, path) != 0) {
		http_redirect(res, 301, path);
		return;
	}
	const char *px = page_prefix(app);
	const viewer_t *v = web_viewer(req);
	int can_open = auth_can_open(v, sp.visibility, sp.owner);
	quire_paper *qp = analysis(req, &sp);
	if (!can_open || sp.visibility != ST_PUBLIC)
		http_header_set(res, "Vary", "Cookie");

	buf_t head = BUF_INIT;
	head_tags(&head, app, req, &sp, qp, path, can_open);
	buf_t *b = http_body(res);
	page_begin(b, app, req, sp.title && *sp.title ? sp.title : "Untitled", head.p);
	buf_free(&head);

	html_printf(b, "<article>\n<h1>%s</h1>\n", sp.title && *sp.title ? sp.title : "Untitled");
	if ((sp.authors && *sp.authors) || sp.year > 0) {
		html_printf(b, "<p class=\"authors\">");
		int first = 1;
		FOR_AUTHORS(sp.authors, a, n) {
			html_printf(b, "%S%.*s", first ? "" : ", ", (int)n, a);
			first = 0;
		}
		if (sp.year > 0)
			html_printf(b, "%S%d", first ? "" : " \xC2\xB7 ", sp.year);
		html_printf(b, "</p>\n");
	}
	html_printf(b, "<p class=\"stats\">");
	page_stats(b, sp.words, sp.pages);
	html_printf(b, "</p>\n");

	if (qp) {
		html_printf(b, "<section class=\"preview\" aria-labelledby=\"preview-h\">"
			    "<h2 id=\"preview-h\" class=\"vh\">Preview</h2>\n");
		paragraphs(b, qp->preview.head);
		if (qp->preview.omitted_words > 0)
			html_printf(b, "<p class=\"marker\" role=\"separator\">%S</p>\n",
				    QUIRE_PREVIEW_MARKER);
		paragraphs(b, qp->preview.tail);
		html_printf(b, "</section>\n");
	}
	open_section(b, app, req, &sp, can_open);

	if (qp && qp->n_outline) {
		html_printf(b, "<nav aria-labelledby=\"outline-h\"><h2 id=\"outline-h\">Outline</h2>\n<ul class=\"outline\">\n");
		for (size_t i = 0; i < qp->n_outline; i++) {
			int lv = qp->outline[i].level;
			html_printf(b, "<li class=\"lv%d\">%s</li>\n", lv < 1 ? 1 : lv > 6 ? 6 : lv,
				    qp->outline[i].text);
		}
		html_printf(b, "</ul></nav>\n");
	}

	page_ref_list refs;
	if (page_refs_list(sp.id, qp, can_open, http_arena(req), &refs) != 0)
		memset(&refs, 0, sizeof refs); /* out of memory: no section */
	page_refs_section(b, app, sp.id, &refs);
	html_printf(b, "</article>\n");

	store_t *st = web_store(app, NULL);
	srch_access acc = web_access(v);
	srch_result rel;
	quire_error err = {0};
	memset(&rel, 0, sizeof rel);
	if (st && srch_related(st, sp.id, &acc, 5, http_arena(req), &rel, &err) == QUIRE_OK && rel.n) {
		html_printf(b, "<section aria-labelledby=\"related-h\"><h2 id=\"related-h\">Related papers</h2>\n<ul class=\"papers\">\n");
		for (size_t i = 0; i < rel.n; i++) {
			const srch_hit *h = &rel.hits[i];
			/* no snippet: a related list shows titles and counts only */
			page_paper_item(b, app, h->id, h->title, h->authors, h->year,
					h->words, h->pages, 0, NULL);
		}
		html_printf(b, "</ul></section>\n");
	}

	if (sp.n_tags) {
		html_printf(b, "<section aria-labelledby=\"tags-h\"><h2 id=\"tags-h\">Subjects</h2>\n<p class=\"tags\">");
		for (size_t i = 0; i < sp.n_tags; i++)
			html_printf(b, "<a href=\"%s/tag/%u\">%s</a>", px, sp.tags[i], sp.tags[i]);
		html_printf(b, "</p></section>\n");
	}
	cite_section(b, app, req, &sp, path);
	page_refs_cite(b, app, req, res, &sp, &refs, path);
	page_end(b, app, req);
}

/* ---- Open Document ------------------------------------------------------ */

static void refuse(web_app *app, http_req *req, http_res *res,
		   const st_paper *sp)
{
	page_message(app, req, res, 403, "Sign in to open this paper",
		     sp->visibility == ST_PRIVATE
			? "This paper is private: only its owner and the library's "
			  "administrators may open the full text and the original file."
			: "The full text and the original file of this paper are open "
			  "to signed-in members of the library. Its page shows a preview "
			  "to everyone.", 1);
}

static void gated_headers(http_res *res, const st_paper *sp)
{
	if (sp->visibility != ST_PUBLIC) {
		http_header_set(res, "Cache-Control", "private, no-store");
		http_header_set(res, "X-Robots-Tag", "noindex");
	}
}

/* Closes an open <ul>/<ol> of list items or references. */
static void close_list(buf_t *b, int *list)
{
	if (*list == 1)
		html_printf(b, "</ul>\n");
	else if (*list == 2)
		html_printf(b, "</ol>\n");
	*list = 0;
}

void page_read(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	st_paper sp;
	if (!load(app, req, res, 0, &sp))
		return;
	if (!auth_can_open(web_viewer(req), sp.visibility, sp.owner)) {
		refuse(app, req, res, &sp);
		return;
	}
	if (!load(app, req, res, ST_WITH_ANALYSIS | ST_WITH_TEXT, &sp))
		return;
	quire_paper *qp = analysis(req, &sp);
	if (!qp) {
		page_message(app, req, res, 500, "Something went wrong",
			     "The document could not be rendered.", 0);
		return;
	}
	gated_headers(res, &sp);
	const char *px = page_prefix(app);
	char path[PAGE_PATH_MAX];
	page_paper_path(path, sp.id, sp.title);
	buf_t *b = http_body(res);
	page_begin(b, app, req, sp.title && *sp.title ? sp.title : "Untitled",
		   "<meta name=\"robots\" content=\"noindex\">\n");
	html_printf(b, "<article class=\"document\">\n<h1>%s</h1>\n",
		    sp.title && *sp.title ? sp.title : "Untitled");
	if (sp.authors && *sp.authors) {
		html_printf(b, "<p class=\"authors\">");
		int first = 1;
		FOR_AUTHORS(sp.authors, a, n) {
			html_printf(b, "%S%.*s", first ? "" : ", ", (int)n, a);
			first = 0;
		}
		html_printf(b, "</p>\n");
	}
	html_printf(b, "<p class=\"stats\">");
	page_stats(b, sp.words, sp.pages);
	html_printf(b, "</p>\n<p><a href=\"%s%s\">\xE2\x80\xB9 The paper's page</a> \xC2\xB7 "
		    "<a href=\"%s/paper/%s/file\">Download the original</a></p>\n",
		    px, path, px, sp.id);
	int list = 0; /* 1: <ul> of items, 2: <ol> of references */
	size_t notes = 0;
	for (size_t i = 0; i < qp->n_blocks; i++) {
		const quire_block *bl = &qp->blocks[i];
		const char *t = qp->text + bl->off;
		int n = (int)bl->len;
		if (bl->kind == QUIRE_BLOCK_NOTE) {
			notes++;
			continue;
		}
		if (list == 1 && bl->kind != QUIRE_BLOCK_LIST_ITEM)
			close_list(b, &list);
		if (list == 2 && bl->kind != QUIRE_BLOCK_REFERENCE)
			close_list(b, &list);
		switch (bl->kind) {
		case QUIRE_BLOCK_TITLE:
			break;
		case QUIRE_BLOCK_BYLINE:
			html_printf(b, "<p class=\"meta\">%.*s</p>\n", n, t);
			break;
		case QUIRE_BLOCK_HEADING: {
			int h = bl->level + 1;
			h = h < 2 ? 2 : h > 6 ? 6 : h;
			html_printf(b, "<h%d>%.*s</h%d>\n", h, n, t, h);
			break;
		}
		case QUIRE_BLOCK_QUOTE:
			html_printf(b, "<blockquote><p>%.*s</p></blockquote>\n", n, t);
			break;
		case QUIRE_BLOCK_LIST_ITEM:
			if (!list) {
				html_printf(b, "<ul>\n");
				list = 1;
			}
			html_printf(b, "<li class=\"lv%d\">%.*s</li>\n",
				    bl->level < 1 ? 1 : bl->level > 6 ? 6 : bl->level, n, t);
			break;
		case QUIRE_BLOCK_CODE:
			html_printf(b, "<pre>%.*s</pre>\n", n, t);
			break;
		case QUIRE_BLOCK_BIB_HEADING:
			html_printf(b, "<h2>%.*s</h2>\n", n, t);
			break;
		case QUIRE_BLOCK_BIB_SECTION:
			html_printf(b, "<h3>%.*s</h3>\n", n, t);
			break;
		case QUIRE_BLOCK_REFERENCE:
			if (!list) {
				html_printf(b, "<ol class=\"refs\">\n");
				list = 2;
			}
			html_printf(b, "<li>%.*s</li>\n", n, t);
			break;
		default:
			html_printf(b, "<p>%.*s</p>\n", n, t);
			break;
		}
	}
	close_list(b, &list);
	if (notes) {
		html_printf(b, "<section class=\"notes\" aria-labelledby=\"notes-h\">"
			    "<h2 id=\"notes-h\">Notes</h2>\n<ol>\n");
		for (size_t i = 0; i < qp->n_blocks; i++)
			if (qp->blocks[i].kind == QUIRE_BLOCK_NOTE)
				html_printf(b, "<li>%.*s</li>\n", (int)qp->blocks[i].len,
					    qp->text + qp->blocks[i].off);
		html_printf(b, "</ol></section>\n");
	}
	html_printf(b, "</article>\n<p><a class=\"btn secondary\" href=\"%s/paper/%s/file\">"
		    "Download the original</a></p>\n", px, sp.id);
	page_end(b, app, req);
}

/* ---- the original file -------------------------------------------------- */

static const char *content_type(const char *format)
{
	static const struct { const char *f, *t; } map[] = {
		{"pdf", "application/pdf"},
		{"text", "text/plain"},
		{"markdown", "text/markdown"},
		{"html", "text/html"},
		{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"doc", "application/msword"},
		{"odt", "application/vnd.oasis.opendocument.text"},
		{"epub", "application/epub+zip"},
		{"rtf", "application/rtf"},
	};
	for (size_t i = 0; format && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].f, format) == 0)
			return map[i].t;
	return "application/octet-stream";
}

void page_file(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	st_paper sp;
	if (!load(app, req, res, 0, &sp))
		return;
	if (!auth_can_open(web_viewer(req), sp.visibility, sp.owner)) {
		refuse(app, req, res, &sp);
		return;
	}
	if (!load(app, req, res, ST_WITH_FILE, &sp))
		return;
	char name[128];
	size_t k = 0;
	for (const char *p = sp.filename ? sp.filename : ""; *p && k + 1 < sizeof name; p++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
		if (k == 0 && c == '.')
			ok = 0; /* no hidden file names */
		if (ok)
			name[k++] = c;
		else if (k && name[k - 1] != '_')
			name[k++] = '_';
	}
	name[k] = 0;
	if (!k)
		snprintf(name, sizeof name, "%s", sp.id);
	gated_headers(res, &sp);
	if (sp.format && strcmp(sp.format, "html") == 0)
		http_header_set(res, "Content-Security-Policy", "sandbox; default-src 'none'");
	http_send_bytes(res, sp.file, sp.file_len, content_type(sp.format), name);
}
