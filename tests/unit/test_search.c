/*
 * test_search.c — the search engine (search.h over ix): ranking,
 * phrases, folding, the access rule both ways, snippets, filters, sorts,
 * pagination, the index following adds/edits/removes at once, related
 * papers, hostile query syntax, the index's own integrity check, and the
 * migration that indexes the papers of an older library.
 *
 * Each test makes a library in its own mkdtemp() directory from a few
 * hand-written papers added through st_add().
 */
#include "testutil.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "search.h"
#include "store_sqlite.h"
#include "store.h"

typedef struct fix {
	char dir[64];
	char lib[128];
	store_t *st;
	quire_arena *a;
	char id[8][16]; /* the papers of fill() */
} fix;

static int rm_entry(const char *path, const struct stat *sb, int flag,
		    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	fix *f = calloc(1, sizeof *f);
	quire_error err = {0};
	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/quire-search-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->lib, sizeof f->lib, "%s/library.quire", f->dir);
	if (st_open(f->lib, ST_CREATE, &f->st, &err) != QUIRE_OK) {
		fprintf(stderr, "st_open: %s\n", err.msg);
		return -1;
	}
	f->a = quire_arena_new(0);
	*state = f;
	return f->a ? 0 : -1;
}

static int teardown(void **state)
{
	fix *f = *state;
	st_close(f->st);
	quire_arena_free(f->a);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* A hand-made paper. */
typedef struct paper {
	const char *title, *authors, *text, *preview, *refs, *format, *owner;
	int year;
	size_t words;
	st_visibility vis;
	const char *tag;
	int64_t added;
} paper;

/* Adds p with the analysis JSON given ("{}" for add). */
static void add_analysed(fix *f, const paper *p, const char *analysis, char id[16])
{
	st_new n;
	char sha[65];
	quire_error err = {0};
	const char *tags[1] = {p->tag};

	memset(&n, 0, sizeof n);
	/* Distinct bytes per paper: title and text. */
	char file[4096];
	snprintf(file, sizeof file, "%s\n%s", p->title, p->text);
	st_sha256_hex((const unsigned char *)file, strlen(file), sha);
	n.filename = "paper.txt";
	n.file = (const unsigned char *)file;
	n.file_len = strlen(file);
	n.sha256 = sha;
	n.format = p->format ? p->format : "text";
	n.analysis = analysis;
	n.analysis_len = strlen(analysis);
	n.text = p->text;
	n.text_len = strlen(p->text);
	n.title = p->title;
	n.authors = p->authors ? p->authors : "";
	n.year = p->year;
	n.words = p->words;
	n.pages = (unsigned)(p->words / 300 + 1);
	n.visibility = p->vis;
	n.owner = p->owner;
	n.tags = p->tag ? tags : NULL;
	n.n_tags = p->tag ? 1 : 0;
	n.added = p->added;
	n.preview = p->preview;
	n.refs = p->refs;
	quire_status s = st_add(f->st, &n, id, &err);
	if (s != QUIRE_OK)
		fprintf(stderr, "st_add: %s\n", err.msg);
	assert_int_equal(s, QUIRE_OK);
}

static void add(fix *f, const paper *p, char id[16])
{
	add_analysed(f, p, "{}", id);
}

/* The library most tests use. */
static const paper papers[] = {
	/* 0: the word "glacier" in the title only */
	{"Glacier Moraines of the Northern Valleys", "Ines Varga",
	 "Ridges of loose rock mark where the ice once stopped. Each ridge "
	 "records a pause in the retreat.",
	 "Ridges of loose rock mark where the ice once stopped.", NULL,
	 "markdown", NULL, 1998, 800, ST_PUBLIC, "geology", 1000},
	/* 1: "glacier" in the body, several times, not in the title */
	{"Notes on Mountain Weather", "Tomas Lind",
	 "Wind from the glacier cools the valley at night. The glacier wind "
	 "is strongest in late summer, when the glacier surface melts.",
	 "Wind from the valley cools the slopes at night.", NULL,
	 "text", NULL, 2005, 3000, ST_PUBLIC, "weather", 2000},
	/* 2: a phrase, and a word only in the gated body of a members' paper */
	{"Braided Channels", "Ines Varga",
	 "A braided channel shifts every flood season. Deep in the archive "
	 "lies the word zephyrine, which nobody else uses.",
	 "A braided channel shifts every flood season.",
	 "Leopold, L. River channel patterns. 1957.\nSchumm, S. The fluvial system. 1977.",
	 "text", NULL, 2010, 6000, ST_MEMBERS, "geology", 3000},
	/* 3: the same words apart, not a phrase; diacritics in the title */
	{"Sov\xC3\xA9tskiy Archives of the River Fleet", "Olga Petrova",
	 "The channel was wide and the boats were braided together with rope.",
	 "The channel was wide.", NULL,
	 "text", NULL, 1975, 12000, ST_PUBLIC, NULL, 4000},
	/* 4: private, owned by ada, a word only in the body */
	{"Private Field Diary", "Ada Byron",
	 "Today I found quillwort growing in the shallow lake.",
	 "Today I went to the lake.", NULL,
	 "text", "ada", 2020, 200, ST_PRIVATE, NULL, 5000},
};
#define N_PAPERS (sizeof papers / sizeof papers[0])

static void fill(fix *f)
{
	for (size_t i = 0; i < N_PAPERS; i++)
		add(f, &papers[i], f->id[i]);
}

static srch_query query(const char *text)
{
	srch_query q;
	memset(&q, 0, sizeof q);
	q.text = text;
	return q;
}

static srch_result run(fix *f, const srch_query *q)
{
	srch_result r;
	quire_error err = {0};
	quire_status s = srch_search(f->st, q, f->a, &r, &err);
	if (s != QUIRE_OK)
		fprintf(stderr, "srch_search: %s\n", err.msg);
	assert_int_equal(s, QUIRE_OK);
	return r;
}

/* Index of paper id in r, or -1. */
static int find(const srch_result *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->hits[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* q finds exactly one paper, id; its result. */
static srch_result one_hit(fix *f, const srch_query *q, const char *id)
{
	srch_result r = run(f, q);
	assert_int_equal(r.total, 1);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.hits[0].id, id);
	return r;
}

static void assert_fts_ok(fix *f)
{
	quire_error err = {0};
	assert_int_equal(st_check(f->st, &err), QUIRE_OK);
}

/* ------------------------------------------------------------------ */

static void test_title_beats_body(void **state)
{
	fix *f = *state;
	fill(f);
	srch_query q = query("glacier");
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 2);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.hits[0].id, f->id[0]);
	assert_string_equal(r.hits[1].id, f->id[1]);
	assert_true(r.hits[0].score > r.hits[1].score);
	assert_string_equal(r.hits[0].title, papers[0].title);
	assert_string_equal(r.hits[0].authors, "Ines Varga");
	assert_int_equal(r.hits[0].year, 1998);
	assert_string_equal(r.hits[0].format, "markdown");
	assert_int_equal(r.hits[0].words, 800);
	assert_true(r.hits[0].can_open);
}

static void test_words_all_must_match(void **state)
{
	fix *f = *state;
	fill(f);
	srch_query q = query("glacier wind");
	srch_result r = one_hit(f, &q, f->id[1]);
	assert_false(r.relaxed);
	/* No paper has both: those with most of them, and the result says
	 * so. */
	q = query("glacier nonexistentword");
	r = run(f, &q);
	assert_true(r.relaxed);
	assert_int_equal(r.total, 2);
	assert_true(find(&r, f->id[0]) >= 0 && find(&r, f->id[1]) >= 0);
	/* More of the words first: "glacier wind moraines" — paper 1 has
	 * two of them, paper 0 one. */
	q = query("glacier wind nonexistentword");
	r = run(f, &q);
	assert_true(r.relaxed);
	assert_string_equal(r.hits[0].id, f->id[1]);
	/* Any mode: ORed from the start, not "relaxed". */
	q = query("glacier nonexistentword");
	q.any = 1;
	r = run(f, &q);
	assert_false(r.relaxed);
	assert_int_equal(r.total, 2);
}

