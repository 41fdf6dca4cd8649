/*
 * refs.h — references: from a bibliography entry string to a structured
 * citation, and out again as CSL-JSON, BibTeX or RIS.
 *
 * Part of the core library (no I/O): the CRF model is handed over as bytes
 * (the built-in one is compiled into the binary), strings come in, fields
 * come out in an arena.
 *
 *   string ──tok──► tokens ──feat──► features ──crf (Viterbi)──► labels
 *          ──fields──► ref_citation (names, dates, volume/issue, pages, type)
 *          ──export──► CSL-JSON / BibTeX / RIS
 *
 * Modules, from the bottom: reftext.c (rtx_: text helpers), labels.c
 * (the labels' names), tok.c (tok_), feat.c (feat_), crf.c (crf_: the
 * linear-chain CRF, its training and its model file), refs.c (ref_:
 * labelling), names.c (names and dates), primary.c (prim_: letters,
 * interviews, archives, classics), fields.c (fld_: labels to a citation),
 * notes.c (notes and back-references), entries.c (a paper's entries in
 * one call), export.c (exp_).
 */
#ifndef QUIRE_REFS_H
#define QUIRE_REFS_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "quire.h"

/* The labels of a reference's tokens (the names are the CLI's and JSON's). */
typedef enum ref_label {
	REF_OTHER = 0,    /* "other": punctuation and words outside every field */
	REF_AUTHOR,       /* "author" */
	REF_EDITOR,       /* "editor" */
	REF_TRANSLATOR,   /* "translator" */
	REF_TITLE,        /* "title" */
	REF_CONTAINER,    /* "container-title": book, journal or site */
	REF_COLLECTION,   /* "collection-title": series */
	REF_EDITION,      /* "edition" */
	REF_VOLUME,       /* "volume" */
	REF_ISSUE,        /* "issue" */
	REF_PAGES,        /* "pages" */
	REF_PUBLISHER,    /* "publisher" */
	REF_PLACE,        /* "place" */
	REF_DATE,         /* "date" */
	REF_ACCESSED,     /* "accessed" */
	REF_URL,          /* "url" */
	REF_DOI,          /* "doi" */
	REF_ISBN,         /* "isbn" */
	REF_GENRE,        /* "genre": "Working Paper", "PhD diss." */
	REF_NOTE,         /* "note" */
	REF_N_LABELS
} ref_label;

const char *ref_label_name(ref_label l);
/* 0 and *out set when s names a label. */
int ref_label_parse(const char *s, ref_label *out);

/* One token: a byte span of the input.  Tokens split on white space, on
 * punctuation and on script changes (so text without spaces — Chinese,
 * Japanese — still has tokens); `word` is the index of the white-space
 * separated word the token lies in (what scorers and --format tokens use). */
typedef struct ref_token {
	size_t off, len;
	size_t word;
} ref_token;

/* Tokenizes s[0..n) into an arena array; returns the count (0 on empty or
 * out of memory — check quire_arena_failed). */
size_t ref_tokenize(const char *s, size_t n, quire_arena *a, ref_token **out);

/* A trained model (crf.c reads and writes its file). */
typedef struct ref_model ref_model;

/* Reads a model from its file's bytes (copied); QUIRE_EINPUT with a
 * message when the magic, version or sizes are wrong. */
quire_status ref_model_load(const unsigned char *bytes, size_t n,
			    ref_model **out, quire_error *err);
void ref_model_free(ref_model *m);
/* The model compiled into quire (loaded once, on first use; thread-safe). */
const ref_model *ref_model_builtin(void);
/* The dictionary classes (feat.h's FEAT_D_*: given, family, place,
 * publisher, journal, title words) the built-in model gives the word
 * s[0..n); 0 when it does not know the word. */
unsigned ref_word_classes(const char *s, size_t n);

