/*
 * test_doc.c — quire_analyze() end to end over hand-made sources, and the
 * paper's JSON round trip.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

/* The opening many bibliography fixtures share: a title and a paragraph
 * (then, for most, a "References" heading). */
#define ESTUARY                                                             \
	"Estuary Mud and Its Keepers\n\n"                                   \
	"The mudflats are measured twice a year by the harbour office.\n\n"
#define ESTUARY_REFS ESTUARY "References\n\n"

/* A source of plain lines from a text with '\n' and '\f' (page break). */
static quire_source *lines_source(quire_arena *a, const char *text)
{
	quire_source *s = quire_source_new(a);
	const char *p = text;
	while (*p) {
		if (*p == '\f') {
			quire_source_add_page_break(s);
			p++;
			if (*p == '\n')
				p++;
			continue;
		}
		const char *e = p;
		while (*e && *e != '\n' && *e != '\f')
			e++;
		quire_source_add_line(s, p, (size_t)(e - p));
		p = *e == '\n' ? e + 1 : e;
	}
	quire_source_set_format(s, "text", "UTF-8");
	return s;
}

static quire_paper *analyze(quire_arena *a, const char *text)
{
	quire_paper *p = NULL;
	quire_error err = {0};
	quire_status rc = quire_analyze(lines_source(a, text), NULL, a, &p, &err);
	if (rc != QUIRE_OK)
		print_error("analyze failed: %s\n", err.msg);
	assert_int_equal(rc, QUIRE_OK);
	return p;
}

static const char paper1[] =
	"The Uses of Small Archives\n"
	"\n"
	"by Ada Wren and Tomas Heller\n"
	"\n"
	"Introduction\n"
	"\n"
	"Small archives keep what large ones discard. This essay looks at\n"
	"three parish collections and asks what they can tell a historian.\n"
	"\n"
	"Method\n"
	"\n"
	"We read every ledger twice.\n"
	"\n"
	"Bibliography\n"
	"\n"
	"Chen, Jian. Mao's China and the Cold War. Chapel Hill:\n"
	"\n"
	"University of North Carolina Press, 2001.\n"
	"Wren, Ada. Parish Ledgers. London: Fieldstone, 1998.\n";

static void test_title_byline_outline_refs(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a, paper1);
	assert_string_equal(p->title, "The Uses of Small Archives");
	assert_int_equal(p->n_authors, 2);
	assert_string_equal(p->authors[0], "Ada Wren");
	assert_string_equal(p->authors[1], "Tomas Heller");
	assert_int_equal(p->n_outline, 3);
	assert_string_equal(p->outline[0].text, "Introduction");
	assert_int_equal(p->outline[0].level, 1);
	assert_string_equal(p->outline[2].text, "Bibliography");
	assert_int_equal(p->n_refs, 2);
	assert_string_equal(p->refs[0].text,
			    "Chen, Jian. Mao's China and the Cold War. Chapel Hill: "
			    "University of North Carolina Press, 2001.");
	assert_string_equal(p->refs[1].text, "Wren, Ada. Parish Ledgers. London: Fieldstone, 1998.");
	/* body: the two paragraphs only */
	assert_int_equal(p->counts.paragraphs, 2);
	assert_int_equal(p->counts.body_words, 22 + 5);
	assert_int_equal(p->counts.sentences, 3);
	assert_int_equal(p->counts.references, 2);
	assert_int_equal(p->counts.words, quire_count_words(p->text, p->text_len));
	assert_int_equal(p->counts.pages, 1);
	assert_true(p->counts.pages_estimated);
	/* the paragraph's wrapped lines were joined */
	assert_non_null(strstr(p->text, "looks at three parish"));
	/* the preview starts after the title and byline */
	assert_true(strncmp(p->preview.head, "Introduction", 12) == 0);
	quire_arena_free(a);
}

/* PDF-like text with no blank lines: the bibliography label is found after
 * a line that ends no sentence when it is set in capitals, or when it is
 * the last line before a blank; a later running head "REFERENCES 12" does
 * not open a second bibliography; and a continuation line that looks like
 * a lettered heading ("J. Tidal Res. 51, 39–61.") does not end the list. */
