/*
 * httpparse.h — the parts of an HTTP request quire parses itself:
 * percent-decoding, query strings and urlencoded form bodies, the Cookie
 * header, and multipart/form-data bodies.
 *
 * Every function takes its input as bytes with a length (a body may hold
 * NULs), allocates only in the arena it is given, does work linear in its
 * input, and has hard bounds on what it produces (fields, files).  Input
 * that is not well formed is read as far as it makes sense; nothing in the
 * input can make these functions read outside it.  libFuzzer runs them in
 * tests/fuzz/fuzz_http.c.
 */
#ifndef QUIRE_HTTPPARSE_H
#define QUIRE_HTTPPARSE_H

#include <stddef.h>

#include "quire.h"

/* Bounds of one request. */
#define HP_MAX_FIELDS 1000 /* query, form or multipart text fields */
#define HP_MAX_FILES 100   /* uploaded files of one multipart body */
#define HP_MAX_COOKIES 100 /* cookies of one Cookie header */
#define HP_MAX_PART_HEADERS 16 /* header lines of one multipart part */

typedef enum hp_status {
	HP_OK = 0,
	HP_ENOMEM, /* the arena is out of memory or budget */
	HP_ELIMIT, /* more fields or files than the bounds above */
	HP_EBAD    /* not parseable (multipart without a boundary, …) */
} hp_status;

/* One name=value pair.  Both are NUL-terminated; val_len counts the value's
 * bytes (a decoded value may hold a NUL byte: %00). */
typedef struct hp_kv {
	const char *key;
	const char *val;
	size_t val_len;
} hp_kv;

/* A list of pairs in request order, grown in an arena.  Zero it to start. */
typedef struct hp_list {
	hp_kv *v;
	size_t n, cap;
} hp_list;

/* One file part of a multipart body (data points into the body). */
typedef struct hp_file {
	const char *field;    /* the part's form field name */
	const char *filename; /* base name of what the browser sent ("" if none) */
	const char *type;     /* the part's Content-Type, or NULL */
	const unsigned char *data;
	size_t len;
} hp_file;

/* Percent-decodes s[0..n) into dst (at least n + 1 bytes), '+' read as a
 * space when plus_space; a '%' not followed by two hex digits is kept as
 * it is.  Returns the decoded length; dst is NUL-terminated. */
size_t hp_decode(char *dst, const char *s, size_t n, int plus_space);

/* hp_decode into a new arena string; *len (may be NULL) gets its length. */
char *hp_decode_dup(quire_arena *a, const char *s, size_t n, int plus_space,
		    size_t *len);

/* Appends a pair to l (key and value copied as they are). */
hp_status hp_list_add(quire_arena *a, hp_list *l, const char *key,
		      const char *val, size_t val_len);

/* The first value of key in l, or NULL. */
const char *hp_get(const hp_list *l, const char *key);

/* Every value of key in l, in order, as a new arena array (NULL-terminated);
 * *n gets the count.  NULL with *n == 0 when there is none (or no memory). */
const char *const *hp_get_all(const hp_list *l, const char *key,
			      quire_arena *a, size_t *n);

/* Parses a query string or an application/x-www-form-urlencoded body
 * ("a=1&b=x+y&c"): pairs split on '&', key and value
 * percent-decoded with '+' as a space; a pair without '=' has the value
 * ""; empty pairs ("&&") are skipped; an empty key is kept ("=x" gives
 * key "").  More than max pairs in l in all: HP_ELIMIT (pairs before the
 * limit stay in l). */
hp_status hp_parse_urlencoded(quire_arena *a, const char *s, size_t n,
			      size_t max, hp_list *l);

/* Parses a Cookie header ("a=1; b=\"two\""): names and values trimmed of
 * spaces and tabs, one pair of surrounding double quotes taken off a
 * value, no percent-decoding (cookie values are opaque); pairs without a
 * name or '=' are skipped.  At most HP_MAX_COOKIES pairs (the rest are
 * ignored). */
hp_status hp_parse_cookies(quire_arena *a, const char *s, size_t n,
			   hp_list *l);

/* The boundary parameter of a multipart/form-data Content-Type, as a new
 * arena string, or NULL when the type is not multipart/form-data or has no
 * valid boundary (1 to 70 bytes). */
const char *hp_boundary(quire_arena *a, const char *content_type);

/* The base name of a browser-sent filename: the text after the last '/'
 * or '\\', with control bytes dropped; "" for ".", ".." or nothing left.
 * Never a path. */
const char *hp_basename(quire_arena *a, const char *s, size_t n);

/* Parses a multipart/form-data body body[0..n) with the given boundary:
 * parts with a filename (even "") go to *files (at most HP_MAX_FILES,
 * else HP_ELIMIT), the others are text fields appended to fields (at most
 * HP_MAX_FIELDS pairs in the list, else HP_ELIMIT).  Lines may end in CRLF
 * or LF.  A body without the closing boundary keeps the parts that were
 * complete; a body where no boundary line is found at all is HP_EBAD.
 * File data points into body, which must outlive the results. */
hp_status hp_parse_multipart(quire_arena *a, const char *boundary,
			     const char *body, size_t n, hp_list *fields,
			     hp_file **files, size_t *n_files);

#endif
