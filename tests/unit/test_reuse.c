/*
 * test_reuse.c — reused-passage detection (src/reuse): normal forms,
 * offsets on multi-byte text, quotations and ranges left out, winnowing's
 * guarantee, candidates, and alignment (self, unrelated, small edits).
 *
 * The texts are written for these tests.
 */
#include <stdio.h>
#include <stdlib.h>

#include "testutil.h"
#include "reuse.h"

static const char *PROSE =
	"The river town kept its clocks five minutes fast, so that nobody "
	"would miss the ferry, and everybody missed it anyway because they "
	"trusted the clocks less than their own hunger for breakfast. The "
	"ferryman, who owned no clock at all, left when the gulls stopped "
	"arguing over the nets, which was never the same time twice.";

/* Another text on another subject. */
static const char *OTHER =
	"Granite weathers into sand over a span of time no surveyor can "
	"measure with a chain; lichens, frost and rain each take a share, "
	"and the mountain keeps no accounts of what it has lost to them.";

static reuse_text words_of(quire_arena *a, const char *s, const reuse_opts *o)
{
	reuse_text t;
	quire_error err;
	assert_int_equal(reuse_words(s, strlen(s), o, a, &t, &err), QUIRE_OK);
	return t;
}

static void test_normal_form(void **state)
{
	(void)state;
	char buf[64];
	reuse_normal_form("Éléphant,", strlen("Éléphant,"), buf, sizeof buf);
	assert_string_equal(buf, "elephant");
	reuse_normal_form("“Don’t", strlen("“Don’t"), buf, sizeof buf);
	assert_string_equal(buf, "dont");
	reuse_normal_form("STRASSE", 7, buf, sizeof buf);
	char buf2[64];
	reuse_normal_form("Straße", strlen("Straße"), buf2, sizeof buf2);
	assert_string_equal(buf, buf2);
	/* truncation reports the full length */
	size_t n = reuse_normal_form("abcdefghij", 10, buf, 4);
	assert_int_equal(n, 10);
	assert_string_equal(buf, "abc");
	/* the word hash follows the normal form */
	quire_arena *a = quire_arena_new(0);
	reuse_text t = words_of(a, "Café CAFE cafe, café!", NULL);
	assert_int_equal(t.n_words, 4);
	for (size_t i = 1; i < 4; i++)
		assert_true(t.words[i].hash == t.words[0].hash);
	reuse_text u = words_of(a, "cafes", NULL);
	assert_true(u.words[0].hash != t.words[0].hash);
	quire_arena_free(a);
}

/* Offsets in bytes and code points on accents, CJK and emoji. */
static void test_offsets_multibyte(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	/* é = 2 bytes, 漢 字 = 3 bytes each (each a word), 😀 = 4 bytes */
	const char *s = "été 漢字 😀smile naïve.";
	reuse_text t = words_of(a, s, NULL);
	assert_int_equal(t.n_words, 5);
	/* été */
	assert_int_equal(t.words[0].off, 0);
	assert_int_equal(t.words[0].len, 5);
	assert_int_equal(t.words[0].coff, 0);
	assert_int_equal(t.words[0].clen, 3);
	/* 漢 and 字 */
	assert_int_equal(t.words[1].off, 6);
	assert_int_equal(t.words[1].coff, 4);
	assert_int_equal(t.words[1].clen, 1);
	assert_int_equal(t.words[2].off, 9);
	assert_int_equal(t.words[2].coff, 5);
	/* 😀smile: one word (the emoji is a word character) */
	assert_int_equal(t.words[3].off, 13);
	assert_int_equal(t.words[3].len, 9);
	assert_int_equal(t.words[3].coff, 7);
	assert_int_equal(t.words[3].clen, 6);
	/* naïve. */
	assert_int_equal(t.words[4].off, 23);
	assert_int_equal(t.words[4].coff, 14);
	assert_int_equal(t.words[4].clen, 6);
	assert_int_equal(t.chars, 20);
	assert_span_equal(s + t.words[4].off, t.words[4].len, "naïve.");
	quire_arena_free(a);
}

