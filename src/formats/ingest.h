/*
 * ingest.h — bytes in, a paper ready for the store out.
 *
 * What `quire add`, `quire reanalyze` and the web upload share: sniff the
 * bytes, read them in the sandbox, analyse the source, and fill the
 * analysis part of an st_new (JSON without text, text, title, authors,
 * year, counts, the text's fingerprints) plus the file part (bytes,
 * SHA-256, base name).  The caller adds visibility, tags and owner and
 * calls st_add().  The SHA-256 is of exactly the bytes analysed, so
 * duplicates are recognised by content.
 */
#ifndef QUIRE_INGEST_H
#define QUIRE_INGEST_H

#include <stddef.h>

#include "formats.h"
#include "quire.h"
#include "sandbox.h"
#include "store.h"

/* One analysed file.  Strings and the paper live in the arena passed in;
 * nw.file points at the caller's bytes (borrowed). */
typedef struct ingest_t {
	const fmt_reader *reader; /* the reader that took the bytes, or NULL */
	const char *what;         /* what the bytes are (reader's description,
				   * or "a PNG image" when none took them) */
	quire_paper *paper;       /* the analysis, or NULL on failure */
	st_new nw;                /* analysis + file fields; the rest zero */
	char sha256[65];
} ingest_t;

/* Sniffs bytes[0..n) (name is the file's name, used only as a hint and,
 * its base name, as nw.filename), reads them under lim (NULL: defaults)
 * and analyses them with opt (NULL: defaults) into *out.  Failures:
 * QUIRE_EFORMAT "not a format quire reads (a PNG image)" with out->reader
 * NULL; the sandbox's and the core's own failures.  out is zeroed first. */
quire_status ingest_bytes(const unsigned char *bytes, size_t n,
			  const char *name, const quire_options *opt,
			  const sbx_limits *lim, quire_arena *a, ingest_t *out,
			  quire_error *err);

/* Fills the analysis fields of nw (format, analysis, text, title, authors
 * joined one per line, year, words, pages, preview, refs, and the
 * fingerprints fps/n_fps with fps_given set) from p; format is used when
 * p names none. */
quire_status ingest_fill(const quire_paper *p, const char *format,
			 quire_arena *a, st_new *nw, quire_error *err);

/* The analysis options of a library: the defaults with its settings
 * ("words_per_page") applied; st NULL gives the defaults. */
quire_options ingest_options(store_t *st);

#endif
