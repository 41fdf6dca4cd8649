/*
 * test_head.c — headings: numbered, all caps, title case, and the lines
 * that must not be taken for one.
 */
#include "testutil.h"

#include "head.h"

static const head_ctx ALONE = {1, 0, 0};
static const head_ctx OPENS = {0, 1, 70}; /* opens a chunk, next line 70 bytes */
static const head_ctx INSIDE = {0, 0, 70};

static int lv(const char *s, const head_ctx *c)
{
	return head_level(s, strlen(s), c);
}

static void test_numbered_forms(void **state)
{
	(void)state;
	size_t nl = 0;
	int level = 0;
	assert_true(head_numbered("2.1 Results", 11, &nl, &level));
	assert_int_equal(nl, 3);
	assert_int_equal(level, 2);
	assert_true(head_numbered("1.2.3 Method", 12, &nl, &level));
	assert_int_equal(nl, 5);
	assert_int_equal(level, 3);
	assert_true(head_numbered("2.1. Results", 12, &nl, &level));
	assert_int_equal(nl, 4);
	assert_int_equal(level, 2);
	assert_true(head_numbered("IV. Conclusion", 14, &nl, &level));
	assert_int_equal(nl, 3);
	assert_int_equal(level, 1);
	assert_true(head_numbered("B) Sources", 10, &nl, &level));
	assert_int_equal(nl, 2);
	assert_int_equal(level, 2);
	assert_true(head_numbered("Chapter 3", 9, &nl, &level));
	assert_int_equal(nl, 9);
	assert_int_equal(level, 1);
	assert_true(head_numbered("Part II: The Delta", 18, &nl, &level));
	assert_int_equal(nl, 8);
	assert_int_equal(level, 1);
	assert_true(head_numbered("\xC2\xA7 2 Scope", 10, &nl, &level));
	assert_int_equal(nl, 4);
	assert_int_equal(level, 1);
	assert_true(head_numbered("1.", 2, &nl, &level));
	assert_int_equal(level, 1);

	assert_false(head_numbered("2001. A year", 12, &nl, &level));
	assert_false(head_numbered("1.5kg of salt", 13, &nl, &level));
	assert_false(head_numbered("Chapters of life", 16, &nl, &level));
	assert_false(head_numbered("Introduction", 12, &nl, &level));
	assert_false(head_numbered("", 0, &nl, &level));
}

static void test_numbered_headings(void **state)
{
	(void)state;
	assert_int_equal(lv("1. Introduction", &ALONE), 1);
	assert_int_equal(lv("1.2 Data and Sources", &ALONE), 2);
	assert_int_equal(lv("1.2.3 Method", &OPENS), 3);
	assert_int_equal(lv("2.1. Results of the survey", &OPENS), 2);
	assert_int_equal(lv("IV. Conclusion", &ALONE), 1);
	assert_int_equal(lv("A. Earlier work", &ALONE), 2);
	assert_int_equal(lv("Chapter 3", &ALONE), 1);
	assert_int_equal(lv("Part II", &ALONE), 1);
	assert_int_equal(lv("III.", &ALONE), 1);
	assert_int_equal(lv("V.", &ALONE), 1);
	assert_int_equal(lv("3 Related Work", &OPENS), 1);
	assert_int_equal(lv("1.1.1.1.1.1.1 Deep", &ALONE), 6);
}

static void test_numbered_list_items(void **state)
{
	(void)state;
	/* a sentence, not a heading */
	assert_int_equal(lv("1. The first point is that we cannot know.", &ALONE), 0);
	assert_int_equal(lv("2. We then. Moved on to the next", &ALONE), 0);
	/* lower case after the number */
	assert_int_equal(lv("3. the boats were late", &ALONE), 0);
	/* too many words */
	assert_int_equal(lv("4. One two three four five six seven eight nine ten "
			    "eleven twelve thirteen", &ALONE), 0);
	/* the first line of a wrapped item: nearly as long as the next line */
	head_ctx c = {0, 1, 60};
	assert_int_equal(lv("1. Rivers carry silt to the sea where it settles Down",
			    &c), 0);
	/* ends mid-phrase */
	assert_int_equal(lv("5. Rivers and the", &OPENS), 0);
	/* a bare arabic number alone is a page number */
	assert_int_equal(lv("12", &ALONE), 0);
	assert_int_equal(lv("12.", &ALONE), 0);
	assert_int_equal(lv("B.", &ALONE), 0);
}

