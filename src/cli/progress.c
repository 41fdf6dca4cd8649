/*
 * progress.c — the progress bar of progress.h.
 *
 * Drawn with "\r" and erased with "\r\033[K" (every terminal quire runs on
 * knows both); the width follows the terminal, and the label is cut by
 * code points so a UTF-8 file name is never split.
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

void prog_init(prog_t *p, size_t total, const char *unit, int enabled)
{
	p->on = enabled && isatty(2);
	p->drawn = 0;
	p->total = total;
	p->unit = unit ? unit : "";
}

static unsigned term_cols(void)
{
	struct winsize ws;
	if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

void prog_update(prog_t *p, size_t done, const char *label)
{
	if (!p->on)
		return;
	enum { BAR = 20 };
	char bar[BAR + 1];
	size_t fill = p->total ? done * BAR / p->total : BAR;
	if (fill > BAR)
		fill = BAR;
	for (size_t i = 0; i < BAR; i++)
		bar[i] = i < fill ? '=' : ' ';
	if (fill < BAR)
		bar[fill] = '>';
	bar[BAR] = 0;
	char head[128];
	int n = snprintf(head, sizeof head, "[%s] %zu/%zu %s  ", bar, done,
			 p->total, p->unit);
	if (n < 0)
		return;
	unsigned cols = term_cols();
	size_t room = cols > (unsigned)n + 1 ? cols - (unsigned)n - 1 : 0;
	/* Cut the label to room code points (keep its end: the file name). */
	const char *l = label ? label : "";
	size_t cps = 0;
	for (const char *q = l; *q; q++)
		if (((unsigned char)*q & 0xC0) != 0x80)
			cps++;
	while (cps > room && *l) {
		l++;
		while (((unsigned char)*l & 0xC0) == 0x80)
			l++;
		cps--;
	}
	fprintf(stderr, "\r\033[K%s%s", head, l);
	fflush(stderr);
	p->drawn = 1;
}

void prog_clear(prog_t *p)
{
	if (!p->on || !p->drawn)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	p->drawn = 0;
}
