/*
 * test_join.c — vocabulary, dehyphenation and line joining (join.c).
 */
#include "testutil.h"

#include <stdio.h>

#include "join.h"

typedef struct fix {
	quire_arena *a;
	lines_t L;
	vocab_t *v;
} fix;

static ln_t *put(lines_t *L, const char *s)
{
	ln_t *l = lines_push(L);
	assert_non_null(l);
	l->s = quire_arena_strndup(L->a, s, strlen(s));
	assert_non_null(l->s);
	l->n = strlen(s);
	l->blank = l->n == 0;
	return l;
}

/* A document whose vocabulary is built from the given lines. */
static void doc(fix *f, const char *const *lines)
{
	memset(f, 0, sizeof *f);
	f->a = quire_arena_new(0);
	f->L.a = f->a;
	for (size_t i = 0; lines[i]; i++)
		put(&f->L, lines[i]);
	f->v = vocab_build(&f->L);
	assert_non_null(f->v);
}

static join_kind dec(const fix *f, const char *l, const char *r)
{
	return join_decide(l, strlen(l), r, strlen(r), f->v);
}

/* Joins the given lines with f's vocabulary and compares. */
static void joins(const fix *f, const char *const *lines, const char *want)
{
	lines_t L = {0};
	L.a = f->a;
	size_t n = 0;
	while (lines[n])
		put(&L, lines[n++]);
	size_t len = 99;
	char *s = join_lines(L.v, L.n, f->v, f->a, &len);
	assert_non_null(s);
	assert_span_equal(s, len, want);
	assert_int_equal(strlen(s), len);
}

static void test_vocab(void **state)
{
	(void)state;
	const char *d[] = {"The International order and the Sino-Soviet split,",
			   "don't stop; \xC3\xA9t\xC3\xA9 and well-known.",
			   "a line that ends with inter-", NULL};
	fix f;
	doc(&f, d);
	assert_true(vocab_has(f.v, "international", 13));
	assert_true(vocab_has(f.v, "INTERNATIONAL", 13));
	assert_true(vocab_has(f.v, "sino-soviet", 11));
	assert_true(vocab_has(f.v, "soviet", 6));
	assert_true(vocab_has(f.v, "sino", 4));
	assert_true(vocab_has(f.v, "don't", 5));
	assert_true(vocab_has(f.v, "\xC3\xA9t\xC3\xA9", 5));
	assert_true(vocab_has(f.v, "well-known", 10));
	assert_true(vocab_has(f.v, "inter", 5));
	assert_false(vocab_has(f.v, "inter-", 6));
	assert_false(vocab_has(f.v, "split,", 6));
	assert_false(vocab_has(f.v, "nation", 6));
	assert_false(vocab_has(f.v, "", 0));
	assert_false(vocab_has(NULL, "x", 1));
	quire_arena_free(f.a);
}

static void test_vocab_furniture_and_growth(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	lines_t L = {0};
	L.a = a;
	put(&L, "furnitureword")->furniture = 1;
	char b[64];
	for (int i = 0; i < 20000; i++) {
		snprintf(b, sizeof b, "w%dx and w%dy", i, i);
		put(&L, b);
	}
	vocab_t *v = vocab_build(&L);
	assert_non_null(v);
	assert_false(vocab_has(v, "furnitureword", 13));
	assert_true(vocab_has(v, "w0x", 3));
	assert_true(vocab_has(v, "w19999y", 7));
	assert_false(vocab_has(v, "w20000y", 7));
	quire_arena_free(a);
}

static void test_dehyphenate(void **state)
{
	(void)state;
	const char *d[] = {"the international scene", "an inter-disciplinary view", NULL};
	fix f;
	doc(&f, d);
	/* the joined word occurs elsewhere */
	assert_int_equal(dec(&f, "the inter-", "national order"), JOIN_DROP_HYPHEN);
	/* the hyphenated form occurs elsewhere */
	assert_int_equal(dec(&f, "an inter-", "disciplinary view"), JOIN_KEEP_HYPHEN);
	/* a capital after the break */
	assert_int_equal(dec(&f, "the Sino-", "Soviet split"), JOIN_KEEP_HYPHEN);
	/* a digit after it */
	assert_int_equal(dec(&f, "COVID-", "19 cases"), JOIN_KEEP_HYPHEN);
	assert_int_equal(dec(&f, "pages 12-", "15"), JOIN_KEEP_HYPHEN);
	/* a compound prefix */
	assert_int_equal(dec(&f, "of self-", "reliance"), JOIN_KEEP_HYPHEN);
	assert_int_equal(dec(&f, "a well-", "made plan"), JOIN_KEEP_HYPHEN);
	assert_int_equal(dec(&f, "(non-", "state actors)"), JOIN_KEEP_HYPHEN);
	assert_int_equal(dec(&f, "twenty-", "five"), JOIN_KEEP_HYPHEN);
	/* unknown: typographic hyphenation is the default */
	assert_int_equal(dec(&f, "a con-", "tinuing story"), JOIN_DROP_HYPHEN);
	assert_int_equal(dec(&f, "for ex-", "ample"), JOIN_DROP_HYPHEN);
	assert_int_equal(dec(&f, "co-", "operation"), JOIN_DROP_HYPHEN);
	/* a spaced hyphen is a dash; "--" a typed dash */
	assert_int_equal(dec(&f, "the word -", "and more"), JOIN_SPACE);
	assert_int_equal(dec(&f, "the word--", "and more"), JOIN_NOTHING);
	/* U+2010 HYPHEN */
	assert_int_equal(dec(&f, "the inter\xE2\x80\x90", "national"), JOIN_DROP_HYPHEN);
	/* non-ASCII letters */
	assert_int_equal(dec(&f, "une soci\xC3\xA9-", "t\xC3\xA9 libre"), JOIN_DROP_HYPHEN);
	assert_int_equal(dec(&f, "the Sino-", "\xC3\x89tat"), JOIN_KEEP_HYPHEN);
	/* plain lines */
	assert_int_equal(dec(&f, "one line", "and the next"), JOIN_SPACE);
	assert_int_equal(dec(&f, "", "next"), JOIN_SPACE);
	quire_arena_free(f.a);
}

