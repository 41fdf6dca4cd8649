/*
 * cslfiles.c — CSL style and locale files on this machine (cslfiles.h):
 * finding a style by name, loading it (a dependent style through its
 * parent), loading a language's locales, listing what is installed, and
 * formatting CSL-JSON items with a named style in one call.
 *
 * Decisions:
 *  - Styles are not copied into the repository or the library: Debian's
 *    citation-style-language-styles/-locales, a user folder and Zotero's
 *    folder are read as they are.  Person-chosen folders come first so a
 *    style put there wins over the system's one of the same name.
 *  - Listing reads only the head of each file (16 kB: the <info> block
 *    comes first in every style) and picks <title> and <id> out of it
 *    with a small scanner: a full XML parse of 2,500 styles would take
 *    seconds; this takes milliseconds.  Loading a style for formatting is
 *    a full parse (csl_style_load).
 *  - A dependent style (a name and a link to its parent, no layout) is
 *    followed one level: the parent is found by the last part of its URI
 *    ("http://www.zotero.org/styles/apa" -> apa.csl).  A dependent style
 *    whose parent is dependent again is refused (no chains, no loops).
 *  - Files are read with a size cap (CSL_MAX_XML) before parsing.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "buf.h"
#include "cslfiles.h"

char *cslf_read_file(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf_t b = BUF_INIT;
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(&b, chunk, k);
		if (b.len > max)
			break;
	}
	int bad = ferror(f) || buf_failed(&b) || b.len > max;
	fclose(f);
	if (bad) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}

static void add_dir(char (*dirs)[CSLF_PATH_MAX], size_t *n, size_t max,
		    const char *a, const char *b)
{
	if (*n >= max || !a || !*a)
		return;
	size_t la = strlen(a), lb = b ? strlen(b) : 0;
	if (la + lb >= CSLF_PATH_MAX)
		return;
	memcpy(dirs[*n], a, la);
	memcpy(dirs[*n] + la, b ? b : "", lb);
	dirs[*n][la + lb] = 0;
	(*n)++;
}

size_t cslf_dirs(int kind, char (*dirs)[CSLF_PATH_MAX], size_t max)
{
	size_t n = 0;
	const char *env = getenv(kind ? "QUIRE_CSL_LOCALES" : "QUIRE_CSL_STYLES");
	if (env && *env) {
		const char *p = env;
		while (*p && n < max) {
			const char *c = strchr(p, ':');
			size_t len = c ? (size_t)(c - p) : strlen(p);
			if (len && len < CSLF_PATH_MAX) {
				memcpy(dirs[n], p, len);
				dirs[n][len] = 0;
				n++;
			}
			p += len + (c ? 1 : 0);
		}
	}
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	const char *sub = kind ? "/quire/locales" : "/quire/styles";
	if (xdg && *xdg)
		add_dir(dirs, &n, max, xdg, sub);
	else if (home && *home) {
		char tmp[CSLF_PATH_MAX];
		snprintf(tmp, sizeof tmp, "%s/.local/share", home);
		add_dir(dirs, &n, max, tmp, sub);
	}
	if (!kind && home && *home)
		add_dir(dirs, &n, max, home, "/Zotero/styles");
	add_dir(dirs, &n, max,
		kind ? "/usr/share/citation-style-language/locales"
		     : "/usr/share/citation-style-language/styles",
		NULL);
	return n;
}

static int is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int cslf_find_style(const char *name, char *out, size_t size)
{
	if (!name || !*name)
		return -1;
	size_t len = strlen(name);
	int has_ext = len > 4 && strcmp(name + len - 4, ".csl") == 0;
	if (strncmp(name, "http://", 7) == 0 || strncmp(name, "https://", 8) == 0) {
		const char *slash = strrchr(name, '/');
		if (!slash || !slash[1])
			return -1;
		return cslf_find_style(slash + 1, out, size);
	}
	if (strchr(name, '/') || (has_ext && is_file(name))) {
		if (!is_file(name))
			return -1;
		snprintf(out, size, "%s", name);
		return 0;
	}
	/* a bare name: no dots leading out of the folders */
	if (name[0] == '.' || strchr(name, '\\'))
		return -1;
	char dirs[CSLF_DIRS_MAX][CSLF_PATH_MAX];
	size_t nd = cslf_dirs(0, dirs, CSLF_DIRS_MAX);
	int base = has_ext ? (int)len - 4 : (int)len;
	for (size_t i = 0; i < nd; i++) {
		char p[CSLF_PATH_MAX + 300];
		snprintf(p, sizeof p, "%s/%.*s.csl", dirs[i], base, name);
		if (is_file(p)) {
			snprintf(out, size, "%s", p);
			return 0;
		}
		snprintf(p, sizeof p, "%s/dependent/%.*s.csl", dirs[i], base, name);
		if (is_file(p)) {
			snprintf(out, size, "%s", p);
			return 0;
		}
	}
	return -1;
}

