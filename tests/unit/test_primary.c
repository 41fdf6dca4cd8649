/*
 * test_primary.c — primary.c: letters, interviews and archival documents
 * read from the entry string, whatever the labeller made of them, and
 * archives abbreviated after their first citation.  The entries are
 * labelled by hand (refs_testutil.h) the way the built-in model labels
 * them, so the rules are tested apart from the model; the last tests run
 * the model itself.
 */
#include "testutil.h"

#include <stdio.h>

#include "primary.h"
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

static void assert_name(const ref_name *n, const char *given, const char *family)
{
	assert_str(n->given, given);
	assert_str(n->family, family);
}

static void assert_date(const ref_date *d, int y, int m, int day)
{
	assert_int_equal(d->year, y);
	assert_int_equal(d->month, m);
	assert_int_equal(d->day, day);
}

static void test_letter_bare(void **state)
{
	(void)state;
	ref_citation c;
	/* the model reads the head as one author list */
	rt_parse("[author Jefferson to John Adams,] [date 28 October 1813.]", A, &c);
	assert_str(c.type, "personal_communication");
	assert_int_equal(c.n_authors, 1);
	assert_name(&c.authors[0], NULL, "Jefferson");
	assert_int_equal(c.n_recipients, 1);
	assert_name(&c.recipients[0], "John", "Adams");
	assert_date(&c.issued, 1813, 10, 28);
	assert_null(c.title);
	assert_null(c.note);

	/* the month first: its comma splits the date */
	rt_parse("[author Jefferson to John Adams,] [date October 28, 1813.]", A, &c);
	assert_str(c.type, "personal_communication");
	assert_date(&c.issued, 1813, 10, 28);

	/* German "an", the day with a period */
	rt_parse("[author Goethe an Schiller,] [date 12. März 1797.]", A, &c);
	assert_str(c.type, "personal_communication");
	assert_name(&c.authors[0], NULL, "Goethe");
	assert_name(&c.recipients[0], NULL, "Schiller");
	assert_date(&c.issued, 1797, 3, 12);
}

/* A bare "A to B" is a letter only with a full date, and not when the
 * labeller read it as a title. */
static void test_letter_not(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[title Journey to Italy,] [date 12 March 1880.]", A, &c);
	assert_string_not_equal(c.type, "personal_communication");
	assert_str(c.title, "Journey to Italy");
	rt_parse("[author Smith to Jones,] [date 1921.]", A, &c);
	assert_string_not_equal(c.type, "personal_communication");
	rt_parse("[author Smith, J.] [title Notes to 12 friends.] [date 3 May 1921.]", A, &c);
	assert_string_not_equal(c.type, "personal_communication");
}

static void test_letter_in_archive(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[title Letter from Mary Shelley to Leigh Hunt,] [date 9 February 1823,] "
		 "[container-title Bodleian Library, MS Abinger c.] [volume 45,] [pages fol. 12.]",
		 A, &c);
	assert_str(c.type, "personal_communication");
	assert_name(&c.authors[0], "Mary", "Shelley");
	assert_name(&c.recipients[0], "Leigh", "Hunt");
	assert_date(&c.issued, 1823, 2, 9);
	assert_str(c.archive, "Bodleian Library");
	assert_str(c.archive_location, "MS Abinger c. 45, fol. 12");
	assert_null(c.container_title);
	assert_null(c.volume);
	assert_null(c.page);

	/* the archive first, its place after it (a place the model knows),
	 * the letter after the piece; "Letter" allows no date */
	rt_parse("[title Archives nationales,] [place Paris,] F7 6345, dossier 2, "
		 "[title Lettre de Talleyrand à Fouché.]", A, &c);
	assert_str(c.type, "personal_communication");
	assert_name(&c.authors[0], NULL, "Talleyrand");
	assert_name(&c.recipients[0], NULL, "Fouché");
	assert_int_equal(c.issued.year, 0);
	assert_str(c.archive, "Archives nationales");
	assert_str(c.archive_place, "Paris");
	assert_str(c.archive_location, "F7 6345, dossier 2");

	/* an addressee with "the"; the labeller's title inside the head */
	rt_parse("[author Julie de] [title Lespinasse to the Comte de Guibert,] "
		 "[date 14 October 1774,] [container-title in Lettres de Mlle de Lespinasse,] "
		 "[editor ed. Eugène Asse] ([place Paris:] [publisher Charpentier,] [date 1876),] "
		 "[pages 112.]", A, &c);
	assert_str(c.type, "personal_communication");
	assert_str(c.authors[0].family, "Lespinasse");
	assert_str(c.recipients[0].family, "Guibert");
	assert_str(c.recipients[0].given, "Comte");
	assert_str(c.container_title, "Lettres de Mlle de Lespinasse");

	/* in an online archive: the link and the access date stay theirs,
	 * out of the location */
	rt_parse("[author Mao Zedong to Stalin,] [date 1 June 1949,] [title CWIHP Virtual "
		 "Archive,] [publisher Woodrow Wilson International Center for Scholars,] "
		 "[url http://www.cwihp.org] [note (accessed 30 March 2003).]", A, &c);
	assert_str(c.type, "personal_communication");
	assert_str(c.archive, "CWIHP Virtual Archive");
	assert_str(c.archive_location, "Woodrow Wilson International Center for Scholars");
	assert_str(c.url, "http://www.cwihp.org");
	assert_date(&c.accessed, 2003, 3, 30);
	assert_date(&c.issued, 1949, 6, 1);

	/* neither an archive nor a collection: the rest is the note */
	rt_parse("[author Darwin to Hooker,] [date 11 January 1844,] [note private collection.]",
		 A, &c);
	assert_str(c.type, "personal_communication");
	assert_str(c.note, "private collection");
	assert_null(c.archive);
}

