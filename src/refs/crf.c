/*
 * crf.c — the linear-chain CRF (crf.h): Viterbi, forward-backward,
 * training with liblbfgs, and the model file.
 *
 * Decisions:
 *   - Forward-backward runs in scaled probability space (each position's
 *     alpha normalised, log Z the sum of the logs of the scales), after
 *     subtracting each position's largest unary score before exp(): as
 *     exact as log space and about ten times faster (one exp per label and
 *     position, none per transition).
 *   - The gradient is summed over sequences split across threads (each with
 *     its own gradient vector, added at the end): deterministic for a given
 *     thread count.
 *   - L1 by liblbfgs's OWL-QN (orthantwise_c, backtracking line search),
 *     L2 added here; L1 makes most feature weights exactly zero, and the
 *     model file keeps only the features with a weight, quantised to 16
 *     bits with one scale (the largest weight / 32767).
 *   - In memory, a model is a dense row of L floats per feature and an
 *     open-addressing table from feature key to row, built at load (a few
 *     milliseconds for a few hundred thousand features).
 *   - Edge features (model version 3) add a row of L*L weights to the
 *     transitions into a token; forward-backward and Viterbi then take a
 *     transition matrix per position (training: exp of it, L*L exps per
 *     token; labelling: only when the model has edge features, each
 *     position's made as Viterbi reaches it, so memory stays L*L).  The
 *     few edge weights are stored as floats, not quantised, and kept
 *     sparse in memory as in the file.
 *   - Labelling keeps a title and a container title to one run each (most
 *     strings are one work) without making every string pay for it: plain
 *     Viterbi first, and only when its path has a second run, Viterbi
 *     again over (label, runs closed) states — the same answer as the
 *     constrained search, since a best path that obeys is its optimum.
 *   - Reading checks every size against the bytes left, the magic, the
 *     version and an FNV-1a checksum: a truncated or corrupt file is
 *     refused with a message, never read past.
 */
#include <lbfgs.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "crf.h"

/* A model's keys (features, edge features) and their rows: open
 * addressing by the key's low bits, linear probing, at most half full. */
typedef struct khash {
	uint64_t *keys; /* cap slots, 0 empty */
	uint32_t *row;
	size_t cap;
} khash;

/* Room for n keys; -1 when out of memory. */
static int kh_init(khash *h, size_t n)
{
	h->cap = 16;
	while (h->cap < 2 * n)
		h->cap *= 2;
	h->keys = calloc(h->cap, sizeof *h->keys);
	h->row = malloc(h->cap * sizeof *h->row);
	return h->keys && h->row ? 0 : -1;
}

static void kh_free(khash *h)
{
	free(h->keys);
	free(h->row);
}

/* Adds key (non-zero, not yet in h) with its row. */
static void kh_put(khash *h, uint64_t key, uint32_t row)
{
	size_t mask = h->cap - 1, i = (size_t)key & mask;
	while (h->keys[i])
		i = (i + 1) & mask;
	h->keys[i] = key;
	h->row[i] = row;
}

/* The row of key, or UINT32_MAX. */
static inline uint32_t kh_get(const khash *h, uint64_t key)
{
	size_t mask = h->cap - 1, i = (size_t)key & mask;
	while (h->keys[i]) {
		if (h->keys[i] == key)
			return h->row[i];
		i = (i + 1) & mask;
	}
	return UINT32_MAX;
}

struct ref_model {
	int L;
	unsigned flags;                /* CRF_MULTI_WORK */
	ref_label lab[CRF_MAX_LABELS]; /* model label -> ref_label */
	float *tr, *first, *last;      /* L*L, L, L */
	size_t nfeat;
	khash feats;     /* feature key -> row of w */
	float *w; /* nfeat * L */
	/* edge features: key -> row of L*L weights added to the transitions
	 * into the token (none in files before version 3) */
	size_t nedge;
	khash edges;     /* edge feature key -> e */
	/* edge feature e's weights, sparse (L1 leaves few): ewi/ewv
	 * [ewoff[e] .. ewoff[e+1]), index a*L+b and weight */
	uint32_t *ewoff;
	uint16_t *ewi;
	float *ewv;
	feat_dict dict;
	char *prov;
};

/* ---- inference kernels ---- */

double crf_viterbi(int L, size_t T, const double *u, const double *tr,
		   const double *first, const double *last, uint8_t *path)
{
	double *d = malloc(2 * (size_t)L * sizeof *d);
	uint8_t *bp = malloc(T * (size_t)L);
	if (!d || !bp) {
		free(d);
		free(bp);
		memset(path, 0, T);
		return 0;
	}
	double *cur = d, *nxt = d + L;
	for (int y = 0; y < L; y++)
		cur[y] = first[y] + u[y];
	for (size_t t = 1; t < T; t++) {
		for (int b = 0; b < L; b++) {
			double best = -INFINITY;
			int arg = 0;
			for (int a = 0; a < L; a++) {
				double v = cur[a] + tr[a * L + b];
				if (v > best) {
					best = v;
					arg = a;
				}
			}
			nxt[b] = best + u[t * (size_t)L + (size_t)b];
			bp[t * (size_t)L + (size_t)b] = (uint8_t)arg;
		}
		double *sw = cur;
		cur = nxt;
		nxt = sw;
	}
	double best = -INFINITY;
	int arg = 0;
	for (int y = 0; y < L; y++)
		if (cur[y] + last[y] > best) {
			best = cur[y] + last[y];
			arg = y;
		}
	for (size_t t = T; t-- > 0;) {
		path[t] = (uint8_t)arg;
		if (t > 0)
			arg = bp[t * (size_t)L + (size_t)arg];
	}
	free(d);
	free(bp);
	return best;
}

