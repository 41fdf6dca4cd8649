/*
 * norm.c — text normalisation: source items to comparable lines.
 *
 * Every byte of every paper passes through here, so the design is about
 * throughput as much as correctness:
 *
 *   - One validation pass per line (norm_utf8_valid's core, which also says
 *     whether the line is pure ASCII; eight bytes are tested at a time).
 *   - A pure-ASCII line takes a byte loop: tabs and control characters,
 *     runs of spaces, trimming.  ASCII is NFC already.
 *   - Any other line is decoded once; each code point is folded (odd spaces
 *     to ' '), removed (zero-width, BOM, controls, soft hyphen) or spelled
 *     out (ligatures) into a scratch buffer.  Only a line with a code point
 *     outside a few ranges known to be NFC-stable on their own (Latin-1,
 *     Latin Extended, IPA, most of Cyrillic, general punctuation, CJK
 *     ideographs) goes through utf8proc's decompose + recompose.
 *   - Scratch buffers come from the arena and are reused from line to line
 *     (grown geometrically), so the waste is bounded by twice the longest
 *     line; each line's text is then copied to the arena at its exact size.
 *
 * Decisions:
 *   - Tab, U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000 and the
 *     line/paragraph separators U+2028/U+2029 fold to a space.
 *   - Removed: U+200B, U+2060, U+FEFF, U+00AD (soft hyphen), C0 controls but
 *     tab, DEL and C1 controls.  ZWNJ/ZWJ (U+200C/U+200D) are kept: they
 *     change the rendering of Persian, Indic scripts and emoji.
 *   - A soft hyphen that ends a line (only spaces or removed characters
 *     after it) becomes "-", so join.c sees the hyphenation it marked.
 *   - U+FB00–U+FB06 are spelled out; curly quotes and dashes are kept.
 *   - CR, CRLF and LF inside an item all end a line (readers should have
 *     split already; this is robustness).  A trailing line break does not
 *     make an extra empty line.
 *   - CODE lines (hint QUIRE_BLOCK_CODE) keep their inner spacing; tabs are
 *     expanded to the next multiple of 4 columns.  Like every line they are
 *     trimmed: their leading white space is in ln_t.indent.
 *   - indent counts columns of leading white space: space and odd spaces 1,
 *     tab to the next multiple of 4.
 */
#include "norm.h"

#include <string.h>

#include <utf8proc.h>

/* Scratch space reused across the lines of one call. */
typedef struct nctx {
	quire_arena *a;
	char *buf;              /* mapped bytes of the current line */
	size_t cap;
	utf8proc_int32_t *cp;   /* code points for NFC */
	size_t cpcap;           /* in code points */
} nctx;

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */
/* ------------------------------------------------------------------ */

#define HIBITS UINT64_C(0x8080808080808080)

/* Validates s[0..n); *ascii is set to 1 when every byte is < 0x80. */
static int utf8_check(const char *s, size_t n, size_t *bad, int *ascii)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	int all_ascii = 1;
	while (i < n) {
		if (n - i >= 8) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (!(w & HIBITS)) {
				i += 8;
				continue;
			}
		}
		unsigned c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		all_ascii = 0;
		size_t need;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;         /* overlong */
			else if (c == 0xED)
				hi = 0x9F;         /* surrogates */
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;         /* overlong */
			else if (c == 0xF4)
				hi = 0x8F;         /* > U+10FFFF */
		} else {
			goto fail;             /* C0, C1 overlongs, F5.., stray continuation */
		}
		if (n - i <= need)
			goto fail;
		if (p[i + 1] < lo || p[i + 1] > hi)
			goto fail;
		for (size_t k = 2; k <= need; k++)
			if ((p[i + k] & 0xC0) != 0x80)
				goto fail;
		i += need + 1;
	}
	if (ascii)
		*ascii = all_ascii;
	return 1;
fail:
	if (bad)
		*bad = i;
	if (ascii)
		*ascii = 0;
	return 0;
}

int norm_utf8_valid(const char *s, size_t n, size_t *bad)
{
	return utf8_check(s, n, bad, NULL);
}

