/*
 * rd_docx.c — the Word document (DOCX, Office Open XML) reader.
 *
 * The archive is opened with zipx (limits against zip bombs) and each XML
 * part is parsed with xmlx (no entities, no network, depth guard).  Both
 * the transitional and the Strict OOXML namespaces are read: the
 * WordprocessingML namespace is taken from the main part's root element.
 *
 * Parts: the main document (word/document.xml, else the officeDocument
 * target of _rels/.rels), and through its relationships styles, footnotes,
 * endnotes and hyperlink targets; docProps/core.xml (title, creator split
 * on ';', created date) and docProps/app.xml (<Pages>).
 *
 * Paragraphs become blocks by style.  A paragraph's style id is resolved
 * through styles.xml to its name (built-in names are English whatever the
 * language of Word), following w:basedOn up to 16 steps:
 *   title → TITLE; subtitle → HEADING 1 (a subtitle heads the outline);
 *   heading N → HEADING N (7–9 → 6), or a w:outlineLvl N → HEADING N+1;
 *   quote, intense quote, block text → QUOTE;
 *   bibliography → REFERENCE;  source code, html preformatted → CODE;
 *   a w:numPr (in the paragraph or its style) with a non-zero numId →
 *   LIST_ITEM, depth = w:ilvl + 1;
 *   after a heading that names a bibliography ("References", "Works
 *   cited", …) a paragraph with a hanging indent (w:ind w:hanging > 0) is
 *   a REFERENCE; other paragraphs are PARAGRAPH.
 * Inline: w:t text; w:tab → space; w:br, w:cr → '\n'; w:noBreakHyphen →
 * '-'; soft hyphens, footnote/endnote/comment reference marks dropped;
 * hidden runs (w:vanish) dropped; w:del and w:moveFrom (tracked deletions)
 * dropped, w:ins/w:moveTo kept; mc:Fallback dropped (it repeats
 * mc:Choice); fields keep their displayed result and drop their
 * instruction (w:fldSimple's children; w:fldChar begin/separate/end with a
 * stack of 64 open fields); a hyperlink whose text differs from its URL
 * gets " <url>" after the text.  Text boxes are read in place: their
 * paragraphs become '\n'-separated lines of the paragraph that anchors
 * them.
 * Tables: one block of kind NONE per outermost table, a line per row,
 * cells joined by " | ", a cell's paragraphs joined by spaces; a table
 * nested in a cell is flattened into that cell.
 * Notes: each footnote then each endnote (separators skipped) is one NOTE
 * block, at the end, its paragraphs joined by '\n'.
 * Images (a:blip, v:imagedata), embedded objects (w:object), comments and
 * tracked deletions are counted in one remark.
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


#define W_TRANS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define R_TRANS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define R_STRICT "http://purl.oclc.org/ooxml/officeDocument/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_A_TRANS "http://schemas.openxmlformats.org/drawingml/2006/main"
#define NS_A_STRICT "http://purl.oclc.org/ooxml/drawingml/main"
#define NS_VML "urn:schemas-microsoft-com:vml"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"

#define DOCX_MAX_FIELDS 64
#define DOCX_MAX_BASED 16

/* What a paragraph style says. */
typedef struct dx_style {
	const char *id;
	const char *name;    /* lower case */
	const char *based;   /* w:basedOn id, or NULL */
	int outline;         /* w:outlineLvl + 1, 0 if none */
	int num;             /* 1: has numPr with numId != 0, -1: numId 0, 0: none */
	int ilvl;
	int hanging;         /* w:ind w:hanging > 0 */
} dx_style;

typedef struct dx_rel {
	const char *id;
	const char *type;    /* the type URI's last segment ("styles") */
	const char *target;
	int external;
} dx_rel;

typedef struct docx {
	quire_source *out;
	quire_arena *a;
	zipx_t *z;
	const char *wns;     /* the WordprocessingML namespace of the document */
	const char *rns;     /* the matching relationships namespace */
	char dir[256];       /* directory of the main part, with '/' ("word/") */
	dx_style *styles;
	size_t n_styles;
	dx_rel *rels;
	size_t n_rels;
	buf_t para;          /* the open paragraph's text */
	buf_t table;         /* the open outermost table's text */
	buf_t note;          /* the open note's text */
	int in_refs;         /* after a bibliography heading */
	size_t n_images, n_objects, n_comments, n_deletions, n_blocks;
	quire_error *err;
} docx;

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static int dx_w(const docx *d, const xmlNode *n, const char *local)
{
	return xmlx_is(n, d->wns, local);
}

