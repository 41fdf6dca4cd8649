/*
 * page_refs.c — a paper's references on the web: the paper page's
 * References section (each entry's type and parsed fields), the exports
 * of the reference list (GET /paper/:id/refs.json, refs.bib, refs.ris) and
 * of each entry (GET /paper/:id/refs/<n>.json|.bib|.ris), and the paper
 * page's "Cite this paper" in the citation style the reader picks.
 *
 * Decisions:
 *  - The reference list is public like the preview (pages.h): the
 *    exports carry the list entries (not the notes, which can hold the
 *    author's prose), parsed afresh with the model built into quire
 *    (ref_parse_list), as `quire refs` does, so a better model shows at
 *    once.  ids are "<paper id>-<n>", n the entry's place in the
 *    analysis's references (from 1), the same as `quire refs --format csl`.
 *    One entry's exports are addressed by that same n (/refs/7.bib is the
 *    entry "<id>-7" of refs.json), so a number never changes meaning
 *    between the list and its entries; a note's number is a 404.
 *  - A page render parses its list once (page_refs_list) and hands it to
 *    the References section and to "Cite in a style".  Exports parse the
 *    whole list too, not the one entry: an entry can take its authors from
 *    the one before ("———."), and its BibTeX key must be the one it has in
 *    refs.bib (keys made unique over the list).
 *  - Each entry shows its type as a small label the reader can see without
 *    opening anything (users of other parsers complain the type is
 *    hidden); its fields are in a <details> disclosure (no script), names
 *    as their parts (family, given, particle, suffix, or a corporate name
 *    as written), dates as ISO 8601.  Only http(s) URLs become links; a
 *    DOI links to doi.org.
 *  - Exports are attachments with a file name ("<id>-refs.bib",
 *    "<id>-7.bib"), so a click saves a file a reference manager imports.
 *    They are not kept in the page cache (it keeps no Content-Disposition).
 *    One entry's export links say rel="nofollow": three per entry would
 *    send a crawler to every entry of every paper for nothing new.
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
#include <strings.h>

#include "cslfiles.h"
#include "html.h"
#include "page_refs.h"
#include "pages.h"
#include "refs.h"

/* ---- the reference list ------------------------------------------------- */

int page_refs_list(const char *paper_id, const quire_paper *qp,
		   quire_arena *a, page_ref_list *L)
{
	memset(L, 0, sizeof *L);
	size_t n = 0;
	for (size_t i = 0; qp && i < qp->n_refs; i++)
		n += !qp->refs[i].is_note;
	if (!n)
		return 0;
	const quire_reference **ref = quire_arena_alloc(a, n * sizeof *ref);
	size_t *num = quire_arena_alloc(a, n * sizeof *num);
	const char **ids = quire_arena_alloc(a, n * sizeof *ids);
	const char **texts = quire_arena_alloc(a, n * sizeof *texts);
	if (!ref || !num || !ids || !texts)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < qp->n_refs; i++) {
		if (qp->refs[i].is_note)
			continue;
		char rid[48];
		int len = snprintf(rid, sizeof rid, "%s-%zu", paper_id, i + 1);
		ref[k] = &qp->refs[i];
		num[k] = i + 1;
		texts[k] = qp->refs[i].text ? qp->refs[i].text : "";
		ids[k] = quire_arena_strndup(a, rid, len > 0 ? (size_t)len : 0);
		if (!ids[k])
			return -1;
		k++;
	}
	ref_citation *c = NULL;
	quire_error err = {0};
	if (ref_parse_list(ref_model_builtin(), texts, n, a, &c, &err) != QUIRE_OK)
		return -1;
	char **keys = ref_cite_keys(c, n, a);
	if (!keys)
		return -1;
	L->n = n;
	L->ref = ref;
	L->num = num;
	L->ids = ids;
	L->c = c;
	L->keys = keys;
	return 0;
}

const char *page_refs_type_label(const char *t)
{
	static const struct { const char *csl, *label; } map[] = {
		{"book", "book"},
		{"chapter", "book chapter"},
		{"article-journal", "journal article"},
		{"article-magazine", "magazine article"},
		{"article-newspaper", "newspaper article"},
		{"article", "article"},
		{"report", "report"},
		{"thesis", "thesis"},
		{"webpage", "web page"},
		{"post-weblog", "blog post"},
		{"paper-conference", "conference paper"},
		{"manuscript", "manuscript"},
		{"entry-encyclopedia", "encyclopedia entry"},
		{"entry-dictionary", "dictionary entry"},
		{"review", "review"},
		{"review-book", "book review"},
		{"legal_case", "legal case"},
		{"legislation", "legislation"},
		{"motion_picture", "film"},
		{"interview", "interview"},
		{"personal_communication", "letter"},
		{"classic", "classical text"},
		{"map", "map"},
		{"dataset", "data set"},
		{"patent", "patent"},
		{"standard", "standard"},
		{"software", "software"},
		{"document", "unparsed"},
	};
	if (!t || !*t)
		return "unparsed";
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].csl, t) == 0)
			return map[i].label;
	return t;
}

