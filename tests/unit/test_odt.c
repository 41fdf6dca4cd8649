/*
 * test_odt.c — the ODT reader: structure, hostile archives built here
 * with libzip, fixtures made by pandoc and LibreOffice
 * (tests/fixtures/formats/office), and the real files of
 * ../shared/data/papers when they are there (skipped with a message when
 * not).  The ZIP layer's own limits are tested in test_docx.c; here each
 * hostile case is checked through the ODT reader.
 *
 * The ZIP-building helpers repeat test_docx.c's: each test file stands
 * alone.
 */
#include "testutil.h"

#include <time.h>
#include <unistd.h>

#include "sandbox.h"
#include "zipx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "formats.h"

#include "ziptest.h"

#define FIX "tests/fixtures/formats/office/"
#define PAPERS "../shared/data/papers/"

#define ODT_NS "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" " \
	"xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
	"xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
	"xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" " \
	"xmlns:xlink=\"http://www.w3.org/1999/xlink\" " \
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
	"xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""

static const char mimetype[] = "application/vnd.oasis.opendocument.text";

/* An ODT of content.xml (stored or deflated) plus extra parts. */
static unsigned char *mk_odt(const char *content, int store, const ot_entry *extra,
			     size_t nextra, size_t *len)
{
	ot_entry e[16];
	size_t n = 0;
	e[n++] = (ot_entry){"mimetype", mimetype, 0, 1};
	if (content)
		e[n++] = (ot_entry){"content.xml", content, 0, store};
	for (size_t i = 0; i < nextra && n < 16; i++)
		e[n++] = extra[i];
	return ot_zip(e, n, NULL, NULL, len);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void expect_fail(const unsigned char *b, size_t n, quire_status code,
			const char *msg_part)
{
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	quire_status rc = ot_read("odt", b, n, a, &s, &err);
	if (rc != code || strstr(err.msg, msg_part) == NULL) {
		print_error("status %d message \"%s\", want %d with \"%s\"\n", rc,
			    err.msg, code, msg_part);
		fail();
	}
	quire_arena_free(a);
}

/* ------------------------------------------------------------------ */
/* Structure                                                           */
/* ------------------------------------------------------------------ */

static const char styles_xml[] =
	"<?xml version=\"1.0\"?><office:document-styles " ODT_NS "><office:styles>"
	"<style:style style:name=\"Title\" style:family=\"paragraph\"/>"
	"<style:style style:name=\"Heading_20_2\" style:display-name=\"Heading 2\" style:family=\"paragraph\"/>"
	"<style:style style:name=\"Quotations\" style:family=\"paragraph\"/>"
	"<style:style style:name=\"Hang\" style:family=\"paragraph\">"
	"<style:paragraph-properties fo:margin-left=\"1cm\" fo:text-indent=\"-1cm\"/></style:style>"
	"</office:styles></office:document-styles>";

static const char meta_xml[] =
	"<?xml version=\"1.0\"?><office:document-meta " ODT_NS "><office:meta>"
	"<dc:title>Gates</dc:title><meta:initial-creator>Ann Roe</meta:initial-creator>"
	"<dc:creator>Someone Else</dc:creator><dc:date>2021-06-07T08:09:10</dc:date>"
	"<meta:document-statistic meta:page-count=\"3\"/></office:meta></office:document-meta>";

static void test_structure(void **state)
{
	(void)state;
	const char *content =
		"<?xml version=\"1.0\"?><office:document-content " ODT_NS ">"
		"<office:automatic-styles>"
		"<style:style style:name=\"P1\" style:family=\"paragraph\" style:parent-style-name=\"Quotations\"/>"
		"</office:automatic-styles><office:body><office:text>"
		"<text:sequence-decls><text:sequence-decl text:name=\"Figure\"/></text:sequence-decls>"
		"<text:tracked-changes><text:changed-region><text:deletion><text:p>GONE</text:p>"
		"</text:deletion></text:changed-region></text:tracked-changes>"
		"<text:p text:style-name=\"Title\">Gates</text:p>"
		"<text:h text:outline-level=\"1\">Keepers</text:h>"
		"<text:p>Water<text:s text:c=\"3\"/>rose<text:note text:id=\"n1\" text:note-class=\"footnote\">"
		"<text:note-citation>1</text:note-citation><text:note-body><text:p>The sluice book survives.</text:p>"
		"</text:note-body></text:note> slowly<office:annotation><text:p>A COMMENT</text:p></office:annotation>.</text:p>\n"
		"<text:p>See <text:a xlink:href=\"https://example.org/canals\">the map</text:a> and "
		"<text:a xlink:href=\"https://example.org/same\">https://example.org/same</text:a>.</text:p>"
		"<text:list><text:list-item><text:p>outer</text:p><text:list><text:list-item>"
		"<text:p>inner</text:p></text:list-item></text:list></text:list-item></text:list>"
		"<text:p text:style-name=\"P1\">Shut the gates.<text:line-break/>Always.</text:p>"
		"<table:table><table:table-column/><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell>"
		"<table:table-cell><text:p>b</text:p></table:table-cell></table:table-row>"
		"<table:table-row><table:table-cell><text:p>c</text:p></table:table-cell>"
		"<table:table-cell><text:p>d</text:p></table:table-cell></table:table-row></table:table>"
		"<text:h text:style-name=\"Heading_20_2\">References</text:h>"
		"<text:p text:style-name=\"Hang\">Ashdown, R. (1988). Water.</text:p>"
		"<text:p><draw:frame><draw:image/></draw:frame>End<text:note text:note-class=\"endnote\">"
		"<text:note-body><text:p>An endnote.</text:p></text:note-body></text:note>.</text:p>"
		"</office:text></office:body></office:document-content>";
	ot_entry extra[] = {
		{"styles.xml", styles_xml, 0, 0},
		{"meta.xml", meta_xml, 0, 0},
	};
	size_t n;
	unsigned char *b = mk_odt(content, 0, extra, 2, &n);
	assert_non_null(b);
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	assert_int_equal(ot_read("odt", b, n, a, &s, &err), QUIRE_OK);
	assert_string_equal(quire_source_format(s), "odt");
	assert_string_equal(quire_source_title(s), "Gates");
	assert_int_equal(quire_source_n_authors(s), 1);
	assert_string_equal(quire_source_author(s, 0), "Ann Roe");
	assert_string_equal(quire_source_date(s), "2021-06-07");
	assert_int_equal(quire_source_pages(s), 3);
	assert_int_equal(quire_source_n_remarks(s), 1);
	assert_string_equal(quire_source_remark(s, 0), "1 image, 1 comment skipped");
	const struct {
		quire_block_kind k;
		int level;
		const char *text;
	} want[] = {
		{QUIRE_BLOCK_TITLE, 0, "Gates"},
		{QUIRE_BLOCK_HEADING, 1, "Keepers"},
		{QUIRE_BLOCK_PARAGRAPH, 0, "Water rose slowly."},
		{QUIRE_BLOCK_PARAGRAPH, 0,
		 "See the map <https://example.org/canals> and https://example.org/same."},
		{QUIRE_BLOCK_LIST_ITEM, 1, "outer"},
		{QUIRE_BLOCK_LIST_ITEM, 2, "inner"},
		{QUIRE_BLOCK_QUOTE, 0, "Shut the gates.\nAlways."},
		{QUIRE_BLOCK_NONE, 0, "a | b \nc | d"},
		{QUIRE_BLOCK_HEADING, 2, "References"},
		{QUIRE_BLOCK_REFERENCE, 0, "Ashdown, R. (1988). Water."},
		{QUIRE_BLOCK_PARAGRAPH, 0, "End."},
		{QUIRE_BLOCK_NOTE, 0, "The sluice book survives."},
		{QUIRE_BLOCK_NOTE, 0, "An endnote."},
	};
	assert_int_equal(quire_source_count(s), sizeof want / sizeof want[0]);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const quire_item *it = quire_source_item(s, i);
		assert_int_equal(it->kind, want[i].k);
		assert_int_equal(it->level, want[i].level);
		assert_span_equal(it->text, it->len, want[i].text);
	}
	quire_arena_free(a);
	free(b);
}

