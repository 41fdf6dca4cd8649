/*
 * test_furn.c — page furniture (furn.c).
 */
#include "testutil.h"

#include <stdio.h>

#include "furn.h"

static ln_t *put(lines_t *L, const char *s, unsigned page)
{
	ln_t *l = lines_push(L);
	assert_non_null(l);
	l->s = quire_arena_strndup(L->a, s, strlen(s));
	assert_non_null(l->s);
	l->n = strlen(s);
	l->page = page;
	l->blank = l->n == 0;
	return l;
}

static void text(lines_t *L, unsigned seed, int k, unsigned page)
{
	/* distinct even with digits ignored: words picked by page and k */
	static const char *const w[] = {"river", "stone", "field", "cloud",
					"north", "grain", "lamp", "bridge"};
	unsigned x = seed * 64u + (unsigned)k;
	char b[128];
	snprintf(b, sizeof b, "Body %s %s %s and the %s went on.", w[x % 8],
		 w[(x / 8) % 8], w[(x / 64) % 8], w[(x / 512) % 8]);
	put(L, b, page);
}

/* A body line on page page / in text without pages. */
static void body(lines_t *L, unsigned page, int k) { text(L, page, k, page); }
static void ubody(lines_t *L, unsigned seed, int k) { text(L, seed, k, 0); }

/* Index of the first line equal to s at or after from, or fail. */
static size_t find(const lines_t *L, const char *s, size_t from)
{
	for (size_t i = from; i < L->n; i++)
		if (strcmp(L->v[i].s, s) == 0)
			return i;
	fail_msg("line \"%s\" not found", s);
	return 0;
}

static size_t count_furniture(const lines_t *L)
{
	size_t k = 0;
	for (size_t i = 0; i < L->n; i++)
		k += L->v[i].furniture;
	return k;
}

static void test_paged(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	for (unsigned p = 1; p <= 5; p++) {
		char b[64];
		if (p == 1) {
			put(&L, "A Study of Things", p);
			put(&L, "", p);
		} else {
			put(&L, "A Study of Things", p);
			snprintf(b, sizeof b, "Journal of Stuff %u (2001) %u", 12u, 100 + p);
			put(&L, b, p);
		}
		for (int k = 0; k < 20; k++)
			body(&L, p, k);
		put(&L, "", p);
		snprintf(b, sizeof b, "%u", p);
		put(&L, b, p);
	}
	furn_mark(&L);
	/* title kept on page 1, the running header dropped elsewhere */
	size_t t = find(&L, "A Study of Things", 0);
	assert_int_equal(t, 0);
	assert_false(L.v[0].furniture);
	size_t n_header = 0, n_journal = 0, n_num = 0, n_body = 0;
	for (size_t i = 1; i < L.n; i++) {
		const ln_t *l = &L.v[i];
		if (!strcmp(l->s, "A Study of Things")) {
			assert_true(l->furniture);
			n_header++;
		} else if (!strncmp(l->s, "Journal of Stuff", 16)) {
			assert_true(l->furniture);
			n_journal++;
		} else if (!strncmp(l->s, "Body", 4)) {
			assert_false(l->furniture);
			n_body++;
		} else if (!l->blank) {
			assert_true(l->furniture);
			n_num++;
		}
	}
	assert_int_equal(n_header, 4);
	assert_int_equal(n_journal, 4);
	assert_int_equal(n_num, 5);
	assert_int_equal(n_body, 100);
	assert_false(L.v[0].dup_title);
	quire_arena_free(L.a);
}

static void test_paged_page_of(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	for (unsigned p = 1; p <= 7; p++) {
		char b[64];
		for (int k = 0; k < 10; k++)
			body(&L, p, k);
		snprintf(b, sizeof b, "Page %u of 7", p);
		put(&L, b, p);
	}
	furn_mark(&L);
	assert_int_equal(count_furniture(&L), 7);
	assert_true(L.v[find(&L, "Page 3 of 7", 0)].furniture);
	quire_arena_free(L.a);
}

/* A bibliography year at a page's end is not a page number when the other
 * pages' numbers disagree with it. */
static void test_paged_year(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	for (unsigned p = 1; p <= 4; p++) {
		char b[64];
		snprintf(b, sizeof b, "%u", p + 20);
		put(&L, b, p);
		for (int k = 0; k < 10; k++)
			body(&L, p, k);
		if (p == 3)
			put(&L, "1998", p);
	}
	furn_mark(&L);
	assert_true(L.v[find(&L, "21", 0)].furniture);
	assert_true(L.v[find(&L, "23", 0)].furniture);
	assert_false(L.v[find(&L, "1998", 0)].furniture);
	quire_arena_free(L.a);
}

/* A refrain inside pages repeats on every page but not at an edge. */
static void test_paged_refrain(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	for (unsigned p = 1; p <= 4; p++) {
		body(&L, p, 0);
		body(&L, p, 1);
		body(&L, p, 2);
		put(&L, "And the river runs on.", p);
		put(&L, "* * *", p);
		body(&L, p, 3);
		body(&L, p, 4);
		body(&L, p, 5);
	}
	furn_mark(&L);
	assert_int_equal(count_furniture(&L), 0);
	quire_arena_free(L.a);
}

