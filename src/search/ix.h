/*
 * ix.h — quire's own inverted index: documents of six fields, a writer
 * that buffers one write transaction, a reader with the document table in
 * memory, and ranked retrieval (top-k BM25F with block-max pruning and a
 * proximity rerank) over a query tree (src/search/ix.c: writer, reader,
 * check; ixquery.c: queries; ixlist.c: posting-list cursors; ixcodec.c:
 * the postings format).
 *
 * ix knows nothing of SQLite: it reads and writes rows through ix_io, a
 * table of functions over the caller's storage (src/store/ix_sqlite.h
 * implements it over a sqlite3*, in the library's own transaction, so an
 * add or a remove is atomic with the paper's row).
 *
 * Model.
 *   - A document has the fields IX_F_TITLE … IX_F_REFS (IX_NFIELDS), each
 *     a text tokenized by ixtok (hyphenated wholes on), an int64 "rowid"
 *     (the paper's row in the store) and an opaque caller blob (the
 *     caller's filter attributes; ix never reads it).
 *   - Docids are ix's own: 1, 2, 3 … from a counter kept in the index's
 *     meta, never reused (re-adding a paper gives it a new docid) while
 *     a posting may name them: an emptied index (a rebuild) starts again
 *     at 1.
 *   - Postings: per term, a few rows (term, seg) in seg order, each with a
 *     docs part (blocks of up to IX_BLOCK postings: docid, fields, tf per
 *     field, and per block and per field the max tf and the min field
 *     length, from which a bound of BM25F for any k1, b and weights is
 *     computed) and a positions part, stored in chunks of a few KB and
 *     read only by phrases, the proximity rerank and ix_positions, a chunk
 *     at a time.  Rows of one term hold increasing docid
 *     ranges (docids grow), so rows concatenate into one list.
 *   - Beside its words, a field indexes each pair of neighbouring words
 *     of which one is common (ixtok_common, ixtok_pair:
 *     "\xFFthe\xFFnumber" at the position of "the"), so a phrase of
 *     common words reads a few short lists instead of every paper's "the"
 *     (format 4).  A document's distinct terms count its pairs; field
 *     lengths do not.
 *   - Removing a document deletes its record; its postings stay until a
 *     merge rewrites their row (the reader skips them: the document table
 *     says which docids are alive).  Document frequencies count postings
 *     still stored, so they may count removed documents until a merge
 *     (capped at N).
 *   - A generation counter in the meta is bumped by every flush; a reader
 *     refreshes its document table when it changes.
 *
 * Errors: functions return a quire_status and set *err (QUIRE_ESTORE when
 * the storage fails or a row is corrupt, QUIRE_ENOMEM, QUIRE_EUSAGE).
 * Threads: a writer, a reader and a query belong to one thread at a time;
 * readers on different connections are independent.
 */
#ifndef QUIRE_IX_H
#define QUIRE_IX_H

#include <stddef.h>
#include <stdint.h>

#include "quire.h"
#include "ixtok.h"

/* ------------------------------------------------------------------ */
/* Fields                                                              */
/* ------------------------------------------------------------------ */

enum {
	IX_F_TITLE = 0,
	IX_F_AUTHORS,
	IX_F_META,
	IX_F_PREVIEW,
	IX_F_BODY,
	IX_F_REFS,
	IX_NFIELDS
};
#define IX_MASK(f) (1u << (f))
#define IX_MASK_ALL 0x3Fu
/* What a viewer who may not open a paper sees: every field but the body. */
#define IX_MASK_PUBLIC (IX_MASK_ALL & ~IX_MASK(IX_F_BODY))

/* The format of the rows and records (meta "format"): a reader or writer
 * meeting another fails with QUIRE_ESTORE asking for a reindex.  3: fixed
 * width positions in chunks (ix_pos); 4: and the pairs of neighbouring
 * words of which one is common as terms (ixtok.h), which phrases are
 * looked up by. */
#define IX_FORMAT 4
#define IX_BLOCK 128        /* postings per block */
#define IX_ROWS_MAX 12      /* rows per term, at most, after a flush */
#define IX_PREFIX_TERMS 64  /* a prefix expands to this many terms, at most
			       (the most frequent) */
