/*
 * ix_sqlite.c — ix's storage over SQLite (see ix_sqlite.h).
 *
 * Decisions:
 *   - ix_post is a rowid table with PRIMARY KEY (term, seg) (its implicit
 *     index): rows hold blobs of any size, which a WITHOUT ROWID table
 *     keeps badly (SQLite advises rows under ~1/20 of a page there).
 *     Positions live in ix_pos, one row per chunk (term, seg, blk), a few
 *     KB each, so a phrase or the proximity rerank reads only the chunks
 *     of the blocks it visits, never a common word's whole positions.
 *   - The vocabulary is a GROUP BY over the (term, seg) index: streaming,
 *     in term order, stopped as soon as the caller has enough.  A prefix
 *     becomes the range [prefix, prefix with its last byte + 1).
 *   - Terms are bound as TEXT, compared with SQLite's BINARY collation
 *     (memcmp, then length), the order ix.h asks for.
 */
#include "ix_sqlite.h"

#include <stdlib.h>
#include <string.h>

enum {
	S_ROWS,
	S_LIST,
	S_GET,
	S_PUT,
	S_DEL,
	S_DEL_POS,
	S_POS_PUT,
	S_POS_GET,
	S_POS_SCAN,
	S_VOCAB_GE_LT,
	S_VOCAB_GT_LT,
	S_VOCAB_GE,
	S_VOCAB_GT,
	S_DOC_PUT,
	S_DOC_DEL,
	S_DOC_SCAN,
	S_META_GET,
	S_META_PUT,
	S_COUNT
};

static const char *const ixsql_sql[S_COUNT] = {
	"SELECT seg, n, docs FROM ix_post WHERE term = ?1 ORDER BY seg",
	"SELECT seg, n FROM ix_post WHERE term = ?1 ORDER BY seg",
	"SELECT seg, n, docs FROM ix_post WHERE term = ?1 AND seg = ?2",
	"INSERT OR REPLACE INTO ix_post(term, seg, n, docs) VALUES (?1, ?2, ?3, ?4)",
	"DELETE FROM ix_post WHERE term = ?1 AND seg = ?2",
	"DELETE FROM ix_pos WHERE term = ?1 AND seg = ?2",
	"INSERT OR REPLACE INTO ix_pos(term, seg, blk, data) VALUES (?1, ?2, ?3, ?4)",
	"SELECT blk, data FROM ix_pos WHERE term = ?1 AND seg = ?2 AND blk = ?3",
	"SELECT blk, data FROM ix_pos WHERE term = ?1 AND seg = ?2 ORDER BY blk",
	/* one lower bound each (io_vocab picks the tighter): given two,
	 * SQLite seeks by one and filters by the other, which made paging
	 * through the vocabulary quadratic */
	"SELECT term, sum(n) FROM ix_post WHERE term >= ?1 AND term < ?2 GROUP BY term ORDER BY term",
	"SELECT term, sum(n) FROM ix_post WHERE term > ?1 AND term < ?2 GROUP BY term ORDER BY term",
	"SELECT term, sum(n) FROM ix_post WHERE term >= ?1 GROUP BY term ORDER BY term",
	"SELECT term, sum(n) FROM ix_post WHERE term > ?1 GROUP BY term ORDER BY term",
	"INSERT OR REPLACE INTO ix_doc(doc, rec) VALUES (?1, ?2)",
	"DELETE FROM ix_doc WHERE doc = ?1",
	"SELECT doc, rec FROM ix_doc WHERE doc > ?1 ORDER BY doc",
	"SELECT v FROM ix_meta WHERE k = ?1",
	"INSERT OR REPLACE INTO ix_meta(k, v) VALUES (?1, ?2)",
};

struct ixsql {
	sqlite3 *db;
	sqlite3_stmt *st[S_COUNT];
	char msg[256];
};

const char *ixsql_schema(void)
{
	return "CREATE TABLE IF NOT EXISTS ix_post(term TEXT NOT NULL, seg INTEGER NOT NULL,"
	       " n INTEGER NOT NULL, docs BLOB NOT NULL, PRIMARY KEY (term, seg));"
	       "CREATE TABLE IF NOT EXISTS ix_pos(term TEXT NOT NULL, seg INTEGER NOT NULL,"
	       " blk INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (term, seg, blk));"
	       "CREATE TABLE IF NOT EXISTS ix_doc(doc INTEGER PRIMARY KEY, rec BLOB NOT NULL);"
	       "CREATE TABLE IF NOT EXISTS ix_meta(k TEXT PRIMARY KEY, v INTEGER NOT NULL)"
	       " WITHOUT ROWID;";
}

