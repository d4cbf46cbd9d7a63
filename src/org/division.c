/* SPDX-License-Identifier: MIT */
/* This file contains administrative divisions (行政区划): their declaration and the
 * all-or-nothing CSV import (UTF-8 or GB18030, detected). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/csv.h"
#include "core/divcode.h"
#include "core/text.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "org/store.h"

static const struct ent_enum levels[] = {
	{"province", "省"}, {"city", "市"}, {"county", "县"},
	{"township", "乡镇"}, {"village", "村"}, {NULL, NULL},
};

static bool is_code(const json_t *v)
{
	const char *s = json_string_value(v);
	size_t n = strlen(s);
	return (n == 2 || n == 4 || n == 6 || n == 9 || n == 12) && divcode_is(s, n);
}

static const struct ent_field fields[] = {
	{"code", "区划代码", ENT_TEXT, EF_REQUIRED | EF_FILTER | EF_SORT, .check = is_code,
	 .check_message = "应为 2、4、6、9 或 12 位数字"},
	{"name", "名称", ENT_TEXT, EF_REQUIRED | EF_SORT, 1, 100},
	{"level", "级别", ENT_ENUM, EF_REQUIRED | EF_FILTER, .enums = levels},
	{"parent_code", "上级区划代码", ENT_TEXT, EF_FILTER | EF_NULLABLE, .check = is_code,
	 .check_message = "应为 2、4、6 或 9 位数字"},
	{"created_at", "创建时间", ENT_TIMESTAMP, EF_READONLY | EF_NOLIST},
	{"updated_at", "修改时间", ENT_TIMESTAMP, EF_READONLY | EF_NOLIST},
};

const struct entity division_entity = {
	.name = "division",
	.label = "行政区划",
	.table = "divisions",
	ENT_FIELDS(fields),
	.default_sort = "code",
};

/* Code length of each level, in the order of enum levels. */
static size_t level_length(const char *level)
{
	static const size_t lengths[] = {2, 4, 6, 9, 12};
	for (size_t i = 0; levels[i].value; i++)
		if (strcmp(levels[i].value, level) == 0)
			return lengths[i];
	return 0;
}

#define MAX_REPORTED 20

/* Collects the bad rows of a file into one Chinese message. */
struct report {
	char text[sizeof(((struct app_error *)0)->message)];
	size_t count;
};

static void report_row(struct report *r, size_t line, const char *what)
{
	r->count++;
	if (r->count > MAX_REPORTED)
		return;
	size_t used = strlen(r->text);
	snprintf(r->text + used, sizeof(r->text) - used, "%s第 %zu 行：%s", used ? "；" : "", line,
		 what);
}

/* Read and check every row of the CSV into ROWS (array of records). */
static int read_rows(const char *data, size_t len, json_t *rows, struct report *report,
		     struct app_error *err)
{
	struct csv_reader *csv = csv_open_mem(data, len);
	char **cells;
	size_t ncells;
	int col[4] = {-1, -1, -1, -1};
	static const char *const names[4] = {"code", "name", "level", "parent_code"};
	if (!csv)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	int rc = csv_next(csv, &cells, &ncells);
	if (rc != 1) {
		csv_close(csv);
		return err_set(err, ERR_INVALID, "file", NULL, "文件为空或不是 CSV");
	}
	for (size_t i = 0; i < ncells; i++)
		for (int k = 0; k < 4; k++)
			if (strcmp(cells[i], names[k]) == 0)
				col[k] = (int)i;
	for (int k = 0; k < 4; k++)
		if (col[k] < 0) {
			csv_close(csv);
			return err_set(err, ERR_INVALID, "file", NULL,
				       "表头应为 code,name,level,parent_code，缺少列 %s", names[k]);
		}
	while ((rc = csv_next(csv, &cells, &ncells)) == 1) {
		size_t line = csv_line(csv);
		if (ncells == 1 && cells[0][0] == '\0')
			continue; /* blank line */
		json_t *rec = json_object();
		struct app_error row_err = {0};
		bool bad = false;
		for (int k = 0; k < 4 && !bad; k++) {
			const char *text = (size_t)col[k] < ncells ? cells[col[k]] : "";
			json_t *v = ent_value_from_text(ent_field(&division_entity, names[k]), text,
							&row_err);
			bad = !v;
			if (v && !json_is_null(v))
				json_object_set_new(rec, names[k], v);
			else
				json_decref(v);
		}
		if (!bad && ent_validate(&division_entity, rec, ENT_CREATE, &row_err) != 0)
			bad = true;
		const char *code = json_string_value(json_object_get(rec, "code"));
		const char *level = json_string_value(json_object_get(rec, "level"));
		const char *parent = json_string_value(json_object_get(rec, "parent_code"));
		if (!bad && strlen(code) != level_length(level)) {
			err_set(&row_err, ERR_INVALID, "code", NULL, "代码 %s 的位数与级别 %s 不符",
				code, level);
			bad = true;
		}
		if (!bad && strcmp(level, "province") != 0 &&
		    (!parent || strncmp(code, parent, strlen(parent)) != 0)) {
			err_set(&row_err, ERR_INVALID, "parent_code", NULL,
				"上级区划代码应为代码 %s 的前缀", code);
			bad = true;
		}
		if (bad) {
			report_row(report, line, row_err.message);
			json_decref(rec);
			continue;
		}
		json_object_set_new(rec, "line", json_integer((json_int_t)line));
		json_array_append_new(rows, rec);
	}
	if (rc < 0)
		report_row(report, csv_line(csv), csv_error(csv));
	csv_close(csv);
	return 0;
}

