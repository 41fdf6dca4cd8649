/*
 * html.c — writing HTML that cannot be unsafe (see html.h).
 *
 * Decisions:
 *  - html_printf() is a small formatter of its own, not vsnprintf with
 *    escaping bolted on: the one conversion people reach for, %s, escapes
 *    & < > " ' (enough for text and for quoted attribute values), and the
 *    raw one is the visibly different %S.  An unknown conversion prints
 *    "%?" instead of guessing at the argument list.
 *  - %u percent-encodes everything but RFC 3986's unreserved characters, so
 *    its output is safe in a path segment, a query value and an attribute.
 *  - A snippet's marks come from the search engine and may be unbalanced
 *    (a cut in the middle of a match): a close without an open is dropped
 *    and an open left at the end is closed, so the markup always nests.
 *  - A slug keeps ASCII letters and digits, folds the accented Latin
 *    letters of U+00C0..U+017F to their base letter (é → e, ß → ss), drops
 *    apostrophes ("Don't" → "dont"), and turns every other run into one
 *    '-'.  It only decorates a URL: the id is what finds the paper.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "search.h"

static void put_url(buf_t *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~')
			continue;
		buf_append(b, s + run, i - run);
		char e[3] = {'%', hex[c >> 4], hex[c & 15]};
		buf_append(b, e, 3);
		run = i + 1;
	}
	buf_append(b, s + run, n - run);
}

void html_vprintf(buf_t *b, const char *fmt, va_list ap)
{
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_puts(b, p);
			return;
		}
		buf_append(b, p, (size_t)(pct - p));
		p = pct + 1;
		int prec = -1;
		if (p[0] == '.' && p[1] == '*') {
			prec = va_arg(ap, int);
			p += 2;
		}
		char num[48];
		switch (*p) {
		case 's':
		case 'S':
		case 'u': {
			const char *s = va_arg(ap, const char *);
			if (s) {
				size_t n = prec >= 0 ? strnlen(s, (size_t)prec)
						     : strlen(s);
				if (*p == 's')
					buf_html(b, s, n);
				else if (*p == 'S')
					buf_append(b, s, n);
				else
					put_url(b, s, n);
			}
			break;
		}
		case 'd':
			snprintf(num, sizeof num, "%d", va_arg(ap, int));
			buf_puts(b, num);
			break;
		case 'l':
			if (p[1] == 'd') {
				p++;
				snprintf(num, sizeof num, "%ld",
					 va_arg(ap, long));
				buf_puts(b, num);
			} else {
				buf_puts(b, "%?");
			}
			break;
		case 'z':
			if (p[1] == 'u') {
				p++;
				snprintf(num, sizeof num, "%zu",
					 va_arg(ap, size_t));
				buf_puts(b, num);
			} else {
				buf_puts(b, "%?");
			}
			break;
		case 'N':
			buf_puts(b, quire_format_count(va_arg(ap, size_t), num,
						       sizeof num));
			break;
		case '%':
			buf_putc(b, '%');
			break;
		case '\0':
			buf_putc(b, '%');
			return;
		default:
			buf_puts(b, "%?");
			break;
		}
		p++;
	}
}

void html_printf(buf_t *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vprintf(b, fmt, ap);
	va_end(ap);
}

void html_snippet(buf_t *b, const char *snippet)
{
	if (!snippet)
		return;
	int open = 0;
	const char *run = snippet, *s = snippet;
	for (; *s; s++) {
		if (*s != SRCH_MARK_OPEN && *s != SRCH_MARK_CLOSE)
			continue;
		buf_html(b, run, (size_t)(s - run));
		run = s + 1;
		if (*s == SRCH_MARK_OPEN && !open) {
			buf_puts(b, "<mark>");
			open = 1;
		} else if (*s == SRCH_MARK_CLOSE && open) {
			buf_puts(b, "</mark>");
			open = 0;
		}
	}
	buf_html(b, run, (size_t)(s - run));
	if (open)
		buf_puts(b, "</mark>");
}

/* ASCII folding of U+00C0..U+017F ("" for letters without one). */
static const char *const latin_fold[] = {
	/* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* C8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* D0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* D8 */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* E8 */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", "",
	/* F8 */ "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* 108 */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* 110 */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* 118 */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* 120 */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* 128 */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* 138 */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* 140 */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* 148 */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* 158 */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* 160 */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* 168 */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* 170 */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* 178 */ "y", "z", "z", "z", "z", "z", "z", "s",
};

void html_slug(const char *title, char *out, size_t max)
{
	size_t n = 0;
	int dash = 0; /* a separator is pending */
	const unsigned char *s = (const unsigned char *)(title ? title : "");
	while (*s) {
		const char *piece = NULL;
		char one[2] = {0, 0};
		size_t adv = 1;
		unsigned c = *s;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			one[0] = (char)c;
			piece = one;
		} else if (c >= 'A' && c <= 'Z') {
			one[0] = (char)(c - 'A' + 'a');
			piece = one;
		} else if (c == '\'') {
			piece = "";
		} else if (c >= 0xC2 && c <= 0xC5 && (s[1] & 0xC0) == 0x80) {
			unsigned cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
			adv = 2;
			if (cp >= 0xC0 && cp <= 0x17F && latin_fold[cp - 0xC0][0])
				piece = latin_fold[cp - 0xC0];
		} else if (c == 0xE2 && s[1] == 0x80 &&
			   (s[2] == 0x98 || s[2] == 0x99)) {
			piece = ""; /* ‘ ’ */
			adv = 3;
		} else if (c >= 0xC0) {
			/* another character: skip its continuation bytes */
			while ((s[adv] & 0xC0) == 0x80)
				adv++;
		}
		s += adv;
		if (!piece) {
			dash = 1;
			continue;
		}
		size_t pl = strlen(piece);
		if (!pl)
			continue;
		if (dash && n > 0) {
			if (n + 1 + pl > max)
				break;
			out[n++] = '-';
		}
		if (n + pl > max) {
			/* no word cut in two: back to the last separator */
			if (!dash) {
				size_t k = n;
				while (k > 0 && out[k - 1] != '-')
					k--;
				if (k > 1)
					n = k - 1;
			}
			break;
		}
		dash = 0;
		memcpy(out + n, piece, pl);
		n += pl;
	}
	out[n] = '\0';
}
