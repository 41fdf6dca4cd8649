/*
 * page_refs.h — a paper's references on the web (page_refs.c): the paper
 * page's References section (each entry with its type and parsed fields),
 * the reference list and each of its entries exported as CSL-JSON, BibTeX
 * and RIS, and the paper page's "Cite this paper" in a citation style the
 * reader picks.
 */
#ifndef QUIRE_PAGE_REFS_H
#define QUIRE_PAGE_REFS_H

#include "buf.h"
#include "http.h"
#include "quire.h"
#include "refs.h"
#include "store.h"
#include "web.h"

/*
 * A paper's reference list (the analysis's references, notes left out),
 * parsed once per request with the model built into quire
 * (ref_parse_list, each entry with the one before it as context) and
 * shared by the References section, "Cite in a style" and the exports.
 * Entry i (0 <= i < n) is the analysis's reference num[i] (from 1): the
 * number in its id "<paper id>-<num>" and in /paper/:id/refs/<num>.bib.
 */
typedef struct page_ref_list {
	size_t n;
	const quire_reference **ref; /* each entry as the analysis has it */
	size_t *num;                 /* its place in the analysis's references */
	const char **ids;            /* "<paper id>-<num>" */
	ref_citation *c;             /* the parsed entries, NULL when n is 0 */
	char **keys;                 /* BibTeX keys unique in the list */
} page_ref_list;

/* Fills L from qp (NULL: no entries) for the paper paper_id, in arena a.
 * 0, or -1 when out of memory (L then has no entries). */
int page_refs_list(const char *paper_id, const quire_paper *qp,
		   quire_arena *a, page_ref_list *L);

/* The paper page's References section (nothing when L has no entries):
 * the entries under their sub-section headings, each with its type as a
 * small label and, in a <details> disclosure, its parsed fields and links
 * to its own exports (/paper/<id>/refs/<num>.json|.bib|.ris).  Public. */
void page_refs_section(buf_t *b, web_app *app, const char *paper_id,
		       const page_ref_list *L);

/* The reader's words for a CSL type ("article-journal" → "journal
 * article"); the CSL name itself when it has none. */
const char *page_refs_type_label(const char *csl_type);

/* GET /paper/:id/refs.json — the reference list (not the notes) as a
 * CSL-JSON array, ids "<paper id>-<n>" (n: the entry's place in the
 * analysis's references, from 1).  Public, like the preview. */
void page_refs_json(void *app, http_req *req, http_res *res);
/* GET /paper/:id/refs.bib — the same entries as BibTeX (unique keys). */
void page_refs_bib(void *app, http_req *req, http_res *res);
/* GET /paper/:id/refs.ris — the same entries as RIS records. */
void page_refs_ris(void *app, http_req *req, http_res *res);
/* GET /paper/:id/refs/:n where :n is "<num>.json", "<num>.bib" or
 * "<num>.ris": one entry of the list in that format (a CSL-JSON array of
 * one item; BibTeX with the key it has in refs.bib).  404 when num (from
 * 1, no leading zero) is not an entry of the list (out of range, or a
 * note) or the extension is none of the three.  Every export is sent as
 * an attachment ("<id>-<num>.bib"; the lists "<id>-refs.bib"). */
void page_refs_one(void *app, http_req *req, http_res *res);

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
 * "Cache-Control: private".  L is the paper's parsed reference list
 * (page_refs_list); path is the paper's canonical path (page_paper_path).
 */
void page_refs_cite(buf_t *b, web_app *app, http_req *req, http_res *res,
		    const st_paper *sp, const page_ref_list *L, const char *path);

#endif
