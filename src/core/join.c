/*
 * join.c — joining wrapped lines, undoing hyphenation, mending URLs.
 *
 * The vocabulary is an open-addressing set of 64-bit word hashes in the
 * arena (ASCII lower-cased while hashing).  It keeps no strings: building it
 * is one pass of hashing over the text and a probe in a table that stays
 * in cache.  A false "yes" needs a 64-bit collision (about 1e-8 with a
 * million distinct words) and would cost one hyphen.  Non-ASCII letters are
 * compared as they are (no case folding: "Über" and "über" differ), which
 * costs little for dehyphenation.  A word is a run of letters, digits,
 * apostrophes and non-ASCII characters other than general punctuation
 * (U+2000–U+206F) and Latin-1 symbols (U+00A0–U+00BF); words joined by
 * single hyphens are also recorded whole ("sino-soviet"), so the question
 * "is 'inter-national' written somewhere?" can be asked.  A line-final
 * "inter-" is recorded only as "inter".
 *
 * Deciding a break (join_decide), in this order:
 *   1. URLs.  The left line's last token opens a '<' it does not close, or
 *      is URL-like ("://", "www.", "doi:", "doi.org/") and the right line's
 *      first token continues it (starts with one of / ? & = # % . _ - ~, or
 *      the URL ends with one of / - _ = ? & # % . ~ and the right token does
 *      not look like the start of a sentence or an entry, "Chen, Jian.")
 *      → nothing between them.  A URL ending in '-' is a URL break, not
 *      hyphenation.
 *   2. Em dash at the break, not spaced → nothing; spaced → a space.
 *      "--" (typed em dash) → nothing.
 *   3. A line ending in letter + '-' (or U+2010) before a letter:
 *      "word -" is a dash → space; a capital or digit after → keep the
 *      hyphen; the joined word in the vocabulary → drop it; the hyphenated
 *      form in the vocabulary → keep it; a compound prefix → keep it; else
 *      drop it (typographic hyphenation is the common case at a line end).
 *      After a digit ("12-" + "15") or before punctuation the hyphen is kept.
 *
 * The compound prefixes are those that almost always keep their hyphen and
 * are rarely the first half of a typographic split ("self-", "non-", "well-",
 * "ill-", "all-", "half-", "quasi-", "cross-", "full-", "vice-", "semi-",
 * "pseudo-", and "twenty-" … "ninety-", which TeX never splits there).
 * Left out on purpose, because a line-end split after them is usually
 * typographic: "co-" (co-operation / cooperation: either reads well, and
 * dropping gives the common spelling), "ex-" (ex-ample, ex-perience),
 * "pre-" (pre-sident), "post-", "anti-" (anti-cipate), "re-", "de-",
 * "mid-" (mid-dle), "multi-" (multi-ple), "long-" (long-est).  The
 * vocabulary is asked first, so "ill-" + "ness" still becomes "illness"
 * when the paper writes "illness" elsewhere.
 */
#include "join.h"

#include <string.h>

#include <utf8proc.h>

struct vocab {
	uint64_t *v;    /* hashes of the words; 0: empty slot */
	size_t mask;
	size_t count;
	quire_arena *a;
	int failed;
};

/* ------------------------------------------------------------------ */
/* Vocabulary                                                          */
/* ------------------------------------------------------------------ */

#define FNV_OFF UINT64_C(0xcbf29ce484222325)
#define FNV_MUL UINT64_C(0x100000001b3)

static unsigned char lc(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int weq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lc((unsigned char)a[i]) != lc((unsigned char)b[i]))
			return 0;
	return 1;
}

/* The final hash of a word whose running FNV-1a hash is h, n bytes long. */
static uint64_t wfinal(uint64_t h, size_t n)
{
	h ^= (uint64_t)n * UINT64_C(0x9e3779b97f4a7c15);
	h ^= h >> 31;
	return h ? h : 1;
}

