/*
 * fts.c — quire's additions to SQLite FTS5: the "quire" tokenizer and the
 * "quire_rank" ranking function (BM25F with proximity).
 *
 * The tokenizer.  FTS5's unicode61 tokenizer (remove_diacritics 2) cuts
 * the text into words and folds case and diacritics ("Sovétskiy" and
 * "SOVETSKIY" are one word); this tokenizer wraps it and
 *
 *   - stems every word with Snowball's English stemmer (libstemmer), which
 *     conflates more English endings than FTS5's Porter and keeps the
 *     rest of a word alone.  The stemmer is English for every paper: the
 *     tokenizer is not told a row's language (SQLite 3.40 has no FTS5
 *     locales), and a query must be stemmed the way the text was.  A
 *     French or German word is at worst cut of a plural -s; exact words
 *     are always still found since queries are stemmed the same way.
 *   - indexes a hyphenated word by each part and by the whole: in the
 *     text, "Sino-Soviet" gives "sino", "soviet" and, at the position of
 *     "soviet", the colocated token "sinosoviet" (FTS5_TOKEN_COLOCATED),
 *     so the queries sino, soviet, sino-soviet (a phrase) and sinosoviet
 *     all find it.  The whole word's offsets are those of its last part,
 *     so highlighting never overlaps.
 *   - leaves words of more than FTS_STEM_MAX bytes unstemmed.
 *
 * The ranking.  FTS5's bm25() has k1 = 1.2 and b = 0.75 built in and
 * normalises each column on its own before weighting (a sum of per-column
 * BM25s, which saturates each column separately).  quire_rank() computes
 * BM25F instead: each phrase's frequency is summed over the columns,
 * weighted and length-normalised per column, and saturated once:
 *
 *   tf~(t) = sum_c w_c tf_c(t) / (1 - b + b len_c / avglen_c)
 *   score  = sum_t idf(t) tf~(t) (k1 + 1) / (k1 + tf~(t))
 *          + proximity sum_i min(idf_i, idf_i+1) a_i / (1 + a_i)
 *
 * with idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5)) (never negative) and
 * a_i the weighted count of places where phrase i+1 follows phrase i
 * directly (the query's words in the order typed).  Document frequencies
 * are read once per query (xQueryPhrase), as bm25() does.  The weights and
 * parameters are arguments, so the evaluation tool can try others; the
 * defaults are in fts.h.  Work per row is linear in the row's matches.
 */
#include "fts.h"

#include <libstemmer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FTS_STEM_MAX 64     /* longest word stemmed, bytes */
#define FTS_COMPOUND_MAX 96 /* longest hyphenated whole indexed, bytes */
#define FTS_NCOLS_MAX 16

/* ------------------------------------------------------------------ */
/* fts5_api                                                            */
/* ------------------------------------------------------------------ */

static fts5_api *fts_api(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	(void)sqlite3_step(s);
	sqlite3_finalize(s);
	return api;
}

/* ------------------------------------------------------------------ */
/* The tokenizer                                                       */
/* ------------------------------------------------------------------ */

typedef struct fts_tok {
	fts5_tokenizer inner;     /* unicode61's methods */
	Fts5Tokenizer *inner_tok; /* its instance */
	struct sb_stemmer *stem;
} fts_tok;

/* One run of xTokenize. */
typedef struct fts_run {
	fts_tok *t;
	void *ctx;
	int (*token)(void *, int, const char *, int, int, int);
	const char *text;
	int n_text;
	int document;             /* indexing a document (not a query) */
	int prev_end;             /* end offset of the previous token, -1: none */
	char whole[FTS_COMPOUND_MAX];
	int n_whole;              /* bytes of the hyphenated whole so far */
	int parts;                /* parts in it */
} fts_run;