/* ------------------------------------------------------------------ */
/* Hostile files                                                       */
/* ------------------------------------------------------------------ */

static void test_zip_bomb(void **state)
{
	(void)state;
	/* 1 GB of zeros as content.xml: refused from its header at once */
	ot_zeros z = {(zip_uint64_t)1 << 30, 0};
	ot_entry mt = {"mimetype", mimetype, 0, 1};
	size_t n;
	unsigned char *b = ot_zip(&mt, 1, "content.xml", &z, &n);
	assert_non_null(b);
	double t0 = now_s();
	expect_fail(b, n, QUIRE_ELIMIT, "the archive expands to more than");
	assert_true(now_s() - t0 < 2.0);
	free(b);
	/* 64 MB whose headers claim 1000 bytes: stopped while inflating */
	ot_zeros z2 = {(zip_uint64_t)64 << 20, 0};
	b = ot_zip(&mt, 1, "content.xml", &z2, &n);
	ot_lie_sizes(b, n, 1000);
	t0 = now_s();
	expect_fail(b, n, QUIRE_ELIMIT, "the archive expands to more than 200 times");
	assert_true(now_s() - t0 < 2.0);
	free(b);
}

static void test_too_many_entries(void **state)
{
	(void)state;
	size_t count = 10002;
	ot_entry *e = calloc(count, sizeof *e);
	char (*names)[32] = calloc(count, sizeof *names);
	assert_non_null(e);
	assert_non_null(names);
	e[0] = (ot_entry){"mimetype", mimetype, 0, 1};
	for (size_t i = 1; i < count; i++) {
		snprintf(names[i], sizeof names[i], "Pictures/x%zu.txt", i);
		e[i] = (ot_entry){names[i], "x", 1, 1};
	}
	size_t n;
	unsigned char *b = ot_zip(e, count, NULL, NULL, &n);
	assert_non_null(b);
	expect_fail(b, n, QUIRE_ELIMIT, "the archive has more than 10,000 entries");
	free(b);
	free(e);
	free(names);
}

