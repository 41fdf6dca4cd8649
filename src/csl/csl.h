/*
 * csl.h — a Citation Style Language 1.0.2 processor (styles, locales,
 * CSL-JSON items, citations and bibliographies as plain text or HTML).
 *
 * Part of the core: no I/O, no global mutable state, errors returned.
 * The caller reads the style file, the locale files and the items and
 * passes their bytes in.  Everything a style, locale or engine owns is on
 * the heap until its *_free(); formatted strings are copied into the
 * quire_arena the caller passes to the formatting calls.
 *
 * Use:
 *
 *   csl_style *s = csl_style_load(xml, n, "apa.csl", &err);
 *   const char *tags[CSL_LOCALE_CHAIN_MAX];
 *   size_t nt = csl_locale_chain(lang ? lang : csl_style_default_locale(s),
 *                                tags);            // "de-AT","de-DE","en-US"
 *   for each tag: read "<dir>/locales-<tag>.xml" if it exists and
 *       loc[nl++] = csl_locale_load(bytes, len, "locales-de-AT.xml", &err);
 *   csl_engine *e = csl_engine_new(s, lang, loc, nl, &err);
 *   csl_engine_add_items(e, json, json_len, &err);  // a CSL-JSON array
 *   csl_bib bib; csl_engine_bibliography(e, CSL_HTML, arena, &bib, &err);
 *   char *html = csl_bib_join(&bib, CSL_HTML, arena);
 *
 * Errors name the file and line: "chicago.csl:12: unknown element <foo>".
 * Robustness: styles and locales are parsed with libxml2 without network,
 * entity substitution or DTD loading; recursive macros are refused at load
 * time; macro and element nesting is bounded (CSL_MAX_DEPTH); inputs over
 * CSL_MAX_XML bytes are refused.
 */
#ifndef QUIRE_CSL_H
#define QUIRE_CSL_H

#include <stddef.h>

#include "quire.h"

#define CSL_MAX_XML ((size_t)16 * 1024 * 1024) /* biggest style/locale accepted */
#define CSL_MAX_DEPTH 64                        /* element / macro nesting */
#define CSL_LOCALE_CHAIN_MAX 4

typedef struct csl_style csl_style;
typedef struct csl_locale csl_locale;
typedef struct csl_engine csl_engine;

/* Output formats. */
typedef enum csl_format {
	CSL_TEXT = 0, /* plain UTF-8; formatting dropped */
	CSL_HTML = 1  /* citeproc-js's HTML (<i>, <b>, <sup>, small-caps spans, &#38;) */
} csl_format;

/* ------------------------------------------------------------------ */
/* Styles                                                              */
/* ------------------------------------------------------------------ */

/*
 * Parses a CSL style from xml[0..n).  name is used in error messages
 * ("apa.csl").  Refused (NULL, err set, message "name:line: why"): not
 * XML, root not <style>, unknown elements or attributes values in the CSL
 * namespace, a <text macro=…> naming no macro, recursive macros, nesting
 * deeper than CSL_MAX_DEPTH, input bigger than CSL_MAX_XML.  A dependent
 * style (no <citation>, a "independent-parent" link) loads, and
 * csl_style_parent() names the parent; it cannot format.
 */
csl_style *csl_style_load(const char *xml, size_t n, const char *name,
			  quire_error *err);
void csl_style_free(csl_style *s);

/* The style's <title> ("" if none). */
const char *csl_style_title(const csl_style *s);
/* The style's <id> ("" if none). */
const char *csl_style_id(const csl_style *s);
/* default-locale of the <style> element, or NULL. */
const char *csl_style_default_locale(const csl_style *s);
/* 1 for class="note", 0 for "in-text". */
int csl_style_is_note(const csl_style *s);
/* 1 if the style has a <bibliography>. */
int csl_style_has_bibliography(const csl_style *s);
/* For a dependent style: the URI of its "independent-parent" link (e.g.
 * "http://www.zotero.org/styles/apa"); NULL for an independent style. */
const char *csl_style_parent(const csl_style *s);

/* ------------------------------------------------------------------ */
/* Locales                                                             */
/* ------------------------------------------------------------------ */

/*
 * The locale files to load for language tag lang (NULL or "" = en-US), most
 * specific first, always ending with "en-US": "de-AT" -> de-AT, de-DE,
 * en-US; "fr" -> fr-FR, en-US; "en-GB" -> en-GB, en-US.  Fills tags with
 * static strings or lang itself; returns how many (1..CSL_LOCALE_CHAIN_MAX).
 * The caller loads "locales-<tag>.xml" for each one that exists.
 */
size_t csl_locale_chain(const char *lang, const char **tags);

/* Parses a locale file (<locale> root) from xml[0..n); name as for styles. */
csl_locale *csl_locale_load(const char *xml, size_t n, const char *name,
			    quire_error *err);
void csl_locale_free(csl_locale *l);
/* The locale's xml:lang ("de-DE"). */
const char *csl_locale_lang(const csl_locale *l);

/* ------------------------------------------------------------------ */
/* Engine: a style, locales and items                                  */
/* ------------------------------------------------------------------ */

