/*
 * eval_pan.c — evaluation of reused-passage detection (src/reuse): PAN's
 * text-alignment measures on a PAN-format corpus, the share on the Clough
 * and Stevenson short answers, the candidate retrieval of the winnowed
 * index, and the fingerprinting throughput.
 *
 *   eval_pan [options] [PAN_DIR]          score the pairs of PAN_DIR
 *   eval_pan --grid [PAN_DIR]             the same over a grid of parameters
 *   eval_pan --retrieval [PAN_DIR]        winnowed index of all sources:
 *                                         is the true source a candidate?
 *   eval_pan --clough DIR                 Clough-Stevenson shares + thresholds
 *   eval_pan --speed [MB]                 fingerprinting throughput (PAN texts
 *                                         repeated to MB megabytes, default 64)
 * Options: --k N --window N --seed-k N --gap N --min-words N --max-hits N
 *          --quotes (leave quotations out)  --out DIR (write detections as
 *          PAN XML, one file per pair, for PAN's own scorer)  -v (per pair)
 *
 * PAN_DIR defaults to ../shared/data/reuse/synthetic-pan-essays.  It holds
 * susp/, src/, pairs and truth/ (one XML per pair) (features with this_offset etc. in
 * code points).
 *
 * The measures are those of PAN's scorer (pan12-plagiarism-detection-
 * evaluation.py, Potthast et al., COLING 2010), re-implemented here:
 *  - an annotation is (susp, this_offset, this_length, source,
 *    source_offset, source_length); a detection r "detects" a case s when
 *    they overlap in the suspicious document AND in the source;
 *  - case recall = (characters of s's suspicious span covered by the
 *    detections that detect s + the same in s's source span)
 *    / (this_length + source_length); macro recall = mean over all cases;
 *  - macro precision = the same with the roles of cases and detections
 *    swapped; both are 1 when there are no cases and no detections, 0 when
 *    only one side is empty;
 *  - granularity = mean, over the detected cases, of the number of
 *    detections that detect them (1 when nothing is detected);
 *  - plagdet = F1 / log2(1 + granularity).
 * Per obfuscation type: the cases of that type and the detections in the
 * pairs holding such a case (as PAN's sub-corpora); "overall" takes every
 * pair, the negative pairs (no case) included, so their detections count
 * against precision.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "quire.h"
#include "reuse.h"

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap + 1);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			b = realloc(b, cap + 1);
		}
		size_t r = fread(b + n, 1, cap - n, f);
		if (r == 0)
			break;
		n += r;
	}
	fclose(f);
	b[n] = '\0';
	*len = n;
	return b;
}

static double now_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The integer value of attribute name="…" in tag[0..), or -1. */
static long attr_long(const char *tag, const char *end, const char *name)
{
	char pat[64];
	snprintf(pat, sizeof pat, " %s=\"", name);
	const char *p = strstr(tag, pat);
	if (!p || p > end)
		return -1;
	return strtol(p + strlen(pat), NULL, 10);
}

static void attr_str(const char *tag, const char *end, const char *name,
		     char *out, size_t size)
{
	char pat[64];
	snprintf(pat, sizeof pat, " %s=\"", name);
	const char *p = strstr(tag, pat);
	out[0] = '\0';
	if (!p || p > end)
		return;
	p += strlen(pat);
	size_t i = 0;
	while (*p && *p != '"' && i + 1 < size)
		out[i++] = *p++;
	out[i] = '\0';
}

/* ------------------------------------------------------------------ */
/* PAN measures                                                        */
/* ------------------------------------------------------------------ */

typedef struct ann {
	int pair;            /* index of the pair (susp, source) */
	int susp, src;       /* document ids (the pair's names, interned) */
	long toff, tlen, soff, slen;
	int obf;             /* cases: 0 none, 1 light, 2 random, … */
} ann;

typedef struct annv {
	ann *a;
	size_t n, cap;
} annv;

static void annv_push(annv *v, ann x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->a = realloc(v->a, v->cap * sizeof *v->a);
	}
	v->a[v->n++] = x;
}

