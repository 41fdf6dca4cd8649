/*
 * page_account.c — the account pages: sign in and out, accepting an
 * invite, using a reset link, changing one's password, and the admins'
 * users page (invite, change role, issue a reset link, remove).
 *
 * Decisions:
 *   - Every form is a POST carrying the CSRF token (auth_form_csrf: the
 *     session's, or for visitors the one bound to the quire_pre cookie)
 *     and every POST handler checks it first: 403 without it.
 *   - A failed sign-in says the same thing for an unknown name and a
 *     wrong password; too many failures give 429 with Retry-After.
 *   - An invite or reset link that is expired or used gives 410 and one
 *     plain sentence; nothing tells whether it ever existed.
 *   - After a POST that changes something, the users page redirects (303)
 *     to itself, except after an invite or reset link is made: that page
 *     shows the link once (only its hash is kept, it cannot be shown again).
 *   - "next" (where to go after signing in) is only ever a path of this
 *     site; anything else goes home (http_redirect enforces it too).
 *   - Account pages are never cached (Cache-Control: no-store).
 */
#include "auth.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "html.h"
#include "pages.h"

#define PAGE_TOKEN_LABEL_MAX 80 /* bytes of an API token's label */

static const char link_gone[] =
	"This link has expired or was already used.";

static int64_t now_s(void)
{
	return (int64_t)time(NULL);
}

static void no_store(http_res *res)
{
	http_header_set(res, "Cache-Control", "no-store");
}

/* Writes 403 and returns 0 unless the POST carries the right CSRF token. */
static int csrf_ok(web_app *app, http_req *req, http_res *res)
{
	if (auth_csrf_check(web_viewer(req), http_form(req, "csrf")))
		return 1;
	no_store(res);
	page_message(app, req, res, 403, "Form expired",
		     "This form could not be accepted: its security token is "
		     "missing or out of date. Go back, reload the page and try "
		     "again.", 0);
	return 0;
}

/* err's message as a sentence for a page (out: sizeof err->msg + 2). */
static const char *sentence(const quire_error *err, char *out, size_t size)
{
	snprintf(out, size, "%.*s.", (int)(size - 2),
		 err->msg[0] ? err->msg : "That did not work");
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 32);
	return out;
}

static int signed_in(const viewer_t *v)
{
	return v && v->uid != 0 && v->name;
}

/* May v change its own account with this POST: signed in by a session
 * (an API token may not) and the form's CSRF token right?  Otherwise the
 * answer (403) is written and 0 returned. */
static int own_account_post(web_app *app, http_req *req, http_res *res,
			    const viewer_t *v)
{
	if (!signed_in(v) || v->via_token) {
		http_status(res, 403);
		return 0;
	}
	return csrf_ok(app, req, res);
}

/* A path of this site to go to after signing in, or "/". */
static const char *safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' ||
	    strpbrk(next, "\r\n") != NULL)
		return "/";
	return next;
}

static void csrf_field(buf_t *b, const char *csrf)
{
	html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
		    csrf ? csrf : "");
}

/* A notice above a form: role "alert" for errors, "status" otherwise. */
static void notice(buf_t *b, const char *msg, int error)
{
	if (msg)
		html_printf(b, "<p class=\"%S\" role=\"%S\">%s</p>\n",
			    error ? "error" : "notice",
			    error ? "alert" : "status", msg);
}

/* ------------------------------------------------------------------ */
/* Sign in and out                                                     */
/* ------------------------------------------------------------------ */

