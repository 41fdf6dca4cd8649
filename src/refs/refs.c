/*
 * refs.c — the glue of the reference labeller (refs.h): label names, the
 * built-in model, labelling a string (tokens -> features -> Viterbi), and
 * token labels back to white-space words (tok.h).
 *
 * Decisions:
 *   - The built-in model is the bytes of model_data.c, read once on first
 *   use under pthread_once (the one piece of process-wide state, as the
 *   contract asks: loading is a few milliseconds and the model is
 *   read-only afterwards).  With no model embedded, ref_model_builtin()
 *   returns NULL and labelling fails with "no reference model".
 *   - A word's label is the one covering most of its letters and digits,
 *   the rule the scoring protocol uses for GROBID's split tokens.
 */
#include <pthread.h>
#include <string.h>

#include "crf.h"
#include "feat.h"
#include "model_data.h"
#include "refs.h"
#include "tok.h"
#include "uchar.h"

/* uc_at with an ASCII fast path. */
static inline int32_t cp_at(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char b = (unsigned char)s[i];
	if (b < 0x80) {
		*len = 1;
		return b;
	}
	return uc_at(s, n, i, len);
}

static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static ref_model *builtin_model;

static void builtin_load(void)
{
	quire_error err;
	if (refs_model_size == 0)
		return;
	if (ref_model_load(refs_model_data, refs_model_size, &builtin_model, &err) != QUIRE_OK)
		builtin_model = NULL;
}

const ref_model *ref_model_builtin(void)
{
	pthread_once(&builtin_once, builtin_load);
	return builtin_model;
}

unsigned ref_word_classes(const char *s, size_t n)
{
	const ref_model *m = ref_model_builtin();
	const feat_dict *d = m ? crf_model_dict(m) : NULL;
	return d ? feat_dict_get(d, feat_word_key(s, n)) : 0;
}

static int tok_is_any(const char *s, const ref_token *t, const char *const *ws)
{
	for (size_t k = 0; ws[k]; k++)
		if (tok_is(s, t, ws[k]))
			return 1;
	return 0;
}

/* Sets bit at token i of *cut (nt bytes, made zero in a when NULL); -1
 * when out of memory. */
static int cut_set(uint8_t **cut, size_t nt, size_t i, uint8_t bit, quire_arena *a)
{
	if (!*cut) {
		*cut = quire_arena_alloc(a, nt);
		if (!*cut)
			return -1;
		memset(*cut, 0, nt);
	}
	(*cut)[i] |= bit;
	return 0;
}

