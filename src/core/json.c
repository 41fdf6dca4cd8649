/*
 * json.c — the paper as JSON, and back.
 *
 * Writing goes through buf_t (one pass, no tree): it is what the store keeps
 * for every paper and what `quire analyze --json` prints.  Reading uses
 * Jansson (Debian's libjansson), a small, well-kept parser with precise
 * error positions; a hand-written JSON parser is a bug farm we don't need.
 * The field names are the documented API (docs/JSON.md).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "quire.h"

static const char *const kind_names[] = {
	[QUIRE_BLOCK_NONE] = "none",
	[QUIRE_BLOCK_TITLE] = "title",
	[QUIRE_BLOCK_HEADING] = "heading",
	[QUIRE_BLOCK_PARAGRAPH] = "paragraph",
	[QUIRE_BLOCK_QUOTE] = "quote",
	[QUIRE_BLOCK_LIST_ITEM] = "list_item",
	[QUIRE_BLOCK_CODE] = "code",
	[QUIRE_BLOCK_NOTE] = "note",
	[QUIRE_BLOCK_BIB_HEADING] = "bibliography_heading",
	[QUIRE_BLOCK_BIB_SECTION] = "bibliography_section",
	[QUIRE_BLOCK_REFERENCE] = "reference",
	[QUIRE_BLOCK_BYLINE] = "byline",
};

#define N_KINDS (sizeof kind_names / sizeof kind_names[0])

const char *quire_block_kind_name(quire_block_kind k)
{
	return (size_t)k < N_KINDS ? kind_names[k] : "none";
}

quire_block_kind quire_block_kind_from_name(const char *s)
{
	for (size_t k = 0; k < N_KINDS; k++)
		if (s && strcmp(s, kind_names[k]) == 0)
			return (quire_block_kind)k;
	return QUIRE_BLOCK_NONE;
}

/* p past white space, within end. */
static const char *json_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* p past the key k (with its quotes: "\"blocks\"") and the colon after
 * it, searched for inside [p, end); NULL when absent.  Inside a JSON
 * string every quote is escaped, so k's closing quote, after a letter,
 * never matches there. */
static const char *json_key_after(const char *p, const char *end, const char *k)
{
	size_t n = strlen(k);
	const char *q = p;
	while (q + n <= end) {
		const char *hit = memmem(q, (size_t)(end - q), k, n);
		if (!hit)
			return NULL;
		const char *c = json_ws(hit + n, end);
		if (c < end && *c == ':')
			return json_ws(c + 1, end);
		q = hit + 1;
	}
	return NULL;
}

/* The value of member key ("\"blocks\"") of json[0..len) when it opens
 * with the character open ('[' or '{'): a pointer to that character, or
 * NULL. */
static const char *json_member(const char *json, size_t len, const char *key, char open)
{
	if (!json)
		return NULL;
	const char *p = json_key_after(json, json + len, key);
	return p && p < json + len && *p == open ? p : NULL;
}

int quire_json_body_span(const char *json, size_t len, size_t text_len,
			 size_t *from, size_t *to)
{
	const char *p = json_member(json, len, "\"blocks\"", '[');
	if (!p)
		return -1;
	const char *end = json + len;
	p++;
	size_t f = (size_t)-1, t = text_len;
	for (;;) {
		p = json_ws(p, end);
		if (p < end && *p == ',')
			p = json_ws(p + 1, end);
		if (p >= end || *p != '{')
			break; /* "]": the end of the blocks */
		/* a block is flat: its object ends at the first "}" */
		const char *close = memchr(p, '}', (size_t)(end - p));
		if (!close)
			return -1;
		const char *k = json_key_after(p, close, "\"kind\"");
		const char *o = json_key_after(p, close, "\"offset\"");
		p = close + 1;
		if (!k || !o || *k != '"')
			continue;
		char name[32];
		size_t n = 0;
		for (k++; k < close && *k != '"' && n + 1 < sizeof name; k++)
			name[n++] = *k;
		name[n] = '\0';
		size_t v = 0;
		int digits = 0;
		for (; o < close && *o >= '0' && *o <= '9' && digits < 19; o++, digits++)
			v = v * 10 + (size_t)(*o - '0');
		if (!digits)
			continue;
		quire_block_kind kind = quire_block_kind_from_name(name);
		if (kind == QUIRE_BLOCK_BIB_HEADING || kind == QUIRE_BLOCK_REFERENCE) {
			t = v;
			break;
		}
		if (f == (size_t)-1 && kind != QUIRE_BLOCK_TITLE && kind != QUIRE_BLOCK_BYLINE)
			f = v;
	}
	if (f == (size_t)-1)
		f = 0;
	if (t > text_len || f >= t)
		return -1;
	*from = f;
	*to = t;
	return 0;
}

