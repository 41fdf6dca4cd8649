/*
 * furn.c — page furniture: running headers and footers, page numbers.
 *
 * Two situations, one idea: furniture stands at a page edge.
 *
 * With page breaks (ln_t.page > 0), a page's edges are its first two and
 * last two non-blank lines.  A line there is furniture when
 *   - it is a page number (page_number() below): bare numbers must not look
 *     like a year unless their offset from the page index agrees with the
 *     other page numbers' (a bibliography can end a page with "1998");
 *   - or its key (lower-cased, digit runs as '#', spaces dropped) stands at
 *     an edge of at least half the pages with text, and of at least 3 of
 *     them (2 when the document has only 2 or 3 pages).
 *
 * Without page breaks the page edges have to be found.  Page numbers are
 * the anchors: a bare number ("7", "vii", "[7]") counts only when another
 * one nearby continues its sequence (value 1 or 2 apart, 10 to 200 lines
 * away), which rules out a lone list number, an equation number or a year;
 * an explicit one ("Page 3 of 7", "- 3 -", "3 / 7") counts when a blank line
 * or the text's edge is next to it, or it has such a partner.  Around each
 * anchor (two non-blank lines either side, within four lines) a line whose
 * key recurs around at least half the anchors is a running header/footer.
 * A header that carries its own number ("SOVIET STUDIES 7") needs no
 * anchor: a short line whose key has a '#', recurring at least 3 times, at
 * least 15 lines apart, over at least 30% of the text, with its number
 * going up, is furniture — unless it opens like a caption or a heading
 * ("Table 3", "Chapter 4").
 *
 * Real text that merely repeats (a refrain, "* * *") is left alone because
 * nothing above marks a line away from a page edge.
 *
 * Title: when the first non-blank line was marked only for repeating (the
 * running header is the paper's title), it is kept as the title.  When the
 * first two non-blank, non-furniture lines are the same but for case and
 * spaces, the second gets dup_title.
 *
 * Keys are 64-bit FNV-1a hashes; a collision would need two different
 * edge lines with equal hashes, which is negligible.  All work is linear
 * (hash tables in the arena); when the arena is exhausted only the steps
 * that need no table are done.
 */
#include "furn.h"

#include <string.h>

enum { PN_NONE, PN_BARE, PN_ROMAN, PN_BRACKET, PN_EXPLICIT };

/* ------------------------------------------------------------------ */
/* Recognising page numbers                                            */
/* ------------------------------------------------------------------ */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

/* Reads up to 5 digits at s[*i]; returns the value or -1. */
static long digits(const char *s, size_t n, size_t *i)
{
	size_t k = *i;
	long v = 0;
	while (k < n && is_digit(s[k]) && k - *i < 5)
		v = v * 10 + (s[k++] - '0');
	if (k == *i || (k < n && is_digit(s[k])))
		return -1;
	*i = k;
	return v;
}

static void skip_spaces(const char *s, size_t n, size_t *i)
{
	while (*i < n && s[*i] == ' ')
		(*i)++;
}

/* Length of a dash at s[i] ('-', en dash, em dash), or 0. */
static size_t dash_at(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '-')
		return 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94))
		return 3;
	return 0;
}

