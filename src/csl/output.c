/*
 * output.c — a csl_out tree as plain text or as citeproc-js's HTML, and
 * CSL text-case transforms.
 *
 * Writing is one pass into one buffer, so the punctuation rules look at
 * what is already written: a suffix or delimiter starting with the
 * punctuation mark the text already ends with is not doubled (". ." ->
 * "."), a period after "?" or "!" is dropped, and with the locale's
 * punctuation-in-quote a period or comma moves inside a closing quote.
 * Italic inside italic flips to normal ("flip-flop"), for style formatting
 * and for the <i>/<b>/<sup>/<sub>/small-caps markup items may hold.
 */
#include "csl_int.h"

#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

typedef struct wstate {
	const csl_lchain *lc;
	csl_format fmt;
	buf_t *b;
	int italic, bold, sc;
	int quote_depth;
	unsigned char qtype[32]; /* per open quote: 1 outer, 2 inner */
	int piq;
} wstate;

#define CLOSE_QUOTE "\xE2\x80\x9D"
#define CLOSE_INNER "\xE2\x80\x99"

/* The last visible byte of the buffer (skipping closing tags). */
static char last_visible(const buf_t *b, size_t *pos)
{
	size_t i = b->len;
	while (i > 0) {
		if (b->p[i - 1] == '>') {
			size_t j = i - 1;
			while (j > 0 && b->p[j] != '<')
				j--;
			if (b->p[j] == '<' && j + 1 < b->len && b->p[j + 1] == '/') {
				i = j;
				continue;
			}
		}
		break;
	}
	if (pos)
		*pos = i;
	return i ? b->p[i - 1] : 0;
}

/* Opens a quote: pref 0 alternates with the enclosing quote, 1 (outer)
 * or 2 (inner) is kept unless the enclosing quote has that type. */
static void open_quote(wstate *w, int pref)
{
	int parent = w->quote_depth > 0 && w->quote_depth <= 32 ? w->qtype[w->quote_depth - 1] : 0;
	int t = pref == 0 ? (parent == 1 ? 2 : 1) : (pref == parent ? 3 - pref : pref);
	if (w->quote_depth < 32)
		w->qtype[w->quote_depth] = (unsigned char)t;
	w->quote_depth++;
	const char *q = csl_term(w->lc, t == 2 ? "open-inner-quote" : "open-quote", NULL, 0);
	buf_puts(w->b, q ? q : t == 2 ? "\xE2\x80\x98" : "\xE2\x80\x9C");
}

static void close_quote(wstate *w)
{
	if (w->quote_depth <= 0)
		return;
	w->quote_depth--;
	int t = w->quote_depth < 32 ? w->qtype[w->quote_depth] : 1;
	const char *q = csl_term(w->lc, t == 2 ? "close-inner-quote" : "close-quote", NULL, 0);
	buf_puts(w->b, q ? q : t == 2 ? CLOSE_INNER : CLOSE_QUOTE);
}

/* The base text of a superscript character (U+00B2 "2", U+2122 "TM"),
 * written into out (>= 16 bytes); 0 if c is not one.  citeproc-js writes
 * these as <sup> in HTML. */
static size_t super_base(int32_t c, char *out)
{
	int32_t base[4];
	int32_t extra = c == 0x02C0 ? 0x0294 : c == 0x02C1 ? 0x0295 :
			c == 0x06E5 ? 0x0648 : c == 0x06E6 ? 0x064A : 0;
	ssize_t nb;
	if (extra) {
		base[0] = extra;
		nb = 1;
	} else {
		const utf8proc_property_t *pr = utf8proc_get_property(c);
		if (!pr || pr->decomp_type != UTF8PROC_DECOMP_TYPE_SUPER)
			return 0;
		int last = 0;
		nb = utf8proc_decompose_char(c, base, 4, (utf8proc_option_t)(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE), &last);
		if (nb <= 0 || nb > 4)
			return 0;
	}
	size_t len = 0;
	for (ssize_t i = 0; i < nb; i++)
		len += (size_t)utf8proc_encode_char(base[i], (uint8_t *)out + len);
	return len;
}

