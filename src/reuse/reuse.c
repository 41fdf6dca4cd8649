/*
 * reuse.c — normalised words, winnowing, candidates and alignment for
 * reused-passage detection (see reuse.h for the pipeline and the API,
 * docs/REUSE.md for the measurements behind the defaults).
 *
 * Decisions:
 *  - Words are count.h's (count_walk), so "a passage of 8 words" means the
 *    same as quire's word count.  A word's normal form keeps only letters
 *    and digits after NFKD + case folding + mark stripping (utf8proc), so
 *    punctuation, accents and case never hide a copy; ASCII takes a table
 *    path and never calls utf8proc.
 *  - Hashes: an FNV-style multiply over the normal form taken 8 bytes at
 *    a time (a word is one or two steps), then a 64-bit finaliser
 *    (murmur3's fmix64) so that the winnowing minimum is spread evenly; a
 *    k-gram hash mixes the k word hashes in order.  Stable across runs and
 *    machines (the store keeps them): see REUSE_HASH_VERSION.
 *  - Results live in the caller's arena; scratch arrays of the alignment
 *    and of the candidate count (seed tables, hash maps) are malloc'd and
 *    freed before returning, so a long check does not pin them.
 *  - Bounded work: the text is walked twice (count, then fill); the
 *    alignment sorts the source's k-grams once and ignores k-grams found
 *    more than max_seed_hits times; winnowing rescans at most one window
 *    per step (O(n * w)).  Nothing recurses.
 */
#include "reuse.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "count.h"

/* ------------------------------------------------------------------ */
/* Defaults                                                            */
/* ------------------------------------------------------------------ */

reuse_opts reuse_opts_default(void)
{
	reuse_opts o;
	memset(&o, 0, sizeof o);
	o.k = 5;
	o.window = 4;
	o.seed_k = 3;
	o.gap = 12;
	o.join_gap = 64;
	o.min_words = 8;
	o.max_seed_hits = 16;
	o.skip_quotes = 0;
	return o;
}

/* ------------------------------------------------------------------ */
/* Hashing                                                             */
/* ------------------------------------------------------------------ */

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static inline uint64_t fmix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* The k-gram hash of words w[0..k). */
static inline uint64_t kgram_hash(const reuse_word *w, unsigned k)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	for (unsigned i = 0; i < k; i++) {
		h ^= w[i].hash;
		h *= 0xbf58476d1ce4e5b9ULL;
		h = (h << 27) | (h >> 37);
	}
	return fmix64(h);
}

/* ------------------------------------------------------------------ */
/* Normal form of one word                                             */
/* ------------------------------------------------------------------ */

