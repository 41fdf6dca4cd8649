/*
 * cmd_add.c — the commands that read files: init, add, analyze, reanalyze.
 *
 * Decisions:
 *  - `add` reads each file once (fmt_read_file), sniffs it, runs the reader
 *    in the sandbox (sbx_read) and keeps the same bytes as the original
 *    file: the SHA-256 that recognises duplicates is of exactly what was
 *    analysed.  `analyze` needs no bytes afterwards and uses fmt_load().
 *  - One arena per file, freed before the next: memory stays flat over a
 *    bulk add of thousands of papers.
 *  - A paper's line is printed (and stdout flushed) only after the
 *    transaction that stored it committed (st_add, or for several files
 *    the batch it is in): every id a person or script saw is in the
 *    library, even if the process is killed a moment later.
 *  - Errors of one file do not stop the others; a library error does (the
 *    next file would fail the same way).
 *  - --recursive walks with an explicit stack (no recursion whose depth the
 *    input decides), names sorted with strcmp for a deterministic order,
 *    hidden entries left out, symbolic links to directories not followed.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cmd_check.h"
#include "formats.h"
#include "ingest.h"
#include "progress.h"
#include "sandbox.h"

/* Papers a bulk add stores in one transaction (at most; a batch also ends
 * after a second).  Measured: one transaction a paper wrote each touched
 * index page once a paper — 9 GB of WAL traffic for 1,000 papers. */
#define ADD_BATCH 64

/* ---- init ---------------------------------------------------------- */

/* mkdir -p of the directory part of path. */
static int make_parent_dirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	char *slash = strrchr(p, '/');
	if (!slash || slash == p) {
		free(p);
		return 0;
	}
	*slash = 0;
	for (char *q = p + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = 0;
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*q = '/';
	}
	int rc = (mkdir(p, 0777) != 0 && errno != EEXIST) ? -1 : 0;
	free(p);
	return rc;
}

int cmd_init(cli_ctx *ctx, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error("init", "unexpected argument '%s'",
				       argv[1]);
	char path[4096];
	if (cli_library_path(ctx->library, path, sizeof path) != 0)
		return CLI_EXIT_LIBRARY;
	if (make_parent_dirs(path) != 0) {
		cli_error(path, "cannot create its directory: %s",
			  strerror(errno));
		return CLI_EXIT_LIBRARY;
	}
	store_t *st;
	int rc = cli_open(ctx, ST_CREATE, &st);
	if (rc)
		return rc;
	st_close(st);
	printf("created library %s\n", path);
	return CLI_EXIT_OK;
}

/* ---- reading one file ---------------------------------------------- */

/* Result of reading and analysing one file. */
typedef struct loaded {
	unsigned char *bytes;   /* the file (malloc'ed), or NULL */
	size_t n;
	ingest_t in;            /* the analysis (ingest.h), in the caller's arena */
} loaded_t;

/* Reads path (refusing directories, missing files and files over
 * max_bytes) and analyses it as ingest_bytes() does (sniff, sandbox,
 * analysis with opt).  Returns QUIRE_EFORMAT with l->in.reader NULL when
 * no reader takes the bytes. */
static quire_status load_and_analyze(const char *path, size_t max_bytes,
				     const quire_options *opt, const sbx_limits *lim,
				     quire_arena *a, loaded_t *l, quire_error *err)
{
	struct stat sb;
	memset(l, 0, sizeof *l);
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return quire_error_set(err, QUIRE_EINPUT,
			"is a directory (use --recursive to add what it holds)");
	quire_status s = fmt_read_file(path, max_bytes, &l->bytes, &l->n, err);
	if (s)
		return s;
	return ingest_bytes(l->bytes, l->n, path, opt, lim, a, &l->in, err);
}

/* ---- add ------------------------------------------------------------ */

typedef struct job {
	char *path;     /* malloc'ed */
	char *folder;   /* --tag-from-folder: folder below the walked root, or NULL */
	int named;      /* named on the command line (failures are errors) */
} job_t;

typedef struct jobs {
	job_t *v;
	size_t n, cap;
} jobs_t;

