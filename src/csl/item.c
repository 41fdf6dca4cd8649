/*
 * item.c — CSL-JSON items (Jansson) into csl_item structs.
 *
 * Lenient as the test suite needs: numbers may be strings and strings
 * numbers, date parts may be strings, a missing id or type is supplied,
 * unknown shapes are skipped.  Names without explicit particles get them
 * parsed as citeproc-js does: leading lower-case words of the family name
 * ("van der Berg") are the non-dropping particle, trailing lower-case words
 * of the given name ("Ludwig van") the dropping one.
 */
#include "csl_int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

static const char *const var_names[] = {
#define CSL_VAR_NAME(e, s) s,
	CSL_VARS(CSL_VAR_NAME)
#undef CSL_VAR_NAME
};

int csl_var_id(const char *name)
{
	if (!name)
		return 0;
	size_t lo = 0, hi = sizeof var_names / sizeof var_names[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, var_names[mid]);
		if (!c)
			return (int)mid + 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

const char *csl_var_name(int id)
{
	return id > 0 && id < CVI_COUNT ? var_names[id - 1] : NULL;
}

const csl_var *csl_item_var_id(const csl_item *it, int id, const char *name)
{
	if (id) {
		for (size_t i = 0; i < it->n_vars; i++)
			if (it->vars[i].id == id)
				return &it->vars[i];
		return NULL;
	}
	for (size_t i = 0; i < it->n_vars; i++)
		if (!it->vars[i].id && it->vars[i].name[0] == name[0] &&
		    !strcmp(it->vars[i].name, name))
			return &it->vars[i];
	return NULL;
}

const csl_var *csl_item_var(const csl_item *it, const char *name)
{
	return csl_item_var_id(it, csl_var_id(name), name);
}

const char *csl_item_str(const csl_item *it, const char *name)
{
	const csl_var *v = csl_item_var(it, name);
	return v && v->kind == CV_STR && v->s[0] ? v->s : NULL;
}

static char *dup(quire_arena *a, const char *s)
{
	return quire_arena_strndup(a, s, strlen(s));
}

static const char *json_text(quire_arena *a, const json_t *v)
{
	char tmp[64];
	if (json_is_string(v))
		return dup(a, json_string_value(v));
	if (json_is_integer(v)) {
		snprintf(tmp, sizeof tmp, "%lld", (long long)json_integer_value(v));
		return dup(a, tmp);
	}
	if (json_is_real(v)) {
		snprintf(tmp, sizeof tmp, "%g", json_real_value(v));
		return dup(a, tmp);
	}
	if (json_is_true(v))
		return "true";
	return NULL;
}

static int json_int(const json_t *v)
{
	if (json_is_integer(v))
		return (int)json_integer_value(v);
	if (json_is_real(v))
		return (int)json_real_value(v);
	if (json_is_string(v))
		return atoi(json_string_value(v));
	return 0;
}

static int is_lower_word(const char *s, size_t n)
{
	if (!n)
		return 0;
	unsigned char c = (unsigned char)s[0];
	return (c >= 'a' && c <= 'z') || c == '\'';
}

static void parse_particles(quire_arena *a, csl_name *nm)
{
	if (nm->family && !nm->ndp) {
		const char *f = nm->family;
		size_t cut = 0, i = 0, n = strlen(f);
		/* leading words starting lower case, followed by more text */
		while (i < n) {
			size_t j = i;
			while (j < n && f[j] != ' ')
				j++;
			if (j >= n || !is_lower_word(f + i, j - i))
				break;
			cut = j;
			i = j + 1;
		}
		if (cut) {
			nm->ndp = quire_arena_strndup(a, f, cut);
			nm->family = f + cut + 1;
		} else {
			/* "al-One", "d'Aubignac": a short lower-case particle joined
			 * by a hyphen or an apostrophe to a capitalised family */
			size_t k = 0;
			while (k < n && k < 4 && f[k] >= 'a' && f[k] <= 'z')
				k++;
			size_t pl = 0;
			if (k && k < n && (f[k] == '-' || f[k] == '\''))
				pl = k + 1;
			else if (k && k + 2 < n && !strncmp(f + k, "\xE2\x80\x99", 3))
				pl = k + 3;
			if (pl && pl < n && f[pl] >= 'A' && f[pl] <= 'Z') {
				nm->ndp = quire_arena_strndup(a, f, pl);
				nm->family = f + pl;
			}
		}
	}
	if (nm->given && !nm->dp) {
		const char *g = nm->given;
		size_t n = strlen(g), end = n;
		while (end > 0) {
			size_t sp = end;
			while (sp > 0 && g[sp - 1] != ' ')
				sp--;
			if (sp == 0 || !is_lower_word(g + sp, end - sp))
				break;
			end = sp - 1;
		}
		if (end < n) {
			nm->dp = dup(a, g + end + 1);
			nm->given = quire_arena_strndup(a, g, end);
		}
	}
}

static int parse_names(quire_arena *a, const json_t *arr, csl_var *v)
{
	size_t n = json_array_size(arr);
	v->names = quire_arena_alloc(a, (n ? n : 1) * sizeof *v->names);
	if (!v->names)
		return -1;
	v->n_names = 0;
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(arr, i);
		if (!json_is_object(o))
			continue;
		csl_name *nm = &v->names[v->n_names];
		memset(nm, 0, sizeof *nm);
		nm->family = json_text(a, json_object_get(o, "family"));
		nm->given = json_text(a, json_object_get(o, "given"));
		nm->dp = json_text(a, json_object_get(o, "dropping-particle"));
		nm->ndp = json_text(a, json_object_get(o, "non-dropping-particle"));
		nm->suffix = json_text(a, json_object_get(o, "suffix"));
		nm->literal = json_text(a, json_object_get(o, "literal"));
		const json_t *x = json_object_get(o, "comma-suffix");
		nm->comma_suffix = x && (json_is_true(x) || json_int(x));
		x = json_object_get(o, "static-ordering");
		nm->static_order = x && (json_is_true(x) || json_int(x));
		if (!nm->family && !nm->literal && nm->given) {
			nm->literal = NULL;
		}
		if (nm->given && !nm->suffix && nm->family) {
			/* "John, III" and "John,! Jr." carry a suffix (the "!"
			 * keeps a comma before it) */
			const char *cm = strchr(nm->given, ',');
			if (cm && cm > nm->given) {
				const char *sx = cm + 1;
				if (*sx == '!') {
					nm->comma_suffix = 1;
					sx++;
				}
				while (*sx == ' ')
					sx++;
				if (*sx) {
					nm->suffix = sx;
					nm->given = quire_arena_strndup(a, nm->given, (size_t)(cm - nm->given));
				}
			}
		}
		size_t fl = nm->family ? strlen(nm->family) : 0;
		if (fl >= 2 && nm->family[0] == '"' && nm->family[fl - 1] == '"') {
			/* a quoted family name is taken as written */
			nm->family = quire_arena_strndup(a, nm->family + 1, fl - 2);
		} else if (nm->family && !nm->literal) {
			x = json_object_get(o, "parse-names");
			if (!x || json_is_true(x) || (json_is_string(x) && strcmp(json_string_value(x), "false")))
				parse_particles(a, nm);
		}
		if (nm->family || nm->given || nm->literal)
			v->n_names++;
	}
	return 0;
}

