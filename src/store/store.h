/*
 * store.h — the store interface: where a library of papers is kept.
 *
 * The CLI and the web server talk to a library only through these calls;
 * which database is underneath (SQLite now, PostgreSQL later) is the
 * backend's business.  Every call that changes the library is atomic: it
 * happens whole or not at all.  Errors are returned, never printed.
 *
 * A paper's record holds: its readable id, the original file (name and
 * bytes, SHA-256 of the bytes), the analysis as the core's JSON (without
 * the text) and the normalised text, the analysed title/authors/year and the
 * person's edits of them (an edit wins, and survives re-analysis),
 * visibility, tags, owner and when it was added.
 *
 * Threads: a store_t is one connection to the library and is used by one
 * thread at a time.  A program with several threads (the web server) opens
 * one store_t per thread; they may all be open on the same library, and
 * readers go on while one of them writes.
 *
 * Ids are readable (ids.h): 7 characters such as "k7mx2qd".  Every call
 * that takes an id ignores case, hyphens and spaces in it; st_get() also
 * takes a unique prefix of at least 3 characters.
 *
 * Error messages name what failed ("adding paper: library is read-only");
 * like the core's, they hold no path: the caller, who knows it, adds it.
 */
#ifndef QUIRE_STORE_H
#define QUIRE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "quire.h"
#include "reuse.h"

typedef struct store store_t;

/* Who may open a paper's full text. */
typedef enum st_visibility {
	ST_PUBLIC = 0,  /* everyone */
	ST_MEMBERS = 1, /* signed-in users (the default) */
	ST_PRIVATE = 2  /* the owner and admins */
} st_visibility;

const char *st_visibility_name(st_visibility v);        /* "public" … */
int st_visibility_parse(const char *s, st_visibility *v); /* 0 on success */

/* How st_open() treats the path. */
typedef enum st_mode {
	ST_OPEN_EXISTING = 0, /* fail with QUIRE_ENOTFOUND if there is no library */
	ST_CREATE = 1,        /* create a new library; QUIRE_EEXIST if one is there */
	ST_READONLY = 2       /* existing library, read only */
} st_mode;

/* Opens (or creates) the library at path.  Applies pending schema
 * migrations.  A file that is not a quire library, or is corrupt, fails with
 * QUIRE_ESTORE and a message saying so; so does a library made by a newer
 * quire.  ST_CREATE accepts an empty file; ST_OPEN_EXISTING on a file or
 * directory this process may not write opens it read only, and a change
 * then fails with QUIRE_ESTORE "library is read-only". */
quire_status st_open(const char *path, st_mode mode, store_t **out,
		     quire_error *err);
void st_close(store_t *st);

/* A paper to add (all strings borrowed for the call). */
typedef struct st_new {
	const char *id;            /* NULL: the store makes a new readable id; else kept (import) */
	const char *filename;      /* base name of the original file */
	const unsigned char *file; /* original bytes */
	size_t file_len;
	const char *sha256;        /* hex digest of file (st_sha256_hex) */
	const char *format;        /* "text", "markdown", … */
	const char *analysis;      /* core JSON, without text */
	size_t analysis_len;
	const char *text;          /* normalised text */
	size_t text_len;
	const char *title;         /* analysed */
	const char *authors;       /* analysed, one per line ("" if none) */
	int year;                  /* analysed, 0 if unknown */
	size_t words;
	unsigned pages;
	st_visibility visibility;
	const char *const *tags;
	size_t n_tags;
	const char *owner;         /* NULL: none */
	int64_t added;             /* unix seconds; 0: now */
	/* edits, for import (NULL: not edited) */
	const char *edit_title;
	const char *edit_authors;  /* one per line */
	int edit_year;             /* 0: not edited */
	/* the public zone, for search (analysed; NULL: none) */
	const char *preview;       /* the preview: head, a blank line, tail */
	const char *refs;          /* reference entries, one per line */
	/* the fingerprints of text for the reuse index (reuse_winnow() of
	 * reuse_words() over text with the defaults); when fps_given is 0
	 * the store computes them from text itself */
	const reuse_fp *fps;
	size_t n_fps;
	int fps_given;
} st_new;

/* Adds a paper atomically; its id goes to id_out (at least 16 bytes; may
 * be NULL).  The same bytes already stored: QUIRE_EEXIST, and id_out gets
 * that paper's id.  An id given in p->id must have an id's shape (ids.h)
 * and be unused (else QUIRE_EUSAGE / QUIRE_EEXIST with id_out "").  The
 * SHA-256 is trusted to be that of the bytes (not recomputed).  Tags are
 * non-empty, at most 200 bytes, without control characters; duplicates
 * are stored once. */