static int jobs_push(jobs_t *J, const char *path, const char *folder,
		     int named)
{
	if (J->n == J->cap) {
		size_t cap = J->cap ? J->cap * 2 : 64;
		job_t *v = realloc(J->v, cap * sizeof *v);
		if (!v)
			return -1;
		J->v = v;
		J->cap = cap;
	}
	job_t *j = &J->v[J->n];
	j->path = strdup(path);
	j->folder = folder && *folder ? strdup(folder) : NULL;
	j->named = named;
	if (!j->path || (folder && *folder && !j->folder)) {
		free(j->path);
		free(j->folder);
		return -1;
	}
	J->n++;
	return 0;
}

static void jobs_free(jobs_t *J)
{
	for (size_t i = 0; i < J->n; i++) {
		free(J->v[i].path);
		free(J->v[i].folder);
	}
	free(J->v);
}

static int no_hidden(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Adds every regular file under root to J: in each directory its files in
 * name order, then its sub-directories in name order.  Returns 0, or -1
 * after printing an error for an unreadable directory (which is skipped). */
static int walk(const char *root, jobs_t *J, int *failed)
{
	size_t rootlen = strlen(root);
	while (rootlen > 1 && root[rootlen - 1] == '/')
		rootlen--;
	char **stack = NULL;
	size_t sn = 0, scap = 0;
	int rc = 0;
	char *first = strndup(root, rootlen);
	if (!first)
		return -1;
	stack = malloc(sizeof *stack);
	if (!stack) {
		free(first);
		return -1;
	}
	scap = 1;
	stack[sn++] = first;
	while (sn > 0 && rc == 0) {
		char *dir = stack[--sn];
		struct dirent **list = NULL;
		int n = scandir(dir, &list, no_hidden, by_name);
		if (n < 0) {
			cli_error(dir, "cannot read directory: %s",
				  strerror(errno));
			(*failed)++;
			free(dir);
			continue;
		}
		const char *rel = dir[rootlen] == '/' ? dir + rootlen + 1 : "";
		size_t first_sub = sn;
		for (int i = 0; i < n; i++) {
			size_t len = strlen(dir) + strlen(list[i]->d_name) + 2;
			char *path = malloc(len);
			if (!path) {
				rc = -1;
				break;
			}
			snprintf(path, len, "%s/%s", dir, list[i]->d_name);
			struct stat lsb, sb;
			if (lstat(path, &lsb) != 0) {
				free(path);
				continue;
			}
			if (S_ISDIR(lsb.st_mode)) {
				if (sn == scap) {
					size_t cap = scap * 2;
					char **v = realloc(stack, cap * sizeof *v);
					if (!v) {
						free(path);
						rc = -1;
						break;
					}
					stack = v;
					scap = cap;
				}
				stack[sn++] = path;
				continue;
			}
			if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
			    jobs_push(J, path, rel, 0) != 0)
				rc = -1;
			free(path);
		}
		for (int i = 0; i < n; i++)
			free(list[i]);
		free(list);
		free(dir);
		/* Sub-directories were pushed in name order; reverse them so
		 * the first name is popped first. */
		for (size_t i = first_sub, k = sn; i + 1 < k; i++, k--) {
			char *t = stack[i];
			stack[i] = stack[k - 1];
			stack[k - 1] = t;
		}
	}
	while (sn > 0)
		free(stack[--sn]);
	free(stack);
	if (rc)
		cli_error(root, "out of memory");
	return rc;
}

typedef struct add_opts {
	st_visibility vis;
	const char **tags;
	size_t n_tags;
	int from_folder;
	int json;
	int quiet;
	size_t max_bytes;
	int hold; /* in a batch: lines wait in the buffer for the commit */
	sbx_limits lim; /* the sandbox's, with the spawner of a bulk add */
} add_opts;

typedef struct add_count {
	size_t added, dup, failed, skipped;
	int library_error;
} add_count;

static void add_json(buf_t *b, const char *file, const char *id,
		     const quire_paper *p, const char *status,
		     const char *error, const cli_neardup *nd)
{
	int n = 0;
	buf_putc(b, '{');
	cli_json_str(b, &n, "file", file);
	cli_json_str(b, &n, "id", id);
	cli_json_str(b, &n, "title", p ? p->title : NULL);
	if (p) {
		cli_json_int(b, &n, "words", (long long)p->counts.words);
		cli_json_int(b, &n, "pages", (long long)p->counts.pages);
	} else {
		cli_json_key(b, &n, "words");
		buf_puts(b, "null");
		cli_json_key(b, &n, "pages");
		buf_puts(b, "null");
	}
	cli_json_str(b, &n, "status", status);
	cli_json_str(b, &n, "error", error);
	cli_near_duplicate_json(b, &n, nd);
	buf_puts(b, "}\n");
}

