/*
 * sattr.c — the in-memory table of the papers' filter attributes (see
 * sattr.h).
 *
 * Decisions:
 *
 *   - One row of 40 bytes a paper, in rowid order, read by one scan of
 *     the covering index papers_attrs (migration 9: the papers' rows,
 *     whose first page holds the start of the analysis, are never read;
 *     the rows come in the index's order and are sorted here) plus one
 *     scan of the title index for the title ranks: 100,000 papers take
 *     4 MB and tens of milliseconds (the title ranks are read when a page
 *     is first sorted by title).  When papers were only added since
 *     (search.c knows it from ix), sattr_append reads the rows above the
 *     last rowid onto the end and leaves the title ranks to be read again
 *     when a page is sorted by title: after one add to 100,000 papers a
 *     worker's next search took 65-92 ms, now 3-10 ms (search.c also
 *     grows its accept arrays instead of making them again).
 *   - After removals and edits (ix's change log names their documents,
 *     at most 64 between two searches), sattr_update reads those rows
 *     again: a removed paper's entry stays, dead, so that the entries
 *     keep their places (the tag sets are bits by place), until half the
 *     table is dead and it is read whole.  After one removal from 100,000
 *     papers a worker's next search had taken 65-92 ms for the table.
 *   - Lookup by rowid is an array index when the rowids are dense (as the
 *     store makes them: SQLite gives max + 1), a binary search otherwise.
 *   - Formats and owners are interned: a filter compares small integers.
 *     Owners are folded to ASCII lower case when interned, as SQLite's
 *     NOCASE compares them, so "Ann" and "ann" are one owner.
 */
#include "sattr.h"

#include <stdlib.h>
#include <string.h>

static quire_status sattr_db_error(sqlite3 *db, int rc, quire_error *err)
{
	if ((rc & 0xff) == SQLITE_NOMEM)
		return quire_error_set(err, QUIRE_ENOMEM, "searching: out of memory");
	return quire_error_set(err, QUIRE_ESTORE, "searching: %s", sqlite3_errmsg(db));
}

void sattr_free(sattr *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_formats; i++)
		free(t->formats[i]);
	for (size_t i = 0; i < t->n_owners; i++)
		free(t->owners[i]);
	free(t->formats);
	free(t->owners);
	free(t->p);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

/* The index of s in the list v (n entries), added when missing; -1 when
 * out of memory.  fold: compare and keep in ASCII lower case. */
static long sattr_intern(char ***v, size_t *n, const char *s, int fold)
{
	char low[256];
	if (fold) {
		size_t k = strlen(s);
		if (k >= sizeof low)
			k = sizeof low - 1;
		for (size_t i = 0; i < k; i++)
			low[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		low[k] = '\0';
		s = low;
	}
	for (size_t i = *n; i-- > 0;)
		if (strcmp((*v)[i], s) == 0)
			return (long)i;
	if ((*n & (*n + 1)) == 0 || *n == 0) { /* grow at 0, 1, 3, 7, … */
		char **nv = realloc(*v, (2 * *n + 2) * sizeof *nv);
		if (!nv)
			return -1;
		*v = nv;
	}
	char *c = strdup(s);
	if (!c)
		return -1;
	(*v)[*n] = c;
	return (long)(*n)++;
}

/* The entry at rowid, dead or alive (a binary search), or NULL. */
static sattr_paper *sattr_find(const sattr *t, int64_t rowid)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->p[mid].rowid < rowid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < t->n && t->p[lo].rowid == rowid ? &t->p[lo] : NULL;
}

const sattr_paper *sattr_get(const sattr *t, int64_t rowid)
{
	if (t->slots > 0) {
		if (rowid < 0 || rowid >= t->slots || !t->slot[rowid])
			return NULL;
		return &t->p[t->slot[rowid] - 1];
	}
	const sattr_paper *e = sattr_find(t, rowid);
	return e && !e->dead ? e : NULL;
}