/* Loads the file at path as a style; NULL with err set. */
static csl_style *load_path(const char *path, quire_error *err)
{
	size_t len;
	char *xml = cslf_read_file(path, CSL_MAX_XML, &len);
	if (!xml) {
		quire_error_set(err, QUIRE_EINPUT, "%s: cannot read the style "
			"(missing, unreadable or over %zu bytes)", path,
			(size_t)CSL_MAX_XML);
		return NULL;
	}
	const char *base = strrchr(path, '/');
	csl_style *s = csl_style_load(xml, len, base ? base + 1 : path, err);
	free(xml);
	return s;
}

csl_style *cslf_load_style(const char *name, char *lang, size_t size,
			   quire_error *err)
{
	char path[CSLF_PATH_MAX];
	if (lang && size)
		lang[0] = 0;
	if (cslf_find_style(name, path, sizeof path)) {
		quire_error_set(err, QUIRE_EINPUT, "no style named '%s' (see quire styles)",
				name ? name : "");
		return NULL;
	}
	csl_style *s = load_path(path, err);
	if (!s)
		return NULL;
	const char *parent = csl_style_parent(s);
	if (!parent)
		return s;
	if (lang && size && csl_style_default_locale(s))
		snprintf(lang, size, "%s", csl_style_default_locale(s));
	char ppath[CSLF_PATH_MAX];
	if (cslf_find_style(parent, ppath, sizeof ppath)) {
		quire_error_set(err, QUIRE_EINPUT, "%s: its parent style %s is not installed",
				path, parent);
		csl_style_free(s);
		return NULL;
	}
	csl_style_free(s);
	s = load_path(ppath, err);
	if (s && csl_style_parent(s)) {
		quire_error_set(err, QUIRE_EINPUT, "%s: the parent style is itself dependent",
				ppath);
		csl_style_free(s);
		return NULL;
	}
	return s;
}

quire_status cslf_load_locales(const char *lang, cslf_locales *out,
			       quire_error *err)
{
	memset(out, 0, sizeof *out);
	const char *tags[CSL_LOCALE_CHAIN_MAX];
	size_t nt = csl_locale_chain(lang, tags);
	char dirs[CSLF_DIRS_MAX][CSLF_PATH_MAX];
	size_t nd = cslf_dirs(1, dirs, CSLF_DIRS_MAX);
	for (size_t t = 0; t < nt; t++) {
		if (strchr(tags[t], '/') || tags[t][0] == '.')
			continue;
		for (size_t i = 0; i < nd; i++) {
			char p[CSLF_PATH_MAX + 64];
			snprintf(p, sizeof p, "%s/locales-%s.xml", dirs[i], tags[t]);
			size_t len;
			char *xml = cslf_read_file(p, CSL_MAX_XML, &len);
			if (!xml)
				continue;
			csl_locale *l = csl_locale_load(xml, len, p, err);
			free(xml);
			if (!l)
				return QUIRE_EINPUT;
			out->l[out->n++] = l;
			break;
		}
	}
	return QUIRE_OK;
}

