/*
 * csl_suite.c — runs the CSL processor test suite (the fixtures of
 * citation-style-language/test-suite, processor-tests/humans/NAME.txt) through
 * quire's CSL processor (src/csl) in process and reports the pass rate per
 * category and overall.
 *
 *   csl_suite [--locales DIR]... [--expect FILE] [--write-passing FILE]
 *             [-v | --show NAME]... [--no-fork] [--quiet] [--strict]
 *             DIR|FILE...
 *
 * A DIR is read for its *.txt files (not recursively: humans/off-spec and
 * humans/experiments stay out unless named).  A fixture's category is the
 * prefix of its name before the first '_' ("name_EtAl" -> "name").
 *
 * Decisions:
 *  - The fixture format (../shared/data/csl/test-suite/README.md): marker
 *    lines ">>=+ NAME =+>>" … "<<=+ NAME =+<<" (the number of '=' varies),
 *    text outside them ignored, a UTF-8 byte-order mark stripped.  MODE,
 *    CSL, INPUT and RESULT are required; CITATION-ITEMS and CITATIONS drive
 *    the citations; BIBENTRIES, BIBSECTION and ABBREVIATIONS appear in no
 *    current fixture, and a fixture that has one fails as "unsupported"
 *    rather than being run half right.
 *  - How a fixture runs (the citeproc-js runner's model):
 *      citation, no clusters: one citation holding every INPUT item in
 *        order (csl_engine_cite_all);
 *      citation, CITATION-ITEMS: cluster i is in note i+1, all formatted in
 *        one document, one line each;
 *      citation, CITATIONS: the document after the last step is the last
 *        step's citationsPre + its citation + citationsPost (note numbers
 *        from those pairs); each line is "[i] text" marked ">>" when the
 *        citation is the one the last step added or its text differs from
 *        the document before that step (the previous step's list), else
 *        "..";
 *      bibliography: clusters (if any) are formatted first, so citation
 *        order and numbers exist, then the bibliography of the cited items
 *        (every item when no clusters) as citeproc-js's HTML.
 *  - Comparison: exact, after removing white space at both ends of the
 *    expected and the actual text (the only normalisation the suite's
 *    README allows: RESULT "is compared as a string").
 *  - Each fixture runs in a forked child with a time limit, so a crash or
 *    a hang in the processor costs one fixture, not the run (--no-fork for
 *    a debugger).  Locales are read from the --locales folders in order
 *    (default /usr/share/citation-style-language/locales, Debian's
 *    citation-style-language-locales), the first "locales-<tag>.xml" found
 *    winning, loaded once in the parent for en-US, de-DE and fr-FR.
 *  - --expect FILE names fixtures (one a line, '#' comments) that must
 *    pass; one that fails is a regression: listed, and the exit status is
 *    1.  A named fixture absent from the run is not an error (the data
 *    may be a subset).  --write-passing FILE writes the names that passed.
 *    --strict: every fixture run must pass (the repository's own ones).
 */
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../src/csl/csl.h"
#include "buf.h"

#define MAX_LOCALE_DIRS 8
#define FIXTURE_SECONDS 20

/* ---- small helpers ----------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf_t b = BUF_INIT;
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, k);
	int bad = ferror(f) || buf_failed(&b);
	fclose(f);
	if (bad) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p) {
		fputs("csl_suite: out of memory\n", stderr);
		exit(2);
	}
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

/* s with white space at both ends removed, as a pointer into s and a length. */
static void trim(const char *s, const char **b, size_t *n)
{
	size_t len = strlen(s);
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	while (len && strchr(" \t\r\n", *s)) {
		s++;
		len--;
	}
	*b = s;
	*n = len;
}

/* ---- the fixture ------------------------------------------------------- */

enum { S_MODE, S_CSL, S_INPUT, S_RESULT, S_CITATION_ITEMS, S_CITATIONS,
       S_BIBENTRIES, S_BIBSECTION, S_ABBREVIATIONS, S_N };
