/*
 * auth.c — the rules of accounts: who may open, edit and upload; password
 * hashing; tokens; CSRF tokens; sign-in with rate limiting; invites, reset
 * links, password changes and API tokens over the store.  No HTTP here
 * (that is auth_web.c), so the CLI and the unit tests use all of it, and
 * every call that compares times takes `now` from its caller.
 *
 * Decisions:
 *   - Argon2id (crypto_pwhash_str) with OPSLIMIT_INTERACTIVE and
 *     MEMLIMIT_INTERACTIVE: 64 MiB and two passes, about 60 ms here.
 *     Sign-in is interactive and the server is small (2 cores): MODERATE
 *     (256 MiB, ~0.7 s) would let a few concurrent sign-in attempts take
 *     the machine's memory and CPU, while online guessing is bounded by
 *     the rate limit anyway.  64 MiB per guess still makes cracking a
 *     stolen library slow, and the hash string records its parameters, so
 *     they can be raised later (crypto_pwhash_str_needs_rehash).
 *   - An unknown user name is verified against a fixed dummy hash of the
 *     same parameters, so the time a sign-in takes does not tell whether a
 *     name exists; the answer is the same for both.
 *   - Tokens are 32 bytes of randombytes_buf, URL-safe base64 without
 *     padding; the library keeps SHA-256 hex of them only (a plain hash is
 *     enough: 256 random bits cannot be guessed from it).
 *   - The CSRF token is derived, not stored: HMAC-SHA256 under a secret
 *     kept in the library's settings (so every server thread and process
 *     agrees, and it survives restarts), over "session:" or "pre:" and the
 *     token it is bound to.  It is compared with sodium_memcmp.
 *   - Rate limiting lives in the library (store.h says why: several
 *     threads and processes share it).  Five failures per user name, or
 *     twenty per client address (many people can sit behind one address),
 *     in fifteen minutes.  Success forgets the name's failures but not the
 *     address's, so signing in to one's own account does not reset the
 *     count of someone guessing other names from the same address.
 *   - Changing a password (own change, reset, invite) revokes every
 *     session of the user and starts a new one for the browser that did
 *     it; API tokens stay (they are revoked explicitly).
 */
#include "auth.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

/* A valid Argon2id string of the same parameters, of a password nobody
 * has: unknown users are checked against it (see above). */
static const char auth_dummy_hash[] =
	"$argon2id$v=19$m=65536,t=2,p=1$EehQMyJ/C6HmbicqR9OzGg$"
	"evvkdOsUvd60GFaVC5ZUqj2jxv+gspSgWZYU8T/VcKw";

static void auth_sodium(void)
{
	/* Idempotent and thread-safe; fails only without a random source,
	 * where randombytes_buf aborts rather than return weak bytes. */
	int r = sodium_init();
	(void)r;
}

/* ------------------------------------------------------------------ */
/* Roles and policy                                                    */
/* ------------------------------------------------------------------ */

const char *auth_role_name(web_role r)
{
	switch (r) {
	case ROLE_ANON: return "anonymous";
	case ROLE_READER: return "reader";
	case ROLE_MEMBER: return "member";
	case ROLE_ADMIN: return "admin";
	}
	return "anonymous";
}

