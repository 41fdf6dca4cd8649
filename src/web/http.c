/*
 * http.c — quire's HTTP layer over libmicrohttpd (http.h).
 *
 * Decisions:
 *  - libmicrohttpd runs the event loops: one a core (at most 4), each
 *    with its own epoll (MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL
 *    and MHD_OPTION_THREAD_POOL_SIZE); they read requests and write
 *    answers.  The handlers run on this module's workers (http_config's
 *    threads, default twice the cores), which take requests from one FIFO
 *    queue: a request read in full suspends its connection
 *    (MHD_ALLOW_SUSPEND_RESUME), a worker builds its answer and resumes
 *    it, and the loop sends it.  Before, a handler ran on the loop that
 *    owned its connection, so a slow one (the sitemap of 100,000 papers
 *    took 7.7 s then)
 *    stalled every connection of that loop, and connections pinned to a
 *    loop of slow searches waited behind them: with 64 connections
 *    searching and a sitemap asked every few seconds, search p99 766 ->
 *    122 ms.  A queued request carries a copy of its headers, so a worker
 *    never calls libmicrohttpd for a suspended connection; at a stop the
 *    requests still queued after the grace period are answered 503 (no
 *    connection may stay suspended when the daemon stops).  A quick
 *    route (http.h) is first called on the event loop, which answers a
 *    page from the cache at once (a hop to a worker and back halved the
 *    cached search's requests per second) and hands a miss on with
 *    http_offload().  A request that matches no route is answered on the
 *    loop too.
 *  - The request object is made in the URI-log callback, which sees the
 *    raw request target before libmicrohttpd unescapes it; the path and the
 *    query are then split and percent-decoded here (httpparse.c), once and
 *    the same way for every route.  The object lives until libmicrohttpd's
 *    "request completed" notice, which also writes the access-log line.
 *  - A body is accumulated up to max_body; a declared Content-Length above
 *    it is refused with 413 before any of it is read, a chunked body that
 *    grows past it is dropped and answered with 413 at its end.
 *  - Routes are matched segment by segment on the decoded path: a literal
 *    segment must be equal, ":name" binds one non-empty segment.  A path
 *    that matches a route's shape but not its method is a 405 with Allow.
 *  - Every response carries the security headers (CSP, nosniff,
 *    Referrer-Policy, X-Frame-Options), whatever made it.
 *  - Graceful stop: the listening socket is closed first (quiesce), then
 *    the requests in flight (counted from their first byte to their
 *    completion notice) get up to grace_seconds to finish, then the daemon
 *    stops (closing idle keep-alive connections).
 *  - libmicrohttpd is not linked into quire: http_start() opens it at run
 *    time (dlopen) and calls it through a table resolved by dlsym
 *    (mhd_api, each entry typed from microhttpd.h with __typeof__), kept
 *    in the server.  It and what it brings (GnuTLS, nettle, p11-kit, idn2,
 *    …) cost every quire start about 2 ms of loading and relocation, and
 *    only `quire serve` needs it.  A missing library is a plain error
 *    naming the Debian package.
 *  - Nothing here prints: libmicrohttpd's own error log is off; the access
 *    log is a file this module writes one line to per request with a
 *    single write() on an O_APPEND descriptor, so lines never interleave.
 */
#include "http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <dlfcn.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "httpparse.h"

/* libmicrohttpd is opened at run time by http_start(), not linked. */
#define MHD_LIB "libmicrohttpd.so.12"

#define MAX_PARAMS 8
#define MAX_SEGMENTS 64
#define DEFAULT_GRACE 15

static const char csp_value[] =
	"default-src 'none'; style-src 'self'; img-src 'self' data:; "
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/* The libmicrohttpd functions this module calls, resolved at run time. */
#define MHD_API_FUNCS(X) X(MHD_add_response_header) \
	X(MHD_create_response_from_buffer) \
	X(MHD_destroy_response) \
	X(MHD_get_connection_info) \
	X(MHD_get_daemon_info) \
	X(MHD_lookup_connection_value) \
	X(MHD_queue_response) \
	X(MHD_quiesce_daemon) \
	X(MHD_start_daemon) \
	X(MHD_stop_daemon) \
	X(MHD_suspend_connection) \
	X(MHD_resume_connection) \
	X(MHD_get_connection_values)

typedef struct mhd_api {
	void *lib;
#define MHD_API_FIELD(f) __typeof__(f) *f;
	MHD_API_FUNCS(MHD_API_FIELD)
#undef MHD_API_FIELD
} mhd_api;

