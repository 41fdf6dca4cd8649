/*
 * search.c — the search engine behind search.h, on quire's own inverted
 * index ix (src/search/ix.h), which the store keeps in the library file
 * in step with the papers ("The search index" in src/store/store_sqlite.c).
 *
 * Decisions:
 *
 *   - What a search keeps between calls lives in the store's search slot
 *     (st_search_cache): the index reader (its document table), a
 *     tokenizer, and the table of the papers' filter attributes (sattr.h).
 *     One store_t is one connection of one thread (the web server keeps
 *     one a thread), so the cache needs no lock.  The reader refreshes
 *     from the index's generation at the start of every search (one meta
 *     read when nothing changed); the attribute table is read again when
 *     the generation moved (the store bumps it for every change of a
 *     paper, an edit of tags or visibility included).
 *   - The access rule and the filters are one callback (srch_accept) over
 *     the attribute table: no SQL per match.  A query without filters
 *     reads a byte per docid instead, from an array made once per viewer
 *     kind and generation (SRCH_ACC_SLOTS kept); a tag's set of papers is
 *     read once per generation (SRCH_TAG_SLOTS kept).  A paper the viewer may open
 *     is matched on every field; another only on its public fields (ix
 *     then never looks at its body), so a word found only in the gated
 *     text can never bring it up, and its snippet is cut from the preview
 *     (its text is not even read).
 *   - Ranking is ix's BM25F with the proximity rerank, with fts.h's
 *     defaults (weights chosen on Cranfield and CACM; docs/ARCHITECTURE.md
 *     "Search"): the proximity weight is FTS_PROXIMITY_ALL when every word
 *     must match (the words typed are then usually the paper's own, in
 *     order) and FTS_PROXIMITY when they are ORed.  When no paper has all
 *     the words, the words are ORed with a large coordination bonus per
 *     matching word (the papers with most of them first) and the result
 *     says relaxed.
 *   - The total is exact (ix counts every match passing the callback).
 *     The sorts by date, title and length gather every match (docids
 *     only) and keep the best offset + limit in a heap over the attribute
 *     table (the title order is a rank the table holds), so no sort costs
 *     more than n log(page).  No query at all browses the attribute table
 *     the same way (relevance is then the newest first).
 *   - Snippets (snip.h) are cut from the stored text of the page's hits
 *     only: the window of about 26 words with the most distinct query
 *     terms weighted by idf, the matched words marked.  For a paper the
 *     viewer may open, from its text; otherwise from its public preview.
 *   - "Did you mean": a word of the query that is not in the index is
 *     replaced by the nearest term of the index's vocabulary that begins
 *     with the same letter (edit distance 1 for short words, 2 for longer,
 *     ties to the more frequent), spelt as a public field of a paper holding
 *     it spells it; offered only when the corrected query finds something
 *     for this viewer.
 *   - Related papers: the paper's distinctive terms (title words thrice,
 *     preview words once, common words left out; tf·idf with the index's
 *     document frequencies), the best SRCH_RELATED_TERMS ORed, plus its
 *     references' distinctive terms (SRCH_RELATED_REFTERMS, restricted to
 *     other papers' references: shared sources), through the same access
 *     rule, the paper itself left out, hits below SRCH_RELATED_CUT of the
 *     best dropped.
 */
#include "search.h"
#include "buf.h"
#include "fts.h"
#include "ids.h"
#include "ix.h"
#include "ix_sqlite.h"
#include "ixtok.h"
#include "query.h"
#include "sattr.h"
#include "snip.h"
#include "store_sqlite.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SRCH_LIMIT_DEFAULT 20
#define SRCH_LIMIT_MAX 100
#define SRCH_PAGE_MAX 100000   /* offset + limit, at most (deeper pages are empty) */
#define SRCH_RELATED_REFTERMS 8 /* reference terms of the related query */
#define SRCH_RELATED_CUT 0.3   /* related hits below this share of the best go */
#define SRCH_SUGGEST_SCAN 20000 /* vocabulary entries read per word */
#define SRCH_COORD 1000.0      /* relaxed: how many words match comes first */
#define SRCH_PHRASE_MIN 3      /* plain words from which the whole is a phrase too */
#define SRCH_PHRASE_BONUS 10.0 /* its bonus (see srch_phrase_bonus; known-item
				* search on Cranfield / CACM: 0 89.5% / 99.0%,
				* 2 92.5 / 99.0, 4 94.0 / 99.5, 10 96.0 / 99.5,
				* 1000 98.0 / 99.5; without the phrase leaf
				* 85.5 / 97.5) */
#define SRCH_BROWSE_CHARS 300  /* characters of preview shown without a query */
#define SRCH_RELATED_WORDS 4000 /* words of title and preview read for terms */
#define SRCH_RELATED_CANDS 256 /* distinct candidate terms kept */
#define SRCH_RELATED_PROBE 40  /* candidates whose document frequency is read */
#define SRCH_RELATED_TERMS 12  /* terms of the related query */
#define SRCH_FB_DOCS 10        /* any mode: the best answers read for feedback */
#define SRCH_FB_TERMS 10       /* terms feedback adds to the question */
#define SRCH_FB_WEIGHT 0.5     /* the weight of the best added term (the
				  question's own words weigh 1) */

/* ------------------------------------------------------------------ */
/* The cache in the store's slot                                       */
/* ------------------------------------------------------------------ */

#define SRCH_ACC_SLOTS 4  /* viewers whose accept arrays are kept */
#define SRCH_TAG_SLOTS 8  /* tags whose paper sets are kept */

/* What a viewer may do with each document, when the query has no filter:
 * acc[doc] is sattr_accept's answer (0 for a dead docid). */
typedef struct srch_acc {
	int used;
	int admin, signed_in;
	uint32_t viewer;
	uint8_t *acc;     /* by docid */
	uint32_t n;       /* entries of acc: max_doc + 1 when it was made or grown */
	uint64_t tick;    /* last use, for replacement */
} srch_acc;

typedef struct srch_tagset {
	char *tag;        /* NULL: slot free */
	uint8_t *set;     /* sattr_tagset's */
	uint64_t tick;
} srch_tagset;

typedef struct srch_cache {
	ixsql *ixs;      /* the index's storage on the store's connection */
	ix_io io;
	ix_reader *r;
	ixtok *tok;
	sattr at;
	int64_t at_gen;  /* generation the table was read at; -1: none */
	/* made from the table, emptied when it is read again */
	srch_acc acc[SRCH_ACC_SLOTS];
	srch_tagset tags[SRCH_TAG_SLOTS];
	uint64_t tick;
} srch_cache;

/* Forgets the tag sets made from the attribute table (bits by index into
 * it), and its accept arrays unless keep_acc (the table was brought
 * forward: srch_acc_redo asks the changed docids again, srch_acc_get
 * grows them by the new ones). */
static void srch_cache_derived_drop(srch_cache *c, int keep_acc)
{
	for (size_t i = 0; i < SRCH_ACC_SLOTS && !keep_acc; i++) {
		free(c->acc[i].acc);
		memset(&c->acc[i], 0, sizeof c->acc[i]);
	}
	for (size_t i = 0; i < SRCH_TAG_SLOTS; i++) {
		free(c->tags[i].tag);
		free(c->tags[i].set);
		memset(&c->tags[i], 0, sizeof c->tags[i]);
	}
}

static void srch_cache_derived_free(srch_cache *c)
{
	srch_cache_derived_drop(c, 0);
}

static void srch_cache_free(void *p)
{
	srch_cache *c = p;
	if (!c)
		return;
	srch_cache_derived_free(c);
	ix_reader_free(c->r);
	ixsql_free(c->ixs);
	ixtok_free(c->tok);
	sattr_free(&c->at);
	free(c);
}

/* The cache of st, made on first use. */
static srch_cache *srch_cache_get(store_t *st, quire_error *err)
{
	srch_cache *c = st_search_cache(st);
	if (c)
		return c;
	c = calloc(1, sizeof *c);
	if (c) {
		c->at_gen = -1;
		c->ixs = ixsql_new(st_sqlite_handle(st));
		c->tok = ixtok_new();
		if (c->ixs) {
			ixsql_io(c->ixs, &c->io);
			c->r = ix_reader_new(&c->io);
		}
	}
	if (!c || !c->ixs || !c->tok || !c->r) {
		srch_cache_free(c);
		quire_error_set(err, QUIRE_ENOMEM, "searching: out of memory");
		return NULL;
	}
	st_set_search_cache(st, c, srch_cache_free);
	return c;
}

/* The accept arrays' entries of the changed documents ch[0..n), asked
 * again of the attribute table (removed ones: 0). */
static void srch_acc_redo(srch_cache *c, const ix_change *ch, size_t n)
{
	for (size_t i = 0; i < SRCH_ACC_SLOTS; i++) {
		srch_acc *s = &c->acc[i];
		if (!s->used)
			continue;
		sattr_filter f;
		memset(&f, 0, sizeof f);
		f.admin = s->admin;
		f.signed_in = s->signed_in;
		f.viewer = s->viewer;
		f.format = -1;
		for (size_t k = 0; k < n; k++) {
			uint32_t d = ch[k].doc;
			if (d >= s->n)
				continue;
			const ix_doc *doc = ix_reader_doc(c->r, d);
			s->acc[d] = doc ? (uint8_t)sattr_accept(&c->at, &f,
								sattr_get(&c->at, doc->rowid)) : 0;
		}
	}
}

