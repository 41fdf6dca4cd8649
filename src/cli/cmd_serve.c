/*
 * cmd_serve.c — `quire serve`: the web face on a library.
 *
 * Decisions:
 *  - The command only reads options, opens nothing itself but what
 *    web_start() checks, prints where it serves, and waits for SIGTERM or
 *    SIGINT (blocked in every thread, taken with sigwait(): no signal
 *    handler runs inside the server's threads).  The signal starts the
 *    graceful stop: no new connections, requests in flight finish, then
 *    exit 0.
 *  - --max-upload is the limit of one uploaded file; the request body may
 *    be 1 MiB larger for the form around it.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "web.h"

enum { OPT_BIND = 256, OPT_PORT, OPT_BASE, OPT_LOG, OPT_MAXUP, OPT_THREADS,
       OPT_GRACE, OPT_PROXY, OPT_NOCACHE };

int cmd_serve(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"bind", required_argument, NULL, OPT_BIND},
		{"port", required_argument, NULL, OPT_PORT},
		{"base-url", required_argument, NULL, OPT_BASE},
		{"access-log", required_argument, NULL, OPT_LOG},
		{"max-upload", required_argument, NULL, OPT_MAXUP},
		{"threads", required_argument, NULL, OPT_THREADS},
		{"grace", required_argument, NULL, OPT_GRACE},
		{"trust-proxy", no_argument, NULL, OPT_PROXY},
		{"no-cache", no_argument, NULL, OPT_NOCACHE},
		{NULL, 0, NULL, 0},
	};
	web_app app;
	memset(&app, 0, sizeof app);
	app.http.bind = "127.0.0.1";
	app.http.port = 8080;
	app.site_name = "quire";
	unsigned long long v, max_up = 64;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (c) {
		case OPT_BIND:
			app.http.bind = optarg;
			break;
		case OPT_PORT:
			if (cli_parse_uint(optarg, 65535, &v) != 0)
				return cli_usage_error(ctx->cmd,
					"--port wants a number from 0 to 65535");
			app.http.port = (unsigned)v;
			app.http.any_port = v == 0;
			break;
		case OPT_BASE:
			app.http.base_url = optarg;
			break;
		case OPT_LOG:
			app.http.access_log = optarg;
			break;
		case OPT_MAXUP:
			if (cli_parse_uint(optarg, 4096, &v) != 0 || v == 0)
				return cli_usage_error(ctx->cmd,
					"--max-upload wants megabytes from 1 to 4096");
			max_up = v;
			break;
		case OPT_THREADS:
			if (cli_parse_uint(optarg, 256, &v) != 0 || v == 0)
				return cli_usage_error(ctx->cmd,
					"--threads wants a number from 1 to 256");
			app.http.threads = (unsigned)v;
			break;
		case OPT_GRACE:
			if (cli_parse_uint(optarg, 3600, &v) != 0 || v == 0)
				return cli_usage_error(ctx->cmd,
					"--grace wants seconds from 1 to 3600");
			app.http.grace_seconds = (unsigned)v;
			break;
		case OPT_PROXY:
			app.http.trust_proxy = 1;
			break;
		case OPT_NOCACHE:
			app.no_cache = 1;
			break;
		default:
			return cli_bad_option(ctx->cmd, c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error(ctx->cmd, "unexpected argument '%s'",
				       argv[optind]);
	app.max_upload = (size_t)max_up << 20;
	app.http.max_body = app.max_upload + (1u << 20);

	char lib[4096];
	if (cli_library_path(ctx->library, lib, sizeof lib) != 0)
		return CLI_EXIT_LIBRARY;
	app.library = lib;

	if (web_block_signals() != 0) {
		cli_error(NULL, "cannot block signals");
		return CLI_EXIT_LIBRARY;
	}
	quire_error err = {0};
	quire_status s = web_start(&app, &err);
	if (s != QUIRE_OK) {
		int store_err = s == QUIRE_ENOTFOUND || s == QUIRE_ESTORE;
		cli_error(store_err ? lib : NULL, "%s", err.msg);
		return s == QUIRE_EUSAGE ? CLI_EXIT_USAGE : CLI_EXIT_LIBRARY;
	}
	printf("quire: serving %s at %s/ (Ctrl-C to stop)\n", lib,
	       http_base_url(app.server));
	fflush(stdout);
	if (app.http.base_url)
		fprintf(stderr, "quire: listening on %s port %u\n", app.http.bind,
			http_port(app.server));
	int sig = web_wait_signal();
	fprintf(stderr, "quire: %s, stopping (requests in flight finish)\n",
		sig == SIGINT ? "interrupted" : "terminated");
	web_stop(&app);
	fputs("quire: stopped\n", stderr);
	return CLI_EXIT_OK;
}
