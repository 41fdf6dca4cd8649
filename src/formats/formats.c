/*
 * formats.c — the reader table, format sniffing and reading a file whole.
 *
 * Sniffing looks at the bytes only (the name breaks one tie, below):
 *
 *  1. Magic numbers: the formats with a reader of their own, and those quire
 *     does not read, so the refusal says what the file is: PDF, ZIP (DOCX /
 *     ODT / EPUB told apart by the names
 *     stored in the archive's first and last 64 KB), OLE2, RTF, PNG, JPEG,
 *     GIF, ELF, gzip, SQLite, HTML and other XML (after a BOM and white
 *     space: JATS and TEI papers are XML, and reading their tags as prose
 *     would only make a bad paper).
 *  2. Binary data: a NUL byte in the first 64 KB (unless the text starts
 *     with a UTF-16 BOM), or more than 10% control bytes there (C0 controls
 *     other than TAB LF VT FF CR, and DEL; bytes 0x80–0x9F are not counted
 *     since Windows-1252 uses them for text).
 *  3. Markdown or plain text.  Markdown when the name ends in .md,
 *     .markdown, .mdown or .mkd; otherwise when the first 64 KB show at
 *     least two different kinds of Markdown mark, one of them being a
 *     heading, a link or a code fence:
 *        heading   a line "# …" to "###### …" (the hashes then a space)
 *        link      "[text](" on one line
 *        fence     two lines starting with ``` or ~~~
 *        list      two lines starting with "- ", "* " or "+ "
 *        emphasis  "**x…**" on one line
 *     or with three or more heading lines alone.  A plain-text paper with
 *     dashed lists, even with a stray "**", therefore stays plain text:
 *     lists and emphasis together are not enough.
 *
 * fmt_read_file() stats before it reads, so a huge file is refused without
 * being read, and reads in a loop (short reads, EINTR).
 */
#include "formats.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decode.h"

#define SNIFF_WINDOW ((size_t)64 * 1024)

static const fmt_reader fmt_readers[] = {
	{"text", "plain text", rd_text_read},
	{"markdown", "Markdown", rd_markdown_read},
	{"docx", "Word document (DOCX)", rd_docx_read},
	{"doc", "Word 97-2003 document (DOC)", rd_doc_read},
	{"odt", "OpenDocument text (ODT)", rd_odt_read},
	{"epub", "EPUB book", rd_epub_read},
	{"html", "HTML page", rd_html_read},
	{"rtf", "RTF document", rd_rtf_read},
	{"pdf", "PDF document", rd_pdf_read},
};

const fmt_reader *fmt_by_name(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof fmt_readers / sizeof fmt_readers[0]; i++)
		if (strcmp(fmt_readers[i].name, name) == 0)
			return &fmt_readers[i];
	return NULL;
}

const char *fmt_converter(const fmt_reader *r)
{
	return r && r->read == rd_doc_read ? "antiword" : NULL;
}

static int starts(const unsigned char *b, size_t n, const char *magic, size_t mn)
{
	return n >= mn && memcmp(b, magic, mn) == 0;
}

/* Non-zero if needle occurs in the first or last SNIFF_WINDOW bytes. */
static int in_ends(const unsigned char *b, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	size_t w = n < SNIFF_WINDOW ? n : SNIFF_WINDOW;
	if (memmem(b, w, needle, k))
		return 1;
	return n > w && memmem(b + n - w, w, needle, k) != NULL;
}

static const char *sniff_zip(const unsigned char *b, size_t n)
{
	if (starts(b + 30, n > 30 ? n - 30 : 0, "mimetypeapplication/epub+zip", 28))
		return "an EPUB book";
	if (starts(b + 30, n > 30 ? n - 30 : 0,
		   "mimetypeapplication/vnd.oasis.opendocument.text", 47))
		return "an OpenDocument text (ODT)";
	if (in_ends(b, n, "mimetypeapplication/epub+zip"))
		return "an EPUB book";
	if (in_ends(b, n, "mimetypeapplication/vnd.oasis.opendocument.text"))
		return "an OpenDocument text (ODT)";
	if (in_ends(b, n, "word/"))
		return "a Word document (DOCX)";
	return "a ZIP archive";
}

/* HTML ("<!DOCTYPE html", "<html", or "<?xml" with "<html" in the first
 * 4 KB) and other XML ("<?xml", "<!DOCTYPE x"), after a UTF-8 BOM and
 * white space. */