/*
 * Scaled forward-backward over T positions with scratch psi, alpha, beta
 * (T*L each) and sc (T); M = exp(tr), the transition into position t at
 * M + t*ms (ms 0: one matrix for all, L*L: one per position, edge
 * features in).  u must already hold first/last.  Leaves marginals in
 * alpha (alpha .* beta) and returns log Z.
 */
static double fb(int L, size_t T, const double *u, const double *M, size_t ms,
		 double *psi, double *alpha, double *beta, double *sc)
{
	double logz = 0;
	if (L < 1)
		return 0;
	for (size_t t = 0; t < T; t++) {
		const double *ut = u + t * (size_t)L;
		double mx = ut[0];
		for (int y = 1; y < L; y++)
			if (ut[y] > mx)
				mx = ut[y];
		double *pt = psi + t * (size_t)L;
		for (int y = 0; y < L; y++)
			pt[y] = exp(ut[y] - mx);
		logz += mx;
	}
	double s = 0;
	for (int y = 0; y < L; y++) {
		alpha[y] = psi[y];
		s += alpha[y];
	}
	sc[0] = s;
	for (int y = 0; y < L; y++)
		alpha[y] /= s;
	for (size_t t = 1; t < T; t++) {
		const double *ap = alpha + (t - 1) * (size_t)L;
		double *at = alpha + t * (size_t)L;
		const double *pt = psi + t * (size_t)L;
		const double *Mt = M + t * ms;
		for (int b = 0; b < L; b++)
			at[b] = 0;
		for (int a = 0; a < L; a++) {
			double x = ap[a];
			const double *Ma = Mt + (size_t)a * (size_t)L;
			for (int b = 0; b < L; b++)
				at[b] += x * Ma[b];
		}
		s = 0;
		for (int b = 0; b < L; b++) {
			at[b] *= pt[b];
			s += at[b];
		}
		if (!(s > 0))
			s = 1e-300;
		sc[t] = s;
		for (int b = 0; b < L; b++)
			at[b] /= s;
	}
	for (size_t t = 0; t < T; t++)
		logz += log(sc[t]);
	double *bl = beta + (T - 1) * (size_t)L;
	for (int y = 0; y < L; y++)
		bl[y] = 1;
	for (size_t t = T - 1; t-- > 0;) {
		const double *bn = beta + (t + 1) * (size_t)L;
		const double *pn = psi + (t + 1) * (size_t)L;
		double *bt = beta + t * (size_t)L;
		double tmp[CRF_MAX_LABELS];
		const double *Mt = M + (t + 1) * ms;
		for (int b = 0; b < L; b++)
			tmp[b] = pn[b] * bn[b];
		for (int a = 0; a < L; a++) {
			const double *Ma = Mt + (size_t)a * (size_t)L;
			double x = 0;
			for (int b = 0; b < L; b++)
				x += Ma[b] * tmp[b];
			bt[a] = x / sc[t + 1];
		}
	}
	return logz;
}

double crf_marginals(int L, size_t T, const double *u, const double *tr,
		     const double *first, const double *last, double *p)
{
	size_t TL = T * (size_t)L;
	double *buf = malloc((4 * TL + T + (size_t)L * L) * sizeof *buf);
	if (!buf)
		return NAN;
	double *uu = buf, *psi = buf + TL, *beta = buf + 2 * TL, *alpha = buf + 3 * TL;
	double *sc = buf + 4 * TL, *M = sc + T;
	memcpy(uu, u, TL * sizeof *uu);
	for (int y = 0; y < L; y++) {
		uu[y] += first[y];
		uu[(T - 1) * (size_t)L + (size_t)y] += last[y];
	}
	for (int i = 0; i < L * L; i++)
		M[i] = exp(tr[i]);
	double lz = fb(L, T, uu, M, 0, psi, alpha, beta, sc);
	for (size_t i = 0; i < TL; i++)
		p[i] = alpha[i] * beta[i];
	free(buf);
	return lz;
}

/* ---- training objective ---- */

size_t crf_nparams(size_t nfeat, int L)
{
	return nfeat * (size_t)L + (size_t)L * (size_t)L + 2 * (size_t)L;
}

size_t crf_nparams_all(const crf_data *d, size_t nfeat, int L)
{
	return crf_nparams(nfeat, L) + (d->es ? d->nedge : 0) * (size_t)L * (size_t)L;
}

/* Does d give token t (absolute) edge features? */
static int has_edges(const crf_data *d, size_t t)
{
	return d->es && d->nedge && d->es[t + 1] > d->es[t];
}

typedef struct job {
	const crf_data *d;
	size_t nfeat;
	const double *w;
	const double *M;
	double *g;
	size_t s0, s1; /* sequences */
	double nll;
	int L;
	int failed;
} job;

