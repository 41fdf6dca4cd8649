/*
 * fuzz_query.c — libFuzzer harness for the search query parser
 * (src/search/query.c): any bytes, in both modes, must parse in bounded
 * time into an expression whose quotes balance, never crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "quire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *t = malloc(size + 1);
	if (!t)
		return 0;
	memcpy(t, data, size);
	t[size] = '\0';
	for (int any = 0; any <= 1; any++) {
		quire_arena *a = quire_arena_new(0);
		qry_parsed q;
		if (a && qry_parse(t, any, a, &q) == QUIRE_OK && q.match) {
			size_t quotes = 0;
			for (const char *p = q.match; *p; p++)
				quotes += *p == '"';
			if (quotes & 1)
				abort();
			if (q.n_leaves > QRY_LEAVES_MAX)
				abort();
		}
		quire_arena_free(a);
	}
	free(t);
	return 0;
}
