/*
 * rd_markdown.c — the Markdown reader (md4c, GitHub dialect).
 *
 * md4c parses; this file turns its callbacks into quire blocks:
 *   heading        HEADING, level 1..6 (the first H1 is the title unless
 *                  the front matter gave one)
 *   paragraph      PARAGRAPH, or QUOTE / LIST_ITEM when its innermost
 *                  container is a block quote / list item
 *   tight item     LIST_ITEM, level = list nesting depth
 *   code block     CODE, verbatim
 *   table          one block of kind NONE (the core decides), one row per
 *                  line, cells joined by " | "
 *   HTML           dropped, counted in a remark
 *   rule           nothing
 * Inline: emphasis marks and link targets go, link text stays (for an
 * autolink the text is the URL); image alt text goes and the images are
 * counted in one remark; soft and hard line breaks are kept as '\n' so the
 * core can still see the lines of a bibliography entry; entities are
 * decoded (the common named ones and all numeric ones; an unknown name is
 * kept as written).
 *
 * Footnotes (Pandoc's, GitHub's and MultiMarkdown's syntax: "[^1]" in the
 * text, "[^1]: …" defining it, continued by lines indented four spaces or
 * by the lines of its paragraph) are taken out before md4c, which does not
 * know them: each definition, read as Markdown of its own, becomes one
 * NOTE block after the body, in the order of the definitions, as the DOCX,
 * ODT, HTML and RTF readers give their notes; the references to defined
 * labels leave the text.  Outside fenced code only; labels of at most 64
 * bytes without spaces.  Pandoc's bracketed spans ("[iii]{.smallcaps}",
 * which pandoc writes for small capitals) keep their text only.
 *
 * YAML front matter ("---" on the very first line, closed by "---" or
 * "...") is read here for title, author/authors (a string, a [flow, list]
 * or a block list of "- name") and date; it is never shown to md4c.  Only
 * this flat subset of YAML is understood; other keys are ignored.
 *
 * md4c (0.4.8) runs strcspn() over the input, so it is always given a
 * NUL-terminated copy, never the caller's bytes in place.
 *
 * No recursion: md4c's nesting is tracked with a heap stack of container
 * kinds, so the depth an input can drive costs memory linear in the input.
 */
#include "formats.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <md4c.h>

#include "buf.h"
#include "decode.h"

typedef struct md_state {
	quire_source *out;
	buf_t text;        /* the open block's text */
	buf_t stack;       /* containers, innermost last: 'Q' quote, 'L' list item */
	int list_depth;
	int heading_level; /* >0 while inside a heading */
	int in_code, in_html, in_table, cells;
	unsigned long img_depth;
	size_t n_images, n_html_blocks, n_html_inline;
	int want_title;    /* the first H1 still becomes the title */
	buf_t *note;       /* reading a footnote: its blocks' text goes here */
	quire_status rc;
} md_state;

/* ------------------------------------------------------------------ */
/* Entities                                                            */
/* ------------------------------------------------------------------ */

static const struct {
	const char *name;
	unsigned short cp;
} md_entities[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	{"nbsp", 0xA0}, {"shy", 0xAD}, {"copy", 0xA9}, {"reg", 0xAE},
	{"trade", 0x2122}, {"sect", 0xA7}, {"para", 0xB6}, {"deg", 0xB0},
	{"middot", 0xB7}, {"times", 0xD7}, {"divide", 0xF7}, {"plusmn", 0xB1},
	{"laquo", 0xAB}, {"raquo", 0xBB}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
	{"sbquo", 0x201A}, {"ldquo", 0x201C}, {"rdquo", 0x201D},
	{"bdquo", 0x201E}, {"ndash", 0x2013}, {"mdash", 0x2014},
	{"hellip", 0x2026}, {"bull", 0x2022}, {"dagger", 0x2020},
	{"Dagger", 0x2021}, {"prime", 0x2032}, {"Prime", 0x2033},
	{"euro", 0x20AC}, {"pound", 0xA3}, {"yen", 0xA5}, {"cent", 0xA2},
	{"thinsp", 0x2009}, {"ensp", 0x2002}, {"emsp", 0x2003},
	{"zwj", 0x200D}, {"zwnj", 0x200C}, {"iexcl", 0xA1}, {"iquest", 0xBF},
	{"Agrave", 0xC0}, {"Aacute", 0xC1}, {"Auml", 0xC4}, {"Ccedil", 0xC7},
	{"Egrave", 0xC8}, {"Eacute", 0xC9}, {"Ouml", 0xD6}, {"Uuml", 0xDC},
	{"szlig", 0xDF}, {"agrave", 0xE0}, {"aacute", 0xE1}, {"acirc", 0xE2},
	{"auml", 0xE4}, {"aring", 0xE5}, {"aelig", 0xE6}, {"ccedil", 0xE7},
	{"egrave", 0xE8}, {"eacute", 0xE9}, {"ecirc", 0xEA}, {"euml", 0xEB},
	{"iacute", 0xED}, {"icirc", 0xEE}, {"iuml", 0xEF}, {"ntilde", 0xF1},
	{"oacute", 0xF3}, {"ocirc", 0xF4}, {"ouml", 0xF6}, {"oslash", 0xF8},
	{"uacute", 0xFA}, {"ucirc", 0xFB}, {"uuml", 0xFC}, {"yuml", 0xFF},
};

