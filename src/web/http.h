/*
 * http.h — quire's HTTP layer: requests in, responses out.
 *
 * libmicrohttpd (Debian's libmicrohttpd) owns the sockets, HTTP/1.1 framing,
 * keep-alive and the thread pool; this module turns each request into an
 * http_req (method, path below the prefix, query, form fields, uploaded
 * files, cookies, headers) and each handler's http_res into a response.
 * Parsing what libmicrohttpd leaves to us — query strings, urlencoded and
 * multipart bodies, cookies — is our own code (httpparse.h), bounded and
 * fuzzed.  Every request gets an arena, freed when the response is sent.
 *
 * Handlers are declared once, in the route table of web.c; a route pattern
 * matches path segments literally, or binds one with ":name"
 * ("/paper/:id" binds "id"; http_param() reads it).
 */
#ifndef QUIRE_HTTP_H
#define QUIRE_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "quire.h"

typedef struct http_req http_req;
typedef struct http_res http_res;

/* One uploaded file of a multipart/form-data body. */
typedef struct http_file {
	const char *field;    /* the form field's name */
	const char *filename; /* as the browser sent it: never used as a path */
	const char *type;     /* Content-Type of the part, or NULL */
	const unsigned char *data;
	size_t len;
} http_file;

/* ---- reading a request (all strings live in the request's arena) ---- */

const char *http_method(const http_req *r);        /* "GET", "POST", … */
const char *http_path(const http_req *r);          /* decoded, below the prefix: "/paper/k7mx2qd-title" */
const char *http_param(const http_req *r, const char *name);  /* a ":name" route segment */
const char *http_query(const http_req *r, const char *name);  /* first value, or NULL */
/* Every value of a repeated query parameter (?tag=a&tag=b); *n gets the count. */
const char *const *http_query_all(const http_req *r, const char *name, size_t *n);
const char *http_form(const http_req *r, const char *name);   /* urlencoded or multipart text field */
size_t http_n_files(const http_req *r);
const http_file *http_file_at(const http_req *r, size_t i);
/* The request body as received (JSON API bodies); *len gets its length.
 * NULL with *len 0 when there is none. */
const char *http_body_in(const http_req *r, size_t *len);
const char *http_cookie(const http_req *r, const char *name);
const char *http_header(const http_req *r, const char *name); /* case-insensitive */
/* The client's address: the peer's, or with trust_proxy the last address
 * of X-Forwarded-For (the one the proxy added) when it is one. */
const char *http_client_ip(const http_req *r);
/* The request target as received (prefix, path and query, undecoded):
 * a key for caches of whole responses. */
const char *http_target(const http_req *r);
quire_arena *http_arena(http_req *r);               /* per-request memory */
/* The application's per-request slot (web.c keeps the viewer there). */
void *http_user(const http_req *r);
void http_set_user(http_req *r, void *u);

/* ---- writing a response ---- */

void http_status(http_res *res, int code);          /* default 200 */
int http_res_status(const http_res *res);           /* the status set so far */
/* A header set so far (case-insensitive name; the last Set-Cookie), or NULL. */
const char *http_res_header(const http_res *res, const char *name);
/* Sets a header (replacing one of the same name). */
void http_header_set(http_res *res, const char *name, const char *value);
/* The body being built; Content-Type defaults to text/html; charset=utf-8. */
buf_t *http_body(http_res *res);
/* A cookie: HttpOnly and SameSite=Lax always; Secure when the site is
 * served over TLS (base URL https://); max_age < 0 deletes it. */
void http_cookie_set(http_res *res, const char *name, const char *value,
		     long max_age);
/* A redirect to a path below the prefix ("/paper/x"); 303 after a POST. */
void http_redirect(http_res *res, int code, const char *path);
/* A file download: bytes copied, Content-Disposition with a safe name. */
void http_send_bytes(http_res *res, const unsigned char *data, size_t len,
		     const char *content_type, const char *download_name);

/* ---- the server ---- */

typedef struct http_server http_server;
typedef void (*http_handler)(void *app, http_req *req, http_res *res);

/* A route's handler runs on a worker (http.c: one queue for every
 * connection), so it may block on the library.  A quick route's handler
 * is first called on the event loop that read the request: it answers at
 * once when it can (a page from the cache) and otherwise calls
 * http_offload() and returns, writing nothing; it is then called again on
 * a worker, where http_offload() returns 0. */
typedef struct http_route {
	const char *method;  /* "GET", "POST", or NULL for any */
	const char *pattern; /* "/paper/:id", "/api/v1/papers" */
	http_handler fn;
	int quick;           /* call fn on the event loop first (see above) */
} http_route;

/* In a quick route's first call: hands the request to a worker (the
 * handler must return at once; what it wrote is dropped) and returns 1.
 * Everywhere else: 0, go on. */
int http_offload(http_req *r);

typedef struct http_config {
	const char *bind;       /* address, default "127.0.0.1" */
	unsigned port;          /* default 8080 */
	const char *base_url;   /* "https://example.org/library" or NULL: prefix and scheme from it */
	size_t max_body;        /* bytes of a request body accepted (upload limit) */
	unsigned threads;       /* worker threads (default: 2x cores) */
	const char *access_log; /* path, "-" for stderr, NULL for none */
	unsigned grace_seconds; /* http_stop() waits this long for requests in flight (0: 15) */
	int any_port;           /* listen on a port the system picks (tests); see http_port() */
	int trust_proxy;        /* behind a reverse proxy: the client is the last address of X-Forwarded-For */
} http_config;

/* A route whose method is HTTP_ERROR_ROUTE is not matched against paths:
 * its handler writes the error pages (404, 405, 413, 400, and any status
 * >= 400 a handler set without writing a body).  The status is already
 * set on the response when it is called; it writes the body. */
#define HTTP_ERROR_ROUTE "*error*"

/* Starts serving routes[0..n) with app as the handlers' first argument. */
quire_status http_start(const http_config *cfg, const http_route *routes,
			size_t n, void *app, http_server **out, quire_error *err);
/* Stops accepting, lets requests in flight finish, frees the server. */
void http_stop(http_server *s);
/* The path prefix from the base URL ("/library", or ""). */
const char *http_prefix(const http_server *s);
/* The site's absolute URL without a trailing '/': the base URL given,
 * else "http://BIND:PORT" ("https://example.org/library"). */
const char *http_base_url(const http_server *s);
/* The port the server listens on (the one picked with any_port). */
unsigned http_port(const http_server *s);
/* The app pointer given to http_start() and the server of a request. */
void *http_app(const http_req *r);
const http_server *http_server_of(const http_req *r);

#endif
