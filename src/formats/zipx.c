/*
 * zipx.c — reading ZIP containers safely from memory, over libzip.
 *
 * Decisions:
 *  - The archive is opened with zip_source_buffer_create() over the
 *    caller's bytes (no copy, no file access: readers run under a seccomp
 *    filter that refuses open()).
 *  - Limits are enforced twice.  The sizes an entry's header claims are
 *    checked before anything is inflated (a cheap refusal of honest
 *    bombs), and the bytes actually inflated are counted while reading in
 *    64 KB steps, so a header that lies about its size gains nothing: an
 *    entry stops as soon as it passes max_entry, the archive as soon as
 *    the running total passes max_total, and the ratio as soon as the
 *    inflated bytes pass max_ratio times the compressed size.  The ratio
 *    is only judged past 1 MB inflated: small XML parts legitimately
 *    compress well and cannot do harm.
 *  - Every size limit's message opens with "the archive expands to more
 *    than", so a person sees one kind of failure (a zip bomb, or a file too
 *    large to read), whichever limit stopped it first.
 *  - Buffers grow by doubling from min(claimed size, 1 MB), so a header
 *    claiming 256 MB for a 10-byte entry allocates nothing big.
 *  - Encrypted entries are refused by name; zipx never asks for passwords.
 *  - libzip is not linked into quire but opened at run time (dlopen) by
 *    zipx_open(), its functions called through a table resolved by dlsym
 *    (zip_api, each entry typed from zip.h with __typeof__).  libzip and
 *    what it brings (OpenSSL's libcrypto, bzip2) cost every quire start
 *    about 1.5 ms of loading and relocation, and only the
 *    DOCX, ODT and EPUB readers use it.  Those readers run in the sandbox's
 *    child under a seccomp filter that refuses open(), so the sandbox
 *    calls zipx_preload() in the parent just before it forks the child
 *    (once per process); the dynamic loader then answers zipx_open()'s
 *    dlopen in the child from the libraries already loaded, without a
 *    system call.  A missing libzip is a plain
 *    error naming the Debian package.  No global state: each archive
 *    holds its table (a few dlsym calls per archive).
 */
#include "zipx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dlfcn.h>

#include <zip.h>

/* libzip is opened at run time, not linked (see above). */
#define ZIPX_LIB "libzip.so.4"
#define ZIPX_DLFLAGS (RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE)

#define ZIPX_STEP ((size_t)64 << 10)
#define ZIPX_RATIO_FLOOR ((size_t)1 << 20)

/* The libzip functions zipx calls, resolved at run time. */
#define ZIP_API_FUNCS(X) X(zip_discard) \
	X(zip_error_code_zip) \
	X(zip_error_fini) \
	X(zip_error_init) \
	X(zip_error_init_with_code) \
	X(zip_error_strerror) \
	X(zip_fclose) \
	X(zip_file_get_error) \
	X(zip_fopen_index) \
	X(zip_fread) \
	X(zip_get_error) \
	X(zip_get_name) \
	X(zip_get_num_entries) \
	X(zip_name_locate) \
	X(zip_open_from_source) \
	X(zip_source_buffer_create) \
	X(zip_source_free) \
	X(zip_stat_index) \
	X(zip_stat_init)

typedef struct zip_api {
	void *lib;
#define ZIP_API_FIELD(f) __typeof__(f) *f;
	ZIP_API_FUNCS(ZIP_API_FIELD)
#undef ZIP_API_FIELD
} zip_api;

void zipx_preload(void)
{
	/* the handle is kept: the reader's child exits without unloading */
	(void)dlopen(ZIPX_LIB, ZIPX_DLFLAGS);
}