static void add_one(store_t *st, const quire_options *qo, const add_opts *o,
		    const job_t *j, add_count *c, prog_t *pg, buf_t *out,
		    unsigned title_cols)
{
	quire_error err = {0};
	loaded_t l;
	quire_arena *a = quire_arena_new(0);
	if (!a) {
		prog_clear(pg);
		cli_error(j->path, "out of memory");
		c->failed++;
		return;
	}
	quire_status s = load_and_analyze(j->path, o->max_bytes, qo, &o->lim, a, &l,
					  &err);
	if (s == QUIRE_EFORMAT && !l.in.reader && !j->named) {
		c->skipped++;
		prog_clear(pg);
		if (!o->quiet && !o->json)
			fprintf(stderr, "quire: %s: skipped: %s\n", j->path,
				err.msg);
		if (o->json) {
			add_json(out, j->path, NULL, NULL, "skipped", err.msg, NULL);
			cli_flush(out);
		}
		goto done;
	}
	st_new nw = l.in.nw;
	char id[16] = "";
	const char *tagv[64 + 1];
	cli_neardup nd;
	int near = 0;
	memset(&nd, 0, sizeof nd);
	if (s == QUIRE_OK) /* before adding: the paper would match itself */
		near = cli_near_duplicate(st, nw.fps, nw.n_fps, a, &nd);
	if (s == QUIRE_OK) {
		nw.visibility = o->vis;
		size_t nt = 0;
		for (size_t i = 0; i < o->n_tags && nt < 64; i++)
			tagv[nt++] = o->tags[i];
		if (o->from_folder && j->folder)
			tagv[nt++] = j->folder;
		nw.tags = tagv;
		nw.n_tags = nt;
		s = st_add(st, &nw, id, &err);
	}
	prog_clear(pg);
	if (s == QUIRE_OK) {
		c->added++;
		if (near && !o->quiet && !o->json)
			cli_near_duplicate_warn(j->path, &nd);
		if (o->json)
			add_json(out, j->path, id, l.in.paper, "added", NULL,
				 near ? &nd : NULL);
		else if (!o->quiet)
			cli_paper_line(out, id, l.in.paper->title,
				       l.in.paper->counts.words,
				       l.in.paper->counts.pages, title_cols);
	} else if (s == QUIRE_EEXIST) {
		c->dup++;
		if (o->json)
			add_json(out, j->path, id, l.in.paper, "duplicate", NULL, NULL);
		else if (!o->quiet)
			buf_printf(out, "%s: already in the library as %s\n",
				   j->path, id);
	} else {
		const char *msg = err.msg[0] ? err.msg : quire_status_str(s);
		if (s == QUIRE_ESTORE)
			c->library_error = 1;
		else
			c->failed++;
		cli_error(j->path, "%s", msg);
		if (o->json)
			add_json(out, j->path, NULL, NULL, "error", msg, NULL);
	}
	if (!o->hold)
		cli_flush(out);
done:
	free(l.bytes);
	quire_arena_free(a);
}

/* Parses --max-size MB into bytes; 0 on success. */
static int parse_max_size(const char *s, size_t *bytes)
{
	unsigned long long mb;
	if (cli_parse_uint(s, (unsigned long long)1 << 20, &mb) != 0 || mb == 0)
		return -1;
	*bytes = (size_t)mb << 20;
	return 0;
}

enum { OPT_VIS = 256, OPT_TAG, OPT_FOLDER, OPT_JSON, OPT_MAX, OPT_ALL };

