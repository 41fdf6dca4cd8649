/*
 * style.c — a CSL style (or locale) file parsed into a csl_node tree.
 *
 * libxml2 reads the bytes without network access, entity substitution or
 * DTD loading (so no billion laughs, no external entities); the tree is
 * then copied into the style's arena and libxml2's document freed.  The
 * copy checks what a renderer relies on: known elements only (in the CSL
 * namespace; foreign elements are skipped), <text macro> naming a macro,
 * macros not calling themselves (an iterative depth-first search over the
 * macro graph), nesting below CSL_MAX_DEPTH.  Errors say "file:line: why".
 */
#include "csl_int.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <stdlib.h>

#define CSL_NS "http://purl.org/net/xbiblio/csl"

static const struct {
	const char *name;
	int kind;
} kinds[] = {
	{"layout", CN_LAYOUT}, {"text", CN_TEXT}, {"number", CN_NUMBER},
	{"label", CN_LABEL}, {"names", CN_NAMES}, {"name", CN_NAME},
	{"name-part", CN_NAME_PART}, {"et-al", CN_ETAL},
	{"substitute", CN_SUBSTITUTE}, {"date", CN_DATE},
	{"date-part", CN_DATE_PART}, {"group", CN_GROUP}, {"choose", CN_CHOOSE},
	{"if", CN_IF}, {"else-if", CN_ELSE_IF}, {"else", CN_ELSE},
	{"macro", CN_MACRO}, {"sort", CN_SORT}, {"key", CN_KEY},
	{"citation", CN_CITATION}, {"bibliography", CN_BIBLIOGRAPHY},
	{"locale", CN_LOCALE}, {"terms", CN_TERMS}, {"term", CN_TERM},
	{"single", CN_SINGLE}, {"multiple", CN_MULTIPLE},
	{"style-options", CN_STYLE_OPTIONS}, {"info", CN_INFO},
	{"style", CN_STYLE},
};

const char *csl_attr_get(const csl_node *n, const char *k)
{
	/* the first byte first: most names differ there, and this runs for
	 * every attribute a render asks about */
	for (int i = 0; i < n->n_attrs; i++)
		if (n->attrs[i].k[0] == k[0] && strcmp(n->attrs[i].k, k) == 0)
			return n->attrs[i].v;
	return NULL;
}

static int kind_of(const char *name)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].name, name) == 0)
			return kinds[i].kind;
	return CN_NONE;
}

static unsigned char pick(const char *v, const char *const *opts)
{
	if (!v)
		return 0;
	for (unsigned char i = 0; opts[i]; i++)
		if (strcmp(v, opts[i]) == 0)
			return (unsigned char)(i + 1);
	return 0;
}

static void parse_fmt(csl_node *n)
{
	static const char *const fs[] = {"normal", "italic", "oblique", NULL};
	static const char *const fv[] = {"normal", "small-caps", NULL};
	static const char *const fw[] = {"normal", "bold", "light", NULL};
	static const char *const td[] = {"none", "underline", NULL};
	static const char *const va[] = {"baseline", "sup", "sub", NULL};
	static const char *const tc[] = {"lowercase", "uppercase",
		"capitalize-first", "capitalize-all", "sentence", "title", NULL};
	static const char *const di[] = {"block", "left-margin",
		"right-inline", "indent", NULL};
	static const char *const tf[] = {"true", NULL};
	csl_fmt *f = &n->fmt;
	f->prefix = csl_attr_get(n, "prefix");
	f->suffix = csl_attr_get(n, "suffix");
	f->delim = csl_attr_get(n, "delimiter");
	f->font_style = pick(csl_attr_get(n, "font-style"), fs);
	f->font_variant = pick(csl_attr_get(n, "font-variant"), fv);
	f->font_weight = pick(csl_attr_get(n, "font-weight"), fw);
	f->text_deco = pick(csl_attr_get(n, "text-decoration"), td);
	f->valign = pick(csl_attr_get(n, "vertical-align"), va);
	f->text_case = pick(csl_attr_get(n, "text-case"), tc);
	f->quotes = pick(csl_attr_get(n, "quotes"), tf);
	f->strip_periods = pick(csl_attr_get(n, "strip-periods"), tf);
	f->display = pick(csl_attr_get(n, "display"), di);
}

