/*
 * ids.h — readable paper ids.
 *
 * A paper's id is what a person reads off a screen, says over the phone and
 * types into a terminal or a URL, so it is short, lower case and free of
 * characters that look or sound alike:
 *
 *   - 7 characters from a 31-character alphabet: the digits 2-9 and the
 *     letters a-z without i, l and o (no 0/o, 1/l/i confusion), e.g.
 *     "k7mx2qd".  31^7 ≈ 2.75e10 ≈ 2^34.7: in a library of 10,000 papers
 *     a new id hits one already used once in 2.7 million additions, and
 *     the store then draws again inside the same transaction.  Short enough
 *     to say aloud ("k, seven, m, x, two, q, d") and to hold in mind for a
 *     moment.
 *   - No separator: a double click selects the whole id in a terminal or a
 *     browser, which a hyphen would break; seven characters are few enough
 *     to read without grouping.  A person may still type "k7m-x2qd" or
 *     "K7MX2QD": lookups drop hyphens and spaces and fold case.
 *
 * A stored id is in canonical form: ID_MIN_LEN..ID_MAX_LEN characters of
 * ID_ALPHABET (imports may bring ids of another length).
 */
#ifndef QUIRE_IDS_H
#define QUIRE_IDS_H

#include <stddef.h>

#define ID_ALPHABET "23456789abcdefghjkmnpqrstuvwxyz"
#define ID_LEN 7      /* length of a new id */
#define ID_MIN_LEN 4  /* shortest id accepted on import */
#define ID_MAX_LEN 15 /* longest id (st_paper.id holds 16 bytes) */

/* A new random id of ID_LEN characters into out (NUL-terminated); 0 on
 * success, -1 when the system has no randomness to give. */
int id_generate(char out[ID_MAX_LEN + 1]);

/* Non-zero if s is an id in canonical form. */
int id_valid(const char *s);

/* What id_normalise() found. */
typedef enum id_norm {
	ID_NORM_OK = 0,
	ID_NORM_EMPTY,    /* nothing but hyphens and spaces */
	ID_NORM_TOO_LONG, /* more than ID_MAX_LEN characters */
	ID_NORM_BAD_CHAR  /* a character outside the alphabet (0, 1, i, l, o, …) */
} id_norm;

/* Copies what a person typed into out in canonical form: ASCII letters
 * folded to lower case, hyphens and spaces dropped.  out is "" unless
 * ID_NORM_OK is returned.  The result may be shorter than ID_MIN_LEN (a
 * prefix); id_valid() tells whether it is a whole id. */
id_norm id_normalise(const char *in, char out[ID_MAX_LEN + 1]);

#endif
