/*
 * refs_eval.c — scores quire's reference labeller on annotated datasets in
 * their native formats, by the protocol of shared/data/references/README.md.
 *
 *   refs_eval [-m MODEL | --pred FILE] [--vs FILE] [--all|--test|--heldout|
 *             --train-split|--tune-split] [--fields] [--speed] [--dump]
 *             [--words] [--raw-labels] [--native-keywords] [--context K] FILE...
 *   refs_eval --folds N -m 'DIR/cv.%d.crf' [--fields] [--dump] FILE...
 *
 * --folds N: cross-validation — every reference is labelled by the model
 * of its fold (rd_fold; "%d" in -m is the fold, 0 .. N-1), which
 * refs_train --fold K/N trained on all the other folds; the figures are
 * micro-averaged over every fold at once (bench/refs_cv.sh).
 *
 * -m: a model file (default: the model built into quire).  quire holds
 * out 20 % of the data (rd_is_dev) in two halves; by default only the
 * development half is scored (the one to tune on: score models trained
 * with refs_train --tune, which leaves it out; the shipped model was
 * trained on it), --test scores the test half (never trained on; for
 * reported figures only), --heldout both, --all every reference;
 * --train-split selects what refs_train trains on by default (training
 * and development halves: all but the test half), --tune-split what
 * refs_train --tune trains on (the training part alone).  The official
 * held-out 20 % of the data README is not distributed, so none of these
 * is that.  Protocol: tokens are the white-space words of the
 * reference string; a word's predicted label is the one covering most of
 * its letters (tok_word_labels); a predicted label the dataset never uses
 * is scored as its coarser label (rd_coarse); a field is a maximal run of
 * words with one label other than "other" and counts right only when the
 * same label covers exactly the same words; micro P/R/F1 over all fields;
 * token accuracy over words; whole-reference accuracy = every word right.
 * One line per file, one per dataset kind, and (--fields) per label.
 * --speed also times labelling (tokens/s and references/s on one thread;
 * with --context the neighbours labelled with each line count as its cost;
 * features included) and the model's load.  --dump prints word, gold and
 * predicted labels (tab-separated) for every scored reference.
 *
 * Another labeller's output is scored by the same code
 * (bench/refs_wapiti_eval.sh scores upstream Wapiti so): --words prints the
 * selected references' white-space words and gold labels (quire's label
 * names), "word<TAB>label" a line, a blank line after each reference, and
 * labels nothing; --pred FILE reads predictions for the same selection in
 * that order instead of running a model: a line per word whose last tab-
 * or space-separated field is a quire label name (a line with a tab must
 * start with the word itself), a blank line after each reference — the
 * --words layout, or Wapiti's `label -l` output.
 *
 * --vs FILE compares with another labeller whose predictions FILE holds
 * (the --pred layout, the same selection), reference by reference: for
 * each file and dataset, the differences (this labeller minus FILE's) in
 * field micro F1, token accuracy and whole-reference accuracy, each with a
 * 95 % paired bootstrap interval over the references (2,000 resamples of
 * the references with replacement, both labellers scored on the same
 * resample; fixed seed, so a run repeats).  An interval that holds 0 says
 * the data cannot tell the two apart.
 *
 * --context K labels each reference as a line of a text, with the K
 * references before and after it in its file as context
 * (ref_label_context, what `quire cite --format tokens --context K`
 * does): for LinkedBooks, whose sequences are the printed lines of
 * footnotes and bibliographies in their order.  Only the text of the
 * neighbours is read, never their labels.
 *
 * The labels scored are those `quire cite --format tokens` prints: the
 * labeller's, then the rules after it (ref_labels_fix: a role after names
 * makes them editors); --raw-labels scores the labeller's alone.
 *
 * --native-keywords scores GROBID data in GROBID's own keyword convention:
 * the datasets disagree on words such as "In", "pp.", "Vol.", "No." and
 * "eds." (GROBID leaves them outside fields, the others put them in), so
 * on a GROBID reference a predicted field's opening keyword word (and an
 * editor list's closing one) is moved out of the field before scoring
 * (rd_native_keywords, the reverse of refs_train --harmonise), for any
 * labeller's predictions alike.  Other datasets are scored as they are.
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

/* One reference's counts for --vs: fields right, predicted and in the
 * gold, words right and in all, and whether every word was right. */
