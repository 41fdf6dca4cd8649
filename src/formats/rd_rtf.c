/*
 * rd_rtf.c — the RTF reader (a bounded tokenizer of our own; Debian has
 * no good C library for RTF).
 *
 * One pass over the bytes, no recursion: groups '{' '}' push and pop a
 * copy of the group state (destination, \uc count, font, hidden/deleted,
 * paragraph properties) on a heap stack limited to RTF_MAX_DEPTH groups
 * (deeper: QUIRE_ELIMIT "RTF nested too deeply").  Work is linear in the
 * input; the text made is at most 3 bytes of UTF-8 per input byte.
 *
 * Tokens: control words (letters, at most 32 of them — a longer name is
 * consumed and ignored — then an optional signed number, clamped, then
 * one optional space), control symbols (\~ NBSP, \- dropped, \_ '-',
 * \{ \} \\ literal, \'hh a byte in the current code page, \* the next
 * word is an ignorable destination, backslash-newline a \par), \binN
 * (N raw bytes skipped, whatever the destination, bounded by the input)
 * and \uN (N signed 16-bit, negative N + 65536, surrogate pairs joined,
 * then the \ucN fallback characters skipped; each \'hh, raw character or
 * control word counts as one, a brace ends the skipping).
 *
 * Code pages: the document's (\ansi 1252, \ansicpgN, \mac, \pc, \pca)
 * and each font's (\fcharsetN or \cpgN in \fonttbl; \deffN and \fN pick
 * the font) decode \'hh and raw 8-bit bytes.  Tables for 1250-1258, 874,
 * 437, 850 and Mac Roman (generated from Python's codecs); bytes a table
 * leaves undefined are dropped.  The double-byte pages 932/936/949/950
 * have no tables: each two-byte character becomes U+FFFD (half-width
 * katakana of 932 are decoded) and a remark counts them — Word writes
 * such text as \uN anyway, with the bytes only as fallback.  Any other
 * code page is read as Windows-1252, with a remark.  The Symbol charset
 * is read as 1252 without a remark (it carries bullets).
 *
 * Destinations: \fonttbl (parsed for code pages and monospace families),
 * \stylesheet (style names → kinds: "heading N" or \outlinelevelN →
 * HEADING, "Title" → TITLE, "Bibliography…" → REFERENCE, "Quote",
 * "Quotations", "Block Text" → QUOTE, "List…" → LIST_ITEM, "Preformatted
 * Text", "Source Text", "HTML Preformatted" → CODE; "Subtitle" stays a
 * paragraph), \info (\title, \author, \creatim \yr \mo \dy → metadata),
 * \footnote (one NOTE block each, emitted after the body), \field (the
 * \fldrslt text is kept, \fldinst dropped).  Skipped: \colortbl, list
 * tables, headers and footers, \pict and \object (counted in the remark),
 * \annotation (comments, counted), bullet/number text (\pntext,
 * \listtext: the paragraph becomes a list item), and every \*\unknown.
 * Hidden (\v) and deleted (\deleted) text is dropped.
 *
 * Paragraphs: \par ends one (its kind is decided by the properties in
 * force at the \par), \pard resets the properties, \line is '\n' inside
 * the block, \tab a tab, \page and \column nothing (RTF pages are not
 * reliable, so no page breaks are emitted).  Kind, in order: a Title
 * style; \outlinelevel 0-8 (→ levels 1-6); a heading style; a list (\lsN,
 * \pntext, \listtext or a list style; level \ilvlN + 1); quote, reference
 * and code styles.  Then what pandoc writes, which has no styles: a
 * hanging-indent paragraph opening with a bullet or "1." and a tab is a
 * list item (the marker dropped, level from \li in 360-twip steps); one
 * all in a monospace (\fmodern) font is CODE; one indented by 567 twips or
 * more without a hanging indent is a QUOTE; the first paragraph of the
 * document, when centred and title-shaped, is the TITLE.  Tables: \cell
 * is " | ", \row a line end, the table one block of kind NONE.  A
 * document whose every paragraph is CODE is a text file that LibreOffice
 * opened and saved (its text import styles each line "Preformatted
 * Text"): its paragraphs go to the core as plain lines, blank ones kept,
 * so it reads as the text file would.  Only the first \author of \info
 * is taken (LibreOffice writes the same name twice).
 *
 * Broken input: a stray '}' that would close the outermost group while
 * more than white space follows is ignored; input that ends inside groups
 * is read up to its end (remark "the RTF ends early").
 */
#include "formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decode.h"

#define RTF_MAX_DEPTH 1000
#define RTF_MAX_NAME 32
#define RTF_NFONTS 32768
#define RTF_NSTYLES 32768
#define RTF_META_MAX 4096   /* bytes of an \info title or author kept */
#define RTF_STYLE_NAME_MAX 128

/* Code-page tables for bytes 0x80..0xFF (0: undefined, dropped). */
static const unsigned short cp_1250[128] = {
	0x20AC, 0x0000, 0x201A, 0x0000, 0x201E, 0x2026, 0x2020, 0x2021,
	0x0000, 0x2030, 0x0160, 0x2039, 0x015A, 0x0164, 0x017D, 0x0179,
	0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x0000, 0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A,
	0x00A0, 0x02C7, 0x02D8, 0x0141, 0x00A4, 0x0104, 0x00A6, 0x00A7,
	0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
	0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	0x00B8, 0x0105, 0x015F, 0x00BB, 0x013D, 0x02DD, 0x013E, 0x017C,
	0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
	0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E,
	0x0110, 0x0143, 0x0147, 0x00D3, 0x00D4, 0x0150, 0x00D6, 0x00D7,
	0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
	0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7,
	0x010D, 0x00E9, 0x0119, 0x00EB, 0x011B, 0x00ED, 0x00EE, 0x010F,
	0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
	0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9,
};
static const unsigned short cp_1251[128] = {
	0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021,
	0x20AC, 0x2030, 0x0409, 0x2039, 0x040A, 0x040C, 0x040B, 0x040F,
	0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x0000, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F,
	0x00A0, 0x040E, 0x045E, 0x0408, 0x00A4, 0x0490, 0x00A6, 0x00A7,
	0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
	0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7,
	0x0451, 0x2116, 0x0454, 0x00BB, 0x0458, 0x0405, 0x0455, 0x0457,
	0x0410, 0x0411, 0x0412, 0x0413, 0x0414, 0x0415, 0x0416, 0x0417,
	0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E, 0x041F,
	0x0420, 0x0421, 0x0422, 0x0423, 0x0424, 0x0425, 0x0426, 0x0427,
	0x0428, 0x0429, 0x042A, 0x042B, 0x042C, 0x042D, 0x042E, 0x042F,
	0x0430, 0x0431, 0x0432, 0x0433, 0x0434, 0x0435, 0x0436, 0x0437,
	0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E, 0x043F,
	0x0440, 0x0441, 0x0442, 0x0443, 0x0444, 0x0445, 0x0446, 0x0447,
	0x0448, 0x0449, 0x044A, 0x044B, 0x044C, 0x044D, 0x044E, 0x044F,
};
static const unsigned short cp_1252[128] = {
	0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x0000, 0x017D, 0x0000,
	0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x017E, 0x0178,
	0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
	0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
	0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
	0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
	0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
	0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
	0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
	0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
	0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
	0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};
