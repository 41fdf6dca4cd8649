/*
 * ziptest.h — building ZIP archives in memory for the office-format tests
 * (test_docx.c, test_odt.c): entries stored or deflated, a source of
 * zeros for zip bombs, the helpers that run a reader over the result, and
 * the check of a fixture made by pandoc or LibreOffice against its Markdown.
 * Included by one test file each (static functions).
 */
#ifndef QUIRE_ZIPTEST_H
#define QUIRE_ZIPTEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "formats.h"
typedef struct ot_entry {
	const char *name;
	const void *data;
	size_t len; /* 0: strlen(data) */
	int store;  /* 1: stored, not deflated */
} ot_entry;

/* A source of `total` zero bytes, made on the fly (the 1 GB bomb). */
typedef struct ot_zeros {
	zip_uint64_t total, at;
} ot_zeros;

static zip_int64_t ot_zeros_cb(void *ud, void *data, zip_uint64_t len,
			       zip_source_cmd_t cmd)
{
	ot_zeros *z = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		z->at = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		zip_uint64_t n = z->total - z->at < len ? z->total - z->at : len;
		memset(data, 0, (size_t)n);
		z->at += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = z->total;
		st->valid |= ZIP_STAT_SIZE;
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(NULL, data, len);
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
						      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
						      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

/* Builds a ZIP of n entries (plus, if zeros, one entry "zeros_name" of
 * zeros->total zero bytes) into a malloc'ed buffer. */
static unsigned char *ot_zip(const ot_entry *e, size_t n, const char *zeros_name,
			     ot_zeros *zeros, size_t *len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (src == NULL)
		return NULL;
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (z == NULL) {
		zip_source_free(src);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		size_t l = e[i].len ? e[i].len : strlen(e[i].data);
		zip_source_t *s = zip_source_buffer(z, e[i].data, l, 0);
		zip_int64_t idx = s ? zip_file_add(z, e[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
		if (idx < 0) {
			zip_source_free(s);
			zip_discard(z);
			zip_source_free(src);
			return NULL;
		}
		if (e[i].store)
			zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
	}
	if (zeros) {
		zip_source_t *s = zip_source_function(z, ot_zeros_cb, zeros);
		zip_int64_t idx = s ? zip_file_add(z, zeros_name, s, 0) : -1;
		if (idx >= 0)
			zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 1);
	}
	if (zip_close(z) != 0) {
		zip_discard(z);
		zip_source_free(src);
		return NULL;
	}
	unsigned char *out = NULL;
	if (zip_source_open(src) == 0) {
		zip_source_seek(src, 0, SEEK_END);
		zip_int64_t sz = zip_source_tell(src);
		zip_source_seek(src, 0, SEEK_SET);
		out = malloc((size_t)sz + 1);
		if (out && zip_source_read(src, out, (zip_uint64_t)sz) == sz) {
			*len = (size_t)sz;
		} else {
			free(out);
			out = NULL;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return out;
}

/* Rewrites the uncompressed size of every entry in local and central
 * headers (non-ZIP64 archives) to `claim`: a header that lies. */
static void ot_lie_sizes(unsigned char *b, size_t n, unsigned claim)
{
	for (size_t i = 0; i + 46 <= n; i++) {
		if (memcmp(b + i, "PK\3\4", 4) == 0) {
			memcpy(b + i + 22, &claim, 4);
		} else if (memcmp(b + i, "PK\1\2", 4) == 0) {
			memcpy(b + i + 24, &claim, 4);
		}
	}
}

/* Reads the file at path whole, or NULL (no message). */
static unsigned char *ot_slurp(const char *path, size_t *n)
{
	quire_error err;
	unsigned char *b = NULL;
	if (fmt_read_file(path, FMT_MAX_FILE_BYTES, &b, n, &err) != QUIRE_OK)
		return NULL;
	return b;
}

/* Runs the reader called name on b[0..n) in process into a fresh source
 * of arena a. */
static quire_status ot_read(const char *name, const unsigned char *b, size_t n,
			    quire_arena *a, quire_source **src, quire_error *err)
{
	*src = quire_source_new(a);
	const fmt_reader *r = fmt_by_name(name);
	if (*src == NULL || r == NULL)
		return QUIRE_ENOMEM;
	return r->read(b, n, *src, err);
}

/* The concatenated text of the source's blocks of kind k (k NONE: all
 * blocks but notes), "\n"-separated, in arena a. */
static char *ot_text_of(const quire_source *s, quire_block_kind k, quire_arena *a)
{
	size_t total = 1;
	for (size_t i = 0; i < quire_source_count(s); i++)
		total += quire_source_item(s, i)->len + 1;
	char *t = quire_arena_alloc(a, total);
	size_t at = 0;
	if (t == NULL)
		return NULL;
	for (size_t i = 0; i < quire_source_count(s); i++) {
		const quire_item *it = quire_source_item(s, i);
		int want = k == QUIRE_BLOCK_NONE ? it->kind != QUIRE_BLOCK_NOTE
						 : it->kind == k;
		if (!want)
			continue;
		memcpy(t + at, it->text, it->len);
		at += it->len;
		t[at++] = '\n';
	}
	t[at] = '\0';
	return t;
}

static size_t ot_count_kind(const quire_source *s, quire_block_kind k)
{
	size_t c = 0;
	for (size_t i = 0; i < quire_source_count(s); i++)
		c += quire_source_item(s, i)->kind == k;
	return c;
}

/* Words of the same text read as Markdown. */
static size_t md_words(const char *path)
{
	size_t n;
	unsigned char *b = ot_slurp(path, &n);
	assert_non_null(b);
	quire_arena *a = quire_arena_new(0);
	quire_source *s = quire_source_new(a);
	quire_error err = {0};
	assert_int_equal(rd_markdown_read(b, n, s, &err), QUIRE_OK);
	quire_paper *p;
	assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_OK);
	size_t w = p->counts.words;
	quire_arena_free(a);
	free(b);
	return w;
}

static const char *canal_notes[] = {
	"The cottages were built to a standard plan of two rooms below and two above.",
	"A pound is the stretch of water between two locks.",
	"The gauges were painted white with black marks every three inches.",
	"At least eleven widows held posts on the northern canals before 1870.",
};

/*
 * Checks one generated file: title, headings, words within 2% of the
 * Markdown reading (the date line and author line are the only
 * differences: pandoc prints the front matter's author and date as
 * paragraphs, while the Markdown reader keeps them as metadata), and for
 * the canal essay the notes: all four found, each whole, none left in
 * the body.  Shared by test_docx.c and test_odt.c.
 */
static void check_fixture(const char *reader, const char *path, const char *md,
			  const char *title, size_t n_headings, int notes)
{
	size_t n;
	unsigned char *b = ot_slurp(path, &n);
	assert_non_null(b);
	quire_arena *a = quire_arena_new(0);
	quire_source *s;
	quire_error err = {0};
	assert_int_equal(ot_read(reader, b, n, a, &s, &err), QUIRE_OK);
	if (notes) /* the canal essay has front matter: metadata title */
		assert_string_equal(quire_source_title(s), title);
	quire_paper *p;
	assert_int_equal(quire_analyze(s, NULL, a, &p, &err), QUIRE_OK);
	assert_string_equal(p->title, title);
	assert_int_equal(p->n_outline, n_headings);
	size_t want = md_words(md);
	size_t got = p->counts.words;
	size_t diff = got > want ? got - want : want - got;
	print_message("%s: %zu words (Markdown %zu), %zu headings, %zu refs\n", path,
		      got, want, p->n_outline, p->n_refs);
	assert_true(diff * 50 <= want);
	if (notes) {
		char *body = ot_text_of(s, QUIRE_BLOCK_NONE, a);
		size_t found = 0;
		for (size_t i = 0; i < quire_source_count(s); i++) {
			const quire_item *it = quire_source_item(s, i);
			if (it->kind != QUIRE_BLOCK_NOTE)
				continue;
			for (size_t k = 0; k < 4; k++)
				if (strlen(canal_notes[k]) == it->len &&
				    memcmp(canal_notes[k], it->text, it->len) == 0)
					found++;
		}
		assert_int_equal(found, 4);
		assert_int_equal(ot_count_kind(s, QUIRE_BLOCK_NOTE), 4);
		for (size_t k = 0; k < 4; k++)
			assert_null(strstr(body, canal_notes[k]));
		/* no reference marks left: "companies.1" or "companies.[1]" */
		assert_non_null(strstr(body, "by the canal companies. Their"));
		assert_int_equal(p->n_refs, 7); /* 3 entries + 4 notes */
	}
	quire_arena_free(a);
	free(b);
}

#endif
