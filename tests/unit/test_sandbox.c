/*
 * test_sandbox.c — the reader sandbox, the wire form and fmt_load().
 *
 * The misbehaving readers are defined here, test-only.  Limits are small
 * (1 s of CPU, 2 s of wall clock, 64 MB) to keep the whole file fast.
 */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "formats.h"
#include "sandbox.h"

/* ------------------------------------------------------------------ */
/* Test-only readers                                                   */
/* ------------------------------------------------------------------ */

static quire_status rd_hog(const unsigned char *b, size_t n, quire_source *out,
			   quire_error *err)
{
	static char line[4096];
	memset(line, 'x', sizeof line);
	for (;;) {
		quire_status rc = quire_source_add_line(out, line, sizeof line);
		if (rc)
			return quire_error_set(err, rc, "out of memory");
	}
}

static quire_status rd_spin(const unsigned char *b, size_t n, quire_source *out,
			    quire_error *err)
{
	volatile unsigned long x = 0;
	for (;;)
		x++;
	return QUIRE_OK;
}

static quire_status rd_sleep(const unsigned char *b, size_t n, quire_source *out,
			     quire_error *err)
{
	struct timespec ts = {60, 0};
	nanosleep(&ts, NULL);
	return QUIRE_OK;
}

static quire_status rd_crash(const unsigned char *b, size_t n, quire_source *out,
			     quire_error *err)
{
	raise(SIGSEGV);
	return QUIRE_OK;
}

static quire_status rd_net(const unsigned char *b, size_t n, quire_source *out,
			   quire_error *err)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return quire_error_set(err, QUIRE_EINPUT, "socket: %s", strerror(errno));
	close(fd);
	return quire_error_set(err, QUIRE_EINPUT, "socket: allowed");
}

static quire_status rd_open(const unsigned char *b, size_t n, quire_source *out,
			    quire_error *err)
{
	int fd = open("/etc/hostname", O_RDONLY);
	if (fd < 0)
		return quire_error_set(err, QUIRE_EINPUT, "open: %s", strerror(errno));
	close(fd);
	return quire_error_set(err, QUIRE_EINPUT, "open: allowed");
}

static quire_status rd_fork(const unsigned char *b, size_t n, quire_source *out,
			    quire_error *err)
{
	pid_t p = fork();
	if (p == 0)
		_exit(0);
	if (p < 0)
		return quire_error_set(err, QUIRE_EINPUT, "fork: %s", strerror(errno));
	waitpid(p, NULL, 0);
	return quire_error_set(err, QUIRE_EINPUT, "fork: allowed");
}

static quire_status rd_kill(const unsigned char *b, size_t n, quire_source *out,
			    quire_error *err)
{
	if (kill(getppid(), 0) < 0)
		return quire_error_set(err, QUIRE_EINPUT, "kill: %s", strerror(errno));
	return quire_error_set(err, QUIRE_EINPUT, "kill: allowed");
}

static quire_status rd_big(const unsigned char *b, size_t n, quire_source *out,
			   quire_error *err)
{
	static char line[1024];
	memset(line, 'y', sizeof line);
	for (int i = 0; i < 3000; i++)
		if (quire_source_add_line(out, line, sizeof line))
			return QUIRE_ENOMEM;
	return QUIRE_OK;
}

static const fmt_reader r_hog = {"hog", "test", rd_hog};
static const fmt_reader r_spin = {"spin", "test", rd_spin};
static const fmt_reader r_sleep = {"sleep", "test", rd_sleep};
static const fmt_reader r_crash = {"crash", "test", rd_crash};
static const fmt_reader r_net = {"net", "test", rd_net};
static const fmt_reader r_open = {"open", "test", rd_open};
static const fmt_reader r_fork = {"fork", "test", rd_fork};
static const fmt_reader r_kill = {"kill", "test", rd_kill};
static const fmt_reader r_big = {"big", "test", rd_big};

/* Says who forked it: its parent's pid as the message. */
static quire_status rd_ppid(const unsigned char *b, size_t n, quire_source *out,
			    quire_error *err)
{
	return quire_error_set(err, QUIRE_EINPUT, "%d", (int)getppid());
}

