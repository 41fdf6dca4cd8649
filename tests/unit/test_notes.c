/*
 * test_notes.c — notes.c: a note split into citations and commentary,
 * pinpoints, and ibid. / op. cit. / ders. / a.a.O. / short notes resolved.
 */
#include "testutil.h"

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

static void split(const char *s, ref_note *n)
{
	quire_error err = {0};
	assert_int_equal(ref_note_split(s, strlen(s), A, n, &err), QUIRE_OK);
}

static void assert_cite(const char *s, const ref_note_cite *c,
			const char *text, ref_backref back, const char *pin)
{
	if (text) {
		assert_span_equal(s + c->off, c->len, text);
	}
	assert_int_equal(c->back, back);
	assert_str(c->pinpoint, pin);
}

static void test_split_two(void **state)
{
	(void)state;
	const char *s = "See Chen, Mao's China, 45; cf. Jun, \"Origins,\" 12.";
	ref_note n;
	split(s, &n);
	assert_int_equal(n.n_cites, 2);
	assert_cite(s, &n.cites[0], "Chen, Mao's China", REF_BACK_NONE, "45");
	assert_cite(s, &n.cites[1], "Jun, \"Origins,\"", REF_BACK_NONE, "12");
	assert_null(n.commentary);
}

static void test_split_commentary(void **state)
{
	(void)state;
	const char *s = "This reading is disputed. On the archives, see Chen, "
			"Mao's China (Chapel Hill: UNC Press, 2001), 45\xE2\x80\x93" "47.";
	ref_note n;
	split(s, &n);
	assert_int_equal(n.n_cites, 1);
	assert_cite(s, &n.cites[0],
		    "Chen, Mao's China (Chapel Hill: UNC Press, 2001)",
		    REF_BACK_NONE, "45-47");
	assert_non_null(n.commentary);
	assert_non_null(strstr(n.commentary, "On the archives"));
	split("A remark without any source at all.", &n);
	assert_int_equal(n.n_cites, 0);
	assert_str(n.commentary, "A remark without any source at all.");
}

/* Two works joined by ", and" after the first's imprint; prose in small
 * letters before a citation; "Quoted in"; a chapter as the pinpoint. */
static void test_split_and_prose(void **state)
{
	(void)state;
	ref_note n;
	const char *s = "See, e.g., Peter Burke, The Fortunes (Cambridge: Polity, 1995), "
			"12\xE2\x80\x93" "15, and Lina Bolzoni, The Gallery (Toronto: UTP, 2001), chap. 3.";
	split(s, &n);
	assert_int_equal(n.n_cites, 2);
	assert_cite(s, &n.cites[0], "Peter Burke, The Fortunes (Cambridge: Polity, 1995)",
		    REF_BACK_NONE, "12-15");
	assert_cite(s, &n.cites[1], "Lina Bolzoni, The Gallery (Toronto: UTP, 2001)",
		    REF_BACK_NONE, "chap. 3");
	/* no imprint before ", and": the names of one work */
	s = "Chen, Jian, and Jun Niu, Mao's China (Chapel Hill, 2001), 45.";
	split(s, &n);
	assert_int_equal(n.n_cites, 1);
	assert_cite(s, &n.cites[0], "Chen, Jian, and Jun Niu, Mao's China (Chapel Hill, 2001)",
		    REF_BACK_NONE, "45");
	s = "On this, see the classic account in Jacob Burckhardt, Die Kultur (Basel, 1860).";
	split(s, &n);
	assert_int_equal(n.n_cites, 1);
	assert_cite(s, &n.cites[0], "Jacob Burckhardt, Die Kultur (Basel, 1860).", REF_BACK_NONE,
		    NULL);
	assert_non_null(strstr(n.commentary, "classic account"));
	s = "Quoted in Natalie Zemon Davis, Fiction in the Archives (Stanford, 1987), 7.";
	split(s, &n);
	assert_cite(s, &n.cites[0], "Natalie Zemon Davis, Fiction in the Archives (Stanford, 1987)",
		    REF_BACK_NONE, "7");
	/* a name's particle in small letters is no prose */
	s = "de Gaulle, Charles, M\xC3\xA9moires in Paris (Paris, 1970), 3.";
	split(s, &n);
	assert_cite(s, &n.cites[0], "de Gaulle, Charles, M\xC3\xA9moires in Paris (Paris, 1970)",
		    REF_BACK_NONE, "3");
	/* German notes: the pinpoint set apart by "hier" from the pages;
	 * "ferner" opens the next citation as "see" does */
	s = "Vgl. Karl M\xC3\xBCller, Der Salzhandel, in: HGbll 45 (1920), S. 1\xE2\x80\x93" "40, "
	    "hier S. 12; ferner Anna Schulte, Salz und Stadt, K\xC3\xB6ln 1999, S. 88.";
	split(s, &n);
	assert_int_equal(n.n_cites, 2);
	assert_cite(s, &n.cites[0],
		    "Karl M\xC3\xBCller, Der Salzhandel, in: HGbll 45 (1920), S. 1\xE2\x80\x93" "40",
		    REF_BACK_NONE, "12");
	assert_cite(s, &n.cites[1], "Anna Schulte, Salz und Stadt, K\xC3\xB6ln 1999",
		    REF_BACK_NONE, "88");
	/* "here" with no page after it is no pinpoint's */
	s = "Smith, The Salt Roads, 45, here and there.";
	split(s, &n);
	assert_null(n.cites[0].pinpoint);
}

