/*
 * norm.h — text normalisation, the core's first stage for every format.
 *
 * Readers hand over lines as they found them; norm_source() makes them
 * comparable: UTF-8 validated, NFC (utf8proc), CR/CRLF already split,
 * tabs and the odd spaces (NBSP, thin, hair, ideographic …) folded to one
 * space, zero-width characters and soft hyphens removed (a soft hyphen at
 * the end of a line becomes a plain "-" there so dehyphenation sees it),
 * ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ spelled out, runs of spaces collapsed, the line
 * trimmed.  Curly quotes and dashes are kept as they are.
 */
#ifndef QUIRE_NORM_H
#define QUIRE_NORM_H

#include "lines.h"

/*
 * Turns every item of src into lines appended to out (whose arena is used).
 * LINE items become one line each; PAGE_BREAK items advance the page
 * counter (pages are 1-based and only counted when the source has a page
 * break at all; otherwise every line has page 0); BLOCK items are split at
 * '\n' into lines that share a new group id and carry the block's kind and
 * level as hint (CODE blocks keep their spacing).  Fails with QUIRE_EINPUT
 * and a message naming the item ("invalid UTF-8 in line 12") on bytes that
 * are not UTF-8, QUIRE_ENOMEM when the arena is exhausted.
 */
quire_status norm_source(const quire_source *src, lines_t *out, quire_error *err);

/*
 * Normalises one line s[0..n) (valid UTF-8, no '\n') into the arena as
 * described above.  *indent gets the leading white space in columns.
 * Returns NULL when out of memory.
 */
char *norm_line(const char *s, size_t n, quire_arena *a, size_t *out_len,
		unsigned *indent);

/* Non-zero if s[0..n) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF);
 * else *bad gets the offset of the first bad byte. */
int norm_utf8_valid(const char *s, size_t n, size_t *bad);

#endif