/* Opens libmicrohttpd and resolves the table; QUIRE_EIO when it cannot. */
static quire_status mhd_api_open(mhd_api *api, quire_error *err)
{
	memset(api, 0, sizeof *api);
	api->lib = dlopen(MHD_LIB, RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE);
	if (!api->lib)
		return quire_error_set(err, QUIRE_EIO,
				       "cannot serve: %s could not be loaded "
				       "(is the Debian package libmicrohttpd12 installed?)",
				       MHD_LIB);
	const char *missing = NULL;
#define MHD_API_RESOLVE(f)                                                    \
	if (!missing && !(*(void **)&api->f = dlsym(api->lib, #f)))           \
		missing = #f;
	MHD_API_FUNCS(MHD_API_RESOLVE)
#undef MHD_API_RESOLVE
	if (missing) {
		dlclose(api->lib);
		api->lib = NULL;
		return quire_error_set(err, QUIRE_EIO, "cannot serve: %s has no %s",
				       MHD_LIB, missing);
	}
	return QUIRE_OK;
}

struct http_server {
	mhd_api api;
	struct MHD_Daemon *d;
	const http_route *routes;
	size_t n_routes;
	void *app;
	char prefix[256];   /* "" or "/library" */
	char base_url[512]; /* scheme://host[:port]prefix, no trailing '/' */
	int secure;         /* base URL is https */
	size_t max_body;
	unsigned grace;
	unsigned port;
	int log_fd;         /* -1: no access log */
	int trust_proxy;
	int own_log;        /* log_fd is ours to close */
	atomic_long inflight;
	pthread_mutex_t mu;
	pthread_cond_t idle;
	/* the handlers' queue: one FIFO for every connection, served by
	 * the workers (see the file's comment) */
	pthread_mutex_t jq_mu;
	pthread_cond_t jq_cv;
	http_req *jq_head, *jq_tail;
	int jq_stop;        /* the workers end; queued requests are dropped */
	pthread_t *workers;
	unsigned nworkers;
};

typedef struct hdr {
	const char *name, *value;
	struct hdr *next;
} hdr;

struct http_res {
	int status;
	hdr *headers;
	buf_t body;
	http_req *req;
	int is_redirect;
};

struct http_req {
	http_server *srv;
	struct MHD_Connection *conn;
	quire_arena *arena;
	const char *raw_uri;
	const char *method;
	const char *version;
	char *path;
	hp_list query, form, cookies;
	int cookies_parsed;
	hp_file *files;
	size_t n_files;
	const char *pnames[MAX_PARAMS], *pvals[MAX_PARAMS];
	size_t n_params;
	char *body;
	size_t body_len, body_cap;
	int too_large;
	int started;      /* the access handler has seen it */
	struct timespec t0;
	int status;       /* sent */
	size_t sent;      /* body bytes */
	char ip[64];
	int ip_resolved;  /* X-Forwarded-For looked at (trust_proxy) */
	void *user;
	/* handled by a worker: the connection is suspended meanwhile */
	const http_route *route; /* what the worker runs */
	int in_quick;     /* a quick route's first call, on the event loop */
	int offload;      /* ... which asked for a worker (http_offload) */
	int queued;       /* handed to the queue (once) */
	int handled;      /* the worker is done: resp is the answer */
	struct MHD_Response *resp; /* built by send_res, queued on resume */
	unsigned resp_code;
	hdr *in_headers;  /* the request's headers, copied when queued */
	hdr *in_last;     /* ... the last of them */
	http_req *jnext;  /* the queue's link */
};

/* ---- the request's accessors ---------------------------------------- */

const char *http_method(const http_req *r) { return r->method; }
const char *http_path(const http_req *r) { return r->path ? r->path : "/"; }
quire_arena *http_arena(http_req *r) { return r->arena; }
const char *http_target(const http_req *r) { return r->raw_uri ? r->raw_uri : "/"; }

const char *http_body_in(const http_req *r, size_t *len)
{
	*len = r->body ? r->body_len : 0;
	return r->body_len ? r->body : NULL;
}
void *http_user(const http_req *r) { return r->user; }
void http_set_user(http_req *r, void *u) { r->user = u; }
void *http_app(const http_req *r) { return r->srv->app; }
const http_server *http_server_of(const http_req *r) { return r->srv; }

const char *http_param(const http_req *r, const char *name)
{
	for (size_t i = 0; i < r->n_params; i++)
		if (strcmp(r->pnames[i], name) == 0)
			return r->pvals[i];
	return NULL;
}

const char *http_query(const http_req *r, const char *name)
{
	return hp_get(&r->query, name);
}

const char *const *http_query_all(const http_req *r, const char *name,
				  size_t *n)
{
	return hp_get_all(&r->query, name, r->arena, n);
}

const char *http_form(const http_req *r, const char *name)
{
	return hp_get(&r->form, name);
}

size_t http_n_files(const http_req *r) { return r->n_files; }

const http_file *http_file_at(const http_req *r, size_t i)
{
	if (i >= r->n_files)
		return NULL;
	/* hp_file and http_file have the same members in the same order */
	return (const http_file *)&r->files[i];
}

const char *http_header(const http_req *r, const char *name)
{
	/* a queued request reads its copy: a worker never calls into
	 * libmicrohttpd for a suspended connection */
	if (r->queued) {
		for (const hdr *h = r->in_headers; h; h = h->next)
			if (strcasecmp(h->name, name) == 0)
				return h->value;
		return NULL;
	}
	return r->srv->api.MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(const http_req *r, const char *name)
{
	http_req *w = (http_req *)r; /* parsed on first use */
	if (!w->cookies_parsed) {
		w->cookies_parsed = 1;
		const char *c = http_header(r, "Cookie");
		if (c)
			(void)hp_parse_cookies(w->arena, c, strlen(c),
					       &w->cookies);
	}
	return hp_get(&r->cookies, name);
}

const char *http_client_ip(const http_req *r)
{
	http_req *w = (http_req *)r; /* resolved on first use */
	if (!r->srv->trust_proxy || r->ip_resolved)
		return r->ip;
	w->ip_resolved = 1;
	const char *xff = http_header(r, "X-Forwarded-For");
	if (!xff)
		return r->ip;
	const char *last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ' || *last == '\t')
		last++;
	char cand[64];
	size_t n = strcspn(last, " \t");
	if (n == 0 || n >= sizeof cand)
		return r->ip;
	memcpy(cand, last, n);
	cand[n] = '\0';
	unsigned char sa[sizeof(struct in6_addr)];
	if (inet_pton(AF_INET, cand, sa) == 1 || inet_pton(AF_INET6, cand, sa) == 1)
		memcpy(w->ip, cand, n + 1);
	return r->ip;
}

/* ---- the server's accessors ---------------------------------------- */

const char *http_prefix(const http_server *s) { return s ? s->prefix : ""; }
const char *http_base_url(const http_server *s) { return s ? s->base_url : ""; }
unsigned http_port(const http_server *s) { return s ? s->port : 0; }

/* ---- building a response -------------------------------------------- */

void http_status(http_res *res, int code) { res->status = code; }
int http_res_status(const http_res *res) { return res->status; }

const char *http_res_header(const http_res *res, const char *name)
{
	for (const hdr *h = res->headers; h; h = h->next)
		if (strcasecmp(h->name, name) == 0)
			return h->value;
	return NULL;
}

buf_t *http_body(http_res *res) { return &res->body; }

void http_header_set(http_res *res, const char *name, const char *value)
{
	quire_arena *a = res->req->arena;
	for (hdr *h = res->headers; h; h = h->next)
		if (strcasecmp(h->name, name) == 0) {
			h->value = quire_arena_strndup(a, value, strlen(value));
			return;
		}
	hdr *h = quire_arena_alloc(a, sizeof *h);
	if (!h)
		return;
	h->name = quire_arena_strndup(a, name, strlen(name));
	h->value = quire_arena_strndup(a, value, strlen(value));
	if (!h->name || !h->value)
		return;
	h->next = res->headers;
	res->headers = h;
}

/* Set-Cookie may repeat: appended, never replaced. */
static void header_add(http_res *res, const char *name, const char *value)
{
	quire_arena *a = res->req->arena;
	hdr *h = quire_arena_alloc(a, sizeof *h);
	if (!h)
		return;
	h->name = name;
	h->value = quire_arena_strndup(a, value, strlen(value));
	if (!h->value)
		return;
	h->next = res->headers;
	res->headers = h;
}

/* Cookie names and values are tokens we make ourselves; anything that
 * could break the header is refused rather than escaped. */
static int cookie_safe(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c <= 0x20 || c >= 0x7f || c == ';' || c == ',' ||
		    c == '"' || c == '\\')
			return 0;
	}
	return 1;
}

void http_cookie_set(http_res *res, const char *name, const char *value,
		     long max_age)
{
	if (!value || max_age < 0)
		value = "";
	if (!cookie_safe(name) || !*name || !cookie_safe(value))
		return;
	const http_server *s = res->req->srv;
	char line[1024];
	int n = snprintf(line, sizeof line,
			 "%s=%s; Path=%s/; HttpOnly; SameSite=Lax%s", name,
			 value, s->prefix, s->secure ? "; Secure" : "");
	if (n < 0 || (size_t)n >= sizeof line - 40)
		return;
	if (max_age < 0)
		snprintf(line + n, sizeof line - (size_t)n,
			 "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
	else if (max_age > 0)
		snprintf(line + n, sizeof line - (size_t)n, "; Max-Age=%ld",
			 max_age);
	header_add(res, "Set-Cookie", line);
}

void http_redirect(http_res *res, int code, const char *path)
{
	buf_t b = BUF_INIT;
	if (!path || path[0] != '/' || path[1] == '/' || path[1] == '\\')
		path = "/"; /* only paths of this site */
	buf_puts(&b, res->req->srv->prefix);
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x21 || c >= 0x7f)
			buf_printf(&b, "%%%02X", c); /* no header splitting */
		else
			buf_putc(&b, (char)c);
	}
	if (!buf_failed(&b))
		http_header_set(res, "Location", b.p);
	buf_free(&b);
	res->status = code;
	res->is_redirect = 1;
	buf_reset(&res->body);
}

void http_send_bytes(http_res *res, const unsigned char *data, size_t len,
		     const char *content_type, const char *download_name)
{
	buf_reset(&res->body);
	buf_append(&res->body, data, len);
	http_header_set(res, "Content-Type",
			content_type ? content_type : "application/octet-stream");
	if (download_name) {
		/* an ASCII fallback name plus the exact one in RFC 5987 form */
		buf_t h = BUF_INIT;
		buf_puts(&h, "attachment; filename=\"");
		for (const char *p = download_name; *p; p++) {
			unsigned char c = (unsigned char)*p;
			buf_putc(&h, (c < 0x20 || c >= 0x7f || c == '"' ||
				      c == '\\' || c == '/')
					     ? '_'
					     : (char)c);
		}
		buf_puts(&h, "\"; filename*=UTF-8''");
		for (const char *p = download_name; *p; p++) {
			unsigned char c = (unsigned char)*p;
			if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			    (c >= '0' && c <= '9') || c == '.' || c == '-' ||
			    c == '_')
				buf_putc(&h, (char)c);
			else
				buf_printf(&h, "%%%02X", c);
		}
		if (!buf_failed(&h))
			http_header_set(res, "Content-Disposition", h.p);
		buf_free(&h);
	}
}