static void test_split_backrefs(void **state)
{
	(void)state;
	ref_note n;
	const char *s = "Ibid., 47.";
	split(s, &n);
	assert_int_equal(n.n_cites, 1);
	assert_cite(s, &n.cites[0], "Ibid.", REF_BACK_IBID, "47");
	split("Ibid.", &n);
	assert_cite("Ibid.", &n.cites[0], NULL, REF_BACK_IBID, NULL);
	split("Ibidem, S. 12\xE2\x80\x93" "15.", &n);
	assert_cite(NULL, &n.cites[0], NULL, REF_BACK_IBID, "12-15");
	split("Id. at 5.", &n);
	assert_cite(NULL, &n.cites[0], NULL, REF_BACK_IBID, "5");
	split("Ebd., S. 3.", &n);
	assert_cite(NULL, &n.cites[0], NULL, REF_BACK_IBID, "3");
	split("Chen, op. cit., 12.", &n);
	assert_cite(NULL, &n.cites[0], NULL, REF_BACK_OPCIT, "12");
	assert_str(n.cites[0].author, "Chen");
	split("Müller, a.a.O., S. 99.", &n);
	assert_cite(NULL, &n.cites[0], NULL, REF_BACK_OPCIT, "99");
	assert_str(n.cites[0].author, "Müller");
	split("Chen, loc. cit.", &n);
	assert_int_equal(n.cites[0].back, REF_BACK_OPCIT);
	const char *d = "Ders., Flüsse, S. 7.";
	split(d, &n);
	assert_cite(d, &n.cites[0], "Flüsse", REF_BACK_DERS, "7");
	/* idem before a work of its own is the author, as ders. is; before
	 * a page alone it is ibid. */
	const char *im = "Idem, Futures Past (Cambridge, MA: MIT Press, 1985), 12.";
	split(im, &n);
	assert_cite(im, &n.cites[0], "Futures Past (Cambridge, MA: MIT Press, 1985)",
		    REF_BACK_DERS, "12");
	split("Idem, 14.", &n);
	assert_cite(NULL, &n.cites[0], NULL, REF_BACK_IBID, "14");
	split("Eadem, Women on the Margins, 30.", &n);
	assert_int_equal(n.cites[0].back, REF_BACK_DERS);
	split("Ebd., Kap. 3.", &n);
	assert_int_equal(n.cites[0].back, REF_BACK_IBID);
	/* Italian: "Ivi" is ibid., "cfr." a signal */
	split("Ivi, p. 62; cfr. Volpe, Italia moderna cit., p. 14.", &n);
	assert_int_equal(n.n_cites, 2);
	assert_cite(NULL, &n.cites[0], NULL, REF_BACK_IBID, "62");
	assert_int_equal(n.cites[1].back, REF_BACK_NONE);
	assert_span_equal("Ivi, p. 62; cfr. Volpe, Italia moderna cit., p. 14." + n.cites[1].off,
			  n.cites[1].len, "Volpe, Italia moderna cit.");
	split("Ib\xC3\xAD" "d., p. 9.", &n); /* Spanish */
	assert_cite(NULL, &n.cites[0], NULL, REF_BACK_IBID, "9");
	split("Garc\xC3\xAD" "a, ob. cit., p. 4.", &n);
	assert_cite(NULL, &n.cites[0], NULL, REF_BACK_OPCIT, "4");
	split("Ivied walls of Oxford, 12.", &n);
	assert_int_equal(n.cites[0].back, REF_BACK_NONE);
	/* two back-references in one note */
	split("Ibid., 3; Chen, op. cit., 9.", &n);
	assert_int_equal(n.n_cites, 2);
	assert_int_equal(n.cites[0].back, REF_BACK_IBID);
	assert_int_equal(n.cites[1].back, REF_BACK_OPCIT);
	/* a sentence end before a signal word splits */
	split("Chen, Mao's China, 45. See also Jun, Origins, 12.", &n);
	assert_int_equal(n.n_cites, 2);
	assert_str(n.cites[1].pinpoint, "12");
}