int auth_role_parse(const char *s, web_role *out)
{
	static const web_role all[] = {ROLE_READER, ROLE_MEMBER, ROLE_ADMIN};

	if (!s || !out)
		return -1;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (strcmp(s, auth_role_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	}
	return -1;
}

static int auth_signed_in(const viewer_t *v)
{
	return v && v->uid != 0 && v->name && v->role >= ROLE_READER;
}

/* User names compare ignoring ASCII case, as the store's do. */
static int auth_owns(const viewer_t *v, const char *owner)
{
	return auth_signed_in(v) && owner && *owner &&
	       strcasecmp(v->name, owner) == 0;
}

int auth_can_open(const viewer_t *v, st_visibility vis, const char *owner)
{
	switch (vis) {
	case ST_PUBLIC:
		return 1;
	case ST_MEMBERS:
		return auth_signed_in(v);
	case ST_PRIVATE:
		return auth_signed_in(v) &&
		       (v->role == ROLE_ADMIN || auth_owns(v, owner));
	}
	return 0; /* an unknown visibility opens to nobody */
}

int auth_can_edit(const viewer_t *v, const char *owner)
{
	if (!auth_signed_in(v))
		return 0;
	return v->role == ROLE_ADMIN ||
	       (v->role == ROLE_MEMBER && auth_owns(v, owner));
}

int auth_can_upload(const viewer_t *v)
{
	return auth_signed_in(v) &&
	       (v->role == ROLE_MEMBER || v->role == ROLE_ADMIN);
}

/* ------------------------------------------------------------------ */
/* Passwords                                                           */
/* ------------------------------------------------------------------ */

const char *auth_password_problem(const char *pw)
{
	size_t n = pw ? strlen(pw) : 0;

	if (n < AUTH_PASSWORD_MIN)
		return "a password needs at least 8 characters";
	if (n > AUTH_PASSWORD_MAX)
		return "a password may have at most 1024 characters";
	return NULL;
}

quire_status auth_password_hash(const char *pw, char out[AUTH_PWHASH_MAX],
				quire_error *err)
{
	_Static_assert(crypto_pwhash_STRBYTES <= AUTH_PWHASH_MAX,
		       "AUTH_PWHASH_MAX too small");
	out[0] = '\0';
	if (!pw || strlen(pw) > AUTH_PASSWORD_MAX)
		return quire_error_set(err, QUIRE_EUSAGE,
				       "hashing password: no password, or too long");
	auth_sodium();
	if (crypto_pwhash_str(out, pw, strlen(pw),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		out[0] = '\0';
		return quire_error_set(err, QUIRE_ENOMEM,
				       "hashing password: out of memory");
	}
	return QUIRE_OK;
}

int auth_password_verify(const char *hash, const char *pw)
{
	if (!hash || !pw || strlen(pw) > AUTH_PASSWORD_MAX ||
	    strncmp(hash, "$argon2", 7) != 0 ||
	    strlen(hash) >= crypto_pwhash_STRBYTES)
		return 0;
	auth_sodium();
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

/* ------------------------------------------------------------------ */
/* Tokens and CSRF                                                     */
/* ------------------------------------------------------------------ */

/* URL-safe base64 without padding of 32 bytes: 43 characters. */
static void auth_b64(const unsigned char bin[32], char out[AUTH_TOKEN_LEN + 1])
{
	char tmp[64];
	_Static_assert(sizeof tmp >= 45, "room for sodium_bin2base64");
	sodium_bin2base64(tmp, sizeof tmp, bin, 32,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	memcpy(out, tmp, AUTH_TOKEN_LEN);
	out[AUTH_TOKEN_LEN] = '\0';
}

void auth_token_new(char out[AUTH_TOKEN_LEN + 1])
{
	unsigned char bin[32];

	auth_sodium();
	randombytes_buf(bin, sizeof bin);
	auth_b64(bin, out);
	sodium_memzero(bin, sizeof bin);
}

void auth_token_hash(const char *token, char out[65])
{
	st_sha256_hex((const unsigned char *)(token ? token : ""),
		      token ? strlen(token) : 0, out);
}

static int auth_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

quire_status auth_secret(store_t *st, unsigned char key[AUTH_SECRET_BYTES],
			 quire_error *err)
{
	static const char name[] = "auth_secret";
	quire_arena *a = quire_arena_new(0);
	const char *v = NULL;

	if (!a)
		return quire_error_set(err, QUIRE_ENOMEM, "reading secret: out of memory");
	/* Two tries: the second reads back what a concurrent first use may
	 * have written in between. */
	for (int round = 0; round < 2; round++) {
		quire_status s = st_setting_get(st, name, a, &v, err);
		if (s != QUIRE_OK) {
			quire_arena_free(a);
			return s;
		}
		if (v && strlen(v) == 2 * AUTH_SECRET_BYTES) {
			int ok = 1;
			for (size_t i = 0; i < AUTH_SECRET_BYTES; i++) {
				int hi = auth_hex_value(v[2 * i]);
				int lo = auth_hex_value(v[2 * i + 1]);
				if (hi < 0 || lo < 0)
					ok = 0;
				key[i] = (unsigned char)((hi & 15) << 4 | (lo & 15));
			}
			if (ok) {
				quire_arena_free(a);
				return QUIRE_OK;
			}
		}
		if (round == 1)
			break;
		/* None yet (or a damaged one): make it. */
		unsigned char fresh[AUTH_SECRET_BYTES];
		char hex[2 * AUTH_SECRET_BYTES + 1];
		auth_sodium();
		randombytes_buf(fresh, sizeof fresh);
		sodium_bin2hex(hex, sizeof hex, fresh, sizeof fresh);
		sodium_memzero(fresh, sizeof fresh);
		s = st_setting_set(st, name, hex, err);
		sodium_memzero(hex, sizeof hex);
		if (s != QUIRE_OK) {
			quire_arena_free(a);
			return s;
		}
	}
	quire_arena_free(a);
	return quire_error_set(err, QUIRE_ESTORE, "reading secret: it does not read back");
}

void auth_csrf_derive(const unsigned char key[AUTH_SECRET_BYTES],
		      const char *purpose, const char *token,
		      char out[AUTH_TOKEN_LEN + 1])
{
	crypto_auth_hmacsha256_state h;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	_Static_assert(crypto_auth_hmacsha256_BYTES == 32, "HMAC-SHA256 is 32 bytes");
	auth_sodium();
	crypto_auth_hmacsha256_init(&h, key, AUTH_SECRET_BYTES);
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)purpose,
				      strlen(purpose));
	crypto_auth_hmacsha256_update(&h, (const unsigned char *)":", 1);
	if (token)
		crypto_auth_hmacsha256_update(&h, (const unsigned char *)token,
					      strlen(token));
	crypto_auth_hmacsha256_final(&h, mac);
	auth_b64(mac, out);
}

int auth_csrf_equal(const char *expected, const char *given)
{
	if (!expected || !given || strlen(expected) != AUTH_TOKEN_LEN ||
	    strnlen(given, AUTH_TOKEN_LEN + 1) != AUTH_TOKEN_LEN)
		return 0;
	return sodium_memcmp(expected, given, AUTH_TOKEN_LEN) == 0;
}

int auth_csrf_check(const viewer_t *v, const char *given)
{
	if (!v)
		return 0;
	if (v->via_token)
		return 1;
	return auth_csrf_equal(v->csrf, given);
}

/* ------------------------------------------------------------------ */
/* Account flows                                                       */
/* ------------------------------------------------------------------ */

/* "user:<name in lower case>" / "ip:<address>" into out. */
static void auth_key(char *out, size_t size, const char *kind, const char *v)
{
	size_t n = (size_t)snprintf(out, size, "%s:", kind);
	for (; v && *v && n + 1 < size; v++)
		out[n++] = (*v >= 'A' && *v <= 'Z') ? (char)(*v - 'A' + 'a') : *v;
	out[n < size ? n : size - 1] = '\0';
}

/* Seconds until fewer than max failures of key remain in the window, or
 * 0 when there are fewer already. */
static quire_status auth_limited(store_t *st, const char *key, size_t max,
				 int64_t now, long *wait, quire_error *err)
{
	size_t n = 0;
	int64_t oldest = 0;
	quire_status s = st_login_attempt_count(st, key, now - AUTH_FAIL_WINDOW,
						&n, &oldest, err);
	*wait = 0;
	if (s == QUIRE_OK && n >= max) {
		int64_t w = oldest + AUTH_FAIL_WINDOW - now;
		*wait = w > 0 ? (long)w : 1;
	}
	return s;
}

quire_status auth_session_start(store_t *st, int64_t uid, int64_t now,
				char token[AUTH_TOKEN_LEN + 1],
				quire_error *err)
{
	char hash[65];

	auth_token_new(token);
	auth_token_hash(token, hash);
	quire_status s = st_token_add(st, hash, ST_TOKEN_SESSION, uid, now,
				      now + AUTH_SESSION_TTL, NULL, err);
	if (s != QUIRE_OK)
		token[0] = '\0';
	return s;
}

auth_signin_result auth_signin(store_t *st, const char *name,
			       const char *password, const char *ip,
			       int64_t now, char session[AUTH_TOKEN_LEN + 1],
			       int64_t *uid, long *retry_after,
			       quire_error *err)
{
	char ukey[96], ikey[96];
	long wu = 0, wi = 0;
	quire_status s;

	session[0] = '\0';
	if (uid)
		*uid = 0;
	if (retry_after)
		*retry_after = 0;
	auth_key(ukey, sizeof ukey, "user", name ? name : "");
	auth_key(ikey, sizeof ikey, "ip", ip ? ip : "unknown");
	s = auth_limited(st, ukey, AUTH_FAIL_MAX_USER, now, &wu, err);
	if (s == QUIRE_OK)
		s = auth_limited(st, ikey, AUTH_FAIL_MAX_IP, now, &wi, err);
	if (s != QUIRE_OK)
		return AUTH_SIGNIN_ERROR;
	if (wu || wi) {
		if (retry_after)
			*retry_after = wu > wi ? wu : wi;
		return AUTH_SIGNIN_LIMITED;
	}

	quire_arena *a = quire_arena_new(0);
	if (!a) {
		quire_error_set(err, QUIRE_ENOMEM, "signing in: out of memory");
		return AUTH_SIGNIN_ERROR;
	}
	st_user u = {0};
	int known = 0;
	if (name && st_user_name_ok(name)) {
		s = st_user_get(st, name, 0, a, &u, err);
		if (s == QUIRE_OK)
			known = 1;
		else if (s != QUIRE_ENOTFOUND) {
			quire_arena_free(a);
			return AUTH_SIGNIN_ERROR;
		}
	}
	int ok = auth_password_verify(known && u.pwhash ? u.pwhash : auth_dummy_hash,
				      password ? password : "");
	ok = ok && known && u.pwhash && !u.disabled;
	auth_signin_result r = AUTH_SIGNIN_OK;
	if (!ok) {
		s = st_login_attempt_note(st, ukey, now, err);
		if (s == QUIRE_OK)
			s = st_login_attempt_note(st, ikey, now, err);
		r = s == QUIRE_OK ? AUTH_SIGNIN_BAD : AUTH_SIGNIN_ERROR;
	} else {
		s = st_login_attempt_clear(st, ukey, err);
		if (s == QUIRE_OK)
			s = auth_session_start(st, u.id, now, session, err);
		if (s == QUIRE_OK && uid)
			*uid = u.id;
		r = s == QUIRE_OK ? AUTH_SIGNIN_OK : AUTH_SIGNIN_ERROR;
	}
	quire_arena_free(a);
	return r;
}

quire_status auth_user_add(store_t *st, const char *name, const char *role,
			   const char *password, int64_t now, int64_t *uid,
			   quire_error *err)
{
	char hash[AUTH_PWHASH_MAX];

	if (password) {
		const char *why = auth_password_problem(password);
		if (why)
			return quire_error_set(err, QUIRE_EUSAGE, "%s", why);
		quire_status s = auth_password_hash(password, hash, err);
		if (s != QUIRE_OK)
			return s;
	}
	return st_user_add(st, name, role, password ? hash : NULL, now, uid, err);
}

/* Sets the hash of pw as user id's password and revokes their sessions. */
static quire_status auth_set_pw(store_t *st, int64_t id, const char *pw,
				quire_error *err)
{
	char hash[AUTH_PWHASH_MAX];
	const char *why = auth_password_problem(pw);

	if (why)
		return quire_error_set(err, QUIRE_EUSAGE, "%s", why);
	quire_status s = auth_password_hash(pw, hash, err);
	if (s == QUIRE_OK)
		s = st_user_set_password(st, id, hash, err);
	if (s == QUIRE_OK)
		s = st_token_revoke_user(st, id, ST_TOKEN_SESSION, err);
	return s;
}

quire_status auth_user_set_password(store_t *st, const char *name,
				    const char *password, quire_error *err)
{
	quire_arena *a = quire_arena_new(0);
	st_user u;

	if (!a)
		return quire_error_set(err, QUIRE_ENOMEM, "changing password: out of memory");
	quire_status s = st_user_get(st, name, 0, a, &u, err);
	if (s == QUIRE_OK)
		s = auth_set_pw(st, u.id, password, err);
	quire_arena_free(a);
	return s;
}

/* Stores a new one-time token of kind for uid, valid ttl seconds. */
static quire_status auth_link_new(store_t *st, const char *kind, int64_t uid,
				  int64_t now, long ttl,
				  char token[AUTH_TOKEN_LEN + 1],
				  quire_error *err)
{
	char hash[65];
	int64_t expires = now + ttl;

	auth_token_new(token);
	auth_token_hash(token, hash);
	if (expires == 0)
		expires = -1; /* 0 would mean "never" */
	quire_status s = st_token_add(st, hash, kind, uid, now, expires, NULL, err);
	if (s != QUIRE_OK)
		token[0] = '\0';
	return s;
}

quire_status auth_invite(store_t *st, const char *name, const char *role,
			 int64_t now, char token[AUTH_TOKEN_LEN + 1],
			 quire_error *err)
{
	quire_arena *a = quire_arena_new(0);
	st_user u;
	int64_t uid = 0;

	token[0] = '\0';
	if (!a)
		return quire_error_set(err, QUIRE_ENOMEM, "inviting: out of memory");
	quire_status s = st_user_get(st, name, 0, a, &u, err);
	if (s == QUIRE_OK) {
		if (u.pwhash)
			s = quire_error_set(err, QUIRE_EEXIST,
					    "inviting: %s has an account already (issue a reset link instead)",
					    u.name);
		else
			s = st_user_set_role(st, u.id, role, err);
		uid = u.id;
	} else if (s == QUIRE_ENOTFOUND) {
		s = st_user_add(st, name, role, NULL, now, &uid, err);
	}
	if (s == QUIRE_OK)
		s = auth_link_new(st, ST_TOKEN_INVITE, uid, now, AUTH_INVITE_TTL,
				  token, err);
	quire_arena_free(a);
	return s;
}

quire_status auth_reset_link(store_t *st, const char *name, int64_t now,
			     long ttl, char token[AUTH_TOKEN_LEN + 1],
			     quire_error *err)
{
	quire_arena *a = quire_arena_new(0);
	st_user u;

	token[0] = '\0';
	if (!a)
		return quire_error_set(err, QUIRE_ENOMEM, "making reset link: out of memory");
	quire_status s = st_user_get(st, name, 0, a, &u, err);
	if (s == QUIRE_OK)
		s = auth_link_new(st, ST_TOKEN_RESET, u.id, now,
				  ttl ? ttl : AUTH_RESET_TTL, token, err);
	quire_arena_free(a);
	return s;
}

static int auth_link_kind_ok(const char *kind)
{
	return kind && (strcmp(kind, ST_TOKEN_INVITE) == 0 ||
			strcmp(kind, ST_TOKEN_RESET) == 0);
}

quire_status auth_link_peek(store_t *st, const char *kind, const char *token,
			    int64_t now, quire_arena *a, const char **name,
			    quire_error *err)
{
	char hash[65];
	st_user u;

	*name = NULL;
	if (!auth_link_kind_ok(kind) || !token)
		return quire_error_set(err, QUIRE_ENOTFOUND, "no such link");
	auth_token_hash(token, hash);
	quire_status s = st_token_check(st, hash, kind, now, a, NULL, &u, err);
	if (s == QUIRE_OK)
		*name = u.name;
	return s;
}

quire_status auth_link_use(store_t *st, const char *kind, const char *token,
			   const char *password, int64_t now,
			   char session[AUTH_TOKEN_LEN + 1], quire_error *err)
{
	char hash[65];
	st_token t = {0};
	const char *why = auth_password_problem(password);

	if (session)
		session[0] = '\0';
	if (why)
		return quire_error_set(err, QUIRE_EUSAGE, "%s", why);
	if (!auth_link_kind_ok(kind) || !token)
		return quire_error_set(err, QUIRE_ENOTFOUND, "no such link");
	auth_token_hash(token, hash);
	quire_status s = st_token_take(st, hash, kind, now, &t, err);
	if (s == QUIRE_OK)
		s = auth_set_pw(st, t.user_id, password, err);
	if (s == QUIRE_OK && session)
		s = auth_session_start(st, t.user_id, now, session, err);
	return s;
}

quire_status auth_password_change(store_t *st, int64_t uid,
				  const char *current, const char *new_pw,
				  int64_t now, char session[AUTH_TOKEN_LEN + 1],
				  quire_error *err)
{
	quire_arena *a = quire_arena_new(0);
	st_user u;

	if (session)
		session[0] = '\0';
	if (!a)
		return quire_error_set(err, QUIRE_ENOMEM, "changing password: out of memory");
	quire_status s = st_user_get(st, NULL, uid, a, &u, err);
	if (s == QUIRE_OK && !auth_password_verify(u.pwhash, current ? current : ""))
		s = quire_error_set(err, QUIRE_EINPUT, "the current password is wrong");
	if (s == QUIRE_OK)
		s = auth_set_pw(st, uid, new_pw, err);
	if (s == QUIRE_OK && session)
		s = auth_session_start(st, uid, now, session, err);
	quire_arena_free(a);
	return s;
}

quire_status auth_api_token_new(store_t *st, const char *name,
				const char *label, int64_t now,
				char token[AUTH_TOKEN_LEN + 1],
				quire_error *err)
{
	quire_arena *a = quire_arena_new(0);
	st_user u;
	char hash[65];

	token[0] = '\0';
	if (!a)
		return quire_error_set(err, QUIRE_ENOMEM, "making token: out of memory");
	quire_status s = st_user_get(st, name, 0, a, &u, err);
	if (s == QUIRE_OK) {
		auth_token_new(token);
		auth_token_hash(token, hash);
		s = st_token_add(st, hash, ST_TOKEN_API, u.id, now, 0, label, err);
		if (s != QUIRE_OK)
			token[0] = '\0';
	}
	quire_arena_free(a);
	return s;
}
