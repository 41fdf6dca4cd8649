/*
 * count.h — words, characters and sentences, by quire's definitions
 * (docs/COUNTING.md).
 *
 * A word is a maximal run of non-separator characters holding at least one
 * letter or digit.  Separators: Unicode White_Space, the em dash, the
 * horizontal bar, the two- and three-em dashes and a double hyphen "--".
 * Every Han, Hiragana and Katakana character is a word by itself, as word
 * processors count them.
 */
#ifndef QUIRE_COUNT_H
#define QUIRE_COUNT_H

#include <stddef.h>
#include <stdint.h>

/* One word's byte span. */
typedef struct count_span {
	size_t start, end;
} count_span;

/*
 * Calls fn for every word of s[0..n) in order, with the word's byte span;
 * fn returning non-zero stops the walk.  Returns the words seen.
 */
size_t count_walk(const char *s, size_t n,
		  int (*fn)(count_span w, void *ctx), void *ctx);

/* Code points of s[0..n), and of those, the ones that are not white space. */
void count_chars(const char *s, size_t n, size_t *chars, size_t *non_space);

/* Non-zero if the word w (a span of s) ends a sentence: it ends with . ! ?
 * or … (closing quotes and brackets allowed after it) and is not a known
 * abbreviation or an initial ("Mr.", "e.g.", "J."). */
int count_ends_sentence(const char *s, count_span w);

/* Sentences in s[0..n): sentence ends, plus one for trailing words. */
size_t count_sentences(const char *s, size_t n);

/* Words of s[0..n), and its sentences into *sentences, in one pass. */
size_t count_text(const char *s, size_t n, size_t *sentences);

/* Non-zero if code point c is Unicode White_Space. */
int count_is_space(uint32_t c);

#endif