/* Printed in a collection: the collection's fields are the labeller's;
 * the date is the letter's, not the edition's. */
static void test_letter_printed(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[author Jefferson to John Adams,] [date 28 October 1813,] "
		 "[container-title in The Adams-Jefferson Letters,] [editor ed. Lester J.] "
		 "[place Cappon ( Chapel Hill:] [publisher University of North Carolina Press,] "
		 "[date 1959),] [pages 387–92.]",
		 A, &c);
	assert_str(c.type, "personal_communication");
	assert_name(&c.authors[0], NULL, "Jefferson");
	assert_name(&c.recipients[0], "John", "Adams");
	assert_str(c.container_title, "The Adams-Jefferson Letters");
	/* the imprint's bracket gave "Cappon" back to the editor */
	assert_int_equal(c.n_editors, 1);
	assert_name(&c.editors[0], "Lester J.", "Cappon");
	assert_str(c.place, "Chapel Hill");
	assert_str(c.publisher, "University of North Carolina Press");
	assert_str(c.page, "387-92");
	assert_date(&c.issued, 1813, 10, 28);
	assert_null(c.title);
	/* the head read as a title, the collection as editors: a whole name
	 * writing, "in" after the date — a letter all the same */
	rt_parse("[title Julie de Lespinasse to the Comte de Guibert,] [date 14 October 1774,] "
		 "[editor in Lettres de Mlle de Lespinasse, ed. Eugène Asse] "
		 "[place (Paris:] [publisher Charpentier,] [date 1876),] [pages 112.]",
		 A, &c);
	assert_str(c.type, "personal_communication");
	assert_name(&c.authors[0], "Julie", "Lespinasse");
	assert_str(c.authors[0].particle, "de");
	assert_name(&c.recipients[0], "Comte", "Guibert");
	assert_str(c.container_title, "Lettres de Mlle de Lespinasse");
	assert_int_equal(c.n_editors, 1);
	assert_name(&c.editors[0], "Eugène", "Asse");
	assert_date(&c.issued, 1774, 10, 14);
	assert_null(c.title);
	/* a title of that form with "in" after it stays a title */
	rt_parse("[title A Journey to Italy,] [date 12 March 1880,] [note in The Times.]", A, &c);
	assert_string_not_equal(c.type, "personal_communication");
	assert_str(c.title, "A Journey to Italy");
}

