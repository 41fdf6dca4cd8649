/*
 * read_only.c — reads files the way quire does, and stops there: the file
 * is sniffed and read by its reader in the sandboxed child (fmt_load), and
 * the number of lines and page breaks the reader handed back is printed;
 * no analysis.  bench/format_pdf.sh times it beside `quire analyze` and
 * pdftotext, to show what the reading stage costs apart from the analysis
 * that pdftotext does not do.
 *
 *   read_only FILE...      one line per file: "FILE items pages"
 *
 * Exit status 0, or 1 when a file could not be read (its error on stderr).
 */
#include <stdio.h>

#include "quire.h"
#include "sandbox.h"

int main(int argc, char **argv)
{
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		quire_arena *a = quire_arena_new(0);
		quire_source *src = NULL;
		quire_error err = {0};
		if (!a) {
			fprintf(stderr, "read_only: out of memory\n");
			return 1;
		}
		if (fmt_load(argv[i], NULL, 0, a, &src, NULL, &err) != QUIRE_OK) {
			fprintf(stderr, "read_only: %s: %s\n", argv[i], err.msg);
			rc = 1;
		} else {
			size_t n = quire_source_count(src), pages = 1;
			for (size_t k = 0; k < n; k++) {
				const quire_item *it = quire_source_item(src, k);
				pages += it && it->type == QUIRE_ITEM_PAGE_BREAK;
			}
			printf("%s %zu %zu\n", argv[i], n, pages);
		}
		quire_arena_free(a);
	}
	return rc;
}