/* Where a field may not run on (crf_label's cuts, one byte a token, in
 * a; the bits say which fields).  REF_CUT_TITLE: a title or a container
 * title, at "In", "in", "Dans" or "dans" — the word itself, or before a
 * ":" — opening a capitalised run after a stop or a closing quotation
 * mark ("… inflection. In The view from building 20", "…’, in Text
 * Comparison"), not inside an open double quotation ("… the ‘Right to the
 * City’ in Mixed-Income Communities …”").  REF_CUT_NAMES: authors,
 * editors or translators, at a capitalised word after a role in brackets
 * and a comma or stop ("Mario Rossi (a cura di), Venezia e il sale",
 * "Smith, J. (ed.). The Book"): the role closes the names.  NULL when
 * there is none (or out of memory: then no cut). */
#define REF_CUT_TITLE 1
#define REF_CUT_NAMES 2
uint8_t *ref_label_cuts(const char *s, const ref_token *t, size_t nt, quire_arena *a);

/* Labels the tokens of s[0..n): *toks and *labels (same count, *n) in a,
 * by Viterbi under ref_label_cuts.  QUIRE_ELIMIT when n > REF_LABEL_MAX. */
quire_status ref_label_string(const ref_model *m, const char *s, size_t n,
			      quire_arena *a, ref_token **toks, ref_label **labels,
			      size_t *ntok, quire_error *err);

/* The most lines ref_label_context reads at once. */
#define REF_CONTEXT_MAX 16

/* Labels lines[i] (lens[i] bytes), one of k <= REF_CONTEXT_MAX
 * consecutive lines of one text (a footnote or a bibliography as printed,
 * line by line), with the lines around it as context: the k lines are
 * labelled as one chain (feat_join), so that a field may run on from the
 * line before, and line i's tokens and labels are given as
 * ref_label_string gives them.  A model trained on such chains
 * (refs_train --chain) reads the line breaks; others only carry their
 * transitions over them.  The neighbours are taken nearest first while
 * the bytes labelled together stay within REF_LABEL_MAX (the labeller's
 * memory is in proportion); a line i longer than that fails as
 * ref_label_string does. */
quire_status ref_label_context(const ref_model *m, const char *const *lines, const size_t *lens,
			       size_t k, size_t i, quire_arena *a, ref_token **toks,
			       ref_label **labels, size_t *ntok, quire_error *err);

/* ---- structured citations (fields.c) ---- */

typedef struct ref_name {
	const char *family;   /* "Chen", "Berg" */
	const char *given;    /* "Jian", "J." */
	const char *particle; /* "van der", "de" */
	int particle_drops;   /* 1: written after the given name ("Ranke, Leopold
			       * von"): CSL's dropping-particle */
	const char *suffix;   /* "Jr." */
	const char *literal;  /* a corporate or unparsed name: the whole of it */
} ref_name;

typedef struct ref_date {
	int year, month, day; /* 0 when unknown */
	int circa;            /* [1905], c. 1905 */
	const char *suffix;   /* "a" of 1998a, or NULL */
	const char *literal;  /* "n.d." or what could not be parsed, else NULL */
	int end_year, end_month, end_day; /* the end of a range ("1990–1995"), 0 if none */
} ref_date;

typedef struct ref_citation {
	const char *type; /* CSL type: book, chapter, article-journal, article-magazine,
			   * article-newspaper, report, thesis, webpage, paper-conference,
			   * manuscript, personal_communication (a letter), interview,
			   * classic */
	ref_name *authors, *editors, *translators;
	size_t n_authors, n_editors, n_translators;
	/* a letter's addressees, an interview's interviewers (primary.c) */
	ref_name *recipients, *interviewers;
	size_t n_recipients, n_interviewers;
	const char *title, *container_title, *collection_title, *edition;
	const char *volume, *issue, *page, *publisher, *place;
	const char *volumes; /* number of volumes of a work in several ("2 vols.") */
	const char *collection_number; /* the work's number in its series ("4" of
					* "Hansische Studien, Bd. 4") */
	const char *pages_total; /* a book's length, "316" of "xiv, 316 p." */
	/* a manuscript's repository, its place, and where in it ("Senato,
	 * Deliberazioni, reg. 12, fol. 34r") */
	const char *archive, *archive_place, *archive_location;
	const char *url, *doi, *isbn, *genre, *note;
	/* a classic's canonical place ("2.484-93", "1253a7-18"; primary.c) */
	const char *locator;
	ref_date issued, accessed;
	ref_date original;    /* "[1905] 1954": first published 1905 (year only) */
	const char *raw; /* the entry string */
	unsigned et_al;  /* REF_ETAL_* bits: the list ended in "et al." / "u.a." */
	int same_authors;/* 1: the authors were a repeated-author dash ("———.") */
} ref_citation;

