/*
 * store.c — the parts of the store interface that do not depend on the
 * database underneath: visibility names, the st_unedit marker and the
 * SHA-256 of a file.  The SQLite backend is store_sqlite.c; a later
 * PostgreSQL backend shares these.
 */
#include "store.h"

#include <string.h>

#include <sodium.h>

const char *st_visibility_name(st_visibility v)
{
	switch (v) {
	case ST_PUBLIC: return "public";
	case ST_MEMBERS: return "members";
	case ST_PRIVATE: return "private";
	}
	return "unknown";
}

int st_visibility_parse(const char *s, st_visibility *v)
{
	static const st_visibility all[] = {ST_PUBLIC, ST_MEMBERS, ST_PRIVATE};

	if (!s || !v)
		return -1;
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (strcmp(s, st_visibility_name(all[i])) == 0) {
			*v = all[i];
			return 0;
		}
	}
	return -1;
}

/* Compared by address, never by content. */
const char st_unedit[] = "";

void st_sha256_hex(const unsigned char *p, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[crypto_hash_sha256_BYTES];
	static const unsigned char empty[1];

	/* Idempotent and thread-safe; hashing works even if it fails (it
	 * only picks the fastest implementation). */
	int r = sodium_init();
	(void)r;
	crypto_hash_sha256(d, p ? p : empty, p ? n : 0);
	for (size_t i = 0; i < sizeof d; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}
