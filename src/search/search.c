/*
 * search.c — the first search engine behind search.h: SQLite FTS5, ranked
 * by BM25, over the index the store keeps in step with the papers
 * (migration 2 and "The search index" in src/store/store_sqlite.c).
 *
 * The index: one FTS5 row per paper with six columns, title, authors,
 * meta ("year filename format" as words), preview (the public head and
 * tail), body (the normalised text) and refs (the reference entries, one a
 * line).  Its content is external (the view papers_fts_src over papers), so
 * no text is stored twice; snippets read the text back from papers.
 *
 * Decisions:
 *
 *   - The access rule is applied inside SQL, as two arms of one statement
 *     joined by UNION ALL.  Papers the viewer may open (public; members'
 *     when signed in; private when the viewer owns them; all for an admin)
 *     are matched on every column.  The others are matched only on the
 *     public columns, with FTS5's column filter
 *     "{title authors meta preview refs} : (…)", so a word found only in
 *     the gated text can never bring such a paper up, and its snippet is
 *     cut from the preview, never from the text.  FTS5 needs one constant
 *     MATCH expression per table scan, hence two arms merged by score.
 *     BM25 scores of the two arms are comparable: both use the statistics
 *     of the same index.
 *   - Column weights for bm25(): title 10, authors 5, meta 2, preview 1,
 *     body 1, refs 0.5.  The preview is a copy of the text's head and tail,
 *     so for an open paper a word there counts twice already; references
 *     name other works, so a word in them says less about the paper.  A
 *     title hit beats a body hit even when the body repeats the word; the
 *     tests pin that down.
 *   - Tokenizer "porter unicode61 remove_diacritics 2": case and
 *     diacritics fold ("Sovétskiy" finds "Sovetskiy"), and Porter's
 *     stemmer conflates English endings (river/rivers, bleach/bleaching/
 *     bleached).  Porter knows English only; on the French, German and
 *     Spanish papers of a library it mostly strips plural -s and leaves the
 *     rest alone, and since queries are stemmed the same way an exact word
 *     is always still found: the cost is a few false conflations, the gain
 *     is recall on the (mostly English) material.  Phrases still need the
 *     words in order.
 *   - The query language for now: plain words (all must match) and "exact
 *     phrases".  Every word and phrase is handed to FTS5 as a quoted
 *     string, so nothing a person types (stray quotes, AND/OR/NOT/NEAR,
 *     parentheses, colons, '*', '-', '^') is ever read as an operator or
 *     an error: the tokenizer just treats punctuation as a separator.  A
 *     stray quote is dropped and the rest read as words.  At most
 *     SRCH_TEXT_MAX bytes and SRCH_PHRASES_MAX words or phrases are read.
 *     An empty query (only spaces) lists every paper that passes the
 *     filters (browsing by tag or format), newest first for "relevance".
 *   - Two steps: the page of hits (one statement, with ORDER BY and
 *     LIMIT) and then a snippet per hit (FTS5's snippet(), which picks the
 *     best-scoring fragment of the column, 24 tokens, matches between the
 *     bytes 0x01 and 0x02).  Asking for snippets in the page statement
 *     would cut one for every match before the sort.  The count for
 *     pagination is a COUNT over the same two arms.  All three run in one
 *     read transaction, so they see the same library.
 *   - Related papers: the paper's distinctive public terms (title words
 *     counted thrice, preview words once, common words left out), weighted
 *     by tf·idf with the document frequency taken over the public columns
 *     (so the gated text of other papers steers nothing), the best
 *     SRCH_RELATED_TERMS ORed into one query and run through the same two
 *     arms, the paper itself left out.
 *   - SQL is built only from the constant pieces in this file; everything
 *     a person typed is bound as a parameter.
 */
#include "search.h"
#include "buf.h"
#include "fts.h"
#include "ids.h"
#include "query.h"
#include "store_sqlite.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SRCH_LIMIT_DEFAULT 20
#define SRCH_LIMIT_MAX 100
#define SRCH_RELATED_REFTERMS 8 /* reference terms of the related query */
#define SRCH_RELATED_CUT 0.3   /* related hits below this share of the best go */
#define SRCH_SUGGEST_SCAN 20000 /* vocabulary entries read per word */
#define SRCH_COORD 1000.0      /* relaxed: how many words match comes first */
#define SRCH_BROWSE_CHARS 300  /* characters of preview shown without a query */
#define SRCH_RELATED_WORDS 4000 /* words of title and preview read for terms */
#define SRCH_RELATED_CANDS 256 /* distinct candidate terms kept */
#define SRCH_RELATED_PROBE 40  /* candidates whose document frequency is read */
#define SRCH_RELATED_TERMS 12  /* terms of the related query */

/* Column numbers of papers_fts (migration 2). */
#define SRCH_COL_PREVIEW "3"
#define SRCH_COL_BODY "4"

#define SRCH_RANK(open)                                                     \
	"quire_rank(papers_fts, " open ", ?19, ?20, ?21, ?22, ?23, ?24, ?25,"  \
	" ?26, ?27, ?28)"
#define SRCH_PUBLIC_COLS "{title authors meta preview refs}"

/*
 * Parameters shared by the statements:
 *   ?1 the full MATCH expression, ?2 the public one,
 *   ?3 admin, ?4 signed in, ?5 user name,
 *   ?6 ?7 year bounds, ?8 ?9 word bounds, ?10 format, ?11 tag,
 *   ?12 rowid left out (0: none), ?13 limit, ?14 offset,
 *   ?15 ?16 page bounds, ?17 ?18 bounds of the date added,
 *   ?19 … ?27 ranking parameters (NULL: default; fts.h), ?28 coordination.
 * SRCH_OPEN is 0 or 1, never NULL (a NULL would drop a paper from both
 * arms).
 */
