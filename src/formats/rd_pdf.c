/*
 * rd_pdf.c — the PDF reader: poppler-glib's text with our own reading order.
 *
 * Poppler parses the PDF (from the bytes in memory: no file is opened) and
 * gives, per page, its text with one rectangle per character
 * (poppler_page_get_text_layout) and the font sizes of character ranges
 * (poppler_page_get_text_attributes).  From these we rebuild lines with
 * their boxes and font sizes, and decide the reading order ourselves:
 *
 *  - Lines that poppler joined across a wide horizontal gap (more than
 *    1.5 em in the middle of the page) are cut there, so two columns whose
 *    baselines agree are not read as one line.
 *  - Column detection: over the middle half of the page, for every x we
 *    count the lines that cross it; the widest run of x with the fewest
 *    crossings is the candidate gutter.  The page is two-column when at
 *    least three lines lie wholly on each side, the crossings are few (at
 *    most a fifth of the lines), and the two sides stand side by side (their
 *    vertical ranges overlap by at least 30%).  Crossing lines are
 *    full-width (titles, abstracts, wide figures and captions): they stay in
 *    place by their height and cut the page into bands; each band is read
 *    left column first, then right.
 *  - Inside a column, lines are ordered top to bottom (lines on the same
 *    height left to right).
 *  - Paragraph breaks: a blank line where the baseline-to-baseline distance
 *    exceeds 1.25 times the page's usual distance, where the font size
 *    changes by more than 15% or the face turns bold or back (headings),
 *    and around full-width lines; a
 *    first-line indent (0.7–3 em from the column's left edge) becomes two
 *    leading spaces, which the core takes as a new paragraph after a
 *    sentence end.  No blank line between the end of the left column and
 *    the top of the right one: the text runs on.
 *  - Footnotes: per column, walking up from the bottom (past at most two
 *    short lines such as a page number), the run of lines set smaller than
 *    the body (the most common size so far, weighted by characters; below
 *    92% of it) in the lower 60% of the page; the notes start at the first
 *    of those lines that begins with a marker (a digit, * † ‡ § ¶ or a
 *    superscript digit) and each marker line opens a new note.  Notes are
 *    kept out of the body and given to the core as QUIRE_BLOCK_NOTE blocks
 *    at the END of the document (not after each page: a block between two
 *    pages would end the paragraph that runs across them, and the body
 *    matters more than the note's page).  Notes set at the body's size
 *    (pandoc's DOCX through LibreOffice) are found when none are smaller:
 *    the block at the foot of the column, set apart by a gap of about two
 *    lines, opening with a marker set smaller than its line (a
 *    superscript of at most three digits, or *, †).  A note's marker is not
 *    part of its text.
 *
 * Hyphenation, running headers and footers and page numbers are left to
 * the core, which sees the page breaks.
 *
 * Metadata: the Info dictionary's title (without a "Microsoft Word - "
 * prefix; refused when it looks like a file name, "untitled" or the like),
 * its authors (split on ';', '&' and " and ", on ',' only when every part
 * is a full name) and the creation date (UTC, "YYYY-MM-DD"); the page count
 * is the real one.
 *
 * Loading poppler-glib: the library is not linked into quire but opened
 * at run time (dlopen) by the PDF reader alone, and its functions are
 * called through a small table resolved by dlsym (pdf_api; each entry's
 * type is taken from poppler's own header with __typeof__, so a prototype
 * that changes breaks the build, not the call).  Why: poppler-glib brings
 * about forty shared libraries (cairo, gio, X11, libstdc++, …) whose
 * loading and symbol relocation took about 9 ms of every quire start,
 * two thirds of `quire --version`, while only the PDF reader needs them.
 * Now they are loaded only when a PDF is read: the sandbox calls
 * rd_pdf_preload() in the parent just before it forks the reader's child
 * (once per process: a batch of PDFs or the server pays it once), since
 * the child's seccomp filter refuses open().  The library is trusted
 * system code; loading it (and running its constructors) parses no byte
 * of the input, and the parent never calls it.  In the child
 * rd_pdf_read() opens it again by the same name, which the dynamic loader
 * answers from the libraries already loaded, with no system call
 * (RTLD_NODELETE: it is never unloaded, since GObject types cannot be).
 * In process (tests, the fuzzer) rd_pdf_read() loads it itself.  A missing library is a plain error naming the Debian
 * package.  The reader keeps no global state: the table lives on the
 * stack of each read, the loader's list of libraries is the only memory.
 * Other glib helpers (UTF-8 stepping, splitting, stripping) are our own
 * small functions so that quire needs no glib symbol at link time.
 *
 * Limits and refusals: an encrypted PDF that needs a password is refused
 * ("the PDF is password-protected"); a PDF poppler cannot open is
 * damaged; more than RD_PDF_MAX_PAGES pages is QUIRE_ELIMIT; a PDF with no
 * text at all (a scan) is QUIRE_EINPUT.  Work per page is linear in its
 * characters plus its width in points (the crossing counts), except sorting.
 * Poppler's own memory is malloc'ed, bounded by the sandbox's RLIMIT_AS;
 * per-page scratch memory is freed page by page.
 */
#include "formats.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <dlfcn.h>

#include <poppler.h>

#include "buf.h"
#include "norm.h"
#include "rd_pdf.h"

#define RD_PDF_MAX_PAGES 5000

/* The soname of poppler-glib's ABI (the same since poppler 0.18). */
#define PDF_LIB "libpoppler-glib.so.8"
#define PDF_DLFLAGS (RTLD_LAZY | RTLD_LOCAL | RTLD_NODELETE)

/* The poppler-glib and GLib functions the reader calls. */
#define PDF_API_FUNCS(X)                                                      \
	X(poppler_document_new_from_bytes)                                    \
	X(poppler_document_get_n_pages)                                       \
	X(poppler_document_get_page)                                          \
	X(poppler_document_get_title)                                         \
	X(poppler_document_get_author)                                        \
	X(poppler_document_get_creation_date)                                 \
	X(poppler_page_get_size)                                              \
	X(poppler_page_get_text)                                              \
	X(poppler_page_get_text_layout)                                       \
	X(poppler_page_get_text_attributes)                                   \
	X(poppler_page_free_text_attributes)                                  \
	X(poppler_error_quark)                                                \
	X(g_bytes_new_static)                                                 \
	X(g_bytes_unref)                                                      \
	X(g_object_unref)                                                     \
	X(g_error_free)                                                       \
	X(g_free)