/* Appends the decoded entity s[0..n) ("&amp;", "&#233;", "&#xE9;"). */
static void put_entity(buf_t *b, const char *s, size_t n)
{
	char u[4];
	if (n >= 4 && s[0] == '&' && s[1] == '#' && s[n - 1] == ';') {
		int hex = s[2] == 'x' || s[2] == 'X';
		unsigned long c = 0;
		for (size_t i = hex ? 3 : 2; i + 1 < n; i++) {
			int d = s[i] >= '0' && s[i] <= '9' ? s[i] - '0'
				: hex && s[i] >= 'a' && s[i] <= 'f' ? s[i] - 'a' + 10
				: hex && s[i] >= 'A' && s[i] <= 'F' ? s[i] - 'A' + 10 : -1;
			if (d < 0)
				goto literal;
			if (c <= 0x10FFFF)
				c = c * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (c == 0)
			c = 0xFFFD;
		buf_append(b, u, dec_put_utf8(u, c));
		return;
	}
	if (n >= 3 && s[0] == '&' && s[n - 1] == ';') {
		for (size_t i = 0; i < sizeof md_entities / sizeof md_entities[0]; i++) {
			const char *nm = md_entities[i].name;
			if (strlen(nm) == n - 2 && memcmp(nm, s + 1, n - 2) == 0) {
				buf_append(b, u, dec_put_utf8(u, md_entities[i].cp));
				return;
			}
		}
	}
literal:
	buf_append(b, s, n);
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

/* Emits the collected text as one block of kind k (if there is any text)
 * and empties the buffer. */
static void emit(md_state *st, quire_block_kind k, int level)
{
	buf_t *b = &st->text;
	if (st->rc == QUIRE_OK && buf_failed(b))
		st->rc = QUIRE_ENOMEM;
	size_t n = b->len;
	while (n && (b->p[n - 1] == '\n' || b->p[n - 1] == ' '))
		n--;
	if (n && st->note) { /* one block of a footnote: joined into it */
		if (st->note->len)
			buf_putc(st->note, '\n');
		buf_append(st->note, b->p, n);
	} else if (n && st->rc == QUIRE_OK) {
		st->rc = quire_source_add_block(st->out, k, level, b->p, n);
	}
	buf_reset(b);
}

/* Emits pending text with the kind its innermost container gives it. */
static void flush(md_state *st)
{
	if (st->text.len == 0)
		return;
	char c = st->stack.len ? st->stack.p[st->stack.len - 1] : 0;
	if (c == 'L')
		emit(st, QUIRE_BLOCK_LIST_ITEM, st->list_depth);
	else if (c == 'Q')
		emit(st, QUIRE_BLOCK_QUOTE, 0);
	else
		emit(st, QUIRE_BLOCK_PARAGRAPH, 0);
}

static int on_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	md_state *st = ud;
	switch (type) {
	case MD_BLOCK_DOC:
	case MD_BLOCK_THEAD:
	case MD_BLOCK_TBODY:
		break;
	case MD_BLOCK_QUOTE:
		flush(st);
		buf_putc(&st->stack, 'Q');
		break;
	case MD_BLOCK_LI:
		flush(st);
		buf_putc(&st->stack, 'L');
		st->list_depth++;
		break;
	case MD_BLOCK_H:
		flush(st);
		st->heading_level = (int)((MD_BLOCK_H_DETAIL *)detail)->level;
		break;
	case MD_BLOCK_CODE:
		flush(st);
		st->in_code = 1;
		break;
	case MD_BLOCK_HTML:
		flush(st);
		st->in_html = 1;
		st->n_html_blocks++;
		break;
	case MD_BLOCK_TABLE:
		flush(st);
		st->in_table = 1;
		break;
	case MD_BLOCK_TR:
		st->cells = 0;
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		if (st->cells++)
			buf_puts(&st->text, " | ");
		break;
	default: /* UL, OL, HR, P */
		if (!st->in_table)
			flush(st);
		break;
	}
	if (buf_failed(&st->stack) || buf_failed(&st->text))
		st->rc = QUIRE_ENOMEM;
	return st->rc != QUIRE_OK;
}

static int on_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	md_state *st = ud;
	(void)detail;
	switch (type) {
	case MD_BLOCK_H: {
		int level = st->heading_level;
		if (st->want_title && !st->note && level == 1 && st->text.len) {
			/* buf keeps its bytes NUL-terminated */
			if (st->rc == QUIRE_OK && !buf_failed(&st->text))
				st->rc = quire_source_set_title(st->out, st->text.p);
			st->want_title = 0;
		}
		emit(st, QUIRE_BLOCK_HEADING, level);
		st->heading_level = 0;
		break;
	}
	case MD_BLOCK_CODE:
		emit(st, QUIRE_BLOCK_CODE, 0);
		st->in_code = 0;
		break;
	case MD_BLOCK_HTML:
		buf_reset(&st->text);
		st->in_html = 0;
		break;
	case MD_BLOCK_TABLE:
		emit(st, QUIRE_BLOCK_NONE, 0);
		st->in_table = 0;
		break;
	case MD_BLOCK_TR:
		buf_putc(&st->text, '\n');
		break;
	case MD_BLOCK_LI:
	case MD_BLOCK_QUOTE:
		flush(st);
		if (st->stack.len)
			st->stack.len--;
		if (type == MD_BLOCK_LI)
			st->list_depth--;
		break;
	case MD_BLOCK_P:
		if (!st->in_table)
			flush(st);
		break;
	default:
		break;
	}
	if (buf_failed(&st->text))
		st->rc = QUIRE_ENOMEM;
	return st->rc != QUIRE_OK;
}

