/*
 * cli.h — what the command-line modules share: the command table's shape,
 * exit codes, opening the library, printing errors and JSON.
 *
 * Decisions:
 *  - Every command is declared once, in the table in main.c (name, summary,
 *    usage, handler); `quire help`, `quire --help` and `quire CMD --help`
 *    are generated from it, so help cannot drift from the dispatcher.
 *  - Errors reach the person as one line on stderr, "quire: FILE: message"
 *    (or "quire: message" when no file is involved).  The library layers
 *    never print; only this layer turns a quire_status into words and an
 *    exit code.
 *  - JSON is written with the small helpers below over buf_t (one object
 *    per line, compact, UTF-8 as is), so field names stay plain and stable;
 *    reading JSON (import) uses jansson, which the build already links.
 */
#ifndef QUIRE_CLI_H
#define QUIRE_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "quire.h"
#include "store.h"

/* Exit codes (documented in `quire help` and quire(1)). */
enum {
	CLI_EXIT_OK = 0,       /* success */
	CLI_EXIT_USAGE = 1,    /* the command line makes no sense */
	CLI_EXIT_INPUT = 2,    /* some file could not be read or analysed */
	CLI_EXIT_LIBRARY = 3,  /* the library is missing, unreadable or failed */
	CLI_EXIT_NOTFOUND = 4  /* no such paper */
};

/* What every command handler gets besides its arguments. */
typedef struct cli_ctx {
	const char *library;  /* --library PATH as given, or NULL for the default */
	const char *cmd;      /* the command's name, for messages */
} cli_ctx;

/* A command handler: argv[0] is the command name, global options removed.
 * Returns the process's exit code. */
typedef int (*cli_fn)(cli_ctx *ctx, int argc, char **argv);

/* One entry of the command table (main.c). */
typedef struct cli_cmd {
	const char *name;    /* "add" */
	const char *summary; /* one line for `quire help` */
	const char *usage;   /* the full text of `quire CMD --help` */
	cli_fn fn;
} cli_cmd;

/* The handlers (cmd_add.c, cmd_read.c, cmd_admin.c). */
int cmd_init(cli_ctx *ctx, int argc, char **argv);
int cmd_add(cli_ctx *ctx, int argc, char **argv);
int cmd_analyze(cli_ctx *ctx, int argc, char **argv);
int cmd_reanalyze(cli_ctx *ctx, int argc, char **argv);
int cmd_list(cli_ctx *ctx, int argc, char **argv);
int cmd_show(cli_ctx *ctx, int argc, char **argv);
int cmd_preview(cli_ctx *ctx, int argc, char **argv);
int cmd_text(cli_ctx *ctx, int argc, char **argv);
int cmd_refs(cli_ctx *ctx, int argc, char **argv);
int cmd_export(cli_ctx *ctx, int argc, char **argv);
int cmd_edit(cli_ctx *ctx, int argc, char **argv);
int cmd_rm(cli_ctx *ctx, int argc, char **argv);
int cmd_backup(cli_ctx *ctx, int argc, char **argv);
int cmd_import(cli_ctx *ctx, int argc, char **argv);
int cmd_check(cli_ctx *ctx, int argc, char **argv);
int cmd_serve(cli_ctx *ctx, int argc, char **argv);   /* cmd_serve.c */
int cmd_config(cli_ctx *ctx, int argc, char **argv); /* cmd_config.c */
int cmd_reindex(cli_ctx *ctx, int argc, char **argv); /* cmd_reindex.c */
int cmd_user(cli_ctx *ctx, int argc, char **argv);   /* cmd_user.c */

/* export --all DIR (cmd_admin.c), reached through cmd_export. */
int cli_export_all(cli_ctx *ctx, const char *dir);

/* Appends the export object of a stored paper (cmd_read.c): the record's
 * members (id, filename, sha256, added, visibility, tags, owner, edits
 * {title, authors, year}) followed by the members of the analysis JSON of
 * p, "text" included when with_text.  Returns 0 or an exit code (error
 * printed). */
int cli_export_json(buf_t *b, const st_paper *sp, const quire_paper *p,
		    int with_text, quire_arena *a);

/* ---- messages ---------------------------------------------------- */

/* Prints "quire: FILE: message" (or "quire: message" when file is NULL)
 * as one line on stderr. */