#define SRCH_OPEN                                                           \
	"(p.visibility = 0 OR ?3 OR (p.visibility = 1 AND ?4)"             \
	" OR (p.visibility = 2 AND ?5 IS NOT NULL AND p.owner IS NOT NULL" \
	" AND p.owner = ?5 COLLATE NOCASE))"

#define SRCH_FILTER                                                          \
	" AND (?6 IS NULL OR coalesce(p.e_year, p.a_year) >= ?6)"           \
	" AND (?7 IS NULL OR coalesce(p.e_year, p.a_year) <= ?7)"           \
	" AND (?8 IS NULL OR p.words >= ?8)"                                \
	" AND (?9 IS NULL OR p.words <= ?9)"                                \
	" AND (?10 IS NULL OR p.format = ?10)"                              \
	" AND (?11 IS NULL OR EXISTS (SELECT 1 FROM tags t"                 \
	" WHERE t.paper_id = p.id AND t.tag = ?11))"                        \
	" AND p.rowid <> ?12"                                                \
	" AND (?15 IS NULL OR p.pages >= ?15)"                              \
	" AND (?16 IS NULL OR p.pages <= ?16)"                              \
	" AND (?17 IS NULL OR p.added >= ?17)"                              \
	" AND (?18 IS NULL OR p.added <= ?18)"

#define SRCH_ARMS                                                            \
	"SELECT papers_fts.rowid AS rid, " SRCH_RANK("1") " AS score, 1 AS can_open" \
	" FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid"       \
	" WHERE papers_fts MATCH ?1 AND " SRCH_OPEN SRCH_FILTER              \
	" UNION ALL "                                                        \
	"SELECT papers_fts.rowid, " SRCH_RANK("0") ", 0"                      \
	" FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid"       \
	" WHERE papers_fts MATCH ?2 AND NOT " SRCH_OPEN SRCH_FILTER

#define SRCH_BROWSE                                                          \
	"SELECT p.rowid AS rid, 0.0 AS score, " SRCH_OPEN " AS can_open"     \
	" FROM papers p WHERE 1" SRCH_FILTER

#define SRCH_PAGE_COLS                                                       \
	"SELECT h.rid, h.score, h.can_open, p.id,"                           \
	" coalesce(p.e_title, p.a_title), coalesce(p.e_authors, p.a_authors),"\
	" coalesce(p.e_year, p.a_year), p.format, p.words, p.pages"          \
	" FROM ("

#define SRCH_PAGE_TAIL ") AS h JOIN papers p ON p.rowid = h.rid ORDER BY "

/* ORDER BY of each sort, ascending and descending; ties in the order of
 * adding.  Relevance has one order (best first). */
static const char *const srch_orders[4][2] = {
	{"h.score DESC, p.added DESC, p.rowid DESC",
	 "h.score DESC, p.added DESC, p.rowid DESC"},
	{"p.added, p.rowid", "p.added DESC, p.rowid DESC"},
	{"coalesce(p.e_title, p.a_title) COLLATE NOCASE, p.added, p.rowid",
	 "coalesce(p.e_title, p.a_title) COLLATE NOCASE DESC, p.added DESC,"
	 " p.rowid DESC"},
	{"p.words, p.added, p.rowid", "p.words DESC, p.added DESC, p.rowid DESC"},
};

/* What one run of the engine is asked. */
typedef struct srch_plan {
	const char *full;          /* MATCH over every column; NULL: browse */
	const char *pub;           /* MATCH over the public columns */
	const srch_query *q;       /* filters, sort, access, page */
	sqlite3_int64 exclude;     /* rowid left out, 0: none */
	double coord;              /* quire_rank's coordination */
	double prox;               /* quire_rank's proximity, unless tuned */
} srch_plan;

/* ------------------------------------------------------------------ */
/* Errors, transactions, parameters                                    */
/* ------------------------------------------------------------------ */

static quire_status srch_db_error(sqlite3 *db, int rc, quire_error *err,
				  const char *what)
{
	if ((rc & 0xff) == SQLITE_NOMEM)
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	if ((rc & 0xff) == SQLITE_CORRUPT)
		return quire_error_set(err, QUIRE_ESTORE, "%s: library is corrupt: %s",
				       what, sqlite3_errmsg(db));
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return quire_error_set(err, QUIRE_ESTORE,
				       "%s: library is busy; try again", what);
	return quire_error_set(err, QUIRE_ESTORE, "%s: %s", what, sqlite3_errmsg(db));
}

static quire_status srch_prepare(sqlite3 *db, const char *sql,
				 sqlite3_stmt **s, quire_error *err,
				 const char *what)
{
	int rc = sqlite3_prepare_v2(db, sql, -1, s, NULL);
	if (rc == SQLITE_OK)
		return QUIRE_OK;
	sqlite3_finalize(*s);
	*s = NULL;
	return srch_db_error(db, rc, err, what);
}