static void test_dehyphenate_ill(void **state)
{
	(void)state;
	const char *d[] = {"her illness was long", NULL};
	fix f;
	doc(&f, d);
	/* the vocabulary wins over the prefix list */
	assert_int_equal(dec(&f, "an ill-", "ness"), JOIN_DROP_HYPHEN);
	assert_int_equal(dec(&f, "an ill-", "judged move"), JOIN_KEEP_HYPHEN);
	quire_arena_free(f.a);
}

static void test_dashes(void **state)
{
	(void)state;
	const char *d[] = {NULL};
	fix f;
	doc(&f, d);
	assert_int_equal(dec(&f, "and then\xE2\x80\x94", "nothing"), JOIN_NOTHING);
	assert_int_equal(dec(&f, "and then", "\xE2\x80\x94nothing"), JOIN_NOTHING);
	assert_int_equal(dec(&f, "and then \xE2\x80\x94", "nothing"), JOIN_SPACE);
	assert_int_equal(dec(&f, "and then", "\xE2\x80\x94 nothing"), JOIN_SPACE);
	quire_arena_free(f.a);
}

static void test_urls(void **state)
{
	(void)state;
	const char *d[] = {NULL};
	fix f;
	doc(&f, d);
	/* inside <...> */
	assert_int_equal(dec(&f, "<http://example.org/index.cfm?topic_id=1409&fuseaction=library.document&id",
			     "=468>."), JOIN_NOTHING);
	assert_int_equal(dec(&f, "see <http://example.org/a", "b/c.html>"), JOIN_NOTHING);
	assert_int_equal(dec(&f, "see <", "http://example.org/>"), JOIN_NOTHING);
	assert_int_equal(dec(&f, "if a < b and b >", "c then"), JOIN_SPACE);
	/* bare URLs */
	assert_int_equal(dec(&f, "at http://example.org/papers/", "cold-war.pdf"), JOIN_NOTHING);
	assert_int_equal(dec(&f, "at http://example.org", "/papers/x.pdf"), JOIN_NOTHING);
	assert_int_equal(dec(&f, "at www.example.org/a?b=1&", "c=2"), JOIN_NOTHING);
	assert_int_equal(dec(&f, "doi:10.1000/abc.", "def.2"), JOIN_NOTHING);
	assert_int_equal(dec(&f, "https://doi.org/10.1000/abc.", "Chen, Jian. 1994."), JOIN_SPACE);
	assert_int_equal(dec(&f, "http://example.org/docs/", "Accessed 3 May 2004."), JOIN_SPACE);
	/* a URL's own hyphen is no hyphenation */
	assert_int_equal(dec(&f, "http://example.org/cold-", "war/index.html"), JOIN_NOTHING);
	assert_int_equal(dec(&f, "http://example.org/some-", "thing"), JOIN_NOTHING);
	/* a URL ending a sentence, then the next */
	assert_int_equal(dec(&f, "online at http://example.org", "and in print"), JOIN_SPACE);
	quire_arena_free(f.a);
}

static void test_join_lines(void **state)
{
	(void)state;
	const char *d[] = {"the international scene", NULL};
	fix f;
	doc(&f, d);
	const char *a1[] = {"The inter-", "national  order", "of Sino-", "Soviet", "self-",
			    "reliance and con-", "tinuity.", NULL};
	joins(&f, a1, "The international order of Sino-Soviet self-reliance and continuity.");
	const char *a2[] = {"See <http://example.org/index.cfm?topic_id=1409&fuseaction=library.document&id",
			    "=468>.", NULL};
	joins(&f, a2, "See <http://example.org/index.cfm?topic_id=1409&fuseaction=library.document&id=468>.");
	const char *a3[] = {"Online at http://example.org/archive/", "cold-war/docs.html and",
			    "in print.", NULL};
	joins(&f, a3, "Online at http://example.org/archive/cold-war/docs.html and in print.");
	const char *a4[] = {"It was\xE2\x80\x94", "as ever\xE2\x80\x94" "a", "  surprise  ", NULL};
	joins(&f, a4, "It was\xE2\x80\x94" "as ever\xE2\x80\x94" "a surprise");
	const char *a5[] = {NULL};
	joins(&f, a5, "");
	quire_arena_free(f.a);
}

static void test_join_skips(void **state)
{
	(void)state;
	const char *d[] = {"an international view", NULL};
	fix f;
	doc(&f, d);
	lines_t L = {0};
	L.a = f.a;
	put(&L, "");
	put(&L, "the inter-");
	put(&L, "");
	put(&L, "17")->furniture = 1;
	put(&L, "national order");
	put(&L, "");
	size_t len;
	char *s = join_lines(L.v, L.n, f.v, f.a, &len);
	assert_non_null(s);
	assert_span_equal(s, len, "the international order");
	/* a NULL vocabulary is allowed: the defaults decide */
	s = join_lines(L.v, L.n, NULL, f.a, &len);
	assert_span_equal(s, len, "the international order");
	quire_arena_free(f.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocab),
		cmocka_unit_test(test_vocab_furniture_and_growth),
		cmocka_unit_test(test_dehyphenate),
		cmocka_unit_test(test_dehyphenate_ill),
		cmocka_unit_test(test_dashes),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_join_lines),
		cmocka_unit_test(test_join_skips),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
