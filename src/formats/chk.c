/*
 * chk.c — checking a text against the library for reused passages (see
 * chk.h).
 *
 * Decisions:
 *  - The file is read exactly as `quire add` reads it (fmt_sniff, the
 *    reader in the sandbox, quire_analyze with the library's options), so
 *    the check sees the same words the library stored; the citations are
 *    not parsed (the check does not need them).
 *  - Offsets must be exact in the file as given (PAN's scorer), but the
 *    analysis works on a normalised text.  For text and Markdown files the
 *    words are therefore cut from the decoded bytes themselves, and the
 *    analysis is used only to find what to leave out (block quotes, the
 *    bibliography): its blocks are mapped onto the decoded text by a
 *    monotone walk over both word sequences (equal normal forms; a short
 *    look-ahead resynchronises over page furniture the analysis dropped;
 *    words it joined, like a dehyphenated "infor- mation", stay unmapped).
 *    Bounded: O(words * look-ahead).
 *  - Every k-gram of the checked text is looked up (not only the winnowed
 *    ones): winnowing guarantees that a shared run of w + k - 1 words puts
 *    one of the SOURCE's winnowed fingerprints among the text's k-grams;
 *    looking up all of them costs a few thousand index seeks.
 *  - Only the papers sharing the most fingerprints are aligned (25 by
 *    default): alignment reads a paper's text, the costly step.
 */
#include "chk.h"

#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "formats.h"

#define CHK_MAX_SOURCES 25
#define CHK_LOOKAHEAD 64 /* words skipped to resynchronise the two texts */
#define CHK_NONE ((size_t)-1)

static int chk_textual(const char *format)
{
	return format && (strcmp(format, "text") == 0 ||
			  strcmp(format, "markdown") == 0);
}

/* Decodes a text file's bytes into arena a; *shift gets 1 when a BOM was
 * dropped. */
