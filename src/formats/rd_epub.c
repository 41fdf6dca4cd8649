/*
 * rd_epub.c — the EPUB reader (EPUB 2 and 3).
 *
 * META-INF/container.xml names the package document (the OPF); its
 * metadata gives dc:title (the first), dc:creator (all, in order) and
 * dc:date (the first); dc:language is read but quire's source has no field
 * for it.  The spine gives the reading order over the manifest: items with
 * linear="no", the navigation document (properties="nav") and the NCX are
 * left out; an image in the spine is counted as an image; a spine entry
 * whose file is not in the archive is skipped and counted in a remark.
 *
 * Each chapter goes through the same block extraction as an HTML page
 * (html_blocks.h), without the web boilerplate rules (a book has no cookie
 * banners, and its <aside>s are notes).  Chapters are parsed as XML first
 * (xmlx_parse: XHTML is XML, and the XML parser is the one that gets
 * self-closed elements, CDATA and namespaced attributes such as epub:type
 * exactly right; entities are never loaded or expanded, so billion laughs
 * and external entities are refused or left alone); a chapter that is not
 * well-formed (undeclared &nbsp;, tag soup from old converters) is parsed
 * again with the HTML parser, as reading systems do, and counted in a
 * remark.  An entity bomb or a too-deep chapter stops the read with
 * xmlx_parse's message.
 *
 * The title appears once: the title page's heading is kept and a chapter
 * that repeats the title (pandoc's EPUBs do) loses the repeat; the title
 * page's author and date lines are dropped (the metadata has them).
 *
 * The ZIP is read through zipx.h, whose limits stop zip bombs.
 */
#include "formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "buf.h"
#include "html_blocks.h"
#include "xmlx.h"
#include "zipx.h"

typedef struct ep_item {
	const char *id, *href, *media, *props;
} ep_item;

static int item_cmp(const void *a, const void *b)
{
	return strcmp(((const ep_item *)a)->id, ((const ep_item *)b)->id);
}

/* The value of attribute local (any namespace), or NULL. */
static const char *ep_attr(const xmlNode *n, const char *local)
{
	return xmlx_attr(n, NULL, local);
}

