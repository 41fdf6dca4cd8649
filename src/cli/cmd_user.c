/*
 * cmd_user.c — `quire user …`: the accounts of the web face from the
 * command line (add, passwd, rm, list, role, invite, reset, token).
 *
 * Decisions:
 *   - Passwords are never taken as arguments (they would show in `ps` and
 *     in shell history): on a terminal they are asked for twice with echo
 *     off; otherwise, or with --password-stdin, the first line of standard
 *     input is the password (its newline removed).
 *   - Invite and reset links and API tokens are printed once, to stdout,
 *     alone on their line, so a script can take them; the library keeps
 *     only their hash.  Links are made from --base-url, else
 *     $QUIRE_BASE_URL, else http://127.0.0.1:8080 (what `quire serve`
 *     listens on by default).
 *   - Every rule (names, roles, password length, the last admin) is the
 *     store's and auth.c's; this file only reads arguments and prints.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "cli.h"

enum { OPT_ROLE = 256, OPT_STDIN, OPT_BASE, OPT_JSON, OPT_LABEL };

static const char default_base[] = "http://127.0.0.1:8080";

/* Prints the error of a failed call on name and returns the exit code. */
static int user_fail(const char *name, quire_status s, const quire_error *err)
{
	if (s == QUIRE_ENOTFOUND)
		cli_error(NULL, "%s: no such user", name);
	else
		cli_error(NULL, "%s: %s", name,
			  err->msg[0] ? err->msg : quire_status_str(s));
	return cli_exit_for(s);
}

/* Reads one line of at most size-1 bytes from f into out, newline
 * removed; -1 at end of input or when the line is too long. */
static int read_line(FILE *f, char *out, size_t size)
{
	if (!fgets(out, (int)size, f))
		return -1;
	size_t n = strlen(out);
	if (n > 0 && out[n - 1] == '\n')
		out[--n] = '\0';
	else if (!feof(f))
		return -1; /* longer than the buffer */
	if (n > 0 && out[n - 1] == '\r')
		out[--n] = '\0';
	return 0;
}

/* Asks for a line on the terminal with echo off. */
static int ask_hidden(const char *prompt, char *out, size_t size)
{
	struct termios old, quiet;
	int fd = STDIN_FILENO;

	fputs(prompt, stderr);
	fflush(stderr);
	if (tcgetattr(fd, &old) != 0)
		return read_line(stdin, out, size);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	(void)tcsetattr(fd, TCSAFLUSH, &quiet);
	int r = read_line(stdin, out, size);
	(void)tcsetattr(fd, TCSAFLUSH, &old);
	return r;
}

/* The new password of name into out: asked twice on a terminal, else
 * (or with from_stdin) the first line of stdin.  0, or an exit code after
 * printing why. */
static int get_password(const char *name, int from_stdin, char *out,
			size_t size)
{
	if (from_stdin || !isatty(STDIN_FILENO)) {
		if (read_line(stdin, out, size) != 0) {
			cli_error(NULL, "%s: no password on standard input (one line, at most %d bytes)",
				  name, AUTH_PASSWORD_MAX);
			return CLI_EXIT_USAGE;
		}
	} else {
		char again[AUTH_PASSWORD_MAX + 2];
		char prompt[128];
		snprintf(prompt, sizeof prompt, "New password for %s: ", name);
		if (ask_hidden(prompt, out, size) != 0 ||
		    ask_hidden("The same password again: ", again, sizeof again) != 0) {
			cli_error(NULL, "%s: no password given", name);
			return CLI_EXIT_USAGE;
		}
		int same = strcmp(out, again) == 0;
		memset(again, 0, sizeof again);
		if (!same) {
			cli_error(NULL, "%s: the two passwords are not the same", name);
			return CLI_EXIT_USAGE;
		}
	}
	const char *why = auth_password_problem(out);
	if (why) {
		cli_error(NULL, "%s: %s", name, why);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

/* The base URL of links, without a trailing '/'. */
static void print_link(const char *base, const char *what, const char *tok)
{
	if (!base || !*base)
		base = getenv("QUIRE_BASE_URL");
	if (!base || !*base)
		base = default_base;
	size_t n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		n--;
	printf("%.*s/%s/%s\n", (int)n, base, what, tok);
}

/* ---- the subcommands ---------------------------------------------------- */

static int user_add(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"role", required_argument, NULL, OPT_ROLE},
		{"password-stdin", no_argument, NULL, OPT_STDIN},
		{NULL, 0, NULL, 0}};
	const char *role = "reader";
	int from_stdin = 0, c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c == OPT_ROLE)
			role = optarg;
		else if (c == OPT_STDIN)
			from_stdin = 1;
		else
			return cli_bad_option("user add", c, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error("user", "add takes one NAME");
	const char *name = argv[optind];
	if (!st_user_name_ok(name))
		return cli_usage_error("user", "'%s' is no user name: 1 to 64 letters, digits, '.', '_', '-' or '@'", name);
	if (!st_user_role_ok(role))
		return cli_usage_error("user", "the role is admin, member or reader, not '%s'", role);
	char pw[AUTH_PASSWORD_MAX + 2];
	int rc = get_password(name, from_stdin, pw, sizeof pw);
	if (rc)
		return rc;
	store_t *st;
	rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc)
		return rc;
	quire_error err = {0};
	quire_status s = auth_user_add(st, name, role, pw, now_s(), NULL, &err);
	memset(pw, 0, sizeof pw);
	st_close(st);
	if (s != QUIRE_OK)
		return user_fail(name, s, &err);
	printf("added %s (%s)\n", name, role);
	return CLI_EXIT_OK;
}

