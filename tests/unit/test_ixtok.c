/*
 * test_ixtok.c — the index tokenizer (ixtok.h): ASCII and multi-byte
 * words, case and diacritic folding, compatibility forms, stemming,
 * hyphenated wholes, CJK ideographs, offsets and positions, long words,
 * bad UTF-8, and the snippet helpers.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "ixtok.h"

#include <libstemmer.h>

#include "buf.h"

/* Tokenizes s with flags into "term@pos[+] term@pos …" (a + marks a
 * colocated whole). */
static void toks(ixtok *t, const char *s, unsigned flags, char *out, size_t cap)
{
	ixtok_token k;
	size_t o = 0;
	out[0] = '\0';
	ixtok_begin(t, s, strlen(s), flags, 0);
	while (ixtok_next(t, &k)) {
		assert_int_equal(strlen(k.term), k.len);
		assert_true(k.off + k.n <= strlen(s));
		int w = snprintf(out + o, cap - o, "%s%s@%u%s", o ? " " : "", k.term,
				 (unsigned)k.pos, k.colocated ? "+" : "");
		assert_true(w > 0 && (size_t)w < cap - o);
		o += (size_t)w;
	}
}

static void test_ascii_stem(void **state)
{
	(void)state;
	ixtok *t = ixtok_new();
	char out[512];
	toks(t, "The Running dogs, 42 times!", 0, out, sizeof out);
	assert_string_equal(out, "the@0 run@1 dog@2 42@3 time@4");
	toks(t, "", 0, out, sizeof out);
	assert_string_equal(out, "");
	toks(t, "  ,,; ", 0, out, sizeof out);
	assert_string_equal(out, "");
	toks(t, "don't", IXTOK_NOSTEM, out, sizeof out);
	assert_string_equal(out, "don@0 t@1");
	ixtok_free(t);
}

static void test_fold_diacritics(void **state)
{
	(void)state;
	ixtok *t = ixtok_new();
	char out[512];
	toks(t, "Sov\xC3\xA9tskiy SOVETSKIY sovetskiy", IXTOK_NOSTEM, out, sizeof out);
	assert_string_equal(out, "sovetskiy@0 sovetskiy@1 sovetskiy@2");
	/* Straße, the ligature fi, full-width A, Greek capital */
	toks(t, "Stra\xC3\x9F" "e \xEF\xAC\x81nd \xEF\xBC\xA1 \xCE\x9B\xCE\x8C\xCE\x93\xCE\x9F\xCE\xA3",
	     IXTOK_NOSTEM, out, sizeof out);
	assert_string_equal(out, "strasse@0 find@1 a@2 \xCE\xBB\xCE\xBF\xCE\xB3\xCE\xBF\xCF\x83@3");
	/* a decomposed é (e + U+0301) folds like the precomposed one */
	toks(t, "cafe\xCC\x81 caf\xC3\xA9", IXTOK_NOSTEM, out, sizeof out);
	assert_string_equal(out, "cafe@0 cafe@1");
	/* offsets are in the original bytes */
	ixtok_token k;
	const char *s = "\xC3\x89t\xC3\xA9 x";
	ixtok_begin(t, s, strlen(s), 0, 0);
	assert_true(ixtok_next(t, &k));
	assert_int_equal(k.off, 0);
	assert_int_equal(k.n, 5);
	assert_true(ixtok_next(t, &k));
	assert_int_equal(k.off, 6);
	assert_string_equal(k.term, "x");
	assert_false(ixtok_next(t, &k));
	ixtok_free(t);
}

static void test_hyphen_wholes(void **state)
{
	(void)state;
	ixtok *t = ixtok_new();
	char out[512];
	toks(t, "the Sino-Soviet split", IXTOK_WHOLES | IXTOK_NOSTEM, out, sizeof out);
	assert_string_equal(out, "the@0 sino@1 soviet@2 sinosoviet@2+ split@3");
	toks(t, "a-b-c d", IXTOK_WHOLES | IXTOK_NOSTEM, out, sizeof out);
	assert_string_equal(out, "a@0 b@1 ab@1+ c@2 abc@2+ d@3");
	/* U+2010 joins too; a spaced dash does not */
	toks(t, "x\xE2\x80\x90y p - q", IXTOK_WHOLES | IXTOK_NOSTEM, out, sizeof out);
	assert_string_equal(out, "x@0 y@1 xy@1+ p@2 q@3");
	/* queries have no wholes */
	toks(t, "Sino-Soviet", IXTOK_NOSTEM, out, sizeof out);
	assert_string_equal(out, "sino@0 soviet@1");
	/* the whole is stemmed */
	toks(t, "well-being", IXTOK_WHOLES, out, sizeof out);
	assert_string_equal(out, "well@0 be@1 wellb@1+");
	/* the whole's offsets are the last part's */
	ixtok_token k;
	ixtok_begin(t, "ab-cd", 5, IXTOK_WHOLES, 7);
	assert_true(ixtok_next(t, &k));
	assert_int_equal(k.pos, 7);
	assert_true(ixtok_next(t, &k));
	assert_true(ixtok_next(t, &k));
	assert_true(k.colocated);
	assert_int_equal(k.off, 3);
	assert_int_equal(k.n, 2);
	assert_int_equal(k.pos, 8);
	assert_false(ixtok_next(t, &k));
	assert_int_equal(ixtok_pos(t), 9);
	ixtok_free(t);
}