#define IX_VOCAB_SCAN 20000 /* terms a prefix expansion looks at, at most */
#define IX_RERANK 100       /* candidates the proximity rerank looks at */
#define IX_DROP_MIN 4096    /* a merge of this many postings or more drops
			       removed documents' postings (smaller ones
			       keep them: no read of the live set) */

/* ------------------------------------------------------------------ */
/* Storage                                                             */
/* ------------------------------------------------------------------ */

/* One postings row (its docs part).  docs points to storage memory valid
 * only during the callback that receives it; NULL (length 0) when not
 * asked for. */
typedef struct ix_row {
	int64_t seg;
	uint32_t n; /* postings in the row */
	const void *docs;
	size_t docs_len;
} ix_row;

/* Callbacks get the caller's u; they return 0 to go on, non-zero to stop
 * the scan (the scan function then returns 0: stopping is not an error). */
typedef int (*ix_row_fn)(void *u, const ix_row *row);
typedef int (*ix_term_fn)(void *u, const char *term, size_t n, uint64_t postings);
typedef int (*ix_rec_fn)(void *u, uint32_t doc, const void *rec, size_t len);
/* A chunk of a row's positions: blk is the row's block where it begins. */
typedef int (*ix_chunk_fn)(void *u, uint32_t blk, const void *data, size_t len);

/*
 * The storage.  Every function returns 0 on success and -1 on a failure
 * (errmsg then says what).  ix never calls an io function from inside a
 * callback of a scan of the same function.  Terms are byte strings (UTF-8,
 * no NUL), rows are ordered by (term, seg) with terms compared as bytes
 * (memcmp, then length).  A row's positions are kept apart, in chunks (a
 * few blocks' positions each, keyed by the row's block where the chunk
 * begins), so a query reads only the chunks it needs.
 */
typedef struct ix_io {
	void *ctx;
	/* Every row of term, seg ascending, with its docs. */
	int (*post_rows)(void *ctx, const char *term, size_t n, ix_row_fn cb,
			 void *u);
	/* The rows of term, seg ascending, with seg and n only (docs NULL). */
	int (*post_list)(void *ctx, const char *term, size_t n, ix_row_fn cb,
			 void *u);
	/* Row (term, seg) with its docs: cb once; not called when there is
	 * no such row. */
	int (*post_get)(void *ctx, const char *term, size_t n, int64_t seg,
			ix_row_fn cb, void *u);
	/* Writes row (term, row->seg), replacing one there. */
	int (*post_put)(void *ctx, const char *term, size_t n, const ix_row *row);
	/* Deletes row (term, seg) and its positions' chunks. */
	int (*post_del)(void *ctx, const char *term, size_t n, int64_t seg);
	/* Writes the chunk of row (term, seg)'s positions beginning at block
	 * blk, replacing one there. */
	int (*pos_put)(void *ctx, const char *term, size_t n, int64_t seg,
		       uint32_t blk, const void *data, size_t len);
	/* The chunk beginning at block blk: cb once; not called when there is
	 * none. */
	int (*pos_get)(void *ctx, const char *term, size_t n, int64_t seg,
		       uint32_t blk, ix_chunk_fn cb, void *u);
	/* Every chunk of row (term, seg), blk ascending. */
	int (*pos_scan)(void *ctx, const char *term, size_t n, int64_t seg,
			ix_chunk_fn cb, void *u);
	/* Terms that begin with prefix[0..pn) (pn 0: every term), strictly
	 * after after[0..an) when an > 0, in byte order, each once with the
	 * sum of its rows' n. */
	int (*vocab)(void *ctx, const char *prefix, size_t pn, const char *after,
		     size_t an, ix_term_fn cb, void *u);
	int (*doc_put)(void *ctx, uint32_t doc, const void *rec, size_t len);
	int (*doc_del)(void *ctx, uint32_t doc);
	/* Records of docs > after, docid ascending. */
	int (*doc_scan)(void *ctx, uint32_t after, ix_rec_fn cb, void *u);
	/* *v gets the value of key: 0; 1 when the key is absent (*v = 0). */
	int (*meta_get)(void *ctx, const char *key, int64_t *v);
	int (*meta_put)(void *ctx, const char *key, int64_t v);
	/* The last failure, for a person. */
	const char *(*errmsg)(void *ctx);
} ix_io;

/* ------------------------------------------------------------------ */
/* Writing                                                             */
/* ------------------------------------------------------------------ */

