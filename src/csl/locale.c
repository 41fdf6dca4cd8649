/*
 * locale.c — CSL locales: terms, localized date formats, style options,
 * ordinals, and the fallback chain of locale files for a language.
 *
 * A locale (a locale file or a style's <locale>) is a flat array of terms;
 * lookups walk a chain of locales, most specific first, and fall back
 * through term forms (verb-short -> verb -> long, symbol -> short -> long)
 * only after every locale lacks the asked form, as CSL 1.0.2 says.  The
 * primary dialect table is the one of the CSL locales repository.
 */
#include "csl_int.h"

#include <libxml/tree.h>
#include <string.h>
#include <stdlib.h>

static const char *const dialects[][2] = {
	{"af", "af-ZA"}, {"ar", "ar"}, {"bg", "bg-BG"}, {"ca", "ca-AD"},
	{"cs", "cs-CZ"}, {"cy", "cy-GB"}, {"da", "da-DK"}, {"de", "de-DE"},
	{"el", "el-GR"}, {"en", "en-US"}, {"es", "es-ES"}, {"et", "et-EE"},
	{"eu", "eu"}, {"fa", "fa-IR"}, {"fi", "fi-FI"}, {"fr", "fr-FR"},
	{"he", "he-IL"}, {"hi", "hi-IN"}, {"hr", "hr-HR"}, {"hu", "hu-HU"},
	{"id", "id-ID"}, {"is", "is-IS"}, {"it", "it-IT"}, {"ja", "ja-JP"},
	{"km", "km-KH"}, {"ko", "ko-KR"}, {"la", "la"}, {"lt", "lt-LT"},
	{"lv", "lv-LV"}, {"mn", "mn-MN"}, {"nb", "nb-NO"}, {"nl", "nl-NL"},
	{"nn", "nn-NO"}, {"pl", "pl-PL"}, {"pt", "pt-PT"}, {"ro", "ro-RO"},
	{"ru", "ru-RU"}, {"sk", "sk-SK"}, {"sl", "sl-SI"}, {"sr", "sr-RS"},
	{"sv", "sv-SE"}, {"th", "th-TH"}, {"tr", "tr-TR"}, {"uk", "uk-UA"},
	{"vi", "vi-VN"}, {"zh", "zh-CN"},
};

size_t csl_locale_chain(const char *lang, const char **tags)
{
	size_t n = 0;
	if (!lang || !*lang)
		lang = "en-US";
	size_t pl = strcspn(lang, "-_");
	if (pl < 8 && lang[pl]) {
		tags[n++] = lang;
	}
	for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; i++)
		if (strlen(dialects[i][0]) == pl && strncmp(dialects[i][0], lang, pl) == 0) {
			if (!n || strcmp(tags[0], dialects[i][1]) != 0)
				tags[n++] = dialects[i][1];
			break;
		}
	int has_en = 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(tags[i], "en-US"))
			has_en = 1;
	if (!has_en)
		tags[n++] = "en-US";
	return n;
}

static int addterm(quire_arena *a, csl_locale *l, size_t *cap, const csl_node *t)
{
	if (l->n_terms == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		csl_tdef *nt = quire_arena_alloc(a, nc * sizeof *nt);
		if (!nt)
			return -1;
		if (l->n_terms)
			memcpy(nt, l->terms, l->n_terms * sizeof *nt);
		l->terms = nt;
		*cap = nc;
	}
	csl_tdef *x = &l->terms[l->n_terms];
	memset(x, 0, sizeof *x);
	x->name = csl_attr_get(t, "name");
	if (!x->name)
		return 0;
	x->form = csl_attr_get(t, "form");
	if (!x->form)
		x->form = "long";
	x->gender = csl_attr_get(t, "gender");
	x->gender_form = csl_attr_get(t, "gender-form");
	const char *m = csl_attr_get(t, "match");
	x->match = !m ? -1 : !strcmp(m, "last-digit") ? 0 :
		!strcmp(m, "last-two-digits") ? 1 : 2;
	x->single = x->multiple = NULL;
	for (const csl_node *c = t->kids; c; c = c->next) {
		if (c->kind == CN_SINGLE)
			x->single = c->text ? c->text : "";
		else if (c->kind == CN_MULTIPLE)
			x->multiple = c->text ? c->text : "";
	}
	if (!t->kids)
		x->single = x->multiple = t->text ? t->text : "";
	if (!x->single)
		x->single = x->multiple ? x->multiple : "";
	if (!x->multiple)
		x->multiple = x->single;
	if (!strncmp(x->name, "ordinal", 7))
		l->ordinal_terms = 1;
	l->n_terms++;
	return 0;
}

