/*
 * ixquery.c — the query side of ix (see ix.h): query trees, the execution
 * tree over posting-list cursors (ixlist.c), matching, BM25F top-k with
 * block-max pruning, the proximity rerank, the exact count, and positions
 * of a hit.
 *
 * Decisions:
 *   - A search builds an execution tree from the caller's ix_q: each
 *     TERM leaf gets a cursor over its rows (the docs blobs are read once,
 *     positions only when a phrase, the rerank or ix_positions needs them).
 *     PREFIX leaves are expanded here through the vocabulary.
 *   - Matching is two-step: next_geq gives the next document that may
 *     match (AND leapfrogs, OR takes the smallest, NOT follows its first
 *     kid, PHRASE is an AND of its parts), then match() decides exactly
 *     with the fields the viewer may search (a NOT looks only there too)
 *     and a phrase's positions.
 *   - A document's score sums the scoring leaves of the branches that
 *     match it (an OR's kids that match, every kid of an AND, a NOT's first
 *     kid), as FTS5's rank function saw only those phrases' instances; so
 *     an AND that leapfrogged past the document never needs to look back.
 *   - Pruning: before a candidate is even decoded, the sum over scoring
 *     leaves of their current block's bound (max tf and min length per
 *     field; the preview counted with the larger of its two weights) is
 *     compared with the score the candidate must beat; when it cannot,
 *     the search skips to the end of the shortest of those blocks.  The
 *     comparison keeps a relative margin of 1e-9, so rounding never drops
 *     a document that would have entered: results are exactly those of
 *     scoring every match.  Ties go to the smaller docid.  Pruning is off
 *     when a parameter is outside the range where the bound holds (b
 *     outside [0, 1], k1 or a weight negative).  A candidate that passes
 *     is bounded again with its own tfs (the block's min lengths) before
 *     it is scored: in a block of common words, the few postings in a
 *     title raise the block's bound, not every posting's.
 *   - A scoring PREFIX is merged once into one list (tfs summed), so
 *     ranking and counting walk one list instead of up to
 *     IX_PREFIX_TERMS.  The merge knows each document's lengths, so it
 *     keeps each document's BM25F sum and each block's largest: exact
 *     bounds (with bounds from the blocks' max tf and min length, a
 *     common prefix's blocks were hardly ever skipped: "inter*" at
 *     100,000 papers bounded 93,053 times, skipped once).  A merged
 *     prefix alone is counted from its arrays, and its ranking then
 *     prunes as a search without a count does.
 *   - An AND or a PHRASE leapfrogs from its rarest kid.  A phrase anchors
 *     on its part with the fewest positions in the document and bisects
 *     the others' (fixed-width) positions.
 *   - A BOOST's bonus (the words as a phrase beside their AND) scores in
 *     the rerank only and is left out of the bounds: an OR would add its
 *     coordination to every block's bound, and pruning would stop.
 *   - With the count asked, ranking and counting are one pass: the count
 *     walks every candidate anyway, so blocks are decoded and phrases
 *     checked once, and the bounds only spare the scoring (measured: a
 *     pruned ranking then a count of what it skipped cost 1.4x more).
 *   - The execution tree mirrors the caller's tree, whose depth the caller
 *     bounds (query.h's parser: at most about 51 levels); walks recurse.
 */
#include "ix.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ixcodec.h"
#include "ixlist.h"

#define XEND IXL_END

/* ------------------------------------------------------------------ */
/* Query trees                                                         */
/* ------------------------------------------------------------------ */

enum { Q_TERM, Q_PREFIX, Q_PHRASE, Q_AND, Q_OR, Q_NOT, Q_BOOST };

struct ix_q {
	int op;
	unsigned fields;
	const char *t;   /* TERM: the term; PREFIX: the folded prefix */
	size_t tn;
	const char *alt; /* PREFIX: the stemmed prefix when it differs */
	size_t an;
	ix_q **kid;      /* inner nodes, PHRASE parts (TERM or PREFIX) */
	size_t nkid;
	const uint32_t *off; /* PHRASE: each part's word offset in the phrase */
	uint32_t plen;       /* PHRASE: words the phrase covers */
	double weight;       /* a scoring leaf's share: its idf is scaled by it */
};

static ix_q *q_new(quire_arena *a, int op, unsigned fields)
{
	ix_q *q = quire_arena_alloc(a, sizeof *q);
	if (!q)
		return NULL;
	memset(q, 0, sizeof *q);
	q->op = op;
	q->weight = 1.0;
	q->fields = fields & IX_MASK_ALL;
	if (!q->fields)
		q->fields = IX_MASK_ALL;
	return q;
}

ix_q *ix_q_term(quire_arena *a, const char *term, size_t n, unsigned fields)
{
	if (!term || n == 0)
		return NULL;
	ix_q *q = q_new(a, Q_TERM, fields);
	if (!q)
		return NULL;
	q->t = quire_arena_strndup(a, term, n);
	q->tn = n;
	return q->t ? q : NULL;
}

ix_q *ix_q_prefix(quire_arena *a, const char *p, size_t n, unsigned fields)
{
	char f[IXTOK_TERM_MAX + 8];
	size_t fn = ixtok_fold(p, n, f, sizeof f);
	if (fn == 0)
		return NULL;
	ix_q *q = q_new(a, Q_PREFIX, fields);
	if (!q)
		return NULL;
	q->t = quire_arena_strndup(a, f, fn);
	q->tn = fn;
	return q->t ? q : NULL;
}

ix_q *ix_q_text(ixtok *t, quire_arena *a, const char *text, size_t n,
		unsigned fields, int prefix)
{
	ix_q *parts[64];
	size_t np = 0;
	ixtok_token k;
	/* the last word's own offsets, for a prefix */
	size_t last_off = 0, last_n = 0;
	ixtok_begin(t, text, n, 0, 0);
	while (np < sizeof parts / sizeof *parts && ixtok_next(t, &k)) {
		if (k.len == 0)
			continue;
		parts[np] = ix_q_term(a, k.term, k.len, fields);
		if (!parts[np])
			return NULL;
		last_off = k.off;
		last_n = k.n;
		np++;
	}
	if (np == 0)
		return NULL;
	if (prefix) {
		ix_q *p = ix_q_prefix(a, text + last_off, last_n, fields);
		if (!p)
			return NULL;
		/* the stemmed form too, when it differs ("studies*": studi) */
		const ix_q *st = parts[np - 1];
		if (st->tn != p->tn || memcmp(st->t, p->t, p->tn) != 0) {
			p->alt = st->t;
			p->an = st->tn;
		}
		parts[np - 1] = p;
	}
	if (np == 1)
		return parts[0];
	ix_q *q = q_new(a, Q_PHRASE, fields);
	if (!q)
		return NULL;
	q->kid = quire_arena_alloc(a, np * sizeof *q->kid);
	uint32_t *off = quire_arena_alloc(a, np * sizeof *off);
	if (!q->kid || !off)
		return NULL;
	/* the parts as the index holds them: each pair of neighbours of
	 * which one is a common word (ixtok.h), the words no pair covers
	 * alone */
	unsigned char covered[64] = {0};
	size_t m = 0;
	for (size_t i = 0; i + 1 < np; i++) {
		if (parts[i]->op != Q_TERM || parts[i + 1]->op != Q_TERM ||
		    (!ixtok_common(parts[i]->t, parts[i]->tn) &&
		     !ixtok_common(parts[i + 1]->t, parts[i + 1]->tn)))
			continue;
		char pair[IXTOK_PAIR_MAX + 1];
		size_t pn = ixtok_pair(parts[i]->t, parts[i]->tn, parts[i + 1]->t,
				       parts[i + 1]->tn, pair, sizeof pair);
		ix_q *pq = pn ? ix_q_term(a, pair, pn, fields) : NULL;
		if (!pq)
			return NULL;
		covered[i] = covered[i + 1] = 1;
		q->kid[m] = pq;
		off[m++] = (uint32_t)i;
	}
	for (size_t i = 0; i < np; i++)
		if (!covered[i]) {
			q->kid[m] = parts[i];
			off[m++] = (uint32_t)i;
		}
	q->nkid = m;
	q->off = off;
	q->plen = (uint32_t)np;
	return q;
}

static ix_q *q_inner(quire_arena *a, int op, ix_q *first, ix_q *const *kids, size_t n)
{
	size_t m = first ? 1 : 0;
	for (size_t i = 0; i < n; i++)
		m += kids[i] != NULL;
	if (m == 0)
		return NULL;
	if (m == 1 && op != Q_NOT) {
		if (first)
			return first;
		for (size_t i = 0; i < n; i++)
			if (kids[i])
				return kids[i];
	}
	if (op == Q_NOT && m == 1)
		return first;
	ix_q *q = q_new(a, op, IX_MASK_ALL);
	if (!q)
		return NULL;
	q->kid = quire_arena_alloc(a, m * sizeof *q->kid);
	if (!q->kid)
		return NULL;
	if (first)
		q->kid[q->nkid++] = first;
	for (size_t i = 0; i < n; i++)
		if (kids[i])
			q->kid[q->nkid++] = kids[i];
	return q;
}

