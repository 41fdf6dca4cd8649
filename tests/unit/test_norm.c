/*
 * test_norm.c — text normalisation (norm.c).
 */
#include "testutil.h"

#include <stdlib.h>

#include "norm.h"

/* Normalises s as one line and compares with want. */
static void check(const char *s, const char *want)
{
	quire_arena *a = quire_arena_new(0);
	size_t n = 0;
	unsigned indent = 0;
	char *r = norm_line(s, strlen(s), a, &n, &indent);
	assert_non_null(r);
	assert_span_equal(r, n, want);
	assert_int_equal(strlen(r), n);
	quire_arena_free(a);
}

static unsigned indent_of(const char *s)
{
	quire_arena *a = quire_arena_new(0);
	size_t n = 0;
	unsigned indent = 99;
	assert_non_null(norm_line(s, strlen(s), a, &n, &indent));
	quire_arena_free(a);
	return indent;
}

static void test_ascii(void **state)
{
	(void)state;
	check("", "");
	check("   ", "");
	check("plain words", "plain words");
	check("  two   spaces\t\tand tabs  ", "two spaces and tabs");
	check("bell\x07 and\x1b escape\x7f", "bell and escape");
	check("windows line\r", "windows line");
}

static void test_nfc(void **state)
{
	(void)state;
	/* e + combining acute -> precomposed e-acute */
	check("caf\x65\xCC\x81 au lait", "caf\xC3\xA9 au lait");
	/* already composed stays */
	check("caf\xC3\xA9", "caf\xC3\xA9");
	/* Angstrom sign (singleton) -> A with ring */
	check("\xE2\x84\xAB", "\xC3\x85");
	/* combining marks reordered: a + dot below + acute in either order */
	check("a\xCC\x81\xCC\xA3", "\xE1\xBA\xA1\xCC\x81");
	check("a\xCC\xA3\xCC\x81", "\xE1\xBA\xA1\xCC\x81");
	/* Cyrillic stays */
	check("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0");
}

static void test_spaces(void **state)
{
	(void)state;
	check("a\xC2\xA0" "b", "a b");              /* NBSP */
	check("a\xE2\x80\x89" "b", "a b");          /* thin space */
	check("a\xE2\x80\x8A\xE2\x80\x8A" "b", "a b"); /* hair spaces collapse */
	check("a\xE3\x80\x80" "b", "a b");          /* ideographic */
	check("a\xE2\x80\xAF" "b", "a b");          /* narrow NBSP */
	check("a\xE1\x9A\x80" "b", "a b");          /* ogham space */
	check("\xC2\xA0\xC2\xA0x\xC2\xA0", "x");    /* trimmed */
}

static void test_removed(void **state)
{
	(void)state;
	check("zero\xE2\x80\x8Bwidth", "zerowidth");
	check("word\xE2\x81\xA0joiner", "wordjoiner");
	check("\xEF\xBB\xBF" "bom", "bom");
	check("c1\xC2\x85x", "c1x");
	/* ZWNJ and ZWJ kept */
	check("a\xE2\x80\x8C" "b\xE2\x80\x8D" "c", "a\xE2\x80\x8C" "b\xE2\x80\x8D" "c");
}

static void test_soft_hyphen(void **state)
{
	(void)state;
	check("inter\xC2\xAD" "national", "international");
	check("the inter\xC2\xAD", "the inter-");
	check("the inter\xC2\xAD  ", "the inter-");
	check("the inter\xC2\xAD\xE2\x80\x8B", "the inter-");
	check("\xC2\xAD", "");
}

static void test_ligatures_quotes(void **state)
{
	(void)state;
	check("\xEF\xAC\x81nd the e\xEF\xAC\x80" "ect", "find the effect");
	check("\xEF\xAC\x82ow \xEF\xAC\x83x \xEF\xAC\x84y \xEF\xAC\x85 \xEF\xAC\x86",
	      "flow ffix ffly st st");
	check("\xE2\x80\x9Cquoted\xE2\x80\x9D it\xE2\x80\x99s \xE2\x80\x94 dash",
	      "\xE2\x80\x9Cquoted\xE2\x80\x9D it\xE2\x80\x99s \xE2\x80\x94 dash");
}