/* Any mode's feedback: a paper that holds none of the question's words
 * but the words of its best answers is found after them; without the
 * feedback (tuning fb_docs 0) it is not found at all, and the others keep
 * their order. */
static void test_any_feedback(void **state)
{
	fix *f = *state;
	static const paper lib[] = {
		{"Ships of the Northern Fleet", "A. Writer",
		 "The ships were built with a deep hull, a tall mast and heavy rigging.",
		 "The ships were built with a deep hull, a tall mast and heavy rigging.", NULL,
		 "text", NULL, 1990, 500, ST_PUBLIC, NULL, 1000},
		{"Merchant Ships", "B. Writer",
		 "Merchant ships carried grain; each hull was tarred and each mast stepped with rigging.",
		 "Merchant ships carried grain; each hull was tarred and each mast stepped with rigging.",
		 NULL, "text", NULL, 1991, 500, ST_PUBLIC, NULL, 2000},
		{"Repairing Hull and Mast", "C. Writer",
		 "A cracked hull, a split mast and frayed rigging are mended in the yard.",
		 "A cracked hull, a split mast and frayed rigging are mended in the yard.", NULL,
		 "text", NULL, 1992, 500, ST_PUBLIC, NULL, 3000},
		{"Orchards in Spring", "D. Writer", "Apple blossom opens before the pear.",
		 "Apple blossom opens before the pear.", NULL, "text", NULL, 1993, 500, ST_PUBLIC,
		 NULL, 4000},
		{"Keeping Bees", "E. Writer", "The hive needs shade in summer and shelter in winter.",
		 "The hive needs shade in summer and shelter in winter.", NULL, "text", NULL, 1994,
		 500, ST_PUBLIC, NULL, 5000},
		{"Stone Walls", "F. Writer", "Dry stone walls stand for centuries without mortar.",
		 "Dry stone walls stand for centuries without mortar.", NULL, "text", NULL, 1995, 500,
		 ST_PUBLIC, NULL, 6000},
	};
	char id[6][16];
	for (size_t i = 0; i < 6; i++)
		add(f, &lib[i], id[i]);
	srch_tuning off = {-1, -1, -1, -1, -1, -1, -1, -1, -1, 0, -1, -1};
	srch_query q = query("ships");
	q.any = 1;
	q.tuning = &off;
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 2);
	assert_int_equal(find(&r, id[2]), -1);
	q.tuning = NULL;
	r = run(f, &q);
	assert_int_equal(r.total, 3);
	assert_true(find(&r, id[0]) >= 0 && find(&r, id[0]) < 2);
	assert_true(find(&r, id[1]) >= 0 && find(&r, id[1]) < 2);
	assert_int_equal(find(&r, id[2]), 2);
	/* the snippet marks only the question's own words */
	assert_null(strchr(r.hits[2].snippet, SRCH_MARK_OPEN));
	/* the default mode never adds words, nor its relaxed retry */
	q.any = 0;
	r = run(f, &q);
	assert_int_equal(r.total, 2);
	q.text = "ships zzyzxqvw";
	r = run(f, &q);
	assert_true(r.relaxed);
	assert_int_equal(r.total, 2);
	assert_int_equal(find(&r, id[2]), -1);
}

static void test_phrase(void **state)
{
	fix *f = *state;
	fill(f);
	srch_query q = query("braided channel");
	q.access.signed_in = 1;
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 2); /* both papers hold both words */
	q.text = "\"braided channel\"";
	r = run(f, &q);
	assert_int_equal(r.total, 1); /* only one holds them side by side */
	assert_string_equal(r.hits[0].id, f->id[2]);
}

static void test_diacritics_and_stems(void **state)
{
	fix *f = *state;
	fill(f);
	srch_query q = query("Sovetskiy");
	srch_result r = one_hit(f, &q, f->id[3]);
	q.text = "SOV\xC3\x89TSKIY";
	r = run(f, &q);
	assert_int_equal(r.total, 1);
	/* Porter: "ridge" finds "ridges", "fleets" finds "fleet". */
	q.text = "ridge";
	r = one_hit(f, &q, f->id[0]);
	q.text = "fleets";
	r = run(f, &q);
	assert_int_equal(r.total, 1);
}

static void test_access_members(void **state)
{
	fix *f = *state;
	fill(f);
	/* "zephyrine" is only in the gated body of a members' paper. */
	srch_query q = query("zephyrine");
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 0);
	assert_int_equal(r.n, 0);

	q.access.signed_in = 1;
	r = one_hit(f, &q, f->id[2]);
	assert_true(r.hits[0].can_open);
	assert_non_null(strstr(r.hits[0].snippet, "\x01zephyrine\x02"));

	q.access.signed_in = 0;
	q.access.admin = 1;
	r = run(f, &q);
	assert_int_equal(r.total, 1);

	/* A word of its public preview finds it for anyone, with a snippet
	 * from the preview only. */
	memset(&q.access, 0, sizeof q.access);
	q.text = "flood";
	r = one_hit(f, &q, f->id[2]);
	assert_false(r.hits[0].can_open);
	assert_non_null(strstr(r.hits[0].snippet, "\x01" "flood\x02"));
	assert_null(strstr(r.hits[0].snippet, "archive"));
	assert_null(strstr(r.hits[0].snippet, "zephyrine"));

	/* A phrase across the public preview and the gated body finds
	 * nothing for an anonymous viewer: "season deep" spans them. */
	q.text = "flood archive";
	r = run(f, &q);
	/* Relaxed to "flood": found by its preview, never by the gated
	 * word. */
	assert_true(r.relaxed);
	int k = find(&r, f->id[2]);
	assert_true(k >= 0);
	assert_false(r.hits[k].can_open);
	assert_null(strstr(r.hits[k].snippet, "\x01" "archive"));
	q.text = "\"flood archive\"";
	r = run(f, &q);
	assert_int_equal(r.total, 0);
	/* References are public. */
	q.text = "fluvial";
	r = run(f, &q);
	assert_int_equal(r.total, 1);
}

static void test_access_private(void **state)
{
	fix *f = *state;
	fill(f);
	srch_query q = query("quillwort");
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 0);
	q.access.signed_in = 1;
	q.access.user = "bob";
	r = run(f, &q);
	assert_int_equal(r.total, 0);
	q.access.user = "ADA"; /* user names ignore case */
	r = run(f, &q);
	assert_int_equal(r.total, 1);
	assert_true(r.hits[0].can_open);
	q.access.user = NULL;
	q.access.signed_in = 0;
	q.access.admin = 1;
	r = run(f, &q);
	assert_int_equal(r.total, 1);
	/* Its title is public: found by anyone, not openable. */
	memset(&q.access, 0, sizeof q.access);
	q.text = "diary";
	r = run(f, &q);
	assert_int_equal(r.total, 1);
	assert_false(r.hits[0].can_open);
	assert_null(strstr(r.hits[0].snippet, "quillwort"));
}

static void test_snippet_marks(void **state)
{
	fix *f = *state;
	fill(f);
	srch_query q = query("glacier");
	srch_result r = run(f, &q);
	assert_int_equal(r.n, 2);
	int i0 = find(&r, f->id[0]), i1 = find(&r, f->id[1]);
	assert_true(i0 >= 0 && i1 >= 0);
	/* The body of paper 1 holds the word: marked there. */
	assert_non_null(strstr(r.hits[i1].snippet, "\x01glacier\x02"));
	/* Paper 0 has it only in the title: its snippet is from the body,
	 * unmarked. */
	assert_non_null(strstr(r.hits[i0].snippet, "Ridges"));
	assert_null(strchr(r.hits[i0].snippet, '\x01'));
}