static void test_split_hostile(void **state)
{
	(void)state;
	ref_note n;
	split("", &n);
	assert_int_equal(n.n_cites, 0);
	split(";;;;. . ,,", &n);
	assert_int_equal(n.n_cites, 0);
	size_t big = 100000;
	char *s = malloc(big + 1);
	assert_non_null(s);
	for (size_t i = 0; i < big; i++)
		s[i] = "Ibid., 4; "[i % 10];
	s[big] = 0;
	split(s, &n);
	assert_int_equal(n.n_cites, 256); /* capped */
	free(s);
}

/* Builds a note of hand-labelled citations. */
static void mk(ref_note *n, ref_note_cite *cs, size_t k)
{
	memset(n, 0, sizeof *n);
	n->cites = cs;
	n->n_cites = k;
}

static void cite(ref_note_cite *c, ref_backref back, const char *spec,
		 const char *author, const char *pin)
{
	memset(c, 0, sizeof *c);
	c->back = back;
	c->author = author;
	c->pinpoint = pin;
	if (spec)
		rt_parse(spec, A, &c->cite);
}

static void test_resolve(void **state)
{
	(void)state;
	ref_note notes[6];
	ref_note_cite c0[1], c1[1], c2[2], c3[1], c4[1], c5[2];
	cite(&c0[0], REF_BACK_NONE,
	     "[author Jian Chen,] [title Mao's China] ([place Chapel Hill:] "
	     "[publisher UNC Press,] [date 2001)]", NULL, "45");
	mk(&notes[0], c0, 1);
	cite(&c1[0], REF_BACK_IBID, NULL, NULL, "47");
	mk(&notes[1], c1, 1);
	cite(&c2[0], REF_BACK_NONE,
	     "[author Niu Jun,] [title \"Origins of the Alliance,\"] "
	     "[container-title Cold War History] [volume 1] [date (2001)]", NULL, "3");
	cite(&c2[1], REF_BACK_IBID, NULL, NULL, NULL);
	mk(&notes[2], c2, 2);
	cite(&c3[0], REF_BACK_OPCIT, NULL, "Chen", "12");
	mk(&notes[3], c3, 1);
	cite(&c4[0], REF_BACK_NONE, "[author Chen,] [title Mao's China]", NULL, "50");
	mk(&notes[4], c4, 1);
	cite(&c5[0], REF_BACK_DERS, "[title Origins]", NULL, "9");
	cite(&c5[1], REF_BACK_OPCIT, NULL, "Smith", "1");
	mk(&notes[5], c5, 2);
	ref_notes_resolve(notes, 6);
	/* ibid. → the previous note's citation */
	assert_int_equal(c1[0].target_note, 0);
	assert_int_equal(c1[0].target_cite, 0);
	assert_str(c1[0].cite.title, "Mao's China");
	assert_str(c1[0].pinpoint, "47");
	/* ibid. inside a note → the citation before it in the same note */
	assert_int_equal(c2[1].target_note, 2);
	assert_int_equal(c2[1].target_cite, 0);
	/* op. cit. → the last full citation by Chen */
	assert_int_equal(c3[0].target_note, 0);
	assert_str(c3[0].cite.publisher, "UNC Press");
	assert_str(c3[0].pinpoint, "12");
	/* a short note → the full citation with the same author and title */
	assert_int_equal(c4[0].is_short, 1);
	assert_int_equal(c4[0].target_note, 0);
	assert_int_equal(c4[0].target_cite, 0);
	/* … and stands for it, with its own page */
	assert_str(c4[0].cite.publisher, "UNC Press");
	assert_str(c4[0].pinpoint, "50");
	/* ders. → the previous citation's author (Chen), a work of his
	 * whose title starts "Origins" — none: Niu wrote that one */
	assert_int_equal(c5[0].target_note, -1);
	/* … so it is a new work of Chen's: his name is its author */
	assert_int_equal(c5[0].cite.n_authors, 1);
	assert_str(c5[0].cite.authors[0].family, "Chen");
	assert_true(c5[0].cite.same_authors);
	assert_str(c5[0].cite.title, "Origins");
	/* op. cit. of an author never cited */
	assert_int_equal(c5[1].target_note, -1);
	assert_false(c0[0].is_short);
}

