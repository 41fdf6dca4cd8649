/*
 * sandbox.c — running a reader in a child process with hard limits, and
 * the wire form of a source (see sandbox.h).
 *
 * The child (after fork):
 *   - keeps only stderr and the pipe's write end (moved to fd 3); stdin and
 *     stdout become /dev/null, every other descriptor is closed;
 *   - setrlimit: RLIMIT_AS = mem_bytes, RLIMIT_CPU = cpu_seconds (hard limit
 *     one second later, so a process that ignores SIGXCPU gets SIGKILL),
 *     RLIMIT_NOFILE = 8, RLIMIT_FSIZE = 0, RLIMIT_CORE = 0.  Under
 *     AddressSanitizer RLIMIT_AS is not set (ASan reserves terabytes of
 *     shadow memory) and RLIMIT_FSIZE is not set either (so a sanitizer
 *     report still reaches a stderr redirected to a file); the memory cap
 *     is then the arena budget alone;
 *   - iconv is opened once (UTF-16BE to UTF-8) so that glibc loads its
 *     module configuration before the filter forbids opening it (poppler
 *     converts UTF-16 document titles with iconv);
 *   - the libraries a reader opens at run time (quire does not link them:
 *     poppler-glib for PDF, rd_pdf_preload(); libzip for DOCX, ODT and
 *     EPUB, zipx_preload()) are already loaded: the PARENT loads them just
 *     before fork(), the first time such a reader runs (a later dlopen of a
 *     loaded library is only a look-up), and the child inherits them.
 *     Loading a library opens files, which the filter forbids; doing it in
 *     the parent rather than in each child means a batch (`quire add
 *     *.pdf`) or the server pays it once, not once a file, while commands
 *     that read no such file never load them at all.  The parent only
 *     loads them — trusted system code; it never calls them on the input;
 *   - PR_SET_NO_NEW_PRIVS, then a seccomp filter (libseccomp).  It is a
 *     denylist — default ALLOW, EPERM for the listed calls — because the
 *     sanitizer runtimes and libc need a wide, version-dependent set of
 *     system calls; what it refuses is what a reader must never do: the
 *     network (socket, connect, …), the file system (open, openat, creat,
 *     mkdir, unlink, rename, link, chmod, …), new programs (execve,
 *     execveat) and new processes (fork, vfork, clone without CLONE_THREAD;
 *     clone3 answers ENOSYS so libc falls back to clone, whose flags the
 *     filter can see), ptrace, and signals to any other process (kill and
 *     tgkill are allowed on the child itself, so raise() and abort() work);
 *   - a reader that runs an external converter (fmt_converter(): the DOC
 *     reader and antiword) gets a wider filter: execve, fork and clone stay
 *     allowed, open/openat are refused only with a write, create, truncate
 *     or tmpfile flag (the converter loads its libraries and data files),
 *     and RLIMIT_FSIZE is the input's size plus 64 KB (the reader hands the
 *     bytes to the converter in a memfd); the reader narrows the
 *     converter's own process further before exec (see rd_doc.c);
 *   - runs the reader into a source in its own arena whose budget is
 *     mem_bytes, serialises the source down the pipe and _exit()s.
 *
 * Every signal is reset to its default in the child, sanitizer handlers
 * included, so a crash is always a signal to the parent ("the reader
 * crashed (signal 11)"); to see a sanitizer's report of a crashing reader,
 * run it in_process (as the fuzzer does).
 *
 * Exit codes of the child: 0 the source follows on the pipe; SBX_EXIT_OOM
 * the reader ran out of memory; SBX_EXIT_SETUP the sandbox could not be set
 * up (message on the pipe); SBX_EXIT_STATUS + s the reader failed with
 * quire_status s (its message on the pipe, so "invalid UTF-16" reaches the
 * parent).  Any other exit (a sanitizer report exits 1) or a signal is a
 * crash; SIGXCPU, or SIGKILL the parent did not send, is the CPU limit.
 *
 * The parent reads the pipe with poll() against a wall-clock deadline and
 * a cap on the bytes, kills the child on either, and always reaps it.
 * (The caller must not set SIGCHLD to SIG_IGN: the kernel would then reap
 * the child itself and its exit status would be lost.)
 * A crash is reported as QUIRE_EINPUT (this input broke the reader); the
 * limits as QUIRE_ELIMIT.  The limits mean "none" when 0.
 *
 * in_process runs the same reader, arena budget, serialisation and
 * deserialisation without the child, so tests and the fuzzer see the same
 * result shape (the CPU and wall-clock limits are then not enforced).
 *
 * Wire form (integers little-endian):
 *   "QSRC" u8 version(1)
 *   4 × optional string (format, encoding, title, date): u32 len+1 (0 =
 *       unset), bytes (no NUL inside)
 *   u32 pages
 *   u32 n_authors, each u32 len + bytes;  u32 n_remarks, likewise
 *   u64 n_items, each: u8 type, u8 kind, i32 level, and for LINE/BLOCK
 *       u64 len + bytes (LINE and PAGE_BREAK have kind 0 and level 0)
 *   "END."
 * sbx_deserialize() accepts only this canonical form (so deserialise then
 * serialise gives the same bytes back), checks every length against the
 * bytes left before using it and never allocates from a count.
 */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sched.h>
#include <seccomp.h>

#include "buf.h"
#include "rd_pdf.h"
#include "zipx.h"

