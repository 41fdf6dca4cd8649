/*
 * splitscore.h — scoring quire's bibliography finding and entry splitting
 * against line-labelled documents.  Header-only (static functions), shared
 * by tools/eval_split.c and tests/unit/test_bibsplit_generated.c.
 *
 * The problem: quire_analyze() hands back blocks of normalised text, not
 * line numbers, and the gold data labels lines.  ss_map_lines() walks the
 * document's lines in order and finds each one in the paper's text: the
 * line is normalised as the core does (norm_line), its last word dropped
 * (dehyphenation may change it: "inter-" + "national"), and what is left is
 * searched for a little way after where the line before was found.  A line
 * that is not found there was dropped by the analysis (a running head, a
 * page number) and belongs to no block.  Lines come out of the analysis in
 * order, so one forward pointer suffices: linear in the text — except
 * that after three long lines in a row were not found, a long line is
 * looked for in all the rest of the text, so that one dropped or moved
 * stretch does not leave every later line unmapped.  A line the analysis
 * cut in two (two entries on one line) is found by its part up to a "; "
 * or ". ".
 *
 * A line then "is a reference" when it maps into a REFERENCE block, and an
 * entry *begins* at a line whose block differs from the block of the last
 * mapped line before it.
 *
 * The labelled-text format of the generated papers (one .txt per paper in
 * tests/fixtures/refs/generated) is one line per line of the paper,
 * "X|text", X being
 *   O  body text (not reference)     H  the bibliography heading
 *   S  a sub-section heading         B  the first line of an entry
 *   I  a later line of that entry (blank lines inside an entry too)
 *   P  a page break (its text is ignored)
 */
#ifndef QUIRE_SPLITSCORE_H
#define QUIRE_SPLITSCORE_H

#include <stdlib.h>
#include <string.h>

#include "norm.h"
#include "quire.h"

/* Precision / recall counts. */
typedef struct ss_prf {
	size_t tp, fp, fn;
} ss_prf;

__attribute__((unused)) static double ss_p(const ss_prf *c)
{
	return c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 1.0;
}

__attribute__((unused)) static double ss_r(const ss_prf *c)
{
	return c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 1.0;
}

__attribute__((unused)) static double ss_f(const ss_prf *c)
{
	double p = ss_p(c), r = ss_r(c);
	return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

__attribute__((unused)) static void ss_add(ss_prf *into, const ss_prf *c)
{
	into->tp += c->tp;
	into->fp += c->fp;
	into->fn += c->fn;
}

/*
 * For each of the n lines (raw text, NULL for a page break), the index of
 * the paper's block it ended up in, or -1 (blank, dropped, page break).
 * blk must hold n longs.  a is scratch memory for norm_line.
 */
__attribute__((unused)) static void ss_map_lines(const quire_paper *p,
						 const char *const *line,
						 const size_t *len, size_t n,
						 quire_arena *a, long *blk)
{
	size_t ptr = 0, prev = 0, bi = 0, misses = 0;
	for (size_t i = 0; i < n; i++) {
		blk[i] = -1;
		if (!line[i])
			continue;
		size_t sn;
		unsigned ind;
		char *s = norm_line(line[i], len[i], a, &sn, &ind);
		if (!s || sn == 0)
			continue;
		size_t cut = sn;
		while (cut > 0 && s[cut - 1] != ' ')
			cut--;
		if (cut > 0) {
			cut--; /* drop the last word and its space */
		} else {
			cut = sn;
			while (cut > 1 && (s[cut - 1] == '-' ||
					   (unsigned char)s[cut - 1] >= 0x80))
				cut--; /* "Eco-", "Eco‐" */
		}
		size_t win = 2 * sn + 8 * prev + 80;
		int tiny = cut < 4; /* "12": a page number, often dropped */
		if (tiny)
			win = prev + 8; /* only right after the line before */
		if (ptr > p->text_len)
			break;
		size_t avail = p->text_len - ptr;
		if (win > avail)
			win = avail;
		const char *hit = memmem(p->text + ptr, win, s, cut);
		/* a line the analysis cut in two (two works on one line,
		 * "… (1990); F. J. Gilman …"): its part up to a "; " or ". ",
		 * in the block where it starts */
		for (size_t h = cut, tries = 0; !hit && h > 8 && tries < 12; h--) {
			if (s[h - 1] != ' ' || (s[h - 2] != ';' && s[h - 2] != '.'))
				continue;
			tries++;
			hit = memmem(p->text + ptr, win, s, h - 1);
		}
		/* lost: after a few long lines in a row were not found near
		 * the pointer (a table the analysis dropped, text it moved),
		 * a long line is looked for in the rest of the text */
		if (!hit && !tiny && cut >= 24 && misses >= 3)
			hit = memmem(p->text + ptr, avail, s, cut);
		misses = hit ? 0 : misses + (cut >= 24);
		if (hit && tiny) {
			size_t at0 = (size_t)(hit - p->text);
			int lb = at0 == 0 || p->text[at0 - 1] == ' ' ||
				 p->text[at0 - 1] == '\n';
			int rb = at0 + cut == p->text_len ||
				 p->text[at0 + cut] == ' ' ||
				 p->text[at0 + cut] == '\n';
			if (!lb || !rb)
				hit = NULL;
		}
		if (!hit)
			continue;
		size_t at = (size_t)(hit - p->text);
		while (bi < p->n_blocks &&
		       p->blocks[bi].off + p->blocks[bi].len <= at)
			bi++;
		if (bi < p->n_blocks && p->blocks[bi].off <= at)
			blk[i] = (long)bi;
		ptr = at + cut;
		prev = sn - cut + 1;
	}
}

/* Scores one document: gold[i] is 1 when line i is a reference line, 2
 * when it begins an entry, 0 otherwise (blank lines are not scored).
 * find gets the line-level reference/not-reference counts, split the
 * entry-beginning counts. */
__attribute__((unused)) static void ss_score(const quire_paper *p,
					     const long *blk,
					     const unsigned char *gold,
					     const unsigned char *blank,
					     size_t n, ss_prf *find,
					     ss_prf *split)
{
	long last = -1;
	memset(find, 0, sizeof *find);
	memset(split, 0, sizeof *split);
	for (size_t i = 0; i < n; i++) {
		int pref = 0, pbeg = 0;
		if (blk[i] >= 0) {
			pref = p->blocks[blk[i]].kind == QUIRE_BLOCK_REFERENCE;
			pbeg = pref && blk[i] != last;
			last = blk[i];
		}
		if (blank[i])
			continue;
		int gref = gold[i] != 0, gbeg = gold[i] == 2;
		find->tp += pref && gref;
		find->fp += pref && !gref;
		find->fn += !pref && gref;
		split->tp += pbeg && gbeg;
		split->fp += pbeg && !gbeg;
		split->fn += !pbeg && gbeg;
	}
}

#endif
