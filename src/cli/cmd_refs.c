/*
 * cmd_refs.c — `quire refs` (a stored paper's references, or every
 * paper's, parsed into fields and exported) and `quire cite` (any
 * reference strings, the same way, or labelled word by word).
 *
 * Decisions:
 *  - References are parsed when asked, from the entry strings the analysis
 *    stored, with the model built into quire (or --model FILE): a better
 *    model shows at once, without re-analysing the library.  The analysis
 *    also stores them ("citations", docs/JSON.md) for the web and search.
 *  - Without --format, `quire refs` prints for people: each entry on one
 *    line after its CSL type in brackets, padded to one column
 *    ("[article-journal] Chen, Jian. …"; with --all after "ID<TAB>"), so
 *    the type the parser gave is never hidden.  Without a model (none
 *    built in, no --model) it prints the bare entries, like --format text.
 *  - Formats: text (the entry strings, one a line, as before), json (an
 *    array of {text, section, note, type, fields} where fields is the
 *    CSL-JSON item), csl (a CSL-JSON array), bibtex (keys unique across
 *    the whole output), ris.  `--json` stays as a synonym of --format json.
 *  - Notes are parsed as notes (ref_parse_entries): split into their
 *    citations, back-references and short notes resolved across the
 *    paper's notes.  An entry still stands for one citation (its first),
 *    json adds each note's citations with what they resolve to, and the
 *    exports (csl, bibtex, ris, --style) carry each work once: the list
 *    entries and the notes' citations that are not back-references or
 *    short notes of an earlier one (ids ID-N, or ID-N.M in a note of
 *    several citations).
 *  - CSL-JSON ids are "PAPERID-N" (N from 1) for stored papers and "refN"
 *    for `quire cite`.
 *  - `quire cite --format tokens` prints exactly one JSON object per input
 *    line, {"tokens": [{"text": …, "label": …}, …]}, the texts being the
 *    line's white-space separated words and the label of a word the one
 *    covering most of its letters (tok_word_labels) — what independent
 *    scorers read.  The labels are the fields' own: the labeller's, then
 *    the rules after it (ref_labels_fix), so tokens and csl agree.  An
 *    empty line gives {"tokens": []}, so lines and objects stay aligned.
 *  - --style NAME|FILE.csl (with --locale L, --html) prints the parsed
 *    references formatted in a CSL style (cmd_csl.c: the CSL-JSON this
 *    file exports goes to the processor): the style's bibliography, or
 *    one note per reference for a style without one.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd_csl.h"
#include "cmd_refs.h"
#include "refs.h"
#include "tok.h"

enum { OPT_FORMAT = 300, OPT_MODEL, OPT_ALL, OPT_JSON, OPT_STYLE, OPT_LOCALE,
       OPT_HTML, OPT_CONTEXT };

/* F_HUMAN: `quire refs` without --format (each entry with its type);
 * never named by --format. */
typedef enum out_fmt { F_TEXT, F_JSON, F_CSL, F_BIBTEX, F_RIS, F_TOKENS,
		       F_HUMAN } out_fmt;

static int parse_format(const char *cmd, const char *s, int tokens_ok,
			out_fmt *f)
{
	static const struct {
		const char *name;
		out_fmt f;
	} t[] = {{"text", F_TEXT}, {"json", F_JSON}, {"csl", F_CSL},
		 {"bibtex", F_BIBTEX}, {"ris", F_RIS}, {"tokens", F_TOKENS}};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(s, t[i].name) == 0 &&
		    (t[i].f != F_TOKENS || tokens_ok) &&
		    (t[i].f != F_TEXT || !tokens_ok)) {
			*f = t[i].f;
			return 0;
		}
	return cli_usage_error(cmd, "--format takes %s, not '%s'",
			       tokens_ok ? "csl, bibtex, ris, json or tokens"
					 : "text, json, csl, bibtex or ris",
			       s);
}

/* Loads --model FILE into *owned; NULL path: the built-in model.  Returns
 * 0 or an exit code (error printed). */
static int load_model(const char *path, const ref_model **m, ref_model **owned)
{
	*owned = NULL;
	if (!path) {
		*m = ref_model_builtin();
		if (!*m) {
			cli_error(NULL, "no reference model is built into this quire; "
					"give one with --model FILE");
			return CLI_EXIT_INPUT;
		}
		return 0;
	}
	FILE *f = fopen(path, "rb");
	if (!f) {
		cli_error(path, "cannot open the model");
		return CLI_EXIT_INPUT;
	}
	buf_t b = BUF_INIT;
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, k);
	int bad = ferror(f) || buf_failed(&b);
	fclose(f);
	quire_error err = {0};
	if (bad || ref_model_load((const unsigned char *)b.p, b.len, owned, &err)) {
		cli_error(path, "%s", err.msg[0] ? err.msg : "cannot read the model");
		buf_free(&b);
		return CLI_EXIT_INPUT;
	}
	buf_free(&b);
	*m = *owned;
	return 0;
}

