/*
 * rd_text.c — the plain-text reader.
 *
 * Bytes are decoded to UTF-8 (decode.h), then split into lines at LF,
 * CRLF and lone CR.  A form feed is a page break, not text: it ends the
 * current line (if anything is on it), and the text after it starts a new
 * one.  So "end\f\nNext" gives "end", a page break, "Next" — no empty line
 * is invented on either side of a form feed, while empty lines between
 * ordinary line ends are kept.  Nothing else is changed: trimming,
 * spaces and Unicode normalisation are the core's (norm.h).
 */
#include "formats.h"

#include "decode.h"

static quire_status oom(quire_error *err)
{
	return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
}

quire_status rd_text_read(const unsigned char *bytes, size_t n,
			  quire_source *out, quire_error *err)
{
	dec_text t;
	quire_status rc = dec_decode(bytes, n, &t, err);
	if (rc)
		return rc;
	const char *s = t.s;
	size_t len = t.n, start = 0;
	/* after_ff: the segment now open began right after a form feed, so it
	 * is dropped if it ends empty. */
	int after_ff = 0;
	for (size_t i = 0; i < len && rc == QUIRE_OK; i++) {
		char c = s[i];
		if (c != '\n' && c != '\r' && c != '\f')
			continue;
		size_t seg = i - start;
		if (c == '\f') {
			if (seg)
				rc = quire_source_add_line(out, s + start, seg);
			if (rc == QUIRE_OK)
				rc = quire_source_add_page_break(out);
			after_ff = 1;
		} else {
			if (seg || !after_ff)
				rc = quire_source_add_line(out, s + start, seg);
			after_ff = 0;
			if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
				i++;
		}
		start = i + 1;
	}
	if (rc == QUIRE_OK && start < len)
		rc = quire_source_add_line(out, s + start, len - start);
	if (rc == QUIRE_OK)
		rc = quire_source_set_format(out, "text", t.encoding);
	if (rc == QUIRE_OK && t.remark)
		rc = quire_source_add_remark(out, t.remark);
	dec_free(&t);
	return rc ? oom(err) : QUIRE_OK;
}
