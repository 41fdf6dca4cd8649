/*
 * test_fields.c — fields.c: names, dates, volume/issue, pages, DOI, URL,
 * ISBN and the entry's type, from hand-labelled references.
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

/* Names of s parsed; asserts the count. */
static ref_name *names(const char *s, size_t want, int *etal)
{
	ref_name *n = NULL;
	int e = 0;
	size_t k = ref_parse_names(s, strlen(s), A, &n, &e);
	if (k != want) {
		print_error("%s: %zu names, want %zu\n", s, k, want);
		fail();
	}
	if (etal)
		*etal = e;
	return n;
}

static void check_name(const ref_name *n, const char *family,
		       const char *given, const char *particle,
		       const char *suffix)
{
	assert_str(n->family, family);
	assert_str(n->given, given);
	assert_str(n->particle, particle);
	assert_str(n->suffix, suffix);
	assert_null(n->literal);
}

static void test_names_inverted(void **state)
{
	(void)state;
	check_name(names("Chen, Jian.", 1, NULL), "Chen", "Jian", NULL, NULL);
	check_name(names("Jun, Niu", 1, NULL), "Jun", "Niu", NULL, NULL);
	check_name(names("van der Berg, J.", 1, NULL), "Berg", "J.", "van der",
		   NULL);
	check_name(names("de Gaulle, Charles", 1, NULL), "Gaulle", "Charles",
		   "de", NULL);
	check_name(names("De Gaulle, Charles", 1, NULL), "De Gaulle", "Charles",
		   NULL, NULL);
	check_name(names("Smith Jr., John", 1, NULL), "Smith", "John", NULL,
		   "Jr.");
	check_name(names("Smith, John, Jr.", 1, NULL), "Smith", "John", NULL,
		   "Jr.");
	check_name(names("Smith, Jr., John", 1, NULL), "Smith", "John", NULL,
		   "Jr.");
	check_name(names("Berg, J. van der", 1, NULL), "Berg", "J.", "van der",
		   NULL);
}

/* An entry's number or a separator left before the first name. */
static void test_names_entry_number(void **state)
{
	(void)state;
	ref_name *n = names("23.van den Hout JH, Vlaeyen JW", 2, NULL);
	check_name(&n[0], "Hout", "JH", "van den", NULL);
	check_name(names("5-Decq P", 1, NULL), "Decq", "P", NULL, NULL);
	check_name(names("5,6-Ando S", 1, NULL), "Ando", "S", NULL, NULL);
	check_name(names("[3]Ait Taleb K", 1, NULL), "Ait Taleb", "K", NULL, NULL);
	check_name(names("51. Lee T", 1, NULL), "Lee", "T", NULL, NULL);
	check_name(names(": Marini Calvani M", 1, NULL), "Marini Calvani", "M", NULL, NULL);
	/* digits that belong to the name */
	ref_name *c = names("3M Company", 1, NULL);
	assert_string_equal(c[0].literal, "3M Company");
}

static void test_names_given_first(void **state)
{
	(void)state;
	check_name(names("Jian Chen", 1, NULL), "Chen", "Jian", NULL, NULL);
	check_name(names("J. van der Berg", 1, NULL), "Berg", "J.", "van der",
		   NULL);
	check_name(names("J.-P. Sartre", 1, NULL), "Sartre", "J.-P.", NULL,
		   NULL);
	check_name(names("Charles de Gaulle", 1, NULL), "Gaulle", "Charles",
		   "de", NULL);
	check_name(names("John Smith Jr.", 1, NULL), "Smith", "John", NULL,
		   "Jr.");
	check_name(names("Plato", 1, NULL), "Plato", NULL, NULL, NULL);
}

static void test_names_lists(void **state)
{
	(void)state;
	ref_name *n = names("Chen, Jian; Jun, Niu", 2, NULL);
	check_name(&n[0], "Chen", "Jian", NULL, NULL);
	check_name(&n[1], "Jun", "Niu", NULL, NULL);
	/* a "/" standing alone parts names as ";" does; one inside a word
	 * does not */
	n = names("Massaut, Jean-Pierre / Hennau, Marie-Elisabeth", 2, NULL);
	check_name(&n[0], "Massaut", "Jean-Pierre", NULL, NULL);
	check_name(&n[1], "Hennau", "Marie-Elisabeth", NULL, NULL);
	n = names("Massaut, J.-P. / Hennau, M.-E. / Lauwers, M.", 3, NULL);
	check_name(&n[2], "Lauwers", "M.", NULL, NULL);
	n = names("Jean-Pierre Massaut / Marie-Elisabeth Hennau", 2, NULL);
	check_name(&n[1], "Hennau", "Marie-Elisabeth", NULL, NULL);
	names("Rossi, Mario / ", 1, NULL);
	n = names("Hinz, A. /Katzenbach, D./ Rauer, W.", 3, NULL);
	check_name(&n[0], "Hinz", "A.", NULL, NULL);
	check_name(&n[1], "Katzenbach", "D.", NULL, NULL);
	check_name(&n[2], "Rauer", "W.", NULL, NULL);
	names("/ / /", 0, NULL);
	/* role phrases in Spanish and French go */
	n = names("sous la direction de Éric Crubézy", 1, NULL);
	check_name(&n[0], "Crubézy", "Éric", NULL, NULL);
	n = names("Ed. por María López", 1, NULL);
	check_name(&n[0], "López", "María", NULL, NULL);
	n = names("édité par Sandro Gasparri et Cristina La Rocca", 2, NULL);
	check_name(&n[0], "Gasparri", "Sandro", NULL, NULL);
	n = names("Chen, Jian, and Jun Niu", 2, NULL);
	check_name(&n[0], "Chen", "Jian", NULL, NULL);
	check_name(&n[1], "Niu", "Jun", NULL, NULL);
	n = names("Chen, Jian, Jun Niu, and Li Wei", 3, NULL);
	check_name(&n[1], "Niu", "Jun", NULL, NULL);
	check_name(&n[2], "Wei", "Li", NULL, NULL);
	n = names("Smith, J., Doe, A., & Lee, K.", 3, NULL);
	check_name(&n[0], "Smith", "J.", NULL, NULL);
	check_name(&n[1], "Doe", "A.", NULL, NULL);
	check_name(&n[2], "Lee", "K.", NULL, NULL);
	n = names("Jian Chen and Jun Niu", 2, NULL);
	check_name(&n[0], "Chen", "Jian", NULL, NULL);
	check_name(&n[1], "Niu", "Jun", NULL, NULL);
	n = names("Jian Chen, Jun Niu", 2, NULL);
	check_name(&n[0], "Chen", "Jian", NULL, NULL);
	check_name(&n[1], "Niu", "Jun", NULL, NULL);
	n = names("Müller, Hans und Schmidt, Eva", 2, NULL);
	check_name(&n[1], "Schmidt", "Eva", NULL, NULL);
	n = names("Dupont, Marie et Pierre Martin", 2, NULL);
	check_name(&n[1], "Martin", "Pierre", NULL, NULL);
	/* a dash standing alone between names, as Italian lists are set */
	n = names("C. Bologna – P. Boitani – A. Cipolla – M.A. Liborio (a c. di)", 4, NULL);
	check_name(&n[0], "Bologna", "C.", NULL, NULL);
	check_name(&n[1], "Boitani", "P.", NULL, NULL);
	check_name(&n[3], "Liborio", "M.A.", NULL, NULL);
	n = names("H.R. Runte – R. Runte (edd.)", 2, NULL);
	check_name(&n[1], "Runte", "R.", NULL, NULL);
	/* a hyphenated name is one name */
	n = names("Jean-Pierre Devroey", 1, NULL);
	check_name(&n[0], "Devroey", "Jean-Pierre", NULL, NULL);
	/* a given name alone before a whole name: one family for both */
	n = names("Willa and Edwin Muir", 2, NULL);
	check_name(&n[0], "Muir", "Willa", NULL, NULL);
	check_name(&n[1], "Muir", "Edwin", NULL, NULL);
	n = names("John and Anne Tedeschi", 2, NULL);
	check_name(&n[0], "Tedeschi", "John", NULL, NULL);
	n = names("Marie et Pierre de Vries", 2, NULL);
	check_name(&n[0], "Vries", "Marie", "de", NULL);
	/* … not two family names, an initial, an inverted name or an
	 * organisation */
	n = names("Plato and Aristotle", 2, NULL);
	check_name(&n[0], "Plato", NULL, NULL, NULL);
	n = names("Smith and J. Jones", 2, NULL);
	check_name(&n[0], "Smith", NULL, NULL, NULL);
	n = names("Muir, Willa and Edwin Muir", 2, NULL);
	check_name(&n[0], "Muir", "Willa", NULL, NULL);
	n = names("Draper and Kramer, and The Community Builders", 3, NULL);
	check_name(&n[1], "Kramer", NULL, NULL, NULL);
	n = names("OECD and Jean Martin", 2, NULL);
	check_name(&n[0], "OECD", NULL, NULL, NULL);
	check_name(&n[1], "Martin", "Jean", NULL, NULL);
	n = names("Smith – Anne Jones", 2, NULL);
	check_name(&n[0], "Smith", NULL, NULL, NULL);
}

/* French and other humanities forms: the family in capitals first, the
 * given name in brackets; roles in brackets dropped, their comma kept. */
static void test_names_french(void **state)
{
	(void)state;
	ref_name *n = names("BLOCH (Marc)", 1, NULL);
	check_name(&n[0], "BLOCH", "Marc", NULL, NULL);
	n = names("Bugnon (A.-L.), Richard (J.)", 2, NULL);
	check_name(&n[0], "Bugnon", "A.-L.", NULL, NULL);
	check_name(&n[1], "Richard", "J.", NULL, NULL);
	n = names("LE ROY LADURIE Emmanuel", 1, NULL);
	check_name(&n[0], "LE ROY LADURIE", "Emmanuel", NULL, NULL);
	n = names("CHEDEVILLE Andr\xC3\xA9 et GUILLOTEL Hubert", 2, NULL);
	check_name(&n[0], "CHEDEVILLE", "Andr\xC3\xA9", NULL, NULL);
	check_name(&n[1], "GUILLOTEL", "Hubert", NULL, NULL);
	n = names("\xC3\x89LIAS Norbert", 1, NULL);
	check_name(&n[0], "\xC3\x89LIAS", "Norbert", NULL, NULL);
	/* initials first, an acronym, a pseudonym's real name: not so */
	n = names("DA Alexander", 1, NULL);
	check_name(&n[0], "Alexander", "DA", NULL, NULL);
	n = names("M.S.A Horstwood", 1, NULL);
	check_name(&n[0], "Horstwood", "M.S.A", NULL, NULL);
	n = names("Decision Assistance (SADA)", 1, NULL);
	assert_string_not_equal(n[0].given, "SADA");
	n = names("ALICE Collaboration", 1, NULL);
	assert_str(n[0].literal, "ALICE Collaboration");
	/* a role in brackets goes; its comma still parts the names */
	n = names("D.R. Olson, N. Torrance (eds.), ", 2, NULL);
	check_name(&n[1], "Torrance", "N.", NULL, NULL);
	n = names("Smith, J. (Ed.), Jones, K.", 2, NULL);
	check_name(&n[1], "Jones", "K.", NULL, NULL);
	n = names("Marshall, F. (Producers), & Fincher, D. (Director)", 2, NULL);
	check_name(&n[0], "Marshall", "F.", NULL, NULL);
	check_name(&n[1], "Fincher", "D.", NULL, NULL);
	n = names("Becker V (Hrsg)", 1, NULL);
	check_name(&n[0], "Becker", "V", NULL, NULL);
	/* an initial of another script or with an accent keeps its period */
	n = names("\xD0\x9B\xD0\xBE\xD1\x82\xD0\xBC\xD0\xB0\xD0\xBD \xD0\xAE. \xD0\x9C.", 1, NULL);
	check_name(&n[0], "\xD0\x9B\xD0\xBE\xD1\x82\xD0\xBC\xD0\xB0\xD0\xBD", "\xD0\xAE. \xD0\x9C.",
		   NULL, NULL);
	n = names("Troadec, \xC3\x89.", 1, NULL);
	check_name(&n[0], "Troadec", "\xC3\x89.", NULL, NULL);
}

/* ISO 690 prints the family in capitals, inverted for the first name
 * and often for all, or after the given names: the capitals say where
 * the family begins. */
static void test_names_caps_family(void **state)
{
	(void)state;
	ref_name *n = names("FERN\xC3\x81NDEZ OLMEDO, Ana Isabel", 1, NULL);
	check_name(&n[0], "FERN\xC3\x81NDEZ OLMEDO", "Ana Isabel", NULL, NULL);
	n = names("CORBETT, Helena Marsh und Pieter DE WIT", 2, NULL);
	check_name(&n[1], "DE WIT", "Pieter", NULL, NULL);
	n = names("VILLALBA ECHEVERR\xC3\x8D" "A, Tom\xC3\xA1s y Ana RUIZ", 2, NULL);
	check_name(&n[0], "VILLALBA ECHEVERR\xC3\x8D" "A", "Tom\xC3\xA1s", NULL, NULL);
	check_name(&n[1], "RUIZ", "Ana", NULL, NULL);
	/* initials in capitals stay given names; a particle opens the family */
	n = names("SCHELLEKENS, Gerard A., Ben AW DE JONG, Frank HJ VAN DEN HOOGEN", 3, NULL);
	check_name(&n[1], "DE JONG", "Ben AW", NULL, NULL);
	check_name(&n[2], "VAN DEN HOOGEN", "Frank HJ", NULL, NULL);
	/* "/" before a particle that opens the next family */
	n = names("Corbett, Helena Marsh/de Wit, Pieter", 2, NULL);
	check_name(&n[1], "Wit", "Pieter", "de", NULL);
	/* Czech "a" between two such names */
	n = names("WILLIAMS, Frank, Soumya RAYCHAUDHURI a Anne BARTON", 3, NULL);
	check_name(&n[1], "RAYCHAUDHURI", "Soumya", NULL, NULL);
	check_name(&n[2], "BARTON", "Anne", NULL, NULL);
	/* dotted initials before a family of two words in capitals:
	 * ISO 690's Spanish compound families */
	n = names("I. MONTERO CA\xC3\x91IZARES y F. de AGUILAR", 2, NULL);
	check_name(&n[0], "MONTERO CA\xC3\x91IZARES", "I.", NULL, NULL);
	/* all in capitals, one word after initials, or a suffix after
	 * Vancouver's initials: not so */
	n = names("JOHN WILLIAM SMITH", 1, NULL);
	check_name(&n[0], "SMITH", "JOHN WILLIAM", NULL, NULL);
	n = names("H. J. WILLIAMS", 1, NULL);
	check_name(&n[0], "WILLIAMS", "H. J.", NULL, NULL);
	n = names("Fowler AA III", 1, NULL);
	check_name(&n[0], "Fowler", "AA", NULL, "III");
	n = names("Ortega y Gasset, Jos\xC3\xA9", 1, NULL);
	check_name(&n[0], "Ortega y Gasset", "Jos\xC3\xA9", NULL, NULL);
}

static void test_names_vancouver(void **state)
{
	(void)state;
	ref_name *n = names("Smith J, Doe A", 2, NULL);
	check_name(&n[0], "Smith", "J", NULL, NULL);
	check_name(&n[1], "Doe", "A", NULL, NULL);
	n = names("Smith JA, van der Berg K, Lee KM.", 3, NULL);
	check_name(&n[0], "Smith", "JA", NULL, NULL);
	check_name(&n[1], "Berg", "K", "van der", NULL);
	check_name(&n[2], "Lee", "KM", NULL, NULL);
}

static void test_names_et_al_roles(void **state)
{
	(void)state;
	int etal = 0;
	ref_name *n = names("Smith, J., et al.", 1, &etal);
	check_name(&n[0], "Smith", "J.", NULL, NULL);
	assert_int_equal(etal, 1);
	n = names("Müller, H. u.a.", 1, &etal);
	assert_int_equal(etal, 1);
	n = names("Smith J, Doe A, et al", 2, &etal);
	assert_int_equal(etal, 1);
	n = names("Jian Chen", 1, &etal);
	assert_int_equal(etal, 0);
	/* "et al." inverted by a reference manager */
	n = names("Fertleman, C., Parker, K., & al., e.", 2, &etal);
	assert_int_equal(etal, 1);
	check_name(&n[1], "Parker", "K.", NULL, NULL);
	n = names("Goldberg, Y., & al, e.", 1, &etal);
	assert_int_equal(etal, 1);
	const char *nal = "Rossi, M., al, Bianchi, L.";
	ref_parse_names(nal, strlen(nal), A, &n, &etal);
	assert_int_equal(etal, 0); /* "al," not before a last "e." */
	n = names("edited by Jian Chen and Jun Niu", 2, NULL);
	check_name(&n[0], "Chen", "Jian", NULL, NULL);
	n = names("Chen, Jian (ed.)", 1, NULL);
	check_name(&n[0], "Chen", "Jian", NULL, NULL);
	n = names("Jian Chen, eds.", 1, NULL);
	check_name(&n[0], "Chen", "Jian", NULL, NULL);
	n = names("Müller, Hans (Hrsg.)", 1, NULL);
	check_name(&n[0], "Müller", "Hans", NULL, NULL);
	n = names("trans. Jun Niu", 1, NULL);
	check_name(&n[0], "Niu", "Jun", NULL, NULL);
	n = names("Edited and translated by Donald Smith", 1, NULL);
	check_name(&n[0], "Smith", "Donald", NULL, NULL);
	n = names("Basil Creighton; revised by Joseph Mileck", 2, NULL);
	check_name(&n[1], "Mileck", "Joseph", NULL, NULL);
	/* a list's final period gone, the role word still goes */
	n = names("Brown, Peter, ed.", 1, NULL);
	check_name(&n[0], "Brown", "Peter", NULL, NULL);
	n = names("Jian Chen, ed", 1, NULL);
	check_name(&n[0], "Chen", "Jian", NULL, NULL);
	/* roles of several words, in brackets */
	n = names("Rossi, Mario (a cura di)", 1, NULL);
	check_name(&n[0], "Rossi", "Mario", NULL, NULL);
	n = names("M. Rossi (a cura di),", 1, NULL);
	check_name(&n[0], "Rossi", "M.", NULL, NULL);
	n = names("G. Camassa (a c. di)", 1, NULL);
	check_name(&n[0], "Camassa", "G.", NULL, NULL);
	/* the bracket around names and role, whichever end the role takes */
	n = names("(ed. Colin Brown),", 1, NULL);
	check_name(&n[0], "Brown", "Colin", NULL, NULL);
	n = names("(G. Geymonat, ed.)", 1, NULL);
	check_name(&n[0], "Geymonat", "G.", NULL, NULL);
	n = names("(A. Poole and F. Gill, eds.).", 2, NULL);
	check_name(&n[1], "Gill", "F.", NULL, NULL);
	n = names("(translated by Douglas Martin)", 1, NULL);
	check_name(&n[0], "Martin", "Douglas", NULL, NULL);
	/* Vancouver's role words, in lower case after the list */
	n = names("Denton RH, Fairweather I, editors.", 2, NULL);
	check_name(&n[1], "Fairweather", "I", NULL, NULL);
	n = names("In D. S. Touretzky, editor,", 1, NULL);
	check_name(&n[0], "Touretzky", "D. S.", NULL, NULL);
	/* initials, then a family of several words with a particle inside
	 * or a capitalised one first: the family as written; without one,
	 * the middle name is given; a lower-case particle first stays one */
	n = names("M. \xc3\x81. P\xc3\xa9rez de Z\xc3\xa1rate and C. De Rosa", 2, NULL);
	check_name(&n[0], "P\xc3\xa9rez de Z\xc3\xa1rate", "M. \xc3\x81.", NULL, NULL);
	check_name(&n[1], "De Rosa", "C.", NULL, NULL);
	n = names("Y.-M. Le Bihan", 1, NULL);
	check_name(&n[0], "Le Bihan", "Y.-M.", NULL, NULL);
	n = names("W. Bruce Croft and B. van der Pol", 2, NULL);
	check_name(&n[0], "Croft", "W. Bruce", NULL, NULL);
	check_name(&n[1], "Pol", "B.", "van der", NULL);
	/* Spanish "y", Italian "e" and capitals' "AND" between names; a
	 * particle in capitals opens the family ("DE ROSA, C.") */
	n = names("CASTELLAN, N. y HOLLOWAY, P.J.", 2, NULL);
	check_name(&n[0], "CASTELLAN", "N.", NULL, NULL);
	check_name(&n[1], "HOLLOWAY", "P.J.", NULL, NULL);
	n = names("H. Fensterheim e H.G. Birch", 2, NULL);
	check_name(&n[0], "Fensterheim", "H.", NULL, NULL);
	n = names("Ortega y Gasset, Jos\xc3\xa9", 1, NULL);
	check_name(&n[0], "Ortega y Gasset", "Jos\xc3\xa9", NULL, NULL);
	n = names("CONKLIN, J. AND BEGEMAN, M. L.", 2, NULL);
	check_name(&n[1], "BEGEMAN", "M. L.", NULL, NULL);
	/* Vancouver with a suffix or a particle after the initials, and
	 * initials of any script */
	n = names("Whitfield JC Jr, Kessel D von, P\xc3\xa9rez de Z\xc3\xa1rate M\xc3\x81", 3, NULL);
	check_name(&n[0], "Whitfield", "JC", NULL, "Jr");
	check_name(&n[1], "Kessel", "D", "von", NULL);
	check_name(&n[2], "P\xc3\xa9rez de Z\xc3\xa1rate", "M\xc3\x81", NULL, NULL);
	n = names("DE ROSA, C.", 1, NULL);
	check_name(&n[0], "DE ROSA", "C.", NULL, NULL);
	n = names("En: K. ASHWORTH-LEE (ed.)", 1, NULL);
	check_name(&n[0], "ASHWORTH-LEE", "K.", NULL, NULL);
	/* "/" between names with no space (Deutsche Sprache), not inside a
	 * bracket or before capitals; a lone ":" of "In :" */
	n = names("Crane, Alastair/Raman, Priya", 2, NULL);
	check_name(&n[1], "Raman", "Priya", NULL, NULL);
	n = names("California Environmental Protection Agency (Cal/EPA)", 1, NULL);
	assert_str(n[0].literal, "California Environmental Protection Agency (Cal/EPA)");
	n = names(": ORMSBY, Judith et VAN DER LINDE, Conrad (\xc3\xa9" "d.)", 2, NULL);
	check_name(&n[0], "ORMSBY", "Judith", NULL, NULL);
	/* the names end before "as" (the translation's own title follows) */
	n = names("Translated by John and Doreen Weightman as Tristes Tropiques", 2, NULL);
	check_name(&n[0], "Weightman", "John", NULL, NULL);
	check_name(&n[1], "Weightman", "Doreen", NULL, NULL);
}

