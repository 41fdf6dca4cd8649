/*
 * reftext.h — the text helpers the reference modules share (rtx_,
 * reftext.c).  Part of the core library: no I/O.
 */
#ifndef QUIRE_REFTEXT_H
#define QUIRE_REFTEXT_H

#include <stddef.h>

#include "quire.h"

/* Bytes of the white space character at s (n bytes left), 0 if none:
 * ASCII space, tab, CR, LF, NBSP, and the spaces U+2000..U+200B, U+202F. */
size_t rtx_ws(const char *s, size_t n);

/* Bytes of a dash at s (hyphen, en, em, figure, minus, horizontal bar, and
 * the soft hyphen PDF text sets between a range's numbers). */
size_t rtx_dash(const char *s, size_t n);

/* Bytes of the inline markup tag at s ("<italic>", "</i>", "<sup>": what
 * strings copied from JATS or HTML carry), or 0. */
size_t rtx_tag(const char *s, size_t n);

/* A copy of s[0..n) in a with white space runs collapsed to one space and
 * trimmed, a soft hyphen inside a word dropped and one between numbers
 * made "-", inline markup tags ("<italic>") left out; NULL when out of
 * memory. */
char *rtx_dup(quire_arena *a, const char *s, size_t n);

/* Trims white space, and inline markup tags ("<italic>", "</i>"), from
 * both ends of the span *s, *n. */
void rtx_trim_ws(const char **s, size_t *n);

/* Counts c in s[0..n). */
size_t rtx_count(const char *s, size_t n, char c);

/* Trims white space, the punctuation that separates fields (, ; : and a
 * final period unless keep_period; a leading "=", as in a German series
 * "(= Hansische Studien, Bd. 4)") and quotation marks around the text;
 * brackets around the whole are removed, unbalanced closing brackets at
 * the end dropped. */
void rtx_trim(const char **s, size_t *n, int keep_period);

/* ASCII case-insensitive: does s[0..n) start with the word w (followed by
 * end, a non-letter)?  Returns the length of w when it does, else 0. */
size_t rtx_word_at(const char *s, size_t n, const char *w);

/* Bytes of the quotation mark or guillemet that opens s[0..n) (" ' ` « »
 * ‘ ’ “ ” and the CJK brackets), or 0. */
size_t rtx_quote_len(const char *s, size_t n);

/* The value of the superscript digit at s[0..n) (¹ ² ³, U+2070–2079), its
 * bytes into *len; -1 when there is none. */
int rtx_sup_digit(const char *s, size_t n, size_t *len);

/* Removes a leading prefix word of list (each tried with and without a
 * trailing '.' or ':'), repeatedly; returns 1 if one was removed. */
int rtx_strip_prefix(const char **s, size_t *n, const char *const *list);

/* Case-insensitive substring of a word list in s; 1 when any is there. */
int rtx_has_any(const char *s, const char *const *list);

/* Case-sensitive whole word match of any of list in s. */
int rtx_has_word(const char *s, const char *const *list);

/* Is p[0..n) the word x once a bracket before it and closing punctuation
 * after it are set aside ("(a", "di).", "In:" are "a", "di", "In";
 * icase: ASCII case folded)?  Only what goes beyond x is set aside, so
 * "ed." still matches "ed.". */
int rtx_word_eq(const char *p, size_t n, const char *x, int icase);

#endif