static void put_text(wstate *w, const char *s, size_t n)
{
	if (w->fmt == CSL_TEXT) {
		buf_append(w->b, s, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if ((unsigned char)c >= 0xC2) {
			int32_t cp;
			ssize_t l = utf8proc_iterate((const uint8_t *)s + i, (ssize_t)(n - i), &cp);
			char sup[16];
			size_t sl = l > 1 ? super_base(cp, sup) : 0;
			if (sl) {
				buf_puts(w->b, "<sup>");
				buf_append(w->b, sup, sl);
				buf_puts(w->b, "</sup>");
				i += (size_t)l - 1;
				continue;
			}
			if (l > 1) {
				buf_append(w->b, s + i, (size_t)l);
				i += (size_t)l - 1;
				continue;
			}
		}
		if (c == '&')
			buf_puts(w->b, "&#38;");
		else if (c == '<')
			buf_puts(w->b, "&#60;");
		else if (c == '>')
			buf_puts(w->b, "&#62;");
		else
			buf_putc(w->b, c);
	}
}

/* Appends affix/delimiter s with the punctuation rules. */
static void put_punct(wstate *w, const char *s)
{
	if (!s || !*s)
		return;
	char c = s[0];
	size_t pos;
	char last = last_visible(w->b, &pos);
	if (c == ' ' && last == ' ') {
		/* affixes meeting at a space: one space (citeproc-js) */
		s++;
		if (!*s)
			return;
		c = s[0];
	}
	if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') {
		int lp = last == '.' || last == ',' || last == ';' || last == ':' ||
			 last == '!' || last == '?';
		if (lp && (c == last ||
			   (c == '.' && (last == ':' || last == ';' || last == '!' || last == '?')) ||
			   (c == ':' && (last == ';' || last == '!' || last == '?')))) {
			s++; /* the mark already there wins (citeproc-js) */
		} else if (lp && (c == '!' || c == '?') && (last == ':' || last == ';') &&
			   pos == w->b->len) {
			w->b->len--; /* "!" or "?" replaces ":" or ";" */
			w->b->p[w->b->len] = 0;
		} else if (w->piq && (c == '.' || c == ',') && pos >= 3 &&
			   (!memcmp(w->b->p + pos - 3, CLOSE_QUOTE, 3) ||
			    !memcmp(w->b->p + pos - 3, CLOSE_INNER, 3))) {
			/* move inside the closing quotes */
			char tail[256];
			size_t qs = pos - 3;
			while (qs >= 3 && (!memcmp(w->b->p + qs - 3, CLOSE_QUOTE, 3) ||
					   !memcmp(w->b->p + qs - 3, CLOSE_INNER, 3)))
				qs -= 3;
			size_t tl = w->b->len - qs;
			if (tl < sizeof tail) {
				memcpy(tail, w->b->p + qs, tl);
				w->b->len = qs;
				/* a period inside after a ? or ! is dropped */
				char l2 = w->b->len ? w->b->p[w->b->len - 1] : 0;
				if (!(c == '.' && (l2 == '.' || l2 == '?' || l2 == '!')))
					buf_putc(w->b, c);
				buf_append(w->b, tail, tl);
				s++;
			}
		}
	}
	put_text(w, s, strlen(s));
}

static const char *span_for(int what, int on)
{
	switch (what) {
	case 0: return on ? "<i>" : "<span style=\"font-style:normal;\">";
	case 1: return on ? "<b>" : "<span style=\"font-weight:normal;\">";
	default: return on ? "<span style=\"font-variant:small-caps;\">" : "<span style=\"font-variant:normal;\">";
	}
}

static const char *span_close(int what, int on)
{
	if (!on)
		return "</span>";
	return what == 0 ? "</i>" : what == 1 ? "</b>" : "</span>";
}

#define QPLAN_MAX 64

/* Length of the quote mark at p that the text may use as quotes: a
 * straight double or single quote or a curly double quote; 0 if none. */