static void test_bib_heading_in_running_text(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a,
		"Estuary Mud and Its Keepers\n"
		"\n"
		"Introduction\n"
		"\n"
		"The mudflats are measured twice a year by the harbour office and\n"
		"once by the university, and the two rarely agree on anything.\n"
		"Received: 3 March 2021; Accepted: 9 June 2021;\n"
		"REFERENCES\n"
		"1. Okafor, N. Silt budgets of small harbours. Coast. Eng. 12, 40-58 (2015).\n"
		"2. Lindqvist, M. & Baptiste, R. Tide gauges compared. Mar. Geol. 7, 1-9 (2011).\n"
		"3. Moreau, T. A ledger of dredging. Harbour Hist. 3, 77-90 (2009).\n");
	assert_int_equal(p->n_refs, 3);
	assert_non_null(strstr(p->refs[0].text, "Okafor"));
	quire_arena_free(a);

	a = quire_arena_new(0);
	p = analyze(a,
		"Estuary Mud and Its Keepers\n"
		"\n"
		"The mudflats are measured twice a year by the harbour office and\n"
		"once by the university, and the two rarely agree on anything.\n"
		"Figure 4.2: Dredged volume against the tidal range at the mouth\n"
		"Bibliography\n"
		"\n"
		"Okafor, Nneka. 2015. Silt budgets of small harbours. Coastal\n"
		"  Engineering 12: 40-58.\n"
		"\n"
		"Lindqvist, Maja. 2011. Tide gauges compared. Marine Geology 7:\n"
		"  1-9.\n"
		"\n"
		"Moreau, Theo. 1972. A ledger of dredging.\n"
		"  J. Tidal Res. 51, 39–61.\n"
		"\f"
		"12 REFERENCES\n"
		"Pereira, Ana. 2009. Harbour masters and their books. Lisbon:\n"
		"  Tagus Press.\n"
		"\n"
		"Quist, Oskar. 2018. Mud. Oslo: Fjord.\n");
	assert_int_equal(p->n_refs, 5);
	assert_non_null(strstr(p->refs[0].text, "Okafor"));
	assert_non_null(strstr(p->refs[4].text, "Quist"));
	quire_arena_free(a);

	/* an ornament before the label, a page number left in the text
	 * before it, and labels on lines of their own */
	a = quire_arena_new(0);
	p = analyze(a,
		"Estuary Mud and Its Keepers\n"
		"\n"
		"The mudflats are measured twice a year by the harbour office and\n"
		"once by the university, and the two rarely agree on anything\n"
		"14\n"
		"■ REFERENCES\n"
		"1\n"
		"Okafor N. Silt budgets of small harbours. Coast Eng 2015; 12:\n"
		"40-58\n"
		"[PMID: 10976020]\n"
		"2\n"
		"Lindqvist M. Tide gauges compared. Mar Geol 2011; 7: 1-9\n"
		"[PMID: 18840005]\n"
		"3\n"
		"Pereira A. Harbour masters. Port Stud 2018; 2: 5-19\n");
	/* the list runs to its end (how bare labels split entries is
	 * bib_split's business, not tested here) */
	assert_true(p->n_refs >= 2);
	assert_non_null(strstr(p->refs[p->n_refs - 1].text, "Pereira"));
	assert_int_equal(p->n_outline, 1);
	quire_arena_free(a);
}

/* A table or back matter after the list ends it; a figure set among the
 * entries (the list goes on with the next number after its caption) does
 * not, and is held out of them. */
static void test_bib_stops_at_floats_and_back_matter(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a,
		"Estuary Mud and Its Keepers\n"
		"\n"
		"Introduction\n"
		"\n"
		"The mudflats are measured twice a year by the harbour office.\n"
		"\n"
		"References\n"
		"\n"
		"Lindqvist, M. (2011). Tide gauges compared. Mar. Geol. 7, 1-9.\n"
		"Moreau, T. (2009). A ledger of dredging. Harbour Hist. 3, 77-90.\n"
		"Okafor, N. (2015). Silt budgets of small harbours. Coast. Eng. 12,\n"
		"40-58.\n"
		"Table 1\n"
		"Table 1. Sites sampled\n"
		"Site Depth Method\n"
		"A1 Shallow core (Moreau, 2009); grab sample.\n"
		"A2 Deep core (Okafor, 2015); repeated in 2016.\n"
		"B1 Grab sample (Lindqvist, 2011).\n"
		"B2 Core (Okafor, 2015).\n");
	assert_int_equal(p->n_refs, 3);
	assert_null(strstr(p->refs[2].text, "Sites"));
	assert_non_null(strstr(p->text, "Sites sampled"));
	quire_arena_free(a);

	/* back matter with a one-word label and a colon */
	a = quire_arena_new(0);
	p = analyze(a,
		ESTUARY_REFS
		"1. Okafor, N. Silt budgets of small harbours. Coast. Eng. 12, 40-58 (2015).\n"
		"2. Lindqvist, M. Tide gauges compared. Higher Education\n"
		"Funding Council for Wales, 2011.\n"
		"3. Moreau, T. A ledger of dredging. Harbour Hist. 3, 77-90 (2009).\n"
		"Funding: The survey was paid for by the harbour office in 2019.\n"
		"Competing interests: none.\n");
	assert_int_equal(p->n_refs, 3);
	assert_non_null(strstr(p->refs[1].text, "Funding Council"));
	assert_null(strstr(p->refs[2].text, "survey"));
	quire_arena_free(a);

	/* a lettered appendix, and a publisher's "How to cite" box */
	a = quire_arena_new(0);
	p = analyze(a,
		ESTUARY_REFS
		"Lindqvist, M. (2011). Tide gauges compared. Mar. Geol. 7, 1-9.\n"
		"Moreau, T. (2009). A ledger of dredging. Harbour Hist. 3, 77-90.\n"
		"A APPENDIX\n"
		"The ledgers of 1887 to 1889 in full, as read in 2019.\n"
		"How to cite this article: Wren, A. (2021). Estuary mud. Harbour\n"
		"Hist. 9, 1-20.\n");
	assert_int_equal(p->n_refs, 2);
	assert_null(strstr(p->refs[1].text, "APPENDIX"));
	quire_arena_free(a);

	a = quire_arena_new(0);
	p = analyze(a,
		ESTUARY_REFS
		"Lindqvist, M. (2011). Tide gauges compared. Mar. Geol. 7, 1-9.\n"
		"Moreau, T. (2009). A ledger of dredging. Harbour Hist. 3, 77-90.\n"
		"How to cite this article: Wren, A. (2021). Estuary mud. Harbour\n"
		"Hist. 9, 1-20.\n");
	assert_int_equal(p->n_refs, 2);
	assert_null(strstr(p->refs[1].text, "cite"));
	quire_arena_free(a);

	/* a figure and its caption inside a numbered list */
	a = quire_arena_new(0);
	p = analyze(a,
		ESTUARY_REFS
		"1. Okafor, N. Silt budgets of small harbours. Coast. Eng. 12, 40-58 (2015).\n"
		"2. Lindqvist, M. Tide gauges compared. Mar. Geol. 7, 1-9 (2011).\n"
		"3. Pereira, A. Harbour masters. Port Stud. 2, 5-19 (2018).\n"
		"Fig. (3). Dredged volume against the tidal range.\n"
		"N\n"
		"S\n"
		"Tidal range in metres at the mouth of the estuary\n"
		"4. Moreau, T. A ledger of dredging. Harbour Hist. 3, 77-90 (2009).\n"
		"5. Quist, O. Mud and its keepers. Oslo: Fjord, 2018.\n");
	assert_int_equal(p->n_refs, 5);
	assert_non_null(strstr(p->refs[4].text, "Quist"));
	/* the float's text stays in the paper, between the entries, and
	 * in none of them */
	for (size_t i = 0; i < p->n_refs; i++)
		assert_null(strstr(p->refs[i].text, "Tidal range"));
	const char *fig = strstr(p->text, "Tidal range in metres");
	assert_non_null(fig);
	assert_true(fig > strstr(p->text, "Pereira"));
	assert_true(fig < strstr(p->text, "Moreau"));
	quire_arena_free(a);
}

