/*
 * test_rtf.c — the RTF reader (rd_rtf.c): every construct on hand-written
 * RTF, hostile input, the fixtures made by pandoc and LibreOffice
 * (tests/fixtures/formats/rtf, made by tools/make_format_fixtures_rtf.sh)
 * against the expectations of the texts they were made from, and the real
 * RTF files of ../shared/data/papers when that directory is there.
 *
 * Tolerance for the generated fixtures: the word count of the analysed
 * RTF must be within 2% (at least 3 words) of the source text's expected
 * count — the fixtures agree exactly today; the margin is for a future
 * pandoc or LibreOffice that spells a dash or a list marker differently.
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "buf.h"
#include "formats.h"
#include "sandbox.h"

#ifndef RTF_FIXTURES
#define RTF_FIXTURES "tests/fixtures/formats/rtf"
#endif
#ifndef TEXT_FIXTURES
#define TEXT_FIXTURES "tests/fixtures"
#endif
#define PAPERS_DIR "/work/shared/data/papers/generated-formats"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */
/* ------------------------------------------------------------------ */

typedef struct fx {
	quire_arena *a;
	quire_source *s;
	quire_error err;
	char *dump;   /* "kind level: text\n" per item, in the arena */
} fx;

static void make_dump(fx *f)
{
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < quire_source_count(f->s); i++) {
		const quire_item *it = quire_source_item(f->s, i);
		if (it->type == QUIRE_ITEM_BLOCK)
			buf_printf(&b, "%s %d: ", quire_block_kind_name(it->kind), it->level);
		else
			buf_puts(&b, "line: ");
		buf_append(&b, it->text, it->len);
		buf_putc(&b, '\n');
	}
	buf_putc(&b, '\0');
	f->dump = buf_to_arena(&b, f->a);
	buf_free(&b);
	assert_non_null(f->dump);
}

static quire_status rd(fx *f, const char *bytes, size_t n)
{
	f->a = quire_arena_new(0);
	assert_non_null(f->a);
	f->s = quire_source_new(f->a);
	assert_non_null(f->s);
	memset(&f->err, 0, sizeof f->err);
	quire_status rc = rd_rtf_read((const unsigned char *)bytes, n, f->s, &f->err);
	make_dump(f);
	return rc;
}

#define RD(f, lit) rd((f), (lit), sizeof(lit) - 1)

/* Reads lit and requires success. */
#define OK(f, lit)                                                         \
	do {                                                               \
		quire_status rc_ = RD((f), (lit));                          \
		if (rc_ != QUIRE_OK)                                        \
			print_error("rc %d: %s\n", rc_, (f)->err.msg);      \
		assert_int_equal(rc_, QUIRE_OK);                            \
	} while (0)

static void done(fx *f)
{
	quire_arena_free(f->a);
}

/* The dump must contain want. */
static void has(const fx *f, const char *want)
{
	if (!strstr(f->dump, want)) {
		print_error("missing \"%s\" in:\n%s", want, f->dump);
		fail();
	}
}

static void lacks(const fx *f, const char *bad)
{
	if (strstr(f->dump, bad)) {
		print_error("unexpected \"%s\" in:\n%s", bad, f->dump);
		fail();
	}
}

/* The dump must be exactly want. */
static void is(const fx *f, const char *want)
{
	if (strcmp(f->dump, want) != 0) {
		print_error("got:\n%s\nwant:\n%s", f->dump, want);
		fail();
	}
}

static const char *remark(const fx *f)
{
	return quire_source_n_remarks(f->s) ? quire_source_remark(f->s, 0) : "";
}

/* ------------------------------------------------------------------ */
/* Tokens and text                                                     */
/* ------------------------------------------------------------------ */

static void test_plain_paragraphs(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1\\ansi\\deff0 {\\fonttbl{\\f0 Times;}}\n"
	       "\\pard First para\ngraph\\par\n"
	       "\\pard Second\\line line two\\tab tabbed\\par}");
	is(&f, "paragraph 0: First paragraph\n"
	       "paragraph 0: Second\nline two\ttabbed\n");
	assert_string_equal(quire_source_format(f.s), "rtf");
	assert_string_equal(quire_source_encoding(f.s), "Windows-1252");
	assert_int_equal(quire_source_n_remarks(f.s), 0);
	done(&f);
}