static size_t quote_at(const char *p)
{
	if (*p == '"' || *p == '\'')
		return 1;
	if (!strncmp(p, "\xE2\x80", 2) && ((unsigned char)p[2] >= 0x98 &&
	    (unsigned char)p[2] <= 0x9D && (unsigned char)p[2] != 0x9A &&
	    (unsigned char)p[2] != 0x9B))
		return 3;
	return 0;
}

/* Decides for each quote mark of s (the first QPLAN_MAX) whether it opens
 * (1), closes (2) or is literal (0; a straight single quote is then an
 * apostrophe): a mark opens after a space, an opening bracket or the
 * start (markup tags skipped) when a word follows, and closes the open
 * quote of its kind (a single one not before a letter); an opening mark
 * never closed is literal (citeproc-js's orphan quotes).  Curly single
 * quotes are left as written. */
static void plan_quotes(const char *s, unsigned char *plan)
{
	int stack[QPLAN_MAX];
	int kind[QPLAN_MAX];
	int ns = 0;
	size_t n = 0;
	unsigned char prev = ' ';
	memset(plan, 0, QPLAN_MAX);
	for (const char *p = s; *p && n < QPLAN_MAX;) {
		if (*p == '<') {
			const char *e = strchr(p, '>');
			if (e && e - p < 64) {
				p = e + 1;
				continue;
			}
		}
		size_t ql = quote_at(p);
		if (!ql) {
			prev = (unsigned char)*p++;
			continue;
		}
		unsigned char next = (unsigned char)p[ql];
		unsigned char c3 = ql == 3 ? (unsigned char)p[2] : 0;
		int k = *p == '\'' ? 2 : c3 == 0x98 || c3 == 0x99 ? 3 : 1;
		int at_open = prev == ' ' || prev == '(' || prev == '[' || prev == '-' ||
			      prev == '/' || prev == 0xA0;
		int top = ns > 0 ? kind[ns - 1] : 0;
		int wordy = isalnum(next) || next >= 0x80;
		int act = 0;
		if (c3 == 0x9C || c3 == 0x98)
			act = 1;
		else if (c3 == 0x9D)
			act = top == 1 ? 2 : 0;
		else if (c3 == 0x99)
			act = top == 3 && !wordy ? 2 : 0;
		else if (top == k && !(k == 2 && wordy) && !(prev == ' ' && next == ' '))
			act = 2;
		else if (at_open && next && next != ' ')
			act = 1;
		if (act == 1) {
			stack[ns] = (int)n;
			kind[ns++] = k;
			plan[n] = 1;
		} else if (act == 2) {
			ns--;
			plan[n] = 2;
		}
		n++;
		prev = (unsigned char)p[ql - 1];
		p += ql;
	}
	while (ns > 0) /* never closed: literal */
		plan[stack[--ns]] = 0;
}

/* Writes leaf text with item markup converted. */

