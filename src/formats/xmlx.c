/*
 * xmlx.c — safe parsing and iterative walking of XML parts (libxml2).
 *
 * Decisions:
 *  - One parser context per parse (xmlNewParserCtxt + xmlCtxtReadMemory),
 *    so the error of this parse is read from the context, not from
 *    libxml2's global last error: readers may run side by side in tests.
 *  - Options: NONET | NOERROR | NOWARNING only.  No NOENT (external
 *    general entities are then neither loaded nor substituted — libxml2
 *    loads them only with NOENT or DTDVALID), no DTDLOAD, no HUGE (so the
 *    amplification guard and the 256-level depth limit stay on), no
 *    RECOVER (a damaged part is an error, not a guess).
 *  - The walk keeps no stack: children, next and parent pointers give a
 *    depth-first order in constant memory whatever the depth.
 */
#include "xmlx.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "bib.h"

#define XMLX_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

quire_status xmlx_parse(const unsigned char *data, size_t len, const char *what,
			xmlDocPtr *doc, quire_error *err)
{
	*doc = NULL;
	if (what == NULL)
		what = "the XML part";
	if (data == NULL || len == 0)
		return quire_error_set(err, QUIRE_EINPUT, "%s is empty", what);
	if (len > INT_MAX)
		return quire_error_set(err, QUIRE_ELIMIT,
				       "%s is larger than 2 GB", what);
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	xmlDocPtr d = xmlCtxtReadMemory(ctxt, (const char *)data, (int)len,
					NULL, NULL, XMLX_OPTIONS);
	if (d != NULL && !ctxt->wellFormed) {
		xmlFreeDoc(d);
		d = NULL;
	}
	if (d != NULL) {
		xmlFreeParserCtxt(ctxt);
		*doc = d;
		return QUIRE_OK;
	}
	const xmlError *e = &ctxt->lastError;
	const char *msg = e->message ? e->message : "unknown error";
	char clean[200];
	size_t k = 0;
	for (const char *p = msg; *p && k + 1 < sizeof clean; p++)
		clean[k++] = (*p == '\n' || *p == '\r') ? ' ' : *p;
	while (k > 0 && clean[k - 1] == ' ')
		k--;
	clean[k] = '\0';
	quire_status rc;
	if (e->code == XML_ERR_NO_MEMORY)
		rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	else if (e->code == XML_ERR_ENTITY_LOOP || strstr(msg, "amplification") ||
		 (strstr(msg, "ntity") && strstr(msg, "loop")))
		rc = quire_error_set(err, QUIRE_ELIMIT,
				     "%s: XML entity expansion refused (an entity bomb?)",
				     what);
	else if (strstr(msg, "depth") || strstr(msg, "Depth"))
		rc = quire_error_set(err, QUIRE_ELIMIT,
				     "%s: the XML is nested too deeply", what);
	else
		rc = quire_error_set(err, QUIRE_EINPUT,
				     "%s is not well-formed XML (line %d: %s)", what,
				     e->line, clean);
	xmlFreeParserCtxt(ctxt);
	return rc;
}

void xmlx_walk_init(xmlx_walk *w, xmlNodePtr root)
{
	w->root = root;
	w->cur = NULL;
	w->leaving = 0;
	w->skip = 0;
	w->depth = 0;
}

static int xmlx_report(xmlx_walk *w, xmlNodePtr n, int leaving,
		       xmlNodePtr *node, int *lv)
{
	w->cur = n;
	w->leaving = leaving;
	w->skip = 0;
	if (n->type == XML_ELEMENT_NODE)
		w->depth += leaving ? -1 : 1;
	*node = n;
	*lv = leaving;
	return 1;
}

int xmlx_next(xmlx_walk *w, xmlNodePtr *node, int *leaving)
{
	if (w->root == NULL)
		return 0;
	xmlNodePtr c = w->cur;
	if (c == NULL) {
		if (w->root->children == NULL || w->root->type == XML_ENTITY_REF_NODE)
			return 0;
		return xmlx_report(w, w->root->children, 0, node, leaving);
	}
	if (c == w->root)
		return 0;
	if (!w->leaving && c->type == XML_ELEMENT_NODE) {
		if (!w->skip && c->children != NULL)
			return xmlx_report(w, c->children, 0, node, leaving);
		return xmlx_report(w, c, 1, node, leaving);
	}
	/* c is finished: its next sibling, else its parent's leaving. */
	if (c->next != NULL)
		return xmlx_report(w, c->next, 0, node, leaving);
	xmlNodePtr p = c->parent;
	if (p == NULL || p == w->root) {
		w->cur = w->root;
		return 0;
	}
	return xmlx_report(w, p, 1, node, leaving);
}

void xmlx_skip(xmlx_walk *w)
{
	w->skip = 1;
}

int xmlx_is(const xmlNode *n, const char *ns, const char *local)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)n->name, local) != 0)
		return 0;
	if (ns == NULL)
		return n->ns == NULL;
	return n->ns != NULL && n->ns->href != NULL &&
	       strcmp((const char *)n->ns->href, ns) == 0;
}

const char *xmlx_attr(const xmlNode *n, const char *ns, const char *local)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
		if (strcmp((const char *)a->name, local) != 0)
			continue;
		if (ns != NULL && (a->ns == NULL || a->ns->href == NULL ||
				   strcmp((const char *)a->ns->href, ns) != 0))
			continue;
		for (const xmlNode *t = a->children; t != NULL; t = t->next)
			if (t->type == XML_TEXT_NODE && t->content != NULL)
				return (const char *)t->content;
		return "";
	}
	return NULL;
}

xmlNodePtr xmlx_child(const xmlNode *n, const char *ns, const char *local)
{
	if (n == NULL)
		return NULL;
	for (xmlNodePtr c = n->children; c != NULL; c = c->next)
		if (xmlx_is(c, ns, local))
			return c;
	return NULL;
}

char *xmlx_text(const xmlNode *n)
{
	if (n == NULL)
		return NULL;
	buf_t b = BUF_INIT;
	xmlx_walk w;
	xmlx_walk_init(&w, (xmlNodePtr)n);
	xmlNodePtr c;
	int lv;
	while (xmlx_next(&w, &c, &lv))
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    c->content != NULL)
			buf_puts(&b, (const char *)c->content);
	if (buf_failed(&b) || b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	size_t s = 0, e = b.len;
	while (s < e && strchr(" \t\r\n", b.p[s]))
		s++;
	while (e > s && strchr(" \t\r\n", b.p[e - 1]))
		e--;
	if (s == e) {
		buf_free(&b);
		return NULL;
	}
	memmove(b.p, b.p + s, e - s);
	b.p[e - s] = '\0';
	return b.p;
}

quire_block_kind xmlx_office_kind(quire_block_kind style_kind, int list,
				  int hanging, const char *text, size_t n,
				  int *in_refs, int *level)
{
	quire_block_kind k = style_kind;
	if (k == QUIRE_BLOCK_TITLE || k == QUIRE_BLOCK_HEADING) {
		int notes;
		*in_refs = bib_is_heading(text, n, &notes);
	} else if (k == QUIRE_BLOCK_NONE) {
		if (list) {
			k = QUIRE_BLOCK_LIST_ITEM;
			*level = list;
		} else if (*in_refs && hanging) {
			k = QUIRE_BLOCK_REFERENCE;
		} else {
			k = QUIRE_BLOCK_PARAGRAPH;
		}
	}
	if (k != QUIRE_BLOCK_HEADING && k != QUIRE_BLOCK_LIST_ITEM)
		*level = 0;
	return k;
}
