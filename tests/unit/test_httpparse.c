/*
 * test_httpparse.c — percent-decoding, urlencoded pairs, cookies,
 * multipart bodies and their limits (httpparse.h).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "httpparse.h"

static int setup(void **state)
{
	*state = quire_arena_new(0);
	return *state ? 0 : -1;
}

static int teardown(void **state)
{
	quire_arena_free(*state);
	return 0;
}

static const char *dec(quire_arena *a, const char *s, int plus, size_t *n)
{
	return hp_decode_dup(a, s, strlen(s), plus, n);
}

static void test_decode(void **state)
{
	quire_arena *a = *state;
	size_t n;
	assert_string_equal(dec(a, "a%20b", 0, &n), "a b");
	assert_string_equal(dec(a, "%e2%80%a6", 0, &n), "\xE2\x80\xA6");
	assert_string_equal(dec(a, "%C3%A9", 0, &n), "\xC3\xA9");
	/* bad escapes stay as they are */
	assert_string_equal(dec(a, "100%", 0, &n), "100%");
	assert_string_equal(dec(a, "%zz%4", 0, &n), "%zz%4");
	assert_string_equal(dec(a, "%%41", 0, &n), "%A");
	assert_string_equal(dec(a, "%4", 0, &n), "%4");
	/* '+' only in forms */
	assert_string_equal(dec(a, "a+b", 0, &n), "a+b");
	assert_string_equal(dec(a, "a+b%2B", 1, &n), "a b+");
	/* a NUL byte is counted, not lost */
	const char *z = dec(a, "a%00b", 0, &n);
	assert_int_equal(n, 3);
	assert_int_equal(z[1], '\0');
	assert_int_equal(z[2], 'b');
	assert_string_equal(dec(a, "", 1, &n), "");
	assert_int_equal(n, 0);
}

static void test_urlencoded(void **state)
{
	quire_arena *a = *state;
	hp_list l = {0};
	const char *q = "q=sino+soviet&tag=a&tag=b%20c&&empty=&flag&=anon&x=1=2";
	assert_int_equal(hp_parse_urlencoded(a, q, strlen(q), HP_MAX_FIELDS, &l),
			 HP_OK);
	assert_int_equal(l.n, 7);
	assert_string_equal(hp_get(&l, "q"), "sino soviet");
	assert_string_equal(hp_get(&l, "tag"), "a"); /* the first of repeats */
	size_t n;
	const char *const *all = hp_get_all(&l, "tag", a, &n);
	assert_int_equal(n, 2);
	assert_string_equal(all[0], "a");
	assert_string_equal(all[1], "b c");
	assert_null(all[2]);
	assert_string_equal(hp_get(&l, "empty"), "");
	assert_string_equal(hp_get(&l, "flag"), "");
	assert_string_equal(hp_get(&l, ""), "anon"); /* empty key kept */
	assert_string_equal(hp_get(&l, "x"), "1=2");
	assert_null(hp_get(&l, "missing"));
	assert_null(hp_get_all(&l, "missing", a, &n));
	assert_int_equal(n, 0);

	/* encoded keys, '+' in keys, bad escapes in values */
	hp_list l2 = {0};
	q = "a%5Bb%5D=1&c+d=%ZZ&e=%";
	assert_int_equal(hp_parse_urlencoded(a, q, strlen(q), 10, &l2), HP_OK);
	assert_string_equal(hp_get(&l2, "a[b]"), "1");
	assert_string_equal(hp_get(&l2, "c d"), "%ZZ");
	assert_string_equal(hp_get(&l2, "e"), "%");

	/* empty input, separators only */
	hp_list l3 = {0};
	assert_int_equal(hp_parse_urlencoded(a, "", 0, 10, &l3), HP_OK);
	assert_int_equal(hp_parse_urlencoded(a, "&&&", 3, 10, &l3), HP_OK);
	assert_int_equal(l3.n, 0);
}