/* Decodes the (valid) sequence at p; *len gets its byte length. */
static int32_t decode(const unsigned char *p, size_t *len)
{
	unsigned c = p[0];
	if (c < 0x80) {
		*len = 1;
		return (int32_t)c;
	}
	if (c < 0xE0) {
		*len = 2;
		return (int32_t)(((c & 0x1Fu) << 6) | (p[1] & 0x3Fu));
	}
	if (c < 0xF0) {
		*len = 3;
		return (int32_t)(((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) |
				 (p[2] & 0x3Fu));
	}
	*len = 4;
	return (int32_t)(((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) |
			 ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu));
}

/* ------------------------------------------------------------------ */
/* Character classes                                                   */
/* ------------------------------------------------------------------ */

enum { C_KEEP, C_SPACE, C_DROP, C_SHY, C_LIG };

static int classify(int32_t c)
{
	if (c < 0x20)
		return c == '\t' ? C_SPACE : C_DROP;
	if (c < 0x7F)
		return c == ' ' ? C_SPACE : C_KEEP;
	if (c <= 0x9F)
		return C_DROP;                 /* DEL and C1 controls */
	if (c == 0xA0)
		return C_SPACE;
	if (c == 0xAD)
		return C_SHY;
	if (c < 0x1680)
		return C_KEEP;
	if (c == 0x1680)
		return C_SPACE;
	if (c >= 0x2000 && c <= 0x200A)
		return C_SPACE;
	if (c == 0x200B || c == 0x2060 || c == 0xFEFF)
		return C_DROP;
	if (c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
	    c == 0x3000)
		return C_SPACE;
	if (c >= 0xFB00 && c <= 0xFB06)
		return C_LIG;
	return C_KEEP;
}

static const char *const ligature[7] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};

/* Code points that are NFC on their own and never compose with a
 * neighbour that is itself in these ranges. */
static int nfc_stable(int32_t c)
{
	return c < 0x300 ||
	       (c >= 0x400 && c <= 0x482) || (c >= 0x48A && c <= 0x4FF) ||
	       (c >= 0x2010 && c <= 0x205E) || (c >= 0x20A0 && c <= 0x20C0) ||
	       (c >= 0x4E00 && c <= 0x9FFF);
}

/* ------------------------------------------------------------------ */
/* One line                                                            */
/* ------------------------------------------------------------------ */

static int ensure(nctx *c, size_t n)
{
	if (n <= c->cap)
		return 0;
	size_t cap = c->cap ? c->cap : 256;
	while (cap < n)
		cap *= 2;
	char *p = quire_arena_alloc(c->a, cap);
	if (!p)
		return -1;
	c->buf = p;
	c->cap = cap;
	return 0;
}

static int ensure_cp(nctx *c, size_t n)
{
	if (n <= c->cpcap)
		return 0;
	size_t cap = c->cpcap ? c->cpcap : 256;
	while (cap < n)
		cap *= 2;
	utf8proc_int32_t *p = quire_arena_alloc(c->a, cap * sizeof *p);
	if (!p)
		return -1;
	c->cp = p;
	c->cpcap = cap;
	return 0;
}

/* Leading white space in columns; *skip gets the bytes it takes (removed
 * characters such as a BOM are skipped too, at no column). */
static unsigned leading(const char *s, size_t n, size_t *skip)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned col = 0;
	size_t i = 0;
	while (i < n) {
		size_t len = 1;
		int32_t c = p[i] < 0x80 ? p[i] : decode(p + i, &len);
		int k = classify(c);
		if (c == '\t')
			col = (col / 4 + 1) * 4;
		else if (k == C_SPACE)
			col++;
		else if (k != C_DROP)
			break;
		i += len;
	}
	*skip = i;
	return col;
}

/* The mapping of norm_line() into c->buf; returns the byte length or
 * (size_t)-1 when out of memory.  *nfc is set when NFC is needed. */
static size_t map_line(nctx *c, const char *s, size_t n, int ascii, int code,
		       unsigned *indent, int *nfc)
{
	size_t i;
	unsigned col = leading(s, n, &i);
	*indent = col;
	*nfc = 0;
	/* Output is never longer than the input, except for tabs in code
	 * (at most 4 columns each) and a final "-" replacing a soft hyphen. */
	if (ensure(c, code ? n * 4 + 2 : n + 2))
		return (size_t)-1;
	char *out = c->buf;
	size_t o = 0;
	int space = 0, shy = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (i < n) {
		/* A run of printable ASCII is copied as it is. */
		if (p[i] > ' ' && p[i] < 0x7F) {
			size_t j = i + 1;
			while (j < n && p[j] > ' ' && p[j] < 0x7F)
				j++;
			if (space && o > 0)
				out[o++] = ' ';
			space = 0;
			shy = 0;
			memcpy(out + o, p + i, j - i);
			o += j - i;
			col += (unsigned)(j - i);
			i = j;
			continue;
		}
		if (ascii && !code) {
			if (p[i] == ' ' || p[i] == '\t')
				space = 1;
			i++;
			continue;
		}
		size_t len = 1;
		int32_t ch = p[i] < 0x80 ? p[i] : decode(p + i, &len);
		int k = classify(ch);
		if (k == C_DROP) {
			i += len;
			continue;
		}
		if (k == C_SHY) {
			if (!space && o > 0)
				shy = 1;
			i += len;
			continue;
		}
		if (k == C_SPACE) {
			if (code) {
				unsigned to = ch == '\t' ? (col / 4 + 1) * 4 : col + 1;
				while (col < to) {
					out[o++] = ' ';
					col++;
				}
			} else {
				space = 1;
			}
			i += len;
			continue;
		}
		if (space && o > 0)
			out[o++] = ' ';
		space = 0;
		shy = 0;
		if (k == C_LIG) {
			const char *l = ligature[ch - 0xFB00];
			size_t ll = strlen(l);
			memcpy(out + o, l, ll);
			o += ll;
			col += (unsigned)ll;
		} else {
			if (!nfc_stable(ch))
				*nfc = 1;
			memcpy(out + o, p + i, len);
			o += len;
			col++;
		}
		i += len;
	}
	if (code)
		while (o > 0 && out[o - 1] == ' ')
			o--;
	if (shy)
		out[o++] = '-';
	return o;
}