static uint64_t whash(const char *s, size_t n)
{
	uint64_t h = FNV_OFF;
	for (size_t i = 0; i < n; i++)
		h = (h ^ lc((unsigned char)s[i])) * FNV_MUL;
	return wfinal(h, n);
}

static int vocab_grow(vocab_t *v)
{
	size_t cap = v->v ? (v->mask + 1) * 2 : 4096;
	uint64_t *nv = quire_arena_alloc(v->a, cap * sizeof *nv);
	if (!nv)
		return -1;
	memset(nv, 0, cap * sizeof *nv);
	if (v->v) {
		for (size_t i = 0; i <= v->mask; i++) {
			if (!v->v[i])
				continue;
			size_t j = (size_t)v->v[i] & (cap - 1);
			while (nv[j])
				j = (j + 1) & (cap - 1);
			nv[j] = v->v[i];
		}
	}
	v->v = nv;
	v->mask = cap - 1;
	return 0;
}

static void vocab_add(vocab_t *v, uint64_t h)
{
	size_t i = (size_t)h & v->mask;
	while (v->v[i]) {
		if (v->v[i] == h)
			return;
		i = (i + 1) & v->mask;
	}
	v->v[i] = h;
	if (++v->count * 2 > v->mask + 1 && vocab_grow(v))
		v->failed = 1;
}

int vocab_has(const vocab_t *v, const char *w, size_t n)
{
	if (!v || !v->v || n == 0)
		return 0;
	uint64_t h = whash(w, n);
	size_t i = (size_t)h & v->mask;
	while (v->v[i]) {
		if (v->v[i] == h)
			return 1;
		i = (i + 1) & v->mask;
	}
	return 0;
}

/* Bytes of the word character at s[i] (0 if it is not one). */
static size_t word_char(const unsigned char *s, size_t n, size_t i)
{
	unsigned c = s[i];
	if (c < 0x80) {
		if ((c | 32) >= 'a' && (c | 32) <= 'z')
			return 1;
		if ((c >= '0' && c <= '9') || c == '\'')
			return 1;
		return 0;
	}
	size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	if (i + len > n)
		return 0;
	if (c == 0xC2 && s[i + 1] >= 0xA0)
		return 0;                          /* U+00A0–U+00BF */
	if (c == 0xE2 && (s[i + 1] == 0x80 || s[i + 1] == 0x81))
		return 0;                          /* U+2000–U+207F */
	return len;
}

/* ASCII word characters (letters, digits, apostrophe) mapped to their
 * lower case; 0 for other ASCII. */