/* Brings the reader and the attribute table up to date (inside the read
 * transaction). */
static quire_status srch_cache_refresh(srch_cache *c, sqlite3 *db, quire_error *err)
{
	int64_t rm0 = ix_reader_rmgen(c->r);
	quire_status qs = ix_reader_refresh(c->r, err);
	if (qs != QUIRE_OK)
		return qs;
	int64_t gen = 0;
	const ix_io *io = &c->io;
	/* ix's generation (its meta "gen"; ix.h has no reader call for it) */
	if (io->meta_get(io->ctx, "gen", &gen) < 0)
		return quire_error_set(err, QUIRE_ESTORE, "searching: %s", io->errmsg(io->ctx));
	if (gen == c->at_gen)
		return QUIRE_OK;
	/* When the reader brought its table forward from the one the
	 * attribute table was read with (the papers added since, and those
	 * removed or changed, from ix's change log), the attribute table
	 * follows: the changed rows are read again, the new ones onto its
	 * end, not the whole table (after one add or one removal at 100,000
	 * papers each worker's next search took 65-92 ms for it); the accept
	 * arrays keep their entries, the changed docids' are asked again and
	 * the new docids' are added when next asked. */
	const ix_change *ch;
	size_t nch;
	int partial = ix_reader_changes(c->r, &ch, &nch);
	if (c->at_gen >= 0 && rm0 >= 0 && partial) {
		srch_cache_derived_drop(c, 1);
		int whole = 0;
		int64_t rowids[IX_CHANGES_MAX];
		for (size_t i = 0; i < nch; i++)
			rowids[i] = ch[i].rowid;
		if (nch > 0)
			qs = sattr_update(db, &c->at, rowids, nch, &whole, err);
		if (qs == QUIRE_OK && !whole)
			qs = sattr_append(db, &c->at, err);
		if (qs == QUIRE_OK && !whole) {
			srch_acc_redo(c, ch, nch);
			c->at_gen = gen;
			return QUIRE_OK;
		}
		if (qs != QUIRE_OK) {
			srch_cache_derived_free(c);
			c->at_gen = -1;
			return qs;
		}
	}
	srch_cache_derived_free(c);
	sattr_free(&c->at);
	c->at_gen = -1;
	qs = sattr_load(db, &c->at, err);
	if (qs == QUIRE_OK)
		c->at_gen = gen;
	return qs;
}

/* ------------------------------------------------------------------ */
/* Errors, transactions                                                */
/* ------------------------------------------------------------------ */

static quire_status srch_db_error(sqlite3 *db, int rc, quire_error *err,
				  const char *what)
{
	if ((rc & 0xff) == SQLITE_NOMEM)
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	if ((rc & 0xff) == SQLITE_CORRUPT)
		return quire_error_set(err, QUIRE_ESTORE, "%s: library is corrupt: %s",
				       what, sqlite3_errmsg(db));
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return quire_error_set(err, QUIRE_ESTORE,
				       "%s: library is busy; try again", what);
	return quire_error_set(err, QUIRE_ESTORE, "%s: %s", what, sqlite3_errmsg(db));
}

static quire_status srch_prepare(sqlite3 *db, const char *sql,
				 sqlite3_stmt **s, quire_error *err,
				 const char *what)
{
	int rc = sqlite3_prepare_v2(db, sql, -1, s, NULL);
	if (rc == SQLITE_OK)
		return QUIRE_OK;
	sqlite3_finalize(*s);
	*s = NULL;
	return srch_db_error(db, rc, err, what);
}