static int overlapping(const ann *x, const ann *y)
{
	return x->susp == y->susp && y->toff + y->tlen > x->toff &&
	       y->toff < x->toff + x->tlen && x->src == y->src &&
	       y->soff + y->slen > x->soff && y->soff < x->soff + x->slen;
}

/* Characters of x (both spans) covered by the ys that overlap it. */
static double case_recall(const ann *x, const ann *ys, size_t ny)
{
	unsigned char *bt = calloc((size_t)x->tlen + 1, 1);
	unsigned char *bs = calloc((size_t)x->slen + 1, 1);
	int any = 0;
	for (size_t i = 0; i < ny; i++) {
		const ann *y = &ys[i];
		if (!overlapping(x, y))
			continue;
		any = 1;
		long a = y->toff - x->toff, b = a + y->tlen;
		a = a < 0 ? 0 : a > x->tlen ? x->tlen : a;
		b = b < 0 ? 0 : b > x->tlen ? x->tlen : b;
		memset(bt + a, 1, (size_t)(b - a));
		a = y->soff - x->soff;
		b = a + y->slen;
		a = a < 0 ? 0 : a > x->slen ? x->slen : a;
		b = b < 0 ? 0 : b > x->slen ? x->slen : b;
		memset(bs + a, 1, (size_t)(b - a));
	}
	long c = 0;
	if (any) {
		for (long i = 0; i < x->tlen; i++)
			c += bt[i];
		for (long i = 0; i < x->slen; i++)
			c += bs[i];
	}
	free(bt);
	free(bs);
	return x->tlen + x->slen ? (double)c / (double)(x->tlen + x->slen) : 0;
}

static double macro_recall(const ann *cs, size_t nc, const ann *ds, size_t nd)
{
	if (nc == 0 && nd == 0)
		return 1;
	if (nc == 0 || nd == 0)
		return 0;
	double s = 0;
	for (size_t i = 0; i < nc; i++)
		s += case_recall(&cs[i], ds, nd);
	return s / (double)nc;
}

static double granularity(const ann *cs, size_t nc, const ann *ds, size_t nd)
{
	if (nd == 0)
		return 1;
	size_t det = 0, sum = 0;
	for (size_t i = 0; i < nc; i++) {
		size_t k = 0;
		for (size_t j = 0; j < nd; j++)
			k += overlapping(&cs[i], &ds[j]);
		sum += k;
		det += k > 0;
	}
	return det ? (double)sum / (double)det : 1;
}

static double plagdet(double rec, double prec, double gran)
{
	if ((rec == 0 && prec == 0) || prec < 0 || rec < 0 || gran < 1)
		return 0;
	return (2 * rec * prec / (rec + prec)) / log2(1 + gran);
}

typedef struct scores {
	double prec, rec, gran, plagdet;
	size_t cases, dets;
} scores;

static scores score(const ann *cs, size_t nc, const ann *ds, size_t nd)
{
	scores s;
	s.rec = macro_recall(cs, nc, ds, nd);
	s.prec = macro_recall(ds, nd, cs, nc);
	s.gran = granularity(cs, nc, ds, nd);
	s.plagdet = plagdet(s.rec, s.prec, s.gran);
	s.cases = nc;
	s.dets = nd;
	return s;
}

/* ------------------------------------------------------------------ */
/* The corpus                                                          */
/* ------------------------------------------------------------------ */

static const char *OBF_NAMES[] = {"none", "light", "random", "other"};
#define N_OBF 4

typedef struct doc {
	char name[128];
	char *text;
	size_t len;
	reuse_text rt;
} doc;

typedef struct corpus {
	doc *docs;
	size_t n_docs, cap_docs;
	int (*pairs)[2];
	int *pair_obf; /* -1: no case */
	size_t n_pairs;
	annv cases;
	quire_arena *arena;
} corpus;