/* The id of citation j of a note whose entry has id eid: the entry's own
 * when the note holds one citation, else "eid.J" (J from 1). */
static const char *cite_id(const char *eid, const ref_note *nt, size_t j, quire_arena *a)
{
	if (!nt || nt->n_cites <= 1)
		return eid;
	char id[96];
	ref_note_cite_id(id, sizeof id, eid, nt, j);
	return quire_arena_strndup(a, id, strlen(id));
}

/* Does citation j of a note stand for a work of its own (what exports
 * carry), not for one cited before or in the bibliography (a
 * back-reference, a short note, a full note of a listed work)? */
static int cite_is_work(const ref_note_cite *nc)
{
	return ref_note_cite_is_work(nc) && nc->cite.type != NULL;
}

/* The per-entry context emit() needs beside the citations: each entry's
 * text, section, note flag, the note's split (NULL for list entries and
 * for `quire cite`) and the prefix of --all. */
typedef struct entries {
	const ref_citation *c;
	size_t n;
	const char *const *ids, *const *texts, *const *sections, *const *prefix;
	const int *notes;
	const ref_note *const *split;
} entries;

/* Appends one entry of --format json: a note also gets "citations", each
 * with its span's text, the back-reference it is ("ibid", "op. cit.",
 * "ders."), whether it is a short note, the page it cites, the id of the
 * citation it points to, its type and fields. */
static void json_entry(buf_t *b, const entries *E, size_t i)
{
	int n = 0;
	const ref_citation *c = &E->c[i];
	buf_putc(b, '{');
	cli_json_str(b, &n, "text", E->texts[i]);
	int note = E->notes ? E->notes[i] : -1;
	if ((E->sections && E->sections[i]) || note >= 0)
		cli_json_str(b, &n, "section", E->sections ? E->sections[i] : NULL);
	if (note >= 0) {
		cli_json_key(b, &n, "note");
		buf_puts(b, note ? "true" : "false");
	}
	cli_json_str(b, &n, "type", c->type);
	cli_json_key(b, &n, "fields");
	ref_to_csl_json(c, E->ids[i], b);
	const ref_note *nt = E->split ? E->split[i] : NULL;
	if (note > 0 && nt) {
		cli_json_key(b, &n, "citations");
		ref_note_citations_json(b, E->texts[i], i, E->ids, E->split, E->n);
		cli_json_str(b, &n, "commentary", nt->commentary);
	}
	buf_putc(b, '}');
}

/* What the exports carry: every list entry, and every citation of a note
 * that stands for a work of its own (cite_is_work), each with its id. */
static size_t export_items(const entries *E, quire_arena *a, const ref_citation **items,
			   const char *const **item_ids)
{
	*items = E->c;
	*item_ids = E->ids;
	if (!E->split)
		return E->n;
	size_t k = 0;
	for (size_t i = 0; i < E->n; i++)
		k += E->split[i] ? E->split[i]->n_cites : 1;
	ref_citation *c = quire_arena_alloc(a, (k ? k : 1) * sizeof *c);
	const char **ids = quire_arena_alloc(a, (k ? k : 1) * sizeof *ids);
	if (!c || !ids)
		return 0;
	k = 0;
	for (size_t i = 0; i < E->n; i++) {
		const ref_note *nt = E->split[i];
		if (!nt) {
			c[k] = E->c[i];
			ids[k++] = E->ids[i];
			continue;
		}
		for (size_t j = 0; j < nt->n_cites; j++)
			if (cite_is_work(&nt->cites[j])) {
				c[k] = nt->cites[j].cite;
				ids[k++] = cite_id(E->ids[i], nt, j, a);
			}
	}
	*items = c;
	*item_ids = ids;
	return k;
}

/* Under a note's line in the human listing, when it holds more than one
 * citation or points back: one line per citation, indented past the type
 * column — its number, type and text, the page cited, and what a
 * back-reference or short note points to ("= 3.2": note entry 3's second
 * citation). */
static void human_note(buf_t *b, const entries *E, size_t i, size_t w, quire_arena *a)
{
	const ref_note *nt = E->split ? E->split[i] : NULL;
	if (!nt || !nt->n_cites)
		return;
	int show = nt->n_cites > 1;
	for (size_t j = 0; j < nt->n_cites && !show; j++)
		show = nt->cites[j].back != REF_BACK_NONE || nt->cites[j].target_note >= 0;
	if (!show)
		return;
	const char *pre = E->prefix && E->prefix[i] ? E->prefix[i] : NULL;
	for (size_t j = 0; j < nt->n_cites; j++) {
		const ref_note_cite *nc = &nt->cites[j];
		const char *t = nc->cite.type ? nc->cite.type : "document";
		if (pre)
			buf_printf(b, "%s\t", pre);
		buf_printf(b, "%*s %zu. [%s] %.*s", (int)w + 2, "", j + 1, t, (int)nc->len,
			   E->texts[i] + nc->off);
		if (nc->pinpoint)
			buf_printf(b, " (at %s)", nc->pinpoint);
		if (nc->target_note >= 0 && (size_t)nc->target_note < E->n) {
			const char *tid = cite_id(E->ids[nc->target_note], E->split[nc->target_note],
						  (size_t)nc->target_cite, a);
			const char *dash = tid ? strrchr(tid, '-') : NULL;
			buf_printf(b, " = %s", dash ? dash + 1 : tid ? tid : "?");
		} else if (!ref_note_cite_is_work(nc)) {
			buf_puts(b, " = (not found)");
		}
		buf_putc(b, '\n');
	}
}