#define REF_ETAL_AUTHORS 1u
#define REF_ETAL_EDITORS 2u
#define REF_ETAL_TRANSLATORS 4u

/* The longest string the labeller reads (bytes): references run to a
 * few hundred bytes, notes with commentary to a few thousand; labelling
 * takes some 600 bytes of scratch a byte of text, so longer strings are
 * refused (QUIRE_ELIMIT), never labelled in unbounded memory. */
#define REF_LABEL_MAX 32768

/* Labels s and turns the labelled tokens into a citation.  QUIRE_ELIMIT
 * when n > REF_LABEL_MAX (a list's entry is then kept unparsed). */
quire_status ref_parse(const ref_model *m, const char *s, size_t n,
		       quire_arena *a, ref_citation *out, quire_error *err);

/* The labels after the rules that follow labelling (fields.c): a role
 * after names makes them editors ("Brown, L. E. (Ed.)"), an editor's last
 * name run into the imprint's place goes back to the names.  A copy in a
 * when a rule changed something, else labels itself (also when out of
 * memory).  ref_fields applies them; `quire cite --format tokens` prints
 * them. */
const ref_label *ref_labels_fix(const char *s, const ref_token *toks,
			       const ref_label *labels, size_t ntok, quire_arena *a);

/* Fields from already labelled tokens (what ref_parse does after labelling). */
quire_status ref_fields(const char *s, const ref_token *toks,
			const ref_label *labels, size_t ntok, quire_arena *a,
			ref_citation *out, quire_error *err);
/* ref_fields with the entry before it in the same list (NULL: none): a
 * repeated-author dash ("———.", "---.") takes prev's authors. */
quire_status ref_fields_ctx(const char *s, const ref_token *toks,
			    const ref_label *labels, size_t ntok,
			    const ref_citation *prev, quire_arena *a,
			    ref_citation *out, quire_error *err);
/* (entries.c) Parses the entries texts[0..n) of one reference list in
 * order (each with the one before it as context) into an arena array *out
 * of n.  An
 * entry that cannot be labelled (no model, empty) still gets a citation:
 * type "document" with only `raw` set; only out of memory fails. */
quire_status ref_parse_list(const ref_model *m, const char *const *texts,
			    size_t n, quire_arena *a, ref_citation **out,
			    quire_error *err);
/* ref_parse_list of a list's continuation: the first entry has prev (the
 * last one before, which must stay valid during the call; NULL: none) as
 * its context, as a batch after a batch. */
quire_status ref_parse_list_ctx(const ref_model *m, const char *const *texts,
				size_t n, const ref_citation *prev, quire_arena *a,
				ref_citation **out, quire_error *err);
/* ref_parse with the previous entry (see ref_fields_ctx). */
quire_status ref_parse_ctx(const ref_model *m, const char *s, size_t n,
			   const ref_citation *prev, quire_arena *a,
			   ref_citation *out, quire_error *err);

/* The parsers behind ref_fields (names.c), for tests and fuzzing.  Each reads one
 * field's text s[0..n) (as labelled: role words, brackets and punctuation
 * may still be there).  ref_parse_names returns the count of names in
 * *names (arena) and sets *et_al when the list ended in "et al."; a
 * corporate author is one name with only `literal` set. */
/* Is s[0..n) a name particle written with a capital ("De", "Van", "DE",
 * "Le"), the kind that opens a family name of several words? */
int ref_cap_particle(const char *s, size_t n);
/* Is s[0..n) a word that names an institution ("Council", "Arbeitskreis",
 * "Istituto", a German compound ending in "-verband"), in capitals too? */
int ref_institution_word(const char *s, size_t n);