static const unsigned short cp_1253[128] = {
	0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x0000, 0x2030, 0x0000, 0x2039, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x0000, 0x2122, 0x0000, 0x203A, 0x0000, 0x0000, 0x0000, 0x0000,
	0x00A0, 0x0385, 0x0386, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
	0x00A8, 0x00A9, 0x0000, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x2015,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x0384, 0x00B5, 0x00B6, 0x00B7,
	0x0388, 0x0389, 0x038A, 0x00BB, 0x038C, 0x00BD, 0x038E, 0x038F,
	0x0390, 0x0391, 0x0392, 0x0393, 0x0394, 0x0395, 0x0396, 0x0397,
	0x0398, 0x0399, 0x039A, 0x039B, 0x039C, 0x039D, 0x039E, 0x039F,
	0x03A0, 0x03A1, 0x0000, 0x03A3, 0x03A4, 0x03A5, 0x03A6, 0x03A7,
	0x03A8, 0x03A9, 0x03AA, 0x03AB, 0x03AC, 0x03AD, 0x03AE, 0x03AF,
	0x03B0, 0x03B1, 0x03B2, 0x03B3, 0x03B4, 0x03B5, 0x03B6, 0x03B7,
	0x03B8, 0x03B9, 0x03BA, 0x03BB, 0x03BC, 0x03BD, 0x03BE, 0x03BF,
	0x03C0, 0x03C1, 0x03C2, 0x03C3, 0x03C4, 0x03C5, 0x03C6, 0x03C7,
	0x03C8, 0x03C9, 0x03CA, 0x03CB, 0x03CC, 0x03CD, 0x03CE, 0x0000,
};
static const unsigned short cp_1254[128] = {
	0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x0000, 0x0000, 0x0000,
	0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x0000, 0x0000, 0x0178,
	0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
	0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
	0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
	0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
	0x011E, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
	0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x0130, 0x015E, 0x00DF,
	0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
	0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
	0x011F, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
	0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x0131, 0x015F, 0x00FF,
};
static const unsigned short cp_1255[128] = {
	0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0000, 0x2039, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0000, 0x203A, 0x0000, 0x0000, 0x0000, 0x0000,
	0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x20AA, 0x00A5, 0x00A6, 0x00A7,
	0x00A8, 0x00A9, 0x00D7, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	0x00B8, 0x00B9, 0x00F7, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
	0x05B0, 0x05B1, 0x05B2, 0x05B3, 0x05B4, 0x05B5, 0x05B6, 0x05B7,
	0x05B8, 0x05B9, 0x0000, 0x05BB, 0x05BC, 0x05BD, 0x05BE, 0x05BF,
	0x05C0, 0x05C1, 0x05C2, 0x05C3, 0x05F0, 0x05F1, 0x05F2, 0x05F3,
	0x05F4, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05D4, 0x05D5, 0x05D6, 0x05D7,
	0x05D8, 0x05D9, 0x05DA, 0x05DB, 0x05DC, 0x05DD, 0x05DE, 0x05DF,
	0x05E0, 0x05E1, 0x05E2, 0x05E3, 0x05E4, 0x05E5, 0x05E6, 0x05E7,
	0x05E8, 0x05E9, 0x05EA, 0x0000, 0x0000, 0x200E, 0x200F, 0x0000,
};
static const unsigned short cp_1256[128] = {
	0x20AC, 0x067E, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0679, 0x2039, 0x0152, 0x0686, 0x0698, 0x0688,
	0x06AF, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x06A9, 0x2122, 0x0691, 0x203A, 0x0153, 0x200C, 0x200D, 0x06BA,
	0x00A0, 0x060C, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
	0x00A8, 0x00A9, 0x06BE, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	0x00B8, 0x00B9, 0x061B, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x061F,
	0x06C1, 0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627,
	0x0628, 0x0629, 0x062A, 0x062B, 0x062C, 0x062D, 0x062E, 0x062F,
	0x0630, 0x0631, 0x0632, 0x0633, 0x0634, 0x0635, 0x0636, 0x00D7,
	0x0637, 0x0638, 0x0639, 0x063A, 0x0640, 0x0641, 0x0642, 0x0643,
	0x00E0, 0x0644, 0x00E2, 0x0645, 0x0646, 0x0647, 0x0648, 0x00E7,
	0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0649, 0x064A, 0x00EE, 0x00EF,
	0x064B, 0x064C, 0x064D, 0x064E, 0x00F4, 0x064F, 0x0650, 0x00F7,
	0x0651, 0x00F9, 0x0652, 0x00FB, 0x00FC, 0x200E, 0x200F, 0x06D2,
};
static const unsigned short cp_1257[128] = {
	0x20AC, 0x0000, 0x201A, 0x0000, 0x201E, 0x2026, 0x2020, 0x2021,
	0x0000, 0x2030, 0x0000, 0x2039, 0x0000, 0x00A8, 0x02C7, 0x00B8,
	0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x0000, 0x2122, 0x0000, 0x203A, 0x0000, 0x00AF, 0x02DB, 0x0000,
	0x00A0, 0x0000, 0x00A2, 0x00A3, 0x00A4, 0x0000, 0x00A6, 0x00A7,
	0x00D8, 0x00A9, 0x0156, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00C6,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	0x00F8, 0x00B9, 0x0157, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00E6,
	0x0104, 0x012E, 0x0100, 0x0106, 0x00C4, 0x00C5, 0x0118, 0x0112,
	0x010C, 0x00C9, 0x0179, 0x0116, 0x0122, 0x0136, 0x012A, 0x013B,
	0x0160, 0x0143, 0x0145, 0x00D3, 0x014C, 0x00D5, 0x00D6, 0x00D7,
	0x0172, 0x0141, 0x015A, 0x016A, 0x00DC, 0x017B, 0x017D, 0x00DF,
	0x0105, 0x012F, 0x0101, 0x0107, 0x00E4, 0x00E5, 0x0119, 0x0113,
	0x010D, 0x00E9, 0x017A, 0x0117, 0x0123, 0x0137, 0x012B, 0x013C,
	0x0161, 0x0144, 0x0146, 0x00F3, 0x014D, 0x00F5, 0x00F6, 0x00F7,
	0x0173, 0x0142, 0x015B, 0x016B, 0x00FC, 0x017C, 0x017E, 0x02D9,
};
static const unsigned short cp_1258[128] = {
	0x20AC, 0x0000, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0000, 0x2039, 0x0152, 0x0000, 0x0000, 0x0000,
	0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0000, 0x203A, 0x0153, 0x0000, 0x0000, 0x0178,
	0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
	0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
	0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
	0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
	0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
	0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
	0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
	0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
	0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
	0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
	0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,
	0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
};
static const unsigned short cp_874[128] = {
	0x20AC, 0x0000, 0x0000, 0x0000, 0x0000, 0x2026, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x00A0, 0x0E01, 0x0E02, 0x0E03, 0x0E04, 0x0E05, 0x0E06, 0x0E07,
	0x0E08, 0x0E09, 0x0E0A, 0x0E0B, 0x0E0C, 0x0E0D, 0x0E0E, 0x0E0F,
	0x0E10, 0x0E11, 0x0E12, 0x0E13, 0x0E14, 0x0E15, 0x0E16, 0x0E17,
	0x0E18, 0x0E19, 0x0E1A, 0x0E1B, 0x0E1C, 0x0E1D, 0x0E1E, 0x0E1F,
	0x0E20, 0x0E21, 0x0E22, 0x0E23, 0x0E24, 0x0E25, 0x0E26, 0x0E27,
	0x0E28, 0x0E29, 0x0E2A, 0x0E2B, 0x0E2C, 0x0E2D, 0x0E2E, 0x0E2F,
	0x0E30, 0x0E31, 0x0E32, 0x0E33, 0x0E34, 0x0E35, 0x0E36, 0x0E37,
	0x0E38, 0x0E39, 0x0E3A, 0x0000, 0x0000, 0x0000, 0x0000, 0x0E3F,
	0x0E40, 0x0E41, 0x0E42, 0x0E43, 0x0E44, 0x0E45, 0x0E46, 0x0E47,
	0x0E48, 0x0E49, 0x0E4A, 0x0E4B, 0x0E4C, 0x0E4D, 0x0E4E, 0x0E4F,
	0x0E50, 0x0E51, 0x0E52, 0x0E53, 0x0E54, 0x0E55, 0x0E56, 0x0E57,
	0x0E58, 0x0E59, 0x0E5A, 0x0E5B, 0x0000, 0x0000, 0x0000, 0x0000,
};
static const unsigned short cp_437[128] = {
	0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
	0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
	0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
	0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
	0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
	0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
	0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
	0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
	0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
	0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
	0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
	0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
	0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
	0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
	0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
};
static const unsigned short cp_850[128] = {
	0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
	0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
	0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
	0x00FF, 0x00D6, 0x00DC, 0x00F8, 0x00A3, 0x00D8, 0x00D7, 0x0192,
	0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
	0x00BF, 0x00AE, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x00C1, 0x00C2, 0x00C0,
	0x00A9, 0x2563, 0x2551, 0x2557, 0x255D, 0x00A2, 0x00A5, 0x2510,
	0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x00E3, 0x00C3,
	0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x00A4,
	0x00F0, 0x00D0, 0x00CA, 0x00CB, 0x00C8, 0x0131, 0x00CD, 0x00CE,
	0x00CF, 0x2518, 0x250C, 0x2588, 0x2584, 0x00A6, 0x00CC, 0x2580,
	0x00D3, 0x00DF, 0x00D4, 0x00D2, 0x00F5, 0x00D5, 0x00B5, 0x00FE,
	0x00DE, 0x00DA, 0x00DB, 0x00D9, 0x00FD, 0x00DD, 0x00AF, 0x00B4,
	0x00AD, 0x00B1, 0x2017, 0x00BE, 0x00B6, 0x00A7, 0x00F7, 0x00B8,
	0x00B0, 0x00A8, 0x00B7, 0x00B9, 0x00B3, 0x00B2, 0x25A0, 0x00A0,
};
static const unsigned short cp_10000[128] = {
	0x00C4, 0x00C5, 0x00C7, 0x00C9, 0x00D1, 0x00D6, 0x00DC, 0x00E1,
	0x00E0, 0x00E2, 0x00E4, 0x00E3, 0x00E5, 0x00E7, 0x00E9, 0x00E8,
	0x00EA, 0x00EB, 0x00ED, 0x00EC, 0x00EE, 0x00EF, 0x00F1, 0x00F3,
	0x00F2, 0x00F4, 0x00F6, 0x00F5, 0x00FA, 0x00F9, 0x00FB, 0x00FC,
	0x2020, 0x00B0, 0x00A2, 0x00A3, 0x00A7, 0x2022, 0x00B6, 0x00DF,
	0x00AE, 0x00A9, 0x2122, 0x00B4, 0x00A8, 0x2260, 0x00C6, 0x00D8,
	0x221E, 0x00B1, 0x2264, 0x2265, 0x00A5, 0x00B5, 0x2202, 0x2211,
	0x220F, 0x03C0, 0x222B, 0x00AA, 0x00BA, 0x03A9, 0x00E6, 0x00F8,
	0x00BF, 0x00A1, 0x00AC, 0x221A, 0x0192, 0x2248, 0x2206, 0x00AB,
	0x00BB, 0x2026, 0x00A0, 0x00C0, 0x00C3, 0x00D5, 0x0152, 0x0153,
	0x2013, 0x2014, 0x201C, 0x201D, 0x2018, 0x2019, 0x00F7, 0x25CA,
	0x00FF, 0x0178, 0x2044, 0x20AC, 0x2039, 0x203A, 0xFB01, 0xFB02,
	0x2021, 0x00B7, 0x201A, 0x201E, 0x2030, 0x00C2, 0x00CA, 0x00C1,
	0x00CB, 0x00C8, 0x00CD, 0x00CE, 0x00CF, 0x00CC, 0x00D3, 0x00D4,
	0xF8FF, 0x00D2, 0x00DA, 0x00DB, 0x00D9, 0x0131, 0x02C6, 0x02DC,
	0x00AF, 0x02D8, 0x02D9, 0x02DA, 0x00B8, 0x02DD, 0x02DB, 0x02C7,
};

