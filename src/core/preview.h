/*
 * preview.h — the preview's internal entry point.
 */
#ifndef QUIRE_PREVIEW_H
#define QUIRE_PREVIEW_H

#include "quire.h"

/*
 * quire_preview_make() for a caller that already knows how many words
 * text[0..len) holds (words) — the analysis does — so the text is walked
 * only where the head and the tail are cut, not whole.
 */
quire_status prev_make(const char *text, size_t len, size_t words,
		       size_t total_words, const quire_options *opt,
		       quire_arena *a, quire_preview *out);

#endif
