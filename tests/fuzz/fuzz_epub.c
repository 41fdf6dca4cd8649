/*
 * fuzz_epub.c — libFuzzer harness for the EPUB reader (rd_epub.c), called in
 * process through sbx_read() with the sandbox's arena budget (256 MB), so
 * the serialised source is also round-tripped.  Seeds: tests/fuzz/corpus_epub/
 * (pages and books from tests/fixtures/formats/epub).
 *   build-fuzz/fuzz_epub -max_total_time=600 tests/fuzz/corpus_epub
 */
#include <stdint.h>
#include <stdlib.h>

#include "formats.h"
#include "sandbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sbx_limits lim = sbx_limits_default();
	lim.in_process = 1;
	lim.mem_bytes = (size_t)256 << 20;
	quire_arena *a = quire_arena_new(0);
	quire_source *s = a ? quire_source_new(a) : NULL;
	quire_error err;
	if (s && sbx_read(fmt_by_name("epub"), data, size, &lim, s, &err) == QUIRE_OK) {
		quire_paper *p;
		(void)quire_analyze(s, NULL, a, &p, &err);
	}
	quire_arena_free(a);
	return 0;
}