static void parse_raw_date(const char *s, csl_date *d)
{
	int k = 0;
	while (*s && k < 2) {
		int y = 0, m = 0, dd = 0;
		int neg = 0;
		if (*s == '-') {
			neg = 1;
			s++;
		}
		if (!isdigit((unsigned char)*s))
			break;
		y = atoi(s);
		while (isdigit((unsigned char)*s))
			s++;
		if (*s == '-' && isdigit((unsigned char)s[1])) {
			m = atoi(++s);
			while (isdigit((unsigned char)*s))
				s++;
			if (*s == '-' && isdigit((unsigned char)s[1])) {
				dd = atoi(++s);
				while (isdigit((unsigned char)*s))
					s++;
			}
		}
		d->y[k] = neg ? -y : y;
		d->m[k] = m;
		d->d[k] = dd;
		k++;
		if (*s == '/')
			s++;
		else
			break;
	}
	if (k == 2)
		d->range = 1;
}

static int parse_date(quire_arena *a, const json_t *o, csl_var *v)
{
	csl_date *d = quire_arena_alloc(a, sizeof *d);
	if (!d)
		return -1;
	memset(d, 0, sizeof *d);
	v->date = d;
	if (json_is_string(o)) {
		parse_raw_date(json_string_value(o), d);
		if (!d->y[0])
			d->literal = dup(a, json_string_value(o));
		return 0;
	}
	if (!json_is_object(o))
		return 0;
	const json_t *dp = json_object_get(o, "date-parts");
	if (json_is_array(dp)) {
		for (size_t k = 0; k < 2 && k < json_array_size(dp); k++) {
			const json_t *p = json_array_get(dp, k);
			if (!json_is_array(p))
				continue;
			if (json_array_size(p) > 0)
				d->y[k] = json_int(json_array_get(p, 0));
			if (json_array_size(p) > 1)
				d->m[k] = json_int(json_array_get(p, 1));
			if (json_array_size(p) > 2)
				d->d[k] = json_int(json_array_get(p, 2));
		}
		if (json_array_size(dp) > 1 && (d->y[1] || d->m[1] || d->d[1]))
			d->range = 1;
		else if (json_array_size(dp) > 1 && d->y[0] &&
			 json_is_array(json_array_get(dp, 1)) &&
			 json_array_size(json_array_get(dp, 1)) > 0)
			d->range = 2; /* [[1987], [0]]: a range open at its end */
	}
	if (!d->y[0]) {
		/* no date-parts (or empty ones): the raw string, parsed when
		 * it is a date, else shown as it is */
		const json_t *raw = json_object_get(o, "raw");
		if (json_is_string(raw)) {
			parse_raw_date(json_string_value(raw), d);
			if (!d->y[0] && *json_string_value(raw))
				d->literal = dup(a, json_string_value(raw));
		}
	}
	const json_t *x = json_object_get(o, "season");
	if (x)
		d->season = json_int(x);
	if (json_is_string(x) && !d->season) {
		const char *s = json_string_value(x);
		d->season = !strcasecmp(s, "spring") ? 1 : !strcasecmp(s, "summer") ? 2 :
			!strcasecmp(s, "autumn") || !strcasecmp(s, "fall") ? 3 :
			!strcasecmp(s, "winter") ? 4 : 0;
	}
	x = json_object_get(o, "circa");
	d->circa = x && (json_is_true(x) || json_int(x) ||
			 (json_is_string(x) && strcmp(json_string_value(x), "")));
	x = json_object_get(o, "literal");
	if (json_is_string(x))
		d->literal = dup(a, json_string_value(x));
	/* a month of 13..24 is a season (13, 17 and 21 spring, and so on;
	 * kept as 13..16, so that a range can run from one season to
	 * another) */
	for (int k = 0; k < 2; k++) {
		if (d->m[k] >= 21 && d->m[k] <= 24)
			d->m[k] -= 8;
		else if (d->m[k] >= 17 && d->m[k] <= 20)
			d->m[k] -= 4;
		if (d->m[k] < 0 || d->m[k] > 16)
			d->m[k] = 0;
	}
	if (d->m[0] >= 13 && !d->season)
		d->season = d->m[0] - 12;
	return 0;
}