static void test_filters(void **state)
{
	fix *f = *state;
	fill(f);
	srch_query q = query("");
	q.access.admin = 1;
	srch_result r = run(f, &q);
	assert_int_equal(r.total, N_PAPERS); /* empty query: browse */

	q.year_min = 2000;
	r = run(f, &q);
	assert_int_equal(r.total, 3);
	q.year_max = 2008;
	r = one_hit(f, &q, f->id[1]);

	q = query("");
	q.min_words = 1000;
	q.max_words = 10000;
	r = run(f, &q);
	assert_int_equal(r.total, 2);

	q = query("the");
	q.access.admin = 1;
	q.format = "markdown";
	r = one_hit(f, &q, f->id[0]);

	q = query("");
	q.tag = "geology";
	r = run(f, &q);
	assert_int_equal(r.total, 2);
	assert_true(find(&r, f->id[0]) >= 0 && find(&r, f->id[2]) >= 0);
	q.text = "channel";
	r = one_hit(f, &q, f->id[2]);
	q.tag = "nosuchtag";
	r = run(f, &q);
	assert_int_equal(r.total, 0);
}

static void test_sorts(void **state)
{
	fix *f = *state;
	fill(f);
	srch_query q = query("");
	q.access.admin = 1;
	q.sort = SRCH_SORT_TITLE;
	srch_result r = run(f, &q);
	assert_int_equal(r.n, N_PAPERS);
	assert_string_equal(r.hits[0].id, f->id[2]); /* Braided */
	assert_string_equal(r.hits[4].id, f->id[3]); /* Sovétskiy */
	q.descending = 1;
	r = run(f, &q);
	assert_string_equal(r.hits[0].id, f->id[3]);

	q.sort = SRCH_SORT_WORDS;
	q.descending = 0;
	r = run(f, &q);
	assert_string_equal(r.hits[0].id, f->id[4]);
	assert_string_equal(r.hits[4].id, f->id[3]);

	q.sort = SRCH_SORT_ADDED;
	r = run(f, &q);
	for (size_t i = 0; i < N_PAPERS; i++)
		assert_string_equal(r.hits[i].id, f->id[i]);
	q.descending = 1;
	r = run(f, &q);
	assert_string_equal(r.hits[0].id, f->id[4]);

	/* No query, relevance: newest first. */
	q.sort = SRCH_SORT_RELEVANCE;
	q.descending = 0;
	r = run(f, &q);
	assert_string_equal(r.hits[0].id, f->id[4]);
	/* Browsing shows the opening of the preview. */
	assert_string_equal(r.hits[0].snippet, "Today I went to the lake.");

	/* With a query, a sort other than relevance. */
	q = query("channel");
	q.access.admin = 1;
	q.sort = SRCH_SORT_WORDS;
	q.descending = 1;
	r = run(f, &q);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.hits[0].id, f->id[3]);
	assert_string_equal(r.hits[1].id, f->id[2]);
}

static void test_pagination(void **state)
{
	fix *f = *state;
	fill(f);
	srch_query q = query("");
	q.access.admin = 1;
	q.sort = SRCH_SORT_ADDED;
	q.limit = 2;
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 5);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.hits[1].id, f->id[1]);
	q.offset = 4;
	r = run(f, &q);
	assert_int_equal(r.total, 5);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.hits[0].id, f->id[4]);
	q.offset = 50;
	r = run(f, &q);
	assert_int_equal(r.total, 5);
	assert_int_equal(r.n, 0);
	/* The limit is capped at 100, 0 means 20. */
	q.offset = 0;
	q.limit = 100000;
	r = run(f, &q);
	assert_int_equal(r.n, 5);
	q.limit = 0;
	r = run(f, &q);
	assert_int_equal(r.n, 5);

	q = query("channel");
	q.access.admin = 1;
	q.limit = 1;
	r = run(f, &q);
	assert_int_equal(r.total, 2);
	assert_int_equal(r.n, 1);
	char first[16];
	strcpy(first, r.hits[0].id);
	q.offset = 1;
	r = run(f, &q);
	assert_int_equal(r.n, 1);
	assert_string_not_equal(r.hits[0].id, first);
}

static void test_index_follows_changes(void **state)
{
	fix *f = *state;
	quire_error err = {0};
	fill(f);
	srch_query q = query("pumice");
	q.access.admin = 1;
	assert_int_equal(run(f, &q).total, 0);

	paper p = {"Pumice Rafts", "", "Floating stone drifts for years.",
		   "Floating stone.", NULL, "text", NULL, 2022, 50, ST_PUBLIC,
		   NULL, 6000};
	char id[16];
	add(f, &p, id);
	srch_result r = one_hit(f, &q, id);
	assert_fts_ok(f);

	/* An edited title is searched, the old one no more. */
	st_edit_req e;
	memset(&e, 0, sizeof e);
	e.title = "Drifting Volcanic Stone";
	e.visibility = -1;
	assert_int_equal(st_edit(f->st, id, &e, &err), QUIRE_OK);
	assert_int_equal(run(f, &q).total, 0);
	q.text = "volcanic";
	r = run(f, &q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].title, "Drifting Volcanic Stone");
	assert_fts_ok(f);
	/* Removing the edit brings the analysed title back. */
	e.title = st_unedit;
	assert_int_equal(st_edit(f->st, id, &e, &err), QUIRE_OK);
	q.text = "pumice";
	assert_int_equal(run(f, &q).total, 1);
	/* A visibility change needs no re-index but takes effect at once. */
	memset(&e, 0, sizeof e);
	e.visibility = ST_PRIVATE;
	assert_int_equal(st_edit(f->st, id, &e, &err), QUIRE_OK);
	q.text = "drifts";
	assert_int_equal(run(f, &q).total, 1);
	q.access.admin = 0;
	assert_int_equal(run(f, &q).total, 0);
	q.access.admin = 1;
	assert_fts_ok(f);

	/* Re-analysis replaces the body. */
	st_new n;
	memset(&n, 0, sizeof n);
	n.format = "text";
	n.text = "Sinking stone settles on the sea floor.";
	n.text_len = strlen(n.text);
	n.title = "Pumice Rafts";
	n.preview = "Sinking stone.";
	assert_int_equal(st_update_analysis(f->st, id, &n, &err), QUIRE_OK);
	q.text = "drifts";
	assert_int_equal(run(f, &q).total, 0);
	q.text = "settles";
	assert_int_equal(run(f, &q).total, 1);
	assert_fts_ok(f);

	assert_int_equal(st_remove(f->st, id, &err), QUIRE_OK);
	q.text = "pumice";
	assert_int_equal(run(f, &q).total, 0);
	q.text = "settles";
	assert_int_equal(run(f, &q).total, 0);
	assert_fts_ok(f);

	/* And after removing everything. */
	for (size_t i = 0; i < N_PAPERS; i++)
		assert_int_equal(st_remove(f->st, f->id[i], &err), QUIRE_OK);
	q.text = "";
	assert_int_equal(run(f, &q).total, 0);
	assert_fts_ok(f);
}

/* Papers added after a search join the engine's attribute table (only
 * their rows are read, search.c): the filters, the access rule and the
 * title order see them at once; after a removal the table is read whole
 * again. */
/* The library, and the searches that make what the engine keeps of it:
 * the attribute table and title ranks (q: an admin's listing by title), a
 * tag set, the accept arrays of an admin and of anyone (qa: "glacier",
 * a search without a filter), which later changes must follow. */
static void warm(fix *f, srch_query *q, srch_query *qa)
{
	fill(f);
	*q = query("");
	q->access.admin = 1;
	q->sort = SRCH_SORT_TITLE;
	assert_int_equal(run(f, q).total, N_PAPERS);
	q->tag = "geology";
	assert_int_equal(run(f, q).total, 2);
	q->tag = NULL;
	*qa = query("glacier");
	qa->access.admin = 1;
	assert_int_equal(run(f, qa).total, 2);
	qa->access.admin = 0;
	assert_int_equal(run(f, qa).total, 2);
}

