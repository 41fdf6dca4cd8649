/*
 * store_sqlite.c — the SQLite backend of the store (store.h).
 *
 * One file is the whole library: papers, their original files, tags and
 * settings live in one SQLite database, so a library is copied, backed up
 * and moved as one file.  The decisions:
 *
 *   - WAL journal with synchronous=NORMAL.  A commit is durable once it
 *     returns as far as the application is concerned: a crash of quire
 *     itself, kill -9 included, loses nothing committed, because the WAL is
 *     written before COMMIT returns.  Only a crash of the operating system
 *     (or a power cut) can lose the last transactions — never corrupt the
 *     file — since NORMAL syncs at checkpoints rather than every commit.
 *     That trade keeps adding a batch of papers fast.  WAL also lets
 *     readers (the web server) go on while a writer adds papers.
 *   - A store_t is one connection, used by one thread at a time: the web
 *     server opens one store per thread.  Connections are opened with
 *     SQLITE_OPEN_NOMUTEX because sharing one between threads would be
 *     wrong anyway (a transaction belongs to the connection, so threads
 *     sharing one would mix their statements into each other's
 *     transactions); FULLMUTEX would only add a lock to every call.
 *   - Every change is one transaction begun with BEGIN IMMEDIATE (the write
 *     lock is taken first, so a change never fails half-way for a lock);
 *     any failure rolls back.  A busy library is waited for 5 s.
 *   - The file says it is a quire library: PRAGMA application_id is set to
 *     'QRE1' when it is made and checked on every open.  PRAGMA
 *     user_version counts the schema migrations applied; each migration
 *     runs in its own transaction.
 *   - Every statement is prepared with bound parameters; no SQL is ever
 *     built from text a person or a file supplied.
 *   - A read-only file or directory still opens (read only); a write then
 *     fails with "library is read-only".  Where SQLite cannot even read a
 *     WAL library (a read-only directory, so no -shm file can be made), it
 *     is opened immutable: that is safe as long as nobody writes it
 *     meanwhile, which nobody can without write access to the directory.
 *   - Defences against a damaged or hostile file: cell_size_check and
 *     trusted_schema=OFF, as SQLite's own advice for untrusted files says.
 */
#include "store.h"
#include "store_sqlite.h"
#include "ids.h"
#include "reuse.h"
#include "fts.h"
#include "ix.h"
#include "ix_sqlite.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define ST_APPLICATION_ID 0x51524531 /* "QRE1" */
#define ST_BUSY_MS 5000
#define ST_ID_TRIES 32    /* fresh ids drawn before giving up */
#define ST_PREFIX_MIN 3   /* shortest id prefix st_get() accepts */
#define ST_TAG_MAX 200    /* bytes in one tag */
#define ST_FP_MIGRATION 5 /* the migration that made the fingerprint index */

/* A fingerprint row waiting in a batch (see "The fingerprint index"). */
struct st_fp_row {
	int64_t hash, paper, pos;
};

struct store {
	sqlite3 *db;
	int readonly; /* opened read only, or the file or directory is */
	int batch;    /* st_batch_begin() opened a transaction: changes nest as savepoints */
	int64_t fp_recent; /* rows of fp_recent as this connection last knew
			    * them, plus what it added since; -1: unknown */
	/* Inside a batch, the fingerprint rows of the papers added, written
	 * to fp_recent in hash order at the batch's commit or before anything
	 * reads or removes fingerprints (see "The fingerprint index");
	 * fp_mark: the rows before the change now running. */
	struct st_fp_row *fp_pend;
	size_t fp_npend, fp_cap, fp_mark;
	size_t fp_sorted; /* fp_pend[0..fp_sorted) is in hash order */
	void *srch_cache; /* the search engine's (st_search_cache) */
	/* The search index ix (see "The search index"): its storage on this
	 * connection and its writer, made at the first change. */
	ixsql *ixs;
	ix_io ixio;
	ix_writer *ixw;
	int ix_adding;    /* the change running is st_add's (see st_commit) */
	void (*srch_free)(void *);
};

/* ------------------------------------------------------------------ */
/* Schema                                                              */
/* ------------------------------------------------------------------ */

/*
 * Migration N (1-based) takes a library from user_version N-1 to N.  Never
 * edit a migration that has shipped: append a new one.
 *
 * The analysis and the text are the last columns of papers, so that a
 * listing, which reads only the columns before them, never touches the
 * overflow pages holding them.  The original bytes live in their own table
 * for the same reason.
 */
/* fp_recent, the same shape as fingerprints (migration 6; also made by
 * migration 5's backfill, which runs before 6 on an old library). */
#define ST_FP_RECENT_SQL                                                   \
	"CREATE TABLE IF NOT EXISTS fp_recent ("                           \
	" hash INTEGER NOT NULL,"                                          \
	" paper INTEGER NOT NULL,"                                         \
	" pos INTEGER NOT NULL,"                                           \
	" PRIMARY KEY (hash, paper, pos)"                                  \
	") WITHOUT ROWID;"

/* ix_papers: a paper's docid in ix (migration 10; made by migration 7
 * too, which builds ix on an older library). */
#define ST_IX_PAPERS_SQL                                                    \
	"CREATE TABLE IF NOT EXISTS ix_papers(paper INTEGER PRIMARY KEY,"     \
	" doc INTEGER NOT NULL UNIQUE);"

static const char *const st_migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE papers ("
	" id TEXT PRIMARY KEY NOT NULL,"
	" sha256 TEXT UNIQUE NOT NULL,"
	" filename TEXT NOT NULL,"
	" format TEXT NOT NULL,"
	" added INTEGER NOT NULL,"
	" owner TEXT,"
	" visibility INTEGER NOT NULL DEFAULT 1 CHECK (visibility BETWEEN 0 AND 2),"
	" a_title TEXT NOT NULL DEFAULT '',"
	" a_authors TEXT NOT NULL DEFAULT '',"
	" a_year INTEGER,"
	" e_title TEXT,"
	" e_authors TEXT,"
	" e_year INTEGER,"
	" words INTEGER NOT NULL DEFAULT 0,"
	" pages INTEGER NOT NULL DEFAULT 0,"
	" analysis TEXT,"
	" text TEXT"
	");"
	"CREATE TABLE files ("
	" paper_id TEXT PRIMARY KEY NOT NULL"
	"  REFERENCES papers(id) ON DELETE CASCADE,"
	" bytes BLOB NOT NULL"
	");"
	"CREATE TABLE tags ("
	" paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,"
	" tag TEXT NOT NULL,"
	" PRIMARY KEY (paper_id, tag)"
	");"
	"CREATE TABLE settings ("
	" key TEXT PRIMARY KEY NOT NULL,"
	" value TEXT NOT NULL"
	");"
	"CREATE INDEX papers_by_added ON papers(added);"
	"CREATE INDEX papers_by_title ON papers(coalesce(e_title, a_title) COLLATE NOCASE);"
	"CREATE INDEX papers_by_words ON papers(words);"
	"CREATE INDEX tags_by_tag ON tags(tag);",
	/* 2: search.  The public zone of a paper in two columns (preview:
	 * head, a blank line, tail; refs: one reference entry a line),
	 * filled in from the stored analysis for the papers already there;
	 * then the full-text index, papers_fts, over the view papers_fts_src
	 * (its external content: nothing is stored twice), built at once.
	 * How the index is kept in step, the tokenizer and the columns: see
	 * "The search index" below and src/search/search.c. */
	"ALTER TABLE papers ADD COLUMN preview TEXT;"
	"ALTER TABLE papers ADD COLUMN refs TEXT;"
	"UPDATE papers SET"
	" preview = CASE WHEN coalesce(json_extract(analysis, '$.preview.tail'), '') = ''"
	"  THEN json_extract(analysis, '$.preview.head')"
	"  ELSE coalesce(json_extract(analysis, '$.preview.head'), '') || char(10, 10)"
	"   || json_extract(analysis, '$.preview.tail') END,"
	" refs = (SELECT group_concat(json_extract(r.value, '$.text'), char(10))"
	"  FROM json_each(papers.analysis, '$.references') AS r)"
	" WHERE json_valid(analysis);"
	"CREATE VIEW papers_fts_src AS SELECT rowid AS rid,"
	" coalesce(e_title, a_title) AS title,"
	" coalesce(e_authors, a_authors) AS authors,"
	" ifnull(coalesce(e_year, a_year) || ' ', '') || filename || ' ' || format AS meta,"
	" preview, text AS body, refs FROM papers;"
	"CREATE VIRTUAL TABLE papers_fts USING fts5("
	" title, authors, meta, preview, body, refs,"
	" content = 'papers_fts_src', content_rowid = 'rid',"
	" tokenize = 'porter unicode61 remove_diacritics 2');"
	"INSERT INTO papers_fts(papers_fts) VALUES ('rebuild');",
	/* 3: accounts (users, tokens by hash, sign-in attempts); see
	 * "Accounts" below and in store.h. */
	"CREATE TABLE users ("
	" id INTEGER PRIMARY KEY,"
	" name TEXT UNIQUE NOT NULL COLLATE NOCASE,"
	" role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'reader')),"
	" pwhash TEXT,"
	" created INTEGER NOT NULL,"
	" disabled INTEGER NOT NULL DEFAULT 0"
	");"
	"CREATE TABLE tokens ("
	" hash TEXT PRIMARY KEY NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind IN ('session', 'invite', 'reset', 'api')),"
	" user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	" created INTEGER NOT NULL,"
	" expires INTEGER,"
	" last_used INTEGER,"
	" label TEXT"
	");"
	"CREATE INDEX tokens_by_user ON tokens(user_id);"
	"CREATE INDEX tokens_by_expiry ON tokens(expires);"
	"CREATE TABLE login_attempts ("
	" key TEXT NOT NULL,"
	" at INTEGER NOT NULL"
	");"
	"CREATE INDEX login_attempts_by_key ON login_attempts(key, at);"
	"CREATE INDEX login_attempts_by_at ON login_attempts(at);",
	/* 4: the search index with quire's own tokenizer (Snowball stemming,
	 * case and diacritics folding, hyphenated words by part and whole;
	 * src/search/fts.c), rebuilt from the papers. */
	"DROP TABLE papers_fts;"
	"CREATE VIRTUAL TABLE papers_fts USING fts5("
	" title, authors, meta, preview, body, refs,"
	" content = 'papers_fts_src', content_rowid = 'rid',"
	" tokenize = 'quire');"
	"INSERT INTO papers_fts(papers_fts) VALUES ('rebuild');",
	/* 5: the fingerprint index of reused passages (see "The fingerprint
	 * index" below); the papers already there are indexed from their
	 * text right after this SQL, in the same transaction
	 * (st_fp_backfill). */
	"CREATE TABLE IF NOT EXISTS fp_papers ("
	" n INTEGER PRIMARY KEY,"
	" paper_id TEXT UNIQUE NOT NULL REFERENCES papers(id) ON DELETE CASCADE,"
	" version INTEGER NOT NULL,"
	" hashes BLOB NOT NULL"
	");"
	"CREATE TABLE IF NOT EXISTS fingerprints ("
	" hash INTEGER NOT NULL,"
	" paper INTEGER NOT NULL,"
	" pos INTEGER NOT NULL,"
	" PRIMARY KEY (hash, paper, pos)"
	") WITHOUT ROWID;",
	/* 6: the fingerprint index's small table of recent rows, where
	 * papers are indexed until a merge moves them into fingerprints in
	 * sorted bulk (see "The fingerprint index" below). */
	ST_FP_RECENT_SQL,
	/* 7: quire's own search index ix (src/search/ix.h; tables of
	 * src/store/ix_sqlite.h) and each paper's document in it
	 * (papers.ixdoc): all made in code, st_ix_migrate(), which may run
	 * again on a library that has them (see test_store_fp). */
	"",
	/* 8: the former search index, FTS5's papers_fts, and its view go: ix
	 * serves every search.  (Migrations 2 and 4 still make it on an
	 * older library before this one drops it: the "quire" tokenizer stays
	 * registered for them, src/search/fts.c.) */
	"DROP TABLE IF EXISTS papers_fts;"
	"DROP VIEW IF EXISTS papers_fts_src;",
	/* 9: indexes that hold what search keeps in memory of every paper
	 * (src/search/sattr.c), so loading it reads a few MB of index instead
	 * of the first page of every paper's row (at 100,000 papers: 0.05
	 * against 1.8 s from a cold cache); the title index also carries the
	 * date added, the title order's tie-break. */
	"CREATE INDEX IF NOT EXISTS papers_attrs ON papers(visibility, owner,"
	" e_year, a_year, words, pages, added, format);"
	"DROP INDEX IF EXISTS papers_by_title;"
	"CREATE INDEX papers_by_title ON papers(coalesce(e_title, a_title)"
	" COLLATE NOCASE, added);",
	/* 10: each paper's docid in ix moves from papers.ixdoc (unused from
	 * now on) to a small table of its own: setting a column of papers
	 * rewrote the whole row, the paper's text included, so every add
	 * wrote the text twice and a rebuild rewrote the library. */
	ST_IX_PAPERS_SQL
	"INSERT OR IGNORE INTO ix_papers(paper, doc)"
	" SELECT rowid, ixdoc FROM papers WHERE ixdoc IS NOT NULL;",
	/* 11: ix's format 4 (pairs of a common word and the next word, for
	 * phrases): the index is rebuilt, in code (st_migrate), unless
	 * migration 7 has just built it in this format. */
	"",
};

#define ST_SCHEMA ((int)(sizeof st_migrations / sizeof st_migrations[0]))
#define ST_IX_MIGRATION 7 /* the migration that made the search index ix */
#define ST_IX_PAIRS_MIGRATION 11 /* the one that rebuilt it in format 4 */
#define ST_IX_BATCH_BYTES ((size_t)64 << 20) /* postings buffered, at most */

int st_schema_version(void)
{
	return ST_SCHEMA;
}

/* ------------------------------------------------------------------ */
/* Errors and statements                                               */
/* ------------------------------------------------------------------ */

static int st_errno_readonly(sqlite3 *db)
{
	int e = db ? sqlite3_system_errno(db) : 0;
	return e == EACCES || e == EROFS || e == EPERM;
}

/* Turns SQLite's result rc into a status and a message for a person that
 * starts with what was being done. */
static quire_status st_db_error(sqlite3 *db, int rc, quire_error *err,
				const char *what)
{
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	case SQLITE_CORRUPT:
		return quire_error_set(err, QUIRE_ESTORE,
				       "%s: library is corrupt: %s", what, msg);
	case SQLITE_NOTADB:
		return quire_error_set(err, QUIRE_ESTORE,
				       "%s: not a quire library (file is not a database)",
				       what);
	case SQLITE_READONLY:
		return quire_error_set(err, QUIRE_ESTORE,
				       "%s: library is read-only", what);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return quire_error_set(err, QUIRE_ESTORE,
				       "%s: library is busy (another program is writing to it); try again",
				       what);
	case SQLITE_FULL:
		return quire_error_set(err, QUIRE_ESTORE, "%s: disk is full", what);
	case SQLITE_TOOBIG:
		return quire_error_set(err, QUIRE_ELIMIT,
				       "%s: too large for the library (at most %d bytes a file)",
				       what, sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1));
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		if (st_errno_readonly(db))
			return quire_error_set(err, QUIRE_ESTORE,
					       "%s: library is read-only (%s)",
					       what, strerror(sqlite3_system_errno(db)));
		return quire_error_set(err, QUIRE_ESTORE, "%s: %s", what, msg);
	default:
		return quire_error_set(err, QUIRE_ESTORE, "%s: %s", what, msg);
	}
}

static quire_status st_prepare(store_t *st, const char *sql, sqlite3_stmt **out,
			       quire_error *err, const char *what)
{
	int rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(*out);
		*out = NULL;
		return st_db_error(st->db, rc, err, what);
	}
	return QUIRE_OK;
}

/* Runs constant SQL (no parameters, no rows wanted). */
static quire_status st_exec(store_t *st, const char *sql, quire_error *err,
			    const char *what)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? QUIRE_OK : st_db_error(st->db, rc, err, what);
}

static int st_bind_str(sqlite3_stmt *s, int i, const char *v)
{
	return v ? sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC)
		 : sqlite3_bind_null(s, i);
}

static int st_bind_span(sqlite3_stmt *s, int i, const char *v, size_t n)
{
	return v ? sqlite3_bind_text64(s, i, v, n, SQLITE_STATIC, SQLITE_UTF8)
		 : sqlite3_bind_null(s, i);
}

/* A year, 0 meaning unknown, as NULL. */
static int st_bind_year(sqlite3_stmt *s, int i, int year)
{
	return year ? sqlite3_bind_int(s, i, year) : sqlite3_bind_null(s, i);
}

#define ST_BIND(expr)                        \
	do {                                 \
		if (rc == SQLITE_OK)         \
			rc = (expr);         \
	} while (0)

/* Steps a statement that returns no rows. */
static quire_status st_step_done(store_t *st, sqlite3_stmt *s, quire_error *err,
				 const char *what)
{
	int rc = sqlite3_step(s);
	if (rc != SQLITE_DONE)
		return st_db_error(st->db, rc, err, what);
	sqlite3_reset(s);
	return QUIRE_OK;
}

/* A change begins its own transaction, or, inside a batch, a savepoint: a
 * change that fails rolls back alone and the batch goes on. */
static quire_status st_ix_flush(store_t *st, quire_error *err);

static quire_status st_begin_write(store_t *st, quire_error *err,
				   const char *what)
{
	if (st->readonly)
		return quire_error_set(err, QUIRE_ESTORE,
				       "%s: library is read-only", what);
	/* Inside a batch, the papers added so far wait in the index's writer;
	 * any other change writes them first (see st_commit). */
	if (st->batch && !st->ix_adding) {
		quire_status qs = st_ix_flush(st, err);
		if (qs != QUIRE_OK)
			return qs;
	}
	st->fp_mark = st->fp_npend;
	return st_exec(st, st->batch ? "SAVEPOINT st_change" : "BEGIN IMMEDIATE", err, what);
}

