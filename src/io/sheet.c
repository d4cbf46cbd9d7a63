/* SPDX-License-Identifier: MIT */
/* This file contains the shared spreadsheet importer (io/sheet.h): rows from CSV or .xlsx,
 * headers matched to the columns a spec derives from entity declarations, cells converted
 * by field type, records validated, every bad cell reported by line; and the template
 * workbook made from the same spec. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/csv.h"
#include "core/text.h"
#include "io/sheet.h"
#include "io/xlsx.h"
#include "io/xlsx_read.h"

#define TEMPLATE_ROWS 1000 /* rows of the template that get the drop-down lists */
#define LIST_MAX      255  /* Excel's limit on the text of a drop-down list */

/* ---- columns ---- */

static bool listed(const char *const *list, const char *name)
{
	for (const char *const *p = list; p && *p; p++)
		if (strcmp(*p, name) == 0)
			return true;
	return false;
}

size_t sheet_columns(const struct sheet_spec *spec, struct sheet_column *out, size_t max)
{
	struct sheet_column cols[SHEET_MAX_COLUMNS];
	size_t n = 0;
	for (size_t p = 0; p < spec->nparts; p++) {
		const struct sheet_part *part = &spec->parts[p];
		if (!part->e || !part->e->fields)
			continue; /* a declaration still missing: no columns */
		size_t count = part->fields ? 0 : part->e->nfields;
		for (const char *const *name = part->fields; name && *name; name++)
			count++;
		for (size_t i = 0; i < count && n < SHEET_MAX_COLUMNS; i++) {
			const struct ent_field *f;
			if (part->fields) {
				f = ent_field(part->e, part->fields[i]);
				if (!f)
					continue;
			} else {
				f = &part->e->fields[i];
				/* What the file cannot give: server-set, secret, left out, or
				 * filled in by the importer. */
				if ((f->flags & (EF_READONLY | EF_SECRET)) || listed(part->skip, f->name) ||
				    json_object_get(part->fixed, f->name))
					continue;
			}
			cols[n].part = p;
			cols[n].f = f;
			snprintf(cols[n].key, sizeof(cols[n].key), "%s.%s", part->name, f->name);
			n++;
		}
	}
	/* A label two columns share is told apart by the entity's label. */
	for (size_t i = 0; i < n; i++) {
		bool shared = false;
		for (size_t k = 0; k < n && !shared; k++)
			shared = k != i && strcmp(cols[k].f->label, cols[i].f->label) == 0;
		if (shared)
			snprintf(cols[i].header, sizeof(cols[i].header), "%s%s",
				 spec->parts[cols[i].part].e->label, cols[i].f->label);
		else
			snprintf(cols[i].header, sizeof(cols[i].header), "%s", cols[i].f->label);
	}
	for (size_t i = 0; i < n && i < max; i++)
		out[i] = cols[i];
	return n;
}

/* ---- text ---- */

/* Length of white space (ASCII, no-break space U+00A0, ideographic space U+3000) at S. */
static size_t space_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if ((unsigned char)s[0] == 0xE3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

/* TEXT without the white space around it, into OUT (LEN bytes); cut texts stay cut. */
static void trim(const char *text, char *out, size_t len)
{
	size_t n;
	while ((n = space_at(text)) > 0)
		text += n;
	size_t end = strlen(text);
	for (bool again = true; again && end > 0;) {
		again = false;
		if (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r' ||
		    text[end - 1] == '\n') {
			end--;
			again = true;
		} else if (end >= 2 && space_at(text + end - 2) == 2) {
			end -= 2;
			again = true;
		} else if (end >= 3 && space_at(text + end - 3) == 3) {
			end -= 3;
			again = true;
		}
	}
	snprintf(out, len, "%.*s", (int)end, text);
}

static bool ends_with(const char *s, const char *suffix, size_t *at)
{
	size_t n = strlen(s), k = strlen(suffix);
	if (n < k || strcmp(s + n - k, suffix) != 0)
		return false;
	*at = n - k;
	return true;
}

/* A header as people write it: trimmed, without a required-column mark ("姓名*",
 * "姓名（必填）"). */
static void clean_header(const char *text, char *out, size_t len)
{
	static const char *const marks[] = {"*", "＊", "（必填）", "(必填)"};
	trim(text, out, len);
	for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		size_t at;
		if (ends_with(out, marks[i], &at)) {
			out[at] = '\0';
			char copy[256];
			snprintf(copy, sizeof(copy), "%s", out);
			trim(copy, out, len);
		}
	}
}

