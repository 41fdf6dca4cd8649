/*
 * test_epub.c — the EPUB reader (rd_epub.c): pandoc-made books, the title
 * said once, hostile archives built here with libzip (entity bombs,
 * external entities, a zip bomb, truncation, missing parts, a spine
 * pointing at nothing, empty books), the sandbox, and (when present) the
 * real books of ../shared/data/papers.
 *
 * Word tolerance: a pandoc book must give its Markdown source's word count
 * (the .expect file) within 2%.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <zip.h>

#include "formats.h"
#include "sandbox.h"

#define FIX "tests/fixtures/formats/epub/"

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
	*n = (size_t)sz;
	return b;
}

typedef struct e_fix {
	quire_arena *a;
	quire_source *src;
	quire_error err;
	quire_paper *p;
} e_fix;

static quire_status read_mem(e_fix *f, const unsigned char *b, size_t n)
{
	memset(f, 0, sizeof *f);
	f->a = quire_arena_new(0);
	f->src = quire_source_new(f->a);
	return rd_epub_read(b, n, f->src, &f->err);
}

static quire_status read_path(e_fix *f, const char *path)
{
	size_t n;
	unsigned char *b = slurp(path, &n);
	assert_non_null(b);
	quire_status rc = read_mem(f, b, n);
	free(b);
	return rc;
}

static void done(e_fix *f)
{
	quire_arena_free(f->a);
}

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

static int has_remark(const quire_source *s, const char *part)
{
	for (size_t i = 0; i < quire_source_n_remarks(s); i++)
		if (strstr(quire_source_remark(s, i), part))
			return 1;
	return 0;
}

/* Occurrences of needle in s. */
static size_t occurrences(const char *s, const char *needle)
{
	size_t c = 0;
	for (const char *p = s; (p = strstr(p, needle)) != NULL; p++)
		c++;
	return c;
}

/* ------------------------------------------------------------------ */
/* Building archives                                                   */
/* ------------------------------------------------------------------ */

typedef struct entry {
	const char *name;
	const char *data; /* NULL: size bytes of 'a' */
	size_t size;
} entry;