static void test_names_corporate(void **state)
{
	(void)state;
	ref_name *n = names("Woodrow Wilson International Center for Scholars",
			    1, NULL);
	assert_str(n[0].literal,
		   "Woodrow Wilson International Center for Scholars");
	assert_null(n[0].family);
	n = names("World Bank.", 1, NULL);
	assert_str(n[0].literal, "World Bank");
	n = names("Department of Health and Human Services", 1, NULL);
	assert_str(n[0].literal, "Department of Health and Human Services");
	n = names("OECD", 1, NULL);
	assert_str(n[0].literal, "OECD");
	n = names("Health and Retirement Study", 1, NULL);
	assert_str(n[0].literal, "Health and Retirement Study");
	/* an organisation among persons named by initials: each apart */
	n = names("STAR Collaboration, J. Adams and K. Smith", 3, NULL);
	check_name(&n[2], "Smith", "K.", NULL, NULL);
	n = names("STAR Collaboration, J. Adams", 2, NULL);
	assert_str(n[0].literal, "STAR Collaboration");
	check_name(&n[1], "Adams", "J.", NULL, NULL);
	/* other languages' institutions, German compounds by their ends */
	n = names("Arbeitskreis Kommunalarchive Niedersachsen", 1, NULL);
	assert_str(n[0].literal, "Arbeitskreis Kommunalarchive Niedersachsen");
	n = names("Landesverband Niedersachsen", 1, NULL);
	assert_str(n[0].literal, "Landesverband Niedersachsen");
	n = names("Seminario de Historia Colonial", 1, NULL);
	assert_str(n[0].literal, "Seminario de Historia Colonial");
	n = names("ARBEITSKREIS KOMMUNALARCHIVE NIEDERSACHSEN", 1, NULL);
	assert_str(n[0].literal, "ARBEITSKREIS KOMMUNALARCHIVE NIEDERSACHSEN");
	n = names("Hans Samt", 1, NULL); /* an end, but too short for a compound */
	check_name(&n[0], "Samt", "Hans", NULL, NULL);
	n = names("NIST Mass Spec Data Center, Stein, S. E.", 2, NULL);
	assert_str(n[0].literal, "NIST Mass Spec Data Center");
	check_name(&n[1], "Stein", "S. E.", NULL, NULL);
	n = names("R. Diener, LCTPC Collaboration", 2, NULL);
	check_name(&n[0], "Diener", "R.", NULL, NULL);
	assert_str(n[1].literal, "LCTPC Collaboration");
	n = names("U.S. Department of the Interior, National Park Service", 1, NULL);
	assert_str(n[0].literal, "U.S. Department of the Interior, National Park Service");
	n = names("World Bank; Chen, Jian", 2, NULL);
	assert_str(n[0].literal, "World Bank");
	check_name(&n[1], "Chen", "Jian", NULL, NULL);
}

static void test_names_hostile(void **state)
{
	(void)state;
	ref_name *n = NULL;
	int e;
	assert_int_equal(ref_parse_names("", 0, A, &n, &e), 0);
	assert_int_equal(ref_parse_names(",,;; & and", 10, A, &n, &e), 0);
	/* a long list stays bounded and linear */
	size_t big = 200000;
	char *s = malloc(big + 1);
	assert_non_null(s);
	for (size_t i = 0; i < big; i++)
		s[i] = "Ab, C. "[i % 7];
	s[big] = 0;
	size_t k = ref_parse_names(s, big, A, &n, &e);
	assert_true(k > 0 && k <= 1000);
	free(s);
}

static void check_date(const char *s, int y, int m, int d)
{
	ref_date dt;
	ref_parse_date(s, strlen(s), A, &dt);
	if (dt.year != y || dt.month != m || dt.day != d) {
		print_error("%s: %d-%d-%d want %d-%d-%d\n", s, dt.year, dt.month,
			    dt.day, y, m, d);
		fail();
	}
}

static void test_dates(void **state)
{
	(void)state;
	check_date("1 Jun. 1992", 1992, 6, 1);
	check_date("30 March 2003", 2003, 3, 30);
	check_date("March 30, 2003", 2003, 3, 30);
	check_date("2003-03-30", 2003, 3, 30);
	check_date("2003-03", 2003, 3, 0);
	check_date("(2001).", 2001, 0, 0);
	check_date("30.03.2003", 2003, 3, 30);
	check_date("Sept. 2010", 2010, 9, 0);
	check_date("12. März 1920", 1920, 3, 12);
	check_date("1er juillet 1789", 1789, 7, 1);
	check_date("Spring 2003", 2003, 0, 0);
	ref_date d;
	ref_parse_date("1998a", 5, A, &d);
	assert_int_equal(d.year, 1998);
	assert_str(d.suffix, "a");
	ref_parse_date("n.d.", 4, A, &d);
	assert_int_equal(d.year, 0);
	assert_str(d.literal, "n.d.");
	ref_parse_date("o. J.", 5, A, &d);
	assert_str(d.literal, "n.d.");
	/* no place or publisher before it: still no date */
	ref_parse_date("n.p., n.d.", 10, A, &d);
	assert_str(d.literal, "n.d.");
	ref_parse_date("s.l.n.d.", 8, A, &d);
	assert_str(d.literal, "n.d.");
	ref_parse_date("o.O. o.J.", 9, A, &d);
	assert_str(d.literal, "n.d.");
	ref_parse_date("n.p.", 4, A, &d);
	assert_true(!d.literal || strcmp(d.literal, "n.d.") != 0);
	ref_parse_date("sl np", 5, A, &d);
	assert_true(!d.literal || strcmp(d.literal, "n.d.") != 0);
	ref_parse_date("[1905]", 6, A, &d);
	assert_int_equal(d.year, 1905);
	assert_int_equal(d.circa, 1);
	ref_parse_date("c. 1905", 7, A, &d);
	assert_int_equal(d.year, 1905);
	assert_int_equal(d.circa, 1);
	ref_parse_date("ca. 1905", 8, A, &d);
	assert_int_equal(d.circa, 1);
	ref_parse_date("1990\xE2\x80\x93" "1995", 11, A, &d);
	assert_int_equal(d.year, 1990);
	assert_int_equal(d.end_year, 1995);
	ref_parse_date("1990-95", 7, A, &d);
	assert_int_equal(d.end_year, 1995);
	ref_parse_date("2001", 4, A, &d);
	assert_int_equal(d.circa, 0);
	assert_int_equal(d.end_year, 0);
	assert_null(d.suffix);
	ref_parse_date("forthcoming", 11, A, &d);
	assert_int_equal(d.year, 0);
	assert_str(d.literal, "forthcoming");
	ref_parse_date("", 0, A, &d);
	assert_int_equal(d.year, 0);
	assert_null(d.literal);
	/* a month run into its year, a slipped period, a range of days or months */
	check_date("Aug2013", 2013, 8, 0);
	check_date("Jun.1996.", 1996, 6, 0);
	check_date(".2002 ,", 2002, 0, 0);
	check_date("Jan .2014", 2014, 1, 0);
	const char *r = "October 24\xE2\x80\x93" "29, 2010";
	ref_parse_date(r, strlen(r), A, &d);
	assert_int_equal(d.day, 24);
	assert_int_equal(d.end_year, 2010);
	assert_int_equal(d.end_month, 10);
	assert_int_equal(d.end_day, 29);
	ref_parse_date("Aug.-Sept.1961", 14, A, &d);
	assert_int_equal(d.month, 8);
	assert_int_equal(d.end_month, 9);
	assert_int_equal(d.end_year, 1961);
	/* "D.C." is no circa; "Augusta2013" no month */
	ref_parse_date("D .C.,January 2006", 18, A, &d);
	assert_int_equal(d.circa, 0);
	assert_int_equal(d.month, 1);
	ref_parse_date("Augusta2013x", 12, A, &d);
	assert_int_equal(d.year, 0);
}

static void test_title_year_not_date(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[author Chen, Jian.] [title Mao's China and the Cold War, "
		 "1945\xE2\x80\x93" "1963.] [place Chapel Hill:] "
		 "[publisher University of North Carolina Press,] [date 2001.]",
		 A, &c);
	assert_int_equal(c.issued.year, 2001);
	assert_int_equal(c.issued.end_year, 0);
	assert_str(c.title, "Mao's China and the Cold War, 1945\xE2\x80\x93" "1963");
	assert_str(c.place, "Chapel Hill");
	assert_str(c.publisher, "University of North Carolina Press");
	assert_str(c.type, "book");
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].family, "Chen");
}

static void vol(const char *spec, const char *v, const char *i)
{
	ref_citation c;
	rt_parse(spec, A, &c);
	assert_str(c.volume, v);
	assert_str(c.issue, i);
}

static void test_volume_issue(void **state)
{
	(void)state;
	/* the issue after the date, read as a second volume */
	vol("[container-title Hansische Geschichtsblätter] [volume 45] [date (1920),] "
	    "[volume H. 2,] [pages S. 1-40.]", "45", "2");
	vol("[container-title Stud. Hist.] [volume 43] [date (2012),] [volume No. 4,] "
	    "[pages 551-666.]", "43", "4");
	/* a second volume that is no issue: as before */
	vol("[container-title Stud. Hist.] [volume 43] [date (2012),] [volume 4,] "
	    "[pages 551-666.]", "43", NULL);
	vol("[container-title Stud. Hist.] [volume 43] [date (2012),] [volume No. x,]", "43", NULL);
	vol("[container-title Journal] [volume 106(3)]", "106", "3");
	vol("[container-title Journal] [volume 106 (3):]", "106", "3");
	vol("[container-title Journal] [volume Vol. 9,] [issue No. 2]", "9", "2");
	/* a number alone read as the volume (MLA's "no. 1", "n°198"): the issue */
	vol("[container-title New Left Review,] [volume no. 1,]", NULL, "1");
	vol("[container-title Formes,] [volume n\xC2\xB0" "20,]", NULL, "20");
	vol("[container-title Journal] [volume Vol. 9, No. 2]", "9", "2");
	/* a count of volumes is no volume number */
	ref_citation c;
	rt_parse("[title Histoire.] [volume 2 vols.] [place Paris:] [date 1966.]", A, &c);
	assert_null(c.volume);
	assert_str(c.volumes, "2");
	rt_parse("[title Geschichte.] [volume 3 Bde.] [date 1980.]", A, &c);
	assert_str(c.volumes, "3");
	rt_parse("[title Storia.] [volume 2 voltas]", A, &c);
	assert_null(c.volumes);
	assert_str(c.volume, "2 voltas");
	/* ... nor an edition where the labeller took it for one */
	rt_parse("[title Storia,] [edition 3 voll.,] [place Torino,] [date 1966.]", A, &c);
	assert_null(c.edition);
	assert_str(c.volumes, "3");
	rt_parse("[title History.] [edition 2nd ed.] [date 1990.]", A, &c);
	assert_str(c.edition, "2");
	assert_null(c.volumes);
	vol("[container-title Journal] [volume Vol. 9, No. 2]", "9", "2");
	vol("[container-title Journal] [volume vol. 9, no. 2,]", "9", "2");
	vol("[container-title Zeitschrift] [volume Jg. 10,] [issue Heft 4]",
	    "10", "4");
	vol("[container-title Zeitschrift] [volume Jg. 10, Heft 4]", "10", "4");
	/* GOST's Т. (том) and № / Вып. */
	vol("[container-title Известия] [volume \xD0\xA2. 64. \xE2\x84\x96 2.]", "64", "2");
	vol("[container-title Известия] [volume \xD0\xA2. XXXIV. \xD0\x92\xD1\x8B\xD0\xBF. 3-4.]", "XXXIV", "3-4");
	vol("[container-title Reihe] [volume Bd. 3]", "3", NULL);
	vol("[container-title Journal] [issue no. 4]", NULL, "4");
	vol("[container-title Journal] [volume 12,] [issue nos. 3\xE2\x80\x93" "4]",
	    "12", "3-4");
	/* an issue that names itself a volume, a volume that names itself an
	 * issue: each where it says */
	vol("[container-title Critique,] [volume n\xC2\xB0 48, vol. 3,]", "3", "48");
	vol("[container-title Critique,] [volume n\xC2\xB0 48,] [issue vol. 3,]", "3", "48");
	vol("[container-title Casabella,] [volume No. 691, Vol. 65,]", "65", "691");
	vol("[container-title Rev. Mod. Phys.,] [issue vol. 66,]", "66", NULL);
	vol("[container-title Zeitschrift] [volume Heft 3,] [issue Jahrgang 2015]", "2015", "3");
	/* a section letter before the volume's number is the journal's */
	ref_citation sl;
	rt_parse("[container-title Phys. Rev.] [volume D57,] [pages 4105.]", A, &sl);
	assert_str(sl.container_title, "Phys. Rev. D");
	assert_str(sl.volume, "57");
	rt_parse("[container-title Phys. Rev. D] [volume D57,]", A, &sl);
	assert_str(sl.container_title, "Phys. Rev. D");
	assert_str(sl.volume, "D57");
	rt_parse("[title Tables.] [volume B12]", A, &sl);
	assert_str(sl.volume, "B12");
	/* MLA's volume.issue; not a year before the period */
	vol("[container-title Critical Inquiry] [volume 37.2] [date (2011):]", "37", "2");
	vol("[container-title Style] [volume 44.4]", "44", "4");
	vol("[container-title Journal] [volume 2016.45(10):]", "2016.45", "10");
	vol("[container-title Journal] [volume 3.14159]", "3.14159", NULL);
	/* what does not name itself stays */
	vol("[container-title Report,] [volume Part II,] [issue Vol. I]", "Part II", "Vol. I");
	vol("[container-title Journal] [volume 12,] [issue 3]", "12", "3");
}

/* "58(1):267-288" labelled the volume whole (AnyStyle's convention) or the
 * pages whole: volume, issue and pages all the same. */
static void vol_colon(const char *spec, const char *v, const char *i, const char *pg)
{
	ref_citation c;
	rt_parse(spec, A, &c);
	assert_str(c.volume, v);
	assert_str(c.issue, i);
	assert_str(c.page, pg);
}

static void test_volume_colon_pages(void **state)
{
	(void)state;
	vol_colon("[container-title J. R. Stat. Soc. B,] [volume 58(1):267\xE2\x80\x93" "288,]",
		  "58", "1", "267-288");
	vol_colon("[container-title Letters,] [volume 4:103\xE2\x80\x93" "122,] [date 1997.]",
		  "4", NULL, "103-122");
	vol_colon("[container-title Nature] [pages 412:15-19,]", "412", NULL, "15-19");
	vol_colon("[container-title Neuron] [pages 36: 581-597.]", "36", NULL, "581-597");
	vol_colon("[container-title Phys. Rev. C] [volume 94:102301]", "94", NULL, "102301");
	vol_colon("[container-title J Virol.] [volume vol. 58 (2):e119-22.]", "58", "2", "e119-22");
	vol_colon("[container-title Journal] [volume 8(1-4):281-298]", "8", "1-4", "281-298");
	/* both labelled: each keeps its own */
	vol_colon("[container-title Journal] [volume 12:] [pages 5-9]", "12", NULL, "5-9");
	/* not a volume and pages: a ratio, a time, a title's numbers, letters */
	vol_colon("[container-title Journal] [volume 12:30 am]", "12:30 am", NULL, NULL);
	vol_colon("[container-title Journal] [volume 123456:7]", "123456:7", NULL, NULL);
	vol_colon("[container-title Journal] [pages 3:4:5]", NULL, NULL, "3:4:5");
	vol_colon("[container-title Journal] [volume 5(:9]", "5", "9", NULL);
	vol_colon("[container-title Journal] [volume 5:]", "5", NULL, NULL);
	vol_colon("[container-title Journal] [volume :5-9]", "5-9", NULL, NULL);
}

/* Text whose spaces slipped before the stops ("Phys .Rev .Lett .103",
 * PDF text) and a bracket opened at a field's end ("Berlin(1990)" cut
 * between place and date). */
static void test_slipped_punctuation(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[container-title Phys .Rev .Lett] [volume .103] [date ( 2009)] [pages .043201]", A, &c);
	assert_str(c.volume, "103");
	assert_str(c.page, "043201");
	rt_parse("[title Plasma Physics(] [publisher Springer,] [place Berlin(] [date 1990)]", A, &c);
	assert_str(c.title, "Plasma Physics");
	assert_str(c.place, "Berlin");
	rt_parse("[title Algebra] [place .,Berlin] [volume .,336]", A, &c);
	assert_str(c.place, "Berlin");
	assert_str(c.volume, "336");
	/* a comma or a stop set apart from its word goes back on it */
	rt_parse("[title Tunisian Leaders Reflect Upon Revolt .] [container-title Parish , Church "
		 "and People] [date 2001.]", A, &c);
	assert_str(c.title, "Tunisian Leaders Reflect Upon Revolt");
	assert_str(c.container_title, "Parish, Church and People");
	rt_parse("[title Die vielen kleinen Schritte . . . Studien] [container-title Nat .Phys] "
		 "[date 2001.]", A, &c);
	assert_str(c.title, "Die vielen kleinen Schritte . . . Studien");
	assert_str(c.container_title, "Nat. Phys");
	rt_parse("[title Mass of 1 .5 kg] [date 2001.]", A, &c);
	assert_str(c.title, "Mass of 1 .5 kg");
	/* a dash set apart before or after the text is a separator */
	rt_parse("[title \xE2\x80\x93 Autopsie sur amphore romaine] [place Stuttgart -] [date 1990.]", A, &c);
	assert_str(c.title, "Autopsie sur amphore romaine");
	assert_str(c.place, "Stuttgart");
	rt_parse("[title Black Holes \xE2\x80\x94 Towards a New Paradigm \xE2\x80\x94] [date 1990.]", A, &c);
	assert_str(c.title, "Black Holes \xE2\x80\x94 Towards a New Paradigm");
	rt_parse("[title -ing forms.] [pages 5-] [date 1990.]", A, &c);
	assert_str(c.title, "-ing forms");
	/* a separator's comma before the closing period goes with it */
	rt_parse("[title Shock.] [container-title Planetary Evolution,.] [date 1997.]", A, &c);
	assert_str(c.container_title, "Planetary Evolution");
	rt_parse("[title Shock.] [container-title J. Geophys. Res.] [date 1997.]", A, &c);
	assert_str(c.container_title, "J. Geophys. Res.");
	/* a journal abbreviated without periods: the last is the stop */
	rt_parse("[title Shock.] [container-title N Engl J Med.] [date 1997;]", A, &c);
	assert_str(c.container_title, "N Engl J Med");
	rt_parse("[title Shock.] [container-title JAMA.] [date 1997;]", A, &c);
	assert_str(c.container_title, "JAMA");
	rt_parse("[title Shock.] [container-title Self-Definition (3 vols.] [date 1997;]", A, &c);
	assert_str(c.container_title, "Self-Definition (3 vols.");
	/* an ellipsis or a period before a letter stays */
	rt_parse("[title ...and after] [container-title .NET Journal] [volume 4]", A, &c);
	assert_str(c.title, "...and after");
	assert_str(c.container_title, ".NET Journal");
}

/* Quotation marks and brackets around a field go; a closing quotation
 * mark that closes one opened inside stays. */
static void test_field_quotes(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[title “Blood and Soil.”] [container-title Journal,] [volume 3.]", A, &c);
	assert_str(c.title, "Blood and Soil");
	rt_parse("[title Blood and Soil: Hitler’s “Green Party”.] [date 1985.]", A, &c);
	assert_str(c.title, "Blood and Soil: Hitler’s “Green Party”");
	rt_parse("[title The Role of Telemachus in the «Odysseia»,] [date 1990.]", A, &c);
	assert_str(c.title, "The Role of Telemachus in the «Odysseia»");
	rt_parse("[title Stichwort „Inklusion“.] [date 2010.]", A, &c);
	assert_str(c.title, "Stichwort „Inklusion“");
	rt_parse("[title Storia.] [place Paris:] [publisher Gallimard, « Folio ».]", A, &c);
	assert_str(c.publisher, "Gallimard, « Folio »");
	/* an opening mark that pairs inside goes still; a lone closing one goes */
	rt_parse("[title \"Solitons in polyacetylene,\"Phys] [date 1979.]", A, &c);
	assert_str(c.title, "Solitons in polyacetylene,\"Phys");
	rt_parse("[title Bad Company.” Review of Gain”] [date 1998.]", A, &c);
	assert_str(c.title, "Bad Company.” Review of Gain");
	/* a stop after the closing bracket of an imprint ends it */
	rt_parse("[title Autonomy] [place (Cambridge:] [publisher Cambridge University Press).]", A, &c);
	assert_str(c.publisher, "Cambridge University Press");
}

/* The "In" that opens the container, run into the title, goes. */
static void test_title_in_tail(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[title Precommitment and the paradox of democracy, in] [container-title Essays.]", A, &c);
	assert_str(c.title, "Precommitment and the paradox of democracy");
	rt_parse("[title « Consommateurs » in] [container-title Dictionnaire.]", A, &c);
	assert_str(c.title, "Consommateurs");
	rt_parse("[title Early Bilingualism: Friend or Foe? \xE2\x80\x93 In] [container-title Studies.]", A, &c);
	assert_str(c.title, "Early Bilingualism: Friend or Foe?");
	/* not a separator before it: a title's own last word */
	rt_parse("[title Made in] [date 2001.]", A, &c);
	assert_str(c.title, "Made in");
	rt_parse("[title in] [date 2001.]", A, &c);
	assert_str(c.title, "in");
}

/* Inline markup copied with the string (JATS, HTML) is no part of a field. */
static void test_markup_tags(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[author Smith, J.] [title Emended description of the genus <italic>Phyllobacterium</italic>.] "
		 "[container-title <italic>Water Research,</italic>] [volume 9</italic>,] "
		 "[pages 24<i>1</i>-252.]", A, &c);
	assert_str(c.title, "Emended description of the genus Phyllobacterium");
	assert_str(c.container_title, "Water Research");
	assert_str(c.volume, "9");
	assert_str(c.page, "241-252");
	rt_parse("[title Reading.] [place New York:] [publisher Norton.<italic>]", A, &c);
	assert_str(c.publisher, "Norton");
	/* a "<" that opens no known tag stays */
	rt_parse("[title Bounds for x <y and <z> in trees.] [date 2001.]", A, &c);
	assert_str(c.title, "Bounds for x <y and <z> in trees");
}

