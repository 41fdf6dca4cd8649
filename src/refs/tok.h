/*
 * tok.h — from token labels back to white-space words, and the token
 * tests the labeller's cuts and the field rules share (tok_).  The
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
/* Is token t of s the word w, case folded, brackets before it and
 * punctuation after it aside (tokens of white-space words carry them)? */
int tok_word(const char *s, const ref_token *t, const char *w);
/* Is token t a punctuation mark that may stand inside or around a role
 * phrase ( ( ) [ ] , . : ; )? */
int tok_punct(const char *s, const ref_token *t);

/* The token after the words w (NULL-ended, each matched by tok_word, the
 * punctuation between them skipped: "a c. di", "Hrsg. von") when they
 * stand from token i; 0 when they do not. */
size_t tok_phrase_at(const char *s, const ref_token *t, size_t ntok, size_t i,
		     const char *const *w);

/* Does a series' name start at token k — "Hansische Studien", "Città
 * romane": a word of a capital and small letters (three or more), then
 * another word, no period after the first ("Bibl. Amb." is a shelfmark's
 * abbreviation) and no number before the second ("Milano 1952" is a
 * reprint, "8912" a shelfmark)?  What the German "(= …)" opens. */
int tok_series_at(const char *s, const ref_token *t, size_t ntok, size_t k);

/* What a role phrase names (tok_role_at). */
enum { TOK_ROLE_EDITOR = 1, TOK_ROLE_OTHER = 2 };
/* The role phrase written after names that starts at token i: editors'
 * ("a cura di", "a c. di", "ed.", "eds.", "Hrsg.", "dir.", "éd.",
 * "coord.", "editor") and others' ("trans.", "trad.", "comp.").  Returns
 * the token after the phrase (punctuation between its words skipped), or
 * 0 when none starts there; *kind gets TOK_ROLE_EDITOR or TOK_ROLE_OTHER,
 * *multi 1 for a phrase of several words.  An editors' phrase is always
 * found before another's. */
size_t tok_role_at(const char *s, const ref_token *t, size_t ntok, size_t i, int *kind,
		   int *multi);

#endif
