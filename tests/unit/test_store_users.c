/*
 * test_store_users.c — the accounts part of the store (store.h,
 * "Accounts"): users, roles, the last-admin guard, tokens by hash
 * (one-time take, check with expiry and disabled users, revocation,
 * purge) and the sign-in attempt counts.  Times are passed in, so expiry
 * is tested with a clock the test sets.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store.h"

typedef struct tlib {
	char dir[64];
	char lib[128];
	store_t *st;
} tlib;

static int setup(void **state)
{
	tlib *t = calloc(1, sizeof *t);
	quire_error err = {0};
	if (!t)
		return -1;
	snprintf(t->dir, sizeof t->dir, "/tmp/quire-users-XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	snprintf(t->lib, sizeof t->lib, "%s/library.quire", t->dir);
	if (st_open(t->lib, ST_CREATE, &t->st, &err) != QUIRE_OK) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tlib *t = *state;
	char p[160];
	st_close(t->st);
	unlink(t->lib);
	snprintf(p, sizeof p, "%s-wal", t->lib);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", t->lib);
	unlink(p);
	rmdir(t->dir);
	free(t);
	return 0;
}

/* A hash-shaped string: 64 hex digits made from c. */
static const char *hash_of(char c, char out[65])
{
	memset(out, c, 64);
	out[64] = '\0';
	return out;
}

static void test_names_and_roles(void **state)
{
	(void)state;
	assert_true(st_user_name_ok("ada"));
	assert_true(st_user_name_ok("Ada.Lovelace_1-x@example.org"));
	assert_false(st_user_name_ok(""));
	assert_false(st_user_name_ok(NULL));
	assert_false(st_user_name_ok("ada lovelace"));
	assert_false(st_user_name_ok("a/b"));
	assert_false(st_user_name_ok("<script>"));
	char longname[80];
	memset(longname, 'a', 65);
	longname[65] = '\0';
	assert_false(st_user_name_ok(longname));
	longname[64] = '\0';
	assert_true(st_user_name_ok(longname));
	assert_true(st_user_role_ok("admin"));
	assert_true(st_user_role_ok("member"));
	assert_true(st_user_role_ok("reader"));
	assert_false(st_user_role_ok("root"));
	assert_false(st_user_role_ok(NULL));
}

