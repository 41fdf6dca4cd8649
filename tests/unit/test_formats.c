/*
 * test_formats.c — the text and Markdown readers, sniffing, reading files.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "formats.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

typedef struct rd_fix {
	quire_arena *a;
	quire_source *s;
	quire_error err;
} rd_fix;

static quire_status run(rd_fix *f, fmt_read_fn fn, const char *bytes, size_t n)
{
	f->a = quire_arena_new(0);
	assert_non_null(f->a);
	f->s = quire_source_new(f->a);
	assert_non_null(f->s);
	memset(&f->err, 0, sizeof f->err);
	return fn((const unsigned char *)bytes, n, f->s, &f->err);
}

#define RUN(f, fn, lit) run((f), (fn), (lit), sizeof(lit) - 1)

static void done(rd_fix *f)
{
	quire_arena_free(f->a);
}

static const quire_item *item(rd_fix *f, size_t i)
{
	const quire_item *it = quire_source_item(f->s, i);
	assert_non_null(it);
	return it;
}

static void assert_line(rd_fix *f, size_t i, const char *want)
{
	const quire_item *it = item(f, i);
	assert_int_equal(it->type, QUIRE_ITEM_LINE);
	assert_span_equal(it->text, it->len, want);
}

static void assert_block(rd_fix *f, size_t i, quire_block_kind k, int level,
			 const char *want)
{
	const quire_item *it = item(f, i);
	assert_int_equal(it->type, QUIRE_ITEM_BLOCK);
	assert_span_equal(it->text, it->len, want);
	assert_int_equal(it->kind, k);
	assert_int_equal(it->level, level);
}

static int has_remark(rd_fix *f, const char *want)
{
	for (size_t i = 0; i < quire_source_n_remarks(f->s); i++)
		if (strcmp(quire_source_remark(f->s, i), want) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Plain text: encodings                                               */
/* ------------------------------------------------------------------ */

static void text_utf8(void **state)
{
	(void)state;
	rd_fix f;
	assert_int_equal(RUN(&f, rd_text_read, "Caf\xC3\xA9 au lait\nsecond"), QUIRE_OK);
	assert_int_equal(quire_source_count(f.s), 2);
	assert_line(&f, 0, "Caf\xC3\xA9 au lait");
	assert_line(&f, 1, "second");
	assert_string_equal(quire_source_format(f.s), "text");
	assert_string_equal(quire_source_encoding(f.s), "UTF-8");
	assert_int_equal(quire_source_n_remarks(f.s), 0);
	done(&f);
}

static void text_utf8_bom(void **state)
{
	(void)state;
	rd_fix f;
	assert_int_equal(RUN(&f, rd_text_read, "\xEF\xBB\xBFOn method\n"), QUIRE_OK);
	assert_int_equal(quire_source_count(f.s), 1);
	assert_line(&f, 0, "On method");
	assert_string_equal(quire_source_encoding(f.s), "UTF-8 with BOM");
	done(&f);
}

static void text_utf16le(void **state)
{
	(void)state;
	rd_fix f;
	/* BOM, "Hi", U+1F600 as D83D DE00, LF, "e" with acute (U+00E9) */
	static const char b[] = "\xFF\xFE" "H\0i\0" "\x3D\xD8\x00\xDE" "\n\0" "\xE9\0";
	assert_int_equal(run(&f, rd_text_read, b, sizeof b - 1), QUIRE_OK);
	assert_int_equal(quire_source_count(f.s), 2);
	assert_line(&f, 0, "Hi\xF0\x9F\x98\x80");
	assert_line(&f, 1, "\xC3\xA9");
	assert_string_equal(quire_source_encoding(f.s), "UTF-16LE");
	done(&f);
}

static void text_utf16be(void **state)
{
	(void)state;
	rd_fix f;
	static const char b[] = "\xFE\xFF" "\0O\0k" "\xD8\x3D\xDE\x00" "\0\r\0\n\0z";
	assert_int_equal(run(&f, rd_text_read, b, sizeof b - 1), QUIRE_OK);
	assert_int_equal(quire_source_count(f.s), 2);
	assert_line(&f, 0, "Ok\xF0\x9F\x98\x80");
	assert_line(&f, 1, "z");
	assert_string_equal(quire_source_encoding(f.s), "UTF-16BE");
	done(&f);
}