/* A document to add: each field's text (NULL or length 0: empty). */
typedef struct ix_fields {
	const char *text[IX_NFIELDS];
	size_t len[IX_NFIELDS];
} ix_fields;

typedef struct ix_writer ix_writer;

/*
 * A writer over io (the pointer is kept: io must outlive the writer).
 * budget: bytes of buffered postings after which ix_writer_add flushes
 * on its own (0: 64 MB).  Use: inside the caller's write transaction,
 * add / remove / set_blob, then ix_writer_flush before COMMIT; after a
 * ROLLBACK, ix_writer_discard.  A writer may live across transactions
 * (it keeps what it learnt of the index while the generation is its own).
 * NULL when out of memory.
 */
ix_writer *ix_writer_new(const ix_io *io, size_t budget);
void ix_writer_free(ix_writer *w);

/* Tokenizes and buffers a document; writes its record.  *doc gets its
 * new docid.  The texts and blob are not kept after the call. */
quire_status ix_writer_add(ix_writer *w, int64_t rowid, const ix_fields *f,
			   const void *blob, size_t blob_len, uint32_t *doc,
			   quire_error *err);

/* Removes document doc (its record; postings die with it).  Removing a
 * docid that is not there is not an error. */
quire_status ix_writer_remove(ix_writer *w, uint32_t doc, quire_error *err);

/* Replaces document doc's caller blob (an edit of its attributes, no
 * re-tokenizing).  QUIRE_ENOTFOUND when doc is not there. */
quire_status ix_writer_set_blob(ix_writer *w, uint32_t doc, const void *blob,
				size_t blob_len, quire_error *err);

/* Writes the buffered postings (one new row per term, then the merge
 * policy: while a term's newest row's older neighbour holds no more
 * postings than the newest (merged so far), or the term has more than
 * IX_ROWS_MAX rows, the two are merged, dropping removed documents'
 * postings when the merge holds IX_DROP_MIN postings or more: a binary
 * counter, each posting rewritten about log2 of the term's postings over
 * a batch's times) and bumps the generation.  Call before COMMIT of any
 * transaction that changed the index. */
quire_status ix_writer_flush(ix_writer *w, quire_error *err);

/*
 * A bulk load (a rebuild): between ix_writer_bulk_begin and
 * ix_writer_bulk_end, a flush writes its terms' postings, in term order,
 * as one run to a temporary file instead of rows (in directory dir, the
 * library's, when given: disk space about the size of the postings, as
 * SQLite's own sorts and VACUUM take, and /tmp may be memory; an unnamed
 * file, O_TMPFILE, else one unlinked at once; dir NULL or unusable:
 * tmpfile());
 * ix_writer_bulk_end flushes, then merges the runs term by term and
 * writes each term's postings of the whole load as one row.  Each posting
 * is written to the index once (flushes rewrite it about log2 of the
 * flushes times) and a term ends with one row; a term's rows are not
 * looked up at all when the index was empty at bulk_begin.  Memory: a
 * flush's buffer, the field lengths of the load's documents (24 bytes
 * each), at the end the largest term's postings (as a merge).
 * Until bulk_end the load's postings are not in the index (documents are):
 * call both, and every add between, inside one write transaction, with
 * no other writer adding to the index meanwhile (ix_writer_add fails with
 * QUIRE_EUSAGE when the docids stop following each other).  When no
 * temporary file can be made, the flushes merge as usual.  bulk_begin
 * while in one, or bulk_end outside one, does nothing;
 * ix_writer_discard ends a bulk load, forgetting its runs.
 */
quire_status ix_writer_bulk_begin(ix_writer *w, const char *dir, quire_error *err);
quire_status ix_writer_bulk_end(ix_writer *w, quire_error *err);

/* Forgets the buffer and what the writer learnt (after a ROLLBACK). */
void ix_writer_discard(ix_writer *w);

/* Bytes buffered now. */
size_t ix_writer_buffered(const ix_writer *w);

/* ------------------------------------------------------------------ */
/* Reading                                                             */
/* ------------------------------------------------------------------ */

/* A document as the reader holds it. */
typedef struct ix_doc {
	int64_t rowid;
	uint32_t len[IX_NFIELDS]; /* words per field */
	const void *blob;         /* the caller blob, in the reader's memory */
	size_t blob_len;
} ix_doc;

typedef struct ix_reader ix_reader;

