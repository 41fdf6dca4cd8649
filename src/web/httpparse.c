/*
 * httpparse.c — percent-decoding, urlencoded pairs, cookies and
 * multipart/form-data, for the HTTP layer (http.c).
 *
 * Decisions:
 *  - One pass over the input for each parser, with memchr/memmem to find
 *    separators, so the work is linear in the bytes (no backtracking, no
 *    recursion).  Counts are bounded (httpparse.h) so a hostile body
 *    cannot make millions of tiny fields.
 *  - Lenient where browsers differ, strict where safety is concerned: a
 *    bad '%' escape is kept as text, LF is accepted where CRLF is due, a
 *    missing closing boundary keeps the parts that were complete; but a
 *    filename is always cut to its base name and never used as a path.
 *  - A boundary match inside a part only counts when the delimiter is
 *    followed by "--", white space or a line end (RFC 2046), so a part's
 *    data may contain the boundary's text followed by other bytes.
 *  - Everything is allocated in the request's arena; file data points into
 *    the body, which the HTTP layer keeps until the response is sent.
 */
#include "httpparse.h"

#include <stdint.h>
#include <string.h>

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t hp_decode(char *dst, const char *s, size_t n, int plus_space)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n) {
			int h = hexval((unsigned char)s[i + 1]);
			int l = hexval((unsigned char)s[i + 2]);
			if (h >= 0 && l >= 0) {
				dst[o++] = (char)(h * 16 + l);
				i += 2;
				continue;
			}
		}
		dst[o++] = (plus_space && c == '+') ? ' ' : (char)c;
	}
	dst[o] = '\0';
	return o;
}

char *hp_decode_dup(quire_arena *a, const char *s, size_t n, int plus_space,
		    size_t *len)
{
	if (n == SIZE_MAX)
		return NULL;
	char *d = quire_arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	size_t k = hp_decode(d, s, n, plus_space);
	if (len)
		*len = k;
	return d;
}

hp_status hp_list_add(quire_arena *a, hp_list *l, const char *key,
		      const char *val, size_t val_len)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		hp_kv *v = quire_arena_alloc(a, cap * sizeof *v);
		if (!v)
			return HP_ENOMEM;
		if (l->n)
			memcpy(v, l->v, l->n * sizeof *v);
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].key = key;
	l->v[l->n].val = val;
	l->v[l->n].val_len = val_len;
	l->n++;
	return HP_OK;
}

const char *hp_get(const hp_list *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}

const char *const *hp_get_all(const hp_list *l, const char *key,
			      quire_arena *a, size_t *n)
{
	size_t k = 0;
	*n = 0;
	for (size_t i = 0; i < l->n; i++)
		k += strcmp(l->v[i].key, key) == 0;
	if (k == 0)
		return NULL;
	const char **v = quire_arena_alloc(a, (k + 1) * sizeof *v);
	if (!v)
		return NULL;
	k = 0;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			v[k++] = l->v[i].val;
	v[k] = NULL;
	*n = k;
	return v;
}

hp_status hp_parse_urlencoded(quire_arena *a, const char *s, size_t n,
			      size_t max, hp_list *l)
{
	size_t i = 0;
	while (i < n) {
		const char *p = s + i;
		const char *amp = memchr(p, '&', n - i);
		size_t len = amp ? (size_t)(amp - p) : n - i;
		i += len + 1;
		if (len == 0)
			continue;
		if (l->n >= max)
			return HP_ELIMIT;
		const char *eq = memchr(p, '=', len);
		size_t klen = eq ? (size_t)(eq - p) : len;
		const char *vs = eq ? eq + 1 : p + len;
		size_t vlen = eq ? len - klen - 1 : 0;
		size_t dl;
		char *k = hp_decode_dup(a, p, klen, 1, NULL);
		char *v = hp_decode_dup(a, vs, vlen, 1, &dl);
		if (!k || !v)
			return HP_ENOMEM;
		hp_status st = hp_list_add(a, l, k, v, dl);
		if (st != HP_OK)
			return st;
	}
	return HP_OK;
}

static int is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims spaces and tabs off both ends of s[0..*n). */
static const char *trim(const char *s, size_t *n)
{
	while (*n && is_ows(s[0])) {
		s++;
		(*n)--;
	}
	while (*n && is_ows(s[*n - 1]))
		(*n)--;
	return s;
}