quire_status st_add(store_t *st, const st_new *p, char *id_out,
		    quire_error *err);

/* A stored paper, as read back.  All memory belongs to the arena passed in. */
typedef struct st_paper {
	char id[16];
	const char *filename;
	const char *sha256;
	const char *format;
	int64_t added;
	const char *owner;          /* NULL if none */
	st_visibility visibility;
	const char *const *tags;
	size_t n_tags;
	const char *title;          /* effective: the edit if any, else analysed */
	const char *authors;        /* effective, one per line */
	int year;                   /* effective */
	const char *a_title;        /* as analysed */
	const char *a_authors;
	int a_year;
	const char *e_title;        /* the edits, NULL / 0 when not edited */
	const char *e_authors;
	int e_year;
	size_t words;
	unsigned pages;
	const char *analysis;       /* core JSON without text (only with ST_WITH_ANALYSIS) */
	size_t analysis_len;
	const char *text;           /* only with ST_WITH_TEXT */
	size_t text_len;
	const unsigned char *file;  /* only with ST_WITH_FILE */
	size_t file_len;
} st_paper;

#define ST_WITH_ANALYSIS 1u
#define ST_WITH_TEXT 2u
#define ST_WITH_FILE 4u

/*
 * Batches: between st_batch_begin() and st_batch_commit() every change
 * (st_add, st_edit, …) is a savepoint inside one transaction — a change
 * that fails is undone alone, and the batch's changes become durable
 * together at the commit.  One transaction for many papers writes each
 * index page once instead of once a paper (bulk adds are I/O-bound on the
 * indexes otherwise).  A caller that reports "added" must do so only after
 * st_batch_commit() returned QUIRE_OK; if the process dies before, the
 * whole batch is gone, and the library is as it was before the batch.
 */
quire_status st_batch_begin(store_t *st, quire_error *err);
quire_status st_batch_commit(store_t *st, quire_error *err);

/* Reads paper id (or the one paper whose id starts with it, given at
 * least 3 characters); QUIRE_ENOTFOUND when there is none, QUIRE_EUSAGE
 * when the prefix is shorter or names several papers.  Tags come sorted.
 * out->file / analysis / text stay NULL unless asked for with the flags. */
quire_status st_get(store_t *st, const char *id, unsigned with,
		    quire_arena *a, st_paper *out, quire_error *err);

typedef enum st_sort { ST_SORT_ADDED = 0, ST_SORT_TITLE, ST_SORT_WORDS } st_sort;

/* Calls fn for every paper in the order asked (no analysis/text/file
 * loaded); fn returning non-zero stops the walk.  Each st_paper lives in
 * an arena reset after fn returns (keep nothing of it).  Orders: ADDED by time added
 * (then the order of adding); TITLE by effective title, ignoring ASCII
 * case; WORDS by word count; ties in the order of adding; descending
 * reverses all of it.  The walk sees the library as it was when it began.
 * fn may call st_get() on the same store. */
quire_status st_list(store_t *st, st_sort sort, int descending,
		     int (*fn)(const st_paper *p, void *ctx), void *ctx,
		     quire_error *err);

/* Number of papers. */
quire_status st_count(store_t *st, size_t *n, quire_error *err);

/* A stamp of the library as this connection sees it: it differs from an
 * earlier stamp taken on the same store_t whenever the library was changed
 * in between, by this connection or by any other (another thread's,
 * another process's).  Cheap: no read of the papers.  Caches of what was
 * made from the library (the web's page cache) compare stamps. */
quire_status st_change_stamp(store_t *st, uint64_t stamp[2], quire_error *err);

/* What st_edit() changes; a NULL / 0 field is left as it is.  A string
 * field set to st_unedit (the object, not any "") removes the edit, so
 * the analysed value shows again (for owner: no owner); a negative year
 * removes the year's edit. */
typedef struct st_edit_req {
	const char *title;
	const char *authors;        /* one per line */
	int year;
	int visibility;             /* -1: unchanged */
	const char *const *tags;    /* replaces the tags when set_tags */
	size_t n_tags;
	int set_tags;
	const char *owner;
} st_edit_req;

/* The marker for st_edit_req's string fields that removes an edit. */
extern const char st_unedit[];

/* Applies req to paper id (a whole id) in one transaction;
 * QUIRE_ENOTFOUND if there is no such paper. */
quire_status st_edit(store_t *st, const char *id, const st_edit_req *req,
		     quire_error *err);

