/*
 * rd_html.c — the HTML reader, and the HTML-to-blocks walk it shares with
 * the EPUB reader (html_blocks.h).
 *
 * Parser: libxml2's HTML parser (NONET | NOERROR | NOWARNING | RECOVER),
 * not gumbo.  Measured (issue 4): on the 6 HTML files of
 * shared/data/papers/generated-formats (30,655 words) and the 159 XHTML
 * chapters of the three Standard Ebooks EPUBs (491,184 words) the text the
 * two parsers give is word-for-word the same; on hand-made broken pages
 * (unclosed <p>/<li>, misnested <b><i></b></i>, tables without <tbody>,
 * entities, <br>, "</div>" inside a <script> string, <noscript>, comments,
 * <template>, <svg>) they agree except that libxml2 keeps a bogus
 * "<![CDATA[…]]>" outside SVG as text (removed here, as HTML5 does) and
 * drops invalid character references where gumbo writes U+FFFD.  gumbo
 * reads UTF-8 only (a Latin-1 page becomes U+FFFD), and took 27 s on
 * 100,000 nested <div>s (its scope checks walk the open-element stack);
 * libxml2 stops at its 256-level depth limit at once.  libxml2 is also a
 * dependency already.  RECOVER matters: with it, a script ends only at its
 * own end tag.
 *
 * Encoding (hb_parse_html): BOM, else <meta charset> / http-equiv in the
 * first 4 KB, else UTF-8 when the bytes are valid UTF-8, else
 * Windows-1252.  Latin-1 family pages are decoded here, so the child
 * process needs no iconv module (it may not open files).
 *
 * Metadata: <title>; meta citation_title, DC.title, og:title (preferred in
 * that order over <title>, which often carries " | Site"; the first <h1>
 * replaces a <title> that contains it); citation_author (several), else
 * DC.creator (several), else author; citation_publication_date,
 * citation_date, DC.date, article:published_time, date.
 *
 * Main content: <main>, else [role=main], else the one <article>, else
 * <body>.  Inside it, web pages lose their boilerplate: script, style,
 * noscript, template and the like always; nav, the page's header (not a
 * header inside article, main or section), footer, aside (unless a
 * footnote), form, menu, dialog; elements whose id, class or role has a
 * word saying navigation, menu, sidebar, cookie, consent, banner, advert,
 * share, related, comments, breadcrumb, skip (link), footer, popup,
 * newsletter (unless a word also says content, main, article, post, entry,
 * story or body); and, last, paragraphs, list items and tables whose
 * visible text is mostly link text (links to "#…" in the page excepted).
 *
 * Blocks: h1–h6 headings; p, div and the like paragraphs; li list items
 * with their depth; blockquote quotes; pre code (verbatim); a table one
 * block of kind NONE, a row a line, cells joined by " | "; dt and dd
 * paragraphs; <br> a '\n' inside the block.  Footnote sections (class
 * footnotes, role doc-endnotes, epub:type footnote…) give NOTE blocks and
 * lose their back links; bibliographies (role doc-bibliography, class
 * references or csl-bib-body, id refs, epub:type bibliography) give
 * REFERENCE blocks.  Inline elements add nothing: white space in the text
 * is what separates words, so "wo<b>rd</b>" stays one word.  Images, SVG,
 * embedded objects and MathML are counted in one remark.
 */
#include "formats.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/parser.h>

#include "buf.h"
#include "decode.h"
#include "html_blocks.h"
#include "xmlx.h"

/* ------------------------------------------------------------------ */
/* Elements                                                            */
/* ------------------------------------------------------------------ */

enum {
	T_BLOCK = 1 << 0,   /* a block boundary */
	T_SKIP = 1 << 1,    /* never text */
	T_BOILER = 1 << 2,  /* boilerplate on web pages */
	T_IMAGE = 1 << 3,   /* counted as an image */
	T_OBJECT = 1 << 4,  /* counted as an embedded object */
	T_FORMULA = 1 << 5, /* counted as a formula */
	T_HEADING = 1 << 6,
	T_PRE = 1 << 7,
	T_LI = 1 << 8,
	T_QUOTE = 1 << 9,
	T_TABLE = 1 << 10,
	T_TR = 1 << 11,
	T_CELL = 1 << 12,
	T_BR = 1 << 13,
	T_LINK = 1 << 14,
	T_SECTION = 1 << 15, /* article, main, section: their header is kept */
	T_HEADER = 1 << 16,
	T_LIST = 1 << 17
};

typedef struct tag_info {
	const char *name;
	unsigned flags;
	int level;
} tag_info;

