/*
 * auth_web.c — accounts meet requests: the viewer of a request, the
 * session and pre-session cookies, a form's CSRF token.  The rules
 * themselves are auth.c's; this file only reads cookies and headers and
 * asks the library.
 *
 * Decisions:
 *   - A request that carries neither a session cookie, a pre-session
 *     cookie nor an Authorization header is anonymous without touching
 *     the library: pages read by the public cost no accounts query.
 *   - A token is looked at only if it has a token's shape (43 URL-safe
 *     base64 characters); anything else is ignored as if absent, so a
 *     junk cookie costs no query and can never reach SQL (it would be
 *     hashed first anyway).
 *   - A Bearer header that does not name a live API token leaves the
 *     request anonymous (the API answers 401 itself); it never falls back
 *     to the cookie, so an API client cannot ride a browser's session.
 *   - The pre-session cookie (quire_pre) exists only so that forms shown
 *     to visitors who are not signed in (sign in, invite, reset) carry a
 *     CSRF token bound to something the attacker's page cannot read or
 *     set.  It is HttpOnly and SameSite=Lax like the session cookie.
 */
#include "auth.h"

#include <string.h>
#include <strings.h>
#include <time.h>

static const viewer_t auth_anonymous = {0, NULL, ROLE_ANON, NULL, 0};

/* 1 when s looks like a token of ours. */
static int auth_token_shaped(const char *s)
{
	size_t n = 0;

	if (!s)
		return 0;
	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
		if (n >= AUTH_TOKEN_LEN)
			return 0;
	}
	return n == AUTH_TOKEN_LEN;
}

/* The token of "Authorization: Bearer <token>", or NULL. */
static const char *auth_bearer(http_req *req)
{
	const char *h = http_header(req, "Authorization");
	if (!h)
		return NULL;
	while (*h == ' ' || *h == '\t')
		h++;
	if (strncasecmp(h, "Bearer", 6) != 0 || (h[6] != ' ' && h[6] != '\t'))
		return NULL;
	h += 6;
	while (*h == ' ' || *h == '\t')
		h++;
	/* Trailing blanks: copy without them. */
	size_t n = strlen(h);
	while (n > 0 && (h[n - 1] == ' ' || h[n - 1] == '\t'))
		n--;
	return quire_arena_strndup(http_arena(req), h, n);
}

/* The CSRF token bound to token (purpose "session" or "pre"), in the
 * request's arena; NULL when the secret cannot be had. */
static const char *auth_csrf_for(store_t *st, http_req *req,
				 const char *purpose, const char *token)
{
	unsigned char key[AUTH_SECRET_BYTES];
	char csrf[AUTH_TOKEN_LEN + 1];
	quire_error err = {0};

	if (auth_secret(st, key, &err) != QUIRE_OK)
		return NULL;
	auth_csrf_derive(key, purpose, token, csrf);
	return quire_arena_strndup(http_arena(req), csrf, AUTH_TOKEN_LEN);
}

/* Fills v from the live token of this kind, or leaves it anonymous. */
static int auth_from_token(store_t *st, http_req *req, const char *token,
			   const char *kind, int64_t now, viewer_t *v)
{
	char hash[65];
	st_user u;
	web_role role;
	quire_error err = {0};

	if (!auth_token_shaped(token))
		return 0;
	auth_token_hash(token, hash);
	if (st_token_check(st, hash, kind, now, http_arena(req), NULL, &u,
			   &err) != QUIRE_OK)
		return 0;
	if (auth_role_parse(u.role, &role) != 0)
		return 0;
	v->uid = u.id;
	v->name = u.name;
	v->role = role;
	return 1;
}

const viewer_t *auth_viewer(web_app *app, http_req *req)
{
	const char *bearer = auth_bearer(req);
	const char *session = http_cookie(req, AUTH_SESSION_COOKIE);
	const char *pre = http_cookie(req, AUTH_PRE_COOKIE);
	quire_error err = {0};

	if (!bearer && !auth_token_shaped(session) && !auth_token_shaped(pre))
		return &auth_anonymous;
	viewer_t *v = quire_arena_alloc(http_arena(req), sizeof *v);
	store_t *st = web_store(app, &err);
	if (!v || !st)
		return &auth_anonymous;
	*v = auth_anonymous;
	int64_t now = (int64_t)time(NULL);

	if (bearer) {
		if (auth_from_token(st, req, bearer, ST_TOKEN_API, now, v))
			v->via_token = 1;
		return v;
	}
	if (auth_from_token(st, req, session, ST_TOKEN_SESSION, now, v)) {
		v->csrf = auth_csrf_for(st, req, "session", session);
		return v;
	}
	if (auth_token_shaped(pre))
		v->csrf = auth_csrf_for(st, req, "pre", pre);
	return v;
}

const char *auth_form_csrf(web_app *app, http_req *req, http_res *res)
{
	const viewer_t *v = web_viewer(req);
	char pre[AUTH_TOKEN_LEN + 1];
	quire_error err = {0};

	if (v && v->csrf)
		return v->csrf;
	store_t *st = web_store(app, &err);
	if (!st)
		return NULL;
	auth_token_new(pre);
	http_cookie_set(res, AUTH_PRE_COOKIE, pre, AUTH_PRE_TTL);
	return auth_csrf_for(st, req, "pre", pre);
}

void auth_session_cookie(http_res *res, const char *token)
{
	http_cookie_set(res, AUTH_SESSION_COOKIE, token,
			token ? AUTH_SESSION_TTL : -1);
}
