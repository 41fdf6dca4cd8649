/*
 * fuzz_analyze.c — libFuzzer harness for the analysis entry point.
 *
 * The input's first byte chooses how the rest is handed to the core: as
 * plain lines (split at '\n', '\f' a page break) or as structured blocks
 * (each line "K text", K picking the kind and level).  The analysis must
 * either fail cleanly or produce a paper whose JSON reads back; an arena
 * budget bounds memory as the sandbox would.  The body's span and the
 * preview head's length read from that JSON must agree with the paper,
 * and any bytes read as such JSON give an answer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quire.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	/* the input as stored analysis JSON: an answer, never a crash */
	size_t f0 = 0, t0 = 0, h0 = 0;
	if (quire_json_body_span((const char *)data, size, size, &f0, &t0) == 0 &&
	    (f0 >= t0 || t0 > size))
		abort();
	if (quire_json_preview_head_len((const char *)data, size, &h0) == 0 && h0 > 4 * size)
		abort();
	int structured = data[0] & 1;
	const char *p = (const char *)data + 1;
	const char *end = (const char *)data + size;
	quire_arena *a = quire_arena_new(256u << 20);
	quire_source *s = quire_source_new(a);
	if (!s)
		goto out;
	while (p < end) {
		const char *e = p;
		while (e < end && *e != '\n' && *e != '\f')
			e++;
		if (structured && e > p) {
			unsigned k = (unsigned char)*p % 12;
			quire_source_add_block(s, (quire_block_kind)k, (*p >> 4) & 7, p + 1,
					       (size_t)(e - p - 1));
		} else {
			quire_source_add_line(s, p, (size_t)(e - p));
		}
		if (e < end && *e == '\f')
			quire_source_add_page_break(s);
		p = e + 1;
	}
	quire_paper *paper = NULL;
	quire_error err = {0};
	if (quire_analyze(s, NULL, a, &paper, &err) == QUIRE_OK) {
		char *json;
		size_t len;
		if (quire_paper_to_json(paper, QUIRE_JSON_NO_TEXT, a, &json, &len) == QUIRE_OK) {
			quire_paper *back = NULL;
			if (quire_paper_from_json(json, len, paper->text, paper->text_len, a, &back,
						  &err) != QUIRE_OK)
				abort(); /* what we wrote must read back */
			if (back->counts.words != paper->counts.words || back->n_refs != paper->n_refs)
				abort();
			/* the body's span agrees with the blocks it was read from */
			size_t from = 0, to = paper->text_len;
			if (quire_json_body_span(json, len, paper->text_len, &from, &to) == 0) {
				size_t bib = paper->text_len;
				for (size_t i = 0; i < paper->n_blocks && bib == paper->text_len; i++)
					if (paper->blocks[i].kind == QUIRE_BLOCK_BIB_HEADING ||
					    paper->blocks[i].kind == QUIRE_BLOCK_REFERENCE)
						bib = paper->blocks[i].off;
				if (from >= to || to != bib)
					abort();
			}
			size_t head = 0;
			if (paper->preview.head &&
			    (quire_json_preview_head_len(json, len, &head) != 0 ||
			     head != strlen(paper->preview.head)))
				abort();
		}
		if (paper->counts.words != quire_count_words(paper->text, paper->text_len))
			abort();
	}
out:
	quire_arena_free(a);
	return 0;
}
