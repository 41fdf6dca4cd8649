/*
 * rd_doc.c — Word 97–2003 (.doc) documents, through antiword; and the
 * refusal of password-protected OLE files (encrypted .doc, and the
 * encrypted DOCX that Office stores as an OLE file with an
 * "EncryptedPackage" stream).
 *
 * Why antiword.  Measured on our LibreOffice-made fixtures
 * (tests/fixtures/formats/doc, from tests/fixtures/coral-bleaching.md, 547
 * words, and silk-road-lutes.md, 431): antiword gives 534 and 420 words in
 * under 10 ms each; LibreOffice (soffice --cat) 537 and 420 words in about
 * 2–3 s each (start-up) and needs a 500 MB suite at run time; wvText needs
 * a text-mode browser and otherwise falls back to "pretty bad" output.  All
 * three keep the paragraphs; none keeps heading styles as marks.  antiword
 * is small, fast, in Debian, and reads the document from a seekable file
 * descriptor, so it is the converter.
 *
 * How it runs: the sandbox gives this reader a wider policy (sandbox.c,
 * fmt_converter()).  The reader resolves antiword on PATH, writes the bytes
 * into a memfd (no file on disk), forks, and in the new process: the memfd
 * on stdin, a pipe on stdout, no stderr, PR_SET_PDEATHSIG, and a second
 * seccomp filter that refuses fork/vfork/clone of a process and execve of
 * any path but the one resolved (the pointer is compared: after the exec
 * the address space is antiword's); then it execs
 *     antiword -w 0 -m UTF-8.txt /dev/fd/0
 * (-w 0: one line per paragraph; /dev/fd/0 rather than "-", since antiword
 * copies stdin to a temporary file, which the sandbox refuses).  The
 * output is read with a cap (RD_DOC_MAX_OUT) and each paragraph becomes one
 * line, paragraphs separated by blank lines.  antiword's "[pic]" image
 * markers are dropped and counted in one remark.
 *
 * Before converting, a small bounded OLE check: a stream named
 * "EncryptedPackage" (in any directory entry) or a WordDocument stream
 * whose FIB has fEncrypted set → "the document is password-protected".
 */
#include "formats.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sched.h>
#include <seccomp.h>

#include "buf.h"

#define RD_DOC_MAX_OUT ((size_t)256 << 20)

/* ------------------------------------------------------------------ */
/* OLE: is it encrypted?                                                */
/* ------------------------------------------------------------------ */

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* The FAT entry of sector s, through the header's DIFAT (first 109 FAT
 * sectors), or UINT32_MAX when out of reach. */
static uint32_t fat_next(const unsigned char *b, size_t n, unsigned shift, uint32_t s)
{
	size_t per = ((size_t)1 << shift) / 4;
	size_t k = s / per;
	if (k >= 109)
		return UINT32_MAX;
	uint32_t fs = le32(b + 0x4C + 4 * k);
	size_t off = ((size_t)fs + 1) << shift;
	size_t at = off + (s % per) * 4;
	if (fs >= 0xFFFFFFFA || at + 4 > n || off < ((size_t)fs + 1))
		return UINT32_MAX;
	return le32(b + at);
}

