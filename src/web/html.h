/*
 * html.h — writing HTML that cannot be unsafe.
 *
 * Every page is written through html_printf(), whose %s ESCAPES (& < > " ')
 * — so text from a paper, a user or a URL can never become markup.  Raw
 * HTML needs the explicit %S, used only for fragments this program wrote
 * itself (literals, already-rendered parts).  Fossil's %h/%s discipline,
 * made the default.
 *
 *   %s   text, HTML-escaped (NULL prints nothing)
 *   %S   trusted HTML, copied as is
 *   %u   a URL component, percent-encoded (for ?q=…, path segments)
 *   %d %ld %zu  numbers (int, long, size_t)
 *   %N   a size_t with thousands separators (3,128)
 *   %%   a percent sign
 *   %.*s %.*S %.*u  the same with an int length first (at most that many
 *        bytes), for spans of a paper's text
 * An unknown conversion prints "%?" (there is no compiler check of these
 * formats: keep them literal).
 */
#ifndef QUIRE_HTML_H
#define QUIRE_HTML_H

#include <stdarg.h>
#include <stddef.h>

#include "buf.h"

void html_printf(buf_t *b, const char *fmt, ...);
void html_vprintf(buf_t *b, const char *fmt, va_list ap);

/* Appends a search snippet (text with SRCH_MARK_OPEN/CLOSE bytes) escaped,
 * the marks turned into <mark>…</mark>. */
void html_snippet(buf_t *b, const char *snippet);

/* A URL-safe slug of a title ("The Sino-Soviet Split" → "the-sino-soviet-split"),
 * ASCII letters and digits, at most max bytes, into out (max + 1 bytes).
 * Accented Latin letters fold to their base letter ("Über" → "uber"),
 * apostrophes vanish ("Don't" → "dont"), any other run of characters
 * becomes one '-', never leading or trailing; a word is not cut in two
 * when the title is longer than max.  "" when nothing is left. */
void html_slug(const char *title, char *out, size_t max);

#endif