#if defined(__SANITIZE_ADDRESS__)
#define SBX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SBX_ASAN 1
#endif
#endif
#ifndef SBX_ASAN
#define SBX_ASAN 0
#endif

#define SBX_MAGIC "QSRC"
#define SBX_VERSION 1
#define SBX_END "END."

#define SBX_EXIT_SETUP 70
#define SBX_EXIT_OOM 71
#define SBX_EXIT_STATUS 80 /* + quire_status */

#define SBX_FD 3 /* the pipe in the child */
#define SBX_CHUNK ((size_t)64 * 1024)

sbx_limits sbx_limits_default(void)
{
	sbx_limits l;
	l.mem_bytes = (size_t)1 << 30;
	l.cpu_seconds = 20;
	l.wall_seconds = 30;
	l.max_output = (size_t)512 << 20;
	l.in_process = 0;
	l.spawner = NULL;
	return l;
}

static size_t mb(size_t bytes)
{
	return (bytes + ((size_t)1 << 20) - 1) >> 20;
}

/* ------------------------------------------------------------------ */
/* Serialising                                                         */
/* ------------------------------------------------------------------ */

/* Where serialised bytes go: a buffer, flushed to fd when fd >= 0. */
typedef struct sink {
	buf_t b;
	int fd;
	int io_failed;
} sink;

/* Writes all n bytes; on a socket (sock 1) with MSG_NOSIGNAL, so a peer
 * that went away is an error, not a SIGPIPE.  0, or -1. */
