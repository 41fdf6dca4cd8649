/*
 * cmd_admin.c — the commands that change or copy a library: edit, rm,
 * backup, export --all, import, check.
 *
 * Export format (version 1), a directory:
 *   DIR/library.json      {"format":"quire-export","version":1,
 *                          "settings":{key:value…},"papers":[ids in the
 *                          order they were added]}
 *   DIR/papers/ID.json    the `quire export ID` object (record + analysis,
 *                          text included: lossless)
 *   DIR/files/ID-NAME     the original bytes ('/' in NAME made '_')
 * Every byte of it is a function of the library, so export → import into
 * a new library → export gives an identical directory (a CLI test).
 *
 * Import is check-then-add.  The store has no transaction over several
 * papers, so import first reads and checks everything (every JSON parses
 * and rebuilds into a paper, every file's SHA-256 matches, no id or file is
 * already in the library or twice in the export) and only then adds,
 * re-reading one paper at a time so memory stays flat.  What remains
 * non-atomic: a failure during the add pass (disk full, the export changed
 * between the passes, another process adding the same file) — the papers
 * added so far are then removed again, best effort, and the error says so;
 * another process could see them for that moment.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "formats.h"
#include "search.h"

enum { OPT_TITLE = 256, OPT_AUTHOR, OPT_YEAR, OPT_VIS, OPT_TAG, OPT_CLEAR, OPT_OWNER };

/* Settings an export carries (the store has no "list settings" call). */
static const char *const export_settings[] = {"words_per_page"};
#define N_EXPORT_SETTINGS (sizeof export_settings / sizeof export_settings[0])

/* ---- edit -------------------------------------------------------------- */

int cmd_edit(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"title", required_argument, NULL, OPT_TITLE},
		{"author", required_argument, NULL, OPT_AUTHOR},
		{"year", required_argument, NULL, OPT_YEAR},
		{"visibility", required_argument, NULL, OPT_VIS},
		{"tag", required_argument, NULL, OPT_TAG},
		{"clear-tags", no_argument, NULL, OPT_CLEAR},
		{"owner", required_argument, NULL, OPT_OWNER},
		{NULL, 0, NULL, 0}};
	st_edit_req req;
	memset(&req, 0, sizeof req);
	req.visibility = -1;
	buf_t authors = BUF_INIT;
	int n_authors = 0, clear = 0, c, rc;
	unsigned long long year;
	const char **newtags = calloc((size_t)argc, sizeof *newtags);
	size_t n_new = 0;
	if (!newtags) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_LIBRARY;
	}
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		st_visibility v;
		switch (c) {
		case OPT_TITLE: req.title = optarg; break;
		case OPT_AUTHOR:
			if (strchr(optarg, '\n') || !*optarg) {
				rc = cli_usage_error("edit", "bad --author");
				goto out;
			}
			if (n_authors++)
				buf_putc(&authors, '\n');
			buf_puts(&authors, optarg);
			break;
		case OPT_YEAR:
			if (cli_parse_uint(optarg, 9999, &year) != 0 || !year) {
				rc = cli_usage_error("edit",
					"--year wants a year such as 1998, not '%s'",
					optarg);
				goto out;
			}
			req.year = (int)year;
			break;
		case OPT_VIS:
			if (st_visibility_parse(optarg, &v) != 0) {
				rc = cli_usage_error("edit",
					"visibility must be public, members or private, not '%s'",
					optarg);
				goto out;
			}
			req.visibility = (int)v;
			break;
		case OPT_TAG:
			if (!*optarg) {
				rc = cli_usage_error("edit", "empty tag");
				goto out;
			}
			newtags[n_new++] = optarg;
			break;
		case OPT_CLEAR: clear = 1; break;
		case OPT_OWNER: req.owner = *optarg ? optarg : st_unedit; break;
		default:
			rc = cli_bad_option("edit", c, argv);
			goto out;
		}
	}
	if (optind >= argc) {
		rc = cli_usage_error("edit", "no ID given");
		goto out;
	}
	if (optind + 1 < argc) {
		rc = cli_usage_error("edit", "one ID only");
		goto out;
	}
	if (!req.title && !n_authors && !req.year && req.visibility < 0 &&
	    !n_new && !clear && !req.owner) {
		rc = cli_usage_error("edit", "nothing to change");
		goto out;
	}
	if (buf_failed(&authors)) {
		cli_error(NULL, "out of memory");
		rc = CLI_EXIT_LIBRARY;
		goto out;
	}
	if (n_authors)
		req.authors = authors.p;
	const char *id = argv[optind];
	store_t *st;
	rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc)
		goto out;
	quire_arena *a = quire_arena_new(0);
	const char **tags = NULL;
	st_paper sp;
	rc = a ? cli_get(st, id, 0, a, &sp) : CLI_EXIT_LIBRARY;
	if (!rc && (clear || n_new)) {
		/* --tag adds to the tags there are; --clear-tags starts empty. */
		size_t have = clear ? 0 : sp.n_tags, k = 0;
		tags = calloc(have + n_new + 1, sizeof *tags);
		if (!tags) {
			rc = CLI_EXIT_LIBRARY;
		} else {
			for (size_t i = 0; i < have; i++)
				tags[k++] = sp.tags[i];
			for (size_t i = 0; i < n_new; i++) {
				size_t j = 0;
				while (j < k && strcmp(tags[j], newtags[i]) != 0)
					j++;
				if (j == k)
					tags[k++] = newtags[i];
			}
			req.tags = tags;
			req.n_tags = k;
			req.set_tags = 1;
		}
	}
	if (!rc) {
		quire_error err = {0};
		quire_status s = st_edit(st, sp.id, &req, &err);
		if (s) {
			cli_error(id, "%s", err.msg[0] ? err.msg
						       : quire_status_str(s));
			rc = s == QUIRE_ENOTFOUND ? CLI_EXIT_NOTFOUND
			   : s == QUIRE_EUSAGE ? CLI_EXIT_USAGE
					       : CLI_EXIT_LIBRARY;
		} else {
			printf("updated %s\n", sp.id);
		}
	}
	free(tags);
	quire_arena_free(a);
	st_close(st);
