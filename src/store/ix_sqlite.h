/*
 * ix_sqlite.h — ix's storage (ix_io, src/search/ix.h) over a sqlite3
 * connection (src/store/ix_sqlite.c): the tables ix_post, ix_doc and
 * ix_meta in the library's own database, so the index changes in the
 * same transactions as the papers.
 *
 * The caller owns the ixsql (one per connection; it caches the prepared
 * statements, prepared on first use) and runs the transactions; ixsql
 * never begins or commits one.  An ix_io callback must not call the same
 * ix_io function again while its scan runs (one statement each).
 */
#ifndef QUIRE_IX_SQLITE_H
#define QUIRE_IX_SQLITE_H

#include <sqlite3.h>

#include "ix.h"

typedef struct ixsql ixsql;

/* The SQL that creates the tables (CREATE TABLE IF NOT EXISTS …; several
 * statements, for sqlite3_exec), for the store's migration. */
const char *ixsql_schema(void);

/* A statement cache over db (kept: db must outlive it); NULL when out of
 * memory.  The tables must exist before the first ix_io call. */
ixsql *ixsql_new(sqlite3 *db);

/* Finalizes the statements and frees s (before sqlite3_close(db)). */
void ixsql_free(ixsql *s);

/* Fills *io with the functions over s (io->ctx = s). */
void ixsql_io(ixsql *s, ix_io *io);

#endif
