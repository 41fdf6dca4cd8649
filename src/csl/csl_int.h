/*
 * csl_int.h — what the CSL processor's modules share (not public).
 *
 * The style is a tree of csl_node in the style's arena; attributes are kept
 * as name/value pairs, and what a render reads for every item is resolved
 * when the style loads: formatting into csl_fmt, <if> tests into
 * (kind, value) pairs, a node's variable, form, term and value.  Variables
 * have numbers (CSL_VARS, csl_var_id): items keep theirs in a small array
 * scanned by number (an item has a dozen fields; a linear scan of ints
 * beats hashing), and so do the style's nodes, so a render compares
 * integers, not names.  Rendering builds a tree of csl_out nodes in a
 * per-render arena, then output.c flattens it to text or HTML (quotes,
 * affix punctuation, flip-flop).
 */
#ifndef QUIRE_CSL_INT_H
#define QUIRE_CSL_INT_H

#include "csl.h"
#include "buf.h"

/* ---- style tree ---- */

enum csl_kind {
	CN_NONE = 0, CN_LAYOUT, CN_TEXT, CN_NUMBER, CN_LABEL, CN_NAMES, CN_NAME,
	CN_NAME_PART, CN_ETAL, CN_SUBSTITUTE, CN_DATE, CN_DATE_PART, CN_GROUP,
	CN_CHOOSE, CN_IF, CN_ELSE_IF, CN_ELSE, CN_MACRO, CN_SORT, CN_KEY,
	CN_CITATION, CN_BIBLIOGRAPHY, CN_LOCALE, CN_TERMS, CN_TERM, CN_SINGLE,
	CN_MULTIPLE, CN_STYLE_OPTIONS, CN_INFO, CN_STYLE
};

/* Formatting shared by rendering elements (0 = not set). */
typedef struct csl_fmt {
	const char *prefix, *suffix, *delim;
	unsigned char font_style;   /* 1 normal, 2 italic, 3 oblique */
	unsigned char font_variant; /* 1 normal, 2 small-caps */
	unsigned char font_weight;  /* 1 normal, 2 bold, 3 light */
	unsigned char text_deco;    /* 1 none, 2 underline */
	unsigned char valign;       /* 1 baseline, 2 sup, 3 sub */
	unsigned char text_case;    /* 1 lowercase 2 uppercase 3 cap-first 4 cap-all 5 sentence 6 title */
	unsigned char quotes, strip_periods;
	unsigned char display;      /* 1 block 2 left-margin 3 right-inline 4 indent */
} csl_fmt;

typedef struct csl_attr {
	const char *k, *v;
} csl_attr;

/* One test of an <if>/<else-if>, split from its attributes at load time
 * (rendering tests conditions for every item, so no string parsing then). */
enum { CT_OTHER = 0, CT_TYPE, CT_VARIABLE, CT_IS_NUMERIC, CT_UNCERTAIN,
       CT_LOCATOR, CT_POSITION, CT_DISAMBIGUATE };

typedef struct csl_test {
	int attr;        /* CT_* */
	const char *val; /* one space-separated value */
	int vid;         /* csl_var_id(val) for variable tests */
} csl_test;

typedef struct csl_node {
	int kind;
	int line;
	struct csl_node *kids, *next, *parent;
	csl_attr *attrs;
	int n_attrs;
	csl_fmt fmt;
	struct csl_node *macro; /* <text macro=> / <key macro=> target */
	const char *text;       /* <term> content, <single>, <multiple> */
	/* attributes a render reads for every item, looked up at load time */
	const char *var;        /* variable= (names: the space-separated list) */
	int vid;                /* csl_var_id(var), 0 for a list or unknown */
	const char *form, *term, *value, *plural;
	const char **vl;        /* var split at spaces (at most 8), and */
	int *vli;               /* their csl_var_id numbers */
	int n_vl;
	csl_test *tests;        /* <if>, <else-if>: its tests, in order */
	int n_tests;
	int match;              /* 0 all, 1 any, 2 none */
} csl_node;

const char *csl_attr_get(const csl_node *n, const char *k);
/* Copies a libxml2 element subtree (an xmlNode *) into a; NULL with err. */
csl_node *csl_copy_xml(quire_arena *a, const void *x, const char *name,
		       quire_error *err);

/* A locale's content (a locale file or a style's <locale>). */
typedef struct csl_term {
	const char *name, *form, *gender, *gender_form;
	const char *single, *multiple;
	int match; /* ordinals: 0 last-digit, 1 last-two-digits, 2 whole-number */
} csl_tdef;

