/*
 * feat.c — observation features of reference tokens (feat.h).
 *
 * In the spirit of AnyStyle's and GROBID's CRF columns: the token and its
 * lower-cased form, shapes (of the token and of its white-space word: the
 * word "(2001)." has the shape "(d)." whatever the digits), capitalisation,
 * prefixes and suffixes of 1-4 characters, number classes (year, digit
 * count, roman, ordinal), keyword classes in several languages (In/Dans/I,
 * ed./Hrsg./a cura di, trans./Übers., vol./Jg./Bd., no./Heft/n°, pp./S.,
 * accessed/consulté/abgerufen, Press/Verlag/Éditions, journal words,
 * months, back-references), dictionary classes learnt from the training
 * data (the model carries them), relative position, being inside brackets
 * or quotes; windowed over -2..+2 tokens and -2..+2 white-space words and
 * conjoined for a few pairs; beyond every window, the word's segment (the
 * "sentences" of a reference: which one, from either end) and what the
 * words before it held ("In", an editor keyword, a year, a closed quoted
 * span) — they tell a title from a container better than a window can —
 * and, of the word's segment: its place relative to the segment of the
 * first year (the title follows the year in author-year styles), what it
 * holds (publisher or journal keywords, numbers, "In", quotes, more
 * container-title than title dictionary words or the reverse), its length,
 * its title case (how many of its long words are capitalised: journal
 * names are in title case where article titles often are not), its first
 * word and the word before it; and the title case of the word's chunk
 * (the words up to a "," ";" or ":").
 *
 * Decisions:
 *   - Features are never strings: each is a 64-bit hash of a template id
 *     and a value hash (feature hashing without a fixed modulus).  The model
 *     keeps only the keys it learnt weights for, so unknown values cost one
 *     failed lookup and the file stays small.
 *   - A token's lower-cased form is at most 64 bytes for the hashing of
 *     prefixes and suffixes; longer tokens are hashed whole for the form.
 *   - Every token gets the same number of feature slots (FEAT_MAX), some
 *     of them empty when a template does not apply; work is linear.
 *   - Edge features weigh the transition into a token (the CRF's label
 *     pair, not its label): the shape of the token before, the token's
 *     capitalisation, keyword class and shape, whether it opens a
 *     white-space word and a segment.  They tell "a field changes here"
 *     apart from which field it is; a Wapiti model given such bigram
 *     templates beside its unigram ones gained 0.021 field F1 and 0.050
 *     whole-reference accuracy on AnyStyle's test half (bench/RESULTS.md).
 */
#include <stdlib.h>
#include <string.h>

#include "feat.h"
#include "reftext.h"
#include "uchar.h"

/* uc_at with an ASCII fast path. */
static inline int32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char b = (unsigned char)s[i];
	if (b < 0x80) {
		*len = 1;
		return b;
	}
	return uc_at(s, n, i, len);
}

#define FEAT_MAX 96
#define FEAT_EDGE_MAX 8

/* ---- hashing ---- */

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FNV0 0xcbf29ce484222325ULL

static uint64_t mix(uint64_t a, uint64_t b)
{
	uint64_t z = a * 0x9E3779B97F4A7C15ULL + b + 0x632BE59BD9B4E019ULL;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return z ? z : 1;
}

/* ---- the dictionary ---- */

unsigned feat_dict_get(const feat_dict *d, uint64_t key)
{
	if (!d || d->cap == 0)
		return 0;
	size_t m = d->cap - 1, i = (size_t)(key ^ (key >> 29)) & m;
	while (d->keys[i]) {
		if (d->keys[i] == key)
			return d->cls[i];
		i = (i + 1) & m;
	}
	return 0;
}

static void dict_put(uint64_t *keys, uint8_t *cls, size_t cap, uint64_t key, unsigned bits)
{
	size_t m = cap - 1, i = (size_t)(key ^ (key >> 29)) & m;
	while (keys[i] && keys[i] != key)
		i = (i + 1) & m;
	keys[i] = key;
	cls[i] |= (uint8_t)bits;
}

int feat_dict_add(feat_dict *d, uint64_t key, unsigned bits)
{
	if ((d->n + 1) * 2 > d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 1024;
		uint64_t *k = calloc(nc, sizeof *k);
		uint8_t *c = calloc(nc, 1);
		if (!k || !c) {
			free(k);
			free(c);
			return -1;
		}
		for (size_t i = 0; i < d->cap; i++)
			if (d->keys[i])
				dict_put(k, c, nc, d->keys[i], d->cls[i]);
		free(d->keys);
		free(d->cls);
		d->keys = k;
		d->cls = c;
		d->cap = nc;
	}
	if (!feat_dict_get(d, key))
		d->n++;
	dict_put(d->keys, d->cls, d->cap, key, bits);
	return 0;
}

void feat_dict_free(feat_dict *d)
{
	free(d->keys);
	free(d->cls);
	memset(d, 0, sizeof *d);
}

/* ---- per-token observations ---- */

/* Lower-cases s[0..n) into out (at most cap bytes, whole code points). */
static size_t lower_into(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {
			if (o + 1 > cap)
				break;
			out[o++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
			i++;
			continue;
		}
		size_t l;
		int32_t c = cp_at(s, n, i, &l);
		if (c >= 0) {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t e = utf8proc_encode_char(utf8proc_tolower(c), enc);
			if (e <= 0 || o + (size_t)e > cap)
				break;
			memcpy(out + o, enc, (size_t)e);
			o += (size_t)e;
		} else {
			if (o + 1 > cap)
				break;
			out[o++] = s[i];
		}
		i += l;
	}
	return o;
}