static void test_indent(void **state)
{
	(void)state;
	assert_int_equal(indent_of("x"), 0);
	assert_int_equal(indent_of("   x"), 3);
	assert_int_equal(indent_of("\tx"), 4);
	assert_int_equal(indent_of("  \tx"), 4);
	assert_int_equal(indent_of("\t\tx"), 8);
	assert_int_equal(indent_of("\xC2\xA0 x"), 2);
	assert_int_equal(indent_of("\xEF\xBB\xBF  x"), 2);
}

static void test_utf8_valid(void **state)
{
	(void)state;
	size_t bad = 0;
	assert_true(norm_utf8_valid("abc\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80", 12, &bad));
	assert_false(norm_utf8_valid("ab\xC0\xAF", 4, &bad)); /* overlong '/' */
	assert_int_equal(bad, 2);
	assert_false(norm_utf8_valid("\xE0\x80\xAF", 3, &bad)); /* overlong 3-byte */
	assert_int_equal(bad, 0);
	assert_false(norm_utf8_valid("x\xED\xA0\x80", 4, &bad)); /* surrogate */
	assert_int_equal(bad, 1);
	assert_false(norm_utf8_valid("abcdefghij\xE2\x80", 12, &bad)); /* truncated */
	assert_int_equal(bad, 10);
	assert_false(norm_utf8_valid("\xF4\x90\x80\x80", 4, &bad)); /* > U+10FFFF */
	assert_false(norm_utf8_valid("\x80", 1, &bad));
	assert_false(norm_utf8_valid("\xF5\x80\x80\x80", 4, &bad));
	assert_true(norm_utf8_valid("", 0, &bad));
}

static quire_source *src_new(quire_arena *a)
{
	quire_source *s = quire_source_new(a);
	assert_non_null(s);
	return s;
}

static void add(quire_source *s, const char *t)
{
	assert_int_equal(quire_source_add_line(s, t, strlen(t)), QUIRE_OK);
}

static void test_source_pages(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_source *s = src_new(a);
	add(s, "first\tpage");
	add(s, "");
	assert_int_equal(quire_source_add_page_break(s), QUIRE_OK);
	add(s, "second page");
	assert_int_equal(quire_source_add_page_break(s), QUIRE_OK);
	add(s, "third\r");
	lines_t L = {0};
	L.a = a;
	quire_error err = {0};
	assert_int_equal(norm_source(s, &L, &err), QUIRE_OK);
	assert_int_equal(L.n, 4);
	assert_string_equal(L.v[0].s, "first page");
	assert_int_equal(L.v[0].page, 1);
	assert_true(L.v[1].blank);
	assert_int_equal(L.v[1].page, 1);
	assert_int_equal(L.v[2].page, 2);
	assert_string_equal(L.v[3].s, "third");
	assert_int_equal(L.v[3].page, 3);
	assert_int_equal(L.v[3].hint, QUIRE_BLOCK_NONE);
	assert_int_equal(L.v[3].group, 0);
	quire_arena_free(a);
}

static void test_source_no_pages(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_source *s = src_new(a);
	add(s, "one");
	add(s, "two\nthree\r\nfour\rfive\n"); /* robust splitting */
	lines_t L = {0};
	L.a = a;
	quire_error err = {0};
	assert_int_equal(norm_source(s, &L, &err), QUIRE_OK);
	assert_int_equal(L.n, 5);
	const char *want[] = {"one", "two", "three", "four", "five"};
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(L.v[i].s, want[i]);
		assert_int_equal(L.v[i].page, 0);
	}
	quire_arena_free(a);
}