static const char *const section_names[S_N] = {
	"MODE", "CSL", "INPUT", "RESULT", "CITATION-ITEMS", "CITATIONS",
	"BIBENTRIES", "BIBSECTION", "ABBREVIATIONS"};

typedef struct fixture {
	char name[256];
	char *sec[S_N]; /* NULL when absent */
} fixture;

/* If line[0..n) is a marker ">>=+ NAME =+>>" (open) or "<<=+ NAME =+<<"
 * (close), the section index (or S_N for an unknown name) and *open;
 * else -1. */
static int marker(const char *line, size_t n, int *open)
{
	if (n < 6)
		return -1;
	if (line[0] == '>' && line[1] == '>' && line[n - 1] == '>' && line[n - 2] == '>')
		*open = 1;
	else if (line[0] == '<' && line[1] == '<' && line[n - 1] == '<' && line[n - 2] == '<')
		*open = 0;
	else
		return -1;
	size_t i = 2, e = n - 2;
	if (i >= e || line[i] != '=')
		return -1;
	while (i < e && line[i] == '=')
		i++;
	while (e > i && line[e - 1] == '=')
		e--;
	while (i < e && line[i] == ' ')
		i++;
	while (e > i && line[e - 1] == ' ')
		e--;
	if (i >= e)
		return -1;
	for (int s = 0; s < S_N; s++)
		if (strlen(section_names[s]) == e - i &&
		    memcmp(section_names[s], line + i, e - i) == 0)
			return s;
	return S_N;
}

/* Parses text (NUL-terminated) into fx; 0, or -1 with *why. */
static int fixture_parse(char *text, fixture *fx, const char **why)
{
	char *p = text;
	if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
	    (unsigned char)p[2] == 0xBF)
		p += 3;
	int cur = -1;
	const char *start = NULL;
	while (*p) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t m = n;
		if (m && p[m - 1] == '\r')
			m--;
		int open = 0, s = marker(p, m, &open);
		if (s >= 0 && open && cur < 0) {
			cur = s;
			start = nl ? nl + 1 : p + n;
		} else if (s >= 0 && !open && cur >= 0 && s == cur) {
			if (cur < S_N && !fx->sec[cur]) {
				size_t len = (size_t)(p - start);
				if (len && start[len - 1] == '\n')
					len--;
				if (len && start[len - 1] == '\r')
					len--;
				fx->sec[cur] = xstrndup(start, len);
			}
			cur = -1;
		}
		p = nl ? nl + 1 : p + n;
	}
	if (cur >= 0) {
		*why = "a section is not closed";
		return -1;
	}
	for (int s = S_MODE; s <= S_RESULT; s++)
		if (!fx->sec[s]) {
			*why = "a required section (MODE, CSL, INPUT, RESULT) is missing";
			return -1;
		}
	return 0;
}

static void fixture_free(fixture *fx)
{
	for (int s = 0; s < S_N; s++)
		free(fx->sec[s]);
	memset(fx->sec, 0, sizeof fx->sec);
}

/* ---- locales ----------------------------------------------------------- */

typedef struct locale_cache {
	const char *dirs[MAX_LOCALE_DIRS];
	size_t ndirs;
	struct {
		char tag[32];
		csl_locale *l; /* NULL: not found */
	} ent[64];
	size_t n;
} locale_cache;

static csl_locale *locale_get(locale_cache *lc, const char *tag)
{
	for (size_t i = 0; i < lc->n; i++)
		if (strcmp(lc->ent[i].tag, tag) == 0)
			return lc->ent[i].l;
	csl_locale *l = NULL;
	for (size_t d = 0; d < lc->ndirs && !l; d++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/locales-%s.xml", lc->dirs[d], tag);
		size_t len;
		char *xml = read_file(path, &len);
		if (!xml)
			continue;
		quire_error err = {0};
		l = csl_locale_load(xml, len, path, &err);
		if (!l)
			fprintf(stderr, "csl_suite: %s\n", err.msg);
		free(xml);
	}
	if (lc->n < sizeof lc->ent / sizeof lc->ent[0] && strlen(tag) < 32) {
		snprintf(lc->ent[lc->n].tag, sizeof lc->ent[lc->n].tag, "%s", tag);
		lc->ent[lc->n++].l = l;
	}
	return l;
}

