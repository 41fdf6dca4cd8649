/*
 * rd_html.c — the an HTML page reader (not written yet: it refuses by name).
 */
#include "formats.h"

quire_status rd_html_read(const unsigned char *bytes, size_t n,
		  quire_source *out, quire_error *err)
{
	(void)bytes;
	(void)n;
	(void)out;
	return quire_error_set(err, QUIRE_EFORMAT,
			       "not a format quire reads yet (looks like an HTML page)");
}
