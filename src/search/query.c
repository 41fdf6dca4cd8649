/*
 * query.c — reads a search query (the language of query.h) into a query
 * tree, an FTS5 match expression and filters.
 *
 * Decisions:
 *
 *   - One pass, no recursion: a lexer hands out items (word, phrase,
 *     parenthesis, OR) and a fixed stack of at most QRY_DEPTH_MAX open
 *     groups gathers them.  Each group keeps three strings — its required
 *     parts, its excluded parts and its finished alternatives (OR) — so
 *     closing a group is one string join.  Memory is linear in the query.
 *   - The tree is built beside the string by the same moves: each group
 *     also keeps three lists of nodes (required units, the unit being
 *     built, exclusions), so closing a group makes at most three nodes
 *     (AND/OR of the units, OR of a unit's alternatives, NOT).  The tree
 *     and the string always say the same thing; the test compares them.
 *   - Every word and phrase reaches FTS5 as a quoted string ("…", with
 *     the column filter {title}, {authors} or {refs} in front and " *"
 *     after for a prefix), so nothing typed can be read by FTS5 as its own
 *     syntax: quotes only delimit, so a quoted string never holds one.  A
 *     word with no letter or digit in it (only punctuation) is dropped: it
 *     would tokenize to nothing.
 *   - FTS5's NOT is binary ("a NOT b"); an exclusion in a group with
 *     nothing required is dropped (a query of only exclusions reads the
 *     excluded words as words), since "everything but" is no search.
 *   - Filters (year:, type:, words:, …) are taken out of the text; a value
 *     that does not parse leaves the item a plain word.
 */
#include "query.h"
#include "buf.h"

#include <stdlib.h>
#include <string.h>

typedef enum qry_kind { QRY_END, QRY_WORD, QRY_PHRASE, QRY_OPEN, QRY_CLOSE, QRY_OR } qry_kind;

/* One item from the lexer. */
typedef struct qry_item {
	qry_kind kind;
	const char *s;   /* the word or phrase (not NUL-terminated) */
	size_t n;
	int negate;      /* -x, NOT x */
	int prefix;      /* x* */
	const char *col; /* "{title}" …, NULL: every column */
} qry_item;

typedef struct qry_lex {
	const char *t;
	size_t n, i;
} qry_lex;

/* An open group: required units joined by AND (or OR in any mode), the
 * unit being built (alternatives joined by OR), excluded parts. */
typedef struct qry_group {
	buf_t pos, cur, neg;
	size_t npos, ncur, nneg;
	int negate, pending_or;
	const char *col;
	qry_node *pos_h, *pos_t, *cur_h, *cur_t, *neg_h, *neg_t; /* the tree */
} qry_group;

/* The QRY_F_* mask of a column filter (NULL: every field). */
static unsigned qry_col_fields(const char *col)
{
	if (!col)
		return QRY_F_ALL;
	if (strcmp(col, "{title}") == 0)
		return QRY_F_TITLE;
	if (strcmp(col, "{authors}") == 0)
		return QRY_F_AUTHORS;
	return QRY_F_REFS;
}

/* Appends node x to the list h..t. */
static void qry_list_add(qry_node **h, qry_node **t, qry_node *x)
{
	x->next = NULL;
	if (*t)
		(*t)->next = x;
	else
		*h = x;
	*t = x;
}

/* The list starting at h (n nodes) as one node: h itself when n is 1,
 * else a new node op over them.  NULL when out of memory. */
static qry_node *qry_join(quire_arena *a, qry_op op, qry_node *h, size_t n)
{
	if (n == 1) {
		h->next = NULL;
		return h;
	}
	qry_node *x = quire_arena_alloc(a, sizeof *x);
	if (!x)
		return NULL;
	memset(x, 0, sizeof *x);
	x->op = op;
	x->fields = QRY_F_ALL;
	x->kid = h;
	return x;
}

static int qry_space(unsigned char c)
{
	return c <= ' ' || c == 0x7f;
}

static int qry_stop(unsigned char c)
{
	return qry_space(c) || c == '(' || c == ')' || c == '"';
}

/* Does s[0..n) hold a letter or digit (any byte >= 0x80 counts)? */
static int qry_has_word(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return 1;
	}
	return 0;
}

static int qry_is(const char *s, size_t n, const char *w)
{
	return strlen(w) == n && memcmp(s, w, n) == 0;
}