/* A reader over io (kept: io must outlive it); empty until the first
 * ix_reader_refresh.  NULL when out of memory. */
ix_reader *ix_reader_new(const ix_io *io);
void ix_reader_free(ix_reader *r);

/* (A reader also keeps the rows of the large terms its searches read,
 * up to 32 MB, until the generation changes: common words are read from
 * storage once.) */

/* Brings the document table up to date: one meta read when the
 * generation did not change; the new documents, and the removed or edited
 * ones (up to 64 changes since the last refresh: a log in the meta), when
 * that is what changed; the whole table otherwise (100,000 documents:
 * tens of ms).  Call at the start of each search, inside the read
 * transaction. */
quire_status ix_reader_refresh(ix_reader *r, quire_error *err);

/* The storage the reader was made with. */
const ix_io *ix_reader_io(const ix_reader *r);

/* Live documents, and the highest docid ever seen (0: none). */
size_t ix_reader_count(const ix_reader *r);
uint32_t ix_reader_max_doc(const ix_reader *r);
/* The generation of removals and changed records the reader last read
 * (the meta "rmgen"; -1 before its first refresh): when a refresh leaves
 * it as it was, documents were only added. */
int64_t ix_reader_rmgen(const ix_reader *r);

/* The most changes a refresh reads from the change log (more: the whole
 * table is read). */
#define IX_CHANGES_MAX 64

/* A document the last refresh read again from the change log: removed
 * (ix_reader_doc gives NULL now) or its record written again; rowid is its
 * record's, from before the change when it was removed. */
typedef struct ix_change {
	uint32_t doc;
	int64_t rowid;
} ix_change;

/* How the last ix_reader_refresh brought the table forward: 1 when it
 * started from the table the reader held and changed only what changed
 * (nothing, the new documents, and the n logged changes *v, valid until
 * the next refresh: a caller keeping its own table by rowid updates those
 * rows and reads the new ones; n <= IX_CHANGES_MAX); 0 when it read the
 * whole table (the first load, more changes than the log holds, a refresh
 * that failed before). */
int ix_reader_changes(const ix_reader *r, const ix_change **v, size_t *n);

/* Document doc, or NULL when it is not alive.  Valid until the next
 * refresh. */
const ix_doc *ix_reader_doc(const ix_reader *r, uint32_t doc);

/* Asks the CPU for the records of docs[0..n) (as a block of postings is
 * decoded: they are read in turn while it is walked); no effect else. */
void ix_reader_prefetch(const ix_reader *r, const uint32_t *docs, size_t n);

/* The live docid of rowid (a linear scan of the table), or 0. */
uint32_t ix_reader_find(const ix_reader *r, int64_t rowid);

/* Average words per field over live documents (1.0 when none). */
double ix_reader_avg(const ix_reader *r, int field);

/* The document frequency of term t[0..n) (postings stored, at most N;
 * see the model above); 0 when absent or on failure. */
uint64_t ix_df(ix_reader *r, const char *t, size_t n);

/* Terms beginning with prefix[0..pn), in byte order, with their document
 * frequencies; at most max terms looked at (0: IX_VOCAB_SCAN).  cb returns
 * non-zero to stop. */
quire_status ix_vocab(ix_reader *r, const char *prefix, size_t pn, size_t max,
		      ix_term_fn cb, void *u, quire_error *err);

/* ------------------------------------------------------------------ */
/* Queries                                                             */
/* ------------------------------------------------------------------ */

/*
 * A query is a tree of ix_q nodes made in the caller's arena.  Leaves
 * (they score): TERM (one term), PREFIX (the up to IX_PREFIX_TERMS most
 * frequent terms beginning with it, one leaf whose tf is the sum of
 * theirs, as FTS5 scores a prefix), PHRASE (terms at consecutive
 * positions in one field; hyphenated wholes are colocated, so "sino
 * soviet" finds "Sino-Soviet"; its last term may be a PREFIX).  Each leaf
 * has a field mask (IX_MASK_*): it matches only in those fields.
 * Inner nodes: AND (every kid), OR (any kid), NOT (the first kid and none
 * of the others; the others never score).  Nesting is the caller's: keep
 * it bounded (query.h's parser does); ix walks trees with recursion of
 * that depth.
 *
 * Every constructor returns NULL when out of memory (arena) or, for the
 * text and term leaves, when there is nothing to search (no term).
 */
