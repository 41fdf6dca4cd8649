/*
 * arena.c — the per-paper allocator.
 *
 * Every object made while reading and analysing one paper comes from one
 * arena and is released in one call.  Chunks grow geometrically; a request
 * larger than a chunk gets a chunk of its own.  An optional budget bounds
 * the total, which is how a reader's memory is capped even where
 * setrlimit() cannot be used (sanitizer builds).
 */
#include "quire.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_MIN_CHUNK ((size_t)64 * 1024)
#define ARENA_ALIGN 16u
#define ARENA_KEEP_MAX ((size_t)1024 * 1024) /* the largest chunk a reset keeps */

struct chunk {
	struct chunk *next;
	size_t size; /* usable bytes after the header */
	size_t used;
	/* data follows, aligned */
};

struct quire_arena {
	struct chunk *head;
	size_t budget; /* 0: unbounded */
	size_t used;   /* bytes handed out */
	size_t next_chunk;
	int failed;
};

#define CHUNK_HDR ((sizeof(struct chunk) + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1))

quire_arena *quire_arena_new(size_t budget)
{
	quire_arena *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->budget = budget;
	a->next_chunk = ARENA_MIN_CHUNK;
	return a;
}

void quire_arena_free(quire_arena *a)
{
	if (!a)
		return;
	struct chunk *c = a->head;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

void quire_arena_reset(quire_arena *a)
{
	if (!a)
		return;
	/* keep the newest chunk when it is small enough to reuse, so a
	 * loop that resets per item allocates nothing after the first */
	struct chunk *keep = a->head && a->head->size <= ARENA_KEEP_MAX ? a->head : NULL;
	struct chunk *c = keep ? keep->next : a->head;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = keep;
	if (keep) {
		keep->next = NULL;
		keep->used = 0;
	}
	a->used = 0;
	a->failed = 0;
	a->next_chunk = ARENA_MIN_CHUNK;
}

void *quire_arena_alloc(quire_arena *a, size_t n)
{
	if (!a || a->failed)
		return NULL;
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / 2) {
		a->failed = 1;
		return NULL;
	}
	n = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (a->budget && (n > a->budget || a->used > a->budget - n)) {
		a->failed = 1;
		return NULL;
	}
	struct chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = a->next_chunk;
		if (size < n)
			size = n;
		c = malloc(CHUNK_HDR + size);
		if (!c) {
			a->failed = 1;
			return NULL;
		}
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		if (a->next_chunk < (64u << 20))
			a->next_chunk *= 2;
	}
	void *p = (char *)c + CHUNK_HDR + c->used;
	c->used += n;
	a->used += n;
	return p;
}

char *quire_arena_strndup(quire_arena *a, const char *s, size_t n)
{
	char *p = quire_arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

size_t quire_arena_used(const quire_arena *a)
{
	return a ? a->used : 0;
}

int quire_arena_failed(const quire_arena *a)
{
	return a ? a->failed : 1;
}
