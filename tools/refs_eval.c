/*
 * refs_eval.c — scores quire's reference labeller on annotated datasets in
 * their native formats, by the protocol of shared/data/references/README.md.
 *
 *   refs_eval [-m MODEL] [--all|--test|--heldout] [--fields] [--speed]
 *             [--dump] FILE...
 *
 * -m: a model file (default: the model built into quire).  quire holds
 * out 20 % of the data (rd_is_dev) in two halves; by default only the
 * development half is scored (the one to tune on: score models trained
 * with refs_train --tune, which leaves it out; the shipped model was
 * trained on it), --test scores the test half (never trained on; for
 * reported figures only), --heldout both, --all every reference.  The official held-out 20 % of the data README is not
 * distributed, so none of these is that.  Protocol: tokens are the white-space words of the
 * reference string; a word's predicted label is the one covering most of
 * its letters (tok_word_labels); a predicted label the dataset never uses
 * is scored as its coarser label (rd_coarse); a field is a maximal run of
 * words with one label other than "other" and counts right only when the
 * same label covers exactly the same words; micro P/R/F1 over all fields;
 * token accuracy over words; whole-reference accuracy = every word right.
 * One line per file, one per dataset kind, and (--fields) per label.
 * --speed also times labelling (tokens/s and references/s on one thread,
 * features included) and the model's load.  --dump prints word, gold and
 * predicted labels (tab-separated) for every scored reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crf.h"
#include "refs.h"
#include "refs_data.h"
#include "tok.h"
#include "refs_data.c"

typedef struct score {
	size_t refs, refok, words, wordok;
	size_t tp[REF_N_LABELS], fp[REF_N_LABELS], fn[REF_N_LABELS];
} score;

static void score_add(score *a, const score *b)
{
	a->refs += b->refs;
	a->refok += b->refok;
	a->words += b->words;
	a->wordok += b->wordok;
	for (int i = 0; i < REF_N_LABELS; i++) {
		a->tp[i] += b->tp[i];
		a->fp[i] += b->fp[i];
		a->fn[i] += b->fn[i];
	}
}

static double f1(size_t tp, size_t fp, size_t fn, double *p, double *r)
{
	*p = tp + fp ? (double)tp / (double)(tp + fp) : 0;
	*r = tp + fn ? (double)tp / (double)(tp + fn) : 0;
	return *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}

static void print_score(const char *name, const score *s, int fields)
{
	size_t tp = 0, fp = 0, fn = 0;
	for (int i = 1; i < REF_N_LABELS; i++) {
		tp += s->tp[i];
		fp += s->fp[i];
		fn += s->fn[i];
	}
	double p, r, f = f1(tp, fp, fn, &p, &r);
	printf("%-44s refs %6zu  field P %.3f R %.3f F1 %.3f  token acc %.3f  whole-ref %.3f\n",
	       name, s->refs, p, r, f, s->words ? (double)s->wordok / (double)s->words : 0,
	       s->refs ? (double)s->refok / (double)s->refs : 0);
	if (!fields)
		return;
	for (int i = 1; i < REF_N_LABELS; i++) {
		if (!s->tp[i] && !s->fp[i] && !s->fn[i])
			continue;
		double fp_, fr_, ff = f1(s->tp[i], s->fp[i], s->fn[i], &fp_, &fr_);
		printf("    %-18s P %.3f R %.3f F1 %.3f  (gold %zu, predicted %zu)\n",
		       ref_label_name((ref_label)i), fp_, fr_, ff, s->tp[i] + s->fn[i], s->tp[i] + s->fp[i]);
	}
}

/* Fields of one reference: gold g and prediction p over n words. */
static void score_ref(score *s, const uint8_t *g, const uint8_t *p, size_t n)
{
	size_t ok = 0;
	for (size_t i = 0; i < n; i++)
		ok += g[i] == p[i];
	s->refs++;
	s->refok += ok == n;
	s->words += n;
	s->wordok += ok;
	/* gold runs: check each against the predicted run at the same start */
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && g[j] == g[i])
			j++;
		if (g[i] != REF_OTHER) {
			int hit = (i == 0 || p[i - 1] != p[i]) && p[i] == g[i] && (j == n || p[j] != g[i]);
			for (size_t k = i; hit && k < j; k++)
				hit = p[k] == g[i];
			if (hit)
				s->tp[g[i]]++;
			else
				s->fn[g[i]]++;
		}
		i = j;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && p[j] == p[i])
			j++;
		if (p[i] != REF_OTHER) {
			int hit = (i == 0 || g[i - 1] != g[i]) && g[i] == p[i] && (j == n || g[j] != p[i]);
			for (size_t k = i; hit && k < j; k++)
				hit = g[k] == p[i];
			if (!hit)
				s->fp[p[i]]++;
		}
		i = j;
	}
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	buf_t b = BUF_INIT;
	char tmp[65536];
	size_t k;
	while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_append(&b, tmp, k);
	fclose(f);
	if (buf_failed(&b) || b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b, n);
}