static void signin_form(web_app *app, http_req *req, http_res *res, int code,
			const char *msg, const char *name)
{
	buf_t *b = http_body(res);
	const char *csrf = auth_form_csrf(app, req, res);
	const char *next = safe_next(http_form(req, "next") ? http_form(req, "next")
							    : http_query(req, "next"));
	if (!csrf) {
		page_message(app, req, res, 503, "Unavailable",
			     "The library cannot be reached right now. Please "
			     "try again in a moment.", 0);
		return;
	}
	no_store(res);
	http_status(res, code);
	page_begin(b, app, req, "Sign in", NULL);
	html_printf(b, "<h1>Sign in</h1>\n");
	notice(b, msg, 1);
	html_printf(b, "<form method=\"post\" action=\"%s/signin\" class=\"stack\">\n",
		    page_prefix(app));
	csrf_field(b, csrf);
	html_printf(b,
		"<input type=\"hidden\" name=\"next\" value=\"%s\">\n"
		"<p><label for=\"name\">User name</label>\n"
		"<input id=\"name\" name=\"name\" autocomplete=\"username\" "
		"autocapitalize=\"none\" spellcheck=\"false\" required value=\"%s\"></p>\n"
		"<p><label for=\"password\">Password</label>\n"
		"<input id=\"password\" name=\"password\" type=\"password\" "
		"autocomplete=\"current-password\" required></p>\n"
		"<p><button type=\"submit\">Sign in</button></p>\n"
		"</form>\n"
		"<p>No account? Accounts are made by invitation: ask an "
		"administrator of this library.</p>\n",
		next, name ? name : "");
	page_end(b, app, req);
}

void page_signin(void *app, http_req *req, http_res *res)
{
	if (signed_in(web_viewer(req))) {
		http_redirect(res, 303, safe_next(http_query(req, "next")));
		return;
	}
	signin_form(app, req, res, 200, NULL, NULL);
}

void page_signin_post(void *app, http_req *req, http_res *res)
{
	web_app *w = app;
	quire_error err = {0};
	char session[AUTH_TOKEN_LEN + 1];
	long wait = 0;
	const char *name = http_form(req, "name");
	const char *pw = http_form(req, "password");

	if (!csrf_ok(w, req, res))
		return;
	store_t *st = page_store(w, req, res);
	if (!st)
		return;
	switch (auth_signin(st, name ? name : "", pw ? pw : "",
			    http_client_ip(req), now_s(), session, NULL, &wait,
			    &err)) {
	case AUTH_SIGNIN_OK:
		auth_session_cookie(res, session);
		no_store(res);
		http_redirect(res, 303, safe_next(http_form(req, "next")));
		return;
	case AUTH_SIGNIN_BAD:
		signin_form(w, req, res, 200,
			    "The user name or the password is wrong.", name);
		return;
	case AUTH_SIGNIN_LIMITED: {
		char ra[32];
		snprintf(ra, sizeof ra, "%ld", wait);
		http_header_set(res, "Retry-After", ra);
		no_store(res);
		char msg[160];
		snprintf(msg, sizeof msg,
			 "There were too many failed attempts to sign in. "
			 "Please wait %ld minute%s and try again.",
			 (wait + 59) / 60, (wait + 59) / 60 == 1 ? "" : "s");
		page_message(w, req, res, 429, "Too many attempts", msg, 0);
		return;
	}
	case AUTH_SIGNIN_ERROR:
		break;
	}
	page_message(w, req, res, 503, "Unavailable",
		     "Signing in is not possible right now. Please try again "
		     "in a moment.", 0);
}

void page_signout_post(void *app, http_req *req, http_res *res)
{
	web_app *w = app;
	quire_error err = {0};
	const char *cookie = http_cookie(req, AUTH_SESSION_COOKIE);

	if (!csrf_ok(w, req, res))
		return;
	if (cookie) {
		char hash[65];
		store_t *st = web_store(w, &err);
		auth_token_hash(cookie, hash);
		if (st)
			(void)st_token_revoke(st, hash, &err);
	}
	auth_session_cookie(res, NULL);
	no_store(res);
	http_redirect(res, 303, "/");
}

/* ------------------------------------------------------------------ */
/* Invite and reset links                                              */
/* ------------------------------------------------------------------ */

static void gone(web_app *app, http_req *req, http_res *res)
{
	no_store(res);
	page_message(app, req, res, 410, "Link expired", link_gone, 0);
}