static void test_control_symbols(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1 a\\~b c\\-d e\\_f \\{x\\} back\\\\slash\\par}");
	is(&f, "paragraph 0: a\xC2\xA0" "b cd e-f {x} back\\slash\n");
	done(&f);
	/* the named characters */
	OK(&f, "{\\rtf1 \\ldblquote q\\rdblquote  \\lquote s\\rquote  a\\emdash b\\endash c\\bullet\\par}");
	is(&f, "paragraph 0: \xE2\x80\x9Cq\xE2\x80\x9D \xE2\x80\x98s\xE2\x80\x99 "
	       "a\xE2\x80\x94" "b\xE2\x80\x93" "c\xE2\x80\xA2\n");
	done(&f);
	/* backslash-newline is a \par; \page makes no page break */
	OK(&f, "{\\rtf1 one\\\ntwo\\page three\\par}");
	is(&f, "paragraph 0: one\nparagraph 0: twothree\n");
	done(&f);
}

static void test_unicode(void **state)
{
	(void)state;
	fx f;
	/* \uc1 (the default): one fallback character skipped */
	OK(&f, "{\\rtf1 men\\u8217's \\u8220?q\\u8221?\\par}");
	is(&f, "paragraph 0: men\xE2\x80\x99s \xE2\x80\x9Cq\xE2\x80\x9D\n");
	done(&f);
	/* \uc0: nothing skipped; \uc2: two (a \'hh counts as one) */
	OK(&f, "{\\rtf1 \\uc0\\u233 x \\uc2\\u233\\'3f\\'3fy \\uc2\\u233 ab z\\par}");
	is(&f, "paragraph 0: \xC3\xA9x \xC3\xA9y \xC3\xA9 z\n");
	done(&f);
	/* negative N is N + 65536; a surrogate pair is joined */
	OK(&f, "{\\rtf1 \\u-3913?\\u-10179?\\u-8704?\\par}");
	is(&f, "paragraph 0: \xEF\x82\xB7\xF0\x9F\x98\x80\n");
	done(&f);
	/* out of range, lone surrogates: U+FFFD; \u0 nothing */
	OK(&f, "{\\rtf1 a\\u99999?b\\u-99999?c\\u-9000?d\\u55296?e\\u0?f\\par}");
	is(&f, "paragraph 0: a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD"
	       "d\xEF\xBF\xBD" "ef\n");
	done(&f);
	/* a brace ends the fallback; \uc is scoped to its group */
	OK(&f, "{\\rtf1 {\\uc3\\u233}xyz \\u233?w\\par}");
	is(&f, "paragraph 0: \xC3\xA9xyz \xC3\xA9w\n");
	done(&f);
	/* a control word counts as one fallback character */
	OK(&f, "{\\rtf1 \\u233\\bullet x\\par}");
	is(&f, "paragraph 0: \xC3\xA9x\n");
	done(&f);
}

static void test_codepages(void **state)
{
	(void)state;
	fx f;
	/* Windows-1252 curly quotes and a raw 8-bit byte */
	OK(&f, "{\\rtf1\\ansi\\ansicpg1252 \\'93Caf\\'e9\\'94 na\xefve\\par}");
	is(&f, "paragraph 0: \xE2\x80\x9C" "Caf\xC3\xA9\xE2\x80\x9D na\xC3\xAFve\n");
	done(&f);
	/* Windows-1251 for the whole document */
	OK(&f, "{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2\\par}");
	is(&f, "paragraph 0: \xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82\n");
	assert_string_equal(quire_source_encoding(f.s), "Windows-1251");
	done(&f);
	/* a font's \fcharset decides: f1 is Cyrillic, f2 Central European */
	OK(&f, "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\fcharset0 Times;}"
	       "{\\f1\\fcharset204 Times Cyr;}{\\f2\\fcharset238 Times CE;}}"
	       "\\'e9 {\\f1\\'e9} \\f2\\'b9\\f0\\'b9\\par}");
	is(&f, "paragraph 0: \xC3\xA9 \xD0\xB9 \xC4\x85\xC2\xB9\n");
	done(&f);
	/* \deff picks the default font's code page; \cpg beats \fcharset */
	OK(&f, "{\\rtf1\\ansi\\deff1{\\fonttbl{\\f1\\cpg1253\\fcharset0 Greek;}}\\'e1\\par}");
	is(&f, "paragraph 0: \xCE\xB1\n");
	done(&f);
	/* double-byte code pages: U+FFFD per character and a remark */
	OK(&f, "{\\rtf1\\ansi\\ansicpg932 a\\'82\\'a0b\\'b1\\par}");
	is(&f, "paragraph 0: a\xEF\xBF\xBD" "b\xEF\xBD\xB1\n");
	assert_string_equal(remark(&f), "1 character in Shift_JIS not decoded");
	done(&f);
	/* an unknown code page is read as Windows-1252, and says so */
	OK(&f, "{\\rtf1\\ansi\\ansicpg1361 \\'e9\\par}");
	is(&f, "paragraph 0: \xC3\xA9\n");
	assert_string_equal(remark(&f), "text in code page 1361 read as Windows-1252");
	done(&f);
	/* \mac */
	OK(&f, "{\\rtf1\\mac \\'8e\\par}");
	is(&f, "paragraph 0: \xC3\xA9\n");
	assert_string_equal(quire_source_encoding(f.s), "Mac Roman");
	done(&f);
}

