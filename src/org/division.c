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

/* A checked row, with what sorting and writing need at hand. */
struct row {
	json_t *rec; /* owned */
	const char *code, *name, *level, *parent_code; /* borrowed from REC */
	size_t len; /* of code */
	size_t line;
};

/* The rows of a file: a growable array. */
struct rows {
	struct row *v;
	size_t n, cap;
};

static void rows_free(struct rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		json_decref(rows->v[i].rec);
	free(rows->v);
}

static int rows_add(struct rows *rows, json_t *rec, size_t line)
{
	if (rows->n == rows->cap) {
		size_t cap = rows->cap ? rows->cap * 2 : 1024;
		struct row *v = realloc(rows->v, cap * sizeof(*v));
		if (!v)
			return -1;
		rows->v = v;
		rows->cap = cap;
	}
	struct row *r = &rows->v[rows->n++];
	r->rec = rec;
	r->code = json_string_value(json_object_get(rec, "code"));
	r->name = json_string_value(json_object_get(rec, "name"));
	r->level = json_string_value(json_object_get(rec, "level"));
	r->parent_code = json_string_value(json_object_get(rec, "parent_code"));
	r->len = strlen(r->code);
	r->line = line;
	return 0;
}

/* One CSV record as a division record checked against the declaration and the code rules;
 * NULL with ROW_ERR filled if it is bad. New reference. */
static json_t *check_row(char **cells, size_t ncells, const int col[4], struct app_error *row_err)
{
	static const char *const names[4] = {"code", "name", "level", "parent_code"};
	json_t *rec = json_object();
	for (int k = 0; k < 4; k++) {
		const char *text = (size_t)col[k] < ncells ? cells[col[k]] : "";
		json_t *v = ent_value_from_text(ent_field(&division_entity, names[k]), text, row_err);
		if (!v)
			goto out_bad;
		if (json_is_null(v))
			json_decref(v);
		else
			json_object_set_new(rec, names[k], v);
	}
	if (ent_validate(&division_entity, rec, ENT_CREATE, row_err) != 0)
		goto out_bad;
	const char *code = json_string_value(json_object_get(rec, "code"));
	const char *level = json_string_value(json_object_get(rec, "level"));
	const char *parent = json_string_value(json_object_get(rec, "parent_code"));
	if (strlen(code) != level_length(level)) {
		err_set(row_err, ERR_INVALID, "code", NULL, "代码 %s 的位数与级别 %s 不符", code,
			level);
		goto out_bad;
	}
	if (strcmp(level, "province") != 0 && (!parent || strncmp(code, parent, strlen(parent)) != 0)) {
		err_set(row_err, ERR_INVALID, "parent_code", NULL, "上级区划代码应为代码 %s 的前缀",
			code);
		goto out_bad;
	}
	return rec;
out_bad:
	json_decref(rec);
	return NULL;
}

/* Read and check every row of the CSV into ROWS; bad rows go to REPORT. */
static int read_rows(const char *data, size_t len, struct rows *rows, struct report *report,
		     struct app_error *err)
{
	static const char *const names[4] = {"code", "name", "level", "parent_code"};
	struct csv_reader *csv = csv_open_mem(data, len);
	char **cells;
	size_t ncells;
	int col[4] = {-1, -1, -1, -1};
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
		struct app_error row_err = {0};
		json_t *rec = check_row(cells, ncells, col, &row_err);
		if (!rec)
			report_row(report, line, row_err.message);
		else if (rows_add(rows, rec, line) != 0) {
			json_decref(rec);
			csv_close(csv);
			return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		}
	}
	if (rc < 0)
		report_row(report, csv_line(csv), csv_error(csv));
	csv_close(csv);
	return 0;
}

/* Parents must be written before children: order by code length, then code. */
static int by_level(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	return x->len != y->len ? (x->len < y->len ? -1 : 1) : strcmp(x->code, y->code);
}

/* No code twice in the file, and every parent in the file (ROWS, sorted by_level) or
 * already in the database. */
static int check_parents(struct db *db, const struct rows *rows, struct report *report,
			 struct app_error *err)
{
	for (size_t i = 0; i < rows->n; i++) {
		if (i > 0 && strcmp(rows->v[i].code, rows->v[i - 1].code) == 0) {
			char what[160];
			snprintf(what, sizeof(what), "代码 %s 重复（第 %zu 行已有）", rows->v[i].code,
				 rows->v[i - 1].line);
			report_row(report, rows->v[i].line, what);
		}
		const char *parent = rows->v[i].parent_code;
		if (!parent)
			continue;
		struct row key = {.code = parent, .len = strlen(parent)};
		if (bsearch(&key, rows->v, rows->n, sizeof(key), by_level))
			continue;
		struct db_res *res;
		int rc = store_division_get(db, parent, &res);
		db_res_free(res);
		if (rc < 0)
			return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		if (rc == 0) {
			char what[160];
			snprintf(what, sizeof(what), "上级区划 %s 既不在文件中也不在数据库中", parent);
			report_row(report, rows->v[i].line, what);
		}
	}
	return 0;
}

struct import_txn {
	const struct principal *who;
	struct row *rows;
	size_t n, changed;
	FILE *progress;
	const char *encoding;
};

static int import_body(struct db *db, void *cls)
{
	struct import_txn *t = cls;
	struct store_division batch[STORE_DIVISION_BATCH];
	char now[21];
	db_now(now);
	t->changed = 0;
	for (size_t i = 0; i < t->n;) {
		/* A batch never mixes levels, so that parents are written before children. */
		size_t n = 0;
		for (; i < t->n && n < STORE_DIVISION_BATCH; i++, n++) {
			if (n > 0 && t->rows[i].len != t->rows[i - 1].len)
				break;
			batch[n] = (struct store_division){
				.code = t->rows[i].code,
				.name = t->rows[i].name,
				.level = t->rows[i].level,
				.parent_code = t->rows[i].parent_code,
			};
		}
		int rc = store_divisions_put(db, batch, n, now, org_by(t->who));
		if (rc < 0)
			return rc;
		t->changed += (size_t)rc;
		if (t->progress && t->n >= 1000 && (i / 1000) != ((i - n) / 1000))
			fprintf(t->progress, "\r导入行政区划 / importing divisions: %zu/%zu", i, t->n);
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
	struct rows list = {0};
	int rc = read_rows(utf8, utf8_len, &list, &report, err);
	free(utf8);
	if (rc == 0)
		qsort(list.v, list.n, sizeof(*list.v), by_level);
	if (rc == 0)
		rc = check_parents(db, &list, &report, err);
	if (rc == 0 && report.count)
		rc = err_set(err, ERR_INVALID, "file", NULL, "%zu 行有误，未导入任何数据：%s%s",
			     report.count, report.text, report.count > MAX_REPORTED ? "……" : "");
	if (rc != 0) {
		rows_free(&list);
		return -1;
	}
	size_t n = list.n;
	struct import_txn t = {.who = who, .rows = list.v, .n = n, .progress = progress,
			       .encoding = *encoding};
	rc = db_run_transaction(db, "division import", import_body, &t);
	rows_free(&list);
	if (rc < 0)
		return org_txn_error(rc, err);
	*rows = n;
	*changed = t.changed;
	return 0;
}