/* ---- the References section ---------------------------------------------- */

/* Does s start with http:// or https:// (so it may be a link)? */
static int web_url(const char *s)
{
	return s && (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0);
}

/* One <dt>/<dd> pair of plain text (nothing when v is NULL or empty). */
static void field(buf_t *b, const char *name, const char *v)
{
	if (v && *v)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>\n", name, v);
}

/* A list of names, each as its parts: family, given, particle, suffix, or
 * a literal (corporate) name; "et al." when the list ended so. */
static void names(buf_t *b, const char *what, const ref_name *nm, size_t n,
		  int et_al, int repeated)
{
	if (!n && !et_al)
		return;
	html_printf(b, "<dt>%s</dt><dd><ul class=\"names\">", what);
	for (size_t i = 0; i < n; i++) {
		const ref_name *m = &nm[i];
		html_printf(b, "<li>");
		if (m->literal && *m->literal) {
			html_printf(b, "<span class=\"k\">name</span> %s", m->literal);
		} else {
			static const char *const part[] = {"family", "given", "particle", "suffix"};
			const char *v[] = {m->family, m->given, m->particle, m->suffix};
			int first = 1;
			for (size_t j = 0; j < 4; j++) {
				if (!v[j] || !*v[j])
					continue;
				html_printf(b, "%S<span class=\"k\">%s</span> %s",
					    first ? "" : " ", part[j], v[j]);
				first = 0;
			}
		}
		html_printf(b, "</li>");
	}
	if (et_al)
		html_printf(b, "<li>et al.</li>");
	html_printf(b, "</ul>%S</dd>\n",
		    repeated ? "<span class=\"k\">(a repeated-author dash: the names "
			       "of the entry before)</span>" : "");
}

/* A date as ISO 8601 (1992, 1992-06, 1992-06-01), "c." when circa, the
 * year suffix, a range's end; the literal when there is no year. */
static void date_field(buf_t *b, const char *what, const ref_date *d)
{
	if (!d->year) {
		field(b, what, d->literal);
		return;
	}
	html_printf(b, "<dt>%s</dt><dd>%S%d", what, d->circa ? "c. " : "", d->year);
	if (d->month > 0 && d->month <= 12) {
		html_printf(b, "-%S%d", d->month < 10 ? "0" : "", d->month);
		if (d->day > 0 && d->day <= 31)
			html_printf(b, "-%S%d", d->day < 10 ? "0" : "", d->day);
	}
	html_printf(b, "%s", d->suffix);
	if (d->end_year) {
		html_printf(b, "\xE2\x80\x93%d", d->end_year);
		if (d->end_month > 0 && d->end_month <= 12) {
			html_printf(b, "-%S%d", d->end_month < 10 ? "0" : "", d->end_month);
			if (d->end_day > 0 && d->end_day <= 31)
				html_printf(b, "-%S%d", d->end_day < 10 ? "0" : "", d->end_day);
		}
	}
	html_printf(b, "</dd>\n");
}

/* What the container is called for a type. */
static const char *container_name(const char *t)
{
	if (!t)
		return "Container";
	if (strcmp(t, "article-journal") == 0)
		return "Journal";
	if (strcmp(t, "article-magazine") == 0)
		return "Magazine";
	if (strcmp(t, "article-newspaper") == 0)
		return "Newspaper";
	if (strcmp(t, "chapter") == 0 || strcmp(t, "entry-encyclopedia") == 0 ||
	    strcmp(t, "entry-dictionary") == 0)
		return "Book";
	if (strcmp(t, "paper-conference") == 0)
		return "Proceedings";
	if (strcmp(t, "webpage") == 0 || strcmp(t, "post-weblog") == 0)
		return "Site";
	return "Container";
}