/* ------------------------------------------------------------------ */
/* Destinations                                                        */
/* ------------------------------------------------------------------ */

static void test_groups_and_skipped(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1{\\fonttbl{\\f0 Arial;}}{\\colortbl;\\red1\\green2\\blue3;}"
	       "{\\*\\generator Writer;}{\\*\\unknownthing secret}"
	       "{\\header page head}{\\footer page foot}{\\headerl l}{\\footerr r}"
	       "{\\listtable{\\list{\\leveltext \\'01\\u-3913 ?;}}}"
	       "{a {b {c {d}}} e} \\unknownword keep\\par}");
	is(&f, "paragraph 0: a b c d e keep\n");
	done(&f);
}

static void test_fields(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1 See {\\field{\\*\\fldinst HYPERLINK \"http://x.org\"}"
	       "{\\fldrslt {\\ul the page}}} and "
	       "{\\field{\\*\\fldinst{ ADDIN ZOTERO_ITEM CSL_CITATION {\"a\":1}}}"
	       "{\\fldrslt (Smith 2001)}}.\\par}");
	is(&f, "paragraph 0: See the page and (Smith 2001).\n");
	lacks(&f, "HYPERLINK");
	lacks(&f, "ZOTERO");
	done(&f);
}

static void test_footnotes(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1 Body one{\\super\\chftn}{\\footnote\\pard\\plain{\\super\\chftn} "
	       "First note.\\par Second line.}\\par "
	       "Body two{\\*\\footnote \\chftn Other note.}\\par}");
	is(&f, "paragraph 0: Body one\n"
	       "paragraph 0: Body two\n"
	       "note 0: First note.\nSecond line.\n"
	       "note 0: Other note.\n");
	done(&f);
}

static void test_hidden_deleted_comments(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1 shown {\\v hidden} \\v also hidden\\v0 back "
	       "{\\deleted gone}kept \\plain\\v x\\plain y"
	       "{\\*\\atnid JD}{\\*\\atnauthor Jo}\\chatn{\\*\\annotation{\\*\\atnref 1}a comment}\\par}");
	is(&f, "paragraph 0: shown  back kept y\n");
	assert_string_equal(remark(&f), "1 comment skipped");
	done(&f);
}

static void test_bin_pict_object(void **state)
{
	(void)state;
	fx f;
	/* the binary data holds braces and backslashes */
	OK(&f, "{\\rtf1 a{\\pict\\wmetafile8\\bin6 }{\\x\\}}b{\\pict 0a0b}"
	       "{\\object\\objemb{\\*\\objdata 01}{\\result{\\pict 00}}}"
	       "{\\*\\shppict{\\pict\\pngblip 89}}{\\nonshppict{\\pict 00}}c\\par}");
	is(&f, "paragraph 0: abc\n");
	assert_string_equal(remark(&f), "3 images, 1 embedded object skipped");
	done(&f);
}

static void test_tables(void **state)
{
	(void)state;
	fx f;
	/* Word's form */
	OK(&f, "{\\rtf1 Before\\par\\trowd\\cellx100\\cellx200"
	       "\\pard\\intbl Route\\cell Minutes\\cell\\row"
	       "\\trowd\\pard\\intbl North\\cell 40\\cell\\row\\pard After\\par}");
	is(&f, "paragraph 0: Before\n"
	       "none 0: Route | Minutes\nNorth | 40\n"
	       "paragraph 0: After\n");
	done(&f);
	/* pandoc's form: each cell a group with \intbl and a \par */
	OK(&f, "{\\rtf1 \\trowd \\cellx1\\cellx2\n"
	       "{{\\pard\\intbl a\\par}\n\\cell}\n{{\\pard\\intbl b\\par}\n\\cell}\n\\row\n"
	       "{\\pard after\\par}}");
	is(&f, "none 0: a  | b\nparagraph 0: after\n");
	done(&f);
}

