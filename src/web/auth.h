/*
 * auth.h — accounts and who may do what: passwords, tokens, sessions,
 * CSRF, sign-in rate limiting, invites and reset links, the policy
 * functions of web.h, and the account pages.
 *
 * Three files share the auth_ prefix:
 *   auth.c         the rules and the account flows over the store: no HTTP,
 *                  so the unit tests and the CLI (`quire user`) use them
 *                  with a clock they choose (every call that compares times
 *                  takes `now`, unix seconds);
 *   auth_web.c     the request glue: the viewer of a request (session
 *                  cookie or Bearer token), cookies, CSRF of a form;
 *   page_account.c the pages: sign in/out, invite, reset, account, users.
 *
 * Decisions (the reasons are in auth.c's opening comment):
 *   - Passwords: Argon2id via libsodium's crypto_pwhash_str with
 *     OPSLIMIT/MEMLIMIT_INTERACTIVE (64 MiB, 2 passes).
 *   - Tokens (sessions, invites, resets, API): 32 random bytes as URL-safe
 *     base64 without padding (43 characters); the library stores only the
 *     SHA-256 hex of a token.
 *   - CSRF: a form's token is HMAC-SHA256 of the session token under a
 *     server secret kept in the library's settings ("auth_secret", made
 *     once); a visitor who is not signed in gets a pre-session cookie
 *     (quire_pre) whose token is derived the same way.  Requests made with
 *     "Authorization: Bearer" need none.
 *   - Sign-in failures are counted in the library per user name and per
 *     client address; too many in the window gives 429.
 */
#ifndef QUIRE_AUTH_H
#define QUIRE_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "http.h"
#include "quire.h"
#include "store.h"
#include "web.h"

#define AUTH_SESSION_COOKIE "quire_session"
#define AUTH_PRE_COOKIE "quire_pre"

#define AUTH_SESSION_TTL (14L * 24 * 3600) /* a session lasts 14 days */
#define AUTH_INVITE_TTL (7L * 24 * 3600)   /* an invite link 7 days */
#define AUTH_RESET_TTL (24L * 3600)        /* a reset link 24 hours */
#define AUTH_PRE_TTL (24L * 3600)          /* a pre-session cookie a day */

#define AUTH_TOKEN_LEN 43   /* characters of a token (and of a CSRF token) */
#define AUTH_PWHASH_MAX 128 /* bytes of a hash string, NUL included */
#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 1024

#define AUTH_FAIL_WINDOW (15L * 60) /* sign-in failures counted over 15 min */
#define AUTH_FAIL_MAX_USER 5        /* per user name */
#define AUTH_FAIL_MAX_IP 20         /* per client address */

#define AUTH_SECRET_BYTES 32

/* ---- roles ---- */

/* "admin", "member", "reader" (and "anonymous" for ROLE_ANON). */
const char *auth_role_name(web_role r);
/* Parses a role the store keeps; 0 on success (ROLE_ANON is never parsed). */
int auth_role_parse(const char *s, web_role *out);

/* ---- passwords ---- */

/* NULL when pw is acceptable as a new password, else why not, in words
 * ("a password needs at least 8 characters"). */
const char *auth_password_problem(const char *pw);

/* Hashes pw (Argon2id) into out; QUIRE_ENOMEM when the memory it needs
 * cannot be had, QUIRE_EUSAGE for a NULL or overlong password. */
quire_status auth_password_hash(const char *pw, char out[AUTH_PWHASH_MAX],
				quire_error *err);

/* 1 when pw matches hash, else 0 (also for a NULL or malformed hash). */
int auth_password_verify(const char *hash, const char *pw);

/* ---- tokens ---- */

/* A fresh random token: 32 bytes from randombytes_buf as URL-safe base64
 * without padding (AUTH_TOKEN_LEN characters and a NUL). */
void auth_token_new(char out[AUTH_TOKEN_LEN + 1]);

/* The SHA-256 hex of a token, the form the library stores it in. */
void auth_token_hash(const char *token, char out[65]);