static int intern(corpus *c, const char *dir, const char *sub, const char *name)
{
	for (size_t i = 0; i < c->n_docs; i++)
		if (strcmp(c->docs[i].name, name) == 0)
			return (int)i;
	if (c->n_docs == c->cap_docs) {
		c->cap_docs = c->cap_docs ? c->cap_docs * 2 : 64;
		c->docs = realloc(c->docs, c->cap_docs * sizeof *c->docs);
	}
	doc *d = &c->docs[c->n_docs];
	memset(d, 0, sizeof *d);
	snprintf(d->name, sizeof d->name, "%s", name);
	char path[4096];
	snprintf(path, sizeof path, "%s/%s/%s", dir, sub, name);
	d->text = read_file(path, &d->len);
	if (!d->text) {
		fprintf(stderr, "eval_pan: cannot read %s\n", path);
		exit(2);
	}
	return (int)c->n_docs++;
}

static int obf_index(const char *s)
{
	for (int i = 0; i < N_OBF - 1; i++)
		if (strcmp(s, OBF_NAMES[i]) == 0)
			return i;
	return N_OBF - 1;
}

static void load_corpus(corpus *c, const char *dir)
{
	memset(c, 0, sizeof *c);
	char path[4096];
	snprintf(path, sizeof path, "%s/pairs", dir);
	size_t len;
	char *pairs = read_file(path, &len);
	if (!pairs) {
		fprintf(stderr, "eval_pan: cannot read %s\n", path);
		exit(2);
	}
	size_t cap = 0;
	for (char *line = strtok(pairs, "\n"); line; line = strtok(NULL, "\n")) {
		char a[128], b[128];
		if (sscanf(line, "%127s %127s", a, b) != 2)
			continue;
		if (c->n_pairs == cap) {
			cap = cap ? cap * 2 : 64;
			c->pairs = realloc(c->pairs, cap * sizeof *c->pairs);
			c->pair_obf = realloc(c->pair_obf, cap * sizeof *c->pair_obf);
		}
		size_t p = c->n_pairs++;
		c->pairs[p][0] = intern(c, dir, "susp", a);
		c->pairs[p][1] = intern(c, dir, "src", b);
		c->pair_obf[p] = -1;
		/* truth/<susp>-<src>.xml */
		char ta[128], tb[128];
		snprintf(ta, sizeof ta, "%.*s", (int)(strlen(a) - 4), a);
		snprintf(tb, sizeof tb, "%.*s", (int)(strlen(b) - 4), b);
		snprintf(path, sizeof path, "%s/truth/%s-%s.xml", dir, ta, tb);
		size_t xl;
		char *xml = read_file(path, &xl);
		if (!xml)
			continue;
		for (char *f = strstr(xml, "<feature"); f; f = strstr(f + 1, "<feature")) {
			char *end = strstr(f, "/>");
			if (!end)
				break;
			char obf[64];
			attr_str(f, end, "obfuscation", obf, sizeof obf);
			ann x = {(int)p, c->pairs[p][0], c->pairs[p][1],
				 attr_long(f, end, "this_offset"), attr_long(f, end, "this_length"),
				 attr_long(f, end, "source_offset"), attr_long(f, end, "source_length"),
				 obf_index(obf)};
			annv_push(&c->cases, x);
			c->pair_obf[p] = x.obf;
		}
		free(xml);
	}
	free(pairs);
	c->arena = quire_arena_new(0);
}

static void cut_words(corpus *c, const reuse_opts *o)
{
	quire_error err;
	for (size_t i = 0; i < c->n_docs; i++)
		if (reuse_words(c->docs[i].text, c->docs[i].len, o, c->arena,
				&c->docs[i].rt, &err) != QUIRE_OK) {
			fprintf(stderr, "eval_pan: %s\n", err.msg);
			exit(2);
		}
}