static char *norm_one(nctx *c, const char *s, size_t n, int ascii, int code,
		      size_t *out_len, unsigned *indent)
{
	int nfc;
	size_t o = map_line(c, s, n, ascii, code, indent, &nfc);
	if (o == (size_t)-1)
		return NULL;
	if (nfc) {
		const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
		utf8proc_ssize_t r;
		for (;;) {
			if (ensure_cp(c, o + 4))
				return NULL;
			r = utf8proc_decompose((const utf8proc_uint8_t *)c->buf,
					       (utf8proc_ssize_t)o, c->cp,
					       (utf8proc_ssize_t)c->cpcap, opt);
			if (r < 0 || (size_t)r <= c->cpcap)
				break;
			if (ensure_cp(c, (size_t)r))
				return NULL;
		}
		if (r >= 0) {
			r = utf8proc_reencode(c->cp, r, opt);
			if (r >= 0) {
				*out_len = (size_t)r;
				return quire_arena_strndup(c->a, (const char *)c->cp,
							   (size_t)r);
			}
		}
		/* Unreachable for valid input; keep the mapped text. */
	}
	*out_len = o;
	return quire_arena_strndup(c->a, c->buf, o);
}

char *norm_line(const char *s, size_t n, quire_arena *a, size_t *out_len,
		unsigned *indent)
{
	nctx c = {a, NULL, 0, NULL, 0};
	size_t len = 0;
	unsigned ind = 0;
	int ascii = 0;
	if (!utf8_check(s, n, NULL, &ascii))
		ascii = 0; /* the caller promised valid UTF-8 */
	char *r = norm_one(&c, s, n, ascii, 0, &len, &ind);
	if (out_len)
		*out_len = len;
	if (indent)
		*indent = ind;
	return r;
}

/* ------------------------------------------------------------------ */
/* A whole source                                                      */
/* ------------------------------------------------------------------ */

/* Normalises one item's text, split at CR, LF and CRLF, into lines. */
static quire_status add_text(nctx *c, lines_t *out, const char *s, size_t n,
			     unsigned page, quire_block_kind hint, int level,
			     unsigned group, size_t *lineno, quire_error *err)
{
	size_t i = 0;
	do {
		size_t j = i;
		while (j < n && s[j] != '\n' && s[j] != '\r')
			j++;
		size_t next = j;
		if (j < n)
			next = (s[j] == '\r' && j + 1 < n && s[j + 1] == '\n') ? j + 2 : j + 1;
		(*lineno)++;
		size_t bad;
		int ascii;
		if (!utf8_check(s + i, j - i, &bad, &ascii))
			return quire_error_set(err, QUIRE_EINPUT,
					       "invalid UTF-8 in line %zu", *lineno);
		ln_t *l = lines_push(out);
		if (!l)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		size_t len;
		unsigned indent;
		char *t = norm_one(c, s + i, j - i, ascii, hint == QUIRE_BLOCK_CODE,
				   &len, &indent);
		if (!t)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		l->s = t;
		l->n = len;
		l->page = page;
		l->indent = indent;
		l->hint = hint;
		l->level = level;
		l->group = group;
		l->blank = len == 0;
		i = next;
	} while (i < n);
	return QUIRE_OK;
}

quire_status norm_source(const quire_source *src, lines_t *out, quire_error *err)
{
	size_t count = quire_source_count(src);
	unsigned page = 0;
	for (size_t k = 0; k < count; k++)
		if (quire_source_item(src, k)->type == QUIRE_ITEM_PAGE_BREAK) {
			page = 1;
			break;
		}
	nctx c = {out->a, NULL, 0, NULL, 0};
	unsigned group = 0;
	size_t lineno = 0;
	for (size_t k = 0; k < count; k++) {
		const quire_item *it = quire_source_item(src, k);
		quire_status rc = QUIRE_OK;
		switch (it->type) {
		case QUIRE_ITEM_PAGE_BREAK:
			page++;
			break;
		case QUIRE_ITEM_LINE:
			rc = add_text(&c, out, it->text ? it->text : "", it->len,
				      page, QUIRE_BLOCK_NONE, 0, 0, &lineno, err);
			break;
		case QUIRE_ITEM_BLOCK:
			if (it->len == 0)
				break;
			rc = add_text(&c, out, it->text, it->len, page, it->kind,
				      it->level, ++group, &lineno, err);
			break;
		}
		if (rc != QUIRE_OK)
			return rc;
	}
	return QUIRE_OK;
}