out:
	free(newtags);
	buf_free(&authors);
	return rc;
}

/* ---- rm ------------------------------------------------------------------ */

int cmd_rm(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {{NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1)
		return cli_bad_option("rm", c, argv);
	if (optind >= argc)
		return cli_usage_error("rm", "no ID given");
	store_t *st;
	int rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc)
		return rc;
	for (int i = optind; i < argc; i++) {
		quire_error err = {0};
		quire_status s = st_remove(st, argv[i], &err);
		if (s == QUIRE_OK) {
			printf("removed %s\n", argv[i]);
			continue;
		}
		if (s == QUIRE_ENOTFOUND) {
			cli_error(argv[i], "no such paper");
			if (!rc)
				rc = CLI_EXIT_NOTFOUND;
		} else {
			cli_error(argv[i], "%s", err.msg[0] ? err.msg
							    : quire_status_str(s));
			rc = CLI_EXIT_LIBRARY;
			break;
		}
	}
	st_close(st);
	return rc;
}

/* ---- backup, check ----------------------------------------------------- */

int cmd_backup(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {{NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1)
		return cli_bad_option("backup", c, argv);
	if (optind + 1 != argc)
		return cli_usage_error("backup", "give one FILE");
	const char *to = argv[optind];
	struct stat sb;
	if (lstat(to, &sb) == 0) {
		cli_error(to, "already exists; quire backup writes a new file");
		return CLI_EXIT_INPUT;
	}
	store_t *st;
	int rc = cli_open(ctx, ST_READONLY, &st);
	if (rc)
		return rc;
	quire_error err = {0};
	quire_status s = st_backup(st, to, &err);
	size_t n = 0;
	if (s == QUIRE_OK)
		s = st_count(st, &n, &err);
	if (s) {
		cli_error(to, "%s", err.msg[0] ? err.msg : quire_status_str(s));
		rc = CLI_EXIT_LIBRARY;
	} else {
		char cnt[32];
		printf("backed up %s paper%s to %s\n",
		       quire_format_count(n, cnt, sizeof cnt), n == 1 ? "" : "s",
		       to);
	}
	st_close(st);
	return rc;
}

int cmd_check(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {{NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1)
		return cli_bad_option("check", c, argv);
	if (optind < argc)
		return cli_usage_error("check", "unexpected argument '%s'",
				       argv[optind]);
	store_t *st;
	int rc = cli_open(ctx, ST_READONLY, &st);
	if (rc)
		return rc;
	quire_error err = {0};
	size_t n = 0;
	quire_status s = st_check(st, &err);
	if (s == QUIRE_OK)
		s = st_count(st, &n, &err);
	if (s) {
		char path[4096];
		cli_library_path(ctx->library, path, sizeof path);
		cli_error(path, "%s", err.msg[0] ? err.msg : quire_status_str(s));
		rc = CLI_EXIT_LIBRARY;
	} else {
		char cnt[32];
		printf("library OK: %s paper%s\n",
		       quire_format_count(n, cnt, sizeof cnt), n == 1 ? "" : "s");
	}
	st_close(st);
	return rc;
}

/* ---- files ------------------------------------------------------------- */

/* Writes p[0..n) to a new file at path (never over an existing one). */
static int write_new_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0) {
		cli_error(path, "cannot create: %s", strerror(errno));
		return -1;
	}
	const char *q = p;
	while (n > 0) {
		ssize_t w = write(fd, q, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			cli_error(path, "cannot write: %s", strerror(errno));
			close(fd);
			return -1;
		}
		q += w;
		n -= (size_t)w;
	}
	if (close(fd) != 0) {
		cli_error(path, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* The name of a paper's original file inside DIR/files. */
static void file_name(buf_t *b, const char *dir, const char *id,
		      const char *filename)
{
	buf_printf(b, "%s/files/%s-", dir, id);
	const char *f = filename && *filename ? filename : "file";
	for (; *f; f++)
		buf_putc(b, *f == '/' ? '_' : *f);
}

/* ---- export --all ------------------------------------------------------- */

typedef struct idlist {
	char **v;
	char **sha;
	size_t n, cap;
	int failed;
} idlist;

static int collect(const st_paper *p, void *arg)
{
	idlist *L = arg;
	if (L->n == L->cap) {
		size_t cap = L->cap ? L->cap * 2 : 64;
		char **v = realloc(L->v, cap * sizeof *v);
		if (v)
			L->v = v;
		char **s = realloc(L->sha, cap * sizeof *s);
		if (s)
			L->sha = s;
		if (!v || !s) {
			L->failed = 1;
			return 1;
		}
		L->cap = cap;
	}
	L->v[L->n] = strdup(p->id);
	L->sha[L->n] = strdup(p->sha256 ? p->sha256 : "");
	if (!L->v[L->n] || !L->sha[L->n]) {
		free(L->v[L->n]);
		free(L->sha[L->n]);
		L->failed = 1;
		return 1;
	}
	L->n++;
	return 0;
}

static void idlist_free(idlist *L)
{
	for (size_t i = 0; i < L->n; i++) {
		free(L->v[i]);
		free(L->sha[i]);
	}
	free(L->v);
	free(L->sha);
}

/* Lists every paper (id and sha256) in the order added. */
static int list_all(store_t *st, idlist *L)
{
	quire_error err = {0};
	quire_status s = st_list(st, ST_SORT_ADDED, 0, collect, L, &err);
	if (L->failed) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_LIBRARY;
	}
	if (s) {
		cli_error(NULL, "%s", err.msg[0] ? err.msg : quire_status_str(s));
		return CLI_EXIT_LIBRARY;
	}
	return 0;
}

/* Makes dir (or accepts an empty existing one) with papers/ and files/. */
static int make_export_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (d) {
		struct dirent *e;
		int empty = 1;
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				empty = 0;
		closedir(d);
		if (!empty) {
			cli_error(dir, "is not empty; export --all wants a new "
				       "or empty directory");
			return CLI_EXIT_INPUT;
		}
	} else if (mkdir(dir, 0777) != 0) {
		cli_error(dir, "cannot create: %s", strerror(errno));
		return CLI_EXIT_INPUT;
	}
	buf_t b = BUF_INIT;
	int rc = 0;
	buf_printf(&b, "%s/papers", dir);
	if (!buf_failed(&b) && mkdir(b.p, 0777) != 0) {
		cli_error(b.p, "cannot create: %s", strerror(errno));
		rc = CLI_EXIT_INPUT;
	}
	buf_reset(&b);
	buf_printf(&b, "%s/files", dir);
	if (!rc && !buf_failed(&b) && mkdir(b.p, 0777) != 0) {
		cli_error(b.p, "cannot create: %s", strerror(errno));
		rc = CLI_EXIT_INPUT;
	}
	buf_free(&b);
	return rc;
}

int cli_export_all(cli_ctx *ctx, const char *dir)
{
	store_t *st;
	int rc = cli_open(ctx, ST_READONLY, &st);
	if (rc)
		return rc;
	idlist L = {NULL, NULL, 0, 0, 0};
	rc = list_all(st, &L);
	if (!rc)
		rc = make_export_dir(dir);
	buf_t b = BUF_INIT, path = BUF_INIT;
	for (size_t i = 0; i < L.n && !rc; i++) {
		quire_arena *a = quire_arena_new(0);
		st_paper sp;
		quire_paper *p;
		rc = a ? cli_get(st, L.v[i],
				 ST_WITH_ANALYSIS | ST_WITH_TEXT | ST_WITH_FILE,
				 a, &sp)
		       : CLI_EXIT_LIBRARY;
		if (!rc)
			rc = cli_paper_of(&sp, a, &p);
		if (!rc)
			rc = cli_export_json(&b, &sp, p, 1, a);
		buf_putc(&b, '\n');
		buf_reset(&path);
		buf_printf(&path, "%s/papers/%s.json", dir, sp.id);
		if (!rc && (buf_failed(&b) || buf_failed(&path)))
			rc = CLI_EXIT_LIBRARY;
		if (!rc && write_new_file(path.p, b.p, b.len) != 0)
			rc = CLI_EXIT_INPUT;
		buf_reset(&path);
		file_name(&path, dir, sp.id, sp.filename);
		if (!rc && buf_failed(&path))
			rc = CLI_EXIT_LIBRARY;
		if (!rc && write_new_file(path.p, sp.file, sp.file_len) != 0)
			rc = CLI_EXIT_INPUT;
		buf_reset(&b);
		quire_arena_free(a);
	}
	if (!rc) {
		/* library.json */
		int n = 0, m = 0;
		quire_arena *a = quire_arena_new(0);
		buf_putc(&b, '{');
		cli_json_str(&b, &n, "format", "quire-export");
		cli_json_int(&b, &n, "version", 1);
		cli_json_key(&b, &n, "settings");
		buf_putc(&b, '{');
		for (size_t i = 0; a && i < N_EXPORT_SETTINGS; i++) {
			const char *v = NULL;
			quire_error err = {0};
			if (st_setting_get(st, export_settings[i], a, &v, &err) ==
				    QUIRE_OK && v)
				cli_json_str(&b, &m, export_settings[i], v);
		}
		buf_putc(&b, '}');
		cli_json_key(&b, &n, "papers");
		buf_putc(&b, '[');
		for (size_t i = 0; i < L.n; i++) {
			buf_puts(&b, i ? ",\n" : "\n");
			buf_json_str(&b, L.v[i], strlen(L.v[i]));
		}
		buf_puts(&b, L.n ? "\n]}\n" : "]}\n");
		quire_arena_free(a);
		buf_reset(&path);
		buf_printf(&path, "%s/library.json", dir);
		if (!a || buf_failed(&b) || buf_failed(&path))
			rc = CLI_EXIT_LIBRARY;
		else if (write_new_file(path.p, b.p, b.len) != 0)
			rc = CLI_EXIT_INPUT;
	}
	if (!rc) {
		char cnt[32];
		printf("exported %s paper%s to %s\n",
		       quire_format_count(L.n, cnt, sizeof cnt),
		       L.n == 1 ? "" : "s", dir);
	}
	buf_free(&b);
	buf_free(&path);
	idlist_free(&L);
	st_close(st);
	return rc;
}

/* ---- import ----------------------------------------------------------- */

/* One paper of an export, read and checked, ready for st_add(). */
typedef struct prepared {
	quire_arena *a;
	json_t *root;          /* the paper's JSON (owns the record strings) */
	unsigned char *file;   /* original bytes (malloc'ed) */
	size_t file_len;
	st_new nw;
	const char *tags[256];
	char *edit_authors;    /* malloc'ed */
	char sha[65];
} prepared;

static void prepared_free(prepared *p)
{
	quire_arena_free(p->a);
	json_decref(p->root);
	free(p->file);
	free(p->edit_authors);
	memset(p, 0, sizeof *p);
}

/* A string member of obj, or NULL when absent or null; *bad set when it is
 * present with another type. */
static const char *jstr(json_t *obj, const char *key, int *bad)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = 1;
		return NULL;
	}
	return json_string_value(v);
}

