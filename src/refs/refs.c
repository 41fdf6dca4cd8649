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

quire_status ref_label_string(const ref_model *m, const char *s, size_t n,
			      quire_arena *a, ref_token **toks, ref_label **labels,
			      size_t *ntok, quire_error *err)
{
	*toks = NULL;
	*labels = NULL;
	*ntok = 0;
	if (!m)
		return quire_error_set(err, QUIRE_EUSAGE, "no reference model");
	if (n > REF_LABEL_MAX)
		return quire_error_set(err, QUIRE_ELIMIT,
				       "a reference of %zu bytes is longer than the labeller reads (%d)",
				       n, REF_LABEL_MAX);
	ref_token *t = NULL;
	size_t nt = ref_tokenize(s, n, a, &t);
	if (nt == 0) {
		if (quire_arena_failed(a))
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory tokenizing a reference");
		return QUIRE_OK;
	}
	/* the German series' "(= Hansische Studien, Bd. 4)": the "=" the
	 * training data hardly holds threw the labeller off the whole entry;
	 * it labels the tokens without it, and "=" takes the "("'s label */
	ref_token *lt = t;
	size_t lnt = nt, hidden = 0;
	for (size_t i = 1; i < nt; i++)
		hidden += label_hidden(s, t, nt, i);
	if (hidden) {
		lt = quire_arena_alloc(a, nt * sizeof *lt);
		if (!lt)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
		lnt = 0;
		for (size_t i = 0; i < nt; i++)
			if (!label_hidden(s, t, nt, i))
				lt[lnt++] = t[i];
	}
	feat_seq f;
	if (feat_extract(s, n, lt, lnt, crf_model_dict(m), a, &f) != QUIRE_OK)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
	ref_label *l = quire_arena_alloc(a, nt * sizeof *l);
	if (!l)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory labelling a reference");
	quire_status st = crf_label(m, &f, ref_label_cuts(s, lt, lnt, a), a, l, err);
	if (st != QUIRE_OK)
		return st;
	if (hidden) /* spread back over every token, from the end */
		for (size_t i = nt, k = lnt; i-- > 0;)
			l[i] = label_hidden(s, t, nt, i) ? REF_N_LABELS : l[--k];
	for (size_t i = 1; hidden && i < nt; i++)
		if (l[i] == REF_N_LABELS)
			l[i] = l[i - 1];
	*toks = t;
	*labels = l;
	*ntok = nt;
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
