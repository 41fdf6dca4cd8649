/*
 * test_count.c — quire_count_words() against the definition in
 * docs/COUNTING.md.
 *
 * Every case here was also checked with the independent reference counter
 * tools/wordcount.py, so the two implementations agree on all of them.
 * Cases are grouped by what they exercise; each group is one cmocka test
 * that reports every failing string, not just the first.
 */
#include <stdio.h>

#include "testutil.h"

typedef struct count_case {
	const char *s;
	size_t want;
} count_case;

static void check_cases(const count_case *c, size_t n)
{
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		size_t got = quire_count_words(c[i].s, strlen(c[i].s));
		if (got != c[i].want) {
			print_error("quire_count_words(\"%s\") = %zu, want %zu\n",
				    c[i].s, got, c[i].want);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

#define CHECK(cases) check_cases((cases), sizeof(cases) / sizeof((cases)[0]))

/* The examples docs/COUNTING.md gives. */
static void test_count_documented_examples(void **state)
{
	(void)state;
	static const count_case c[] = {
		{ "Sino-Soviet", 1 },
		{ "1990\xE2\x80\x93" "1995", 1 },           /* en dash */
		{ "republic\xE2\x80\x94is", 2 },             /* em dash, no spaces */
		{ "word \xE2\x80\x94 word", 2 },             /* em dash, spaced */
		{ "3,128", 1 },
		{ "http://example.org/a-b", 1 },
		{ "J. R. R. Tolkien", 4 },
		{ "\xE2\x80\x94", 0 },                       /* em dash alone */
		{ "&", 0 },
		{ "\xC2\xA7 3", 1 },                         /* § 3 */
		{ "\xE6\xBC\xA2\xE5\xAD\x97" "abc", 3 },     /* 漢字abc */
	};
	CHECK(c);
}

static void test_count_empty_and_punctuation(void **state)
{
	(void)state;
	static const count_case c[] = {
		{ "", 0 },
		{ " ", 0 },
		{ " \t\n\r\f\v ", 0 },
		{ "...", 0 },
		{ "! ? ; : , .", 0 },
		{ "\xE2\x80\xA6", 0 },                       /* … */
		{ "* * *", 0 },
		{ "- -- ---", 0 },
		{ "\xE2\x80\x9C\xE2\x80\x9D", 0 },           /* “” */
		{ "# $ % & @", 0 },
		{ "a", 1 },
		{ " a ", 1 },
		{ "a & b", 2 },
		{ "\xE2\x80\xA2 item", 1 },                  /* • item */
	};
	CHECK(c);
}

static void test_count_initials_and_abbreviations(void **state)
{
	(void)state;
	static const count_case c[] = {
		{ "J. R. R. Tolkien", 4 },
		{ "J.R.R. Tolkien", 2 },
		{ "U.S.A.", 1 },
		{ "e.g. this", 2 },
		{ "Chen, Jian.", 2 },
		{ "don\xE2\x80\x99t", 1 },                   /* don’t */
		{ "l\xE2\x80\x99opinion", 1 },               /* l’opinion */
		{ "\xE2\x80\x9CHello,\xE2\x80\x9D she said.", 3 },
		{ "(see p. 4)", 3 },
	};
	CHECK(c);
}

static void test_count_numbers(void **state)
{
	(void)state;
	static const count_case c[] = {
		{ "1", 1 },
		{ "3.14", 1 },
		{ "1,000,000", 1 },
		{ "-5", 1 },
		{ "50%", 1 },
		{ "$5", 1 },
		{ "2+2=4", 1 },
		{ "pp. 74\xE2\x80\x93" "117", 2 },           /* pp. 74–117 */
		{ "11, no. 4 (2009)", 4 },
		{ "[12]", 1 },
		{ "\xC2\xA7\xC2\xA7 3\xE2\x80\x93" "5", 1 }, /* §§ 3–5 */
		{ "\xE2\x85\xA0\xE2\x85\xA1", 1 },           /* ⅠⅡ (Nl) */
		{ "\xD9\xA3", 1 },                           /* Arabic-Indic three */
	};
	CHECK(c);
}

static void test_count_urls(void **state)
{
	(void)state;
	static const count_case c[] = {
		{ "http://example.org/a-b", 1 },
		{ "<http://example.org/index.cfm?topic_id=1409&fuseaction=library.document&id=468>", 1 },
		{ "see <https://example.org/x> now", 3 },
		{ "user@example.org", 1 },
		{ "www.example.org/a--b", 2 },               /* "--" still separates */
	};
	CHECK(c);
}

static void test_count_dashes(void **state)
{
	(void)state;
	static const count_case c[] = {
		{ "a\xE2\x80\x94" "b", 2 },                  /* em dash */
		{ "a \xE2\x80\x94 b", 2 },
		{ "a\xE2\x80\x94", 1 },
		{ "\xE2\x80\x94" "a", 1 },
		{ "a\xE2\x80\x95" "b", 2 },                  /* horizontal bar */
		{ "a\xE2\xB8\xBA" "b", 2 },                  /* two-em dash */
		{ "a\xE2\xB8\xBB" "b", 2 },                  /* three-em dash */
		{ "\xE2\xB8\xBB.", 0 },                      /* ⸻. (a Chicago repeated name) */
		{ "a--b", 2 },
		{ "a---b", 2 },
		{ "a -- b", 2 },
		{ "a-b", 1 },
		{ "a - b", 2 },
		{ "a\xE2\x80\x93" "b", 1 },                  /* en dash joins */
		{ "a \xE2\x80\x93 b", 2 },
		{ "a\xE2\x80\x90" "b", 1 },                  /* U+2010 hyphen */
		{ "well-known self-evident", 2 },
	};
	CHECK(c);
}

static void test_count_white_space(void **state)
{
	(void)state;
	static const count_case c[] = {
		{ "a\tb\nc\r\nd", 4 },
		{ "a\fb", 2 },
		{ "a\xC2\xA0" "b", 2 },                      /* NBSP */
		{ "a\xE2\x80\x89" "b", 2 },                  /* thin space */
		{ "a\xE2\x80\xAF" "b", 2 },                  /* narrow NBSP */
		{ "a\xE2\x80\xA8" "b", 2 },                  /* line separator */
		{ "a\xE3\x80\x80" "b", 2 },                  /* ideographic space */
		{ "a\xC2\x85" "b", 2 },                      /* NEL */
		{ "a\xE2\x80\x8B" "b", 1 },                  /* zero-width space: removed, joins */
		{ "co\xC2\xAD" "op", 1 },                    /* soft hyphen */
		{ "a\xE2\x81\xA0" "b", 1 },                  /* word joiner */
		{ "\xEF\xBB\xBF" "word", 1 },                /* BOM */
	};
	CHECK(c);
}

static void test_count_scripts(void **state)
{
	(void)state;
	static const count_case c[] = {
		{ "\xE6\xBC\xA2\xE5\xAD\x97", 2 },           /* 漢字 */
		{ "abc\xE6\xBC\xA2\xE5\xAD\x97" "def", 4 },  /* abc漢字def */
		{ "\xE3\x81\xB2\xE3\x82\x89\xE3\x81\x8C\xE3\x81\xAA", 4 }, /* ひらがな */
		{ "\xE3\x83\x86\xE3\x83\xBC\xE3\x83\x97", 3 }, /* テープ, U+30FC */
		{ "\xE6\xB5\xAE\xE4\xB8\x96\xE7\xB5\xB5 (ukiyo-e)", 4 }, /* 浮世絵 (ukiyo-e) */
		{ "\xE3\x80\x82", 0 },                       /* 。 */
		{ "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xEB\xAC\xB8\xEC\x9E\xA5", 2 }, /* Hangul */
		{ "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 1950", 2 }, /* Москва 1950 */
		{ "\xCE\xBB\xCF\x8C\xCE\xB3\xCE\xBF\xCF\x82", 1 }, /* λόγος */
		{ "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D", 2 }, /* Hebrew */
		{ "L\xC3\xBC" "beck-Hamburger", 1 },
		{ "e\xCC\x81t\xC3\xA9", 1 },                 /* decomposed é */
		{ "\xEF\xAC\x81" "ne", 1 },                  /* ﬁne */
	};
	CHECK(c);
}

/* Only s[0..n) is read: a length shorter than the string counts less. */
static void test_count_respects_length(void **state)
{
	(void)state;
	const char *s = "one two three";
	assert_int_equal(quire_count_words(s, 0), 0);
	assert_int_equal(quire_count_words(s, 3), 1);
	assert_int_equal(quire_count_words(s, 4), 1);
	assert_int_equal(quire_count_words(s, 5), 2);
	assert_int_equal(quire_count_words(s, strlen(s)), 3);
}

/* A longer passage, counted by tools/wordcount.py as 23. */
static void test_count_passage(void **state)
{
	(void)state;
	const char *s =
		"The treaty\xE2\x80\x94signed in February 1950\xE2\x80\x94gave China "
		"a loan of $300 million (spread over five years); see Chen, "
		"Jian, pp. 49\xE2\x80\x93" "53 & passim.";
	assert_int_equal(quire_count_words(s, strlen(s)), 23);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_documented_examples),
		cmocka_unit_test(test_count_empty_and_punctuation),
		cmocka_unit_test(test_count_initials_and_abbreviations),
		cmocka_unit_test(test_count_numbers),
		cmocka_unit_test(test_count_urls),
		cmocka_unit_test(test_count_dashes),
		cmocka_unit_test(test_count_white_space),
		cmocka_unit_test(test_count_scripts),
		cmocka_unit_test(test_count_respects_length),
		cmocka_unit_test(test_count_passage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
