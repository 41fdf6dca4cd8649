/*
 * test_crf.c — the reference labeller: tokenizer (tok.c), features
 * (feat.c), CRF kernels, training objective and model file (crf.c), the
 * label glue (refs.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "testutil.h"

#include "crf.h"
#include "feat.h"
#include "refs.h"
#include "tok.h"

/* A small deterministic generator. */
static double rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return (double)((*s >> 8) & 0xffff) / 65536.0 * 2.0 - 1.0;
}

/* Checks crf_objective's gradient on d at weights drawn from seed:
 * analytic against numeric for every parameter, one and two threads
 * alike.  Returns the objective; *moved (may be NULL) gets whether a
 * parameter from first_edge on moves the objective beyond its l2 term. */
static double check_gradient(const crf_data *d, size_t nf, int L, unsigned seed,
			     size_t first_edge, int *moved, double **wout)
{
	size_t np = crf_nparams_all(d, nf, L);
	double *w = malloc(np * sizeof *w), *g = malloc(np * sizeof *g), *g2 = malloc(np * sizeof *g2);
	for (size_t i = 0; i < np; i++)
		w[i] = rnd(&seed);
	double fx = crf_objective(d, nf, L, w, 0.1, g, 1);
	assert_true(fx > 0);
	/* two threads give the same */
	double fx2 = crf_objective(d, nf, L, w, 0.1, g2, 2);
	assert_true(fabs(fx - fx2) < 1e-9);
	for (size_t i = 0; i < np; i++)
		assert_true(fabs(g[i] - g2[i]) < 1e-9);
	if (moved)
		*moved = 0;
	for (size_t i = 0; i < np; i++) {
		double h = 1e-5, keep = w[i];
		w[i] = keep + h;
		double fp = crf_objective(d, nf, L, w, 0.1, g2, 1);
		w[i] = keep - h;
		double fm = crf_objective(d, nf, L, w, 0.1, g2, 1);
		w[i] = keep;
		double num = (fp - fm) / (2 * h);
		if (fabs(num - g[i]) > 1e-5 * (1 + fabs(num))) {
			print_error("param %zu: analytic %g numeric %g\n", i, g[i], num);
			fail();
		}
		if (moved && i >= first_edge && fabs(num - 0.1 * w[i]) > 1e-3)
			*moved = 1;
	}
	free(g);
	free(g2);
	if (wout)
		*wout = w;
	else
		free(w);
	return fx;
}

static void test_gradient(void **state)
{
	(void)state;
	/* 2 sequences (3 and 2 tokens), 4 features, 3 labels */
	size_t seq[] = {0, 3, 5};
	size_t fs[] = {0, 2, 3, 5, 6, 8};
	uint32_t f[] = {0, 1, 2, 1, 3, 0, 2, 3};
	uint8_t y[] = {0, 2, 1, 1, 0};
	crf_data d = {2, 5, seq, fs, f, y, 0, NULL, NULL};
	check_gradient(&d, 4, 3, 7, 0, NULL, NULL);
}

/* The gradient with edge features (weights on the transitions into a
 * token, per observation): analytic against numeric, one and two threads
 * alike. */
static void test_gradient_edges(void **state)
{
	(void)state;
	/* 3 sequences (3, 2 and 1 tokens), 4 features, 3 edge features, 3
	 * labels; token 0 of each sequence has no edge features */
	size_t seq[] = {0, 3, 5, 6};
	size_t fs[] = {0, 2, 3, 5, 6, 8, 9};
	uint32_t f[] = {0, 1, 2, 1, 3, 0, 2, 3, 1};
	uint8_t y[] = {0, 2, 1, 1, 0, 2};
	size_t es[] = {0, 0, 2, 3, 3, 5, 5};
	uint32_t e[] = {0, 2, 1, 1, 2};
	crf_data d = {3, 6, seq, fs, f, y, 3, es, e};
	int L = 3;
	size_t nf = 4;
	assert_int_equal(crf_nparams_all(&d, nf, L), crf_nparams(nf, L) + 3 * 9);
	int edge_moved = 0;
	double *w = NULL;
	double fx = check_gradient(&d, nf, L, 11, crf_nparams(nf, L), &edge_moved, &w);
	/* the edge weights do move the objective (beyond l2) */
	assert_true(edge_moved);
	/* without edge features the objective differs */
	crf_data d0 = {3, 6, seq, fs, f, y, 0, NULL, NULL};
	double *g0 = malloc(crf_nparams(nf, L) * sizeof *g0);
	double f0 = crf_objective(&d0, nf, L, w, 0.1, g0, 1);
	assert_true(fabs(f0 - fx) > 1e-6);
	free(g0);
	free(w);
}

/* Scores a path by brute force. */
static double path_score(int L, size_t T, const double *u, const double *tr,
			 const double *first, const double *last, const uint8_t *p)
{
	double sc = first[p[0]] + last[p[T - 1]];
	for (size_t t = 0; t < T; t++) {
		sc += u[t * (size_t)L + p[t]];
		if (t > 0)
			sc += tr[p[t - 1] * L + p[t]];
	}
	return sc;
}