/* The form that sets a password through an invite or reset link. */
static void link_form(web_app *app, http_req *req, http_res *res, int code,
		      const char *kind, const char *name, const char *msg)
{
	buf_t *b = http_body(res);
	int invite = strcmp(kind, ST_TOKEN_INVITE) == 0;
	const char *csrf = auth_form_csrf(app, req, res);
	const char *token = http_param(req, "token");

	no_store(res);
	http_status(res, code);
	page_begin(b, app, req, invite ? "Welcome" : "Choose a new password", NULL);
	if (invite)
		html_printf(b, "<h1>Welcome, %s</h1>\n<p>Choose a password to "
			    "finish making your account.</p>\n", name);
	else
		html_printf(b, "<h1>Choose a new password</h1>\n<p>For the "
			    "account <strong>%s</strong>. You will be signed "
			    "out everywhere else.</p>\n", name);
	notice(b, msg, 1);
	html_printf(b, "<form method=\"post\" action=\"%s/%S/%u\" class=\"stack\">\n",
		    page_prefix(app), invite ? "invite" : "reset", token);
	csrf_field(b, csrf);
	html_printf(b,
		"<input type=\"text\" name=\"username\" value=\"%s\" "
		"autocomplete=\"username\" hidden>\n"
		"<p><label for=\"password\">New password</label>\n"
		"<input id=\"password\" name=\"password\" type=\"password\" "
		"autocomplete=\"new-password\" minlength=\"%d\" required "
		"aria-describedby=\"pw-hint\">\n"
		"<small id=\"pw-hint\">At least %d characters.</small></p>\n"
		"<p><label for=\"confirm\">The same password again</label>\n"
		"<input id=\"confirm\" name=\"confirm\" type=\"password\" "
		"autocomplete=\"new-password\" required></p>\n"
		"<p><button type=\"submit\">%S</button></p>\n</form>\n",
		name, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MIN,
		invite ? "Make my account" : "Set the password");
	page_end(b, app, req);
}

static void link_get(web_app *app, http_req *req, http_res *res,
		     const char *kind)
{
	quire_error err = {0};
	const char *name = NULL;
	store_t *st = page_store(app, req, res);

	if (!st)
		return;
	quire_status s = auth_link_peek(st, kind, http_param(req, "token"),
					now_s(), http_arena(req), &name, &err);
	if (s == QUIRE_ENOTFOUND) {
		gone(app, req, res);
		return;
	}
	if (s != QUIRE_OK) {
		page_message(app, req, res, 503, "Unavailable",
			     "The library cannot be reached right now. Please "
			     "try again in a moment.", 0);
		return;
	}
	link_form(app, req, res, 200, kind, name, NULL);
}

static void link_post(web_app *app, http_req *req, http_res *res,
		      const char *kind)
{
	quire_error err = {0};
	const char *name = NULL;
	char session[AUTH_TOKEN_LEN + 1];
	const char *pw = http_form(req, "password");
	const char *confirm = http_form(req, "confirm");
	const char *token = http_param(req, "token");
	int64_t now = now_s();

	if (!csrf_ok(app, req, res))
		return;
	store_t *st = page_store(app, req, res);
	if (!st)
		return;
	quire_status s = auth_link_peek(st, kind, token, now, http_arena(req),
					&name, &err);
	if (s == QUIRE_ENOTFOUND) {
		gone(app, req, res);
		return;
	}
	if (s == QUIRE_OK && (!pw || !confirm || strcmp(pw, confirm) != 0)) {
		link_form(app, req, res, 200, kind, name,
			  "The two passwords are not the same.");
		return;
	}
	if (s == QUIRE_OK)
		s = auth_link_use(st, kind, token, pw, now, session, &err);
	if (s == QUIRE_ENOTFOUND) {
		gone(app, req, res);
		return;
	}
	if (s == QUIRE_EUSAGE) {
		char why[sizeof err.msg + 2];
		link_form(app, req, res, 200, kind, name,
			  sentence(&err, why, sizeof why));
		return;
	}
	if (s != QUIRE_OK) {
		page_message(app, req, res, 503, "Unavailable",
			     "The password could not be set right now. Please "
			     "try again in a moment.", 0);
		return;
	}
	auth_session_cookie(res, session);
	no_store(res);
	http_redirect(res, 303, "/account?done=1");
}

