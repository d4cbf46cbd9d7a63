/* SPDX-License-Identifier: MIT */
/* This file contains the implementation of the .xlsx reader (io/xlsx_read.h): the archive
 * is opened from memory with libzip, the workbook's relationships lead to its first
 * worksheet, shared strings and styles, and the worksheet is streamed with libxml2's
 * reader one row at a time, so that memory follows the cells kept, not the XML's size.
 *
 * Cell texts live in two arenas (the shared strings and the worksheet's own texts) and the
 * grid points into them: a shared string used by 100,000 cells is stored once. */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "io/xlsx_read.h"
#include "sys/lazylib.h"

/* libxml2 is loaded when the first workbook is read (sys/lazylib.h): it pulls in ICU, and
 * nothing else of yitihua needs it. Its strings come from its default allocator, malloc
 * (yitihua never calls xmlMemSetup), so they are released with free(). */
#define XML_FUNCTIONS(X) \
	X(xmlDocGetRootElement) \
	X(xmlFreeDoc) \
	X(xmlFreeTextReader) \
	X(xmlInitParser) \
	X(xmlNodeGetContent) \
	X(xmlReadMemory) \
	X(xmlReaderForMemory) \
	X(xmlTextReaderConstLocalName) \
	X(xmlTextReaderExpand) \
	X(xmlTextReaderNext) \
	X(xmlTextReaderNodeType) \
	X(xmlTextReaderRead)

static struct {
	XML_FUNCTIONS(LAZYLIB_FIELD)
} lib;
static bool xml_loaded;

/* Fill the table (before the names below are routed through it). */
static int xml_table(void)
{
	static const char *const names[] = {XML_FUNCTIONS(LAZYLIB_NAME)};
	void **const slots[] = {XML_FUNCTIONS(LAZYLIB_SLOT)};
	return lazylib_load("libxml2.so.2", "libxml2", names, slots,
			    sizeof(names) / sizeof(names[0]));
}

#define xmlDocGetRootElement (lib.xmlDocGetRootElement)
#define xmlFreeDoc (lib.xmlFreeDoc)
#define xmlFreeTextReader (lib.xmlFreeTextReader)
#define xmlInitParser (lib.xmlInitParser)
#define xmlNodeGetContent (lib.xmlNodeGetContent)
#define xmlReadMemory (lib.xmlReadMemory)
#define xmlReaderForMemory (lib.xmlReaderForMemory)
#define xmlTextReaderConstLocalName (lib.xmlTextReaderConstLocalName)
#define xmlTextReaderExpand (lib.xmlTextReaderExpand)
#define xmlTextReaderNext (lib.xmlTextReaderNext)
#define xmlTextReaderNodeType (lib.xmlTextReaderNodeType)
#define xmlTextReaderRead (lib.xmlTextReaderRead)

/* No network, no error text on stderr; and deliberately neither XML_PARSE_NOENT (entity
 * substitution), XML_PARSE_DTDLOAD nor XML_PARSE_HUGE. Documents with a DTD are refused. */
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

#define MAX_STYLES 65536 /* cell formats: Excel's own limit is 64,000 */

/* A growing buffer of NUL-terminated texts, addressed by offset (it moves as it grows).
 * Offset 0 is always "". */
struct arena {
	char *data;
	size_t len, cap;
};

struct xlsx_store {
	struct arena shared; /* the shared strings */
	size_t *shared_off;  /* offset of each shared string in SHARED */
	size_t nshared, shared_cap;
	struct arena own; /* texts of the worksheet's own cells */
};

/* A cell holding a value, before the grid is laid out. */
struct cell {
	uint32_t row, col; /* 0-based */
	uint8_t kind;      /* enum xlsx_kind */
	bool shared;       /* OFF is in the shared-string arena */
	size_t off;
};

struct reader {
	zip_t *zip;
	char *why;
	size_t why_len;
	struct xlsx_store *store;
	char base[256]; /* folder of the workbook part, "xl/" */
	bool *xf_date;  /* per cell format: shows a date */
	size_t nxf;
	bool date1904;
	struct cell *cells;
	size_t ncells, cells_cap;
	size_t rows, cols; /* 1 + the last row / column holding a value */
};

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	if (xml_table() != 0)
		return;
	/* libxml2 must be initialised once before threads use it. */
	xmlInitParser();
	xml_loaded = true;
}