static void test_viterbi_marginals_brute(void **state)
{
	(void)state;
	unsigned s = 42;
	int L = 3;
	for (size_t T = 1; T <= 6; T++) {
		for (int rep = 0; rep < 5; rep++) {
			double u[6 * 3], tr[9], first[3], last[3], p[6 * 3];
			for (size_t i = 0; i < T * 3; i++)
				u[i] = 3 * rnd(&s);
			for (int i = 0; i < 9; i++)
				tr[i] = 3 * rnd(&s);
			for (int i = 0; i < 3; i++) {
				first[i] = rnd(&s);
				last[i] = rnd(&s);
			}
			uint8_t path[6], best[6], cur[6];
			double vs = crf_viterbi(L, T, u, tr, first, last, path);
			/* enumerate every path */
			size_t total = 1;
			for (size_t t = 0; t < T; t++)
				total *= 3;
			double bs = -INFINITY, z = 0, marg[6 * 3] = {0};
			for (size_t c = 0; c < total; c++) {
				size_t x = c;
				for (size_t t = 0; t < T; t++) {
					cur[t] = (uint8_t)(x % 3);
					x /= 3;
				}
				double sc = path_score(L, T, u, tr, first, last, cur);
				if (sc > bs) {
					bs = sc;
					memcpy(best, cur, T);
				}
				z += exp(sc);
				for (size_t t = 0; t < T; t++)
					marg[t * 3 + cur[t]] += exp(sc);
			}
			assert_true(fabs(vs - bs) < 1e-9);
			assert_memory_equal(path, best, T);
			double lz = crf_marginals(L, T, u, tr, first, last, p);
			assert_true(fabs(lz - log(z)) < 1e-9);
			for (size_t t = 0; t < T; t++) {
				double sum = 0;
				for (int y = 0; y < 3; y++) {
					sum += p[t * 3 + (size_t)y];
					assert_true(fabs(p[t * 3 + (size_t)y] - marg[t * 3 + (size_t)y] / z) < 1e-9);
				}
				assert_true(fabs(sum - 1) < 1e-9);
			}
		}
	}
}

/* A tiny model over real feature keys: words "smith" author, digits date. */
static ref_model *tiny_model(buf_t *file, const char *prov)
{
	quire_arena *a = quire_arena_new(0);
	const char *s = "Smith 1999 Smith";
	ref_token *t;
	size_t nt = ref_tokenize(s, strlen(s), a, &t);
	feat_seq f;
	assert_int_equal(feat_extract(s, strlen(s), t, nt, NULL, a, &f), QUIRE_OK);
	int L = REF_N_LABELS;
	/* features: the keys of token 0 and token 1, deduplicated */
	uint64_t keys[256];
	size_t nk = 0;
	double *w = calloc(crf_nparams(256, L), sizeof *w);
	for (size_t i = 0; i < 2; i++)
		for (uint32_t k = f.start[i]; k < f.start[i + 1]; k++) {
			int dup = 0;
			for (size_t j = 0; j < nk; j++)
				dup |= keys[j] == f.keys[k];
			if (dup || nk == 256)
				continue;
			w[nk * (size_t)L + (i == 0 ? REF_AUTHOR : REF_DATE)] = 0.5;
			keys[nk++] = f.keys[k];
		}
	/* move transitions to where crf_spec expects them for nk features */
	double *w2 = calloc(crf_nparams(nk, L), sizeof *w2);
	memcpy(w2, w, nk * (size_t)L * sizeof *w2);
	const char *names[REF_N_LABELS];
	for (int y = 0; y < L; y++)
		names[y] = ref_label_name((ref_label)y);
	feat_dict d = {0};
	assert_int_equal(feat_dict_add(&d, feat_word_key("Smith", 5), FEAT_D_FAMILY), 0);
	crf_spec spec = {L, names, nk, keys, w2, &d, prov, 0, 0, NULL};
	assert_int_equal(crf_model_write(&spec, file), 0);
	ref_model *m = NULL;
	quire_error err;
	assert_int_equal(crf_model_read((const unsigned char *)file->p, file->len, &m, &err), QUIRE_OK);
	assert_non_null(m);
	assert_int_equal(feat_dict_get(crf_model_dict(m), feat_word_key("SMITH", 5)), FEAT_D_FAMILY);
	feat_dict_free(&d);
	free(w);
	free(w2);
	quire_arena_free(a);
	return m;
}

static void test_model_roundtrip(void **state)
{
	(void)state;
	buf_t b = BUF_INIT;
	ref_model *m = tiny_model(&b, "trained on nothing; CC0");
	assert_string_equal(crf_model_provenance(m), "trained on nothing; CC0");
	assert_true(crf_model_nfeat(m) > 10);
	quire_arena *a = quire_arena_new(0);
	ref_token *t;
	ref_label *l;
	size_t n;
	quire_error err;
	const char *s = "Smith 1999";
	assert_int_equal(ref_label_string(m, s, strlen(s), a, &t, &l, &n, &err), QUIRE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[0], REF_AUTHOR);
	assert_int_equal(l[1], REF_DATE);
	/* the provenance can be replaced */
	buf_t b2 = BUF_INIT;
	assert_int_equal(crf_model_reprov((const unsigned char *)b.p, b.len, "new text", &b2), 0);
	ref_model *m2;
	assert_int_equal(ref_model_load((const unsigned char *)b2.p, b2.len, &m2, &err), QUIRE_OK);
	assert_string_equal(crf_model_provenance(m2), "new text");
	ref_model_free(m2);
	buf_free(&b2);
	ref_model_free(m);
	buf_free(&b);
	quire_arena_free(a);
}