static void test_interview(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[title Interview with Maria Gonzales, conducted by the author,] "
		 "[place Madrid,] [date 12 May 2015.]", A, &c);
	assert_str(c.type, "interview");
	assert_int_equal(c.n_authors, 1);
	assert_name(&c.authors[0], "Maria", "Gonzales");
	assert_int_equal(c.n_interviewers, 0); /* "the author" names no one */
	assert_str(c.place, "Madrid");
	assert_date(&c.issued, 2015, 5, 12);
	assert_null(c.title);

	rt_parse("[author Andrew Macmillan,] [title interview by Kathryn Berman,] "
		 "[date 12 June 2003,] [publisher Oral History Program, University of Georgia.]",
		 A, &c);
	assert_str(c.type, "interview");
	assert_name(&c.authors[0], "Andrew", "Macmillan");
	assert_int_equal(c.n_interviewers, 1);
	assert_name(&c.interviewers[0], "Kathryn", "Berman");
	assert_date(&c.issued, 2003, 6, 12);
	assert_str(c.note, "Oral History Program, University of Georgia");
	assert_null(c.publisher);

	/* printed in a periodical: its fields stay */
	rt_parse("[author Jorge Luis Borges,] [title interview by Ronald Christ,] "
		 "[container-title Paris Review] [volume 40] [date (1967):] [pages 116–64.]",
		 A, &c);
	assert_str(c.type, "interview");
	assert_name(&c.interviewers[0], "Ronald", "Christ");
	assert_str(c.container_title, "Paris Review");
	assert_str(c.volume, "40");
	assert_int_equal(c.issued.year, 1967);

	/* an article whose title quotes the words is no interview */
	rt_parse("[author McLelland Mark,] [title « Interview with Samshasha, Hong Kong's "
		 "first gay rights activist »,] [container-title Intersections,] "
		 "[volume no. 4] [date 2000.]", A, &c);
	assert_string_not_equal(c.type, "interview");
	assert_str(c.container_title, "Intersections");
}

static void test_archives(void **state)
{
	(void)state;
	ref_citation c;
	/* an archive's abbreviation and a numbered busta */
	rt_parse("[author ASV, Collegio,] [container-title Relazioni,] [volume b. 31,] "
		 "[issue fasc. 2.]", A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.archive, "ASV");
	assert_str(c.archive_location, "Collegio, Relazioni, b. 31, fasc. 2");
	assert_int_equal(c.n_authors, 0);
	assert_null(c.container_title);
	assert_null(c.volume);
	/* a shelfmark's number read as the year is no date */
	rt_parse("[author Bodleian Library, MS Ashmole] [date 1504,] [pages fols. 3r-7v.]", A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.archive, "Bodleian Library");
	assert_int_equal(c.issued.year, 0);
	/* … a letter's full date stays */
	rt_parse("[author British Library,] [note Add. MS 12345, letter of] [date 3 May 1504.]",
		 A, &c);
	assert_int_equal(c.issued.year, 1504);
	/* a name in capitals with a bare "dossier" is no archive */
	rt_parse("[author AUBRY, Sylvie.] [title Prévenir les infections (dossier).] "
		 "[container-title L'aide-soignante,] [date janvier 2012,] [volume n°133.] "
		 "[pages p. 9-19.]", A, &c);
	assert_string_not_equal(c.type, "manuscript");
	assert_null(c.archive);
	/* a thousands comma inside a shelfmark */
	rt_parse("[author British Library,] [title Add. MS 38,091,] [pages fol. 3.]", A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.archive, "British Library");
	assert_str(c.archive_location, "Add. MS 38,091, fol. 3");
	/* a quoted part is the document's title; the year is the date */
	rt_parse("[title Archivo General de Indias (AGI), Sevilla. Contratación, legajo 5784, "
		 "«Instrucciones a los pilotos de la carrera de Indias»,] [date 1552.]", A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.archive, "Archivo General de Indias (AGI)");
	assert_str(c.title, "Instrucciones a los pilotos de la carrera de Indias");
	assert_str(c.archive_location, "Sevilla. Contratación, legajo 5784");
	assert_int_equal(c.issued.year, 1552);
	/* a record series' piece reference */
	rt_parse("[author Bundesarchiv Berlin,] [container-title R] [volume 43] "
		 "[pages I/1234, Bl. 56.]", A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.archive, "Bundesarchiv Berlin");
	assert_str(c.archive_location, "R 43 I/1234, Bl. 56");
	assert_true(prim_shelfmark("The National Archives, FO 371/12345"));
	assert_false(prim_shelfmark("Journal of Chemistry 12/3 (1990)"));
}

