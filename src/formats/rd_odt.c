/*
 * rd_odt.c — the OpenDocument text (ODT) reader.
 *
 * The archive is opened with zipx (zip-bomb limits) and content.xml,
 * styles.xml and meta.xml are parsed with xmlx (no entities, no network,
 * depth guard).  An archive whose META-INF/manifest.xml carries
 * encryption data is refused as password-protected.
 *
 * Styles: paragraph styles of content.xml's automatic styles and of
 * styles.xml (common and automatic) form one table.  A paragraph's style
 * is resolved by name, following style:parent-style-name up to 16 steps,
 * to the first style whose display name (else its name with "_20_" read
 * as a space) is known:
 *   title → TITLE; subtitle → HEADING 1; heading N → HEADING N;
 *   quotations / quote → QUOTE; bibliography 1 / bibliography → REFERENCE;
 *   preformatted text / source text → CODE.
 * A hanging indent (negative fo:text-indent) after a heading that names a
 * bibliography makes a REFERENCE, as in the DOCX reader.  text:h is a
 * HEADING of its text:outline-level (default 1), unless its style is the
 * Title.  A paragraph inside text:list gets LIST_ITEM, depth = the number
 * of enclosing text:list elements.
 *
 * Inline: text nodes under the paragraph; text:s → one space (the core
 * folds runs), text:tab → space, text:line-break → '\n'; text:a gets
 * " <url>" when its text differs from its xlink:href; text:note is taken
 * out of the paragraph (its citation mark dropped) and its body becomes a
 * NOTE block at the end (footnotes, then endnotes); office:annotation
 * (comments), text:tracked-changes (deleted text), svg:title/desc,
 * tables of contents and the *-source templates of indexes are left out;
 * draw:image and draw:object are counted in one remark; text boxes are
 * read in place ('\n' between their paragraphs).
 * Tables: as in the DOCX reader (one NONE block per outermost table, a
 * line per row, cells joined by " | ").
 * Meta: dc:title; meta:initial-creator, else dc:creator; dc:date, else
 * meta:creation-date (date part); meta:document-statistic/@meta:page-count.
 *
 * The walk is iterative (xmlx_next); nothing recurses on the input.
 */
#include "formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "xmlx.h"
#include "zipx.h"


#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_TABLE "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define NS_DRAW "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
#define NS_SVG "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
#define NS_XLINK "http://www.w3.org/1999/xlink"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_META "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"

#define ODT_MAX_PARENT 16

typedef struct od_style {
	const char *name;
	const char *label;   /* display name, lower case, "_20_" → ' ' */
	const char *parent;
	int hanging;
	int outline;         /* style:default-outline-level, 0 none */
} od_style;

typedef struct odt {
	quire_source *out;
	quire_arena *a;
	zipx_t *z;
	od_style *styles;
	size_t n_styles, cap_styles;
	xmlNodePtr *notes;   /* text:note elements met in the body */
	size_t n_notes, cap_notes;
	buf_t para, table, note;
	int in_refs;
	size_t n_images, n_objects, n_comments, n_blocks;
	quire_error *err;
} odt;

