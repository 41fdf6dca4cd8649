/*
 * test_docx.c — the DOCX reader and the ZIP/XML layers under it (zipx,
 * xmlx): hostile archives built here with libzip, fixtures made by pandoc
 * and LibreOffice (tests/fixtures/formats/office, see
 * tools/make_format_fixtures_office.sh), and the real files of
 * ../shared/data/papers when they are there (skipped with a message when
 * not).
 *
 * The ZIP-building helpers are in ziptest.h, shared with test_odt.c.
 */
#include "testutil.h"

#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "sandbox.h"
#include "xmlx.h"
#include "zipx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "formats.h"

#include "ziptest.h"

#define FIX "tests/fixtures/formats/office/"
#define PAPERS "../shared/data/papers/"

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " \
	     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

static const char ct_xml[] =
	"<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";

/* A DOCX of one document.xml (and optional extra parts). */
static unsigned char *mk_docx(const char *document, const ot_entry *extra,
			      size_t nextra, size_t *len)
{
	ot_entry e[16];
	size_t n = 0;
	e[n++] = (ot_entry){"[Content_Types].xml", ct_xml, 0, 0};
	if (document)
		e[n++] = (ot_entry){"word/document.xml", document, 0, 0};
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

/* ------------------------------------------------------------------ */
/* Structure                                                           */
/* ------------------------------------------------------------------ */

static const char styles_xml[] =
	"<?xml version=\"1.0\"?><w:styles " W_NS ">"
	"<w:style w:type=\"paragraph\" w:styleId=\"Ttl\"><w:name w:val=\"Title\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"H1\"><w:name w:val=\"heading 1\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Mine\"><w:name w:val=\"My Section\"/>"
	"<w:basedOn w:val=\"H1\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Q\"><w:name w:val=\"Intense Quote\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Bib\"><w:name w:val=\"Bibliography\"/></w:style>"
	"</w:styles>";

static const char rels_xml[] =
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" "
	"Target=\"https://example.org/canals\" TargetMode=\"External\"/>"
	"<Relationship Id=\"rId8\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" "
	"Target=\"https://example.org/same\" TargetMode=\"External\"/>"
	"</Relationships>";

static const char notes_xml[] =
	"<?xml version=\"1.0\"?><w:footnotes " W_NS ">"
	"<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
	"<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> The sluice book survives.</w:t></w:r></w:p></w:footnote>"
	"</w:footnotes>";

static const char core_xml[] =
	"<?xml version=\"1.0\"?><cp:coreProperties "
	"xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\">"
	"<dc:title>Sluices</dc:title><dc:creator>Ann Roe; Bo Li</dc:creator>"
	"<dcterms:created>2020-02-03T10:00:00Z</dcterms:created></cp:coreProperties>";

static const char app_xml[] =
	"<?xml version=\"1.0\"?><Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
	"<Pages>7</Pages></Properties>";

static void test_structure(void **state)
{
	(void)state;
	const char *doc =
		"<?xml version=\"1.0\"?><w:document " W_NS "><w:body>"
		"<w:p><w:pPr><w:pStyle w:val=\"Ttl\"/></w:pPr><w:r><w:t>Sluices</w:t></w:r></w:p>"
		"<w:p><w:pPr><w:pStyle w:val=\"Mine\"/></w:pPr><w:r><w:t>Keepers</w:t></w:r></w:p>"
		"<w:p><w:r><w:t>Water</w:t></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>"
		"<w:r><w:t xml:space=\"preserve\"> rose </w:t></w:r>"
		"<w:del><w:r><w:delText>quickly </w:delText></w:r></w:del>"
		"<w:ins><w:r><w:t>slowly</w:t></w:r></w:ins>"
		"<w:r><w:commentReference w:id=\"0\"/></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		"<w:r><w:instrText>ADDIN ZOTERO_ITEM CSL_CITATION {}</w:instrText></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
		"<w:r><w:t xml:space=\"preserve\"> (Ashdown 1988)</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		"<w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN</w:t></w:r>"
		"<w:r><w:t>.</w:t></w:r></w:p>"
		"<w:p><w:r><w:t xml:space=\"preserve\">See </w:t></w:r>"
		"<w:hyperlink r:id=\"rId9\"><w:r><w:t>the map</w:t></w:r></w:hyperlink>"
		"<w:r><w:t xml:space=\"preserve\"> and </w:t></w:r>"
		"<w:hyperlink r:id=\"rId8\"><w:r><w:t>https://example.org/same</w:t></w:r></w:hyperlink>"
		"<w:fldSimple w:instr=\"PAGE\"><w:r><w:t xml:space=\"preserve\"> p3</w:t></w:r></w:fldSimple></w:p>"
		"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"4\"/></w:numPr></w:pPr>"
		"<w:r><w:t>inner item</w:t></w:r></w:p>"
		"<w:p><w:pPr><w:pStyle w:val=\"Q\"/></w:pPr><w:r><w:t>Shut the gates.</w:t></w:r>"
		"<w:r><w:br/></w:r><w:r><w:t>Always.</w:t></w:r></w:p>"
		"<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>"
		"<w:tr><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
		"<w:p><w:pPr><w:pStyle w:val=\"H1\"/></w:pPr><w:r><w:t>References</w:t></w:r></w:p>"
		"<w:p><w:pPr><w:ind w:left=\"720\" w:hanging=\"720\"/></w:pPr><w:r><w:t>Ashdown, R. (1988). Water.</w:t></w:r></w:p>"
		"<w:p><w:pPr><w:pStyle w:val=\"Bib\"/></w:pPr><w:r><w:t>Roe, A. (2001). Gates.</w:t></w:r></w:p>"
		"<w:p><w:r><w:drawing><a:blip xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"/></w:drawing></w:r></w:p>"
		"<w:sectPr/></w:body></w:document>";
	ot_entry extra[] = {
		{"word/styles.xml", styles_xml, 0, 0},
		{"word/_rels/document.xml.rels", rels_xml, 0, 0},
		{"word/footnotes.xml", notes_xml, 0, 0},
		{"docProps/core.xml", core_xml, 0, 0},
		{"docProps/app.xml", app_xml, 0, 0},
	};
	size_t n;
	unsigned char *b = mk_docx(doc, extra, 5, &n);
	assert_non_null(b);
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	assert_int_equal(ot_read("docx", b, n, a, &s, &err), QUIRE_OK);
	assert_string_equal(quire_source_format(s), "docx");
	assert_string_equal(quire_source_title(s), "Sluices");
	assert_int_equal(quire_source_n_authors(s), 2);
	assert_string_equal(quire_source_author(s, 1), "Bo Li");
	assert_string_equal(quire_source_date(s), "2020-02-03");
	assert_int_equal(quire_source_pages(s), 7);
	assert_int_equal(quire_source_n_remarks(s), 1);
	assert_string_equal(quire_source_remark(s, 0),
			    "1 image, 1 comment, 1 tracked deletion skipped");

	const struct {
		quire_block_kind k;
		int level;
		const char *text;
	} want[] = {
		{QUIRE_BLOCK_TITLE, 0, "Sluices"},
		{QUIRE_BLOCK_HEADING, 1, "Keepers"},
		{QUIRE_BLOCK_PARAGRAPH, 0, "Water rose slowly (Ashdown 1988)."},
		{QUIRE_BLOCK_PARAGRAPH, 0,
		 "See the map <https://example.org/canals> and https://example.org/same p3"},
		{QUIRE_BLOCK_LIST_ITEM, 2, "inner item"},
		{QUIRE_BLOCK_QUOTE, 0, "Shut the gates.\nAlways."},
		{QUIRE_BLOCK_NONE, 0, "a | b \nc | d"},
		{QUIRE_BLOCK_HEADING, 1, "References"},
		{QUIRE_BLOCK_REFERENCE, 0, "Ashdown, R. (1988). Water."},
		{QUIRE_BLOCK_REFERENCE, 0, "Roe, A. (2001). Gates."},
		{QUIRE_BLOCK_NOTE, 0, "The sluice book survives."},
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

/* Strict OOXML namespaces read like transitional ones. */
static void test_strict(void **state)
{
	(void)state;
	const char *doc =
		"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\">"
		"<w:body><w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>Strict heading</w:t></w:r></w:p>"
		"<w:p><w:r><w:t>Strict text.</w:t></w:r></w:p></w:body></w:document>";
	size_t n;
	unsigned char *b = mk_docx(doc, NULL, 0, &n);
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	assert_int_equal(ot_read("docx", b, n, a, &s, &err), QUIRE_OK);
	assert_int_equal(quire_source_count(s), 2);
	assert_int_equal(quire_source_item(s, 0)->kind, QUIRE_BLOCK_HEADING);
	assert_int_equal(quire_source_item(s, 0)->level, 2);
	assert_span_equal(quire_source_item(s, 1)->text, quire_source_item(s, 1)->len,
			  "Strict text.");
	quire_arena_free(a);
	free(b);
}

/* ------------------------------------------------------------------ */
/* Hostile files                                                       */
/* ------------------------------------------------------------------ */

static void expect_fail(const unsigned char *b, size_t n, quire_status code,
			const char *msg_part)
{
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	quire_status rc = ot_read("docx", b, n, a, &s, &err);
	if (rc != code || strstr(err.msg, msg_part) == NULL) {
		print_error("status %d message \"%s\", want %d with \"%s\"\n", rc,
			    err.msg, code, msg_part);
		fail();
	}
	quire_arena_free(a);
}

/* One entry of 1 GB of zeros: refused at once from its header. */
static void test_zip_bomb_1gb(void **state)
{
	(void)state;
	ot_zeros z = {(zip_uint64_t)1 << 30, 0};
	size_t n;
	unsigned char *b = ot_zip(NULL, 0, "word/document.xml", &z, &n);
	assert_non_null(b);
	assert_true(n < ((size_t)8 << 20));
	double t0 = now_s();
	expect_fail(b, n, QUIRE_ELIMIT, "the archive expands to more than");
	assert_true(now_s() - t0 < 2.0);
	free(b);
}

/* A bomb whose headers lie (they claim 1000 bytes): stopped while
 * inflating, by the ratio of bytes actually inflated, quickly; and by
 * the entry limit when the ratio is not checked. */
static void test_zip_bomb_lying(void **state)
{
	(void)state;
	ot_zeros z = {(zip_uint64_t)64 << 20, 0};
	size_t n;
	unsigned char *b = ot_zip(NULL, 0, "word/document.xml", &z, &n);
	assert_non_null(b);
	ot_lie_sizes(b, n, 1000);
	double t0 = now_s();
	expect_fail(b, n, QUIRE_ELIMIT, "the archive expands to more than 200 times");
	assert_true(now_s() - t0 < 2.0);

	zipx_limits lim = zipx_limits_default();
	lim.max_ratio = 0;
	lim.max_entry = (size_t)8 << 20;
	zipx_t *zx;
	quire_error err = {0};
	assert_int_equal(zipx_open(b, n, &lim, &zx, &err), QUIRE_OK);
	unsigned char *d;
	size_t dl;
	assert_int_equal(zipx_read(zx, "word/document.xml", &d, &dl, &err), QUIRE_ELIMIT);
	assert_non_null(strstr(err.msg, "the archive expands to more than 8 MB in one entry"));
	assert_null(d);
	zipx_close(zx);

	/* the total over several reads */
	lim = zipx_limits_default();
	lim.max_ratio = 0;
	lim.max_total = (size_t)40 << 20;
	assert_int_equal(zipx_open(b, n, &lim, &zx, &err), QUIRE_OK);
	assert_int_equal(zipx_read(zx, "word/document.xml", &d, &dl, &err), QUIRE_ELIMIT);
	assert_non_null(strstr(err.msg, "40 MB in all"));
	zipx_close(zx);
	free(b);
}

/* An honest header with a ratio past 200: refused before inflating. */
static void test_ratio_bomb(void **state)
{
	(void)state;
	ot_zeros z = {(zip_uint64_t)20 << 20, 0};
	size_t n;
	unsigned char *b = ot_zip(NULL, 0, "word/document.xml", &z, &n);
	assert_non_null(b);
	expect_fail(b, n, QUIRE_ELIMIT, "times its compressed size");
	free(b);
}

static void test_too_many_entries(void **state)
{
	(void)state;
	size_t count = 10001;
	ot_entry *e = calloc(count, sizeof *e);
	char (*names)[32] = calloc(count, sizeof *names);
	assert_non_null(e);
	assert_non_null(names);
	for (size_t i = 0; i < count; i++) {
		snprintf(names[i], sizeof names[i], "word/media/x%zu.txt", i);
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
	const char *doc =
		"<?xml version=\"1.0\"?><!DOCTYPE w:document ["
		"<!ENTITY a \"lollollollollollollollollollol\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
		"<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">"
		"<!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">"
		"<!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">"
		"<!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">"
		"<!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">"
		"<!ENTITY i \"&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;\">]>"
		"<w:document " W_NS "><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>";
	size_t n;
	unsigned char *b = mk_docx(doc, NULL, 0, &n);
	double t0 = now_s();
	expect_fail(b, n, QUIRE_ELIMIT, "word/document.xml: XML entity expansion refused");
	assert_true(now_s() - t0 < 2.0);
	free(b);
}

/* An external entity naming a file we wrote: its content never shows. */
static void test_xxe(void **state)
{
	(void)state;
	char path[] = "/tmp/quire-xxe-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char secret[] = "SECRETPAYLOAD4711";
	assert_int_equal(write(fd, secret, sizeof secret - 1), (ssize_t)(sizeof secret - 1));
	close(fd);
	char doc[1024];
	snprintf(doc, sizeof doc,
		 "<?xml version=\"1.0\"?><!DOCTYPE w:document [<!ENTITY x SYSTEM \"file://%s\">]>"
		 "<w:document " W_NS "><w:body><w:p><w:r><w:t>Probe: &x;</w:t></w:r></w:p>"
		 "</w:body></w:document>",
		 path);
	size_t n;
	unsigned char *b = mk_docx(doc, NULL, 0, &n);
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	quire_status rc = ot_read("docx", b, n, a, &s, &err);
	if (rc == QUIRE_OK) {
		char *t = ot_text_of(s, QUIRE_BLOCK_NONE, a);
		assert_null(strstr(t, secret));
		assert_non_null(strstr(t, "Probe:"));
	}
	quire_arena_free(a);
	unlink(path);
	free(b);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	size_t depth = 100000;
	const char *head = "<?xml version=\"1.0\"?><w:document " W_NS "><w:body>";
	const char *tail = "</w:body></w:document>";
	size_t cap = strlen(head) + strlen(tail) + depth * 16 + 1;
	char *doc = malloc(cap);
	size_t k = 0;
	k += (size_t)sprintf(doc + k, "%s", head);
	for (size_t i = 0; i < depth; i++)
		k += (size_t)sprintf(doc + k, "<w:sdt>");
	for (size_t i = 0; i < depth; i++)
		k += (size_t)sprintf(doc + k, "</w:sdt>");
	sprintf(doc + k, "%s", tail);
	/* stored, not deflated: deflated, 1.6 MB of "<w:sdt>" would already
	 * pass the 200:1 ratio limit */
	ot_entry e[] = {{"[Content_Types].xml", ct_xml, 0, 0},
			{"word/document.xml", doc, 0, 1}};
	size_t n;
	unsigned char *b = ot_zip(e, 2, NULL, NULL, &n);
	expect_fail(b, n, QUIRE_ELIMIT, "nested too deeply");
	free(b);
	free(doc);

	/* and the walk itself keeps no stack: 200 levels are read */
	buf_t x = BUF_INIT;
	buf_puts(&x, "<r>");
	for (int i = 0; i < 200; i++)
		buf_puts(&x, "<a>");
	buf_puts(&x, "deep");
	for (int i = 0; i < 200; i++)
		buf_puts(&x, "</a>");
	buf_puts(&x, "</r>");
	xmlDocPtr d;
	quire_error err = {0};
	assert_int_equal(xmlx_parse((unsigned char *)x.p, x.len, "x.xml", &d, &err), QUIRE_OK);
	char *t = xmlx_text(xmlDocGetRootElement(d));
	assert_string_equal(t, "deep");
	free(t);
	xmlx_walk w;
	xmlx_walk_init(&w, xmlDocGetRootElement(d));
	xmlNodePtr node;
	int lv, maxd = 0, events = 0;
	while (xmlx_next(&w, &node, &lv)) {
		events++;
		if (w.depth > maxd)
			maxd = w.depth;
	}
	assert_int_equal(maxd, 200);
	assert_int_equal(events, 401);
	xmlFreeDoc(d);
	buf_free(&x);
}

static void test_truncated(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = ot_slurp(FIX "canal-lock-keepers.pandoc.docx", &n);
	assert_non_null(b);
	for (size_t cut = 0; cut < 6; cut++) {
		size_t m = n * (cut + 1) / 7;
		quire_arena *a = quire_arena_new(0);
		quire_source *s;
		quire_error err = {0};
		quire_status rc = ot_read("docx", b, m, a, &s, &err);
		assert_int_not_equal(rc, QUIRE_OK);
		assert_true(rc == QUIRE_EINPUT);
		assert_true(strstr(err.msg, "damaged") || strstr(err.msg, "truncated"));
		quire_arena_free(a);
	}
	free(b);
}

static void test_missing_document(void **state)
{
	(void)state;
	size_t n;
	ot_entry extra[] = {{"word/styles.xml", styles_xml, 0, 0}};
	unsigned char *b = mk_docx(NULL, extra, 1, &n);
	expect_fail(b, n, QUIRE_EINPUT, "the archive has no word/document.xml");
	free(b);
}

/* An empty document reads (no blocks); the core then says "no text found". */
static void test_empty(void **state)
{
	(void)state;
	const char *doc = "<?xml version=\"1.0\"?><w:document " W_NS "><w:body><w:p/>"
			  "<w:p><w:r><w:t>   </w:t></w:r></w:p></w:body></w:document>";
	size_t n;
	unsigned char *b = mk_docx(doc, NULL, 0, &n);
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	assert_int_equal(ot_read("docx", b, n, a, &s, &err), QUIRE_OK);
	assert_int_equal(quire_source_count(s), 0);
	quire_paper *p;
	assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_EINPUT);
	assert_non_null(strstr(err.msg, "no text found"));
	quire_arena_free(a);
	free(b);
}

/* Valid as DOCX and as ODT: the ODT mimetype stored first wins (the
 * sniffer checks the mimetype entry before names); the ODT reader then
 * reads content.xml. */
static void test_two_formats(void **state)
{
	(void)state;
	const char *mt = "application/vnd.oasis.opendocument.text";
	const char *content =
		"<?xml version=\"1.0\"?><office:document-content "
		"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
		"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
		"<office:body><office:text><text:p>From ODT.</text:p></office:text></office:body>"
		"</office:document-content>";
	const char *doc = "<?xml version=\"1.0\"?><w:document " W_NS "><w:body>"
			  "<w:p><w:r><w:t>From DOCX.</w:t></w:r></w:p></w:body></w:document>";
	ot_entry e[] = {
		{"mimetype", mt, 0, 1},
		{"content.xml", content, 0, 0},
		{"word/document.xml", doc, 0, 0},
	};
	size_t n;
	unsigned char *b = ot_zip(e, 3, NULL, NULL, &n);
	const char *what;
	const fmt_reader *r = fmt_sniff(b, n, "x.docx", &what);
	assert_non_null(r);
	assert_string_equal(r->name, "odt");
	quire_arena *a = quire_arena_new(0);
	quire_source *s = quire_source_new(a);
	quire_error err = {0};
	assert_int_equal(r->read(b, n, s, &err), QUIRE_OK);
	assert_int_equal(quire_source_count(s), 1);
	assert_span_equal(quire_source_item(s, 0)->text, quire_source_item(s, 0)->len,
			  "From ODT.");
	/* the DOCX reader, asked directly, reads its own part */
	quire_source *s2;
	assert_int_equal(ot_read("docx", b, n, a, &s2, &err), QUIRE_OK);
	assert_span_equal(quire_source_item(s2, 0)->text, quire_source_item(s2, 0)->len,
			  "From DOCX.");
	quire_arena_free(a);
	free(b);
}

/* An encrypted entry is refused by name (when libzip can write one). */
static void test_encrypted(void **state)
{
	(void)state;
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	const char *doc = "<w:document " W_NS "/>";
	zip_source_t *s = zip_source_buffer(z, doc, strlen(doc), 0);
	zip_int64_t idx = zip_file_add(z, "word/document.xml", s, 0);
	if (zip_file_set_encryption(z, (zip_uint64_t)idx, ZIP_EM_TRAD_PKWARE, "pw") != 0) {
		zip_discard(z);
		zip_source_free(src);
		print_message("libzip cannot write encrypted entries here: skipped\n");
		return;
	}
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_open(src), 0);
	zip_source_seek(src, 0, SEEK_END);
	size_t n = (size_t)zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	unsigned char *b = malloc(n);
	assert_int_equal(zip_source_read(src, b, n), (zip_int64_t)n);
	zip_source_close(src);
	zip_source_free(src);
	expect_fail(b, n, QUIRE_EINPUT, "password-protected");
	free(b);
}

/* The reader under the real sandbox (seccomp: no open()). */
static void test_sandboxed(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = ot_slurp(FIX "canal-lock-keepers.lo.docx", &n);
	assert_non_null(b);
	quire_arena *a = quire_arena_new(0);
	quire_source *s = quire_source_new(a);
	quire_error err = {0};
	quire_status rc = sbx_read(fmt_by_name("docx"), b, n, NULL, s, &err);
	if (rc != QUIRE_OK)
		print_error("%s\n", err.msg);
	assert_int_equal(rc, QUIRE_OK);
	assert_int_equal(ot_count_kind(s, QUIRE_BLOCK_NOTE), 4);
	assert_string_equal(quire_source_title(s), "Lock Keepers of the Northern Canals");
	quire_arena_free(a);
	free(b);
}

/* ------------------------------------------------------------------ */
/* Fixtures made by pandoc and LibreOffice                             */
/* ------------------------------------------------------------------ */


static void test_fixtures_generated(void **state)
{
	(void)state;
	check_fixture("docx", FIX "canal-lock-keepers.pandoc.docx", FIX "canal-lock-keepers.md",
		      "Lock Keepers of the Northern Canals", 5, 1);
	check_fixture("docx", FIX "canal-lock-keepers.lo.docx", FIX "canal-lock-keepers.md",
		      "Lock Keepers of the Northern Canals", 5, 1);
	check_fixture("docx", FIX "coral-bleaching.pandoc.docx", "tests/fixtures/coral-bleaching.md",
		      "Marine Heatwaves and the Recovery of Coral Reefs", 7, 0);

	/* coral-bleaching: the references of its .expect */
	size_t n;
	unsigned char *b = ot_slurp(FIX "coral-bleaching.pandoc.docx", &n);
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	assert_int_equal(ot_read("docx", b, n, a, &s, &err), QUIRE_OK);
	quire_paper *p;
	assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_OK);
	assert_int_equal(p->counts.words, 534);
	assert_int_equal(p->n_refs, 3);
	assert_non_null(strstr(p->refs[0].text, "Baker, A. C."));
	assert_string_equal(p->outline[2].text, "2.1 Measuring Heat Stress");
	quire_arena_free(a);
	free(b);

	/* LibreOffice from a plain-text fixture: 83 words as in its .expect */
	b = ot_slurp(FIX "short-note-sundials.lo.docx", &n);
	a = quire_arena_new(0);
	assert_int_equal(ot_read("docx", b, n, a, &s, &err), QUIRE_OK);
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
	if (access(PAPERS "office-fixtures/docx", R_OK) != 0) {
		print_message("SKIP: %s not found\n", PAPERS);
		skip();
	}
	static const char *office[] = {
		"mammoth__comments", "mammoth__empty", "mammoth__endnotes",
		"mammoth__footnotes", "mammoth__simple-list", "mammoth__single-paragraph",
		"mammoth__strict-format", "mammoth__tables", "mammoth__text-box",
		"mammoth__utf8-bom", "python-docx__doc-coreprops",
		"python-docx__doc-no-coreprops", "python-docx__hdr-header-footer",
		"python-docx__num-having-numbering-part", "python-docx__par-hyperlinks",
		"python-docx__par-known-paragraphs", "python-docx__tbl-having-tables",
	};
	size_t ok = 0, empty = 0;
	for (size_t i = 0; i < sizeof office / sizeof office[0]; i++) {
		char path[512];
		snprintf(path, sizeof path, PAPERS "office-fixtures/docx/%s.docx", office[i]);
		size_t n;
		unsigned char *b = ot_slurp(path, &n);
		assert_non_null(b);
		quire_arena *a = quire_arena_new(0);
		quire_source *s;
		quire_error err = {0};
		assert_int_equal(ot_read("docx", b, n, a, &s, &err), QUIRE_OK);
		quire_paper *p;
		quire_status rc = quire_analyze(s, NULL, a, &p, &err);
		if (rc == QUIRE_OK) {
			ok++;
			print_message("  %-40s %5zu words %zu notes\n", office[i],
				      p->counts.words, ot_count_kind(s, QUIRE_BLOCK_NOTE));
		} else {
			assert_int_equal(rc, QUIRE_EINPUT);
			empty++;
			print_message("  %-40s %s\n", office[i], err.msg);
		}
		if (strstr(office[i], "footnotes") || strstr(office[i], "endnotes"))
			assert_int_equal(ot_count_kind(s, QUIRE_BLOCK_NOTE), 2);
		if (strcmp(office[i], "mammoth__utf8-bom") == 0)
			assert_span_equal(quire_source_item(s, 0)->text, quire_source_item(s, 0)->len,
					  "This XML has a byte order mark.");
		if (strcmp(office[i], "python-docx__doc-coreprops") == 0) {
			assert_string_equal(quire_source_title(s), "Title");
			assert_string_equal(quire_source_author(s, 0), "Steve Canny");
		}
		if (strcmp(office[i], "mammoth__strict-format") == 0)
			assert_span_equal(quire_source_item(s, 0)->text, 4, "Test");
		quire_arena_free(a);
		free(b);
	}
	print_message("office-fixtures: %zu read with text, %zu without text\n", ok, empty);

	/* generated-formats: words against index.tsv's full_words_ws */
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
		snprintf(path, sizeof path, PAPERS "generated-formats/%s/%s.docx", fields[0],
			 fields[0]);
		size_t n;
		unsigned char *b = ot_slurp(path, &n);
		if (b == NULL)
			continue;
		quire_arena *a = quire_arena_new(0);
		quire_source *s;
		quire_error err = {0};
		assert_int_equal(ot_read("docx", b, n, a, &s, &err), QUIRE_OK);
		quire_paper *p;
		assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_OK);
		size_t want = (size_t)atol(fields[5]);
		size_t got = p->counts.words;
		size_t diff = got > want ? got - want : want - got;
		print_message("  %-40s %6zu words, expected %6zu (%+.2f%%), title %s\n",
			      fields[0], got, want, 100.0 * ((double)got - (double)want) / (double)want,
			      strcmp(quire_source_title(s), fields[1]) == 0 ? "ok" : "DIFFERS");
		assert_true(diff * 50 <= want);
		assert_string_equal(quire_source_title(s), fields[1]);
		files++;
		quire_arena_free(a);
		free(b);
	}
	fclose(f);
	print_message("generated-formats: %zu DOCX within 2%% of the expected words\n", files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_zip_bomb_1gb),
		cmocka_unit_test(test_zip_bomb_lying),
		cmocka_unit_test(test_ratio_bomb),
		cmocka_unit_test(test_too_many_entries),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_xxe),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_missing_document),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_two_formats),
		cmocka_unit_test(test_encrypted),
		cmocka_unit_test(test_sandboxed),
		cmocka_unit_test(test_fixtures_generated),
		cmocka_unit_test(test_real_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
