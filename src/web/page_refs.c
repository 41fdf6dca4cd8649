/*
 * page_refs.c — a paper's references on the web: the paper page's
 * References section (each entry's type and parsed fields), the exports
 * of the reference list (GET /paper/:id/refs.json, refs.bib, refs.ris) and
 * of each entry (GET /paper/:id/refs/<n>.json|.bib|.ris), and the paper
 * page's "Cite this paper" in the citation style the reader picks.
 *
 * Decisions:
 *  - The reference list is public like the preview (pages.h); the works
 *    cited in the notes (each once: a note citing a listed or earlier
 *    work adds nothing) are shown and exported only to a reader who may
 *    open the paper, since a note can hold the author's prose.  Both are
 *    parsed afresh with the model built into quire (ref_parse_entries),
 *    as `quire refs` does, so a better model shows at once, and the
 *    exports are `quire refs ID --format csl`'s items with its ids:
 *    "<paper id>-<n>", n the entry's place in the analysis's references
 *    (from 1), "<paper id>-<n>.<j>" for citation j of a note of several.
 *    One item's exports are addressed by that same name (/refs/7.bib is
 *    "<id>-7" of refs.json, /refs/6.2.bib "<id>-6.2"), so a number never
 *    changes meaning between the list and its items; a note that cites
 *    no work of its own is a 404.  Without the notes the list is parsed
 *    alone, so nothing of a note reaches it.
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

int page_refs_list(const char *paper_id, const quire_paper *qp, int with_notes,
		   quire_arena *a, page_ref_list *L)
{
	memset(L, 0, sizeof *L);
	size_t n = qp ? qp->n_refs : 0, nlist = 0;
	for (size_t i = 0; i < n; i++)
		nlist += !qp->refs[i].is_note;
	if (!n || (!with_notes && !nlist))
		return 0;
	const char **texts = quire_arena_alloc(a, n * sizeof *texts);
	int *is_note = quire_arena_alloc(a, n * sizeof *is_note);
	if (!texts || !is_note)
		return -1;
	/* without the notes, parse the list alone: no note's words reach
	 * the list (an archive's abbreviation, a back-reference) */
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!with_notes && qp->refs[i].is_note)
			continue;
		texts[m] = qp->refs[i].text ? qp->refs[i].text : "";
		is_note[m++] = qp->refs[i].is_note;
	}
	ref_citation *c = NULL;
	ref_note *split = NULL;
	quire_error err = {0};
	if (ref_parse_entries(ref_model_builtin(), texts, is_note, m, a, &c, &split, &err) !=
	    QUIRE_OK)
		return -1;
	size_t cap = 0;
	for (size_t i = 0; i < m; i++)
		cap += is_note[i] ? split[i].n_cites : 1;
	if (!cap)
		return 0;
	L->text = quire_arena_alloc(a, cap * sizeof *L->text);
	L->section = quire_arena_alloc(a, cap * sizeof *L->section);
	L->name = quire_arena_alloc(a, cap * sizeof *L->name);
	L->in_note = quire_arena_alloc(a, cap * sizeof *L->in_note);
	L->note_no = quire_arena_alloc(a, cap * sizeof *L->note_no);
	L->ids = quire_arena_alloc(a, cap * sizeof *L->ids);
	L->c = quire_arena_alloc(a, cap * sizeof *L->c);
	if (!L->text || !L->section || !L->name || !L->in_note || !L->note_no || !L->ids ||
	    !L->c)
		return -1;
	size_t k = 0, notes = 0;
	for (size_t i = 0, q = 0; i < n; i++) {
		if (!with_notes && qp->refs[i].is_note)
			continue;
		size_t e = q++; /* its place among the parsed entries */
		char name[48], id[96];
		snprintf(name, sizeof name, "%zu", i + 1);
		if (!is_note[e]) {
			snprintf(id, sizeof id, "%s-%s", paper_id, name);
			L->text[k] = texts[e];
			L->section[k] = qp->refs[i].section;
			L->in_note[k] = 0;
			L->note_no[k] = 0;
			L->c[k] = c[e];
			L->name[k] = quire_arena_strndup(a, name, strlen(name));
			L->ids[k] = quire_arena_strndup(a, id, strlen(id));
			k++;
			continue;
		}
		notes++;
		const ref_note *nt = &split[e];
		for (size_t j = 0; j < nt->n_cites; j++) {
			const ref_note_cite *nc = &nt->cites[j];
			if (!ref_note_cite_is_work(nc) || !nc->cite.type)
				continue;
			char sub[64];
			ref_note_cite_id(sub, sizeof sub, name, nt, j);
			snprintf(id, sizeof id, "%s-%s", paper_id, sub);
			L->text[k] = quire_arena_strndup(a, texts[e] + nc->off, nc->len);
			L->section[k] = NULL;
			L->in_note[k] = 1;
			L->note_no[k] = notes;
			L->c[k] = nc->cite;
			L->name[k] = quire_arena_strndup(a, sub, strlen(sub));
			L->ids[k] = quire_arena_strndup(a, id, strlen(id));
			k++;
		}
	}
	if (quire_arena_failed(a) || !(L->keys = ref_cite_keys(L->c, k, a))) {
		memset(L, 0, sizeof *L);
		return -1;
	}
	L->n = k;
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
		    repeated ? "<span class=\"k\">(written as the author before: "
			       "\xE2\x80\x9C\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94\xE2\x80\x9D, "
			       "Ders., Idem)</span>" : "");
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
	field(b, "Number in series", c->collection_number);
	field(b, "Edition", c->edition);
	field(b, "Volume", c->volume);
	field(b, "Volumes", c->volumes);
	field(b, ref_issue_is_number(c) ? "Number" : "Issue", c->issue);
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