/* 1: encrypted, 0: not (or cannot tell: antiword will judge). */
static int ole_encrypted(const unsigned char *b, size_t n)
{
	static const char ep[] = "EncryptedPackage";
	unsigned char u16[2 * sizeof ep];
	for (size_t i = 0; i < sizeof ep - 1; i++) {
		u16[2 * i] = (unsigned char)ep[i];
		u16[2 * i + 1] = 0;
	}
	if (n < 512)
		return 0;
	unsigned shift = le16(b + 0x1E);
	if (shift != 9 && shift != 12)
		return 0;
	size_t ssz = (size_t)1 << shift;
	uint32_t dir = le32(b + 0x30);
	size_t steps = n / ssz + 1;
	for (size_t k = 0; dir < 0xFFFFFFFA && k < steps; k++) {
		size_t off = ((size_t)dir + 1) << shift;
		if (off + ssz > n)
			break;
		for (size_t e = 0; e < ssz / 128; e++) {
			const unsigned char *d = b + off + e * 128;
			uint16_t nl = le16(d + 64);
			if (nl == 2 * sizeof ep && memcmp(d, u16, 2 * (sizeof ep - 1)) == 0)
				return 1;
			/* "WordDocument": its FIB's flags (bit 8: fEncrypted) */
			static const char wd[] = "WordDocument";
			if (nl == 2 * sizeof wd && d[66] == 2) {
				int same = 1;
				for (size_t i = 0; i < sizeof wd - 1; i++)
					if (d[2 * i] != (unsigned char)wd[i] || d[2 * i + 1])
						same = 0;
				uint32_t start = le32(d + 116), size = le32(d + 120);
				size_t fo = ((size_t)start + 1) << shift;
				if (same && size >= 4096 && start < 0xFFFFFFFA && fo + 12 <= n &&
				    le16(b + fo) == 0xA5EC && (le16(b + fo + 10) & 0x0100))
					return 1;
			}
		}
		dir = fat_next(b, n, shift, dir);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Running antiword                                                     */
/* ------------------------------------------------------------------ */

/* antiword's absolute path into path (PATH_MAX bytes); 0 or -1. */
static int find_converter(char *path)
{
	const char *env = getenv("PATH");
	const char *p = env && *env ? env : "/usr/local/bin:/usr/bin:/bin";
	while (*p) {
		const char *e = strchr(p, ':');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > 0 && len + sizeof "/antiword" < PATH_MAX && p[0] == '/') {
			memcpy(path, p, len);
			memcpy(path + len, "/antiword", sizeof "/antiword");
			if (access(path, X_OK) == 0)
				return 0;
		}
		p += len + (e ? 1 : 0);
	}
	return -1;
}

/* In the converter's process, before exec: no new processes, and exec of
 * path only. */
static int narrow(const char *path)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return -1;
	int rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(execve), 1,
				  SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)(uintptr_t)path));
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(execveat), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(fork), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(vfork), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
				      SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
	if (rc == 0) {
		int nr = seccomp_syscall_resolve_name("clone3");
		if (nr != __NR_SCMP_ERROR && nr >= 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0);
	}
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	return rc ? -1 : 0;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Runs antiword on bytes; its output in *o.  A quire_status. */
static quire_status convert(const char *path, const unsigned char *bytes, size_t n,
			    buf_t *o, quire_error *err)
{
	int mfd = memfd_create("quire-doc", 0);
	if (mfd < 0)
		return quire_error_set(err, QUIRE_EIO, "cannot run antiword: %s", strerror(errno));
	if (write_all(mfd, bytes, n) || lseek(mfd, 0, SEEK_SET) != 0) {
		int e = errno;
		close(mfd);
		return quire_error_set(err, QUIRE_EIO, "cannot run antiword: %s", strerror(e));
	}
	int fds[2];
	if (pipe2(fds, O_CLOEXEC)) {
		int e = errno;
		close(mfd);
		return quire_error_set(err, QUIRE_EIO, "cannot run antiword: %s", strerror(e));
	}
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(mfd);
		close(fds[0]);
		close(fds[1]);
		return quire_error_set(err, QUIRE_EIO, "cannot run antiword: %s", strerror(e));
	}
	if (pid == 0) {
		char *const argv[] = {"antiword", "-w", "0", "-m", "UTF-8.txt", "/dev/fd/0", NULL};
		char *const envp[] = {"LANG=C.UTF-8", "PATH=/usr/bin:/bin", NULL};
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (dup2(mfd, 0) < 0 || dup2(fds[1], 1) < 0)
			_exit(127);
		close(2);
		close(mfd);
		if (narrow(path))
			_exit(127);
		execve(path, argv, envp);
		_exit(127);
	}
	close(mfd);
	close(fds[1]);
	int too_big = 0, failed = 0;
	for (;;) {
		if (buf_reserve(o, 65536)) {
			failed = 1;
			break;
		}
		ssize_t got = read(fds[0], o->p + o->len, 65536);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		o->len += (size_t)got;
		if (o->len > RD_DOC_MAX_OUT) {
			too_big = 1;
			break;
		}
	}
	close(fds[0]);
	if (too_big || failed)
		kill(pid, SIGKILL);
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (failed)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	if (too_big)
		return quire_error_set(err, QUIRE_ELIMIT,
				       "the document's text is larger than %zu MB",
				       RD_DOC_MAX_OUT >> 20);
	if (!WIFEXITED(status) || WEXITSTATUS(status) == 127)
		return quire_error_set(err, QUIRE_EINPUT,
				       "antiword could not read the document (it stopped: %s)",
				       WIFSIGNALED(status) ? "killed by a signal" : "could not start");
	if (WEXITSTATUS(status) != 0)
		return quire_error_set(err, QUIRE_EINPUT,
				       "antiword could not read the document "
				       "(damaged, or not a Word 97-2003 document)");
	return QUIRE_OK;
}

/* ------------------------------------------------------------------ */

quire_status rd_doc_read(const unsigned char *bytes, size_t n,
			 quire_source *out, quire_error *err)
{
	if (ole_encrypted(bytes, n))
		return quire_error_set(err, QUIRE_EINPUT, "the document is password-protected");
	char path[PATH_MAX];
	if (find_converter(path))
		return quire_error_set(err, QUIRE_EFORMAT,
				       "reading .doc needs antiword (apt-get install antiword)");
	buf_t o;
	buf_init(&o);
	quire_status rc = convert(path, bytes, n, &o, err);
	if (rc) {
		buf_free(&o);
		return rc;
	}
	if (quire_source_set_format(out, "doc", "UTF-8")) {
		buf_free(&o);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	size_t pics = 0, words = 0;
	const char *p = o.p ? o.p : "", *e = p + o.len;
	while (p < e && rc == QUIRE_OK) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(e - p);
		const char *s = p;
		p += len + 1;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
			len--;
		if (len == 5 && memcmp(s, "[pic]", 5) == 0) {
			pics++;
			continue;
		}
		for (size_t i = 0; i < len; i++)
			if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
				words++;
		if (quire_source_add_line(out, s, len))
			rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	buf_free(&o);
	if (rc)
		return rc;
	if (words == 0)
		return quire_error_set(err, QUIRE_EINPUT, "the document has no text");
	if (pics) {
		char r[64];
		snprintf(r, sizeof r, "%zu image%s skipped", pics, pics == 1 ? "" : "s");
		if (quire_source_add_remark(out, r))
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	return QUIRE_OK;
}