static void st_rollback(store_t *st)
{
	/* What the writer buffered or learnt may be undone; but a failed add
	 * inside a batch leaves the batch's other papers buffered: its own
	 * postings stay with them and name a docid whose record its savepoint
	 * took back (dead postings, which queries skip and merges drop). */
	if (st->ixw && !(st->batch && st->ix_adding))
		ix_writer_discard(st->ixw);
	st->ix_adding = 0;
	st->fp_recent = -1; /* what was added or merged may be undone */
	st->fp_npend = st->fp_mark; /* the failed change's rows go too */
	if (st->fp_sorted > st->fp_npend)
		st->fp_sorted = st->fp_npend;
	if (st->batch)
		(void)sqlite3_exec(st->db, "ROLLBACK TO st_change; RELEASE st_change",
				   NULL, NULL, NULL);
	else if (!sqlite3_get_autocommit(st->db))
		(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

static quire_status st_commit(store_t *st, quire_error *err, const char *what)
{
	/* The index's rows go in with the change.  Inside a batch, papers
	 * added are written together at the batch's commit (one row per term
	 * for the whole batch, not per paper), unless ST_IX_BATCH_BYTES are
	 * waiting; any other change is written with its own savepoint. */
	quire_status s = QUIRE_OK;
	if (!st->batch || !st->ix_adding ||
	    (st->ixw && ix_writer_buffered(st->ixw) > ST_IX_BATCH_BYTES))
		s = st_ix_flush(st, err);
	if (s != QUIRE_OK) {
		st_rollback(st);
		return s;
	}
	st->ix_adding = 0;
	s = st_exec(st, st->batch ? "RELEASE st_change" : "COMMIT", err, what);
	if (s != QUIRE_OK)
		st_rollback(st);
	return s;
}

quire_status st_batch_begin(store_t *st, quire_error *err)
{
	if (st->batch)
		return quire_error_set(err, QUIRE_EUSAGE, "a batch is open already");
	if (st->readonly)
		return quire_error_set(err, QUIRE_ESTORE, "starting a batch: library is read-only");
	quire_status s = st_exec(st, "BEGIN IMMEDIATE", err, "starting a batch");
	if (s == QUIRE_OK)
		st->batch = 1;
	return s;
}

static quire_status st_fp_flush(store_t *st, int merge, quire_error *err,
				const char *what);

quire_status st_batch_commit(store_t *st, quire_error *err)
{
	if (!st->batch)
		return QUIRE_OK;
	quire_status s = st_fp_flush(st, 1, err, "committing a batch");
	if (s == QUIRE_OK)
		s = st_ix_flush(st, err);
	st->batch = 0;
	st->fp_npend = st->fp_mark = st->fp_sorted = 0;
	if (s == QUIRE_OK)
		s = st_exec(st, "COMMIT", err, "committing a batch");
	if (s != QUIRE_OK)
		st->fp_recent = -1;
	if (s != QUIRE_OK && st->ixw)
		ix_writer_discard(st->ixw);
	if (s != QUIRE_OK && !sqlite3_get_autocommit(st->db))
		(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return s;
}

/* Opens a read transaction unless one is open already (a call made from
 * inside st_list()'s callback); *began says whether to end it. */
static quire_status st_begin_read(store_t *st, int *began, quire_error *err,
				  const char *what)
{
	*began = 0;
	if (!sqlite3_get_autocommit(st->db))
		return QUIRE_OK;
	quire_status s = st_exec(st, "BEGIN", err, what);
	if (s == QUIRE_OK)
		*began = 1;
	return s;
}

static void st_end_read(store_t *st, int began)
{
	if (began && !sqlite3_get_autocommit(st->db))
		(void)sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
}

/* Reads one integer from constant SQL (a PRAGMA). */
static quire_status st_int_query(store_t *st, const char *sql, int64_t *v,
				 quire_error *err, const char *what)
{
	sqlite3_stmt *s = NULL;
	quire_status qs = st_prepare(st, sql, &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*v = sqlite3_column_int64(s, 0);
	} else if (rc == SQLITE_DONE) {
		*v = 0;
	} else {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

/* "file:" URI of path, percent-encoded, with the query q. */
static char *st_uri(const char *path, const char *q)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *u = malloc(5 + 3 * n + strlen(q) + 1);
	if (!u)
		return NULL;
	char *o = u;
	memcpy(o, "file:", 5);
	o += 5;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	strcpy(o, q);
	return u;
}

static void st_disconnect(store_t *st)
{
	if (st->db)
		sqlite3_close_v2(st->db);
	st->db = NULL;
}

/* Opens the connection and reads the header (the first real access, where
 * a file that is no database shows itself).  *rc_out gets SQLite's code. */
static quire_status st_connect(store_t *st, const char *name, int flags,
			       int *app_id, int *rc_out,
			       quire_error *err)
{
	int rc = sqlite3_open_v2(name, &st->db, flags, NULL);
	*rc_out = rc;
	if (rc != SQLITE_OK) {
		quire_status s;
		if (st->db && st_errno_readonly(st->db))
			s = quire_error_set(err, QUIRE_ESTORE,
					    "cannot open library: %s",
					    strerror(sqlite3_system_errno(st->db)));
		else if (st->db && sqlite3_system_errno(st->db) != 0)
			s = quire_error_set(err, QUIRE_ESTORE,
					    "cannot open library: %s",
					    strerror(sqlite3_system_errno(st->db)));
		else if (st->db)
			s = quire_error_set(err, (rc & 0xff) == SQLITE_NOMEM ? QUIRE_ENOMEM : QUIRE_ESTORE,
					    "cannot open library: %s",
					    sqlite3_errmsg(st->db));
		else
			s = quire_error_set(err, QUIRE_ENOMEM, "opening library: out of memory");
		st_disconnect(st);
		return s;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, ST_BUSY_MS);
	/* The former FTS5 index's tokenizer (src/search/fts.c), for
	 * migrations 2 and 4 of an older library (migration 8 drops the
	 * index): before anything reads the schema, which may name it. */
	rc = fts_register(st->db);
	if (rc != SQLITE_OK) {
		*rc_out = rc;
		st_disconnect(st);
		return quire_error_set(err, QUIRE_ESTORE,
				       "cannot open library: SQLite has no FTS5 here");
	}

	sqlite3_stmt *s = NULL;
	rc = sqlite3_prepare_v2(st->db, "PRAGMA application_id", -1, &s, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			*app_id = sqlite3_column_int(s, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(s);
	*rc_out = rc;
	if (rc == SQLITE_OK)
		return QUIRE_OK;
	if ((rc & 0xff) == SQLITE_NOTADB)
		return quire_error_set(err, QUIRE_ESTORE,
				       "not a quire library (file is not a database)");
	if ((rc & 0xff) == SQLITE_CORRUPT)
		return quire_error_set(err, QUIRE_ESTORE, "library is corrupt: %s",
				       sqlite3_errmsg(st->db));
	return st_db_error(st->db, rc, err, "opening library");
}

static quire_status st_fp_backfill(store_t *st, quire_error *err);
static quire_status st_ix_migrate(store_t *st, quire_error *err, const char *what);
static quire_status st_ix_clear(store_t *st, quire_error *err, const char *what);
static quire_status st_ix_build(store_t *st,
				void (*progress)(size_t done, size_t total, void *ctx),
				void *ctx, quire_error *err, const char *what);

/* Applies the migrations after version cur, one transaction each. */
static quire_status st_migrate(store_t *st, int cur, quire_error *err)
{
	for (int v = cur + 1; v <= ST_SCHEMA; v++) {
		char what[64], sql[64];
		snprintf(what, sizeof what, "upgrading library to schema %d", v);
		quire_status s = st_exec(st, "BEGIN IMMEDIATE", err, what);
		if (s != QUIRE_OK)
			return s;
		int64_t now = 0;
		/* Another process may have migrated while we waited. */
		s = st_int_query(st, "PRAGMA user_version", &now, err, what);
		if (s == QUIRE_OK && now < v) {
			s = st_exec(st, st_migrations[v - 1], err, what);
			if (s == QUIRE_OK && v == ST_FP_MIGRATION)
				s = st_fp_backfill(st, err);
			if (s == QUIRE_OK && v == ST_IX_MIGRATION)
				s = st_ix_migrate(st, err, what);
			if (s == QUIRE_OK && v == ST_IX_PAIRS_MIGRATION && cur >= ST_IX_MIGRATION) {
				s = st_ix_clear(st, err, what);
				if (s == QUIRE_OK)
					s = st_ix_build(st, NULL, NULL, err, what);
			}
			snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
			if (s == QUIRE_OK)
				s = st_exec(st, sql, err, what);
		}
		if (s == QUIRE_OK)
			s = st_commit(st, err, what);
		if (s != QUIRE_OK) {
			st_rollback(st);
			return s;
		}
	}
	return QUIRE_OK;
}

/* Everything after the connection: is it ours, pragmas, schema. */
static quire_status st_setup(store_t *st, st_mode mode, int app_id,
			     off_t size, quire_error *err)
{
	quire_status s;
	int64_t ver = 0, tables = 0;

	s = st_int_query(st, "PRAGMA user_version", &ver, err, "opening library");
	if (s == QUIRE_OK)
		s = st_int_query(st, "SELECT count(*) FROM sqlite_schema", &tables,
				 err, "opening library");
	if (s != QUIRE_OK)
		return s;

	if (app_id == 0 && ver == 0 && tables == 0 && mode == ST_CREATE) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
			 ST_APPLICATION_ID);
		s = st_exec(st, sql, err, "creating library");
		if (s != QUIRE_OK)
			return s;
		app_id = ST_APPLICATION_ID;
	}
	if (app_id != ST_APPLICATION_ID) {
		if (size == 0 && tables == 0)
			return quire_error_set(err, QUIRE_ESTORE,
					       "not a quire library (the file is empty)");
		return quire_error_set(err, QUIRE_ESTORE,
				       "not a quire library (a database of another program)");
	}
	if (ver > ST_SCHEMA)
		return quire_error_set(err, QUIRE_ESTORE,
				       "library was made by a newer quire (schema %lld; this quire knows up to %d)",
				       (long long)ver, ST_SCHEMA);

	if (!st->readonly && sqlite3_db_readonly(st->db, "main") == 1)
		st->readonly = 1; /* the file is read-only: reads still work */

	s = st_exec(st, "PRAGMA foreign_keys = ON;"
			"PRAGMA cell_size_check = ON;"
			"PRAGMA trusted_schema = OFF;",
		    err, "opening library");
	if (s != QUIRE_OK)
		return s;
	if (!st->readonly) {
		sqlite3_stmt *j = NULL;
		s = st_prepare(st, "PRAGMA journal_mode = WAL", &j, err,
			       "opening library");
		if (s != QUIRE_OK)
			return s;
		int rc = sqlite3_step(j);
		int wal = rc == SQLITE_ROW &&
			  sqlite3_stricmp((const char *)sqlite3_column_text(j, 0), "wal") == 0;
		if (rc != SQLITE_ROW)
			s = st_db_error(st->db, rc, err, "opening library");
		sqlite3_finalize(j);
		if (s != QUIRE_OK)
			return s;
		if (!wal)
			return quire_error_set(err, QUIRE_ESTORE,
					       "opening library: cannot use a write-ahead log here (is it on a network file system?)");
		/* Why NORMAL: see the comment at the top of this file. */
		s = st_exec(st, "PRAGMA synchronous = NORMAL", err,
			    "opening library");
		if (s != QUIRE_OK)
			return s;
	}
	/* The indexes (search, fingerprints) are B-trees that every add and
	 * check touches all over: with SQLite's default 2 MB page cache a bulk
	 * add spent most of its time copying the same pages in from the OS.
	 * 32 MB of cache and reads through mmap (no copy) — both upper
	 * bounds, used only as the library grows. */
	s = st_exec(st, "PRAGMA cache_size = -32768", err, "opening library");
	if (s == QUIRE_OK)
		s = st_exec(st, "PRAGMA mmap_size = 268435456", err, "opening library");
	if (s != QUIRE_OK)
		return s;
	if (ver < ST_SCHEMA) {
		if (st->readonly)
			return quire_error_set(err, QUIRE_ESTORE,
					       "library needs upgrading to schema %d, which cannot be done read-only: open it once with write access",
					       ST_SCHEMA);
		s = st_migrate(st, (int)ver, err);
	}
	return s;
}

/* Non-zero if the library at path is a quire library of an older schema
 * (read without changing anything; any doubt answers 0 and st_open's own
 * checks speak). */
static int st_needs_upgrade(const char *path)
{
	sqlite3 *db = NULL;
	int ver = -1, app = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
		sqlite3_stmt *s = NULL;
		if (sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &s, NULL) == SQLITE_OK &&
		    sqlite3_step(s) == SQLITE_ROW)
			app = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		s = NULL;
		if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
		    sqlite3_step(s) == SQLITE_ROW)
			ver = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return app == ST_APPLICATION_ID && ver >= 1 && ver < ST_SCHEMA;
}

quire_status st_open(const char *path, st_mode mode, store_t **out,
		     quire_error *err)
{
	struct stat sb;

	if (!out)
		return quire_error_set(err, QUIRE_EUSAGE, "st_open: no place for the store");
	*out = NULL;
	if (!path || !*path)
		return quire_error_set(err, QUIRE_EUSAGE, "no library path given");
	if (mode != ST_OPEN_EXISTING && mode != ST_CREATE && mode != ST_READONLY)
		return quire_error_set(err, QUIRE_EUSAGE, "st_open: unknown mode %d", (int)mode);

	int exists = stat(path, &sb) == 0;
	if (!exists && errno != ENOENT)
		return quire_error_set(err, QUIRE_ESTORE, "cannot open library: %s",
				       strerror(errno));
	if (exists && S_ISDIR(sb.st_mode))
		return quire_error_set(err, QUIRE_ESTORE,
				       "a directory, not a library");
	if (exists && !S_ISREG(sb.st_mode))
		return quire_error_set(err, QUIRE_ESTORE,
				       "not a regular file, so not a library");
	if (mode == ST_CREATE && exists && sb.st_size > 0)
		return quire_error_set(err, QUIRE_EEXIST,
				       "a file is already there (open it, or choose another path)");
	if (mode != ST_CREATE && !exists)
		return quire_error_set(err, QUIRE_ENOTFOUND,
				       "no library there (run quire init)");
	if (mode == ST_READONLY && st_needs_upgrade(path) && access(path, W_OK) == 0) {
		/* a read-only command on a library an older quire made: upgrade
		 * it first, when the file may be written, rather than refuse */
		store_t *up = NULL;
		quire_status us = st_open(path, ST_OPEN_EXISTING, &up, err);
		if (us != QUIRE_OK)
			return us;
		st_close(up);
	}

	store_t *st = calloc(1, sizeof *st);
	if (!st)
		return quire_error_set(err, QUIRE_ENOMEM, "opening library: out of memory");
	st->readonly = mode == ST_READONLY;
	st->fp_recent = -1;

	/* A path that starts with "file:" would be read as a URI where URIs
	 * are on; "./file:…" names the same file. */
	char *name = NULL;
	const char *open_name = path;
	if (strncmp(path, "file:", 5) == 0) {
		name = malloc(strlen(path) + 3);
		if (!name) {
			free(st);
			return quire_error_set(err, QUIRE_ENOMEM, "opening library: out of memory");
		}
		strcpy(name, "./");
		strcat(name, path);
		open_name = name;
	}
	int flags = SQLITE_OPEN_NOMUTEX |
		    (mode == ST_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
		    (mode == ST_CREATE ? SQLITE_OPEN_CREATE : 0);
	int app_id = 0, rc = SQLITE_OK;
	quire_status s = st_connect(st, open_name, flags, &app_id, &rc, err);
	free(name);
	if (s != QUIRE_OK && mode != ST_CREATE &&
	    (rc == SQLITE_READONLY_DIRECTORY || rc == SQLITE_READONLY_CANTINIT ||
	     rc == SQLITE_CANTOPEN)) {
		/* A WAL library in a directory we cannot write: read it as an
		 * immutable file (see the top of this file). */
		char *uri = st_uri(path, "?immutable=1");
		st_disconnect(st);
		if (!uri) {
			free(st);
			return quire_error_set(err, QUIRE_ENOMEM, "opening library: out of memory");
		}
		st->readonly = 1;
		s = st_connect(st, uri, SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READONLY |
				       SQLITE_OPEN_URI,
			       &app_id, &rc, err);
		free(uri);
	}
	if (s == QUIRE_OK)
		s = st_setup(st, mode, app_id, exists ? sb.st_size : 0, err);
	if (s != QUIRE_OK) {
		st_disconnect(st);
		free(st);
		if (mode == ST_CREATE && !exists) {
			/* Leave nothing half made behind. */
			size_t n = strlen(path) + 5;
			char *side = malloc(n);
			unlink(path);
			if (side) {
				snprintf(side, n, "%s-wal", path);
				unlink(side);
				snprintf(side, n, "%s-shm", path);
				unlink(side);
				free(side);
			}
		}
		return s;
	}
	*out = st;
	return QUIRE_OK;
}

void st_close(store_t *st)
{
	if (!st)
		return;
	if (st->srch_free)
		st->srch_free(st->srch_cache);
	ix_writer_free(st->ixw);
	ixsql_free(st->ixs);
	st_disconnect(st);
	free(st->fp_pend);
	free(st);
}

sqlite3 *st_sqlite_handle(store_t *st)
{
	return st ? st->db : NULL;
}

void *st_search_cache(store_t *st)
{
	return st ? st->srch_cache : NULL;
}

void st_set_search_cache(store_t *st, void *cache, void (*free_fn)(void *))
{
	if (!st)
		return;
	if (st->srch_free && st->srch_cache != cache)
		st->srch_free(st->srch_cache);
	st->srch_cache = cache;
	st->srch_free = free_fn;
}

/* ------------------------------------------------------------------ */
/* Ids                                                                 */
/* ------------------------------------------------------------------ */

/* Normalises the id a caller passed, for the calls that change a paper
 * (whole ids only). */
static quire_status st_whole_id(const char *id, char out[ID_MAX_LEN + 1],
				quire_error *err)
{
	switch (id_normalise(id, out)) {
	case ID_NORM_OK:
		return QUIRE_OK;
	case ID_NORM_EMPTY:
		return quire_error_set(err, QUIRE_EUSAGE, "no paper id given");
	case ID_NORM_BAD_CHAR:
		return quire_error_set(err, QUIRE_ENOTFOUND,
				       "no paper '%.40s' (ids never contain 0, 1, i, l or o)",
				       id);
	case ID_NORM_TOO_LONG:
		break;
	}
	return quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%.40s'", id);
}

/* Finds the paper `id` names: the whole id, else (allow_prefix) a unique
 * prefix of at least ST_PREFIX_MIN characters.  Call inside a transaction. */
static quire_status st_resolve(store_t *st, const char *id, int allow_prefix,
			       char out[ID_MAX_LEN + 1], quire_error *err)
{
	char norm[ID_MAX_LEN + 1], hi[ID_MAX_LEN + 2];
	sqlite3_stmt *s = NULL;
	quire_status qs = st_whole_id(id, norm, err);
	if (qs != QUIRE_OK)
		return qs;

	qs = st_prepare(st, "SELECT id FROM papers WHERE id = ?1", &s, err,
			"finding paper");
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, norm);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW) {
		memcpy(out, norm, sizeof norm);
		return QUIRE_OK;
	}
	if (rc != SQLITE_DONE)
		return st_db_error(st->db, rc, err, "finding paper");
	if (!allow_prefix)
		return quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%.40s'", id);

	/* Every id starting with norm sorts in [norm, norm "~"). */
	snprintf(hi, sizeof hi, "%s~", norm);
	qs = st_prepare(st, "SELECT id FROM papers WHERE id > ?1 AND id < ?2"
			    " ORDER BY id LIMIT 2",
			&s, err, "finding paper");
	if (qs != QUIRE_OK)
		return qs;
	int found = 0;
	rc = st_bind_str(s, 1, norm);
	if (rc == SQLITE_OK)
		rc = st_bind_str(s, 2, hi);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (found++ == 0) {
			const char *t = (const char *)sqlite3_column_text(s, 0);
			snprintf(out, ID_MAX_LEN + 1, "%s", t ? t : "");
		}
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_OK) {
		qs = st_db_error(st->db, rc, err, "finding paper");
		sqlite3_finalize(s);
		return qs;
	}
	sqlite3_finalize(s);
	if (found == 0)
		return quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%.40s'", id);
	if (strlen(norm) < ST_PREFIX_MIN)
		return quire_error_set(err, QUIRE_EUSAGE,
				       "id '%.40s' is too short (type at least %d characters)",
				       id, ST_PREFIX_MIN);
	if (found > 1)
		return quire_error_set(err, QUIRE_EUSAGE,
				       "id '%.40s' is ambiguous (type more of it)", id);
	return QUIRE_OK;
}