static void test_cjk(void **state)
{
	(void)state;
	ixtok *t = ixtok_new();
	char out[512];
	/* 中文abc日本 : each ideograph alone, the Latin run one word */
	toks(t, "\xE4\xB8\xAD\xE6\x96\x87" "abc\xE6\x97\xA5\xE6\x9C\xAC", IXTOK_NOSTEM, out,
	     sizeof out);
	assert_string_equal(out, "\xE4\xB8\xAD@0 \xE6\x96\x87@1 abc@2 \xE6\x97\xA5@3 \xE6\x9C\xAC@4");
	/* kana too: ひらがな */
	toks(t, "\xE3\x81\xB2\xE3\x82\x89", IXTOK_NOSTEM, out, sizeof out);
	assert_string_equal(out, "\xE3\x81\xB2@0 \xE3\x82\x89@1");
	/* Hangul stays a word */
	toks(t, "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 x", IXTOK_NOSTEM, out, sizeof out);
	assert_string_equal(out, "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4@0 x@1");
	ixtok_free(t);
}

static void test_long_and_bad(void **state)
{
	(void)state;
	ixtok *t = ixtok_new();
	char big[400];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ixtok_token k;
	ixtok_begin(t, big, strlen(big), IXTOK_WHOLES, 0);
	assert_true(ixtok_next(t, &k));
	assert_int_equal(k.len, IXTOK_TERM_MAX);
	assert_int_equal(k.n, 399);
	assert_false(ixtok_next(t, &k));
	/* a 2-byte é that cannot fit at the cut is left out whole */
	char mix[300];
	memset(mix, 'b', 127);
	memcpy(mix + 127, "\xC3\xA9zz", 5);
	ixtok_begin(t, mix, strlen(mix), 0, 0);
	assert_true(ixtok_next(t, &k));
	assert_true(k.len <= IXTOK_TERM_MAX);
	assert_false(ixtok_next(t, &k));
	/* bad bytes separate */
	char out[256];
	toks(t, "ab\xFF" "cd\xC3", 0, out, sizeof out);
	assert_string_equal(out, "ab@0 cd@1");
	ixtok_free(t);
}

static void test_helpers(void **state)
{
	(void)state;
	ixtok *t = ixtok_new();
	char f[IXTOK_TERM_MAX + 1], s[IXTOK_TERM_MAX + 1];
	size_t fn = ixtok_fold("R\xC3\xA9SUM\xC3\x89S", 9, f, sizeof f);
	assert_string_equal(f, "resumes");
	assert_int_equal(fn, 7);
	size_t sn = ixtok_stem(t, f, fn, s, sizeof s);
	assert_string_equal(s, "resum");
	assert_int_equal(sn, 5);
	assert_int_equal(ixtok_term(t, "Connections", 11, s, sizeof s), 7);
	assert_string_equal(s, "connect");
	assert_int_equal(ixtok_term(t, "--", 2, s, sizeof s), 0);
	/* the stems the tokenizer makes are always "maybe" */
	static const char *const words[] = {"skies", "dying", "connections", "happily",
					    "generously", "ugly", "news", "hoped", "abc"};
	for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
		size_t n = strlen(words[i]);
		size_t k = ixtok_stem(t, words[i], n, s, sizeof s);
		assert_true(ixtok_may_stem_to(words[i], n, s, k));
	}
	assert_false(ixtok_may_stem_to("apple", 5, "banana", 6));
	assert_false(ixtok_may_stem_to("cat", 3, "dog", 3));
	assert_false(ixtok_may_stem_to("at", 2, "an", 2));
	ixtok_free(t);
}