static const char *dx_val(const docx *d, const xmlNode *n, const char *attr)
{
	return xmlx_attr(n, d->wns, attr);
}

static char *dx_strdup(docx *d, const char *s)
{
	return s ? quire_arena_strndup(d->a, s, strlen(s)) : NULL;
}

static char *dx_lower(docx *d, const char *s)
{
	char *c = dx_strdup(d, s);
	if (c)
		for (char *p = c; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	return c;
}

/* An on/off property (w:vanish, …): present and not "0"/"false"/"off". */
static int dx_on(const docx *d, const xmlNode *n)
{
	if (n == NULL)
		return 0;
	const char *v = dx_val(d, n, "val");
	return v == NULL || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 ||
			      strcmp(v, "off") == 0);
}

/* Reads and parses one part; QUIRE_ENOTFOUND passes through untouched
 * (optional parts). */
static quire_status dx_part(docx *d, const char *name, xmlDocPtr *doc)
{
	unsigned char *data;
	size_t len;
	*doc = NULL;
	quire_status rc = zipx_read(d->z, name, &data, &len, d->err);
	if (rc != QUIRE_OK)
		return rc;
	rc = xmlx_parse(data, len, name, doc, d->err);
	free(data);
	return rc;
}

/* The part a relationship target names, relative to the main part's dir. */
static void dx_resolve(const docx *d, const char *target, char *out, size_t size)
{
	if (target[0] == '/')
		snprintf(out, size, "%s", target + 1);
	else
		snprintf(out, size, "%s%s", d->dir, target);
}

static const dx_rel *dx_rel_by_type(const docx *d, const char *type)
{
	for (size_t i = 0; i < d->n_rels; i++)
		if (strcmp(d->rels[i].type, type) == 0 && !d->rels[i].external)
			return &d->rels[i];
	return NULL;
}

static const dx_rel *dx_rel_by_id(const docx *d, const char *id)
{
	for (size_t i = 0; i < d->n_rels; i++)
		if (strcmp(d->rels[i].id, id) == 0)
			return &d->rels[i];
	return NULL;
}

/* Appends s with runs of white space kept as they are (the core folds). */
static void dx_puts(buf_t *b, const char *s)
{
	if (s)
		buf_puts(b, s);
}

/* s[0..n) trimmed of white space at both ends. */
static const char *dx_trim(const char *s, size_t *n)
{
	while (*n > 0 && strchr(" \t\r\n", s[0])) {
		s++;
		(*n)--;
	}
	while (*n > 0 && strchr(" \t\r\n", s[*n - 1]))
		(*n)--;
	return s;
}

/* ------------------------------------------------------------------ */
/* Relationships and styles                                            */
/* ------------------------------------------------------------------ */

static quire_status dx_read_rels(docx *d, const char *name, dx_rel **out,
				 size_t *nout)
{
	xmlDocPtr doc;
	*out = NULL;
	*nout = 0;
	quire_status rc = dx_part(d, name, &doc);
	if (rc == QUIRE_ENOTFOUND)
		return QUIRE_OK;
	if (rc != QUIRE_OK)
		return rc;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	size_t n = 0;
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		n += xmlx_is(c, NS_PKG_REL, "Relationship");
	dx_rel *v = quire_arena_alloc(d->a, (n + 1) * sizeof *v);
	if (v == NULL) {
		xmlFreeDoc(doc);
		return quire_error_set(d->err, QUIRE_ENOMEM, "out of memory");
	}
	size_t k = 0;
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
		if (!xmlx_is(c, NS_PKG_REL, "Relationship"))
			continue;
		const char *id = xmlx_attr(c, NULL, "Id");
		const char *type = xmlx_attr(c, NULL, "Type");
		const char *target = xmlx_attr(c, NULL, "Target");
		const char *mode = xmlx_attr(c, NULL, "TargetMode");
		if (!id || !type || !target)
			continue;
		const char *slash = strrchr(type, '/');
		v[k].id = dx_strdup(d, id);
		v[k].type = dx_strdup(d, slash ? slash + 1 : type);
		v[k].target = dx_strdup(d, target);
		v[k].external = mode && strcasecmp(mode, "External") == 0;
		if (!v[k].id || !v[k].type || !v[k].target) {
			xmlFreeDoc(doc);
			return quire_error_set(d->err, QUIRE_ENOMEM, "out of memory");
		}
		k++;
	}
	xmlFreeDoc(doc);
	*out = v;
	*nout = k;
	return QUIRE_OK;
}