/* The month (1-12) a word names ("Dec.", "dezembro", "März"), else 0: a
 * full name in English, German, French, Spanish, Italian or Portuguese,
 * or a prefix of three letters or more that names one month only. */
int ref_month_name(const char *s, size_t n);
size_t ref_parse_names(const char *s, size_t n, quire_arena *a,
		       ref_name **names, int *et_al);
void ref_parse_date(const char *s, size_t n, quire_arena *a, ref_date *d);
/* The CSL type of c by the rules documented in fields.c; has_in: the
 * container was introduced by "In"/"Dans"/"In:". */
const char *ref_guess_type(const ref_citation *c, int has_in);

/* ---- exports (export.c) ---- */

/* One CSL-JSON item (an object) with this id. */
void ref_to_csl_json(const ref_citation *c, const char *id, buf_t *b);
/* Is c's issue a report's number (CSL's "number"): a report with no
 * container and no volume? */
int ref_issue_is_number(const ref_citation *c);
/* One BibTeX entry; the key is stable (family name + year + first title word,
 * ASCII-folded, lower case); special characters escaped. */
void ref_to_bibtex(const ref_citation *c, const char *key, buf_t *b);
/* One RIS record (TY … ER). */
void ref_to_ris(const ref_citation *c, buf_t *b);
/* The stable citation key of c into out (at most size bytes). */
void ref_cite_key(const ref_citation *c, char *out, size_t size);
/* The keys of n citations exported together: ref_cite_key, and keys that
 * collide get a, b, c… in order (chen2001maoa, chen2001maob).  An arena
 * array of n strings, or NULL when out of memory. */
char **ref_cite_keys(const ref_citation *c, size_t n, quire_arena *a);
/* Export formats of a list of citations (ref_export_list). */
typedef enum ref_format {
	REF_FMT_CSL = 0, /* a CSL-JSON array, one item a line */
	REF_FMT_BIBTEX,  /* entries with keys unique in the list (ref_cite_keys) */
	REF_FMT_RIS      /* records one after another */
} ref_format;
/* 0 and *out set when s is "csl", "bibtex" or "ris". */
int ref_format_parse(const char *s, ref_format *out);
/* Appends c[0..n) in format f; ids[i] is the CSL-JSON id of c[i] (ids may
 * be NULL: "ref1", "ref2" …). */
void ref_export_list(const ref_citation *c, size_t n, const char *const *ids,
		     ref_format f, quire_arena *a, buf_t *b);

/* The RIS type (TY) and BibTeX entry type of a CSL type. */
const char *ref_ris_type(const char *csl_type);
const char *ref_bibtex_type(const ref_citation *c);

/* ---- notes (notes.c) ----
 * A footnote or endnote holds citations and commentary ("See Chen, Mao's
 * China, 45; cf. Jun, \"Origins,\" 12.").  The note is split into
 * segments; each citation segment is parsed, back-references (ibid., op.
 * cit., id., ders., a.a.O., loc. cit.) and short notes are resolved to the
 * citation they point to. */

typedef enum ref_backref {
	REF_BACK_NONE = 0, /* a citation in its own right (full or short) */
	REF_BACK_IBID,     /* ibid., ibidem, id., idem, ebd., ebenda: the previous citation */
	REF_BACK_OPCIT,    /* op. cit., a.a.O., loc. cit.: the last by that author */
	REF_BACK_DERS,     /* ders., dies., eadem: the previous citation's author */
	REF_BACK_NOTE      /* "Hughes (n 12) 10", "supra note 12": the author's citation in note 12 */
} ref_backref;

typedef struct ref_note_cite {
	size_t off, len;     /* the citation's span in the note's text */
	ref_backref back;    /* what kind of back-reference it is */
	const char *author;  /* the family name written with op. cit. ("Chen"), or NULL */
	long note_ref;       /* REF_BACK_NOTE: the note number written (from 1) */
	const char *pinpoint;/* the page(s) cited: "47", "12-15", or NULL */
	ref_citation cite;   /* the parsed citation (for IBID/OPCIT: what it resolved to) */
	int is_short;        /* author + title only: a short note of an earlier citation */
	long target_note;    /* the note and citation it points to, -1 for none */
	long target_cite;    /*   (a short note or a back-reference) */
} ref_note_cite;

