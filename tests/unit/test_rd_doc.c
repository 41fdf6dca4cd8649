/*
 * test_rd_doc.c — the Word 97-2003 reader (rd_doc.c: antiword in the
 * sandbox's converter policy), on the LibreOffice-made fixtures of
 * tests/fixtures/formats/doc, a truncated .doc, a .doc with the FIB's
 * fEncrypted bit set, and a hand-built OLE file holding an
 * "EncryptedPackage" stream (what Office makes of a password-protected
 * DOCX).  (tests/unit/test_doc.c is the core's quire_analyze() test.)
 * Words: within 3% of the Markdown source.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "formats.h"
#include "sandbox.h"

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *p = malloc((size_t)len + 1);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return p;
}

static quire_status read_doc(const unsigned char *b, size_t n, quire_arena *a,
			     quire_source **src, quire_error *err)
{
	*src = quire_source_new(a);
	return sbx_read(fmt_by_name("doc"), b, n, NULL, *src, err);
}

static void coral(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = slurp("tests/fixtures/formats/doc/coral-lo.doc", &n);
	const char *what;
	assert_ptr_equal(fmt_sniff(b, n, NULL, &what), fmt_by_name("doc"));
	quire_arena *a = quire_arena_new(0);
	quire_source *src;
	quire_error err = {QUIRE_OK, ""};
	quire_status rc = read_doc(b, n, a, &src, &err);
	if (rc)
		print_error("%s\n", err.msg);
	assert_int_equal(rc, QUIRE_OK);
	quire_paper *p;
	assert_int_equal(quire_analyze(src, NULL, a, &p, &err), QUIRE_OK);
	assert_string_equal(p->format, "doc");
	assert_string_equal(p->title, "Marine Heatwaves and the Recovery of Coral Reefs");
	assert_int_equal(p->n_refs, 3);
	assert_true(p->n_outline >= 5);
	assert_true(p->counts.words >= 530 && p->counts.words <= 564); /* 547 ± 3% */
	quire_arena_free(a);
	free(b);
}

static void truncated(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = slurp("tests/fixtures/formats/doc/lutes.doc", &n);
	size_t cuts[] = {8, 600, n / 2};
	for (size_t i = 0; i < 3; i++) {
		quire_arena *a = quire_arena_new(0);
		quire_source *src;
		quire_error err = {QUIRE_OK, ""};
		quire_status rc = read_doc(b, cuts[i], a, &src, &err);
		assert_int_equal(rc, QUIRE_EINPUT);
		assert_null(strstr(err.msg, "crashed"));
		quire_arena_free(a);
	}
	free(b);
}

static void encrypted_doc(void **state)
{
	(void)state;
	size_t n;
	unsigned char *b = slurp("tests/fixtures/formats/doc/coral-lo.doc", &n);
	/* find the WordDocument stream's FIB (wIdent 0xA5EC at a sector start)
	 * and set fEncrypted */
	size_t at = 0;
	for (size_t o = 512; o + 12 <= n; o += 512)
		if (b[o] == 0xEC && b[o + 1] == 0xA5) {
			at = o;
			break;
		}
	assert_true(at > 0);
	b[at + 11] |= 0x01; /* flags, bit 8 */
	quire_arena *a = quire_arena_new(0);
	quire_source *src;
	quire_error err = {QUIRE_OK, ""};
	assert_int_equal(read_doc(b, n, a, &src, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "the document is password-protected");
	quire_arena_free(a);
	free(b);
}

/* An OLE file by hand: header, one FAT sector, one directory sector with
 * Root Entry and "EncryptedPackage". */
static void encrypted_docx(void **state)
{
	(void)state;
	size_t n = 512 * 4;
	unsigned char *b = calloc(1, n);
	memcpy(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	b[0x18] = 0x3E; b[0x1A] = 3; b[0x1C] = 0xFE; b[0x1D] = 0xFF;
	b[0x1E] = 9; b[0x20] = 6;
	b[0x2C] = 1;                /* one FAT sector */
	b[0x30] = 1;                /* directory at sector 1 */
	memset(b + 0x3C, 0xFF, 4);  /* no mini FAT */
	memset(b + 0x44, 0xFF, 4);  /* no DIFAT sectors */
	memset(b + 0x4C, 0xFF, 436);
	b[0x4C] = 0;                /* FAT at sector 0 */
	unsigned char *fat = b + 512;
	memset(fat, 0xFF, 512);
	memcpy(fat, "\xFD\xFF\xFF\xFF\xFE\xFF\xFF\xFF", 8);
	unsigned char *dir = b + 1024;
	const char *names[2] = {"Root Entry", "EncryptedPackage"};
	for (int e = 0; e < 2; e++) {
		unsigned char *d = dir + 128 * e;
		size_t k = strlen(names[e]);
		for (size_t i = 0; i < k; i++)
			d[2 * i] = (unsigned char)names[e][i];
		d[64] = (unsigned char)(2 * (k + 1));
		d[66] = e ? 2 : 5;
	}
	const char *what;
	assert_ptr_equal(fmt_sniff(b, n, NULL, &what), fmt_by_name("doc"));
	quire_arena *a = quire_arena_new(0);
	quire_source *src;
	quire_error err = {QUIRE_OK, ""};
	assert_int_equal(read_doc(b, n, a, &src, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "the document is password-protected");
	quire_arena_free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(coral),
		cmocka_unit_test(truncated),
		cmocka_unit_test(encrypted_doc),
		cmocka_unit_test(encrypted_docx),
	};
	return cmocka_run_group_tests_name("rd_doc", tests, NULL, NULL);
}