uint64_t feat_word_key(const char *s, size_t n)
{
	char low[64];
	size_t m = lower_into(s, n, low, sizeof low);
	uint64_t h = fnv(low, m, FNV0);
	if (n > 64)
		h = fnv(s + 64, n - 64, h);
	return h ? h : 1;
}

/* Keyword classes. */
enum {
	K_NONE, K_IN, K_ED, K_TRANS, K_VOL, K_NO, K_PP, K_ACCESSED, K_PUBWORD,
	K_JOURNAL, K_PROC, K_THESIS, K_REPORT, K_MONTH, K_AND, K_ETAL,
	K_BACKREF, K_EDITION, K_WEB, K_ISBN, K_DOI, K_SEE, K_PAGEWORD, K_CHAPTER,
	K_SERIES, K_ARCHIVE, K_NODATE
};

struct kw {
	const char *w;
	int k;
};

/* Sorted by strcmp (bytes): bsearch needs it; keep it so when adding. */
static const struct kw kws[] = {
	{"a", K_ED}, {"aao", K_BACKREF}, {"abgerufen", K_ACCESSED},
	{"academic", K_PUBWORD}, {"accessed", K_ACCESSED}, {"acm", K_PROC},
	{"al", K_ETAL}, {"and", K_AND}, {"annals", K_JOURNAL}, {"apr", K_MONTH},
	{"april", K_MONTH}, {"archiv", K_ARCHIVE}, {"archive", K_ARCHIVE},
	{"archives", K_ARCHIVE}, {"archivio", K_ARCHIVE}, {"arxiv", K_WEB},
	{"aufl", K_EDITION}, {"auflage", K_EDITION}, {"aug", K_MONTH},
	{"august", K_MONTH}, {"available", K_WEB}, {"avril", K_MONTH}, {"b", K_VOL},
	{"band", K_VOL}, {"bd", K_VOL}, {"bde", K_VOL}, {"books", K_PUBWORD},
	{"bulletin", K_JOURNAL}, {"busta", K_ARCHIVE}, {"c", K_PP},
	{"cambridge", K_PUBWORD}, {"cap", K_CHAPTER}, {"cc", K_PP}, {"cf", K_SEE},
	{"cfr", K_SEE}, {"ch", K_CHAPTER}, {"chap", K_CHAPTER},
	{"chapter", K_CHAPTER}, {"cit", K_BACKREF}, {"col", K_PP},
	{"coll", K_SERIES}, {"collana", K_SERIES}, {"collection", K_SERIES},
	{"conf", K_PROC}, {"conference", K_PROC}, {"consulté", K_ACCESSED},
	{"cura", K_ED}, {"d", K_NODATE}, {"dans", K_IN}, {"dec", K_MONTH},
	{"december", K_MONTH}, {"ders", K_BACKREF}, {"dies", K_BACKREF},
	{"diss", K_THESIS}, {"dissertation", K_THESIS}, {"doi", K_DOI},
	{"dr", K_THESIS}, {"e", K_AND}, {"ebd", K_BACKREF}, {"ed", K_ED},
	{"edd", K_ED}, {"edited", K_ED}, {"editeur", K_PUBWORD},
	{"edition", K_EDITION}, {"editions", K_PUBWORD}, {"editor", K_ED},
	{"editore", K_PUBWORD}, {"editors", K_ED}, {"edizioni", K_PUBWORD},
	{"edn", K_EDITION}, {"eds", K_ED}, {"en", K_IN}, {"et", K_AND}, {"f", K_PP},
	{"feb", K_MONTH}, {"february", K_MONTH}, {"ff", K_PP}, {"fol", K_PP},
	{"fols", K_PP}, {"fondo", K_ARCHIVE}, {"gazette", K_JOURNAL}, {"h", K_NO},
	{"heft", K_NO}, {"herausgegeben", K_ED}, {"hg", K_ED}, {"hgg", K_ED},
	{"hrsg", K_ED}, {"http", K_WEB}, {"https", K_WEB}, {"i", K_IN},
	{"ibid", K_BACKREF}, {"ibidem", K_BACKREF}, {"id", K_BACKREF},
	{"idem", K_BACKREF}, {"ieee", K_PROC}, {"im", K_IN}, {"in", K_IN},
	{"inc", K_PUBWORD}, {"institute", K_PUBWORD}, {"international", K_PROC},
	{"isbn", K_ISBN}, {"issn", K_ISBN}, {"issue", K_NO}, {"ivi", K_BACKREF},
	{"jahrgang", K_VOL}, {"jan", K_MONTH}, {"january", K_MONTH}, {"jg", K_VOL},
	{"journal", K_JOURNAL}, {"jul", K_MONTH}, {"july", K_MONTH},
	{"jun", K_MONTH}, {"june", K_MONTH}, {"lecture", K_SERIES},
	{"letters", K_JOURNAL}, {"loc", K_BACKREF}, {"ltd", K_PUBWORD},
	{"mar", K_MONTH}, {"march", K_MONTH}, {"master", K_THESIS},
	{"may", K_MONTH}, {"mimeo", K_REPORT}, {"n", K_NO}, {"nd", K_NODATE},
	{"no", K_NO}, {"nos", K_NO}, {"notes", K_SERIES}, {"nov", K_MONTH},
	{"november", K_MONTH}, {"nr", K_NO}, {"num", K_NO}, {"number", K_NO},
	{"oct", K_MONTH}, {"october", K_MONTH}, {"online", K_WEB},
	{"op", K_BACKREF}, {"oxford", K_PUBWORD}, {"p", K_PP}, {"pag", K_PP},
	{"page", K_PAGEWORD}, {"pages", K_PAGEWORD}, {"paper", K_REPORT},
	{"phd", K_THESIS}, {"pp", K_PP}, {"preprint", K_REPORT},
	{"press", K_PUBWORD}, {"proc", K_PROC}, {"proceedings", K_PROC},
	{"publications", K_PUBWORD}, {"published", K_PUBWORD},
	{"publisher", K_PUBWORD}, {"publishers", K_PUBWORD},
	{"publishing", K_PUBWORD}, {"quarterly", K_JOURNAL}, {"r", K_ARCHIVE},
	{"reg", K_ARCHIVE}, {"report", K_REPORT}, {"reports", K_REPORT},
	{"retrieved", K_ACCESSED}, {"rev", K_JOURNAL}, {"review", K_JOURNAL},
	{"revista", K_JOURNAL}, {"revue", K_JOURNAL}, {"rivista", K_JOURNAL},
	{"s", K_PP}, {"see", K_SEE}, {"sep", K_MONTH}, {"sept", K_MONTH},
	{"september", K_MONTH}, {"ser", K_SERIES}, {"serie", K_SERIES},
	{"series", K_SERIES}, {"sess", K_PROC}, {"sgg", K_PP}, {"ss", K_PP},
	{"studi", K_JOURNAL}, {"studies", K_JOURNAL}, {"symposium", K_PROC},
	{"t", K_VOL}, {"tech", K_REPORT}, {"technical", K_REPORT},
	{"thesis", K_THESIS}, {"tome", K_VOL}, {"tomo", K_VOL}, {"tr", K_TRANS},
	{"trad", K_TRANS}, {"trans", K_TRANS}, {"transactions", K_JOURNAL},
	{"transl", K_TRANS}, {"translated", K_TRANS}, {"translation", K_TRANS},
	{"translator", K_TRANS}, {"u", K_AND}, {"und", K_AND}, {"univ", K_PUBWORD},
	{"universidad", K_PUBWORD}, {"universitat", K_PUBWORD},
	{"university", K_PUBWORD}, {"università", K_PUBWORD},
	{"universität", K_PUBWORD}, {"université", K_PUBWORD}, {"url", K_WEB},
	{"v", K_VOL}, {"verlag", K_PUBWORD}, {"vgl", K_SEE}, {"viewed", K_ACCESSED},
	{"visited", K_ACCESSED}, {"vol", K_VOL}, {"vols", K_VOL}, {"volume", K_VOL},
	{"working", K_REPORT}, {"workshop", K_PROC}, {"www", K_WEB}, {"y", K_AND},
	{"zeitschrift", K_JOURNAL}, {"zit", K_BACKREF}, {"zugegriffen", K_ACCESSED},
	{"éd", K_ED}, {"édition", K_EDITION}, {"éditions", K_PUBWORD},
	{"übers", K_TRANS},
};

