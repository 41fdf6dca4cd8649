/*
 * test_html.c — the HTML reader (rd_html.c): pandoc-made pages, broken
 * markup, encodings, metadata, boilerplate removal scored against known
 * articles, deep nesting, the sandbox, and (when present) the real pages
 * of ../shared/data/papers/generated-formats.
 *
 * Word tolerance: a pandoc page must give the word count its Markdown
 * source's .expect file states, within 2% (pandoc adds nothing to the
 * text; the tolerance covers a heading or byline written differently).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "formats.h"
#include "sandbox.h"

#define FIX "tests/fixtures/formats/html/"

typedef struct h_fix {
	quire_arena *a;
	quire_source *src;
	quire_error err;
	quire_paper *p;
} h_fix;

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long sz = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *b = malloc((size_t)sz + 1);
	if (b && fread(b, 1, (size_t)sz, f) != (size_t)sz) {
		free(b);
		b = NULL;
	}
	fclose(f);
	if (b)
		b[sz] = 0;
	*n = (size_t)sz;
	return b;
}

static quire_status read_mem(h_fix *f, const char *s, size_t n)
{
	memset(f, 0, sizeof *f);
	f->a = quire_arena_new(0);
	f->src = quire_source_new(f->a);
	return rd_html_read((const unsigned char *)s, n, f->src, &f->err);
}

static quire_status read_str(h_fix *f, const char *s)
{
	return read_mem(f, s, strlen(s));
}

static quire_status read_path(h_fix *f, const char *path)
{
	size_t n;
	unsigned char *b = slurp(path, &n);
	assert_non_null(b);
	quire_status rc = read_mem(f, (const char *)b, n);
	free(b);
	return rc;
}

static void analyze(h_fix *f)
{
	assert_int_equal(quire_analyze(f->src, NULL, f->a, &f->p, &f->err), QUIRE_OK);
}

static void done(h_fix *f)
{
	quire_arena_free(f->a);
}

/* All block texts joined by "\n\n" (malloc'ed). */
static char *joined(const quire_source *s)
{
	size_t cap = 1, k = 0;
	for (size_t i = 0; i < quire_source_count(s); i++)
		cap += quire_source_item(s, i)->len + 2;
	char *o = malloc(cap);
	for (size_t i = 0; i < quire_source_count(s); i++) {
		const quire_item *it = quire_source_item(s, i);
		if (k) {
			memcpy(o + k, "\n\n", 2);
			k += 2;
		}
		memcpy(o + k, it->text, it->len);
		k += it->len;
	}
	o[k] = 0;
	return o;
}

static size_t count_kind(const quire_source *s, quire_block_kind k)
{
	size_t c = 0;
	for (size_t i = 0; i < quire_source_count(s); i++)
		c += quire_source_item(s, i)->kind == k;
	return c;
}