/* A bibliography label alone on its line, after a line that ends no
 * sentence (the tail of an identifier), is a heading when the lines below
 * read like entries; the same label above prose is not. */
static void test_bib_heading_after_unfinished_line(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a,
		"Estuary Mud and Its Keepers\n"
		"\n"
		"The mudflats are measured twice a year by the harbour office.\n"
		"Data are held by the port archive under the record number 4471-\n"
		"2208-91X\n"
		"References\n"
		"Lindqvist M 2011 Tide gauges compared Mar. Geol. 7 1-9\n"
		"Moreau T and Okafor N 2009 A ledger of dredging Harbour\n"
		"Hist. 3 77-90\n"
		"Okafor N 2015 Silt budgets of small harbours Coast. Eng. 12\n"
		"40-58\n"
		"Quist O 2018 Mud and its keepers (Oslo: Fjord)\n");
	assert_int_equal(p->n_refs, 4);
	assert_non_null(strstr(p->refs[0].text, "Lindqvist"));
	assert_int_equal(p->n_outline, 1);
	quire_arena_free(a);

	/* entries with no year ("unpublished") under it */
	a = quire_arena_new(0);
	p = analyze(a,
		"Estuary Mud and Its Keepers\n"
		"\n"
		"The mudflats are measured twice a year by the harbour office and\n"
		"the university, whose figures are given in the\n"
		"References\n"
		"Baptiste, R. Delta Studies, vol. 4, p. 11.\n"
		"Lindqvist, M., Okafor, J. P., and\n"
		"Moreau, T. Unpublished.\n"
		"Okafor, N. Coastal Engineering 12, 40 (2015).\n"
		"Quist, O., and Pereira, A. Harbour\n"
		"Studies. In preparation.\n"
		"Wren, A., Heller, T., and\n"
		"Lindqvist, M. Unpublished.\n");
	assert_true(p->n_refs >= 5);
	assert_int_equal(p->n_outline, 1);
	quire_arena_free(a);

	a = quire_arena_new(0);
	p = analyze(a,
		"Estuary Mud and Its Keepers\n"
		"\n"
		"The mudflats are measured twice a year by the harbour office and\n"
		"the tables list the\n"
		"References\n"
		"Moreau kept in the ledger, which we read with care and with\n"
		"some doubt about the hand that wrote the later pages of it.\n");
	assert_int_equal(p->n_refs, 0);
	quire_arena_free(a);
}

/* With no heading, the trailing list stops where a table begins; and a
 * wrapped line that opens like a lettered heading ("B. Tidal Research ...")
 * after a line that runs on does not end a list. */