/* Fills the numPr / ind / outline facts of a w:pPr into st. */
static void dx_ppr(const docx *d, const xmlNode *ppr, dx_style *st)
{
	if (ppr == NULL)
		return;
	for (xmlNodePtr c = ppr->children; c; c = c->next) {
		if (dx_w(d, c, "numPr")) {
			xmlNodePtr id = xmlx_child(c, d->wns, "numId");
			xmlNodePtr lv = xmlx_child(c, d->wns, "ilvl");
			const char *v = id ? dx_val(d, id, "val") : NULL;
			if (v)
				st->num = atoi(v) != 0 ? 1 : -1;
			else if (lv && st->num == 0)
				st->num = 1;
			v = lv ? dx_val(d, lv, "val") : NULL;
			if (v) {
				int l = atoi(v);
				st->ilvl = l < 0 ? 0 : l > 8 ? 8 : l;
			}
		} else if (dx_w(d, c, "ind")) {
			const char *h = dx_val(d, c, "hanging");
			if (h)
				st->hanging = atoi(h) > 0;
		} else if (dx_w(d, c, "outlineLvl")) {
			const char *v = dx_val(d, c, "val");
			if (v) {
				int l = atoi(v);
				st->outline = (l >= 0 && l <= 8) ? l + 1 : 0;
			}
		}
	}
}

static quire_status dx_read_styles(docx *d, const char *name)
{
	xmlDocPtr doc;
	quire_status rc = dx_part(d, name, &doc);
	if (rc == QUIRE_ENOTFOUND)
		return QUIRE_OK;
	if (rc != QUIRE_OK)
		return rc;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	size_t n = 0;
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		n += dx_w(d, c, "style");
	d->styles = quire_arena_alloc(d->a, (n + 1) * sizeof *d->styles);
	if (d->styles == NULL) {
		xmlFreeDoc(doc);
		return quire_error_set(d->err, QUIRE_ENOMEM, "out of memory");
	}
	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
		if (!dx_w(d, c, "style"))
			continue;
		const char *type = dx_val(d, c, "type");
		const char *id = dx_val(d, c, "styleId");
		if (!id || (type && strcmp(type, "paragraph") != 0))
			continue;
		dx_style *st = &d->styles[d->n_styles];
		memset(st, 0, sizeof *st);
		st->id = dx_strdup(d, id);
		xmlNodePtr nm = xmlx_child(c, d->wns, "name");
		st->name = dx_lower(d, nm ? dx_val(d, nm, "val") : id);
		xmlNodePtr bo = xmlx_child(c, d->wns, "basedOn");
		st->based = bo ? dx_strdup(d, dx_val(d, bo, "val")) : NULL;
		dx_ppr(d, xmlx_child(c, d->wns, "pPr"), st);
		if (!st->id || !st->name) {
			xmlFreeDoc(doc);
			return quire_error_set(d->err, QUIRE_ENOMEM, "out of memory");
		}
		d->n_styles++;
	}
	xmlFreeDoc(doc);
	return QUIRE_OK;
}

static const dx_style *dx_style_by_id(const docx *d, const char *id)
{
	if (id == NULL)
		return NULL;
	for (size_t i = 0; i < d->n_styles; i++)
		if (strcmp(d->styles[i].id, id) == 0)
			return &d->styles[i];
	return NULL;
}