static int fail(struct reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct reader *rd, const char *fmt, ...)
{
	/* The first reason is the one worth telling. */
	if (rd->why && rd->why_len && !rd->why[0]) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(rd->why, rd->why_len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int arena_init(struct arena *a)
{
	a->cap = 4096;
	a->data = malloc(a->cap);
	if (!a->data)
		return -1;
	a->data[0] = '\0';
	a->len = 1;
	return 0;
}

/* Append LEN bytes of S and a NUL; *OFF gets where. Returns 0 or -1 (out of memory). */
static int arena_add(struct arena *a, const char *s, size_t len, size_t *off)
{
	if (len == 0) {
		*off = 0;
		return 0;
	}
	if (len + 1 > a->cap - a->len) {
		size_t cap = a->cap;
		while (len + 1 > cap - a->len) {
			if (cap > SIZE_MAX / 2)
				return -1;
			cap *= 2;
		}
		char *data = realloc(a->data, cap);
		if (!data)
			return -1;
		a->data = data;
		a->cap = cap;
	}
	memcpy(a->data + a->len, s, len);
	a->data[a->len + len] = '\0';
	*off = a->len;
	a->len += len + 1;
	return 0;
}

static void store_free(struct xlsx_store *st)
{
	if (!st)
		return;
	free(st->shared.data);
	free(st->shared_off);
	free(st->own.data);
	free(st);
}

bool xlsx_is_zip(const void *data, size_t len)
{
	return data && len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

/* ---- the archive ---- */

/* Member NAME of the archive, at most LIMIT bytes once uncompressed, into a new buffer
 * *OUT (NUL-terminated, *LEN bytes; caller frees). Returns 1, 0 if there is no such
 * member, or -1 with the reason set. The size in the directory is not trusted: reading
 * stops at LIMIT whatever it says. */
static int member(struct reader *rd, const char *name, size_t limit, char **out, size_t *len)
{
	zip_int64_t index = zip_name_locate(rd->zip, name, 0);
	if (index < 0)
		index = zip_name_locate(rd->zip, name, ZIP_FL_NOCASE);
	if (index < 0)
		return 0;
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(rd->zip, (zip_uint64_t)index, 0, &st) == 0 &&
	    (st.valid & ZIP_STAT_SIZE) && st.size > limit)
		return fail(rd, "文件中的 %s 解压后超过 %zu MB，拒绝读取", name,
			    limit / (1024 * 1024));
	zip_file_t *zf = zip_fopen_index(rd->zip, (zip_uint64_t)index, 0);
	if (!zf)
		return fail(rd, "无法读取文件中的 %s（文件已损坏或已加密）", name);
	size_t cap = (st.valid & ZIP_STAT_SIZE) && st.size < limit ? (size_t)st.size + 1 : 65536;
	size_t used = 0;
	char *buf = malloc(cap);
	int rc = -1;
	if (!buf) {
		fail(rd, "内存不足");
		goto out_close;
	}
	for (;;) {
		if (cap - used < 2) {
			size_t more = cap * 2 > limit + 2 ? limit + 2 : cap * 2;
			if (more <= cap) {
				fail(rd, "文件中的 %s 解压后超过 %zu MB，拒绝读取", name,
				     limit / (1024 * 1024));
				goto out_free;
			}
			char *grown = realloc(buf, more);
			if (!grown) {
				fail(rd, "内存不足");
				goto out_free;
			}
			buf = grown;
			cap = more;
		}
		zip_int64_t n = zip_fread(zf, buf + used, cap - used - 1);
		if (n < 0) {
			fail(rd, "无法读取文件中的 %s（文件已损坏）", name);
			goto out_free;
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > limit) {
			fail(rd, "文件中的 %s 解压后超过 %zu MB，拒绝读取", name,
			     limit / (1024 * 1024));
			goto out_free;
		}
	}
	buf[used] = '\0';
	*out = buf;
	*len = used;
	buf = NULL;
	rc = 1;
out_free:
	free(buf);
out_close:
	zip_fclose(zf);
	return rc;
}

/* ---- XML helpers ---- */

/* XML of LEN bytes as a tree, or NULL if malformed or if it declares a DTD (where entity
 * bombs live; no part of a workbook has one). Caller frees with xmlFreeDoc. */
static xmlDoc *parse_tree(const char *data, size_t len)
{
	if (len > INT_MAX)
		return NULL;
	xmlDoc *doc = xmlReadMemory(data, (int)len, NULL, NULL, XML_OPTIONS);
	if (doc && (doc->intSubset || doc->extSubset)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

static bool is_element(const xmlNode *n, const char *local)
{
	return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, local) == 0;
}

/* Attribute LOCAL of N, whatever its namespace; borrowed, NULL if absent. */
static const char *attr(const xmlNode *n, const char *local)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, local) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE && !a->children->next)
			return (const char *)a->children->content;
	return NULL;
}

