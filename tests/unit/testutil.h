/*
 * testutil.h — what every cmocka unit test includes.
 */
#ifndef QUIRE_TESTUTIL_H
#define QUIRE_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "quire.h"

/* Asserts that s[0..n) equals the C string want. */
#define assert_span_equal(s, n, want)                                      \
	do {                                                               \
		const char *w_ = (want);                                   \
		size_t wn_ = strlen(w_);                                   \
		if ((n) != wn_ || memcmp((s), w_, wn_) != 0) {             \
			print_error("got \"%.*s\"\nwant \"%s\"\n", (int)(n),  \
				    (const char *)(s), w_);                \
			fail();                                            \
		}                                                          \
	} while (0)

#endif
