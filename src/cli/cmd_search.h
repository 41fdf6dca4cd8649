/*
 * cmd_search.h — the handlers of `quire search` and `quire related`
 * (cmd_search.c), for the command table in main.c.
 */
#ifndef QUIRE_CMD_SEARCH_H
#define QUIRE_CMD_SEARCH_H

#include "cli.h"

int cmd_search(cli_ctx *ctx, int argc, char **argv);
int cmd_related(cli_ctx *ctx, int argc, char **argv);

#endif
