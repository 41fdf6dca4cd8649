/*
 * ixtok.c — the tokenizer of quire's inverted index (see ixtok.h).
 *
 * Decisions:
 *   - Word characters are Unicode categories L*, N*, M* and Co (utf8proc's
 *     tables); ASCII goes through a fast path that never calls utf8proc.
 *     This is close to FTS5's unicode61 (remove_diacritics 2), which the
 *     FTS5 tokenizer of fts.c wrapped, so the index finds what FTS5 found.
 *   - Folding is per code point: utf8proc_decompose_char with CASEFOLD,
 *     COMPAT (NFKD: ligatures, full-width forms, superscripts) and
 *     STRIPMARK, written straight into the term buffer.  Without a
 *     recomposition step a mark that survives (none should: every M* is
 *     stripped) would stay decomposed, which only matters for display, and
 *     terms are never displayed.  Hangul syllables are kept whole (NFKD
 *     would cut them into jamo).
 *   - Scripts written without spaces (Han, kana): every ideograph is a
 *     word.  Simple, and recall-safe: a query of two ideographs is a phrase
 *     of two terms, which finds the two-character word.
 *   - The stemmer is Snowball's English (libstemmer), one per tokenizer,
 *     applied to folded words of 3..IXTOK_STEM_MAX bytes, as fts.c did.
 *   - Hyphenated wholes follow fts.c: the whole is the concatenation of
 *     the folded (unstemmed) parts so far, stemmed, colocated with the
 *     part that ends it.
 * No allocation happens after ixtok_new; work is linear in the text.
 */
#include "ixtok.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

struct ixtok {
	struct sb_stemmer *stem;
	const char *text;
	size_t n, i;
	unsigned flags;
	uint32_t pos;
	/* the last word returned (a part, for the whole after it) */
	size_t last_off, last_n;
	uint32_t last_pos;
	size_t prev_end;     /* end offset of the last word; (size_t)-1: none */
	int pending_whole;   /* the whole is due before the next word */
	char whole[IXTOK_WHOLE_MAX];
	size_t n_whole;
	char fold[IXTOK_TERM_MAX + 8];
	char term[IXTOK_TERM_MAX + 8];
	/* stems of recent words: Snowball costs about 160 ns a word, five
	 * times the rest of tokenizing, and prose repeats its words */
	struct ix_stem_slot *cache;
};

/* A slot of the stem cache: a folded word of at most IX_STEM_SLOT bytes
 * and its stem (wn 0: empty). */
#define IX_STEM_SLOT 22
#define IX_STEM_SLOTS 16384 /* a power of two (750 KB) */
struct ix_stem_slot {
	uint8_t wn, sn;
	char w[IX_STEM_SLOT], s[IX_STEM_SLOT];
};

/* Word classes. */
enum { IX_SEP = 0, IX_WORD = 1, IX_IDEO = 2 };

static int ix_class_cp(int32_t cp)
{
	if (cp < 0)
		return IX_SEP;
	if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFF) || (cp >= 0x2E80 && cp <= 0x2FDF) ||
	    (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0xFF66 && cp <= 0xFF9F) ||
	    (cp >= 0x3005 && cp <= 0x3007))
		return IX_IDEO;
	utf8proc_category_t c = utf8proc_category(cp);
	if ((c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO) ||
	    c == UTF8PROC_CATEGORY_CO)
		return IX_WORD;
	return IX_SEP;
}

static int ix_ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* The code point at s[i..n) and its length (a bad byte: -1, length 1). */
static int32_t ix_cp(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*len = 1;
		return c;
	}
	utf8proc_int32_t cp = -1;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(n - i), &cp);
	if (k <= 0) {
		*len = 1;
		return -1;
	}
	*len = (size_t)k;
	return cp;
}

/* Appends the folding of cp to out[*o..cap); returns 0 when it did not
 * fit (nothing appended then). */