/* Opens a read transaction unless one is open; returns whether it did. */
static int srch_begin(sqlite3 *db)
{
	return sqlite3_get_autocommit(db) &&
	       sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void srch_end(sqlite3 *db, int began)
{
	if (began && !sqlite3_get_autocommit(db))
		(void)sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

static int srch_space(unsigned char c)
{
	return c <= ' ' || c == 0x7f;
}

/* Column i as a string in a ("" for NULL); NULL when out of memory. */
static const char *srch_col(sqlite3_stmt *s, int i, quire_arena *a)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	size_t n = (size_t)sqlite3_column_bytes(s, i);
	return quire_arena_strndup(a, t ? (const char *)t : "", t ? n : 0);
}

/* ------------------------------------------------------------------ */
/* One search: the plan                                                */
/* ------------------------------------------------------------------ */

/* What the accept callback and the page need. */
typedef struct srch_ctx {
	srch_cache *c;
	sqlite3 *db;
	sattr_filter f;
	const uint8_t *acc;  /* by docid, when the query has no filter */
	uint32_t nacc;
} srch_ctx;

static int srch_accept(void *u, uint32_t doc, const ix_doc *d)
{
	const srch_ctx *x = u;
	if (x->acc && doc < x->nacc)
		return x->acc[doc];
	return sattr_accept(&x->c->at, &x->f, sattr_get(&x->c->at, d->rowid));
}

/* The accept array of the viewer of f (a query with no filter), made or
 * found in the cache; NULL when out of memory (then the callback asks the
 * table each time). */
static const uint8_t *srch_acc_get(srch_cache *c, const sattr_filter *f, uint32_t *n)
{
	srch_acc *slot = NULL;
	*n = ix_reader_max_doc(c->r) + 1;
	for (size_t i = 0; i < SRCH_ACC_SLOTS; i++) {
		srch_acc *s = &c->acc[i];
		if (s->used && s->admin == f->admin && s->signed_in == f->signed_in &&
		    s->viewer == f->viewer) {
			slot = s;
			break;
		}
		if (!slot || !s->used || (slot->used && s->tick < slot->tick))
			slot = s;
	}
	int found = slot->used && slot->admin == f->admin &&
		    slot->signed_in == f->signed_in && slot->viewer == f->viewer;
	uint32_t from = found ? slot->n : 0;
	if (found && from >= *n) {
		slot->tick = ++c->tick;
		return slot->acc;
	}
	/* made, or grown by the docids added since it was made */
	uint8_t *v = realloc(found ? slot->acc : NULL, *n);
	if (!v)
		return NULL;
	for (uint32_t d = from; d < *n; d++) {
		const ix_doc *doc = ix_reader_doc(c->r, d);
		v[d] = doc ? (uint8_t)sattr_accept(&c->at, f, sattr_get(&c->at, doc->rowid)) : 0;
	}
	if (!found)
		free(slot->acc);
	slot->used = 1;
	slot->admin = f->admin;
	slot->signed_in = f->signed_in;
	slot->viewer = f->viewer;
	slot->acc = v;
	slot->n = *n;
	slot->tick = ++c->tick;
	return v;
}

/* The set of papers with tag, made or found in the cache (NULL and an
 * error when it cannot be read). */
static const uint8_t *srch_tag_get(srch_cache *c, sqlite3 *db, const char *tag,
				   quire_error *err)
{
	srch_tagset *slot = NULL;
	for (size_t i = 0; i < SRCH_TAG_SLOTS; i++) {
		srch_tagset *s = &c->tags[i];
		if (s->tag && strcmp(s->tag, tag) == 0) {
			s->tick = ++c->tick;
			return s->set;
		}
		if (!slot || !s->tag || (slot->tag && s->tick < slot->tick))
			slot = s;
	}
	uint8_t *set = NULL;
	char *t = strdup(tag);
	if (!t) {
		quire_error_set(err, QUIRE_ENOMEM, "searching: out of memory");
		return NULL;
	}
	if (sattr_tagset(db, &c->at, tag, &set, err) != QUIRE_OK) {
		free(t);
		return NULL;
	}
	free(slot->tag);
	free(slot->set);
	slot->tag = t;
	slot->set = set;
	slot->tick = ++c->tick;
	return set;
}

/* Narrows the filters of e by those typed in the query. */
static void srch_merge(srch_query *e, const qry_parsed *pq)
{
	if (pq->year_min > e->year_min)
		e->year_min = pq->year_min;
	if (pq->year_max && (!e->year_max || pq->year_max < e->year_max))
		e->year_max = pq->year_max;
	if (pq->words_min > e->min_words)
		e->min_words = pq->words_min;
	if (pq->words_max && (!e->max_words || pq->words_max < e->max_words))
		e->max_words = pq->words_max;
	if (pq->pages_min > e->min_pages)
		e->min_pages = pq->pages_min;
	if (pq->pages_max && (!e->max_pages || pq->pages_max < e->max_pages))
		e->max_pages = pq->pages_max;
	if (pq->added_min > e->added_min)
		e->added_min = pq->added_min;
	if (pq->added_max && (!e->added_max || pq->added_max < e->added_max))
		e->added_max = pq->added_max;
	if (pq->format)
		e->format = pq->format;
	if (pq->tag)
		e->tag = pq->tag;
}

/* The filters of q (already merged) into x. */
static quire_status srch_ctx_init(srch_ctx *x, srch_cache *c, sqlite3 *db,
				  const srch_query *q, int64_t exclude,
				  quire_error *err)
{
	memset(x, 0, sizeof *x);
	x->c = c;
	x->db = db;
	x->f.admin = q->access.admin != 0;
	x->f.signed_in = q->access.signed_in || q->access.admin;
	x->f.year_min = q->year_min;
	x->f.year_max = q->year_max;
	x->f.words_min = q->min_words;
	x->f.words_max = q->max_words;
	x->f.pages_min = q->min_pages;
	x->f.pages_max = q->max_pages;
	x->f.added_min = q->added_min;
	x->f.added_max = q->added_max;
	x->f.exclude = exclude;
	sattr_filter_names(&c->at, &x->f, q->access.user, q->format);
	if (q->tag && *q->tag) {
		x->f.tagset = srch_tag_get(c, db, q->tag, err);
		if (!x->f.tagset)
			return err ? err->code : QUIRE_ENOMEM;
	}
	const sattr_filter *f = &x->f;
	if (!f->year_min && !f->year_max && !f->words_min && !f->words_max &&
	    !f->pages_min && !f->pages_max && !f->added_min && !f->added_max &&
	    f->format == -1 && !f->tagset && !f->exclude)
		x->acc = srch_acc_get(c, f, &x->nacc);
	return QUIRE_OK;
}

static void srch_ctx_free(srch_ctx *x)
{
	(void)x;
}

/* The ix query of a query tree node (NULL: nothing to search).  Depth is
 * bounded by the parser (query.h). */
static ix_q *srch_compile(const qry_node *x, ixtok *t, quire_arena *a)
{
	switch (x->op) {
	case QRY_N_WORD:
		return ix_q_text(t, a, x->text, strlen(x->text), x->fields & IX_MASK_ALL, 0);
	case QRY_N_PHRASE:
		return ix_q_text(t, a, x->text, strlen(x->text), x->fields & IX_MASK_ALL,
				 x->prefix);
	case QRY_N_PREFIX:
		return ix_q_text(t, a, x->text, strlen(x->text), x->fields & IX_MASK_ALL, 1);
	default:
		break;
	}
	size_t n = 0;
	for (const qry_node *k = x->kid; k; k = k->next)
		n++;
	ix_q **kids = quire_arena_alloc(a, (n ? n : 1) * sizeof *kids);
	if (!kids)
		return NULL;
	n = 0;
	for (const qry_node *k = x->kid; k; k = k->next)
		kids[n++] = srch_compile(k, t, a);
	if (x->op == QRY_N_AND)
		return ix_q_and(a, kids, n);
	if (x->op == QRY_N_OR)
		return ix_q_or(a, kids, n);
	return n ? ix_q_not(a, kids[0], kids + 1, n - 1) : NULL;
}

/* ------------------------------------------------------------------ */
/* Snippet terms                                                       */
/* ------------------------------------------------------------------ */

typedef struct srch_terms {
	snip_term v[SNIP_TERMS_MAX];
	size_t n;
} srch_terms;

/* Adds the terms of leaf text s (prefix: its last word is a beginning). */
static void srch_terms_add(srch_terms *st, ix_reader *r, ixtok *t, const char *s,
			   int prefix, quire_arena *a)
{
	ixtok_token tk;
	size_t n = strlen(s), last_off = 0, last_n = 0, count = 0;
	double N = (double)ix_reader_count(r);

	ixtok_begin(t, s, n, 0, 0);
	while (ixtok_next(t, &tk))
		if (!tk.colocated) {
			last_off = tk.off;
			last_n = tk.n;
			count++;
		}
	size_t seen = 0;
	ixtok_begin(t, s, n, 0, 0);
	while (st->n < SNIP_TERMS_MAX && ixtok_next(t, &tk)) {
		if (tk.colocated)
			continue;
		seen++;
		snip_term *e = &st->v[st->n];
		if (prefix && seen == count) {
			char f[IXTOK_TERM_MAX + 1];
			size_t fn = ixtok_fold(s + last_off, last_n, f, sizeof f);
			e->term = quire_arena_strndup(a, f, fn);
			e->len = fn;
			e->prefix = 1;
			e->weight = 1.0;
		} else {
			e->term = quire_arena_strndup(a, tk.term, tk.len);
			e->len = tk.len;
			e->prefix = 0;
			double df = (double)ix_df(r, tk.term, tk.len);
			e->weight = log(1.0 + (N - df + 0.5) / (df + 0.5));
		}
		if (!e->term || e->len == 0)
			continue;
		size_t j = 0;
		while (j < st->n && !(st->v[j].len == e->len && st->v[j].prefix == e->prefix &&
				      memcmp(st->v[j].term, e->term, e->len) == 0))
			j++;
		if (j == st->n)
			st->n++;
	}
}

/* The terms of every scoring leaf of x (not under a NOT's exclusions). */
static void srch_terms_of(srch_terms *st, ix_reader *r, ixtok *t,
			  const qry_node *x, quire_arena *a)
{
	switch (x->op) {
	case QRY_N_WORD:
		srch_terms_add(st, r, t, x->text, 0, a);
		return;
	case QRY_N_PHRASE:
		srch_terms_add(st, r, t, x->text, x->prefix, a);
		return;
	case QRY_N_PREFIX:
		srch_terms_add(st, r, t, x->text, 1, a);
		return;
	case QRY_N_NOT:
		if (x->kid)
			srch_terms_of(st, r, t, x->kid, a);
		return;
	default:
		for (const qry_node *k = x->kid; k; k = k->next)
			srch_terms_of(st, r, t, k, a);
	}
}

/* The first SRCH_BROWSE_CHARS characters of a preview, cut after a whole
 * word, "…" added when cut. */
static const char *srch_head(const char *t, size_t n, quire_arena *a)
{
	size_t cut = n, chars = 0;
	for (size_t i = 0; i < n; i++) {
		if (((unsigned char)t[i] & 0xC0) != 0x80 && chars++ == SRCH_BROWSE_CHARS) {
			cut = i;
			break;
		}
	}
	if (cut == n)
		return quire_arena_strndup(a, t, n);
	size_t k = cut;
	while (k > 0 && !srch_space((unsigned char)t[k - 1]))
		k--;
	if (k > 0)
		cut = k;
	while (cut > 0 && srch_space((unsigned char)t[cut - 1]))
		cut--;
	char *o = quire_arena_alloc(a, cut + 4);
	if (!o)
		return NULL;
	memcpy(o, t, cut);
	memcpy(o + cut, "\xE2\x80\xA6", 4);
	return o;
}

/* ------------------------------------------------------------------ */
/* The page                                                            */
/* ------------------------------------------------------------------ */

/* A hit before it is filled: the paper's attributes, score, access. */
typedef struct srch_cand {
	const sattr_paper *e;
	double score;
	int access;
} srch_cand;

/* Fills out->hits from cands[0..n): the paper's columns, and the snippet
 * (terms: the query's, NULL: browsing) unless bare. */
static quire_status srch_fill(srch_ctx *x, const srch_cand *cands, size_t n,
			      const srch_terms *terms, int bare, quire_arena *a,
			      srch_result *out, quire_error *err)
{
	static const char what[] = "searching";
	sqlite3_stmt *s = NULL;
	out->hits = quire_arena_alloc(a, (n ? n : 1) * sizeof *out->hits);
	if (!out->hits)
		return quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	quire_status qs = srch_prepare(x->db,
		"SELECT id, coalesce(e_title, a_title), coalesce(e_authors, a_authors),"
		" coalesce(e_year, a_year), format, words, pages, preview,"
		" CASE WHEN ?2 THEN text END, CASE WHEN ?3 THEN analysis END"
		" FROM papers WHERE rowid = ?1",
		&s, err, what);
	for (size_t i = 0; qs == QUIRE_OK && i < n; i++) {
		srch_hit *h = &out->hits[out->n];
		memset(h, 0, sizeof *h);
		int open = cands[i].access == 1;
		int want_text = open && !bare && terms;
		sqlite3_bind_int64(s, 1, cands[i].e->rowid);
		sqlite3_bind_int(s, 2, want_text);
		sqlite3_bind_int(s, 3, !bare && terms);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE) { /* gone meanwhile: cannot be, same transaction */
			sqlite3_reset(s);
			continue;
		}
		if (rc != SQLITE_ROW) {
			qs = srch_db_error(x->db, rc, err, what);
			break;
		}
		const unsigned char *id = sqlite3_column_text(s, 0);
		snprintf(h->id, sizeof h->id, "%s", id ? (const char *)id : "");
		h->title = srch_col(s, 1, a);
		h->authors = srch_col(s, 2, a);
		h->year = sqlite3_column_int(s, 3);
		h->format = srch_col(s, 4, a);
		sqlite3_int64 w = sqlite3_column_int64(s, 5);
		h->words = w > 0 ? (size_t)w : 0;
		sqlite3_int64 pg = sqlite3_column_int64(s, 6);
		h->pages = pg > 0 && pg <= (sqlite3_int64)UINT32_MAX ? (unsigned)pg : 0;
		h->score = cands[i].score;
		h->can_open = open;
		h->snippet = "";
		if (!bare) {
			const char *pv = (const char *)sqlite3_column_text(s, 7);
			size_t pn = (size_t)sqlite3_column_bytes(s, 7);
			const char *tx = (const char *)sqlite3_column_text(s, 8);
			size_t tn = (size_t)sqlite3_column_bytes(s, 8);
			if (!terms) {
				h->snippet = srch_head(pv ? pv : "", pv ? pn : 0, a);
			} else {
				const char *src = want_text && tx && tn ? tx : pv;
				size_t sn = want_text && tx && tn ? tn : pn;
				/* a passage of the body is preferred to one of
				 * the title line or the reference list; of the
				 * preview, one of its opening to one of its close
				 * (the end of a paper is often its references) */
				size_t from = 0, to = sn, head;
				const char *an = (const char *)sqlite3_column_blob(s, 9);
				size_t anl = (size_t)sqlite3_column_bytes(s, 9);
				if (src == tx)
					(void)quire_json_body_span(an, anl, sn, &from, &to);
				else if (quire_json_preview_head_len(an, anl, &head) == 0 &&
					 head > 0 && head < sn)
					to = head;
				if (snip_cut(x->c->tok, src ? src : "", src ? sn : 0, from, to,
					     terms->v, terms->n, a, &h->snippet) != QUIRE_OK)
					h->snippet = NULL;
			}
		}
		sqlite3_reset(s);
		if (!h->title || !h->authors || !h->format || !h->snippet)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		out->n++;
	}
	sqlite3_finalize(s);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Sorted pages: a heap of the best offset + limit                     */
/* ------------------------------------------------------------------ */

typedef struct srch_heap {
	srch_cand *v;
	size_t n, cap;    /* cap: offset + limit */
	srch_sort sort;
	int desc;         /* descending */
} srch_heap;

/* -1 when a comes before b in the page order, 1 after. */
static int srch_order(const srch_heap *h, const srch_cand *a, const srch_cand *b)
{
	const sattr_paper *x = a->e, *y = b->e;
	int c = 0;
	switch (h->sort) {
	case SRCH_SORT_TITLE:
		c = x->title_rank < y->title_rank ? -1 : x->title_rank > y->title_rank;
		break;
	case SRCH_SORT_WORDS:
		c = x->words < y->words ? -1 : x->words > y->words;
		if (!c)
			c = x->added < y->added ? -1 : x->added > y->added;
		break;
	default: /* ADDED, and browsing's relevance (desc) */
		c = x->added < y->added ? -1 : x->added > y->added;
		break;
	}
	if (!c)
		c = x->rowid < y->rowid ? -1 : x->rowid > y->rowid;
	return h->desc ? -c : c;
}

/* The heap keeps the cap first candidates, the last of them at the top. */
static void srch_heap_down(srch_heap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && srch_order(h, &h->v[l], &h->v[m]) > 0)
			m = l;
		if (r < h->n && srch_order(h, &h->v[r], &h->v[m]) > 0)
			m = r;
		if (m == i)
			return;
		srch_cand t = h->v[i];
		h->v[i] = h->v[m];
		h->v[m] = t;
		i = m;
	}
}