static void *job_run(void *arg)
{
	job *j = arg;
	const crf_data *d = j->d;
	int L = j->L;
	size_t maxT = 0;
	for (size_t s = j->s0; s < j->s1; s++)
		if (d->seq[s + 1] - d->seq[s] > maxT)
			maxT = d->seq[s + 1] - d->seq[s];
	size_t TL = maxT * (size_t)L, LL = (size_t)L * (size_t)L;
	int edges = d->es && d->nedge;
	double *buf = malloc((4 * TL + maxT + 1) * sizeof *buf);
	/* with edge features, a transition matrix per position (its
	 * weights, then exp of them) */
	double *Mt = edges ? malloc((maxT + 1) * LL * sizeof *Mt) : NULL;
	if (!buf || (edges && !Mt)) {
		free(buf);
		free(Mt);
		j->failed = 1;
		return NULL;
	}
	double *u = buf, *psi = buf + TL, *alpha = buf + 2 * TL, *beta = buf + 3 * TL;
	double *sc = buf + 4 * TL;
	const double *w = j->w;
	const double *tr = w + j->nfeat * (size_t)L;
	const double *first = tr + LL, *last = first + L;
	const double *we = w + crf_nparams(j->nfeat, L);
	double *g = j->g;
	double *gtr = g + j->nfeat * (size_t)L;
	double *gfirst = gtr + LL, *glast = gfirst + L;
	double *ge = g + crf_nparams(j->nfeat, L);
	double nll = 0;
	for (size_t s = j->s0; s < j->s1; s++) {
		size_t t0 = d->seq[s], T = d->seq[s + 1] - t0;
		if (T == 0)
			continue;
		/* unary scores and the gold path's score */
		double gold = 0;
		for (size_t t = 0; t < T; t++) {
			double *ut = u + t * (size_t)L;
			for (int y = 0; y < L; y++)
				ut[y] = 0;
			for (size_t k = d->fs[t0 + t]; k < d->fs[t0 + t + 1]; k++) {
				const double *row = w + (size_t)d->f[k] * (size_t)L;
				for (int y = 0; y < L; y++)
					ut[y] += row[y];
			}
			int yt = d->y[t0 + t];
			gold += ut[yt];
			if (t > 0) {
				size_t ab = (size_t)d->y[t0 + t - 1] * (size_t)L + (size_t)yt;
				gold += tr[ab];
				if (has_edges(d, t0 + t))
					for (size_t k = d->es[t0 + t]; k < d->es[t0 + t + 1]; k++)
						gold += we[(size_t)d->e[k] * LL + ab];
			}
		}
		/* the transition matrices: exp(tr + the token's edge weights) */
		const double *M = j->M;
		size_t ms = 0;
		if (edges) {
			for (size_t t = 1; t < T; t++) {
				double *m = Mt + t * LL;
				memcpy(m, tr, LL * sizeof *m);
				if (has_edges(d, t0 + t))
					for (size_t k = d->es[t0 + t]; k < d->es[t0 + t + 1]; k++) {
						const double *row = we + (size_t)d->e[k] * LL;
						for (size_t i = 0; i < LL; i++)
							m[i] += row[i];
					}
				for (size_t i = 0; i < LL; i++)
					m[i] = exp(m[i]);
			}
			M = Mt;
			ms = LL;
		}
		for (int y = 0; y < L; y++) {
			u[y] += first[y];
			u[(T - 1) * (size_t)L + (size_t)y] += last[y];
		}
		gold += first[d->y[t0]] + last[d->y[t0 + T - 1]];
		double lz = fb(L, T, u, M, ms, psi, alpha, beta, sc);
		nll += lz - gold;
		/* expectations minus the gold counts */
		for (size_t t = 0; t < T; t++) {
			double *at = alpha + t * (size_t)L;
			const double *bt = beta + t * (size_t)L;
			double pm[CRF_MAX_LABELS];
			for (int y = 0; y < L; y++)
				pm[y] = at[y] * bt[y];
			int yt = d->y[t0 + t];
			pm[yt] -= 1;
			for (size_t k = d->fs[t0 + t]; k < d->fs[t0 + t + 1]; k++) {
				double *gr = g + (size_t)d->f[k] * (size_t)L;
				for (int y = 0; y < L; y++)
					gr[y] += pm[y];
			}
			if (t == 0)
				for (int y = 0; y < L; y++)
					gfirst[y] += pm[y];
			if (t == T - 1)
				for (int y = 0; y < L; y++)
					glast[y] += pm[y];
			if (t > 0) {
				const double *ap = alpha + (t - 1) * (size_t)L;
				const double *pt = psi + t * (size_t)L;
				double tmp[CRF_MAX_LABELS];
				for (int b = 0; b < L; b++)
					tmp[b] = pt[b] * bt[b] / sc[t];
				/* the pair marginals: into the transitions' gradient
				 * and each edge feature's of the token */
				double pair[CRF_MAX_LABELS * CRF_MAX_LABELS];
				const double *Mtt = M + t * ms;
				for (int a = 0; a < L; a++) {
					const double *Ma = Mtt + (size_t)a * (size_t)L;
					double *pa = pair + (size_t)a * (size_t)L;
					double x = ap[a];
					for (int b = 0; b < L; b++)
						pa[b] = x * Ma[b] * tmp[b];
				}
				size_t ab = (size_t)d->y[t0 + t - 1] * (size_t)L + (size_t)yt;
				pair[ab] -= 1;
				for (size_t i = 0; i < LL; i++)
					gtr[i] += pair[i];
				if (has_edges(d, t0 + t))
					for (size_t k = d->es[t0 + t]; k < d->es[t0 + t + 1]; k++) {
						double *gr = ge + (size_t)d->e[k] * LL;
						for (size_t i = 0; i < LL; i++)
							gr[i] += pair[i];
					}
			}
		}
	}
	j->nll = nll;
	free(buf);
	free(Mt);
	return NULL;
}