static int user_passwd(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"password-stdin", no_argument, NULL, OPT_STDIN},
		{NULL, 0, NULL, 0}};
	int from_stdin = 0, c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c == OPT_STDIN)
			from_stdin = 1;
		else
			return cli_bad_option("user passwd", c, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error("user", "passwd takes one NAME");
	const char *name = argv[optind];
	store_t *st;
	int rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc)
		return rc;
	quire_arena *a = quire_arena_new(0);
	st_user u;
	quire_error err = {0};
	quire_status s = a ? st_user_get(st, name, 0, a, &u, &err) : QUIRE_ENOMEM;
	quire_arena_free(a);
	if (s != QUIRE_OK) {
		st_close(st);
		return user_fail(name, s, &err);
	}
	char pw[AUTH_PASSWORD_MAX + 2];
	rc = get_password(name, from_stdin, pw, sizeof pw);
	if (!rc) {
		s = auth_user_set_password(st, name, pw, &err);
		rc = s == QUIRE_OK ? 0 : user_fail(name, s, &err);
	}
	memset(pw, 0, sizeof pw);
	st_close(st);
	if (!rc)
		printf("password of %s changed; their sessions are signed out\n", name);
	return rc;
}

/* Runs fn(st, user, arg) for the one NAME argument (and ROLE when
 * with_role); the generic shape of rm and role. */
static int user_simple(cli_ctx *ctx, int argc, char **argv, const char *sub,
		       int with_role)
{
	static const struct option lo[] = {{NULL, 0, NULL, 0}};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1)
		return cli_bad_option("user", c, argv);
	if (argc - optind != 1 + with_role)
		return cli_usage_error("user", "%s takes %s", sub,
				       with_role ? "NAME and ROLE" : "one NAME");
	const char *name = argv[optind];
	const char *role = with_role ? argv[optind + 1] : NULL;
	if (with_role && !st_user_role_ok(role))
		return cli_usage_error("user", "the role is admin, member or reader, not '%s'", role);
	store_t *st;
	int rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc)
		return rc;
	quire_arena *a = quire_arena_new(0);
	st_user u;
	quire_error err = {0};
	quire_status s = a ? st_user_get(st, name, 0, a, &u, &err) : QUIRE_ENOMEM;
	if (s == QUIRE_OK)
		s = with_role ? st_user_set_role(st, u.id, role, &err)
			      : st_user_remove(st, u.id, &err);
	if (s == QUIRE_OK) {
		if (with_role)
			printf("%s is now %s\n", u.name, role);
		else
			printf("removed %s\n", u.name);
	}
	quire_arena_free(a);
	st_close(st);
	return s == QUIRE_OK ? CLI_EXIT_OK : user_fail(name, s, &err);
}

typedef struct list_ctx {
	buf_t *b;
	int json;
	int n;
	int failed;
} list_ctx;

static const char *user_status(const st_user *u)
{
	return u->disabled ? "disabled" : u->pwhash ? "active" : "invited";
}

static int list_one(const st_user *u, void *p)
{
	list_ctx *c = p;
	char when[32];

	cli_iso8601(u->created, when, sizeof when);
	if (c->json) {
		int m = 0;
		buf_puts(c->b, c->n ? ",\n" : "\n");
		buf_putc(c->b, '{');
		cli_json_str(c->b, &m, "name", u->name);
		cli_json_str(c->b, &m, "role", u->role);
		cli_json_str(c->b, &m, "status", user_status(u));
		cli_json_str(c->b, &m, "created", when);
		buf_putc(c->b, '}');
	} else {
		cli_fit(c->b, u->name, 24, 1);
		buf_printf(c->b, "  %-6s  %-8s  %s\n", u->role, user_status(u), when);
		if (cli_flush(c->b) != 0)
			c->failed = 1;
	}
	c->n++;
	return c->failed;
}