/* Ancient and medieval texts by their canonical place. */
static void test_classics(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[author Aristotle,] [title Politics] [volume 1253a7–18.]", A, &c);
	assert_str(c.type, "classic");
	assert_str(c.authors[0].family, "Aristotle");
	assert_str(c.title, "Politics");
	assert_str(c.locator, "1253a7-18");
	assert_null(c.volume);
	rt_parse("[container-title Hom. Il.] [volume 2.484–93.]", A, &c);
	assert_str(c.type, "classic");
	assert_str(c.authors[0].literal, "Hom.");
	assert_str(c.title, "Il.");
	assert_str(c.locator, "2.484-93");
	rt_parse("[publisher Thuc.] [url 1.22.1.]", A, &c);
	assert_str(c.type, "classic");
	assert_int_equal(c.n_authors, 0);
	assert_str(c.title, "Thuc.");
	assert_null(c.url);
	rt_parse("[author Cicero,] [container-title De officiis] [volume 1.22.]", A, &c);
	assert_str(c.title, "De officiis");
	assert_str(c.locator, "1.22");
	/* not classics: a bare page, a modern locator word, a version, a
	 * modern reference with its year */
	rt_parse("[author Aristotle,] [title Politics] [pages 45.]", A, &c);
	assert_string_not_equal(c.type, "classic");
	rt_parse("[author Lane,] [title Venice,] [volume 2:112.]", A, &c);
	assert_string_not_equal(c.type, "classic");
	rt_parse("[volume Vol. 2.3.]", A, &c);
	assert_string_not_equal(c.type, "classic");
	rt_parse("[title Python 3.5.]", A, &c);
	assert_string_not_equal(c.type, "classic");
	rt_parse("[author Chen, Jian.] [date 2001.] [title Rivers] [volume 2.3.]", A, &c);
	assert_string_not_equal(c.type, "classic");
	assert_null(c.locator);
}

/* The model and the rules together, over one paper's entries. */
static void test_with_model(void **state)
{
	(void)state;
	const char *texts[] = {
		"Archivio di Stato di Venezia (ASV), Senato, Deliberazioni, Secreta, reg. 12, fol. 45r.",
		"ASV, Collegio, Relazioni, b. 31, fasc. 2.",
		"Jefferson to John Adams, 28 October 1813, in The Adams-Jefferson Letters, "
		"ed. Lester J. Cappon (Chapel Hill: University of North Carolina Press, 1959), 387–92.",
		"See ASV, Senato, Secreta, reg. 13, fol. 2r; Darwin to Hooker, 11 January 1844, "
		"Cambridge University Library, DAR 114: 3.",
		"Aristotle, Politics 1253a7–18; ibid. 1253a20.",
	};
	int is_note[] = {0, 0, 0, 1, 1};
	ref_citation *c = NULL;
	ref_note *notes = NULL;
	quire_error err = {0};
	assert_int_equal(ref_parse_entries(NULL, texts, is_note, 5, A, &c, &notes, &err), QUIRE_OK);
	assert_str(c[0].type, "manuscript");
	assert_str(c[0].archive, "Archivio di Stato di Venezia");
	assert_str(c[1].type, "manuscript");
	assert_str(c[1].archive, "Archivio di Stato di Venezia");
	assert_str(c[2].type, "personal_communication");
	assert_str(c[2].container_title, "The Adams-Jefferson Letters");
	assert_name(&c[2].editors[0], "Lester J.", "Cappon");
	assert_int_equal(notes[3].n_cites, 2);
	assert_str(notes[3].cites[0].cite.type, "manuscript");
	assert_str(notes[3].cites[0].cite.archive, "Archivio di Stato di Venezia");
	assert_str(notes[3].cites[1].cite.type, "personal_communication");
	assert_str(notes[3].cites[1].cite.archive, "Cambridge University Library");
	assert_name(&notes[3].cites[1].cite.recipients[0], NULL, "Hooker");
	/* a classic's place is the note's pinpoint; ibid. with a Bekker page */
	assert_int_equal(notes[4].n_cites, 2);
	assert_str(notes[4].cites[0].cite.type, "classic");
	assert_str(notes[4].cites[0].pinpoint, "1253a7-18");
	assert_int_equal(notes[4].cites[1].back, REF_BACK_IBID);
	assert_str(notes[4].cites[1].pinpoint, "1253a20");
	assert_int_equal(notes[4].cites[1].target_note, 4);
	assert_int_equal(notes[4].cites[1].target_cite, 0);

	/* the exports carry the recipient */
	buf_t b = BUF_INIT;
	ref_export_list(&c[2], 1, NULL, REF_FMT_CSL, A, &b);
	assert_non_null(strstr(b.p, "\"recipient\": [{\"family\": \"Adams\", \"given\": \"John\"}]"));
	assert_non_null(strstr(b.p, "\"type\": \"personal_communication\""));
	buf_free(&b);
	ref_export_list(&c[2], 1, NULL, REF_FMT_RIS, A, &b);
	assert_non_null(strstr(b.p, "TY  - PCOMM"));
	assert_non_null(strstr(b.p, "A2  - Adams, John"));
	buf_free(&b);
	ref_export_list(&c[2], 1, NULL, REF_FMT_BIBTEX, A, &b);
	assert_non_null(strstr(b.p, "note = {Letter to John Adams}"));
	buf_free(&b);
}