/* Sorted by name (bsearch). */
static const tag_info hb_tags[] = {
	{"a", T_LINK, 0},
	{"address", T_BLOCK, 0},
	{"applet", T_SKIP | T_OBJECT, 0},
	{"area", T_SKIP, 0},
	{"article", T_BLOCK | T_SECTION, 0},
	{"aside", T_BLOCK | T_BOILER, 0},
	{"audio", T_SKIP | T_OBJECT, 0},
	{"blockquote", T_BLOCK | T_QUOTE, 0},
	{"body", T_BLOCK, 0},
	{"br", T_BR, 0},
	{"button", T_SKIP, 0},
	{"canvas", T_SKIP | T_OBJECT, 0},
	{"caption", T_BLOCK, 0},
	{"center", T_BLOCK, 0},
	{"datalist", T_SKIP, 0},
	{"dd", T_BLOCK, 0},
	{"details", T_BLOCK, 0},
	{"dialog", T_BLOCK | T_BOILER, 0},
	{"dir", T_BLOCK | T_LIST, 0},
	{"div", T_BLOCK, 0},
	{"dl", T_BLOCK | T_LIST, 0},
	{"dt", T_BLOCK, 0},
	{"embed", T_SKIP | T_OBJECT, 0},
	{"fieldset", T_BLOCK, 0},
	{"figcaption", T_BLOCK, 0},
	{"figure", T_BLOCK, 0},
	{"footer", T_BLOCK | T_BOILER, 0},
	{"form", T_BLOCK | T_BOILER, 0},
	{"frame", T_SKIP | T_OBJECT, 0},
	{"frameset", T_SKIP, 0},
	{"h1", T_BLOCK | T_HEADING, 1},
	{"h2", T_BLOCK | T_HEADING, 2},
	{"h3", T_BLOCK | T_HEADING, 3},
	{"h4", T_BLOCK | T_HEADING, 4},
	{"h5", T_BLOCK | T_HEADING, 5},
	{"h6", T_BLOCK | T_HEADING, 6},
	{"head", T_SKIP, 0},
	{"header", T_BLOCK | T_HEADER, 0},
	{"hgroup", T_BLOCK, 0},
	{"hr", T_BLOCK, 0},
	{"html", T_BLOCK, 0},
	{"iframe", T_SKIP | T_OBJECT, 0},
	{"img", T_SKIP | T_IMAGE, 0},
	{"input", T_SKIP, 0},
	{"legend", T_BLOCK, 0},
	{"li", T_BLOCK | T_LI, 0},
	{"link", T_SKIP, 0},
	{"main", T_BLOCK | T_SECTION, 0},
	{"map", T_SKIP, 0},
	{"math", T_SKIP | T_FORMULA, 0},
	{"menu", T_BLOCK | T_BOILER | T_LIST, 0},
	{"meta", T_SKIP, 0},
	{"nav", T_BLOCK | T_BOILER, 0},
	{"noembed", T_SKIP, 0},
	{"noframes", T_SKIP, 0},
	{"noscript", T_SKIP, 0},
	{"object", T_SKIP | T_OBJECT, 0},
	{"ol", T_BLOCK | T_LIST, 0},
	{"optgroup", T_SKIP, 0},
	{"option", T_SKIP, 0},
	{"p", T_BLOCK, 0},
	{"param", T_SKIP, 0},
	{"picture", T_SKIP | T_IMAGE, 0},
	{"pre", T_BLOCK | T_PRE, 0},
	{"rp", T_SKIP, 0},
	{"script", T_SKIP, 0},
	{"section", T_BLOCK | T_SECTION, 0},
	{"select", T_SKIP, 0},
	{"source", T_SKIP, 0},
	{"style", T_SKIP, 0},
	{"summary", T_BLOCK, 0},
	{"svg", T_SKIP | T_IMAGE, 0},
	{"table", T_BLOCK | T_TABLE, 0},
	{"tbody", 0, 0},
	{"td", T_CELL, 0},
	{"template", T_SKIP, 0},
	{"textarea", T_SKIP, 0},
	{"tfoot", 0, 0},
	{"th", T_CELL, 0},
	{"thead", 0, 0},
	{"title", T_SKIP, 0},
	{"tr", T_TR, 0},
	{"track", T_SKIP, 0},
	{"ul", T_BLOCK | T_LIST, 0},
	{"video", T_SKIP | T_OBJECT, 0},
	{"xmp", T_BLOCK | T_PRE, 0},
};

static int tag_cmp(const void *k, const void *e)
{
	return strcmp((const char *)k, ((const tag_info *)e)->name);
}

/* The element's entry (names are lower case from both parsers; an XHTML
 * chapter may use upper case, which is folded here). */
static const tag_info *tag_lookup(const xmlNode *n)
{
	char low[16];
	const char *name = (const char *)n->name;
	size_t k = 0;
	for (; name[k] && k + 1 < sizeof low; k++)
		low[k] = (name[k] >= 'A' && name[k] <= 'Z') ? (char)(name[k] + 32) : name[k];
	if (name[k])
		return NULL;
	low[k] = '\0';
	return bsearch(low, hb_tags, sizeof hb_tags / sizeof hb_tags[0],
		       sizeof hb_tags[0], tag_cmp);
}

/* The value of attribute name (no namespace or any prefix; "epub:type"
 * matches both epub:type in XHTML and the literal name in HTML). */
