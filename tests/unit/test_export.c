/*
 * test_export.c — export.c: CSL-JSON shape, BibTeX escaping, types and
 * keys, RIS lines.
 */
#include "testutil.h"

#include <jansson.h>
#include <stdio.h>

#include "refs_testutil.h"

static quire_arena *A;

static int setup(void **state)
{
	(void)state;
	A = quire_arena_new(0);
	return A ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	quire_arena_free(A);
	return 0;
}

static const char *BOOK =
	"[author Chen, Jian.] [title Mao's China and the Cold War.] "
	"[place Chapel Hill:] [publisher University of North Carolina Press,] "
	"[date 2001.]";

static void test_csl_json_shape(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[author van der Berg, J., and Jun Niu.] [date (1998a).] "
		 "[title \"Rivers & Floods.\"] [container-title Journal of Rivers] "
		 "[volume 106(3):] [pages 74\xE2\x80\x93" "117.] [doi doi:10.1000/x1.]",
		 A, &c);
	buf_t b = BUF_INIT;
	ref_to_csl_json(&c, "r1", &b);
	assert_false(buf_failed(&b));
	json_error_t je;
	json_t *o = json_loadb(b.p, b.len, 0, &je);
	if (!o)
		fail_msg("not JSON: %s\n%s", je.text, b.p);
	assert_string_equal(json_string_value(json_object_get(o, "id")), "r1");
	assert_string_equal(json_string_value(json_object_get(o, "type")),
			    "article-journal");
	json_t *au = json_object_get(o, "author");
	assert_int_equal(json_array_size(au), 2);
	json_t *a0 = json_array_get(au, 0);
	assert_string_equal(json_string_value(json_object_get(a0, "family")), "Berg");
	assert_string_equal(json_string_value(json_object_get(
				    a0, "non-dropping-particle")),
			    "van der");
	assert_null(json_object_get(a0, "dropping-particle"));
	assert_string_equal(json_string_value(json_object_get(o, "page")), "74-117");
	assert_string_equal(json_string_value(json_object_get(o, "volume")), "106");
	assert_string_equal(json_string_value(json_object_get(o, "issue")), "3");
	assert_string_equal(json_string_value(json_object_get(o, "DOI")), "10.1000/x1");
	assert_string_equal(json_string_value(json_object_get(o, "year-suffix")), "a");
	json_t *dp = json_object_get(json_object_get(o, "issued"), "date-parts");
	assert_int_equal(json_integer_value(json_array_get(json_array_get(dp, 0), 0)),
			 1998);
	assert_string_equal(json_string_value(json_object_get(o, "title")),
			    "Rivers & Floods");
	json_decref(o);
	buf_free(&b);
}