static void test_billion_laughs(void **state)
{
	(void)state;
	const char *content =
		"<?xml version=\"1.0\"?><!DOCTYPE office:document-content ["
		"<!ENTITY a \"lollollollollollollollollollol\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
		"<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
		"<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
		"<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
		"<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
		"<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">"
		"<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>"
		"<office:document-content " ODT_NS "><office:body><office:text>"
		"<text:p>&i;</text:p></office:text></office:body></office:document-content>";
	size_t n;
	unsigned char *b = mk_odt(content, 0, NULL, 0, &n);
	double t0 = now_s();
	expect_fail(b, n, QUIRE_ELIMIT, "content.xml: XML entity expansion refused");
	assert_true(now_s() - t0 < 2.0);
	free(b);
}

static void check_no_secret(const unsigned char *b, size_t n, const char *secret,
			    const char *visible)
{
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	quire_status rc = ot_read("odt", b, n, a, &s, &err);
	if (rc == QUIRE_OK) {
		char *t = ot_text_of(s, QUIRE_BLOCK_NONE, a);
		assert_null(strstr(t, secret));
		assert_non_null(strstr(t, visible));
	}
	quire_arena_free(a);
}

static void test_xxe(void **state)
{
	(void)state;
	char path[] = "/tmp/quire-xxe-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char secret[] = "SECRETPAYLOAD0815";
	assert_int_equal(write(fd, secret, sizeof secret - 1), (ssize_t)(sizeof secret - 1));
	close(fd);
	char content[1024];
	snprintf(content, sizeof content,
		 "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY nasty SYSTEM \"file://%s\">]>"
		 "<office:document-content " ODT_NS "><office:body><office:text>"
		 "<text:p>Test: &nasty;</text:p></office:text></office:body></office:document-content>",
		 path);
	size_t n;
	unsigned char *b = mk_odt(content, 0, NULL, 0, &n);
	check_no_secret(b, n, secret, "Test:");
	free(b);
	unlink(path);

	/* odfpy's probe: it names examples/externalcontent.txt */
	b = ot_slurp(PAPERS "office-fixtures/odt/odfpy__nasty.odt", &n);
	if (b == NULL) {
		print_message("SKIP: odfpy__nasty.odt not found\n");
		return;
	}
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	assert_int_equal(ot_read("odt", b, n, a, &s, &err), QUIRE_OK);
	assert_int_equal(quire_source_count(s), 1);
	assert_span_equal(quire_source_item(s, 0)->text, quire_source_item(s, 0)->len, "Test:");
	quire_arena_free(a);
	free(b);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	size_t depth = 100000;
	const char *head = "<?xml version=\"1.0\"?><office:document-content " ODT_NS
			   "><office:body><office:text>";
	const char *tail = "</office:text></office:body></office:document-content>";
	size_t cap = strlen(head) + strlen(tail) + depth * 24 + 1;
	char *doc = malloc(cap);
	size_t k = (size_t)sprintf(doc, "%s", head);
	for (size_t i = 0; i < depth; i++)
		k += (size_t)sprintf(doc + k, "<text:span>");
	for (size_t i = 0; i < depth; i++)
		k += (size_t)sprintf(doc + k, "</text:span>");
	sprintf(doc + k, "%s", tail);
	size_t n;
	unsigned char *b = mk_odt(doc, 1, NULL, 0, &n);
	expect_fail(b, n, QUIRE_ELIMIT, "nested too deeply");
	free(b);
	free(doc);
}