bool sheet_date_text(const char *text, char out[11])
{
	int y = 0, m = 0, d = 0, used = 0;
	char tail[64] = "";
	size_t len = strlen(text);
	if (len == 8 && strspn(text, "0123456789") == 8) {
		y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 +
		    (text[3] - '0');
		m = (text[4] - '0') * 10 + (text[5] - '0');
		d = (text[6] - '0') * 10 + (text[7] - '0');
	} else {
		char s1[4] = "", s2[4] = "";
		if (sscanf(text, "%4d%n", &y, &used) != 1 || used != 4)
			return false;
		const char *p = text + 4;
		/* One separator after the year and after the month: - / . or 年 月 (3 bytes). */
		size_t sep = strncmp(p, "年", 3) == 0 ? 3 : (*p == '-' || *p == '/' || *p == '.') ? 1 : 0;
		if (!sep)
			return false;
		snprintf(s1, sizeof(s1), "%.*s", (int)sep, p);
		p += sep;
		if (sscanf(p, "%2d%n", &m, &used) != 1 || !strchr("0123456789", *p))
			return false;
		p += used;
		size_t sep2 = strncmp(p, "月", 3) == 0 ? 3 : (*p == '-' || *p == '/' || *p == '.') ? 1 : 0;
		snprintf(s2, sizeof(s2), "%.*s", (int)sep2, p);
		/* The same kind of separator twice: 1980-5-12, 1980年5月12日. */
		bool cjk = strcmp(s1, "年") == 0;
		if (!sep2 || (cjk ? strcmp(s2, "月") != 0 : strcmp(s1, s2) != 0))
			return false;
		p += sep2;
		if (sscanf(p, "%2d%n", &d, &used) != 1 || !strchr("0123456789", *p))
			return false;
		p += used;
		if (cjk && strncmp(p, "日", 3) == 0)
			p += 3;
		/* A time after the date (spreadsheets write "1980/5/12 0:00") is dropped. */
		snprintf(tail, sizeof(tail), "%s", p);
		if (tail[0] && tail[0] != ' ' && tail[0] != 'T')
			return false;
	}
	char iso[16];
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, d);
	if (!ent_is_date(iso))
		return false;
	memcpy(out, iso, 11);
	return true;
}

/* ---- problems ---- */

/* MESSAGE made fit for JSON: a message cut inside a UTF-8 sequence (messages have a fixed
 * size) loses the partial character. New reference. */
static json_t *message_json(const char *message)
{
	json_t *s = json_string(message);
	size_t n = strlen(message);
	while (!s && n > 0) {
		n--;
		if (text_is_utf8(message, n))
			s = json_stringn(message, n);
	}
	return s ? s : json_string("");
}

/* Every column of SPEC, for naming problems. */
struct columns {
	struct sheet_column c[SHEET_MAX_COLUMNS];
	size_t n;
};

void sheet_problem(struct sheet_result *res, const struct sheet_spec *spec, size_t line,
		   const char *part, const struct app_error *err)
{
	res->count_all++;
	if (json_array_size(res->problems) >= SHEET_MAX_PROBLEMS) {
		res->truncated = true;
		return;
	}
	char key[128] = "";
	const char *label = "";
	struct columns *cols = malloc(sizeof(*cols));
	if (cols)
		cols->n = sheet_columns(spec, cols->c, SHEET_MAX_COLUMNS);
	if (part && err->field[0]) {
		snprintf(key, sizeof(key), "%s.%s", part, err->field);
		for (size_t i = 0; cols && i < cols->n && !label[0]; i++)
			if (strcmp(cols->c[i].key, key) == 0)
				label = cols->c[i].header;
		for (size_t p = 0; p < spec->nparts && !label[0]; p++) {
			const struct entity *e = spec->parts[p].e;
			const struct ent_field *f =
				strcmp(spec->parts[p].name, part) == 0 && e && e->fields
					? ent_field(e, err->field)
					: NULL;
			if (f)
				label = f->label;
		}
	} else if (err->field[0]) {
		snprintf(key, sizeof(key), "%s", err->field);
	}
	json_t *p = json_pack("{s:I, s:s, s:o, s:o, s:s}", "line", (json_int_t)line, "field", key,
			      "label", message_json(label), "message", message_json(err->message),
			      "code", err_code_name(err->code));
	if (p && err->rule[0])
		json_object_set_new(p, "rule", json_string(err->rule));
	if (p)
		json_array_append_new(res->problems, p);
	free(cols);
}