/* The <dl> of a parsed entry's fields. */
static void fields(buf_t *b, const ref_citation *c, const char *id, const char *key)
{
	html_printf(b, "<dl class=\"fields\">\n<dt>Type</dt><dd>%s "
		    "<span class=\"k\">(CSL <code>%s</code>)</span></dd>\n",
		    page_refs_type_label(c->type), c->type ? c->type : "document");
	names(b, "Authors", c->authors, c->n_authors,
	      (c->et_al & REF_ETAL_AUTHORS) != 0, c->same_authors);
	names(b, "Editors", c->editors, c->n_editors,
	      (c->et_al & REF_ETAL_EDITORS) != 0, 0);
	names(b, "Translators", c->translators, c->n_translators,
	      (c->et_al & REF_ETAL_TRANSLATORS) != 0, 0);
	names(b, "To", c->recipients, c->n_recipients, 0, 0);
	names(b, "Interviewers", c->interviewers, c->n_interviewers, 0, 0);
	field(b, "Title", c->title);
	field(b, container_name(c->type), c->container_title);
	field(b, "Series", c->collection_title);
	field(b, "Edition", c->edition);
	field(b, "Volume", c->volume);
	field(b, "Volumes", c->volumes);
	field(b, "Issue", c->issue);
	field(b, "Pages", c->page);
	field(b, "Number of pages", c->pages_total);
	field(b, "Publisher", c->publisher);
	field(b, "Place", c->place);
	date_field(b, "Date", &c->issued);
	date_field(b, "First published", &c->original);
	date_field(b, "Accessed", &c->accessed);
	field(b, "Genre", c->genre);
	field(b, "Passage", c->locator);
	field(b, "Archive", c->archive);
	field(b, "Archive place", c->archive_place);
	field(b, "In the archive", c->archive_location);
	if (c->doi && *c->doi)
		html_printf(b, "<dt>DOI</dt><dd><a href=\"https://doi.org/%s\">%s</a></dd>\n",
			    c->doi, c->doi);
	if (c->url && *c->url) {
		if (web_url(c->url))
			html_printf(b, "<dt>URL</dt><dd><a href=\"%s\" rel=\"nofollow noopener\">%s</a></dd>\n",
				    c->url, c->url);
		else
			field(b, "URL", c->url);
	}
	field(b, "ISBN", c->isbn);
	field(b, "Note", c->note);
	field(b, "BibTeX key", key);
	field(b, "Id", id);
	html_printf(b, "</dl>\n");
}

void page_refs_section(buf_t *b, web_app *app, const char *paper_id,
		       const page_ref_list *L)
{
	if (!L || !L->n)
		return;
	const char *px = page_prefix(app);
	const char *section = NULL;
	int open_ol = 0;
	html_printf(b, "<section aria-labelledby=\"refs-h\" class=\"references\">"
		    "<h2 id=\"refs-h\">References</h2>\n");
	for (size_t i = 0; i < L->n; i++) {
		const quire_reference *rf = L->ref[i];
		const ref_citation *c = &L->c[i];
		int new_sec = (rf->section && (!section || strcmp(section, rf->section) != 0)) ||
			      (!rf->section && section);
		if (new_sec || !open_ol) {
			if (open_ol)
				html_printf(b, "</ol>\n");
			if (rf->section && new_sec)
				html_printf(b, "<h3>%s</h3>\n", rf->section);
			html_printf(b, "<ol class=\"refs\" start=\"%zu\">\n", i + 1);
			open_ol = 1;
			section = rf->section;
		}
		size_t num = L->num[i];
		html_printf(b, "<li id=\"ref-%zu\"><span class=\"ref-text\">%s</span>\n"
			    "<details class=\"ref\"><summary><span class=\"rtype\">%s</span> "
			    "<span class=\"more\">fields and export<span class=\"vh\"> of "
			    "reference %zu</span></span></summary>\n",
			    num, rf->text, page_refs_type_label(c->type), i + 1);
		fields(b, c, L->ids[i], L->keys[i]);
		html_printf(b, "<p class=\"exports\">This reference as "
			    "<a href=\"%s/paper/%s/refs/%zu.json\" rel=\"nofollow\">CSL-JSON</a>, "
			    "<a href=\"%s/paper/%s/refs/%zu.bib\" rel=\"nofollow\">BibTeX</a>, "
			    "<a href=\"%s/paper/%s/refs/%zu.ris\" rel=\"nofollow\">RIS</a></p>\n"
			    "</details></li>\n",
			    px, paper_id, num, px, paper_id, num, px, paper_id, num);
	}
	if (open_ol)
		html_printf(b, "</ol>\n");
	if (L->n == 1)
		html_printf(b, "<p class=\"exports\">The reference list as ");
	else
		html_printf(b, "<p class=\"exports\">All %N references as ", L->n);
	html_printf(b, "<a href=\"%s/paper/%s/refs.json\">CSL-JSON</a>, "
		    "<a href=\"%s/paper/%s/refs.bib\">BibTeX</a>, "
		    "<a href=\"%s/paper/%s/refs.ris\">RIS</a></p>\n</section>\n",
		    px, paper_id, px, paper_id, px, paper_id);
}

/* ---- the exports ---------------------------------------------------------- */

/* Reads the paper of the route's :id and parses its list into *L; on
 * failure the error page is written and 0 returned. */