/* A year left at the end of the imprint is the date, when there is none. */
static void imprint(const char *spec, const char *publisher, const char *place, int year)
{
	ref_citation c;
	rt_parse(spec, A, &c);
	assert_str(c.publisher, publisher);
	assert_str(c.place, place);
	assert_int_equal(c.issued.year, year);
}

static void test_imprint_year(void **state)
{
	(void)state;
	imprint("[author Donoso, José.] [title El obsceno pájaro.] [place Barcelona:] "
		"[publisher Seix Barral,1970.]", "Seix Barral", "Barcelona", 1970);
	imprint("[title Algebra.] [publisher Springer,] [place New York,2013.]",
		"Springer", "New York", 2013);
	imprint("[title Algebra.] [place Louvain:] [publisher Université de Louvain,(2005]",
		"Université de Louvain", "Louvain", 2005);
	/* a date read already, a name with a number, a year alone: kept */
	imprint("[title Algebra.] [publisher Springer,2006] [date 2007.]", "Springer,2006",
		NULL, 2007);
	imprint("[title Algebra.] [publisher Studio 2000]", "Studio 2000", NULL, 0);
	imprint("[title Algebra.] [publisher Verlag,1234]", "Verlag,1234", NULL, 0);
	imprint("[title Algebra.] [place ,1990]", NULL, "1990", 0);
}

/* A publisher's name cut before its last words, read as the place. */
static void test_publisher_of(void **state)
{
	(void)state;
	imprint("[editor Durand, Pierre, dir.] [title Histoire du sel en Lorraine.] [place Nancy :] "
		"[publisher Presses universitaires de] [place Nancy,] [date 1992.]",
		"Presses universitaires de Nancy", "Nancy", 1992);
	imprint("[title La Côte atlantique,] [publisher Presses universitaires de] [place Nancy,] "
		"[date 1994]", "Presses universitaires de Nancy", NULL, 1994);
	/* no preposition, or more than three words after it: as read */
	imprint("[title Algebra.] [publisher Routledge,] [place London,] [date 1994]",
		"Routledge", "London", 1994);
	imprint("[title Algebra.] [publisher Presses de] [place la ville de Nancy et Metz,] "
		"[date 1994]", "Presses de", "la ville de Nancy et Metz", 1994);
}

/* s parsed with its white-space words labelled words (the labeller's
 * tokens: punctuation split off): the authors' count (SIZE_MAX: any),
 * the title and the container. */
static void words_fields(const char *s, const char *words, size_t nauthors, const char *title,
			 const char *cont)
{
	ref_citation c;
	rt_parse_words_ctx(s, words, NULL, A, &c);
	if (nauthors != SIZE_MAX)
		assert_int_equal(c.n_authors, nauthors);
	assert_str(c.title, title);
	assert_str(c.container_title, cont);
}

/* A journal in guillemets after ", in", run into the title, is the
 * container. */
static void in_quoted(const char *s, const char *words, const char *title, const char *cont)
{
	words_fields(s, words, SIZE_MAX, title, cont);
}

static void test_in_quoted(void **state)
{
	(void)state;
	in_quoted("M. Rossi, Il commercio del sale nel Veneto, in \xc2\xab" "Archivio Veneto"
		  "\xc2\xbb, s. V, 112 (1979), pp. 5-38.",
		  "author author title title title title title title title title title title "
		  "volume volume date pages pages",
		  "Il commercio del sale nel Veneto", "Archivio Veneto");
	in_quoted("P. Durand, Le sel, dans \xe2\x80\x9c" "Revue du Nord\xe2\x80\x9d 12 (1950).",
		  "author author title title title title title title volume date",
		  "Le sel", "Revue du Nord");
	/* a quotation that does not close, or a title's own: as read */
	in_quoted("M. Rossi, Il sale, in \xc2\xab" "Archivio Veneto 1979.",
		  "author author title title title title title date",
		  "Il sale, in \xc2\xab" "Archivio Veneto", NULL);
	in_quoted("M. Rossi, Il sale, e \xc2\xab" "altro\xc2\xbb 1979.",
		  "author author title title title title date",
		  "Il sale, e \xc2\xab" "altro\xc2\xbb", NULL);
}

/* A volume word ending the journal's name, its number after it and the
 * journal's date after that, is the volume (DIN 1505: "In: Journal Bd.
 * 27 (1971)"); a book's volume with its own title stays as read. */
static void test_volume_word(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Bagehot, W: The only game in town. In: Financial Analysts Journal Bd. 27 "
			   "(1971), Nr. 2, S. 12\xe2\x80\x93" "14",
			   "author author title title title title title container-title "
			   "container-title container-title container-title container-title "
			   "container-title date volume volume pages pages",
			   NULL, A, &c);
	assert_str(c.container_title, "Financial Analysts Journal");
	assert_str(c.volume, "27");
	assert_str(c.issue, "2");
	rt_parse_words_ctx("P. Durand, Le sel. Revue historique, t. 45, 1921, p. 12-40.",
			   "author author title title container-title container-title "
			   "container-title volume date pages pages",
			   NULL, A, &c);
	assert_str(c.container_title, "Revue historique");
	assert_str(c.volume, "45");
	/* a one-letter word without its stop, and a volume with its own
	 * title after it: as read */
	rt_parse_words_ctx("P. Durand, Le sel. Revue historique t 45, 1921, p. 12-40.",
			   "author author title title container-title container-title "
			   "container-title volume date pages pages",
			   NULL, A, &c);
	assert_str(c.container_title, "Revue historique t");
	rt_parse_words_ctx("Fonagy, P. (2015). A perspective. In D. Cicchetti (Ed.), Developmental "
			   "psychopathology. Vol 3: Maladaptation. New York: Wiley.",
			   "author author date title title container-title editor editor editor "
			   "container-title container-title container-title container-title "
			   "container-title place place publisher",
			   NULL, A, &c);
	assert_null(c.volume);
}

/* A series after the imprint in brackets (Harvard, Vancouver), or before
 * it with its number (Chicago): the collection title and its number. */
static void test_series_forms(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Bredow, K. (2003) Zwischen Kanzel und Katheder. Frankfurt am Main: "
			   "Suhrkamp (Studien zur Wissensgeschichte, 14).",
			   "author author date title title title title place place place publisher "
			   "publisher publisher publisher publisher",
			   NULL, A, &c);
	assert_str(c.publisher, "Suhrkamp");
	assert_str(c.collection_title, "Studien zur Wissensgeschichte");
	assert_str(c.collection_number, "14");
	rt_parse_words_ctx("Castelvetri L. Il notaio. Torino: Einaudi; 2007. (Saggi di storia urbana).",
			   "author author title title place publisher date other other other other",
			   NULL, A, &c);
	assert_str(c.collection_title, "Saggi di storia urbana");
	/* a report's number, an acronym, a year, a language: not a series */
	rt_parse_words_ctx("AECOM. 2013. Draft Plan. Piti, GU: Naval Facilities. September. (HC30)",
			   "author date title title place place publisher publisher date note",
			   NULL, A, &c);
	assert_null(c.collection_title);
	rt_parse_words_ctx("Piaget, J. (1950). Title. Paris: Alcan (Original work published 1936).",
			   "author author date title place publisher note note note note",
			   NULL, A, &c);
	assert_null(c.collection_title);
	/* Chicago: the series and its number before the imprint, read as a
	 * container and its volume, or run into the title */
	rt_parse_words_ctx("Castelvetri, Lorenzo di. Il notaio. Saggi di storia urbana 31. Torino: "
			   "Einaudi, 2007.",
			   "author author author title title container-title container-title "
			   "container-title container-title volume place publisher date",
			   NULL, A, &c);
	assert_str(c.title, "Il notaio");
	assert_null(c.container_title);
	assert_str(c.collection_title, "Saggi di storia urbana");
	assert_str(c.collection_number, "31");
	rt_parse_words_ctx("Bredow, Karl. Zwischen Kanzel und Katheder: Norden, 1650\xe2\x80\x93" "1720. "
			   "Studien zur Wissensgeschichte 14. Frankfurt am Main: Suhrkamp, 2003.",
			   "author author title title title title title title title title title "
			   "title place place place publisher date",
			   NULL, A, &c);
	assert_str(c.title, "Zwischen Kanzel und Katheder: Norden, 1650\xe2\x80\x93" "1720");
	assert_str(c.collection_title, "Studien zur Wissensgeschichte");
	assert_str(c.collection_number, "14");
	/* a year, a chapter's number, a report number: the title's */
	rt_parse_words_ctx("Schnell, I. Geschichte. Gemeinsames Lernen seit 1970. Weinheim 2003.",
			   "author author title title title title title place date", NULL, A, &c);
	assert_null(c.collection_title);
	rt_parse_words_ctx("Barfuss, S. 2011. Accuracy of Meters. Report Number 4028. Denver: Fdn.",
			   "author author date title title title title title title place publisher",
			   NULL, A, &c);
	assert_null(c.collection_title);
	/* a journal's volume and pages: no series */
	rt_parse_words_ctx("Smith, J. A Title. Journal of Things 12. Paris: Alcan, pp. 3-4.",
			   "author author title title container-title container-title container-title "
			   "volume place publisher pages pages",
			   NULL, A, &c);
	assert_null(c.collection_title);
	assert_str(c.container_title, "Journal of Things");
}

/* DIN 1505's lists: the last name's given names before the colon, read
 * as the title's first words, are the author's. */
static void test_din_given(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Chambers, J.K ; Trudgill, Peter: Dialectology. Cambridge : CUP, 1998",
			   "author author author author title title place place publisher date",
			   NULL, A, &c);
	assert_int_equal(c.n_authors, 2);
	assert_str(c.authors[1].given, "Peter");
	assert_str(c.title, "Dialectology");
	rt_parse_words_ctx("Benning, Clara Whitlock: The Poetics of Debt. Columbus : Ohio State "
			   "University Press, 2006",
			   "author title title title title title title place place publisher publisher "
			   "publisher publisher date",
			   NULL, A, &c);
	assert_str(c.authors[0].given, "Clara Whitlock");
	assert_str(c.title, "The Poetics of Debt");
	rt_parse_words_ctx("Balzac, H: Le n\xc3\xa8gre. Paris : L'harmattan, 1830",
			   "author title title title place place publisher date", NULL, A, &c);
	assert_str(c.authors[0].given, "H");
	/* no ";", no " : ", a family in capitals or of several words: as read */
	rt_parse_words_ctx("Bojko, Bednarek Holodomor: The Great Famine, Warsaw, 2009",
			   "author title title title title title place date", NULL, A, &c);
	assert_str(c.title, "Bednarek Holodomor: The Great Famine");
	rt_parse_words_ctx("ILO, Evaluation Summary: Promoting Rights. Geneva : ILO, 2014",
			   "author title title title title place place publisher date", NULL, A, &c);
	assert_str(c.title, "Evaluation Summary: Promoting Rights");
	rt_parse_words_ctx("R Core Team, R: A Language. Vienna : RFoundation, 2017",
			   "author author author title title title place place publisher date",
			   NULL, A, &c);
	assert_str(c.title, "R: A Language");
	/* a title that speaks of a library, in a journal with its volume
	 * and pages: an article, not an archival document */
	rt_parse_words_ctx("Cortellazzo, Alessandra: La biblioteca di un giurista. In: Studi veneti "
			   "Bd. 39 (2012), Nr. 1, S. 67-98",
			   "author author title title title title title container-title "
			   "container-title container-title volume volume date volume volume pages "
			   "pages",
			   NULL, A, &c);
	assert_str(c.type, "article-journal");
	assert_str(c.title, "La biblioteca di un giurista");
}

/* Forms the citeproc round trip (bench/refs_roundtrip.py) showed read
 * wrong: a span of years ending a title, Vancouver's journal read as a
 * publisher, a web page whose title names a library's "fonds", the
 * colon of "In :" read into the container. */
/* A report's number as the styles print it: Vancouver's "Report No.:",
 * APA's "(No. 17; Series)", ISO 690's number before the title. */
static void test_report_number(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Council. Preserving Records. London: Council; 2011. (Policy Papers). "
			   "Report No.: 17.",
			   "author title title place publisher date note note note note note",
			   NULL, A, &c);
	assert_str(c.type, "report");
	assert_str(c.issue, "17");
	assert_str(c.collection_title, "Policy Papers");
	assert_null(c.note);
	rt_parse_words_ctx("Kettering, R. (2019). Oral History (No. 2019-3; Heritage Reports). Institute.",
			   "author author date title title note note collection-title collection-title "
			   "publisher",
			   NULL, A, &c);
	assert_str(c.type, "report");
	assert_str(c.issue, "2019-3");
	assert_null(c.note);
	rt_parse_words_ctx("CORBETT, Helena, 2021. 2021/04: Digital Humanities. Brussels: Institute.",
			   "author author date title title title place publisher", NULL, A, &c);
	assert_str(c.type, "report");
	assert_str(c.issue, "2021/04");
	assert_str(c.title, "Digital Humanities");
	/* a year, a number of four digits, no colon: a title */
	rt_parse_words_ctx("Smith, J., 2014. 1914: The Year. London: Allen.",
			   "author author date title title title place publisher", NULL, A, &c);
	assert_str(c.title, "1914: The Year");
	assert_str(c.type, "book");
	/* a note "No. 3" where the entry holds no "(No. 3;": left as read */
	rt_parse_words_ctx("Smith, J. A Book. Series. No. 3. London: Allen.",
			   "author author title title collection-title note note place publisher",
			   NULL, A, &c);
	assert_null(c.issue);
	assert_str(c.type, "book");
}

/* ISO 690's page online: "Title. Site [online]. 2019. [Zugriff am: …].
 * Verfügbar unter: https://…" — the site is the container, the access
 * date read, the medium no genre, the entry a web page. */
static void test_iso690_online(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("ORME, Gillian, 2018. How to Read a Charter. Manuscript Matters [online]. "
			   "9 Februar 2018. [Zugriff am: 20 Januar 2024]. Verf\xc3\xbcgbar unter: "
			   "https://example.org/charter",
			   "author author date title title title title title title title genre date "
			   "date date note note note note note note note url",
			   NULL, A, &c);
	assert_str(c.title, "How to Read a Charter");
	assert_str(c.container_title, "Manuscript Matters");
	assert_null(c.genre);
	assert_int_equal(c.accessed.year, 2024);
	assert_int_equal(c.accessed.month, 1);
	assert_str(c.type, "webpage");
	/* a title with no sentence before the medium keeps it whole */
	rt_parse_words_ctx("Smith, J., 2015. Notes on Charters [online]. 2015.",
			   "author author date title title title genre date", NULL, A, &c);
	assert_str(c.title, "Notes on Charters");
	assert_null(c.container_title);
	/* a periodical with pages online stays an article */
	rt_parse_words_ctx("Raghavan, N. Silence. Historical Studies. 2017, pp. 34-60. Available at: "
			   "https://example.org/s. Accessed 3 May 2020.",
			   "author author title container-title container-title date pages pages note "
			   "note url note note note note",
			   NULL, A, &c);
	assert_str(c.type, "article-journal");
}

/* DIN 1505's forms (the CSL style German users take from Zotero): an
 * organisation closed by a colon, a report's series with its number in
 * brackets, a family of two words before given names and a colon, a
 * thesis after its imprint. */
static void test_din_forms(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Arbeitskreis Kommunalarchive Niedersachsen: Bestandserhaltung in Archiven, "
			   "Berichte und Materialien ( Nr. 23). Hannover : Landesverband Archive, 2013",
			   "title title title title title title title title title title title title "
			   "place place publisher publisher date",
			   NULL, A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].literal, "Arbeitskreis Kommunalarchive Niedersachsen");
	assert_str(c.title, "Bestandserhaltung in Archiven");
	assert_str(c.collection_title, "Berichte und Materialien");
	assert_str(c.issue, "23");
	assert_str(c.type, "report");
	/* a title's own words before a colon, with no institution: the title */
	rt_parse_words_ctx("Bestandserhaltung heute: Ein Bericht. Hannover : Verlag, 2013",
			   "title title title title place place publisher date", NULL, A, &c);
	assert_int_equal(c.n_authors, 0);
	assert_str(c.title, "Bestandserhaltung heute: Ein Bericht");
	rt_parse_words_ctx("Alc\xc3\xa1ntara Ruiz, Diego: Una corte sin rey. In: Montero, I. (Hrsg.): "
			   "Im\xc3\xa1genes. Madrid : C\xc3\xa1tedra, 2013, S. 233-259",
			   "author author title title title title title editor editor editor editor "
			   "container-title place place publisher date pages pages",
			   NULL, A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].family, "Alc\xc3\xa1ntara Ruiz");
	assert_str(c.authors[0].given, "Diego");
	assert_str(c.title, "Una corte sin rey");
	rt_parse_words_ctx("Courvoisier, Mathilde: Les imprimeurs de Rouen. Paris, Universit\xc3\xa9 "
			   "Paris 1, Th\xc3\xa8se de doctorat, 2009",
			   "author author title title title title place publisher publisher publisher "
			   "publisher publisher publisher date",
			   NULL, A, &c);
	assert_str(c.genre, "Th\xc3\xa8se de doctorat");
	assert_str(c.publisher, "Universit\xc3\xa9 Paris 1");
	assert_str(c.place, "Paris");
	assert_str(c.type, "thesis");
}

/* ISO 690's chapter: the editors after "En:" that the labeller began in
 * the title, and a period's years closing the book's title, read as
 * pages before the imprint. */
static void test_iso690_chapter(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("LEMA\xc3\x8eTRE, T., 2007. Les couvents. En: F.-X. DELORME y I. CARR\xc3\x88RE "
			   "(eds.), Le livre. Lyon: Presses, pp. 211-236.",
			   "author author date title title title title title title editor editor "
			   "editor container-title container-title place publisher pages pages",
			   NULL, A, &c);
	assert_str(c.title, "Les couvents");
	assert_int_equal(c.n_editors, 2);
	assert_str(c.editors[0].family, "DELORME");
	assert_str(c.editors[1].family, "CARR\xc3\x88RE");
	rt_parse_words_ctx("ORME, J., 2012. Voices. En: L. RAVEN (ed.), Books of Hours, 1350\xe2\x80\x93"
			   "1550. Woodbridge: Boydell, pp. 45-72.",
			   "author author date title editor editor editor editor container-title "
			   "container-title container-title pages place publisher pages pages",
			   NULL, A, &c);
	assert_str(c.container_title, "Books of Hours, 1350\xe2\x80\x93" "1550");
	assert_str(c.page, "45-72");
	/* the span alone, no pages after it: the pages */
	rt_parse_words_ctx("ORME, J., 2012. Voices. In Annals, 134-160.",
			   "author author date title container-title container-title pages",
			   NULL, A, &c);
	assert_str(c.page, "134-160");
}

/* APA 7's forms: a translator in brackets after the title whatever the
 * labeller made of it, a thesis in brackets read as a note, the
 * publisher as the title's last sentence, a newspaper's page. */
static void test_apa_forms(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Ashdown, G. (2001). La retorica del margine (P. Ferraresi, Trans.). Il Mulino.",
			   "author author date title title title title title publisher place publisher "
			   "publisher",
			   NULL, A, &c);
	assert_int_equal(c.n_translators, 1);
	assert_str(c.translators[0].family, "Ferraresi");
	assert_str(c.publisher, "Il Mulino");
	/* a bracket after the title that is no role stays the title's */
	rt_parse_words_ctx("Smith, J. (2001). Lives (of the Saints, Part.). Mulino.",
			   "author author date title title title title title publisher", NULL, A, &c);
	assert_int_equal(c.n_translators, 0);
	rt_parse_words_ctx("MacAllister, F. (2015). Subscription Libraries [Master\xe2\x80\x99s thesis]. "
			   "University of Edinburgh.",
			   "author author date title title note note publisher publisher publisher",
			   NULL, A, &c);
	assert_str(c.genre, "Master\xe2\x80\x99s thesis");
	assert_str(c.type, "thesis");
	rt_parse_words_ctx("Lombardini, F. (Ed.). (2005). Le carte dei mercanti (secoli XIV-XVI). Olschki.",
			   "editor editor editor date title title title title title title title", NULL, A,
			   &c);
	assert_str(c.title, "Le carte dei mercanti (secoli XIV-XVI)");
	assert_str(c.publisher, "Olschki");
	/* a title of two sentences with more after them: left as read */
	rt_parse_words_ctx("Smith, J. (2005). Early print. A history. Geomorphology, 12.",
			   "author author date title title title title container-title volume",
			   NULL, A, &c);
	assert_str(c.title, "Early print. A history");
	assert_null(c.publisher);
	rt_parse_words_ctx("Prestwick, J. (2014, March 22). Library Closures. The Northern Courier, 7.",
			   "author author date date date title title container-title container-title "
			   "container-title volume",
			   NULL, A, &c);
	assert_str(c.page, "7");
	assert_null(c.volume);
	assert_str(c.type, "article-newspaper");
}

/* IEEE's forms: "Eds.," after the names of a book's editors, the
 * chapter's editors after the book's title, the count of volumes after a
 * comma, the day of "Mar. 15, 2021". */