static void test_model_corrupt(void **state)
{
	(void)state;
	buf_t b = BUF_INIT;
	ref_model *m = tiny_model(&b, "p");
	ref_model_free(m);
	quire_error err;
	/* every truncation is refused */
	for (size_t n = 0; n < b.len; n++) {
		ref_model *x = NULL;
		assert_int_equal(ref_model_load((const unsigned char *)b.p, n, &x, &err), QUIRE_EINPUT);
		assert_null(x);
	}
	/* a flipped byte anywhere is refused */
	for (size_t i = 0; i < b.len; i += 7) {
		b.p[i] ^= 0x20;
		ref_model *x = NULL;
		assert_int_equal(ref_model_load((const unsigned char *)b.p, b.len, &x, &err), QUIRE_EINPUT);
		b.p[i] ^= 0x20;
	}
	assert_int_equal(ref_model_load((const unsigned char *)"QRFCRF2\0xxxxxxxxxxxxxxxx", 24, &m, &err), QUIRE_EINPUT);
	assert_non_null(strstr(err.msg, "magic"));
	buf_free(&b);
}

/* FNV-1a, as the model file's checksum. */
static uint32_t fnv32_test(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

/* Rewrites the checksum of a model file after an edit. */
static void model_resum(buf_t *b)
{
	uint32_t h = fnv32_test((const unsigned char *)b->p, b->len - 4);
	for (int k = 0; k < 4; k++)
		b->p[b->len - 4 + (size_t)k] = (char)(h >> (8 * k));
}

/* A version 3 file whose edge section lies (with a right checksum) is
 * refused with a message, never read past. */
static void test_model_edges_corrupt(void **state)
{
	(void)state;
	static const char *const names[] = {"title", "container-title"};
	static const double w[] = {5, 0, -10, 5, 1, 0, 0, 0, 0, 20, 0, 0};
	static const uint64_t ek[] = {77};
	crf_spec sp = {2, names, 0, NULL, w, NULL, "test", 0, 1, ek};
	buf_t b = BUF_INIT;
	assert_int_equal(crf_model_write(&sp, &b), 0);
	quire_error err;
	ref_model *m = NULL;
	assert_int_equal(ref_model_load((const unsigned char *)b.p, b.len, &m, &err), QUIRE_OK);
	ref_model_free(m);
	/* the edge entry: u64 key 77, u16 count 1, u16 index 1, f32 20 */
	size_t at = 0;
	for (size_t i = 0; i + 8 <= b.len; i++)
		if ((unsigned char)b.p[i] == 77 && !memcmp(b.p + i + 1, "\0\0\0\0\0\0\0\1\0\1\0", 11)) {
			at = i;
			break;
		}
	assert_true(at > 0);
	/* an index outside L*L */
	b.p[at + 10] = 4;
	model_resum(&b);
	m = NULL;
	assert_int_equal(ref_model_load((const unsigned char *)b.p, b.len, &m, &err), QUIRE_EINPUT);
	assert_null(m);
	assert_non_null(strstr(err.msg, "edge"));
	b.p[at + 10] = 1;
	/* more weights than L*L */
	b.p[at + 8] = 5;
	model_resum(&b);
	assert_int_equal(ref_model_load((const unsigned char *)b.p, b.len, &m, &err), QUIRE_EINPUT);
	assert_non_null(strstr(err.msg, "edge"));
	b.p[at + 8] = 1;
	/* an edge count larger than the file */
	b.p[at - 1] = 0x7f;
	model_resum(&b);
	assert_int_equal(ref_model_load((const unsigned char *)b.p, b.len, &m, &err), QUIRE_EINPUT);
	assert_non_null(strstr(err.msg, "edge"));
	buf_free(&b);
}

static void test_no_model(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	ref_token *t;
	ref_label *l;
	size_t n;
	quire_error err;
	assert_int_equal(ref_label_string(NULL, "x", 1, a, &t, &l, &n, &err), QUIRE_EUSAGE);
	assert_non_null(strstr(err.msg, "no reference model"));
	quire_arena_free(a);
}

static void expect_tokens(const char *s, const char *const *want, const size_t *words, size_t nwant)
{
	quire_arena *a = quire_arena_new(0);
	ref_token *t;
	size_t n = ref_tokenize(s, strlen(s), a, &t);
	if (n != nwant) {
		print_error("%s: %zu tokens, want %zu\n", s, n, nwant);
		fail();
	}
	for (size_t i = 0; i < n; i++) {
		assert_span_equal(s + t[i].off, t[i].len, want[i]);
		assert_int_equal(t[i].word, words[i]);
	}
	quire_arena_free(a);
}

static void test_tokenize(void **state)
{
	(void)state;
	{
		const char *w[] = {"Chen", ",", "J", ".", "(", "2001", ")", ".", "Mao", "’", "s"};
		size_t wd[] = {0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3};
		expect_tokens("Chen, J. (2001). Mao’s", w, wd, 11);
	}
	{
		/* Chinese without spaces: one token per character, one word */
		const char *w[] = {"中", "国", "历", "史", "。"};
		size_t wd[] = {0, 0, 0, 0, 0};
		expect_tokens("中国历史。", w, wd, 5);
	}
	{
		/* a URL and a DOI stay whole; Cyrillic words are letters */
		const char *w[] = {"https://example.org/a,b.html", "10.1000/xyz.12(3)", "Москва", ":"};
		size_t wd[] = {0, 1, 2, 2};
		expect_tokens("  https://example.org/a,b.html\t10.1000/xyz.12(3)\nМосква:", w, wd, 4);
	}
	{
		const char *w[] = {"106", "(", "3", ")", ":"};
		size_t wd[] = {0, 0, 0, 0, 0};
		expect_tokens("106(3):", w, wd, 5);
	}
	quire_arena *a = quire_arena_new(0);
	ref_token *t;
	assert_int_equal(ref_tokenize("", 0, a, &t), 0);
	assert_int_equal(ref_tokenize(" \t\n ", 4, a, &t), 0);
	/* invalid UTF-8 is a letter, never a stop */
	assert_int_equal(ref_tokenize("a\xff\xfe b", 5, a, &t), 2);
	quire_arena_free(a);
}

static void test_word_labels(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	const char *s = "(2001). pp.";
	ref_token *t;
	size_t n = ref_tokenize(s, strlen(s), a, &t);
	assert_int_equal(n, 6);
	ref_label l[6] = {REF_OTHER, REF_DATE, REF_OTHER, REF_OTHER, REF_PAGES, REF_OTHER};
	ref_label w[2];
	assert_int_equal(tok_word_labels(s, t, l, n, w), 2);
	assert_int_equal(w[0], REF_DATE);
	assert_int_equal(w[1], REF_PAGES);
	/* punctuation only: the label with most bytes */
	const char *p = "(.)";
	n = ref_tokenize(p, 3, a, &t);
	ref_label l2[3] = {REF_NOTE, REF_OTHER, REF_OTHER};
	assert_int_equal(tok_word_labels(p, t, l2, n, w), 1);
	assert_int_equal(w[0], REF_OTHER);
	quire_arena_free(a);
}

static void test_labels(void **state)
{
	(void)state;
	ref_label l;
	for (int i = 0; i < REF_N_LABELS; i++) {
		assert_int_equal(ref_label_parse(ref_label_name((ref_label)i), &l), 0);
		assert_int_equal(l, i);
	}
	assert_int_equal(ref_label_parse("Author", &l), -1);
	assert_string_equal(ref_label_name(REF_CONTAINER), "container-title");
}

static void test_hostile_strings(void **state)
{
	(void)state;
	buf_t b = BUF_INIT;
	ref_model *m = tiny_model(&b, "");
	size_t n = 100 * 1024;
	char *big = malloc(n);
	const char *pieces[] = {"Smith, ", "J. ", "(1999) ", "中文", "...", "Москва ", "{\\\"a} ", "\xff "};
	size_t o = 0;
	for (unsigned k = 0; o < n; k++) {
		const char *pc = pieces[k % 8];
		size_t pl = strlen(pc);
		if (o + pl > n)
			pl = n - o;
		memcpy(big + o, pc, pl);
		o += pl;
	}
	char *punct = malloc(n);
	for (size_t i = 0; i < n; i++)
		punct[i] = ".,;:()[]-"[i % 9];
	const char *tests[] = {big, punct};
	for (int k = 0; k < 2; k++) {
		quire_arena *a = quire_arena_new(0);
		ref_token *t;
		ref_label *l;
		size_t nt;
		quire_error err;
		/* 100 kB: longer than the labeller reads, refused at once */
		assert_int_equal(ref_label_string(m, tests[k], n, a, &t, &l, &nt, &err), QUIRE_ELIMIT);
		assert_non_null(strstr(err.msg, "longer than the labeller reads"));
		/* the longest it reads, in bounded time */
		clock_t c0 = clock();
		assert_int_equal(ref_label_string(m, tests[k], REF_LABEL_MAX, a, &t, &l, &nt, &err),
				 QUIRE_OK);
		double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
		assert_true(nt > 1000);
		assert_true(secs < 10.0); /* generous: sanitizers are slow */
		ref_label *w = quire_arena_alloc(a, (t[nt - 1].word + 1) * sizeof *w);
		assert_int_equal(tok_word_labels(tests[k], t, l, nt, w), t[nt - 1].word + 1);
		quire_arena_free(a);
	}
	free(big);
	free(punct);
	ref_model_free(m);
	buf_free(&b);
}

/* The keys of the last token of s, sorted (at most 128). */
static size_t last_keys(const char *s, uint64_t *keys)
{
	quire_arena *a = quire_arena_new(0);
	ref_token *t;
	size_t nt = ref_tokenize(s, strlen(s), a, &t);
	feat_seq f;
	assert_int_equal(feat_extract(s, strlen(s), t, nt, NULL, a, &f), QUIRE_OK);
	size_t n = 0;
	for (uint32_t k = f.start[nt - 1]; k < f.start[nt] && n < 128; k++)
		keys[n++] = f.keys[k];
	quire_arena_free(a);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && keys[j - 1] > keys[j]; j--) {
			uint64_t x = keys[j];
			keys[j] = keys[j - 1];
			keys[j - 1] = x;
		}
	return n;
}

