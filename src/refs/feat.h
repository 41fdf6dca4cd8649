/*
 * feat.h — observation features of a reference's tokens (feat_), for the
 * CRF (crf.h): every token gets a list of 64-bit feature keys, hashes of a
 * template and its value, which the model maps to weight rows.
 */
#ifndef QUIRE_FEAT_H
#define QUIRE_FEAT_H

#include <stddef.h>
#include <stdint.h>

#include "refs.h"

/* Dictionary classes (bits), built from the training data's fields. */
enum {
	FEAT_D_GIVEN = 1,     /* a word in author/editor names, not first */
	FEAT_D_FAMILY = 2,    /* a word opening a name (family name) */
	FEAT_D_PLACE = 4,     /* a word of a place */
	FEAT_D_PUBLISHER = 8, /* a word of a publisher */
	FEAT_D_JOURNAL = 16,  /* a word of a container title */
	FEAT_D_TITLE = 32     /* a word of a title */
};

/* A set of words (lower-cased token keys, feat_word_key) with class bits:
 * an open-addressing table; cap is a power of two, or 0 when empty. */
typedef struct feat_dict {
	uint64_t *keys; /* 0 marks an empty slot */
	uint8_t *cls;
	size_t cap, n;
} feat_dict;

/* The key of a token's lower-cased text (never 0). */
uint64_t feat_word_key(const char *s, size_t n);
/* The class bits of key in d (0 when absent or d is NULL). */
unsigned feat_dict_get(const feat_dict *d, uint64_t key);
/* Adds bits to key (growing the heap table); 0 on success, -1 on ENOMEM. */
int feat_dict_add(feat_dict *d, uint64_t key, unsigned bits);
void feat_dict_free(feat_dict *d);

/* The features of one string: token i has keys[start[i] .. start[i+1]),
 * and edge keys ekeys[estart[i] .. estart[i+1]) — observations of token i
 * and the token before it that weigh the transition into i (none for the
 * first token). */
typedef struct feat_seq {
	size_t n;
	uint32_t *start; /* n + 1 entries */
	uint64_t *keys;
	uint32_t *estart; /* n + 1 entries */
	uint64_t *ekeys;
} feat_seq;

/* Computes the features of toks (ref_tokenize of s[0..n)) in arena a.
 * d may be NULL (no dictionary features).  QUIRE_ENOMEM on failure. */
quire_status feat_extract(const char *s, size_t n, const ref_token *toks,
			  size_t ntok, const feat_dict *d, quire_arena *a,
			  feat_seq *out);

/* Joins the feature sequences parts[0..k) of consecutive lines of one
 * text (a footnote printed over several lines, as LinkedBooks gives its
 * sequences) into one sequence in a, so that the labeller reads the lines
 * as one chain and a field may run on over a line break: the first token
 * of every line after the first gets a line-start feature and an edge
 * feature of the break (each also with last[j-1], the feat_word_key of
 * the previous line's last token), the last token of every line before
 * the last a line-end feature.  QUIRE_ENOMEM on failure. */
quire_status feat_join(const feat_seq *parts, const uint64_t *last, size_t k,
		       quire_arena *a, feat_seq *out);

#endif