ix_q *ix_q_and(quire_arena *a, ix_q *const *kids, size_t n)
{
	return q_inner(a, Q_AND, NULL, kids, n);
}

ix_q *ix_q_or(quire_arena *a, ix_q *const *kids, size_t n)
{
	return q_inner(a, Q_OR, NULL, kids, n);
}

ix_q *ix_q_not(quire_arena *a, ix_q *pos, ix_q *const *neg, size_t n)
{
	if (!pos)
		return NULL;
	return q_inner(a, Q_NOT, pos, neg, n);
}

ix_q *ix_q_boost(quire_arena *a, ix_q *base, ix_q *bonus)
{
	if (!base || !bonus)
		return base;
	ix_q *q = q_new(a, Q_BOOST, IX_MASK_ALL);
	if (!q)
		return NULL;
	q->kid = quire_arena_alloc(a, 2 * sizeof *q->kid);
	if (!q->kid)
		return NULL;
	q->kid[0] = base;
	q->kid[1] = bonus;
	q->nkid = 2;
	return q;
}

ix_q *ix_q_weight(ix_q *q, double w)
{
	if (q && (q->op == Q_TERM || q->op == Q_PREFIX || q->op == Q_PHRASE) && w >= 0)
		q->weight = w;
	return q;
}

size_t ix_q_leaves(const ix_q *q)
{
	if (!q)
		return 0;
	switch (q->op) {
	case Q_TERM:
	case Q_PREFIX:
	case Q_PHRASE:
		return 1;
	case Q_NOT:
		return ix_q_leaves(q->kid[0]);
	default: {
		size_t n = 0;
		for (size_t i = 0; i < q->nkid; i++)
			n += ix_q_leaves(q->kid[i]);
		return n;
	}
	}
}

void ix_params_default(ix_params *p)
{
	/* chosen on Cranfield and CACM together (tools/eval_ir.c, the
	 * grid in bench/RESULTS.md, "Search"): k1 0.9-1.2, b 0.4-0.6 and a
	 * title weight of 2-3 are one flat best region on both; 1.5 / 0.75
	 * / 4, chosen one setting at a time before feedback, was its
	 * worst corner */
	p->k1 = 1.2;
	p->b = 0.5;
	p->w[IX_F_TITLE] = 3.0;
	p->w[IX_F_AUTHORS] = 2.0;
	p->w[IX_F_META] = 1.0;
	p->w[IX_F_PREVIEW] = 1.0;
	p->w[IX_F_BODY] = 0.5;
	p->w[IX_F_REFS] = 0.3;
	p->w_preview_open = 0.0;
	p->prox = 1.0;
	p->coord = 0.0;
	p->rerank = IX_RERANK;
}

/* ------------------------------------------------------------------ */
/* Posting-list cursors                                                */
/* ------------------------------------------------------------------ */

/* The execution tree. */
typedef struct xn {
	int op;
	unsigned fields;
	ixl_list **tl;       /* TERM: 1; PREFIX: its terms */
	size_t ntl;
	struct xn **kid;
	size_t nkid;
	int leaf;         /* index among scoring leaves, or -1 */
	int bonus;        /* a leaf under a BOOST's bonus: scores only in
			     the rerank, left out of the bounds */
	double idf;
	uint64_t df;
	/* evaluation at one document */
	uint32_t ev_doc;
	uint32_t scored;  /* the last document where the leaf scored */
	unsigned ev_mask;
	int ev_res;
	uint32_t tf[IX_NFIELDS];
	/* scratch positions (PREFIX parts: the union; PHRASE: the starts) */
	uint32_t *buf;
	size_t bn, bcap;
	/* AND, PHRASE: kids in the order the leapfrog asks them (the rarest
	 * first, so it drives the skips); cost: documents it may match */
	size_t *ord;
	uint64_t cost;
	/* a scoring PREFIX: its terms merged into one list */
	struct mlist *m;
	/* the bound of the leaf's current block (TERM, merged PREFIX), and
	 * the block's factors of the per-document bound */
	size_t cr;
	uint32_t cb;
	int cok;
	double cub;
	size_t dr;
	uint32_t db;
	int dok;
	/* PHRASE: each part's word offset, and the words it covers */
	const uint32_t *off;
	uint32_t plen;
	double weight; /* the leaf's ix_q weight */
	/* a PHRASE's bound and the last docid it holds for */
	uint32_t puntil;
	int pok;
	double dfac[IX_NFIELDS];
} xn;

/* A scoring PREFIX's terms merged (tfs summed) into one list of live
 * documents with exact block bounds (lengths from the document table):
 * made once per search, so the ranking and the count walk one list, not
 * every term of the prefix. */
typedef struct mlist {
	uint32_t n, i, b, nblk;
	uint32_t *doc;
	uint8_t *mask;
	uint32_t (*tf)[IX_NFIELDS];
	uint32_t *blast;
	/* each document's BM25F sum (its own lengths, the larger weights of
	 * its fields) and each block's largest: the bounds are exact for the
	 * list, where the tf and length bounds above are loose (measured: a
	 * block of a common prefix is hardly ever skipped with those) */
	double *dt, *bt;
} mlist;

static void ml_free(mlist *m)
{
	if (!m)
		return;
	free(m->doc);
	free(m->mask);
	free(m->tf);
	free(m->blast);
	free(m->dt);
	free(m->bt);
	free(m);
}

static inline int ml_shallow(mlist *m, uint32_t d)
{
	while (m->b < m->nblk && m->blast[m->b] < d)
		m->b++;
	return m->b < m->nblk;
}

static inline uint32_t ml_next_geq(mlist *m, uint32_t d)
{
	if (m->i < m->n && m->doc[m->i] >= d)
		return m->doc[m->i];
	if (!ml_shallow(m, d)) {
		m->i = m->n;
		return XEND;
	}
	uint32_t lo = m->b * IX_BLOCK;
	if (m->i < lo)
		m->i = lo;
	while (m->doc[m->i] < d)
		m->i++;
	return m->doc[m->i];
}

typedef struct sctx {
	ixl_ctx lc;       /* the storage, the first failure, the cache */
	/* everything to free */
	ixl_list **lists;
	size_t nlists, caplists;
	xn **nodes;
	size_t nnodes, capnodes;
	xn **leaves;      /* scoring leaves in query order */
	size_t nleaves, capleaves;
	/* scoring */
	double k1, b, coord, prox;
	double w_open[IX_NFIELDS], w_pub[IX_NFIELDS], w_max[IX_NFIELDS];
	double avg[IX_NFIELDS];
	int prune;
	double N;
	/* BOOST: bonuses being built (their leaves are marked); any bonus
	 * leaf; bonuses scored now (the rerank) */
	int build_bonus, has_bonus, bonus_on;
} sctx;

static double norm_of(const sctx *s, int f, uint32_t len)
{
	double n = 1.0 - s->b + s->b * (double)len / s->avg[f];
	return n > 0 ? n : 1e-6;
}

static void s_fail(sctx *s, quire_status st, const char *what)
{
	ixl_fail(&s->lc, st, what);
}

/* A cursor over a term, kept in s->lists (freed with the search). */
static ixl_list *tl_open(sctx *s, const char *term, size_t tn)
{
	if (s->nlists == s->caplists) {
		size_t nc = s->caplists ? s->caplists * 2 : 16;
		ixl_list **nl = realloc(s->lists, nc * sizeof *nl);
		if (!nl) {
			s_fail(s, QUIRE_ENOMEM, "out of memory");
			return NULL;
		}
		s->lists = nl;
		s->caplists = nc;
	}
	ixl_list *t = ixl_open(&s->lc, term, tn);
	if (t)
		s->lists[s->nlists++] = t;
	return t;
}

/* ------------------------------------------------------------------ */
/* The execution tree                                                  */
/* ------------------------------------------------------------------ */

static xn *x_new(sctx *s, int op, unsigned fields)
{
	if (s->nnodes == s->capnodes) {
		size_t nc = s->capnodes ? s->capnodes * 2 : 16;
		xn **nn = realloc(s->nodes, nc * sizeof *nn);
		if (!nn) {
			s_fail(s, QUIRE_ENOMEM, "out of memory");
			return NULL;
		}
		s->nodes = nn;
		s->capnodes = nc;
	}
	xn *x = calloc(1, sizeof *x);
	if (!x) {
		s_fail(s, QUIRE_ENOMEM, "out of memory");
		return NULL;
	}
	s->nodes[s->nnodes++] = x;
	x->op = op;
	x->fields = fields;
	x->weight = 1.0;
	x->leaf = -1;
	x->ev_doc = XEND;
	x->scored = 0;
	return x;
}