/* Joins a JSON array of strings with '\n' (malloc'ed); NULL for null. */
static int jlines(json_t *v, char **out)
{
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return -1;
	buf_t b = BUF_INIT;
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			buf_free(&b);
			return -1;
		}
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, json_string_value(e));
	}
	if (buf_failed(&b)) {
		buf_free(&b);
		return -1;
	}
	*out = buf_detach(&b, NULL);
	return 0;
}

/* Reads DIR/papers/ID.json and its file and checks them; fills *pp.  The
 * message of a failure goes to err (no file name). */
static int prepare(const char *dir, const char *id, prepared *pp,
		   buf_t *path, quire_error *err)
{
	static const char *const record_keys[] = {
		"id", "filename", "sha256", "added", "visibility", "tags",
		"owner", "edits"};
	json_error_t je;
	int bad = 0;
	memset(pp, 0, sizeof *pp);
	pp->a = quire_arena_new(0);
	if (!pp->a)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	buf_reset(path);
	buf_printf(path, "%s/papers/%s.json", dir, id);
	if (buf_failed(path))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	pp->root = json_load_file(path->p, JSON_REJECT_DUPLICATES, &je);
	if (!pp->root || !json_is_object(pp->root))
		return quire_error_set(err, QUIRE_EINPUT, "%s: %s", path->p,
				       pp->root ? "not a JSON object" : je.text);
	json_t *r = pp->root;
	const char *jid = jstr(r, "id", &bad);
	const char *filename = jstr(r, "filename", &bad);
	const char *sha = jstr(r, "sha256", &bad);
	const char *added = jstr(r, "added", &bad);
	const char *vis = jstr(r, "visibility", &bad);
	const char *owner = jstr(r, "owner", &bad);
	json_t *tags = json_object_get(r, "tags");
	json_t *edits = json_object_get(r, "edits");
	if (bad || !jid || !filename || !sha || !added || !vis)
		return quire_error_set(err, QUIRE_EINPUT,
			"%s: id, filename, sha256, added or visibility missing or not a string",
			path->p);
	if (strcmp(jid, id) != 0)
		return quire_error_set(err, QUIRE_EINPUT,
				       "%s: holds paper %s", path->p, jid);
	st_new *nw = &pp->nw;
	nw->id = jid;
	nw->filename = filename;
	nw->owner = owner;
	if (cli_parse_iso8601(added, &nw->added) != 0)
		return quire_error_set(err, QUIRE_EINPUT,
				       "%s: bad date added '%s'", path->p, added);
	if (st_visibility_parse(vis, &nw->visibility) != 0)
		return quire_error_set(err, QUIRE_EINPUT,
				       "%s: bad visibility '%s'", path->p, vis);
	if (tags && !json_is_null(tags)) {
		size_t i;
		json_t *e;
		if (!json_is_array(tags) || json_array_size(tags) > 256)
			return quire_error_set(err, QUIRE_EINPUT,
					       "%s: bad tags", path->p);
		json_array_foreach(tags, i, e) {
			if (!json_is_string(e))
				return quire_error_set(err, QUIRE_EINPUT,
						       "%s: bad tags", path->p);
			pp->tags[i] = json_string_value(e);
		}
		nw->tags = pp->tags;
		nw->n_tags = json_array_size(tags);
	}
	if (edits && !json_is_null(edits)) {
		json_t *y = json_object_get(edits, "year");
		if (!json_is_object(edits) ||
		    jlines(json_object_get(edits, "authors"),
			   &pp->edit_authors) != 0 ||
		    (y && !json_is_null(y) && !json_is_integer(y)))
			return quire_error_set(err, QUIRE_EINPUT,
					       "%s: bad edits", path->p);
		nw->edit_title = jstr(edits, "title", &bad);
		nw->edit_authors = pp->edit_authors;
		nw->edit_year = y && json_is_integer(y)
					? (int)json_integer_value(y) : 0;
		if (bad)
			return quire_error_set(err, QUIRE_EINPUT,
					       "%s: bad edits", path->p);
	}

	/* The analysis: everything but the record, rebuilt into a paper (which
	 * checks it) and serialised the way `quire add` stores it. */
	json_t *an = json_copy(r);
	if (!an)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	for (size_t i = 0; i < sizeof record_keys / sizeof *record_keys; i++)
		json_object_del(an, record_keys[i]);
	char *dump = json_dumps(an, JSON_COMPACT);
	json_decref(an);
	if (!dump)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	quire_paper *p;
	quire_error perr = {0};
	quire_status s = quire_paper_from_json(dump, strlen(dump), NULL, 0,
					       pp->a, &p, &perr);
	free(dump);
	if (s)
		return quire_error_set(err, QUIRE_EINPUT, "%s: %s", path->p,
				       perr.msg);
	char *js;
	size_t jl;
	s = quire_paper_to_json(p, QUIRE_JSON_NO_TEXT, pp->a, &js, &jl);
	char *authors = cli_join_authors(p, pp->a);
	if (s || !authors)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	nw->format = p->format ? p->format : "text";
	nw->analysis = js;
	nw->analysis_len = jl;
	nw->text = p->text;
	nw->text_len = p->text_len;
	nw->title = p->title;
	nw->authors = authors;
	nw->year = p->year;
	nw->words = p->counts.words;
	nw->pages = p->counts.pages;
	if (srch_public_zone(p, pp->a, &nw->preview, &nw->refs) != QUIRE_OK)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");

	/* The original file, and its hash. */
	buf_reset(path);
	file_name(path, dir, id, filename);
	if (buf_failed(path))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	quire_error ferr = {0};
	s = fmt_read_file(path->p, SIZE_MAX / 2, &pp->file, &pp->file_len,
			  &ferr);
	if (s)
		return quire_error_set(err, QUIRE_EINPUT, "%s: %s", path->p,
				       ferr.msg);
	st_sha256_hex(pp->file, pp->file_len, pp->sha);
	if (strcmp(pp->sha, sha) != 0)
		return quire_error_set(err, QUIRE_EINPUT,
			"%s: SHA-256 does not match the export (%s)", path->p, sha);
	nw->sha256 = pp->sha;
	nw->file = pp->file;
	nw->file_len = pp->file_len;
	return QUIRE_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Non-zero if s is in the sorted array v[0..n). */
static int in_sorted(char **v, size_t n, const char *s)
{
	return n && bsearch(&s, v, n, sizeof *v, cmp_str) != NULL;
}

/* The first string that is twice in v[0..n) (sorted in place), or NULL. */
static const char *first_repeat(char **v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_str);
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i - 1], v[i]) == 0)
			return v[i];
	return NULL;
}