void cslf_locales_free(cslf_locales *L)
{
	for (size_t i = 0; i < L->n; i++)
		csl_locale_free(L->l[i]);
	L->n = 0;
}

/* ---- listing ------------------------------------------------------------- */

/* The text of the first <tag>…</tag> in s before "</info>", entities
 * decoded, malloc'ed ("" when absent). */
static char *info_field(const char *s, const char *tag)
{
	const char *end = strstr(s, "</info>");
	char open[32];
	snprintf(open, sizeof open, "<%s", tag);
	size_t ol = strlen(open);
	const char *p = s;
	buf_t b = BUF_INIT;
	while ((p = strstr(p, open)) != NULL && (!end || p < end)) {
		char c = p[ol];
		if (c != '>' && c != ' ' && c != '/') {
			p += ol;
			continue;
		}
		const char *gt = strchr(p, '>');
		if (!gt || gt[-1] == '/')
			break;
		const char *q = gt + 1;
		const char *close = strstr(q, "</");
		if (!close)
			break;
		while (q < close) {
			if (*q == '&') {
				const char *semi = memchr(q, ';', (size_t)(close - q));
				if (semi && semi - q < 10) {
					static const struct { const char *e, *c; } ents[] = {
						{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
						{"&quot;", "\""}, {"&apos;", "'"}};
					size_t el = (size_t)(semi - q) + 1;
					int done = 0;
					for (size_t k = 0; k < 5 && !done; k++)
						if (strlen(ents[k].e) == el &&
						    memcmp(q, ents[k].e, el) == 0) {
							buf_puts(&b, ents[k].c);
							done = 1;
						}
					if (!done)
						buf_append(&b, q, el);
					q = semi + 1;
					continue;
				}
			}
			if (*q == '\n' || *q == '\t' || *q == '\r')
				buf_putc(&b, ' ');
			else
				buf_putc(&b, *q);
			q++;
		}
		break;
	}
	if (!b.p)
		buf_puts(&b, "");
	if (buf_failed(&b)) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

typedef struct infos {
	cslf_info *v;
	size_t n, cap;
	int failed;
} infos;

static int cmp_info(const void *x, const void *y)
{
	return strcmp(((const cslf_info *)x)->name, ((const cslf_info *)y)->name);
}

static void scan_dir(infos *L, const char *dir, int dependent, size_t seen)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while (!L->failed && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (de->d_name[0] == '.' || n < 5 || strcmp(de->d_name + n - 4, ".csl") != 0)
			continue;
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(n - 4), de->d_name);
		/* hidden by an earlier folder? (the earlier ones are sorted) */
		if (seen) {
			cslf_info key = {.name = name};
			if (bsearch(&key, L->v, seen, sizeof *L->v, cmp_info))
				continue;
		}
		char path[CSLF_PATH_MAX + 300];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		char head[16385];
		size_t k = fread(head, 1, sizeof head - 1, f);
		fclose(f);
		head[k] = 0;
		int dep = dependent || strstr(head, "independent-parent") != NULL;
		if (L->n == L->cap) {
			size_t nc = L->cap ? L->cap * 2 : 256;
			cslf_info *v = realloc(L->v, nc * sizeof *v);
			if (!v) {
				L->failed = 1;
				break;
			}
			L->v = v;
			L->cap = nc;
		}
		cslf_info *e = &L->v[L->n];
		e->name = strdup(name);
		e->title = info_field(head, "title");
		e->id = info_field(head, "id");
		e->path = strdup(path);
		e->dependent = dep;
		if (!e->name || !e->title || !e->id || !e->path) {
			free(e->name);
			free(e->title);
			free(e->id);
			free(e->path);
			L->failed = 1;
			break;
		}
		L->n++;
	}
	closedir(d);
}

