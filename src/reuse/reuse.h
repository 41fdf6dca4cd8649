/*
 * reuse.h — reused passages: normalised words, winnowed fingerprints,
 * candidate sources and seed-and-extend alignment (issue 8).
 *
 * Part of the core: no I/O, no global state, memory from the arena passed
 * in.  The store keeps an index of fingerprints (U2's module); this module
 * only computes them and, given the hits the caller looked up, aligns a
 * checked text with one source at a time.
 *
 * The pipeline
 *
 *   1. reuse_words(): the text as given (valid UTF-8) -> words by quire's
 *      definition (count.h), each normalised (NFKD, case-folded, marks
 *      stripped, everything but letters and digits dropped: "Éléphant,"
 *      and "elephant" are the same word) and hashed to 64 bits, with its
 *      byte AND code-point offset/length in the text as given (PAN's
 *      offsets are code points, highlighting wants bytes).  Words inside
 *      quotations ("…", “…”, «…», „…“ closed in the same paragraph) and
 *      inside caller-given byte ranges (block quotes, the bibliography) are
 *      kept but flagged REUSE_SKIPPED: no k-gram and no passage crosses
 *      them, and they are not counted in the share.
 *   2. reuse_kgrams() / reuse_winnow(): a 64-bit hash per word k-gram
 *      (k = opts.k consecutive words, none skipped); winnowing keeps, in
 *      every window of w consecutive k-grams, the minimum hash, the
 *      RIGHTMOST one on ties, recording a fingerprint only when the
 *      selected position changes (robust winnowing, Schleimer, Wilkerson
 *      and Aiken 2003).  The paper's sample code has two known errors
 *      that are NOT reproduced here: its window loop is off by one (it
 *      misses the last window), and its tie rule is stated as "rightmost"
 *      but coded so that a new equal minimum does not replace the old.
 *      Guarantee (tested): any run of >= w + k - 1 unskipped words shared
 *      by two texts yields at least one shared fingerprint.
 *   3. reuse_candidates(): the caller looks each fingerprint of the checked
 *      text up in its index (a callback returning (source id, position)
 *      hits); sources are ranked by the number of distinct fingerprints
 *      they share.
 *   4. reuse_align(): the checked text against one source (both as
 *      reuse_text).  Seeds are the shared k-grams (opts.seed_k words,
 *      every one, not only the winnowed), extended word by word in both
 *      directions while the words are equal; seeds whose text and source
 *      ranges are within opts.gap words of each other are joined into one
 *      passage (so inserted, deleted, replaced or swapped words do not
 *      split it); passages shorter than opts.min_words words (in the
 *      checked text) are dropped.  Each passage has exact word ranges and
 *      byte and code-point offsets/lengths in both texts.
 *   5. The share: covered unskipped words / unskipped words of the checked
 *      text; reuse_mark() unions passages of several sources.
 *
 * The parameters (k, w, seed_k, gap, min_words) were chosen by measurement
 * on the PAN-format corpus (tools/eval_pan.c); the figures and the reasons
 * are in docs/REUSE.md and in reuse_opts_default()'s comment below.
 *
 * Hashes are part of the store's on-disk index: REUSE_HASH_VERSION changes
 * whenever a word's normal form, the word hash, the k-gram hash or the
 * defaults of k and w change (the index must then be rebuilt).
 */
#ifndef QUIRE_REUSE_H
#define QUIRE_REUSE_H

#include <stddef.h>
#include <stdint.h>

#include "quire.h"

#define REUSE_HASH_VERSION 1

/* Flags of a reuse_word. */
#define REUSE_SKIPPED 1u /* in a quotation or a caller-given range */

/* One word of a text. */
typedef struct reuse_word {
	uint64_t hash;  /* hash of the normalised word (never 0) */
	size_t off;     /* byte offset of the word in the text as given */
	size_t len;     /* byte length (the whole quire word, punctuation included) */
	size_t coff;    /* code-point offset (for valid UTF-8; a stray
			   continuation byte counts as nothing) */
	size_t clen;    /* code-point length */
	unsigned flags; /* REUSE_SKIPPED */
} reuse_word;

