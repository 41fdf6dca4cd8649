/*
 * furn.h — page furniture: the lines that belong to the page, not the text.
 *
 * Text extracted from paged documents repeats a running header and footer
 * on every page and numbers the pages.  furn_mark() finds these and sets
 * ln_t.furniture so the later stages skip them:
 *   - bare page numbers ("7", "- 7 -", "[7]", "vii"), "Page 3", "Page 3 of 7",
 *     "3 | Journal of Things", "Title 3" where the number follows the page;
 *   - a line (digits normalised) that repeats at the top or the bottom of
 *     most pages (pages from page breaks, or, in text with no page breaks,
 *     short lines that recur next to page-number lines at regular intervals);
 *   - a title line repeated at the top of the paper (ln_t.dup_title on the
 *     second copy); the first occurrence of a running header that is the
 *     paper's title, at the very top, is kept as the title.
 * Real text that merely repeats (a refrain, "* * *") is not furniture.
 */
#ifndef QUIRE_FURN_H
#define QUIRE_FURN_H

#include "lines.h"

void furn_mark(lines_t *L);

#endif
