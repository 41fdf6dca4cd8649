/*
 * sattr.h — the search engine's in-memory table of the papers' filter
 * attributes (src/search/sattr.c): visibility, owner, effective year,
 * words, pages, date added, format and the rank of the title, by paper
 * rowid, so that the access rule, the filters and the sorts cost no SQL
 * per match.
 *
 * The table is read from the papers in one scan (the leading columns of
 * papers only, never the text) and kept by search.c in the store's search
 * slot (st_search_cache) until the library's search generation changes;
 * then only the new papers' rows and those of the papers removed or
 * changed since (from the index's change log) are read.
 * Tags are not in it: a tag filter reads that tag's papers once per query
 * into a set (sattr_tagset).
 */
#ifndef QUIRE_SATTR_H
#define QUIRE_SATTR_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "quire.h"

typedef struct sattr_paper {
	int64_t rowid;
	int64_t added;       /* unix seconds */
	uint32_t words;      /* clamped to UINT32_MAX */
	uint32_t pages;
	uint32_t title_rank; /* place in title order (NOCASE, then added, rowid) */
	int32_t year;        /* effective year; 0: none */
	uint16_t format;     /* index into formats */
	uint8_t vis;         /* 0 public, 1 members, 2 private */
	uint8_t dead;        /* removed since the table was read (sattr_update) */
	uint32_t owner;      /* 0: none, else 1 + index into owners */
} sattr_paper;

typedef struct sattr {
	sattr_paper *p;      /* by rowid, ascending */
	size_t n, cap;
	size_t ndead;        /* entries of p that are dead */
	int ranks_stale;     /* title_rank out of date (sattr_ranks) */
	uint32_t *slot;      /* when dense: slot[rowid] = 1 + index into p, 0 none */
	int64_t slots;       /* entries of slot (0: not dense, search p) */
	char **formats;
	size_t n_formats;
	char **owners;
	size_t n_owners;
} sattr;

/* Reads the table of the papers of db into *t (emptied first), all but
 * the title ranks (ranks_stale: sattr_ranks when a page is sorted by
 * title).  Returns QUIRE_OK, QUIRE_ENOMEM or QUIRE_ESTORE. */
quire_status sattr_load(sqlite3 *db, sattr *t, quire_error *err);
/* Adds the papers whose rowid is above the table's last, when papers were
 * only added since t was read (the caller knows: search.c asks ix whether
 * anything was removed or changed); the title ranks are then out of date
 * (ranks_stale) until sattr_ranks.  On an error t is emptied. */
quire_status sattr_append(sqlite3 *db, sattr *t, quire_error *err);
/* Reads the rows of the papers at rowids[0..n) again, when those papers
 * were removed or changed since t was read (search.c has their rowids from
 * ix's change log): a row still there replaces its entry, a row gone
 * leaves its entry dead (sattr_get gives NULL for it; dead entries at the
 * end are dropped, so that sattr_append reads a rowid SQLite gives again);
 * a row above the table's last is left to sattr_append.  *whole is set
 * when the table cannot be updated so (a new row below the last rowid,
 * half the entries dead): then read it with sattr_load.  The title ranks
 * are then out of date.  On an error t is emptied. */
quire_status sattr_update(sqlite3 *db, sattr *t, const int64_t *rowids, size_t n,
			  int *whole, quire_error *err);
/* Reads the title ranks again (one scan of the title index). */
quire_status sattr_ranks(sqlite3 *db, sattr *t, quire_error *err);
void sattr_free(sattr *t);

/* The entry of the paper at rowid, or NULL (none, or dead). */
const sattr_paper *sattr_get(const sattr *t, int64_t rowid);

/* A query's filters and viewer, made once per query. */
typedef struct sattr_filter {
	int admin, signed_in;
	uint32_t viewer;         /* owner index of the viewer's name; 0: none */
	int year_min, year_max;  /* 0: no bound */
	uint64_t words_min, words_max;
	uint32_t pages_min, pages_max;
	int64_t added_min, added_max;
	int format;              /* -1: any; else the format index; -2: none */
	const uint8_t *tagset;   /* bit per index into p; NULL: any tag */
	int64_t exclude;         /* rowid left out; 0: none */
} sattr_filter;

/* Makes the viewer and format parts of f from names (user may be NULL;
 * format NULL: any). */
void sattr_filter_names(const sattr *t, sattr_filter *f, const char *user,
			const char *format);

/* The set of papers with tag (bit per index into t->p) into *set, malloc'd
 * (the caller frees).  Returns QUIRE_OK, QUIRE_ENOMEM or QUIRE_ESTORE. */
quire_status sattr_tagset(sqlite3 *db, const sattr *t, const char *tag,
			  uint8_t **set, quire_error *err);

/* Whether the paper at entry e passes f: 0 no (also for NULL and a dead
 * entry), 1 yes and the viewer may open it, 2 yes but only its public
 * fields. */
int sattr_accept(const sattr *t, const sattr_filter *f, const sattr_paper *e);

#endif