static void locale_cache_free(locale_cache *lc)
{
	for (size_t i = 0; i < lc->n; i++)
		csl_locale_free(lc->ent[i].l);
	lc->n = 0;
}

/* ---- clusters from the fixture's JSON ---------------------------------- */

static const char *jstr(json_t *o, const char *key, char *num, size_t size)
{
	json_t *v = json_object_get(o, key);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(num, size, "%lld", (long long)json_integer_value(v));
		return num;
	}
	if (json_is_real(v)) {
		snprintf(num, size, "%g", json_real_value(v));
		return num;
	}
	return NULL;
}

/* Fills cites[0..n) from a JSON array of cite objects; strings are copied
 * into a.  Returns 0, or -1 when arr is not an array of objects. */
static int cites_of(json_t *arr, quire_arena *a, csl_cite **out, size_t *nout)
{
	if (!json_is_array(arr))
		return -1;
	size_t n = json_array_size(arr);
	csl_cite *c = quire_arena_alloc(a, (n ? n : 1) * sizeof *c);
	if (!c)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(arr, i);
		if (!json_is_object(o))
			return -1;
		char num[64];
		memset(&c[i], 0, sizeof c[i]);
		const char *s;
#define COPY(field, key)                                                       \
	s = jstr(o, key, num, sizeof num);                                     \
	c[i].field = s ? quire_arena_strndup(a, s, strlen(s)) : NULL;
		COPY(id, "id")
		COPY(locator, "locator")
		COPY(label, "label")
		COPY(prefix, "prefix")
		COPY(suffix, "suffix")
#undef COPY
		if (!c[i].id)
			return -1;
		c[i].suppress_author = json_is_true(json_object_get(o, "suppress-author"));
		c[i].author_only = json_is_true(json_object_get(o, "author-only"));
		json_t *pos = json_object_get(o, "position");
		c[i].position = json_is_integer(pos) ? (int)json_integer_value(pos) : -1;
		c[i].near_note = json_is_true(json_object_get(o, "near-note"));
	}
	*out = c;
	*nout = n;
	return 0;
}

/* ---- running one fixture ------------------------------------------------ */

/* The CITATIONS model: formats the list of steps[k] (pre + citation + post)
 * into out; returns 0 or -1 with *why. */
typedef struct cit_doc {
	csl_cluster *cl;
	const char **ids;
	size_t n;
} cit_doc;

static json_t *citation_by_id(json_t *steps, size_t upto, const char *id)
{
	json_t *found = NULL;
	for (size_t k = 0; k <= upto && k < json_array_size(steps); k++) {
		json_t *c = json_array_get(json_array_get(steps, k), 0);
		const char *cid = json_string_value(json_object_get(c, "citationID"));
		if (cid && strcmp(cid, id) == 0)
			found = c;
	}
	return found;
}

