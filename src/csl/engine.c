/*
 * engine.c — the engine: locale chain, items, sorting, disambiguation,
 * citations (positions) and the bibliography (subsequent-author-substitute).
 *
 * Renders whose text is copied out (disambiguation texts, sort keys,
 * bibliography entries) use the engine's scratch arena, renewed while it
 * still fits its first 64 KB chunk (memory stays flat and warm over big
 * batches: a bigger chunk would be mapped fresh and fault in page by page),
 * and are written through one reused buffer.  Name options are resolved
 * once per engine (render.c's cache).  Sort keys are rendered once per
 * item (CM_SORT mode: names in sort order without "and", apart by a byte
 * below any letter; dates as fixed-width numbers) and compared case-folded
 * without commas and double quotes, numbers numerically, empty keys last.  Disambiguation works on the first-cite
 * text of every item: ambiguous groups get more names, then given names,
 * then year suffixes (in bibliography order), then disambiguate="true".
 */
#include "csl_int.h"

#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <strings.h>
#include <utf8proc.h>

static const char *loc_primary(const char *lang, char *b, size_t n)
{
	size_t l = strcspn(lang, "-_");
	if (l >= n)
		l = n - 1;
	memcpy(b, lang, l);
	b[l] = 0;
	return b;
}

csl_engine *csl_engine_new(const csl_style *s, const char *lang,
			   const csl_locale *const *locales, size_t n,
			   quire_error *err)
{
	if (!s || (!s->cit_layout)) {
		quire_error_set(err, QUIRE_EUSAGE, "%s: a dependent style cannot format (parent %s)",
				s ? s->name : "style", s && s->parent ? s->parent : "unknown");
		return NULL;
	}
	csl_engine *e = calloc(1, sizeof *e);
	if (!e || !(e->a = quire_arena_new(0))) {
		free(e);
		quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		return NULL;
	}
	e->s = s;
	if (!lang || !*lang)
		lang = s->default_locale ? s->default_locale : "en-US";
	char prim[16];
	loc_primary(lang, prim, sizeof prim);
	/* style locales: exact, primary language, none */
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < s->n_locales && e->lc.n < 16; i++) {
			const char *ll = s->locales[i]->lang;
			int ok = pass == 0 ? ll && !strcmp(ll, lang) :
				pass == 1 ? ll && !strcmp(ll, prim) && strcmp(ll, lang) :
				!ll;
			if (ok)
				e->lc.l[e->lc.n++] = s->locales[i];
		}
	for (size_t i = 0; i < n && e->lc.n < 16; i++)
		if (locales[i])
			e->lc.l[e->lc.n++] = locales[i];
	e->english = !strncmp(lang, "en", 2);
	csl_lchain_index(&e->lc, e->a);
	e->noc = csl_nocache_new(e->a);
	return e;
}

void csl_engine_free(csl_engine *e)
{
	if (!e)
		return;
	quire_arena_free(e->a);
	quire_arena_free(e->scratch);
	buf_free(&e->ob);
	free(e->items);
	free(e->by_id);
	free(e);
}

#define CSL_NO_FORM "[CSL STYLE ERROR: reference with no printed form.]"

/* What an item that renders to nothing shows (as citeproc-js): the
 * placeholder, after pre (a bibliography's "2. ") when given. */
static csl_out *no_printed_form(quire_arena *a, const char *pre)
{
	csl_out *w = quire_arena_alloc(a, sizeof *w);
	csl_out *l = quire_arena_alloc(a, sizeof *l);
	if (!w || !l)
		return NULL;
	memset(w, 0, sizeof *w);
	memset(l, 0, sizeof *l);
	l->no_markup = 1;
	l->text = CSL_NO_FORM;
	if (pre) {
		size_t n = strlen(pre);
		char *t = quire_arena_alloc(a, n + sizeof CSL_NO_FORM);
		if (!t)
			return NULL;
		memcpy(t, pre, n);
		memcpy(t + n, CSL_NO_FORM, sizeof CSL_NO_FORM);
		l->text = t;
	}
	w->kids = w->last = l;
	return w;
}

static size_t id_hash(const char *id)
{
	size_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

/* The item with this id, or NULL: a hash lookup (the id table). */
static csl_item *find_item(const csl_engine *e, const char *id)
{
	if (!e->by_id)
		return NULL;
	for (size_t k = id_hash(id) & e->by_id_mask; e->by_id[k];
	     k = (k + 1) & e->by_id_mask) {
		csl_item *it = e->items[e->by_id[k] - 1];
		if (!strcmp(it->id, id))
			return it;
	}
	return NULL;
}

static void by_id_put(size_t *tab, size_t mask, const csl_item *it, size_t i)
{
	size_t k = id_hash(it->id) & mask;
	while (tab[k])
		k = (k + 1) & mask;
	tab[k] = i + 1;
}

/* Room in the id table for n items (kept at most half full). */
static int by_id_reserve(csl_engine *e, size_t n)
{
	if (e->by_id && n * 2 <= e->by_id_mask + 1)
		return 0;
	size_t cap = 64;
	while (cap < n * 2)
		cap *= 2;
	size_t *tab = calloc(cap, sizeof *tab);
	if (!tab)
		return -1;
	for (size_t i = 0; i < e->n_items; i++)
		by_id_put(tab, cap - 1, e->items[i], i);
	free(e->by_id);
	e->by_id = tab;
	e->by_id_mask = cap - 1;
	return 0;
}

quire_status csl_engine_add_items(csl_engine *e, const char *json, size_t n,
				  quire_error *err)
{
	csl_item *items;
	size_t k;
	quire_status st = csl_items_parse(e->a, json, n, e->n_items, &items, &k, err);
	if (st)
		return st;
	/* room for all of them at once: one table and one array, not a
	 * doubling of each while items are added */
	if (by_id_reserve(e, e->n_items + k))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	if (e->n_items + k > e->cap_items) {
		csl_item **ni = realloc(e->items, (e->n_items + k) * sizeof *ni);
		if (!ni)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		e->items = ni;
		e->cap_items = e->n_items + k;
	}
	for (size_t i = 0; i < k; i++) {
		if (find_item(e, items[i].id))
			continue;
		if (e->n_items == e->cap_items) {
			size_t nc = e->cap_items ? e->cap_items * 2 : 16;
			csl_item **ni = realloc(e->items, nc * sizeof *ni);
			if (!ni)
				return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
			e->items = ni;
			e->cap_items = nc;
		}
		items[i].index = e->n_items;
		items[i].citation_number = (int)e->n_items + 1;
		by_id_put(e->by_id, e->by_id_mask, &items[i], e->n_items);
		e->items[e->n_items++] = &items[i];
	}
	return QUIRE_OK;
}

size_t csl_engine_n_items(const csl_engine *e)
{
	return e->n_items;
}

/* ---- rendering one item ---- */

static void rctx_init(csl_rctx *r, const csl_engine *e, quire_arena *a,
		      const csl_item *it, int mode)
{
	memset(r, 0, sizeof *r);
	r->e = e;
	r->s = e->s;
	r->lc = &e->lc;
	r->a = a;
	r->it = it;
	r->mode = mode;
	r->position = -1;
	r->ctx_el = mode == CM_BIBLIOGRAPHY ? e->s->bibliography : e->s->citation;
	r->english = e->english;
	if (it->lang && *it->lang)
		r->english = !strncmp(it->lang, "en", 2) &&
			     (!it->lang[2] || it->lang[2] == '-' || it->lang[2] == '_');
}

/* o written as fmt into dst, through the engine's reused buffer. */
static char *out_string(csl_engine *e, const csl_out *o, csl_format fmt,
			quire_arena *dst)
{
	buf_reset(&e->ob);
	csl_out_write(o, &e->lc, fmt, &e->ob);
	if (buf_failed(&e->ob)) {
		buf_free(&e->ob);
		return NULL;
	}
	return quire_arena_strndup(dst, e->ob.len ? e->ob.p : "", e->ob.len);
}

/* The engine's scratch arena for one render whose output is copied out
 * (nothing in it may be kept across calls): renewed once it holds 48 KB,
 * so it stays within its first 64 KB chunk, which malloc hands back warm
 * (a bigger chunk is mapped fresh and faults on every page it touches). */
#define SCRATCH_MAX ((size_t)48 << 10)

static quire_arena *scratch(csl_engine *e)
{
	if (e->scratch && quire_arena_used(e->scratch) > SCRATCH_MAX) {
		quire_arena_free(e->scratch);
		e->scratch = NULL;
	}
	if (!e->scratch)
		e->scratch = quire_arena_new(0);
	return e->scratch;
}

/* ---- sorting ---- */

typedef struct skey {
	const char **k; /* one per key */
	csl_item *it;
} skey;


static char *fold(quire_arena *a, const char *s)
{
	/* strip markup, leading punctuation, commas and double quotes,
	 * case-fold, drop accents */
	utf8proc_uint8_t *out = NULL;
	size_t n = strlen(s);
	char *tmp = quire_arena_alloc(a, n + 1);
	if (!tmp)
		return NULL;
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<') {
			const char *e = strchr(s + i, '>');
			if (e) {
				i = (size_t)(e - s);
				continue;
			}
		}
		if (j == 0 && (s[i] == '[' || s[i] == '"' || s[i] == '\'' || s[i] == '('))
			continue;
		if (j == 0 && i + 2 < n && (unsigned char)s[i] == 0xE2 &&
		    (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] >= 0x98 &&
		    (unsigned char)s[i + 2] <= 0x9D) {
			i += 2; /* a leading curly quote */
			continue;
		}
		/* commas and double quotes inside do not order (citeproc-js) */
		if (s[i] == ',' || s[i] == '"')
			continue;
		if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x9C || (unsigned char)s[i + 2] == 0x9D)) {
			i += 2;
			continue;
		}
		tmp[j++] = s[i];
	}
	tmp[j] = 0;
	size_t q = 0;
	while (q < j && !((unsigned char)tmp[q] & 0x80))
		q++;
	if (q == j) {
		/* ASCII: case folding is lower-casing, nothing to strip */
		for (q = 0; q < j; q++)
			if (tmp[q] >= 'A' && tmp[q] <= 'Z')
				tmp[q] = (char)(tmp[q] + 32);
		return tmp;
	}
	utf8proc_map((const utf8proc_uint8_t *)tmp, (utf8proc_ssize_t)j, &out,
		     UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_DECOMPOSE |
		     UTF8PROC_NULLTERM);
	if (!out)
		return tmp;
	char *r = quire_arena_strndup(a, (const char *)out, strlen((const char *)out));
	free(out);
	return r;
}