static void test_lists(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1{\\listtext\\'b7\\tab}\\pard\\ls1\\ilvl0 first\\par"
	       "{\\listtext o\\tab}\\pard\\ls1\\ilvl1 nested\\par"
	       "{\\pntext\\f1\\'b7\\tab}\\pard{\\*\\pn\\pnlvlblt{\\pntxtb\\'b7}}old style\\par"
	       "\\pard\\li360\\fi-360 \\bullet\\tab pandoc bullet\\par"
	       "\\pard\\li720\\fi-360 2.\\tab pandoc number\\par"
	       "\\pard plain\\par}");
	is(&f, "list_item 1: first\n"
	       "list_item 2: nested\n"
	       "list_item 1: old style\n"
	       "list_item 1: pandoc bullet\n"
	       "list_item 2: pandoc number\n"
	       "paragraph 0: plain\n");
	done(&f);
}

static void test_styles(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1{\\stylesheet{\\ql Normal;}{\\s1\\outlinelevel0 heading 1,h1;}"
	       "{\\s2 Heading 2;}{\\s3\\outlinelevel2 Kop 3;}{\\s4 Title;}"
	       "{\\s5 Bibliography;}{\\s6 Quote;}{\\*\\cs7\\additive heading 4 Char;}"
	       "{\\s8{\\*\\keycode x} Preformatted Text;}{\\s9 List Bullet;}{\\s10 Subtitle;}}"
	       "\\pard\\s4 The Title\\par\\pard\\s10 A subtitle\\par"
	       "\\pard\\s1 One\\par\\pard\\s2 Two\\line broken\\par\\pard\\s3 Three\\par"
	       "\\pard\\s6 Quoted\\par\\pard\\s8 code()\\par\\pard\\s9 item\\par"
	       "\\pard\\s7 not a heading\\par"
	       "\\pard\\s5 Doe, J. A Book. 2001.\\par\\pard\\outlinelevel3 Four\\par}");
	is(&f, "title 0: The Title\n"
	       "paragraph 0: A subtitle\n"
	       "heading 1: One\n"
	       "heading 2: Two broken\n"
	       "heading 3: Three\n"
	       "quote 0: Quoted\n"
	       "code 0: code()\n"
	       "list_item 1: item\n"
	       "paragraph 0: not a heading\n"
	       "reference 0: Doe, J. A Book. 2001.\n"
	       "heading 4: Four\n");
	done(&f);
	/* pandoc's shapes: centred first paragraph, quote indent, monospace */
	OK(&f, "{\\rtf1{\\fonttbl{\\f0\\fswiss Helvetica;}{\\f1\\fmodern Courier;}}"
	       "{\\pard\\qc\\f0\\b A Centred Title\\par}"
	       "{\\pard\\qc\\f0 Centred later\\par}"
	       "{\\pard\\ql\\li720\\fi0 quoted words\\par}"
	       "{\\pard\\ql\\f1 x = 1;\\line y = 2;\\par}"
	       "{\\pard\\ql\\f0 mixed {\\f1 code}\\par}}");
	is(&f, "title 0: A Centred Title\n"
	       "paragraph 0: Centred later\n"
	       "quote 0: quoted words\n"
	       "code 0: x = 1;\ny = 2;\n"
	       "paragraph 0: mixed code\n");
	done(&f);
}

static void test_info(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1\\ansi{\\info{\\title Tides and \\'c9tudes}{\\author Jane Roe}"
	       "{\\author Second Writer}{\\operator op}{\\doccomm a comment}"
	       "{\\creatim\\yr2003\\mo3\\dy30\\hr10\\min5}{\\revtim\\yr2010\\mo1\\dy1}}"
	       "Text\\par}");
	is(&f, "paragraph 0: Text\n");
	assert_string_equal(quire_source_title(f.s), "Tides and \xC3\x89tudes");
	assert_int_equal(quire_source_n_authors(f.s), 1);
	assert_string_equal(quire_source_author(f.s, 0), "Jane Roe");
	assert_string_equal(quire_source_date(f.s), "2003-03-30");
	done(&f);
	/* a year alone; an impossible one is left out */
	OK(&f, "{\\rtf1{\\info{\\creatim\\yr1999}}x\\par}");
	assert_string_equal(quire_source_date(f.s), "1999");
	done(&f);
	OK(&f, "{\\rtf1{\\info{\\title  }{\\creatim\\yr0\\mo0\\dy0}}x\\par}");
	assert_null(quire_source_date(f.s));
	assert_null(quire_source_title(f.s));
	done(&f);
}

static void test_all_preformatted_is_text(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1{\\stylesheet{\\s20 Preformatted Text;}}"
	       "\\pard\\s20 A Title\\par\\pard\\s20\\par"
	       "\\pard\\s20 line one\\par\\pard\\s20 line two\\par}");
	is(&f, "line: A Title\nline: \nline: line one\nline: line two\n");
	done(&f);
}