/* Opens a read transaction unless one is open; returns whether it did. */
static int srch_begin(sqlite3 *db)
{
	return sqlite3_get_autocommit(db) &&
	       sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void srch_end(sqlite3 *db, int began)
{
	if (began && !sqlite3_get_autocommit(db))
		(void)sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

/* Binds the shared parameters (those the statement has) of plan p. */
static int srch_bind(sqlite3_stmt *s, const srch_plan *p)
{
	const srch_query *q = p->q;
	const srch_access *acc = &q->access;
	int top = sqlite3_bind_parameter_count(s), rc = SQLITE_OK;
	size_t limit = q->limit ? q->limit : SRCH_LIMIT_DEFAULT;
	if (limit > SRCH_LIMIT_MAX)
		limit = SRCH_LIMIT_MAX;
	size_t offset = q->offset > (size_t)INT64_MAX ? (size_t)INT64_MAX : q->offset;

	for (int i = 1; i <= top && rc == SQLITE_OK; i++) {
		switch (i) {
		case 1:
			rc = sqlite3_bind_text(s, i, p->full ? p->full : "", -1, SQLITE_STATIC);
			break;
		case 2:
			rc = sqlite3_bind_text(s, i, p->pub ? p->pub : "", -1, SQLITE_STATIC);
			break;
		case 3:
			rc = sqlite3_bind_int(s, i, acc->admin != 0);
			break;
		case 4:
			rc = sqlite3_bind_int(s, i, acc->signed_in || acc->admin);
			break;
		case 5:
			rc = acc->user && *acc->user
				     ? sqlite3_bind_text(s, i, acc->user, -1, SQLITE_STATIC)
				     : sqlite3_bind_null(s, i);
			break;
		case 6:
		case 7: {
			int y = i == 6 ? q->year_min : q->year_max;
			rc = y ? sqlite3_bind_int(s, i, y) : sqlite3_bind_null(s, i);
			break;
		}
		case 8:
		case 9: {
			size_t w = i == 8 ? q->min_words : q->max_words;
			if (w > (size_t)INT64_MAX)
				w = (size_t)INT64_MAX;
			rc = w ? sqlite3_bind_int64(s, i, (sqlite3_int64)w)
			       : sqlite3_bind_null(s, i);
			break;
		}
		case 10:
		case 11: {
			const char *v = i == 10 ? q->format : q->tag;
			rc = v && *v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC)
				     : sqlite3_bind_null(s, i);
			break;
		}
		case 12:
			rc = sqlite3_bind_int64(s, i, p->exclude);
			break;
		case 13:
			rc = sqlite3_bind_int64(s, i, (sqlite3_int64)limit);
			break;
		case 14:
			rc = sqlite3_bind_int64(s, i, (sqlite3_int64)offset);
			break;
		case 15:
		case 16: {
			unsigned v = i == 15 ? q->min_pages : q->max_pages;
			rc = v ? sqlite3_bind_int64(s, i, v) : sqlite3_bind_null(s, i);
			break;
		}
		case 17:
		case 18: {
			int64_t v = i == 17 ? q->added_min : q->added_max;
			rc = v ? sqlite3_bind_int64(s, i, v) : sqlite3_bind_null(s, i);
			break;
		}
		case 28:
			rc = sqlite3_bind_double(s, i, p->coord);
			break;
		default:
			if (i == 27 && (!q->tuning || q->tuning->proximity < 0)) {
				rc = sqlite3_bind_double(s, i, p->prox);
			} else if (i >= 19 && i <= 27 && q->tuning) {
				const srch_tuning *t = q->tuning;
				const double v[9] = {t->k1, t->b, t->w_title, t->w_authors,
						     t->w_meta, t->w_preview, t->w_body,
						     t->w_refs, t->proximity};
				rc = v[i - 19] >= 0 ? sqlite3_bind_double(s, i, v[i - 19])
						    : sqlite3_bind_null(s, i);
			}
			break;
		}
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* The query language                                                  */
/* ------------------------------------------------------------------ */

static int srch_space(unsigned char c)
{
	return c <= ' ' || c == 0x7f;
}

/* "{public columns} : (expr)" into b. */
static void srch_public(buf_t *b, const char *expr)
{
	buf_puts(b, SRCH_PUBLIC_COLS " : (");
	buf_puts(b, expr);
	buf_putc(b, ')');
}

/* ------------------------------------------------------------------ */
/* Running a plan                                                      */
/* ------------------------------------------------------------------ */

/* Column i as a string in a ("" for NULL); NULL when out of memory. */
static const char *srch_col(sqlite3_stmt *s, int i, quire_arena *a)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	size_t n = (size_t)sqlite3_column_bytes(s, i);
	return quire_arena_strndup(a, t ? (const char *)t : "", t ? n : 0);
}

/* The first SRCH_BROWSE_CHARS characters of a preview, cut after a whole
 * word, "…" added when cut. */
static const char *srch_head(const char *t, size_t n, quire_arena *a)
{
	size_t cut = n, chars = 0;
	for (size_t i = 0; i < n; i++) {
		if (((unsigned char)t[i] & 0xC0) != 0x80 && chars++ == SRCH_BROWSE_CHARS) {
			cut = i;
			break;
		}
	}
	if (cut == n)
		return quire_arena_strndup(a, t, n);
	size_t k = cut;
	while (k > 0 && !srch_space((unsigned char)t[k - 1]))
		k--;
	if (k > 0)
		cut = k;
	while (cut > 0 && srch_space((unsigned char)t[cut - 1]))
		cut--;
	char *o = quire_arena_alloc(a, cut + 4);
	if (!o)
		return NULL;
	memcpy(o, t, cut);
	memcpy(o + cut, "\xE2\x80\xA6", 4);
	return o;
}

/* Fills the snippet of every hit of out (see the top of this file). */
static quire_status srch_snippets(sqlite3 *db, const srch_plan *p,
				  const sqlite3_int64 *rids, quire_arena *a,
				  srch_result *out, quire_error *err)
{
	static const char what[] = "searching";
#define SRCH_SNIPPET(col)                                                   \
	"SELECT snippet(papers_fts, " col ", X'01', X'02', '\xE2\x80\xA6', 24)" \
	" FROM papers_fts WHERE papers_fts MATCH ?1 AND rowid = ?2"
	sqlite3_stmt *open = NULL, *shut = NULL;
	quire_status qs;

	if (p->full) {
		qs = srch_prepare(db, SRCH_SNIPPET(SRCH_COL_BODY), &open, err, what);
		if (qs == QUIRE_OK)
			qs = srch_prepare(db, SRCH_SNIPPET(SRCH_COL_PREVIEW), &shut, err, what);
	} else {
		qs = srch_prepare(db, "SELECT preview FROM papers WHERE rowid = ?2",
				  &open, err, what);
	}
#undef SRCH_SNIPPET
	for (size_t i = 0; qs == QUIRE_OK && i < out->n; i++) {
		srch_hit *h = &out->hits[i];
		sqlite3_stmt *s = !p->full || h->can_open ? open : shut;
		int rc = SQLITE_OK;
		if (p->full)
			rc = sqlite3_bind_text(s, 1, h->can_open ? p->full : p->pub, -1,
					       SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_bind_int64(s, 2, rids[i]);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			const char *t = (const char *)sqlite3_column_text(s, 0);
			size_t n = (size_t)sqlite3_column_bytes(s, 0);
			h->snippet = p->full ? quire_arena_strndup(a, t ? t : "", t ? n : 0)
					     : srch_head(t ? t : "", t ? n : 0, a);
			if (!h->snippet)
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		} else if (rc == SQLITE_DONE) {
			h->snippet = "";
		} else {
			qs = srch_db_error(db, rc, err, what);
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(open);
	sqlite3_finalize(shut);
	return qs;
}

/* Runs plan p: the count, the page, the snippets, in one read
 * transaction. */
static quire_status srch_run(sqlite3 *db, const srch_plan *p, quire_arena *a,
			     srch_result *out, quire_error *err)
{
	static const char what[] = "searching";
	const srch_query *q = p->q;
	buf_t sql = BUF_INIT;
	sqlite3_stmt *s = NULL;
	sqlite3_int64 *rids = NULL;
	quire_status qs = QUIRE_OK;
	int rc;

	if ((unsigned)q->sort > SRCH_SORT_WORDS)
		return quire_error_set(err, QUIRE_EUSAGE, "%s: unknown sort %d", what,
				       (int)q->sort);
	const char *arms = p->full ? SRCH_ARMS : SRCH_BROWSE;
	int began = srch_begin(db);

	/* The count. */
	buf_puts(&sql, "SELECT count(*) FROM (");
	buf_puts(&sql, arms);
	buf_putc(&sql, ')');
	if (buf_failed(&sql))
		qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	if (qs == QUIRE_OK)
		qs = srch_prepare(db, sql.p, &s, err, what);
	if (qs == QUIRE_OK) {
		rc = srch_bind(s, p);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			sqlite3_int64 c = sqlite3_column_int64(s, 0);
			out->total = c > 0 ? (size_t)c : 0;
		} else {
			qs = srch_db_error(db, rc, err, what);
		}
		sqlite3_finalize(s);
		s = NULL;
	}

	/* The page. */
	size_t limit = q->limit ? q->limit : SRCH_LIMIT_DEFAULT;
	if (limit > SRCH_LIMIT_MAX)
		limit = SRCH_LIMIT_MAX;
	if (qs == QUIRE_OK && q->offset < out->total) {
		size_t cap = out->total - q->offset < limit ? out->total - q->offset : limit;
		/* Without a query, "relevance" is the newest first. */
		const char *order =
			q->sort != SRCH_SORT_RELEVANCE ? srch_orders[q->sort][q->descending != 0]
			: p->full ? srch_orders[SRCH_SORT_RELEVANCE][0]
				  : srch_orders[SRCH_SORT_ADDED][1];
		buf_reset(&sql);
		buf_puts(&sql, SRCH_PAGE_COLS);
		buf_puts(&sql, arms);
		buf_puts(&sql, SRCH_PAGE_TAIL);
		buf_puts(&sql, order);
		buf_puts(&sql, " LIMIT ?13 OFFSET ?14");
		out->hits = quire_arena_alloc(a, cap * sizeof *out->hits);
		rids = calloc(cap, sizeof *rids);
		if (buf_failed(&sql) || !out->hits || !rids)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		if (qs == QUIRE_OK)
			qs = srch_prepare(db, sql.p, &s, err, what);
		rc = qs == QUIRE_OK ? srch_bind(s, p) : SQLITE_OK;
		while (qs == QUIRE_OK && rc == SQLITE_OK && out->n < cap &&
		       (rc = sqlite3_step(s)) == SQLITE_ROW) {
			srch_hit *h = &out->hits[out->n];
			memset(h, 0, sizeof *h);
			rids[out->n] = sqlite3_column_int64(s, 0);
			h->score = sqlite3_column_double(s, 1);
			h->can_open = sqlite3_column_int(s, 2) != 0;
			const unsigned char *id = sqlite3_column_text(s, 3);
			snprintf(h->id, sizeof h->id, "%s", id ? (const char *)id : "");
			h->title = srch_col(s, 4, a);
			h->authors = srch_col(s, 5, a);
			h->year = sqlite3_column_int(s, 6);
			h->format = srch_col(s, 7, a);
			sqlite3_int64 w = sqlite3_column_int64(s, 8);
			h->words = w > 0 ? (size_t)w : 0;
			sqlite3_int64 pg = sqlite3_column_int64(s, 9);
			h->pages = pg > 0 && pg <= (sqlite3_int64)UINT32_MAX ? (unsigned)pg : 0;
			h->snippet = "";
			if (!h->title || !h->authors || !h->format)
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
			out->n++;
			rc = SQLITE_OK;
		}
		if (qs == QUIRE_OK && rc != SQLITE_DONE && rc != SQLITE_OK &&
		    rc != SQLITE_ROW)
			qs = srch_db_error(db, rc, err, what);
		sqlite3_finalize(s);
	}
	buf_free(&sql);
	if (qs == QUIRE_OK)
		qs = srch_snippets(db, p, rids, a, out, err);
	free(rids);
	srch_end(db, began);
	if (qs != QUIRE_OK)
		memset(out, 0, sizeof *out);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

static quire_status srch_text(sqlite3 *db, const srch_query *q, int any,
			      double coord, quire_arena *a, qry_parsed *pq,
			      srch_result *out, quire_error *err);

/* ------------------------------------------------------------------ */
/* Did you mean                                                        */
/* ------------------------------------------------------------------ */

#define SRCH_WORD_MAX 48

/* Edit distance (optimal string alignment: insert, delete, change, swap
 * two neighbours) of a and b, each at most SRCH_WORD_MAX bytes; max + 1
 * when it is over max. */
static int srch_distance(const char *a, size_t na, const char *b, size_t nb,
			 int max)
{
	int d[3][SRCH_WORD_MAX + 1];
	if (na > SRCH_WORD_MAX || nb > SRCH_WORD_MAX)
		return max + 1;
	if ((na > nb ? na - nb : nb - na) > (size_t)max)
		return max + 1;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		int *cur = d[i % 3], *prev = d[(i - 1) % 3], *pp = d[(i + 1) % 3];
		int low = cur[0] = (int)i;
		for (size_t j = 1; j <= nb; j++) {
			int c = a[i - 1] != b[j - 1];
			int v = prev[j - 1] + c;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < low)
				low = v;
		}
		if (low > max)
			return max + 1;
	}
	return d[na % 3][nb];
}

/* The library's spelling of the stem term: the first word of a paper that
 * the term matches, folded to lower case (ASCII); NULL if none. */
static const char *srch_surface(sqlite3 *db, const char *term, quire_arena *a)
{
	sqlite3_stmt *s = NULL;
	char expr[SRCH_WORD_MAX + 8];
	const char *r = NULL;
	snprintf(expr, sizeof expr, "\"%s\"", term);
	if (sqlite3_prepare_v2(db,
		"SELECT snippet(papers_fts, -1, X'01', X'02', '', 1) FROM papers_fts"
		" WHERE papers_fts MATCH ?1 LIMIT 1", -1, &s, NULL) != SQLITE_OK) {
		sqlite3_finalize(s);
		return NULL;
	}
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		const char *o = t ? strchr(t, SRCH_MARK_OPEN) : NULL;
		const char *c = o ? strchr(o, SRCH_MARK_CLOSE) : NULL;
		if (o && c && c > o + 1) {
			char *w = quire_arena_strndup(a, o + 1, (size_t)(c - o - 1));
			for (char *k = w; k && *k; k++)
				if (*k >= 'A' && *k <= 'Z')
					*k = (char)(*k - 'A' + 'a');
			r = w;
		}
	}
	sqlite3_finalize(s);
	return r;
}

/* The closest word of the library's vocabulary to word w (NULL: w is
 * there, or nothing is close).  Only entries with w's first letter are
 * read, at most SRCH_SUGGEST_SCAN of them. */
static const char *srch_correct(sqlite3 *db, sqlite3_stmt *has,
				sqlite3_stmt *scan, const char *w,
				quire_arena *a)
{
	char low[SRCH_WORD_MAX + 1], stem[SRCH_WORD_MAX + 1], best[SRCH_WORD_MAX + 1];
	size_t n = strlen(w);
	if (n < 3 || n > SRCH_WORD_MAX)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)w[i];
		if (c >= 0x80 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return NULL; /* only plain letters are corrected */
		low[i] = (char)(c | 0x20);
	}
	low[n] = '\0';
	size_t sn = fts_stem(low, n, stem, sizeof stem);
	if (sn == 0)
		return NULL;
	sqlite3_bind_text(has, 1, stem, (int)sn, SQLITE_TRANSIENT);
	int found = sqlite3_step(has) == SQLITE_ROW;
	sqlite3_reset(has);
	if (found)
		return NULL;
	char lo[2] = {stem[0], 0}, hi[2] = {(char)(stem[0] + 1), 0};
	sqlite3_bind_text(scan, 1, lo, 1, SQLITE_TRANSIENT);
	sqlite3_bind_text(scan, 2, hi, 1, SQLITE_TRANSIENT);
	int max = sn <= 4 ? 1 : 2, best_d = max + 1;
	sqlite3_int64 best_docs = 0;
	best[0] = '\0';
	while (sqlite3_step(scan) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(scan, 0);
		size_t tn = (size_t)sqlite3_column_bytes(scan, 0);
		sqlite3_int64 docs = sqlite3_column_int64(scan, 1);
		if (!t || tn > SRCH_WORD_MAX)
			continue;
		int d = srch_distance(stem, sn, t, tn, max);
		if (d < best_d || (d == best_d && d <= max && docs > best_docs)) {
			best_d = d;
			best_docs = docs;
			memcpy(best, t, tn);
			best[tn] = '\0';
		}
	}
	sqlite3_reset(scan);
	if (best_d > max)
		return NULL;
	return srch_surface(db, best, a);
}