/* Splits an <if>/<else-if>'s attributes into its tests (n->tests). */
static int parse_tests(quire_arena *a, csl_node *n)
{
	static const struct { const char *k; int t; } ts[] = {
		{"type", CT_TYPE}, {"variable", CT_VARIABLE},
		{"is-numeric", CT_IS_NUMERIC}, {"is-uncertain-date", CT_UNCERTAIN},
		{"locator", CT_LOCATOR}, {"position", CT_POSITION},
		{"disambiguate", CT_DISAMBIGUATE},
	};
	const char *m = csl_attr_get(n, "match");
	n->match = !m || !strcmp(m, "all") ? 0 : !strcmp(m, "any") ? 1 : 2;
	size_t cap = 0;
	for (int i = 0; i < n->n_attrs; i++)
		cap += strlen(n->attrs[i].v) / 2 + 1;
	n->tests = quire_arena_alloc(a, (cap ? cap : 1) * sizeof *n->tests);
	if (!n->tests)
		return -1;
	for (int i = 0; i < n->n_attrs; i++) {
		const char *k = n->attrs[i].k;
		if (!strcmp(k, "match"))
			continue;
		int t = CT_OTHER;
		for (size_t j = 0; j < sizeof ts / sizeof ts[0]; j++)
			if (!strcmp(ts[j].k, k))
				t = ts[j].t;
		for (const char *p = n->attrs[i].v; *p;) {
			while (*p == ' ')
				p++;
			size_t l = strcspn(p, " ");
			if (!l)
				break;
			if (l > 511)
				l = 511; /* as the render-time parse did */
			char *v = quire_arena_strndup(a, p, l);
			if (!v)
				return -1;
			p += strcspn(p, " ");
			n->tests[n->n_tests].attr = t;
			n->tests[n->n_tests].val = v;
			n->tests[n->n_tests].vid = csl_var_id(v);
			n->n_tests++;
		}
	}
	return 0;
}

/* n->var split at spaces into n->vl / n->vli (the first 8 names). */
static int split_vars(quire_arena *a, csl_node *n)
{
	size_t k = 0;
	for (const char *p = n->var; *p && k < 8;) {
		while (*p == ' ')
			p++;
		if (*p)
			k++;
		p += strcspn(p, " ");
	}
	if (!k)
		return 0;
	n->vl = quire_arena_alloc(a, k * sizeof *n->vl);
	n->vli = quire_arena_alloc(a, k * sizeof *n->vli);
	if (!n->vl || !n->vli)
		return -1;
	for (const char *p = n->var; *p && n->n_vl < (int)k;) {
		while (*p == ' ')
			p++;
		size_t l = strcspn(p, " ");
		if (!l)
			break;
		/* one name alone is the attribute itself */
		const char *v = p == n->var && !p[l] ? n->var : quire_arena_strndup(a, p, l);
		if (!v)
			return -1;
		n->vl[n->n_vl] = v;
		n->vli[n->n_vl++] = v == n->var ? n->vid : csl_var_id(v);
		p += l;
	}
	return 0;
}

typedef struct pctx {
	quire_arena *a;
	const char *name;
	quire_error *err;
	int failed;
	size_t n_nodes;
} pctx;

static int fail(pctx *p, int line, const char *what, const char *arg)
{
	if (!p->failed)
		quire_error_set(p->err, QUIRE_EINPUT, "%s:%d: %s%s%s%s", p->name,
				line, what, arg ? " <" : "", arg ? arg : "",
				arg ? ">" : "");
	p->failed = 1;
	return -1;
}

static int is_csl(const xmlNode *x)
{
	return x->type == XML_ELEMENT_NODE &&
	       (!x->ns || !x->ns->href ||
		strcmp((const char *)x->ns->href, CSL_NS) == 0);
}