ixsql *ixsql_new(sqlite3 *db)
{
	ixsql *s = calloc(1, sizeof *s);
	if (s)
		s->db = db;
	return s;
}

void ixsql_free(ixsql *s)
{
	if (!s)
		return;
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	free(s);
}

static int ixsql_err(ixsql *s)
{
	const char *m = sqlite3_errmsg(s->db);
	size_t n = m ? strlen(m) : 0;
	if (n >= sizeof s->msg)
		n = sizeof s->msg - 1;
	if (n)
		memcpy(s->msg, m, n);
	s->msg[n] = '\0';
	return -1;
}

/* Statement i, prepared on first use and reset for new bindings. */
static sqlite3_stmt *ixsql_stmt(ixsql *s, int i)
{
	if (!s->st[i]) {
		if (sqlite3_prepare_v3(s->db, ixsql_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &s->st[i], NULL) != SQLITE_OK) {
			ixsql_err(s);
			s->st[i] = NULL;
			return NULL;
		}
	} else {
		sqlite3_reset(s->st[i]);
		sqlite3_clear_bindings(s->st[i]);
	}
	return s->st[i];
}

/* Steps a statement that returns no rows. */
static int ixsql_exec(ixsql *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : ixsql_err(s);
}

/* Runs a row query: cb per row; docs at column c_docs (-1: not
 * selected). */
static int ixsql_rows(ixsql *s, sqlite3_stmt *st, int c_docs, ix_row_fn cb, void *u)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ix_row row;
		memset(&row, 0, sizeof row);
		row.seg = sqlite3_column_int64(st, 0);
		row.n = (uint32_t)sqlite3_column_int64(st, 1);
		if (c_docs >= 0) {
			row.docs = sqlite3_column_blob(st, c_docs);
			row.docs_len = (size_t)sqlite3_column_bytes(st, c_docs);
		}
		if (cb(u, &row)) {
			sqlite3_reset(st);
			return 0;
		}
	}
	if (rc != SQLITE_DONE)
		ixsql_err(s);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int io_post_rows(void *ctx, const char *term, size_t n, ix_row_fn cb, void *u)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_ROWS);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, term, (int)n, SQLITE_STATIC);
	return ixsql_rows(s, st, 2, cb, u);
}

static int io_post_list(void *ctx, const char *term, size_t n, ix_row_fn cb,
			void *u)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_LIST);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, term, (int)n, SQLITE_STATIC);
	return ixsql_rows(s, st, -1, cb, u);
}

static int io_post_get(void *ctx, const char *term, size_t n, int64_t seg,
		       ix_row_fn cb, void *u)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, term, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seg);
	return ixsql_rows(s, st, 2, cb, u);
}

static int io_post_put(void *ctx, const char *term, size_t n, const ix_row *row)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_PUT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, term, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, row->seg);
	sqlite3_bind_int64(st, 3, row->n);
	sqlite3_bind_blob64(st, 4, row->docs ? row->docs : "", row->docs_len, SQLITE_STATIC);
	return ixsql_exec(s, st);
}

static int io_pos_put(void *ctx, const char *term, size_t n, int64_t seg, uint32_t blk,
		      const void *data, size_t len)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_POS_PUT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, term, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seg);
	sqlite3_bind_int64(st, 3, blk);
	sqlite3_bind_blob64(st, 4, len ? data : "", len, SQLITE_STATIC);
	return ixsql_exec(s, st);
}

/* Runs a chunk query (blk, data). */
static int ixsql_chunks(ixsql *s, sqlite3_stmt *st, ix_chunk_fn cb, void *u)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t blk = sqlite3_column_int64(st, 0);
		const void *data = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		if (blk < 0 || blk > (int64_t)UINT32_MAX)
			continue;
		if (cb(u, (uint32_t)blk, data, len)) {
			sqlite3_reset(st);
			return 0;
		}
	}
	if (rc != SQLITE_DONE)
		ixsql_err(s);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int io_pos_get(void *ctx, const char *term, size_t n, int64_t seg, uint32_t blk,
		      ix_chunk_fn cb, void *u)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_POS_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, term, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seg);
	sqlite3_bind_int64(st, 3, blk);
	return ixsql_chunks(s, st, cb, u);
}

static int io_pos_scan(void *ctx, const char *term, size_t n, int64_t seg,
		       ix_chunk_fn cb, void *u)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_POS_SCAN);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, term, (int)n, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seg);
	return ixsql_chunks(s, st, cb, u);
}