/* Is w[0..n) the word at t[i…] standing alone (not inside a word)? */
static int srch_word_at(const char *t, size_t len, size_t i, const char *w,
			size_t n)
{
	if (i + n > len || memcmp(t + i, w, n) != 0)
		return 0;
	unsigned char before = i ? (unsigned char)t[i - 1] : ' ';
	unsigned char after = i + n < len ? (unsigned char)t[i + n] : ' ';
	return (srch_space(before) || before == '(' || before == '"') &&
	       (srch_space(after) || after == ')' || after == '"' || after == '*');
}

/* A query with each misspelt word replaced, when it finds something. */
static quire_status srch_suggest(sqlite3 *db, const srch_query *q,
				 const qry_parsed *pq, quire_arena *a,
				 srch_result *out, quire_error *err)
{
	sqlite3_stmt *has = NULL, *scan = NULL;
	const char *fix[QRY_WORDS_MAX];
	int changed = 0;

	if (sqlite3_exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.srch_vocab"
			 " USING fts5vocab(main, papers_fts, row)", NULL, NULL, NULL) != SQLITE_OK)
		return QUIRE_OK; /* no suggestion is no failure */
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM temp.srch_vocab WHERE term = ?1",
			       -1, &has, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT term, doc FROM temp.srch_vocab"
			       " WHERE term >= ?1 AND term < ?2 LIMIT " "20000",
			       -1, &scan, NULL) != SQLITE_OK) {
		sqlite3_finalize(has);
		sqlite3_finalize(scan);
		return QUIRE_OK;
	}
	for (size_t i = 0; i < pq->n_words; i++) {
		fix[i] = srch_correct(db, has, scan, pq->words[i], a);
		changed |= fix[i] != NULL && strcmp(fix[i], pq->words[i]) != 0;
	}
	sqlite3_finalize(has);
	sqlite3_finalize(scan);
	if (!changed)
		return QUIRE_OK;

	/* The query again, each corrected word replaced once. */
	const char *t = q->text;
	size_t len = strnlen(t, QRY_TEXT_MAX);
	buf_t b = BUF_INIT;
	int used[QRY_WORDS_MAX] = {0};
	for (size_t i = 0; i < len;) {
		size_t k = 0;
		for (; k < pq->n_words; k++)
			if (fix[k] && !used[k] &&
			    srch_word_at(t, len, i, pq->words[k], strlen(pq->words[k])))
				break;
		if (k < pq->n_words) {
			buf_puts(&b, fix[k]);
			i += strlen(pq->words[k]);
			used[k] = 1;
		} else {
			buf_putc(&b, t[i++]);
		}
	}
	const char *sugg = buf_to_arena(&b, a);
	int failed = buf_failed(&b) || !sugg;
	buf_free(&b);
	if (failed)
		return quire_error_set(err, QUIRE_ENOMEM, "searching: out of memory");
	/* Only a suggestion that finds something for this viewer. */
	srch_query sq = *q;
	srch_result sr;
	qry_parsed spq;
	memset(&sr, 0, sizeof sr);
	sq.text = sugg;
	sq.limit = 1;
	sq.offset = 0;
	quire_status qs = srch_text(db, &sq, q->any != 0, 0.0, a, &spq, &sr, err);
	if (qs == QUIRE_OK && sr.total == 0 && !q->any && spq.n_required >= 2)
		qs = srch_text(db, &sq, 1, SRCH_COORD, a, &spq, &sr, err);
	if (qs == QUIRE_OK && sr.total > 0)
		out->suggestion = sugg;
	return qs;
}