/* The first child element LOCAL of N, or NULL. */
static xmlNode *child(const xmlNode *n, const char *local)
{
	for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
		if (is_element(c, local))
			return c;
	return NULL;
}

/* Text of element N (its text and CDATA children), appended to BUF (a growing string
 * *BUF of *LEN bytes, *CAP allocated). Returns 0 or -1 (out of memory). */
static int append_text(const xmlNode *n, char **buf, size_t *len, size_t *cap)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
			continue;
		size_t add = strlen((const char *)c->content);
		if (*len + add + 1 > *cap) {
			size_t grown = (*len + add + 1) * 2;
			char *p = realloc(*buf, grown);
			if (!p)
				return -1;
			*buf = p;
			*cap = grown;
		}
		memcpy(*buf + *len, c->content, add);
		*len += add;
		(*buf)[*len] = '\0';
	}
	return 0;
}

/* Text of a string item (<si> of the shared strings, <is> of an inline string): its <t>,
 * or the <t> of each rich-text run <r>; phonetic runs (<rPh>) are not part of the text.
 * New string in *OUT (caller frees), length *LEN. Returns 0 or -1. */
static int string_item(const xmlNode *si, char **out, size_t *len)
{
	size_t cap = 64;
	*len = 0;
	*out = malloc(cap);
	if (!*out)
		return -1;
	(*out)[0] = '\0';
	for (const xmlNode *c = si->children; c; c = c->next) {
		if (is_element(c, "t")) {
			if (append_text(c, out, len, &cap) != 0)
				goto fail;
		} else if (is_element(c, "r")) {
			const xmlNode *t = child(c, "t");
			if (t && append_text(t, out, len, &cap) != 0)
				goto fail;
		}
	}
	return 0;
fail:
	free(*out);
	*out = NULL;
	return -1;
}

/* ---- where the parts are ---- */

/* BASE + TARGET with "." and ".." segments resolved, or TARGET alone if it is absolute
 * ("/xl/worksheets/sheet1.xml"); into OUT without a leading "/". */
static void resolve(const char *base, const char *target, char *out, size_t len)
{
	char joined[512];
	if (target[0] == '/')
		snprintf(joined, sizeof(joined), "%s", target + 1);
	else
		snprintf(joined, sizeof(joined), "%s%s", base, target);
	char *segs[64];
	size_t n = 0;
	char *save = NULL;
	for (char *s = strtok_r(joined, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
		if (strcmp(s, ".") == 0)
			continue;
		if (strcmp(s, "..") == 0) {
			if (n > 0)
				n--;
			continue;
		}
		if (n < sizeof(segs) / sizeof(segs[0]))
			segs[n++] = s;
	}
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? "/" : "", segs[i]);
}

/* The parts a workbook's relationships name. */
struct parts {
	char sheet[512], shared[512], styles[512];
};

/* Read the relationships part NAME and fill P: the target of relationship id SHEET_RID
 * (may be NULL), the shared strings and the styles. Missing relationships leave P as is. */
static int read_rels(struct reader *rd, const char *name, const char *sheet_rid, struct parts *p)
{
	char *xml;
	size_t len;
	int rc = member(rd, name, XLSX_READ_MAX_SMALL, &xml, &len);
	if (rc <= 0)
		return rc;
	xmlDoc *doc = parse_tree(xml, len);
	free(xml);
	if (!doc)
		return fail(rd, "文件中的 %s 不是有效的 XML", name);
	xmlNode *root = xmlDocGetRootElement(doc);
	for (xmlNode *r = root ? root->children : NULL; r; r = r->next) {
		if (!is_element(r, "Relationship"))
			continue;
		const char *id = attr(r, "Id"), *type = attr(r, "Type"), *target = attr(r, "Target");
		if (!type || !target)
			continue;
		size_t tl = strlen(type);
		if (sheet_rid && id && strcmp(id, sheet_rid) == 0)
			resolve(rd->base, target, p->sheet, sizeof(p->sheet));
		else if (tl >= 14 && strcmp(type + tl - 14, "/sharedStrings") == 0)
			resolve(rd->base, target, p->shared, sizeof(p->shared));
		else if (tl >= 7 && strcmp(type + tl - 7, "/styles") == 0)
			resolve(rd->base, target, p->styles, sizeof(p->styles));
	}
	xmlFreeDoc(doc);
	return 1;
}

/* The workbook part (from the package relationships; "xl/workbook.xml" if they say
 * nothing), its first sheet's name and relationship id, and whether dates count from
 * 1904; then the parts its relationships name. */