/* Marks the names' cuts (REF_CUT_NAMES) in cut, allocating it first. */
static uint8_t *names_cuts(const char *s, const ref_token *t, size_t nt, quire_arena *a,
			   uint8_t *cut)
{
	for (size_t i = 2; i < nt; i++) {
		if (t[i - 1].word == t[i].word)
			continue;
		/* a capitalised word (or one opening with a quotation mark) */
		unsigned char c0 = (unsigned char)s[t[i].off];
		if (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z') && c0 != '"' && c0 != '\'')
			continue;
		/* after ")" and a "," or "." */
		size_t p = i - 1;
		if (tok_is(s, &t[p], ",") || tok_is(s, &t[p], "."))
			p--;
		if (!tok_is(s, &t[p], ")"))
			continue;
		size_t o = p;
		while (o > 0 && p - o < 8 && !tok_is(s, &t[o], "("))
			o--;
		if (!tok_is(s, &t[o], "("))
			continue;
		/* the bracket holds a role and nothing else ("(a cura di)",
		 * "(Hrsg.)", "(trans.)") */
		int kind, multi;
		size_t e = tok_role_at(s, t, p, o + 1, &kind, &multi);
		while (e && e < p && tok_is(s, &t[e], "."))
			e++;
		if (e != p)
			continue;
		if (cut_set(&cut, nt, i, REF_CUT_NAMES, a) != 0)
			return NULL;
	}
	return cut;
}

/* Measured on the development half with a --tune model (docs/REFERENCES.md):
 * the labeller let a title run on over ". In The view from building 20"
 * in some references; the cut put 5 right and 1 wrong, a gold label that
 * kept "In Collected Papers I" inside the title.  The names' cut: the
 * edge-feature model ran "Mario Rossi (a cura di), Venezia e il sale"
 * into one list of editors. */
uint8_t *ref_label_cuts(const char *s, const ref_token *t, size_t nt, quire_arena *a)
{
	static const char *const ins[] = {"in", "dans", NULL};
	static const char *const stops[] = {".", "?", "!", NULL};
	static const char *const quotes[] = {"’", "”", "\"", NULL};
	uint8_t *cut = NULL;
	int dq = 0; /* inside “…” or "…" */
	for (size_t i = 1; i + 1 < nt; i++) {
		const ref_token *q = &t[i - 1];
		if (tok_is(s, q, "“") || (tok_is(s, q, "\"") && !dq))
			dq = 1;
		else if (tok_is(s, q, "”") || tok_is(s, q, "\""))
			dq = 0;
		int in = tok_is_any(s, &t[i], ins);
		/* not inside a quoted title ("… the ‘Right to the City’ in
		 * Mixed-Income Communities …”") */
		if (!in || t[i - 1].word == t[i].word || dq)
			continue;
		/* the previous word ends in a stop (". In"), in a closing
		 * quotation mark after one (",” in", ".” In") or in a closing
		 * quotation mark and a comma ("’, in"); not a quoted phrase
		 * inside a title ("‘boatpeople’ in Howard's Australia") */
		size_t p = i - 1;
		int stop;
		if (tok_is(s, &t[p], ",") && p > 0 && t[p - 1].word == t[p].word)
			stop = tok_is_any(s, &t[p - 1], quotes);
		else if (tok_is_any(s, &t[p], quotes))
			stop = p > 0 && t[p - 1].word == t[p].word &&
			       (tok_is(s, &t[p - 1], ",") || tok_is_any(s, &t[p - 1], stops));
		else
			stop = tok_is_any(s, &t[p], stops);
		/* a capitalised run follows ("In vivo" does not) */
		size_t n = i + 1;
		if (tok_is(s, &t[n], ":") && n + 1 < nt)
			n++;
		unsigned char c0 = (unsigned char)s[t[n].off];
		if (!stop || (c0 < 0x80 && !(c0 >= 'A' && c0 <= 'Z')))
			continue;
		if (cut_set(&cut, nt, i, REF_CUT_TITLE, a) != 0)
			return NULL;
	}
	return names_cuts(s, t, nt, a, cut);
}

/* Is token i the "=" of a word "(=" standing alone before a series'
 * name (the German "(= Hansische Studien, Bd. 4)"), which the labeller
 * does not see? */
static int label_hidden(const char *s, const ref_token *t, size_t nt, size_t i)
{
	return i > 0 && t[i].len == 1 && s[t[i].off] == '=' && t[i - 1].len == 1 &&
	       s[t[i - 1].off] == '(' && tok_series_at(s, t, nt, i + 1) &&
	       t[i - 1].word == t[i].word && (i + 1 == nt || t[i + 1].word != t[i].word);
}

/* One string made ready for the labeller: its tokens, those the labeller
 * sees (lt: all but label_hidden's), their features and cuts. */
typedef struct label_prep {
	ref_token *t, *lt;
	size_t nt, lnt, hidden;
	feat_seq f;
	uint8_t *cut;
} label_prep;

static quire_status label_prepare(const ref_model *m, const char *s, size_t n, quire_arena *a,
				  label_prep *p, quire_error *err)
{
	memset(p, 0, sizeof *p);
	if (n > REF_LABEL_MAX)
		return quire_error_set(err, QUIRE_ELIMIT,
				       "a reference of %zu bytes is longer than the labeller reads (%d)",
				       n, REF_LABEL_MAX);
	p->nt = ref_tokenize(s, n, a, &p->t);
	if (p->nt == 0)
		return quire_arena_failed(a) ? quire_error_set(err, QUIRE_ENOMEM,
							       "out of memory tokenizing a reference")
					     : QUIRE_OK;
	/* the German series' "(= Hansische Studien, Bd. 4)": the "=" the
	 * training data hardly holds threw the labeller off the whole entry;
	 * it labels the tokens without it, and "=" takes the "("'s label */
	p->lt = p->t;
	p->lnt = p->nt;
	for (size_t i = 1; i < p->nt; i++)
		p->hidden += label_hidden(s, p->t, p->nt, i);
	if (p->hidden) {
		p->lt = quire_arena_alloc(a, p->nt * sizeof *p->lt);
		if (!p->lt)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
		p->lnt = 0;
		for (size_t i = 0; i < p->nt; i++)
			if (!label_hidden(s, p->t, p->nt, i))
				p->lt[p->lnt++] = p->t[i];
	}
	if (feat_extract(s, n, p->lt, p->lnt, crf_model_dict(m), a, &p->f) != QUIRE_OK)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
	p->cut = ref_label_cuts(s, p->lt, p->lnt, a);
	return QUIRE_OK;
}

/* l[0..lnt) holds the labels of the tokens the labeller saw: spreads them
 * over all nt tokens, a hidden "=" taking the label of the token before. */
static void label_spread(const char *s, const label_prep *p, ref_label *l)
{
	if (!p->hidden)
		return;
	for (size_t i = p->nt, k = p->lnt; i-- > 0;)
		l[i] = label_hidden(s, p->t, p->nt, i) ? REF_N_LABELS : l[--k];
	for (size_t i = 1; i < p->nt; i++)
		if (l[i] == REF_N_LABELS)
			l[i] = l[i - 1];
}

quire_status ref_label_string(const ref_model *m, const char *s, size_t n,
			      quire_arena *a, ref_token **toks, ref_label **labels,
			      size_t *ntok, quire_error *err)
{
	*toks = NULL;
	*labels = NULL;
	*ntok = 0;
	if (!m)
		return quire_error_set(err, QUIRE_EUSAGE, "no reference model");
	label_prep p;
	quire_status st = label_prepare(m, s, n, a, &p, err);
	if (st != QUIRE_OK || p.nt == 0)
		return st;
	ref_label *l = quire_arena_alloc(a, p.nt * sizeof *l);
	if (!l)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
	if ((st = crf_label(m, &p.f, p.cut, a, l, err)) != QUIRE_OK)
		return st;
	label_spread(s, &p, l);
	*toks = p.t;
	*labels = l;
	*ntok = p.nt;
	return QUIRE_OK;
}

quire_status ref_label_context(const ref_model *m, const char *const *lines, const size_t *lens,
			       size_t k, size_t i, quire_arena *a, ref_token **toks,
			       ref_label **labels, size_t *ntok, quire_error *err)
{
	*toks = NULL;
	*labels = NULL;
	*ntok = 0;
	if (!m)
		return quire_error_set(err, QUIRE_EUSAGE, "no reference model");
	if (i >= k || k > REF_CONTEXT_MAX)
		return quire_error_set(err, QUIRE_EUSAGE, "line %zu of %zu lines of context", i, k);
	if (lens[i] > REF_LABEL_MAX) /* refused as ref_label_string refuses it */
		return ref_label_string(m, lines[i], lens[i], a, toks, labels, ntok, err);
	/* the neighbours, nearest first, while the bytes labelled together
	 * stay within what the labeller reads alone (its memory is in
	 * proportion); the lines beyond are left out */
	size_t lo = i, hi = i + 1, bytes = lens[i];
	for (int grew = 1; grew;) {
		grew = 0;
		if (lo > 0 && lens[lo - 1] <= REF_LABEL_MAX - bytes) {
			bytes += lens[--lo];
			grew = 1;
		}
		if (hi < k && lens[hi] <= REF_LABEL_MAX - bytes) {
			bytes += lens[hi++];
			grew = 1;
		}
	}
	label_prep p[REF_CONTEXT_MAX] = {{0}};
	feat_seq parts[REF_CONTEXT_MAX], f;
	uint64_t last[REF_CONTEXT_MAX];
	size_t before = 0, total = 0;
	for (size_t j = lo; j < hi; j++) {
		quire_status st = label_prepare(m, lines[j], lens[j], a, &p[j], err);
		if (st != QUIRE_OK)
			return st;
		parts[j] = p[j].f;
		last[j] = p[j].lnt ? feat_word_key(lines[j] + p[j].lt[p[j].lnt - 1].off,
						   p[j].lt[p[j].lnt - 1].len) : 0;
		before += j < i ? p[j].lnt : 0;
		total += p[j].lnt;
	}
	if (p[i].nt == 0)
		return QUIRE_OK;
	uint8_t *cut = quire_arena_alloc(a, total);
	ref_label *all = quire_arena_alloc(a, total * sizeof *all);
	ref_label *l = quire_arena_alloc(a, p[i].nt * sizeof *l);
	if (!cut || !all || !l || feat_join(parts + lo, last + lo, hi - lo, a, &f) != QUIRE_OK)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
	for (size_t j = lo, c = 0; j < hi; j++)
		for (size_t q = 0; q < p[j].lnt; q++)
			cut[c++] = p[j].cut ? p[j].cut[q] : 0;
	quire_status st = crf_label(m, &f, cut, a, all, err);
	if (st != QUIRE_OK)
		return st;
	memcpy(l, all + before, p[i].lnt * sizeof *l);
	label_spread(lines[i], &p[i], l);
	*toks = p[i].t;
	*labels = l;
	*ntok = p[i].nt;
	return QUIRE_OK;
}

/* Letters and digits in s[0..n). */
static size_t alnum_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n;) {
		size_t l;
		int32_t cp = cp_at(s, n, i, &l);
		i += l;
		if (cp < 0x80 ? ((cp | 32) >= 'a' && (cp | 32) <= 'z') || (cp >= '0' && cp <= '9')
			      : (uc_is_letter(cp) ||
				 utf8proc_category(cp) == UTF8PROC_CATEGORY_ND))
			c++;
	}
	return c;
}

