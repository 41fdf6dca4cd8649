/*
 * head.h — is this line a section heading, and of what level?
 *
 * Recognised: numbered headings ("1.", "1.2", "1.2.3 Method", "I.", "IV.",
 * "A.", "Chapter 3", "Part II"), all-caps lines, and short title-case lines
 * without a closing period that stand alone (a blank line or a page edge
 * before and after).  Levels: "1." / "I." / "Part" / all caps → 1,
 * "1.2" / "A." → 2, "1.2.3" → 3, a plain title-case line → 2 (1 if the
 * document's other headings suggest so; doc.c may renumber).
 */
#ifndef QUIRE_HEAD_H
#define QUIRE_HEAD_H

#include <stddef.h>

/* What the caller knows about where the line stands. */
typedef struct head_ctx {
	int alone;      /* the line is a chunk of its own (blank or edge before and after) */
	int first_of_chunk; /* the line opens a chunk that continues with more lines */
	size_t next_len;/* bytes of the next non-blank line, 0 if none */
} head_ctx;

/* The heading level 1..6 of s[0..n), or 0 if it is not a heading. */
int head_level(const char *s, size_t n, const head_ctx *ctx);

/* Non-zero if s[0..n) is numbered like a heading ("2.1", "IV.", "A)"); the
 * number's byte length goes to *num_len. */
int head_numbered(const char *s, size_t n, size_t *num_len, int *level);

#endif