int quire_json_preview_head_len(const char *json, size_t len, size_t *n)
{
	const char *p = json_member(json, len, "\"preview\"", '{');
	if (!p)
		return -1;
	const char *end = json + len;
	/* the head is the preview's first member; a "}" first: no head */
	const char *close = memchr(p, '}', (size_t)(end - p));
	const char *h = json_key_after(p, end, "\"head\"");
	if (!h || (close && close < h) || h >= end || *h != '"')
		return -1;
	size_t k = 0;
	for (h++; h < end && *h != '"'; h++) {
		if (*h != '\\') {
			k++;
			continue;
		}
		if (++h >= end)
			return -1;
		if (*h != 'u') {
			k++; /* \n, \t, \", \\, \/, \b, \f, \r: one byte */
			continue;
		}
		unsigned cp = 0;
		for (int i = 0; i < 4; i++) {
			if (++h >= end)
				return -1;
			char c = *h;
			unsigned v = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
				     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
				     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
							    : 16u;
			if (v > 15)
				return -1;
			cp = cp * 16 + v;
		}
		/* a surrogate pair is one 4-byte character, counted at its
		 * first half; the second half counts nothing */
		k += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp >= 0xD800 && cp < 0xDC00 ? 4
		   : cp >= 0xDC00 && cp < 0xE000 ? 0 : 3;
	}
	if (h >= end)
		return -1;
	*n = k;
	return 0;
}

const char *quire_format_count(size_t n, char *out, size_t size)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%zu", n);
	size_t j = 0;
	for (int i = 0; i < len && j + 1 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0 && j + 2 < size)
			out[j++] = ',';
		out[j++] = digits[i];
	}
	if (size)
		out[j < size ? j : size - 1] = '\0';
	return out;
}

static void key(buf_t *b, const char *k, int *first, unsigned flags, int depth)
{
	if (!*first)
		buf_putc(b, ',');
	*first = 0;
	if (flags & QUIRE_JSON_PRETTY) {
		buf_putc(b, '\n');
		for (int i = 0; i < depth; i++)
			buf_puts(b, "  ");
	}
	buf_json_str(b, k, strlen(k));
	buf_puts(b, (flags & QUIRE_JSON_PRETTY) ? ": " : ":");
}

static void str_or_null(buf_t *b, const char *s)
{
	if (s)
		buf_json_str(b, s, strlen(s));
	else
		buf_puts(b, "null");
}

static void str_array(buf_t *b, const char *const *v, size_t n)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ',');
		str_or_null(b, v[i]);
	}
	buf_putc(b, ']');
}