static int find_parts(struct reader *rd, struct parts *p, char **sheet_name)
{
	char workbook[512] = "xl/workbook.xml";
	char *xml;
	size_t len;
	int rc = member(rd, "_rels/.rels", XLSX_READ_MAX_SMALL, &xml, &len);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		xmlDoc *doc = parse_tree(xml, len);
		free(xml);
		xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
		for (xmlNode *r = root ? root->children : NULL; r; r = r->next) {
			const char *type = is_element(r, "Relationship") ? attr(r, "Type") : NULL;
			const char *target = attr(r, "Target");
			size_t tl = type ? strlen(type) : 0;
			if (target && tl >= 15 && strcmp(type + tl - 15, "/officeDocument") == 0) {
				resolve("", target, workbook, sizeof(workbook));
				break;
			}
		}
		xmlFreeDoc(doc);
	}
	/* The folder of the workbook part, against which its relationships resolve. */
	const char *slash = strrchr(workbook, '/');
	size_t dir = slash ? (size_t)(slash - workbook) + 1 : 0;
	snprintf(rd->base, sizeof(rd->base), "%.*s", (int)dir, workbook);

	rc = member(rd, workbook, XLSX_READ_MAX_SMALL, &xml, &len);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return fail(rd, "文件不是 Excel 工作簿（.xlsx）：缺少 %s", workbook);
	xmlDoc *doc = parse_tree(xml, len);
	free(xml);
	if (!doc)
		return fail(rd, "文件中的 %s 不是有效的 XML", workbook);
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *pr = child(root, "workbookPr");
	const char *d1904 = pr ? attr(pr, "date1904") : NULL;
	rd->date1904 = d1904 && (strcmp(d1904, "1") == 0 || strcmp(d1904, "true") == 0);
	xmlNode *first = child(child(root, "sheets"), "sheet");
	char rid[128] = "";
	if (first) {
		const char *id = attr(first, "id");
		snprintf(rid, sizeof(rid), "%s", id ? id : "");
		const char *name = attr(first, "name");
		*sheet_name = strdup(name ? name : "Sheet1");
	} else {
		*sheet_name = strdup("Sheet1");
	}
	xmlFreeDoc(doc);
	if (!*sheet_name)
		return fail(rd, "内存不足");

	/* Where most writers put things, if the relationships do not say. */
	snprintf(p->sheet, sizeof(p->sheet), "%sworksheets/sheet1.xml", rd->base);
	snprintf(p->shared, sizeof(p->shared), "%ssharedStrings.xml", rd->base);
	snprintf(p->styles, sizeof(p->styles), "%sstyles.xml", rd->base);
	char rels[600];
	snprintf(rels, sizeof(rels), "%s_rels/%s.rels", rd->base, workbook + dir);
	return read_rels(rd, rels, rid[0] ? rid : NULL, p) < 0 ? -1 : 0;
}

/* ---- styles: which cell formats show dates ---- */

static bool builtin_date(long id)
{
	/* 14–17 and 22 everywhere; 27–31, 36, 50, 51, 54, 57, 58 are dates in the Chinese
	 * (and other East Asian) editions of Excel. Times (18–21, 45–47, 32–35...) are not. */
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 ||
	       id == 50 || id == 51 || id == 54 || id == 57 || id == 58;
}

/* True if the format code CODE shows a date: its first section has a year or day part
 * outside quoted text, escapes and [...] (colours, locales, elapsed hours). */
static bool format_is_date(const char *code)
{
	bool quoted = false;
	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted)
			continue;
		if ((*p == '\\' || *p == '_' || *p == '*') && p[1]) {
			p++;
			continue;
		}
		if (*p == '[') {
			const char *end = strchr(p, ']');
			if (!end)
				return false;
			p = end;
			continue;
		}
		if (*p == ';')
			return false;
		if (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D')
			return true;
	}
	return false;
}