static int on_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	md_state *st = ud;
	(void)detail;
	if (type == MD_SPAN_IMG) {
		if (st->img_depth++ == 0)
			st->n_images++;
	}
	return 0;
}

static int on_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	md_state *st = ud;
	(void)detail;
	if (type == MD_SPAN_IMG && st->img_depth)
		st->img_depth--;
	return 0;
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
	md_state *st = ud;
	buf_t *b = &st->text;
	if (st->in_html)
		return 0;
	if (type == MD_TEXT_HTML) {
		st->n_html_inline++;
		return 0;
	}
	if (st->img_depth)
		return 0;
	switch (type) {
	case MD_TEXT_NULLCHAR:
		buf_puts(b, "\xEF\xBF\xBD");
		break;
	case MD_TEXT_BR:
	case MD_TEXT_SOFTBR:
		/* a setext heading may span lines; a title is one line */
		buf_putc(b, st->in_table || st->heading_level ? ' ' : '\n');
		break;
	case MD_TEXT_ENTITY:
		put_entity(b, s, n);
		break;
	default:
		buf_append(b, s, n);
		break;
	}
	if (buf_failed(b)) {
		st->rc = QUIRE_ENOMEM;
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Footnotes                                                           */
/* ------------------------------------------------------------------ */

#define FN_LABEL_MAX 64

/* A line: [s, e) without its '\n'. */
typedef struct fn_line {
	const char *s, *e;
} fn_line;

/* The line at *i of t[0..n); *i moves past it. */
static fn_line fn_next_line(const char *t, size_t n, size_t *i)
{
	fn_line l = {t + *i, t + *i};
	const char *nl = memchr(t + *i, '\n', n - *i);
	l.e = nl ? nl : t + n;
	*i = (size_t)(l.e - t) + (nl != NULL);
	return l;
}

static int fn_blank(fn_line l)
{
	for (const char *p = l.s; p < l.e; p++)
		if (*p != ' ' && *p != '\t' && *p != '\r')
			return 0;
	return 1;
}

/* Indented for a continuation (four spaces or a tab)?  Sets *skip. */
static int fn_indented(fn_line l, size_t *skip)
{
	if (l.e - l.s >= 1 && l.s[0] == '\t') {
		*skip = 1;
		return 1;
	}
	if (l.e - l.s >= 4 && memcmp(l.s, "    ", 4) == 0) {
		*skip = 4;
		return 1;
	}
	return 0;
}

/* A definition "[^label]: " at the line's start (up to three spaces
 * before): the label's span and where its text starts, or 0. */
static int fn_def(fn_line l, const char **lab, size_t *ln, const char **text)
{
	const char *p = l.s;
	for (int k = 0; k < 3 && p < l.e && *p == ' '; k++)
		p++;
	if (l.e - p < 5 || p[0] != '[' || p[1] != '^')
		return 0;
	const char *q = p + 2;
	while (q < l.e && *q != ']' && *q != ' ' && *q != '\t' && q - (p + 2) <= FN_LABEL_MAX)
		q++;
	if (q >= l.e || *q != ']' || q == p + 2 || q - (p + 2) > FN_LABEL_MAX ||
	    q + 1 >= l.e || q[1] != ':')
		return 0;
	*lab = p + 2;
	*ln = (size_t)(q - (p + 2));
	q += 2;
	while (q < l.e && (*q == ' ' || *q == '\t'))
		q++;
	*text = q;
	return 1;
}

/* A fence line ("```" or "~~~", up to three spaces before)? */
static int fn_fence(fn_line l)
{
	const char *p = l.s;
	for (int k = 0; k < 3 && p < l.e && *p == ' '; k++)
		p++;
	return l.e - p >= 3 && (memcmp(p, "```", 3) == 0 || memcmp(p, "~~~", 3) == 0);
}

typedef struct fn_label {
	const char *s;
	size_t n;
} fn_label;

static int fn_label_cmp(const void *a, const void *b)
{
	const fn_label *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->s, y->s, n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* A Pandoc bracketed span at r ("[text]{.class}", "[text]{lang=fr}", no
 * brackets inside, on one line): appends its text to b and returns its
 * length; 0 (nothing appended) when there is none. */
static size_t fn_span(buf_t *b, const char *r, const char *e)
{
	const char *q = r + 1;
	while (q < e && *q != ']' && *q != '[')
		q++;
	if (q + 2 >= e || *q != ']' || q[1] != '{' || q == r + 1)
		return 0;
	const char *c = q + 2;
	int attr = *c == '.' || *c == '#';
	while (c < e && *c != '}' && *c != '{') {
		attr |= *c == '=';
		c++;
	}
	if (c >= e || *c != '}' || !attr)
		return 0;
	buf_append(b, r + 1, (size_t)(q - r - 1));
	return (size_t)(c + 1 - r);
}

/* Appends s[0..e) to b with bracketed spans reduced to their text. */
static void fn_put(buf_t *b, const char *s, const char *e)
{
	while (s < e) {
		const char *r = memchr(s, '[', (size_t)(e - s));
		if (!r) {
			buf_append(b, s, (size_t)(e - s));
			return;
		}
		buf_append(b, s, (size_t)(r - s));
		size_t skip = fn_span(b, r, e);
		if (skip) {
			s = r + skip;
		} else {
			buf_putc(b, '[');
			s = r + 1;
		}
	}
}

/*
 * Splits t[0..n) into the body without footnote definitions and without
 * the references to them (*body) and the definitions' Markdown texts,
 * each ended by a NUL (*notes, *nnotes of them).  0, or -1 out of memory.
 */
static int fn_split(const char *t, size_t n, buf_t *body, buf_t *notes, size_t *nnotes)
{
	fn_label *labs = NULL;
	size_t nlabs = 0, cap = 0;
	int rc = -1;
	/* pass 1: the definitions (their texts, in order, and their labels) */
	buf_t defs_out = BUF_INIT; /* the body without definitions */
	int fence = 0;
	for (size_t i = 0; i < n;) {
		fn_line l = fn_next_line(t, n, &i);
		const char *lab, *text;
		size_t ln;
		if (fn_fence(l))
			fence = !fence;
		if (fence || !fn_def(l, &lab, &ln, &text)) {
			buf_append(&defs_out, l.s, (size_t)(l.e - l.s));
			buf_putc(&defs_out, '\n');
			continue;
		}
		if (nlabs == cap) {
			size_t nc = cap ? cap * 2 : 16;
			fn_label *nl = realloc(labs, nc * sizeof *nl);
			if (!nl)
				goto out;
			labs = nl;
			cap = nc;
		}
		labs[nlabs++] = (fn_label){lab, ln};
		fn_put(notes, text, l.e);
		/* continuation: the paragraph's next lines, and lines indented
		 * four spaces after blank ones */
		int last_blank = 0;
		while (i < n) {
			size_t j = i, skip = 0;
			fn_line m = fn_next_line(t, n, &j);
			const char *l2, *t2;
			size_t n2;
			if (fn_blank(m)) {
				last_blank = 1;
				buf_putc(notes, '\n');
				i = j;
				continue;
			}
			if (fn_def(m, &l2, &n2, &t2))
				break;
			if (fn_indented(m, &skip)) {
				buf_putc(notes, '\n');
				fn_put(notes, m.s + skip, m.e);
			} else if (!last_blank) {
				buf_putc(notes, '\n');
				fn_put(notes, m.s, m.e);
			} else {
				break;
			}
			last_blank = 0;
			i = j;
		}
		buf_putc(notes, '\0');
		(*nnotes)++;
		buf_putc(&defs_out, '\n');
	}
	if (buf_failed(&defs_out) || buf_failed(notes))
		goto out;
	if (nlabs > 1)
		qsort(labs, nlabs, sizeof *labs, fn_label_cmp);
	/* pass 2: the references "[^label]" to defined labels leave the text */
	fence = 0;
	const char *d = defs_out.p;
	size_t dn = defs_out.len;
	for (size_t i = 0; i < dn;) {
		fn_line l = fn_next_line(d, dn, &i);
		if (fn_fence(l))
			fence = !fence;
		const char *p = l.s;
		while (p < l.e) {
			const char *r = fence ? NULL : memchr(p, '[', (size_t)(l.e - p));
			if (!r) {
				buf_append(body, p, (size_t)(l.e - p));
				break;
			}
			buf_append(body, p, (size_t)(r - p));
			/* Pandoc's bracketed span "[iii]{.smallcaps}": its text */
			size_t skip = fn_span(body, r, l.e);
			if (skip) {
				p = r + skip;
				continue;
			}
			const char *q = r + 2;
			if (r + 1 < l.e && r[1] == '^') {
				while (q < l.e && *q != ']' && *q != ' ' && q - (r + 2) <= FN_LABEL_MAX)
					q++;
				fn_label key = {r + 2, (size_t)(q - (r + 2))};
				if (q < l.e && *q == ']' && key.n && nlabs &&
				    bsearch(&key, labs, nlabs, sizeof *labs, fn_label_cmp)) {
					p = q + 1;
					continue;
				}
			}
			buf_putc(body, '[');
			p = r + 1;
		}
		buf_putc(body, '\n');
	}
	rc = buf_failed(body) ? -1 : 0;
out:
	free(labs);
	buf_free(&defs_out);
	return rc;
}

/* Reads each footnote's Markdown (notes: nnotes texts, NUL after each) and
 * emits it as one NOTE block. */
static void fn_emit_notes(md_state *st, const MD_PARSER *parser, const char *notes,
			  size_t nnotes)
{
	buf_t note = BUF_INIT;
	for (size_t k = 0; k < nnotes && st->rc == QUIRE_OK; k++) {
		size_t len = strlen(notes);
		buf_reset(&note);
		st->note = &note;
		int r = md_parse(notes, (MD_SIZE)len, parser, st);
		flush(st);
		st->note = NULL;
		if (r != 0 && st->rc == QUIRE_OK)
			st->rc = QUIRE_ENOMEM;
		if (buf_failed(&note) && st->rc == QUIRE_OK)
			st->rc = QUIRE_ENOMEM;
		if (note.len && st->rc == QUIRE_OK)
			st->rc = quire_source_add_block(st->out, QUIRE_BLOCK_NOTE, 0, note.p,
							note.len);
		notes += len + 1;
	}
	buf_free(&note);
}

/* ------------------------------------------------------------------ */
/* Front matter                                                        */
/* ------------------------------------------------------------------ */

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims blanks, an unquoted " # comment" and one pair of quotes. */
static void fm_clean(const char **s, size_t *n)
{
	const char *p = *s, *e = *s + *n;
	while (p < e && is_space(*p))
		p++;
	if (p < e && (*p == '"' || *p == '\'')) {
		const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));
		if (q) {
			*s = p + 1;
			*n = (size_t)(q - p - 1);
			return;
		}
	}
	for (const char *c = p; c < e; c++)
		if (*c == '#' && c > p && is_space(c[-1])) {
			e = c;
			break;
		}
	while (e > p && (is_space(e[-1]) || e[-1] == '\r'))
		e--;
	*s = p;
	*n = (size_t)(e - p);
}

