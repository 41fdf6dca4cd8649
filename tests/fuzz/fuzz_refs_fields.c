/*
 * fuzz_refs_fields.c — libFuzzer harness for the parsers after labelling
 * (fields.c, primary.c, notes.c, export.c): names, dates, a note's
 * split, and ref_fields over tokens labelled from the input itself (with
 * the letters, interviews and archives of primary.c), archives' short
 * names expanded, exported in all three formats.
 *
 * The first byte picks the label pattern: each white-space word of the
 * rest gets label (byte + word index * 7) % REF_N_LABELS, so mutations
 * reach every field parser and the type rules with any text — once with
 * the white-space words as tokens, once with ref_tokenize's finer tokens
 * (each labelled by its word), which the label rules read.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "primary.h"
#include "refs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > (1u << 20))
		return 0;
	unsigned seed = data[0];
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	quire_arena *a = quire_arena_new((size_t)64 << 20);
	if (!a)
		return 0;
	ref_name *names;
	int etal;
	ref_parse_names(s, n, a, &names, &etal);
	ref_date d;
	ref_parse_date(s, n, a, &d);
	ref_note note;
	quire_error err;
	if (ref_note_split(s, n, a, &note, &err) == QUIRE_OK)
		ref_notes_resolve(&note, 1);
	/* white-space words as tokens */
	size_t cap = n / 2 + 1, k = 0;
	ref_token *t = malloc(cap * sizeof *t);
	ref_label *l = malloc(cap * sizeof *l);
	if (t && l) {
		for (size_t i = 0; i < n && k < cap;) {
			while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
				i++;
			if (i >= n)
				break;
			size_t b = i;
			while (i < n && s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
				i++;
			t[k] = (ref_token){b, i - b, k};
			l[k] = (ref_label)((seed + k * 7) % REF_N_LABELS);
			k++;
		}
		ref_citation c, c2;
		if (ref_fields(s, t, l, k, a, &c, &err) == QUIRE_OK &&
		    ref_fields_ctx(s, t, l, k, &c, a, &c2, &err) == QUIRE_OK) {
			buf_t b = BUF_INIT;
			ref_to_csl_json(&c2, "f", &b);
			ref_to_bibtex(&c2, NULL, &b);
			ref_to_ris(&c2, &b);
			ref_citation both[2] = {c, c2};
			ref_citation *ptr[2] = {&both[0], &both[1]};
			prim_expand_archives(ptr, 2, a);
			ref_export_list(both, 2, NULL, REF_FMT_BIBTEX, a, &b);
			buf_free(&b);
		}
	}
	free(t);
	free(l);
	/* quire's own tokens (punctuation apart: "[M]" is three), each
	 * labelled by its white-space word as above, so that the rules over
	 * fine tokens (GB/T 7714 codes, organisations, "n.d.") are reached */
	ref_token *ft = NULL;
	size_t nt = n <= 4096 ? ref_tokenize(s, n, a, &ft) : 0;
	ref_label *fl = nt ? quire_arena_alloc(a, nt * sizeof *fl) : NULL;
	if (fl) {
		for (size_t i = 0; i < nt; i++)
			fl[i] = (ref_label)((seed + ft[i].word * 7) % REF_N_LABELS);
		ref_citation c;
		if (ref_fields(s, ft, fl, nt, a, &c, &err) == QUIRE_OK) {
			buf_t b = BUF_INIT;
			ref_to_csl_json(&c, "f", &b);
			ref_to_ris(&c, &b);
			buf_free(&b);
		}
	}
	quire_arena_free(a);
	return 0;
}