/* Segment features: a word ending in "." after three or more letters
 * closes a segment, an initial ("C.") or a two-letter word does not; the
 * last word's features see the difference though it is out of every
 * window. */
static void test_segments(void **state)
{
	(void)state;
	uint64_t k1[128], k2[128], k3[128];
	/* (the segment's first word is a feature too: "Z" in both) */
	size_t n1 = last_keys("Z Abc. x x x x Gamma", k1);
	size_t n2 = last_keys("Z Ab. x x x x Gamma", k2);
	size_t n3 = last_keys("Z C. x x x x Gamma", k3);
	assert_true(n1 > 20);
	assert_int_equal(n2, n3);
	assert_memory_equal(k2, k3, n2 * sizeof *k2);
	assert_int_equal(n1, n2);
	assert_memory_not_equal(k1, k2, n1 * sizeof *k1);
	/* an "In" before the word is seen, too */
	n1 = last_keys("In x x x x Gamma", k1);
	n2 = last_keys("On x x x x Gamma", k2);
	assert_int_equal(n1, n2);
	assert_memory_not_equal(k1, k2, n1 * sizeof *k1);
}

/* Long-range features: a quoted span closed before the word, and the title
 * case of the word's segment, are seen by the last word though out of
 * every window; the number of features stays the same. */
