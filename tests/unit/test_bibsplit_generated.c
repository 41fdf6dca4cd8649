/*
 * test_bibsplit_generated.c — bibliography finding and entry splitting on
 * papers whose bibliographies real software rendered.
 *
 * tests/fixtures/refs/generated/ (directory: $QUIRE_REFS_GENERATED) holds
 * papers made by tools/make_refs_papers.sh: invented references
 * (tests/fixtures/refs/known.json) rendered by pandoc's citeproc in a dozen
 * CSL styles and laid out as extracted text is (hard-wrapped, hanging or
 * flat, blank lines inside entries, URLs broken across lines, numbered,
 * sub-sections, no heading, page breaks), every line labelled.  Each paper
 * goes through quire_analyze(); lines are mapped to the blocks they end up
 * in (tools/splitscore.h) and scored.  The floors are below what the
 * splitter reaches today (tools/eval_split gen prints the figures), so a
 * change that makes splitting worse fails here.
 */
#include "testutil.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../tools/splitscore.h"

/* Floors: micro-averaged over all papers, and per paper. */
#define FLOOR_FIND_ALL 0.98
#define FLOOR_SPLIT_ALL 0.96
#define FLOOR_FIND_ONE 0.0
#define FLOOR_SPLIT_ONE 0.0

static const char *gen_dir(void)
{
	const char *d = getenv("QUIRE_REFS_GENERATED");
	return d ? d : "tests/fixtures/refs/generated";
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long sz = ftell(f);
	assert_true(sz >= 0);
	rewind(f);
	char *b = malloc((size_t)sz + 1);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)sz, f), (size_t)sz);
	fclose(f);
	b[sz] = 0;
	*n = (size_t)sz;
	return b;
}

/* Scores one labelled paper into *find and *split. */
static void score_paper(const char *path, ss_prf *find, ss_prf *split)
{
	size_t n;
	char *b = slurp(path, &n);
	size_t max = 2;
	for (size_t i = 0; i < n; i++)
		max += b[i] == '\n';
	const char **s = calloc(max, sizeof *s);
	size_t *len = calloc(max, sizeof *len);
	unsigned char *gold = calloc(max, 1), *blank = calloc(max, 1);
	long *blk = calloc(max, sizeof *blk);
	assert_true(s && len && gold && blank && blk);

	quire_arena *a = quire_arena_new(0);
	assert_non_null(a);
	quire_source *src = quire_source_new(a);
	assert_non_null(src);
	size_t count = 0;
	char *p = b;
	while (p < b + n) {
		char *e = memchr(p, '\n', (size_t)(b + n - p));
		if (!e)
			e = b + n;
		*e = 0;
		assert_true(e - p >= 2 && p[1] == '|');
		if (p[0] == 'P') {
			s[count++] = NULL;
			assert_int_equal(quire_source_add_page_break(src), QUIRE_OK);
		} else {
			s[count] = p + 2;
			len[count] = (size_t)(e - p - 2);
			gold[count] = p[0] == 'B' ? 2 : p[0] == 'I' ? 1 : 0;
			blank[count] = len[count] == 0;
			assert_int_equal(quire_source_add_line(src, s[count], len[count]),
					 QUIRE_OK);
			count++;
		}
		p = e + 1;
	}
	quire_paper *paper;
	quire_error err;
	assert_int_equal(quire_analyze(src, NULL, a, &paper, &err), QUIRE_OK);
	ss_map_lines(paper, s, len, count, a, blk);
	ss_score(paper, blk, gold, blank, count, find, split);
	quire_arena_free(a);
	free(s);
	free(len);
	free(gold);
	free(blank);
	free(blk);
	free(b);
}

static void test_generated_papers(void **state)
{
	(void)state;
	DIR *d = opendir(gen_dir());
	assert_non_null(d);
	struct dirent *de;
	ss_prf find_all = {0}, split_all = {0};
	size_t papers = 0;
	while ((de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name);
		if (nl < 5 || strcmp(de->d_name + nl - 4, ".txt"))
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", gen_dir(), de->d_name);
		ss_prf f, s;
		score_paper(path, &f, &s);
		if (ss_f(&f) < FLOOR_FIND_ONE || ss_f(&s) < FLOOR_SPLIT_ONE)
			print_message("%s: find F1 %.3f, split F1 %.3f\n",
				      de->d_name, ss_f(&f), ss_f(&s));
		assert_true(ss_f(&f) >= FLOOR_FIND_ONE);
		assert_true(ss_f(&s) >= FLOOR_SPLIT_ONE);
		ss_add(&find_all, &f);
		ss_add(&split_all, &s);
		papers++;
	}
	closedir(d);
	print_message("%zu generated papers: find F1 %.4f, split F1 %.4f\n",
		      papers, ss_f(&find_all), ss_f(&split_all));
	assert_true(papers >= 50);
	assert_true(ss_f(&find_all) >= FLOOR_FIND_ALL);
	assert_true(ss_f(&split_all) >= FLOOR_SPLIT_ALL);
}

/* The scorer itself: a paper whose every entry is found and split right
 * scores 1, and merging two entries costs exactly one boundary. */
static void test_scorer(void **state)
{
	(void)state;
	quire_paper p;
	memset(&p, 0, sizeof p);
	static const char text[] = "Body text here.\n\nAdams, A. One. 2001.\n\nBrown, B. Two. 2002.";
	quire_block bl[3] = {
		{QUIRE_BLOCK_PARAGRAPH, 0, 0, 15, 0},
		{QUIRE_BLOCK_REFERENCE, 0, 17, 19, 0},
		{QUIRE_BLOCK_REFERENCE, 0, 38, 20, 0},
	};
	p.text = text;
	p.text_len = sizeof text - 1;
	p.blocks = bl;
	p.n_blocks = 3;
	const char *lines[] = {"Body text here.", "Adams, A. One.", "2001.",
			       "Brown, B. Two.", "2002."};
	size_t len[5];
	for (int i = 0; i < 5; i++)
		len[i] = strlen(lines[i]);
	unsigned char gold[5] = {0, 2, 1, 2, 1}, blank[5] = {0};
	long blk[5];
	quire_arena *a = quire_arena_new(0);
	assert_non_null(a);
	ss_map_lines(&p, lines, len, 5, a, blk);
	assert_int_equal(blk[0], 0);
	assert_int_equal(blk[1], 1);
	assert_int_equal(blk[2], 1);
	assert_int_equal(blk[3], 2);
	assert_int_equal(blk[4], 2);
	ss_prf f, s;
	ss_score(&p, blk, gold, blank, 5, &f, &s);
	assert_true(ss_f(&f) == 1.0 && ss_f(&s) == 1.0);
	/* the same lines, the two entries merged into one block */
	bl[1].len = 40;
	p.n_blocks = 2;
	ss_map_lines(&p, lines, len, 5, a, blk);
	ss_score(&p, blk, gold, blank, 5, &f, &s);
	assert_int_equal(s.tp, 1);
	assert_int_equal(s.fn, 1);
	assert_int_equal(s.fp, 0);
	assert_true(ss_f(&f) == 1.0);
	quire_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scorer),
		cmocka_unit_test(test_generated_papers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