static void srch_heap_push(srch_heap *h, const srch_cand *c)
{
	if (h->cap == 0)
		return;
	if (h->n == h->cap) {
		if (srch_order(h, c, &h->v[0]) >= 0)
			return;
		h->v[0] = *c;
		srch_heap_down(h, 0);
		return;
	}
	size_t i = h->n++;
	h->v[i] = *c;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (srch_order(h, &h->v[i], &h->v[p]) <= 0)
			break;
		srch_cand t = h->v[i];
		h->v[i] = h->v[p];
		h->v[p] = t;
		i = p;
	}
}

/* Empties the heap into v[0..n) in page order; n. */
static size_t srch_heap_drain(srch_heap *h, srch_cand *v)
{
	size_t n = h->n;
	while (h->n > 0) {
		v[h->n - 1] = h->v[0];
		h->v[0] = h->v[--h->n];
		srch_heap_down(h, 0);
	}
	return n;
}

/* Every match of the heap's query, for the sorts. */
typedef struct srch_each {
	srch_ctx *x;
	srch_heap *h;
	uint64_t n;
} srch_each;

static int srch_each_cb(void *u, const ix_hit *hit)
{
	srch_each *e = u;
	srch_cand c = {sattr_get(&e->x->c->at, hit->rowid), hit->score, hit->access};
	if (c.e)
		srch_heap_push(e->h, &c);
	e->n++;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Running a query                                                     */
/* ------------------------------------------------------------------ */

/* Runs q (filters merged) over query iq (NULL: browse) with ranking p. */
static quire_status srch_exec(srch_ctx *x, const srch_query *q, const ix_q *iq,
			      const ix_params *p, const srch_terms *terms,
			      quire_arena *a, srch_result *out, quire_error *err)
{
	static const char what[] = "searching";
	size_t limit = q->limit ? q->limit : SRCH_LIMIT_DEFAULT;
	if (limit > SRCH_LIMIT_MAX)
		limit = SRCH_LIMIT_MAX;
	if ((unsigned)q->sort > SRCH_SORT_WORDS)
		return quire_error_set(err, QUIRE_EUSAGE, "%s: unknown sort %d", what,
				       (int)q->sort);
	size_t offset = q->offset > SRCH_PAGE_MAX ? SRCH_PAGE_MAX : q->offset;
	size_t want = offset + limit;
	quire_status qs = QUIRE_OK;
	srch_cand *page = NULL;
	size_t n = 0;

	if (iq && q->sort == SRCH_SORT_RELEVANCE) {
		ix_hit *hits = malloc(want * sizeof *hits);
		page = malloc(want * sizeof *page);
		uint64_t total = 0;
		if (!hits || !page)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		if (qs == QUIRE_OK)
			qs = ix_search(x->c->r, iq, p, srch_accept, x, want, hits, &n, &total, err);
		size_t k = 0;
		for (size_t i = offset; qs == QUIRE_OK && i < n; i++) {
			srch_cand c = {sattr_get(&x->c->at, hits[i].rowid), hits[i].score,
				       hits[i].access};
			if (c.e)
				page[k++] = c;
		}
		n = k;
		out->total = (size_t)total;
		free(hits);
	} else {
		srch_heap h = {NULL, 0, want, q->sort, q->descending != 0};
		if (!iq && q->sort == SRCH_SORT_RELEVANCE) {
			h.sort = SRCH_SORT_ADDED; /* browsing: the newest first */
			h.desc = 1;
		}
		h.v = malloc(want * sizeof *h.v);
		if (!h.v)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		/* papers added since the titles were ranked: ranked again now,
		 * when a page is sorted by title */
		if (qs == QUIRE_OK && h.sort == SRCH_SORT_TITLE && x->c->at.ranks_stale)
			qs = sattr_ranks(x->db, &x->c->at, err);
		uint64_t total = 0;
		if (qs == QUIRE_OK && iq) {
			srch_each e = {x, &h, 0};
			qs = ix_each(x->c->r, iq, srch_accept, x, srch_each_cb, &e, &total, err);
			total = e.n;
		} else if (qs == QUIRE_OK) {
			const sattr *at = &x->c->at;
			for (size_t i = 0; i < at->n; i++) {
				int acc = sattr_accept(at, &x->f, &at->p[i]);
				if (!acc)
					continue;
				srch_cand c = {&at->p[i], 0.0, acc};
				srch_heap_push(&h, &c);
				total++;
			}
		}
		if (qs == QUIRE_OK) {
			page = malloc(want * sizeof *page);
			if (!page) {
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
			} else {
				size_t all = srch_heap_drain(&h, page);
				n = 0;
				for (size_t i = offset; i < all; i++)
					page[n++] = page[i];
			}
		}
		free(h.v);
		out->total = (size_t)total;
	}
	if (qs == QUIRE_OK)
		qs = srch_fill(x, page, n, iq ? terms : NULL, q->bare, a, out, err);
	free(page);
	return qs;
}

/* The ranking of q (any: words ORed; coord: relaxed's bonus). */
static void srch_params(const srch_query *q, int any, double coord, ix_params *p)
{
	ix_params_default(p);
	p->prox = any ? FTS_PROXIMITY : FTS_PROXIMITY_ALL;
	p->coord = coord;
	const srch_tuning *t = q->tuning;
	if (!t)
		return;
	if (t->k1 >= 0)
		p->k1 = t->k1;
	if (t->b >= 0)
		p->b = t->b;
	const double w[IX_NFIELDS] = {t->w_title, t->w_authors, t->w_meta,
				      t->w_preview, t->w_body, t->w_refs};
	for (int f = 0; f < IX_NFIELDS; f++)
		if (w[f] >= 0)
			p->w[f] = w[f];
	if (t->proximity >= 0)
		p->prox = t->proximity;
}

/* All the words typed in the order typed: a query of SRCH_PHRASE_MIN or
 * more plain words, all required, also scores the whole as one phrase,
 * with a bonus (through ix's coordination: every match has each word, so
 * only the phrase's leaf makes a difference), so the paper that holds the
 * words as typed comes first (known-item search: a sentence remembered).
 * Returns the query to run. */
static ix_q *srch_phrase_bonus(const qry_node *root, ix_q *iq, ixtok *t,
			       quire_arena *a, ix_params *p)
{
	size_t n = 0, len = 0;
	if (root->op != QRY_N_AND)
		return iq;
	for (const qry_node *k = root->kid; k; k = k->next, n++) {
		if (k->op != QRY_N_WORD || k->fields != QRY_F_ALL)
			return iq;
		len += strlen(k->text) + 1;
	}
	if (n < SRCH_PHRASE_MIN)
		return iq;
	char *s = quire_arena_alloc(a, len);
	if (!s)
		return iq;
	size_t o = 0;
	for (const qry_node *k = root->kid; k; k = k->next) {
		size_t kn = strlen(k->text);
		memcpy(s + o, k->text, kn);
		o += kn;
		s[o++] = ' ';
	}
	s[o - 1] = '\0';
	ix_q *kids[2] = {iq, ix_q_text(t, a, s, o - 1, IX_MASK_ALL, 0)};
	if (!kids[1])
		return iq;
	/* a boost, not an OR: the phrase decides no match, scores in the
	 * rerank only, and leaves the block bounds to the words, so pruning
	 * works (three-word queries p99 12.9 -> 7.6 ms CPU in bench_ix) */
	ix_q *both = ix_q_boost(a, kids[0], kids[1]);
	if (!both)
		return iq;
	p->coord = SRCH_PHRASE_BONUS;
	return both;
}

static ix_q *srch_feedback(srch_cache *c, sqlite3 *db, const srch_query *q, ix_q *iq,
			   const ix_params *p, quire_arena *a, quire_error *err);

/* Runs text (the query language) with the filters of q. */
static quire_status srch_text(srch_cache *c, sqlite3 *db, const srch_query *q,
			      int any, double coord, quire_arena *a,
			      qry_parsed *pq, srch_result *out, quire_error *err)
{
	srch_query e = *q;
	srch_ctx x;
	ix_params p;
	srch_terms *terms = NULL;
	ix_q *iq = NULL;

	memset(out, 0, sizeof *out);
	if (qry_parse(q->text, any, a, pq) != QUIRE_OK)
		return quire_error_set(err, QUIRE_ENOMEM, "searching: out of memory");
	srch_merge(&e, pq);
	if (pq->root) {
		iq = srch_compile(pq->root, c->tok, a);
		if (!iq)
			return QUIRE_OK; /* words with no term in them: nothing */
		if (!q->bare) {
			terms = quire_arena_alloc(a, sizeof *terms);
			if (!terms)
				return quire_error_set(err, QUIRE_ENOMEM, "searching: out of memory");
			terms->n = 0;
			srch_terms_of(terms, c->r, c->tok, pq->root, a);
		}
	}
	srch_params(q, any, coord, &p);
	if (iq && !any && coord == 0)
		iq = srch_phrase_bonus(pq->root, iq, c->tok, a, &p);
	/* feedback for a question only: not for the relaxed retry of an
	 * all-words query (any with coordination), where added words would
	 * count as words matched */
	if (iq && any && coord == 0 && q->sort == SRCH_SORT_RELEVANCE) {
		quire_error fe = {0};
		ix_q *fq = srch_feedback(c, db, &e, iq, &p, a, &fe);
		if (fe.code != QUIRE_OK) {
			*err = fe;
			return fe.code;
		}
		iq = fq;
	}
	quire_status qs = srch_ctx_init(&x, c, db, &e, 0, err);
	if (qs == QUIRE_OK)
		qs = srch_exec(&x, &e, iq, &p, terms, a, out, err);
	srch_ctx_free(&x);
	if (qs != QUIRE_OK)
		memset(out, 0, sizeof *out);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Did you mean                                                        */
/* ------------------------------------------------------------------ */

#define SRCH_WORD_MAX 48

/* Edit distance (optimal string alignment: insert, delete, change, swap
 * two neighbours) of a and b, each at most SRCH_WORD_MAX bytes; max + 1
 * when it is over max. */
static int srch_distance(const char *a, size_t na, const char *b, size_t nb,
			 int max)
{
	int d[3][SRCH_WORD_MAX + 1];
	if (na > SRCH_WORD_MAX || nb > SRCH_WORD_MAX)
		return max + 1;
	if ((na > nb ? na - nb : nb - na) > (size_t)max)
		return max + 1;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= na; i++) {
		int *cur = d[i % 3], *prev = d[(i - 1) % 3], *pp = d[(i + 1) % 3];
		int low = cur[0] = (int)i;
		for (size_t j = 1; j <= nb; j++) {
			int c = a[i - 1] != b[j - 1];
			int v = prev[j - 1] + c;
			if (prev[j] + 1 < v)
				v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    pp[j - 2] + 1 < v)
				v = pp[j - 2] + 1;
			cur[j] = v;
			if (v < low)
				low = v;
		}
		if (low > max)
			return max + 1;
	}
	return d[na % 3][nb];
}