static const char *attr(const xmlNode *n, const char *name)
{
	for (const xmlAttr *a = n->properties; a; a = a->next) {
		const char *an = (const char *)a->name;
		int hit;
		if (strncmp(name, "epub:", 5) == 0)
			hit = strcasecmp(an, name) == 0 ||
			      (a->ns && a->ns->prefix &&
			       strcmp((const char *)a->ns->prefix, "epub") == 0 &&
			       strcmp(an, name + 5) == 0);
		else
			hit = !a->ns && strcasecmp(an, name) == 0;
		if (hit) {
			const xmlNode *c = a->children;
			if (c && (c->type == XML_TEXT_NODE) && c->content)
				return (const char *)c->content;
			return "";
		}
	}
	return NULL;
}

/* Non-zero if one of the words of s (split at anything but letters and
 * digits) is in the NULL-terminated list (ASCII case-insensitive). */
static int has_word(const char *s, const char *const *list)
{
	if (!s)
		return 0;
	while (*s) {
		while (*s && !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
			       (*s >= '0' && *s <= '9')))
			s++;
		const char *w = s;
		while ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		       (*s >= '0' && *s <= '9'))
			s++;
		size_t k = (size_t)(s - w);
		if (k == 0)
			continue;
		for (size_t i = 0; list[i]; i++)
			if (strlen(list[i]) == k && strncasecmp(list[i], w, k) == 0)
				return 1;
	}
	return 0;
}

/* Non-zero if one of the space-separated tokens of s is in list
 * (ASCII case-insensitive, whole tokens: "footnote-ref" is not "footnote"). */
static int has_token(const char *s, const char *const *list)
{
	if (!s)
		return 0;
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		const char *w = s;
		while (*s && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			s++;
		size_t k = (size_t)(s - w);
		for (size_t i = 0; k && list[i]; i++)
			if (strlen(list[i]) == k && strncasecmp(list[i], w, k) == 0)
				return 1;
	}
	return 0;
}

static const char *const note_classes[] = {
	"footnotes", "footnote", "endnotes", "endnote", "rearnotes", "rearnote",
	"doc-endnotes", "doc-footnote", "doc-endnote", "doc-footnotes", NULL};
static const char *const ref_classes[] = {
	"references", "bibliography", "csl-bib-body", "doc-bibliography", NULL};
static const char *const backlink_classes[] = {
	"footnote-back", "footnote-backref", "doc-backlink", "backlink", NULL};
static const char *const boiler_words[] = {
	"nav", "navbar", "navigation", "menu", "menubar", "sidebar", "cookie",
	"cookies", "consent", "gdpr", "banner", "advert", "advertisement", "ad",
	"ads", "adsbox", "sponsor", "sponsored", "share", "sharing", "social",
	"related", "comments", "comment", "breadcrumb", "breadcrumbs", "skip",
	"skiplink", "footer", "popup", "modal", "newsletter", "subscribe",
	"promo", "masthead", "toolbar", NULL};
static const char *const content_words[] = {
	"content", "main", "article", "post", "entry", "story", "body", NULL};
static const char *const boiler_roles[] = {
	"navigation", "banner", "contentinfo", "complementary", "search", "menu",
	"menubar", "dialog", "alertdialog", "toolbar", NULL};

/* ------------------------------------------------------------------ */
/* Blocks                                                              */
/* ------------------------------------------------------------------ */

/* Flags pushed for each element entered, popped when it is left. */
enum {
	F_NOTE = 1, F_REF = 2, F_TITLEPAGE = 4, F_SECTION = 8, F_LINK = 16,
	F_LI = 32, F_QUOTE = 64, F_HEADING = 128, F_PRE = 256, F_TABLE = 512,
	F_BLOCK = 1024
};

void hb_init(hb_state *st, quire_source *out, int web, const char *title)
{
	memset(st, 0, sizeof *st);
	st->out = out;
	st->web = web;
	st->title = title && *title ? title : NULL;
	buf_init(&st->text);
	buf_init(&st->ctx);
}