struct csl_locale {
	quire_arena *a;
	const char *lang; /* NULL for a style's <locale> without xml:lang */
	csl_tdef *terms;
	size_t n_terms;
	const csl_node *date_text, *date_numeric;
	int punct_in_quote;  /* -1 unset */
	int limit_ordinals;  /* -1 unset */
	int ordinal_terms;   /* any ordinal-NN term defined */
};

struct csl_style {
	quire_arena *a;
	const char *name;
	const char *title, *id, *default_locale, *parent;
	int is_note;
	const csl_node *root, *citation, *bibliography;
	const csl_node *cit_layout, *bib_layout, *cit_sort, *bib_sort;
	csl_locale **locales; /* style's own <locale> elements */
	size_t n_locales;
	int demote_ndp; /* demote-non-dropping-particle: 0 never 1 sort-only 2 display-and-sort */
	int initialize_hyphen;
	int explicit_ys;       /* the style renders year-suffix itself */
	int numeric;           /* a <text> renders citation-number somewhere */
	int knows_classic;     /* a condition tests type "classic" (CSL 1.0.2);
				* a style written before it renders one as a book */
	int page_range_format; /* 0 none 1 expanded 2 minimal 3 minimal-two 4 chicago-16 5 chicago(-15) */
};

/* ---- variables by number ---- */

/* Every variable CSL 1.0.2 names, and the CSL-JSON aliases quire reads,
 * in strcmp order (csl_var_id searches it; a unit test checks the order).
 * Items and style nodes keep a variable's number (CVI_*), so a render
 * compares integers, not names; a variable not listed has number 0 and is
 * found by name. */
#define CSL_VARS(X) \
	X(DOI, "DOI") \
	X(ISBN, "ISBN") \
	X(ISSN, "ISSN") \
	X(PMCID, "PMCID") \
	X(PMID, "PMID") \
	X(URL, "URL") \
	X(ABSTRACT, "abstract") \
	X(ACCESSED, "accessed") \
	X(ANNOTE, "annote") \
	X(ARCHIVE, "archive") \
	X(ARCHIVE_COLLECTION, "archive-collection") \
	X(ARCHIVE_PLACE, "archive-place") \
	X(ARCHIVE_LOCATION, "archive_location") \
	X(AUTHOR, "author") \
	X(AUTHORITY, "authority") \
	X(AVAILABLE_DATE, "available-date") \
	X(CALL_NUMBER, "call-number") \
	X(CHAIR, "chair") \
	X(CHAPTER_NUMBER, "chapter-number") \
	X(CITATION_KEY, "citation-key") \
	X(CITATION_LABEL, "citation-label") \
	X(CITATION_NUMBER, "citation-number") \
	X(COLLECTION_EDITOR, "collection-editor") \
	X(COLLECTION_NUMBER, "collection-number") \
	X(COLLECTION_TITLE, "collection-title") \
	X(COMPILER, "compiler") \
	X(COMPOSER, "composer") \
	X(CONTAINER, "container") \
	X(CONTAINER_AUTHOR, "container-author") \
	X(CONTAINER_TITLE, "container-title") \
	X(CONTAINER_TITLE_SHORT, "container-title-short") \
	X(CONTRIBUTOR, "contributor") \
	X(CURATOR, "curator") \
	X(DIMENSIONS, "dimensions") \
	X(DIRECTOR, "director") \
	X(DIVISION, "division") \
	X(EDITION, "edition") \
	X(EDITOR, "editor") \
	X(EDITORIAL_DIRECTOR, "editorial-director") \
	X(EDITORTRANSLATOR, "editortranslator") \
	X(EVENT, "event") \
	X(EVENT_DATE, "event-date") \
	X(EVENT_PLACE, "event-place") \
	X(EVENT_TITLE, "event-title") \
	X(EXECUTIVE_PRODUCER, "executive-producer") \
	X(FIRST_REFERENCE_NOTE_NUMBER, "first-reference-note-number") \
	X(GENRE, "genre") \
	X(GUEST, "guest") \
	X(HOST, "host") \
	X(ILLUSTRATOR, "illustrator") \
	X(INTERVIEWER, "interviewer") \
	X(ISSUE, "issue") \
	X(ISSUED, "issued") \
	X(JOURNALABBREVIATION, "journalAbbreviation") \
	X(JURISDICTION, "jurisdiction") \
	X(KEYWORD, "keyword") \
	X(LANGUAGE, "language") \
	X(LOCATOR, "locator") \
	X(MEDIUM, "medium") \
	X(NARRATOR, "narrator") \
	X(NOTE, "note") \
	X(NUMBER, "number") \
	X(NUMBER_OF_PAGES, "number-of-pages") \
	X(NUMBER_OF_VOLUMES, "number-of-volumes") \
	X(ORGANIZER, "organizer") \
	X(ORIGINAL_AUTHOR, "original-author") \
	X(ORIGINAL_DATE, "original-date") \
	X(ORIGINAL_PUBLISHER, "original-publisher") \
	X(ORIGINAL_PUBLISHER_PLACE, "original-publisher-place") \
	X(ORIGINAL_TITLE, "original-title") \
	X(PAGE, "page") \
	X(PAGE_FIRST, "page-first") \
	X(PART_NUMBER, "part-number") \
	X(PART_TITLE, "part-title") \
	X(PERFORMER, "performer") \
	X(PRINTING_NUMBER, "printing-number") \
	X(PRODUCER, "producer") \
	X(PUBLISHER, "publisher") \
	X(PUBLISHER_PLACE, "publisher-place") \
	X(RECIPIENT, "recipient") \
	X(REFERENCES, "references") \
	X(REVIEWED_AUTHOR, "reviewed-author") \
	X(REVIEWED_TITLE, "reviewed-title") \
	X(SCALE, "scale") \
	X(SCRIPT_WRITER, "script-writer") \
	X(SECTION, "section") \
	X(SERIES_CREATOR, "series-creator") \
	X(SHORTTITLE, "shortTitle") \
	X(SOURCE, "source") \
	X(STATUS, "status") \
	X(SUBMITTED, "submitted") \
	X(TITLE, "title") \
	X(TITLE_SHORT, "title-short") \
	X(TRANSLATOR, "translator") \
	X(VERSION, "version") \
	X(VOLUME, "volume") \
	X(VOLUME_TITLE, "volume-title") \
	X(YEAR_SUFFIX, "year-suffix")

