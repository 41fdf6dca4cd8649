/*
 * ingest.c — bytes in, a paper ready for the store out (see ingest.h).
 *
 * Decisions:
 *  - Factored out of `quire add` so the web upload reads a file exactly as
 *    the command line does: the same sniffing, the same sandbox, the same
 *    analysis options taken from the library's settings.
 *  - The file name is only a hint (Markdown vs plain text) and the stored
 *    base name: everything after the last '/' or '\\' (a browser may send
 *    a Windows path), control characters dropped, "paper" when nothing is
 *    left.  It is never used as a path.
 *  - The analysis JSON gets a "citations" member after the core's own: the
 *    CSL-JSON of every reference (refs.h, built-in model), aligned with
 *    "references".  Done here, after quire_analyze, so the core stays
 *    free of the model; reanalysis redoes it.
 *  - The winnowed fingerprints of the text (reuse.h) are computed here
 *    too, for the store's reuse index and the near-duplicate warning.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ingest.h"
#include "refs.h"
#include "reuse.h"
#include "search.h"

/* The base name of name in a (never a path; "paper" if empty). */
static const char *base_name(const char *name, quire_arena *a)
{
	const char *s = name ? name : "";
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			s = p + 1;
	size_t n = strlen(s);
	if (n > 255)
		n = 255;
	char *out = quire_arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
			out[k++] = s[i];
	out[k] = 0;
	if (k == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0)
		return "paper";
	return out;
}

/* Appends "citations" — the CSL-JSON item of every reference, parsed with
 * the built-in model, aligned with "references" (ids ref1, ref2 …; a note
 * stands for its first citation, a back-reference for the work it points
 * to: ref_parse_entries) — to
 * the analysis JSON *json (which ends in '}').  Without a built-in model
 * or references the JSON stays as it is (readers treat a missing
 * "citations" as "not parsed").  Only out of memory fails. */
static quire_status ingest_citations(const quire_paper *p, quire_arena *a,
				     char **json, size_t *len)
{
	const ref_model *m = p->n_refs ? ref_model_builtin() : NULL;
	if (!m || *len < 2 || (*json)[*len - 1] != '}')
		return QUIRE_OK;
	const char **texts = quire_arena_alloc(a, p->n_refs * sizeof *texts);
	int *is_note = quire_arena_alloc(a, p->n_refs * sizeof *is_note);
	if (!texts || !is_note)
		return QUIRE_ENOMEM;
	for (size_t i = 0; i < p->n_refs; i++) {
		texts[i] = p->refs[i].text;
		is_note[i] = p->refs[i].is_note;
	}
	ref_citation *c;
	quire_error e2 = {0};
	quire_status s = ref_parse_entries(m, texts, is_note, p->n_refs, a, &c, NULL, &e2);
	if (s)
		return s;
	buf_t b = BUF_INIT;
	buf_append(&b, *json, *len - 1);
	buf_puts(&b, ",\"citations\":");
	ref_export_list(c, p->n_refs, NULL, REF_FMT_CSL, a, &b);
	while (b.len && b.p[b.len - 1] == '\n')
		b.len--;
	buf_putc(&b, '}');
	char *out = buf_failed(&b) ? NULL : buf_to_arena(&b, a);
	size_t n = b.len;
	buf_free(&b);
	if (!out)
		return QUIRE_ENOMEM;
	*json = out;
	*len = n;
	return QUIRE_OK;
}

quire_status ingest_fill(const quire_paper *p, const char *format,
			 quire_arena *a, st_new *nw, quire_error *err)
{
	char *json;
	size_t len;
	quire_status s = quire_paper_to_json(p, QUIRE_JSON_NO_TEXT, a, &json,
					     &len);
	if (s)
		return quire_error_set(err, s, "cannot serialise the analysis: %s",
				       quire_status_str(s));
	s = ingest_citations(p, a, &json, &len);
	if (s)
		return quire_error_set(err, s, "out of memory");
	buf_t b = BUF_INIT;
	for (size_t i = 0; i < p->n_authors; i++) {
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, p->authors[i]);
	}
	char *authors = p->n_authors ? buf_to_arena(&b, a)
				     : quire_arena_strndup(a, "", 0);
	buf_free(&b);
	if (!authors)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	nw->format = p->format ? p->format : format;
	nw->analysis = json;
	nw->analysis_len = len;
	nw->text = p->text;
	nw->text_len = p->text_len;
	nw->title = p->title;
	nw->authors = authors;
	nw->year = p->year;
	nw->words = p->counts.words;
	nw->pages = p->counts.pages;
	/* The public zone, for the search index (search.h). */
	s = srch_public_zone(p, a, &nw->preview, &nw->refs);
	if (s)
		return quire_error_set(err, s, "out of memory");
	/* The fingerprints, for the reuse index (store.h): computed once
	 * here, so the near-duplicate check at add uses the same ones. */
	reuse_opts ro = reuse_opts_default();
	reuse_fp *fps = NULL;
	size_t nf = 0;
	s = reuse_fingerprint(p->text ? p->text : "", p->text ? p->text_len : 0,
			      &ro, a, &fps, &nf, err);
	if (s)
		return s;
	nw->fps = fps;
	nw->n_fps = nf;
	nw->fps_given = 1;
	return QUIRE_OK;
}

quire_status ingest_bytes(const unsigned char *bytes, size_t n,
			  const char *name, const quire_options *opt,
			  const sbx_limits *lim, quire_arena *a, ingest_t *out,
			  quire_error *err)
{
	memset(out, 0, sizeof *out);
	out->reader = fmt_sniff(bytes, n, name, &out->what);
	if (!out->reader)
		return quire_error_set(err, QUIRE_EFORMAT,
				       "not a format quire reads (%s)",
				       out->what ? out->what : "unknown data");
	quire_source *src = quire_source_new(a);
	if (!src)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	sbx_limits dl = sbx_limits_default();
	quire_status s = sbx_read(out->reader, bytes, n, lim ? lim : &dl, src,
				  err);
	if (s)
		return s;
	quire_paper *p;
	s = quire_analyze(src, opt, a, &p, err);
	if (s)
		return s;
	s = ingest_fill(p, out->reader->name, a, &out->nw, err);
	if (s)
		return s;
	out->paper = p;
	st_sha256_hex(bytes, n, out->sha256);
	out->nw.filename = base_name(name, a);
	if (!out->nw.filename)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	out->nw.file = bytes;
	out->nw.file_len = n;
	out->nw.sha256 = out->sha256;
	out->nw.visibility = ST_MEMBERS;
	return QUIRE_OK;
}

quire_options ingest_options(store_t *st)
{
	quire_options o = quire_options_default();
	if (!st)
		return o;
	quire_arena *a = quire_arena_new(0);
	const char *v = NULL;
	quire_error err = {0};
	if (a && st_setting_get(st, "words_per_page", a, &v, &err) == QUIRE_OK
	    && v && *v) {
		char *end;
		unsigned long n = strtoul(v, &end, 10);
		if (*end == 0 && n > 0 && n <= 1000000 && v[0] != '-')
			o.words_per_page = (unsigned)n;
	}
	quire_arena_free(a);
	return o;
}