static int put_all(int fd, const void *p, size_t n, int sock)
{
	const char *c = p;
	while (n) {
		ssize_t w = sock ? send(fd, c, n, MSG_NOSIGNAL) : write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static void sink_flush(sink *s)
{
	if (s->fd < 0 || s->b.len == 0 || s->io_failed)
		return;
	if (put_all(s->fd, s->b.p, s->b.len, 0))
		s->io_failed = 1;
	buf_reset(&s->b);
}

static void put(sink *s, const void *p, size_t n)
{
	if (s->fd >= 0 && n >= SBX_CHUNK) {
		sink_flush(s);
		if (!s->io_failed && put_all(s->fd, p, n, 0))
			s->io_failed = 1;
		return;
	}
	buf_append(&s->b, p, n);
	if (s->fd >= 0 && s->b.len >= SBX_CHUNK)
		sink_flush(s);
}

static void put_u32(sink *s, uint32_t v)
{
	unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8),
			      (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
	put(s, b, 4);
}

static void put_u64(sink *s, uint64_t v)
{
	put_u32(s, (uint32_t)v);
	put_u32(s, (uint32_t)(v >> 32));
}

static void put_opt(sink *s, const char *str)
{
	if (!str) {
		put_u32(s, 0);
		return;
	}
	size_t n = strlen(str);
	put_u32(s, (uint32_t)n + 1);
	put(s, str, n);
}

static void put_str(sink *s, const char *str)
{
	size_t n = strlen(str);
	put_u32(s, (uint32_t)n);
	put(s, str, n);
}

/* Writes src to s; QUIRE_ENOMEM or QUIRE_EIO on failure. */
static quire_status serialize_to(const quire_source *src, sink *s)
{
	put(s, SBX_MAGIC, 4);
	unsigned char v = SBX_VERSION;
	put(s, &v, 1);
	put_opt(s, quire_source_format(src));
	put_opt(s, quire_source_encoding(src));
	put_opt(s, quire_source_title(src));
	put_opt(s, quire_source_date(src));
	put_u32(s, quire_source_pages(src));
	size_t na = quire_source_n_authors(src);
	put_u32(s, (uint32_t)na);
	for (size_t i = 0; i < na; i++)
		put_str(s, quire_source_author(src, i));
	size_t nr = quire_source_n_remarks(src);
	put_u32(s, (uint32_t)nr);
	for (size_t i = 0; i < nr; i++)
		put_str(s, quire_source_remark(src, i));
	size_t ni = quire_source_count(src);
	put_u64(s, ni);
	for (size_t i = 0; i < ni && !buf_failed(&s->b) && !s->io_failed; i++) {
		const quire_item *it = quire_source_item(src, i);
		unsigned char h[2] = {(unsigned char)it->type, (unsigned char)it->kind};
		put(s, h, 2);
		put_u32(s, (uint32_t)it->level);
		if (it->type != QUIRE_ITEM_PAGE_BREAK) {
			put_u64(s, it->len);
			put(s, it->text, it->len);
		}
	}
	put(s, SBX_END, 4);
	sink_flush(s);
	if (s->io_failed)
		return QUIRE_EIO;
	return buf_failed(&s->b) ? QUIRE_ENOMEM : QUIRE_OK;
}

quire_status sbx_serialize(const quire_source *src, unsigned char **out,
			   size_t *n)
{
	sink s;
	buf_init(&s.b);
	s.fd = -1;
	s.io_failed = 0;
	*out = NULL;
	*n = 0;
	quire_status rc = serialize_to(src, &s);
	if (rc) {
		buf_free(&s.b);
		return rc;
	}
	*out = (unsigned char *)buf_detach(&s.b, n);
	if (!*out)
		return QUIRE_ENOMEM;
	return QUIRE_OK;
}

/* ------------------------------------------------------------------ */
/* Deserialising                                                       */
/* ------------------------------------------------------------------ */

typedef struct rbuf {
	const unsigned char *p;
	size_t left;
} rbuf;

static int get(rbuf *r, void *dst, size_t n)
{
	if (n > r->left)
		return -1;
	memcpy(dst, r->p, n);
	r->p += n;
	r->left -= n;
	return 0;
}

static int get_u32(rbuf *r, uint32_t *v)
{
	unsigned char b[4];
	if (get(r, b, 4))
		return -1;
	*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	     (uint32_t)b[3] << 24;
	return 0;
}

static int get_u64(rbuf *r, uint64_t *v)
{
	uint32_t lo, hi;
	if (get_u32(r, &lo) || get_u32(r, &hi))
		return -1;
	*v = (uint64_t)hi << 32 | lo;
	return 0;
}

/* A span of n bytes of r (no copy), or NULL. */
static const char *get_span(rbuf *r, uint64_t n)
{
	if (n > r->left)
		return NULL;
	const char *s = (const char *)r->p;
	r->p += n;
	r->left -= (size_t)n;
	return s;
}

/* A metadata string: NUL-free, copied to a NUL-terminated temporary. */
static int get_meta(rbuf *r, uint64_t n, buf_t *tmp)
{
	const char *s = get_span(r, n);
	if (!s || memchr(s, 0, (size_t)n))
		return -1;
	buf_reset(tmp);
	buf_append(tmp, s, (size_t)n); /* even n == 0 leaves p a C string */
	return buf_failed(tmp) ? -2 : 0;
}

quire_status sbx_deserialize(const unsigned char *p, size_t n,
			     quire_source *out, quire_error *err)
{
	rbuf r = {p, n};
	buf_t tmp;
	buf_init(&tmp);
	char *opt[4] = {NULL, NULL, NULL, NULL};
	quire_status rc = QUIRE_OK;
	unsigned char head[5];
	uint32_t u, pages;
	uint64_t ni;
	const char *bad = "bad header";

	if (get(&r, head, 5) || memcmp(head, SBX_MAGIC, 4) != 0)
		goto corrupt;
	bad = "unknown version";
	if (head[4] != SBX_VERSION)
		goto corrupt;
	bad = "bad metadata";
	for (int i = 0; i < 4; i++) {
		if (get_u32(&r, &u))
			goto corrupt;
		if (u == 0)
			continue;
		int g = get_meta(&r, (uint64_t)u - 1, &tmp);
		if (g == -2)
			goto nomem;
		if (g)
			goto corrupt;
		opt[i] = strdup(tmp.p);
		if (!opt[i])
			goto nomem;
	}
	if ((rc = quire_source_set_format(out, opt[0], opt[1])) ||
	    (rc = quire_source_set_title(out, opt[2])) ||
	    (rc = quire_source_set_date(out, opt[3])))
		goto nomem;
	if (get_u32(&r, &pages))
		goto corrupt;
	(void)quire_source_set_pages(out, pages);
	for (int list = 0; list < 2; list++) {
		uint32_t cnt;
		if (get_u32(&r, &cnt))
			goto corrupt;
		for (uint32_t i = 0; i < cnt; i++) {
			if (get_u32(&r, &u))
				goto corrupt;
			int g = get_meta(&r, u, &tmp);
			if (g == -2)
				goto nomem;
			if (g)
				goto corrupt;
			rc = list ? quire_source_add_remark(out, tmp.p)
				  : quire_source_add_author(out, tmp.p);
			if (rc)
				goto nomem;
		}
	}
	bad = "bad item";
	if (get_u64(&r, &ni))
		goto corrupt;
	for (uint64_t i = 0; i < ni; i++) {
		unsigned char h[2];
		uint32_t lv;
		if (get(&r, h, 2) || get_u32(&r, &lv))
			goto corrupt;
		int level = (int)(int32_t)lv;
		if (h[0] == QUIRE_ITEM_PAGE_BREAK) {
			if (h[1] || level)
				goto corrupt;
			rc = quire_source_add_page_break(out);
		} else if (h[0] == QUIRE_ITEM_LINE || h[0] == QUIRE_ITEM_BLOCK) {
			uint64_t len;
			const char *s;
			if (get_u64(&r, &len) || !(s = get_span(&r, len)))
				goto corrupt;
			if (h[0] == QUIRE_ITEM_LINE) {
				if (h[1] || level)
					goto corrupt;
				rc = quire_source_add_line(out, s, (size_t)len);
			} else {
				if (h[1] > QUIRE_BLOCK_REFERENCE)
					goto corrupt;
				rc = quire_source_add_block(out, (quire_block_kind)h[1],
							    level, s, (size_t)len);
			}
		} else {
			goto corrupt;
		}
		if (rc)
			goto nomem;
	}
	bad = "bad trailer";
	if (r.left != 4 || memcmp(r.p, SBX_END, 4) != 0)
		goto corrupt;
	goto done;
corrupt:
	rc = quire_error_set(err, QUIRE_EINPUT, "the reader's output is corrupt (%s)", bad);
	goto done;
nomem:
	rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
done:
	for (int i = 0; i < 4; i++)
		free(opt[i]);
	buf_free(&tmp);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Running the reader                                                  */
/* ------------------------------------------------------------------ */

static quire_status mem_error(const sbx_limits *lim, quire_error *err)
{
	if (!lim->mem_bytes)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	return quire_error_set(err, QUIRE_ELIMIT,
			       "reading stopped: exceeded %zu MB of memory",
			       mb(lim->mem_bytes));
}

static quire_status read_in_process(const fmt_reader *r,
				    const unsigned char *bytes, size_t n,
				    const sbx_limits *lim, quire_source *out,
				    quire_error *err)
{
	quire_arena *a = quire_arena_new(lim->mem_bytes);
	quire_source *src = a ? quire_source_new(a) : NULL;
	if (!src) {
		quire_arena_free(a);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	quire_error e = {QUIRE_OK, ""};
	quire_status rc = r->read(bytes, n, src, &e);
	if (rc == QUIRE_ENOMEM) {
		quire_arena_free(a);
		return mem_error(lim, err);
	}
	if (rc) {
		quire_arena_free(a);
		if (e.code == QUIRE_OK)
			return quire_error_set(err, rc, "%s", quire_status_str(rc));
		return quire_error_set(err, rc, "%s", e.msg);
	}
	unsigned char *ser;
	size_t sn;
	rc = sbx_serialize(src, &ser, &sn);
	quire_arena_free(a);
	if (rc)
		return mem_error(lim, err);
	if (lim->max_output && sn > lim->max_output) {
		free(ser);
		return quire_error_set(err, QUIRE_ELIMIT,
				       "reading stopped: produced more than %zu MB",
				       mb(lim->max_output));
	}
	rc = sbx_deserialize(ser, sn, out, err);
	free(ser);
	return rc;
}

/* Makes the child's descriptors: the pipe on SBX_FD, /dev/null on 0 and 1
 * (and on 2 if stderr was one of the pipe's ends), nothing else. */
static int child_fds(int rfd, int wfd)
{
	if (wfd != SBX_FD) {
		if (dup2(wfd, SBX_FD) < 0)
			return -1;
	} else if (fcntl(SBX_FD, F_SETFD, 0) < 0) {
		return -1;
	}
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return -1;
	for (int fd = 0; fd <= 2; fd++)
		if ((fd < 2 || fd == rfd || fd == wfd) && dup2(null, fd) < 0)
			return -1;
	if (close_range(SBX_FD + 1, ~0U, 0) != 0) {
		/* Old kernel: close what RLIMIT_NOFILE allows to exist. */
		struct rlimit rl;
		long max = getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
				   rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 65536
			   ? (long)rl.rlim_cur : 65536;
		for (long fd = SBX_FD + 1; fd < max; fd++)
			close((int)fd);
	}
	return 0;
}

static int child_limits(const sbx_limits *lim, size_t fsize)
{
	struct rlimit rl;
#if !SBX_ASAN
	if (lim->mem_bytes) {
		rl.rlim_cur = rl.rlim_max = lim->mem_bytes;
		if (setrlimit(RLIMIT_AS, &rl))
			return -1;
	}
	rl.rlim_cur = rl.rlim_max = fsize;
	if (setrlimit(RLIMIT_FSIZE, &rl))
		return -1;
#endif
	if (lim->cpu_seconds) {
		rl.rlim_cur = lim->cpu_seconds;
		rl.rlim_max = (rlim_t)lim->cpu_seconds + 1;
		if (setrlimit(RLIMIT_CPU, &rl))
			return -1;
	}
	rl.rlim_cur = rl.rlim_max = 8;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		return -1;
	rl.rlim_cur = rl.rlim_max = 0;
	if (setrlimit(RLIMIT_CORE, &rl))
		return -1;
	return 0;
}

/* conv: the reader runs a converter (fmt_converter()): execve, fork and
 * read-only open/openat stay allowed — the converter must load its shared
 * libraries and data files, and the reader forks it; the reader itself
 * narrows the converter's process further (rd_doc.c: no fork, exec only
 * the converter's path).  Opening for writing, creating and every other
 * refusal stay. */
static int child_seccomp(int conv)
{
	static const char *const deny[] = {
		"socket", "socketpair", "connect", "bind", "listen", "accept",
		"accept4", "sendto", "sendmsg", "sendmmsg", "recvmsg", "recvmmsg",
		"recvfrom", "execveat", "ptrace", "openat2", "creat", "open_by_handle_at",
		"mkdir", "mkdirat", "mknod", "mknodat", "unlink", "unlinkat",
		"rmdir", "rename", "renameat", "renameat2", "link", "linkat",
		"symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "chown",
		"fchown", "fchownat", "lchown", "truncate", "tkill",
		"process_vm_writev", "io_uring_setup", "mount",
		"umount2", "chroot", "pivot_root", "setns", "unshare",
		/* the last five: not for a converter reader */
		"execve", "fork", "vfork", "open", "openat",
	};
	size_t ndeny = sizeof deny / sizeof deny[0] - (conv ? 5 : 0);
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return -1;
	int rc = 0;
	if (conv) {
		/* open/openat: refused when asked to write, create or truncate */
		static const unsigned long wbits[] = {O_WRONLY, O_RDWR, O_CREAT, O_TRUNC,
						      O_APPEND, O_TMPFILE & ~O_DIRECTORY};
		for (size_t i = 0; i < sizeof wbits / sizeof wbits[0] && rc == 0; i++) {
			scmp_datum_t b = (scmp_datum_t)wbits[i];
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(open), 1,
					      SCMP_A1(SCMP_CMP_MASKED_EQ, b, b));
			if (rc == 0)
				rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(openat), 1,
						      SCMP_A2(SCMP_CMP_MASKED_EQ, b, b));
		}
	}
	for (size_t i = 0; i < ndeny && rc == 0; i++) {
		int nr = seccomp_syscall_resolve_name(deny[i]);
		if (nr == __NR_SCMP_ERROR || nr < 0)
			continue; /* not a system call on this architecture */
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
	}
	/* Signals to the child itself only (raise() and abort() must work). */
	scmp_datum_t self = (scmp_datum_t)getpid();
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(kill), 1,
				      SCMP_A0(SCMP_CMP_NE, self));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(tgkill), 1,
				      SCMP_A0(SCMP_CMP_NE, self));
	/* New processes through clone(): anything but a thread. */
	if (rc == 0 && !conv)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
				      SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
	if (rc == 0 && !conv) {
		int nr = seccomp_syscall_resolve_name("clone3");
		if (nr != __NR_SCMP_ERROR && nr >= 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
	}
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc ? -1 : 0;
}

/* Default dispositions for every signal (the parent's handlers — a CLI's
 * SIGINT cleanup, a test framework's SIGSEGV catcher, a sanitizer's report
 * — must not run in the child: a crash is a signal the parent sees), none
 * blocked, and SIGPIPE ignored so a vanished parent is a write error. */
static void child_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			(void)sigaction(sig, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	(void)sigaction(SIGPIPE, &sa, NULL);
	sigset_t none;
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
}

static void child_fail(int code, const char *msg)
{
	(void)put_all(SBX_FD, msg, strlen(msg), 0);
	_exit(code);
}

/* Loads the shared libraries reader r opens at run time — poppler-glib
 * for PDF (rd_pdf.c), libzip for DOCX, ODT and EPUB (zipx.c) — into this
 * process, once (see above): called in the parent before fork(). */
static void preload(const fmt_reader *r)
{
	if (r->read == rd_pdf_read)
		rd_pdf_preload();
	else if (r->read == rd_docx_read || r->read == rd_odt_read ||
		 r->read == rd_epub_read)
		zipx_preload();
}

/* The child's whole life: never returns. */
__attribute__((noreturn)) static void child_main(const fmt_reader *r,
						  const unsigned char *bytes, size_t n,
						  const sbx_limits *lim, int rfd, int wfd)
{
	child_signals();
	if (child_fds(rfd, wfd))
		_exit(SBX_EXIT_SETUP); /* no pipe to report on */
	int conv = fmt_converter(r) != NULL;
	/* a converter reader may write its input into a memfd (rd_doc.c) */
	if (child_limits(lim, conv ? n + ((size_t)1 << 16) : 0))
		child_fail(SBX_EXIT_SETUP, "could not set up the sandbox (setrlimit)");
	/* iconv reads its module configuration on first use, which the filter
	 * would refuse; poppler converts UTF-16 document titles through it. */
	iconv_t ic = iconv_open("UTF-8", "UTF-16BE");
	if (ic != (iconv_t)-1)
		iconv_close(ic);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		child_fail(SBX_EXIT_SETUP, "could not set up the sandbox (no_new_privs)");
	if (child_seccomp(conv))
		child_fail(SBX_EXIT_SETUP, "could not set up the sandbox (seccomp)");

	quire_arena *a = quire_arena_new(lim->mem_bytes);
	quire_source *src = a ? quire_source_new(a) : NULL;
	if (!src)
		_exit(SBX_EXIT_OOM);
	quire_error e = {QUIRE_OK, ""};
	quire_status rc = r->read(bytes, n, src, &e);
	if (rc == QUIRE_ENOMEM)
		_exit(SBX_EXIT_OOM);
	if (rc) {
		if (e.code == QUIRE_OK)
			snprintf(e.msg, sizeof e.msg, "%s", quire_status_str(rc));
		child_fail(SBX_EXIT_STATUS + (int)rc, e.msg);
	}
	sink s;
	buf_init(&s.b);
	s.fd = SBX_FD;
	s.io_failed = 0;
	rc = serialize_to(src, &s);
	if (rc == QUIRE_ENOMEM)
		_exit(SBX_EXIT_OOM);
	_exit(rc ? SBX_EXIT_SETUP : 0);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The child's message on the pipe as one printable line. */
static const char *child_msg(buf_t *b)
{
	if (b->len == 0 || buf_failed(b))
		return "no message";
	if (b->len > 400)
		b->len = 400;
	for (size_t i = 0; i < b->len; i++)
		if ((unsigned char)b->p[i] < 0x20)
			b->p[i] = ' ';
	b->p[b->len] = '\0';
	return b->p;
}

/* ------------------------------------------------------------------ */
/* The spawner                                                         */
/* ------------------------------------------------------------------ */

/*
 * The helper's life is one loop over a stream socket (socketpair) with
 * its caller, one read at a time:
 *   caller → helper: a spw_req (with the pipe's write end attached as
 *                    SCM_RIGHTS), then the input's n bytes;
 *   helper:          forks the child (child_main, exactly as sbx_read's
 *                    own fork does) and closes its copy of the pipe;
 *   helper → caller: the child's pid (an int32; -errno if fork failed);
 *   caller:          reads the pipe as usual, and on a deadline or an
 *                    over-long output kills the child itself (the helper
 *                    has not reaped it, so the pid cannot have been
 *                    reused);
 *   caller → helper: one byte, "done";
 *   helper → caller: the child's wait status (an int32) once reaped.
 * The reader is passed as its address: the helper is a fork of the
 * caller, so the caller's readers (static, const) sit at the same
 * addresses there.  The helper trusts its caller; it never parses the
 * input, only hands it to the sandboxed child.  Every write of the
 * caller's uses MSG_NOSIGNAL: a helper that died is an error, not a
 * SIGPIPE.
 */
typedef struct spw_req {
	uint64_t reader; /* const fmt_reader * in the caller = in the helper */
	uint64_t n;
	uint64_t mem_bytes, max_output;
	uint32_t cpu_seconds, wall_seconds;
} spw_req;

struct sbx_spawner {
	int sock;   /* -1 once the helper is lost */
	pid_t pid;
};

/* 0, or -1 on an error or end of stream before n bytes. */
static int recv_all(int fd, void *p, size_t n)
{
	char *c = p;
	while (n) {
		ssize_t got = recv(fd, c, n, 0);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		c += got;
		n -= (size_t)got;
	}
	return 0;
}

/* The request's header with the fd attached; 0 or -1. */
static int spw_send_req(int sock, const spw_req *q, int fd)
{
	struct iovec iov = {(void *)q, sizeof *q};
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof u);
	struct msghdr m;
	memset(&m, 0, sizeof m);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof u.buf;
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	ssize_t w;
	do
		w = sendmsg(sock, &m, MSG_NOSIGNAL);
	while (w < 0 && errno == EINTR);
	if (w <= 0)
		return -1;
	/* the fd went with the first byte; the rest of the header, if the
	 * kernel took only part of it */
	return put_all(sock, (const char *)q + w, sizeof *q - (size_t)w, 1);
}

/* In the helper: the next request's header and fd.  1 a request, 0 end
 * of stream (the caller is done), -1 an error. */
static int spw_recv_req(int sock, spw_req *q, int *fd)
{
	struct iovec iov = {q, sizeof *q};
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr m;
	memset(&m, 0, sizeof m);
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = u.buf;
	m.msg_controllen = sizeof u.buf;
	ssize_t got;
	do
		got = recvmsg(sock, &m, MSG_CMSG_CLOEXEC);
	while (got < 0 && errno == EINTR);
	if (got == 0)
		return 0;
	if (got < 0)
		return -1;
	*fd = -1;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len == CMSG_LEN(sizeof(int)))
			memcpy(fd, CMSG_DATA(c), sizeof *fd);
	if (*fd < 0 || (m.msg_flags & MSG_CTRUNC))
		return -1;
	if (recv_all(sock, (char *)q + got, sizeof *q - (size_t)got)) {
		close(*fd);
		return -1;
	}
	return 1;
}

