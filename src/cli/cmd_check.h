/*
 * cmd_check.h — the commands of reused passages (issue 8): `quire check
 * FILE...` (cmd_check.c; `quire check` with no FILE stays the integrity
 * check of cmd_admin.c), `quire reindex` and `quire duplicates`
 * (cmd_dups.c), and the near-duplicate warning `quire add` prints.
 */
#ifndef QUIRE_CMD_CHECK_H
#define QUIRE_CMD_CHECK_H

#include "buf.h"
#include "cli.h"
#include "store.h"

/* `quire check [options] [FILE...]`: with no FILE (and no option of the
 * reuse check) the integrity check (cmd_check); else every FILE checked
 * against the library. */
int cmd_check_any(cli_ctx *ctx, int argc, char **argv);

/* `quire reindex [--all]`: the fingerprint index of the papers it misses. */
int cmd_reindex(cli_ctx *ctx, int argc, char **argv);

/* `quire duplicates [--min-share P] [--json]` (cmd_dups.c). */
int cmd_duplicates(cli_ctx *ctx, int argc, char **argv);

/* What the near-duplicate test found for a paper about to be added. */
typedef struct cli_neardup {
	double share;      /* of the new paper found in the other (0: none) */
	char id[16];       /* the other paper */
	const char *title; /* its title (memory of the arena given) */
} cli_neardup;

/* The near-duplicate test of a paper about to be added (its fingerprints
 * fps[0..n) from ingest): 1 when at least CHK_NEAR_DUPLICATE of it
 * matches one paper of st (*d says which), else 0.  Failures count as
 * 0: a warning never stops an add. */
int cli_near_duplicate(store_t *st, const reuse_fp *fps, size_t n,
		       quire_arena *a, cli_neardup *d);

/* Prints "quire: FILE: warning: 92% of this paper matches ID “Title”"
 * on stderr. */
void cli_near_duplicate_warn(const char *file, const cli_neardup *d);

/* Appends the JSON member "near_duplicate": {"id","title","share"}, or
 * null when d is NULL or found nothing. */
void cli_near_duplicate_json(buf_t *b, int *n, const cli_neardup *d);

#endif