static void test_trailing_list_stops(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a,
		ESTUARY
		"[1] N. Okafor, Silt budgets of small harbours, Coast. Eng. 12 (2015) 40-58.\n"
		"[2] M. Lindqvist, Tide gauges compared, Mar. Geol. 7 (2011) 1-9.\n"
		"[3] T. Moreau, A ledger of dredging, Harbour Hist. 3 (2009) 77-90.\n"
		"[4] O. Quist, Mud and its keepers, Fjord, Oslo, 2018.\n"
		"Table 1: Sites sampled in 2019.\n"
		"Site Depth Method\n"
		"A1 2.5 core\n"
		"A2 3.0 grab\n");
	assert_int_equal(p->n_refs, 4);
	assert_null(strstr(p->refs[3].text, "Sites"));
	assert_non_null(strstr(p->text, "Sites sampled"));
	quire_arena_free(a);

	a = quire_arena_new(0);
	p = analyze(a,
		ESTUARY_REFS
		"[1] a) N. Okafor, Coast. Eng. 2015, 12, 40-58; b) M. Lindqvist,\n"
		"B. Tidal Research in the North Sea Quarterly\n"
		"2011, 7, 1-9.\n"
		"[2] T. Moreau, Harbour Hist. 2009, 3, 77-90.\n");
	/* (that "b) ..." is an entry of its own is bib_split's call) */
	assert_true(p->n_refs >= 2);
	assert_non_null(strstr(p->refs[p->n_refs - 1].text, "Moreau"));
	quire_arena_free(a);
}

/* With no heading and tables after it, the last numbered list of dated
 * entries is the bibliography; a numbered list of steps in the body is
 * not. */
static void test_numbered_list_before_tables(void **state)
{
	(void)state;
	static const char list[] =
		"Estuary Mud and Its Keepers\n"
		"\n"
		"We did three things, in this order:\n"
		"1. We read the ledgers of the harbour office.\n"
		"2. We walked the flats at low tide.\n"
		"3. We compared the two by hand.\n"
		"4. We wrote down where they disagree.\n"
		"5. We asked the harbour master why.\n"
		"The answers follow.\n"
		"\n"
		"[1] N. Okafor, Silt budgets of small harbours, Coast. Eng. 12 (2015) 40-58.\n"
		"[2] M. Lindqvist, Tide gauges compared, Mar. Geol. 7 (2011) 1-9.\n"
		"[3] T. Moreau, A ledger of dredging, Harbour Hist. 3 (2009) 77-90.\n"
		"[4] O. Quist, Mud and its keepers, Fjord, Oslo, 2018.\n"
		"[5] A. Pereira, Harbour masters and their books, Tagus\n"
		"Press, Lisbon, 2009.\n"
		"[6] R. Baptiste, The silt of the Scheldt, Delta Stud. 4 (2020) 11-30.\n"
		"Table 1: Sites sampled\n"
		"Site Depth Method\n"
		"A1 2.5 core\n"
		"A2 3.0 grab\n"
		"B1 1.5 grab\n"
		"B2 4.0 core\n"
		"B3 2.0 core\n"
		"C1 1.0 grab\n"
		"C2 0.5 grab\n"
		"C3 3.5 core\n"
		"Figure 1: The flats at low tide, seen from the harbour wall.\n";
	/* a long appendix of tables after the list, as a paper's last
	 * pages of figures and tables */
	char text[8192];
	size_t n = strlen(list);
	memcpy(text, list, n);
	for (int r = 0; r < 60; r++)
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "Site %c%d was sampled by %s at a depth of %d metres\n",
				      'A' + r % 5, r, r % 2 ? "core" : "grab", r % 7 + 1);
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a, text);
	assert_int_equal(p->n_refs, 6);
	assert_non_null(strstr(p->refs[0].text, "Okafor"));
	assert_non_null(strstr(p->refs[5].text, "Baptiste"));
	assert_null(strstr(p->refs[5].text, "Sites"));
	assert_non_null(strstr(p->text, "We walked the flats"));
	quire_arena_free(a);

	/* "1)" labels, and two entries in six with a preprint number and
	 * no year */
	static const char list2[] =
		ESTUARY
		"1) N. Okafor: Coast. Eng. 12 (2015) 40.\n"
		"2) M. Lindqvist: Mar. Geol. 7 (2011) 1.\n"
		"3) T. Moreau: silt-ph/0402400.\n"
		"4) O. Quist: Fjord Stud. 3 (2018) 5.\n"
		"5) A. Pereira: silt-ph/0406538.\n"
		"6) R. Baptiste: Delta Stud. 4 (2020) 11.\n"
		"Figure captions\n";
	n = strlen(list2);
	memcpy(text, list2, n);
	for (int r = 0; r < 60; r++)
		n += (size_t)snprintf(text + n, sizeof text - n,
				      "Site %c%d was sampled by %s at a depth of %d metres\n",
				      'A' + r % 5, r, r % 2 ? "core" : "grab", r % 7 + 1);
	a = quire_arena_new(0);
	p = analyze(a, text);
	assert_int_equal(p->n_refs, 6);
	assert_non_null(strstr(p->refs[5].text, "Baptiste"));
	quire_arena_free(a);
}

/* A float whose next entry lost its number gives the list back at the
 * entry's first line, and a number the page furniture took is given back;
 * a roman-numbered line after a colon is a wrapped title, not a heading. */
