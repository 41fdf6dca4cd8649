/*
 * formats.h — from a file's bytes to a quire_source.
 *
 * The format is sniffed from the bytes, never from the file name.  Each
 * format is one reader module (rd_text.c, rd_markdown.c, …) with one entry
 * in the table in formats.c; a reader turns bytes into lines (with page
 * breaks) or blocks plus metadata and knows nothing of essays or
 * bibliographies: normalisation, furniture and structure are the core's.
 *
 * Readers run on untrusted bytes, so fmt_load() runs them in a child
 * process with hard limits (sandbox.h).  Messages never name the file: the
 * caller prefixes it ("x.bin: not a format quire reads (…)").
 */
#ifndef QUIRE_FORMATS_H
#define QUIRE_FORMATS_H

#include <stddef.h>

#include "quire.h"

/* A reader: bytes in, source out.  Must not do I/O. */
typedef quire_status (*fmt_read_fn)(const unsigned char *bytes, size_t n,
				    quire_source *out, quire_error *err);

typedef struct fmt_reader {
	const char *name;        /* "text", "markdown" (stored as the paper's format) */
	const char *description; /* "plain text", "Markdown" */
	fmt_read_fn read;
} fmt_reader;

/*
 * Which reader takes these bytes.  Markdown is told from plain text by its
 * own marks (ATX headings, lists, emphasis, links) — or, when the text is
 * ambiguous, by name_hint's extension (".md"), the one place a name is
 * used.  Returns NULL for bytes quire does not read; *what then describes
 * them ("a PNG image", "binary data", "an empty file").  On success *what
 * is the reader's description.  formats.c documents the exact rules.
 */
const fmt_reader *fmt_sniff(const unsigned char *bytes, size_t n,
			    const char *name_hint, const char **what);

/* The reader called name, or NULL. */
const fmt_reader *fmt_by_name(const char *name);

/* The external program reader r runs (by name: "antiword" for the DOC
 * reader), or NULL for the readers that work in memory alone.  The sandbox
 * gives such a reader a wider policy (sandbox.c): it may fork and exec,
 * open files read-only and write up to its input's size into a memfd. */
const char *fmt_converter(const fmt_reader *r);

/* Reads the whole file at path into a malloc'ed buffer (caller frees; a
 * NUL follows the n bytes), refusing files larger than max_bytes before
 * reading them (QUIRE_ELIMIT "is larger than the 256 MB limit"),
 * directories ("is a directory") and other non-regular files ("not a
 * regular file") with QUIRE_EINPUT, and reporting a missing or unreadable
 * file as QUIRE_EIO ("no such file", "permission denied", else strerror's
 * words). */
quire_status fmt_read_file(const char *path, size_t max_bytes,
			   unsigned char **bytes, size_t *n, quire_error *err);

/* The largest file quire reads by default (bytes). */
#define FMT_MAX_FILE_BYTES ((size_t)256 << 20)

/* One kind of thing a reader dropped, and how many. */
typedef struct fmt_dropped {
	size_t n;
	const char *one, *many; /* "image", "images" */
} fmt_dropped;

/* Adds one remark listing what was dropped ("3 images, 1 comment
 * skipped"), kinds with a count of 0 left out; nothing when all are 0. */
quire_status fmt_remark_dropped(quire_source *out, const fmt_dropped *v, size_t n);

/* The readers (one module each). */
quire_status rd_text_read(const unsigned char *bytes, size_t n,
			  quire_source *out, quire_error *err);
quire_status rd_markdown_read(const unsigned char *bytes, size_t n,
			      quire_source *out, quire_error *err);
quire_status rd_docx_read(const unsigned char *bytes, size_t n,
			  quire_source *out, quire_error *err);
quire_status rd_doc_read(const unsigned char *bytes, size_t n,
			 quire_source *out, quire_error *err);
quire_status rd_odt_read(const unsigned char *bytes, size_t n,
			 quire_source *out, quire_error *err);
quire_status rd_epub_read(const unsigned char *bytes, size_t n,
			  quire_source *out, quire_error *err);
quire_status rd_html_read(const unsigned char *bytes, size_t n,
			  quire_source *out, quire_error *err);
quire_status rd_rtf_read(const unsigned char *bytes, size_t n,
			 quire_source *out, quire_error *err);
quire_status rd_pdf_read(const unsigned char *bytes, size_t n,
			 quire_source *out, quire_error *err);

#endif