/* Copies element x and its children (depth-bounded). */
static csl_node *copy(pctx *p, const xmlNode *x, csl_node *parent, int depth)
{
	if (depth > CSL_MAX_DEPTH) {
		fail(p, (int)xmlGetLineNo(x), "elements nested too deeply", NULL);
		return NULL;
	}
	int k = kind_of((const char *)x->name);
	if (k == CN_NONE) {
		fail(p, (int)xmlGetLineNo(x), "unknown element",
		     (const char *)x->name);
		return NULL;
	}
	if (++p->n_nodes > 2000000) {
		fail(p, (int)xmlGetLineNo(x), "too many elements", NULL);
		return NULL;
	}
	csl_node *n = quire_arena_alloc(p->a, sizeof *n);
	if (!n) {
		fail(p, 0, "out of memory", NULL);
		return NULL;
	}
	memset(n, 0, sizeof *n);
	n->kind = k;
	n->line = (int)xmlGetLineNo(x);
	n->parent = parent;
	int na = 0;
	for (const xmlAttr *at = x->properties; at; at = at->next)
		na++;
	if (na) {
		n->attrs = quire_arena_alloc(p->a, sizeof(csl_attr) * (size_t)na);
		if (!n->attrs) {
			fail(p, 0, "out of memory", NULL);
			return NULL;
		}
		for (const xmlAttr *at = x->properties; at; at = at->next) {
			const char *v = "";
			xmlChar *val = xmlNodeListGetString(x->doc, at->children, 1);
			char *vc = quire_arena_strndup(p->a, val ? (const char *)val : v,
						       val ? strlen((const char *)val) : 0);
			xmlFree(val);
			char *kc = quire_arena_strndup(p->a, (const char *)at->name,
						       strlen((const char *)at->name));
			if (!vc || !kc) {
				fail(p, 0, "out of memory", NULL);
				return NULL;
			}
			/* xml:lang keeps its bare name "lang" */
			n->attrs[n->n_attrs].k = kc;
			n->attrs[n->n_attrs].v = vc;
			n->n_attrs++;
		}
	}
	parse_fmt(n);
	n->var = csl_attr_get(n, "variable");
	n->vid = csl_var_id(n->var);
	n->form = csl_attr_get(n, "form");
	n->term = csl_attr_get(n, "term");
	n->value = csl_attr_get(n, "value");
	n->plural = csl_attr_get(n, "plural");
	if (n->var && split_vars(p->a, n)) {
		fail(p, 0, "out of memory", NULL);
		return NULL;
	}
	if ((k == CN_IF || k == CN_ELSE_IF) && parse_tests(p->a, n)) {
		fail(p, 0, "out of memory", NULL);
		return NULL;
	}
	if (k == CN_INFO)
		return n;
	if (k == CN_TERM || k == CN_SINGLE || k == CN_MULTIPLE) {
		xmlChar *c = NULL;
		int has_kids = 0;
		for (const xmlNode *c2 = x->children; c2; c2 = c2->next)
			if (c2->type == XML_ELEMENT_NODE)
				has_kids = 1;
		if (!has_kids || k != CN_TERM) {
			c = xmlNodeGetContent(x);
			n->text = quire_arena_strndup(p->a, c ? (const char *)c : "",
						      c ? strlen((const char *)c) : 0);
			xmlFree(c);
		}
	}
	csl_node *last = NULL;
	for (const xmlNode *c = x->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !is_csl(c))
			continue;
		csl_node *kid = copy(p, c, n, depth + 1);
		if (!kid)
			return NULL;
		if (last)
			last->next = kid;
		else
			n->kids = kid;
		last = kid;
	}
	return n;
}

/* Reads xml into a libxml2 document; NULL with err set. */
static xmlDoc *read_xml(const char *xml, size_t n, const char *name,
			quire_error *err)
{
	if (n > CSL_MAX_XML) {
		quire_error_set(err, QUIRE_ELIMIT, "%s:1: file too big (%zu bytes)",
				name, n);
		return NULL;
	}
	if (n > 3 && memcmp(xml, "\xEF\xBB\xBF", 3) == 0) {
		xml += 3;
		n -= 3;
	}
	xmlDoc *d = xmlReadMemory(xml, (int)n, name, NULL,
				  XML_PARSE_NONET | XML_PARSE_NOERROR |
				  XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!d) {
		const xmlError *e = xmlGetLastError();
		quire_error_set(err, QUIRE_EINPUT, "%s:%d: not well-formed XML%s%s",
				name, e ? e->line : 1, e && e->message ? ": " : "",
				e && e->message ? e->message : "");
		size_t l = strlen(err ? err->msg : "");
		if (err && l && err->msg[l - 1] == '\n')
			err->msg[l - 1] = 0;
		return NULL;
	}
	return d;
}