static int sattr_cmp_rowid(const void *x, const void *y)
{
	int64_t a = ((const sattr_paper *)x)->rowid, b = ((const sattr_paper *)y)->rowid;
	return (a > b) - (a < b);
}

/* Reads the rows of s (the columns of SATTR_COLS) onto the end of t;
 * an SQLite code (SQLITE_OK when every row was read). */
#define SATTR_COLS "rowid, visibility, owner, coalesce(e_year, a_year), words," \
	" pages, added, format"
/* The row s stands on into *e (the title rank left as it was); an
 * SQLite code. */
static int sattr_row(sqlite3_stmt *s, sattr *t, sattr_paper *e)
{
	uint32_t rank = e->title_rank;
	memset(e, 0, sizeof *e);
	e->title_rank = rank;
	e->rowid = sqlite3_column_int64(s, 0);
	int v = sqlite3_column_int(s, 1);
	e->vis = (uint8_t)(v >= 0 && v <= 2 ? v : 2);
	const char *owner = (const char *)sqlite3_column_text(s, 2);
	if (owner) {
		long k = sattr_intern(&t->owners, &t->n_owners, owner, 1);
		if (k < 0)
			return SQLITE_NOMEM;
		e->owner = (uint32_t)k + 1;
	}
	sqlite3_int64 y = sqlite3_column_int64(s, 3);
	e->year = y > -100000 && y < 100000 ? (int32_t)y : 0;
	sqlite3_int64 w = sqlite3_column_int64(s, 4);
	e->words = w <= 0 ? 0 : w > UINT32_MAX ? UINT32_MAX : (uint32_t)w;
	sqlite3_int64 pg = sqlite3_column_int64(s, 5);
	e->pages = pg <= 0 ? 0 : pg > UINT32_MAX ? UINT32_MAX : (uint32_t)pg;
	e->added = sqlite3_column_int64(s, 6);
	const char *fmt = (const char *)sqlite3_column_text(s, 7);
	long k = sattr_intern(&t->formats, &t->n_formats, fmt ? fmt : "", 0);
	if (k < 0 || k > UINT16_MAX)
		return SQLITE_NOMEM;
	e->format = (uint16_t)k;
	return SQLITE_OK;
}

static int sattr_read(sqlite3_stmt *s, sattr *t)
{
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (t->n == t->cap) {
			size_t nc = t->cap ? 2 * t->cap : 1024;
			sattr_paper *np = realloc(t->p, nc * sizeof *np);
			if (!np)
				return SQLITE_NOMEM;
			t->p = np;
			t->cap = nc;
		}
		t->p[t->n].title_rank = 0;
		if ((rc = sattr_row(s, t, &t->p[t->n])) != SQLITE_OK)
			return rc;
		t->n++;
	}
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The direct index when the rowids are dense (made again from p);
 * SQLITE_OK or SQLITE_NOMEM. */
static int sattr_slots(sattr *t)
{
	free(t->slot);
	t->slot = NULL;
	t->slots = 0;
	if (t->n == 0)
		return SQLITE_OK;
	int64_t top = t->p[t->n - 1].rowid;
	if (top < 0 || top >= (int64_t)(4 * t->n + 65536))
		return SQLITE_OK; /* sparse: binary search */
	t->slot = calloc((size_t)top + 1, sizeof *t->slot);
	if (!t->slot)
		return SQLITE_NOMEM;
	t->slots = top + 1;
	for (size_t i = 0; i < t->n; i++)
		if (t->p[i].rowid >= 0 && !t->p[i].dead)
			t->slot[t->p[i].rowid] = (uint32_t)i + 1;
	return SQLITE_OK;
}

quire_status sattr_ranks(sqlite3 *db, sattr *t, quire_error *err)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db,
		"SELECT rowid FROM papers ORDER BY coalesce(e_title, a_title)"
		" COLLATE NOCASE, added, rowid", -1, &s, NULL);
	uint32_t rank = 0;
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		sattr_paper *e = (sattr_paper *)sattr_get(t, sqlite3_column_int64(s, 0));
		if (e)
			e->title_rank = rank++;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	if (rc != SQLITE_OK)
		return sattr_db_error(db, rc, err);
	t->ranks_stale = 0;
	return QUIRE_OK;
}