static int ix_fold_cp(int32_t cp, char *out, size_t *o, size_t cap)
{
	if (cp < 0x80) {
		if (!ix_ascii_word((unsigned char)cp))
			return 1;
		if (*o + 1 > cap)
			return 0;
		char c = (char)cp;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		out[(*o)++] = c;
		return 1;
	}
	utf8proc_int32_t d[16];
	utf8proc_ssize_t nd;
	if (cp >= 0xAC00 && cp <= 0xD7A3) {
		d[0] = cp;
		nd = 1;
	} else {
		int bc = 0;
		nd = utf8proc_decompose_char(cp, d, 16,
					     UTF8PROC_CASEFOLD | UTF8PROC_COMPAT |
						     UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK,
					     &bc);
		if (nd < 0 || nd > 16) {
			d[0] = cp;
			nd = 1;
		}
	}
	utf8proc_uint8_t enc[16 * 4];
	size_t ne = 0;
	for (utf8proc_ssize_t k = 0; k < nd; k++) {
		utf8proc_int32_t c = d[k];
		/* A decomposition may hold separators ("½" is 1⁄2): keep only
		 * word characters. */
		if (c >= 0x80 && ix_class_cp(c) == IX_SEP)
			continue;
		if (c < 0x80 && !ix_ascii_word((unsigned char)c))
			continue;
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		ne += (size_t)utf8proc_encode_char(c, enc + ne);
	}
	if (*o + ne > cap)
		return 0;
	memcpy(out + *o, enc, ne);
	*o += ne;
	return 1;
}

ixtok *ixtok_new(void)
{
	ixtok *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->stem = sb_stemmer_new("english", "UTF_8");
	t->cache = calloc(IX_STEM_SLOTS, sizeof *t->cache);
	if (!t->stem || !t->cache) {
		if (t->stem)
			sb_stemmer_delete(t->stem);
		free(t->cache);
		free(t);
		return NULL;
	}
	t->prev_end = (size_t)-1;
	return t;
}

void ixtok_free(ixtok *t)
{
	if (!t)
		return;
	if (t->stem)
		sb_stemmer_delete(t->stem);
	free(t->cache);
	free(t);
}

void ixtok_begin(ixtok *t, const char *text, size_t n, unsigned flags,
		 uint32_t pos0)
{
	t->text = text;
	t->n = text ? n : 0;
	t->i = 0;
	t->flags = flags;
	t->pos = pos0;
	t->prev_end = (size_t)-1;
	t->pending_whole = 0;
	t->n_whole = 0;
}

uint32_t ixtok_pos(const ixtok *t)
{
	return t->pos;
}

/* Stems f[0..fn) into t->term; its length. */
static size_t ix_stem_into(ixtok *t, const char *f, size_t fn, char *out,
			   size_t cap)
{
	if (fn > 2 && fn <= IXTOK_STEM_MAX) {
		/* the cache first (a direct-mapped slot by FNV-1a of the
		 * word; the stemmer is deterministic, so a hit is exact) */
		struct ix_stem_slot *slot = NULL;
		if (fn <= IX_STEM_SLOT) {
			slot = &t->cache[ixtok_hash(f, fn) & (IX_STEM_SLOTS - 1)];
			if (slot->wn == fn && memcmp(slot->w, f, fn) == 0 && slot->sn < cap) {
				memcpy(out, slot->s, slot->sn);
				out[slot->sn] = '\0';
				return slot->sn;
			}
		}
		const sb_symbol *s = sb_stemmer_stem(t->stem, (const sb_symbol *)f, (int)fn);
		if (s) {
			int sn = sb_stemmer_length(t->stem);
			if (sn > 0 && (size_t)sn < cap) {
				memcpy(out, s, (size_t)sn);
				out[sn] = '\0';
				if (slot && sn <= IX_STEM_SLOT) {
					slot->wn = (uint8_t)fn;
					slot->sn = (uint8_t)sn;
					memcpy(slot->w, f, fn);
					memcpy(slot->s, s, (size_t)sn);
				}
				return (size_t)sn;
			}
		}
	}
	if (fn >= cap)
		return 0;
	memmove(out, f, fn);
	out[fn] = '\0';
	return fn;
}