static const fmt_reader r_ppid = {"ppid", "test", rd_ppid};

/* The spawner the second run of the tests reads through (NULL in the
 * first: children forked from this process). */
static sbx_spawner *spw;

static sbx_limits small_limits(void)
{
	sbx_limits l = sbx_limits_default();
	l.spawner = spw;
	l.mem_bytes = (size_t)64 << 20;
	l.cpu_seconds = 1;
	l.wall_seconds = 2;
	return l;
}

/* Runs r in the sandbox; returns the status, message in *err. */
static quire_status sandboxed(const fmt_reader *r, const sbx_limits *l,
			      quire_error *err)
{
	quire_arena *a = quire_arena_new(0);
	quire_source *s = quire_source_new(a);
	memset(err, 0, sizeof *err);
	quire_status rc = sbx_read(r, (const unsigned char *)"x", 1, l, s, err);
	quire_arena_free(a);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Same result in and out of the child                                 */
/* ------------------------------------------------------------------ */

static void assert_same_source(const quire_source *x, const quire_source *y)
{
	unsigned char *bx, *by;
	size_t nx, ny;
	assert_int_equal(sbx_serialize(x, &bx, &nx), QUIRE_OK);
	assert_int_equal(sbx_serialize(y, &by, &ny), QUIRE_OK);
	assert_int_equal(nx, ny);
	assert_memory_equal(bx, by, nx);
	free(bx);
	free(by);
}

static void child_equals_in_process(void **state)
{
	(void)state;
	static const char doc[] =
		"---\ntitle: Gardens\nauthor: [A. Roe, B. Doe]\ndate: 1999\n---\n"
		"# Gardens\n\nProse &amp; more.\n\n- one\n- two\n\n![x](y.png)\n";
	const fmt_reader *md = fmt_by_name("markdown");
	sbx_limits l = small_limits();
	quire_arena *a = quire_arena_new(0);
	quire_source *direct = quire_source_new(a);
	quire_source *child = quire_source_new(a);
	quire_source *inproc = quire_source_new(a);
	quire_error err;
	assert_int_equal(md->read((const unsigned char *)doc, sizeof doc - 1, direct, &err),
			 QUIRE_OK);
	assert_int_equal(sbx_read(md, (const unsigned char *)doc, sizeof doc - 1, &l,
				  child, &err), QUIRE_OK);
	l.in_process = 1;
	assert_int_equal(sbx_read(md, (const unsigned char *)doc, sizeof doc - 1, &l,
				  inproc, &err), QUIRE_OK);
	assert_same_source(direct, child);
	assert_same_source(direct, inproc);
	assert_string_equal(quire_source_title(child), "Gardens");
	assert_int_equal(quire_source_n_authors(child), 2);
	assert_string_equal(quire_source_remark(child, 0), "1 image skipped");
	quire_arena_free(a);
}

static void reader_error_reaches_parent(void **state)
{
	(void)state;
	static const char bad[] = "\xFF\xFE" "a\0" "\x00\xDC";
	sbx_limits l = small_limits();
	quire_arena *a = quire_arena_new(0);
	quire_source *s = quire_source_new(a);
	quire_error err;
	assert_int_equal(sbx_read(fmt_by_name("text"), (const unsigned char *)bad,
				  sizeof bad - 1, &l, s, &err), QUIRE_EINPUT);
	assert_non_null(strstr(err.msg, "invalid UTF-16"));
	l.in_process = 1;
	assert_int_equal(sbx_read(fmt_by_name("text"), (const unsigned char *)bad,
				  sizeof bad - 1, &l, s, &err), QUIRE_EINPUT);
	assert_non_null(strstr(err.msg, "invalid UTF-16"));
	quire_arena_free(a);
}

/* ------------------------------------------------------------------ */
/* Limits                                                              */
/* ------------------------------------------------------------------ */

static void memory_limit(void **state)
{
	(void)state;
	sbx_limits l = small_limits();
	quire_error err;
	assert_int_equal(sandboxed(&r_hog, &l, &err), QUIRE_ELIMIT);
	assert_string_equal(err.msg, "reading stopped: exceeded 64 MB of memory");
	l.in_process = 1;
	assert_int_equal(sandboxed(&r_hog, &l, &err), QUIRE_ELIMIT);
	assert_string_equal(err.msg, "reading stopped: exceeded 64 MB of memory");
}

static void cpu_limit(void **state)
{
	(void)state;
	sbx_limits l = small_limits();
	l.wall_seconds = 5;
	quire_error err;
	assert_int_equal(sandboxed(&r_spin, &l, &err), QUIRE_ELIMIT);
	assert_string_equal(err.msg, "reading stopped: used more than 1 s of CPU time");
}

static void wall_limit(void **state)
{
	(void)state;
	sbx_limits l = small_limits();
	l.wall_seconds = 1;
	quire_error err;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(sandboxed(&r_sleep, &l, &err), QUIRE_ELIMIT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_string_equal(err.msg, "reading stopped: took more than 1 s");
	assert_true(t1.tv_sec - t0.tv_sec < 3);
}

static void output_limit(void **state)
{
	(void)state;
	sbx_limits l = small_limits();
	l.max_output = (size_t)1 << 20; /* rd_big makes about 3 MB */
	quire_error err;
	assert_int_equal(sandboxed(&r_big, &l, &err), QUIRE_ELIMIT);
	assert_string_equal(err.msg, "reading stopped: produced more than 1 MB");
	l.in_process = 1;
	assert_int_equal(sandboxed(&r_big, &l, &err), QUIRE_ELIMIT);
	assert_string_equal(err.msg, "reading stopped: produced more than 1 MB");
	l.max_output = (size_t)8 << 20;
	l.in_process = 0;
	assert_int_equal(sandboxed(&r_big, &l, &err), QUIRE_OK);
}

static void crash(void **state)
{
	(void)state;
	sbx_limits l = small_limits();
	quire_error err;
	assert_int_equal(sandboxed(&r_crash, &l, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "reading stopped: the reader crashed (signal 11)");
}

static void seccomp_denies(void **state)
{
	(void)state;
	sbx_limits l = small_limits();
	quire_error err;
	assert_int_equal(sandboxed(&r_net, &l, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "socket: Operation not permitted");
	assert_int_equal(sandboxed(&r_open, &l, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "open: Operation not permitted");
	assert_int_equal(sandboxed(&r_fork, &l, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "fork: Operation not permitted");
	assert_int_equal(sandboxed(&r_kill, &l, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "kill: Operation not permitted");
}

static void no_zombies(void **state)
{
	(void)state;
	if (spw)
		skip(); /* the helper is a live child; spawner_life checks it */
	sbx_limits l = small_limits();
	quire_error err;
	assert_int_equal(sandboxed(&r_crash, &l, &err), QUIRE_EINPUT);
	assert_int_equal(sandboxed(&r_net, &l, &err), QUIRE_EINPUT);
	/* every child was reaped: there is none left to wait for */
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* The helper forks the children, survives a child's crash, is replaced
 * by forks from this process when it dies, and is reaped when freed. */
static void spawner_life(void **state)
{
	(void)state;
	sbx_spawner *z = sbx_spawner_new();
	assert_non_null(z);
	int hp = sbx_spawner_pid(z);
	assert_true(hp > 0 && hp != (int)getpid());
	sbx_limits l = small_limits();
	l.spawner = z;
	quire_error err;
	char want[32];
	snprintf(want, sizeof want, "%d", hp);
	assert_int_equal(sandboxed(&r_ppid, &l, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, want); /* the helper forked the child */
	assert_int_equal(sandboxed(&r_crash, &l, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "reading stopped: the reader crashed (signal 11)");
	l.wall_seconds = 1;
	assert_int_equal(sandboxed(&r_sleep, &l, &err), QUIRE_ELIMIT);
	assert_string_equal(err.msg, "reading stopped: took more than 1 s");
	assert_int_equal(sandboxed(&r_ppid, &l, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, want); /* the same helper, still in step */
	/* a big input goes through the stream whole */
	size_t n = (size_t)8 << 20;
	unsigned char *big = malloc(n);
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (unsigned char)('a' + i % 26);
	for (size_t i = 4096; i < n; i += 4096)
		big[i] = '\n';
	quire_arena *a = quire_arena_new(0);
	quire_source *viaz = quire_source_new(a), *direct = quire_source_new(a);
	assert_int_equal(sbx_read(fmt_by_name("text"), big, n, &l, viaz, &err), QUIRE_OK);
	l.spawner = NULL;
	assert_int_equal(sbx_read(fmt_by_name("text"), big, n, &l, direct, &err), QUIRE_OK);
	assert_same_source(viaz, direct);
	assert_true(quire_source_count(viaz) > 2000);
	quire_arena_free(a);
	free(big);
	/* the helper killed from outside: reads fork from here again */
	l.spawner = z;
	assert_int_equal(kill(hp, SIGKILL), 0);
	assert_int_equal(sandboxed(&r_ppid, &l, &err), QUIRE_EINPUT);
	snprintf(want, sizeof want, "%d", (int)getpid());
	assert_string_equal(err.msg, want);
	assert_int_equal(sbx_spawner_pid(z), -1);
	sbx_spawner_free(z);
	/* a helper ends and is reaped when freed */
	z = sbx_spawner_new();
	assert_non_null(z);
	l.spawner = z;
	assert_int_equal(sandboxed(&r_net, &l, &err), QUIRE_EINPUT);
	sbx_spawner_free(z);
	sbx_spawner_free(NULL);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* ------------------------------------------------------------------ */
/* Wire form                                                           */
/* ------------------------------------------------------------------ */

static void wire_round_trip(void **state)
{
	(void)state;
	quire_arena *a = quire_arena_new(0);
	quire_source *s = quire_source_new(a);
	quire_source_set_format(s, "text", "UTF-8");
	quire_source_set_title(s, "");
	quire_source_add_author(s, "Roe");
	quire_source_add_remark(s, "r1");
	quire_source_set_pages(s, 7);
	quire_source_add_line(s, "a\0b", 3);
	quire_source_add_page_break(s);
	quire_source_add_block(s, QUIRE_BLOCK_HEADING, 2, "H", 1);
	quire_source_add_line(s, "", 0);
	unsigned char *b;
	size_t n;
	assert_int_equal(sbx_serialize(s, &b, &n), QUIRE_OK);
	quire_source *t = quire_source_new(a);
	quire_error err;
	assert_int_equal(sbx_deserialize(b, n, t, &err), QUIRE_OK);
	assert_same_source(s, t);
	assert_string_equal(quire_source_title(t), "");
	assert_null(quire_source_date(t));
	assert_int_equal(quire_source_pages(t), 7);
	assert_int_equal(quire_source_count(t), 4);
	assert_int_equal(quire_source_item(t, 0)->len, 3);
	assert_int_equal(quire_source_item(t, 2)->level, 2);

	/* every truncation and a flipped version fail cleanly */
	for (size_t k = 0; k < n; k++) {
		quire_source *u = quire_source_new(a);
		assert_int_equal(sbx_deserialize(b, k, u, &err), QUIRE_EINPUT);
		assert_non_null(strstr(err.msg, "corrupt"));
	}
	b[4] = 99;
	assert_int_equal(sbx_deserialize(b, n, quire_source_new(a), &err), QUIRE_EINPUT);
	assert_non_null(strstr(err.msg, "version"));
	free(b);

	/* a huge count with no bytes behind it */
	static const unsigned char huge[] =
		"QSRC\1" "\0\0\0\0" "\0\0\0\0" "\0\0\0\0" "\0\0\0\0" "\0\0\0\0"
		"\xFF\xFF\xFF\xFF" "\0\0\0\0";
	assert_int_equal(sbx_deserialize(huge, sizeof huge - 1, quire_source_new(a), &err),
			 QUIRE_EINPUT);
	quire_arena_free(a);
}

/* ------------------------------------------------------------------ */
/* fmt_load                                                            */
/* ------------------------------------------------------------------ */

static void write_file(const char *path, const void *b, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
}

static void load(void **state)
{
	(void)state;
	char dir[] = "/tmp/quire_sbx_XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	sbx_limits l = small_limits();
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	const fmt_reader *r;
	quire_error err;

	snprintf(path, sizeof path, "%s/p.md", dir);
	write_file(path, "Plain words only.\n", 18);
	assert_int_equal(fmt_load(path, &l, 0, a, &s, &r, &err), QUIRE_OK);
	assert_string_equal(r->name, "markdown");
	assert_string_equal(quire_source_format(s), "markdown");
	unlink(path);

	snprintf(path, sizeof path, "%s/p.txt", dir);
	write_file(path, "Plain words only.\n", 18);
	assert_int_equal(fmt_load(path, NULL, 0, a, &s, &r, &err), QUIRE_OK);
	assert_string_equal(r->name, "text");
	assert_int_equal(quire_source_count(s), 1);
	unlink(path);

	snprintf(path, sizeof path, "%s/x.bin", dir);
	write_file(path, "\x89PNG\r\n\x1A\n\0\0", 10);
	assert_int_equal(fmt_load(path, &l, 0, a, &s, &r, &err), QUIRE_EFORMAT);
	assert_string_equal(err.msg, "not a format quire reads (looks like a PNG image)");
	assert_null(s);
	assert_null(r);
	write_file(path, "ab\0\0cd", 6);
	assert_int_equal(fmt_load(path, &l, 0, a, &s, &r, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "not a format quire reads (looks like binary data)");
	write_file(path, "", 0);
	assert_int_equal(fmt_load(path, &l, 0, a, &s, &r, &err), QUIRE_EINPUT);
	assert_string_equal(err.msg, "the file is empty");
	unlink(path);

	snprintf(path, sizeof path, "%s/nothere", dir);
	assert_int_equal(fmt_load(path, &l, 0, a, &s, &r, &err), QUIRE_EIO);
	assert_string_equal(err.msg, "no such file");
	rmdir(dir);
	quire_arena_free(a);
}

/* ------------------------------------------------------------------ */
/* Cost of the child per file (printed, not asserted)                  */
/* ------------------------------------------------------------------ */

static void child_cost(void **state)
{
	(void)state;
	static const char doc[] = "A small paper.\n\nWith two paragraphs of prose.\n";
	static const char *const name[] = {"child", "child via a spawner", "in process"};
	const fmt_reader *t = fmt_by_name("text");
	sbx_limits l = sbx_limits_default();
	sbx_spawner *z = sbx_spawner_new();
	assert_non_null(z);
	quire_error err;
	double ms[3];
	for (int mode = 0; mode < 3; mode++) {
		l.spawner = mode == 1 ? z : NULL;
		l.in_process = mode == 2;
		int rounds = 200;
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (int i = 0; i < rounds; i++) {
			quire_arena *a = quire_arena_new(0);
			quire_source *s = quire_source_new(a);
			assert_int_equal(sbx_read(t, (const unsigned char *)doc, sizeof doc - 1,
						  &l, s, &err), QUIRE_OK);
			quire_arena_free(a);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms[mode] = ((double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6) / rounds;
		fprintf(stderr, "sandbox cost per small file: %s %.3f ms\n", name[mode], ms[mode]);
	}
	sbx_spawner_free(z);
	assert_true(ms[0] > 0 && ms[1] > 0);
}

static int spawner_up(void **state)
{
	(void)state;
	spw = sbx_spawner_new();
	return spw ? 0 : -1;
}

static int spawner_down(void **state)
{
	(void)state;
	sbx_spawner_free(spw);
	spw = NULL;
	return 0;
}

/* One thread's reads through a pool: each through the spawner it was
 * lent (its child's parent is that helper). */
typedef struct pool_run {
	sbx_pool *p;
	int reads, via_helper, wrong;
	char what[640]; /* the first wrong answer */
} pool_run;

static void *pool_reader(void *arg)
{
	pool_run *run = arg;
	for (int i = 0; i < run->reads; i++) {
		/* generous limits: the point is who forks, on a loaded machine */
		sbx_limits l = sbx_limits_default();
		l.spawner = sbx_pool_take(run->p);
		char want[32];
		snprintf(want, sizeof want, "%d", sbx_spawner_pid(l.spawner));
		quire_error err;
		if (sandboxed(&r_ppid, &l, &err) != QUIRE_EINPUT || strcmp(err.msg, want)) {
			if (!run->wrong++)
				snprintf(run->what, sizeof run->what, "want %s, got \"%s\"", want,
					 err.msg);
		}
		run->via_helper += l.spawner != NULL;
		sbx_pool_give(run->p, l.spawner);
	}
	return NULL;
}

/* A taker that waits for a lent-out spawner. */
typedef struct pool_wait {
	sbx_pool *p;
	sbx_spawner *got;
	volatile int done;
} pool_wait;

static void *pool_waiter(void *arg)
{
	pool_wait *w = arg;
	w->got = sbx_pool_take(w->p);
	w->done = 1;
	return NULL;
}

/* A pool lends each spawner to one taker at a time, makes a taker wait
 * while all are lent, and serves threads reading at the same time, every
 * read through a helper; freeing it reaps every helper. */
static void spawner_pool(void **state)
{
	(void)state;
	assert_null(sbx_pool_new(0));
	assert_null(sbx_pool_take(NULL));
	sbx_pool_give(NULL, NULL);
	sbx_pool_free(NULL);
	sbx_pool *p = sbx_pool_new(2);
	assert_non_null(p);
	sbx_spawner *a = sbx_pool_take(p), *b = sbx_pool_take(p);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_true(sbx_spawner_pid(a) > 0 && sbx_spawner_pid(b) > 0);
	assert_int_not_equal(sbx_spawner_pid(a), sbx_spawner_pid(b));
	/* both lent: a third taker waits until one is given back */
	pool_wait w = {p, NULL, 0};
	pthread_t wt;
	assert_int_equal(pthread_create(&wt, NULL, pool_waiter, &w), 0);
	struct timespec ms100 = {0, 100 * 1000 * 1000};
	nanosleep(&ms100, NULL);
	assert_int_equal(w.done, 0);
	sbx_pool_give(p, a);
	assert_int_equal(pthread_join(wt, NULL), 0);
	assert_int_equal(w.done, 1);
	assert_ptr_equal(w.got, a);
	sbx_pool_give(p, a);
	sbx_pool_give(p, b);

	enum { THREADS = 4 };
	pool_run run[THREADS];
	pthread_t th[THREADS];
	for (int i = 0; i < THREADS; i++) {
		memset(&run[i], 0, sizeof run[i]);
		run[i].p = p;
		run[i].reads = 6;
		assert_int_equal(pthread_create(&th[i], NULL, pool_reader, &run[i]), 0);
	}
	int via = 0;
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(th[i], NULL), 0);
		if (run[i].wrong)
			fail_msg("thread %d: %d wrong reads, first: %s", i, run[i].wrong, run[i].what);
		via += run[i].via_helper;
	}
	assert_int_equal(via, THREADS * 6); /* every read through a helper */
	sbx_pool_free(p);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* The tests that run both ways: children forked here, and through a
 * spawner (the same children, limits and messages). */
#define BOTH_WAYS                                           \
	cmocka_unit_test(child_equals_in_process),          \
	cmocka_unit_test(reader_error_reaches_parent),      \
	cmocka_unit_test(memory_limit),                     \
	cmocka_unit_test(cpu_limit),                        \
	cmocka_unit_test(wall_limit),                       \
	cmocka_unit_test(output_limit),                     \
	cmocka_unit_test(crash),                            \
	cmocka_unit_test(seccomp_denies),                   \
	cmocka_unit_test(load)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH_WAYS,
		cmocka_unit_test(no_zombies),
		cmocka_unit_test(spawner_life),
		cmocka_unit_test(spawner_pool),
		cmocka_unit_test(wire_round_trip),
		cmocka_unit_test(child_cost),
	};
	const struct CMUnitTest via_spawner[] = {BOTH_WAYS};
	int failed = cmocka_run_group_tests_name("direct", tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("via a spawner", via_spawner, spawner_up,
					      spawner_down);
	return failed;
}