static void test_csl_json_dates(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[author World Bank.] [title Annual report.] [date n.d.]", A, &c);
	buf_t b = BUF_INIT;
	ref_to_csl_json(&c, "x", &b);
	assert_non_null(strstr(b.p, "\"issued\": {\"literal\": \"n.d.\"}"));
	assert_non_null(strstr(b.p, "{\"literal\": \"World Bank\"}"));
	buf_reset(&b);
	rt_parse("[title Letters.] [date ca. 1905]", A, &c);
	ref_to_csl_json(&c, "y", &b);
	assert_non_null(strstr(b.p, "\"date-parts\": [[1905]], \"circa\": true"));
	buf_reset(&b);
	rt_parse("[title Letters.] [date 1990\xE2\x80\x93" "1995.]", A, &c);
	ref_to_csl_json(&c, "z", &b);
	assert_non_null(strstr(b.p, "[[1990], [1995]]"));
	buf_reset(&b);
	rt_parse("[title Page.] [url http://e.org/] [accessed accessed 30 March 2003]",
		 A, &c);
	ref_to_csl_json(&c, "w", &b);
	assert_non_null(strstr(b.p, "\"accessed\": {\"date-parts\": [[2003, 3, 30]]}"));
	buf_reset(&b);
	/* a report's number is CSL's "number", a periodical's its "issue" */
	rt_parse("[author Council.] [title Preserving Records.] [genre Working Paper] "
		 "[issue No. 17.] [publisher Council,] [date 2011.]", A, &c);
	ref_to_csl_json(&c, "n", &b);
	assert_non_null(strstr(b.p, "\"type\": \"report\""));
	assert_non_null(strstr(b.p, "\"number\": \"17\""));
	assert_null(strstr(b.p, "\"issue\""));
	buf_reset(&b);
	rt_parse("[author Smith, J.] [title On Records.] [container-title Archivaria] "
		 "[volume 12,] [issue no. 3] [date 2011.]", A, &c);
	ref_to_csl_json(&c, "i", &b);
	assert_non_null(strstr(b.p, "\"issue\": \"3\""));
	assert_null(strstr(b.p, "\"number\""));
	buf_reset(&b);
	rt_parse("[title Histoire.] [volume 2 vols.] [date 1966.]", A, &c);
	ref_to_csl_json(&c, "v", &b);
	assert_non_null(strstr(b.p, "\"number-of-volumes\": \"2\""));
	assert_null(strstr(b.p, "\"volume\""));
	buf_reset(&b);
	ref_to_ris(&c, &b);
	assert_non_null(strstr(b.p, "NV  - 2\r\n"));
	/* a manuscript's archive: CSL's archive fields, RIS's DB and AN
	 * (Zotero's), BibTeX's library */
	rt_parse("[author London, National Archives,] [note PRO 30/22/1,] [pages fol. 12.]", A, &c);
	buf_reset(&b);
	ref_to_csl_json(&c, "m", &b);
	assert_non_null(strstr(b.p, "\"type\": \"manuscript\""));
	assert_non_null(strstr(b.p, "\"archive\": \"National Archives\""));
	assert_non_null(strstr(b.p, "\"archive-place\": \"London\""));
	assert_non_null(strstr(b.p, "\"archive_location\": \"PRO 30/22/1, fol. 12\""));
	buf_reset(&b);
	ref_to_ris(&c, &b);
	assert_non_null(strstr(b.p, "TY  - MANSCPT\r\n"));
	assert_non_null(strstr(b.p, "DB  - National Archives\r\n"));
	assert_non_null(strstr(b.p, "AN  - PRO 30/22/1, fol. 12\r\n"));
	buf_reset(&b);
	ref_to_bibtex(&c, "m", &b);
	assert_non_null(strstr(b.p, "library = {National Archives}"));
	buf_free(&b);
}

static void test_bibtex(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse(BOOK, A, &c);
	buf_t b = BUF_INIT;
	ref_to_bibtex(&c, NULL, &b);
	assert_non_null(strstr(b.p, "@book{chen2001mao,\n"));
	assert_non_null(strstr(b.p, "  author = {Chen, Jian}"));
	assert_non_null(strstr(b.p, "  publisher = {University of North Carolina Press}"));
	assert_non_null(strstr(b.p, "  address = {Chapel Hill}"));
	assert_non_null(strstr(b.p, "  year = {2001}"));
	assert_string_equal(b.p + b.len - 3, "}\n}\n" + 1);
	buf_reset(&b);
	/* escaping */
	rt_parse("[author Smith, J., et al.] [title 100% of R&D costs $5 #1 a_b {x} ~ ^ \\ é.] "
		 "[container-title J. Econ.] [pages 1-9.] "
		 "[url http://e.org/a_b%20c.]",
		 A, &c);
	ref_to_bibtex(&c, "k", &b);
	assert_non_null(strstr(b.p, "title = {100\\% of R\\&D costs \\$5 \\#1 a\\_b \\{x\\} "
				    "\\textasciitilde{} \\textasciicircum{} \\textbackslash{} é}"));
	assert_non_null(strstr(b.p, "author = {Smith, J. and others}"));
	assert_non_null(strstr(b.p, "@article{k,"));
	assert_non_null(strstr(b.p, "journal = {J. Econ.}"));
	assert_non_null(strstr(b.p, "pages = {1--9}"));
	assert_non_null(strstr(b.p, "url = {http://e.org/a_b%20c}"));
	buf_reset(&b);
	/* names with particles, suffixes, corporate */
	rt_parse("[author van der Berg, J.; Smith, John, Jr.; World Bank.] [title T.]",
		 A, &c);
	ref_to_bibtex(&c, "k", &b);
	assert_non_null(strstr(b.p,
			       "author = {van der Berg, J. and Smith, Jr., John and {World Bank}}"));
	buf_reset(&b);
	/* a particle written after the given name drops (CSL) */
	rt_parse("[author Ranke, Leopold von:] [title Geschichten.]", A, &c);
	ref_to_csl_json(&c, "k", &b);
	assert_non_null(strstr(b.p, "\"dropping-particle\": \"von\""));
	assert_null(strstr(b.p, "non-dropping-particle"));
	buf_reset(&b);
	/* a book's number in its series; CSL-JSON's collection-number */
	rt_parse("[author M\xC3\xBCller, Hans:] [title Die Hanse,] [place K\xC3\xB6ln] [date 1990] "
		 "(= [collection-title Hansische Studien, Bd. 4).]", A, &c);
	ref_to_bibtex(&c, "k", &b);
	assert_non_null(strstr(b.p, "series = {Hansische Studien}"));
	assert_non_null(strstr(b.p, "number = {4}"));
	buf_reset(&b);
	ref_to_csl_json(&c, "k", &b);
	assert_non_null(strstr(b.p, "\"collection-number\": \"4\""));
	buf_free(&b);
}