int cmd_add(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"recursive", no_argument, NULL, 'r'},
		{"visibility", required_argument, NULL, OPT_VIS},
		{"tag", required_argument, NULL, OPT_TAG},
		{"tag-from-folder", no_argument, NULL, OPT_FOLDER},
		{"json", no_argument, NULL, OPT_JSON},
		{"quiet", no_argument, NULL, 'q'},
		{"max-size", required_argument, NULL, OPT_MAX},
		{NULL, 0, NULL, 0}};
	add_opts o = {ST_MEMBERS, NULL, 0, 0, 0, 0, FMT_MAX_FILE_BYTES, 0, sbx_limits_default()};
	int recursive = 0, c, rc = CLI_EXIT_OK;
	o.tags = calloc((size_t)argc, sizeof *o.tags);
	if (!o.tags) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_LIBRARY;
	}
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":rq", lo, NULL)) != -1) {
		switch (c) {
		case 'r': recursive = 1; break;
		case 'q': o.quiet = 1; break;
		case OPT_VIS:
			if (st_visibility_parse(optarg, &o.vis) != 0) {
				free(o.tags);
				return cli_usage_error("add",
					"visibility must be public, members or private, not '%s'",
					optarg);
			}
			break;
		case OPT_TAG:
			if (!*optarg) {
				free(o.tags);
				return cli_usage_error("add", "empty tag");
			}
			o.tags[o.n_tags++] = optarg;
			break;
		case OPT_FOLDER: o.from_folder = 1; break;
		case OPT_JSON: o.json = 1; break;
		case OPT_MAX:
			if (parse_max_size(optarg, &o.max_bytes) != 0) {
				free(o.tags);
				return cli_usage_error("add",
					"--max-size wants a number of megabytes, not '%s'",
					optarg);
			}
			break;
		default:
			free(o.tags);
			return cli_bad_option("add", c, argv);
		}
	}
	if (optind >= argc) {
		free(o.tags);
		return cli_usage_error("add", "no FILE given");
	}

	jobs_t J = {NULL, 0, 0};
	int walk_failed = 0;
	for (int i = optind; i < argc; i++) {
		struct stat sb;
		int err_ = 0;
		if (recursive && stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode))
			err_ = walk(argv[i], &J, &walk_failed);
		else
			err_ = jobs_push(&J, argv[i], NULL, 1);
		if (err_) {
			cli_error(NULL, "out of memory");
			jobs_free(&J);
			free(o.tags);
			return CLI_EXIT_LIBRARY;
		}
	}

	/* Several files: the readers' children are forked by a helper made
	 * now, while this process is small (sandbox.h: a fork from a process
	 * holding the store's cache and the index buffers costs more than
	 * many a reader). */
	o.lim.spawner = J.n > 1 ? sbx_spawner_new() : NULL;
	store_t *st;
	rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc) {
		sbx_spawner_free(o.lim.spawner);
		jobs_free(&J);
		free(o.tags);
		return rc;
	}
	quire_options qo = cli_options(st);
	add_count cnt = {0, 0, (size_t)walk_failed, 0, 0};
	prog_t pg;
	prog_init(&pg, J.n, "papers", !o.quiet && J.n > 1);
	buf_t out = BUF_INIT;
	unsigned tcols = cli_title_cols(10);
	/* Several files: batches of up to ADD_BATCH papers or a second, one
	 * transaction each (st_batch_begin), their lines printed only once the
	 * batch is committed — what was reported added is in the library, and
	 * the indexes are written once a batch instead of once a paper. */
	o.hold = J.n > 1;
	size_t in_batch = 0, added_before = 0;
	struct timespec t0 = {0, 0};
	for (size_t i = 0; i < J.n && !cnt.library_error; i++) {
		quire_error berr = {0};
		if (o.hold && in_batch == 0) {
			if (st_batch_begin(st, &berr) != QUIRE_OK) {
				char path[4096];
				cli_library_path(ctx->library, path, sizeof path);
				cli_error(path, "%s", berr.msg);
				cnt.library_error = 1;
				break;
			}
			added_before = cnt.added;
			clock_gettime(CLOCK_MONOTONIC, &t0);
		}
		prog_update(&pg, i, J.v[i].path);
		add_one(st, &qo, &o, &J.v[i], &cnt, &pg, &out, tcols);
		in_batch++;
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		long ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
		if (o.hold && (in_batch == ADD_BATCH || ms >= 1000 || i + 1 == J.n ||
			       cnt.library_error)) {
			in_batch = 0;
			if (st_batch_commit(st, &berr) == QUIRE_OK) {
				cli_flush(&out);
				continue;
			}
			/* nothing of the batch was stored: say so, print none of it */
			prog_clear(&pg);
			buf_reset(&out);
			char path[4096];
			cli_library_path(ctx->library, path, sizeof path);
			cli_error(path, "%s (the last %zu papers were not added)", berr.msg,
				  cnt.added - added_before);
			cnt.failed += cnt.added - added_before;
			cnt.added = added_before;
			cnt.library_error = 1;
		}
	}
	if (o.hold && in_batch)
		(void)st_batch_commit(st, NULL);
	prog_clear(&pg);
	buf_free(&out);
	st_close(st);
	sbx_spawner_free(o.lim.spawner);
	if (!o.quiet && (J.n > 1 || walk_failed))
		fprintf(stderr, "%zu added, %zu duplicate, %zu failed, %zu skipped\n",
			cnt.added, cnt.dup, cnt.failed, cnt.skipped);
	jobs_free(&J);
	free(o.tags);
	if (cnt.library_error)
		return CLI_EXIT_LIBRARY;
	return cnt.failed ? CLI_EXIT_INPUT : CLI_EXIT_OK;
}