static int load_list(web_app *app, http_req *req, http_res *res,
		     st_paper *sp, page_ref_list *L)
{
	memset(L, 0, sizeof *L);
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
				  a, &p, &err) != QUIRE_OK)
		return 1; /* a paper without a readable analysis: no references */
	if (page_refs_list(sp->id, p, a, L) != 0) {
		page_message(app, req, res, 500, "Something went wrong",
			     "The references could not be read right now.", 0);
		return 0;
	}
	return 1;
}

static const char *const export_type[] = {
	[REF_FMT_CSL] = "application/vnd.citationstyles.csl+json; charset=utf-8",
	[REF_FMT_BIBTEX] = "application/x-bibtex; charset=utf-8",
	[REF_FMT_RIS] = "application/x-research-info-systems; charset=utf-8",
};
static const char *const export_ext[] = {
	[REF_FMT_CSL] = "json", [REF_FMT_BIBTEX] = "bib", [REF_FMT_RIS] = "ris",
};

/* Content-Type and an attachment's Content-Disposition "<stem>.<ext>"
 * (stem: a paper id and digits, nothing to escape). */
static void export_headers(http_res *res, ref_format f, const char *stem)
{
	char cd[96];
	snprintf(cd, sizeof cd, "attachment; filename=\"%s.%s\"", stem, export_ext[f]);
	http_header_set(res, "Content-Type", export_type[f]);
	http_header_set(res, "Content-Disposition", cd);
}

static void export(void *app_, http_req *req, http_res *res, ref_format f)
{
	web_app *app = app_;
	st_paper sp;
	page_ref_list L;
	if (!load_list(app, req, res, &sp, &L))
		return;
	buf_t *b = http_body(res);
	if (L.n)
		ref_export_list(L.c, L.n, L.ids, f, http_arena(req), b);
	else if (f == REF_FMT_CSL)
		buf_puts(b, "[]\n");
	char stem[48];
	snprintf(stem, sizeof stem, "%s-refs", sp.id);
	export_headers(res, f, stem);
}

void page_refs_json(void *app, http_req *req, http_res *res)
{
	export(app, req, res, REF_FMT_CSL);
}

void page_refs_bib(void *app, http_req *req, http_res *res)
{
	export(app, req, res, REF_FMT_BIBTEX);
}

void page_refs_ris(void *app, http_req *req, http_res *res)
{
	export(app, req, res, REF_FMT_RIS);
}

/* Reads ":n" of /paper/:id/refs/:n: "<num>.<ext>", num from 1 without a
 * leading zero; 0 when it is not so. */
static int one_param(const char *s, size_t *num, ref_format *f)
{
	if (!s || *s < '1' || *s > '9')
		return 0;
	size_t v = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > 100000000)
			return 0;
		v = v * 10 + (size_t)(*s - '0');
	}
	if (strcmp(s, ".json") == 0)
		*f = REF_FMT_CSL;
	else if (strcmp(s, ".bib") == 0)
		*f = REF_FMT_BIBTEX;
	else if (strcmp(s, ".ris") == 0)
		*f = REF_FMT_RIS;
	else
		return 0;
	*num = v;
	return 1;
}

void page_refs_one(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	size_t num = 0;
	ref_format f = REF_FMT_CSL;
	if (!one_param(http_param(req, "n"), &num, &f)) {
		page_message(app, req, res, 404, "No such reference",
			     "References are numbered from 1: /refs/1.bib, "
			     "/refs/2.ris, /refs/3.json.", 0);
		return;
	}
	st_paper sp;
	page_ref_list L;
	if (!load_list(app, req, res, &sp, &L))
		return;
	size_t i = 0;
	while (i < L.n && L.num[i] != num)
		i++;
	if (i == L.n) {
		page_message(app, req, res, 404, "No such reference",
			     "This paper's reference list has no entry of that number.", 0);
		return;
	}
	buf_t *b = http_body(res);
	if (f == REF_FMT_CSL) {
		buf_puts(b, "[\n");
		ref_to_csl_json(&L.c[i], L.ids[i], b);
		buf_puts(b, "\n]\n");
	} else if (f == REF_FMT_BIBTEX) {
		ref_to_bibtex(&L.c[i], L.keys[i], b);
	} else {
		ref_to_ris(&L.c[i], b);
	}
	export_headers(res, f, L.ids[i]);
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
		    const st_paper *sp, const page_ref_list *L, const char *path)
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

	/* the reference list in the style (parsed once, by the page) */
	if (L && L->n && opened) {
		buf_t cj = BUF_INIT;
		out = NULL;
		ref_export_list(L->c, L->n, L->ids, REF_FMT_CSL, a, &cj);
		if (!buf_failed(&cj))
			(void)cslf_format_open(&cs, cj.p, cj.len, CSLF_BIBLIOGRAPHY,
					       CSL_HTML, a, &out, &err);
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