static void test_ieee_forms(void **state)
{
	(void)state;
	ref_citation c;
	/* Vancouver's Spanish title: the opening "¿" read as the authors'
	 * last token is the title's */
	const char *vs = "36. Alc\xc3\xa1ntara Ruiz D. \xc2\xbfUna corte? Madrid: C\xc3\xa1tedra; 2013.";
	ref_token *vt;
	ref_label *vl;
	size_t vn = rt_words_labelled(vs, "other author author author author title place publisher "
				      "date", A, &vt, &vl);
	for (size_t i = 1; i < vn; i++)
		if (vt[i].word == 4 && vt[i - 1].word == 4)
			vl[i] = REF_TITLE; /* "Una" title, "¿" still the author's */
	quire_error verr = {0};
	assert_int_equal(ref_fields(vs, vt, vl, vn, A, &c, &verr), QUIRE_OK);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].family, "Alc\xc3\xa1ntara Ruiz");
	assert_str(c.title, "\xc2\xbfUna corte?");
	rt_parse_words_ctx("[9] R. Fairbairn and M. Corrigan, Eds., Reading Empires. Basingstoke: "
			   "Palgrave, 2013.",
			   "other author author author author author author title title place publisher "
			   "date",
			   NULL, A, &c);
	assert_int_equal(c.n_authors, 0);
	assert_int_equal(c.n_editors, 2);
	assert_str(c.editors[1].family, "Corrigan");
	rt_parse_words_ctx("[38] B. Haskett, \"Renaissance?\" in Essays in Honour of Margaret Thorne, "
			   "J. Ormsby and C. van der Linde, Eds. Turnhout: Brepols, 2015, pp. 3-28.",
			   "other author author title container-title container-title container-title "
			   "container-title container-title container-title container-title editor "
			   "editor editor editor "
			   "editor editor editor editor place publisher date pages pages",
			   NULL, A, &c);
	assert_str(c.container_title, "Essays in Honour of Margaret Thorne");
	assert_int_equal(c.n_editors, 2);
	assert_str(c.editors[0].family, "Ormsby");
	assert_str(c.type, "chapter");
	/* inverted names before the role and the book's title after it:
	 * left as read */
	rt_parse_words_ctx("Engel, W. In: French, B.M. and Short, N.M., eds., Shock Metamorphism, "
			   "Baltimore, pp. 159-168.",
			   "author author container-title container-title container-title "
			   "container-title container-title editor editor container-title "
			   "container-title place pages pages",
			   NULL, A, &c);
	assert_int_equal(c.n_editors, 1);
	rt_parse_words_ctx("[30] M. Stockwell, Ed., The Correspondence, vol. 1, 3 vols. Edinburgh: EUP, 2021.",
			   "other editor editor editor title title volume volume volume volume place "
			   "publisher date",
			   NULL, A, &c);
	assert_str(c.volume, "1");
	assert_str(c.volumes, "3");
	assert_null(c.issue);
	rt_parse_words_ctx("[107] C. Dubosc, \"Inventaire,\" Bibliotheques en ligne, Mar. 15, 2021. "
			   "https://example.org/i",
			   "other author author title container-title container-title container-title "
			   "date volume date url",
			   NULL, A, &c);
	assert_int_equal(c.issued.year, 2021);
	assert_int_equal(c.issued.month, 3);
	assert_int_equal(c.issued.day, 15);
	assert_null(c.volume);
}

/* MLA's chapter: the publisher after ", edited by …," read as a place;
 * Chicago's "Edited by …, Brunswick and Berlin, 1863" keeps its places. */
static void test_mla_edited_by(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Benedetti, Silvia. \"Le donne.\" Scrivere contro, edited by Paolo Guarneri, "
			   "Carocci, 2015, pp. 119-46.",
			   "author author title title container-title container-title editor editor "
			   "editor editor place date pages pages",
			   NULL, A, &c);
	assert_str(c.publisher, "Carocci");
	assert_null(c.place);
	rt_parse_words_ctx("Calvin, John. Opera. Edited by G. Baum, Brunswick and Berlin, 1863.",
			   "author author title editor editor editor editor place place place date",
			   NULL, A, &c);
	assert_null(c.publisher);
	assert_str(c.place, "Brunswick and Berlin");
}

/* Chicago author-date: "(1958) 1991" is the original's year and the
 * reprint's; a report's number and series after its quoted title. */
static void test_chicago_ad_forms(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Crewe, Arthur. (1958) 1991. The Moral Economy. London: Routledge.",
			   "author author date date title title title place publisher", NULL, A, &c);
	assert_int_equal(c.issued.year, 1991);
	assert_int_equal(c.original.year, 1958);
	/* the site before "Last modified", the page's date after it */
	rt_parse_words_ctx("Orme, Gillian. \xe2\x80\x9cHow to Read a Charter.\xe2\x80\x9d Manuscript Matters. "
			   "Last modified February 9, 2018. Accessed January 20, 2024. https://example.org/c.",
			   "author author title title title title title note note note note note note "
			   "note note note note note url",
			   NULL, A, &c);
	assert_str(c.container_title, "Manuscript Matters");
	assert_int_equal(c.issued.year, 2018);
	assert_int_equal(c.issued.day, 9);
	assert_int_equal(c.accessed.year, 2024);
	assert_int_equal(c.n_editors, 0);
	/* APA's year in brackets alone stays the year */
	rt_parse_words_ctx("Crewe, A. (1991). The Moral Economy. Routledge.",
			   "author author date title title title publisher", NULL, A, &c);
	assert_int_equal(c.issued.year, 1991);
	assert_int_equal(c.original.year, 0);
	rt_parse_words_ctx("Council. 2011. \xe2\x80\x9cPreserving Records.\xe2\x80\x9d 17. Archives Policy "
			   "Papers. London: Council.",
			   "author date title title container-title container-title container-title "
			   "container-title place publisher",
			   NULL, A, &c);
	assert_str(c.issue, "17");
	assert_str(c.collection_title, "Archives Policy Papers");
	assert_str(c.type, "report");
	/* an edition after the quoted title ("2nd ed.") is no number */
	rt_parse_words_ctx("Council. 2011. \xe2\x80\x9cPreserving Records.\xe2\x80\x9d 2nd ed. London: "
			   "Council.",
			   "author date title title edition edition place publisher", NULL, A, &c);
	assert_null(c.issue);
	assert_str(c.edition, "2");
}

/* MHRA: a numbered series between commas before the bracketed imprint,
 * after a title or a work read as a container; "(unpublished Master's
 * thesis, …)" read as a note. */
static void test_mhra_forms(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("di Castelvetri, Lorenzo, Il notaio e la citt\xc3\xa0, Saggi di storia urbana, 31 "
			   "(Torino: Einaudi, 2007)",
			   "author author author title title title title title title title title title "
			   "title place publisher date",
			   NULL, A, &c);
	assert_str(c.title, "Il notaio e la citt\xc3\xa0");
	assert_str(c.collection_title, "Saggi di storia urbana");
	assert_str(c.collection_number, "31");
	rt_parse_words_ctx("Marchbanks, Lydia, ed., Texts in Transit, East Asian Cultures, 5 (Leiden: Brill, "
			   "2019)",
			   "editor editor editor container-title container-title container-title "
			   "container-title container-title container-title container-title place "
			   "publisher date",
			   NULL, A, &c);
	assert_str(c.title, "Texts in Transit");
	assert_str(c.collection_title, "East Asian Cultures");
	/* a year after the comma is the title's ("Norden, 1650-1720 (Frankfurt") */
	rt_parse_words_ctx("Bredow, Karl, Gelehrte im Norden, Studien, 1720 (Frankfurt: Suhrkamp, 2003)",
			   "author author title title title title title place publisher date",
			   NULL, A, &c);
	assert_null(c.collection_title);
	/* the given names and a particle before the quoted title */
	rt_parse_words_ctx("Kessel, Dorothea von, \xc2\xab Ein Volk \xc2\xbb, in Bildung, Berlin, 2012.",
			   "author title title title title title title container-title container-title "
			   "place date",
			   NULL, A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].given, "Dorothea");
	assert_str(c.authors[0].particle, "von");
	/* a link ends at a comma and a word that is no more of it */
	rt_parse_words_ctx("Stelle, Edition, https://example.org/edition/einleitung, consult\xc3\xa9 le 2 "
			   "septembre 2023.",
			   "author title url url url url url url", NULL, A, &c);
	assert_str(c.url, "https://example.org/edition/einleitung");
	rt_parse_words_ctx("MacAllister, Fiona, \xe2\x80\x98Libraries\xe2\x80\x99 (unpublished Master\xe2"
			   "\x80\x99s thesis, University of Edinburgh, 2015)",
			   "author author title note note note publisher publisher publisher date",
			   NULL, A, &c);
	assert_str(c.genre, "Master\xe2\x80\x99s thesis");
	assert_null(c.note);
	assert_str(c.type, "thesis");
}

/* Harvard's web page: the site after the title's last comma before
 * "Available at:", the access date in brackets after the link; a
 * proceedings' meeting name repeated after it goes. */
static void test_harvard_forms(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Orme, G. (2018) How to Read a Charter, Manuscript Matters. Available at: "
			   "https://example.org/c (Accessed: 20 January 2024).",
			   "author author date title title title title title title title note note url "
			   "note note note note",
			   NULL, A, &c);
	assert_str(c.title, "How to Read a Charter");
	assert_str(c.container_title, "Manuscript Matters");
	assert_int_equal(c.accessed.year, 2024);
	assert_str(c.type, "webpage");
	/* a comma inside a title with digits after it stays the title's */
	rt_parse_words_ctx("Smith, J. (2018) Parish Registers, 1750-1800. Available at: https://example.org/p",
			   "author author date title title title note note url", NULL, A, &c);
	assert_str(c.title, "Parish Registers, 1750-1800");
	assert_null(c.container_title);
	rt_parse_words_ctx("Harrow, C. (2016) Who Read?, in Proceedings of the Meeting of the Society. "
			   "Meeting of the Society. Leeds: Society, pp. 41-52.",
			   "author author date title title container-title container-title "
			   "container-title container-title container-title container-title "
			   "container-title container-title container-title container-title "
			   "container-title container-title place publisher pages pages",
			   NULL, A, &c);
	assert_str(c.container_title, "Proceedings of the Meeting of the Society");
}

/* Deutsche Sprache: "In: Site." after the title with a link or nothing
 * after it is the container; a span of years in brackets closing the
 * title before the imprint is the title's. */
static void test_deutsche_sprache_forms(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Iturralde, Pablo (2004): Aparece un manuscrito. In: Diario de Castilla.",
			   "author author date title title title place publisher publisher publisher",
			   NULL, A, &c);
	assert_str(c.container_title, "Diario de Castilla");
	assert_null(c.publisher);
	assert_null(c.place);
	rt_parse_words_ctx("Orme, G. (2018): How to Read. In: Manuscript Matters. Online unter: "
			   "https://example.org/c.",
			   "author author date title title title note note note note note url",
			   NULL, A, &c);
	assert_str(c.container_title, "Manuscript Matters");
	assert_str(c.type, "webpage");
	rt_parse_words_ctx("Courvoisier, Mathilde (2009): Les imprimeurs (1560-1620). Paris: Sorbonne.",
			   "author author date title title pages place publisher", NULL, A, &c);
	assert_str(c.title, "Les imprimeurs (1560-1620)");
	assert_null(c.page);
	/* pages after the imprint keep a bracketed span the pages' */
	rt_parse_words_ctx("Smith, J. (2009): Essays. In: Book. Paris: Sorbonne. S. 3-28.",
			   "author author date title container-title container-title place publisher "
			   "pages pages",
			   NULL, A, &c);
	assert_str(c.page, "3-28");
}

/* A document cited with its repository last (Chicago, APA, MLA): a
 * manuscript with its archive, the archive's place and the place in it;
 * a journal or a publisher named for a library stays what it is. */
static void test_archive_last(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Fairleigh, Anne. \xe2\x80\x9cLetter to Thomas,\xe2\x80\x9d April 17, 1803. MS. Eng. "
			   "lett. c. 917, fols. 33-36. Bodleian Library, Oxford.",
			   "author author title title title container-title container-title "
			   "container-title container-title container-title container-title pages pages "
			   "pages pages publisher publisher place",
			   NULL, A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.title, "Letter to Thomas");
	assert_str(c.archive, "Bodleian Library");
	assert_str(c.archive_place, "Oxford");
	assert_str(c.archive_location, "MS. Eng. lett. c. 917, fols. 33-36");
	assert_null(c.container_title);
	/* an en dash in the folios is no quotation mark */
	rt_parse_words_ctx("Fairleigh, Anne. Letter, 1803. MS 917, fols. 33\xe2\x80\x93" "36. Bodleian "
			   "Library, Oxford.",
			   "author author title date container-title container-title pages pages "
			   "publisher publisher place",
			   NULL, A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.archive_location, "MS 917, fols. 33\xe2\x80\x93" "36");
	assert_null(c.publisher);
	rt_parse_words_ctx("Halloway, R. (1654). Commonplace Book (MC 2291/4). Norfolk Record Office, Norwich.",
			   "author author date title title title title publisher publisher publisher place",
			   NULL, A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.title, "Commonplace Book");
	assert_str(c.archive_location, "MC 2291/4");
	rt_parse_words_ctx("Ibarra, Juan de. Carta al Consejo. 3 Sept. 1584. Archivo General de Indias, "
			   "Sevilla, Lima, 312, N. 14.",
			   "author author author title title title date date date container-title "
			   "container-title container-title container-title place place volume pages pages",
			   NULL, A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.archive, "Archivo General de Indias");
	assert_str(c.archive_place, "Sevilla");
	assert_str(c.archive_location, "Lima, 312, N. 14");
	/* a journal named for archives, a publisher named for a library */
	rt_parse_words_ctx("Ford, C. (2003). Reactions. Archives of Pediatrics and Medicine, 157, 572-578.",
			   "author author date title container-title container-title container-title "
			   "container-title container-title volume pages",
			   NULL, A, &c);
	assert_str(c.type, "article-journal");
	rt_parse_words_ctx("Tobias, R. (1991). Thurber. Encyclopedia. (p. 600). New York: Scholastic Library "
			   "Publishing.",
			   "author author date title container-title pages pages place place publisher "
			   "publisher publisher",
			   NULL, A, &c);
	assert_string_not_equal(c.type, "manuscript");
}

static void test_roundtrip_forms(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words_ctx("Corbett, H. (2021). Digital Infrastructure in Universities, 2015\xe2\x80\x93"
			   "2020 (No. 4). Brussels: Institute.",
			   "author author date title title title title date note note place publisher",
			   NULL, A, &c);
	assert_str(c.title, "Digital Infrastructure in Universities, 2015\xe2\x80\x93" "2020");
	assert_int_equal(c.issued.year, 2021);
	/* the entry's only date stays the date */
	rt_parse_words_ctx("Corbett, H. Digital Infrastructure, 2015\xe2\x80\x93" "2020. Brussels: Institute.",
			   "author author title title date place publisher", NULL, A, &c);
	assert_int_equal(c.issued.year, 2015);
	rt_parse_words_ctx("57. Selwood M. The Circulating Library. Print and Society. 2015;22(1):45-79.",
			   "other author author title title title publisher publisher publisher pages",
			   NULL, A, &c);
	assert_str(c.container_title, "Print and Society");
	assert_null(c.publisher);
	assert_str(c.type, "article-journal");
	rt_parse_words_ctx("Dubosc-Hamel, C. (2021). Inventaire des fonds de la biblioth\xc3\xa8que de "
			   "l'abbaye. https://example.org/inventaire",
			   "author author date title title title title title title title title url",
			   NULL, A, &c);
	assert_string_not_equal(c.type, "manuscript");
	assert_str(c.title, "Inventaire des fonds de la biblioth\xc3\xa8que de l'abbaye");
	rt_parse_words_ctx("Harrowby, C. Who Read? In : Proceedings of the Meeting. Leeds : Society, 2016.",
			   "author author title title other container-title container-title "
			   "container-title container-title container-title place place publisher date",
			   NULL, A, &c);
	assert_str(c.container_title, "Proceedings of the Meeting");
	/* the count of a work's volumes after the volume */
	rt_parse_words_ctx("Lisle, H. A History. Vol. 2. 3 vols. Cambridge: CUP, 1972.",
			   "author author title title volume volume volume volume place publisher date",
			   NULL, A, &c);
	assert_str(c.volume, "2");
	assert_str(c.volumes, "3");
	rt_parse_words_ctx("De Rosa, C.: Storia. Bd. 1 v. 2. Napoli : Liguori, 1994",
			   "author author author title edition edition edition edition place place "
			   "publisher date", NULL, A, &c);
	assert_str(c.volume, "1");
	assert_str(c.volumes, "2");
	/* DIN's year read into the journal's name with the volume */
	rt_parse_words_ctx("Nwosu, A.: Schoolbooks. In: Journal of Education Bd. 28 (2012), Nr. 2, "
			   "S. 89-118",
			   "author author title container-title container-title container-title "
			   "container-title container-title container-title container-title volume "
			   "volume pages pages", NULL, A, &c);
	assert_str(c.container_title, "Journal of Education");
	assert_str(c.volume, "28");
	assert_int_equal(c.issued.year, 2012);
	/* a Master's thesis read as a note; APA's publisher after the pages */
	rt_parse_words_ctx("MacAllister, F. (2015) Women\xe2\x80\x99s Libraries. Master\xe2\x80\x99s thesis. "
			   "University of Edinburgh.",
			   "author author date title title note note publisher publisher publisher",
			   NULL, A, &c);
	assert_str(c.type, "thesis");
	assert_str(c.genre, "Master\xe2\x80\x99s thesis");
	rt_parse_words_ctx("Grange, P. (2014). Ruins. In R. Denton (Eds.), Antiquarianism (pp. 249-275). "
			   "Ashgate.",
			   "author author date title editor editor editor editor container-title pages "
			   "pages pages", NULL, A, &c);
	assert_str(c.publisher, "Ashgate");
	assert_str(c.page, "249-275");
	/* MLA's publisher after the editors of "edited by" */
	rt_parse_words_ctx("Kessel, D. \"Ein Volk.\" Bildung, edited by Reinhold Baumgartner, De Gruyter, "
			   "2012, pp. 33-58.",
			   "author author title title container-title editor editor editor editor "
			   "editor editor date pages pages", NULL, A, &c);
	assert_int_equal(c.n_editors, 1);
	assert_str(c.publisher, "De Gruyter");
	rt_parse_words_ctx("Kessel, D. \"Ein Volk.\" Bildung, edited by Ann Berg, and Bo Lund, 2012.",
			   "author author title title container-title editor editor editor editor "
			   "editor editor editor date", NULL, A, &c);
	assert_int_equal(c.n_editors, 2);
	assert_null(c.publisher);
	/* ISO 690: "Bd. 21" read as an edition before "Nr. 1"; the series
	 * after the publisher's stop */
	rt_parse_words_ctx("ALDCROFT, R., 2006. Footnotes. Journal of History. 2006. Bd. 21, Nr. 1, "
			   "S. 63-90",
			   "author author date title container-title container-title container-title "
			   "date edition edition volume volume pages pages", NULL, A, &c);
	assert_str(c.volume, "21");
	assert_str(c.issue, "1");
	assert_null(c.edition);
	rt_parse_words_ctx("BREDOW, K., 2003. Zwischen Kanzel. Frankfurt am Main: Suhrkamp. Studien zur "
			   "Wissensgeschichte, 14",
			   "author author date title title place place place publisher publisher "
			   "publisher publisher date", NULL, A, &c);
	assert_str(c.publisher, "Suhrkamp");
	assert_str(c.collection_title, "Studien zur Wissensgeschichte");
	assert_str(c.collection_number, "14");
	/* Vancouver's names after the entry's number, read as the title */
	rt_parse_words_ctx("28. Pritchard GA. Reading Ruskin in Manchester. Liverpool: LUP; 2014.",
			   "other title title title title title title place publisher date", NULL, A,
			   &c);
	assert_int_equal(c.n_authors, 1);
	check_name(&c.authors[0], "Pritchard", "GA", NULL, NULL);
	assert_str(c.title, "Reading Ruskin in Manchester");
	rt_parse_words_ctx("47. Kessel D von. Ein Volk von Lesern. In: Berg R, editor. Bildung. "
			   "Berlin: Gruyter; 2012. p. 33-58.",
			   "other title title title title title title title other editor editor editor "
			   "container-title place publisher date pages pages", NULL, A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].family, "Kessel");
	assert_str(c.authors[0].particle, "von");
	/* a title that opens with a roman numeral or with too few words
	 * after the "names": as read */
	rt_parse_words_ctx("World War II. The Pacific Theatre of Operations. London: Penguin; 2001.",
			   "title title title title title title title title place publisher date", NULL,
			   A, &c);
	assert_int_equal(c.n_authors, 0);
	/* MHRA: a series with its number before the bracketed imprint; the
	 * periodical after the quoted title; the year before the archive;
	 * the DOI of a doi.org link; "unpublished" before a thesis */
	rt_parse_words_ctx("Du Fresnay, H., Le livre d'heures, R\xc3\xa9impressions savantes, 3 (Paris: "
			   "Champion, 2010)",
			   "author author author title title title container-title container-title "
			   "volume place publisher date", NULL, A, &c);
	assert_str(c.collection_title, "R\xc3\xa9impressions savantes");
	assert_str(c.collection_number, "3");
	assert_null(c.container_title);
	rt_parse_words_ctx("Dunmore, Alice, \xe2\x80\x98What Is a Book Now?\xe2\x80\x99, The Reading "
			   "Room, 4 November 2019, pp. 34-39",
			   "author author title title title title title title title title date date "
			   "date pages pages", NULL, A, &c);
	assert_str(c.title, "What Is a Book Now?");
	assert_str(c.container_title, "The Reading Room");
	rt_parse_words_ctx("Halloway, R., \xe2\x80\x98" "Commonplace Book\xe2\x80\x99, 1654, Norfolk Record "
			   "Office, Norwich, MC 2291/4",
			   "author author title title container-title publisher publisher publisher "
			   "place place place", NULL, A, &c);
	assert_int_equal(c.issued.year, 1654);
	rt_parse_words_ctx("Bellamy, H., \xe2\x80\x98Peasants\xe2\x80\x99, Rural History, 31.2 (2019), "
			   "117-42 <https://doi.org/10.5555/rhq.2019.0412>",
			   "author author title container-title container-title volume date pages "
			   "pages", NULL, A, &c);
	assert_str(c.doi, "10.5555/rhq.2019.0412");
	rt_parse_words_ctx("Holmwood, K., \xe2\x80\x98Print\xe2\x80\x99 (unpublished PhD diss., "
			   "University of Cambridge, 2012)",
			   "author author title genre genre genre publisher publisher publisher date",
			   NULL, A, &c);
	assert_str(c.genre, "PhD diss.");
	/* Vancouver's thesis in brackets after the title; other brackets
	 * stay the title's */
	rt_parse_words_ctx("90. Bovet A. L'\xc3\xa9" "dition savante [Th\xc3\xa8se de doctorat]. [Gen\xc3\xa8ve]: "
			   "Universit\xc3\xa9 de Gen\xc3\xa8ve; 2016.",
			   "other author author title title title title title place publisher "
			   "publisher publisher date", NULL, A, &c);
	assert_str(c.type, "thesis");
	assert_str(c.title, "L'\xc3\xa9" "dition savante");
	rt_parse_words_ctx("Smith J. Title [sic] of it. Boston: Harvard; 2001.",
			   "author author title title title title place publisher date", NULL, A, &c);
	assert_str(c.title, "Title [sic] of it");
	/* APA 7: the publisher after the bracket of the pages, the volume or
	 * the report's number; the series after its ";"; a book's title
	 * before "(Vol. 1)"; the translator in brackets after the title */
	rt_parse_words_ctx("Alc, D. (2013). Una corte. In I. Montero (Eds.), Im\xc3\xa1genes (pp. "
			   "233-259). C\xc3\xa1tedra.",
			   "author author date title title editor editor editor editor container-title "
			   "pages pages place", NULL, A, &c);
	assert_str(c.publisher, "C\xc3\xa1tedra");
	assert_null(c.place);
	rt_parse_words_ctx("Zhai, S. (1991). A system. Proceedings of SPIE (pp. 311-320). Boston, MA.",
			   "author author date title title container-title container-title "
			   "container-title pages pages place place", NULL, A, &c);
	assert_str(c.place, "Boston, MA");
	rt_parse_words_ctx("Council. (2011). Preserving Records (No. 17; Archives Policy Papers). "
			   "Council for Archives.",
			   "author date title title note note note note note note note note", NULL, A,
			   &c);
	assert_str(c.collection_title, "Archives Policy Papers");
	assert_str(c.publisher, "Council for Archives");
	assert_str(c.title, "Preserving Records");
	rt_parse_words_ctx("De Rosa, C. (1994). Storia della lingua (Vol. 1). Liguori.",
			   "author author author date container-title container-title container-title "
			   "volume volume place", NULL, A, &c);
	assert_str(c.title, "Storia della lingua");
	assert_str(c.volume, "1");
	assert_str(c.publisher, "Liguori");
	rt_parse_words_ctx("Castillo, H. W. (2005). Les voix du silence (S. Delacroix-Vernet, Trans.). "
			   "\xc3\x89" "ditions du Seuil.",
			   "author author author date title title title title title title title "
			   "publisher publisher publisher", NULL, A, &c);
	assert_str(c.title, "Les voix du silence");
	assert_int_equal(c.n_translators, 1);
	assert_str(c.translators[0].family, "Delacroix-Vernet");
	/* ISO 690 (French): the series' number ends the entry with its stop;
	 * the imprint after the book's title read into the container */
	rt_parse_words_ctx("DU FRESNAY, H., 2010. Le livre. Paris : Honor\xc3\xa9 Champion. "
			   "R\xc3\xa9impressions savantes, 3.",
			   "author author author date title title place place publisher publisher "
			   "publisher publisher publisher", NULL, A, &c);
	assert_str(c.collection_title, "R\xc3\xa9impressions savantes");
	assert_str(c.collection_number, "3");
	assert_str(c.publisher, "Honor\xc3\xa9 Champion");
	rt_parse_words_ctx("HERRERA, G., 2004. La censura. In : VILLALBA, T. (\xc3\xa9" "d.), Libros y "
			   "lectores. Ciudad de M\xc3\xa9xico : Fondo de Cultura. pp. 45-68.",
			   "author author date title title other other editor "
			   "editor editor container-title container-title container-title "
			   "container-title container-title container-title container-title "
			   "container-title container-title container-title pages pages", NULL, A, &c);
	assert_str(c.container_title, "Libros y lectores");
	assert_str(c.place, "Ciudad de M\xc3\xa9xico");
	assert_str(c.publisher, "Fondo de Cultura");
	/* a site named for libraries after a title with "fonds": no archive */
	rt_parse_words_ctx("Dubosc-Hamel, Claire. \"Inventaire des fonds.\" Biblioth\xc3\xa8ques "
			   "m\xc3\xa9" "di\xc3\xa9vales en ligne, 15 Mar. 2021, https://example.org/x.",
			   "author author title title title container-title container-title "
			   "container-title container-title date date date url", NULL, A, &c);
	assert_string_not_equal(c.type, "manuscript");
	assert_str(c.title, "Inventaire des fonds");
	/* Chicago's report in a series after the quoted title; a talk's
	 * occasion is no series */
	rt_parse_words_ctx("Council. \xe2\x80\x9cPreserving Records.\xe2\x80\x9d Archives Policy Papers. "
			   "London: Council, 2011.",
			   "author title title container-title container-title container-title place "
			   "publisher date", NULL, A, &c);
	assert_str(c.collection_title, "Archives Policy Papers");
	assert_null(c.container_title);
	rt_parse_words_ctx("Bain, J. \xe2\x80\x9cMusicology\xe2\x80\x9d presented at the Meeting. "
			   "Halifax: March, 2014.",
			   "author author title container-title container-title container-title "
			   "container-title place date date", NULL, A, &c);
	assert_null(c.collection_title);
	/* ISO 690's "[en línea]" read as the URL before the link itself */
	rt_parse_words_ctx("DUBOSC, C., 2021. Inventaire. Biblioth\xc3\xa8ques en ligne [en l\xc3\xad" "nea]. "
			   "Disponible en: https://example.org/x",
			   "author author date title container-title container-title container-title "
			   "url url url url url", NULL, A, &c);
	assert_str(c.url, "https://example.org/x");
	/* Chicago's reprint: the original year, then the reprint's */
	rt_parse_words_ctx("Crewe, Arthur. The Moral Economy. 1958. Reprint, London: Routledge, 1991.",
			   "author author title title title date edition place publisher date", NULL,
			   A, &c);
	assert_int_equal(c.issued.year, 1991);
	assert_int_equal(c.original.year, 1958);
	assert_null(c.edition);
	/* a report's office and month after the stop: no series */
	rt_parse_words_ctx("EPA. 1992. Guides. Washington: Office of Water. November.",
			   "author date title place publisher publisher publisher publisher", NULL, A,
			   &c);
	assert_null(c.collection_title);
}