size_t ixtok_stem(ixtok *t, const char *w, size_t n, char *out, size_t cap)
{
	if (cap == 0)
		return 0;
	return ix_stem_into(t, w, n, out, cap);
}

size_t ixtok_fold(const char *w, size_t n, char *out, size_t cap)
{
	size_t o = 0, lim = cap > 0 ? cap - 1 : 0;
	if (lim > IXTOK_TERM_MAX)
		lim = IXTOK_TERM_MAX;
	for (size_t i = 0; i < n;) {
		size_t len;
		int32_t cp = ix_cp(w, n, i, &len);
		i += len;
		if (cp < 0)
			continue;
		if (!ix_fold_cp(cp, out, &o, lim))
			break;
	}
	if (cap > 0)
		out[o] = '\0';
	return o;
}

size_t ixtok_term(ixtok *t, const char *w, size_t n, char *out, size_t cap)
{
	char f[IXTOK_TERM_MAX + 8];
	size_t fn = ixtok_fold(w, n, f, sizeof f);
	if (cap == 0)
		return 0;
	if (fn == 0) {
		out[0] = '\0';
		return 0;
	}
	return ix_stem_into(t, f, fn, out, cap);
}

int ixtok_may_stem_to(const char *w, size_t n, const char *term, size_t tn)
{
	if (tn == 0 || n == 0)
		return tn == n;
	if (tn > n || w[0] != term[0])
		return 0;
	if (n <= 2 || n > IXTOK_STEM_MAX)
		return tn == n && memcmp(w, term, n) == 0;
	return 1;
}

/* Length of a hyphen at text[i] ('-', U+2010 or U+2011), or 0. */
static size_t ix_hyphen(const char *s, size_t n, size_t i)
{
	if (i < n && s[i] == '-')
		return 1;
	if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x90 || (unsigned char)s[i + 2] == 0x91))
		return 3;
	return 0;
}