csl_locale *csl_locale_parse_node(quire_arena *a, const void *xml_node,
				  const char *name, quire_error *err)
{
	csl_node *root = csl_copy_xml(a, xml_node, name, err);
	if (!root)
		return NULL;
	csl_locale *l = quire_arena_alloc(a, sizeof *l);
	if (!l) {
		quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
		return NULL;
	}
	memset(l, 0, sizeof *l);
	l->lang = csl_attr_get(root, "lang");
	l->punct_in_quote = -1;
	l->limit_ordinals = -1;
	size_t cap = 0;
	for (const csl_node *c = root->kids; c; c = c->next) {
		if (c->kind == CN_TERMS) {
			for (const csl_node *t = c->kids; t; t = t->next)
				if (t->kind == CN_TERM && addterm(a, l, &cap, t) < 0) {
					quire_error_set(err, QUIRE_ENOMEM, "%s: out of memory", name);
					return NULL;
				}
		} else if (c->kind == CN_DATE) {
			const char *f = csl_attr_get(c, "form");
			if (f && !strcmp(f, "numeric"))
				l->date_numeric = c;
			else if (f && !strcmp(f, "text"))
				l->date_text = c;
		} else if (c->kind == CN_STYLE_OPTIONS) {
			const char *v = csl_attr_get(c, "punctuation-in-quote");
			if (v)
				l->punct_in_quote = !strcmp(v, "true");
			v = csl_attr_get(c, "limit-day-ordinals-to-day-1");
			if (v)
				l->limit_ordinals = !strcmp(v, "true");
		}
	}
	return l;
}

void csl_locale_free(csl_locale *l)
{
	if (l && l->a)
		quire_arena_free(l->a);
}

const char *csl_locale_lang(const csl_locale *l)
{
	return l->lang ? l->lang : "";
}

static const csl_tdef *find(const csl_locale *l, const char *name, const char *form)
{
	for (size_t i = l->n_terms; i-- > 0;) {
		const csl_tdef *t = &l->terms[i];
		if (!t->gender_form && !strcmp(t->name, name) && !strcmp(t->form, form))
			return t;
	}
	return NULL;
}

static const char *next_form(const char *f)
{
	if (!strcmp(f, "verb-short"))
		return "verb";
	if (!strcmp(f, "symbol"))
		return "short";
	if (!strcmp(f, "verb") || !strcmp(f, "short"))
		return "long";
	return NULL;
}

