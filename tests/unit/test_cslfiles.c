/*
 * test_cslfiles.c — style and locale files (src/web/cslfiles.c): finding a
 * style by name, path and URI, the dependent/ folder, the order of the
 * folders, listing with titles read from <info>, dependent styles loaded
 * through their parent, and formatting in input order.  Every style is
 * written by the test into a temporary folder ($QUIRE_CSL_STYLES); HOME
 * and XDG_DATA_HOME point into it too, so the machine's own folders only
 * add names after ours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

#include "cslfiles.h"

static char dir_a[256], dir_b[256], home[256];

static const char style_ad[] =
	"<?xml version=\"1.0\"?>\n"
	"<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"in-text\" version=\"1.0\">\n"
	"<info><title>Unit &amp; Date</title><id>http://example.org/styles/unit-ad</id>"
	"<updated>2024-01-01T00:00:00+00:00</updated></info>\n"
	"<citation><layout prefix=\"(\" suffix=\")\" delimiter=\"; \">"
	"<names variable=\"author\"><name form=\"short\"/></names></layout></citation>\n"
	"<bibliography><sort><key variable=\"author\"/></sort><layout suffix=\".\">"
	"<group delimiter=\". \"><names variable=\"author\"><name name-as-sort-order=\"all\"/></names>"
	"<text variable=\"title\"/></group></layout></bibliography>\n"
	"</style>\n";

static const char style_dep[] =
	"<style xmlns=\"http://purl.org/net/xbiblio/csl\" version=\"1.0\">\n"
	"<info><title>Unit Journal</title><id>http://example.org/styles/unit-journal</id>"
	"<link href=\"http://example.org/styles/unit-ad\" rel=\"independent-parent\"/>"
	"<updated>2024-01-01T00:00:00+00:00</updated></info>\n"
	"</style>\n";

static const char style_other[] =
	"<style xmlns=\"http://purl.org/net/xbiblio/csl\" class=\"note\" version=\"1.0\">\n"
	"<info><title>Shadowed</title><id>x</id><updated>2024-01-01T00:00:00+00:00</updated></info>\n"
	"<citation><layout><text variable=\"title\"/></layout></citation>\n"
	"</style>\n";

static void put(const char *dir, const char *name, const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/quire-cslf.XXXXXX";
	char *t = mkdtemp(tmpl);
	if (!t)
		return -1;
	snprintf(dir_a, sizeof dir_a, "%s/a", t);
	snprintf(dir_b, sizeof dir_b, "%s/b", t);
	snprintf(home, sizeof home, "%s", t);
	mkdir(dir_a, 0700);
	mkdir(dir_b, 0700);
	char dep[300];
	snprintf(dep, sizeof dep, "%s/dependent", dir_a);
	mkdir(dep, 0700);
	put(dir_a, "unit-ad.csl", style_ad);
	put(dep, "unit-journal.csl", style_dep);
	put(dir_b, "unit-ad.csl", style_other); /* hidden by dir_a's */
	put(dir_b, "unit-other.csl", style_other);
	char env[600];
	snprintf(env, sizeof env, "%s:%s", dir_a, dir_b);
	setenv("QUIRE_CSL_STYLES", env, 1);
	setenv("HOME", home, 1);
	unsetenv("XDG_DATA_HOME");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	static const char *const files[] = {"a/unit-ad.csl", "a/dependent/unit-journal.csl",
					    "b/unit-ad.csl", "b/unit-other.csl",
					    "a/dependent", "a", "b", ""};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char p[600];
		snprintf(p, sizeof p, "%s/%s", home, files[i]);
		if (unlink(p) != 0)
			rmdir(p);
	}
	return 0;
}

static void test_dirs_order(void **state)
{
	(void)state;
	char d[CSLF_DIRS_MAX][CSLF_PATH_MAX];
	size_t n = cslf_dirs(0, d, CSLF_DIRS_MAX);
	assert_true(n >= 4);
	assert_string_equal(d[0], dir_a);
	assert_string_equal(d[1], dir_b);
	char want[400];
	snprintf(want, sizeof want, "%s/.local/share/quire/styles", home);
	assert_string_equal(d[2], want);
	snprintf(want, sizeof want, "%s/Zotero/styles", home);
	assert_string_equal(d[3], want);
	n = cslf_dirs(1, d, CSLF_DIRS_MAX);
	assert_string_equal(d[n - 1], "/usr/share/citation-style-language/locales");
}