static void put_markup(wstate *w, const char *s)
{
	int stack[32] = {0}; /* closing kinds: 0 i,1 b,2 sc,3 sup,4 sub,5 nocase/plain span */
	int onflag[32] = {0};
	int sp = 0;
	unsigned char plan[QPLAN_MAX];
	size_t qi = 0;
	plan_quotes(s, plan);
	const char *p = s;
	while (*p) {
		if (*p == '<') {
			static const struct { const char *tag; int kind; } open[] = {
				{"<i>", 0}, {"<b>", 1}, {"<span style=\"font-variant:small-caps;\">", 2},
				{"<sc>", 2}, {"<sup>", 3}, {"<sub>", 4}, {"<span class=\"nocase\">", 5},
			};
			int done = 0;
			for (size_t i = 0; i < sizeof open / sizeof open[0]; i++) {
				size_t l = strlen(open[i].tag);
				if (!strncmp(p, open[i].tag, l) && sp < 32) {
					int k = open[i].kind;
					int on = 1;
					if (k <= 2) {
						int *st = k == 0 ? &w->italic : k == 1 ? &w->bold : &w->sc;
						on = !*st;
						*st = !*st;
						if (w->fmt == CSL_HTML)
							buf_puts(w->b, span_for(k, on));
					} else if (w->fmt == CSL_HTML && k == 3)
						buf_puts(w->b, "<sup>");
					else if (w->fmt == CSL_HTML && k == 4)
						buf_puts(w->b, "<sub>");
					stack[sp] = k;
					onflag[sp] = on;
					sp++;
					p += l;
					done = 1;
					break;
				}
			}
			if (done)
				continue;
			static const struct { const char *tag; int kind; } close[] = {
				{"</i>", 0}, {"</b>", 1}, {"</sc>", 2}, {"</sup>", 3}, {"</sub>", 4},
				{"</span>", -1},
			};
			for (size_t i = 0; i < sizeof close / sizeof close[0]; i++) {
				size_t l = strlen(close[i].tag);
				if (!strncmp(p, close[i].tag, l) && sp > 0 &&
				    (close[i].kind < 0 ? (stack[sp - 1] == 2 || stack[sp - 1] == 5) :
				     stack[sp - 1] == close[i].kind)) {
					sp--;
					int k = stack[sp];
					if (k <= 2) {
						int *st = k == 0 ? &w->italic : k == 1 ? &w->bold : &w->sc;
						*st = !*st;
						if (w->fmt == CSL_HTML)
							buf_puts(w->b, span_close(k, onflag[sp]));
					} else if (w->fmt == CSL_HTML && k == 3)
						buf_puts(w->b, "</sup>");
					else if (w->fmt == CSL_HTML && k == 4)
						buf_puts(w->b, "</sub>");
					p += l;
					done = 1;
					break;
				}
			}
			if (done)
				continue;
		}
		/* quotes in the text (see plan_quotes) */
		{
			size_t ql = quote_at(p);
			if (ql) {
				int act = qi < QPLAN_MAX ? plan[qi] : 0;
				qi++;
				if (act == 1) {
					open_quote(w, ql == 1 ? 0 : (unsigned char)p[2] == 0x9C ? 1 : 2);
					p += ql;
					continue;
				}
				if (act == 2) {
					close_quote(w);
					p += ql;
					continue;
				}
				if (*p == '\'') {
					buf_puts(w->b, CLOSE_INNER);
					p++;
					continue;
				}
			}
		}
		{
			size_t cl = 1;
			unsigned char u = (unsigned char)*p;
			if (u >= 0xC2) {
				cl = u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
				for (size_t k = 1; k < cl; k++)
					if (!p[k]) {
						cl = k;
						break;
					}
			}
			put_text(w, p, cl);
			p += cl;
		}
	}
	while (sp > 0) {
		sp--;
		int k = stack[sp];
		if (k <= 2) {
			int *st = k == 0 ? &w->italic : k == 1 ? &w->bold : &w->sc;
			*st = !*st;
			if (w->fmt == CSL_HTML)
				buf_puts(w->b, span_close(k, onflag[sp]));
		} else if (w->fmt == CSL_HTML && k == 3)
			buf_puts(w->b, "</sup>");
		else if (w->fmt == CSL_HTML && k == 4)
			buf_puts(w->b, "</sub>");
	}
}