quire_status sattr_load(sqlite3 *db, sattr *t, quire_error *err)
{
	sqlite3_stmt *s = NULL;
	memset(t, 0, sizeof *t);
	int rc = sqlite3_prepare_v2(db, "SELECT " SATTR_COLS " FROM papers", -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sattr_read(s, t);
	sqlite3_finalize(s);
	/* The covering index gives the rows in its own order: rowid order,
	 * which lookups need, is made here. */
	if (rc == SQLITE_OK && t->n > 1)
		qsort(t->p, t->n, sizeof *t->p, sattr_cmp_rowid);
	if (rc == SQLITE_OK)
		rc = sattr_slots(t);
	if (rc != SQLITE_OK) {
		quire_status qs = sattr_db_error(db, rc, err);
		sattr_free(t);
		return qs;
	}
	/* the title ranks when a page is first sorted by title (a fifth of
	 * a one-shot search's time at 100,000 papers) */
	t->ranks_stale = 1;
	return QUIRE_OK;
}

quire_status sattr_append(sqlite3 *db, sattr *t, quire_error *err)
{
	int64_t top = t->n ? t->p[t->n - 1].rowid : 0;
	size_t n0 = t->n;
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT " SATTR_COLS " FROM papers WHERE rowid > ?1"
				    " ORDER BY rowid", -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_int64(s, 1, top);
	if (rc == SQLITE_OK)
		rc = sattr_read(s, t);
	sqlite3_finalize(s);
	if (rc == SQLITE_OK && t->n > n0) {
		int64_t top1 = t->p[t->n - 1].rowid;
		if (t->slots > 0 && top1 < (int64_t)(4 * t->n + 65536)) {
			/* still dense: the index grows (it may already
			 * reach rowids given again: sattr_update), the new
			 * rows go in */
			uint32_t *ns = t->slot;
			if (top1 >= t->slots) {
				ns = realloc(t->slot, (size_t)(top1 + 1) * sizeof *ns);
				if (ns) {
					memset(ns + t->slots, 0,
					       (size_t)(top1 + 1 - t->slots) * sizeof *ns);
					t->slot = ns;
					t->slots = top1 + 1;
				}
			}
			if (!ns) {
				rc = SQLITE_NOMEM;
			} else {
				for (size_t i = n0; i < t->n; i++)
					t->slot[t->p[i].rowid] = (uint32_t)i + 1;
			}
		} else {
			rc = sattr_slots(t);
		}
	}
	if (rc != SQLITE_OK) {
		quire_status qs = sattr_db_error(db, rc, err);
		sattr_free(t);
		return qs;
	}
	if (t->n > n0)
		t->ranks_stale = 1;
	return QUIRE_OK;
}

quire_status sattr_update(sqlite3 *db, sattr *t, const int64_t *rowids, size_t n,
			  int *whole, quire_error *err)
{
	*whole = 0;
	int64_t top = t->n ? t->p[t->n - 1].rowid : 0;
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT " SATTR_COLS " FROM papers WHERE rowid = ?1",
				    -1, &s, NULL);
	for (size_t i = 0; i < n && rc == SQLITE_OK && !*whole; i++) {
		sattr_paper *e = sattr_find(t, rowids[i]);
		sqlite3_reset(s);
		rc = sqlite3_bind_int64(s, 1, rowids[i]);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			rc = SQLITE_OK;
			if (e) {
				/* changed, or a rowid given again after its
				 * paper was removed: the entry takes the row */
				if (e->dead)
					t->ndead--;
				rc = sattr_row(s, t, e);
				if (rc == SQLITE_OK && t->slots > 0 && e->rowid < t->slots)
					t->slot[e->rowid] = (uint32_t)(e - t->p) + 1;
			} else if (rowids[i] <= top) {
				*whole = 1; /* a new row among the old: no place */
			}
		} else if (rc == SQLITE_DONE) {
			rc = SQLITE_OK;
			if (e && !e->dead) {
				e->dead = 1;
				t->ndead++;
				if (t->slots > 0 && e->rowid >= 0 && e->rowid < t->slots)
					t->slot[e->rowid] = 0;
			}
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_OK) {
		quire_status qs = sattr_db_error(db, rc, err);
		sattr_free(t);
		return qs;
	}
	/* the last rowids may be given again (SQLite gives max + 1): the
	 * table ends at a live entry, which sattr_append reads above */
	while (t->n > 0 && t->p[t->n - 1].dead) {
		t->n--;
		t->ndead--;
	}
	if (t->ndead > t->n / 2)
		*whole = 1;
	if (n > 0)
		t->ranks_stale = 1;
	return QUIRE_OK;
}

