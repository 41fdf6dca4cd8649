/*
 * test_preview.c — the preview's cuts and its share cap.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

/* "w1 w2 … wN" with a sentence end every `every` words (0: none). */
static char *make_text(size_t n, size_t every)
{
	char *s = malloc(n * 12 + 1);
	size_t len = 0;
	for (size_t i = 1; i <= n; i++) {
		len += (size_t)sprintf(s + len, "%sw%zu%s", i > 1 ? " " : "", i,
				       every && i % every == 0 ? "." : "");
	}
	s[len] = '\0';
	return s;
}

static void test_long_paper_cut_at_sentences(void **state)
{
	(void)state;
	char *t = make_text(2000, 10);
	quire_arena *a = quire_arena_new(0);
	quire_preview pv;
	assert_int_equal(quire_preview_make(t, strlen(t), 2000, NULL, a, &pv), QUIRE_OK);
	/* 250 is itself a sentence end */
	assert_int_equal(pv.head_words, 250);
	assert_true(strncmp(pv.head, "w1 w2", 5) == 0);
	size_t hl = strlen(pv.head);
	assert_string_equal(pv.head + hl - 5, "w250.");
	/* tail: 120 words, starting after a sentence end (w1880.) */
	assert_int_equal(pv.tail_words, 120);
	assert_true(strncmp(pv.tail, "w1881 ", 6) == 0);
	assert_string_equal(pv.tail + strlen(pv.tail) - 6, "w2000.");
	assert_int_equal(pv.omitted_words, 2000 - 250 - 120);
	quire_arena_free(a);
	free(t);
}

static void test_prefers_sentence_end_in_window(void **state)
{
	(void)state;
	char *t = make_text(2000, 0);
	/* put one sentence end at word 237 */
	char *p = strstr(t, " w237 ");
	memmove(p + 6, p + 5, strlen(p + 5) + 1);
	p[5] = '.';
	quire_arena *a = quire_arena_new(0);
	quire_preview pv;
	assert_int_equal(quire_preview_make(t, strlen(t), 2000, NULL, a, &pv), QUIRE_OK);
	assert_int_equal(pv.head_words, 237);
	assert_string_equal(pv.head + strlen(pv.head) - 5, "w237.");
	quire_arena_free(a);
	free(t);
}

static void test_no_sentence_end_cuts_on_word(void **state)
{
	(void)state;
	char *t = make_text(1000, 0);
	quire_arena *a = quire_arena_new(0);
	quire_preview pv;
	assert_int_equal(quire_preview_make(t, strlen(t), 1000, NULL, a, &pv), QUIRE_OK);
	assert_int_equal(pv.head_words, 250);
	assert_string_equal(pv.head + strlen(pv.head) - 5, " w250");
	assert_int_equal(pv.tail_words, 120);
	assert_true(strncmp(pv.tail, "w881 ", 5) == 0);
	quire_arena_free(a);
	free(t);
}

static void test_short_paper_share_cap(void **state)
{
	(void)state;
	char *t = make_text(100, 0);
	quire_arena *a = quire_arena_new(0);
	quire_preview pv;
	assert_int_equal(quire_preview_make(t, strlen(t), 100, NULL, a, &pv), QUIRE_OK);
	/* at most 40% of 100 words, split 250:120 */
	assert_true(pv.head_words + pv.tail_words <= 40);
	assert_int_equal(pv.head_words, 27);
	assert_int_equal(pv.tail_words, 13);
	assert_int_equal(pv.omitted_words, 60);
	assert_int_equal(quire_count_words(pv.head, strlen(pv.head)), pv.head_words);
	assert_int_equal(quire_count_words(pv.tail, strlen(pv.tail)), pv.tail_words);

	quire_options o = quire_options_default();
	o.max_share_pct = 10;
	assert_int_equal(quire_preview_make(t, strlen(t), 100, &o, a, &pv), QUIRE_OK);
	assert_true(pv.head_words + pv.tail_words <= 10);
	quire_arena_free(a);
	free(t);
}

static void test_never_mid_word_utf8(void **state)
{
	(void)state;
	/* words of multibyte letters: a cut must fall between words */
	char buf[4096] = "";
	for (int i = 0; i < 300; i++)
		strcat(buf, i ? " \xC3\xA9t\xC3\xA9" : "\xC3\xA9t\xC3\xA9");
	quire_arena *a = quire_arena_new(0);
	quire_options o = quire_options_default();
	o.head_words = 50;
	o.tail_words = 20;
	quire_preview pv;
	assert_int_equal(quire_preview_make(buf, strlen(buf), 300, &o, a, &pv), QUIRE_OK);
	assert_int_equal(pv.head_words, 50);
	assert_string_equal(pv.head + strlen(pv.head) - 5, "\xC3\xA9t\xC3\xA9");
	assert_true(strncmp(pv.tail, "\xC3\xA9t\xC3\xA9", 5) == 0);
	quire_arena_free(a);
}

static void test_paragraph_break_is_a_cut(void **state)
{
	(void)state;
	char *t = make_text(2000, 0);
	char *p = strstr(t, " w245 ");
	p[0] = '\n'; /* "w244\nw245": not enough: a paragraph is "\n\n" */
	memmove(p + 1, p, strlen(p) + 1);
	p[0] = '\n';
	quire_arena *a = quire_arena_new(0);
	quire_preview pv;
	assert_int_equal(quire_preview_make(t, strlen(t), 2000, NULL, a, &pv), QUIRE_OK);
	assert_int_equal(pv.head_words, 244);
	quire_arena_free(a);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_long_paper_cut_at_sentences),
		cmocka_unit_test(test_prefers_sentence_end_in_window),
		cmocka_unit_test(test_no_sentence_end_cuts_on_word),
		cmocka_unit_test(test_short_paper_share_cap),
		cmocka_unit_test(test_never_mid_word_utf8),
		cmocka_unit_test(test_paragraph_break_is_a_cut),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