static void test_all_caps(void **state)
{
	(void)state;
	assert_int_equal(lv("INTRODUCTION", &ALONE), 1);
	assert_int_equal(lv("THE SINO-SOVIET SPLIT", &ALONE), 1);
	assert_int_equal(lv("RÉSUMÉ ET CONCLUSIONS", &OPENS), 1);
	assert_int_equal(lv("ВВЕДЕНИЕ", &ALONE), 1); /* Cyrillic has case */
	assert_int_equal(lv("XIV", &ALONE), 0);         /* a roman page number */
	assert_int_equal(lv("A", &ALONE), 0);
	assert_int_equal(lv("NATO, THE UN,", &ALONE), 0);
	assert_int_equal(lv("ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN "
			    "ELEVEN TWELVE THIRTEEN", &ALONE), 0);
}

static void test_title_case(void **state)
{
	(void)state;
	assert_int_equal(lv("What Is an Essay?", &ALONE), 2);
	assert_int_equal(lv("Method:", &ALONE), 2);
	assert_int_equal(lv("The Rise and Fall of the River Guilds", &ALONE), 2);
	assert_int_equal(lv("Introduction", &ALONE), 2);
	assert_int_equal(lv("The Winter of 1854", &ALONE), 2);
	assert_int_equal(lv("La Guerre et la Paix", &ALONE), 2);
	assert_int_equal(lv("Geschichte und Gesellschaft", &ALONE), 2);
	/* title case but opening a chunk: no */
	assert_int_equal(lv("The Rise and Fall", &OPENS), 0);
	assert_int_equal(lv("The Rise and Fall", &INSIDE), 0);
	/* sentence case prose, closing period, comma, hyphen */
	assert_int_equal(lv("The river was high that year", &ALONE), 0);
	assert_int_equal(lv("The End.", &ALONE), 0);
	assert_int_equal(lv("Yours Truly,", &ALONE), 0);
	assert_int_equal(lv("The Inter-", &ALONE), 0);
	assert_int_equal(lv("The Rise of", &ALONE), 0);
	/* captions and non-Latin scripts */
	assert_int_equal(lv("Table 3", &ALONE), 0);
	assert_int_equal(lv("Figure 2.1", &ALONE), 0);
	assert_int_equal(lv("\xE6\xB2\xB3\xE6\xB5\x81", &ALONE), 0);
}

static void test_rejections(void **state)
{
	(void)state;
	/* a reference entry */
	assert_int_equal(lv("Chen, Jian. The Lantern Trade. 2001.", &ALONE), 0);
	assert_int_equal(lv("ABBOTT, MIRIAM. CANALS, 1988", &ALONE), 0);
	assert_int_equal(lv("Ostrander Papers 1999.", &ALONE), 0);
	/* too long */
	char big[300];
	memset(big, 'A', sizeof big);
	assert_int_equal(head_level(big, sizeof big, &ALONE), 0);
	/* no letters */
	assert_int_equal(lv("* * *", &ALONE), 0);
	assert_int_equal(lv("- 7 -", &ALONE), 0);
	/* URLs, mail */
	assert_int_equal(lv("Go To Http://Example.Org", &ALONE), 0);
	assert_int_equal(lv("See Www.Example.Org", &ALONE), 0);
	assert_int_equal(lv("Write To Me@Example", &ALONE), 0);
	/* empty, NULL context, invalid UTF-8 */
	assert_int_equal(head_level("", 0, &ALONE), 0);
	assert_int_equal(head_level("INTRODUCTION", 12, NULL), 0);
	assert_int_equal(head_level("AB\xFF\xFE", 4, &ALONE), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbered_forms),
		cmocka_unit_test(test_numbered_headings),
		cmocka_unit_test(test_numbered_list_items),
		cmocka_unit_test(test_all_caps),
		cmocka_unit_test(test_title_case),
		cmocka_unit_test(test_rejections),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