static void test_resolve_ders_and_chain(void **state)
{
	(void)state;
	ref_note notes[4];
	ref_note_cite a[1], b[1], c[1], d[1];
	cite(&a[0], REF_BACK_NONE,
	     "[author Müller, Hans.] [title Flüsse und Städte.] [place Berlin] [date 1990.]",
	     NULL, NULL);
	cite(&b[0], REF_BACK_NONE,
	     "[author Müller, Hans.] [title Brücken.] [place Berlin] [date 1995.]",
	     NULL, NULL);
	cite(&c[0], REF_BACK_DERS, "[title Flüsse]", NULL, "4");
	cite(&d[0], REF_BACK_IBID, NULL, NULL, "5");
	mk(&notes[0], a, 1);
	mk(&notes[1], b, 1);
	mk(&notes[2], c, 1);
	mk(&notes[3], d, 1);
	ref_notes_resolve(notes, 4);
	assert_int_equal(c[0].target_note, 0);
	assert_str(c[0].cite.title, "Flüsse und Städte");
	/* ibid. after a resolved ders. → the same work */
	assert_int_equal(d[0].target_note, 0);
	assert_str(d[0].pinpoint, "5");
}

/* A short title the labeller read as a place ("Lane, Venice") still finds
 * its full citation; a place beside a title is no short note. */
static void test_short_title_as_place(void **state)
{
	(void)state;
	ref_note notes[3];
	ref_note_cite a[1], b[1], c[1];
	cite(&a[0], REF_BACK_NONE,
	     "[author Lane, Frederic C.] [title Venice: A Maritime Republic] [place Baltimore:] "
	     "[publisher Johns Hopkins,] [date 1973.]", NULL, "58");
	cite(&b[0], REF_BACK_NONE, "[author Lane,] [place Venice]", NULL, "60");
	cite(&c[0], REF_BACK_NONE, "[author Lane,] [title Ships] [place Venice]", NULL, "61");
	mk(&notes[0], a, 1);
	mk(&notes[1], b, 1);
	mk(&notes[2], c, 1);
	ref_notes_resolve(notes, 3);
	assert_int_equal(b[0].is_short, 1);
	assert_int_equal(b[0].target_note, 0);
	assert_str(b[0].cite.publisher, "Johns Hopkins");
	assert_str(b[0].pinpoint, "60");
	assert_int_equal(c[0].is_short, 0);
	assert_int_equal(c[0].target_note, -1);
}

/* OSCOLA's "Hughes (n 12) 10" and "supra note 3, at 7": the author's
 * citation in that note, with the page after it. */