void hb_free(hb_state *st)
{
	buf_free(&st->text);
	buf_free(&st->ctx);
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int hb_same_words(const char *a, const char *b)
{
	for (;;) {
		while (*a && (is_ws(*a) || *a == '.' || *a == ':'))
			a++;
		while (*b && (is_ws(*b) || *b == '.' || *b == ':'))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		char x = *a, y = *b;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (char)(y + 32);
		if (x != y)
			return 0;
		a++;
		b++;
	}
}

/* Appends text s[0..n): verbatim in <pre>, else with runs of white space
 * made one space (dropped at the start of a block). */
static void put_text(hb_state *st, const char *s, size_t n)
{
	buf_t *b = &st->text;
	if (st->pre) {
		for (size_t i = 0; i < n; i++) {
			if (s[i] == '\r')
				continue;
			buf_putc(b, s[i]);
			if (!is_ws(s[i])) {
				st->all_bytes++;
				if (st->link)
					st->link_bytes++;
			}
		}
		return;
	}
	for (size_t i = 0; i < n;) {
		if (is_ws(s[i])) {
			if (b->len && b->p[b->len - 1] != '\n')
				st->pending_space = 1;
			i++;
			continue;
		}
		/* "<![CDATA[…>" outside SVG is a bogus comment in HTML5;
		 * libxml2's HTML parser leaves it as text */
		if (s[i] == '<' && n - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
			const char *gt = memchr(s + i, '>', n - i);
			i = gt ? (size_t)(gt - s) + 1 : n;
			continue;
		}
		size_t j = i;
		while (j < n && !is_ws(s[j]) && s[j] != '<')
			j++;
		if (j == i)
			j++;
		if (st->pending_space) {
			buf_putc(b, ' ');
			st->pending_space = 0;
		}
		buf_append(b, s + i, j - i);
		st->all_bytes += j - i;
		if (st->link)
			st->link_bytes += j - i;
		i = j;
	}
}

static void put_break(hb_state *st)
{
	buf_t *b = &st->text;
	st->pending_space = 0;
	if (st->heading || st->table) {
		if (b->len && b->p[b->len - 1] != ' ')
			st->pending_space = 1;
		return;
	}
	buf_putc(b, '\n');
}

static unsigned top_flags(const hb_state *st)
{
	unsigned f = 0;
	if (st->ctx.len >= sizeof f)
		memcpy(&f, st->ctx.p + st->ctx.len - sizeof f, sizeof f);
	return f;
}

/* The kind a paragraph-like block gets from its containers. */
static quire_block_kind context_kind(const hb_state *st, int *level)
{
	*level = 0;
	if (st->note)
		return QUIRE_BLOCK_NOTE;
	if (st->ref)
		return QUIRE_BLOCK_REFERENCE;
	for (size_t i = st->ctx.len / sizeof(unsigned); i-- > 0;) {
		unsigned f;
		memcpy(&f, st->ctx.p + i * sizeof f, sizeof f);
		if (f & F_LI) {
			*level = st->list;
			return QUIRE_BLOCK_LIST_ITEM;
		}
		if (f & F_QUOTE)
			return QUIRE_BLOCK_QUOTE;
	}
	return QUIRE_BLOCK_PARAGRAPH;
}

/* Emits the open block as kind (with level) and empties it. */
static void emit(hb_state *st, quire_block_kind kind, int level)
{
	buf_t *b = &st->text;
	if (buf_failed(b) && st->rc == QUIRE_OK)
		st->rc = QUIRE_ENOMEM;
	size_t s = 0, e = b->len;
	int code = kind == QUIRE_BLOCK_CODE; /* keeps its indentation */
	while (s < e && (b->p[s] == '\n' || (!code && b->p[s] == ' ')))
		s++;
	while (e > s && (b->p[e - 1] == '\n' || b->p[e - 1] == ' '))
		e--;
	int keep = e > s && st->rc == QUIRE_OK;
	if (keep && st->web && st->all_bytes &&
	    (kind == QUIRE_BLOCK_PARAGRAPH || kind == QUIRE_BLOCK_LIST_ITEM ||
	     kind == QUIRE_BLOCK_NONE) &&
	    st->link_bytes * 2 > st->all_bytes) {
		keep = 0; /* mostly links: navigation left over */
		st->n_dropped_links++;
	}
	if (keep && st->title && kind != QUIRE_BLOCK_CODE &&
	    e - s <= 2 * strlen(st->title) + 16) {
		b->p[e] = '\0';
		if (hb_same_words(b->p + s, st->title)) {
			if (st->title_seen)
				keep = 0; /* a chapter repeating the title */
			st->title_seen = 1;
		}
	}
	if (keep)
		st->rc = quire_source_add_block(st->out, kind, level, b->p + s, e - s);
	buf_reset(b);
	st->pending_space = 0;
	st->link_bytes = st->all_bytes = 0;
}

/* A block boundary: inside a heading, <pre> or a table it is only a
 * space; elsewhere the open block is emitted. */
static void boundary(hb_state *st)
{
	if (st->heading || st->table || st->pre) {
		if (!st->pre && st->text.len)
			st->pending_space = 1;
		return;
	}
	int level;
	quire_block_kind k = context_kind(st, &level);
	emit(st, k, level);
}

/* Non-zero if the element is web boilerplate. */
static int is_boiler(const hb_state *st, const xmlNode *n, const tag_info *ti)
{
	if (ti && (ti->flags & T_SECTION))
		return 0;
	if (ti && strcmp(ti->name, "body") == 0)
		return 0;
	if (ti && (ti->flags & T_BOILER))
		return 1;
	if (ti && (ti->flags & T_HEADER) && !st->article)
		return 1;
	const char *role = attr(n, "role");
	if (role && has_token(role, boiler_roles))
		return 1;
	const char *id = attr(n, "id"), *cls = attr(n, "class");
	if ((has_word(id, boiler_words) || has_word(cls, boiler_words)) &&
	    !has_word(id, content_words) && !has_word(cls, content_words))
		return 1;
	return 0;
}

static void push_flags(hb_state *st, unsigned f)
{
	buf_append(&st->ctx, &f, sizeof f);
}

/* Entering element n.  Returns 0 when its children are to be skipped. */
static int enter(hb_state *st, xmlNode *n)
{
	const tag_info *ti = tag_lookup(n);
	unsigned tf = ti ? ti->flags : 0;
	if (tf & T_SKIP) {
		st->n_images += (tf & T_IMAGE) != 0;
		st->n_objects += (tf & T_OBJECT) != 0;
		st->n_formulas += (tf & T_FORMULA) != 0;
		return 0;
	}
	const char *role = attr(n, "role"), *cls = attr(n, "class");
	const char *etype = attr(n, "epub:type");
	if (has_token(role, backlink_classes) || has_token(cls, backlink_classes) ||
	    has_token(etype, backlink_classes))
		return 0;
	int note = has_token(role, note_classes) || has_token(cls, note_classes) ||
		   has_token(etype, note_classes);
	if (!note && st->web && is_boiler(st, n, ti))
		return 0;
	if (st->titlepage) {
		static const char *const tp_drop[] = {"author", "date", "rights", NULL};
		if (has_token(cls, tp_drop))
			return 0; /* the metadata has them */
	}
	int ref = !note && (has_token(role, ref_classes) ||
			    has_token(cls, ref_classes) ||
			    has_token(etype, ref_classes) ||
			    (attr(n, "id") && strcmp(attr(n, "id"), "refs") == 0));
	unsigned f = 0;
	if (tf & T_BLOCK) {
		boundary(st);
		f |= F_BLOCK;
	}
	if (note) {
		f |= F_NOTE;
		st->note++;
	}
	if (ref) {
		f |= F_REF;
		st->ref++;
	}
	static const char *const tp[] = {"titlepage", NULL};
	if (has_token(etype, tp) || has_token(cls, tp)) {
		f |= F_TITLEPAGE;
		st->titlepage++;
	}
	if (tf & T_SECTION) {
		f |= F_SECTION;
		st->article++;
	}
	if (tf & T_LINK) {
		const char *href = attr(n, "href");
		if (href && href[0] != '#') {
			f |= F_LINK;
			st->link++;
		}
	}
	if ((tf & T_HEADING) && !st->heading && !st->table && !st->pre) {
		f |= F_HEADING;
		st->heading = ti->level;
	}
	if (tf & T_PRE) {
		f |= F_PRE;
		st->pre++;
	}
	if ((tf & T_LI) && !st->table) {
		f |= F_LI;
		st->list++;
	}
	if ((tf & T_QUOTE) && !st->table)
		f |= F_QUOTE;
	if (tf & T_TABLE) {
		f |= F_TABLE;
		st->table++;
	}
	if (tf & T_TR && st->table)
		st->cells = 0;
	if (tf & T_CELL && st->table) {
		if (st->cells++) {
			st->pending_space = 0;
			buf_puts(&st->text, " | ");
		}
	}
	if (tf & T_BR)
		put_break(st);
	push_flags(st, f);
	return 1;
}

static void leave(hb_state *st, xmlNode *n)
{
	unsigned f = top_flags(st);
	const tag_info *ti = tag_lookup(n);
	if (f & F_HEADING) {
		int level = st->heading;
		quire_block_kind k = st->note ? QUIRE_BLOCK_NOTE : QUIRE_BLOCK_HEADING;
		emit(st, k, k == QUIRE_BLOCK_HEADING ? level : 0);
		st->heading = 0;
	} else if (f & F_PRE) {
		st->pre--;
		if (!st->pre && !st->table && !st->heading)
			emit(st, st->note ? QUIRE_BLOCK_NOTE : QUIRE_BLOCK_CODE, 0);
	} else if (f & F_TABLE) {
		st->table--;
		if (!st->table && !st->heading && !st->pre) {
			int level;
			quire_block_kind k = context_kind(st, &level);
			if (k == QUIRE_BLOCK_PARAGRAPH || k == QUIRE_BLOCK_QUOTE ||
			    k == QUIRE_BLOCK_LIST_ITEM)
				k = QUIRE_BLOCK_NONE, level = 0;
			emit(st, k, level);
		}
	} else if (f & F_BLOCK) {
		boundary(st);
	}
	if (ti && (ti->flags & T_TR) && st->table) {
		st->pending_space = 0;
		buf_putc(&st->text, '\n');
	}
	if (st->ctx.len >= sizeof f)
		st->ctx.len -= sizeof f; /* popped after the block is emitted */
	if (f & F_LI)
		st->list--;
	if (f & F_NOTE)
		st->note--;
	if (f & F_REF)
		st->ref--;
	if (f & F_TITLEPAGE)
		st->titlepage--;
	if (f & F_SECTION)
		st->article--;
	if (f & F_LINK)
		st->link--;
	if ((buf_failed(&st->text) || buf_failed(&st->ctx)) && st->rc == QUIRE_OK)
		st->rc = QUIRE_ENOMEM;
}

quire_status hb_walk(hb_state *st, xmlNode *root)
{
	xmlx_walk w;
	xmlNodePtr n;
	int leaving;
	xmlNodePtr skipped = NULL;
	xmlx_walk_init(&w, root);
	while (st->rc == QUIRE_OK && xmlx_next(&w, &n, &leaving)) {
		switch (n->type) {
		case XML_ELEMENT_NODE:
			if (leaving) {
				if (n == skipped)
					skipped = NULL;
				else
					leave(st, n);
			} else if (!enter(st, n)) {
				xmlx_skip(&w);
				skipped = n;
			}
			break;
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content)
				put_text(st, (const char *)n->content,
					 strlen((const char *)n->content));
			break;
		default: /* comments, PIs, entity references: nothing */
			break;
		}
		if (buf_failed(&st->text) && st->rc == QUIRE_OK)
			st->rc = QUIRE_ENOMEM;
	}
	/* whatever is left open (a chapter ends) */
	st->heading = st->table = st->pre = 0;
	boundary(st);
	st->ctx.len = 0;
	st->note = st->ref = st->list = st->link = st->titlepage = 0;
	return st->rc;
}