double crf_objective(const crf_data *d, size_t nfeat, int L, const double *w,
		     double l2, double *g, int threads)
{
	size_t np = crf_nparams_all(d, nfeat, L);
	if (threads < 1)
		threads = 1;
	if (threads > 16)
		threads = 16;
	double *M = malloc((size_t)L * L * sizeof *M);
	job jobs[16];
	pthread_t tid[16];
	if (!M)
		return -1.0;
	const double *tr = w + nfeat * (size_t)L;
	for (int i = 0; i < L * L; i++)
		M[i] = exp(tr[i]);
	memset(g, 0, np * sizeof *g);
	int failed = 0;
	/* split by tokens, not sequences */
	size_t per = d->ntok / (size_t)threads + 1, s = 0;
	for (int k = 0; k < threads; k++) {
		size_t s1 = s;
		size_t lim = d->seq[s] + per;
		while (s1 < d->nseq && (d->seq[s1] < lim || k == threads - 1))
			s1++;
		jobs[k] = (job){.d = d, .nfeat = nfeat, .w = w, .M = M,
				 .g = k == 0 ? g : calloc(np, sizeof(double)),
				 .s0 = s, .s1 = s1, .L = L};
		if (!jobs[k].g)
			failed = 1;
		s = s1;
	}
	int started = 0;
	if (!failed) {
		for (int k = 1; k < threads; k++) {
			if (pthread_create(&tid[k], NULL, job_run, &jobs[k]) != 0) {
				job_run(&jobs[k]);
				tid[k] = 0;
			} else {
				started |= 1 << k;
			}
		}
		job_run(&jobs[0]);
		for (int k = 1; k < threads; k++)
			if (started & (1 << k))
				pthread_join(tid[k], NULL);
	}
	double f = 0;
	for (int k = 0; k < threads; k++) {
		f += jobs[k].nll;
		failed |= jobs[k].failed;
		if (k > 0 && jobs[k].g) {
			const double *gk = jobs[k].g;
			for (size_t i = 0; i < np; i++)
				g[i] += gk[i];
			free(jobs[k].g);
		}
	}
	free(M);
	if (failed)
		return -1.0;
	if (l2 > 0)
		for (size_t i = 0; i < np; i++) {
			f += 0.5 * l2 * w[i] * w[i];
			g[i] += l2 * w[i];
		}
	return f;
}

typedef struct trainer {
	const crf_data *d;
	size_t nfeat;
	int L;
	const crf_opts *o;
	double hist[10];
	int iters;
} trainer;

static lbfgsfloatval_t tr_eval(void *inst, const lbfgsfloatval_t *x,
			       lbfgsfloatval_t *g, const int n, const lbfgsfloatval_t step)
{
	trainer *t = inst;
	double f = crf_objective(t->d, t->nfeat, t->L, x, t->o->l2, g, t->o->threads);
	return f < 0 ? INFINITY : f;
}

static int tr_progress(void *inst, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
		       const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
		       const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step,
		       int n, int k, int ls)
{
	trainer *t = inst;
	size_t nnz = 0;
	for (int i = 0; i < n; i++)
		nnz += x[i] != 0;
	t->iters = k;
	int stop = 0;
	double delta = t->o->delta > 0 ? t->o->delta : 1e-5;
	double fl1 = fx;
	if (k > 10) {
		double old = t->hist[k % 10];
		if (old > 0 && (old - fl1) / old < delta)
			stop = 1;
	}
	t->hist[k % 10] = fl1;
	if (t->o->progress && t->o->progress(t->o->ctx, k, fx, nnz, x))
		stop = 1;
	return stop;
}

int crf_train(const crf_data *d, size_t nfeat, int L, const crf_opts *o, double *w)
{
	size_t np = crf_nparams_all(d, nfeat, L);
	if (np > (size_t)INT32_MAX || L > CRF_MAX_LABELS)
		return LBFGSERR_INVALID_N;
	lbfgsfloatval_t *x = lbfgs_malloc((int)np);
	if (!x)
		return LBFGSERR_OUTOFMEMORY;
	memcpy(x, w, np * sizeof *x);
	lbfgs_parameter_t p;
	lbfgs_parameter_init(&p);
	p.m = 6;
	p.max_iterations = o->max_iter;
	p.epsilon = 1e-6;
	p.past = 0;
	if (o->l1 > 0) {
		p.orthantwise_c = o->l1;
		p.orthantwise_start = 0;
		p.orthantwise_end = (int)np;
		p.linesearch = LBFGS_LINESEARCH_BACKTRACKING;
	}
	trainer t = {d, nfeat, L, o, {0}, 0};
	lbfgsfloatval_t fx = 0;
	int r = lbfgs((int)np, x, &fx, tr_eval, tr_progress, &t, &p);
	memcpy(w, x, np * sizeof *x);
	lbfgs_free(x);
	return r;
}

/* ---- the model file ---- */