static int fts_tok_create(void *pctx, const char **argv, int argc,
			  Fts5Tokenizer **out)
{
	fts5_api *api = pctx;
	void *ud = NULL;
	static const char *const args[] = {"remove_diacritics", "2"};
	(void)argv;
	(void)argc;
	*out = NULL;
	fts_tok *t = sqlite3_malloc(sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	memset(t, 0, sizeof *t);
	int rc = api->xFindTokenizer(api, "unicode61", &ud, &t->inner);
	if (rc == SQLITE_OK)
		rc = t->inner.xCreate(ud, (const char **)args, 2, &t->inner_tok);
	if (rc == SQLITE_OK) {
		t->stem = sb_stemmer_new("english", "UTF_8");
		if (!t->stem)
			rc = SQLITE_NOMEM;
	}
	if (rc != SQLITE_OK) {
		if (t->inner_tok)
			t->inner.xDelete(t->inner_tok);
		sqlite3_free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void fts_tok_delete(Fts5Tokenizer *p)
{
	fts_tok *t = (fts_tok *)p;
	if (!t)
		return;
	if (t->inner_tok)
		t->inner.xDelete(t->inner_tok);
	if (t->stem)
		sb_stemmer_delete(t->stem);
	sqlite3_free(t);
}

/* Hands on word w[0..n), stemmed. */
static int fts_emit(fts_run *r, int flags, const char *w, int n, int start,
		    int end)
{
	const char *o = w;
	int on = n;
	if (n > 2 && n <= FTS_STEM_MAX) {
		const sb_symbol *s = sb_stemmer_stem(r->t->stem, (const sb_symbol *)w, n);
		if (s) {
			o = (const char *)s;
			on = sb_stemmer_length(r->t->stem);
		}
	}
	return r->token(r->ctx, flags, o, on, start, end);
}

/* Length of a hyphen at text[i] (ASCII '-', U+2010 or U+2011), or 0. */
static int fts_hyphen(const char *t, int n, int i)
{
	if (i < n && t[i] == '-')
		return 1;
	if (i + 2 < n && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
	    ((unsigned char)t[i + 2] == 0x90 || (unsigned char)t[i + 2] == 0x91))
		return 3;
	return 0;
}

static int fts_tok_cb(void *pctx, int tflags, const char *tok, int n,
		      int start, int end)
{
	fts_run *r = pctx;
	int rc = fts_emit(r, tflags, tok, n, start, end);
	if (rc != SQLITE_OK || !r->document)
		return rc;
	int h = r->prev_end >= 0 ? fts_hyphen(r->text, r->n_text, r->prev_end) : 0;
	int joined = h > 0 && start == r->prev_end + h && r->n_whole > 0;
	if (joined && r->n_whole + n <= FTS_COMPOUND_MAX) {
		memcpy(r->whole + r->n_whole, tok, (size_t)n);
		r->n_whole += n;
		r->parts++;
		rc = fts_emit(r, FTS5_TOKEN_COLOCATED, r->whole, r->n_whole, start, end);
	} else if (n <= FTS_COMPOUND_MAX) {
		memcpy(r->whole, tok, (size_t)n);
		r->n_whole = n;
		r->parts = 1;
	} else {
		r->n_whole = 0;
	}
	r->prev_end = end;
	return rc;
}

static int fts_tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags,
			    const char *text, int n,
			    int (*token)(void *, int, const char *, int, int, int))
{
	fts_tok *t = (fts_tok *)p;
	fts_run r;
	memset(&r, 0, sizeof r);
	r.t = t;
	r.ctx = ctx;
	r.token = token;
	r.text = text;
	r.n_text = n;
	r.document = (flags & FTS5_TOKENIZE_DOCUMENT) != 0;
	r.prev_end = -1;
	return t->inner.xTokenize(t->inner_tok, &r, flags, text, n, fts_tok_cb);
}

/* ------------------------------------------------------------------ */
/* The ranking                                                         */
/* ------------------------------------------------------------------ */

/* What one query keeps between rows (FTS5 auxdata). */
typedef struct fts_stats {
	int n_phrase, n_col;
	double *idf;     /* per phrase */
	int *size;       /* tokens per phrase */
	double *tf;      /* per phrase, scratch */
	double *adj;     /* per phrase, scratch */
	double avg[FTS_NCOLS_MAX];
} fts_stats;

static int fts_count_cb(const Fts5ExtensionApi *api, Fts5Context *fts,
			void *user)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)user)++;
	return SQLITE_OK;
}

static fts_stats *fts_stats_get(const Fts5ExtensionApi *api, Fts5Context *fts,
				int *rc)
{
	fts_stats *st = api->xGetAuxdata(fts, 0);
	if (st)
		return st;
	int np = api->xPhraseCount(fts), nc = api->xColumnCount(fts);
	size_t bytes = sizeof *st + (size_t)np * (3 * sizeof(double) + sizeof(int)) + 8;
	st = sqlite3_malloc64(bytes);
	if (!st) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	memset(st, 0, bytes);
	st->n_phrase = np;
	st->n_col = nc < FTS_NCOLS_MAX ? nc : FTS_NCOLS_MAX;
	st->idf = (double *)(st + 1);
	st->tf = st->idf + np;
	st->adj = st->tf + np;
	st->size = (int *)(st->adj + np);

	sqlite3_int64 rows = 0, total = 0;
	*rc = api->xRowCount(fts, &rows);
	for (int c = 0; *rc == SQLITE_OK && c < st->n_col; c++) {
		*rc = api->xColumnTotalSize(fts, c, &total);
		st->avg[c] = rows > 0 && total > 0 ? (double)total / (double)rows : 1.0;
	}
	for (int i = 0; *rc == SQLITE_OK && i < np; i++) {
		sqlite3_int64 df = 0;
		*rc = api->xQueryPhrase(fts, i, &df, fts_count_cb);
		double N = (double)rows, d = (double)df;
		st->idf[i] = log(1.0 + (N - d + 0.5) / (d + 0.5));
		st->size[i] = api->xPhraseSize(fts, i);
	}
	if (*rc == SQLITE_OK)
		*rc = api->xSetAuxdata(fts, st, sqlite3_free);
	if (*rc != SQLITE_OK) {
		sqlite3_free(st);
		return NULL;
	}
	return st;
}