static int has_remark(const quire_source *s, const char *part)
{
	for (size_t i = 0; i < quire_source_n_remarks(s); i++)
		if (strstr(quire_source_remark(s, i), part))
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */

/* The "words:" / "references:" / "title:" of a tests/fixtures .expect. */
static long expect_num(const char *path, const char *key)
{
	size_t n;
	char *b = (char *)slurp(path, &n);
	assert_non_null(b);
	char *p = strstr(b, key);
	long v = p ? strtol(p + strlen(key), NULL, 10) : -1;
	free(b);
	return v;
}

static void check_generated(const char *name, const char *expect, const char *title)
{
	char path[256];
	h_fix f;
	snprintf(path, sizeof path, FIX "%s.html", name);
	assert_int_equal(read_path(&f, path), QUIRE_OK);
	analyze(&f);
	assert_string_equal(f.p->title, title);
	long words = expect_num(expect, "\nwords: ");
	long refs = expect_num(expect, "\nreferences: ");
	long got = (long)f.p->counts.words;
	print_message("  %-26s words %ld (plain text %ld), refs %zu (%ld), headings %zu\n",
		      name, got, words, f.p->n_refs, refs, f.p->n_outline);
	assert_true(labs(got - words) * 50 <= words); /* within 2% */
	assert_int_equal((long)f.p->n_refs, refs);
	done(&f);
}

static void test_pandoc_pages(void **state)
{
	(void)state;
	check_generated("coral-bleaching", "tests/fixtures/coral-bleaching.md.expect",
			"Marine Heatwaves and the Recovery of Coral Reefs");
	check_generated("iron-bridges-notes", "tests/fixtures/iron-bridges-notes.md.expect",
			"Iron and Ornament: The Aesthetics of Victorian Railway Bridges");
	check_generated("silk-road-lutes", "tests/fixtures/silk-road-lutes.md.expect",
			"The Lute on the Silk Road: Instruments and Their Travels");
	check_generated("sourdough-trailing-refs",
			"tests/fixtures/sourdough-trailing-refs.txt.expect",
			"Wild Yeasts and Lactic Bacteria in Household Sourdough Starters");
	/* outline of the coral paper as its .expect says */
	h_fix f;
	assert_int_equal(read_path(&f, FIX "coral-bleaching.html"), QUIRE_OK);
	analyze(&f);
	assert_int_equal(f.p->n_outline, 7);
	assert_string_equal(f.p->outline[2].text, "2.1 Measuring Heat Stress");
	assert_int_equal(f.p->outline[2].level, 2);
	done(&f);
}

static void test_notes_refs_lists(void **state)
{
	(void)state;
	h_fix f;
	assert_int_equal(read_path(&f, FIX "notes-and-refs.html"), QUIRE_OK);
	assert_string_equal(quire_source_title(f.src), "Salt Roads of the Alpine Passes");
	assert_int_equal(quire_source_n_authors(f.src), 2);
	assert_string_equal(quire_source_author(f.src, 1), "Dario Bellini");
	assert_int_equal(count_kind(f.src, QUIRE_BLOCK_NOTE), 2);
	assert_int_equal(count_kind(f.src, QUIRE_BLOCK_REFERENCE), 2);
	assert_int_equal(count_kind(f.src, QUIRE_BLOCK_QUOTE), 1);
	assert_int_equal(count_kind(f.src, QUIRE_BLOCK_LIST_ITEM), 4);
	int depth2 = 0;
	for (size_t i = 0; i < quire_source_count(f.src); i++) {
		const quire_item *it = quire_source_item(f.src, i);
		if (it->kind == QUIRE_BLOCK_LIST_ITEM && it->level == 2)
			depth2 = strncmp(it->text, "with a winter variant", 21) == 0;
		if (it->kind == QUIRE_BLOCK_NOTE && i + 1 == quire_source_count(f.src))
			assert_span_equal(it->text, it->len,
					  "The toll registers survive only for the years after 1480.");
		if (it->kind == QUIRE_BLOCK_REFERENCE && strncmp(it->text, "Imhof", 5) == 0)
			assert_span_equal(it->text, it->len,
					  "Imhof, C. (2016). Inns and tolls on the Gotthard, "
					  "1300\xE2\x80\x93" "1600. Journal of Alpine History, 12, 55\xE2\x80\x93" "81.");
	}
	assert_true(depth2);
	char *t = joined(f.src);
	assert_non_null(strstr(t, "Pass | Height | Season\nSaint Bernard | 2469 m | June to October"));
	assert_null(strstr(t, "\xE2\x86\xA9")); /* the back links */
	free(t);
	analyze(&f);
	assert_int_equal(f.p->n_refs, 4);
	done(&f);
}

static void test_broken_markup(void **state)
{
	(void)state;
	h_fix f;
	const char *page =
		"<!DOCTYPE html><html><head><meta charset=utf-8><title>Mess</title>"
		"<script>var s = \"</div><p>not text</p>\";</script>"
		"<style>p{}</style></head><body>"
		"<noscript><p>enable scripts</p></noscript><!-- <p>hidden</p> -->"
		"<p>First <b>bold <i>and</b> italic</i> words"
		"<p>caf&eacute; &amp; AT&T &#x263A; &mdash;"
		"<ul><li>one<li>two<ul><li>two-a</ul><li>three</ul>"
		"<p>line one<br>line two"
		"<template><p>template text</p></template>"
		"<svg><text>svg text</text></svg>"
		"<p>wo<b>rd</b>s and <span>a</span> <span>b</span>"
		"<p>before <![CDATA[bogus]]> after"
		"<table><tr><td>c1<td>c2<tr><td>c3</table>"
		"<pre>  two\n   lines</pre>"
		"<img src=a.png><img src=b.png><iframe src=x></iframe>"
		"</body></html>";
	assert_int_equal(read_str(&f, page), QUIRE_OK);
	char *t = joined(f.src);
	assert_null(strstr(t, "not text"));
	assert_null(strstr(t, "enable scripts"));
	assert_null(strstr(t, "hidden"));
	assert_null(strstr(t, "template text"));
	assert_null(strstr(t, "svg text"));
	assert_null(strstr(t, "bogus"));
	assert_non_null(strstr(t, "First bold and italic words"));
	assert_non_null(strstr(t, "caf\xC3\xA9 & AT&T \xE2\x98\xBA \xE2\x80\x94"));
	assert_non_null(strstr(t, "line one\nline two"));
	assert_non_null(strstr(t, "words and a b"));
	assert_non_null(strstr(t, "before after"));
	assert_non_null(strstr(t, "c1 | c2\nc3"));
	assert_non_null(strstr(t, "  two\n   lines"));
	free(t);
	int items = 0;
	for (size_t i = 0; i < quire_source_count(f.src); i++) {
		const quire_item *it = quire_source_item(f.src, i);
		if (it->kind == QUIRE_BLOCK_LIST_ITEM) {
			items++;
			if (strncmp(it->text, "two-a", 5) == 0)
				assert_int_equal(it->level, 2);
			else
				assert_int_equal(it->level, 1);
		}
		if (it->kind == QUIRE_BLOCK_CODE)
			assert_span_equal(it->text, it->len, "  two\n   lines");
	}
	assert_int_equal(items, 4);
	assert_true(has_remark(f.src, "3 images, 1 embedded object skipped"));
	done(&f);
}

static void test_encodings(void **state)
{
	(void)state;
	h_fix f;
	/* declared Latin-1 */
	assert_int_equal(read_str(&f, "<html><head><meta http-equiv=\"Content-Type\" "
				  "content=\"text/html; charset=ISO-8859-1\"></head>"
				  "<body><p>caf\xE9 \x93quoted\x94</p></body></html>"), QUIRE_OK);
	char *t = joined(f.src);
	assert_string_equal(t, "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
	assert_string_equal(quire_source_encoding(f.src), "Windows-1252");
	free(t);
	done(&f);
	/* nothing declared, UTF-8 bytes: UTF-8 (libxml2 alone would say Latin-1) */
	assert_int_equal(read_str(&f, "<p>na\xC3\xAFve</p>"), QUIRE_OK);
	t = joined(f.src);
	assert_string_equal(t, "na\xC3\xAFve");
	assert_string_equal(quire_source_encoding(f.src), "UTF-8");
	free(t);
	done(&f);
	/* nothing declared, not UTF-8: Windows-1252, with a remark */
	assert_int_equal(read_str(&f, "<p>na\xEFve</p>"), QUIRE_OK);
	t = joined(f.src);
	assert_string_equal(t, "na\xC3\xAFve");
	assert_true(has_remark(f.src, "read as Windows-1252"));
	free(t);
	done(&f);
	/* <meta charset> after a BOM-less UTF-8 page says utf-8 */
	assert_int_equal(read_str(&f, "<meta charset=\"utf-8\"><p>\xE2\x80\x94</p>"), QUIRE_OK);
	t = joined(f.src);
	assert_string_equal(t, "\xE2\x80\x94");
	free(t);
	done(&f);
}

static void test_metadata(void **state)
{
	(void)state;
	h_fix f;
	assert_int_equal(read_str(&f,
		"<html><head><title>A Study of Tides | Coast Journal</title>"
		"<meta name=\"citation_author\" content=\"Ann Reed\">"
		"<meta name=\"citation_author\" content=\"Bo  Lind\">"
		"<meta name=\"author\" content=\"Coast Journal staff\">"
		"<meta name=\"citation_publication_date\" content=\"2004/07/01\">"
		"<meta name=\"DC.date\" content=\"1999\">"
		"</head><body><h1>A Study of Tides</h1><p>Tides rise.</p></body></html>"),
		QUIRE_OK);
	assert_string_equal(quire_source_title(f.src), "A Study of Tides");
	assert_int_equal(quire_source_n_authors(f.src), 2);
	assert_string_equal(quire_source_author(f.src, 0), "Ann Reed");
	assert_string_equal(quire_source_author(f.src, 1), "Bo Lind");
	assert_string_equal(quire_source_date(f.src), "2004/07/01");
	assert_string_equal(quire_source_format(f.src), "html");
	done(&f);
	assert_int_equal(read_str(&f,
		"<html><head><title>Site</title><meta property=\"og:title\" content=\"OG Title\">"
		"<meta name=\"DC.title\" content=\"DC Title\">"
		"<meta name=\"DC.creator\" content=\"X\"><meta name=\"DC.creator\" content=\"Y\">"
		"</head><body><p>Body text.</p></body></html>"), QUIRE_OK);
	assert_string_equal(quire_source_title(f.src), "DC Title");
	assert_int_equal(quire_source_n_authors(f.src), 2);
	done(&f);
}

/* Word bags: lower-cased runs of letters and digits (bytes >= 0x80 count
 * as letters). */
typedef struct bag {
	char **w;
	size_t n;
} bag;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bag make_bag(const char *s)
{
	bag b = {NULL, 0};
	size_t cap = 0;
	while (*s) {
		while (*s && !(((unsigned char)*s >= 0x80) || (*s >= 'a' && *s <= 'z') ||
			       (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			s++;
		const char *w = s;
		while (((unsigned char)*s >= 0x80) || (*s >= 'a' && *s <= 'z') ||
		       (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))
			s++;
		if (s == w)
			continue;
		if (b.n == cap) {
			cap = cap ? cap * 2 : 64;
			b.w = realloc(b.w, cap * sizeof *b.w);
		}
		char *c = strndup(w, (size_t)(s - w));
		for (char *p = c; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
		b.w[b.n++] = c;
	}
	qsort(b.w, b.n, sizeof *b.w, cmp_str);
	return b;
}

static size_t common(const bag *x, const bag *y)
{
	size_t i = 0, j = 0, c = 0;
	while (i < x->n && j < y->n) {
		int d = strcmp(x->w[i], y->w[j]);
		if (d == 0) {
			c++;
			i++;
			j++;
		} else if (d < 0) {
			i++;
		} else {
			j++;
		}
	}
	return c;
}

static void free_bag(bag *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->w[i]);
	free(b->w);
}

static void test_boilerplate_score(void **state)
{
	(void)state;
	static const char *const pages[] = {"page-1-main", "page-2-divs", "page-3-article",
					    "page-4-rolemain", "page-5-bodyonly"};
	size_t n_pages = sizeof pages / sizeof pages[0];
	size_t tot_common = 0, tot_got = 0, tot_want = 0;
	double min_p = 1, min_r = 1;
	for (size_t i = 0; i < n_pages; i++) {
		char path[256];
		h_fix f;
		snprintf(path, sizeof path, FIX "%s.html", pages[i]);
		assert_int_equal(read_path(&f, path), QUIRE_OK);
		char *t = joined(f.src);
		snprintf(path, sizeof path, FIX "%s.expected.txt", pages[i]);
		size_t n;
		char *want = (char *)slurp(path, &n);
		assert_non_null(want);
		bag g = make_bag(t), w = make_bag(want);
		size_t c = common(&g, &w);
		double p = g.n ? (double)c / (double)g.n : 0, r = w.n ? (double)c / (double)w.n : 0;
		print_message("  %-18s precision %.3f recall %.3f (%zu words, %zu expected)\n",
			      pages[i], p, r, g.n, w.n);
		min_p = p < min_p ? p : min_p;
		min_r = r < min_r ? r : min_r;
		tot_common += c;
		tot_got += g.n;
		tot_want += w.n;
		free_bag(&g);
		free_bag(&w);
		free(t);
		free(want);
		done(&f);
	}
	double P = (double)tot_common / (double)tot_got, R = (double)tot_common / (double)tot_want;
	print_message("  boilerplate removal over %zu pages: precision %.3f recall %.3f\n",
		      n_pages, P, R);
	assert_true(P >= 0.95);
	assert_true(R >= 0.98);
	assert_true(min_p >= 0.85);
	assert_true(min_r >= 0.95);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	size_t depth = 100000;
	size_t cap = depth * 11 + 64, k = 0;
	char *b = malloc(cap);
	k += (size_t)sprintf(b + k, "<html><body><p>shallow text</p>");
	for (size_t i = 0; i < depth; i++)
		k += (size_t)sprintf(b + k, "<div>");
	k += (size_t)sprintf(b + k, "deep");
	for (size_t i = 0; i < depth; i++)
		k += (size_t)sprintf(b + k, "</div>");
	k += (size_t)sprintf(b + k, "</body></html>");
	clock_t t0 = clock();
	h_fix f;
	assert_int_equal(read_mem(&f, b, k), QUIRE_OK);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("  100,000 nested <div>: %.3f s\n", secs);
	assert_true(secs < 5.0);
	assert_true(has_remark(f.src, "256 deep"));
	char *t = joined(f.src);
	assert_non_null(strstr(t, "shallow text"));
	free(t);
	done(&f);
	/* nothing but depth: a clear limit */
	k = (size_t)sprintf(b, "<html><body>");
	for (size_t i = 0; i < 1000; i++)
		k += (size_t)sprintf(b + k, "<div>");
	k += (size_t)sprintf(b + k, "deep");
	assert_int_equal(read_mem(&f, b, k), QUIRE_ELIMIT);
	done(&f);
	free(b);
}

static void test_empty(void **state)
{
	(void)state;
	h_fix f;
	assert_int_equal(read_str(&f, ""), QUIRE_EINPUT);
	done(&f);
	assert_int_equal(read_str(&f, "  \n "), QUIRE_EINPUT);
	done(&f);
	assert_int_equal(read_str(&f, "<!DOCTYPE html><html><head><title>T</title></head><body>"
				  "<script>x()</script></body></html>"), QUIRE_EINPUT);
	assert_string_equal(f.err.msg, "the page has no text");
	done(&f);
}

static void test_sandbox(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = slurp(FIX "page-1-main.html", &n);
	assert_non_null(b);
	const char *what = NULL;
	const fmt_reader *r = fmt_sniff(b, n, NULL, &what);
	assert_non_null(r);
	assert_string_equal(r->name, "html");
	quire_arena *a = quire_arena_new(0);
	quire_source *s = quire_source_new(a);
	quire_error err;
	assert_int_equal(sbx_read(r, b, n, NULL, s, &err), QUIRE_OK);
	assert_string_equal(quire_source_title(s), "Why Harbour Cranes Lean");
	assert_int_equal(quire_source_n_authors(s), 2);
	quire_arena_free(a);
	free(b);
}

/* The real pages of ../shared/data (skipped when absent). */
static void test_shared_data(void **state)
{
	(void)state;
	const char *root = getenv("QUIRE_SHARED_DATA");
	char dir[512], path[1024];
	snprintf(dir, sizeof dir, "%s/papers/generated-formats", root ? root : "../shared/data");
	static const char *const names[] = {
		"federalist-010-chapter-10", "federalist-051-chapter-51",
		"emerson-002-self-reliance", "hazlitt-019-on-going-on-a-journey",
		"paine-001-crisis-1", "dubois-001-of-our-spiritual-strivings"};
	snprintf(path, sizeof path, "%s/%s/%s.html", dir, names[0], names[0]);
	FILE *probe = fopen(path, "rb");
	if (!probe) {
		print_message("  SKIPPED: %s not found (set QUIRE_SHARED_DATA)\n", dir);
		skip();
	}
	fclose(probe);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		h_fix f;
		snprintf(path, sizeof path, "%s/%s/%s.html", dir, names[i], names[i]);
		assert_int_equal(read_path(&f, path), QUIRE_OK);
		analyze(&f);
		snprintf(path, sizeof path, "%s/%s/%s.expected.txt", dir, names[i], names[i]);
		size_t n;
		char *want = (char *)slurp(path, &n);
		assert_non_null(want);
		size_t ww = quire_count_words(want, n);
		size_t got = f.p->counts.words;
		print_message("  %-40s words %zu expected %zu (%+ld) title \"%.40s\" authors %zu\n",
			      names[i], got, ww, (long)got - (long)ww, f.p->title, f.p->n_authors);
		assert_true(got * 100 >= ww * 99 && got * 100 <= ww * 101);
		assert_int_equal(f.p->n_authors, 1);
		free(want);
		done(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pandoc_pages),
		cmocka_unit_test(test_notes_refs_lists),
		cmocka_unit_test(test_broken_markup),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_boilerplate_score),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_sandbox),
		cmocka_unit_test(test_shared_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
