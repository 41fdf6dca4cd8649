/*
 * fuzz_refs_tok.c — libFuzzer harness for the reference labeller's input
 * side: the tokenizer (tok.c), the features (feat.c), labelling with the
 * built-in model (crf.c), token labels back to words, and reading a model
 * file from arbitrary bytes (crf_model_read).
 *
 * The first byte picks the mode: even — the rest is a reference string,
 * tokenized, featurised and labelled (checks: tokens inside the string, in
 * order, word indices non-decreasing), and its lines (at "\n", at most
 * REF_CONTEXT_MAX) labelled each with two lines either side as context
 * (ref_label_context: a line's own tokens, labels in range); odd — the
 * rest is a model file,
 * which must be refused cleanly or, if accepted, label a fixed string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crf.h"
#include "feat.h"
#include "refs.h"
#include "tok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void label(const ref_model *m, const char *s, size_t n)
{
	quire_arena *a = quire_arena_new((size_t)512 << 20);
	if (!a)
		return;
	ref_token *t;
	size_t nt = ref_tokenize(s, n, a, &t);
	for (size_t i = 0; i < nt; i++) {
		if (t[i].off + t[i].len > n || t[i].len == 0)
			abort();
		if (i > 0 && (t[i].off < t[i - 1].off + t[i - 1].len || t[i].word < t[i - 1].word ||
			      t[i].word > t[i - 1].word + 1))
			abort();
	}
	feat_seq f;
	if (nt && feat_extract(s, n, t, nt, m ? crf_model_dict(m) : NULL, a, &f) == QUIRE_OK &&
	    f.n != nt)
		abort();
	if (m) {
		ref_label *l;
		quire_error err;
		if (ref_label_string(m, s, n, a, &t, &l, &nt, &err) == QUIRE_OK && nt) {
			ref_label *w = quire_arena_alloc(a, (t[nt - 1].word + 1) * sizeof *w);
			if (w && tok_word_labels(s, t, l, nt, w) != t[nt - 1].word + 1)
				abort();
			for (size_t i = 0; w && i <= t[nt - 1].word; i++)
				if ((unsigned)w[i] >= REF_N_LABELS)
					abort();
		}
	}
	if (m) { /* the lines of s, each with the others as context */
		const char *ln[REF_CONTEXT_MAX];
		size_t lens[REF_CONTEXT_MAX], k = 0;
		for (size_t b = 0; b <= n && k < REF_CONTEXT_MAX;) {
			const char *e = memchr(s + b, '\n', n - b);
			size_t end = e ? (size_t)(e - s) : n;
			ln[k] = s + b;
			lens[k++] = end - b;
			b = end + 1;
		}
		for (size_t i = 0; i < k; i++) {
			ref_label *l;
			quire_error err;
			ref_token *ct;
			/* two lines either side, as `quire cite --context 2` reads
			 * them (all sixteen made a unit cost sixteen labellings) */
			size_t lo = i > 2 ? i - 2 : 0, hi = i + 3 < k ? i + 3 : k;
			size_t cn, own = ref_tokenize(ln[i], lens[i], a, &t);
			if (ref_label_context(m, ln + lo, lens + lo, hi - lo, i - lo, a, &ct, &l, &cn,
					      &err) != QUIRE_OK)
				continue;
			if (cn != own)
				abort();
			for (size_t q = 0; q < cn; q++)
				if ((unsigned)l[q] >= REF_N_LABELS || ct[q].off + ct[q].len > lens[i])
					abort();
		}
	}
	quire_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	if ((data[0] & 1) == 0) {
		label(ref_model_builtin(), s, n);
	} else {
		ref_model *m = NULL;
		quire_error err;
		if (ref_model_load((const unsigned char *)s, n, &m, &err) == QUIRE_OK) {
			const char *x = "Chen, Jian. 2001. Mao's China. Chapel Hill: UNC Press.";
			label(m, x, strlen(x));
			ref_model_free(m);
		}
	}
	return 0;
}
