/*
 * item.c — CSL-JSON items into csl_item structs.
 *
 * The JSON is read by a small reader of its own (jv below) rather than
 * Jansson: the items are read once and thrown away, so a tree of nodes in
 * a scratch arena, with the strings decoded straight into the items'
 * arena, does without the hash table per object and the malloc/free per
 * value that made reading cost as much as formatting.  It is strict JSON
 * (RFC 8259: valid UTF-8, no \u0000, no lone surrogates, nothing after
 * the value), nesting bounded by JV_MAX_DEPTH, errors with the line.
 *
 * Lenient as the test suite needs: numbers may be strings and strings
 * numbers, date parts may be strings, a missing id or type is supplied,
 * unknown shapes are skipped.  Names without explicit particles get them
 * parsed as citeproc-js does: leading lower-case words of the family name
 * ("van der Berg") are the non-dropping particle, trailing lower-case words
 * of the given name ("Ludwig van") the dropping one.
 */
#include "csl_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <utf8proc.h>

static const char *const var_names[] = {
#define CSL_VAR_NAME(e, s) s,
	CSL_VARS(CSL_VAR_NAME)
#undef CSL_VAR_NAME
};

int csl_var_id(const char *name)
{
	if (!name)
		return 0;
	size_t lo = 0, hi = sizeof var_names / sizeof var_names[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, var_names[mid]);
		if (!c)
			return (int)mid + 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

const char *csl_var_name(int id)
{
	return id > 0 && id < CVI_COUNT ? var_names[id - 1] : NULL;
}

const csl_var *csl_item_var_id(const csl_item *it, int id, const char *name)
{
	if (id) {
		for (size_t i = 0; i < it->n_vars; i++)
			if (it->vars[i].id == id)
				return &it->vars[i];
		return NULL;
	}
	for (size_t i = 0; i < it->n_vars; i++)
		if (!it->vars[i].id && it->vars[i].name[0] == name[0] &&
		    !strcmp(it->vars[i].name, name))
			return &it->vars[i];
	return NULL;
}

const csl_var *csl_item_var(const csl_item *it, const char *name)
{
	return csl_item_var_id(it, csl_var_id(name), name);
}

const char *csl_item_str(const csl_item *it, const char *name)
{
	const csl_var *v = csl_item_var(it, name);
	return v && v->kind == CV_STR && v->s[0] ? v->s : NULL;
}

static char *dup(quire_arena *a, const char *s)
{
	return quire_arena_strndup(a, s, strlen(s));
}

/* ---- the JSON reader ---- */

#define JV_MAX_DEPTH 64

enum { JV_NULL = 0, JV_FALSE, JV_TRUE, JV_INT, JV_REAL, JV_STR, JV_ARR, JV_OBJ };

typedef struct jv {
	int t;            /* JV_* */
	size_t n;         /* string length; members of an array or object */
	const char *s;    /* JV_STR: decoded, NUL-terminated (items' arena) */
	long long i;      /* JV_INT */
	double d;         /* JV_REAL */
	const char *key;  /* a member of an object: its key */
	struct jv *kids, *last, *next; /* members in order */
} jv;

typedef struct jp {
	const char *p, *end, *start;
	quire_arena *a;   /* strings */
	quire_arena *ta;  /* nodes */
	const char *err;  /* the first error */
} jp;

static void jws(jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' ||
				 *j->p == '\r'))
		j->p++;
}

static int jfail(jp *j, const char *why)
{
	if (!j->err)
		j->err = why;
	return -1;
}

static int hex4(const char *p, const char *end, int32_t *c)
{
	int32_t v = 0;
	if (end - p < 4)
		return -1;
	for (int k = 0; k < 4; k++) {
		char h = p[k];
		v <<= 4;
		if (h >= '0' && h <= '9')
			v |= h - '0';
		else if (h >= 'a' && h <= 'f')
			v |= h - 'a' + 10;
		else if (h >= 'A' && h <= 'F')
			v |= h - 'A' + 10;
		else
			return -1;
	}
	*c = v;
	return 0;
}