/* Value of a lower-case roman numeral ("vii"), or -1. */
static long roman(const char *s, size_t n)
{
	static const char *const ones[] = {"", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"};
	static const char *const tens[] = {"", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc"};
	if (n == 0 || n > 8)
		return -1;
	for (int t = 0; t < 10; t++) {
		size_t tl = strlen(tens[t]);
		if (tl > n || memcmp(s, tens[t], tl) != 0)
			continue;
		for (int o = 0; o < 10; o++) {
			size_t ol = strlen(ones[o]);
			if (tl + ol == n && !memcmp(s + tl, ones[o], ol) && t + o > 0)
				return t * 10 + o;
		}
	}
	return -1;
}

/* What kind of page number s[0..n) is, with its value in *val. */
static int page_number(const char *s, size_t n, long *val)
{
	size_t i = 0;
	*val = -1;
	if (n == 0 || n > 24)
		return PN_NONE;
	/* "Page 7", "page 7 of 12", "Pg. 7", "p. 7" */
	static const char *const words[] = {"page ", "pg. ", "pg ", "p. "};
	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		size_t wl = strlen(words[w]), k;
		if (wl >= n)
			continue;
		for (k = 0; k < wl && lower(s[k]) == words[w][k]; k++)
			;
		if (k == wl) {
			i = wl;
			skip_spaces(s, n, &i);
			long v = digits(s, n, &i);
			if (v < 0)
				return PN_NONE;
			*val = v;
			skip_spaces(s, n, &i);
			if (i == n)
				return PN_EXPLICIT;
			if (i + 2 < n && lower(s[i]) == 'o' && lower(s[i + 1]) == 'f' && s[i + 2] == ' ') {
				i += 3;
				skip_spaces(s, n, &i);
				if (digits(s, n, &i) >= 0 && i == n)
					return PN_EXPLICIT;
			}
			return PN_NONE;
		}
	}
	/* "[7]" */
	if (s[0] == '[' && s[n - 1] == ']') {
		i = 1;
		long v = digits(s, n - 1, &i);
		if (v >= 0 && i == n - 1) {
			*val = v;
			return PN_BRACKET;
		}
		return PN_NONE;
	}
	/* "- 7 -", "— 7 —" */
	size_t d = dash_at(s, n, 0);
	if (d) {
		i = d;
		skip_spaces(s, n, &i);
		long v = digits(s, n, &i);
		skip_spaces(s, n, &i);
		size_t d2 = dash_at(s, n, i);
		if (v >= 0 && d2 && i + d2 == n) {
			*val = v;
			return PN_EXPLICIT;
		}
		return PN_NONE;
	}
	/* "7", "7 / 12", "7 of 12" */
	if (is_digit(s[0])) {
		long v = digits(s, n, &i);
		if (v < 0)
			return PN_NONE;
		*val = v;
		if (i == n)
			return PN_BARE;
		skip_spaces(s, n, &i);
		if (i < n && s[i] == '/')
			i++;
		else if (i + 2 < n && s[i] == 'o' && s[i + 1] == 'f' && s[i + 2] == ' ')
			i += 2;
		else
			return PN_NONE;
		skip_spaces(s, n, &i);
		long m = digits(s, n, &i);
		return m >= v && i == n ? PN_EXPLICIT : PN_NONE;
	}
	long r = roman(s, n);
	if (r > 0) {
		*val = r;
		return PN_ROMAN;
	}
	return PN_NONE;
}

/* ------------------------------------------------------------------ */
/* Keys and a small hash table                                         */
/* ------------------------------------------------------------------ */

/* The key of a line: FNV-1a over its bytes lower-cased, spaces dropped,
 * each run of digits as one '#'.  *has_num is set when it had digits. */
static uint64_t line_key(const char *s, size_t n, int *has_num)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);
	int num = 0, in_digits = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ')
			continue;
		if (is_digit(c)) {
			num = 1;
			if (in_digits)
				continue;
			in_digits = 1;
			c = '#';
		} else {
			in_digits = 0;
			c = lower(c);
		}
		h ^= (unsigned char)c;
		h *= UINT64_C(0x100000001b3);
	}
	if (has_num)
		*has_num = num;
	return h ? h : 1;
}

typedef struct kent {
	uint64_t key;     /* 0: empty */
	unsigned count;   /* pages / anchors / occurrences */
	unsigned last;    /* last page or anchor counted */
	size_t last_line; /* line of the last occurrence */
	size_t first_line;
	size_t min_gap;
	long last_val;
	unsigned incr;    /* times the number went up by 1..3 */
} kent;

typedef struct ktab {
	kent *v;
	size_t mask;
} ktab;

static int ktab_init(ktab *t, quire_arena *a, size_t want)
{
	size_t cap = 64;
	while (cap < want * 2)
		cap *= 2;
	t->v = quire_arena_alloc(a, cap * sizeof *t->v);
	if (!t->v)
		return -1;
	memset(t->v, 0, cap * sizeof *t->v);
	t->mask = cap - 1;
	return 0;
}

/* The entry of key, created if absent (the table never fills: it has
 * twice as many slots as keys are ever put in). */
static kent *ktab_get(ktab *t, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 29)) & t->mask;
	while (t->v[i].key && t->v[i].key != key)
		i = (i + 1) & t->mask;
	t->v[i].key = key;
	return &t->v[i];
}