/* Item i of L as a list item: its text, its type as a label, and in a
 * disclosure its fields and its own exports; note_no > 0: the note it is
 * cited in. */
static void ref_item(buf_t *b, const char *px, const char *paper_id, const page_ref_list *L,
		     size_t i, size_t shown)
{
	const ref_citation *c = &L->c[i];
	const char *name = L->name[i];
	/* an HTML id without a dot: "ref-6-2" for "6.2" */
	char hid[64];
	snprintf(hid, sizeof hid, "ref-%s", name);
	for (char *p = hid; *p; p++)
		if (*p == '.')
			*p = '-';
	html_printf(b, "<li id=\"%s\"><span class=\"ref-text\">%s</span>\n", hid, L->text[i]);
	if (L->in_note[i])
		html_printf(b, " <span class=\"k\">note %zu</span>\n", L->note_no[i]);
	html_printf(b, "<details class=\"ref\"><summary><span class=\"rtype\">%s</span> "
		    "<span class=\"more\">fields and export<span class=\"vh\"> of "
		    "%s %zu</span></span></summary>\n",
		    page_refs_type_label(c->type), L->in_note[i] ? "work" : "reference", shown);
	fields(b, c, L->ids[i], L->keys[i]);
	html_printf(b, "<p class=\"exports\">This reference as "
		    "<a href=\"%s/paper/%s/refs/%s.json\" rel=\"nofollow\">CSL-JSON</a>, "
		    "<a href=\"%s/paper/%s/refs/%s.bib\" rel=\"nofollow\">BibTeX</a>, "
		    "<a href=\"%s/paper/%s/refs/%s.ris\" rel=\"nofollow\">RIS</a></p>\n"
		    "</details></li>\n",
		    px, paper_id, name, px, paper_id, name, px, paper_id, name);
}

void page_refs_section(buf_t *b, web_app *app, const char *paper_id,
		       const page_ref_list *L)
{
	if (!L || !L->n)
		return;
	const char *px = page_prefix(app);
	const char *section = NULL;
	int open_ol = 0;
	size_t shown = 0, in_notes = 0;
	html_printf(b, "<section aria-labelledby=\"refs-h\" class=\"references\">"
		    "<h2 id=\"refs-h\">References</h2>\n");
	for (size_t i = 0; i < L->n; i++) {
		if (L->in_note[i]) {
			in_notes++;
			continue;
		}
		const char *sec = L->section[i];
		int new_sec = (sec && (!section || strcmp(section, sec) != 0)) || (!sec && section);
		if (new_sec || !open_ol) {
			if (open_ol)
				html_printf(b, "</ol>\n");
			if (sec && new_sec)
				html_printf(b, "<h3>%s</h3>\n", sec);
			html_printf(b, "<ol class=\"refs\" start=\"%zu\">\n", shown + 1);
			open_ol = 1;
			section = sec;
		}
		ref_item(b, px, paper_id, L, i, ++shown);
	}
	if (open_ol)
		html_printf(b, "</ol>\n");
	if (in_notes) {
		/* the works the notes cite that the list does not hold */
		html_printf(b, "<h3 id=\"refs-notes\">Works cited in the notes</h3>\n"
			    "<ol class=\"refs notes\">\n");
		size_t w = 0;
		for (size_t i = 0; i < L->n; i++)
			if (L->in_note[i])
				ref_item(b, px, paper_id, L, i, ++w);
		html_printf(b, "</ol>\n");
	}
	if (L->n == 1)
		html_printf(b, "<p class=\"exports\">%S as ",
			    in_notes ? "The work cited" : "The reference list");
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
	/* the works cited in the notes only for a reader who may open the
	 * paper; what the answer holds then depends on who asks */
	int with_notes = auth_can_open(web_viewer(req), sp->visibility, sp->owner);
	if (sp->visibility != ST_PUBLIC) {
		http_header_set(res, "Vary", "Cookie");
		if (with_notes)
			http_header_set(res, "Cache-Control", "private");
	}
	if (page_refs_list(sp->id, p, with_notes, a, L) != 0) {
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

/* Reads ":n" of /paper/:id/refs/:n: "<name>.<ext>", name "<num>" or
 * "<num>.<J>", numbers from 1 without a leading zero, written into name
 * (cap bytes); 0 when it is not so. */
static int one_param(const char *s, char *name, size_t cap, ref_format *f)
{
	size_t k = 0;
	for (int part = 0; part < 2; part++) {
		if (!s || *s < '1' || *s > '9')
			return 0;
		size_t d = 0;
		while (*s >= '0' && *s <= '9') {
			if (++d > 9 || k + 1 >= cap)
				return 0;
			name[k++] = *s++;
		}
		/* a second number only before the extension: "6.2.bib" */
		if (part == 0 && s[0] == '.' && s[1] >= '1' && s[1] <= '9') {
			if (k + 1 >= cap)
				return 0;
			name[k++] = *s++;
			continue;
		}
		break;
	}
	name[k] = 0;
	if (strcmp(s, ".json") == 0)
		*f = REF_FMT_CSL;
	else if (strcmp(s, ".bib") == 0)
		*f = REF_FMT_BIBTEX;
	else if (strcmp(s, ".ris") == 0)
		*f = REF_FMT_RIS;
	else
		return 0;
	return 1;
}

void page_refs_one(void *app_, http_req *req, http_res *res)
{
	web_app *app = app_;
	char name[32];
	ref_format f = REF_FMT_CSL;
	if (!one_param(http_param(req, "n"), name, sizeof name, &f)) {
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
	while (i < L.n && strcmp(L.name[i], name) != 0)
		i++;
	if (i == L.n) {
		page_message(app, req, res, 404, "No such reference",
			     "This paper's references have no entry of that number.", 0);
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