typedef struct ix_q ix_q;

/* A leaf for one term as stored (already folded and stemmed). */
ix_q *ix_q_term(quire_arena *a, const char *term, size_t n, unsigned fields);

/* A leaf for what a person typed as one word or phrase: tokenized with
 * t (no wholes): one term gives a TERM, several a PHRASE.  prefix: the
 * last word is a beginning (folded, not stemmed: both the folded and the
 * stemmed form are expanded). */
ix_q *ix_q_text(ixtok *t, quire_arena *a, const char *text, size_t n,
		unsigned fields, int prefix);
/* (A PHRASE looks its words up as the index holds them: each pair of
 * neighbours of which one is a common word as one pair term, the words no
 * pair covers alone; "is the number" is the pairs "is the" and "the
 * number" at word offsets 0 and 1.  Which documents match, and where, is unchanged; a
 * phrase's df is its rarest part's, so now a pair's.) */

/* A PREFIX leaf; p[0..n) is folded here (not stemmed). */
ix_q *ix_q_prefix(quire_arena *a, const char *p, size_t n, unsigned fields);

/* Inner nodes over kids[0..n) (NULL kids are skipped; one kid left is
 * returned as is; none: NULL). */
ix_q *ix_q_and(quire_arena *a, ix_q *const *kids, size_t n);
ix_q *ix_q_or(quire_arena *a, ix_q *const *kids, size_t n);
/* pos and none of neg[0..n) (NULL neg skipped; pos NULL: NULL). */
ix_q *ix_q_not(quire_arena *a, ix_q *pos, ix_q *const *neg, size_t n);

/*
 * base, ranked with a bonus: matches exactly what base matches; bonus
 * (say the words as a phrase, beside their AND) never decides a match and
 * scores only in the rerank: the best max(k, rerank) documents by the
 * rest of the score (as for the proximity bonus) get, where bonus matches
 * them, its leaves' BM25F part (+ coord each), then the proximity bonus.
 * A document then scores exactly as in OR(base, bonus) when bonus's
 * matches lie within base's (a phrase of base's ANDed words); what
 * changes is that the bonus cannot lift a document from beyond the best
 * max(k, rerank) into the answer, and that block-max pruning bounds base
 * alone (an OR's bound pays the bonus's coord in every block, which stops
 * pruning).  bonus NULL: base.  base NULL: NULL.
 */
ix_q *ix_q_boost(quire_arena *a, ix_q *base, ix_q *bonus);

/* A leaf (TERM, PREFIX, PHRASE) scored at w times its weight (its idf
 * scaled by w >= 0; default 1): the terms a search adds to a question
 * from its best answers count less than the question's own words.  Other
 * nodes, and w < 0, are left as they are.  Returns q. */
ix_q *ix_q_weight(ix_q *q, double w);

/* Leaves that score (TERM, PREFIX, PHRASE not under a NOT), in query
 * order (a boost's bonus after its base): the "words" of the proximity
 * bonus and of coordination. */
size_t ix_q_leaves(const ix_q *q);

/* ------------------------------------------------------------------ */
/* Ranking                                                             */
/* ------------------------------------------------------------------ */

/*
 * BM25F, as fts.c's quire_rank:
 *   tf~(l) = sum_f w_f tf_f(l) / (1 - b + b len_f / avg_f)
 *   score  = sum_l [ idf(l) tf~(l) (k1 + 1) / (k1 + tf~(l)) + coord ]
 *          + prox sum_i min(idf_i, idf_i+1) a_i / (1 + a_i)
 * over the query's scoring leaves l in the branches that match the
 * document (an AND's kids, those of an OR's kids that match, a NOT's
 * first kid: as FTS5 kept only the matching branches' phrase instances)
 * with tf~ > 0 in the fields the viewer may search; a PREFIX leaf's tf_f
 * is the sum of its terms' (a hyphenated whole counts beside its part);
 * idf(l) = ln(1 + (N - df + 0.5) /
 * (df + 0.5)) with N the live documents and df the term's (PREFIX: the sum
 * of its terms' dfs, PHRASE: the smallest of its terms', both capped at
 * N), and a_i the weighted count (w_f per place) of places where leaf i+1
 * begins right after leaf i ends in the same field (both leaves scoring
 * in the document; places of a leaf are distinct positions).  For a document the
 * viewer may open (accept 1), the preview's weight is w_preview_open (the
 * preview repeats the body).  The proximity term is added to the best
 * max(k, rerank) documents by the rest of the score only, which are then
 * sorted again: the answer is exactly that of scoring every match.
 */