/* Opens libzip and resolves the table; QUIRE_EIO when it cannot. */
static quire_status zip_api_open(zip_api *api, quire_error *err)
{
	memset(api, 0, sizeof *api);
	api->lib = dlopen(ZIPX_LIB, ZIPX_DLFLAGS);
	if (!api->lib)
		return quire_error_set(err, QUIRE_EIO,
				       "cannot read ZIP archives: %s could not be loaded "
				       "(is the Debian package libzip4 installed?)",
				       ZIPX_LIB);
	const char *missing = NULL;
#define ZIP_API_RESOLVE(f)                                                    \
	if (!missing && !(*(void **)&api->f = dlsym(api->lib, #f)))           \
		missing = #f;
	ZIP_API_FUNCS(ZIP_API_RESOLVE)
#undef ZIP_API_RESOLVE
	if (missing) {
		dlclose(api->lib);
		api->lib = NULL;
		return quire_error_set(err, QUIRE_EIO,
				       "cannot read ZIP archives: %s has no %s", ZIPX_LIB, missing);
	}
	return QUIRE_OK;
}

struct zipx {
	zip_api api;
	zip_t *zip;
	zipx_limits lim;
	size_t total;   /* bytes inflated so far, over all reads */
	size_t entries;
};

zipx_limits zipx_limits_default(void)
{
	zipx_limits l;
	l.max_entries = 10000;
	l.max_entry = (size_t)256 << 20;
	l.max_total = (size_t)512 << 20;
	l.max_ratio = 200;
	return l;
}

/* "512 MB" or "1,000 bytes" into buf. */
static const char *zipx_size_str(size_t v, char *buf, size_t size)
{
	if (v >= ((size_t)1 << 20) && v % ((size_t)1 << 20) == 0) {
		char num[32];
		snprintf(buf, size, "%s MB",
			 quire_format_count(v >> 20, num, sizeof num));
	} else {
		char num[32];
		snprintf(buf, size, "%s bytes",
			 quire_format_count(v, num, sizeof num));
	}
	return buf;
}

static quire_status zipx_open_error(const zip_api *api, int code, quire_error *err)
{
	switch (code) {
	case ZIP_ER_MEMORY:
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	case ZIP_ER_NOZIP:
		return quire_error_set(err, QUIRE_EINPUT,
				       "the archive is damaged or truncated (no ZIP directory found)");
	case ZIP_ER_INCONS:
		return quire_error_set(err, QUIRE_EINPUT,
				       "the archive is damaged or truncated (inconsistent ZIP directory)");
	case ZIP_ER_MULTIDISK:
		return quire_error_set(err, QUIRE_EINPUT,
				       "the archive is split over several files");
	default: {
		zip_error_t ze;
		api->zip_error_init_with_code(&ze, code);
		quire_status rc = quire_error_set(err, QUIRE_EINPUT,
						  "the archive cannot be read (%s)",
						  api->zip_error_strerror(&ze));
		api->zip_error_fini(&ze);
		return rc;
	}
	}
}

/* Opens the archive with the table in *api (which it closes on failure). */
static quire_status zipx_open_with(zip_api *api, const unsigned char *bytes, size_t n,
				   const zipx_limits *lim, zipx_t **out, quire_error *err)
{
	zip_error_t ze;
	api->zip_error_init(&ze);
	zip_source_t *src = api->zip_source_buffer_create(bytes, n, 0, &ze);
	if (src == NULL) {
		int code = api->zip_error_code_zip(&ze);
		api->zip_error_fini(&ze);
		return zipx_open_error(api, code, err);
	}
	zip_t *zip = api->zip_open_from_source(src, ZIP_RDONLY, &ze);
	if (zip == NULL) {
		int code = api->zip_error_code_zip(&ze);
		api->zip_error_fini(&ze);
		api->zip_source_free(src);
		return zipx_open_error(api, code, err);
	}
	api->zip_error_fini(&ze);

	zipx_t *z = calloc(1, sizeof *z);
	if (z == NULL) {
		api->zip_discard(zip);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	z->api = *api;
	api->lib = NULL; /* z owns it now */
	z->zip = zip;
	z->lim = lim ? *lim : zipx_limits_default();
	zip_int64_t ne = api->zip_get_num_entries(zip, 0);
	z->entries = ne > 0 ? (size_t)ne : 0;
	if (z->lim.max_entries && z->entries > z->lim.max_entries) {
		char num[32];
		quire_format_count(z->lim.max_entries, num, sizeof num);
		zipx_close(z);
		return quire_error_set(err, QUIRE_ELIMIT,
				       "the archive has more than %s entries", num);
	}
	*out = z;
	return QUIRE_OK;
}

quire_status zipx_open(const unsigned char *bytes, size_t n,
		       const zipx_limits *lim, zipx_t **out, quire_error *err)
{
	*out = NULL;
	if (bytes == NULL || n == 0)
		return quire_error_set(err, QUIRE_EINPUT, "the archive is empty");
	zip_api api;
	quire_status rc = zip_api_open(&api, err);
	if (rc != QUIRE_OK)
		return rc;
	rc = zipx_open_with(&api, bytes, n, lim, out, err);
	if (api.lib)
		dlclose(api.lib);
	return rc;
}

void zipx_close(zipx_t *z)
{
	if (z == NULL)
		return;
	z->api.zip_discard(z->zip);
	dlclose(z->api.lib);
	free(z);
}

int zipx_has(zipx_t *z, const char *name)
{
	return z && name && z->api.zip_name_locate(z->zip, name, 0) >= 0;
}

size_t zipx_count(zipx_t *z)
{
	return z ? z->entries : 0;
}

const char *zipx_name(zipx_t *z, size_t i)
{
	if (z == NULL || i >= z->entries)
		return NULL;
	return z->api.zip_get_name(z->zip, (zip_uint64_t)i, 0);
}

static quire_status zipx_too_big(const char *what, size_t limit,
				 const char *name, quire_error *err)
{
	char sz[48];
	zipx_size_str(limit, sz, sizeof sz);
	return quire_error_set(err, QUIRE_ELIMIT,
			       "the archive expands to more than %s%s (%s)", sz,
			       what, name);
}

static quire_status zipx_ratio(unsigned ratio, const char *name,
			       quire_error *err)
{
	return quire_error_set(err, QUIRE_ELIMIT,
			       "the archive expands to more than %u times its "
			       "compressed size (%s): a zip bomb?",
			       ratio, name);
}

/* Checks the running counts after got bytes of one entry were inflated. */
static quire_status zipx_check(zipx_t *z, const char *name, size_t got,
			       size_t comp, quire_error *err)
{
	if (z->lim.max_entry && got > z->lim.max_entry)
		return zipx_too_big(" in one entry", z->lim.max_entry, name, err);
	if (z->lim.max_total && z->total + got > z->lim.max_total)
		return zipx_too_big(" in all", z->lim.max_total, name, err);
	if (z->lim.max_ratio && got > ZIPX_RATIO_FLOOR &&
	    got / (comp ? comp : 1) > z->lim.max_ratio)
		return zipx_ratio(z->lim.max_ratio, name, err);
	return QUIRE_OK;
}

quire_status zipx_read(zipx_t *z, const char *name, unsigned char **data,
		       size_t *len, quire_error *err)
{
	*data = NULL;
	*len = 0;
	if (z == NULL || name == NULL)
		return quire_error_set(err, QUIRE_EUSAGE, "no archive or entry name");
	zip_int64_t idx = z->api.zip_name_locate(z->zip, name, 0);
	if (idx < 0)
		return quire_error_set(err, QUIRE_ENOTFOUND,
				       "the archive has no %s", name);
	zip_stat_t st;
	z->api.zip_stat_init(&st);
	if (z->api.zip_stat_index(z->zip, (zip_uint64_t)idx, 0, &st) != 0)
		return quire_error_set(err, QUIRE_EINPUT,
				       "the archive is damaged (cannot read the entry %s)",
				       name);
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE)
		return quire_error_set(err, QUIRE_EINPUT,
				       "the document is password-protected (%s is encrypted)",
				       name);
	size_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? (size_t)st.comp_size : 0;
	size_t claimed = (st.valid & ZIP_STAT_SIZE) ? (size_t)st.size : 0;
	/* The header's own claims: refuse before inflating anything. */
	quire_status rc = zipx_check(z, name, claimed, comp, err);
	if (rc != QUIRE_OK)
		return rc;

	zip_file_t *f = z->api.zip_fopen_index(z->zip, (zip_uint64_t)idx, 0);
	if (f == NULL) {
		zip_error_t *ze = z->api.zip_get_error(z->zip);
		int code = z->api.zip_error_code_zip(ze);
		if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD ||
		    code == ZIP_ER_ENCRNOTSUPP)
			return quire_error_set(err, QUIRE_EINPUT,
					       "the document is password-protected (%s is encrypted)",
					       name);
		if (code == ZIP_ER_COMPNOTSUPP)
			return quire_error_set(err, QUIRE_EINPUT,
					       "the archive uses a compression method quire cannot read (%s)",
					       name);
		if (code == ZIP_ER_MEMORY)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		return quire_error_set(err, QUIRE_EINPUT,
				       "the archive is damaged (%s: %s)", name,
				       z->api.zip_error_strerror(ze));
	}

	size_t cap = claimed < ((size_t)1 << 20) ? claimed : ((size_t)1 << 20);
	cap += ZIPX_STEP + 1;
	unsigned char *buf = malloc(cap);
	size_t got = 0;
	if (buf == NULL) {
		z->api.zip_fclose(f);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	for (;;) {
		if (cap - got < ZIPX_STEP + 1) {
			size_t ncap = cap * 2;
			unsigned char *nb = realloc(buf, ncap);
			if (nb == NULL) {
				rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
				break;
			}
			buf = nb;
			cap = ncap;
		}
		zip_int64_t r = z->api.zip_fread(f, buf + got, ZIPX_STEP);
		if (r < 0) {
			zip_error_t *ze = z->api.zip_file_get_error(f);
			int code = z->api.zip_error_code_zip(ze);
			if (code == ZIP_ER_MEMORY)
				rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
			else
				rc = quire_error_set(err, QUIRE_EINPUT,
						     "the archive is damaged (%s: %s)",
						     name, z->api.zip_error_strerror(ze));
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
		rc = zipx_check(z, name, got, comp, err);
		if (rc != QUIRE_OK)
			break;
	}
	z->api.zip_fclose(f);
	if (rc != QUIRE_OK) {
		free(buf);
		return rc;
	}
	z->total += got;
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return QUIRE_OK;
}