quire_status quire_paper_to_json(const quire_paper *p, unsigned flags,
				 quire_arena *a, char **json, size_t *len)
{
	buf_t b = BUF_INIT;
	int f = 1;
	const quire_counts *c = &p->counts;
	buf_putc(&b, '{');
	key(&b, "title", &f, flags, 1);
	str_or_null(&b, p->title);
	key(&b, "authors", &f, flags, 1);
	str_array(&b, p->authors, p->n_authors);
	key(&b, "date", &f, flags, 1);
	str_or_null(&b, p->date);
	key(&b, "year", &f, flags, 1);
	if (p->year)
		buf_printf(&b, "%d", p->year);
	else
		buf_puts(&b, "null");
	key(&b, "format", &f, flags, 1);
	str_or_null(&b, p->format);
	key(&b, "encoding", &f, flags, 1);
	str_or_null(&b, p->encoding);
	key(&b, "remarks", &f, flags, 1);
	str_array(&b, p->remarks, p->n_remarks);
	key(&b, "words", &f, flags, 1);
	buf_printf(&b, "%zu", c->words);
	key(&b, "pages", &f, flags, 1);
	buf_printf(&b, "%u", c->pages);
	key(&b, "pages_estimated", &f, flags, 1);
	buf_puts(&b, c->pages_estimated ? "true" : "false");
	key(&b, "body_words", &f, flags, 1);
	buf_printf(&b, "%zu", c->body_words);
	key(&b, "characters", &f, flags, 1);
	buf_printf(&b, "%zu", c->chars);
	key(&b, "characters_no_spaces", &f, flags, 1);
	buf_printf(&b, "%zu", c->chars_no_space);
	key(&b, "paragraphs", &f, flags, 1);
	buf_printf(&b, "%zu", c->paragraphs);
	key(&b, "sentences", &f, flags, 1);
	buf_printf(&b, "%zu", c->sentences);
	key(&b, "reading_minutes", &f, flags, 1);
	buf_printf(&b, "%u", c->reading_minutes);
	key(&b, "reference_count", &f, flags, 1);
	buf_printf(&b, "%zu", c->references);

	key(&b, "outline", &f, flags, 1);
	buf_putc(&b, '[');
	for (size_t i = 0; i < p->n_outline; i++) {
		buf_printf(&b, "%s{\"level\":%d,\"text\":", i ? "," : "", p->outline[i].level);
		str_or_null(&b, p->outline[i].text);
		buf_putc(&b, '}');
	}
	buf_putc(&b, ']');

	key(&b, "references", &f, flags, 1);
	buf_putc(&b, '[');
	for (size_t i = 0; i < p->n_refs; i++) {
		buf_puts(&b, i ? ",{\"text\":" : "{\"text\":");
		str_or_null(&b, p->refs[i].text);
		buf_puts(&b, ",\"section\":");
		str_or_null(&b, p->refs[i].section);
		buf_printf(&b, ",\"note\":%s}", p->refs[i].is_note ? "true" : "false");
	}
	buf_putc(&b, ']');

	const quire_preview *pv = &p->preview;
	key(&b, "preview", &f, flags, 1);
	buf_puts(&b, "{\"head\":");
	str_or_null(&b, pv->head);
	buf_puts(&b, ",\"marker\":");
	if (pv->omitted_words)
		buf_json_str(&b, QUIRE_PREVIEW_MARKER, strlen(QUIRE_PREVIEW_MARKER));
	else
		buf_puts(&b, "null");
	buf_puts(&b, ",\"tail\":");
	str_or_null(&b, pv->tail);
	buf_printf(&b, ",\"head_words\":%zu,\"tail_words\":%zu,\"omitted_words\":%zu}",
		   pv->head_words, pv->tail_words, pv->omitted_words);

	key(&b, "blocks", &f, flags, 1);
	buf_putc(&b, '[');
	for (size_t i = 0; i < p->n_blocks; i++) {
		const quire_block *q = &p->blocks[i];
		buf_printf(&b, "%s{\"kind\":\"%s\",\"level\":%d,\"offset\":%zu,\"length\":%zu,\"page\":%u}",
			   i ? "," : "", quire_block_kind_name(q->kind), q->level,
			   q->off, q->len, q->page);
	}
	buf_putc(&b, ']');
	if (!(flags & QUIRE_JSON_NO_TEXT)) {
		key(&b, "text", &f, flags, 1);
		buf_json_str(&b, p->text ? p->text : "", p->text_len);
	}
	if (flags & QUIRE_JSON_PRETTY)
		buf_putc(&b, '\n');
	buf_putc(&b, '}');
	if (buf_failed(&b)) {
		buf_free(&b);
		return QUIRE_ENOMEM;
	}
	*json = buf_to_arena(&b, a);
	*len = b.len;
	buf_free(&b);
	return *json ? QUIRE_OK : QUIRE_ENOMEM;
}

/* ---------------------------------------------------------------- */

static const char *dup_str(quire_arena *a, json_t *v)
{
	if (!json_is_string(v))
		return NULL;
	return quire_arena_strndup(a, json_string_value(v), json_string_length(v));
}

static size_t get_size(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_integer(v) && json_integer_value(v) > 0 ? (size_t)json_integer_value(v) : 0;
}

static const char *const *str_list(quire_arena *a, json_t *arr, size_t *n)
{
	*n = 0;
	if (!json_is_array(arr))
		return NULL;
	size_t m = json_array_size(arr);
	const char **v = quire_arena_alloc(a, (m + 1) * sizeof *v);
	if (!v)
		return NULL;
	for (size_t i = 0; i < m; i++) {
		const char *s = dup_str(a, json_array_get(arr, i));
		if (s)
			v[(*n)++] = s;
	}
	return v;
}

