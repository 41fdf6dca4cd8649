/*
 * decode.h — from a text file's bytes to UTF-8 (shared by the text readers).
 *
 * The readers of plain text and Markdown accept the same encodings, told
 * apart by the bytes alone:
 *
 *   EF BB BF …            "UTF-8 with BOM"  (the BOM is dropped)
 *   FF FE …               "UTF-16LE"        (converted; remark added)
 *   FE FF …               "UTF-16BE"        (converted; remark added)
 *   valid UTF-8           "UTF-8"           (no copy is made)
 *   not UTF-8, and not one valid multi-byte UTF-8 sequence in it
 *                         "Windows-1252"    (converted; remark added)
 *   valid multi-byte UTF-8 sequences mixed with invalid bytes
 *                         QUIRE_EINPUT "invalid UTF-8 at line L, byte B"
 *
 * The mixed case is an error rather than a guess: such a file is damaged
 * UTF-8 (a truncated copy, two files glued together), and decoding it as
 * Windows-1252 would turn every correct accent into mojibake.
 */
#ifndef QUIRE_DECODE_H
#define QUIRE_DECODE_H

#include <stddef.h>

#include "quire.h"

typedef struct dec_text {
	const char *s;        /* UTF-8 text (not NUL-terminated) */
	size_t n;             /* its bytes */
	char *owned;          /* heap copy to free (dec_free), or NULL when s points into the input */
	const char *encoding; /* static: "UTF-8", "UTF-8 with BOM", "UTF-16LE", "UTF-16BE", "Windows-1252" */
	const char *remark;   /* static remark for the source ("converted from Windows-1252"), or NULL */
} dec_text;

/*
 * Decodes b[0..n) as described above into *out.  Strict UTF-8: overlong
 * forms, surrogates and code points above U+10FFFF are invalid.  In the
 * error message L is the 1-based line (LF-separated) and B the 1-based
 * byte within that line.  UTF-16 with an odd byte count or an unpaired
 * surrogate fails with QUIRE_EINPUT "invalid UTF-16".  The five bytes
 * Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) carry no text
 * and are dropped.  Memory: at most 3 bytes of output per input byte, on
 * the heap; QUIRE_ENOMEM if that fails.
 */
quire_status dec_decode(const unsigned char *b, size_t n, dec_text *out,
			quire_error *err);

/* Releases what dec_decode() allocated; safe on a zeroed dec_text. */
void dec_free(dec_text *t);

/* Appends the UTF-8 form of code point c (U+FFFD for surrogates and
 * values above U+10FFFF) to p, which has room for 4 bytes; returns the
 * bytes written. */
size_t dec_put_utf8(char *p, unsigned long c);

/* Length of the valid UTF-8 sequence at p[0..n) (1..4), or 0 if the
 * bytes there are not one (strict, as above). */
size_t dec_utf8_seq(const unsigned char *p, size_t n);

#endif