/* Appends the entries E in format f. */
static void emit(buf_t *b, out_fmt f, const entries *E, quire_arena *a)
{
	const ref_citation *c = E->c;
	size_t n = E->n;
	const char *const *texts = E->texts, *const *prefix = E->prefix;
	const ref_citation *items;
	const char *const *item_ids;
	size_t nitems;
	switch (f) {
	case F_HUMAN: {
		size_t w = 0;
		for (size_t i = 0; i < n; i++) {
			size_t k = strlen(c[i].type ? c[i].type : "document");
			w = k > w ? k : w;
		}
		for (size_t i = 0; i < n; i++) {
			const char *t = c[i].type ? c[i].type : "document";
			if (prefix && prefix[i]) {
				buf_puts(b, prefix[i]);
				buf_putc(b, '\t');
			}
			buf_printf(b, "[%s]%*s ", t, (int)(w - strlen(t)), "");
			buf_puts(b, texts[i]);
			buf_putc(b, '\n');
			human_note(b, E, i, w, a);
		}
		break;
	}
	case F_TEXT:
		for (size_t i = 0; i < n; i++) {
			if (prefix && prefix[i]) {
				buf_puts(b, prefix[i]);
				buf_putc(b, '\t');
			}
			buf_puts(b, texts[i]);
			buf_putc(b, '\n');
		}
		break;
	case F_JSON:
		buf_putc(b, '[');
		for (size_t i = 0; i < n; i++) {
			buf_puts(b, i ? ",\n" : "\n");
			json_entry(b, E, i);
		}
		buf_puts(b, n ? "\n]\n" : "]\n");
		break;
	case F_CSL:
	case F_BIBTEX:
	case F_RIS:
		nitems = export_items(E, a, &items, &item_ids);
		ref_export_list(items, nitems, item_ids,
				f == F_CSL ? REF_FMT_CSL : f == F_BIBTEX ? REF_FMT_BIBTEX : REF_FMT_RIS,
				a, b);
		break;
	case F_TOKENS:
		break;
	}
}

/* --style: the works of E (export_items) as CSL-JSON through the CSL
 * processor (cmd_csl.c). */
static int emit_styled(const entries *E, const char *style, const char *lang, int html,
		       quire_arena *a)
{
	buf_t j = BUF_INIT;
	const ref_citation *items;
	const char *const *item_ids;
	size_t n = export_items(E, a, &items, &item_ids);
	ref_export_list(items, n, item_ids, REF_FMT_CSL, a, &j);
	int rc = buf_failed(&j) ? CLI_EXIT_INPUT
				: cli_csl_print(style, lang, html, j.p ? j.p : "[]",
						j.p ? j.len : 2);
	if (buf_failed(&j))
		cli_error(NULL, "out of memory");
	buf_free(&j);
	return rc;
}

/* ---- quire refs ---------------------------------------------------------- */

/* What --all and ID collect before emitting. */
typedef struct refs_acc {
	quire_arena *a;
	const ref_model *m;
	ref_citation *c;
	const char **ids, **texts, **sections, **prefix;
	int *notes;
	const ref_note **split; /* a note's citations, NULL for a list entry */
	size_t n, cap;
	int all;
} refs_acc;

static int acc_grow(refs_acc *r, size_t more)
{
	if (r->n + more <= r->cap)
		return 0;
	size_t nc = r->cap ? r->cap * 2 : 64;
	while (nc < r->n + more)
		nc *= 2;
	ref_citation *c = quire_arena_alloc(r->a, nc * sizeof *c);
	const char **ids = quire_arena_alloc(r->a, nc * sizeof *ids);
	const char **texts = quire_arena_alloc(r->a, nc * sizeof *texts);
	const char **sections = quire_arena_alloc(r->a, nc * sizeof *sections);
	const char **prefix = quire_arena_alloc(r->a, nc * sizeof *prefix);
	int *notes = quire_arena_alloc(r->a, nc * sizeof *notes);
	const ref_note **split = quire_arena_alloc(r->a, nc * sizeof(const ref_note *));
	if (!c || !ids || !texts || !sections || !prefix || !notes || !split)
		return -1;
	if (r->n) {
		memcpy(c, r->c, r->n * sizeof *c);
		memcpy(ids, r->ids, r->n * sizeof *ids);
		memcpy(texts, r->texts, r->n * sizeof *texts);
		memcpy(sections, r->sections, r->n * sizeof *sections);
		memcpy(prefix, r->prefix, r->n * sizeof *prefix);
		memcpy(notes, r->notes, r->n * sizeof *notes);
		memcpy(split, r->split, r->n * sizeof(const ref_note *));
	}
	r->c = c;
	r->ids = ids;
	r->texts = texts;
	r->sections = sections;
	r->prefix = prefix;
	r->notes = notes;
	r->split = split;
	r->cap = nc;
	return 0;
}