void page_invite(void *app, http_req *req, http_res *res)
{
	link_get(app, req, res, ST_TOKEN_INVITE);
}

void page_invite_post(void *app, http_req *req, http_res *res)
{
	link_post(app, req, res, ST_TOKEN_INVITE);
}

void page_reset(void *app, http_req *req, http_res *res)
{
	link_get(app, req, res, ST_TOKEN_RESET);
}

void page_reset_post(void *app, http_req *req, http_res *res)
{
	link_post(app, req, res, ST_TOKEN_RESET);
}

/* ------------------------------------------------------------------ */
/* Own account                                                         */
/* ------------------------------------------------------------------ */

/* A date as YYYY-MM-DD (UTC), or "never" for 0. */
static const char *day_of(int64_t when, char out[32])
{
	time_t t = (time_t)when;
	struct tm tm;
	snprintf(out, 32, "never");
	if (when > 0 && gmtime_r(&t, &tm))
		strftime(out, 32, "%Y-%m-%d", &tm);
	return out;
}

/* The viewer's API tokens: label, made, last used, and a revoke button
 * each (the hash is the handle: the token cannot be made from it); then
 * the form that makes a new one.  new_token: one just made, shown once. */
static void tokens_section(web_app *app, http_req *req, buf_t *b,
			   const char *new_token)
{
	const viewer_t *v = web_viewer(req);
	const char *px = page_prefix(app);
	quire_error err = {0};
	st_token *t = NULL;
	size_t n = 0;
	char c1[32], c2[32];

	html_printf(b, "<h2 id=\"tokens\">API tokens</h2>\n"
		    "<p>A program sends one as <code>Authorization: Bearer "
		    "TOKEN</code> to use the <a href=\"%s/api/v1/\">JSON API</a> "
		    "as you.</p>\n", px);
	if (new_token)
		html_printf(b, "<div class=\"notice\" role=\"status\"><p>Your new "
			    "token — copy it now, it is not shown again:</p>\n"
			    "<p><code class=\"token\">%s</code></p></div>\n", new_token);
	store_t *st = web_store(app, &err);
	if (!st || st_token_list(st, v->uid, ST_TOKEN_API, now_s(), http_arena(req),
				 &t, &n, &err) != QUIRE_OK) {
		html_printf(b, "<p>Your tokens cannot be listed right now.</p>\n");
	} else if (n == 0) {
		html_printf(b, "<p>You have no API tokens.</p>\n");
	} else {
		html_printf(b, "<table class=\"tokens\"><thead><tr><th scope=\"col\">"
			    "Label</th><th scope=\"col\">Made</th><th scope=\"col\">"
			    "Last used</th><th scope=\"col\"><span class=\"vh\">"
			    "Revoke</span></th></tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < n; i++) {
			html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>"
				    "<form method=\"post\" action=\"%s/account/tokens\" "
				    "class=\"inline\">",
				    t[i].label ? t[i].label : "(no label)",
				    day_of(t[i].created, c1), day_of(t[i].last_used, c2), px);
			csrf_field(b, v->csrf);
			html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"revoke\">"
				    "<input type=\"hidden\" name=\"token\" value=\"%s\">"
				    "<button type=\"submit\">Revoke</button></form></td></tr>\n",
				    t[i].hash);
		}
		html_printf(b, "</tbody></table>\n");
	}
	html_printf(b, "<form method=\"post\" action=\"%s/account/tokens\" "
		    "class=\"stack\">\n", px);
	csrf_field(b, v->csrf);
	html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"new\">\n"
		    "<p><label for=\"label\">Label (which program uses it)</label>\n"
		    "<input id=\"label\" name=\"label\" maxlength=\"%d\"></p>\n"
		    "<p><button type=\"submit\">Make a new token</button></p>\n"
		    "</form>\n", PAGE_TOKEN_LABEL_MAX);
}