static int x_add_tl(sctx *s, xn *x, ixl_list *t)
{
	ixl_list **nt = realloc(x->tl, (x->ntl + 1) * sizeof *nt);
	if (!nt) {
		s_fail(s, QUIRE_ENOMEM, "out of memory");
		return -1;
	}
	x->tl = nt;
	x->tl[x->ntl++] = t;
	return 0;
}

/* Prefix expansion: candidate terms from the vocabulary. */
typedef struct pterm {
	char *t;
	size_t n;
	uint64_t df;
} pterm;

typedef struct pexp {
	pterm *v;
	size_t n, cap;
	size_t seen;
	int mem;
} pexp;

static int pexp_cb(void *u, const char *term, size_t n, uint64_t df)
{
	pexp *e = u;
	if (++e->seen > IX_VOCAB_SCAN)
		return 1;
	for (size_t i = 0; i < e->n; i++) /* the stemmed form may repeat one */
		if (e->v[i].n == n && memcmp(e->v[i].t, term, n) == 0)
			return 0;
	if (e->n == e->cap) {
		size_t nc = e->cap ? e->cap * 2 : 64;
		pterm *nv = realloc(e->v, nc * sizeof *nv);
		if (!nv) {
			e->mem = 1;
			return 1;
		}
		e->v = nv;
		e->cap = nc;
	}
	char *c = malloc(n + 1);
	if (!c) {
		e->mem = 1;
		return 1;
	}
	memcpy(c, term, n);
	c[n] = '\0';
	e->v[e->n].t = c;
	e->v[e->n].n = n;
	e->v[e->n].df = df;
	e->n++;
	return 0;
}

static int pterm_cmp(const void *a, const void *b)
{
	const pterm *x = a, *y = b;
	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	size_t n = x->n < y->n ? x->n : y->n;
	int c = memcmp(x->t, y->t, n);
	return c ? c : (x->n < y->n ? -1 : x->n > y->n);
}

static xn *x_build(sctx *s, const ix_q *q, int scoring, char ***strs, size_t *nstrs);

static xn *x_prefix(sctx *s, const ix_q *q, char ***strs, size_t *nstrs)
{
	xn *x = x_new(s, Q_PREFIX, q->fields);
	if (!x)
		return NULL;
	pexp e;
	memset(&e, 0, sizeof e);
	if (s->lc.io->vocab(s->lc.io->ctx, q->t, q->tn, NULL, 0, pexp_cb, &e))
		s_fail(s, QUIRE_ESTORE, "reading the vocabulary");
	if (q->alt && !e.mem && s->lc.st == QUIRE_OK) {
		e.seen = 0;
		if (s->lc.io->vocab(s->lc.io->ctx, q->alt, q->an, NULL, 0, pexp_cb, &e))
			s_fail(s, QUIRE_ESTORE, "reading the vocabulary");
	}
	if (e.mem)
		s_fail(s, QUIRE_ENOMEM, "out of memory");
	if (e.n > 1)
		qsort(e.v, e.n, sizeof *e.v, pterm_cmp);
	size_t keep = e.n < IX_PREFIX_TERMS ? e.n : IX_PREFIX_TERMS;
	for (size_t i = 0; i < e.n; i++) {
		if (i >= keep || s->lc.st != QUIRE_OK) {
			free(e.v[i].t);
			continue;
		}
		char **ns = realloc(*strs, (*nstrs + 1) * sizeof *ns);
		if (!ns) {
			free(e.v[i].t);
			s_fail(s, QUIRE_ENOMEM, "out of memory");
			continue;
		}
		*strs = ns;
		(*strs)[(*nstrs)++] = e.v[i].t;
		ixl_list *t = tl_open(s, e.v[i].t, e.v[i].n);
		if (t)
			(void)x_add_tl(s, x, t);
	}
	free(e.v);
	return s->lc.st == QUIRE_OK ? x : NULL;
}

static int x_add_leaf(sctx *s, xn *x)
{
	if (s->nleaves == s->capleaves) {
		size_t nc = s->capleaves ? s->capleaves * 2 : 16;
		xn **nl = realloc(s->leaves, nc * sizeof *nl);
		if (!nl) {
			s_fail(s, QUIRE_ENOMEM, "out of memory");
			return -1;
		}
		s->leaves = nl;
		s->capleaves = nc;
	}
	x->leaf = (int)s->nleaves;
	x->bonus = s->build_bonus > 0;
	s->has_bonus |= x->bonus;
	s->leaves[s->nleaves++] = x;
	return 0;
}

/* Merges a scoring PREFIX's lists into x->m (see mlist). */
static void x_merge_prefix(sctx *s, xn *x)
{
	size_t N = (size_t)ix_reader_max_doc(s->lc.r) + 1;
	/* dense by docid, in the reader's scratch (zero between uses: what
	 * this merge touches, [lo, hi], it clears again) */
	uint8_t *scr = ix_reader_scratch(s->lc.r, N * (sizeof(uint32_t[IX_NFIELDS]) + 1));
	uint32_t(*acc)[IX_NFIELDS] = scr ? (uint32_t(*)[IX_NFIELDS])(void *)scr : NULL;
	uint8_t *am = scr ? scr + N * sizeof(uint32_t[IX_NFIELDS]) : NULL;
	mlist *m = calloc(1, sizeof *m);
	uint32_t doc[IX_BLOCK], tf[IX_BLOCK][IX_NFIELDS];
	uint8_t mask[IX_BLOCK];
	uint32_t lo = UINT32_MAX, hi = 0;
	if (!scr || !m)
		goto nomem;
	for (size_t k = 0; k < x->ntl && s->lc.st == QUIRE_OK; k++) {
		ixl_list *t = x->tl[k];
		for (size_t r = 0; r < t->nrows; r++) {
			const ixl_row *w = &t->rows[r];
			for (uint32_t b = 0; b < w->row.nblocks; b++) {
				if (ixc_blk_docs(w->docs, &w->row.blk[b], doc, mask, tf, NULL)) {
					quire_error_set(s->lc.err, s->lc.st = QUIRE_ESTORE,
							"index: a block of \"%.*s\" is corrupt",
							(int)t->tn, t->term);
					break;
				}
				for (uint32_t i = 0; i < w->row.blk[b].count; i++) {
					uint32_t dd = doc[i];
					if (dd >= N)
						continue;
					am[dd] |= mask[i];
					/* the fields of the mask only (a tf is 0
					 * outside it) */
					for (unsigned fm = mask[i]; fm; fm &= fm - 1) {
						int f = __builtin_ctz(fm);
						acc[dd][f] += tf[i][f];
					}
					if (dd < lo)
						lo = dd;
					if (dd > hi)
						hi = dd;
				}
			}
		}
	}
	uint32_t n = 0;
	for (uint32_t d = lo; d <= hi && hi > 0; d++)
		n += am[d] && ix_reader_doc(s->lc.r, d);
	uint32_t nb = (n + IX_BLOCK - 1) / IX_BLOCK;
	m->doc = malloc((n ? n : 1) * sizeof *m->doc);
	m->mask = malloc(n ? n : 1);
	m->tf = malloc((n ? n : 1) * sizeof *m->tf);
	m->blast = malloc((nb ? nb : 1) * sizeof *m->blast);
	m->dt = malloc((n ? n : 1) * sizeof *m->dt);
	m->bt = calloc(nb ? nb : 1, sizeof *m->bt);
	if (!m->doc || !m->mask || !m->tf || !m->blast || !m->dt || !m->bt)
		goto nomem;
	uint32_t j = 0;
	for (uint32_t d = lo; d <= hi && hi > 0; d++) {
		const ix_doc *dd;
		if (!am[d])
			continue;
		if (!(dd = ix_reader_doc(s->lc.r, d))) {
			am[d] = 0;
			memset(acc[d], 0, sizeof acc[d]);
			continue;
		}
		m->doc[j] = d;
		m->mask[j] = am[d];
		memcpy(m->tf[j], acc[d], sizeof m->tf[j]);
		uint32_t b = j / IX_BLOCK;
		m->blast[b] = d;
		double t = 0;
		for (unsigned fm = am[d] & x->fields; fm; fm &= fm - 1) {
			int f = __builtin_ctz(fm);
			t += s->w_max[f] * (double)acc[d][f] / norm_of(s, f, dd->len[f]);
		}
		m->dt[j] = t;
		if (t > m->bt[b])
			m->bt[b] = t;
		am[d] = 0;
		memset(acc[d], 0, sizeof acc[d]);
		j++;
	}
	m->n = n;
	m->nblk = nb;
	x->m = m;
	return;
nomem:
	s_fail(s, QUIRE_ENOMEM, "out of memory");
	ml_free(m);
	if (scr && hi >= lo && hi > 0) { /* leave the scratch zero */
		memset(am + lo, 0, (size_t)(hi - lo) + 1);
		memset(acc + lo, 0, ((size_t)(hi - lo) + 1) * sizeof *acc);
	}
}

