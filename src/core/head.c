/*
 * head.c — is a line a section heading, and of what level? (see head.h)
 *
 * A heading that is not one splits a paragraph in two where every reader
 * sees it, while a heading missed only costs an outline entry, so every
 * rule here leans towards "no":
 *
 *   - a line longer than HEAD_MAX_CHARS code points, ending with a hyphen
 *     (a wrapped word), holding no letter (a page number), or shaped like a
 *     reference entry (a year with commas around it, "…, 2001.") is never a
 *     heading;
 *   - a numbered heading ("2.1 Method", "IV. Conclusion", "Chapter 3")
 *     may open a chunk that goes on with text, but its words after the
 *     number must be few (HEAD_MAX_WORDS), start with a capital, and hold no
 *     sentence end: "1. The first point is that we …" is a list item;
 *   - an all-caps line (letters with case, nearly all upper) is level 1;
 *   - a title-case line is a heading only when it stands alone, is in a
 *     Latin script, and most of its significant words are capitalised
 *     ("What Is an Essay?", "Method:"); small words (of, and, the, de, la,
 *     und …) may stay lower case.
 *
 * Levels: "1." / "I." / "Chapter" / "Part" / all caps → 1; "1.2" / "A." /
 * title case → 2; "1.2.3" → 3, and so on up to 6.  Work is bounded by the
 * line length cap: nothing here looks past HEAD_MAX_BYTES.
 */
#include "head.h"

#include <string.h>

#include <utf8proc.h>

#include "uchar.h"

#define HEAD_MAX_CHARS 100  /* code points */
#define HEAD_MAX_BYTES 400  /* 100 code points of at most 4 bytes */
#define HEAD_MAX_WORDS 12

/* ---- small character helpers ------------------------------------- */

static int head_isdigit(int c) { return c >= '0' && c <= '9'; }
static int head_isupper_ascii(int c) { return c >= 'A' && c <= 'Z'; }

/* Latin letters: Basic Latin, Latin-1, Extended-A/B, IPA, Extended
 * Additional. */
static int head_is_latin(int32_t cp)
{
	return (cp >= 'A' && cp <= 'z') || (cp >= 0xC0 && cp < 0x2B0) ||
	       (cp >= 0x1E00 && cp < 0x1F00);
}

/* ---- numbering ----------------------------------------------------- */

/* Length of a run of roman-numeral capitals (I V X L C) at s[0..n). */
static size_t head_roman_run(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] && strchr("IVXLC", s[i]))
		i++;
	return i;
}

/* Non-zero if s[i..n) is the end of the string or a space. */
static int head_at_break(const char *s, size_t n, size_t i)
{
	return i == n || s[i] == ' ';
}

/* Case-insensitive ASCII prefix match of word w followed by a space. */
static int head_word_prefix(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n <= k || s[k] != ' ')
		return 0;
	for (size_t i = 0; i < k; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return 0;
	}
	return 1;
}