static int io_post_del(void *ctx, const char *term, size_t n, int64_t seg)
{
	ixsql *s = ctx;
	for (int which = S_DEL; which <= S_DEL_POS; which++) {
		sqlite3_stmt *st = ixsql_stmt(s, which);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, term, (int)n, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, seg);
		if (ixsql_exec(s, st))
			return -1;
	}
	return 0;
}

static int io_vocab(void *ctx, const char *prefix, size_t pn, const char *after,
		    size_t an, ix_term_fn cb, void *u)
{
	ixsql *s = ctx;
	char hi[512];
	size_t hn = 0;
	if (pn > 0 && pn < sizeof hi) {
		memcpy(hi, prefix, pn);
		hn = pn;
		while (hn > 0 && (unsigned char)hi[hn - 1] == 0xFF)
			hn--;
		if (hn > 0)
			hi[hn - 1] = (char)((unsigned char)hi[hn - 1] + 1);
	}
	/* the lower bound: after the term given, or from the prefix on,
	 * whichever is later (texts compare as memcmp, then by length) */
	int gt = 0;
	if (an > 0) {
		int c = pn > 0 ? memcmp(after, prefix, an < pn ? an : pn) : 1;
		gt = c > 0 || (c == 0 && an >= pn);
	}
	sqlite3_stmt *st = ixsql_stmt(s, hn ? (gt ? S_VOCAB_GT_LT : S_VOCAB_GE_LT)
					  : (gt ? S_VOCAB_GT : S_VOCAB_GE));
	if (!st)
		return -1;
	if (gt)
		sqlite3_bind_text(st, 1, after, (int)an, SQLITE_STATIC);
	else
		sqlite3_bind_text(st, 1, pn ? prefix : "", (int)pn, SQLITE_STATIC);
	if (hn)
		sqlite3_bind_text(st, 2, hi, (int)hn, SQLITE_STATIC);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		size_t tn = (size_t)sqlite3_column_bytes(st, 0);
		if (pn > 0 && (tn < pn || memcmp(t, prefix, pn) != 0))
			break; /* past the prefix (a prefix too long for hi) */
		if (cb(u, t, tn, (uint64_t)sqlite3_column_int64(st, 1))) {
			sqlite3_reset(st);
			return 0;
		}
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ixsql_err(s);
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -1;
}

static int io_doc_put(void *ctx, uint32_t doc, const void *rec, size_t len)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_DOC_PUT);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, doc);
	sqlite3_bind_blob64(st, 2, len ? rec : "", len, SQLITE_STATIC);
	return ixsql_exec(s, st);
}

static int io_doc_del(void *ctx, uint32_t doc)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_DOC_DEL);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, doc);
	return ixsql_exec(s, st);
}

static int io_doc_scan(void *ctx, uint32_t after, ix_rec_fn cb, void *u)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_DOC_SCAN);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, after);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t d = sqlite3_column_int64(st, 0);
		const void *rec = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		if (d <= 0 || d > (int64_t)UINT32_MAX)
			continue;
		if (cb(u, (uint32_t)d, rec, len)) {
			sqlite3_reset(st);
			return 0;
		}
	}
	if (rc != SQLITE_DONE)
		ixsql_err(s);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int io_meta_get(void *ctx, const char *key, int64_t *v)
{
	ixsql *s = ctx;
	*v = 0;
	sqlite3_stmt *st = ixsql_stmt(s, S_META_GET);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int out = 1;
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(st, 0);
		out = 0;
	} else if (rc != SQLITE_DONE) {
		out = ixsql_err(s);
	}
	sqlite3_reset(st);
	return out;
}

static int io_meta_put(void *ctx, const char *key, int64_t v)
{
	ixsql *s = ctx;
	sqlite3_stmt *st = ixsql_stmt(s, S_META_PUT);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, v);
	return ixsql_exec(s, st);
}

static const char *io_errmsg(void *ctx)
{
	ixsql *s = ctx;
	return s->msg;
}

void ixsql_io(ixsql *s, ix_io *io)
{
	memset(io, 0, sizeof *io);
	io->ctx = s;
	io->post_rows = io_post_rows;
	io->post_list = io_post_list;
	io->post_get = io_post_get;
	io->post_put = io_post_put;
	io->post_del = io_post_del;
	io->pos_put = io_pos_put;
	io->pos_get = io_pos_get;
	io->pos_scan = io_pos_scan;
	io->vocab = io_vocab;
	io->doc_put = io_doc_put;
	io->doc_del = io_doc_del;
	io->doc_scan = io_doc_scan;
	io->meta_get = io_meta_get;
	io->meta_put = io_meta_put;
	io->errmsg = io_errmsg;
}