static void text_utf16_bad(void **state)
{
	(void)state;
	rd_fix f;
	/* a low surrogate alone */
	static const char b1[] = "\xFF\xFE" "a\0" "\x00\xDC" "b\0";
	assert_int_equal(run(&f, rd_text_read, b1, sizeof b1 - 1), QUIRE_EINPUT);
	assert_non_null(strstr(f.err.msg, "invalid UTF-16"));
	done(&f);
	/* a high surrogate followed by a plain character */
	static const char b2[] = "\xFF\xFE" "\x3D\xD8" "b\0";
	assert_int_equal(run(&f, rd_text_read, b2, sizeof b2 - 1), QUIRE_EINPUT);
	assert_non_null(strstr(f.err.msg, "invalid UTF-16"));
	done(&f);
	/* a high surrogate at the very end, and an odd byte count */
	static const char b3[] = "\xFE\xFF" "\0a\xD8\x3D";
	assert_int_equal(run(&f, rd_text_read, b3, sizeof b3 - 1), QUIRE_EINPUT);
	done(&f);
	static const char b4[] = "\xFE\xFF" "\0a\0";
	assert_int_equal(run(&f, rd_text_read, b4, sizeof b4 - 1), QUIRE_EINPUT);
	assert_non_null(strstr(f.err.msg, "invalid UTF-16"));
	done(&f);
}

static void text_cp1252(void **state)
{
	(void)state;
	rd_fix f;
	/* "He said “yes” — café" in Windows-1252, with one undefined byte (0x81) */
	assert_int_equal(RUN(&f, rd_text_read,
			     "He said \x93yes\x94 \x97 caf\xE9\x81!"),
			 QUIRE_OK);
	assert_int_equal(quire_source_count(f.s), 1);
	assert_line(&f, 0, "He said \xE2\x80\x9Cyes\xE2\x80\x9D \xE2\x80\x94 caf\xC3\xA9!");
	assert_string_equal(quire_source_encoding(f.s), "Windows-1252");
	assert_true(has_remark(&f, "converted from Windows-1252"));
	done(&f);
}

static void text_mixed_invalid(void **state)
{
	(void)state;
	rd_fix f;
	/* valid "é" on line 1, a stray 0x93 at byte 5 of line 2 */
	assert_int_equal(RUN(&f, rd_text_read, "caf\xC3\xA9\nsaid\x93yes"), QUIRE_EINPUT);
	assert_string_equal(f.err.msg, "invalid UTF-8 at line 2, byte 5");
	done(&f);
	/* overlong "/" is invalid, and a BOM counts as valid UTF-8 */
	assert_int_equal(RUN(&f, rd_text_read, "\xEF\xBB\xBF" "a\xC0\xAF"), QUIRE_EINPUT);
	assert_string_equal(f.err.msg, "invalid UTF-8 at line 1, byte 2");
	done(&f);
	/* a surrogate encoded in UTF-8 next to a valid sequence */
	assert_int_equal(RUN(&f, rd_text_read, "\xC3\xA9\xED\xA0\x80"), QUIRE_EINPUT);
	done(&f);
}

/* ------------------------------------------------------------------ */
/* Plain text: lines and pages                                         */
/* ------------------------------------------------------------------ */

static void text_line_endings(void **state)
{
	(void)state;
	rd_fix f;
	assert_int_equal(RUN(&f, rd_text_read, "a\nb\r\nc\rd\r\n\r\ne\n"), QUIRE_OK);
	assert_int_equal(quire_source_count(f.s), 6);
	assert_line(&f, 0, "a");
	assert_line(&f, 1, "b");
	assert_line(&f, 2, "c");
	assert_line(&f, 3, "d");
	assert_line(&f, 4, "");
	assert_line(&f, 5, "e");
	done(&f);
	/* no final newline, and lines are not trimmed */
	assert_int_equal(RUN(&f, rd_text_read, "  x  \r\ty"), QUIRE_OK);
	assert_int_equal(quire_source_count(f.s), 2);
	assert_line(&f, 0, "  x  ");
	assert_line(&f, 1, "\ty");
	done(&f);
	/* CR CR LF is two line ends */
	assert_int_equal(RUN(&f, rd_text_read, "p\r\r\nq"), QUIRE_OK);
	assert_int_equal(quire_source_count(f.s), 3);
	assert_line(&f, 1, "");
	done(&f);
}