static const kent *ktab_find(const ktab *t, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 29)) & t->mask;
	while (t->v[i].key) {
		if (t->v[i].key == key)
			return &t->v[i];
		i = (i + 1) & t->mask;
	}
	return NULL;
}

/* How many of n pages (or anchors) a key must be at to be furniture. */
static unsigned need_of(size_t n)
{
	if (n < 2)
		return (unsigned)-1;
	if (n <= 3)
		return 2;
	size_t half = (n + 1) / 2;
	return (unsigned)(half < 3 ? 3 : half);
}

/* ------------------------------------------------------------------ */
/* With page breaks                                                    */
/* ------------------------------------------------------------------ */

/* The edge lines (first two, last two non-blank) of lines [b, e); returns
 * how many went to idx (distinct, in order). */
static size_t page_edges(const lines_t *L, size_t b, size_t e, size_t idx[4])
{
	size_t k = 0, head = 0;
	for (size_t i = b; i < e && head < 2; i++)
		if (!L->v[i].blank) {
			idx[k++] = i;
			head++;
		}
	size_t tail[2], nt = 0;
	for (size_t i = e; i > b && nt < 2; i--)
		if (!L->v[i - 1].blank)
			tail[nt++] = i - 1;
	for (size_t t = nt; t > 0; t--) {
		size_t x = tail[t - 1];
		if (k == 0 || x > idx[k - 1])
			idx[k++] = x;
	}
	return k;
}

static size_t page_end(const lines_t *L, size_t b)
{
	size_t e = b + 1;
	while (e < L->n && L->v[e].page == L->v[b].page)
		e++;
	return e;
}

static int year_like(long v) { return v >= 1000 && v <= 2100; }