static xn *x_build(sctx *s, const ix_q *q, int scoring, char ***strs, size_t *nstrs)
{
	xn *x = NULL;
	switch (q->op) {
	case Q_TERM: {
		x = x_new(s, Q_TERM, q->fields);
		ixl_list *t = x ? tl_open(s, q->t, q->tn) : NULL;
		if (!t || x_add_tl(s, x, t))
			return NULL;
		break;
	}
	case Q_PREFIX:
		x = x_prefix(s, q, strs, nstrs);
		if (!x)
			return NULL;
		if (scoring && x->ntl > 1)
			x_merge_prefix(s, x);
		if (s->lc.st != QUIRE_OK)
			return NULL;
		break;
	default:
		x = x_new(s, q->op, q->fields);
		if (!x)
			return NULL;
		x->off = q->off;
		x->plen = q->plen;
		x->kid = calloc(q->nkid ? q->nkid : 1, sizeof *x->kid);
		if (!x->kid) {
			s_fail(s, QUIRE_ENOMEM, "out of memory");
			return NULL;
		}
		for (size_t i = 0; i < q->nkid; i++) {
			int sc = q->op == Q_PHRASE ? 0 : (q->op == Q_NOT && i > 0 ? 0 : scoring);
			int bonus = q->op == Q_BOOST && i > 0;
			s->build_bonus += bonus;
			x->kid[i] = x_build(s, q->kid[i], sc, strs, nstrs);
			s->build_bonus -= bonus;
			if (!x->kid[i])
				return NULL;
			x->nkid++;
		}
		break;
	}
	x->weight = q->weight;
	if (scoring && (x->op == Q_TERM || x->op == Q_PREFIX || x->op == Q_PHRASE))
		if (x_add_leaf(s, x))
			return NULL;
	return x;
}

/* ------------------------------------------------------------------ */
/* Matching                                                            */
/* ------------------------------------------------------------------ */

static uint32_t x_next_geq(xn *x, uint32_t d)
{
	switch (x->op) {
	case Q_TERM:
		return ixl_next_geq(x->tl[0], d);
	case Q_PREFIX: {
		if (x->m)
			return ml_next_geq(x->m, d);
		uint32_t m = XEND;
		for (size_t i = 0; i < x->ntl; i++) {
			uint32_t c = ixl_next_geq(x->tl[i], d);
			if (c < m)
				m = c;
		}
		return m;
	}
	case Q_OR: {
		uint32_t m = XEND;
		for (size_t i = 0; i < x->nkid; i++) {
			uint32_t c = x_next_geq(x->kid[i], d);
			if (c < m)
				m = c;
		}
		return m;
	}
	case Q_NOT:
	case Q_BOOST:
		return x_next_geq(x->kid[0], d);
	default: { /* AND, PHRASE: leapfrog */
		uint32_t c = d;
		size_t agree = 0, i = 0;
		if (x->nkid == 0)
			return XEND;
		while (agree < x->nkid) {
			uint32_t e = x_next_geq(x->kid[x->ord ? x->ord[i] : i], c);
			if (e == XEND)
				return XEND;
			if (e == c) {
				agree++;
			} else {
				c = e;
				agree = 1;
			}
			if (++i == x->nkid)
				i = 0;
		}
		return c;
	}
	}
}

/* Positions of a PHRASE part (TERM or PREFIX) at its current document in
 * field f; PREFIX: the sorted union in the part's buffer. */
static const uint32_t *x_part_pos(sctx *s, xn *p, uint32_t d, int f, uint32_t *n)
{
	*n = 0;
	if (p->op == Q_TERM)
		return ixl_next_geq(p->tl[0], d) == d ? ixl_pos(p->tl[0], f, n) : NULL;
	p->bn = 0;
	for (size_t i = 0; i < p->ntl; i++) {
		if (ixl_next_geq(p->tl[i], d) != d)
			continue;
		uint32_t k;
		const uint32_t *v = ixl_pos(p->tl[i], f, &k);
		if (!v || k == 0)
			continue;
		if (p->bn + k > p->bcap) {
			size_t nc = (p->bn + k) * 2 + 16;
			uint32_t *nb = realloc(p->buf, nc * sizeof *nb);
			if (!nb) {
				s_fail(s, QUIRE_ENOMEM, "out of memory");
				return NULL;
			}
			p->buf = nb;
			p->bcap = nc;
		}
		/* merge v into buf */
		size_t a = p->bn, b = k, o = a + b;
		while (b > 0) {
			if (a > 0 && p->buf[a - 1] > v[b - 1])
				p->buf[--o] = p->buf[--a];
			else
				p->buf[--o] = v[--b];
		}
		p->bn += k;
	}
	/* drop repeats */
	size_t w = 0;
	for (size_t i = 0; i < p->bn; i++)
		if (w == 0 || p->buf[w - 1] != p->buf[i])
			p->buf[w++] = p->buf[i];
	p->bn = w;
	*n = (uint32_t)w;
	return p->buf;
}

/* A phrase's starts in field f at document d into x->buf; their count.
 * The parts are taken rarest first by their tf in the field (known from
 * the docs part, before any position is read): the rarest gives the
 * candidate starts, each next part keeps those it continues (bisection;
 * targets only grow, so each search starts where the last ended), and
 * the work stops when none is left: the positions of a stopword ("the")
 * are mostly never read. */
static uint32_t x_phrase_starts(sctx *s, xn *x, uint32_t d, int f)
{
	x->bn = 0;
	ixl_pview v[64];
	uint32_t cnt[64];
	size_t ord[64];
	size_t m = x->nkid < 64 ? x->nkid : 64;
	if (m == 0)
		return 0;
	for (size_t j = 0; j < m; j++) {
		xn *p = x->kid[j];
		memset(&v[j], 0, sizeof v[j]);
		if (p->op == Q_TERM) {
			ixl_list *t = p->tl[0];
			if (ixl_next_geq(t, d) != d || !(t->mask[t->i] & (1u << f)))
				return 0;
			cnt[j] = t->tf[t->i][f]; /* read when its turn comes */
		} else {
			v[j].nat = x_part_pos(s, p, d, f, &v[j].n);
			cnt[j] = v[j].n;
		}
		if (cnt[j] == 0)
			return 0;
		size_t k = j;
		while (k > 0 && cnt[ord[k - 1]] > cnt[j]) {
			ord[k] = ord[k - 1];
			k--;
		}
		ord[k] = j;
	}
	/* the candidate starts from the rarest part */
	size_t a = ord[0];
	if (x->kid[a]->op == Q_TERM && ixl_view(x->kid[a]->tl[0], f, &v[a]))
		return 0;
	if (v[a].n > x->bcap) {
		size_t nc = (size_t)v[a].n + 16;
		uint32_t *nb = realloc(x->buf, nc * sizeof *nb);
		if (!nb) {
			s_fail(s, QUIRE_ENOMEM, "out of memory");
			return 0;
		}
		x->buf = nb;
		x->bcap = nc;
	}
	size_t n = 0;
	uint32_t oa = x->off[a];
	for (uint32_t k = 0; k < v[a].n; k++) {
		uint32_t q = ixl_at(&v[a], k);
		if (q < oa)
			continue;
		uint32_t start = q - oa;
		if (n == 0 || x->buf[n - 1] != start)
			x->buf[n++] = start;
	}
	/* each next part keeps the starts it continues */
	for (size_t o = 1; o < m && n > 0; o++) {
		size_t j = ord[o];
		if (x->kid[j]->op == Q_TERM && ixl_view(x->kid[j]->tl[0], f, &v[j]))
			return 0;
		uint32_t lo = 0, hi0 = v[j].n;
		size_t w = 0;
		for (size_t i = 0; i < n; i++) {
			uint32_t target = x->buf[i] + x->off[j];
			uint32_t hi = hi0;
			while (lo < hi) {
				uint32_t mid = lo + (hi - lo) / 2;
				if (ixl_at(&v[j], mid) < target)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == hi0)
				break; /* no later start can match */
			if (ixl_at(&v[j], lo) == target)
				x->buf[w++] = x->buf[i];
		}
		n = w;
	}
	x->bn = n;
	return (uint32_t)n;
}

