/*
 * test_store.c — the SQLite store: opening, every call of store.h, ids,
 * migrations, read-only libraries, damaged files, backups taken under a
 * writer, and atomicity when the writer is killed with SIGKILL.
 *
 * Every test works in its own directory made with mkdtemp() under /tmp and
 * removed afterwards.  Some checks look into the database with SQLite's C
 * API directly, to see what the store interface cannot show (rows left in
 * files/tags, user_version).
 */
#include "testutil.h"
#include "libtest.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "ids.h"
#include "store.h"

/* ------------------------------------------------------------------ */
/* Fixtures                                                            */
/* ------------------------------------------------------------------ */

static void path_in(const tdir *t, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", t->dir, name);
}

/* A paper to add, with its own storage. */
typedef struct fx {
	st_new p;
	char sha[65];
	char title[64];
	char filename[64];
	unsigned char file[6000];
	const char *tags[3];
} fx;

/* Paper number n: bytes that differ per n, so different SHA-256s. */
static void fx_make(fx *f, unsigned n, const char *title, size_t words,
		    int64_t added)
{
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < sizeof f->file; i++)
		f->file[i] = (unsigned char)((i * 31u + n * 7u) ^ (n >> 8));
	memcpy(f->file, &n, sizeof n);
	snprintf(f->title, sizeof f->title, "%s", title);
	snprintf(f->filename, sizeof f->filename, "paper-%u.txt", n);
	st_sha256_hex(f->file, sizeof f->file, f->sha);
	f->tags[0] = "essay";
	f->tags[1] = "draft";
	f->p.filename = f->filename;
	f->p.file = f->file;
	f->p.file_len = sizeof f->file;
	f->p.sha256 = f->sha;
	f->p.format = "text";
	f->p.analysis = "{\"title\":\"x\"}";
	f->p.analysis_len = strlen(f->p.analysis);
	f->p.text = "Some words of a paper.";
	f->p.text_len = strlen(f->p.text);
	f->p.title = f->title;
	f->p.authors = "Ada Writer\nBo Reader";
	f->p.year = 2001;
	f->p.words = words;
	f->p.pages = 3;
	f->p.visibility = ST_MEMBERS;
	f->p.tags = f->tags;
	f->p.n_tags = 2;
	f->p.added = added;
}

static store_t *open_ok(const char *path, st_mode mode)
{
	store_t *st = NULL;
	quire_error err = {0};
	quire_status s = st_open(path, mode, &st, &err);
	if (s != QUIRE_OK)
		print_error("st_open: %s\n", err.msg);
	assert_int_equal(s, QUIRE_OK);
	assert_non_null(st);
	return st;
}

static void add_ok(store_t *st, const fx *f, char id[16])
{
	quire_error err = {0};
	quire_status s = st_add(st, &f->p, id, &err);
	if (s != QUIRE_OK)
		print_error("st_add: %s\n", err.msg);
	assert_int_equal(s, QUIRE_OK);
}

/* One integer from SQL run on the file directly (-1 on any error). */
static long long raw_int(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	long long v = -1;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* Runs SQL on the file directly; 0 on success. */
static int raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
				 NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle)) {
		print_error("\"%s\" does not contain \"%s\"\n", hay, needle);
		fail();
	}
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */
/* ------------------------------------------------------------------ */