static void test_bib_float_then_unlabelled_entry(void **state)
{
	(void)state;
	static const char fmt[] =
		ESTUARY_REFS
		"[1] Okafor, N. Silt budgets of small harbours. Coast. Eng. 12, 40-58 (2015).\n"
		"[2] Lindqvist, M. Tide gauges compared. Mar. Geol. 7, 1-9 (2011).\n"
		"[3] Pereira, A. Harbour masters. Port Stud. 2, 5-19 (2018).\n"
		"Fig. (3). Dredged volume against the tidal range.\n"
		"N\n"
		"S\n"
		"%s"
		"Moreau, T., Okafor, N., Lindqvist, M., Pereira, A.,\n"
		"Baptiste, R. A ledger of dredging. Harbour Hist. 3,\n"
		"77-90 (2009).\n"
		"[5] Quist, O. Mud and its keepers. Oslo: Fjord, 2018.\n"
		"[6] Baptiste, R. Silt and the sea, a study:\n"
		"II. The estuaries of the north\n"
		"Delta Stud. 4, 11-30 (2020).\n"
		"[7] Quist, O. More mud. Oslo: Fjord, 2021.\n";
	char text[2048];

	/* the label lost altogether */
	snprintf(text, sizeof text, fmt, "");
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a, text);
	assert_int_equal(p->n_refs, 7);
	assert_true(strncmp(p->refs[3].text, "Moreau", 6) == 0);
	assert_non_null(strstr(p->refs[5].text, "II. The estuaries"));
	assert_non_null(strstr(p->refs[6].text, "More mud"));
	quire_arena_free(a);

	/* the label at the top of a page, read as a page number by the
	 * furniture test and given back to the list */
	snprintf(text, sizeof text, fmt, "\f[4]\n");
	a = quire_arena_new(0);
	p = analyze(a, text);
	assert_int_equal(p->n_refs, 7);
	assert_true(strncmp(p->refs[3].text, "[4] Moreau", 10) == 0);
	quire_arena_free(a);
}

/* A running head repeated on every page of a text with no page breaks is
 * held out of the bibliography; an entry repeated in each chapter's
 * bibliography of a thesis is not. */
static void test_bib_drops_repeated_running_head(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a,
		"Estuary Mud and Its Keepers\n"
		"\n"
		"The mudflats are measured twice a year by the harbour office and\n"
		"Wren and Heller: Estuary mud and its keepers\n"
		"once by the university, and the two rarely agree on anything.\n"
		"We read every ledger twice and walked the flats at low tide, and\n"
		"Wren and Heller: Estuary mud and its keepers\n"
		"the ledgers and the flats agree less than anyone had hoped.\n"
		"\n"
		"References\n"
		"\n"
		"Lindqvist, M. (2011). Tide gauges compared. Mar. Geol. 7, 1-9.\n"
		"Moreau, T. (2009). A ledger of dredging. Harbour Hist. 3,\n"
		"Wren and Heller: Estuary mud and its keepers\n"
		"77-90.\n"
		"Okafor, N. (2015). Silt budgets of small harbours. Coast. Eng. 12,\n"
		"40-58.\n");
	assert_int_equal(p->n_refs, 3);
	for (size_t i = 0; i < p->n_refs; i++)
		assert_null(strstr(p->refs[i].text, "Wren and Heller"));
	assert_non_null(strstr(p->refs[1].text, "77-90"));
	quire_arena_free(a);

	a = quire_arena_new(0);
	p = analyze(a,
		"Estuary Mud and Its Keepers\n"
		"\n"
		"Chapter One\n"
		"\n"
		"The mudflats are measured twice a year by the harbour office.\n"
		"\n"
		"References\n"
		"\n"
		"Moreau, T. (2009). A ledger of dredging, with notes on the\n"
		"spring tides. Harbour Hist. 3, 77-90.\n"
		"Okafor, N. (2015). Silt budgets. Coast. Eng. 12, 40-58.\n"
		"\n"
		"Chapter Two\n"
		"\n"
		"The ledgers of the harbour office are kept in a cold room.\n"
		"\n"
		"References\n"
		"\n"
		"Moreau, T. (2009). A ledger of dredging, with notes on the\n"
		"spring tides. Harbour Hist. 3, 77-90.\n"
		"Quist, O. (2018). Mud. Oslo: Fjord.\n"
		"\n"
		"Chapter Three\n"
		"\n"
		"The flats were walked at low tide in the spring of 2019.\n"
		"\n"
		"References\n"
		"\n"
		"Moreau, T. (2009). A ledger of dredging, with notes on the\n"
		"spring tides. Harbour Hist. 3, 77-90.\n"
		"Lindqvist, M. (2011). Tide gauges. Mar. Geol. 7, 1-9.\n");
	assert_int_equal(p->n_refs, 6);
	assert_non_null(strstr(p->refs[4].text, "spring tides"));
	quire_arena_free(a);
}

/* In a numbered list, a wrapped line shaped like a lettered heading ("J.
 * Tidal Res. 51 266") with the next number right below it is the rest of
 * an entry, not the end of the list. */