static const char *od_trim(const char *s, size_t *n)
{
	while (*n > 0 && strchr(" \t\r\n", s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && strchr(" \t\r\n", s[*n - 1]))
		(*n)--;
	return s;
}

static quire_status od_part(odt *o, const char *name, xmlDocPtr *doc)
{
	unsigned char *data;
	size_t len;
	*doc = NULL;
	quire_status rc = zipx_read(o->z, name, &data, &len, o->err);
	if (rc != QUIRE_OK)
		return rc;
	rc = xmlx_parse(data, len, name, doc, o->err);
	free(data);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Styles                                                              */
/* ------------------------------------------------------------------ */

/* "Heading_20_1" → "heading 1", in the arena. */
static char *od_label(odt *o, const char *s)
{
	size_t n = strlen(s);
	char *c = quire_arena_alloc(o->a, n + 1);
	if (c == NULL)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '_' && i + 3 < n + 1 && s[i + 1] == '2' &&
		    s[i + 2] == '0' && s[i + 3] == '_') {
			c[k++] = ' ';
			i += 3;
			continue;
		}
		char ch = s[i];
		c[k++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
	}
	c[k] = '\0';
	return c;
}

static quire_status od_add_styles(odt *o, xmlNodePtr container)
{
	for (xmlNodePtr c = container ? container->children : NULL; c; c = c->next) {
		if (!xmlx_is(c, NS_STYLE, "style"))
			continue;
		const char *fam = xmlx_attr(c, NS_STYLE, "family");
		const char *name = xmlx_attr(c, NS_STYLE, "name");
		if (!name || (fam && strcmp(fam, "paragraph") != 0))
			continue;
		if (o->n_styles == o->cap_styles) {
			size_t nc = o->cap_styles ? o->cap_styles * 2 : 64;
			od_style *v = quire_arena_alloc(o->a, nc * sizeof *v);
			if (v == NULL)
				return quire_error_set(o->err, QUIRE_ENOMEM, "out of memory");
			if (o->n_styles)
				memcpy(v, o->styles, o->n_styles * sizeof *v);
			o->styles = v;
			o->cap_styles = nc;
		}
		od_style *st = &o->styles[o->n_styles];
		memset(st, 0, sizeof *st);
		const char *disp = xmlx_attr(c, NS_STYLE, "display-name");
		const char *par = xmlx_attr(c, NS_STYLE, "parent-style-name");
		const char *ol = xmlx_attr(c, NS_STYLE, "default-outline-level");
		st->name = quire_arena_strndup(o->a, name, strlen(name));
		st->label = od_label(o, disp ? disp : name);
		st->parent = par ? quire_arena_strndup(o->a, par, strlen(par)) : NULL;
		if (ol) {
			int l = atoi(ol);
			st->outline = l >= 1 && l <= 10 ? l : 0;
		}
		xmlNodePtr pp = xmlx_child(c, NS_STYLE, "paragraph-properties");
		const char *ti = pp ? xmlx_attr(pp, NS_FO, "text-indent") : NULL;
		if (ti && ti[0] == '-' && strtod(ti + 1, NULL) > 0)
			st->hanging = 1;
		if (!st->name || !st->label || (par && !st->parent))
			return quire_error_set(o->err, QUIRE_ENOMEM, "out of memory");
		o->n_styles++;
	}
	return QUIRE_OK;
}

static const od_style *od_style_by_name(const odt *o, const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < o->n_styles; i++)
		if (strcmp(o->styles[i].name, name) == 0)
			return &o->styles[i];
	return NULL;
}

static quire_block_kind od_kind_of_label(const char *nm, int *level)
{
	if (strcmp(nm, "title") == 0)
		return QUIRE_BLOCK_TITLE;
	if (strcmp(nm, "subtitle") == 0) {
		*level = 1;
		return QUIRE_BLOCK_HEADING;
	}
	if (strncmp(nm, "heading ", 8) == 0 && nm[8] >= '1' && nm[8] <= '9' &&
	    (nm[9] == '\0' || (nm[9] == '0' && nm[10] == '\0'))) {
		int l = atoi(nm + 8);
		*level = l > 6 ? 6 : l;
		return QUIRE_BLOCK_HEADING;
	}
	if (strcmp(nm, "quotations") == 0 || strcmp(nm, "quote") == 0 ||
	    strcmp(nm, "block text") == 0 || strcmp(nm, "intense quote") == 0)
		return QUIRE_BLOCK_QUOTE;
	if (strcmp(nm, "bibliography") == 0 || strcmp(nm, "bibliography 1") == 0)
		return QUIRE_BLOCK_REFERENCE;
	if (strcmp(nm, "preformatted text") == 0 || strcmp(nm, "source text") == 0 ||
	    strcmp(nm, "source code") == 0)
		return QUIRE_BLOCK_CODE;
	return QUIRE_BLOCK_NONE;
}