/* ------------------------------------------------------------------ */
/* Hostile and broken input                                            */
/* ------------------------------------------------------------------ */

static void test_not_rtf(void **state)
{
	(void)state;
	fx f;
	assert_int_equal(RD(&f, "hello"), QUIRE_EFORMAT);
	assert_non_null(strstr(f.err.msg, "not an RTF document"));
	done(&f);
	assert_int_equal(RD(&f, "{\\rtf1{\\fonttbl{\\f0 Arial;}}}"), QUIRE_EINPUT);
	assert_string_equal(f.err.msg, "the RTF document holds no text");
	done(&f);
	/* junk after the header is text */
	OK(&f, "{\\rtf\x01\x02 junk \xff\xfe words");
	has(&f, "junk");
	done(&f);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	size_t n = 100000;
	char *s = malloc(n + 16);
	assert_non_null(s);
	memcpy(s, "{\\rtf1 ", 7);
	memset(s + 7, '{', n);
	fx f;
	assert_int_equal(rd(&f, s, n + 7), QUIRE_ELIMIT);
	assert_string_equal(f.err.msg, "RTF nested too deeply (more than 1000 groups)");
	done(&f);
	/* 999 levels are fine, and closed again */
	size_t k = 999, len = 0;
	char *t = malloc(2 * k + 64);
	assert_non_null(t);
	len += (size_t)sprintf(t, "{\\rtf1 ");
	memset(t + len, '{', k - 1);
	len += k - 1;
	len += (size_t)sprintf(t + len, "deep");
	memset(t + len, '}', k - 1);
	len += k - 1;
	len += (size_t)sprintf(t + len, " out\\par}");
	OK(&f, "{\\rtf1 x\\par}");
	done(&f);
	assert_int_equal(rd(&f, t, len), QUIRE_OK);
	is(&f, "paragraph 0: deep out\n");
	done(&f);
	free(s);
	free(t);
}

static void test_unbalanced(void **state)
{
	(void)state;
	fx f;
	/* a stray '}' in the middle is ignored: the text after it is kept */
	OK(&f, "{\\rtf1 one\\par} two\\par}");
	is(&f, "paragraph 0: one\nparagraph 0: two\n");
	done(&f);
	/* '}' with only white space after it ends the document */
	OK(&f, "{\\rtf1 one\\par}\r\n\r\n");
	is(&f, "paragraph 0: one\n");
	assert_int_equal(quire_source_n_remarks(f.s), 0);
	done(&f);
	/* missing closing braces: read to the end, say so */
	OK(&f, "{\\rtf1 {\\b one\\par {two");
	is(&f, "paragraph 0: one\nparagraph 0: two\n");
	assert_string_equal(remark(&f), "the RTF ends early");
	done(&f);
	/* more '}' than '{' */
	OK(&f, "{\\rtf1 a}}}}b\\par}}");
	is(&f, "paragraph 0: ab\n");
	done(&f);
}

static void test_bin_past_end(void **state)
{
	(void)state;
	fx f;
	OK(&f, "{\\rtf1 before\\par{\\pict\\bin99999999999999 abc}}");
	is(&f, "paragraph 0: before\n");
	assert_non_null(strstr(remark(&f), "the RTF ends early"));
	done(&f);
	/* negative or missing counts skip nothing */
	OK(&f, "{\\rtf1 a\\bin-5 b\\bin c\\par}");
	is(&f, "paragraph 0: abc\n");
	done(&f);
}