static void account_page(web_app *app, http_req *req, http_res *res, int code,
			 const char *msg, int error, const char *new_token)
{
	const viewer_t *v = web_viewer(req);
	buf_t *b = http_body(res);

	no_store(res);
	http_status(res, code);
	page_begin(b, app, req, "Your account", NULL);
	html_printf(b, "<h1>Your account</h1>\n"
		    "<p>Signed in as <strong>%s</strong> (%s).</p>\n",
		    v->name, auth_role_name(v->role));
	notice(b, msg, error);
	html_printf(b, "<h2>Change your password</h2>\n"
		    "<form method=\"post\" action=\"%s/account\" class=\"stack\">\n",
		    page_prefix(app));
	csrf_field(b, v->csrf);
	html_printf(b,
		"<input type=\"text\" name=\"username\" value=\"%s\" "
		"autocomplete=\"username\" hidden>\n"
		"<p><label for=\"current\">Current password</label>\n"
		"<input id=\"current\" name=\"current\" type=\"password\" "
		"autocomplete=\"current-password\" required></p>\n"
		"<p><label for=\"password\">New password</label>\n"
		"<input id=\"password\" name=\"password\" type=\"password\" "
		"autocomplete=\"new-password\" minlength=\"%d\" required "
		"aria-describedby=\"pw-hint\">\n"
		"<small id=\"pw-hint\">At least %d characters. You will be "
		"signed out on your other devices.</small></p>\n"
		"<p><label for=\"confirm\">The new password again</label>\n"
		"<input id=\"confirm\" name=\"confirm\" type=\"password\" "
		"autocomplete=\"new-password\" required></p>\n"
		"<p><button type=\"submit\">Change password</button></p>\n"
		"</form>\n",
		v->name, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MIN);
	tokens_section(app, req, b, new_token);
	page_end(b, app, req);
}

/* Signed-in viewers go on; others are sent to sign in (1: handled). */
static int need_signin(web_app *app, http_req *req, http_res *res)
{
	if (signed_in(web_viewer(req)))
		return 0;
	char next[600];
	snprintf(next, sizeof next, "/signin?next=%s", http_path(req));
	no_store(res);
	http_redirect(res, 303, next);
	(void)app;
	return 1;
}

void page_account(void *app, http_req *req, http_res *res)
{
	if (need_signin(app, req, res))
		return;
	const char *done = http_query(req, "done");
	account_page(app, req, res, 200,
		     !done ? NULL
		     : !strcmp(done, "revoked") ? "The token is revoked: it works no more."
		     : "Your password is set.", 0, NULL);
}

void page_account_post(void *app, http_req *req, http_res *res)
{
	web_app *w = app;
	const viewer_t *v = web_viewer(req);
	quire_error err = {0};
	char session[AUTH_TOKEN_LEN + 1];
	const char *pw = http_form(req, "password");
	const char *confirm = http_form(req, "confirm");

	if (!own_account_post(w, req, res, v))
		return;
	if (!pw || !confirm || strcmp(pw, confirm) != 0) {
		account_page(w, req, res, 200, "The two new passwords are not the same.", 1, NULL);
		return;
	}
	store_t *st = page_store(w, req, res);
	if (!st)
		return;
	quire_status s = auth_password_change(st, v->uid, http_form(req, "current"),
					      pw, now_s(), session, &err);
	if (s == QUIRE_EINPUT) {
		account_page(w, req, res, 200, "The current password is wrong.", 1, NULL);
	} else if (s == QUIRE_EUSAGE) {
		char why[sizeof err.msg + 2];
		account_page(w, req, res, 200, sentence(&err, why, sizeof why), 1, NULL);
	} else if (s != QUIRE_OK) {
		page_message(w, req, res, 503, "Unavailable",
			     "The password could not be changed right now. "
			     "Please try again in a moment.", 0);
	} else {
		/* The old session is gone: the new one replaces the cookie. */
		auth_session_cookie(res, session);
		no_store(res);
		http_redirect(res, 303, "/account?done=1");
	}
}