/* The vocabulary scan of one correction. */
#define SRCH_NEAR_CANDS 4   /* stems that begin like the typed word, kept */
#define SRCH_SURFACE_DOCS 5 /* papers whose fields are read for a spelling */

typedef struct srch_near_term {
	char t[SRCH_WORD_MAX + 1];
	size_t n;
	uint64_t df;
} srch_near_term;

typedef struct srch_near {
	const char *stem;
	size_t sn;
	const char *word; /* the typed word, lower-cased */
	size_t wn;
	int max, best_d;
	uint64_t best_df;
	char best[SRCH_WORD_MAX + 1];
	size_t bn;
	/* Stems within one edit of a beginning of the typed word, the most
	 * frequent first: a typo can change what the stemmer strips
	 * ("intrnational" -> "intrnat", "internationl" stays whole, where
	 * "international" -> "intern"), so the stems are far apart while the
	 * words are not; srch_correct then compares whole words. */
	srch_near_term cand[SRCH_NEAR_CANDS];
	size_t n_cand;
} srch_near;

/* Keeps term among the candidates if it is among the most frequent. */
static void srch_near_keep(srch_near *s, const char *term, size_t n, uint64_t df)
{
	size_t i;
	if (s->n_cand < SRCH_NEAR_CANDS)
		i = s->n_cand++;
	else if (s->cand[SRCH_NEAR_CANDS - 1].df >= df)
		return; /* full of more frequent ones */
	else
		i = SRCH_NEAR_CANDS - 1;
	memcpy(s->cand[i].t, term, n);
	s->cand[i].t[n] = '\0';
	s->cand[i].n = n;
	s->cand[i].df = df;
	for (; i > 0 && s->cand[i - 1].df < s->cand[i].df; i--) {
		srch_near_term t = s->cand[i];
		s->cand[i] = s->cand[i - 1];
		s->cand[i - 1] = t;
	}
}

static int srch_near_cb(void *u, const char *term, size_t n, uint64_t df)
{
	srch_near *s = u;
	if (n > SRCH_WORD_MAX || df == 0)
		return 0;
	int d = srch_distance(s->stem, s->sn, term, n, s->max);
	if (d < s->best_d || (d == s->best_d && d <= s->max && df > s->best_df)) {
		s->best_d = d;
		s->best_df = df;
		memcpy(s->best, term, n);
		s->best[n] = '\0';
		s->bn = n;
	}
	/* a stem of five or more letters, within one edit of the typed
	 * word's first n - 1, n or n + 1 letters, the rest being an ending */
	if (n >= 5 && n + 2 <= s->wn) {
		for (size_t k = n - 1; k <= n + 1; k++)
			if (srch_distance(s->word, k, term, n, 1) <= 1) {
				srch_near_keep(s, term, n, df);
				break;
			}
	}
	return 0;
}

/* A lower-cased (ASCII) copy of t[0..n) in a; "" when out of memory. */
static const char *srch_lower_dup(const char *t, size_t n, quire_arena *a)
{
	char *w = quire_arena_strndup(a, t, n);
	for (char *k = w; k && *k; k++)
		if (*k >= 'A' && *k <= 'Z')
			*k = (char)(*k - 'A' + 'a');
	return w ? w : "";
}

/* The words of t whose term is term: the one closest to typed, when
 * nearer than *best (which it lowers), lower-cased (ASCII); else r.  When
 * first is given and *first is NULL, the first of them goes there. */