static void test_long_word_and_numbers(void **state)
{
	(void)state;
	size_t n = (size_t)1 << 20;
	char *s = malloc(n + 4096);
	assert_non_null(s);
	size_t len = (size_t)sprintf(s, "{\\rtf1 a\\");
	memset(s + len, 'x', n);
	len += n;
	len += (size_t)sprintf(s + len, "123 b\\par}");
	fx f;
	assert_int_equal(rd(&f, s, len), QUIRE_OK);
	is(&f, "paragraph 0: ab\n");
	done(&f);
	/* a 1 MB parameter */
	len = (size_t)sprintf(s, "{\\rtf1 a\\u");
	memset(s + len, '9', n);
	len += n;
	len += (size_t)sprintf(s + len, " b\\f");
	memset(s + len, '7', 1000);
	len += 1000;
	len += (size_t)sprintf(s + len, " c\\par}");
	assert_int_equal(rd(&f, s, len), QUIRE_OK);
	is(&f, "paragraph 0: a\xEF\xBF\xBD" "c\n"); /* 'b' was the \u fallback */
	done(&f);
	free(s);
}

static void test_truncated(void **state)
{
	(void)state;
	static const char *const cuts[] = {
		"{\\rtf1 ab\\'", "{\\rtf1 ab\\'9", "{\\rtf1 ab\\", "{\\rtf1 ab\\u",
		"{\\rtf1 ab\\u-", "{\\rtf1 ab\\uc2\\u233 ", "{\\rtf1\\ansicpg932 ab\\'82",
		"{\\rtf1 ab{\\*", "{\\rtf1 ab{\\footnote x", "{\\rtf1 ab\\bin5 12",
	};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		fx f;
		assert_int_equal(rd(&f, cuts[i], strlen(cuts[i])), QUIRE_OK);
		has(&f, "paragraph 0: ab");
		done(&f);
	}
	fx f;
	OK(&f, "{\\rtf1 a\\'zz\\'4b\\par}"); /* a bad escape is dropped */
	is(&f, "paragraph 0: azzK\n");
	done(&f);
}

/* Output stays within a small factor of the input, on the worst case. */
static void test_output_bound(void **state)
{
	(void)state;
	size_t reps = 20000;
	buf_t b = BUF_INIT;
	buf_puts(&b, "{\\rtf1 ");
	for (size_t i = 0; i < reps; i++)
		buf_puts(&b, "\\'93\\u8217 \xe9\\~\\cell");
	buf_puts(&b, "}");
	assert_false(buf_failed(&b));
	fx f;
	assert_int_equal(rd(&f, b.p, b.len), QUIRE_OK);
	size_t out = 0;
	for (size_t i = 0; i < quire_source_count(f.s); i++)
		out += quire_source_item(f.s, i)->len;
	assert_true(out > 0);
	assert_true(out <= 3 * b.len);
	done(&f);
	buf_free(&b);
}

/* Through the sandbox, in a child process with its seccomp filter. */
static void test_sandbox(void **state)
{
	(void)state;
	static const char doc[] = "{\\rtf1\\ansi{\\info{\\title Boxed}}"
				  "{\\pard\\s1\\outlinelevel0 Heading\\par}Text\\'e9\\par}";
	const fmt_reader *r = fmt_sniff((const unsigned char *)doc, sizeof doc - 1,
					"x.bin", NULL);
	assert_non_null(r);
	assert_string_equal(r->name, "rtf");
	for (int in_process = 0; in_process <= 1; in_process++) {
		quire_arena *a = quire_arena_new(0);
		quire_source *s = quire_source_new(a);
		quire_error err;
		sbx_limits lim = sbx_limits_default();
		lim.in_process = in_process;
		quire_status rc = sbx_read(r, (const unsigned char *)doc, sizeof doc - 1,
					   &lim, s, &err);
		if (rc)
			print_error("%s\n", err.msg);
		assert_int_equal(rc, QUIRE_OK);
		assert_string_equal(quire_source_title(s), "Boxed");
		assert_int_equal(quire_source_count(s), 2);
		const quire_item *it = quire_source_item(s, 1);
		assert_span_equal(it->text, it->len, "Text\xC3\xA9");
		quire_paper *p;
		assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_OK);
		assert_string_equal(p->title, "Boxed");
		assert_string_equal(p->format, "rtf");
		quire_arena_free(a);
	}
}

/* ------------------------------------------------------------------ */
/* Fixtures made by pandoc and LibreOffice                             */
/* ------------------------------------------------------------------ */

static char *slurp(const char *path, size_t *n)
{
	unsigned char *b;
	quire_error err;
	if (fmt_read_file(path, FMT_MAX_FILE_BYTES, &b, n, &err) != QUIRE_OK)
		return NULL;
	return (char *)b;
}

