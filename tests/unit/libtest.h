/*
 * libtest.h — a fresh temporary directory with a library path in it, for
 * the store's tests (cmocka setup and teardown; header-only, as
 * ziptest.h is).  The teardown removes the whole directory, whatever the
 * test left in it (WAL files, backups, a directory made read-only).
 */
#ifndef QUIRE_LIBTEST_H
#define QUIRE_LIBTEST_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

typedef struct tdir {
	char dir[64];
	char lib[128]; /* dir/library.quire */
} tdir;

static int libtest_rm(const char *path, const struct stat *sb, int flag,
		      struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

__attribute__((unused)) static int setup_dir(void **state)
{
	tdir *t = calloc(1, sizeof *t);
	if (!t)
		return -1;
	snprintf(t->dir, sizeof t->dir, "/tmp/quire-test-XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	snprintf(t->lib, sizeof t->lib, "%s/library.quire", t->dir);
	*state = t;
	return 0;
}

__attribute__((unused)) static int teardown_dir(void **state)
{
	tdir *t = *state;
	/* tests may leave the directory read-only */
	chmod(t->dir, 0700);
	nftw(t->dir, libtest_rm, 16, FTW_DEPTH | FTW_PHYS);
	free(t);
	return 0;
}

#endif
