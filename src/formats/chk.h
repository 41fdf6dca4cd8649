/*
 * chk.h — checking a text against the whole library for reused passages
 * (issue 8): what `quire check FILE`, the web's "Check a text" page and
 * POST /api/v1/check share, and the near-duplicate warning of `quire add`
 * and the upload.
 *
 * The pipeline: the checked bytes are read through the formats layer
 * (chk_prepare: the same sniffing, sandbox and analysis as `quire add`);
 * every word k-gram of the text is looked up in the store's fingerprint
 * index (st_fp_lookup); the papers sharing the most fingerprints are the
 * candidates (reuse_candidates), each aligned with the text (reuse_align);
 * the shares are unions of passages (reuse_mark).  The check sees every
 * paper (it runs as the library's owner): a caller showing the result to
 * a person filters it by what they may open.
 *
 * Offsets.  For plain text and Markdown the text checked is the file's
 * bytes decoded (decode.h), so offsets are code points of the file as
 * given (a UTF-8 BOM counts as one, as a program reading the file sees
 * it); for the other formats it is the analysed, normalised text (what
 * `quire text` prints).  A source's offsets follow the same rule over its
 * stored original file: PAN's scorer can read both.
 *
 * Exclusions.  Quotations in quotation marks (reuse.h), block quotes and
 * the bibliography (from the analysis: their blocks, mapped onto the text
 * checked) are left out unless asked for: their words are neither matched
 * nor counted in the share.
 */
#ifndef QUIRE_CHK_H
#define QUIRE_CHK_H

#include <stddef.h>
#include <stdint.h>

#include "quire.h"
#include "reuse.h"
#include "sandbox.h"
#include "store.h"

/* Options of a check.  Zero is the default for every field. */
typedef struct chk_opts {
	int include_quotes;        /* count quotations too */
	int include_bibliography;  /* count the bibliography too */
	unsigned min_words;        /* shortest passage, in words (0: 8) */
	size_t max_sources;        /* candidate papers aligned (0: 25) */
} chk_opts;

/* A text ready to be checked.  Memory from the arena passed in. */
typedef struct chk_text {
	const char *text;     /* the UTF-8 text the offsets refer to */
	size_t len;
	size_t coff_shift;    /* code points before text in the file (a BOM: 1) */
	const char *format;   /* the reader's name: "text", "pdf", … */
	const char *title;    /* as analysed ("" if none) */
	reuse_text words;     /* the words, quotations etc. flagged skipped */
	reuse_opts ropts;     /* the options the words were cut with */
} chk_text;

/* One paper of the library that shares passages with the text. */
typedef struct chk_source {
	int64_t key;          /* its key in the fingerprint index */
	st_paper paper;       /* its record (no analysis, text or file) */
	const char *text;     /* the source text its offsets refer to */
	size_t len;
	size_t coff_shift;    /* as chk_text.coff_shift, for the source */
	reuse_text words;     /* its words */
	reuse_match match;    /* the passages; match.share: of the checked text */
} chk_source;

/* The result of a check. */
typedef struct chk_result {
	chk_source *sources;  /* the papers with passages, largest share first */
	size_t n_sources;
	size_t covered;       /* counted words of the text in some passage */
	double share;         /* covered / counted words (0 when none) */
	size_t candidates;    /* papers aligned */
	size_t unindexed;     /* papers of the library not in the index */
	size_t skipped_fps;   /* k-grams skipped as boilerplate */
} chk_result;

/* Reads bytes[0..n) (name: a hint for the format, as for `quire add`)
 * through the formats layer (lim NULL: the sandbox's defaults; qo NULL:
 * the default analysis) and cuts the text to check into words, with the
 * exclusions of o (NULL: defaults).  Failures: as ingest_bytes(). */
quire_status chk_prepare(const unsigned char *bytes, size_t n,
			 const char *name, const chk_opts *o,
			 const quire_options *qo, const sbx_limits *lim,
			 quire_arena *a, chk_text *out, quire_error *err);

/* Checks t against every paper of st (but the one whose index key is
 * exclude; -1: none) into *out, memory from a.  Bounded: at most
 * o->max_sources papers are aligned. */
quire_status chk_run(store_t *st, const chk_text *t, const chk_opts *o,
		     int64_t exclude, quire_arena *a, chk_result *out,
		     quire_error *err);

/* The near-duplicate test of a paper about to be added: the share of its
 * distinct fingerprints fps[0..n) (st_new.fps) found in the one paper of
 * st sharing the most of them.  *share gets it (0 when none; *other is
 * then zeroed), *other that paper's record (memory from a). */
quire_status chk_near_duplicate(store_t *st, const reuse_fp *fps, size_t n,
				quire_arena *a, double *share, st_paper *other,
				quire_error *err);

/* The share from which chk_near_duplicate() results are worth a warning. */
#define CHK_NEAR_DUPLICATE 0.5

/* For highlighting: marks in mark[0..t->n_words) (caller-zeroed) the words
 * of t[w0, w0+nw) whose normal form occurs among the words of
 * s[sw0, sw0+snw) (bounded: a small hash set over the other range). */
void chk_mark_common(const reuse_text *t, size_t w0, size_t nw,
		     const reuse_text *s, size_t sw0, size_t snw,
		     unsigned char *mark);

#endif