static void test_truncated(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = ot_slurp(FIX "canal-lock-keepers.lo.odt", &n);
	assert_non_null(b);
	for (size_t cut = 0; cut < 6; cut++) {
		size_t m = n * (cut + 1) / 7;
		quire_arena *a = quire_arena_new(0);
		quire_source *s;
		quire_error err = {0};
		quire_status rc = ot_read("odt", b, m, a, &s, &err);
		assert_int_equal(rc, QUIRE_EINPUT);
		assert_true(strstr(err.msg, "damaged") || strstr(err.msg, "truncated"));
		quire_arena_free(a);
	}
	free(b);
}

static void test_missing_content(void **state)
{
	(void)state;
	size_t n;
	ot_entry extra[] = {{"styles.xml", styles_xml, 0, 0}};
	unsigned char *b = mk_odt(NULL, 0, extra, 1, &n);
	expect_fail(b, n, QUIRE_EINPUT, "the archive has no content.xml");
	free(b);
}

static void test_empty(void **state)
{
	(void)state;
	const char *content = "<?xml version=\"1.0\"?><office:document-content " ODT_NS
			      "><office:body><office:text><text:p/><text:p> </text:p>"
			      "</office:text></office:body></office:document-content>";
	size_t n;
	unsigned char *b = mk_odt(content, 0, NULL, 0, &n);
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	assert_int_equal(ot_read("odt", b, n, a, &s, &err), QUIRE_OK);
	assert_int_equal(quire_source_count(s), 0);
	quire_paper *p;
	assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_EINPUT);
	assert_non_null(strstr(err.msg, "no text found"));
	quire_arena_free(a);
	free(b);

	/* a spreadsheet is not a text document */
	const char *sheet = "<?xml version=\"1.0\"?><office:document-content " ODT_NS
			    "><office:body><office:spreadsheet/></office:body></office:document-content>";
	b = mk_odt(sheet, 0, NULL, 0, &n);
	expect_fail(b, n, QUIRE_EINPUT, "holds no text document");
	free(b);
}

static void test_encrypted(void **state)
{
	(void)state;
	const char *manifest =
		"<?xml version=\"1.0\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
		"<manifest:file-entry manifest:full-path=\"content.xml\"><manifest:encryption-data/>"
		"</manifest:file-entry></manifest:manifest>";
	ot_entry extra[] = {{"META-INF/manifest.xml", manifest, 0, 0}};
	size_t n;
	unsigned char *b = mk_odt("garbage", 1, extra, 1, &n);
	expect_fail(b, n, QUIRE_EINPUT, "the document is password-protected");
	free(b);
}

static void test_sandboxed(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = ot_slurp(FIX "canal-lock-keepers.lo.odt", &n);
	assert_non_null(b);
	quire_arena *a = quire_arena_new(0);
	quire_source *s = quire_source_new(a);
	quire_error err = {0};
	quire_status rc = sbx_read(fmt_by_name("odt"), b, n, NULL, s, &err);
	if (rc != QUIRE_OK)
		print_error("%s\n", err.msg);
	assert_int_equal(rc, QUIRE_OK);
	assert_int_equal(ot_count_kind(s, QUIRE_BLOCK_NOTE), 4);
	quire_arena_free(a);
	free(b);
}

/* ------------------------------------------------------------------ */
/* Fixtures made by pandoc and LibreOffice                             */
/* ------------------------------------------------------------------ */


