/*
 * test_fixtures.c — the whole analysis against the sample papers.
 *
 * Every tests/fixtures/NAME.expect (directory: $QUIRE_FIXTURES, default
 * "tests/fixtures") describes what a careful reader finds in the paper
 * NAME: title, authors, encoding, word and page counts, outline, every
 * bibliography entry and sub-section, strings the text must or must not
 * hold, and how the preview opens and closes.  The format is documented in
 * tests/fixtures/README.md.
 *
 * Each fixture is one cmocka test (named after its file): the paper's bytes
 * go through fmt_sniff() and the reader it picks, in process, then through
 * quire_analyze().  Every expectation is checked and every mismatch is
 * printed (fixture, field, got, want) before the test fails, so one run
 * shows all that is wrong, not just the first thing.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#include "formats.h"
#include "testutil.h"

/* Large enough for any fixture; the analysis of one paper fits easily. */
#define FIX_ARENA_BUDGET ((size_t)256 << 20)

/* One "key: value" line of an .expect file. */
typedef struct fix_field {
	char *key;
	char *val;
} fix_field;

typedef struct fix_expect {
	fix_field *f;
	size_t n;
	char *buf; /* the file's bytes, cut in place */
} fix_expect;

/* The mismatch counter and the fixture name for messages. */
typedef struct fix_run {
	const char *name;
	int failures;
} fix_run;

static void fix_fail(fix_run *r, const char *field, const char *got,
		     const char *want)
{
	print_error("%s: %s:\n    got  \"%s\"\n    want \"%s\"\n", r->name, field,
		    got ? got : "(null)", want);
	r->failures++;
}

static void fix_fail_n(fix_run *r, const char *field, size_t got, size_t want)
{
	print_error("%s: %s: got %zu, want %zu\n", r->name, field, got, want);
	r->failures++;
}

/* Reads path into a malloc'ed NUL-terminated buffer, or NULL. */
static char *fix_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	size_t cap = 4096, n = 0;
	char *b = malloc(cap);
	while (b) {
		if (n + 1 >= cap) {
			char *nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				b = NULL;
				break;
			}
			b = nb;
			cap *= 2;
		}
		size_t got = fread(b + n, 1, cap - n - 1, fp);
		if (got == 0)
			break;
		n += got;
	}
	fclose(fp);
	if (b) {
		b[n] = '\0';
		if (len)
			*len = n;
	}
	return b;
}

/* Parses an .expect file; returns 0 on success. */
static int fix_parse(const char *path, fix_expect *e)
{
	memset(e, 0, sizeof *e);
	e->buf = fix_slurp(path, NULL);
	if (!e->buf)
		return -1;
	size_t cap = 0;
	char *p = e->buf;
	while (*p) {
		char *eol = strchr(p, '\n');
		char *next = eol ? eol + 1 : p + strlen(p);
		if (eol)
			*eol = '\0';
		if (eol && eol > p && eol[-1] == '\r')
			eol[-1] = '\0';
		char *colon = strstr(p, ": ");
		if (*p != '#' && *p != '\0' && colon) {
			if (e->n == cap) {
				cap = cap ? cap * 2 : 64;
				fix_field *nf = realloc(e->f, cap * sizeof *nf);
				if (!nf)
					return -1;
				e->f = nf;
			}
			*colon = '\0';
			e->f[e->n].key = p;
			e->f[e->n].val = colon + 2;
			e->n++;
		}
		p = next;
	}
	return 0;
}

static void fix_expect_free(fix_expect *e)
{
	free(e->f);
	free(e->buf);
}

/* The first value of key, or NULL. */
static const char *fix_get(const fix_expect *e, const char *key)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->f[i].key, key) == 0)
			return e->f[i].val;
	return NULL;
}

static size_t fix_count(const fix_expect *e, const char *key)
{
	size_t c = 0;
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->f[i].key, key) == 0)
			c++;
	return c;
}

/* The k-th (0-based) value of key, or NULL. */
static const char *fix_nth(const fix_expect *e, const char *key, size_t k)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->f[i].key, key) == 0 && k-- == 0)
			return e->f[i].val;
	return NULL;
}

static int fix_contains(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

/* Length of s without trailing white space. */
static size_t fix_rtrim_len(const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\t' ||
			 s[n - 1] == '\r'))
		n--;
	return n;
}