/* Replaces the analysis of a paper (re-analysis): from *analysis it takes
 * format, analysis, text, title, authors, year, words, pages, preview and
 * refs; the edits, tags, visibility, owner, time added and file stay. */
quire_status st_update_analysis(store_t *st, const char *id,
				const st_new *analysis, quire_error *err);

/* Removes a paper with its file and tags; QUIRE_ENOTFOUND if none. */
quire_status st_remove(store_t *st, const char *id, quire_error *err);

/* A consistent copy of the live library to path (SQLite online backup),
 * as one self-contained file, even while other connections write.  An
 * existing non-empty file at path: QUIRE_EEXIST (never overwritten). */
quire_status st_backup(store_t *st, const char *path, quire_error *err);

/* Library settings (key/value), e.g. "words_per_page".  A key never set
 * reads as *value == NULL with QUIRE_OK; setting NULL removes the key. */
quire_status st_setting_get(store_t *st, const char *key, quire_arena *a,
			    const char **value, quire_error *err);
quire_status st_setting_set(store_t *st, const char *key, const char *value,
			    quire_error *err);

/* Runs the database's own integrity check; QUIRE_ESTORE with the first
 * problem when it fails. */
quire_status st_check(store_t *st, quire_error *err);

/* Rebuilds the search index from the papers, in one transaction (the old
 * index stays until the new one is whole) and bounded memory; progress, if
 * not NULL, is called every 100 papers and at the end. */
quire_status st_reindex(store_t *st,
			void (*progress)(size_t done, size_t total, void *ctx),
			void *ctx, quire_error *err);

/* The schema version this program's migrations bring a library to. */
int st_schema_version(void);

/* Hex SHA-256 of p[0..n) into out (65 bytes). */
void st_sha256_hex(const unsigned char *p, size_t n, char out[65]);

/* ------------------------------------------------------------------ */
/* The fingerprint index of reused passages (reuse.h)                   */
/* ------------------------------------------------------------------ */

/*
 * Every paper's winnowed fingerprints (reuse_winnow() of its normalised
 * text) are kept in an index that changes with the paper in the same
 * transaction (st_add, st_update_analysis, st_remove).  A paper in the
 * index has a key, a number other than its id (hits name papers by it:
 * reuse_hit.source); st_fp_paper() reads the paper of a key.  Papers
 * added before the index existed are indexed when the library is
 * upgraded; papers indexed with another REUSE_HASH_VERSION count as not
 * indexed until st_fp_reindex().
 */

/* A hash found in more than this many places of the library is skipped
 * by st_fp_lookup() as boilerplate (a stock phrase, a licence) unless
 * the caller asks for another bound. */
#define ST_FP_MAX_HITS 50

/* The hits of a batch of hashes. */
typedef struct st_fp_hits {
	const uint64_t *hashes; /* the distinct hashes looked up, sorted */
	size_t n;
	const size_t *first;    /* hits of hashes[i]: hits[first[i] .. first[i+1]) */
	const reuse_hit *hits;  /* source: the paper's key; pos: the word */
	size_t n_hits;
	size_t skipped;         /* hashes left out as boilerplate */
} st_fp_hits;

/* Looks up hashes[0..n) (duplicates are looked up once) in one read
 * transaction: for each, its places in the library (paper key, word
 * position), or none when it has more than max_hits places (0:
 * ST_FP_MAX_HITS), which counts in out->skipped.  Memory from a. */
quire_status st_fp_lookup(store_t *st, const uint64_t *hashes, size_t n,
			  size_t max_hits, quire_arena *a, st_fp_hits *out,
			  quire_error *err);

/* The hits of one hash in h (NULL, *n = 0 when it has none): the shape
 * of reuse_lookup_fn. */
const reuse_hit *st_fp_hits_of(const st_fp_hits *h, uint64_t hash, size_t *n);

/* Reads the paper whose index key is key, as st_get() does (with the
 * ST_WITH_* flags); QUIRE_ENOTFOUND when no paper has it. */
quire_status st_fp_paper(store_t *st, int64_t key, unsigned with,
			 quire_arena *a, st_paper *out, quire_error *err);

/* The index key of paper id (a whole id); QUIRE_ENOTFOUND when the paper
 * is not indexed (or does not exist). */
quire_status st_fp_key(store_t *st, const char *id, int64_t *key,
		       quire_error *err);

/* How many papers are indexed with this quire's hashes, and how many are
 * not (missing or stale).  Either pointer may be NULL. */
quire_status st_fp_status(store_t *st, size_t *indexed, size_t *unindexed,
			  quire_error *err);