/* Finds the macro called name among the style's top-level macros. */
static csl_node *find_macro(const csl_node *root, const char *name)
{
	for (csl_node *m = root->kids; m; m = m->next)
		if (m->kind == CN_MACRO) {
			const char *nm = csl_attr_get(m, "name");
			if (nm && strcmp(nm, name) == 0)
				return m;
		}
	return NULL;
}

/* Resolves macro= attributes everywhere below n (iterative walk). */
static int link_macros(pctx *p, csl_node *root)
{
	csl_node *n = root;
	while (n) {
		if (n->kind == CN_TEXT || n->kind == CN_KEY) {
			const char *m = csl_attr_get(n, "macro");
			if (m) {
				n->macro = find_macro(root, m);
				if (!n->macro) {
					char msg[200];
					snprintf(msg, sizeof msg, "no macro named \"%.100s\"", m);
					return fail(p, n->line, msg, NULL);
				}
			}
		}
		if (n->kids && n->kind != CN_INFO && n->kind != CN_LOCALE)
			n = n->kids;
		else {
			while (n && !n->next)
				n = n->parent;
			if (n)
				n = n->next;
		}
	}
	return 0;
}

/* Refuses macro cycles: colour-marking DFS over the macro call graph with an
 * explicit stack (macro -> the macros its subtree calls). */
static int check_cycles(pctx *p, csl_node *root)
{
	size_t nm = 0;
	for (csl_node *m = root->kids; m; m = m->next)
		if (m->kind == CN_MACRO)
			nm++;
	if (!nm)
		return 0;
	csl_node **macs = calloc(nm, sizeof *macs); /* NOLINT(bugprone-sizeof-expression): pointers */
	unsigned char *col = calloc(nm, 1);
	struct fr { size_t mi; const csl_node *cur; } *st = calloc(nm + 1, sizeof *st);
	if (!macs || !col || !st) {
		free(macs); free(col); free(st);
		return fail(p, 0, "out of memory", NULL);
	}
	size_t i = 0;
	for (csl_node *m = root->kids; m; m = m->next)
		if (m->kind == CN_MACRO)
			macs[i++] = m;
	int rc = 0;
	for (size_t s0 = 0; s0 < nm && !rc; s0++) {
		if (col[s0])
			continue;
		size_t sp = 0;
		st[sp].mi = s0;
		st[sp].cur = macs[s0]->kids;
		col[s0] = 1;
		sp++;
		while (sp && !rc) {
			struct fr *f = &st[sp - 1];
			/* advance f->cur in pre-order within macro subtree */
			const csl_node *n = f->cur;
			if (!n) {
				col[f->mi] = 2;
				sp--;
				continue;
			}
			/* compute next pre-order node, bounded to the macro */
			const csl_node *nx;
			if (n->kids)
				nx = n->kids;
			else {
				const csl_node *q = n;
				while (q && q != macs[f->mi] && !q->next)
					q = q->parent;
				nx = (q && q != macs[f->mi]) ? q->next : NULL;
			}
			f->cur = nx;
			if (n->kind == CN_TEXT && n->macro) {
				size_t t = 0;
				while (t < nm && macs[t] != n->macro)
					t++;
				if (t == nm)
					continue;
				if (col[t] == 1) {
					char msg[200];
					snprintf(msg, sizeof msg,
						 "macro \"%.100s\" calls itself",
						 csl_attr_get(n->macro, "name"));
					rc = fail(p, n->line, msg, NULL);
				} else if (col[t] == 0) {
					col[t] = 1;
					st[sp].mi = t;
					st[sp].cur = macs[t]->kids;
					sp++;
				}
			}
		}
	}
	free(macs);
	free(col);
	free(st);
	return rc;
}