/* The kind a style name gives, following basedOn; *level set for headings. */
static quire_block_kind dx_kind_of_name(const char *nm, int *level)
{
	if (strcmp(nm, "title") == 0)
		return QUIRE_BLOCK_TITLE;
	if (strcmp(nm, "subtitle") == 0) {
		*level = 1;
		return QUIRE_BLOCK_HEADING;
	}
	if (strncmp(nm, "heading ", 8) == 0 && nm[8] >= '1' && nm[8] <= '9' &&
	    nm[9] == '\0') {
		*level = nm[8] - '0' > 6 ? 6 : nm[8] - '0';
		return QUIRE_BLOCK_HEADING;
	}
	if (strcmp(nm, "quote") == 0 || strcmp(nm, "intense quote") == 0 ||
	    strcmp(nm, "block text") == 0 || strcmp(nm, "block quote") == 0 ||
	    strcmp(nm, "quotations") == 0)
		return QUIRE_BLOCK_QUOTE;
	if (strcmp(nm, "bibliography") == 0)
		return QUIRE_BLOCK_REFERENCE;
	if (strcmp(nm, "source code") == 0 || strcmp(nm, "html preformatted") == 0)
		return QUIRE_BLOCK_CODE;
	return QUIRE_BLOCK_NONE;
}

/* Resolves a paragraph's style id into kind/level and inherited facts. */
static quire_block_kind dx_style_kind(const docx *d, const char *id, int *level,
				      dx_style *inh)
{
	const dx_style *st = dx_style_by_id(d, id);
	if (st == NULL && id != NULL && strlen(id) < 64) {
		/* a style used but not defined: read its id as a name
		 * ("Heading2" → "heading 2") */
		char lb[72];
		size_t k = 0;
		for (const char *p = id; *p && k + 2 < sizeof lb; p++) {
			if (*p >= '1' && *p <= '9' && k > 0 && lb[k - 1] != ' ')
				lb[k++] = ' ';
			lb[k++] = (*p >= 'A' && *p <= 'Z') ? (char)(*p - 'A' + 'a') : *p;
		}
		lb[k] = '\0';
		return dx_kind_of_name(lb, level);
	}
	for (int step = 0; st != NULL && step < DOCX_MAX_BASED; step++) {
		if (inh->num == 0 && st->num != 0) {
			inh->num = st->num;
			inh->ilvl = st->ilvl;
		}
		if (!inh->hanging && st->hanging)
			inh->hanging = 1;
		quire_block_kind k = dx_kind_of_name(st->name, level);
		if (k != QUIRE_BLOCK_NONE)
			return k;
		if (st->outline >= 1 && st->outline <= 9) {
			*level = st->outline > 6 ? 6 : st->outline;
			return QUIRE_BLOCK_HEADING;
		}
		st = dx_style_by_id(d, st->based);
	}
	return QUIRE_BLOCK_NONE;
}

/* ------------------------------------------------------------------ */
/* The walk                                                            */
/* ------------------------------------------------------------------ */

typedef struct dx_para {
	quire_block_kind kind;
	int level;
	int list;            /* list depth, 0 if not a list item */
	int hanging;
} dx_para;

static void dx_para_props(const docx *d, const xmlNode *p, dx_para *pp)
{
	memset(pp, 0, sizeof *pp);
	xmlNodePtr ppr = xmlx_child(p, d->wns, "pPr");
	dx_style own = {0};
	const char *sid = NULL;
	if (ppr) {
		dx_ppr(d, ppr, &own);
		xmlNodePtr ps = xmlx_child(ppr, d->wns, "pStyle");
		sid = ps ? dx_val(d, ps, "val") : NULL;
	}
	dx_style inh = own;
	pp->kind = dx_style_kind(d, sid, &pp->level, &inh);
	if (pp->kind == QUIRE_BLOCK_NONE && own.outline >= 1 && own.outline <= 9) {
		pp->kind = QUIRE_BLOCK_HEADING;
		pp->level = own.outline > 6 ? 6 : own.outline;
	}
	pp->hanging = inh.hanging;
	if (inh.num == 1)
		pp->list = inh.ilvl + 1;
}

static quire_status dx_emit(docx *d, quire_block_kind kind, int level,
			    const char *s, size_t n)
{
	s = dx_trim(s, &n);
	if (n == 0)
		return QUIRE_OK;
	d->n_blocks++;
	if (quire_source_add_block(d->out, kind, level, s, n) != QUIRE_OK)
		return quire_error_set(d->err, QUIRE_ENOMEM, "out of memory");
	return QUIRE_OK;
}

/* Ends a body paragraph: decides its kind and emits it. */
static quire_status dx_end_para(docx *d, const dx_para *pp)
{
	size_t n = d->para.len;
	const char *s = dx_trim(d->para.p ? d->para.p : "", &n);
	if (n == 0)
		return QUIRE_OK;
	int level = pp->level;
	quire_block_kind k = xmlx_office_kind(pp->kind, pp->list, pp->hanging, s, n,
					      &d->in_refs, &level);
	return dx_emit(d, k, level, s, n);
}