static int read_styles(struct reader *rd, const char *name)
{
	char *xml;
	size_t len;
	int rc = member(rd, name, XLSX_READ_MAX_SMALL, &xml, &len);
	if (rc <= 0)
		return rc;
	xmlDoc *doc = parse_tree(xml, len);
	free(xml);
	if (!doc)
		return fail(rd, "文件中的 %s 不是有效的 XML", name);
	xmlNode *root = xmlDocGetRootElement(doc);
	/* Custom formats: id → shows a date. */
	struct {
		long id;
		bool date;
	} custom[512];
	size_t ncustom = 0;
	for (xmlNode *f = child(child(root, "numFmts"), "numFmt"); f; f = f->next) {
		const char *id = is_element(f, "numFmt") ? attr(f, "numFmtId") : NULL;
		const char *code = attr(f, "formatCode");
		if (!id || !code || ncustom == sizeof(custom) / sizeof(custom[0]))
			continue;
		custom[ncustom].id = strtol(id, NULL, 10);
		custom[ncustom].date = format_is_date(code);
		ncustom++;
	}
	rc = 0;
	xmlNode *xfs = child(root, "cellXfs");
	size_t n = 0;
	for (xmlNode *x = xfs ? xfs->children : NULL; x; x = x->next)
		n += is_element(x, "xf");
	if (n > MAX_STYLES) {
		rc = fail(rd, "文件中的单元格格式超过 %d 种，拒绝读取", MAX_STYLES);
		goto out_free_doc;
	}
	rd->xf_date = calloc(n ? n : 1, sizeof(*rd->xf_date));
	if (!rd->xf_date) {
		rc = fail(rd, "内存不足");
		goto out_free_doc;
	}
	rd->nxf = n;
	size_t i = 0;
	for (xmlNode *x = xfs ? xfs->children : NULL; x; x = x->next) {
		if (!is_element(x, "xf"))
			continue;
		const char *idtext = attr(x, "numFmtId");
		long id = idtext ? strtol(idtext, NULL, 10) : 0;
		bool date = builtin_date(id);
		for (size_t k = 0; k < ncustom; k++)
			if (custom[k].id == id)
				date = custom[k].date; /* a format the file defines itself wins */
		rd->xf_date[i++] = date;
	}
out_free_doc:
	xmlFreeDoc(doc);
	return rc;
}

/* ---- shared strings ---- */

static int add_shared(struct reader *rd, const char *text, size_t len)
{
	struct xlsx_store *st = rd->store;
	if (st->nshared == st->shared_cap) {
		size_t cap = st->shared_cap ? st->shared_cap * 2 : 1024;
		size_t *offs = realloc(st->shared_off, cap * sizeof(*offs));
		if (!offs)
			return -1;
		st->shared_off = offs;
		st->shared_cap = cap;
	}
	return arena_add(&st->shared, text, len, &st->shared_off[st->nshared++]);
}

/* The strings of part NAME, streamed: each <si> is expanded on its own. */
static int read_shared(struct reader *rd, const char *name)
{
	char *xml;
	size_t len;
	int rc = member(rd, name, XLSX_READ_MAX_PART, &xml, &len);
	if (rc <= 0)
		return rc;
	xmlTextReader *x = len <= INT_MAX
				   ? xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_OPTIONS)
				   : NULL;
	if (!x) {
		free(xml);
		return fail(rd, "文件中的 %s 不是有效的 XML", name);
	}
	rc = 0;
	int more = xmlTextReaderRead(x);
	while (more == 1) {
		int type = xmlTextReaderNodeType(x);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			rc = fail(rd, "文件中的 %s 含有文档类型定义（DTD），拒绝读取", name);
			break;
		}
		if (type == XML_READER_TYPE_ELEMENT &&
		    strcmp((const char *)xmlTextReaderConstLocalName(x), "si") == 0) {
			xmlNode *si = xmlTextReaderExpand(x);
			char *text = NULL;
			size_t tlen;
			if (!si || string_item(si, &text, &tlen) != 0 ||
			    add_shared(rd, text, tlen) != 0) {
				free(text);
				rc = fail(rd, "无法读取文件中的共享字符串");
				break;
			}
			free(text);
			more = xmlTextReaderNext(x);
			continue;
		}
		more = xmlTextReaderRead(x);
	}
	if (rc == 0 && more < 0)
		rc = fail(rd, "文件中的 %s 不是有效的 XML", name);
	xmlFreeTextReader(x);
	free(xml);
	return rc;
}

/* ---- the worksheet ---- */

/* Parse a cell reference "C12" into 0-based *ROW and *COL. Returns false if it is not one
 * or lies outside Excel's grid. */
static bool parse_ref(const char *ref, size_t *row, size_t *col)
{
	size_t c = 0, r = 0;
	const char *p = ref;
	while (*p >= 'A' && *p <= 'Z' && p - ref < 3)
		c = c * 26 + (size_t)(*p++ - 'A' + 1);
	if (c == 0 || c > XLSX_READ_MAX_COLS)
		return false;
	const char *digits = p;
	while (*p >= '0' && *p <= '9' && p - digits < 8)
		r = r * 10 + (size_t)(*p++ - '0');
	if (*p || r == 0 || r > 1048576)
		return false;
	*row = r - 1;
	*col = c - 1;
	return true;
}