/* ------------------------------------------------------------------ */
/* Checking what callers pass                                          */
/* ------------------------------------------------------------------ */

static quire_status st_check_tags(const char *const *tags, size_t n,
				  quire_error *err)
{
	if (n && !tags)
		return quire_error_set(err, QUIRE_EUSAGE, "tags missing");
	for (size_t i = 0; i < n; i++) {
		const char *t = tags[i];
		if (!t || !*t)
			return quire_error_set(err, QUIRE_EUSAGE, "empty tag");
		size_t len = strlen(t);
		if (len > ST_TAG_MAX)
			return quire_error_set(err, QUIRE_EUSAGE,
					       "tag '%.40s…' is too long (at most %d bytes)",
					       t, ST_TAG_MAX);
		for (size_t k = 0; k < len; k++) {
			unsigned char c = (unsigned char)t[k];
			if (c < 0x20 || c == 0x7f)
				return quire_error_set(err, QUIRE_EUSAGE,
						       "tag '%.40s' holds a control character",
						       t);
		}
	}
	return QUIRE_OK;
}

/* Checks the analysed part of p (shared by st_add and st_update_analysis). */
static quire_status st_check_analysis(const st_new *p, quire_error *err)
{
	if (!p->format || !*p->format)
		return quire_error_set(err, QUIRE_EUSAGE, "no format given");
	if (!p->analysis && p->analysis_len)
		return quire_error_set(err, QUIRE_EUSAGE, "analysis missing");
	if (!p->text && p->text_len)
		return quire_error_set(err, QUIRE_EUSAGE, "text missing");
	return QUIRE_OK;
}

/* Copies the SHA-256 hex digest into out in lower case; -1 if malformed. */
static int st_norm_sha(const char *in, char out[65])
{
	if (!in)
		return -1;
	for (int i = 0; i < 64; i++) {
		char c = in[i];
		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return -1;
		out[i] = c;
	}
	if (in[64] != '\0')
		return -1;
	out[64] = '\0';
	return 0;
}

/* ------------------------------------------------------------------ */
/* The search index                                                    */
/* ------------------------------------------------------------------ */

/*
 * The search index was FTS5's papers_fts from migration 2 to 7; migration 8
 * dropped it.
 *
 * Why no triggers keep the index: every change to papers is made in this
 * file anyway, and the index's writer buffers a change's postings in
 * memory (one row per term at the flush), which a trigger could not.
 *
 * ix's documents name papers by rowid, which VACUUM may renumber (papers
 * has no INTEGER PRIMARY KEY): whatever VACUUMs a library must rebuild the
 * index afterwards (st_reindex).  The online backup copies pages, so it
 * keeps the rowids.
 */

/*
 * The search index ix (migration 7; src/search/ix.h, tables of
 * src/store/ix_sqlite.h) is kept in step inside the transaction of every
 * change to the indexed columns: st_ix_unindex() before a change of the
 * indexed columns removes the paper's document, st_ix_index() after it
 * adds the paper as a new document (ix never reuses a docid) and notes its
 * docid in ix_papers (migration 10).  The writer buffers the change's
 * postings in memory and st_commit() flushes them before COMMIT (or,
 * inside a batch, before the change's RELEASE, so that a change that
 * fails takes its postings with its savepoint); any rollback discards
 * the writer's buffer.  A change of visibility, owner or tags re-writes the document's
 * record unchanged (st_ix_touch), which moves the index's generation and
 * logs the document as changed: the search engine's table of filter
 * attributes (src/search/sattr.h) reads that paper's row again at the
 * next search.
 */

/* The index's storage on st's connection, made at first use; NULL when
 * out of memory. */
static const ix_io *st_ix_io(store_t *st)
{
	if (!st->ixs) {
		st->ixs = ixsql_new(st->db);
		if (!st->ixs)
			return NULL;
		ixsql_io(st->ixs, &st->ixio);
	}
	return &st->ixio;
}

/* Empties the index (for a rebuild, inside its transaction): every row
 * and record goes, and the generations move (without a logged change), so
 * every reader reloads its whole table.  Docids start again at 1: with no
 * posting left, none can name a document of before, and readers size
 * their tables by the highest docid (a library rebuilt ten times had
 * docids up to 1.2 million for 100,000 papers, and each reader zeroed
 * 58 MB for them).  The count of removals goes with the postings. */
static quire_status st_ix_clear(store_t *st, quire_error *err, const char *what)
{
	if (st->ixw)
		ix_writer_discard(st->ixw);
	return st_exec(st,
		"DELETE FROM ix_post; DELETE FROM ix_pos; DELETE FROM ix_doc;"
		" DELETE FROM ix_papers;"
		" DELETE FROM ix_meta WHERE k IN ('format', 'next_doc', 'removed');"
		" INSERT INTO ix_meta(k, v) VALUES ('gen', 1), ('rmgen', 1)"
		" ON CONFLICT(k) DO UPDATE SET v = v + 1;", err, what);
}

/* The writer of st, made at the first change. */
static ix_writer *st_ix_writer(store_t *st, quire_error *err)
{
	if (st->ixw)
		return st->ixw;
	if (!st_ix_io(st))
		return NULL;
	/* the store decides when to flush (st_commit, st_ix_build) */
	st->ixw = ix_writer_new(&st->ixio, SIZE_MAX / 2);
	if (!st->ixw)
		quire_error_set(err, QUIRE_ENOMEM, "search index: out of memory");
	return st->ixw;
}

static quire_status st_ix_flush(store_t *st, quire_error *err)
{
	return st->ixw ? ix_writer_flush(st->ixw, err) : QUIRE_OK;
}

/* Runs one constant statement with the integers a and b as ?1 and ?2,
 * inside the caller's transaction. */
static quire_status st_exec_ints(store_t *st, const char *sql, int64_t a,
				 int64_t b, quire_error *err, const char *what)
{
	sqlite3_stmt *s = NULL;
	quire_status qs = st_prepare(st, sql, &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = sqlite3_bind_int64(s, 1, a);
	if (sqlite3_bind_parameter_count(s) >= 2)
		ST_BIND(sqlite3_bind_int64(s, 2, b));
	qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
			     : st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	return qs;
}

/* Adds the paper at rowid (its indexed columns as stored now) to ix and
 * notes its docid. */
static quire_status st_ix_add_row(store_t *st, sqlite3_stmt *row, quire_error *err,
				  const char *what)
{
	ix_fields f;
	ix_writer *w = st_ix_writer(st, err);
	if (!w)
		return QUIRE_ENOMEM;
	sqlite3_int64 rowid = sqlite3_column_int64(row, 0);
	for (int i = 0; i < IX_NFIELDS; i++) {
		f.text[i] = (const char *)sqlite3_column_text(row, i + 1);
		f.len[i] = (size_t)sqlite3_column_bytes(row, i + 1);
	}
	uint32_t doc = 0;
	quire_status qs = ix_writer_add(w, rowid, &f, NULL, 0, &doc, err);
	if (qs != QUIRE_OK)
		return qs;
	return st_exec_ints(st, "INSERT OR REPLACE INTO ix_papers(paper, doc) VALUES (?1, ?2)",
			    rowid, doc, err, what);
}

/* The indexed columns of papers, in ix's field order, after the rowid. */
#define ST_IX_COLS                                                          \
	"rowid, coalesce(e_title, a_title), coalesce(e_authors, a_authors),"  \
	" ifnull(coalesce(e_year, a_year) || ' ', '') || filename || ' ' || format," \
	" preview, text, refs"

/* Puts paper id into the index as a new document. */
static quire_status st_ix_index(store_t *st, const char *id, quire_error *err,
				const char *what)
{
	sqlite3_stmt *s = NULL;
	quire_status qs = st_prepare(st, "SELECT " ST_IX_COLS " FROM papers WHERE id = ?1",
				     &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		qs = st_ix_add_row(st, s, err, what);
	else if (rc != SQLITE_DONE)
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	return qs;
}

/* The docid of paper id (0: none) into *doc. */
static quire_status st_ix_doc(store_t *st, const char *id, uint32_t *doc,
			      quire_error *err, const char *what)
{
	sqlite3_stmt *s = NULL;
	*doc = 0;
	quire_status qs = st_prepare(st, "SELECT x.doc FROM papers p JOIN ix_papers x"
				     " ON x.paper = p.rowid WHERE p.id = ?1", &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		sqlite3_int64 d = sqlite3_column_int64(s, 0);
		*doc = d > 0 && d <= UINT32_MAX ? (uint32_t)d : 0;
	} else if (rc != SQLITE_DONE) {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	return qs;
}

/* Takes paper id out of the index (nothing if there is no paper). */
static quire_status st_ix_unindex(store_t *st, const char *id, quire_error *err,
				  const char *what)
{
	uint32_t doc;
	quire_status qs = st_ix_doc(st, id, &doc, err, what);
	if (qs != QUIRE_OK || doc == 0)
		return qs;
	ix_writer *w = st_ix_writer(st, err);
	if (!w)
		return QUIRE_ENOMEM;
	qs = ix_writer_remove(w, doc, err);
	if (qs == QUIRE_OK)
		qs = st_exec_ints(st, "DELETE FROM ix_papers WHERE doc = ?1", doc, 0, err, what);
	return qs;
}

/* A change of what search filters on (visibility, owner, tags): the
 * document's record is written again, which moves the generation. */
static quire_status st_ix_touch(store_t *st, const char *id, quire_error *err,
				const char *what)
{
	uint32_t doc;
	quire_status qs = st_ix_doc(st, id, &doc, err, what);
	if (qs != QUIRE_OK || doc == 0)
		return qs;
	ix_writer *w = st_ix_writer(st, err);
	if (!w)
		return QUIRE_ENOMEM;
	qs = ix_writer_set_blob(w, doc, NULL, 0, err);
	return qs == QUIRE_ENOTFOUND ? QUIRE_OK : qs;
}

/* A rebuild is one bulk load (ix_writer_bulk_begin): it flushes every
 * ST_IX_FLUSH_EVERY papers or ST_IX_BUILD_BYTES of buffered postings,
 * whichever comes first, each flush a run in a temporary file that the
 * end merges into one row a term; memory stays bounded by the flush. */
#define ST_IX_FLUSH_EVERY 8000
#define ST_IX_BUILD_BYTES ((size_t)160 << 20)
#define ST_IX_BUILD_CACHE_KB 262144 /* page cache of a rebuild (256 MB) */
#define ST_STR_(x) #x
#define ST_STR(x) ST_STR_(x)

/* Indexes every paper (after the index was emptied, or for migration 7),
 * flushing every ST_IX_FLUSH_EVERY papers so memory stays bounded; inside
 * the caller's transaction. */
static quire_status st_ix_build(store_t *st,
				void (*progress)(size_t done, size_t total, void *ctx),
				void *ctx, quire_error *err, const char *what)
{
	int64_t total = 0, cache = 0;
	sqlite3_stmt *s = NULL;
	quire_status qs = st_int_query(st, "SELECT count(*) FROM papers", &total, err, what);
	/* A rebuild writes the whole index in one transaction: with the
	 * connection's usual page cache, the B-tree pages it keeps coming
	 * back to fall out and are read again from the growing WAL (a
	 * lookup in its index each time).  ST_IX_BUILD_CACHE_KB for the
	 * build, then the usual size again. */
	if (qs == QUIRE_OK)
		qs = st_int_query(st, "PRAGMA cache_size", &cache, err, what);
	if (qs == QUIRE_OK)
		qs = st_exec(st, "PRAGMA cache_size = -" ST_STR(ST_IX_BUILD_CACHE_KB), err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "SELECT " ST_IX_COLS " FROM papers ORDER BY rowid", &s, err, what);
	/* one bulk load: flushes write runs aside, the end writes each
	 * term's row once (ix.h) */
	if (qs == QUIRE_OK && !st_ix_writer(st, err))
		qs = QUIRE_ENOMEM;
	/* its runs beside the library: /tmp may be memory, and they are
	 * about the size of the postings */
	char dir[4096] = "";
	const char *file = sqlite3_db_filename(st->db, "main");
	if (file && *file && strlen(file) < sizeof dir) {
		memcpy(dir, file, strlen(file) + 1);
		char *slash = strrchr(dir, '/');
		if (!slash)
			memcpy(dir, ".", 2);
		else
			slash[slash == dir] = '\0'; /* "/lib.quire": "/" */
	}
	if (qs == QUIRE_OK)
		qs = ix_writer_bulk_begin(st->ixw, dir[0] ? dir : NULL, err);
	size_t done = 0;
	int rc = SQLITE_ROW;
	while (qs == QUIRE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		qs = st_ix_add_row(st, s, err, what);
		if (qs == QUIRE_OK && (++done % ST_IX_FLUSH_EVERY == 0 ||
				       ix_writer_buffered(st->ixw) > ST_IX_BUILD_BYTES))
			qs = st_ix_flush(st, err);
		if (qs == QUIRE_OK && done % 100 == 0 && progress)
			progress(done, (size_t)total, ctx);
	}
	if (qs == QUIRE_OK && rc != SQLITE_DONE)
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	if (qs == QUIRE_OK)
		qs = ix_writer_bulk_end(st->ixw, err);
	if (cache) {
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)cache);
		quire_error e2 = {0};
		quire_status q2 = st_exec(st, sql, qs == QUIRE_OK ? err : &e2, what);
		if (qs == QUIRE_OK)
			qs = q2;
	}
	return qs;
}

/* Migration 7: the tables, papers.ixdoc (unused since migration 10),
 * ix_papers, and every paper indexed. */
static quire_status st_ix_migrate(store_t *st, quire_error *err, const char *what)
{
	int64_t has = 0;
	quire_status qs = st_exec(st, ixsql_schema(), err, what);
	if (qs == QUIRE_OK)
		qs = st_int_query(st, "SELECT count(*) FROM pragma_table_info('papers')"
				  " WHERE name = 'ixdoc'", &has, err, what);
	if (qs == QUIRE_OK && !has)
		qs = st_exec(st, "ALTER TABLE papers ADD COLUMN ixdoc INTEGER", err, what);
	if (qs == QUIRE_OK)
		qs = st_exec(st, ST_IX_PAPERS_SQL, err, what);
	if (qs == QUIRE_OK)
		qs = st_ix_clear(st, err, what);
	if (qs == QUIRE_OK)
		qs = st_ix_build(st, NULL, NULL, err, what);
	return qs;
}

/* ix's own check, against the papers' docids. */
static quire_status st_ix_check(store_t *st, quire_error *err)
{
	static const char what[] = "checking the search index";
	int64_t n = 0, missing = 0;
	quire_status qs = st_int_query(st, "SELECT count(*) FROM papers", &n, err, what);
	if (qs == QUIRE_OK)
		qs = st_int_query(st, "SELECT count(*) FROM papers p WHERE NOT EXISTS"
				  " (SELECT 1 FROM ix_papers x WHERE x.paper = p.rowid)",
				  &missing, err, what);
	if (qs != QUIRE_OK)
		return qs;
	if (missing)
		return quire_error_set(err, QUIRE_ESTORE,
				       "library is inconsistent: %lld paper(s) are not in the search index; run quire reindex",
				       (long long)missing);
	uint32_t *docs = malloc(((size_t)n + 1) * sizeof *docs);
	int64_t *rows = malloc(((size_t)n + 1) * sizeof *rows);
	sqlite3_stmt *s = NULL;
	size_t k = 0;
	if (!docs || !rows)
		qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "SELECT x.doc, p.rowid FROM papers p LEFT JOIN ix_papers x"
				" ON x.paper = p.rowid ORDER BY x.doc", &s, err, what);
	int rc = SQLITE_ROW;
	while (qs == QUIRE_OK && k < (size_t)n && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		docs[k] = (uint32_t)sqlite3_column_int64(s, 0);
		rows[k++] = sqlite3_column_int64(s, 1);
	}
	if (qs == QUIRE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	if (qs == QUIRE_OK && !st_ix_io(st))
		qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	ix_check_report rep;
	memset(&rep, 0, sizeof rep);
	if (qs == QUIRE_OK)
		qs = ix_check(&st->ixio, docs, rows, k, &rep, err);
	free(docs);
	free(rows);
	if (qs == QUIRE_OK && rep.problem[0])
		qs = quire_error_set(err, QUIRE_ESTORE,
				     "library is corrupt: the search index does not match the papers (%s); run quire reindex",
				     rep.problem);
	return qs;
}

quire_status st_reindex(store_t *st, void (*progress)(size_t done, size_t total, void *ctx),
			void *ctx, quire_error *err)
{
	static const char what[] = "rebuilding the search index";
	if (!st)
		return quire_error_set(err, QUIRE_EUSAGE, "st_reindex: no library");
	quire_status qs = st_begin_write(st, err, what);
	if (qs != QUIRE_OK)
		return qs;
	qs = st_ix_clear(st, err, what);
	if (qs == QUIRE_OK)
		qs = st_ix_build(st, progress, ctx, err, what);
	if (qs != QUIRE_OK) {
		st_rollback(st);
		return qs;
	}
	return st_commit(st, err, what);
}

/* ------------------------------------------------------------------ */
/* The fingerprint index (reused passages; migrations 5 and 6)        */
/* ------------------------------------------------------------------ */

/*
 * Three tables (migrations 5 and 6) keep the winnowed fingerprints of
 * every paper's normalised text (reuse.h):
 *
 *   fp_papers(n, paper_id, version, hashes): one row a paper; n is an
 *     INTEGER PRIMARY KEY, so it survives VACUUM (papers' own rowid may
 *     not); version is the REUSE_HASH_VERSION the hashes were made with
 *     (another version is "stale": `quire reindex` redoes it); hashes
 *     holds the paper's distinct fingerprint hashes, sorted, 8 bytes each
 *     little-endian.  The blob is what lets a paper's rows be deleted
 *     without a second index on the big table (one primary-key seek per
 *     hash), gives a paper's fingerprint count to `quire duplicates`, and
 *     lets st_check() prove the two tables agree.
 *   fingerprints(hash, paper, pos): WITHOUT ROWID, primary key (hash,
 *     paper, pos): the table IS the index on hash, with no rowid and no
 *     second copy; about 20 bytes a fingerprint (see bench/reuse.sh).
 *   fp_recent(hash, paper, pos): the same shape, small: the rows of the
 *     papers indexed since the last merge.
 *
 * Why two tables of fingerprints, the way search engines keep a small
 * in-memory segment beside the big one: a paper's few hundred hashes are
 * random, so inserting them straight into the big B-tree dirties a
 * different leaf page for nearly every row, and every transaction wrote
 * pages all over the index to the WAL (1,000 essays: 46 s and 2 GB
 * written, against 3 s without the index).  New rows go to fp_recent,
 * whose few pages stay in the cache and are written once a transaction;
 * when it passes ST_FP_RECENT_MAX rows (checked at the end of st_add and
 * st_update_analysis, inside their transaction, or at the commit of a
 * batch) and at the end of
 * st_fp_reindex, st_fp_merge() moves it into fingerprints in hash order
 * in one statement, so each leaf page of the big table is written once
 * per merge.  A paper's rows are all in one of the two tables (a merge
 * moves every row); readers do not rely on that: lookups, the walk,
 * removal and st_check read both, and a hash's places (and the
 * boilerplate bound) are counted over both.
 *
 * Inside a batch (st_batch_begin), each change is a savepoint, and SQLite
 * copies every page a savepoint first changes to a sub-journal: a paper's
 * random hashes touch nearly every page of fp_recent, so writing them per
 * paper copied the whole table for every paper.  A batch therefore keeps
 * its papers' rows in memory (store_t.fp_pend; a change that rolls back
 * drops its own) and writes them to fp_recent in hash order, in one
 * savepoint of their own, at st_batch_commit() (then merges if big) or
 * before anything in the batch replaces, removes or walks fingerprints
 * (st_update_analysis, st_remove, st_fp_reindex, st_fp_walk, st_check).
 * st_fp_lookup, which `quire add` calls for every paper (the
 * near-duplicate warning), reads them where they are instead: the rows
 * are kept sorted (the new paper's few hundred merged in, O(rows)) and
 * searched after the tables' hits; their papers are the newest, so their
 * keys come after every key in the tables and the order by (paper, pos)
 * holds.  They still commit in the same transaction as their papers.
 *
 * They change inside the transaction of every change to a paper's text
 * (st_add, st_update_analysis, st_remove), like the search index.  The
 * caller may hand in the fingerprints (st_new.fps, computed once in
 * ingest); otherwise they are computed here from the text with the
 * defaults, so every way into the library (import included) indexes.
 * Hashes are stored as SQLite's signed 64-bit integers (the same bits).
 */

#define ST_FP_BATCH 256   /* papers a reindex transaction takes */
#ifndef ST_FP_RECENT_MAX
#define ST_FP_RECENT_MAX 200000 /* rows of fp_recent that make a merge */
#endif

static const char *st_col_str(sqlite3_stmt *s, int i, quire_arena *a,
			      size_t *len, int *failed);

static void st_put_le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t st_get_le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static int st_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The winnowed fingerprints of text[0..len) with the defaults, in a. */
static quire_status st_fp_compute(const char *text, size_t len, quire_arena *a,
				  const reuse_fp **fps, size_t *n,
				  quire_error *err)
{
	reuse_opts o = reuse_opts_default();
	reuse_fp *f = NULL;
	*fps = NULL;
	*n = 0;
	quire_status s = reuse_fingerprint(text ? text : "", text ? len : 0, &o,
					   a, &f, n, err);
	if (s == QUIRE_OK)
		*fps = f;
	return s;
}

/* Takes paper rid's fingerprints out of the index (nothing if none). */
static quire_status st_fp_unindex(store_t *st, const char *rid,
				  quire_error *err, const char *what)
{
	sqlite3_stmt *s = NULL, *d = NULL;
	quire_status qs = st_prepare(st, "SELECT n, hashes FROM fp_papers"
					 " WHERE paper_id = ?1", &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, rid);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(s);
		return QUIRE_OK;
	}
	if (rc != SQLITE_ROW) {
		qs = st_db_error(st->db, rc, err, what);
		sqlite3_finalize(s);
		return qs;
	}
	int64_t n = sqlite3_column_int64(s, 0);
	const unsigned char *h = sqlite3_column_blob(s, 1);
	size_t nh = (size_t)sqlite3_column_bytes(s, 1) / 8;
	/* Both tables: one primary-key seek per hash in each. */
	static const char *const del[2] = {
		"DELETE FROM fp_recent WHERE hash = ?1 AND paper = ?2",
		"DELETE FROM fingerprints WHERE hash = ?1 AND paper = ?2",
	};
	for (int t = 0; t < 2 && qs == QUIRE_OK; t++) {
		qs = st_prepare(st, del[t], &d, err, what);
		for (size_t i = 0; qs == QUIRE_OK && i < nh; i++) {
			rc = sqlite3_bind_int64(d, 1, (sqlite3_int64)st_get_le64(h + 8 * i));
			ST_BIND(sqlite3_bind_int64(d, 2, n));
			qs = rc == SQLITE_OK ? st_step_done(st, d, err, what)
					     : st_db_error(st->db, rc, err, what);
			if (qs == QUIRE_OK && t == 0 && st->fp_recent > 0)
				st->fp_recent -= sqlite3_changes(st->db);
		}
		sqlite3_finalize(d);
		d = NULL;
	}
	sqlite3_finalize(s);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "DELETE FROM fp_papers WHERE n = ?1", &d, err, what);
	if (qs == QUIRE_OK) {
		rc = sqlite3_bind_int64(d, 1, n);
		qs = rc == SQLITE_OK ? st_step_done(st, d, err, what)
				     : st_db_error(st->db, rc, err, what);
		sqlite3_finalize(d);
	}
	return qs;
}