static void test_unpaged_header_and_numbers(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	put(&L, "The Cold War in Four Acts", 0);
	put(&L, "", 0);
	for (unsigned p = 1; p <= 6; p++) {
		char b[64];
		if (p > 1) {
			put(&L, "Smith \xE2\x80\x94 The Cold War", 0);
			put(&L, "", 0);
		}
		for (int k = 0; k < 40 + (int)p; k++)
			ubody(&L, p, k);
		put(&L, "", 0);
		snprintf(b, sizeof b, "%u", p);
		put(&L, b, 0);
		put(&L, "", 0);
	}
	furn_mark(&L);
	size_t hdr = 0, num = 0;
	for (size_t i = 0; i < L.n; i++) {
		const ln_t *l = &L.v[i];
		if (!strncmp(l->s, "Smith", 5)) {
			assert_true(l->furniture);
			hdr++;
		} else if (!strncmp(l->s, "Body", 4)) {
			assert_false(l->furniture);
		} else if (!l->blank && i > 0) {
			assert_true(l->furniture);
			num++;
		}
	}
	assert_int_equal(hdr, 5);
	assert_int_equal(num, 6);
	assert_false(L.v[0].furniture);
	quire_arena_free(L.a);
}

static void test_unpaged_numbered_header(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	for (unsigned p = 1; p <= 5; p++) {
		char b[64];
		snprintf(b, sizeof b, "SOVIET STUDIES   %u", 6 + p);
		put(&L, b, 0);
		for (int k = 0; k < 45; k++)
			ubody(&L, p, k);
		put(&L, "Table 1 shows 3 things.", 0);
	}
	furn_mark(&L);
	size_t hdr = 0;
	for (size_t i = 0; i < L.n; i++) {
		const ln_t *l = &L.v[i];
		if (!strncmp(l->s, "SOVIET", 6)) {
			/* the first one opens the text and is kept as its title */
			assert_int_equal(l->furniture, i > 0);
			hdr++;
		} else {
			assert_false(l->furniture);
		}
	}
	assert_int_equal(hdr, 5);
	quire_arena_free(L.a);
}

static void test_unpaged_page_of(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	put(&L, "Short note", 0);
	for (int k = 0; k < 8; k++)
		ubody(&L, 1, k);
	put(&L, "", 0);
	put(&L, "Page 3 of 7", 0);
	put(&L, "", 0);
	for (int k = 0; k < 8; k++)
		ubody(&L, 2, k);
	put(&L, "- 4 -", 0);
	furn_mark(&L);
	assert_true(L.v[find(&L, "Page 3 of 7", 0)].furniture);
	assert_true(L.v[find(&L, "- 4 -", 0)].furniture);
	assert_int_equal(count_furniture(&L), 2);
	quire_arena_free(L.a);
}

/* Lone numbers and years in running text, and numbered lists. */
static void test_unpaged_not_numbers(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	put(&L, "Results", 0);
	put(&L, "", 0);
	put(&L, "The number of cases was", 0);
	put(&L, "7", 0);
	put(&L, "in the first year.", 0);
	put(&L, "", 0);
	put(&L, "1.", 0);
	put(&L, "First point.", 0);
	put(&L, "2.", 0);
	put(&L, "Second point.", 0);
	put(&L, "", 0);
	put(&L, "Smith, John. A Book. London: Press,", 0);
	put(&L, "1998", 0);
	put(&L, "", 0);
	put(&L, "Jones, Ann. Another. Paris: Maison,", 0);
	put(&L, "1999", 0);
	put(&L, "", 0);
	furn_mark(&L);
	assert_int_equal(count_furniture(&L), 0);
	quire_arena_free(L.a);
}

static void test_poem_refrain(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	put(&L, "The Ballad", 0);
	put(&L, "", 0);
	for (int st = 0; st < 8; st++) {
		put(&L, "The wind came down the valley,", 0);
		put(&L, "The rain came on the hill,", 0);
		put(&L, "And all the lamps were lit.", 0);
		put(&L, "O sing, my love, sing still.", 0);
		put(&L, "", 0);
		if (st % 3 == 2) {
			put(&L, "* * *", 0);
			put(&L, "", 0);
		}
	}
	furn_mark(&L);
	assert_int_equal(count_furniture(&L), 0);
	for (size_t i = 0; i < L.n; i++)
		assert_false(L.v[i].dup_title);
	quire_arena_free(L.a);
}

static void test_dup_title(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	put(&L, "", 0);
	put(&L, "On the  Use of Things", 0);
	put(&L, "", 0);
	put(&L, "ON THE USE OF THINGS", 0);
	put(&L, "Body text.", 0);
	put(&L, "On the Use of Things", 0);
	furn_mark(&L);
	assert_false(L.v[1].dup_title);
	assert_true(L.v[3].dup_title);
	assert_false(L.v[5].dup_title);
	assert_int_equal(count_furniture(&L), 0);
	quire_arena_free(L.a);
}

static void test_roman_pages(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	const char *nums[] = {"vii", "viii", "ix", "x"};
	for (unsigned p = 1; p <= 4; p++) {
		for (int k = 0; k < 5; k++)
			body(&L, p, k);
		put(&L, nums[p - 1], p);
	}
	furn_mark(&L);
	assert_int_equal(count_furniture(&L), 4);
	quire_arena_free(L.a);
}

static void test_empty(void **state)
{
	(void)state;
	lines_t L = {0};
	L.a = quire_arena_new(0);
	furn_mark(&L);
	put(&L, "", 0);
	furn_mark(&L);
	assert_int_equal(count_furniture(&L), 0);
	quire_arena_free(L.a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paged),
		cmocka_unit_test(test_paged_page_of),
		cmocka_unit_test(test_paged_year),
		cmocka_unit_test(test_paged_refrain),
		cmocka_unit_test(test_unpaged_header_and_numbers),
		cmocka_unit_test(test_unpaged_numbered_header),
		cmocka_unit_test(test_unpaged_page_of),
		cmocka_unit_test(test_unpaged_not_numbers),
		cmocka_unit_test(test_poem_refrain),
		cmocka_unit_test(test_dup_title),
		cmocka_unit_test(test_roman_pages),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