int cslf_list(int with_dependent, cslf_info **out, size_t *n)
{
	infos L = {0};
	char dirs[CSLF_DIRS_MAX][CSLF_PATH_MAX];
	size_t nd = cslf_dirs(0, dirs, CSLF_DIRS_MAX);
	for (size_t i = 0; i < nd && !L.failed; i++) {
		size_t seen = L.n;
		scan_dir(&L, dirs[i], 0, seen);
		if (with_dependent) {
			char dep[CSLF_PATH_MAX + 16];
			snprintf(dep, sizeof dep, "%s/dependent", dirs[i]);
			scan_dir(&L, dep, 1, seen);
		}
		/* keep everything sorted so the next folder can look names up;
		 * a name twice in one folder pair (dependent and not) keeps
		 * the independent one */
		qsort(L.v, L.n, sizeof *L.v, cmp_info);
		size_t w = 0;
		for (size_t r = 0; r < L.n; r++) {
			if (w && strcmp(L.v[w - 1].name, L.v[r].name) == 0) {
				cslf_info *keep = &L.v[w - 1], *drop = &L.v[r];
				if (keep->dependent && !drop->dependent) {
					cslf_info t = *keep;
					*keep = *drop;
					*drop = t;
				}
				free(drop->name);
				free(drop->title);
				free(drop->id);
				free(drop->path);
				continue;
			}
			L.v[w++] = L.v[r];
		}
		L.n = w;
	}
	if (!with_dependent) {
		size_t w = 0;
		for (size_t r = 0; r < L.n; r++) {
			if (L.v[r].dependent) {
				free(L.v[r].name);
				free(L.v[r].title);
				free(L.v[r].id);
				free(L.v[r].path);
				continue;
			}
			L.v[w++] = L.v[r];
		}
		L.n = w;
	}
	if (L.failed) {
		cslf_list_free(L.v, L.n);
		return -1;
	}
	*out = L.v;
	*n = L.n;
	return 0;
}

void cslf_list_free(cslf_info *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].title);
		free(v[i].id);
		free(v[i].path);
	}
	free(v);
}

/* ---- formatting ---------------------------------------------------------- */

/* CSLF_ENTRIES: every item on its own line, in input order (ids read
 * from the JSON; an item without an id gets what the engine gives it,
 * "ITEM-<n>").  As notes, an item's own "locator" (a classical text's
 * canonical place, "1253a7-18") is the cite's. */
static quire_status entries(csl_engine *e, const csl_style *s, const char *json,
			    size_t n, csl_format fmt, quire_arena *a, char **out,
			    quire_error *err)
{
	json_error_t je;
	json_t *root = json_loadb(json, n, 0, &je);
	if (!root)
		return quire_error_set(err, QUIRE_EINPUT, "items: line %d: %s",
				       je.line, je.text);
	size_t ni = json_is_array(root) ? json_array_size(root) : 1;
	const char **ids = quire_arena_alloc(a, (ni ? ni : 1) * sizeof *ids);
	const char **locs = quire_arena_alloc(a, (ni ? ni : 1) * sizeof *locs);
	char **txt = quire_arena_alloc(a, (ni ? ni : 1) * sizeof *txt);
	quire_status rc = QUIRE_OK;
	if (!ids || !locs || !txt) {
		json_decref(root);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < ni; i++) {
		json_t *it = json_is_array(root) ? json_array_get(root, i) : root;
		json_t *id = json_object_get(it, "id");
		char num[48];
		const char *v = json_string_value(id);
		if (json_is_integer(id)) {
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(id));
			v = num;
		} else if (!v) {
			snprintf(num, sizeof num, "ITEM-%zu", i + 1);
			v = num;
		}
		ids[i] = quire_arena_strndup(a, v, strlen(v));
		json_t *loc = json_object_get(it, "locator");
		locs[i] = json_is_string(loc) ? quire_arena_strndup(a, json_string_value(loc),
								  json_string_length(loc))
					      : NULL;
		txt[i] = NULL;
	}
	json_decref(root);
	if (csl_style_has_bibliography(s)) {
		csl_bib bib;
		if ((rc = csl_engine_bibliography(e, fmt, 0, a, &bib, err)) != QUIRE_OK)
			return rc;
		for (size_t k = 0; k < bib.n; k++)
			for (size_t i = 0; i < ni; i++)
				if (!txt[i] && ids[i] && bib.ids[k] &&
				    strcmp(ids[i], bib.ids[k]) == 0) {
					txt[i] = bib.entries[k];
					break;
				}
	} else {
		csl_cite *c = quire_arena_alloc(a, (ni ? ni : 1) * sizeof *c);
		csl_cluster *cl = quire_arena_alloc(a, (ni ? ni : 1) * sizeof *cl);
		if (!c || !cl)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		for (size_t i = 0; i < ni; i++) {
			memset(&c[i], 0, sizeof c[i]);
			c[i].id = ids[i];
			c[i].locator = locs[i];
			c[i].position = -1;
			cl[i].cites = &c[i];
			cl[i].n = 1;
			cl[i].note_index = (int)i + 1;
		}
		char **o = NULL;
		if ((rc = csl_engine_citations(e, cl, ni, fmt, a, &o, err)) != QUIRE_OK)
			return rc;
		for (size_t i = 0; i < ni; i++)
			txt[i] = o[i];
	}
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < ni; i++) {
		buf_puts(&b, txt[i] ? txt[i] : "");
		buf_putc(&b, '\n');
	}
	*out = buf_failed(&b) ? NULL : buf_to_arena(&b, a);
	buf_free(&b);
	return *out ? QUIRE_OK : quire_error_set(err, QUIRE_ENOMEM, "out of memory");
}