/* Puts fps[0..nf) into the index as paper rid's fingerprints (rid has
 * none there now).  Inside the caller's write transaction. */
static quire_status st_fp_index(store_t *st, const char *rid,
				const reuse_fp *fps, size_t nf,
				quire_error *err, const char *what)
{
	sqlite3_stmt *s = NULL;
	uint64_t *h = nf ? malloc(nf * sizeof *h) : NULL;
	unsigned char *blob = nf ? malloc(nf * 8) : NULL;
	size_t nh = 0;
	quire_status qs = QUIRE_OK;

	if (nf && (!h || !blob)) {
		free(h);
		free(blob);
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	}
	for (size_t i = 0; i < nf; i++)
		h[i] = fps[i].hash;
	if (nf)
		qsort(h, nf, sizeof *h, st_u64_cmp);
	for (size_t i = 0; i < nf; i++)
		if (nh == 0 || h[nh - 1] != h[i])
			h[nh++] = h[i];
	for (size_t i = 0; i < nh; i++)
		st_put_le64(blob + 8 * i, h[i]);
	free(h);

	qs = st_prepare(st, "INSERT INTO fp_papers(paper_id, version, hashes)"
			    " VALUES (?1, ?2, ?3)", &s, err, what);
	if (qs == QUIRE_OK) {
		static const unsigned char none[1];
		int rc = st_bind_str(s, 1, rid);
		ST_BIND(sqlite3_bind_int(s, 2, REUSE_HASH_VERSION));
		ST_BIND(sqlite3_bind_blob64(s, 3, blob ? blob : none, nh * 8,
					    SQLITE_STATIC));
		qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
				     : st_db_error(st->db, rc, err, what);
		sqlite3_finalize(s);
	}
	free(blob);
	if (qs != QUIRE_OK)
		return qs;
	int64_t n = sqlite3_last_insert_rowid(st->db);
	if (st->batch) {
		if (nf > st->fp_cap - st->fp_npend) {
			size_t nc = st->fp_cap ? st->fp_cap : 4096;
			while (nc - st->fp_npend < nf)
				nc *= 2;
			struct st_fp_row *v = realloc(st->fp_pend, nc * sizeof *v);
			if (!v)
				return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
			st->fp_pend = v;
			st->fp_cap = nc;
		}
		for (size_t i = 0; i < nf; i++) {
			struct st_fp_row *r = &st->fp_pend[st->fp_npend++];
			r->hash = (int64_t)fps[i].hash;
			r->paper = n;
			r->pos = (int64_t)fps[i].pos;
		}
		return QUIRE_OK;
	}
	qs = st_prepare(st, "INSERT OR IGNORE INTO fp_recent(hash, paper, pos)"
			    " VALUES (?1, ?2, ?3)", &s, err, what);
	for (size_t i = 0; qs == QUIRE_OK && i < nf; i++) {
		int rc = sqlite3_bind_int64(s, 1, (sqlite3_int64)fps[i].hash);
		ST_BIND(sqlite3_bind_int64(s, 2, n));
		ST_BIND(sqlite3_bind_int64(s, 3, (sqlite3_int64)fps[i].pos));
		qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
				     : st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	if (qs == QUIRE_OK && st->fp_recent >= 0)
		st->fp_recent += (int64_t)nf;
	return qs;
}

static int st_fp_row_cmp(const void *a, const void *b)
{
	const struct st_fp_row *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	if (x->paper != y->paper)
		return x->paper < y->paper ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

static quire_status st_fp_merge_if_big(store_t *st, quire_error *err,
				       const char *what);

/* Puts a batch's pending rows in hash order: the unsorted tail sorted,
 * then merged with the sorted head. */
static quire_status st_fp_sort_pending(store_t *st, quire_error *err,
				       const char *what)
{
	size_t h = st->fp_sorted, n = st->fp_npend;
	if (h >= n)
		return QUIRE_OK;
	struct st_fp_row *v = st->fp_pend;
	qsort(v + h, n - h, sizeof *v, st_fp_row_cmp);
	if (h > 0 && st_fp_row_cmp(&v[h - 1], &v[h]) > 0) {
		struct st_fp_row *m = malloc(n * sizeof *m);
		if (!m)
			return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		size_t i = 0, j = h, k = 0;
		while (i < h && j < n)
			m[k++] = st_fp_row_cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
		while (i < h)
			m[k++] = v[i++];
		while (j < n)
			m[k++] = v[j++];
		memcpy(v, m, n * sizeof *m);
		free(m);
	}
	st->fp_sorted = n;
	return QUIRE_OK;
}

/* Writes a batch's pending rows to fp_recent in the B-tree's order;
 * outside any change's savepoint.  At the batch's commit (merge: then
 * merges if fp_recent is big) straight into the transaction, which a
 * failure rolls back whole; in the middle of a batch in a savepoint of
 * their own, the rows kept in memory if that fails, so that the commit
 * tries again.  (A savepoint costs a copy of every page it touches.) */
static quire_status st_fp_flush(store_t *st, int merge, quire_error *err,
				const char *what)
{
	quire_status qs = QUIRE_OK;
	if (st->fp_npend) {
		sqlite3_stmt *s = NULL;
		qs = st_fp_sort_pending(st, err, what);
		if (qs == QUIRE_OK && !merge)
			qs = st_exec(st, "SAVEPOINT st_fp_flush", err, what);
		if (qs != QUIRE_OK)
			return qs;
		qs = st_prepare(st, "INSERT OR IGNORE INTO fp_recent(hash, paper, pos)"
				    " VALUES (?1, ?2, ?3)", &s, err, what);
		for (size_t i = 0; qs == QUIRE_OK && i < st->fp_npend; i++) {
			const struct st_fp_row *r = &st->fp_pend[i];
			int rc = sqlite3_bind_int64(s, 1, r->hash);
			ST_BIND(sqlite3_bind_int64(s, 2, r->paper));
			ST_BIND(sqlite3_bind_int64(s, 3, r->pos));
			qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
					     : st_db_error(st->db, rc, err, what);
		}
		sqlite3_finalize(s);
		if (qs == QUIRE_OK && !merge)
			qs = st_exec(st, "RELEASE st_fp_flush", err, what);
		if (qs != QUIRE_OK) {
			if (!merge)
				(void)sqlite3_exec(st->db, "ROLLBACK TO st_fp_flush;"
						   " RELEASE st_fp_flush", NULL, NULL, NULL);
			return qs;
		}
		if (st->fp_recent >= 0)
			st->fp_recent += (int64_t)st->fp_npend;
		st->fp_npend = st->fp_mark = st->fp_sorted = 0;
	}
	return merge ? st_fp_merge_if_big(st, err, what) : QUIRE_OK;
}

/* Moves every row of fp_recent into fingerprints, in hash order so that
 * each leaf page of the big table is written once.  Inside the caller's
 * write transaction.  OR IGNORE: a row already in fingerprints is the
 * same row, nothing is lost by keeping one. */
static quire_status st_fp_merge(store_t *st, quire_error *err,
				const char *what)
{
	quire_status qs = st_exec(st,
		"INSERT OR IGNORE INTO fingerprints(hash, paper, pos)"
		" SELECT hash, paper, pos FROM fp_recent ORDER BY hash, paper, pos;"
		"DELETE FROM fp_recent;", err, what);
	st->fp_recent = qs == QUIRE_OK ? 0 : -1;
	return qs;
}

/* Merges when fp_recent has passed ST_FP_RECENT_MAX rows.  Counting the
 * table reads all its pages, so it is counted only when this
 * connection's own tally (the last count plus the rows it added since;
 * unknown after a rollback) says it may have passed. */
static quire_status st_fp_merge_if_big(store_t *st, quire_error *err,
				       const char *what)
{
	if (st->fp_recent >= 0 && st->fp_recent < ST_FP_RECENT_MAX)
		return QUIRE_OK;
	int64_t n = 0;
	quire_status qs = st_int_query(st, "SELECT count(*) FROM fp_recent", &n,
				       err, what);
	if (qs != QUIRE_OK)
		return qs;
	st->fp_recent = n;
	return n >= ST_FP_RECENT_MAX ? st_fp_merge(st, err, what) : QUIRE_OK;
}

/* Indexes paper rid from p: its fingerprints if given, else computed
 * from p->text.  Inside the caller's write transaction. */
static quire_status st_fp_index_new(store_t *st, const char *rid,
				    const st_new *p, quire_error *err,
				    const char *what)
{
	if (p->fps_given)
		return st_fp_index(st, rid, p->fps, p->n_fps, err, what);
	quire_arena *a = quire_arena_new(0);
	if (!a)
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	const reuse_fp *fps;
	size_t nf;
	quire_status qs = st_fp_compute(p->text, p->text_len, a, &fps, &nf, err);
	if (qs == QUIRE_OK)
		qs = st_fp_index(st, rid, fps, nf, err, what);
	quire_arena_free(a);
	return qs;
}

/* Re-indexes up to max papers whose fingerprints are missing or stale
 * (every paper when all, papers after *after in rowid order), inside the
 * caller's write transaction; *done gets how many, *after moves on. */
static quire_status st_fp_reindex_batch(store_t *st, int all, int64_t *after,
					size_t max, size_t *done,
					quire_error *err, const char *what)
{
	sqlite3_stmt *s = NULL;
	quire_status qs = st_prepare(st,
		"SELECT p.rowid, p.id, p.text FROM papers AS p"
		" LEFT JOIN fp_papers AS f ON f.paper_id = p.id"
		" WHERE p.rowid > ?1 AND (?2 OR f.n IS NULL OR f.version <> ?3)"
		" ORDER BY p.rowid LIMIT ?4", &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = sqlite3_bind_int64(s, 1, *after);
	ST_BIND(sqlite3_bind_int(s, 2, all != 0));
	ST_BIND(sqlite3_bind_int(s, 3, REUSE_HASH_VERSION));
	ST_BIND(sqlite3_bind_int64(s, 4, (sqlite3_int64)max));
	if (rc != SQLITE_OK) {
		qs = st_db_error(st->db, rc, err, what);
		sqlite3_finalize(s);
		return qs;
	}
	/* Read the batch first: changing the tables while stepping a
	 * statement over them is not allowed by SQLite's rules for joins. */
	quire_arena *a = quire_arena_new(0);
	char **ids = calloc(max ? max : 1, sizeof *ids);
	const char **texts = calloc(max ? max : 1, sizeof *texts);
	size_t *lens = calloc(max ? max : 1, sizeof *lens);
	size_t k = 0;
	if (!a || !ids || !texts || !lens)
		qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	while (qs == QUIRE_OK && k < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int failed = 0;
		*after = sqlite3_column_int64(s, 0);
		ids[k] = (char *)st_col_str(s, 1, a, NULL, &failed);
		texts[k] = st_col_str(s, 2, a, &lens[k], &failed);
		if (failed || !ids[k])
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		k++;
	}
	if (qs == QUIRE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	for (size_t i = 0; qs == QUIRE_OK && i < k; i++) {
		st_new p;
		memset(&p, 0, sizeof p);
		p.text = texts[i];
		p.text_len = lens[i];
		qs = st_fp_unindex(st, ids[i], err, what);
		if (qs == QUIRE_OK)
			qs = st_fp_index_new(st, ids[i], &p, err, what);
	}
	*done = qs == QUIRE_OK ? k : 0;
	free(ids);
	free(texts);
	free(lens);
	quire_arena_free(a);
	return qs;
}

/* Migration 5's second half: the papers already there are indexed from
 * their stored text (inside the migration's transaction), then merged. */
static quire_status st_fp_backfill(store_t *st, quire_error *err)
{
	static const char what[] = "indexing fingerprints";
	int64_t after = -1;
	size_t done = 0;
	/* fp_recent comes with migration 6, after this one */
	quire_status qs = st_exec(st, ST_FP_RECENT_SQL, err, what);
	while (qs == QUIRE_OK) {
		qs = st_fp_reindex_batch(st, 1, &after, ST_FP_BATCH, &done, err,
					 what);
		if (qs == QUIRE_OK)
			qs = st_fp_merge_if_big(st, err, what);
		if (done == 0)
			break;
	}
	return qs == QUIRE_OK ? st_fp_merge(st, err, what) : qs;
}

/* The (hash, paper) pairs of a set, summed: two 64-bit sums of two
 * mixes of each pair, and their count.  Equal sets give equal sums in any
 * order; two sets that differ give equal sums and counts only by a
 * chance of the order of 2^-64 (each pair is first folded to 64 bits;
 * st_fp_check compares the sums, then looks for the culprit only when
 * they differ). */
typedef struct st_fp_sum {
	uint64_t a, b;
	int64_t n;
} st_fp_sum;

static uint64_t st_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static void st_fp_sum_add(st_fp_sum *u, uint64_t hash, int64_t paper)
{
	uint64_t k = hash ^ st_mix64((uint64_t)paper + 0x9e3779b97f4a7c15ULL);
	u->a += st_mix64(k);
	u->b += st_mix64(k ^ 0xd6e8feb86659fd93ULL);
	u->n++;
}

/* The keys (fp_papers.n) of the papers with a list, ascending. */
typedef struct st_fp_keys {
	int64_t *v;
	size_t n, cap;
} st_fp_keys;

static int st_fp_keys_has(const st_fp_keys *k, int64_t x)
{
	size_t lo = 0, hi = k->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < k->n && k->v[lo] == x;
}

/* Adds every row of sql (hash, paper, in any order) to u, and counts in
 * *orphans the rows whose paper has no list. */
static quire_status st_fp_sum_rows(store_t *st, const char *sql, const st_fp_keys *keys,
				   st_fp_sum *u, int64_t *orphans, quire_error *err,
				   const char *what)
{
	sqlite3_stmt *s = NULL;
	quire_status qs = st_prepare(st, sql, &s, err, what);
	int rc = SQLITE_OK;
	while (qs == QUIRE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t paper = sqlite3_column_int64(s, 1);
		st_fp_sum_add(u, (uint64_t)sqlite3_column_int64(s, 0), paper);
		if (!st_fp_keys_has(keys, paper))
			(*orphans)++;
	}
	if (qs == QUIRE_OK && rc != SQLITE_DONE)
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	return qs;
}

/* The papers' lists disagree with the tables: names a paper whose hash
 * is missing from both tables (one lookup a hash, so only on this path). */
static quire_status st_fp_culprit(store_t *st, quire_error *err, const char *what)
{
	sqlite3_stmt *s = NULL, *q = NULL;
	quire_status qs = st_prepare(st, "SELECT n, hashes, paper_id FROM fp_papers", &s, err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "SELECT 1 FROM fingerprints WHERE hash = ?1"
				    " AND paper = ?2 UNION ALL SELECT 1 FROM fp_recent"
				    " WHERE hash = ?1 AND paper = ?2 LIMIT 1", &q, err, what);
	int rc = SQLITE_OK;
	while (qs == QUIRE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(s, 0);
		const unsigned char *h = sqlite3_column_blob(s, 1);
		size_t nh = (size_t)sqlite3_column_bytes(s, 1) / 8;
		for (size_t i = 0; qs == QUIRE_OK && i < nh; i++) {
			int r2 = sqlite3_bind_int64(q, 1, (sqlite3_int64)st_get_le64(h + 8 * i));
			if (r2 == SQLITE_OK)
				r2 = sqlite3_bind_int64(q, 2, n);
			if (r2 == SQLITE_OK)
				r2 = sqlite3_step(q);
			if (r2 == SQLITE_DONE) {
				const char *pid = (const char *)sqlite3_column_text(s, 2);
				qs = quire_error_set(err, QUIRE_ESTORE,
						     "library is inconsistent: fingerprints of paper %s are missing from the index; run quire reindex --all",
						     pid ? pid : "?");
			} else if (r2 != SQLITE_ROW) {
				qs = st_db_error(st->db, r2, err, what);
			}
			sqlite3_reset(q);
		}
	}
	if (qs == QUIRE_OK && rc != SQLITE_DONE)
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(q);
	sqlite3_finalize(s);
	if (qs == QUIRE_OK) /* every list's hash is there: the tables hold others */
		qs = quire_error_set(err, QUIRE_ESTORE,
				     "library is inconsistent: the fingerprint index holds entries no paper's list has; run quire reindex --all");
	return qs;
}

/* Checks that fp_papers and the two tables of fingerprints hold the same
 * (hash, paper) pairs, and that no row names a missing paper.  A pair in
 * both tables counts twice, so it shows as a mismatch of the counts.
 * The sets are compared by their sums (st_fp_sum): one pass over each
 * table in its own order, where a lookup of every hash in a list took
 * over ten minutes at 100,000 papers (random reads of the index). */
static quire_status st_fp_check(store_t *st, quire_error *err)
{
	static const char what[] = "checking the fingerprint index";
	int64_t blobs = 0, orphans = 0, bad = 0;
	st_fp_sum tab = {0, 0, 0}, lists = {0, 0, 0};
	st_fp_keys keys = {NULL, 0, 0};
	/* the papers' lists: their sums, their keys */
	sqlite3_stmt *s = NULL;
	quire_status qs = st_prepare(st, "SELECT n, hashes FROM fp_papers ORDER BY n", &s, err,
				     what);
	int rc = SQLITE_OK;
	while (qs == QUIRE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t n = sqlite3_column_int64(s, 0);
		const unsigned char *h = sqlite3_column_blob(s, 1);
		size_t len = (size_t)sqlite3_column_bytes(s, 1);
		if (keys.n == keys.cap) {
			size_t cap = keys.cap ? 2 * keys.cap : 1024;
			int64_t *v = realloc(keys.v, cap * sizeof *v);
			if (!v) {
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
				break;
			}
			keys.v = v;
			keys.cap = cap;
		}
		keys.v[keys.n++] = n;
		blobs += len % 8 != 0;
		for (size_t i = 0; i + 8 <= len; i += 8)
			st_fp_sum_add(&lists, st_get_le64(h + i), n);
	}
	if (qs == QUIRE_OK && rc != SQLITE_DONE)
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	/* the tables: one pass each in its own order */
	if (qs == QUIRE_OK)
		qs = st_fp_sum_rows(st, "SELECT DISTINCT hash, paper FROM fingerprints", &keys,
				    &tab, &orphans, err, what);
	if (qs == QUIRE_OK)
		qs = st_fp_sum_rows(st, "SELECT DISTINCT hash, paper FROM fp_recent", &keys, &tab,
				    &orphans, err, what);
	free(keys.v);
	if (qs == QUIRE_OK)
		qs = st_int_query(st, "SELECT count(*) FROM fp_papers"
				      " WHERE paper_id NOT IN (SELECT id FROM papers)",
				  &bad, err, what);
	if (qs != QUIRE_OK)
		return qs;
	if (orphans || bad)
		return quire_error_set(err, QUIRE_ESTORE,
				       "library is inconsistent: the fingerprint index names %lld missing paper(s); run quire reindex --all",
				       (long long)(orphans + bad));
	if (blobs)
		return quire_error_set(err, QUIRE_ESTORE,
				       "library is inconsistent: %lld paper(s)' list of fingerprints is cut short; run quire reindex --all",
				       (long long)blobs);
	if (tab.n != lists.n)
		return quire_error_set(err, QUIRE_ESTORE,
				       "library is inconsistent: the fingerprint index holds %lld entries where the papers' lists hold %lld; run quire reindex --all",
				       (long long)tab.n, (long long)lists.n);
	if (tab.a != lists.a || tab.b != lists.b)
		return st_fp_culprit(st, err, what);
	return QUIRE_OK;
}

/* ------------------------------------------------------------------ */
/* Adding                                                              */
/* ------------------------------------------------------------------ */

/* 1 if a paper has this id, 0 if not, -1 on error (err set). */
static int st_id_used(store_t *st, const char *id, quire_error *err,
		      const char *what)
{
	sqlite3_stmt *s = NULL;
	if (st_prepare(st, "SELECT 1 FROM papers WHERE id = ?1", &s, err, what))
		return -1;
	int rc = st_bind_str(s, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	int r = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
	if (r < 0)
		st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	return r;
}

static quire_status st_insert_tags(store_t *st, const char *id,
				   const char *const *tags, size_t n,
				   quire_error *err, const char *what)
{
	sqlite3_stmt *s = NULL;
	if (n == 0)
		return QUIRE_OK;
	quire_status qs = st_prepare(st, "INSERT OR IGNORE INTO tags(paper_id, tag)"
					 " VALUES (?1, ?2)",
				     &s, err, what);
	for (size_t i = 0; qs == QUIRE_OK && i < n; i++) {
		int rc = st_bind_str(s, 1, id);
		ST_BIND(st_bind_str(s, 2, tags[i]));
		if (rc != SQLITE_OK)
			qs = st_db_error(st->db, rc, err, what);
		else
			qs = st_step_done(st, s, err, what);
	}
	sqlite3_finalize(s);
	return qs;
}

/* The body of st_add, inside its transaction. */
static quire_status st_add_tx(store_t *st, const st_new *p, const char *sha,
			      char id[ID_MAX_LEN + 1], quire_error *err)
{
	static const char what[] = "adding paper";
	sqlite3_stmt *s = NULL;
	quire_status qs;
	int rc;

	/* The same bytes already stored? */
	qs = st_prepare(st, "SELECT id FROM papers WHERE sha256 = ?1", &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	rc = st_bind_str(s, 1, sha);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		snprintf(id, ID_MAX_LEN + 1, "%s", t ? t : "");
		sqlite3_finalize(s);
		return quire_error_set(err, QUIRE_EEXIST,
				       "this file is already in the library as %s", id);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return st_db_error(st->db, rc, err, what);

	if (p->id) {
		int used = st_id_used(st, id, err, what);
		if (used < 0)
			return err ? err->code : QUIRE_ESTORE;
		if (used) {
			quire_error_set(err, QUIRE_EEXIST,
					"adding paper: id %s is already used by another paper",
					id);
			id[0] = '\0'; /* id_out names only a paper with these bytes */
			return QUIRE_EEXIST;
		}
	} else {
		int tries = 0, used = 1;
		while (used == 1 && tries++ < ST_ID_TRIES) {
			if (id_generate(id) != 0)
				return quire_error_set(err, QUIRE_ESTORE,
						       "%s: the system gives no randomness for an id",
						       what);
			used = st_id_used(st, id, err, what);
		}
		if (used < 0)
			return err ? err->code : QUIRE_ESTORE;
		if (used)
			return quire_error_set(err, QUIRE_ESTORE,
					       "%s: no unused id found", what);
	}

	qs = st_prepare(st,
			"INSERT INTO papers(id, sha256, filename, format, added,"
			" owner, visibility, a_title, a_authors, a_year, e_title,"
			" e_authors, e_year, words, pages, analysis, text,"
			" preview, refs)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
			" ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
			&s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int64_t added = p->added ? p->added : (int64_t)time(NULL);
	rc = st_bind_str(s, 1, id);
	ST_BIND(st_bind_str(s, 2, sha));
	ST_BIND(st_bind_str(s, 3, p->filename));
	ST_BIND(st_bind_str(s, 4, p->format));
	ST_BIND(sqlite3_bind_int64(s, 5, added));
	ST_BIND(st_bind_str(s, 6, p->owner));
	ST_BIND(sqlite3_bind_int(s, 7, (int)p->visibility));
	ST_BIND(st_bind_str(s, 8, p->title ? p->title : ""));
	ST_BIND(st_bind_str(s, 9, p->authors ? p->authors : ""));
	ST_BIND(st_bind_year(s, 10, p->year));
	ST_BIND(st_bind_str(s, 11, p->edit_title));
	ST_BIND(st_bind_str(s, 12, p->edit_authors));
	ST_BIND(st_bind_year(s, 13, p->edit_year));
	ST_BIND(sqlite3_bind_int64(s, 14, (sqlite3_int64)p->words));
	ST_BIND(sqlite3_bind_int64(s, 15, (sqlite3_int64)p->pages));
	ST_BIND(st_bind_span(s, 16, p->analysis, p->analysis_len));
	ST_BIND(st_bind_span(s, 17, p->text ? p->text : "", p->text_len));
	ST_BIND(st_bind_str(s, 18, p->preview));
	ST_BIND(st_bind_str(s, 19, p->refs));
	qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
			     : st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	if (qs == QUIRE_OK)
		qs = st_ix_index(st, id, err, what);
	if (qs == QUIRE_OK)
		qs = st_fp_index_new(st, id, p, err, what);
	if (qs == QUIRE_OK && !st->batch) /* a batch merges at its commit */
		qs = st_fp_merge_if_big(st, err, what);
	if (qs != QUIRE_OK)
		return qs;

	qs = st_prepare(st, "INSERT INTO files(paper_id, bytes) VALUES (?1, ?2)",
			&s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	static const unsigned char none[1];
	rc = st_bind_str(s, 1, id);
	ST_BIND(sqlite3_bind_blob64(s, 2, p->file ? p->file : none,
				    p->file ? p->file_len : 0, SQLITE_STATIC));
	qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
			     : st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	if (qs != QUIRE_OK)
		return qs;

	return st_insert_tags(st, id, p->tags, p->n_tags, err, what);
}

quire_status st_add(store_t *st, const st_new *p, char *id_out,
		    quire_error *err)
{
	char sha[65], id[ID_MAX_LEN + 1] = "";
	quire_status qs;

	if (id_out)
		id_out[0] = '\0';
	if (!st || !p)
		return quire_error_set(err, QUIRE_EUSAGE, "st_add: nothing to add");
	if (st_norm_sha(p->sha256, sha) != 0)
		return quire_error_set(err, QUIRE_EUSAGE,
				       "adding paper: the SHA-256 is not 64 hex digits");
	if (!p->filename || !*p->filename)
		return quire_error_set(err, QUIRE_EUSAGE, "adding paper: no file name");
	if (!p->file && p->file_len)
		return quire_error_set(err, QUIRE_EUSAGE, "adding paper: file bytes missing");
	if ((unsigned)p->visibility > ST_PRIVATE)
		return quire_error_set(err, QUIRE_EUSAGE,
				       "adding paper: unknown visibility %d", (int)p->visibility);
	if ((qs = st_check_analysis(p, err)) != QUIRE_OK ||
	    (qs = st_check_tags(p->tags, p->n_tags, err)) != QUIRE_OK)
		return qs;
	if (p->id) {
		if (id_normalise(p->id, id) != ID_NORM_OK || !id_valid(id))
			return quire_error_set(err, QUIRE_EUSAGE,
					       "adding paper: '%.40s' is not a valid id (%d to %d of %s)",
					       p->id, ID_MIN_LEN, ID_MAX_LEN, ID_ALPHABET);
	}

	st->ix_adding = 1;
	qs = st_begin_write(st, err, "adding paper");
	if (qs != QUIRE_OK)
		st->ix_adding = 0;
	if (qs != QUIRE_OK)
		return qs;
	qs = st_add_tx(st, p, sha, id, err);
	if (qs == QUIRE_OK)
		qs = st_commit(st, err, "adding paper");
	else
		st_rollback(st);
	if (id_out && (qs == QUIRE_OK || qs == QUIRE_EEXIST))
		memcpy(id_out, id, strlen(id) + 1);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/* The columns of a paper's row, in the order st_read_row() reads them;
 * the analysis and the text follow as columns 15 and 16. */
#define ST_PAPER_COLS                                                      \
	"id, filename, sha256, format, added, owner, visibility, a_title,"  \
	" a_authors, a_year, e_title, e_authors, e_year, words, pages"

/* Column i as a string in a (NULL for SQL NULL); *failed set on ENOMEM. */
static const char *st_col_str(sqlite3_stmt *s, int i, quire_arena *a,
			      size_t *len, int *failed)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	size_t n = (size_t)sqlite3_column_bytes(s, i);
	if (len)
		*len = 0;
	if (!t)
		return NULL;
	char *c = quire_arena_strndup(a, (const char *)t, n);
	if (!c)
		*failed = 1;
	else if (len)
		*len = n;
	return c;
}

/* Fills out from the current row of s (columns of ST_PAPER_COLS, then the
 * analysis and the text, either of which may be NULL).  -1: out of memory. */
static int st_read_row(sqlite3_stmt *s, quire_arena *a, st_paper *out)
{
	int failed = 0;

	memset(out, 0, sizeof *out);
	const unsigned char *id = sqlite3_column_text(s, 0);
	snprintf(out->id, sizeof out->id, "%s", id ? (const char *)id : "");
	out->filename = st_col_str(s, 1, a, NULL, &failed);
	out->sha256 = st_col_str(s, 2, a, NULL, &failed);
	out->format = st_col_str(s, 3, a, NULL, &failed);
	out->added = sqlite3_column_int64(s, 4);
	out->owner = st_col_str(s, 5, a, NULL, &failed);
	out->visibility = (st_visibility)sqlite3_column_int(s, 6);
	out->a_title = st_col_str(s, 7, a, NULL, &failed);
	out->a_authors = st_col_str(s, 8, a, NULL, &failed);
	out->a_year = sqlite3_column_int(s, 9);
	out->e_title = st_col_str(s, 10, a, NULL, &failed);
	out->e_authors = st_col_str(s, 11, a, NULL, &failed);
	out->e_year = sqlite3_column_int(s, 12);
	sqlite3_int64 w = sqlite3_column_int64(s, 13);
	out->words = w > 0 ? (size_t)w : 0;
	sqlite3_int64 pg = sqlite3_column_int64(s, 14);
	out->pages = pg > 0 && pg <= (sqlite3_int64)UINT32_MAX ? (unsigned)pg : 0;
	out->analysis = st_col_str(s, 15, a, &out->analysis_len, &failed);
	out->text = st_col_str(s, 16, a, &out->text_len, &failed);
	if (!out->a_title)
		out->a_title = "";
	if (!out->a_authors)
		out->a_authors = "";
	out->title = out->e_title ? out->e_title : out->a_title;
	out->authors = out->e_authors ? out->e_authors : out->a_authors;
	out->year = out->e_year ? out->e_year : out->a_year;
	return failed ? -1 : 0;
}

/* Reads the tags of out->id with ts (SELECT_TAGS, reset afterwards). */
#define ST_SELECT_TAGS                                                     \
	"SELECT tag, count(*) OVER () FROM tags WHERE paper_id = ?1 ORDER BY tag"

static quire_status st_read_tags(store_t *st, sqlite3_stmt *ts, quire_arena *a,
				 st_paper *out, quire_error *err)
{
	const char **tags = NULL;
	size_t n = 0, cap = 0;
	int rc = sqlite3_bind_text(ts, 1, out->id, -1, SQLITE_STATIC);

	while (rc == SQLITE_OK && (rc = sqlite3_step(ts)) == SQLITE_ROW) {
		if (!tags) {
			sqlite3_int64 total = sqlite3_column_int64(ts, 1);
			cap = total > 0 ? (size_t)total : 1;
			tags = quire_arena_alloc(a, cap * sizeof *tags);
			if (!tags)
				break;
		}
		int failed = 0;
		const char *t = st_col_str(ts, 0, a, NULL, &failed);
		if (failed || n >= cap)
			break;
		tags[n++] = t ? t : "";
		rc = SQLITE_OK;
	}
	sqlite3_reset(ts);
	sqlite3_clear_bindings(ts);
	if (rc == SQLITE_ROW)
		return quire_error_set(err, QUIRE_ENOMEM, "reading tags: out of memory");
	if (rc != SQLITE_DONE)
		return st_db_error(st->db, rc, err, "reading tags");
	out->tags = tags;
	out->n_tags = n;
	return QUIRE_OK;
}

static quire_status st_read_file(store_t *st, quire_arena *a, st_paper *out,
				 quire_error *err)
{
	static const char what[] = "reading paper's file";
	sqlite3_stmt *s = NULL;
	quire_status qs = st_prepare(st, "SELECT bytes FROM files WHERE paper_id = ?1",
				     &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = sqlite3_bind_text(s, 1, out->id, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(s, 0);
		const void *b = sqlite3_column_blob(s, 0);
		unsigned char *c = quire_arena_alloc(a, n ? n : 1);
		if (!c) {
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		} else {
			if (n)
				memcpy(c, b, n);
			out->file = c;
			out->file_len = n;
		}
	} else if (rc == SQLITE_DONE) {
		qs = quire_error_set(err, QUIRE_ESTORE,
				     "library is corrupt: paper %s has no file", out->id);
	} else {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	return qs;
}

quire_status st_get(store_t *st, const char *id, unsigned with,
		    quire_arena *a, st_paper *out, quire_error *err)
{
	static const char what[] = "reading paper";
	char rid[ID_MAX_LEN + 1];
	sqlite3_stmt *s = NULL, *ts = NULL;
	int began = 0;

	if (!st || !a || !out)
		return quire_error_set(err, QUIRE_EUSAGE, "st_get: nothing to read into");
	memset(out, 0, sizeof *out);
	quire_status qs = st_begin_read(st, &began, err, what);
	if (qs != QUIRE_OK)
		return qs;
	qs = st_resolve(st, id, 1, rid, err);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "SELECT " ST_PAPER_COLS ","
				    " CASE WHEN ?2 THEN analysis END,"
				    " CASE WHEN ?3 THEN text END"
				    " FROM papers WHERE id = ?1",
				&s, err, what);
	if (qs == QUIRE_OK) {
		int rc = st_bind_str(s, 1, rid);
		ST_BIND(sqlite3_bind_int(s, 2, (with & ST_WITH_ANALYSIS) != 0));
		ST_BIND(sqlite3_bind_int(s, 3, (with & ST_WITH_TEXT) != 0));
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			if (st_read_row(s, a, out) != 0)
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		} else if (rc == SQLITE_DONE) {
			qs = quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%.40s'", id);
		} else {
			qs = st_db_error(st->db, rc, err, what);
		}
	}
	if (qs == QUIRE_OK)
		qs = st_prepare(st, ST_SELECT_TAGS, &ts, err, what);
	if (qs == QUIRE_OK)
		qs = st_read_tags(st, ts, a, out, err);
	if (qs == QUIRE_OK && (with & ST_WITH_FILE))
		qs = st_read_file(st, a, out, err);
	sqlite3_finalize(s);
	sqlite3_finalize(ts);
	st_end_read(st, began);
	if (qs != QUIRE_OK)
		memset(out, 0, sizeof *out);
	return qs;
}

quire_status st_list(store_t *st, st_sort sort, int descending,
		     int (*fn)(const st_paper *p, void *ctx), void *ctx,
		     quire_error *err)
{
	static const char what[] = "listing papers";
	/* The ORDER BY terms match the indexes of migration 1; rowid breaks
	 * ties in the order papers were added. */
#define ST_LIST(order) "SELECT " ST_PAPER_COLS ", NULL, NULL FROM papers ORDER BY " order
	static const char *const sql[3][2] = {
		{ST_LIST("added, rowid"), ST_LIST("added DESC, rowid DESC")},
		{ST_LIST("coalesce(e_title, a_title) COLLATE NOCASE, added, rowid"),
		 ST_LIST("coalesce(e_title, a_title) COLLATE NOCASE DESC, added DESC, rowid DESC")},
		{ST_LIST("words, added, rowid"),
		 ST_LIST("words DESC, added DESC, rowid DESC")},
	};
#undef ST_LIST
	sqlite3_stmt *s = NULL, *ts = NULL;

	if (!st || !fn)
		return quire_error_set(err, QUIRE_EUSAGE, "st_list: no callback");
	if ((unsigned)sort > ST_SORT_WORDS)
		return quire_error_set(err, QUIRE_EUSAGE, "st_list: unknown sort %d", (int)sort);
	quire_status qs = st_prepare(st, sql[sort][descending != 0], &s, err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, ST_SELECT_TAGS, &ts, err, what);
	/* One statement is one read snapshot: the walk sees the library as
	 * it was when it began, whatever other connections do meanwhile.
	 * One arena, reset for each row (a new arena a row cost a 64 kB
	 * malloc and free: 100,000 papers spent 2 s in the kernel). */
	quire_arena *a = quire_arena_new(0);
	if (!a && qs == QUIRE_OK)
		qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	while (qs == QUIRE_OK) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			qs = st_db_error(st->db, rc, err, what);
			break;
		}
		quire_arena_reset(a);
		st_paper p;
		if (st_read_row(s, a, &p) != 0) {
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		} else {
			qs = st_read_tags(st, ts, a, &p, err);
			if (qs == QUIRE_OK && fn(&p, ctx) != 0)
				break;
		}
	}
	quire_arena_free(a);
	sqlite3_finalize(s);
	sqlite3_finalize(ts);
	return qs;
}

quire_status st_count(store_t *st, size_t *n, quire_error *err)
{
	int64_t v = 0;
	if (!st || !n)
		return quire_error_set(err, QUIRE_EUSAGE, "st_count: nowhere to count");
	quire_status qs = st_int_query(st, "SELECT count(*) FROM papers", &v, err,
				       "counting papers");
	*n = qs == QUIRE_OK ? (size_t)v : 0;
	return qs;
}

/* PRAGMA data_version changes when another connection commits; this
 * connection's own commits show in its change count instead. */
quire_status st_change_stamp(store_t *st, uint64_t stamp[2], quire_error *err)
{
	int64_t v = 0;
	if (!st || !stamp)
		return quire_error_set(err, QUIRE_EUSAGE, "st_change_stamp: no store");
	quire_status qs = st_int_query(st, "PRAGMA data_version", &v, err,
				       "reading the change counter");
	stamp[0] = (uint64_t)v;
	stamp[1] = (uint64_t)sqlite3_total_changes64(st->db);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Changing                                                            */
/* ------------------------------------------------------------------ */

/* 0: leave the column, 1: set it to v, 2: set it to NULL. */
static int st_edit_mode(const char *v)
{
	return !v ? 0 : v == st_unedit ? 2 : 1;
}

static quire_status st_edit_tx(store_t *st, const char *id,
			       const st_edit_req *req, quire_error *err)
{
	static const char what[] = "editing paper";
	sqlite3_stmt *s = NULL;
	/* Title, authors and year are indexed; the rest is not. */
	int reindex = req->title || req->authors || req->year;
	quire_status qs = reindex ? st_ix_unindex(st, id, err, what) : QUIRE_OK;
	if (qs != QUIRE_OK)
		return qs;
	qs = st_prepare(st,
		"UPDATE papers SET"
		" e_title = CASE ?2 WHEN 1 THEN ?3 WHEN 2 THEN NULL ELSE e_title END,"
		" e_authors = CASE ?4 WHEN 1 THEN ?5 WHEN 2 THEN NULL ELSE e_authors END,"
		" e_year = CASE ?6 WHEN 1 THEN ?7 WHEN 2 THEN NULL ELSE e_year END,"
		" visibility = CASE WHEN ?8 >= 0 THEN ?8 ELSE visibility END,"
		" owner = CASE ?9 WHEN 1 THEN ?10 WHEN 2 THEN NULL ELSE owner END"
		" WHERE id = ?1",
		&s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int ty = req->year > 0 ? 1 : req->year < 0 ? 2 : 0;
	int rc = st_bind_str(s, 1, id);
	ST_BIND(sqlite3_bind_int(s, 2, st_edit_mode(req->title)));
	ST_BIND(st_bind_str(s, 3, req->title));
	ST_BIND(sqlite3_bind_int(s, 4, st_edit_mode(req->authors)));
	ST_BIND(st_bind_str(s, 5, req->authors));
	ST_BIND(sqlite3_bind_int(s, 6, ty));
	ST_BIND(sqlite3_bind_int(s, 7, req->year));
	ST_BIND(sqlite3_bind_int(s, 8, req->visibility));
	ST_BIND(sqlite3_bind_int(s, 9, st_edit_mode(req->owner)));
	ST_BIND(st_bind_str(s, 10, req->owner));
	qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
			     : st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	if (qs != QUIRE_OK)
		return qs;
	if (sqlite3_changes(st->db) == 0)
		return quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%s'", id);
	if (reindex && (qs = st_ix_index(st, id, err, what)) != QUIRE_OK)
		return qs;
	if (!reindex && (qs = st_ix_touch(st, id, err, what)) != QUIRE_OK)
		return qs;
	if (!req->set_tags)
		return QUIRE_OK;

	qs = st_prepare(st, "DELETE FROM tags WHERE paper_id = ?1", &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	rc = st_bind_str(s, 1, id);
	qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
			     : st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	if (qs != QUIRE_OK)
		return qs;
	return st_insert_tags(st, id, req->tags, req->n_tags, err, what);
}

quire_status st_edit(store_t *st, const char *id, const st_edit_req *req,
		     quire_error *err)
{
	char rid[ID_MAX_LEN + 1];
	if (!st || !req)
		return quire_error_set(err, QUIRE_EUSAGE, "st_edit: no edit");
	quire_status qs = st_whole_id(id, rid, err);
	if (qs != QUIRE_OK)
		return qs;
	if (req->visibility < -1 || req->visibility > ST_PRIVATE)
		return quire_error_set(err, QUIRE_EUSAGE,
				       "editing paper: unknown visibility %d", req->visibility);
	if (req->set_tags && (qs = st_check_tags(req->tags, req->n_tags, err)) != QUIRE_OK)
		return qs;
	qs = st_begin_write(st, err, "editing paper");
	if (qs != QUIRE_OK)
		return qs;
	qs = st_edit_tx(st, rid, req, err);
	if (qs == QUIRE_OK)
		return st_commit(st, err, "editing paper");
	st_rollback(st);
	return qs;
}

quire_status st_update_analysis(store_t *st, const char *id,
				const st_new *p, quire_error *err)
{
	static const char what[] = "updating analysis";
	char rid[ID_MAX_LEN + 1];
	sqlite3_stmt *s = NULL;

	if (!st || !p)
		return quire_error_set(err, QUIRE_EUSAGE, "st_update_analysis: no analysis");
	quire_status qs = st_whole_id(id, rid, err);
	if (qs == QUIRE_OK)
		qs = st_check_analysis(p, err);
	if (qs == QUIRE_OK && st->batch)
		qs = st_fp_flush(st, 0, err, what);
	if (qs == QUIRE_OK)
		qs = st_begin_write(st, err, what);
	if (qs != QUIRE_OK)
		return qs;
	qs = st_ix_unindex(st, rid, err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st,
			"UPDATE papers SET format = ?2, analysis = ?3, text = ?4,"
			" a_title = ?5, a_authors = ?6, a_year = ?7, words = ?8,"
			" pages = ?9, preview = ?10, refs = ?11 WHERE id = ?1",
			&s, err, what);
	if (qs == QUIRE_OK) {
		int rc = st_bind_str(s, 1, rid);
		ST_BIND(st_bind_str(s, 2, p->format));
		ST_BIND(st_bind_span(s, 3, p->analysis, p->analysis_len));
		ST_BIND(st_bind_span(s, 4, p->text ? p->text : "", p->text_len));
		ST_BIND(st_bind_str(s, 5, p->title ? p->title : ""));
		ST_BIND(st_bind_str(s, 6, p->authors ? p->authors : ""));
		ST_BIND(st_bind_year(s, 7, p->year));
		ST_BIND(sqlite3_bind_int64(s, 8, (sqlite3_int64)p->words));
		ST_BIND(sqlite3_bind_int64(s, 9, (sqlite3_int64)p->pages));
		ST_BIND(st_bind_str(s, 10, p->preview));
		ST_BIND(st_bind_str(s, 11, p->refs));
		qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
				     : st_db_error(st->db, rc, err, what);
		sqlite3_finalize(s);
	}
	if (qs == QUIRE_OK && sqlite3_changes(st->db) == 0)
		qs = quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%s'", rid);
	if (qs == QUIRE_OK)
		qs = st_ix_index(st, rid, err, what);
	if (qs == QUIRE_OK)
		qs = st_fp_unindex(st, rid, err, what);
	if (qs == QUIRE_OK)
		qs = st_fp_index_new(st, rid, p, err, what);
	if (qs == QUIRE_OK && !st->batch) /* a batch merges at its commit */
		qs = st_fp_merge_if_big(st, err, what);
	if (qs == QUIRE_OK)
		return st_commit(st, err, what);
	st_rollback(st);
	return qs;
}

quire_status st_remove(store_t *st, const char *id, quire_error *err)
{
	static const char what[] = "removing paper";
	char rid[ID_MAX_LEN + 1];
	sqlite3_stmt *s = NULL;

	if (!st)
		return quire_error_set(err, QUIRE_EUSAGE, "st_remove: no library");
	quire_status qs = st_whole_id(id, rid, err);
	if (qs == QUIRE_OK && st->batch)
		qs = st_fp_flush(st, 0, err, what);
	if (qs == QUIRE_OK)
		qs = st_begin_write(st, err, what);
	if (qs != QUIRE_OK)
		return qs;
	/* The file and the tags go with the row (ON DELETE CASCADE); the
	 * fingerprints are taken out first (their rows name no paper id). */
	qs = st_ix_unindex(st, rid, err, what);
	if (qs == QUIRE_OK)
		qs = st_fp_unindex(st, rid, err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "DELETE FROM papers WHERE id = ?1", &s, err, what);
	if (qs == QUIRE_OK) {
		int rc = st_bind_str(s, 1, rid);
		qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
				     : st_db_error(st->db, rc, err, what);
		sqlite3_finalize(s);
	}
	if (qs == QUIRE_OK && sqlite3_changes(st->db) == 0)
		qs = quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%s'", rid);
	if (qs == QUIRE_OK)
		return st_commit(st, err, what);
	st_rollback(st);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Backup, settings, checks                                            */
/* ------------------------------------------------------------------ */

quire_status st_backup(store_t *st, const char *path, quire_error *err)
{
	static const char what[] = "backing up library";
	struct stat sb;

	if (!st || !path || !*path)
		return quire_error_set(err, QUIRE_EUSAGE, "%s: no backup path given", what);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	int created = fd >= 0;
	if (fd >= 0) {
		close(fd);
	} else if (errno != EEXIST) {
		return quire_error_set(err, QUIRE_EIO, "%s: cannot create the copy: %s",
				       what, strerror(errno));
	} else if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size > 0) {
		return quire_error_set(err, QUIRE_EEXIST,
				       "%s: a file is already there (never overwritten)", what);
	}

	sqlite3 *dst = NULL;
	quire_status qs = QUIRE_OK;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(dst, ST_BUSY_MS);
		/* The backup reads one snapshot of the source (WAL readers are
		 * never blocked by a writer), so the copy is consistent even
		 * while other connections write. */
		sqlite3_backup *b = sqlite3_backup_init(dst, "main", st->db, "main");
		if (!b) {
			qs = st_db_error(dst, sqlite3_errcode(dst), err, what);
		} else {
			int tries = 0;
			do {
				rc = sqlite3_backup_step(b, -1);
				if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
					sqlite3_sleep(100);
			} while ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && ++tries < 50);
			int frc = sqlite3_backup_finish(b);
			if (rc != SQLITE_DONE)
				qs = st_db_error(rc == SQLITE_DONE ? st->db : dst,
						 rc != SQLITE_DONE ? rc : frc, err, what);
			else if (frc != SQLITE_OK)
				qs = st_db_error(dst, frc, err, what);
		}
		/* A backup is one self-contained file: no -wal beside it. */
		if (qs == QUIRE_OK &&
		    (rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL,
				       NULL)) != SQLITE_OK)
			qs = st_db_error(dst, rc, err, what);
	} else {
		qs = st_db_error(dst, rc, err, what);
	}
	rc = sqlite3_close(dst);
	if (qs == QUIRE_OK && rc != SQLITE_OK)
		qs = quire_error_set(err, QUIRE_ESTORE, "%s: closing the copy failed", what);
	if (qs != QUIRE_OK) {
		if (created)
			unlink(path);
		else if (truncate(path, 0) != 0) {
			/* nothing more to do: the error already says what failed */
		}
	}
	return qs;
}

quire_status st_setting_get(store_t *st, const char *key, quire_arena *a,
			    const char **value, quire_error *err)
{
	static const char what[] = "reading setting";
	sqlite3_stmt *s = NULL;

	if (value)
		*value = NULL;
	if (!st || !key || !a || !value)
		return quire_error_set(err, QUIRE_EUSAGE, "st_setting_get: no key");
	quire_status qs = st_prepare(st, "SELECT value FROM settings WHERE key = ?1",
				     &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, key);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		int failed = 0;
		*value = st_col_str(s, 0, a, NULL, &failed);
		if (failed)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	} else if (rc != SQLITE_DONE) {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	return qs;
}

quire_status st_setting_set(store_t *st, const char *key, const char *value,
			    quire_error *err)
{
	static const char what[] = "changing setting";
	sqlite3_stmt *s = NULL;

	if (!st || !key || !*key)
		return quire_error_set(err, QUIRE_EUSAGE, "st_setting_set: no key");
	if (st->readonly)
		return quire_error_set(err, QUIRE_ESTORE, "%s: library is read-only", what);
	/* One statement is its own transaction. */
	quire_status qs = st_prepare(st, value ?
		"INSERT INTO settings(key, value) VALUES (?1, ?2)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value" :
		"DELETE FROM settings WHERE key = ?1", &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, key);
	if (value)
		ST_BIND(st_bind_str(s, 2, value));
	qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
			     : st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	return qs;
}

quire_status st_check(store_t *st, quire_error *err)
{
	static const char what[] = "checking library";
	sqlite3_stmt *s = NULL;

	if (!st)
		return quire_error_set(err, QUIRE_EUSAGE, "st_check: no library");
	quire_status qs = st_prepare(st, "PRAGMA integrity_check(10)", &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		char first[256];
		const char *r = (const char *)sqlite3_column_text(s, 0);
		snprintf(first, sizeof first, "%s", r ? r : "(no detail)");
		/* Skip the "*** in database main ***" line that heads the
		 * problems, to report the first problem itself. */
		if (strncmp(first, "***", 3) == 0 && sqlite3_step(s) == SQLITE_ROW &&
		    (r = (const char *)sqlite3_column_text(s, 0)) != NULL)
			snprintf(first, sizeof first, "%s", r);
		if (strcmp(first, "ok") != 0)
			qs = quire_error_set(err, QUIRE_ESTORE, "library is corrupt: %s",
					     first);
	} else {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	if (qs != QUIRE_OK)
		return qs;

	qs = st_prepare(st, "PRAGMA foreign_key_check", &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(s, 0);
		const char *parent = (const char *)sqlite3_column_text(s, 2);
		qs = quire_error_set(err, QUIRE_ESTORE,
				     "library is inconsistent: a row of %s (rowid %lld) refers to a missing %s row",
				     table ? table : "?", (long long)sqlite3_column_int64(s, 1),
				     parent ? parent : "?");
	} else if (rc != SQLITE_DONE) {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	if (qs != QUIRE_OK)
		return qs;
	if (st->batch) /* the batch's papers wait in the writer */
		qs = st_ix_flush(st, err);
	if (qs == QUIRE_OK)
		qs = st_ix_check(st, err);
	if (qs == QUIRE_OK && st->batch)
		qs = st_fp_flush(st, 0, err, what);
	if (qs != QUIRE_OK)
		return qs;
	return st_fp_check(st, err);
}

/* ------------------------------------------------------------------ */
/* Accounts: users, tokens, sign-in attempts (migration 3)             */
/* ------------------------------------------------------------------ */

/*
 * Kept apart from the papers' code above: the web's accounts (store.h,
 * "Accounts").  Tokens are stored by their SHA-256 hex only; times come
 * from the caller.  One-time tokens are read and deleted inside one
 * BEGIN IMMEDIATE transaction, so two requests racing with the same
 * invite link cannot both succeed.
 */

#define ST_USER_NAME_MAX 64
#define ST_TOUCH_EVERY 60        /* seconds between last_used notes */
#define ST_ATTEMPT_KEEP 86400    /* sign-in attempts are kept a day */

int st_user_name_ok(const char *name)
{
	size_t n = 0;

	if (!name)
		return 0;
	for (const char *p = name; *p; p++, n++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-' || c == '@'))
			return 0;
		if (n >= ST_USER_NAME_MAX)
			return 0;
	}
	return n > 0;
}

int st_user_role_ok(const char *role)
{
	return role && (strcmp(role, "admin") == 0 ||
			strcmp(role, "member") == 0 ||
			strcmp(role, "reader") == 0);
}

static int st_token_kind_ok(const char *kind)
{
	return kind && (strcmp(kind, ST_TOKEN_SESSION) == 0 ||
			strcmp(kind, ST_TOKEN_INVITE) == 0 ||
			strcmp(kind, ST_TOKEN_RESET) == 0 ||
			strcmp(kind, ST_TOKEN_API) == 0);
}

static int st_hash_ok(const char *h)
{
	size_t n = 0;

	if (!h)
		return 0;
	for (; h[n]; n++)
		if (!((h[n] >= '0' && h[n] <= '9') || (h[n] >= 'a' && h[n] <= 'f')))
			return 0;
	return n == 64;
}

static int64_t st_now(int64_t t)
{
	return t ? t : (int64_t)time(NULL);
}

/* The columns of a user's row, in the order st_read_user() reads them. */
#define ST_USER_COLS "id, name, role, pwhash, created, disabled"

/* Fills out from columns first.. of s; -1: out of memory. */
static int st_read_user(sqlite3_stmt *s, int first, quire_arena *a,
			st_user *out)
{
	int failed = 0;

	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(s, first);
	out->name = st_col_str(s, first + 1, a, NULL, &failed);
	out->role = st_col_str(s, first + 2, a, NULL, &failed);
	out->pwhash = st_col_str(s, first + 3, a, NULL, &failed);
	out->created = sqlite3_column_int64(s, first + 4);
	out->disabled = sqlite3_column_int(s, first + 5) != 0;
	if (!out->name)
		out->name = "";
	if (!out->role)
		out->role = "reader";
	return failed ? -1 : 0;
}

quire_status st_user_add(store_t *st, const char *name, const char *role,
			 const char *pwhash, int64_t created, int64_t *id_out,
			 quire_error *err)
{
	static const char what[] = "adding user";
	sqlite3_stmt *s = NULL;

	if (id_out)
		*id_out = 0;
	if (!st)
		return quire_error_set(err, QUIRE_EUSAGE, "st_user_add: no library");
	if (!st_user_name_ok(name))
		return quire_error_set(err, QUIRE_EUSAGE,
				       "%s: a user name is 1 to %d letters, digits, '.', '_', '-' or '@'",
				       what, ST_USER_NAME_MAX);
	if (!st_user_role_ok(role))
		return quire_error_set(err, QUIRE_EUSAGE,
				       "%s: the role is admin, member or reader", what);
	if (st->readonly)
		return quire_error_set(err, QUIRE_ESTORE, "%s: library is read-only", what);
	quire_status qs = st_prepare(st,
		"INSERT INTO users(name, role, pwhash, created) VALUES (?1, ?2, ?3, ?4)",
		&s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, name);
	ST_BIND(st_bind_str(s, 2, role));
	ST_BIND(st_bind_str(s, 3, pwhash));
	ST_BIND(sqlite3_bind_int64(s, 4, st_now(created)));
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		if (id_out)
			*id_out = sqlite3_last_insert_rowid(st->db);
	} else if (rc == SQLITE_CONSTRAINT_UNIQUE) {
		qs = quire_error_set(err, QUIRE_EEXIST,
				     "%s: there is already a user named %s", what, name);
	} else {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	return qs;
}

quire_status st_user_get(store_t *st, const char *name, int64_t id,
			 quire_arena *a, st_user *out, quire_error *err)
{
	static const char what[] = "reading user";
	sqlite3_stmt *s = NULL;

	if (!st || !a || !out)
		return quire_error_set(err, QUIRE_EUSAGE, "st_user_get: no place for the user");
	memset(out, 0, sizeof *out);
	quire_status qs = st_prepare(st, name ?
		"SELECT " ST_USER_COLS " FROM users WHERE name = ?1" :
		"SELECT " ST_USER_COLS " FROM users WHERE id = ?1",
		&s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = name ? st_bind_str(s, 1, name) : sqlite3_bind_int64(s, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (st_read_user(s, 0, a, out) != 0)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	} else if (rc == SQLITE_DONE) {
		qs = quire_error_set(err, QUIRE_ENOTFOUND, "no such user");
	} else {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	return qs;
}

quire_status st_user_list(store_t *st,
			  int (*fn)(const st_user *u, void *ctx), void *ctx,
			  quire_error *err)
{
	static const char what[] = "listing users";
	sqlite3_stmt *s = NULL;
	int began = 0;

	if (!st || !fn)
		return quire_error_set(err, QUIRE_EUSAGE, "st_user_list: no callback");
	quire_status qs = st_begin_read(st, &began, err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "SELECT " ST_USER_COLS " FROM users"
				    " ORDER BY name COLLATE NOCASE, id", &s, err, what);
	while (qs == QUIRE_OK) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			qs = st_db_error(st->db, rc, err, what);
			break;
		}
		quire_arena *a = quire_arena_new(0);
		st_user u;
		if (!a || st_read_user(s, 0, a, &u) != 0) {
			quire_arena_free(a);
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
			break;
		}
		int stop = fn(&u, ctx);
		quire_arena_free(a);
		if (stop)
			break;
	}
	sqlite3_finalize(s);
	st_end_read(st, began);
	return qs;
}

/* Runs one UPDATE/DELETE of user id (bound as ?1, text as ?2) and says
 * QUIRE_ENOTFOUND when it touched no row.  Inside or outside a
 * transaction. */
static quire_status st_user_change(store_t *st, const char *sql, int64_t id,
				   const char *text, quire_error *err,
				   const char *what)
{
	sqlite3_stmt *s = NULL;
	quire_status qs = st_prepare(st, sql, &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = sqlite3_bind_int64(s, 1, id);
	if (sqlite3_bind_parameter_count(s) >= 2)
		ST_BIND(st_bind_str(s, 2, text));
	qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
			     : st_db_error(st->db, rc, err, what);
	if (qs == QUIRE_OK && sqlite3_changes(st->db) == 0)
		qs = quire_error_set(err, QUIRE_ENOTFOUND, "%s: no such user", what);
	sqlite3_finalize(s);
	return qs;
}

/* QUIRE_EUSAGE when user id is the only enabled admin (so that the change
 * `what` would leave the library without one). */
static quire_status st_not_last_admin(store_t *st, int64_t id,
				      quire_error *err, const char *what)
{
	sqlite3_stmt *s = NULL;
	quire_status qs = st_prepare(st,
		"SELECT (SELECT role = 'admin' AND NOT disabled FROM users WHERE id = ?1),"
		" (SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled)",
		&s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = sqlite3_bind_int64(s, 1, id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_int(s, 0) && sqlite3_column_int64(s, 1) <= 1)
			qs = quire_error_set(err, QUIRE_EUSAGE,
					     "%s: this is the last admin (make another user admin first)",
					     what);
	} else {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	return qs;
}

/* A change of user id in one write transaction, refused for the last
 * admin when guard is set. */
static quire_status st_user_write(store_t *st, const char *sql, int64_t id,
				  const char *text, int guard,
				  quire_error *err, const char *what)
{
	if (!st)
		return quire_error_set(err, QUIRE_EUSAGE, "%s: no library", what);
	quire_status qs = st_begin_write(st, err, what);
	if (qs != QUIRE_OK)
		return qs;
	if (guard)
		qs = st_not_last_admin(st, id, err, what);
	if (qs == QUIRE_OK)
		qs = st_user_change(st, sql, id, text, err, what);
	if (qs == QUIRE_OK)
		return st_commit(st, err, what);
	st_rollback(st);
	return qs;
}

quire_status st_user_set_password(store_t *st, int64_t id, const char *pwhash,
				  quire_error *err)
{
	return st_user_write(st, "UPDATE users SET pwhash = ?2 WHERE id = ?1",
			     id, pwhash, 0, err, "changing password");
}

quire_status st_user_set_role(store_t *st, int64_t id, const char *role,
			      quire_error *err)
{
	if (!st_user_role_ok(role))
		return quire_error_set(err, QUIRE_EUSAGE,
				       "changing role: the role is admin, member or reader");
	return st_user_write(st, "UPDATE users SET role = ?2 WHERE id = ?1",
			     id, role, strcmp(role, "admin") != 0, err,
			     "changing role");
}

quire_status st_user_set_disabled(store_t *st, int64_t id, int disabled,
				  quire_error *err)
{
	return st_user_write(st, disabled ?
			     "UPDATE users SET disabled = 1 WHERE id = ?1" :
			     "UPDATE users SET disabled = 0 WHERE id = ?1",
			     id, NULL, disabled, err,
			     disabled ? "disabling user" : "enabling user");
}

quire_status st_user_remove(store_t *st, int64_t id, quire_error *err)
{
	return st_user_write(st, "DELETE FROM users WHERE id = ?1", id, NULL, 1,
			     err, "removing user");
}

quire_status st_token_add(store_t *st, const char *hash, const char *kind,
			  int64_t user_id, int64_t created, int64_t expires,
			  const char *label, quire_error *err)
{
	static const char what[] = "adding token";
	sqlite3_stmt *s = NULL;

	if (!st)
		return quire_error_set(err, QUIRE_EUSAGE, "st_token_add: no library");
	if (!st_hash_ok(hash))
		return quire_error_set(err, QUIRE_EUSAGE,
				       "%s: the hash is 64 lower-case hex digits", what);
	if (!st_token_kind_ok(kind))
		return quire_error_set(err, QUIRE_EUSAGE, "%s: unknown kind", what);
	if (st->readonly)
		return quire_error_set(err, QUIRE_ESTORE, "%s: library is read-only", what);
	quire_status qs = st_prepare(st,
		"INSERT INTO tokens(hash, kind, user_id, created, expires, label)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, hash);
	ST_BIND(st_bind_str(s, 2, kind));
	ST_BIND(sqlite3_bind_int64(s, 3, user_id));
	ST_BIND(sqlite3_bind_int64(s, 4, st_now(created)));
	ST_BIND(expires ? sqlite3_bind_int64(s, 5, expires) : sqlite3_bind_null(s, 5));
	ST_BIND(st_bind_str(s, 6, label));
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
		qs = quire_error_set(err, QUIRE_ENOTFOUND, "%s: no such user", what);
	else if (rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE)
		qs = quire_error_set(err, QUIRE_EEXIST, "%s: token already there", what);
	else if (rc != SQLITE_DONE)
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	return qs;
}

/* The columns of a token's row joined with its user's, in the order
 * st_read_token() and st_read_user() read them. */
#define ST_TOKEN_COLS                                                      \
	"t.kind, t.user_id, t.created, coalesce(t.expires, 0),"           \
	" coalesce(t.last_used, 0), t.label,"                              \
	" u.id, u.name, u.role, u.pwhash, u.created, u.disabled"

static int st_read_token(sqlite3_stmt *s, quire_arena *a, st_token *out)
{
	int failed = 0;
	const unsigned char *k = sqlite3_column_text(s, 0);

	memset(out, 0, sizeof *out);
	snprintf(out->kind, sizeof out->kind, "%s", k ? (const char *)k : "");
	out->user_id = sqlite3_column_int64(s, 1);
	out->created = sqlite3_column_int64(s, 2);
	out->expires = sqlite3_column_int64(s, 3);
	out->last_used = sqlite3_column_int64(s, 4);
	out->label = a ? st_col_str(s, 5, a, NULL, &failed) : NULL;
	return failed ? -1 : 0;
}

/* A token is alive when it has not expired and its user is enabled. */
#define ST_TOKEN_ALIVE                                                     \
	" (t.expires IS NULL OR t.expires > ?3) AND NOT u.disabled"

quire_status st_token_take(store_t *st, const char *hash, const char *kind,
			   int64_t now, st_token *out, quire_error *err)
{
	static const char what[] = "using link";
	sqlite3_stmt *s = NULL;

	if (out)
		memset(out, 0, sizeof *out);
	if (!st)
		return quire_error_set(err, QUIRE_EUSAGE, "st_token_take: no library");
	if (!st_hash_ok(hash) || !st_token_kind_ok(kind))
		return quire_error_set(err, QUIRE_ENOTFOUND,
				       "%s: this link has expired or was already used", what);
	quire_status qs = st_begin_write(st, err, what);
	if (qs != QUIRE_OK)
		return qs;
	qs = st_prepare(st, "SELECT " ST_TOKEN_COLS ", " ST_TOKEN_ALIVE
			    " FROM tokens t JOIN users u ON u.id = t.user_id"
			    " WHERE t.hash = ?1 AND t.kind = ?2", &s, err, what);
	int found = 0, alive = 0;
	if (qs == QUIRE_OK) {
		int rc = st_bind_str(s, 1, hash);
		ST_BIND(st_bind_str(s, 2, kind));
		ST_BIND(sqlite3_bind_int64(s, 3, now));
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			st_token t;
			found = 1;
			alive = sqlite3_column_int(s, 12) != 0;
			(void)st_read_token(s, NULL, &t);
			if (out && alive)
				*out = t;
		} else if (rc != SQLITE_DONE) {
			qs = st_db_error(st->db, rc, err, what);
		}
		sqlite3_finalize(s);
		s = NULL;
	}
	if (qs == QUIRE_OK && found)
		qs = st_prepare(st, "DELETE FROM tokens WHERE hash = ?1", &s, err, what);
	if (qs == QUIRE_OK && found) {
		int rc = st_bind_str(s, 1, hash);
		qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
				     : st_db_error(st->db, rc, err, what);
		sqlite3_finalize(s);
	}
	if (qs == QUIRE_OK)
		qs = st_commit(st, err, what);
	else
		st_rollback(st);
	if (qs == QUIRE_OK && !alive)
		qs = quire_error_set(err, QUIRE_ENOTFOUND,
				     "%s: this link has expired or was already used", what);
	return qs;
}

quire_status st_token_check(store_t *st, const char *hash, const char *kind,
			    int64_t now, quire_arena *a, st_token *tok,
			    st_user *user, quire_error *err)
{
	static const char what[] = "checking sign-in";
	sqlite3_stmt *s = NULL;
	st_token t = {0};

	if (tok)
		memset(tok, 0, sizeof *tok);
	if (user)
		memset(user, 0, sizeof *user);
	if (!st || !a || !user)
		return quire_error_set(err, QUIRE_EUSAGE, "st_token_check: no place for the user");
	if (!st_hash_ok(hash) || !st_token_kind_ok(kind))
		return quire_error_set(err, QUIRE_ENOTFOUND, "%s: no such token", what);
	quire_status qs = st_prepare(st, "SELECT " ST_TOKEN_COLS
		" FROM tokens t JOIN users u ON u.id = t.user_id"
		" WHERE t.hash = ?1 AND t.kind = ?2 AND" ST_TOKEN_ALIVE, &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, hash);
	ST_BIND(st_bind_str(s, 2, kind));
	ST_BIND(sqlite3_bind_int64(s, 3, now));
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (st_read_token(s, a, &t) != 0 || st_read_user(s, 6, a, user) != 0)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		else if (tok)
			*tok = t;
	} else if (rc == SQLITE_DONE) {
		qs = quire_error_set(err, QUIRE_ENOTFOUND, "%s: no such token", what);
	} else {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (qs != QUIRE_OK)
		return qs;

	/* Bookkeeping: never fails the check, never waits for a busy
	 * library, never runs inside a caller's transaction. */
	if (!st->readonly && t.last_used + ST_TOUCH_EVERY <= now &&
	    sqlite3_get_autocommit(st->db) &&
	    sqlite3_prepare_v2(st->db, "UPDATE tokens SET last_used = ?2 WHERE hash = ?1",
			       -1, &s, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(st->db, 0);
		if (st_bind_str(s, 1, hash) == SQLITE_OK &&
		    sqlite3_bind_int64(s, 2, now) == SQLITE_OK)
			(void)sqlite3_step(s);
		sqlite3_busy_timeout(st->db, ST_BUSY_MS);
	}
	sqlite3_finalize(s);
	return QUIRE_OK;
}

/* Runs one constant DELETE with up to two bound values (text ?1, integer
 * ?2) as its own transaction; *n gets the rows deleted. */
static quire_status st_delete(store_t *st, const char *sql, const char *text,
			      int64_t num, size_t *n, quire_error *err,
			      const char *what)
{
	sqlite3_stmt *s = NULL;

	if (n)
		*n = 0;
	if (!st)
		return quire_error_set(err, QUIRE_EUSAGE, "%s: no library", what);
	if (st->readonly)
		return quire_error_set(err, QUIRE_ESTORE, "%s: library is read-only", what);
	quire_status qs = st_prepare(st, sql, &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = SQLITE_OK;
	int np = sqlite3_bind_parameter_count(s);
	if (np >= 1)
		ST_BIND(st_bind_str(s, 1, text));
	if (np >= 2)
		ST_BIND(sqlite3_bind_int64(s, 2, num));
	qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
			     : st_db_error(st->db, rc, err, what);
	if (qs == QUIRE_OK && n)
		*n = (size_t)sqlite3_changes(st->db);
	sqlite3_finalize(s);
	return qs;
}

quire_status st_token_revoke(store_t *st, const char *hash, quire_error *err)
{
	if (!hash)
		return quire_error_set(err, QUIRE_EUSAGE, "st_token_revoke: no token");
	return st_delete(st, "DELETE FROM tokens WHERE hash = ?1", hash, 0, NULL,
			 err, "revoking token");
}

quire_status st_token_revoke_own(store_t *st, const char *hash,
				 int64_t user_id, quire_error *err)
{
	size_t n = 0;
	if (!st_hash_ok(hash))
		return quire_error_set(err, QUIRE_ENOTFOUND, "revoking token: no such token");
	quire_status qs = st_delete(st, "DELETE FROM tokens WHERE hash = ?1 AND user_id = ?2",
				    hash, user_id, &n, err, "revoking token");
	if (qs == QUIRE_OK && n == 0)
		qs = quire_error_set(err, QUIRE_ENOTFOUND, "revoking token: no such token");
	return qs;
}

quire_status st_token_list(store_t *st, int64_t user_id, const char *kind,
			   int64_t now, quire_arena *a, st_token **out,
			   size_t *n, quire_error *err)
{
	static const char what[] = "listing tokens";
	sqlite3_stmt *s = NULL;
	int began = 0;

	*out = NULL;
	*n = 0;
	if (!st || !a)
		return quire_error_set(err, QUIRE_EUSAGE, "%s: no library", what);
	if (kind && !st_token_kind_ok(kind))
		return quire_error_set(err, QUIRE_EUSAGE, "%s: unknown kind", what);
	st_token *v = quire_arena_alloc(a, ST_TOKEN_LIST_MAX * sizeof *v);
	if (!v)
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	quire_status qs = st_begin_read(st, &began, err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "SELECT " ST_TOKEN_COLS ", t.hash"
			" FROM tokens t JOIN users u ON u.id = t.user_id"
			" WHERE (?1 IS NULL OR t.kind = ?1) AND t.user_id = ?2 AND"
			ST_TOKEN_ALIVE " ORDER BY t.created DESC, t.hash LIMIT ?4",
			&s, err, what);
	if (qs == QUIRE_OK) {
		int rc = st_bind_str(s, 1, kind);
		ST_BIND(sqlite3_bind_int64(s, 2, user_id));
		ST_BIND(sqlite3_bind_int64(s, 3, now));
		ST_BIND(sqlite3_bind_int(s, 4, ST_TOKEN_LIST_MAX));
		while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			int failed = 0;
			st_token *t = &v[*n];
			if (st_read_token(s, a, t) != 0 ||
			    !(t->hash = st_col_str(s, sqlite3_column_count(s) - 1, a,
						   NULL, &failed)) || failed) {
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
				break;
			}
			(*n)++;
			rc = SQLITE_OK;
		}
		if (qs == QUIRE_OK && rc != SQLITE_DONE && rc != SQLITE_OK)
			qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	st_end_read(st, began);
	if (qs == QUIRE_OK)
		*out = v;
	else
		*n = 0;
	return qs;
}

quire_status st_token_revoke_user(store_t *st, int64_t user_id,
				  const char *kind, quire_error *err)
{
	if (kind && !st_token_kind_ok(kind))
		return quire_error_set(err, QUIRE_EUSAGE, "revoking tokens: unknown kind");
	return st_delete(st, kind ?
			 "DELETE FROM tokens WHERE kind = ?1 AND user_id = ?2" :
			 "DELETE FROM tokens WHERE (?1 IS NULL) AND user_id = ?2",
			 kind, user_id, NULL, err, "revoking tokens");
}

quire_status st_token_purge_expired(store_t *st, int64_t now, size_t *n,
				    quire_error *err)
{
	return st_delete(st, "DELETE FROM tokens WHERE (?1 IS NULL) AND expires <= ?2",
			 NULL, now, n, err, "purging expired tokens");
}

quire_status st_login_attempt_note(store_t *st, const char *key, int64_t now,
				   quire_error *err)
{
	static const char what[] = "noting sign-in attempt";
	sqlite3_stmt *s = NULL;

	if (!st || !key)
		return quire_error_set(err, QUIRE_EUSAGE, "%s: no key", what);
	quire_status qs = st_begin_write(st, err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "DELETE FROM login_attempts WHERE at <= ?1",
				&s, err, what);
	if (qs == QUIRE_OK) {
		int rc = sqlite3_bind_int64(s, 1, now - ST_ATTEMPT_KEEP);
		qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
				     : st_db_error(st->db, rc, err, what);
		sqlite3_finalize(s);
		s = NULL;
	}
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "INSERT INTO login_attempts(key, at) VALUES (?1, ?2)",
				&s, err, what);
	if (qs == QUIRE_OK) {
		int rc = st_bind_str(s, 1, key);
		ST_BIND(sqlite3_bind_int64(s, 2, now));
		qs = rc == SQLITE_OK ? st_step_done(st, s, err, what)
				     : st_db_error(st->db, rc, err, what);
		sqlite3_finalize(s);
	}
	if (qs == QUIRE_OK)
		return st_commit(st, err, what);
	st_rollback(st);
	return qs;
}

quire_status st_login_attempt_count(store_t *st, const char *key,
				    int64_t since, size_t *n, int64_t *oldest,
				    quire_error *err)
{
	static const char what[] = "counting sign-in attempts";
	sqlite3_stmt *s = NULL;

	if (n)
		*n = 0;
	if (oldest)
		*oldest = 0;
	if (!st || !key)
		return quire_error_set(err, QUIRE_EUSAGE, "%s: no key", what);
	quire_status qs = st_prepare(st,
		"SELECT count(*), coalesce(min(at), 0) FROM login_attempts"
		" WHERE key = ?1 AND at > ?2", &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, key);
	ST_BIND(sqlite3_bind_int64(s, 2, since));
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (n)
			*n = (size_t)sqlite3_column_int64(s, 0);
		if (oldest)
			*oldest = sqlite3_column_int64(s, 1);
	} else {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	return qs;
}

quire_status st_login_attempt_clear(store_t *st, const char *key,
				    quire_error *err)
{
	if (!key)
		return quire_error_set(err, QUIRE_EUSAGE, "clearing sign-in attempts: no key");
	return st_delete(st, "DELETE FROM login_attempts WHERE key = ?1", key, 0,
			 NULL, err, "clearing sign-in attempts");
}

/* ------------------------------------------------------------------ */
/* The fingerprint index: reading (see "The fingerprint index" above)  */
/* ------------------------------------------------------------------ */

/* Appends to one[0..k) the places of hash among a batch's pending rows
 * (sorted: st_fp_sort_pending), up to cap in all; the new count. */
static size_t st_fp_pending_hits(const store_t *st, uint64_t hash,
				 reuse_hit *one, size_t k, size_t cap)
{
	int64_t key = (int64_t)hash;
	size_t lo = 0, hi = st->fp_npend;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->fp_pend[mid].hash < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < st->fp_npend && st->fp_pend[lo].hash == key && k < cap; lo++) {
		one[k].source = st->fp_pend[lo].paper;
		one[k].pos = (uint32_t)st->fp_pend[lo].pos;
		k++;
	}
	return k;
}

quire_status st_fp_lookup(store_t *st, const uint64_t *hashes, size_t n,
			  size_t max_hits, quire_arena *a, st_fp_hits *out,
			  quire_error *err)
{
	static const char what[] = "looking up fingerprints";
	sqlite3_stmt *s = NULL;
	int began = 0;

	if (!st || !a || !out || (n && !hashes))
		return quire_error_set(err, QUIRE_EUSAGE, "st_fp_lookup: nothing to look up");
	memset(out, 0, sizeof *out);
	if (max_hits == 0)
		max_hits = ST_FP_MAX_HITS;
	uint64_t *h = quire_arena_alloc(a, (n ? n : 1) * sizeof *h);
	size_t *first = quire_arena_alloc(a, (n + 1) * sizeof *first);
	if (!h || !first)
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	if (n) {
		memcpy(h, hashes, n * sizeof *h);
		qsort(h, n, sizeof *h, st_u64_cmp);
	}
	size_t nh = 0;
	for (size_t i = 0; i < n; i++)
		if (nh == 0 || h[nh - 1] != h[i])
			h[nh++] = h[i];

	size_t cap = 1024, nhit = 0;
	reuse_hit *hits = malloc(cap * sizeof *hits);
	reuse_hit *one = malloc((max_hits + 1) * sizeof *one);
	quire_status qs = hits && one ? QUIRE_OK
		: quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	if (qs == QUIRE_OK && st->fp_npend)
		qs = st_fp_sort_pending(st, err, what);
	if (qs == QUIRE_OK)
		qs = st_begin_read(st, &began, err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "SELECT paper, pos FROM fingerprints WHERE hash = ?1"
				    " UNION ALL SELECT paper, pos FROM fp_recent WHERE hash = ?1"
				    " ORDER BY 1, 2 LIMIT ?2", &s, err, what);
	for (size_t i = 0; qs == QUIRE_OK && i < nh; i++) {
		size_t k = 0;
		int rc = sqlite3_bind_int64(s, 1, (sqlite3_int64)h[i]);
		ST_BIND(sqlite3_bind_int64(s, 2, (sqlite3_int64)max_hits + 1));
		if (rc == SQLITE_OK) {
			while ((rc = sqlite3_step(s)) == SQLITE_ROW && k <= max_hits) {
				one[k].source = sqlite3_column_int64(s, 0);
				one[k].pos = (uint32_t)sqlite3_column_int64(s, 1);
				k++;
			}
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			qs = st_db_error(st->db, rc, err, what);
			break;
		}
		if (st->fp_npend && k <= max_hits)
			k = st_fp_pending_hits(st, h[i], one, k, max_hits + 1);
		first[i] = nhit;
		if (k > max_hits) {
			out->skipped++; /* boilerplate: found all over the library */
			continue;
		}
		if (nhit + k > cap) {
			size_t nc = cap * 2 > nhit + k ? cap * 2 : nhit + k;
			reuse_hit *v = realloc(hits, nc * sizeof *v);
			if (!v) {
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
				break;
			}
			hits = v;
			cap = nc;
		}
		memcpy(hits + nhit, one, k * sizeof *one);
		nhit += k;
	}
	sqlite3_finalize(s);
	st_end_read(st, began);
	first[nh] = nhit;
	reuse_hit *ah = NULL;
	if (qs == QUIRE_OK) {
		ah = quire_arena_alloc(a, (nhit ? nhit : 1) * sizeof *ah);
		if (!ah)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		else
			memcpy(ah, hits, nhit * sizeof *ah);
	}
	free(hits);
	free(one);
	if (qs != QUIRE_OK) {
		memset(out, 0, sizeof *out);
		return qs;
	}
	out->hashes = h;
	out->n = nh;
	out->first = first;
	out->hits = ah;
	out->n_hits = nhit;
	return QUIRE_OK;
}

const reuse_hit *st_fp_hits_of(const st_fp_hits *h, uint64_t hash, size_t *n)
{
	size_t lo = 0, hi = h ? h->n : 0;
	*n = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->hashes[mid] < hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!h || lo >= h->n || h->hashes[lo] != hash)
		return NULL;
	*n = h->first[lo + 1] - h->first[lo];
	return *n ? h->hits + h->first[lo] : NULL;
}

quire_status st_fp_paper(store_t *st, int64_t key, unsigned with,
			 quire_arena *a, st_paper *out, quire_error *err)
{
	static const char what[] = "reading paper";
	sqlite3_stmt *s = NULL;
	char id[ID_MAX_LEN + 1] = "";

	if (!st || !a || !out)
		return quire_error_set(err, QUIRE_EUSAGE, "st_fp_paper: nothing to read into");
	memset(out, 0, sizeof *out);
	quire_status qs = st_prepare(st, "SELECT paper_id FROM fp_papers WHERE n = ?1",
				     &s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = sqlite3_bind_int64(s, 1, key);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		snprintf(id, sizeof id, "%s", t ? t : "");
	} else if (rc == SQLITE_DONE) {
		qs = quire_error_set(err, QUIRE_ENOTFOUND, "no paper with index key %lld",
				     (long long)key);
	} else {
		qs = st_db_error(st->db, rc, err, what);
	}
	sqlite3_finalize(s);
	if (qs != QUIRE_OK)
		return qs;
	return st_get(st, id, with, a, out, err);
}

quire_status st_fp_key(store_t *st, const char *id, int64_t *key,
		       quire_error *err)
{
	static const char what[] = "reading the fingerprint index";
	char rid[ID_MAX_LEN + 1];
	sqlite3_stmt *s = NULL;

	*key = -1;
	quire_status qs = st_whole_id(id, rid, err);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "SELECT n FROM fp_papers WHERE paper_id = ?1",
				&s, err, what);
	if (qs != QUIRE_OK)
		return qs;
	int rc = st_bind_str(s, 1, rid);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*key = sqlite3_column_int64(s, 0);
	else if (rc == SQLITE_DONE)
		qs = quire_error_set(err, QUIRE_ENOTFOUND, "paper '%s' is not indexed", rid);
	else
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	return qs;
}

quire_status st_fp_status(store_t *st, size_t *indexed, size_t *unindexed,
			  quire_error *err)
{
	static const char what[] = "reading the fingerprint index";
	int64_t all = 0, ok = 0;
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM fp_papers WHERE version = %d",
		 REUSE_HASH_VERSION);
	quire_status qs = st_int_query(st, "SELECT count(*) FROM papers", &all, err, what);
	if (qs == QUIRE_OK)
		qs = st_int_query(st, sql, &ok, err, what);
	if (qs != QUIRE_OK)
		return qs;
	if (indexed)
		*indexed = (size_t)ok;
	if (unindexed)
		*unindexed = all > ok ? (size_t)(all - ok) : 0;
	return QUIRE_OK;
}

quire_status st_fp_reindex(store_t *st, int all, size_t *n_done,
			   quire_error *err)
{
	static const char what[] = "indexing fingerprints";
	int64_t after = -1;
	size_t done = 0;
	quire_status qs;

	if (n_done)
		*n_done = 0;
	if (!st)
		return quire_error_set(err, QUIRE_EUSAGE, "st_fp_reindex: no library");
	if (st->batch && (qs = st_fp_flush(st, 0, err, what)) != QUIRE_OK)
		return qs;
	int first = 1;
	do {
		qs = st_begin_write(st, err, what);
		if (qs != QUIRE_OK)
			return qs;
		/* --all is the repair: it starts from empty tables, so that
		 * rows no paper's list names go too (a paper's old rows are
		 * taken out by its list's hashes).  Cut short, it leaves the
		 * papers not reached unindexed, for a plain reindex to take. */
		if (all && first)
			qs = st_exec(st, "DELETE FROM fingerprints; DELETE FROM fp_recent;"
				     " DELETE FROM fp_papers", err, what);
		first = 0;
		if (qs == QUIRE_OK)
			qs = st_fp_reindex_batch(st, all, &after, ST_FP_BATCH, &done, err,
						 what);
		if (qs == QUIRE_OK)
			qs = st_fp_merge_if_big(st, err, what);
		if (qs == QUIRE_OK)
			qs = st_commit(st, err, what);
		else
			st_rollback(st);
		if (qs == QUIRE_OK && n_done)
			*n_done += done;
	} while (qs == QUIRE_OK && done > 0);
	/* then whatever is left in fp_recent goes to the big table */
	if (qs == QUIRE_OK)
		qs = st_begin_write(st, err, what);
	if (qs != QUIRE_OK)
		return qs;
	qs = st_fp_merge(st, err, what);
	if (qs == QUIRE_OK)
		qs = st_commit(st, err, what);
	else
		st_rollback(st);
	return qs;
}

quire_status st_fp_papers(store_t *st,
			  int (*fn)(int64_t key, const char *id, size_t n_hashes,
				    void *ctx),
			  void *ctx, quire_error *err)
{
	static const char what[] = "reading the fingerprint index";
	sqlite3_stmt *s = NULL;
	int began = 0, rc = SQLITE_OK;
	quire_status qs = st_begin_read(st, &began, err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "SELECT n, paper_id, length(hashes) / 8 FROM fp_papers"
				    " ORDER BY n", &s, err, what);
	while (qs == QUIRE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(s, 1);
		if (fn(sqlite3_column_int64(s, 0), id ? id : "",
		       (size_t)sqlite3_column_int64(s, 2), ctx))
			break;
	}
	if (qs == QUIRE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	st_end_read(st, began);
	return qs;
}

quire_status st_fp_walk(store_t *st, size_t max_papers,
			int (*fn)(uint64_t hash, const int64_t *papers, size_t n,
				  void *ctx),
			void *ctx, quire_error *err)
{
	static const char what[] = "reading the fingerprint index";
	sqlite3_stmt *s = NULL;
	int began = 0, rc = SQLITE_OK, stop = 0;
	if (max_papers < 2)
		max_papers = ST_FP_MAX_HITS;
	int64_t *v = malloc((max_papers + 1) * sizeof *v);
	if (!v)
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	quire_status qs = st->batch ? st_fp_flush(st, 0, err, what) : QUIRE_OK;
	if (qs == QUIRE_OK)
		qs = st_begin_read(st, &began, err, what);
	if (qs == QUIRE_OK)
		qs = st_prepare(st, "SELECT hash, paper FROM fingerprints"
				    " UNION ALL SELECT hash, paper FROM fp_recent"
				    " ORDER BY 1, 2", &s, err, what);
	uint64_t cur = 0;
	size_t k = 0;
	int have = 0, over = 0;
	while (qs == QUIRE_OK && !stop) {
		rc = sqlite3_step(s);
		uint64_t hash = 0;
		int64_t paper = 0;
		if (rc == SQLITE_ROW) {
			hash = (uint64_t)sqlite3_column_int64(s, 0);
			paper = sqlite3_column_int64(s, 1);
		}
		if (have && (rc != SQLITE_ROW || hash != cur)) {
			if (!over && k >= 2)
				stop = fn(cur, v, k, ctx);
			have = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		if (!have) {
			cur = hash;
			k = 0;
			over = 0;
			have = 1;
		}
		/* rows come by (hash, paper): a paper's rows are adjacent (the
		 * two tables' rows are merged in order, each read in its
		 * primary-key order, not sorted) */
		if (!over && (k == 0 || v[k - 1] != paper)) {
			if (k == max_papers)
				over = 1; /* boilerplate: left out */
			else
				v[k++] = paper;
		}
	}
	if (qs == QUIRE_OK && !stop && rc != SQLITE_DONE)
		qs = st_db_error(st->db, rc, err, what);
	sqlite3_finalize(s);
	st_end_read(st, began);
	free(v);
	return qs;
}