static void test_bibtex_types(void **state)
{
	(void)state;
	struct {
		const char *spec, *type;
	} t[] = {
		{"[title Book.] [publisher P.]", "book"},
		{"[title C.] In [container-title B.] [publisher P.]", "incollection"},
		{"[title A.] [container-title J.] [volume 3.]", "article"},
		{"[title R.] [genre Working Paper.]", "techreport"},
		{"[title T.] [genre PhD diss.]", "phdthesis"},
		{"[title T.] [genre Master's thesis.]", "mastersthesis"},
		{"[title P.] [container-title Proceedings of X.]", "inproceedings"},
		{"[title W.] [url http://e.org.]", "misc"},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		ref_citation c;
		rt_parse(t[i].spec, A, &c);
		assert_string_equal(ref_bibtex_type(&c), t[i].type);
	}
}

static void test_keys(void **state)
{
	(void)state;
	ref_citation c[4];
	rt_parse("[author Müller, Jürgen.] [title Über die Flüsse.] [date 1999.]",
		 A, &c[0]);
	char k[64];
	ref_cite_key(&c[0], k, sizeof k);
	assert_string_equal(k, "muller1999flusse");
	rt_parse("[author Øster, Åse.] [title The Ærø Straße.] [date n.d.]", A, &c[1]);
	ref_cite_key(&c[1], k, sizeof k);
	assert_string_equal(k, "osterndaero");
	rt_parse("[title The Rivers.]", A, &c[2]);
	ref_cite_key(&c[2], k, sizeof k);
	assert_string_equal(k, "anonndrivers");
	/* Cyrillic and Greek in Latin letters */
	rt_parse("[author \xD0\xA8\xD0\xB5\xD0\xB2\xD1\x87\xD0\xB5\xD0\xBD\xD0\xBA\xD0\xBE, "
		 "\xD0\xA2\xD0\xB0\xD1\x80\xD0\xB0\xD1\x81.] "
		 "[title \xD0\x9A\xD0\xBE\xD0\xB1\xD0\xB7\xD0\xB0\xD1\x80.] [date 1840.]", A, &c[2]);
	ref_cite_key(&c[2], k, sizeof k);
	assert_string_equal(k, "shevchenko1840kobzar");
	rt_parse("[author \xCE\xA3\xCE\xB5\xCF\x86\xCE\xAD\xCF\x81\xCE\xB7\xCF\x82.] [date 1974.]",
		 A, &c[2]);
	ref_cite_key(&c[2], k, sizeof k);
	assert_string_equal(k, "sepheres1974");
	/* collisions within one export: a, b in order; others untouched */
	rt_parse("[author Müller, Hans.] [title Flüsse, second part.] [date 1999.]",
		 A, &c[2]);
	rt_parse("[author Chen, Jian.] [title Flüsse.] [date 1999.]", A, &c[3]);
	char **keys = ref_cite_keys(c, 4, A);
	assert_non_null(keys);
	assert_string_equal(keys[0], "muller1999flussea");
	assert_string_equal(keys[1], "osterndaero");
	assert_string_equal(keys[2], "muller1999flusseb");
	assert_string_equal(keys[3], "chen1999flusse");
	/* a suffixed key that meets another entry's own is suffixed again:
	 * "mullernd" + "b" against a work whose own key is "mullerndb" */
	ref_citation d[3];
	rt_parse("[author Müller, Hans.]", A, &d[0]);
	rt_parse("[author Müller, Hans.]", A, &d[1]);
	rt_parse("[author Müller, Hans.] [title B.]", A, &d[2]);
	ref_cite_key(&d[2], k, sizeof k);
	assert_string_equal(k, "mullerndb");
	char **dk = ref_cite_keys(d, 3, A);
	assert_non_null(dk);
	assert_string_equal(dk[0], "mullernda");
	assert_string_not_equal(dk[1], dk[2]);
	assert_string_equal(dk[1], "mullerndba");
	assert_string_equal(dk[2], "mullerndbb");
	/* stable: the same input gives the same key */
	char k2[64];
	ref_cite_key(&c[3], k, sizeof k);
	ref_cite_key(&c[3], k2, sizeof k2);
	assert_string_equal(k, k2);
	/* tiny buffer */
	char t[4];
	ref_cite_key(&c[3], t, sizeof t);
	assert_int_equal(strlen(t), 3);
}