/* A byte range of a text (a block quote, the bibliography). */
typedef struct reuse_range {
	size_t off, len;
} reuse_range;

/* Options.  Start from reuse_opts_default(). */
typedef struct reuse_opts {
	unsigned k;          /* words per fingerprinted k-gram (index) */
	unsigned window;     /* winnowing window w, in k-grams */
	unsigned seed_k;     /* words per seed k-gram in reuse_align() */
	unsigned gap;        /* most words between two seeds joined into one fragment */
	unsigned join_gap;   /* most words between two fragments joined into one passage */
	unsigned min_words;  /* shortest passage kept, in words of the checked text */
	unsigned max_seed_hits; /* a seed k-gram found more often than this in the
				   source is ignored (bounds the work on repeats) */
	int skip_quotes;     /* 1: leave out words inside quotation marks */
	const reuse_range *skip; /* byte ranges whose words are left out */
	size_t n_skip;
} reuse_opts;

/*
 * The defaults, chosen on the PAN-format corpus (docs/REUSE.md has the
 * grids):
 *   seed_k 3: 2 needs a cap on common bigrams that depends on the
 *     source's length (precision fell to 0.55 with max_seed_hits 16);
 *     4 loses the random (30 % edited) cases (plagdet 0.52 vs 0.91);
 *   gap 12, join_gap 64: seeds within 12 words form fragments; fragments
 *     with >= min_words matched words are joined across 64 words (plateau
 *     64-80; at 96 verbatim precision falls); smaller gaps split edited
 *     passages (granularity 1.4-2.6 on random at join_gap 16-24);
 *   min_words 8 (the issue's); max_seed_hits 16 (no effect at seed_k 3);
 *   k 5, window 4 (index): the true source is a candidate (>= 2 shared
 *     fingerprints, query by every k-gram) for 58 of 59 cases with 3.3
 *     candidates per document among 122 sources; k 4 finds 59 but with
 *     21-30 candidates; window 8 halves the index and loses 2 cases.
 *   skip_quotes 0 here; quire check turns it on (the default).
 */
reuse_opts reuse_opts_default(void);

/* A text cut into words. */
typedef struct reuse_text {
	const char *text;       /* the text as given (borrowed, not copied) */
	size_t len;             /* its bytes */
	size_t chars;           /* its code points */
	reuse_word *words;      /* n_words words, in order */
	size_t n_words;
	size_t n_counted;       /* words not REUSE_SKIPPED (the share's base) */
} reuse_text;

/*
 * Cuts text[0..len) (UTF-8; a bad byte counts as one code point and is
 * never read past) into normalised words in *out, arrays in a.  opts may
 * be NULL for the defaults; only skip_quotes, skip and n_skip are used.
 * Returns QUIRE_OK (an empty text gives zero words), QUIRE_ENOMEM.
 */
quire_status reuse_words(const char *text, size_t len, const reuse_opts *opts,
			 quire_arena *a, reuse_text *out, quire_error *err);

/*
 * The normal form of one word w[0..n) into buf (NUL-terminated, truncated
 * to size-1 bytes); returns the length it would have.  For tests and
 * display: reuse_words() hashes this same form.
 */
size_t reuse_normal_form(const char *w, size_t n, char *buf, size_t size);

/* One fingerprint: a k-gram's hash and the index of its first word. */
typedef struct reuse_fp {
	uint64_t hash;
	uint32_t pos;
} reuse_fp;

/*
 * Every k-gram (k = opts->k; 0 or NULL: the default) of t whose words are
 * all unskipped, in order, into *fps (*n of them), allocated in a.
 */
quire_status reuse_kgrams(const reuse_text *t, const reuse_opts *opts,
			  quire_arena *a, reuse_fp **fps, size_t *n,
			  quire_error *err);