/* ---- the access log -------------------------------------------------- */

static void access_log(http_req *r)
{
	http_server *s = r->srv;
	if (s->log_fd < 0 || !r->started)
		return;
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long long us = (long long)(t1.tv_sec - r->t0.tv_sec) * 1000000LL +
		       (t1.tv_nsec - r->t0.tv_nsec) / 1000;
	time_t now = time(NULL);
	struct tm tm;
	char when[64];
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S %z", &tm);
	buf_t b = BUF_INIT;
	buf_printf(&b, "%s - - [%s] \"%s ", http_client_ip(r), when,
		   r->method ? r->method : "-");
	/* the request target, with anything unprintable escaped */
	const char *u = r->raw_uri ? r->raw_uri : "-";
	for (size_t i = 0; i < 2048 && u[i]; i++) {
		unsigned char c = (unsigned char)u[i];
		if (c < 0x21 || c >= 0x7f || c == '"' || c == '\\')
			buf_printf(&b, "\\x%02x", c);
		else
			buf_putc(&b, (char)c);
	}
	buf_printf(&b, " %s\" %d %zu %lld\n", r->version ? r->version : "-",
		   r->status, r->sent, us);
	if (!buf_failed(&b)) {
		ssize_t w = write(s->log_fd, b.p, b.len);
		(void)w;
	}
	buf_free(&b);
}