static void test_note_xref(void **state)
{
	(void)state;
	ref_note n;
	split("Hughes (n 12) 10.", &n);
	assert_int_equal(n.n_cites, 1);
	assert_int_equal(n.cites[0].back, REF_BACK_NOTE);
	assert_int_equal(n.cites[0].note_ref, 12);
	assert_str(n.cites[0].author, "Hughes");
	assert_str(n.cites[0].pinpoint, "10");
	split("Smith, supra note 3, at 7.", &n);
	assert_int_equal(n.cites[0].back, REF_BACK_NOTE);
	assert_int_equal(n.cites[0].note_ref, 3);
	assert_str(n.cites[0].pinpoint, "7");
	/* no number: not a cross-reference */
	split("Smith (n a) 4.", &n);
	assert_int_not_equal(n.cites[0].back, REF_BACK_NOTE);
	/* resolved: note 1 holds two works, the author picks one */
	ref_note notes[2];
	ref_note_cite a[2], b[1];
	cite(&a[0], REF_BACK_NONE, "[author Kowalska, Zofia,] [title Memory and Ruin] "
	     "[publisher Indiana UP] [date 2020]", NULL, "138");
	cite(&a[1], REF_BACK_NONE, "[author Hughes, Rachel,] [title The Forgotten Archive] "
	     "[container-title The Guardian] [date 2 May 2019]", NULL, "139");
	mk(&notes[0], a, 2);
	cite(&b[0], REF_BACK_NOTE, NULL, "Hughes", "10");
	b[0].note_ref = 1;
	mk(&notes[1], b, 1);
	ref_notes_resolve(notes, 2);
	assert_int_equal(b[0].target_note, 0);
	assert_int_equal(b[0].target_cite, 1);
	assert_str(b[0].cite.container_title, "The Guardian");
	assert_str(b[0].pinpoint, "10");
}

/* Cited again by the author alone ("Hughes, p. 10", read as a publisher)
 * or by names read as a title ("Alvarez and Whitfield"); op. cit. after
 * the author and a title ("E. Marlowe, The Salt Roads…, op. cit."). */
static void test_bare_and_opcit_with_title(void **state)
{
	(void)state;
	ref_note notes[5];
	ref_note_cite a[1], b[1], c[1], d[1], e[1];
	cite(&a[0], REF_BACK_NONE, "[author Hughes, Rachel,] [title The Forgotten Archive] "
	     "[container-title The Guardian] [date 2 May 2019]", NULL, "139");
	cite(&b[0], REF_BACK_NONE, "[author Carmen Alvarez and Owen Whitfield,] [title Land "
	     "Titles] [publisher NBER,] [date 2018]", NULL, "94");
	cite(&c[0], REF_BACK_NONE, "[publisher Hughes]", NULL, "10");
	cite(&d[0], REF_BACK_NONE, "[title Alvarez and Whitfield]", NULL, "206");
	cite(&e[0], REF_BACK_OPCIT, NULL, "R. Hughes, The Forgotten Archive…,", "41");
	mk(&notes[0], a, 1);
	mk(&notes[1], b, 1);
	mk(&notes[2], c, 1);
	mk(&notes[3], d, 1);
	mk(&notes[4], e, 1);
	ref_notes_resolve(notes, 5);
	assert_int_equal(c[0].target_note, 0);
	assert_int_equal(c[0].is_short, 1);
	assert_str(c[0].cite.container_title, "The Guardian");
	assert_int_equal(d[0].target_note, 1);
	assert_str(d[0].cite.publisher, "NBER");
	assert_int_equal(e[0].target_note, 0);
	assert_str(e[0].pinpoint, "41");
}

/* A text's notes carry their numbers ("3. Ibid.", "^1 Ruskin"): not a
 * citation of their own; a year is no note number. */
static void test_note_numbers(void **state)
{
	(void)state;
	ref_note n;
	split("3. Ibid., 140-142.", &n);
	assert_int_equal(n.n_cites, 1);
	assert_int_equal(n.cites[0].back, REF_BACK_IBID);
	assert_str(n.cites[0].pinpoint, "140-142");
	split("^1 Ibid., 71.", &n);
	assert_int_equal(n.n_cites, 1);
	assert_int_equal(n.cites[0].back, REF_BACK_IBID);
	split("[12] Ibid., 5.", &n);
	assert_int_equal(n.cites[0].back, REF_BACK_IBID);
	/* four digits: the text's own, not a number */
	split("1998 Annual Report, 4.", &n);
	assert_int_equal(n.n_cites, 1);
	assert_int_equal(n.cites[0].off, 0);
}

/* Short notes of a notes-and-bibliography paper point to the list:
 * "Paxton, The Forth Bridge, 14" names the list's Paxton entry, and an
 * ibid. after it stands for that entry too. */