/* The helper's whole life: never returns. */
__attribute__((noreturn)) static void spawner_main(int sock, pid_t caller)
{
	/* die with the caller; and if it is already gone, now */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != caller)
		_exit(0);
	(void)prctl(PR_SET_NAME, "quire-spawner");
	child_signals(); /* default dispositions (SIGCHLD above all), SIGPIPE ignored */
	/* nothing of the caller's but stderr: a pipe on its stdout must see
	 * its end when the caller ends, not when the helper does */
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0)
		_exit(1);
	if (sock != SBX_FD) {
		if (dup2(sock, SBX_FD) < 0)
			_exit(1);
		sock = SBX_FD;
	}
	if (close_range(SBX_FD + 1, ~0U, 0) != 0) {
		for (int fd = SBX_FD + 1; fd < 1024; fd++)
			close(fd);
	}
	for (;;) {
		spw_req q;
		memset(&q, 0, sizeof q);
		int wfd = -1;
		int rc = spw_recv_req(sock, &q, &wfd);
		if (rc <= 0)
			_exit(rc < 0);
		unsigned char *bytes = q.n ? malloc(q.n) : NULL;
		int32_t pid = -ENOMEM;
		if (q.n && !bytes) {
			/* drain the input so the stream stays in step */
			char sinkb[4096];
			for (uint64_t left = q.n; left;) {
				size_t k = left < sizeof sinkb ? (size_t)left : sizeof sinkb;
				if (recv_all(sock, sinkb, k))
					_exit(1);
				left -= k;
			}
		} else {
			if (q.n && recv_all(sock, bytes, (size_t)q.n))
				_exit(1);
			const fmt_reader *r = (const fmt_reader *)(uintptr_t)q.reader;
			sbx_limits lim = sbx_limits_default();
			lim.mem_bytes = (size_t)q.mem_bytes;
			lim.max_output = (size_t)q.max_output;
			lim.cpu_seconds = q.cpu_seconds;
			lim.wall_seconds = q.wall_seconds;
			preload(r); /* before fork: the child cannot open the files */
			pid_t p = fork();
			if (p == 0) {
				/* the child dies with its helper, which dies
				 * with the caller */
				(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
				child_main(r, bytes, (size_t)q.n, &lim, -1, wfd);
			}
			pid = p < 0 ? -errno : (int32_t)p;
		}
		close(wfd);
		free(bytes);
		if (put_all(sock, &pid, sizeof pid, 1)) {
			if (pid > 0)
				kill(pid, SIGKILL);
			_exit(1);
		}
		if (pid < 0)
			continue;
		char done;
		if (recv_all(sock, &done, 1))
			kill(pid, SIGKILL); /* the caller is gone: reap, then leave */
		int status = 0;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		int32_t st = status;
		if (put_all(sock, &st, sizeof st, 1))
			_exit(1);
	}
}