/* Evaluates a leaf at d with the fields of mask: x->tf; 1 when it occurs. */
static int x_leaf_eval(sctx *s, xn *x, uint32_t d, unsigned mask)
{
	mask &= x->fields;
	if (x->ev_doc == d && x->ev_mask == mask)
		return x->ev_res;
	x->ev_doc = d;
	x->ev_mask = mask;
	x->ev_res = 0;
	memset(x->tf, 0, sizeof x->tf);
	if (x->m) {
		mlist *m = x->m;
		if (ml_next_geq(m, d) == d) {
			unsigned fm = m->mask[m->i] & mask;
			for (int f = 0; f < IX_NFIELDS; f++)
				if (fm & (1u << f)) {
					x->tf[f] = m->tf[m->i][f];
					x->ev_res = 1;
				}
		}
		return x->ev_res;
	}
	if (x->op == Q_TERM || x->op == Q_PREFIX) {
		for (size_t i = 0; i < x->ntl; i++) {
			ixl_list *t = x->tl[i];
			if (ixl_next_geq(t, d) != d)
				continue;
			unsigned m = t->mask[t->i] & mask;
			for (int f = 0; f < IX_NFIELDS; f++)
				if (m & (1u << f)) {
					x->tf[f] += t->tf[t->i][f];
					x->ev_res = 1;
				}
		}
		return x->ev_res;
	}
	/* PHRASE: every part here, in a common field */
	unsigned common = mask;
	for (size_t j = 0; j < x->nkid && common; j++) {
		xn *p = x->kid[j];
		unsigned pm = 0;
		for (size_t i = 0; i < p->ntl; i++)
			if (ixl_next_geq(p->tl[i], d) == d)
				pm |= p->tl[i]->mask[p->tl[i]->i];
		common &= pm;
	}
	for (int f = 0; f < IX_NFIELDS && s->lc.st == QUIRE_OK; f++) {
		if (!(common & (1u << f)))
			continue;
		x->tf[f] = x_phrase_starts(s, x, d, f);
		if (x->tf[f])
			x->ev_res = 1;
	}
	return x->ev_res;
}

/* Does x match document d with the fields of mask?  (After x_next_geq
 * gave d for the whole tree.) */
static int x_match(sctx *s, xn *x, uint32_t d, unsigned mask)
{
	switch (x->op) {
	case Q_TERM: {
		ixl_list *t = x->tl[0];
		return ixl_next_geq(t, d) == d && (t->mask[t->i] & mask & x->fields);
	}
	case Q_PREFIX:
	case Q_PHRASE:
		return x_leaf_eval(s, x, d, mask);
	case Q_AND:
		for (size_t i = 0; i < x->nkid; i++)
			if (x_next_geq(x->kid[i], d) != d || !x_match(s, x->kid[i], d, mask))
				return 0;
		return 1;
	case Q_OR:
		for (size_t i = 0; i < x->nkid; i++)
			if (x_next_geq(x->kid[i], d) == d && x_match(s, x->kid[i], d, mask))
				return 1;
		return 0;
	case Q_BOOST:
		return x_next_geq(x->kid[0], d) == d && x_match(s, x->kid[0], d, mask);
	default: /* NOT */
		if (x_next_geq(x->kid[0], d) != d || !x_match(s, x->kid[0], d, mask))
			return 0;
		for (size_t i = 1; i < x->nkid; i++)
			if (x_next_geq(x->kid[i], d) == d && x_match(s, x->kid[i], d, mask))
				return 0;
		return 1;
	}
}

/* ------------------------------------------------------------------ */
/* Scoring                                                             */
/* ------------------------------------------------------------------ */

static double idf_of(double N, uint64_t df)
{
	double d = (double)df;
	if (d > N)
		d = N;
	return log(1.0 + (N - d + 0.5) / (d + 0.5));
}

/* Leaf dfs and idfs. */
static void s_idf(sctx *s)
{
	for (size_t i = 0; i < s->nnodes; i++) {
		xn *x = s->nodes[i];
		if (x->m) {
			/* a merged prefix: the documents holding any of its
			 * terms (the sum of its terms' dfs counts a document
			 * once per term: "inter*" summed past N at 100,000
			 * papers, and its idf fell to 5e-6) */
			x->df = x->m->n;
		} else if (x->op == Q_TERM || x->op == Q_PREFIX) {
			uint64_t df = 0;
			for (size_t k = 0; k < x->ntl; k++)
				df += x->tl[k]->df;
			x->df = df;
		}
	}
	for (size_t i = 0; i < s->nnodes; i++) {
		xn *x = s->nodes[i];
		if (x->op == Q_PHRASE) {
			uint64_t df = UINT64_MAX;
			for (size_t k = 0; k < x->nkid; k++)
				if (x->kid[k]->df < df)
					df = x->kid[k]->df;
			x->df = x->nkid ? df : 0;
		}
		x->idf = idf_of(s->N, x->df) * x->weight;
	}
	/* costs, kids before parents (nodes are made parents first), and the
	 * leapfrog's order */
	for (size_t i = s->nnodes; i-- > 0;) {
		xn *x = s->nodes[i];
		switch (x->op) {
		case Q_TERM:
		case Q_PREFIX:
			x->cost = x->df;
			break;
		case Q_OR:
			x->cost = 0;
			for (size_t k = 0; k < x->nkid; k++)
				x->cost += x->kid[k]->cost;
			break;
		case Q_NOT:
			x->cost = x->nkid ? x->kid[0]->cost : 0;
			break;
		default: /* AND, PHRASE */
			x->cost = UINT64_MAX;
			for (size_t k = 0; k < x->nkid; k++)
				if (x->kid[k]->cost < x->cost)
					x->cost = x->kid[k]->cost;
			x->ord = malloc((x->nkid ? x->nkid : 1) * sizeof *x->ord);
			if (!x->ord)
				break; /* kid order then */
			for (size_t k = 0; k < x->nkid; k++) {
				size_t j = k;
				while (j > 0 && x->kid[x->ord[j - 1]]->cost > x->kid[k]->cost) {
					x->ord[j] = x->ord[j - 1];
					j--;
				}
				x->ord[j] = k;
			}
			break;
		}
	}
}

/* One leaf's BM25F part at d (evaluated with mask). */
static double s_leaf_score(sctx *s, xn *x, const ix_doc *doc, const double *w)
{
	double t = 0;
	for (int f = 0; f < IX_NFIELDS; f++)
		if (x->tf[f])
			t += w[f] * (double)x->tf[f] / norm_of(s, f, doc->len[f]);
	if (t <= 0)
		return 0;
	return x->idf * t * (s->k1 + 1) / (s->k1 + t) + s->coord;
}

/* The BM25F part of the score of x at d, which x matches: the leaves of
 * its matching branches (an AND's kids, an OR's kids that match, a NOT's
 * first kid), as FTS5 kept only the matching branches' phrase instances.
 * Marks those leaves (scored == d) for the proximity bonus. */
static double x_score(sctx *s, xn *x, uint32_t d, const ix_doc *doc, unsigned mask,
		      const double *w)
{
	switch (x->op) {
	case Q_TERM:
	case Q_PREFIX:
	case Q_PHRASE:
		if (!x_leaf_eval(s, x, d, mask))
			return 0;
		x->scored = d;
		return s_leaf_score(s, x, doc, w);
	case Q_NOT:
		return x_score(s, x->kid[0], d, doc, mask, w);
	case Q_BOOST: {
		double sum = x_score(s, x->kid[0], d, doc, mask, w);
		if (s->bonus_on && x_next_geq(x->kid[1], d) == d && x_match(s, x->kid[1], d, mask))
			sum += x_score(s, x->kid[1], d, doc, mask, w);
		return sum;
	}
	case Q_AND: {
		double sum = 0;
		for (size_t i = 0; i < x->nkid; i++)
			sum += x_score(s, x->kid[i], d, doc, mask, w);
		return sum;
	}
	default: {
		double sum = 0;
		for (size_t i = 0; i < x->nkid; i++)
			if (x_next_geq(x->kid[i], d) == d && x_match(s, x->kid[i], d, mask))
				sum += x_score(s, x->kid[i], d, doc, mask, w);
		return sum;
	}
	}
}

/* d's BM25F part (access 1 or 2); root matches d. */
static double s_score(sctx *s, xn *root, uint32_t d, const ix_doc *doc, int access)
{
	unsigned mask = access == 1 ? IX_MASK_ALL : IX_MASK_PUBLIC;
	return x_score(s, root, d, doc, mask, access == 1 ? s->w_open : s->w_pub);
}