/* A Vancouver author list run into the title gives the title back. */
static void test_vancouver_overrun(void **state)
{
	(void)state;
	words_fields("Okonkwo AN, Berg T. Salt, state, and society. J Afr Hist. 2019;60(2):211-34.",
		     "author author author author author title title title container-title "
		     "container-title container-title volume",
		     2, "Salt, state, and society", "J Afr Hist");
	words_fields("40. Yang YT, Meiners MR. Care Coordination and Nursing. J Law. 2014;42:93.",
		     "other author author author author author title title title container-title "
		     "container-title volume",
		     2, "Care Coordination and Nursing", "J Law");
	/* initials after the stop, a year, no pair with a comma before, a
	 * degree after a given name: as read */
	words_fields("Eliot T. S., Pound E. Poems. London 1920.",
		     "author author author author author title place date", 2, "Poems", NULL);
	words_fields("Harsch MA, Duncan RP. .2009. Are treelines advancing?",
		     "author author author author author title title title", 2, "Are treelines advancing?", NULL);
	words_fields("Berg T. Salt and state. London 1920.",
		     "author author author title title place date", 1, "and state", NULL);
	words_fields("3- Paul Tran MD, Eric J. Reed, Hahn F. Incidence of things.",
		     "author author author author author author author author author author "
		     "title title", 3, "of things", NULL);
}

/* An edition field that is a volume ("Bd. 2") is the volume. */
static void test_edition_volume(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[author Schmidt, Otto:] [title Das Salz im Mittelalter,] [edition Bd. 2,] "
		 "[place Berlin] [date 1931.]", A, &c);
	assert_str(c.volume, "2");
	assert_null(c.edition);
	rt_parse("[title Opere,] [edition vol. IV.] [date 1931.]", A, &c);
	assert_str(c.volume, "IV");
	/* a volume read already, a series after the number, an edition: kept */
	rt_parse("[title Opere,] [volume 3,] [edition Bd. 2,] [date 1931.]", A, &c);
	assert_str(c.volume, "3");
	rt_parse("[title Opere,] [edition Bd. 3 des Handbuchs] [date 1931.]", A, &c);
	assert_null(c.volume);
	rt_parse("[title Opere,] [edition 2nd ed.] [date 1931.]", A, &c);
	assert_null(c.volume);
	assert_str(c.edition, "2");
	/* a roman numeral after the date and before the pages, read as the
	 * publisher: the volume cited */
	rt_parse_words_ctx("F. Braudel, La Méditerranée, Paris 1966, I, p. 120.",
			   "author author title title place date publisher pages pages", NULL, A, &c);
	assert_str(c.volume, "I");
	assert_null(c.publisher);
	rt_parse_words_ctx("F. Braudel, La Méditerranée, Paris 1966, II, p. 120.",
			   "author author title title place date container-title pages pages", NULL,
			   A, &c);
	assert_str(c.volume, "II");
	assert_null(c.container_title);
	/* a publisher's name, or a numeral before no pages: as read */
	rt_parse_words_ctx("F. Braudel, La Méditerranée, 1966, Colin, p. 120.",
			   "author author title title date publisher pages pages", NULL, A, &c);
	assert_str(c.publisher, "Colin");
	rt_parse_words_ctx("F. Braudel, La Méditerranée, 1966, I, Paris.",
			   "author author title title date publisher place", NULL, A, &c);
	assert_null(c.volume);
	/* a volume of a work in several, read as a container (a note's page
	 * was its pinpoint): the title; a journal's bare number stays */
	rt_parse("[author Otto Schmidt,] [container-title Das Salz im Mittelalter,] [volume Bd. 2,] "
		 "[place Berlin] [date 1931]", A, &c);
	assert_str(c.title, "Das Salz im Mittelalter");
	assert_str(c.type, "book");
	rt_parse("[author Otto Schmidt,] [container-title Zeitschrift,] [volume 12,] "
		 "[place Berlin] [date 1931]", A, &c);
	assert_str(c.container_title, "Zeitschrift");
}

/* The Vancouver imprint, however the labeller split it. */
static void vanc(const char *spec, const char *v, const char *i, const char *pg,
		 int year, int month, int day)
{
	ref_citation c;
	rt_parse(spec, A, &c);
	assert_str(c.volume, v);
	assert_str(c.issue, i);
	assert_str(c.page, pg);
	assert_int_equal(c.issued.year, year);
	assert_int_equal(c.issued.month, month);
	assert_int_equal(c.issued.day, day);
}

static void test_vancouver(void **state)
{
	(void)state;
	vanc("[container-title Ocean Eng.] [volume 2017;12(4):88-97.]", "12", "4", "88-97",
	     2017, 0, 0);
	vanc("[container-title Ocean Eng.] [date 2017;] [issue 12(4):] [pages 88-97.]", "12",
	     "4", "88-97", 2017, 0, 0);
	vanc("[container-title J Hydrol.] [date 2015] [pages Mar;520:44-51.]", "520", NULL,
	     "44-51", 2015, 3, 0);
	vanc("[container-title Geomorphology.] [date 2012 Jun] [pages 15;157:23-34.]", "157",
	     NULL, "23-34", 2012, 6, 15);
	vanc("[container-title Mar Geol.] [volume 2009;258(1-4):1-12.]", "258", "1-4", "1-12",
	     2009, 0, 0);
	vanc("[container-title Arch Gen Psychiatry] [date 1973;] [volume 28 (3):] "
	     "[pages 318\xE2\x80\x93" "25.]", "28", "3", "318-25", 1973, 0, 0);
	vanc("[container-title Estuaries.] [date 2003;(Suppl 2):S12-S19.]", NULL, "Suppl 2",
	     "S12-S19", 2003, 0, 0);
	vanc("[container-title Health Qual Life Outcomes.] [date 2009;7:] [pages 27.]", "7",
	     NULL, "27", 2009, 0, 0);
	/* not this form: left to the runs */
	vanc("[container-title Quarterly;] [date Dec 2000;] [volume 45,] [issue (4),] "
	     "[pages pg. 837]", "45", "4", "837", 2000, 12, 0);
	vanc("[container-title Metabolites.] [date 2019 Jan 2; 2019 Jan 2.]", NULL, NULL, NULL,
	     2019, 1, 2);
	vanc("[container-title Processing in Cells] [date 1998;] [pages 203-212.]", NULL, NULL,
	     "203-212", 1998, 0, 0);
	vanc("[title Events of 2017;12 days apart] [date 2018.]", NULL, NULL, NULL, 2018, 0, 0);
}

/* A book's length ("xiv, 316 p.") is its number of pages, not a page. */
static void total(const char *spec, const char *page, const char *pages_total)
{
	ref_citation c;
	rt_parse(spec, A, &c);
	assert_str(c.page, page);
	assert_str(c.pages_total, pages_total);
}

static void test_pages_total(void **state)
{
	(void)state;
	total("[title To Drink of Death.] [publisher Arizona UP,] [date 1993.] "
	      "[pages xiv, 316 p.]", NULL, "316");
	total("[title Rahmenrichtlinien.] [place Saarbr\xC3\xBC" "cken] [date 1978.] "
	      "[pages 233 S.;]", NULL, "233");
	total("[title A Study.] [date 2001.] [pages 120 pages.]", NULL, "120");
	total("[title Le soignant.] [date 2013.] [pages 189p.]", NULL, "189");
	total("[title \xD0\x9F\xD0\xBE\xD1\x80\xD1\x82\xD1\x8B.] [date 1985.] "
	      "[pages 240 \xD1\x81.]", NULL, "240"); /* GOST: 240 с. */
	total("[title A Study.] [date 2001.] [pages xii + 88 pp.]", NULL, "88");
	total("[title Paleomagnetic study.] [container-title Survey Bulletin,] [volume v. 90,] "
	      "[pages 34 p.]", NULL, "34");
	total("[title Nelinejnaja.] [place M.:] [date 2002.-] [note 372 \xD1\x81.]", NULL, "372");
	/* a page cited, a bare number, a range: a page */
	total("[title A Study.] [date 2001.] [pages p. 316.]", "316", NULL);
	total("[title A Study.] [date 2001.] [pages 316.]", "316", NULL);
	total("[title A Study.] [date 2001.] [pages 3-16 pp.]", "3-16 pp", NULL);
	total("[container-title J Heart.] [date 2011;30(S219):] [pages 4S.]", "4S", NULL);
}

static void assert_name_parts(const ref_name *n, const char *family, const char *given,
			      const char *particle)
{
	assert_str(n->family, family);
	assert_str(n->given, given);
	assert_str(n->particle, particle);
}

static void pages(const char *spec, const char *want)
{
	ref_citation c;
	rt_parse(spec, A, &c);
	assert_str(c.page, want);
}

static void test_pages(void **state)
{
	(void)state;
	pages("[pages 74\xE2\x80\x93" "117.]", "74-117");
	pages("[pages pp. 74-117]", "74-117");
	pages("[pages S. 12\xE2\x80\x93" "15]", "12-15");
	pages("[pages p. 5]", "5");
	pages("[pages 74 -- 117,]", "74-117");
	pages("[pages e1002345]", "e1002345");
	/* a supplement's or a newspaper section's letter is the page's */
	pages("[pages S1\xE2\x80\x93S9.]", "S1-S9");
	pages("[pages C1+.]", "C1+");
	pages("[pages S. 7]", "7");
	/* a soft hyphen set for the range's dash (PDF text) */
	pages("[pages 125\xC2\xAD" "140.]", "125-140");
	pages("[pages 32\xC2\xAD-50.]", "32-50");
	/* a range whose dash was lost or garbled: the second number larger */
	pages("[pages 88 96]", "88-96");
	pages("[pages 510?520]", "510-520");
	pages("[pages 474#486.]", "474-486");
	pages("[pages 290_301]", "290-301");
	pages("[pages 96 12]", "96 12");
	pages("[pages 12, 15]", "12, 15");
	/* ... and inside a word, where it only marks a break */
	ref_citation c;
	rt_parse("[title Gesellschafts\xC2\xADrituale im Roman.] [date 1990.]", A, &c);
	assert_str(c.title, "Gesellschaftsrituale im Roman");
	rt_parse("[title Ma\xC2\xAD]", A, &c);
	assert_str(c.title, "Ma\xC2\xAD");
}

static void test_doi_url_isbn(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[doi doi:10.1000/xyz123.]", A, &c);
	assert_str(c.doi, "10.1000/xyz123");
	rt_parse("[doi https://doi.org/10.1000/abc.def]", A, &c);
	assert_str(c.doi, "10.1000/abc.def");
	rt_parse("[doi DOI: 10.1002/ (SICI)1097-4571(199806)49:8<693::AID>3.0.CO;2-O.]",
		 A, &c);
	assert_str(c.doi, "10.1002/(SICI)1097-4571(199806)49:8<693::AID>3.0.CO;2-O");
	rt_parse("[doi 10.1000/ab cd]", A, &c);
	assert_str(c.doi, "10.1000/abcd");
	rt_parse("[url <http://example.org/index.cfm?topic_id=1409&fuseaction=library.document&id =468>.]",
		 A, &c);
	assert_str(c.url,
		   "http://example.org/index.cfm?topic_id=1409&fuseaction=library.document&id=468");
	rt_parse("[url URL: https://example.org/a_(b)).]", A, &c);
	assert_str(c.url, "https://example.org/a_(b)");
	/* a link or a DOI among other words of another field is cut out */
	rt_parse("[title Prism.] [publisher GraphPad Software, San Diego. <http://www.graphpad.com>]", A, &c);
	assert_str(c.url, "http://www.graphpad.com");
	assert_str(c.publisher, "GraphPad Software, San Diego");
	rt_parse("[title Fatigue.] [note doi: 10.1080/02640414.2013.865253]", A, &c);
	assert_str(c.doi, "10.1080/02640414.2013.865253");
	assert_null(c.note);
	rt_parse("[title Report.] [note Available at: http://example.org/a/ b/c.pdf. Accessed May 2013]", A, &c);
	assert_str(c.url, "http://example.org/a/b/c.pdf");
	assert_null(c.note); /* what is left is the access date */
	assert_int_equal(c.accessed.year, 2013);
	assert_int_equal(c.accessed.month, 5);
	rt_parse("[title Manual.] [note version 10.2 of the manual]", A, &c);
	assert_null(c.doi);
	assert_str(c.note, "version 10.2 of the manual");
	rt_parse("[title Site.] [url http://example.org/] [note see also http://example.com/b]", A, &c);
	assert_str(c.url, "http://example.org/");
	assert_str(c.note, "see also http://example.com/b");
	/* a tag or an access date glued to the link's end goes; a DOI's own
	 * brackets stay */
	rt_parse("[doi 10.1038/nm.2234(accessed 3 May 2015)]", A, &c);
	assert_str(c.doi, "10.1038/nm.2234");
	rt_parse("[url http://example.org/Ecoregions.aspx(accessedAugust27,2015)]", A, &c);
	assert_str(c.url, "http://example.org/Ecoregions.aspx");
	rt_parse("[url http://example.org(30/01/2015)]", A, &c);
	assert_str(c.url, "http://example.org");
	rt_parse("[doi 10.1061/(ASCE)0733-9429(1992)118:7(1031)]", A, &c);
	assert_str(c.doi, "10.1061/(ASCE)0733-9429(1992)118:7(1031)");
	rt_parse("[url https://example.org/wiki/Set_(mathematics)]", A, &c);
	assert_str(c.url, "https://example.org/wiki/Set_(mathematics)");

	rt_parse("[url https://doi.org/10.5555/12345678.]", A, &c);
	assert_str(c.doi, "10.5555/12345678");
	/* a link read as the publisher or the container is the URL */
	rt_parse("[title Land Cover.] [place Charleston:] [publisher http://example.org/data/#/]", A, &c);
	assert_str(c.url, "http://example.org/data/#/");
	assert_null(c.publisher);
	assert_str(c.place, "Charleston");
	rt_parse("[title Notes.] [container-title www.example.org/notes]", A, &c);
	assert_str(c.url, "www.example.org/notes");
	assert_null(c.container_title);
	/* a publisher with words beside a link keeps them, the link is the URL */
	rt_parse("[title Notes.] [publisher Example Press, http://example.org]", A, &c);
	assert_str(c.url, "http://example.org");
	assert_str(c.publisher, "Example Press");
	rt_parse("[isbn ISBN 978-0-8078-4962-6.]", A, &c);
	assert_str(c.isbn, "9780807849626");
	rt_parse("[isbn ISBN-10: 0-8078-4962-X]", A, &c);
	assert_str(c.isbn, "080784962X");
}

static void test_accessed_edition(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[title Page.] [url http://example.org/x.] [accessed Accessed 30 March 2003.]",
		 A, &c);
	assert_int_equal(c.accessed.year, 2003);
	assert_int_equal(c.accessed.month, 3);
	assert_int_equal(c.accessed.day, 30);
	rt_parse("[title Buch.] [edition 2. Aufl.]", A, &c);
	assert_str(c.edition, "2");
	rt_parse("[title Book.] [edition 3rd ed.]", A, &c);
	assert_str(c.edition, "3");
	rt_parse("[title Book.] [edition Revised edition.]", A, &c);
	assert_str(c.edition, "Revised");
	/* Vancouver's access date and medium */
	rt_parse_words_ctx("Ports [Internet]. Lagos: Univ. Press; 2018 [cited 2021 Mar 3]. "
			   "Available from: https://example.org/p",
			   "title title place publisher publisher date note note note note note note "
			   "url", NULL, A, &c);
	assert_str(c.title, "Ports");
	assert_int_equal(c.accessed.year, 2021);
	assert_int_equal(c.accessed.month, 3);
	assert_int_equal(c.accessed.day, 3);
	assert_null(c.note);
	rt_parse("[title Salt.] [note cited 2014 Nov 30]", A, &c);
	assert_int_equal(c.accessed.year, 2014);
	assert_null(c.note);
	rt_parse_words_ctx("Salt [En ligne].", "title title title", NULL, A, &c);
	assert_str(c.title, "Salt");
	/* "Cited by", a bracket with more than link words after it, a medium
	 * inside the title: as read */
	rt_parse("[title Salt.] [note Cited By (since 1996): 3.]", A, &c);
	assert_int_equal(c.accessed.year, 0);
	assert_non_null(c.note);
	rt_parse_words_ctx("Salt. [cited 2021 Mar 3]. Reviewed by J. Smith",
			   "title note note note note note note note note", NULL, A, &c);
	assert_int_equal(c.accessed.year, 0);
	rt_parse_words_ctx("The [Internet] and its users.", "title title title title title",
			   NULL, A, &c);
	assert_str(c.title, "The [Internet] and its users");
	/* the edition in superscript before the year (German) or after it
	 * (Italian, French) */
	rt_parse("[title Buch.] [place G\xc3\xb6ttingen] [date \xc2\xb3" "1970.]", A, &c);
	assert_int_equal(c.issued.year, 1970);
	assert_str(c.edition, "3");
	rt_parse("[title Libro.] [place Paris] [date 1966\xc2\xb2,]", A, &c);
	assert_int_equal(c.issued.year, 1966);
	assert_str(c.edition, "2");
	rt_parse("[title Libro.] [date 1966\xe2\x81\xb4\xc2\xb9]", A, &c);
	assert_str(c.edition, "41");
	/* read as the place, the year with its edition is still the date */
	rt_parse_words_ctx("F. Braudel, Storia, Paris 1966\xc2\xb2, p. 1.",
			   "author author title place place pages pages", NULL, A, &c);
	assert_int_equal(c.issued.year, 1966);
	assert_str(c.place, "Paris");
	/* a superscript that is no edition: as before */
	rt_parse("[title Libro.] [date 1966\xc2\xb2x]", A, &c);
	assert_null(c.edition);
	rt_parse("[title Libro.] [date 196\xc2\xb2]", A, &c);
	assert_null(c.edition);
}