typedef struct ref_note {
	ref_note_cite *cites;
	size_t n_cites;
	const char *commentary; /* the text of the segments that are not citations
				 * joined by " ", or NULL */
} ref_note;

/* Does the citation stand for a work of its own — not a back-reference,
 * a short note or a full note of a work cited before?  "Ders., Title"
 * of a work not cited before does: a new work by the author before. */
int ref_note_cite_is_work(const ref_note_cite *c);

/* Splits note text s[0..n) into citation spans (off/len, back, author,
 * pinpoint set; cite left zero); commentary collected.  Bounded: at most
 * 256 citations a note. */
quire_status ref_note_split(const char *s, size_t n, quire_arena *a,
			    ref_note *out, quire_error *err);
/* Resolves back-references and short notes over notes[0..n) in order
 * (each cite's `cite` must be filled): sets target_note/target_cite and,
 * for IBID/OPCIT/DERS and a short note that found its target, copies the
 * target's citation into `cite` (the pinpoint stays the note's own). */
void ref_notes_resolve(ref_note *notes, size_t n);
/* The entries texts[0..n) of one paper — its reference list's entries
 * and its notes (is_note[i] 1; is_note NULL: none) in the paper's order —
 * parsed: a list entry into one citation with the list entry before it as
 * context (ref_parse_ctx), the notes split into their citations and
 * resolved together (ref_notes_parse).  (*out)[i] stands for entry i: a
 * list entry's citation; a note's first citation (for a back-reference,
 * the work it points to) with raw = the whole note, or type "document"
 * when the note holds none.  notes_out (may be NULL) gets an array of n
 * with each note's split (zero for list entries); there a citation's
 * target_note is the index of the target's entry in texts (not its place
 * among the notes).  An entry that cannot
 * be labelled (no model, empty) is type "document" with only `raw`; only
 * out of memory fails. */
quire_status ref_parse_entries(const ref_model *m, const char *const *texts,
			       const int *is_note, size_t n, quire_arena *a,
			       ref_citation **out, ref_note **notes_out, quire_error *err);
/* The notes among a paper's entries (notes[i] for is_note[i]; entries[k]
 * the list entries' citations; n entries in all): each short note ("Paxton,
 * The Forth Bridge, 14") or note of an author alone that found no earlier
 * note points to the list entry it names — the work a notes-and-
 * bibliography paper (Chicago) cites only in short form — and stands for
 * it: target_note = the entry's index, target_cite 0.  A full citation of
 * a work the list holds too (same first author, same title) points to that
 * entry as well, keeping its own fields. */
void ref_notes_to_list(ref_note *notes, const ref_citation *entries, const int *is_note,
		       size_t n);
/* "ibid", "op. cit.", "ders.", "note" ("(n 12)"), or NULL for none. */
const char *ref_backref_name(ref_backref k);
/* The id of citation j of a note whose entry has id entry_id: the entry's
 * own when the note holds one citation (or nt is NULL: a list entry),
 * else "entry_id.J" (J from 1).  Written to out (cap bytes). */
void ref_note_cite_id(char *out, size_t cap, const char *entry_id, const ref_note *nt,
		      size_t j);
/* Appends note entry i's citations as a JSON array — each {"text", "back",
 * "short", "pinpoint", "target", "type", "fields"}: the span's text (of
 * text, the note), the back-reference it is, whether it is a short note,
 * the page it cites, the id of the citation it points to (ref_note_cite_id
 * over entry_ids and splits, n entries; splits[k] NULL for a list entry),
 * its CSL type and CSL-JSON item — what `quire refs --format json` and the
 * API give. */
void ref_note_citations_json(buf_t *b, const char *text, size_t i,
			     const char *const *entry_ids, const ref_note *const *splits,
			     size_t n);
/* Splits, parses (model m; NULL: the built-in one) and resolves n notes. */
quire_status ref_notes_parse(const ref_model *m, const char *const *texts,
			     const size_t *lens, size_t n, quire_arena *a,
			     ref_note **out, quire_error *err);

#endif