static size_t term_hash(const char *name, const char *form)
{
	size_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 16777619u;
	h = (h ^ 0xff) * 16777619u;
	for (const unsigned char *p = (const unsigned char *)form; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

void csl_lchain_index(csl_lchain *c, quire_arena *a)
{
	size_t total = 0;
	c->idx = NULL;
	c->idx_mask = 0;
	for (size_t i = 0; i < c->n; i++)
		total += c->l[i]->n_terms;
	size_t cap = 16;
	while (cap < total * 2)
		cap *= 2;
	const csl_tdef **slots = quire_arena_alloc(a, cap * sizeof *slots);
	if (!slots)
		return;
	memset(slots, 0, cap * sizeof *slots);
	/* chain order, and within a locale the last definition first: the
	 * first one inserted for a key is the one find() would return */
	for (size_t i = 0; i < c->n; i++) {
		const csl_locale *l = c->l[i];
		for (size_t j = l->n_terms; j-- > 0;) {
			const csl_tdef *t = &l->terms[j];
			if (t->gender_form)
				continue;
			size_t k = term_hash(t->name, t->form) & (cap - 1);
			for (; slots[k]; k = (k + 1) & (cap - 1))
				if (!strcmp(slots[k]->name, t->name) && !strcmp(slots[k]->form, t->form))
					break;
			if (!slots[k])
				slots[k] = t;
		}
	}
	c->idx = slots;
	c->idx_mask = cap - 1;
}

/* The first definition of (name, form) along the chain, or NULL. */
static const csl_tdef *chain_find(const csl_lchain *c, const char *name, const char *form)
{
	if (c->idx) {
		for (size_t k = term_hash(name, form) & c->idx_mask; c->idx[k];
		     k = (k + 1) & c->idx_mask) {
			const csl_tdef *t = c->idx[k];
			if (!strcmp(t->name, name) && !strcmp(t->form, form))
				return t;
		}
		return NULL;
	}
	for (size_t i = 0; i < c->n; i++) {
		const csl_tdef *t = find(c->l[i], name, form);
		if (t)
			return t;
	}
	return NULL;
}

const char *csl_term(const csl_lchain *c, const char *name, const char *form,
		     int plural)
{
	if (!form)
		form = "long";
	for (const char *f = form; f; f = next_form(f)) {
		const csl_tdef *t = chain_find(c, name, f);
		if (t)
			return plural ? t->multiple : t->single;
	}
	return NULL;
}

const char *csl_term_gender(const csl_lchain *c, const char *name)
{
	const csl_tdef *t = chain_find(c, name, "long");
	return t ? t->gender : NULL;
}

const csl_node *csl_locale_date(const csl_lchain *c, int numeric)
{
	for (size_t i = 0; i < c->n; i++) {
		const csl_node *d = numeric ? c->l[i]->date_numeric : c->l[i]->date_text;
		if (d)
			return d;
	}
	return NULL;
}

int csl_locale_punct_in_quote(const csl_lchain *c)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->l[i]->punct_in_quote >= 0)
			return c->l[i]->punct_in_quote;
	return 0;
}

/* The ordinal term of locale l for n, gender g; NULL if none fits. */
static const char *ordinal_in(const csl_locale *l, long n, const char *g)
{
	char nm[16];
	const csl_tdef *best = NULL;
	int best_rank = 0;
	for (size_t i = 0; i < l->n_terms; i++) {
		const csl_tdef *t = &l->terms[i];
		if (strncmp(t->name, "ordinal", 7) != 0)
			continue;
		int rank = 0;
		if (!strcmp(t->name, "ordinal"))
			rank = 1;
		else if (strlen(t->name) == 10 && t->name[7] == '-') {
			long v = atol(t->name + 8);
			int match = t->match;
			if (match < 0)
				match = v < 10 ? 0 : 1;
			if (match == 2 && v == n)
				rank = 4;
			else if (match == 1 && v == n % 100)
				rank = 3;
			else if (match == 0 && v == n % 10)
				rank = 2;
		}
		if (!rank)
			continue;
		/* gender: an exact gender-form wins, else the neutral term */
		if (t->gender_form && (!g || strcmp(t->gender_form, g)))
			continue;
		rank = rank * 2 + (t->gender_form ? 1 : 0);
		if (rank >= best_rank) {
			best = t;
			best_rank = rank;
		}
	}
	(void)nm;
	return best ? best->single : NULL;
}

const char *csl_ordinal(const csl_lchain *c, long n, const char *gender)
{
	if (n < 0)
		n = -n;
	for (size_t i = 0; i < c->n; i++) {
		if (!c->l[i]->ordinal_terms)
			continue;
		const char *s = ordinal_in(c->l[i], n, gender);
		if (s)
			return s;
	}
	return "";
}