/* A passage found in a multi-byte text has exact offsets in both. */
static void test_align_offsets_multibyte(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	const char *copy = "Les élèves ont écrit une longue lettre au maire du village pour "
			   "demander un pont neuf sur la rivière gelée";
	char text[1024], src[1024];
	snprintf(text, sizeof text, "Début 😀 漢字 ça va. %s. Fin.", copy);
	snprintf(src, sizeof src, "Préface: «autre» texte — %s; ensuite rien.", copy);
	reuse_text t = words_of(a, text, NULL), s = words_of(a, src, NULL);
	reuse_match m;
	quire_error err;
	assert_int_equal(reuse_align(&t, &s, NULL, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 1);
	const reuse_passage *p = &m.passages[0];
	/* the passage is the copied words: it ends with "gelée." / "gelée;"
	 * (the whole quire word, punctuation included) */
	const char *at = strstr(text, "Les élèves");
	assert_int_equal(p->off, (size_t)(at - text));
	assert_int_equal(p->len, strlen(copy) + 1);
	const char *sat = strstr(src, "Les élèves");
	assert_int_equal(p->src_off, (size_t)(sat - src));
	assert_int_equal(p->src_len, strlen(copy) + 1);
	/* code points: "Début 😀 漢字 ça va. " is 18 code points */
	assert_int_equal(p->coff, 18);
	size_t cps = 0;
	for (const char *c = copy; *c; c++)
		cps += ((unsigned char)*c & 0xC0) != 0x80;
	assert_int_equal(p->clen, cps + 1);
	/* "Préface: «autre» texte — " is 25 code points */
	assert_int_equal(p->src_coff, 25);
	quire_arena_free(a);
}

static void test_self_and_unrelated(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	reuse_text t = words_of(a, PROSE, NULL), o = words_of(a, OTHER, NULL);
	reuse_match m;
	quire_error err;
	assert_int_equal(reuse_align(&t, &t, NULL, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 1);
	assert_true(m.share == 1.0);
	assert_int_equal(m.covered, t.n_words);
	assert_int_equal(m.passages[0].off, 0);
	assert_int_equal(m.passages[0].len, strlen(PROSE));
	assert_int_equal(reuse_align(&t, &o, NULL, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 0);
	assert_true(m.share == 0.0);
	/* empty texts */
	reuse_text e = words_of(a, "", NULL);
	assert_int_equal(e.n_words, 0);
	assert_int_equal(reuse_align(&e, &t, NULL, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 0);
	assert_int_equal(reuse_align(&t, &e, NULL, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 0);
	quire_arena_free(a);
}

/* Inserted, deleted, replaced and swapped words do not split a passage. */
static void test_small_edits_joined(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	const char *edited =
		"Somebody said: the river town kept its clocks five minutes "
		"fast, so that nobody would ever miss the ferry, and everyone "
		"missed it anyway because they trusted clocks less than their own "
		"hunger for breakfast. The old ferryman, who owned no clock at all, "
		"left when the gulls arguing stopped over the nets, which was "
		"never the same time twice. Then the essay turns to other matters "
		"entirely, as essays do.";
	reuse_text t = words_of(a, edited, NULL), s = words_of(a, PROSE, NULL);
	reuse_match m;
	quire_error err;
	assert_int_equal(reuse_align(&t, &s, NULL, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 1);
	const reuse_passage *p = &m.passages[0];
	assert_int_equal(p->off, (size_t)(strstr(edited, "the river") - edited));
	assert_int_equal(p->src_off, 0);
	assert_int_equal(p->src_len, strlen(PROSE));
	const char *end = strstr(edited, "twice.") + 6;
	assert_int_equal(p->off + p->len, (size_t)(end - edited));
	assert_true(p->matched < p->n_words);
	assert_true(m.share > 0.7 && m.share < 0.9);
	/* with no gap tolerance at all, the edits split it */
	reuse_opts o = reuse_opts_default();
	o.gap = 1;
	o.join_gap = 1;
	assert_int_equal(reuse_align(&t, &s, &o, a, &m, &err), QUIRE_OK);
	assert_true(m.n_passages > 1);
	quire_arena_free(a);
}

/* Fewer than min_words words is not a passage. */
static void test_min_words(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	const char *x = "alpha beta gamma delta epsilon zeta eta theta iota";
	const char *y = "one two alpha beta gamma delta epsilon zeta eta three four";
	reuse_text t = words_of(a, y, NULL), s = words_of(a, x, NULL);
	reuse_match m;
	quire_error err;
	/* 7 shared words */
	assert_int_equal(reuse_align(&t, &s, NULL, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 0);
	reuse_opts o = reuse_opts_default();
	o.min_words = 7;
	assert_int_equal(reuse_align(&t, &s, &o, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 1);
	assert_int_equal(m.passages[0].n_words, 7);
	assert_int_equal(m.passages[0].src_word, 0);
	assert_int_equal(m.passages[0].word, 2);
	quire_arena_free(a);
}

/* Quotations and given ranges: left out when asked, counted otherwise. */
static void test_quotes_and_ranges(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	char text[2048];
	snprintf(text, sizeof text,
		 "As the chronicle has it, \xE2\x80\x9C%s\xE2\x80\x9D That is all it says.\n\n"
		 "References\n\nSomebody. %s",
		 PROSE, OTHER);
	reuse_text src1 = words_of(a, PROSE, NULL), src2 = words_of(a, OTHER, NULL);
	reuse_match m;
	quire_error err;

	/* included: the quotation matches */
	reuse_text t = words_of(a, text, NULL);
	assert_int_equal(t.n_counted, t.n_words);
	assert_int_equal(reuse_align(&t, &src1, NULL, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 1);

	/* quotations left out: no passage, and the share's base shrinks */
	reuse_opts o = reuse_opts_default();
	o.skip_quotes = 1;
	reuse_text q = words_of(a, text, &o);
	assert_int_equal(q.n_words, t.n_words);
	assert_int_equal(q.n_counted + src1.n_words, t.n_words);
	assert_int_equal(reuse_align(&q, &src1, &o, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 0);
	/* the bibliography still matches */
	assert_int_equal(reuse_align(&q, &src2, &o, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 1);

	/* the bibliography given as a range: left out too */
	const char *bib = strstr(text, "References");
	reuse_range r = {(size_t)(bib - text), strlen(bib)};
	o.skip = &r;
	o.n_skip = 1;
	reuse_text qb = words_of(a, text, &o);
	assert_int_equal(reuse_align(&qb, &src2, &o, a, &m, &err), QUIRE_OK);
	assert_int_equal(m.n_passages, 0);

	/* guillemets and ASCII quotes; an unclosed quote ends at the paragraph */
	reuse_text g = words_of(a, "a «b c» d \"e f\" g \"h i\n\nj k", &o);
	assert_int_equal(g.n_words, 11);
	const unsigned want[] = {0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0};
	for (size_t i = 0; i < 11; i++)
		assert_int_equal(g.words[i].flags & REUSE_SKIPPED, want[i]);
	quire_arena_free(a);
}

/* Pseudo-random word lists for the winnowing tests. */
static void make_words(char *buf, size_t size, unsigned seed, size_t n,
		       const char *insert, size_t at)
{
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		if (i == at && insert)
			used += (size_t)snprintf(buf + used, size - used, "%s ", insert);
		seed = seed * 1103515245u + 12345u;
		used += (size_t)snprintf(buf + used, size - used, "w%u ", (seed >> 8) % 100000);
	}
}

/* Any shared run of >= w + k - 1 words yields a shared fingerprint; and
 * the one-pass fingerprints equal the two-step ones. */
static void test_winnow_guarantee(void **state)
{
	(void)state;
	reuse_opts o = reuse_opts_default();
	for (unsigned w = 1; w <= 8; w++)
		for (unsigned k = 1; k <= 6; k++) {
			o.k = k;
			o.window = w;
			unsigned t = w + k - 1;
			for (unsigned trial = 0; trial < 6; trial++) {
				quire_arena *a = quire_arena_new(0);
				/* the shared run: t words */
				char run[4096];
				make_words(run, sizeof run, 777 + trial * 31 + w * 7 + k, t, NULL, 0);
				run[strlen(run) - 1] = '\0';
				char x[16384], y[16384];
				make_words(x, sizeof x, 1 + trial, 120, run, 17 + trial);
				make_words(y, sizeof y, 99 + trial, 90, run, 60 - trial);
				reuse_text tx = words_of(a, x, NULL), ty = words_of(a, y, NULL);
				reuse_fp *fx, *fy;
				size_t nx, ny;
				quire_error err;
				assert_int_equal(reuse_winnow(&tx, &o, a, &fx, &nx, &err), QUIRE_OK);
				assert_int_equal(reuse_winnow(&ty, &o, a, &fy, &ny, &err), QUIRE_OK);
				int shared = 0;
				for (size_t i = 0; i < nx && !shared; i++)
					for (size_t j = 0; j < ny; j++)
						if (fx[i].hash == fy[j].hash) {
							shared = 1;
							break;
						}
				if (!shared)
					print_error("no shared fingerprint: w=%u k=%u trial %u\n", w, k, trial);
				assert_true(shared);
				/* positions increase strictly; density about 2/(w+1) */
				for (size_t i = 1; i < nx; i++)
					assert_true(fx[i].pos > fx[i - 1].pos);
				/* one pass gives the same */
				reuse_fp *f1;
				size_t n1;
				assert_int_equal(reuse_fingerprint(x, strlen(x), &o, a, &f1, &n1, &err),
						 QUIRE_OK);
				assert_int_equal(n1, nx);
				for (size_t i = 0; i < nx; i++) {
					assert_true(f1[i].hash == fx[i].hash);
					assert_int_equal(f1[i].pos, fx[i].pos);
				}
				quire_arena_free(a);
			}
		}
}

/* Ties: the rightmost minimum, one fingerprint per selected position. */
static void test_winnow_ties(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	/* all words equal: every k-gram has the same hash */
	reuse_text t = words_of(a, "la la la la la la la la la la", NULL);
	reuse_opts o = reuse_opts_default();
	o.k = 2;
	o.window = 4;
	reuse_fp *f;
	size_t n;
	quire_error err;
	assert_int_equal(reuse_winnow(&t, &o, a, &f, &n, &err), QUIRE_OK);
	/* 9 k-grams, windows [0,3] .. [5,8]: rightmost each time = 3,4,..,8 */
	assert_int_equal(n, 6);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(f[i].pos, 3 + i);
	/* a run shorter than one window still gives one fingerprint */
	reuse_text s = words_of(a, "short text", NULL);
	assert_int_equal(reuse_winnow(&s, &o, a, &f, &n, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	/* skipped words cut runs: no k-gram across a quotation */
	o.skip_quotes = 1;
	reuse_text q = words_of(a, "one two \"three four\" five six", &o);
	assert_int_equal(reuse_kgrams(&q, &o, a, &f, &n, &err), QUIRE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(f[0].pos, 0);
	assert_int_equal(f[1].pos, 4);
	quire_arena_free(a);
}

/* The caller's index, for reuse_candidates(). */
typedef struct toy_index {
	reuse_fp *fp[3];
	size_t n[3];
	reuse_hit buf[16];
	int fail;
} toy_index;

static int toy_lookup(void *ctx, uint64_t h, const reuse_hit **hits, size_t *n)
{
	toy_index *ix = ctx;
	if (ix->fail)
		return 1;
	size_t k = 0;
	for (int s = 0; s < 3; s++)
		for (size_t i = 0; i < ix->n[s] && k < 16; i++)
			if (ix->fp[s][i].hash == h) {
				ix->buf[k].source = 10 + s;
				ix->buf[k].pos = ix->fp[s][i].pos;
				k++;
			}
	*hits = ix->buf;
	*n = k;
	return 0;
}

static void test_candidates(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	char half[4096];
	snprintf(half, sizeof half, "%.*s", 150, PROSE);
	const char *texts[3] = {PROSE, OTHER, half};
	toy_index ix;
	memset(&ix, 0, sizeof ix);
	quire_error err;
	for (int s = 0; s < 3; s++) {
		reuse_text t = words_of(a, texts[s], NULL);
		assert_int_equal(reuse_winnow(&t, NULL, a, &ix.fp[s], &ix.n[s], &err), QUIRE_OK);
	}
	reuse_text q = words_of(a, PROSE, NULL);
	reuse_fp *f;
	size_t n;
	assert_int_equal(reuse_kgrams(&q, NULL, a, &f, &n, &err), QUIRE_OK);
	reuse_candidate *c;
	size_t nc;
	assert_int_equal(reuse_candidates(f, n, toy_lookup, &ix, 1, 0, -1, a, &c, &nc, &err),
			 QUIRE_OK);
	assert_int_equal(nc, 2);
	assert_true(c[0].source == 10);
	assert_true(c[1].source == 12);
	assert_true(c[0].shared > c[1].shared);
	/* the paper itself left out; at most one */
	assert_int_equal(reuse_candidates(f, n, toy_lookup, &ix, 1, 1, 10, a, &c, &nc, &err),
			 QUIRE_OK);
	assert_int_equal(nc, 1);
	assert_true(c[0].source == 12);
	/* a failing index */
	ix.fail = 1;
	assert_int_equal(reuse_candidates(f, n, toy_lookup, &ix, 1, 0, -1, a, &c, &nc, &err),
			 QUIRE_ESTORE);
	quire_arena_free(a);
}

/* Two sources' passages unioned with reuse_mark(). */
static void test_mark(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	char text[2048];
	snprintf(text, sizeof text, "%s %s", PROSE, OTHER);
	reuse_text t = words_of(a, text, NULL);
	reuse_text s1 = words_of(a, PROSE, NULL), s2 = words_of(a, OTHER, NULL);
	reuse_match m1, m2;
	quire_error err;
	assert_int_equal(reuse_align(&t, &s1, NULL, a, &m1, &err), QUIRE_OK);
	assert_int_equal(reuse_align(&t, &s2, NULL, a, &m2, &err), QUIRE_OK);
	unsigned char *mark = calloc(t.n_words, 1);
	size_t c = reuse_mark(&t, m1.passages, m1.n_passages, mark);
	c += reuse_mark(&t, m2.passages, m2.n_passages, mark);
	assert_int_equal(c, t.n_words);
	/* marking again adds nothing */
	assert_int_equal(reuse_mark(&t, m1.passages, m1.n_passages, mark), 0);
	free(mark);
	quire_arena_free(a);
}

/* A repeated phrase: bounded work, passages do not overlap in the text. */
static void test_repeats_bounded(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	size_t n = 20000;
	char *big = malloc(n * 4 + 1);
	for (size_t i = 0; i < n; i++)
		memcpy(big + i * 4, "la  ", 4);
	big[n * 4] = '\0';
	reuse_text t = words_of(a, big, NULL);
	reuse_match m;
	quire_error err;
	assert_int_equal(reuse_align(&t, &t, NULL, a, &m, &err), QUIRE_OK);
	for (size_t i = 1; i < m.n_passages; i++)
		assert_true(m.passages[i].word >= m.passages[i - 1].word + m.passages[i - 1].n_words);
	free(big);
	quire_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal_form),
		cmocka_unit_test(test_offsets_multibyte),
		cmocka_unit_test(test_align_offsets_multibyte),
		cmocka_unit_test(test_self_and_unrelated),
		cmocka_unit_test(test_small_edits_joined),
		cmocka_unit_test(test_min_words),
		cmocka_unit_test(test_quotes_and_ranges),
		cmocka_unit_test(test_winnow_guarantee),
		cmocka_unit_test(test_winnow_ties),
		cmocka_unit_test(test_candidates),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_repeats_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
