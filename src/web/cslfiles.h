/*
 * cslfiles.h — where CSL styles and locales live on this machine, and the
 * one call that formats CSL-JSON items with a named style.  Shared by the
 * CLI (quire styles / format / refs --style / cite --style) and the web
 * (the paper page's style picker), so both resolve names the same way.
 *
 * The CSL processor itself (src/csl/csl.h) does no I/O; this module reads
 * the files and hands their bytes over.
 *
 * Folders, first match wins:
 *   styles:  each folder of $QUIRE_CSL_STYLES (colon-separated),
 *            $XDG_DATA_HOME/quire/styles (else ~/.local/share/quire/styles),
 *            ~/Zotero/styles (Zotero's folder works as is),
 *            /usr/share/citation-style-language/styles (Debian's
 *            citation-style-language-styles) — each with its dependent/
 *            subfolder;
 *   locales: each folder of $QUIRE_CSL_LOCALES, $XDG_DATA_HOME/quire/locales,
 *            /usr/share/citation-style-language/locales.
 */
#ifndef QUIRE_CSLFILES_H
#define QUIRE_CSLFILES_H

#include <stddef.h>

#include "../csl/csl.h"
#include "quire.h"

#define CSLF_PATH_MAX 4096
#define CSLF_DIRS_MAX 16

/* The folders searched for styles (kind 0) or locales (kind 1), in order,
 * existing or not; returns how many were written to dirs (at most max). */
size_t cslf_dirs(int kind, char (*dirs)[CSLF_PATH_MAX], size_t max);

/*
 * Resolves a style given by the person: a path (it holds a '/' or names
 * an existing file ending in ".csl"), a style URI
 * ("http://www.zotero.org/styles/apa": its last part is the name), or a
 * name ("chicago-author-date", with or without ".csl") looked up as
 * NAME.csl then dependent/NAME.csl in the style folders.  Writes the
 * file's path into out; 0 when found, -1 when not.
 */
int cslf_find_style(const char *name, char *out, size_t size);

/*
 * Loads a style by name or path (cslf_find_style).  A dependent style is
 * replaced by its parent (found by the parent URI's last part); its
 * default-locale, if any, is copied into lang (size bytes; "" when none).
 * NULL with err set ("no style named 'x'", "apa.csl:3: …").
 */
csl_style *cslf_load_style(const char *name, char *lang, size_t size,
			   quire_error *err);

/* The locales of a language, loaded from the locale folders (most specific
 * first, as csl_locale_chain orders them; files that do not exist are
 * skipped). */
typedef struct cslf_locales {
	csl_locale *l[CSL_LOCALE_CHAIN_MAX];
	size_t n;
} cslf_locales;

/* Loads the chain of lang (NULL: en-US); QUIRE_EINPUT when a file exists
 * but does not parse.  Free with cslf_locales_free even on failure. */
quire_status cslf_load_locales(const char *lang, cslf_locales *out,
			       quire_error *err);
void cslf_locales_free(cslf_locales *L);

/* One installed style. */
typedef struct cslf_info {
	char *name;   /* file name without ".csl" */
	char *title;  /* <info><title>, "" when none */
	char *id;     /* <info><id>, "" when none */
	char *path;
	int dependent;/* 1: in a dependent/ folder or with an independent-parent link */
} cslf_info;

/* Every style of the style folders (dependent ones only when
 * with_dependent), sorted by name, a name seen in an earlier folder
 * hiding later ones.  Title and id are read from the <info> at the head
 * of each file (the first 16 kB), not from a full parse.  Returns 0 and
 * *out (free with cslf_list_free), or -1 when out of memory. */
int cslf_list(int with_dependent, cslf_info **out, size_t *n);
void cslf_list_free(cslf_info *v, size_t n);

/* What cslf_format produces. */
typedef enum cslf_mode {
	CSLF_BIBLIOGRAPHY = 0, /* the bibliography, one entry a line (TEXT) or
				* citeproc-js's div (HTML) */
	CSLF_CITATION = 1,     /* one citation holding every item in order */
	CSLF_ENTRIES = 2       /* each item on its own: its bibliography entry
				* when the style has a bibliography, else a
				* citation of it alone; one a line, in input
				* order */
} cslf_mode;

/* A style with its locales, loaded once for several formatting calls. */
typedef struct cslf_styled {
	csl_style *s;
	cslf_locales L;
	char lang[64]; /* the language used ("" = en-US) */
} cslf_styled;

/* Loads style (see cslf_load_style) and the locales of lang (NULL: the
 * style's default, else en-US) into *out; close with cslf_close (also
 * after a failure, which leaves *out empty). */
quire_status cslf_open(const char *style, const char *lang, cslf_styled *out,
		       quire_error *err);
void cslf_close(cslf_styled *st);
/* cslf_format with a style already open. */
quire_status cslf_format_open(const cslf_styled *st, const char *json, size_t n,
			      cslf_mode mode, csl_format fmt, quire_arena *a,
			      char **out, quire_error *err);

/*
 * Formats the CSL-JSON items json[0..n) with style (a name or path, see
 * cslf_load_style) in language lang (NULL: the style's default, else
 * en-US); *out is an arena string.
 */
quire_status cslf_format(const char *style, const char *lang, const char *json,
			 size_t n, cslf_mode mode, csl_format fmt,
			 quire_arena *a, char **out, quire_error *err);

/* Reads a whole file of at most max bytes into a malloc'ed NUL-terminated
 * buffer (*len without the NUL); NULL when it cannot be read or is bigger. */
char *cslf_read_file(const char *path, size_t max, size_t *len);

#endif
