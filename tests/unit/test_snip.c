/*
 * test_snip.c — search snippets (src/search/snip.c): the best window, not
 * the first match; marks on whole words; cuts on word boundaries; valid
 * UTF-8 on multi-byte and broken text; stems and prefixes.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "search.h"
#include "snip.h"

typedef struct fix {
	ixtok *tok;
	quire_arena *a;
} fix;

static int setup(void **state)
{
	fix *f = calloc(1, sizeof *f);
	f->tok = ixtok_new();
	f->a = quire_arena_new(0);
	*state = f;
	return f->tok && f->a ? 0 : -1;
}

static int teardown(void **state)
{
	fix *f = *state;
	ixtok_free(f->tok);
	quire_arena_free(f->a);
	free(f);
	return 0;
}

/* The ix term of a word as typed. */
static snip_term term(fix *f, const char *w, double weight, int prefix)
{
	char t[IXTOK_TERM_MAX + 1];
	size_t n = prefix ? ixtok_fold(w, strlen(w), t, sizeof t)
			  : ixtok_term(f->tok, w, strlen(w), t, sizeof t);
	snip_term s = {quire_arena_strndup(f->a, t, n), n, weight, prefix};
	return s;
}

static const char *cut(fix *f, const char *text, const snip_term *t, size_t n)
{
	const char *s = NULL;
	assert_int_equal(snip_cut(f->tok, text, strlen(text), 0, strlen(text), t, n, f->a, &s), QUIRE_OK);
	assert_non_null(s);
	return s;
}

/* Is s valid UTF-8? */
static int valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		size_t k = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
			 : (*p & 0xF8) == 0xF0 ? 4 : 0;
		if (k == 0)
			return 0;
		for (size_t j = 1; j < k; j++)
			if ((p[j] & 0xC0) != 0x80)
				return 0;
		p += k;
	}
	return 1;
}

static size_t count_marks(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == SRCH_MARK_OPEN;
	return n;
}

/* The window with both terms wins over the first place one occurs. */
static void test_best_window(void **state)
{
	fix *f = *state;
	buf_t b = BUF_INIT;
	buf_puts(&b, "The glacier is mentioned first here. ");
	for (int i = 0; i < 60; i++)
		buf_puts(&b, "filler ");
	buf_puts(&b, "Later the glacier carved a moraine across the valley floor. ");
	for (int i = 0; i < 60; i++)
		buf_puts(&b, "padding ");
	snip_term t[2] = {term(f, "glacier", 1.0, 0), term(f, "moraine", 2.0, 0)};
	const char *s = cut(f, b.p, t, 2);
	assert_non_null(strstr(s, "\x01glacier\x02 carved a \x01moraine\x02"));
	assert_null(strstr(s, "mentioned"));
	/* cut inside the text: ellipses at both ends */
	assert_memory_equal(s, "\xE2\x80\xA6", 3);
	assert_non_null(strstr(s, "padding\xE2\x80\xA6"));
	/* about SNIP_WORDS words */
	size_t words = 0;
	for (const char *p = s; *p; p++)
		words += *p == ' ';
	assert_true(words >= SNIP_WORDS - 3 && words <= SNIP_WORDS + 1);
	/* a rarer term weighs more: the window of the rare one */
	t[0].weight = 0.1;
	buf_reset(&b);
	buf_puts(&b, "glacier glacier glacier. ");
	for (int i = 0; i < 60; i++)
		buf_puts(&b, "filler ");
	buf_puts(&b, "only a moraine here");
	s = cut(f, b.p, t, 2);
	assert_non_null(strstr(s, "\x01moraine\x02 here"));
	assert_null(strstr(s, "here\xE2\x80\xA6")); /* the end of the text */
	buf_free(&b);
}

/* One term: the densest place, not the first (a title word that also
 * opens the body). */
static void test_densest(void **state)
{
	fix *f = *state;
	buf_t b = BUF_INIT;
	buf_puts(&b, "Quillwort Notes. Introduction. ");
	for (int i = 0; i < 40; i++)
		buf_puts(&b, "line of a patient middle ");
	buf_puts(&b, "Quillwort quillwort gulliverine quillwort. ");
	for (int i = 0; i < 40; i++)
		buf_puts(&b, "more lines ");
	snip_term t[1] = {term(f, "quillwort", 1, 0)};
	const char *s = cut(f, b.p, t, 1);
	assert_non_null(strstr(s, "gulliverine"));
	buf_free(&b);
}