int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {{NULL, 0, NULL, 0}};
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1)
		return cli_bad_option("import", c, argv);
	if (optind + 1 != argc)
		return cli_usage_error("import", "give one DIR");
	const char *dir = argv[optind];
	buf_t path = BUF_INIT;
	buf_printf(&path, "%s/library.json", dir);
	json_error_t je;
	json_t *lib = buf_failed(&path) ? NULL
					: json_load_file(path.p, 0, &je);
	if (!lib) {
		cli_error(path.p ? path.p : dir, "%s", je.text);
		buf_free(&path);
		return CLI_EXIT_INPUT;
	}
	json_t *papers = json_object_get(lib, "papers");
	json_t *settings = json_object_get(lib, "settings");
	const char *fmt = json_string_value(json_object_get(lib, "format"));
	json_t *ver = json_object_get(lib, "version");
	if (!fmt || strcmp(fmt, "quire-export") != 0 || !json_is_integer(ver) ||
	    json_integer_value(ver) != 1 || !json_is_array(papers) ||
	    (settings && !json_is_object(settings))) {
		cli_error(path.p, "not a quire export (version 1)");
		json_decref(lib);
		buf_free(&path);
		return CLI_EXIT_INPUT;
	}

	store_t *st;
	int rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc) {
		json_decref(lib);
		buf_free(&path);
		return rc;
	}
	idlist have = {NULL, NULL, 0, 0, 0};
	rc = list_all(st, &have);
	if (!rc && have.n) {
		qsort(have.v, have.n, sizeof *have.v, cmp_str);
		qsort(have.sha, have.n, sizeof *have.sha, cmp_str);
	}
	size_t n = json_array_size(papers);
	char **ids = calloc(n + 1, sizeof *ids);
	char **shas = calloc(n + 1, sizeof *shas);
	if (!rc && (!ids || !shas)) {
		cli_error(NULL, "out of memory");
		rc = CLI_EXIT_LIBRARY;
	}

	/* Pass 1: check everything; nothing is written. */
	for (size_t i = 0; i < n && !rc; i++) {
		const char *id = json_string_value(json_array_get(papers, i));
		prepared pp;
		quire_error err = {0};
		if (!id) {
			cli_error(dir, "library.json: paper %zu is not an id", i);
			rc = CLI_EXIT_INPUT;
			break;
		}
		if (prepare(dir, id, &pp, &path, &err) != QUIRE_OK) {
			cli_error(dir, "%s", err.msg);
			rc = err.code == QUIRE_ENOMEM ? CLI_EXIT_LIBRARY
						      : CLI_EXIT_INPUT;
		} else if (in_sorted(have.v, have.n, id)) {
			cli_error(dir, "paper %s: the id is already in the library",
				  id);
			rc = CLI_EXIT_INPUT;
		} else if (in_sorted(have.sha, have.n, pp.sha)) {
			cli_error(dir, "paper %s: its file is already in the library",
				  id);
			rc = CLI_EXIT_INPUT;
		} else {
			ids[i] = strdup(id);
			shas[i] = strdup(pp.sha);
			if (!ids[i] || !shas[i]) {
				cli_error(NULL, "out of memory");
				rc = CLI_EXIT_LIBRARY;
			}
		}
		prepared_free(&pp);
	}

	/* Repeats inside the export itself (sorted copies: ids keeps its
	 * order for pass 2). */
	if (!rc && n) {
		char **tmp = malloc(n * sizeof *tmp);
		const char *dup;
		if (!tmp) {
			cli_error(NULL, "out of memory");
			rc = CLI_EXIT_LIBRARY;
		} else {
			memcpy(tmp, ids, n * sizeof *tmp);
			if ((dup = first_repeat(tmp, n))) {
				cli_error(dir, "paper %s is twice in the export", dup);
				rc = CLI_EXIT_INPUT;
			} else if ((dup = first_repeat(shas, n))) {
				cli_error(dir, "two papers of the export have the same file (SHA-256 %s)",
					  dup);
				rc = CLI_EXIT_INPUT;
			}
			free(tmp);
		}
	}

	/* Pass 2: add, one paper at a time; undo on failure (best effort). */
	size_t added = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		prepared pp;
		quire_error err = {0};
		char id_out[16];
		quire_status s = prepare(dir, ids[i], &pp, &path, &err);
		if (s == QUIRE_OK)
			s = st_add(st, &pp.nw, id_out, &err);
		prepared_free(&pp);
		if (s == QUIRE_OK) {
			added++;
			continue;
		}
		cli_error(dir, "paper %s: %s", ids[i], err.msg);
		rc = s == QUIRE_ESTORE ? CLI_EXIT_LIBRARY : CLI_EXIT_INPUT;
		size_t undone = 0;
		for (size_t k = 0; k < added; k++) {
			quire_error e2 = {0};
			if (st_remove(st, ids[k], &e2) == QUIRE_OK)
				undone++;
		}
		if (undone == added)
			cli_error(dir, "nothing was imported");
		else
			cli_error(dir, "%zu of %zu papers added could not be "
				       "removed again", added - undone, added);
	}

	/* The settings, once every paper is in. */
	const char *key;
	json_t *v;
	if (!rc && settings)
		json_object_foreach(settings, key, v) {
			quire_error err = {0};
			if (!json_is_string(v) ||
			    st_setting_set(st, key, json_string_value(v), &err)) {
				cli_error(dir, "setting %s: %s", key,
					  err.msg[0] ? err.msg : "not a string");
				rc = CLI_EXIT_LIBRARY;
				break;
			}
		}
	if (!rc) {
		char cnt[32];
		printf("imported %s paper%s from %s\n",
		       quire_format_count(n, cnt, sizeof cnt), n == 1 ? "" : "s",
		       dir);
	}
	for (size_t i = 0; ids && i < n; i++)
		free(ids[i]);
	for (size_t i = 0; shas && i < n; i++)
		free(shas[i]);
	free(ids);
	free(shas);
	idlist_free(&have);
	json_decref(lib);
	buf_free(&path);
	st_close(st);
	return rc;
}
