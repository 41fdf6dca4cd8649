/*
 * ixtok.h — the tokenizer of quire's inverted index (ix.h): text into
 * terms with their byte offsets and positions (src/search/ixtok.c).
 *
 * A term is a word folded (case and diacritics: "Sovétskiy", "SOVETSKIY"
 * and "sovetskiy" are one; compatibility forms such as the ligature "ﬁ"
 * become "fi", "ß" becomes "ss") and then stemmed with Snowball's English
 * stemmer, as the FTS5 tokenizer of fts.c did.  Words of more than
 * IXTOK_STEM_MAX folded bytes are left unstemmed; words of more than
 * IXTOK_TERM_MAX folded bytes are cut there (at a character boundary).
 *
 * Words: a word is a run of letters, digits, marks (Unicode categories
 * L*, N*, M*) and private-use characters; everything else separates.  Han
 * ideographs, kana and other characters of scripts written without spaces
 * (CJK) are each a word of their own, whatever surrounds them.
 *
 * Hyphens: with IXTOK_WHOLES (indexing a document), a hyphenated word
 * ("Sino-Soviet": parts joined by one '-', U+2010 or U+2011 with nothing
 * between) gives each part at its own position AND, right after each part
 * from the second on, the whole so far ("sinosoviet"), colocated (same
 * position, same offsets) with that part.  A query is tokenized without
 * IXTOK_WHOLES: "sino-soviet" is then the phrase sino soviet, and the
 * query word "sinosoviet" finds the whole.
 *
 * Cost: linear in the text; no allocation per token (the term lives in the
 * tokenizer's own buffer, valid until the next call).  An ixtok is not
 * thread-safe: one per thread (the stemmer has state).
 */
#ifndef QUIRE_IXTOK_H
#define QUIRE_IXTOK_H

#include <stddef.h>
#include <stdint.h>

#define IXTOK_TERM_MAX 128 /* longest term, bytes (longer words are cut) */
#define IXTOK_STEM_MAX 64  /* longest word stemmed, bytes */
#define IXTOK_WHOLE_MAX 96 /* longest hyphenated whole indexed, bytes */

/* Flags of ixtok_begin. */
#define IXTOK_WHOLES 1u /* emit hyphenated wholes (documents) */
#define IXTOK_NOSTEM 2u /* fold only, do not stem */

typedef struct ixtok ixtok;

/* One token.  term is NUL-terminated and owned by the tokenizer (valid
 * until the next ixtok_next / ixtok_begin / ixtok_free). */
typedef struct ixtok_token {
	const char *term;
	size_t len;     /* bytes of term */
	size_t off;     /* byte offset of the word in the text */
	size_t n;       /* byte length of the word in the text */
	uint32_t pos;   /* position: 0, 1, 2 … per word (not per whole) */
	int colocated;  /* 1: a hyphenated whole, at the position of the
			   part just returned */
} ixtok_token;

/* A new tokenizer, or NULL when out of memory. */
ixtok *ixtok_new(void);
void ixtok_free(ixtok *t);

/* Starts tokenizing text[0..n) (UTF-8; a bad byte separates words).  The
 * text must stay alive while tokens are read.  pos0 is the position of the
 * first word (a caller indexing one field in pieces passes the count so
 * far). */
void ixtok_begin(ixtok *t, const char *text, size_t n, unsigned flags,
		 uint32_t pos0);

/* The next token into *tok: 1, or 0 at the end of the text. */
int ixtok_next(ixtok *t, ixtok_token *tok);

/* The position the next word would get (after the end: the number of
 * words seen plus pos0). */
uint32_t ixtok_pos(const ixtok *t);

/* Folds word w[0..n) (case, diacritics, compatibility forms; no word
 * splitting) into out (cap bytes, NUL-terminated, cut at IXTOK_TERM_MAX);
 * its length. */
size_t ixtok_fold(const char *w, size_t n, char *out, size_t cap);

/* Stems the folded word w[0..n) as the tokenizer does (unchanged when
 * n <= 2 or n > IXTOK_STEM_MAX) into out (cap bytes, NUL-terminated); its
 * length, or 0 when it does not fit. */
size_t ixtok_stem(ixtok *t, const char *w, size_t n, char *out, size_t cap);

/* The term of one word w[0..n) of text (folded then stemmed), as
 * ixtok_next gives it; its length (0 for no letters/digits: then out is
 * ""), into out (cap >= IXTOK_TERM_MAX + 1). */
size_t ixtok_term(ixtok *t, const char *w, size_t n, char *out, size_t cap);

/*
 * A cheap test for snippets: can the folded word w[0..n) stem to term
 * t[0..tn)?  0 means certainly not (the stemmer only removes or changes
 * endings: a stem is never longer than its word and keeps the word's
 * first byte); 1 means maybe (then compare ixtok_stem's result).
 */
int ixtok_may_stem_to(const char *w, size_t n, const char *term, size_t tn);

/*
 * Pairs of words (ix's answer to phrases of common words, index format 4).
 * A document's index holds, beside each word, every pair of neighbouring
 * words of which one is COMMON ("is the", "the number", "reach of"), as
 * one term at the first word's position.  A phrase is then looked up
 * through its pairs: "is the number" needs the papers holding both "is
 * the" and "the number" (a few thousand) instead of every paper with
 * "is", "the" and "number" (nearly all), and reads their short position
 * lists instead of the positions of "the".  The cost is up to two pair
 * postings per common word in the text.
 */

/* Is term t[0..n) (as ixtok_next gives it: folded and stemmed) one of the
 * common words whose neighbours make pairs?  A fixed list (the most
 * frequent function words of English, and a few of French, German,
 * Spanish and Italian): changing it changes the index format. */
int ixtok_common(const char *t, size_t n);

/* The pair term of a[0..an) then b[0..bn) into out (cap bytes; cap >=
 * IXTOK_PAIR_MAX + 1 always suffices), NUL-terminated: the byte 0xFF, a,
 * 0xFF, b.  0xFF is never in a term (terms are UTF-8), so pairs sort after
 * every word and no prefix of a word reaches them.  Its length; 0 (out
 * "") when it does not fit. */
#define IXTOK_PAIR_MAX (2 * IXTOK_TERM_MAX + 2)
size_t ixtok_pair(const char *a, size_t an, const char *b, size_t bn, char *out,
		  size_t cap);

/* FNV-1a of term t[0..n): the hash of the index writer's term table and
 * of the tokenizer's stem cache. */
uint32_t ixtok_hash(const char *t, size_t n);

/* Is t[0..n) a pair term (it begins with the byte 0xFF)?  Walks of the
 * whole vocabulary skip them. */
int ixtok_is_pair(const char *t, size_t n);

#endif
