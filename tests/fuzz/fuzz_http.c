/*
 * fuzz_http.c — libFuzzer harness over the request parsing quire does
 * itself (httpparse.c): percent-decoding, query strings and form bodies,
 * Cookie headers, multipart boundaries and bodies, filename base names.
 *
 * The input's first byte picks nothing: every parser runs on every input,
 * so one corpus covers them all.  A multipart body is parsed with the
 * boundary "XyZ" and with a boundary taken from the input's first line
 * (as a Content-Type header), so corpus files can be whole requests.
 * Results are checked against the contract: decoded lengths never exceed
 * the input, file data lies inside the body, counts stay within bounds,
 * base names hold no '/' or '\\'.
 *
 * httpparse.c is compiled into the harness (tests/fuzz/build.sh builds
 * only the core and format sources into its objects).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/web/httpparse.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_list(const hp_list *l, size_t max)
{
	if (l->n > max)
		abort();
	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i].key || !l->v[i].val ||
		    strlen(l->v[i].val) > l->v[i].val_len)
			abort();
}

static void check_files(const hp_file *f, size_t n, const char *body,
			size_t len)
{
	if (n > HP_MAX_FILES)
		abort();
	for (size_t i = 0; i < n; i++) {
		const char *d = (const char *)f[i].data;
		if (d < body || d + f[i].len > body + len)
			abort();
		if (strchr(f[i].filename, '/') || strchr(f[i].filename, '\\'))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	quire_arena *a = quire_arena_new(64u << 20);
	if (!a)
		return 0;

	size_t n;
	char *d = hp_decode_dup(a, s, size, size & 1, &n);
	if (d && n > size)
		abort();

	hp_list q = {0};
	(void)hp_parse_urlencoded(a, s, size, HP_MAX_FIELDS, &q);
	check_list(&q, HP_MAX_FIELDS);
	size_t k;
	if (q.n)
		(void)hp_get_all(&q, q.v[0].key, a, &k);

	hp_list c = {0};
	(void)hp_parse_cookies(a, s, size, &c);
	check_list(&c, HP_MAX_COOKIES);

	const char *bn = hp_basename(a, s, size);
	if (bn && (strchr(bn, '/') || strchr(bn, '\\')))
		abort();

	hp_list f = {0};
	hp_file *files = NULL;
	size_t nf = 0;
	(void)hp_parse_multipart(a, "XyZ", s, size, &f, &files, &nf);
	check_list(&f, HP_MAX_FIELDS);
	check_files(files, nf, s, size);

	/* the first line as a Content-Type, the rest as the body */
	const char *nl = memchr(s, '\n', size);
	if (nl) {
		char *ct = quire_arena_strndup(a, s, (size_t)(nl - s));
		const char *b = ct ? hp_boundary(a, ct) : NULL;
		if (b) {
			hp_list f2 = {0};
			const char *body = nl + 1;
			size_t blen = size - (size_t)(body - s);
			(void)hp_parse_multipart(a, b, body, blen, &f2, &files,
						 &nf);
			check_list(&f2, HP_MAX_FIELDS);
			check_files(files, nf, body, blen);
		}
	}
	quire_arena_free(a);
	return 0;
}