int head_numbered(const char *s, size_t n, size_t *num_len, int *level)
{
	size_t nl = 0;
	int lv = 0;

	if (n > HEAD_MAX_BYTES)
		n = HEAD_MAX_BYTES;
	if (n == 0)
		return 0;

	/* "Chapter 3", "Part II", "Book 2", "Appendix A", "Section 4.1" */
	static const char *const words[] = {"chapter", "part", "book",
					    "appendix", "section"};
	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		if (!head_word_prefix(s, n, words[w]))
			continue;
		size_t i = strlen(words[w]) + 1;
		size_t j = i;
		int dots = 0;
		while (j < n && (head_isdigit(s[j]) ||
				 (s[j] == '.' && j + 1 < n && head_isdigit(s[j + 1])))) {
			dots += s[j] == '.';
			j++;
		}
		if (j == i) {
			j = i + head_roman_run(s + i, n - i);
			if (j == i && i < n && head_isupper_ascii(s[i]))
				j = i + 1; /* "Appendix A" */
		}
		if (j == i || j - i > 7)
			return 0;
		if (j < n && (s[j] == '.' || s[j] == ':'))
			j++;
		if (!head_at_break(s, n, j))
			return 0;
		nl = j;
		lv = w == 4 ? 1 + dots : 1;
		goto done;
	}

	/* "§ 2", "§2.1" */
	if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA7) {
		size_t i = 2;
		if (i < n && s[i] == ' ')
			i++;
		size_t j = i;
		int parts = 0;
		while (j < n && head_isdigit(s[j])) {
			size_t k = j;
			while (k < n && head_isdigit(s[k]))
				k++;
			if (k - j > 3)
				return 0;
			parts++;
			j = k;
			if (j + 1 < n && s[j] == '.' && head_isdigit(s[j + 1]))
				j++;
			else
				break;
		}
		if (parts == 0)
			return 0;
		if (j < n && s[j] == '.')
			j++;
		if (!head_at_break(s, n, j))
			return 0;
		nl = j;
		lv = parts;
		goto done;
	}

	/* Arabic: "1", "1.", "1.2", "1.2.3", "2.1.", "3)" */
	if (head_isdigit(s[0])) {
		size_t j = 0;
		int parts = 0;
		for (;;) {
			size_t k = j;
			while (k < n && head_isdigit(s[k]))
				k++;
			if (k == j || k - j > 2)
				return 0; /* "2001" is a year, not a number */
			parts++;
			j = k;
			if (j + 1 < n && s[j] == '.' && head_isdigit(s[j + 1])) {
				j++;
				continue;
			}
			break;
		}
		if (j < n && (s[j] == '.' || s[j] == ')'))
			j++;
		if (!head_at_break(s, n, j))
			return 0;
		nl = j;
		lv = parts;
		goto done;
	}

	/* Roman "IV.", "II)"; a letter "A.", "B)". */
	if (head_isupper_ascii(s[0])) {
		size_t r = head_roman_run(s, n);
		if (r >= 1 && r <= 7 && r < n && (s[r] == '.' || s[r] == ')') &&
		    head_at_break(s, n, r + 1) &&
		    (r > 1 || s[0] == 'I' || s[0] == 'V' || s[0] == 'X')) {
			nl = r + 1;
			lv = 1;
			goto done;
		}
		if (n >= 2 && (s[1] == '.' || s[1] == ')') && head_at_break(s, n, 2)) {
			nl = 2;
			lv = 2;
			goto done;
		}
	}
	return 0;
done:
	if (lv < 1)
		lv = 1;
	if (lv > 6)
		lv = 6;
	if (num_len)
		*num_len = nl;
	if (level)
		*level = lv;
	return 1;
}

/* ---- what the line is made of ------------------------------------ */

typedef struct head_shape {
	size_t chars;     /* code points */
	size_t letters;   /* letters of any script */
	size_t upper;     /* upper/title-case letters */
	size_t lower;     /* lower-case letters */
	size_t nonspace;  /* code points that are not spaces */
	size_t digits;
	size_t words;
	int latin_first;  /* the first letter is Latin */
	int bad;          /* invalid UTF-8 */
} head_shape;

static void head_measure(const char *s, size_t n, head_shape *h)
{
	int in_word = 0, seen_letter = 0;
	memset(h, 0, sizeof *h);
	for (size_t i = 0; i < n;) {
		size_t k;
		int32_t cp = uc_at(s, n, i, &k);
		i += k;
		h->chars++;
		if (cp < 0)
			h->bad = 1;
		if (cp == ' ') {
			in_word = 0;
			continue;
		}
		h->nonspace++;
		if (!in_word)
			h->words++;
		in_word = 1;
		if (head_isdigit(cp))
			h->digits++;
		if (uc_is_letter(cp)) {
			if (!seen_letter)
				h->latin_first = head_is_latin(cp);
			seen_letter = 1;
			h->letters++;
			if (uc_is_upper(cp))
				h->upper++;
			else if (uc_is_lower(cp))
				h->lower++;
		}
	}
}