/* POST /account/tokens: action=new (label) makes an API token and shows
 * it once on the page (no-store); action=revoke (token = its hash)
 * deletes one of the viewer's own, then redirects (303) to the page.  A
 * viewer signed in by an API token may do neither: a token cannot make or
 * revoke tokens. */
void page_account_tokens_post(void *app, http_req *req, http_res *res)
{
	web_app *w = app;
	const viewer_t *v = web_viewer(req);
	quire_error err = {0};
	const char *action = http_form(req, "action");

	if (!own_account_post(w, req, res, v))
		return;
	store_t *st = page_store(w, req, res);
	if (!st)
		return;
	if (action && !strcmp(action, "new")) {
		const char *label = http_form(req, "label");
		char lab[PAGE_TOKEN_LABEL_MAX + 1];
		char token[AUTH_TOKEN_LEN + 1];
		if (label) {
			/* trimmed, at most the field's length, whole characters */
			while (*label == ' ')
				label++;
			size_t ln = strlen(label);
			if (ln > PAGE_TOKEN_LABEL_MAX) {
				ln = PAGE_TOKEN_LABEL_MAX;
				while (ln > 0 && ((unsigned char)label[ln] & 0xC0) == 0x80)
					ln--;
			}
			while (ln > 0 && label[ln - 1] == ' ')
				ln--;
			memcpy(lab, label, ln);
			lab[ln] = '\0';
			label = ln ? lab : NULL;
		}
		if (auth_api_token_new(st, v->name, label, now_s(), token, &err) != QUIRE_OK) {
			page_message(w, req, res, 503, "Unavailable",
				     "No token could be made right now. "
				     "Please try again in a moment.", 0);
			return;
		}
		account_page(w, req, res, 200, NULL, 0, token);
		return;
	}
	if (action && !strcmp(action, "revoke")) {
		quire_status s = st_token_revoke_own(st, http_form(req, "token"), v->uid, &err);
		if (s == QUIRE_OK) {
			no_store(res);
			http_redirect(res, 303, "/account?done=revoked#tokens");
		} else if (s == QUIRE_ENOTFOUND) {
			account_page(w, req, res, 404, "There is no such token of yours.", 1, NULL);
		} else {
			page_message(w, req, res, 503, "Unavailable",
				     "The token could not be revoked right now. "
				     "Please try again in a moment.", 0);
		}
		return;
	}
	account_page(w, req, res, 400, "Nothing was asked.", 1, NULL);
}

/* ------------------------------------------------------------------ */
/* Users (admins)                                                      */
/* ------------------------------------------------------------------ */

typedef struct users_ctx {
	buf_t *b;
	const char *px;
	const char *csrf;
	const char *me;
} users_ctx;

static void role_options(buf_t *b, const char *selected)
{
	static const char *const roles[] = {"reader", "member", "admin"};
	for (size_t i = 0; i < 3; i++)
		html_printf(b, "<option value=\"%S\"%S>%S</option>", roles[i],
			    selected && strcmp(selected, roles[i]) == 0
				    ? " selected" : "",
			    roles[i]);
}