static void test_bib_lettered_line_before_next_number(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a,
		ESTUARY_REFS
		"[1] Okafor N 2015 Coast. Eng. 12 40\n"
		"[2] Lindqvist M 2011 Mar. Geol. 7 1\n"
		"[3] Moreau T, Quist O, Pereira A, Baptiste R and Wren A 1984\n"
		"J. Tidal Res. 51 266\n"
		"[4] Quist O 2018 Mud (Oslo: Fjord)\n"
		"[5] Pereira A 2009 Port Stud. 2 5\n");
	assert_int_equal(p->n_refs, 5);
	assert_non_null(strstr(p->refs[2].text, "Tidal Res."));
	assert_non_null(strstr(p->refs[4].text, "Pereira"));
	quire_arena_free(a);
}

/* A publisher's box ("Submit your next manuscript …") ends a list after
 * it, and among its entries (two columns) is held out like a float. */
static void test_bib_publisher_box(void **state)
{
	(void)state;
	static const char head[] =
		ESTUARY_REFS
		"1. Okafor N. Silt budgets of small harbours. Coast Eng 2015, 12:40-58.\n"
		"2. Lindqvist M. Tide gauges compared. Mar Geol 2011, 7:1-9.\n"
		"3. Moreau T. A ledger of dredging. Harbour Hist 2009, 3:77-90.\n"
		"Submit your next manuscript to Estuary Press\n"
		"and we will help you at every step:\n"
		"- we read every page ourselves\n"
		"- www.estuary-press.example/submit\n";
	char text[2048];
	snprintf(text, sizeof text, "%s", head);
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a, text);
	assert_int_equal(p->n_refs, 3);
	assert_null(strstr(p->refs[2].text, "Submit"));
	quire_arena_free(a);

	snprintf(text, sizeof text, "%s%s", head,
		 "4. Quist O. Mud and its keepers. Oslo: Fjord; 2018.\n"
		 "5. Pereira A. Harbour masters. Port Stud 2009, 2:5-19.\n");
	a = quire_arena_new(0);
	p = analyze(a, text);
	assert_int_equal(p->n_refs, 5);
	for (size_t i = 0; i < p->n_refs; i++)
		assert_null(strstr(p->refs[i].text, "Submit"));
	assert_non_null(strstr(p->text, "Submit your next manuscript"));
	quire_arena_free(a);
}

static void test_pages_estimate(void **state)
{
	(void)state;
	/* 3,128 words → 7 pages; 632 → 2 */
	size_t sizes[] = {3128, 632, 500, 501};
	unsigned want[] = {7, 2, 1, 2};
	for (size_t k = 0; k < 4; k++) {
		char *t = malloc(sizes[k] * 6 + 64);
		size_t len = (size_t)sprintf(t, "A Title\n\n");
		for (size_t i = 0; i < sizes[k] - 2; i++)
			len += (size_t)sprintf(t + len, "word%s", (i + 1) % 12 ? " " : ".\n");
		t[len] = '\0';
		quire_arena *a = quire_arena_new(0);
		quire_paper *p = analyze(a, t);
		assert_int_equal(p->counts.words, sizes[k]);
		assert_int_equal(p->counts.pages, want[k]);
		quire_arena_free(a);
		free(t);
	}
}

static void test_real_pages_from_breaks(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a, "Title Here\n\nOne page of text.\n\fAnother page.\n\fThird.\n");
	assert_int_equal(p->counts.pages, 3);
	assert_false(p->counts.pages_estimated);
	quire_arena_free(a);
}

static void test_empty_is_an_error(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = NULL;
	quire_error err = {0};
	assert_int_equal(quire_analyze(lines_source(a, "\n\n   \n"), NULL, a, &p, &err), QUIRE_EINPUT);
	assert_non_null(strstr(err.msg, "no text"));
	assert_null(p);
	quire_arena_free(a);
}

static void test_structured_blocks(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_source *s = quire_source_new(a);
	quire_source_set_format(s, "markdown", "UTF-8");
	quire_source_set_title(s, "On Bridges");
	quire_source_add_author(s, "Lena Ost");
	const char *h1 = "On Bridges", *h2 = "Spans", *para = "A bridge is a\nsentence across water.";
	quire_source_add_block(s, QUIRE_BLOCK_HEADING, 1, h1, strlen(h1));
	quire_source_add_block(s, QUIRE_BLOCK_PARAGRAPH, 0, para, strlen(para));
	quire_source_add_block(s, QUIRE_BLOCK_HEADING, 2, h2, strlen(h2));
	quire_source_add_block(s, QUIRE_BLOCK_LIST_ITEM, 1, "first", 5);
	quire_source_add_block(s, QUIRE_BLOCK_QUOTE, 0, "quoted words", 12);
	const char *refh = "References", *r1 = "Ost, Lena. Spans. Berlin: Kettle, 2004.";
	quire_source_add_block(s, QUIRE_BLOCK_HEADING, 2, refh, strlen(refh));
	quire_source_add_block(s, QUIRE_BLOCK_LIST_ITEM, 1, r1, strlen(r1));
	quire_paper *p = NULL;
	quire_error err = {0};
	assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_OK);
	assert_string_equal(p->title, "On Bridges");
	assert_int_equal(p->n_authors, 1);
	assert_int_equal(p->blocks[0].kind, QUIRE_BLOCK_TITLE);
	assert_int_equal(p->blocks[1].kind, QUIRE_BLOCK_PARAGRAPH);
	assert_span_equal(p->text + p->blocks[1].off, p->blocks[1].len,
			  "A bridge is a sentence across water.");
	assert_int_equal(p->n_outline, 2);
	assert_int_equal(p->outline[0].level, 1); /* shifted: H2 is the top level */
	assert_int_equal(p->n_refs, 1);
	assert_string_equal(p->refs[0].text, r1);
	assert_int_equal(p->counts.paragraphs, 3);
	quire_arena_free(a);
}