static const char *srch_spelling(srch_cache *c, const char *t, const char *term, size_t tn,
				 const char *typed, size_t typed_n, int *best, const char *r,
				 const char **first, quire_arena *a)
{
	ixtok_token tk;
	if (!t)
		return r;
	ixtok_begin(c->tok, t, strlen(t), 0, 0);
	while (ixtok_next(c->tok, &tk)) {
		if (tk.colocated || tk.len != tn || memcmp(tk.term, term, tn) != 0)
			continue;
		if (first && !*first)
			*first = srch_lower_dup(t + tk.off, tk.n, a);
		char low[SRCH_WORD_MAX];
		if (tk.n > SRCH_WORD_MAX)
			continue;
		for (size_t k = 0; k < tk.n; k++) {
			char ch = t[tk.off + k];
			low[k] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
		}
		int d = srch_distance(typed, typed_n, low, tk.n, *best - 1);
		if (d >= *best)
			continue;
		*best = d;
		r = srch_lower_dup(t + tk.off, tk.n, a);
	}
	return r;
}

/* How the public fields (title, authors, preview) of the few papers that
 * hold term best spell it: the spelling closest to typed (*dist its
 * distance, at most max; NULL when none is that close).  When first is
 * given, *first gets the first spelling in the best paper's fields (NULL:
 * none). */
static const char *srch_surface_near(srch_cache *c, sqlite3 *db, const char *term,
				     size_t tn, const char *typed, size_t typed_n, int max,
				     int *dist, const char **first, quire_arena *a)
{
	int best = max + 1;
	ix_hit hits[SRCH_SURFACE_DOCS];
	size_t n = 0;
	quire_error e2 = {0};
	ix_params p;
	const char *r = NULL;
	if (first)
		*first = NULL;
	ix_q *q = ix_q_term(a, term, tn, IX_MASK(IX_F_TITLE) | IX_MASK(IX_F_AUTHORS) |
					     IX_MASK(IX_F_PREVIEW));
	ix_params_default(&p);
	p.prox = 0;
	/* several papers: one may spell the stem one way only */
	if (q && ix_search(c->r, q, &p, NULL, NULL, SRCH_SURFACE_DOCS, hits, &n, NULL, &e2) ==
			 QUIRE_OK && n) {
		sqlite3_stmt *s = NULL;
		if (sqlite3_prepare_v2(db, "SELECT coalesce(e_title, a_title) || ' ' ||"
				       " coalesce(e_authors, a_authors) || ' ' || ifnull(preview, '')"
				       " FROM papers WHERE rowid = ?1", -1, &s, NULL) == SQLITE_OK) {
			/* the best paper is always read (best starts above 0) */
			for (size_t h = 0; h < n && best > 0; h++) {
				sqlite3_reset(s);
				sqlite3_bind_int64(s, 1, hits[h].rowid);
				if (sqlite3_step(s) == SQLITE_ROW)
					r = srch_spelling(c, (const char *)sqlite3_column_text(s, 0),
							  term, tn, typed, typed_n, &best, r,
							  h == 0 ? first : NULL, a);
			}
			sqlite3_finalize(s);
		}
	}
	if (first && *first && !**first)
		*first = NULL;
	*dist = best;
	return r && *r ? r : NULL;
}

/* term itself when it is its own stem (a word as typed), else NULL. */
static const char *srch_own_stem(srch_cache *c, const char *term, size_t tn, quire_arena *a)
{
	char st2[IXTOK_TERM_MAX + 1];
	if (ixtok_term(c->tok, term, tn, st2, sizeof st2) == tn && memcmp(st2, term, tn) == 0)
		return quire_arena_strndup(a, term, tn);
	return NULL;
}

/* The closest word of the index's vocabulary to word w (NULL: w is there,
 * or nothing is close). */