/* Stems and prefixes: the marks fall on whole words as written. */
static void test_stems_and_prefixes(void **state)
{
	fix *f = *state;
	snip_term t[3] = {term(f, "study", 1, 0), term(f, "river", 1, 0), term(f, "comput", 1, 1)};
	const char *s = cut(f, "Recent Studies of RIVERS, computing and computers; a rival.", t, 3);
	assert_string_equal(s, "Recent \x01Studies\x02 of \x01RIVERS\x02, \x01"
			       "computing\x02 and \x01" "computers\x02; a rival.");
	assert_int_equal(snip_match(f->tok, "studied", 7, t, 3), 0);
	assert_int_equal(snip_match(f->tok, "rivers", 6, t, 3), 1);
	assert_int_equal(snip_match(f->tok, "riverbank", 9, t, 3), -1);
	assert_int_equal(snip_match(f->tok, "Computation", 11, t, 3), 2);
	assert_int_equal(snip_match(f->tok, "com", 3, t, 3), -1);
}

/* Multi-byte text: diacritics fold, offsets stay on characters. */
static void test_multibyte(void **state)
{
	fix *f = *state;
	const char *text = "Les \xC3\xA9t\xC3\xA9s \xC3\xA0 Z\xC3\xBCrich: "
			   "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 and the "
			   "na\xC3\xAFve caf\xC3\xA9 r\xC3\xA9sum\xC3\xA9 \xE6\x9D\xB1\xE4\xBA\xAC.";
	snip_term t[4] = {term(f, "zurich", 1, 0), term(f, "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", 1, 0),
			  term(f, "resume", 1, 0), term(f, "\xE4\xBA\xAC", 1, 0)};
	const char *s = cut(f, text, t, 4);
	assert_true(valid_utf8(s));
	assert_non_null(strstr(s, "\x01Z\xC3\xBCrich\x02:"));
	assert_non_null(strstr(s, "\x01\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0\x02"));
	assert_non_null(strstr(s, "\x01r\xC3\xA9sum\xC3\xA9\x02"));
	assert_non_null(strstr(s, "\xE6\x9D\xB1\x01\xE4\xBA\xAC\x02."));
	assert_int_equal(count_marks(s), 4);
}

/* A long text of multi-byte words: the window is cut between characters,
 * never inside one. */
static void test_multibyte_cuts(void **state)
{
	fix *f = *state;
	buf_t b = BUF_INIT;
	for (int i = 0; i < 200; i++)
		buf_puts(&b, i == 120 ? "\xC3\xA9gliseZ " : "\xC3\xA9t\xC3\xA9 \xE2\x80\x94 ");
	snip_term t[1] = {term(f, "eglisez", 1, 0)};
	const char *s = cut(f, b.p, t, 1);
	assert_true(valid_utf8(s));
	assert_non_null(strstr(s, "\x01\xC3\xA9gliseZ\x02"));
	assert_memory_equal(s, "\xE2\x80\xA6\xC3\xA9", 5); /* starts at a word */
	buf_free(&b);
}

/* Broken UTF-8 and mark bytes in the text never reach the output. */
static void test_broken_text(void **state)
{
	fix *f = *state;
	snip_term t[1] = {term(f, "delta", 1, 0)};
	const char *s = cut(f, "a \xFF\xC3 b \x01odd\x02 \xE2\x82 delta \xED\xA0\x80 end", t, 1);
	assert_true(valid_utf8(s));
	assert_int_equal(count_marks(s), 1);
	assert_non_null(strstr(s, "\x01" "delta\x02"));
	assert_non_null(strstr(s, " odd "));
}

