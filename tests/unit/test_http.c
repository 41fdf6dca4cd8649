/*
 * test_http.c — the HTTP layer's scheduling (http.h): handlers run on
 * workers that take requests from one queue, so a slow handler holds up
 * no other request; a queued request reads its own copy of the headers;
 * at a stop, requests still queued after the grace period are answered
 * 503 and the one in progress finishes.
 *
 * A real server on 127.0.0.1 (a port the system picks) with a route
 * table of its own, and a plain socket client.  The slow handler sleeps,
 * so the timings do not depend on the machine's speed.
 */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "http.h"

#define SLOW_MS 1500

static void h_slow(void *app, http_req *req, http_res *res)
{
	(void)app;
	(void)req;
	struct timespec t = {SLOW_MS / 1000, (long)(SLOW_MS % 1000) * 1000000L};
	nanosleep(&t, NULL);
	buf_puts(http_body(res), "slow");
}

static void h_fast(void *app, http_req *req, http_res *res)
{
	(void)app;
	(void)req;
	buf_puts(http_body(res), "fast");
}

static void h_hdr(void *app, http_req *req, http_res *res)
{
	(void)app;
	const char *x = http_header(req, "x-test"); /* any case */
	const char *c = http_cookie(req, "c");
	buf_printf(http_body(res), "%s %s", x ? x : "-", c ? c : "-");
}

/* A quick route: answers on the event loop when asked ?hit, else on a
 * worker. */
static void h_quick(void *app, http_req *req, http_res *res)
{
	(void)app;
	if (http_query(req, "hit")) {
		buf_puts(http_body(res), "loop");
		return;
	}
	if (http_offload(req))
		return;
	buf_puts(http_body(res), "worker");
}

static const http_route routes[] = {
	{"GET", "/slow", h_slow, 0},
	{"GET", "/fast", h_fast, 0},
	{"GET", "/hdr", h_hdr, 0},
	{"GET", "/quick", h_quick, 1},
};

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* One request: GET path with extra header lines (each ending "\r\n");
 * the status (0: no answer) and up to cap - 1 bytes of the body. */
typedef struct call {
	unsigned port;
	const char *path, *extra;
	int status;
	char body[256];
	double ms;
} call;

/* A connection to 127.0.0.1:port (reads time out after 10 s): its fd,
 * or -1. */