/* ---- CSRF ---- */

/* The server secret (settings key "auth_secret", 64 hex digits), made on
 * first use.  A read-only library without one: QUIRE_ESTORE. */
quire_status auth_secret(store_t *st, unsigned char key[AUTH_SECRET_BYTES],
			 quire_error *err);

/* The CSRF token bound to a session token (purpose "session") or to a
 * pre-session token (purpose "pre"): HMAC-SHA256(key, purpose ":" token)
 * as URL-safe base64 (AUTH_TOKEN_LEN characters). */
void auth_csrf_derive(const unsigned char key[AUTH_SECRET_BYTES],
		      const char *purpose, const char *token,
		      char out[AUTH_TOKEN_LEN + 1]);

/* 1 when given equals expected, compared in constant time (sodium_memcmp)
 * over AUTH_TOKEN_LEN bytes; 0 when either is NULL or not of that length. */
int auth_csrf_equal(const char *expected, const char *given);

/* 1 when a POST by v carrying the form field value given may go on: v was
 * authenticated by an API token, or given equals v->csrf. */
int auth_csrf_check(const viewer_t *v, const char *given);

/* ---- policy (declared in web.h; defined in auth.c) ----
 *   auth_can_open:   public → everyone; members → any signed-in user;
 *                    private → its owner (owner == user name, ignoring
 *                    ASCII case, as user names do) and admins.
 *   auth_can_edit:   admins; members who own the paper.
 *   auth_can_upload: members and admins. */

/* ---- account flows (auth.c) ---- */

/* Why a sign-in failed. */
typedef enum auth_signin_result {
	AUTH_SIGNIN_OK = 0,
	AUTH_SIGNIN_BAD,     /* unknown user, wrong password, no password yet
			      * or disabled: one answer for all */
	AUTH_SIGNIN_LIMITED, /* too many failures: *retry_after seconds */
	AUTH_SIGNIN_ERROR    /* the library failed: see err */
} auth_signin_result;

/* Signs name in with password from client address ip (may be NULL):
 * checks the rate limit first (AUTH_FAIL_MAX_USER failures of the name or
 * AUTH_FAIL_MAX_IP of the address in AUTH_FAIL_WINDOW), then the password
 * (an unknown name costs the same time as a known one); a failure is
 * noted against both; success forgets the name's failures and starts a
 * session whose token goes to session (AUTH_TOKEN_LEN + 1 bytes), the
 * user's id to *uid (may be NULL). */
auth_signin_result auth_signin(store_t *st, const char *name,
			       const char *password, const char *ip,
			       int64_t now, char session[AUTH_TOKEN_LEN + 1],
			       int64_t *uid, long *retry_after,
			       quire_error *err);

/* Starts a session for user uid (expires now + AUTH_SESSION_TTL). */
quire_status auth_session_start(store_t *st, int64_t uid, int64_t now,
				char token[AUTH_TOKEN_LEN + 1],
				quire_error *err);

/* Adds a user with a password (hashed here) or, with password NULL, none
 * yet.  Errors as st_user_add, and QUIRE_EUSAGE with the reason for a
 * password auth_password_problem() refuses. */
quire_status auth_user_add(store_t *st, const char *name, const char *role,
			   const char *password, int64_t now, int64_t *uid,
			   quire_error *err);

/* Sets the password of user name (hashed here) and signs them out
 * everywhere (their sessions are revoked; API tokens stay). */
quire_status auth_user_set_password(store_t *st, const char *name,
				    const char *password, quire_error *err);

/* Invites name: adds the user with role and no password, unless a user of
 * that name is there without a password (invited before: role is then set
 * again) — a user with a password gives QUIRE_EEXIST — and makes a
 * one-time invite token valid AUTH_INVITE_TTL from now. */
quire_status auth_invite(store_t *st, const char *name, const char *role,
			 int64_t now, char token[AUTH_TOKEN_LEN + 1],
			 quire_error *err);

/* Makes a one-time reset token for user name, valid AUTH_RESET_TTL
 * (ttl 0), or ttl seconds (negative: already expired — for tests). */