/* "2 images, 1 embedded object skipped" */
quire_status hb_finish(hb_state *st)
{
	char msg[160];
	size_t k = 0;
	struct {
		size_t n;
		const char *one, *many;
	} parts[] = {
		{st->n_images, "image", "images"},
		{st->n_objects, "embedded object", "embedded objects"},
		{st->n_formulas, "formula", "formulas"},
	};
	msg[0] = '\0';
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		if (!parts[i].n)
			continue;
		k += (size_t)snprintf(msg + k, sizeof msg - k, "%s%zu %s", k ? ", " : "",
				      parts[i].n, parts[i].n == 1 ? parts[i].one : parts[i].many);
		if (k >= sizeof msg)
			k = sizeof msg - 1;
	}
	quire_status rc = st->rc;
	if (rc == QUIRE_OK && k) {
		snprintf(msg + k, sizeof msg - k, " skipped");
		rc = quire_source_add_remark(st->out, msg);
	}
	hb_free(st);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Parsing and encoding                                                */
/* ------------------------------------------------------------------ */

/* Windows-1252 0x80..0x9F (0: undefined, dropped). */
static const unsigned short cp1252_hi[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static char *from_cp1252(const unsigned char *b, size_t n, size_t *outn)
{
	char *o = malloc(3 * n + 1);
	size_t k = 0;
	if (!o)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned long c = b[i];
		if (c >= 0x80 && c < 0xA0) {
			c = cp1252_hi[c - 0x80];
			if (!c)
				continue;
		}
		k += dec_put_utf8(o + k, c);
	}
	o[k] = '\0';
	*outn = k;
	return o;
}