/* mode: 0 body (blocks), 1 note (everything into d->note). */
static quire_status dx_walk(docx *d, xmlNodePtr root, int mode)
{
	xmlx_walk w;
	xmlx_walk_init(&w, root);
	xmlNodePtr n;
	int leaving;
	int pdepth = 0;        /* w:p nesting (text boxes) */
	int tdepth = 0;        /* w:tbl nesting */
	int tcells = 0;        /* cells seen in the current outer row */
	unsigned char fld[DOCX_MAX_FIELDS];
	int nfld = 0, fld_over = 0, instr = 0;
	xmlNodePtr link = NULL; /* the open hyperlink */
	size_t link_at = 0;
	buf_t *link_buf = NULL;
	const char *link_url = NULL;
	dx_para pp = {0};
	buf_t *out = mode ? &d->note : &d->para;
	quire_status rc = QUIRE_OK;

	while (rc == QUIRE_OK && xmlx_next(&w, &n, &leaving)) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const xmlChar *hr = n->ns ? n->ns->href : NULL;
		int isw = hr && strcmp((const char *)hr, d->wns) == 0;
		const char *nm = (const char *)n->name;
		if (!isw) {
			if (leaving)
				continue;
			if (hr && (strcmp((const char *)hr, NS_A_TRANS) == 0 ||
				   strcmp((const char *)hr, NS_A_STRICT) == 0) &&
			    strcmp(nm, "blip") == 0)
				d->n_images++;
			else if (hr && strcmp((const char *)hr, NS_VML) == 0 &&
				 strcmp(nm, "imagedata") == 0)
				d->n_images++;
			else if (hr && strcmp((const char *)hr, NS_MC) == 0 &&
				 strcmp(nm, "Fallback") == 0)
				xmlx_skip(&w);
			continue;
		}
		buf_t *dst = tdepth ? &d->table : out;
		if (leaving) {
			if (strcmp(nm, "p") == 0) {
				pdepth--;
				if (tdepth > 0) {
					buf_putc(&d->table, ' ');
				} else if (pdepth > 0 || mode) {
					buf_putc(out, '\n');
				} else {
					rc = dx_end_para(d, &pp);
					buf_reset(&d->para);
				}
			} else if (strcmp(nm, "tr") == 0) {
				buf_puts(&d->table, tdepth == 1 ? "\n" : "; ");
			} else if (strcmp(nm, "tbl") == 0) {
				tdepth--;
				if (tdepth == 0 && !mode && pdepth == 0) {
					rc = dx_emit(d, QUIRE_BLOCK_NONE, 0,
						     d->table.p ? d->table.p : "",
						     d->table.len);
					buf_reset(&d->table);
				} else if (tdepth == 0) {
					buf_append(out, d->table.p ? d->table.p : "",
						   d->table.len);
					buf_reset(&d->table);
				}
			} else if (n == link) {
				size_t tl = link_buf->len - link_at;
				const char *t = dx_trim(link_buf->p ? link_buf->p + link_at : "", &tl);
				size_t ul = strlen(link_url);
				const char *u = link_url;
				if (strncmp(u, "mailto:", 7) == 0) {
					u += 7;
					ul -= 7;
				}
				if (ul > 0 && !(tl == ul && memcmp(t, u, ul) == 0)) {
					buf_puts(link_buf, " <");
					buf_puts(link_buf, link_url);
					buf_putc(link_buf, '>');
				}
				link = NULL;
			}
			continue;
		}
		/* entering a w: element */
		switch (nm[0]) {
		case 'p':
			if (strcmp(nm, "p") == 0) {
				pdepth++;
				if (pdepth == 1 && tdepth == 0 && !mode) {
					dx_para_props(d, n, &pp);
					buf_reset(&d->para);
				}
			} else if (strcmp(nm, "pPr") == 0) {
				xmlx_skip(&w);
			}
			break;
		case 'r':
			if (strcmp(nm, "r") == 0) {
				xmlNodePtr rpr = xmlx_child(n, d->wns, "rPr");
				if (rpr && dx_on(d, xmlx_child(rpr, d->wns, "vanish")))
					xmlx_skip(&w);
			} else if (strcmp(nm, "rPr") == 0) {
				xmlx_skip(&w);
			}
			break;
		case 't':
			if (strcmp(nm, "t") == 0) {
				if (instr == 0) {
					for (xmlNodePtr c = n->children; c; c = c->next)
						if (c->type == XML_TEXT_NODE ||
						    c->type == XML_CDATA_SECTION_NODE)
							dx_puts(dst,
								(const char *)c->content);
				}
				xmlx_skip(&w);
			} else if (strcmp(nm, "tab") == 0) {
				if (instr == 0)
					buf_putc(dst, ' ');
			} else if (strcmp(nm, "tbl") == 0) {
				tdepth++;
				if (tdepth == 1)
					buf_reset(&d->table);
			} else if (strcmp(nm, "tc") == 0) {
				if (tdepth == 1) {
					if (tcells++ > 0)
						buf_puts(&d->table, "| ");
				} else {
					buf_putc(&d->table, ' ');
				}
			} else if (strcmp(nm, "tr") == 0) {
				if (tdepth == 1)
					tcells = 0;
			} else if (strcmp(nm, "tblPr") == 0 ||
				   strcmp(nm, "tblGrid") == 0 ||
				   strcmp(nm, "tcPr") == 0 || strcmp(nm, "trPr") == 0) {
				xmlx_skip(&w);
			}
			break;
		case 'b':
			if (strcmp(nm, "br") == 0 && instr == 0)
				buf_putc(dst, tdepth ? ' ' : '\n');
			break;
		case 'c':
			if (strcmp(nm, "cr") == 0 && instr == 0)
				buf_putc(dst, tdepth ? ' ' : '\n');
			else if (strcmp(nm, "commentReference") == 0)
				d->n_comments++;
			break;
		case 'n':
			if (strcmp(nm, "noBreakHyphen") == 0 && instr == 0)
				buf_putc(dst, '-');
			break;
		case 'd':
			if (strcmp(nm, "del") == 0) {
				d->n_deletions++;
				xmlx_skip(&w);
			} else if (strcmp(nm, "delText") == 0) {
				xmlx_skip(&w); /* deleted text outside a w:del */
			}
			break;
		case 'm':
			if (strcmp(nm, "moveFrom") == 0) {
				d->n_deletions++;
				xmlx_skip(&w);
			}
			break;
		case 'o':
			if (strcmp(nm, "object") == 0) {
				d->n_objects++;
				xmlx_skip(&w);
			}
			break;
		case 'i':
			if (strcmp(nm, "instrText") == 0)
				xmlx_skip(&w);
			break;
		case 's':
			if (strcmp(nm, "sdtPr") == 0 || strcmp(nm, "sectPr") == 0)
				xmlx_skip(&w);
			break;
		case 'f':
			if (strcmp(nm, "fldChar") == 0) {
				const char *t = dx_val(d, n, "fldCharType");
				if (t == NULL)
					break;
				if (strcmp(t, "begin") == 0) {
					if (nfld < DOCX_MAX_FIELDS) {
						fld[nfld++] = 1;
						instr++;
					} else {
						fld_over++;
					}
				} else if (strcmp(t, "separate") == 0) {
					if (fld_over == 0 && nfld > 0 && fld[nfld - 1]) {
						fld[nfld - 1] = 0;
						instr--;
					}
				} else if (strcmp(t, "end") == 0) {
					if (fld_over > 0)
						fld_over--;
					else if (nfld > 0 && fld[--nfld])
						instr--;
				}
			}
			break;
		case 'h':
			if (strcmp(nm, "hyperlink") == 0 && link == NULL) {
				const char *rid = xmlx_attr(n, d->rns, "id");
				const dx_rel *rel = rid ? dx_rel_by_id(d, rid) : NULL;
				if (rel && rel->external) {
					link = n;
					link_url = rel->target;
					link_buf = dst;
					link_at = dst->len;
				}
			}
			break;
		default:
			break;
		}
	}
	if (rc == QUIRE_OK && (buf_failed(&d->para) || buf_failed(&d->table) ||
			       buf_failed(&d->note)))
		rc = quire_error_set(d->err, QUIRE_ENOMEM, "out of memory");
	return rc;
}