/* ---- sending ---------------------------------------------------------- */

static void add_security_headers(const mhd_api *api, struct MHD_Response *resp)
{
	api->MHD_add_response_header(resp, "Content-Security-Policy", csp_value);
	api->MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	api->MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	api->MHD_add_response_header(resp, "X-Frame-Options", "DENY");
}

static enum MHD_Result send_res(http_req *r, http_res *res)
{
	const mhd_api *api = &r->srv->api;
	size_t len = 0;
	char *p = NULL;
	if (res->status == 304 || res->status == 204)
		buf_reset(&res->body);
	if (buf_failed(&res->body)) {
		buf_reset(&res->body);
		res->status = 500;
		buf_puts(&res->body, "<!doctype html><title>Error</title>"
				     "<p>Something went wrong on the server.</p>\n");
	}
	if (res->body.len)
		p = buf_detach(&res->body, &len);
	struct MHD_Response *resp = api->MHD_create_response_from_buffer(
		len, p ? p : (void *)"", p ? MHD_RESPMEM_MUST_FREE
					   : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		free(p);
		return MHD_NO;
	}
	int has_type = 0;
	for (hdr *h = res->headers; h; h = h->next) {
		if (strcasecmp(h->name, "Content-Type") == 0)
			has_type = 1;
		api->MHD_add_response_header(resp, h->name, h->value);
	}
	if (!has_type && res->status != 304)
		api->MHD_add_response_header(resp, "Content-Type",
					"text/html; charset=utf-8");
	add_security_headers(api, resp);
	r->status = res->status;
	r->sent = len;
	if (r->queued) { /* a worker: libmicrohttpd queues it on resume */
		r->resp = resp;
		r->resp_code = (unsigned)res->status;
		return MHD_YES;
	}
	enum MHD_Result ok = api->MHD_queue_response(r->conn, (unsigned)res->status,
						resp);
	api->MHD_destroy_response(resp);
	return ok;
}

/* A response made by this layer alone (413, 400, or when no handler
 * could be found): a short plain page; web.c's error pages are used for
 * 404/405 through the routes' fallback (see dispatch). */
static enum MHD_Result send_plain(http_req *r, int code, const char *msg)
{
	http_res res = {code, NULL, BUF_INIT, r, 0};
	buf_printf(&res.body,
		   "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
		   "<title>%s</title></head><body><h1>%s</h1></body></html>\n",
		   msg, msg);
	enum MHD_Result ok = send_res(r, &res);
	buf_free(&res.body);
	return ok;
}

/* ---- routing ------------------------------------------------------------- */

/* Splits the raw path (below the prefix) into decoded segments and the
 * decoded path; -1 when a segment decodes to a NUL or a '/' (400) or has
 * too many segments. */
static int split_path(http_req *r, const char *raw, size_t n, char **seg,
		      size_t *nseg)
{
	buf_t b = BUF_INIT;
	*nseg = 0;
	size_t i = 0;
	if (n == 0 || raw[0] != '/')
		return -1;
	while (i < n) {
		i++; /* the '/' */
		const char *s = raw + i;
		const char *e = memchr(s, '/', n - i);
		size_t len = e ? (size_t)(e - s) : n - i;
		i += len;
		size_t dl;
		char *d = hp_decode_dup(r->arena, s, len, 0, &dl);
		if (!d || dl != strlen(d) || memchr(d, '/', dl)) {
			buf_free(&b);
			return -1;
		}
		buf_putc(&b, '/');
		buf_append(&b, d, dl);
		if (len == 0 && !e)
			break; /* a trailing '/' */
		if (*nseg >= MAX_SEGMENTS) {
			buf_free(&b);
			return -1;
		}
		seg[(*nseg)++] = d;
	}
	r->path = buf_to_arena(&b, r->arena);
	buf_free(&b);
	return r->path ? 0 : -1;
}

static int method_ok(const char *want, const char *got)
{
	if (!want)
		return 1;
	if (strcmp(want, got) == 0)
		return 1;
	return strcmp(want, "GET") == 0 && strcmp(got, "HEAD") == 0;
}