static const unsigned short *cp_table(unsigned cp)
{
	switch (cp) {
	case 1250: return cp_1250;
	case 1251: return cp_1251;
	case 1252: return cp_1252;
	case 1253: return cp_1253;
	case 1254: return cp_1254;
	case 1255: return cp_1255;
	case 1256: return cp_1256;
	case 1257: return cp_1257;
	case 1258: return cp_1258;
	case 874: return cp_874;
	case 437: return cp_437;
	case 850: return cp_850;
	case 10000: return cp_10000;
	case 42: return cp_1252; /* Symbol charset: bullets */
	default: return NULL;
	}
}

static int cp_dbcs(unsigned cp)
{
	return cp == 932 || cp == 936 || cp == 949 || cp == 950;
}

static int cp_is_lead(unsigned cp, unsigned b)
{
	if (cp == 932)
		return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
	return b >= 0x81 && b <= 0xFE;
}

/* The code page of a \fcharsetN (0: the document's). */
static unsigned charset_cp(long cs)
{
	switch (cs) {
	case 2: return 42;
	case 77: return 10000;
	case 128: return 932;
	case 129: return 949;
	case 130: return 1361;
	case 134: return 936;
	case 136: return 950;
	case 161: return 1253;
	case 162: return 1254;
	case 163: return 1258;
	case 177: return 1255;
	case 178: return 1256;
	case 186: return 1257;
	case 204: return 1251;
	case 222: return 874;
	case 238: return 1250;
	case 254: return 437;
	case 255: return 850;
	default: return 0;
	}
}

/* Destinations (where text goes). */
enum {
	D_BODY, D_NOTE, D_SKIP, D_FONTTBL, D_STYLESHEET, D_INFO, D_TITLE,
	D_AUTHOR, D_CREATIM
};

/* Kinds a style gives (style_kind[]). */
enum { SK_NONE, SK_HEADING, SK_TITLE, SK_LIST, SK_QUOTE, SK_REF, SK_CODE };

/* The state a group saves and restores. */
typedef struct rtf_group {
	unsigned char dest;
	unsigned char uc;      /* fallback characters after \uN */
	unsigned char hidden;  /* \v */
	unsigned char deleted; /* \deleted */
	int font;              /* -1: the default font */
	/* paragraph properties (\pard resets them) */
	int style;             /* -1: none */
	int outline;           /* -1: none */
	int ilvl;              /* -1: none */
	int ls;                /* list override, 0: none */
	int li, fi;            /* indents in twips */
	unsigned char intbl, centered;
} rtf_group;

typedef struct rtf {
	const unsigned char *p;
	size_t n, i;
	quire_source *out;
	quire_status rc;
	quire_error *err;
	int done;

	rtf_group st;
	rtf_group *stack;
	size_t depth;

	unsigned doc_cp;
	int deff;
	unsigned short *font_cp;      /* RTF_NFONTS: 0 = the document's */
	unsigned char *font_flags;    /* 1: \cpg given, 2: monospace */
	unsigned char *style_kind;    /* RTF_NSTYLES */
	unsigned char *style_level;
	int fonttbl_cur;

	/* the stylesheet entry being read */
	long ss_num;
	int ss_outline, ss_para;
	buf_t ss_name;

	buf_t para;                   /* the open paragraph (or table) */
	int para_table;               /* para holds a table */
	int para_list;                /* \pntext / \listtext / \pn seen */
	size_t para_mono, para_plain; /* bytes in monospace / other fonts */
	int any_block;
	int holding;                  /* every paragraph so far was CODE: held back */
	buf_t held;                   /* their texts, NUL after each ("" = blank) */

	buf_t notes;                  /* footnote texts, NUL after each */
	size_t note_depth;            /* depth of the open footnote group, 0: none */
	size_t note_start;

	buf_t title, author;
	long yr, mo, dy;

	unsigned long skip;           /* \uN fallback characters still to skip */
	unsigned long hi;             /* a pending high surrogate, 0: none */
	unsigned lead;                /* a pending DBCS lead byte, 0: none */
	unsigned lead_cp;
	int star;                     /* \* seen, the next word decides */

	size_t n_pict, n_object, n_comment, n_undecoded;
	unsigned fallback_cp;         /* a code page read as 1252, 0: none */
	unsigned undecoded_cp;
	int truncated;
} rtf;

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

static void fail_if(rtf *r, const buf_t *b)
{
	if (buf_failed(b) && r->rc == QUIRE_OK)
		r->rc = QUIRE_ENOMEM;
}

static unsigned cur_cp(const rtf *r)
{
	int f = r->st.font >= 0 ? r->st.font : r->deff;
	unsigned cp = 0;
	if (f >= 0 && f < RTF_NFONTS)
		cp = r->font_cp[f];
	return cp ? cp : r->doc_cp;
}

static int cur_mono(const rtf *r)
{
	int f = r->st.font >= 0 ? r->st.font : r->deff;
	return f >= 0 && f < RTF_NFONTS && (r->font_flags[f] & 2);
}

static int all_space(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return 0;
	return 1;
}

static void flush_para(rtf *r);
static void style_commit(rtf *r);

/* Text for the body paragraph. */
static void body_put(rtf *r, const char *s, size_t n)
{
	if (r->st.hidden || r->st.deleted)
		return;
	int tbl = r->st.intbl;
	if (tbl != r->para_table && !all_space(s, n)) {
		if (r->para_table || !all_space(r->para.p ? r->para.p : "", r->para.len))
			flush_para(r);
		r->para_table = tbl;
		if (!tbl)
			buf_reset(&r->para);
	}
	buf_append(&r->para, s, n);
	fail_if(r, &r->para);
	if (!all_space(s, n)) {
		if (cur_mono(r))
			r->para_mono += n;
		else
			r->para_plain += n;
	}
}

/* Appends s[0..n) to a buffer that keeps at most max bytes. */
static void put_capped(rtf *r, buf_t *b, const char *s, size_t n, size_t max)
{
	if (b->len >= max)
		return;
	if (n > max - b->len)
		n = max - b->len;
	buf_append(b, s, n);
	fail_if(r, b);
}

/* Sends UTF-8 text to wherever the destination says. */
static void emit_text(rtf *r, const char *s, size_t n)
{
	if (r->hi) {
		r->hi = 0;
		emit_text(r, "\xEF\xBF\xBD", 3); /* a lone high surrogate */
	}
	switch (r->st.dest) {
	case D_BODY:
		body_put(r, s, n);
		break;
	case D_NOTE:
		if (!r->st.hidden && !r->st.deleted) {
			buf_append(&r->notes, s, n);
			fail_if(r, &r->notes);
		}
		break;
	case D_TITLE:
		put_capped(r, &r->title, s, n, RTF_META_MAX);
		break;
	case D_AUTHOR:
		put_capped(r, &r->author, s, n, RTF_META_MAX);
		break;
	case D_STYLESHEET:
		for (size_t k = 0; k < n; k++) {
			if (s[k] == ';')
				style_commit(r);
			else
				put_capped(r, &r->ss_name, s + k, 1, RTF_STYLE_NAME_MAX);
		}
		break;
	default:
		break;
	}
}