static const char *sniff_markup(const unsigned char *b, size_t n)
{
	size_t i = 0;
	if (starts(b, n, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && i < SNIFF_WINDOW &&
	       (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r'))
		i++;
	const char *p = (const char *)b + i;
	size_t left = n - i;
	if (left >= 14 && strncasecmp(p, "<!DOCTYPE html", 14) == 0)
		return "an HTML page";
	if (left >= 5 && strncasecmp(p, "<html", 5) == 0 &&
	    (left == 5 || p[5] == '>' || p[5] == ' ' || p[5] == '\n' ||
	     p[5] == '\r' || p[5] == '\t'))
		return "an HTML page";
	if (left >= 5 && memcmp(p, "<?xml", 5) == 0) {
		size_t w = left < 4096 ? left : 4096;
		for (size_t k = 0; k + 5 <= w; k++)
			if (strncasecmp(p + k, "<html", 5) == 0)
				return "an HTML page";
		return "an XML document";
	}
	if (left >= 10 && strncasecmp(p, "<!DOCTYPE ", 10) == 0)
		return "an XML document";
	return NULL;
}

static const char *sniff_magic(const unsigned char *b, size_t n)
{
	if (starts(b, n, "%PDF-", 5))
		return "a PDF document";
	if (starts(b, n, "PK\3\4", 4))
		return sniff_zip(b, n);
	if (starts(b, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return "a Word 97-2003 document or other OLE file";
	if (starts(b, n, "{\\rtf", 5))
		return "an RTF document";
	if (starts(b, n, "\x89PNG\r\n\x1A\n", 8))
		return "a PNG image";
	if (starts(b, n, "\xFF\xD8\xFF", 3))
		return "a JPEG image";
	if (starts(b, n, "GIF87a", 6) || starts(b, n, "GIF89a", 6))
		return "a GIF image";
	if (starts(b, n, "\x7F" "ELF", 4))
		return "a program (ELF executable)";
	if (starts(b, n, "\x1F\x8B", 2))
		return "a gzip-compressed file";
	if (starts(b, n, "SQLite format 3", 16)) /* the NUL included */
		return "a SQLite database";
	return sniff_markup(b, n);
}

static int is_binary(const unsigned char *b, size_t n)
{
	if (starts(b, n, "\xFF\xFE", 2) || starts(b, n, "\xFE\xFF", 2))
		return 0; /* UTF-16: NULs are expected; the decoder judges it */
	size_t w = n < SNIFF_WINDOW ? n : SNIFF_WINDOW, ctl = 0;
	if (memchr(b, 0, w))
		return 1;
	for (size_t i = 0; i < w; i++) {
		unsigned char c = b[i];
		if ((c < 0x20 && (c < 0x09 || c > 0x0D)) || c == 0x7F)
			ctl++;
	}
	return ctl * 10 > w;
}

static int name_is_markdown(const char *name)
{
	static const char *const ext[] = {".md", ".markdown", ".mdown", ".mkd"};
	if (!name)
		return 0;
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		size_t k = strlen(ext[i]);
		if (n > k && strcasecmp(name + n - k, ext[i]) == 0)
			return 1;
	}
	return 0;
}

/* The Markdown marks of one line s[0..n) (see the file comment). */
struct md_marks {
	size_t headings, fences, lists, links, emphasis;
};

static void scan_line(const char *s, size_t n, struct md_marks *m)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	const char *p = s + i;
	size_t k = n - i;
	size_t h = 0;
	while (h < k && h < 7 && p[h] == '#')
		h++;
	if (h >= 1 && h <= 6 && h < k && p[h] == ' ')
		m->headings++;
	if (k >= 3 && (memcmp(p, "```", 3) == 0 || memcmp(p, "~~~", 3) == 0))
		m->fences++;
	if (k >= 2 && (p[0] == '-' || p[0] == '*' || p[0] == '+') && p[1] == ' ')
		m->lists++;
	/* "[text](" — the text non-empty and on this line */
	const char *q = s, *e = s + n;
	while ((q = memchr(q, ']', (size_t)(e - q))) != NULL) {
		if (q + 1 < e && q[1] == '(') {
			const char *o = q;
			while (o > s && o[-1] != '[' && q - o < 200)
				o--;
			if (o > s && o[-1] == '[' && o < q) {
				m->links++;
				break;
			}
		}
		q++;
	}
	/* "**x…**" */
	const char *a = memmem(s, n, "**", 2);
	if (a && a + 2 < e && a[2] != ' ' && a[2] != '*' &&
	    memmem(a + 2, (size_t)(e - a - 2), "**", 2))
		m->emphasis++;
}

static int looks_like_markdown(const unsigned char *b, size_t n)
{
	dec_text t;
	quire_error err;
	size_t w = n < SNIFF_WINDOW ? n : SNIFF_WINDOW;
	if (starts(b, n, "\xFF\xFE", 2) || starts(b, n, "\xFE\xFF", 2)) {
		w &= ~(size_t)1; /* whole UTF-16 units (a pair cut in two is
				  * still an error; then the text reader judges) */
	} else {
		for (int k = 0; k < 3 && w < n && w > 0 && (b[w] & 0xC0) == 0x80; k++)
			w--; /* do not cut a UTF-8 sequence */
	}
	if (dec_decode(b, w, &t, &err) != QUIRE_OK)
		return 0; /* not decodable: the text reader will say why */
	struct md_marks m = {0, 0, 0, 0, 0};
	const char *s = t.s, *e = t.s + t.n;
	while (s < e) {
		const char *nl = memchr(s, '\n', (size_t)(e - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(e - s);
		scan_line(s, len, &m);
		s += len + 1;
	}
	dec_free(&t);
	int strong = (m.headings > 0) + (m.links > 0) + (m.fences >= 2);
	int kinds = strong + (m.lists >= 2) + (m.emphasis > 0);
	return (strong >= 1 && kinds >= 2) || m.headings >= 3;
}

/* The reader of a format that sniff_magic() recognised, by its description. */
static const fmt_reader *reader_of(const char *what)
{
	static const struct {
		const char *what, *reader;
	} map[] = {
		{"a PDF document", "pdf"},
		{"a Word document (DOCX)", "docx"},
		{"an OpenDocument text (ODT)", "odt"},
		{"an EPUB book", "epub"},
		{"a Word 97-2003 document or other OLE file", "doc"},
		{"an RTF document", "rtf"},
		{"an HTML page", "html"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(what, map[i].what) == 0)
			return fmt_by_name(map[i].reader);
	return NULL;
}

const fmt_reader *fmt_sniff(const unsigned char *bytes, size_t n,
			    const char *name_hint, const char **what)
{
	const char *dummy;
	if (!what)
		what = &dummy;
	*what = NULL;
	if (n == 0) {
		*what = "an empty file";
		return NULL;
	}
	if ((*what = sniff_magic(bytes, n)) != NULL)
		return reader_of(*what);
	if (is_binary(bytes, n)) {
		*what = "binary data";
		return NULL;
	}
	const fmt_reader *r;
	if (name_is_markdown(name_hint) || looks_like_markdown(bytes, n)) {
		r = fmt_by_name("markdown");
		*what = "Markdown";
	} else {
		r = fmt_by_name("text");
		*what = "plain text";
	}
	return r;
}

quire_status fmt_read_file(const char *path, size_t max_bytes,
			   unsigned char **bytes, size_t *n, quire_error *err)
{
	*bytes = NULL;
	*n = 0;
	int fd;
	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		int e = errno;
		if (e == ENOENT)
			return quire_error_set(err, QUIRE_EIO, "no such file");
		if (e == EACCES)
			return quire_error_set(err, QUIRE_EIO, "permission denied");
		return quire_error_set(err, QUIRE_EIO, "cannot open: %s", strerror(e));
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return quire_error_set(err, QUIRE_EIO, "cannot stat: %s", strerror(e));
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return quire_error_set(err, QUIRE_EINPUT, "is a directory");
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return quire_error_set(err, QUIRE_EINPUT, "not a regular file");
	}
	if ((unsigned long long)st.st_size > (unsigned long long)max_bytes) {
		close(fd);
		return quire_error_set(err, QUIRE_ELIMIT, "is larger than the %zu MB limit",
				       max_bytes >> 20);
	}
	/* Blocking reads from here on (O_NONBLOCK only kept open() off FIFOs). */
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	size_t cap = (size_t)st.st_size + 1, len = 0;
	unsigned char *p = malloc(cap);
	if (!p) {
		close(fd);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	for (;;) {
		if (len == cap) {
			/* The file grew while being read: take up to the limit. */
			size_t nc = cap * 2;
			if (nc > max_bytes + 1)
				nc = max_bytes + 1;
			if (nc <= len) {
				free(p);
				close(fd);
				return quire_error_set(err, QUIRE_ELIMIT,
						       "is larger than the %zu MB limit",
						       max_bytes >> 20);
			}
			unsigned char *np = realloc(p, nc);
			if (!np) {
				free(p);
				close(fd);
				return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
			}
			p = np;
			cap = nc;
		}
		ssize_t r = read(fd, p + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(p);
			close(fd);
			return quire_error_set(err, QUIRE_EIO, "read failed: %s", strerror(e));
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	if (len > max_bytes) {
		free(p);
		return quire_error_set(err, QUIRE_ELIMIT, "is larger than the %zu MB limit",
				       max_bytes >> 20);
	}
	if (len == cap) {
		unsigned char *np = realloc(p, len + 1);
		if (!np) {
			free(p);
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		}
		p = np;
	}
	p[len] = '\0'; /* not counted in *n; a courtesy to C string functions */
	*bytes = p;
	*n = len;
	return QUIRE_OK;
}

quire_status fmt_remark_dropped(quire_source *out, const fmt_dropped *v, size_t n)
{
	char b[256];
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i].n == 0)
			continue;
		int w = snprintf(b + k, sizeof b - k, "%s%zu %s", k ? ", " : "",
				 v[i].n, v[i].n == 1 ? v[i].one : v[i].many);
		if (w > 0 && (size_t)w < sizeof b - k)
			k += (size_t)w;
	}
	if (k == 0)
		return QUIRE_OK;
	snprintf(b + k, sizeof b - k, " skipped");
	return quire_source_add_remark(out, b);
}