typedef quire_status (*fm_setter)(quire_source *, const char *);

static quire_status fm_set(quire_source *out, fm_setter set, const char *s,
			   size_t n)
{
	fm_clean(&s, &n);
	if (n == 0)
		return QUIRE_OK;
	buf_t b = BUF_INIT;
	buf_append(&b, s, n);
	quire_status rc = buf_failed(&b) ? QUIRE_ENOMEM : set(out, b.p);
	buf_free(&b);
	return rc;
}

/* Adds every author of a "[a, b, 'c, d']" flow list. */
static quire_status fm_flow_list(quire_source *out, const char *s, size_t n)
{
	const char *p = s + 1, *e = s + n;
	const char *close = memchr(p, ']', (size_t)(e - p));
	if (close)
		e = close;
	quire_status rc = QUIRE_OK;
	while (p < e && rc == QUIRE_OK) {
		const char *q = p;
		char quote = 0;
		while (q < e && (quote || *q != ',')) {
			if (*q == '"' || *q == '\'')
				quote = quote == *q ? 0 : quote ? quote : *q;
			q++;
		}
		rc = fm_set(out, quire_source_add_author, p, (size_t)(q - p));
		p = q + 1;
	}
	return rc;
}

/* One "- name" (or "- name: X") item of a block list. */
static quire_status fm_list_item(quire_source *out, const char *s, size_t n)
{
	const char *p = s, *e = s + n;
	while (p < e && is_space(*p))
		p++;
	p++; /* the '-' */
	if (e - p > 5 && memcmp(p, " name:", 6) == 0)
		p += 6;
	return fm_set(out, quire_source_add_author, p, (size_t)(e - p));
}

