/*
 * test_query.c — the query language (src/search/query.c): the tree the
 * engine runs, the FTS5 string beside it, the filters, and the bounds
 * (never an error, at most QRY_LEAVES_MAX leaves, depth, invalid UTF-8).
 *
 * Trees are compared through a small printer: a leaf is its text (a
 * phrase in quotes, a prefix with '*', a field as "t:", "a:", "r:"),
 * inner nodes are AND(…), OR(…), NOT(…).
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "query.h"

static void pr(const qry_node *x, buf_t *b, int depth)
{
	assert_true(depth < 3 * QRY_DEPTH_MAX + 4);
	if (x->op == QRY_N_AND || x->op == QRY_N_OR || x->op == QRY_N_NOT) {
		size_t k = 0;
		buf_puts(b, x->op == QRY_N_AND ? "AND(" : x->op == QRY_N_OR ? "OR(" : "NOT(");
		for (const qry_node *c = x->kid; c; c = c->next) {
			if (k++)
				buf_putc(b, ' ');
			pr(c, b, depth + 1);
		}
		/* shape: AND/OR two kids at least, NOT a kid and an exclusion */
		assert_true(k >= 2);
		buf_putc(b, ')');
		return;
	}
	assert_null(x->kid);
	assert_non_null(x->text);
	assert_true(x->text[0] != '\0');
	if (x->fields == QRY_F_TITLE)
		buf_puts(b, "t:");
	else if (x->fields == QRY_F_AUTHORS)
		buf_puts(b, "a:");
	else if (x->fields == QRY_F_REFS)
		buf_puts(b, "r:");
	else
		assert_int_equal(x->fields, QRY_F_ALL);
	if (x->op == QRY_N_PHRASE)
		buf_printf(b, "\"%s\"%s", x->text, x->prefix ? "*" : "");
	else
		buf_printf(b, "%s%s", x->text, x->op == QRY_N_PREFIX ? "*" : "");
}

/* The printed tree of text (any mode as given); "" when it has none. */
static char *tree(const char *text, int any, quire_arena *a, qry_parsed *q)
{
	buf_t b = BUF_INIT;
	assert_int_equal(qry_parse(text, any, a, q), QUIRE_OK);
	assert_true((q->root == NULL) == (q->match == NULL));
	if (q->root)
		pr(q->root, &b, 0);
	char *s = quire_arena_strndup(a, b.p ? b.p : "", b.len);
	buf_free(&b);
	return s;
}

static void check(const char *text, int any, const char *want)
{
	quire_arena *a = quire_arena_new(0);
	qry_parsed q;
	char *got = tree(text, any, a, &q);
	if (strcmp(got, want) != 0) {
		print_error("query \"%s\"\ngot  %s\nwant %s\n", text, got, want);
		fail();
	}
	quire_arena_free(a);
}

static void test_words_and_phrases(void **state)
{
	(void)state;
	check("river delta", 0, "AND(river delta)");
	check("river", 0, "river");
	check("\"river delta\" silt", 0, "AND(\"river delta\" silt)");
	check("comput*", 0, "comput*");
	check("\"data bas\"*", 0, "\"data bas\"*");
	check("river delta", 1, "OR(river delta)");
	check("", 0, "");
	check("   ", 0, "");
	check(NULL, 0, "");
	check("!!! ,,,", 0, "");
}

static void test_operators(void **state)
{
	(void)state;
	check("a OR b", 0, "OR(a b)");
	check("x a OR b", 0, "AND(x OR(a b))");
	check("x a | b || c", 0, "AND(x OR(a b c))");
	check("x -y", 0, "NOT(x y)");
	check("x -y NOT z", 0, "NOT(x y z)");
	check("x y -z", 0, "NOT(AND(x y) z)");
	check("x -(y z)", 0, "NOT(x AND(y z))");
	check("(a OR b) c", 0, "AND(OR(a b) c)");
	check("x AND y", 0, "AND(x y)");
	check("((x))", 0, "x");
	/* only exclusions: read as words */
	check("-x -y", 0, "AND(x y)");
	/* any mode: units ORed; function words dropped beside others */
	check("the river of silt", 1, "OR(river silt)");
	check("the of", 1, "OR(the of)");
	/* and the words of a request */
	check("I am interested in articles on glacier retreat", 1, "OR(glacier retreat)");
	check("find all papers describing silt", 1, "silt");
	check("find papers", 1, "OR(find papers)");
	check("papers silt", 0, "AND(papers silt)"); /* all-words mode keeps them */
}