/* Indexes, from their stored text, the papers that are not indexed with
 * this quire's hashes (all: every paper), a few hundred papers per
 * transaction; *n_done (may be NULL) gets how many. */
quire_status st_fp_reindex(store_t *st, int all, size_t *n_done,
			   quire_error *err);

/* Calls fn for every indexed paper in key order with its id and number of
 * distinct fingerprint hashes; fn returning non-zero stops the walk. */
quire_status st_fp_papers(store_t *st,
			  int (*fn)(int64_t key, const char *id, size_t n_hashes,
				    void *ctx),
			  void *ctx, quire_error *err);

/* Streams the whole index grouped by hash, in one read transaction, in
 * constant memory: fn gets each hash found in 2 to max_papers distinct
 * papers (max_papers < 2: ST_FP_MAX_HITS) with those papers' keys in
 * increasing order; hashes in more papers are skipped as boilerplate.
 * fn returning non-zero stops the walk. */
quire_status st_fp_walk(store_t *st, size_t max_papers,
			int (*fn)(uint64_t hash, const int64_t *papers, size_t n,
				  void *ctx),
			void *ctx, quire_error *err);

/* ------------------------------------------------------------------ */
/* Accounts: users, tokens and sign-in attempts (the web's accounts;   */
/* the policy around them is src/web/auth.c).                          */
/* ------------------------------------------------------------------ */

/*
 * The store keeps what accounts need and decides nothing: no clock is read
 * here (every call that compares times takes `now`, unix seconds, so tests
 * set the clock), no password is hashed here (the caller hands in the
 * Argon2id string) and no token is kept in the clear (the caller hands in
 * the SHA-256 hex of the token, so a stolen library yields no live
 * session, invite or API token).
 *
 * User names: 1 to 64 bytes of ASCII letters, digits and . _ - @, compared
 * ignoring ASCII case ("Ada" and "ada" are one user).  Roles are the
 * strings "admin", "member" and "reader".  The last admin cannot be
 * removed, demoted or disabled (QUIRE_EUSAGE "… the last admin"), so a
 * library never locks itself out of its accounts page.
 */

typedef struct st_user {
	int64_t id;
	const char *name;
	const char *role;   /* "admin", "member" or "reader" */
	const char *pwhash; /* Argon2id string, NULL until an invite is accepted */
	int64_t created;    /* unix seconds */
	int disabled;
} st_user;

/* Non-zero when name is a valid user name (see above). */
int st_user_name_ok(const char *name);
/* Non-zero when role is "admin", "member" or "reader". */
int st_user_role_ok(const char *role);

/* Adds a user; pwhash may be NULL (an invited user who has not chosen a
 * password yet: they cannot sign in).  created 0: now.  QUIRE_EEXIST
 * when the name is taken (in any case), QUIRE_EUSAGE for a bad name or
 * role.  *id_out (may be NULL) gets the new user's id. */
quire_status st_user_add(store_t *st, const char *name, const char *role,
			 const char *pwhash, int64_t created, int64_t *id_out,
			 quire_error *err);

/* Reads a user by name (any case) when name is not NULL, else by id;
 * QUIRE_ENOTFOUND when there is none.  Strings live in arena a. */
quire_status st_user_get(store_t *st, const char *name, int64_t id,
			 quire_arena *a, st_user *out, quire_error *err);

/* Calls fn for every user, by name ignoring case; fn returning non-zero
 * stops the walk.  Each st_user lives until fn returns. */
quire_status st_user_list(store_t *st,
			  int (*fn)(const st_user *u, void *ctx), void *ctx,
			  quire_error *err);

/* Sets (or with NULL clears) the password hash of user id;
 * QUIRE_ENOTFOUND when there is none.  Sessions are not touched: the
 * caller revokes them (st_token_revoke_user) when it means to. */
quire_status st_user_set_password(store_t *st, int64_t id, const char *pwhash,
				  quire_error *err);

/* Changes the role of user id; QUIRE_ENOTFOUND, QUIRE_EUSAGE for a bad
 * role or for demoting the last admin. */
quire_status st_user_set_role(store_t *st, int64_t id, const char *role,
			      quire_error *err);

/* Disables (1) or enables (0) user id: a disabled user's tokens stop
 * working (st_token_check) and they cannot sign in. */
quire_status st_user_set_disabled(store_t *st, int64_t id, int disabled,
				  quire_error *err);

/* Removes user id and, with them, all their tokens (their papers keep
 * their owner's name).  QUIRE_ENOTFOUND, or QUIRE_EUSAGE for the last
 * admin. */