/* Runs the aligner on every pair; detections into *dets. */
static double run_pairs(corpus *c, const reuse_opts *o, annv *dets,
			const char *outdir, int verbose)
{
	dets->n = 0;
	double t0 = now_cpu();
	for (size_t p = 0; p < c->n_pairs; p++) {
		doc *s = &c->docs[c->pairs[p][0]], *r = &c->docs[c->pairs[p][1]];
		quire_arena *a = quire_arena_new(0);
		reuse_match m;
		quire_error err;
		if (reuse_align(&s->rt, &r->rt, o, a, &m, &err) != QUIRE_OK) {
			fprintf(stderr, "eval_pan: %s\n", err.msg);
			exit(2);
		}
		FILE *xf = NULL;
		if (outdir) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%.*s-%.*s.xml", outdir,
				 (int)strlen(s->name) - 4, s->name,
				 (int)strlen(r->name) - 4, r->name);
			xf = fopen(path, "w");
			if (xf)
				fprintf(xf, "<document reference=\"%s\">\n", s->name);
		}
		for (size_t i = 0; i < m.n_passages; i++) {
			const reuse_passage *q = &m.passages[i];
			ann x = {(int)p, c->pairs[p][0], c->pairs[p][1],
				 (long)q->coff, (long)q->clen, (long)q->src_coff,
				 (long)q->src_clen, -1};
			annv_push(dets, x);
			if (xf)
				fprintf(xf,
					"<feature name=\"detected-plagiarism\" this_offset=\"%zu\" "
					"this_length=\"%zu\" source_reference=\"%s\" "
					"source_offset=\"%zu\" source_length=\"%zu\"/>\n",
					q->coff, q->clen, r->name, q->src_coff, q->src_clen);
			if (verbose)
				printf("  %s %s  %zu+%zu  src %zu+%zu  words %zu matched %zu\n",
				       s->name, r->name, q->coff, q->clen, q->src_coff,
				       q->src_clen, q->n_words, q->matched);
		}
		if (xf) {
			fprintf(xf, "</document>\n");
			fclose(xf);
		}
		quire_arena_free(a);
	}
	return now_cpu() - t0;
}

/* Scores of obfuscation type t (-2: overall). */
static scores score_type(const corpus *c, const annv *dets, int t)
{
	annv cs = {0}, ds = {0};
	for (size_t i = 0; i < c->cases.n; i++)
		if (t == -2 || c->cases.a[i].obf == t)
			annv_push(&cs, c->cases.a[i]);
	for (size_t i = 0; i < dets->n; i++)
		if (t == -2 || c->pair_obf[dets->a[i].pair] == t)
			annv_push(&ds, dets->a[i]);
	scores s = score(cs.a, cs.n, ds.a, ds.n);
	free(cs.a);
	free(ds.a);
	return s;
}

static void print_scores(const corpus *c, const annv *dets)
{
	printf("%-8s %6s %6s %9s %9s %11s %8s\n", "obf", "cases", "dets",
	       "precision", "recall", "granularity", "plagdet");
	for (int t = 0; t < N_OBF; t++) {
		size_t nc = 0;
		for (size_t i = 0; i < c->cases.n; i++)
			nc += c->cases.a[i].obf == t;
		if (!nc)
			continue;
		scores s = score_type(c, dets, t);
		printf("%-8s %6zu %6zu %9.4f %9.4f %11.4f %8.4f\n", OBF_NAMES[t],
		       s.cases, s.dets, s.prec, s.rec, s.gran, s.plagdet);
	}
	/* detections on negative pairs */
	size_t fp = 0;
	for (size_t i = 0; i < dets->n; i++)
		fp += c->pair_obf[dets->a[i].pair] < 0;
	printf("%-8s %6d %6zu %9s %9s %11s %8s\n", "negative", 0, fp, "-", "-", "-", "-");
	scores s = score_type(c, dets, -2);
	printf("%-8s %6zu %6zu %9.4f %9.4f %11.4f %8.4f\n", "overall", s.cases,
	       s.dets, s.prec, s.rec, s.gran, s.plagdet);
}

/* ------------------------------------------------------------------ */
/* Retrieval: the winnowed index of all sources                        */
/* ------------------------------------------------------------------ */

typedef struct idx_ent {
	uint64_t hash;
	reuse_hit hit;
} idx_ent;

typedef struct index {
	idx_ent *e;
	size_t n;
	reuse_hit *buf;
	size_t cap;
} index_t;

static int cmp_ent(const void *a, const void *b)
{
	const idx_ent *x = a, *y = b;
	return (x->hash > y->hash) - (x->hash < y->hash);
}