/* Parses the references of stored paper sp (read with analysis and text)
 * into r.  Returns 0 or an exit code. */
static int acc_paper(refs_acc *r, const st_paper *sp)
{
	quire_paper *p;
	int rc = cli_paper_of(sp, r->a, &p);
	if (rc)
		return rc;
	if (acc_grow(r, p->n_refs)) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_LIBRARY;
	}
	const char **texts = r->texts + r->n;
	int *is_note = r->notes + r->n;
	for (size_t i = 0; i < p->n_refs; i++) {
		texts[i] = p->refs[i].text;
		is_note[i] = p->refs[i].is_note;
	}
	ref_citation *c;
	ref_note *split;
	quire_error err = {0};
	if (ref_parse_entries(r->m, texts, is_note, p->n_refs, r->a, &c, &split, &err)) {
		cli_error(sp->id, "%s", err.msg);
		return CLI_EXIT_LIBRARY;
	}
	/* targets point into this paper's entries: make them the
	 * accumulator's */
	for (size_t i = 0; i < p->n_refs; i++)
		for (size_t j = 0; is_note[i] && j < split[i].n_cites; j++)
			if (split[i].cites[j].target_note >= 0)
				split[i].cites[j].target_note += (long)r->n;
	const char *pid = quire_arena_strndup(r->a, sp->id, strlen(sp->id));
	for (size_t i = 0; i < p->n_refs; i++) {
		char id[48];
		snprintf(id, sizeof id, "%s-%zu", sp->id, i + 1);
		r->c[r->n] = c[i];
		r->ids[r->n] = quire_arena_strndup(r->a, id, strlen(id));
		r->sections[r->n] = p->refs[i].section;
		r->notes[r->n] = p->refs[i].is_note;
		r->split[r->n] = p->refs[i].is_note ? &split[i] : NULL;
		r->prefix[r->n] = r->all ? pid : NULL;
		r->n++;
	}
	return 0;
}

/* The entry strings of sp only (--format text: no parsing); prefix: the
 * paper id shown before each line, or NULL. */
static int acc_texts(refs_acc *r, const st_paper *sp, const char *prefix)
{
	quire_paper *p;
	int rc = cli_paper_of(sp, r->a, &p);
	if (rc)
		return rc;
	const char *pid = prefix ? quire_arena_strndup(r->a, prefix, strlen(prefix))
				 : NULL;
	if (acc_grow(r, p->n_refs)) {
		cli_error(NULL, "out of memory");
		return CLI_EXIT_LIBRARY;
	}
	for (size_t j = 0; j < p->n_refs; j++) {
		r->texts[r->n] = p->refs[j].text;
		r->prefix[r->n++] = pid;
	}
	return 0;
}

typedef struct all_ids {
	char (*ids)[16];
	size_t n, cap;
	int failed;
} all_ids;

static int collect_id(const st_paper *p, void *ctx)
{
	all_ids *L = ctx;
	if (L->n == L->cap) {
		size_t nc = L->cap ? L->cap * 2 : 64;
		char(*ids)[16] = realloc(L->ids, nc * sizeof *ids);
		if (!ids) {
			L->failed = 1;
			return 1;
		}
		L->ids = ids;
		L->cap = nc;
	}
	memcpy(L->ids[L->n++], p->id, sizeof p->id);
	return 0;
}