static void fix_check_authors(fix_run *r, const fix_expect *e,
			      const quire_paper *p)
{
	const char *want = fix_get(e, "authors");
	if (!want) {
		if (p->n_authors != 0)
			fix_fail(r, "authors (none expected)", p->authors[0], "");
		return;
	}
	size_t k = 0;
	const char *s = want;
	for (;;) {
		const char *semi = strstr(s, "; ");
		size_t len = semi ? (size_t)(semi - s) : strlen(s);
		char one[256];
		snprintf(one, sizeof one, "%.*s", (int)len, s);
		if (k >= p->n_authors)
			fix_fail(r, "authors (missing)", NULL, one);
		else if (strcmp(p->authors[k], one) != 0)
			fix_fail(r, "authors", p->authors[k], one);
		k++;
		if (!semi)
			break;
		s = semi + 2;
	}
	if (p->n_authors != k)
		fix_fail_n(r, "authors (count)", p->n_authors, k);
}

static void fix_check_outline(fix_run *r, const fix_expect *e,
			      const quire_paper *p)
{
	size_t want_n = fix_count(e, "outline");
	for (size_t i = 0; i < want_n || i < p->n_outline; i++) {
		const char *w = fix_nth(e, "outline", i);
		char got[1024];
		if (i < p->n_outline)
			snprintf(got, sizeof got, "%d %s", p->outline[i].level,
				 p->outline[i].text);
		if (!w)
			fix_fail(r, "outline (unexpected heading)", got, "");
		else if (i >= p->n_outline)
			fix_fail(r, "outline (missing heading)", NULL, w);
		else if (strcmp(got, w) != 0)
			fix_fail(r, "outline", got, w);
	}
	if (p->n_outline != want_n)
		fix_fail_n(r, "outline (count)", p->n_outline, want_n);
}

static void fix_check_refs(fix_run *r, const fix_expect *e,
			   const quire_paper *p)
{
	const char *nstr = fix_get(e, "references");
	if (nstr && p->n_refs != strtoul(nstr, NULL, 10))
		fix_fail_n(r, "references", p->n_refs, strtoul(nstr, NULL, 10));
	size_t want_n = fix_count(e, "ref");
	for (size_t i = 0; i < want_n || i < p->n_refs; i++) {
		const char *w = fix_nth(e, "ref", i);
		char field[64];
		snprintf(field, sizeof field, "ref %zu", i + 1);
		if (!w)
			fix_fail(r, field, p->refs[i].text, "(no such entry)");
		else if (i >= p->n_refs)
			fix_fail(r, field, NULL, w);
		else if (strcmp(p->refs[i].text, w) != 0)
			fix_fail(r, field, p->refs[i].text, w);
	}

	/* The distinct sub-sections, in order of first appearance. */
	const char **secs = calloc(p->n_refs + 1, sizeof *secs);
	size_t ns = 0;
	assert_non_null(secs);
	for (size_t i = 0; i < p->n_refs; i++) {
		const char *s = p->refs[i].section;
		if (!s || !*s)
			continue;
		size_t j;
		for (j = 0; j < ns; j++)
			if (strcmp(secs[j], s) == 0)
				break;
		if (j == ns)
			secs[ns++] = s;
	}
	size_t want_s = fix_count(e, "section");
	for (size_t i = 0; i < want_s || i < ns; i++) {
		const char *w = fix_nth(e, "section", i);
		if (!w)
			fix_fail(r, "section (unexpected)", secs[i], "");
		else if (i >= ns)
			fix_fail(r, "section (missing)", NULL, w);
		else if (strcmp(secs[i], w) != 0)
			fix_fail(r, "section", secs[i], w);
	}
	free(secs);
}

static void fix_check_text(fix_run *r, const fix_expect *e,
			   const quire_paper *p)
{
	for (size_t i = 0; i < e->n; i++) {
		const char *k = e->f[i].key, *w = e->f[i].val;
		if (strcmp(k, "contains") == 0 && !fix_contains(p->text, p->text_len, w))
			fix_fail(r, "contains (not in the text)", NULL, w);
		if (strcmp(k, "absent") == 0 && fix_contains(p->text, p->text_len, w))
			fix_fail(r, "absent (found in the text)", w, "");
	}

	const char *head = fix_get(e, "head");
	if (head) {
		const char *h = p->preview.head ? p->preview.head : "";
		if (strncmp(h, head, strlen(head)) != 0) {
			char got[256];
			snprintf(got, sizeof got, "%.*s", (int)strlen(head) + 20, h);
			fix_fail(r, "head", got, head);
		}
	}
	const char *tail = fix_get(e, "tail");
	if (tail) {
		const char *t = p->preview.tail && *p->preview.tail ? p->preview.tail
								    : p->text;
		size_t tn = fix_rtrim_len(t), wn = strlen(tail);
		if (tn < wn || memcmp(t + tn - wn, tail, wn) != 0) {
			size_t show = tn < wn + 20 ? tn : wn + 20;
			char got[512];
			snprintf(got, sizeof got, "%.*s", (int)show, t + tn - show);
			fix_fail(r, "tail", got, tail);
		}
	}
}

