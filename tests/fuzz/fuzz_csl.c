/*
 * fuzz_csl.c — libFuzzer harness for the CSL processor (src/csl): the
 * style parser, the locale parser and the formatter.
 *
 * Input: a style, then a line "%%", then CSL-JSON items ("STYLE\n%%\nITEMS").
 * Without the separator the whole input is the style and a fixed list of
 * items is used.  The style bytes are also parsed as a locale (both parsers
 * see every mutation).  A style that loads is run over the items: every
 * item cited once in order (one citation per item, in notes 1, 2, …, the
 * first cite with a locator, the second repeated for ibid), all items in
 * one citation, and the bibliography, each as text and as HTML.  A tiny
 * locale of our own is given to the engine so terms exist.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char tiny_locale[] =
	"<locale xmlns=\"http://purl.org/net/xbiblio/csl\" version=\"1.0\" xml:lang=\"en-US\">"
	"<style-options punctuation-in-quote=\"true\"/>"
	"<date form=\"text\"><date-part name=\"month\" suffix=\" \"/>"
	"<date-part name=\"day\" suffix=\", \"/><date-part name=\"year\"/></date>"
	"<date form=\"numeric\"><date-part name=\"month\" form=\"numeric\" suffix=\"/\"/>"
	"<date-part name=\"year\"/></date>"
	"<terms><term name=\"and\">and</term><term name=\"et-al\">et al.</term>"
	"<term name=\"ibid\">ibid.</term><term name=\"no date\" form=\"short\">n.d.</term>"
	"<term name=\"page\" form=\"short\"><single>p.</single><multiple>pp.</multiple></term>"
	"<term name=\"editor\" form=\"short\"><single>ed.</single><multiple>eds.</multiple></term>"
	"<term name=\"month-01\">January</term><term name=\"month-02\">February</term>"
	"<term name=\"open-quote\">\xE2\x80\x9C</term><term name=\"close-quote\">\xE2\x80\x9D</term>"
	"<term name=\"ordinal\">th</term><term name=\"ordinal-01\">st</term>"
	"</terms></locale>";

static const char fixed_items[] =
	"[{\"id\":\"a\",\"type\":\"book\",\"title\":\"Reed Boats\",\"author\":[{\"family\":\"Ines\",\"given\":\"Tova\"}],"
	"\"issued\":{\"date-parts\":[[2001,5]]},\"publisher\":\"Loom\",\"page\":\"3-9\"},"
	"{\"id\":\"b\",\"type\":\"article-journal\",\"title\":\"on <i>tides</i>\",\"author\":[{\"family\":\"Ines\",\"given\":\"Tova\"},"
	"{\"literal\":\"Harbour Board\"}],\"editor\":[{\"family\":\"van Dal\",\"given\":\"Pim\"}],"
	"\"issued\":{\"date-parts\":[[2001],[2003]]},\"volume\":\"4\",\"issue\":\"2\",\"container-title\":\"Sea\"},"
	"{\"id\":\"c\",\"type\":\"chapter\",\"title\":\"Kelp\",\"issued\":{\"literal\":\"circa 1900\"}}]";

static void run(csl_engine *e, size_t nitems, csl_format fmt)
{
	quire_arena *a = quire_arena_new((size_t)64 << 20);
	if (!a)
		return;
	quire_error err = {0};
	char *one = NULL;
	(void)csl_engine_cite_all(e, fmt, a, &one, &err);
	if (nitems > 64)
		nitems = 64;
	csl_cite cites[65];
	csl_cluster cl[65];
	char idbuf[65][24];
	size_t n = 0;
	/* the ids the engine knows are not listed by the API: cite the ids of
	 * the fixed list and "ITEM-n", unknown ones are left out */
	static const char *const ids[] = {"a", "b", "c"};
	for (size_t i = 0; i < nitems && n < 64; i++) {
		memset(&cites[n], 0, sizeof cites[n]);
		if (i < 3)
			cites[n].id = ids[i];
		else {
			snprintf(idbuf[n], sizeof idbuf[n], "ITEM-%zu", i + 1);
			cites[n].id = idbuf[n];
		}
		cites[n].position = -1;
		if (i == 0)
			cites[n].locator = "12-14";
		cl[n].cites = &cites[n];
		cl[n].n = 1;
		cl[n].note_index = (int)n + 1;
		n++;
	}
	if (n) { /* the first again, right after: ibid */
		cites[n] = cites[0];
		cites[n].locator = "15";
		cl[n].cites = &cites[n];
		cl[n].n = 1;
		cl[n].note_index = (int)n + 1;
		n++;
	}
	char **out = NULL;
	(void)csl_engine_citations(e, cl, n, fmt, a, &out, &err);
	csl_bib bib;
	if (csl_engine_bibliography(e, fmt, 0, a, &bib, &err) == QUIRE_OK)
		(void)csl_bib_join(&bib, fmt, a);
	quire_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > (1u << 20))
		return 0;
	const char *s = (const char *)data;
	size_t sn = size;
	const char *items = fixed_items;
	size_t in = sizeof fixed_items - 1;
	const char *sep = memmem(s, size, "\n%%\n", 4);
	if (sep) {
		sn = (size_t)(sep - s);
		items = sep + 4;
		in = size - sn - 4;
	}
	quire_error err = {0};
	csl_locale *asloc = csl_locale_load(s, sn, "fuzz.xml", &err);
	csl_locale_free(asloc);
	csl_style *st = csl_style_load(s, sn, "fuzz.csl", &err);
	if (!st)
		return 0;
	(void)csl_style_title(st);
	(void)csl_style_id(st);
	csl_locale *loc = csl_locale_load(tiny_locale, sizeof tiny_locale - 1, "tiny.xml", &err);
	const csl_locale *locs[1] = {loc};
	csl_engine *e = csl_engine_new(st, NULL, locs, loc ? 1 : 0, &err);
	if (e) {
		if (csl_engine_add_items(e, items, in, &err) == QUIRE_OK) {
			size_t ni = csl_engine_n_items(e);
			run(e, ni, CSL_TEXT);
			run(e, ni, CSL_HTML);
		}
		csl_engine_free(e);
	}
	csl_locale_free(loc);
	csl_style_free(st);
	return 0;
}
