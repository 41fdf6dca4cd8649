/*
 * refs_data.h — readers for the annotated reference datasets (rd_), shared
 * by tools/refs_train.c and tools/refs_eval.c (both #include refs_data.c:
 * each tool is one translation unit in the Makefile's tools rule).
 *
 * Every reader yields references as quire sees them: the reference string
 * (its white-space words joined by single spaces) and one gold label per
 * word, mapped from the dataset's labels by the one table in refs_data.c
 * (and docs/REFERENCES.md).
 */
#ifndef QUIRE_REFS_DATA_H
#define QUIRE_REFS_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "refs.h"

typedef enum rd_kind {
	RD_ANYSTYLE,   /* AnyStyle XML <dataset><sequence> */
	RD_GROBID,     /* GROBID TEI <bibl> */
	RD_PARSCIT,    /* ParsCit / CORA tagged lines */
	RD_LINKEDBOOKS /* LinkedBooks CoNLL, 4 columns */
} rd_kind;

typedef struct rd_ref {
	char *text;     /* words joined by " " (heap) */
	size_t len;
	size_t nwords;
	uint8_t *gold;  /* a ref_label per word (heap) */
	rd_kind kind;
	int dev;        /* rd_is_dev: 0 training, 1 development, 2 test */
	int file;       /* index of the file it came from (rd_set.files) */
} rd_ref;

typedef struct rd_set {
	rd_ref *r;
	size_t n, cap;
	char **files;
	size_t nfiles;
} rd_set;

/* Reads one dataset file (the format from its name and content) and
 * appends its references to s; 0, or -1 with a message in err. */
int rd_load(const char *path, rd_set *s, char *err, size_t errsz);
void rd_free(rd_set *s);

/* The deterministic held-out 20 % of the shared data, left out of
 * training: non-zero when the reference's normalised key (letters and
 * digits, lower-cased, NFKC, a leading "[12]"/"12." label dropped) hashes
 * (FNV-1a 64) to 0 mod 5.  It has two halves by the next digit of the
 * hash: 1, the development half (tuning: (h / 5) even), and 2, the test
 * half (reported figures only: (h / 5) odd); 0: training. */
int rd_is_dev(const char *text, size_t n);
/* The FNV-1a 64 hash of that key. */
uint64_t rd_key_hash(const char *text, size_t n);
/* The cross-validation fold (0 .. folds-1) of a reference: its key's hash
 * (the high 32 bits, apart from the split's low digits) mod folds, so
 * that identical strings share a fold. */
int rd_fold(const char *text, size_t n, int folds);

/* A predicted label as scored on a dataset of kind k: labels the dataset
 * never uses become their coarser label (issue -> volume and accessed ->
 * note on AnyStyle and ParsCit data; edition, url, doi, isbn -> note and
 * collection-title -> container-title on ParsCit data; accessed and
 * edition -> note on GROBID and LinkedBooks data; editor and translator
 * -> author on LinkedBooks data, which labels every name author). */
ref_label rd_coarse(rd_kind k, ref_label l);
const char *rd_kind_name(rd_kind k);

/* The keyword words between fields ("In", "pp.", "Vol.", "No.", "eds."):
 * GROBID leaves them outside every field, AnyStyle, CORA and ParsCit put
 * them inside the field they open (or close: "eds.").  rd_kw_norm gives
 * the word lower-cased without its edge punctuation (at most cap-1
 * bytes); rd_kw_opens the labels such a word may open (a bit per
 * ref_label, 0 for none); rd_kw_closes_editor whether it closes an
 * editor list.  refs_train --harmonise moves GROBID's into the field
 * (AnyStyle's convention); rd_native_keywords does the reverse to a
 * prediction for a GROBID reference (refs_eval --native-keywords): a
 * field's first word that opens it, and an editor list's closing word,
 * become "other" when the field goes on past them.  Nothing is done to
 * other kinds.  rd_words splits text at spaces into at most max words
 * (starts ws, lengths wl) and returns how many. */
void rd_kw_norm(const char *w, size_t n, char *out, size_t cap);
unsigned rd_kw_opens(const char *k);
int rd_kw_closes_editor(const char *k);
size_t rd_words(const char *text, size_t len, const char **ws, size_t *wl, size_t max);
void rd_native_keywords(const rd_ref *r, uint8_t *pred);

#endif