static int kw_cmp(const void *a, const void *b)
{
	return strcmp(((const struct kw *)a)->w, ((const struct kw *)b)->w);
}

static int kw_class(const char *low, size_t n)
{
	char key[24];
	if (n == 0 || n >= sizeof key)
		return K_NONE;
	memcpy(key, low, n);
	key[n] = 0;
	struct kw k = {key, 0};
	const struct kw *r = bsearch(&k, kws, sizeof kws / sizeof kws[0], sizeof kws[0], kw_cmp);
	return r ? r->k : K_NONE;
}

/* Character class for shapes. */
static char shape_ch(int32_t c)
{
	if (c < 0)
		return 'x';
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return 'X';
		if (c >= 'a' && c <= 'z')
			return 'x';
		if (c >= '0' && c <= '9')
			return 'd';
		return (char)c;
	}
	if (uc_is_upper(c))
		return 'X';
	if (uc_is_lower(c))
		return 'x';
	utf8proc_category_t k = utf8proc_category(c);
	if (k == UTF8PROC_CATEGORY_ND)
		return 'd';
	if (k == UTF8PROC_CATEGORY_LO || k == UTF8PROC_CATEGORY_LM)
		return 'c';
	if (k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_MC)
		return 'x';
	if (c == 0x2013 || c == 0x2014 || c == 0x2012 || c == 0x2010 || c == 0x2212)
		return '-';
	if (c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB)
		return '"';
	if (c == 0x2018 || c == 0x2019 || c == 0x201A)
		return '\'';
	return 'p';
}

/* Short shape (runs collapsed) and long shape (runs capped at 4) of
 * s[0..n), hashed; at most 48 characters of shape are looked at. */
static void shapes(const char *s, size_t n, uint64_t *shorth, uint64_t *longh)
{
	char sh[48] = {0}, lg[48] = {0};
	size_t ns = 0, nl = 0, run = 0;
	char prev = 0;
	for (size_t i = 0; i < n && nl < sizeof lg;) {
		size_t l;
		int32_t c = cp_at(s, n, i, &l);
		i += l;
		char k = shape_ch(c);
		if (k == prev) {
			run++;
		} else {
			run = 1;
			prev = k;
			if (ns < sizeof sh)
				sh[ns++] = k;
		}
		if (run <= 4)
			lg[nl++] = k;
	}
	*shorth = fnv(sh, ns, FNV0);
	*longh = fnv(lg, nl, FNV0 ^ 1);
}

typedef struct obs {
	uint64_t low;     /* lower-cased form */
	uint64_t shape;   /* short shape */
	uint64_t lshape;  /* long shape */
	uint64_t wshape;  /* short shape of the white-space word */
	uint64_t pre[4], suf[4];
	uint64_t wlow;    /* lower-cased white-space word */
	int kw;
	int num;   /* 0 none; 1 year; 2..6 digits count; 7 roman; 8 ordinal */
	int caps;  /* 0 no letters; 1 lower; 2 initial cap; 3 all caps; 4 mixed */
	int wpos;  /* 0 single token word; 1 first; 2 middle; 3 last */
	int len;   /* length bucket */
	unsigned dict;
	int paren, quote;
	size_t wb, we; /* first and last token of the word */
} obs;

