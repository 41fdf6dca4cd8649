/*
 * ids.c — readable paper ids (see ids.h for the choice of alphabet and
 * length).  Randomness comes from libsodium's randombytes_uniform(), which
 * draws without modulo bias.
 */
#include "ids.h"

#include <string.h>

#include <sodium.h>

int id_generate(char out[ID_MAX_LEN + 1])
{
	static const char alphabet[] = ID_ALPHABET;

	out[0] = '\0';
	/* Safe to call any number of times, from any thread; it fails only
	 * when the system gives no randomness. */
	if (sodium_init() < 0)
		return -1;
	for (size_t i = 0; i < ID_LEN; i++)
		out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
	out[ID_LEN] = '\0';
	return 0;
}

static int id_in_alphabet(int c)
{
	return c != '\0' && strchr(ID_ALPHABET, c) != NULL;
}

int id_valid(const char *s)
{
	if (!s)
		return 0;
	size_t n = 0;
	for (; s[n]; n++) {
		if (n >= ID_MAX_LEN || !id_in_alphabet((unsigned char)s[n]))
			return 0;
	}
	return n >= ID_MIN_LEN;
}

id_norm id_normalise(const char *in, char out[ID_MAX_LEN + 1])
{
	size_t n = 0;

	out[0] = '\0';
	if (!in)
		return ID_NORM_EMPTY;
	for (const char *p = in; *p; p++) {
		int c = (unsigned char)*p;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (!id_in_alphabet(c)) {
			out[0] = '\0';
			return ID_NORM_BAD_CHAR;
		}
		if (n >= ID_MAX_LEN) {
			out[0] = '\0';
			return ID_NORM_TOO_LONG;
		}
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n ? ID_NORM_OK : ID_NORM_EMPTY;
}