/* Narrows the filters of e by those typed in the query. */
static void srch_merge(srch_query *e, const qry_parsed *pq)
{
	if (pq->year_min > e->year_min)
		e->year_min = pq->year_min;
	if (pq->year_max && (!e->year_max || pq->year_max < e->year_max))
		e->year_max = pq->year_max;
	if (pq->words_min > e->min_words)
		e->min_words = pq->words_min;
	if (pq->words_max && (!e->max_words || pq->words_max < e->max_words))
		e->max_words = pq->words_max;
	if (pq->pages_min > e->min_pages)
		e->min_pages = pq->pages_min;
	if (pq->pages_max && (!e->max_pages || pq->pages_max < e->max_pages))
		e->max_pages = pq->pages_max;
	if (pq->added_min > e->added_min)
		e->added_min = pq->added_min;
	if (pq->added_max && (!e->added_max || pq->added_max < e->added_max))
		e->added_max = pq->added_max;
	if (pq->format)
		e->format = pq->format;
	if (pq->tag)
		e->tag = pq->tag;
}

/* Runs text (the query language) with the filters of q. */
static quire_status srch_text(sqlite3 *db, const srch_query *q, int any,
			      double coord, quire_arena *a, qry_parsed *pq,
			      srch_result *out, quire_error *err)
{
	buf_t pub = BUF_INIT;
	srch_query e = *q;
	if (qry_parse(q->text, any, a, pq) != QUIRE_OK)
		return quire_error_set(err, QUIRE_ENOMEM, "searching: out of memory");
	srch_merge(&e, pq);
	srch_plan p = {NULL, NULL, &e, 0, coord,
		       any ? FTS_PROXIMITY : FTS_PROXIMITY_ALL};
	if (pq->match) {
		srch_public(&pub, pq->match);
		if (buf_failed(&pub)) {
			buf_free(&pub);
			return quire_error_set(err, QUIRE_ENOMEM, "searching: out of memory");
		}
		p.full = pq->match;
		p.pub = pub.p;
	}
	quire_status qs = srch_run(db, &p, a, out, err);
	buf_free(&pub);
	return qs;
}