static void fix_check(fix_run *r, const fix_expect *e, const quire_paper *p)
{
	const char *w;
	char num[32];

	if ((w = fix_get(e, "title")) && strcmp(p->title, w) != 0)
		fix_fail(r, "title", p->title, w);
	fix_check_authors(r, e, p);
	if ((w = fix_get(e, "encoding"))) {
		const char *got = p->encoding ? p->encoding : "";
		int ok = strncmp(w, "UTF-8", 5) == 0 ? strncasecmp(got, "UTF-8", 5) == 0
						    : strcasecmp(got, w) == 0;
		if (!ok)
			fix_fail(r, "encoding", got, w);
	}
	if ((w = fix_get(e, "words")) && p->counts.words != strtoul(w, NULL, 10)) {
		snprintf(num, sizeof num, "%zu", p->counts.words);
		fix_fail(r, "words", num, w);
	}
	if ((w = fix_get(e, "pages")) && p->counts.pages != strtoul(w, NULL, 10)) {
		snprintf(num, sizeof num, "%u", p->counts.pages);
		fix_fail(r, "pages", num, w);
	}
	fix_check_outline(r, e, p);
	fix_check_refs(r, e, p);
	fix_check_text(r, e, p);
}

/* One fixture: *state is the path of its .expect file. */
static void test_fixture(void **state)
{
	const char *expect_path = *state;
	fix_run run = { strrchr(expect_path, '/') ? strrchr(expect_path, '/') + 1
						   : expect_path, 0 };
	fix_expect e;
	assert_int_equal(fix_parse(expect_path, &e), 0);

	size_t plen = strlen(expect_path) - strlen(".expect");
	char *paper_path = strndup(expect_path, plen);
	assert_non_null(paper_path);

	unsigned char *bytes = NULL;
	size_t n = 0;
	quire_error err = { 0 };
	quire_status rc = fmt_read_file(paper_path, FMT_MAX_FILE_BYTES, &bytes, &n, &err);
	if (rc != QUIRE_OK)
		fail_msg("%s: cannot read: %s", paper_path, err.msg);

	const char *what = NULL;
	const char *base = strrchr(paper_path, '/') ? strrchr(paper_path, '/') + 1
						    : paper_path;
	const fmt_reader *rd = fmt_sniff(bytes, n, base, &what);
	if (!rd)
		fail_msg("%s: no reader (%s)", base, what ? what : "?");

	quire_arena *a = quire_arena_new(FIX_ARENA_BUDGET);
	assert_non_null(a);
	quire_source *src = quire_source_new(a);
	assert_non_null(src);
	rc = rd->read(bytes, n, src, &err);
	if (rc != QUIRE_OK)
		fail_msg("%s: reader %s failed: %s", base, rd->name, err.msg);

	quire_paper *paper = NULL;
	rc = quire_analyze(src, NULL, a, &paper, &err);
	if (rc != QUIRE_OK)
		fail_msg("%s: quire_analyze failed: %s", base, err.msg);
	assert_non_null(paper);

	fix_check(&run, &e, paper);

	quire_arena_free(a);
	free(bytes);
	free(paper_path);
	fix_expect_free(&e);
	if (run.failures)
		fail_msg("%s: %d expectation(s) not met", run.name, run.failures);
}

static void test_no_fixtures(void **state)
{
	(void)state;
	fail_msg("no *.expect files in the fixtures directory");
}

static int fix_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int main(void)
{
	const char *dir = getenv("QUIRE_FIXTURES");
	if (!dir || !*dir)
		dir = "tests/fixtures";

	char **names = NULL;
	size_t n = 0, cap = 0;
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d)) != NULL) {
			size_t len = strlen(de->d_name);
			if (len <= 7 || strcmp(de->d_name + len - 7, ".expect") != 0)
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 32;
				char **nn = realloc(names, cap * sizeof *nn);
				if (!nn)
					return 1;
				names = nn;
			}
			size_t plen = strlen(dir) + 1 + len + 1;
			names[n] = malloc(plen);
			if (!names[n])
				return 1;
			snprintf(names[n], plen, "%s/%s", dir, de->d_name);
			n++;
		}
		closedir(d);
	}
	if (n == 0) {
		const struct CMUnitTest none[] = { cmocka_unit_test(test_no_fixtures) };
		free(names);
		return cmocka_run_group_tests_name("fixtures", none, NULL, NULL);
	}
	qsort(names, n, sizeof *names, fix_cmp);

	struct CMUnitTest *tests = calloc(n, sizeof *tests);
	if (!tests)
		return 1;
	for (size_t i = 0; i < n; i++) {
		const char *slash = strrchr(names[i], '/');
		tests[i].name = slash ? slash + 1 : names[i];
		tests[i].test_func = test_fixture;
		tests[i].initial_state = names[i];
	}
	int rc = _cmocka_run_group_tests("fixtures", tests, n, NULL, NULL);
	free(tests);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