/* The string at j->p (its opening quote) decoded into the items' arena. */
static const char *jstr(jp *j, size_t *len)
{
	const char *p = j->p + 1, *q = p;
	int plain = 1;
	while (q < j->end && *q != '"') {
		unsigned char c = (unsigned char)*q;
		if (c < 0x20) {
			j->p = q;
			jfail(j, "control character in a string");
			return NULL;
		}
		if (c == '\\') {
			plain = 0;
			q += 2;
			continue;
		}
		if (c >= 0x80)
			plain = 0;
		q++;
	}
	if (q >= j->end) {
		jfail(j, "unterminated string");
		return NULL;
	}
	/* decoding never grows: an escape is longer than what it stands for */
	char *out = quire_arena_alloc(j->a, (size_t)(q - p) + 1);
	if (!out) {
		jfail(j, "out of memory");
		return NULL;
	}
	size_t o = 0;
	if (plain) {
		memcpy(out, p, (size_t)(q - p));
		o = (size_t)(q - p);
	} else {
		while (p < q) {
			unsigned char c = (unsigned char)*p;
			if (c >= 0x80) {
				int32_t cp;
				utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)p,
								      q - p, &cp);
				if (l <= 0) {
					j->p = p;
					jfail(j, "invalid UTF-8 in a string");
					return NULL;
				}
				memcpy(out + o, p, (size_t)l);
				o += (size_t)l;
				p += l;
				continue;
			}
			if (c != '\\') {
				out[o++] = (char)c;
				p++;
				continue;
			}
			char e = p[1];
			p += 2;
			switch (e) {
			case '"': out[o++] = '"'; break;
			case '\\': out[o++] = '\\'; break;
			case '/': out[o++] = '/'; break;
			case 'b': out[o++] = '\b'; break;
			case 'f': out[o++] = '\f'; break;
			case 'n': out[o++] = '\n'; break;
			case 'r': out[o++] = '\r'; break;
			case 't': out[o++] = '\t'; break;
			case 'u': {
				int32_t cp, lo;
				if (hex4(p, q, &cp)) {
					j->p = p;
					jfail(j, "invalid \\u escape");
					return NULL;
				}
				p += 4;
				if (cp >= 0xD800 && cp <= 0xDBFF) {
					if (q - p < 6 || p[0] != '\\' || p[1] != 'u' ||
					    hex4(p + 2, q, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
						j->p = p;
						jfail(j, "a lone UTF-16 surrogate in a \\u escape");
						return NULL;
					}
					p += 6;
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				} else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0) {
					j->p = p;
					jfail(j, cp ? "a lone UTF-16 surrogate in a \\u escape"
						    : "\\u0000 is not allowed");
					return NULL;
				}
				o += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out + o);
				break;
			}
			default:
				j->p = p - 2;
				jfail(j, "invalid escape in a string");
				return NULL;
			}
		}
	}
	out[o] = 0;
	*len = o;
	j->p = q + 1;
	return out;
}

static jv *jnew(jp *j, int t)
{
	jv *v = quire_arena_alloc(j->ta, sizeof *v);
	if (!v) {
		jfail(j, "out of memory");
		return NULL;
	}
	memset(v, 0, sizeof *v);
	v->t = t;
	return v;
}

static int jlit(jp *j, const char *w, size_t n)
{
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n))
		return jfail(j, "invalid token");
	j->p += n;
	return 0;
}