static int qry_is_ci(const char *s, size_t n, const char *w)
{
	if (strlen(w) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((s[i] | 0x20) != w[i])
			return 0;
	return 1;
}

/* Words left out of an any-mode query that has other words, sorted for
 * bsearch: English function words, which say little of what a question
 * is about and ORed would match nearly every paper, and the words of a
 * request itself ("I am interested in articles on …", "find all
 * discussions of …", "papers describing …"), which say what the asker
 * wants, not about what.  bench/RESULTS.md has what each list gave. */
static const char *const qry_stopwords[] = {
	"a", "about", "above", "after", "again", "against", "all", "also", "am",
	"an", "and", "any", "are", "article", "articles", "as", "at", "be",
	"because", "been", "before", "being", "below", "between", "both", "but",
	"by", "can", "concerning", "could", "deal", "dealing", "deals",
	"describe", "describing", "description", "descriptions", "did",
	"discussion", "discussions", "do", "document", "documents", "does",
	"doing", "done", "down", "during", "each", "either", "especially", "etc",
	"exist", "exists", "few", "find", "for", "from", "further", "had", "has",
	"have", "having", "he", "her", "here", "hers", "him", "his", "how",
	"however", "i", "if", "in", "interested", "into", "is", "it", "its",
	"itself", "just", "like", "looking", "may", "me", "might", "more", "most",
	"much", "must", "my", "need", "needed", "no", "nor", "not", "of", "off",
	"on", "once", "only", "or", "other", "our", "out", "over", "own",
	"paper", "papers", "particularly", "please", "regarding", "same",
	"shall", "she", "should", "so", "some", "such", "than", "that", "the",
	"their", "them", "then", "there", "these", "they", "this", "those",
	"through", "to", "too", "under", "until", "up", "upon", "us", "very",
	"want", "wanted", "was", "we", "were", "what", "when", "where", "which",
	"while", "who", "whom", "why", "will", "with", "within", "without",
	"would", "you", "your",
};

static int qry_cmp_stop(const void *k, const void *e)
{
	return strcmp((const char *)k, *(const char *const *)e);
}

/* Is the word s[0..n) a function word (any case)? */
static int qry_is_stop(const char *s, size_t n)
{
	char w[16];
	if (n == 0 || n >= sizeof w)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80)
			return 0;
		w[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	w[n] = '\0';
	return bsearch(w, qry_stopwords, sizeof qry_stopwords / sizeof *qry_stopwords,
		       sizeof *qry_stopwords, qry_cmp_stop) != NULL;
}

/* The column filter of a field name, NULL if it is none. */
static const char *qry_field_col(const char *s, size_t n)
{
	if (qry_is_ci(s, n, "title") || qry_is_ci(s, n, "ti"))
		return "{title}";
	if (qry_is_ci(s, n, "author") || qry_is_ci(s, n, "authors") || qry_is_ci(s, n, "by"))
		return "{authors}";
	if (qry_is_ci(s, n, "ref") || qry_is_ci(s, n, "refs") || qry_is_ci(s, n, "cites"))
		return "{refs}";
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Filters                                                             */
/* ------------------------------------------------------------------ */

int64_t qry_days_to_unix(int y, int m, int d)
{
	/* Howard Hinnant's days_from_civil. */
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400;
}

/* A number at s[0..n): its value, or -1 (not all digits, or too big). */
static int64_t qry_num(const char *s, size_t n)
{
	int64_t v = 0;
	if (n == 0 || n > 15)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ',' && i > 0)
			continue; /* 5,000 */
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* A day "YYYY", "YYYY-MM" or "YYYY-MM-DD" at s[0..n): the first second of
 * it in *lo and the last in *hi.  0 if it is none. */
static int qry_date(const char *s, size_t n, int64_t *lo, int64_t *hi)
{
	int64_t y = n >= 4 ? qry_num(s, 4) : -1, m = 0, d = 0;
	if (y < 1 || y > 9999)
		return 0;
	if (n == 4) {
		*lo = qry_days_to_unix((int)y, 1, 1);
		*hi = qry_days_to_unix((int)y + 1, 1, 1) - 1;
		return 1;
	}
	if (n < 7 || s[4] != '-' || (m = qry_num(s + 5, 2)) < 1 || m > 12)
		return 0;
	if (n == 7) {
		*lo = qry_days_to_unix((int)y, (int)m, 1);
		*hi = (m == 12 ? qry_days_to_unix((int)y + 1, 1, 1)
			       : qry_days_to_unix((int)y, (int)m + 1, 1)) - 1;
		return 1;
	}
	if (n != 10 || s[7] != '-' || (d = qry_num(s + 8, 2)) < 1 || d > 31)
		return 0;
	*lo = qry_days_to_unix((int)y, (int)m, (int)d);
	*hi = *lo + 86399;
	return 1;
}

/* A value at s[0..n) for the filter kind: 'n' a number, 'd' a day.  Into
 * lo/hi (inclusive; -1 when open).  0 if it does not parse. */
static int qry_bound(const char *s, size_t n, int kind, int64_t *lo, int64_t *hi)
{
	int64_t a, b;
	*lo = *hi = -1;
#define QRY_ONE(p, k, outlo, outhi) \
	(kind == 'd' ? qry_date(p, k, outlo, outhi) \
		     : ((*(outlo) = *(outhi) = qry_num(p, k)) >= 0))
	if (n >= 2 && (s[0] == '>' || s[0] == '<')) {
		int eq = s[1] == '=';
		const char *v = s + 1 + eq;
		if (!QRY_ONE(v, n - 1 - (size_t)eq, &a, &b))
			return 0;
		if (s[0] == '>')
			*lo = eq ? a : b + 1;
		else
			*hi = eq ? b : a - 1;
		return 1;
	}
	const char *dots = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '.' && s[i + 1] == '.') {
			dots = s + i;
			break;
		}
	if (dots) {
		size_t left = (size_t)(dots - s), right = n - left - 2;
		if (left == 0 && right == 0)
			return 0;
		if (left && !QRY_ONE(s, left, lo, &b))
			return 0;
		if (right && !QRY_ONE(dots + 2, right, &a, hi))
			return 0;
		return 1;
	}
	return QRY_ONE(s, n, lo, hi);
#undef QRY_ONE
}

/* Takes field:value as a filter if it is one; 1 if taken. */
static int qry_filter(const char *f, size_t fn, const char *v, size_t vn,
		      quire_arena *a, qry_parsed *out)
{
	int64_t lo, hi;
	if (vn == 0)
		return 0;
	if (qry_is_ci(f, fn, "type") || qry_is_ci(f, fn, "format")) {
		char *s = quire_arena_strndup(a, v, vn);
		if (!s)
			return 0;
		for (char *p = s; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		out->format = s;
		return 1;
	}
	if (qry_is_ci(f, fn, "tag")) {
		out->tag = quire_arena_strndup(a, v, vn);
		return out->tag != NULL;
	}
	if (qry_is_ci(f, fn, "year")) {
		if (!qry_bound(v, vn, 'n', &lo, &hi) || lo > 9999 || hi > 9999)
			return 0;
		if (lo > 0)
			out->year_min = (int)lo;
		if (hi > 0)
			out->year_max = (int)hi;
		return 1;
	}
	if (qry_is_ci(f, fn, "words") || qry_is_ci(f, fn, "length")) {
		if (!qry_bound(v, vn, 'n', &lo, &hi))
			return 0;
		if (lo > 0)
			out->words_min = (size_t)lo;
		if (hi >= 0)
			out->words_max = hi > 0 ? (size_t)hi : 1; /* words:<1 */
		return 1;
	}
	if (qry_is_ci(f, fn, "pages")) {
		if (!qry_bound(v, vn, 'n', &lo, &hi) || lo > 100000000 || hi > 100000000)
			return 0;
		if (lo > 0)
			out->pages_min = (unsigned)lo;
		if (hi >= 0)
			out->pages_max = hi > 0 ? (unsigned)hi : 1;
		return 1;
	}
	if (qry_is_ci(f, fn, "added")) {
		if (!qry_bound(v, vn, 'd', &lo, &hi))
			return 0;
		if (lo >= 0)
			out->added_min = lo;
		if (hi >= 0)
			out->added_max = hi;
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The lexer                                                           */
/* ------------------------------------------------------------------ */

/* The next item; filters are taken into out on the way. */
static qry_item qry_next(qry_lex *L, quire_arena *a, qry_parsed *out)
{
	qry_item it;
	int negate = 0;
	const char *col = NULL;

	memset(&it, 0, sizeof it);
	for (;;) {
		while (L->i < L->n && qry_space((unsigned char)L->t[L->i]))
			L->i++;
		if (L->i >= L->n) {
			it.kind = QRY_END;
			return it;
		}
		char c = L->t[L->i];
		if (c == '(' || c == ')') {
			L->i++;
			it.kind = c == '(' ? QRY_OPEN : QRY_CLOSE;
			it.negate = negate;
			it.col = col;
			return it;
		}
		if (c == '"') {
			const char *close = memchr(L->t + L->i + 1, '"', L->n - L->i - 1);
			if (!close) { /* a stray quote: read as a space */
				L->i++;
				continue;
			}
			it.kind = QRY_PHRASE;
			it.s = L->t + L->i + 1;
			it.n = (size_t)(close - it.s);
			L->i = (size_t)(close - L->t) + 1;
			if (L->i < L->n && L->t[L->i] == '*') {
				it.prefix = 1;
				while (L->i < L->n && L->t[L->i] == '*')
					L->i++;
			}
			it.negate = negate;
			it.col = col;
			return it;
		}
		if ((c == '-' || c == '+') && L->i + 1 < L->n &&
		    !qry_space((unsigned char)L->t[L->i + 1]) && L->t[L->i + 1] != ')') {
			negate = c == '-';
			L->i++;
			continue;
		}
		size_t s = L->i;
		while (L->i < L->n && !qry_stop((unsigned char)L->t[L->i]))
			L->i++;
		const char *w = L->t + s;
		size_t n = L->i - s;
		if (qry_is(w, n, "OR") || qry_is(w, n, "|") || qry_is(w, n, "||")) {
			it.kind = QRY_OR;
			return it;
		}
		if (qry_is(w, n, "AND") || qry_is(w, n, "&&") || qry_is(w, n, "&"))
			continue;
		if (qry_is(w, n, "NOT")) {
			negate = 1;
			continue;
		}
		const char *colon = memchr(w, ':', n);
		if (colon && colon > w && !col) {
			size_t fn = (size_t)(colon - w), vn = n - fn - 1;
			const char *fc = qry_field_col(w, fn);
			if (fc && vn == 0 && L->i < L->n && (L->t[L->i] == '"' || L->t[L->i] == '(')) {
				col = fc; /* title:"…" or title:(…) */
				continue;
			}
			if (fc && vn > 0) {
				col = fc;
				w = colon + 1;
				n = vn;
			} else if (!negate && qry_filter(w, fn, colon + 1, vn, a, out)) {
				continue;
			}
		}
		while (n > 0 && w[n - 1] == '*') {
			it.prefix = 1;
			n--;
		}
		it.kind = QRY_WORD;
		it.s = w;
		it.n = n;
		it.negate = negate;
		it.col = col;
		return it;
	}
}

/* ------------------------------------------------------------------ */
/* Building the expression                                             */
/* ------------------------------------------------------------------ */

/* Moves the unit being built into the required parts. */
static void qry_commit(qry_group *g, int any, quire_arena *a, int *failed)
{
	if (g->ncur == 0)
		return;
	qry_node *u = qry_join(a, QRY_N_OR, g->cur_h, g->ncur);
	if (u)
		qry_list_add(&g->pos_h, &g->pos_t, u);
	else
		*failed = 1;
	g->cur_h = g->cur_t = NULL;
	if (g->npos++)
		buf_puts(&g->pos, any ? " OR " : " AND ");
	if (g->ncur > 1)
		buf_putc(&g->pos, '(');
	buf_append(&g->pos, g->cur.p, g->cur.len);
	if (g->ncur > 1)
		buf_putc(&g->pos, ')');
	buf_reset(&g->cur);
	g->ncur = 0;
}

/* Adds expression e to g: excluded, an alternative of the unit being
 * built (after OR), or a new unit.  OR binds tighter than the implicit
 * AND: "x a OR b" is x AND (a OR b). */
static void qry_add(qry_group *g, const char *e, size_t n, qry_node *x,
		    int negate, int any, quire_arena *a, int *failed)
{
	if (negate) {
		if (g->nneg++)
			buf_puts(&g->neg, " OR ");
		buf_append(&g->neg, e, n);
		qry_list_add(&g->neg_h, &g->neg_t, x);
	} else if (g->pending_or && g->ncur > 0) {
		buf_puts(&g->cur, " OR ");
		buf_append(&g->cur, e, n);
		g->ncur++;
		qry_list_add(&g->cur_h, &g->cur_t, x);
	} else {
		qry_commit(g, any, a, failed);
		buf_append(&g->cur, e, n);
		g->ncur = 1;
		qry_list_add(&g->cur_h, &g->cur_t, x);
	}
	g->pending_or = 0;
}

/* The FTS5 string of a word or phrase into b. */
static void qry_leaf(const qry_item *it, const char *col, buf_t *b)
{
	if (col) {
		buf_puts(b, col);
		buf_puts(b, " : ");
	}
	buf_putc(b, '"');
	buf_append(b, it->s, it->n);
	buf_putc(b, '"');
	if (it->prefix)
		buf_puts(b, " *");
}

static void qry_group_init(qry_group *g, int negate, const char *col)
{
	memset(g, 0, sizeof *g);
	buf_init(&g->pos);
	buf_init(&g->cur);
	buf_init(&g->neg);
	g->negate = negate;
	g->col = col;
}

static void qry_group_free(qry_group *g)
{
	buf_free(&g->pos);
	buf_free(&g->cur);
	buf_free(&g->neg);
}

/* The tree leaf of a word or phrase; NULL when out of memory. */
static qry_node *qry_leaf_node(const qry_item *it, const char *col, quire_arena *a)
{
	qry_node *x = quire_arena_alloc(a, sizeof *x);
	if (!x)
		return NULL;
	memset(x, 0, sizeof *x);
	x->op = it->kind == QRY_PHRASE ? QRY_N_PHRASE : it->prefix ? QRY_N_PREFIX : QRY_N_WORD;
	x->prefix = it->kind == QRY_PHRASE && it->prefix;
	x->fields = qry_col_fields(col);
	x->text = quire_arena_strndup(a, it->s, it->n);
	return x->text ? x : NULL;
}

/* Closes g: its expression into e (empty if nothing is required) and its
 * tree into *x (NULL then). */
static void qry_close(qry_group *g, int any, buf_t *e, qry_node **x,
		      quire_arena *a, int *failed)
{
	*x = NULL;
	qry_commit(g, any, a, failed);
	if (g->npos == 0)
		return;
	qry_node *p = qry_join(a, any ? QRY_N_OR : QRY_N_AND, g->pos_h, g->npos);
	if (p && g->nneg) {
		qry_node *n = quire_arena_alloc(a, sizeof *n);
		if (n) {
			memset(n, 0, sizeof *n);
			n->op = QRY_N_NOT;
			n->fields = QRY_F_ALL;
			n->kid = p;
			p->next = g->neg_h;
		}
		p = n;
	}
	if (!p)
		*failed = 1;
	*x = p;
	buf_putc(e, '(');
	buf_append(e, g->pos.p, g->pos.len);
	if (g->nneg) {
		buf_puts(e, " NOT (");
		buf_append(e, g->neg.p, g->neg.len);
		buf_putc(e, ')');
	}
	buf_putc(e, ')');
	if (buf_failed(&g->pos) || buf_failed(&g->cur) || buf_failed(&g->neg))
		e->failed = 1;
}

quire_status qry_parse(const char *text, int any, quire_arena *a,
		       qry_parsed *out)
{
	qry_group st[QRY_DEPTH_MAX + 1];
	size_t depth = 0, ignored_opens = 0, leaves = 0, negs = 0;
	qry_lex L;
	buf_t leaf = BUF_INIT, e = BUF_INIT;
	qry_node *x = NULL;
	int failed = 0;

	memset(out, 0, sizeof *out);
	L.t = text ? text : "";
	L.n = strnlen(L.t, QRY_TEXT_MAX + 1);
	L.i = 0;
	if (L.n > QRY_TEXT_MAX) { /* back to the start of a character */
		L.n = QRY_TEXT_MAX;
		while (L.n > 0 && ((unsigned char)L.t[L.n] & 0xC0) == 0x80)
			L.n--;
	}
	qry_group_init(&st[0], 0, NULL);

	/* Any mode: are there words other than function words? */
	int drop_stop = 0;
	if (any) {
		qry_parsed scratch;
		memset(&scratch, 0, sizeof scratch);
		for (qry_item it = qry_next(&L, a, &scratch); it.kind != QRY_END;
		     it = qry_next(&L, a, &scratch))
			if (it.kind == QRY_PHRASE || (it.kind == QRY_WORD && !it.negate &&
			    qry_has_word(it.s, it.n) && !qry_is_stop(it.s, it.n)))
				drop_stop = 1;
		L.i = 0;
	}

	for (;;) {
		qry_item it = qry_next(&L, a, out);
		if (it.kind == QRY_END)
			break;
		qry_group *g = &st[depth];
		switch (it.kind) {
		case QRY_OPEN:
			if (depth >= QRY_DEPTH_MAX) {
				ignored_opens++;
				break;
			}
			depth++;
			qry_group_init(&st[depth], it.negate, it.col ? it.col : g->col);
			break;
		case QRY_CLOSE:
			if (ignored_opens) {
				ignored_opens--;
				break;
			}
			if (depth == 0)
				break;
			buf_reset(&e);
			qry_close(g, any, &e, &x, a, &failed);
			int neg = g->negate;
			qry_group_free(g);
			depth--;
			if (e.len > 0 && x)
				qry_add(&st[depth], e.p, e.len, x, neg, any, a, &failed);
			break;
		case QRY_OR:
			g->pending_or = 1;
			break;
		case QRY_WORD:
		case QRY_PHRASE:
			if (leaves >= QRY_LEAVES_MAX || !qry_has_word(it.s, it.n))
				break;
			if (drop_stop && it.kind == QRY_WORD && !it.negate && !it.prefix &&
			    qry_is_stop(it.s, it.n))
				break;
			leaves++;
			buf_reset(&leaf);
			qry_leaf(&it, it.col ? it.col : g->col, &leaf);
			x = qry_leaf_node(&it, it.col ? it.col : g->col, a);
			if (!x) {
				failed = 1;
				break;
			}
			qry_add(g, leaf.p, leaf.len, x, it.negate, any, a, &failed);
			if (it.negate) {
				negs++;
			} else {
				out->n_leaves++;
				if (it.kind == QRY_WORD && !it.prefix && !it.col && !g->col &&
				    out->n_words < QRY_WORDS_MAX) {
					char *w = quire_arena_strndup(a, it.s, it.n);
					if (w)
						out->words[out->n_words++] = w;
					else
						failed = 1;
				}
			}
			break;
		default:
			break;
		}
	}
	/* Groups left open close at the end. */
	while (depth > 0) {
		qry_group *g = &st[depth];
		buf_reset(&e);
		qry_close(g, any, &e, &x, a, &failed);
		int neg = g->negate;
		qry_group_free(g);
		depth--;
		if (e.len > 0 && x)
			qry_add(&st[depth], e.p, e.len, x, neg, any, a, &failed);
	}
	buf_reset(&e);
	qry_commit(&st[0], any, a, &failed);
	out->n_required = any ? 0 : st[0].npos;
	qry_close(&st[0], any, &e, &x, a, &failed);
	qry_group_free(&st[0]);
	failed |= buf_failed(&e) || buf_failed(&leaf);
	if (!failed && e.len > 0) {
		out->match = buf_to_arena(&e, a);
		out->root = x;
		failed = out->match == NULL || x == NULL;
	}
	buf_free(&leaf);
	buf_free(&e);
	if (failed)
		return QUIRE_ENOMEM;
	if (!out->match && negs > 0) {
		/* Only exclusions: read them as words. */
		qry_parsed keep = *out;
		buf_t t = BUF_INIT;
		for (size_t i = 0; i < L.n; i++)
			buf_putc(&t, L.t[i] == '-' ? ' ' : L.t[i]);
		if (buf_failed(&t)) {
			buf_free(&t);
			return QUIRE_ENOMEM;
		}
		char *plain = quire_arena_strndup(a, t.p ? t.p : "", t.len);
		buf_free(&t);
		if (!plain)
			return QUIRE_ENOMEM;
		/* NOT as a word stays a word now: mark it lower-case. */
		for (char *p = strstr(plain, "NOT"); p; p = strstr(p + 3, "NOT"))
			p[0] = 'n';
		quire_status qs = qry_parse(plain, any, a, out);
		/* The filters were read the first time round already. */
		out->year_min = keep.year_min;
		out->year_max = keep.year_max;
		out->words_min = keep.words_min;
		out->words_max = keep.words_max;
		out->pages_min = keep.pages_min;
		out->pages_max = keep.pages_max;
		out->added_min = keep.added_min;
		out->added_max = keep.added_max;
		out->format = keep.format;
		out->tag = keep.tag;
		return qs;
	}
	return QUIRE_OK;
}