/*
 * An engine formatting with style s in language lang (NULL: the style's
 * default-locale, else en-US).  locales[0..n) are the loaded locale files,
 * most specific first (as csl_locale_chain() orders them); the style's own
 * <locale> elements override them.  s and the locales are borrowed and
 * must outlive the engine.  Fails when s is a dependent style.
 */
csl_engine *csl_engine_new(const csl_style *s, const char *lang,
			   const csl_locale *const *locales, size_t n,
			   quire_error *err);
void csl_engine_free(csl_engine *e);

/*
 * Adds the CSL-JSON items of json[0..n): an array of item objects (or one
 * object).  Lenient: unknown fields are ignored, numbers may be strings,
 * a missing "id" gets "ITEM-<n>", a missing "type" is "article".  Names:
 * family/given/suffix/dropping-particle/non-dropping-particle/literal/
 * comma-suffix/static-ordering; dates: date-parts (with ranges), season,
 * circa, literal, raw ("1998-04-03", "2001/2003").  Returns QUIRE_EINPUT
 * for text that is not JSON or not items.  Items are registered in the
 * order added; ids must be unique (a repeated id replaces nothing and is
 * skipped).
 */
quire_status csl_engine_add_items(csl_engine *e, const char *json, size_t n,
				  quire_error *err);
/* Items added so far. */
size_t csl_engine_n_items(const csl_engine *e);

/* One cite inside a citation cluster. */
typedef struct csl_cite {
	const char *id;      /* item id (required) */
	const char *locator; /* "12-15" or NULL */
	const char *label;   /* locator term ("page", "chapter", …); NULL = page */
	const char *prefix;  /* NULL or text put before the cite */
	const char *suffix;  /* NULL or text put after the cite */
	int suppress_author; /* "suppress-author": true */
	int author_only;     /* "author-only": true */
	int position;        /* -1: computed; else forced CSL_POS_* (test suite) */
	int near_note;       /* forced near-note when position is forced */
} csl_cite;

/* Positions (for csl_cite.position). */
enum { CSL_POS_FIRST = 0, CSL_POS_SUBSEQUENT = 1, CSL_POS_IBID = 2,
       CSL_POS_IBID_WITH_LOCATOR = 3 };

/* A citation: cites in the order written, and the footnote number it is in
 * (note styles; 0 = not in a note: in the main text, numbered in order,
 * and for ibid it follows the citations before it in the main text, not
 * the notes, as citeproc-js does). */
typedef struct csl_cluster {
	const csl_cite *cites;
	size_t n;
	int note_index;
} csl_cluster;

/*
 * Formats clusters[0..n) in document order: positions (first, subsequent,
 * ibid, ibid-with-locator, near-note within the style's near-note-distance)
 * follow from that order; disambiguation and year suffixes consider every
 * item added.  out[i] (allocated in a: n pointers) receives cluster i's
 * formatted text, with the citation layout's affixes and delimiter, cite
 * grouping / collapsing as the style asks.  A cite whose id is unknown is
 * left out (an empty cluster gives "").  Calling it again starts a new
 * document (positions restart); the order of first citation is remembered
 * for csl_engine_bibliography() (citation-number, unsorted bibliographies).
 */
quire_status csl_engine_citations(csl_engine *e, const csl_cluster *clusters,
				  size_t n, csl_format fmt, quire_arena *a,
				  char ***out, quire_error *err);

/* One formatted bibliography with the style's layout options. */
typedef struct csl_bib {
	char **entries;          /* n entries without the csl-entry div (HTML display
	                            blocks bring citeproc-js's newlines) */
	const char **ids;        /* the item id of each entry */
	size_t n;
	int hanging_indent;      /* bibliography options from the style */
	int second_field_align;  /* 0 none, 1 "flush", 2 "margin" */
	int line_spacing;        /* 1 default */
	int entry_spacing;       /* 1 default */
} csl_bib;

/*
 * The bibliography: the items (all added items, or, when only_cited and
 * csl_engine_citations() was called, the cited ones), sorted by the
 * style's <sort> (else in citation order then order added), with
 * subsequent-author-substitute applied.  QUIRE_EUSAGE when the style has
 * no bibliography.
 */
quire_status csl_engine_bibliography(csl_engine *e, csl_format fmt,
				     int only_cited, quire_arena *a,
				     csl_bib *out, quire_error *err);

/*
 * The whole bibliography as one string: for CSL_HTML, citeproc-js's
 * "<div class=\"csl-bib-body\">\n  <div class=\"csl-entry\">…</div>\n…</div>"
 * (what the test suite expects); for CSL_TEXT, one entry a line.
 */
char *csl_bib_join(const csl_bib *b, csl_format fmt, quire_arena *a);

/*
 * Convenience: one citation holding every added item in order (what the
 * test suite expects of a citation fixture without CITATION-ITEMS).
 */
quire_status csl_engine_cite_all(csl_engine *e, csl_format fmt,
				 quire_arena *a, char **out, quire_error *err);

#endif /* QUIRE_CSL_H */
