/*
 * test_auth.c — the rules of accounts (auth.c): password hashing, the
 * policy matrix (every role × visibility × owner), tokens, CSRF
 * derivation and its constant-time check, sign-in with rate limiting,
 * invites and reset links used twice or expired (a clock the test sets),
 * password changes and API tokens.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "auth.h"
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
	snprintf(t->dir, sizeof t->dir, "/tmp/quire-auth-XXXXXX");
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

static void test_hash_roundtrip(void **state)
{
	(void)state;
	char h[AUTH_PWHASH_MAX], h2[AUTH_PWHASH_MAX];
	quire_error err = {0};

	assert_int_equal(auth_password_hash("correct horse", h, &err), QUIRE_OK);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(auth_password_verify(h, "correct horse"));
	assert_false(auth_password_verify(h, "correct horsE"));
	assert_false(auth_password_verify(h, ""));
	assert_false(auth_password_verify(h, NULL));
	assert_false(auth_password_verify(NULL, "correct horse"));
	assert_false(auth_password_verify("plain text", "plain text"));
	/* Salted: the same password hashes differently. */
	assert_int_equal(auth_password_hash("correct horse", h2, &err), QUIRE_OK);
	assert_string_not_equal(h, h2);
	assert_true(auth_password_verify(h2, "correct horse"));
	/* Non-ASCII passwords are bytes like any other. */
	assert_int_equal(auth_password_hash("pässwörd\xE2\x80\x94ok", h, &err), QUIRE_OK);
	assert_true(auth_password_verify(h, "pässwörd\xE2\x80\x94ok"));
}

static void test_password_problem(void **state)
{
	(void)state;
	char big[AUTH_PASSWORD_MAX + 2];
	assert_non_null(auth_password_problem(NULL));
	assert_non_null(auth_password_problem(""));
	assert_non_null(auth_password_problem("1234567"));
	assert_null(auth_password_problem("12345678"));
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_non_null(auth_password_problem(big));
	big[AUTH_PASSWORD_MAX] = '\0';
	assert_null(auth_password_problem(big));
}

/* The expected answer of auth_can_open, written out as a table. */
static void test_policy_matrix(void **state)
{
	(void)state;
	static const web_role roles[] = {ROLE_ANON, ROLE_READER, ROLE_MEMBER, ROLE_ADMIN};
	static const st_visibility vis[] = {ST_PUBLIC, ST_MEMBERS, ST_PRIVATE};
	/* owners: 0 the viewer ("Ada", given as "ada"), 1 someone else, 2 none */
	static const char *const owners[] = {"ada", "bob", NULL};
	/* open[role][vis][owner] */
	static const int open[4][3][3] = {
		/* anon   */ {{1, 1, 1}, {0, 0, 0}, {0, 0, 0}},
		/* reader */ {{1, 1, 1}, {1, 1, 1}, {1, 0, 0}},
		/* member */ {{1, 1, 1}, {1, 1, 1}, {1, 0, 0}},
		/* admin  */ {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}},
	};
	/* edit[role][owner] */
	static const int edit[4][3] = {
		{0, 0, 0}, {0, 0, 0}, {1, 0, 0}, {1, 1, 1},
	};
	static const int upload[4] = {0, 0, 1, 1};

	for (size_t r = 0; r < 4; r++) {
		viewer_t v = {0};
		v.role = roles[r];
		if (roles[r] != ROLE_ANON) {
			v.uid = 7;
			v.name = "Ada";
		}
		for (size_t o = 0; o < 3; o++) {
			for (size_t k = 0; k < 3; k++) {
				int got = auth_can_open(&v, vis[k], owners[o]);
				if (got != open[r][k][o]) {
					print_error("open: role %zu vis %zu owner %zu: got %d\n", r, k, o, got);
					fail();
				}
			}
			assert_int_equal(auth_can_edit(&v, owners[o]), edit[r][o]);
		}
		assert_int_equal(auth_can_upload(&v), upload[r]);
	}
	/* NULL viewer: only public. */
	assert_true(auth_can_open(NULL, ST_PUBLIC, NULL));
	assert_false(auth_can_open(NULL, ST_MEMBERS, NULL));
	assert_false(auth_can_edit(NULL, "x"));
	assert_false(auth_can_upload(NULL));
	/* A role claimed without a signed-in user counts for nothing. */
	viewer_t fake = {0};
	fake.role = ROLE_ADMIN;
	assert_false(auth_can_open(&fake, ST_PRIVATE, NULL));
	assert_false(auth_can_upload(&fake));
	/* An empty owner is nobody's. */
	viewer_t m = {7, "ada", ROLE_MEMBER, NULL, 0};
	assert_false(auth_can_edit(&m, ""));
	assert_false(auth_can_open(&m, ST_PRIVATE, ""));
	assert_false(auth_can_open(&m, (st_visibility)9, "ada"));
}