/* footnotes.xml / endnotes.xml: one NOTE block per real note. */
static quire_status dx_notes(docx *d, const char *part, const char *elem)
{
	xmlDocPtr doc;
	quire_status rc = dx_part(d, part, &doc);
	if (rc == QUIRE_ENOTFOUND)
		return QUIRE_OK;
	if (rc != QUIRE_OK)
		return rc;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr c = root ? root->children : NULL; c && rc == QUIRE_OK;
	     c = c->next) {
		if (!dx_w(d, c, elem))
			continue;
		const char *type = dx_val(d, c, "type");
		if (type && strcmp(type, "normal") != 0)
			continue;
		buf_reset(&d->note);
		rc = dx_walk(d, c, 1);
		if (rc == QUIRE_OK)
			rc = dx_emit(d, QUIRE_BLOCK_NOTE, 0,
				     d->note.p ? d->note.p : "", d->note.len);
	}
	xmlFreeDoc(doc);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Metadata                                                            */
/* ------------------------------------------------------------------ */

static quire_status dx_meta(docx *d)
{
	xmlDocPtr doc;
	quire_status rc = dx_part(d, "docProps/core.xml", &doc);
	if (rc == QUIRE_OK) {
		xmlNodePtr root = xmlDocGetRootElement(doc);
		for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (xmlx_is(c, NS_DC, "title")) {
				char *t = xmlx_text(c);
				if (t)
					rc = quire_source_set_title(d->out, t);
				free(t);
			} else if (xmlx_is(c, NS_DC, "creator")) {
				char *t = xmlx_text(c);
				for (char *s = t, *e; s && *s && rc == QUIRE_OK; s = e) {
					e = strchr(s, ';');
					if (e)
						*e++ = '\0';
					else
						e = s + strlen(s);
					size_t l = strlen(s);
					const char *ts = dx_trim(s, &l);
					if (l > 0) {
						char *nm = quire_arena_strndup(d->a, ts, l);
						rc = nm ? quire_source_add_author(d->out, nm)
							: QUIRE_ENOMEM;
					}
				}
				free(t);
			} else if (xmlx_is(c, NS_DCTERMS, "created")) {
				char *t = xmlx_text(c);
				/* W3CDTF: keep the date ("2021-03-04T…" → "2021-03-04") */
				if (t) {
					char *tt = strchr(t, 'T');
					if (tt)
						*tt = '\0';
					/* python-docx's template says 2013-12-23; Word
					 * writes the real date: keep what is there */
					rc = quire_source_set_date(d->out, t);
				}
				free(t);
			}
		}
		xmlFreeDoc(doc);
		if (rc != QUIRE_OK)
			return quire_error_set(d->err, QUIRE_ENOMEM, "out of memory");
	} else if (rc != QUIRE_ENOTFOUND) {
		return rc;
	}
	rc = dx_part(d, "docProps/app.xml", &doc);
	if (rc == QUIRE_OK) {
		xmlNodePtr root = xmlDocGetRootElement(doc);
		for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
			if (c->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)c->name, "Pages") == 0) {
				char *t = xmlx_text(c);
				long p = t ? strtol(t, NULL, 10) : 0;
				free(t);
				if (p > 0 && p < 1000000)
					quire_source_set_pages(d->out, (unsigned)p);
			}
		}
		xmlFreeDoc(doc);
	} else if (rc != QUIRE_ENOTFOUND) {
		return rc;
	}
	return QUIRE_OK;
}