static void test_long_range(void **state)
{
	(void)state;
	uint64_t k1[128], k2[128];
	size_t n1 = last_keys("\xe2\x80\x9c" "Abc\xe2\x80\x9d x x x x Gamma", k1);
	size_t n2 = last_keys("Abc x x x x Gamma", k2);
	assert_int_equal(n1, n2);
	assert_memory_not_equal(k1, k2, n1 * sizeof *k1);
	n1 = last_keys("Abcdef Ghijkl x x x x Gamma", k1);
	n2 = last_keys("abcdef ghijkl x x x x Gamma", k2);
	assert_int_equal(n1, n2);
	assert_memory_not_equal(k1, k2, n1 * sizeof *k1);
}

/* Quotation marks of other typographies read as English ones do: German,
 * Czech, Polish and Bulgarian close "„" with "“" (the English opener),
 * German also quotes »so«, French « so ».  The word after such a quotation
 * and a stop is outside it and in a new segment, exactly as after
 * "“Abc def.”" — so "In" after „Title.“ opens the container, not more
 * title. */
static void test_quote_typographies(void **state)
{
	(void)state;
	uint64_t k1[128], k2[128];
	static const char *const same[] = {
		"Z \xe2\x80\x9e" "Abc def.\xe2\x80\x9c Qqq. Rr x x x x Gamma", /* „Abc def.“ */
		"Z \xc2\xbb" "Abc def.\xc2\xab Qqq. Rr x x x x Gamma",           /* »Abc def.« */
		"Z \xc2\xab" "Abc def.\xc2\xbb Qqq. Rr x x x x Gamma",           /* «Abc def.» */
	};
	/* (a word between, so that the word before Gamma's segment is the same) */
	size_t n1 = last_keys("Z \xe2\x80\x9c" "Abc def.\xe2\x80\x9d Qqq. Rr x x x x Gamma", k1);
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		size_t n2 = last_keys(same[i], k2);
		assert_int_equal(n1, n2);
		assert_memory_equal(k1, k2, n1 * sizeof *k1);
	}
	/* and an English opener left open still reads as open */
	size_t n3 = last_keys("Z \xe2\x80\x9c" "Abc def. Qqq. Rr x x x x Gamma", k2);
	assert_int_equal(n1, n3);
	assert_memory_not_equal(k1, k2, n1 * sizeof *k1);
}

static void test_builtin(void **state)
{
	(void)state;
	const ref_model *m = ref_model_builtin();
	assert_non_null(m);
	assert_ptr_equal(m, ref_model_builtin());
	assert_non_null(strstr(crf_model_provenance(m), "CC BY 4.0"));
	const char *s = "Chen, Jian. 2001. Mao's China and the Cold War. Chapel Hill: "
			"University of North Carolina Press.";
	quire_arena *a = quire_arena_new(0);
	ref_token *t;
	ref_label *l;
	size_t n;
	quire_error err;
	assert_int_equal(ref_label_string(m, s, strlen(s), a, &t, &l, &n, &err), QUIRE_OK);
	ref_label w[32];
	size_t nw = tok_word_labels(s, t, l, n, w);
	assert_int_equal(nw, 16);
	assert_int_equal(w[0], REF_AUTHOR);
	assert_int_equal(w[1], REF_AUTHOR);
	assert_int_equal(w[2], REF_DATE);
	assert_int_equal(w[4], REF_TITLE);
	assert_int_equal(w[9], REF_PLACE);
	assert_int_equal(w[15], REF_PUBLISHER);
	quire_arena_free(a);
}

/* A model of no features from a spec (written and read back, as a file
 * is); free with ref_model_free. */
static ref_model *spec_model(const crf_spec *sp)
{
	buf_t b = BUF_INIT;
	ref_model *m = NULL;
	quire_error err;
	assert_int_equal(crf_model_write(sp, &b), 0);
	assert_int_equal(ref_model_load((const unsigned char *)b.p, b.len, &m, &err), QUIRE_OK);
	buf_free(&b);
	return m;
}

/* Labels four featureless tokens under cut (NULL: none) with a two-label
 * model of labels l0, l1 and weights w (transitions, first, last). */
static void label_four(const char *l0, const char *l1, const double w[8], const uint8_t *cut,
		       quire_arena *a, ref_label out[4])
{
	const char *names[] = {l0, l1};
	crf_spec sp = {2, names, 0, NULL, w, NULL, "test", 0, 0, NULL};
	ref_model *tm = spec_model(&sp);
	uint32_t start[5] = {0};
	feat_seq f = {4, start, NULL, NULL, NULL};
	quire_error err;
	assert_int_equal(crf_label(tm, &f, cut, a, out, &err), QUIRE_OK);
	ref_model_free(tm);
}

/* Runs of label y in out[0..n). */
static int runs_of(const ref_label *out, int n, ref_label y)
{
	int runs = 0;
	for (int i = 0; i < n; i++)
		runs += out[i] == y && (i == 0 || out[i - 1] != y);
	return runs;
}

/* The constraints of crf_label: the cuts (where they fall; a title does
 * not run over one) and one run of titles and of container titles. */
