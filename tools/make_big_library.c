/*
 * make_big_library.c — fills a new library with N papers, fast, for the
 * benchmarks: the web benchmark's memory figure (bench/web.sh) and the
 * search benchmark's corpus (bench/search.sh).
 *
 *   make_big_library LIBRARY N [--data DIR] [--dump FILE]
 *
 * Two kinds of paper, both the same on every run (paper i depends only on
 * i, N and, with --data, the files read):
 *
 * Generated (the default; no file is read): a title of three made-up
 * words, a byline, three headed sections of about 120 words drawn from a
 * vocabulary of 4,000 made-up words.
 *
 * Recombined (--data DIR, DIR being ../shared/data): papers made of real
 * prose, so that the index holds realistic term statistics (a Zipfian
 * vocabulary of real English, real phrases, real document lengths).  The
 * sources: the paragraphs of the 189 essays of essays/se-essays and the
 * abstracts, titles and authors of the IR collections ir/cranfield,
 * ir/cisi and ir/cacm.  Every source paragraph is cut into sentences;
 * paper i then draws, with a generator seeded by i alone:
 *
 *   - a kind: essay-like (half) or abstract-like (scientific prose); the
 *     kind decides which sentence pool, title pool and tags it draws from;
 *   - a title: a source title, or half of one joined to half of another;
 *   - one to three authors from the pool of real author names;
 *   - a year, 1950 to 2024, more recent years more likely;
 *   - 2 to 13 paragraphs (about 130 words each), a heading before every
 *     third; a paragraph is a run of 2 to 7 sentences that continues the
 *     source text with probability 0.7 at each sentence and otherwise
 *     jumps to a random sentence of the pool: local phrases stay real
 *     while no two papers are alike;
 *   - the long tail a real library has (names, formulas, identifiers,
 *     which 6,000 source documents lack): one sentence in five gets a
 *     made-up word drawn log-uniformly (P(k) ~ 1/k, Zipf's law) from a
 *     vocabulary of 480,000, so most of them are rare and a few common;
 *   - one or two tags (the source collection's subject, and one in three
 *     papers a reading-list tag such as "to-read");
 *   - the format: one paper in four is Markdown (read by the Markdown
 *     reader), the rest plain text.
 *
 * The average paper has about 900 words.  The text goes through the reader
 * and the analysis in this process (no sandbox: the bytes are our own) and
 * into the store through st_add, as `quire add` would put it; one paper in
 * ten is members-only, one in fifty private; the analysed year is replaced
 * by the drawn one.
 *
 * --dump FILE writes, for the other engines of the search benchmark, one
 * line per paper of tab-separated fields: id, title, authors (joined by
 * "; "), year, format, tags (joined by ","), words, visibility, and the
 * normalised text exactly as quire stored it (tabs, newlines and carriage
 * returns turned into spaces).  The end prints, on stdout, how long the
 * analysis and the store took and how many bytes of text went in.
 * Progress goes to stderr; exit status 0 on success.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dirent.h>
#include <math.h>

#include "buf.h"
#include "formats.h"
#include "ingest.h"
#include "quire.h"
#include "store.h"

#define VOCAB 4000
#define MBL_BATCH 256 /* papers a transaction */

static const char *const syl[] = {
	"ka", "lo", "mer", "ti", "sun", "dra", "vel", "po", "rin", "sha",
	"tor", "ne", "bla", "qui", "zem", "fa", "gor", "li", "mon", "the",
};
#define NSYL (sizeof syl / sizeof syl[0])

/* A small deterministic generator (xorshift64). */
static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A uniform draw in [0, n). */
static size_t pick(uint64_t *s, size_t n)
{
	return n ? (size_t)(next(s) % n) : 0;
}

/* Word k of the vocabulary into out: three or four syllables. */
static void word(size_t k, char *out, size_t n)
{
	size_t a = k % NSYL, b = (k / NSYL) % NSYL, c = (k / (NSYL * NSYL)) % NSYL;
	snprintf(out, n, "%s%s%s%s", syl[a], syl[b], syl[(a + c) % NSYL],
		 k % 3 ? "" : "n");
}