/* Does route pattern pat match the segments?  Binds params into r. */
static int match(http_req *r, const char *pat, char **seg, size_t nseg)
{
	size_t k = 0, np = 0;
	const char *p = pat;
	if (*p == '/')
		p++;
	if (*p == '\0')
		return nseg == 0;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (k >= nseg)
			return 0;
		if (p[0] == ':') {
			if (seg[k][0] == '\0' || np >= MAX_PARAMS)
				return 0;
			char *nm = quire_arena_strndup(r->arena, p + 1, len - 1);
			if (!nm)
				return 0;
			r->pnames[np] = nm;
			r->pvals[np] = seg[k];
			np++;
		} else if (strlen(seg[k]) != len || memcmp(seg[k], p, len) != 0) {
			return 0;
		}
		k++;
		p += len;
		if (*p == '/')
			p++;
	}
	if (k != nseg)
		return 0;
	r->n_params = np;
	return 1;
}

/* The fallback handler for 404/405/413/400, when web.c registered one:
 * a route whose method is "*ERROR*"; its handler reads the status set. */
static const http_route *error_route(http_server *s)
{
	for (size_t i = 0; i < s->n_routes; i++)
		if (s->routes[i].method &&
		    strcmp(s->routes[i].method, HTTP_ERROR_ROUTE) == 0)
			return &s->routes[i];
	return NULL;
}

static enum MHD_Result respond_error(http_req *r, int code, const char *allow)
{
	const http_route *er = error_route(r->srv);
	if (!er)
		return send_plain(r, code,
				  code == 404   ? "Not found"
				  : code == 405 ? "Method not allowed"
				  : code == 413 ? "Too large"
						: "Bad request");
	http_res res = {code, NULL, BUF_INIT, r, 0};
	if (allow)
		http_header_set(&res, "Allow", allow);
	er->fn(r->srv->app, r, &res);
	enum MHD_Result ok = send_res(r, &res);
	buf_free(&res.body);
	return ok;
}

/* Parses the body as a form when it is one; -1 bad, -2 over a limit. */
static int parse_body(http_req *r)
{
	const char *ct = http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (!ct || r->body_len == 0)
		return 0;
	hp_status st = HP_OK;
	if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
		st = hp_parse_urlencoded(r->arena, r->body, r->body_len,
					 HP_MAX_FIELDS, &r->form);
	} else if (strncasecmp(ct, "multipart/form-data", 19) == 0) {
		const char *b = hp_boundary(r->arena, ct);
		if (!b)
			return -1;
		st = hp_parse_multipart(r->arena, b, r->body, r->body_len,
					&r->form, &r->files, &r->n_files);
	}
	return st == HP_OK ? 0 : st == HP_ELIMIT ? -2 : -1;
}

/* Sends res (a handler's answer; the error page for a status >= 400
 * without a body). */
static enum MHD_Result finish(http_req *r, http_res *res)
{
	if (res->status >= 400 && res->body.len == 0 && !res->is_redirect) {
		const http_route *er = error_route(r->srv);
		if (er)
			er->fn(r->srv->app, r, res);
	}
	enum MHD_Result ok = send_res(r, res);
	buf_free(&res->body);
	return ok;
}

/* Runs the route's handler and sends its answer. */
static enum MHD_Result run(http_req *r, const http_route *hit)
{
	http_res res = {200, NULL, BUF_INIT, r, 0};
	hit->fn(r->srv->app, r, &res);
	return finish(r, &res);
}

/* Routes r: a request that cannot be routed is answered at once; a
 * handler runs on a worker (the connection suspended meanwhile), a quick
 * route's first on this event loop (http.h). */
static int queue_push(http_server *s, http_req *r);

static enum MHD_Result dispatch(http_req *r)
{
	http_server *s = r->srv;
	const char *raw = r->raw_uri ? r->raw_uri : "/";
	const char *q = strchr(raw, '?');
	size_t plen = q ? (size_t)(q - raw) : strlen(raw);
	const char *frag = memchr(raw, '#', plen);
	if (frag)
		plen = (size_t)(frag - raw);
	if (q) {
		const char *qe = strchr(q + 1, '#');
		size_t qn = qe ? (size_t)(qe - q - 1) : strlen(q + 1);
		if (hp_parse_urlencoded(r->arena, q + 1, qn, HP_MAX_FIELDS,
					&r->query) != HP_OK)
			return respond_error(r, 400, NULL);
	}
	/* the prefix: "/lib" and "/lib/…" are ours, "/library" is not */
	size_t pre = strlen(s->prefix);
	if (pre) {
		if (plen < pre || memcmp(raw, s->prefix, pre) != 0 ||
		    (plen > pre && raw[pre] != '/'))
			return respond_error(r, 404, NULL);
		if (plen == pre) {
			http_res res = {301, NULL, BUF_INIT, r, 0};
			http_redirect(&res, 301, "/");
			enum MHD_Result ok = send_res(r, &res);
			buf_free(&res.body);
			return ok;
		}
		raw += pre;
		plen -= pre;
	}
	char *seg[MAX_SEGMENTS];
	size_t nseg;
	if (split_path(r, raw, plen, seg, &nseg) != 0)
		return respond_error(r, plen > 0 && raw[0] == '/' ? 404 : 400,
				     NULL);
	if (r->too_large)
		return respond_error(r, 413, NULL);
	int pb = parse_body(r);
	if (pb == -2)
		return respond_error(r, 413, NULL);
	if (pb == -1)
		return respond_error(r, 400, NULL);