/* ---- analyze --------------------------------------------------------- */

int cmd_analyze(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"max-size", required_argument, NULL, OPT_MAX},
		{NULL, 0, NULL, 0}};
	int json = 0, c, rc = CLI_EXIT_OK;
	size_t max_bytes = FMT_MAX_FILE_BYTES;
	(void)ctx;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c == OPT_JSON)
			json = 1;
		else if (c == OPT_MAX) {
			if (parse_max_size(optarg, &max_bytes) != 0)
				return cli_usage_error("analyze",
					"--max-size wants a number of megabytes, not '%s'",
					optarg);
		} else
			return cli_bad_option("analyze", c, argv);
	}
	if (optind >= argc)
		return cli_usage_error("analyze", "no FILE given");
	quire_options qo = quire_options_default();
	sbx_limits lim = sbx_limits_default();
	buf_t out = BUF_INIT;
	int many = argc - optind > 1, shown = 0;
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];
		quire_error err = {0};
		quire_arena *a = quire_arena_new(0);
		quire_source *src = NULL;
		const fmt_reader *r = NULL;
		quire_paper *p = NULL;
		struct stat sb;
		quire_status s;
		if (!a)
			s = quire_error_set(&err, QUIRE_ENOMEM, "out of memory");
		else if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			s = quire_error_set(&err, QUIRE_EINPUT, "is a directory");
		else
			s = fmt_load(path, &lim, max_bytes, a, &src, &r, &err);
		if (s == QUIRE_OK)
			s = quire_analyze(src, &qo, a, &p, &err);
		char *js = NULL;
		size_t jl = 0;
		if (s == QUIRE_OK && json)
			s = quire_paper_to_json(p, 0, a, &js, &jl);
		if (s != QUIRE_OK) {
			cli_error(path, "%s",
				  err.msg[0] ? err.msg : quire_status_str(s));
			rc = CLI_EXIT_INPUT;
		} else if (json) {
			/* {"file":…, then the analysis's own members. */
			int n = 0;
			size_t k = 0;
			while (k < jl && js[k] != '{')
				k++;
			buf_putc(&out, '{');
			cli_json_str(&out, &n, "file", path);
			if (k + 1 < jl && js[k + 1] != '}')
				buf_putc(&out, ',');
			if (k < jl)
				buf_append(&out, js + k + 1, jl - k - 1);
			buf_putc(&out, '\n');
		} else {
			if (many)
				buf_printf(&out, "%s==> %s <==\n",
					   shown++ ? "\n" : "", path);
			cli_print_paper(&out, p, NULL);
		}
		if (cli_flush(&out) != 0 && rc == CLI_EXIT_OK)
			rc = CLI_EXIT_INPUT;
		quire_arena_free(a);
	}
	buf_free(&out);
	return rc;
}

/* ---- reanalyze ------------------------------------------------------- */

static int collect_id(const st_paper *p, void *ctx)
{
	jobs_t *J = ctx;
	return jobs_push(J, p->id, NULL, 1) != 0;
}

