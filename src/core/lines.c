/*
 * lines.c — the growable array of normalised lines (see lines.h).
 */
#include "lines.h"

#include <string.h>

ln_t *lines_push(lines_t *L)
{
	if (L->n == L->cap) {
		size_t cap = L->cap ? L->cap * 2 : 256;
		ln_t *v = quire_arena_alloc(L->a, cap * sizeof *v);
		if (!v)
			return NULL;
		if (L->n)
			memcpy(v, L->v, L->n * sizeof *v);
		L->v = v;
		L->cap = cap;
	}
	ln_t *l = &L->v[L->n++];
	memset(l, 0, sizeof *l);
	return l;
}