/* The value at j->p (whitespace skipped); NULL with j->err. */
static jv *jvalue(jp *j, int depth)
{
	jws(j);
	if (j->p >= j->end) {
		jfail(j, "unexpected end of input");
		return NULL;
	}
	char c = *j->p;
	jv *v;
	switch (c) {
	case '{':
	case '[': {
		if (depth >= JV_MAX_DEPTH) {
			jfail(j, "nested too deeply");
			return NULL;
		}
		char close = c == '{' ? '}' : ']';
		if (!(v = jnew(j, c == '{' ? JV_OBJ : JV_ARR)))
			return NULL;
		j->p++;
		jws(j);
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return v;
		}
		for (;;) {
			const char *key = NULL;
			if (v->t == JV_OBJ) {
				size_t kl;
				jws(j);
				if (j->p >= j->end || *j->p != '"') {
					jfail(j, "string or '}' expected");
					return NULL;
				}
				if (!(key = jstr(j, &kl)))
					return NULL;
				jws(j);
				if (j->p >= j->end || *j->p != ':') {
					jfail(j, "':' expected");
					return NULL;
				}
				j->p++;
			}
			jv *k = jvalue(j, depth + 1);
			if (!k)
				return NULL;
			k->key = key;
			if (v->last)
				v->last->next = k;
			else
				v->kids = k;
			v->last = k;
			v->n++;
			jws(j);
			if (j->p < j->end && *j->p == ',') {
				j->p++;
				continue;
			}
			if (j->p < j->end && *j->p == close) {
				j->p++;
				return v;
			}
			jfail(j, close == '}' ? "',' or '}' expected" : "',' or ']' expected");
			return NULL;
		}
	}
	case '"':
		if (!(v = jnew(j, JV_STR)))
			return NULL;
		v->s = jstr(j, &v->n);
		return v->s ? v : NULL;
	case 't':
		return jlit(j, "true", 4) ? NULL : jnew(j, JV_TRUE);
	case 'f':
		return jlit(j, "false", 5) ? NULL : jnew(j, JV_FALSE);
	case 'n':
		return jlit(j, "null", 4) ? NULL : jnew(j, JV_NULL);
	default:
		break;
	}
	/* a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
	const char *st = j->p, *p = j->p;
	int real = 0;
	if (p < j->end && *p == '-')
		p++;
	if (p >= j->end || !isdigit((unsigned char)*p)) {
		jfail(j, "invalid token");
		return NULL;
	}
	if (*p == '0')
		p++;
	else
		while (p < j->end && isdigit((unsigned char)*p))
			p++;
	if (p < j->end && *p == '.') {
		real = 1;
		p++;
		if (p >= j->end || !isdigit((unsigned char)*p)) {
			j->p = p;
			jfail(j, "invalid number");
			return NULL;
		}
		while (p < j->end && isdigit((unsigned char)*p))
			p++;
	}
	if (p < j->end && (*p == 'e' || *p == 'E')) {
		real = 1;
		p++;
		if (p < j->end && (*p == '+' || *p == '-'))
			p++;
		if (p >= j->end || !isdigit((unsigned char)*p)) {
			j->p = p;
			jfail(j, "invalid number");
			return NULL;
		}
		while (p < j->end && isdigit((unsigned char)*p))
			p++;
	}
	char num[64];
	size_t nl = (size_t)(p - st);
	if (nl >= sizeof num) {
		/* digits beyond a double's precision: only the magnitude counts */
		real = 1;
	}
	if (!(v = jnew(j, JV_REAL)))
		return NULL;
	j->p = p;
	if (nl < sizeof num) {
		memcpy(num, st, nl);
		num[nl] = 0;
		if (!real) {
			errno = 0;
			long long x = strtoll(num, NULL, 10);
			if (errno != ERANGE) {
				v->t = JV_INT;
				v->i = x;
				return v;
			}
		}
		v->d = strtod(num, NULL);
		return v;
	}
	/* a very long number: parse a copy in the scratch arena */
	char *big = quire_arena_strndup(j->ta, st, nl);
	if (!big) {
		jfail(j, "out of memory");
		return NULL;
	}
	v->d = strtod(big, NULL);
	return v;
}

/* The member key of object o (the first one so named), or NULL. */
static const jv *jget(const jv *o, const char *key)
{
	if (!o || o->t != JV_OBJ)
		return NULL;
	for (const jv *k = o->kids; k; k = k->next)
		if (k->key[0] == key[0] && !strcmp(k->key, key))
			return k;
	return NULL;
}

/* Element i of array a (a short walk: used for the first few only). */
static const jv *jat(const jv *a, size_t i)
{
	if (!a || a->t != JV_ARR)
		return NULL;
	const jv *k = a->kids;
	while (k && i--)
		k = k->next;
	return k;
}

#define JIS(v, type) ((v) && (v)->t == (type))

/* A value as text: strings as they are (already in the items' arena),
 * numbers written out, true as "true"; NULL otherwise. */