static void emit_cp(rtf *r, unsigned long c)
{
	char u[4];
	emit_text(r, u, dec_put_utf8(u, c));
}

/* Does the destination keep text at all?  (Skipped destinations are
 * scanned fast.) */
static int dest_keeps_text(int d)
{
	return d == D_BODY || d == D_NOTE || d == D_TITLE || d == D_AUTHOR ||
	       d == D_STYLESHEET;
}

/* One byte of text in the current code page (raw or from \'hh). */
static void put_byte(rtf *r, unsigned b)
{
	if (r->lead) {
		/* the trail of a double-byte character */
		r->lead = 0;
		r->n_undecoded++;
		r->undecoded_cp = r->lead_cp;
		emit_text(r, "\xEF\xBF\xBD", 3);
		return;
	}
	if (b < 0x80) {
		char c = (char)b;
		if (b == '\t' || b >= 0x20)
			emit_text(r, &c, 1);
		return;
	}
	unsigned cp = cur_cp(r);
	if (cp_dbcs(cp)) {
		if (cp_is_lead(cp, b)) {
			r->lead = b;
			r->lead_cp = cp;
		} else if (cp == 932 && b >= 0xA1 && b <= 0xDF) {
			emit_cp(r, 0xFF61 + (b - 0xA1));
		} else {
			r->n_undecoded++;
			r->undecoded_cp = cp;
			emit_text(r, "\xEF\xBF\xBD", 3);
		}
		return;
	}
	const unsigned short *t = cp_table(cp);
	if (!t) {
		t = cp_1252;
		if (!r->fallback_cp)
			r->fallback_cp = cp;
	}
	if (t[b - 0x80])
		emit_cp(r, t[b - 0x80]);
}

/* A pending DBCS lead byte with no trail: one undecodable character. */
static void drop_lead(rtf *r)
{
	if (r->lead) {
		r->lead = 0;
		r->n_undecoded++;
		r->undecoded_cp = r->lead_cp;
		emit_text(r, "\xEF\xBF\xBD", 3);
	}
}

/* \uN */
static void put_unicode(rtf *r, long v)
{
	unsigned long c;
	if (v < -32768 || v > 65535)
		c = 0xFFFD;
	else
		c = (unsigned long)(v < 0 ? v + 65536 : v);
	if (c >= 0xD800 && c <= 0xDBFF) {
		if (r->hi)
			emit_text(r, "", 0); /* flushes the earlier one as U+FFFD */
		r->hi = c;
		return;
	}
	if (c >= 0xDC00 && c <= 0xDFFF) {
		if (r->hi) {
			unsigned long h = r->hi;
			r->hi = 0;
			emit_cp(r, 0x10000 + ((h - 0xD800) << 10) + (c - 0xDC00));
		} else {
			emit_cp(r, 0xFFFD);
		}
		return;
	}
	if (c == 0)
		return;
	if (c < 0x20 && c != '\t' && c != '\n')
		return;
	emit_cp(r, c);
}

/* ------------------------------------------------------------------ */
/* Paragraphs                                                          */
/* ------------------------------------------------------------------ */

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trims s[*a..*b) of ASCII white space and NBSPs. */
static void trim(const char *s, size_t *a, size_t *b)
{
	for (;;) {
		if (*a < *b && is_ws(s[*a]))
			(*a)++;
		else if (*b - *a >= 2 && (unsigned char)s[*a] == 0xC2 &&
			 (unsigned char)s[*a + 1] == 0xA0)
			*a += 2;
		else
			break;
	}
	for (;;) {
		if (*b > *a && is_ws(s[*b - 1]))
			(*b)--;
		else if (*b - *a >= 2 && (unsigned char)s[*b - 2] == 0xC2 &&
			 (unsigned char)s[*b - 1] == 0xA0)
			*b -= 2;
		else
			break;
	}
}

/* Length of a list marker at s[0..n) followed by a tab ("•\t", "1.\t",
 * "a)\t", "(iv)\t"), the tab included; 0 if there is none. */
static size_t list_marker(const char *s, size_t n)
{
	static const char *const bullets[] = {
		"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x97\xA6", "\xE2\x96\xAA",
		"\xE2\x80\x93", "\xEF\x82\xB7", "-", "*", "o", NULL};
	for (int k = 0; bullets[k]; k++) {
		size_t m = strlen(bullets[k]);
		if (n > m && memcmp(s, bullets[k], m) == 0 && s[m] == '\t')
			return m + 1;
	}
	size_t i = 0;
	if (i < n && s[i] == '(')
		i++;
	size_t a = i;
	while (i < n && i - a < 4 &&
	       ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
		(s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	if (i == a || i >= n || (s[i] != '.' && s[i] != ')'))
		return 0;
	i++;
	if (i < n && s[i] == '\t')
		return i + 1;
	return 0;
}

static void add_block(rtf *r, quire_block_kind k, int level, const char *s,
		      size_t n)
{
	if (r->rc == QUIRE_OK)
		r->rc = quire_source_add_block(r->out, k, level, s, n);
}

/* Ends holding back CODE paragraphs: as_lines 0 emits them as CODE
 * blocks (a document with other paragraphs too), 1 as plain lines with
 * blank lines kept (the whole document was preformatted: a text file
 * opened in LibreOffice and saved as RTF reads like that text file). */
static void release_held(rtf *r, int as_lines)
{
	const char *s = r->held.p;
	size_t len = r->held.len;
	r->holding = 0;
	while (len >= 2 && s[len - 1] == '\0' && s[len - 2] == '\0')
		len--; /* blank lines at the end */
	for (size_t a = 0; a < len && r->rc == QUIRE_OK;) {
		const char *z = memchr(s + a, '\0', len - a);
		size_t e = z ? (size_t)(z - s) : len;
		if (!as_lines) {
			if (e > a)
				add_block(r, QUIRE_BLOCK_CODE, 0, s + a, e - a);
		} else {
			for (size_t l = a; l <= e && r->rc == QUIRE_OK;) {
				const char *nl = memchr(s + l, '\n', e - l);
				size_t le = nl ? (size_t)(nl - s) : e;
				r->rc = quire_source_add_line(r->out, s + l, le - l);
				l = le + 1;
			}
		}
		a = e + 1;
	}
	buf_free(&r->held);
}

/* Holds a CODE paragraph back, or a blank ("") between held ones. */
static void hold(rtf *r, const char *s, size_t n)
{
	buf_append(&r->held, s, n);
	buf_putc(&r->held, '\0');
	fail_if(r, &r->held);
}

/* Ends the open paragraph (or table): one block, kind as the file
 * comment says. */
static void flush_para(rtf *r)
{
	buf_t *b = &r->para;
	size_t a = 0, e = b->len;
	int table = r->para_table, listed = r->para_list;
	size_t mono = r->para_mono, plain = r->para_plain;
	r->para_table = 0;
	r->para_list = 0;
	r->para_mono = r->para_plain = 0;
	if (r->rc != QUIRE_OK || e == 0) {
		if (r->rc == QUIRE_OK && r->holding && r->held.len && !table)
			hold(r, "", 0);
		buf_reset(b);
		return;
	}
	char *s = b->p;
	trim(s, &a, &e);
	if (a == e) {
		if (r->holding && r->held.len && !table)
			hold(r, "", 0);
		buf_reset(b);
		return;
	}
	if (table) {
		if (r->holding)
			release_held(r, 0);
		add_block(r, QUIRE_BLOCK_NONE, 0, s + a, e - a);
		r->any_block = 1;
		buf_reset(b);
		return;
	}
	const rtf_group *g = &r->st;
	int sk = SK_NONE, sl = 0;
	if (g->style >= 0 && g->style < RTF_NSTYLES) {
		sk = r->style_kind[g->style];
		sl = r->style_level[g->style];
	}
	quire_block_kind kind = QUIRE_BLOCK_PARAGRAPH;
	int level = 0;
	size_t m;
	if (sk == SK_TITLE) {
		kind = QUIRE_BLOCK_TITLE;
	} else if (g->outline >= 0 && g->outline <= 8) {
		kind = QUIRE_BLOCK_HEADING;
		level = g->outline < 6 ? g->outline + 1 : 6;
	} else if (sk == SK_HEADING) {
		kind = QUIRE_BLOCK_HEADING;
		level = sl;
	} else if (g->ls > 0 || listed || sk == SK_LIST) {
		kind = QUIRE_BLOCK_LIST_ITEM;
		level = g->ilvl >= 0 ? g->ilvl + 1 : 1;
	} else if (sk == SK_QUOTE) {
		kind = QUIRE_BLOCK_QUOTE;
	} else if (sk == SK_REF) {
		kind = QUIRE_BLOCK_REFERENCE;
	} else if (sk == SK_CODE) {
		kind = QUIRE_BLOCK_CODE;
	} else if (g->fi < 0 && (m = list_marker(s + a, e - a)) > 0) {
		kind = QUIRE_BLOCK_LIST_ITEM;
		level = g->li > 0 ? (g->li + 359) / 360 : 1;
		a += m;
		trim(s, &a, &e);
	} else if (mono > 0 && plain == 0) {
		kind = QUIRE_BLOCK_CODE;
	} else if (g->li >= 567 && g->fi >= 0) {
		kind = QUIRE_BLOCK_QUOTE;
	} else if (!r->any_block && g->centered) {
		size_t w = quire_count_words(s + a, e - a);
		char last = s[e - 1];
		if (w > 0 && w <= 25 && last != '.' && last != ',' && last != ';')
			kind = QUIRE_BLOCK_TITLE;
	}
	if (level > 6)
		level = 6;
	if (level < 0)
		level = 0;
	if (kind == QUIRE_BLOCK_HEADING && level < 1)
		level = 1;
	if (kind == QUIRE_BLOCK_HEADING || kind == QUIRE_BLOCK_TITLE)
		for (size_t k = a; k < e; k++)
			if (s[k] == '\n' || s[k] == '\t')
				s[k] = ' ';
	if (a < e) {
		if (r->holding && kind == QUIRE_BLOCK_CODE) {
			hold(r, s + a, e - a);
		} else {
			if (r->holding)
				release_held(r, 0);
			add_block(r, kind, level, s + a, e - a);
		}
		r->any_block = 1;
	}
	buf_reset(b);
}

/* \cell and \row (and their nested forms). */
static void table_mark(rtf *r, int row_end)
{
	if (r->st.dest != D_BODY || r->st.hidden || r->st.deleted)
		return;
	if (!r->para_table) {
		/* text before the first \cell was not read as table text */
		r->para_table = 1;
	}
	buf_t *b = &r->para;
	if (!row_end) {
		buf_puts(b, " | ");
	} else {
		while (b->len && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '|'))
			b->len--;
		buf_putc(b, '\n');
	}
	fail_if(r, b);
}

/* ------------------------------------------------------------------ */
/* Stylesheet, footnotes                                               */
/* ------------------------------------------------------------------ */

static int name_is(const char *s, size_t n, const char *want)
{
	size_t k = strlen(want);
	if (n != k)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != want[i])
			return 0;
	}
	return 1;
}