static void test_urlencoded_limit(void **state)
{
	quire_arena *a = *state;
	buf_t b = BUF_INIT;
	for (int i = 0; i < HP_MAX_FIELDS + 5; i++)
		buf_printf(&b, "k%d=v&", i);
	hp_list l = {0};
	assert_int_equal(hp_parse_urlencoded(a, b.p, b.len, HP_MAX_FIELDS, &l),
			 HP_ELIMIT);
	assert_int_equal(l.n, HP_MAX_FIELDS);
	assert_string_equal(hp_get(&l, "k999"), "v");
	assert_null(hp_get(&l, "k1000"));
	buf_free(&b);
	/* exactly the limit is fine */
	hp_list l2 = {0};
	assert_int_equal(hp_parse_urlencoded(a, "a=1&b=2", 7, 2, &l2), HP_OK);
	assert_int_equal(hp_parse_urlencoded(a, "c=3", 3, 2, &l2), HP_ELIMIT);
}

static void test_cookies(void **state)
{
	quire_arena *a = *state;
	hp_list l = {0};
	const char *c = " sid=abc123 ;theme=\"dark mode\"; empty=; =nokey; "
			"noeq; spaced = v w ;q=\"\";pct=a%20b;dup=1;dup=2";
	assert_int_equal(hp_parse_cookies(a, c, strlen(c), &l), HP_OK);
	assert_string_equal(hp_get(&l, "sid"), "abc123");
	assert_string_equal(hp_get(&l, "theme"), "dark mode");
	assert_string_equal(hp_get(&l, "empty"), "");
	assert_null(hp_get(&l, ""));
	assert_null(hp_get(&l, "noeq"));
	assert_string_equal(hp_get(&l, "spaced"), "v w");
	assert_string_equal(hp_get(&l, "q"), "");
	assert_string_equal(hp_get(&l, "pct"), "a%20b"); /* opaque */
	assert_string_equal(hp_get(&l, "dup"), "1");
	/* a lone quote is not a quoted value */
	hp_list l2 = {0};
	assert_int_equal(hp_parse_cookies(a, "a=\"", 3, &l2), HP_OK);
	assert_string_equal(hp_get(&l2, "a"), "\"");
	/* bounded */
	buf_t b = BUF_INIT;
	for (int i = 0; i < HP_MAX_COOKIES + 50; i++)
		buf_printf(&b, "c%d=1; ", i);
	hp_list l3 = {0};
	assert_int_equal(hp_parse_cookies(a, b.p, b.len, &l3), HP_OK);
	assert_int_equal(l3.n, HP_MAX_COOKIES);
	buf_free(&b);
}

static void test_boundary(void **state)
{
	quire_arena *a = *state;
	assert_string_equal(hp_boundary(a, "multipart/form-data; boundary=abc"),
			    "abc");
	assert_string_equal(
		hp_boundary(a, "Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b;c\""),
		"a b;c");
	assert_null(hp_boundary(a, "multipart/mixed; boundary=abc"));
	assert_null(hp_boundary(a, "application/x-www-form-urlencoded"));
	assert_null(hp_boundary(a, "multipart/form-data"));
	assert_null(hp_boundary(a, "multipart/form-data; boundary="));
	assert_null(hp_boundary(a, NULL));
	char longb[200];
	memset(longb, 'x', sizeof longb);
	memcpy(longb, "multipart/form-data; boundary=", 30);
	longb[30 + 71] = '\0';
	assert_null(hp_boundary(a, longb)); /* 71 bytes: too long */
	longb[30 + 70] = '\0';
	assert_non_null(hp_boundary(a, longb));
	assert_null(hp_boundary(a, "multipart/form-data; boundary=\"a\x01\""));
}

static void test_basename(void **state)
{
	quire_arena *a = *state;
	const char *s = "../../etc/passwd";
	assert_string_equal(hp_basename(a, s, strlen(s)), "passwd");
	s = "C:\\Users\\me\\paper.pdf";
	assert_string_equal(hp_basename(a, s, strlen(s)), "paper.pdf");
	assert_string_equal(hp_basename(a, "..", 2), "");
	assert_string_equal(hp_basename(a, "a/.", 3), "");
	assert_string_equal(hp_basename(a, "dir/", 4), "");
	assert_string_equal(hp_basename(a, "a\nb\x7f.txt", 8), "ab.txt");
	assert_string_equal(hp_basename(a, "", 0), "");
	assert_string_equal(hp_basename(a, "plain.md", 8), "plain.md");
}