static void test_find(void **state)
{
	(void)state;
	char p[CSLF_PATH_MAX], want[400];
	snprintf(want, sizeof want, "%s/unit-ad.csl", dir_a);
	assert_int_equal(cslf_find_style("unit-ad", p, sizeof p), 0);
	assert_string_equal(p, want); /* the first folder wins */
	assert_int_equal(cslf_find_style("unit-ad.csl", p, sizeof p), 0);
	assert_string_equal(p, want);
	assert_int_equal(cslf_find_style("http://example.org/styles/unit-ad", p, sizeof p), 0);
	assert_string_equal(p, want);
	assert_int_equal(cslf_find_style(want, p, sizeof p), 0); /* a path */
	assert_string_equal(p, want);
	snprintf(want, sizeof want, "%s/dependent/unit-journal.csl", dir_a);
	assert_int_equal(cslf_find_style("unit-journal", p, sizeof p), 0);
	assert_string_equal(p, want);
	assert_int_equal(cslf_find_style("unit-other", p, sizeof p), 0);
	/* not found, and nothing outside the folders by name */
	assert_int_equal(cslf_find_style("no-such-style-here", p, sizeof p), -1);
	assert_int_equal(cslf_find_style("", p, sizeof p), -1);
	assert_int_equal(cslf_find_style(NULL, p, sizeof p), -1);
	assert_int_equal(cslf_find_style("..", p, sizeof p), -1);
	assert_int_equal(cslf_find_style("/nonexistent/x.csl", p, sizeof p), -1);
}

static const cslf_info *find_info(const cslf_info *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

static void test_list(void **state)
{
	(void)state;
	cslf_info *v;
	size_t n;
	assert_int_equal(cslf_list(0, &v, &n), 0);
	const cslf_info *ad = find_info(v, n, "unit-ad");
	assert_non_null(ad);
	assert_string_equal(ad->title, "Unit & Date"); /* entity decoded */
	assert_string_equal(ad->id, "http://example.org/styles/unit-ad");
	assert_false(ad->dependent);
	assert_null(find_info(v, n, "unit-journal")); /* dependent: only with --all */
	assert_non_null(find_info(v, n, "unit-other"));
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(v[i - 1].name, v[i].name) < 0); /* sorted, unique */
	cslf_list_free(v, n);
	assert_int_equal(cslf_list(1, &v, &n), 0);
	const cslf_info *j = find_info(v, n, "unit-journal");
	assert_non_null(j);
	assert_true(j->dependent);
	assert_string_equal(j->title, "Unit Journal");
	cslf_list_free(v, n);
}

static void test_load_dependent(void **state)
{
	(void)state;
	quire_error err = {0};
	char lang[64];
	csl_style *s = cslf_load_style("unit-journal", lang, sizeof lang, &err);
	assert_non_null(s);
	assert_string_equal(csl_style_title(s), "Unit & Date"); /* the parent */
	assert_null(csl_style_parent(s));
	csl_style_free(s);
	s = cslf_load_style("no-such-style-here", lang, sizeof lang, &err);
	assert_null(s);
	assert_non_null(strstr(err.msg, "no style named 'no-such-style-here'"));
}

static void test_format_entries(void **state)
{
	(void)state;
	if (access("/usr/share/citation-style-language/locales/locales-en-US.xml", R_OK) != 0)
		skip();
	quire_arena *a = quire_arena_new(0);
	quire_error err = {0};
	char *out = NULL;
	static const char items[] =
		"[{\"id\":\"z\",\"type\":\"book\",\"title\":\"Zither\",\"author\":[{\"family\":\"Yoon\",\"given\":\"Mi\"}]},"
		" {\"id\":\"b\",\"type\":\"book\",\"title\":\"Bellows\",\"author\":[{\"family\":\"Abt\",\"given\":\"Ola\"}]}]";
	/* the bibliography is sorted by the style */
	assert_int_equal(cslf_format("unit-ad", NULL, items, sizeof items - 1,
				     CSLF_BIBLIOGRAPHY, CSL_TEXT, a, &out, &err), QUIRE_OK);
	assert_string_equal(out, "Abt, Ola. Bellows.\nYoon, Mi. Zither.\n");
	/* entries come back in input order */
	assert_int_equal(cslf_format("unit-ad", NULL, items, sizeof items - 1,
				     CSLF_ENTRIES, CSL_TEXT, a, &out, &err), QUIRE_OK);
	assert_string_equal(out, "Yoon, Mi. Zither.\nAbt, Ola. Bellows.\n");
	assert_int_equal(cslf_format("unit-journal", NULL, items, sizeof items - 1,
				     CSLF_CITATION, CSL_TEXT, a, &out, &err), QUIRE_OK);
	assert_string_equal(out, "(Yoon; Abt)");
	/* a style without a bibliography: one citation per item */
	assert_int_equal(cslf_format("unit-other", NULL, items, sizeof items - 1,
				     CSLF_ENTRIES, CSL_TEXT, a, &out, &err), QUIRE_OK);
	assert_string_equal(out, "Zither\nBellows\n");
	/* bad items */
	assert_int_not_equal(cslf_format("unit-ad", NULL, "[{", 2, CSLF_ENTRIES,
					 CSL_TEXT, a, &out, &err), QUIRE_OK);
	quire_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dirs_order),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_load_dependent),
		cmocka_unit_test(test_format_entries),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