static void text_form_feed(void **state)
{
	(void)state;
	rd_fix f;
	assert_int_equal(RUN(&f, rd_text_read, "one\n\ftwo\nend\f\nthree\fx"), QUIRE_OK);
	/* one | PB | two | end | PB | three | PB | x */
	assert_int_equal(quire_source_count(f.s), 8);
	assert_line(&f, 0, "one");
	assert_int_equal(item(&f, 1)->type, QUIRE_ITEM_PAGE_BREAK);
	assert_line(&f, 2, "two");
	assert_line(&f, 3, "end");
	assert_int_equal(item(&f, 4)->type, QUIRE_ITEM_PAGE_BREAK);
	assert_line(&f, 5, "three");
	assert_int_equal(item(&f, 6)->type, QUIRE_ITEM_PAGE_BREAK);
	assert_line(&f, 7, "x");
	done(&f);
}

static void text_empty(void **state)
{
	(void)state;
	rd_fix f;
	assert_int_equal(run(&f, rd_text_read, "", 0), QUIRE_OK);
	assert_int_equal(quire_source_count(f.s), 0);
	assert_string_equal(quire_source_format(f.s), "text");
	done(&f);
}

/* ------------------------------------------------------------------ */
/* Markdown                                                            */
/* ------------------------------------------------------------------ */

static void md_blocks(void **state)
{
	(void)state;
	rd_fix f;
	static const char doc[] =
		"# The Walled Garden\n"
		"\n"
		"Some *emphasis* and **strong** text with a [link](http://x.org/a)\n"
		"and a second line &amp; an entity &#233;&#x2014;.\n"
		"\n"
		"## Method\n"
		"\n"
		"> A quoted\n"
		"> remark.\n"
		"\n"
		"- first\n"
		"  - nested `code`\n"
		"- second\n"
		"\n"
		"```\n"
		"int x;\n"
		"  y();\n"
		"```\n"
		"\n"
		"| A | B |\n"
		"|---|---|\n"
		"| 1 | 2 |\n"
		"\n"
		"See ![a chart](c.png) and ![b](d.png) at https://example.org/p too.\n"
		"\n"
		"###### Deep\n";
	assert_int_equal(RUN(&f, rd_markdown_read, doc), QUIRE_OK);
	assert_string_equal(quire_source_format(f.s), "markdown");
	assert_string_equal(quire_source_title(f.s), "The Walled Garden");
	size_t i = 0;
	assert_block(&f, i++, QUIRE_BLOCK_HEADING, 1, "The Walled Garden");
	assert_block(&f, i++, QUIRE_BLOCK_PARAGRAPH, 0,
		     "Some emphasis and strong text with a link\n"
		     "and a second line & an entity \xC3\xA9\xE2\x80\x94.");
	assert_block(&f, i++, QUIRE_BLOCK_HEADING, 2, "Method");
	assert_block(&f, i++, QUIRE_BLOCK_QUOTE, 0, "A quoted\nremark.");
	assert_block(&f, i++, QUIRE_BLOCK_LIST_ITEM, 1, "first");
	assert_block(&f, i++, QUIRE_BLOCK_LIST_ITEM, 2, "nested code");
	assert_block(&f, i++, QUIRE_BLOCK_LIST_ITEM, 1, "second");
	assert_block(&f, i++, QUIRE_BLOCK_CODE, 0, "int x;\n  y();");
	assert_block(&f, i++, QUIRE_BLOCK_NONE, 0, "A | B\n1 | 2");
	assert_block(&f, i++, QUIRE_BLOCK_PARAGRAPH, 0,
		     "See  and  at https://example.org/p too.");
	assert_block(&f, i++, QUIRE_BLOCK_HEADING, 6, "Deep");
	assert_int_equal(quire_source_count(f.s), i);
	assert_true(has_remark(&f, "2 images skipped"));
	done(&f);
}