static int is_roman(const char *low, size_t n)
{
	if (n == 0 || n > 7)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("ivxlcdm", low[i]))
			return 0;
	return 1;
}

static int num_class(const char *low, size_t n)
{
	/* an edition in superscript before or after a year ("²1985",
	 * "1966²") leaves a year */
	size_t k;
	while (rtx_sup_digit(low, n, &k) >= 0 && n >= k + 4) {
		low += k;
		n -= k;
	}
	while ((n >= 6 && rtx_sup_digit(low + n - 2, 2, &k) >= 0) ||
	       (n >= 7 && rtx_sup_digit(low + n - 3, 3, &k) >= 0))
		n -= k;
	size_t d = 0;
	while (d < n && low[d] >= '0' && low[d] <= '9')
		d++;
	if (d == n && n > 0) {
		if (n == 4 && ((low[0] == '1' && low[1] >= '5') || (low[0] == '2' && low[1] == '0')))
			return 1;
		return 1 + (int)(n > 5 ? 5 : n);
	}
	if (d > 0 && d < n) {
		const char *r = low + d;
		size_t rn = n - d;
		if ((rn == 2 && (!memcmp(r, "st", 2) || !memcmp(r, "nd", 2) || !memcmp(r, "rd", 2) ||
				 !memcmp(r, "th", 2) || !memcmp(r, "er", 2))) ||
		    (rn == 1 && (r[0] == 'e' || r[0] == 'a' || r[0] == 'o')))
			return 8;
		if (d == 4 && rn == 1 && r[0] >= 'a' && r[0] <= 'z')
			return 9; /* 1998a */
		return 10;
	}
	if (is_roman(low, n))
		return 7;
	return 0;
}

static int caps_class(const char *s, size_t n)
{
	int up = 0, lo = 0, first_up = -1;
	for (size_t i = 0; i < n;) {
		size_t l;
		int32_t c = cp_at(s, n, i, &l);
		i += l;
		int isup = c < 0x80 ? (c >= 'A' && c <= 'Z') : uc_is_upper(c);
		int islo = c < 0x80 ? (c >= 'a' && c <= 'z') : uc_is_lower(c);
		if (isup) {
			up++;
			if (first_up < 0)
				first_up = 1;
		} else if (islo) {
			lo++;
			if (first_up < 0)
				first_up = 0;
		}
	}
	if (!up && !lo)
		return 0;
	if (!up)
		return 1;
	if (!lo)
		return 3;
	if (first_up == 1 && up == 1)
		return 2;
	return 4;
}

static int len_bucket(size_t n)
{
	return n <= 1 ? 1 : n == 2 ? 2 : n == 3 ? 3 : n <= 5 ? 4 : n <= 8 ? 5 : 6;
}

/* Opening/closing brackets and quotes: +1 open, -1 close, 2 quote toggle. */
static int bracket(const char *s, size_t n)
{
	if (n == 1) {
		switch (s[0]) {
		case '(':
		case '[':
			return 1;
		case ')':
		case ']':
			return -1;
		case '"':
			return 2;
		default:
			return 0;
		}
	}
	size_t l;
	int32_t c = cp_at(s, n, 0, &l);
	if (l != n)
		return 0;
	if (c == 0x201C || c == 0xAB || c == 0x201E)
		return 3;
	if (c == 0x201D || c == 0xBB)
		return -3;
	return 0;
}

/* The code point of a token that is one double quotation mark, or 0. */
static int32_t dquote_cp(const char *s, size_t n)
{
	size_t l;
	int32_t c = n > 1 ? cp_at(s, n, 0, &l) : 0;
	return c && l == n ? c : 0;
}

/* Which mark a token of bracket class 3 or -3 is, given the opener of
 * the quotation open before it (0: none): German, Czech, Polish and
 * Bulgarian close "„" with "“" — the English opener — and German also
 * quotes »so«, the French closer first.  Returns 3 (opens), -3 (closes). */
static int dquote_role(int br, int32_t c, int32_t opener)
{
	if (opener == 0x201E && c == 0x201C)
		return -3;
	if (opener == 0xBB && c == 0xAB)
		return -3;
	if (!opener && c == 0xBB)
		return 3;
	return br;
}

/* ---- templates ---- */

enum {
	T_BIAS = 1, T_LOW, T_LOWM1, T_LOWP1, T_LOWM2, T_LOWP2, T_SHAPE, T_SHAPEM1,
	T_SHAPEP1, T_LSHAPE, T_WSHAPE, T_WSHAPEM1, T_WSHAPEP1, T_PRE, T_SUF = T_PRE + 4,
	T_KW = T_SUF + 4, T_KWM1, T_KWP1, T_KWM2, T_KWP2, T_NUM, T_NUMM1, T_NUMP1,
	T_CAPS, T_CAPSM1, T_CAPSP1, T_DICT, T_DICTM1 = T_DICT + 8, T_DICTP1 = T_DICTM1 + 8,
	T_POS = T_DICTP1 + 8, T_WIDX, T_PAREN, T_QUOTE, T_WPOS, T_LEN, T_LOW_M1_0,
	T_LOW_0_P1, T_SHAPE3, T_KWM1_SHAPE, T_WLOW, T_WLOWM1, T_WLOWP1, T_WPOS_LOW,
	T_CAPS_WPOS, T_PAREN_NUM, T_KWM2_KWM1, T_SEG, T_SEGREV, T_SEG_CAPS,
	T_SEGSTART_CAPS, T_SEGPOS, T_SEEN, T_SEEN_CAPS, T_WLOWM2, T_WLOWP2,
	T_WSHAPEM2, T_WSHAPEP2, T_YREL_CAPS, T_YREL_SEGPOS, T_SEGHAS, T_SEGLEN,
	T_SEGCASE, T_CHUNKCASE, T_SEGFIRST, T_PREVSEGLAST, T_LINESTART, T_LINESTART_PREV,
	T_LINEEND,
	/* edge templates */
	E_SHAPEM1 = 200, E_CAPS, E_KW, E_SHAPEM1_CAPS, E_SHAPE, E_NEWWORD_SHAPEM1,
	E_SEGSTART_CAPS, E_LINEBREAK, E_LINEBREAK_PREV
};