static void write_node(wstate *w, const csl_out *o, int depth)
{
	if (depth > 4 * CSL_MAX_DEPTH || o->hidden)
		return;
	const csl_fmt *f = o->fmt;
	static const csl_fmt none;
	if (!f)
		f = &none;
	const char *prefix = o->prefix ? o->prefix : f->prefix;
	const char *suffix = o->suffix ? o->suffix : f->suffix;
	const char *delim = o->delim ? o->delim : f->delim;
	int html = w->fmt == CSL_HTML;
	size_t start = w->b->len;
	/* citeproc-js: the display div holds the affixes, and its layout
	 * white space ("\n    " before a margin, "\n  " after an inline) */
	static const char *const dopen[] = {"", "\n\n    <div class=\"csl-block\">",
		"\n    <div class=\"csl-left-margin\">", "<div class=\"csl-right-inline\">",
		"<div class=\"csl-indent\">"};
	static const char *const dclose[] = {"", "</div>\n", "</div>", "</div>\n  ", "</div>\n  "};
	int disp = html && f->display <= 4 ? f->display : 0;
	size_t dstart = w->b->len, dinner = 0;
	if (disp) {
		buf_puts(w->b, dopen[disp]);
		dinner = w->b->len;
	}
	if (prefix)
		put_punct(w, prefix);
	int si = w->italic, sb = w->bold, ssc = w->sc;
	const char *close[6];
	int nc = 0;
	if (f->font_style) {
		int want = f->font_style >= 2;
		if (f->font_style == 3 && html) {
			buf_puts(w->b, "<span style=\"font-style:oblique;\">");
			close[nc++] = "</span>";
		} else if (want && !w->italic) {
			if (html) { buf_puts(w->b, "<i>"); close[nc++] = "</i>"; }
			w->italic = 1;
		} else if (want && w->italic) {
			if (html) { buf_puts(w->b, "<span style=\"font-style:normal;\">"); close[nc++] = "</span>"; }
			w->italic = 0;
		} else if (!want && w->italic) {
			if (html) { buf_puts(w->b, "<span style=\"font-style:normal;\">"); close[nc++] = "</span>"; }
			w->italic = 0;
		}
	}
	if (f->font_variant == 2 && html) {
		buf_puts(w->b, "<span style=\"font-variant:small-caps;\">");
		close[nc++] = "</span>";
		w->sc = 1;
	} else if (f->font_variant == 1 && w->sc && html) {
		buf_puts(w->b, "<span style=\"font-variant:normal;\">");
		close[nc++] = "</span>";
		w->sc = 0;
	}
	if (f->font_weight == 2 && html) {
		if (!w->bold) { buf_puts(w->b, "<b>"); close[nc++] = "</b>"; w->bold = 1; }
		else { buf_puts(w->b, "<span style=\"font-weight:normal;\">"); close[nc++] = "</span>"; w->bold = 0; }
	} else if (f->font_weight == 1 && w->bold && html) {
		buf_puts(w->b, "<span style=\"font-weight:normal;\">");
		close[nc++] = "</span>";
		w->bold = 0;
	} else if (f->font_weight == 3 && html) {
		buf_puts(w->b, "<span style=\"font-weight:light;\">");
		close[nc++] = "</span>";
	}
	if (f->text_deco == 2 && html) {
		buf_puts(w->b, "<span style=\"text-decoration:underline;\">");
		close[nc++] = "</span>";
	} else if (f->text_deco == 1 && html) {
		buf_puts(w->b, "<span style=\"text-decoration:none;\">");
		close[nc++] = "</span>";
	}
	if (f->valign == 2 && html) {
		buf_puts(w->b, "<sup>");
		close[nc++] = "</sup>";
	} else if (f->valign == 3 && html) {
		buf_puts(w->b, "<sub>");
		close[nc++] = "</sub>";
	} else if (f->valign == 1 && html) {
		buf_puts(w->b, "<span style=\"baseline\">");
		close[nc++] = "</span>";
	}
	int quoted = f->quotes || o->quotes;
	if (quoted) {
		open_quote(w, 0);
	}
	if (o->text) {
		if (o->no_markup)
			put_text(w, o->text, strlen(o->text));
		else
			put_markup(w, o->text);
	} else {
		int first = 1;
		for (const csl_out *k = o->kids; k; k = k->next) {
			size_t before = w->b->len;
			if (!first && delim)
				put_punct(w, delim);
			size_t mid = w->b->len;
			write_node(w, k, depth + 1);
			if (w->b->len == mid) {
				w->b->len = before; /* nothing written: no delimiter */
				if (w->b->p)
					w->b->p[before] = 0;
			} else
				first = 0;
		}
		if (first) {
			/* no content: no affixes, quotes or formatting either */
			if (quoted)
				w->quote_depth--;
			w->italic = si;
			w->bold = sb;
			w->sc = ssc;
			w->b->len = start;
			if (w->b->p)
				w->b->p[start] = 0;
			return;
		}
	}
	if (quoted) {
		close_quote(w);
	}
	while (nc > 0)
		buf_puts(w->b, close[--nc]);
	w->italic = si;
	w->bold = sb;
	w->sc = ssc;
	if (suffix)
		put_punct(w, suffix);
	if (disp) {
		if (w->b->len == dinner) {
			w->b->len = dstart; /* an empty block is dropped */
			if (w->b->p)
				w->b->p[dstart] = 0;
		} else
			buf_puts(w->b, dclose[disp]);
	}
}