static int kconn_open(unsigned port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = {10, 0};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Makes the call arg points to (a thread's body, or called directly):
 * one request on a connection of its own, closed after the answer. */
static void *do_call(void *arg)
{
	call *c = arg;
	double t0 = now_ms();
	c->status = 0;
	c->body[0] = '\0';
	int fd = kconn_open(c->port);
	if (fd >= 0) {
		char q[512];
		int n = snprintf(q, sizeof q,
				 "GET %s HTTP/1.1\r\nHost: t\r\n%sConnection: close\r\n\r\n",
				 c->path, c->extra ? c->extra : "");
		if (n > 0 && write(fd, q, (size_t)n) == n) {
			char in[8192];
			size_t k = 0;
			ssize_t r;
			while (k < sizeof in - 1 && (r = read(fd, in + k, sizeof in - 1 - k)) > 0)
				k += (size_t)r;
			in[k] = '\0';
			if (sscanf(in, "HTTP/1.%*d %d", &c->status) != 1)
				c->status = 0;
			const char *b = strstr(in, "\r\n\r\n");
			if (b)
				snprintf(c->body, sizeof c->body, "%s", b + 4);
		}
		close(fd);
	}
	c->ms = now_ms() - t0;
	return NULL;
}

/* GET path on the kept-alive fd: the status (0: none), the time taken. */
static int kconn_get(int fd, const char *path, double *ms)
{
	double t0 = now_ms();
	char q[256], in[4096];
	int n = snprintf(q, sizeof q, "GET %s HTTP/1.1\r\nHost: t\r\n\r\n", path);
	if (n <= 0 || write(fd, q, (size_t)n) != n)
		return 0;
	size_t k = 0;
	const char *end = NULL;
	while (!end && k < sizeof in - 1) {
		ssize_t r = read(fd, in + k, sizeof in - 1 - k);
		if (r <= 0)
			return 0;
		k += (size_t)r;
		in[k] = '\0';
		end = strstr(in, "\r\n\r\n");
	}
	int status = 0;
	const char *cl = strcasestr(in, "\r\nContent-Length:");
	if (!end || !cl || sscanf(in, "HTTP/1.%*d %d", &status) != 1)
		return 0;
	size_t want = (size_t)strtoul(cl + 17, NULL, 10);
	size_t have = k - (size_t)(end + 4 - in);
	while (have < want) { /* the rest of the body */
		ssize_t r = read(fd, in, sizeof in);
		if (r <= 0)
			return 0;
		have += (size_t)r;
	}
	*ms = now_ms() - t0;
	return status;
}

static http_server *start(unsigned threads, unsigned grace)
{
	http_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.any_port = 1;
	cfg.threads = threads;
	cfg.grace_seconds = grace;
	http_server *s = NULL;
	quire_error err = {0};
	assert_int_equal(http_start(&cfg, routes, sizeof routes / sizeof *routes, NULL, &s,
				    &err),
			 QUIRE_OK);
	assert_non_null(s);
	return s;
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

/* Two workers: while one sleeps in /slow, another request is answered at
 * once (before, a handler ran on the event loop that owned its
 * connection, and the connections of that loop waited). */
static void test_slow_holds_up_nothing(void **state)
{
	(void)state;
	http_server *s = start(2, 15);
	unsigned port = http_port(s);
	call slow = {port, "/slow", NULL, 0, "", 0};
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, do_call, &slow), 0);
	sleep_ms(200);
	for (int i = 0; i < 5; i++) {
		call fast = {port, "/fast", NULL, 0, "", 0};
		do_call(&fast);
		assert_int_equal(fast.status, 200);
		assert_string_equal(fast.body, "fast");
		assert_true(fast.ms < SLOW_MS / 2);
	}
	pthread_join(t, NULL);
	assert_int_equal(slow.status, 200);
	assert_string_equal(slow.body, "slow");
	assert_true(slow.ms >= SLOW_MS - 250);
	http_stop(s);
}

/* Kept-alive connections, as browsers and load balancers hold them:
 * while one of them waits for /slow, every other is answered at once.
 * (Before, each connection belonged to one event loop, which ran its
 * handlers; the connections of the loop running /slow waited for it.) */
static void test_kept_alive_connections_do_not_wait(void **state)
{
	(void)state;
	enum { NC = 12 };
	http_server *s = start(2, 15);
	unsigned port = http_port(s);
	int fd[NC];
	double ms;
	for (int i = 0; i < NC; i++) {
		fd[i] = kconn_open(port);
		assert_true(fd[i] >= 0);
		assert_int_equal(kconn_get(fd[i], "/fast", &ms), 200);
	}
	call slow = {port, "/slow", NULL, 0, "", 0};
	pthread_t t;
	/* /slow on a connection of its own */
	assert_int_equal(pthread_create(&t, NULL, do_call, &slow), 0);
	sleep_ms(200);
	for (int i = 0; i < NC; i++) {
		assert_int_equal(kconn_get(fd[i], "/fast", &ms), 200);
		assert_true(ms < SLOW_MS / 2);
	}
	pthread_join(t, NULL);
	assert_int_equal(slow.status, 200);
	for (int i = 0; i < NC; i++)
		close(fd[i]);
	http_stop(s);
}

/* One worker, busy with /slow: a quick route's answer from the event loop
 * comes at once; one that needs a worker waits its turn and comes from
 * the worker. */
static void test_quick_route(void **state)
{
	(void)state;
	http_server *s = start(1, 15);
	unsigned port = http_port(s);
	call slow = {port, "/slow", NULL, 0, "", 0};
	call miss = {port, "/quick", NULL, 0, "", 0};
	pthread_t t, tm;
	assert_int_equal(pthread_create(&t, NULL, do_call, &slow), 0);
	sleep_ms(200);
	assert_int_equal(pthread_create(&tm, NULL, do_call, &miss), 0);
	call hit = {port, "/quick?hit=1", NULL, 0, "", 0};
	do_call(&hit);
	assert_int_equal(hit.status, 200);
	assert_string_equal(hit.body, "loop");
	assert_true(hit.ms < SLOW_MS / 2);
	pthread_join(t, NULL);
	pthread_join(tm, NULL);
	assert_int_equal(miss.status, 200);
	assert_string_equal(miss.body, "worker");
	assert_true(miss.ms > SLOW_MS / 2); /* behind /slow on the one worker */
	http_stop(s);
}

/* A queued request's handler reads its headers and cookies. */
static void test_headers_reach_the_worker(void **state)
{
	(void)state;
	http_server *s = start(1, 15);
	call c = {http_port(s), "/hdr", "X-Test: hello\r\nCookie: a=1; c=v2\r\n", 0, "", 0};
	do_call(&c);
	assert_int_equal(c.status, 200);
	assert_string_equal(c.body, "hello v2");
	call none = {http_port(s), "/hdr", NULL, 0, "", 0};
	do_call(&none);
	assert_string_equal(none.body, "- -");
	http_stop(s);
}

/* One worker, a grace of 1 s: the request in progress (1.5 s) finishes
 * with 200; the two queued behind it are answered 503, and the stop
 * returns. */
static void test_stop_answers_the_queue(void **state)
{
	(void)state;
	http_server *s = start(1, 1);
	unsigned port = http_port(s);
	call a = {port, "/slow", NULL, 0, "", 0};
	call b = {port, "/fast", NULL, 0, "", 0};
	call c = {port, "/fast", NULL, 0, "", 0};
	pthread_t ta, tb, tc;
	assert_int_equal(pthread_create(&ta, NULL, do_call, &a), 0);
	sleep_ms(150);
	assert_int_equal(pthread_create(&tb, NULL, do_call, &b), 0);
	assert_int_equal(pthread_create(&tc, NULL, do_call, &c), 0);
	sleep_ms(200);
	http_stop(s);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	pthread_join(tc, NULL);
	assert_int_equal(a.status, 200);
	assert_string_equal(a.body, "slow");
	assert_int_equal(b.status, 503);
	assert_int_equal(c.status, 503);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slow_holds_up_nothing),
		cmocka_unit_test(test_kept_alive_connections_do_not_wait),
		cmocka_unit_test(test_quick_route),
		cmocka_unit_test(test_headers_reach_the_worker),
		cmocka_unit_test(test_stop_answers_the_queue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