quire_status quire_paper_from_json(const char *json, size_t len,
				   const char *text, size_t text_len,
				   quire_arena *a, quire_paper **out,
				   quire_error *err)
{
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return quire_error_set(err, QUIRE_EINPUT, "bad analysis JSON at line %d: %s",
				       je.line, je.text);
	quire_status rc = QUIRE_ENOMEM;
	quire_paper *p = quire_arena_alloc(a, sizeof *p);
	if (!json_is_object(root)) {
		rc = quire_error_set(err, QUIRE_EINPUT, "analysis JSON is not an object");
		goto done;
	}
	if (!p)
		goto done;
	memset(p, 0, sizeof *p);
	p->title = dup_str(a, json_object_get(root, "title"));
	if (!p->title)
		p->title = "";
	p->authors = str_list(a, json_object_get(root, "authors"), &p->n_authors);
	p->date = dup_str(a, json_object_get(root, "date"));
	p->year = (int)get_size(root, "year");
	p->format = dup_str(a, json_object_get(root, "format"));
	p->encoding = dup_str(a, json_object_get(root, "encoding"));
	p->remarks = str_list(a, json_object_get(root, "remarks"), &p->n_remarks);
	quire_counts *c = &p->counts;
	c->words = get_size(root, "words");
	c->pages = (unsigned)get_size(root, "pages");
	c->pages_estimated = json_is_true(json_object_get(root, "pages_estimated"));
	c->body_words = get_size(root, "body_words");
	c->chars = get_size(root, "characters");
	c->chars_no_space = get_size(root, "characters_no_spaces");
	c->paragraphs = get_size(root, "paragraphs");
	c->sentences = get_size(root, "sentences");
	c->reading_minutes = (unsigned)get_size(root, "reading_minutes");
	c->references = get_size(root, "reference_count");

	if (!text) {
		json_t *t = json_object_get(root, "text");
		if (!json_is_string(t)) {
			rc = quire_error_set(err, QUIRE_EINPUT, "analysis JSON has no text");
			goto done;
		}
		text = json_string_value(t);
		text_len = json_string_length(t);
	}
	p->text = quire_arena_strndup(a, text, text_len);
	p->text_len = text_len;
	if (!p->text)
		goto done;

	json_t *arr = json_object_get(root, "blocks");
	size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
	quire_block *bl = quire_arena_alloc(a, (n + 1) * sizeof *bl);
	if (!bl)
		goto done;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		json_t *kv = json_object_get(o, "kind");
		bl[i].kind = quire_block_kind_from_name(json_is_string(kv) ? json_string_value(kv) : "");
		bl[i].level = (int)get_size(o, "level");
		bl[i].off = get_size(o, "offset");
		bl[i].len = get_size(o, "length");
		bl[i].page = (unsigned)get_size(o, "page");
		if (bl[i].off > text_len || bl[i].len > text_len - bl[i].off) {
			rc = quire_error_set(err, QUIRE_EINPUT, "block %zu lies outside the text", i);
			goto done;
		}
	}
	p->blocks = bl;
	p->n_blocks = n;

	arr = json_object_get(root, "outline");
	n = json_is_array(arr) ? json_array_size(arr) : 0;
	quire_heading *ol = quire_arena_alloc(a, (n + 1) * sizeof *ol);
	if (!ol)
		goto done;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		ol[i].level = (int)get_size(o, "level");
		ol[i].text = dup_str(a, json_object_get(o, "text"));
		if (!ol[i].text)
			ol[i].text = "";
	}
	p->outline = ol;
	p->n_outline = n;

	arr = json_object_get(root, "references");
	n = json_is_array(arr) ? json_array_size(arr) : 0;
	quire_reference *rf = quire_arena_alloc(a, (n + 1) * sizeof *rf);
	if (!rf)
		goto done;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		rf[i].text = dup_str(a, json_object_get(o, "text"));
		if (!rf[i].text)
			rf[i].text = "";
		rf[i].section = dup_str(a, json_object_get(o, "section"));
		rf[i].is_note = json_is_true(json_object_get(o, "note"));
	}
	p->refs = rf;
	p->n_refs = n;

	json_t *pv = json_object_get(root, "preview");
	p->preview.head = dup_str(a, json_object_get(pv, "head"));
	p->preview.tail = dup_str(a, json_object_get(pv, "tail"));
	if (!p->preview.head)
		p->preview.head = "";
	if (!p->preview.tail)
		p->preview.tail = "";
	p->preview.head_words = get_size(pv, "head_words");
	p->preview.tail_words = get_size(pv, "tail_words");
	p->preview.omitted_words = get_size(pv, "omitted_words");
	*out = p;
	rc = QUIRE_OK;
done:
	json_decref(root);
	if (rc == QUIRE_ENOMEM && err && err->code != QUIRE_ENOMEM)
		quire_error_set(err, rc, "out of memory reading analysis JSON");
	return rc;
}