static quire_status dx_remark(docx *d)
{
	const fmt_dropped it[] = {
		{d->n_images, "image", "images"},
		{d->n_objects, "embedded object", "embedded objects"},
		{d->n_comments, "comment", "comments"},
		{d->n_deletions, "tracked deletion", "tracked deletions"},
	};
	return fmt_remark_dropped(d->out, it, sizeof it / sizeof it[0]);
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

static quire_status dx_main_part(docx *d, char *name, size_t size)
{
	if (zipx_has(d->z, "word/document.xml")) {
		snprintf(name, size, "word/document.xml");
		return QUIRE_OK;
	}
	dx_rel *rels;
	size_t n;
	quire_status rc = dx_read_rels(d, "_rels/.rels", &rels, &n);
	if (rc != QUIRE_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rels[i].type, "officeDocument") == 0 && !rels[i].external) {
			const char *t = rels[i].target;
			snprintf(name, size, "%s", t[0] == '/' ? t + 1 : t);
			if (zipx_has(d->z, name))
				return QUIRE_OK;
		}
	}
	if (zipx_has(d->z, "encryption") || zipx_has(d->z, "EncryptionInfo"))
		return quire_error_set(d->err, QUIRE_EINPUT,
				       "the document is password-protected");
	return quire_error_set(d->err, QUIRE_EINPUT,
			       "the archive has no word/document.xml");
}