typedef struct refcount {
	unsigned tp, pred, gold, wordok, words, ok;
} refcount;

static refcount refcount_of(const score *s)
{
	refcount c = {0};
	for (int i = 1; i < REF_N_LABELS; i++) {
		c.tp += (unsigned)s->tp[i];
		c.pred += (unsigned)(s->tp[i] + s->fp[i]);
		c.gold += (unsigned)(s->tp[i] + s->fn[i]);
	}
	c.wordok = (unsigned)s->wordok;
	c.words = (unsigned)s->words;
	c.ok = (unsigned)s->refok;
	return c;
}

/* Micro F1, token accuracy and whole-reference accuracy of summed counts. */
static void refcount_rates(const refcount *c, size_t nrefs, double out[3])
{
	out[0] = c->pred + c->gold ? 2.0 * c->tp / (double)(c->pred + c->gold) : 0;
	out[1] = c->words ? (double)c->wordok / (double)c->words : 0;
	out[2] = nrefs ? (double)c->ok / (double)nrefs : 0;
}

static void refcount_add(refcount *a, const refcount *b)
{
	a->tp += b->tp;
	a->pred += b->pred;
	a->gold += b->gold;
	a->wordok += b->wordok;
	a->words += b->words;
	a->ok += b->ok;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* --vs: the differences a - b over the n references idx[] (indexes into
 * a[] and b[]) with 95 % paired bootstrap intervals, on one line. */
static void print_paired(const char *name, const refcount *a, const refcount *b, const size_t *idx,
			 size_t n)
{
	enum { RESAMPLES = 2000 };
	refcount suma = {0}, sumb = {0};
	for (size_t i = 0; i < n; i++) {
		refcount_add(&suma, &a[idx[i]]);
		refcount_add(&sumb, &b[idx[i]]);
	}
	double ra[3], rb[3];
	refcount_rates(&suma, n, ra);
	refcount_rates(&sumb, n, rb);
	double *d[3];
	for (int m = 0; m < 3; m++)
		d[m] = xrealloc(NULL, RESAMPLES * sizeof *d[m]);
	uint64_t x = 0x9e3779b97f4a7c15u; /* xorshift64*, fixed seed */
	for (int r = 0; r < RESAMPLES; r++) {
		refcount ca = {0}, cb = {0};
		for (size_t i = 0; i < n; i++) {
			x ^= x >> 12;
			x ^= x << 25;
			x ^= x >> 27;
			size_t k = idx[(x * 0x2545f4914f6cdd1du >> 11) % n];
			refcount_add(&ca, &a[k]);
			refcount_add(&cb, &b[k]);
		}
		double qa[3], qb[3];
		refcount_rates(&ca, n, qa);
		refcount_rates(&cb, n, qb);
		for (int m = 0; m < 3; m++)
			d[m][r] = qa[m] - qb[m];
	}
	printf("%-44s refs %6zu", name, n);
	static const char *what[3] = {"F1", "token acc", "whole-ref"};
	for (int m = 0; m < 3; m++) {
		qsort(d[m], RESAMPLES, sizeof *d[m], cmp_double);
		printf("  %s %+.3f [%+.3f, %+.3f]", what[m], ra[m] - rb[m], d[m][RESAMPLES / 40],
		       d[m][RESAMPLES - 1 - RESAMPLES / 40]);
		free(d[m]);
	}
	printf("\n");
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

/* --raw-labels: score the labeller's own labels, before the rules that
 * follow it (ref_labels_fix). */
static int raw_labels;

/* Labels r's string with m in arena a, then the rules after labelling
 * (ref_labels_fix, what `quire cite --format tokens` prints; not with
 * --raw-labels), adding the CPU time it took to *secs. */
static quire_status label_timed(const ref_model *m, const rd_ref *r, quire_arena *a,
				ref_token **t, const ref_label **l, size_t *nt, double *secs,
				quire_error *qe)
{
	double t0 = now();
	ref_label *raw = NULL;
	quire_status s = ref_label_string(m, r->text, r->len, a, t, &raw, nt, qe);
	*l = raw;
	if (s == QUIRE_OK && !raw_labels)
		*l = ref_labels_fix(r->text, *t, raw, *nt, a);
	*secs += now() - t0;
	return s;
}

/* --context K: a LinkedBooks sequence is a line of a footnote or a
 * bibliography, and the file keeps the lines in their order; it is
 * labelled as the middle of the K lines before it and the K after it in
 * its file, joined into one chain (feat_join; models trained with
 * refs_train --chain), and its own tokens' labels are kept. */
static int context;

static quire_status label_context(const ref_model *m, const rd_set *set, size_t i, quire_arena *a,
				  ref_token **t, const ref_label **l, size_t *nt, double *secs,
				  quire_error *qe)
{
	double t0 = now();
	size_t lo = i, hi = i + 1;
	while (lo > 0 && i - lo < (size_t)context && set->r[lo - 1].file == set->r[i].file)
		lo--;
	while (hi < set->n && hi - i <= (size_t)context && set->r[hi].file == set->r[i].file)
		hi++;
	const char *lines[REF_CONTEXT_MAX];
	size_t lens[REF_CONTEXT_MAX];
	for (size_t j = lo; j < hi; j++) {
		lines[j - lo] = set->r[j].text;
		lens[j - lo] = set->r[j].len;
	}
	ref_label *raw = NULL;
	quire_status st = ref_label_context(m, lines, lens, hi - lo, i - lo, a, t, &raw, nt, qe);
	*l = raw;
	if (st == QUIRE_OK && !raw_labels)
		*l = ref_labels_fix(set->r[i].text, *t, raw, *nt, a);
	*secs += now() - t0;
	return st;
}

/* A quire label by its name (ref_label_name), or -1. */
static int label_by_name(const char *s, size_t n)
{
	for (int l = 0; l < REF_N_LABELS; l++) {
		const char *name = ref_label_name((ref_label)l);
		if (strlen(name) == n && !memcmp(name, s, n))
			return l;
	}
	return -1;
}

/* The predictions file of --pred, read a reference at a time. */
typedef struct predf {
	FILE *f;
	const char *path;
	size_t lineno;
	char *line;
	size_t cap;
} predf;

/* The next line without its line end (and trailing blanks) in pf->line;
 * its length, or -1 at the end of the file. */
static long next_line(predf *pf)
{
	ssize_t k = getline(&pf->line, &pf->cap, pf->f);
	if (k < 0)
		return -1;
	pf->lineno++;
	char *l = pf->line;
	while (k > 0 && (l[k - 1] == '\n' || l[k - 1] == '\r' || l[k - 1] == ' ' || l[k - 1] == '\t'))
		k--;
	l[k] = 0;
	return (long)k;
}

/* The next reference's labels from pf into p (r->nwords of them, coarsened
 * for r's dataset; blank lines before skipped, a blank line or the end
 * after); 0, or -1 with a message on stderr. */
static int read_pred(predf *pf, const rd_ref *r, uint8_t *p)
{
	const char *w = r->text;
	long k;
	do
		k = next_line(pf);
	while (k == 0);
	for (size_t i = 0; i < r->nwords; i++) {
		if (i > 0)
			k = next_line(pf);
		if (k <= 0) {
			fprintf(stderr, "refs_eval: %s:%zu: predictions end after %zu of the %zu words of: %s\n",
				pf->path, pf->lineno, i, r->nwords, r->text);
			return -1;
		}
		const char *line = pf->line;
		const char *we = strchr(w, ' ');
		size_t wl = we ? (size_t)(we - w) : strlen(w);
		const char *tab = strchr(line, '\t');
		if (tab && ((size_t)(tab - line) != wl || memcmp(line, w, wl))) {
			fprintf(stderr, "refs_eval: %s:%zu: word %zu is \"%.*s\" in the predictions, \"%.*s\" in: %s\n",
				pf->path, pf->lineno, i + 1, (int)(tab - line), line, (int)wl, w, r->text);
			return -1;
		}
		const char *lab = line + k;
		while (lab > line && lab[-1] != '\t' && lab[-1] != ' ')
			lab--;
		int l = label_by_name(lab, (size_t)(line + k - lab));
		if (l < 0) {
			fprintf(stderr, "refs_eval: %s:%zu: unknown label \"%s\"\n", pf->path, pf->lineno, lab);
			return -1;
		}
		p[i] = (uint8_t)rd_coarse(r->kind, (ref_label)l);
		w = we ? we + 1 : w + wl;
	}
	if (next_line(pf) > 0) {
		fprintf(stderr, "refs_eval: %s:%zu: more predictions than the %zu words of: %s\n", pf->path,
			pf->lineno, r->nwords, r->text);
		return -1;
	}
	return 0;
}

/* Closes pf after its last reference: 0, or -1 with a message when
 * predictions are left over. */
static int predf_close(predf *pf)
{
	while (next_line(pf) == 0)
		;
	int left = !feof(pf->f);
	if (left)
		fprintf(stderr, "refs_eval: %s:%zu: more predictions than references\n", pf->path,
			pf->lineno);
	fclose(pf->f);
	pf->f = NULL;
	free(pf->line);
	pf->line = NULL;
	return left ? -1 : 0;
}

/* --dump: word, gold and predicted label of every word of r. */
static void dump_ref(const rd_ref *r, const uint8_t *pred)
{
	printf("# %s\n", r->text);
	const char *w = r->text;
	for (size_t i = 0; i < r->nwords; i++) {
		const char *we = strchr(w, ' ');
		size_t wl = we ? (size_t)(we - w) : strlen(w);
		printf("%.*s\t%s\t%s%s\n", (int)wl, w, ref_label_name((ref_label)r->gold[i]),
		       ref_label_name((ref_label)pred[i]), r->gold[i] == pred[i] ? "" : "\t*");
		w = we ? we + 1 : w + wl;
	}
}

int main(int argc, char **argv)
{
	const char *mpath = NULL;
	int fields = 0, speed = 0, dump = 0, words = 0, native = 0, folds = 0;
	unsigned sel = 1u << 1; /* the rd_is_dev values scored, as bits */
	predf pf = {0}, vs = {0};
	rd_set set = {0};
	char err[512];
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-m") && i + 1 < argc)
			mpath = argv[++i];
		else if (!strcmp(argv[i], "--pred") && i + 1 < argc)
			pf.path = argv[++i];
		else if (!strcmp(argv[i], "--vs") && i + 1 < argc)
			vs.path = argv[++i];
		else if (!strcmp(argv[i], "--all"))
			sel = 7;
		else if (!strcmp(argv[i], "--test"))
			sel = 1u << 2;
		else if (!strcmp(argv[i], "--heldout"))
			sel = 1u << 1 | 1u << 2;
		else if (!strcmp(argv[i], "--train-split"))
			sel = 1u << 0 | 1u << 1;
		else if (!strcmp(argv[i], "--tune-split"))
			sel = 1u << 0;
		else if (!strcmp(argv[i], "--context") && i + 1 < argc) {
			context = atoi(argv[++i]);
			if (context < 0 || 2 * context + 1 > REF_CONTEXT_MAX) {
				fprintf(stderr, "refs_eval: --context K with 0 <= K <= 7\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "--fields"))
			fields = 1;
		else if (!strcmp(argv[i], "--speed"))
			speed = 1;
		else if (!strcmp(argv[i], "--dump"))
			dump = 1;
		else if (!strcmp(argv[i], "--native-keywords"))
			native = 1;
		else if (!strcmp(argv[i], "--raw-labels"))
			raw_labels = 1;
		else if (!strcmp(argv[i], "--words"))
			words = 1;
		else if (!strcmp(argv[i], "--folds") && i + 1 < argc) {
			/* cross-validation: -m holds "%d", fold K's model */
			folds = atoi(argv[++i]);
			if (folds < 2 || folds > 100) {
				fprintf(stderr, "refs_eval: --folds N with 2 <= N <= 100\n");
				return 2;
			}
		}
		else if (argv[i][0] == '-') {
			fprintf(stderr, "refs_eval: unknown option %s\n", argv[i]);
			return 2;
		} else if (rd_load(argv[i], &set, err, sizeof err) != 0) {
			fprintf(stderr, "refs_eval: %s\n", err);
			return 1;
		}
	}
	if (!set.nfiles || (pf.path && (mpath || speed)) ||
	    (folds && (!mpath || !strstr(mpath, "%d") || strchr(strchr(mpath, '%') + 1, '%') ||
		       strchr(mpath, '%') != strstr(mpath, "%d") || pf.path || vs.path || speed))) {
		fprintf(stderr, "usage: refs_eval [-m MODEL [--speed] | --pred FILE] [--vs FILE] [--all|--test|--heldout|--train-split|--tune-split] [--fields] [--dump] [--words] [--native-keywords] [--context K] FILE...\n"
				"       refs_eval --folds N -m 'MODEL%%d.crf' [--fields] [--dump] [--native-keywords] FILE...  (cross-validation: fold K by model K)\n");
		return 2;
	}
	if (words) {
		for (size_t i = 0; i < set.n; i++) {
			const rd_ref *r = &set.r[i];
			if (!(sel & 1u << r->dev))
				continue;
			const char *w = r->text;
			for (size_t k = 0; k < r->nwords; k++) {
				const char *we = strchr(w, ' ');
				size_t wl = we ? (size_t)(we - w) : strlen(w);
				printf("%.*s\t%s\n", (int)wl, w, ref_label_name((ref_label)r->gold[k]));
				w = we ? we + 1 : w + wl;
			}
			printf("\n");
		}
		rd_free(&set);
		return ferror(stdout) ? 1 : 0;
	}
	const ref_model *m = NULL;
	ref_model *own = NULL;
	char *bytes = NULL;
	size_t nbytes = 0;
	double tload = 0;
	ref_model *cv[100] = {0};
	if (folds) { /* fold K's model: -m with K for "%d" */
		for (int k = 0; k < folds; k++) {
			char path[4096];
			snprintf(path, sizeof path, mpath, k);
			size_t cn;
			char *cb2 = slurp(path, &cn);
			quire_error qe;
			if (!cb2 || ref_model_load((unsigned char *)cb2, cn, &cv[k], &qe) != QUIRE_OK) {
				fprintf(stderr, "refs_eval: %s: %s\n", path, cb2 ? qe.msg : "cannot read");
				return 1;
			}
			free(cb2);
		}
		sel = 7;
	} else if (!pf.path && mpath) { /* with --pred no model: its labels are read */
		bytes = slurp(mpath, &nbytes);
		quire_error qe;
		double t0 = now();
		if (!bytes || ref_model_load((unsigned char *)bytes, nbytes, &own, &qe) != QUIRE_OK) {
			fprintf(stderr, "refs_eval: %s: %s\n", mpath, bytes ? qe.msg : "cannot read");
			return 1;
		}
		tload = now() - t0;
		m = own;
	} else if (!pf.path) {
		double t0 = now();
		m = ref_model_builtin();
		tload = now() - t0;
		if (!m) {
			fprintf(stderr, "refs_eval: no reference model built in (use -m)\n");
			return 1;
		}
	}
	if (pf.path && !(pf.f = fopen(pf.path, "r"))) {
		fprintf(stderr, "refs_eval: %s: cannot read\n", pf.path);
		return 1;
	}
	if (vs.path && !(vs.f = fopen(vs.path, "r"))) {
		fprintf(stderr, "refs_eval: %s: cannot read\n", vs.path);
		return 1;
	}
	/* --vs: each scored reference's counts for both labellers */
	refcount *ca = NULL, *cb = NULL;
	size_t *rfile = NULL, *rkind = NULL, nvs = 0;
	if (vs.f) {
		ca = xrealloc(NULL, set.n * sizeof *ca);
		cb = xrealloc(NULL, set.n * sizeof *cb);
		rfile = xrealloc(NULL, set.n * sizeof *rfile);
		rkind = xrealloc(NULL, set.n * sizeof *rkind);
	}
	score *perfile = calloc(set.nfiles, sizeof *perfile);
	score perkind[4] = {{0}};
	uint8_t *pred = NULL;
	size_t predcap = 0, ntoks = 0, nwords = 0, nrefs = 0;
	double tlab = 0;
	for (size_t i = 0; i < set.n; i++) {
		rd_ref *r = &set.r[i];
		if (!(sel & 1u << r->dev))
			continue;
		if (r->nwords > predcap) {
			predcap = r->nwords * 2;
			pred = xrealloc(pred, predcap);
		}
		nwords += r->nwords;
		nrefs++;
		if (pf.f) {
			if (read_pred(&pf, r, pred) != 0) {
				fclose(pf.f);
				return 1;
			}
		} else {
			quire_arena *a = quire_arena_new(0);
			quire_error qe;
			ref_token *t;
			const ref_label *l;
			size_t nt;
			const ref_model *rm = folds ? cv[rd_fold(r->text, r->len, folds)] : m;
			if ((context ? label_context(rm, &set, i, a, &t, &l, &nt, &tlab, &qe)
				     : label_timed(rm, r, a, &t, &l, &nt, &tlab, &qe)) != QUIRE_OK) {
				fprintf(stderr, "refs_eval: %s\n", qe.msg);
				return 1;
			}
			ntoks += nt;
			ref_label *wl = quire_arena_alloc(a, (r->nwords + 1) * sizeof *wl);
			size_t nw = tok_word_labels(r->text, t, l, nt, wl);
			if (nw != r->nwords) {
				fprintf(stderr, "refs_eval: word count mismatch (%zu vs %zu) in: %s\n", nw, r->nwords, r->text);
				return 1;
			}
			for (size_t w = 0; w < nw; w++)
				pred[w] = (uint8_t)rd_coarse(r->kind, wl[w]);
			quire_arena_free(a);
		}
		if (native)
			rd_native_keywords(r, pred);
		score one = {0};
		score_ref(&one, r->gold, pred, r->nwords);
		score_add(&perfile[r->file], &one);
		score_add(&perkind[r->kind], &one);
		if (dump)
			dump_ref(r, pred);
		if (vs.f) {
			ca[nvs] = refcount_of(&one);
			if (read_pred(&vs, r, pred) != 0) {
				fclose(vs.f);
				return 1;
			}
			if (native)
				rd_native_keywords(r, pred);
			score other = {0};
			score_ref(&other, r->gold, pred, r->nwords);
			cb[nvs] = refcount_of(&other);
			rfile[nvs] = r->file;
			rkind[nvs++] = (size_t)r->kind;
		}
	}
	if (pf.f) {
		if (predf_close(&pf))
			return 1;
		printf("predictions: %s (%zu references, %zu words)\n", pf.path, nrefs, nwords);
	}
	printf("scored: %s (official held-out data is not distributed)\n",
	       folds ? "every reference of the files, each by the model that did not train on its cross-validation fold"
	       : sel == 7 ? "every reference of the files"
	       : sel == 1u << 1 ? "the development half of the held-out split (rd_is_dev 1)"
	       : sel == 1u << 2 ? "the test half of the held-out split (rd_is_dev 2)"
	       : sel == 6 ? "the whole held-out split (rd_is_dev 1 and 2)"
	       : sel == 3 ? "the training and development parts (rd_is_dev 0 and 1: what refs_train trains on)"
			  : "the training part (rd_is_dev 0: what refs_train --tune trains on)");
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
	if (vs.f) {
		if (predf_close(&vs))
			return 1;
		printf("paired against %s: difference (this minus that), 95%% bootstrap interval over references\n",
		       vs.path);
		size_t *idx = xrealloc(NULL, (nvs ? nvs : 1) * sizeof *idx);
		for (size_t f = 0; f < set.nfiles; f++) {
			size_t n = 0;
			for (size_t i = 0; i < nvs; i++)
				if (rfile[i] == f)
					idx[n++] = i;
			const char *base = strstr(set.files[f], "references/");
			if (n)
				print_paired(base ? base + 11 : set.files[f], ca, cb, idx, n);
		}
		for (size_t k = 0; k < 4; k++) {
			size_t n = 0;
			for (size_t i = 0; i < nvs; i++)
				if (rkind[i] == k)
					idx[n++] = i;
			char name[64];
			snprintf(name, sizeof name, "ALL %s", rd_kind_name((rd_kind)k));
			if (n)
				print_paired(name, ca, cb, idx, n);
		}
		free(idx);
		free(ca);
		free(cb);
		free(rfile);
		free(rkind);
	}
	if (speed) {
		/* labelling again, timed alone (at least 2 s of CPU), and the load */
		int reps = 0;
		tlab = 0;
		ntoks = nwords = nrefs = 0;
		while (tlab < 2.0 && reps < 100) {
			for (size_t i = 0; i < set.n; i++) {
				rd_ref *r = &set.r[i];
				if (!(sel & 1u << r->dev))
					continue;
				quire_arena *a = quire_arena_new(0);
				quire_error qe;
				ref_token *t;
				const ref_label *l;
				size_t nt = 0;
				if (context)
					(void)label_context(m, &set, i, a, &t, &l, &nt, &tlab, &qe);
				else
					(void)label_timed(m, r, a, &t, &l, &nt, &tlab, &qe);
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
	for (int k = 0; k < folds; k++)
		ref_model_free(cv[k]);
	free(bytes);
	rd_free(&set);
	return 0;
}