static void test_notes_to_list(void **state)
{
	(void)state;
	ref_citation entries[4];
	int is_note[4] = {0, 0, 1, 1};
	rt_parse("[author Addis, Bill.] [title Building.] [place London:] [publisher "
		 "Phaidon,] [date 2007.]", A, &entries[0]);
	rt_parse("[editor Paxton, Roland, ed.] [title The Forth Bridge: A Centenary "
		 "History.] [place Edinburgh:] [publisher Telford,] [date 1990.]", A, &entries[1]);
	ref_note notes[4];
	memset(notes, 0, sizeof notes);
	ref_note_cite a[1], b[1];
	cite(&a[0], REF_BACK_NONE, "[author Paxton,] [title The Forth Bridge]", NULL, "14");
	a[0].target_note = a[0].target_cite = -1;
	cite(&b[0], REF_BACK_IBID, NULL, NULL, "15");
	mk(&notes[2], a, 1);
	mk(&notes[3], b, 1);
	b[0].target_note = 2; /* ref_notes_resolve: the note before */
	b[0].target_cite = 0;
	ref_notes_to_list(notes, entries, is_note, 4);
	assert_int_equal(a[0].target_note, 1);
	assert_int_equal(a[0].is_short, 1);
	assert_str(a[0].cite.publisher, "Telford");
	assert_str(a[0].pinpoint, "14");
	assert_int_equal(b[0].target_note, 1);
	assert_str(b[0].cite.publisher, "Telford");
	assert_str(b[0].pinpoint, "15");
	/* a full note of a listed work points to the entry and keeps its
	 * own fields; one of an unlisted work points nowhere */
	ref_note notes2[4];
	memset(notes2, 0, sizeof notes2);
	ref_note_cite c[2];
	cite(&c[0], REF_BACK_NONE, "[author Bill Addis,] [title Building] [place (London:] "
	     "[publisher Phaidon Press,] [date 2007),]", NULL, "402");
	cite(&c[1], REF_BACK_NONE, "[author Bill Addis,] [title Bridges] [place (London:] "
	     "[publisher Phaidon,] [date 2009),]", NULL, "3");
	c[0].target_note = c[0].target_cite = c[1].target_note = c[1].target_cite = -1;
	mk(&notes2[2], c, 2);
	ref_notes_to_list(notes2, entries, is_note, 4);
	assert_int_equal(c[0].target_note, 0);
	assert_int_equal(c[0].is_short, 0);
	assert_str(c[0].cite.publisher, "Phaidon Press");
	assert_int_equal(c[1].target_note, -1);
}

/* A short title leaves out the full title's article ("Die Hanse und
 * Europa" → "Hanse und Europa"). */
static void test_short_title_without_article(void **state)
{
	(void)state;
	ref_note notes[2];
	ref_note_cite a[1], b[1];
	cite(&a[0], REF_BACK_NONE,
	     "[author Hammel-Kiesow, Rolf,] [title „Die Hanse und Europa“,] "
	     "[container-title Hansische Geschichtsblätter] [volume 120] [date (2002)]",
	     NULL, "12");
	cite(&b[0], REF_BACK_NONE, "[author Hammel-Kiesow,] [title Hanse und Europa]", NULL, "14");
	mk(&notes[0], a, 1);
	mk(&notes[1], b, 1);
	ref_notes_resolve(notes, 2);
	assert_int_equal(b[0].is_short, 1);
	assert_int_equal(b[0].target_note, 0);
	assert_str(b[0].cite.container_title, "Hansische Geschichtsblätter");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_two),
		cmocka_unit_test(test_split_commentary),
		cmocka_unit_test(test_split_backrefs),
		cmocka_unit_test(test_split_hostile),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_resolve_ders_and_chain),
		cmocka_unit_test(test_split_and_prose),
		cmocka_unit_test(test_short_title_as_place),
		cmocka_unit_test(test_short_title_without_article),
		cmocka_unit_test(test_note_numbers),
		cmocka_unit_test(test_notes_to_list),
		cmocka_unit_test(test_note_xref),
		cmocka_unit_test(test_bare_and_opcit_with_title),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