quire_status auth_reset_link(store_t *st, const char *name, int64_t now,
			     long ttl, char token[AUTH_TOKEN_LEN + 1],
			     quire_error *err);

/* Is this invite or reset token (kind ST_TOKEN_INVITE / ST_TOKEN_RESET)
 * still good?  QUIRE_OK with the user's name in *name (arena a), or
 * QUIRE_ENOTFOUND.  Does not use it up. */
quire_status auth_link_peek(store_t *st, const char *kind, const char *token,
			    int64_t now, quire_arena *a, const char **name,
			    quire_error *err);

/* Uses an invite or reset token once: the password is checked first (a
 * refused password leaves the link usable: QUIRE_EUSAGE with the reason),
 * then the token is taken (QUIRE_ENOTFOUND: expired or used), the
 * password set, every session of the user revoked, and a new session
 * started for them (its token into session, may be NULL). */
quire_status auth_link_use(store_t *st, const char *kind, const char *token,
			   const char *password, int64_t now,
			   char session[AUTH_TOKEN_LEN + 1], quire_error *err);

/* A user changes their own password: current must match (else
 * QUIRE_EINPUT "the current password is wrong"); new_pw must be
 * acceptable (else QUIRE_EUSAGE).  Every session is revoked and a new one
 * started for the caller (token into session, may be NULL). */
quire_status auth_password_change(store_t *st, int64_t uid,
				  const char *current, const char *new_pw,
				  int64_t now, char session[AUTH_TOKEN_LEN + 1],
				  quire_error *err);

/* A new API token for user name, labelled (label may be NULL), never
 * expiring; shown once: only its hash is kept. */
quire_status auth_api_token_new(store_t *st, const char *name,
				const char *label, int64_t now,
				char token[AUTH_TOKEN_LEN + 1],
				quire_error *err);

/* ---- requests (auth_web.c) ---- */

/* The viewer of a request: the session cookie, or "Authorization: Bearer
 * <token>" (an API token), resolved through the library; anonymous when
 * neither is good.  A signed-in viewer's csrf is its session's token; an
 * anonymous viewer's is the one bound to its quire_pre cookie (NULL when
 * it has none).  Allocated in the request's arena; never NULL.  web.c
 * calls it once per request (web_viewer keeps the result). */
const viewer_t *auth_viewer(web_app *app, http_req *req);

/* The CSRF token a form on this response must carry: the viewer's, or,
 * for a visitor without a pre-session, a new quire_pre cookie set on res
 * and the token bound to it.  NULL only when the library fails. */
const char *auth_form_csrf(web_app *app, http_req *req, http_res *res);

/* Sets the session cookie (HttpOnly, SameSite=Lax, Secure behind TLS:
 * http_cookie_set), or deletes it when token is NULL. */
void auth_session_cookie(http_res *res, const char *token);

/* ---- pages (page_account.c; app is the web_app) ---- */

void page_signin(void *app, http_req *req, http_res *res);        /* GET /signin */
void page_signin_post(void *app, http_req *req, http_res *res);   /* POST /signin */
void page_signout_post(void *app, http_req *req, http_res *res);  /* POST /signout */
void page_invite(void *app, http_req *req, http_res *res);        /* GET /invite/:token */
void page_invite_post(void *app, http_req *req, http_res *res);   /* POST /invite/:token */
void page_reset(void *app, http_req *req, http_res *res);         /* GET /reset/:token */
void page_reset_post(void *app, http_req *req, http_res *res);    /* POST /reset/:token */
void page_account(void *app, http_req *req, http_res *res);       /* GET /account */
void page_account_post(void *app, http_req *req, http_res *res);  /* POST /account */
void page_account_tokens_post(void *app, http_req *req, http_res *res); /* POST /account/tokens */
void page_admin_users(void *app, http_req *req, http_res *res);   /* GET /admin/users */
void page_admin_users_post(void *app, http_req *req, http_res *res); /* POST /admin/users */

#endif