static void test_add_get_list(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	int64_t id1 = 0, id2 = 0;

	assert_int_equal(st_user_add(t->st, "Ada", "admin", "$argon2id$x", 100, &id1, &err), QUIRE_OK);
	assert_true(id1 > 0);
	assert_int_equal(st_user_add(t->st, "bob", "reader", NULL, 0, &id2, &err), QUIRE_OK);
	assert_true(id2 != id1);
	/* Names ignore case. */
	assert_int_equal(st_user_add(t->st, "ADA", "member", NULL, 0, NULL, &err), QUIRE_EEXIST);
	assert_int_equal(st_user_add(t->st, "eve", "root", NULL, 0, NULL, &err), QUIRE_EUSAGE);
	assert_int_equal(st_user_add(t->st, "bad name", "reader", NULL, 0, NULL, &err), QUIRE_EUSAGE);

	quire_arena *a = quire_arena_new(0);
	st_user u;
	assert_int_equal(st_user_get(t->st, "ada", 0, a, &u, &err), QUIRE_OK);
	assert_int_equal(u.id, id1);
	assert_string_equal(u.name, "Ada");
	assert_string_equal(u.role, "admin");
	assert_string_equal(u.pwhash, "$argon2id$x");
	assert_int_equal(u.created, 100);
	assert_int_equal(u.disabled, 0);
	assert_int_equal(st_user_get(t->st, NULL, id2, a, &u, &err), QUIRE_OK);
	assert_string_equal(u.name, "bob");
	assert_null(u.pwhash);
	assert_true(u.created > 1600000000);
	assert_int_equal(st_user_get(t->st, "nobody", 0, a, &u, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_user_get(t->st, NULL, 9999, a, &u, &err), QUIRE_ENOTFOUND);
	quire_arena_free(a);
}

static int count_user(const st_user *u, void *ctx)
{
	char *names = ctx;
	strcat(names, u->name);
	strcat(names, ",");
	return 0;
}

static void test_list_order(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	char names[256] = "";

	assert_int_equal(st_user_add(t->st, "carol", "member", NULL, 0, NULL, &err), QUIRE_OK);
	assert_int_equal(st_user_add(t->st, "Bob", "reader", NULL, 0, NULL, &err), QUIRE_OK);
	assert_int_equal(st_user_add(t->st, "alice", "admin", NULL, 0, NULL, &err), QUIRE_OK);
	assert_int_equal(st_user_list(t->st, count_user, names, &err), QUIRE_OK);
	assert_string_equal(names, "alice,Bob,carol,");
}

static void test_last_admin(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	int64_t a1 = 0, a2 = 0, m = 0;

	assert_int_equal(st_user_add(t->st, "root1", "admin", NULL, 0, &a1, &err), QUIRE_OK);
	assert_int_equal(st_user_add(t->st, "mem", "member", NULL, 0, &m, &err), QUIRE_OK);
	assert_int_equal(st_user_set_role(t->st, a1, "member", &err), QUIRE_EUSAGE);
	assert_non_null(strstr(err.msg, "last admin"));
	assert_int_equal(st_user_remove(t->st, a1, &err), QUIRE_EUSAGE);
	assert_int_equal(st_user_set_disabled(t->st, a1, 1, &err), QUIRE_EUSAGE);
	assert_int_equal(st_user_set_role(t->st, m, "admin", &err), QUIRE_OK);
	a2 = m;
	assert_int_equal(st_user_set_role(t->st, a1, "reader", &err), QUIRE_OK);
	assert_int_equal(st_user_remove(t->st, a2, &err), QUIRE_EUSAGE);
	assert_int_equal(st_user_set_role(t->st, a1, "bogus", &err), QUIRE_EUSAGE);
	assert_int_equal(st_user_set_role(t->st, 4242, "reader", &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_user_remove(t->st, a1, &err), QUIRE_OK);
	assert_int_equal(st_user_remove(t->st, a1, &err), QUIRE_ENOTFOUND);
}

static void test_password(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	int64_t id = 0;
	quire_arena *a = quire_arena_new(0);
	st_user u;

	assert_int_equal(st_user_add(t->st, "dora", "member", NULL, 0, &id, &err), QUIRE_OK);
	assert_int_equal(st_user_set_password(t->st, id, "$argon2id$new", &err), QUIRE_OK);
	assert_int_equal(st_user_get(t->st, "dora", 0, a, &u, &err), QUIRE_OK);
	assert_string_equal(u.pwhash, "$argon2id$new");
	assert_int_equal(st_user_set_password(t->st, 777, "$x", &err), QUIRE_ENOTFOUND);
	quire_arena_free(a);
}

static void test_token_take_once(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	int64_t id = 0;
	char h[65];
	st_token tok;

	assert_int_equal(st_user_add(t->st, "inv", "reader", NULL, 0, &id, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, hash_of('a', h), ST_TOKEN_INVITE, id, 1000, 2000, NULL, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, h, ST_TOKEN_INVITE, id, 1000, 2000, NULL, &err), QUIRE_EEXIST);
	/* The wrong kind does not take it. */
	assert_int_equal(st_token_take(t->st, h, ST_TOKEN_RESET, 1500, &tok, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_token_take(t->st, h, ST_TOKEN_INVITE, 1500, &tok, &err), QUIRE_OK);
	assert_int_equal(tok.user_id, id);
	assert_string_equal(tok.kind, "invite");
	assert_int_equal(tok.expires, 2000);
	assert_int_equal(st_token_take(t->st, h, ST_TOKEN_INVITE, 1500, &tok, &err), QUIRE_ENOTFOUND);
	assert_non_null(strstr(err.msg, "expired or was already used"));

	/* Expired: refused, and gone. */
	assert_int_equal(st_token_add(t->st, hash_of('b', h), ST_TOKEN_RESET, id, 1000, 2000, NULL, &err), QUIRE_OK);
	assert_int_equal(st_token_take(t->st, h, ST_TOKEN_RESET, 2000, &tok, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_token_take(t->st, h, ST_TOKEN_RESET, 1500, &tok, &err), QUIRE_ENOTFOUND);

	/* Bad input. */
	assert_int_equal(st_token_add(t->st, "short", ST_TOKEN_RESET, id, 0, 0, NULL, &err), QUIRE_EUSAGE);
	assert_int_equal(st_token_add(t->st, hash_of('c', h), "cookie", id, 0, 0, NULL, &err), QUIRE_EUSAGE);
	assert_int_equal(st_token_add(t->st, hash_of('c', h), ST_TOKEN_RESET, 5555, 0, 0, NULL, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_token_take(t->st, "zz", ST_TOKEN_RESET, 0, NULL, &err), QUIRE_ENOTFOUND);
}

static void test_token_check(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	int64_t admin = 0, id = 0;
	char h[65], h2[65];
	st_token tok;
	st_user u;
	quire_arena *a = quire_arena_new(0);

	assert_int_equal(st_user_add(t->st, "boss", "admin", NULL, 0, &admin, &err), QUIRE_OK);
	assert_int_equal(st_user_add(t->st, "sam", "member", "$h", 0, &id, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, hash_of('d', h), ST_TOKEN_SESSION, id, 1000, 5000, NULL, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, hash_of('e', h2), ST_TOKEN_API, id, 1000, 0, "laptop", &err), QUIRE_OK);

	assert_int_equal(st_token_check(t->st, h, ST_TOKEN_SESSION, 4999, a, &tok, &u, &err), QUIRE_OK);
	assert_int_equal(u.id, id);
	assert_string_equal(u.name, "sam");
	assert_string_equal(u.role, "member");
	assert_int_equal(tok.last_used, 0);
	/* last_used noted (once a minute at most). */
	assert_int_equal(st_token_check(t->st, h, ST_TOKEN_SESSION, 4999, a, &tok, &u, &err), QUIRE_OK);
	assert_int_equal(tok.last_used, 4999);
	/* Still one-use? no: sessions stay. Expired at 5000. */
	assert_int_equal(st_token_check(t->st, h, ST_TOKEN_SESSION, 5000, a, &tok, &u, &err), QUIRE_ENOTFOUND);
	/* A session token is not an API token. */
	assert_int_equal(st_token_check(t->st, h, ST_TOKEN_API, 10, a, &tok, &u, &err), QUIRE_ENOTFOUND);
	/* API token without expiry, with its label. */
	assert_int_equal(st_token_check(t->st, h2, ST_TOKEN_API, 99999999, a, &tok, &u, &err), QUIRE_OK);
	assert_string_equal(tok.label, "laptop");
	assert_int_equal(tok.expires, 0);

	/* A disabled user's tokens stop working. */
	assert_int_equal(st_user_set_disabled(t->st, id, 1, &err), QUIRE_OK);
	assert_int_equal(st_token_check(t->st, h2, ST_TOKEN_API, 2000, a, &tok, &u, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_user_set_disabled(t->st, id, 0, &err), QUIRE_OK);
	assert_int_equal(st_token_check(t->st, h2, ST_TOKEN_API, 2000, a, &tok, &u, &err), QUIRE_OK);

	/* Revoke one; revoke all of a kind; removing the user removes the rest. */
	assert_int_equal(st_token_revoke(t->st, h2, &err), QUIRE_OK);
	assert_int_equal(st_token_revoke(t->st, h2, &err), QUIRE_OK);
	assert_int_equal(st_token_check(t->st, h2, ST_TOKEN_API, 2000, a, &tok, &u, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_token_check(t->st, h, ST_TOKEN_SESSION, 2000, a, &tok, &u, &err), QUIRE_OK);
	assert_int_equal(st_token_revoke_user(t->st, id, ST_TOKEN_API, &err), QUIRE_OK);
	assert_int_equal(st_token_check(t->st, h, ST_TOKEN_SESSION, 2000, a, &tok, &u, &err), QUIRE_OK);
	assert_int_equal(st_token_revoke_user(t->st, id, ST_TOKEN_SESSION, &err), QUIRE_OK);
	assert_int_equal(st_token_check(t->st, h, ST_TOKEN_SESSION, 2000, a, &tok, &u, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_token_add(t->st, h, ST_TOKEN_SESSION, id, 1000, 5000, NULL, &err), QUIRE_OK);
	assert_int_equal(st_token_revoke_user(t->st, id, NULL, &err), QUIRE_OK);
	assert_int_equal(st_token_check(t->st, h, ST_TOKEN_SESSION, 2000, a, &tok, &u, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_token_add(t->st, h, ST_TOKEN_SESSION, id, 1000, 5000, NULL, &err), QUIRE_OK);
	assert_int_equal(st_user_remove(t->st, id, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, h, ST_TOKEN_SESSION, admin, 1000, 5000, NULL, &err), QUIRE_OK);
	quire_arena_free(a);
}

static void test_purge(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	int64_t id = 0;
	char h[65];
	size_t n = 99;

	assert_int_equal(st_user_add(t->st, "pat", "reader", NULL, 0, &id, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, hash_of('1', h), ST_TOKEN_SESSION, id, 0, 100, NULL, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, hash_of('2', h), ST_TOKEN_SESSION, id, 0, 200, NULL, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, hash_of('3', h), ST_TOKEN_API, id, 0, 0, NULL, &err), QUIRE_OK);
	assert_int_equal(st_token_purge_expired(t->st, 150, &n, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(st_token_purge_expired(t->st, 1000000, &n, &err), QUIRE_OK);
	assert_int_equal(n, 1); /* the API token never expires */
}

static void test_token_list_and_revoke_own(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	int64_t a_id = 0, b_id = 0;
	char h1[65], h2[65], h3[65], h4[65];
	st_token *v = NULL;
	size_t n = 99;
	quire_arena *a = quire_arena_new(0);

	assert_int_equal(st_user_add(t->st, "ana", "member", NULL, 0, &a_id, &err), QUIRE_OK);
	assert_int_equal(st_user_add(t->st, "ben", "member", NULL, 0, &b_id, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, hash_of('1', h1), ST_TOKEN_API, a_id, 100, 0, "backup script", &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, hash_of('2', h2), ST_TOKEN_API, a_id, 200, 0, NULL, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, hash_of('3', h3), ST_TOKEN_SESSION, a_id, 300, 900, NULL, &err), QUIRE_OK);
	assert_int_equal(st_token_add(t->st, hash_of('4', h4), ST_TOKEN_API, b_id, 400, 0, NULL, &err), QUIRE_OK);

	/* ana's API tokens, newest first, with their hashes; not ben's,
	 * not her session */
	assert_int_equal(st_token_list(t->st, a_id, ST_TOKEN_API, 500, a, &v, &n, &err), QUIRE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].hash, h2);
	assert_null(v[0].label);
	assert_string_equal(v[1].hash, h1);
	assert_string_equal(v[1].label, "backup script");
	assert_int_equal(v[1].created, 100);
	/* every kind; an expired session is left out */
	assert_int_equal(st_token_list(t->st, a_id, NULL, 500, a, &v, &n, &err), QUIRE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(st_token_list(t->st, a_id, NULL, 1000, a, &v, &n, &err), QUIRE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(st_token_list(t->st, a_id, "cookie", 500, a, &v, &n, &err), QUIRE_EUSAGE);

	/* ana cannot revoke ben's token; she can revoke her own, once */
	assert_int_equal(st_token_revoke_own(t->st, h4, a_id, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_token_revoke_own(t->st, h1, a_id, &err), QUIRE_OK);
	assert_int_equal(st_token_revoke_own(t->st, h1, a_id, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_token_revoke_own(t->st, "nothex", a_id, &err), QUIRE_ENOTFOUND);
	assert_int_equal(st_token_list(t->st, a_id, ST_TOKEN_API, 500, a, &v, &n, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(st_token_list(t->st, b_id, ST_TOKEN_API, 500, a, &v, &n, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	quire_arena_free(a);
}

static void test_attempts(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	size_t n = 99;
	int64_t oldest = -1;

	assert_int_equal(st_login_attempt_count(t->st, "user:ada", 0, &n, &oldest, &err), QUIRE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(oldest, 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(st_login_attempt_note(t->st, "user:ada", 100000 + i * 10, &err), QUIRE_OK);
	assert_int_equal(st_login_attempt_note(t->st, "ip:192.0.2.1", 100000, &err), QUIRE_OK);
	assert_int_equal(st_login_attempt_count(t->st, "user:ada", 100000 - 900, &n, &oldest, &err), QUIRE_OK);
	assert_int_equal(n, 5);
	assert_int_equal(oldest, 100000);
	/* The window: only attempts after since count. */
	assert_int_equal(st_login_attempt_count(t->st, "user:ada", 100015, &n, &oldest, &err), QUIRE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(oldest, 100020);
	assert_int_equal(st_login_attempt_clear(t->st, "user:ada", &err), QUIRE_OK);
	assert_int_equal(st_login_attempt_count(t->st, "user:ada", 0, &n, NULL, &err), QUIRE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(st_login_attempt_count(t->st, "ip:192.0.2.1", 0, &n, NULL, &err), QUIRE_OK);
	assert_int_equal(n, 1);
	/* Noting forgets what is older than a day. */
	assert_int_equal(st_login_attempt_note(t->st, "user:x", 100000 + 86400 + 5, &err), QUIRE_OK);
	assert_int_equal(st_login_attempt_count(t->st, "ip:192.0.2.1", 0, &n, NULL, &err), QUIRE_OK);
	assert_int_equal(n, 0);
}

static void test_readonly(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	store_t *ro = NULL;
	char h[65];

	assert_int_equal(st_user_add(t->st, "ro", "admin", NULL, 0, NULL, &err), QUIRE_OK);
	assert_int_equal(st_open(t->lib, ST_READONLY, &ro, &err), QUIRE_OK);
	assert_int_equal(st_user_add(ro, "x", "reader", NULL, 0, NULL, &err), QUIRE_ESTORE);
	assert_int_equal(st_token_add(ro, hash_of('f', h), ST_TOKEN_API, 1, 0, 0, NULL, &err), QUIRE_ESTORE);
	assert_non_null(strstr(err.msg, "read-only"));
	st_close(ro);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_roles),
		cmocka_unit_test_setup_teardown(test_add_get_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_admin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_take_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_purge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_token_list_and_revoke_own, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attempts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