/* Parses body with boundary "XyZ". */
static hp_status mp(quire_arena *a, const char *body, hp_list *fields,
		    hp_file **files, size_t *nf)
{
	memset(fields, 0, sizeof *fields);
	return hp_parse_multipart(a, "XyZ", body, strlen(body), fields, files,
				  nf);
}

static void test_multipart_crlf(void **state)
{
	quire_arena *a = *state;
	hp_list f;
	hp_file *files;
	size_t nf;
	const char *body =
		"preamble to ignore\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"title\"\r\n"
		"\r\n"
		"A title\r\nwith two lines\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"file\"; filename=\"../../etc/passwd\"\r\n"
		"Content-Type: text/plain\r\n"
		"\r\n"
		"root:x:0:0\r\n--XyZnot a boundary\r\n"
		"--XyZ\r\n"
		"content-disposition: form-data; name=\"empty\"\r\n"
		"\r\n"
		"\r\n"
		"--XyZ--\r\n"
		"epilogue\r\n";
	assert_int_equal(mp(a, body, &f, &files, &nf), HP_OK);
	assert_int_equal(f.n, 2);
	assert_string_equal(hp_get(&f, "title"), "A title\r\nwith two lines");
	assert_string_equal(hp_get(&f, "empty"), "");
	assert_int_equal(nf, 1);
	assert_string_equal(files[0].field, "file");
	assert_string_equal(files[0].filename, "passwd");
	assert_string_equal(files[0].type, "text/plain");
	assert_span_equal(files[0].data, files[0].len,
			  "root:x:0:0\r\n--XyZnot a boundary");
}

static void test_multipart_lf(void **state)
{
	quire_arena *a = *state;
	hp_list f;
	hp_file *files;
	size_t nf;
	const char *body = "--XyZ\n"
			   "Content-Disposition: form-data; name=\"a\"\n"
			   "\n"
			   "one\n"
			   "--XyZ  \n" /* transport padding */
			   "Content-Disposition: form-data; name=\"b\"; filename=\"\"\n"
			   "\n"
			   "\n"
			   "--XyZ--";
	assert_int_equal(mp(a, body, &f, &files, &nf), HP_OK);
	assert_string_equal(hp_get(&f, "a"), "one");
	assert_int_equal(nf, 1); /* an empty file input still is a file part */
	assert_string_equal(files[0].filename, "");
	assert_int_equal(files[0].len, 0);
	assert_null(files[0].type);
}

static void test_multipart_broken(void **state)
{
	quire_arena *a = *state;
	hp_list f;
	hp_file *files;
	size_t nf;
	/* missing final boundary: the complete part stays, the cut one goes */
	const char *body = "--XyZ\r\n"
			   "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
			   "kept\r\n"
			   "--XyZ\r\n"
			   "Content-Disposition: form-data; name=\"b\"\r\n\r\n"
			   "cut short";
	assert_int_equal(mp(a, body, &f, &files, &nf), HP_OK);
	assert_string_equal(hp_get(&f, "a"), "kept");
	assert_null(hp_get(&f, "b"));
	/* a closing delimiter that is the last thing, without "--" */
	body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--XyZ";
	assert_int_equal(mp(a, body, &f, &files, &nf), HP_OK);
	assert_string_equal(hp_get(&f, "a"), "v");
	/* headers cut short */
	body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"";
	assert_int_equal(mp(a, body, &f, &files, &nf), HP_OK);
	assert_int_equal(f.n, 0);
	/* no boundary at all */
	assert_int_equal(mp(a, "just some bytes", &f, &files, &nf), HP_EBAD);
	assert_int_equal(mp(a, "", &f, &files, &nf), HP_EBAD);
	/* a part without a name is skipped */
	body = "--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--\r\n";
	assert_int_equal(mp(a, body, &f, &files, &nf), HP_OK);
	assert_int_equal(f.n, 0);
	assert_int_equal(nf, 0);
	/* no boundary given */
	hp_list g = {0};
	assert_int_equal(hp_parse_multipart(a, "", "x", 1, &g, &files, &nf),
			 HP_EBAD);
	/* too many header lines in a part */
	buf_t b = BUF_INIT;
	buf_puts(&b, "--XyZ\r\n");
	for (int i = 0; i < HP_MAX_PART_HEADERS + 1; i++)
		buf_puts(&b, "X-Junk: 1\r\n");
	buf_puts(&b, "\r\nx\r\n--XyZ--\r\n");
	assert_int_equal(mp(a, b.p, &f, &files, &nf), HP_EBAD);
	buf_free(&b);
}

