/*
 * cmd_refs.h — `quire refs` and `quire cite` (cmd_refs.c): a paper's
 * references, or any reference strings, parsed and exported.
 */
#ifndef QUIRE_CMD_REFS_H
#define QUIRE_CMD_REFS_H

#include "cli.h"

/* quire cite [--format csl|bibtex|ris|json|tokens] [--model FILE]
 *            (STRING... | -) */
int cmd_cite(cli_ctx *ctx, int argc, char **argv);

#endif
