/*
 * fuzz_docx.c — libFuzzer harness for the DOCX reader (rd_docx.c) and the ZIP/XML layers under it (zipx.c, xmlx.c).
 *
 * Every input is read twice through sbx_read() in process (arena budget
 * as in the sandbox, serialise + deserialise inside):
 *   1. as it is, as a whole archive (mutations of real files from the seed
 *      corpus: the ZIP layer's limits and error paths);
 *   2. as the word/document.xml of a fresh ZIP built here with libzip (stored), so
 *      that mutations reach the XML parser and the reader's tree walk
 *      instead of dying in the inflater's CRC check.
 * A success must have the format "docx" and survive the core's analysis
 * (which may only fail cleanly).  Crashes, leaks and sanitizer reports
 * are what libFuzzer records.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "formats.h"
#include "sandbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(const unsigned char *b, size_t n)
{
	sbx_limits lim = sbx_limits_default();
	lim.in_process = 1;
	lim.mem_bytes = (size_t)256 << 20;
	quire_arena *a = quire_arena_new(0);
	quire_source *s = a ? quire_source_new(a) : NULL;
	quire_error err;
	if (s && sbx_read(fmt_by_name("docx"), b, n, &lim, s, &err) == QUIRE_OK) {
		const char *f = quire_source_format(s);
		if (!f || strcmp(f, "docx") != 0)
			abort();
		quire_paper *p;
		(void)quire_analyze(s, NULL, a, &p, &err);
	}
	quire_arena_free(a);
}

/* A ZIP holding data as word/document.xml (stored), malloc'ed, or NULL. */
static unsigned char *wrap(const uint8_t *data, size_t size, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		return NULL;
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	unsigned char *out = NULL;
	if (!z)
		goto done;
	zip_source_t *s = zip_source_buffer(z, data, size, 0);
	zip_int64_t idx = s ? zip_file_add(z, "word/document.xml", s, 0) : -1;
	if (idx < 0) {
		zip_source_free(s);
		zip_discard(z);
		goto done;
	}
	zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	if (zip_close(z) != 0) {
		zip_discard(z);
		goto done;
	}
	if (zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		zip_int64_t sz = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		out = sz > 0 ? malloc((size_t)sz) : NULL;
		if (out && zip_source_read(src, out, (zip_uint64_t)sz) == sz) {
			*len = (size_t)sz;
		} else {
			free(out);
			out = NULL;
		}
		zip_source_close(src);
	}
done:
	zip_source_free(src);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size);
	if (size > ((size_t)1 << 20))
		return 0;
	size_t n = 0;
	unsigned char *b = wrap(data, size, &n);
	if (b)
		one(b, n);
	free(b);
	return 0;
}