static const char *json_text(quire_arena *a, const jv *v)
{
	char tmp[64];
	if (JIS(v, JV_STR))
		return v->s;
	if (JIS(v, JV_INT)) {
		snprintf(tmp, sizeof tmp, "%lld", v->i);
		return dup(a, tmp);
	}
	if (JIS(v, JV_REAL)) {
		snprintf(tmp, sizeof tmp, "%g", v->d);
		return dup(a, tmp);
	}
	if (JIS(v, JV_TRUE))
		return "true";
	return NULL;
}

static int clamp_int(double d)
{
	return d != d ? 0 : d > 2147483647.0 ? 2147483647 :
		d < -2147483648.0 ? (-2147483647 - 1) : (int)d;
}

static int json_int(const jv *v)
{
	if (JIS(v, JV_INT))
		return v->i > 2147483647LL ? 2147483647 :
			v->i < -2147483648LL ? (-2147483647 - 1) : (int)v->i;
	if (JIS(v, JV_REAL))
		return clamp_int(v->d);
	if (JIS(v, JV_STR))
		return atoi(v->s);
	return 0;
}

static int is_lower_word(const char *s, size_t n)
{
	if (!n)
		return 0;
	unsigned char c = (unsigned char)s[0];
	return (c >= 'a' && c <= 'z') || c == '\'';
}

static void parse_particles(quire_arena *a, csl_name *nm)
{
	if (nm->family && !nm->ndp) {
		const char *f = nm->family;
		size_t cut = 0, i = 0, n = strlen(f);
		/* leading words starting lower case, followed by more text */
		while (i < n) {
			size_t j = i;
			while (j < n && f[j] != ' ')
				j++;
			if (j >= n || !is_lower_word(f + i, j - i))
				break;
			cut = j;
			i = j + 1;
		}
		if (cut) {
			nm->ndp = quire_arena_strndup(a, f, cut);
			nm->family = f + cut + 1;
		} else {
			/* "al-One", "d'Aubignac": a short lower-case particle joined
			 * by a hyphen or an apostrophe to a capitalised family */
			size_t k = 0;
			while (k < n && k < 4 && f[k] >= 'a' && f[k] <= 'z')
				k++;
			size_t pl = 0;
			if (k && k < n && (f[k] == '-' || f[k] == '\''))
				pl = k + 1;
			else if (k && k + 2 < n && !strncmp(f + k, "\xE2\x80\x99", 3))
				pl = k + 3;
			if (pl && pl < n && f[pl] >= 'A' && f[pl] <= 'Z') {
				nm->ndp = quire_arena_strndup(a, f, pl);
				nm->family = f + pl;
			}
		}
	}
	if (nm->given && !nm->dp) {
		const char *g = nm->given;
		size_t n = strlen(g), end = n;
		while (end > 0) {
			size_t sp = end;
			while (sp > 0 && g[sp - 1] != ' ')
				sp--;
			if (sp == 0 || !is_lower_word(g + sp, end - sp))
				break;
			end = sp - 1;
		}
		if (end < n) {
			nm->dp = dup(a, g + end + 1);
			nm->given = quire_arena_strndup(a, g, end);
		}
	}
}