static void type_is(const char *spec, const char *want)
{
	ref_citation c;
	rt_parse(spec, A, &c);
	if (strcmp(c.type, want) != 0) {
		print_error("%s: type %s want %s\n", spec, c.type, want);
		fail();
	}
}

static void test_types(void **state)
{
	(void)state;
	type_is("[author Chen, Jian.] [title Mao's China.] [place Chapel Hill:] "
		"[publisher UNC Press,] [date 2001.]", "book");
	type_is("[author Chen, Jian.] [title \"The Origins.\"] In [editor Jun Niu, ed.,] "
		"[container-title Cold War Essays.] [place Boston:] [publisher Brill,] "
		"[date 2004.]", "chapter");
	type_is("[author Smith, J.] [date (2001).] [title Rivers.] "
		"[container-title Journal of Rivers,] [volume 106(3),] [pages 74-117.]",
		"article-journal");
	type_is("[author Smith, J.] [title Floods.] [container-title The Times,] "
		"[date 1 Jun. 1992.]", "article-newspaper");
	/* a book review names the book and its author; a review article not */
	type_is("[author Grafton, Anthony.] [title Review of The Cheese and the Worms, by Carlo "
		"Ginzburg.] [container-title Journal of Modern History] [volume 53,] "
		"[pages 95-97.]", "review-book");
	type_is("[author Klatt, D.] [title Review of text-to-speech conversion.] "
		"[container-title Journal of Acoustics] [volume 82,] [pages 737-793.]",
		"article-journal");
	/* an academy's or a society's proceedings with a volume is a journal;
	 * a meeting's are a conference's */
	type_is("[author Lucas, A.] [title Hydrodynamic theory.] [container-title Proc. Natl "
		"Acad. Sci. USA] [volume 113,] [pages 9463-9468] [date (2016).]", "article-journal");
	type_is("[author Lucas, A.] [title Theory.] [container-title Proc. IEEE] [volume 86,] "
		"[pages 1-9] [date (1998).]", "article-journal");
	type_is("[author Lucas, A.] [title Theory.] [container-title Proc. IEEE Nucl. Sci. Symp.] "
		"[volume 2,] [pages 1-9] [date (2008).]", "paper-conference");
	type_is("[author Lucas, A.] [title Theory.] [container-title Proceedings of the "
		"Society for Music Theory Annual Meeting] [pages 1-9] [date (2008).]",
		"paper-conference");
	/* a working-paper series read as the container: a report, the series
	 * its collection-title; a journal of "Research Papers" stays one */
	{
		ref_citation c;
		rt_parse("[author Kitzberger, P.] [date (2010).] [title The Media Activism.] "
			 "[container-title (GIGA Working Paper No. 151)] [place Hamburg:] "
			 "[publisher GIGA.]", A, &c);
		assert_str(c.type, "report");
		assert_str(c.collection_title, "GIGA Working Paper No. 151");
		assert_null(c.container_title);
	}
	type_is("[author Brierley, A. S.] [date (1998).] [title An assessment.] "
		"[container-title Deep-Sea Research Part I: Oceanographic Research Papers,] "
		"[volume 45,] [pages 1-17.]", "article-journal");
	type_is("[author Smith, J.] [title Floods.] [container-title Harper's,] "
		"[date March 1992,] [pages 12-15.]", "article-magazine");
	type_is("[author Smith, J.] [date 1999.] [title Trade.] [genre Working Paper] "
		"[issue 12,] [publisher Woodrow Wilson Center.]", "report");
	type_is("[author Smith, J.] [date 1999.] [title Trade.] [genre Technical Report] "
		"[publisher MIT.]", "report");
	type_is("[publisher World Bank] [title Trade.] [issue No. 12.] [date 1999.]",
		"report");
	type_is("[author Smith, J.] [title Rivers.] [genre PhD diss.,] "
		"[publisher Yale University,] [date 1999.]", "thesis");
	type_is("[author Smith, J.] [title Rivers.] [genre Master's thesis,] "
		"[date 1999.]", "thesis");
	type_is("[author Dupont, M.] [title Fleuves.] [genre Thèse de doctorat,] "
		"[date 1999.]", "thesis");
	type_is("[author Müller, H.] [title Flüsse.] [genre Diss.] [date 1999.]",
		"thesis");
	type_is("[author Smith, J.] [title Rivers.] [url http://example.org.] "
		"[accessed Accessed 30 March 2003.]", "webpage");
	type_is("[author Smith, J.] [title Rivers.] In [container-title Proceedings "
		"of the River Conference,] [pages 1-9.] [date 1999.]",
		"paper-conference");
	type_is("[author Smith, J.] [title Rivers.] [container-title Proc. ACL,] "
		"[date 1999.]", "paper-conference");
	type_is("[author Smith, John.] [title Letter to Jane.] [date 3 May 1950.] "
		"[note Box 4, folder 2, John Smith Papers, State Archive.]",
		"manuscript");
	type_is("[title Report on rivers.] [note MS 123, fond 5.]", "manuscript");
	/* a repository named where an author or the title stands, with a
	 * folio or register */
	type_is("[author Archivio di Stato di Venezia,] [container-title Senato,] "
		"[volume reg. 12,] [pages fol. 34r.]", "manuscript");
	type_is("[title Archivio di Stato di Venezia, Senato, reg.] [volume 12,] "
		"[pages fol. 34r.]", "manuscript");
	type_is("[author London, National Archives,] [note PRO 30/22/1,] [pages fol. 12.]",
		"manuscript");
	/* a press or a journal named for archives is no archive */
	type_is("[author Fiedler, Leslie.] [title Love and Death.] [place Champaign:] "
		"[publisher Dalkey Archive,] [date 2003.]", "book");
	type_is("[author Ham, Gerald.] [title The Archival Edge,] [container-title "
		"American Archivist,] [date 1975.]", "article-journal");
	type_is("[author Smith, John.] [title Letter.] [publisher John Smith Papers, "
		"State Archive,] [pages Box 4.]", "manuscript");
	/* a library in a title is not enough without a shelfmark */
	type_is("[author Smith, J.] [title The Library of Alexandria.] [place London:] "
		"[publisher Penguin,] [date 2001.]", "book");
	/* "in:" before a journal with a volume: an article */
	type_is("[author Hammel-Kiesow, Rolf,] [title „Die Hanse und Europa“,] in: "
		"[container-title Hansische Geschichtsblätter] [volume 120] [date (2002),] "
		"[pages S. 1–31.]", "article-journal");
	/* "In" before a journal with an issue: an article, not a chapter */
	type_is("[author Dupont, M.] [title Gazettes.] Dans [container-title Revue "
		"d'histoire moderne,] [volume vol. 45,] [issue no 2,] [pages p. 201-230.]",
		"article-journal");
	type_is("[note nothing]", "document");
}

/* Fields of spec: the names, title and container as one line. */
static void fields_are(const char *spec, const char *want)
{
	ref_citation c;
	rt_parse(spec, A, &c);
	char got[512];
	int k = snprintf(got, sizeof got, "%s |", c.type);
	for (size_t i = 0; i < c.n_authors && k < (int)sizeof got; i++)
		k += snprintf(got + k, sizeof got - (size_t)k, " A:%s",
			      c.authors[i].family ? c.authors[i].family : "-");
	for (size_t i = 0; i < c.n_editors && k < (int)sizeof got; i++)
		k += snprintf(got + k, sizeof got - (size_t)k, " E:%s",
			      c.editors[i].family ? c.editors[i].family : "-");
	if (k < (int)sizeof got)
		snprintf(got + k, sizeof got - (size_t)k, " | %s | %s", c.title ? c.title : "-",
			 c.container_title ? c.container_title : "-");
	if (strcmp(got, want) != 0) {
		print_error("%s\ngot  %s\nwant %s\n", spec, got, want);
		fail();
	}
}

/* ref_labels_fix over s's tokens (ref_tokenize) labelled by white-space
 * word from words (one label name a word): the label of word k's first
 * token, and *same whether no rule changed anything. */
static ref_label fixed_word_label(const char *s, const char *words, size_t k, int *same)
{
	ref_token *t;
	ref_label *l;
	size_t nt = rt_words_labelled(s, words, A, &t, &l);
	const ref_label *f = ref_labels_fix(s, t, l, nt, A);
	*same = f == l;
	for (size_t i = 0; i < nt; i++)
		if (t[i].word == k)
			return f[i];
	fail();
	return REF_OTHER;
}

/* The issue after the volume, read as the volume: a number in brackets or
 * an issue word and its number, as a word of its own; not a year in
 * brackets, nor a number joined to the volume ("49(3),"). */
static void test_issue_after_volume(void **state)
{
	(void)state;
	int same;
	const char *s = "Cognition, 49 (3), 291-296.";
	const char *w = "container-title volume volume pages";
	assert_int_equal(fixed_word_label(s, w, 1, &same), REF_VOLUME);
	assert_int_equal(fixed_word_label(s, w, 2, &same), REF_ISSUE);
	s = "Analysis, Vol. 8, No. 4, 2000.";
	w = "container-title volume volume volume volume date";
	assert_int_equal(fixed_word_label(s, w, 2, &same), REF_VOLUME);
	assert_int_equal(fixed_word_label(s, w, 3, &same), REF_ISSUE);
	assert_int_equal(fixed_word_label(s, w, 4, &same), REF_ISSUE);
	assert_int_equal(fixed_word_label(s, w, 5, &same), REF_DATE);
	s = "New Scientist 199 (issue 2666): 32-35.";
	w = "container-title container-title volume volume volume pages";
	assert_int_equal(fixed_word_label(s, w, 3, &same), REF_ISSUE);
	assert_int_equal(fixed_word_label(s, w, 4, &same), REF_ISSUE);
	/* a year, a volume joined to its issue, no number before: as they were */
	fixed_word_label("Kindler 2 (1972) 165-177", "container-title volume volume pages", 2, &same);
	assert_true(same);
	fixed_word_label("Cognition, 49(3), 291-296.", "container-title volume pages", 1, &same);
	assert_true(same);
	fixed_word_label("Reports No. 4, 2000.", "container-title volume volume date", 1, &same);
	assert_true(same);
}

/* ref_labels_fix, what `quire cite --format tokens` prints: the rules'
 * labels token by token, and the labeller's own array back when no rule
 * applies. */
static void test_labels_fix(void **state)
{
	(void)state;
	rt_ref *r = calloc(1, sizeof *r);
	assert_non_null(r);
	rt_build(r, "[author Lin, N., Abney, K., & Bekey, G.] (Eds.). "
		 "[date (2012).] [title Robot ethics.] [place Cambridge:] [publisher MIT.]");
	const ref_label *f = ref_labels_fix(r->s, r->toks, r->labels, r->ntok, A);
	assert_ptr_not_equal(f, r->labels);
	/* Lin, N., Abney, K., & Bekey, G. (Eds.). */
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(f[i], REF_EDITOR);
	assert_int_equal(f[8], REF_DATE);
	assert_int_equal(f[9], REF_TITLE);
	/* the labeller's array is left as it was */
	assert_int_equal(r->labels[0], REF_AUTHOR);
	assert_int_equal(r->labels[7], REF_OTHER);
	/* no role: the same array */
	rt_build(r, "[author Smith, Ed.] [title Rivers.] [date 2001.]");
	assert_ptr_equal(ref_labels_fix(r->s, r->toks, r->labels, r->ntok, A), r->labels);
	/* a book cited whole, read as a container: its tokens are the title */
	rt_build(r, "[author R. Stoneman,] [container-title Il romanzo di Alessandro. "
		 "Volume I,] [place Milano] [date 2007.]");
	f = ref_labels_fix(r->s, r->toks, r->labels, r->ntok, A);
	for (size_t i = 0; i < r->ntok; i++)
		assert_int_not_equal(f[i], REF_CONTAINER);
	assert_int_equal(f[5], REF_TITLE);
	/* an arabic volume with a publisher and no pages: a book in a series */
	rt_build(r, "[author Minker, W.] [container-title Speech and human-machine dialog,] "
		 "[volume Vol. 770,] [publisher Springer,] [date 2004.]");
	f = ref_labels_fix(r->s, r->toks, r->labels, r->ntok, A);
	for (size_t i = 0; i < r->ntok; i++)
		assert_int_not_equal(f[i], REF_CONTAINER);
	assert_int_equal(f[r->ntok / 2], REF_TITLE);
	/* a journal (an arabic volume), "In", or proceedings stay containers */
	static const char *const stay[] = {
		"[author Smith, J.] [title Rivers.] [container-title Hydrology] "
		"[volume 12,] [place London] [date 2001.]",
		"[author Smith, J.] [container-title Hydrology] [volume 12,] "
		"[place London] [date 2001.]",
		"[author Smith, J.] In [container-title The Book of Rivers,] "
		"[place London] [date 2001.]",
		"[author Smith, J.] [container-title Proc. of the Conference on Rivers,] "
		"[place London] [date 2001.]",
		"[author Smith, J.] [container-title Journal of Rivers,] [volume 15,] "
		"[publisher Elsevier,] [date 2017.]",
		"[author Smith, J.] [container-title Rivers,] [volume 15,] [pages 1-9,] "
		"[publisher Elsevier,] [date 2017.]",
		NULL};
	for (const char *const *sp = stay; *sp; sp++) {
		rt_build(r, *sp);
		f = ref_labels_fix(r->s, r->toks, r->labels, r->ntok, A);
		size_t nc = 0;
		for (size_t i = 0; i < r->ntok; i++)
			nc += f[i] == REF_CONTAINER;
		assert_true(nc > 0);
	}
	free(r);
}

/* Humanities entries the labeller may get half right: a role after the
 * names belongs to them and makes them editors; an edited book's title
 * labelled container-title (as the datasets label it) is the title. */
static void test_roles_and_edited_books(void **state)
{
	(void)state;
	/* a role in brackets closes the names: the words after it are the
	 * title, whether the labeller ran the names or the imprint over
	 * them */
	{
		ref_citation c;
		rt_parse_words_ctx("Mario Rossi (a cura di), Venezia e il sale (Firenze: Olschki, 1966)",
				   "editor editor editor editor editor place place place place place "
				   "publisher date", NULL, A, &c);
		assert_int_equal(c.n_editors, 1);
		assert_str(c.editors[0].family, "Rossi");
		assert_str(c.title, "Venezia e il sale");
		rt_parse_words_ctx("Mario Rossi (a cura di), Venezia e il sale, Firenze 1966.",
				   "editor editor editor editor editor editor editor editor editor "
				   "place date", NULL, A, &c);
		assert_int_equal(c.n_editors, 1);
		assert_str(c.title, "Venezia e il sale");
		/* a role that opens the bracket: the names follow it */
		rt_parse_words_ctx("Theology Volume 3 (ed. Colin Brown), Exeter: Paternoster, 1978.",
				   "title title title editor editor editor place publisher date", NULL,
				   A, &c);
		assert_int_equal(c.n_editors, 1);
		assert_str(c.editors[0].family, "Brown");
	}
	/* the role phrase labelled as the title, the names as authors */
	fields_are("[author M. Rossi] [title (a cura di), Venezia e l'Oriente,] "
		   "[place Firenze] [date 1966.]",
		   "book | E:Rossi | Venezia e l'Oriente | -");
	/* the phrase split between the names and the title */
	fields_are("[editor Rossi, Mario (a cura] [title di). Venezia e l'Oriente.] "
		   "[place Firenze:] [publisher Olschki,] [date 1966.]",
		   "book | E:Rossi | Venezia e l'Oriente | -");
	/* "ed." and a period close the names: what follows is the title */
	fields_are("[editor Brown, Peter, ed. Saints and] [title Cities.] [place London:] "
		   "[publisher Routledge,] [date 2005.]",
		   "book | E:Brown | Saints and Cities | -");
	/* two authors with one role */
	fields_are("[author Smith, J.] and [author Jones, K.] [title (eds.), Rivers.] "
		   "[place London:] [publisher Penguin,] [date 2001.]",
		   "book | E:Smith E:Jones | Rivers | -");
	/* "Smith, Ed.": one comma, so no role after a whole name: the
	 * names stay authors */
	fields_are("[author Smith, Ed.] [title Rivers.] [date 2001.]",
		   "book | A:Smith | Rivers | -");
	/* an edited book labelled as a container */
	fields_are("[editor Philip Norton (ed.),] [container-title Legislatures] "
		   "[place (Oxford:] [publisher Oxford University Press,] [date 1990).]",
		   "book | E:Norton | Legislatures | -");
	/* but not a chapter's container after "In", nor a journal */
	fields_are("[author Chen, Jian.] In [editor Jun Niu, ed.,] [container-title Cold "
		   "War Essays.] [place Boston:] [publisher Brill,] [date 2004.]",
		   "chapter | A:Chen E:Niu | - | Cold War Essays");
	fields_are("[container-title Phys. Rev. D] [volume 12,] [pages 345] [date (1999).]",
		   "article-journal | | - | Phys. Rev. D");
	/* a book's volume in roman numerals with a place and no pages */
	fields_are("[author R. Stoneman,] [container-title Il romanzo di Alessandro.] "
		   "[volume Volume I,] [place Milano] [date 2007.]",
		   "book | A:Stoneman | Il romanzo di Alessandro | -");
	/* a journal's, with pages, stays a journal's */
	fields_are("[container-title Annales] [volume XII,] [place Paris,] [pages 3-9.]",
		   "article-journal | | - | Annales");
	/* the opening "Dans" of a container, the period after a closing
	 * quotation mark */
	fields_are("[author Dupont, Marie.] [title « Les gazettes de Hollande ».] "
		   "[container-title Dans Revue d'histoire moderne,] [volume vol. 45,] "
		   "[issue no 2,] [date 1998,] [pages p. 201-230.]",
		   "article-journal | A:Dupont | Les gazettes de Hollande | Revue d'histoire moderne");
	/* a German series after "=" */
	ref_citation c;
	rt_parse("[editor Müller, Hans (Hrsg.):] [title Die Hanse.] [place Lübeck,] "
		 "[date 1989] [collection-title (= Hansische Studien,] [volume Bd. 4).]",
		 A, &c);
	assert_str(c.collection_title, "Hansische Studien");
	assert_str(c.type, "book");
	/* "En" opens a name too: only "En:" is a keyword */
	fields_are("[title Western Union.] [container-title En el Camino,] [date 2 September 2015.]",
		   "article-newspaper | | Western Union | En el Camino");
	fields_are("[author Ruiz, A.] [title Mapas.] [container-title En: Historia de Madrid,] "
		   "[publisher Alianza,] [date 1990.]",
		   "chapter | A:Ruiz | Mapas | Historia de Madrid");
}

/* A manuscript's archive, its place and the location in it. */
static void test_archive_fields(void **state)
{
	(void)state;
	ref_citation c;
	/* the repository read as authors: they, and the volume and pages
	 * read from the location, go */
	rt_parse("[author Archivio di Stato di Venezia (ASV),] [container-title Senato, "
		 "Deliberazioni Secreta,] [volume reg. 12,] [pages c. 34r.]", A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.archive, "Archivio di Stato di Venezia (ASV)");
	assert_str(c.archive_location, "Senato, Deliberazioni Secreta, reg. 12, c. 34r");
	assert_null(c.archive_place);
	assert_int_equal(c.n_authors, 0);
	assert_null(c.volume);
	assert_null(c.page);
	/* a place before the archive; a shelfmark read as a date goes */
	rt_parse("[author London, National Archives,] [date PRO 30/22/1,] [pages fol. 12.]",
		 A, &c);
	assert_str(c.archive, "National Archives");
	assert_str(c.archive_place, "London");
	assert_str(c.archive_location, "PRO 30/22/1, fol. 12");
	assert_null(c.issued.literal);
	/* a letter in a collection: the work stays, the note becomes the
	 * archive and the location */
	rt_parse("[author Smith, John.] [title Letter to Jane.] [date 3 May 1950.] "
		 "[note Box 4, folder 2, John Smith Papers, State Archive.]", A, &c);
	assert_str(c.type, "manuscript");
	assert_str(c.title, "Letter to Jane");
	assert_int_equal(c.n_authors, 1);
	assert_str(c.archive, "State Archive");
	assert_str(c.archive_location, "Box 4, folder 2, John Smith Papers");
	assert_null(c.note);
	/* no repository named: the note stays as it is */
	rt_parse("[title Report on rivers.] [note MS 123, fond 5.]", A, &c);
	assert_str(c.type, "manuscript");
	assert_null(c.archive);
	assert_str(c.note, "MS 123, fond 5.");
}

static void test_repeated_author(void **state)
{
	(void)state;
	ref_citation prev, c;
	rt_parse("[author Chen, Jian.] [title Mao's China.] [date 2001.]", A, &prev);
	rt_parse_ctx("[author \xE2\x80\x94\xE2\x80\x94\xE2\x80\x94.] [title Later.] [date 2005.]",
		     &prev, A, &c);
	assert_int_equal(c.same_authors, 1);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].family, "Chen");
	rt_parse_ctx("[author ---.] [title Later.] [date 2005.]", &prev, A, &c);
	assert_int_equal(c.n_authors, 1);
	rt_parse_ctx("[author ---.] [title Later.]", NULL, A, &c);
	assert_int_equal(c.n_authors, 0);
	assert_int_equal(c.same_authors, 1);
	/* "———, ed." and "———, trans.": the names before as editors,
	 * translators; what follows the role is the title */
	rt_parse_words_ctx("\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94, ed. The Letters. London: Penguin, 1974.",
		       "other editor title title place publisher date", &prev, A, &c);
	assert_int_equal(c.n_editors, 1);
	assert_str(c.editors[0].family, "Chen");
	assert_int_equal(c.n_authors, 0);
	assert_str(c.title, "The Letters");
	rt_parse_words_ctx("\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94, trans. Pliny: Letters. London: Penguin, 1963.",
		       "other translator translator translator place publisher date", &prev, A, &c);
	assert_int_equal(c.n_translators, 1);
	assert_str(c.translators[0].family, "Chen");
	assert_str(c.title, "Pliny: Letters");
	/* German "Ders." / "Dies.", Latin "Idem", "Id." say the same */
	rt_parse_ctx("[author Ders.:] [title Kritik und Krise.] [place Freiburg] [date 1959.]",
		     &prev, A, &c);
	assert_int_equal(c.same_authors, 1);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].family, "Chen");
	assert_str(c.title, "Kritik und Krise");
	rt_parse_ctx("[author Idem,] [title Futures Past.]", &prev, A, &c);
	assert_str(c.authors[0].family, "Chen");
	/* the word read as other opening the entry is the author all the same */
	rt_parse_ctx("Dies.: [title Die Frau im Mittelalter.] [place München] [date 1990.]",
		     &prev, A, &c);
	assert_int_equal(c.same_authors, 1);
	assert_str(c.authors[0].family, "Chen");
	assert_str(c.title, "Die Frau im Mittelalter");
	/* a family name that only begins so is a name ("Dierks", "Idema") */
	rt_parse_ctx("[author Idema, Wilt.] [title Chinese Drama.]", &prev, A, &c);
	assert_int_equal(c.same_authors, 0);
	assert_str(c.authors[0].family, "Idema");
}