static void test_json_round_trip(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a, paper1);
	char *json;
	size_t len;
	assert_int_equal(quire_paper_to_json(p, QUIRE_JSON_NO_TEXT, a, &json, &len), QUIRE_OK);
	assert_null(strstr(json, "\"text\":\"The Uses"));
	quire_paper *q = NULL;
	quire_error err = {0};
	assert_int_equal(quire_paper_from_json(json, len, p->text, p->text_len, a, &q, &err), QUIRE_OK);
	assert_string_equal(q->title, p->title);
	assert_int_equal(q->n_authors, p->n_authors);
	assert_int_equal(q->counts.words, p->counts.words);
	assert_int_equal(q->counts.pages, p->counts.pages);
	assert_int_equal(q->counts.sentences, p->counts.sentences);
	assert_int_equal(q->n_blocks, p->n_blocks);
	assert_int_equal(q->n_refs, p->n_refs);
	assert_string_equal(q->refs[0].text, p->refs[0].text);
	assert_string_equal(q->preview.head, p->preview.head);
	assert_int_equal(q->n_outline, p->n_outline);
	/* and the same JSON again */
	char *json2;
	size_t len2;
	assert_int_equal(quire_paper_to_json(q, QUIRE_JSON_NO_TEXT, a, &json2, &len2), QUIRE_OK);
	assert_int_equal(len, len2);
	assert_memory_equal(json, json2, len);
	/* a block outside the text is refused */
	assert_int_equal(quire_paper_from_json(json, len, "short", 5, a, &q, &err), QUIRE_EINPUT);
	assert_int_equal(quire_paper_from_json("[1]", 3, NULL, 0, a, &q, &err), QUIRE_EINPUT);
	assert_int_equal(quire_paper_from_json("{", 1, NULL, 0, a, &q, &err), QUIRE_EINPUT);
	quire_arena_free(a);
}

/* The body's span from the analysis JSON: after the title and byline,
 * before the bibliography; in the compact and the pretty form, and -1 for
 * JSON without blocks or with blocks that make no span. */
static void test_json_body_span(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a, paper1);
	size_t from = 99, to = 99;
	const char *intro = strstr(p->text, "Introduction");
	const char *bib = strstr(p->text, "Bibliography");
	assert_non_null(intro);
	assert_non_null(bib);
	for (unsigned flags = 0; flags < 4; flags++) {
		char *json;
		size_t len;
		assert_int_equal(quire_paper_to_json(p, flags, a, &json, &len), QUIRE_OK);
		from = to = 99;
		assert_int_equal(quire_json_body_span(json, len, p->text_len, &from, &to), 0);
		assert_int_equal(from, (size_t)(intro - p->text));
		assert_int_equal(to, (size_t)(bib - p->text));
	}
	/* no bibliography: to the end of the text */
	quire_paper *q = analyze(a, "A Short Note\n\nOne paragraph of plain words.\n");
	char *json;
	size_t len;
	assert_int_equal(quire_paper_to_json(q, QUIRE_JSON_NO_TEXT, a, &json, &len), QUIRE_OK);
	assert_int_equal(quire_json_body_span(json, len, q->text_len, &from, &to), 0);
	assert_int_equal(from, (size_t)(strstr(q->text, "One") - q->text));
	assert_int_equal(to, q->text_len);
	/* what is not a span */
	from = to = 7;
	static const char *const bad[] = {
		"", "{}", "{\"blocks\":5}", "{\"blocks\":[{\"kind\":\"paragraph\",\"offset\":3",
		"{\"blocks\":[{\"kind\":\"paragraph\",\"offset\":90}]}",
		"{\"blocks\":[{\"kind\":\"paragraph\",\"offset\":30},"
		"{\"kind\":\"reference\",\"offset\":20}]}",
		"{\"title\":\"\\\"blocks\\\": [\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		assert_int_equal(quire_json_body_span(bad[i], strlen(bad[i]), 50, &from, &to), -1);
		assert_int_equal(from, 7);
		assert_int_equal(to, 7);
	}
	assert_int_equal(quire_json_body_span(NULL, 0, 50, &from, &to), -1);
	/* a block that is no body (title only) starts the span at 0 */
	const char *t = "{\"blocks\":[{\"kind\":\"title\",\"offset\":0},"
			"{\"kind\":\"bibliography_heading\",\"offset\":12}]}";
	assert_int_equal(quire_json_body_span(t, strlen(t), 50, &from, &to), 0);
	assert_int_equal(from, 0);
	assert_int_equal(to, 12);
	quire_arena_free(a);
}