void csl_out_write(const csl_out *o, const csl_lchain *lc, csl_format fmt,
		   buf_t *b)
{
	if (!o)
		return;
	wstate w;
	memset(&w, 0, sizeof w);
	w.lc = lc;
	w.fmt = fmt;
	w.b = b;
	w.piq = csl_locale_punct_in_quote(lc);
	write_node(&w, o, 0);
}

/* ---------------- text case ---------------- */

/* citeproc-js's list of words title case leaves lower-case (the test
 * suite's expected results follow it, name particles included). */
static const char *const stop_words[] = {"a", "about", "above", "across",
	"afore", "after", "against", "along", "alongside", "amid", "amidst",
	"among", "amongst", "an", "and", "anenst", "apropos", "apud", "around",
	"as", "aside", "astride", "at", "athwart", "atop", "barring", "before",
	"behind", "below", "beneath", "beside", "besides", "between", "beyond",
	"but", "by", "c", "ca", "circa", "d", "de", "despite", "down", "during",
	"et", "except", "for", "forenenst", "from", "given", "in", "inside",
	"into", "lest", "like", "modulo", "near", "next", "nor",
	"notwithstanding", "of", "off", "on", "onto", "or", "out", "over",
	"per", "plus", "qua", "sans", "since", "so", "than", "the",
	"through", "thru", "throughout", "thruout", "till", "to", "toward",
	"towards", "under", "underneath", "until", "unto", "up", "upon", "v",
	"van", "versus", "via", "von", "vs", "with", "within", "without", "yet",
	NULL};

static int is_stop(const char *w, size_t n)
{
	if (n == 0 || n > 15)
		return 0;
	for (int i = 0; stop_words[i]; i++)
		if (stop_words[i][0] == w[0] && !strncmp(stop_words[i], w, n) &&
		    stop_words[i][n] == 0)
			return 1;
	return 0;
}

/* The code point at p[0..n) into *c and its length (<= 0: not UTF-8);
 * ASCII without utf8proc (most text is). */
static inline ssize_t next_cp(const uint8_t *p, size_t n, int32_t *c)
{
	if (p[0] < 0x80) {
		*c = p[0];
		return 1;
	}
	return utf8proc_iterate(p, (ssize_t)n, c);
}

static inline int cp_letter(int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	return utf8proc_category(c) <= UTF8PROC_CATEGORY_LO;
}

static inline int32_t cp_lower(int32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	return utf8proc_tolower(c);
}

/* Writes code point c transformed by mode (1 lower, 2 upper) at w; the
 * bytes written (a simple case mapping grows UTF-8 by half at most). */
static size_t put_cp(char *w, int32_t c, int mode)
{
	if (c < 0x80) {
		if (mode == 1 && c >= 'A' && c <= 'Z')
			c += 32;
		else if (mode == 2 && c >= 'a' && c <= 'z')
			c -= 32;
		*w = (char)c;
		return 1;
	}
	if (mode == 1)
		c = utf8proc_tolower(c);
	else if (mode == 2)
		c = utf8proc_toupper(c);
	return (size_t)utf8proc_encode_char(c, (uint8_t *)w);
}

