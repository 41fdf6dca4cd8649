/*
 * quire.h — the public API of quire's core library.
 *
 * The core turns a *source* (what a format reader extracted from a file:
 * lines with page breaks, or structured blocks, plus metadata) into a
 * *paper* (title, authors, outline, bibliography entries, counts, preview,
 * and the normalised text).  It does no I/O, keeps no global state and never
 * prints: every call reports failure through a quire_status and a
 * quire_error whose message a person can read.
 *
 * Memory: everything made for one paper lives in one quire_arena and is
 * released with quire_arena_free().  Strings handed out by the library are
 * NUL-terminated UTF-8 (NFC) and are borrowed from the arena they came from.
 *
 * Nothing here exposes a third-party library's types; SQLite, md4c, utf8proc
 * and the rest stay behind this header.
 */
#ifndef QUIRE_H
#define QUIRE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QUIRE_VERSION "0.1.0"

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* Every fallible call returns one of these. */
typedef enum quire_status {
	QUIRE_OK = 0,
	QUIRE_ENOMEM,    /* out of memory, or an arena's budget exceeded */
	QUIRE_EINPUT,    /* the input is not what it claims (bad UTF-8, binary data, empty) */
	QUIRE_EFORMAT,   /* a format quire does not read */
	QUIRE_ELIMIT,    /* a limit was hit (size, time, memory of a reader) */
	QUIRE_EIO,       /* reading or writing a file failed */
	QUIRE_ESTORE,    /* the library (database) failed or is corrupt */
	QUIRE_ENOTFOUND, /* no such paper / library */
	QUIRE_EEXIST,    /* already there (same content, existing library) */
	QUIRE_EUSAGE     /* a caller passed something that makes no sense */
} quire_status;

/* A status with a message for a person ("invalid UTF-8 at line 3"). */
typedef struct quire_error {
	quire_status code; /* QUIRE_OK when nothing failed */
	char msg[512];     /* one line, no trailing newline, no file name */
} quire_error;

