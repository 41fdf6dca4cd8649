/*
 * source.c — quire_source: what a reader hands to the core.
 *
 * A flat list of items (lines, page breaks, blocks) and a few metadata
 * fields, all copied into the source's arena so a reader can build it from
 * transient buffers.
 */
#include "quire.h"

#include <string.h>

struct quire_source {
	quire_arena *a;
	quire_item *items;
	size_t n, cap;
	const char *format, *encoding, *title, *date;
	const char **authors;
	size_t n_authors, cap_authors;
	const char **remarks;
	size_t n_remarks, cap_remarks;
	unsigned pages;
};

quire_source *quire_source_new(quire_arena *a)
{
	quire_source *s = quire_arena_alloc(a, sizeof *s);
	if (!s)
		return NULL;
	memset(s, 0, sizeof *s);
	s->a = a;
	return s;
}

/* Grows an arena array of pointers-sized or item-sized elements. */
static int grow(quire_arena *a, void **v, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 64;
	void *nv = quire_arena_alloc(a, nc * elem);
	if (!nv)
		return -1;
	if (n)
		memcpy(nv, *v, n * elem);
	*v = nv;
	*cap = nc;
	return 0;
}

static quire_status push(quire_source *s, quire_item_type t, quire_block_kind k,
			 int level, const char *text, size_t len)
{
	void *v = s->items;
	if (grow(s->a, &v, &s->cap, s->n, sizeof *s->items))
		return QUIRE_ENOMEM;
	s->items = v;
	quire_item *it = &s->items[s->n];
	it->type = t;
	it->kind = k;
	it->level = level;
	it->text = NULL;
	it->len = 0;
	if (text) {
		char *p = quire_arena_strndup(s->a, text, len);
		if (!p)
			return QUIRE_ENOMEM;
		it->text = p;
		it->len = len;
	}
	s->n++;
	return QUIRE_OK;
}

quire_status quire_source_add_line(quire_source *s, const char *text, size_t len)
{
	return push(s, QUIRE_ITEM_LINE, QUIRE_BLOCK_NONE, 0, text ? text : "", text ? len : 0);
}

quire_status quire_source_add_page_break(quire_source *s)
{
	return push(s, QUIRE_ITEM_PAGE_BREAK, QUIRE_BLOCK_NONE, 0, NULL, 0);
}

quire_status quire_source_add_block(quire_source *s, quire_block_kind kind,
				    int level, const char *text, size_t len)
{
	return push(s, QUIRE_ITEM_BLOCK, kind, level, text ? text : "", text ? len : 0);
}

static quire_status set_str(quire_source *s, const char **field, const char *v)
{
	if (!v)
		return QUIRE_OK;
	char *p = quire_arena_strndup(s->a, v, strlen(v));
	if (!p)
		return QUIRE_ENOMEM;
	*field = p;
	return QUIRE_OK;
}

static quire_status push_str(quire_source *s, const char ***v, size_t *n,
			     size_t *cap, const char *str)
{
	if (!str)
		return QUIRE_OK;
	void *vv = *v;
	if (grow(s->a, &vv, cap, *n, sizeof(char *)))
		return QUIRE_ENOMEM;
	*v = vv;
	char *p = quire_arena_strndup(s->a, str, strlen(str));
	if (!p)
		return QUIRE_ENOMEM;
	(*v)[(*n)++] = p;
	return QUIRE_OK;
}

quire_status quire_source_set_format(quire_source *s, const char *format,
				     const char *encoding)
{
	quire_status rc = set_str(s, &s->format, format);
	return rc ? rc : set_str(s, &s->encoding, encoding);
}

quire_status quire_source_set_title(quire_source *s, const char *title)
{
	return set_str(s, &s->title, title);
}

quire_status quire_source_add_author(quire_source *s, const char *author)
{
	return push_str(s, &s->authors, &s->n_authors, &s->cap_authors, author);
}

quire_status quire_source_set_date(quire_source *s, const char *date)
{
	return set_str(s, &s->date, date);
}

quire_status quire_source_set_pages(quire_source *s, unsigned pages)
{
	s->pages = pages;
	return QUIRE_OK;
}

quire_status quire_source_add_remark(quire_source *s, const char *remark)
{
	return push_str(s, &s->remarks, &s->n_remarks, &s->cap_remarks, remark);
}

size_t quire_source_count(const quire_source *s) { return s->n; }
const quire_item *quire_source_item(const quire_source *s, size_t i)
{
	return i < s->n ? &s->items[i] : NULL;
}
const char *quire_source_format(const quire_source *s) { return s->format; }
const char *quire_source_encoding(const quire_source *s) { return s->encoding; }
const char *quire_source_title(const quire_source *s) { return s->title; }
size_t quire_source_n_authors(const quire_source *s) { return s->n_authors; }
const char *quire_source_author(const quire_source *s, size_t i)
{
	return i < s->n_authors ? s->authors[i] : NULL;
}
const char *quire_source_date(const quire_source *s) { return s->date; }
unsigned quire_source_pages(const quire_source *s) { return s->pages; }
size_t quire_source_n_remarks(const quire_source *s) { return s->n_remarks; }
const char *quire_source_remark(const quire_source *s, size_t i)
{
	return i < s->n_remarks ? s->remarks[i] : NULL;
}