static void test_several_runs_and_etal(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse("[author Chen, Jian] and [author Jun Niu.] [title Essays.] "
		 "[editor Smith, J., et al., eds.]",
		 A, &c);
	assert_int_equal(c.n_authors, 2);
	assert_str(c.authors[1].family, "Niu");
	assert_int_equal(c.n_editors, 1);
	assert_true(c.et_al & REF_ETAL_EDITORS);
	assert_false(c.et_al & REF_ETAL_AUTHORS);
	/* empty and title-less */
	quire_error err = {0};
	assert_int_equal(ref_fields("", NULL, NULL, 0, A, &c, &err), QUIRE_OK);
	assert_str(c.type, "document");
}

/* An organisation opening the entry is its author, whether the labeller
 * read it as the publisher (GROBID's data labels such authors so) or as
 * the first sentence of the title; "n.d." is the date wherever it was put. */
static void test_organisation_author(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words("Woodrow Wilson International Center for Scholars. 2001. "
		       "Cold War Bulletin. Washington, DC. <http://www.wilsoncenter.org/cwihp>.",
		       "publisher publisher publisher publisher publisher publisher date "
		       "title title title place place publisher",
		       A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].literal, "Woodrow Wilson International Center for Scholars");
	/* with no other publisher it stays the publisher (the issuing body) */
	assert_str(c.publisher, "Woodrow Wilson International Center for Scholars");
	/* the link read as the publisher, in angle brackets, is the URL */
	assert_str(c.url, "http://www.wilsoncenter.org/cwihp");
	/* a later publisher run is the publisher */
	rt_parse_words("[3] World Health Organization. Global report on diabetes. "
		       "Geneva: WHO; 2016.",
		       "other publisher publisher publisher title title title title "
		       "place publisher date",
		       A, &c);
	assert_str(c.authors[0].literal, "World Health Organization");
	assert_str(c.publisher, "WHO");
	/* read as the title's first sentence, before more title or "n.d." */
	rt_parse_words("World Health Organization. Global Report on Diabetes. "
		       "Geneva: World Health Organization; 2016.",
		       "title title title title title title title place publisher "
		       "publisher publisher date",
		       A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].literal, "World Health Organization");
	assert_str(c.title, "Global Report on Diabetes");
	rt_parse_words("Woodrow Wilson International Center for Scholars. n.d. "
		       "Cold War Bulletin.",
		       "title title title title title title title title title title", A, &c);
	assert_str(c.authors[0].literal, "Woodrow Wilson International Center for Scholars");
	assert_str(c.issued.literal, "n.d.");
	assert_str(c.title, "Cold War Bulletin");
	/* not an organisation: a lower-case word, no organisation word,
	 * an author before it, or nothing after the sentence */
	rt_parse_words("Department of Health policy in Britain. A History.",
		       "title title title title title title title title", A, &c);
	assert_int_equal(c.n_authors, 0);
	rt_parse_words("The Chicago Manual of Style. 16th ed. Chicago: Chicago UP, 2010.",
		       "title title title title title edition edition place "
		       "publisher publisher date",
		       A, &c);
	assert_int_equal(c.n_authors, 0);
	assert_str(c.title, "The Chicago Manual of Style");
	rt_parse_words("Smith, John. World Bank. A History. 2001.",
		       "author author title title title title date", A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].family, "Smith");
	assert_str(c.title, "World Bank. A History");
	rt_parse_words("World Bank Report.", "title title title", A, &c);
	assert_int_equal(c.n_authors, 0);
}

/* "[1905] 1954": first published 1905, this edition 1954. */
static void test_original_date(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words("de Gaulle, Charles. [1905] 1954. Mémoires de guerre. Paris: Plon.",
		       "author author author date date title title title place publisher",
		       A, &c);
	assert_int_equal(c.issued.year, 1954);
	assert_int_equal(c.original.year, 1905);
	assert_false(c.issued.circa);
	/* the entry's closing period is no part of the publisher */
	assert_str(c.publisher, "Plon");
	rt_parse_words("Weber, Max. 1958 [1905]. The Protestant Ethic. London: Smith & Co.",
		       "author author date date title title title place publisher "
		       "publisher publisher",
		       A, &c);
	assert_int_equal(c.issued.year, 1958);
	assert_int_equal(c.original.year, 1905);
	/* an abbreviation keeps its period */
	assert_str(c.publisher, "Smith & Co.");
	/* a bracketed year alone is supplied, not an original */
	rt_parse_words("Anon. [1905]. A Book.", "author date title title", A, &c);
	assert_int_equal(c.issued.year, 1905);
	assert_true(c.issued.circa);
	assert_int_equal(c.original.year, 0);
	/* brackets that hold no year */
	rt_parse_words("Smith, J. [19x5] 1954. A Book.",
		       "author author date date title title", A, &c);
	assert_int_equal(c.issued.year, 1954);
	assert_int_equal(c.original.year, 0);
	buf_t b = BUF_INIT;
	rt_parse_words("Weber, Max. 1958 [1905]. The Protestant Ethic.",
		       "author author date date title title title", A, &c);
	ref_to_csl_json(&c, "w", &b);
	ref_to_bibtex(&c, "w", &b);
	ref_to_ris(&c, &b);
	assert_false(buf_failed(&b));
	buf_putc(&b, 0);
	assert_non_null(strstr(b.p, "\"original-date\": {\"date-parts\": [[1905]]}"));
	assert_non_null(strstr(b.p, "origdate = {1905}"));
	assert_non_null(strstr(b.p, "OP  - 1905"));
	buf_free(&b);
}

/* Chinese, Japanese and Korean names are written whole, and a comma,
 * "，" or "、" separates persons: never "Family, Given". */
static void test_names_cjk(void **state)
{
	(void)state;
	ref_name *n = names("王进玉, 王进聪", 2, NULL);
	assert_str(n[0].family, "王进玉");
	assert_null(n[0].given);
	assert_str(n[1].family, "王进聪");
	n = names("李元青，孙红、薛冬", 3, NULL);
	assert_str(n[2].family, "薛冬");
	n = names("김철수, 이영희", 2, NULL);
	assert_str(n[1].family, "이영희");
	/* Japanese written "Family Given" with a space; stops between names */
	n = names("齋藤 忍", 1, NULL);
	assert_str(n[0].family, "齋藤");
	assert_str(n[0].given, "忍");
	n = names("김강원. 김발호", 2, NULL);
	assert_str(n[0].family, "김강원");
	/* a romanised name with its original: family first, as written */
	n = names("Yanagida Seizan 柳田聖山", 1, NULL);
	check_name(&n[0], "Yanagida", "Seizan", NULL, NULL);
	n = names("Tanaka Hiroshi 田中博 and Suzuki Ichiro 鈴木一郎", 2, NULL);
	check_name(&n[1], "Suzuki", "Ichiro", NULL, NULL);
	/* a Latin inverted name still inverts, also before an original */
	n = names("Jun, Niu", 1, NULL);
	check_name(&n[0], "Jun", "Niu", NULL, NULL);
	n = names("Chen, Jian 陈建", 1, NULL);
	assert_str(n[0].family, "Chen");
}

/* "Family I. I." — family first, initials after with periods (GOST,
 * astronomy, Italian and French lists): not given names first. */
static void test_names_family_initials(void **state)
{
	(void)state;
	ref_name *n = names("Carilli C.L., Taylor G.B.", 2, NULL);
	assert_str(n[0].family, "Carilli");
	assert_str(n[0].given, "C.L.");
	n = names("Shakura N. I., Sunyaev R. A.", 2, NULL);
	assert_str(n[1].family, "Sunyaev");
	assert_str(n[1].given, "R. A.");
	n = names("Иванов И. И.", 1, NULL);
	assert_str(n[0].family, "Иванов");
	n = names("Чижевский А.А.", 1, NULL);
	assert_str(n[0].family, "Чижевский");
	/* one ASCII initial keeps the Vancouver reading */
	n = names("Riddez L.", 1, NULL);
	assert_str(n[0].family, "Riddez");
	assert_str(n[0].given, "L");
	/* given names first are left so */
	n = names("Albert R. Meyer", 1, NULL);
	assert_str(n[0].family, "Meyer");
	/* two family words and a given name, first in the list */
	n = names("García Márquez, Gabriel", 1, NULL);
	check_name(&n[0], "García Márquez", "Gabriel", NULL, NULL);
	n = names("Edi Sanjaya, Mitra Djamal, Suprijadi", 3, NULL);
	assert_str(n[1].family, "Djamal");
	assert_str(n[2].family, "Suprijadi");
	/* a list's bullet is no part of the name */
	n = names("\xE2\x80\xA2 Devaney, Johanna", 1, NULL);
	check_name(&n[0], "Devaney", "Johanna", NULL, NULL);
}

/* GOST: "Иванов И. И. История города. — М.: Наука, 1985. — 240 с." — the
 * title the labeller ran into the author, the length after the dash. */
static void test_gost(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words("Иванов И. И. История города. — М.: Наука, 1985. — 240 с.",
		       "author author author author author place place publisher date "
		       "pages pages pages",
		       A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].family, "Иванов");
	assert_str(c.title, "История города");
	assert_str(c.pages_total, "240");
	assert_null(c.page);
	/* one initial and a name after it is a person: "Sarita V. Adve." */
	rt_parse_words("Sarita V. Adve. Using information. 1993.",
		       "author author author title title date", A, &c);
	assert_str(c.authors[0].family, "Adve");
	assert_str(c.title, "Using information");
	rt_parse_words("Albert R. Meyer and Mitchell Wand. Continuation semantics. 1985.",
		       "author author author author author author title title date", A, &c);
	assert_int_equal(c.n_authors, 2);
}

/* The continental imprint "Place, Publisher, year", read whole as the
 * place, gives the publisher; English "City, Region" and two cities stay
 * the place; a colon inside a place run opens the publisher. */
/* A thesis named in words the labeller did not learn; a span of years
 * after the imprint read as pages. */
