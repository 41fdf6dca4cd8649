/*
 * lines.h — the analysis's working form of a paper: normalised lines.
 *
 * The pipeline (doc.c) is:
 *
 *   source items ──norm──► lines ──furn──► furniture marked
 *                                  ──doc──► chunks ──head/bib──► classified
 *                                  ──join──► paragraphs and entries ──► paper
 *
 * A line keeps what the later stages need to decide: its page, its
 * indentation before trimming, and the kind a structured reader gave it.
 */
#ifndef QUIRE_LINES_H
#define QUIRE_LINES_H

#include <stddef.h>

#include "quire.h"

typedef struct ln {
	const char *s;           /* normalised UTF-8 (NFC, spaces folded, trimmed), NUL-terminated */
	size_t n;                /* bytes of s */
	unsigned page;           /* 1-based page; 0 when the source has no page breaks */
	unsigned indent;         /* leading white space before trimming, in columns (tab = 4) */
	quire_block_kind hint;   /* kind given by a structured reader; NONE for plain lines */
	int level;               /* the hint's level */
	unsigned group;          /* lines of one reader block share a non-zero id; plain lines 0 */
	unsigned char blank;     /* nothing left after trimming */
	unsigned char furniture; /* set by furn_mark(): running header/footer, page number */
	unsigned char dup_title; /* set by furn_mark(): a repeat of the title line at the top */
} ln_t;

/* A growable array of lines, allocated in an arena. */
typedef struct lines {
	ln_t *v;
	size_t n;
	size_t cap;
	quire_arena *a;
} lines_t;

/* Appends a zeroed line and returns it, or NULL when out of memory. */
ln_t *lines_push(lines_t *L);

#endif