static const csl_node *child(const csl_node *n, int kind)
{
	for (const csl_node *c = n ? n->kids : NULL; c; c = c->next)
		if (c->kind == kind)
			return c;
	return NULL;
}

/* Does any element name the year-suffix variable?  (Else the suffix is
 * appended to the first rendered issued date.)  Iterative walk. */
/* Does any element of the style (of kind, when not CN_NONE) name var in
 * its attribute attr (as a substring: variable="year-suffix", type="book
 * classic")? */
static int uses_attr(const csl_node *root, const char *attr, const char *var, int kind)
{
	const csl_node *n = root;
	while (n) {
		const char *v = csl_attr_get(n, attr);
		if (v && strstr(v, var) && (kind == CN_NONE || n->kind == kind))
			return 1;
		if (n->kids) {
			n = n->kids;
			continue;
		}
		while (n && n != root && !n->next)
			n = n->parent;
		if (!n || n == root)
			break;
		n = n->next;
	}
	return 0;
}

csl_style *csl_style_load(const char *xml, size_t n, const char *name,
			  quire_error *err)
{
	if (!name)
		name = "style";
	xmlDoc *d = read_xml(xml, n, name, err);
	if (!d)
		return NULL;
	csl_style *s = calloc(1, sizeof *s);
	quire_arena *a = quire_arena_new(0);
	if (!s || !a) {
		free(s);
		quire_arena_free(a);
		xmlFreeDoc(d);
		quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
		return NULL;
	}
	s->a = a;
	s->name = quire_arena_strndup(a, name, strlen(name));
	pctx p = {a, s->name, err, 0, 0};
	xmlNode *rx = xmlDocGetRootElement(d);
	csl_node *root = NULL;
	if (!rx || !is_csl(rx) || strcmp((const char *)rx->name, "style") != 0)
		fail(&p, rx ? (int)xmlGetLineNo(rx) : 1, "root element is not <style>", NULL);
	else
		root = copy(&p, rx, NULL, 0);
	/* info: title, id, parent link */
	if (root && !p.failed) {
		for (xmlNode *c = rx->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "info") != 0)
				continue;
			for (xmlNode *i = c->children; i; i = i->next) {
				if (i->type != XML_ELEMENT_NODE)
					continue;
				if (!strcmp((const char *)i->name, "title") && !s->title) {
					xmlChar *t = xmlNodeGetContent(i);
					s->title = quire_arena_strndup(a, t ? (const char *)t : "", t ? strlen((const char *)t) : 0);
					xmlFree(t);
				} else if (!strcmp((const char *)i->name, "id") && !s->id) {
					xmlChar *t = xmlNodeGetContent(i);
					s->id = quire_arena_strndup(a, t ? (const char *)t : "", t ? strlen((const char *)t) : 0);
					xmlFree(t);
				} else if (!strcmp((const char *)i->name, "link")) {
					xmlChar *rel = xmlGetProp(i, (const xmlChar *)"rel");
					xmlChar *href = xmlGetProp(i, (const xmlChar *)"href");
					if (rel && href && !strcmp((const char *)rel, "independent-parent"))
						s->parent = quire_arena_strndup(a, (const char *)href, strlen((const char *)href));
					xmlFree(rel);
					xmlFree(href);
				}
			}
		}
		/* style locales */
		size_t nl = 0;
		for (xmlNode *c = rx->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && is_csl(c) &&
			    !strcmp((const char *)c->name, "locale"))
				nl++;
		if (nl) {
			/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
			s->locales = quire_arena_alloc(a, nl * sizeof *s->locales);
			for (xmlNode *c = rx->children; c && s->locales && !p.failed; c = c->next)
				if (c->type == XML_ELEMENT_NODE && is_csl(c) &&
				    !strcmp((const char *)c->name, "locale")) {
					csl_locale *l = csl_locale_parse_node(a, c, s->name, err);
					if (!l)
						p.failed = 1;
					else
						s->locales[s->n_locales++] = l;
				}
		}
	}
	xmlFreeDoc(d);
	if (root && !p.failed)
		link_macros(&p, root);
	if (root && !p.failed)
		check_cycles(&p, root);
	if (root && !p.failed) {
		s->root = root;
		s->citation = child(root, CN_CITATION);
		s->bibliography = child(root, CN_BIBLIOGRAPHY);
		s->cit_layout = child(s->citation, CN_LAYOUT);
		s->bib_layout = child(s->bibliography, CN_LAYOUT);
		s->cit_sort = child(s->citation, CN_SORT);
		s->bib_sort = child(s->bibliography, CN_SORT);
		const char *v = csl_attr_get(root, "class");
		s->is_note = v && !strcmp(v, "note");
		s->default_locale = csl_attr_get(root, "default-locale");
		v = csl_attr_get(root, "demote-non-dropping-particle");
		s->demote_ndp = !v ? 2 : !strcmp(v, "never") ? 0 : !strcmp(v, "sort-only") ? 1 : 2;
		v = csl_attr_get(root, "initialize-with-hyphen");
		s->initialize_hyphen = !v || strcmp(v, "false") != 0;
		v = csl_attr_get(root, "page-range-format");
		s->page_range_format = !v ? 0 : !strcmp(v, "expanded") ? 1 :
			!strcmp(v, "minimal") ? 2 : !strcmp(v, "minimal-two") ? 3 :
			!strcmp(v, "chicago") ? 5 : !strcmp(v, "chicago-16") ? 4 :
			!strcmp(v, "chicago-15") ? 5 : 0;
		s->explicit_ys = uses_attr(root, "variable", "year-suffix", CN_NONE);
		s->numeric = uses_attr(root, "variable", "citation-number", CN_TEXT);
		s->knows_classic = uses_attr(root, "type", "classic", CN_NONE);
		if (!s->parent && (!s->citation || !s->cit_layout))
			fail(&p, root->line, "style has no <citation> with a <layout>", NULL);
		else if (s->bibliography && !s->bib_layout)
			fail(&p, s->bibliography->line, "<bibliography> has no <layout>", NULL);
	}
	if (!root || p.failed) {
		csl_style_free(s);
		return NULL;
	}
	if (!s->title)
		s->title = "";
	if (!s->id)
		s->id = "";
	return s;
}