/* CPU time of this thread: per-core figures on a busy machine. */
static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	const char *mpath = NULL;
	int all = 0, fields = 0, speed = 0, dump = 0, part = 1; /* rd_is_dev bits */
	rd_set set = {0};
	char err[512];
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-m") && i + 1 < argc)
			mpath = argv[++i];
		else if (!strcmp(argv[i], "--all"))
			all = 1;
		else if (!strcmp(argv[i], "--test"))
			part = 2;
		else if (!strcmp(argv[i], "--heldout"))
			part = 3;
		else if (!strcmp(argv[i], "--fields"))
			fields = 1;
		else if (!strcmp(argv[i], "--speed"))
			speed = 1;
		else if (!strcmp(argv[i], "--dump"))
			dump = 1;
		else if (argv[i][0] == '-') {
			fprintf(stderr, "refs_eval: unknown option %s\n", argv[i]);
			return 2;
		} else if (rd_load(argv[i], &set, err, sizeof err) != 0) {
			fprintf(stderr, "refs_eval: %s\n", err);
			return 1;
		}
	}
	if (!set.nfiles) {
		fprintf(stderr, "usage: refs_eval [-m MODEL] [--all|--test|--heldout] [--fields] [--speed] [--dump] FILE...\n");
		return 2;
	}
	const ref_model *m = NULL;
	ref_model *own = NULL;
	char *bytes = NULL;
	size_t nbytes = 0;
	double tload = 0;
	if (mpath) {
		bytes = slurp(mpath, &nbytes);
		quire_error qe;
		double t0 = now();
		if (!bytes || ref_model_load((unsigned char *)bytes, nbytes, &own, &qe) != QUIRE_OK) {
			fprintf(stderr, "refs_eval: %s: %s\n", mpath, bytes ? qe.msg : "cannot read");
			return 1;
		}
		tload = now() - t0;
		m = own;
	} else {
		double t0 = now();
		m = ref_model_builtin();
		tload = now() - t0;
		if (!m) {
			fprintf(stderr, "refs_eval: no reference model built in (use -m)\n");
			return 1;
		}
	}
	score *perfile = calloc(set.nfiles, sizeof *perfile);
	score perkind[4] = {{0}};
	uint8_t *pred = NULL;
	size_t predcap = 0, ntoks = 0, nwords = 0, nrefs = 0;
	double tlab = 0;
	for (size_t i = 0; i < set.n; i++) {
		rd_ref *r = &set.r[i];
		if (!all && !(r->dev & part))
			continue;
		quire_arena *a = quire_arena_new(0);
		quire_error qe;
		ref_token *t;
		ref_label *l;
		size_t nt;
		double t0 = now();
		if (ref_label_string(m, r->text, r->len, a, &t, &l, &nt, &qe) != QUIRE_OK) {
			fprintf(stderr, "refs_eval: %s\n", qe.msg);
			return 1;
		}
		tlab += now() - t0;
		ntoks += nt;
		nwords += r->nwords;
		nrefs++;
		if (r->nwords > predcap) {
			predcap = r->nwords * 2;
			pred = xrealloc(pred, predcap);
		}
		ref_label *wl = quire_arena_alloc(a, (r->nwords + 1) * sizeof *wl);
		size_t nw = tok_word_labels(r->text, t, l, nt, wl);
		if (nw != r->nwords) {
			fprintf(stderr, "refs_eval: word count mismatch (%zu vs %zu) in: %s\n", nw, r->nwords, r->text);
			return 1;
		}
		for (size_t w = 0; w < nw; w++)
			pred[w] = (uint8_t)rd_coarse(r->kind, wl[w]);
		score one = {0};
		score_ref(&one, r->gold, pred, nw);
		score_add(&perfile[r->file], &one);
		score_add(&perkind[r->kind], &one);
		if (dump) {
			printf("# %s\n", r->text);
			size_t w = 0;
			for (size_t k = 0; k < nt; k++) {
				if (k > 0 && t[k].word == t[k - 1].word)
					continue;
				size_t e = k;
				while (e + 1 < nt && t[e + 1].word == t[k].word)
					e++;
				printf("%.*s\t%s\t%s%s\n", (int)(t[e].off + t[e].len - t[k].off), r->text + t[k].off,
				       ref_label_name((ref_label)r->gold[w]), ref_label_name((ref_label)pred[w]),
				       r->gold[w] == pred[w] ? "" : "\t*");
				w++;
			}
		}
		quire_arena_free(a);
	}
	printf("scored: %s (official held-out data is not distributed)\n",
	       all ? "every reference of the files"
	       : part == 1 ? "the development half of the held-out split (rd_is_dev 1)"
	       : part == 2 ? "the test half of the held-out split (rd_is_dev 2)"
			   : "the whole held-out split (rd_is_dev 1 and 2)");
	for (size_t f = 0; f < set.nfiles; f++) {
		const char *base = strstr(set.files[f], "references/");
		print_score(base ? base + 11 : set.files[f], &perfile[f], fields > 1);
	}
	for (int k = 0; k < 4; k++)
		if (perkind[k].refs) {
			char name[64];
			snprintf(name, sizeof name, "ALL %s", rd_kind_name((rd_kind)k));
			print_score(name, &perkind[k], fields);
		}
	if (speed) {
		/* labelling again, timed alone (at least 2 s of CPU), and the load */
		int reps = 0;
		tlab = 0;
		ntoks = nwords = nrefs = 0;
		while (tlab < 2.0 && reps < 100) {
			for (size_t i = 0; i < set.n; i++) {
				rd_ref *r = &set.r[i];
				if (!all && !(r->dev & part))
					continue;
				quire_arena *a = quire_arena_new(0);
				quire_error qe;
				ref_token *t;
				ref_label *l;
				size_t nt;
				double t0 = now();
				ref_label_string(m, r->text, r->len, a, &t, &l, &nt, &qe);
				tlab += now() - t0;
				ntoks += nt;
				nwords += r->nwords;
				nrefs++;
				quire_arena_free(a);
			}
			reps++;
		}
		printf("speed (CPU time of one thread, from raw strings, features included): %.0f tokens/s (%zu white-space words), %.0f fine tokens/s, %.0f references/s\n",
		       (double)nwords / tlab, nwords, (double)ntoks / tlab, (double)nrefs / tlab);
		if (bytes) {
			double t0 = now();
			int nload = 20;
			for (int k = 0; k < nload; k++) {
				ref_model *x;
				quire_error qe;
				if (ref_model_load((unsigned char *)bytes, nbytes, &x, &qe) == QUIRE_OK)
					ref_model_free(x);
			}
			double tl = (now() - t0) / nload;
			printf("model load: %.1f ms (%zu bytes, %zu features); with one load per run: %.0f tokens/s\n",
			       tl * 1000, nbytes, crf_model_nfeat(m), (double)nwords / (tlab + tl));
		} else {
			printf("built-in model first use: %.1f ms\n", tload * 1000);
		}
	}
	free(pred);
	free(perfile);
	ref_model_free(own);
	free(bytes);
	rd_free(&set);
	return 0;
}
