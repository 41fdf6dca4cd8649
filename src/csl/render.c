/*
 * render.c — CSL rendering elements for one item: text, number, label,
 * names, date, group, choose, into a csl_out tree.
 *
 * Empty output is NULL all the way up, so a group knows whether anything
 * rendered; groups, and macros as implicit groups (citeproc-js), are
 * suppressed when they called variables and none rendered (the counters
 * r->called / r->rendered), and one that prints counts as printed content
 * for the group around it.  Inheritable name options are looked up on
 * <name>/<names>, then the <citation> or <bibliography> element, then
 * <style>, once per engine for each <names>/<name> pair (csl_nocache).
 * Nesting is bounded by CSL_MAX_DEPTH (macros were checked for cycles at
 * load time).
 */
#include "csl_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

static csl_out *render_node(csl_rctx *r, const csl_node *n);

static char *adup(csl_rctx *r, const char *s)
{
	return quire_arena_strndup(r->a, s, strlen(s));
}

static csl_out *onew(csl_rctx *r, const csl_fmt *f)
{
	csl_out *o = quire_arena_alloc(r->a, sizeof *o);
	if (!o)
		return NULL;
	memset(o, 0, sizeof *o);
	o->fmt = f;
	return o;
}

static void oadd(csl_out *p, csl_out *k)
{
	if (!p || !k)
		return;
	if (p->last)
		p->last->next = k;
	else
		p->kids = k;
	p->last = k;
}

/* A leaf with text s (NULL/"" -> NULL), text-case and strip-periods of f. */
static csl_out *leaf(csl_rctx *r, const char *s, const csl_fmt *f)
{
	if (!s || !*s)
		return NULL;
	if (f && f->strip_periods && strchr(s, '.')) {
		char *c = adup(r, s);
		char *w = c;
		for (const char *p = s; *p; p++)
			if (*p != '.')
				*w++ = *p;
		*w = 0;
		s = c;
	}
	if (f && f->text_case)
		s = csl_text_case(r->a, s, f->text_case, r->english);
	if (!s || !*s)
		return NULL;
	csl_out *o = onew(r, f);
	if (o)
		o->text = s;
	return o;
}

static const char *inh(csl_rctx *r, const csl_node *n, const char *k, const char *k2)
{
	const char *v = n ? csl_attr_get(n, k) : NULL;
	if (v)
		return v;
	if (r->ctx_el && (v = csl_attr_get(r->ctx_el, k2 ? k2 : k)))
		return v;
	if (r->s->root)
		return csl_attr_get(r->s->root, k2 ? k2 : k);
	return NULL;
}

/* Is variable var (number vid, 0 when not listed) suppressed? */
static int suppressed_id(csl_rctx *r, const char *var, int vid)
{
	for (int i = 0; i < r->n_supp; i++)
		if (vid ? r->supp_vid[i] == vid
			: !r->supp_vid[i] && !strcmp(r->suppressed[i], var))
			return 1;
	return 0;
}

static int suppressed(csl_rctx *r, const char *var)
{
	return suppressed_id(r, var, csl_var_id(var));
}

/* Suppresses var in the rest of the output (room for 16). */
static void suppress(csl_rctx *r, const char *var)
{
	if (r->n_supp < 16) {
		r->supp_vid[r->n_supp] = csl_var_id(var);
		r->suppressed[r->n_supp++] = var;
	}
}

/* Inside <substitute>: remember that var was rendered, so that it is
 * suppressed in the rest of the output (CSL 1.0.2, "Substitution"), however
 * deep in macros and choose the substitute reached it. */
static void note_rendered(csl_rctx *r, const char *var)
{
	/* a copy: callers may pass a name in a buffer of their own */
	const char *v;
	if (r->subst_rec && r->n_subst_vars < 16 && (v = adup(r, var)) != NULL)
		r->subst_vars[r->n_subst_vars++] = v;
}

/* ---------------- numbers ---------------- */

int csl_is_numeric(const char *s)
{
	if (!s || !*s)
		return 0;
	int digits = 0;
	const char *p = s;
	while (*p) {
		/* one token: optional letters, digits, optional letters */
		const char *t = p;
		int d = 0;
		while (*p && isalpha((unsigned char)*p))
			p++;
		while (*p && isdigit((unsigned char)*p)) {
			p++;
			d = 1;
		}
		while (*p && isalpha((unsigned char)*p))
			p++;
		if (!d || p == t)
			return 0;
		digits = 1;
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		if (*p == '-' || *p == ',' || *p == '&') {
			p++;
		} else if (!strncmp(p, "\xE2\x80\x93", 3)) {
			p += 3;
		} else
			return 0;
		while (*p == ' ')
			p++;
		if (!*p)
			return 0;
	}
	return digits;
}

