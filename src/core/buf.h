/*
 * buf.h — one growable byte buffer with a sticky error.
 *
 * A chain of appends checks once at the end (buf_failed), as Fossil's Blob
 * and FTS5's Fts5Buffer do.  The bytes live on the heap until buf_free();
 * buf_to_arena() copies them into an arena as a NUL-terminated string.
 */
#ifndef QUIRE_BUF_H
#define QUIRE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "quire.h"

typedef struct buf {
	char *p;     /* bytes, always NUL-terminated when len > 0 or after any append */
	size_t len;  /* bytes used, without the NUL */
	size_t cap;  /* bytes allocated */
	size_t limit;/* 0: none; an append past it fails the buffer */
	int failed;  /* sticky: an allocation or the limit failed */
} buf_t;

#define BUF_INIT {NULL, 0, 0, 0, 0}

void buf_init(buf_t *b);
void buf_free(buf_t *b);
/* Empties the buffer, keeping its memory and clearing the error. */
void buf_reset(buf_t *b);
/* Makes room for n more bytes; 0 on success. */
int buf_reserve(buf_t *b, size_t n);
void buf_append(buf_t *b, const void *p, size_t n);
void buf_puts(buf_t *b, const char *s);
void buf_putc(buf_t *b, char c);
void buf_printf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf_t *b, const char *fmt, va_list ap);
/* Appends s as a JSON string literal, quotes included. */
void buf_json_str(buf_t *b, const char *s, size_t n);
/* Appends s with &<>"' escaped for HTML text and attributes. */
void buf_html(buf_t *b, const char *s, size_t n);
/* Non-zero when any append since the last reset failed. */
static inline int buf_failed(const buf_t *b) { return b->failed; }
/* Hands the heap bytes to the caller (free() them); the buffer is reset. */
char *buf_detach(buf_t *b, size_t *len);
/* A NUL-terminated copy in arena a, or NULL. */
char *buf_to_arena(const buf_t *b, quire_arena *a);

#endif