/* Days from 1970-01-01 of the civil date Y-M-D (H. Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

bool xlsx_serial_date(double serial, bool date1904, char out[11])
{
	if (!isfinite(serial) || serial < 0 || serial > 3e6)
		return false;
	long days = (long)floor(serial), z;
	if (date1904)
		z = days_from_civil(1904, 1, 1) + days;
	else if (days < 1 || days == 60)
		return false; /* 1900-01-00 and Lotus's 1900-02-29 are no dates */
	else
		z = days_from_civil(1899, 12, days < 60 ? 31 : 30) + days;
	long y;
	unsigned m, d;
	civil_from_days(z, &y, &m, &d);
	if (y < 1900 || y > 9999)
		return false;
	char text[32];
	snprintf(text, sizeof(text), "%04ld-%02u-%02u", y, m, d);
	memcpy(out, text, 11);
	return true;
}

/* The text of a date cell of serial V into OUT (20 bytes); false if V is no date. */
static bool date_text(const char *v, bool date1904, char out[20])
{
	char *end;
	double serial = strtod(v, &end);
	if (end == v || *end)
		return false;
	long secs = lround((serial - floor(serial)) * 86400.0);
	if (secs >= 86400) {
		serial = floor(serial) + 1; /* 23:59:59.6 rounds to the next midnight */
		secs = 0;
	}
	if (!xlsx_serial_date(serial, date1904, out))
		return false;
	if (secs > 0)
		snprintf(out + 10, 10, " %02ld:%02ld:%02ld", secs / 3600, secs / 60 % 60, secs % 60);
	return true;
}

/* A number's text: integral values below 10^15 (what a double holds exactly and Excel
 * shows) without fraction or exponent, others as stored. Into OUT (64 bytes). */
static void number_text(const char *v, char out[64])
{
	char *end;
	double d = strtod(v, &end);
	if (end != v && !*end && isfinite(d) && d == floor(d) && fabs(d) < 1e15)
		snprintf(out, 64, "%.0f", d == 0 ? 0.0 : d); /* no "-0" */
	else
		snprintf(out, 64, "%s", v);
}

static int add_cell(struct reader *rd, size_t row, size_t col, enum xlsx_kind kind, bool shared,
		    size_t off)
{
	if (row >= XLSX_READ_MAX_ROWS)
		return fail(rd, "工作表超过 %d 行，请分多个文件导入", XLSX_READ_MAX_ROWS);
	if (rd->ncells == rd->cells_cap) {
		if (rd->ncells >= XLSX_READ_MAX_CELLS)
			return fail(rd, "工作表的单元格超过 %d 个，拒绝读取", XLSX_READ_MAX_CELLS);
		size_t cap = rd->cells_cap ? rd->cells_cap * 2 : 1024;
		struct cell *cells = realloc(rd->cells, cap * sizeof(*cells));
		if (!cells)
			return fail(rd, "内存不足");
		rd->cells = cells;
		rd->cells_cap = cap;
	}
	rd->cells[rd->ncells++] = (struct cell){(uint32_t)row, (uint32_t)col, (uint8_t)kind, shared,
						off};
	if (row + 1 > rd->rows)
		rd->rows = row + 1;
	if (col + 1 > rd->cols)
		rd->cols = col + 1;
	return 0;
}

/* Keep TEXT (LEN bytes) as the worksheet's own text of the cell at ROW, COL. */
static int add_own(struct reader *rd, size_t row, size_t col, enum xlsx_kind kind,
		   const char *text, size_t len)
{
	if (len == 0)
		return 0; /* an empty string is an empty cell */
	size_t off;
	if (arena_add(&rd->store->own, text, len, &off) != 0)
		return fail(rd, "内存不足");
	return add_cell(rd, row, col, kind, false, off);
}

