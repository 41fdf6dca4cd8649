/*
 * html_blocks.h — from an HTML or XHTML tree (libxml2) to quire blocks.
 *
 * Shared by the HTML reader (rd_html.c, which implements it) and the EPUB
 * reader (rd_epub.c, one call of hb_walk() per chapter).  The walk is the
 * stackless xmlx_walk, so the depth of a tree never drives recursion; the
 * parsers themselves stop at 256 levels.
 *
 * Types of libxml2 appear here on purpose: this header is internal to the
 * format readers, never part of quire.h.
 */
#ifndef QUIRE_HTML_BLOCKS_H
#define QUIRE_HTML_BLOCKS_H

#include <stddef.h>

#include <libxml/tree.h>

#include "buf.h"
#include "quire.h"

/* The state of one document's block extraction, kept across chapters. */
typedef struct hb_state {
	quire_source *out;
	int web;            /* 1: a web page: boilerplate is removed */
	const char *title;  /* the document's title, or NULL: a later block
			     * that repeats it (same words) is dropped */
	int title_seen;     /* a block equal to title was emitted */
	size_t n_images, n_objects, n_formulas, n_dropped_links;
	quire_status rc;
	/* internal */
	buf_t text;         /* the open block */
	buf_t ctx;          /* list-item / quote containers, innermost last */
	size_t link_bytes, all_bytes; /* non-space bytes of the open block */
	int pending_space;
	int heading, pre, table, cells, note, ref, list, link, article;
	int titlepage;
} hb_state;

/* Starts a state writing into out.  web selects the boilerplate rules;
 * title (copied by reference: keep it alive) is the metadata title. */
void hb_init(hb_state *st, quire_source *out, int web, const char *title);

/* Adds the blocks of the subtree under root (root itself is not a block
 * boundary).  Returns st->rc (QUIRE_ENOMEM when an append failed). */
quire_status hb_walk(hb_state *st, xmlNode *root);

/* Adds the remark on what was dropped ("2 images, 1 embedded object
 * skipped") and frees the state's buffers.  Returns the first failure. */
quire_status hb_finish(hb_state *st);

/* Frees the state's buffers without adding anything (error paths). */
void hb_free(hb_state *st);

/*
 * Parses an HTML page with libxml2's HTML parser (NONET, NOERROR,
 * NOWARNING, RECOVER).  Encoding: a BOM, else a charset declared in a
 * <meta> within the first 4 KB, else UTF-8 when the bytes are valid UTF-8,
 * else Windows-1252.  ISO-8859-1, US-ASCII and Windows-1252 are decoded
 * here (as Windows-1252, as HTML5 says), so no iconv module is needed in
 * the sandbox.  encoding gets the name used ("UTF-8", "Windows-1252",
 * "UTF-16LE", or the declared name lower-cased); *guessed is 1 when
 * Windows-1252 was a guess (nothing declared, not UTF-8); *depth_cut is 1
 * when the parser stopped at its 256-level depth limit.  NULL when out of
 * memory.
 */
#define HB_ENC_SIZE 40
xmlDoc *hb_parse_html(const unsigned char *bytes, size_t n,
		      char encoding[HB_ENC_SIZE], int *guessed, int *depth_cut);

/* Non-zero if a and b hold the same words (ASCII case and space
 * insensitive). */
int hb_same_words(const char *a, const char *b);

#endif