quire_status cslf_open(const char *style, const char *lang, cslf_styled *out,
			quire_error *err)
{
	char dlang[64];
	memset(out, 0, sizeof *out);
	out->s = cslf_load_style(style, dlang, sizeof dlang, err);
	if (!out->s)
		return QUIRE_EINPUT;
	if (!lang || !*lang)
		lang = dlang[0] ? dlang : csl_style_default_locale(out->s);
	snprintf(out->lang, sizeof out->lang, "%s", lang ? lang : "");
	quire_status rc = cslf_load_locales(out->lang[0] ? out->lang : NULL, &out->L, err);
	if (rc != QUIRE_OK)
		cslf_close(out);
	return rc;
}

void cslf_close(cslf_styled *st)
{
	cslf_locales_free(&st->L);
	csl_style_free(st->s);
	memset(st, 0, sizeof *st);
}

quire_status cslf_format_open(const cslf_styled *st, const char *json, size_t n,
			      cslf_mode mode, csl_format fmt, quire_arena *a,
			      char **out, quire_error *err)
{
	quire_status rc = QUIRE_OK;
	*out = NULL;
	csl_engine *e = csl_engine_new(st->s, st->lang[0] ? st->lang : NULL,
				       (const csl_locale *const *)st->L.l, st->L.n, err);
	if (!e)
		return QUIRE_EINPUT;
	if ((rc = csl_engine_add_items(e, json, n, err)) != QUIRE_OK)
		goto done;
	if (mode == CSLF_CITATION) {
		rc = csl_engine_cite_all(e, fmt, a, out, err);
	} else if (mode == CSLF_BIBLIOGRAPHY) {
		csl_bib bib;
		if ((rc = csl_engine_bibliography(e, fmt, 0, a, &bib, err)) != QUIRE_OK)
			goto done;
		*out = csl_bib_join(&bib, fmt, a);
		if (!*out)
			rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	} else {
		rc = entries(e, st->s, json, n, fmt, a, out, err);
	}
done:
	csl_engine_free(e);
	return rc;
}

quire_status cslf_format(const char *style, const char *lang, const char *json,
			 size_t n, cslf_mode mode, csl_format fmt,
			 quire_arena *a, char **out, quire_error *err)
{
	cslf_styled st;
	*out = NULL;
	quire_status rc = cslf_open(style, lang, &st, err);
	if (rc != QUIRE_OK)
		return rc;
	rc = cslf_format_open(&st, json, n, mode, fmt, a, out, err);
	cslf_close(&st);
	return rc;
}