/* Title case of a run of words: 0 no word of 4+ letters, 1 none capitalised,
 * 2 under half, 3 half or more, 4 all. */
static int case_class(uint32_t up, uint32_t n)
{
	return n == 0 ? 0 : up == 0 ? 1 : up * 2 < n ? 2 : up < n ? 3 : 4;
}

/* A length in words, bucketed. */
static int nw_bucket(uint32_t n)
{
	return n <= 3 ? (int)n : n <= 5 ? 4 : n <= 9 ? 5 : 6;
}

/* Segments: a reference is a run of "sentences" (authors. title. journal,
 * volume, pages.) and which one a word is in tells title from container
 * better than a window of tokens can.  A word closes a segment when it
 * ends in "." (closing quotes and brackets after it allowed) after at
 * least three letters or digits that are not a keyword abbreviation
 * ("Vol.", "pp."): so initials ("C.") and "et al." do not. */
static int closes_segment(const char *s, const ref_token *toks, size_t wb, size_t we,
			  const obs *o)
{
	size_t j = we + 1;
	while (j > wb) {
		const char *t = s + toks[j - 1].off;
		size_t n = toks[j - 1].len;
		/* ) ] " ' and ” ’ “ ‘ » « (English, German and French closers) */
		if ((n == 1 && strchr(")]\"'", t[0])) ||
		    (n == 3 && (unsigned char)t[0] == 0xE2 && (unsigned char)t[1] == 0x80 &&
		     (unsigned char)t[2] >= 0x98 && (unsigned char)t[2] <= 0x9D &&
		     (unsigned char)t[2] != 0x9A && (unsigned char)t[2] != 0x9B) ||
		    (n == 2 && (unsigned char)t[0] == 0xC2 &&
		     ((unsigned char)t[1] == 0xBB || (unsigned char)t[1] == 0xAB)))
			j--;
		else
			break;
	}
	if (j < wb + 2 || toks[j - 1].len != 1 || s[toks[j - 1].off] != '.')
		return 0;
	const obs *b = &o[j - 2];
	return b->kw == 0 && (b->len >= 3 || b->num != 0);
}

static uint64_t F(int t, uint64_t v)
{
	return mix((uint64_t)t, v);
}