static int is_name_var(const char *k, int id)
{
	switch (id) {
	case CVI_AUTHOR: case CVI_CHAIR: case CVI_COLLECTION_EDITOR:
	case CVI_COMPILER: case CVI_COMPOSER: case CVI_CONTAINER_AUTHOR:
	case CVI_CONTRIBUTOR: case CVI_CURATOR: case CVI_DIRECTOR:
	case CVI_EDITOR: case CVI_EDITORIAL_DIRECTOR:
	case CVI_EXECUTIVE_PRODUCER: case CVI_GUEST: case CVI_HOST:
	case CVI_ILLUSTRATOR: case CVI_INTERVIEWER: case CVI_NARRATOR:
	case CVI_ORGANIZER: case CVI_ORIGINAL_AUTHOR: case CVI_PERFORMER:
	case CVI_PRODUCER: case CVI_RECIPIENT: case CVI_REVIEWED_AUTHOR:
	case CVI_SCRIPT_WRITER: case CVI_SERIES_CREATOR: case CVI_TRANSLATOR:
		return 1;
	case CVI_NONE:
		break;
	default:
		return 0;
	}
	static const char *const nv[] = {"author", "chair", "collection-editor",
		"compiler", "composer", "container-author", "contributor", "curator",
		"director", "editor", "editorial-director", "editor-translator",
		"executive-producer", "guest", "host", "illustrator", "interviewer",
		"narrator", "organizer", "original-author", "performer", "producer",
		"recipient", "reviewed-author", "script-writer", "series-creator",
		"translator", NULL};
	for (int i = 0; nv[i]; i++)
		if (!strcmp(nv[i], k))
			return 1;
	return 0;
}