static int doc_of_step(json_t *steps, size_t k, quire_arena *a, cit_doc *d)
{
	json_t *step = json_array_get(steps, k);
	if (!json_is_array(step) || json_array_size(step) < 3)
		return -1;
	json_t *cit = json_array_get(step, 0), *pre = json_array_get(step, 1),
	       *post = json_array_get(step, 2);
	if (!json_is_object(cit) || !json_is_array(pre) || !json_is_array(post))
		return -1;
	size_t n = json_array_size(pre) + 1 + json_array_size(post);
	d->cl = quire_arena_alloc(a, n * sizeof *d->cl);
	d->ids = quire_arena_alloc(a, n * sizeof *d->ids);
	if (!d->cl || !d->ids)
		return -1;
	d->n = 0;
	for (int part = 0; part < 3; part++) {
		json_t *list = part == 0 ? pre : part == 2 ? post : NULL;
		size_t m = part == 1 ? 1 : json_array_size(list);
		for (size_t i = 0; i < m; i++) {
			json_t *c;
			int note;
			const char *id;
			if (part == 1) {
				c = cit;
				id = json_string_value(json_object_get(c, "citationID"));
				note = (int)json_integer_value(json_object_get(
					json_object_get(c, "properties"), "noteIndex"));
			} else {
				json_t *pair = json_array_get(list, i);
				id = json_string_value(json_array_get(pair, 0));
				note = (int)json_integer_value(json_array_get(pair, 1));
				c = id ? citation_by_id(steps, k, id) : NULL;
			}
			if (!id || !c)
				return -1;
			csl_cluster *cl = &d->cl[d->n];
			if (cites_of(json_object_get(c, "citationItems"), a,
				     (csl_cite **)&cl->cites, &cl->n))
				return -1;
			cl->note_index = note;
			d->ids[d->n++] = id;
		}
	}
	return 0;
}

/* Runs fx; the output into *out (malloc'ed) or an error into *out with
 * return -1. */