	const http_route *hit = NULL;
	buf_t allow = BUF_INIT;
	for (size_t i = 0; i < s->n_routes; i++) {
		const http_route *rt = &s->routes[i];
		if (rt->method && strcmp(rt->method, HTTP_ERROR_ROUTE) == 0)
			continue;
		if (!match(r, rt->pattern, seg, nseg))
			continue;
		if (method_ok(rt->method, r->method)) {
			hit = rt;
			break;
		}
		if (!strstr(allow.p ? allow.p : "", rt->method)) {
			if (allow.len)
				buf_puts(&allow, ", ");
			buf_puts(&allow, rt->method);
			if (strcmp(rt->method, "GET") == 0)
				buf_puts(&allow, ", HEAD");
		}
	}
	if (!hit) {
		enum MHD_Result ok;
		if (allow.len) {
			char *al = buf_to_arena(&allow, r->arena);
			ok = respond_error(r, 405, al);
		} else {
			ok = respond_error(r, 404, NULL);
		}
		buf_free(&allow);
		return ok;
	}
	buf_free(&allow);
	/* bind the params again (a later shape may have overwritten them) */
	(void)match(r, hit->pattern, seg, nseg);
	if (s->nworkers && !r->queued) {
		if (hit->quick) { /* an answer at once, or a worker */
			r->in_quick = 1;
			http_res res = {200, NULL, BUF_INIT, r, 0};
			hit->fn(s->app, r, &res);
			r->in_quick = 0;
			if (!r->offload)
				return finish(r, &res);
			buf_free(&res.body);
		}
		r->route = hit;
		if (queue_push(s, r) == 0)
			return MHD_YES;
		/* the workers are stopping: answered here */
	}
	return run(r, hit);
}

int http_offload(http_req *r)
{
	if (!r->in_quick)
		return 0;
	r->offload = 1;
	return 1;
}

/* ---- the handlers' queue -------------------------------------------- */

/* Copies one request header into r (MHD_get_connection_values). */
static enum MHD_Result copy_header(void *cls, enum MHD_ValueKind kind,
				   const char *key, const char *value)
{
	http_req *r = cls;
	(void)kind;
	hdr *h = quire_arena_alloc(r->arena, sizeof *h);
	if (!h || !key)
		return MHD_YES;
	h->name = quire_arena_strndup(r->arena, key, strlen(key));
	h->value = quire_arena_strndup(r->arena, value ? value : "",
				       value ? strlen(value) : 0);
	if (!h->name || !h->value)
		return MHD_YES;
	/* kept in the order received: the first of a name wins, as with
	 * MHD_lookup_connection_value */
	h->next = NULL;
	if (r->in_last)
		r->in_last->next = h;
	else
		r->in_headers = h;
	r->in_last = h;
	return MHD_YES;
}

/* Hands r to the workers: its headers copied, its connection suspended
 * until a worker has built the answer.  -1 when the workers are stopping
 * (the caller answers it itself). */
static int queue_push(http_server *s, http_req *r)
{
	pthread_mutex_lock(&s->jq_mu);
	if (s->jq_stop) {
		pthread_mutex_unlock(&s->jq_mu);
		return -1;
	}
	s->api.MHD_get_connection_values(r->conn, MHD_HEADER_KIND, copy_header, r);
	r->queued = 1;
	s->api.MHD_suspend_connection(r->conn);
	r->jnext = NULL;
	if (s->jq_tail)
		s->jq_tail->jnext = r;
	else
		s->jq_head = r;
	s->jq_tail = r;
	pthread_cond_signal(&s->jq_cv);
	pthread_mutex_unlock(&s->jq_mu);
	return 0;
}

/* Ends the workers (a request still waiting is answered 503). */
static void workers_stop(http_server *s)
{
	pthread_mutex_lock(&s->jq_mu);
	s->jq_stop = 1;
	pthread_cond_broadcast(&s->jq_cv);
	pthread_mutex_unlock(&s->jq_mu);
	for (unsigned i = 0; i < s->nworkers; i++)
		pthread_join(s->workers[i], NULL);
	free(s->workers);
	s->workers = NULL;
	s->nworkers = 0;
}

/* A worker: takes the oldest request, runs its handler (send_res keeps
 * the answer in the request) and resumes its connection, whose access
 * handler then queues the answer.  When the server stops, the requests
 * still waiting are answered 503, so that none is left suspended. */
static void *worker_main(void *arg)
{
	http_server *s = arg;
	for (;;) {
		pthread_mutex_lock(&s->jq_mu);
		while (!s->jq_head && !s->jq_stop)
			pthread_cond_wait(&s->jq_cv, &s->jq_mu);
		http_req *r = s->jq_head;
		if (r) {
			s->jq_head = r->jnext;
			if (!s->jq_head)
				s->jq_tail = NULL;
		}
		int stop = s->jq_stop;
		pthread_mutex_unlock(&s->jq_mu);
		if (!r)
			break; /* stopping, and nothing waits */
		if (!stop)
			(void)run(r, r->route);
		else
			(void)send_plain(r, 503, "Stopping: try again");
		r->handled = 1;
		s->api.MHD_resume_connection(r->conn);
	}
	return NULL;
}

