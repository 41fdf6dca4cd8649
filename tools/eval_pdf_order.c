/*
 * eval_pdf_order.c — how well the PDF reader keeps the reading order: a
 * normalised LCS over words between what quire extracts and a known text.
 *
 *   eval_pdf_order [--min SCORE] [--recall] FILE REFERENCE...
 *
 * FILE is read as quire reads it (fmt_load: sniffed, in the sandbox) and
 * analysed; its words are those of the paper's normalised text.
 * REFERENCE is a plain text file (Markdown marks are not words, so a .md
 * source serves as it is), or an S2ORC/GROBID pdf-parse JSON
 * (../shared/data/papers/s2orc-json/pdf-parses/X.json), whose title,
 * abstract and body paragraphs in order are the reference.  Several
 * references are concatenated.
 *
 * Words: maximal runs of letters and digits (any byte >= 0x80 counts as a
 * letter), ASCII lower-cased.  Scores (one line on stdout):
 *   recall    = LCS / reference words  (how much of the reference comes out
 *               in order — the figure for real papers, whose reference parse
 *               leaves out captions, footnotes and the bibliography)
 *   dice      = 2 LCS / (extracted + reference words)  (the figure for our
 *               generated PDFs, whose reference is the whole text)
 * --min S exits with status 1 when the chosen score (dice, or recall with
 * --recall) is below S.
 *
 * The LCS is the bit-parallel one (Allison–Dix / Hyyrö): O(n·m/64) time and
 * one bit vector of m bits per distinct reference word.
 *
 * Build (the lead wires a make target):
 *   cc -std=c17 -D_GNU_SOURCE -O2 -Iinclude -Isrc/core -Isrc/formats \
 *      tools/eval_pdf_order.c build/libquire_io.a build/libquire.a \
 *      $(pkg-config --cflags --libs <the Makefile's PKGS>) -lm -o build/eval_pdf_order
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "formats.h"
#include "quire.h"
#include "sandbox.h"

typedef struct words {
	uint32_t *id;
	size_t n, cap;
} words;

/* A string table: word -> id. */
typedef struct table {
	char **key;
	uint32_t *val;
	size_t cap, n;
} table;

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static int grow(table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 4096;
	char **k = calloc(cap, sizeof *k);
	uint32_t *v = calloc(cap, sizeof *v);
	if (!k || !v) {
		free(k);
		free(v);
		return -1;
	}
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->key[i])
			continue;
		size_t j = hash(t->key[i], strlen(t->key[i])) & (cap - 1);
		while (k[j])
			j = (j + 1) & (cap - 1);
		k[j] = t->key[i];
		v[j] = t->val[i];
	}
	free(t->key);
	free(t->val);
	t->key = k;
	t->val = v;
	t->cap = cap;
	return 0;
}

static int64_t intern(table *t, const char *s, size_t n)
{
	if ((t->n + 1) * 2 > t->cap && grow(t))
		return -1;
	size_t j = hash(s, n) & (t->cap - 1);
	while (t->key[j]) {
		if (strlen(t->key[j]) == n && memcmp(t->key[j], s, n) == 0)
			return t->val[j];
		j = (j + 1) & (t->cap - 1);
	}
	char *k = malloc(n + 1);
	if (!k)
		return -1;
	memcpy(k, s, n);
	k[n] = 0;
	t->key[j] = k;
	t->val[j] = (uint32_t)t->n;
	return (int64_t)t->n++;
}

static int push(words *w, uint32_t id)
{
	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 1024;
		uint32_t *v = realloc(w->id, cap * sizeof *v);
		if (!v)
			return -1;
		w->id = v;
		w->cap = cap;
	}
	w->id[w->n++] = id;
	return 0;
}

static int is_word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

static int tokenize(table *t, words *w, const char *s, size_t n)
{
	char tmp[256];
	size_t i = 0;
	while (i < n) {
		while (i < n && !is_word_byte((unsigned char)s[i]))
			i++;
		size_t k = 0;
		while (i < n && is_word_byte((unsigned char)s[i])) {
			char c = s[i++];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (k < sizeof tmp)
				tmp[k++] = c;
		}
		if (k) {
			int64_t id = intern(t, tmp, k);
			if (id < 0 || push(w, (uint32_t)id))
				return -1;
		}
	}
	return 0;
}