sbx_spawner *sbx_spawner_new(void)
{
	sbx_spawner *z = malloc(sizeof *z);
	if (!z)
		return NULL;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		free(z);
		return NULL;
	}
	pid_t caller = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		close(sv[0]);
		spawner_main(sv[1], caller);
	}
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		free(z);
		return NULL;
	}
	z->sock = sv[0];
	z->pid = pid;
	return z;
}

/* The helper is lost (died, or the stream is out of step): close the
 * stream, which ends it if it still runs, and reap it. */
static void spawner_lost(sbx_spawner *z)
{
	if (z->sock < 0)
		return;
	close(z->sock);
	z->sock = -1;
	kill(z->pid, SIGKILL);
	while (waitpid(z->pid, NULL, 0) < 0 && errno == EINTR)
		;
}

void sbx_spawner_free(sbx_spawner *z)
{
	if (!z)
		return;
	if (z->sock >= 0) {
		/* end of stream: the helper leaves its loop and exits */
		close(z->sock);
		z->sock = -1;
		while (waitpid(z->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	free(z);
}

int sbx_spawner_pid(const sbx_spawner *z)
{
	return z && z->sock >= 0 ? (int)z->pid : -1;
}

/* The pool: n spawners and which of them are lent, under one mutex; a
 * taker waits on `freed` while all are lent. */
struct sbx_pool {
	pthread_mutex_t mu;
	pthread_cond_t freed;
	unsigned n;
	sbx_spawner **z;
	unsigned char *lent;
};

sbx_pool *sbx_pool_new(unsigned n)
{
	sbx_pool *p = calloc(1, sizeof *p);
	if (!p || !n || !(p->z = calloc(n, sizeof(sbx_spawner *))) || !(p->lent = calloc(n, 1))) {
		if (p) {
			free(p->z);
			free(p);
		}
		return NULL;
	}
	for (unsigned i = 0; i < n; i++)
		if ((p->z[p->n] = sbx_spawner_new()) != NULL)
			p->n++;
	int mu = 0;
	if (!p->n || !(mu = pthread_mutex_init(&p->mu, NULL) == 0) ||
	    pthread_cond_init(&p->freed, NULL)) {
		if (mu)
			pthread_mutex_destroy(&p->mu);
		for (unsigned i = 0; i < p->n; i++)
			sbx_spawner_free(p->z[i]);
		free(p->z);
		free(p->lent);
		free(p);
		return NULL;
	}
	return p;
}

sbx_spawner *sbx_pool_take(sbx_pool *p)
{
	if (!p)
		return NULL;
	sbx_spawner *z = NULL;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		for (unsigned i = 0; i < p->n && !z; i++)
			if (!p->lent[i]) {
				p->lent[i] = 1;
				z = p->z[i];
			}
		if (z)
			break;
		pthread_cond_wait(&p->freed, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return z;
}

void sbx_pool_give(sbx_pool *p, sbx_spawner *z)
{
	if (!p || !z)
		return;
	pthread_mutex_lock(&p->mu);
	for (unsigned i = 0; i < p->n; i++)
		if (p->z[i] == z)
			p->lent[i] = 0;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->mu);
}

void sbx_pool_free(sbx_pool *p)
{
	if (!p)
		return;
	for (unsigned i = 0; i < p->n; i++)
		sbx_spawner_free(p->z[i]);
	pthread_cond_destroy(&p->freed);
	pthread_mutex_destroy(&p->mu);
	free(p->z);
	free(p->lent);
	free(p);
}

/* A child running r on bytes through spawner z; its write end is wfd.
 * Returns the child's pid, or -1 when the helper could not start it
 * (z is then lost, and the caller forks the child itself). */
static pid_t spawner_start(sbx_spawner *z, const fmt_reader *r,
			   const unsigned char *bytes, size_t n,
			   const sbx_limits *lim, int wfd)
{
	if (z->sock < 0)
		return -1;
	spw_req q;
	memset(&q, 0, sizeof q);
	q.reader = (uint64_t)(uintptr_t)r;
	q.n = n;
	q.mem_bytes = lim->mem_bytes;
	q.max_output = lim->max_output;
	q.cpu_seconds = lim->cpu_seconds;
	q.wall_seconds = lim->wall_seconds;
	int32_t pid;
	if (spw_send_req(z->sock, &q, wfd) || (n && put_all(z->sock, bytes, n, 1)) ||
	    recv_all(z->sock, &pid, sizeof pid)) {
		spawner_lost(z);
		return -1;
	}
	return pid > 0 ? (pid_t)pid : -1; /* a failed fork: keep the helper */
}

/* The wait status of a child spawner_start started: 0, or -1 with z lost. */
static int spawner_reap(sbx_spawner *z, int *status)
{
	int32_t st;
	if (z->sock < 0 || put_all(z->sock, "d", 1, 1) ||
	    recv_all(z->sock, &st, sizeof st)) {
		spawner_lost(z);
		return -1;
	}
	*status = st;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reading in a child                                                  */
/* ------------------------------------------------------------------ */

quire_status sbx_read(const fmt_reader *r, const unsigned char *bytes, size_t n,
		      const sbx_limits *lim, quire_source *out,
		      quire_error *err)
{
	sbx_limits def = sbx_limits_default();
	if (!lim)
		lim = &def;
	if (!r || !out || (!bytes && n))
		return quire_error_set(err, QUIRE_EUSAGE, "sbx_read: missing argument");
	if (lim->in_process)
		return read_in_process(r, bytes, n, lim, out, err);

	int fds[2];
	if (pipe2(fds, O_CLOEXEC))
		return quire_error_set(err, QUIRE_EIO, "cannot start the reader: %s",
				       strerror(errno));
	sbx_spawner *z = lim->spawner;
	pid_t pid = z ? spawner_start(z, r, bytes, n, lim, fds[1]) : -1;
	if (pid < 0) {
		z = NULL; /* forked here */
		preload(r); /* before fork: the child cannot open the files */
		pid = fork();
		if (pid < 0) {
			int e = errno;
			close(fds[0]);
			close(fds[1]);
			return quire_error_set(err, QUIRE_EIO, "cannot start the reader: %s",
					       strerror(e));
		}
		if (pid == 0)
			child_main(r, bytes, n, lim, fds[0], fds[1]);
	}
	close(fds[1]);

	buf_t b;
	buf_init(&b);
	int timed_out = 0, too_big = 0, read_failed = 0;
	int64_t deadline = lim->wall_seconds ? now_ms() + (int64_t)lim->wall_seconds * 1000 : 0;
	for (;;) {
		int wait_ms = -1;
		if (deadline) {
			int64_t left = deadline - now_ms();
			if (left <= 0) {
				timed_out = 1;
				break;
			}
			wait_ms = left > 60000 ? 60000 : (int)left;
		}
		struct pollfd pfd = {fds[0], POLLIN, 0};
		int pr = poll(&pfd, 1, wait_ms);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0) {
			read_failed = 1;
			break;
		}
		if (pr == 0)
			continue; /* the deadline is checked above */
		if (buf_reserve(&b, SBX_CHUNK)) {
			read_failed = 1;
			break;
		}
		ssize_t got = read(fds[0], b.p + b.len, SBX_CHUNK);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got < 0) {
			read_failed = 1;
			break;
		}
		if (got == 0)
			break;
		b.len += (size_t)got;
		if (lim->max_output && b.len > lim->max_output) {
			too_big = 1;
			break;
		}
	}
	close(fds[0]);
	if (timed_out || too_big || read_failed)
		kill(pid, SIGKILL);
	int status = 0;
	if (z) {
		if (spawner_reap(z, &status))
			read_failed = 1;
	} else {
		while (waitpid(pid, &status, 0) < 0) {
			if (errno != EINTR) {
				status = 0;
				read_failed = 1;
				break;
			}
		}
	}

	quire_status rc;
	if (timed_out)
		rc = quire_error_set(err, QUIRE_ELIMIT, "reading stopped: took more than %u s",
				     lim->wall_seconds);
	else if (too_big)
		rc = quire_error_set(err, QUIRE_ELIMIT,
				     "reading stopped: produced more than %zu MB",
				     mb(lim->max_output));
	else if (read_failed)
		rc = buf_failed(&b) ? quire_error_set(err, QUIRE_ENOMEM, "out of memory")
				    : quire_error_set(err, QUIRE_EIO,
						      "reading stopped: lost the reader's output");
	else if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);
		if (lim->cpu_seconds && (sig == SIGXCPU || sig == SIGKILL))
			rc = quire_error_set(err, QUIRE_ELIMIT,
					     "reading stopped: used more than %u s of CPU time",
					     lim->cpu_seconds);
		else
			rc = quire_error_set(err, QUIRE_EINPUT,
					     "reading stopped: the reader crashed (signal %d)", sig);
	} else {
		int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		if (code == 0)
			rc = sbx_deserialize((const unsigned char *)b.p, b.len, out, err);
		else if (code == SBX_EXIT_OOM)
			rc = mem_error(lim, err);
		else if (code == SBX_EXIT_SETUP)
			rc = quire_error_set(err, QUIRE_EIO, "%s", child_msg(&b));
		else if (code > SBX_EXIT_STATUS && code <= SBX_EXIT_STATUS + (int)QUIRE_EUSAGE)
			rc = quire_error_set(err, (quire_status)(code - SBX_EXIT_STATUS),
					     "%s", child_msg(&b));
		else
			rc = quire_error_set(err, QUIRE_EINPUT,
					     "reading stopped: the reader crashed (exit status %d)",
					     code);
	}
	buf_free(&b);
	return rc;
}