int cmd_refs(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{"format", required_argument, NULL, OPT_FORMAT},
		{"model", required_argument, NULL, OPT_MODEL},
		{"all", no_argument, NULL, OPT_ALL},
		{"json", no_argument, NULL, OPT_JSON},
		{"style", required_argument, NULL, OPT_STYLE},
		{"locale", required_argument, NULL, OPT_LOCALE},
		{"html", no_argument, NULL, OPT_HTML},
		{NULL, 0, NULL, 0}};
	out_fmt f = F_TEXT;
	const char *model = NULL, *style = NULL, *lang = NULL;
	int all = 0, html = 0, fmt_given = 0, c, rc;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if ((rc = parse_format("refs", optarg, 0, &f)) != 0)
				return rc;
			fmt_given = 1;
			break;
		case OPT_JSON: f = F_JSON; fmt_given = 1; break;
		case OPT_MODEL: model = optarg; break;
		case OPT_ALL: all = 1; break;
		case OPT_STYLE: style = optarg; break;
		case OPT_LOCALE: lang = optarg; break;
		case OPT_HTML: html = 1; break;
		default: return cli_bad_option("refs", c, argv);
		}
	}
	if (style && fmt_given)
		return cli_usage_error("refs", "--style formats the references itself; "
					       "leave out --format/--json");
	if ((lang || html) && !style)
		return cli_usage_error("refs", "--locale and --html go with --style");
	if (style)
		f = F_CSL;
	else if (!fmt_given && (model || ref_model_builtin()))
		f = F_HUMAN;
	if (!all && optind >= argc)
		return cli_usage_error("refs", "no ID given (or --all)");
	if (all ? optind < argc : optind + 1 < argc)
		return cli_usage_error("refs", all ? "--all takes no ID"
						   : "one ID only");
	const ref_model *m = NULL;
	ref_model *owned = NULL;
	/* the text format needs no model; json without one still lists the
	 * entries (each of type "document", fields unparsed) */
	if (f == F_JSON && !model && !ref_model_builtin())
		m = NULL;
	else if (f != F_TEXT && (rc = load_model(model, &m, &owned)) != 0)
		return rc;
	store_t *st;
	if ((rc = cli_open(ctx, ST_READONLY, &st)) != 0) {
		ref_model_free(owned);
		return rc;
	}
	refs_acc r = {0};
	r.a = quire_arena_new(0);
	r.m = m;
	r.all = all;
	all_ids L = {0};
	if (!r.a) {
		cli_error(NULL, "out of memory");
		rc = CLI_EXIT_LIBRARY;
	} else if (all) {
		quire_error err = {0};
		if (st_list(st, ST_SORT_ADDED, 0, collect_id, &L, &err) || L.failed) {
			cli_error(NULL, "%s", err.msg[0] ? err.msg : "out of memory");
			rc = CLI_EXIT_LIBRARY;
		}
		for (size_t i = 0; !rc && i < L.n; i++) {
			st_paper sp;
			rc = cli_get(st, L.ids[i], ST_WITH_ANALYSIS | ST_WITH_TEXT,
				     r.a, &sp);
			if (!rc)
				rc = f == F_TEXT ? acc_texts(&r, &sp, sp.id)
						 : acc_paper(&r, &sp);
		}
	} else {
		st_paper sp;
		rc = cli_get(st, argv[optind], ST_WITH_ANALYSIS | ST_WITH_TEXT,
			     r.a, &sp);
		if (!rc)
			rc = f == F_TEXT ? acc_texts(&r, &sp, NULL) : acc_paper(&r, &sp);
	}
	buf_t b = BUF_INIT;
	entries E = {r.c, r.n, r.ids, r.texts, r.sections, r.prefix, r.notes,
		     f == F_TEXT ? NULL : r.split};
	if (!rc && style) {
		rc = emit_styled(&E, style, lang, html, r.a);
	} else if (!rc) {
		emit(&b, f, &E, r.a);
		if (cli_flush(&b) != 0)
			rc = CLI_EXIT_INPUT;
	}
	buf_free(&b);
	free(L.ids);
	quire_arena_free(r.a);
	st_close(st);
	ref_model_free(owned);
	return rc;
}

/* ---- quire cite ---------------------------------------------------------- */

/* Appends the {"tokens": …} line of lines[at] (lens[at] bytes), one of k
 * consecutive lines labelled together (ref_label_context; k 1: alone). */
static int tokens_line(buf_t *b, const ref_model *m, const char *const *lines,
		       const size_t *lens, size_t k, size_t at)
{
	quire_arena *a = quire_arena_new(0);
	if (!a)
		return -1;
	const char *s = lines[at];
	size_t n = lens[at];
	ref_token *toks = NULL;
	ref_label *labels = NULL;
	size_t nt = 0;
	quire_error err = {0};
	quire_status st = k == 1 ? ref_label_string(m, s, n, a, &toks, &labels, &nt, &err)
				 : ref_label_context(m, lines, lens, k, at, a, &toks, &labels, &nt, &err);
	if (st == QUIRE_ELIMIT) {
		/* too long to label: its words are still listed, as other,
		 * so that the output keeps one object a line */
		cli_error(NULL, "cite: %s: its words are labelled other", err.msg);
		nt = ref_tokenize(s, n, a, &toks);
		labels = nt ? quire_arena_alloc(a, nt * sizeof *labels) : NULL;
		if (nt && !labels)
			st = QUIRE_ENOMEM;
		else
			st = QUIRE_OK;
		for (size_t i = 0; i < nt && labels; i++)
			labels[i] = REF_OTHER;
	}
	if (st) {
		quire_arena_free(a);
		return -1;
	}
	buf_puts(b, "{\"tokens\": [");
	if (nt) {
		size_t nw = toks[nt - 1].word + 1;
		ref_label *words = quire_arena_alloc(a, nw * sizeof *words);
		size_t *wb = quire_arena_alloc(a, nw * sizeof *wb);
		size_t *we = quire_arena_alloc(a, nw * sizeof *we);
		if (!words || !wb || !we) {
			quire_arena_free(a);
			return -1;
		}
		for (size_t w = 0; w < nw; w++) {
			words[w] = REF_OTHER;
			wb[w] = SIZE_MAX;
			we[w] = 0;
		}
		tok_word_labels(s, toks, ref_labels_fix(s, toks, labels, nt, a), nt, words);
		for (size_t i = 0; i < nt; i++) {
			size_t w = toks[i].word;
			if (w >= nw)
				continue;
			if (toks[i].off < wb[w])
				wb[w] = toks[i].off;
			if (toks[i].off + toks[i].len > we[w])
				we[w] = toks[i].off + toks[i].len;
		}
		int first = 1;
		for (size_t w = 0; w < nw; w++) {
			if (wb[w] == SIZE_MAX)
				continue;
			buf_puts(b, first ? "{\"text\": " : ", {\"text\": ");
			first = 0;
			buf_json_str(b, s + wb[w], we[w] - wb[w]);
			buf_puts(b, ", \"label\": \"");
			buf_puts(b, ref_label_name(words[w]));
			buf_puts(b, "\"}");
		}
	}
	buf_puts(b, "]}\n");
	quire_arena_free(a);
	return 0;
}