static int lookup(void *ctx, uint64_t h, const reuse_hit **hits, size_t *n)
{
	index_t *ix = ctx;
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->e[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t k = 0;
	for (size_t i = lo; i < ix->n && ix->e[i].hash == h; i++) {
		if (k == ix->cap) {
			ix->cap = ix->cap ? ix->cap * 2 : 64;
			ix->buf = realloc(ix->buf, ix->cap * sizeof *ix->buf);
		}
		ix->buf[k++] = ix->e[i].hit;
	}
	*hits = ix->buf;
	*n = k;
	return 0;
}

static void retrieval(corpus *c, const reuse_opts *o, const char *dir)
{
	/* every source file of the corpus, not only those in pairs */
	char path[4096];
	snprintf(path, sizeof path, "%s/src", dir);
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "eval_pan: cannot open %s\n", path);
		exit(2);
	}
	struct dirent *de;
	while ((de = readdir(d)))
		if (strstr(de->d_name, ".txt"))
			intern(c, dir, "src", de->d_name);
	closedir(d);
	cut_words(c, o);
	index_t ix = {0};
	size_t cap = 0, text_bytes = 0;
	quire_arena *a = quire_arena_new(0);
	for (size_t i = 0; i < c->n_docs; i++) {
		if (strncmp(c->docs[i].name, "source", 6) != 0)
			continue;
		reuse_fp *fp;
		size_t n;
		quire_error err;
		reuse_winnow(&c->docs[i].rt, o, a, &fp, &n, &err);
		text_bytes += c->docs[i].len;
		for (size_t j = 0; j < n; j++) {
			if (ix.n == cap) {
				cap = cap ? cap * 2 : 1024;
				ix.e = realloc(ix.e, cap * sizeof *ix.e);
			}
			ix.e[ix.n].hash = fp[j].hash;
			ix.e[ix.n].hit.source = (int64_t)i;
			ix.e[ix.n].hit.pos = fp[j].pos;
			ix.n++;
		}
	}
	qsort(ix.e, ix.n, sizeof *ix.e, cmp_ent);
	printf("index: k=%u w=%u  %zu fingerprints for %zu bytes of sources "
	       "(%.3f per word-ish byte; %.1f bytes of text per fingerprint)\n",
	       o->k, o->window, ix.n, text_bytes, (double)ix.n / (double)text_bytes,
	       (double)text_bytes / (double)ix.n);
	/* for every case: rank of its source among the candidates of its
	 * suspicious document (every k-gram looked up / winnowed only) */
	for (int mode = 0; mode < 2; mode++) {
		size_t found = 0, top1 = 0, top5 = 0, top10 = 0, ncand = 0, nq = 0;
		for (size_t ci = 0; ci < c->cases.n; ci++) {
			const ann *x = &c->cases.a[ci];
			reuse_fp *fp;
			size_t n;
			quire_error err;
			if (mode == 0)
				reuse_winnow(&c->docs[x->susp].rt, o, a, &fp, &n, &err);
			else
				reuse_kgrams(&c->docs[x->susp].rt, o, a, &fp, &n, &err);
			reuse_candidate *cand;
			size_t nc;
			reuse_candidates(fp, n, lookup, &ix, 2, 0, -1, a, &cand, &nc, &err);
			ncand += nc;
			nq++;
			for (size_t r = 0; r < nc; r++)
				if (cand[r].source == x->src) {
					found++;
					top1 += r < 1;
					top5 += r < 5;
					top10 += r < 10;
					break;
				}
		}
		printf("  query %-8s cases %zu: source a candidate (>= 2 shared) %zu, "
		       "rank 1 %zu, top 5 %zu, top 10 %zu; mean candidates %.1f\n",
		       mode ? "k-grams" : "winnowed", c->cases.n, found, top1, top5,
		       top10, (double)ncand / (double)(nq ? nq : 1));
	}
	quire_arena_free(a);
	free(ix.e);
	free(ix.buf);
}

/* ------------------------------------------------------------------ */
/* Clough and Stevenson                                                */
/* ------------------------------------------------------------------ */

static const char *CS_CLASSES[] = {"non", "heavy", "light", "cut"};

typedef struct cs_item {
	char file[64];
	int cls;
	double share;
} cs_item;

