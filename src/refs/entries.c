/*
 * entries.c — a paper's entries in one call (ref_parse_entries,
 * ref_parse_list): its reference list's entries, each with the one before
 * it as context ("———."), and its notes, split into their citations and
 * resolved together (notes.c); then the archives abbreviated after their
 * first citation expanded over them all (primary.c).  `quire refs`, the
 * API and the citations stored at ingest all come through here.
 */
#include <string.h>

#include "primary.h"
#include "reftext.h"
#include "refs.h"


/* An entry the labeller could not read: type "document", the text raw. */
static void ent_unparsed(ref_citation *c, const char *t, quire_arena *a)
{
	memset(c, 0, sizeof *c);
	c->type = "document";
	c->raw = rtx_dup(a, t, strlen(t));
}

/* ref_parse_entries, the first list entry with prev as its context. */
static quire_status ent_parse(const ref_model *m, const char *const *texts,
			      const int *is_note, size_t n, const ref_citation *prev,
			      quire_arena *a, ref_citation **out, ref_note **notes_out,
			      quire_error *err)
{
	ref_citation *c = quire_arena_alloc(a, (n ? n : 1) * sizeof *c);
	ref_note *notes = notes_out ? quire_arena_alloc(a, (n ? n : 1) * sizeof *notes) : NULL;
	if (!c || (notes_out && !notes))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	if (notes)
		memset(notes, 0, n * sizeof *notes);
	if (!m)
		m = ref_model_builtin();
	/* the list's entries, each with the entry before it as context */
	size_t nn = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = texts[i] ? texts[i] : "";
		if (is_note && is_note[i]) {
			nn++;
			continue;
		}
		quire_error e2 = {0};
		quire_status st = m ? ref_parse_ctx(m, t, strlen(t), prev, a, &c[i], &e2)
				    : QUIRE_EINPUT;
		if (st == QUIRE_ENOMEM)
			return quire_error_set(err, st, "%s", e2.msg);
		if (st)
			ent_unparsed(&c[i], t, a);
		prev = &c[i];
	}
	/* the notes, split and resolved together, in order */
	if (nn) {
		const char **nt = quire_arena_alloc(a, nn * sizeof *nt);
		size_t *nl = quire_arena_alloc(a, nn * sizeof *nl);
		if (!nt || !nl)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (is_note[i]) {
				nt[k] = texts[i] ? texts[i] : "";
				nl[k] = strlen(nt[k]);
				k++;
			}
		ref_note *parsed = NULL;
		quire_error e2 = {0};
		quire_status st = m ? ref_notes_parse(m, nt, nl, nn, a, &parsed, &e2)
				    : QUIRE_EINPUT;
		if (st == QUIRE_ENOMEM)
			return quire_error_set(err, st, "%s", e2.msg);
		/* a target is given by its note's place among the notes:
		 * make it the entry's */
		size_t *entry_of = quire_arena_alloc(a, nn * sizeof *entry_of);
		if (!entry_of)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		k = 0;
		for (size_t i = 0; i < n; i++)
			if (is_note[i])
				entry_of[k++] = i;
		for (size_t q = 0; st == QUIRE_OK && q < nn; q++)
			for (size_t j = 0; j < parsed[q].n_cites; j++) {
				ref_note_cite *cc = &parsed[q].cites[j];
				if (cc->target_note >= 0 && (size_t)cc->target_note < nn)
					cc->target_note = (long)entry_of[cc->target_note];
			}
		/* each note at its entry's place; short notes of list
		 * entries linked to them */
		ref_note *all = notes ? notes : quire_arena_alloc(a, n * sizeof *all);
		if (!all)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		if (!notes)
			memset(all, 0, n * sizeof *all);
		k = 0;
		for (size_t i = 0; i < n && st == QUIRE_OK; i++)
			if (is_note[i])
				all[i] = parsed[k++];
		if (st == QUIRE_OK)
			ref_notes_to_list(all, c, is_note, n);
		for (size_t i = 0; i < n; i++) {
			if (!is_note[i])
				continue;
			const ref_note *np = st == QUIRE_OK ? &all[i] : NULL;
			/* the note stands for its first citation (a
			 * back-reference's or a short note's: the work it
			 * points to) */
			if (np && np->n_cites && np->cites[0].cite.type) {
				c[i] = np->cites[0].cite;
				c[i].raw = rtx_dup(a, texts[i] ? texts[i] : "",
						   strlen(texts[i] ? texts[i] : ""));
			} else {
				ent_unparsed(&c[i], texts[i] ? texts[i] : "", a);
			}
		}
	}
	/* archives abbreviated after their first citation ("… (ASV)",
	 * then "ASV, …"): every citation, the notes' too */
	size_t ncite = n;
	for (size_t i = 0; notes && i < n; i++)
		ncite += notes[i].n_cites;
	ref_citation **all_c = quire_arena_alloc(a, (ncite ? ncite : 1) * sizeof(ref_citation *));
	if (all_c) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			all_c[k++] = &c[i];
			for (size_t j = 0; notes && j < notes[i].n_cites; j++)
				all_c[k++] = &notes[i].cites[j].cite;
		}
		prim_expand_archives(all_c, k, a);
	}
	if (quire_arena_failed(a))
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	*out = c;
	if (notes_out)
		*notes_out = notes;
	return QUIRE_OK;
}

quire_status ref_parse_entries(const ref_model *m, const char *const *texts,
			       const int *is_note, size_t n, quire_arena *a,
			       ref_citation **out, ref_note **notes_out, quire_error *err)
{
	return ent_parse(m, texts, is_note, n, NULL, a, out, notes_out, err);
}

quire_status ref_parse_list_ctx(const ref_model *m, const char *const *texts,
				size_t n, const ref_citation *prev, quire_arena *a,
				ref_citation **out, quire_error *err)
{
	return ent_parse(m, texts, NULL, n, prev, a, out, NULL, err);
}

quire_status ref_parse_list(const ref_model *m, const char *const *texts,
			    size_t n, quire_arena *a, ref_citation **out,
			    quire_error *err)
{
	return ref_parse_list_ctx(m, texts, n, NULL, a, out, err);
}
