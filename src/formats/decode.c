/*
 * decode.c — the text readers' one decoder (see decode.h for the rules).
 *
 * Decisions:
 *  - UTF-8 is validated in one pass that also notes whether any valid
 *    multi-byte sequence was seen; that single fact decides between
 *    "Windows-1252" and "damaged UTF-8" for bytes that are not UTF-8.
 *  - Conversions size their output exactly in a first pass, so a 256 MB
 *    Windows-1252 file costs its converted size, not three times its size.
 *  - The five undefined Windows-1252 bytes are dropped: they are C1 control
 *    codes in Latin-1, carry no text, and the core would only have to
 *    remove them again.
 *  - UTF-16 without a BOM is not guessed (the sniffer calls it binary).
 */
#include "decode.h"

#include <stdlib.h>
#include <string.h>

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes. */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

size_t dec_put_utf8(char *p, unsigned long c)
{
	unsigned char *u = (unsigned char *)p;
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		u[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		u[0] = (unsigned char)(0xC0 | (c >> 6));
		u[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (c >> 12));
		u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	u[0] = (unsigned char)(0xF0 | (c >> 18));
	u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
	u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
	u[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

size_t dec_utf8_seq(const unsigned char *p, size_t n)
{
	if (n == 0)
		return 0;
	unsigned char c = p[0];
	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	if (c < 0xE0)
		return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c < 0xF0) {
		if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && p[1] < 0xA0)
			return 0; /* overlong */
		if (c == 0xED && p[1] >= 0xA0)
			return 0; /* surrogate */
		return 3;
	}
	if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
	    (p[3] & 0xC0) != 0x80)
		return 0;
	if (c == 0xF0 && p[1] < 0x90)
		return 0; /* overlong */
	if (c == 0xF4 && p[1] >= 0x90)
		return 0; /* above U+10FFFF */
	return 4;
}

/* Line (1-based) and byte within it (1-based) of offset off. */
static void line_col(const unsigned char *b, size_t off, size_t *line,
		     size_t *col)
{
	size_t l = 1, start = 0;
	const unsigned char *p = b, *end = b + off;
	while (p < end) {
		const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		l++;
		start = (size_t)(nl - b) + 1;
		p = nl + 1;
	}
	*line = l;
	*col = off - start + 1;
}

static quire_status from_cp1252(const unsigned char *b, size_t n,
				dec_text *out, quire_error *err)
{
	char tmp[4];
	size_t need = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = b[i];
		if (c < 0x80)
			need++;
		else if (c < 0xA0)
			need += cp1252_hi[c - 0x80] ? dec_put_utf8(tmp, cp1252_hi[c - 0x80]) : 0;
		else
			need += 2;
	}
	char *o = malloc(need + 1);
	if (!o)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = b[i];
		if (c < 0x80)
			o[k++] = (char)c;
		else if (c < 0xA0) {
			if (cp1252_hi[c - 0x80])
				k += dec_put_utf8(o + k, cp1252_hi[c - 0x80]);
		} else
			k += dec_put_utf8(o + k, c);
	}
	o[k] = '\0';
	out->s = out->owned = o;
	out->n = k;
	out->encoding = "Windows-1252";
	out->remark = "converted from Windows-1252";
	return QUIRE_OK;
}

static unsigned u16_at(const unsigned char *p, int be)
{
	return be ? (unsigned)p[0] << 8 | p[1] : (unsigned)p[1] << 8 | p[0];
}

static quire_status from_utf16(const unsigned char *b, size_t n, int be,
			       dec_text *out, quire_error *err)
{
	if (n % 2)
		return quire_error_set(err, QUIRE_EINPUT,
				       "invalid UTF-16 (odd number of bytes)");
	/* Pass 1 validates and sizes; pass 2 writes. */
	size_t need = 0;
	for (size_t i = 0; i < n; i += 2) {
		unsigned u = u16_at(b + i, be);
		if (u >= 0xD800 && u <= 0xDBFF) {
			unsigned v = i + 3 < n ? u16_at(b + i + 2, be) : 0;
			if (v < 0xDC00 || v > 0xDFFF)
				return quire_error_set(err, QUIRE_EINPUT,
						       "invalid UTF-16 (unpaired surrogate at byte %zu)",
						       i + 3);
			need += 4;
			i += 2;
		} else if (u >= 0xDC00 && u <= 0xDFFF) {
			return quire_error_set(err, QUIRE_EINPUT,
					       "invalid UTF-16 (unpaired surrogate at byte %zu)",
					       i + 3);
		} else {
			need += u < 0x80 ? 1 : u < 0x800 ? 2 : 3;
		}
	}
	char *o = malloc(need + 1);
	if (!o)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n; i += 2) {
		unsigned long u = u16_at(b + i, be);
		if (u >= 0xD800 && u <= 0xDBFF) {
			unsigned long v = u16_at(b + i + 2, be);
			u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
			i += 2;
		}
		k += dec_put_utf8(o + k, u);
	}
	o[k] = '\0';
	out->s = out->owned = o;
	out->n = k;
	out->encoding = be ? "UTF-16BE" : "UTF-16LE";
	out->remark = be ? "converted from UTF-16BE" : "converted from UTF-16LE";
	return QUIRE_OK;
}

quire_status dec_decode(const unsigned char *b, size_t n, dec_text *out,
			quire_error *err)
{
	memset(out, 0, sizeof *out);
	if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
		return from_utf16(b + 2, n - 2, 0, out, err);
	if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
		return from_utf16(b + 2, n - 2, 1, out, err);
	const char *enc = "UTF-8";
	int bom = 0;
	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
		b += 3;
		n -= 3;
		enc = "UTF-8 with BOM";
		bom = 1;
	}
	size_t i = 0, first_bad = (size_t)-1;
	int multi = bom; /* a BOM is itself a multi-byte sequence */
	while (i < n) {
		if (b[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = dec_utf8_seq(b + i, n - i);
		if (k) {
			multi = 1;
			i += k;
		} else {
			if (first_bad == (size_t)-1)
				first_bad = i;
			i++;
		}
		if (multi && first_bad != (size_t)-1)
			break;
	}
	if (first_bad == (size_t)-1) {
		out->s = (const char *)b;
		out->n = n;
		out->encoding = enc;
		return QUIRE_OK;
	}
	if (!multi)
		return from_cp1252(b, n, out, err);
	size_t line, col;
	line_col(b, first_bad, &line, &col);
	return quire_error_set(err, QUIRE_EINPUT, "invalid UTF-8 at line %zu, byte %zu",
			       line, col);
}

void dec_free(dec_text *t)
{
	free(t->owned);
	memset(t, 0, sizeof *t);
}