/* Reads an RTF file and analyses it (arena a). */
static quire_paper *analyse_file(const char *path, quire_arena *a, quire_source **src)
{
	size_t n;
	char *b = slurp(path, &n);
	if (!b) {
		print_error("cannot read %s\n", path);
		fail();
	}
	quire_source *s = quire_source_new(a);
	quire_error err;
	quire_status rc = rd_rtf_read((unsigned char *)b, n, s, &err);
	free(b);
	if (rc) {
		print_error("%s: %s\n", path, err.msg);
		fail();
	}
	quire_paper *p;
	rc = quire_analyze(s, NULL, a, &p, &err);
	if (rc) {
		print_error("%s: %s\n", path, err.msg);
		fail();
	}
	if (src)
		*src = s;
	return p;
}

static int near(size_t got, size_t want)
{
	size_t tol = want / 50 > 3 ? want / 50 : 3;
	return got + tol >= want && got <= want + tol;
}

/* Checks one generated fixture against the .expect of its source text:
 * title, words (within the tolerance), references, outline. */
static void check_fixture(const char *rtf, const char *expect)
{
	quire_arena *a = quire_arena_new(0);
	quire_paper *p = analyse_file(rtf, a, NULL);
	size_t n;
	char *e = slurp(expect, &n);
	assert_non_null(e);
	size_t outline = 0;
	for (char *line = strtok(e, "\n"); line; line = strtok(NULL, "\n")) {
		if (strncmp(line, "title: ", 7) == 0) {
			if (strcmp(p->title, line + 7) != 0) {
				print_error("%s: title \"%s\", want \"%s\"\n", rtf, p->title, line + 7);
				fail();
			}
		} else if (strncmp(line, "words: ", 7) == 0) {
			size_t want = strtoul(line + 7, NULL, 10);
			if (!near(p->counts.words, want)) {
				print_error("%s: %zu words, want %zu\n", rtf, p->counts.words, want);
				fail();
			}
		} else if (strncmp(line, "references: ", 12) == 0) {
			assert_int_equal(p->n_refs, strtoul(line + 12, NULL, 10));
		} else if (strncmp(line, "outline: ", 9) == 0) {
			/* the text must match; levels are the core's (the RTF
			 * heading levels shift as Markdown's do) */
			const char *text = strchr(line + 9, ' ');
			assert_non_null(text);
			if (outline >= p->n_outline ||
			    strcmp(p->outline[outline].text, text + 1) != 0) {
				print_error("%s: outline %zu is \"%s\", want \"%s\"\n", rtf, outline,
					    outline < p->n_outline ? p->outline[outline].text : "(none)",
					    text + 1);
				fail();
			}
			outline++;
		}
	}
	assert_int_equal(p->n_outline, outline);
	free(e);
	quire_arena_free(a);
}

static void test_generated_fixtures(void **state)
{
	(void)state;
	static const struct {
		const char *rtf, *expect;
	} fx_list[] = {
		{"coral-bleaching.pandoc.rtf", "coral-bleaching.md.expect"},
		{"coral-bleaching.lo.rtf", "coral-bleaching.md.expect"},
		{"iron-bridges-notes.pandoc.rtf", "iron-bridges-notes.md.expect"},
		{"iron-bridges-notes.lo.rtf", "iron-bridges-notes.md.expect"},
		{"silk-road-lutes.pandoc.rtf", "silk-road-lutes.md.expect"},
		{"silk-road-lutes.lo.rtf", "silk-road-lutes.md.expect"},
		{"short-note-sundials.lo.rtf", "short-note-sundials.txt.expect"},
		{"night-markets-nobib.lo.rtf", "night-markets-nobib.txt.expect"},
	};
	char rtf[512], exp[512];
	for (size_t i = 0; i < sizeof fx_list / sizeof fx_list[0]; i++) {
		snprintf(rtf, sizeof rtf, "%s/%s", RTF_FIXTURES, fx_list[i].rtf);
		snprintf(exp, sizeof exp, "%s/%s", TEXT_FIXTURES, fx_list[i].expect);
		check_fixture(rtf, exp);
	}
}

/* features.md through pandoc and LibreOffice: footnotes as notes (not in
 * the body), the table, the list, the quote, the code, the metadata. */
