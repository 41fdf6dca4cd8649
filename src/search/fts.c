/*
 * fts.c — the "quire" tokenizer of SQLite FTS5, kept only so that an older
 * library can still be migrated: migrations 2 and 4 of store_sqlite.c build
 * the former search index papers_fts with it before migration 8 drops it
 * (search runs on quire's own index, ix.h, since migration 7).  Its
 * ranking function quire_rank and fts_stem went with the FTS5 engine; ix
 * ranks with the same BM25F (ixquery.c) and its tokenizer (ixtok.c) makes
 * the same terms.
 *
 * The tokenizer.  FTS5's unicode61 tokenizer (remove_diacritics 2) cuts
 * the text into words and folds case and diacritics; this tokenizer wraps
 * it and stems every word with Snowball's English stemmer (libstemmer),
 * indexes a hyphenated word by each part and by the whole (colocated, at
 * the position of the last part), and leaves words of more than
 * FTS_STEM_MAX bytes unstemmed.
 */
#include "fts.h"

#include <libstemmer.h>
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
/* Registration                                                        */
/* ------------------------------------------------------------------ */

int fts_register(sqlite3 *db)
{
	fts5_api *api = fts_api(db);
	if (!api || api->iVersion < 2)
		return SQLITE_ERROR;
	fts5_tokenizer tok = {fts_tok_create, fts_tok_delete, fts_tok_tokenize};
	return api->xCreateTokenizer(api, "quire", api, &tok, NULL);
}