static int user_row(const st_user *u, void *ctx)
{
	users_ctx *c = ctx;
	buf_t *b = c->b;
	char when[32];

	day_of(u->created, when);
	html_printf(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%S</td><td>%s</td>\n<td>",
		    u->name, u->role,
		    u->disabled ? "disabled" : u->pwhash ? "active" : "invited",
		    when);
	/* change role */
	html_printf(b, "<form method=\"post\" action=\"%s/admin/users\" class=\"inline\">", c->px);
	csrf_field(b, c->csrf);
	html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"role\">"
		    "<input type=\"hidden\" name=\"name\" value=\"%s\">"
		    "<label for=\"role-%ld\" class=\"vh\">Role of %s</label>"
		    "<select id=\"role-%ld\" name=\"role\">",
		    u->name, (long)u->id, u->name, (long)u->id);
	role_options(b, u->role);
	html_printf(b, "</select> <button type=\"submit\">Set role</button></form>\n");
	/* reset link */
	html_printf(b, "<form method=\"post\" action=\"%s/admin/users\" class=\"inline\">", c->px);
	csrf_field(b, c->csrf);
	html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"reset\">"
		    "<input type=\"hidden\" name=\"name\" value=\"%s\">"
		    "<button type=\"submit\">Reset link</button></form>\n", u->name);
	/* remove */
	html_printf(b, "<form method=\"post\" action=\"%s/admin/users\" class=\"inline\">", c->px);
	csrf_field(b, c->csrf);
	html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"remove\">"
		    "<input type=\"hidden\" name=\"name\" value=\"%s\">"
		    "<input type=\"checkbox\" id=\"rm-%ld\" name=\"confirm\" value=\"1\" required>"
		    "<label for=\"rm-%ld\">sure</label> "
		    "<button type=\"submit\">Remove %s</button></form>",
		    u->name, (long)u->id, (long)u->id, u->name);
	html_printf(b, "</td></tr>\n");
	return 0;
}

/* "https://host/prefix" for links shown to copy. */
static void site_base(web_app *app, http_req *req, buf_t *out)
{
	if (app->http.base_url && *app->http.base_url) {
		size_t n = strlen(app->http.base_url);
		while (n > 0 && app->http.base_url[n - 1] == '/')
			n--;
		buf_append(out, app->http.base_url, n);
		return;
	}
	const char *host = http_header(req, "Host");
	buf_printf(out, "http://%s%s", host ? host : "localhost", page_prefix(app));
}

/* The users page; link (may be NULL) is a just-made invite or reset link,
 * shown once, for user link_for. */
static void users_page(web_app *app, http_req *req, http_res *res, int code,
		       const char *msg, int error, const char *link,
		       const char *link_kind, const char *link_for)
{
	const viewer_t *v = web_viewer(req);
	buf_t *b = http_body(res);
	quire_error err = {0};
	const char *px = page_prefix(app);
	store_t *st = page_store(app, req, res);

	if (!st)
		return;
	no_store(res);
	http_status(res, code);
	page_begin(b, app, req, "Users", NULL);
	html_printf(b, "<h1>Users</h1>\n");
	notice(b, msg, error);
	if (link) {
		html_printf(b,
			"<div class=\"notice\" role=\"status\"><p>The %S link for "
			"<strong>%s</strong> (shown only now: copy it and send it "
			"to them; it works once, for %S):</p>\n"
			"<p><label for=\"made-link\" class=\"vh\">Link</label>"
			"<input id=\"made-link\" readonly size=\"60\" value=\"%s\"></p></div>\n",
			link_kind, link_for,
			strcmp(link_kind, "invite") == 0 ? "7 days" : "24 hours",
			link);
	}
	html_printf(b, "<h2>Invite someone</h2>\n"
		    "<form method=\"post\" action=\"%s/admin/users\" class=\"stack\">\n", px);
	csrf_field(b, v->csrf);
	html_printf(b, "<input type=\"hidden\" name=\"action\" value=\"invite\">\n"
		    "<p><label for=\"inv-name\">User name</label>\n"
		    "<input id=\"inv-name\" name=\"name\" required maxlength=\"64\" "
		    "pattern=\"[A-Za-z0-9._@\\-]+\" autocapitalize=\"none\" "
		    "aria-describedby=\"inv-hint\">\n"
		    "<small id=\"inv-hint\">Letters, digits, '.', '_', '-' or '@'.</small></p>\n"
		    "<p><label for=\"inv-role\">Role</label>\n"
		    "<select id=\"inv-role\" name=\"role\">");
	role_options(b, "reader");
	html_printf(b, "</select></p>\n"
		    "<p><button type=\"submit\">Make an invite link</button></p>\n"
		    "</form>\n"
		    "<h2>Everyone</h2>\n"
		    "<p>Readers open members' papers; members also upload and "
		    "edit their own; admins do everything.</p>\n"
		    "<div class=\"table-wrap\"><table>\n"
		    "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Role</th>"
		    "<th scope=\"col\">Status</th><th scope=\"col\">Since</th>"
		    "<th scope=\"col\">Change</th></tr></thead>\n<tbody>\n");
	users_ctx c = {b, px, v->csrf, v->name};
	if (st_user_list(st, user_row, &c, &err) != QUIRE_OK)
		html_printf(b, "<tr><td colspan=\"5\">The list cannot be read right now.</td></tr>\n");
	html_printf(b, "</tbody></table></div>\n");
	page_end(b, app, req);
}