static void test_cuts(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_error err;
	ref_token *t;
	struct {
		const char *s, *at; /* at: the token cut, NULL for none */
	} cases[] = {
		{"Leach, E. 1964. Animal Categories and Verbal Abuse. In New Directions.", "In"},
		{"Crystal, D., ‘The changing nature of text’, in Text Comparison, 2010.", "in"},
		{"Piaser, A. (2014). Identité. Dans A. Jorro, Dictionnaire.", "Dans"},
		{"Smith, J. Essays. In: Proceedings of X, 1990.", "In"},
		{"Doe, J. Gene delivery. In vivo studies. 1990.", NULL},
		{"Doe, J. “Control and the ‘Right to the City’ in Mixed-Income Places.” 2013.", NULL},
		{"Doe, J. Women, in Theory and Practice. 1990.", NULL},
		/* a role in brackets closes the names */
		{"Mario Rossi (a cura di), Venezia e il sale (Firenze: Olschki, 1966), 12.", "Venezia"},
		{"Smith, J. (ed.). The Book of Salt. London, 1990.", "The"},
		{"Weber, M. (Hrsg.), Schriften. Berlin, 1920.", "Schriften"},
		{"Smith, J. (1990). The Book of Salt.", NULL},
		{"Smith, J. (ed.), with notes by the author.", NULL},
		{"Smith, J. (Oxford), The Book.", NULL},
	};
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		const char *s = cases[c].s;
		size_t nt = ref_tokenize(s, strlen(s), a, &t);
		uint8_t *cut = ref_label_cuts(s, t, nt, a);
		size_t ncut = 0, at = 0;
		for (size_t i = 0; cut && i < nt; i++)
			if (cut[i]) {
				ncut++;
				at = i;
			}
		if (!cases[c].at) {
			assert_int_equal(ncut, 0);
			continue;
		}
		assert_int_equal(ncut, 1);
		/* "In" cuts titles, a role cuts names */
		assert_int_equal(cut[at], strcmp(cases[c].at, "In") && strcmp(cases[c].at, "in") &&
						  strcmp(cases[c].at, "Dans")
					  ? REF_CUT_NAMES
					  : REF_CUT_TITLE);
		assert_int_equal(t[at].len, strlen(cases[c].at));
		assert_memory_equal(s + t[at].off, cases[c].at, t[at].len);
	}

	/* the constraint itself, on a model that always continues a title
	 * (transitions t->t, t->c, c->t, c->c; first; last) */
	{
		static const double w[] = {5, 0, -10, 5, 1, 0, 0, 0};
		uint8_t c4[4] = {0, 0, 1, 0};
		ref_label out[4];
		label_four("title", "container-title", w, NULL, a, out);
		for (int i = 0; i < 4; i++)
			assert_int_equal(out[i], REF_TITLE);
		label_four("title", "container-title", w, c4, a, out);
		assert_int_equal(out[1], REF_TITLE);
		assert_int_equal(out[2], REF_CONTAINER);
		assert_int_equal(out[3], REF_CONTAINER);
	}

	/* a names cut ends an editor list, and leaves titles alone
	 * (transitions e->e, e->t, t->e, t->t; first; last) */
	{
		static const double w[] = {5, 0, -10, 2, 1, 0, 0, 0};
		uint8_t names_cut[4] = {0, 0, REF_CUT_NAMES, 0};
		uint8_t title_cut[4] = {0, 0, REF_CUT_TITLE, 0};
		ref_label out[4];
		label_four("editor", "title", w, title_cut, a, out);
		for (int i = 0; i < 4; i++)
			assert_int_equal(out[i], REF_EDITOR);
		label_four("editor", "title", w, names_cut, a, out);
		assert_int_equal(out[1], REF_EDITOR);
		assert_int_equal(out[2], REF_TITLE);
		assert_int_equal(out[3], REF_TITLE);
	}

	/* an edge feature: a model that keeps a title going, whose edge
	 * feature (key 77) on a token makes title -> container-title the
	 * best transition there; written and read back (version 3) */
	{
		static const char *const names[] = {"title", "container-title"};
		/* transitions t->t, t->c, c->t, c->c; first; last; edge 0 */
		static const double w[] = {5, 0, -10, 5, 1, 0, 0, 0, 0, 20, 0, 0};
		static const uint64_t ek[] = {77};
		crf_spec sp = {2, names, 0, NULL, w, NULL, "test", 0, 1, ek};
		ref_model *tm = spec_model(&sp);
		uint32_t start[5] = {0}, estart[5] = {0, 0, 0, 1, 1};
		uint64_t keys77[1] = {77}, keys78[1] = {78};
		feat_seq f = {4, start, NULL, estart, keys77};
		ref_label out[4];
		assert_int_equal(crf_label(tm, &f, NULL, a, out, &err), QUIRE_OK);
		assert_int_equal(out[0], REF_TITLE);
		assert_int_equal(out[1], REF_TITLE);
		assert_int_equal(out[2], REF_CONTAINER);
		assert_int_equal(out[3], REF_CONTAINER);
		/* an edge key the model does not know changes nothing */
		f.ekeys = keys78;
		assert_int_equal(crf_label(tm, &f, NULL, a, out, &err), QUIRE_OK);
		for (int i = 0; i < 4; i++)
			assert_int_equal(out[i], REF_TITLE);
		ref_model_free(tm);
	}

	/* one title run, one container-title run: a model that would
	 * alternate title and other gets the best path with one title run */
	{
		static const char *const names[] = {"title", "other", "container-title"};
		/* transitions (3 x 3, from row to column); first; last */
		static const double w[] = {
			0, 3, -5, /* title -> title, other, container */
			3, 0, -5, /* other -> … */
			-5, -5, 0, /* container -> … */
			2, 0, 0,   /* first */
			0, 0, 0,   /* last */
		};
		crf_spec sp = {3, names, 0, NULL, w, NULL, "test", 0, 0, NULL};
		ref_model *tm = spec_model(&sp);
		uint32_t start[6] = {0};
		feat_seq f = {5, start, NULL, NULL, NULL};
		ref_label out[5];
		/* unconstrained, title other title other title (14) is best */
		assert_int_equal(crf_label(tm, &f, NULL, a, out, &err), QUIRE_OK);
		assert_int_equal(runs_of(out, 5, REF_TITLE), 1);
		ref_model_free(tm);
		/* a model trained on strings of several works (CRF_MULTI_WORK,
		 * kept in its file) has no such constraint */
		sp.flags = CRF_MULTI_WORK;
		tm = spec_model(&sp);
		assert_int_equal(crf_label(tm, &f, NULL, a, out, &err), QUIRE_OK);
		assert_int_equal(runs_of(out, 5, REF_TITLE), 3);
		ref_model_free(tm);
	}

	/* with the built-in model, a cut ends the title run at it */
	const ref_model *m = ref_model_builtin();
	const char *s = "Leach, Edmund. 1964 Anthropological Aspects of Language: Animal "
			"Categories and Verbal Abuse. In New Directions in the Study of "
			"Language. Eric H. Lenneberg, ed. Pp. 23–63. Cambridge, MA: MIT Press.";
	ref_label *l;
	size_t n;
	assert_int_equal(ref_label_string(m, s, strlen(s), a, &t, &l, &n, &err), QUIRE_OK);
	uint8_t *cut = ref_label_cuts(s, t, n, a);
	assert_non_null(cut);
	for (size_t i = 1; i < n; i++)
		if (cut[i])
			assert_false(l[i] == REF_TITLE && l[i - 1] == REF_TITLE);
	quire_arena_free(a);
}

