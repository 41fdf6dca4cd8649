/*
 * rd_pdf.h — what the sandbox needs of the PDF reader beyond its read
 * function (rd_pdf_read, in formats.h): loading poppler-glib.
 *
 * quire does not link poppler-glib (and the forty libraries it brings);
 * the PDF reader opens it at run time (rd_pdf.c explains why and how).
 * The reader's child process runs under a seccomp filter that refuses
 * open(), so the library must be loaded before: rd_pdf_preload().
 */
#ifndef QUIRE_RD_PDF_H
#define QUIRE_RD_PDF_H

/* Loads poppler-glib into this process and keeps it loaded, so that a
 * later rd_pdf_read() — in this process or a child forked from it — finds
 * it without opening a file.  The sandbox calls it in the parent before
 * forking the PDF reader's child; a second call costs a look-up.  Failure
 * is silent here: rd_pdf_read() then fails with the message that names
 * the missing library. */
void rd_pdf_preload(void);

#endif