static const char *srch_correct(srch_cache *c, sqlite3 *db, const char *w,
				quire_arena *a)
{
	char low[SRCH_WORD_MAX + 1], stem[IXTOK_TERM_MAX + 1];
	size_t n = strlen(w);
	quire_error e2 = {0};
	if (n < 3 || n > SRCH_WORD_MAX)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)w[i];
		if (ch >= 0x80 || !((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')))
			return NULL; /* only plain letters are corrected */
		low[i] = (char)(ch | 0x20);
	}
	low[n] = '\0';
	size_t sn = ixtok_term(c->tok, low, n, stem, sizeof stem);
	if (sn == 0 || sn > SRCH_WORD_MAX)
		return NULL;
	if (ix_df(c->r, stem, sn) > 0)
		return NULL;
	srch_near s;
	memset(&s, 0, sizeof s);
	s.stem = stem;
	s.sn = sn;
	s.word = low;
	s.wn = n;
	s.max = sn <= 4 ? 1 : 2;
	s.best_d = s.max + 1;
	/* the stems that begin with the same letter, or the same two for a
	 * word of five letters or more (the scan is bounded, and the
	 * vocabulary of a large library holds more than that under one
	 * letter) */
	if (ix_vocab(c->r, stem, n >= 5 && sn >= 2 ? 2 : 1, SRCH_SUGGEST_SCAN, srch_near_cb, &s,
		     &e2) !=
	    QUIRE_OK)
		return NULL;
	/* Whole words are compared at the end: of the nearest stem's
	 * spellings and of those of the stems that begin like the typed
	 * word, the one with the fewest edits from it ("langauge" ->
	 * "language", not "languages"; "internationl" -> "international") */
	const char *tried[SRCH_NEAR_CANDS + 1];
	size_t tried_n[SRCH_NEAR_CANDS + 1], nt = 0;
	if (s.best_d <= s.max) {
		tried[nt] = s.best;
		tried_n[nt++] = s.bn;
	}
	for (size_t i = 0; i < s.n_cand; i++) {
		tried[nt] = s.cand[i].t;
		tried_n[nt++] = s.cand[i].n;
	}
	const char *r = NULL, *first = NULL;
	int best = 3;
	for (size_t i = 0; i < nt && best > 0; i++) {
		int d = best;
		const char *sp = srch_surface_near(c, db, tried[i], tried_n[i], low, n, best - 1,
						   &d, i == 0 ? &first : NULL, a);
		if (sp && d < best) {
			best = d;
			r = sp;
		}
	}
	/* no public spelling that close: the nearest stem's first spelling in
	 * its best paper (read above, as tried[0]), or the stem itself when it
	 * is a word */
	if (!r && s.best_d <= s.max)
		r = first ? first : srch_own_stem(c, s.best, s.bn, a);
	return r;
}

/* Is w[0..n) the word at t[i…] standing alone (not inside a word)? */
static int srch_word_at(const char *t, size_t len, size_t i, const char *w,
			size_t n)
{
	if (i + n > len || memcmp(t + i, w, n) != 0)
		return 0;
	unsigned char before = i ? (unsigned char)t[i - 1] : ' ';
	unsigned char after = i + n < len ? (unsigned char)t[i + n] : ' ';
	return (srch_space(before) || before == '(' || before == '"') &&
	       (srch_space(after) || after == ')' || after == '"' || after == '*');
}

/* A query with each misspelt word replaced, when it finds something. */
static quire_status srch_suggest(srch_cache *c, sqlite3 *db, const srch_query *q,
				 const qry_parsed *pq, quire_arena *a,
				 srch_result *out, quire_error *err)
{
	const char *fix[QRY_WORDS_MAX];
	int changed = 0;
	for (size_t i = 0; i < pq->n_words; i++) {
		fix[i] = srch_correct(c, db, pq->words[i], a);
		changed |= fix[i] != NULL && strcmp(fix[i], pq->words[i]) != 0;
	}
	if (!changed)
		return QUIRE_OK;

	/* The query again, each corrected word replaced once. */
	const char *t = q->text;
	size_t len = strnlen(t, QRY_TEXT_MAX);
	buf_t b = BUF_INIT;
	int used[QRY_WORDS_MAX] = {0};
	for (size_t i = 0; i < len;) {
		size_t k = 0;
		for (; k < pq->n_words; k++)
			if (fix[k] && !used[k] &&
			    srch_word_at(t, len, i, pq->words[k], strlen(pq->words[k])))
				break;
		if (k < pq->n_words) {
			buf_puts(&b, fix[k]);
			i += strlen(pq->words[k]);
			used[k] = 1;
		} else {
			buf_putc(&b, t[i++]);
		}
	}
	const char *sugg = buf_to_arena(&b, a);
	int failed = buf_failed(&b) || !sugg;
	buf_free(&b);
	if (failed)
		return quire_error_set(err, QUIRE_ENOMEM, "searching: out of memory");
	/* Only a suggestion that finds something for this viewer. */
	srch_query sq = *q;
	srch_result sr;
	qry_parsed spq;
	sq.text = sugg;
	sq.limit = 1;
	sq.offset = 0;
	sq.bare = 1;
	quire_status qs = srch_text(c, db, &sq, q->any != 0, 0.0, a, &spq, &sr, err);
	if (qs == QUIRE_OK && sr.total == 0 && !q->any && spq.n_required >= 2)
		qs = srch_text(c, db, &sq, 1, SRCH_COORD, a, &spq, &sr, err);
	if (qs == QUIRE_OK && sr.total > 0)
		out->suggestion = sugg;
	return qs;
}

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

quire_status srch_search(store_t *st, const srch_query *q, quire_arena *a,
			 srch_result *out, quire_error *err)
{
	sqlite3 *db = st_sqlite_handle(st);
	qry_parsed pq;

	if (out)
		memset(out, 0, sizeof *out);
	if (!db || !q || !a || !out)
		return quire_error_set(err, QUIRE_EUSAGE, "srch_search: nothing to search");
	srch_cache *c = srch_cache_get(st, err);
	if (!c)
		return QUIRE_ENOMEM;
	int began = srch_begin(db);
	quire_status qs = srch_cache_refresh(c, db, err);
	if (qs == QUIRE_OK)
		qs = srch_text(c, db, q, q->any != 0, 0.0, a, &pq, out, err);
	/* No paper has all the words: those with most of them. */
	if (qs == QUIRE_OK && out->total == 0 && !q->any && pq.n_required >= 2) {
		qs = srch_text(c, db, q, 1, SRCH_COORD, a, &pq, out, err);
		out->relaxed = qs == QUIRE_OK && out->total > 0;
	}
	if (qs == QUIRE_OK && out->total == 0 && pq.n_words > 0)
		qs = srch_suggest(c, db, q, &pq, a, out, err);
	srch_end(db, began);
	if (qs != QUIRE_OK)
		memset(out, 0, sizeof *out);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Related papers                                                      */
/* ------------------------------------------------------------------ */

/* Words too common to say what a paper is about (English, French,
 * German, Spanish), sorted for bsearch. */
static const char *const srch_stop[] = {
	"about", "after", "again", "also", "although", "among", "and", "are",
	"auf", "aus", "avec", "because", "been", "before", "being", "between",
	"both", "but", "can", "como", "could", "dans", "das", "del", "dem",
	"den", "der", "des", "die", "does", "down", "durch", "each", "ein",
	"eine", "einer", "el", "elle", "entre", "est", "esta", "este", "even",
	"every", "first", "for", "from", "fue", "had", "has", "have", "her",
	"here", "him", "his", "how", "however", "ich", "ils", "into", "isn",
	"ist", "its", "las", "les", "leur", "los", "mais", "many", "may",
	"mehr", "mit", "more", "most", "much", "must", "nach", "nicht", "not",
	"nous", "now", "only", "other", "our", "out", "over", "par", "para",
	"pas", "per", "pero", "por", "pour", "que", "qui", "same", "se", "sein",
	"she", "should", "since", "sind", "some", "such", "sur", "than", "that",
	"the", "their", "them", "then", "there", "these", "they", "this",
	"those", "through", "thus", "too", "una", "und", "under", "une",
	"uno", "until", "upon", "very", "vom", "von", "was", "were",
	"what", "when", "where", "which", "while", "who", "whom", "whose",
	"why", "wie", "will", "with", "within", "without", "would", "you",
	"your", "zum", "zur",
};

static int srch_cmp_stop(const void *k, const void *e)
{
	return strcmp((const char *)k, *(const char *const *)e);
}

typedef struct srch_term {
	char *s;      /* the ix term, in the arena */
	size_t n;
	double w;     /* weighted count, then tf·idf */
} srch_term;

static int srch_cmp_term(const void *x, const void *y)
{
	const srch_term *a = x, *b = y;
	if (a->w != b->w)
		return a->w < b->w ? 1 : -1;
	size_t n = a->n < b->n ? a->n : b->n;
	int c = memcmp(a->s, b->s, n);
	return c ? c : (a->n > b->n) - (a->n < b->n);
}

/* Adds the terms of t (weight w each) to the candidates. */
static void srch_collect(ixtok *tok, const char *t, double w, srch_term *v,
			 size_t *n, size_t *words, quire_arena *a)
{
	ixtok_token tk;
	char low[16];
	if (!t)
		return;
	ixtok_begin(tok, t, strlen(t), 0, 0);
	while (*words < SRCH_RELATED_WORDS && ixtok_next(tok, &tk)) {
		if (tk.colocated)
			continue;
		(*words)++;
		size_t digits = 0;
		for (size_t i = 0; i < tk.len; i++)
			digits += tk.term[i] >= '0' && tk.term[i] <= '9';
		if (tk.n < 3 || digits == tk.len)
			continue;
		if (tk.n < sizeof low) {
			for (size_t i = 0; i < tk.n; i++) {
				char ch = t[tk.off + i];
				low[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
			}
			low[tk.n] = '\0';
			if (bsearch(low, srch_stop, sizeof srch_stop / sizeof *srch_stop,
				    sizeof *srch_stop, srch_cmp_stop))
				continue;
		}
		size_t j = 0;
		while (j < *n && !(v[j].n == tk.len && memcmp(v[j].s, tk.term, tk.len) == 0))
			j++;
		if (j < *n) {
			v[j].w += w;
		} else if (*n < SRCH_RELATED_CANDS) {
			v[*n].s = quire_arena_strndup(a, tk.term, tk.len);
			if (!v[*n].s)
				return;
			v[*n].n = tk.len;
			v[(*n)++].w = w;
		}
	}
}

/* The best terms of a text (title weighted thrice) by tf·idf into v
 * (sorted, best first); their number. */
static size_t srch_rank_terms(srch_cache *c, srch_term *v, size_t n, size_t keep);

static size_t srch_best_terms(srch_cache *c, const char *title, const char *body,
			      srch_term *v, size_t keep, quire_arena *a)
{
	size_t n = 0, words = 0;
	srch_collect(c->tok, title, 3.0, v, &n, &words, a);
	srch_collect(c->tok, body, 1.0, v, &n, &words, a);
	return srch_rank_terms(c, v, n, keep);
}

/* Candidates v[0..n) (weighted counts) by tf·idf, best first (the
 * SRCH_RELATED_PROBE most frequent looked at); how many of the best, at
 * most keep, have a weight. */
static size_t srch_rank_terms(srch_cache *c, srch_term *v, size_t n, size_t keep)
{
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, srch_cmp_term);
	if (n > SRCH_RELATED_PROBE)
		n = SRCH_RELATED_PROBE;
	double total = (double)ix_reader_count(c->r);
	for (size_t i = 0; i < n; i++) {
		double df = (double)ix_df(c->r, v[i].s, v[i].n);
		/* A word in no other paper relates to nothing; one in every
		 * paper tells nothing. */
		v[i].w = df > 1 && df < total ? v[i].w * log(total / df) : 0;
	}
	qsort(v, n, sizeof *v, srch_cmp_term);
	size_t k = 0;
	while (k < n && k < keep && v[k].w > 0)
		k++;
	return k;
}

/*
 * Pseudo-relevance feedback for a question (any mode): the best
 * SRCH_FB_DOCS answers by iq are taken as relevant, their distinctive
 * terms (titles and previews, each answer's counts scaled by its score
 * over the best's, then tf·idf as for related papers) are ORed to iq, the
 * best at SRCH_FB_WEIGHT and the others in proportion — Rocchio's and
 * RM3's idea: a question's words miss the words its answers use.  The
 * answers are those the viewer may see; their previews are public.  iq
 * unchanged when there is too little to learn from (fewer than two
 * answers), or when q's tuning turns it off (fb_docs 0).
 */
static ix_q *srch_feedback(srch_cache *c, sqlite3 *db, const srch_query *q, ix_q *iq,
			   const ix_params *p, quire_arena *a, quire_error *err)
{
	static const char what[] = "searching";
	const srch_tuning *tu = q->tuning;
	size_t docs = tu && tu->fb_docs >= 0 ? (size_t)tu->fb_docs : SRCH_FB_DOCS;
	size_t keep = tu && tu->fb_terms >= 0 ? (size_t)tu->fb_terms : SRCH_FB_TERMS;
	double weight = tu && tu->fb_weight >= 0 ? tu->fb_weight : SRCH_FB_WEIGHT;
	if (docs < 2 || keep == 0 || weight <= 0)
		return iq;
	if (docs > 100)
		docs = 100;
	ix_hit hits[100];
	size_t n = 0;
	srch_ctx x;
	quire_status qs = srch_ctx_init(&x, c, db, q, 0, err);
	if (qs == QUIRE_OK)
		qs = ix_search(c->r, iq, p, srch_accept, &x, docs, hits, &n, NULL, err);
	srch_ctx_free(&x);
	/* ix_search filled hits[0..n) when it returned QUIRE_OK */
	/* cppcheck-suppress legacyUninitvar */
	if (qs != QUIRE_OK || n < 2 || hits[0].score <= 0)
		return iq;
	srch_term *v = quire_arena_alloc(a, SRCH_RELATED_CANDS * sizeof *v);
	sqlite3_stmt *s = NULL;
	if (!v) {
		quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		return iq;
	}
	if (srch_prepare(db, "SELECT coalesce(e_title, a_title), preview FROM papers"
			 " WHERE rowid = ?1", &s, err, what) != QUIRE_OK)
		return iq;
	size_t nv = 0;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 1, hits[i].rowid);
		if (sqlite3_step(s) == SQLITE_ROW) {
			double share = hits[i].score / hits[0].score;
			size_t words = 0;
			srch_collect(c->tok, (const char *)sqlite3_column_text(s, 0), share, v, &nv,
				     &words, a);
			srch_collect(c->tok, (const char *)sqlite3_column_text(s, 1), share, v, &nv,
				     &words, a);
		}
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	size_t k = srch_rank_terms(c, v, nv, keep);
	if (k == 0)
		return iq;
	ix_q **kids = quire_arena_alloc(a, (k + 1) * sizeof *kids);
	if (!kids) {
		quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		return iq;
	}
	kids[0] = iq;
	for (size_t i = 0; i < k; i++)
		kids[i + 1] = ix_q_weight(ix_q_term(a, v[i].s, v[i].n, IX_MASK_ALL),
					  weight * v[i].w / v[0].w);
	ix_q *fq = ix_q_or(a, kids, k + 1);
	return fq ? fq : iq;
}

quire_status srch_related(store_t *st, const char *id, const srch_access *acc,
			  size_t limit, quire_arena *a, srch_result *out,
			  quire_error *err)
{
	static const char what[] = "finding related papers";
	sqlite3 *db = st_sqlite_handle(st);
	char rid[ID_MAX_LEN + 1];
	sqlite3_stmt *s = NULL;

	if (out)
		memset(out, 0, sizeof *out);
	if (!db || !id || !acc || !a || !out)
		return quire_error_set(err, QUIRE_EUSAGE, "srch_related: no paper");
	if (id_normalise(id, rid) != ID_NORM_OK)
		return quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%.40s'", id);
	srch_cache *c = srch_cache_get(st, err);
	if (!c)
		return QUIRE_ENOMEM;

	int began = srch_begin(db);
	quire_status qs = srch_cache_refresh(c, db, err);
	if (qs == QUIRE_OK)
		qs = srch_prepare(db,
			"SELECT rowid, coalesce(e_title, a_title), preview, refs FROM papers"
			" WHERE id = ?1", &s, err, what);
	sqlite3_int64 self = 0;
	const char *title = NULL, *preview = NULL, *refs = NULL;
	if (qs == QUIRE_OK) {
		int rc = sqlite3_bind_text(s, 1, rid, -1, SQLITE_STATIC);
		if (rc == SQLITE_OK)
			rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			self = sqlite3_column_int64(s, 0);
			title = srch_col(s, 1, a);
			preview = srch_col(s, 2, a);
			refs = srch_col(s, 3, a);
			if (!title || !preview || !refs)
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		} else if (rc == SQLITE_DONE) {
			qs = quire_error_set(err, QUIRE_ENOTFOUND, "no paper '%.40s'", id);
		} else {
			qs = srch_db_error(db, rc, err, what);
		}
		sqlite3_finalize(s);
	}
	srch_term *v = NULL, *rv = NULL;
	size_t nt = 0, nr = 0;
	if (qs == QUIRE_OK) {
		v = quire_arena_alloc(a, SRCH_RELATED_CANDS * sizeof *v);
		rv = quire_arena_alloc(a, SRCH_RELATED_CANDS * sizeof *rv);
		if (!v || !rv)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	}
	if (qs == QUIRE_OK) {
		nt = srch_best_terms(c, title, preview, v, SRCH_RELATED_TERMS, a);
		nr = *refs ? srch_best_terms(c, NULL, refs, rv, SRCH_RELATED_REFTERMS, a) : 0;
	}
	if (qs == QUIRE_OK && nt + nr > 0) {
		ix_q **kids = quire_arena_alloc(a, (nt + nr) * sizeof *kids);
		if (!kids) {
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
		} else {
			size_t k = 0;
			for (size_t i = 0; i < nt; i++)
				kids[k++] = ix_q_term(a, v[i].s, v[i].n, IX_MASK_ALL);
			for (size_t i = 0; i < nr; i++)
				kids[k++] = ix_q_term(a, rv[i].s, rv[i].n, IX_MASK(IX_F_REFS));
			ix_q *iq = ix_q_or(a, kids, k);
			srch_query q;
			memset(&q, 0, sizeof q);
			q.limit = limit;
			q.access = *acc;
			q.bare = 1; /* lists of related papers show titles, not passages */
			ix_params p;
			srch_params(&q, 1, 0.0, &p);
			srch_ctx x;
			qs = srch_ctx_init(&x, c, db, &q, self, err);
			if (qs == QUIRE_OK && iq)
				qs = srch_exec(&x, &q, iq, &p, NULL, a, out, err);
			srch_ctx_free(&x);
			/* Weak echoes of the best go. */
			size_t keep = 0;
			for (size_t i = 0; qs == QUIRE_OK && i < out->n; i++)
				if (out->hits[i].score >= SRCH_RELATED_CUT * out->hits[0].score)
					out->hits[keep++] = out->hits[i];
			out->n = keep;
		}
	}
	srch_end(db, began);
	if (qs != QUIRE_OK)
		memset(out, 0, sizeof *out);
	return qs;
}