/* A phrase's part (the terms at one place of the phrase, hyphen wholes
 * beside their parts) adds one term's frequencies tf to its sum per field
 * and, where tf is not 0, its block's smallest field length to the part's
 * smallest length pl (0: none yet). */
static void phrase_part_add(uint32_t sum[IX_NFIELDS], uint32_t pl[IX_NFIELDS],
			    const uint32_t tf[IX_NFIELDS], const ixc_blk *bk)
{
	for (int f = 0; f < IX_NFIELDS; f++) {
		sum[f] += tf[f];
		if (tf[f] && (pl[f] == 0 || bk->minlen[f] < pl[f]))
			pl[f] = bk->minlen[f];
	}
}

/* A phrase occurs no more often than its rarest part, in fields no
 * shorter than its longest part's smallest: tf and minlen narrowed by
 * one part's sum and pl. */
static void phrase_part_narrow(uint32_t tf[IX_NFIELDS], uint32_t minlen[IX_NFIELDS],
			       const uint32_t sum[IX_NFIELDS],
			       const uint32_t pl[IX_NFIELDS])
{
	for (int f = 0; f < IX_NFIELDS; f++) {
		if (sum[f] < tf[f])
			tf[f] = sum[f];
		if (pl[f] > minlen[f])
			minlen[f] = pl[f];
	}
}

/* An upper bound of the score of any document in [d, *until]. */
static double s_bound(sctx *s, uint32_t d, uint32_t *until)
{
	double ub = 0;
	*until = XEND;
	for (size_t l = 0; l < s->nleaves; l++) {
		xn *x = s->leaves[l];
		if (x->bonus)
			continue;
		uint32_t maxtf[IX_NFIELDS] = {0}, minlen[IX_NFIELDS] = {0};
		size_t ntl = x->op == Q_PHRASE || x->m ? 0 : x->ntl;
		int live = 0;
		/* one list (a TERM, a merged PREFIX): its block's bound, cached */
		size_t key_r = 0;
		uint32_t key_b = 0;
		int cacheable = x->m || x->op == Q_TERM;
		if (x->m) {
			mlist *m = x->m;
			if (!ml_shallow(m, d))
				continue;
			if (m->blast[m->b] < *until)
				*until = m->blast[m->b];
			key_b = m->b;
		} else if (x->op == Q_TERM) {
			ixl_list *t = x->tl[0];
			if (!ixl_shallow(t, d))
				continue;
			if (ixl_blk(t)->last < *until)
				*until = ixl_blk(t)->last;
			key_r = t->r;
			key_b = t->b;
		}
		if (cacheable && x->cok && x->cr == key_r && x->cb == key_b) {
			ub += x->cub;
			continue;
		}
		if (x->m) {
			double t = x->m->bt[key_b];
			x->cok = 1;
			x->cr = key_r;
			x->cb = key_b;
			x->cub = t > 0 ? x->idf * t * (s->k1 + 1) / (s->k1 + t) + s->coord : 0;
			ub += x->cub;
			continue;
		}
		if (x->op == Q_PHRASE && x->pok && d <= x->puntil) {
			/* the parts' blocks are those the bound was made of */
			if (x->puntil < *until)
				*until = x->puntil;
			ub += x->cub;
			continue;
		}
		uint32_t until0 = *until;
		if (x->op == Q_PHRASE) {
			/* per field: the smallest max tf of the parts, the
			 * largest min length (every part is in the document) */
			int dead = 0;
			*until = XEND;
			for (int f = 0; f < IX_NFIELDS; f++)
				maxtf[f] = UINT32_MAX;
			for (size_t j = 0; j < x->nkid && !dead; j++) {
				xn *p = x->kid[j];
				uint32_t pm[IX_NFIELDS] = {0}, pl[IX_NFIELDS] = {0};
				int any = 0;
				for (size_t i = 0; i < p->ntl; i++) {
					ixl_list *t = p->tl[i];
					if (!ixl_shallow(t, d))
						continue;
					const ixc_blk *bk = ixl_blk(t);
					if (bk->last < *until)
						*until = bk->last;
					any = 1;
					phrase_part_add(pm, pl, bk->maxtf, bk);
				}
				if (!any) {
					dead = 1;
					break;
				}
				phrase_part_narrow(maxtf, minlen, pm, pl);
			}
			if (dead) {
				/* a part has no posting left: no more matches */
				x->pok = 1;
				x->puntil = XEND;
				x->cub = 0;
				*until = until0;
				continue;
			}
			live = 1;
		}
		for (size_t i = 0; i < ntl; i++) {
			ixl_list *t = x->tl[i];
			if (!ixl_shallow(t, d))
				continue;
			const ixc_blk *bk = ixl_blk(t);
			if (bk->last < *until)
				*until = bk->last;
			live = 1;
			for (int f = 0; f < IX_NFIELDS; f++) {
				maxtf[f] += bk->maxtf[f];
				if (bk->maxtf[f] && (minlen[f] == 0 || bk->minlen[f] < minlen[f]))
					minlen[f] = bk->minlen[f];
			}
		}
		if (!live)
			continue;
		double t = 0, c = 0;
		for (int f = 0; f < IX_NFIELDS; f++)
			if ((x->fields & (1u << f)) && maxtf[f] && maxtf[f] != UINT32_MAX)
				t += s->w_max[f] * (double)maxtf[f] / norm_of(s, f, minlen[f]);
		if (t > 0)
			c = x->idf * t * (s->k1 + 1) / (s->k1 + t) + s->coord;
		if (cacheable) {
			x->cok = 1;
			x->cr = key_r;
			x->cb = key_b;
			x->cub = c;
		}
		if (x->op == Q_PHRASE) {
			x->pok = 1;
			x->puntil = *until;
			x->cub = c;
			if (until0 < *until)
				*until = until0;
		}
		ub += c;
	}
	return ub;
}

/* s_bound's answer, kept for the documents up to its until: for any d
 * from where it was made to until, each leaf's first block ending at or
 * after d is the block it was made of.  (A list whose cursor has moved
 * past that block since no longer holds d, so the block's bound still
 * bounds d.)  Measured at 100,000 papers: the bound of two common words
 * ("computational using") never pruned one of its 34,227 matches, and
 * was made anew for each. */
typedef struct bcache {
	double ub;
	uint32_t until;
	int ok;
} bcache;

static double s_bound_at(sctx *s, bcache *c, uint32_t d, uint32_t *until)
{
	if (!c->ok || d > c->until) {
		c->ub = s_bound(s, d, &c->until);
		c->ok = 1;
	}
	*until = c->until;
	return c->ub;
}

/* An upper bound of d's score from the postings at d (exact tfs, the
 * blocks' min lengths): the tree is positioned at d (x_next_geq gave d),
 * so every scoring leaf's lists are at d or past it (then it does not
 * contribute). */
static double s_docbound(sctx *s, uint32_t d)
{
	double ub = 0;
	for (size_t l = 0; l < s->nleaves; l++) {
		xn *x = s->leaves[l];
		if (x->bonus)
			continue;
		uint32_t tf[IX_NFIELDS] = {0}, minlen[IX_NFIELDS] = {0};
		int live = 0;
		/* a merged PREFIX: the document's own sum, made by the merge */
		if (x->m) {
			mlist *m = x->m;
			if (m->i < m->n && m->doc[m->i] == d) {
				double t = m->dt[m->i];
				if (t > 0)
					ub += x->idf * t * (s->k1 + 1) / (s->k1 + t) + s->coord;
			}
			continue;
		}
		/* a TERM: per field w / norm(min length) of its block, computed
		 * once per block */
		if (x->op == Q_TERM) {
			ixl_list *lt = x->tl[0];
			if (!lt->dec || lt->cur != d)
				continue;
			const uint32_t *ltf = lt->tf[lt->i];
			size_t key_r = lt->r;
			uint32_t key_b = lt->b;
			const uint32_t *bmin = ixl_blk(lt)->minlen;
			if (!x->dok || x->dr != key_r || x->db != key_b) {
				for (int f = 0; f < IX_NFIELDS; f++)
					x->dfac[f] = (x->fields & (1u << f)) && bmin[f]
							     ? s->w_max[f] / norm_of(s, f, bmin[f])
							     : 0;
				x->dok = 1;
				x->dr = key_r;
				x->db = key_b;
			}
			double t = 0;
			/* the posting's fields only (a tf is 0 outside them) */
			for (unsigned fm = lt->mask[lt->i]; fm; fm &= fm - 1) {
				int f = __builtin_ctz(fm);
				t += x->dfac[f] * (double)ltf[f];
			}
			if (t > 0)
				ub += x->idf * t * (s->k1 + 1) / (s->k1 + t) + s->coord;
			continue;
		}
		if (x->op == Q_PHRASE) {
			/* per field the smallest tf of the parts, the largest
			 * min length */
			live = 1;
			for (int f = 0; f < IX_NFIELDS; f++)
				tf[f] = UINT32_MAX;
			for (size_t j = 0; j < x->nkid && live; j++) {
				xn *p = x->kid[j];
				uint32_t pt[IX_NFIELDS] = {0}, pl[IX_NFIELDS] = {0};
				int any = 0;
				for (size_t i = 0; i < p->ntl; i++) {
					ixl_list *t = p->tl[i];
					if (!t->dec || t->cur != d)
						continue;
					any = 1;
					const ixc_blk *bk = ixl_blk(t);
					phrase_part_add(pt, pl, t->tf[t->i], bk);
				}
				if (!any) {
					live = 0;
					break;
				}
				phrase_part_narrow(tf, minlen, pt, pl);
			}
		} else {
			for (size_t i = 0; i < x->ntl; i++) {
				ixl_list *t = x->tl[i];
				if (!t->dec || t->cur != d)
					continue;
				const ixc_blk *bk = ixl_blk(t);
				live = 1;
				for (int f = 0; f < IX_NFIELDS; f++) {
					tf[f] += t->tf[t->i][f];
					if (t->tf[t->i][f] && (minlen[f] == 0 || bk->minlen[f] < minlen[f]))
						minlen[f] = bk->minlen[f];
				}
			}
		}
		if (!live)
			continue;
		double t = 0;
		for (int f = 0; f < IX_NFIELDS; f++)
			if ((x->fields & (1u << f)) && tf[f] && tf[f] != UINT32_MAX)
				t += s->w_max[f] * (double)tf[f] / norm_of(s, f, minlen[f]);
		if (t > 0)
			ub += x->idf * t * (s->k1 + 1) / (s->k1 + t) + s->coord;
	}
	return ub;
}