typedef struct ix_params {
	double k1, b;
	double w[IX_NFIELDS];
	double w_preview_open;
	double prox;   /* 0: no proximity rerank */
	double coord;  /* per matching leaf: > 0 for the relaxed mode (an
			  OR of the words, most words first) */
	size_t rerank; /* 0: IX_RERANK */
} ix_params;

/* The defaults: k1 1.2, b 0.5, field weights title 3, authors 2, meta 1,
 * preview 1, body 0.5, references 0.3, proximity FTS_PROXIMITY, coord 0. */
void ix_params_default(ix_params *p);

/*
 * The caller's access rule and filters, per candidate document: 0 leaves
 * it out, 1 matches it on every field, 2 on the public fields only
 * (IX_MASK_PUBLIC: a NOT then also looks only there).  Called once per
 * candidate per pass, in docid order.
 */
typedef int (*ix_accept_fn)(void *u, uint32_t doc, const ix_doc *d);

typedef struct ix_hit {
	uint32_t doc;
	int64_t rowid;
	double score;
	int access;   /* what accept returned: 1 or 2 */
} ix_hit;

/*
 * The best k matches of q (score descending, then docid ascending) into
 * hits[0..k): *n gets how many.  accept NULL accepts everything with 1.
 * total (may be NULL) gets the exact number of matches.  Work: only the
 * documents whose block bounds, then whose own postings' bound, may still
 * enter the best max(k, rerank) are scored.  Without total, the others
 * are skipped unseen (a block at a time when the block's bound is too
 * low); with total, every candidate is matched (accept called once each,
 * a phrase's positions checked once) in the same one pass, and the bounds
 * decide only which matches are scored.
 */
quire_status ix_search(ix_reader *r, const ix_q *q, const ix_params *p,
		       ix_accept_fn accept, void *u, size_t k, ix_hit *hits,
		       size_t *n, uint64_t *total, quire_error *err);

/* Every match of q in docid order (score 0): cb(cu, hit) returns non-zero
 * to stop.  *count (may be NULL) gets the matches seen. */
quire_status ix_each(ix_reader *r, const ix_q *q, ix_accept_fn accept,
		     void *u, int (*cb)(void *cu, const ix_hit *h), void *cu,
		     uint64_t *count, quire_error *err);

/*
 * The positions (word numbers, as ixtok counts them from 0 per field) in
 * document doc where q's scoring leaves match, in the fields of mask:
 * cb(cu, leaf, field, pos, len) per place (leaf: index in query order;
 * len: words the leaf covers, a phrase's length), field by field, then
 * position ascending within a leaf.  Reads the positions of q's terms
 * (each term's rows once per call).
 */
quire_status ix_positions(ix_reader *r, const ix_q *q, uint32_t doc,
			  unsigned mask,
			  int (*cb)(void *cu, unsigned leaf, int field,
				    uint32_t pos, uint32_t len),
			  void *cu, quire_error *err);

/* ------------------------------------------------------------------ */
/* Checking                                                            */
/* ------------------------------------------------------------------ */

/* What ix_check found. */
typedef struct ix_check_report {
	uint64_t docs;      /* live documents */
	uint64_t terms;     /* distinct terms */
	uint64_t rows;      /* postings rows */
	uint64_t postings;  /* postings of live documents */
	uint64_t dead;      /* postings of removed documents */
	char problem[256];  /* the first problem found, "" when none */
} ix_check_report;

/*
 * Verifies the index: every document record decodes; every row decodes
 * (blocks, counts, lengths, bounds true of their postings, docids
 * increasing within and across a term's rows, positions within the field's
 * length); each live document's number of distinct terms matches its
 * postings.  When expect (n pairs of docid, rowid) is given, the live
 * documents must be exactly those.  Returns QUIRE_OK with rep->problem
 * empty when all is well, QUIRE_OK with rep->problem set when the index is
 * wrong, another status when the check could not run.
 */
quire_status ix_check(const ix_io *io, const uint32_t *expect_doc,
		      const int64_t *expect_rowid, size_t n,
		      ix_check_report *rep, quire_error *err);

#endif
