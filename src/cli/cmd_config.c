/*
 * cmd_config.c — `quire config`: the library's settings.
 *
 * Only the settings listed here can be read or set from the command line:
 * the settings table also holds values no person should print or change by
 * hand (the web server's secret), so this is an allowlist, and each value is
 * checked before it is stored.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct setting {
	const char *key;
	const char *fallback; /* the value when the library has none */
	long min, max;        /* an integer setting's range */
	const char *meaning;
} setting;

static const setting settings[] = {
	{"words_per_page", "500", 50, 10000,
	 "words a page holds, for the page estimate of formats without pages"},
};

#define N_SETTINGS (sizeof settings / sizeof settings[0])

static const setting *find(const char *key)
{
	for (size_t i = 0; i < N_SETTINGS; i++)
		if (strcmp(settings[i].key, key) == 0)
			return &settings[i];
	return NULL;
}

int cmd_config(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {{"json", no_argument, NULL, 'j'},
					   {NULL, 0, NULL, 0}};
	int c, json = 0;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c == 'j')
			json = 1;
		else
			return cli_bad_option("config", c, argv);
	}
	int nargs = argc - optind;
	if (nargs > 2)
		return cli_usage_error("config", "too many arguments");
	const setting *s = NULL;
	if (nargs >= 1 && !(s = find(argv[optind])))
		return cli_usage_error("config", "unknown setting '%s'",
				       argv[optind]);
	long value = 0;
	if (nargs == 2) {
		char *end;
		value = strtol(argv[optind + 1], &end, 10);
		if (*argv[optind + 1] == '\0' || *end || value < s->min || value > s->max)
			return cli_usage_error("config", "%s must be a whole number from %ld to %ld",
					       s->key, s->min, s->max);
	}
	store_t *st;
	int rc = cli_open(ctx, nargs == 2 ? ST_OPEN_EXISTING : ST_READONLY, &st);
	if (rc)
		return rc;
	quire_error err = {0};
	char path[4096];
	cli_library_path(ctx->library, path, sizeof path);
	if (nargs == 2) {
		char buf[32];
		snprintf(buf, sizeof buf, "%ld", value);
		if (st_setting_set(st, s->key, buf, &err)) {
			cli_error(path, "%s", err.msg);
			st_close(st);
			return CLI_EXIT_LIBRARY;
		}
		printf("%s = %s\n", s->key, buf);
		fprintf(stderr, "note: papers already in the library keep their counts until "
				"`quire reanalyze --all`\n");
		st_close(st);
		return CLI_EXIT_OK;
	}
	quire_arena *a = quire_arena_new(0);
	if (json)
		putchar('{');
	for (size_t i = 0; i < N_SETTINGS; i++) {
		if (s && s != &settings[i])
			continue;
		const char *v = NULL;
		if (st_setting_get(st, settings[i].key, a, &v, &err)) {
			cli_error(path, "%s", err.msg);
			rc = CLI_EXIT_LIBRARY;
			break;
		}
		if (!v)
			v = settings[i].fallback;
		if (json)
			printf("%s\"%s\":%s", i && !s ? "," : "", settings[i].key, v);
		else if (s)
			printf("%s\n", v);
		else
			printf("%-16s %-8s %s\n", settings[i].key, v, settings[i].meaning);
	}
	if (json)
		puts("}");
	quire_arena_free(a);
	st_close(st);
	return rc;
}