static void test_thesis_year_span(void **state)
{
	(void)state;
	ref_citation c;
	/* Chicago's newspaper citation: the name after the quoted title,
	 * read as a note, is the periodical */
	rt_parse_words("Todd Gitlin, \xE2\x80\x9CThe Dumb-Down,\xE2\x80\x9D The Nation, March 17, 1997, 28.",
		       "author author title title note note date date date pages", A, &c);
	assert_str(c.container_title, "The Nation");
	assert_null(c.note);
	assert_str(c.type, "article-newspaper");
	/* … not prose ("Working draft prepared for …") nor a number */
	rt_parse_words("Smith, J. \xE2\x80\x9C" "Credit.\xE2\x80\x9D Working draft prepared for the Seminar, "
		       "June 7, 2015.",
		       "author author title note note note note note note date date date", A, &c);
	assert_null(c.container_title);
	rt_parse_words("Raab, F. \"Locator\". US patent 4 0054 881 October 18, 1977.",
		       "author author title note note note note note date date date", A, &c);
	assert_null(c.container_title);
	/* a month and no volume: a magazine's, unless the name says journal */
	rt_parse_words("Smith, J. Title. Journal of Things (January 1987), 60-76.",
		       "author author title container-title container-title container-title "
		       "date date pages", A, &c);
	assert_str(c.type, "article-journal");
	rt_parse_words("Smith, J. Title. Harper's Magazine (January 1987), 60-76.",
		       "author author title container-title container-title date date pages", A, &c);
	assert_str(c.type, "article-magazine");
	/* "(1)" after the volume read as the date is the issue; a year in
	 * brackets, or a number not after a volume, stays as labelled */
	rt_parse_words("Hiltz, S. (1997). Impacts. Journal of Networks, 1 (1).",
		       "author author date title container-title container-title container-title "
		       "volume date", A, &c);
	assert_str(c.volume, "1");
	assert_str(c.issue, "1");
	assert_int_equal(c.issued.year, 1997);
	rt_parse_words("Ashraf, N. Title. Quarterly Journal 121 (2) (2006): 635-672.",
		       "author author title container-title container-title volume date date pages",
		       A, &c);
	assert_str(c.issue, "2");
	assert_int_equal(c.issued.year, 2006);
	rt_parse_words("Hiltz, S. Impacts. Journal of Networks, 1 (1997).",
		       "author author title container-title container-title container-title "
		       "volume date", A, &c);
	assert_null(c.issue);
	assert_int_equal(c.issued.year, 1997);
	rt_parse_words("Hiltz, S. Impacts. Journal of Networks (12).",
		       "author author title container-title container-title container-title date", A, &c);
	assert_null(c.issue);
	/* the role after names the labeller split between authors and
	 * editors makes the whole list editors; not across a name closed by
	 * a stop, nor after "In" */
	rt_parse_words("Levinson, David, and Melvin M. Ember, eds. Encyclopedia. New York: Holt, 1996.",
		       "author author author author author editor editor title place place publisher "
		       "date", A, &c);
	assert_int_equal(c.n_authors, 0);
	assert_int_equal(c.n_editors, 2);
	assert_name_parts(&c.editors[0], "Levinson", "David", NULL);
	rt_parse_words("[12] Levinson, David, and Melvin M. Ember, eds. Encyclopedia. New York: Holt, 1996.",
		       "other author author author author author editor editor title place place "
		       "publisher date", A, &c);
	assert_int_equal(c.n_authors, 0);
	assert_int_equal(c.n_editors, 2);
	rt_parse_words("Darwin, Charles. Barlow, Nora, ed. The Autobiography. New York: Norton, 2005.",
		       "author author editor editor editor title title place place publisher date", A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_name_parts(&c.authors[0], "Darwin", "Charles", NULL);
	assert_int_equal(c.n_editors, 1);
	rt_parse_words("Smith, J. In Brown, P., ed. The Book. London: Hart, 2005.",
		       "author author editor editor editor editor container-title container-title place "
		       "publisher date", A, &c);
	assert_int_equal(c.n_authors, 1);
	/* the original edition in brackets after the imprint is a note */
	rt_parse_words("P. Zumthor, La presenza della voce, Bologna 1984 (ed. or. New York 1978).",
		       "author author title title title title place date note note place place date",
		       A, &c);
	assert_str(c.place, "Bologna");
	assert_int_equal(c.issued.year, 1984);
	assert_non_null(c.note);
	assert_non_null(strstr(c.note, "New York 1978"));
	/* … not before the imprint, nor an unclosed bracket */
	rt_parse_words("(ed. or.) Smith, J. Title, Bologna 1984.",
		       "note note author author title place date", A, &c);
	assert_str(c.place, "Bologna");
	rt_parse_words("Zumthor, P. La voce, Bologna 1984 (ed. or. New York 1978.",
		       "author author title title place date note note place place date", A, &c);
	assert_int_equal(c.issued.year, 1984);
	/* a count of volumes closing the title */
	rt_parse_words("Elias, Norbert. \xC3\x9C" "ber den Proze\xC3\x9F. 2 Bde. Basel: Falken, 1939.",
		       "author author title title title title title place publisher date", A, &c);
	assert_str(c.title, "\xC3\x9C" "ber den Proze\xC3\x9F");
	assert_str(c.volumes, "2");
	/* a given-first name's comma ends it: the lone word after it is the
	 * title's; a suffix, a role, an initial or a family-first name stays */
	rt_parse_words("K.C. King, Achilles. Paradigms of the Hero, Berkeley 1987.",
		       "author author author title title title title place date", A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_name_parts(&c.authors[0], "King", "K.C.", NULL);
	assert_str(c.title, "Achilles. Paradigms of the Hero");
	rt_parse_words("K. R\xC3\xBCter, Odysseeinterpretationen. Untersuchungen zum Buch, G\xC3\xB6ttingen 1969.",
		       "author author author title title title place date", A, &c);
	assert_str(c.title, "Odysseeinterpretationen. Untersuchungen zum Buch");
	rt_parse_words("A. T. DE ROCHEBRUNE, Arch\xC3\xA9o-g\xC3\xA9ologie. M\xC3\xA9moire sur les restes, Paris 1870.",
		       "author author author author author title title title title place date", A, &c);
	assert_str(c.title, "Arch\xC3\xA9o-g\xC3\xA9ologie. M\xC3\xA9moire sur les restes");
	rt_parse_words("K. King, Smith-Jones-. Title, Paris 1870.",
		       "author author author title place date", A, &c);
	assert_str(c.title, "Title"); /* not a word of letters and hyphens */
	rt_parse_words("M. L. King, Jr. Strength to Love. New York 1963.",
		       "author author author author title title title place place date", A, &c);
	assert_null(strstr(c.title, "Jr"));
	rt_parse_words("A. Bernabé, Hrsg. Poetae epici Graeci, Leipzig 1988.",
		       "author author author title title title place date", A, &c);
	assert_null(strstr(c.title, "Hrsg"));
	rt_parse_words("King, Martin. Strength to Love. New York 1963.",
		       "author author title title title place place date", A, &c);
	assert_str(c.title, "Strength to Love");
	/* the German "Family, Given particle:" read as the title's start */
	rt_parse_words("Ranke, Leopold von: Geschichten der V\xC3\xB6lker, Leipzig 1824.",
		       "author title title title title title place date", A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_name_parts(&c.authors[0], "Ranke", "Leopold", "von");
	assert_str(c.title, "Geschichten der V\xC3\xB6lker");
	/* no particle: the labeller's reading stands */
	rt_parse_words("Ranke, Geschichten: Eine Studie, Leipzig 1824.",
		       "author title title title place date", A, &c);
	assert_str(c.title, "Geschichten: Eine Studie");
	rt_parse_words("Rossi, Mario. 1999. Il porto di Venezia. Tesi di laurea, "
		       "Universit\xC3\xA0 di Padova.",
		       "author author date title title title title title title title "
		       "publisher publisher publisher", A, &c);
	assert_str(c.type, "thesis");
	assert_str(c.genre, "Tesi di laurea");
	assert_str(c.title, "Il porto di Venezia");
	rt_parse_words("M\xC3\xBCller, Hans. Die H\xC3\xA4" "fen. Dissertation, Universit\xC3\xA4t "
		       "Hamburg, 1998.",
		       "author author title title publisher publisher publisher date", A, &c);
	assert_str(c.type, "thesis");
	assert_str(c.genre, "Dissertation");
	/* not a title that holds the word, nor one not closed by a period */
	rt_parse_words("Smith, J. Writing the Dissertation, London: Sage, 1998.",
		       "author author title title title place place date", A, &c);
	assert_null(c.genre);
	rt_parse_words("Smith, J. Notes. Dissertation Abstracts 45: 123.",
		       "author author title container-title container-title volume pages", A, &c);
	assert_null(c.genre);
	rt_parse_words("Dante Alighieri. La Divina Commedia. 3 vols. Firenze: La Nuova Italia, "
		       "1955\xE2\x80\x93" "57.",
		       "author author title title title volume volume place publisher publisher "
		       "publisher pages", A, &c);
	assert_int_equal(c.issued.year, 1955);
	assert_int_equal(c.issued.end_year, 1957);
	assert_null(c.page);
	/* pages are pages when the entry has its date, or the span is none */
	rt_parse_words("Smith, J. Title. London: Sage, 1990, 1955-57.",
		       "author author title place publisher date pages", A, &c);
	assert_str(c.page, "1955-57");
	rt_parse_words("Smith, J. Title. London: Sage, 1957-55.",
		       "author author title place publisher pages", A, &c);
	assert_str(c.page, "1957-55");
}

static void test_place_publisher(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words("Ginzburg, C., Il formaggio e i vermi, Torino, Einaudi, 1976.",
		       "author author title title title title title place place date", A, &c);
	assert_str(c.place, "Torino");
	assert_str(c.publisher, "Einaudi");
	assert_str(c.type, "book");
	rt_parse_words("Ortega y Gasset, J., La rebelión de las masas, Madrid, Espasa-Calpe, 1930.",
		       "author author author author title title title title title place "
		       "place date", A, &c);
	assert_str(c.publisher, "Espasa-Calpe");
	assert_str(c.place, "Madrid");
	/* a publisher in capitals; a comma labelled other */
	rt_parse_words("Storia di Venezia, Torino, UTET 1992",
		       "title title title place place date", A, &c);
	assert_str(c.publisher, "UTET");
	/* a roman volume and a page with the whole imprint: a book */
	rt_parse_words("R. Romeo, Cavour e il suo tempo, Bari, Laterza, 1969, vol. I, p. 45.",
		       "author author container-title container-title container-title "
		       "container-title container-title place place date volume volume "
		       "pages pages", A, &c);
	assert_str(c.title, "Cavour e il suo tempo");
	assert_null(c.container_title);
	assert_str(c.publisher, "Laterza");
	assert_str(c.type, "book");
	/* the imprint ends the entry, its date given before: a city the
	 * list knows, then the publisher ("Mohr." is no "Mass.") */
	rt_parse_words("Eco, Umberto (1962), Opera aperta, Milano, Bompiani.",
		       "author author date title title place place", A, &c);
	assert_str(c.place, "Milano");
	assert_str(c.publisher, "Bompiani");
	rt_parse_words("Weber, M. (1922), Wirtschaft und Gesellschaft, T\xC3\xBC" "bingen, Mohr.",
		       "author author date title title title place place", A, &c);
	assert_str(c.publisher, "Mohr");
	/* … not a place the list does not know, nor an undated entry */
	rt_parse_words("Smith, J. (1990). Travels. Lakeview, Ontario.",
		       "author author date title place place", A, &c);
	assert_str(c.place, "Lakeview, Ontario");
	rt_parse_words("Smith, J. (1990). Travels. Lakeview, Hollis.",
		       "author author date title place place", A, &c);
	assert_null(c.publisher);
	rt_parse_words("Eco, Umberto, Opera aperta, Milano, Bompiani.",
		       "author author title title place place", A, &c);
	assert_null(c.publisher);
	rt_parse_words("Smith, J. Lanham, MD: Lexington Books, 2008.",
		       "author author place place place place date", A, &c);
	assert_str(c.place, "Lanham, MD");
	assert_str(c.publisher, "Lexington Books");
	/* what follows a city in English stays the place */
	static const char *const places[] = {
		"Orlando, Florida", "Vienna, Austria", "Chicago, Il", "Boston, MA",
		"Washington, D.C.", "Cambridge, Mass.", "Berlin, Heidelberg",
		"Amsterdam, the Netherlands", "Paris, Octobre", "Univ. Macerata, Macerata",
		"AMS, Providence", "Sydney, NSW", NULL};
	char buf[200];
	for (const char *const *p = places; *p; p++) {
		snprintf(buf, sizeof buf, "Smith, J. A meeting. %s, 2005.", *p);
		int words = 1;
		for (const char *q = *p; *q; q++)
			words += *q == ' ';
		char labels[200] = "author author title title";
		for (int k = 0; k < words; k++)
			strcat(labels, " place");
		strcat(labels, " date");
		rt_parse_words(buf, labels, A, &c);
		assert_null(c.publisher);
		assert_non_null(c.place);
	}
	/* a publisher elsewhere in the entry: nothing moves */
	rt_parse_words("Smith, J. A book. Torino, Einaudi, Mondadori, 1990.",
		       "author author title title place place publisher date", A, &c);
	assert_str(c.place, "Torino, Einaudi");
	assert_str(c.publisher, "Mondadori");
	/* no date after the run: nothing moves ("Makua, Cuwabo.") */
	rt_parse_words("Smith, J. 2014. Tones. Makua, Cuwabo.",
		       "author author date title place place", A, &c);
	assert_null(c.publisher);
	/* a county is no publisher: "(Bristol, Avon)" after a journal */
	rt_parse_words("Russell E. Sound limb loading. Clinical biomechanics (Bristol, Avon). 2015",
		       "author author title title title container-title container-title place "
		       "place date", A, &c);
	assert_str(c.place, "Bristol, Avon");
	assert_null(c.publisher);
}

/* "coll. « Folio »": the series, read into the publisher, is the
 * collection title. */
static void test_collection(void **state)
{
	(void)state;
	ref_citation c;
	/* the German series after the imprint: the bracket's text, its number */
	rt_parse_words("M\xC3\xBCller, Hans: Die Hanse, K\xC3\xB6ln 1990 (= Hansische Studien, Bd. 4).",
		       "author author title title place date other container-title "
		       "container-title volume volume", A, &c);
	assert_str(c.collection_title, "Hansische Studien");
	assert_str(c.collection_number, "4");
	assert_null(c.container_title);
	assert_null(c.volume);
	assert_str(c.place, "K\xC3\xB6ln");
	rt_parse_words("Crvenkovska E., Zagrepski triod, Skopje, 1999 (= Stari tekstovi, VII).",
		       "author author title title place date other note note note", A, &c);
	assert_str(c.collection_title, "Stari tekstovi");
	assert_str(c.collection_number, "VII");
	rt_parse_words("Weber, A.: Titel, Wien 1990 (= \xC3\x96sterreichische Studien, Bd. 2).",
		       "author author title place date other note note note note", A, &c);
	assert_str(c.collection_title, "\xC3\x96sterreichische Studien");
	assert_str(c.collection_number, "2");
	/* an alias or a reprint in "(= …)" is no series */
	rt_parse_words("Archivio di Stato (= ASP), Certosa, 12.",
		       "note note note note note note note", A, &c);
	assert_null(c.collection_title);
	rt_parse_words("Rossi, M., Storia, Bari 1928 (= Milano 1952).",
		       "author author title place date note note note", A, &c);
	assert_null(c.collection_title);
	/* a series' number without a word; a title with none, its period kept */
	rt_parse_words("Rossi, M., Il porto, Roma 1990 (Studi e testi 112).",
		       "author author title title place date collection-title collection-title "
		       "collection-title collection-title", A, &c);
	assert_str(c.collection_title, "Studi e testi");
	assert_str(c.collection_number, "112");
	rt_parse_words("Smith, J. Law. Lecture Notes in Comput. Sci. Berlin: Springer.",
		       "author author title collection-title collection-title collection-title "
		       "collection-title collection-title place publisher", A, &c);
	assert_str(c.collection_title, "Lecture Notes in Comput. Sci.");
	assert_null(c.collection_number);
	rt_parse_words("Foucault, M. Surveiller et punir. Paris, Gallimard, coll. « Bibliothèque "
		       "des histoires », 1975.",
		       "author author title title title place publisher publisher publisher "
		       "publisher publisher publisher publisher date",
		       A, &c);
	assert_str(c.publisher, "Gallimard");
	assert_str(c.collection_title, "Bibliothèque des histoires");
	rt_parse_words("Smith, J. Rivers. Paris, PUF, coll. \"Que sais-je ?\", 1967.",
		       "author author title place publisher publisher publisher publisher "
		       "publisher date",
		       A, &c);
	assert_str(c.publisher, "PUF");
	assert_str(c.collection_title, "Que sais-je ?");
	/* a series read as a container after the imprint */
	rt_parse_words("Lévi-Strauss, C. Tristes tropiques. Paris: Plon, 1955. Collection « Terre "
		       "humaine ».",
		       "author author title title place publisher date container-title "
		       "container-title container-title container-title container-title",
		       A, &c);
	assert_str(c.collection_title, "Terre humaine");
	assert_null(c.container_title);
	assert_str(c.type, "book");
	/* no quoted name: left alone */
	rt_parse_words("Smith, J. Rivers. Paris, Gallimard, coll. Folio, 1967.",
		       "author author title place publisher publisher publisher date", A, &c);
	assert_null(c.collection_title);
	/* a title's "Collection" is the title's */
	rt_parse_words("Smith, J. Collection « Budé ». Paris, 1967.",
		       "author author title title title title place date", A, &c);
	assert_null(c.collection_title);
}

/* A place keeps the period of its abbreviation, not the entry's. */
static void test_place_abbrev(void **state)
{
	(void)state;
	static const struct {
		const char *s, *labels, *place;
	} cases[] = {
		{"Weber, M. Wirtschaft. Frankfurt a. M.", "author author title place place place",
		 "Frankfurt a. M."},
		{"Smith, J. Rivers. Cambridge, Mass.", "author author title place place",
		 "Cambridge, Mass."},
		{"Smith, J. Rivers. Washington, D.C.", "author author title place place",
		 "Washington, D.C."},
		{"Smith, J. Rivers. Boston, MA.", "author author title place place", "Boston, MA"},
		{"Smith, J. Rivers. Maidstone, Kent.", "author author title place place",
		 "Maidstone, Kent"},
		{"Smith, J. Rivers. Paris.", "author author title place", "Paris"},
		{"Smith, J. Rivers. Rennes 1.", "author author title place place", "Rennes 1"},
	};
	ref_citation c;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rt_parse_words(cases[i].s, cases[i].labels, A, &c);
		assert_str(c.place, cases[i].place);
	}
}

/* Initials, a particle and a family name that the labeller read as the
 * title's first words are the author. */
static void test_initials_title(void **state)
{
	(void)state;
	ref_citation c;
	/* initials, a particle and a family name read as the title */
	rt_parse_words("U. von Wilamowitz-Moellendorff, Die Ilias und Homer, Berlin 1916.",
		       "title title title title title title title place date", A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].family, "Wilamowitz-Moellendorff");
	assert_str(c.authors[0].particle, "von");
	assert_str(c.title, "Die Ilias und Homer");
	rt_parse_words("The Iliad, a study, Berlin 1916.", "title title title title place date",
		       A, &c);
	assert_int_equal(c.n_authors, 0);
	assert_str(c.title, "The Iliad, a study");
	/* a title's article after the names' closing comma */
	rt_parse_words("Schmitt, Carl, Der Begriff des Politischen, Berlin 1963.",
		       "author author author title title title place date", A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.title, "Der Begriff des Politischen");
	rt_parse_words("Smith, Anne, Le Roux, Jean, Rivers, Paris 1963.",
		       "author author author author author title place date", A, &c);
	assert_int_equal(c.n_authors, 2);
}

/* GB/T 7714: "[M]", "[J]", "[D]" ... close the title, give the type, and
 * say what follows; "(2015-03-01)[2020-05-06]" is issued and cited. */
static void test_gbt7714(void **state)
{
	(void)state;
	ref_citation c;
	/* the labeller ran the title on over the imprint */
	rt_parse_words("陈建. 中国与冷战[M]. 北京: 世界知识出版社, 2003.",
		       "author title title title date", A, &c);
	assert_str(c.type, "book");
	assert_str(c.title, "中国与冷战");
	assert_str(c.place, "北京");
	assert_str(c.publisher, "世界知识出版社");
	assert_int_equal(c.issued.year, 2003);
	/* it took the title for more of the author */
	rt_parse_words("国家统计局. 中国统计年鉴[R]. 北京: 中国统计出版社, 2019.",
		       "author author title publisher date", A, &c);
	assert_str(c.type, "report");
	assert_str(c.authors[0].family, "国家统计局");
	assert_int_equal(c.n_authors, 1);
	assert_str(c.title, "中国统计年鉴");
	assert_str(c.place, "北京");
	/* no author: the entry opens with its title */
	rt_parse_words("中国统计年鉴[R]. 北京: 中国统计出版社, 2019.",
		       "author author publisher date", A, &c);
	assert_int_equal(c.n_authors, 0);
	assert_str(c.title, "中国统计年鉴");
	assert_str(c.place, "北京");
	/* a thesis with its university and no colon */
	rt_parse_words("李明. 明代江南市镇研究[D]. 复旦大学, 2010.",
		       "author title title date", A, &c);
	assert_str(c.type, "thesis");
	assert_str(c.publisher, "复旦大学");
	assert_null(c.place);
	/* a journal: what follows is the container */
	rt_parse_words("Zhang S. Deep learning for text[J]. Journal of Computing, 2019, 12(3): 45-67.",
		       "author author title title title title title title title date volume pages",
		       A, &c);
	assert_str(c.type, "article-journal");
	assert_str(c.title, "Deep learning for text");
	assert_str(c.container_title, "Journal of Computing");
	/* online, with the date cited */
	rt_parse_words("张三. 网络时代的阅读[EB/OL]. (2015-03-01)[2020-05-06]. http://www.example.cn/a.html.",
		       "author title date url", A, &c);
	assert_str(c.type, "webpage");
	assert_str(c.title, "网络时代的阅读");
	assert_int_equal(c.issued.year, 2015);
	assert_int_equal(c.issued.month, 3);
	assert_int_equal(c.issued.end_year, 0);
	assert_int_equal(c.accessed.year, 2020);
	assert_int_equal(c.accessed.day, 6);
	/* "hg. v." before the editors' names is no part of them */
	rt_parse("[author Koselleck, Reinhart.] [title Historia.] In [container-title Vergangene "
		 "Zukunft,] [editor hg. v. Reinhart Koselleck,] [pages 38-66.]",
		 A, &c);
	assert_int_equal(c.n_editors, 1);
	assert_str(c.editors[0].given, "Reinhart");
	/* an access date the labeller read as the note */
	rt_parse_words("Scott, James C. Seeing Like a State. New Haven, CT: Yale UP, 1998. "
		       "Accessed 30 March 2003. http://www.example.org/scott.",
		       "author author author title title title title place place place "
		       "publisher publisher date note note note note url",
		       A, &c);
	assert_null(c.note);
	assert_int_equal(c.accessed.year, 2003);
	assert_int_equal(c.accessed.month, 3);
	assert_str(c.type, "book"); /* its imprint keeps it a book */
	rt_parse_words("Smith, J. A Page. Accessed widely by students in 2003 and later.",
		       "author author title title note note note note note note note note", A, &c);
	assert_non_null(c.note); /* a sentence, not a date */
	/* a GB/T code after names closed by ":" (no stop before it) */
	rt_parse_words("Yaoyao Sun: Motivation to Play[D]. University of South Carolina, 2019.",
		       "author author title title title title title title title date", A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.title, "Motivation to Play");
	assert_str(c.type, "thesis");
	/* no code: "Name. Title. Place: Publisher, Year." in CJK scripts */
	rt_parse_words("丸山眞男. 日本の思想. 東京: 岩波書店, 1961.",
		       "author author title title date", A, &c);
	assert_str(c.authors[0].family, "丸山眞男");
	assert_str(c.title, "日本の思想");
	assert_str(c.place, "東京");
	assert_str(c.publisher, "岩波書店");
	rt_parse_words("김철수. 한국 현대사. 서울: 민음사, 2005.",
		       "author author author place publisher date", A, &c);
	assert_str(c.title, "한국 현대사");
	assert_int_equal(c.n_authors, 1);
	/* two names, not a name and a title */
	rt_parse_words("김강원. 김발호, '연구', 에너지공학, 2014.",
		       "author author title container-title date", A, &c);
	assert_int_equal(c.n_authors, 2);
	/* titles in brackets: 『』《》 a book or journal, 「」〈〉 an article */
	rt_parse_words("陈建：《中国与冷战》，北京：世界知识出版社，2003年。", "author", A, &c);
	assert_str(c.authors[0].family, "陈建");
	assert_str(c.title, "中国与冷战");
	assert_str(c.place, "北京");
	assert_str(c.publisher, "世界知识出版社");
	assert_int_equal(c.issued.year, 2003);
	rt_parse_words("丸山眞男「忠誠と反逆」『近代日本思想史講座』第6巻、筑摩書房、1960年、367-470頁。",
		       "author", A, &c);
	assert_str(c.type, "chapter");
	assert_str(c.title, "忠誠と反逆");
	assert_str(c.container_title, "近代日本思想史講座");
	assert_str(c.volume, "6");
	assert_str(c.page, "367-470");
	assert_int_equal(c.issued.year, 1960);
	/* brackets that are no code stay in the title */
	rt_parse_words("Smith, J. Notes on [X]. London: Penguin, 2001.",
		       "author author title title title place publisher date", A, &c);
	assert_str(c.title, "Notes on [X]");
	assert_str(c.type, "book");
}

/* ABNT (Brazil): "17. ed. Rio de Janeiro:", "dez. 2010", "Disponível em:
 * <…>. Acesso em: 12 jan. 2020." — read as the labeller misreads them. */
static void test_abnt(void **state)
{
	(void)state;
	ref_citation c;
	rt_parse_words("FREIRE, Paulo. Pedagogia do oprimido. 17. ed. Rio de Janeiro: Paz e Terra, 1987.",
		       "author author title title title title editor editor editor place "
		       "publisher publisher publisher date",
		       A, &c);
	assert_str(c.title, "Pedagogia do oprimido");
	assert_str(c.edition, "17");
	assert_int_equal(c.n_editors, 0);
	assert_str(c.place, "Rio de Janeiro");
	rt_parse_words("SILVA, João da. A cidade. Revista de História, v. 30, n. 2, p. 45-67, dez. 2010.",
		       "author author author title title container-title container-title "
		       "container-title volume volume volume volume pages pages author date",
		       A, &c);
	assert_int_equal(c.n_authors, 1);
	assert_str(c.authors[0].particle, "da");
	assert_int_equal(c.issued.year, 2010);
	assert_int_equal(c.issued.month, 12);
	rt_parse_words("SANTOS, Maria. Memória e arquivo. Disponível em: "
		       "<http://www.exemplo.br/a.pdf>. Acesso em: 12 jan. 2020.",
		       "author author title title title container-title container-title "
		       "container-title container-title container-title date date date",
		       A, &c);
	assert_null(c.container_title);
	assert_str(c.url, "http://www.exemplo.br/a.pdf");
	assert_int_equal(c.accessed.year, 2020);
	assert_int_equal(c.accessed.month, 1);
	assert_int_equal(c.issued.year, 0);
	assert_str(c.type, "webpage");
	/* not an edition: "Vol. 6. Ed. Franco Moretti" (an editor), and not
	 * a date: "MARCH," (a name) */
	rt_parse_words("Peirce, C. Writings. Vol. 6. Ed. Franco Moretti. 2000.",
		       "author author title volume volume editor editor editor date", A, &c);
	assert_null(c.edition);
	assert_int_equal(c.n_editors, 1);
	rt_parse_words("CROSS, Marita, Lyn MARCH, 2014. Title.",
		       "author author author author date title", A, &c);
	assert_int_equal(c.n_authors, 2);
}

/* The rules after the labeller on broken forms of what they read: any
 * labelling of these gives a typed citation (ASan and UBSan watch the
 * scans over brackets, codes and counters). */
static void test_rules_hostile(void **state)
{
	(void)state;
	static const char *const in[] = {"『", "』『", "《》", "「」『』", "[M]", "[", "[M",
		"a[M]", "[1905", "1954 [", "。。。", "第第第", "第", "頁", "年月日",
		"1999年13月40日", "丸山眞男『", "丸山眞男『日本』、、、、", "丸山眞男「『」』",
		"김. 김.", "Иванов И. И.", "Disponível em: <http://>. Acesso em:",
		"， ， ：", "• ", "·", "17. ed.", "Smith, J. 1954 [1905] [1906] [x]",
		/* the seventh session's rules: unclosed marks, lone words */
		"coll. «", "coll. « »", "coll. \"", "collana « a « b", "Torino, Einaudi,",
		", , ,", "a. M.", ", M.", "Cambridge, .", "U. von", "U. von ,", ", Der",
		"Der", "3 voll.", "Vol. I", "Vol. MMMMMMMMMMMMMMMMMMMMMMMM",
		/* the eighth session's: thesis words, spans of years, same
		 * author, shared family, an imprint at the end */
		"Tesi", "a. Tesi", "a. Tesi di", "a. Diss.", "a. Diss. ,", "x. Dissertation",
		"1955\xE2\x80\x93", "1955-57", "(1955-1957", "9999-99", "Ders.", "Ders.:",
		"Idem,", "Dies. Dies.", "Willa and", "and Edwin Muir", "a and b c d e",
		"Milano, Bompiani.", "(1962), Milano, .", "S1", "S", "C-", "Ranke, von:",
		"R, von", "Ranke, :", "Ranke, a b c von:", "BLOCH (", "BLOCH ()", "( )",
		"LE LE LE LE LE x", "STAR Collaboration, J.", ", J. Collaboration,",
		"\xE2\x80\x94\xE2\x80\x94\xE2\x80\x94, ed.", "---, trans", "--- ed", "---,"};
	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		for (int pattern = 0; pattern < REF_N_LABELS; pattern++) {
			ref_token *t = NULL;
			size_t nt = ref_tokenize(in[i], strlen(in[i]), A, &t);
			ref_label *l = quire_arena_alloc(A, (nt ? nt : 1) * sizeof *l);
			assert_non_null(l);
			for (size_t k = 0; k < nt; k++)
				l[k] = (ref_label)((pattern + t[k].word * 7 + k) % REF_N_LABELS);
			ref_citation c;
			quire_error err = {0};
			assert_int_equal(ref_fields(in[i], t, l, nt, A, &c, &err), QUIRE_OK);
			assert_non_null(c.type);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_inverted),
		cmocka_unit_test(test_names_entry_number),
		cmocka_unit_test(test_names_french),
		cmocka_unit_test(test_names_given_first),
		cmocka_unit_test(test_names_lists),
		cmocka_unit_test(test_names_caps_family),
		cmocka_unit_test(test_names_vancouver),
		cmocka_unit_test(test_names_et_al_roles),
		cmocka_unit_test(test_names_corporate),
		cmocka_unit_test(test_names_hostile),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_title_year_not_date),
		cmocka_unit_test(test_volume_issue),
		cmocka_unit_test(test_volume_colon_pages),
		cmocka_unit_test(test_slipped_punctuation),
		cmocka_unit_test(test_imprint_year),
		cmocka_unit_test(test_publisher_of),
		cmocka_unit_test(test_in_quoted),
		cmocka_unit_test(test_vancouver_overrun),
		cmocka_unit_test(test_edition_volume),
		cmocka_unit_test(test_markup_tags),
		cmocka_unit_test(test_title_in_tail),
		cmocka_unit_test(test_field_quotes),
		cmocka_unit_test(test_vancouver),
		cmocka_unit_test(test_pages_total),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_doi_url_isbn),
		cmocka_unit_test(test_accessed_edition),
		cmocka_unit_test(test_types),
		cmocka_unit_test(test_labels_fix),
		cmocka_unit_test(test_issue_after_volume),
		cmocka_unit_test(test_roles_and_edited_books),
		cmocka_unit_test(test_archive_fields),
		cmocka_unit_test(test_repeated_author),
		cmocka_unit_test(test_thesis_year_span),
		cmocka_unit_test(test_several_runs_and_etal),
		cmocka_unit_test(test_organisation_author),
		cmocka_unit_test(test_original_date),
		cmocka_unit_test(test_names_cjk),
		cmocka_unit_test(test_gbt7714),
		cmocka_unit_test(test_abnt),
		cmocka_unit_test(test_names_family_initials),
		cmocka_unit_test(test_gost),
		cmocka_unit_test(test_place_publisher),
		cmocka_unit_test(test_initials_title),
		cmocka_unit_test(test_place_abbrev),
		cmocka_unit_test(test_collection),
		cmocka_unit_test(test_rules_hostile),
		cmocka_unit_test(test_volume_word),
		cmocka_unit_test(test_series_forms),
		cmocka_unit_test(test_din_given),
		cmocka_unit_test(test_report_number),
		cmocka_unit_test(test_iso690_online),
		cmocka_unit_test(test_din_forms),
		cmocka_unit_test(test_iso690_chapter),
		cmocka_unit_test(test_apa_forms),
		cmocka_unit_test(test_ieee_forms),
		cmocka_unit_test(test_mla_edited_by),
		cmocka_unit_test(test_chicago_ad_forms),
		cmocka_unit_test(test_mhra_forms),
		cmocka_unit_test(test_harvard_forms),
		cmocka_unit_test(test_deutsche_sprache_forms),
		cmocka_unit_test(test_archive_last),
		cmocka_unit_test(test_roundtrip_forms),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