static quire_status chk_decode(const unsigned char *b, size_t n,
			       quire_arena *a, const char **text, size_t *len,
			       size_t *shift, quire_error *err)
{
	dec_text d;
	memset(&d, 0, sizeof d);
	quire_status s = dec_decode(b, n, &d, err);
	if (s)
		return s;
	char *t = quire_arena_alloc(a, d.n + 1);
	if (!t) {
		dec_free(&d);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	memcpy(t, d.s, d.n);
	t[d.n] = 0;
	*text = t;
	*len = d.n;
	*shift = d.encoding && strcmp(d.encoding, "UTF-8 with BOM") == 0;
	dec_free(&d);
	return QUIRE_OK;
}

/* map[i] = the word of o that word i of p is, or CHK_NONE. */
static void chk_map_words(const reuse_text *p, const reuse_text *o, size_t *map)
{
	size_t j = 0;
	for (size_t i = 0; i < p->n_words; i++) {
		uint64_t h = p->words[i].hash;
		map[i] = CHK_NONE;
		if (j < o->n_words && o->words[j].hash == h) {
			map[i] = j++;
			continue;
		}
		for (size_t d = 1; d <= CHK_LOOKAHEAD && j + d < o->n_words; d++) {
			size_t c = j + d;
			if (o->words[c].hash != h)
				continue;
			if (i + 1 < p->n_words && c + 1 < o->n_words &&
			    o->words[c + 1].hash != p->words[i + 1].hash)
				continue;
			map[i] = c;
			j = c + 1;
			break;
		}
	}
}

/* Is a block of this kind left out under o? */
static int chk_skip_kind(quire_block_kind k, const chk_opts *o)
{
	if (k == QUIRE_BLOCK_QUOTE)
		return !o->include_quotes;
	if (k == QUIRE_BLOCK_BIB_HEADING || k == QUIRE_BLOCK_BIB_SECTION ||
	    k == QUIRE_BLOCK_REFERENCE)
		return !o->include_bibliography;
	return 0;
}

/* The byte ranges of text to leave out: the skipped blocks of p, mapped
 * onto text when it is not p->text itself. */
static quire_status chk_ranges(const quire_paper *p, const char *text,
			       size_t len, const chk_opts *o, quire_arena *a,
			       reuse_range **out, size_t *n_out,
			       quire_error *err)
{
	size_t nb = 0;
	*out = NULL;
	*n_out = 0;
	for (size_t i = 0; i < p->n_blocks; i++)
		nb += chk_skip_kind(p->blocks[i].kind, o);
	if (nb == 0)
		return QUIRE_OK;
	reuse_range *r = quire_arena_alloc(a, nb * sizeof *r);
	if (!r)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	size_t k = 0;
	if (text == p->text) {
		for (size_t i = 0; i < p->n_blocks; i++)
			if (chk_skip_kind(p->blocks[i].kind, o)) {
				r[k].off = p->blocks[i].off;
				r[k].len = p->blocks[i].len;
				k++;
			}
		*out = r;
		*n_out = k;
		return QUIRE_OK;
	}
	reuse_text pw, ow;
	quire_status s = reuse_words(p->text, p->text_len, NULL, a, &pw, err);
	if (s == QUIRE_OK)
		s = reuse_words(text, len, NULL, a, &ow, err);
	if (s)
		return s;
	size_t *map = malloc((pw.n_words ? pw.n_words : 1) * sizeof *map);
	if (!map)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	chk_map_words(&pw, &ow, map);
	size_t w = 0; /* first word of p at or after the block */
	for (size_t i = 0; i < p->n_blocks; i++) {
		const quire_block *b = &p->blocks[i];
		while (w < pw.n_words && pw.words[w].off < b->off)
			w++;
		if (!chk_skip_kind(b->kind, o))
			continue;
		size_t first = CHK_NONE, last = CHK_NONE;
		for (size_t x = w; x < pw.n_words && pw.words[x].off < b->off + b->len; x++) {
			if (map[x] == CHK_NONE)
				continue;
			if (first == CHK_NONE)
				first = map[x];
			last = map[x];
		}
		if (first == CHK_NONE || last < first)
			continue;
		r[k].off = ow.words[first].off;
		r[k].len = ow.words[last].off + ow.words[last].len - r[k].off;
		k++;
	}
	free(map);
	*out = r;
	*n_out = k;
	return QUIRE_OK;
}

quire_status chk_prepare(const unsigned char *bytes, size_t n,
			 const char *name, const chk_opts *o,
			 const quire_options *qo, const sbx_limits *lim,
			 quire_arena *a, chk_text *out, quire_error *err)
{
	chk_opts def;
	memset(&def, 0, sizeof def);
	if (!o)
		o = &def;
	memset(out, 0, sizeof *out);
	const char *what = NULL;
	const fmt_reader *r = fmt_sniff(bytes, n, name, &what);
	if (!r)
		return quire_error_set(err, QUIRE_EFORMAT,
				       "not a format quire reads (%s)",
				       what ? what : "unknown data");
	quire_source *src = quire_source_new(a);
	if (!src)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	sbx_limits dl = sbx_limits_default();
	quire_status s = sbx_read(r, bytes, n, lim ? lim : &dl, src, err);
	if (s)
		return s;
	quire_options dq = quire_options_default();
	quire_paper *p;
	s = quire_analyze(src, qo ? qo : &dq, a, &p, err);
	if (s)
		return s;
	out->format = p->format ? p->format : r->name;
	out->title = p->title ? p->title : "";
	if (chk_textual(r->name)) {
		s = chk_decode(bytes, n, a, &out->text, &out->len,
			       &out->coff_shift, err);
		if (s)
			return s;
	} else {
		out->text = p->text ? p->text : "";
		out->len = p->text ? p->text_len : 0;
	}
	reuse_opts ro = reuse_opts_default();
	if (o->min_words)
		ro.min_words = o->min_words;
	ro.skip_quotes = !o->include_quotes;
	reuse_range *rg;
	size_t nr;
	s = chk_ranges(p, out->text, out->len, o, a, &rg, &nr, err);
	if (s)
		return s;
	ro.skip = rg;
	ro.n_skip = nr;
	out->ropts = ro;
	return reuse_words(out->text, out->len, &ro, a, &out->words, err);
}

/* reuse_lookup_fn over the hits of one st_fp_lookup(). */
static int chk_lookup(void *ctx, uint64_t hash, const reuse_hit **hits,
		      size_t *n_hits)
{
	*hits = st_fp_hits_of(ctx, hash, n_hits);
	return 0;
}

/* The text a source's offsets refer to (see chk.h), in a. */
static quire_status chk_source_text(store_t *st, chk_source *cs,
				    quire_arena *a, quire_error *err)
{
	st_paper full;
	int textual = chk_textual(cs->paper.format);
	quire_status s = st_get(st, cs->paper.id, textual ? ST_WITH_FILE : ST_WITH_TEXT,
				a, &full, err);
	if (s)
		return s;
	if (textual && full.file) {
		quire_error e2 = {0};
		if (chk_decode(full.file, full.file_len, a, &cs->text, &cs->len,
			       &cs->coff_shift, &e2) == QUIRE_OK)
			return QUIRE_OK;
		/* An original that no longer decodes: the stored text. */
		s = st_get(st, cs->paper.id, ST_WITH_TEXT, a, &full, err);
		if (s)
			return s;
	}
	cs->text = full.text ? full.text : "";
	cs->len = full.text ? full.text_len : 0;
	cs->coff_shift = 0;
	return QUIRE_OK;
}

static int chk_by_share(const void *x, const void *y)
{
	const chk_source *a = x, *b = y;
	if (a->match.covered != b->match.covered)
		return a->match.covered < b->match.covered ? 1 : -1;
	return strcmp(a->paper.id, b->paper.id);
}

quire_status chk_run(store_t *st, const chk_text *t, const chk_opts *o,
		     int64_t exclude, quire_arena *a, chk_result *out,
		     quire_error *err)
{
	chk_opts def;
	memset(&def, 0, sizeof def);
	if (!o)
		o = &def;
	memset(out, 0, sizeof *out);
	size_t maxs = o->max_sources ? o->max_sources : CHK_MAX_SOURCES;

	reuse_fp *fps;
	size_t nf;
	quire_status s = reuse_kgrams(&t->words, &t->ropts, a, &fps, &nf, err);
	if (s)
		return s;
	uint64_t *h = quire_arena_alloc(a, (nf ? nf : 1) * sizeof *h);
	if (!h)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	for (size_t i = 0; i < nf; i++)
		h[i] = fps[i].hash;
	st_fp_hits hits;
	s = st_fp_lookup(st, h, nf, 0, a, &hits, err);
	if (s)
		return s;
	out->skipped_fps = hits.skipped;
	reuse_candidate *c;
	size_t nc;
	s = reuse_candidates(fps, nf, chk_lookup, &hits, 1, maxs, exclude, a,
			     &c, &nc, err);
	if (s)
		return s;
	s = st_fp_status(st, NULL, &out->unindexed, err);
	if (s)
		return s;
	chk_source *v = quire_arena_alloc(a, (nc ? nc : 1) * sizeof *v);
	unsigned char *mark = calloc(t->words.n_words ? t->words.n_words : 1, 1);
	if (!v || !mark) {
		free(mark);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	size_t k = 0;
	for (size_t i = 0; i < nc && s == QUIRE_OK; i++) {
		chk_source *cs = &v[k];
		memset(cs, 0, sizeof *cs);
		cs->key = c[i].source;
		s = st_fp_paper(st, cs->key, 0, a, &cs->paper, err);
		if (s == QUIRE_ENOTFOUND) { /* removed meanwhile */
			s = QUIRE_OK;
			continue;
		}
		if (s == QUIRE_OK)
			s = chk_source_text(st, cs, a, err);
		if (s == QUIRE_OK)
			s = reuse_words(cs->text, cs->len, NULL, a, &cs->words, err);
		if (s == QUIRE_OK)
			s = reuse_align(&t->words, &cs->words, &t->ropts, a,
					&cs->match, err);
		if (s == QUIRE_OK && cs->match.n_passages > 0) {
			out->covered += reuse_mark(&t->words, cs->match.passages,
						   cs->match.n_passages, mark);
			k++;
		}
		out->candidates++;
	}
	free(mark);
	if (s)
		return s;
	qsort(v, k, sizeof *v, chk_by_share);
	out->sources = v;
	out->n_sources = k;
	out->share = t->words.n_counted
		? (double)out->covered / (double)t->words.n_counted : 0.0;
	return QUIRE_OK;
}

quire_status chk_near_duplicate(store_t *st, const reuse_fp *fps, size_t n,
				quire_arena *a, double *share, st_paper *other,
				quire_error *err)
{
	*share = 0;
	memset(other, 0, sizeof *other);
	if (n == 0)
		return QUIRE_OK;
	uint64_t *h = quire_arena_alloc(a, n * sizeof *h);
	if (!h)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		h[i] = fps[i].hash;
	st_fp_hits hits;
	quire_status s = st_fp_lookup(st, h, n, 0, a, &hits, err);
	if (s)
		return s;
	reuse_candidate *c;
	size_t nc;
	s = reuse_candidates(fps, n, chk_lookup, &hits, 1, 1, -1, a, &c, &nc, err);
	if (s || nc == 0 || hits.n <= hits.skipped)
		return s;
	s = st_fp_paper(st, c[0].source, 0, a, other, err);
	if (s == QUIRE_ENOTFOUND)
		return QUIRE_OK;
	if (s)
		return s;
	double d = (double)c[0].shared / (double)(hits.n - hits.skipped);
	*share = d > 1.0 ? 1.0 : d;
	return QUIRE_OK;
}

void chk_mark_common(const reuse_text *t, size_t w0, size_t nw,
		     const reuse_text *s, size_t sw0, size_t snw,
		     unsigned char *mark)
{
	if (w0 >= t->n_words || sw0 >= s->n_words)
		return;
	if (nw > t->n_words - w0)
		nw = t->n_words - w0;
	if (snw > s->n_words - sw0)
		snw = s->n_words - sw0;
	size_t cap = 16;
	while (cap < 2 * snw)
		cap *= 2;
	uint64_t *set = calloc(cap, sizeof *set);
	if (!set)
		return;
	for (size_t i = 0; i < snw; i++) {
		uint64_t h = s->words[sw0 + i].hash; /* never 0 (reuse.h) */
		size_t j = (size_t)(h ^ (h >> 29)) & (cap - 1);
		while (set[j] && set[j] != h)
			j = (j + 1) & (cap - 1);
		set[j] = h;
	}
	for (size_t i = 0; i < nw; i++) {
		uint64_t h = t->words[w0 + i].hash;
		size_t j = (size_t)(h ^ (h >> 29)) & (cap - 1);
		while (set[j] && set[j] != h)
			j = (j + 1) & (cap - 1);
		if (set[j] == h)
			mark[w0 + i] = 1;
	}
	free(set);
}