static void test_added_papers_join_the_table(void **state)
{
	fix *f = *state;
	quire_error err = {0};
	srch_query q, qa;
	warm(f, &q, &qa);

	paper pa = {"Aardvark Tracks in Dry Riverbeds", "Kofi Mensah",
		    "Tracks of the aardvark cross the sand at dawn.", "Tracks.", NULL,
		    "markdown", NULL, 1990, 400, ST_MEMBERS, "geology", 7000};
	paper pz = {"Zebra Crossings of the Delta", "Bob Okafor",
		    "The herd crosses the zebrafloss shallows each spring.", "The herd.",
		    NULL, "text", "bob", 2021, 500, ST_PRIVATE, NULL, 8000};
	char ia[16], iz[16];
	add(f, &pa, ia);
	add(f, &pz, iz);
	srch_result r;

	/* the grown accept arrays: anyone finds the members' paper by its
	 * title, an admin by its body */
	qa.text = "aardvark";
	r = one_hit(f, &qa, ia);
	qa.text = "dawn";
	assert_int_equal(run(f, &qa).total, 0);
	qa.access.admin = 1;
	assert_int_equal(run(f, &qa).total, 1);

	/* the title order has them first and last */
	r = run(f, &q);
	assert_int_equal(r.total, N_PAPERS + 2);
	assert_string_equal(r.hits[0].id, ia);
	assert_string_equal(r.hits[N_PAPERS + 1].id, iz);
	/* filters */
	q.sort = SRCH_SORT_RELEVANCE;
	q.text = "tracks";
	q.year_min = 1990;
	q.year_max = 1990;
	r = one_hit(f, &q, ia);
	q.year_min = q.year_max = 0;
	q.text = "";
	q.tag = "geology";
	r = run(f, &q);
	assert_int_equal(r.total, 3);
	assert_true(find(&r, ia) >= 0);
	q.tag = NULL;
	q.format = "markdown";
	r = run(f, &q);
	assert_true(find(&r, ia) >= 0);
	q.format = NULL;
	/* access: the members' paper for a member, its public fields only
	 * for anyone; the private one for its owner alone */
	q.access.admin = 0;
	q.text = "aardvark";
	r = run(f, &q);
	assert_int_equal(r.total, 1); /* in its title */
	q.text = "dawn";              /* only in its body */
	assert_int_equal(run(f, &q).total, 0);
	q.access.signed_in = 1;
	assert_int_equal(run(f, &q).total, 1);
	q.text = "zebrafloss";
	assert_int_equal(run(f, &q).total, 0);
	q.access.user = "bob";
	assert_int_equal(run(f, &q).total, 1);

	/* a removal: the table is read whole again */
	assert_int_equal(st_remove(f->st, ia, &err), QUIRE_OK);
	q = query("");
	q.access.admin = 1;
	q.sort = SRCH_SORT_TITLE;
	r = run(f, &q);
	assert_int_equal(r.total, N_PAPERS + 1);
	assert_int_equal(find(&r, ia), -1);
	assert_string_equal(r.hits[0].id, f->id[2]); /* Braided again */
	assert_fts_ok(f);
}

/* Papers edited or removed after a search are read again from the
 * index's change log (sattr_update, srch_acc_redo): the access rule, the
 * filters, the tag sets and the title order see the change at once, a
 * rowid SQLite gives again after the last paper's removal is found, and
 * more changes than the log holds read the table whole. */
static void test_changed_papers_update_the_table(void **state)
{
	fix *f = *state;
	quire_error err = {0};
	srch_query q, qa;
	warm(f, &q, &qa);

	/* paper 1 ("glacier" in its body) made private to bob: anyone's
	 * accept array gives its public fields only */
	st_edit_req e;
	memset(&e, 0, sizeof e);
	e.visibility = ST_PRIVATE;
	e.owner = "bob";
	assert_int_equal(st_edit(f->st, f->id[1], &e, &err), QUIRE_OK);
	srch_result r = one_hit(f, &qa, f->id[0]);
	qa.access.signed_in = 1;
	qa.access.user = "bob";
	assert_int_equal(run(f, &qa).total, 2);
	qa.access.user = "ada";
	assert_int_equal(run(f, &qa).total, 1);
	qa.access.signed_in = 0;
	qa.access.user = NULL;
	qa.access.admin = 1;
	assert_int_equal(run(f, &qa).total, 2);

	/* paper 1's year edited (a re-index: a new docid for the same row) */
	memset(&e, 0, sizeof e);
	e.visibility = -1;
	e.year = 1901;
	assert_int_equal(st_edit(f->st, f->id[1], &e, &err), QUIRE_OK);
	srch_query qy = query("");
	qy.access.admin = 1;
	qy.year_min = 1900;
	qy.year_max = 1950;
	r = one_hit(f, &qy, f->id[1]);
	qa.access.admin = 0;
	assert_int_equal(run(f, &qa).total, 1); /* its new docid: still bob's */
	qa.access.signed_in = 1;
	qa.access.user = "bob";
	assert_int_equal(run(f, &qa).total, 2);
	qa.access.signed_in = 0;
	qa.access.user = NULL;
	qa.access.admin = 1;

	/* the last paper removed, then an add: SQLite gives its rowid again */
	assert_int_equal(st_remove(f->st, f->id[N_PAPERS - 1], &err), QUIRE_OK);
	r = run(f, &q);
	assert_int_equal(r.total, N_PAPERS - 1);
	assert_int_equal(find(&r, f->id[N_PAPERS - 1]), -1);
	paper pn = {"Alpine Meltwater Records", "Kofi Mensah",
		    "Meltwater from the glacier fills the tarn each June.", "Meltwater.",
		    NULL, "text", NULL, 1930, 300, ST_PUBLIC, "geology", 9000};
	char in[16];
	add(f, &pn, in);
	r = run(f, &qy);
	assert_int_equal(r.total, 2);
	assert_true(find(&r, in) >= 0);
	qa.access.admin = 0;
	r = run(f, &qa);
	assert_int_equal(r.total, 2);
	assert_true(find(&r, in) >= 0);
	qa.access.admin = 1;
	r = run(f, &q);
	assert_int_equal(r.total, N_PAPERS);
	assert_string_equal(r.hits[0].id, in); /* Alpine, first by title */

	/* a paper in the middle removed: gone from listings and tag sets */
	assert_int_equal(st_remove(f->st, f->id[2], &err), QUIRE_OK);
	q.tag = "geology";
	r = run(f, &q);
	assert_int_equal(r.total, 2);
	assert_int_equal(find(&r, f->id[2]), -1);
	q.tag = NULL;
	r = run(f, &q);
	assert_int_equal(r.total, N_PAPERS - 1);
	assert_int_equal(find(&r, f->id[2]), -1);
	assert_fts_ok(f);

	/* more changes than the log holds: the table is read whole */
	for (int k = 0; k < 70; k++) {
		memset(&e, 0, sizeof e);
		e.visibility = k % 2 ? ST_PUBLIC : ST_MEMBERS;
		assert_int_equal(st_edit(f->st, f->id[3], &e, &err), QUIRE_OK);
	}
	memset(&e, 0, sizeof e);
	e.visibility = ST_MEMBERS;
	assert_int_equal(st_edit(f->st, in, &e, &err), QUIRE_OK);
	qa.access.admin = 0;
	r = run(f, &qa); /* the new paper's body is for members now */
	assert_int_equal(r.total, 1);
	assert_string_equal(r.hits[0].id, f->id[0]);
	assert_fts_ok(f);

	/* a rebuild numbers the documents from 1 again (the re-indexed and
	 * added papers above took new docids, 11 in all), and the searches'
	 * tables follow */
	assert_int_equal(st_reindex(f->st, NULL, NULL, &err), QUIRE_OK);
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(st_sqlite_handle(f->st),
		"SELECT max(doc), count(*), (SELECT count(*) FROM papers) FROM ix_papers",
		-1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), N_PAPERS - 1);
	assert_int_equal(sqlite3_column_int(s, 1), N_PAPERS - 1);
	assert_int_equal(sqlite3_column_int(s, 2), N_PAPERS - 1);
	sqlite3_finalize(s);
	r = one_hit(f, &qa, f->id[0]);
	qa.access.admin = 1;
	assert_int_equal(run(f, &qa).total, 3);
	r = run(f, &qy);
	assert_int_equal(r.total, 2);
	assert_fts_ok(f);
	/* and a paper added after it takes the next docid */
	paper pb = {"Glacier Bay Soundings", "Ines Varga", "Depths of the glacier bay.",
		    "Depths.", NULL, "text", NULL, 1999, 100, ST_PUBLIC, NULL, 9500};
	char ib[16];
	add(f, &pb, ib);
	qa.access.admin = 0;
	r = run(f, &qa);
	assert_int_equal(r.total, 2);
	assert_true(find(&r, ib) >= 0);
	assert_fts_ok(f);
}