/* The proximity bonus of d (leaves' positions read). */
static double s_prox(sctx *s, uint32_t d, int access)
{
	unsigned mask = access == 1 ? IX_MASK_ALL : IX_MASK_PUBLIC;
	const double *w = access == 1 ? s->w_open : s->w_pub;
	double bonus = 0;
	for (size_t l = 0; l + 1 < s->nleaves && s->lc.st == QUIRE_OK; l++) {
		xn *x = s->leaves[l], *y = s->leaves[l + 1];
		unsigned m = mask & x->fields & y->fields;
		if (x->scored != d || y->scored != d || !x_leaf_eval(s, x, d, mask) ||
		    !x_leaf_eval(s, y, d, mask))
			continue;
		uint32_t size = x->op == Q_PHRASE ? x->plen : 1;
		double a = 0;
		for (int f = 0; f < IX_NFIELDS; f++) {
			if (!(m & (1u << f)) || !x->tf[f] || !y->tf[f] || w[f] == 0)
				continue;
			/* starts of x, then of y (y's buffer is separate) */
			uint32_t nx = 0, ny = 0;
			const uint32_t *px, *py;
			uint32_t *cx = NULL;
			if (x->op == Q_PHRASE) {
				nx = x_phrase_starts(s, x, d, f);
				px = x->buf;
			} else {
				px = x_part_pos(s, x, d, f, &nx);
			}
			if (!px || nx == 0)
				continue;
			cx = malloc(nx * sizeof *cx);
			if (!cx) {
				s_fail(s, QUIRE_ENOMEM, "out of memory");
				return 0;
			}
			memcpy(cx, px, nx * sizeof *cx);
			if (y->op == Q_PHRASE) {
				ny = x_phrase_starts(s, y, d, f);
				py = y->buf;
			} else {
				py = x_part_pos(s, y, d, f, &ny);
			}
			uint32_t j = 0, cnt = 0;
			for (uint32_t i = 0; py && i < nx; i++) {
				uint32_t want = cx[i] + size;
				while (j < ny && py[j] < want)
					j++;
				if (j < ny && py[j] == want)
					cnt++;
			}
			free(cx);
			a += w[f] * cnt;
		}
		if (a > 0) {
			double m2 = x->idf < y->idf ? x->idf : y->idf;
			bonus += s->prox * m2 * a / (1.0 + a);
		}
	}
	return bonus;
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

static void s_free(sctx *s, char **strs, size_t nstrs)
{
	for (size_t i = 0; i < s->nlists; i++)
		ixl_free(s->lists[i]);
	ixl_cache_trim(s->lc.cache);
	free(s->lists);
	for (size_t i = 0; i < s->nnodes; i++) {
		free(s->nodes[i]->tl);
		free(s->nodes[i]->kid);
		free(s->nodes[i]->buf);
		free(s->nodes[i]->ord);
		ml_free(s->nodes[i]->m);
		free(s->nodes[i]);
	}
	free(s->nodes);
	free(s->leaves);
	for (size_t i = 0; i < nstrs; i++)
		free(strs[i]);
	free(strs);
}

static void s_reset(sctx *s)
{
	for (size_t i = 0; i < s->nlists; i++)
		ixl_reset(s->lists[i]);
	for (size_t i = 0; i < s->nnodes; i++) {
		s->nodes[i]->ev_doc = XEND;
		s->nodes[i]->scored = 0;
		s->nodes[i]->pok = 0;
		if (s->nodes[i]->m)
			s->nodes[i]->m->i = s->nodes[i]->m->b = 0;
	}
}

static void s_params(sctx *s, const ix_params *p)
{
	ix_params d;
	if (!p) {
		ix_params_default(&d);
		p = &d;
	}
	s->k1 = p->k1;
	s->b = p->b;
	s->coord = p->coord;
	s->prox = p->prox;
	s->prune = p->k1 >= 0 && p->b >= 0 && p->b <= 1 && p->coord >= 0;
	for (int f = 0; f < IX_NFIELDS; f++) {
		s->w_open[f] = p->w[f];
		s->w_pub[f] = p->w[f];
		if (p->w[f] < 0)
			s->prune = 0;
		s->avg[f] = ix_reader_avg(s->lc.r, f);
	}
	s->w_open[IX_F_PREVIEW] = p->w_preview_open;
	if (p->w_preview_open < 0)
		s->prune = 0;
	for (int f = 0; f < IX_NFIELDS; f++)
		s->w_max[f] = s->w_open[f] > s->w_pub[f] ? s->w_open[f] : s->w_pub[f];
}

static quire_status s_open(sctx *s, ix_reader *r, const ix_q *q, const ix_params *p,
			   xn **root, char ***strs, size_t *nstrs, quire_error *err)
{
	memset(s, 0, sizeof *s);
	s->lc.r = r;
	s->lc.io = ix_reader_io(r);
	s->lc.err = err;
	s->N = (double)ix_reader_count(r);
	s->lc.cache = ixl_cache_get(&s->lc);
	s_params(s, p); /* before the tree: a prefix's merge bounds with them */
	*strs = NULL;
	*nstrs = 0;
	*root = q ? x_build(s, q, 1, strs, nstrs) : NULL;
	if (s->lc.st == QUIRE_OK)
		s_idf(s);
	return s->lc.st;
}

/* The heap of the best: worst on top (lowest score, then highest doc). */
static int h_worse(const ix_hit *a, const ix_hit *b)
{
	if (a->score != b->score)
		return a->score < b->score;
	return a->doc > b->doc;
}

static void h_down(ix_hit *h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && h_worse(&h[l], &h[m]))
			m = l;
		if (l + 1 < n && h_worse(&h[l + 1], &h[m]))
			m = l + 1;
		if (m == i)
			return;
		ix_hit t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static void h_up(ix_hit *h, size_t i)
{
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (!h_worse(&h[i], &h[p]))
			return;
		ix_hit t = h[i];
		h[i] = h[p];
		h[p] = t;
		i = p;
	}
}