/* Non-zero if s holds a year-like number 1400–2099 standing alone. */
static int head_has_year(const char *s, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++) {
		if (i > 0 && head_isdigit(s[i - 1]))
			continue;
		if (!head_isdigit(s[i]) || !head_isdigit(s[i + 1]) ||
		    !head_isdigit(s[i + 2]) || !head_isdigit(s[i + 3]))
			continue;
		if (i + 4 < n && head_isdigit(s[i + 4]))
			continue;
		if ((s[i] == '1' && s[i + 1] >= '4') ||
		    (s[i] == '2' && s[i + 1] == '0'))
			return 1;
	}
	return 0;
}

/* A reference entry rather than a heading: a year with a comma in the
 * line, or a line ending with a year and a period ("…, 2001."). */
static int head_looks_like_reference(const char *s, size_t n)
{
	if (!head_has_year(s, n))
		return 0;
	if (memchr(s, ',', n))
		return 1;
	return n >= 5 && s[n - 1] == '.' && head_isdigit(s[n - 2]);
}

/* Non-zero if s[0..n) holds ". X" (a sentence end inside the line). */
static int head_has_sentence_end(const char *s, size_t n)
{
	for (size_t i = 1; i + 2 < n; i++) {
		if (s[i] != '.' || s[i + 1] != ' ')
			continue;
		size_t k;
		int32_t cp = uc_at(s, n, i + 2, &k);
		if (!uc_is_upper(cp))
			continue;
		/* "Dr. Smith", "vs. Them", "J. Smith": a short word before */
		size_t b = i;
		while (b > 0 && s[b - 1] != ' ')
			b--;
		if (i - b <= 2)
			continue;
		static const char *const abbr[] = {"vs", "Dr", "Mr", "Mrs", "St",
						   "Ms", "Prof", "No", "Vol", "cf"};
		int is_abbr = 0;
		for (size_t a = 0; a < sizeof abbr / sizeof *abbr; a++)
			if (strlen(abbr[a]) == i - b && !memcmp(s + b, abbr[a], i - b))
				is_abbr = 1;
		if (!is_abbr)
			return 1;
	}
	return 0;
}

/* Words that may stay lower case in a title. */
static int head_small_word(const char *w, size_t n)
{
	static const char *const small[] = {
		"a", "an", "the", "of", "and", "or", "nor", "but", "in", "on",
		"at", "to", "for", "by", "with", "from", "into", "as", "vs",
		"vs.", "via", "per", "than", "is", "are", "be", "de", "del",
		"della", "des", "du", "la", "le", "les", "el", "los", "las",
		"y", "e", "et", "en", "und", "der", "die", "das", "den", "dem",
		"im", "zu", "zum", "zur", "von", "van", "auf", "di", "da", "il",
		"o", "um", "uma", "do", "dos", "das", "com", "sur", "aux", "au",
		"con", "por", "para", "al", "versus", "upon", "about"};
	for (size_t i = 0; i < sizeof small / sizeof *small; i++)
		if (strlen(small[i]) == n && !memcmp(small[i], w, n))
			return 1;
	return 0;
}

/* Is the last word of s a small word (a line wrapped mid-phrase)? */
static int head_ends_with_small_word(const char *s, size_t n)
{
	size_t b = n;
	while (b > 0 && s[b - 1] != ' ')
		b--;
	return b > 0 && head_small_word(s + b, n - b);
}

/*
 * Title case: the first word capitalised, and at least three quarters of
 * the significant words (not small words, not numbers) capitalised.
 */
static int head_title_case(const char *s, size_t n)
{
	size_t sig = 0, cap = 0, word = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		size_t b = i;
		while (i < n && s[i] != ' ')
			i++;
		/* the first letter of the word, past quotes and brackets */
		size_t j = b, k = 1;
		int32_t cp = -1;
		while (j < i) {
			cp = uc_at(s, i, j, &k);
			if (uc_is_letter(cp) || head_isdigit(cp))
				break;
			j += k;
			cp = -1;
		}
		word++;
		if (cp < 0 || head_isdigit(cp))
			continue;
		int up = uc_is_upper(cp);
		if (word == 1) {
			if (!up)
				return 0;
			sig++, cap++;
			continue;
		}
		if (!up && head_small_word(s + j, i - j))
			continue;
		sig++;
		cap += up != 0;
	}
	return sig > 0 && cap * 4 >= sig * 3;
}