static void test_fixtures_generated(void **state)
{
	(void)state;
	check_fixture("odt", FIX "canal-lock-keepers.pandoc.odt", FIX "canal-lock-keepers.md",
		      "Lock Keepers of the Northern Canals", 5, 1);
	check_fixture("odt", FIX "canal-lock-keepers.lo.odt", FIX "canal-lock-keepers.md",
		      "Lock Keepers of the Northern Canals", 5, 1);
	check_fixture("odt", FIX "coral-bleaching.pandoc.odt", "tests/fixtures/coral-bleaching.md",
		      "Marine Heatwaves and the Recovery of Coral Reefs", 7, 0);

	size_t n;
	unsigned char *b = ot_slurp(FIX "coral-bleaching.pandoc.odt", &n);
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	assert_int_equal(ot_read("odt", b, n, a, &s, &err), QUIRE_OK);
	quire_paper *p;
	assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_OK);
	assert_int_equal(p->counts.words, 534);
	assert_int_equal(p->n_refs, 3);
	assert_non_null(strstr(p->refs[2].text, "Natarajan, P. (2021)"));
	quire_arena_free(a);
	free(b);

	/* LibreOffice from a plain-text fixture (Preformatted Text paragraphs) */
	b = ot_slurp(FIX "short-note-sundials.lo.odt", &n);
	a = quire_arena_new(0);
	assert_int_equal(ot_read("odt", b, n, a, &s, &err), QUIRE_OK);
	assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_OK);
	assert_int_equal(p->counts.words, 83);
	quire_arena_free(a);
	free(b);
}

/* ------------------------------------------------------------------ */
/* Real files (../shared/data/papers), skipped when absent             */
/* ------------------------------------------------------------------ */

static void test_real_files(void **state)
{
	(void)state;
	if (access(PAPERS "office-fixtures/odt", R_OK) != 0) {
		print_message("SKIP: %s not found\n", PAPERS);
		skip();
	}
	static const char *office[] = {
		"odfpy__ClimateChange2", "odfpy__Electra", "odfpy__definitionlists",
		"odfpy__headerfooter", "odfpy__nasty", "odfpy__serious_poem",
		"odfpy__simpletable", "odfpy__twolevellist",
	};
	for (size_t i = 0; i < sizeof office / sizeof office[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, PAPERS "office-fixtures/odt/%s.odt", office[i]);
		size_t n;
		unsigned char *b = ot_slurp(path, &n);
		assert_non_null(b);
		quire_arena *a = quire_arena_new(0);
		quire_source *s;
		quire_error err = {0};
		assert_int_equal(ot_read("odt", b, n, a, &s, &err), QUIRE_OK);
		quire_paper *p;
		assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_OK);
		print_message("  %-28s %6zu words, %zu headings, pages %u\n", office[i],
			      p->counts.words, p->n_outline, quire_source_pages(s));
		if (strcmp(office[i], "odfpy__ClimateChange2") == 0) {
			assert_string_equal(quire_source_title(s), "Climate change impact in Europe");
			assert_int_equal(quire_source_pages(s), 5);
		}
		quire_arena_free(a);
		free(b);
	}

	FILE *f = fopen(PAPERS "generated-formats/index.tsv", "r");
	if (f == NULL)
		return;
	char line[2048];
	size_t files = 0;
	while (fgets(line, sizeof line, f)) {
		char *fields[8] = {0};
		size_t nf = 0;
		for (char *t = strtok(line, "\t\n"); t && nf < 8; t = strtok(NULL, "\t\n"))
			fields[nf++] = t;
		if (nf < 6 || strcmp(fields[0], "dir") == 0)
			continue;
		char path[1024];
		snprintf(path, sizeof path, PAPERS "generated-formats/%s/%s.odt", fields[0],
			 fields[0]);
		size_t n;
		unsigned char *b = ot_slurp(path, &n);
		if (b == NULL)
			continue;
		quire_arena *a = quire_arena_new(0);
		quire_source *s;
		quire_error err = {0};
		assert_int_equal(ot_read("odt", b, n, a, &s, &err), QUIRE_OK);
		quire_paper *p;
		assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_OK);
		size_t want = (size_t)atol(fields[5]);
		size_t got = p->counts.words;
		size_t diff = got > want ? got - want : want - got;
		print_message("  %-40s %6zu words, expected %6zu (%+.2f%%)\n", fields[0], got,
			      want, 100.0 * ((double)got - (double)want) / (double)want);
		assert_true(diff * 50 <= want);
		assert_string_equal(quire_source_title(s), fields[1]);
		files++;
		quire_arena_free(a);
		free(b);
	}
	fclose(f);
	print_message("generated-formats: %zu ODT within 2%% of the expected words\n", files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_zip_bomb),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_xxe),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_missing_content),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_sandboxed),
		cmocka_unit_test(test_fixtures_generated),
		cmocka_unit_test(test_real_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
