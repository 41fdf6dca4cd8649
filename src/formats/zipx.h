/*
 * zipx.h — reading ZIP containers (DOCX, ODT, EPUB) safely, over libzip.
 *
 * An archive is opened from memory (the reader already has the bytes) and
 * entries are read whole, under limits that stop zip bombs before they
 * inflate: the number of entries, each entry's and the total uncompressed
 * size (counted as bytes actually inflated, not as the headers claim), and
 * the compression ratio.  Encrypted entries are refused with a message
 * that says so.
 */
#ifndef QUIRE_ZIPX_H
#define QUIRE_ZIPX_H

#include <stddef.h>

#include "quire.h"

typedef struct zipx zipx_t;

typedef struct zipx_limits {
	size_t max_entries;   /* 10,000 */
	size_t max_entry;     /* uncompressed bytes of one entry: 256 MB */
	size_t max_total;     /* uncompressed bytes read from the archive: 512 MB */
	unsigned max_ratio;   /* uncompressed / compressed: 200 */
} zipx_limits;

zipx_limits zipx_limits_default(void);

/* Loads libzip into this process and keeps it loaded, so that a later
 * zipx_open() finds it without opening a file: quire does not link libzip
 * (zipx.c says why).  The sandbox calls it in the parent before forking a
 * ZIP reader's child, whose seccomp filter refuses open() (a second call
 * costs a look-up).  Failure is silent here; zipx_open()
 * then fails with a message that names the missing library. */
void zipx_preload(void);

/* Opens the archive in bytes[0..n) (not copied: keep it alive).  Besides
 * the archive's own errors: QUIRE_EIO when libzip cannot be loaded. */
quire_status zipx_open(const unsigned char *bytes, size_t n,
		       const zipx_limits *lim, zipx_t **out, quire_error *err);
void zipx_close(zipx_t *z);

/* Non-zero if the archive holds an entry of this exact name. */
int zipx_has(zipx_t *z, const char *name);
size_t zipx_count(zipx_t *z);
const char *zipx_name(zipx_t *z, size_t i);

/* Reads entry name whole into a malloc'ed, NUL-terminated buffer (caller
 * frees).  QUIRE_ENOTFOUND when missing ("the archive has no word/document.xml"),
 * QUIRE_ELIMIT past a limit, QUIRE_EINPUT when corrupt or encrypted. */
quire_status zipx_read(zipx_t *z, const char *name, unsigned char **data,
		       size_t *len, quire_error *err);

#endif
