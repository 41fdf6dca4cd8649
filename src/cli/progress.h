/*
 * progress.h — a progress bar for long commands, on stderr only.
 *
 * "[=====>    ] 37/120 papers  file.txt", redrawn in place with a carriage
 * return, shown only when stderr is a terminal (a script or a log never
 * sees it) and cleared at the end.  Anything else printed while a bar is
 * up must call prog_clear() first, so lines never mix with the bar.
 */
#ifndef QUIRE_PROGRESS_H
#define QUIRE_PROGRESS_H

#include <stddef.h>

typedef struct prog {
	int on;          /* drawing at all (stderr is a tty and not disabled) */
	int drawn;       /* a bar is on the screen now */
	size_t total;    /* items to do */
	const char *unit;/* "papers" */
} prog_t;

/* Starts a bar for total items; enabled = 0 turns it off (--quiet, --json
 * does not: the bar is on stderr).  Nothing is drawn until prog_update(). */
void prog_init(prog_t *p, size_t total, const char *unit, int enabled);
/* Draws done/total with label (a file name, cut to fit). */
void prog_update(prog_t *p, size_t done, const char *label);
/* Erases the bar (if drawn) so a line can be printed. */
void prog_clear(prog_t *p);

#endif