static void test_roles(void **state)
{
	(void)state;
	web_role r;
	assert_int_equal(auth_role_parse("admin", &r), 0);
	assert_int_equal(r, ROLE_ADMIN);
	assert_int_equal(auth_role_parse("reader", &r), 0);
	assert_int_equal(r, ROLE_READER);
	assert_int_equal(auth_role_parse("anonymous", &r), -1);
	assert_int_equal(auth_role_parse("Admin", &r), -1);
	assert_string_equal(auth_role_name(ROLE_MEMBER), "member");
}

static void test_tokens(void **state)
{
	(void)state;
	char a[AUTH_TOKEN_LEN + 1], b[AUTH_TOKEN_LEN + 1], h[65];
	auth_token_new(a);
	auth_token_new(b);
	assert_int_equal(strlen(a), AUTH_TOKEN_LEN);
	assert_string_not_equal(a, b);
	for (const char *p = a; *p; p++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", *p));
	auth_token_hash("abc", h);
	assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_csrf(void **state)
{
	(void)state;
	unsigned char k1[AUTH_SECRET_BYTES], k2[AUTH_SECRET_BYTES];
	char c1[AUTH_TOKEN_LEN + 1], c2[AUTH_TOKEN_LEN + 1], c3[AUTH_TOKEN_LEN + 1];
	memset(k1, 1, sizeof k1);
	memset(k2, 2, sizeof k2);

	auth_csrf_derive(k1, "session", "tok", c1);
	auth_csrf_derive(k1, "session", "tok", c2);
	assert_string_equal(c1, c2); /* derived, so stable */
	assert_int_equal(strlen(c1), AUTH_TOKEN_LEN);
	auth_csrf_derive(k2, "session", "tok", c3);
	assert_string_not_equal(c1, c3); /* another secret */
	auth_csrf_derive(k1, "pre", "tok", c3);
	assert_string_not_equal(c1, c3); /* another purpose */
	auth_csrf_derive(k1, "session", "tok2", c3);
	assert_string_not_equal(c1, c3); /* another session */

	assert_true(auth_csrf_equal(c1, c2));
	assert_false(auth_csrf_equal(c1, c3));
	assert_false(auth_csrf_equal(c1, NULL));
	assert_false(auth_csrf_equal(NULL, c1));
	assert_false(auth_csrf_equal(c1, ""));
	char longer[AUTH_TOKEN_LEN + 2];
	memcpy(longer, c1, AUTH_TOKEN_LEN);
	longer[AUTH_TOKEN_LEN] = 'x';
	longer[AUTH_TOKEN_LEN + 1] = '\0';
	assert_false(auth_csrf_equal(c1, longer)); /* a prefix match is no match */
	longer[AUTH_TOKEN_LEN - 1] ^= 1;
	longer[AUTH_TOKEN_LEN] = '\0';
	assert_false(auth_csrf_equal(c1, longer)); /* last byte differs */

	viewer_t v = {7, "ada", ROLE_MEMBER, c1, 0};
	assert_true(auth_csrf_check(&v, c2));
	assert_false(auth_csrf_check(&v, c3));
	assert_false(auth_csrf_check(&v, NULL));
	v.via_token = 1;
	assert_true(auth_csrf_check(&v, NULL)); /* API requests need none */
	viewer_t anon = {0};
	assert_false(auth_csrf_check(&anon, ""));
	assert_false(auth_csrf_check(NULL, c1));
}

static void test_secret(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	unsigned char k1[AUTH_SECRET_BYTES], k2[AUTH_SECRET_BYTES];
	quire_arena *a = quire_arena_new(0);
	const char *v = NULL;

	assert_int_equal(st_setting_get(t->st, "auth_secret", a, &v, &err), QUIRE_OK);
	assert_null(v);
	assert_int_equal(auth_secret(t->st, k1, &err), QUIRE_OK);
	assert_int_equal(auth_secret(t->st, k2, &err), QUIRE_OK);
	assert_memory_equal(k1, k2, sizeof k1); /* made once */
	assert_int_equal(st_setting_get(t->st, "auth_secret", a, &v, &err), QUIRE_OK);
	assert_int_equal(strlen(v), 64);
	/* A damaged secret is replaced. */
	assert_int_equal(st_setting_set(t->st, "auth_secret", "zz", &err), QUIRE_OK);
	assert_int_equal(auth_secret(t->st, k2, &err), QUIRE_OK);
	assert_memory_not_equal(k1, k2, sizeof k1);
	quire_arena_free(a);
}

static void test_signin_and_rate_limit(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	char sess[AUTH_TOKEN_LEN + 1], hash[65];
	int64_t uid = 0, got = 0;
	long wait = 0;
	const int64_t now = 1700000000;

	assert_int_equal(auth_user_add(t->st, "ada", "member", "short", now, &uid, &err), QUIRE_EUSAGE);
	assert_int_equal(auth_user_add(t->st, "ada", "member", "a good password", now, &uid, &err), QUIRE_OK);

	assert_int_equal(auth_signin(t->st, "ADA", "a good password", "192.0.2.1", now, sess, &got, &wait, &err), AUTH_SIGNIN_OK);
	assert_int_equal(got, uid);
	assert_int_equal(strlen(sess), AUTH_TOKEN_LEN);
	/* The session works until it expires. */
	quire_arena *a = quire_arena_new(0);
	st_user u;
	auth_token_hash(sess, hash);
	assert_int_equal(st_token_check(t->st, hash, ST_TOKEN_SESSION, now + AUTH_SESSION_TTL - 1, a, NULL, &u, &err), QUIRE_OK);
	assert_string_equal(u.name, "ada");
	assert_int_equal(st_token_check(t->st, hash, ST_TOKEN_SESSION, now + AUTH_SESSION_TTL, a, NULL, &u, &err), QUIRE_ENOTFOUND);

	/* Unknown user and wrong password: one answer. */
	assert_int_equal(auth_signin(t->st, "nobody", "whatever1", "192.0.2.9", now, sess, NULL, &wait, &err), AUTH_SIGNIN_BAD);
	assert_string_equal(sess, "");
	/* Five failures, then refused even with the right password. */
	for (int i = 0; i < AUTH_FAIL_MAX_USER; i++)
		assert_int_equal(auth_signin(t->st, "ada", "wrong password", "192.0.2.1", now + i, sess, NULL, &wait, &err), AUTH_SIGNIN_BAD);
	assert_int_equal(auth_signin(t->st, "ada", "a good password", "192.0.2.1", now + 10, sess, NULL, &wait, &err), AUTH_SIGNIN_LIMITED);
	assert_int_equal(wait, AUTH_FAIL_WINDOW - 10);
	/* Other names from another address are not held up... */
	assert_int_equal(auth_signin(t->st, "nobody", "x", "198.51.100.1", now + 10, sess, NULL, &wait, &err), AUTH_SIGNIN_BAD);
	/* ...and after the window, the name signs in again, which clears it. */
	assert_int_equal(auth_signin(t->st, "ada", "a good password", "192.0.2.1", now + AUTH_FAIL_WINDOW + 1, sess, NULL, &wait, &err), AUTH_SIGNIN_OK);
	size_t n = 99;
	assert_int_equal(st_login_attempt_count(t->st, "user:ada", 0, &n, NULL, &err), QUIRE_OK);
	assert_int_equal(n, 0);

	/* Per address: AUTH_FAIL_MAX_IP failures over many names. */
	char name[32];
	for (int i = 0; i < AUTH_FAIL_MAX_IP; i++) {
		snprintf(name, sizeof name, "guess%d", i);
		assert_int_equal(auth_signin(t->st, name, "nope nope", "203.0.113.5", now, sess, NULL, &wait, &err), AUTH_SIGNIN_BAD);
	}
	assert_int_equal(auth_signin(t->st, "ada", "a good password", "203.0.113.5", now + 1, sess, NULL, &wait, &err), AUTH_SIGNIN_LIMITED);
	assert_true(wait > 0);

	/* A disabled user cannot sign in; an invited one without a password neither. */
	int64_t other = 0;
	assert_int_equal(auth_user_add(t->st, "boss", "admin", "boss password", now, &other, &err), QUIRE_OK);
	assert_int_equal(st_user_set_disabled(t->st, uid, 1, &err), QUIRE_OK);
	assert_int_equal(auth_signin(t->st, "ada", "a good password", "192.0.2.77", now + 2000, sess, NULL, &wait, &err), AUTH_SIGNIN_BAD);
	quire_arena_free(a);
}

static void test_invite_and_reset(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	char tok[AUTH_TOKEN_LEN + 1], sess[AUTH_TOKEN_LEN + 1], old[AUTH_TOKEN_LEN + 1];
	char hash[65];
	const int64_t now = 1700000000;
	quire_arena *a = quire_arena_new(0);
	const char *name = NULL;
	st_user u;
	long wait;

	assert_int_equal(auth_user_add(t->st, "root", "admin", "root password", now, NULL, &err), QUIRE_OK);
	assert_int_equal(auth_invite(t->st, "newbie", "reader", now, tok, &err), QUIRE_OK);
	assert_int_equal(auth_link_peek(t->st, ST_TOKEN_INVITE, tok, now + 10, a, &name, &err), QUIRE_OK);
	assert_string_equal(name, "newbie");
	/* Not a reset link; and a bad password leaves it usable. */
	assert_int_equal(auth_link_use(t->st, ST_TOKEN_RESET, tok, "long enough", now, sess, &err), QUIRE_ENOTFOUND);
	assert_int_equal(auth_link_use(t->st, ST_TOKEN_INVITE, tok, "short", now, sess, &err), QUIRE_EUSAGE);
	assert_int_equal(auth_link_use(t->st, ST_TOKEN_INVITE, tok, "newbie password", now + 20, sess, &err), QUIRE_OK);
	assert_int_equal(strlen(sess), AUTH_TOKEN_LEN);
	/* Used twice: the second fails. */
	assert_int_equal(auth_link_use(t->st, ST_TOKEN_INVITE, tok, "newbie password", now + 30, sess, &err), QUIRE_ENOTFOUND);
	assert_int_equal(auth_link_peek(t->st, ST_TOKEN_INVITE, tok, now + 30, a, &name, &err), QUIRE_ENOTFOUND);
	assert_int_equal(auth_signin(t->st, "newbie", "newbie password", "192.0.2.1", now + 40, old, NULL, &wait, &err), AUTH_SIGNIN_OK);
	/* Inviting someone with an account: refused. */
	assert_int_equal(auth_invite(t->st, "newbie", "reader", now, tok, &err), QUIRE_EEXIST);

	/* An invite expires after 7 days. */
	assert_int_equal(auth_invite(t->st, "late", "member", now, tok, &err), QUIRE_OK);
	assert_int_equal(auth_link_peek(t->st, ST_TOKEN_INVITE, tok, now + AUTH_INVITE_TTL - 1, a, &name, &err), QUIRE_OK);
	assert_int_equal(auth_link_use(t->st, ST_TOKEN_INVITE, tok, "late password", now + AUTH_INVITE_TTL, sess, &err), QUIRE_ENOTFOUND);
	/* Re-inviting the same (password-less) user works and sets the role. */
	assert_int_equal(auth_invite(t->st, "late", "reader", now, tok, &err), QUIRE_OK);
	assert_int_equal(st_user_get(t->st, "late", 0, a, &u, &err), QUIRE_OK);
	assert_string_equal(u.role, "reader");

	/* Reset: one-time, 24 h, signs the user out everywhere. */
	assert_int_equal(auth_reset_link(t->st, "newbie", now, 0, tok, &err), QUIRE_OK);
	assert_int_equal(auth_link_use(t->st, ST_TOKEN_RESET, tok, "another password", now + AUTH_RESET_TTL - 1, sess, &err), QUIRE_OK);
	auth_token_hash(old, hash);
	assert_int_equal(st_token_check(t->st, hash, ST_TOKEN_SESSION, now + AUTH_RESET_TTL, a, NULL, &u, &err), QUIRE_ENOTFOUND);
	auth_token_hash(sess, hash);
	assert_int_equal(st_token_check(t->st, hash, ST_TOKEN_SESSION, now + AUTH_RESET_TTL, a, NULL, &u, &err), QUIRE_OK);
	assert_int_equal(auth_link_use(t->st, ST_TOKEN_RESET, tok, "another password", now + 5, sess, &err), QUIRE_ENOTFOUND);
	assert_int_equal(auth_reset_link(t->st, "newbie", now, 0, tok, &err), QUIRE_OK);
	assert_int_equal(auth_link_use(t->st, ST_TOKEN_RESET, tok, "yet another one", now + AUTH_RESET_TTL, sess, &err), QUIRE_ENOTFOUND);
	/* An already expired link (negative ttl). */
	assert_int_equal(auth_reset_link(t->st, "newbie", now, -60, tok, &err), QUIRE_OK);
	assert_int_equal(auth_link_peek(t->st, ST_TOKEN_RESET, tok, now, a, &name, &err), QUIRE_ENOTFOUND);
	assert_int_equal(auth_reset_link(t->st, "ghost", now, 0, tok, &err), QUIRE_ENOTFOUND);
	quire_arena_free(a);
}

static void test_password_change_and_api(void **state)
{
	tlib *t = *state;
	quire_error err = {0};
	char sess[AUTH_TOKEN_LEN + 1], tok[AUTH_TOKEN_LEN + 1], hash[65];
	int64_t uid = 0;
	const int64_t now = 1700000000;
	quire_arena *a = quire_arena_new(0);
	st_user u;
	st_token st;
	long wait;

	assert_int_equal(auth_user_add(t->st, "cy", "member", "first password", now, &uid, &err), QUIRE_OK);
	assert_int_equal(auth_api_token_new(t->st, "cy", "script", now, tok, &err), QUIRE_OK);
	assert_int_equal(auth_password_change(t->st, uid, "not it", "second password", now, sess, &err), QUIRE_EINPUT);
	assert_int_equal(auth_password_change(t->st, uid, "first password", "short", now, sess, &err), QUIRE_EUSAGE);
	assert_int_equal(auth_password_change(t->st, uid, "first password", "second password", now, sess, &err), QUIRE_OK);
	assert_int_equal(auth_signin(t->st, "cy", "first password", "192.0.2.1", now, sess, NULL, &wait, &err), AUTH_SIGNIN_BAD);
	assert_int_equal(auth_signin(t->st, "cy", "second password", "192.0.2.1", now, sess, NULL, &wait, &err), AUTH_SIGNIN_OK);
	/* The API token survived, never expires, and is not a session. */
	auth_token_hash(tok, hash);
	assert_int_equal(st_token_check(t->st, hash, ST_TOKEN_API, now + 100L * 365 * 86400, a, &st, &u, &err), QUIRE_OK);
	assert_string_equal(st.label, "script");
	assert_int_equal(st_token_check(t->st, hash, ST_TOKEN_SESSION, now, a, &st, &u, &err), QUIRE_ENOTFOUND);
	/* Admin sets a password (quire user passwd). */
	assert_int_equal(auth_user_set_password(t->st, "CY", "third password", &err), QUIRE_OK);
	assert_int_equal(auth_signin(t->st, "cy", "third password", "192.0.2.1", now, sess, NULL, &wait, &err), AUTH_SIGNIN_OK);
	assert_int_equal(auth_user_set_password(t->st, "nobody", "third password", &err), QUIRE_ENOTFOUND);
	quire_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_roundtrip),
		cmocka_unit_test(test_password_problem),
		cmocka_unit_test(test_policy_matrix),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_csrf),
		cmocka_unit_test_setup_teardown(test_secret, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signin_and_rate_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invite_and_reset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_password_change_and_api, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