/* Class of share s under thresholds t[0] <= t[1] <= t[2]. */
static int classify(double s, const double *t)
{
	return s >= t[2] ? 3 : s >= t[1] ? 2 : s >= t[0] ? 1 : 0;
}

/* Best thresholds on items (except skip): exhaustive over midpoints. */
static size_t best_thresholds(const cs_item *it, size_t n, size_t skip, double *t)
{
	double *v = malloc((n + 2) * sizeof *v);
	size_t nv = 0;
	v[nv++] = -1;
	for (size_t i = 0; i < n; i++)
		if (i != skip)
			v[nv++] = it[i].share;
	v[nv++] = 2;
	/* candidate cut points: midpoints of sorted distinct shares */
	for (size_t i = 1; i < nv; i++)
		for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	size_t best = 0;
	for (size_t a = 0; a + 1 < nv; a++)
		for (size_t b = a; b + 1 < nv; b++)
			for (size_t cc = b; cc + 1 < nv; cc++) {
				double th[3] = {(v[a] + v[a + 1]) / 2, (v[b] + v[b + 1]) / 2,
						(v[cc] + v[cc + 1]) / 2};
				size_t ok = 0;
				for (size_t i = 0; i < n; i++)
					if (i != skip)
						ok += classify(it[i].share, th) == it[i].cls;
				if (ok > best) {
					best = ok;
					memcpy(t, th, sizeof th);
				}
			}
	free(v);
	return best;
}

static void clough(const char *dir, const reuse_opts *o)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/labels_train.csv", dir);
	size_t len;
	char *csv = read_file(path, &len);
	if (!csv) {
		fprintf(stderr, "eval_pan: cannot read %s\n", path);
		exit(2);
	}
	cs_item items[200];
	size_t n = 0;
	quire_arena *a = quire_arena_new(0);
	for (char *line = strtok(csv, "\n"); line && n < 200; line = strtok(NULL, "\n")) {
		char file[64], task[8], cat[16];
		if (sscanf(line, "%63[^,],%7[^,],%15[^,]", file, task, cat) != 3)
			continue;
		int cls = -1;
		for (int i = 0; i < 4; i++)
			if (strcmp(cat, CS_CLASSES[i]) == 0)
				cls = i;
		if (cls < 0)
			continue;
		char p1[4096], p2[4096];
		snprintf(p1, sizeof p1, "%s/utf8/%s", dir, file);
		snprintf(p2, sizeof p2, "%s/utf8/orig_task%s.txt", dir, task);
		size_t l1, l2;
		char *t1 = read_file(p1, &l1), *t2 = read_file(p2, &l2);
		if (!t1 || !t2) {
			fprintf(stderr, "eval_pan: cannot read %s or %s\n", p1, p2);
			exit(2);
		}
		reuse_text r1, r2;
		reuse_match m;
		quire_error err;
		reuse_words(t1, l1, o, a, &r1, &err);
		reuse_words(t2, l2, o, a, &r2, &err);
		reuse_align(&r1, &r2, o, a, &m, &err);
		snprintf(items[n].file, sizeof items[n].file, "%s", file);
		items[n].cls = cls;
		items[n].share = m.share;
		n++;
		free(t1);
		free(t2);
	}
	free(csv);
	quire_arena_free(a);

	/* shares by class */
	printf("Clough-Stevenson training answers: %zu\n", n);
	printf("%-6s %4s %7s %7s %7s\n", "class", "n", "min", "mean", "max");
	for (int cl = 0; cl < 4; cl++) {
		double mn = 2, mx = -1, sum = 0;
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (items[i].cls == cl) {
				double s = items[i].share;
				mn = s < mn ? s : mn;
				mx = s > mx ? s : mx;
				sum += s;
				k++;
			}
		printf("%-6s %4zu %7.3f %7.3f %7.3f\n", CS_CLASSES[cl], k, mn,
		       k ? sum / (double)k : 0, mx);
	}
	double t[3] = {0};
	size_t ok = best_thresholds(items, n, (size_t)-1, t);
	printf("thresholds chosen on all training labels: heavy >= %.3f, light >= %.3f, "
	       "cut >= %.3f: training accuracy %zu/%zu = %.3f\n",
	       t[0], t[1], t[2], ok, n, (double)ok / (double)n);
	int conf[4][4] = {{0}};
	int bin_ok = 0;
	for (size_t i = 0; i < n; i++) {
		int p = classify(items[i].share, t);
		conf[items[i].cls][p]++;
	}
	/* leave-one-out: thresholds chosen without the item, then applied to it */
	int loo[4][4] = {{0}};
	size_t loo_ok = 0;
	for (size_t i = 0; i < n; i++) {
		double ti[3];
		best_thresholds(items, n, i, ti);
		int p = classify(items[i].share, ti);
		loo[items[i].cls][p]++;
		loo_ok += p == items[i].cls;
	}
	/* plagiarised (cut, light, heavy) or not: one threshold, t[0] */
	for (size_t i = 0; i < n; i++)
		bin_ok += (items[i].share >= t[0]) == (items[i].cls > 0);
	printf("confusion (rows: label, columns: predicted), training thresholds:\n");
	printf("%-6s %5s %5s %5s %5s\n", "", "non", "heavy", "light", "cut");
	for (int r = 0; r < 4; r++)
		printf("%-6s %5d %5d %5d %5d\n", CS_CLASSES[r], conf[r][0], conf[r][1],
		       conf[r][2], conf[r][3]);
	printf("leave-one-out accuracy %zu/%zu = %.3f; confusion:\n", loo_ok, n,
	       (double)loo_ok / (double)n);
	for (int r = 0; r < 4; r++)
		printf("%-6s %5d %5d %5d %5d\n", CS_CLASSES[r], loo[r][0], loo[r][1],
		       loo[r][2], loo[r][3]);
	printf("reused (cut/light/heavy) vs non at share >= %.3f: %d/%zu = %.3f\n", t[0],
	       bin_ok, n, (double)bin_ok / (double)n);
}