enum {
	CVI_NONE = 0,
#define CSL_VAR_ENUM(e, s) CVI_##e,
	CSL_VARS(CSL_VAR_ENUM)
#undef CSL_VAR_ENUM
	CVI_COUNT
};

/* The number of variable name (CVI_*), 0 for a name not listed or NULL. */
int csl_var_id(const char *name);
/* The name of variable number id (1 .. CVI_COUNT - 1), else NULL. */
const char *csl_var_name(int id);

/* ---- items ---- */

#define CSL_GIVEN_MAX 16 /* names whose given name disambiguation can expand */

typedef struct csl_name {
	const char *family, *given, *dp, *ndp, *suffix, *literal;
	int comma_suffix, static_order;
} csl_name;

typedef struct csl_date {
	int y[2], m[2], d[2]; /* [1] is the range end; 0 = absent */
	int range;        /* 1 a range, 2 open at its end ([[1987], [0]]) */
	int season;       /* 1..4 */
	int circa;
	const char *literal;
} csl_date;

enum { CV_STR = 1, CV_NAMES, CV_DATE };

typedef struct csl_var {
	const char *name;
	int id;   /* CVI_*, 0 when name is not a listed variable */
	int kind;
	const char *s;
	csl_name *names;
	size_t n_names;
	csl_date *date;
} csl_var;

typedef struct csl_item {
	const char *id, *type, *lang;
	csl_var *vars;
	size_t n_vars;
	size_t index;        /* order added */
	size_t cite_order;   /* 1-based order of first citation, 0 uncited */
	int citation_number;
	/* disambiguation state */
	int year_suffix;     /* 0 none, 1 = a */
	int add_names;       /* extra names shown (et-al expansion) */
	unsigned char given[CSL_GIVEN_MAX]; /* per shown name: 0 style, 1 initials, 2 full */
	int disamb;          /* disambiguate="true" condition holds */
} csl_item;

const csl_var *csl_item_var(const csl_item *it, const char *name);
/* The same by number: id from csl_var_id(name) (name is only looked at
 * when id is 0). */
const csl_var *csl_item_var_id(const csl_item *it, int id, const char *name);
const char *csl_item_str(const csl_item *it, const char *name);

/* Parses CSL-JSON items into heap/arena storage (item.c). */
quire_status csl_items_parse(quire_arena *a, const char *json, size_t n,
			     size_t first_index, csl_item **out, size_t *n_out,
			     quire_error *err);

/* ---- locale lookups (locale.c) ---- */

csl_locale *csl_locale_parse_node(quire_arena *a, const void *xml_node,
				  const char *name, quire_error *err);