/*
 * quire cite in csl, ris or json: the strings are parsed and written a
 * batch at a time, so that a million lines take the memory of one batch
 * (BibTeX's keys, unique over the whole list, and --style, which sorts
 * and disambiguates, need the whole list first).  The output is the same
 * as ref_export_list's and emit's; each entry keeps the one before it as
 * context ("———."), across batches too (ref_parse_list_ctx): the batch
 * before stays until the next is written.  An archive's abbreviation is
 * expanded within a batch of CITE_BATCH lines.
 */
enum { CITE_BATCH = 1024 };

typedef struct cite_stream {
	const ref_model *m;
	out_fmt f;
	buf_t *b;
	quire_arena *cur, *old; /* this batch's strings and citations; the last batch's */
	const char **lines;     /* this batch, in cur */
	size_t n, done;         /* lines in the batch; entries written before it */
	const ref_citation *prev;
} cite_stream;

/* Parses and writes the batch: 0, -1 out of memory, -2 the output failed. */
static int cs_write_batch(cite_stream *S)
{
	size_t n = S->n;
	ref_citation *c = NULL;
	const char **ids = n ? quire_arena_alloc(S->cur, n * sizeof *ids) : NULL;
	quire_error e = {0};
	if (n && (!ids || ref_parse_list_ctx(S->m, S->lines, n, S->prev, S->cur, &c, &e)))
		return -1; /* only out of memory fails */
	for (size_t i = 0; i < n; i++) {
		char id[32];
		snprintf(id, sizeof id, "ref%zu", S->done + i + 1);
		if (!(ids[i] = quire_arena_strndup(S->cur, id, strlen(id))))
			return -1;
	}
	if (n)
		S->prev = &c[n - 1];
	entries E = {c, n, ids, S->lines, NULL, NULL, NULL, NULL};
	for (size_t i = 0; i < n; i++) {
		if (S->f == F_RIS) {
			ref_to_ris(&c[i], S->b);
			continue;
		}
		buf_puts(S->b, S->done + i ? ",\n" : "\n");
		if (S->f == F_JSON)
			json_entry(S->b, &E, i);
		else
			ref_to_csl_json(&c[i], ids[i], S->b);
	}
	S->done += n;
	S->n = 0;
	if (buf_failed(S->b))
		return -1;
	if (cli_flush(S->b) != 0)
		return -2; /* the output is closed (a pipe's reader went) */
	/* the batch before goes; this one stays for the next one's context */
	quire_arena_free(S->old);
	S->old = S->cur;
	S->cur = quire_arena_new(0);
	S->lines = S->cur ? quire_arena_alloc(S->cur, CITE_BATCH * sizeof *S->lines) : NULL;
	return S->lines ? 0 : -1;
}

/* Says on stderr that reference k (from 1), len bytes, will not be
 * labelled, when it is longer than the labeller reads. */
static void cite_too_long(size_t k, size_t len)
{
	if (len > REF_LABEL_MAX)
		cli_error(NULL, "cite: reference %zu: %zu bytes, longer than the labeller reads (%d): kept as a document",
			  k, len, REF_LABEL_MAX);
}

/* 0, -1 out of memory, -2 the output failed (as cs_write_batch). */
static int cs_add(cite_stream *S, const char *s, size_t len)
{
	cite_too_long(S->done + S->n + 1, len);
	if (!(S->lines[S->n++] = quire_arena_strndup(S->cur, s, len)))
		return -1;
	return S->n == CITE_BATCH ? cs_write_batch(S) : 0;
}

/* Calls fn(ctx, s, n) for each string of argv[first..], and for "-" each
 * line of the standard input (its line end cut; blank lines too unless
 * skip_blank), until fn returns non-zero; returns that, or 0. */
static int cite_each(int argc, char **argv, int first, int skip_blank,
		     int (*fn)(void *ctx, const char *s, size_t n), void *ctx)
{
	int failed = 0;
	for (int i = first; !failed && i < argc; i++) {
		if (strcmp(argv[i], "-") != 0) {
			failed = fn(ctx, argv[i], strlen(argv[i]));
			continue;
		}
		char *line = NULL;
		size_t lcap = 0;
		ssize_t len;
		while (!failed && (len = getline(&line, &lcap, stdin)) >= 0) {
			while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
				line[--len] = 0;
			if (len || !skip_blank)
				failed = fn(ctx, line, (size_t)len);
		}
		free(line);
	}
	return failed;
}

