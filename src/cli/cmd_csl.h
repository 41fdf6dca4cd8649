/*
 * cmd_csl.h — the citation-style commands (cmd_csl.c): `quire styles`,
 * `quire format`, and the formatting that `quire refs --style` and
 * `quire cite --style` (cmd_refs.c) hand their CSL-JSON to.
 */
#ifndef QUIRE_CMD_CSL_H
#define QUIRE_CMD_CSL_H

#include <stddef.h>

#include "cli.h"

/* quire styles [--json] [--all] */
int cmd_styles(cli_ctx *ctx, int argc, char **argv);

/* quire format --style NAME|FILE.csl [--mode bibliography|citation]
 *              [--clusters FILE] [--locale L] [--html]  < items.json */
int cmd_format(cli_ctx *ctx, int argc, char **argv);

/*
 * Prints the CSL-JSON items json[0..n) formatted with style (a name or a
 * .csl path) in language lang (NULL: the style's) as a bibliography (one
 * entry a line; html: citeproc-js's HTML), or, for a style without a
 * bibliography, one note per item.  Returns 0 or an exit code (the error
 * printed: "quire: apa.csl:3: …").
 */
int cli_csl_print(const char *style, const char *lang, int html,
		  const char *json, size_t n);

#endif