/* One <c> element at ROW, COL. */
static int read_cell(struct reader *rd, const xmlNode *c, size_t row, size_t col)
{
	const char *t = attr(c, "t");
	const xmlNode *vnode = child(c, "v");
	char *v = vnode ? (char *)xmlNodeGetContent(vnode) : NULL;
	int rc = 0;
	if (t && strcmp(t, "inlineStr") == 0) {
		const xmlNode *is = child(c, "is");
		char *text;
		size_t len;
		if (is) {
			if (string_item(is, &text, &len) != 0) {
				rc = fail(rd, "内存不足");
				goto out_free_v;
			}
			rc = add_own(rd, row, col, XLSX_TEXT, text, len);
			free(text);
		}
		goto out_free_v;
	}
	if (!v)
		goto out_free_v; /* formatted but empty */
	/* Values carry no meaningful surrounding white space. */
	char *s = v;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' ||
		       s[len - 1] == '\r'))
		s[--len] = '\0';
	if (t && strcmp(t, "s") == 0) {
		char *end;
		unsigned long i = strtoul(s, &end, 10);
		if (end == s || *end || i >= rd->store->nshared) {
			rc = fail(rd, "单元格 %s 引用了不存在的共享字符串", attr(c, "r") ? attr(c, "r") : "");
			goto out_free_v;
		}
		size_t off = rd->store->shared_off[i];
		if (off != 0)
			rc = add_cell(rd, row, col, XLSX_TEXT, true, off);
	} else if (t && strcmp(t, "str") == 0) {
		rc = add_own(rd, row, col, XLSX_TEXT, v, strlen(v)); /* a formula's text, as is */
	} else if (t && strcmp(t, "b") == 0) {
		const char *b = strcmp(s, "1") == 0 || strcmp(s, "true") == 0 ? "true" : "false";
		rc = add_own(rd, row, col, XLSX_BOOL, b, strlen(b));
	} else if (t && strcmp(t, "e") == 0) {
		rc = add_own(rd, row, col, XLSX_ERROR, s, len);
	} else if (t && strcmp(t, "d") == 0) {
		/* An ISO 8601 date-time (rare): the date, and the time unless midnight. */
		char out[20];
		bool midnight = len <= 10 || strncmp(s + 10, "T00:00:00", 9) == 0;
		snprintf(out, sizeof(out), "%.*s", midnight ? 10 : 19, s);
		if (!midnight && out[10] == 'T')
			out[10] = ' ';
		rc = add_own(rd, row, col, XLSX_DATE, out, strlen(out));
	} else if (len > 0) {
		const char *style = attr(c, "s");
		unsigned long xf = style ? strtoul(style, NULL, 10) : 0;
		char out[64];
		if (xf < rd->nxf && rd->xf_date[xf] && date_text(s, rd->date1904, out)) {
			rc = add_own(rd, row, col, XLSX_DATE, out, strlen(out));
		} else {
			number_text(s, out);
			rc = add_own(rd, row, col, XLSX_NUMBER, out, strlen(out));
		}
	}
out_free_v:
	free(v);
	return rc;
}

/* One <row>: its cells, placed by their references (or after the previous cell when a
 * writer leaves them out). NEXT_ROW is the row expected when the row has no number. */
static int read_row(struct reader *rd, const xmlNode *row_node, size_t *next_row)
{
	size_t row = *next_row, col = 0;
	const char *r = attr(row_node, "r");
	if (r) {
		char *end;
		unsigned long n = strtoul(r, &end, 10);
		if (end == r || *end || n == 0 || n > 1048576)
			return fail(rd, "工作表的行号“%s”无效", r);
		row = n - 1;
	}
	*next_row = row + 1;
	for (const xmlNode *c = row_node->children; c; c = c->next) {
		if (!is_element(c, "c"))
			continue;
		const char *ref = attr(c, "r");
		size_t ref_row = row;
		if (ref && !parse_ref(ref, &ref_row, &col))
			return fail(rd, "工作表的单元格位置“%s”无效", ref);
		if (read_cell(rd, c, ref_row, col) != 0)
			return -1;
		col++;
	}
	return 0;
}

static int read_sheet(struct reader *rd, const char *name)
{
	char *xml;
	size_t len;
	int rc = member(rd, name, XLSX_READ_MAX_PART, &xml, &len);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return fail(rd, "文件不是 Excel 工作簿（.xlsx）：缺少工作表 %s", name);
	xmlTextReader *x = len <= INT_MAX
				   ? xmlReaderForMemory(xml, (int)len, NULL, NULL, XML_OPTIONS)
				   : NULL;
	if (!x) {
		free(xml);
		return fail(rd, "工作表 %s 不是有效的 XML", name);
	}
	rc = 0;
	size_t next_row = 0;
	int more = xmlTextReaderRead(x);
	while (more == 1) {
		int type = xmlTextReaderNodeType(x);
		if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
			rc = fail(rd, "工作表 %s 含有文档类型定义（DTD），拒绝读取", name);
			break;
		}
		if (type == XML_READER_TYPE_ELEMENT &&
		    strcmp((const char *)xmlTextReaderConstLocalName(x), "row") == 0) {
			xmlNode *row = xmlTextReaderExpand(x);
			if (!row) {
				rc = fail(rd, "工作表 %s 不是有效的 XML", name);
				break;
			}
			if (read_row(rd, row, &next_row) != 0) {
				rc = -1;
				break;
			}
			more = xmlTextReaderNext(x);
			continue;
		}
		more = xmlTextReaderRead(x);
	}
	if (rc == 0 && more < 0)
		rc = fail(rd, "工作表 %s 不是有效的 XML", name);
	xmlFreeTextReader(x);
	free(xml);
	return rc;
}