int cmd_reanalyze(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"all", no_argument, NULL, OPT_ALL},
		{"json", no_argument, NULL, OPT_JSON},
		{NULL, 0, NULL, 0}};
	int all = 0, json = 0, c, rc = CLI_EXIT_OK;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		if (c == OPT_ALL)
			all = 1;
		else if (c == OPT_JSON)
			json = 1;
		else
			return cli_bad_option("reanalyze", c, argv);
	}
	if (all == (optind < argc))
		return cli_usage_error("reanalyze", "give either IDs or --all");
	/* as for a bulk add: children forked by a helper made while small */
	sbx_limits lim = sbx_limits_default();
	lim.spawner = sbx_spawner_new();
	store_t *st;
	rc = cli_open(ctx, ST_OPEN_EXISTING, &st);
	if (rc) {
		sbx_spawner_free(lim.spawner);
		return rc;
	}
	jobs_t J = {NULL, 0, 0};
	quire_error err = {0};
	if (all) {
		quire_status s = st_list(st, ST_SORT_ADDED, 0, collect_id, &J,
					 &err);
		if (s) {
			cli_error(NULL, "%s", err.msg[0] ? err.msg
							 : quire_status_str(s));
			jobs_free(&J);
			st_close(st);
			sbx_spawner_free(lim.spawner);
			return CLI_EXIT_LIBRARY;
		}
	} else {
		for (int i = optind; i < argc; i++)
			if (jobs_push(&J, argv[i], NULL, 1) != 0) {
				cli_error(NULL, "out of memory");
				jobs_free(&J);
				st_close(st);
				sbx_spawner_free(lim.spawner);
				return CLI_EXIT_LIBRARY;
			}
	}
	quire_options qo = cli_options(st);
	prog_t pg;
	prog_init(&pg, J.n, "papers", J.n > 1);
	buf_t out = BUF_INIT;
	unsigned tcols = cli_title_cols(10);
	for (size_t i = 0; i < J.n; i++) {
		const char *id = J.v[i].path;
		quire_arena *a = quire_arena_new(0);
		st_paper sp;
		quire_paper *p = NULL;
		const char *what = NULL;
		st_new nw;
		memset(&nw, 0, sizeof nw);
		memset(&err, 0, sizeof err);
		prog_update(&pg, i, id);
		int r = a ? cli_get(st, id, ST_WITH_FILE, a, &sp)
			  : CLI_EXIT_LIBRARY;
		if (r) {
			prog_clear(&pg);
			if (rc == CLI_EXIT_OK || r == CLI_EXIT_LIBRARY)
				rc = r;
			quire_arena_free(a);
			continue;
		}
		quire_status s = QUIRE_OK;
		const fmt_reader *fr = fmt_sniff(sp.file, sp.file_len,
						 sp.filename, &what);
		quire_source *src = quire_source_new(a);
		if (!fr)
			s = quire_error_set(&err, QUIRE_EFORMAT,
					    "not a format quire reads (%s)",
					    what ? what : "unknown data");
		else if (!src)
			s = quire_error_set(&err, QUIRE_ENOMEM, "out of memory");
		if (s == QUIRE_OK)
			s = sbx_read(fr, sp.file, sp.file_len, &lim, src, &err);
		if (s == QUIRE_OK)
			s = quire_analyze(src, &qo, a, &p, &err);
		if (s == QUIRE_OK)
			s = ingest_fill(p, fr->name, a, &nw, &err);
		if (s == QUIRE_OK) {
			nw.filename = sp.filename;
			nw.file = sp.file;
			nw.file_len = sp.file_len;
			nw.sha256 = sp.sha256;
			nw.visibility = sp.visibility;
			nw.tags = sp.tags;
			nw.n_tags = sp.n_tags;
			nw.owner = sp.owner;
			nw.added = sp.added;
			s = st_update_analysis(st, id, &nw, &err);
		}
		prog_clear(&pg);
		if (s != QUIRE_OK) {
			cli_error(id, "%s", err.msg[0] ? err.msg
						       : quire_status_str(s));
			int e = cli_exit_for(s);
			if (rc == CLI_EXIT_OK || e == CLI_EXIT_LIBRARY)
				rc = e;
		} else {
			const char *title = sp.e_title ? sp.e_title : p->title;
			if (json) {
				int n = 0;
				buf_putc(&out, '{');
				cli_json_str(&out, &n, "id", id);
				cli_json_str(&out, &n, "title", title);
				cli_json_int(&out, &n, "words",
					     (long long)p->counts.words);
				cli_json_int(&out, &n, "pages",
					     (long long)p->counts.pages);
				cli_json_str(&out, &n, "status", "reanalyzed");
				buf_puts(&out, "}\n");
			} else {
				cli_paper_line(&out, id, title, p->counts.words,
					       p->counts.pages, tcols);
			}
			cli_flush(&out);
		}
		quire_arena_free(a);
		if (rc == CLI_EXIT_LIBRARY)
			break;
	}
	prog_clear(&pg);
	buf_free(&out);
	jobs_free(&J);
	st_close(st);
	sbx_spawner_free(lim.spawner);
	return rc;
}
