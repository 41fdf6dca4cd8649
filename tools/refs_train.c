/*
 * refs_train.c — trains quire's reference model from the annotated
 * datasets in their native formats (tools/refs_data.c reads them).
 *
 *   refs_train [-o refs/model/quire-refs.crf] [--all|--tune|--fold K/N] [--harmonise]
 *              [--chain B] [--no-edges]
 *              [--iter N] [--l1 X] [--l2 X] [--mincount N] [--threads N]
 *              [--save-at N,N...] [--prov FILE] FILE...
 *   refs_train --reprov MODEL FILE   (replace a model's provenance text)
 *
 * The test half of the held-out split (rd_is_dev 2) is always left out
 * (--all: nothing is).  The development half (rd_is_dev 1) is trained on
 * by default — the shipped model, once the settings were chosen — and
 * left out with --tune, for the models refs_eval scores on it while
 * choosing features and settings.  --fold K/N trains on every reference
 * but those of cross-validation fold K of N (rd_fold), whatever their
 * half: refs_eval --folds N scores each fold with its model.  Steps: read the data; build the word
 * dictionaries (given/family names, places, publishers, container and
 * title words) from the labelled fields, keeping a word for a class when
 * it is seen there at least 3 times and in at least half of its uses;
 * extract features (feat.h) of every token (a token's gold label is its
 * white-space word's) and its edge features (on the transition into it;
 * --no-edges leaves them out, for comparison); keep the features and edge
 * features seen at least --mincount times; train the CRF (crf.h: L-BFGS with OWL-QN); write the model with its
 * provenance (the files, their licenses, the settings).
 *
 * --chain B: up to B training references that stand next to each other in
 * their file (no held-out one between them) are one training sequence,
 * their features joined by feat_join, so that the model learns what a
 * line break looks like and that a field runs on over it.  For data whose
 * "references" are the printed lines of footnotes (LinkedBooks: a title
 * begun on one line ends on the next); refs_eval --context and quire cite
 * --context label a line so, with its neighbours.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crf.h"
#include "feat.h"
#include "refs.h"
#include "refs_data.h"
#include "refs_data.c"

/* ---- a u64 -> u32 counting map ---- */

typedef struct cmap {
	uint64_t *k;
	uint32_t *v;
	size_t cap, n;
} cmap;

static uint32_t *cmap_slot(cmap *m, uint64_t key)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t nc = m->cap ? m->cap * 2 : (1u << 20);
		uint64_t *k = calloc(nc, sizeof *k);
		uint32_t *v = calloc(nc, sizeof *v);
		if (!k || !v) {
			fprintf(stderr, "out of memory\n");
			exit(1);
		}
		for (size_t i = 0; i < m->cap; i++)
			if (m->k[i]) {
				size_t h = (size_t)(m->k[i] ^ (m->k[i] >> 31)) & (nc - 1);
				while (k[h])
					h = (h + 1) & (nc - 1);
				k[h] = m->k[i];
				v[h] = m->v[i];
			}
		free(m->k);
		free(m->v);
		m->k = k;
		m->v = v;
		m->cap = nc;
	}
	size_t h = (size_t)(key ^ (key >> 31)) & (m->cap - 1);
	while (m->k[h] && m->k[h] != key)
		h = (h + 1) & (m->cap - 1);
	if (!m->k[h]) {
		m->k[h] = key;
		m->n++;
	}
	return &m->v[h];
}