/* Adds the keys of every token of s to keys (deduplicated; at most cap),
 * giving new ones weight v for label y in w (nparams(cap) layout). */
static size_t add_keys(const char *s, uint64_t *keys, size_t nk, size_t cap, double *w, ref_label y,
		       double v)
{
	quire_arena *a = quire_arena_new(0);
	ref_token *t;
	size_t nt = ref_tokenize(s, strlen(s), a, &t);
	feat_seq f;
	assert_int_equal(feat_extract(s, strlen(s), t, nt, NULL, a, &f), QUIRE_OK);
	for (uint32_t k = 0; k < f.start[nt]; k++) {
		int dup = 0;
		for (size_t j = 0; j < nk && !dup; j++)
			dup = keys[j] == f.keys[k];
		if (dup || nk == cap)
			continue;
		w[nk * REF_N_LABELS + y] = v;
		keys[nk++] = f.keys[k];
	}
	quire_arena_free(a);
	return nk;
}

/* feat_join: the lines' tokens in order, each with its own keys, and the
 * line break's keys on the first token of every line after the first and
 * the last token of every line before the last; empty lines add nothing. */
static void test_feat_join(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	const char *ln[] = {"Rossi, Mario, La storia di", "", "Venezia, Milano 1966."};
	feat_seq p[3], f;
	uint64_t last[3];
	size_t nt[3];
	for (int j = 0; j < 3; j++) {
		ref_token *t;
		nt[j] = ref_tokenize(ln[j], strlen(ln[j]), a, &t);
		assert_int_equal(feat_extract(ln[j], strlen(ln[j]), t, nt[j], NULL, a, &p[j]), QUIRE_OK);
		last[j] = nt[j] ? feat_word_key(ln[j] + t[nt[j] - 1].off, t[nt[j] - 1].len) : 0;
	}
	assert_int_equal(nt[1], 0);
	assert_int_equal(feat_join(p, last, 3, a, &f), QUIRE_OK);
	assert_int_equal(f.n, nt[0] + nt[2]);
	for (size_t i = 0; i < f.n; i++) {
		int second = i >= nt[0];
		const feat_seq *q = second ? &p[2] : &p[0];
		size_t qi = second ? i - nt[0] : i;
		size_t own = q->start[qi + 1] - q->start[qi], eown = q->estart[qi + 1] - q->estart[qi];
		size_t extra = (i == nt[0]) ? 2 : (i + 1 == nt[0]) ? 1 : 0;
		assert_int_equal(f.start[i + 1] - f.start[i], own + extra);
		assert_memory_equal(f.keys + f.start[i], q->keys + q->start[qi], own * sizeof *f.keys);
		assert_int_equal(f.estart[i + 1] - f.estart[i], eown + (i == nt[0] ? 2 : 0));
	}
	assert_int_equal(f.estart[1], 0); /* nothing into the first token */
	/* the break's key says what ended the line before: "di" and "," differ */
	feat_seq g;
	last[0] = feat_word_key(",", 1);
	assert_int_equal(feat_join(p, last, 3, a, &g), QUIRE_OK);
	uint32_t s0 = f.start[nt[0]], e0 = f.start[nt[0] + 1];
	int differs = 0;
	for (uint32_t k = s0; k < e0; k++)
		differs |= f.keys[k] != g.keys[k];
	assert_true(differs);
	/* one line alone: its own features */
	assert_int_equal(feat_join(p, last, 1, a, &g), QUIRE_OK);
	assert_int_equal(g.n, nt[0]);
	assert_int_equal(g.start[g.n], p[0].start[nt[0]]);
	quire_arena_free(a);
}