/*
 * The winnowed fingerprints of t (k = opts->k, window = opts->window),
 * in order of position, no position twice.  A run of unskipped words too
 * short for a whole window still gives its minimum.  This is what the
 * store indexes for each paper.
 */
quire_status reuse_winnow(const reuse_text *t, const reuse_opts *opts,
			  quire_arena *a, reuse_fp **fps, size_t *n,
			  quire_error *err);

/*
 * The same fingerprints as reuse_words() then reuse_winnow() (same hashes,
 * same word positions), computed in one pass over text[0..len) without
 * keeping the words: what the store calls when a paper is added (memory
 * O(fingerprints), not O(words)).  opts: k, window, skip_quotes, skip.
 * QUIRE_EUSAGE when k > 64 or window > 256.
 */
quire_status reuse_fingerprint(const char *text, size_t len,
			       const reuse_opts *opts, quire_arena *a,
			       reuse_fp **fps, size_t *n, quire_error *err);

/* One hit of the caller's index: a source paper and a word position. */
typedef struct reuse_hit {
	int64_t source;
	uint32_t pos;
} reuse_hit;

/*
 * The caller's index lookup: sets *hits to the n_hits hits of hash
 * (memory the caller owns, valid until the next call) and returns 0, or
 * returns non-zero to stop with an error (QUIRE_ESTORE is reported).
 */
typedef int (*reuse_lookup_fn)(void *ctx, uint64_t hash,
			       const reuse_hit **hits, size_t *n_hits);

/* A candidate source. */
typedef struct reuse_candidate {
	int64_t source;
	size_t shared;   /* distinct fingerprints of the text found in it */
} reuse_candidate;

/*
 * Candidate sources of a text whose fingerprints are fps[0..n) (from
 * reuse_winnow(), or reuse_kgrams() to look up every k-gram): every
 * source sharing at least min_shared distinct fingerprints (0 means 1),
 * most shared first (ties: smaller id first), at most max (0: all).
 * A source equal to exclude is left out (the paper itself; use a value no
 * source has, e.g. -1, to keep all).
 */
quire_status reuse_candidates(const reuse_fp *fps, size_t n,
			      reuse_lookup_fn lookup, void *ctx,
			      size_t min_shared, size_t max, int64_t exclude,
			      quire_arena *a, reuse_candidate **out,
			      size_t *n_out, quire_error *err);

/* One passage found in both texts. */
typedef struct reuse_passage {
	size_t word, n_words;       /* word range in the checked text */
	size_t src_word, src_n_words; /* word range in the source */
	size_t off, len;            /* bytes in the checked text */
	size_t coff, clen;          /* code points in the checked text */
	size_t src_off, src_len;    /* bytes in the source */
	size_t src_coff, src_clen;  /* code points in the source */
	size_t matched;             /* words of the passage inside some seed or
				       exact extension (<= n_words) */
} reuse_passage;

/* What reuse_align() found for one source. */
typedef struct reuse_match {
	reuse_passage *passages;  /* in order of offset in the checked text,
				     not overlapping there */
	size_t n_passages;
	size_t covered;           /* unskipped words of the text in a passage */
	double share;             /* covered / text->n_counted (0 if no words) */
} reuse_match;

/*
 * Aligns text (the checked one) with src: see step 4 above.  opts may be
 * NULL for the defaults (seed_k, gap, min_words, max_seed_hits are used).
 * Work is O((n + m) log(n + m) + seeds), seeds bounded by
 * n * max_seed_hits.  Returns QUIRE_OK (possibly no passages), QUIRE_ENOMEM.
 */
quire_status reuse_align(const reuse_text *text, const reuse_text *src,
			 const reuse_opts *opts, quire_arena *a,
			 reuse_match *out, quire_error *err);

/*
 * Marks in mark[0..text->n_words) (caller-zeroed bytes) the unskipped words
 * covered by passages p[0..n) of text; returns how many were newly marked.
 * Summing over the sources gives the overall share's numerator.
 */
size_t reuse_mark(const reuse_text *text, const reuse_passage *p, size_t n,
		  unsigned char *mark);

#endif