/*
 * If text starts with front matter, reads it into out and returns the
 * offset of the body after it; else returns 0.
 */
static size_t front_matter(const char *text, size_t n, quire_source *out,
			   int *has_title, quire_status *rc)
{
	*rc = QUIRE_OK;
	*has_title = 0;
	if (n < 4 || memcmp(text, "---", 3) != 0)
		return 0;
	size_t i = 3;
	while (i < n && is_space(text[i]))
		i++;
	if (i < n && text[i] == '\r')
		i++;
	if (i >= n || text[i] != '\n')
		return 0;
	size_t first = i + 1, end = 0, body = 0;
	/* Find the closing line first: no closing line, no front matter. */
	for (size_t ls = first; ls < n;) {
		const char *nl = memchr(text + ls, '\n', n - ls);
		size_t le = nl ? (size_t)(nl - text) : n;
		size_t k = le;
		while (k > ls && (is_space(text[k - 1]) || text[k - 1] == '\r'))
			k--;
		if (k - ls == 3 && (memcmp(text + ls, "---", 3) == 0 ||
				    memcmp(text + ls, "...", 3) == 0)) {
			end = ls;
			body = nl ? le + 1 : n;
			break;
		}
		ls = le + 1;
	}
	if (!body)
		return 0;
	int in_authors = 0; /* the lines after "author:" may be "- name" */
	for (size_t ls = first; ls < end && *rc == QUIRE_OK;) {
		const char *nl = memchr(text + ls, '\n', end - ls);
		size_t le = nl ? (size_t)(nl - text) : end;
		const char *l = text + ls;
		size_t ln = le - ls;
		ls = le + 1;
		size_t j = 0;
		while (j < ln && is_space(l[j]))
			j++;
		if (in_authors && j < ln && l[j] == '-') {
			*rc = fm_list_item(out, l, ln);
			continue;
		}
		if (j > 0)
			continue; /* a nested key or a continuation: ignored */
		in_authors = 0;
		const char *colon = memchr(l, ':', ln);
		if (!colon)
			continue;
		size_t kn = (size_t)(colon - l);
		const char *v = colon + 1;
		size_t vn = ln - kn - 1;
		const char *cv = v;
		size_t cn = vn;
		fm_clean(&cv, &cn);
		if (kn == 5 && strncasecmp(l, "title", 5) == 0) {
			*rc = fm_set(out, quire_source_set_title, v, vn);
			if (cn)
				*has_title = 1;
		} else if (kn == 4 && strncasecmp(l, "date", 4) == 0) {
			*rc = fm_set(out, quire_source_set_date, v, vn);
		} else if ((kn == 6 && strncasecmp(l, "author", 6) == 0) ||
			   (kn == 7 && strncasecmp(l, "authors", 7) == 0)) {
			if (cn == 0)
				in_authors = 1;
			else if (cv[0] == '[')
				*rc = fm_flow_list(out, cv, cn);
			else
				*rc = fm_set(out, quire_source_add_author, v, vn);
		}
	}
	return body;
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

static quire_status add_count_remark(quire_source *out, size_t n,
				     const char *one, const char *many)
{
	char msg[96];
	if (n == 0)
		return QUIRE_OK;
	if (n == 1)
		snprintf(msg, sizeof msg, "1 %s skipped", one);
	else
		snprintf(msg, sizeof msg, "%zu %s skipped", n, many);
	return quire_source_add_remark(out, msg);
}

quire_status rd_markdown_read(const unsigned char *bytes, size_t n,
			      quire_source *out, quire_error *err)
{
	dec_text t;
	quire_status rc = dec_decode(bytes, n, &t, err);
	if (rc)
		return rc;
	if (t.n > UINT_MAX / 2) {
		dec_free(&t);
		return quire_error_set(err, QUIRE_ELIMIT, "the Markdown text is too large");
	}
	if (!t.owned) {
		/* md4c calls strcspn() on the text: it must end in a NUL. */
		t.owned = malloc(t.n + 1);
		if (!t.owned) {
			dec_free(&t);
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		}
		memcpy(t.owned, t.s, t.n);
		t.owned[t.n] = '\0';
		t.s = t.owned;
	}
	md_state st;
	memset(&st, 0, sizeof st);
	buf_init(&st.text);
	buf_init(&st.stack);
	st.out = out;
	int has_title;
	size_t body = front_matter(t.s, t.n, out, &has_title, &rc);
	st.want_title = !has_title;
	st.rc = rc;
	if (rc == QUIRE_OK) {
		MD_PARSER parser;
		memset(&parser, 0, sizeof parser);
		parser.flags = MD_DIALECT_GITHUB;
		parser.enter_block = on_enter_block;
		parser.leave_block = on_leave_block;
		parser.enter_span = on_enter_span;
		parser.leave_span = on_leave_span;
		parser.text = on_text;
		buf_t main_text = BUF_INIT, notes = BUF_INIT;
		size_t nnotes = 0;
		int r = -1;
		if (fn_split(t.s + body, t.n - body, &main_text, &notes, &nnotes) == 0) {
			/* md4c wants a NUL after the text: buf keeps one */
			r = md_parse(main_text.p ? main_text.p : "", (MD_SIZE)main_text.len,
				     &parser, &st);
			flush(&st);
			if (r == 0)
				fn_emit_notes(&st, &parser, notes.p, nnotes);
		}
		buf_free(&main_text);
		buf_free(&notes);
		rc = st.rc;
		if (rc == QUIRE_OK && r != 0)
			rc = QUIRE_ENOMEM; /* md4c fails only when malloc does */
	}
	if (rc == QUIRE_OK)
		rc = quire_source_set_format(out, "markdown", t.encoding);
	if (rc == QUIRE_OK && t.remark)
		rc = quire_source_add_remark(out, t.remark);
	if (rc == QUIRE_OK)
		rc = add_count_remark(out, st.n_images, "image", "images");
	if (rc == QUIRE_OK)
		rc = add_count_remark(out, st.n_html_blocks, "HTML block", "HTML blocks");
	if (rc == QUIRE_OK)
		rc = add_count_remark(out, st.n_html_inline, "inline HTML tag",
				      "inline HTML tags");
	buf_free(&st.text);
	buf_free(&st.stack);
	dec_free(&t);
	return rc ? quire_error_set(err, rc, "out of memory") : QUIRE_OK;
}