/* No match: the first words; no terms; empty and wordless texts. */
static void test_no_match(void **state)
{
	fix *f = *state;
	buf_t b = BUF_INIT;
	buf_puts(&b, "  Ridges of ice. ");
	for (int i = 0; i < 100; i++)
		buf_puts(&b, "more ");
	snip_term t[1] = {term(f, "glacier", 1, 0)};
	const char *s = cut(f, b.p, t, 1);
	assert_memory_equal(s, "Ridges of ice.", 14);
	assert_null(strchr(s, SRCH_MARK_OPEN));
	assert_non_null(strstr(s, "more\xE2\x80\xA6"));
	s = cut(f, b.p, t, 0);
	assert_memory_equal(s, "Ridges of ice.", 14);
	assert_string_equal(cut(f, "", t, 1), "");
	assert_string_equal(cut(f, " ... !!", t, 1), "");
	/* short text: whole, no ellipsis */
	assert_string_equal(cut(f, "A glacier.", t, 1), "A \x01glacier\x02.");
	buf_free(&b);
}

/* Cost: a big text is read once; the scan stops at SNIP_SCAN_MAX. */
static void test_big_text(void **state)
{
	fix *f = *state;
	size_t n = SNIP_SCAN_MAX + 4096;
	char *t = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		t[i] = i % 6 == 5 ? ' ' : 'a' + (char)(i % 5);
	memcpy(t + 1000000, " glacier ", 9);
	memcpy(t + n - 100, " moraine ", 9);
	t[n] = '\0';
	snip_term q[2] = {term(f, "glacier", 1, 0), term(f, "moraine", 1, 0)};
	const char *s = NULL;
	assert_int_equal(snip_cut(f->tok, t, n, 0, n, q, 2, f->a, &s), QUIRE_OK);
	assert_non_null(strstr(s, "\x01glacier\x02"));
	assert_null(strstr(s, "moraine"));
	free(t);
}

/* Of windows with the same distinct terms, one in the body (before
 * pref_end) beats a denser one in the reference list; a window with more
 * distinct terms still wins wherever it is. */
static void test_prefers_body(void **state)
{
	fix *f = *state;
	const char *text =
		"Keeper of the Lantern\n\n"
		"Every keeper trimmed the wick at dusk and the lantern burned "
		"until the morning watch came on duty above the rocks. "
		"Storms broke the glass twice in one winter, and supplies came "
		"by boat when the sea allowed it.\n\n"
		"REFERENCES\n\n"
		"Kerr, A. The Keeper and the Lantern: Lantern Rooms of the "
		"North. Leith: Harbour Press, 1901.\n"
		"Moss, B. Keepers, Lanterns and Lamps. Oban: Tide Books, 1911.\n";
	size_t n = strlen(text);
	size_t body = (size_t)(strstr(text, "REFERENCES") - text);
	size_t start = (size_t)(strstr(text, "Every") - text);
	snip_term t[2] = {term(f, "keeper", 1.0, 0), term(f, "lantern", 1.0, 0)};
	const char *s = NULL;
	/* no preference: the densest window, in the references */
	assert_int_equal(snip_cut(f->tok, text, n, 0, n, t, 2, f->a, &s), QUIRE_OK);
	assert_non_null(strstr(s, "Rooms of the"));
	/* the body preferred: its window with both words */
	assert_int_equal(snip_cut(f->tok, text, n, 0, body, t, 2, f->a, &s), QUIRE_OK);
	assert_non_null(strstr(s, "\x01Keeper\x02 of the")); /* the title line */
	assert_null(strstr(s, "Rooms of the"));
	/* and after the title line */
	assert_int_equal(snip_cut(f->tok, text, n, start, body, t, 2, f->a, &s), QUIRE_OK);
	assert_non_null(strstr(s, "\x01keeper\x02 trimmed"));
	assert_null(strstr(s, "\x01Keeper\x02 of the"));
	assert_null(strstr(s, "Rooms of the"));
	/* a word only in the references: more distinct terms win there */
	snip_term t3[3] = {t[0], t[1], term(f, "harbour", 1.0, 0)};
	assert_int_equal(snip_cut(f->tok, text, n, start, body, t3, 3, f->a, &s), QUIRE_OK);
	assert_non_null(strstr(s, "\x01Harbour\x02"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_best_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stems_and_prefixes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_densest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefers_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multibyte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multibyte_cuts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_text, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