/* Offices writing to offices, dotted abbreviations, a town known for its
 * archive — with the model's own labels. */
static void test_offices_with_model(void **state)
{
	(void)state;
	const char *texts[] = {
		"Foreign Office to Treasury, 3 May 1920, TNA, T 1/12345.",
		"Letter from the Board of Trade to the Colonial Office, 12 June 1911, "
		"National Archives, CO 323/570.",
		"Archivio Segreto Vaticano (A.S.V.), Segr. Stato, b. 12.",
		"A.S.V., Collegio, Relazioni, b. 31, fasc. 2.",
		"The National Archives, Kew, FO 371/12345, Lampson to Chamberlain, 4 March 1927.",
		"Journey to Italy, 12 March 1880.",
		"Jefferson to the Senate, 10 February 1806.",
		"War Office to Foreign Office, 2 April 1915, FO 371/2345.",
	};
	ref_citation *c = NULL;
	ref_note *notes = NULL;
	quire_error err = {0};
	assert_int_equal(ref_parse_entries(NULL, texts, NULL, 8, A, &c, &notes, &err), QUIRE_OK);
	/* "A to B" read as a title is a letter when an archive follows */
	assert_str(c[0].type, "personal_communication");
	assert_str(c[0].authors[0].literal, "Foreign Office");
	assert_str(c[0].recipients[0].literal, "Treasury");
	assert_date(&c[0].issued, 1920, 5, 3);
	assert_str(c[0].archive, "TNA");
	assert_str(c[0].archive_location, "T 1/12345");
	/* "the" before an office that writes; the date out of the location */
	assert_str(c[1].type, "personal_communication");
	assert_str(c[1].authors[0].literal, "Board of Trade");
	assert_str(c[1].recipients[0].literal, "Colonial Office");
	assert_date(&c[1].issued, 1911, 6, 12);
	assert_str(c[1].archive, "National Archives");
	assert_str(c[1].archive_location, "CO 323/570");
	/* "A.S.V." is an abbreviation, defined by the entry before */
	assert_str(c[3].type, "manuscript");
	assert_str(c[3].archive, "Archivio Segreto Vaticano");
	assert_str(c[3].archive_location, "Collegio, Relazioni, b. 31, fasc. 2");
	/* Kew is the archive's place, not its location */
	assert_str(c[4].type, "personal_communication");
	assert_str(c[4].archive_place, "Kew");
	assert_str(c[4].archive_location, "FO 371/12345");
	/* and a title is still a title without an archive after it */
	assert_string_not_equal(c[5].type, "personal_communication");
	/* … but not when it is addressed to a body */
	assert_str(c[6].type, "personal_communication");
	assert_str(c[6].authors[0].family, "Jefferson");
	assert_str(c[6].recipients[0].literal, "Senate");
	/* a piece reference with no archive named is the location */
	assert_str(c[7].type, "personal_communication");
	assert_str(c[7].archive_location, "FO 371/2345");
	assert_null(c[7].note);
}

/* A list's arena holds its citations, not the labeller's features and
 * lattices (30 kB and more an entry before they went to a scratch arena):
 * `quire cite -` of a million lines must not need gigabytes. */