static int run_fixture(const fixture *fx, locale_cache *lc, char **out)
{
	buf_t b = BUF_INIT;
	quire_error err = {0};
	quire_arena *a = quire_arena_new(0);
	csl_style *s = NULL;
	csl_engine *e = NULL;
	json_t *clusters_json = NULL;
	int rc = -1;
	const char *mode = fx->sec[S_MODE];
	while (*mode == ' ' || *mode == '\n')
		mode++;
	int bib = strncmp(mode, "bibliography", 12) == 0;
	if (!bib && strncmp(mode, "citation", 8) != 0) {
		buf_printf(&b, "unknown MODE '%s'", mode);
		goto done;
	}
	if (fx->sec[S_BIBENTRIES] || fx->sec[S_BIBSECTION] || fx->sec[S_ABBREVIATIONS]) {
		buf_puts(&b, "unsupported: BIBENTRIES/BIBSECTION/ABBREVIATIONS");
		goto done;
	}
	if (!a) {
		buf_puts(&b, "out of memory");
		goto done;
	}
	s = csl_style_load(fx->sec[S_CSL], strlen(fx->sec[S_CSL]), "CSL", &err);
	if (!s) {
		buf_printf(&b, "style: %s", err.msg);
		goto done;
	}
	const char *tags[CSL_LOCALE_CHAIN_MAX];
	size_t nt = csl_locale_chain(csl_style_default_locale(s), tags);
	const csl_locale *locs[CSL_LOCALE_CHAIN_MAX];
	size_t nl = 0;
	for (size_t i = 0; i < nt; i++) {
		csl_locale *l = locale_get(lc, tags[i]);
		if (l)
			locs[nl++] = l;
	}
	e = csl_engine_new(s, NULL, locs, nl, &err);
	if (!e) {
		buf_printf(&b, "engine: %s", err.msg);
		goto done;
	}
	if (csl_engine_add_items(e, fx->sec[S_INPUT], strlen(fx->sec[S_INPUT]), &err)) {
		buf_printf(&b, "items: %s", err.msg);
		goto done;
	}
	const char *which = fx->sec[S_CITATIONS] ? fx->sec[S_CITATIONS]
						 : fx->sec[S_CITATION_ITEMS];
	if (which) {
		json_error_t je;
		clusters_json = json_loads(which, 0, &je);
		if (!json_is_array(clusters_json)) {
			buf_printf(&b, "clusters: bad JSON: %s", je.text);
			goto done;
		}
	}
	if (fx->sec[S_CITATIONS]) {
		size_t ns = json_array_size(clusters_json);
		cit_doc now = {0}, before = {0};
		if (!ns || doc_of_step(clusters_json, ns - 1, a, &now) ||
		    (ns > 1 && doc_of_step(clusters_json, ns - 2, a, &before))) {
			buf_puts(&b, "CITATIONS: malformed");
			goto done;
		}
		char **txt_before = NULL, **txt_now = NULL;
		if (before.n && csl_engine_citations(e, before.cl, before.n, CSL_HTML,
						     a, &txt_before, &err)) {
			buf_printf(&b, "citations: %s", err.msg);
			goto done;
		}
		if (csl_engine_citations(e, now.cl, now.n, CSL_HTML, a, &txt_now, &err)) {
			buf_printf(&b, "citations: %s", err.msg);
			goto done;
		}
		json_t *last = json_array_get(json_array_get(clusters_json, ns - 1), 0);
		const char *last_id = json_string_value(json_object_get(last, "citationID"));
		if (!bib) {
			for (size_t i = 0; i < now.n; i++) {
				int changed = strcmp(now.ids[i], last_id) == 0;
				if (!changed) {
					changed = 1;
					for (size_t j = 0; j < before.n; j++)
						if (strcmp(before.ids[j], now.ids[i]) == 0) {
							changed = strcmp(txt_before[j], txt_now[i]) != 0;
							break;
						}
				}
				buf_printf(&b, "%s[%zu] %s\n", changed ? ">>" : "..", i,
					   txt_now[i]);
			}
		}
	} else if (fx->sec[S_CITATION_ITEMS]) {
		size_t n = json_array_size(clusters_json);
		csl_cluster *cl = quire_arena_alloc(a, (n ? n : 1) * sizeof *cl);
		if (!cl) {
			buf_puts(&b, "out of memory");
			goto done;
		}
		for (size_t i = 0; i < n; i++) {
			if (cites_of(json_array_get(clusters_json, i), a,
				     (csl_cite **)&cl[i].cites, &cl[i].n)) {
				buf_puts(&b, "CITATION-ITEMS: malformed");
				goto done;
			}
			cl[i].note_index = (int)i + 1;
		}
		char **txt = NULL;
		if (csl_engine_citations(e, cl, n, CSL_HTML, a, &txt, &err)) {
			buf_printf(&b, "citations: %s", err.msg);
			goto done;
		}
		if (!bib)
			for (size_t i = 0; i < n; i++)
				buf_printf(&b, "%s%s", i ? "\n" : "", txt[i]);
	} else if (!bib) {
		char *txt = NULL;
		if (csl_engine_cite_all(e, CSL_HTML, a, &txt, &err)) {
			buf_printf(&b, "citation: %s", err.msg);
			goto done;
		}
		buf_puts(&b, txt ? txt : "");
	}
	if (bib) {
		csl_bib bibl;
		if (csl_engine_bibliography(e, CSL_HTML, which != NULL, a, &bibl, &err)) {
			buf_printf(&b, "bibliography: %s", err.msg);
			goto done;
		}
		char *j = csl_bib_join(&bibl, CSL_HTML, a);
		buf_puts(&b, j ? j : "");
	}
	rc = 0;
done:
	json_decref(clusters_json);
	csl_engine_free(e);
	csl_style_free(s);
	quire_arena_free(a);
	if (buf_failed(&b)) {
		buf_free(&b);
		*out = xstrndup("out of memory", 13);
	} else {
		*out = buf_detach(&b, NULL);
	}
	return rc;
}

/* ---- results ---------------------------------------------------------- */

typedef enum verdict { V_PASS, V_FAIL, V_ERROR, V_CRASH } verdict;

/* Runs fx in a child (or in process with no_fork): verdict and, unless
 * passed, the output or error into *detail (malloc'ed). */