static uint32_t *cmap_find(const cmap *m, uint64_t key)
{
	if (!m->cap)
		return NULL;
	size_t h = (size_t)(key ^ (key >> 31)) & (m->cap - 1);
	while (m->k[h]) {
		if (m->k[h] == key)
			return &m->v[h];
		h = (h + 1) & (m->cap - 1);
	}
	return NULL;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double t_start;

static size_t alnum_count_bytes(const char *s, size_t n)
{
	size_t c = 0, l;
	for (size_t i = 0; i < n; i += l)
		c += alnum_at(s, n, i, &l) != 0;
	return c;
}

/* What a snapshot (--save-at) needs to write a model mid-training. */
typedef struct snapshot {
	const char *out;
	const int *at;   /* iterations to save at, ascending */
	int nat;
	crf_spec spec;   /* w is set at each snapshot */
} snapshot;

static int write_file(const char *path, const char *p, size_t n);

static int progress(void *ctx, int iter, double fx, size_t nnz, const double *w)
{
	snapshot *sn = ctx;
	fprintf(stderr, "iter %3d  obj %.2f  nonzero %zu  %.0fs\n", iter, fx, nnz, now() - t_start);
	for (int i = 0; sn && i < sn->nat; i++) {
		if (sn->at[i] != iter)
			continue;
		char path[4096], prov[256];
		snprintf(path, sizeof path, "%s.it%d", sn->out, iter);
		snprintf(prov, sizeof prov, "snapshot at iteration %d, %.0f s\n", iter, now() - t_start);
		sn->spec.w = w;
		sn->spec.provenance = prov;
		buf_t mb = BUF_INIT;
		if (crf_model_write(&sn->spec, &mb) != 0 || write_file(path, mb.p, mb.len) != 0)
			fprintf(stderr, "refs_train: cannot write %s\n", path);
		else
			fprintf(stderr, "wrote %s\n", path);
		buf_free(&mb);
	}
	return 0;
}

/* ---- one convention for the keyword words between fields ----
 *
 * The datasets disagree on words such as "In", "pp.", "Vol.", "No." and
 * "eds.": GROBID leaves them outside every field ("other"), AnyStyle,
 * CORA and ParsCit put them inside the field they introduce or close.
 * The same string thus comes with both labellings (citations.xml holds
 * TEI copies of CORA and ParsCit), and a model trained on the mix learns
 * neither.  --harmonise gives every training reference AnyStyle's
 * convention (the one of three of the four reference datasets): a keyword
 * word labelled "other" joins the field right after it (before it for the
 * closing "eds.") when that field is one the keyword belongs to.  Scoring
 * is untouched: each dataset is still scored against its own labels
 * (refs_eval --native-keywords does the reverse to predictions on GROBID
 * data; the word lists are refs_data.c's rd_kw_*). */

/* Relabels r's keyword words as above; returns how many changed. */
static size_t harmonise(rd_ref *r)
{
	size_t nw = r->nwords, changed = 0;
	const char **ws = malloc((nw + 1) * sizeof *ws);
	size_t *wl = malloc((nw + 1) * sizeof *wl);
	if (!ws || !wl) {
		free(ws);
		free(wl);
		return 0;
	}
	size_t k = rd_words(r->text, r->len, ws, wl, nw);
	char key[32];
	/* right to left, so that "edited by" and "In: pp." chain */
	for (size_t w = k; w-- > 0;) {
		if (r->gold[w] != REF_OTHER || w + 1 >= k)
			continue;
		int next = r->gold[w + 1];
		rd_kw_norm(ws[w], wl[w], key, sizeof key);
		if (next != REF_OTHER && (rd_kw_opens(key) >> next & 1u)) {
			r->gold[w] = (uint8_t)next;
			changed++;
		}
	}
	/* "n.d." ("no date") is the date (AnyStyle) where citeproc's output
	 * leaves it outside */
	for (size_t w = 0; w < k; w++) {
		if (r->gold[w] != REF_OTHER)
			continue;
		rd_kw_norm(ws[w], wl[w], key, sizeof key);
		if (!strcmp(key, "n.d") || !strcmp(key, "s.d") || !strcmp(key, "o.j")) {
			r->gold[w] = REF_DATE;
			changed++;
		}
	}
	for (size_t w = 1; w < k; w++) {
		if (r->gold[w] != REF_OTHER || r->gold[w - 1] != REF_EDITOR)
			continue;
		rd_kw_norm(ws[w], wl[w], key, sizeof key);
		if (rd_kw_closes_editor(key)) {
			r->gold[w] = REF_EDITOR;
			changed++;
		}
	}
	free(ws);
	free(wl);
	return changed;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf_t b = BUF_INIT;
	char tmp[65536];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_append(&b, tmp, k);
	fclose(f);
	if (buf_failed(&b)) {
		buf_free(&b);
		return NULL;
	}
	if (b.len == 0)
		buf_putc(&b, 0), b.len = 0;
	return buf_detach(&b, n);
}

static int write_file(const char *path, const char *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	int ok = fwrite(p, 1, n, f) == n;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

static const char *license_of(const char *path)
{
	if (strstr(path, "anystyle"))
		return "anystyle-parser (AnyStyle, https://github.com/inukshuk/anystyle): BSD-2-Clause, Copyright 2011-2023 Sylvester Keil";
	if (strstr(path, "grobid"))
		return "grobid-citation (GROBID, https://github.com/kermitt2/grobid): annotated data CC BY 4.0, attribution: GROBID contributors (Patrice Lopez, Luca Foppiano et al.)";
	if (strstr(path, "linkedbooks"))
		return "linkedbooks (LinkedBooks, https://github.com/dhlab-epfl/LinkedBooksDeepReferenceParsing): MIT; Colavizza & Romanello, J. Open Humanities Data 3 (2017)";
	if (strstr(path, "cora") || strstr(path, "parscit"))
		return "ParsCit tagged data (https://github.com/knmnyn/ParsCit): LGPL-3.0-or-later";
	return "unknown license";
}

/* The dictionaries (feat.h) from the training references, leaving out
 * those r with r % NFOLD == fold (none when fold < 0): a word enters a
 * class when seen there at least 3 times and in at least half of its uses.
 * The model keeps
 * the dictionary of every reference; each training reference's features
 * are computed with the dictionary of the other folds, so that the model
 * learns how far a dictionary is to be trusted on words it has not seen
 * (a reference's own words are always in a dictionary built from it). */
#define NFOLD 5
static void build_dict(rd_ref **tr, size_t ntr, int fold, feat_dict *dict)
{
	/* dictionaries: counts per word key, total and per class */
	cmap ctot = {0}, ccls[6] = {{0}};
	quire_arena *a = quire_arena_new(0);
	for (size_t r = 0; r < ntr; r++) {
		if ((int)(r % NFOLD) == fold)
			continue;
		ref_token *t;
		size_t nt = ref_tokenize(tr[r]->text, tr[r]->len, a, &t);
		for (size_t i = 0; i < nt; i++) {
			const char *s = tr[r]->text + t[i].off;
			if (t[i].len < 2 || alnum_count_bytes(s, t[i].len) < 2)
				continue;
			uint64_t key = feat_word_key(s, t[i].len);
			(*cmap_slot(&ctot, key))++;
			int l = tr[r]->gold[t[i].word];
			int cls = -1;
			int cap = (unsigned char)s[0] >= 'A' && (unsigned char)s[0] <= 'Z';
			if (l == REF_AUTHOR || l == REF_EDITOR || l == REF_TRANSLATOR) {
				if (cap)
					cls = i + 1 < nt && t[i + 1].word == t[i].word &&
						      tr[r]->text[t[i + 1].off] == ','
						      ? 1
						      : 0;
			} else if (l == REF_PLACE) {
				cls = 2;
			} else if (l == REF_PUBLISHER) {
				cls = 3;
			} else if (l == REF_CONTAINER) {
				cls = 4;
			} else if (l == REF_TITLE) {
				cls = 5;
			}
			if (cls >= 0)
				(*cmap_slot(&ccls[cls], key))++;
		}
		quire_arena_free(a);
		a = quire_arena_new(0);
	}
	size_t ndict[6] = {0};
	for (int c = 0; c < 6; c++)
		for (size_t i = 0; i < ccls[c].cap; i++) {
			if (!ccls[c].k[i])
				continue;
			uint32_t n = ccls[c].v[i];
			uint32_t *tot = cmap_find(&ctot, ccls[c].k[i]);
			if (n >= 3 && tot && 2 * n >= *tot) {
				feat_dict_add(dict, ccls[c].k[i], 1u << c);
				ndict[c]++;
			}
		}
	if (fold < 0)
		fprintf(stderr, "dictionary: %zu given, %zu family, %zu place, %zu publisher, %zu container, %zu title words\n",
		ndict[0], ndict[1], ndict[2], ndict[3], ndict[4], ndict[5]);
	free(ctot.k);
	free(ctot.v);
	for (int c = 0; c < 6; c++) {
		free(ccls[c].k);
		free(ccls[c].v);
	}
	quire_arena_free(a);
}

/* The keys seen at least mincount times: their number; *kept gets them
 * (index = feature), *idx and *offs2 (ntok + 1) each token's keys
 * [offs[t], offs[t+1]) as the indices of the kept ones, *distinct how
 * many distinct keys there were. */
static size_t keep_keys(const uint64_t *keys, size_t nkeys, const size_t *offs,
			size_t ntok, int mincount, size_t *distinct, uint64_t **kept,
			uint32_t **idx, size_t **offs2)
{
	cmap c = {0};
	for (size_t i = 0; i < nkeys; i++)
		(*cmap_slot(&c, keys[i]))++;
	size_t n = 0;
	uint64_t *k = xrealloc(NULL, (c.n + 1) * sizeof *k);
	for (size_t i = 0; i < c.cap; i++) {
		if (!c.k[i])
			continue;
		if (c.v[i] >= (uint32_t)mincount) {
			k[n] = c.k[i];
			c.v[i] = (uint32_t)n++;
		} else {
			c.v[i] = UINT32_MAX;
		}
	}
	uint32_t *x = xrealloc(NULL, (nkeys + 1) * sizeof *x);
	size_t *o = xrealloc(NULL, (ntok + 1) * sizeof *o);
	size_t m = 0;
	o[0] = 0;
	for (size_t t = 0; t < ntok; t++) {
		for (size_t j = offs[t]; j < offs[t + 1]; j++) {
			uint32_t v = *cmap_find(&c, keys[j]);
			if (v != UINT32_MAX)
				x[m++] = v;
		}
		o[t + 1] = m;
	}
	*distinct = c.n;
	*kept = k;
	*idx = x;
	*offs2 = o;
	free(c.k);
	free(c.v);
	return n;
}

int main(int argc, char **argv)
{
	const char *out = "refs/model/quire-refs.crf", *provfile = NULL;
	int all = 0, tune = 0, harm = 0, iter = 150, mincount = 2, threads = 2, saveat[32], nsave = 0;
	int edges = 1, folds = 0, fold = 0, chain = 1;
	double l1 = 0.5, l2 = 1e-3;
	rd_set set = {0};
	char err[512];
	if (argc == 4 && !strcmp(argv[1], "--reprov")) {
		size_t n, pn;
		char *m = slurp(argv[2], &n), *prov = slurp(argv[3], &pn);
		buf_t b = BUF_INIT;
		if (!m || !prov || crf_model_reprov((unsigned char *)m, n, prov, &b) != 0 ||
		    write_file(argv[2], b.p, b.len) != 0) {
			fprintf(stderr, "refs_train: cannot replace the provenance of %s\n", argv[2]);
			return 1;
		}
		return 0;
	}
	int nfiles = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!strcmp(argv[i], "--all"))
			all = 1;
		else if (!strcmp(argv[i], "--tune"))
			tune = 1;
		else if (!strcmp(argv[i], "--harmonise"))
			harm = 1;
		else if (!strcmp(argv[i], "--fold") && i + 1 < argc) {
			/* K/N: cross-validation, leave out fold K of N */
			if (sscanf(argv[++i], "%d/%d", &fold, &folds) != 2 || folds < 2 ||
			    fold < 0 || fold >= folds) {
				fprintf(stderr, "refs_train: --fold K/N with 0 <= K < N, N >= 2\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "--chain") && i + 1 < argc) {
			chain = atoi(argv[++i]);
			if (chain < 1 || chain > 64) {
				fprintf(stderr, "refs_train: --chain B with 1 <= B <= 64\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "--no-edges"))
			edges = 0;
		else if (!strcmp(argv[i], "--iter") && i + 1 < argc)
			iter = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--l1") && i + 1 < argc)
			l1 = atof(argv[++i]);
		else if (!strcmp(argv[i], "--l2") && i + 1 < argc)
			l2 = atof(argv[++i]);
		else if (!strcmp(argv[i], "--mincount") && i + 1 < argc)
			mincount = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			threads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--save-at") && i + 1 < argc) {
			for (char *p = argv[++i]; *p && nsave < 32;) {
				saveat[nsave++] = (int)strtol(p, &p, 10);
				if (*p == ',')
					p++;
				else
					break;
			}
		} else if (!strcmp(argv[i], "--prov") && i + 1 < argc)
			provfile = argv[++i];
		else if (argv[i][0] == '-') {
			fprintf(stderr, "refs_train: unknown option %s\n", argv[i]);
			return 2;
		} else {
			if (rd_load(argv[i], &set, err, sizeof err) != 0) {
				fprintf(stderr, "refs_train: %s\n", err);
				return 1;
			}
			nfiles++;
		}
	}
	if (!nfiles) {
		fprintf(stderr, "usage: refs_train [-o MODEL] [--all|--tune|--fold K/N] [--harmonise] [--chain B] [--no-edges] [--iter N] [--l1 X] [--l2 X] [--mincount N] [--threads N] [--save-at N,N...] [--prov FILE] FILE...\n");
		return 2;
	}
	t_start = now();
	/* the training references */
	size_t ntr = 0;
	rd_ref **tr = malloc(set.n * sizeof *tr);
	for (size_t i = 0; i < set.n; i++)
		if (folds ? rd_fold(set.r[i].text, set.r[i].len, folds) != fold
			  : all || !set.r[i].dev || (!tune && set.r[i].dev == 1))
			tr[ntr++] = &set.r[i];
	fprintf(stderr, "%zu references read, %zu for training\n", set.n, ntr);
	if (harm) {
		size_t nh = 0;
		for (size_t r = 0; r < ntr; r++)
			nh += harmonise(tr[r]);
		fprintf(stderr, "harmonise: %zu keyword words joined their field\n", nh);
	}

	feat_dict dict = {0}, fdict[NFOLD] = {{0}};
	build_dict(tr, ntr, -1, &dict);
	for (int k = 0; k < NFOLD; k++)
		build_dict(tr, ntr, k, &fdict[k]);
	quire_arena *a = quire_arena_new(0);

	/* features */
	size_t cap = 1 << 20, nkeys = 0, ntok = 0, tcap = 1 << 16;
	size_t ecap = 1 << 18, nekeys = 0;
	uint64_t *keys = malloc(cap * sizeof *keys);
	uint64_t *ekeys = malloc(ecap * sizeof *ekeys);
	size_t *fs = malloc(tcap * sizeof *fs);
	size_t *es = malloc(tcap * sizeof *es);
	uint8_t *ys = malloc(tcap);
	size_t *seq = malloc((ntr + 1) * sizeof *seq);
	fs[0] = 0;
	es[0] = 0;
	size_t nseq = 0;
	for (size_t r0 = 0, r1; r0 < ntr; r0 = r1) {
		/* --chain B: up to B references that stand next to each other
		 * in their file (lines of one text) are one sequence */
		for (r1 = r0 + 1; r1 < ntr && (int)(r1 - r0) < chain && tr[r1] == tr[r1 - 1] + 1 &&
				  tr[r1]->file == tr[r0]->file; r1++)
			;
		seq[nseq++] = ntok;
		feat_seq parts[64], f;
		uint64_t last[64];
		ref_token *toks[64];
		size_t nts[64];
		for (size_t r = r0; r < r1; r++) {
			size_t nt = nts[r - r0] = ref_tokenize(tr[r]->text, tr[r]->len, a, &toks[r - r0]);
			if (feat_extract(tr[r]->text, tr[r]->len, toks[r - r0], nt, &fdict[r % NFOLD], a,
					 &parts[r - r0]) != QUIRE_OK) {
				fprintf(stderr, "out of memory\n");
				return 1;
			}
			last[r - r0] = nt ? feat_word_key(tr[r]->text + toks[r - r0][nt - 1].off,
							  toks[r - r0][nt - 1].len) : 0;
		}
		if (feat_join(parts, last, r1 - r0, a, &f) != QUIRE_OK) {
			fprintf(stderr, "out of memory\n");
			return 1;
		}
		for (size_t i = 0, r = r0, j = 0; i < f.n; i++, j++) {
			while (j >= nts[r - r0]) {
				r++;
				j = 0;
			}
			size_t k = f.start[i + 1] - f.start[i];
			size_t ke = edges ? f.estart[i + 1] - f.estart[i] : 0;
			while (nkeys + k > cap) {
				cap *= 2;
				keys = xrealloc(keys, cap * sizeof *keys);
			}
			while (nekeys + ke > ecap) {
				ecap *= 2;
				ekeys = xrealloc(ekeys, ecap * sizeof *ekeys);
			}
			while (ntok + 2 > tcap) {
				tcap *= 2;
				fs = xrealloc(fs, tcap * sizeof *fs);
				es = xrealloc(es, tcap * sizeof *es);
				ys = xrealloc(ys, tcap);
			}
			if (!keys || !ekeys || !fs || !es || !ys) {
				fprintf(stderr, "out of memory\n");
				return 1;
			}
			memcpy(keys + nkeys, f.keys + f.start[i], k * sizeof *keys);
			nkeys += k;
			memcpy(ekeys + nekeys, f.ekeys + f.estart[i], ke * sizeof *ekeys);
			nekeys += ke;
			ys[ntok] = tr[r]->gold[toks[r - r0][j].word];
			es[ntok + 1] = nekeys;
			fs[++ntok] = nkeys;
		}
		quire_arena_free(a);
		a = quire_arena_new(0);
	}
	seq[nseq] = ntok;
	size_t nfdist, nedist;
	uint64_t *fkeys, *edkeys;
	uint32_t *fidx, *eidx;
	size_t *fs2, *es2;
	size_t nfeat = keep_keys(keys, nkeys, fs, ntok, mincount, &nfdist, &fkeys, &fidx, &fs2);
	size_t nedge = keep_keys(ekeys, nekeys, es, ntok, mincount, &nedist, &edkeys, &eidx, &es2);
	free(keys);
	free(fs);
	free(ekeys);
	free(es);
	fprintf(stderr, "%zu tokens, %zu distinct features, %zu kept (count >= %d); edge features %zu of %zu; %.0fs\n",
		ntok, nfdist, nfeat, mincount, nedge, nedist, now() - t_start);

	/* Do the sequences hold one work each?  More than 5 % with a second
	 * run of titles (LinkedBooks' footnotes: 7 %; AnyStyle 1.7 %, GROBID
	 * 0.2 %) and labelling must allow one (CRF_MULTI_WORK). */
	size_t two = 0;
	for (size_t q = 0; q < nseq; q++) {
		int runs = 0;
		for (size_t t = seq[q]; t < seq[q + 1]; t++)
			runs += ys[t] == REF_TITLE && (t == seq[q] || ys[t - 1] != REF_TITLE);
		two += runs > 1;
	}
	int multi = nseq && two * 20 > nseq;
	fprintf(stderr, "sequences with two title runs: %zu of %zu (%s)\n", two, nseq,
		multi ? "several works a sequence: no one-run constraint" : "one work a sequence");

	crf_data d = {nseq, ntok, seq, fs2, fidx, ys, nedge, es2, eidx};
	int L = REF_N_LABELS;
	size_t np = crf_nparams_all(&d, nfeat, L);
	double *w = calloc(np, sizeof *w);
	const char *names[REF_N_LABELS];
	for (int y = 0; y < L; y++)
		names[y] = ref_label_name((ref_label)y);
	snapshot sn = {out, saveat, nsave, {L, names, nfeat, fkeys, NULL, &dict, NULL, multi ? CRF_MULTI_WORK : 0, nedge, edkeys}};
	crf_opts o = {l1, l2, iter, threads, 0, progress, &sn};
	int rc = crf_train(&d, nfeat, L, &o, w);
	double secs = now() - t_start;
	fprintf(stderr, "training: status %d, %.0f s\n", rc, secs);

	/* provenance */
	buf_t prov = BUF_INIT;
	buf_printf(&prov, "quire reference model (linear-chain CRF, %d labels, %zu features kept of %zu, %zu edge features of %zu)\n",
		   L, nfeat, nfdist, nedge, nedist);
	buf_printf(&prov, "trained with tools/refs_train: l1 %g, l2 %g, max %d iterations, mincount %d, %s, %s%.0f s on %d threads\n",
		   l1, l2, iter, mincount, folds ? "one cross-validation fold held out (--fold)"
		   : all ? "all shared data"
		   : tune ? "held-out split (rd_is_dev, both halves) held out (--tune)"
			  : "test half of the held-out split (rd_is_dev 2) held out, development half trained on",
		   harm ? "keyword words harmonised (--harmonise), " : "", secs, threads);
	buf_printf(&prov, "training data: %zu references, %zu tokens (%zu with two title runs%s), from:\n",
		   ntr, ntok, two, multi ? ": several works a sequence" : "");
	for (size_t i = 0; i < set.nfiles; i++) {
		const char *base = strstr(set.files[i], "references/");
		buf_printf(&prov, "  %s — %s\n", base ? base + 11 : set.files[i], license_of(set.files[i]));
	}
	if (provfile) {
		size_t pn;
		char *p = slurp(provfile, &pn);
		if (p) {
			buf_append(&prov, p, pn);
			free(p);
		}
	}
	crf_spec spec = {L, names, nfeat, fkeys, w, &dict, prov.p, multi ? CRF_MULTI_WORK : 0, nedge, edkeys};
	buf_t mb = BUF_INIT;
	if (crf_model_write(&spec, &mb) != 0 || write_file(out, mb.p, mb.len) != 0) {
		fprintf(stderr, "refs_train: cannot write %s\n", out);
		return 1;
	}
	fprintf(stderr, "wrote %s (%zu bytes)\n", out, mb.len);
	buf_free(&mb);
	buf_free(&prov);
	quire_arena_free(a);
	free(w);
	free(fidx);
	free(fs2);
	free(fkeys);
	free(eidx);
	free(es2);
	free(edkeys);
	free(seq);
	free(ys);
	free(tr);
	feat_dict_free(&dict);
	for (int k = 0; k < NFOLD; k++)
		feat_dict_free(&fdict[k]);
	rd_free(&set);
	return 0;
}