hp_status hp_parse_cookies(quire_arena *a, const char *s, size_t n,
			   hp_list *l)
{
	size_t i = 0, count = 0;
	while (i < n && count < HP_MAX_COOKIES) {
		const char *p = s + i;
		const char *semi = memchr(p, ';', n - i);
		size_t len = semi ? (size_t)(semi - p) : n - i;
		i += len + 1;
		const char *eq = memchr(p, '=', len);
		if (!eq)
			continue;
		size_t klen = (size_t)(eq - p);
		size_t vlen = len - klen - 1;
		const char *k = trim(p, &klen);
		const char *v = trim(eq + 1, &vlen);
		if (klen == 0)
			continue;
		if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
			v++;
			vlen -= 2;
		}
		char *kc = quire_arena_strndup(a, k, klen);
		char *vc = quire_arena_strndup(a, v, vlen);
		if (!kc || !vc)
			return HP_ENOMEM;
		hp_status st = hp_list_add(a, l, kc, vc, vlen);
		if (st != HP_OK)
			return st;
		count++;
	}
	return HP_OK;
}

/* ASCII case-insensitive compare of s[0..n) with the C string lit. */
static int ieq(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	if (n != m)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c != (unsigned char)lit[i])
			return 0;
	}
	return 1;
}

/* Reads one parameter value at s[*i..n): a quoted-string (backslash
 * escapes) or a token up to ';'.  Returns the value in the arena; *i ends
 * at the ';' (or n). */