static void mark_paged(lines_t *L)
{
	size_t pages = 0, edges = 0;
	/* the modal offset of bare page numbers from the page index */
	long off_mode = 0;
	unsigned off_count = 0;
	{
		long cand = 0;
		unsigned votes = 0;
		for (size_t b = 0; b < L->n; b = page_end(L, b)) {
			size_t idx[4], k = page_edges(L, b, page_end(L, b), idx);
			if (k) {
				pages++;
				edges += k;
			}
			for (size_t j = 0; j < k; j++) {
				long v;
				if (page_number(L->v[idx[j]].s, L->v[idx[j]].n, &v) != PN_BARE)
					continue;
				long off = v - (long)L->v[idx[j]].page;
				/* Boyer–Moore majority vote, then a count */
				if (votes == 0) {
					cand = off;
					votes = 1;
				} else {
					votes += cand == off ? 1u : (unsigned)-1;
				}
			}
		}
		for (size_t b = 0; b < L->n; b = page_end(L, b)) {
			size_t idx[4], k = page_edges(L, b, page_end(L, b), idx);
			for (size_t j = 0; j < k; j++) {
				long v;
				if (page_number(L->v[idx[j]].s, L->v[idx[j]].n, &v) == PN_BARE &&
				    v - (long)L->v[idx[j]].page == cand)
					off_count++;
			}
		}
		off_mode = cand;
	}

	ktab t = {NULL, 0};
	int have = ktab_init(&t, L->a, edges + 1) == 0;
	if (have) {
		for (size_t b = 0; b < L->n; b = page_end(L, b)) {
			size_t idx[4], k = page_edges(L, b, page_end(L, b), idx);
			for (size_t j = 0; j < k; j++) {
				const ln_t *l = &L->v[idx[j]];
				kent *e = ktab_get(&t, line_key(l->s, l->n, NULL));
				if (e->count == 0 || e->last != l->page) {
					e->count++;
					e->last = l->page;
				}
			}
		}
	}
	unsigned need = need_of(pages);
	for (size_t b = 0; b < L->n; b = page_end(L, b)) {
		size_t idx[4], k = page_edges(L, b, page_end(L, b), idx);
		for (size_t j = 0; j < k; j++) {
			ln_t *l = &L->v[idx[j]];
			long v;
			int pn = page_number(l->s, l->n, &v);
			if (pn == PN_EXPLICIT || pn == PN_BRACKET || pn == PN_ROMAN ||
			    (pn == PN_BARE && (!year_like(v) ||
					       (off_count >= 2 && v - (long)l->page == off_mode)))) {
				l->furniture = 1;
				continue;
			}
			if (pn != PN_NONE)
				continue; /* a number that is not this page's */
			if (have) {
				const kent *e = ktab_find(&t, line_key(l->s, l->n, NULL));
				if (e && e->count >= need)
					l->furniture = 1;
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* Without page breaks                                                 */
/* ------------------------------------------------------------------ */

static int blank_at(const lines_t *L, size_t i, int dir)
{
	if (dir < 0)
		return i == 0 || L->v[i - 1].blank;
	return i + 1 >= L->n || L->v[i + 1].blank;
}

/* Opens like a caption, a heading or a numbered statement. */
static int captionish(const char *s, size_t n)
{
	static const char *const w[] = {
		"table", "figure", "fig", "chapter", "section", "part", "appendix",
		"exhibit", "plate", "map", "box", "note", "step", "lemma", "theorem",
		"definition", "example", "proposition", "corollary", "equation",
		"book", "act", "scene", "volume", "vol", "article", "art",
	};
	for (size_t k = 0; k < sizeof w / sizeof *w; k++) {
		size_t wl = strlen(w[k]), i;
		if (wl >= n)
			continue;
		for (i = 0; i < wl && lower(s[i]) == w[k][i]; i++)
			;
		if (i == wl && (s[i] == ' ' || s[i] == '.'))
			return 1;
	}
	return 0;
}

/* The first number of s, or -1. */
static long first_number(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (is_digit(s[i])) {
			long v = 0;
			for (size_t k = i; k < n && is_digit(s[k]) && k - i < 6; k++)
				v = v * 10 + (s[k] - '0');
			return v;
		}
	return -1;
}

/* Letters in s (any non-ASCII byte counts as one). */
static size_t letters(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (((c | 32) >= 'a' && (c | 32) <= 'z') || c >= 0xC0)
			k++; /* an ASCII letter, or the lead byte of a non-ASCII one */
	}
	return k;
}

typedef struct cand {
	size_t line;
	long val;
	int kind;
	int ok;
} cand;

/* Same family of page numbers: arabic with arabic, roman with roman. */
static int same_family(int a, int b)
{
	return (a == PN_ROMAN) == (b == PN_ROMAN);
}

static void mark_unpaged(lines_t *L)
{
	quire_arena *a = L->a;
	size_t nc = 0;
	for (size_t i = 0; i < L->n; i++) {
		long v;
		if (!L->v[i].blank && L->v[i].n <= 24 && page_number(L->v[i].s, L->v[i].n, &v))
			nc++;
	}
	cand *c = nc ? quire_arena_alloc(a, nc * sizeof *c) : NULL;
	size_t anchors = 0;
	if (c) {
		nc = 0;
		for (size_t i = 0; i < L->n; i++) {
			long v;
			int k;
			if (!L->v[i].blank && L->v[i].n <= 24 &&
			    (k = page_number(L->v[i].s, L->v[i].n, &v)) != PN_NONE) {
				c[nc].line = i;
				c[nc].val = v;
				c[nc].kind = k;
				c[nc].ok = 0;
				nc++;
			}
		}
		for (size_t k = 0; k < nc; k++) {
			int partner = 0;
			for (size_t d = 1; d <= 3 && !partner; d++) {
				if (k >= d) {
					const cand *p = &c[k - d];
					size_t gap = c[k].line - p->line;
					long dv = c[k].val - p->val;
					partner = same_family(p->kind, c[k].kind) && dv >= 1 &&
						  dv <= 2 && gap >= 10 && gap <= 200;
				}
				if (!partner && k + d < nc) {
					const cand *q = &c[k + d];
					size_t gap = q->line - c[k].line;
					long dv = q->val - c[k].val;
					partner = same_family(q->kind, c[k].kind) && dv >= 1 &&
						  dv <= 2 && gap >= 10 && gap <= 200;
				}
			}
			size_t i = c[k].line;
			int alone = blank_at(L, i, -1) || blank_at(L, i, +1);
			c[k].ok = partner || (c[k].kind == PN_EXPLICIT && alone);
			if (c[k].ok) {
				L->v[i].furniture = 1;
				anchors++;
			}
		}
	}

	/* Running headers/footers around the anchors. */
	ktab t = {NULL, 0};
	if (anchors >= 2 && ktab_init(&t, a, anchors * 4 + 1) == 0) {
		for (int pass = 0; pass < 2; pass++) {
			unsigned need = need_of(anchors), aid = 0;
			for (size_t k = 0; k < nc; k++) {
				if (!c[k].ok)
					continue;
				aid++;
				size_t i = c[k].line;
				for (int dir = -1; dir <= 1; dir += 2) {
					size_t got = 0;
					for (size_t d = 1; d <= 4 && got < 2; d++) {
						if (dir < 0 ? d > i : i + d >= L->n)
							break;
						ln_t *l = &L->v[dir < 0 ? i - d : i + d];
						if (l->blank || l->furniture == 1)
							continue;
						got++;
						if (l->n > 120)
							continue;
						uint64_t key = line_key(l->s, l->n, NULL);
						if (pass == 0) {
							kent *e = ktab_get(&t, key);
							if (e->count == 0 || e->last != aid) {
								e->count++;
								e->last = aid;
							}
						} else {
							const kent *e = ktab_find(&t, key);
							if (e && e->count >= need)
								l->furniture = 2;
						}
					}
				}
			}
		}
		for (size_t i = 0; i < L->n; i++)
			if (L->v[i].furniture)
				L->v[i].furniture = 1;
	}

	/* Headers that carry the page number themselves. */
	size_t nd = 0;
	for (size_t i = 0; i < L->n; i++)
		if (!L->v[i].blank && !L->v[i].furniture && L->v[i].n <= 80 &&
		    first_number(L->v[i].s, L->v[i].n) >= 0)
			nd++;
	if (nd < 3 || ktab_init(&t, a, nd) != 0)
		return;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < L->n; i++) {
			ln_t *l = &L->v[i];
			if (l->blank || l->n > 80 || (pass == 0 && l->furniture))
				continue;
			long v = first_number(l->s, l->n);
			if (v < 0 || letters(l->s, l->n) < 3)
				continue;
			uint64_t key = line_key(l->s, l->n, NULL);
			if (pass == 0) {
				kent *e = ktab_get(&t, key);
				if (e->count == 0) {
					e->first_line = i;
					e->min_gap = (size_t)-1;
				} else {
					size_t gap = i - e->last_line;
					if (gap < e->min_gap)
						e->min_gap = gap;
					if (v - e->last_val >= 1 && v - e->last_val <= 3)
						e->incr++;
				}
				e->count++;
				e->last_line = i;
				e->last_val = v;
			} else {
				const kent *e = ktab_find(&t, key);
				if (e && e->count >= 3 && e->min_gap >= 15 &&
				    e->incr * 3 >= (e->count - 1) * 2 &&
				    (e->last_line - e->first_line) * 10 >= L->n * 3 &&
				    !captionish(l->s, l->n))
					l->furniture = 1;
			}
		}
	}
}

/* ------------------------------------------------------------------ */
/* Title                                                               */
/* ------------------------------------------------------------------ */

/* Equal but for ASCII case and spaces. */
static int same_text(const ln_t *x, const ln_t *y)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < x->n && x->s[i] == ' ')
			i++;
		while (j < y->n && y->s[j] == ' ')
			j++;
		if (i == x->n || j == y->n)
			return i == x->n && j == y->n;
		if (lower(x->s[i]) != lower(y->s[j]))
			return 0;
		i++;
		j++;
	}
}

static void mark_title(lines_t *L)
{
	size_t f = 0;
	while (f < L->n && L->v[f].blank)
		f++;
	if (f == L->n)
		return;
	long v;
	if (L->v[f].furniture && page_number(L->v[f].s, L->v[f].n, &v) == PN_NONE)
		L->v[f].furniture = 0;
	ln_t *first = NULL;
	for (size_t i = f; i < L->n; i++) {
		ln_t *l = &L->v[i];
		if (l->blank || l->furniture)
			continue;
		if (!first) {
			first = l;
			continue;
		}
		if (same_text(first, l))
			l->dup_title = 1;
		break;
	}
}

void furn_mark(lines_t *L)
{
	if (!L || L->n == 0)
		return;
	int paged = 0;
	for (size_t i = 0; i < L->n && !paged; i++)
		paged = L->v[i].page > 0;
	if (paged)
		mark_paged(L);
	else
		mark_unpaged(L);
	mark_title(L);
}