static void test_multipart_quotes(void **state)
{
	quire_arena *a = *state;
	hp_list f;
	hp_file *files;
	size_t nf;
	const char *body =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"up\"; "
		"filename=\"my \\\"best\\\" essay; final.txt\"\r\n\r\n"
		"data\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; filename=\"a/b\\\\c.md\"; "
		"name=up2\r\n\r\n"
		"more\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"semi;colon\"\r\n\r\n"
		"s\r\n"
		"--XyZ--\r\n";
	assert_int_equal(mp(a, body, &f, &files, &nf), HP_OK);
	assert_int_equal(nf, 2);
	assert_string_equal(files[0].filename, "my \"best\" essay; final.txt");
	assert_string_equal(files[1].field, "up2");
	assert_string_equal(files[1].filename, "c.md");
	assert_string_equal(hp_get(&f, "semi;colon"), "s");
}

static void test_multipart_limits(void **state)
{
	quire_arena *a = *state;
	hp_list f;
	hp_file *files;
	size_t nf;
	buf_t b = BUF_INIT;
	for (int i = 0; i < HP_MAX_FILES + 1; i++)
		buf_printf(&b,
			   "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
			   "filename=\"%d.txt\"\r\n\r\n%d\r\n",
			   i, i);
	buf_puts(&b, "--XyZ--\r\n");
	assert_int_equal(mp(a, b.p, &f, &files, &nf), HP_ELIMIT);
	assert_int_equal(nf, HP_MAX_FILES);
	assert_string_equal(files[99].filename, "99.txt");
	assert_span_equal(files[99].data, files[99].len, "99");
	buf_reset(&b);
	for (int i = 0; i < HP_MAX_FIELDS + 1; i++)
		buf_printf(&b,
			   "--XyZ\r\nContent-Disposition: form-data; name=\"k%d\""
			   "\r\n\r\nv\r\n",
			   i);
	buf_puts(&b, "--XyZ--\r\n");
	assert_int_equal(mp(a, b.p, &f, &files, &nf), HP_ELIMIT);
	assert_int_equal(f.n, HP_MAX_FIELDS);
	buf_free(&b);
}

/* A large file with many near-boundaries stays linear and exact. */
static void test_multipart_large(void **state)
{
	quire_arena *a = *state;
	size_t n = 4u << 20;
	buf_t b = BUF_INIT;
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; "
		     "filename=\"big.bin\"\r\n\r\n");
	size_t start = b.len;
	for (size_t i = 0; i < n / 8; i++)
		buf_append(&b, "\n--XyZ!\n", 8);
	size_t end = b.len;
	buf_puts(&b, "\r\n--XyZ--\r\n");
	assert_false(buf_failed(&b));
	hp_list f = {0};
	hp_file *files;
	size_t nf;
	assert_int_equal(hp_parse_multipart(a, "XyZ", b.p, b.len, &f, &files,
					    &nf),
			 HP_OK);
	assert_int_equal(nf, 1);
	assert_int_equal(files[0].len, end - start);
	assert_ptr_equal(files[0].data, (const unsigned char *)b.p + start);
	buf_free(&b);
}

static void test_arena_exhausted(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(64);
	hp_list l = {0};
	const char *q = "a=1&b=2&c=3&d=4&e=5&f=6&g=7&h=8&i=9&j=10&k=11";
	assert_int_equal(hp_parse_urlencoded(a, q, strlen(q), 100, &l),
			 HP_ENOMEM);
	quire_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_decode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_urlencoded_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cookies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_boundary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_basename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_lf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_broken, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multipart_large, setup, teardown),
		cmocka_unit_test(test_arena_exhausted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