static int parse_names(quire_arena *a, const jv *arr, csl_var *v)
{
	size_t n = arr->n;
	v->names = quire_arena_alloc(a, (n ? n : 1) * sizeof *v->names);
	if (!v->names)
		return -1;
	v->n_names = 0;
	for (const jv *o = arr->kids; o; o = o->next) {
		if (!JIS(o, JV_OBJ))
			continue;
		csl_name *nm = &v->names[v->n_names];
		memset(nm, 0, sizeof *nm);
		nm->family = json_text(a, jget(o, "family"));
		nm->given = json_text(a, jget(o, "given"));
		nm->dp = json_text(a, jget(o, "dropping-particle"));
		nm->ndp = json_text(a, jget(o, "non-dropping-particle"));
		nm->suffix = json_text(a, jget(o, "suffix"));
		nm->literal = json_text(a, jget(o, "literal"));
		const jv *x = jget(o, "comma-suffix");
		nm->comma_suffix = x && (JIS(x, JV_TRUE) || json_int(x));
		x = jget(o, "static-ordering");
		nm->static_order = x && (JIS(x, JV_TRUE) || json_int(x));
		if (!nm->family && !nm->literal && nm->given) {
			nm->literal = NULL;
		}
		if (nm->given && !nm->suffix && nm->family) {
			/* "John, III" and "John,! Jr." carry a suffix (the "!"
			 * keeps a comma before it) */
			const char *cm = strchr(nm->given, ',');
			if (cm && cm > nm->given) {
				const char *sx = cm + 1;
				if (*sx == '!') {
					nm->comma_suffix = 1;
					sx++;
				}
				while (*sx == ' ')
					sx++;
				if (*sx) {
					nm->suffix = sx;
					nm->given = quire_arena_strndup(a, nm->given, (size_t)(cm - nm->given));
				}
			}
		}
		size_t fl = nm->family ? strlen(nm->family) : 0;
		if (fl >= 2 && nm->family[0] == '"' && nm->family[fl - 1] == '"') {
			/* a quoted family name is taken as written */
			nm->family = quire_arena_strndup(a, nm->family + 1, fl - 2);
		} else if (nm->family && !nm->literal) {
			x = jget(o, "parse-names");
			if (!x || JIS(x, JV_TRUE) || (JIS(x, JV_STR) && strcmp(x->s, "false")))
				parse_particles(a, nm);
		}
		if (nm->family || nm->given || nm->literal)
			v->n_names++;
	}
	return 0;
}

/* A year as the engine can print and sort it: within 99,999 years either
 * side of year 0 (a hostile "date-parts": [[2147483647]] would overflow
 * the sort key and the era's negation). */
static int clamp_year(long long y)
{
	return y > 99999 ? 99999 : y < -99999 ? -99999 : (int)y;
}

/* The number of the digits at s, saturating at 99,999,999 (atoi's
 * overflow is undefined). */
static int digits_int(const char *s)
{
	long long v = 0;
	while (isdigit((unsigned char)*s) && v < 99999999)
		v = v * 10 + (*s++ - '0');
	return (int)(v > 99999999 ? 99999999 : v);
}

static void parse_raw_date(const char *s, csl_date *d)
{
	int k = 0;
	while (*s && k < 2) {
		int y = 0, m = 0, dd = 0;
		int neg = 0;
		if (*s == '-') {
			neg = 1;
			s++;
		}
		if (!isdigit((unsigned char)*s))
			break;
		y = digits_int(s);
		while (isdigit((unsigned char)*s))
			s++;
		if (*s == '-' && isdigit((unsigned char)s[1])) {
			m = digits_int(++s);
			while (isdigit((unsigned char)*s))
				s++;
			if (*s == '-' && isdigit((unsigned char)s[1])) {
				dd = digits_int(++s);
				while (isdigit((unsigned char)*s))
					s++;
			}
		}
		d->y[k] = clamp_year(neg ? -(long long)y : y);
		d->m[k] = m;
		d->d[k] = dd;
		k++;
		if (*s == '/')
			s++;
		else
			break;
	}
	if (k == 2)
		d->range = 1;
}