static uint64_t rng(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The same query on the long-lived connection and on a new one. */
static void same_results(fix *f, store_t *fresh, quire_arena *a, const srch_query *q)
{
	srch_result r1, r2;
	quire_error err = {0};
	assert_int_equal(srch_search(f->st, q, f->a, &r1, &err), QUIRE_OK);
	assert_int_equal(srch_search(fresh, q, a, &r2, &err), QUIRE_OK);
	if (r1.total != r2.total || r1.n != r2.n)
		fprintf(stderr, "query \"%s\" admin %d user %s: %zu/%zu against %zu/%zu\n",
			q->text, q->access.admin, q->access.user ? q->access.user : "-",
			r1.n, r1.total, r2.n, r2.total);
	assert_int_equal(r1.total, r2.total);
	assert_int_equal(r1.n, r2.n);
	for (size_t i = 0; i < r1.n; i++)
		assert_string_equal(r1.hits[i].id, r2.hits[i].id);
}

/* Random adds, edits, re-indexing edits and removals, with searches
 * between them: the tables a long-lived connection brings forward change
 * by change (sattr_update, sattr_append, the accept arrays) answer as a
 * new connection, which reads them whole, does. */
static void test_tables_follow_random_changes(void **state)
{
	fix *f = *state;
	quire_error err = {0};
	static const char *const words[] = {"heron", "marsh", "tide", "reed", "salt", "gull"};
	static const char *const owners[] = {NULL, "ann", "bob"};
	static const char *const tags[] = {NULL, "birds", "coast"};
	static const st_visibility vis[] = {ST_PUBLIC, ST_MEMBERS, ST_PRIVATE};
	char ids[48][16];
	int nid = 0;
	uint64_t seed = 0x9E3779B97F4A7C15u;
	quire_arena *a = quire_arena_new(0);
	assert_non_null(a);
	for (int step = 0; step < 160; step++) {
		unsigned op = (unsigned)(rng(&seed) % 10);
		if (nid < 3 || (op < 4 && nid < 48)) {
			char title[64], text[160];
			snprintf(title, sizeof title, "%s %s %d", words[rng(&seed) % 6],
				 words[rng(&seed) % 6], step);
			snprintf(text, sizeof text, "The %s and the %s by the %s, note %d.",
				 words[rng(&seed) % 6], words[rng(&seed) % 6],
				 words[rng(&seed) % 6], step);
			paper p = {title, "Ann Lee", text, text, NULL, "text",
				   owners[rng(&seed) % 3], 1950 + (int)(rng(&seed) % 60), 100,
				   vis[rng(&seed) % 3], tags[rng(&seed) % 3], 1000 + step};
			add(f, &p, ids[nid++]);
		} else if (op < 7) {
			st_edit_req e;
			memset(&e, 0, sizeof e);
			e.visibility = (int)vis[rng(&seed) % 3];
			const char *o = owners[rng(&seed) % 3];
			e.owner = o ? o : st_unedit;
			const char *t = tags[rng(&seed) % 3];
			e.set_tags = 1;
			e.tags = t ? &t : NULL;
			e.n_tags = t ? 1 : 0;
			assert_int_equal(st_edit(f->st, ids[rng(&seed) % (unsigned)nid], &e, &err),
					 QUIRE_OK);
		} else if (op < 8) {
			st_edit_req e;
			memset(&e, 0, sizeof e);
			e.visibility = -1;
			e.year = 1900 + (int)(rng(&seed) % 120);
			assert_int_equal(st_edit(f->st, ids[rng(&seed) % (unsigned)nid], &e, &err),
					 QUIRE_OK);
		} else {
			int k = (int)(rng(&seed) % (unsigned)nid);
			assert_int_equal(st_remove(f->st, ids[k], &err), QUIRE_OK);
			memmove(ids[k], ids[nid - 1], sizeof ids[k]);
			nid--;
		}
		store_t *fresh = NULL;
		assert_int_equal(st_open(f->lib, ST_OPEN_EXISTING, &fresh, &err), QUIRE_OK);
		for (int v = 0; v < 4; v++) {
			srch_query q = query(words[step % 6]);
			q.access.admin = v == 0;
			q.access.signed_in = v >= 2;
			q.access.user = v == 2 ? "ann" : v == 3 ? "bob" : NULL;
			same_results(f, fresh, a, &q);
			q.text = "";
			q.sort = SRCH_SORT_TITLE;
			same_results(f, fresh, a, &q);
			q.sort = SRCH_SORT_RELEVANCE;
			q.year_min = 1950;
			q.year_max = 1990;
			same_results(f, fresh, a, &q);
			q.year_min = q.year_max = 0;
			q.tag = "birds";
			same_results(f, fresh, a, &q);
		}
		st_close(fresh);
		quire_arena_free(a);
		a = quire_arena_new(0);
		assert_non_null(a);
		quire_arena_reset(f->a);
	}
	quire_arena_free(a);
	assert_fts_ok(f);
}

/* A snippet comes from the body of a paper the viewer may open, not its
 * title line or its reference list, where the words stand closer; for a
 * paper the viewer may not open, from the preview's opening, not its
 * close (the reference list again), while they hold as many words. */
static void test_snippet_from_body(void **state)
{
	fix *f = *state;
	static const char text[] =
		"Salt Marsh Herons\n\n"
		"Herons feed along the marsh edge at low tide, and each spring the "
		"colony returns to the same reed beds above the salt pans.\n\n"
		"References\n\n"
		"Hale, R. Marsh Herons and Salt Marsh Herons. Norwich: Fen Press, 1988.\n";
	static const char preview[] =
		"Herons feed along the marsh edge at low tide, and each spring the "
		"colony returns to the same reed beds above the salt pans.\n\n"
		"Hale, R. Marsh Herons and Salt Marsh Herons. Norwich: Fen Press, 1988.";
	char analysis[512];
	size_t body = (size_t)(strstr(text, "Herons feed") - text);
	size_t refs = (size_t)(strstr(text, "References") - text);
	snprintf(analysis, sizeof analysis,
		 "{\"preview\":{\"head\":\"Herons feed along the marsh edge at low tide, and "
		 "each spring the colony returns to the same reed beds above the salt "
		 "pans.\",\"tail\":\"Hale.\"},\"blocks\":[{\"kind\":\"title\",\"offset\":0},"
		 "{\"kind\":\"paragraph\",\"offset\":%zu},"
		 "{\"kind\":\"bibliography_heading\",\"offset\":%zu}]}",
		 body, refs);
	paper p = {"Salt Marsh Herons", "Ana Ruiz", text, preview, NULL, "text", NULL,
		   2001, 60, ST_MEMBERS, NULL, 1000};
	char id[16];
	add_analysed(f, &p, analysis, id);
	srch_query q = query("herons marsh");
	q.access.admin = 1;
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 1);
	assert_non_null(strstr(r.hits[0].snippet, "\x01Herons\x02 feed"));
	assert_null(strstr(r.hits[0].snippet, "Norwich"));
	assert_null(strstr(r.hits[0].snippet, "Salt \x01Marsh"));
	/* anyone: the preview, its opening */
	q.access.admin = 0;
	r = run(f, &q);
	assert_int_equal(r.total, 1);
	assert_false(r.hits[0].can_open);
	assert_non_null(strstr(r.hits[0].snippet, "\x01Herons\x02 feed"));
	assert_null(strstr(r.hits[0].snippet, "Norwich"));
	/* a word only in the references: the snippet is there */
	q.text = "herons norwich";
	q.access.admin = 1;
	r = run(f, &q);
	assert_non_null(strstr(r.hits[0].snippet, "\x01Norwich\x02"));
}