static const unsigned char wtab[128] = {
	['\''] = '\'',
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f',
	['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l',
	['M'] = 'm', ['N'] = 'n', ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r',
	['S'] = 's', ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
	['Y'] = 'y', ['Z'] = 'z',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f',
	['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l',
	['m'] = 'm', ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r',
	['s'] = 's', ['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x',
	['y'] = 'y', ['z'] = 'z',
};

/* wtab for any byte: 0xFF for bytes >= 0x80 (word_char decides). */
static unsigned char wclass(unsigned char c)
{
	return c < 0x80 ? wtab[c] : 0xFF;
}

vocab_t *vocab_build(const lines_t *L)
{
	vocab_t *v = quire_arena_alloc(L->a, sizeof *v);
	if (!v)
		return NULL;
	memset(v, 0, sizeof *v);
	v->a = L->a;
	if (vocab_grow(v))
		return NULL;
	for (size_t k = 0; k < L->n; k++) {
		const ln_t *l = &L->v[k];
		if (l->blank || l->furniture)
			continue;
		const unsigned char *s = (const unsigned char *)l->s;
		size_t n = l->n, i = 0;
		while (i < n) {
			/* skip to a word */
			while (i < n && !wclass(s[i]))
				i++;
			if (i == n)
				break;
			if (s[i] >= 0x80 && !word_char(s, n, i)) {
				i++;
				continue;
			}
			/* a compound: segments joined by single hyphens; hc runs
			 * over the whole, hs over the current segment */
			size_t start = i, segs = 0;
			uint64_t hc = FNV_OFF;
			for (;;) {
				size_t seg = i;
				uint64_t hs = FNV_OFF;
				for (;;) {
					unsigned char c = i < n ? wclass(s[i]) : 0;
					if (c == 0)
						break;
					if (c != 0xFF) {
						hs = (hs ^ c) * FNV_MUL;
						hc = (hc ^ c) * FNV_MUL;
						i++;
						continue;
					}
					size_t w = i < n ? word_char(s, n, i) : 0;
					if (!w)
						break;
					for (size_t e = i + w; i < e; i++) {
						hs = (hs ^ s[i]) * FNV_MUL;
						hc = (hc ^ s[i]) * FNV_MUL;
					}
				}
				vocab_add(v, wfinal(hs, i - seg));
				segs++;
				if (i + 1 < n && s[i] == '-' && word_char(s, n, i + 1)) {
					hc = (hc ^ '-') * FNV_MUL;
					i++;
					continue;
				}
				break;
			}
			if (segs > 1)
				vocab_add(v, wfinal(hc, i - start));
		}
		if (v->failed)
			return NULL;
	}
	return v;
}

/* ------------------------------------------------------------------ */
/* Deciding a break                                                    */
/* ------------------------------------------------------------------ */

static int has_prefix_ci(const char *s, size_t n, const char *p)
{
	size_t pn = strlen(p);
	return n >= pn && weq(s, p, pn);
}

static int contains(const char *s, size_t n, const char *p)
{
	size_t pn = strlen(p);
	for (size_t i = 0; i + pn <= n; i++)
		if (!memcmp(s + i, p, pn))
			return 1;
	return 0;
}

/* A URL-looking token (leading brackets and quotes ignored). */
static int url_like(const char *t, size_t n)
{
	while (n > 0 && (*t == '(' || *t == '<' || *t == '[' || *t == '"')) {
		t++;
		n--;
	}
	return contains(t, n, "://") || has_prefix_ci(t, n, "www.") ||
	       has_prefix_ci(t, n, "doi:") || has_prefix_ci(t, n, "doi.org/");
}

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(char c) { return is_upper(c) || is_lower(c); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* The right token reads like the start of a sentence or an entry: a
 * capitalised word ("Chen,", "Accessed"), or a plain lower-case word with
 * more words after it on the line. */
static int sentence_like(const char *t, size_t tn, int more)
{
	size_t i = 0;
	int cap = is_upper(t[0]);
	if (!cap && !(is_lower(t[0]) && more))
		return 0;
	while (i < tn && is_alpha(t[i]))
		i++;
	while (i < tn && strchr(",.;:", t[i]))
		i++;
	return i == tn;
}

/* Decodes the code point at s (s[0..n) valid UTF-8, n > 0). */
static int32_t cp_at(const char *s, size_t n)
{
	utf8proc_int32_t c = -1;
	if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c) < 0)
		return -1;
	return c;
}

/* The code point ending at s[n-1]. */
static int32_t cp_before(const char *s, size_t n, size_t *len)
{
	size_t i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 && n - i < 3)
		i--;
	if (i > 0)
		i--;
	*len = n - i;
	return cp_at(s + i, n - i);
}

static int cp_is_letter(int32_t c)
{
	if (c < 0)
		return 0;
	if (c < 0x80)
		return is_alpha((char)c);
	utf8proc_category_t k = utf8proc_category(c);
	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

static int is_em_dash(const char *s) { return !memcmp(s, "\xE2\x80\x94", 3); }

/* Bytes of a hyphen ending s[0..n): '-' or U+2010; 0 if none. */
static size_t hyphen_end(const char *s, size_t n)
{
	if (n >= 1 && s[n - 1] == '-')
		return 1;
	if (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x90", 3))
		return 3;
	return 0;
}

static const char *const keep_prefix[] = {
	"self", "non", "well", "ill", "all", "half", "quasi", "cross", "full",
	"vice", "semi", "pseudo", "twenty", "thirty", "forty", "fifty", "sixty",
	"seventy", "eighty", "ninety",
};

static int keep_prefix_word(const char *s, size_t n)
{
	for (size_t k = 0; k < sizeof keep_prefix / sizeof *keep_prefix; k++)
		if (strlen(keep_prefix[k]) == n && weq(s, keep_prefix[k], n))
			return 1;
	return 0;
}

/* Left part: the word (maybe a compound) before the final hyphen h. */
static size_t left_word(const char *s, size_t h)
{
	size_t i = h;
	while (i > 0) {
		unsigned char c = (unsigned char)s[i - 1];
		if (c == ' ' || (c < 0x80 && !is_alpha((char)c) && !is_digit((char)c) &&
				 c != '\'' && c != '-'))
			break;
		i--;
	}
	return i;
}

static join_kind decide_hyphen(const char *left, size_t ln, size_t hl,
			       const char *right, size_t rn, const vocab_t *v)
{
	size_t h = ln - hl; /* where the hyphen starts */
	if (h == 0 || left[h - 1] == ' ')
		return JOIN_SPACE;           /* "word -": a dash */
	if (h >= 1 && left[h - 1] == '-')
		return JOIN_NOTHING;         /* "word--": a typed dash */
	size_t bl;
	int32_t before = cp_before(left, h, &bl);
	(void)bl;
	int32_t after = cp_at(right, rn);
	/* "12-" + "15", "1990-" + "style", "self-" + "(re)made": kept */
	if (!cp_is_letter(before) || !cp_is_letter(after))
		return JOIN_KEEP_HYPHEN;
	if (after >= 0x80 ? utf8proc_isupper(after) : is_upper(right[0]))
		return JOIN_KEEP_HYPHEN;     /* "Sino-" + "Soviet" */

	size_t lw = left_word(left, h);
	size_t rw = 0;
	while (rw < rn) {
		size_t w = word_char((const unsigned char *)right, rn, rw);
		if (!w)
			break;
		rw += w;
	}
	char buf[256];
	size_t ll = h - lw;
	if (ll > 0 && ll + rw + 1 <= sizeof buf) {
		memcpy(buf, left + lw, ll);
		memcpy(buf + ll, right, rw);
		if (vocab_has(v, buf, ll + rw))
			return JOIN_DROP_HYPHEN;
		buf[ll] = '-';
		memcpy(buf + ll + 1, right, rw);
		if (vocab_has(v, buf, ll + 1 + rw))
			return JOIN_KEEP_HYPHEN;
	}
	/* the last segment of the left word ("anti-self-" → "self") */
	size_t seg = h;
	while (seg > lw && left[seg - 1] != '-')
		seg--;
	if (keep_prefix_word(left + seg, h - seg))
		return JOIN_KEEP_HYPHEN;
	return JOIN_DROP_HYPHEN;
}

join_kind join_decide(const char *left, size_t ln, const char *right,
		      size_t rn, const vocab_t *v)
{
	while (ln > 0 && left[ln - 1] == ' ')
		ln--;
	while (rn > 0 && right[0] == ' ') {
		right++;
		rn--;
	}
	if (ln == 0 || rn == 0)
		return JOIN_SPACE;

	/* the left line's last token, the right line's first */
	size_t ls = ln;
	while (ls > 0 && left[ls - 1] != ' ')
		ls--;
	const char *lt = left + ls;
	size_t ltn = ln - ls;
	size_t rtn = 0;
	while (rtn < rn && right[rtn] != ' ')
		rtn++;
	int more = rtn < rn;

	/* 1. URLs */
	const char *lt_open = NULL;
	for (size_t i = 0; i < ltn; i++) {
		if (lt[i] == '<')
			lt_open = lt + i;
		else if (lt[i] == '>')
			lt_open = NULL;
	}
	if (lt_open) {
		size_t after = ltn - (size_t)(lt_open - lt) - 1;
		if (after > 0 || url_like(right, rtn))
			return JOIN_NOTHING;
	}
	if (url_like(lt, ltn)) {
		char last = lt[ltn - 1];
		if (strchr("/?&=#%._-~", right[0]))
			return JOIN_NOTHING;
		if (strchr("/-_=?&#%.~", last)) {
			if (last == '.') {
				int urlish = is_digit(right[0]) || is_lower(right[0]);
				int has = 0;
				for (size_t i = 0; i < rtn && !has; i++)
					has = strchr("/.=?&#%_~-", right[i]) != NULL ||
					      is_digit(right[i]);
				if (urlish && (has || !more) && right[rtn - 1] != ',')
					return JOIN_NOTHING;
			} else if (last == '-') {
				if (!(is_upper(right[0]) && sentence_like(right, rtn, more)))
					return JOIN_NOTHING;
			} else if (!sentence_like(right, rtn, more)) {
				return JOIN_NOTHING;
			}
		}
		if (last == '-')
			return JOIN_SPACE; /* a URL's own hyphen, then a sentence */
	}

	/* 2. dashes */
	if (ln >= 3 && is_em_dash(left + ln - 3))
		return ln > 3 && left[ln - 4] == ' ' ? JOIN_SPACE : JOIN_NOTHING;
	if (rn >= 3 && is_em_dash(right))
		return rn > 3 && right[3] == ' ' ? JOIN_SPACE : JOIN_NOTHING;

	/* 3. hyphenation */
	size_t hl = hyphen_end(left, ln);
	if (hl)
		return decide_hyphen(left, ln, hl, right, rn, v);
	return JOIN_SPACE;
}

/* ------------------------------------------------------------------ */
/* Joining lines                                                       */
/* ------------------------------------------------------------------ */

/* Non-zero if s[0..n) holds two spaces in a row (memmem's set-up costs
 * more than this on the short lines it is asked about). */
static int has_double_space(const char *s, size_t n)
{
	const char *p = s, *e = s + n;
	while ((p = memchr(p, ' ', (size_t)(e - p))) != NULL) {
		if (p + 1 < e && p[1] == ' ')
			return 1;
		p++;
	}
	return 0;
}

char *join_lines(const ln_t *v, size_t n, const vocab_t *voc, quire_arena *a,
		 size_t *len)
{
	size_t total = 1;
	for (size_t i = 0; i < n; i++)
		if (!v[i].blank && !v[i].furniture)
			total += v[i].n + 1;
	char *out = quire_arena_alloc(a, total);
	if (!out)
		return NULL;
	size_t o = 0;
	const ln_t *prev = NULL;
	for (size_t i = 0; i < n; i++) {
		const ln_t *l = &v[i];
		if (l->blank || l->furniture)
			continue;
		if (prev && o > 0) {
			join_kind k = join_decide(prev->s, prev->n, l->s, l->n, voc);
			if (k == JOIN_SPACE) {
				out[o++] = ' ';
			} else if (k == JOIN_DROP_HYPHEN) {
				size_t hl = hyphen_end(out, o);
				o -= hl;
			}
		}
		/* the line's text, spaces collapsed (norm.c's lines are already) */
		if (l->n > 0 && l->s[0] != ' ' && !has_double_space(l->s, l->n)) {
			memcpy(out + o, l->s, l->n);
			o += l->n;
		} else {
			for (size_t k = 0; k < l->n; k++) {
				char c = l->s[k];
				if (c == ' ' && (o == 0 || out[o - 1] == ' '))
					continue;
				out[o++] = c;
			}
		}
		while (o > 0 && out[o - 1] == ' ')
			o--;
		prev = l;
	}
	out[o] = '\0';
	if (len)
		*len = o;
	return out;
}
