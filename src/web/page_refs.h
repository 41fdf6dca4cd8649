/*
 * page_refs.h — a paper's references on the web (page_refs.c): the
 * reference list exported as CSL-JSON, BibTeX and RIS, and the paper page's
 * "Cite this paper" in a citation style the reader picks.
 */
#ifndef QUIRE_PAGE_REFS_H
#define QUIRE_PAGE_REFS_H

#include "buf.h"
#include "http.h"
#include "quire.h"
#include "store.h"
#include "web.h"

/* GET /paper/:id/refs.json — the reference list (not the notes) as a
 * CSL-JSON array, ids "<paper id>-<n>" (n: the entry's place in the
 * analysis's references, from 1).  Public, like the preview. */
void page_refs_json(void *app, http_req *req, http_res *res);
/* GET /paper/:id/refs.bib — the same entries as BibTeX (unique keys). */
void page_refs_bib(void *app, http_req *req, http_res *res);
/* GET /paper/:id/refs.ris — the same entries as RIS records. */
void page_refs_ris(void *app, http_req *req, http_res *res);

/* The default citation style of the web (a name cslfiles.h resolves). */
#define PAGE_REFS_DEFAULT_STYLE "chicago-author-date"
/* The cookie remembering the reader's style. */
#define PAGE_REFS_STYLE_COOKIE "quire_style"

/*
 * Writes the paper page's citation-style section: a GET form with a
 * <select> of installed styles (the chosen one first: ?style=NAME, else
 * the quire_style cookie, else PAGE_REFS_DEFAULT_STYLE), the paper itself
 * in that style (a CSL item made from the record: title, authors, year,
 * the page's URL; type "article" with a year, else "manuscript"), the
 * reference list in that style when qp has references, and links to the
 * three exports.  A ?style= that names an installed style is remembered
 * in the cookie; a page made for a style other than the default is sent
 * "Cache-Control: private".  qp may be NULL; path is the paper's
 * canonical path (page_paper_path).
 */
void page_refs_cite(buf_t *b, web_app *app, http_req *req, http_res *res,
		    const st_paper *sp, const quire_paper *qp, const char *path);

#endif
