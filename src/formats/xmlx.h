/*
 * xmlx.h — small helpers over libxml2 for the ZIP+XML formats (DOCX, ODT,
 * EPUB): one safe way to parse a part, an iterative walk over a tree, and
 * attribute and element tests by namespace.
 *
 * Safety: xmlx_parse() is the only way these readers parse XML.  It uses
 * XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING and never
 * NOENT, DTDLOAD or HUGE: external entities are neither loaded nor
 * substituted, libxml2's own amplification guard stops billion-laughs, and
 * its default depth limit (256 elements) stops deep nesting.  Entity
 * reference nodes left in the tree must not be walked into (their children
 * are the entity's content, shared, and expanding them would undo the
 * guard): xmlx_next() never descends into them, and readers ignore them.
 *
 * Types of libxml2 appear here on purpose: this header is internal to the
 * format readers, never part of quire.h.
 */
#ifndef QUIRE_XMLX_H
#define QUIRE_XMLX_H

#include <stddef.h>

#include <libxml/tree.h>

#include "quire.h"

/*
 * Parses data[0..len) (e.g. an entry read with zipx_read) into *doc (free
 * it with xmlFreeDoc).  what names the part in messages
 * ("word/document.xml").  Failures:
 *   QUIRE_ELIMIT "word/document.xml: XML entity expansion refused (an
 *                 entity bomb?)"
 *   QUIRE_ELIMIT "word/document.xml: the XML is nested too deeply"
 *   QUIRE_EINPUT "word/document.xml is not well-formed XML (line 3: …)"
 *   QUIRE_ENOMEM
 */
quire_status xmlx_parse(const unsigned char *data, size_t len, const char *what,
			xmlDocPtr *doc, quire_error *err);

/*
 * An iterative depth-first walk of the subtree under root (root itself is
 * not visited), with no stack: it follows children/next/parent pointers.
 * Each element is reported twice, entering (leaving = 0) and leaving
 * (leaving = 1); other nodes (text, entity references, comments…) once,
 * with leaving = 0.  Entity reference nodes are never descended into.
 *
 *   xmlx_walk w;
 *   xmlx_walk_init(&w, root);
 *   xmlNodePtr n; int leaving;
 *   while (xmlx_next(&w, &n, &leaving)) { … xmlx_skip(&w); … }
 */
typedef struct xmlx_walk {
	xmlNodePtr root;
	xmlNodePtr cur;  /* last node reported */
	int leaving;     /* how cur was reported */
	int skip;        /* set by xmlx_skip: do not enter cur's children */
	int depth;       /* elements entered and not left (cur included when entering) */
} xmlx_walk;

void xmlx_walk_init(xmlx_walk *w, xmlNodePtr root);
/* The next event; 0 when the walk is over. */
int xmlx_next(xmlx_walk *w, xmlNodePtr *node, int *leaving);
/* Called right after entering an element: its children are skipped and the
 * next event is its leaving. */
void xmlx_skip(xmlx_walk *w);

/* Non-zero if n is an element called local in namespace ns (ns NULL: an
 * element with no namespace). */
int xmlx_is(const xmlNode *n, const char *ns, const char *local);

/* The value of n's attribute local in namespace ns (ns NULL: any
 * namespace or none), borrowed from the tree; NULL if absent. */
const char *xmlx_attr(const xmlNode *n, const char *ns, const char *local);

/* The first child element of n called local in ns, or NULL. */
xmlNodePtr xmlx_child(const xmlNode *n, const char *ns, const char *local);

/* The concatenated text of the subtree under n (text and CDATA nodes,
 * entity references skipped), walked iteratively, as a malloc'ed string
 * with surrounding white space trimmed (free it); NULL when empty or out
 * of memory. */
char *xmlx_text(const xmlNode *n);

/*
 * What a word processor's paragraph (DOCX, ODT) becomes, from what its
 * style said (style_kind: TITLE, HEADING with *level, or NONE), whether it
 * is a list item (list: depth, 0 if not) and has a hanging indent.  A
 * heading that names a bibliography (the core's bib_is_heading, every
 * language it knows) sets *in_refs, another heading clears it; after one,
 * hanging-indent paragraphs are REFERENCE entries.  *level is set for
 * headings and list items, 0 otherwise.
 */
quire_block_kind xmlx_office_kind(quire_block_kind style_kind, int list,
				  int hanging, const char *text, size_t n,
				  int *in_refs, int *level);

#endif