/* Admins go on; others get 403, visitors are sent to sign in (1: handled). */
static int need_admin(web_app *app, http_req *req, http_res *res)
{
	const viewer_t *v = web_viewer(req);
	if (need_signin(app, req, res))
		return 1;
	if (v->role != ROLE_ADMIN) {
		no_store(res);
		page_message(app, req, res, 403, "Not allowed",
			     "Only administrators manage accounts.", 0);
		return 1;
	}
	return 0;
}

void page_admin_users(void *app, http_req *req, http_res *res)
{
	if (need_admin(app, req, res))
		return;
	users_page(app, req, res, 200, http_query(req, "msg") ? "Done." : NULL,
		   0, NULL, NULL, NULL);
}

void page_admin_users_post(void *app, http_req *req, http_res *res)
{
	web_app *w = app;
	quire_error err = {0};
	char tok[AUTH_TOKEN_LEN + 1], why[sizeof err.msg + 2];
	const char *action = http_form(req, "action");
	const char *name = http_form(req, "name");
	const char *role = http_form(req, "role");
	int64_t now = now_s();

	if (need_admin(w, req, res))
		return;
	if (!csrf_ok(w, req, res))
		return;
	store_t *st = page_store(w, req, res);
	if (!st)
		return;
	if (!action || !name) {
		users_page(w, req, res, 400, "The form was incomplete.", 1, NULL, NULL, NULL);
		return;
	}
	quire_arena *a = http_arena(req);
	st_user u;
	quire_status s;
	if (strcmp(action, "invite") == 0 || strcmp(action, "reset") == 0) {
		int invite = action[0] == 'i';
		s = invite ? auth_invite(st, name, role ? role : "reader", now, tok, &err)
			   : auth_reset_link(st, name, now, 0, tok, &err);
		if (s != QUIRE_OK) {
			users_page(w, req, res, s == QUIRE_ENOTFOUND ? 404 : 400,
				   s == QUIRE_ENOTFOUND ? "There is no such user."
							: sentence(&err, why, sizeof why),
				   1, NULL, NULL, NULL);
			return;
		}
		buf_t link = BUF_INIT;
		site_base(w, req, &link);
		buf_printf(&link, "/%s/%s", invite ? "invite" : "reset", tok);
		const char *l = buf_to_arena(&link, a);
		buf_free(&link);
		users_page(w, req, res, 200, NULL, 0, l ? l : "",
			   invite ? "invite" : "reset", name);
		return;
	}
	s = st_user_get(st, name, 0, a, &u, &err);
	if (s == QUIRE_OK && strcmp(action, "role") == 0) {
		s = st_user_set_role(st, u.id, role, &err);
	} else if (s == QUIRE_OK && strcmp(action, "remove") == 0) {
		if (!http_form(req, "confirm")) {
			users_page(w, req, res, 400, "Tick the box to confirm the removal.",
				   1, NULL, NULL, NULL);
			return;
		}
		s = st_user_remove(st, u.id, &err);
	} else if (s == QUIRE_OK) {
		users_page(w, req, res, 400, "Unknown action.", 1, NULL, NULL, NULL);
		return;
	}
	if (s != QUIRE_OK) {
		users_page(w, req, res, s == QUIRE_ENOTFOUND ? 404 : 400,
			   s == QUIRE_ENOTFOUND ? "There is no such user."
						: sentence(&err, why, sizeof why),
			   1, NULL, NULL, NULL);
		return;
	}
	no_store(res);
	http_redirect(res, 303, "/admin/users?msg=done");
}