static int cs_add_cb(void *ctx, const char *s, size_t n)
{
	return cs_add(ctx, s, n);
}

/* The strings of argv[optind..] (stdin's lines for "-") through S. */
static int cite_streamed(const ref_model *m, out_fmt f, int argc, char **argv, int first)
{
	buf_t b = BUF_INIT;
	cite_stream S = {m, f, &b, quire_arena_new(0), NULL, NULL, 0, 0, NULL};
	int failed = !S.cur || !(S.lines = quire_arena_alloc(S.cur, CITE_BATCH * sizeof *S.lines))
			     ? -1 : 0;
	if (f != F_RIS)
		buf_putc(&b, '[');
	if (!failed)
		failed = cite_each(argc, argv, first, 1, cs_add_cb, &S);
	if (!failed)
		failed = cs_write_batch(&S);
	if (f != F_RIS)
		buf_puts(&b, S.done ? "\n]\n" : "]\n");
	int rc = CLI_EXIT_OK;
	if (failed == -1 || buf_failed(&b)) {
		cli_error(NULL, "out of memory");
		rc = CLI_EXIT_INPUT;
	} else if (failed || cli_flush(&b) != 0) {
		rc = CLI_EXIT_INPUT;
	}
	buf_free(&b);
	quire_arena_free(S.cur);
	quire_arena_free(S.old);
	return rc;
}

/*
 * quire cite --format tokens --context K: the lines are consecutive lines
 * of one text (a footnote or a bibliography as printed, or OCR's lines),
 * and each is labelled with the K lines before and the K after it as
 * context (ref_label_context).  A window of 2K+1 lines slides over the
 * input; a line is written once the K after it are read (or the input
 * ended), so memory stays that of the window.
 */
typedef struct ctx_win {
	char *s[REF_CONTEXT_MAX];
	size_t n[REF_CONTEXT_MAX];
	size_t have, next, k; /* lines held, the next to write, K */
	const ref_model *m;
	buf_t *b;
} ctx_win;

/* Writes the window's lines that have K lines after them (all of them
 * when end): 0, -1 out of memory, -2 the output failed. */
static int cw_flush(ctx_win *W, int end)
{
	buf_t *b = W->b;
	while (W->next < W->have && (end || W->have - 1 - W->next >= W->k)) {
		size_t lo = W->next > W->k ? W->next - W->k : 0;
		size_t hi = W->next + W->k + 1 < W->have ? W->next + W->k + 1 : W->have;
		if (tokens_line(b, W->m, (const char *const *)W->s + lo, W->n + lo, hi - lo, W->next - lo))
			return -1;
		W->next++;
		if (b->len > (1u << 20) && cli_flush(b) != 0)
			return -2;
	}
	return 0;
}

static int cw_push(void *ctx, const char *s, size_t n)
{
	ctx_win *W = ctx;
	if (W->have == 2 * W->k + 1) { /* the oldest line has served */
		free(W->s[0]);
		memmove(W->s, W->s + 1, (W->have - 1) * sizeof *W->s);
		memmove(W->n, W->n + 1, (W->have - 1) * sizeof *W->n);
		W->have--;
		W->next--;
	}
	/* a copy of all n bytes: a line may hold NUL (strndup would stop there) */
	if (!(W->s[W->have] = malloc(n + 1)))
		return -1;
	memcpy(W->s[W->have], s, n);
	W->s[W->have][n] = 0;
	W->n[W->have++] = n;
	return cw_flush(W, 0);
}

static int cite_tokens_context(const ref_model *m, size_t k, int argc, char **argv, int first)
{
	buf_t b = BUF_INIT;
	ctx_win W = {{0}, {0}, 0, 0, k, m, &b};
	int failed = cite_each(argc, argv, first, 0, cw_push, &W);
	if (!failed)
		failed = cw_flush(&W, 1);
	int rc = CLI_EXIT_OK;
	if (failed == -1 || buf_failed(&b)) {
		cli_error(NULL, "out of memory");
		rc = CLI_EXIT_INPUT;
	} else if (failed || cli_flush(&b) != 0)
		rc = CLI_EXIT_INPUT;
	for (size_t i = 0; i < W.have; i++)
		free(W.s[i]);
	buf_free(&b);
	return rc;
}