/* Lower-case ASCII letter or digit for b, or 0 when b is dropped. */
static const unsigned char *ascii_fold_table(void)
{
	static const unsigned char t[128] = {
		['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
		['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
		['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
		['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
		['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
		['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
		['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
		['Z'] = 'z',
		['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
		['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
		['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
		['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
		['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
		['z'] = 'z',
	};
	return t;
}

static int is_alnum_cp(int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
	       (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* Emits one byte of the normal form: into the hash, and into buf if any. */
#define EMIT(b)                                                     \
	do {                                                        \
		acc |= (uint64_t)(unsigned char)(b) << (8 * (outn & 7)); \
		if (buf && outn + 1 < size)                         \
			buf[outn] = (char)(b);                      \
		if ((++outn & 7) == 0) {                            \
			h = (h ^ acc) * FNV_PRIME;                  \
			h ^= h >> 29;                               \
			acc = 0;                                    \
		}                                                   \
	} while (0)

/*
 * The normal form of w[0..n): its hash (never 0) into *hash, its bytes into
 * buf (if not NULL, NUL-terminated within size); returns its length.
 */
static size_t normal_form(const unsigned char *w, size_t n, char *buf,
			  size_t size, uint64_t *hash)
{
	const unsigned char *fold = ascii_fold_table();
	uint64_t h = FNV_OFFSET, acc = 0;
	size_t outn = 0;
	for (size_t i = 0; i < n;) {
		unsigned char c = w[i];
		if (c < 128) {
			if (fold[c])
				EMIT(fold[c]);
			i++;
			continue;
		}
		utf8proc_int32_t cp = -1;
		utf8proc_ssize_t k = utf8proc_iterate(w + i, (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0) {
			i++; /* a bad byte: dropped */
			continue;
		}
		i += (size_t)k;
		utf8proc_int32_t dec[32];
		int bound = 0;
		utf8proc_ssize_t nd = utf8proc_decompose_char(
			cp, dec, 32,
			UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
				UTF8PROC_STRIPMARK,
			&bound);
		if (nd <= 0 || nd > 32) {
			dec[0] = cp;
			nd = 1;
		}
		for (utf8proc_ssize_t d = 0; d < nd; d++) {
			if (dec[d] < 128) {
				if (dec[d] >= 0 && fold[dec[d]])
					EMIT(fold[dec[d]]);
				continue;
			}
			if (!is_alnum_cp(dec[d]))
				continue;
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t ne = utf8proc_encode_char(dec[d], enc);
			for (utf8proc_ssize_t e = 0; e < ne; e++)
				EMIT(enc[e]);
		}
	}
	if (buf && size)
		buf[outn < size ? outn : size - 1] = '\0';
	h = fmix64((h ^ acc) * FNV_PRIME ^ outn);
	*hash = h ? h : 1;
	return outn;
}
#undef EMIT

size_t reuse_normal_form(const char *w, size_t n, char *buf, size_t size)
{
	uint64_t h;
	return normal_form((const unsigned char *)w, n, buf, size, &h);
}

/* ------------------------------------------------------------------ */
/* Quotations and skipped ranges                                       */
/* ------------------------------------------------------------------ */

/* A growable array of ranges in malloc'd memory. */
typedef struct rvec {
	reuse_range *r;
	size_t n, cap;
} rvec;

static int rvec_push(rvec *v, size_t off, size_t len)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		reuse_range *r = realloc(v->r, cap * sizeof *r);
		if (!r)
			return -1;
		v->r = r;
		v->cap = cap;
	}
	v->r[v->n].off = off;
	v->r[v->n].len = len;
	v->n++;
	return 0;
}

enum { Q_NONE = 0, Q_ASCII, Q_CURLY, Q_LOW, Q_GUILL };

/*
 * Finds quotations in s[0..n): "…", “…”, „…“ / „…”, «…».  A quotation
 * must close in its paragraph (before a blank line); an unclosed opening
 * mark is forgotten at the paragraph's end, so a stray mark never hides
 * the rest of a text.  Nested marks of another kind are ignored.
 */
static int find_quotes(const unsigned char *s, size_t n, rvec *out)
{
	int open = Q_NONE;
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = s[i];
		if (c == '\n') {
			/* a blank line (only spaces between two newlines) */
			size_t j = i + 1;
			while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
				j++;
			if (j < n && s[j] == '\n')
				open = Q_NONE;
			continue;
		}
		if (c == '"') {
			if (open == Q_NONE) {
				open = Q_ASCII;
				start = i;
			} else if (open == Q_ASCII) {
				if (rvec_push(out, start, i + 1 - start))
					return -1;
				open = Q_NONE;
			}
			continue;
		}
		if (c == 0xE2 && i + 2 < n && s[i + 1] == 0x80) {
			unsigned char d = s[i + 2];
			if (d == 0x9C) { /* “ */
				if (open == Q_NONE) {
					open = Q_CURLY;
					start = i;
				} else if (open == Q_LOW) {
					if (rvec_push(out, start, i + 3 - start))
						return -1;
					open = Q_NONE;
				}
			} else if (d == 0x9D) { /* ” */
				if (open == Q_CURLY || open == Q_LOW) {
					if (rvec_push(out, start, i + 3 - start))
						return -1;
					open = Q_NONE;
				}
			} else if (d == 0x9E) { /* „ */
				if (open == Q_NONE) {
					open = Q_LOW;
					start = i;
				}
			}
			i += 2;
			continue;
		}
		if (c == 0xC2 && i + 1 < n && (s[i + 1] == 0xAB || s[i + 1] == 0xBB)) {
			if (s[i + 1] == 0xAB && open == Q_NONE) { /* « */
				open = Q_GUILL;
				start = i;
			} else if (s[i + 1] == 0xBB && open == Q_GUILL) { /* » */
				if (rvec_push(out, start, i + 2 - start))
					return -1;
				open = Q_NONE;
			}
			i += 1;
		}
	}
	return 0;
}

static int range_cmp(const void *a, const void *b)
{
	const reuse_range *x = a, *y = b;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return (x->len > y->len) - (x->len < y->len);
}

/* The skipped ranges of s[0..n) (quotations if asked, and the caller's),
 * sorted by offset.  Returns non-zero when out of memory. */
static int skips_build(const unsigned char *s, size_t n, const reuse_opts *o,
		       rvec *rv)
{
	if (o->skip_quotes && find_quotes(s, n, rv))
		return -1;
	for (size_t i = 0; i < o->n_skip; i++)
		if (o->skip[i].len && rvec_push(rv, o->skip[i].off, o->skip[i].len))
			return -1;
	if (rv->n > 1)
		qsort(rv->r, rv->n, sizeof *rv->r, range_cmp);
	return 0;
}

/* Non-zero if bytes [off, end) overlap a range of rv; words must be asked
 * in order of offset, *j being the cursor (0 at first). */
static int skip_hit(const rvec *rv, size_t *j, size_t off, size_t end)
{
	/* ranges ending at or before the word are passed for good */
	while (*j < rv->n && rv->r[*j].off + rv->r[*j].len <= off)
		(*j)++;
	for (size_t q = *j; q < rv->n && rv->r[q].off < end; q++)
		if (rv->r[q].off + rv->r[q].len > off)
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Words                                                               */
/* ------------------------------------------------------------------ */

typedef struct fill_ctx {
	const unsigned char *s;
	reuse_word *w;
	size_t n, cap;
	size_t pos, cpos; /* byte position up to which code points were counted */
} fill_ctx;

/* Code points in s[a..b): bytes that are not UTF-8 continuation bytes. */
static inline size_t cps(const unsigned char *s, size_t a, size_t b)
{
	size_t c = 0;
	for (size_t i = a; i < b; i++)
		c += (s[i] & 0xC0) != 0x80;
	return c;
}

static int fill_word(count_span sp, void *vctx)
{
	fill_ctx *c = vctx;
	if (c->n >= c->cap)
		return 1;
	reuse_word *w = &c->w[c->n++];
	c->cpos += cps(c->s, c->pos, sp.start);
	w->off = sp.start;
	w->len = sp.end - sp.start;
	w->coff = c->cpos;
	w->clen = cps(c->s, sp.start, sp.end);
	c->cpos += w->clen;
	c->pos = sp.end;
	w->flags = 0;
	normal_form(c->s + sp.start, w->len, NULL, 0, &w->hash);
	return 0;
}

quire_status reuse_words(const char *text, size_t len, const reuse_opts *opts,
			 quire_arena *a, reuse_text *out, quire_error *err)
{
	reuse_opts def = reuse_opts_default();
	if (!opts)
		opts = &def;
	memset(out, 0, sizeof *out);
	out->text = text;
	out->len = len;
	if (!text)
		len = 0;
	const unsigned char *s = (const unsigned char *)text;
	size_t nw = len ? count_walk(text, len, NULL, NULL) : 0;
	if (nw) {
		out->words = quire_arena_alloc(a, nw * sizeof *out->words);
		if (!out->words)
			return quire_error_set(err, QUIRE_ENOMEM,
					       "out of memory for %zu words", nw);
		fill_ctx c = {s, out->words, 0, nw, 0, 0};
		count_walk(text, len, fill_word, &c);
		out->n_words = c.n;
		out->chars = c.cpos + cps(s, c.pos, len);
	} else {
		out->chars = cps(s, 0, len);
	}
	out->n_counted = out->n_words;

	rvec rv = {NULL, 0, 0};
	if (out->n_words && skips_build(s, len, opts, &rv)) {
		free(rv.r);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory for quotations");
	}
	if (rv.n) {
		size_t j = 0;
		for (size_t i = 0; i < out->n_words; i++) {
			reuse_word *w = &out->words[i];
			if (skip_hit(&rv, &j, w->off, w->off + w->len)) {
				w->flags |= REUSE_SKIPPED;
				out->n_counted--;
			}
		}
	}
	free(rv.r);
	return QUIRE_OK;
}

/* ------------------------------------------------------------------ */
/* k-grams and winnowing                                               */
/* ------------------------------------------------------------------ */

/* Calls back for every run [s, e) of unskipped words. */
static size_t next_run(const reuse_text *t, size_t from, size_t *e)
{
	size_t s = from;
	while (s < t->n_words && (t->words[s].flags & REUSE_SKIPPED))
		s++;
	size_t x = s;
	while (x < t->n_words && !(t->words[x].flags & REUSE_SKIPPED))
		x++;
	*e = x;
	return s;
}

quire_status reuse_kgrams(const reuse_text *t, const reuse_opts *opts,
			  quire_arena *a, reuse_fp **fps, size_t *n,
			  quire_error *err)
{
	unsigned k = opts && opts->k ? opts->k : reuse_opts_default().k;
	*fps = NULL;
	*n = 0;
	size_t total = 0;
	for (size_t s = 0, e; (s = next_run(t, s, &e)) < t->n_words; s = e)
		if (e - s >= k)
			total += e - s - k + 1;
	if (!total)
		return QUIRE_OK;
	reuse_fp *f = quire_arena_alloc(a, total * sizeof *f);
	if (!f)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory for %zu k-grams", total);
	size_t m = 0;
	for (size_t s = 0, e; (s = next_run(t, s, &e)) < t->n_words; s = e)
		for (size_t p = s; p + k <= e; p++) {
			f[m].hash = kgram_hash(&t->words[p], k);
			f[m].pos = (uint32_t)p;
			m++;
		}
	*fps = f;
	*n = m;
	return QUIRE_OK;
}

quire_status reuse_winnow(const reuse_text *t, const reuse_opts *opts,
			  quire_arena *a, reuse_fp **fps, size_t *n,
			  quire_error *err)
{
	reuse_opts def = reuse_opts_default();
	unsigned k = opts && opts->k ? opts->k : def.k;
	unsigned w = opts && opts->window ? opts->window : def.window;
	reuse_opts ko = def;
	ko.k = k;
	reuse_fp *all;
	size_t na;
	quire_status st = reuse_kgrams(t, &ko, a, &all, &na, err);
	*fps = NULL;
	*n = 0;
	if (st != QUIRE_OK || na == 0)
		return st;
	/* Winnow in place: the selected fingerprints are a subsequence of
	 * all[], written from the front, never ahead of the reading point. */
	size_t out = 0;
	size_t r0 = 0;
	while (r0 < na) {
		/* a run of consecutive positions (k-grams of one word run) */
		size_t r1 = r0 + 1;
		while (r1 < na && all[r1].pos == all[r1 - 1].pos + 1)
			r1++;
		size_t m = r1 - r0;
		reuse_fp *h = all + r0;
		if (m <= w) {
			/* shorter than one window: its rightmost minimum */
			size_t best = 0;
			for (size_t i = 1; i < m; i++)
				if (h[i].hash <= h[best].hash)
					best = i;
			all[out++] = h[best];
		} else {
			/* windows [s, s + w) for s = 0 .. m - w, all m - w + 1 of
			 * them (the paper's loop stops one short).  The minimum's
			 * index is kept; a new hash <= the minimum replaces it
			 * (rightmost on ties); a minimum that slides out forces a
			 * rescan of the window, rightmost again. */
			size_t best = 0;
			for (size_t i = 1; i < w; i++)
				if (h[i].hash <= h[best].hash)
					best = i;
			size_t last = (size_t)-1;
			for (size_t s = 0; s + w <= m; s++) {
				size_t right = s + w - 1;
				if (best < s) {
					best = s;
					for (size_t i = s + 1; i <= right; i++)
						if (h[i].hash <= h[best].hash)
							best = i;
				} else if (h[right].hash <= h[best].hash) {
					best = right;
				}
				if (best != last) {
					/* out <= r0 + best: the write never passes
					 * what is still to be read in this window */
					all[out++] = h[best];
					last = best;
				}
			}
		}
		r0 = r1;
	}
	*fps = all;
	*n = out;
	return QUIRE_OK;
}

/* ------------------------------------------------------------------ */
/* Fingerprints in one pass                                            */
/* ------------------------------------------------------------------ */

#define MAX_K 64
#define MAX_W 256

typedef struct stream {
	const unsigned char *s;
	const rvec *rv;
	size_t rj;
	unsigned k, w;
	size_t pos;                /* index of the next word */
	uint64_t words[MAX_K];     /* last k word hashes (ring) */
	size_t nrun;               /* words in the current run */
	reuse_fp win[MAX_W];       /* last w k-grams of the run (ring) */
	size_t t;                  /* k-grams in the current run */
	size_t best, last;         /* run-relative indices; last: (size_t)-1 */
	reuse_fp *out;
	size_t n, cap;
	int oom;
} stream;

static void stream_emit(stream *st, reuse_fp f)
{
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 1024;
		reuse_fp *x = realloc(st->out, cap * sizeof *x);
		if (!x) {
			st->oom = 1;
			return;
		}
		st->out = x;
		st->cap = cap;
	}
	st->out[st->n++] = f;
}

/* Ends the current run: a run shorter than one window gives its minimum. */
static void stream_end_run(stream *st)
{
	if (st->t > 0 && st->t < st->w)
		stream_emit(st, st->win[st->best & (MAX_W - 1)]);
	st->nrun = 0;
	st->t = 0;
	st->last = (size_t)-1;
}

static int stream_word(count_span sp, void *vctx)
{
	stream *st = vctx;
	size_t p = st->pos++;
	if (st->rv->n && skip_hit(st->rv, &st->rj, sp.start, sp.end)) {
		stream_end_run(st);
		return st->oom;
	}
	uint64_t h;
	normal_form(st->s + sp.start, sp.end - sp.start, NULL, 0, &h);
	st->words[st->nrun & (MAX_K - 1)] = h;
	st->nrun++;
	if (st->nrun < st->k)
		return 0;
	/* the k-gram ending here, its words in order from the ring (the same
	 * mixing as kgram_hash()) */
	uint64_t kh = 0x9e3779b97f4a7c15ULL;
	for (size_t i = st->nrun - st->k; i < st->nrun; i++) {
		kh ^= st->words[i & (MAX_K - 1)];
		kh *= 0xbf58476d1ce4e5b9ULL;
		kh = (kh << 27) | (kh >> 37);
	}
	reuse_fp f = {fmix64(kh), (uint32_t)(p + 1 - st->k)};
	const size_t t = st->t++, w = st->w;
#define WIN(i) st->win[(i) & (MAX_W - 1)]
	WIN(t) = f;
	if (t == 0) {
		st->best = 0;
	} else if (t < w) {
		if (f.hash <= WIN(st->best).hash)
			st->best = t;
	} else if (st->best + w <= t) {
		/* the minimum slid out: rescan [t - w + 1, t], rightmost */
		st->best = t - w + 1;
		for (size_t i = t - w + 2; i <= t; i++)
			if (WIN(i).hash <= WIN(st->best).hash)
				st->best = i;
	} else if (f.hash <= WIN(st->best).hash) {
		st->best = t;
	}
	if (t + 1 >= w && st->best != st->last) {
		stream_emit(st, WIN(st->best));
		st->last = st->best;
	}
#undef WIN
	return st->oom;
}

quire_status reuse_fingerprint(const char *text, size_t len,
			       const reuse_opts *opts, quire_arena *a,
			       reuse_fp **fps, size_t *n, quire_error *err)
{
	reuse_opts o = opts ? *opts : reuse_opts_default();
	reuse_opts def = reuse_opts_default();
	if (!o.k)
		o.k = def.k;
	if (!o.window)
		o.window = def.window;
	*fps = NULL;
	*n = 0;
	if (o.k > MAX_K || o.window > MAX_W)
		return quire_error_set(err, QUIRE_EUSAGE,
				       "k-grams of at most %d words, windows of at most %d",
				       MAX_K, MAX_W);
	if (!text || !len)
		return QUIRE_OK;
	rvec rv = {NULL, 0, 0};
	stream *st = calloc(1, sizeof *st);
	if (!st || skips_build((const unsigned char *)text, len, &o, &rv)) {
		free(st);
		free(rv.r);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory for fingerprints");
	}
	st->s = (const unsigned char *)text;
	st->rv = &rv;
	st->k = o.k;
	st->w = o.window;
	st->last = (size_t)-1;
	count_walk(text, len, stream_word, st);
	stream_end_run(st);
	quire_status rc = QUIRE_OK;
	if (st->oom) {
		rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory for fingerprints");
	} else if (st->n) {
		*fps = quire_arena_alloc(a, st->n * sizeof **fps);
		if (!*fps) {
			rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory for fingerprints");
		} else {
			memcpy(*fps, st->out, st->n * sizeof **fps);
			*n = st->n;
		}
	}
	free(st->out);
	free(st);
	free(rv.r);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Candidates                                                          */
/* ------------------------------------------------------------------ */

typedef struct cand_slot {
	int64_t source;
	size_t shared;
	size_t last; /* index+1 of the last fingerprint counted for it */
	int used;
} cand_slot;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

static int cmp_cand(const void *a, const void *b)
{
	const reuse_candidate *x = a, *y = b;
	if (x->shared != y->shared)
		return x->shared > y->shared ? -1 : 1;
	return (x->source > y->source) - (x->source < y->source);
}

static inline size_t slot_of(int64_t src, size_t mask)
{
	return (size_t)fmix64((uint64_t)src) & mask;
}

quire_status reuse_candidates(const reuse_fp *fps, size_t n,
			      reuse_lookup_fn lookup, void *ctx,
			      size_t min_shared, size_t max, int64_t exclude,
			      quire_arena *a, reuse_candidate **out,
			      size_t *n_out, quire_error *err)
{
	*out = NULL;
	*n_out = 0;
	if (!n)
		return QUIRE_OK;
	if (!min_shared)
		min_shared = 1;
	uint64_t *hs = malloc(n * sizeof *hs);
	size_t cap = 64, used = 0;
	cand_slot *tab = calloc(cap, sizeof *tab);
	if (!hs || !tab) {
		free(hs);
		free(tab);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory for candidates");
	}
	for (size_t i = 0; i < n; i++)
		hs[i] = fps[i].hash;
	qsort(hs, n, sizeof *hs, cmp_u64);
	quire_status st = QUIRE_OK;
	for (size_t i = 0; i < n && st == QUIRE_OK; i++) {
		if (i && hs[i] == hs[i - 1])
			continue;
		const reuse_hit *hits = NULL;
		size_t nh = 0;
		if (lookup(ctx, hs[i], &hits, &nh)) {
			st = quire_error_set(err, QUIRE_ESTORE, "the fingerprint index failed");
			break;
		}
		for (size_t j = 0; j < nh; j++) {
			int64_t src = hits[j].source;
			if (src == exclude)
				continue;
			if ((used + 1) * 2 > cap) {
				size_t ncap = cap * 2;
				cand_slot *nt = calloc(ncap, sizeof *nt);
				if (!nt) {
					st = quire_error_set(err, QUIRE_ENOMEM,
							     "out of memory for candidates");
					break;
				}
				for (size_t q = 0; q < cap; q++) {
					if (!tab[q].used)
						continue;
					size_t p = slot_of(tab[q].source, ncap - 1);
					while (nt[p].used)
						p = (p + 1) & (ncap - 1);
					nt[p] = tab[q];
				}
				free(tab);
				tab = nt;
				cap = ncap;
			}
			size_t p = slot_of(src, cap - 1);
			while (tab[p].used && tab[p].source != src)
				p = (p + 1) & (cap - 1);
			if (!tab[p].used) {
				tab[p].used = 1;
				tab[p].source = src;
				used++;
			}
			if (tab[p].last != i + 1) {
				tab[p].last = i + 1;
				tab[p].shared++;
			}
		}
	}
	free(hs);
	if (st != QUIRE_OK) {
		free(tab);
		return st;
	}
	size_t m = 0;
	for (size_t q = 0; q < cap; q++)
		m += tab[q].used && tab[q].shared >= min_shared;
	if (m) {
		reuse_candidate *c = quire_arena_alloc(a, m * sizeof *c);
		if (!c) {
			free(tab);
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory for candidates");
		}
		size_t x = 0;
		for (size_t q = 0; q < cap; q++)
			if (tab[q].used && tab[q].shared >= min_shared) {
				c[x].source = tab[q].source;
				c[x].shared = tab[q].shared;
				x++;
			}
		qsort(c, m, sizeof *c, cmp_cand);
		if (max && m > max)
			m = max;
		*out = c;
		*n_out = m;
	}
	free(tab);
	return QUIRE_OK;
}

/* ------------------------------------------------------------------ */
/* Alignment                                                           */
/* ------------------------------------------------------------------ */

/* A passage being built: word ranges [ts, te) and [ss, se). */
typedef struct cluster {
	size_t ts, te, ss, se;
	size_t matched;  /* text words inside seeds */
	size_t cov_end;  /* end of the seed coverage counted so far */
} cluster;

typedef struct cvec {
	cluster *c;
	size_t n, cap;
} cvec;

static int cvec_push(cvec *v, const cluster *c)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		cluster *x = realloc(v->c, cap * sizeof *x);
		if (!x)
			return -1;
		v->c = x;
		v->cap = cap;
	}
	v->c[v->n++] = *c;
	return 0;
}

static int cmp_fp(const void *a, const void *b)
{
	const reuse_fp *x = a, *y = b;
	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return (x->pos > y->pos) - (x->pos < y->pos);
}

static int cmp_cluster_ts(const void *a, const void *b)
{
	const cluster *x = a, *y = b;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return (x->te < y->te) - (x->te > y->te);
}

/* Words equal: same hash, neither skipped. */
static inline int same_word(const reuse_word *x, const reuse_word *y)
{
	return x->hash == y->hash && !(x->flags & REUSE_SKIPPED) &&
	       !(y->flags & REUSE_SKIPPED);
}

/* Skipped words of t in [a, b). */
static inline size_t skipped_in(const size_t *skc, size_t a, size_t b)
{
	return b > a ? skc[b] - skc[a] : 0;
}

#define MAX_ACTIVE 256

/*
 * A passage is kept when it has at least min_words words in both texts,
 * at least min_words of them inside seeds or exact extensions, and at
 * least half of its words so (a few common phrases a gap apart are not a
 * passage; a passage with 30 % of its words changed still is).
 */
static int keep_cluster(const cluster *cl, unsigned min_words)
{
	size_t nt = cl->te - cl->ts, ns = cl->se - cl->ss;
	size_t mt = cl->matched < nt ? cl->matched : nt;
	return nt >= min_words && ns >= min_words && mt >= min_words &&
	       2 * mt >= nt && 2 * mt >= ns;
}

quire_status reuse_align(const reuse_text *text, const reuse_text *src,
			 const reuse_opts *opts, quire_arena *a,
			 reuse_match *out, quire_error *err)
{
	reuse_opts o = opts ? *opts : reuse_opts_default();
	reuse_opts def = reuse_opts_default();
	if (!o.seed_k)
		o.seed_k = def.seed_k;
	if (!o.max_seed_hits)
		o.max_seed_hits = def.max_seed_hits;
	memset(out, 0, sizeof *out);
	const size_t n = text->n_words, m = src->n_words;
	const unsigned k = o.seed_k;
	if (n < k || m < k)
		return QUIRE_OK;

	quire_status st = QUIRE_OK;
	reuse_fp *sk = NULL;
	size_t *skc = NULL, *sskc = NULL;
	cvec done = {NULL, 0, 0};
	cluster *act = NULL;

	/* The source's k-grams sorted by hash: the seed table. */
	size_t nsk = 0;
	sk = malloc((m - k + 1) * sizeof *sk);
	skc = malloc((n + 1) * sizeof *skc);
	sskc = malloc((m + 1) * sizeof *sskc);
	act = malloc(MAX_ACTIVE * sizeof *act);
	if (!sk || !skc || !sskc || !act)
		goto nomem;
	skc[0] = 0;
	for (size_t i = 0; i < n; i++)
		skc[i + 1] = skc[i] + !!(text->words[i].flags & REUSE_SKIPPED);
	sskc[0] = 0;
	for (size_t j = 0; j < m; j++)
		sskc[j + 1] = sskc[j] + !!(src->words[j].flags & REUSE_SKIPPED);
	for (size_t j = 0; j + k <= m; j++) {
		if (skipped_in(sskc, j, j + k))
			continue;
		sk[nsk].hash = kgram_hash(&src->words[j], k);
		sk[nsk].pos = (uint32_t)j;
		nsk++;
	}
	if (nsk > 1)
		qsort(sk, nsk, sizeof *sk, cmp_fp);

	/* Seeds in order of text position, clustered on the fly. */
	size_t nact = 0;
	const size_t gap = o.gap;
	for (size_t i = 0; i + k <= n; i++) {
		/* close clusters no later seed can reach */
		for (size_t c = 0; c < nact;) {
			if (act[c].te + gap < i) {
				if (cvec_push(&done, &act[c]))
					goto nomem;
				act[c] = act[--nact];
			} else {
				c++;
			}
		}
		if (skipped_in(skc, i, i + k))
			continue;
		uint64_t h = kgram_hash(&text->words[i], k);
		/* first entry with this hash */
		size_t lo = 0, hi = nsk;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (sk[mid].hash < h)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t e = lo;
		while (e < nsk && sk[e].hash == h)
			e++;
		if (e == lo || e - lo > o.max_seed_hits)
			continue;
		for (size_t q = lo; q < e; q++) {
			size_t j = sk[q].pos;
			int ok = 1;
			for (unsigned x = 0; x < k && ok; x++)
				ok = text->words[i + x].hash == src->words[j + x].hash;
			if (!ok)
				continue;
			/* the nearest active cluster within the gap */
			size_t best = (size_t)-1, bestd = (size_t)-1;
			for (size_t c = 0; c < nact; c++) {
				const cluster *cl = &act[c];
				size_t dt = i > cl->te ? i - cl->te : 0;
				size_t ds;
				if (j >= cl->se)
					ds = j - cl->se;
				else if (j + k <= cl->ss)
					ds = cl->ss - (j + k);
				else
					ds = 0;
				if (ds > gap || dt > gap)
					continue;
				if (skipped_in(skc, cl->te, i) ||
				    (j >= cl->se && skipped_in(sskc, cl->se, j)) ||
				    (j + k <= cl->ss && skipped_in(sskc, j + k, cl->ss)))
					continue;
				size_t d = dt + ds;
				if (d < bestd) {
					bestd = d;
					best = c;
				}
			}
			cluster *cl;
			if (best != (size_t)-1) {
				cl = &act[best];
			} else {
				if (nact == MAX_ACTIVE) {
					/* retire the cluster that ended first */
					size_t old = 0;
					for (size_t c = 1; c < nact; c++)
						if (act[c].te < act[old].te)
							old = c;
					if (cvec_push(&done, &act[old]))
						goto nomem;
					act[old] = act[--nact];
				}
				cl = &act[nact++];
				cl->ts = i;
				cl->te = i;
				cl->ss = j;
				cl->se = j;
				cl->matched = 0;
				cl->cov_end = i;
			}
			if (i + k > cl->cov_end) {
				cl->matched += i + k - (i > cl->cov_end ? i : cl->cov_end);
				cl->cov_end = i + k;
			}
			if (i + k > cl->te)
				cl->te = i + k;
			if (j < cl->ss)
				cl->ss = j;
			if (j + k > cl->se)
				cl->se = j + k;
		}
	}
	for (size_t c = 0; c < nact; c++)
		if (cvec_push(&done, &act[c]))
			goto nomem;

	/* Exact extension word by word, at both ends. */
	for (size_t c = 0; c < done.n; c++) {
		cluster *cl = &done.c[c];
		while (cl->ts > 0 && cl->ss > 0 &&
		       same_word(&text->words[cl->ts - 1], &src->words[cl->ss - 1])) {
			cl->ts--;
			cl->ss--;
			cl->matched++;
		}
		while (cl->te < n && cl->se < m &&
		       same_word(&text->words[cl->te], &src->words[cl->se])) {
			cl->te++;
			cl->se++;
			cl->matched++;
		}
	}

	/* Fragments (seeds joined across at most gap words) with fewer than
	 * min_words matched words are dropped: on their own they would not be
	 * kept, and left in they let common phrases glue a passage to its
	 * surroundings.  The others are joined across at most join_gap words
	 * in both texts (a reworded stretch, a shuffled window); overlaps in
	 * the text are then settled: the passage with more matched words
	 * keeps the words. */
	size_t nf = 0;
	for (size_t c = 0; c < done.n; c++)
		if (done.c[c].matched >= o.min_words)
			done.c[nf++] = done.c[c];
	done.n = nf;
	if (done.n > 1)
		qsort(done.c, done.n, sizeof *done.c, cmp_cluster_ts);
	size_t kept = 0;
	const size_t jgap = o.join_gap > gap ? o.join_gap : gap;
	for (size_t c = 0; c < done.n; c++) {
		cluster cur = done.c[c];
		if (kept) {
			cluster *p = &done.c[kept - 1];
			size_t dt = cur.ts > p->te ? cur.ts - p->te : 0;
			size_t ds = cur.ss >= p->se ? cur.ss - p->se
				  : cur.se <= p->ss ? p->ss - cur.se : 0;
			if (dt <= jgap && ds <= jgap && !skipped_in(skc, p->te, cur.ts)) {
				size_t ov = cur.ts < p->te ? (p->te < cur.te ? p->te : cur.te) - cur.ts : 0;
				p->matched += cur.matched > ov ? cur.matched - ov : 0;
				if (cur.te > p->te)
					p->te = cur.te;
				if (cur.ss < p->ss)
					p->ss = cur.ss;
				if (cur.se > p->se)
					p->se = cur.se;
				continue;
			}
			if (cur.ts < p->te) {
				/* overlapping in the text, far apart in the source */
				if (cur.matched > p->matched) {
					if (p->ts < cur.ts && cur.ts - p->ts >= o.min_words) {
						p->te = cur.ts; /* keep p's head */
						p->matched = p->matched < p->te - p->ts ? p->matched : p->te - p->ts;
						done.c[kept++] = cur;
					} else {
						*p = cur;
					}
				} else if (cur.te > p->te && cur.te - p->te >= o.min_words) {
					cur.ts = p->te; /* keep cur's tail */
					cur.matched = cur.matched < cur.te - cur.ts ? cur.matched : cur.te - cur.ts;
					done.c[kept++] = cur;
				}
				continue;
			}
		}
		done.c[kept++] = cur;
	}

	/* Trimming can put a passage's start past the next one's: sort again
	 * and clip, so passages never overlap in the checked text. */
	if (kept > 1)
		qsort(done.c, kept, sizeof *done.c, cmp_cluster_ts);
	size_t kept2 = 0;
	for (size_t c = 0; c < kept; c++) {
		cluster cur = done.c[c];
		if (kept2 && cur.ts < done.c[kept2 - 1].te) {
			if (cur.te <= done.c[kept2 - 1].te)
				continue;
			cur.ts = done.c[kept2 - 1].te;
			if (cur.matched > cur.te - cur.ts)
				cur.matched = cur.te - cur.ts;
		}
		done.c[kept2++] = cur;
	}
	kept = kept2;

	/* Passages of at least min_words words. */
	size_t np = 0;
	for (size_t c = 0; c < kept; c++)
		np += keep_cluster(&done.c[c], o.min_words);
	if (np) {
		reuse_passage *ps = quire_arena_alloc(a, np * sizeof *ps);
		if (!ps)
			goto nomem;
		size_t x = 0;
		for (size_t c = 0; c < kept; c++) {
			const cluster *cl = &done.c[c];
			if (!keep_cluster(cl, o.min_words))
				continue;
			reuse_passage *p = &ps[x++];
			const reuse_word *t0 = &text->words[cl->ts], *t1 = &text->words[cl->te - 1];
			const reuse_word *s0 = &src->words[cl->ss], *s1 = &src->words[cl->se - 1];
			p->word = cl->ts;
			p->n_words = cl->te - cl->ts;
			p->src_word = cl->ss;
			p->src_n_words = cl->se - cl->ss;
			p->off = t0->off;
			p->len = t1->off + t1->len - t0->off;
			p->coff = t0->coff;
			p->clen = t1->coff + t1->clen - t0->coff;
			p->src_off = s0->off;
			p->src_len = s1->off + s1->len - s0->off;
			p->src_coff = s0->coff;
			p->src_clen = s1->coff + s1->clen - s0->coff;
			p->matched = cl->matched < p->n_words ? cl->matched : p->n_words;
			out->covered += p->n_words - skipped_in(skc, cl->ts, cl->te);
		}
		out->passages = ps;
		out->n_passages = np;
		out->share = text->n_counted ? (double)out->covered / (double)text->n_counted : 0.0;
	}
	goto end;
nomem:
	st = quire_error_set(err, QUIRE_ENOMEM, "out of memory while aligning");
	memset(out, 0, sizeof *out);
end:
	free(sk);
	free(skc);
	free(sskc);
	free(act);
	free(done.c);
	return st;
}

size_t reuse_mark(const reuse_text *text, const reuse_passage *p, size_t n,
		  unsigned char *mark)
{
	size_t added = 0;
	for (size_t i = 0; i < n; i++) {
		size_t e = p[i].word + p[i].n_words;
		if (e > text->n_words)
			e = text->n_words;
		for (size_t w = p[i].word; w < e; w++)
			if (!mark[w] && !(text->words[w].flags & REUSE_SKIPPED)) {
				mark[w] = 1;
				added++;
			}
	}
	return added;
}