void cli_error(const char *file, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints a usage error for command cmd ("quire add: …; see 'quire add
 * --help'") and returns CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The exit code for a failure with status s while reading or analysing a
 * file (2), in the library (3), a missing paper (4) or a usage error (1). */
int cli_exit_for(quire_status s);

/* ---- the library ------------------------------------------------- */

/* The library path: opt if not NULL, else $QUIRE_LIBRARY, else
 * $XDG_DATA_HOME/quire/library.quire, else
 * ~/.local/share/quire/library.quire.  Writes into out (size bytes);
 * returns 0, or -1 (after printing why) when no path can be made. */
int cli_library_path(const char *opt, char *out, size_t size);

/* Opens the library for a command; on failure prints a clear one-line
 * error ("…: no library here; run quire init", "…: not a quire library")
 * and returns CLI_EXIT_LIBRARY; else CLI_EXIT_OK with *st set. */
int cli_open(const cli_ctx *ctx, st_mode mode, store_t **st);

/* The analysis options of a library (words_per_page from its settings;
 * the rest the defaults).  st may be NULL (no library: the defaults). */
quire_options cli_options(store_t *st);

/* Reads paper id with the given ST_WITH_* flags; prints the error (exit 4
 * for a missing paper, 3 otherwise) and returns the exit code, or 0. */
int cli_get(store_t *st, const char *id, unsigned with, quire_arena *a,
	    st_paper *out);

/* Rebuilds the analysed paper of a stored record (which must have been
 * read with ST_WITH_ANALYSIS | ST_WITH_TEXT); prints the error and
 * returns CLI_EXIT_LIBRARY when the stored analysis does not parse. */
int cli_paper_of(const st_paper *sp, quire_arena *a, quire_paper **out);

/* ---- formatting -------------------------------------------------- */

/* "3,128 Words · 7 Pages" ("1 Word · 1 Page") into out (>= 64 bytes). */
const char *cli_stats_line(size_t words, unsigned pages, char *out,
			   size_t size);

/* t (unix seconds) as ISO 8601 UTC, "2024-05-01T12:00:00Z" (out >= 32). */
const char *cli_iso8601(int64_t t, char *out, size_t size);
/* Parses what cli_iso8601 writes; 0 on success. */
int cli_parse_iso8601(const char *s, int64_t *t);

/* Columns of the terminal on stdout, or 0 when stdout is not a terminal. */
unsigned cli_term_width(void);

/* Appends s to b fitted to exactly cols columns (one column per code
 * point): cut with "…" when longer, padded with spaces when pad is set. */
void cli_fit(buf_t *b, const char *s, size_t cols, int pad);

/* Code points in s (what cli_fit counts as columns). */
size_t cli_columns(const char *s);

/* Writes b to stdout and flushes; returns 0, or -1 when the write failed
 * (e.g. a closed pipe).  b is reset. */
int cli_flush(buf_t *b);

/* ---- JSON output over buf_t ---------------------------------------
 * A member is appended with a comma before it unless it is the first of
 * its object; *n counts the members written so far (start at 0). */

void cli_json_key(buf_t *b, int *n, const char *key);
/* "key":"s" — or "key":null when s is NULL. */
void cli_json_str(buf_t *b, int *n, const char *key, const char *s);
void cli_json_int(buf_t *b, int *n, const char *key, long long v);
/* "key":["a","b"] from an array of strings. */
void cli_json_strs(buf_t *b, int *n, const char *key,
		   const char *const *v, size_t k);
/* "key":["a","b"] from one string holding one item per line ("" gives
 * []), or "key":null when lines is NULL. */
void cli_json_lines(buf_t *b, int *n, const char *key, const char *lines);

/* ---- misc -------------------------------------------------------- */

/* Reports what getopt_long() returned for a bad option (c is '?' or ':')
 * as a usage error of cmd and returns CLI_EXIT_USAGE. */
int cli_bad_option(const char *cmd, int c, char **argv);

/* Appends the one-line summary of a paper, "ID  Title  3,128 words  7
 * pages\n", the title fitted to title_cols columns (0: 40). */
void cli_paper_line(buf_t *b, const char *id, const char *title,
		    size_t words, unsigned pages, unsigned title_cols);

/* The title column for cli_paper_line on this terminal (id_len: width
 * of the id column). */
unsigned cli_title_cols(size_t id_len);

/* Appends the `quire show` layout of paper p (cmd_read.c).  rec is the
 * stored record (its effective title, authors, tags, visibility, id), or
 * NULL for a paper analysed without a library (`quire analyze`). */
void cli_print_paper(buf_t *b, const quire_paper *p, const st_paper *rec);

/* Parses a non-negative decimal number; 0 on success. */
int cli_parse_uint(const char *s, unsigned long long max,
		   unsigned long long *v);

/* The authors of a paper joined one per line, in arena a ("" if none). */
char *cli_join_authors(const quire_paper *p, quire_arena *a);

#endif