static int name_starts(const char *s, size_t n, const char *want)
{
	size_t k = strlen(want);
	return n >= k && name_is(s, k, want);
}

/* Records the stylesheet entry read so far, and starts a new one. */
static void style_commit(rtf *r)
{
	const char *s = r->ss_name.p ? r->ss_name.p : "";
	size_t a = 0, e = r->ss_name.len;
	/* Word lists aliases after the name: "heading 1,h1" */
	const char *comma = e ? memchr(s, ',', e) : NULL;
	if (comma)
		e = (size_t)(comma - s);
	trim(s, &a, &e);
	const char *nm = s + a;
	size_t n = e - a;
	int kind = SK_NONE, level = 0;
	if (name_starts(nm, n, "heading ") && n >= 9 && nm[8] >= '1' && nm[8] <= '9') {
		kind = SK_HEADING;
		level = nm[8] - '0';
	} else if (name_is(nm, n, "title")) {
		kind = SK_TITLE;
	} else if (name_starts(nm, n, "bibliography")) {
		if (n > 12 && memmem(nm, n, "eading", 6)) {
			kind = SK_HEADING;
			level = 1;
		} else {
			kind = SK_REF;
		}
	} else if (name_is(nm, n, "quote") || name_is(nm, n, "quotations") ||
		   name_is(nm, n, "quotation") || name_is(nm, n, "intense quote") ||
		   name_is(nm, n, "block text") || name_is(nm, n, "block quote") ||
		   name_is(nm, n, "block quotation")) {
		kind = SK_QUOTE;
	} else if (name_starts(nm, n, "list ") && !name_starts(nm, n, "list contents") &&
		   !name_starts(nm, n, "list heading")) {
		kind = SK_LIST;
	} else if (name_is(nm, n, "preformatted text") || name_is(nm, n, "source text") ||
		   name_is(nm, n, "html preformatted") || name_is(nm, n, "code") ||
		   name_is(nm, n, "source code")) {
		kind = SK_CODE;
	} else if (r->ss_outline >= 0 && r->ss_outline <= 8) {
		kind = SK_HEADING;
		level = r->ss_outline + 1;
	}
	if (level > 6)
		level = 6;
	if (r->ss_para && r->ss_num >= 0 && r->ss_num < RTF_NSTYLES && n > 0) {
		r->style_kind[r->ss_num] = (unsigned char)kind;
		r->style_level[r->ss_num] = (unsigned char)level;
	}
	r->ss_num = 0;
	r->ss_outline = -1;
	r->ss_para = 1;
	buf_reset(&r->ss_name);
}

/* Closes the footnote whose group just ended. */
static void note_end(rtf *r)
{
	buf_t *b = &r->notes;
	size_t a = r->note_start, e = b->len;
	if (b->p)
		trim(b->p, &a, &e);
	if (a == e) {
		b->len = r->note_start; /* an empty note leaves nothing */
	} else {
		if (a > r->note_start) {
			memmove(b->p + r->note_start, b->p + a, e - a);
			e -= a - r->note_start;
		}
		b->len = e;
		buf_putc(b, '\0');
		fail_if(r, b);
	}
	r->note_depth = 0;
}

/* ------------------------------------------------------------------ */
/* Groups                                                              */
/* ------------------------------------------------------------------ */

static void group_open(rtf *r)
{
	if (r->depth >= RTF_MAX_DEPTH) {
		r->rc = quire_error_set(r->err, QUIRE_ELIMIT,
					"RTF nested too deeply (more than %d groups)",
					RTF_MAX_DEPTH);
		return;
	}
	r->stack[r->depth++] = r->st;
	r->skip = 0;
	r->star = 0;
	drop_lead(r);
}

/* Non-zero if only white space (or NULs) follows position i. */
static int only_space_after(const rtf *r, size_t i)
{
	for (; i < r->n; i++) {
		unsigned char c = r->p[i];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != 0)
			return 0;
	}
	return 1;
}

static void group_close(rtf *r)
{
	r->skip = 0;
	r->star = 0;
	drop_lead(r);
	if (r->depth == 0)
		return; /* stray '}' before any group: ignored */
	if (r->depth == 1) {
		if (only_space_after(r, r->i)) {
			r->done = 1;
			return;
		}
		return; /* a stray '}' that would end the document early */
	}
	if (r->note_depth == r->depth)
		note_end(r);
	int was = r->st.dest;
	r->st = r->stack[--r->depth];
	if (was == D_STYLESHEET && r->st.dest == D_STYLESHEET)
		style_commit(r); /* no-op when the ';' already did */
	if (was == D_STYLESHEET && r->st.dest != D_STYLESHEET)
		buf_reset(&r->ss_name);
}

/* ------------------------------------------------------------------ */
/* Control words                                                       */
/* ------------------------------------------------------------------ */

enum {
	A_NONE,
	/* destinations */
	A_SKIP, A_KEEP, A_FONTTBL, A_STYLESHEET, A_INFO, A_TITLE, A_AUTHOR,
	A_CREATIM, A_PICT, A_OBJECT, A_ANNOT, A_LISTTEXT, A_FOOTNOTE,
	/* the rest */
	A_PAR, A_PARD, A_PLAIN, A_LINE, A_TAB, A_CELL, A_ROW, A_F, A_DEFF,
	A_ANSI, A_ANSICPG, A_MAC, A_PC, A_PCA, A_FCHARSET, A_CPG, A_FMODERN,
	A_S, A_NOTPARASTYLE, A_OUTLINE, A_LS, A_ILVL, A_INTBL, A_ITAP, A_QC,
	A_QOTHER, A_LI, A_FI, A_V, A_DELETED, A_UC, A_U, A_BIN, A_CHAR, A_YR,
	A_MO, A_DY
};

typedef struct rtf_word {
	const char *name;
	unsigned char action;
	unsigned short arg; /* A_CHAR: the code point */
} rtf_word;

