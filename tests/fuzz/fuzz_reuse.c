/*
 * fuzz_reuse.c — libFuzzer harness for src/reuse: the normaliser (words,
 * quotations, ranges, offsets), k-grams, winnowing (two-step and one-pass
 * must agree), and the aligner.
 *
 * The input is split at its first 0x00 byte into a checked text and a
 * source (no 0x00: the input is aligned with itself); its last byte picks
 * options (quotes, k, window, gaps, a skipped range).  Checks: offsets stay
 * inside the texts and are ordered, code-point offsets never exceed byte
 * offsets, passages do not overlap in the checked text, the share is in
 * [0, 1], reuse_fingerprint() equals reuse_words() + reuse_winnow().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "quire.h"
#include "reuse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_words(const reuse_text *t)
{
	for (size_t i = 0; i < t->n_words; i++) {
		const reuse_word *w = &t->words[i];
		if (w->off + w->len > t->len || w->coff > w->off || w->clen > w->len ||
		    w->len == 0 || w->hash == 0)
			abort();
		if (i && (w->off < t->words[i - 1].off + t->words[i - 1].len ||
			  w->coff < t->words[i - 1].coff + t->words[i - 1].clen))
			abort();
	}
	if (t->n_counted > t->n_words || t->chars > t->len)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 1 << 16)
		return 0;
	unsigned char sel = data[size - 1];
	size--;
	const char *s = (const char *)data;
	const uint8_t *z = memchr(data, 0, size);
	size_t n1 = z ? (size_t)(z - data) : size;
	const char *s2 = z ? s + n1 + 1 : s;
	size_t n2 = z ? size - n1 - 1 : size;

	reuse_opts o = reuse_opts_default();
	o.skip_quotes = sel & 1;
	o.k = 1 + ((sel >> 1) & 7);
	o.window = 1 + ((sel >> 4) & 7);
	o.seed_k = 1 + ((sel >> 2) & 3);
	o.gap = (sel >> 5) & 7;
	o.join_gap = sel & 0x3F;
	o.min_words = 1 + (sel & 15);
	reuse_range r = {n1 / 3, n1 / 3};
	if (sel & 0x80) {
		o.skip = &r;
		o.n_skip = 1;
	}

	quire_arena *a = quire_arena_new(0);
	quire_error err;
	reuse_text t, u;
	if (reuse_words(s, n1, &o, a, &t, &err) != QUIRE_OK ||
	    reuse_words(s2, n2, &o, a, &u, &err) != QUIRE_OK)
		abort();
	check_words(&t);
	check_words(&u);

	reuse_fp *f1, *f2;
	size_t m1, m2;
	if (reuse_winnow(&t, &o, a, &f1, &m1, &err) != QUIRE_OK ||
	    reuse_fingerprint(s, n1, &o, a, &f2, &m2, &err) != QUIRE_OK)
		abort();
	if (m1 != m2)
		abort();
	for (size_t i = 0; i < m1; i++) /* field by field: the struct has padding */
		if (f1[i].hash != f2[i].hash || f1[i].pos != f2[i].pos)
			abort();
	for (size_t i = 1; i < m1; i++)
		if (f1[i].pos <= f1[i - 1].pos)
			abort();

	reuse_match m;
	if (reuse_align(&t, &u, &o, a, &m, &err) != QUIRE_OK)
		abort();
	if (m.share < 0 || m.share > 1 || m.covered > t.n_counted)
		abort();
	for (size_t i = 0; i < m.n_passages; i++) {
		const reuse_passage *p = &m.passages[i];
		if (p->off + p->len > t.len || p->src_off + p->src_len > u.len ||
		    p->word + p->n_words > t.n_words ||
		    p->src_word + p->src_n_words > u.n_words ||
		    p->coff + p->clen > t.chars || p->src_coff + p->src_clen > u.chars ||
		    p->n_words < o.min_words || p->matched > p->n_words)
			abort();
		if (i && p->word < m.passages[i - 1].word + m.passages[i - 1].n_words)
			abort();
	}
	quire_arena_free(a);
	return 0;
}