static int is_local(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       strcmp((const char *)n->name, local) == 0;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
		: c >= 'a' && c <= 'f' ? c - 'a' + 10
		: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The archive path of href relative to the directory dir ("EPUB/"):
 * fragment dropped, %XX decoded, "." and ".." resolved.  malloc'ed. */
static char *resolve(const char *dir, size_t dlen, const char *href)
{
	size_t hn = strcspn(href, "#?");
	char *p = malloc(dlen + hn + 2);
	if (!p)
		return NULL;
	size_t k = 0;
	if (href[0] != '/') {
		memcpy(p, dir, dlen);
		k = dlen;
	}
	for (size_t i = href[0] == '/' ? 1 : 0; i < hn; i++) {
		if (href[i] == '%' && i + 2 < hn + 1 && hexval(href[i + 1]) >= 0 &&
		    hexval(href[i + 2]) >= 0) {
			p[k++] = (char)(hexval(href[i + 1]) * 16 + hexval(href[i + 2]));
			i += 2;
		} else {
			p[k++] = href[i];
		}
	}
	p[k] = '\0';
	/* resolve segments in place */
	size_t o = 0;
	for (size_t i = 0; i <= k;) {
		size_t j = i;
		while (j < k && p[j] != '/')
			j++;
		size_t sl = j - i;
		if (sl == 0 || (sl == 1 && p[i] == '.')) {
			/* nothing */
		} else if (sl == 2 && p[i] == '.' && p[i + 1] == '.') {
			while (o > 0 && p[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			while (o > 0 && p[o - 1] != '/')
				o--;
		} else {
			if (o > 0 && p[o - 1] != '/')
				p[o++] = '/';
			memmove(p + o, p + i, sl);
			o += sl;
		}
		i = j + 1;
	}
	if (o > 0 && p[o - 1] == '/')
		o--;
	p[o] = '\0';
	return p;
}

/* The first element called local under root, walked without a stack. */
static xmlNode *find_elem(xmlNode *root, const char *local)
{
	xmlx_walk w;
	xmlNodePtr n;
	int leaving;
	xmlx_walk_init(&w, root);
	while (xmlx_next(&w, &n, &leaving))
		if (!leaving && is_local(n, local))
			return n;
	return NULL;
}

/* Reads entry name; a missing entry gets the message "the EPUB has no …". */
static quire_status read_entry(zipx_t *z, const char *name, unsigned char **data,
			       size_t *len, quire_error *err)
{
	quire_status rc = zipx_read(z, name, data, len, err);
	if (rc == QUIRE_ENOTFOUND)
		return quire_error_set(err, QUIRE_EINPUT, "the EPUB has no %s", name);
	return rc;
}

/* The package document's path from container.xml (malloc'ed). */
static quire_status find_opf(zipx_t *z, char **path, quire_error *err)
{
	unsigned char *data = NULL;
	size_t len = 0;
	*path = NULL;
	quire_status rc = read_entry(z, "META-INF/container.xml", &data, &len, err);
	if (rc)
		return rc;
	xmlDocPtr doc = NULL;
	rc = xmlx_parse(data, len, "META-INF/container.xml", &doc, err);
	free(data);
	if (rc)
		return rc;
	const char *fp = NULL;
	xmlx_walk w;
	xmlNodePtr n;
	int leaving;
	xmlx_walk_init(&w, (xmlNodePtr)doc);
	while (xmlx_next(&w, &n, &leaving)) {
		if (leaving || !is_local(n, "rootfile"))
			continue;
		const char *p = ep_attr(n, "full-path");
		const char *mt = ep_attr(n, "media-type");
		if (p && *p && (!fp || (mt && strcmp(mt, "application/oebps-package+xml") == 0))) {
			fp = p;
			if (mt && strcmp(mt, "application/oebps-package+xml") == 0)
				break;
		}
	}
	if (fp)
		*path = resolve("", 0, fp);
	xmlFreeDoc(doc);
	if (!fp)
		return quire_error_set(err, QUIRE_EINPUT,
				       "META-INF/container.xml names no package document");
	if (!*path)
		return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
	return QUIRE_OK;
}

static int is_xhtml(const char *media)
{
	return media && (strcmp(media, "application/xhtml+xml") == 0 ||
			 strcmp(media, "text/html") == 0 ||
			 strcmp(media, "application/x-dtbook+xml") == 0);
}

static int has_prop(const char *props, const char *want)
{
	size_t k = strlen(want);
	for (const char *s = props; s && *s;) {
		while (*s == ' ')
			s++;
		const char *e = s;
		while (*e && *e != ' ')
			e++;
		if ((size_t)(e - s) == k && strncmp(s, want, k) == 0)
			return 1;
		s = e;
	}
	return 0;
}

/* Reads one chapter into st.  *fallback is set when it needed the HTML
 * parser. */
static quire_status read_chapter(hb_state *st, const unsigned char *data, size_t len,
				 const char *name, int *fallback, quire_error *err)
{
	xmlDocPtr doc = NULL;
	quire_status rc = xmlx_parse(data, len, name, &doc, err);
	if (rc == QUIRE_EINPUT && len > 0) {
		char enc[HB_ENC_SIZE];
		int guessed, cut;
		doc = hb_parse_html(data, len, enc, &guessed, &cut);
		if (!doc)
			return quire_error_set(err, QUIRE_ENOMEM, "out of memory");
		*fallback = 1;
		rc = QUIRE_OK;
	} else if (rc == QUIRE_EINPUT) {
		return QUIRE_OK; /* an empty chapter */
	}
	if (rc)
		return rc;
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *body = root ? find_elem(root, "body") : NULL;
	if (body || root)
		rc = hb_walk(st, body ? body : root);
	xmlFreeDoc(doc);
	return rc ? quire_error_set(err, rc, "out of memory") : QUIRE_OK;
}

quire_status rd_epub_read(const unsigned char *bytes, size_t n,
			  quire_source *out, quire_error *err)
{
	zipx_t *z = NULL;
	quire_status rc = zipx_open(bytes, n, NULL, &z, err);
	if (rc)
		return rc;
	char *opf_path = NULL;
	unsigned char *opf = NULL;
	size_t opf_len = 0;
	xmlDocPtr doc = NULL;
	ep_item *items = NULL;
	size_t n_items = 0;
	buf_t spine = BUF_INIT; /* const char * idrefs */
	hb_state st;
	int st_live = 0;

	rc = find_opf(z, &opf_path, err);
	if (rc == QUIRE_OK)
		rc = read_entry(z, opf_path, &opf, &opf_len, err);
	if (rc == QUIRE_OK)
		rc = xmlx_parse(opf, opf_len, opf_path, &doc, err);
	free(opf);
	if (rc)
		goto done;

	/* metadata, manifest, spine */
	const char *title = NULL, *date = NULL;
	size_t cap = 0;
	xmlx_walk w;
	xmlNodePtr nd;
	int leaving;
	xmlx_walk_init(&w, (xmlNodePtr)doc);
	while (xmlx_next(&w, &nd, &leaving)) {
		if (leaving || nd->type != XML_ELEMENT_NODE)
			continue;
		if (is_local(nd, "title") && nd->ns && nd->ns->prefix &&
		    strcmp((const char *)nd->ns->prefix, "dc") == 0) {
			if (!title) {
				char *t = xmlx_text(nd);
				if (t) {
					rc = quire_source_set_title(out, t);
					free(t);
					title = quire_source_title(out);
				}
			}
		} else if (is_local(nd, "creator") && nd->ns) {
			char *t = xmlx_text(nd);
			if (t) {
				rc = quire_source_add_author(out, t);
				free(t);
			}
		} else if (is_local(nd, "date") && nd->ns && !date) {
			char *t = xmlx_text(nd);
			if (t) {
				rc = quire_source_set_date(out, t);
				free(t);
				date = quire_source_date(out);
			}
		} else if (is_local(nd, "item")) {
			const char *id = ep_attr(nd, "id"), *href = ep_attr(nd, "href");
			if (!id || !href)
				continue;
			if (n_items == cap) {
				cap = cap ? 2 * cap : 64;
				ep_item *v = realloc(items, cap * sizeof *v);
				if (!v) {
					rc = QUIRE_ENOMEM;
					break;
				}
				items = v;
			}
			items[n_items].id = id;
			items[n_items].href = href;
			items[n_items].media = ep_attr(nd, "media-type");
			items[n_items].props = ep_attr(nd, "properties");
			n_items++;
		} else if (is_local(nd, "itemref")) {
			const char *idref = ep_attr(nd, "idref");
			const char *lin = ep_attr(nd, "linear");
			if (idref && !(lin && strcmp(lin, "no") == 0))
				buf_append(&spine, &idref, sizeof idref);
		}
		if (rc)
			break;
	}
	if (rc == QUIRE_OK && buf_failed(&spine))
		rc = QUIRE_ENOMEM;
	if (rc) {
		rc = quire_error_set(err, rc, "out of memory");
		goto done;
	}
	if (n_items)
		qsort(items, n_items, sizeof *items, item_cmp);
	size_t n_spine = spine.len / sizeof(const char *);
	if (n_spine == 0) {
		rc = quire_error_set(err, QUIRE_EINPUT, "the EPUB's spine lists no chapters");
		goto done;
	}

	const char *slash = strrchr(opf_path, '/');
	size_t dlen = slash ? (size_t)(slash - opf_path) + 1 : 0;
	hb_init(&st, out, 0, title);
	st_live = 1;
	size_t missing = 0, fallbacks = 0, chapters = 0;
	for (size_t i = 0; i < n_spine && rc == QUIRE_OK; i++) {
		ep_item key = {NULL, NULL, NULL, NULL}, *it;
		memcpy(&key.id, spine.p + i * sizeof(const char *), sizeof key.id);
		it = n_items ? bsearch(&key, items, n_items, sizeof *items, item_cmp) : NULL;
		if (!it) {
			missing++;
			continue;
		}
		if (has_prop(it->props, "nav") ||
		    (it->media && strcmp(it->media, "application/x-dtbncx+xml") == 0))
			continue;
		if (!is_xhtml(it->media)) {
			if (it->media && (strncmp(it->media, "image/", 6) == 0))
				st.n_images++;
			continue;
		}
		char *path = resolve(opf_path, dlen, it->href);
		if (!path) {
			rc = quire_error_set(err, QUIRE_ENOMEM, "out of memory");
			break;
		}
		unsigned char *data = NULL;
		size_t len = 0;
		rc = zipx_read(z, path, &data, &len, err);
		if (rc == QUIRE_ENOTFOUND) {
			missing++;
			rc = QUIRE_OK;
		} else if (rc == QUIRE_OK) {
			int fb = 0;
			rc = read_chapter(&st, data, len, path, &fb, err);
			fallbacks += (size_t)fb;
			chapters++;
		}
		free(data);
		free(path);
	}
	if (rc)
		goto done;
	st_live = 0;
	rc = hb_finish(&st);
	char msg[160];
	if (rc == QUIRE_OK && missing) {
		snprintf(msg, sizeof msg, "%zu spine %s not in the archive: skipped",
			 missing, missing == 1 ? "entry" : "entries");
		rc = quire_source_add_remark(out, msg);
	}
	if (rc == QUIRE_OK && fallbacks) {
		snprintf(msg, sizeof msg, "%zu %s not well-formed XHTML: read as HTML",
			 fallbacks, fallbacks == 1 ? "chapter was" : "chapters were");
		rc = quire_source_add_remark(out, msg);
	}
	if (rc == QUIRE_OK)
		rc = quire_source_set_format(out, "epub", "UTF-8");
	if (rc) {
		rc = quire_error_set(err, rc, "out of memory");
		goto done;
	}
	int blocks = 0;
	for (size_t k = 0; k < quire_source_count(out) && !blocks; k++)
		blocks = quire_source_item(out, k)->type == QUIRE_ITEM_BLOCK;
	if (!blocks)
		rc = quire_error_set(err, QUIRE_EINPUT, chapters ? "the EPUB has no text"
				     : "the EPUB has no readable chapters");
done:
	if (st_live)
		hb_free(&st);
	buf_free(&spine);
	free(items);
	if (doc)
		xmlFreeDoc(doc);
	free(opf_path);
	zipx_close(z);
	return rc;
}