/* Sorted by name (strcmp), for bsearch. */
static const rtf_word rtf_words[] = {
	{"aftncn", A_SKIP, 0},
	{"aftnsep", A_SKIP, 0},
	{"aftnsepc", A_SKIP, 0},
	{"annotation", A_ANNOT, 0},
	{"ansi", A_ANSI, 0},
	{"ansicpg", A_ANSICPG, 0},
	{"atnauthor", A_SKIP, 0},
	{"atndate", A_SKIP, 0},
	{"atnicn", A_SKIP, 0},
	{"atnid", A_SKIP, 0},
	{"atnparent", A_SKIP, 0},
	{"atnref", A_SKIP, 0},
	{"atntime", A_SKIP, 0},
	{"atrfend", A_SKIP, 0},
	{"atrfstart", A_SKIP, 0},
	{"author", A_AUTHOR, 0},
	{"bin", A_BIN, 0},
	{"bkmkend", A_SKIP, 0},
	{"bkmkstart", A_SKIP, 0},
	{"blipuid", A_SKIP, 0},
	{"bullet", A_CHAR, 0x2022},
	{"buptim", A_SKIP, 0},
	{"category", A_SKIP, 0},
	{"cell", A_CELL, 0},
	{"colortbl", A_SKIP, 0},
	{"comment", A_SKIP, 0},
	{"company", A_SKIP, 0},
	{"cpg", A_CPG, 0},
	{"creatim", A_CREATIM, 0},
	{"cs", A_NOTPARASTYLE, 0},
	{"datafield", A_SKIP, 0},
	{"datastore", A_SKIP, 0},
	{"deff", A_DEFF, 0},
	{"deleted", A_DELETED, 0},
	{"do", A_SKIP, 0},
	{"doccomm", A_SKIP, 0},
	{"docvar", A_SKIP, 0},
	{"ds", A_NOTPARASTYLE, 0},
	{"dy", A_DY, 0},
	{"emdash", A_CHAR, 0x2014},
	{"emspace", A_CHAR, 0x2003},
	{"endash", A_CHAR, 0x2013},
	{"enspace", A_CHAR, 0x2002},
	{"f", A_F, 0},
	{"falt", A_SKIP, 0},
	{"fcharset", A_FCHARSET, 0},
	{"ffdeftext", A_SKIP, 0},
	{"ffentrymcr", A_SKIP, 0},
	{"ffexitmcr", A_SKIP, 0},
	{"ffformat", A_SKIP, 0},
	{"ffhelptext", A_SKIP, 0},
	{"ffl", A_SKIP, 0},
	{"ffname", A_SKIP, 0},
	{"ffstattext", A_SKIP, 0},
	{"fi", A_FI, 0},
	{"field", A_KEEP, 0},
	{"file", A_SKIP, 0},
	{"filetbl", A_SKIP, 0},
	{"fldinst", A_SKIP, 0},
	{"fldrslt", A_KEEP, 0},
	{"fldtype", A_SKIP, 0},
	{"fmodern", A_FMODERN, 0},
	{"fontemb", A_SKIP, 0},
	{"fontfile", A_SKIP, 0},
	{"fonttbl", A_FONTTBL, 0},
	{"footer", A_SKIP, 0},
	{"footerf", A_SKIP, 0},
	{"footerl", A_SKIP, 0},
	{"footerr", A_SKIP, 0},
	{"footnote", A_FOOTNOTE, 0},
	{"formfield", A_SKIP, 0},
	{"ftncn", A_SKIP, 0},
	{"ftnsep", A_SKIP, 0},
	{"ftnsepc", A_SKIP, 0},
	{"generator", A_SKIP, 0},
	{"gridtbl", A_SKIP, 0},
	{"header", A_SKIP, 0},
	{"headerf", A_SKIP, 0},
	{"headerl", A_SKIP, 0},
	{"headerr", A_SKIP, 0},
	{"hlinkbase", A_SKIP, 0},
	{"htmltag", A_SKIP, 0},
	{"ilvl", A_ILVL, 0},
	{"info", A_INFO, 0},
	{"intbl", A_INTBL, 0},
	{"itap", A_ITAP, 0},
	{"keycode", A_SKIP, 0},
	{"keywords", A_SKIP, 0},
	{"latentstyles", A_SKIP, 0},
	{"ldblquote", A_CHAR, 0x201C},
	{"levelnumbers", A_SKIP, 0},
	{"leveltext", A_SKIP, 0},
	{"li", A_LI, 0},
	{"line", A_LINE, 0},
	{"listname", A_SKIP, 0},
	{"listoverridetable", A_SKIP, 0},
	{"listpicture", A_SKIP, 0},
	{"listtable", A_SKIP, 0},
	{"listtext", A_LISTTEXT, 0},
	{"lquote", A_CHAR, 0x2018},
	{"ls", A_LS, 0},
	{"mac", A_MAC, 0},
	{"manager", A_SKIP, 0},
	{"mhtmltag", A_SKIP, 0},
	{"mmathPr", A_SKIP, 0},
	{"mo", A_MO, 0},
	{"nestcell", A_CELL, 0},
	{"nestrow", A_ROW, 0},
	{"nesttableprops", A_SKIP, 0},
	{"nonesttables", A_SKIP, 0},
	{"nonshppict", A_SKIP, 0},
	{"objdata", A_SKIP, 0},
	{"object", A_OBJECT, 0},
	{"operator", A_SKIP, 0},
	{"outlinelevel", A_OUTLINE, 0},
	{"panose", A_SKIP, 0},
	{"par", A_PAR, 0},
	{"pard", A_PARD, 0},
	{"passwordhash", A_SKIP, 0},
	{"pc", A_PC, 0},
	{"pca", A_PCA, 0},
	{"pgdsctbl", A_SKIP, 0},
	{"pict", A_PICT, 0},
	{"plain", A_PLAIN, 0},
	{"pn", A_LISTTEXT, 0},
	{"pntext", A_LISTTEXT, 0},
	{"pntxta", A_SKIP, 0},
	{"pntxtb", A_SKIP, 0},
	{"printim", A_SKIP, 0},
	{"private", A_SKIP, 0},
	{"protusertbl", A_SKIP, 0},
	{"qc", A_QC, 0},
	{"qd", A_QOTHER, 0},
	{"qj", A_QOTHER, 0},
	{"ql", A_QOTHER, 0},
	{"qr", A_QOTHER, 0},
	{"rdblquote", A_CHAR, 0x201D},
	{"result", A_SKIP, 0},
	{"revtbl", A_SKIP, 0},
	{"revtim", A_SKIP, 0},
	{"row", A_ROW, 0},
	{"rquote", A_CHAR, 0x2019},
	{"rsidtbl", A_SKIP, 0},
	{"s", A_S, 0},
	{"sect", A_PAR, 0},
	{"shpinst", A_SKIP, 0},
	{"shppict", A_KEEP, 0},
	{"shptxt", A_SKIP, 0},
	{"sn", A_SKIP, 0},
	{"sp", A_SKIP, 0},
	{"stylesheet", A_STYLESHEET, 0},
	{"subject", A_SKIP, 0},
	{"sv", A_SKIP, 0},
	{"tab", A_TAB, 0},
	{"tc", A_SKIP, 0},
	{"template", A_SKIP, 0},
	{"themedata", A_SKIP, 0},
	{"title", A_TITLE, 0},
	{"ts", A_NOTPARASTYLE, 0},
	{"txe", A_SKIP, 0},
	{"u", A_U, 0},
	{"uc", A_UC, 0},
	{"userprops", A_SKIP, 0},
	{"v", A_V, 0},
	{"wgrffmtfilter", A_SKIP, 0},
	{"xe", A_SKIP, 0},
	{"xmlnstbl", A_SKIP, 0},
	{"yr", A_YR, 0},
};

static int word_cmp(const void *k, const void *e)
{
	return strcmp((const char *)k, ((const rtf_word *)e)->name);
}

static void reset_para_props(rtf_group *g)
{
	g->style = -1;
	g->outline = -1;
	g->ilvl = -1;
	g->ls = 0;
	g->li = g->fi = 0;
	g->intbl = 0;
	g->centered = 0;
}

static int text_dest(int d)
{
	return d == D_BODY || d == D_NOTE;
}