static void test_ris(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[author Smith, John, Jr., and J. van der Berg.] [date (2003).] "
		 "[title Rivers.] [container-title Journal of Rivers] [volume 9,] "
		 "[issue no. 2,] [pages 74-117.] [doi https://doi.org/10.1000/r.]",
		 A, &c);
	buf_t b = BUF_INIT;
	ref_to_ris(&c, &b);
	assert_false(buf_failed(&b));
	const char *want =
		"TY  - JOUR\r\n"
		"AU  - Smith, John, Jr.\r\n"
		"AU  - van der Berg, J.\r\n"
		"TI  - Rivers\r\n"
		"T2  - Journal of Rivers\r\n"
		"PY  - 2003\r\n"
		"VL  - 9\r\n"
		"IS  - 2\r\n"
		"SP  - 74\r\n"
		"EP  - 117\r\n"
		"DO  - 10.1000/r\r\n"
		"ER  - \r\n";
	assert_string_equal(b.p, want);
	buf_reset(&b);
	rt_parse("[author Chen, J.] [title Letter.] [date 3 May 1950.] "
		 "[note Box 4, folder 2, Smith Papers.]",
		 A, &c);
	ref_to_ris(&c, &b);
	assert_non_null(strstr(b.p, "TY  - MANSCPT\r\n"));
	assert_non_null(strstr(b.p, "DA  - 1950/05/03/\r\n"));
	assert_non_null(strstr(b.p, "N1  - Box 4, folder 2, Smith Papers\r\n"));
	/* a range written short ends on the whole page; a supplement's stays */
	static const struct { const char *pages, *sp, *ep; } pr[] = {
		{"217-51", "217", "251"}, {"1098-102", "1098", "1102"},
		{"12-5", "12", "15"}, {"45-67", "45", "67"}, {"100-1000", "100", "1000"},
		{"99-9", "99", "9"}, {"S1-S9", "S1", "S9"}, {"xii-xv", "xii", "xv"}};
	for (size_t i = 0; i < sizeof pr / sizeof pr[0]; i++) {
		char spec[96], sp[32], ep[32];
		snprintf(spec, sizeof spec, "[title T.] [container-title J] [pages %s.]", pr[i].pages);
		snprintf(sp, sizeof sp, "SP  - %s\r\n", pr[i].sp);
		snprintf(ep, sizeof ep, "EP  - %s\r\n", pr[i].ep);
		rt_parse(spec, A, &c);
		buf_reset(&b);
		ref_to_ris(&c, &b);
		if (!strstr(b.p, sp) || !strstr(b.p, ep))
			fail_msg("%s: %s", pr[i].pages, b.p);
	}
	assert_string_equal(ref_ris_type("book"), "BOOK");
	assert_string_equal(ref_ris_type("chapter"), "CHAP");
	assert_string_equal(ref_ris_type("thesis"), "THES");
	assert_string_equal(ref_ris_type("nonsense"), "GEN");
	assert_string_equal(ref_ris_type("review-book"), "JOUR");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csl_json_shape),
		cmocka_unit_test(test_csl_json_dates),
		cmocka_unit_test(test_bibtex),
		cmocka_unit_test(test_bibtex_types),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_ris),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