/* A problem of the file itself (a header, a line CSV could not read). */
static void file_problem(struct sheet_result *res, const struct sheet_spec *spec, size_t line,
			 const char *label, enum err_code code, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void file_problem(struct sheet_result *res, const struct sheet_spec *spec, size_t line,
			 const char *label, enum err_code code, const char *fmt, ...)
{
	struct app_error e;
	va_list ap;
	va_start(ap, fmt);
	err_vset(&e, code, NULL, NULL, fmt, ap);
	va_end(ap);
	size_t before = json_array_size(res->problems);
	sheet_problem(res, spec, line, NULL, &e);
	if (json_array_size(res->problems) > before && label)
		json_object_set_new(json_array_get(res->problems, before), "label",
				    message_json(label));
}

struct ranked {
	json_t *p;
	json_int_t line;
	size_t at;
};

static int by_line(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

void sheet_problems_sort(struct sheet_result *res)
{
	size_t n = json_array_size(res->problems);
	struct ranked *r = calloc(n ? n : 1, sizeof(*r));
	if (!r)
		return; /* unsorted is still complete */
	for (size_t i = 0; i < n; i++) {
		r[i].p = json_incref(json_array_get(res->problems, i));
		r[i].line = json_integer_value(json_object_get(r[i].p, "line"));
		r[i].at = i;
	}
	qsort(r, n, sizeof(*r), by_line);
	json_array_clear(res->problems);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(res->problems, r[i].p);
	free(r);
}

size_t sheet_bad_lines(const struct sheet_result *res)
{
	size_t n = json_array_size(res->problems), distinct = 0;
	for (size_t i = 0; i < n; i++) {
		json_int_t line = json_integer_value(json_object_get(json_array_get(res->problems, i), "line"));
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = json_integer_value(json_object_get(json_array_get(res->problems, k),
								  "line")) == line;
		distinct += !seen;
	}
	return distinct;
}

void sheet_result_free(struct sheet_result *res)
{
	if (!res)
		return;
	json_decref(res->rows);
	json_decref(res->problems);
	res->rows = res->problems = NULL;
}

/* ---- reading rows ---- */

/* Where rows come from: a CSV reader over the UTF-8 text, or an .xlsx grid. */
struct source {
	char *utf8;
	struct csv_reader *csv;
	struct xlsx_sheet *xlsx;
	size_t next; /* xlsx: the next row */
};

/* The next row: 1 with its cells (borrowed until the next call), their kinds (NULL for
 * CSV: all text) and the line the user sees; 0 at the end; -1 if CSV cannot go on (*LINE
 * is where, *WHY says why). */
static int source_next(struct source *s, const char *const **cells, const unsigned char **kinds,
		       size_t *n, size_t *line, const char **why)
{
	if (s->csv) {
		char **fields;
		int rc = csv_next(s->csv, &fields, n);
		*line = csv_line(s->csv);
		*cells = (const char *const *)fields;
		*kinds = NULL;
		if (rc < 0)
			*why = csv_error(s->csv);
		return rc;
	}
	if (s->next >= s->xlsx->rows)
		return 0;
	*cells = s->xlsx->cells + s->next * s->xlsx->cols;
	*kinds = s->xlsx->kinds + s->next * s->xlsx->cols;
	*n = s->xlsx->cols;
	*line = ++s->next; /* the spreadsheet's own row number */
	return 1;
}

static bool row_empty(const char *const *cells, size_t n)
{
	char buf[16];
	for (size_t i = 0; i < n; i++) {
		trim(cells[i], buf, sizeof(buf));
		if (buf[0])
			return false;
	}
	return true;
}

static int source_open(struct source *s, const char *data, size_t len, const char **format,
		       struct app_error *err)
{
	memset(s, 0, sizeof(*s));
	if (len == 0)
		return err_set(err, ERR_INVALID, "file", NULL, "文件为空");
	if (xlsx_is_zip(data, len)) {
		char why[256];
		if (xlsx_read(data, len, &s->xlsx, why, sizeof(why)) != 0)
			return err_set(err, ERR_INVALID, "file", NULL, "%s", why);
		*format = "Excel 工作簿（.xlsx）";
		return 0;
	}
	if (len >= 4 && memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0)
		return err_set(err, ERR_INVALID, "file", NULL,
			       "不支持旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV 后导入");
	enum text_encoding enc;
	size_t utf8_len;
	s->utf8 = text_to_utf8(data, len, &utf8_len, &enc);
	if (!s->utf8)
		return err_set(err, ERR_INVALID, "file", NULL,
			       "文件既不是 Excel 工作簿（.xlsx），也不是 UTF-8 或 GB18030 编码的 CSV");
	s->csv = csv_open_mem(s->utf8, utf8_len);
	if (!s->csv) {
		free(s->utf8);
		s->utf8 = NULL;
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	}
	*format = enc == TEXT_GB18030 ? "CSV（GB18030）" : "CSV（UTF-8）";
	return 0;
}

static void source_close(struct source *s)
{
	csv_close(s->csv);
	free(s->utf8);
	xlsx_sheet_free(s->xlsx);
}

/* What a header cell names, when not a column. */
enum { COL_NONE = -1, COL_IGNORED = -2, COL_BLANK = -3 };

/* The column HEADER (cleaned) names, or COL_NONE: its header text, its key, its label or
 * field name when no other column has the same, or an alias. */
static int match_header(const struct sheet_spec *spec, const struct columns *cols,
			const char *header)
{
	for (size_t i = 0; i < cols->n; i++)
		if (strcmp(cols->c[i].header, header) == 0 || strcmp(cols->c[i].key, header) == 0)
			return (int)i;
	int found = COL_NONE;
	size_t hits = 0;
	for (size_t i = 0; i < cols->n; i++)
		if (strcmp(cols->c[i].f->label, header) == 0 || strcmp(cols->c[i].f->name, header) == 0) {
			found = (int)i;
			hits++;
		}
	if (hits == 1)
		return found;
	for (const struct sheet_alias *a = spec->aliases; a && a->key; a++) {
		if (strcmp(a->name, header) != 0)
			continue;
		for (size_t i = 0; i < cols->n; i++)
			if (strcmp(cols->c[i].key, a->key) == 0)
				return (int)i;
	}
	return COL_NONE;
}

/* Match the header row CELLS (N) at LINE into MAP (column of each cell). Problems go to
 * RES; returns how many there were. */
static size_t read_header(const struct sheet_spec *spec, const struct columns *cols,
			  const char *const *cells, size_t n, size_t line, int *map,
			  struct sheet_result *res)
{
	size_t before = res->count_all;
	bool seen[SHEET_MAX_COLUMNS] = {false};
	for (size_t i = 0; i < n; i++) {
		char h[256];
		clean_header(cells[i], h, sizeof(h));
		if (!h[0] || listed(spec->ignore, h)) {
			map[i] = h[0] ? COL_IGNORED : COL_BLANK;
			continue;
		}
		map[i] = match_header(spec, cols, h);
		if (map[i] == COL_NONE) {
			file_problem(res, spec, line, h, ERR_INVALID,
				     "第 %zu 列的表头“%s”无法识别，请使用模板中的列名", i + 1, h);
		} else if (seen[map[i]]) {
			file_problem(res, spec, line, h, ERR_INVALID, "表头“%s”重复出现（第 %zu 列）",
				     cols->c[map[i]].header, i + 1);
			map[i] = COL_IGNORED;
		} else {
			seen[map[i]] = true;
		}
	}
	for (size_t i = 0; i < cols->n; i++)
		if (!seen[i] && (cols->c[i].f->flags & EF_REQUIRED))
			file_problem(res, spec, line, cols->c[i].header, ERR_REQUIRED,
				     "缺少必填列“%s”", cols->c[i].header);
	return res->count_all - before;
}

/* The JSON value of cell TEXT (trimmed, not empty) of KIND for field F: dates from Excel
 * date cells, serial numbers or the usual written forms; the rest by the entity code. New
 * reference, JSON null, or NULL with ERR. */
static json_t *cell_value(const struct ent_field *f, const char *text, enum xlsx_kind kind,
			  bool date1904, struct app_error *err)
{
	char date[11];
	if (f->type == ENT_DATE) {
		if (kind == XLSX_DATE && strlen(text) >= 10) {
			snprintf(date, sizeof(date), "%.10s", text);
			if (ent_is_date(date))
				return json_string(date);
		}
		if (sheet_date_text(text, date))
			return json_string(date);
		if (kind == XLSX_NUMBER && xlsx_serial_date(strtod(text, NULL), date1904, date))
			return json_string(date);
	}
	return ent_value_from_text(f, text, err);
}

/* Validate RECORD of part P at LINE, reporting every bad value and every missing one. */
static void check_record(const struct sheet_spec *spec, size_t p, json_t *record, size_t line,
			 struct sheet_result *res)
{
	const struct sheet_part *part = &spec->parts[p];
	const struct entity *e = part->e;
	struct app_error err;
	for (size_t i = 0; i < e->nfields; i++) {
		const struct ent_field *f = &e->fields[i];
		json_t *v = json_object_get(record, f->name);
		if ((f->flags & EF_REQUIRED) && (!v || json_is_null(v))) {
			err_set(&err, ERR_REQUIRED, f->name, NULL, "缺少必填项“%s”", f->label);
			sheet_problem(res, spec, line, part->name, &err);
		}
	}
	/* ent_validate stops at the first bad value: drop it and look again, so that every
	 * bad cell is told at once. Required fields were told above. */
	for (size_t round = 0; round <= e->nfields; round++) {
		if (ent_validate(e, record, ENT_CREATE, &err) == 0)
			break;
		json_t *v = err.field[0] ? json_object_get(record, err.field) : NULL;
		if (err.code == ERR_REQUIRED && (!v || json_is_null(v)))
			break;
		sheet_problem(res, spec, line, part->name, &err);
		if (!v)
			break;
		json_object_del(record, err.field);
	}
}

/* Convert and check data row CELLS (N, KINDS may be NULL) at LINE into a row object. */
static void read_data_row(const struct sheet_spec *spec, const struct columns *cols,
			  const int *map, size_t header_n, const char *const *cells,
			  const unsigned char *kinds, size_t n, size_t line, bool date1904,
			  struct sheet_result *res)
{
	size_t before = res->count_all;
	json_t *row = json_pack("{s:I}", "line", (json_int_t)line);
	json_t *records[16] = {NULL};
	size_t nparts = spec->nparts < 16 ? spec->nparts : 16;
	for (size_t p = 0; p < nparts; p++) {
		records[p] = json_object();
		if (spec->parts[p].fixed)
			json_object_update(records[p], (json_t *)spec->parts[p].fixed);
	}
	char *text = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t cap = strlen(cells[i]) + 1;
		char *grown = realloc(text, cap);
		if (!grown)
			break;
		text = grown;
		trim(cells[i], text, cap);
		if (!text[0])
			continue;
		int c = i < header_n ? map[i] : COL_BLANK;
		if (c == COL_IGNORED)
			continue;
		if (c < 0) {
			file_problem(res, spec, line, "", ERR_INVALID,
				     "第 %zu 列有内容但没有表头，请删除或补上列名", i + 1);
			continue;
		}
		const struct sheet_column *col = &cols->c[c];
		struct app_error err;
		json_t *v = cell_value(col->f, text, kinds ? (enum xlsx_kind)kinds[i] : XLSX_TEXT,
				       date1904, &err);
		if (!v) {
			sheet_problem(res, spec, line, spec->parts[col->part].name, &err);
			continue;
		}
		if (json_is_null(v) || col->part >= nparts)
			json_decref(v);
		else
			json_object_set_new(records[col->part], col->f->name, v);
	}
	free(text);
	for (size_t p = 0; p < nparts; p++) {
		if (spec->parts[p].e && spec->parts[p].e->fields)
			check_record(spec, p, records[p], line, res);
		json_object_set_new(row, spec->parts[p].name, records[p]);
	}
	json_object_set_new(row, "ok", json_boolean(res->count_all == before));
	json_array_append_new(res->rows, row);
}

int sheet_read(const struct sheet_spec *spec, const char *data, size_t len,
	       struct sheet_result *out, struct app_error *err)
{
	memset(out, 0, sizeof(*out));
	struct source src;
	if (source_open(&src, data, len, &out->format, err) != 0)
		return -1;
	int rc = -1;
	int *map = NULL;
	struct columns *cols = malloc(sizeof(*cols));
	out->rows = json_array();
	out->problems = json_array();
	if (!cols || !out->rows || !out->problems) {
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		goto out;
	}
	cols->n = sheet_columns(spec, cols->c, SHEET_MAX_COLUMNS);
	const char *const *cells;
	const unsigned char *kinds;
	size_t n, line, header_n = 0;
	const char *why = NULL;
	int more;
	while ((more = source_next(&src, &cells, &kinds, &n, &line, &why)) == 1) {
		if (row_empty(cells, n))
			continue;
		if (!map) {
			/* The first row with anything in it is the header. */
			map = calloc(n ? n : 1, sizeof(*map));
			if (!map) {
				err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
				goto out;
			}
			header_n = n;
			out->header_line = line;
			if (read_header(spec, cols, cells, n, line, map, out) > 0)
				break; /* rows cannot be read against a wrong header */
			continue;
		}
		read_data_row(spec, cols, map, header_n, cells, kinds, n, line,
			      src.xlsx && src.xlsx->date1904, out);
	}
	if (more < 0)
		file_problem(out, spec, line, "", ERR_INVALID, "第 %zu 行无法读取：%s", line,
			     why ? why : "CSV 格式错误");
	else if (!map)
		file_problem(out, spec, 1, "", ERR_INVALID, "文件中没有表头和数据");
	else if (json_array_size(out->rows) == 0 && out->count_all == 0)
		file_problem(out, spec, out->header_line, "", ERR_INVALID, "文件中只有表头，没有数据行");
	rc = 0;
out:
	if (rc != 0)
		sheet_result_free(out);
	free(map);
	free(cols);
	source_close(&src);
	return rc;
}


/* The label of F's enum value or label TEXT, or NULL. */
static const char *enum_label(const struct ent_field *f, const char *text)
{
	for (const struct ent_enum *v = f->enums; v && v->value; v++)
		if (strcmp(v->value, text) == 0 || strcmp(v->label, text) == 0)
			return v->label;
	return NULL;
}

/* What F accepts, in words, into OUT. */
static void type_words(const struct ent_field *f, char *out, size_t len)
{
	switch (f->type) {
	case ENT_INT:
		if (f->min || f->max)
			snprintf(out, len, "整数（%lld–%lld）", (long long)f->min, (long long)f->max);
		else
			snprintf(out, len, "整数");
		break;
	case ENT_MONEY:
		snprintf(out, len, "金额（整数，单位：分）");
		break;
	case ENT_BOOL:
		snprintf(out, len, "是 / 否");
		break;
	case ENT_DATE:
		snprintf(out, len, "日期，如 1980-05-12（也可写 1980/5/12、1980年5月12日，或用 Excel 日期）");
		break;
	case ENT_ENUM:
		snprintf(out, len, "选项（填名称，见“可填的值”）");
		break;
	case ENT_ID:
		snprintf(out, len, "编号");
		break;
	case ENT_JSON:
		snprintf(out, len, "JSON");
		break;
	default:
		if (f->max)
			snprintf(out, len, "文本（%lld–%lld 个字符）", (long long)f->min, (long long)f->max);
		else
			snprintf(out, len, "文本");
		break;
	}
}

struct template_formats {
	lxw_format *header, *required, *text, *date, *wrap;
};

/* The example value V (borrowed) of column C at ROW 1 of WS. */
static int write_example(lxw_worksheet *ws, lxw_col_t c, const struct ent_field *f,
			 const json_t *v, const struct template_formats *fm)
{
	if (!v || json_is_null(v))
		return 0;
	if (f->type == ENT_DATE && json_is_string(v) && ent_is_date(json_string_value(v))) {
		const char *s = json_string_value(v);
		lxw_datetime dt = {atoi(s), atoi(s + 5), atoi(s + 8), 0, 0, 0};
		return xlsx_check(worksheet_write_datetime(ws, 1, c, &dt, fm->date), "example date");
	}
	if (json_is_integer(v))
		return xlsx_check(worksheet_write_number(ws, 1, c, (double)json_integer_value(v), NULL),
				 "example number");
	if (json_is_boolean(v))
		return xlsx_check(worksheet_write_string(ws, 1, c, json_is_true(v) ? "是" : "否", NULL),
				 "example bool");
	if (!json_is_string(v))
		return 0;
	const char *s = json_string_value(v);
	if (f->type == ENT_ENUM) {
		s = enum_label(f, s);
		if (!s)
			return 0; /* not one of its options: better no example than a wrong one */
	}
	return xlsx_check(worksheet_write_string(ws, 1, c, s, fm->text), "example text");
}

/* A drop-down list of F's options (or 是/否) on rows 2.. of column C, if Excel can hold
 * it. */
static int add_list(lxw_worksheet *ws, lxw_col_t c, const struct ent_field *f)
{
	char *items[64];
	size_t n = 0, chars = 0;
	if (f->type == ENT_BOOL) {
		items[n++] = "是";
		items[n++] = "否";
	} else {
		for (const struct ent_enum *v = f->enums; v && v->value && n < 63; v++) {
			items[n++] = (char *)v->label;
			chars += strlen(v->label) + 1;
		}
	}
	items[n] = NULL;
	if (n == 0 || chars > LIST_MAX)
		return 0;
	lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST, .value_list = items};
	return xlsx_check(worksheet_data_validation_range(ws, 1, c, TEMPLATE_ROWS, c, &dv),
			 "drop-down list");
}