/* The preview head's length in bytes, from the JSON the store keeps and
 * from hand-made JSON with every kind of escape. */
static void test_json_preview_head_len(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyze(a, paper1);
	for (unsigned flags = 0; flags < 4; flags++) {
		char *json;
		size_t len, n = 0;
		assert_int_equal(quire_paper_to_json(p, flags, a, &json, &len), QUIRE_OK);
		assert_int_equal(quire_json_preview_head_len(json, len, &n), 0);
		assert_int_equal(n, strlen(p->preview.head));
	}
	/* "a\n\"é" + U+1F600 by a surrogate pair + "é" raw: 1+1+1+2+4+2 */
	const char *j = "{\"title\":\"x\",\"preview\": {\"head\": "
			"\"a\\n\\\"\\u00e9\\ud83d\\ude00\xC3\xA9\", \"tail\":\"t\"}}";
	size_t n = 0;
	assert_int_equal(quire_json_preview_head_len(j, strlen(j), &n), 0);
	assert_int_equal(n, 11);
	static const char *const bad[] = {
		"", "{}", "{\"preview\":null}", "{\"preview\":{\"tail\":\"t\"}}",
		"{\"preview\":{\"head\":\"open", "{\"preview\":{\"head\":\"\\u12\"}}",
		"{\"preview\":{},\"x\":{\"head\":\"later\"}}",
		"{\"title\":\"\\\"preview\\\":{\\\"head\\\":\\\"q\"}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		n = 99;
		assert_int_equal(quire_json_preview_head_len(bad[i], strlen(bad[i]), &n), -1);
		assert_int_equal(n, 99);
	}
	assert_int_equal(quire_json_preview_head_len(NULL, 0, &n), -1);
	quire_arena_free(a);
}

static void test_arena_budget(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(4096);
	assert_non_null(quire_arena_alloc(a, 1000));
	assert_null(quire_arena_alloc(a, 8000));
	assert_true(quire_arena_failed(a));
	assert_null(quire_arena_alloc(a, 8)); /* sticky */
	quire_arena_free(a);
	char buf[32];
	assert_string_equal(quire_format_count(3128, buf, sizeof buf), "3,128");
	assert_string_equal(quire_format_count(1234567, buf, sizeof buf), "1,234,567");
	assert_string_equal(quire_format_count(999, buf, sizeof buf), "999");
	assert_string_equal(quire_format_count(0, buf, sizeof buf), "0");
}

/* A reset gives everything back, clears a failure, keeps the budget, and
 * reuses its small chunk: the same address again after a reset. */
static void test_arena_reset(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(100000);
	char *p = quire_arena_alloc(a, 100);
	assert_non_null(p);
	memset(p, 'x', 100);
	assert_non_null(quire_arena_alloc(a, 70000)); /* a second chunk */
	assert_true(quire_arena_used(a) >= 70100);
	quire_arena_reset(a);
	assert_int_equal(quire_arena_used(a), 0);
	assert_false(quire_arena_failed(a));
	char *q = quire_arena_alloc(a, 100);
	assert_non_null(q);
	for (int i = 0; i < 1000; i++) { /* a loop that resets: no growth */
		quire_arena_reset(a);
		assert_ptr_equal(quire_arena_alloc(a, 100), q);
	}
	/* the budget still holds, and a reset clears the failure */
	assert_null(quire_arena_alloc(a, 200000));
	assert_true(quire_arena_failed(a));
	quire_arena_reset(a);
	assert_false(quire_arena_failed(a));
	assert_non_null(quire_arena_strndup(a, "abc", 3));
	quire_arena_reset(NULL); /* a no-op */
	quire_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_title_byline_outline_refs),
		cmocka_unit_test(test_bib_heading_in_running_text),
		cmocka_unit_test(test_bib_stops_at_floats_and_back_matter),
		cmocka_unit_test(test_bib_heading_after_unfinished_line),
		cmocka_unit_test(test_trailing_list_stops),
		cmocka_unit_test(test_numbered_list_before_tables),
		cmocka_unit_test(test_bib_float_then_unlabelled_entry),
		cmocka_unit_test(test_bib_drops_repeated_running_head),
		cmocka_unit_test(test_bib_lettered_line_before_next_number),
		cmocka_unit_test(test_bib_publisher_box),
		cmocka_unit_test(test_pages_estimate),
		cmocka_unit_test(test_real_pages_from_breaks),
		cmocka_unit_test(test_empty_is_an_error),
		cmocka_unit_test(test_structured_blocks),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_body_span),
		cmocka_unit_test(test_json_preview_head_len),
		cmocka_unit_test(test_arena_budget),
		cmocka_unit_test(test_arena_reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