int cmd_cite(cli_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	static const struct option lo[] = {
		{"format", required_argument, NULL, OPT_FORMAT},
		{"model", required_argument, NULL, OPT_MODEL},
		{"style", required_argument, NULL, OPT_STYLE},
		{"locale", required_argument, NULL, OPT_LOCALE},
		{"html", no_argument, NULL, OPT_HTML},
		{"context", required_argument, NULL, OPT_CONTEXT},
		{NULL, 0, NULL, 0}};
	out_fmt f = F_CSL;
	const char *model = NULL, *style = NULL, *lang = NULL;
	int html = 0, fmt_given = 0, c, rc;
	long context = -1;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if ((rc = parse_format("cite", optarg, 1, &f)) != 0)
				return rc;
			fmt_given = 1;
			break;
		case OPT_MODEL: model = optarg; break;
		case OPT_STYLE: style = optarg; break;
		case OPT_LOCALE: lang = optarg; break;
		case OPT_HTML: html = 1; break;
		case OPT_CONTEXT: {
			char *end;
			context = strtol(optarg, &end, 10);
			if (*end || end == optarg || context < 0 || 2 * context + 1 > REF_CONTEXT_MAX)
				return cli_usage_error("cite", "--context takes a number of lines "
							       "from 0 to %d, not '%s'",
						       (REF_CONTEXT_MAX - 1) / 2, optarg);
			break;
		}
		default: return cli_bad_option("cite", c, argv);
		}
	}
	if (style && fmt_given)
		return cli_usage_error("cite", "--style formats the references itself; "
					       "leave out --format");
	if ((lang || html) && !style)
		return cli_usage_error("cite", "--locale and --html go with --style");
	if (context >= 0 && f != F_TOKENS)
		return cli_usage_error("cite", "--context labels lines of one text; it goes with "
					       "--format tokens");
	if (optind >= argc)
		return cli_usage_error("cite", "no reference given (a string, or - "
					       "to read one a line)");
	const ref_model *m;
	ref_model *owned;
	if ((rc = load_model(model, &m, &owned)) != 0)
		return rc;
	if (context > 0) {
		rc = cite_tokens_context(m, (size_t)context, argc, argv, optind);
		ref_model_free(owned);
		return rc;
	}
	if (!style && (f == F_CSL || f == F_RIS || f == F_JSON)) {
		rc = cite_streamed(m, f, argc, argv, optind);
		ref_model_free(owned);
		return rc;
	}
	quire_arena *a = quire_arena_new(0);
	buf_t b = BUF_INIT;
	/* the strings: the arguments, or stdin's lines for "-" (BibTeX,
	 * --style, tokens) */
	int styled_rc = 0;
	size_t n = 0, cap = 0;
	char **lines = NULL;
	int failed = !a;
	for (int i = optind; !failed && i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			char *line = NULL;
			size_t lcap = 0;
			ssize_t len;
			while ((len = getline(&line, &lcap, stdin)) >= 0) {
				while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
					line[--len] = 0;
				if (f == F_TOKENS) {
					const char *l1 = line;
					size_t n1 = (size_t)len;
					if (tokens_line(&b, m, &l1, &n1, 1, 0)) {
						failed = 1;
						break;
					}
					if (b.len > (1u << 20) && cli_flush(&b) != 0) {
						failed = 1;
						break;
					}
					continue;
				}
				if (!len)
					continue;
				if (n == cap) {
					cap = cap ? cap * 2 : 64;
					char **nl = realloc(lines, cap * sizeof *nl);
					if (!nl) {
						failed = 1;
						break;
					}
					lines = nl;
				}
				cite_too_long(n + 1, (size_t)len);
				lines[n++] = quire_arena_strndup(a, line, (size_t)len);
			}
			free(line);
			continue;
		}
		if (f == F_TOKENS) {
			const char *l1 = argv[i];
			size_t n1 = strlen(argv[i]);
			if (tokens_line(&b, m, &l1, &n1, 1, 0))
				failed = 1;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nl = realloc(lines, cap * sizeof *nl);
			if (!nl) {
				failed = 1;
				break;
			}
			lines = nl;
		}
		cite_too_long(n + 1, strlen(argv[i]));
		lines[n++] = argv[i];
	}
	if (!failed && f != F_TOKENS) {
		ref_citation *cs;
		quire_error err = {0};
		const char **ids = quire_arena_alloc(a, (n ? n : 1) * sizeof *ids);
		if (!ids || ref_parse_list(m, (const char *const *)lines, n, a, &cs,
					   &err))
			failed = 1;
		else {
			for (size_t i = 0; i < n; i++) {
				char id[32];
				snprintf(id, sizeof id, "ref%zu", i + 1);
				ids[i] = quire_arena_strndup(a, id, strlen(id));
			}
			entries E = {cs, n, ids, (const char *const *)lines, NULL, NULL,
				     NULL, NULL};
			if (style)
				styled_rc = emit_styled(&E, style, lang, html, a);
			else
				emit(&b, f, &E, a);
		}
	}
	rc = CLI_EXIT_OK;
	if (styled_rc)
		rc = styled_rc;
	else if (failed || buf_failed(&b)) {
		cli_error(NULL, "out of memory");
		rc = CLI_EXIT_INPUT;
	} else if (cli_flush(&b) != 0)
		rc = CLI_EXIT_INPUT;
	buf_free(&b);
	free(lines);
	quire_arena_free(a);
	ref_model_free(owned);
	return rc;
}
