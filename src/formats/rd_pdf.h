/*
 * rd_pdf.h — what the sandbox needs of the PDF reader beyond its read
 * function (rd_pdf_read, in formats.h): loading poppler-glib.
 *
 * quire does not link poppler-glib (and the forty libraries it brings);
 * the PDF reader opens it at run time (rd_pdf.c explains why and how).
 * The reader's child process must load it before the seccomp filter
 * refuses open(); that is what rd_pdf_preload() is for.
 */
#ifndef QUIRE_RD_PDF_H
#define QUIRE_RD_PDF_H

/* Loads poppler-glib into this process and keeps it loaded, so that a
 * later rd_pdf_read() finds it without opening a file.  Called by the
 * sandbox's child before it installs the seccomp filter, when the reader
 * is the PDF reader.  Failure is silent here: rd_pdf_read() then fails
 * with the message that names the missing library. */
void rd_pdf_preload(void);

#endif