static void sentence(buf_t *b, uint64_t *rs, int len)
{
	char w[32];
	for (int i = 0; i < len; i++) {
		/* a Zipf-like draw: small ranks are common */
		uint64_t r = next(rs) % VOCAB;
		r = r * (next(rs) % VOCAB) / VOCAB;
		word((size_t)r, w, sizeof w);
		if (i == 0 && w[0] >= 'a' && w[0] <= 'z')
			w[0] = (char)(w[0] - 'a' + 'A');
		buf_printf(b, "%s%s", i ? " " : "", w);
	}
	buf_puts(b, ". ");
}

/* Generated paper i into b. */
static void generated(buf_t *b, long i, uint64_t *rs)
{
	char t1[32], t2[32], t3[32];
	word((size_t)(next(rs) % VOCAB), t1, sizeof t1);
	word((size_t)(next(rs) % VOCAB), t2, sizeof t2);
	word((size_t)(next(rs) % VOCAB), t3, sizeof t3);
	buf_printf(b, "On %s and %s: %s, paper %ld\n\nBy A. Writer %ld\n\n",
		   t1, t2, t3, i + 1, i % 997);
	static const char *const heads[] = {"Introduction", "Argument", "Conclusion"};
	for (int s = 0; s < 3; s++) {
		buf_printf(b, "%s\n\n", heads[s]);
		for (int p = 0; p < 2; p++) {
			for (int k = 0; k < 5; k++)
				sentence(b, rs, 8 + (int)(next(rs) % 8));
			buf_puts(b, "\n\n");
		}
	}
}

/* ------------------------------------------------------------------ */
/* The recombined corpus                                               */
/* ------------------------------------------------------------------ */

/* A string of a pool: points into a pool's text. */
typedef struct span {
	const char *p;
	size_t n;
} span;

typedef struct spans {
	span *v;
	size_t n, cap;
} spans;

/* One kind of source: its sentences (in source order), titles, tag. */
typedef struct pool {
	spans sent, titles;
	const char *tag;
} pool;

/* Everything read from the data directory. */
typedef struct corpus {
	pool pools[4]; /* essays, cranfield, cisi, cacm */
	spans authors;
	buf_t **texts; /* the files and decoded strings, kept alive */
	size_t n_texts, cap_texts;
} corpus;

static int spans_push(spans *s, const char *p, size_t n)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		span *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].p = p;
	s->v[s->n++].n = n;
	return 0;
}

/* A new buffer owned by the corpus (its bytes never move once filled). */
static buf_t *corpus_buf(corpus *c)
{
	if (c->n_texts == c->cap_texts) {
		size_t cap = c->cap_texts ? c->cap_texts * 2 : 64;
		buf_t **v = realloc(c->texts, cap * sizeof *v);
		if (!v)
			return NULL;
		c->texts = v;
		c->cap_texts = cap;
	}
	buf_t *b = malloc(sizeof *b);
	if (!b)
		return NULL;
	buf_init(b);
	c->texts[c->n_texts++] = b;
	return b;
}