/* Display width of UTF-8 text: CJK two columns, the rest one. */
static double width_of(const char *s)
{
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80)
			w += *p >= 0xE0 ? 2 : 1;
	return w;
}

static int fill_template(lxw_workbook *wb, const struct sheet_spec *spec, const json_t *example,
			 const char *title)
{
	struct columns *cols = malloc(sizeof(*cols));
	if (!cols)
		return -1;
	cols->n = sheet_columns(spec, cols->c, SHEET_MAX_COLUMNS);
	int rc = -1;
	struct template_formats fm = {
		.header = workbook_add_format(wb),
		.required = workbook_add_format(wb),
		.text = workbook_add_format(wb),
		.date = workbook_add_format(wb),
		.wrap = workbook_add_format(wb),
	};
	lxw_worksheet *ws = workbook_add_worksheet(wb, title);
	lxw_worksheet *help = workbook_add_worksheet(wb, "填写说明");
	if (!ws || !help || !fm.header || !fm.required || !fm.text || !fm.date || !fm.wrap) {
		fprintf(stderr, "sheet template: cannot add the sheets or formats\n");
		goto out_free;
	}
	format_set_bold(fm.header);
	format_set_bold(fm.required);
	format_set_font_color(fm.required, LXW_COLOR_RED);
	format_set_num_format(fm.text, "@");
	format_set_num_format(fm.date, "yyyy-mm-dd");
	format_set_text_wrap(fm.wrap);
	format_set_align(fm.wrap, LXW_ALIGN_VERTICAL_TOP);

	for (size_t i = 0; i < cols->n; i++) {
		const struct sheet_column *col = &cols->c[i];
		lxw_col_t c = (lxw_col_t)i;
		bool required = col->f->flags & EF_REQUIRED;
		if (xlsx_check(worksheet_write_string(ws, 0, c, col->header,
						     required ? fm.required : fm.header),
			      "header") < 0)
			goto out_free;
		const json_t *v = json_object_get(
			json_object_get(example, spec->parts[col->part].name), col->f->name);
		if (write_example(ws, c, col->f, v, &fm) < 0 || add_list(ws, c, col->f) < 0)
			goto out_free;
		/* Text columns keep what is typed as text: an 18-digit id typed into a
		 * General cell would become a rounded number. */
		lxw_format *colfmt = col->f->type == ENT_DATE	  ? fm.date
				     : col->f->type == ENT_TEXT || col->f->type == ENT_ID ? fm.text
											 : NULL;
		double w = width_of(col->header) + 4;
		if (col->f->type == ENT_DATE && w < 14)
			w = 14;
		if (col->f->type == ENT_TEXT && col->f->max >= 18 && w < 22)
			w = 22;
		if (xlsx_check(worksheet_set_column(ws, c, c, w, colfmt), "column") < 0)
			goto out_free;
	}
	worksheet_freeze_panes(ws, 1, 0);

	static const char *const heads[] = {"列名", "字段", "是否必填", "类型", "可填的值", "说明"};
	static const double widths[] = {22, 30, 10, 40, 50, 60};
	for (lxw_col_t c = 0; c < 6; c++)
		if (xlsx_check(worksheet_write_string(help, 0, c, heads[c], fm.header), "help") < 0 ||
		    xlsx_check(worksheet_set_column(help, c, c, widths[c], fm.wrap), "help") < 0)
			goto out_free;
	for (size_t i = 0; i < cols->n; i++) {
		const struct sheet_column *col = &cols->c[i];
		lxw_row_t r = (lxw_row_t)(i + 1);
		char type[160], values[1024] = "";
		type_words(col->f, type, sizeof(type));
		size_t used = 0;
		if (col->f->type == ENT_BOOL)
			snprintf(values, sizeof(values), "是、否");
		for (const struct ent_enum *v = col->f->enums; v && v->value && used < sizeof(values);
		     v++)
			used += (size_t)snprintf(values + used, sizeof(values) - used, "%s%s",
						 used ? "、" : "", v->label);
		const char *note = "";
		for (const struct sheet_note *nt = spec->notes; nt && nt->key; nt++)
			if (strcmp(nt->key, col->key) == 0)
				note = nt->text;
		if (xlsx_check(worksheet_write_string(help, r, 0, col->header, NULL), "help") < 0 ||
		    xlsx_check(worksheet_write_string(help, r, 1, col->key, NULL), "help") < 0 ||
		    xlsx_check(worksheet_write_string(help, r, 2,
						     col->f->flags & EF_REQUIRED ? "是" : "否", NULL),
			      "help") < 0 ||
		    xlsx_check(worksheet_write_string(help, r, 3, type, NULL), "help") < 0 ||
		    (values[0] &&
		     xlsx_check(worksheet_write_string(help, r, 4, values, NULL), "help") < 0) ||
		    (note[0] && xlsx_check(worksheet_write_string(help, r, 5, note, NULL), "help") < 0))
			goto out_free;
	}
	worksheet_freeze_panes(help, 1, 0);
	rc = 0;
out_free:
	free(cols);
	return rc;
}