size_t tok_word_labels(const char *s, const ref_token *toks,
		       const ref_label *labels, size_t ntok, ref_label *words)
{
	if (ntok == 0)
		return 0;
	size_t nw = toks[ntok - 1].word + 1;
	for (size_t i = 0; i < ntok;) {
		size_t j = i;
		while (j < ntok && toks[j].word == toks[i].word)
			j++;
		/* votes: letters first, bytes as a tie-break for punctuation-only words */
		size_t vl[REF_N_LABELS] = {0}, vb[REF_N_LABELS] = {0};
		for (size_t k = i; k < j; k++) {
			unsigned lab = (unsigned)labels[k] < REF_N_LABELS ? (unsigned)labels[k] : 0;
			vl[lab] += alnum_count(s + toks[k].off, toks[k].len);
			vb[lab] += toks[k].len;
		}
		ref_label best = labels[i] < REF_N_LABELS ? labels[i] : REF_OTHER;
		for (size_t k = i; k < j; k++) {
			ref_label c = labels[k] < REF_N_LABELS ? labels[k] : REF_OTHER;
			if (vl[c] > vl[best] || (vl[c] == vl[best] && vb[c] > vb[best]))
				best = c;
		}
		if (toks[i].word < nw)
			words[toks[i].word] = best;
		i = j;
	}
	return nw;
}