static quire_block_kind od_style_kind(const odt *o, const char *name, int *level,
				      int *hanging, int *outline)
{
	const od_style *st = od_style_by_name(o, name);
	if (st == NULL && name != NULL && strlen(name) < 64) {
		/* a style used but not defined (pandoc's "Title"): its name */
		char lb[64];
		size_t k = 0;
		for (const char *p = name; *p && k + 1 < sizeof lb; p++) {
			if (strncmp(p, "_20_", 4) == 0) {
				lb[k++] = ' ';
				p += 3;
			} else {
				lb[k++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
			}
		}
		lb[k] = '\0';
		return od_kind_of_label(lb, level);
	}
	for (int step = 0; st != NULL && step < ODT_MAX_PARENT; step++) {
		if (st->hanging)
			*hanging = 1;
		if (st->outline && !*outline)
			*outline = st->outline;
		quire_block_kind k = od_kind_of_label(st->label, level);
		if (k != QUIRE_BLOCK_NONE)
			return k;
		st = od_style_by_name(o, st->parent);
	}
	return QUIRE_BLOCK_NONE;
}

/* ------------------------------------------------------------------ */
/* The walk                                                            */
/* ------------------------------------------------------------------ */

typedef struct od_para {
	quire_block_kind kind;
	int level;
	int list;
	int hanging;
} od_para;

static quire_status od_emit(odt *o, quire_block_kind kind, int level,
			    const char *s, size_t n)
{
	s = od_trim(s, &n);
	if (n == 0)
		return QUIRE_OK;
	o->n_blocks++;
	if (quire_source_add_block(o->out, kind, level, s, n) != QUIRE_OK)
		return quire_error_set(o->err, QUIRE_ENOMEM, "out of memory");
	return QUIRE_OK;
}

static quire_status od_end_para(odt *o, const od_para *pp)
{
	size_t n = o->para.len;
	const char *s = od_trim(o->para.p ? o->para.p : "", &n);
	if (n == 0)
		return QUIRE_OK;
	int level = pp->level;
	quire_block_kind k = xmlx_office_kind(pp->kind, pp->list, pp->hanging, s, n,
					      &o->in_refs, &level);
	return od_emit(o, k, level, s, n);
}

static void od_para_props(const odt *o, const xmlNode *p, int is_h,
			  int list_depth, od_para *pp)
{
	memset(pp, 0, sizeof *pp);
	int outline = 0;
	const char *sn = xmlx_attr(p, NS_TEXT, "style-name");
	pp->kind = od_style_kind(o, sn, &pp->level, &pp->hanging, &outline);
	if (is_h && pp->kind != QUIRE_BLOCK_TITLE) {
		const char *ol = xmlx_attr(p, NS_TEXT, "outline-level");
		int l = ol ? atoi(ol) : outline;
		if (l < 1)
			l = pp->kind == QUIRE_BLOCK_HEADING ? pp->level : 1;
		pp->kind = QUIRE_BLOCK_HEADING;
		pp->level = l > 6 ? 6 : l;
	}
	if (list_depth > 0 && pp->kind == QUIRE_BLOCK_NONE)
		pp->list = list_depth > 16 ? 16 : list_depth;
}

static int od_skipped(const xmlNode *n, odt *o)
{
	const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : "";
	const char *nm = (const char *)n->name;
	if (strcmp(href, NS_OFFICE) == 0) {
		if (strcmp(nm, "annotation") == 0) {
			o->n_comments++;
			return 1;
		}
		return strcmp(nm, "forms") == 0;
	}
	if (strcmp(href, NS_TEXT) == 0) {
		size_t l = strlen(nm);
		return strcmp(nm, "tracked-changes") == 0 ||
		       strcmp(nm, "note-citation") == 0 ||
		       strcmp(nm, "table-of-content") == 0 ||
		       strcmp(nm, "sequence-decls") == 0 ||
		       strcmp(nm, "variable-decls") == 0 ||
		       strcmp(nm, "user-field-decls") == 0 ||
		       (l > 7 && strcmp(nm + l - 7, "-source") == 0);
	}
	if (strcmp(href, NS_SVG) == 0)
		return strcmp(nm, "title") == 0 || strcmp(nm, "desc") == 0;
	if (strcmp(href, NS_DRAW) == 0) {
		if (strcmp(nm, "image") == 0) {
			o->n_images++;
			return 1;
		}
		if (strcmp(nm, "object") == 0 || strcmp(nm, "object-ole") == 0) {
			o->n_objects++;
			return 1;
		}
	}
	return 0;
}

/* mode 0: body; 1: a note body (everything into o->note). */
static quire_status od_walk(odt *o, xmlNodePtr root, int mode)
{
	xmlx_walk w;
	xmlx_walk_init(&w, root);
	xmlNodePtr n;
	int leaving;
	int pdepth = 0, tdepth = 0, tcells = 0, ldepth = 0;
	xmlNodePtr link = NULL;
	buf_t *link_buf = NULL;
	size_t link_at = 0;
	const char *link_url = NULL;
	od_para pp = {0};
	buf_t *out = mode ? &o->note : &o->para;
	quire_status rc = QUIRE_OK;

	while (rc == QUIRE_OK && xmlx_next(&w, &n, &leaving)) {
		buf_t *dst = tdepth ? &o->table : out;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (pdepth > 0 && n->content) {
				/* ODF: line ends and tabs in text are white space */
				size_t at = dst->len;
				buf_puts(dst, (const char *)n->content);
				for (size_t i = at; i < dst->len && !buf_failed(dst); i++)
					if (dst->p[i] == '\n' || dst->p[i] == '\r' ||
					    dst->p[i] == '\t')
						dst->p[i] = ' ';
			}
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : "";
		const char *nm = (const char *)n->name;
		int istext = strcmp(href, NS_TEXT) == 0;
		int istable = !istext && strcmp(href, NS_TABLE) == 0;
		if (leaving) {
			if (istext && (strcmp(nm, "p") == 0 || strcmp(nm, "h") == 0)) {
				pdepth--;
				if (tdepth > 0) {
					buf_putc(&o->table, ' ');
				} else if (pdepth > 0 || mode) {
					buf_putc(out, '\n');
				} else {
					rc = od_end_para(o, &pp);
					buf_reset(&o->para);
				}
			} else if (istext && strcmp(nm, "list") == 0) {
				ldepth--;
			} else if (istable && strcmp(nm, "table-row") == 0) {
				buf_puts(&o->table, tdepth == 1 ? "\n" : "; ");
			} else if (istable && strcmp(nm, "table") == 0) {
				tdepth--;
				if (tdepth == 0 && !mode && pdepth == 0) {
					rc = od_emit(o, QUIRE_BLOCK_NONE, 0,
						     o->table.p ? o->table.p : "",
						     o->table.len);
					buf_reset(&o->table);
				} else if (tdepth == 0) {
					buf_append(out, o->table.p ? o->table.p : "",
						   o->table.len);
					buf_reset(&o->table);
				}
			} else if (n == link) {
				size_t tl = link_buf->len - link_at;
				const char *t = od_trim(link_buf->p ? link_buf->p + link_at : "", &tl);
				const char *u = link_url;
				size_t ul = strlen(u);
				if (strncmp(u, "mailto:", 7) == 0) {
					u += 7;
					ul -= 7;
				}
				if (ul > 0 && u[0] != '#' &&
				    !(tl == ul && memcmp(t, u, ul) == 0)) {
					buf_puts(link_buf, " <");
					buf_puts(link_buf, link_url);
					buf_putc(link_buf, '>');
				}
				link = NULL;
			}
			continue;
		}
		if (od_skipped(n, o)) {
			xmlx_skip(&w);
			continue;
		}
		if (istext) {
			if (strcmp(nm, "p") == 0 || strcmp(nm, "h") == 0) {
				pdepth++;
				if (pdepth == 1 && tdepth == 0 && !mode) {
					od_para_props(o, n, nm[0] == 'h', ldepth, &pp);
					buf_reset(&o->para);
				}
			} else if (strcmp(nm, "list") == 0) {
				ldepth++;
			} else if (strcmp(nm, "s") == 0 || strcmp(nm, "tab") == 0) {
				buf_putc(dst, ' ');
			} else if (strcmp(nm, "line-break") == 0) {
				buf_putc(dst, tdepth ? ' ' : '\n');
			} else if (strcmp(nm, "note") == 0) {
				xmlx_skip(&w);
				if (mode) {
					/* a note inside a note: read in place */
					xmlNodePtr body = xmlx_child(n, NS_TEXT, "note-body");
					char *t = body ? xmlx_text(body) : NULL;
					if (t) {
						buf_puts(out, " (");
						buf_puts(out, t);
						buf_putc(out, ')');
						free(t);
					}
					continue;
				}
				if (o->n_notes == o->cap_notes) {
					size_t nc = o->cap_notes ? o->cap_notes * 2 : 64;
					xmlNodePtr *v = realloc(o->notes, nc * sizeof *v);
					if (v == NULL)
						return quire_error_set(o->err, QUIRE_ENOMEM,
								       "out of memory");
					o->notes = v;
					o->cap_notes = nc;
				}
				o->notes[o->n_notes++] = n;
			} else if (strcmp(nm, "a") == 0 && link == NULL) {
				const char *u = xmlx_attr(n, NS_XLINK, "href");
				if (u && *u) {
					link = n;
					link_url = u;
					link_buf = dst;
					link_at = dst->len;
				}
			}
		} else if (istable) {
			if (strcmp(nm, "table") == 0) {
				tdepth++;
				if (tdepth == 1)
					buf_reset(&o->table);
			} else if (strcmp(nm, "table-row") == 0) {
				if (tdepth == 1)
					tcells = 0;
			} else if (strcmp(nm, "table-cell") == 0) {
				if (tdepth == 1 && tcells++ > 0)
					buf_puts(&o->table, "| ");
				else if (tdepth > 1)
					buf_putc(&o->table, ' ');
			} else if (strcmp(nm, "covered-table-cell") == 0 ||
				   strcmp(nm, "table-columns") == 0 ||
				   strcmp(nm, "table-column") == 0) {
				xmlx_skip(&w);
			}
		}
	}
	if (rc == QUIRE_OK && (buf_failed(&o->para) || buf_failed(&o->table) ||
			       buf_failed(&o->note)))
		rc = quire_error_set(o->err, QUIRE_ENOMEM, "out of memory");
	return rc;
}

static quire_status od_notes(odt *o, int endnotes)
{
	quire_status rc = QUIRE_OK;
	for (size_t i = 0; i < o->n_notes && rc == QUIRE_OK; i++) {
		const char *cls = xmlx_attr(o->notes[i], NS_TEXT, "note-class");
		int is_end = cls && strcmp(cls, "endnote") == 0;
		if (is_end != endnotes)
			continue;
		xmlNodePtr body = xmlx_child(o->notes[i], NS_TEXT, "note-body");
		if (body == NULL)
			continue;
		buf_reset(&o->note);
		rc = od_walk(o, body, 1);
		if (rc == QUIRE_OK)
			rc = od_emit(o, QUIRE_BLOCK_NOTE, 0,
				     o->note.p ? o->note.p : "", o->note.len);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Metadata                                                            */
/* ------------------------------------------------------------------ */

static quire_status od_meta(odt *o)
{
	xmlDocPtr doc;
	quire_status rc = od_part(o, "meta.xml", &doc);
	if (rc == QUIRE_ENOTFOUND)
		return QUIRE_OK;
	if (rc != QUIRE_OK)
		return rc;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr meta = root ? xmlx_child(root, NS_OFFICE, "meta") : NULL;
	char *title = NULL, *initial = NULL, *creator = NULL, *date = NULL,
	     *created = NULL;
	for (xmlNodePtr c = meta ? meta->children : NULL; c; c = c->next) {
		if (xmlx_is(c, NS_DC, "title") && !title)
			title = xmlx_text(c);
		else if (xmlx_is(c, NS_META, "initial-creator") && !initial)
			initial = xmlx_text(c);
		else if (xmlx_is(c, NS_DC, "creator") && !creator)
			creator = xmlx_text(c);
		else if (xmlx_is(c, NS_DC, "date") && !date)
			date = xmlx_text(c);
		else if (xmlx_is(c, NS_META, "creation-date") && !created)
			created = xmlx_text(c);
		else if (xmlx_is(c, NS_META, "document-statistic")) {
			const char *pc = xmlx_attr(c, NS_META, "page-count");
			long p = pc ? strtol(pc, NULL, 10) : 0;
			if (p > 0 && p < 1000000)
				rc = quire_source_set_pages(o->out, (unsigned)p);
		}
	}
	if (title && rc == QUIRE_OK)
		rc = quire_source_set_title(o->out, title);
	const char *author = initial ? initial : creator;
	if (author && rc == QUIRE_OK)
		rc = quire_source_add_author(o->out, author);
	char *d = date ? date : created;
	if (d && rc == QUIRE_OK) {
		char *t = strchr(d, 'T');
		if (t)
			*t = '\0';
		rc = quire_source_set_date(o->out, d);
	}
	free(title);
	free(initial);
	free(creator);
	free(date);
	free(created);
	xmlFreeDoc(doc);
	if (rc != QUIRE_OK)
		return quire_error_set(o->err, QUIRE_ENOMEM, "out of memory");
	return QUIRE_OK;
}

static quire_status od_remark(odt *o)
{
	const fmt_dropped it[] = {
		{o->n_images, "image", "images"},
		{o->n_objects, "embedded object", "embedded objects"},
		{o->n_comments, "comment", "comments"},
	};
	return fmt_remark_dropped(o->out, it, sizeof it / sizeof it[0]);
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

static quire_status od_check_encrypted(odt *o)
{
	unsigned char *data;
	size_t len;
	quire_status rc = zipx_read(o->z, "META-INF/manifest.xml", &data, &len, o->err);
	if (rc == QUIRE_ENOTFOUND)
		return QUIRE_OK;
	if (rc != QUIRE_OK)
		return rc;
	int enc = memmem(data, len, "encryption-data", 15) != NULL;
	free(data);
	if (enc)
		return quire_error_set(o->err, QUIRE_EINPUT,
				       "the document is password-protected");
	return QUIRE_OK;
}

quire_status rd_odt_read(const unsigned char *bytes, size_t n,
			 quire_source *out, quire_error *err)
{
	odt o;
	memset(&o, 0, sizeof o);
	o.out = out;
	o.err = err;
	buf_init(&o.para);
	buf_init(&o.table);
	buf_init(&o.note);
	o.a = quire_arena_new(0);
	if (o.a == NULL)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	xmlDocPtr content = NULL, styles = NULL;
	quire_status rc = zipx_open(bytes, n, NULL, &o.z, err);
	if (rc != QUIRE_OK)
		goto done;
	rc = od_check_encrypted(&o);
	if (rc != QUIRE_OK)
		goto done;
	rc = od_part(&o, "content.xml", &content);
	if (rc == QUIRE_ENOTFOUND)
		rc = quire_error_set(err, QUIRE_EINPUT, "the archive has no content.xml");
	if (rc != QUIRE_OK)
		goto done;
	xmlNodePtr root = xmlDocGetRootElement(content);
	if (!xmlx_is(root, NS_OFFICE, "document-content")) {
		rc = quire_error_set(err, QUIRE_EINPUT,
				     "content.xml is not an OpenDocument content part");
		goto done;
	}
	rc = quire_source_set_format(out, "odt", "UTF-8");
	if (rc != QUIRE_OK)
		goto done;
	rc = od_add_styles(&o, xmlx_child(root, NS_OFFICE, "automatic-styles"));
	if (rc != QUIRE_OK)
		goto done;
	rc = od_part(&o, "styles.xml", &styles);
	if (rc == QUIRE_OK) {
		xmlNodePtr sr = xmlDocGetRootElement(styles);
		rc = od_add_styles(&o, xmlx_child(sr, NS_OFFICE, "styles"));
		if (rc == QUIRE_OK)
			rc = od_add_styles(&o, xmlx_child(sr, NS_OFFICE, "automatic-styles"));
	} else if (rc == QUIRE_ENOTFOUND) {
		rc = QUIRE_OK;
	}
	if (rc != QUIRE_OK)
		goto done;
	rc = od_meta(&o);
	if (rc != QUIRE_OK)
		goto done;
	xmlNodePtr body = xmlx_child(root, NS_OFFICE, "body");
	xmlNodePtr text = body ? xmlx_child(body, NS_OFFICE, "text") : NULL;
	if (text == NULL) {
		rc = quire_error_set(err, QUIRE_EINPUT,
				     "content.xml holds no text document (a spreadsheet or a presentation?)");
		goto done;
	}
	rc = od_walk(&o, text, 0);
	if (rc == QUIRE_OK)
		rc = od_notes(&o, 0);
	if (rc == QUIRE_OK)
		rc = od_notes(&o, 1);
	if (rc == QUIRE_OK && od_remark(&o) != QUIRE_OK)
		rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
done:
	free(o.notes);
	xmlFreeDoc(content);
	xmlFreeDoc(styles);
	zipx_close(o.z);
	buf_free(&o.para);
	buf_free(&o.table);
	buf_free(&o.note);
	quire_arena_free(o.a);
	return rc;
}
