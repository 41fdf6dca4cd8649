/*
 * fuzz_pdf.c — libFuzzer harness for the PDF reader, in process (poppler
 * parses, our layout code orders; under quire the sandbox is what guards
 * poppler itself).  Seeds: tests/fuzz/corpus_pdf (small generated PDFs).
 */
#include <stddef.h>
#include <stdint.h>

#include "formats.h"
#include "sandbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	quire_arena *a = quire_arena_new((size_t)64 << 20);
	quire_source *src = a ? quire_source_new(a) : NULL;
	if (src) {
		sbx_limits lim = sbx_limits_default();
		lim.in_process = 1;
		lim.mem_bytes = (size_t)64 << 20;
		quire_error err;
		if (sbx_read(fmt_by_name("pdf"), data, size, &lim, src, &err) == QUIRE_OK) {
			quire_paper *p;
			(void)quire_analyze(src, NULL, a, &p, &err);
		}
	}
	quire_arena_free(a);
	return 0;
}