quire_status srch_search(store_t *st, const srch_query *q, quire_arena *a,
			 srch_result *out, quire_error *err)
{
	sqlite3 *db = st_sqlite_handle(st);
	qry_parsed pq;

	if (out)
		memset(out, 0, sizeof *out);
	if (!db || !q || !a || !out)
		return quire_error_set(err, QUIRE_EUSAGE, "srch_search: nothing to search");
	int began = srch_begin(db);
	quire_status qs = srch_text(db, q, q->any != 0, 0.0, a, &pq, out, err);
	/* No paper has all the words: those with most of them. */
	if (qs == QUIRE_OK && out->total == 0 && !q->any && pq.n_required >= 2) {
		qs = srch_text(db, q, 1, SRCH_COORD, a, &pq, out, err);
		out->relaxed = qs == QUIRE_OK && out->total > 0;
	}
	if (qs == QUIRE_OK && out->total == 0 && pq.n_words > 0)
		qs = srch_suggest(db, q, &pq, a, out, err);
	srch_end(db, began);
	if (qs != QUIRE_OK)
		memset(out, 0, sizeof *out);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Related papers                                                      */
/* ------------------------------------------------------------------ */

/* Words too common to say what a paper is about (English, French,
 * German, Spanish), sorted for bsearch. */
static const char *const srch_stop[] = {
	"about", "after", "again", "also", "although", "among", "and", "are",
	"auf", "aus", "avec", "because", "been", "before", "being", "between",
	"both", "but", "can", "como", "could", "dans", "das", "del", "dem",
	"den", "der", "des", "die", "does", "down", "durch", "each", "ein",
	"eine", "einer", "el", "elle", "entre", "est", "esta", "este", "even",
	"every", "first", "for", "from", "fue", "had", "has", "have", "her",
	"here", "him", "his", "how", "however", "ich", "ils", "into", "isn",
	"ist", "its", "las", "les", "leur", "los", "mais", "many", "may",
	"mehr", "mit", "more", "most", "much", "must", "nach", "nicht", "not",
	"nous", "now", "only", "other", "our", "out", "over", "par", "para",
	"pas", "per", "pero", "por", "pour", "que", "qui", "same", "se", "sein",
	"she", "should", "since", "sind", "some", "such", "sur", "than", "that",
	"the", "their", "them", "then", "there", "these", "they", "this",
	"those", "through", "thus", "too", "una", "und", "under", "une",
	"uno", "until", "upon", "very", "vom", "von", "was", "were",
	"what", "when", "where", "which", "while", "who", "whom", "whose",
	"why", "wie", "will", "with", "within", "without", "would", "you",
	"your", "zum", "zur",
};

static int srch_cmp_stop(const void *k, const void *e)
{
	return strcmp((const char *)k, *(const char *const *)e);
}

typedef struct srch_term {
	char *s;      /* lower-cased (ASCII) word, in the arena */
	double w;     /* weighted count, then tf·idf */
} srch_term;

static int srch_cmp_term(const void *x, const void *y)
{
	const srch_term *a = x, *b = y;
	return a->w < b->w ? 1 : a->w > b->w ? -1 : strcmp(a->s, b->s);
}

/* Adds the words of t (weight w each) to the candidates. */
static void srch_collect(const char *t, double w, srch_term *v, size_t *n,
			 size_t *words, quire_arena *a)
{
	char word[64];
	for (size_t i = 0; t && t[i] && *words < SRCH_RELATED_WORDS;) {
		unsigned char c = (unsigned char)t[i];
		if (!(c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z'))) {
			i++;
			continue;
		}
		size_t k = 0, digits = 0;
		int fits = 1;
		for (; t[i]; i++) {
			c = (unsigned char)t[i];
			if (!(c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z')))
				break;
			if (k + 1 >= sizeof word) {
				fits = 0;
				continue;
			}
			word[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
			digits += c >= '0' && c <= '9';
		}
		(*words)++;
		word[k] = '\0';
		if (!fits || k < 3 || digits == k ||
		    bsearch(word, srch_stop, sizeof srch_stop / sizeof *srch_stop,
			    sizeof *srch_stop, srch_cmp_stop))
			continue;
		size_t j = 0;
		while (j < *n && strcmp(v[j].s, word) != 0)
			j++;
		if (j < *n) {
			v[j].w += w;
		} else if (*n < SRCH_RELATED_CANDS) {
			v[*n].s = quire_arena_strndup(a, word, k);
			if (!v[*n].s)
				return;
			v[(*n)++].w = w;
		}
	}
}

/* The related query of the paper at rowid: its best terms ORed, into b;
 * 0 when it has none. */
static quire_status srch_terms(sqlite3 *db, const char *title,
			       const char *preview, buf_t *b, size_t *nterms,
			       quire_arena *a, quire_error *err)
{
	static const char what[] = "finding related papers";
	srch_term *v = quire_arena_alloc(a, SRCH_RELATED_CANDS * sizeof *v);
	size_t n = 0, words = 0;
	sqlite3_stmt *s = NULL;
	quire_status qs;

	*nterms = 0;
	if (!v)
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	srch_collect(title, 3.0, v, &n, &words, a);
	srch_collect(preview, 1.0, v, &n, &words, a);
	if (n == 0)
		return QUIRE_OK;
	qsort(v, n, sizeof *v, srch_cmp_term);
	if (n > SRCH_RELATED_PROBE)
		n = SRCH_RELATED_PROBE;

	/* idf over the public columns: how rare each word is. */
	double total = 0;
	qs = srch_prepare(db, "SELECT count(*) FROM papers", &s, err, what);
	if (qs == QUIRE_OK) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			total = (double)sqlite3_column_int64(s, 0);
		else
			qs = srch_db_error(db, rc, err, what);
		sqlite3_finalize(s);
	}
	if (qs == QUIRE_OK)
		qs = srch_prepare(db, "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?1",
				  &s, err, what);
	buf_t e = BUF_INIT;
	for (size_t i = 0; qs == QUIRE_OK && i < n; i++) {
		buf_reset(&e);
		buf_printf(&e, SRCH_PUBLIC_COLS " : \"%s\"", v[i].s);
		if (buf_failed(&e)) {
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
			break;
		}
		int rc = sqlite3_bind_text(s, 1, e.p, -1, SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s);
		if (rc != SQLITE_ROW) {
			qs = srch_db_error(db, rc, err, what);
			break;
		}
		double df = (double)sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		/* A word in no other paper relates to nothing; one in every
		 * paper tells nothing. */
		v[i].w = df > 1 && df < total ? v[i].w * log(total / df) : 0;
	}
	buf_free(&e);
	sqlite3_finalize(s);
	if (qs != QUIRE_OK)
		return qs;
	qsort(v, n, sizeof *v, srch_cmp_term);
	for (size_t i = 0; i < n && *nterms < SRCH_RELATED_TERMS && v[i].w > 0; i++) {
		if ((*nterms)++)
			buf_puts(b, " OR ");
		buf_printf(b, "\"%s\"", v[i].s);
	}
	if (buf_failed(b))
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	return QUIRE_OK;
}

quire_status srch_related(store_t *st, const char *id, const srch_access *acc,
			  size_t limit, quire_arena *a, srch_result *out,
			  quire_error *err)
{
	static const char what[] = "finding related papers";
	sqlite3 *db = st_sqlite_handle(st);
	char rid[ID_MAX_LEN + 1];
	sqlite3_stmt *s = NULL;
	buf_t full = BUF_INIT, pub = BUF_INIT;

	if (out)
		memset(out, 0, sizeof *out);
	if (!db || !id || !acc || !a || !out)
		return quire_error_set(err, QUIRE_EUSAGE, "srch_related: no paper");
	if (id_normalise(id, rid) != ID_NORM_OK)
		return quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%.40s'", id);

	int began = srch_begin(db);
	quire_status qs = srch_prepare(db,
		"SELECT rowid, coalesce(e_title, a_title), preview FROM papers WHERE id = ?1",
		&s, err, what);
	sqlite3_int64 self = 0;
	const char *title = NULL, *preview = NULL;
	if (qs == QUIRE_OK) {
		int rc = sqlite3_bind_text(s, 1, rid, -1, SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			self = sqlite3_column_int64(s, 0);
			title = srch_col(s, 1, a);
			preview = srch_col(s, 2, a);
			if (!title || !preview)
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		} else if (rc == SQLITE_DONE) {
			qs = quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%.40s'", id);
		} else {
			qs = srch_db_error(db, rc, err, what);
		}
		sqlite3_finalize(s);
	}
	size_t nterms = 0;
	if (qs == QUIRE_OK)
		qs = srch_terms(db, title, preview, &full, &nterms, a, err);
	if (qs == QUIRE_OK && nterms > 0) {
		srch_public(&pub, full.p);
		srch_query q;
		memset(&q, 0, sizeof q);
		q.limit = limit;
		q.access = *acc;
		q.bare = 1; /* lists of related papers show titles, not passages:
			     * snippets were 42% of a paper page's render */
		srch_plan p = {full.p, pub.p, &q, self, 0.0, FTS_PROXIMITY};
		if (buf_failed(&pub))
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		else
			qs = srch_run(db, &p, a, out, err);
	}
	srch_end(db, began);
	buf_free(&full);
	buf_free(&pub);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Facets                                                              */
/* ------------------------------------------------------------------ */

/* Reads (value, count) rows of constant sql into *v. */
static quire_status srch_counts(sqlite3 *db, const char *sql, quire_arena *a,
				srch_count **v, size_t *n, quire_error *err)
{
	static const char what[] = "counting papers";
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	*v = NULL;
	*n = 0;
	quire_status qs = srch_prepare(db, sql, &s, err, what);
	int rc = SQLITE_OK;
	while (qs == QUIRE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			/* Every row's count(*) OVER () is the number of rows. */
			sqlite3_int64 rows = sqlite3_column_int64(s, 2);
			cap = rows > 0 ? (size_t)rows : 1;
			*v = quire_arena_alloc(a, cap * sizeof **v);
			if (!*v || *n > 0) {
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
				break;
			}
		}
		srch_count *c = &(*v)[(*n)++];
		c->value = srch_col(s, 0, a);
		sqlite3_int64 k = sqlite3_column_int64(s, 1);
		c->count = k > 0 ? (size_t)k : 0;
		if (!c->value)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	}
	if (qs == QUIRE_OK && rc != SQLITE_DONE)
		qs = srch_db_error(db, rc, err, what);
	sqlite3_finalize(s);
	return qs;
}

quire_status srch_facets(store_t *st, quire_arena *a,
			 srch_count **tags, size_t *n_tags,
			 srch_count **formats, size_t *n_formats,
			 srch_count **lengths, size_t *n_lengths,
			 quire_error *err)
{
	sqlite3 *db = st_sqlite_handle(st);
	if (!db || !a || !tags || !n_tags || !formats || !n_formats || !lengths ||
	    !n_lengths)
		return quire_error_set(err, QUIRE_EUSAGE, "srch_facets: nowhere to count");
	int began = srch_begin(db);
	quire_status qs = srch_counts(db,
		"SELECT tag, count(*), count(*) OVER () FROM tags GROUP BY tag"
		" ORDER BY count(*) DESC, tag", a, tags, n_tags, err);
	if (qs == QUIRE_OK)
		qs = srch_counts(db,
			"SELECT format, count(*), count(*) OVER () FROM papers"
			" GROUP BY format ORDER BY count(*) DESC, format",
			a, formats, n_formats, err);
	if (qs == QUIRE_OK)
		qs = srch_counts(db,
			"WITH bands(k, name) AS (VALUES"
			" (0, 'under 1,000 words'), (1, '1,000\xE2\x80\x93" "5,000 words'),"
			" (2, '5,000\xE2\x80\x93" "10,000 words'), (3, 'over 10,000 words'))"
			" SELECT name, (SELECT count(*) FROM papers WHERE CASE"
			"  WHEN words < 1000 THEN 0 WHEN words < 5000 THEN 1"
			"  WHEN words <= 10000 THEN 2 ELSE 3 END = k),"
			" 4 FROM bands ORDER BY k",
			a, lengths, n_lengths, err);
	srch_end(db, began);
	return qs;
}

/* ------------------------------------------------------------------ */
/* The public zone                                                     */
/* ------------------------------------------------------------------ */

quire_status srch_public_zone(const quire_paper *p, quire_arena *a,
			      const char **preview, const char **refs)
{
	buf_t b = BUF_INIT;
	const char *head, *tail;

	if (!p || !a || !preview || !refs)
		return QUIRE_EUSAGE;
	head = p->preview.head ? p->preview.head : "";
	tail = p->preview.tail ? p->preview.tail : "";
	buf_puts(&b, head);
	if (*tail) {
		buf_puts(&b, "\n\n");
		buf_puts(&b, tail);
	}
	*preview = buf_to_arena(&b, a);
	buf_reset(&b);
	for (size_t i = 0; i < p->n_refs; i++) {
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, p->refs[i].text ? p->refs[i].text : "");
	}
	*refs = p->n_refs ? buf_to_arena(&b, a) : NULL;
	int failed = buf_failed(&b) || !*preview || (p->n_refs && !*refs);
	buf_free(&b);
	return failed ? QUIRE_ENOMEM : QUIRE_OK;
}