typedef struct pdf_api {
	void *lib;
#define PDF_API_FIELD(f) __typeof__(f) *f;
	PDF_API_FUNCS(PDF_API_FIELD)
#undef PDF_API_FIELD
} pdf_api;

void rd_pdf_preload(void)
{
	/* the handle is kept: the child exits without unloading anything */
	(void)dlopen(PDF_LIB, PDF_DLFLAGS);
}

/* Opens poppler-glib and resolves the table; QUIRE_EIO when it cannot. */
static quire_status pdf_api_open(pdf_api *api, quire_error *err)
{
	memset(api, 0, sizeof *api);
	api->lib = dlopen(PDF_LIB, PDF_DLFLAGS);
	if (!api->lib)
		return quire_error_set(err, QUIRE_EIO,
				       "cannot read PDF: %s could not be loaded "
				       "(is the Debian package libpoppler-glib8 installed?)",
				       PDF_LIB);
	const char *missing = NULL;
#define PDF_API_RESOLVE(f)                                                    \
	if (!missing && !(*(void **)&api->f = dlsym(api->lib, #f)))           \
		missing = #f;
	PDF_API_FUNCS(PDF_API_RESOLVE)
#undef PDF_API_RESOLVE
	if (missing) {
		dlclose(api->lib);
		api->lib = NULL;
		return quire_error_set(err, QUIRE_EIO,
				       "cannot read PDF: %s has no %s", PDF_LIB, missing);
	}
	return QUIRE_OK;
}

/* ------------------------------------------------------------------ */
/* Small UTF-8 and string helpers (instead of GLib's)                   */
/* ------------------------------------------------------------------ */

/* Bytes of the character whose lead byte is c, as g_utf8_next_char
 * counts them (poppler's rectangles are counted the same way). */
static size_t u8_skip(unsigned char c)
{
	if (c < 0xC0)
		return 1;
	if (c < 0xE0)
		return 2;
	if (c < 0xF0)
		return 3;
	if (c < 0xF8)
		return 4;
	if (c < 0xFC)
		return 5;
	return c < 0xFE ? 6 : 1;
}

/* The next character of the NUL-terminated s (never past its NUL). */
static const char *u8_next(const char *s)
{
	size_t k = u8_skip((unsigned char)*s);
	const char *p = s + 1;
	while (--k && *p)
		p++;
	return p;
}

/* The code point at s (NUL-terminated); a malformed sequence is U+FFFD. */
static uint32_t u8_get(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = u8_skip(p[0]);
	if (k == 1)
		return p[0] < 0x80 ? p[0] : 0xFFFD;
	if (k > 4)
		return 0xFFFD;
	uint32_t u = p[0] & (0x7F >> k);
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0xFFFD;
		u = u << 6 | (p[i] & 0x3F);
	}
	return u;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Strips ASCII white space from both ends of s, in place (g_strstrip). */
static char *strip(char *s)
{
	char *b = s;
	while (is_blank(*b))
		b++;
	size_t n = strlen(b);
	while (n && is_blank(b[n - 1]))
		n--;
	memmove(s, b, n);
	s[n] = '\0';
	return s;
}

static int is_ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* One line of a page, as we rebuild it. */
typedef struct pline {
	double x1, y1, x2, y2; /* box of its non-space characters (y down) */
	size_t off, len;       /* bytes of the page text */
	size_t c0, c1;         /* character indices [c0, c1) */
	double size;           /* most common font size of its characters */
	int col;               /* 0 full width / single column, 1 left, 2 right */
	int note;              /* 1: part of the page's footnotes, 2: opens a note,
				* 3: goes on with the previous page's last note */
	size_t mark;           /* bytes of its leading superscript marker, if set smaller */
	int bold;              /* most of its characters in a bold face */
	size_t idx;            /* creation order (stable sorting) */
} pline;

typedef struct lvec {
	pline *v;
	size_t n, cap;
	int failed;
} lvec;

static pline *lvec_push(lvec *L)
{
	if (L->n == L->cap) {
		size_t cap = L->cap ? L->cap * 2 : 128;
		pline *v = realloc(L->v, cap * sizeof *v);
		if (!v) {
			L->failed = 1;
			return NULL;
		}
		L->v = v;
		L->cap = cap;
	}
	pline *p = &L->v[L->n++];
	memset(p, 0, sizeof *p);
	return p;
}

/* A histogram of font sizes in half points (0 .. 200 pt). */
#define SIZE_BINS 401

static int size_bin(double s)
{
	long b = lround(s * 2.0);
	if (b < 0)
		b = 0;
	if (b >= SIZE_BINS)
		b = SIZE_BINS - 1;
	return (int)b;
}

typedef struct pdf_state {
	const pdf_api *api;
	quire_source *out;
	buf_t notes;            /* all notes, each NUL-terminated, in order */
	size_t n_notes;
	double doc_hist[SIZE_BINS]; /* characters per font size, pages so far */
	size_t text_chars;      /* non-space characters seen */
	int failed;             /* out of memory */
} pdf_state;

/* ------------------------------------------------------------------ */
/* Per page: characters to lines                                        */
/* ------------------------------------------------------------------ */

static int is_space_char(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == 0xA0;
}

/* Closes the line of characters [c0, c1) at bytes [off, end) into L,
 * cutting it at wide gaps in the middle of the page. */
static void close_line(lvec *L, const char *text, size_t off, size_t end,
		       size_t c0, size_t c1, const PopplerRectangle *r,
		       const uint32_t *chars, const double *csize, double width)
{
	size_t seg_c0 = c0, seg_off = off;
	int have = 0;
	double bx1 = 0, by1 = 0, bx2 = 0, by2 = 0, prev_x2 = 0, prev_size = 0;
	const char *q = text + off;
	for (size_t c = c0; c <= c1; c++) {
		int last = c == c1;
		uint32_t ch = last ? ' ' : chars[c];
		if (!last && !is_space_char(ch)) {
			double em = fabs(csize[c]) > 1 ? fabs(csize[c]) : (r[c].y2 - r[c].y1);
			if (em < 1)
				em = 10;
			double gap = r[c].x1 - prev_x2;
			int cut = have && gap > 1.5 * (prev_size > em ? prev_size : em) &&
				  gap > 6 && prev_x2 > 0.2 * width && r[c].x1 < 0.8 * width;
			if (cut) {
				pline *pl = lvec_push(L);
				if (!pl)
					return;
				pl->x1 = bx1, pl->y1 = by1, pl->x2 = bx2, pl->y2 = by2;
				pl->off = seg_off;
				pl->len = (size_t)(q - (text + seg_off));
				pl->c0 = seg_c0;
				pl->c1 = c;
				pl->idx = L->n - 1;
				seg_c0 = c;
				seg_off = (size_t)(q - text);
				have = 0;
			}
			if (!have) {
				bx1 = r[c].x1, by1 = r[c].y1, bx2 = r[c].x2, by2 = r[c].y2;
				have = 1;
			} else {
				if (r[c].x1 < bx1)
					bx1 = r[c].x1;
				if (r[c].y1 < by1)
					by1 = r[c].y1;
				if (r[c].x2 > bx2)
					bx2 = r[c].x2;
				if (r[c].y2 > by2)
					by2 = r[c].y2;
			}
			prev_x2 = r[c].x2;
			prev_size = em;
		}
		if (last)
			break;
		q = u8_next(q);
	}
	if (!have)
		return; /* nothing but spaces */
	pline *pl = lvec_push(L);
	if (!pl)
		return;
	pl->x1 = bx1, pl->y1 = by1, pl->x2 = bx2, pl->y2 = by2;
	pl->off = seg_off;
	pl->len = end - seg_off;
	pl->c0 = seg_c0;
	pl->c1 = c1;
	pl->idx = L->n - 1;
}

static int is_bold(const char *font)
{
	static const char *const marks[] = {"Bold", "bold", "BOLD", "Black", "Heavy",
					    "Semibold", "Medi", ",B"};
	if (!font)
		return 0;
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (strstr(font, marks[i]))
			return 1;
	return 0;
}

/* One pass over line pl's characters: its boldness (at least 4/5 of its
 * characters set bold, the sign of their size), its most common size
 * (character-weighted), and the page's size histogram and character
 * count.  Leaves the sizes of its characters positive. */
static void line_sizes(pline *pl, const uint32_t *chars, double *csize,
		       double *page_hist, size_t *text_chars)
{
	size_t nb = 0, nc = 0;
	/* lines are short: a small quadratic-free tally over distinct sizes */
	double sz[8];
	size_t cnt[8];
	int k = 0;
	for (size_t c = pl->c0; c < pl->c1; c++) {
		double s = csize[c];
		int neg = s < 0;
		if (neg)
			csize[c] = s = -s;
		if (is_space_char(chars[c]))
			continue;
		nc++;
		nb += (size_t)neg;
		page_hist[size_bin(s)]++;
		(*text_chars)++;
		int j;
		for (j = 0; j < k; j++)
			if (fabs(sz[j] - s) < 0.25)
				break;
		if (j == k) {
			if (k == 8)
				continue;
			sz[k] = s;
			cnt[k++] = 0;
		}
		cnt[j]++;
	}
	double best = 0;
	size_t best_n = 0;
	for (int j = 0; j < k; j++)
		if (cnt[j] > best_n) {
			best_n = cnt[j];
			best = sz[j];
		}
	pl->size = best;
	pl->bold = nc && nb * 5 >= nc * 4;
}

/* ------------------------------------------------------------------ */
/* Columns                                                              */
/* ------------------------------------------------------------------ */

/* Finds the gutter; returns its x, or -1 for a single-column page. */
static double find_gutter(const lvec *L, double width)
{
	if (L->n < 6 || width < 50 || width > 20000)
		return -1;
	size_t w = (size_t)ceil(width) + 2;
	int *diff = calloc(w + 1, sizeof *diff);
	if (!diff)
		return -1;
	for (size_t i = 0; i < L->n; i++) {
		const pline *p = &L->v[i];
		if (p->x2 - p->x1 < 2)
			continue;
		long a = lround(ceil(p->x1 + 1)), b = lround(floor(p->x2 - 1));
		if (a < 0)
			a = 0;
		if (b > (long)w - 1)
			b = (long)w - 1;
		if (a > b)
			continue;
		diff[a]++;
		diff[b + 1]--;
	}
	size_t lo = (size_t)(width * 0.25), hi = (size_t)(width * 0.75);
	int cur = 0, best = -1;
	size_t best_a = 0, best_b = 0, run_a = 0;
	int run_v = -1;
	for (size_t x = 0; x <= hi && x < w; x++) {
		cur += diff[x];
		if (x < lo)
			continue;
		if (cur != run_v) {
			run_v = cur;
			run_a = x;
		}
		if (best < 0 || cur < best ||
		    (cur == best && x - run_a > best_b - best_a)) {
			best = cur;
			best_a = run_a;
			best_b = x;
		}
	}
	free(diff);
	if (best < 0)
		return -1;
	double g = (double)(best_a + best_b) / 2.0;
	size_t nl = 0, nr = 0;
	double ly1 = 1e30, ly2 = -1e30, ry1 = 1e30, ry2 = -1e30;
	for (size_t i = 0; i < L->n; i++) {
		const pline *p = &L->v[i];
		if (p->x2 <= g + 1) {
			nl++;
			ly1 = fmin(ly1, p->y1);
			ly2 = fmax(ly2, p->y2);
		} else if (p->x1 >= g - 1) {
			nr++;
			ry1 = fmin(ry1, p->y1);
			ry2 = fmax(ry2, p->y2);
		}
	}
	if (nl < 3 || nr < 3 || (size_t)best * 5 > nl + nr)
		return -1;
	double ov = fmin(ly2, ry2) - fmax(ly1, ry1);
	double mn = fmin(ly2 - ly1, ry2 - ry1);
	if (mn <= 0 || ov < 0.3 * mn)
		return -1;
	return g;
}

/* Reading order key: column band, column, then height. */
static int cmp_y(const void *a, const void *b)
{
	const pline *p = a, *q = b;
	double yp = (p->y1 + p->y2) / 2, yq = (q->y1 + q->y2) / 2;
	if (yp < yq)
		return -1;
	if (yp > yq)
		return 1;
	if (p->x1 < q->x1)
		return -1;
	if (p->x1 > q->x1)
		return 1;
	return p->idx < q->idx ? -1 : p->idx > q->idx;
}

/* After sorting by height: pieces of one visual line left to right (a
 * bounded local pass, so a page of many pieces on one line stays linear). */
static void fix_same_line(pline *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		size_t j = i;
		int steps = 0;
		while (j > 0 && steps++ < 64) {
			pline *a = &v[j - 1], *b = &v[j];
			double ov = fmin(a->y2, b->y2) - fmax(a->y1, b->y1);
			double h = fmin(a->y2 - a->y1, b->y2 - b->y1);
			if (!(h > 0 && ov > 0.5 * h && b->x1 < a->x1))
				break;
			pline t = *a;
			*a = *b;
			*b = t;
			j--;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Footnotes                                                            */
/* ------------------------------------------------------------------ */

static int starts_with_marker(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (!n)
		return 0;
	unsigned char c = (unsigned char)*s;
	if (c >= '0' && c <= '9')
		return 1;
	if (c == '*' || c == '#')
		return 1;
	uint32_t u = u8_get(s);
	switch (u) {
	case 0x2020: case 0x2021: case 0xA7: case 0xB6: case 0x2217: case 0x22C6:
	case 0xB9: case 0xB2: case 0xB3: case 0x2016:
		return 1;
	default:
		return u >= 0x2070 && u <= 0x2079;
	}
}

static size_t count_words(const char *s, size_t n)
{
	size_t w = 0;
	int in = 0;
	for (size_t i = 0; i < n; i++) {
		int sp = s[i] == ' ' || s[i] == '\t';
		if (!sp && !in)
			w++;
		in = !sp;
	}
	return w;
}

/* Does line p open with a superscript marker: a digit (or * †) set
 * smaller than the line's own size, or is it a lone small marker line? */
static int sup_marker(pline *p, const char *text, const double *csize, double body)
{
	if (p->c0 >= p->c1 || !starts_with_marker(text + p->off, p->len))
		return 0;
	/* a note number has at most three digits ("2017)." opens no note) */
	const char *s0 = text + p->off;
	size_t d = 0;
	while (d < p->len && s0[d] >= '0' && s0[d] <= '9')
		d++;
	if (d > 3)
		return 0;
	double ref = p->size > 0 ? p->size : body;
	if (csize[p->c0] > 0 && csize[p->c0] < 0.8 * ref) {
		/* its bytes: the characters set that small (one byte each:
		 * digits and *, else the marker's UTF-8 length) */
		size_t c = p->c0, off = 0;
		const char *s = text + p->off;
		while (c < p->c1 && off < p->len && csize[c] > 0 && csize[c] < 0.8 * ref) {
			off = (size_t)(u8_next(s + off) - s);
			c++;
		}
		p->mark = off;
		return 1;
	}
	return count_words(text + p->off, p->len) == 1 && p->size > 0 && p->size < 0.8 * body;
}

/* Notes set at the body's size (some word-processor templates do): the
 * block of lines at the foot of column col, set apart from the text above
 * by a gap of about two lines (more than a paragraph's), whose first line
 * opens with a superscript marker; each line that does opens a note. */
static void mark_notes_by_gap(pline *v, size_t n, int col, const char *text,
			      const double *csize, double body, double height)
{
	double pitch = body * 1.2;
	size_t i = n, bottom = SIZE_MAX, top = SIZE_MAX, skipped = 0;
	int above = 0; /* a line of this column stands above the block */
	while (i-- > 0) {
		pline *p = &v[i];
		if (p->col != col)
			continue;
		/* a page number under the notes: short, and on a line of its
		 * own (a last note "Ibid., 29." shares its line with its
		 * marker) */
		int beside = 0;
		for (size_t q = i; q-- > 0 && !beside;) {
			if (v[q].col != col)
				continue;
			double ov = fmin(v[q].y2, p->y2) - fmax(v[q].y1, p->y1);
			beside = ov > 0;
			break;
		}
		if (bottom == SIZE_MAX && skipped < 2 && count_words(text + p->off, p->len) <= 3 &&
		    !sup_marker(p, text, csize, body) && !beside) {
			skipped++;
			continue;
		}
		if (top != SIZE_MAX && v[top].y1 - p->y1 > 1.9 * pitch) {
			above = 1;
			break;
		}
		if (p->y1 <= 0.4 * height)
			return;
		if (bottom == SIZE_MAX)
			bottom = i;
		top = i;
	}
	if (top == SIZE_MAX || !above)
		return; /* no text above, or not set apart from it */
	/* the block opens with a marker — or with at most three lines that
	 * go on with the previous page's last note, then a marker */
	size_t first = SIZE_MAX, lines = 0;
	for (size_t k = top; k <= bottom && first == SIZE_MAX && lines <= 3; k++) {
		if (v[k].col != col)
			continue;
		if (sup_marker(&v[k], text, csize, body))
			first = k;
		else
			lines++;
	}
	if (first == SIZE_MAX)
		return;
	for (size_t k = top; k <= bottom; k++)
		if (v[k].col == col)
			v[k].note = k < first ? 3 : 1 + sup_marker(&v[k], text, csize, body);
}

/* Marks the footnote lines of column col (lines v[0..n) sorted by height). */
static void mark_notes(pline *v, size_t n, int col, const char *text,
		       const double *csize, double body, double height)
{
	if (body <= 0)
		return;
	size_t skipped = 0, top = SIZE_MAX;
	size_t i = n;
	while (i-- > 0) {
		pline *p = &v[i];
		if (p->col != col)
			continue;
		int small = p->size > 0 && p->size < 0.92 * body && p->y1 > 0.4 * height;
		if (small) {
			top = i;
			continue;
		}
		if (top == SIZE_MAX && skipped < 2 && count_words(text + p->off, p->len) <= 3) {
			skipped++;
			continue;
		}
		break;
	}
	/* small lines that are only markers ("30" set apart from its note's
	 * text, which is at the body's size): notes at the body's size */
	int text_small = 0;
	for (size_t k = top; top != SIZE_MAX && k < n && !text_small; k++) {
		const pline *p = &v[k];
		if (p->col == col && p->size > 0 && p->size < 0.92 * body && p->y1 > 0.4 * height)
			text_small = count_words(text + p->off, p->len) > 1 ||
				     !starts_with_marker(text + p->off, p->len);
	}
	if (top == SIZE_MAX || !text_small) {
		mark_notes_by_gap(v, n, col, text, csize, body, height);
		return;
	}
	int started = 0;
	for (size_t k = top; k < n; k++) {
		pline *p = &v[k];
		if (p->col != col)
			continue;
		int small = p->size > 0 && p->size < 0.92 * body && p->y1 > 0.4 * height;
		if (!small)
			continue; /* the short lines skipped below the notes */
		if (!started && starts_with_marker(text + p->off, p->len))
			started = 1;
		/* small lines before the first marker stay body: on a
		 * reference list's pages they are the list itself */
		if (started)
			p->note = 1 + starts_with_marker(text + p->off, p->len);
	}
}

/* ------------------------------------------------------------------ */
/* Emitting                                                             */
/* ------------------------------------------------------------------ */

/* Appends line p's text to b: its characters, with a space where two
 * characters stand apart by more than a quarter em and poppler put none. */
static void put_text(buf_t *b, const pline *p, const char *text,
		     const PopplerRectangle *r, const uint32_t *chars, const double *csize)
{
	const char *s = text + p->off, *e = s + p->len;
	const char *run = NULL; /* bytes [run, s) are still to be appended */
	size_t c = p->c0;
	double prev_x2 = -1;
	int prev_space = 1;     /* when 0, a character was appended: b->len > 0 */
	while (s < e && c < p->c1) {
		const char *nx = u8_next(s);
		if (is_space_char(chars[c])) {
			if (run) {
				buf_append(b, run, (size_t)(s - run));
				run = NULL;
			}
			if (!prev_space)
				buf_putc(b, ' ');
			prev_space = 1;
		} else {
			double em = csize[c] > 1 ? csize[c] : 10;
			if (!prev_space && prev_x2 >= 0 && r[c].x1 - prev_x2 > 0.25 * em) {
				if (run) {
					buf_append(b, run, (size_t)(s - run));
					run = NULL;
				}
				buf_putc(b, ' ');
			}
			if (!run)
				run = s;
			prev_space = 0;
			prev_x2 = r[c].x2;
		}
		s = nx;
		c++;
	}
	if (run)
		buf_append(b, run, (size_t)(s - run));
	while (b->len && b->p[b->len - 1] == ' ')
		b->len--;
}

static void flush_line(pdf_state *st, buf_t *b)
{
	if (st->failed)
		return;
	if (buf_failed(b) || quire_source_add_line(st->out, b->p ? b->p : "", b->len))
		st->failed = 1;
	buf_reset(b);
}

typedef struct page_ctx {
	const char *text;
	const PopplerRectangle *r;
	const uint32_t *chars;
	const double *csize;
} page_ctx;

/* Two consecutive pieces on one visual line of one column. */
static int same_line(const pline *a, const pline *b)
{
	double ov = fmin(a->y2, b->y2) - fmax(a->y1, b->y1);
	double h = fmin(a->y2 - a->y1, b->y2 - b->y1);
	double em = fmax(a->size, b->size);
	if (em <= 0)
		em = 10;
	return a->col == b->col && h > 0 && ov > 0.5 * h && b->x1 >= a->x2 - 1 &&
	       b->x1 - a->x2 < 3 * em;
}

/* Emits the body lines of order[0..n) (reading order). */
static void emit_body(pdf_state *st, const page_ctx *pc, pline *const *order, size_t n)
{
	/* the usual baseline distance between consecutive lines of a column */
	double *pitch = malloc((n + 1) * sizeof *pitch);
	size_t np = 0;
	if (!pitch) {
		st->failed = 1;
		return;
	}
	for (size_t i = 1; i < n; i++) {
		const pline *a = order[i - 1], *b = order[i];
		double d = b->y2 - a->y2;
		if (a->col == b->col && d > 0.5 && d < 3 * (a->size > 0 ? a->size : 12) &&
		    fabs(a->size - b->size) < 0.5)
			pitch[np++] = d;
	}
	double usual = 0;
	if (np) {
		/* the median; insertion sort bounded to 256 steps per item */
		for (size_t i = 1; i < np; i++) {
			double x = pitch[i];
			size_t j = i;
			while (j > 0 && pitch[j - 1] > x && i - j < 256) {
				pitch[j] = pitch[j - 1];
				j--;
			}
			pitch[j] = x;
		}
		usual = pitch[np / 2];
	}
	free(pitch);
	buf_t b;
	buf_init(&b);
	const pline *prev = NULL; /* the first piece of the previous output line */
	for (size_t i = 0; i < n && !st->failed; i++) {
		const pline *p = order[i];
		if (i > 0 && same_line(order[i - 1], p)) {
			buf_putc(&b, ' ');
			put_text(&b, p, pc->text, pc->r, pc->chars, pc->csize);
			continue;
		}
		if (i > 0)
			flush_line(st, &b);
		if (prev) {
			int brk = 0;
			if (prev->col != p->col) {
				/* left column to right column runs on; into or out of a
				 * full-width line, a break */
				brk = prev->col == 0 || p->col == 0;
			} else {
				double d = p->y2 - prev->y2;
				if (usual > 0 && d > 1.25 * usual)
					brk = 1;
				if (d < -2 * (prev->size > 0 ? prev->size : 10))
					brk = 1; /* jumped back up: another region */
				if (prev->bold != p->bold)
					brk = 1;
				if (prev->size > 0 && p->size > 0 &&
				    fabs(prev->size - p->size) > 0.15 * fmax(prev->size, p->size))
					brk = 1;
			}
			if (brk)
				flush_line(st, &b);
		}
		/* a first-line indent: further right than the next line of the
		 * column (or, for a column's last line, than the previous one) */
		const pline *ref = NULL;
		for (size_t k = i + 1; k < n && k < i + 8; k++) {
			if (same_line(order[k - 1], order[k]))
				continue;
			if (order[k]->col == p->col)
				ref = order[k];
			break;
		}
		if (!ref && prev && prev->col == p->col)
			ref = prev;
		double em = p->size > 0 ? p->size : 10;
		if (ref && p->x1 - ref->x1 > 0.7 * em && p->x1 - ref->x1 < 3 * em)
			buf_append(&b, "  ", 2);
		put_text(&b, p, pc->text, pc->r, pc->chars, pc->csize);
		prev = p;
	}
	if (n)
		flush_line(st, &b);
	buf_free(&b);
}

/* Bytes of the note marker at the start of s (n bytes), when it is not
 * set smaller than the text (pline.mark covers that case): up to three
 * digits, or a run of * † ‡ § ¶ or superscript digits, then an optional
 * "." or ")" and a space ("1 See", "12. Ibid.", "* Work done"); 0 if none
 * ("2021. All that", "76(5):378" are no markers). */
static size_t marker_len(const char *s, size_t n)
{
	size_t i = 0, digits = 0;
	while (i < n) {
		uint32_t u = (unsigned char)s[i] < 0x80 ? (unsigned char)s[i] : u8_get(s + i);
		int digit = u >= '0' && u <= '9';
		int mark = digit || u == '*' || u == 0x2020 || u == 0x2021 || u == 0xA7 ||
			   u == 0xB6 || u == 0xB9 || u == 0xB2 || u == 0xB3 ||
			   (u >= 0x2070 && u <= 0x2079);
		if (!mark)
			break;
		digits += (size_t)digit;
		i += (size_t)(u8_next(s + i) - (s + i));
	}
	if (!i || digits > 3)
		return 0;
	if (i < n && (s[i] == '.' || s[i] == ')'))
		i++;
	if (i < n && s[i] != ' ')
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* Keeps the page's notes (already in reading order) for the end; a note's
 * marker ("1", "²", "*") is not part of its text. */
static void keep_notes(pdf_state *st, const char *text, pline *const *order, size_t n)
{
	int open = 0;
	const pline *prev = NULL;
	for (size_t i = 0; i < n; i++) {
		const pline *p = order[i];
		if (!p->note)
			continue;
		int joined = prev && same_line(prev, p);
		prev = p;
		const char *s = text + p->off;
		size_t len = p->len;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
			len--;
		while (len && *s == ' ' && !p->mark)
			s++, len--;
		if (!len)
			continue;
		if (open && p->note == 2 && !joined) {
			buf_append(&st->notes, "", 1); /* NUL ends the note */
			open = 0;
		}
		if (!open && p->note == 3 && st->n_notes && st->notes.len &&
		    st->notes.p[st->notes.len - 1] == '\0') {
			/* the previous page's last note goes on: open it again */
			st->notes.len--;
			buf_append(&st->notes, " ", 1);
			buf_append(&st->notes, s, len);
			open = 1;
			continue;
		}
		if (!open && p->note == 2) {
			size_t m = p->mark ? p->mark : marker_len(s, len);
			if (m > len)
				m = len;
			s += m;
			len -= m;
			while (len && *s == ' ')
				s++, len--;
			if (!len)
				continue; /* a marker alone on its line: the text follows */
		}
		if (open)
			buf_append(&st->notes, joined ? " " : "\n", 1);
		buf_append(&st->notes, s, len);
		if (!open)
			st->n_notes++;
		open = 1;
	}
	if (open)
		buf_append(&st->notes, "", 1);
	if (buf_failed(&st->notes))
		st->failed = 1;
}

/* Reads one page into st: body lines now, notes kept for the end. */
static void read_page(pdf_state *st, PopplerPage *page)
{
	const pdf_api *api = st->api;
	double width = 0, height = 0;
	api->poppler_page_get_size(page, &width, &height);
	char *text = api->poppler_page_get_text(page);
	PopplerRectangle *rects = NULL;
	guint nr = 0;
	if (!text)
		return;
	if (!api->poppler_page_get_text_layout(page, &rects, &nr))
		nr = 0;
	size_t tlen = strlen(text);
	uint32_t *chars = NULL;
	double *csize = NULL;
	lvec L = {NULL, 0, 0, 0};
	pline **order = NULL;
	/* The characters (as many as there are rectangles, when the two
	 * agree; else poppler's geometry is unusable) and their sizes. */
	size_t nchars = 0;
	if (nr > 0) {
		chars = malloc((size_t)nr * sizeof *chars);
		csize = calloc((size_t)nr, sizeof *csize);
		if (!chars || !csize) {
			st->failed = 1;
			goto done;
		}
		const char *p = text;
		while (*p && nchars < nr) {
			chars[nchars++] = u8_get(p);
			p = u8_next(p);
		}
		if (*p)
			nchars = nr + 1; /* more characters than rectangles */
	}

	if (nr != nchars || nchars == 0) {
		/* No usable geometry: poppler's own order, line by line. */
		const char *p = text, *e = text + tlen;
		while (p < e) {
			const char *nl = memchr(p, '\n', (size_t)(e - p));
			size_t len = nl ? (size_t)(nl - p) : (size_t)(e - p);
			for (size_t k = 0; k < len; k++)
				if (p[k] != ' ' && p[k] != '\n')
					st->text_chars++;
			if (!st->failed && quire_source_add_line(st->out, p, len))
				st->failed = 1;
			p += len + 1;
		}
		goto done;
	}
	GList *attrs = api->poppler_page_get_text_attributes(page);
	for (GList *l = attrs; l; l = l->next) {
		const PopplerTextAttributes *ta = l->data;
		long a = ta->start_index, b = ta->end_index;
		if (a < 0)
			a = 0;
		/* the sign of the size carries "bold" until the lines are made */
		double sz = ta->font_size > 0 ? ta->font_size : 0.001;
		if (is_bold(ta->font_name))
			sz = -sz;
		for (long c = a; c <= b && (size_t)c < nchars; c++)
			csize[c] = sz;
	}
	api->poppler_page_free_text_attributes(attrs);

	/* lines */
	{
		size_t off = 0, c = 0, line_off = 0, line_c0 = 0;
		while (off <= tlen) {
			if (off == tlen || text[off] == '\n') {
				close_line(&L, text, line_off, off, line_c0, c, rects,
					   chars, csize, width);
				if (off == tlen)
					break;
				off++;
				c++;
				line_off = off;
				line_c0 = c;
				continue;
			}
			off = (size_t)(u8_next(text + off) - text);
			c++;
		}
	}
	if (L.failed) {
		st->failed = 1;
		goto done;
	}
	if (L.n == 0)
		goto done;

	/* sizes: of each line, and the body's */
	double page_hist[SIZE_BINS];
	memset(page_hist, 0, sizeof page_hist);
	for (size_t i = 0; i < L.n; i++)
		line_sizes(&L.v[i], chars, csize, page_hist, &st->text_chars);
	double body = 0, best = 0;
	for (int b = 1; b < SIZE_BINS; b++) {
		st->doc_hist[b] += page_hist[b];
		if (st->doc_hist[b] > best) {
			best = st->doc_hist[b];
			body = b / 2.0;
		}
	}

	/* columns */
	double g = find_gutter(&L, width);
	for (size_t i = 0; i < L.n; i++) {
		pline *p = &L.v[i];
		if (g < 0)
			p->col = 0;
		else if (p->x2 <= g + 1)
			p->col = 1;
		else if (p->x1 >= g - 1)
			p->col = 2;
		else
			p->col = 0;
	}

	qsort(L.v, L.n, sizeof *L.v, cmp_y);
	fix_same_line(L.v, L.n);
	for (int col = 0; col < 3; col++)
		mark_notes(L.v, L.n, col, text, csize, body, height);
	/* lines that would go on with a note when no page had one: body */
	for (size_t i = 0; i < L.n; i++)
		if (L.v[i].note == 3 && !st->n_notes)
			L.v[i].note = 0;

	/* reading order: bands cut by full-width lines, left then right */
	order = malloc(L.n * sizeof *order);
	pline **notes = malloc(L.n * sizeof *notes);
	if (!order || !notes) {
		free(notes);
		st->failed = 1;
		goto done;
	}
	size_t no = 0, nn = 0, band = 0;
	for (size_t i = 0; i <= L.n; i++) {
		if (i == L.n || L.v[i].col == 0) {
			for (int col = 1; col <= 2; col++)
				for (size_t k = band; k < i; k++)
					if (L.v[k].col == col && !L.v[k].note)
						order[no++] = &L.v[k];
			if (i == L.n)
				break;
			if (!L.v[i].note)
				order[no++] = &L.v[i];
			band = i + 1;
		}
	}
	for (int col = 0; col <= 2; col++)
		for (size_t k = 0; k < L.n; k++)
			if (L.v[k].col == col && L.v[k].note)
				notes[nn++] = &L.v[k];
	page_ctx pc = {text, rects, chars, csize};
	emit_body(st, &pc, order, no);
	keep_notes(st, text, notes, nn);
	free(notes);
done:
	free(order);
	free(L.v);
	free(chars);
	free(csize);
	api->g_free(rects);
	api->g_free(text);
}

/* ------------------------------------------------------------------ */
/* Metadata                                                             */
/* ------------------------------------------------------------------ */

static int ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* The title worth keeping, or NULL (s is modified in place). */
static const char *clean_title(char *s)
{
	static const char *const prefix[] = {"Microsoft Word - ", "Microsoft PowerPoint - ",
					     "Microsoft Word-"};
	static const char *const ext[] = {".doc", ".docx", ".pdf", ".tex", ".dvi", ".rtf",
					  ".odt", ".txt", ".ps", ".indd", ".qxd", ".wpd",
					  ".eps", ".html", ".htm", ".md"};
	static const char *const junk[] = {"untitled", "untitled document", "no title",
					   "title", "document", "slide 1", "(anonymous)",
					   "unknown", "none", "default"};
	if (!s)
		return NULL;
	strip(s);
	for (size_t i = 0; i < sizeof prefix / sizeof prefix[0]; i++) {
		size_t k = strlen(prefix[i]);
		if (strncasecmp(s, prefix[i], k) == 0) {
			memmove(s, s + k, strlen(s + k) + 1);
			strip(s);
			/* "Microsoft Word - paper.doc": only a file name left */
			break;
		}
	}
	if (strlen(s) < 3)
		return NULL;
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
		if (strcasecmp(s, junk[i]) == 0)
			return NULL;
	for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++)
		if (ends_with_ci(s, ext[i]))
			return NULL;
	if (strchr(s, '/') || strchr(s, '\\'))
		return NULL;
	/* one token with underscores or digits only: "paper_final_v3", "12345" */
	if (!strchr(s, ' ')) {
		if (strchr(s, '_'))
			return NULL;
		int letters = 0;
		for (const char *p = s; *p; p++)
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
				letters++;
		if (letters < 3)
			return NULL;
	}
	if (!norm_utf8_valid(s, strlen(s), NULL))
		return NULL;
	return s;
}

static int junk_author(const char *s)
{
	static const char *const junk[] = {"administrator", "admin", "user", "owner",
					   "unknown", "author", "default", "root"};
	size_t letters = 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p >= 0x80 || is_ascii_alpha(*p))
			letters++;
	if (letters < 2)
		return 1;
	for (size_t i = 0; i < sizeof junk / sizeof junk[0]; i++)
		if (strcasecmp(s, junk[i]) == 0)
			return 1;
	return 0;
}

/* Splits s in place at each sep into at most max parts (the last holds
 * the rest, as g_strsplit does), each stripped; returns the count. */
static size_t split(char *s, char sep, char **parts, size_t max)
{
	size_t n = 0;
	while (n + 1 < max) {
		char *e = strchr(s, sep);
		if (!e)
			break;
		*e = '\0';
		parts[n++] = strip(s);
		s = e + 1;
	}
	parts[n++] = strip(s);
	return n;
}

static void add_authors(pdf_state *st, char *s)
{
	if (!s || !norm_utf8_valid(s, strlen(s), NULL))
		return;
	/* normalise the separators to ';' */
	for (char *p = s; (p = strstr(p, " and ")) != NULL;) {
		memcpy(p, ";    ", 5);
	}
	for (char *p = s; *p; p++)
		if (*p == '&')
			*p = ';';
	char *parts[64], *cs[64];
	size_t np = split(s, ';', parts, 64);
	for (size_t i = 0; i < np && !st->failed; i++) {
		char *a = parts[i];
		if (!*a)
			continue;
		/* "A B, C D" are two names; "Doe, Jane" is one (a is split only
		 * when every part is a full name; else it is kept whole) */
		size_t len = strlen(a);
		char *copy = malloc(len + 1);
		if (!copy) {
			st->failed = 1;
			break;
		}
		memcpy(copy, a, len + 1);
		size_t nc = split(copy, ',', cs, 64);
		int all_full = nc >= 2;
		for (size_t k = 0; k < nc; k++)
			if (!strchr(cs[k], ' '))
				all_full = 0;
		if (all_full) {
			for (size_t k = 0; k < nc; k++)
				if (!junk_author(cs[k]) && quire_source_add_author(st->out, cs[k]))
					st->failed = 1;
		} else if (!junk_author(a) && quire_source_add_author(st->out, a)) {
			st->failed = 1;
		}
		free(copy);
	}
}

static void read_metadata(pdf_state *st, PopplerDocument *doc)
{
	const pdf_api *api = st->api;
	char *title = api->poppler_document_get_title(doc);
	const char *t = clean_title(title);
	if (t && quire_source_set_title(st->out, t))
		st->failed = 1;
	api->g_free(title);
	char *author = api->poppler_document_get_author(doc);
	add_authors(st, author);
	api->g_free(author);
	time_t when = api->poppler_document_get_creation_date(doc);
	if (when > 0) {
		struct tm tm;
		char d[32];
		if (gmtime_r(&when, &tm) && tm.tm_year + 1900 >= 1980 &&
		    tm.tm_year + 1900 <= 9999) {
			snprintf(d, sizeof d, "%04d-%02d-%02d", tm.tm_year + 1900,
				 tm.tm_mon + 1, tm.tm_mday);
			if (quire_source_set_date(st->out, d))
				st->failed = 1;
		}
	}
}

/* ------------------------------------------------------------------ */

quire_status rd_pdf_read(const unsigned char *bytes, size_t n,
			 quire_source *out, quire_error *err)
{
	if (n > (size_t)G_MAXSSIZE)
		return quire_error_set(err, QUIRE_ELIMIT, "the PDF is too large");
	pdf_api api;
	quire_status rc = pdf_api_open(&api, err);
	if (rc)
		return rc;
	GBytes *gb = api.g_bytes_new_static(bytes, n);
	GError *gerr = NULL;
	PopplerDocument *doc = api.poppler_document_new_from_bytes(gb, NULL, &gerr);
	api.g_bytes_unref(gb);
	if (!doc) {
		int enc = gerr && gerr->domain == api.poppler_error_quark() &&
			  gerr->code == POPPLER_ERROR_ENCRYPTED;
		if (gerr)
			api.g_error_free(gerr);
		dlclose(api.lib);
		if (enc)
			return quire_error_set(err, QUIRE_EINPUT, "the PDF is password-protected");
		return quire_error_set(err, QUIRE_EINPUT,
				       "the PDF is damaged and cannot be read");
	}
	pdf_state *st = calloc(1, sizeof *st);
	if (!st) {
		api.g_object_unref(doc);
		dlclose(api.lib);
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	}
	st->api = &api;
	st->out = out;
	buf_init(&st->notes);
	int pages = api.poppler_document_get_n_pages(doc);
	if (pages <= 0) {
		rc = quire_error_set(err, QUIRE_EINPUT, "the PDF has no pages");
		goto done;
	}
	if (pages > RD_PDF_MAX_PAGES) {
		rc = quire_error_set(err, QUIRE_ELIMIT,
				     "the PDF has %d pages, more than the %d quire reads",
				     pages, RD_PDF_MAX_PAGES);
		goto done;
	}
	if (quire_source_set_format(out, "pdf", "UTF-8") ||
	    quire_source_set_pages(out, (unsigned)pages))
		st->failed = 1;
	read_metadata(st, doc);
	for (int i = 0; i < pages && !st->failed; i++) {
		PopplerPage *page = api.poppler_document_get_page(doc, i);
		if (i > 0 && quire_source_add_page_break(out))
			st->failed = 1;
		if (!page)
			continue;
		read_page(st, page);
		api.g_object_unref(page);
	}
	if (!st->failed && st->text_chars == 0) {
		rc = quire_error_set(err, QUIRE_EINPUT,
				     "the PDF has no text layer (a scanned document?); "
				     "OCR is not supported");
		goto done;
	}
	/* the notes, at the end */
	const char *p = st->notes.p, *e = p ? p + st->notes.len : NULL;
	while (!st->failed && p && p < e) {
		size_t len = strlen(p);
		if (quire_source_add_block(out, QUIRE_BLOCK_NOTE, 0, p, len))
			st->failed = 1;
		p += len + 1;
	}
	if (st->failed)
		rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
done:
	buf_free(&st->notes);
	free(st);
	api.g_object_unref(doc);
	dlclose(api.lib);
	return rc;
}
