/*
 * snip.c — search snippets: the best passage of a stored text, with the
 * matched words marked (see snip.h).
 *
 * Decisions:
 *
 *   - One pass over the text finds the words and matches them; a second
 *     pass, over the chosen window only (about SNIP_WORDS words), copies
 *     it with the marks.  Nothing else is kept: a ring of the start
 *     offsets of the last SNIP_WORDS words (for the window's left
 *     context) and a queue of the matches inside the current window.
 *   - Words: a run of ASCII letters and digits is a word, folded by
 *     lower-casing, with no call into utf8proc; a run holding any byte of
 *     0x80 or above is handed to the index's tokenizer (ixtok, without
 *     stemming), which splits and folds it exactly as the index did
 *     (diacritics, ideographs one by one, non-ASCII punctuation).
 *   - Matching is cheap: the folded word's first byte must be a term's
 *     first byte (a 256-bit set), then it must equal the term, begin with
 *     it (a prefix term), or begin with all but the term's last byte (the
 *     English stemmer only removes or changes endings: "studies" ->
 *     "studi", "happy" -> "happi"); only then is the word stemmed, once.
 *     A few irregular stems whose word differs earlier ("dying" -> "die")
 *     are found by the index but not marked.
 *   - The best window: the one of at most SNIP_WORDS words with the
 *     largest sum of the weights of the distinct terms in it, ties going
 *     to more matched words, then to the first.  The window is centred on
 *     its matches.  The scan stops early once a window holds every term
 *     and SNIP_DENSE matches more.
 *   - The body first: the caller may name the span of the paper's body
 *     (after the title line, before the reference list, from the
 *     analysis's blocks).  The same scan keeps a second window over the
 *     body's matches alone, and it is shown unless a window of the whole
 *     text holds more distinct terms: a search for "lighthouse keepers"
 *     showed the title line, or the bibliography where titles repeat the
 *     words densely, instead of the prose.  Its left context stays in
 *     the body.
 *   - Matched words with only spaces between them are marked as one
 *     span, as a phrase is ("\x01walls keep time\x02").
 *   - The copy is valid UTF-8: cuts fall at word starts and ends (never
 *     inside a character); a byte that is not UTF-8 becomes U+FFFD, the
 *     mark bytes and NUL become spaces.
 */
#include "snip.h"
#include "buf.h"
#include "search.h"

#include <string.h>

typedef struct snip_it {
	ixtok *tok;
	const char *t;
	size_t n, i;
	size_t run, run_end;  /* a non-ASCII run being read through tok */
	int in_run;
	char fold[IXTOK_TERM_MAX + 8];
	size_t fn;
	/* an ASCII word is folded only when its folded first byte is in this
	 * set (the terms' first bytes: no other word can match); NULL: none
	 * is (the caller wants only where words are) */
	const unsigned char *first;
} snip_it;

/* Each byte's class: 0 outside words (ASCII), 1 an ASCII letter or
 * digit, 2 a byte of a multi-byte character (its run goes through the
 * tokenizer). */