static void test_source_blocks(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_source *s = src_new(a);
	const char *h = "A  Heading";
	const char *code = "int\tx;\n    if (x)  y;\n";
	const char *para = "one  line\nanother";
	assert_int_equal(quire_source_add_block(s, QUIRE_BLOCK_HEADING, 2, h, strlen(h)), QUIRE_OK);
	assert_int_equal(quire_source_add_block(s, QUIRE_BLOCK_CODE, 0, code, strlen(code)), QUIRE_OK);
	assert_int_equal(quire_source_add_block(s, QUIRE_BLOCK_NONE, 0, para, strlen(para)), QUIRE_OK);
	lines_t L = {0};
	L.a = a;
	quire_error err = {0};
	assert_int_equal(norm_source(s, &L, &err), QUIRE_OK);
	assert_int_equal(L.n, 5);
	assert_string_equal(L.v[0].s, "A Heading");
	assert_int_equal(L.v[0].hint, QUIRE_BLOCK_HEADING);
	assert_int_equal(L.v[0].level, 2);
	assert_int_equal(L.v[0].group, 1);
	assert_string_equal(L.v[1].s, "int x;"); /* tab to column 4 */
	assert_int_equal(L.v[1].hint, QUIRE_BLOCK_CODE);
	assert_string_equal(L.v[2].s, "if (x)  y;"); /* inner spacing kept */
	assert_int_equal(L.v[2].indent, 4);
	assert_int_equal(L.v[2].group, 2);
	assert_string_equal(L.v[3].s, "one line");
	assert_string_equal(L.v[4].s, "another");
	assert_int_equal(L.v[4].group, 3);
	quire_arena_free(a);
}

static void test_source_invalid(void **state)
{
	(void)state;
	const char *bads[] = {"over\xC0\xAFlong", "sur\xED\xA0\x80rogate", "trunc\xE2\x80"};
	for (size_t k = 0; k < 3; k++) {
		quire_arena *a = quire_arena_new(0);
		quire_source *s = src_new(a);
		add(s, "fine");
		add(s, "also fine\nstill fine");
		add(s, bads[k]);
		lines_t L = {0};
		L.a = a;
		quire_error err = {0};
		assert_int_equal(norm_source(s, &L, &err), QUIRE_EINPUT);
		assert_int_equal(err.code, QUIRE_EINPUT);
		assert_string_equal(err.msg, "invalid UTF-8 in line 4");
		quire_arena_free(a);
	}
}

static void test_source_nomem(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_source *s = src_new(a);
	for (int i = 0; i < 100; i++)
		add(s, "some words that take up room in the arena");
	quire_arena *small = quire_arena_new(1024);
	lines_t L = {0};
	L.a = small;
	quire_error err = {0};
	assert_int_equal(norm_source(s, &L, &err), QUIRE_ENOMEM);
	quire_arena_free(small);
	quire_arena_free(a);
}

static void test_long_line(void **state)
{
	(void)state;
	/* a long line with mixed content: scratch buffers grow */
	size_t n = 100000;
	char *s = malloc(n + 1);
	assert_non_null(s);
	for (size_t i = 0; i < n; i += 4)
		memcpy(s + i, (i / 4) % 2 ? "e\xCC\x81 " : "ab  ", 4);
	s[n] = 0;
	quire_arena *a = quire_arena_new(0);
	size_t len;
	unsigned ind;
	char *r = norm_line(s, n, a, &len, &ind);
	assert_non_null(r);
	assert_memory_equal(r, "ab \xC3\xA9 ab ", 9);
	assert_int_equal(len, n / 8 * 6 - 1);
	quire_arena_free(a);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_spaces),
		cmocka_unit_test(test_removed),
		cmocka_unit_test(test_soft_hyphen),
		cmocka_unit_test(test_ligatures_quotes),
		cmocka_unit_test(test_indent),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_source_pages),
		cmocka_unit_test(test_source_no_pages),
		cmocka_unit_test(test_source_blocks),
		cmocka_unit_test(test_source_invalid),
		cmocka_unit_test(test_source_nomem),
		cmocka_unit_test(test_long_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