static int parse_date(quire_arena *a, const jv *o, csl_var *v)
{
	csl_date *d = quire_arena_alloc(a, sizeof *d);
	if (!d)
		return -1;
	memset(d, 0, sizeof *d);
	v->date = d;
	if (JIS(o, JV_STR)) {
		parse_raw_date(o->s, d);
		if (!d->y[0])
			d->literal = o->s;
		return 0;
	}
	if (!JIS(o, JV_OBJ))
		return 0;
	const jv *dp = jget(o, "date-parts");
	if (JIS(dp, JV_ARR)) {
		for (size_t k = 0; k < 2 && k < dp->n; k++) {
			const jv *p = jat(dp, k);
			if (!JIS(p, JV_ARR))
				continue;
			if (p->n > 0)
				d->y[k] = clamp_year(json_int(jat(p, 0)));
			if (p->n > 1)
				d->m[k] = json_int(jat(p, 1));
			if (p->n > 2)
				d->d[k] = json_int(jat(p, 2));
		}
		if (dp->n > 1 && (d->y[1] || d->m[1] || d->d[1]))
			d->range = 1;
		else if (dp->n > 1 && d->y[0] && JIS(jat(dp, 1), JV_ARR) &&
			 jat(dp, 1)->n > 0)
			d->range = 2; /* [[1987], [0]]: a range open at its end */
	}
	if (!d->y[0]) {
		/* no date-parts (or empty ones): the raw string, parsed when
		 * it is a date, else shown as it is */
		const jv *raw = jget(o, "raw");
		if (JIS(raw, JV_STR)) {
			parse_raw_date(raw->s, d);
			if (!d->y[0] && *raw->s)
				d->literal = raw->s;
		}
	}
	const jv *x = jget(o, "season");
	if (x)
		d->season = json_int(x);
	if (JIS(x, JV_STR) && !d->season) {
		const char *s = x->s;
		d->season = !strcasecmp(s, "spring") ? 1 : !strcasecmp(s, "summer") ? 2 :
			!strcasecmp(s, "autumn") || !strcasecmp(s, "fall") ? 3 :
			!strcasecmp(s, "winter") ? 4 : 0;
	}
	x = jget(o, "circa");
	d->circa = x && (JIS(x, JV_TRUE) || json_int(x) ||
			 (JIS(x, JV_STR) && strcmp(x->s, "")));
	x = jget(o, "literal");
	if (JIS(x, JV_STR))
		d->literal = x->s;
	/* a month of 13..24 is a season (13, 17 and 21 spring, and so on;
	 * kept as 13..16, so that a range can run from one season to
	 * another) */
	for (int k = 0; k < 2; k++) {
		if (d->m[k] >= 21 && d->m[k] <= 24)
			d->m[k] -= 8;
		else if (d->m[k] >= 17 && d->m[k] <= 20)
			d->m[k] -= 4;
		if (d->m[k] < 0 || d->m[k] > 16)
			d->m[k] = 0;
	}
	if (d->m[0] >= 13 && !d->season)
		d->season = d->m[0] - 12;
	return 0;
}

static int is_name_var(const char *k, int id)
{
	switch (id) {
	case CVI_AUTHOR: case CVI_CHAIR: case CVI_COLLECTION_EDITOR:
	case CVI_COMPILER: case CVI_COMPOSER: case CVI_CONTAINER_AUTHOR:
	case CVI_CONTRIBUTOR: case CVI_CURATOR: case CVI_DIRECTOR:
	case CVI_EDITOR: case CVI_EDITORIAL_DIRECTOR:
	case CVI_EXECUTIVE_PRODUCER: case CVI_GUEST: case CVI_HOST:
	case CVI_ILLUSTRATOR: case CVI_INTERVIEWER: case CVI_NARRATOR:
	case CVI_ORGANIZER: case CVI_ORIGINAL_AUTHOR: case CVI_PERFORMER:
	case CVI_PRODUCER: case CVI_RECIPIENT: case CVI_REVIEWED_AUTHOR:
	case CVI_SCRIPT_WRITER: case CVI_SERIES_CREATOR: case CVI_TRANSLATOR:
		return 1;
	case CVI_NONE:
		break;
	default:
		return 0;
	}
	static const char *const nv[] = {"author", "chair", "collection-editor",
		"compiler", "composer", "container-author", "contributor", "curator",
		"director", "editor", "editorial-director", "editor-translator",
		"executive-producer", "guest", "host", "illustrator", "interviewer",
		"narrator", "organizer", "original-author", "performer", "producer",
		"recipient", "reviewed-author", "script-writer", "series-creator",
		"translator", NULL};
	for (int i = 0; nv[i]; i++)
		if (!strcmp(nv[i], k))
			return 1;
	return 0;
}

static int is_date_var(const char *k, int id)
{
	switch (id) {
	case CVI_ACCESSED: case CVI_AVAILABLE_DATE: case CVI_EVENT_DATE:
	case CVI_ISSUED: case CVI_ORIGINAL_DATE: case CVI_SUBMITTED:
		return 1;
	case CVI_NONE:
		break;
	default:
		return 0;
	}
	static const char *const dv[] = {"accessed", "available-date",
		"event-date", "issued", "original-date", "submitted", NULL};
	for (int i = 0; dv[i]; i++)
		if (!strcmp(dv[i], k))
			return 1;
	return 0;
}