static void test_create_open_reopen(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16];
	size_t n = 99;
	quire_error err = {0};

	store_t *st = open_ok(t->lib, ST_CREATE);
	assert_int_equal(st_count(st, &n, &err), QUIRE_OK);
	assert_int_equal(n, 0);
	fx_make(&f, 1, "First", 100, 1000);
	add_ok(st, &f, id);
	st_close(st);

	assert_int_equal(raw_int(t->lib, "PRAGMA application_id"), 0x51524531);
	assert_int_equal(raw_int(t->lib, "PRAGMA user_version"), st_schema_version());

	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(st_count(st, &n, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	st_close(st);
	/* The journal is WAL, as every open leaves it. */
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(t->lib, &db), SQLITE_OK);
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(db);

	st = open_ok(t->lib, ST_READONLY);
	assert_int_equal(st_count(st, &n, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	st_close(st);
	st_close(NULL); /* a no-op */
}

static void test_init_twice(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	st_close(st);

	quire_error err = {0};
	st = (store_t *)&err; /* must be reset to NULL */
	assert_int_equal(st_open(t->lib, ST_CREATE, &st, &err), QUIRE_EEXIST);
	assert_null(st);
	assert_int_equal(err.code, QUIRE_EEXIST);
	assert_contains(err.msg, "already there");

	/* An empty file may be made into a library (e.g. made by mktemp). */
	char empty[160];
	path_in(t, "empty.quire", empty, sizeof empty);
	write_file(empty, "", 0);
	st = open_ok(empty, ST_CREATE);
	st_close(st);
	assert_int_equal(raw_int(empty, "PRAGMA application_id"), 0x51524531);
}

static void test_open_missing(void **state)
{
	tdir *t = *state;
	store_t *st = NULL;
	quire_error err = {0};
	assert_int_equal(st_open(t->lib, ST_OPEN_EXISTING, &st, &err), QUIRE_ENOTFOUND);
	assert_null(st);
	assert_contains(err.msg, "no library there");
	assert_contains(err.msg, "run quire init");
	assert_int_equal(st_open(t->lib, ST_READONLY, &st, &err), QUIRE_ENOTFOUND);
	/* Nothing was created by trying. */
	assert_int_equal(access(t->lib, F_OK), -1);

	/* A directory, a missing parent, nonsense arguments. */
	assert_int_equal(st_open(t->dir, ST_OPEN_EXISTING, &st, &err), QUIRE_ESTORE);
	assert_contains(err.msg, "directory");
	char deep[200];
	path_in(t, "no/such/dir/lib.quire", deep, sizeof deep);
	assert_int_equal(st_open(deep, ST_CREATE, &st, &err), QUIRE_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "cannot open library");
	assert_contains(err.msg, strerror(ENOENT));
	assert_int_equal(st_open("/dev/null", ST_OPEN_EXISTING, &st, &err), QUIRE_ESTORE);
	assert_contains(err.msg, "not a regular file");
	assert_int_equal(st_open("", ST_CREATE, &st, &err), QUIRE_EUSAGE);
	assert_int_equal(st_open(NULL, ST_CREATE, &st, &err), QUIRE_EUSAGE);
	assert_int_equal(st_open(t->lib, (st_mode)7, &st, &err), QUIRE_EUSAGE);
}

static void test_open_not_quire(void **state)
{
	tdir *t = *state;
	store_t *st = NULL;
	quire_error err = {0};
	char junk[8192];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (char)(i * 131 + 7);
	write_file(t->lib, junk, sizeof junk);
	assert_int_equal(st_open(t->lib, ST_OPEN_EXISTING, &st, &err), QUIRE_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "not a quire library");
	assert_int_equal(st_open(t->lib, ST_READONLY, &st, &err), QUIRE_ESTORE);
	assert_contains(err.msg, "not a quire library");
	/* Still the same junk: nothing was written. */
	char back[sizeof junk];
	FILE *f = fopen(t->lib, "rb");
	assert_non_null(f);
	assert_int_equal(fread(back, 1, sizeof back, f), sizeof back);
	fclose(f);
	assert_memory_equal(back, junk, sizeof junk);

	/* A text file. */
	write_file(t->lib, "hello, this is not a database\n", 30);
	assert_int_equal(st_open(t->lib, ST_OPEN_EXISTING, &st, &err), QUIRE_ESTORE);
	assert_contains(err.msg, "not a quire library");

	/* An empty file. */
	write_file(t->lib, "", 0);
	assert_int_equal(st_open(t->lib, ST_OPEN_EXISTING, &st, &err), QUIRE_ESTORE);
	assert_contains(err.msg, "not a quire library");

	/* Another program's SQLite database. */
	char other[160];
	path_in(t, "other.db", other, sizeof other);
	assert_int_equal(raw_exec(other, "CREATE TABLE t(x); INSERT INTO t VALUES (1);"),
			 SQLITE_OK);
	assert_int_equal(st_open(other, ST_OPEN_EXISTING, &st, &err), QUIRE_ESTORE);
	assert_contains(err.msg, "not a quire library");
	assert_int_equal(raw_int(other, "SELECT x FROM t"), 1);
}

static void test_open_corrupt(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16];

	store_t *st = open_ok(t->lib, ST_CREATE);
	for (unsigned i = 0; i < 30; i++) {
		fx_make(&f, i, "A paper", 10 * i, 1000 + i);
		add_ok(st, &f, id);
	}
	st_close(st);
	long long page = raw_int(t->lib, "PRAGMA page_size");
	assert_true(page >= 512);

	/* Garbage over every page after the first. */
	struct stat sb;
	assert_int_equal(stat(t->lib, &sb), 0);
	assert_true(sb.st_size > 4 * page);
	int fd = open(t->lib, O_WRONLY);
	assert_true(fd >= 0);
	unsigned x = 12345;
	for (off_t off = page; off < sb.st_size; off++) {
		x = x * 1103515245u + 12345u;
		unsigned char c = (unsigned char)(x >> 16);
		assert_int_equal(pwrite(fd, &c, 1, off), 1);
	}
	close(fd);

	quire_error err = {0};
	st = NULL;
	quire_status s = st_open(t->lib, ST_OPEN_EXISTING, &st, &err);
	if (s == QUIRE_OK) {
		/* Page 1 was intact: the damage shows on first use. */
		size_t n = 0;
		quire_arena *a = quire_arena_new(0);
		st_paper p;
		quire_status s1 = st_count(st, &n, &err);
		quire_status s2 = st_get(st, id, ST_WITH_FILE | ST_WITH_TEXT, a, &p, &err);
		quire_status s3 = st_check(st, &err);
		assert_int_equal(s3, QUIRE_ESTORE);
		assert_contains(err.msg, "corrupt");
		assert_true(s1 == QUIRE_ESTORE || s1 == QUIRE_OK);
		assert_true(s2 != QUIRE_OK);
		quire_arena_free(a);
		st_close(st);
	} else {
		assert_int_equal(s, QUIRE_ESTORE);
		assert_null(st);
		assert_true(strstr(err.msg, "corrupt") || strstr(err.msg, "not a quire library"));
	}

	/* Garbage over the header too. */
	fd = open(t->lib, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "garbage garbage garbage", 23, 0), 23);
	close(fd);
	assert_int_equal(st_open(t->lib, ST_OPEN_EXISTING, &st, &err), QUIRE_ESTORE);
	assert_contains(err.msg, "not a quire library (file is not a database)");
}

/* ------------------------------------------------------------------ */
/* Adding and reading                                                  */
/* ------------------------------------------------------------------ */

static void test_add_get_all_fields(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16];
	quire_error err = {0};

	store_t *st = open_ok(t->lib, ST_CREATE);
	fx_make(&f, 42, "On Reading Slowly", 1234, 1700000000);
	f.p.visibility = ST_PRIVATE;
	f.p.owner = "ada";
	f.p.pages = 7;
	f.p.year = 1999;
	/* Text and analysis may hold any bytes, NULs included. */
	static const char text[] = "Para one.\n\nPara\0two.";
	f.p.text = text;
	f.p.text_len = sizeof text - 1;
	f.tags[2] = "essay"; /* a duplicate: stored once */
	f.p.n_tags = 3;
	add_ok(st, &f, id);
	assert_true(id_valid(id));

	quire_arena *a = quire_arena_new(0);
	st_paper p;
	assert_int_equal(st_get(st, id, ST_WITH_ANALYSIS | ST_WITH_TEXT | ST_WITH_FILE,
				a, &p, &err), QUIRE_OK);
	assert_string_equal(p.id, id);
	assert_string_equal(p.filename, "paper-42.txt");
	assert_string_equal(p.sha256, f.sha);
	assert_string_equal(p.format, "text");
	assert_int_equal(p.added, 1700000000);
	assert_string_equal(p.owner, "ada");
	assert_int_equal(p.visibility, ST_PRIVATE);
	assert_int_equal(p.n_tags, 2);
	assert_string_equal(p.tags[0], "draft"); /* sorted */
	assert_string_equal(p.tags[1], "essay");
	assert_string_equal(p.title, "On Reading Slowly");
	assert_string_equal(p.a_title, "On Reading Slowly");
	assert_null(p.e_title);
	assert_string_equal(p.authors, "Ada Writer\nBo Reader");
	assert_null(p.e_authors);
	assert_int_equal(p.year, 1999);
	assert_int_equal(p.a_year, 1999);
	assert_int_equal(p.e_year, 0);
	assert_int_equal(p.words, 1234);
	assert_int_equal(p.pages, 7);
	assert_int_equal(p.analysis_len, strlen(f.p.analysis));
	assert_string_equal(p.analysis, f.p.analysis);
	assert_int_equal(p.text_len, sizeof text - 1);
	assert_memory_equal(p.text, text, sizeof text - 1);
	assert_int_equal(p.file_len, sizeof f.file);
	assert_memory_equal(p.file, f.file, sizeof f.file);

	/* Without the flags, the big parts are not loaded. */
	assert_int_equal(st_get(st, id, 0, a, &p, &err), QUIRE_OK);
	assert_null(p.analysis);
	assert_null(p.text);
	assert_null(p.file);
	assert_int_equal(p.words, 1234);

	/* Case and hyphens do not matter. */
	char up[20];
	snprintf(up, sizeof up, "%c%c%c-%s", id[0], id[1], id[2], id + 3);
	for (char *c = up; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	assert_int_equal(st_get(st, up, 0, a, &p, &err), QUIRE_OK);
	assert_string_equal(p.id, id);

	/* Imported: the id, edits and time added are kept. */
	fx g;
	char gid[16];
	fx_make(&g, 43, "Analysed", 10, 5);
	g.p.id = "ABCD-234";
	g.p.edit_title = "Edited";
	g.p.edit_authors = "";
	g.p.edit_year = 1850;
	g.p.owner = NULL;
	g.p.n_tags = 0;
	g.p.file = NULL;
	g.p.file_len = 0;
	g.p.analysis = NULL;
	g.p.analysis_len = 0;
	add_ok(st, &g, gid);
	assert_string_equal(gid, "abcd234");
	assert_int_equal(st_get(st, "abcd234", ST_WITH_FILE | ST_WITH_ANALYSIS, a, &p,
				&err), QUIRE_OK);
	assert_string_equal(p.title, "Edited");
	assert_string_equal(p.a_title, "Analysed");
	assert_string_equal(p.authors, "");
	assert_int_equal(p.year, 1850);
	assert_int_equal(p.a_year, 2001);
	assert_int_equal(p.added, 5);
	assert_null(p.owner);
	assert_int_equal(p.n_tags, 0);
	assert_non_null(p.file);
	assert_int_equal(p.file_len, 0);
	assert_null(p.analysis);

	/* Time added defaults to now. */
	fx h;
	char hid[16];
	fx_make(&h, 44, "Now", 1, 0);
	time_t before = time(NULL);
	add_ok(st, &h, hid);
	assert_int_equal(st_get(st, hid, 0, a, &p, &err), QUIRE_OK);
	assert_true(p.added >= before && p.added <= time(NULL));

	quire_arena_free(a);
	st_close(st);
}