/* The common words that start pairs (index format 4): every one as the
 * tokenizer gives it (so the list is the stemmed forms, and sorted for
 * its bsearch), and no ordinary word. */
static void test_common_pairs(void **state)
{
	(void)state;
	ixtok *t = ixtok_new();
	char s[IXTOK_TERM_MAX + 1];
	static const char *const common[] = {
		"A", "an", "And", "ARE", "as", "at", "be", "by", "che", "das", "de", "der",
		"des", "di", "die", "el", "et", "for", "From", "il", "in", "IS", "it", "la",
		"le", "les", "los", "not", "of", "on", "or", "que", "that", "The", "this",
		"to", "und", "was", "which", "with"};
	for (size_t i = 0; i < sizeof common / sizeof *common; i++) {
		size_t n = ixtok_term(t, common[i], strlen(common[i]), s, sizeof s);
		assert_true(n > 0);
		if (!ixtok_common(s, n))
			fail_msg("%s (term %s) is not common", common[i], s);
	}
	static const char *const rare[] = {"number", "them", "thesis", "theory", "ocean", "is1", "x",
					   "have", "he", "there"};
	for (size_t i = 0; i < sizeof rare / sizeof *rare; i++) {
		size_t n = ixtok_term(t, rare[i], strlen(rare[i]), s, sizeof s);
		assert_false(ixtok_common(s, n));
	}
	assert_false(ixtok_common("", 0));
	assert_false(ixtok_common("thelongword", 11));
	char p[IXTOK_PAIR_MAX + 1];
	size_t pn = ixtok_pair("the", 3, "number", 6, p, sizeof p);
	assert_int_equal(pn, 11);
	assert_memory_equal(p, "\xFFthe\xFFnumber", 11);
	assert_true(ixtok_is_pair(p, pn));
	assert_false(ixtok_is_pair("the", 3));
	/* too long for out: empty, not cut */
	assert_int_equal(ixtok_pair("the", 3, "number", 6, p, 8), 0);
	assert_string_equal(p, "");
	/* the longest terms always fit the documented size */
	char a[IXTOK_TERM_MAX], b[IXTOK_TERM_MAX];
	memset(a, 'a', sizeof a);
	memset(b, 'b', sizeof b);
	assert_int_equal(ixtok_pair(a, sizeof a, b, sizeof b, p, sizeof p), IXTOK_PAIR_MAX);
	ixtok_free(t);
}

/* The stem cache never changes a term: every token of a long text of
 * 40,000 distinct words (many sharing a slot), each seen three times,
 * is the Snowball stem of its folded word. */
static void test_stem_cache(void **state)
{
	(void)state;
	ixtok *t = ixtok_new();
	struct sb_stemmer *sb = sb_stemmer_new("english", "UTF_8");
	assert_non_null(sb);
	static const char *const ends[] = {"ing", "ed", "s", "ies", "ation", "ly", "ness", ""};
	buf_t text = BUF_INIT;
	for (int round = 0; round < 3; round++)
		for (unsigned i = 0; i < 40000; i++) {
			unsigned v = (i * 2654435761u) % 40000;
			char w[32];
			snprintf(w, sizeof w, "%c%c%c%c%s ", 'a' + v % 26, 'a' + v / 26 % 26,
				 'a' + v / 676 % 26, 'a' + v / 17576 % 26, ends[v % 8]);
			buf_puts(&text, w);
		}
	assert_false(buf_failed(&text));
	ixtok_token k;
	size_t seen = 0;
	ixtok_begin(t, text.p, text.len, 0, 0);
	while (ixtok_next(t, &k)) {
		char f[IXTOK_TERM_MAX + 1];
		size_t fn = ixtok_fold(text.p + k.off, k.n, f, sizeof f);
		const sb_symbol *st = sb_stemmer_stem(sb, (const sb_symbol *)f, (int)fn);
		int sn = sb_stemmer_length(sb);
		if (fn <= 2)
			st = (const sb_symbol *)f, sn = (int)fn;
		if (k.len != (size_t)sn || memcmp(k.term, st, k.len) != 0)
			fail_msg("%.*s: term %s, Snowball %.*s", (int)k.n, text.p + k.off, k.term, sn,
				 (const char *)st);
		seen++;
	}
	assert_int_equal(seen, 120000);
	buf_free(&text);
	sb_stemmer_delete(sb);
	ixtok_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_stem),   cmocka_unit_test(test_fold_diacritics),
		cmocka_unit_test(test_hyphen_wholes), cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_long_and_bad), cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_common_pairs), cmocka_unit_test(test_stem_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
