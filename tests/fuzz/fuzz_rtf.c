/*
 * fuzz_rtf.c — libFuzzer harness for the RTF reader (rd_rtf.c).
 *
 * Every input is read twice: as it is, and behind a "{\rtf1 " prefix so
 * that mutations which break the header still reach the tokenizer.  Each
 * read runs in process through sbx_read() (arena budget as in the sandbox,
 * serialise + deserialise inside); a success must have the format "rtf",
 * and must survive the core's analysis (which fails only cleanly).
 * Crashes, leaks and sanitizer reports are what libFuzzer records.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	if (s && sbx_read(fmt_by_name("rtf"), b, n, &lim, s, &err) == QUIRE_OK) {
		const char *f = quire_source_format(s);
		if (!f || strcmp(f, "rtf") != 0)
			abort();
		quire_paper *p;
		(void)quire_analyze(s, NULL, a, &p, &err);
	}
	quire_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size);
	if (size > 1 << 20)
		return 0;
	unsigned char *b = malloc(size + 7);
	if (!b)
		return 0;
	memcpy(b, "{\\rtf1 ", 7);
	if (size)
		memcpy(b + 7, data, size);
	one(b, size + 7);
	free(b);
	return 0;
}