static char *param_value(quire_arena *a, const char *s, size_t n, size_t *i)
{
	size_t j = *i;
	while (j < n && is_ows(s[j]))
		j++;
	char *out = quire_arena_alloc(a, n - j + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	if (j < n && s[j] == '"') {
		j++;
		while (j < n && s[j] != '"') {
			if (s[j] == '\\' && j + 1 < n)
				j++;
			out[o++] = s[j++];
		}
		/* skip what follows the closing quote up to ';' */
		while (j < n && s[j] != ';')
			j++;
	} else {
		while (j < n && s[j] != ';')
			out[o++] = s[j++];
		while (o && is_ows(out[o - 1]))
			o--;
	}
	out[o] = '\0';
	*i = j;
	return out;
}

/* Finds parameter name (case-insensitive) in a header value like
 * "form-data; name=\"x\"; filename=\"y\"" (the part before the first ';'
 * is skipped).  NULL when absent. */
static char *header_param(quire_arena *a, const char *s, size_t n,
			  const char *name, int *oom)
{
	size_t i = 0;
	/* skip the first item, which has no '=' of its own */
	while (i < n && s[i] != ';') {
		if (s[i] == '"') {
			i++;
			while (i < n && s[i] != '"')
				i += (s[i] == '\\' && i + 1 < n) ? 2 : 1;
		}
		if (i < n)
			i++;
	}
	while (i < n) {
		i++; /* the ';' */
		while (i < n && is_ows(s[i]))
			i++;
		size_t ks = i;
		while (i < n && s[i] != '=' && s[i] != ';')
			i++;
		size_t kn = i - ks;
		const char *k = trim(s + ks, &kn);
		if (i >= n || s[i] == ';')
			continue;
		i++; /* '=' */
		int want = ieq(k, kn, name);
		char *v = param_value(a, s, n, &i);
		if (!v) {
			*oom = 1;
			return NULL;
		}
		if (want)
			return v;
	}
	return NULL;
}

const char *hp_boundary(quire_arena *a, const char *content_type)
{
	if (!content_type)
		return NULL;
	size_t n = strlen(content_type);
	const char *semi = memchr(content_type, ';', n);
	size_t tn = semi ? (size_t)(semi - content_type) : n;
	const char *t = trim(content_type, &tn);
	if (!ieq(t, tn, "multipart/form-data"))
		return NULL;
	int oom = 0;
	char *b = header_param(a, content_type, n, "boundary", &oom);
	if (!b)
		return NULL;
	size_t bl = strlen(b);
	if (bl < 1 || bl > 70)
		return NULL;
	for (size_t i = 0; i < bl; i++)
		if ((unsigned char)b[i] < 0x20 || (unsigned char)b[i] > 0x7e)
			return NULL;
	return b;
}

const char *hp_basename(quire_arena *a, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '/' || s[i] == '\\')
			start = i + 1;
	char *out = quire_arena_alloc(a, n - start + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = start; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			continue;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	if (strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		out[0] = '\0';
	return out;
}

/* After a delimiter at body[p..): is this a real boundary line?  Returns
 * 1 for a line end (or white space then a line end), 2 for the closing
 * "--", 0 otherwise; *next is the first byte after the line. */
static int after_delim(const char *body, size_t n, size_t p, size_t *next)
{
	if (p + 2 <= n && body[p] == '-' && body[p + 1] == '-') {
		*next = p + 2;
		return 2;
	}
	while (p < n && is_ows(body[p]))
		p++;
	if (p < n && body[p] == '\r')
		p++;
	if (p < n && body[p] == '\n') {
		*next = p + 1;
		return 1;
	}
	if (p >= n) { /* the body ends right after the delimiter */
		*next = n;
		return 2;
	}
	return 0;
}

/* Finds the next delimiter "\n--boundary" in body[from..n) that is a real
 * boundary line; *at is the index of its '\n', *kind as after_delim. */
static int next_delim(const char *body, size_t n, size_t from,
		      const char *delim, size_t dlen, size_t *at, size_t *next)
{
	while (from < n) {
		const char *hit = memmem(body + from, n - from, delim, dlen);
		if (!hit)
			return 0;
		size_t h = (size_t)(hit - body);
		int kind = after_delim(body, n, h + dlen, next);
		if (kind) {
			*at = h;
			return kind;
		}
		from = h + 1;
	}
	return 0;
}

hp_status hp_parse_multipart(quire_arena *a, const char *boundary,
			     const char *body, size_t n, hp_list *fields,
			     hp_file **files, size_t *n_files)
{
	*files = NULL;
	*n_files = 0;
	size_t blen = boundary ? strlen(boundary) : 0;
	if (blen == 0 || blen > 70)
		return HP_EBAD;
	/* "\n--" + boundary; the first one may stand at the very start */
	char delim[80];
	delim[0] = '\n';
	delim[1] = '-';
	delim[2] = '-';
	memcpy(delim + 3, boundary, blen);
	size_t dlen = blen + 3;

	size_t pos, at = 0;
	int kind;
	if (n >= dlen - 1 && memcmp(body, delim + 1, dlen - 1) == 0 &&
	    (kind = after_delim(body, n, dlen - 1, &pos)) != 0) {
		/* found at the start */
	} else if ((kind = next_delim(body, n, 0, delim, dlen, &at, &pos)) ==
		   0) {
		return HP_EBAD;
	}
	size_t cap_files = 0;
	hp_file *fv = NULL;
	while (kind == 1) {
		/* the part's headers */
		const char *name = NULL, *filename = NULL, *type = NULL;
		int has_filename = 0, lines = 0, oom = 0;
		for (;;) {
			if (pos >= n)
				return HP_OK; /* cut short: keep what was complete */
			const char *nl = memchr(body + pos, '\n', n - pos);
			if (!nl)
				return HP_OK;
			size_t ll = (size_t)(nl - (body + pos));
			const char *line = body + pos;
			pos += ll + 1;
			if (ll && line[ll - 1] == '\r')
				ll--;
			if (ll == 0)
				break;
			if (++lines > HP_MAX_PART_HEADERS)
				return HP_EBAD;
			const char *colon = memchr(line, ':', ll);
			if (!colon)
				continue;
			size_t hn = (size_t)(colon - line);
			const char *h = trim(line, &hn);
			size_t vn = ll - (size_t)(colon - line) - 1;
			const char *v = trim(colon + 1, &vn);
			if (ieq(h, hn, "content-disposition")) {
				char *nm = header_param(a, v, vn, "name", &oom);
				char *fn = header_param(a, v, vn, "filename",
							&oom);
				if (oom)
					return HP_ENOMEM;
				if (nm)
					name = nm;
				if (fn) {
					has_filename = 1;
					filename = hp_basename(a, fn,
							       strlen(fn));
					if (!filename)
						return HP_ENOMEM;
				}
			} else if (ieq(h, hn, "content-type")) {
				type = quire_arena_strndup(a, v, vn);
				if (!type)
					return HP_ENOMEM;
			}
		}
		/* the data: up to the next delimiter; the blank line's '\n'
		 * may serve as the delimiter's own line end (empty data) */
		size_t data = pos;
		size_t from = data > 0 ? data - 1 : 0;
		kind = next_delim(body, n, from, delim, dlen, &at, &pos);
		if (!kind)
			return HP_OK; /* no closing delimiter: part dropped */
		size_t end = at;
		if (end > data && body[end - 1] == '\r')
			end--;
		if (end < data)
			end = data;
		if (!name)
			continue; /* a part without a name is no field */
		if (has_filename) {
			if (*n_files >= HP_MAX_FILES)
				return HP_ELIMIT;
			if (*n_files == cap_files) {
				size_t nc = cap_files ? cap_files * 2 : 4;
				hp_file *nv = quire_arena_alloc(a, nc * sizeof *nv);
				if (!nv)
					return HP_ENOMEM;
				if (*n_files)
					memcpy(nv, fv, *n_files * sizeof *nv);
				fv = nv;
				cap_files = nc;
				*files = fv;
			}
			hp_file *f = &fv[(*n_files)++];
			f->field = name;
			f->filename = filename;
			f->type = type;
			f->data = (const unsigned char *)body + data;
			f->len = end - data;
		} else {
			if (fields->n >= HP_MAX_FIELDS)
				return HP_ELIMIT;
			char *v = quire_arena_strndup(a, body + data, end - data);
			if (!v)
				return HP_ENOMEM;
			hp_status st = hp_list_add(a, fields, name, v, end - data);
			if (st != HP_OK)
				return st;
		}
	}
	return HP_OK;
}