quire_status feat_extract(const char *s, size_t n, const ref_token *toks,
			  size_t ntok, const feat_dict *d, quire_arena *a,
			  feat_seq *out)
{
	memset(out, 0, sizeof *out);
	if (ntok == 0)
		return QUIRE_OK;
	obs *o = quire_arena_alloc(a, ntok * sizeof *o);
	uint32_t *start = quire_arena_alloc(a, (ntok + 1) * sizeof *start);
	uint64_t *keys = quire_arena_alloc(a, ntok * FEAT_MAX * sizeof *keys);
	uint32_t *estart = quire_arena_alloc(a, (ntok + 1) * sizeof *estart);
	uint64_t *ekeys = quire_arena_alloc(a, ntok * FEAT_EDGE_MAX * sizeof *ekeys);
	if (!o || !start || !keys || !estart || !ekeys || ntok * FEAT_MAX > UINT32_MAX)
		return QUIRE_ENOMEM;
	size_t nwords = toks[ntok - 1].word + 1;
	int paren = 0, quote = 0;
	int32_t opener = 0; /* the mark that opened the quotation, if one did */
	size_t wbeg = 0;
	for (size_t i = 0; i < ntok; i++) {
		const char *t = s + toks[i].off;
		size_t tn = toks[i].len;
		obs *b = &o[i];
		char low[64];
		size_t ln = lower_into(t, tn, low, sizeof low);
		b->low = fnv(low, ln, FNV0);
		if (tn > 64)
			b->low = fnv(t + 64, tn - 64, b->low);
		if (!b->low)
			b->low = 1;
		shapes(t, tn, &b->shape, &b->lshape);
		/* prefixes and suffixes by code points */
		size_t cps[5] = {0}, ncp = 0;
		for (size_t j = 0; j < ln && ncp < 5;) {
			size_t l;
			cp_at(low, ln, j, &l);
			j += l;
			cps[ncp++] = j;
		}
		for (int k = 0; k < 4; k++)
			b->pre[k] = (size_t)k < ncp && cps[k] < ln ? fnv(low, cps[k], FNV0) : 0;
		{
			/* suffix starts: walk back over code points */
			size_t j = ln;
			for (int k = 0; k < 4; k++) {
				if (j == 0) {
					b->suf[k] = 0;
					continue;
				}
				j--;
				while (j > 0 && ((unsigned char)low[j] & 0xC0) == 0x80)
					j--;
				b->suf[k] = j > 0 ? fnv(low + j, ln - j, FNV0 ^ 2) : 0;
			}
		}
		b->kw = kw_class(low, ln);
		b->num = num_class(low, ln);
		b->caps = caps_class(t, tn);
		b->len = len_bucket(ncp < 5 ? ncp : tn);
		b->dict = feat_dict_get(d, b->low);
		int br = bracket(t, tn);
		if (br == 3 || br == -3)
			br = dquote_role(br, dquote_cp(t, tn), quote ? opener : 0);
		if (br == 1)
			paren++;
		b->paren = paren > 0;
		if (br == -1 && paren > 0)
			paren--;
		if (br == 2)
			quote = !quote, opener = 0;
		else if (br == 3)
			quote = 1, opener = dquote_cp(t, tn);
		b->quote = quote || br == -3;
		if (br == -3)
			quote = 0, opener = 0;
		/* the white-space word */
		if (i == 0 || toks[i].word != toks[i - 1].word)
			wbeg = i;
		int first = i == wbeg;
		int last = i + 1 == ntok || toks[i + 1].word != toks[i].word;
		b->wpos = first && last ? 0 : first ? 1 : last ? 3 : 2;
		if (last) {
			size_t ws = toks[wbeg].off, we = toks[i].off + toks[i].len;
			uint64_t wsh, wlg;
			shapes(s + ws, we - ws, &wsh, &wlg);
			char wl[64];
			size_t wln = lower_into(s + ws, we - ws, wl, sizeof wl);
			uint64_t wlow = fnv(wl, wln, FNV0 ^ 3);
			for (size_t j = wbeg; j <= i; j++) {
				o[j].wshape = wsh;
				o[j].wlow = wlow;
				o[j].wb = wbeg;
				o[j].we = i;
			}
		}
	}
	/* segments of the white-space words */
	uint8_t *seg = quire_arena_alloc(a, 3 * nwords);
	/* per word: the number of its segment and of its chunk (the words up
	 * to one ending in "," ";" ":" or closing a segment); per segment:
	 * what it holds (a mask), its length in words, its first word and the
	 * word before it; per segment and chunk: how many of its long words
	 * are capitalised, of how many */
	uint32_t *segid = quire_arena_alloc(a, 8 * nwords * sizeof *segid);
	uint64_t *segfirst = quire_arena_alloc(a, 2 * nwords * sizeof *segfirst);
	if (!seg || !segid || !segfirst)
		return QUIRE_ENOMEM;
	uint64_t *prevlast = segfirst + nwords;
	uint32_t *chid = segid + nwords, *segmask = segid + 2 * nwords,
		 *seglen = segid + 3 * nwords, *segup = segid + 4 * nwords,
		 *segn = segid + 5 * nwords, *chup = segid + 6 * nwords,
		 *chn4 = segid + 7 * nwords;
	memset(segmask, 0, 6 * nwords * sizeof *segid);
	uint8_t *segpos = seg + nwords, *seen = seg + 2 * nwords;
	long yseg = -1; /* the segment of the first year */
	{
		/* seen: what the words before this one held ("In", an editor
		 * keyword, a year), which tells a container from a title */
		int cur = 0, pos = 0, chn = 0;
		unsigned sn = 0;
		for (size_t i = 0; i < ntok; i++) {
			if (i + 1 < ntok && toks[i + 1].word == toks[i].word)
				continue;
			size_t w = toks[i].word;
			seen[w] = (uint8_t)sn;
			/* what the word holds, for its segment: a
			 * publisher or journal keyword, a year, another
			 * number, "In" or an editor keyword, quoted text,
			 * container-title or title dictionary words */
			unsigned has = 0, dj = 0, dt = 0;
			for (size_t j = o[i].wb; j <= i; j++) {
				sn |= (o[j].kw == K_IN ? 1u : 0u) | (o[j].kw == K_ED ? 2u : 0u) |
				      (o[j].num == 1 ? 4u : 0u);
				/* a quoted span ends after token j */
				if (o[j].quote && (j + 1 == ntok || !o[j + 1].quote))
					sn |= 8u;
				has |= (o[j].kw == K_PUBWORD ? 1u : 0u) |
				       (o[j].kw == K_JOURNAL || o[j].kw == K_PROC ? 2u : 0u) |
				       (o[j].num == 1 ? 4u : 0u) |
				       (o[j].num > 1 && o[j].num < 7 ? 8u : 0u) |
				       (o[j].kw == K_IN || o[j].kw == K_ED ? 16u : 0u) |
				       (o[j].quote ? 32u : 0u);
				dj |= o[j].dict & FEAT_D_JOURNAL;
				dt |= o[j].dict & FEAT_D_TITLE;
			}
			if (yseg < 0 && (has & 4u))
				yseg = cur;
			has |= dj && !dt ? 64u : !dj && dt ? 128u : 0u;
			segid[w] = (uint32_t)cur;
			chid[w] = (uint32_t)chn;
			{
				/* a long word (a token of six or more
				 * characters): capitalised or not */
				const obs *fw = &o[o[i].wb];
				int longw = 0;
				for (size_t j = o[i].wb; j <= i; j++)
					if (o[j].caps && o[j].len >= 5)
						longw = 1;
				if (longw) {
					int up = fw->caps >= 2;
					segup[cur] += (uint32_t)up;
					segn[cur]++;
					chup[chn] += (uint32_t)up;
					chn4[chn]++;
				}
			}
			if (pos == 0) {
				segfirst[cur] = o[i].wlow;
				prevlast[cur] = o[i].wb > 0 ? o[o[i].wb - 1].wlow : 0;
			}
			segmask[cur] |= has;
			seglen[cur]++;
			seg[w] = (uint8_t)(cur < 250 ? cur : 250);
			segpos[w] = (uint8_t)(pos < 3 ? pos : 3);
			pos++;
			if (closes_segment(s, toks, o[i].wb, i, o)) {
				cur++;
				pos = 0;
				chn++;
			} else if (toks[i].len == 1 && strchr(",;:", s[toks[i].off]) && i > o[i].wb) {
				chn++;
			}
		}
	}
	static const obs none = {0};
	uint32_t k = 0, ek = 0;
	for (size_t i = 0; i < ntok; i++) {
		const obs *b = &o[i];
		const obs *m1 = i >= 1 ? &o[i - 1] : &none;
		const obs *m2 = i >= 2 ? &o[i - 2] : &none;
		const obs *p1 = i + 1 < ntok ? &o[i + 1] : &none;
		const obs *p2 = i + 2 < ntok ? &o[i + 2] : &none;
		/* previous and next white-space words */
		const obs *wm1 = b->wb > 0 ? &o[b->wb - 1] : &none;
		const obs *wp1 = b->we + 1 < ntok ? &o[b->we + 1] : &none;
		const obs *wm2 = wm1 != &none && wm1->wb > 0 ? &o[wm1->wb - 1] : &none;
		const obs *wp2 = wp1 != &none && wp1->we + 1 < ntok ? &o[wp1->we + 1] : &none;
		uint64_t *f = keys + k;
		size_t c = 0;
		start[i] = k;
		f[c++] = F(T_BIAS, 0);
		f[c++] = F(T_LOW, b->low);
		f[c++] = F(T_LOWM1, m1->low);
		f[c++] = F(T_LOWP1, p1->low);
		f[c++] = F(T_LOWM2, m2->low);
		f[c++] = F(T_LOWP2, p2->low);
		f[c++] = F(T_SHAPE, b->shape);
		f[c++] = F(T_SHAPEM1, m1->shape);
		f[c++] = F(T_SHAPEP1, p1->shape);
		f[c++] = F(T_LSHAPE, b->lshape);
		f[c++] = F(T_WSHAPE, b->wshape);
		f[c++] = F(T_WSHAPEM1, wm1->wshape);
		f[c++] = F(T_WSHAPEP1, wp1->wshape);
		for (int j = 0; j < 4; j++) {
			if (b->pre[j])
				f[c++] = F(T_PRE + j, b->pre[j]);
			if (b->suf[j])
				f[c++] = F(T_SUF + j, b->suf[j]);
		}
		f[c++] = F(T_KW, (uint64_t)b->kw);
		f[c++] = F(T_KWM1, (uint64_t)m1->kw);
		f[c++] = F(T_KWP1, (uint64_t)p1->kw);
		f[c++] = F(T_KWM2, (uint64_t)m2->kw);
		f[c++] = F(T_KWP2, (uint64_t)p2->kw);
		f[c++] = F(T_NUM, (uint64_t)b->num);
		f[c++] = F(T_NUMM1, (uint64_t)m1->num);
		f[c++] = F(T_NUMP1, (uint64_t)p1->num);
		f[c++] = F(T_CAPS, (uint64_t)b->caps);
		f[c++] = F(T_CAPSM1, (uint64_t)m1->caps);
		f[c++] = F(T_CAPSP1, (uint64_t)p1->caps);
		for (int j = 0; j < 6; j++) {
			if (b->dict & (1u << j))
				f[c++] = F(T_DICT + j, 1);
			if (m1->dict & (1u << j))
				f[c++] = F(T_DICTM1 + j, 1);
			if (p1->dict & (1u << j))
				f[c++] = F(T_DICTP1 + j, 1);
		}
		size_t w = toks[i].word;
		f[c++] = F(T_POS, (uint64_t)(w * 8 / nwords));
		f[c++] = F(T_WIDX, (uint64_t)(w < 4 ? w : 4) + (i + 1 == ntok ? 8 : 0));
		f[c++] = F(T_PAREN, (uint64_t)b->paren);
		f[c++] = F(T_QUOTE, (uint64_t)b->quote);
		f[c++] = F(T_WPOS, (uint64_t)b->wpos);
		f[c++] = F(T_LEN, (uint64_t)b->len);
		f[c++] = F(T_LOW_M1_0, mix(m1->low, b->low));
		f[c++] = F(T_LOW_0_P1, mix(b->low, p1->low));
		f[c++] = F(T_SHAPE3, mix(mix(m1->shape, b->shape), p1->shape));
		f[c++] = F(T_KWM1_SHAPE, mix((uint64_t)m1->kw, b->shape));
		f[c++] = F(T_WLOW, b->wlow);
		f[c++] = F(T_WLOWM1, wm1->wlow);
		f[c++] = F(T_WLOWP1, wp1->wlow);
		f[c++] = F(T_WLOWM2, wm2->wlow);
		f[c++] = F(T_WLOWP2, wp2->wlow);
		f[c++] = F(T_WSHAPEM2, wm2->wshape);
		f[c++] = F(T_WSHAPEP2, wp2->wshape);
		f[c++] = F(T_WPOS_LOW, mix((uint64_t)b->wpos, b->low));
		f[c++] = F(T_CAPS_WPOS, (uint64_t)b->caps * 4 + (uint64_t)b->wpos);
		f[c++] = F(T_PAREN_NUM, (uint64_t)b->paren * 16 + (uint64_t)b->num);
		f[c++] = F(T_KWM2_KWM1, mix((uint64_t)m2->kw, (uint64_t)m1->kw));
		{
			int sg = seg[w], last = seg[nwords - 1];
			int rev = last - sg;
			f[c++] = F(T_SEG, (uint64_t)(sg < 6 ? sg : 6));
			f[c++] = F(T_SEGREV, (uint64_t)(rev < 6 ? rev : 6));
			f[c++] = F(T_SEG_CAPS, (uint64_t)(sg < 6 ? sg : 6) * 8 + (uint64_t)b->caps);
			f[c++] = F(T_SEGSTART_CAPS, (uint64_t)(segpos[w] == 0) * 8 + (uint64_t)b->caps);
			f[c++] = F(T_SEGPOS, (uint64_t)segpos[w] * 8 + (uint64_t)(rev < 3 ? rev : 3));
			f[c++] = F(T_SEEN, (uint64_t)seen[w]);
			f[c++] = F(T_SEEN_CAPS, (uint64_t)seen[w] * 8 + (uint64_t)b->caps);
			/* the segment relative to the first year's: in author-year
			 * styles the title follows it, in others the year closes */
			/* the segment relative to the first year's: in author-year
			 * styles the title follows it, in others the year closes */
			long yr = yseg < 0 ? 7 : (long)segid[w] - yseg;
			if (yseg >= 0)
				yr = (yr < -3 ? -3 : yr > 3 ? 3 : yr) + 3;
			f[c++] = F(T_YREL_CAPS, (uint64_t)(yr * 8 + b->caps));
			f[c++] = F(T_YREL_SEGPOS, (uint64_t)yr * 8 + (uint64_t)segpos[w] * 2 + (uint64_t)(rev == 0));
			/* what the segment holds, its length, its title case; the
			 * title case of the chunk (the words up to a "," ";" ":") */
			uint32_t sg2 = segid[w];
			f[c++] = F(T_SEGHAS, (uint64_t)segmask[sg2]);
			f[c++] = F(T_SEGLEN, (uint64_t)nw_bucket(seglen[sg2]) * 8 + (uint64_t)(rev < 3 ? rev : 3));
			f[c++] = F(T_SEGCASE, (uint64_t)case_class(segup[sg2], segn[sg2]));
			f[c++] = F(T_CHUNKCASE, (uint64_t)case_class(chup[chid[w]], chn4[chid[w]]));
			/* the segment's first word and the word before it */
			f[c++] = F(T_SEGFIRST, segfirst[sg2]);
			f[c++] = F(T_PREVSEGLAST, prevlast[sg2]);
		}
		k += (uint32_t)c;
		/* edge features (none into the first token) */
		estart[i] = ek;
		if (i > 0) {
			uint64_t *e = ekeys + ek;
			size_t ec = 0;
			int newword = b->wpos <= 1;
			int segstart = newword && segpos[w] == 0;
			e[ec++] = F(E_SHAPEM1, m1->shape);
			e[ec++] = F(E_CAPS, (uint64_t)b->caps);
			e[ec++] = F(E_KW, (uint64_t)b->kw);
			e[ec++] = F(E_SHAPEM1_CAPS, mix(m1->shape, (uint64_t)b->caps));
			e[ec++] = F(E_SHAPE, b->shape);
			e[ec++] = F(E_NEWWORD_SHAPEM1, mix((uint64_t)newword, m1->shape));
			e[ec++] = F(E_SEGSTART_CAPS, (uint64_t)segstart * 8 + (uint64_t)b->caps);
			ek += (uint32_t)ec;
		}
	}
	start[ntok] = k;
	estart[ntok] = ek;
	out->n = ntok;
	out->start = start;
	out->keys = keys;
	out->estart = estart;
	out->ekeys = ekeys;
	return QUIRE_OK;
}