/* ------------------------------------------------------------------ */
/* Speed                                                               */
/* ------------------------------------------------------------------ */

static void speed(corpus *c, const reuse_opts *o, double mb)
{
	size_t want = (size_t)(mb * 1e6), n = 0;
	char *buf = malloc(want + 4096);
	while (n < want)
		for (size_t i = 0; i < c->n_docs && n < want; i++) {
			size_t l = c->docs[i].len;
			if (n + l + 2 > want + 4096)
				l = want + 4096 - n - 2;
			memcpy(buf + n, c->docs[i].text, l);
			n += l;
			buf[n++] = '\n';
			buf[n++] = '\n';
		}
	quire_arena *a = quire_arena_new(0);
	quire_error err;
	reuse_text rt;
	double t0 = now_cpu();
	reuse_words(buf, n, o, a, &rt, &err);
	double t1 = now_cpu();
	reuse_fp *fp;
	size_t nf;
	reuse_winnow(&rt, o, a, &fp, &nf, &err);
	double t2 = now_cpu();
	printf("fingerprinting %.1f MB (%zu words): words %.3f s = %.0f MB/s; "
	       "winnow %.3f s; together %.0f MB/s per core; %zu fingerprints "
	       "(%.1f bytes of text each, %.1f%% of k-grams)\n",
	       (double)n / 1e6, rt.n_words, t1 - t0, (double)n / 1e6 / (t1 - t0),
	       t2 - t1, (double)n / 1e6 / (t2 - t0), nf, (double)n / (double)nf,
	       100.0 * (double)nf / (double)(rt.n_words ? rt.n_words : 1));
	reuse_fp *fp1;
	size_t nf1;
	double t3 = now_cpu();
	reuse_fingerprint(buf, n, o, a, &fp1, &nf1, &err);
	double t4 = now_cpu();
	int same = nf1 == nf;
	for (size_t i = 0; same && i < nf; i++)
		same = fp[i].hash == fp1[i].hash && fp[i].pos == fp1[i].pos;
	printf("reuse_fingerprint (one pass, no word array) %.3f s = %.0f MB/s per core; "
	       "same fingerprints as reuse_words + reuse_winnow: %s\n",
	       t4 - t3, (double)n / 1e6 / (t4 - t3), same ? "yes" : "NO");
	quire_arena_free(a);
	free(buf);
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	reuse_opts o = reuse_opts_default();
	const char *dir = "../shared/data/reuse/synthetic-pan-essays";
	const char *outdir = NULL, *cdir = NULL;
	int grid = 0, verbose = 0, retr = 0, do_speed = 0;
	double mb = 64;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
#define NUM(name, field)                                                  \
	if (strcmp(s, name) == 0 && i + 1 < argc) {                       \
		o.field = (unsigned)atoi(argv[++i]);                      \
		continue;                                                 \
	}
		NUM("--k", k)
		NUM("--window", window)
		NUM("--seed-k", seed_k)
		NUM("--gap", gap)
		NUM("--join-gap", join_gap)
		NUM("--min-words", min_words)
		NUM("--max-hits", max_seed_hits)
#undef NUM
		if (strcmp(s, "--quotes") == 0)
			o.skip_quotes = 1;
		else if (strcmp(s, "--grid") == 0)
			grid = 1;
		else if (strcmp(s, "--retrieval") == 0)
			retr = 1;
		else if (strcmp(s, "-v") == 0)
			verbose = 1;
		else if (strcmp(s, "--out") == 0 && i + 1 < argc)
			outdir = argv[++i];
		else if (strcmp(s, "--clough") == 0 && i + 1 < argc)
			cdir = argv[++i];
		else if (strcmp(s, "--speed") == 0) {
			do_speed = 1;
			if (i + 1 < argc && atof(argv[i + 1]) > 0)
				mb = atof(argv[++i]);
		} else if (s[0] == '-') {
			fprintf(stderr, "usage: eval_pan [--grid|--retrieval|--speed [MB]|--clough DIR] "
					"[--k N --window N --seed-k N --gap N --min-words N --max-hits N] "
					"[--quotes] [--out DIR] [-v] [PAN_DIR]\n");
			return 2;
		} else
			dir = s;
	}
	if (cdir) {
		clough(cdir, &o);
		return 0;
	}
	corpus c;
	load_corpus(&c, dir);
	if (retr) {
		retrieval(&c, &o, dir);
		return 0;
	}
	if (do_speed) {
		speed(&c, &o, mb);
		return 0;
	}
	cut_words(&c, &o);
	annv dets = {0};
	if (grid) {
		static const unsigned seedks[] = {2, 3, 4, 5};
		static const unsigned gaps[] = {2, 4, 8, 12, 16, 24, 32};
		static const unsigned hits[] = {4, 16, 64};
		printf("%6s %4s %5s %8s %8s %8s %8s %8s %8s\n", "seed_k", "gap", "hits",
		       "none", "light", "random", "prec", "rec", "overall");
		for (size_t a = 0; a < sizeof seedks / sizeof *seedks; a++)
			for (size_t b = 0; b < sizeof gaps / sizeof *gaps; b++)
				for (size_t h = 0; h < sizeof hits / sizeof *hits; h++) {
					reuse_opts g = o;
					g.seed_k = seedks[a];
					g.gap = gaps[b];
					g.max_seed_hits = hits[h];
					run_pairs(&c, &g, &dets, NULL, 0);
					scores s0 = score_type(&c, &dets, 0);
					scores s1 = score_type(&c, &dets, 1);
					scores s2 = score_type(&c, &dets, 2);
					scores so = score_type(&c, &dets, -2);
					printf("%6u %4u %5u %8.4f %8.4f %8.4f %8.4f %8.4f %8.4f\n",
					       g.seed_k, g.gap, g.max_seed_hits, s0.plagdet,
					       s1.plagdet, s2.plagdet, so.prec, so.rec, so.plagdet);
				}
		return 0;
	}
	double secs = run_pairs(&c, &o, &dets, outdir, verbose);
	printf("PAN text alignment, %s: %zu pairs, %zu cases; seed_k=%u gap=%u "
	       "min_words=%u max_hits=%u%s; alignment %.3f s CPU\n",
	       dir, c.n_pairs, c.cases.n, o.seed_k, o.gap, o.min_words,
	       o.max_seed_hits, o.skip_quotes ? " quotes left out" : "", secs);
	print_scores(&c, &dets);
	return 0;
}
