/*
 * web.h — the web face: the application behind `quire serve`.
 *
 * web.c holds the route table (every page and API endpoint declared once),
 * the per-thread store connections, and the viewer of each request (who is
 * signed in, from the session cookie or an API token).  Pages (page_*.c)
 * and the API (api.c) only call the store, the search interface and the
 * core, and write through html.h's escaping helpers.
 *
 * Who may open a paper's full text (auth_can_open) is decided in one place,
 * auth.c, and every route that shows paper content asks it.
 */
#ifndef QUIRE_WEB_H
#define QUIRE_WEB_H

#include <stdint.h>

#include "http.h"
#include "quire.h"
#include "sandbox.h"
#include "search.h"
#include "store.h"

/* Roles, in increasing power. */
typedef enum web_role {
	ROLE_ANON = 0,   /* not signed in */
	ROLE_READER = 1, /* signed in: opens members' papers */
	ROLE_MEMBER = 2, /* also uploads, edits their own papers */
	ROLE_ADMIN = 3   /* everything, and accounts */
} web_role;

const char *web_role_name(web_role r);             /* "reader" … */
int web_role_parse(const char *s, web_role *out);   /* 0 on success */

/* Who is making the request. */
typedef struct viewer {
	int64_t uid;      /* 0 when anonymous */
	const char *name; /* user name, NULL when anonymous */
	web_role role;
	const char *csrf; /* the session's CSRF token (forms carry it) */
	int via_token;    /* authenticated by an API token (no CSRF needed) */
} viewer_t;

typedef struct web_app {
	const char *library;  /* path of the library file */
	http_config http;
	const char *site_name;/* shown in the header ("quire") */
	size_t max_upload;    /* bytes per uploaded file */
	http_server *server;
	int no_cache;         /* render every page (no page cache): benchmarks */
	struct web_cache *cache; /* rendered pages for anonymous viewers (cache.h); web_start makes it */
	sbx_pool *readers;    /* spawners for the readers of uploads; web_start makes it */
	size_t sitemap_max;   /* papers per sitemap file (0: the protocol's 50,000;
				 web_start reads QUIRE_SITEMAP_MAX, for tests) */
} web_app;

/* The sandbox limits for reading an upload: the defaults, with a spawner
 * lent by app->readers (waiting while all are lent), so the reader's
 * child is forked from a small single-threaded helper, not from the
 * threaded server (its page tables, its threads' locks).  Hand the limits
 * back with web_reader_done() when the read is over. */
sbx_limits web_reader_limits(web_app *app);
void web_reader_done(web_app *app, sbx_limits *lim);

/* The calling thread's connection to the library (opened on first use). */
store_t *web_store(web_app *app, quire_error *err);

/* The request's viewer (never NULL: anonymous when nobody is signed in). */
const viewer_t *web_viewer(http_req *r);

/* The search access of a viewer. */
srch_access web_access(const viewer_t *v);

/* Serves the library until SIGTERM/SIGINT, then shuts down gracefully
 * (web_block_signals, web_start, web_wait_signal, web_stop). */
quire_status web_serve(web_app *app, quire_error *err);

/* The parts of web_serve, for a caller that prints between them (quire
 * serve).  web_start checks that the library opens, then starts the
 * server threads (app->server); http.max_body defaults to max_upload plus
 * 1 MiB for the form around the file.  web_stop quiesces, lets requests in
 * flight finish (http_stop) and closes the calling thread's store. */
quire_status web_start(web_app *app, quire_error *err);
void web_stop(web_app *app);
/* Blocks SIGTERM, SIGINT and SIGPIPE in the calling thread (call it before
 * web_start so the server's threads inherit the mask); 0 on success. */
int web_block_signals(void);
/* Waits for SIGTERM or SIGINT (blocked first); returns the signal. */
int web_wait_signal(void);

/* ---- policy (auth.c) ---- */

/* May v open (read in full, download) a paper of this visibility and owner? */
int auth_can_open(const viewer_t *v, st_visibility vis, const char *owner);
/* May v edit or delete a paper of this owner? */
int auth_can_edit(const viewer_t *v, const char *owner);
/* May v upload papers? */
int auth_can_upload(const viewer_t *v);

#endif