static void test_list_memory(void **state)
{
	(void)state;
	enum { N = 200 };
	const char *texts[N];
	for (size_t i = 0; i < N; i++)
		texts[i] = i % 2 ? "Chen, Jian. Mao's China and the Cold War. Chapel Hill: "
				   "University of North Carolina Press, 2001."
				 : "Jefferson to John Adams, 28 October 1813, in The Adams-Jefferson "
				   "Letters, ed. Lester J. Cappon (Chapel Hill: UNC Press, 1959), 387–92.";
	quire_arena *a = quire_arena_new(0);
	assert_non_null(a);
	ref_citation *c = NULL;
	quire_error err = {0};
	assert_int_equal(ref_parse_list(NULL, texts, N, a, &c, &err), QUIRE_OK);
	assert_str(c[1].type, "book");
	assert_str(c[N - 2].type, "personal_communication");
	size_t per = quire_arena_used(a) / N;
	if (per > 4096) {
		print_error("%zu bytes an entry\n", per);
		fail();
	}
	quire_arena_free(a);
}

/* Hostile strings: an answer, in bounded time. */
static void test_hostile(void **state)
{
	(void)state;
	static char big[100000];
	const char *unit = "A to B, 1 May 1900, in ASV, b. 1, ";
	size_t k = strlen(unit), n = 0;
	while (n + k < sizeof big) {
		memcpy(big + n, unit, k);
		n += k;
	}
	big[n] = 0;
	ref_citation c;
	quire_error err = {0};
	/* longer than the labeller reads: refused with a message */
	assert_int_equal(ref_parse(NULL, big, n, A, &c, &err), QUIRE_ELIMIT);
	assert_non_null(strstr(err.msg, "longer than the labeller reads"));
	/* up to the limit: read */
	assert_int_equal(ref_parse(NULL, big, REF_LABEL_MAX, A, &c, &err), QUIRE_OK);
	memset(big, ',', REF_LABEL_MAX);
	big[REF_LABEL_MAX] = 0;
	assert_int_equal(ref_parse(NULL, big, REF_LABEL_MAX, A, &c, &err), QUIRE_OK);
	/* in a list or a note, a string too long to label is kept as text */
	/* "Smith, J., The salt salt … salt. London, 1990." */
	memcpy(big, "Smith, J., The", 14);
	for (size_t i = 14; i + 5 < sizeof big - 20; i += 5)
		memcpy(big + i, " salt", 5);
	size_t bl = 14 + ((sizeof big - 20 - 14 - 5) / 5 + 1) * 5;
	memcpy(big + bl, ". London, 1990.", 16);
	bl += 15;
	const char *texts[] = {"Smith, J. The Book. London, 1990.", big};
	int is_note[] = {0, 0};
	ref_citation *list = NULL;
	ref_note *notes = NULL;
	assert_int_equal(ref_parse_entries(NULL, texts, is_note, 2, A, &list, &notes, &err),
			 QUIRE_OK);
	assert_str(list[0].type, "book");
	assert_str(list[1].type, "document");
	assert_int_equal(strlen(list[1].raw), bl);
	is_note[1] = 1;
	assert_int_equal(ref_parse_entries(NULL, texts, is_note, 2, A, &list, &notes, &err),
			 QUIRE_OK);
	assert_true(notes[1].n_cites >= 1);
	assert_str(notes[1].cites[0].cite.type, "document");
	const char *odd[] = {"to to to, 1 May 1900", "Letter from to", "ASV,",
			     "interview by", "Interview with , ,", "(((ASV, b. 1", NULL};
	for (size_t i = 0; odd[i]; i++)
		assert_int_equal(ref_parse(NULL, odd[i], strlen(odd[i]), A, &c, &err), QUIRE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_letter_bare),
		cmocka_unit_test(test_letter_not),
		cmocka_unit_test(test_letter_in_archive),
		cmocka_unit_test(test_letter_printed),
		cmocka_unit_test(test_interview),
		cmocka_unit_test(test_archives),
		cmocka_unit_test(test_classics),
		cmocka_unit_test(test_with_model),
		cmocka_unit_test(test_offices_with_model),
		cmocka_unit_test(test_list_memory),
		cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