/* Switches the group to destination d, as the action a asks. */
static void destination(rtf *r, int a)
{
	int d = r->st.dest;
	switch (a) {
	case A_KEEP:
		break;
	case A_SKIP:
		r->st.dest = D_SKIP;
		break;
	case A_FONTTBL:
		if (d != D_SKIP)
			r->st.dest = D_FONTTBL;
		r->fonttbl_cur = -1;
		break;
	case A_STYLESHEET:
		if (d != D_SKIP)
			r->st.dest = D_STYLESHEET;
		r->ss_num = 0;
		r->ss_outline = -1;
		r->ss_para = 1;
		buf_reset(&r->ss_name);
		break;
	case A_INFO:
		if (d != D_SKIP)
			r->st.dest = D_INFO;
		break;
	case A_TITLE:
		r->st.dest = d == D_INFO ? D_TITLE : D_SKIP;
		break;
	case A_AUTHOR: /* the first \author only (LibreOffice writes two) */
		r->st.dest = d == D_INFO && r->author.len == 0 ? D_AUTHOR : D_SKIP;
		break;
	case A_CREATIM:
		r->st.dest = d == D_INFO ? D_CREATIM : D_SKIP;
		break;
	case A_PICT:
		if (text_dest(d))
			r->n_pict++;
		r->st.dest = D_SKIP;
		break;
	case A_OBJECT:
		if (text_dest(d))
			r->n_object++;
		r->st.dest = D_SKIP;
		break;
	case A_ANNOT:
		if (text_dest(d))
			r->n_comment++;
		r->st.dest = D_SKIP;
		break;
	case A_LISTTEXT:
		if (d == D_BODY)
			r->para_list = 1;
		r->st.dest = D_SKIP;
		break;
	case A_FOOTNOTE:
		if (d == D_BODY && r->note_depth == 0 && r->depth > 0) {
			r->st.dest = D_NOTE;
			r->note_depth = r->depth;
			r->note_start = r->notes.len;
		} else if (d != D_NOTE) {
			r->st.dest = D_SKIP;
		}
		break;
	default:
		break;
	}
}

static int clamp16(long long v)
{
	return v < -32768 ? -32768 : v > 32767 ? 32767 : (int)v;
}

