/*
 * crf.h — a first-order linear-chain CRF (crf_): labelling (Viterbi),
 * training (forward-backward, the L2-regularised negative log-likelihood
 * and its gradient, L-BFGS / OWL-QN from liblbfgs for L1), and the model
 * file that holds the weights, the feature dictionary and the provenance.
 *
 * Weights (training layout, nparams = nfeat*L + L*L + 2*L + nedge*L*L
 * doubles, crf_nparams_all):
 *   w[f*L + y]              feature f with label y
 *   w[nfeat*L + a*L + b]    transition a -> b
 *   w[nfeat*L + L*L + y]    label y first
 *   w[nfeat*L + L*L + L + y] label y last
 *   w[crf_nparams(nfeat, L) + e*L*L + a*L + b]
 *                           edge feature e on the transition a -> b into
 *                           its token (feat.h's edge keys: what the token
 *                           and the one before it look like, so that "a
 *                           field changes here" is learnt apart from
 *                           which field it is)
 *
 * Model file (all integers little-endian):
 *   "QRFCRF1\0", u32 version (3; 1 and 2 are read too), u32 flags
 *   (version 2 on; CRF_MULTI_WORK), u32 L, L x (u8 n, name bytes),
 *   f32 scale, u32 nfeat, L*L + 2L f32 (transitions, first, last),
 *   nfeat x (u64 key, u8 k, k x (u8 label, i16 q)) with key ascending and
 *   weight = q * scale, (version 3 on) u32 nedge, nedge x (u64 key, u16 k,
 *   k x (u16 a*L+b, f32 weight)) with key ascending,
 *   u32 ndict, ndict x (u64 key, u8 classes),
 *   u32 nprov, nprov bytes of provenance text (UTF-8),
 *   u32 FNV-1a checksum of every byte before it.
 */
#ifndef QUIRE_CRF_H
#define QUIRE_CRF_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "feat.h"
#include "refs.h"

#define CRF_MAGIC "QRFCRF1"
#define CRF_VERSION 3u
/* The training sequences may hold several works (LinkedBooks' footnote
 * strings): labelling then allows a second run of titles (crf_label). */
#define CRF_MULTI_WORK 1u
#define CRF_MAX_LABELS 64

/* ---- labelling ---- */

/* Viterbi labels of a feature sequence: out[i] for each of f->n tokens.
 * cut (NULL: none) marks tokens where a title or container title
 * (REF_CUT_TITLE) or a name list (REF_CUT_NAMES: author, editor,
 * translator) may not continue from the token before (ref_label_cuts):
 * the best labelling
 * under that constraint, and (unless the model has CRF_MULTI_WORK) with
 * at most one run of titles and one of container titles. */
quire_status crf_label(const ref_model *m, const feat_seq *f, const uint8_t *cut,
		       quire_arena *a, ref_label *out, quire_error *err);
/* The dictionary the model carries (for feat_extract). */
const feat_dict *crf_model_dict(const ref_model *m);
/* The provenance text of the model ("" when none). */
const char *crf_model_provenance(const ref_model *m);
/* Number of features the model holds weights for. */
size_t crf_model_nfeat(const ref_model *m);

/* ---- the inference kernels (on dense double scores; tests use them) ---- */

/* Best path of T positions over L labels for unary scores u[T*L], the
 * transitions tr[L*L] (a -> b at a*L+b), first[L], last[L]; path[T].
 * Returns the path's score.  T >= 1. */
double crf_viterbi(int L, size_t T, const double *u, const double *tr,
		   const double *first, const double *last, uint8_t *path);
/* Marginals p[t*L+y] of the same model; returns log Z.  T >= 1. */
double crf_marginals(int L, size_t T, const double *u, const double *tr,
		     const double *first, const double *last, double *p);

/* ---- training ---- */

typedef struct crf_data {
	size_t nseq, ntok;
	const size_t *seq;   /* nseq + 1 token offsets */
	const size_t *fs;    /* ntok + 1 offsets into f */
	const uint32_t *f;   /* feature indices < nfeat */
	const uint8_t *y;    /* gold label of each token, < L */
	/* edge features (may be absent: nedge 0, es NULL): token t's are
	 * e[es[t] .. es[t+1]), indices < nedge, on the transition into t */
	size_t nedge;
	const size_t *es;
	const uint32_t *e;
} crf_data;

/* Parameters without edge features; with d's edge features. */
size_t crf_nparams(size_t nfeat, int L);
size_t crf_nparams_all(const crf_data *d, size_t nfeat, int L);

/* The L2-regularised negative log-likelihood of d at w (l2/2 * |w|^2 added)
 * and its gradient into g (nparams), over threads threads (>= 1); -1.0 on
 * out of memory. */
double crf_objective(const crf_data *d, size_t nfeat, int L, const double *w,
		     double l2, double *g, int threads);

typedef struct crf_opts {
	double l1, l2;  /* OWL-QN's L1 coefficient (0: plain L-BFGS), L2 */
	int max_iter;   /* iterations (0: until converged) */
	int threads;
	double delta;   /* stop when the objective improves less than this
			 * (relative) over 10 iterations; 0: 1e-5 */
	/* called after each iteration with the current weights w (nparams,
	 * training layout); non-zero stops */
	int (*progress)(void *ctx, int iter, double fx, size_t nnz, const double *w);
	void *ctx;
} crf_opts;

/* Trains w (nparams, in: start point, usually zeros); returns liblbfgs's
 * status (>= 0 or LBFGSERR_MAXIMUMITERATION are fine). */
int crf_train(const crf_data *d, size_t nfeat, int L, const crf_opts *o, double *w);

/* ---- the model file ---- */

typedef struct crf_spec {
	int L;
	const char *const *labels; /* names of labels 0..L-1 */
	size_t nfeat;
	const uint64_t *keys;      /* feature keys (feat.h), one per feature */
	const double *w;           /* the training layout above */
	const feat_dict *dict;     /* may be NULL */
	const char *provenance;    /* may be NULL */
	unsigned flags;            /* CRF_MULTI_WORK or 0 */
	size_t nedge;              /* edge features (0: none) */
	const uint64_t *ekeys;     /* their keys, one per edge feature */
} crf_spec;

/* Appends the model file of s to b (features and edge features with no
 * weight above |1e-4| are left out); 0, or -1 when b failed. */
int crf_model_write(const crf_spec *s, buf_t *b);
/* Copies the model file p[0..n) to b with its provenance text replaced by
 * prov (and the checksum redone); 0, or -1 when p is not a valid model. */
int crf_model_reprov(const unsigned char *p, size_t n, const char *prov, buf_t *b);
/* Reads a model file (ref_model_load is this). */
quire_status crf_model_read(const unsigned char *p, size_t n, ref_model **out,
			    quire_error *err);

#endif
