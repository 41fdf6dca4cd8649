/*
 * uchar.h — code points and their classes, for the structure modules
 * (head.c, bib.c) and the reference fields (fields.c, names.c): one copy
 * of the small helpers they share.
 *
 * Decoding is utf8proc's; a bad byte reads as -1 with length 1, so a caller
 * always moves forward.
 */
#ifndef QUIRE_UCHAR_H
#define QUIRE_UCHAR_H

#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

/* The code point at s[i..n); *len gets its byte length. */
static inline int32_t uc_at(const char *s, size_t n, size_t i, size_t *len)
{
	utf8proc_int32_t cp = -1;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(n - i), &cp);
	if (k <= 0) {
		*len = 1;
		return -1;
	}
	*len = (size_t)k;
	return cp;
}

/* Upper-case or title-case letter. */
static inline int uc_is_upper(int32_t cp)
{
	if (cp < 0)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static inline int uc_is_lower(int32_t cp)
{
	return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Any letter (Lu, Ll, Lt, Lm, Lo). */
static inline int uc_is_letter(int32_t cp)
{
	if (cp < 0)
		return 0;
	utf8proc_category_t c = utf8proc_category(cp);
	return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* A letter of Chinese, Japanese or Korean writing: Han (with extension A,
 * the compatibility block and the supplementary planes), Hiragana,
 * Katakana, Hangul syllables and jamo. */
static inline int uc_is_cjk(int32_t c)
{
	return (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
	       (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF) ||
	       (c >= 0x3040 && c <= 0x30FF) || (c >= 0xAC00 && c <= 0xD7AF) ||
	       (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F);
}

#endif