quire_status feat_join(const feat_seq *parts, const uint64_t *last, size_t k,
		       quire_arena *a, feat_seq *out)
{
	memset(out, 0, sizeof *out);
	size_t n = 0, nk = 0, ne = 0;
	for (size_t j = 0; j < k; j++) {
		n += parts[j].n;
		nk += parts[j].n ? parts[j].start[parts[j].n] + 3 : 0;
		ne += parts[j].n ? parts[j].estart[parts[j].n] + 2 : 0;
	}
	if (n == 0)
		return QUIRE_OK;
	if (nk > UINT32_MAX || ne > UINT32_MAX)
		return QUIRE_ENOMEM;
	uint32_t *start = quire_arena_alloc(a, (n + 1) * sizeof *start);
	uint32_t *estart = quire_arena_alloc(a, (n + 1) * sizeof *estart);
	uint64_t *keys = quire_arena_alloc(a, nk * sizeof *keys);
	uint64_t *ekeys = quire_arena_alloc(a, (ne ? ne : 1) * sizeof *ekeys);
	if (!start || !estart || !keys || !ekeys)
		return QUIRE_ENOMEM;
	size_t t = 0, kk = 0, ek = 0;
	int before = 0; /* a line with tokens came before */
	uint64_t prevlast = 0;
	for (size_t j = 0; j < k; j++) {
		const feat_seq *p = &parts[j];
		if (p->n == 0)
			continue;
		int after = 0; /* a line with tokens comes after */
		for (size_t q = j + 1; q < k && !after; q++)
			after = parts[q].n > 0;
		for (size_t i = 0; i < p->n; i++, t++) {
			start[t] = (uint32_t)kk;
			size_t c = p->start[i + 1] - p->start[i];
			memcpy(keys + kk, p->keys + p->start[i], c * sizeof *keys);
			kk += c;
			if (i == 0 && before) {
				keys[kk++] = F(T_LINESTART, 1);
				keys[kk++] = F(T_LINESTART_PREV, prevlast);
			}
			if (i + 1 == p->n && after)
				keys[kk++] = F(T_LINEEND, 1);
			estart[t] = (uint32_t)ek;
			size_t ec = p->estart[i + 1] - p->estart[i];
			memcpy(ekeys + ek, p->ekeys + p->estart[i], ec * sizeof *ekeys);
			ek += ec;
			if (i == 0 && before) {
				ekeys[ek++] = F(E_LINEBREAK, 1);
				ekeys[ek++] = F(E_LINEBREAK_PREV, prevlast);
			}
		}
		before = 1;
		prevlast = last ? last[j] : 0;
	}
	start[n] = (uint32_t)kk;
	estart[n] = (uint32_t)ek;
	out->n = n;
	out->start = start;
	out->keys = keys;
	out->estart = estart;
	out->ekeys = ekeys;
	return QUIRE_OK;
}