quire_status st_user_remove(store_t *st, int64_t id, quire_error *err);

/* Kinds of token. */
#define ST_TOKEN_SESSION "session" /* a signed-in browser */
#define ST_TOKEN_INVITE "invite"   /* one-time: sets the first password */
#define ST_TOKEN_RESET "reset"     /* one-time: sets a new password */
#define ST_TOKEN_API "api"         /* Authorization: Bearer */

typedef struct st_token {
	char kind[8];
	int64_t user_id;
	int64_t created;
	int64_t expires;   /* 0: never */
	int64_t last_used; /* 0: never */
	const char *label; /* NULL if none */
	const char *hash;  /* st_token_list only: the SHA-256 hex, by which
			    * its owner revokes it (the token cannot be
			    * made from it); NULL elsewhere */
} st_token;

/* Stores a token by its hash (SHA-256 hex of the token, 64 characters).
 * kind is one of ST_TOKEN_*; expires 0 means never; label may be NULL.
 * QUIRE_ENOTFOUND when user_id is no user, QUIRE_EEXIST when the hash is
 * there already, QUIRE_EUSAGE for a bad kind or hash. */
quire_status st_token_add(store_t *st, const char *hash, const char *kind,
			  int64_t user_id, int64_t created, int64_t expires,
			  const char *label, quire_error *err);

/* For one-time tokens (invite, reset): reads the token of this hash and
 * kind and deletes it in one transaction, so that taking it twice finds
 * nothing the second time, even when two requests race.  QUIRE_ENOTFOUND
 * when there is none, or it has expired (expires <= now; it is deleted
 * then too), or its user is disabled.  out may be NULL. */
quire_status st_token_take(store_t *st, const char *hash, const char *kind,
			   int64_t now, st_token *out, quire_error *err);

/* For sessions and API tokens: finds the token of this hash and kind that
 * has not expired (expires > now, or never) and whose user is not
 * disabled, and reads that user into *user (arena a).  QUIRE_ENOTFOUND
 * otherwise.  Notes last_used = now, at most once a minute per token so
 * that reading pages does not turn into a write each; that note is
 * bookkeeping, skipped on a read-only or busy library.  tok may be NULL. */
quire_status st_token_check(store_t *st, const char *hash, const char *kind,
			    int64_t now, quire_arena *a, st_token *tok,
			    st_user *user, quire_error *err);

/* Deletes the token of this hash (any kind); deleting one that is not
 * there is not an error. */
quire_status st_token_revoke(store_t *st, const char *hash, quire_error *err);

/* The live tokens of user id of this kind (NULL: every kind), newest
 * first, at most ST_TOKEN_LIST_MAX, in arena a (hash and label set).
 * Expired ones are left out. */
#define ST_TOKEN_LIST_MAX 1000
quire_status st_token_list(store_t *st, int64_t user_id, const char *kind,
			   int64_t now, quire_arena *a, st_token **out,
			   size_t *n, quire_error *err);

/* Deletes the token of this hash if it belongs to user id (the web's
 * "revoke" on a user's own tokens).  QUIRE_ENOTFOUND when there is no
 * such token of that user. */
quire_status st_token_revoke_own(store_t *st, const char *hash,
				 int64_t user_id, quire_error *err);

/* Deletes every token of user id of this kind (NULL: every kind). */
quire_status st_token_revoke_user(store_t *st, int64_t user_id,
				  const char *kind, quire_error *err);

/* Deletes every token that has expired (expires <= now); *n (may be NULL)
 * gets how many. */
quire_status st_token_purge_expired(store_t *st, int64_t now, size_t *n,
				    quire_error *err);

/* Sign-in attempts, for rate limiting.  They live in the library because
 * several server threads, and several processes, share it: a count kept
 * in one process's memory would let an attacker spread guesses over them
 * (and would forget everything on a restart).  key is e.g. "user:ada" or
 * "ip:192.0.2.1".  Noting also forgets attempts older than a day, so the
 * table stays small. */
quire_status st_login_attempt_note(store_t *st, const char *key, int64_t now,
				   quire_error *err);
/* Counts the attempts of key after since (at > since); *oldest (may be
 * NULL) gets the time of the earliest of them (0 when none). */
quire_status st_login_attempt_count(store_t *st, const char *key,
				    int64_t since, size_t *n, int64_t *oldest,
				    quire_error *err);
/* Forgets every attempt of key (a successful sign-in). */
quire_status st_login_attempt_clear(store_t *st, const char *key,
				    quire_error *err);

#endif