void sattr_filter_names(const sattr *t, sattr_filter *f, const char *user,
			const char *format)
{
	f->viewer = 0;
	if (user && *user) {
		char low[256];
		size_t k = strlen(user);
		if (k < sizeof low) {
			for (size_t i = 0; i < k; i++)
				low[i] = (char)(user[i] >= 'A' && user[i] <= 'Z' ? user[i] + 32 : user[i]);
			low[k] = '\0';
			for (size_t i = 0; i < t->n_owners; i++)
				if (strcmp(t->owners[i], low) == 0)
					f->viewer = (uint32_t)i + 1;
		}
	}
	f->format = -1;
	if (format && *format) {
		f->format = -2;
		for (size_t i = 0; i < t->n_formats; i++)
			if (strcmp(t->formats[i], format) == 0)
				f->format = (int)i;
	}
}

quire_status sattr_tagset(sqlite3 *db, const sattr *t, const char *tag,
			  uint8_t **set, quire_error *err)
{
	sqlite3_stmt *s = NULL;
	*set = calloc(t->n / 8 + 1, 1);
	if (!*set)
		return quire_error_set(err, QUIRE_ENOMEM, "searching: out of memory");
	int rc = sqlite3_prepare_v2(db,
		"SELECT p.rowid FROM tags t JOIN papers p ON p.id = t.paper_id"
		" WHERE t.tag = ?1", -1, &s, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(s, 1, tag, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		const sattr_paper *e = sattr_get(t, sqlite3_column_int64(s, 0));
		if (e) {
			size_t i = (size_t)(e - t->p);
			(*set)[i >> 3] |= (uint8_t)(1u << (i & 7));
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*set);
		*set = NULL;
		return sattr_db_error(db, rc, err);
	}
	return QUIRE_OK;
}

int sattr_accept(const sattr *t, const sattr_filter *f, const sattr_paper *e)
{
	if (!e || e->dead || e->rowid == f->exclude)
		return 0;
	if ((f->year_min && e->year < f->year_min) || (f->year_max && e->year > f->year_max))
		return 0;
	if ((f->year_min || f->year_max) && e->year == 0)
		return 0;
	if ((f->words_min && e->words < f->words_min) ||
	    (f->words_max && e->words > f->words_max))
		return 0;
	if ((f->pages_min && e->pages < f->pages_min) ||
	    (f->pages_max && e->pages > f->pages_max))
		return 0;
	if ((f->added_min && e->added < f->added_min) ||
	    (f->added_max && e->added > f->added_max))
		return 0;
	if (f->format != -1 && (int)e->format != f->format)
		return 0;
	if (f->tagset) {
		size_t i = (size_t)(e - t->p);
		if (!(f->tagset[i >> 3] & (1u << (i & 7))))
			return 0;
	}
	int open = e->vis == 0 || f->admin || (e->vis == 1 && (f->signed_in || f->admin)) ||
		   (e->vis == 2 && f->viewer && e->owner == f->viewer);
	return open ? 1 : 2;
}