static void test_related(void **state)
{
	fix *f = *state;
	quire_error err = {0};
	fill(f);
	/* A near-copy of paper 0, and another paper sharing one word. */
	paper copy = {"Glacier Moraines of the Northern Valleys, revised",
		      "Ines Varga",
		      "Ridges of loose rock mark where the ice once stopped; "
		      "each ridge records a pause.",
		      "Ridges of loose rock mark where the ice once stopped.",
		      NULL, "text", NULL, 1999, 900, ST_PUBLIC, NULL, 7000};
	char cid[16];
	add(f, &copy, cid);
	srch_access acc = {0, 0, NULL};
	srch_result r;
	assert_int_equal(srch_related(f->st, f->id[0], &acc, 5, f->a, &r, &err),
			 QUIRE_OK);
	assert_true(r.n >= 1);
	assert_string_equal(r.hits[0].id, cid);
	assert_int_equal(find(&r, f->id[0]), -1);
	/* Ids are taken in any case, with hyphens. */
	char upper[16];
	for (size_t i = 0; i <= strlen(f->id[0]); i++)
		upper[i] = (char)(f->id[0][i] >= 'a' && f->id[0][i] <= 'z'
					  ? f->id[0][i] - 32 : f->id[0][i]);
	assert_int_equal(srch_related(f->st, upper, &acc, 5, f->a, &r, &err),
			 QUIRE_OK);
	assert_string_equal(r.hits[0].id, cid);
	assert_int_equal(srch_related(f->st, "zzzzzzz", &acc, 5, f->a, &r, &err),
			 QUIRE_ENOTFOUND);
	/* The private paper's gated words do not relate anyone to it. */
	assert_int_equal(srch_related(f->st, f->id[3], &acc, 10, f->a, &r, &err),
			 QUIRE_OK);
	assert_int_equal(find(&r, f->id[3]), -1);
	assert_int_equal(find(&r, f->id[4]), -1);
}

static void test_bad_syntax_never_errors(void **state)
{
	fix *f = *state;
	fill(f);
	static const char *const bad[] = {
		"\"", "\"\"", "\"glacier", "glacier\"", "a\"b\"c", "(", ")",
		"(glacier", "glacier)", "title:glacier", ":", "*", "glac*",
		"-glacier", "glacier -wind", "NEAR(glacier wind)", "NEAR",
		"AND", "OR", "NOT", "glacier OR", "glacier AND NOT wind", "^glacier",
		"{title}: glacier", "+", "\xE2\x80\x94", "'", "''", "\\", "%", "_",
		"glacier\twind\n", "\x01\x02", "\xff\xfe", "col : \"x\" *",
		"\"glacier\" \"", "NEAR/3", "a:b:c \"(\" \")\"",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		srch_query q = query(bad[i]);
		q.access.admin = 1;
		srch_result r;
		quire_error err = {0};
		quire_status s = srch_search(f->st, &q, f->a, &r, &err);
		if (s != QUIRE_OK)
			fprintf(stderr, "query [%s]: %s\n", bad[i], err.msg);
		assert_int_equal(s, QUIRE_OK);
	}
	/* OR is an operator. */
	srch_query q = query("glacier OR nothinghere");
	assert_int_equal(run(f, &q).total, 2);
	assert_false(run(f, &q).relaxed);
	/* Punctuation separates, inside one phrase: "glacier-moraines" is
	 * the two words side by side; title: is a field. */
	q.text = "glacier-moraines";
	assert_int_equal(run(f, &q).total, 1);
	q.text = "title:glacier";
	assert_int_equal(run(f, &q).total, 1);
	/* Only an exclusion: read as the word. */
	q.text = "-glacier";
	assert_int_equal(run(f, &q).total, 2);
	/* A stray quote is dropped, the rest read as words. */
	q.text = "\"glacier wind";
	assert_int_equal(run(f, &q).total, 1);
	/* A very long query is cut, not refused. */
	char big[5000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	for (size_t i = 7; i < sizeof big - 1; i += 8)
		big[i] = ' ';
	q.text = big;
	assert_int_equal(run(f, &q).total, 0);
}


/* The query language: fields, prefixes, exclusion, OR, groups, filters. */
static void test_query_language(void **state)
{
	fix *f = *state;
	fill(f);
	srch_query q = query("author:varga");
	q.access.admin = 1;
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 2); /* papers 0 and 2 */
	q.text = "title:channels";
	assert_int_equal(run(f, &q).total, 1);
	q.text = "ref:fluvial";
	r = one_hit(f, &q, f->id[2]);
	q.text = "glac*";
	assert_int_equal(run(f, &q).total, 2);
	q.text = "glacier -wind";
	r = one_hit(f, &q, f->id[0]);
	q.text = "(moraines OR quillwort) -diary";
	r = one_hit(f, &q, f->id[0]);
	q.text = "channel year:1970..1980";
	r = one_hit(f, &q, f->id[3]);
	q.text = "channel year:>2000";
	assert_int_equal(run(f, &q).total, 1);
	q.text = "words:>5000";
	assert_int_equal(run(f, &q).total, 2); /* 6000 and 12000 */
	q.text = "type:markdown";
	assert_int_equal(run(f, &q).total, 1);
	q.text = "pages:<2";
	assert_int_equal(run(f, &q).total, 1); /* 200 words: 1 page */
	q.text = "added:1970-01-01..1970-01-01";
	assert_int_equal(run(f, &q).total, N_PAPERS); /* added 1000..5000 s */
	q.text = "added:2026..";
	assert_int_equal(run(f, &q).total, 0);
	/* A filter that does not parse is a word. */
	q.text = "year:soon";
	assert_int_equal(run(f, &q).total, 0);
}

/* Hyphenated words: by each part and by the whole. */
static void test_hyphens(void **state)
{
	fix *f = *state;
	paper p = papers[0];
	p.title = "The Sino-Soviet Split";
	p.text = "Relations cooled after the Sino\xE2\x80\x90Soviet quarrel of the sixties.";
	char id[16];
	add(f, &p, id);
	static const char *const qs[] = {"sino", "soviet", "sinosoviet",
					 "sino-soviet", "\"sino soviet\""};
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
		srch_query q = query(qs[i]);
		(void)one_hit(f, &q, id);
	}
	assert_fts_ok(f);
}

/* text finds nothing, and "did you mean" offers want. */
static void suggests(fix *f, const char *text, const char *want)
{
	srch_query q = query(text);
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 0);
	assert_non_null(r.suggestion);
	assert_string_equal(r.suggestion, want);
}

/* Did you mean: from the library's own words, only when it finds. */
static void test_suggestion(void **state)
{
	fix *f = *state;
	fill(f);
	suggests(f, "glaceir", "glacier");
	srch_query q = query("braided chanel");
	srch_result r = run(f, &q);
	/* no paper has both words: those with "braided" are shown, relaxed,
	 * and a query with hits gets no suggestion */
	assert_true(r.total > 0);
	assert_int_equal(r.relaxed, 1);
	assert_null(r.suggestion);
	q.text = "qqqqzzzz";
	r = run(f, &q);
	assert_int_equal(r.total, 0);
	assert_null(r.suggestion);
}

/* A typo that changes what the stemmer strips: "international" stems to
 * "intern", "internationl" stays whole and "intrnational" gives "intrnat",
 * so no stem is near; the words are. */
static void test_suggestion_whole_words(void **state)
{
	fix *f = *state;
	fill(f);
	paper p = papers[0];
	p.title = "International Monetary Cooperation";
	p.text = "The international monetary system changed after the war; the "
		 "internal markets followed.";
	p.preview = p.text;
	char id[16];
	add(f, &p, id);
	suggests(f, "internationl", "international");
	suggests(f, "intrnational monitary", "international monetary");
	suggests(f, "internl", "internal"); /* the nearest spelling of the stem */
}