static void test_generated_features(void **state)
{
	(void)state;
	static const char *const names[] = {"features.pandoc.rtf", "features.lo.rtf"};
	for (size_t i = 0; i < 2; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s", RTF_FIXTURES, names[i]);
		quire_arena *a = quire_arena_new(0);
		quire_source *s;
		quire_paper *p = analyse_file(path, a, &s);
		assert_string_equal(p->title, "Ferry Timetables and the Making of Harbour Towns");
		size_t notes = 0, lists = 0, quotes = 0, code = 0, tables = 0;
		for (size_t k = 0; k < quire_source_count(s); k++) {
			const quire_item *it = quire_source_item(s, k);
			notes += it->kind == QUIRE_BLOCK_NOTE;
			lists += it->kind == QUIRE_BLOCK_LIST_ITEM;
			quotes += it->kind == QUIRE_BLOCK_QUOTE;
			code += it->kind == QUIRE_BLOCK_CODE;
			if (it->kind == QUIRE_BLOCK_NONE && memmem(it->text, it->len, "North quay to island", 20))
				tables++;
			if (it->kind != QUIRE_BLOCK_NOTE)
				assert_null(memmem(it->text, it->len, "forty-two", 9));
		}
		assert_int_equal(notes, 2);
		assert_int_equal(lists, 5); /* 3 items and 2 references */
		assert_int_equal(quotes, 1);
		assert_true(code >= 1);
		assert_int_equal(tables, 1);
		assert_int_equal(p->n_refs, 4); /* 2 references and the 2 notes */
		assert_int_equal(p->n_outline, 5);
		/* the Markdown source has 228 words by quire's count, front
		 * matter included (title, author, date) */
		assert_true(near(p->counts.words, 220));
		if (i == 1) {
			assert_string_equal(quire_source_author(s, 0), "Marta Lindqvist");
			assert_int_equal(quire_source_n_authors(s), 1);
		}
		quire_arena_free(a);
	}
}

/* ------------------------------------------------------------------ */
/* Real files (skipped when ../shared/data is not there)               */
/* ------------------------------------------------------------------ */

static void test_shared_papers(void **state)
{
	(void)state;
	DIR *d = opendir(PAPERS_DIR);
	if (!d) {
		printf("[  SKIP    ] %s is missing: real RTF files not checked\n", PAPERS_DIR);
		return;
	}
	struct dirent *de;
	size_t files = 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		char rtf[1024], txt[1024];
		snprintf(rtf, sizeof rtf, "%s/%s/%s.rtf", PAPERS_DIR, de->d_name, de->d_name);
		snprintf(txt, sizeof txt, "%s/%s/%s.expected.txt", PAPERS_DIR, de->d_name, de->d_name);
		struct stat st;
		if (stat(rtf, &st) != 0 || stat(txt, &st) != 0)
			continue;
		quire_arena *a = quire_arena_new(0);
		quire_paper *p = analyse_file(rtf, a, NULL);
		size_t n;
		char *t = slurp(txt, &n);
		assert_non_null(t);
		size_t want = quire_count_words(t, n);
		double diff = (double)p->counts.words - (double)want;
		printf("[  INFO    ] %s: %zu words, expected text %zu (%+.2f%%), title \"%s\"\n",
		       de->d_name, p->counts.words, want, 100.0 * diff / (double)want, p->title);
		/* pandoc repeats the title and author above the text */
		assert_true(diff >= -0.005 * (double)want && diff <= 0.02 * (double)want + 40);
		char *nl = strchr(t, '\n');
		if (nl)
			*nl = '\0';
		assert_string_equal(p->title, t);
		free(t);
		quire_arena_free(a);
		files++;
	}
	closedir(d);
	printf("[  INFO    ] %zu real RTF files read\n", files);
	assert_true(files > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_paragraphs),
		cmocka_unit_test(test_control_symbols),
		cmocka_unit_test(test_unicode),
		cmocka_unit_test(test_codepages),
		cmocka_unit_test(test_groups_and_skipped),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_footnotes),
		cmocka_unit_test(test_hidden_deleted_comments),
		cmocka_unit_test(test_bin_pict_object),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_styles),
		cmocka_unit_test(test_info),
		cmocka_unit_test(test_all_preformatted_is_text),
		cmocka_unit_test(test_not_rtf),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_unbalanced),
		cmocka_unit_test(test_bin_past_end),
		cmocka_unit_test(test_long_word_and_numbers),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_output_bound),
		cmocka_unit_test(test_sandbox),
		cmocka_unit_test(test_generated_fixtures),
		cmocka_unit_test(test_generated_features),
		cmocka_unit_test(test_shared_papers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