/* An EPUB with these entries (mimetype first), as malloc'ed bytes. */
static unsigned char *make_zip(const entry *e, size_t n, size_t *len)
{
	char path[] = "/tmp/quire-test-epub-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		size_t sz = e[i].data ? strlen(e[i].data) : e[i].size;
		char *copy = malloc(sz ? sz : 1);
		if (e[i].data)
			memcpy(copy, e[i].data, sz);
		else
			memset(copy, 'a', sz);
		zip_source_t *s = zip_source_buffer(z, copy, sz, 1);
		assert_non_null(s);
		assert_true(zip_file_add(z, e[i].name, s, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	unsigned char *b = slurp(path, len);
	unlink(path);
	return b;
}

static const char container[] =
	"<?xml version=\"1.0\"?><container version=\"1.0\" "
	"xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
	"<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
	"</rootfiles></container>";

static const char opf_two[] =
	"<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\">"
	"<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Small Book</dc:title>"
	"<dc:creator>Ana Lim</dc:creator><dc:creator>Ben Ode</dc:creator>"
	"<dc:date>1921</dc:date><dc:language>en</dc:language></metadata>"
	"<manifest><item id=\"c1\" href=\"one.xhtml\" media-type=\"application/xhtml+xml\"/>"
	"<item id=\"c2\" href=\"sub/two%20b.xhtml\" media-type=\"application/xhtml+xml\"/>"
	"<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>"
	"<item id=\"x\" href=\"extra.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
	"<spine><itemref idref=\"nav\"/><itemref idref=\"c2\"/><itemref idref=\"c1\"/>"
	"<itemref idref=\"x\" linear=\"no\"/></spine></package>";

#define XHTML(body) \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">" \
	"<head><title>t</title></head><body>" body "</body></html>"

static unsigned char *small_book(const char *one, const char *two, size_t *len)
{
	entry e[] = {
		{"mimetype", "application/epub+zip", 0},
		{"META-INF/container.xml", container, 0},
		{"OEBPS/content.opf", opf_two, 0},
		{"OEBPS/nav.xhtml", XHTML("<nav><ol><li>Contents list</li></ol></nav>"), 0},
		{"OEBPS/one.xhtml", one, 0},
		{"OEBPS/extra.xhtml", XHTML("<p>Not linear text.</p>"), 0},
		{"OEBPS/sub/two b.xhtml", two, 0},
	};
	return make_zip(e, two ? 7 : 6, len);
}

/* ------------------------------------------------------------------ */

static long expect_num(const char *path, const char *key)
{
	size_t n;
	unsigned char *b = slurp(path, &n);
	assert_non_null(b);
	char *s = malloc(n + 1);
	memcpy(s, b, n);
	s[n] = 0;
	char *p = strstr(s, key);
	long v = p ? strtol(p + strlen(key), NULL, 10) : -1;
	free(s);
	free(b);
	return v;
}

static void check_generated(const char *name, const char *expect, const char *title)
{
	char path[256];
	e_fix f;
	snprintf(path, sizeof path, FIX "%s.epub", name);
	assert_int_equal(read_path(&f, path), QUIRE_OK);
	assert_int_equal(quire_analyze(f.src, NULL, f.a, &f.p, &f.err), QUIRE_OK);
	assert_string_equal(f.p->title, title);
	long words = expect_num(expect, "\nwords: ");
	long refs = expect_num(expect, "\nreferences: ");
	long got = (long)f.p->counts.words;
	print_message("  %-26s words %ld (plain text %ld), refs %zu (%ld), headings %zu\n",
		      name, got, words, f.p->n_refs, refs, f.p->n_outline);
	assert_true(labs(got - words) * 50 <= words);
	assert_int_equal((long)f.p->n_refs, refs);
	/* the title page and the chapter's heading: said once */
	assert_int_equal(occurrences(f.p->text, title), 1);
	done(&f);
}

static void test_pandoc_books(void **state)
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
	e_fix f;
	assert_int_equal(read_path(&f, FIX "notes-and-refs.epub"), QUIRE_OK);
	assert_int_equal(quire_source_n_authors(f.src), 2);
	size_t notes = 0, refs = 0;
	for (size_t i = 0; i < quire_source_count(f.src); i++) {
		notes += quire_source_item(f.src, i)->kind == QUIRE_BLOCK_NOTE;
		refs += quire_source_item(f.src, i)->kind == QUIRE_BLOCK_REFERENCE;
	}
	assert_int_equal(notes, 2);
	assert_int_equal(refs, 2);
	char *t = joined(f.src);
	assert_null(strstr(t, "2019-05-14")); /* the title page's date line */
	free(t);
	done(&f);
}

static void test_spine_and_metadata(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = small_book(XHTML("<h1>Small Book</h1><p>Second in the spine.</p>"
					    "<p>Image: <img src=\"a.png\" alt=\"x\"/></p>"),
				      XHTML("<h1>Small Book</h1><h2>Part</h2><p>First&#160;in the spine.</p>"),
				      &n);
	e_fix f;
	assert_int_equal(read_mem(&f, b, n), QUIRE_OK);
	assert_string_equal(quire_source_title(f.src), "Small Book");
	assert_int_equal(quire_source_n_authors(f.src), 2);
	assert_string_equal(quire_source_author(f.src, 1), "Ben Ode");
	assert_string_equal(quire_source_date(f.src), "1921");
	assert_string_equal(quire_source_format(f.src), "epub");
	char *t = joined(f.src);
	assert_string_equal(t, "Small Book\n\nPart\n\nFirst\xC2\xA0in the spine.\n\n"
			    "Second in the spine.\n\nImage:");
	free(t);
	assert_true(has_remark(f.src, "1 image skipped"));
	done(&f);
	free(b);
}

static void test_not_wellformed_chapter(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = small_book("<html><body><p>Tag soup&nbsp;here<p>and more</body></html>",
				      XHTML("<p>Fine.</p>"), &n);
	e_fix f;
	assert_int_equal(read_mem(&f, b, n), QUIRE_OK);
	char *t = joined(f.src);
	assert_non_null(strstr(t, "Tag soup\xC2\xA0here\n\nand more"));
	free(t);
	assert_true(has_remark(f.src, "1 chapter was not well-formed XHTML"));
	done(&f);
	free(b);
}

static void test_entities(void **state)
{
	(void)state;
	static const char laughs[] =
		"<?xml version=\"1.0\"?><!DOCTYPE html [<!ENTITY a \"lollollollollol\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
		"<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
		"<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
		"<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>"
		"<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>&h;&h;&h;&h;&h;&h;&h;&h;</p>"
		"<p>after the bomb</p></body></html>";
	size_t n;
	unsigned char *b = small_book(laughs, XHTML("<p>Fine.</p>"), &n);
	e_fix f;
	quire_status rc = read_mem(&f, b, n);
	/* refused, or read without expanding: never a huge text */
	if (rc == QUIRE_OK) {
		char *t = joined(f.src);
		assert_true(strlen(t) < 10000);
		free(t);
	} else {
		assert_int_equal(rc, QUIRE_ELIMIT);
		print_message("  billion laughs: %s\n", f.err.msg);
	}
	done(&f);
	free(b);

	static const char xxe[] =
		"<?xml version=\"1.0\"?><!DOCTYPE html [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
		"<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>secret: &x; end</p></body></html>";
	b = small_book(xxe, XHTML("<p>Fine.</p>"), &n);
	rc = read_mem(&f, b, n);
	if (rc == QUIRE_OK) {
		char *t = joined(f.src);
		assert_null(strstr(t, "root:"));
		assert_non_null(strstr(t, "Fine."));
		free(t);
	}
	done(&f);
	free(b);
}

static void test_zip_bomb(void **state)
{
	(void)state;
	entry e[] = {
		{"mimetype", "application/epub+zip", 0},
		{"META-INF/container.xml", container, 0},
		{"OEBPS/content.opf", opf_two, 0},
		{"OEBPS/one.xhtml", NULL, (size_t)8 << 20}, /* 8 MB of 'a': ratio ~1000 */
		{"OEBPS/sub/two b.xhtml", XHTML("<p>x</p>"), 0},
	};
	size_t n;
	unsigned char *b = make_zip(e, 5, &n);
	e_fix f;
	assert_int_equal(read_mem(&f, b, n), QUIRE_ELIMIT);
	print_message("  zip bomb (%zu bytes -> 8 MB): %s\n", n, f.err.msg);
	done(&f);
	free(b);
}

static void test_broken_archives(void **state)
{
	(void)state;
	size_t n;
	e_fix f;
	unsigned char *b = slurp(FIX "coral-bleaching.epub", &n);
	assert_non_null(b);
	/* truncated */
	assert_int_not_equal(read_mem(&f, b, n / 2), QUIRE_OK);
	print_message("  truncated: %s\n", f.err.msg);
	done(&f);
	assert_int_not_equal(read_mem(&f, b, 30), QUIRE_OK);
	done(&f);
	free(b);
	/* no container.xml */
	entry e1[] = {{"mimetype", "application/epub+zip", 0},
		      {"OEBPS/content.opf", opf_two, 0}};
	b = make_zip(e1, 2, &n);
	assert_int_equal(read_mem(&f, b, n), QUIRE_EINPUT);
	assert_string_equal(f.err.msg, "the EPUB has no META-INF/container.xml");
	done(&f);
	free(b);
	/* no OPF */
	entry e2[] = {{"mimetype", "application/epub+zip", 0},
		      {"META-INF/container.xml", container, 0}};
	b = make_zip(e2, 2, &n);
	assert_int_equal(read_mem(&f, b, n), QUIRE_EINPUT);
	assert_string_equal(f.err.msg, "the EPUB has no OEBPS/content.opf");
	done(&f);
	free(b);
	/* a spine entry whose file is missing: skipped with a remark */
	b = small_book(XHTML("<p>Only chapter.</p>"), NULL, &n);
	assert_int_equal(read_mem(&f, b, n), QUIRE_OK);
	assert_true(has_remark(f.src, "1 spine entry not in the archive"));
	done(&f);
	free(b);
	/* every chapter empty: a clear error */
	b = small_book(XHTML(""), XHTML("<p>  </p>"), &n);
	assert_int_equal(read_mem(&f, b, n), QUIRE_EINPUT);
	assert_string_equal(f.err.msg, "the EPUB has no text");
	done(&f);
	free(b);
	/* an empty spine */
	entry e3[] = {{"mimetype", "application/epub+zip", 0},
		      {"META-INF/container.xml", container, 0},
		      {"OEBPS/content.opf", "<package><metadata/><manifest/><spine/></package>", 0}};
	b = make_zip(e3, 3, &n);
	assert_int_equal(read_mem(&f, b, n), QUIRE_EINPUT);
	done(&f);
	free(b);
}

static void test_deep_chapter(void **state)
{
	(void)state;
	size_t depth = 400, k = 0; /* past libxml2's 256 levels; varied ids
				    * keep it under the zip ratio limit */
	char *ch = malloc(depth * 40 + 256);
	k += (size_t)sprintf(ch + k, "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>");
	for (size_t i = 0; i < depth; i++)
		k += (size_t)sprintf(ch + k, "<div id=\"d%zx%zu\">", i * 7919 % 4093, i);
	k += (size_t)sprintf(ch + k, "deep");
	for (size_t i = 0; i < depth; i++)
		k += (size_t)sprintf(ch + k, "</div>");
	sprintf(ch + k, "</body></html>");
	size_t n;
	unsigned char *b = small_book(ch, XHTML("<p>Fine.</p>"), &n);
	e_fix f;
	quire_status rc = read_mem(&f, b, n);
	assert_int_equal(rc, QUIRE_ELIMIT);
	assert_non_null(strstr(f.err.msg, "nested too deeply"));
	print_message("  400 nested <div> in a chapter: %s\n", f.err.msg);
	done(&f);
	free(b);
	free(ch);
}

static void test_sandbox(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = slurp(FIX "coral-bleaching.epub", &n);
	assert_non_null(b);
	const char *what = NULL;
	const fmt_reader *r = fmt_sniff(b, n, NULL, &what);
	assert_non_null(r);
	assert_string_equal(r->name, "epub");
	quire_arena *a = quire_arena_new(0);
	quire_source *s = quire_source_new(a);
	quire_error err;
	assert_int_equal(sbx_read(r, b, n, NULL, s, &err), QUIRE_OK);
	assert_string_equal(quire_source_title(s), "Marine Heatwaves and the Recovery of Coral Reefs");
	quire_arena_free(a);
	free(b);
}

static void test_shared_data(void **state)
{
	(void)state;
	const char *root = getenv("QUIRE_SHARED_DATA");
	char dir[512], path[1024];
	snprintf(dir, sizeof dir, "%s/papers", root ? root : "../shared/data");
	static const char *const names[] = {
		"federalist-010-chapter-10", "federalist-051-chapter-51",
		"emerson-002-self-reliance", "hazlitt-019-on-going-on-a-journey",
		"paine-001-crisis-1", "dubois-001-of-our-spiritual-strivings"};
	snprintf(path, sizeof path, "%s/generated-formats/%s/%s.epub", dir, names[0], names[0]);
	FILE *probe = fopen(path, "rb");
	if (!probe) {
		print_message("  SKIPPED: %s not found (set QUIRE_SHARED_DATA)\n", dir);
		skip();
	}
	fclose(probe);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		e_fix f;
		snprintf(path, sizeof path, "%s/generated-formats/%s/%s.epub", dir, names[i], names[i]);
		assert_int_equal(read_path(&f, path), QUIRE_OK);
		assert_int_equal(quire_analyze(f.src, NULL, f.a, &f.p, &f.err), QUIRE_OK);
		snprintf(path, sizeof path, "%s/generated-formats/%s/%s.expected.txt", dir,
			 names[i], names[i]);
		size_t n;
		unsigned char *want = slurp(path, &n);
		assert_non_null(want);
		size_t ww = quire_count_words((const char *)want, n);
		size_t got = f.p->counts.words;
		print_message("  %-40s words %zu expected %zu (%+ld), title said %zu time(s)\n",
			      names[i], got, ww, (long)got - (long)ww,
			      occurrences(f.p->text, f.p->title));
		assert_true(got * 100 >= ww * 99 && got * 100 <= ww * 101);
		assert_int_equal(occurrences(f.p->text, f.p->title), 1);
		free(want);
		done(&f);
	}
	static const struct {
		const char *file, *title;
		size_t authors;
	} books[] = {
		{"alexander-hamilton_john-jay_james-madison_the-federalist-papers.epub",
		 "The Federalist Papers", 3},
		{"ralph-waldo-emerson_essays.epub", "Essays", 1},
		{"william-hazlitt_table-talk.epub", "Table-Talk", 1},
	};
	for (size_t i = 0; i < sizeof books / sizeof books[0]; i++) {
		e_fix f;
		snprintf(path, sizeof path, "%s/epub-standard-ebooks/%s", dir, books[i].file);
		assert_int_equal(read_path(&f, path), QUIRE_OK);
		assert_int_equal(quire_analyze(f.src, NULL, f.a, &f.p, &f.err), QUIRE_OK);
		print_message("  %-40.40s words %zu, headings %zu, authors %zu, remarks: %s\n",
			      books[i].file, f.p->counts.words, f.p->n_outline, f.p->n_authors,
			      f.p->n_remarks ? f.p->remarks[0] : "-");
		assert_string_equal(f.p->title, books[i].title);
		assert_int_equal(f.p->n_authors, books[i].authors);
		assert_true(f.p->counts.words > 50000);
		done(&f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pandoc_books),
		cmocka_unit_test(test_spine_and_metadata),
		cmocka_unit_test(test_not_wellformed_chapter),
		cmocka_unit_test(test_entities),
		cmocka_unit_test(test_zip_bomb),
		cmocka_unit_test(test_broken_archives),
		cmocka_unit_test(test_deep_chapter),
		cmocka_unit_test(test_sandbox),
		cmocka_unit_test(test_shared_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