/* ------------------------------------------------------------------ */
/* From a path to a source                                             */
/* ------------------------------------------------------------------ */

quire_status fmt_load(const char *path, const sbx_limits *lim, size_t max_bytes,
		      quire_arena *a, quire_source **out, const fmt_reader **r,
		      quire_error *err)
{
	*out = NULL;
	if (r)
		*r = NULL;
	if (!max_bytes)
		max_bytes = FMT_MAX_FILE_BYTES;
	unsigned char *bytes;
	size_t n;
	quire_status rc = fmt_read_file(path, max_bytes, &bytes, &n, err);
	if (rc)
		return rc;
	const char *what;
	const fmt_reader *rd = fmt_sniff(bytes, n, path, &what);
	if (!rd) {
		free(bytes);
		if (n == 0)
			return quire_error_set(err, QUIRE_EINPUT, "the file is empty");
		return quire_error_set(err, strcmp(what, "binary data") == 0
						    ? QUIRE_EINPUT : QUIRE_EFORMAT,
				       "not a format quire reads (looks like %s)", what);
	}
	quire_source *src = quire_source_new(a);
	if (!src) {
		free(bytes);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	rc = sbx_read(rd, bytes, n, lim, src, err);
	free(bytes);
	if (rc == QUIRE_OK && !quire_source_format(src) &&
	    quire_source_set_format(src, rd->name, NULL))
		rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	if (rc)
		return rc;
	*out = src;
	if (r)
		*r = rd;
	return QUIRE_OK;
}
