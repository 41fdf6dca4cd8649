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
 * A paper's references, parsed once per request with the model built into
 * quire (ref_parse_entries: each list entry with the one before it as
 * context; the notes split into their citations and resolved) and shared
 * by the References section, "Cite in a style" and the exports.  The items
 * are what `quire refs ID --format csl` exports, in the paper's order:
 * every entry of the reference list, and — when the notes are included —
 * every citation of a note that stands for a work of its own (a work the
 * list or an earlier note holds is not repeated; ref_note_cite_is_work).
 * Item i's id is "<paper id>-<name[i]>", name[i] being "<num>" (num: the
 * entry's place in the analysis's references, from 1) or, for citation J
 * of a note of several, "<num>.<J>"; its exports are
 * /paper/:id/refs/<name>.bib (.json, .ris).
 */
typedef struct page_ref_list {
	size_t n;
	const char **text;    /* the entry's text, or the note's citation's */
	const char **section; /* a list entry's sub-section heading, or NULL */
	const char **name;    /* "<num>" or "<num>.<J>" */
	int *in_note;         /* 1: a work cited in a note (else a list entry) */
	size_t *note_no;      /* in_note: the note's number among the notes */
	const char **ids;     /* "<paper id>-<name>" */
	ref_citation *c;      /* the parsed items, NULL when n is 0 */
	char **keys;          /* BibTeX keys unique over the items */
} page_ref_list;

/* Fills L from qp (NULL: no entries) for the paper paper_id, in arena a;
 * the works cited in the notes only when with_notes (a note can hold the
 * author's prose: only for a reader who may open the paper).  0, or -1
 * when out of memory (L then has no entries). */
int page_refs_list(const char *paper_id, const quire_paper *qp, int with_notes,
		   quire_arena *a, page_ref_list *L);

/* The paper page's References section (nothing when L has no items):
 * the list's entries under their sub-section headings, then "Works cited
 * in the notes" (each with its note's number), each with its type as a
 * small label and, in a <details> disclosure, its parsed fields and links
 * to its own exports (/paper/<id>/refs/<name>.json|.bib|.ris). */
void page_refs_section(buf_t *b, web_app *app, const char *paper_id,
		       const page_ref_list *L);

/* The reader's words for a CSL type ("article-journal" → "journal
 * article"); the CSL name itself when it has none. */
const char *page_refs_type_label(const char *csl_type);

/* GET /paper/:id/refs.json — the items of page_refs_list as a CSL-JSON
 * array, ids "<paper id>-<name>": the reference list for everyone (public,
 * like the preview), with the works cited in the notes for a reader who
 * may open the paper (the answer then varies with the reader: "Vary:
 * Cookie", and "Cache-Control: private" unless the paper is public). */
void page_refs_json(void *app, http_req *req, http_res *res);
/* GET /paper/:id/refs.bib — the same entries as BibTeX (unique keys). */
void page_refs_bib(void *app, http_req *req, http_res *res);
/* GET /paper/:id/refs.ris — the same entries as RIS records. */
void page_refs_ris(void *app, http_req *req, http_res *res);
/* GET /paper/:id/refs/:n where :n is "<name>.json", "<name>.bib" or
 * "<name>.ris": one item in that format (a CSL-JSON array of one item;
 * BibTeX with the key it has in refs.bib).  404 when name ("<num>" or
 * "<num>.<J>", numbers from 1 without a leading zero) is no item the
 * reader may see or the extension is none of the three.  Every export is
 * sent as an attachment ("<id>-<name>.bib"; the lists "<id>-refs.bib"). */
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