static int user_list(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{NULL, 0, NULL, 0}};
	int json = 0, c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c == OPT_JSON)
			json = 1;
		else
			return cli_bad_option("user list", c, argv);
	}
	if (optind != argc)
		return cli_usage_error("user", "list takes no arguments");
	store_t *st;
	int rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc)
		return rc;
	buf_t b = BUF_INIT;
	list_ctx lc = {&b, json, 0, 0};
	quire_error err = {0};
	if (json)
		buf_putc(&b, '[');
	quire_status s = st_user_list(st, list_one, &lc, &err);
	st_close(st);
	if (s != QUIRE_OK) {
		buf_free(&b);
		cli_error(NULL, "%s", err.msg);
		return CLI_EXIT_LIBRARY;
	}
	if (json)
		buf_puts(&b, lc.n ? "\n]\n" : "]\n");
	if (!lc.failed && cli_flush(&b) != 0)
		lc.failed = 1;
	buf_free(&b);
	return lc.failed ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}

/* invite, reset and token: they print a secret once. */
static int user_issue(cli_ctx *ctx, int argc, char **argv, const char *sub)
{
	static const struct option lo[] = {
		{"role", required_argument, NULL, OPT_ROLE},
		{"base-url", required_argument, NULL, OPT_BASE},
		{"label", required_argument, NULL, OPT_LABEL},
		{NULL, 0, NULL, 0}};
	const char *role = NULL, *base = NULL, *label = NULL;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c == OPT_ROLE && strcmp(sub, "invite") == 0)
			role = optarg;
		else if (c == OPT_BASE && strcmp(sub, "token") != 0)
			base = optarg;
		else if (c == OPT_LABEL && strcmp(sub, "token") == 0)
			label = optarg;
		else if (c == OPT_ROLE || c == OPT_BASE || c == OPT_LABEL)
			return cli_usage_error("user", "%s takes no %s", sub,
					       argv[optind - 1]);
		else
			return cli_bad_option("user", c, argv);
	}
	if (argc - optind != 1)
		return cli_usage_error("user", "%s takes one NAME", sub);
	const char *name = argv[optind];
	if (!role)
		role = "reader";
	if (!st_user_role_ok(role))
		return cli_usage_error("user", "the role is admin, member or reader, not '%s'", role);
	if (strcmp(sub, "invite") == 0 && !st_user_name_ok(name))
		return cli_usage_error("user", "'%s' is no user name: 1 to 64 letters, digits, '.', '_', '-' or '@'", name);
	store_t *st;
	int rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc)
		return rc;
	char tok[AUTH_TOKEN_LEN + 1];
	quire_error err = {0};
	quire_status s;
	if (strcmp(sub, "invite") == 0)
		s = auth_invite(st, name, role, now_s(), tok, &err);
	else if (strcmp(sub, "reset") == 0)
		s = auth_reset_link(st, name, now_s(), 0, tok, &err);
	else
		s = auth_api_token_new(st, name, label, now_s(), tok, &err);
	st_close(st);
	if (s != QUIRE_OK)
		return user_fail(name, s, &err);
	if (strcmp(sub, "token") == 0)
		printf("%s\n", tok);
	else
		print_link(base, sub, tok);
	return CLI_EXIT_OK;
}

int cmd_user(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("user", "which? add, passwd, rm, list, role, invite, reset or token");
	const char *sub = argv[1];
	/* The subcommand's arguments, its name as argv[0]. */
	int n = argc - 1;
	char **v = argv + 1;
	if (strcmp(sub, "add") == 0)
		return user_add(ctx, n, v);
	if (strcmp(sub, "passwd") == 0)
		return user_passwd(ctx, n, v);
	if (strcmp(sub, "rm") == 0)
		return user_simple(ctx, n, v, "rm", 0);
	if (strcmp(sub, "role") == 0)
		return user_simple(ctx, n, v, "role", 1);
	if (strcmp(sub, "list") == 0)
		return user_list(ctx, n, v);
	if (strcmp(sub, "invite") == 0 || strcmp(sub, "reset") == 0 ||
	    strcmp(sub, "token") == 0)
		return user_issue(ctx, n, v, sub);
	return cli_usage_error("user", "unknown subcommand '%s'", sub);
}