/* Snippet offsets on multi-byte text: marks fall on whole characters. */
static void test_snippet_multibyte(void **state)
{
	fix *f = *state;
	paper p = papers[0];
	p.title = "\xC3\x89tudes";
	p.text = "Les \xC3\xA9t\xC3\xA9s \xC3\xA0 Z\xC3\xBCrich: "
		 "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 and the "
		 "na\xC3\xAFve caf\xC3\xA9 r\xC3\xA9sum\xC3\xA9 of gl\xC3\xA6" "ciers.";
	char id[16];
	add(f, &p, id);
	srch_query q = query("zurich");
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 1);
	assert_non_null(strstr(r.hits[0].snippet, "\x01Z\xC3\xBCrich\x02"));
	q.text = "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"; /* lower case */
	r = run(f, &q);
	assert_int_equal(r.total, 1);
	assert_non_null(strstr(r.hits[0].snippet,
			       "\x01\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0\x02"));
	q.text = "resume";
	r = run(f, &q);
	assert_non_null(strstr(r.hits[0].snippet, "\x01r\xC3\xA9sum\xC3\xA9\x02"));
}

/* Absurd queries: bounded, never an error. */
static void test_absurd_queries(void **state)
{
	fix *f = *state;
	fill(f);
	size_t n = 10000 * 8 + 1;
	char *big = malloc(n);
	assert_non_null(big);
	for (size_t i = 0; i < 10000; i++)
		memcpy(big + i * 8, "glacier ", 8);
	big[n - 1] = '\0';
	srch_query q = query(big);
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 2);
	memset(big, '(', n - 1);
	r = run(f, &q);
	assert_int_equal(r.total, N_PAPERS); /* nothing to match: every paper */
	for (size_t i = 0; i + 1 < n; i++)
		big[i] = "-|()\"*:"[i % 7];
	r = run(f, &q);
	free(big);
	q.text = "\xC3\x28 \xA0\xA1 glacier \xF0\x28\x8C\xBC";
	r = run(f, &q);
	assert_true(r.total <= N_PAPERS);
}

/* After kill -9 in the middle of adding papers, index and store agree. */
static void test_kill_mid_add(void **state)
{
	fix *f = *state;
	fill(f);
	st_close(f->st);
	f->st = NULL;
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		store_t *st = NULL;
		quire_error err = {0};
		if (st_open(f->lib, ST_OPEN_EXISTING, &st, &err) != QUIRE_OK)
			_exit(1);
		for (int i = 0; i < 100000; i++) {
			char title[64], text[256], sha[65], id[16];
			snprintf(title, sizeof title, "Generated paper %d", i);
			snprintf(text, sizeof text, "Moraine number %d of the survey, "
				 "with the words glacier and ridge.", i);
			st_new nw;
			memset(&nw, 0, sizeof nw);
			st_sha256_hex((const unsigned char *)text, strlen(text), sha);
			nw.filename = "g.txt";
			nw.file = (const unsigned char *)text;
			nw.file_len = strlen(text);
			nw.sha256 = sha;
			nw.format = "text";
			nw.text = text;
			nw.text_len = strlen(text);
			nw.title = title;
			nw.words = 12;
			nw.visibility = ST_PUBLIC;
			(void)st_add(st, &nw, id, &err);
		}
		_exit(0);
	}
	usleep(300000);
	kill(pid, SIGKILL);
	int status = 0;
	waitpid(pid, &status, 0);
	quire_error err = {0};
	assert_int_equal(st_open(f->lib, ST_OPEN_EXISTING, &f->st, &err), QUIRE_OK);
	assert_fts_ok(f);
	/* Every paper is found by its words, and only those. */
	srch_query q = query("generated");
	q.limit = 1;
	srch_result r = run(f, &q);
	q.text = NULL;
	srch_result all = run(f, &q);
	assert_int_equal(all.total, r.total + N_PAPERS);
}

static void test_facets(void **state)
{
	fix *f = *state;
	quire_error err = {0};
	fill(f);
	srch_count *tags, *formats, *lengths;
	size_t nt, nf, nl;
	assert_int_equal(srch_facets(f->st, f->a, &tags, &nt, &formats, &nf,
				     &lengths, &nl, &err),
			 QUIRE_OK);
	assert_int_equal(nt, 2);
	assert_string_equal(tags[0].value, "geology");
	assert_int_equal(tags[0].count, 2);
	assert_string_equal(tags[1].value, "weather");
	assert_int_equal(nf, 2);
	assert_string_equal(formats[0].value, "text");
	assert_int_equal(formats[0].count, 4);
	assert_int_equal(nl, 4);
	assert_string_equal(lengths[0].value, "under 1,000 words");
	assert_int_equal(lengths[0].count, 2);
	assert_int_equal(lengths[1].count, 1);
	assert_int_equal(lengths[2].count, 1);
	assert_string_equal(lengths[3].value, "over 10,000 words");
	assert_int_equal(lengths[3].count, 1);
}

static void test_empty_library(void **state)
{
	fix *f = *state;
	quire_error err = {0};
	srch_query q = query("anything");
	srch_result r = run(f, &q);
	assert_int_equal(r.total, 0);
	srch_count *tags, *formats, *lengths;
	size_t nt, nf, nl;
	assert_int_equal(srch_facets(f->st, f->a, &tags, &nt, &formats, &nf,
				     &lengths, &nl, &err),
			 QUIRE_OK);
	assert_int_equal(nt, 0);
	assert_int_equal(nf, 0);
	assert_int_equal(nl, 4);
	assert_int_equal(srch_search(NULL, &q, f->a, &r, &err), QUIRE_EUSAGE);
}

/* A library of schema 1 (before search) with one paper: opening it adds
 * the preview and references from the stored analysis and indexes it. */
static void test_migration_indexes_old_papers(void **state)
{
	fix *f = *state;
	quire_error err = {0};
	char old[160];
	sqlite3 *db;
	snprintf(old, sizeof old, "%s/old.quire", f->dir);
	assert_int_equal(sqlite3_open(old, &db), SQLITE_OK);
	/* Migration 1 as it shipped. */
	const char *sql =
		"CREATE TABLE papers (id TEXT PRIMARY KEY NOT NULL, sha256 TEXT UNIQUE NOT NULL,"
		" filename TEXT NOT NULL, format TEXT NOT NULL, added INTEGER NOT NULL, owner TEXT,"
		" visibility INTEGER NOT NULL DEFAULT 1 CHECK (visibility BETWEEN 0 AND 2),"
		" a_title TEXT NOT NULL DEFAULT '', a_authors TEXT NOT NULL DEFAULT '', a_year INTEGER,"
		" e_title TEXT, e_authors TEXT, e_year INTEGER, words INTEGER NOT NULL DEFAULT 0,"
		" pages INTEGER NOT NULL DEFAULT 0, analysis TEXT, text TEXT);"
		"CREATE TABLE files (paper_id TEXT PRIMARY KEY NOT NULL REFERENCES papers(id)"
		" ON DELETE CASCADE, bytes BLOB NOT NULL);"
		"CREATE TABLE tags (paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,"
		" tag TEXT NOT NULL, PRIMARY KEY (paper_id, tag));"
		"CREATE TABLE settings (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);"
		"CREATE INDEX papers_by_added ON papers(added);"
		"CREATE INDEX papers_by_title ON papers(coalesce(e_title, a_title) COLLATE NOCASE);"
		"CREATE INDEX papers_by_words ON papers(words);"
		"CREATE INDEX tags_by_tag ON tags(tag);"
		"INSERT INTO papers VALUES ('k7mx2qd', '" \
		"0000000000000000000000000000000000000000000000000000000000000000',"
		" 'old.txt', 'text', 1, NULL, 1, 'Lichen on Old Walls', '', 1990, NULL,"
		" NULL, NULL, 10, 1,"
		" '{\"preview\":{\"head\":\"Crustose lichen grows slowly.\",\"tail\":\"Walls keep time.\"},"
		"\"references\":[{\"text\":\"Hale, M. Lichenology. 1967.\"},{\"text\":\"Brodo, I. Lichens. 2001.\"}]}',"
		" 'Crustose lichen grows slowly. Hidden middle word: saxicolous. Walls keep time.');"
		"INSERT INTO files VALUES ('k7mx2qd', x'00');"
		"PRAGMA application_id = 1364346161;"
		"PRAGMA user_version = 1;";
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	store_t *st;
	assert_int_equal(st_open(old, ST_OPEN_EXISTING, &st, &err), QUIRE_OK);
	srch_query q = query("lichenology"); /* a reference, public */
	srch_result r;
	assert_int_equal(srch_search(st, &q, f->a, &r, &err), QUIRE_OK);
	assert_int_equal(r.total, 1);
	q.text = "\"walls keep time\""; /* the preview's tail, public */
	assert_int_equal(srch_search(st, &q, f->a, &r, &err), QUIRE_OK);
	assert_int_equal(r.total, 1);
	assert_non_null(strstr(r.hits[0].snippet, "\x01Walls keep time\x02"));
	q.text = "saxicolous"; /* the gated middle */
	assert_int_equal(srch_search(st, &q, f->a, &r, &err), QUIRE_OK);
	assert_int_equal(r.total, 0);
	q.access.signed_in = 1;
	assert_int_equal(srch_search(st, &q, f->a, &r, &err), QUIRE_OK);
	assert_int_equal(r.total, 1);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);
}