struct template_args {
	const struct sheet_spec *spec;
	const json_t *example;
	const char *title;
};

static int fill_template_cb(lxw_workbook *wb, void *cls)
{
	const struct template_args *a = cls;
	return fill_template(wb, a->spec, a->example, a->title);
}

int sheet_template(const struct sheet_spec *spec, const json_t *example, const char *title,
		   char **out, size_t *len)
{
	struct template_args a = {.spec = spec, .example = example, .title = title};
	return xlsx_build(fill_template_cb, &a, out, len);
}

void sheet_refusal(const struct sheet_result *res, struct app_error *err)
{
	const json_t *first = json_array_get(res->problems, 0);
	const char *rule = json_string_value(json_object_get(first, "rule"));
	const char *text = json_string_value(json_object_get(first, "message"));
	char message[320];
	text_cut_utf8(text ? text : "", 300, message);
	err_set(err, rule ? ERR_RULE : ERR_INVALID,
		json_string_value(json_object_get(first, "field")), rule,
		"导入文件有 %zu 行共 %zu 处错误%s，未写入任何数据。第 %lld 行：%s",
		sheet_bad_lines(res), res->count_all, res->truncated ? "（仅列出前 1000 处）" : "",
		(long long)json_integer_value(json_object_get(first, "line")), message);
}