static void md_front_matter(void **state)
{
	(void)state;
	rd_fix f;
	static const char doc[] =
		"---\n"
		"title: \"On Gardens: A Study\"\n"
		"author:\n"
		"  - Ada Lovelace\n"
		"  - 'Charles Babbage'\n"
		"date: 2003-03-30 # written in spring\n"
		"tags: [a, b]\n"
		"---\n"
		"# Not the title\n"
		"\n"
		"Body.\n";
	assert_int_equal(RUN(&f, rd_markdown_read, doc), QUIRE_OK);
	assert_string_equal(quire_source_title(f.s), "On Gardens: A Study");
	assert_int_equal(quire_source_n_authors(f.s), 2);
	assert_string_equal(quire_source_author(f.s, 0), "Ada Lovelace");
	assert_string_equal(quire_source_author(f.s, 1), "Charles Babbage");
	assert_string_equal(quire_source_date(f.s), "2003-03-30");
	assert_int_equal(quire_source_count(f.s), 2);
	assert_block(&f, 0, QUIRE_BLOCK_HEADING, 1, "Not the title");
	assert_block(&f, 1, QUIRE_BLOCK_PARAGRAPH, 0, "Body.");
	done(&f);

	/* a flow list and a plain string; no title key: the first H1 is it */
	static const char doc2[] =
		"---\r\n"
		"authors: [Mary Shelley, \"Percy, B. S.\"]\r\n"
		"...\r\n"
		"## Preface\r\n"
		"# Real Title\r\n";
	assert_int_equal(RUN(&f, rd_markdown_read, doc2), QUIRE_OK);
	assert_int_equal(quire_source_n_authors(f.s), 2);
	assert_string_equal(quire_source_author(f.s, 0), "Mary Shelley");
	assert_string_equal(quire_source_author(f.s, 1), "Percy, B. S.");
	assert_string_equal(quire_source_title(f.s), "Real Title");
	done(&f);

	static const char doc3[] = "---\nauthor: Jane Roe\n---\nText.\n";
	assert_int_equal(RUN(&f, rd_markdown_read, doc3), QUIRE_OK);
	assert_int_equal(quire_source_n_authors(f.s), 1);
	assert_string_equal(quire_source_author(f.s, 0), "Jane Roe");
	assert_null(quire_source_title(f.s));
	done(&f);

	/* a two-line setext heading is one line */
	static const char doc5[] = "A Long\nTitle\n===\n\nText.\n";
	assert_int_equal(RUN(&f, rd_markdown_read, doc5), QUIRE_OK);
	assert_string_equal(quire_source_title(f.s), "A Long Title");
	assert_block(&f, 0, QUIRE_BLOCK_HEADING, 1, "A Long Title");
	done(&f);

	/* unclosed: not front matter, md4c sees it all */
	static const char doc4[] = "---\ntitle: x\n\nText.\n";
	assert_int_equal(RUN(&f, rd_markdown_read, doc4), QUIRE_OK);
	assert_null(quire_source_title(f.s));
	assert_true(quire_source_count(f.s) >= 1);
	done(&f);
}

static void md_nesting(void **state)
{
	(void)state;
	rd_fix f;
	static const char doc[] =
		"1. loose one\n"
		"\n"
		"   still one\n"
		"\n"
		"2. two\n"
		"   > quoted in a list\n"
		"\n"
		"> - listed in a quote\n"
		">\n"
		"> plain quote\n";
	assert_int_equal(RUN(&f, rd_markdown_read, doc), QUIRE_OK);
	size_t i = 0;
	assert_block(&f, i++, QUIRE_BLOCK_LIST_ITEM, 1, "loose one");
	assert_block(&f, i++, QUIRE_BLOCK_LIST_ITEM, 1, "still one");
	assert_block(&f, i++, QUIRE_BLOCK_LIST_ITEM, 1, "two");
	assert_block(&f, i++, QUIRE_BLOCK_QUOTE, 0, "quoted in a list");
	assert_block(&f, i++, QUIRE_BLOCK_LIST_ITEM, 1, "listed in a quote");
	assert_block(&f, i++, QUIRE_BLOCK_QUOTE, 0, "plain quote");
	assert_int_equal(quire_source_count(f.s), i);
	done(&f);
}