/* Whole file into a corpus buffer; NULL on failure. */
static buf_t *slurp(corpus *c, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf_t *b = corpus_buf(c);
	char tmp[65536];
	size_t k;
	while (b && (k = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_append(b, tmp, k);
	fclose(f);
	if (!b || buf_failed(b))
		return NULL;
	buf_putc(b, '\0');
	return b;
}

static int is_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Cuts paragraph p[0..n) into sentences onto s: a sentence ends at '.',
 * '?' or '!' followed by a space and then anything but a lower-case
 * letter, or at " . " (the lower-cased Cranfield abstracts). */
static int split_sentences(spans *s, const char *p, size_t n)
{
	size_t start = 0;
	while (start < n && is_space(p[start]))
		start++;
	for (size_t i = start; i < n; i++) {
		char c = p[i];
		if ((c == '.' || c == '?' || c == '!') && i + 2 < n && p[i + 1] == ' ' &&
		    (!(p[i + 2] >= 'a' && p[i + 2] <= 'z') || (i > 0 && p[i - 1] == ' '))) {
			if (i + 1 - start >= 12 && spans_push(s, p + start, i + 1 - start))
				return -1;
			start = i + 2;
			while (start < n && is_space(p[start]))
				start++;
			i = start;
		}
	}
	while (n > start && is_space(p[n - 1]))
		n--;
	if (n > start + 12 && spans_push(s, p + start, n - start))
		return -1;
	return 0;
}

/* An essay file: line 1 title, line 2 "by …", then paragraphs. */
static int read_essay(corpus *c, const char *path)
{
	buf_t *b = slurp(c, path);
	if (!b)
		return -1;
	char *t = b->p;
	char *e1 = strchr(t, '\n');
	if (!e1)
		return 0;
	*e1 = '\0';
	pool *pl = &c->pools[0];
	if (spans_push(&pl->titles, t, strlen(t)))
		return -1;
	char *l2 = e1 + 1, *e2 = strchr(l2, '\n');
	if (!e2)
		return 0;
	*e2 = '\0';
	if (strncmp(l2, "by ", 3) == 0 && spans_push(&c->authors, l2 + 3, strlen(l2 + 3)))
		return -1;
	/* paragraphs: runs separated by a blank line; a verse line break
	 * inside one becomes a space */
	char *p = e2 + 1;
	while (*p) {
		char *end = strstr(p, "\n\n");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		for (size_t i = 0; i < n; i++)
			if (p[i] == '\n')
				p[i] = ' ';
		if (n > 80 && split_sentences(&pl->sent, p, n))
			return -1;
		if (!end)
			break;
		p = end + 2;
	}
	return 0;
}

/* Appends UTF-8 of code point u to b. */
static void put_utf8(buf_t *b, unsigned u)
{
	if (u < 0x80) {
		buf_putc(b, (char)u);
	} else if (u < 0x800) {
		buf_putc(b, (char)(0xC0 | u >> 6));
		buf_putc(b, (char)(0x80 | (u & 0x3F)));
	} else if (u < 0x10000) {
		buf_putc(b, (char)(0xE0 | u >> 12));
		buf_putc(b, (char)(0x80 | ((u >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (u & 0x3F)));
	} else {
		buf_putc(b, (char)(0xF0 | u >> 18));
		buf_putc(b, (char)(0x80 | ((u >> 12) & 0x3F)));
		buf_putc(b, (char)(0x80 | ((u >> 6) & 0x3F)));
		buf_putc(b, (char)(0x80 | (u & 0x3F)));
	}
}

/* Decodes the JSON string starting at the quote *s into b (with a NUL
 * after it); returns the end (after the closing quote) or NULL.  Escaped
 * newlines become spaces; surrogate pairs are joined. */
static const char *json_string(const char *s, buf_t *b)
{
	if (*s != '"')
		return NULL;
	for (s++; *s && *s != '"'; s++) {
		if (*s != '\\') {
			buf_putc(b, *s == '\n' ? ' ' : *s);
			continue;
		}
		s++;
		switch (*s) {
		case 'n': case 't': case 'r': buf_putc(b, ' '); break;
		case 'b': case 'f': break;
		case 'u': {
			unsigned u = 0;
			if (sscanf(s + 1, "%4x", &u) != 1)
				return NULL;
			s += 4;
			if (u >= 0xD800 && u < 0xDC00 && s[1] == '\\' && s[2] == 'u') {
				unsigned lo = 0;
				if (sscanf(s + 3, "%4x", &lo) == 1 && lo >= 0xDC00 && lo < 0xE000) {
					u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
					s += 6;
				}
			}
			put_utf8(b, u);
			break;
		}
		case '\0': return NULL;
		default: buf_putc(b, *s); break;
		}
	}
	if (*s != '"')
		return NULL;
	buf_putc(b, '\0');
	return s + 1;
}

/* The value of "key" in the JSON object line (one level, as these files
 * are written), or NULL. */
static const char *json_key(const char *line, const char *key)
{
	char pat[32];
	snprintf(pat, sizeof pat, "\"%s\": ", key);
	const char *k = strstr(line, pat);
	return k ? k + strlen(pat) : NULL;
}

/* Author p[0..n) onto the authors, "Last, First" turned into
 * "First Last" (in a new corpus buffer). */
static int author(corpus *c, const char *p, size_t n)
{
	const char *comma = memchr(p, ',', n);
	if (!comma)
		return spans_push(&c->authors, p, n);
	buf_t *b = corpus_buf(c);
	if (!b)
		return -1;
	const char *first = comma + 1;
	while (first < p + n && *first == ' ')
		first++;
	buf_append(b, first, (size_t)(p + n - first));
	buf_putc(b, ' ');
	buf_append(b, p, (size_t)(comma - p));
	buf_putc(b, '\0');
	return buf_failed(b) ? -1 : spans_push(&c->authors, b->p, b->len - 1);
}

/* One IR collection (corpus.jsonl) into pool pl. */
static int read_ir(corpus *c, pool *pl, const char *path)
{
	buf_t *file = slurp(c, path);
	buf_t *out = corpus_buf(c);
	if (!file || !out)
		return -1;
	/* Decode everything into out first (its bytes may move while it
	 * grows), remembering offsets; then make the spans. */
	typedef struct { size_t off, n; int what; } rec;
	rec *rv = NULL;
	size_t nr = 0, cap = 0;
	for (char *line = file->p; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		static const char *const keys[] = {"title", "text"};
		for (int k = 0; k < 3; k++) {
			const char *v = k < 2 ? json_key(line, keys[k]) : json_key(line, "authors");
			if (!v)
				continue;
			if (k == 2) { /* ["Last, First", …] */
				if (*v++ != '[')
					continue;
				while (*v == '"') {
					size_t off = out->len;
					v = json_string(v, out);
					if (!v)
						break;
					if (nr == cap) {
						cap = cap ? cap * 2 : 1024;
						rec *nv = realloc(rv, cap * sizeof *nv);
						if (!nv) {
							free(rv);
							return -1;
						}
						rv = nv;
					}
					rv[nr++] = (rec){off, out->len - 1 - off, 2};
					while (*v == ',' || *v == ' ')
						v++;
				}
				continue;
			}
			size_t off = out->len;
			if (!json_string(v, out))
				continue;
			if (nr == cap) {
				cap = cap ? cap * 2 : 1024;
				rec *nv = realloc(rv, cap * sizeof *nv);
				if (!nv) {
					free(rv);
					return -1;
				}
				rv = nv;
			}
			rv[nr++] = (rec){off, out->len - 1 - off, k};
		}
		line = nl ? nl + 1 : NULL;
	}
	int rc = buf_failed(out) ? -1 : 0;
	for (size_t i = 0; i < nr && rc == 0; i++) {
		const char *p = out->p + rv[i].off;
		size_t n = rv[i].n;
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '.'))
			n--;
		if (n == 0)
			continue;
		if (rv[i].what == 0)
			rc = spans_push(&pl->titles, p, n);
		else if (rv[i].what == 1)
			rc = n > 80 ? split_sentences(&pl->sent, p, rv[i].n) : 0;
		else
			rc = author(c, p, n);
	}
	free(rv);
	return rc;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Reads the sources under dir; 0 on success. */
static int corpus_read(corpus *c, const char *dir)
{
	char path[4096];
	memset(c, 0, sizeof *c);
	c->pools[0].tag = "essays";
	c->pools[1].tag = "aerodynamics";
	c->pools[2].tag = "information-science";
	c->pools[3].tag = "computing";
	/* essays, in name order (readdir's order is the file system's) */
	snprintf(path, sizeof path, "%s/essays/se-essays/texts", dir);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	char **names = NULL;
	size_t nn = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 5 || strcmp(de->d_name + l - 4, ".txt") != 0)
			continue;
		if (nn == cap) {
			cap = cap ? cap * 2 : 256;
			char **nv = realloc(names, cap * sizeof *nv);
			if (!nv)
				break;
			names = nv;
		}
		names[nn++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof *names, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < nn; i++) {
		snprintf(path, sizeof path, "%s/essays/se-essays/texts/%s", dir, names[i]);
		if (rc == 0 && names[i])
			rc = read_essay(c, path);
		free(names[i]);
	}
	free(names);
	static const char *const ir[] = {"cranfield", "cisi", "cacm"};
	for (int k = 0; k < 3 && rc == 0; k++) {
		snprintf(path, sizeof path, "%s/ir/%s/corpus.jsonl", dir, ir[k]);
		rc = read_ir(c, &c->pools[k + 1], path);
	}
	/* CACM has titles but (mostly) no abstracts: its papers draw their
	 * sentences from the CISI pool, the nearest subject. */
	if (rc == 0 && c->pools[3].sent.n < 2000)
		c->pools[3].sent = c->pools[2].sent;
	for (int k = 0; k < 4 && rc == 0; k++)
		if (!c->pools[k].sent.n || !c->pools[k].titles.n)
			rc = -1;
	if (rc == 0 && !c->authors.n)
		rc = -1;
	return rc;
}

/* A made-up word of the long tail, drawn log-uniformly from 480,000. */
static void tail_word(uint64_t *rs, buf_t *b)
{
	double u = (double)(next(rs) >> 11) / 9007199254740992.0;
	size_t k = (size_t)(exp(u * 13.08)) - 1; /* e^13.08 ~ 480,000 */
	static const char *const end[] = {"", "n", "ite", "ase", "ov", "ia"};
	size_t a = k % NSYL, bb = (k / NSYL) % NSYL, c = (k / (NSYL * NSYL)) % NSYL;
	size_t d = (k / (NSYL * NSYL * NSYL)) % NSYL, e = (k / 160000) % 6;
	buf_printf(b, "%c%s%s%s%s%s", syl[a][0] - 'a' + 'A', syl[a] + 1, syl[bb],
		   k >= 400 ? syl[c] : "", k >= 8000 ? syl[d] : "", end[e]);
}

/* Appends sentence s (with a made-up word, one time in five). */
static void put_sentence(buf_t *b, const span *s, uint64_t *rs)
{
	if (pick(rs, 5) != 0) {
		buf_append(b, s->p, s->n);
		return;
	}
	/* after a word boundary somewhere in the sentence */
	size_t at = pick(rs, s->n), n = s->n;
	while (at < n && s->p[at] != ' ')
		at++;
	buf_append(b, s->p, at);
	buf_putc(b, ' ');
	tail_word(rs, b);
	buf_append(b, s->p + at, n - at);
}

static void put_title(buf_t *b, const pool *pl, uint64_t *rs)
{
	const span *t = &pl->titles.v[pick(rs, pl->titles.n)];
	if (pick(rs, 2)) {
		buf_append(b, t->p, t->n);
		return;
	}
	/* the first half of one title and the second half of another */
	const span *u = &pl->titles.v[pick(rs, pl->titles.n)];
	size_t h = t->n / 2, k = u->n / 2;
	while (h < t->n && t->p[h] != ' ')
		h++;
	while (k < u->n && u->p[k] != ' ')
		k++;
	buf_append(b, t->p, h);
	buf_append(b, u->p + k, u->n - k);
}

static const char *const heads[] = {
	"Introduction", "Background", "Method", "Argument", "Results",
	"Discussion", "Objections", "Conclusion", "Notes", "Analysis",
};

static const char *const lists[] = {"to-read", "favourite", "course", "cited"};

/* Recombined paper i into b; its year and tags into *year, tags. */
static void recombined(buf_t *b, const corpus *c, uint64_t *rs, int markdown,
		       int *year, const char **tags, size_t *n_tags)
{
	int kind = pick(rs, 2) ? 0 : 1 + (int)pick(rs, 3);
	const pool *pl = &c->pools[kind];
	/* 1950-2024, the recent years likelier: the larger of two draws */
	size_t y1 = pick(rs, 75), y2 = pick(rs, 75);
	*year = 1950 + (int)(y1 > y2 ? y1 : y2);
	tags[0] = pl->tag;
	*n_tags = 1;
	if (pick(rs, 3) == 0)
		tags[(*n_tags)++] = lists[pick(rs, 4)];

	if (markdown)
		buf_puts(b, "# ");
	put_title(b, pl, rs);
	buf_puts(b, "\n\n");
	size_t na = 1 + pick(rs, 3);
	buf_puts(b, "By ");
	for (size_t k = 0; k < na; k++) {
		const span *a = &c->authors.v[pick(rs, c->authors.n)];
		buf_puts(b, k ? (k + 1 == na ? " and " : ", ") : "");
		buf_append(b, a->p, a->n);
	}
	buf_puts(b, "\n\n");

	size_t paras = 2 + pick(rs, 12);
	for (size_t q = 0; q < paras; q++) {
		if (q % 3 == 1)
			buf_printf(b, "%s%s\n\n", markdown ? "## " : "", heads[pick(rs, 10)]);
		size_t ns = 2 + pick(rs, 6), at = pick(rs, pl->sent.n);
		for (size_t k = 0; k < ns; k++) {
			if (k)
				buf_putc(b, ' ');
			put_sentence(b, &pl->sent.v[at], rs);
			at = pick(rs, 10) < 7 ? (at + 1) % pl->sent.n : pick(rs, pl->sent.n);
		}
		buf_puts(b, "\n\n");
	}
}

/* One dump field: tabs and line ends become spaces. */
static void dump_field(FILE *f, const char *s, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		putc(ch == '\t' || ch == '\n' || ch == '\r' ? ' ' : ch, f);
	}
	fputs(sep, f);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	const char *data = NULL, *dump = NULL;
	int pos = 0;
	const char *lib = NULL, *count = NULL;
	for (int k = 1; k < argc; k++) {
		if (strcmp(argv[k], "--data") == 0 && k + 1 < argc)
			data = argv[++k];
		else if (strcmp(argv[k], "--dump") == 0 && k + 1 < argc)
			dump = argv[++k];
		else if (pos == 0 && ++pos)
			lib = argv[k];
		else if (pos == 1 && ++pos)
			count = argv[k];
		else
			pos = 9;
	}
	if (pos != 2) {
		fprintf(stderr, "usage: make_big_library LIBRARY N [--data DIR] [--dump FILE]\n");
		return 2;
	}
	long n = strtol(count, NULL, 10);
	if (n <= 0) {
		fprintf(stderr, "make_big_library: N must be a positive number\n");
		return 2;
	}
	static corpus c;
	if (data && corpus_read(&c, data) != 0) {
		fprintf(stderr, "make_big_library: %s: cannot read the essays and IR collections\n",
			data);
		return 1;
	}
	FILE *df = NULL;
	if (dump && !(df = fopen(dump, "w"))) {
		fprintf(stderr, "make_big_library: %s: cannot write\n", dump);
		return 1;
	}
	quire_error err = {0};
	store_t *st = NULL;
	if (st_open(lib, ST_CREATE, &st, &err) != QUIRE_OK) {
		fprintf(stderr, "make_big_library: %s: %s\n", lib, err.msg);
		if (df)
			fclose(df);
		return 1;
	}
	quire_options qo = quire_options_default();
	int64_t now = (int64_t)time(NULL);
	int rc = 0;
	double t_analyse = 0, t_store = 0;
	unsigned long long text_bytes = 0, file_bytes = 0;
	/* Papers go in by batches of MBL_BATCH, one transaction each, as
	 * `quire add` of many files does: a transaction a paper spends most
	 * of its time in fsync. */
	for (long i = 0; i < n && rc == 0; i++) {
		if (i % MBL_BATCH == 0 && st_batch_begin(st, &err) != QUIRE_OK) {
			fprintf(stderr, "make_big_library: %s: %s\n", lib, err.msg);
			rc = 1;
			break;
		}
		uint64_t rs = 0x9E3779B97F4A7C15ULL ^ (uint64_t)(i + 1) * 0x2545F4914F6CDD1DULL;
		buf_t b = BUF_INIT;
		int year = 0, markdown = data && i % 4 == 1;
		const char *tags[2];
		size_t n_tags = 0;
		double t0 = now_s();
		if (data)
			recombined(&b, &c, &rs, markdown, &year, tags, &n_tags);
		else
			generated(&b, i, &rs);
		quire_arena *a = quire_arena_new(0);
		quire_source *src = a ? quire_source_new(a) : NULL;
		quire_paper *p = NULL;
		st_new nw;
		memset(&nw, 0, sizeof nw);
		quire_status s = src && !buf_failed(&b) ? QUIRE_OK : QUIRE_ENOMEM;
		if (s == QUIRE_OK)
			s = markdown ? rd_markdown_read((const unsigned char *)b.p, b.len, src, &err)
				     : rd_text_read((const unsigned char *)b.p, b.len, src, &err);
		if (s == QUIRE_OK)
			s = quire_analyze(src, &qo, a, &p, &err);
		if (s == QUIRE_OK)
			s = ingest_fill(p, markdown ? "markdown" : "text", a, &nw, &err);
		char sha[65], fname[48], id[16] = "";
		double t1 = now_s();
		if (s == QUIRE_OK) {
			st_sha256_hex((const unsigned char *)b.p, b.len, sha);
			snprintf(fname, sizeof fname, "paper-%ld.%s", i + 1, markdown ? "md" : "txt");
			nw.filename = fname;
			nw.file = (const unsigned char *)b.p;
			nw.file_len = b.len;
			nw.sha256 = sha;
			nw.visibility = i % 50 == 7 ? ST_PRIVATE : i % 10 == 3 ? ST_MEMBERS : ST_PUBLIC;
			nw.added = now - (n - i);
			if (data) {
				nw.year = year;
				nw.tags = tags;
				nw.n_tags = n_tags;
			}
			s = st_add(st, &nw, id, &err);
		}
		double t2 = now_s();
		t_analyse += t1 - t0;
		t_store += t2 - t1;
		if (s != QUIRE_OK) {
			fprintf(stderr, "make_big_library: paper %ld: %s\n", i + 1,
				err.msg[0] ? err.msg : quire_status_str(s));
			rc = 1;
		} else {
			text_bytes += nw.text_len;
			file_bytes += b.len;
		}
		if (s == QUIRE_OK && df) {
			dump_field(df, id, strlen(id), "\t");
			dump_field(df, nw.title ? nw.title : "", nw.title ? strlen(nw.title) : 0, "\t");
			for (const char *au = nw.authors; au && *au;) {
				const char *e = strchr(au, '\n');
				size_t l = e ? (size_t)(e - au) : strlen(au);
				dump_field(df, au, l, e ? "; " : "");
				au = e ? e + 1 : au + l;
			}
			fprintf(df, "\t%d\t%s\t", nw.year, nw.format ? nw.format : "text");
			for (size_t k = 0; k < nw.n_tags; k++)
				fprintf(df, "%s%s", k ? "," : "", nw.tags[k]);
			fprintf(df, "\t%zu\t%d\t", nw.words, (int)nw.visibility);
			dump_field(df, nw.text ? nw.text : "", nw.text_len, "\n");
		}
		quire_arena_free(a);
		buf_free(&b);
		if ((i + 1) % 10000 == 0)
			fprintf(stderr, "%ld papers\n", i + 1);
		if (((i + 1) % MBL_BATCH == 0 || i + 1 == n) && st_batch_commit(st, &err) != QUIRE_OK) {
			fprintf(stderr, "make_big_library: %s: %s\n", lib, err.msg);
			rc = 1;
		}
	}
	st_close(st);
	if (df && fclose(df) != 0) {
		fprintf(stderr, "make_big_library: %s: write failed\n", dump);
		rc = 1;
	}
	printf("papers: %ld\nfile_bytes: %llu\ntext_bytes: %llu\n"
	       "analyse_s: %.2f\nstore_s: %.2f\n",
	       n, file_bytes, text_bytes, t_analyse, t_store);
	for (int k = 0; k < 4; k++) {
		free(c.pools[k].titles.v);
		if (k != 3 || c.pools[3].sent.v != c.pools[2].sent.v)
			free(c.pools[k].sent.v);
	}
	free(c.authors.v);
	for (size_t k = 0; k < c.n_texts; k++) {
		buf_free(c.texts[k]);
		free(c.texts[k]);
	}
	free(c.texts);
	return rc;
}