static const unsigned char snip_cls[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static void snip_it_init(snip_it *it, ixtok *tok, const char *t, size_t from, size_t n,
			 const unsigned char *first)
{
	it->tok = tok;
	it->t = t;
	it->n = n;
	it->i = from;
	it->in_run = 0;
	it->fn = 0;
	it->first = first;
}

/* The next word of the text: its offset and length, its folded form in
 * it->fold (it->fn bytes; 0 for an ASCII word it->first leaves out).  0
 * at the end.  (Folding every word was half of a snippet's time.) */
static int snip_it_next(snip_it *it, size_t *off, size_t *len)
{
	for (;;) {
		if (it->in_run) {
			ixtok_token tk;
			if (ixtok_next(it->tok, &tk)) {
				if (tk.colocated)
					continue;
				*off = it->run + tk.off;
				*len = tk.n;
				it->fn = tk.len < IXTOK_TERM_MAX ? tk.len : IXTOK_TERM_MAX;
				memcpy(it->fold, tk.term, it->fn);
				it->fold[it->fn] = '\0';
				return 1;
			}
			it->in_run = 0;
			it->i = it->run_end;
		}
		const char *t = it->t;
		size_t i = it->i, n = it->n;
		while (i < n && snip_cls[(unsigned char)t[i]] == 0)
			i++;
		if (i >= n) {
			it->i = n;
			return 0;
		}
		size_t s = i;
		unsigned cls = 0, c;
		while (i < n && (c = snip_cls[(unsigned char)t[i]]) != 0) {
			cls |= c;
			i++;
		}
		if (cls & 2) {
			it->in_run = 1;
			it->run = s;
			it->run_end = i;
			ixtok_begin(it->tok, t + s, i - s, IXTOK_NOSTEM, 0);
			continue;
		}
		it->i = i;
		*off = s;
		*len = i - s;
		unsigned char c0 = (unsigned char)t[s];
		c0 = (unsigned char)(c0 >= 'A' && c0 <= 'Z' ? c0 + 32 : c0);
		if (!it->first || !(it->first[c0 >> 3] & (1u << (c0 & 7)))) {
			it->fn = 0;
			return 1;
		}
		size_t k = i - s < IXTOK_TERM_MAX ? i - s : IXTOK_TERM_MAX;
		for (size_t j = 0; j < k; j++) {
			unsigned char b = (unsigned char)t[s + j];
			it->fold[j] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
		}
		it->fold[k] = '\0';
		it->fn = k;
		return 1;
	}
}

/* The terms, with the set of their first bytes. */
typedef struct snip_q {
	ixtok *tok;
	const snip_term *terms;
	size_t nt;
	unsigned char first[32];
} snip_q;

static void snip_q_init(snip_q *q, ixtok *tok, const snip_term *terms, size_t nt)
{
	q->tok = tok;
	q->terms = terms;
	q->nt = nt < SNIP_TERMS_MAX ? nt : SNIP_TERMS_MAX;
	memset(q->first, 0, sizeof q->first);
	for (size_t i = 0; i < q->nt; i++)
		if (terms[i].term && terms[i].len > 0) {
			unsigned char c = (unsigned char)terms[i].term[0];
			q->first[c >> 3] |= (unsigned char)(1u << (c & 7));
		}
}

/* The first term the folded word f[0..fn) matches, or -1. */
static int snip_q_match(const snip_q *q, const char *f, size_t fn)
{
	char stem[IXTOK_TERM_MAX + 8];
	size_t sn = 0;
	int stemmed = 0;
	if (fn == 0)
		return -1;
	unsigned char c0 = (unsigned char)f[0];
	if (!(q->first[c0 >> 3] & (1u << (c0 & 7))))
		return -1;
	for (size_t i = 0; i < q->nt; i++) {
		const char *t = q->terms[i].term;
		size_t tl = q->terms[i].len;
		if (!t || tl == 0 || tl > fn || t[0] != f[0])
			continue;
		if (q->terms[i].prefix) {
			if (memcmp(f, t, tl) == 0)
				return (int)i;
			continue;
		}
		if (fn == tl && memcmp(f, t, tl) == 0)
			return (int)i;
		if (tl <= 2 || memcmp(f, t, tl - 1) != 0 || !ixtok_may_stem_to(f, fn, t, tl))
			continue;
		if (!stemmed) {
			sn = ixtok_stem(q->tok, f, fn, stem, sizeof stem);
			stemmed = 1;
		}
		if (sn == tl && memcmp(stem, t, tl) == 0)
			return (int)i;
	}
	return -1;
}

int snip_match(ixtok *tok, const char *w, size_t n, const snip_term *terms,
	       size_t n_terms)
{
	snip_q q;
	char f[IXTOK_TERM_MAX + 8];
	snip_q_init(&q, tok, terms, n_terms);
	size_t fn = ixtok_fold(w, n, f, sizeof f);
	return snip_q_match(&q, f, fn);
}

/* Copies t[0..n) into b as valid UTF-8: a bad byte becomes U+FFFD, the
 * mark bytes and NUL become spaces. */
static void snip_copy(buf_t *b, const char *t, size_t n)
{
	size_t i = 0, from = 0;
	while (i < n) {
		unsigned char c = (unsigned char)t[i];
		if (c >= 0x80) {
			size_t k = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
				 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
			int ok = k > 0 && i + k <= n;
			for (size_t j = 1; ok && j < k; j++)
				ok = ((unsigned char)t[i + j] & 0xC0) == 0x80;
			if (ok && k >= 3) {
				unsigned char d = (unsigned char)t[i + 1];
				ok = !(c == 0xE0 && d < 0xA0) && !(c == 0xED && d >= 0xA0) &&
				     !(c == 0xF0 && d < 0x90) && !(c == 0xF4 && d >= 0x90);
			}
			if (ok) {
				i += k;
				continue;
			}
			buf_append(b, t + from, i - from);
			buf_puts(b, "\xEF\xBF\xBD");
			from = ++i;
		} else if (c == 0 || c == (unsigned char)SRCH_MARK_OPEN ||
			   c == (unsigned char)SRCH_MARK_CLOSE) {
			buf_append(b, t + from, i - from);
			buf_putc(b, ' ');
			from = ++i;
		} else {
			i++;
		}
	}
	buf_append(b, t + from, n - from);
}

#define SNIP_DENSE 3 /* matches beyond one a term that end the scan */

/* A match inside the current window. */
typedef struct snip_hit {
	size_t word, off;
	int term;
} snip_hit;

/* A window found: the most distinct terms (weighted), then the most
 * matches; its first word's offset, the end of its last match and the
 * words of right context still wanted. */
typedef struct snip_win {
	double score;      /* distinct terms, weighted */
	size_t start, end, right;
} snip_win;

/* The sliding window of SNIP_WORDS words over the matches one tracker
 * counts, and the best window it saw. */
typedef struct snip_track {
	snip_hit dq[SNIP_WORDS];      /* matches in the window, oldest first */
	unsigned cnt[SNIP_TERMS_MAX];
	size_t dh, dn;
	double score, best;
	int have, dense;              /* dense: every term, several times */
	snip_win win;
} snip_track;

/* Match ti of word wi at off (len bytes) joins t's window; ring holds the
 * start offsets of the last SNIP_WORDS words; the window's left context
 * starts at word w0 or later. */
static void snip_track_add(snip_track *t, const snip_term *terms, size_t nt, double full,
			   const size_t *ring, size_t w0, size_t wi, size_t off, size_t len,
			   int ti)
{
	enum { W = SNIP_WORDS };
	double w = terms[ti].weight > 0 ? terms[ti].weight : 1.0;
	while (t->dn > 0 && t->dq[t->dh].word + W <= wi) {
		int k = t->dq[t->dh].term;
		if (--t->cnt[k] == 0)
			t->score -= terms[k].weight > 0 ? terms[k].weight : 1.0;
		t->dh = (t->dh + 1) % W;
		t->dn--;
	}
	/* the window's words are wi - W + 1 .. wi: at most W - 1 matches
	 * are left, one a word */
	t->dq[(t->dh + t->dn++) % W] = (snip_hit){wi, off, ti};
	if (t->cnt[ti]++ == 0)
		t->score += w;
	double cur = t->score + 0.001 * (double)t->dn;
	if (!t->have || cur > t->best + 1e-12) {
		t->have = 1;
		t->best = cur;
		size_t fw = t->dq[t->dh].word, span = wi - fw + 1;
		size_t extra = W - span, left = extra / 2;
		if (left > fw - w0)
			left = fw - w0;
		t->win.score = t->score;
		t->win.start = ring[(fw - left) % W];
		t->win.end = off + len;
		t->win.right = extra - left;
		t->dense = t->score >= full - 1e-9 && t->dn >= nt + SNIP_DENSE;
	}
}

quire_status snip_cut(ixtok *tok, const char *text, size_t n, size_t pref_start,
		      size_t pref_end,
		      const snip_term *terms, size_t n_terms, quire_arena *a,
		      const char **out)
{
	enum { W = SNIP_WORDS };
	snip_q q;
	snip_it it;
	size_t off, len;
	double full = 0;
	size_t b_start = 0, b_end = 0, b_right = W; /* the best window */

	*out = "";
	if (!text || n == 0)
		return QUIRE_OK;
	if (n > SNIP_SCAN_MAX) {
		n = SNIP_SCAN_MAX;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	snip_q_init(&q, tok, terms, n_terms);
	for (size_t i = 0; i < q.nt; i++)
		full += terms[i].weight > 0 ? terms[i].weight : 1.0;

	/* One scan, two windows: the best of the whole text and the best of
	 * the body's matches alone (the title line repeats the title, the
	 * reference list the words of titles); the body's stands unless the
	 * whole text has a window of more distinct terms. */
	if (pref_end > n)
		pref_end = n;
	int body = pref_start > 0 || pref_end < n;
	snip_track tr[2];
	memset(tr, 0, sizeof tr);
	snip_track *all = &tr[0], *in = &tr[1];
	size_t ring[W], word = 0, w0 = (size_t)-1; /* w0: the body's first word */
	snip_it_init(&it, tok, text, 0, n, q.first);
	while (q.nt > 0 && snip_it_next(&it, &off, &len)) {
		size_t wi = word++;
		ring[wi % W] = off;
		if (w0 == (size_t)-1 && off >= pref_start)
			w0 = wi;
		int ti = snip_q_match(&q, it.fold, it.fn);
		if (ti < 0)
			continue;
		snip_track_add(all, terms, q.nt, full, ring, 0, wi, off, len, ti);
		if (body && off >= pref_start && off + len <= pref_end)
			snip_track_add(in, terms, q.nt, full, ring, w0, wi, off, len, ti);
		/* enough: the body's window has every term several times, or
		 * the body is behind (or none is preferred) and the whole
		 * text's has */
		if (in->dense || (all->dense && (!body || off >= pref_end)))
			break;
	}
	int have = all->have;
	snip_win win = all->win;
	if (in->have && in->win.score > all->win.score - 1e-9)
		win = in->win;
	/* the first word of the text: "…" when the snippet starts later */
	size_t first_off = (size_t)-1;
	snip_it_init(&it, tok, text, 0, n, NULL);
	if (snip_it_next(&it, &off, &len))
		first_off = off;
	if (have) {
		b_start = win.start;
		b_end = win.end;
		b_right = win.right;
	}
	if (!have) { /* no match: the first W words */
		if (first_off == (size_t)-1)
			return QUIRE_OK; /* no word at all */
		b_start = first_off;
		b_end = first_off;
		b_right = W;
	}
	/* The right context, and whether anything follows. */
	snip_it_init(&it, tok, text, b_end, n, NULL);
	int more = 0;
	for (size_t k = 0; snip_it_next(&it, &off, &len); k++) {
		if (k == b_right) {
			more = 1;
			break;
		}
		b_end = off + len;
	}

	if (!more) { /* the end of the text: its last punctuation too */
		b_end = n;
		while (b_end > 0 && (unsigned char)text[b_end - 1] <= ' ')
			b_end--;
	}

	/* The copy, with the marks. */
	buf_t b = BUF_INIT;
	if (b_start > first_off)
		buf_puts(&b, "\xE2\x80\xA6");
	snip_it_init(&it, tok, text, b_start, b_end, q.first);
	size_t at = b_start, closed = (size_t)-1;
	while (snip_it_next(&it, &off, &len)) {
		if (q.nt == 0 || snip_q_match(&q, it.fold, it.fn) < 0)
			continue;
		/* words marked one after the other, with only spaces between,
		 * make one mark ("walls keep time") */
		size_t gap = at;
		while (gap < off && text[gap] == ' ')
			gap++;
		if (gap == off && closed == b.len && b.len > 0) {
			b.p[--b.len] = '\0';
			snip_copy(&b, text + at, off - at);
		} else {
			snip_copy(&b, text + at, off - at);
			buf_putc(&b, SRCH_MARK_OPEN);
		}
		snip_copy(&b, text + off, len);
		buf_putc(&b, SRCH_MARK_CLOSE);
		closed = b.len;
		at = off + len;
	}
	snip_copy(&b, text + at, b_end - at);
	if (more)
		buf_puts(&b, "\xE2\x80\xA6");
	const char *s = buf_to_arena(&b, a);
	int failed = buf_failed(&b) || !s;
	buf_free(&b);
	if (failed)
		return QUIRE_ENOMEM;
	*out = s;
	return QUIRE_OK;
}
