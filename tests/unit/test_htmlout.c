/*
 * test_htmlout.c — html.c: escaping by construction (html_printf),
 * snippets with marks, slugs.  (test_html.c is the HTML format reader's.)
 */
#include <stdlib.h>

#include "testutil.h"

#include "buf.h"
#include "html.h"
#include "search.h"

static char *fmt(const char *f, ...)
{
	static buf_t b = BUF_INIT;
	buf_reset(&b);
	va_list ap;
	va_start(ap, f);
	html_vprintf(&b, f, ap);
	va_end(ap);
	buf_putc(&b, 0);
	return b.p;
}

static void test_escape_every_dangerous_char(void **state)
{
	(void)state;
	assert_string_equal(fmt("<p>%s</p>", "<script>alert(\"x\" & 'y')</script>"),
		"<p>&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;</p>");
	assert_string_equal(fmt("<a title=\"%s\">", "\" onmouseover=\"x"),
			    "<a title=\"&quot; onmouseover=&quot;x\">");
	assert_string_equal(fmt("[%s]", NULL), "[]");
	assert_string_equal(fmt("%s", "caf\xC3\xA9"), "caf\xC3\xA9");
}

static void test_raw_and_numbers(void **state)
{
	(void)state;
	assert_string_equal(fmt("%S|%d|%ld|%zu", "<b>", -3, 123456789L,
				(size_t)42), "<b>|-3|123456789|42");
	assert_string_equal(fmt("%N Words · %N", (size_t)3128, (size_t)7),
			    "3,128 Words · 7");
	assert_string_equal(fmt("%N", (size_t)1234567), "1,234,567");
	assert_string_equal(fmt("%N", (size_t)0), "0");
	assert_string_equal(fmt("100%%"), "100%");
	assert_string_equal(fmt("%q"), "%?");
	assert_string_equal(fmt("end%"), "end%");
}

static void test_precision(void **state)
{
	(void)state;
	assert_string_equal(fmt("%.*s|", 4, "a<b>cdef"), "a&lt;b&gt;|");
	assert_string_equal(fmt("%.*s|", 10, "ab"), "ab|");
	assert_string_equal(fmt("%.*u|", 3, "a b c"), "a%20b|");
}

static void test_url(void **state)
{
	(void)state;
	assert_string_equal(fmt("/search?q=%u", "a b&c=d/e?\"<>#%"),
		"/search?q=a%20b%26c%3Dd%2Fe%3F%22%3C%3E%23%25");
	assert_string_equal(fmt("%u", "A-z_0.9~"), "A-z_0.9~");
	assert_string_equal(fmt("%u", "\xC3\xA9"), "%C3%A9");
	assert_string_equal(fmt("%u", "javascript:alert(1)"),
			    "javascript%3Aalert%281%29");
}

static void test_snippet(void **state)
{
	(void)state;
	buf_t b = BUF_INIT;
	html_snippet(&b, "a \x01" "war\x02 <b> & \x01more\x02.");
	buf_putc(&b, 0);
	assert_string_equal(b.p, "a <mark>war</mark> &lt;b&gt; &amp; <mark>more</mark>.");
	buf_reset(&b);
	/* unbalanced marks: stray close dropped, open closed at the end */
	html_snippet(&b, "x\x02y\x01z\x01w");
	buf_putc(&b, 0);
	assert_string_equal(b.p, "xy<mark>zw</mark>");
	buf_reset(&b);
	html_snippet(&b, NULL);
	html_snippet(&b, "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

static void test_slug(void **state)
{
	(void)state;
	char s[81];
	html_slug("The Sino-Soviet Split", s, 80);
	assert_string_equal(s, "the-sino-soviet-split");
	html_slug("  \"Hello,\" World!! -- (2003) ", s, 80);
	assert_string_equal(s, "hello-world-2003");
	html_slug("Don't Stop \xE2\x80\x99Til", s, 80);
	assert_string_equal(s, "dont-stop-til");
	html_slug("\xC3\x9C" "ber die Stra\xC3\x9F" "e von \xC5\x81\xC3\xB3" "d\xC5\xBA", s, 80);
	assert_string_equal(s, "uber-die-strasse-von-lodz");
	html_slug("\xE4\xB8\xAD\xE6\x96\x87 Chinese \xE2\x80\x94 text", s, 80);
	assert_string_equal(s, "chinese-text");
	html_slug("<script>alert(1)</script>", s, 80);
	assert_string_equal(s, "script-alert-1-script");
	html_slug("\xE4\xB8\xAD\xE6\x96\x87", s, 80);
	assert_string_equal(s, "");
	html_slug(NULL, s, 80);
	assert_string_equal(s, "");
	/* a long title: no word cut, no trailing dash */
	html_slug("alpha beta gamma", s, 13);
	assert_string_equal(s, "alpha-beta");
	html_slug("alpha beta gamma", s, 10);
	assert_string_equal(s, "alpha-beta");
	html_slug("supercalifragilistic", s, 5);
	assert_string_equal(s, "super");
	html_slug("abc", s, 0);
	assert_string_equal(s, "");
	/* a broken UTF-8 lead byte is a separator, not an overrun */
	html_slug("a\xC3", s, 80);
	assert_string_equal(s, "a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_every_dangerous_char),
		cmocka_unit_test(test_raw_and_numbers),
		cmocka_unit_test(test_precision),
		cmocka_unit_test(test_url),
		cmocka_unit_test(test_snippet),
		cmocka_unit_test(test_slug),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