/* ---- libmicrohttpd callbacks ---------------------------------------- */

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	http_server *s = cls;
	http_req *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->srv = s;
	r->conn = c;
	clock_gettime(CLOCK_MONOTONIC, &r->t0);
	r->arena = quire_arena_new(0);
	if (!r->arena) {
		free(r);
		return NULL;
	}
	r->raw_uri = quire_arena_strndup(r->arena, uri, strnlen(uri, 16384));
	strcpy(r->ip, "-");
	const union MHD_ConnectionInfo *ci =
		s->api.MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET,
				  &((const struct sockaddr_in *)(const void *)sa)->sin_addr,
				  r->ip, sizeof r->ip);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
				  &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
				  r->ip, sizeof r->ip);
	}
	atomic_fetch_add(&s->inflight, 1);
	return r;
}

static void on_done(void *cls, struct MHD_Connection *c, void **con_cls,
		    enum MHD_RequestTerminationCode toe)
{
	http_server *s = cls;
	(void)c;
	(void)toe;
	http_req *r = *con_cls;
	if (!r)
		return;
	*con_cls = NULL;
	access_log(r);
	if (r->resp)
		s->api.MHD_destroy_response(r->resp);
	free(r->body);
	quire_arena_free(r->arena);
	free(r);
	if (atomic_fetch_sub(&s->inflight, 1) == 1) {
		pthread_mutex_lock(&s->mu);
		pthread_cond_broadcast(&s->idle);
		pthread_mutex_unlock(&s->mu);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	http_server *s = cls;
	(void)url;
	http_req *r = *con_cls;
	if (!r)
		return MHD_NO; /* out of memory in on_uri */
	if (!r->started) {
		r->started = 1;
		r->method = quire_arena_strndup(r->arena, method, strlen(method));
		r->version = quire_arena_strndup(r->arena, version,
						 strnlen(version, 16));
		if (!r->method || !r->version)
			return MHD_NO;
		const char *cl = s->api.MHD_lookup_connection_value(
			c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(cl, &end, 10);
			if (errno || *end || v > s->max_body) {
				r->too_large = 1;
				/* answered now: the body is never read */
				return respond_error(r, 413, NULL);
			}
		}
		return MHD_YES;
	}
	if (*upload_size) {
		size_t n = *upload_size;
		*upload_size = 0;
		if (r->too_large)
			return MHD_YES;
		if (r->body_len + n > s->max_body) {
			r->too_large = 1;
			free(r->body);
			r->body = NULL;
			r->body_len = r->body_cap = 0;
			return MHD_YES;
		}
		if (r->body_len + n + 1 > r->body_cap) {
			size_t cap = r->body_cap ? r->body_cap : 16384;
			while (cap < r->body_len + n + 1)
				cap *= 2;
			char *p = realloc(r->body, cap);
			if (!p)
				return MHD_NO;
			r->body = p;
			r->body_cap = cap;
		}
		memcpy(r->body + r->body_len, upload, n);
		r->body_len += n;
		r->body[r->body_len] = '\0';
		return MHD_YES;
	}
	if (r->handled) { /* resumed: the worker's answer */
		struct MHD_Response *resp = r->resp;
		r->resp = NULL;
		if (!resp)
			return MHD_NO;
		enum MHD_Result ok = s->api.MHD_queue_response(c, r->resp_code, resp);
		s->api.MHD_destroy_response(resp);
		return ok;
	}
	if (r->status)
		return MHD_YES; /* already answered (413 up front) */
	return dispatch(r);
}

/* Keeps the request target exactly as sent: we decode it ourselves. */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

/* ---- start and stop ------------------------------------------------------ */

/* Sets prefix, base_url and secure from cfg.  -1 on a bad base URL. */
static int parse_base(http_server *s, const http_config *cfg,
		      const char *bind_addr)
{
	const char *u = cfg->base_url;
	if (!u || !*u) {
		const char *host = bind_addr;
		int v6 = strchr(host, ':') != NULL;
		if (strcmp(host, "0.0.0.0") == 0 || strcmp(host, "::") == 0)
			host = "localhost", v6 = 0;
		snprintf(s->base_url, sizeof s->base_url, "http://%s%s%s:%u",
			 v6 ? "[" : "", host, v6 ? "]" : "", s->port);
		s->prefix[0] = '\0';
		return 0;
	}
	if (strncmp(u, "https://", 8) == 0)
		s->secure = 1;
	else if (strncmp(u, "http://", 7) != 0)
		return -1;
	const char *host = u + (s->secure ? 8 : 7);
	const char *slash = strchr(host, '/');
	const char *path = slash ? slash : "";
	size_t pl = strlen(path);
	while (pl && path[pl - 1] == '/')
		pl--;
	if (pl >= sizeof s->prefix)
		return -1;
	for (size_t i = 0; i < pl; i++) {
		unsigned char c = (unsigned char)path[i];
		if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == '%' ||
		    c == '"' || c == ';')
			return -1;
	}
	memcpy(s->prefix, path, pl);
	s->prefix[pl] = '\0';
	size_t hl = slash ? (size_t)(slash - u) : strlen(u);
	if (hl + pl >= sizeof s->base_url)
		return -1;
	memcpy(s->base_url, u, hl);
	memcpy(s->base_url + hl, s->prefix, pl + 1);
	return 0;
}