/* A caption ("Table 3", "Figure 2.1", "Fig. 4") stands alone like a
 * heading but is not one. */
static int head_is_caption(const char *s, size_t n)
{
	static const char *const cap[] = {"Table ", "Figure ", "Fig. ",
					  "Plate ", "Map ", "Chart "};
	for (size_t i = 0; i < sizeof cap / sizeof *cap; i++) {
		size_t k = strlen(cap[i]);
		if (n > k && !memcmp(s, cap[i], k) && head_isdigit(s[k]))
			return 1;
	}
	return 0;
}

int head_level(const char *s, size_t n, const head_ctx *ctx)
{
	head_ctx none = {0, 0, 0};
	head_shape h;

	if (!ctx)
		ctx = &none;
	if (!s || n == 0 || n > HEAD_MAX_BYTES)
		return 0;
	if (!ctx->alone && !ctx->first_of_chunk)
		return 0;
	head_measure(s, n, &h);
	if (h.bad || h.chars > HEAD_MAX_CHARS || h.letters == 0)
		return 0;
	char last = s[n - 1];
	if (last == '-' || last == ',' || last == ';')
		return 0;
	if (head_looks_like_reference(s, n) || head_is_caption(s, n))
		return 0;
	if (memmem(s, n, "://", 3) || memmem(s, n, "www.", 4) ||
	    memmem(s, n, "Www.", 4) || memchr(s, '@', n) || memchr(s, '=', n))
		return 0;

	/* numbered */
	size_t nl = 0;
	int lv = 0;
	if (head_numbered(s, n, &nl, &lv)) {
		const char *r = s + nl;
		size_t rn = n - nl;
		while (rn > 0 && *r == ' ')
			r++, rn--;
		if (rn == 0) {
			/* a bare number: only "IV." or "Chapter 3" on a line alone */
			if (!ctx->alone || head_isdigit(s[0]) ||
			    (nl == 2 && !strchr("IVX", s[0])))
				return 0;
			return lv;
		}
		head_shape hr;
		head_measure(r, rn, &hr);
		if (hr.words > HEAD_MAX_WORDS || hr.letters == 0)
			return 0;
		size_t k;
		int32_t cp = uc_at(r, rn, 0, &k);
		if (uc_is_lower(cp))
			return 0;
		if (!uc_is_letter(cp) && cp != 0x201C && cp != '"' && cp != 0x2018)
			return 0;
		if (r[rn - 1] == '.' || head_has_sentence_end(r, rn))
			return 0;
		if (head_ends_with_small_word(r, rn))
			return 0;
		/* opening a chunk: a line nearly as long as the next one is the
		 * first line of a wrapped list item, not a heading */
		if (!ctx->alone && ctx->next_len > 0 && n >= 50 &&
		    n * 10 >= ctx->next_len * 8)
			return 0;
		/* "A. Smith" could be an initial: a letter numbering needs the
		 * line to stand alone or be short */
		if (lv == 2 && nl == 2 && !head_isdigit(s[0]) && !ctx->alone &&
		    hr.words > 6)
			return 0;
		return lv;
	}

	if (head_isdigit(s[0]) || h.letters < 2)
		return 0;

	/* all caps */
	if (h.letters >= 2 && h.upper >= 2 && h.lower * 10 <= h.upper &&
	    h.letters * 2 >= h.nonspace && h.words <= HEAD_MAX_WORDS) {
		if (head_roman_run(s, n) == n)
			return 0; /* "XIV": a page number */
		if (head_has_sentence_end(s, n))
			return 0;
		if (!ctx->alone && ctx->next_len > 0 && n >= 50 &&
		    n * 10 >= ctx->next_len * 8)
			return 0;
		return 1;
	}

	/* title case, standing alone */
	if (!ctx->alone || !h.latin_first || h.words > HEAD_MAX_WORDS)
		return 0;
	if (last == '.' || head_has_sentence_end(s, n))
		return 0;
	if (h.letters * 2 < h.nonspace || h.digits * 3 > h.nonspace)
		return 0;
	if (head_ends_with_small_word(s, n))
		return 0;
	if (!head_title_case(s, n))
		return 0;
	return 2;
}
