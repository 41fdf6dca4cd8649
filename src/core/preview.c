/*
 * preview.c — the opening and the close of a paper, the middle elided.
 *
 * The head is the first ~250 words, the tail the last ~120 (for most papers
 * the end of the bibliography).  Cuts fall after a whole word; within a
 * small window before the target the head prefers to end at a sentence or
 * paragraph end, and the tail to start at a sentence or paragraph start.
 * A short paper is never given away: head and tail together show at most
 * max_share_pct of the paper's words (40%), shrunk in proportion.
 *
 * Only the first head words' spans are kept, and the last tail words' in a
 * ring, so a preview of a huge paper costs one pass and little memory.
 */
#include <string.h>

#include "count.h"
#include "preview.h"
#include "quire.h"

quire_options quire_options_default(void)
{
	quire_options o;
	o.words_per_page = 500;
	o.head_words = 250;
	o.tail_words = 120;
	o.max_share_pct = 40;
	o.reading_wpm = 230;
	return o;
}

/* A stop-early word walk: collects the first cap spans. */
struct first_words {
	count_span *v;
	size_t cap, n;
};

static int first_word(count_span w, void *ctx)
{
	struct first_words *f = ctx;
	f->v[f->n++] = w;
	return f->n == f->cap;
}

/*
 * The byte offset from which text[start..len) holds at least want words,
 * and (into *have) how many it holds.  Scans back from the end in growing
 * windows, each starting after an ASCII space so no word is cut.
 */
static size_t tail_region(const char *text, size_t len, size_t total,
			  size_t want, size_t *have)
{
	size_t span = want * 16 + 64;
	for (;;) {
		if (span >= len) {
			*have = total;
			return 0;
		}
		size_t start = len - span;
		while (start < len && text[start] != ' ' && text[start] != '\n')
			start++;
		size_t w = quire_count_words(text + start, len - start);
		if (w >= want) {
			*have = w;
			return start;
		}
		span *= 2;
	}
}

struct collect {
	count_span *head; /* the first head_cap spans */
	size_t head_cap;
	count_span *ring; /* the last ring_cap spans */
	size_t ring_cap;
	size_t seen;
};

static int collect_word(count_span w, void *ctx)
{
	struct collect *c = ctx;
	if (c->seen < c->head_cap)
		c->head[c->seen] = w;
	if (c->ring_cap)
		c->ring[c->seen % c->ring_cap] = w;
	c->seen++;
	return 0;
}

/* Non-zero if a paragraph break lies between two spans. */
static int para_break(const char *s, count_span a, count_span b)
{
	for (size_t i = a.end; i < b.start; i++)
		if (s[i] == '\n')
			return 1;
	return 0;
}

/* Non-zero if a cut between word spans a and b falls at a sentence end. */
static int good_cut(const char *s, count_span a, count_span b)
{
	return count_ends_sentence(s, a) || para_break(s, a, b);
}

quire_status quire_preview_make(const char *text, size_t len,
				size_t total_words, const quire_options *opt,
				quire_arena *a, quire_preview *out)
{
	return prev_make(text, len, quire_count_words(text, len), total_words,
			 opt, a, out);
}

quire_status prev_make(const char *text, size_t len, size_t words,
		       size_t total_words, const quire_options *opt,
		       quire_arena *a, quire_preview *out)
{
	quire_options o = opt ? *opt : quire_options_default();
	memset(out, 0, sizeof *out);
	out->head = "";
	out->tail = "";

	if (total_words < words)
		total_words = words;
	size_t head_n = o.head_words, tail_n = o.tail_words;
	size_t cap = total_words * (o.max_share_pct > 100 ? 100 : o.max_share_pct) / 100;
	if (head_n + tail_n > cap) {
		size_t sum = head_n + tail_n;
		head_n = sum ? (size_t)((double)cap * (double)head_n / (double)sum) : 0;
		tail_n = cap - head_n;
	}
	if (head_n > words)
		head_n = words;
	if (head_n + tail_n >= words)
		tail_n = 0;
	if (head_n == 0 && tail_n == 0) {
		out->omitted_words = words;
		return QUIRE_OK;
	}

	size_t hwin = head_n / 6 > 5 ? head_n / 6 : 5;
	size_t twin = tail_n / 4 > 5 ? tail_n / 4 : 5;
	struct collect c = {0};
	c.head_cap = head_n + 1;
	c.ring_cap = tail_n ? tail_n + twin + 2 : 0;
	c.head = quire_arena_alloc(a, c.head_cap * sizeof *c.head);
	if (c.ring_cap)
		c.ring = quire_arena_alloc(a, c.ring_cap * sizeof *c.ring);
	if (!c.head || (c.ring_cap && !c.ring))
		return QUIRE_ENOMEM;
	/* the head: walk until head_n + 1 words are seen */
	struct first_words fw = {c.head, c.head_cap < words ? c.head_cap : words, 0};
	if (fw.cap)
		count_walk(text, len, first_word, &fw);
	/* the tail: walk only a region at the end that holds enough words,
	 * numbering its words as the whole text would */
	if (c.ring_cap) {
		size_t have;
		size_t from = tail_region(text, len, words, c.ring_cap, &have);
		struct collect r = c;
		r.head_cap = 0;
		r.seen = words - have;
		count_walk(text + from, len - from, collect_word, &r);
		for (size_t i = 0; i < c.ring_cap; i++) {
			c.ring[i].start += from;
			c.ring[i].end += from;
		}
	}

	/* head: the largest cut in [head_n - hwin, head_n] at a sentence end */
	size_t h = head_n;
	if (h > 0 && h < words) {
		size_t lo = h > hwin ? h - hwin : 1;
		for (size_t k = h; k >= lo; k--) {
			if (good_cut(text, c.head[k - 1], c.head[k])) {
				h = k;
				break;
			}
		}
	}
	if (h > 0) {
		size_t end = c.head[h - 1].end;
		out->head = quire_arena_strndup(a, text, end);
		if (!out->head)
			return QUIRE_ENOMEM;
	}
	out->head_words = h;

	/* tail: the smallest start in [t0, t0 + twin] after a sentence end */
	size_t t = words;
	if (tail_n && c.ring_cap) {
		size_t t0 = words - tail_n;
		t = t0;
		size_t hi = t0 + twin < words ? t0 + twin : words - 1;
		for (size_t k = t0; k <= hi; k++) {
			if (k == 0 || k < h)
				continue;
			count_span prev = c.ring[(k - 1) % c.ring_cap];
			count_span cur = c.ring[k % c.ring_cap];
			if (good_cut(text, prev, cur)) {
				t = k;
				break;
			}
		}
		if (t < h)
			t = h;
		size_t start = c.ring[t % c.ring_cap].start;
		size_t end = len;
		while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\n'))
			end--;
		out->tail = quire_arena_strndup(a, text + start, end - start);
		if (!out->tail)
			return QUIRE_ENOMEM;
		out->tail_words = words - t;
	}
	out->omitted_words = t - h;
	return QUIRE_OK;
}

quire_status quire_paper_preview(const quire_paper *p, const quire_options *opt,
				 quire_arena *a, quire_preview *out)
{
	size_t off = p->text_len;
	for (size_t i = 0; i < p->n_blocks; i++) {
		quire_block_kind k = p->blocks[i].kind;
		if (k != QUIRE_BLOCK_TITLE && k != QUIRE_BLOCK_BYLINE) {
			off = p->blocks[i].off;
			break;
		}
	}
	return quire_preview_make(p->text + off, p->text_len - off,
				  p->counts.words, opt, a, out);
}