static const char *roman(csl_rctx *r, long n)
{
	static const char *const th[] = {"", "m", "mm", "mmm"};
	static const char *const hu[] = {"", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm"};
	static const char *const te[] = {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"};
	static const char *const on[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
	if (n <= 0 || n >= 4000)
		return NULL;
	char b[32];
	snprintf(b, sizeof b, "%s%s%s%s", th[n / 1000], hu[n / 100 % 10], te[n / 10 % 10], on[n % 10]);
	return adup(r, b);
}

/* One number in form (0 numeric, 1 ordinal, 2 long-ordinal, 3 roman). */
static const char *fmt_num(csl_rctx *r, long n, int form, const char *gender)
{
	char b[64];
	if (form == 3) {
		const char *x = roman(r, n);
		if (x)
			return x;
	}
	if (form == 2 && n >= 1 && n <= 10) {
		snprintf(b, sizeof b, "long-ordinal-%02ld", n);
		const char *t = csl_term(r->lc, b, "long", 0);
		if (t)
			return t;
		form = 1;
	}
	if (form == 1 || form == 2) {
		snprintf(b, sizeof b, "%ld%s", n, csl_ordinal(r->lc, n, gender));
		return adup(r, b);
	}
	snprintf(b, sizeof b, "%ld", n);
	return adup(r, b);
}

/* The locale's range delimiter for numbers and pages (en dash unset). */
static const char *range_dash(csl_rctx *r)
{
	const char *t = csl_term(r->lc, "page-range-delimiter", NULL, 0);
	return t && *t ? t : "\xE2\x80\x93";
}

/* Formats every number in s (numbers separated by - , &) with form. */
static const char *fmt_numbers(csl_rctx *r, const char *s, int form, const char *gender)
{
	buf_t b = BUF_INIT;
	const char *p = s;
	while (*p) {
		if (isdigit((unsigned char)*p)) {
			const char *st = p;
			while (isdigit((unsigned char)*p))
				p++;
			/* a number with letters attached stays as is */
			if ((st > s && isalpha((unsigned char)st[-1])) || isalpha((unsigned char)*p)) {
				buf_append(&b, st, (size_t)(p - st));
				continue;
			}
			buf_puts(&b, fmt_num(r, atol(st), form, gender));
		} else if (*p == '-') {
			buf_puts(&b, range_dash(r));
			p++;
			while (*p == ' ') /* "200 - 201": no spaces around the dash */
				p++;
		} else if (*p == ' ' && (p[1] == '-' || p[1] == '&' || p[1] == ',')) {
			p++;
		} else if ((*p == '-' || *p == '&') && p[1] == ' ') {
			buf_putc(&b, *p);
			p += 2;
		} else if (*p == '&') {
			buf_puts(&b, " & ");
			p++;
			while (*p == ' ')
				p++;
		} else if (*p == ',') {
			buf_puts(&b, ", ");
			p++;
			while (*p == ' ')
				p++;
		} else {
			buf_putc(&b, *p);
			p++;
		}
	}
	const char *out = b.len ? buf_to_arena(&b, r->a) : "";
	buf_free(&b);
	return out;
}

/* Page range formatting: "321-28" per page-range-format, en dash joined. */
static const char *page_range(csl_rctx *r, const char *s)
{
	int fmt = r->s->page_range_format;
	int c15 = fmt == 5; /* chicago-15: four digits, three change: all */
	if (c15)
		fmt = 4;
	buf_t b = BUF_INIT;
	const char *p = s;
	while (*p) {
		const char *st = p;
		while (*p && *p != ',' && *p != '&')
			p++;
		/* one range st..p */
		char part[128];
		size_t pl = (size_t)(p - st);
		if (pl >= sizeof part)
			pl = sizeof part - 1;
		memcpy(part, st, pl);
		while (pl && part[pl - 1] == ' ')
			pl--;
		part[pl] = 0;
		if (strstr(part, "\\-")) {
			/* "3\-B": an escaped hyphen is no range, shown bare */
			for (const char *q = part; *q; q++)
				if (!(q[0] == '\\' && q[1] == '-'))
					buf_putc(&b, *q);
			goto next;
		}
		char *dash = strstr(part, "\xE2\x80\x93");
		size_t dl = 3;
		if (!dash) {
			dash = strchr(part, '-');
			dl = 1;
			/* "--" */
			if (dash && dash[1] == '-')
				dl = 2;
		}
		if (dash) {
			char a1[128], b1[128];
			char *x = part, *y = dash + dl;
			*dash = 0;
			while (*x == ' ')
				x++;
			while (*y == ' ')
				y++;
			size_t xl = strlen(x);
			while (xl && x[xl - 1] == ' ')
				x[--xl] = 0;
			snprintf(a1, sizeof a1, "%s", x);
			snprintf(b1, sizeof b1, "%s", y);
			/* "N110-N115": a shared letter prefix is set aside; other
			 * prefixes leave the range as written */
			size_t pa = strlen(a1), pb = strlen(b1);
			while (pa && isdigit((unsigned char)a1[pa - 1]))
				pa--;
			while (pb && isdigit((unsigned char)b1[pb - 1]))
				pb--;
			int numeric = a1[pa] && b1[pb];
			char pfx[128] = "";
			if (numeric && fmt && (pa || pb)) {
				if (pb && (pa != pb || memcmp(a1, b1, pa) != 0)) {
					buf_puts(&b, x);
					buf_puts(&b, "-");
					buf_puts(&b, y);
					goto next;
				}
				if (pa && !pb) {
					buf_puts(&b, x);
					buf_puts(&b, "-");
					buf_puts(&b, y);
					goto next;
				}
				memcpy(pfx, a1, pa);
				pfx[pa] = 0;
				memmove(a1, a1 + pa, strlen(a1 + pa) + 1);
				memmove(b1, b1 + pb, strlen(b1 + pb) + 1);
			} else if (pa || pb)
				numeric = 0;
			if (numeric && fmt) {
				size_t la = strlen(a1), lb = strlen(b1);
				char full[256];
				/* expand b to full */
				if (lb < la) {
					memcpy(full, a1, la - lb);
					memcpy(full + la - lb, b1, lb + 1);
				} else
					snprintf(full, sizeof full, "%s", b1);
				const char *res = full;
				size_t lf = strlen(full);
				if (fmt == 2 || fmt == 3 || fmt == 4) {
					size_t i = 0;
					if (lf == la)
						while (i < la && a1[i] == full[i])
							i++;
					size_t keep = lf - i;
					if (fmt == 3 && keep < 2 && lf >= 2)
						keep = 2;
					if (fmt == 4) {
						long av = atol(a1);
						if (av < 100 || av % 100 == 0)
							keep = lf;
						else if (av % 100 < 10)
							keep = lf - i; /* minimal */
						else {
							keep = lf - i;
							if (keep < 2)
								keep = 2;
							if (c15 && la == 4 && lf == 4 && lf - i >= 3)
								keep = lf; /* four digits, three change */
						}
					}
					if (keep > lf)
						keep = lf;
					if (keep == 0)
						keep = 1;
					res = full + lf - keep;
				}
				buf_puts(&b, pfx);
				buf_puts(&b, a1);
				buf_puts(&b, range_dash(r));
				if (fmt == 1)
					buf_puts(&b, pfx);
				buf_puts(&b, res);
			} else {
				buf_puts(&b, a1);
				buf_puts(&b, range_dash(r));
				buf_puts(&b, b1);
			}
		} else
			buf_puts(&b, part);
next:
		if (*p) {
			if (*p == ',')
				buf_puts(&b, ", ");
			else {
				const char *amp = csl_term(r->lc, "and", "symbol", 0);
				buf_putc(&b, ' ');
				buf_puts(&b, amp && *amp ? amp : "&");
				buf_putc(&b, ' ');
			}
			p++;
			while (*p == ' ')
				p++;
		}
	}
	const char *out = b.len ? buf_to_arena(&b, r->a) : "";
	buf_free(&b);
	return out;
}

/* ---------------- variables ---------------- */

/* The citation-label an item without one gets: citeproc-js's default
 * trigraph "Aaaa00:AaAa00:AaAA00:AAAA00" -- letters of the first names of
 * the first name variable present (4 of one name; 2+2; 2+1+1; 1 of each
 * of the first four), leading lower-case particles and "a/an/the" left
 * out, then the last two digits of the issued year ("00" without one). */
static const char *trigraph(csl_rctx *r)
{
	static const char *const creators[] = {"author", "editor", "contributor",
		"translator", "recipient", "interviewer", "publisher", "composer",
		"original-publisher", "original-author", "container-author",
		"collection-editor"};
	static const int take[4][4] = {{4, 0, 0, 0}, {2, 2, 0, 0}, {2, 1, 1, 0}, {1, 1, 1, 1}};
	char b[128];
	size_t bl = 0;
	for (size_t c = 0; c < sizeof creators / sizeof creators[0]; c++) {
		const csl_var *v = csl_item_var(r->it, creators[c]);
		if (!v || v->kind != CV_NAMES || !v->n_names)
			continue;
		const int *cfg = take[v->n_names > 4 ? 3 : v->n_names - 1];
		for (size_t j = 0; j < v->n_names && j < 4 && cfg[j]; j++) {
			const csl_name *nm = &v->names[j];
			const char *f = nm->family && *nm->family ? nm->family : nm->literal;
			if (!f)
				break;
			/* leading lower-case words (particles), then an article */
			for (;;) {
				const char *q = f;
				while (*q == ' ' || *q == '\'' || (*q >= 'a' && *q <= 'z'))
					q++;
				if (q > f && *q == ' ' && q[-1] != ' ') {
					f = q + 1;
					continue;
				}
				break;
			}
			if (!strncasecmp(f, "the ", 4))
				f += 4;
			else if (!strncasecmp(f, "an ", 3))
				f += 3;
			else if (!strncasecmp(f, "a ", 2))
				f += 2;
			const uint8_t *p = (const uint8_t *)f;
			int got = 0;
			while (*p && got < cfg[j]) {
				int32_t ch;
				ssize_t l = utf8proc_iterate(p, -1, &ch);
				if (l <= 0)
					break;
				p += l;
				if (utf8proc_category(ch) > UTF8PROC_CATEGORY_LO)
					continue;
				ch = got == 0 ? utf8proc_toupper(ch) : utf8proc_tolower(ch);
				if (bl + 4 >= sizeof b - 8)
					break;
				bl += (size_t)utf8proc_encode_char(ch, (uint8_t *)b + bl);
				got++;
			}
			if (!got)
				break;
		}
		break;
	}
	int year = 0;
	const csl_var *d = csl_item_var(r->it, "issued");
	if (d && d->kind == CV_DATE && d->date->y[0] > 0)
		year = d->date->y[0];
	snprintf(b + bl, sizeof b - bl, "%02d", year % 100);
	return adup(r, b);
}

static const char *var_str_raw(csl_rctx *r, const char *var, int vid,
			       const char *form)
{
	const csl_item *it = r->it;
	if (suppressed_id(r, var, vid))
		return NULL;
	switch (vid) {
	case CVI_LOCATOR: {
		const char *l = r->cite ? r->cite->locator : NULL;
		while (l && *l == ' ')
			l++;
		return l && *l ? l : NULL;
	}
	case CVI_CITATION_NUMBER: {
		char b[32];
		snprintf(b, sizeof b, "%d", it->citation_number);
		return adup(r, b);
	}
	case CVI_FIRST_REFERENCE_NOTE_NUMBER: {
		if (!r->first_note)
			return NULL;
		char b[32];
		snprintf(b, sizeof b, "%d", r->first_note);
		return adup(r, b);
	}
	case CVI_YEAR_SUFFIX: {
		if (!it->year_suffix)
			return NULL;
		char b[8];
		int n = it->year_suffix;
		if (n <= 26)
			snprintf(b, sizeof b, "%c", 'a' + n - 1);
		else
			snprintf(b, sizeof b, "%c%c", 'a' + (n - 1) / 26 - 1, 'a' + (n - 1) % 26);
		return adup(r, b);
	}
	default:
		break;
	}
	if (form && !strcmp(form, "short")) {
		char k[128];
		snprintf(k, sizeof k, "%s-short", var);
		const char *v = csl_item_str(it, k);
		if (v)
			return v;
		if (vid == CVI_CONTAINER_TITLE)
			if ((v = csl_item_str(it, "journalAbbreviation")))
				return v;
	}
	const csl_var *x = csl_item_var_id(it, vid, var);
	const char *v = x && x->kind == CV_STR && x->s[0] ? x->s : NULL;
	if (v)
		return v;
	switch (vid) {
	case CVI_PAGE_FIRST:
		if ((v = csl_item_str(it, "page"))) {
			size_t l = strcspn(v, "-,&\xE2 ");
			v = l ? quire_arena_strndup(r->a, v, l) : NULL;
		}
		return v;
	case CVI_CITATION_LABEL:
		return trigraph(r);
	case CVI_TITLE_SHORT:
		return csl_item_str(it, "shortTitle");
	case CVI_CONTAINER_TITLE_SHORT:
		return csl_item_str(it, "journalAbbreviation");
	default:
		return NULL;
	}
}

/* A variable's value as a string (NULL when absent or suppressed); inside a
 * substitute, the variable is noted as rendered. */
static const char *var_str_id(csl_rctx *r, const char *var, int vid,
			      const char *form)
{
	const char *v = var_str_raw(r, var, vid, form);
	if (v && *v)
		note_rendered(r, var);
	return v;
}

static const char *var_str(csl_rctx *r, const char *var, const char *form)
{
	return var_str_id(r, var, csl_var_id(var), form);
}

static int var_present(csl_rctx *r, const char *var, int vid)
{
	/* the variables not kept in the item (this runs for every variable
	 * test of every item) */
	switch (vid) {
	case CVI_LOCATOR:
		return r->cite && r->cite->locator && *r->cite->locator;
	case CVI_CITATION_NUMBER:
		return 1;
	case CVI_YEAR_SUFFIX:
		return r->it->year_suffix > 0;
	case CVI_FIRST_REFERENCE_NOTE_NUMBER:
		return r->first_note > 0;
	default:
		break;
	}
	if (suppressed_id(r, var, vid))
		return 0;
	const csl_var *v = csl_item_var_id(r->it, vid, var);
	if (!v)
		return vid == CVI_CITATION_LABEL; /* a trigraph at worst */
	return v->kind != CV_STR || v->s[0];
}

/* ---------------- text / number / label ---------------- */

static int is_plural(const char *v)
{
	if (!v)
		return 0;
	/* several numbers: "2-4", "2, 3", "2 & 3" */
	int nums = 0, innum = 0;
	for (const char *p = v; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (!innum)
				nums++;
			innum = 1;
		} else if (isalpha((unsigned char)*p)) {
			/* letters inside a token keep it one token */
		} else
			innum = 0;
	}
	if (nums < 2)
		return 0;
	if (strchr(v, ',') || strchr(v, '&') || strstr(v, "\xE2\x80\x93"))
		return 1;
	for (const char *h = strchr(v, '-'); h; h = strchr(h + 1, '-'))
		if (h == v || h[-1] != '\\') /* "\-" is a hyphen, not a range */
			return 1;
	/* "213 and 235": a word between two numbers */
	for (const char *p = v; *p; p++)
		if (isdigit((unsigned char)*p) && p[1] == ' ' && isalpha((unsigned char)p[2])) {
			const char *q = p + 2;
			while (isalpha((unsigned char)*q))
				q++;
			if (*q == ' ' && isdigit((unsigned char)q[1]))
				return 1;
		}
	return 0;
}

static csl_out *render_label_for(csl_rctx *r, const csl_node *n, const char *var, int called)
{
	const char *form = n->form;
	const char *pl = n->plural;
	const char *term = var;
	const char *val;
	if (!strcmp(var, "locator")) {
		if (!r->cite || !r->cite->locator || !*r->cite->locator)
			return NULL;
		term = r->cite->label && *r->cite->label ? r->cite->label : "page";
		val = r->cite->locator;
	} else {
		val = var_str_id(r, var, n->var == var ? n->vid : csl_var_id(var), NULL);
		if (!val)
			return NULL;
	}
	int plural;
	if (pl && !strcmp(pl, "always"))
		plural = 1;
	else if (pl && !strcmp(pl, "never"))
		plural = 0;
	else if (!strcmp(var, "number-of-pages") || !strcmp(var, "number-of-volumes"))
		plural = atol(val) > 1;
	else
		plural = is_plural(val);
	const char *t = csl_term(r->lc, term, form, plural);
	(void)called;
	return leaf(r, t, &n->fmt);
}

static csl_out *render_text(csl_rctx *r, const csl_node *n)
{
	const char *v;
	if ((v = n->var)) {
		int vid = n->vid;
		/* an empty year-suffix does not suppress its group (citeproc-js) */
		if (vid != CVI_YEAR_SUFFIX || r->it->year_suffix)
			r->called++;
		const char *form = n->form;
		const char *s;
		if (vid == CVI_PAGE || (vid == CVI_LOCATOR && r->cite &&
		    (!r->cite->label || !strcmp(r->cite->label, "page")))) {
			s = var_str_id(r, v, vid, form);
			if (s)
				s = page_range(r, s);
		} else if (vid == CVI_LOCATOR) {
			/* another locator ("chapters 200 - 201"): a numeric
			 * range gets the range dash, no page-range format */
			s = var_str_id(r, v, vid, form);
			if (s && csl_is_numeric(s) && strchr(s, '-') && !strstr(s, "\\-"))
				s = fmt_numbers(r, s, 0, NULL);
		} else
			s = var_str_id(r, v, vid, form);
		if (s && vid == CVI_CITATION_LABEL && !r->s->explicit_ys &&
		    r->it->year_suffix && !r->ys_done) {
			/* the implicit year suffix follows the label */
			r->ys_done = 1;
			const char *ys = var_str_id(r, "year-suffix", CVI_YEAR_SUFFIX, NULL);
			if (ys) {
				size_t a = strlen(s), c = strlen(ys);
				char *t = quire_arena_alloc(r->a, a + c + 1);
				if (t) {
					memcpy(t, s, a); /* NOLINT(bugprone-not-null-terminated-result): the next copy ends it */
					memcpy(t + a, ys, c + 1);
					s = t;
				}
			}
		}
		csl_out *o = leaf(r, s, &n->fmt);
		if (o) {
			r->rendered++;
			if (vid == CVI_URL || vid == CVI_DOI)
				o->no_markup = 1;
		}
		return o;
	}
	if (n->macro) {
		if (r->depth > CSL_MAX_DEPTH)
			return NULL;
		r->depth++;
		const csl_node *sn0 = r->subst_names; /* not inherited into macros */
		r->subst_names = NULL;
		/* a macro is an implicit group (citeproc-js): suppressed
		 * when it calls variables and all of them are empty, and
		 * counted as printed content when it prints */
		int c0 = r->called, r0 = r->rendered;
		r->called = r->rendered = 0;
		csl_out *o = onew(r, &n->fmt);
		for (const csl_node *k = n->macro->kids; k; k = k->next)
			oadd(o, render_node(r, k));
		int c = r->called, rn = r->rendered;
		int empty = !o || !o->kids || (c > 0 && rn == 0);
		r->called = c0 + c;
		r->rendered = r0 + rn + (!empty && rn == 0);
		r->subst_names = sn0;
		r->depth--;
		return empty ? NULL : o;
	}
	if ((v = n->term)) {
		const char *pl = n->plural;
		csl_out *o = leaf(r, csl_term(r->lc, v, n->form,
					      pl && !strcmp(pl, "true")), &n->fmt);
		if (o)
			o->term = 1;
		return o;
	}
	if ((v = n->value))
		return leaf(r, v, &n->fmt);
	return NULL;
}

static csl_out *render_number(csl_rctx *r, const csl_node *n)
{
	const char *var = n->var;
	if (!var)
		return NULL;
	r->called++;
	const char *v = var_str_id(r, var, n->vid, NULL);
	if (!v)
		return NULL;
	r->rendered++;
	if (!csl_is_numeric(v))
		return leaf(r, v, &n->fmt);
	const char *form = n->form;
	int f = !form ? 0 : !strcmp(form, "ordinal") ? 1 :
		!strcmp(form, "long-ordinal") ? 2 : !strcmp(form, "roman") ? 3 : 0;
	const char *gender = csl_term_gender(r->lc, var);
	if (n->vid == CVI_PAGE && f == 0)
		return leaf(r, page_range(r, v), &n->fmt);
	return leaf(r, fmt_numbers(r, v, f, gender), &n->fmt);
}

/* ---------------- names ---------------- */

typedef struct nopts {
	const char *and_;
	const char *delim;
	const char *dpel; /* delimiter-precedes-et-al */
	const char *dpl;  /* delimiter-precedes-last */
	int etal_min, etal_first, etal_last;
	int form;         /* 0 long 1 short 2 count */
	int initialize;
	const char *init_with;
	int nso;          /* name-as-sort-order: 0 none 1 first 2 all */
	const char *sort_sep;
	const csl_node *given_part, *family_part;
	const csl_node *name;
	/* a name-part's affixes wrap its whole group (given with the
	 * dropping particle, family with its particles and suffix), its
	 * formatting each piece */
	csl_fmt *gaff, *gfmt, *faff, *ffmt; /* in the render arena */
} nopts;

static void name_opts(csl_rctx *r, const csl_node *name, nopts *o)
{
	memset(o, 0, sizeof *o);
	o->name = name;
	const char *v = inh(r, name, "and", NULL);
	o->and_ = !v ? NULL : !strcmp(v, "symbol") ? "&" :
		csl_term(r->lc, "and", "long", 0);
	v = name ? csl_attr_get(name, "delimiter") : NULL;
	if (!v)
		v = inh(r, NULL, "name-delimiter", "name-delimiter");
	o->delim = v ? v : ", ";
	o->dpel = inh(r, name, "delimiter-precedes-et-al", NULL);
	o->dpl = inh(r, name, "delimiter-precedes-last", NULL);
	int subsequent = r->position >= CSL_POS_SUBSEQUENT && r->mode == CM_CITATION;
	v = subsequent ? inh(r, name, "et-al-subsequent-min", NULL) : NULL;
	if (!v)
		v = inh(r, name, "et-al-min", NULL);
	o->etal_min = v ? atoi(v) : 0;
	v = subsequent ? inh(r, name, "et-al-subsequent-use-first", NULL) : NULL;
	if (!v)
		v = inh(r, name, "et-al-use-first", NULL);
	o->etal_first = v ? atoi(v) : -1; /* -1 unset */
	v = inh(r, name, "et-al-use-last", NULL);
	o->etal_last = v && !strcmp(v, "true");
	v = inh(r, name, "form", "name-form");
	o->form = !v ? 0 : !strcmp(v, "short") ? 1 : !strcmp(v, "count") ? 2 : 0;
	v = inh(r, name, "initialize", NULL);
	o->initialize = !v || strcmp(v, "false") != 0;
	o->init_with = inh(r, name, "initialize-with", NULL);
	v = inh(r, name, "name-as-sort-order", NULL);
	o->nso = !v ? 0 : !strcmp(v, "all") ? 2 : 1;
	v = inh(r, name, "sort-separator", NULL);
	o->sort_sep = v ? v : ", ";
	for (const csl_node *k = name ? name->kids : NULL; k; k = k->next)
		if (k->kind == CN_NAME_PART) {
			const char *nm = csl_attr_get(k, "name");
			if (nm && !strcmp(nm, "given"))
				o->given_part = k;
			else if (nm && !strcmp(nm, "family"))
				o->family_part = k;
		}
	if (o->given_part || o->family_part) {
		csl_fmt *f = quire_arena_alloc(r->a, 4 * sizeof *f);
		if (f) {
			memset(f, 0, 4 * sizeof *f);
			if (o->given_part) {
				f[1] = o->given_part->fmt;
				f[1].prefix = f[1].suffix = NULL;
				f[0].prefix = o->given_part->fmt.prefix;
				f[0].suffix = o->given_part->fmt.suffix;
				o->gaff = &f[0];
				o->gfmt = &f[1];
			}
			if (o->family_part) {
				f[3] = o->family_part->fmt;
				f[3].prefix = f[3].suffix = NULL;
				f[2].prefix = o->family_part->fmt.prefix;
				f[2].suffix = o->family_part->fmt.suffix;
				o->faff = &f[2];
				o->ffmt = &f[3];
			}
		}
	}
}

/* The cache of resolved name options: one entry per (names element, name
 * element, context element, subsequent-position) met, in an open-
 * addressed table of CSL_NOC_SLOTS (a style has a few dozen <names>; when
 * the table is full, options are resolved every time). */
#define CSL_NOC_SLOTS 512

typedef struct noc_ent {
	const csl_node *names, *name, *ctx;
	int subsequent;
	nopts o;
	const char *delim;
} noc_ent;

struct csl_nocache {
	quire_arena *a;
	noc_ent *slot[CSL_NOC_SLOTS];
};

csl_nocache *csl_nocache_new(quire_arena *a)
{
	csl_nocache *c = quire_arena_alloc(a, sizeof *c);
	if (c) {
		memset(c, 0, sizeof *c);
		c->a = a;
	}
	return c;
}

/* Name options for <names> n rendering with <name> namesel (either may
 * come from the enclosing <names> in a substitute), and the delimiter
 * between its variables, resolved once per engine. */
static void names_opts(csl_rctx *r, const csl_node *n, const csl_node *namesel,
		       nopts *o, const char **delim)
{
	int subsequent = r->position >= CSL_POS_SUBSEQUENT && r->mode == CM_CITATION;
	/* a synthetic <names> (a sort key's, on the stack) has no parent and
	 * no lasting address: not cached */
	csl_nocache *c = r->e && n->parent ? r->e->noc : NULL;
	size_t h = 0, k = 0;
	if (c) {
		h = ((size_t)(uintptr_t)n >> 4) * 31u + ((size_t)(uintptr_t)namesel >> 4) * 7u +
		    ((size_t)(uintptr_t)r->ctx_el >> 4) + (size_t)subsequent;
		for (size_t p = 0; p < CSL_NOC_SLOTS; p++) {
			k = (h + p) & (CSL_NOC_SLOTS - 1);
			noc_ent *x = c->slot[k];
			if (!x)
				break;
			if (x->names == n && x->name == namesel && x->ctx == r->ctx_el &&
			    x->subsequent == subsequent) {
				*o = x->o;
				*delim = x->delim;
				goto overrides;
			}
		}
	}
	{
		/* the options' formats live as long as the cache */
		quire_arena *ra = r->a;
		noc_ent *x = c && !c->slot[k] ? quire_arena_alloc(c->a, sizeof *x) : NULL;
		if (x)
			r->a = c->a;
		name_opts(r, namesel, o);
		r->a = ra;
		*delim = n->fmt.delim;
		if (!*delim)
			*delim = inh(r, NULL, "names-delimiter", "names-delimiter");
		if (x) {
			x->names = n;
			x->name = namesel;
			x->ctx = r->ctx_el;
			x->subsequent = subsequent;
			x->o = *o;
			x->delim = *delim;
			c->slot[k] = x;
		}
	}
overrides:
	if (r->mode == CM_SORT) {
		/* a sort key lists the names without "and", apart by a byte
		 * below any letter, so that they compare name by name
		 * ("Boyd, D." before "Boyd, D. A.") */
		o->and_ = NULL;
		o->delim = "\x01";
	}
	if (r->mode == CM_SORT && r->sort_names_min) {
		o->etal_min = r->sort_names_min;
		o->etal_first = r->sort_names_first;
		if (r->sort_names_last >= 0)
			o->etal_last = r->sort_names_last;
	}
}

static int is_cjk(const char *s)
{
	if (!s)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0xE3 && *p <= 0xED)
			return 1;
	return 0;
}

static int utf8_len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Initializes a given name: "John Edward" -> "J. E." with init "." */
static const char *initialize(csl_rctx *r, const char *g, const char *with, int init)
{
	buf_t b = BUF_INIT;
	const char *p = g;
	size_t wl = strlen(with);
	/* trailing space of "with" is dropped at the end */
	while (*p) {
		while (*p == ' ' || (*p == '.' ))
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ' && *p != '-' && *p != '.')
			p++;
		size_t len = (size_t)(p - w);
		/* a part written with a period ("Ph.", "ME.") is an abbreviation
		 * kept whole; one letter is an initial; other words are cut to
		 * their first letter only when initializing (citeproc-js) */
		int abbrev = *p == '.';
		int full = 0; /* the word is written in full */
		int one = len == (size_t)utf8_len((unsigned char)w[0]);
		int lower = islower((unsigned char)w[0]);
		if (abbrev && !one) {
			buf_append(&b, w, len);
			buf_append(&b, with, wl);
		} else if (init || one) {
			if (lower && !one) {
				full = 1;
				/* lower-case particle-ish word inside given: keep as is */
				if (b.len && b.p[b.len - 1] != ' ' && b.p[b.len - 1] != '-')
					buf_putc(&b, ' ');
				buf_append(&b, w, len);
				buf_putc(&b, ' ');
			} else if (len > 2 && isupper((unsigned char)w[0]) &&
				   isupper((unsigned char)w[1]) && islower((unsigned char)w[2])) {
				/* "TSerendorjiin" -> "Ts." (a two-letter initial) */
				buf_putc(&b, w[0]);
				buf_putc(&b, (char)tolower((unsigned char)w[1]));
				buf_append(&b, with, wl);
			} else {
				buf_append(&b, w, (size_t)utf8_len((unsigned char)w[0]));
				buf_append(&b, with, wl);
			}
		} else {
			full = 1;
			/* a word in full: a space before it, unless it follows
			 * a hyphen ("Hans-Jürgen" stays one name) */
			if (b.len && b.p[b.len - 1] != ' ' && b.p[b.len - 1] != '-')
				buf_putc(&b, ' ');
			buf_append(&b, w, len);
			buf_putc(&b, ' ');
		}
		if (*p == '.')
			p++;
		if (*p == '-') {
			p++;
			if (init && islower((unsigned char)*p)) {
				/* "Guo-ping": a lower-case part after a hyphen is
				 * dropped when initializing (citeproc-js) */
				while (*p && *p != ' ' && *p != '-' && *p != '.')
					p++;
				continue;
			}
			/* initials keep the hyphen as the style says; a name
			 * written in full keeps it always */
			if (r->s->initialize_hyphen || full) {
				while (b.len && b.p[b.len - 1] == ' ')
					b.len--;
				buf_putc(&b, '-');
			}
		}
	}
	while (b.len && b.p[b.len - 1] == ' ')
		b.len--;
	if (b.p)
		b.p[b.len] = 0;
	const char *out = b.len ? buf_to_arena(&b, r->a) : "";
	buf_free(&b);
	return out;
}

static void add_part(csl_rctx *r, csl_out *o, const char *s, const csl_fmt *f, int *any)
{
	if (!s || !*s)
		return;
	csl_out *l = leaf(r, s, f);
	if (!l)
		return;
	oadd(o, l);
	*any = 1;
}

static void add_sep(csl_rctx *r, csl_out *o, const char *sep)
{
	csl_out *l = onew(r, NULL);
	if (l) {
		l->text = sep;
		oadd(o, l);
	}
}

/* One name in its form; inverted selects sort order. */
static csl_out *render_name(csl_rctx *r, const csl_name *nm, const nopts *o,
			    int inverted, int add_given)
{
	csl_out *out = onew(r, NULL);
	if (!out)
		return NULL;
	int any = 0;
	const csl_fmt *GA = o->gaff, *GF = o->gfmt, *FA = o->faff, *FF = o->ffmt;
	if (nm->literal || !nm->family) {
		const char *t = nm->literal ? nm->literal : nm->given;
		csl_out *fg = onew(r, FA);
		add_part(r, fg, t, FF, &any);
		oadd(out, fg);
		return any ? out : NULL;
	}
	const char *given = nm->given;
	int init = o->init_with != NULL;
	if (add_given >= 2)
		init = 0;
	if (given && o->init_with && init)
		given = initialize(r, given, o->init_with, o->initialize);
	else if (given && o->init_with && !o->initialize)
		given = initialize(r, given, o->init_with, 0);
	int form = o->form;
	if (form == 1 && add_given >= 1) {
		form = 0;
		if (add_given == 1 && nm->given && o->init_with)
			given = initialize(r, nm->given, o->init_with, 1);
		else if (add_given == 1 && !o->init_with)
			given = nm->given;
	}
	if (is_cjk(nm->family)) {
		csl_out *fg = onew(r, FA);
		add_part(r, fg, nm->family, FF, &any);
		oadd(out, fg);
		if (form == 0 && given) {
			csl_out *gg = onew(r, GA);
			add_part(r, gg, given, GF, &any);
			oadd(out, gg);
		}
		return any ? out : NULL;
	}
	const char *ndp = nm->ndp;
	const char *fam = nm->family;
	int demote = r->s->demote_ndp;
	const char *ndp_sep = ndp && (ndp[strlen(ndp) - 1] == '\'' ||
		ndp[strlen(ndp) - 1] == '-' || !strncmp(ndp + strlen(ndp) - (strlen(ndp) >= 3 ? 3 : 0), "\xE2\x80\x99", 3)) ? "" : " ";
	csl_out *fg = onew(r, FA), *gg = onew(r, GA);
	if (!fg || !gg)
		return NULL;
	if (form == 1) {
		if (ndp) {
			add_part(r, fg, ndp, FF, &any);
			add_sep(r, fg, ndp_sep);
		}
		add_part(r, fg, fam, FF, &any);
		oadd(out, fg);
		return any ? out : NULL;
	}
	if (!inverted) {
		/* given, then dp ndp family suffix */
		if (given && *given) {
			add_part(r, gg, given, GF, &any);
			oadd(out, gg);
			const char *gs = GA ? GA->suffix : NULL;
			size_t gsl = gs ? strlen(gs) : 0;
			/* a given suffix ending in a space is the separator */
			if (!(gsl && (gs[gsl - 1] == ' ' ||
				      (gsl >= 2 && !strcmp(gs + gsl - 2, "\xC2\xA0")))))
				add_sep(r, out, " ");
		}
		if (nm->dp) {
			add_part(r, fg, nm->dp, GF, &any);
			add_sep(r, fg, nm->dp[strlen(nm->dp) - 1] == '\'' ? "" : " ");
		}
		if (ndp) {
			add_part(r, fg, ndp, FF, &any);
			add_sep(r, fg, ndp_sep);
		}
		add_part(r, fg, fam, FF, &any);
		if (nm->suffix) {
			add_sep(r, fg, nm->comma_suffix ? ", " : " ");
			add_part(r, fg, nm->suffix, NULL, &any);
		}
		oadd(out, fg);
	} else {
		int ndp_front = ndp && (demote == 0 || (demote == 1 && r->mode != CM_SORT));
		if (ndp_front) {
			add_part(r, fg, ndp, FF, &any);
			add_sep(r, fg, ndp_sep);
		}
		add_part(r, fg, fam, FF, &any);
		oadd(out, fg);
		if ((given && *given) || nm->dp || (ndp && !ndp_front)) {
			add_sep(r, out, o->sort_sep);
			if (given && *given)
				add_part(r, gg, given, GF, &any);
			if (nm->dp) {
				if (given && *given)
					add_sep(r, gg, " ");
				add_part(r, gg, nm->dp, GF, &any);
			}
			if (ndp && !ndp_front) {
				add_sep(r, gg, " ");
				add_part(r, gg, ndp, FF, &any);
			}
			oadd(out, gg);
		}
		if (nm->suffix) {
			add_sep(r, out, o->sort_sep);
			add_part(r, out, nm->suffix, NULL, &any);
		}
	}
	return any ? out : NULL;
}

/* A list of names (one variable). */
static csl_out *render_name_list(csl_rctx *r, const csl_var *v, const nopts *o,
				 const csl_node *etal, int *count)
{
	size_t n = v->n_names;
	size_t show = n;
	int use_etal = 0;
	if (o->etal_min && o->etal_first >= 0 && (int)n >= o->etal_min) {
		show = (size_t)o->etal_first;
		if (r->it->add_names > 0 && r->mode == CM_CITATION)
			show += (size_t)r->it->add_names;
		if (show < n)
			use_etal = 1;
		else
			show = n;
	}
	if (count) {
		*count = (int)show;
		return NULL;
	}
	if (!show)
		return NULL; /* et-al-use-first="0": no names, no et-al */
	csl_out *list = onew(r, NULL);
	if (!list)
		return NULL;
	if (r->disamb_test) {
		/* disambiguation compares the names shown, not their joins */
		for (size_t i = 0; i < show; i++) {
			if (i)
				add_sep(r, list, ", ");
			oadd(list, render_name(r, &v->names[i], o, 0,
					       i < CSL_GIVEN_MAX ? r->it->given[i] : 0));
		}
		return list->kids ? list : NULL;
	}
	/* after-inverted-name asks whether the name before was written
	 * inverted: a literal (an institution), a static-order name and a
	 * name without a given name are not */
	int prev_inv = 0;
	for (size_t i = 0; i < show; i++) {
		int add_given = r->mode == CM_CITATION && i < CSL_GIVEN_MAX ? r->it->given[i] : 0;
		int inverted = o->nso == 2 || (o->nso == 1 && i == 0) ||
			(r->mode == CM_SORT);
		if (v->names[i].static_order)
			inverted = 0;
		int shown_inv = inverted && !v->names[i].literal && v->names[i].family && v->names[i].given;
		csl_out *one = render_name(r, &v->names[i], o, inverted, add_given);
		if (!one)
			continue;
		if (i > 0) {
			int last = (i == show - 1) && !use_etal && o->and_;
			if (last) {
				const char *dpl = o->dpl ? o->dpl : "contextual";
				int delim = !strcmp(dpl, "always") ||
					(!strcmp(dpl, "contextual") && show >= 3) ||
					(!strcmp(dpl, "after-inverted-name") && prev_inv);
				add_sep(r, list, delim ? o->delim : " ");
				csl_out *andl = onew(r, NULL);
				if (andl) {
					andl->text = o->and_;
					oadd(list, andl);
				}
				add_sep(r, list, " ");
			} else
				add_sep(r, list, o->delim);
		}
		oadd(list, one);
		prev_inv = shown_inv;
	}
	if (use_etal) {
		if (o->etal_last && show + 1 < n) {
			add_sep(r, list, o->delim);
			add_sep(r, list, "\xE2\x80\xA6 ");
			int inv = o->nso == 2;
			oadd(list, render_name(r, &v->names[n - 1], o, inv, 0));
		} else {
			const char *term = etal ? csl_attr_get(etal, "term") : NULL;
			const char *t = csl_term(r->lc, term ? term : "et-al", "long", 0);
			if (t && *t) {
				const char *dpel = o->dpel ? o->dpel : "contextual";
				int delim = !strcmp(dpel, "always") ||
					(!strcmp(dpel, "contextual") && show >= 2) ||
					(!strcmp(dpel, "after-inverted-name") && prev_inv);
				add_sep(r, list, delim ? o->delim : " ");
				oadd(list, leaf(r, t, etal ? &etal->fmt : NULL));
			}
		}
	}
	return list->kids ? list : NULL;
}

static const csl_node *kid(const csl_node *n, int kind)
{
	for (const csl_node *k = n->kids; k; k = k->next)
		if (k->kind == kind)
			return k;
	return NULL;
}

static csl_out *render_names_with(csl_rctx *r, const csl_node *n, const csl_node *namesel,
				  const csl_node *etal, const csl_node *label)
{
	if (!n->var)
		return NULL;
	nopts o;
	const char *delim;
	names_opts(r, n, namesel, &o, &delim);
	csl_out *out = onew(r, &n->fmt);
	if (!out)
		return NULL;
	out->delim = delim;
	out->fmt = NULL;
	const char *const *list = n->vl;
	const int *lid = n->vli;
	int nl = n->n_vl;
	/* editor + translator identical: one list with editortranslator */
	int ed = -1, tr = -1;
	for (int i = 0; i < nl; i++) {
		if (lid[i] == CVI_EDITOR)
			ed = i;
		if (lid[i] == CVI_TRANSLATOR)
			tr = i;
	}
	int merged = 0;
	/* ... unless the label would be empty: the locale's editortranslator
	 * term is blank (citeproc-js then shows both lists) */
	const char *et = label ? csl_term(r->lc, "editortranslator", label->form, 0) : "x";
	if (ed >= 0 && tr >= 0 && et && *et) {
		const csl_var *a = csl_item_var(r->it, "editor"), *b = csl_item_var(r->it, "translator");
		if (a && b && a->kind == CV_NAMES && b->kind == CV_NAMES && a->n_names == b->n_names) {
			merged = 1;
			for (size_t i = 0; i < a->n_names && merged; i++) {
				const csl_name *x = &a->names[i], *y = &b->names[i];
				if ((x->family ? strcmp(x->family, y->family ? y->family : "") != 0 : !!y->family) ||
				    (x->given ? strcmp(x->given, y->given ? y->given : "") != 0 : !!y->given) ||
				    (x->literal ? strcmp(x->literal, y->literal ? y->literal : "") != 0
						: !!y->literal))
					merged = 0;
			}
		}
	}
	int total = 0;
	for (int i = 0; i < nl; i++) {
		r->called++;
		if (merged && i == tr)
			continue;
		if (suppressed_id(r, list[i], lid[i]))
			continue;
		const csl_var *v = csl_item_var_id(r->it, lid[i], list[i]);
		if (!v || v->kind != CV_NAMES || !v->n_names)
			continue;
		r->rendered++;
		note_rendered(r, list[i]);
		if (o.form == 2) {
			int c = 0;
			render_name_list(r, v, &o, etal, &c);
			total += c;
			continue;
		}
		csl_out *names = render_name_list(r, v, &o, etal, NULL);
		if (!names)
			continue;
		csl_out *one = onew(r, NULL);
		if (!one)
			return NULL;
		csl_out *nwrap = onew(r, namesel ? &namesel->fmt : NULL);
		oadd(nwrap, names);
		const char *lvar = (merged && i == ed) ? "editortranslator" : list[i];
		csl_out *lab = NULL;
		if (label && r->mode != CM_SORT) { /* sort keys leave labels out */
			const char *form = csl_attr_get(label, "form");
			const char *pl = csl_attr_get(label, "plural");
			int plural = pl && !strcmp(pl, "always") ? 1 : pl && !strcmp(pl, "never") ? 0 : v->n_names > 1;
			lab = leaf(r, csl_term(r->lc, lvar, form, plural), &label->fmt);
			if (lab)
				lab->label = 1;
		}
		int label_first = 0;
		if (label && namesel) {
			for (const csl_node *k = n->kids; k; k = k->next) {
				if (k == label) {
					label_first = 1;
					break;
				}
				if (k == namesel)
					break;
			}
		}
		if (label_first)
			oadd(one, lab);
		oadd(one, nwrap);
		if (!label_first)
			oadd(one, lab);
		oadd(out, one);
	}
	if (o.form == 2) {
		if (!total)
			return NULL;
		char b[16];
		snprintf(b, sizeof b, "%d", total);
		csl_out *w = onew(r, &n->fmt);
		oadd(w, leaf(r, adup(r, b), NULL));
		return w;
	}
	if (!out->kids)
		return NULL;
	csl_out *w = onew(r, &n->fmt);
	w->delim = NULL;
	/* the outer node carries formatting and affixes; the inner the delimiter */
	oadd(w, out);
	return w;
}

static csl_out *render_names(csl_rctx *r, const csl_node *n)
{
	/* a <names> without children inside a <substitute> (at any depth of
	 * choose and group, not inside macros) takes the <name>, <et-al> and
	 * <label> of the <names> it substitutes for (CSL 1.0.2) */
	const csl_node *from = !n->kids && r->subst_names ? r->subst_names : n;
	const csl_node *namesel = kid(from, CN_NAME);
	const csl_node *etal = kid(from, CN_ETAL);
	const csl_node *label = kid(from, CN_LABEL);
	const csl_node *subst = kid(n, CN_SUBSTITUTE);
	int c0 = r->called, r0 = r->rendered;
	csl_out *o = render_names_with(r, n, namesel, etal, label);
	if (o) {
		if (!r->first_names)
			r->first_names = o;
		return o;
	}
	if (!subst)
		return NULL;
	r->called = c0;
	r->rendered = r0;
	int rec0 = r->subst_rec;
	const csl_node *sn0 = r->subst_names;
	for (const csl_node *k = subst->kids; k; k = k->next) {
		int c1 = r->called, r1 = r->rendered;
		csl_out *x;
		r->subst_rec = 1;
		r->n_subst_vars = 0;
		if (k->kind == CN_NAMES && !k->kids) {
			/* inherits the names element's children */
			x = render_names_with(r, k, namesel, etal, label);
		} else {
			r->subst_names = from;
			x = render_node(r, k);
			r->subst_names = sn0;
		}
		r->subst_rec = rec0;
		if (x) {
			/* every variable the substitute rendered, at any depth */
			for (int q = 0; q < r->n_subst_vars && r->n_supp < 16; q++)
				if (!suppressed(r, r->subst_vars[q]))
					suppress(r, r->subst_vars[q]);
			/* the substituted variables are suppressed from here on */
			const char *vars = NULL;
			if (k->kind == CN_NAMES || k->kind == CN_TEXT || k->kind == CN_DATE ||
			    k->kind == CN_NUMBER)
				vars = k->var;
			if (k->kind == CN_TEXT && k->macro) {
				/* suppress the variables called by the macro (first level) */
				for (const csl_node *m = k->macro->kids; m; m = m->next) {
					const char *mv = m->var;
					if (mv)
						suppress(r, mv);
				}
			}
			if (vars)
				for (int q = 0; q < k->n_vl; q++)
					suppress(r, k->vl[q]);
			r->rendered = r1 + 1;
			r->called = c1 + 1;
			/* the substituting output takes the affixes and formatting
			 * of the <names> it stands for */
			csl_out *w = onew(r, &n->fmt);
			if (w)
				w->delim = NULL;
			oadd(w, x);
			if (!r->first_names)
				r->first_names = w;
			return w;
		}
		r->called = c1;
		r->rendered = r1;
	}
	r->called = c0 + 1;
	return NULL;
}

/* ---------------- dates ---------------- */

static const char *date_part_str(csl_rctx *r, const csl_node *dp, const char *name,
				 const csl_date *d, int k)
{
	const char *form = csl_attr_get(dp, "form");
	char b[64];
	if (!strcmp(name, "year")) {
		int y = d->y[k];
		if (!y)
			return NULL;
		if (r->mode == CM_SORT) {
			snprintf(b, sizeof b, "%05d", y + 50000);
			return adup(r, b);
		}
		if (form && !strcmp(form, "short"))
			snprintf(b, sizeof b, "%02d", (y < 0 ? -y : y) % 100);
		else if (y < 0) {
			const char *bc = csl_term(r->lc, "bc", NULL, 0);
			snprintf(b, sizeof b, "%d%s", -y, bc ? bc : "BC");
		} else if (y < 1000) {
			const char *ad = csl_term(r->lc, "ad", NULL, 0);
			snprintf(b, sizeof b, "%d%s", y, ad ? ad : "AD");
		} else
			snprintf(b, sizeof b, "%d", y);
		return adup(r, b);
	}
	if (!strcmp(name, "month")) {
		int m = d->m[k];
		if (r->mode == CM_SORT) {
			snprintf(b, sizeof b, "%02d", m ? m : (k == 0 && d->season ? 12 + d->season : 0));
			return adup(r, b);
		}
		if (m >= 13) {
			snprintf(b, sizeof b, "season-%02d", m - 12);
			return csl_term(r->lc, b, NULL, 0);
		}
		if (!m) {
			if (k == 0 && d->season) {
				snprintf(b, sizeof b, "season-%02d", d->season);
				return csl_term(r->lc, b, NULL, 0);
			}
			return NULL;
		}
		if (form && !strcmp(form, "numeric"))
			snprintf(b, sizeof b, "%d", m);
		else if (form && !strcmp(form, "numeric-leading-zeros"))
			snprintf(b, sizeof b, "%02d", m);
		else {
			snprintf(b, sizeof b, "month-%02d", m);
			return csl_term(r->lc, b, form && !strcmp(form, "short") ? "short" : "long", 0);
		}
		return adup(r, b);
	}
	if (!strcmp(name, "day")) {
		int dd = d->d[k];
		if (r->mode == CM_SORT) {
			snprintf(b, sizeof b, "%02d", dd);
			return adup(r, b);
		}
		if (!dd || !d->m[k])
			return NULL;
		if (form && !strcmp(form, "numeric-leading-zeros"))
			snprintf(b, sizeof b, "%02d", dd);
		else if (form && !strcmp(form, "ordinal")) {
			int lim = 0;
			for (size_t i = 0; i < r->lc->n; i++)
				if (r->lc->l[i]->limit_ordinals >= 0) {
					lim = r->lc->l[i]->limit_ordinals;
					break;
				}
			if (lim && dd != 1)
				snprintf(b, sizeof b, "%d", dd);
			else {
				snprintf(b, sizeof b, "month-%02d", d->m[k]);
				snprintf(b, sizeof b, "%d%s", dd, csl_ordinal(r->lc, dd, csl_term_gender(r->lc, b)));
			}
		} else
			snprintf(b, sizeof b, "%d", dd);
		return adup(r, b);
	}
	return NULL;
}

/* The effective date-part nodes: local (style) or localized with overrides. */
typedef struct dpart {
	const char *name;
	const csl_node *n;  /* formatting source */
	csl_fmt fmt;
	const char *form;
} dpart;

static int parts_of(csl_rctx *r, const csl_node *n, dpart *p, const csl_node **dnode)
{
	const char *form = csl_attr_get(n, "form");
	int np = 0;
	if (form) {
		const csl_node *ld = csl_locale_date(r->lc, !strcmp(form, "numeric"));
		if (!ld)
			return 0;
		*dnode = ld;
		const char *dps = csl_attr_get(n, "date-parts");
		int want_m = !dps || strcmp(dps, "year") != 0;
		int want_d = !dps || !strcmp(dps, "year-month-day");
		for (const csl_node *k = ld->kids; k && np < 3; k = k->next) {
			if (k->kind != CN_DATE_PART)
				continue;
			const char *nm = csl_attr_get(k, "name");
			if (!nm || (!strcmp(nm, "month") && !want_m) || (!strcmp(nm, "day") && !want_d))
				continue;
			p[np].name = nm;
			p[np].n = k;
			p[np].fmt = k->fmt;
			/* style date-part overrides formatting but not affixes */
			for (const csl_node *s = n->kids; s; s = s->next) {
				const char *sn = csl_attr_get(s, "name");
				if (s->kind == CN_DATE_PART && sn && !strcmp(sn, nm)) {
					/* what the style's part sets, over the locale's */
					const csl_fmt *sf = &s->fmt;
					csl_fmt *pf = &p[np].fmt;
					p[np].n = s;
#define DP_OVER(fld) if (sf->fld) pf->fld = sf->fld
					DP_OVER(font_style);
					DP_OVER(font_variant);
					DP_OVER(font_weight);
					DP_OVER(text_deco);
					DP_OVER(valign);
					DP_OVER(text_case);
					DP_OVER(quotes);
					DP_OVER(strip_periods);
#undef DP_OVER
				}
			}
			np++;
		}
	} else {
		*dnode = n;
		for (const csl_node *k = n->kids; k && np < 3; k = k->next) {
			if (k->kind != CN_DATE_PART)
				continue;
			p[np].name = csl_attr_get(k, "name");
			if (!p[np].name)
				continue;
			p[np].n = k;
			p[np].fmt = k->fmt;
			np++;
		}
	}
	return np;
}

static csl_out *part_out(csl_rctx *r, const dpart *p, const csl_date *d, int k,
			 int drop_prefix, int drop_suffix)
{
	const char *s = date_part_str(r, p->n, p->name, d, k);
	if (!s)
		return NULL;
	csl_fmt *f = quire_arena_alloc(r->a, sizeof *f);
	if (!f)
		return NULL;
	*f = p->fmt;
	if (drop_prefix)
		f->prefix = NULL;
	if (drop_suffix)
		f->suffix = NULL;
	if (r->mode == CM_SORT) {
		f->prefix = f->suffix = NULL;
	}
	if (strcmp(p->name, "month") != 0)
		f->strip_periods = 0;
	return leaf(r, s, f);
}

static csl_out *render_date(csl_rctx *r, const csl_node *n)
{
	const char *var = csl_attr_get(n, "variable");
	if (!var)
		return NULL;
	r->called++;
	if (suppressed(r, var) || (r->disamb && !strcmp(var, "accessed")))
		return NULL;
	const csl_var *v = csl_item_var(r->it, var);
	if (!v || v->kind != CV_DATE)
		return NULL;
	note_rendered(r, var);
	const csl_date *d = v->date;
	csl_out *o = onew(r, &n->fmt);
	if (!o)
		return NULL;
	o->delim = NULL;
	if (!d->y[0] && d->literal) {
		r->rendered++;
		oadd(o, leaf(r, d->literal, NULL));
		return o;
	}
	if (!d->y[0])
		return NULL;
	if (r->mode == CM_SORT) {
		/* sortable: year month day regardless of order */
		char b[64];
		snprintf(b, sizeof b, "%06lld%02d%02d", (long long)d->y[0] + 100000,
			 d->m[0] ? d->m[0] : 0, d->d[0]);
		if (d->range)
			snprintf(b + strlen(b), sizeof b - strlen(b), "-%06lld%02d%02d",
				 (long long)d->y[1] + 100000, d->m[1], d->d[1]);
		r->rendered++;
		oadd(o, leaf(r, adup(r, b), NULL));
		return o;
	}
	dpart parts[3];
	const csl_node *dn = n;
	int np = parts_of(r, n, parts, &dn);
	if (!np)
		return NULL;
	const char *ddelim = dn != n ? dn->fmt.delim : n->fmt.delim;
	int lvl = -1; /* 0 year 1 month 2 day differ */
	if (d->range) {
		if (d->y[1] && d->y[1] != d->y[0])
			lvl = 0;
		else if (d->m[1] && d->m[1] != d->m[0])
			lvl = 1;
		else if (d->d[1] && d->d[1] != d->d[0])
			lvl = 2;
	}
	csl_out *body = onew(r, NULL);
	body->delim = ddelim;
	if (lvl < 0) {
		for (int i = 0; i < np; i++)
			oadd(body, part_out(r, &parts[i], d, 0, 0, 0));
		if (d->range == 2 && body->kids) {
			/* open range: the year's range delimiter after the date */
			const char *rd = NULL;
			for (int i = 0; i < np; i++)
				if (!strcmp(parts[i].name, "year"))
					rd = csl_attr_get(parts[i].n, "range-delimiter");
			csl_out *w = onew(r, NULL);
			oadd(w, body);
			add_sep(r, w, rd ? rd : "\xE2\x80\x93");
			body = w;
		}
	} else {
		/* differing parts: those at or below lvl */
		int diff[3];
		int first = -1, last = -1;
		for (int i = 0; i < np; i++) {
			int pl = !strcmp(parts[i].name, "year") ? 0 : !strcmp(parts[i].name, "month") ? 1 : 2;
			diff[i] = pl >= lvl;
			if (diff[i]) {
				if (first < 0)
					first = i;
				last = i;
			}
		}
		const char *rd = NULL;
		for (int i = 0; i < np; i++) {
			int pl = !strcmp(parts[i].name, "year") ? 0 : !strcmp(parts[i].name, "month") ? 1 : 2;
			if (pl == lvl)
				rd = csl_attr_get(parts[i].n, "range-delimiter");
		}
		if (!rd)
			rd = "\xE2\x80\x93";
		for (int i = 0; i < np; i++) {
			if (i == first && first >= 0) {
				/* start and end: each with the date's delimiter */
				csl_out *rng = onew(r, NULL);
				csl_out *from = onew(r, NULL), *to = onew(r, NULL);
				if (!rng || !from || !to)
					return NULL;
				from->delim = to->delim = ddelim;
				int lastp = first;
				for (int j = first; j <= last; j++)
					if (date_part_str(r, parts[j].n, parts[j].name, d, 0))
						lastp = j;
				for (int j = first; j <= last; j++)
					oadd(from, part_out(r, &parts[j], d, 0, 0, j == lastp));
				for (int j = first; j <= last; j++)
					oadd(to, part_out(r, &parts[j], d, 1, j == first, 0));
				oadd(rng, from);
				add_sep(r, rng, rd);
				oadd(rng, to);
				oadd(body, rng);
				i = last;
				continue;
			}
			oadd(body, part_out(r, &parts[i], d, 0, 0, 0));
		}
	}
	if (!body->kids)
		return NULL;
	r->rendered++;
	if (!r->s->explicit_ys && r->it->year_suffix && !r->ys_done &&
	    !strcmp(var, "issued")) {
		/* the year suffix goes after the first issued date */
		r->ys_done = 1;
		const char *ys = var_str(r, "year-suffix", NULL);
		csl_out *l = leaf(r, ys, NULL);
		if (l) {
			csl_out *w = onew(r, NULL);
			oadd(w, body);
			oadd(w, l);
			body = w;
		}
	}
	if (dn != n) {
		/* the localized date's own affixes/delimiter sit inside */
		csl_out *w = onew(r, NULL);
		w->delim = NULL;
		oadd(w, body);
		oadd(o, w);
	} else
		oadd(o, body);
	o->delim = NULL;
	return o;
}

/* ---------------- choose ---------------- */

static int test_one(csl_rctx *r, const csl_test *t)
{
	const char *val = t->val;
	switch (t->attr) {
	case CT_TYPE: { /* the first byte first: most types differ there */
		const char *ty = r->it->type;
		if (ty[0] == 'c' && !r->s->knows_classic && !strcmp(ty, "classic"))
			ty = "book";
		return ty[0] == val[0] && !strcmp(ty, val);
	}
	case CT_VARIABLE:
		return var_present(r, val, t->vid);
	case CT_IS_NUMERIC: {
		const char *v;
		if (t->vid == CVI_LOCATOR && r->cite)
			v = r->cite->locator;
		else {
			const csl_var *x = csl_item_var_id(r->it, t->vid, val);
			v = x && x->kind == CV_STR && x->s[0] ? x->s : NULL;
		}
		return csl_is_numeric(v);
	}
	case CT_UNCERTAIN: {
		const csl_var *v = csl_item_var_id(r->it, t->vid, val);
		return v && v->kind == CV_DATE && v->date->circa;
	}
	case CT_LOCATOR: {
		if (!r->cite || !r->cite->locator || !*r->cite->locator)
			return 0;
		const char *l = r->cite->label && *r->cite->label ? r->cite->label : "page";
		if (!strcmp(val, "sub-verbo") || !strcmp(val, "sub verbo"))
			return !strcmp(l, "sub-verbo") || !strcmp(l, "sub verbo");
		return !strcmp(l, val);
	}
	case CT_POSITION: {
		if (r->mode != CM_CITATION || r->position < 0)
			return 0;
		if (!strcmp(val, "first"))
			return r->position == CSL_POS_FIRST;
		if (!strcmp(val, "subsequent"))
			return r->position >= CSL_POS_SUBSEQUENT;
		if (!strcmp(val, "ibid"))
			return r->position >= CSL_POS_IBID;
		if (!strcmp(val, "ibid-with-locator"))
			return r->position == CSL_POS_IBID_WITH_LOCATOR;
		if (!strcmp(val, "near-note"))
			return r->near_note && r->position >= CSL_POS_SUBSEQUENT;
		return 0;
	}
	case CT_DISAMBIGUATE:
		return (r->it->disamb != 0) == !strcmp(val, "true");
	default:
		return 0;
	}
}

static int cond_holds(csl_rctx *r, const csl_node *n)
{
	if (n->kind == CN_ELSE)
		return 1;
	int mode = n->match;
	/* stops at the first test that decides: a false one for "all", a
	 * true one for "any" and "none" */
	for (int i = 0; i < n->n_tests; i++) {
		int ok = test_one(r, &n->tests[i]);
		if (mode == 0 && !ok)
			return 0;
		if (mode != 0 && ok)
			return mode == 1;
	}
	if (!n->n_tests)
		return 0;
	return mode != 1;
}

/* ---------------- dispatch ---------------- */

static csl_out *render_kids_into(csl_rctx *r, const csl_node *n, csl_out *o)
{
	for (const csl_node *k = n->kids; k; k = k->next) {
		if (k->kind == CN_CHOOSE) {
			for (const csl_node *b = k->kids; b; b = b->next)
				if (cond_holds(r, b)) {
					render_kids_into(r, b, o);
					break;
				}
			continue;
		}
		oadd(o, render_node(r, k));
	}
	return o;
}

static csl_out *render_node(csl_rctx *r, const csl_node *n)
{
	if (r->depth > CSL_MAX_DEPTH)
		return NULL;
	switch (n->kind) {
	case CN_TEXT:
		return render_text(r, n);
	case CN_NUMBER:
		return render_number(r, n);
	case CN_LABEL: {
		const char *v = n->var;
		return v ? render_label_for(r, n, v, 0) : NULL;
	}
	case CN_NAMES:
		return render_names(r, n);
	case CN_DATE:
		return render_date(r, n);
	case CN_GROUP: {
		int c0 = r->called, r0 = r->rendered;
		r->called = r->rendered = 0;
		r->depth++;
		csl_out *o = onew(r, &n->fmt);
		render_kids_into(r, n, o);
		r->depth--;
		int c = r->called, rn = r->rendered;
		int empty = !o || !o->kids || (c > 0 && rn == 0);
		r->called = c0 + c;
		/* a nested group that prints counts as printed content for
		 * the group around it, even with terms and values only
		 * (citeproc-js) */
		r->rendered = r0 + rn + (!empty && rn == 0);
		if (empty)
			return NULL;
		return o;
	}
	case CN_CHOOSE: {
		csl_out *o = onew(r, NULL);
		r->depth++;
		for (const csl_node *b = n->kids; b; b = b->next)
			if (cond_holds(r, b)) {
				render_kids_into(r, b, o);
				break;
			}
		r->depth--;
		return o && o->kids ? o : NULL;
	}
	default:
		return NULL;
	}
}

csl_out *csl_render(csl_rctx *r, const csl_node *layout)
{
	csl_out *o = onew(r, NULL);
	if (!o)
		return NULL;
	render_kids_into(r, layout, o);
	return o->kids ? o : NULL;
}