/* Related papers: a near-copy first, a paper citing the same sources
 * next, an unrelated paper never. */
static void test_related_copy_refs_unrelated(void **state)
{
	fix *f = *state;
	quire_error err = {0};
	fill(f);
	paper base = {"Sediment Budgets of Alpine Rivers", "Mara Quist",
		      "Gravel and silt move through alpine rivers in pulses after storms.",
		      "Gravel and silt move through alpine rivers in pulses after storms.",
		      "Hjulstrom, F. Studies of the morphological activity of rivers. 1935.\n"
		      "Dietrich, W. Sediment budget for a small catchment. 1982.",
		      "text", NULL, 2012, 4000, ST_PUBLIC, NULL, 8000};
	paper copy = base;
	copy.title = "Sediment Budgets of Alpine Rivers (second edition)";
	copy.text = "Gravel and silt move through alpine rivers in pulses after storms; revised.";
	copy.added = 8100;
	paper cites = {"Storm Pulses in Mountain Catchments", "Ola Berg",
		       "Catchment outflow rises sharply during storms.",
		       "Catchment outflow rises sharply during storms.",
		       "Hjulstrom, F. Studies of the morphological activity of rivers. 1935.\n"
		       "Dietrich, W. Sediment budget for a small catchment. 1982.",
		       "text", NULL, 2015, 3000, ST_PUBLIC, NULL, 8200};
	paper other = {"Medieval Bread Prices", "Jan Rye",
		       "Bakers in market towns set their prices by the weight of the loaf.",
		       "Bakers in market towns set their prices by the weight of the loaf.",
		       NULL, "text", NULL, 2001, 2000, ST_PUBLIC, NULL, 8300};
	char bid[16], cid[16], tid[16], oid[16];
	add(f, &base, bid);
	add(f, &copy, cid);
	add(f, &cites, tid);
	add(f, &other, oid);
	srch_access acc = {0, 0, NULL};
	srch_result r;
	assert_int_equal(srch_related(f->st, bid, &acc, 10, f->a, &r, &err), QUIRE_OK);
	assert_true(r.n >= 1);
	assert_string_equal(r.hits[0].id, cid);
	assert_int_equal(find(&r, bid), -1);
	assert_int_equal(find(&r, oid), -1);
	assert_true(find(&r, tid) > 0); /* the shared references relate it */
	assert_string_equal(r.hits[0].snippet, "");
}

/* The snippet is the passage with the query's words, not the first place
 * one of them occurs; sorts by title and date work on a query's matches. */
static void test_snippet_best_passage_and_sorts(void **state)
{
	fix *f = *state;
	paper p = papers[0];
	p.title = "Field Notes";
	p.text = "A moraine appears once near the start. Then a long stretch of "
		 "prose about weather, roads, meals and the state of the huts, "
		 "which goes on for a while without saying much of interest to "
		 "anyone. Much later the glacier left a terminal moraine across "
		 "the valley mouth, and that is the point of the notes.";
	char id[16];
	add(f, &p, id);
	fill(f);
	srch_query q = query("glacier moraine");
	srch_result r = run(f, &q);
	int k = find(&r, id);
	assert_true(k >= 0);
	assert_non_null(strstr(r.hits[k].snippet, "\x01glacier\x02 left a terminal \x01moraine\x02"));
	q = query("glacier");
	q.sort = SRCH_SORT_TITLE;
	r = run(f, &q);
	assert_int_equal(r.total, 3);
	assert_string_equal(r.hits[0].id, id);       /* Field Notes */
	assert_string_equal(r.hits[1].id, f->id[0]); /* Glacier Moraines */
	assert_string_equal(r.hits[2].id, f->id[1]); /* Notes on Mountain Weather */
	q.sort = SRCH_SORT_ADDED;
	q.descending = 1;
	q.limit = 1;
	q.offset = 1;
	r = run(f, &q);
	assert_int_equal(r.total, 3);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.hits[0].id, f->id[0]);
}

/* A batch whose middle add fails after its paper was given to the index:
 * the others are found, the failed one is not, and the index checks. */
static void test_batch_failed_add(void **state)
{
	fix *f = *state;
	quire_error err = {0};
	sqlite3 *db;
	fill(f);
	assert_int_equal(sqlite3_open(f->lib, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
		"CREATE TRIGGER refuse BEFORE INSERT ON files"
		" WHEN instr(CAST(NEW.bytes AS TEXT), 'failme') > 0"
		" BEGIN SELECT RAISE(ABORT, 'refused'); END", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(st_batch_begin(f->st, &err), QUIRE_OK);
	paper a = {"Tephra Layers", "", "Ash beds date the lake cores.", "Ash beds.",
		   NULL, "text", NULL, 2001, 50, ST_PUBLIC, NULL, 9000};
	paper b = {"Failme Tephra", "", "This one the trigger refuses: failme.", "No.",
		   NULL, "text", NULL, 2002, 50, ST_PUBLIC, NULL, 9100};
	paper c = {"Varve Counting", "", "Annual layers in lake sediment.", "Layers.",
		   NULL, "text", NULL, 2003, 50, ST_PUBLIC, NULL, 9200};
	char ia[16], ib[16], ic[16];
	add(f, &a, ia);
	st_new n;
	memset(&n, 0, sizeof n);
	char file[256], sha[65];
	snprintf(file, sizeof file, "%s\n%s", b.title, b.text);
	st_sha256_hex((const unsigned char *)file, strlen(file), sha);
	n.filename = "b.txt";
	n.file = (const unsigned char *)file;
	n.file_len = strlen(file);
	n.sha256 = sha;
	n.format = "text";
	n.text = b.text;
	n.text_len = strlen(b.text);
	n.title = b.title;
	n.visibility = ST_PUBLIC;
	assert_int_not_equal(st_add(f->st, &n, ib, &err), QUIRE_OK);
	add(f, &c, ic);
	assert_int_equal(st_batch_commit(f->st, &err), QUIRE_OK);
	srch_query q = query("tephra");
	(void)one_hit(f, &q, ia);
	q.text = "varve";
	(void)one_hit(f, &q, ic);
	q.text = "failme";
	assert_int_equal(run(f, &q).total, 0);
	assert_fts_ok(f);
	/* and after a reindex */
	assert_int_equal(st_reindex(f->st, NULL, NULL, &err), QUIRE_OK);
	q.text = "tephra";
	assert_int_equal(run(f, &q).total, 1);
	assert_fts_ok(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_title_beats_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_words_all_must_match, setup, teardown),
		cmocka_unit_test_setup_teardown(test_any_feedback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phrase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diacritics_and_stems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet_marks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sorts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pagination, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_follows_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_added_papers_join_the_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_papers_update_the_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet_from_body, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tables_follow_random_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_related, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_syntax_never_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_language, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hyphens, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suggestion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suggestion_whole_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet_multibyte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absurd_queries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_mid_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_library, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_indexes_old_papers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_related_copy_refs_unrelated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snippet_best_passage_and_sorts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch_failed_add, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