static int hit_best_first(const void *a, const void *b)
{
	const ix_hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static int hit_by_doc(const void *a, const void *b)
{
	const ix_hit *x = a, *y = b;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

static int accept_all(void *u, uint32_t doc, const ix_doc *d)
{
	(void)u;
	(void)doc;
	(void)d;
	return 1;
}

/* Counts (and hands to cb) every match. */
static uint64_t s_each(sctx *s, xn *root, ix_accept_fn accept, void *u,
		       int (*cb)(void *cu, const ix_hit *h), void *cu)
{
	uint64_t count = 0;
	uint32_t d = 1;
	while (s->lc.st == QUIRE_OK) {
		d = x_next_geq(root, d);
		if (d == XEND)
			break;
		const ix_doc *doc = ix_reader_doc(s->lc.r, d);
		int acc = doc ? accept(u, d, doc) : 0;
		if (acc == 1 || acc == 2) {
			if (x_match(s, root, d, acc == 1 ? IX_MASK_ALL : IX_MASK_PUBLIC)) {
				count++;
				if (cb) {
					ix_hit h = {d, doc->rowid, 0.0, acc};
					if (cb(cu, &h))
						break;
				}
			}
		}
		if (d == XEND - 1)
			break;
		d++;
	}
	return count;
}

/* The count of a merged PREFIX at the root: its list holds live
 * documents only, with their fields, so each is asked of accept and
 * matched by its field mask, with no cursor or bound on the way. */
static uint64_t s_count_merged(sctx *s, const xn *x, ix_accept_fn accept, void *u)
{
	const mlist *m = x->m;
	uint64_t count = 0;
	for (uint32_t j = 0; j < m->n; j++) {
		uint32_t d = m->doc[j];
		const ix_doc *doc = ix_reader_doc(s->lc.r, d);
		int acc = doc ? accept(u, d, doc) : 0;
		unsigned fm = m->mask[j] & x->fields;
		count += (uint64_t)((acc == 1 && fm) || (acc == 2 && (fm & IX_MASK_PUBLIC)));
	}
	return count;
}

quire_status ix_search(ix_reader *r, const ix_q *q, const ix_params *p,
		       ix_accept_fn accept, void *u, size_t k, ix_hit *hits,
		       size_t *n, uint64_t *total, quire_error *err)
{
	*n = 0;
	if (total)
		*total = 0;
	if (!accept)
		accept = accept_all;
	sctx s;
	xn *root;
	char **strs;
	size_t nstrs;
	if (s_open(&s, r, q, p, &root, &strs, &nstrs, err) != QUIRE_OK) {
		quire_status st = s.lc.st;
		s_free(&s, strs, nstrs);
		return st;
	}
	if (!root || s.N == 0) {
		s_free(&s, strs, nstrs);
		return QUIRE_OK;
	}
	/* when every match is counted, every candidate is walked anyway:
	 * one pass matches each once (a phrase's positions checked once, each
	 * block decoded once) and the bounds decide only which are scored */
	int one = total != NULL;
	/* a merged prefix alone is counted from its arrays (a few µs per
	 * thousand matches), and the ranking then prunes as without a count */
	uint64_t count0 = 0;
	int counted = 0;
	if (one && root->m && s.nleaves == 1 && !s.has_bonus) {
		count0 = s_count_merged(&s, root, accept, u);
		counted = 1;
		one = 0;
	}
	size_t rerank = p && p->rerank ? p->rerank : IX_RERANK;
	int do_prox = s.prox != 0 && s.nleaves >= 2;
	size_t H = k;
	if ((do_prox || s.has_bonus) && rerank > H)
		H = rerank;
	ix_hit *heap = NULL;
	size_t hn = 0;
	if (H > 0) {
		heap = malloc(H * sizeof *heap);
		if (!heap) {
			s_free(&s, strs, nstrs);
			return quire_error_set(err, QUIRE_ENOMEM, "index: out of memory");
		}
	}
	/* one pass: the matches it saw are the count (k = 0 and no rerank:
	 * no ranking pass, the count alone) */
	uint64_t count1 = 0;
	int skipped = H == 0;
	bcache bc = {0, 0, 0};
	uint32_t d = 1;
	while (H > 0 && s.lc.st == QUIRE_OK) {
		if (hn == H && s.prune && !one) {
			uint32_t until;
			double ub = s_bound_at(&s, &bc, d, &until);
			if (ub * (1 + 1e-9) + 1e-12 <= heap[0].score) {
				skipped = 1;
				if (until >= XEND - 1)
					break;
				d = until + 1;
				continue;
			}
		}
		uint32_t c = x_next_geq(root, d);
		if (c == XEND)
			break;
		if (c > d && hn == H && s.prune && !one) {
			d = c; /* bound again at c */
			continue;
		}
		d = c;
		if (hn == H && s.prune && !one &&
		    s_docbound(&s, d) * (1 + 1e-9) + 1e-12 <= heap[0].score) {
			skipped = 1;
			if (d >= XEND - 1)
				break;
			d++;
			continue;
		}
		const ix_doc *doc = ix_reader_doc(r, d);
		int acc = doc ? accept(u, d, doc) : 0;
		int m = (acc == 1 || acc == 2) &&
			x_match(&s, root, d, acc == 1 ? IX_MASK_ALL : IX_MASK_PUBLIC);
		count1 += (uint64_t)m;
		if (m && one && hn == H && s.prune) {
			uint32_t until;
			if (s_bound_at(&s, &bc, d, &until) * (1 + 1e-9) + 1e-12 <= heap[0].score ||
			    s_docbound(&s, d) * (1 + 1e-9) + 1e-12 <= heap[0].score)
				m = 0;
		}
		if (m) {
			double sc = s_score(&s, root, d, doc, acc);
			ix_hit h = {d, doc->rowid, sc, acc};
			if (hn < H) {
				heap[hn] = h;
				h_up(heap, hn++);
			} else if (h_worse(&heap[0], &h)) {
				heap[0] = h;
				h_down(heap, hn, 0);
			}
		}
		if (d >= XEND - 1)
			break;
		d++;
	}
	if ((do_prox || s.has_bonus) && hn > 0 && s.lc.st == QUIRE_OK) {
		qsort(heap, hn, sizeof *heap, hit_by_doc);
		s_reset(&s);
		s.bonus_on = 1;
		for (size_t i = 0; i < hn && s.lc.st == QUIRE_OK; i++) {
			/* position the tree at the doc and mark the leaves of
			 * its matching branches; the score again with the
			 * bonuses */
			uint32_t d2 = heap[i].doc;
			if (x_next_geq(root, d2) != d2)
				continue;
			heap[i].score = s_score(&s, root, d2, ix_reader_doc(r, d2), heap[i].access);
			if (do_prox)
				heap[i].score += s_prox(&s, d2, heap[i].access);
		}
		s.bonus_on = 0;
	}
	if (hn > 1)
		qsort(heap, hn, sizeof *heap, hit_best_first);
	size_t out = hn < k ? hn : k;
	if (s.lc.st == QUIRE_OK && out > 0) {
		memcpy(hits, heap, out * sizeof *hits);
		*n = out;
	}
	free(heap);
	if (total && s.lc.st == QUIRE_OK) {
		if (counted) {
			*total = count0;
		} else if (skipped) {
			s_reset(&s);
			*total = s_each(&s, root, accept, u, NULL, NULL);
		} else {
			*total = count1;
		}
	}
	quire_status st = s.lc.st;
	if (st != QUIRE_OK)
		*n = 0;
	s_free(&s, strs, nstrs);
	return st;
}

quire_status ix_each(ix_reader *r, const ix_q *q, ix_accept_fn accept,
		     void *u, int (*cb)(void *cu, const ix_hit *h), void *cu,
		     uint64_t *count, quire_error *err)
{
	if (count)
		*count = 0;
	if (!accept)
		accept = accept_all;
	sctx s;
	xn *root;
	char **strs;
	size_t nstrs;
	if (s_open(&s, r, q, NULL, &root, &strs, &nstrs, err) == QUIRE_OK && root) {
		uint64_t c = s_each(&s, root, accept, u, cb, cu);
		if (count && s.lc.st == QUIRE_OK)
			*count = c;
	}
	quire_status st = s.lc.st;
	s_free(&s, strs, nstrs);
	return st;
}

quire_status ix_positions(ix_reader *r, const ix_q *q, uint32_t doc,
			  unsigned mask,
			  int (*cb)(void *cu, unsigned leaf, int field,
				    uint32_t pos, uint32_t len),
			  void *cu, quire_error *err)
{
	sctx s;
	xn *root;
	char **strs;
	size_t nstrs;
	if (s_open(&s, r, q, NULL, &root, &strs, &nstrs, err) == QUIRE_OK && root) {
		int stop = 0;
		for (size_t l = 0; l < s.nleaves && !stop && s.lc.st == QUIRE_OK; l++) {
			xn *x = s.leaves[l];
			if (x_next_geq(x, doc) != doc || !x_leaf_eval(&s, x, doc, mask))
				continue;
			uint32_t len = x->op == Q_PHRASE ? x->plen : 1;
			for (int f = 0; f < IX_NFIELDS && !stop; f++) {
				if (!x->tf[f])
					continue;
				uint32_t np = 0;
				const uint32_t *v;
				if (x->op == Q_PHRASE) {
					np = x_phrase_starts(&s, x, doc, f);
					v = x->buf;
				} else {
					v = x_part_pos(&s, x, doc, f, &np);
				}
				for (uint32_t i = 0; v && i < np && !stop; i++)
					stop = cb(cu, (unsigned)l, f, v[i], len);
			}
		}
	}
	quire_status st = s.lc.st;
	s_free(&s, strs, nstrs);
	return st;
}