static void put32(buf_t *b, uint32_t v)
{
	unsigned char c[4] = {(unsigned char)v, (unsigned char)(v >> 8),
			      (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
	buf_append(b, c, 4);
}

static void put64(buf_t *b, uint64_t v)
{
	put32(b, (uint32_t)v);
	put32(b, (uint32_t)(v >> 32));
}

static void putf(buf_t *b, float f)
{
	uint32_t v;
	memcpy(&v, &f, 4);
	put32(b, v);
}

static uint32_t fnv32(const unsigned char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 16777619u;
	}
	return h;
}

typedef struct kidx {
	uint64_t key;
	size_t i;
} kidx;

static int kidx_cmp(const void *a, const void *b)
{
	uint64_t x = ((const kidx *)a)->key, y = ((const kidx *)b)->key;
	return x < y ? -1 : x > y;
}

int crf_model_write(const crf_spec *s, buf_t *b)
{
	int L = s->L;
	if (L < 1 || L > CRF_MAX_LABELS)
		return -1;
	size_t start = b->len;
	const double eps = 1e-4;
	double mx = 0;
	for (size_t i = 0; i < s->nfeat * (size_t)L; i++)
		if (fabs(s->w[i]) > mx)
			mx = fabs(s->w[i]);
	size_t LL = (size_t)L * (size_t)L;
	const double *we = s->w + crf_nparams(s->nfeat, L);
	size_t ne = s->ekeys ? s->nedge : 0;
	float scale = mx > 0 ? (float)(mx / 32767.0) : 1.0f;
	kidx *ki = malloc((s->nfeat + 1) * sizeof *ki);
	kidx *ke = malloc((ne + 1) * sizeof *ke);
	if (!ki || !ke) {
		free(ki);
		free(ke);
		return -1;
	}
	size_t nk = 0;
	for (size_t f = 0; f < s->nfeat; f++) {
		const double *row = s->w + f * (size_t)L;
		int any = 0;
		for (int y = 0; y < L; y++)
			if (fabs(row[y]) > eps && lround(row[y] / scale) != 0)
				any = 1;
		if (any)
			ki[nk++] = (kidx){s->keys[f], f};
	}
	qsort(ki, nk, sizeof *ki, kidx_cmp);
	size_t nke = 0;
	for (size_t e = 0; e < ne; e++) {
		int any = 0;
		for (size_t i = 0; i < LL; i++)
			any |= fabs(we[e * LL + i]) > eps;
		if (any)
			ke[nke++] = (kidx){s->ekeys[e], e};
	}
	qsort(ke, nke, sizeof *ke, kidx_cmp);
	int dup = 0;
	for (size_t k = 1; k < nk; k++)
		dup |= ki[k].key == ki[k - 1].key || ki[k].key == 0;
	for (size_t k = 0; k < nke; k++)
		dup |= ke[k].key == 0 || (k > 0 && ke[k].key == ke[k - 1].key);
	if (dup || (L > 1 && LL > 65535)) {
		free(ki);
		free(ke);
		return -1;
	}
	buf_append(b, CRF_MAGIC, 8);
	put32(b, CRF_VERSION);
	put32(b, s->flags);
	put32(b, (uint32_t)L);
	for (int y = 0; y < L; y++) {
		size_t n = strlen(s->labels[y]);
		unsigned char c = (unsigned char)(n > 255 ? 255 : n);
		buf_append(b, &c, 1);
		buf_append(b, s->labels[y], c);
	}
	putf(b, scale);
	put32(b, (uint32_t)nk);
	const double *tr = s->w + s->nfeat * (size_t)L;
	for (int i = 0; i < L * L + 2 * L; i++)
		putf(b, (float)tr[i]);
	for (size_t k = 0; k < nk; k++) {
		/* keys are unique in training (a key is a feature's identity) */
		const double *row = s->w + ki[k].i * (size_t)L;
		put64(b, ki[k].key);
		unsigned char cnt = 0;
		for (int y = 0; y < L; y++)
			if (lround(row[y] / scale) != 0)
				cnt++;
		buf_append(b, &cnt, 1);
		for (int y = 0; y < L; y++) {
			long q = lround(row[y] / scale);
			if (q == 0)
				continue;
			if (q > 32767)
				q = 32767;
			if (q < -32767)
				q = -32767;
			unsigned char e[3] = {(unsigned char)y, (unsigned char)(q & 0xff),
					      (unsigned char)(((unsigned long)q >> 8) & 0xff)};
			buf_append(b, e, 3);
		}
	}
	free(ki);
	/* edge features: the weights above eps, as floats (few) */
	put32(b, (uint32_t)nke);
	for (size_t k = 0; k < nke; k++) {
		const double *row = we + ke[k].i * LL;
		put64(b, ke[k].key);
		uint16_t cnt = 0;
		for (size_t i = 0; i < LL; i++)
			cnt = (uint16_t)(cnt + (fabs(row[i]) > eps));
		unsigned char c2[2] = {(unsigned char)(cnt & 0xff), (unsigned char)(cnt >> 8)};
		buf_append(b, c2, 2);
		for (size_t i = 0; i < LL; i++) {
			if (!(fabs(row[i]) > eps))
				continue;
			unsigned char ix[2] = {(unsigned char)(i & 0xff), (unsigned char)(i >> 8)};
			buf_append(b, ix, 2);
			putf(b, (float)row[i]);
		}
	}
	free(ke);
	size_t nd = 0;
	if (s->dict)
		for (size_t i = 0; i < s->dict->cap; i++)
			nd += s->dict->keys[i] != 0;
	put32(b, (uint32_t)nd);
	if (s->dict)
		for (size_t i = 0; i < s->dict->cap; i++)
			if (s->dict->keys[i]) {
				put64(b, s->dict->keys[i]);
				buf_append(b, &s->dict->cls[i], 1);
			}
	const char *prov = s->provenance ? s->provenance : "";
	put32(b, (uint32_t)strlen(prov));
	buf_append(b, prov, strlen(prov));
	if (buf_failed(b))
		return -1;
	put32(b, fnv32((const unsigned char *)b->p + start, b->len - start));
	return buf_failed(b) ? -1 : 0;
}

typedef struct rd {
	const unsigned char *p;
	size_t n, i;
	int bad;
} rd;

static int need(rd *r, size_t k)
{
	if (r->bad || r->n - r->i < k) {
		r->bad = 1;
		return 0;
	}
	return 1;
}

static uint32_t get32(rd *r)
{
	if (!need(r, 4))
		return 0;
	const unsigned char *c = r->p + r->i;
	r->i += 4;
	return (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
}

static uint64_t get64(rd *r)
{
	uint64_t lo = get32(r);
	return lo | (uint64_t)get32(r) << 32;
}

static float getf(rd *r)
{
	uint32_t v = get32(r);
	float f;
	memcpy(&f, &v, 4);
	return f;
}

void ref_model_free(ref_model *m)
{
	if (!m)
		return;
	free(m->tr);
	kh_free(&m->feats);
	free(m->w);
	kh_free(&m->edges);
	free(m->ewoff);
	free(m->ewi);
	free(m->ewv);
	feat_dict_free(&m->dict);
	free(m->prov);
	free(m);
}

static quire_status bad(ref_model *m, quire_error *err, const char *what)
{
	ref_model_free(m);
	return quire_error_set(err, QUIRE_EINPUT, "reference model: %s", what);
}

quire_status crf_model_read(const unsigned char *p, size_t n, ref_model **out,
			    quire_error *err)
{
	*out = NULL;
	if (!p || n < 8 + 4 + 4 + 4 || memcmp(p, CRF_MAGIC, 8) != 0)
		return quire_error_set(err, QUIRE_EINPUT, "reference model: not a quire CRF model (bad magic)");
	{
		const unsigned char *c = p + n - 4;
		uint32_t want = (uint32_t)c[0] | (uint32_t)c[1] << 8 | (uint32_t)c[2] << 16 | (uint32_t)c[3] << 24;
		if (fnv32(p, n - 4) != want)
			return quire_error_set(err, QUIRE_EINPUT, "reference model: checksum mismatch (truncated or corrupt)");
	}
	rd r = {p, n - 4, 8, 0};
	uint32_t ver = get32(&r);
	if (ver < 1 || ver > CRF_VERSION)
		return quire_error_set(err, QUIRE_EINPUT, "reference model: version %u, expected 1 to %u", ver, CRF_VERSION);
	uint32_t flags = ver >= 2 ? get32(&r) : 0;
	ref_model *m = calloc(1, sizeof *m);
	if (!m)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	m->flags = flags & CRF_MULTI_WORK;
	uint32_t L = get32(&r);
	if (r.bad || L < 1 || L > CRF_MAX_LABELS)
		return bad(m, err, "bad label count");
	m->L = (int)L;
	for (uint32_t y = 0; y < L; y++) {
		if (!need(&r, 1))
			return bad(m, err, "truncated");
		size_t k = r.p[r.i++];
		if (!need(&r, k) || k >= 32)
			return bad(m, err, "bad label name");
		char name[32];
		memcpy(name, r.p + r.i, k);
		name[k] = 0;
		r.i += k;
		if (ref_label_parse(name, &m->lab[y]) != 0)
			return bad(m, err, "unknown label");
	}
	float scale = getf(&r);
	uint32_t nfeat = get32(&r);
	if (r.bad || !(scale > 0) || !isfinite(scale))
		return bad(m, err, "bad scale");
	/* each feature takes at least 9 bytes */
	if (nfeat > (r.n - r.i) / 9)
		return bad(m, err, "feature count larger than the file");
	size_t nt = (size_t)L * (size_t)L + 2 * (size_t)L;
	m->tr = malloc(nt * sizeof *m->tr);
	m->nfeat = nfeat;
	int kfail = kh_init(&m->feats, nfeat);
	m->w = calloc((size_t)nfeat * L + 1, sizeof *m->w);
	if (!m->tr || kfail || !m->w)
		return bad(m, err, "out of memory");
	m->first = m->tr + (size_t)L * L;
	m->last = m->first + L;
	for (size_t i = 0; i < nt; i++) {
		m->tr[i] = getf(&r);
		if (!isfinite(m->tr[i]))
			return bad(m, err, "bad transition weight");
	}
	uint64_t prev = 0;
	for (uint32_t f = 0; f < nfeat; f++) {
		uint64_t key = get64(&r);
		if (!need(&r, 1))
			return bad(m, err, "truncated features");
		unsigned cnt = r.p[r.i++];
		if (key == 0 || (f > 0 && key <= prev) || cnt > L || !need(&r, 3 * (size_t)cnt))
			return bad(m, err, "bad feature entry");
		prev = key;
		float *row = m->w + (size_t)f * L;
		for (unsigned j = 0; j < cnt; j++) {
			const unsigned char *e = r.p + r.i;
			r.i += 3;
			if (e[0] >= L)
				return bad(m, err, "bad feature label");
			int16_t q = (int16_t)(uint16_t)(e[1] | e[2] << 8);
			row[e[0]] = (float)q * scale;
		}
		kh_put(&m->feats, key, f);
	}
	if (ver >= 3) {
		/* edge features: each at least 10 bytes */
		size_t LL = (size_t)L * L;
		uint32_t ne = get32(&r);
		if (r.bad || ne > (r.n - r.i) / 10)
			return bad(m, err, "edge feature count larger than the file");
		m->nedge = ne;
		kfail = kh_init(&m->edges, ne);
		/* each weight takes 6 bytes of the file */
		size_t maxw = (r.n - r.i) / 6 + 1;
		m->ewoff = malloc(((size_t)ne + 1) * sizeof *m->ewoff);
		m->ewi = malloc(maxw * sizeof *m->ewi);
		m->ewv = malloc(maxw * sizeof *m->ewv);
		if (kfail || !m->ewoff || !m->ewi || !m->ewv)
			return bad(m, err, "out of memory");
		size_t nw = 0;
		uint64_t eprev = 0;
		for (uint32_t e = 0; e < ne; e++) {
			uint64_t key = get64(&r);
			if (!need(&r, 2))
				return bad(m, err, "truncated edge features");
			size_t cnt = (size_t)r.p[r.i] | (size_t)r.p[r.i + 1] << 8;
			r.i += 2;
			if (key == 0 || (e > 0 && key <= eprev) || cnt > LL || !need(&r, 6 * cnt))
				return bad(m, err, "bad edge feature entry");
			eprev = key;
			m->ewoff[e] = (uint32_t)nw;
			for (size_t j = 0; j < cnt; j++) {
				size_t i = (size_t)r.p[r.i] | (size_t)r.p[r.i + 1] << 8;
				r.i += 2;
				float v = getf(&r);
				if (i >= LL || !isfinite(v) || nw >= maxw)
					return bad(m, err, "bad edge feature weight");
				m->ewi[nw] = (uint16_t)i;
				m->ewv[nw++] = v;
			}
			kh_put(&m->edges, key, e);
		}
		m->ewoff[ne] = (uint32_t)nw;
	}
	uint32_t nd = get32(&r);
	if (r.bad || nd > (r.n - r.i) / 9)
		return bad(m, err, "bad dictionary size");
	for (uint32_t i = 0; i < nd; i++) {
		uint64_t key = get64(&r);
		if (!need(&r, 1))
			return bad(m, err, "truncated dictionary");
		unsigned c = r.p[r.i++];
		if (key == 0 || feat_dict_add(&m->dict, key, c) != 0)
			return bad(m, err, "bad dictionary entry");
	}
	uint32_t np = get32(&r);
	if (r.bad || !need(&r, np))
		return bad(m, err, "bad provenance");
	m->prov = malloc((size_t)np + 1);
	if (!m->prov)
		return bad(m, err, "out of memory");
	memcpy(m->prov, r.p + r.i, np);
	m->prov[np] = 0;
	r.i += np;
	if (r.i != r.n)
		return bad(m, err, "trailing bytes");
	*out = m;
	return QUIRE_OK;
}

quire_status ref_model_load(const unsigned char *bytes, size_t n,
			    ref_model **out, quire_error *err)
{
	return crf_model_read(bytes, n, out, err);
}

const feat_dict *crf_model_dict(const ref_model *m)
{
	return &m->dict;
}

const char *crf_model_provenance(const ref_model *m)
{
	return m->prov ? m->prov : "";
}

size_t crf_model_nfeat(const ref_model *m)
{
	return m->nfeat;
}

/* Does label y (>= 0) open a run on path[0..T) after an earlier run? */
static int second_run(const uint8_t *path, size_t T, int y)
{
	int runs = 0;
	for (size_t t = 0; y >= 0 && t < T; t++)
		runs += path[t] == y && (t == 0 || path[t - 1] != y);
	return runs > 1;
}

/* The edge features of a labelling: token t's edge rows (model rows, or
 * UINT32_MAX for a key the model lacks) at row[start[t] .. start[t+1]). */
typedef struct edges {
	const uint32_t *start;
	const uint32_t *row;
} edges;

/* The transitions into position t: the model's, or with e's rows added
 * into buf (L*L) when the token has any. */
static const float *tr_at(const ref_model *m, const edges *e, size_t t, float *buf)
{
	if (!e)
		return m->tr;
	int any = 0;
	for (uint32_t k = e->start[t]; k < e->start[t + 1]; k++) {
		uint32_t r = e->row[k];
		if (r == UINT32_MAX)
			continue;
		if (!any) {
			memcpy(buf, m->tr, (size_t)m->L * (size_t)m->L * sizeof *buf);
			any = 1;
		}
		for (uint32_t j = m->ewoff[r]; j < m->ewoff[r + 1]; j++)
			buf[m->ewi[j]] += m->ewv[j];
	}
	return any ? buf : m->tr;
}

/*
 * Viterbi over the unary scores u[T*L] into path, under the cuts (label
 * y does not continue at token t when cut[t] & stop[y]: REF_CUT_TITLE for
 * a title ti or container title ci, REF_CUT_NAMES for names).  With F 4 the
 * states are (flags, label): flag 1 once a title run has closed, flag 2
 * once a container title's has, and a second run of either is not
 * allowed; F 1 is plain Viterbi.  bq holds T*F*L back pointers.  e (NULL:
 * none) adds the edge features' weights to the transitions into each
 * position, made one position at a time (memory stays L*L).
 */
static void crf_best(const ref_model *m, const float *u, const edges *e, size_t T,
		     const uint8_t *cut, const uint8_t *stop, int ti, int ci, int F,
		     uint16_t *bq, uint8_t *path)
{
	float trbuf[CRF_MAX_LABELS * CRF_MAX_LABELS];
	int L = m->L, S = F * L;
	float cur[4 * CRF_MAX_LABELS], nxt[4 * CRF_MAX_LABELS];
	for (int s = 0; s < S; s++)
		cur[s] = s < L ? m->first[s] + u[s] : -INFINITY;
	for (size_t t = 1; t < T && F == 1; t++) { /* plain: the common case */
		const float *ut = u + t * (size_t)L;
		const float *tr = tr_at(m, e, t, trbuf);
		uint16_t *bt = bq + t * (size_t)L;
		int cut_t = cut ? cut[t] : 0;
		for (int b = 0; b < L; b++) {
			int skip = (cut_t & stop[b]) != 0;
			float best = -INFINITY;
			int arg = 0;
			for (int x = 0; x < L; x++) {
				float v = cur[x] + tr[x * L + b];
				if (v > best) {
					best = v;
					arg = x;
				}
			}
			if (skip && arg == b) { /* a cut: the best other than b */
				best = -INFINITY;
				for (int x = 0; x < L; x++) {
					float v = cur[x] + tr[x * L + b];
					if (x != b && v > best) {
						best = v;
						arg = x;
					}
				}
			}
			nxt[b] = best + ut[b];
			bt[b] = (uint16_t)arg;
		}
		memcpy(cur, nxt, (size_t)L * sizeof *cur);
	}
	for (size_t t = 1; t < T && F > 1; t++) {
		const float *ut = u + t * (size_t)L;
		const float *tr = tr_at(m, e, t, trbuf);
		uint16_t *bt = bq + t * (size_t)S;
		for (int s = 0; s < S; s++) {
			nxt[s] = -INFINITY;
			bt[s] = 0; /* a state no path reaches still points somewhere */
		}
		for (int fa = 0; fa < F; fa++)
			for (int x = 0; x < L; x++) {
				float cx = cur[fa * L + x];
				if (cx == -INFINITY)
					continue;
				const float *tx = tr + (size_t)x * (size_t)L;
				for (int b = 0; b < L; b++) {
					int fb2 = fa;
					if (b == x) {
						if (cut && (cut[t] & stop[b]))
							continue; /* a cut */
					} else {
						if ((b == ti && (fa & 1)) || (b == ci && (fa & 2)))
							continue; /* a second run */
						fb2 |= x == ti ? 1 : x == ci ? 2 : 0;
					}
					float v = cx + tx[b];
					int sb = fb2 * L + b;
					if (v > nxt[sb]) {
						nxt[sb] = v;
						bt[sb] = (uint16_t)(fa * L + x);
					}
				}
			}
		for (int s = 0; s < S; s++)
			cur[s] = nxt[s] + ut[s % L];
	}
	int arg = 0;
	float best = -INFINITY;
	for (int s = 0; s < S; s++)
		if (cur[s] + m->last[s % L] > best) {
			best = cur[s] + m->last[s % L];
			arg = s;
		}
	for (size_t t = T; t-- > 0;) {
		path[t] = (uint8_t)(arg % L);
		if (t > 0)
			arg = bq[t * (size_t)S + (size_t)arg];
	}
}

quire_status crf_label(const ref_model *m, const feat_seq *f, const uint8_t *cut,
		       quire_arena *a, ref_label *out, quire_error *err)
{
	size_t T = f->n;
	if (T == 0)
		return QUIRE_OK;
	int L = m->L;
	if (L < 1 || L > CRF_MAX_LABELS) /* crf_model_read refuses such */
		return quire_error_set(err, QUIRE_EINPUT, "the model has no labels");
	float *u = quire_arena_alloc(a, T * (size_t)L * sizeof *u);
	if (!u)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
	for (size_t t = 0; t < T; t++) {
		float *ut = u + t * (size_t)L;
		for (int y = 0; y < L; y++)
			ut[y] = 0;
		for (uint32_t k = f->start[t]; k < f->start[t + 1]; k++) {
			uint32_t r = kh_get(&m->feats, f->keys[k]);
			if (r == UINT32_MAX)
				continue;
			const float *row = m->w + (size_t)r * L;
			for (int y = 0; y < L; y++)
				ut[y] += row[y];
		}
	}
	/* edge features: each key's model row, looked up once (the
	 * transitions are made from them position by position) */
	edges eg, *e = NULL;
	if (m->nedge && f->estart && f->estart[T] > 0) {
		uint32_t *row = quire_arena_alloc(a, f->estart[T] * sizeof *row);
		if (!row)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
		for (uint32_t k = 0; k < f->estart[T]; k++)
			row[k] = kh_get(&m->edges, f->ekeys[k]);
		eg.start = f->estart;
		eg.row = row;
		e = &eg;
	}
	int ti = -1, ci = -1;
	uint8_t stop[CRF_MAX_LABELS] = {0};
	for (int y = 0; y < L; y++) {
		if (m->lab[y] == REF_TITLE)
			ti = y;
		else if (m->lab[y] == REF_CONTAINER)
			ci = y;
		if (m->lab[y] == REF_TITLE || m->lab[y] == REF_CONTAINER)
			stop[y] = REF_CUT_TITLE;
		else if (m->lab[y] == REF_AUTHOR || m->lab[y] == REF_EDITOR ||
			 m->lab[y] == REF_TRANSLATOR)
			stop[y] = REF_CUT_NAMES;
	}
	uint8_t *path = quire_arena_alloc(a, T);
	uint16_t *bq = quire_arena_alloc(a, T * (size_t)L * sizeof *bq);
	if (!path || !bq)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
	/* the best path; when it holds a second run of titles or container
	 * titles, the best path without one (the same when it has none) */
	crf_best(m, u, e, T, cut, stop, ti, ci, 1, bq, path);
	if (!(m->flags & CRF_MULTI_WORK) &&
	    (second_run(path, T, ti) || second_run(path, T, ci))) {
		bq = quire_arena_alloc(a, T * (size_t)4 * (size_t)L * sizeof *bq);
		if (!bq)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
		crf_best(m, u, e, T, cut, stop, ti, ci, 4, bq, path);
	}
	for (size_t t = 0; t < T; t++)
		out[t] = m->lab[path[t]];
	return QUIRE_OK;
}

int crf_model_reprov(const unsigned char *p, size_t n, const char *prov, buf_t *b)
{
	ref_model *m = NULL;
	quire_error err;
	if (crf_model_read(p, n, &m, &err) != QUIRE_OK || !m)
		return -1;
	/* the old provenance is the last field before the checksum */
	size_t np = strlen(m->prov);
	ref_model_free(m);
	if (n < 8 + np)
		return -1;
	size_t start = b->len, keep = n - 4 - np - 4;
	buf_append(b, p, keep);
	put32(b, (uint32_t)strlen(prov));
	buf_append(b, prov, strlen(prov));
	if (buf_failed(b))
		return -1;
	put32(b, fnv32((const unsigned char *)b->p + start, b->len - start));
	return buf_failed(b) ? -1 : 0;
}