quire_status rd_docx_read(const unsigned char *bytes, size_t n,
			  quire_source *out, quire_error *err)
{
	docx d;
	memset(&d, 0, sizeof d);
	d.out = out;
	d.err = err;
	buf_init(&d.para);
	buf_init(&d.table);
	buf_init(&d.note);
	/* the source's arena: quire_source has none exposed, so allocate
	 * style tables in a private arena freed at the end */
	d.a = quire_arena_new(0);
	if (d.a == NULL)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	xmlDocPtr doc = NULL;
	char main[256], name[300];
	quire_status rc = zipx_open(bytes, n, NULL, &d.z, err);
	if (rc != QUIRE_OK)
		goto done;
	rc = dx_main_part(&d, main, sizeof main);
	if (rc != QUIRE_OK)
		goto done;
	const char *slash = strrchr(main, '/');
	size_t dl = slash ? (size_t)(slash - main) + 1 : 0;
	memcpy(d.dir, main, dl);
	d.dir[dl] = '\0';

	rc = dx_part(&d, main, &doc);
	if (rc == QUIRE_ENOTFOUND)
		rc = quire_error_set(err, QUIRE_EINPUT, "the archive has no %s", main);
	if (rc != QUIRE_OK)
		goto done;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root == NULL || root->ns == NULL || root->ns->href == NULL ||
	    (strcmp((const char *)root->ns->href, W_TRANS) != 0 &&
	     strcmp((const char *)root->ns->href, W_STRICT) != 0)) {
		rc = quire_error_set(err, QUIRE_EINPUT,
				     "%s is not a WordprocessingML document", main);
		goto done;
	}
	d.wns = strcmp((const char *)root->ns->href, W_TRANS) == 0 ? W_TRANS : W_STRICT;
	d.rns = strcmp(d.wns, W_TRANS) == 0 ? R_TRANS : R_STRICT;

	rc = quire_source_set_format(out, "docx", "UTF-8");
	if (rc != QUIRE_OK)
		goto done;
	snprintf(name, sizeof name, "%s_rels/%s.rels", d.dir, main + dl);
	rc = dx_read_rels(&d, name, &d.rels, &d.n_rels);
	if (rc != QUIRE_OK)
		goto done;
	const dx_rel *r = dx_rel_by_type(&d, "styles");
	if (r)
		dx_resolve(&d, r->target, name, sizeof name);
	else
		snprintf(name, sizeof name, "%sstyles.xml", d.dir);
	rc = dx_read_styles(&d, name);
	if (rc != QUIRE_OK)
		goto done;
	rc = dx_meta(&d);
	if (rc != QUIRE_OK)
		goto done;

	xmlNodePtr body = xmlx_child(root, d.wns, "body");
	if (body)
		rc = dx_walk(&d, body, 0);
	xmlFreeDoc(doc);
	doc = NULL;
	if (rc != QUIRE_OK)
		goto done;
	r = dx_rel_by_type(&d, "footnotes");
	if (r)
		dx_resolve(&d, r->target, name, sizeof name);
	else
		snprintf(name, sizeof name, "%sfootnotes.xml", d.dir);
	rc = dx_notes(&d, name, "footnote");
	if (rc != QUIRE_OK)
		goto done;
	r = dx_rel_by_type(&d, "endnotes");
	if (r)
		dx_resolve(&d, r->target, name, sizeof name);
	else
		snprintf(name, sizeof name, "%sendnotes.xml", d.dir);
	rc = dx_notes(&d, name, "endnote");
	if (rc != QUIRE_OK)
		goto done;
	rc = dx_remark(&d);
	if (rc != QUIRE_OK)
		rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
done:
	xmlFreeDoc(doc);
	zipx_close(d.z);
	buf_free(&d.para);
	buf_free(&d.table);
	buf_free(&d.note);
	quire_arena_free(d.a);
	return rc;
}