quire_status http_start(const http_config *cfg, const http_route *routes,
			size_t n, void *app, http_server **out,
			quire_error *err)
{
	*out = NULL;
	http_server *s = calloc(1, sizeof *s);
	if (!s)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	s->routes = routes;
	s->n_routes = n;
	s->app = app;
	s->max_body = cfg->max_body ? cfg->max_body : 64u << 20;
	s->grace = cfg->grace_seconds ? cfg->grace_seconds : DEFAULT_GRACE;
	s->log_fd = -1;
	s->trust_proxy = cfg->trust_proxy;
	atomic_init(&s->inflight, 0);
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->idle, NULL);
	pthread_mutex_init(&s->jq_mu, NULL);
	pthread_cond_init(&s->jq_cv, NULL);
	quire_status lrc = mhd_api_open(&s->api, err);
	if (lrc != QUIRE_OK) {
		http_stop(s);
		return lrc;
	}
	const char *bind_addr = cfg->bind ? cfg->bind : "127.0.0.1";
	unsigned port = cfg->port ? cfg->port : 8080;
	if (port > 65535) {
		http_stop(s);
		return quire_error_set(err, QUIRE_EUSAGE, "bad port %u", port);
	}

	struct addrinfo hints, *ai = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	char ps[16];
	snprintf(ps, sizeof ps, "%u", cfg->any_port ? 0u : port);
	int gai = getaddrinfo(bind_addr, ps, &hints, &ai);
	if (gai != 0 || !ai) {
		http_stop(s);
		return quire_error_set(err, QUIRE_EUSAGE,
				       "cannot use address '%s': %s", bind_addr,
				       gai_strerror(gai));
	}

	if (cfg->access_log) {
		if (strcmp(cfg->access_log, "-") == 0) {
			s->log_fd = 2;
		} else {
			s->log_fd = open(cfg->access_log,
					 O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
					 0640);
			if (s->log_fd < 0) {
				int e = errno;
				freeaddrinfo(ai);
				http_stop(s);
				return quire_error_set(err, QUIRE_EIO,
						       "cannot open the access log: %s",
						       strerror(e));
			}
			s->own_log = 1;
		}
	}

	long nc = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cfg->threads;
	if (threads == 0)
		threads = nc > 0 ? (unsigned)(2 * nc) : 4;
	if (threads > 256)
		threads = 256;
	/* the event loops: one a core, at most 4 (they only read, write and
	 * hand requests on); the workers run the handlers */
	unsigned loops = nc > 0 ? (unsigned)nc : 2;
	if (loops > 4)
		loops = 4;
	if (loops > threads)
		loops = threads;
	s->workers = calloc(threads, sizeof *s->workers);
	if (!s->workers) {
		freeaddrinfo(ai);
		http_stop(s);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	for (; s->nworkers < threads; s->nworkers++)
		if (pthread_create(&s->workers[s->nworkers], NULL, worker_main, s) != 0)
			break;
	if (s->nworkers == 0) {
		freeaddrinfo(ai);
		http_stop(s);
		return quire_error_set(err, QUIRE_EIO, "cannot start the server's threads");
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_ALLOW_SUSPEND_RESUME;
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->d = s->api.MHD_start_daemon(
		flags, (uint16_t)port, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, ai->ai_addr,
		MHD_OPTION_THREAD_POOL_SIZE, loops,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
		MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
		MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, 30u,
		MHD_OPTION_CONNECTION_LIMIT, 1000u,
		MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
		MHD_OPTION_END);
	int e = errno;
	freeaddrinfo(ai);
	if (!s->d) {
		http_stop(s);
		return quire_error_set(err, QUIRE_EIO,
				       "cannot listen on %s port %u%s%s",
				       bind_addr, port, e ? ": " : "",
				       e ? strerror(e) : "");
	}
	s->port = port;
	const union MHD_DaemonInfo *di =
		s->api.MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_LISTEN_FD);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	if (di && getsockname(di->listen_fd, (struct sockaddr *)&ss, &sl) == 0) {
		if (ss.ss_family == AF_INET)
			s->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
		else if (ss.ss_family == AF_INET6)
			s->port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	if (parse_base(s, cfg, bind_addr) != 0) {
		http_stop(s);
		return quire_error_set(err, QUIRE_EUSAGE,
				       "bad base URL (want http://HOST[/PATH] "
				       "or https://…)");
	}
	*out = s;
	return QUIRE_OK;
}

/* Waits up to secs seconds for the requests in flight to end. */
static void wait_idle(http_server *s, unsigned secs)
{
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += secs;
	pthread_mutex_lock(&s->mu);
	while (atomic_load(&s->inflight) > 0) {
		if (pthread_cond_timedwait(&s->idle, &s->mu, &dl) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&s->mu);
}

void http_stop(http_server *s)
{
	if (!s)
		return;
	if (s->d) {
		MHD_socket ls = s->api.MHD_quiesce_daemon(s->d);
		wait_idle(s, s->grace);
		/* no connection may stay suspended when the daemon stops: the
		 * workers finish the handlers they run and answer the queue
		 * 503; then a moment for the loops to send those answers */
		workers_stop(s);
		wait_idle(s, 2);
		s->api.MHD_stop_daemon(s->d);
		if (ls != MHD_INVALID_SOCKET)
			close(ls);
	}
	workers_stop(s);
	if (s->own_log && s->log_fd >= 0)
		close(s->log_fd);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->idle);
	pthread_mutex_destroy(&s->jq_mu);
	pthread_cond_destroy(&s->jq_cv);
	if (s->api.lib)
		dlclose(s->api.lib);
	free(s);
}