/* Lay the cells read out into S's dense grid. */
static int lay_out(struct reader *rd, struct xlsx_sheet *s)
{
	s->rows = rd->rows;
	s->cols = rd->cols;
	size_t n = s->rows * s->cols; /* each below its limit: no overflow */
	if (n > XLSX_READ_MAX_CELLS)
		return fail(rd, "工作表过大（%zu 行 × %zu 列），拒绝读取", s->rows, s->cols);
	s->cells = malloc((n ? n : 1) * sizeof(*s->cells));
	s->kinds = calloc(n ? n : 1, 1);
	if (!s->cells || !s->kinds)
		return fail(rd, "内存不足");
	for (size_t i = 0; i < n; i++)
		s->cells[i] = "";
	/* The arenas no longer move: offsets become pointers. */
	for (size_t i = 0; i < rd->ncells; i++) {
		const struct cell *c = &rd->cells[i];
		size_t at = (size_t)c->row * s->cols + c->col;
		s->cells[at] = (c->shared ? rd->store->shared.data : rd->store->own.data) + c->off;
		s->kinds[at] = c->kind;
	}
	return 0;
}

int xlsx_read(const void *data, size_t len, struct xlsx_sheet **out, char *why, size_t why_len)
{
	struct reader rd = {.why = why, .why_len = why_len};
	struct xlsx_sheet *s = NULL;
	zip_source_t *src = NULL;
	if (why && why_len)
		why[0] = '\0';
	if (!xlsx_is_zip(data, len))
		return fail(&rd, "文件不是 Excel 工作簿（.xlsx）");
	pthread_once(&xml_once, xml_init);
	if (!xml_loaded)
		return fail(&rd, "无法加载 libxml2，不能读取 .xlsx 文件");

	zip_error_t zerr;
	zip_error_init(&zerr);
	src = zip_source_buffer_create(data, len, 0, &zerr);
	if (src)
		rd.zip = zip_open_from_source(src, ZIP_RDONLY, &zerr);
	zip_error_fini(&zerr);
	if (!rd.zip) {
		zip_source_free(src); /* not taken over by an archive */
		return fail(&rd, "文件已损坏，无法作为 Excel 工作簿（.xlsx）打开");
	}
	int rc = -1;
	rd.store = calloc(1, sizeof(*rd.store));
	s = calloc(1, sizeof(*s));
	if (!rd.store || !s || arena_init(&rd.store->shared) != 0 ||
	    arena_init(&rd.store->own) != 0) {
		fail(&rd, "内存不足");
		goto out;
	}
	struct parts parts;
	if (find_parts(&rd, &parts, &s->name) != 0 || read_styles(&rd, parts.styles) < 0 ||
	    read_shared(&rd, parts.shared) < 0 || read_sheet(&rd, parts.sheet) != 0 ||
	    lay_out(&rd, s) != 0)
		goto out;
	s->date1904 = rd.date1904;
	s->store = rd.store;
	rd.store = NULL;
	*out = s;
	s = NULL;
	rc = 0;
out:
	xlsx_sheet_free(s);
	store_free(rd.store);
	free(rd.cells);
	free(rd.xf_date);
	zip_discard(rd.zip); /* frees the source too; DATA stays the caller's */
	return rc;
}

const char *xlsx_cell(const struct xlsx_sheet *s, size_t row, size_t col)
{
	if (!s || row >= s->rows || col >= s->cols)
		return "";
	return s->cells[row * s->cols + col];
}

enum xlsx_kind xlsx_cell_kind(const struct xlsx_sheet *s, size_t row, size_t col)
{
	if (!s || row >= s->rows || col >= s->cols)
		return XLSX_EMPTY;
	const char *text = s->cells[row * s->cols + col];
	return text[0] ? (enum xlsx_kind)s->kinds[row * s->cols + col] : XLSX_EMPTY;
}

void xlsx_sheet_free(struct xlsx_sheet *s)
{
	if (!s)
		return;
	free(s->cells);
	free(s->kinds);
	free(s->name);
	store_free(s->store);
	free(s);
}