void csl_style_free(csl_style *s)
{
	if (!s)
		return;
	quire_arena_free(s->a);
	free(s);
}

const char *csl_style_title(const csl_style *s) { return s->title; }
const char *csl_style_id(const csl_style *s) { return s->id; }
const char *csl_style_default_locale(const csl_style *s) { return s->default_locale; }
int csl_style_is_note(const csl_style *s) { return s->is_note; }
int csl_style_has_bibliography(const csl_style *s) { return s->bib_layout != NULL; }
const char *csl_style_parent(const csl_style *s) { return s->parent; }

csl_locale *csl_locale_load(const char *xml, size_t n, const char *name,
			    quire_error *err)
{
	if (!name)
		name = "locale";
	xmlDoc *d = read_xml(xml, n, name, err);
	if (!d)
		return NULL;
	xmlNode *rx = xmlDocGetRootElement(d);
	if (!rx || strcmp((const char *)rx->name, "locale") != 0) {
		quire_error_set(err, QUIRE_EINPUT, "%s:%d: root element is not <locale>",
				name, rx ? (int)xmlGetLineNo(rx) : 1);
		xmlFreeDoc(d);
		return NULL;
	}
	quire_arena *a = quire_arena_new(0);
	csl_locale *l = a ? csl_locale_parse_node(a, rx, name, err) : NULL;
	xmlFreeDoc(d);
	if (!l) {
		quire_arena_free(a);
		return NULL;
	}
	l->a = a;
	return l;
}

csl_node *csl_copy_xml(quire_arena *a, const void *x, const char *name,
		       quire_error *err)
{
	pctx p = {a, name, err, 0, 0};
	csl_node *n = copy(&p, (const xmlNode *)x, NULL, 0);
	return p.failed ? NULL : n;
}