const char *csl_text_case(quire_arena *a, const char *s, int tcase, int english)
{
	if (tcase == 6 && !english)
		return s;
	size_t n = strlen(s);
	/* the result straight into the arena: twice the input is room enough
	 * (case mapping grows a code point's UTF-8 by half at most) */
	char *out = quire_arena_alloc(a, 2 * n + 1);
	if (!out)
		return s;
	size_t o = 0;
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0;
	int nocase = 0;
	int word_start = 1, first_word = 1, seen_letter = 0;
	int after_colon = 0;
	while (i < n) {
		if (p[i] == '<') {
			/* copy tags verbatim; nocase spans are left alone */
			const char *t = s + i;
			const char *e = strchr(t, '>');
			if (e) {
				/* markup spans (small caps, super- and subscript) are
				 * left alone like nocase (citeproc-js) */
				if (!strncmp(t, "<span class=\"nocase\">", 21) ||
				    !strncmp(t, "<sc>", 4) || !strncmp(t, "<sup>", 5) ||
				    !strncmp(t, "<sub>", 5) ||
				    !strncmp(t, "<span style=\"font-variant:small-caps;\">", 40))
					nocase++;
				else if ((!strncmp(t, "</span>", 7) || !strncmp(t, "</sc>", 5) ||
					  !strncmp(t, "</sup>", 6) || !strncmp(t, "</sub>", 6)) && nocase)
					nocase--;
				memcpy(out + o, t, (size_t)(e - t + 1));
				o += (size_t)(e - t + 1);
				i += (size_t)(e - t + 1);
				continue;
			}
		}
		int32_t c;
		ssize_t l = next_cp(p + i, n - i, &c);
		if (l <= 0) {
			out[o++] = s[i];
			i++;
			continue;
		}
		int letter = cp_letter(c);
		if (nocase) {
			memcpy(out + o, p + i, (size_t)l);
			o += (size_t)l;
			i += (size_t)l;
			if (letter) {
				seen_letter = 1;
				first_word = 0;
				after_colon = 0;
				word_start = 0;
			} else if (c == ' ')
				word_start = 1;
			continue;
		}
		int mode = 0;
		switch (tcase) {
		case 1: mode = 1; break;
		case 2: mode = 2; break;
		case 3:
			mode = !seen_letter && letter ? 2 : 0;
			break;
		case 4:
			if (word_start && letter) {
				/* capitalize-all: first letter of each word */
				mode = 2;
			}
			break;
		case 5:
			/* the first letter up, the rest down (citeproc-js) */
			mode = !seen_letter && letter ? 2 : 1;
			break;
		case 6:
			if (word_start && letter) {
				/* look at the word */
				size_t j = i;
				int lower_word = 1, upper_inner = 0;
				size_t wl = 0;
				while (j < n && p[j] != ' ' && p[j] != '-' && p[j] != '/' &&
				       strncmp((const char *)p + j, "\xC2\xA0", 2) &&
				       strncmp((const char *)p + j, "\xE2\x80\x93", 3) &&
				       strncmp((const char *)p + j, "\xE2\x80\x94", 3)) {
					int32_t d;
					ssize_t dl = next_cp(p + j, n - j, &d);
					if (dl <= 0)
						break;
					if (cp_lower(d) != d) {
						lower_word = 0;
						if (j > i)
							upper_inner = 1;
					}
					j += (size_t)dl;
					wl++;
				}
				/* is it the last word? */
				size_t q = j;
				while (q < n && (p[q] == ' ' || p[q] == '.' || p[q] == ','))
					q++;
				int last = q >= n;
				/* a letter after "digit-" ("07-x") and a non-Latin
				 * letter are kept (citeproc-js) */
				int keep = (i >= 2 && p[i - 1] == '-' && isdigit(p[i - 2])) ||
					   c >= 0x370;
				if (lower_word && !keep &&
				    !(!first_word && !last && !after_colon && is_stop(s + i, j - i)))
					mode = 2;
				(void)upper_inner;
				(void)wl;
			}
			break;
		default:
			break;
		}
		o += put_cp(out + o, c, mode);
		/* a digit starts a word as a letter does: the letters after it
		 * are inside the word ("11th", "3D" stay as written) */
		if (letter || (c >= '0' && c <= '9')) {
			seen_letter = 1;
			if (word_start && tcase == 6)
				first_word = 0, after_colon = 0;
			word_start = 0;
		} else if (c == ' ' || c == '-' || c == '/' || c == 0xA0 ||
			   c == 0x2013 || c == 0x2014) {
			/* an opening bracket or quote is not among these: like
			 * other marks it keeps the word state, so "(the" starts a
			 * word and "O(n)" does not */
			word_start = 1;
		} else if (c == ':' || c == '?' || c == '!') {
			after_colon = 1;
			word_start = 0;
		}
		i += (size_t)l;
	}
	out[o] = 0;
	return out;
}