static int is_date_var(const char *k, int id)
{
	switch (id) {
	case CVI_ACCESSED: case CVI_AVAILABLE_DATE: case CVI_EVENT_DATE:
	case CVI_ISSUED: case CVI_ORIGINAL_DATE: case CVI_SUBMITTED:
		return 1;
	case CVI_NONE:
		break;
	default:
		return 0;
	}
	static const char *const dv[] = {"accessed", "available-date",
		"event-date", "issued", "original-date", "submitted", NULL};
	for (int i = 0; dv[i]; i++)
		if (!strcmp(dv[i], k))
			return 1;
	return 0;
}

static int parse_item(quire_arena *a, const json_t *o, size_t index, csl_item *it)
{
	memset(it, 0, sizeof *it);
	it->index = index;
	size_t n = json_object_size(o);
	it->vars = quire_arena_alloc(a, (n + 1) * sizeof *it->vars);
	if (!it->vars)
		return -1;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		if (!strcmp(k, "id")) {
			it->id = json_text(a, v);
			continue;
		}
		if (!strcmp(k, "type")) {
			it->type = json_text(a, v);
			continue;
		}
		csl_var *x = &it->vars[it->n_vars];
		memset(x, 0, sizeof *x);
		x->id = csl_var_id(k);
		x->name = x->id ? csl_var_name(x->id) : dup(a, k);
		if (!x->name)
			return -1;
		if (x->id == CVI_LANGUAGE)
			it->lang = json_text(a, v);
		if (is_name_var(k, x->id)) {
			if (!json_is_array(v))
				continue;
			x->kind = CV_NAMES;
			if (parse_names(a, v, x) < 0)
				return -1;
			if (!x->n_names)
				continue;
		} else if (is_date_var(k, x->id)) {
			x->kind = CV_DATE;
			if (parse_date(a, v, x) < 0)
				return -1;
			if (!x->date->y[0] && !x->date->literal && !x->date->season)
				continue;
		} else {
			x->s = json_text(a, v);
			if (!x->s)
				continue;
			x->kind = CV_STR;
		}
		it->n_vars++;
	}
	if (!it->type)
		it->type = "article";
	return 0;
}

quire_status csl_items_parse(quire_arena *a, const char *json, size_t n,
			     size_t first_index, csl_item **out, size_t *n_out,
			     quire_error *err)
{
	json_error_t je;
	json_t *root = json_loadb(json, n, JSON_DECODE_ANY, &je);
	if (!root)
		return quire_error_set(err, QUIRE_EINPUT, "items:%d: %s", je.line, je.text);
	if (json_is_object(root)) {
		json_t *arr = json_array();
		json_array_append(arr, root);
		json_decref(root);
		root = arr;
	}
	if (!json_is_array(root)) {
		json_decref(root);
		return quire_error_set(err, QUIRE_EINPUT, "items: not a JSON array of items");
	}
	size_t m = json_array_size(root);
	csl_item *items = quire_arena_alloc(a, (m ? m : 1) * sizeof *items);
	if (!items) {
		json_decref(root);
		return quire_error_set(err, QUIRE_ENOMEM, "items: out of memory");
	}
	size_t k = 0;
	for (size_t i = 0; i < m; i++) {
		const json_t *o = json_array_get(root, i);
		if (!json_is_object(o))
			continue;
		if (parse_item(a, o, first_index + k, &items[k]) < 0) {
			json_decref(root);
			return quire_error_set(err, QUIRE_ENOMEM, "items: out of memory");
		}
		if (!items[k].id) {
			char tmp[32];
			snprintf(tmp, sizeof tmp, "ITEM-%zu", first_index + k + 1);
			items[k].id = dup(a, tmp);
		}
		k++;
	}
	json_decref(root);
	*out = items;
	*n_out = k;
	return QUIRE_OK;
}