/* Sets err (if not NULL) to code and a printf-style message; returns code. */
quire_status quire_error_set(quire_error *err, quire_status code,
			     const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A short English name for a status ("out of memory"). Static string. */
const char *quire_status_str(quire_status code);

/* ------------------------------------------------------------------ */
/* Arena                                                               */
/* ------------------------------------------------------------------ */

typedef struct quire_arena quire_arena;

/* A new arena that refuses to hold more than budget bytes (0: no budget). */
quire_arena *quire_arena_new(size_t budget);
/* Releases the arena and everything allocated from it. NULL is a no-op. */
void quire_arena_free(quire_arena *a);
/* Releases everything allocated from the arena but keeps the arena (and
 * one chunk of at most 1 MB, for reuse): what a loop over many small
 * items calls between items.  Clears the failed state; the budget stays. */
void quire_arena_reset(quire_arena *a);
/* n bytes aligned for any type, or NULL when out of memory / budget. */
void *quire_arena_alloc(quire_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n) in the arena, or NULL. */
char *quire_arena_strndup(quire_arena *a, const char *s, size_t n);
/* Bytes handed out so far (what the budget is compared with). */
size_t quire_arena_used(const quire_arena *a);
/* Non-zero once an allocation has failed (sticky). */
int quire_arena_failed(const quire_arena *a);

/* ------------------------------------------------------------------ */
/* The paper model                                                     */
/* ------------------------------------------------------------------ */

/* What a block of a paper is. */
typedef enum quire_block_kind {
	QUIRE_BLOCK_NONE = 0,    /* (sources only) a plain line, not yet classified */
	QUIRE_BLOCK_TITLE,       /* the paper's title as it appears in the text */
	QUIRE_BLOCK_HEADING,     /* a section heading; level 1..6 */
	QUIRE_BLOCK_PARAGRAPH,   /* body prose */
	QUIRE_BLOCK_QUOTE,       /* a block quotation */
	QUIRE_BLOCK_LIST_ITEM,   /* one item of a list; level = nesting depth */
	QUIRE_BLOCK_CODE,        /* preformatted text, kept verbatim */
	QUIRE_BLOCK_NOTE,        /* a footnote or endnote */
	QUIRE_BLOCK_BIB_HEADING, /* the heading that opens the bibliography */
	QUIRE_BLOCK_BIB_SECTION, /* a sub-section of it ("Primary sources") */
	QUIRE_BLOCK_REFERENCE,   /* one bibliography entry */
	QUIRE_BLOCK_BYLINE       /* "by Jane Doe" under the title */
} quire_block_kind;

/* Stable lower-case name of a kind ("paragraph"), used in JSON. */
const char *quire_block_kind_name(quire_block_kind k);
/* The kind named s, or QUIRE_BLOCK_NONE if unknown. */
quire_block_kind quire_block_kind_from_name(const char *s);

/* One block of the paper. Its text is paper->text[off .. off+len). */
typedef struct quire_block {
	quire_block_kind kind;
	int level;     /* heading level 1..6, list depth 1.., else 0 */
	size_t off;    /* byte offset of the block's text in quire_paper.text */
	size_t len;    /* byte length of that text */
	unsigned page; /* page the block starts on (1-based), 0 if no pages */
} quire_block;

/* One entry of the outline (the section headings, in order). */
typedef struct quire_heading {
	int level;        /* 1..6 */
	const char *text; /* as written, numbering included ("2.1 Method") */
} quire_heading;

/* One bibliography entry, as a string (fields are parsed by a later stage). */
typedef struct quire_reference {
	const char *text;    /* the entry joined into one line */
	const char *section; /* the bibliography sub-section it is in, or NULL */
	int is_note;         /* 1 if it came from a Notes section */
} quire_reference;

/* The counts of a paper.  docs/COUNTING.md defines each. */
typedef struct quire_counts {
	size_t words;          /* words over the whole document */
	size_t body_words;     /* words in paragraphs, quotes and list items */
	size_t chars;          /* Unicode code points of the text, spaces included */
	size_t chars_no_space; /* code points that are not white space */
	size_t paragraphs;     /* body blocks (paragraph, quote, list item) */
	size_t sentences;      /* sentences in the body */
	size_t references;     /* bibliography entries */
	unsigned reading_minutes; /* body words at the configured pace, rounded up */
	unsigned pages;        /* real page count, else estimated */
	int pages_estimated;   /* 1 if pages = ceil(words / words_per_page) */
} quire_counts;

/* The marker shown between the head and the tail of a preview. */
#define QUIRE_PREVIEW_MARKER "\xE2\x80\xA6 middle of paper \xE2\x80\xA6"

/* A preview: the opening and the close of the paper with the middle elided. */
typedef struct quire_preview {
	const char *head;   /* opening; paragraphs separated by "\n\n" */
	const char *tail;   /* close ("" when the paper is too short for one) */
	size_t head_words;  /* words in head */
	size_t tail_words;  /* words in tail */
	size_t omitted_words; /* words between head and tail (0: no marker) */
} quire_preview;

/* Options of the analysis. Start from quire_options_default(). */
typedef struct quire_options {
	unsigned words_per_page;  /* page estimate (500) */
	unsigned head_words;      /* preview opening, in words (250) */
	unsigned tail_words;      /* preview close, in words (120) */
	unsigned max_share_pct;   /* most of a paper a preview shows, percent (40) */
	unsigned reading_wpm;     /* reading pace, words a minute (230) */
} quire_options;

quire_options quire_options_default(void);

/* What the analysis found in one paper. All memory belongs to the arena. */
typedef struct quire_paper {
	const char *title;             /* never NULL; "" if none was found */
	const char *const *authors;    /* n_authors names, as written */
	size_t n_authors;
	const char *date;              /* from metadata ("2003-03-30", "1992"), or NULL */
	int year;                      /* from date, else 0 */
	const char *format;            /* "text", "markdown", … */
	const char *encoding;          /* how the bytes were decoded ("UTF-8", "Windows-1252") */
	const char *const *remarks;    /* what the reader dropped or converted */
	size_t n_remarks;

	const char *text;              /* the normalised text: blocks joined by "\n\n" */
	size_t text_len;
	const quire_block *blocks;
	size_t n_blocks;

	const quire_heading *outline;
	size_t n_outline;
	const quire_reference *refs;
	size_t n_refs;

	quire_counts counts;
	quire_preview preview;
} quire_paper;

/* ------------------------------------------------------------------ */
/* Sources: what a format reader hands to the core                     */
/* ------------------------------------------------------------------ */

typedef enum quire_item_type {
	QUIRE_ITEM_LINE = 1,   /* one line of extracted text, as it was */
	QUIRE_ITEM_PAGE_BREAK, /* the next lines are on a new page */
	QUIRE_ITEM_BLOCK       /* a block whose kind the format knows */
} quire_item_type;

typedef struct quire_item {
	quire_item_type type;
	quire_block_kind kind; /* BLOCK: its kind (NONE = let the core decide) */
	int level;             /* BLOCK: heading level / list depth */
	const char *text;      /* LINE/BLOCK: UTF-8; a BLOCK may hold '\n' line breaks */
	size_t len;
} quire_item;

typedef struct quire_source quire_source;

/* A new, empty source in arena a, or NULL. */
quire_source *quire_source_new(quire_arena *a);
/* Appending copies text into the source's arena. Each returns QUIRE_OK or QUIRE_ENOMEM. */
quire_status quire_source_add_line(quire_source *s, const char *text, size_t len);
quire_status quire_source_add_page_break(quire_source *s);
quire_status quire_source_add_block(quire_source *s, quire_block_kind kind,
				    int level, const char *text, size_t len);
/* Metadata; strings are copied.  NULL leaves a field unset. */
quire_status quire_source_set_format(quire_source *s, const char *format,
				     const char *encoding);
quire_status quire_source_set_title(quire_source *s, const char *title);
quire_status quire_source_add_author(quire_source *s, const char *author);
quire_status quire_source_set_date(quire_source *s, const char *date);
quire_status quire_source_set_pages(quire_source *s, unsigned pages);
quire_status quire_source_add_remark(quire_source *s, const char *remark);

/* Read access (for serialisers and tests). */
size_t quire_source_count(const quire_source *s);
const quire_item *quire_source_item(const quire_source *s, size_t i);
const char *quire_source_format(const quire_source *s);
const char *quire_source_encoding(const quire_source *s);
const char *quire_source_title(const quire_source *s);
size_t quire_source_n_authors(const quire_source *s);
const char *quire_source_author(const quire_source *s, size_t i);
const char *quire_source_date(const quire_source *s);
unsigned quire_source_pages(const quire_source *s);
size_t quire_source_n_remarks(const quire_source *s);
const char *quire_source_remark(const quire_source *s, size_t i);

/* ------------------------------------------------------------------ */
/* Analysis                                                            */
/* ------------------------------------------------------------------ */

/*
 * Analyses src into *out, allocating in a (which may be src's arena).
 * opt may be NULL for the defaults.  Fails with QUIRE_EINPUT when the
 * text is not valid UTF-8 or holds no words, QUIRE_ENOMEM when the arena
 * is exhausted.
 */
quire_status quire_analyze(const quire_source *src, const quire_options *opt,
			   quire_arena *a, quire_paper **out, quire_error *err);

/*
 * Cuts a preview out of text[0..len) (paragraphs separated by "\n\n"),
 * total_words being the words of the whole paper (the share cap's base).
 */
quire_status quire_preview_make(const char *text, size_t len,
				size_t total_words, const quire_options *opt,
				quire_arena *a, quire_preview *out);

/* The preview of an analysed paper with other options (the CLI's
 * --head-words/--tail-words): cut from every block but the title and
 * byline, capped by opt->max_share_pct of p->counts.words. */
quire_status quire_paper_preview(const quire_paper *p, const quire_options *opt,
				 quire_arena *a, quire_preview *out);

/* Words in s[0..n) by quire's definition (docs/COUNTING.md). */
size_t quire_count_words(const char *s, size_t n);

/* Flags of quire_paper_to_json(). */
#define QUIRE_JSON_NO_TEXT 1u /* leave out "text" (the store keeps it apart) */
#define QUIRE_JSON_PRETTY 2u  /* indented, for people */

/* Serialises everything the analysis found as one JSON object (UTF-8),
 * allocated in a.  Field names are documented in docs/JSON.md. */
quire_status quire_paper_to_json(const quire_paper *p, unsigned flags,
				 quire_arena *a, char **json, size_t *len);

/* Rebuilds a paper from quire_paper_to_json() output (what the store
 * keeps).  text may be NULL when the JSON holds "text"; otherwise it is the
 * text the JSON was written without. */
quire_status quire_paper_from_json(const char *json, size_t len,
				   const char *text, size_t text_len,
				   quire_arena *a, quire_paper **out,
				   quire_error *err);

/* The span of a paper's body in its text, from its analysis JSON (as
 * quire_paper_to_json writes it, with or without "text"; the text is
 * text_len bytes): *from, the offset of its first block after the title
 * and byline; *to, that of the bibliography's heading or first entry
 * (text_len when there is none).  Reads the blocks only up to the
 * bibliography, without parsing the rest.  Returns 0, or -1 (*from and
 * *to untouched) when json has no blocks or they make no span. */
int quire_json_body_span(const char *json, size_t len, size_t text_len,
			 size_t *from, size_t *to);

/* The length in bytes of the preview's head (preview.head, unescaped)
 * in a paper's analysis JSON into *n: the search index's preview text
 * begins with it, the close follows.  Returns 0, or -1 (*n untouched)
 * when json has no preview head. */
int quire_json_preview_head_len(const char *json, size_t len, size_t *n);

/* "3,128" — n with thousands separators, into buf (at least 32 bytes). */
const char *quire_format_count(size_t n, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif /* QUIRE_H */