typedef struct csl_locale_chain_s {
	const csl_locale *l[16];
	size_t n;
	/* (name, form) -> the definition csl_term's chain walk finds first
	 * (open addressing, idx_mask + 1 slots); NULL: lookups walk the chain */
	const csl_tdef **idx;
	size_t idx_mask;
} csl_lchain;

/* Indexes the terms of c's locales (call once the chain is complete;
 * the index lives in a).  Without memory the chain stays unindexed and
 * lookups stay correct, only slower. */
void csl_lchain_index(csl_lchain *c, quire_arena *a);

/* A term's text; plural selects multiple; NULL if undefined everywhere. */
const char *csl_term(const csl_lchain *c, const char *name, const char *form,
		     int plural);
const char *csl_term_gender(const csl_lchain *c, const char *name);
const csl_node *csl_locale_date(const csl_lchain *c, int numeric);
int csl_locale_punct_in_quote(const csl_lchain *c);
/* Ordinal suffix for n ("st"), gender of the target term or NULL. */
const char *csl_ordinal(const csl_lchain *c, long n, const char *gender);

/* ---- output tree (output.c) ---- */

typedef struct csl_out {
	struct csl_out *kids, *last, *next;
	const char *text;  /* leaf text (may hold item markup) */
	const csl_fmt *fmt;
	const char *prefix, *suffix, *delim; /* overrides / cite affixes */
	unsigned char quotes;
	unsigned char no_markup; /* leaf text is plain (escape only) */
	unsigned char sort_name; /* unused here */
	unsigned char term;      /* the leaf is a <text term> */
	unsigned char label;     /* a <names>' <label> */
	unsigned char hidden;    /* left out when written (engine.c, for a moment) */
} csl_out;

/* Serialises o (in context of lc for quotes) into b. */
void csl_out_write(const csl_out *o, const csl_lchain *lc, csl_format fmt,
		   buf_t *b);

/* Text-case transform of s (UTF-8, may hold markup) into arena a. */
const char *csl_text_case(quire_arena *a, const char *s, int tcase, int english);

/* ---- rendering (render.c) ---- */

enum { CM_CITATION = 0, CM_BIBLIOGRAPHY = 1, CM_SORT = 2 };

typedef struct csl_rctx {
	const csl_engine *e;
	const csl_style *s;
	const csl_lchain *lc;
	quire_arena *a;          /* per render */
	const csl_item *it;
	const csl_cite *cite;
	int position;            /* CSL_POS_*, -1 none (bibliography) */
	int near_note;
	int first_note;          /* first-reference-note-number, 0 none */
	int mode;                /* CM_* */
	const csl_node *ctx_el;  /* <citation> or <bibliography> */
	int called, rendered;    /* group suppression counters */
	const char *suppressed[16];
	int supp_vid[16];        /* csl_var_id of each suppressed name */
	int n_supp;
	int subst_rec;           /* inside <substitute>: note the variables rendered */
	const csl_node *subst_names; /* inside <substitute>: the <names> whose
				      * children a childless <names> takes */
	const char *subst_vars[16];
	int n_subst_vars;
	int depth;
	int sort_names_min, sort_names_first, sort_names_last; /* key overrides */
	csl_out *first_names;    /* the first <names> output of the render */
	int ys_done;             /* implicit year-suffix already placed */
	int disamb_test;         /* names as a bare list (no et-al, no "and") */
	int disamb;              /* a disambiguation render: the accessed date is left out */
	int english;
} csl_rctx;

/* Renders layout (or a macro, for sort keys) for r->it; NULL when empty. */
csl_out *csl_render(csl_rctx *r, const csl_node *layout);
/* Is s numeric in CSL's sense ("12", "2-4", "L2", "3rd, 4th")? */
int csl_is_numeric(const char *s);

/* Name options of <names>/<name> elements resolved with inheritance, per
 * engine (render.c): the table lives in the engine's arena. */
typedef struct csl_nocache csl_nocache;
csl_nocache *csl_nocache_new(quire_arena *a);

/* ---- engine ---- */

struct csl_engine {
	const csl_style *s;
	csl_lchain lc;
	quire_arena *a; /* items */
	csl_item **items;
	size_t n_items, cap_items;
	size_t *by_id;  /* id hash: index + 1 into items, 0 empty (heap) */
	size_t by_id_mask;
	size_t n_cited;
	int english;
	/* reused from render to render (engine.c): a render arena renewed
	 * while it still fits its first chunk, and the buffer outputs are
	 * written into before being copied where they are kept */
	quire_arena *scratch;
	buf_t ob;
	csl_nocache *noc; /* NULL: name options resolved at every render */
};

#endif