static int valid_utf8(const unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (b[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = dec_utf8_seq(b + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* The charset a <meta> declares in the first 4 KB, into name (lower case);
 * 0 if none. */
static int meta_charset(const unsigned char *b, size_t n, char *name, size_t size)
{
	size_t w = n < 4096 ? n : 4096;
	const char *s = (const char *)b, *e = s + w;
	for (const char *p = s; p + 5 < e; p++) {
		if (p[0] != '<' || strncasecmp(p + 1, "meta", 4) != 0)
			continue;
		const char *gt = memchr(p, '>', (size_t)(e - p));
		const char *end = gt ? gt : e;
		for (const char *q = p + 5; q + 7 < end; q++) {
			if (strncasecmp(q, "charset", 7) != 0)
				continue;
			const char *v = q + 7;
			while (v < end && (*v == ' ' || *v == '\t'))
				v++;
			if (v >= end || *v != '=')
				continue;
			v++;
			while (v < end && (*v == ' ' || *v == '\t' || *v == '"' || *v == '\''))
				v++;
			size_t k = 0;
			while (v < end && k + 1 < size &&
			       ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
				(*v >= '0' && *v <= '9') || *v == '-' || *v == '_' ||
				*v == '.' || *v == ':')) {
				name[k++] = (*v >= 'A' && *v <= 'Z') ? (char)(*v + 32) : *v;
				v++;
			}
			name[k] = '\0';
			if (k)
				return 1;
		}
	}
	return 0;
}

static int is_latin1_name(const char *s)
{
	static const char *const names[] = {
		"iso-8859-1", "iso8859-1", "latin1", "l1", "iso_8859-1",
		"us-ascii", "ascii", "windows-1252", "cp1252", "x-cp1252",
		"iso-ir-100", "ibm819", "cp819", "csisolatin1", NULL};
	for (size_t i = 0; names[i]; i++)
		if (strcmp(s, names[i]) == 0)
			return 1;
	return 0;
}

xmlDoc *hb_parse_html(const unsigned char *bytes, size_t n,
		      char encoding[HB_ENC_SIZE], int *guessed, int *depth_cut)
{
	const char *enc = "UTF-8", *pass = "UTF-8";
	char *conv = NULL;
	const char *data = (const char *)bytes;
	size_t len = n;
	char decl[40];
	*depth_cut = 0;
	*guessed = 0;
	if (n >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	} else if (n >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) {
		enc = pass = "UTF-16LE";
	} else if (n >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) {
		enc = pass = "UTF-16BE";
	} else {
		int declared = meta_charset(bytes, n, decl, sizeof decl);
		int latin = declared ? is_latin1_name(decl) : 0;
		if (declared && !latin && strcmp(decl, "utf-8") != 0 &&
		    strcmp(decl, "utf8") != 0 && strncmp(decl, "utf-16", 6) != 0) {
			/* another charset: libxml2 (iconv) if it can */
			xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(decl);
			if (h) {
				xmlCharEncCloseFunc(h);
				enc = "declared";
				pass = decl;
			} else {
				declared = 0;
			}
		}
		if (strcmp(enc, "declared") == 0) {
			/* handled by libxml2 below */
		} else if (latin || (!declared && !valid_utf8(bytes, n))) {
			conv = from_cp1252(bytes, n, &len);
			if (!conv)
				return NULL;
			data = conv;
			enc = "Windows-1252";
			*guessed = !latin;
		}
	}
	if (len > INT_MAX) {
		free(conv);
		return NULL;
	}
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt) {
		free(conv);
		return NULL;
	}
	xmlDoc *doc = htmlCtxtReadMemory(ctxt, data, (int)len, NULL, pass,
					 HTML_PARSE_NONET | HTML_PARSE_NOERROR |
					 HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER);
	const xmlError *e = &ctxt->lastError;
	if (e->code == XML_ERR_INTERNAL_ERROR && e->message &&
	    strstr(e->message, "depth"))
		*depth_cut = 1;
	htmlFreeParserCtxt(ctxt);
	free(conv);
	if (strcmp(enc, "declared") == 0)
		enc = decl;
	snprintf(encoding, HB_ENC_SIZE, "%s", enc);
	return doc;
}

/* ------------------------------------------------------------------ */
/* Metadata and the main content                                       */
/* ------------------------------------------------------------------ */

typedef struct page_meta {
	char *title, *h1;
	char *citation_title, *dc_title, *og_title;
	char *date;
	int date_rank;
	xmlNode *main, *role_main, *article, *body;
	size_t n_articles;
} page_meta;

static void meta_free(page_meta *m)
{
	free(m->title);
	free(m->h1);
	free(m->citation_title);
	free(m->dc_title);
	free(m->og_title);
	free(m->date);
}

static void set_once(char **slot, const char *v)
{
	if (!*slot && v && *v)
		*slot = strdup(v);
}

/* Whitespace runs made one space, trimmed, in place. */
static void squeeze(char *s)
{
	if (!s)
		return;
	size_t k = 0;
	int sp = 0;
	for (size_t i = 0; s[i]; i++) {
		if (is_ws(s[i])) {
			sp = k > 0;
			continue;
		}
		if (sp)
			s[k++] = ' ';
		sp = 0;
		s[k++] = s[i];
	}
	s[k] = '\0';
}

/* Collects metadata and finds the main content in one walk; authors are
 * added to out as they come (citation_author first, see read_meta). */
static void scan_page(xmlDoc *doc, page_meta *m, buf_t *cit_auth, buf_t *dc_auth,
		      buf_t *auth)
{
	xmlx_walk w;
	xmlNodePtr n;
	int leaving;
	xmlx_walk_init(&w, (xmlNodePtr)doc);
	while (xmlx_next(&w, &n, &leaving)) {
		if (n->type != XML_ELEMENT_NODE || leaving)
			continue;
		const char *nm = (const char *)n->name;
		if (strcmp(nm, "script") == 0 || strcmp(nm, "style") == 0 ||
		    strcmp(nm, "template") == 0 || strcmp(nm, "svg") == 0) {
			xmlx_skip(&w);
			continue;
		}
		if (strcmp(nm, "title") == 0) {
			if (!m->title)
				m->title = xmlx_text(n);
			xmlx_skip(&w);
		} else if (strcmp(nm, "meta") == 0) {
			const char *name = attr(n, "name");
			if (!name)
				name = attr(n, "property");
			const char *content = attr(n, "content");
			if (!name || !content || !*content)
				continue;
			static const char *const dates[] = {
				"citation_publication_date", "citation_date", "dc.date",
				"dcterms.date", "dc.date.issued", "article:published_time",
				"date", NULL};
			if (strcasecmp(name, "citation_title") == 0)
				set_once(&m->citation_title, content);
			else if (strcasecmp(name, "dc.title") == 0 ||
				 strcasecmp(name, "dcterms.title") == 0)
				set_once(&m->dc_title, content);
			else if (strcasecmp(name, "og:title") == 0)
				set_once(&m->og_title, content);
			else if (strcasecmp(name, "citation_author") == 0)
				buf_append(cit_auth, content, strlen(content) + 1);
			else if (strcasecmp(name, "dc.creator") == 0 ||
				 strcasecmp(name, "dcterms.creator") == 0)
				buf_append(dc_auth, content, strlen(content) + 1);
			else if (strcasecmp(name, "author") == 0)
				buf_append(auth, content, strlen(content) + 1);
			for (int r = 0; dates[r]; r++)
				if (strcasecmp(name, dates[r]) == 0 &&
				    (!m->date || r < m->date_rank)) {
					free(m->date);
					m->date = strdup(content);
					m->date_rank = r;
				}
		} else if (strcmp(nm, "body") == 0) {
			if (!m->body)
				m->body = n;
		} else if (strcmp(nm, "main") == 0) {
			if (!m->main)
				m->main = n;
		} else if (strcmp(nm, "article") == 0) {
			/* count outermost articles only */
			int nested = 0;
			for (xmlNode *p = n->parent; p && !nested; p = p->parent)
				nested = p->type == XML_ELEMENT_NODE &&
					 strcmp((const char *)p->name, "article") == 0;
			if (!nested) {
				m->n_articles++;
				if (!m->article)
					m->article = n;
			}
		} else if (strcmp(nm, "h1") == 0) {
			if (!m->h1)
				m->h1 = xmlx_text(n);
		}
		const char *role = attr(n, "role");
		if (role && strcasecmp(role, "main") == 0 && !m->role_main)
			m->role_main = n;
	}
}

/* Adds the NUL-separated names in b as authors. */
static quire_status add_authors(quire_source *out, const buf_t *b)
{
	quire_status rc = QUIRE_OK;
	for (size_t i = 0; i < b->len && rc == QUIRE_OK;) {
		const char *s = b->p + i;
		size_t k = strlen(s);
		char *c = strdup(s);
		if (!c)
			return QUIRE_ENOMEM;
		squeeze(c);
		if (*c)
			rc = quire_source_add_author(out, c);
		free(c);
		i += k + 1;
	}
	return rc;
}

quire_status rd_html_read(const unsigned char *bytes, size_t n,
			  quire_source *out, quire_error *err)
{
	size_t i = 0;
	while (i < n && is_ws((char)bytes[i]))
		i++;
	if (i == n)
		return quire_error_set(err, QUIRE_EINPUT, "the page is empty");
	if (n > INT_MAX)
		return quire_error_set(err, QUIRE_ELIMIT, "the page is larger than 2 GB");
	char enc[HB_ENC_SIZE];
	int cut = 0, guessed = 0;
	xmlDoc *doc = hb_parse_html(bytes, n, enc, &guessed, &cut);
	if (!doc)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");

	page_meta m;
	memset(&m, 0, sizeof m);
	buf_t cit = BUF_INIT, dca = BUF_INIT, au = BUF_INIT;
	scan_page(doc, &m, &cit, &dca, &au);
	quire_status rc = QUIRE_OK;
	if (buf_failed(&cit) || buf_failed(&dca) || buf_failed(&au))
		rc = QUIRE_ENOMEM;

	xmlNode *root = m.main ? m.main : m.role_main ? m.role_main
		: m.n_articles == 1 ? m.article : m.body;
	if (!root)
		root = xmlDocGetRootElement(doc);
	hb_state st;
	hb_init(&st, out, 1, NULL);
	if (root && root != m.body && root != xmlDocGetRootElement(doc))
		st.article = 1; /* a header inside the main content is kept */
	if (rc == QUIRE_OK && root)
		rc = hb_walk(&st, root);
	if (rc == QUIRE_OK) {
		rc = hb_finish(&st);
	} else {
		hb_free(&st);
	}

	/* title */
	squeeze(m.title);
	squeeze(m.h1);
	squeeze(m.citation_title);
	squeeze(m.dc_title);
	squeeze(m.og_title);
	const char *title = m.citation_title && *m.citation_title ? m.citation_title
		: m.dc_title && *m.dc_title ? m.dc_title
		: m.og_title && *m.og_title ? m.og_title : NULL;
	if (!title && m.title && *m.title) {
		title = m.title;
		if (m.h1 && *m.h1 && strlen(m.h1) < strlen(m.title) &&
		    strstr(m.title, m.h1))
			title = m.h1; /* "Article | Site" */
	}
	if (rc == QUIRE_OK && title)
		rc = quire_source_set_title(out, title);
	if (rc == QUIRE_OK)
		rc = add_authors(out, cit.len ? &cit : dca.len ? &dca : &au);
	if (rc == QUIRE_OK && m.date) {
		squeeze(m.date);
		if (*m.date)
			rc = quire_source_set_date(out, m.date);
	}
	if (rc == QUIRE_OK)
		rc = quire_source_set_format(out, "html", enc);
	if (rc == QUIRE_OK && guessed)
		rc = quire_source_add_remark(out, "no charset declared and not UTF-8: read as Windows-1252");
	if (rc == QUIRE_OK && cut)
		rc = quire_source_add_remark(out, "the page nests elements more than 256 deep: "
					     "the text below that depth and after it was not read");
	meta_free(&m);
	buf_free(&cit);
	buf_free(&dca);
	buf_free(&au);
	xmlFreeDoc(doc);
	if (rc != QUIRE_OK)
		return quire_error_set(err, rc, "out of memory");
	int blocks = 0;
	for (size_t k = 0; k < quire_source_count(out) && !blocks; k++)
		blocks = quire_source_item(out, k)->type == QUIRE_ITEM_BLOCK;
	if (!blocks) {
		if (cut)
			return quire_error_set(err, QUIRE_ELIMIT,
					       "the page nests elements more than 256 deep");
		return quire_error_set(err, QUIRE_EINPUT, "the page has no text");
	}
	return QUIRE_OK;
}