static void fts_rank(const Fts5ExtensionApi *api, Fts5Context *fts,
		     sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	static const double defaults[FTS_NPARAMS] = {
		FTS_K1, FTS_B, FTS_W_TITLE, FTS_W_AUTHORS, FTS_W_META,
		FTS_W_PREVIEW, FTS_W_BODY, FTS_W_REFS, FTS_PROXIMITY, FTS_COORD};
	double par[FTS_NPARAMS];
	int rc = SQLITE_OK;
	int open = nval > 0 ? sqlite3_value_int(val[0]) : 1;
	for (int i = 0; i < FTS_NPARAMS; i++)
		par[i] = nval > i + 1 && sqlite3_value_type(val[i + 1]) != SQLITE_NULL
				 ? sqlite3_value_double(val[i + 1])
				 : defaults[i];
	if (open && !(nval > 6 && sqlite3_value_type(val[6]) != SQLITE_NULL))
		par[5] = FTS_W_PREVIEW_OPEN;
	double k1 = par[0], b = par[1], prox = par[8], coord = par[9];

	fts_stats *st = fts_stats_get(api, fts, &rc);
	if (!st) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	double norm[FTS_NCOLS_MAX], w[FTS_NCOLS_MAX];
	for (int c = 0; c < st->n_col; c++) {
		int len = 0;
		rc = api->xColumnSize(fts, c, &len);
		if (rc != SQLITE_OK)
			break;
		norm[c] = 1.0 - b + b * (double)len / st->avg[c];
		if (norm[c] <= 0)
			norm[c] = 1e-6;
		w[c] = c < 6 ? par[2 + c] : 1.0;
	}
	int ninst = 0;
	if (rc == SQLITE_OK)
		rc = api->xInstCount(fts, &ninst);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (int i = 0; i < st->n_phrase; i++)
		st->tf[i] = st->adj[i] = 0;
	int ip = 0, ic = 0, io = 0;
	for (int k = 0; k < ninst; k++) {
		if (api->xInst(fts, k, &ip, &ic, &io) != SQLITE_OK)
			break;
		if (ic < 0 || ic >= st->n_col || ip < 0 || ip >= st->n_phrase)
			continue;
		st->tf[ip] += w[ic] / norm[ic];
		if (prox <= 0 || ip + 1 >= st->n_phrase)
			continue;
		/* Does phrase ip+1 start right after this one?  Instances come
		 * in position order, so only the next few can. */
		int want = io + st->size[ip];
		for (int j = k + 1; j < ninst && j < k + 1 + st->n_phrase; j++) {
			int jp = 0, jc = 0, jo = 0;
			if (api->xInst(fts, j, &jp, &jc, &jo) != SQLITE_OK || jc != ic ||
			    jo > want)
				break;
			if (jp == ip + 1 && jo == want) {
				st->adj[ip] += w[ic];
				break;
			}
		}
	}
	double score = 0;
	for (int i = 0; i < st->n_phrase; i++) {
		double t = st->tf[i];
		if (t > 0)
			score += st->idf[i] * t * (k1 + 1) / (k1 + t) + coord;
		if (st->adj[i] > 0 && i + 1 < st->n_phrase) {
			double m = st->idf[i] < st->idf[i + 1] ? st->idf[i] : st->idf[i + 1];
			score += prox * m * st->adj[i] / (1.0 + st->adj[i]);
		}
	}
	sqlite3_result_double(ctx, score);
}

size_t fts_stem(const char *w, size_t n, char *out, size_t cap)
{
	struct sb_stemmer *st = sb_stemmer_new("english", "UTF_8");
	size_t len = 0;
	if (!st || cap == 0)
		goto done;
	if (n <= 2 || n > FTS_STEM_MAX) {
		if (n < cap) {
			memcpy(out, w, n);
			out[n] = '\0';
			len = n;
		}
		goto done;
	}
	const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)w, (int)n);
	int sn = s ? sb_stemmer_length(st) : 0;
	if (s && sn > 0 && (size_t)sn < cap) {
		memcpy(out, s, (size_t)sn);
		out[sn] = '\0';
		len = (size_t)sn;
	}
done:
	if (st)
		sb_stemmer_delete(st);
	return len;
}

/* ------------------------------------------------------------------ */
/* Registration                                                        */
/* ------------------------------------------------------------------ */

int fts_register(sqlite3 *db)
{
	fts5_api *api = fts_api(db);
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	fts5_tokenizer tok = {fts_tok_create, fts_tok_delete, fts_tok_tokenize};
	int rc = api->xCreateTokenizer(api, "quire", api, &tok, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "quire_rank", NULL, fts_rank, NULL);
	return rc;
}