static void md_html_and_breaks(void **state)
{
	(void)state;
	rd_fix f;
	static const char doc[] =
		"<div class=\"x\">\n"
		"dropped\n"
		"</div>\n"
		"\n"
		"Hard  \n"
		"break and <b>inline</b> html, <https://a.org/b>, &bogus; &#0;.\n";
	assert_int_equal(RUN(&f, rd_markdown_read, doc), QUIRE_OK);
	assert_int_equal(quire_source_count(f.s), 1);
	assert_block(&f, 0, QUIRE_BLOCK_PARAGRAPH, 0,
		     "Hard\nbreak and inline html, https://a.org/b, &bogus; \xEF\xBF\xBD.");
	assert_true(has_remark(&f, "1 HTML block skipped"));
	assert_true(has_remark(&f, "2 inline HTML tags skipped"));
	done(&f);
}

static void md_encodings(void **state)
{
	(void)state;
	rd_fix f;
	assert_int_equal(RUN(&f, rd_markdown_read, "# Caf\xE9\n\n\x93Quoted\x94\n"), QUIRE_OK);
	assert_string_equal(quire_source_encoding(f.s), "Windows-1252");
	assert_string_equal(quire_source_title(f.s), "Caf\xC3\xA9");
	assert_true(has_remark(&f, "converted from Windows-1252"));
	assert_block(&f, 1, QUIRE_BLOCK_PARAGRAPH, 0, "\xE2\x80\x9CQuoted\xE2\x80\x9D");
	done(&f);
	assert_int_equal(RUN(&f, rd_markdown_read, "\xC3\xA9 \xFF"), QUIRE_EINPUT);
	assert_non_null(strstr(f.err.msg, "invalid UTF-8 at line 1"));
	done(&f);
	static const char b[] = "\xFF\xFE#\0 \0T\0\n\0";
	assert_int_equal(run(&f, rd_markdown_read, b, sizeof b - 1), QUIRE_OK);
	assert_string_equal(quire_source_encoding(f.s), "UTF-16LE");
	assert_block(&f, 0, QUIRE_BLOCK_HEADING, 1, "T");
	done(&f);
}

static void md_deep_nesting(void **state)
{
	(void)state;
	/* 20000 nested quotes: no recursion, no blow-up */
	size_t n = 20000;
	char *doc = malloc(n + 8);
	assert_non_null(doc);
	memset(doc, '>', n);
	memcpy(doc + n, " deep\n", 6);
	rd_fix f;
	assert_int_equal(run(&f, rd_markdown_read, doc, n + 6), QUIRE_OK);
	assert_true(quire_source_count(f.s) >= 1);
	done(&f);
	free(doc);
}

/* Footnotes: "[^1]" references leave the text; each "[^1]: …" definition
 * (with its indented and lazy continuation lines, read as Markdown) is a
 * NOTE block after the body, in the order of the definitions; a fenced
 * block's "[^x]:" is code; an undefined "[^y]" stays as written. */