static void test_fields_and_filters(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	qry_parsed q;
	assert_string_equal(tree("title:delta author:smith ref:knuth", 0, a, &q),
			    "AND(t:delta a:smith r:knuth)");
	assert_string_equal(tree("title:\"river delta\" x", 0, a, &q),
			    "AND(t:\"river delta\" x)");
	assert_string_equal(tree("title:(a OR b) c", 0, a, &q), "AND(OR(t:a t:b) c)");
	assert_string_equal(tree("silt year:1990..2000 type:PDF tag:geo words:>5000", 0, a, &q),
			    "silt");
	assert_int_equal(q.year_min, 1990);
	assert_int_equal(q.year_max, 2000);
	assert_string_equal(q.format, "pdf");
	assert_string_equal(q.tag, "geo");
	assert_int_equal(q.words_min, 5001);
	assert_string_equal(tree("year:1990", 0, a, &q), "");
	assert_null(q.root);
	assert_int_equal(q.year_min, 1990);
	/* an unknown field or a bad value stays a word */
	assert_string_equal(tree("colour:red year:abc", 0, a, &q), "AND(colour:red year:abc)");
	assert_string_equal(tree("added:2026-01-01.. pages:<10", 0, a, &q), "");
	assert_int_equal(q.added_min, qry_days_to_unix(2026, 1, 1));
	assert_int_equal(q.pages_max, 9);
	quire_arena_free(a);
}

static void test_required_and_words(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	qry_parsed q;
	tree("river delta \"silt bed\" title:x", 0, a, &q);
	assert_int_equal(q.n_required, 4);
	assert_int_equal(q.n_leaves, 4);
	assert_int_equal(q.n_words, 2); /* plain words only, for "did you mean" */
	assert_string_equal(q.words[0], "river");
	tree("a OR b c", 0, a, &q);
	assert_int_equal(q.n_required, 2);
	tree("a b c", 1, a, &q);
	assert_int_equal(q.n_required, 0);
	quire_arena_free(a);
}

static void test_bounds(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	qry_parsed q;
	buf_t b = BUF_INIT;

	/* 10,000 words: at most QRY_LEAVES_MAX leaves, QRY_TEXT_MAX read */
	for (int i = 0; i < 10000; i++)
		buf_printf(&b, "w%d ", i);
	char *t = tree(b.p, 0, a, &q);
	assert_true(q.n_leaves <= QRY_LEAVES_MAX);
	assert_true(strlen(t) > 0);
	buf_reset(&b);
	/* 10,000 ORs */
	for (int i = 0; i < 10000; i++)
		buf_printf(&b, "w%d OR ", i);
	tree(b.p, 0, a, &q);
	assert_true(q.n_leaves <= QRY_LEAVES_MAX);
	buf_reset(&b);
	/* deep parentheses: the tree stays shallow (the printer checks) */
	for (int i = 0; i < 3000; i++)
		buf_puts(&b, "(x -");
	buf_puts(&b, "y");
	for (int i = 0; i < 3000; i++)
		buf_putc(&b, ')');
	tree(b.p, 0, a, &q);
	tree(b.p, 1, a, &q);
	buf_reset(&b);
	/* stray quotes and parentheses */
	check("\"river delta", 0, "AND(river delta)");
	check(")river( delta)", 0, "AND(river delta)");
	/* invalid UTF-8 and control bytes: never an error, no crash */
	tree("\xff\xfe caf\xc3 \x80\x80 \x01\x02 d\xc3\xa9j\xc3\xa0", 0, a, &q);
	assert_non_null(q.root);
	/* a text cut at QRY_TEXT_MAX inside a character is cut before it */
	for (int i = 0; i < QRY_TEXT_MAX; i++)
		buf_puts(&b, "\xc3\xa9");
	tree(b.p, 0, a, &q);
	assert_non_null(q.root);
	assert_true(strlen(q.root->text) <= QRY_TEXT_MAX);
	assert_true(strlen(q.root->text) % 2 == 0);
	buf_free(&b);
	quire_arena_free(a);
}

static size_t count_leaves(const qry_node *x)
{
	if (x->op != QRY_N_AND && x->op != QRY_N_OR && x->op != QRY_N_NOT)
		return 1;
	size_t n = 0;
	for (const qry_node *c = x->kid; c; c = c->next)
		n += count_leaves(c);
	return n;
}

/* The tree and the FTS5 string agree on the leaves' order and count. */
static void test_tree_matches_string(void **state)
{
	(void)state;
	static const char *const qs[] = {
		"a b OR c -(d e) title:\"f g\" h*", "(a OR (b c)) -d", "x y z", "\"p q\"*",
	};
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
		quire_arena *a = quire_arena_new(0);
		qry_parsed q;
		char *t = tree(qs[i], 0, a, &q);
		size_t quotes = 0;
		for (const char *p = q.match; *p; p++)
			quotes += *p == '"';
		/* every leaf is one quoted string in the FTS5 expression */
		assert_int_equal(quotes, 2 * count_leaves(q.root));
		assert_true(strlen(t) > 0);
		quire_arena_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_phrases),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_fields_and_filters),
		cmocka_unit_test(test_required_and_words),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_tree_matches_string),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