static void test_add_rejects(void **state)
{
	tdir *t = *state;
	fx f, g;
	char id[16], id2[16];
	quire_error err = {0};
	size_t n = 0;

	store_t *st = open_ok(t->lib, ST_CREATE);
	fx_make(&f, 1, "One", 1, 1);
	add_ok(st, &f, id);

	/* Same bytes: EEXIST and the stored id. */
	fx_make(&g, 1, "Another title", 2, 2);
	g.p.filename = "renamed.txt";
	memset(id2, 'x', sizeof id2);
	assert_int_equal(st_add(st, &g.p, id2, &err), QUIRE_EEXIST);
	assert_string_equal(id2, id);
	assert_contains(err.msg, id);
	/* Same bytes, digest in upper case: still the same file. */
	for (char *c = g.sha; *c; c++)
		if (*c >= 'a' && *c <= 'f')
			*c = (char)(*c - 'a' + 'A');
	assert_int_equal(st_add(st, &g.p, id2, &err), QUIRE_EEXIST);
	assert_string_equal(id2, id);

	/* An imported id already used. */
	fx_make(&g, 2, "Two", 1, 1);
	g.p.id = id;
	assert_int_equal(st_add(st, &g.p, id2, &err), QUIRE_EEXIST);
	assert_string_equal(id2, "");
	/* Ids of the wrong shape. */
	const char *bad[] = {"abc", "l00k", "abcdefghjkmnpqrs", "ab_cd", ""};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		g.p.id = bad[i];
		assert_int_equal(st_add(st, &g.p, id2, &err), QUIRE_EUSAGE);
	}
	g.p.id = NULL;

	/* Bad arguments. */
	g.p.sha256 = "abc";
	assert_int_equal(st_add(st, &g.p, id2, &err), QUIRE_EUSAGE);
	g.p.sha256 = g.sha;
	g.p.visibility = (st_visibility)3;
	assert_int_equal(st_add(st, &g.p, id2, &err), QUIRE_EUSAGE);
	g.p.visibility = ST_PUBLIC;
	const char *badtags[] = {"ok", "two\nlines"};
	g.p.tags = badtags;
	assert_int_equal(st_add(st, &g.p, id2, &err), QUIRE_EUSAGE);
	badtags[1] = "";
	assert_int_equal(st_add(st, &g.p, id2, &err), QUIRE_EUSAGE);
	g.p.tags = g.tags;
	g.p.format = NULL;
	assert_int_equal(st_add(st, &g.p, id2, &err), QUIRE_EUSAGE);
	g.p.format = "text";
	assert_int_equal(st_add(st, NULL, id2, &err), QUIRE_EUSAGE);

	/* A failure half-way rolls everything back. */
	assert_int_equal(raw_exec(t->lib,
				  "CREATE TRIGGER no_tags BEFORE INSERT ON tags"
				  " BEGIN SELECT RAISE(ABORT, 'no tags today'); END;"),
			 SQLITE_OK);
	assert_int_equal(st_add(st, &g.p, id2, &err), QUIRE_ESTORE);
	assert_contains(err.msg, "adding paper");
	assert_contains(err.msg, "no tags today");
	assert_int_equal(st_count(st, &n, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM files"), 1);
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM tags"), 2);
	/* and the store is usable afterwards. */
	g.p.n_tags = 0;
	add_ok(st, &g, id2);
	assert_int_equal(st_count(st, &n, &err), QUIRE_OK);
	assert_int_equal(n, 2);
	st_close(st);
}

/* ------------------------------------------------------------------ */
/* Ids                                                                 */
/* ------------------------------------------------------------------ */

static void test_ids(void **state)
{
	tdir *t = *state;
	char id[ID_MAX_LEN + 1];
	char seen[50][ID_MAX_LEN + 1];

	for (int i = 0; i < 50; i++) {
		assert_int_equal(id_generate(id), 0);
		assert_int_equal(strlen(id), ID_LEN);
		assert_true(id_valid(id));
		for (const char *c = id; *c; c++)
			assert_null(strchr("01ilo", *c));
		memcpy(seen[i], id, sizeof id);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(seen[k], id);
	}
	assert_int_equal(id_normalise(" K7m-X2qd ", id), ID_NORM_OK);
	assert_string_equal(id, "k7mx2qd");
	assert_int_equal(id_normalise("k0m", id), ID_NORM_BAD_CHAR);
	assert_string_equal(id, "");
	assert_int_equal(id_normalise("--", id), ID_NORM_EMPTY);
	assert_int_equal(id_normalise(NULL, id), ID_NORM_EMPTY);
	assert_int_equal(id_normalise("2345678923456789", id), ID_NORM_TOO_LONG);
	assert_false(id_valid("k7m"));
	assert_false(id_valid("K7MX2QD"));
	assert_false(id_valid(NULL));
	assert_true(id_valid("k7mx2qd"));

	/* Prefix lookup. */
	store_t *st = open_ok(t->lib, ST_CREATE);
	const char *ids[] = {"abcd234", "abcd235", "xyz2345"};
	fx f;
	for (unsigned i = 0; i < 3; i++) {
		fx_make(&f, i, "T", 1, 1);
		f.p.id = ids[i];
		add_ok(st, &f, id);
		assert_string_equal(id, ids[i]);
	}
	quire_arena *a = quire_arena_new(0);
	st_paper p;
	quire_error err = {0};
	assert_int_equal(st_get(st, "xyz", 0, a, &p, &err), QUIRE_OK);
	assert_string_equal(p.id, "xyz2345");
	assert_int_equal(st_get(st, "XY-Z2", 0, a, &p, &err), QUIRE_OK);
	assert_string_equal(p.id, "xyz2345");
	assert_int_equal(st_get(st, "abcd235", 0, a, &p, &err), QUIRE_OK);
	assert_string_equal(p.id, "abcd235");
	assert_int_equal(st_get(st, "abcd23", 0, a, &p, &err), QUIRE_EUSAGE);
	assert_contains(err.msg, "ambiguous");
	assert_int_equal(st_get(st, "abc", 0, a, &p, &err), QUIRE_EUSAGE);
	assert_int_equal(st_get(st, "xy", 0, a, &p, &err), QUIRE_EUSAGE);
	assert_contains(err.msg, "too short");
	assert_int_equal(st_get(st, "zzz", 0, a, &p, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_get(st, "abcd2345", 0, a, &p, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_get(st, "xyz0", 0, a, &p, &err), QUIRE_ENOTFOUND);
	assert_contains(err.msg, "never contain");
	assert_int_equal(st_get(st, "", 0, a, &p, &err), QUIRE_EUSAGE);
	assert_int_equal(st_get(st, NULL, 0, a, &p, &err), QUIRE_EUSAGE);
	/* Changes take whole ids only. */
	st_edit_req req = {.visibility = -1, .title = "New"};
	assert_int_equal(st_edit(st, "xyz", &req, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_remove(st, "xyz", &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_remove(st, "XYZ-2345", &err), QUIRE_OK);
	quire_arena_free(a);
	st_close(st);
}

/* ------------------------------------------------------------------ */
/* Changing                                                            */
/* ------------------------------------------------------------------ */

static void test_edit_and_reanalysis(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16];
	quire_error err = {0};
	quire_arena *a = quire_arena_new(0);
	st_paper p;

	store_t *st = open_ok(t->lib, ST_CREATE);
	fx_make(&f, 7, "Analysed Title", 500, 100);
	f.p.owner = "bo";
	add_ok(st, &f, id);

	const char *tags[] = {"zeta", "alpha", "zeta"};
	st_edit_req req = {
		.title = "Edited Title",
		.authors = "Cy Person",
		.year = 1987,
		.visibility = ST_PUBLIC,
		.tags = tags,
		.n_tags = 3,
		.set_tags = 1,
		.owner = "ada",
	};
	assert_int_equal(st_edit(st, id, &req, &err), QUIRE_OK);
	assert_int_equal(st_get(st, id, 0, a, &p, &err), QUIRE_OK);
	assert_string_equal(p.title, "Edited Title");
	assert_string_equal(p.e_title, "Edited Title");
	assert_string_equal(p.a_title, "Analysed Title");
	assert_string_equal(p.authors, "Cy Person");
	assert_int_equal(p.year, 1987);
	assert_int_equal(p.visibility, ST_PUBLIC);
	assert_string_equal(p.owner, "ada");
	assert_int_equal(p.n_tags, 2);
	assert_string_equal(p.tags[0], "alpha");
	assert_string_equal(p.tags[1], "zeta");

	/* Only the fields given change. */
	st_edit_req vis = {.visibility = ST_PRIVATE};
	assert_int_equal(st_edit(st, id, &vis, &err), QUIRE_OK);
	assert_int_equal(st_get(st, id, 0, a, &p, &err), QUIRE_OK);
	assert_int_equal(p.visibility, ST_PRIVATE);
	assert_string_equal(p.title, "Edited Title");
	assert_int_equal(p.n_tags, 2);
	assert_string_equal(p.owner, "ada");

	/* Re-analysis replaces the analysed fields and keeps the rest. */
	st_new re = {0};
	re.format = "markdown";
	re.analysis = "{\"v\":2}";
	re.analysis_len = 7;
	re.text = "New text.";
	re.text_len = 9;
	re.title = "Reanalysed Title";
	re.authors = "Dee Author";
	re.year = 2020;
	re.words = 777;
	re.pages = 9;
	re.visibility = ST_PUBLIC; /* ignored */
	re.added = 99999;          /* ignored */
	assert_int_equal(st_update_analysis(st, id, &re, &err), QUIRE_OK);
	assert_int_equal(st_get(st, id, ST_WITH_ANALYSIS | ST_WITH_TEXT | ST_WITH_FILE,
				a, &p, &err), QUIRE_OK);
	assert_string_equal(p.title, "Edited Title");
	assert_string_equal(p.a_title, "Reanalysed Title");
	assert_string_equal(p.authors, "Cy Person");
	assert_string_equal(p.a_authors, "Dee Author");
	assert_int_equal(p.year, 1987);
	assert_int_equal(p.a_year, 2020);
	assert_string_equal(p.format, "markdown");
	assert_string_equal(p.analysis, "{\"v\":2}");
	assert_string_equal(p.text, "New text.");
	assert_int_equal(p.words, 777);
	assert_int_equal(p.pages, 9);
	assert_int_equal(p.visibility, ST_PRIVATE);
	assert_int_equal(p.added, 100);
	assert_int_equal(p.n_tags, 2);
	assert_string_equal(p.owner, "ada");
	assert_int_equal(p.file_len, sizeof f.file);
	assert_memory_equal(p.file, f.file, sizeof f.file);

	/* Removing the edits shows the analysis again. */
	st_edit_req un = {.title = st_unedit, .authors = st_unedit, .year = -1,
			  .visibility = -1, .owner = st_unedit, .set_tags = 1};
	assert_int_equal(st_edit(st, id, &un, &err), QUIRE_OK);
	assert_int_equal(st_get(st, id, 0, a, &p, &err), QUIRE_OK);
	assert_string_equal(p.title, "Reanalysed Title");
	assert_null(p.e_title);
	assert_string_equal(p.authors, "Dee Author");
	assert_int_equal(p.year, 2020);
	assert_int_equal(p.e_year, 0);
	assert_null(p.owner);
	assert_int_equal(p.n_tags, 0);

	/* Missing papers and bad requests. */
	assert_int_equal(st_edit(st, "zzzzzzz", &req, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_update_analysis(st, "zzzzzzz", &re, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_remove(st, "zzzzzzz", &err), QUIRE_ENOTFOUND);
	st_edit_req badvis = {.visibility = 5};
	assert_int_equal(st_edit(st, id, &badvis, &err), QUIRE_EUSAGE);
	const char *badtag[] = {"a\tb"};
	st_edit_req bt = {.visibility = -1, .tags = badtag, .n_tags = 1, .set_tags = 1};
	assert_int_equal(st_edit(st, id, &bt, &err), QUIRE_EUSAGE);
	re.format = NULL;
	assert_int_equal(st_update_analysis(st, id, &re, &err), QUIRE_EUSAGE);

	quire_arena_free(a);
	st_close(st);
}

typedef struct walk {
	char titles[10][64];
	char ids[10][16];
	size_t n;
	size_t stop_after; /* 0: never */
	store_t *st;       /* st_get from inside the walk, if set */
} walk;

static int walk_fn(const st_paper *p, void *ctx)
{
	walk *w = ctx;
	if (w->n < 10) {
		snprintf(w->titles[w->n], sizeof w->titles[0], "%s", p->title);
		snprintf(w->ids[w->n], sizeof w->ids[0], "%s", p->id);
	}
	/* Listings load no big parts but do load tags. */
	if (p->text || p->analysis || p->file || p->n_tags != 2)
		return -1;
	if (w->st) {
		quire_arena *a = quire_arena_new(0);
		st_paper q;
		quire_error err = {0};
		int bad = st_get(w->st, p->id, ST_WITH_TEXT, a, &q, &err) != QUIRE_OK ||
			  strcmp(q.id, p->id) != 0 || !q.text;
		quire_arena_free(a);
		if (bad)
			return -1;
	}
	w->n++;
	return w->stop_after && w->n >= w->stop_after;
}

static void assert_order(const walk *w, const char *const *want, size_t n)
{
	assert_int_equal(w->n, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(w->titles[i], want[i]);
}

static void test_list_sorting(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16];
	quire_error err = {0};

	store_t *st = open_ok(t->lib, ST_CREATE);
	/* title, words, added: each order differs. */
	struct { const char *title; size_t words; int64_t added; } in[] = {
		{"banana", 300, 20},
		{"Apple", 100, 30},
		{"cherry", 200, 10},
		{"apricot", 200, 30}, /* same added as Apple: order of adding */
	};
	for (unsigned i = 0; i < 4; i++) {
		fx_make(&f, i, in[i].title, in[i].words, in[i].added);
		add_ok(st, &f, id);
	}
	/* An edit decides the title order. */
	st_edit_req req = {.title = "Zucchini", .visibility = -1};
	assert_int_equal(st_edit(st, id, &req, &err), QUIRE_OK); /* apricot */

	walk w;
	memset(&w, 0, sizeof w);
	assert_int_equal(st_list(st, ST_SORT_ADDED, 0, walk_fn, &w, &err), QUIRE_OK);
	const char *added[] = {"cherry", "banana", "Apple", "Zucchini"};
	assert_order(&w, added, 4);

	memset(&w, 0, sizeof w);
	assert_int_equal(st_list(st, ST_SORT_ADDED, 1, walk_fn, &w, &err), QUIRE_OK);
	const char *added_d[] = {"Zucchini", "Apple", "banana", "cherry"};
	assert_order(&w, added_d, 4);

	memset(&w, 0, sizeof w);
	assert_int_equal(st_list(st, ST_SORT_TITLE, 0, walk_fn, &w, &err), QUIRE_OK);
	const char *title[] = {"Apple", "banana", "cherry", "Zucchini"};
	assert_order(&w, title, 4);

	memset(&w, 0, sizeof w);
	assert_int_equal(st_list(st, ST_SORT_TITLE, 1, walk_fn, &w, &err), QUIRE_OK);
	const char *title_d[] = {"Zucchini", "cherry", "banana", "Apple"};
	assert_order(&w, title_d, 4);

	memset(&w, 0, sizeof w);
	assert_int_equal(st_list(st, ST_SORT_WORDS, 0, walk_fn, &w, &err), QUIRE_OK);
	/* cherry and apricot tie on 200 words: cherry was added earlier. */
	const char *words[] = {"Apple", "cherry", "Zucchini", "banana"};
	assert_order(&w, words, 4);

	memset(&w, 0, sizeof w);
	assert_int_equal(st_list(st, ST_SORT_WORDS, 1, walk_fn, &w, &err), QUIRE_OK);
	const char *words_d[] = {"banana", "Zucchini", "cherry", "Apple"};
	assert_order(&w, words_d, 4);

	/* Stopping early, and reading from inside the walk. */
	memset(&w, 0, sizeof w);
	w.stop_after = 2;
	w.st = st;
	assert_int_equal(st_list(st, ST_SORT_ADDED, 0, walk_fn, &w, &err), QUIRE_OK);
	assert_int_equal(w.n, 2);

	assert_int_equal(st_list(st, (st_sort)9, 0, walk_fn, &w, &err), QUIRE_EUSAGE);
	assert_int_equal(st_list(st, ST_SORT_ADDED, 0, NULL, &w, &err), QUIRE_EUSAGE);

	/* An empty library lists nothing. */
	char other[160];
	path_in(t, "empty.quire", other, sizeof other);
	store_t *e = open_ok(other, ST_CREATE);
	memset(&w, 0, sizeof w);
	assert_int_equal(st_list(e, ST_SORT_TITLE, 1, walk_fn, &w, &err), QUIRE_OK);
	assert_int_equal(w.n, 0);
	st_close(e);
	st_close(st);
}

static void test_remove_cascades(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16], keep[16];
	quire_error err = {0};
	size_t n = 0;

	store_t *st = open_ok(t->lib, ST_CREATE);
	fx_make(&f, 1, "Gone", 1, 1);
	add_ok(st, &f, id);
	fx_make(&f, 2, "Kept", 1, 1);
	add_ok(st, &f, keep);
	assert_int_equal(st_remove(st, id, &err), QUIRE_OK);
	assert_int_equal(st_count(st, &n, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(st_remove(st, id, &err), QUIRE_ENOTFOUND);

	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM files WHERE paper_id = '%s'", id);
	assert_int_equal(raw_int(t->lib, sql), 0);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM tags WHERE paper_id = '%s'", id);
	assert_int_equal(raw_int(t->lib, sql), 0);
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM files"), 1);
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM tags"), 2);

	quire_arena *a = quire_arena_new(0);
	st_paper p;
	assert_int_equal(st_get(st, id, 0, a, &p, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_get(st, keep, ST_WITH_FILE, a, &p, &err), QUIRE_OK);
	quire_arena_free(a);
	/* The same bytes may come back after removal. */
	fx_make(&f, 1, "Back", 1, 1);
	add_ok(st, &f, id);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);
}

/* Two connections, as two threads of the web server have. */
typedef struct snap {
	store_t *other;
	size_t seen;
	int added;
} snap;

static int snap_fn(const st_paper *p, void *ctx)
{
	snap *s = ctx;
	(void)p;
	if (!s->added) {
		/* Written through the other connection mid-walk. */
		fx f;
		char id[16];
		quire_error err = {0};
		fx_make(&f, 500, "Late", 1, 1);
		s->added = st_add(s->other, &f.p, id, &err) == QUIRE_OK ? 1 : -1;
	}
	s->seen++;
	return 0;
}

static void test_two_connections(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16];
	quire_error err = {0};
	size_t n = 0;

	store_t *a = open_ok(t->lib, ST_CREATE);
	store_t *b = open_ok(t->lib, ST_OPEN_EXISTING);
	for (unsigned i = 0; i < 3; i++) {
		fx_make(&f, i, "Shared", 1, 1);
		add_ok(a, &f, id);
	}
	assert_int_equal(st_count(b, &n, &err), QUIRE_OK);
	assert_int_equal(n, 3);
	/* A walk sees the library as it was when it began. */
	snap s = {.other = a};
	assert_int_equal(st_list(b, ST_SORT_ADDED, 0, snap_fn, &s, &err), QUIRE_OK);
	assert_int_equal(s.added, 1);
	assert_int_equal(s.seen, 3);
	assert_int_equal(st_count(b, &n, &err), QUIRE_OK);
	assert_int_equal(n, 4);
	/* An edit through one is seen by the other. */
	st_edit_req req = {.title = "Renamed", .visibility = -1};
	assert_int_equal(st_edit(b, id, &req, &err), QUIRE_OK);
	quire_arena *ar = quire_arena_new(0);
	st_paper p;
	assert_int_equal(st_get(a, id, 0, ar, &p, &err), QUIRE_OK);
	assert_string_equal(p.title, "Renamed");
	quire_arena_free(ar);
	st_close(a);
	st_close(b);
}

/* ------------------------------------------------------------------ */
/* Backup, settings, check                                             */
/* ------------------------------------------------------------------ */

static void test_backup_under_writer(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16];
	quire_error err = {0};
	char bak[160], bak2[160];
	path_in(t, "backup.quire", bak, sizeof bak);
	path_in(t, "empty-backup.quire", bak2, sizeof bak2);

	store_t *st = open_ok(t->lib, ST_CREATE);
	for (unsigned i = 0; i < 5; i++) {
		fx_make(&f, i, "Backed up", i, i);
		add_ok(st, &f, id);
	}
	assert_int_equal(st_setting_set(st, "words_per_page", "450", &err), QUIRE_OK);

	/* Another connection is half-way through a write. */
	sqlite3 *w = NULL;
	assert_int_equal(sqlite3_open(t->lib, &w), SQLITE_OK);
	assert_int_equal(sqlite3_exec(w, "BEGIN IMMEDIATE;"
				      " DELETE FROM tags;"
				      " INSERT INTO settings VALUES ('uncommitted', 'x');",
				      NULL, NULL, NULL), SQLITE_OK);
	time_t t0 = time(NULL);
	assert_int_equal(st_backup(st, bak, &err), QUIRE_OK);
	assert_true(time(NULL) - t0 < 3); /* did not wait for the writer */
	assert_int_equal(sqlite3_exec(w, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(w);

	/* The copy is one file, and a library with the committed state. */
	char side[200];
	snprintf(side, sizeof side, "%s-wal", bak);
	assert_int_equal(access(side, F_OK), -1);
	store_t *b = open_ok(bak, ST_OPEN_EXISTING);
	size_t n = 0;
	assert_int_equal(st_count(b, &n, &err), QUIRE_OK);
	assert_int_equal(n, 5);
	quire_arena *a = quire_arena_new(0);
	st_paper p;
	assert_int_equal(st_get(b, id, ST_WITH_FILE, a, &p, &err), QUIRE_OK);
	assert_int_equal(p.n_tags, 2);
	assert_memory_equal(p.file, f.file, sizeof f.file);
	const char *v = NULL;
	assert_int_equal(st_setting_get(b, "words_per_page", a, &v, &err), QUIRE_OK);
	assert_string_equal(v, "450");
	assert_int_equal(st_setting_get(b, "uncommitted", a, &v, &err), QUIRE_OK);
	assert_null(v);
	assert_int_equal(st_check(b, &err), QUIRE_OK);
	quire_arena_free(a);
	st_close(b);

	/* Never over an existing file; an empty one is fine. */
	assert_int_equal(st_backup(st, bak, &err), QUIRE_EEXIST);
	assert_int_equal(st_backup(st, t->lib, &err), QUIRE_EEXIST);
	write_file(bak2, "", 0);
	assert_int_equal(st_backup(st, bak2, &err), QUIRE_OK);
	assert_int_equal(raw_int(bak2, "SELECT count(*) FROM papers"), 5);
	char nodir[200];
	path_in(t, "no/dir/backup.quire", nodir, sizeof nodir);
	assert_int_equal(st_backup(st, nodir, &err), QUIRE_EIO);
	st_close(st);
}

static void test_settings(void **state)
{
	tdir *t = *state;
	quire_error err = {0};
	quire_arena *a = quire_arena_new(0);
	const char *v = "x";

	store_t *st = open_ok(t->lib, ST_CREATE);
	assert_int_equal(st_setting_get(st, "words_per_page", a, &v, &err), QUIRE_OK);
	assert_null(v);
	assert_int_equal(st_setting_set(st, "words_per_page", "500", &err), QUIRE_OK);
	assert_int_equal(st_setting_set(st, "words_per_page", "275", &err), QUIRE_OK);
	assert_int_equal(st_setting_set(st, "name", "Ada's papers", &err), QUIRE_OK);
	st_close(st);

	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(st_setting_get(st, "words_per_page", a, &v, &err), QUIRE_OK);
	assert_string_equal(v, "275");
	assert_int_equal(st_setting_get(st, "name", a, &v, &err), QUIRE_OK);
	assert_string_equal(v, "Ada's papers");
	assert_int_equal(st_setting_set(st, "name", NULL, &err), QUIRE_OK);
	assert_int_equal(st_setting_get(st, "name", a, &v, &err), QUIRE_OK);
	assert_null(v);
	assert_int_equal(st_setting_set(st, "", "x", &err), QUIRE_EUSAGE);
	assert_int_equal(st_setting_get(st, NULL, a, &v, &err), QUIRE_EUSAGE);
	st_close(st);
	quire_arena_free(a);
}

static void test_check_finds_problems(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16];
	quire_error err = {0};

	store_t *st = open_ok(t->lib, ST_CREATE);
	fx_make(&f, 1, "One", 1, 1);
	add_ok(st, &f, id);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	/* A tag whose paper is gone (written with foreign keys off). */
	assert_int_equal(raw_exec(t->lib, "PRAGMA foreign_keys = OFF;"
				  " INSERT INTO tags VALUES ('nopaper', 'x');"),
			 SQLITE_OK);
	assert_int_equal(st_check(st, &err), QUIRE_ESTORE);
	assert_contains(err.msg, "tags");
	st_close(st);
}

static void test_sha_and_visibility(void **state)
{
	(void)state;
	char hex[65];
	st_sha256_hex((const unsigned char *)"abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	st_sha256_hex(NULL, 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	st_visibility v = ST_PRIVATE;
	assert_int_equal(st_visibility_parse("public", &v), 0);
	assert_int_equal(v, ST_PUBLIC);
	assert_int_equal(st_visibility_parse("members", &v), 0);
	assert_int_equal(v, ST_MEMBERS);
	assert_int_equal(st_visibility_parse("private", &v), 0);
	assert_int_equal(v, ST_PRIVATE);
	assert_int_equal(st_visibility_parse("Public", &v), -1);
	assert_int_equal(st_visibility_parse(NULL, &v), -1);
	assert_string_equal(st_visibility_name(ST_MEMBERS), "members");
	assert_string_equal(st_visibility_name((st_visibility)9), "unknown");
}

/* ------------------------------------------------------------------ */
/* Migrations                                                          */
/* ------------------------------------------------------------------ */

/* Migration 10: a library of version 9 kept each paper's docid in
 * papers.ixdoc; opening it moves them to ix_papers, the check passes, and
 * from then on changes leave papers.ixdoc alone and keep ix_papers in
 * step (a removal takes its row). */
static void test_migration_ix_papers(void **state)
{
	tdir *t = *state;
	fx f;
	char id1[16], id2[16];
	quire_error err = {0};
	store_t *st = open_ok(t->lib, ST_CREATE);

	fx_make(&f, 1, "First of two", 1, 1);
	add_ok(st, &f, id1);
	fx_make(&f, 2, "Second of two", 1, 1);
	add_ok(st, &f, id2);
	st_close(st);
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM ix_papers"), 2);
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM papers WHERE ixdoc IS NOT NULL"), 0);

	/* back to version 9: the docids in papers.ixdoc, no ix_papers */
	assert_int_equal(raw_exec(t->lib,
		"UPDATE papers SET ixdoc = (SELECT doc FROM ix_papers WHERE paper = papers.rowid);"
		"DROP TABLE ix_papers; PRAGMA user_version = 9;"), SQLITE_OK);
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(raw_int(t->lib, "PRAGMA user_version"), st_schema_version());
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM ix_papers"), 2);
	assert_int_equal(st_check(st, &err), QUIRE_OK);

	/* a removal takes its row; the check still passes */
	assert_int_equal(st_remove(st, id1, &err), QUIRE_OK);
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM ix_papers"), 1);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	/* a rebuild makes the rows again, nothing in papers.ixdoc changes */
	assert_int_equal(st_reindex(st, NULL, NULL, &err), QUIRE_OK);
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM ix_papers"), 1);
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM ix_pos WHERE seg NOT IN (SELECT seg FROM ix_post)"), 0);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);
}

/* Migration 11: a library of version 10 holds ix in format 3 (no pairs
 * of common words); opening it rebuilds the index in format 4, and the
 * check passes. */
static void test_migration_ix_pairs(void **state)
{
	tdir *t = *state;
	fx f;
	char id1[16];
	quire_error err = {0};
	store_t *st = open_ok(t->lib, ST_CREATE);
	fx_make(&f, 1, "First of two", 1, 1);
	add_ok(st, &f, id1);
	st_close(st);
	const char *pairs = "SELECT count(*) FROM ix_post WHERE hex(term) LIKE 'FF%'";
	assert_true(raw_int(t->lib, pairs) > 0);
	assert_int_equal(raw_int(t->lib, "SELECT v FROM ix_meta WHERE k = 'format'"), 4);

	/* back to version 10 and format 3: no pairs */
	assert_int_equal(raw_exec(t->lib,
		"DELETE FROM ix_pos WHERE hex(term) LIKE 'FF%';"
		"DELETE FROM ix_post WHERE hex(term) LIKE 'FF%';"
		"UPDATE ix_meta SET v = 3 WHERE k = 'format'; PRAGMA user_version = 10;"),
		SQLITE_OK);
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(raw_int(t->lib, "PRAGMA user_version"), st_schema_version());
	assert_int_equal(raw_int(t->lib, "SELECT v FROM ix_meta WHERE k = 'format'"), 4);
	assert_true(raw_int(t->lib, pairs) > 0);
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM ix_papers"), 1);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);
}

static void test_migrations(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16];
	quire_error err = {0};
	store_t *st = NULL;

	/* Version 0: only the application id, as st_open makes it first. */
	assert_int_equal(raw_exec(t->lib, "PRAGMA application_id = 1364346161"), SQLITE_OK);
	assert_int_equal(raw_int(t->lib, "PRAGMA user_version"), 0);
	/* A read-only open cannot upgrade it. */
	assert_int_equal(st_open(t->lib, ST_READONLY, &st, &err), QUIRE_ESTORE);
	assert_contains(err.msg, "upgrad");
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	assert_int_equal(raw_int(t->lib, "PRAGMA user_version"), st_schema_version());
	fx_make(&f, 1, "Migrated", 1, 1);
	add_ok(st, &f, id);
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);
	/* Opening again changes nothing. */
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	st_close(st);
	assert_int_equal(raw_int(t->lib, "PRAGMA user_version"), st_schema_version());
	assert_int_equal(raw_int(t->lib, "SELECT count(*) FROM papers"), 1);

	/* A library from the future is refused, untouched. */
	assert_int_equal(raw_exec(t->lib, "PRAGMA user_version = 999"), SQLITE_OK);
	assert_int_equal(st_open(t->lib, ST_OPEN_EXISTING, &st, &err), QUIRE_ESTORE);
	assert_null(st);
	assert_contains(err.msg, "newer quire (schema 999");
	assert_int_equal(st_open(t->lib, ST_READONLY, &st, &err), QUIRE_ESTORE);
	assert_int_equal(raw_int(t->lib, "PRAGMA user_version"), 999);
}

/* ------------------------------------------------------------------ */
/* Read-only libraries                                                 */
/* ------------------------------------------------------------------ */

/* What a read-only library must still do and refuse; returns a non-zero
 * code naming the first thing that went wrong (runs in a child too). */
static int readonly_checks(const char *lib, st_mode mode, const char *id)
{
	store_t *st = NULL;
	quire_error err = {0};
	fx f;
	char nid[16];
	if (st_open(lib, mode, &st, &err) != QUIRE_OK)
		return 10;
	quire_arena *a = quire_arena_new(0);
	st_paper p;
	size_t n = 0;
	int rc = 0;
	if (st_get(st, id, ST_WITH_FILE | ST_WITH_TEXT, a, &p, &err) != QUIRE_OK)
		rc = 11;
	else if (st_count(st, &n, &err) != QUIRE_OK || n != 1)
		rc = 12;
	fx_make(&f, 99, "Refused", 1, 1);
	if (!rc && (st_add(st, &f.p, nid, &err) != QUIRE_ESTORE ||
		    !strstr(err.msg, "read-only")))
		rc = 13;
	st_edit_req req = {.title = "No", .visibility = -1};
	if (!rc && (st_edit(st, id, &req, &err) != QUIRE_ESTORE ||
		    !strstr(err.msg, "read-only")))
		rc = 14;
	if (!rc && (st_setting_set(st, "k", "v", &err) != QUIRE_ESTORE ||
		    !strstr(err.msg, "read-only")))
		rc = 15;
	if (!rc && st_remove(st, id, &err) != QUIRE_ESTORE)
		rc = 16;
	if (!rc && (st_count(st, &n, &err) != QUIRE_OK || n != 1))
		rc = 17;
	quire_arena_free(a);
	st_close(st);
	return rc;
}

/* Runs readonly_checks as an unprivileged user (root ignores chmod). */
static int readonly_as_nobody(const char *lib, st_mode mode, const char *id)
{
	pid_t pid = fork();
	if (pid < 0)
		return 20;
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(21);
		if (access(lib, W_OK) == 0)
			_exit(22); /* still writable: the test would prove nothing */
		_exit(readonly_checks(lib, mode, id));
	}
	int status = 0;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return 23;
	return WEXITSTATUS(status);
}

static void test_readonly(void **state)
{
	tdir *t = *state;
	fx f;
	char id[16];

	store_t *st = open_ok(t->lib, ST_CREATE);
	fx_make(&f, 1, "Read only", 1, 1);
	add_ok(st, &f, id);
	st_close(st);

	/* Read-only mode on a writable file. */
	assert_int_equal(readonly_checks(t->lib, ST_READONLY, id), 0);

	/* A read-only file in a writable directory, then a read-only file in
	 * a read-only directory (no -shm can be made there), both modes. */
	int root = geteuid() == 0;
	assert_int_equal(chmod(t->lib, 0444), 0);
	assert_int_equal(chmod(t->dir, root ? 0777 : 0700), 0);
	for (int pass = 0; pass < 2; pass++) {
		for (int m = 0; m < 2; m++) {
			st_mode mode = m ? ST_READONLY : ST_OPEN_EXISTING;
			int rc = root ? readonly_as_nobody(t->lib, mode, id)
				      : readonly_checks(t->lib, mode, id);
			if (rc)
				print_error("pass %d mode %d: failed check %d\n", pass, m, rc);
			assert_int_equal(rc, 0);
		}
		assert_int_equal(chmod(t->dir, 0555), 0);
		/* Leave no -wal/-shm behind from the first pass (as after a
		 * clean close by the owner). */
		char side[200];
		snprintf(side, sizeof side, "%s-wal", t->lib);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", t->lib);
		unlink(side);
	}
	assert_int_equal(chmod(t->dir, 0700), 0);
	assert_int_equal(chmod(t->lib, 0600), 0);
	/* Still intact and writable by its owner. */
	st = open_ok(t->lib, ST_OPEN_EXISTING);
	quire_error err = {0};
	assert_int_equal(st_check(st, &err), QUIRE_OK);
	st_close(st);
}

/* ------------------------------------------------------------------ */
/* kill -9                                                             */
/* ------------------------------------------------------------------ */

/* Adds papers until killed, writing each id to fd once committed. */
static void kill_child(const char *lib, int fd, unsigned round)
{
	store_t *st = NULL;
	quire_error err = {0};
	fx *f = malloc(sizeof *f);
	if (!f || st_open(lib, ST_OPEN_EXISTING, &st, &err) != QUIRE_OK)
		_exit(2);
	for (unsigned i = 0; i < 100000; i++) {
		char id[16], line[20];
		fx_make(f, round * 100000u + i, "Killed", i, i);
		/* Some papers big enough to span many pages. */
		f->p.file_len = i % 3 ? sizeof f->file : 100;
		st_sha256_hex(f->file, f->p.file_len, f->sha);
		if (st_add(st, &f->p, id, &err) != QUIRE_OK)
			_exit(3);
		int n = snprintf(line, sizeof line, "%s\n", id);
		if (write(fd, line, (size_t)n) != n)
			_exit(4);
	}
	_exit(0);
}

static void test_kill9_atomic(void **state)
{
	tdir *t = *state;
	store_t *st = open_ok(t->lib, ST_CREATE);
	st_close(st);

	size_t total = 0;
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	for (unsigned round = 0; round < 20; round++) {
		int fds[2];
		assert_int_equal(pipe(fds), 0);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(fds[0]);
			kill_child(t->lib, fds[1], round);
		}
		close(fds[1]);
		/* 5 to 195 ms, spread over the rounds. */
		usleep(5000u + (round * 7u % 20u) * 10000u);
		kill(pid, SIGKILL);
		int status = 0;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (WIFEXITED(status))
			print_error("child exited with %d\n", WEXITSTATUS(status));
		assert_true(WIFSIGNALED(status));

		size_t len = 0;
		ssize_t r;
		while (len < (1 << 20) - 1 &&
		       (r = read(fds[0], buf + len, (1 << 20) - 1 - len)) > 0)
			len += (size_t)r;
		buf[len] = '\0';
		close(fds[0]);

		st = open_ok(t->lib, ST_OPEN_EXISTING);
		quire_arena *a = quire_arena_new(0);
		quire_error err = {0};
		size_t ids = 0;
		for (char *line = buf, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
			*nl = '\0';
			st_paper p;
			if (st_get(st, line, ST_WITH_FILE, a, &p, &err) != QUIRE_OK)
				print_error("round %u: %s: %s\n", round, line, err.msg);
			assert_string_equal(p.id, line);
			ids++;
		}
		if (st_check(st, &err) != QUIRE_OK)
			print_error("round %u: %s\n", round, err.msg);
		assert_int_equal(err.code, QUIRE_OK);
		size_t n = 0;
		assert_int_equal(st_count(st, &n, &err), QUIRE_OK);
		/* Committed but killed before reporting: at most one more. */
		assert_true(n >= total + ids && n <= total + ids + 1);
		total = n;
		quire_arena_free(a);
		st_close(st);
	}
	free(buf);
	assert_true(total > 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_dir, teardown_dir)
	const struct CMUnitTest tests[] = {
		T(test_create_open_reopen),
		T(test_init_twice),
		T(test_open_missing),
		T(test_open_not_quire),
		T(test_open_corrupt),
		T(test_add_get_all_fields),
		T(test_add_rejects),
		T(test_ids),
		T(test_edit_and_reanalysis),
		T(test_list_sorting),
		T(test_remove_cascades),
		T(test_two_connections),
		T(test_backup_under_writer),
		T(test_settings),
		T(test_check_finds_problems),
		cmocka_unit_test(test_sha_and_visibility),
		T(test_migrations),
		T(test_migration_ix_papers),
		T(test_migration_ix_pairs),
		T(test_readonly),
		T(test_kill9_atomic),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