static void md_footnotes(void **state)
{
	(void)state;
	rd_fix f;
	static const char doc[] =
		"# Salt\n"
		"\n"
		"Salt made the lagoon rich.[^a] Historians differ.[^long-note] See [^y].\n"
		"\n"
		"```\n"
		"[^x]: code, not a note\n"
		"```\n"
		"\n"
		"[^long-note]: Ibid., 45.\n"
		"[^a]: See *Le sel*, 2 vols.\n"
		"lazily continued; cf. Lane.\n"
		"\n"
		"    A second paragraph of the note.\n"
		"\n"
		"After the notes, the text goes on.\n";
	assert_int_equal(RUN(&f, rd_markdown_read, doc), QUIRE_OK);
	size_t i = 0;
	assert_block(&f, i++, QUIRE_BLOCK_HEADING, 1, "Salt");
	assert_block(&f, i++, QUIRE_BLOCK_PARAGRAPH, 0,
		     "Salt made the lagoon rich. Historians differ. See [^y].");
	assert_block(&f, i++, QUIRE_BLOCK_CODE, 0, "[^x]: code, not a note");
	assert_block(&f, i++, QUIRE_BLOCK_PARAGRAPH, 0, "After the notes, the text goes on.");
	assert_block(&f, i++, QUIRE_BLOCK_NOTE, 0, "Ibid., 45.");
	assert_block(&f, i++, QUIRE_BLOCK_NOTE, 0,
		     "See Le sel, 2 vols.\nlazily continued; cf. Lane.\n"
		     "A second paragraph of the note.");
	assert_int_equal(quire_source_count(f.s), i);
	done(&f);
	/* hostile: labels too long, unclosed, empty, a definition alone */
	static const char odd[] = "[^]: x\n[^ a]: y\n[^b\n"
				  "[^aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]: z\n";
	assert_int_equal(RUN(&f, rd_markdown_read, odd), QUIRE_OK);
	for (size_t k = 0; k < quire_source_count(f.s); k++)
		assert_int_not_equal(item(&f, k)->kind, QUIRE_BLOCK_NOTE);
	done(&f);
	assert_int_equal(RUN(&f, rd_markdown_read, "[^1]: only a note\n"), QUIRE_OK);
	assert_block(&f, 0, QUIRE_BLOCK_NOTE, 0, "only a note");
	assert_int_equal(quire_source_count(f.s), 1);
	done(&f);
	/* Pandoc's bracketed spans keep their text, in the body and in notes;
	 * links and plain brackets stay as they were */
	assert_int_equal(RUN(&f, rd_markdown_read,
			     "Vol. [iii]{.smallcaps} and [x]{lang=fr}, [a](http://e.org) [b]{c}.[^n]\n\n"
			     "[^n]: Dupont, [iii]{.smallcaps}, p. 169.\n"), QUIRE_OK);
	assert_block(&f, 0, QUIRE_BLOCK_PARAGRAPH, 0, "Vol. iii and x, a [b]{c}.");
	assert_block(&f, 1, QUIRE_BLOCK_NOTE, 0, "Dupont, iii, p. 169.");
	done(&f);
}

/* ------------------------------------------------------------------ */
/* Sniffing                                                            */
/* ------------------------------------------------------------------ */

static const char *sniff_what(const char *b, size_t n, const char *name,
			      const fmt_reader **r)
{
	const char *what = "unset";
	*r = fmt_sniff((const unsigned char *)b, n, name, &what);
	return what;
}

#define SNIFF_NULL(lit, want)                                                 \
	do {                                                                  \
		const fmt_reader *r_;                                         \
		const char *w_ = sniff_what((lit), sizeof(lit) - 1, NULL, &r_); \
		assert_null(r_);                                              \
		assert_string_equal(w_, (want));                              \
	} while (0)

/* A format with a reader of its own: the reader, and what it is. */
#define SNIFF_READER(lit, want, rname)                                        \
	do {                                                                  \
		const fmt_reader *r_;                                         \
		const char *w_ = sniff_what((lit), sizeof(lit) - 1, NULL, &r_); \
		assert_non_null(r_);                                          \
		assert_string_equal(r_->name, (rname));                       \
		assert_string_equal(w_, (want));                              \
	} while (0)