static verdict judge(const fixture *fx, locale_cache *lc, int no_fork,
		     char **detail)
{
	char *got = NULL;
	int rc;
	*detail = NULL;
	if (no_fork) {
		rc = run_fixture(fx, lc, &got);
	} else {
		int fd[2];
		if (pipe(fd) != 0) {
			*detail = xstrndup("pipe failed", 11);
			return V_ERROR;
		}
		fflush(NULL);
		pid_t pid = fork();
		if (pid < 0) {
			close(fd[0]);
			close(fd[1]);
			*detail = xstrndup("fork failed", 11);
			return V_ERROR;
		}
		if (pid == 0) {
			close(fd[0]);
			alarm(FIXTURE_SECONDS);
			char *o = NULL;
			int r = run_fixture(fx, lc, &o);
			char tag = r ? 'E' : 'O';
			size_t len = strlen(o), off = 0;
			if (write(fd[1], &tag, 1) != 1)
				_exit(3);
			while (off < len) {
				ssize_t w = write(fd[1], o + off, len - off);
				if (w <= 0)
					_exit(3);
				off += (size_t)w;
			}
			free(o);
			_exit(0);
		}
		close(fd[1]);
		buf_t b = BUF_INIT;
		char chunk[65536];
		ssize_t k;
		while ((k = read(fd[0], chunk, sizeof chunk)) != 0) {
			if (k < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			buf_append(&b, chunk, (size_t)k);
		}
		close(fd[0]);
		int st = 0;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || b.len == 0) {
			char msg[128];
			if (WIFSIGNALED(st))
				snprintf(msg, sizeof msg, "%s (signal %d)",
					 WTERMSIG(st) == SIGALRM ? "timeout" : "crash",
					 WTERMSIG(st));
			else
				snprintf(msg, sizeof msg, "child exit status %d",
					 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
			buf_free(&b);
			*detail = xstrndup(msg, strlen(msg));
			return V_CRASH;
		}
		rc = b.p[0] == 'E' ? -1 : 0;
		got = xstrndup(b.p + 1, b.len - 1);
		buf_free(&b);
	}
	if (rc) {
		*detail = got;
		return V_ERROR;
	}
	const char *e, *g;
	size_t en, gn;
	trim(fx->sec[S_RESULT], &e, &en);
	trim(got, &g, &gn);
	if (en == gn && memcmp(e, g, en) == 0) {
		free(got);
		return V_PASS;
	}
	*detail = got;
	return V_FAIL;
}

/* ---- the run ----------------------------------------------------------- */

typedef struct cat {
	char name[64];
	size_t pass, total;
} cat;

typedef struct names {
	char **v;
	size_t n, cap;
} names;

static void names_add(names *L, const char *s)
{
	if (L->n == L->cap) {
		L->cap = L->cap ? L->cap * 2 : 256;
		char **v = realloc(L->v, L->cap * sizeof *v);
		if (!v) {
			fputs("csl_suite: out of memory\n", stderr);
			exit(2);
		}
		L->v = v;
	}
	L->v[L->n++] = xstrndup(s, strlen(s));
}

static int names_has(const names *L, const char *s)
{
	for (size_t i = 0; i < L->n; i++)
		if (strcmp(L->v[i], s) == 0)
			return 1;
	return 0;
}

static void names_free(names *L)
{
	for (size_t i = 0; i < L->n; i++)
		free(L->v[i]);
	free(L->v);
	memset(L, 0, sizeof *L);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Adds the fixture files of path (a file, or a folder's *.txt) to L. */
static int collect(const char *path, names *L)
{
	DIR *d = opendir(path);
	if (!d) {
		if (errno == ENOTDIR) {
			names_add(L, path);
			return 0;
		}
		fprintf(stderr, "csl_suite: %s: %s\n", path, strerror(errno));
		return -1;
	}
	names here = {0};
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (de->d_name[0] == '.' || n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0)
			continue;
		char full[4096];
		snprintf(full, sizeof full, "%s/%s", path, de->d_name);
		names_add(&here, full);
	}
	closedir(d);
	qsort(here.v, here.n, sizeof *here.v, cmp_str);
	for (size_t i = 0; i < here.n; i++)
		names_add(L, here.v[i]);
	names_free(&here);
	return 0;
}

/* Reads a list of names (one a line; blank lines and '#' comments skipped). */
static int read_list(const char *path, names *L)
{
	size_t len;
	char *t = read_file(path, &len);
	if (!t) {
		fprintf(stderr, "csl_suite: %s: cannot read\n", path);
		return -1;
	}
	for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n")) {
		char *h = strchr(line, '#');
		if (h)
			*h = 0;
		const char *s;
		size_t n;
		trim(line, &s, &n);
		if (n) {
			char *x = xstrndup(s, n);
			names_add(L, x);
			free(x);
		}
	}
	free(t);
	return 0;
}

static void usage(void)
{
	fputs("usage: csl_suite [--locales DIR]... [--expect FILE] "
	      "[--write-passing FILE]\n"
	      "                 [-v] [--show NAME]... [--no-fork] [--quiet] "
	      "DIR|FILE...\n",
	      stderr);
}

int main(int argc, char **argv)
{
	locale_cache *lc = calloc(1, sizeof *lc);
	names files = {0}, expect = {0}, show = {0}, passing = {0}, regress = {0};
	const char *expect_path = NULL, *write_path = NULL;
	int verbose = 0, no_fork = 0, quiet = 0, have_expect = 0, strict = 0;
	if (!lc)
		return 2;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--locales") == 0 && i + 1 < argc) {
			if (lc->ndirs < MAX_LOCALE_DIRS)
				lc->dirs[lc->ndirs++] = argv[++i];
		} else if (strcmp(a, "--expect") == 0 && i + 1 < argc) {
			expect_path = argv[++i];
		} else if (strcmp(a, "--write-passing") == 0 && i + 1 < argc) {
			write_path = argv[++i];
		} else if (strcmp(a, "--show") == 0 && i + 1 < argc) {
			names_add(&show, argv[++i]);
		} else if (strcmp(a, "-v") == 0) {
			verbose = 1;
		} else if (strcmp(a, "--no-fork") == 0) {
			no_fork = 1;
		} else if (strcmp(a, "--quiet") == 0) {
			quiet = 1;
		} else if (strcmp(a, "--strict") == 0) {
			strict = 1;
		} else if (a[0] == '-') {
			usage();
			return 2;
		} else if (collect(a, &files)) {
			return 2;
		}
	}
	if (!files.n) {
		usage();
		return 2;
	}
	if (!lc->ndirs)
		lc->dirs[lc->ndirs++] = "/usr/share/citation-style-language/locales";
	if (expect_path) {
		if (read_list(expect_path, &expect))
			return 2;
		have_expect = 1;
	}
	/* the common locales once, in the parent, so children share them */
	locale_get(lc, "en-US");
	locale_get(lc, "de-DE");
	locale_get(lc, "fr-FR");

	cat cats[128] = {{{0}, 0, 0}};
	size_t ncat = 0, pass = 0, total = 0, crashes = 0, errors = 0;
	for (size_t i = 0; i < files.n; i++) {
		fixture fx;
		memset(&fx, 0, sizeof fx);
		const char *base = strrchr(files.v[i], '/');
		base = base ? base + 1 : files.v[i];
		snprintf(fx.name, sizeof fx.name, "%.*s",
			 (int)(strlen(base) > 4 ? strlen(base) - 4 : strlen(base)), base);
		size_t len;
		char *text = read_file(files.v[i], &len);
		const char *why = "cannot read";
		verdict v;
		char *detail = NULL;
		if (!text || fixture_parse(text, &fx, &why)) {
			v = V_ERROR;
			detail = xstrndup(why, strlen(why));
		} else {
			v = judge(&fx, lc, no_fork, &detail);
		}
		free(text);
		/* the category */
		char cname[64];
		const char *us = strchr(fx.name, '_');
		snprintf(cname, sizeof cname, "%.*s",
			 (int)(us ? (size_t)(us - fx.name) : strlen(fx.name)), fx.name);
		size_t c;
		for (c = 0; c < ncat; c++)
			if (strcmp(cats[c].name, cname) == 0)
				break;
		if (c == ncat && ncat < sizeof cats / sizeof cats[0]) {
			snprintf(cats[ncat].name, sizeof cats[ncat].name, "%s", cname);
			cats[ncat].pass = cats[ncat].total = 0;
			ncat++;
		}
		if (c < ncat) {
			cats[c].total++;
			cats[c].pass += v == V_PASS;
		}
		total++;
		crashes += v == V_CRASH;
		errors += v == V_ERROR;
		if (v == V_PASS)
			names_add(&passing, fx.name);
		else if (have_expect && names_has(&expect, fx.name))
			names_add(&regress, fx.name);
		int shown = names_has(&show, fx.name);
		if (v != V_PASS && (verbose || shown || v == V_CRASH) && !quiet) {
			static const char *const vn[] = {"PASS", "FAIL", "ERROR", "CRASH"};
			printf("%s %s\n", vn[v], fx.name);
			if (verbose || shown) {
				if (v == V_FAIL)
					printf("  expected: %s\n  got:      %s\n",
					       fx.sec[S_RESULT], detail);
				else
					printf("  %s\n", detail ? detail : "");
			}
		} else if (v == V_PASS && shown) {
			printf("PASS %s\n", fx.name);
		}
		free(detail);
		fixture_free(&fx);
	}
	/* the table */
	for (size_t x = 1; x < ncat; x++)
		for (size_t y = x; y > 0 && strcmp(cats[y - 1].name, cats[y].name) > 0; y--) {
			cat t = cats[y];
			cats[y] = cats[y - 1];
			cats[y - 1] = t;
		}
	printf("%-16s %6s %6s %7s\n", "category", "pass", "total", "rate");
	for (size_t c = 0; c < ncat; c++)
		printf("%-16s %6zu %6zu %6.1f%%\n", cats[c].name, cats[c].pass,
		       cats[c].total, 100.0 * (double)cats[c].pass / (double)cats[c].total);
	pass = passing.n;
	printf("%-16s %6zu %6zu %6.1f%%\n", "overall", pass, total,
	       total ? 100.0 * (double)pass / (double)total : 0.0);
	printf("(%zu errors, %zu crashes or timeouts)\n", errors, crashes);
	int rc = 0;
	if (write_path) {
		FILE *f = fopen(write_path, "w");
		if (!f) {
			fprintf(stderr, "csl_suite: %s: %s\n", write_path, strerror(errno));
			rc = 2;
		} else {
			fputs("# CSL test-suite fixtures that pass (tools/csl_suite "
			      "--write-passing); tests/csl/run_csl_suite.sh\n"
			      "# fails when one of them stops passing.\n", f);
			for (size_t i = 0; i < passing.n; i++)
				fprintf(f, "%s\n", passing.v[i]);
			if (fclose(f) != 0)
				rc = 2;
		}
	}
	if (regress.n) {
		printf("REGRESSIONS: %zu fixture(s) on %s no longer pass:\n", regress.n,
		       expect_path);
		for (size_t i = 0; i < regress.n; i++)
			printf("  %s\n", regress.v[i]);
		rc = 1;
	}
	if (strict && passing.n < total) {
		printf("STRICT: %zu of %zu fixture(s) failed\n", total - passing.n, total);
		rc = 1;
	}
	names_free(&files);
	names_free(&expect);
	names_free(&show);
	names_free(&passing);
	names_free(&regress);
	locale_cache_free(lc);
	free(lc);
	return rc;
}