/* Every parent must be in the file or already in the database. */
static int check_parents(struct db *db, json_t *rows, struct report *report,
			 struct app_error *err)
{
	json_t *codes = json_object();
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r) json_object_set(codes, json_string_value(json_object_get(r, "code")), json_true());
	json_array_foreach(rows, i, r)
	{
		const char *parent = json_string_value(json_object_get(r, "parent_code"));
		if (!parent || json_object_get(codes, parent))
			continue;
		struct db_res *res;
		int rc = store_division_get(db, parent, &res);
		db_res_free(res);
		if (rc < 0) {
			json_decref(codes);
			return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		}
		if (rc == 0) {
			char what[160];
			snprintf(what, sizeof(what), "上级区划 %s 既不在文件中也不在数据库中", parent);
			report_row(report, (size_t)json_integer_value(json_object_get(r, "line")), what);
		}
	}
	json_decref(codes);
	return 0;
}

/* Parents must be written before children: order by code length, then code. */
static int by_level(const void *a, const void *b)
{
	const char *x = json_string_value(json_object_get(*(json_t *const *)a, "code"));
	const char *y = json_string_value(json_object_get(*(json_t *const *)b, "code"));
	size_t lx = strlen(x), ly = strlen(y);
	return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y);
}

struct import_txn {
	const struct principal *who;
	json_t **rows;
	size_t n, changed;
	FILE *progress;
	const char *encoding;
};

static int import_body(struct db *db, void *cls)
{
	struct import_txn *t = cls;
	t->changed = 0;
	for (size_t i = 0; i < t->n; i++) {
		json_t *r = t->rows[i];
		int rc = store_division_put(db, json_string_value(json_object_get(r, "code")),
					    json_string_value(json_object_get(r, "name")),
					    json_string_value(json_object_get(r, "level")),
					    json_string_value(json_object_get(r, "parent_code")),
					    org_by(t->who));
		if (rc < 0)
			return rc;
		t->changed += (size_t)rc;
		if (t->progress && (i + 1) % 1000 == 0)
			fprintf(t->progress, "\r导入行政区划 / importing divisions: %zu/%zu", i + 1,
				t->n);
	}
	if (t->progress && t->n >= 1000)
		fprintf(t->progress, "\r导入行政区划 / importing divisions: %zu/%zu\n", t->n, t->n);
	json_t *summary = json_pack("{s:I, s:I, s:s}", "rows", (json_int_t)t->n, "changed",
				    (json_int_t)t->changed, "encoding", t->encoding);
	int rc = audit_append(db, t->who, "import", "division", NULL, NULL, summary);
	json_decref(summary);
	return rc;
}

int org_divisions_import(struct db *db, const struct principal *who, const char *data,
			 size_t len, size_t *rows, size_t *changed, const char **encoding,
			 FILE *progress, struct app_error *err)
{
	enum text_encoding enc;
	size_t utf8_len;
	char *utf8 = text_to_utf8(data, len, &utf8_len, &enc);
	if (!utf8)
		return err_set(err, ERR_INVALID, "file", NULL, "文件既不是 UTF-8 也不是 GB18030 编码");
	*encoding = text_encoding_name(enc);
	struct report report = {.count = 0};
	json_t *list = json_array();
	int rc = read_rows(utf8, utf8_len, list, &report, err);
	free(utf8);
	if (rc == 0)
		rc = check_parents(db, list, &report, err);
	if (rc == 0 && report.count)
		rc = err_set(err, ERR_INVALID, "file", NULL, "%zu 行有误，未导入任何数据：%s%s",
			     report.count, report.text, report.count > MAX_REPORTED ? "……" : "");
	if (rc != 0) {
		json_decref(list);
		return -1;
	}
	size_t n = json_array_size(list);
	json_t **sorted = calloc(n ? n : 1, sizeof(*sorted));
	for (size_t i = 0; sorted && i < n; i++)
		sorted[i] = json_array_get(list, i);
	if (sorted)
		qsort(sorted, n, sizeof(*sorted), by_level);
	struct import_txn t = {.who = who, .rows = sorted, .n = n, .progress = progress,
			       .encoding = *encoding};
	rc = sorted ? db_run_transaction(db, "division import", import_body, &t) : DB_HARD;
	free(sorted);
	json_decref(list);
	if (rc < 0)
		return org_txn_error(rc, err);
	*rows = n;
	*changed = t.changed;
	return 0;
}