static void sniff_magic(void **state)
{
	(void)state;
	SNIFF_READER("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", "a PDF document", "pdf");
	SNIFF_READER("PK\3\4\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
		   "[Content_Types].xml....word/document.xml",
		   "a Word document (DOCX)", "docx");
	SNIFF_READER("PK\3\4\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
		   "mimetypeapplication/vnd.oasis.opendocument.textPK",
		   "an OpenDocument text (ODT)", "odt");
	SNIFF_READER("PK\3\4\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
		   "mimetypeapplication/epub+zipPK",
		   "an EPUB book", "epub");
	SNIFF_NULL("PK\3\4\x14\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
		   "notes.txt", "a ZIP archive");
	SNIFF_READER("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0",
		     "a Word 97-2003 document or other OLE file", "doc");
	SNIFF_READER("{\\rtf1\\ansi Hello}", "an RTF document", "rtf");
	SNIFF_NULL("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", "a PNG image");
	SNIFF_NULL("\xFF\xD8\xFF\xE0\0\x10JFIF", "a JPEG image");
	SNIFF_NULL("GIF89a\x01\0\x01\0", "a GIF image");
	SNIFF_NULL("GIF87a\x01\0\x01\0", "a GIF image");
	SNIFF_NULL("\x7F" "ELF\x02\x01\x01\0", "a program (ELF executable)");
	SNIFF_NULL("\x1F\x8B\x08\0\0\0\0\0", "a gzip-compressed file");
	SNIFF_NULL("SQLite format 3\0\x10\0", "a SQLite database");
	SNIFF_READER("\xEF\xBB\xBF  \n<!doctype HTML>\n<html>", "an HTML page", "html");
	SNIFF_READER("<html lang=\"en\"><body>hi</body></html>", "an HTML page", "html");
	SNIFF_READER("<?xml version=\"1.0\"?>\n<!DOCTYPE html>\n<html>", "an HTML page", "html");
	SNIFF_NULL("<?xml version=\"1.0\"?><article><title>x</title>", "an XML document");
	SNIFF_NULL("\n<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS\">", "an XML document");
	SNIFF_NULL("", "an empty file");
	SNIFF_NULL("abc\0def", "binary data");
	SNIFF_NULL("\x01\x02\x03\x04 some\x05\x06 text\x07\x08", "binary data");
	/* "<htmlfoo" is not HTML */
	const fmt_reader *r;
	sniff_what("<htmlish> words\n", 16, NULL, &r);
	assert_non_null(r);
}

static void sniff_text_or_markdown(void **state)
{
	(void)state;
	const fmt_reader *r;
	/* plain prose with a dashed list and a stray "**": text */
	static const char plain[] =
		"A Study of Gardens\n\nJane Roe\n\nWe look at three cases:\n"
		"- the first garden\n- the second garden\n- the third\n"
		"Footnote marks like ** appear here ** too.\n";
	sniff_what(plain, sizeof plain - 1, "paper.txt", &r);
	assert_non_null(r);
	assert_string_equal(r->name, "text");
	/* the same bytes named .md: Markdown */
	sniff_what(plain, sizeof plain - 1, "paper.MD", &r);
	assert_string_equal(r->name, "markdown");
	sniff_what(plain, sizeof plain - 1, "notes.markdown", &r);
	assert_string_equal(r->name, "markdown");
	/* a heading and a link: Markdown whatever the name */
	static const char md[] = "# Title\n\nSee [the site](https://x.org).\n";
	sniff_what(md, sizeof md - 1, "paper.txt", &r);
	assert_string_equal(r->name, "markdown");
	/* a heading and a list */
	static const char md2[] = "Intro\n\n## Part\n\n- a\n- b\n";
	sniff_what(md2, sizeof md2 - 1, NULL, &r);
	assert_string_equal(r->name, "markdown");
	/* one "# " line alone (a comment, a number sign) stays text */
	static const char t2[] = "# 5 apples\nand some prose after it.\n";
	sniff_what(t2, sizeof t2 - 1, NULL, &r);
	assert_string_equal(r->name, "text");
	/* three headings alone */
	static const char md3[] = "# A\ntext\n## B\ntext\n## C\n";
	sniff_what(md3, sizeof md3 - 1, NULL, &r);
	assert_string_equal(r->name, "markdown");
	/* UTF-16 text is not binary, and is sniffed after decoding */
	static const char u16[] = "\xFF\xFE#\0 \0T\0\n\0[\0a\0]\0(\0b\0)\0";
	sniff_what(u16, sizeof u16 - 1, NULL, &r);
	assert_non_null(r);
	assert_string_equal(r->name, "markdown");
	/* Windows-1252 with C1-range bytes is text, not binary */
	static const char cp[] = "\x93Quoted\x94 \x96 dash \x85\n";
	sniff_what(cp, sizeof cp - 1, NULL, &r);
	assert_non_null(r);
	assert_string_equal(r->name, "text");
}