/* ------------------------------------------------------------------ */
/* Facets                                                              */
/* ------------------------------------------------------------------ */

/* Reads (value, count) rows of constant sql into *v. */
static quire_status srch_counts(sqlite3 *db, const char *sql, quire_arena *a,
				srch_count **v, size_t *n, quire_error *err)
{
	static const char what[] = "counting papers";
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	*v = NULL;
	*n = 0;
	quire_status qs = srch_prepare(db, sql, &s, err, what);
	int rc = SQLITE_OK;
	while (qs == QUIRE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			/* Every row's count(*) OVER () is the number of rows. */
			sqlite3_int64 rows = sqlite3_column_int64(s, 2);
			cap = rows > 0 ? (size_t)rows : 1;
			*v = quire_arena_alloc(a, cap * sizeof **v);
			if (!*v || *n > 0) {
				qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
				break;
			}
		}
		srch_count *c = &(*v)[(*n)++];
		c->value = srch_col(s, 0, a);
		sqlite3_int64 k = sqlite3_column_int64(s, 1);
		c->count = k > 0 ? (size_t)k : 0;
		if (!c->value)
			qs = quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", what);
	}
	if (qs == QUIRE_OK && rc != SQLITE_DONE)
		qs = srch_db_error(db, rc, err, what);
	sqlite3_finalize(s);
	return qs;
}
quire_status srch_facets(store_t *st, quire_arena *a,
			 srch_count **tags, size_t *n_tags,
			 srch_count **formats, size_t *n_formats,
			 srch_count **lengths, size_t *n_lengths,
			 quire_error *err)
{
	sqlite3 *db = st_sqlite_handle(st);
	if (!db || !a || !tags || !n_tags || !formats || !n_formats || !lengths ||
	    !n_lengths)
		return quire_error_set(err, QUIRE_EUSAGE, "srch_facets: nowhere to count");
	int began = srch_begin(db);
	quire_status qs = srch_counts(db,
		"SELECT tag, count(*), count(*) OVER () FROM tags GROUP BY tag"
		" ORDER BY count(*) DESC, tag", a, tags, n_tags, err);
	if (qs == QUIRE_OK)
		qs = srch_counts(db,
			"SELECT format, count(*), count(*) OVER () FROM papers"
			" GROUP BY format ORDER BY count(*) DESC, format",
			a, formats, n_formats, err);
	if (qs == QUIRE_OK)
		qs = srch_counts(db,
			"WITH bands(k, name) AS (VALUES"
			" (0, 'under 1,000 words'), (1, '1,000\xE2\x80\x93" "5,000 words'),"
			" (2, '5,000\xE2\x80\x93" "10,000 words'), (3, 'over 10,000 words'))"
			" SELECT name, (SELECT count(*) FROM papers WHERE CASE"
			"  WHEN words < 1000 THEN 0 WHEN words < 5000 THEN 1"
			"  WHEN words <= 10000 THEN 2 ELSE 3 END = k),"
			" 4 FROM bands ORDER BY k",
			a, lengths, n_lengths, err);
	srch_end(db, began);
	return qs;
}

/* ------------------------------------------------------------------ */
/* The public zone                                                     */
/* ------------------------------------------------------------------ */

quire_status srch_public_zone(const quire_paper *p, quire_arena *a,
			      const char **preview, const char **refs)
{
	buf_t b = BUF_INIT;
	const char *head, *tail;

	if (!p || !a || !preview || !refs)
		return QUIRE_EUSAGE;
	head = p->preview.head ? p->preview.head : "";
	tail = p->preview.tail ? p->preview.tail : "";
	buf_puts(&b, head);
	if (*tail) {
		buf_puts(&b, "\n\n");
		buf_puts(&b, tail);
	}
	*preview = buf_to_arena(&b, a);
	buf_reset(&b);
	for (size_t i = 0; i < p->n_refs; i++) {
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, p->refs[i].text ? p->refs[i].text : "");
	}
	*refs = p->n_refs ? buf_to_arena(&b, a) : NULL;
	int failed = buf_failed(&b) || !*preview || (p->n_refs && !*refs);
	buf_free(&b);
	return failed ? QUIRE_ENOMEM : QUIRE_OK;
}