static int parse_item(quire_arena *a, const jv *o, size_t index, csl_item *it)
{
	memset(it, 0, sizeof *it);
	it->index = index;
	size_t n = o->n;
	it->vars = quire_arena_alloc(a, (n + 1) * sizeof *it->vars);
	if (!it->vars)
		return -1;
	for (const jv *v = o->kids; v; v = v->next) {
		const char *k = v->key;
		if (!strcmp(k, "id")) {
			it->id = json_text(a, v);
			continue;
		}
		if (!strcmp(k, "type")) {
			it->type = json_text(a, v);
			continue;
		}
		csl_var *x = &it->vars[it->n_vars];
		memset(x, 0, sizeof *x);
		x->id = csl_var_id(k);
		x->name = x->id ? csl_var_name(x->id) : dup(a, k);
		if (!x->name)
			return -1;
		if (x->id == CVI_LANGUAGE)
			it->lang = json_text(a, v);
		if (is_name_var(k, x->id)) {
			if (!JIS(v, JV_ARR))
				continue;
			x->kind = CV_NAMES;
			if (parse_names(a, v, x) < 0)
				return -1;
			if (!x->n_names)
				continue;
		} else if (is_date_var(k, x->id)) {
			x->kind = CV_DATE;
			if (parse_date(a, v, x) < 0)
				return -1;
			if (!x->date->y[0] && !x->date->literal && !x->date->season)
				continue;
		} else {
			x->s = json_text(a, v);
			if (!x->s)
				continue;
			x->kind = CV_STR;
		}
		it->n_vars++;
	}
	if (!it->type)
		it->type = "article";
	return 0;
}

/* The line of position p in text starting at start (1-based). */
static int line_of(const char *start, const char *p)
{
	int line = 1;
	for (const char *q = start; q < p; q++)
		if (*q == '\n')
			line++;
	return line;
}

quire_status csl_items_parse(quire_arena *a, const char *json, size_t n,
			     size_t first_index, csl_item **out, size_t *n_out,
			     quire_error *err)
{
	jp j = {json, json + n, json, a, quire_arena_new(0), NULL};
	if (!j.ta)
		return quire_error_set(err, QUIRE_ENOMEM, "items: out of memory");
	jv *root = jvalue(&j, 0);
	if (root) {
		jws(&j);
		if (j.p < j.end) {
			jfail(&j, "end of input expected");
			root = NULL;
		}
	}
	if (!root) {
		quire_status st = !strcmp(j.err, "out of memory") ? QUIRE_ENOMEM : QUIRE_EINPUT;
		int line = line_of(json, j.p < j.end ? j.p : j.end);
		quire_arena_free(j.ta);
		return quire_error_set(err, st, "items:%d: %s", line, j.err);
	}
	jv one = {0};
	if (root->t == JV_OBJ) {
		/* one item: an array of it */
		one.t = JV_ARR;
		one.n = 1;
		one.kids = one.last = root;
		root = &one;
	}
	if (root->t != JV_ARR) {
		quire_arena_free(j.ta);
		return quire_error_set(err, QUIRE_EINPUT, "items: not a JSON array of items");
	}
	size_t m = root->n;
	csl_item *items = quire_arena_alloc(a, (m ? m : 1) * sizeof *items);
	if (!items) {
		quire_arena_free(j.ta);
		return quire_error_set(err, QUIRE_ENOMEM, "items: out of memory");
	}
	size_t k = 0;
	for (const jv *o = root->kids; o; o = o->next) {
		if (!JIS(o, JV_OBJ))
			continue;
		if (parse_item(a, o, first_index + k, &items[k]) < 0) {
			quire_arena_free(j.ta);
			return quire_error_set(err, QUIRE_ENOMEM, "items: out of memory");
		}
		if (!items[k].id) {
			char tmp[32];
			snprintf(tmp, sizeof tmp, "ITEM-%zu", first_index + k + 1);
			items[k].id = dup(a, tmp);
		}
		k++;
	}
	quire_arena_free(j.ta);
	*out = items;
	*n_out = k;
	return QUIRE_OK;
}