/* A control word: name[0..len) with its parameter. */
static void word(rtf *r, const char *name, size_t len, int has, long long v)
{
	int star = r->star;
	r->star = 0;
	const rtf_word *w = NULL;
	if (len <= RTF_MAX_NAME) {
		char key[RTF_MAX_NAME + 1];
		memcpy(key, name, len);
		key[len] = '\0';
		w = bsearch(key, rtf_words, sizeof rtf_words / sizeof rtf_words[0],
			    sizeof rtf_words[0], word_cmp);
	}
	int a = w ? w->action : A_NONE;
	if (a == A_BIN) {
		/* raw bytes, whatever the destination; not a fallback character */
		if (has && v > 0) {
			size_t left = r->n - r->i;
			if ((unsigned long long)v > left) {
				r->i = r->n;
				r->truncated = 1;
			} else {
				r->i += (size_t)v;
			}
		}
		return;
	}
	if (r->skip > 0) {
		r->skip--; /* a control word counts as one fallback character */
		return;
	}
	drop_lead(r);
	if (star && a < A_PAR && a != A_NONE) {
		destination(r, a);
		return;
	}
	if (star) {
		r->st.dest = D_SKIP; /* an ignorable destination we do not know */
		return;
	}
	rtf_group *g = &r->st;
	int d = g->dest;
	int p16 = has ? clamp16(v) : 0;
	switch (a) {
	case A_NONE:
		break;
	case A_SKIP: case A_KEEP: case A_FONTTBL: case A_STYLESHEET: case A_INFO:
	case A_TITLE: case A_AUTHOR: case A_CREATIM: case A_PICT: case A_OBJECT:
	case A_ANNOT: case A_LISTTEXT: case A_FOOTNOTE:
		destination(r, a);
		break;
	case A_PAR:
		if (d == D_BODY) {
			if (g->hidden || g->deleted)
				break;
			if (g->intbl && r->para_table)
				body_put(r, " ", 1);
			else
				flush_para(r);
		} else if (d == D_NOTE && !g->hidden && !g->deleted) {
			emit_text(r, "\n", 1);
		}
		break;
	case A_PARD:
		reset_para_props(g);
		break;
	case A_PLAIN:
		g->font = -1;
		g->hidden = 0;
		g->deleted = 0;
		break;
	case A_LINE:
		emit_text(r, "\n", 1);
		break;
	case A_TAB:
		emit_text(r, "\t", 1);
		break;
	case A_CELL:
	case A_ROW:
		table_mark(r, a == A_ROW);
		break;
	case A_CHAR:
		emit_cp(r, w->arg);
		break;
	case A_F:
		if (!has || v < 0 || v >= RTF_NFONTS)
			break;
		if (d == D_FONTTBL)
			r->fonttbl_cur = (int)v;
		else
			g->font = (int)v;
		break;
	case A_DEFF:
		if (has && v >= 0 && v < RTF_NFONTS)
			r->deff = (int)v;
		break;
	case A_ANSI:
		r->doc_cp = 1252;
		break;
	case A_ANSICPG:
		if (has && v > 0 && v < 100000)
			r->doc_cp = (unsigned)v;
		break;
	case A_MAC:
		r->doc_cp = 10000;
		break;
	case A_PC:
		r->doc_cp = 437;
		break;
	case A_PCA:
		r->doc_cp = 850;
		break;
	case A_FCHARSET:
		if (d == D_FONTTBL && r->fonttbl_cur >= 0 &&
		    !(r->font_flags[r->fonttbl_cur] & 1))
			r->font_cp[r->fonttbl_cur] = (unsigned short)charset_cp(v);
		break;
	case A_CPG:
		if (d == D_FONTTBL && r->fonttbl_cur >= 0 && has && v > 0 && v < 65536) {
			r->font_cp[r->fonttbl_cur] = (unsigned short)v;
			r->font_flags[r->fonttbl_cur] |= 1;
		}
		break;
	case A_FMODERN:
		if (d == D_FONTTBL && r->fonttbl_cur >= 0)
			r->font_flags[r->fonttbl_cur] |= 2;
		break;
	case A_S:
		if (d == D_STYLESHEET)
			r->ss_num = has ? v : 0;
		else if (has && v >= 0 && v < RTF_NSTYLES)
			g->style = (int)v;
		break;
	case A_NOTPARASTYLE:
		if (d == D_STYLESHEET)
			r->ss_para = 0;
		break;
	case A_OUTLINE:
		if (d == D_STYLESHEET)
			r->ss_outline = has && v >= 0 && v <= 8 ? (int)v : -1;
		else
			g->outline = has && v >= 0 && v <= 8 ? (int)v : -1;
		break;
	case A_LS:
		g->ls = has && v > 0 ? p16 : 0;
		break;
	case A_ILVL:
		g->ilvl = has && v >= 0 && v <= 8 ? (int)v : -1;
		break;
	case A_INTBL:
		g->intbl = 1;
		break;
	case A_ITAP:
		g->intbl = has && v > 0;
		break;
	case A_QC:
		g->centered = 1;
		break;
	case A_QOTHER:
		g->centered = 0;
		break;
	case A_LI:
		g->li = p16;
		break;
	case A_FI:
		g->fi = p16;
		break;
	case A_V:
		g->hidden = !has || v != 0;
		break;
	case A_DELETED:
		g->deleted = !has || v != 0;
		break;
	case A_UC:
		if (has && v >= 0)
			g->uc = (unsigned char)(v > 255 ? 255 : v);
		break;
	case A_U:
		if (has)
			put_unicode(r, v < -100000 ? -100000 : v > 100000 ? 100000 : (long)v);
		r->skip = g->uc;
		break;
	case A_YR:
		if (d == D_CREATIM && has)
			r->yr = p16;
		break;
	case A_MO:
		if (d == D_CREATIM && has)
			r->mo = p16;
		break;
	case A_DY:
		if (d == D_CREATIM && has)
			r->dy = p16;
		break;
	default:
		break;
	}
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* After a backslash at r->i - 1. */
static void control(rtf *r)
{
	const unsigned char *p = r->p;
	size_t n = r->n;
	if (r->i >= n)
		return; /* a backslash at the very end */
	unsigned char c = p[r->i];
	if (is_alpha(c)) {
		size_t s = r->i;
		while (r->i < n && is_alpha(p[r->i]))
			r->i++;
		size_t len = r->i - s;
		int neg = 0, has = 0;
		long long v = 0;
		if (r->i + 1 < n && p[r->i] == '-' && p[r->i + 1] >= '0' && p[r->i + 1] <= '9') {
			neg = 1;
			r->i++;
		}
		while (r->i < n && p[r->i] >= '0' && p[r->i] <= '9') {
			has = 1;
			if (v < 10000000000LL)
				v = v * 10 + (p[r->i] - '0');
			r->i++;
		}
		if (neg)
			v = -v;
		if (r->i < n && p[r->i] == ' ')
			r->i++;
		word(r, (const char *)p + s, len, has, v);
		return;
	}
	r->i++;
	if (c == '*') {
		r->star = 1;
		return;
	}
	int star = r->star;
	r->star = 0;
	(void)star;
	if (c == '\'') {
		int h1 = r->i < n ? hexval(p[r->i]) : -1;
		int h2 = h1 >= 0 && r->i + 1 < n ? hexval(p[r->i + 1]) : -1;
		if (h1 < 0 || h2 < 0) {
			/* a broken escape: the valid digit (if any) is dropped too */
			if (h1 >= 0)
				r->i++;
			return;
		}
		r->i += 2;
		if (r->skip > 0) {
			r->skip--;
			return;
		}
		put_byte(r, (unsigned)(h1 * 16 + h2));
		return;
	}
	if (r->skip > 0) {
		r->skip--;
		return;
	}
	switch (c) {
	case '~':
		drop_lead(r);
		emit_cp(r, 0xA0);
		break;
	case '_':
		drop_lead(r);
		emit_text(r, "-", 1);
		break;
	case '{':
	case '}':
	case '\\': {
		char ch = (char)c;
		if (r->lead) {
			put_byte(r, c);
			break;
		}
		emit_text(r, &ch, 1);
		break;
	}
	case '\n':
	case '\r':
		word(r, "par", 3, 0, 0);
		break;
	default:
		break; /* \- \: \| and the unknown symbols */
	}
}

/* Plain text at r->i (not a brace or backslash). */
static void text(rtf *r)
{
	const unsigned char *p = r->p;
	size_t n = r->n;
	if (!dest_keeps_text(r->st.dest)) {
		/* skipped: only braces and backslashes matter */
		while (r->i < n && p[r->i] != '{' && p[r->i] != '}' && p[r->i] != '\\')
			r->i++;
		r->skip = 0;
		return;
	}
	while (r->i < n && (r->skip > 0 || r->lead)) {
		unsigned char c = p[r->i];
		if (c == '{' || c == '}' || c == '\\')
			return;
		r->i++;
		if (c == '\r' || c == '\n')
			continue;
		if (r->skip > 0)
			r->skip--;
		else
			put_byte(r, c);
	}
	if (r->i >= n || p[r->i] == '{' || p[r->i] == '}' || p[r->i] == '\\')
		return;
	size_t s = r->i;
	while (r->i < n) {
		unsigned char c = p[r->i];
		if (c >= 0x20 && c < 0x7F && c != '{' && c != '}' && c != '\\') {
			r->i++;
			continue;
		}
		break;
	}
	if (r->i > s) {
		emit_text(r, (const char *)p + s, r->i - s);
		return;
	}
	unsigned char c = p[r->i++];
	if (c == '\r' || c == '\n' || c == 0)
		return;
	put_byte(r, c);
}

/* ------------------------------------------------------------------ */
/* The reader                                                          */
/* ------------------------------------------------------------------ */

static const char *cp_name(unsigned cp, char *buf, size_t size)
{
	if (cp >= 1250 && cp <= 1258)
		snprintf(buf, size, "Windows-%u", cp);
	else if (cp == 10000)
		snprintf(buf, size, "Mac Roman");
	else if (cp == 932)
		snprintf(buf, size, "Shift_JIS");
	else if (cp == 65001)
		snprintf(buf, size, "UTF-8");
	else
		snprintf(buf, size, "code page %u", cp);
	return buf;
}

static void add_part(buf_t *b, size_t n, const char *one, const char *many)
{
	if (n == 0)
		return;
	if (b->len)
		buf_puts(b, ", ");
	buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

/* Metadata, notes and remarks, after the body. */
static void finish(rtf *r)
{
	char cpbuf[32];
	flush_para(r);
	if (r->holding)
		release_held(r, 1);
	/* the footnotes, after the body */
	const char *s = r->notes.p;
	size_t len = r->notes.len;
	for (size_t a = 0; a < len && r->rc == QUIRE_OK;) {
		const char *z = memchr(s + a, '\0', len - a);
		size_t e = z ? (size_t)(z - s) : len;
		if (e > a)
			add_block(r, QUIRE_BLOCK_NOTE, 0, s + a, e - a);
		a = e + 1;
	}
	if (r->rc)
		return;
	if (r->title.len) {
		size_t a = 0, e = r->title.len;
		trim(r->title.p, &a, &e);
		if (a < e) {
			r->title.p[e] = '\0';
			r->rc = quire_source_set_title(r->out, r->title.p + a);
		}
	}
	if (r->rc == QUIRE_OK && r->author.len) {
		size_t a = 0, e = r->author.len;
		trim(r->author.p, &a, &e);
		if (a < e) {
			r->author.p[e] = '\0';
			r->rc = quire_source_add_author(r->out, r->author.p + a);
		}
	}
	if (r->rc == QUIRE_OK && r->yr >= 1000 && r->yr <= 9999) {
		char date[16];
		if (r->mo >= 1 && r->mo <= 12 && r->dy >= 1 && r->dy <= 31)
			snprintf(date, sizeof date, "%04ld-%02ld-%02ld", r->yr, r->mo, r->dy);
		else
			snprintf(date, sizeof date, "%04ld", r->yr);
		r->rc = quire_source_set_date(r->out, date);
	}
	if (r->rc == QUIRE_OK)
		r->rc = quire_source_set_format(r->out, "rtf",
						cp_name(r->doc_cp, cpbuf, sizeof cpbuf));
	buf_t m = BUF_INIT;
	add_part(&m, r->n_pict, "image", "images");
	add_part(&m, r->n_object, "embedded object", "embedded objects");
	add_part(&m, r->n_comment, "comment", "comments");
	if (m.len)
		buf_puts(&m, " skipped");
	if (r->n_undecoded) {
		if (m.len)
			buf_puts(&m, "; ");
		buf_printf(&m, "%zu character%s in %s not decoded", r->n_undecoded,
			   r->n_undecoded == 1 ? "" : "s",
			   cp_name(r->undecoded_cp, cpbuf, sizeof cpbuf));
	}
	if (r->fallback_cp) {
		if (m.len)
			buf_puts(&m, "; ");
		buf_printf(&m, "text in %s read as Windows-1252",
			   cp_name(r->fallback_cp, cpbuf, sizeof cpbuf));
	}
	if (r->truncated) {
		if (m.len)
			buf_puts(&m, "; ");
		buf_puts(&m, "the RTF ends early");
	}
	if (buf_failed(&m))
		r->rc = QUIRE_ENOMEM;
	else if (m.len && r->rc == QUIRE_OK)
		r->rc = quire_source_add_remark(r->out, m.p);
	buf_free(&m);
}

quire_status rd_rtf_read(const unsigned char *bytes, size_t n,
			 quire_source *out, quire_error *err)
{
	if (n < 5 || memcmp(bytes, "{\\rtf", 5) != 0)
		return quire_error_set(err, QUIRE_EFORMAT,
				       "not an RTF document (no {\\rtf header)");
	rtf *r = calloc(1, sizeof *r);
	if (!r)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	r->p = bytes;
	r->n = n;
	r->out = out;
	r->err = err;
	r->doc_cp = 1252;
	r->fonttbl_cur = -1;
	r->ss_outline = -1;
	r->ss_para = 1;
	r->st.dest = D_BODY;
	r->st.uc = 1;
	r->st.font = -1;
	reset_para_props(&r->st);
	buf_init(&r->ss_name);
	buf_init(&r->para);
	buf_init(&r->notes);
	buf_init(&r->title);
	buf_init(&r->author);
	buf_init(&r->held);
	r->holding = 1;
	r->stack = malloc(RTF_MAX_DEPTH * sizeof *r->stack);
	r->font_cp = calloc(RTF_NFONTS, sizeof *r->font_cp);
	r->font_flags = calloc(RTF_NFONTS, 1);
	r->style_kind = calloc(RTF_NSTYLES, 1);
	r->style_level = calloc(RTF_NSTYLES, 1);
	if (!r->stack || !r->font_cp || !r->font_flags || !r->style_kind ||
	    !r->style_level)
		r->rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	while (r->rc == QUIRE_OK && !r->done && r->i < r->n) {
		unsigned char c = r->p[r->i];
		if (c == '{') {
			r->i++;
			group_open(r);
		} else if (c == '}') {
			r->i++;
			group_close(r);
		} else if (c == '\\') {
			r->i++;
			control(r);
		} else {
			text(r);
		}
	}
	if (r->rc == QUIRE_OK && !r->done)
		r->truncated = 1;
	quire_status rc = r->rc;
	int limit_error = rc != QUIRE_OK && err && err->code == rc;
	if (rc == QUIRE_OK) {
		finish(r);
		rc = r->rc;
	}
	if (rc == QUIRE_OK && !r->any_block && quire_source_count(out) == 0)
		rc = quire_error_set(err, QUIRE_EINPUT, "the RTF document holds no text");
	else if (rc != QUIRE_OK && !limit_error)
		quire_error_set(err, rc, "out of memory");
	buf_free(&r->ss_name);
	buf_free(&r->para);
	buf_free(&r->notes);
	buf_free(&r->title);
	buf_free(&r->author);
	buf_free(&r->held);
	free(r->stack);
	free(r->font_cp);
	free(r->font_flags);
	free(r->style_kind);
	free(r->style_level);
	free(r);
	return rc;
}