int ixtok_next(ixtok *t, ixtok_token *tok)
{
	if (t->pending_whole) {
		t->pending_whole = 0;
		size_t tn;
		if (t->flags & IXTOK_NOSTEM) {
			memcpy(t->term, t->whole, t->n_whole);
			t->term[t->n_whole] = '\0';
			tn = t->n_whole;
		} else {
			tn = ix_stem_into(t, t->whole, t->n_whole, t->term, sizeof t->term);
		}
		tok->term = t->term;
		tok->len = tn;
		tok->off = t->last_off;
		tok->n = t->last_n;
		tok->pos = t->last_pos;
		tok->colocated = 1;
		return 1;
	}
	const char *s = t->text;
	size_t n = t->n;
	while (t->i < n) {
		/* skip separators */
		size_t len = 1;
		int cls = IX_SEP;
		while (t->i < n) {
			unsigned char c = (unsigned char)s[t->i];
			if (c < 0x80) {
				if (ix_ascii_word(c)) {
					cls = IX_WORD;
					break;
				}
				t->i++;
				continue;
			}
			int32_t cp = ix_cp(s, n, t->i, &len);
			cls = ix_class_cp(cp);
			if (cls != IX_SEP)
				break;
			t->i += len;
		}
		if (t->i >= n)
			break;
		size_t start = t->i, fo = 0;
		int full = 0;
		if (cls == IX_IDEO) {
			int32_t cp = ix_cp(s, n, t->i, &len);
			t->i += len;
			(void)ix_fold_cp(cp, t->fold, &fo, IXTOK_TERM_MAX);
		} else {
			while (t->i < n) {
				unsigned char c = (unsigned char)s[t->i];
				if (c < 0x80) {
					if (!ix_ascii_word(c))
						break;
					if (!full && fo < IXTOK_TERM_MAX)
						t->fold[fo++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
					else
						full = 1;
					t->i++;
					continue;
				}
				int32_t cp = ix_cp(s, n, t->i, &len);
				if (ix_class_cp(cp) != IX_WORD)
					break;
				if (!full && !ix_fold_cp(cp, t->fold, &fo, IXTOK_TERM_MAX))
					full = 1;
				t->i += len;
			}
		}
		size_t end = t->i;
		if (fo == 0)
			continue; /* only marks: no word */
		t->fold[fo] = '\0';
		/* the hyphenated whole */
		if (t->flags & IXTOK_WHOLES) {
			size_t h = t->prev_end != (size_t)-1 ? ix_hyphen(s, n, t->prev_end) : 0;
			int joined = h > 0 && start == t->prev_end + h && t->n_whole > 0;
			if (joined && t->n_whole + fo <= IXTOK_WHOLE_MAX) {
				memcpy(t->whole + t->n_whole, t->fold, fo);
				t->n_whole += fo;
				t->pending_whole = 1;
			} else if (fo <= IXTOK_WHOLE_MAX) {
				memcpy(t->whole, t->fold, fo);
				t->n_whole = fo;
			} else {
				t->n_whole = 0;
			}
			t->prev_end = end;
		}
		size_t tn;
		if (t->flags & IXTOK_NOSTEM) {
			memcpy(t->term, t->fold, fo + 1);
			tn = fo;
		} else {
			tn = ix_stem_into(t, t->fold, fo, t->term, sizeof t->term);
		}
		tok->term = t->term;
		tok->len = tn;
		tok->off = start;
		tok->n = end - start;
		tok->pos = t->pos;
		tok->colocated = 0;
		t->last_off = start;
		t->last_n = end - start;
		t->last_pos = t->pos;
		t->pos++;
		return 1;
	}
	return 0;
}

/* ---- pairs of words ------------------------------------------------- */

/* The common words, as ixtok_next gives them (folded, stemmed), sorted
 * for bsearch: the two dozen most frequent function words of English
 * (over a third of the words of English prose: "the" alone 7%, "of" 5%;
 * each is in most papers, so a phrase holding one, "designed for", "an
 * object", would otherwise check positions in most of the library), and
 * the most frequent few of French, German, Spanish and Italian (rare in
 * an English library, so they cost nothing there).  Each occurrence costs
 * up to two pair postings. */
static const char *const ix_common[] = {
	"a", "an", "and", "are", "as", "at", "be", "by", "che", "das", "de",
	"der", "des", "di", "die", "el", "et", "for", "from", "il", "in", "is",
	"it", "la", "le", "les", "los", "not", "of", "on", "or", "que", "that",
	"the", "this", "to", "und", "was", "which", "with",
};

static int ix_common_cmp(const void *key, const void *el)
{
	return strcmp(key, *(const char *const *)el);
}

int ixtok_common(const char *t, size_t n)
{
	char k[8];
	if (n == 0 || n >= sizeof k)
		return 0;
	memcpy(k, t, n);
	k[n] = '\0';
	return bsearch(k, ix_common, sizeof ix_common / sizeof *ix_common,
		       sizeof *ix_common, ix_common_cmp) != NULL;
}

size_t ixtok_pair(const char *a, size_t an, const char *b, size_t bn, char *out,
		  size_t cap)
{
	if (cap == 0)
		return 0;
	if (2 + an + bn + 1 > cap) {
		out[0] = '\0';
		return 0;
	}
	out[0] = (char)0xFF;
	memcpy(out + 1, a, an);
	out[1 + an] = (char)0xFF;
	memcpy(out + 2 + an, b, bn);
	out[2 + an + bn] = '\0';
	return 2 + an + bn;
}

int ixtok_is_pair(const char *t, size_t n)
{
	return n > 0 && (unsigned char)t[0] == 0xFF;
}

uint32_t ixtok_hash(const char *t, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)t[i]) * 16777619u;
	return h;
}
