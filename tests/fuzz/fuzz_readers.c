/*
 * fuzz_readers.c — libFuzzer harness for the format layer.
 *
 * For every input:
 *   1. fmt_sniff() with no name and with a ".md" name must answer (a
 *      reader, or a description);
 *   2. both readers run on the bytes through sbx_read() in process (arena
 *      budget as in the sandbox, serialise + deserialise inside); a success
 *      must survive another serialise → deserialise → serialise with the
 *      same bytes;
 *   3. the raw bytes go to sbx_deserialize(), which must fail cleanly or,
 *      when it accepts them, give a source that serialises back to exactly
 *      those bytes (the wire form is canonical).
 * Any mismatch aborts, so libFuzzer records it as a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"
#include "sandbox.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Serialises s and checks the bytes read back into the same bytes. */
static void round_trip(const quire_source *s)
{
	unsigned char *b1 = NULL, *b2 = NULL;
	size_t n1, n2;
	if (sbx_serialize(s, &b1, &n1) != QUIRE_OK)
		return; /* out of memory is allowed */
	quire_arena *a = quire_arena_new(0);
	quire_source *t = a ? quire_source_new(a) : NULL;
	quire_error err;
	if (t) {
		if (sbx_deserialize(b1, n1, t, &err) != QUIRE_OK)
			abort();
		if (sbx_serialize(t, &b2, &n2) == QUIRE_OK &&
		    (n1 != n2 || memcmp(b1, b2, n1) != 0))
			abort();
	}
	free(b1);
	free(b2);
	quire_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *what = NULL;
	const fmt_reader *r = fmt_sniff(data, size, NULL, &what);
	if (!r && !what)
		abort();
	r = fmt_sniff(data, size, "paper.md", &what);
	if (!r && !what)
		abort();

	sbx_limits lim = sbx_limits_default();
	lim.in_process = 1;
	lim.mem_bytes = (size_t)256 << 20;
	static const char *const names[] = {"text", "markdown"};
	for (size_t i = 0; i < 2; i++) {
		quire_arena *a = quire_arena_new(0);
		quire_source *s = a ? quire_source_new(a) : NULL;
		quire_error err;
		if (s && sbx_read(fmt_by_name(names[i]), data, size, &lim, s, &err) == QUIRE_OK) {
			if (!quire_source_format(s))
				abort();
			round_trip(s);
		}
		quire_arena_free(a);
	}

	quire_arena *a = quire_arena_new((size_t)256 << 20);
	quire_source *s = a ? quire_source_new(a) : NULL;
	quire_error err;
	if (s && sbx_deserialize(data, size, s, &err) == QUIRE_OK) {
		unsigned char *b;
		size_t n;
		if (sbx_serialize(s, &b, &n) == QUIRE_OK) {
			if (n != size || memcmp(b, data, n) != 0)
				abort();
			free(b);
		}
	}
	quire_arena_free(a);
	return 0;
}
