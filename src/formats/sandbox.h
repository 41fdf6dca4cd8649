/*
 * sandbox.h — running a format reader on untrusted bytes in a child process.
 *
 * fork(); in the child: setrlimit (address space, CPU seconds, open files,
 * file size 0, no core dumps), PR_SET_NO_NEW_PRIVS and a seccomp filter
 * (libseccomp) that refuses sockets, opening files, exec and new processes;
 * the reader runs on the bytes the parent already read, and the source it
 * builds is serialised down a pipe.  The parent reads with a wall-clock
 * deadline and a cap on the output, waits for the child and turns each way
 * of dying into one plain message:
 *   "reading stopped: exceeded 1024 MB of memory"
 *   "reading stopped: took more than 30 s"
 *   "reading stopped: the reader crashed (signal 11)"
 * A failed read stores nothing: the caller gets an error, not a source.
 */
#ifndef QUIRE_SANDBOX_H
#define QUIRE_SANDBOX_H

#include <stddef.h>

#include "formats.h"

/* A small helper process that forks the readers' children (below). */
typedef struct sbx_spawner sbx_spawner;

/* Each limit is off when 0.  mem_bytes is both the child's RLIMIT_AS
 * (except under AddressSanitizer) and the budget of the arena the reader
 * builds its source in, so an allocating reader is stopped either way. */
typedef struct sbx_limits {
	size_t mem_bytes;      /* address space of the child (1 GB) */
	unsigned cpu_seconds;  /* CPU time (20 s) */
	unsigned wall_seconds; /* wall clock the parent waits (30 s) */
	size_t max_output;     /* bytes of serialised source accepted (512 MB) */
	int in_process;        /* 1: no child (tests, fuzzing): same arena budget,
				* serialisation and messages, but no CPU/wall limits */
	sbx_spawner *spawner;  /* borrowed; NULL: the child is forked from this
				* process (the default) */
} sbx_limits;

sbx_limits sbx_limits_default(void);

/*
 * A spawner forks the readers' children from a small process instead of
 * from the caller.  fork() copies the caller's page tables and makes every
 * page it writes afterwards a copy-on-write fault; a caller that has grown
 * (a bulk add holds the store's page cache and the index writer's
 * buffers: 120 MB and more) pays that on every file.  The spawner is
 * forked once, while the caller is still small, and forks each child from
 * itself; the child, its sandbox, limits and messages are the same.
 *
 * sbx_spawner_new() forks the helper: call it early, before opening a
 * library.  It returns NULL when it cannot (the reads then fork from the
 * caller, as without one).  It belongs to one thread at a time.  The
 * helper ends when the spawner is freed or the caller dies
 * (PR_SET_PDEATHSIG); sbx_spawner_free() reaps it.  If the helper dies
 * (killed from outside), reads fall back to forking from the caller.
 * sbx_spawner_pid() is the helper's pid (tests and diagnostics), or -1.
 */
sbx_spawner *sbx_spawner_new(void);
void sbx_spawner_free(sbx_spawner *z);
int sbx_spawner_pid(const sbx_spawner *z);

/*
 * A pool of spawners for a threaded caller (the web server's uploads).  A
 * threaded process must not fork readers itself: the child gets one
 * thread, and a lock another thread held at the fork (the allocator's,
 * iconv's) stays held in it for ever — the tests saw such a child hang
 * until its deadline.  The helpers are forked before the threads start.
 * A spawner serves one read at a time, so the pool lends each to one
 * thread at a time.  sbx_pool_new(n) starts up to n helpers: call it
 * before starting threads and from a thread that outlives them (a
 * helper's PR_SET_PDEATHSIG fires when the thread that forked it ends).
 * NULL when not one helper could start.  sbx_pool_take() lends a free
 * spawner, waiting while all are lent (a read is bounded by its wall-clock
 * limit); NULL only when p is NULL.  sbx_pool_give() returns it (NULL is
 * ignored).  Both are thread-safe.  sbx_pool_free() frees every spawner:
 * none may be lent then.
 */
typedef struct sbx_pool sbx_pool;

sbx_pool *sbx_pool_new(unsigned n);
sbx_spawner *sbx_pool_take(sbx_pool *p);
void sbx_pool_give(sbx_pool *p, sbx_spawner *z);
void sbx_pool_free(sbx_pool *p);

/* Runs r on bytes[0..n) under lim (NULL: the defaults), and rebuilds the
 * source it made into out (a fresh, empty source in the caller's arena; on
 * failure it may hold part of a source and is to be dropped).  Failures:
 * the reader's own status and message ("invalid UTF-16 …"), or
 *   QUIRE_ELIMIT "reading stopped: exceeded N MB of memory"
 *                "reading stopped: took more than N s"
 *                "reading stopped: used more than N s of CPU time"
 *                "reading stopped: produced more than N MB"
 *   QUIRE_EINPUT "reading stopped: the reader crashed (signal N)"
 *   QUIRE_EIO    the child could not be started or set up. */
quire_status sbx_read(const fmt_reader *r, const unsigned char *bytes, size_t n,
		      const sbx_limits *lim, quire_source *out,
		      quire_error *err);

/* The wire form of a source (also what the fuzzer feeds); sandbox.c
 * documents the layout.  sbx_serialize() gives a malloc'ed buffer (free()
 * it; QUIRE_ENOMEM on failure).  sbx_deserialize() accepts any bytes:
 * QUIRE_EINPUT "the reader's output is corrupt (…)" unless they are
 * exactly a serialised source, whose items it appends to out. */
quire_status sbx_serialize(const quire_source *src, unsigned char **out,
			   size_t *n);
quire_status sbx_deserialize(const unsigned char *p, size_t n,
			     quire_source *out, quire_error *err);

/* Reads the file at path, sniffs it and reads it in the sandbox: the whole
 * path from a file name to a source (*out, in arena a; *r the reader used,
 * r may be NULL).  path is also the name for the Markdown/text tie-break.
 * lim NULL means sbx_limits_default(), max_bytes 0 FMT_MAX_FILE_BYTES.
 * Besides fmt_read_file()'s and sbx_read()'s failures:
 *   QUIRE_EINPUT  "the file is empty",
 *                 "not a format quire reads (looks like binary data)"
 *   QUIRE_EFORMAT "not a format quire reads (looks like a PNG image)"
 * The source's format is the reader's name if the reader set none.
 * On failure *out and *r are NULL. */
quire_status fmt_load(const char *path, const sbx_limits *lim, size_t max_bytes,
		      quire_arena *a, quire_source **out, const fmt_reader **r,
		      quire_error *err);

#endif
