/*
 * bib.h — finding the bibliography and splitting it into entries.
 *
 * A bibliography opens after its heading (Bibliography, Works Cited, Works
 * Consulted, References, Sources, Literature Cited, Notes, and their French,
 * German and Spanish names), or, with no heading, is the trailing run of
 * lines shaped like entries.  It may hold sub-sections (Books, Articles,
 * Primary sources …).  Entries are split even when one is broken over
 * several lines with blank lines inside it, and URLs split across lines are
 * joined back whole (join.h).  Fields are parsed by a later stage.
 */
#ifndef QUIRE_BIB_H
#define QUIRE_BIB_H

#include "join.h"
#include "lines.h"

/* Non-zero if s[0..n) (numbering, an appendix's "A.5" and a trailing
 * colon allowed) names a bibliography, or one of a part ("References
 * cited in Appendix A", "Bibliography for Chapter 3"); *is_notes is set
 * for Notes/Endnotes/Anmerkungen/Notas. */
int bib_is_heading(const char *s, size_t n, int *is_notes);

/* Non-zero if s[0..n) is a sub-section heading inside a bibliography
 * ("Primary sources", "Chapters in edited books", "Web sites"). */
int bib_is_section(const char *s, size_t n);

/* Non-zero if s[0..n) looks like the first line of a reference entry
 * ("Chen, Jian.", "[12]", "———.", "Smith J, Doe A (2001)"). */
int bib_looks_like_entry_start(const char *s, size_t n);

/*
 * With no bibliography heading: the index of the first line of the trailing
 * run of entry-shaped lines in L->v[from..to), or `to` when there is none
 * (fewer than 3 entries, or too little of the run looks like references).
 */
size_t bib_find_trailing(const lines_t *L, size_t from, size_t to);

/* One piece of a bibliography, in order. */
typedef struct bib_item {
	int is_section;   /* 1: a sub-section heading; 0: an entry */
	const char *text; /* joined into one line, in the arena */
	size_t len;
	unsigned page;    /* page of its first line */
} bib_item;

/*
 * Splits the lines L->v[from..to) of a bibliography (after its heading)
 * into sub-section headings and entries, in arena L->a.  Blank and
 * furniture lines are skipped; *items and *n receive the result.
 */
quire_status bib_split(const lines_t *L, size_t from, size_t to,
		       const vocab_t *voc, bib_item **items, size_t *n);

#endif