static int is_int(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int cmp_keys(const skey *x, const skey *y, const csl_node *sort)
{
	int i = 0;
	for (const csl_node *k = sort->kids; k; k = k->next, i++) {
		if (k->kind != CN_KEY)
			continue;
		const char *a = x->k[i], *b = y->k[i];
		const char *so = csl_attr_get(k, "sort");
		int desc = so && !strcmp(so, "descending");
		int ea = !a || !*a, eb = !b || !*b;
		if (ea || eb) {
			if (ea && eb)
				continue;
			return ea ? 1 : -1; /* empty last, either direction */
		}
		int c;
		if (is_int(a) && is_int(b)) {
			long la = atol(a), lb = atol(b);
			c = la < lb ? -1 : la > lb;
		} else
			c = strcmp(a, b);
		if (c)
			return desc ? -c : c;
	}
	return x->it->index < y->it->index ? -1 : x->it->index > y->it->index;
}

static int qcmp(const void *pa, const void *pb, void *sort)
{
	return cmp_keys(pa, pb, sort);
}

/* Sort keys kept from one sort of the bibliography to the next (the
 * year-suffix ranking, then the bibliography itself): k[item index] with
 * the year suffix the item had then (a key may show it); NULL: none yet. */
typedef struct skcache {
	quire_arena *a;
	const char ***k;
	int *ys;
	size_t n;
} skcache;

/* Sorts items[0..n) by sort (mode: the context element's names options).
 * With kc, an item's keys are taken from kc when its year suffix is what
 * it was when they were made, and kept there otherwise. */
static int sort_items(csl_engine *e, csl_item **items, size_t n,
		      const csl_node *sort, int mode, skcache *kc)
{
	if (!sort || n < 2)
		return 0;
	size_t nk = 0;
	for (const csl_node *k = sort->kids; k; k = k->next)
		nk++;
	quire_arena *a = quire_arena_new(0);
	skey *keys = calloc(n, sizeof *keys);
	if (!a || !keys) {
		quire_arena_free(a);
		free(keys);
		return -1;
	}
	if (kc && !kc->a)
		kc = NULL;
	quire_arena *ka = kc ? kc->a : a; /* where keys live */
	csl_node syn, lay; /* outlive the render whose output points at them */
	csl_attr at;
	for (size_t i = 0; i < n; i++) {
		keys[i].it = items[i];
		size_t ix = items[i]->index;
		int cached = kc && ix < kc->n;
		if (cached && kc->k[ix] && kc->ys[ix] == items[i]->year_suffix) {
			keys[i].k = kc->k[ix];
			continue;
		}
		keys[i].k = quire_arena_alloc(ka, (nk ? nk : 1) * sizeof(char *));
		if (!keys[i].k)
			break;
		if (cached) {
			kc->k[ix] = keys[i].k;
			kc->ys[ix] = items[i]->year_suffix;
		}
		size_t j = 0;
		for (const csl_node *k = sort->kids; k; k = k->next, j++) {
			keys[i].k[j] = NULL;
			if (k->kind != CN_KEY)
				continue;
			csl_rctx r;
			quire_arena *sa = scratch(e);
			if (!sa)
				continue; /* no memory: an empty key */
			rctx_init(&r, e, sa, items[i], CM_SORT);
			r.ctx_el = mode == CM_BIBLIOGRAPHY ? e->s->bibliography : e->s->citation;
			const char *v = csl_attr_get(k, "names-min");
			if (v) {
				r.sort_names_min = atoi(v);
				v = csl_attr_get(k, "names-use-first");
				r.sort_names_first = v ? atoi(v) : -1; /* -1 unset */
				v = csl_attr_get(k, "names-use-last");
				r.sort_names_last = v ? !strcmp(v, "true") : -1; /* -1: the style's */
			}
			const char *var = k->var;
			csl_out *o = NULL;
			if (k->macro)
				o = csl_render(&r, k->macro);
			else if (var) {
				const csl_var *cv = csl_item_var_id(items[i], k->vid, var);
				if (cv && cv->kind == CV_STR) {
					keys[i].k[j] = csl_is_numeric(cv->s) && is_int(cv->s) ? cv->s : fold(ka, cv->s);
					continue;
				}
				if (!strcmp(var, "citation-number")) {
					char b[16];
					snprintf(b, sizeof b, "%d", items[i]->citation_number);
					keys[i].k[j] = quire_arena_strndup(ka, b, strlen(b));
					continue;
				}
				/* names or date: render a synthetic element */
				memset(&syn, 0, sizeof syn);
				at.k = "variable";
				at.v = var;
				syn.attrs = &at;
				syn.n_attrs = 1;
				syn.var = var;
				syn.vid = k->vid;
				syn.vl = k->vl;
				syn.vli = k->vli;
				syn.n_vl = k->n_vl;
				/* a citation-label the item lacks is made (a trigraph) */
				int label = !cv && !strcmp(var, "citation-label");
				syn.kind = label ? CN_TEXT :
					cv && cv->kind == CV_NAMES ? CN_NAMES : CN_DATE;
				memset(&lay, 0, sizeof lay);
				lay.kids = &syn;
				if (cv || label)
					o = csl_render(&r, &lay);
			}
			if (o) {
				char *s = out_string(e, o, CSL_TEXT, ka);
				keys[i].k[j] = is_int(s) ? s : fold(ka, s);
			}
		}
	}
	qsort_r(keys, n, sizeof *keys, qcmp, (void *)sort);
	for (size_t i = 0; i < n; i++)
		items[i] = keys[i].it;
	free(keys);
	quire_arena_free(a);
	return 0;
}

/* ---- disambiguation ---- */

static char *cite_text_m(csl_engine *e, csl_item *it, quire_arena *a, int test)
{
	csl_rctx r;
	quire_arena *sa = scratch(e);
	if (!sa)
		return "";
	rctx_init(&r, e, sa, it, CM_CITATION);
	r.position = CSL_POS_FIRST;
	r.disamb_test = test;
	r.disamb = 1;
	csl_out *o = csl_render(&r, e->s->cit_layout);
	const char *t = o ? out_string(e, o, CSL_TEXT, a) : NULL;
	return t ? (char *)t : "";
}

typedef struct dtext {
	const char *t;
	size_t i;
} dtext;

static int cmp_dtext(const void *pa, const void *pb)
{
	const dtext *x = pa, *y = pb;
	int c = strcmp(x->t, y->t);
	return c ? c : (x->i < y->i ? -1 : x->i > y->i);
}

/* Sorts every item's first cite by text, so equal texts are adjacent
 * (O(n log n) however many items).  txt[i] caches item i's text: only
 * items whose text is NULL (never rendered, or their disambiguation state
 * changed since) are rendered again, so the passes after the first cost
 * the ambiguous groups only.  A first cite's text depends on nothing but
 * its item's own state (add_names, given, disamb; year_suffix is 0 here). */
static void texts_sorted(csl_engine *e, dtext *d, const char **txt,
			 quire_arena *a, int test)
{
	for (size_t i = 0; i < e->n_items; i++) {
		if (!txt[i])
			txt[i] = cite_text_m(e, e->items[i], a, test);
		d[i].t = txt[i];
		d[i].i = i;
	}
	qsort(d, e->n_items, sizeof *d, cmp_dtext);
}

static size_t max_names(const csl_item *it)
{
	size_t m = 0;
	for (size_t i = 0; i < it->n_vars; i++)
		if (it->vars[i].kind == CV_NAMES && it->vars[i].n_names > m)
			m = it->vars[i].n_names;
	return m;
}

/* Is x's text different from every non-twin's in the group? */
static int resolved(char **tt, char **full, size_t g, size_t x)
{
	for (size_t y = 0; y < g; y++)
		if (y != x && strcmp(full[x], full[y]) && !strcmp(tt[x], tt[y]))
			return 0;
	return 1;
}

#define DGROUP_MAX 32 /* bigger ambiguous groups go straight to year suffixes */

/*
 * An ambiguous group m[0..g): names are added one at a time to every
 * member (et-al expansion); a member keeps the fewest that tell it from
 * every other member that some number of names can tell apart, else none.
 * With by-cite given names, the probing shows full given names, then each
 * shown name gets the least expansion (none, initials, full) that keeps
 * the member told apart.  Names are compared as bare lists (an "et al."
 * is no difference).
 */
static void names_step(csl_engine *e, csl_item **m, size_t g, int add_names,
		       int by_cite, quire_arena *a)
{
	char *tt[DGROUP_MAX], *full[DGROUP_MAX];
	int kx[DGROUP_MAX];
	size_t K = 0;
	if (add_names)
		for (size_t x = 0; x < g; x++)
			if (max_names(m[x]) > K)
				K = max_names(m[x]);
	if (K > 64)
		K = 64;
	for (size_t x = 0; x < g; x++) {
		if (by_cite)
			memset(m[x]->given, 2, sizeof m[x]->given);
		m[x]->add_names = (int)K;
		kx[x] = -1;
	}
	for (size_t x = 0; x < g; x++)
		full[x] = cite_text_m(e, m[x], a, 1);
	size_t twins = 1;
	while (twins < g && !strcmp(full[twins], full[0]))
		twins++;
	if (twins == g) {
		/* all alike even with every name in full (duplicates): nothing
		 * tells them apart, so the probing below would end where this
		 * does, no names added, every shown given name at the style's
		 * form, only after some renders per name and member */
		for (size_t x = 0; x < g; x++) {
			m[x]->add_names = 0;
			if (by_cite) {
				size_t mn = max_names(m[x]) + 1;
				memset(m[x]->given, 2, CSL_GIVEN_MAX);
				memset(m[x]->given, 0, mn < CSL_GIVEN_MAX ? mn : CSL_GIVEN_MAX);
			}
		}
		return;
	}
	for (size_t k = 0; k <= K; k++) {
		for (size_t x = 0; x < g; x++) {
			m[x]->add_names = (int)k;
			tt[x] = cite_text_m(e, m[x], a, 1);
		}
		int open = 0;
		for (size_t x = 0; x < g; x++)
			if (kx[x] < 0) {
				if (resolved(tt, full, g, x))
					kx[x] = (int)k;
				else
					open = 1;
			}
		if (!open)
			break;
	}
	for (size_t x = 0; x < g; x++)
		m[x]->add_names = kx[x] < 0 ? 0 : kx[x];
	if (!by_cite)
		return;
	/* least given-name expansion per name, compared at the same state */
	unsigned char lv[CSL_GIVEN_MAX], save[DGROUP_MAX][CSL_GIVEN_MAX];
	int savek[DGROUP_MAX];
	for (size_t x = 0; x < g; x++) {
		memcpy(save[x], m[x]->given, CSL_GIVEN_MAX);
		savek[x] = m[x]->add_names;
	}
	unsigned char res[DGROUP_MAX][CSL_GIVEN_MAX];
	for (size_t x = 0; x < g; x++) {
		memset(res[x], 0, CSL_GIVEN_MAX);
		if (kx[x] < 0 && 0)
			continue;
		memset(lv, 2, sizeof lv);
		int ok_full = -1;
		for (size_t i = 0; i <= CSL_GIVEN_MAX; i++) {
			/* i == CSL_GIVEN_MAX: check the full vector first */
			size_t pos = i == 0 ? CSL_GIVEN_MAX : i - 1;
			int lmax = pos == CSL_GIVEN_MAX ? 0 : 2;
			for (int l = 0; l <= lmax; l++) {
				if (pos < CSL_GIVEN_MAX)
					lv[pos] = (unsigned char)l;
				for (size_t y = 0; y < g; y++) {
					memcpy(m[y]->given, lv, CSL_GIVEN_MAX);
					m[y]->add_names = savek[x];
					tt[y] = cite_text_m(e, m[y], a, 1);
				}
				int ok = resolved(tt, full, g, x);
				if (pos == CSL_GIVEN_MAX) {
					ok_full = ok;
					break;
				}
				if (ok || l == 2)
					break;
			}
			if (!ok_full)
				break;
			if (pos >= max_names(m[x]) && pos < CSL_GIVEN_MAX)
				break;
		}
		if (ok_full)
			memcpy(res[x], lv, CSL_GIVEN_MAX);
	}
	for (size_t x = 0; x < g; x++) {
		memcpy(m[x]->given, res[x], CSL_GIVEN_MAX);
		m[x]->add_names = savek[x];
	}
	(void)save;
}

/* First letters of the words of a given name, for comparing initials. */
static void initials_of(const char *gv, char *b, size_t n)
{
	size_t j = 0;
	int start = 1;
	for (const char *p = gv ? gv : ""; *p && j + 1 < n; p++) {
		if (*p == ' ' || *p == '.' || *p == '-') {
			start = 1;
			continue;
		}
		if (start)
			b[j++] = *p;
		start = 0;
	}
	b[j] = 0;
}

typedef struct gname {
	const csl_name *nm;
	csl_item *it;
	size_t pos;
} gname;

/* Same family name, particle included? */
static int fam_cmp(const csl_name *x, const csl_name *y)
{
	int c = strcmp(x->ndp ? x->ndp : "", y->ndp ? y->ndp : "");
	return c ? c : strcmp(x->family, y->family);
}

/* Same given name, spacing and periods aside ("J. J." = "J.J.")? */
static int given_same(const char *x, const char *y)
{
	for (;;) {
		while (*x == ' ' || *x == '.')
			x++;
		while (*y == ' ' || *y == '.')
			y++;
		if (*x != *y)
			return 0;
		if (!*x)
			return 1;
		x++;
		y++;
	}
}

static int cmp_gname(const void *pa, const void *pb)
{
	const gname *x = pa, *y = pb;
	int c = fam_cmp(x->nm, y->nm);
	if (c)
		return c;
	return x->it->index < y->it->index ? -1 : x->it->index > y->it->index;
}

/* Global given-name rules: every shown name (or the first, primary-name)
 * sharing a family name with another person gets initials, or its full
 * given name when the initials are the same too (with-initials: initials
 * at most).  Names sorted by family, so work is O(n log n) plus runs. */
static void global_names(csl_engine *e, int primary, int initials_only)
{
	size_t cap = 0;
	for (size_t i = 0; i < e->n_items; i++) {
		const csl_var *v = csl_item_var(e->items[i], "author");
		if (!v || v->kind != CV_NAMES)
			v = csl_item_var(e->items[i], "editor");
		if (v && v->kind == CV_NAMES)
			cap += primary ? 1 : (v->n_names < CSL_GIVEN_MAX ? v->n_names : CSL_GIVEN_MAX);
	}
	gname *gn = malloc((cap + 1) * sizeof *gn);
	if (!gn)
		return;
	size_t ng = 0;
	for (size_t i = 0; i < e->n_items; i++) {
		const csl_var *v = csl_item_var(e->items[i], "author");
		if (!v || v->kind != CV_NAMES)
			v = csl_item_var(e->items[i], "editor");
		if (!v || v->kind != CV_NAMES)
			continue;
		for (size_t k = 0; k < v->n_names && k < CSL_GIVEN_MAX && (!primary || k == 0); k++)
			if (v->names[k].family && ng < cap) {
				gn[ng].nm = &v->names[k];
				gn[ng].it = e->items[i];
				gn[ng].pos = k;
				ng++;
			}
	}
	qsort(gn, ng, sizeof *gn, cmp_gname);
	for (size_t s0 = 0; s0 < ng;) {
		size_t s1 = s0 + 1;
		while (s1 < ng && !fam_cmp(gn[s1].nm, gn[s0].nm))
			s1++;
		for (size_t x = s0; x < s1 && s1 - s0 <= 256; x++) {
			const char *gx = gn[x].nm->given ? gn[x].nm->given : "";
			char ix[32], iy[32];
			initials_of(gx, ix, sizeof ix);
			int need = 0;
			for (size_t y = s0; y < s1; y++) {
				const char *gy = gn[y].nm->given ? gn[y].nm->given : "";
				if (given_same(gx, gy))
					continue;
				initials_of(gy, iy, sizeof iy);
				int l = strcmp(ix, iy) ? 1 : 2;
				if (l > need)
					need = l;
			}
			if (initials_only && need > 1)
				need = 1;
			if (need > gn[x].it->given[gn[x].pos])
				gn[x].it->given[gn[x].pos] = (unsigned char)need;
		}
		s0 = s1;
	}
	free(gn);
}

static int cmp_rank(const void *pa, const void *pb, void *rk)
{
	const size_t *rank = rk;
	const csl_item *x = *(csl_item *const *)pa, *y = *(csl_item *const *)pb;
	return rank[x->index] < rank[y->index] ? -1 : rank[x->index] > rank[y->index];
}

/*
 * Disambiguation in the spec's order over every item's first cite:
 * global given-name rules, then per ambiguous group add-names and by-cite
 * given names, then the disambiguate="true" condition, then year suffixes
 * in bibliography order.  Ambiguous groups are found by sorting the
 * texts, so the cost is a few renders per item plus the groups' own work.
 */
static void disambiguate(csl_engine *e, skcache *kc)
{
	const csl_node *c = e->s->citation;
	const char *v;
	int add_names = (v = csl_attr_get(c, "disambiguate-add-names")) && !strcmp(v, "true");
	int add_given = (v = csl_attr_get(c, "disambiguate-add-givenname")) && !strcmp(v, "true");
	int add_ys = (v = csl_attr_get(c, "disambiguate-add-year-suffix")) && !strcmp(v, "true");
	const char *rule = csl_attr_get(c, "givenname-disambiguation-rule");
	int by_cite = !rule || !strcmp(rule, "by-cite");
	size_t n = e->n_items;
	for (size_t i = 0; i < n; i++) {
		e->items[i]->year_suffix = 0;
		e->items[i]->add_names = 0;
		memset(e->items[i]->given, 0, sizeof e->items[i]->given);
		e->items[i]->disamb = 0;
	}
	if (n < 2)
		return;
	quire_arena *a = quire_arena_new(0);
	dtext *d = calloc(n, sizeof *d);
	const char **txt = calloc(n, sizeof *txt);
	csl_item **grp = calloc(n, sizeof *grp);
	if (!a || !d || !txt || !grp)
		goto out;
	if (add_given && !by_cite)
		global_names(e, !strncmp(rule, "primary-name", 12), strstr(rule, "with-initials") != NULL);
	if (add_names || (add_given && by_cite)) {
		texts_sorted(e, d, txt, a, 0);
		for (size_t s0 = 0; s0 < n;) {
			size_t s1 = s0 + 1;
			while (s1 < n && !strcmp(d[s1].t, d[s0].t))
				s1++;
			if (s1 - s0 >= 2 && s1 - s0 <= DGROUP_MAX) {
				for (size_t k = s0; k < s1; k++) {
					grp[k - s0] = e->items[d[k].i];
					txt[d[k].i] = NULL;
				}
				names_step(e, grp, s1 - s0, add_names, add_given && by_cite, a);
			}
			s0 = s1;
		}
	}
	/* the disambiguate="true" condition for what is still ambiguous */
	texts_sorted(e, d, txt, a, 0);
	for (size_t s0 = 0; s0 < n;) {
		size_t s1 = s0 + 1;
		while (s1 < n && !strcmp(d[s1].t, d[s0].t))
			s1++;
		if (s1 - s0 >= 2)
			for (size_t k = s0; k < s1; k++) {
				e->items[d[k].i]->disamb = 1;
				txt[d[k].i] = NULL;
			}
		s0 = s1;
	}
	if (add_ys) {
		/* year suffixes in bibliography order */
		size_t *rank = calloc(n, sizeof *rank);
		csl_item **ord = malloc(n * sizeof *ord);
		if (rank && ord) {
			memcpy(ord, e->items, n * sizeof *ord);
			for (size_t i = 1; i < n; i++) /* cited first, in citation order */
				for (size_t j = i; j > 0; j--) {
					size_t ca = ord[j - 1]->cite_order ? ord[j - 1]->cite_order : (size_t)-1;
					size_t cb = ord[j]->cite_order ? ord[j]->cite_order : (size_t)-1;
					if (ca <= cb)
						break;
					csl_item *t = ord[j];
					ord[j] = ord[j - 1];
					ord[j - 1] = t;
				}
			sort_items(e, ord, n, e->s->bib_sort, CM_BIBLIOGRAPHY, kc);
			for (size_t i = 0; i < n; i++)
				rank[ord[i]->index] = i;
			texts_sorted(e, d, txt, a, 0);
			for (size_t s0 = 0; s0 < n;) {
				size_t s1 = s0 + 1;
				while (s1 < n && !strcmp(d[s1].t, d[s0].t))
					s1++;
				if (s1 - s0 >= 2) {
					for (size_t k = s0; k < s1; k++)
						grp[k - s0] = e->items[d[k].i];
					qsort_r(grp, s1 - s0, sizeof *grp, cmp_rank, rank);
					for (size_t k = 0; k < s1 - s0; k++)
						grp[k]->year_suffix = (int)k + 1;
				}
				s0 = s1;
			}
		}
		free(rank);
		free(ord);
	}
out:
	free(d);
	free(txt);
	free(grp);
	quire_arena_free(a);
}

/* Marks the labels in o hidden (or shown again); the output tree is as
 * deep as the style's nesting, which the style loader bounds. */
static void hide_labels(csl_out *o, int hide, int depth)
{
	if (depth > 4 * CSL_MAX_DEPTH)
		return;
	if (o->label)
		o->hidden = (unsigned char)hide;
	for (csl_out *k = o->kids; k; k = k->next)
		hide_labels(k, hide, depth + 1);
}

/* The first names label in o, or NULL. */
static csl_out *first_label(csl_out *o, int depth)
{
	if (depth > 4 * CSL_MAX_DEPTH)
		return NULL;
	if (o->label)
		return o;
	for (csl_out *k = o->kids; k; k = k->next) {
		csl_out *l = first_label(k, depth + 1);
		if (l)
			return l;
	}
	return NULL;
}

/* ---- citations ---- */

/* One rendered cite of a cluster, before grouping and collapsing. */
typedef struct cent {
	csl_item *it;
	const csl_cite *ct;
	csl_out *o;      /* the cite's layout output */
	csl_out *names;  /* its first <names> output (author), or NULL */
	const char *ntext;
} cent;

static int inner_kids(const csl_out *all)
{
	return all->kids && all->kids->kids;
}

static const char *cattr(const csl_engine *e, const char *k)
{
	return csl_attr_get(e->s->citation, k);
}

static csl_out *onode(quire_arena *a)
{
	csl_out *o = quire_arena_alloc(a, sizeof *o);
	if (o)
		memset(o, 0, sizeof *o);
	return o;
}

static void append(csl_out *p, csl_out *k)
{
	if (!k)
		return;
	k->next = NULL;
	if (p->last)
		p->last->next = k;
	else
		p->kids = k;
	p->last = k;
}

static int has_locator(const cent *c)
{
	return c->ct->locator && *c->ct->locator;
}

static int has_affix(const cent *c)
{
	return (c->ct->prefix && *c->ct->prefix) || (c->ct->suffix && *c->ct->suffix);
}

/* The cite wrapped with its own prefix and suffix (leaves: they may hold
 * markup), preceded by delimiter delim. */
/* In a note, a term that opens a cite is capitalised ("Ibid.") when the
 * cite opens the citation without a prefix, or its prefix ends a sentence
 * ("This has been said. Ibid."), as citeproc-js does; not through an affix,
 * quotes or a lower-case text-case on the way down to it. */
static void cap_first_term(quire_arena *a, const cent *c, int first, csl_out *body)
{
	const char *pre = c->ct->prefix;
	if (pre && *pre) {
		size_t l = strlen(pre);
		while (l && pre[l - 1] == ' ')
			l--;
		if (!l || (pre[l - 1] != '.' && pre[l - 1] != '?' && pre[l - 1] != '!'))
			return;
	} else if (!first)
		return;
	csl_out *o = body;
	while (o) {
		if ((o->prefix && *o->prefix) || o->quotes ||
		    (o->fmt && ((o->fmt->prefix && *o->fmt->prefix) || o->fmt->quotes ||
				o->fmt->text_case == 1)))
			return;
		if (!o->kids)
			break;
		o = o->kids;
	}
	if (!o || !o->term || !o->text || o->text[0] < 'a' || o->text[0] > 'z')
		return;
	char *t = quire_arena_strndup(a, o->text, strlen(o->text));
	if (t) {
		t[0] = (char)(t[0] - 32);
		o->text = t;
	}
}

static int is_punct(char c)
{
	return c == ',' || c == ';' || c == ':' || c == '.' || c == '!' || c == '?';
}

/* The delimiter before cite c, after prev, as citeproc-js joins cites
 * with affixes of their own: none before a prefix that starts with
 * punctuation (", and Jones"), only its spaces after a suffix that ends
 * with punctuation ("one source, Jones"). */
static const char *cite_delim(const cent *c, const cent *prev, const char *delim)
{
	if (!delim)
		return NULL;
	const char *pre = c->ct->prefix;
	if (pre && is_punct(pre[0]))
		return NULL;
	const char *suf = prev ? prev->ct->suffix : NULL;
	size_t l = suf ? strlen(suf) : 0;
	if (l && is_punct(suf[l - 1]))
		while (is_punct(*delim))
			delim++;
	return delim;
}

static csl_out *cite_piece(quire_arena *a, const cent *c, csl_out *body,
			   const char *delim)
{
	csl_out *w = onode(a);
	if (!w)
		return NULL;
	w->prefix = delim;
	if (c->ct->prefix && *c->ct->prefix) {
		csl_out *p = onode(a);
		if (p) {
			p->text = c->ct->prefix;
			append(w, p);
		}
	}
	append(w, body);
	if (c->ct->suffix && *c->ct->suffix) {
		csl_out *sx = onode(a);
		if (sx) {
			sx->text = c->ct->suffix;
			append(w, sx);
		}
	}
	return w;
}

static const char *ys_letters(quire_arena *a, int n)
{
	char b[8];
	if (n <= 26)
		snprintf(b, sizeof b, "%c", 'a' + n - 1);
	else
		snprintf(b, sizeof b, "%c%c", 'a' + (n - 1) / 26 - 1, 'a' + (n - 1) % 26);
	return quire_arena_strndup(a, b, strlen(b));
}

static int item_year(const csl_item *it)
{
	const csl_var *v = csl_item_var(it, "issued");
	return v && v->kind == CV_DATE ? v->date->y[0] : 0;
}

/* Cites p and q of a group can share a year: q shows its suffix only. */
static int ys_ok(const cent *ce, const int *grp, size_t p, size_t q)
{
	return grp[p] == grp[q] && ce[p].it->year_suffix && ce[q].it->year_suffix &&
	       item_year(ce[p].it) == item_year(ce[q].it) &&
	       !has_locator(&ce[p]) && !has_locator(&ce[q]);
}

static csl_out *leaf_text(quire_arena *a, const char *t)
{
	csl_out *o = onode(a);
	if (o)
		o->text = t;
	return o;
}

/*
 * A cluster's cites joined as the citation element asks: cites with the
 * same names grouped together (collapse or cite-group-delimiter set),
 * the names of later cites in a group dropped (collapse year*), year
 * suffixes alone and ranged (year-suffix, year-suffix-ranged), runs of
 * three or more citation numbers as "first–last" (citation-number).
 * Delimiters: cite-group-delimiter inside a group (default the layout's),
 * after-collapse-delimiter after a collapsed group or range and after a
 * grouped cite with a locator, year-suffix-delimiter between suffixes.
 * The layout's formatting wraps its affixes (citeproc-js).
 */
static csl_out *assemble(const csl_engine *e, quire_arena *a, cent *ce, size_t n)
{
	const csl_node *lay = e->s->cit_layout;
	const char *ldelim = lay->fmt.delim ? lay->fmt.delim : "";
	const char *col = cattr(e, "collapse");
	const char *cgd = cattr(e, "cite-group-delimiter");
	const char *acd = cattr(e, "after-collapse-delimiter");
	const char *ysd = cattr(e, "year-suffix-delimiter");
	int c_num = col && !strcmp(col, "citation-number");
	int c_year = col && !strncmp(col, "year", 4);
	int c_ys = col && !strncmp(col, "year-suffix", 11);
	int c_ranged = col && !strcmp(col, "year-suffix-ranged");
	if (!acd)
		acd = ldelim;
	if (!ysd)
		ysd = cgd ? cgd : ldelim; /* citeproc-js */
	const char *gdelim = cgd ? cgd : e->s->is_note ? ldelim : ", "; /* citeproc-js */
	int grouping = c_year || cgd;
	/* group: stable, by the first cite of each names text */
	int *grp = calloc(n + 1, sizeof *grp);
	if (!grp)
		return NULL;
	if (grouping && n > 1) {
		cent *tmp = malloc(n * sizeof *tmp);
		char *used = calloc(n, 1);
		if (tmp && used) {
			size_t w = 0;
			int g = 0;
			for (size_t i = 0; i < n; i++) {
				if (used[i])
					continue;
				g++;
				tmp[w] = ce[i];
				grp[w++] = g;
				used[i] = 1;
				if (!*ce[i].ntext && !c_ys)
					continue;
				for (size_t j = i + 1; j < n; j++)
					if (!used[j] && !strcmp(ce[i].ntext, ce[j].ntext)) {
						tmp[w] = ce[j];
						grp[w++] = g;
						used[j] = 1;
					}
			}
			memcpy(ce, tmp, n * sizeof *tmp);
		}
		free(tmp);
		free(used);
	} else
		for (size_t i = 0; i < n; i++)
			grp[i] = (int)i + 1;
	csl_out *inner = onode(a), *outer = onode(a);
	csl_fmt *of = quire_arena_alloc(a, sizeof *of);
	if (!inner || !outer || !of) {
		free(grp);
		return NULL;
	}
	*of = lay->fmt;
	of->prefix = of->suffix = of->delim = NULL;
	outer->fmt = of;
	inner->prefix = lay->fmt.prefix;
	inner->suffix = lay->fmt.suffix;
	append(outer, inner);
	const char *next_delim = NULL; /* delimiter before the next piece */
	for (size_t i = 0; i < n; i++) {
		cent *c = &ce[i];
		if (c_num && !has_locator(c) && !has_affix(c)) {
			/* a run of consecutive numbers */
			size_t j = i;
			while (j + 1 < n && !has_locator(&ce[j + 1]) && !has_affix(&ce[j + 1]) &&
			       ce[j + 1].it->citation_number == ce[j].it->citation_number + 1)
				j++;
			if (j - i >= 2) {
				csl_out *rg = onode(a);
				if (rg) {
					append(rg, c->o);
					append(rg, leaf_text(a, "\xE2\x80\x93"));
					append(rg, ce[j].o);
				}
				append(inner, cite_piece(a, c, rg, next_delim));
				next_delim = acd;
				i = j;
				continue;
			}
		}
		int in_group = i > 0 && grp[i] == grp[i - 1];
		if (in_group && c_year && c->names)
			c->names->kids = c->names->last = NULL;
		int yso = in_group && c_ys && ys_ok(ce, grp, i - 1, i);
		csl_out *body = yso ? leaf_text(a, ys_letters(a, c->it->year_suffix)) : c->o;
		if (e->s->is_note && !yso)
			cap_first_term(a, c, i == 0, body);
		append(inner, cite_piece(a, c, body, yso ? ysd : cite_delim(c, i ? &ce[i - 1] : NULL,
									   next_delim)));
		if (c_ranged && c->it->year_suffix) {
			size_t j = i;
			while (j + 1 < n && ys_ok(ce, grp, j, j + 1) &&
			       ce[j + 1].it->year_suffix == ce[j].it->year_suffix + 1)
				j++;
			if (j - i >= 2) {
				append(inner, leaf_text(a, "\xE2\x80\x93"));
				append(inner, leaf_text(a, ys_letters(a, ce[j].it->year_suffix)));
				i = j;
				c = &ce[i];
			}
		}
		int last_in_group = i + 1 >= n || grp[i + 1] != grp[i];
		int first_in_group = i == 0 || grp[i - 1] != grp[i];
		int ys_run = yso || (i > 0 && ys_ok(ce, grp, i - 1, i) && c_ys);
		if (ys_run && !last_in_group && !ys_ok(ce, grp, i, i + 1))
			next_delim = acd; /* after collapsed suffixes */
		else if (!grouping)
			next_delim = ldelim;
		else if (last_in_group)
			next_delim = first_in_group ? ldelim : acd;
		else
			next_delim = has_locator(c) && c_year ? acd : gdelim;
	}
	free(grp);
	return outer;
}

static int cites_equal_loc(const csl_cite *a, const csl_cite *b)
{
	const char *la = a->locator ? a->locator : "", *lb = b->locator ? b->locator : "";
	const char *ta = a->label ? a->label : "page", *tb = b->label ? b->label : "page";
	return !strcmp(la, lb) && !strcmp(ta, tb);
}

quire_status csl_engine_citations(csl_engine *e, const csl_cluster *clusters,
				  size_t n, csl_format fmt, quire_arena *a,
				  char ***out, quire_error *err)
{
	char **res = quire_arena_alloc(a, (n ? n : 1) * sizeof *res);
	if (!res)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	/* order of first citation */
	for (size_t i = 0; i < e->n_items; i++)
		e->items[i]->cite_order = 0;
	size_t order = 0;
	for (size_t c = 0; c < n; c++)
		for (size_t k = 0; k < clusters[c].n; k++) {
			csl_item *it = find_item(e, clusters[c].cites[k].id);
			if (it && !it->cite_order)
				it->cite_order = ++order;
		}
	e->n_cited = order;
	/* citation numbers: in citation order, uncited after */
	{
		int num = (int)order;
		for (size_t i = 0; i < e->n_items; i++)
			e->items[i]->citation_number = e->items[i]->cite_order ?
				(int)e->items[i]->cite_order : ++num;
		if (e->s->bib_sort) {
			/* numbers follow the bibliography order when it is sorted */
			csl_item **ord = malloc(e->n_items * sizeof *ord);
			if (ord) {
				memcpy(ord, e->items, e->n_items * sizeof *ord);
				int uses_num = 0;
				for (const csl_node *k = e->s->bib_sort->kids; k; k = k->next) {
					const char *v = csl_attr_get(k, "variable");
					if (v && !strcmp(v, "citation-number"))
						uses_num = 1;
				}
				if (!uses_num) {
					sort_items(e, ord, e->n_items, e->s->bib_sort, CM_BIBLIOGRAPHY, NULL);
					for (size_t i = 0; i < e->n_items; i++)
						ord[i]->citation_number = (int)i + 1;
				}
				free(ord);
			}
		}
	}
	disambiguate(e, NULL);
	const char *nnd = csl_attr_get(e->s->citation, "near-note-distance");
	int near_dist = nnd ? atoi(nnd) : 5;
	const csl_node *lay = e->s->cit_layout;
	/* last note each item was cited in */
	int *last_note = calloc(2 * (e->n_items + 1), sizeof *last_note);
	int *first_note = last_note ? last_note + e->n_items + 1 : NULL;
	if (!last_note)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	/* the citation before, for ibid: in a note style, citations in the
	 * main text (note_index 0) follow one another apart from the notes
	 * (citeproc-js) */
	const csl_cite *prev_cites[2] = {NULL, NULL};
	size_t prev_ns[2] = {0, 0};
	const char *prev_ids[2] = {NULL, NULL};
	for (size_t c = 0; c < n; c++) {
		const csl_cluster *cl = &clusters[c];
		int note = cl->note_index ? cl->note_index : (int)c + 1;
		int lane = e->s->is_note && !cl->note_index;
		const csl_cite *prev_cite = prev_cites[lane];
		size_t prev_cluster_n = prev_ns[lane];
		const char *prev_id = prev_ids[lane];
		quire_arena *ra = quire_arena_new(0);
		csl_item **its = calloc(cl->n + 1, sizeof *its);
		size_t *ord = calloc(cl->n + 1, sizeof *ord);
		if (!ra || !its || !ord) {
			quire_arena_free(ra);
			free(its);
			free(ord);
			free(last_note);
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		}
		for (size_t k = 0; k < cl->n; k++) {
			its[k] = find_item(e, cl->cites[k].id);
			ord[k] = k;
		}
		/* sort cites within the cluster */
		if (e->s->cit_sort && cl->n > 1) {
			csl_item **tmp = calloc(cl->n, sizeof *tmp);
			size_t m = 0;
			for (size_t k = 0; k < cl->n; k++)
				if (its[k])
					tmp[m++] = its[k];
			sort_items(e, tmp, m, e->s->cit_sort, CM_CITATION, NULL);
			size_t w = 0;
			for (size_t q = 0; q < m; q++)
				for (size_t k = 0; k < cl->n; k++)
					if (its[k] == tmp[q]) {
						int used = 0;
						for (size_t z = 0; z < w; z++)
							if (ord[z] == k)
								used = 1;
						if (!used) {
							ord[w++] = k;
							break;
						}
					}
			free(tmp);
		}
		cent *ce = calloc(cl->n + 1, sizeof *ce);
		if (!ce) {
			quire_arena_free(ra);
			free(its);
			free(ord);
			free(last_note);
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		}
		size_t nce = 0;
		for (size_t q = 0; q < cl->n; q++) {
			size_t k = ord[q];
			csl_item *it = its[k];
			const csl_cite *ct = &cl->cites[k];
			if (!it)
				continue;
			csl_rctx r;
			rctx_init(&r, e, ra, it, CM_CITATION);
			r.cite = ct;
			/* position */
			int pos;
			int prev_note = last_note[it->index];
			if (ct->position >= 0) {
				pos = ct->position;
				r.near_note = ct->near_note;
			} else {
				if (!prev_note)
					pos = CSL_POS_FIRST;
				else {
					int ibid = 0;
					if (q > 0) {
						ibid = its[ord[q - 1]] == it;
						prev_cite = &cl->cites[ord[q - 1]];
					} else if (prev_id && prev_cluster_n == 1)
						ibid = !strcmp(prev_id, it->id);
					else if (prev_id && prev_cluster_n > 1)
						ibid = 0;
					if (ibid && prev_cite) {
						const char *pl = prev_cite->locator;
						const char *cur = ct->locator;
						if (!cur || !*cur)
							pos = (pl && *pl) ? CSL_POS_SUBSEQUENT : CSL_POS_IBID;
						else if (!pl || !*pl || !cites_equal_loc(prev_cite, ct))
							pos = CSL_POS_IBID_WITH_LOCATOR;
						else
							pos = CSL_POS_IBID;
					} else
						pos = CSL_POS_SUBSEQUENT;
				}
				r.near_note = prev_note && note - prev_note <= near_dist;
			}
			r.position = pos;
			if (!first_note[it->index])
				first_note[it->index] = note;
			r.first_note = prev_note ? first_note[it->index] : 0;
			csl_out *o = csl_render(&r, lay);
			last_note[it->index] = note;
			if (!o)
				o = no_printed_form(ra, NULL);
			if (!o)
				continue;
			cent *x = &ce[nce++];
			x->it = it;
			x->ct = ct;
			x->o = o;
			x->names = r.first_names;
			x->ntext = r.first_names ? out_string(e, r.first_names, CSL_TEXT, ra) : "";
			if (ct->suppress_author && r.first_names)
				r.first_names->kids = r.first_names->last = NULL;
		}
		csl_out *all = assemble(e, ra, ce, nce);
		free(ce);
		prev_ns[lane] = cl->n;
		prev_ids[lane] = cl->n ? cl->cites[cl->n - 1].id : NULL;
		prev_cites[lane] = cl->n ? &cl->cites[ord[cl->n - 1]] : NULL;
		res[c] = all && inner_kids(all) ? out_string(e, all, fmt, a) : quire_arena_strndup(a, "", 0);
		/* a note starting with "ibid." starts with a capital */
		if (res[c] && e->s->is_note && !strncmp(res[c], "ibid", 4))
			res[c][0] = 'I';
		free(its);
		free(ord);
		quire_arena_free(ra);
		if (!res[c]) {
			free(last_note);
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		}
	}
	free(last_note);
	*out = res;
	return QUIRE_OK;
}

quire_status csl_engine_cite_all(csl_engine *e, csl_format fmt,
				 quire_arena *a, char **out, quire_error *err)
{
	csl_cite *cites = calloc(e->n_items + 1, sizeof *cites);
	if (!cites)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	for (size_t i = 0; i < e->n_items; i++) {
		cites[i].id = e->items[i]->id;
		cites[i].position = -1;
	}
	csl_cluster cl = {cites, e->n_items, 1};
	char **res;
	quire_status st = csl_engine_citations(e, &cl, 1, fmt, a, &res, err);
	free(cites);
	if (!st)
		*out = res[0];
	return st;
}

/* ---- bibliography ---- */

static const csl_fmt fmt_left_margin = {.display = 2};
static const csl_fmt fmt_right_inline = {.display = 3};

/* second-field-align: the entry's first field goes in a left-margin block,
 * the rest (with the layout's suffix) in a right-inline one, as
 * citeproc-js does. */
static void split_fields(quire_arena *ra, csl_out *o, csl_out *wrap,
			 const csl_fmt *lf)
{
	csl_out *lm = quire_arena_alloc(ra, sizeof *lm);
	csl_out *ri = quire_arena_alloc(ra, sizeof *ri);
	if (!lm || !ri)
		return;
	memset(lm, 0, sizeof *lm);
	memset(ri, 0, sizeof *ri);
	csl_out *first = o->kids;
	lm->fmt = &fmt_left_margin;
	ri->fmt = &fmt_right_inline;
	ri->kids = first->next;
	ri->last = o->last;
	ri->delim = lf->delim;
	ri->suffix = lf->suffix;
	first->next = NULL;
	lm->kids = lm->last = first;
	lm->next = ri;
	o->kids = lm;
	o->last = ri;
	o->delim = NULL;
	wrap->suffix = "";
	wrap->delim = "";
}

quire_status csl_engine_bibliography(csl_engine *e, csl_format fmt,
				     int only_cited, quire_arena *a,
				     csl_bib *out, quire_error *err)
{
	const csl_style *s = e->s;
	memset(out, 0, sizeof *out);
	if (!s->bib_layout)
		return quire_error_set(err, QUIRE_EUSAGE, "%s: the style has no bibliography", s->name);
	size_t n = 0;
	csl_item **items = malloc((e->n_items + 1) * sizeof *items);
	if (!items)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	/* cited items in citation order, then the others */
	for (size_t i = 0; i < e->n_items; i++)
		if (e->items[i]->cite_order)
			items[n++] = e->items[i];
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && items[j - 1]->cite_order > items[j]->cite_order; j--) {
			csl_item *t = items[j];
			items[j] = items[j - 1];
			items[j - 1] = t;
		}
	if (!only_cited || !e->n_cited)
		for (size_t i = 0; i < e->n_items; i++)
			if (!e->items[i]->cite_order)
				items[n++] = e->items[i];
	/* the keys of disambiguation's ranking sort serve the bibliography's
	 * (without memory for them, each sort makes its own) */
	skcache kc = {0};
	if (!e->n_cited) {
		for (size_t i = 0; i < n; i++)
			items[i]->citation_number = (int)i + 1;
		kc.n = e->n_items;
		kc.k = calloc(kc.n ? kc.n : 1, sizeof *kc.k);
		kc.ys = calloc(kc.n ? kc.n : 1, sizeof *kc.ys);
		kc.a = kc.k && kc.ys ? quire_arena_new(0) : NULL;
		disambiguate(e, &kc);
	}
	sort_items(e, items, n, s->bib_sort, CM_BIBLIOGRAPHY, &kc);
	quire_arena_free(kc.a);
	free(kc.k);
	free(kc.ys);
	out->entries = quire_arena_alloc(a, (n ? n : 1) * sizeof(char *));
	out->ids = quire_arena_alloc(a, (n ? n : 1) * sizeof(char *));
	if (!out->entries || !out->ids) {
		free(items);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	const csl_node *b = s->bibliography;
	const char *v;
	out->hanging_indent = (v = csl_attr_get(b, "hanging-indent")) && !strcmp(v, "true");
	v = csl_attr_get(b, "second-field-align");
	out->second_field_align = !v ? 0 : !strcmp(v, "flush") ? 1 : 2;
	out->line_spacing = (v = csl_attr_get(b, "line-spacing")) ? atoi(v) : 1;
	out->entry_spacing = (v = csl_attr_get(b, "entry-spacing")) ? atoi(v) : 1;
	const char *sas = csl_attr_get(b, "subsequent-author-substitute");
	const char *sas_rule = csl_attr_get(b, "subsequent-author-substitute-rule");
	char *prev_names = NULL;
	quire_arena *keep = quire_arena_new(0);
	/* each entry renders in the engine's scratch arena: memory stays
	 * flat and warm without a malloc/free per entry */
	for (size_t i = 0; i < n; i++) {
		quire_arena *ra = scratch(e);
		if (!ra) {
			free(items);
			quire_arena_free(keep);
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		}
		csl_rctx r;
		rctx_init(&r, e, ra, items[i], CM_BIBLIOGRAPHY);
		csl_out *o = csl_render(&r, s->bib_layout);
		if (o && sas && r.first_names) {
			/* the names compared without their label ("Doe, John" and
			 * "Doe, John, ed." are the same author) */
			hide_labels(r.first_names, 1, 0);
			char *cur = out_string(e, r.first_names, CSL_TEXT, ra);
			hide_labels(r.first_names, 0, 0);
			if (prev_names && cur && !strcmp(prev_names, cur) && *cur) {
				(void)sas_rule;
				/* the names give way to the substitute; their label
				 * stays ("--- ed.") */
				csl_out *lab = first_label(r.first_names, 0);
				csl_out *sub = *sas ? quire_arena_alloc(ra, sizeof *sub) : NULL;
				if (sub) {
					memset(sub, 0, sizeof *sub);
					sub->text = sas;
				}
				if (lab)
					lab->next = NULL;
				if (sub)
					sub->next = lab;
				r.first_names->kids = sub ? sub : lab;
				r.first_names->last = lab ? lab : sub;
				if (!*sas)
					r.first_names->fmt = NULL;
			} else
				prev_names = cur ? quire_arena_strndup(keep, cur, strlen(cur)) : NULL;
		}
		csl_out wrap;
		memset(&wrap, 0, sizeof wrap);
		wrap.fmt = &s->bib_layout->fmt;
		wrap.kids = wrap.last = o;
		if (o) {
			/* the layout's affixes wrap each entry */
			o->next = NULL;
			if (out->second_field_align && o->kids && o->kids->next &&
			    !(o->kids->fmt && o->kids->fmt->display))
				split_fields(ra, o, &wrap, &s->bib_layout->fmt);
		}
		if (!o && s->numeric) {
			/* an item with no printed form: citeproc-js's numbered
			 * placeholder, without the layout's affixes, in a numeric
			 * style (elsewhere the item has no entry) */
			char num[24];
			snprintf(num, sizeof num, "%zu. ", out->n + 1);
			o = no_printed_form(ra, num);
			wrap.fmt = NULL;
			wrap.kids = wrap.last = o;
		}
		if (o) {
			out->entries[out->n] = out_string(e, &wrap, fmt, a);
			out->ids[out->n] = items[i]->id;
			out->n++;
		}
	}
	quire_arena_free(keep);
	free(items);
	return QUIRE_OK;
}

char *csl_bib_join(const csl_bib *b, csl_format fmt, quire_arena *a)
{
	buf_t o = BUF_INIT;
	if (fmt == CSL_HTML) {
		buf_puts(&o, "<div class=\"csl-bib-body\">\n");
		for (size_t i = 0; i < b->n; i++)
			buf_printf(&o, "  <div class=\"csl-entry\">%s</div>\n", b->entries[i]);
		buf_puts(&o, "</div>");
	} else {
		for (size_t i = 0; i < b->n; i++) {
			buf_puts(&o, b->entries[i]);
			buf_putc(&o, '\n');
		}
	}
	char *s = buf_to_arena(&o, a);
	buf_free(&o);
	return s;
}