/* LCS length of a (reference, m words) and b (n words). */
static size_t lcs(const words *a, const words *b, size_t nids)
{
	size_t m = a->n, nw = (m + 63) / 64;
	if (m == 0 || b->n == 0)
		return 0;
	uint64_t *match = calloc(nids * nw, sizeof *match);
	uint64_t *v = malloc(nw * sizeof *v);
	if (!match || !v) {
		free(match);
		free(v);
		return 0;
	}
	for (size_t i = 0; i < m; i++)
		match[(size_t)a->id[i] * nw + i / 64] |= 1ull << (i % 64);
	for (size_t k = 0; k < nw; k++)
		v[k] = ~0ull;
	for (size_t j = 0; j < b->n; j++) {
		const uint64_t *mm = &match[(size_t)b->id[j] * nw];
		uint64_t carry = 0;
		for (size_t k = 0; k < nw; k++) {
			uint64_t u = v[k] & mm[k];
			uint64_t sum = v[k] + u;
			uint64_t c1 = sum < v[k];
			uint64_t sum2 = sum + carry;
			uint64_t c2 = sum2 < sum;
			v[k] = sum2 | (v[k] - u);
			carry = c1 | c2;
		}
	}
	size_t zeros = 0;
	for (size_t k = 0; k < nw; k++) {
		uint64_t x = ~v[k];
		if (k == nw - 1 && m % 64)
			x &= (1ull << (m % 64)) - 1;
		zeros += (size_t)__builtin_popcountll(x);
	}
	free(match);
	free(v);
	return zeros;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, len = 0;
	char *p = malloc(cap);
	while (p) {
		size_t got = fread(p + len, 1, cap - len, f);
		len += got;
		if (len < cap)
			break;
		char *q = realloc(p, cap * 2);
		if (!q) {
			free(p);
			p = NULL;
			break;
		}
		p = q;
		cap *= 2;
	}
	fclose(f);
	*n = len;
	return p;
}

static int add_json_text(table *t, words *w, json_t *v)
{
	if (json_is_string(v))
		return tokenize(t, w, json_string_value(v), json_string_length(v));
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) {
			json_t *tx = json_is_object(e) ? json_object_get(e, "text") : e;
			if (add_json_text(t, w, tx))
				return -1;
		}
	}
	return 0;
}

static int add_reference(table *t, words *w, const char *path)
{
	size_t n;
	char *s = slurp(path, &n);
	if (!s)
		return -1;
	size_t k = strlen(path);
	int rc = 0;
	if (k > 5 && strcmp(path + k - 5, ".json") == 0) {
		json_error_t je;
		json_t *root = json_loadb(s, n, 0, &je);
		if (!root) {
			free(s);
			return -1;
		}
		json_t *pp = json_object_get(root, "pdf_parse");
		rc = add_json_text(t, w, json_object_get(root, "title"));
		if (!rc)
			rc = add_json_text(t, w, json_object_get(root, "abstract"));
		if (!rc && pp)
			rc = add_json_text(t, w, json_object_get(pp, "body_text"));
		json_decref(root);
	} else {
		rc = tokenize(t, w, s, n);
	}
	free(s);
	return rc;
}

int main(int argc, char **argv)
{
	double min = -1;
	int use_recall = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--min") == 0 && i + 1 < argc)
			min = atof(argv[++i]);
		else if (strcmp(argv[i], "--recall") == 0)
			use_recall = 1;
		else
			break;
	}
	if (argc - i < 2) {
		fprintf(stderr, "usage: eval_pdf_order [--min SCORE] [--recall] FILE REFERENCE...\n");
		return 2;
	}
	const char *file = argv[i++];
	quire_arena *a = quire_arena_new(0);
	quire_source *src;
	quire_paper *p;
	quire_error err = {QUIRE_OK, ""};
	if (fmt_load(file, NULL, 0, a, &src, NULL, &err) ||
	    quire_analyze(src, NULL, a, &p, &err)) {
		fprintf(stderr, "%s: %s\n", file, err.msg);
		quire_arena_free(a);
		return 2;
	}
	table t = {NULL, NULL, 0, 0};
	words ref = {NULL, 0, 0}, got = {NULL, 0, 0};
	for (; i < argc; i++)
		if (add_reference(&t, &ref, argv[i])) {
			fprintf(stderr, "%s: cannot read the reference\n", argv[i]);
			return 2;
		}
	if (tokenize(&t, &got, p->text, p->text_len)) {
		fprintf(stderr, "out of memory\n");
		return 2;
	}
	size_t l = lcs(&ref, &got, t.n);
	double recall = ref.n ? (double)l / (double)ref.n : 0;
	double dice = ref.n + got.n ? 2.0 * (double)l / (double)(ref.n + got.n) : 0;
	printf("%s\textracted %zu\treference %zu\tlcs %zu\trecall %.4f\tdice %.4f\n",
	       file, got.n, ref.n, l, recall, dice);
	for (size_t k = 0; k < t.cap; k++)
		free(t.key[k]);
	free(t.key);
	free(t.val);
	free(ref.id);
	free(got.id);
	quire_arena_free(a);
	double score = use_recall ? recall : dice;
	return min >= 0 && score < min ? 1 : 0;
}
