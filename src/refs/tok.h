/*
 * tok.h — from token labels back to white-space words (tok_).  The
 * tokenizer itself is ref_tokenize() in refs.h.
 */
#ifndef QUIRE_TOK_H
#define QUIRE_TOK_H

#include <stddef.h>

#include "refs.h"

/*
 * The label of each white-space word of s from the labels of its tokens
 * (toks from ref_tokenize): the label whose tokens cover most letters and
 * digits of the word (a word of punctuation only: most bytes; ties: the
 * label met first).  words must hold toks[ntok-1].word + 1 entries; returns
 * that count (0 when ntok is 0).  This is what `--format tokens` prints and
 * what the scorers compare.
 */
size_t tok_word_labels(const char *s, const ref_token *toks,
		       const ref_label *labels, size_t ntok, ref_label *words);

/* Is token t of s the word w (ASCII case folded; w in lower case)? */
int tok_is(const char *s, const ref_token *t, const char *w);

#endif