static void by_name(void **state)
{
	(void)state;
	assert_non_null(fmt_by_name("text"));
	assert_ptr_equal(fmt_by_name("markdown")->read, rd_markdown_read);
	assert_string_equal(fmt_by_name("text")->description, "plain text");
	assert_ptr_equal(fmt_by_name("pdf")->read, rd_pdf_read);
	assert_null(fmt_by_name("png"));
	assert_null(fmt_by_name(NULL));
}

/* ------------------------------------------------------------------ */
/* Reading files                                                       */
/* ------------------------------------------------------------------ */

static void read_file_cases(void **state)
{
	(void)state;
	unsigned char *b;
	size_t n;
	quire_error err;
	char dir[] = "/tmp/quire_fmt_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];

	/* a directory */
	assert_int_equal(fmt_read_file(dir, FMT_MAX_FILE_BYTES, &b, &n, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "is a directory");
	assert_null(b);

	/* missing */
	snprintf(path, sizeof path, "%s/missing.txt", dir);
	assert_int_equal(fmt_read_file(path, FMT_MAX_FILE_BYTES, &b, &n, &err), QUIRE_EIO);
	assert_string_equal(err.msg, "no such file");

	/* a FIFO is not a regular file (and opening it does not block) */
	snprintf(path, sizeof path, "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(fmt_read_file(path, FMT_MAX_FILE_BYTES, &b, &n, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "not a regular file");
	unlink(path);

	/* over the limit: a sparse file, refused before it is read */
	snprintf(path, sizeof path, "%s/huge.txt", dir);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)FMT_MAX_FILE_BYTES + 1), 0);
	close(fd);
	assert_int_equal(fmt_read_file(path, FMT_MAX_FILE_BYTES, &b, &n, &err), QUIRE_ELIMIT);
	assert_string_equal(err.msg, "is larger than the 256 MB limit");
	unlink(path);

	/* a normal file, and an empty one */
	snprintf(path, sizeof path, "%s/ok.txt", dir);
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("hello\nworld\n", fp);
	fclose(fp);
	assert_int_equal(fmt_read_file(path, FMT_MAX_FILE_BYTES, &b, &n, &err), QUIRE_OK);
	assert_span_equal(b, n, "hello\nworld\n");
	free(b);
	/* exactly at a small limit is fine, one byte under is not */
	assert_int_equal(fmt_read_file(path, 12, &b, &n, &err), QUIRE_OK);
	free(b);
	assert_int_equal(fmt_read_file(path, 11, &b, &n, &err), QUIRE_ELIMIT);

	/* unreadable (skipped when running as root, who reads anything) */
	if (geteuid() != 0) {
		assert_int_equal(chmod(path, 0), 0);
		assert_int_equal(fmt_read_file(path, FMT_MAX_FILE_BYTES, &b, &n, &err),
				 QUIRE_EIO);
		assert_string_equal(err.msg, "permission denied");
	}
	unlink(path);

	snprintf(path, sizeof path, "%s/empty.txt", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fclose(fp);
	assert_int_equal(fmt_read_file(path, FMT_MAX_FILE_BYTES, &b, &n, &err), QUIRE_OK);
	assert_int_equal(n, 0);
	free(b);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_utf8),
		cmocka_unit_test(text_utf8_bom),
		cmocka_unit_test(text_utf16le),
		cmocka_unit_test(text_utf16be),
		cmocka_unit_test(text_utf16_bad),
		cmocka_unit_test(text_cp1252),
		cmocka_unit_test(text_mixed_invalid),
		cmocka_unit_test(text_line_endings),
		cmocka_unit_test(text_form_feed),
		cmocka_unit_test(text_empty),
		cmocka_unit_test(md_blocks),
		cmocka_unit_test(md_front_matter),
		cmocka_unit_test(md_nesting),
		cmocka_unit_test(md_html_and_breaks),
		cmocka_unit_test(md_encodings),
		cmocka_unit_test(md_deep_nesting),
		cmocka_unit_test(md_footnotes),
		cmocka_unit_test(sniff_magic),
		cmocka_unit_test(sniff_text_or_markdown),
		cmocka_unit_test(by_name),
		cmocka_unit_test(read_file_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