/* ref_label_context: a field runs on over a line break.  A model whose
 * words of the first line say title strongly, whose words of the second
 * say author weakly, and whose transitions favour staying in a field:
 * the second line alone is an author, after the first a title's end. */
static void test_label_context(void **state)
{
	(void)state;
	enum { CAP = 512 };
	int L = REF_N_LABELS;
	double *w = calloc(crf_nparams(CAP, L), sizeof *w);
	uint64_t keys[CAP];
	size_t nk = add_keys("Omega Sigma", keys, 0, CAP, w, REF_AUTHOR, 0.002);
	nk = add_keys("Gamma Delta", keys, nk, CAP, w, REF_TITLE, 2.0);
	double *w2 = calloc(crf_nparams(nk, L), sizeof *w2);
	memcpy(w2, w, nk * (size_t)L * sizeof *w2);
	for (int y = 0; y < L; y++)
		w2[nk * (size_t)L + (size_t)y * (size_t)L + (size_t)y] = 3.0;
	const char *names[REF_N_LABELS];
	for (int y = 0; y < L; y++)
		names[y] = ref_label_name((ref_label)y);
	crf_spec spec = {L, names, nk, keys, w2, NULL, "test", CRF_MULTI_WORK, 0, NULL};
	buf_t file = BUF_INIT;
	assert_int_equal(crf_model_write(&spec, &file), 0);
	ref_model *m = NULL;
	quire_error err;
	assert_int_equal(ref_model_load((const unsigned char *)file.p, file.len, &m, &err), QUIRE_OK);

	quire_arena *a = quire_arena_new(0);
	const char *ln[] = {"Gamma Delta", "Omega Sigma"};
	size_t lens[] = {11, 11};
	ref_token *t;
	ref_label *l;
	size_t n;
	assert_int_equal(ref_label_string(m, ln[1], lens[1], a, &t, &l, &n, &err), QUIRE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[0], REF_AUTHOR);
	assert_int_equal(l[1], REF_AUTHOR);
	/* alone through ref_label_context: the same */
	assert_int_equal(ref_label_context(m, ln + 1, lens + 1, 1, 0, a, &t, &l, &n, &err), QUIRE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(l[0], REF_AUTHOR);
	/* after the first line: the title runs on */
	assert_int_equal(ref_label_context(m, ln, lens, 2, 1, a, &t, &l, &n, &err), QUIRE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(t[0].off, 0); /* the line's own tokens */
	assert_int_equal(l[0], REF_TITLE);
	assert_int_equal(l[1], REF_TITLE);
	assert_int_equal(ref_label_context(m, ln, lens, 2, 0, a, &t, &l, &n, &err), QUIRE_OK);
	assert_int_equal(l[1], REF_TITLE);
	/* a context line too long to label is left out */
	size_t big = REF_LABEL_MAX + 10;
	char *huge = malloc(big + 1);
	memset(huge, 'x', big);
	huge[big] = 0;
	const char *ln2[] = {huge, "Omega Sigma"};
	size_t lens2[] = {big, 11};
	assert_int_equal(ref_label_context(m, ln2, lens2, 2, 1, a, &t, &l, &n, &err), QUIRE_OK);
	assert_int_equal(l[0], REF_AUTHOR);
	assert_int_equal(ref_label_context(m, ln2, lens2, 2, 0, a, &t, &l, &n, &err), QUIRE_ELIMIT);
	/* neighbours within the labeller's bytes, nearest first: of two of
	 * 20 kB the one before fits, the one after does not */
	size_t mid = 20000;
	char *b1 = malloc(mid + 1), *b2 = malloc(mid + 1);
	for (size_t q = 0; q < mid; q++)
		b1[q] = b2[q] = q % 7 == 6 ? ' ' : 'y';
	b1[mid] = b2[mid] = 0;
	const char *ln3[] = {b1, "Omega Sigma", b2};
	size_t lens3[] = {mid, 11, mid};
	assert_int_equal(ref_label_context(m, ln3, lens3, 3, 1, a, &t, &l, &n, &err), QUIRE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(t[1].off, 6);
	free(b1);
	free(b2);
	/* the line must be one of them */
	assert_int_equal(ref_label_context(m, ln, lens, 2, 2, a, &t, &l, &n, &err), QUIRE_EUSAGE);
	assert_int_equal(ref_label_context(m, ln, lens, REF_CONTEXT_MAX + 1, 0, a, &t, &l, &n, &err),
			 QUIRE_EUSAGE);
	free(huge);
	quire_arena_free(a);
	ref_model_free(m);
	buf_free(&file);
	free(w);
	free(w2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gradient),
		cmocka_unit_test(test_gradient_edges),
		cmocka_unit_test(test_viterbi_marginals_brute),
		cmocka_unit_test(test_model_roundtrip),
		cmocka_unit_test(test_model_corrupt),
		cmocka_unit_test(test_model_edges_corrupt),
		cmocka_unit_test(test_no_model),
		cmocka_unit_test(test_tokenize),
		cmocka_unit_test(test_word_labels),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_hostile_strings),
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_quote_typographies),
		cmocka_unit_test(test_long_range),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_cuts),
		cmocka_unit_test(test_feat_join),
		cmocka_unit_test(test_label_context),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
