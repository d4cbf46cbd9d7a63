/* SPDX-License-Identifier: MIT */
/* Unit tests of io/sheet.c: a made-up two-part row (a person and a contract, with a label
 * both share) read from CSV in UTF-8 and GB18030 and from .xlsx made with libxlsxwriter;
 * headers matched by label, field name, key, alias and with required marks; values
 * converted by type (dates in their written forms and as Excel dates, numbers in text
 * columns); every bad cell reported with the line the user sees; and the template
 * workbook read back and imported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cmocka needs the headers above first. */
#include <cmocka.h>
#include <iconv.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "io/sheet.h"
#include "io/xlsx_read.h"

static const struct ent_enum sexes[] = {{"male", "男"}, {"female", "女"}, {NULL, NULL}};
static const struct ent_enum types[] = {{"labour", "编外聘用"}, {"dispatched", "派驻"}, {NULL, NULL}};

static const struct ent_field person_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY},
	{"name", "姓名", ENT_TEXT, EF_REQUIRED, 2, 50},
	{"sex", "性别", ENT_ENUM, EF_REQUIRED, .enums = sexes},
	{"birth_date", "出生日期", ENT_DATE, EF_REQUIRED},
	{"citizen_id", "公民身份号码", ENT_TEXT, EF_NULLABLE, 18, 18},
	{"phone", "联系电话", ENT_TEXT, EF_NULLABLE, 5, 30},
	{"centre_id", "所属卫生院", ENT_ID, EF_REQUIRED},
	{"note", "备注", ENT_TEXT, EF_NULLABLE, 0, 100},
};

static const struct entity person = {
	.name = "test_person", .label = "人员", .table = "people",
	.fields = person_fields, .nfields = sizeof(person_fields) / sizeof(person_fields[0]),
};

static const struct ent_field contract_fields[] = {
	{"person_id", "人员", ENT_ID, EF_READONLY},
	{"type", "合同类型", ENT_ENUM, EF_REQUIRED, .enums = types},
	{"starts_on", "起始日期", ENT_DATE, EF_REQUIRED},
	{"days", "试用天数", ENT_INT, EF_NULLABLE, 0, 365},
	{"head", "村卫生室负责人", ENT_BOOL, 0},
	{"note", "备注", ENT_TEXT, EF_NULLABLE, 0, 100},
};

static const struct entity contract = {
	.name = "test_contract", .label = "合同", .table = "contracts",
	.fields = contract_fields, .nfields = sizeof(contract_fields) / sizeof(contract_fields[0]),
};

#define CENTRE "0190a000-0000-7000-8000-000000000001"

static const struct sheet_alias aliases[] = {{"person.phone", "手机"}, {NULL, NULL}};
static const struct sheet_note notes[] = {{"person.name", "与身份证一致"}, {NULL, NULL}};
static const char *const ignored[] = {"序号", NULL};

/* The spec under test; its fixed values are made once per test. */
struct fixture {
	json_t *fixed;
	struct sheet_part parts[2];
	struct sheet_spec spec;
	struct sheet_result res;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	f->fixed = json_pack("{s:s}", "centre_id", CENTRE);
	f->parts[0] = (struct sheet_part){.name = "person", .e = &person, .fixed = f->fixed};
	f->parts[1] = (struct sheet_part){.name = "contract", .e = &contract};
	f->spec = (struct sheet_spec){.parts = f->parts, .nparts = 2, .aliases = aliases,
				      .notes = notes, .ignore = ignored};
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	sheet_result_free(&f->res);
	json_decref(f->fixed);
	free(f);
	return 0;
}

/* Read the C string CSV with F's spec; the file must be readable. */
static struct sheet_result *read_csv(struct fixture *f, const char *csv)
{
	struct app_error err;
	sheet_result_free(&f->res);
	if (sheet_read(&f->spec, csv, strlen(csv), &f->res, &err) != 0)
		fail_msg("sheet_read failed: %s", err.message);
	return &f->res;
}

static json_t *row_at(struct sheet_result *res, size_t i)
{
	json_t *row = json_array_get(res->rows, i);
	assert_non_null(row);
	return row;
}

static const char *value(json_t *row, const char *part, const char *field)
{
	return json_string_value(json_object_get(json_object_get(row, part), field));
}

static json_t *problem_at(struct sheet_result *res, size_t i)
{
	json_t *p = json_array_get(res->problems, i);
	if (!p)
		fail_msg("no problem %zu; %zu listed", i, json_array_size(res->problems));
	return p;
}

static void assert_problem(json_t *p, long long line, const char *field, const char *label)
{
	assert_int_equal(json_integer_value(json_object_get(p, "line")), line);
	assert_string_equal(json_string_value(json_object_get(p, "field")), field);
	assert_string_equal(json_string_value(json_object_get(p, "label")), label);
	assert_true(json_string_length(json_object_get(p, "message")) > 0);
}

#define HEADER "姓名,性别,出生日期,联系电话,人员备注,合同类型,起始日期,试用天数,村卫生室负责人,合同备注\n"

/* ---- columns and headers ---- */

static void columns_follow_the_declarations(void **state)
{
	struct fixture *f = *state;
	struct sheet_column cols[SHEET_MAX_COLUMNS];
	size_t n = sheet_columns(&f->spec, cols, SHEET_MAX_COLUMNS);
	/* Read-only fields and fixed ones are no columns. */
	const char *keys[] = {"person.name", "person.sex", "person.birth_date",
			      "person.citizen_id", "person.phone", "person.note",
			      "contract.type", "contract.starts_on", "contract.days",
			      "contract.head", "contract.note"};
	assert_int_equal(n, sizeof(keys) / sizeof(keys[0]));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(cols[i].key, keys[i]);
	assert_string_equal(cols[0].header, "姓名");
}

static void shared_label_is_told_apart_by_the_entity(void **state)
{
	struct fixture *f = *state;
	struct sheet_column cols[SHEET_MAX_COLUMNS];
	size_t n = sheet_columns(&f->spec, cols, SHEET_MAX_COLUMNS);
	assert_string_equal(cols[5].header, "人员备注");
	assert_string_equal(cols[n - 1].header, "合同备注");
	struct sheet_result *res = read_csv(f, HEADER "张三,男,1980-05-12,,甲,编外聘用,2024-01-01,,,乙\n");
	assert_string_equal(value(row_at(res, 0), "person", "note"), "甲");
	assert_string_equal(value(row_at(res, 0), "contract", "note"), "乙");
}

static void csv_rows_become_one_record_per_part(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(
		f, HEADER "张三,男,1980-05-12,13800138000,,编外聘用,2024-01-01,30,是,\n"
			  "李四,female,1990-01-31,,,dispatched,2024-07-01,,否,\n");
	assert_string_equal(res->format, "CSV（UTF-8）");
	assert_int_equal(res->header_line, 1);
	assert_int_equal(json_array_size(res->problems), 0);
	assert_int_equal(json_array_size(res->rows), 2);
	json_t *row = row_at(res, 0);
	assert_int_equal(json_integer_value(json_object_get(row, "line")), 2);
	assert_true(json_is_true(json_object_get(row, "ok")));
	assert_string_equal(value(row, "person", "name"), "张三");
	assert_string_equal(value(row, "person", "sex"), "male"); /* the label became the value */
	assert_string_equal(value(row, "person", "centre_id"), CENTRE); /* fixed */
	assert_string_equal(value(row, "contract", "type"), "labour");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(row, "contract"), "days")),
			 30);
	assert_true(json_is_true(json_object_get(json_object_get(row, "contract"), "head")));
	/* Empty cells are left out, not null. */
	assert_null(json_object_get(json_object_get(row, "person"), "note"));
	row = row_at(res, 1);
	assert_string_equal(value(row, "person", "sex"), "female");
	assert_true(json_is_false(json_object_get(json_object_get(row, "contract"), "head")));
}

static void headers_match_by_field_name_key_alias_and_required_mark(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(f, " 姓名* ,性别（必填）,birth_date,手机,contract.note,"
					       "type,starts_on\n张三,男,1980-05-12,139,乙,派驻,2024-01-01\n");
	assert_int_equal(json_array_size(res->problems), 1); /* the phone is too short */
	json_t *row = row_at(res, 0);
	assert_string_equal(value(row, "person", "name"), "张三");
	assert_string_equal(value(row, "person", "birth_date"), "1980-05-12");
	assert_string_equal(value(row, "contract", "note"), "乙");
	assert_problem(problem_at(res, 0), 2, "person.phone", "联系电话");
}

static void note_field_name_shared_by_two_parts_needs_its_key(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res =
		read_csv(f, "姓名,性别,出生日期,合同类型,起始日期,note\n张三,男,1980-05-12,派驻,2024-01-01,x\n");
	assert_int_equal(json_array_size(res->rows), 0);
	assert_problem(problem_at(res, 0), 1, "", "note");
}

static void unknown_header_is_a_problem_and_no_row_is_read(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(f, "姓名,性别,出生日期,合同类型,起始日期,籍贯\n"
					       "张三,男,1980-05-12,派驻,2024-01-01,广西\n");
	assert_int_equal(json_array_size(res->rows), 0);
	assert_int_equal(json_array_size(res->problems), 1);
	json_t *p = problem_at(res, 0);
	assert_problem(p, 1, "", "籍贯");
	assert_non_null(strstr(json_string_value(json_object_get(p, "message")), "第 6 列"));
}

static void missing_required_column_is_a_problem(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(f, "姓名,出生日期,合同类型,起始日期\n张三,1980-05-12,派驻,2024-01-01\n");
	assert_int_equal(json_array_size(res->rows), 0);
	assert_problem(problem_at(res, 0), 1, "", "性别");
	assert_string_equal(json_string_value(json_object_get(problem_at(res, 0), "code")),
			    "required");
}

static void repeated_header_is_a_problem(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res =
		read_csv(f, "姓名,性别,出生日期,合同类型,起始日期,姓名\n张三,男,1980-05-12,派驻,2024-01-01,李四\n");
	assert_int_equal(json_array_size(res->rows), 0);
	assert_problem(problem_at(res, 0), 1, "", "姓名");
}

static void ignored_column_is_skipped(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res =
		read_csv(f, "序号,姓名,性别,出生日期,合同类型,起始日期\n1,张三,男,1980-05-12,派驻,2024-01-01\n");
	assert_int_equal(json_array_size(res->problems), 0);
	assert_string_equal(value(row_at(res, 0), "person", "name"), "张三");
}

static void cell_without_header_is_a_problem(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(f, "姓名,性别,出生日期,合同类型,起始日期\n"
					       "张三,男,1980-05-12,派驻,2024-01-01,多余\n"
					       "李四,男,1980-05-12,派驻,2024-01-01,\n");
	assert_int_equal(json_array_size(res->problems), 1);
	assert_problem(problem_at(res, 0), 2, "", "");
	assert_false(json_is_true(json_object_get(row_at(res, 0), "ok")));
	assert_true(json_is_true(json_object_get(row_at(res, 1), "ok")));
}

/* ---- values and problems ---- */

static void every_bad_cell_of_a_row_is_reported(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(f, HEADER "张三,未知,1980-02-30,,,编外聘用,,abc,也许,\n");
	/* sex, birth date, days, head: four bad cells; the start date is missing. */
	assert_int_equal(json_array_size(res->problems), 5);
	assert_false(json_is_true(json_object_get(row_at(res, 0), "ok")));
	const char *fields[] = {"contract.days", "contract.head", "contract.starts_on",
				"person.sex", "person.birth_date"};
	const char *labels[] = {"试用天数", "村卫生室负责人", "起始日期", "性别", "出生日期"};
	for (size_t k = 0; k < 5; k++) {
		bool found = false;
		for (size_t i = 0; i < json_array_size(res->problems); i++) {
			json_t *p = problem_at(res, i);
			if (strcmp(json_string_value(json_object_get(p, "field")), fields[k]) == 0) {
				assert_problem(p, 2, fields[k], labels[k]);
				found = true;
			}
		}
		if (!found)
			fail_msg("no problem for %s", fields[k]);
	}
}

static void bad_rows_do_not_hide_good_ones(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(f, HEADER "张三,男,1980-05-12,,,编外聘用,2024-01-01,,,\n"
						      "李,男,1980-05-12,,,编外聘用,2024-01-01,,,\n"
						      "王五,男,1980-05-12,,,编外聘用,2024-01-01,,,\n");
	assert_int_equal(json_array_size(res->rows), 3);
	assert_int_equal(json_array_size(res->problems), 1);
	assert_problem(problem_at(res, 0), 3, "person.name", "姓名");
	assert_true(json_is_true(json_object_get(row_at(res, 0), "ok")));
	assert_false(json_is_true(json_object_get(row_at(res, 1), "ok")));
	assert_true(json_is_true(json_object_get(row_at(res, 2), "ok")));
}

static void lines_are_the_files_own_lines(void **state)
{
	struct fixture *f = *state;
	/* A blank line, a row of empty cells and a quoted line break before the bad row. */
	struct sheet_result *res = read_csv(
		f, "\n姓名,性别,出生日期,合同类型,起始日期,人员备注\n\n,,,,,\n"
		   "张三,男,1980-05-12,派驻,2024-01-01,\"两行\n备注\"\n李四,男,x,派驻,2024-01-01,\n");
	assert_int_equal(res->header_line, 2);
	assert_int_equal(json_array_size(res->rows), 2);
	assert_int_equal(json_integer_value(json_object_get(row_at(res, 0), "line")), 5);
	assert_int_equal(json_integer_value(json_object_get(row_at(res, 1), "line")), 7);
	assert_problem(problem_at(res, 0), 7, "person.birth_date", "出生日期");
}

static void dates_written_in_the_usual_forms_are_read(void **state)
{
	(void)state;
	char out[11];
	const char *ok[][2] = {
		{"1980/5/12", "1980-05-12"},   {"1980-5-2", "1980-05-02"},
		{"1980.05.12", "1980-05-12"},  {"1980年5月12日", "1980-05-12"},
		{"1980年05月12", "1980-05-12"}, {"19800512", "1980-05-12"},
		{"1980/5/12 0:00", "1980-05-12"}, {"2000-02-29", "2000-02-29"},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (!sheet_date_text(ok[i][0], out))
			fail_msg("%s not read", ok[i][0]);
		assert_string_equal(out, ok[i][1]);
	}
	const char *bad[] = {"1980/13/1", "1900-02-29", "1980-5/12", "80/5/12", "1980512",
			     "1980年5-12", "1980/5/12x", "", "五月"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (sheet_date_text(bad[i], out))
			fail_msg("%s read as %s", bad[i], out);
}

static void written_dates_in_a_date_column_become_iso(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res =
		read_csv(f, "姓名,性别,出生日期,合同类型,起始日期\n张三,男,1980/5/12,派驻,2024年1月1日\n");
	assert_int_equal(json_array_size(res->problems), 0);
	assert_string_equal(value(row_at(res, 0), "person", "birth_date"), "1980-05-12");
	assert_string_equal(value(row_at(res, 0), "contract", "starts_on"), "2024-01-01");
}

static void gb18030_csv_is_read(void **state)
{
	struct fixture *f = *state;
	const char *utf8 = "姓名,性别,出生日期,合同类型,起始日期\n欧阳秀英,女,1980-05-12,派驻,2024-01-01\n";
	char gb[512];
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = (char *)utf8, *out = gb;
	size_t inleft = strlen(utf8), outleft = sizeof(gb);
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	struct app_error err;
	sheet_result_free(&f->res);
	assert_int_equal(sheet_read(&f->spec, gb, sizeof(gb) - outleft, &f->res, &err), 0);
	assert_string_equal(f->res.format, "CSV（GB18030）");
	assert_int_equal(json_array_size(f->res.problems), 0);
	assert_string_equal(value(row_at(&f->res, 0), "person", "name"), "欧阳秀英");
	assert_string_equal(value(row_at(&f->res, 0), "person", "sex"), "female");
}

static void unreadable_files_are_refused(void **state)
{
	struct fixture *f = *state;
	struct app_error err;
	struct sheet_result res;
	assert_int_equal(sheet_read(&f->spec, "", 0, &res, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_string_equal(err.field, "file");
	assert_int_equal(sheet_read(&f->spec, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, &res, &err), -1);
	assert_non_null(strstr(err.message, ".xls"));
	assert_int_equal(sheet_read(&f->spec, "\xFF\xFF\xFF", 3, &res, &err), -1);
	assert_non_null(strstr(err.message, "GB18030"));
	assert_int_equal(sheet_read(&f->spec, "PK\x03\x04garbage", 11, &res, &err), -1);
	assert_string_equal(err.field, "file");
}

static void header_only_or_nothing_is_a_problem(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(f, "姓名,性别,出生日期,合同类型,起始日期\n");
	assert_int_equal(json_array_size(res->rows), 0);
	assert_int_equal(json_array_size(res->problems), 1);
	res = read_csv(f, "\n\n,,,\n");
	assert_int_equal(json_array_size(res->problems), 1);
}

static void malformed_csv_is_a_problem_at_its_line(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(f, "姓名,性别,出生日期,合同类型,起始日期\n"
					       "张三,男,1980-05-12,派驻,2024-01-01\n\"李四,男\n");
	assert_int_equal(json_array_size(res->problems), 1);
	assert_int_equal(json_integer_value(json_object_get(problem_at(res, 0), "line")), 3);
}

static void problems_past_the_limit_are_counted_not_listed(void **state)
{
	struct fixture *f = *state;
	size_t n = SHEET_MAX_PROBLEMS + 200, cap = 64 * n + 128;
	char *csv = malloc(cap);
	assert_non_null(csv);
	size_t used = (size_t)snprintf(csv, cap, "姓名,性别,出生日期,合同类型,起始日期\n");
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(csv + used, cap - used, "张三,男,bad,派驻,2024-01-01\n");
	struct sheet_result *res = read_csv(f, csv);
	free(csv);
	assert_int_equal(json_array_size(res->problems), SHEET_MAX_PROBLEMS);
	assert_true(res->truncated);
	assert_int_equal(res->count_all, n);
	assert_int_equal(sheet_bad_lines(res), SHEET_MAX_PROBLEMS);
}

static void problems_of_the_caller_are_named_by_their_column(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(f, "姓名,性别,出生日期,合同类型,起始日期\n"
					       "张三,男,1980-05-12,派驻,2024-01-01\n"
					       "李四,男,1980-05-12,派驻,2024-01-01\n");
	struct app_error err;
	err_set(&err, ERR_RULE, "starts_on", "LB-STF-4", "未经审批");
	sheet_problem(res, &f->spec, 3, "contract", &err);
	err_set(&err, ERR_INVALID, "birth_date", NULL, "不一致");
	sheet_problem(res, &f->spec, 2, "person", &err);
	sheet_problems_sort(res);
	assert_problem(problem_at(res, 0), 2, "person.birth_date", "出生日期");
	json_t *p = problem_at(res, 1);
	assert_problem(p, 3, "contract.starts_on", "起始日期");
	assert_string_equal(json_string_value(json_object_get(p, "rule")), "LB-STF-4");
	assert_string_equal(json_string_value(json_object_get(p, "code")), "rule_violation");
	assert_int_equal(sheet_bad_lines(res), 2);
}

static void a_refusal_names_the_first_problem_and_counts_them_all(void **state)
{
	struct fixture *f = *state;
	struct sheet_result *res = read_csv(f, "姓名,性别,出生日期,合同类型,起始日期\n"
					       "张三,男,1980-05-12,派驻,2024-01-01\n"
					       "李四,男,1980-05-12,派驻,2024-01-01\n");
	struct app_error err;
	err_set(&err, ERR_RULE, "starts_on", "LB-STF-4", "未经审批");
	sheet_problem(res, &f->spec, 3, "contract", &err);
	err_set(&err, ERR_INVALID, "birth_date", NULL, "不一致");
	sheet_problem(res, &f->spec, 3, "person", &err);
	sheet_problems_sort(res);
	sheet_refusal(res, &err);
	assert_int_equal(err.code, ERR_RULE);
	assert_string_equal(err.rule, "LB-STF-4");
	assert_string_equal(err.field, "contract.starts_on");
	assert_non_null(strstr(err.message, "导入文件有 1 行共 2 处错误，未写入任何数据。第 3 行："));
}

/* ---- .xlsx ---- */

static char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	long size = ftell(fp);
	rewind(fp);
	char *buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, fp), (size_t)size);
	fclose(fp);
	*len = (size_t)size;
	return buf;
}

static void xlsx_rows_are_read_with_their_sheet_row_numbers(void **state)
{
	struct fixture *f = *state;
	char path[] = "/tmp/yth-sheet-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy/m/d");
	const char *heads[] = {"姓名", "性别", "出生日期", "联系电话", "合同类型", "起始日期", "村卫生室负责人"};
	for (lxw_col_t c = 0; c < 7; c++)
		worksheet_write_string(ws, 0, c, heads[c], NULL);
	lxw_datetime birth = {1968, 2, 29, 0, 0, 0};
	worksheet_write_string(ws, 1, 0, "王秀英", NULL);
	worksheet_write_string(ws, 1, 1, "女", NULL);
	worksheet_write_datetime(ws, 1, 2, &birth, date);
	worksheet_write_number(ws, 1, 3, 13800138000.0, NULL); /* a number in a text column */
	worksheet_write_string(ws, 1, 4, "派驻", NULL);
	worksheet_write_number(ws, 1, 5, 45292, NULL); /* 2024-01-01, its format lost */
	worksheet_write_boolean(ws, 1, 6, 1, NULL);
	/* Row 3 is empty; row 4 has a bad date. */
	worksheet_write_string(ws, 3, 0, "李四", NULL);
	worksheet_write_string(ws, 3, 1, "男", NULL);
	worksheet_write_string(ws, 3, 2, "不详", NULL);
	worksheet_write_string(ws, 3, 4, "派驻", NULL);
	worksheet_write_string(ws, 3, 5, "2024-01-01", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	size_t len;
	char *data = read_file(path, &len);
	unlink(path);
	struct app_error err;
	sheet_result_free(&f->res);
	assert_int_equal(sheet_read(&f->spec, data, len, &f->res, &err), 0);
	free(data);
	struct sheet_result *res = &f->res;
	assert_string_equal(res->format, "Excel 工作簿（.xlsx）");
	assert_int_equal(json_array_size(res->rows), 2);
	json_t *row = row_at(res, 0);
	assert_int_equal(json_integer_value(json_object_get(row, "line")), 2);
	assert_true(json_is_true(json_object_get(row, "ok")));
	assert_string_equal(value(row, "person", "birth_date"), "1968-02-29");
	assert_string_equal(value(row, "person", "phone"), "13800138000");
	assert_string_equal(value(row, "contract", "starts_on"), "2024-01-01");
	assert_true(json_is_true(json_object_get(json_object_get(row, "contract"), "head")));
	assert_int_equal(json_integer_value(json_object_get(row_at(res, 1), "line")), 4);
	assert_int_equal(json_array_size(res->problems), 1);
	assert_problem(problem_at(res, 0), 4, "person.birth_date", "出生日期");
}

/* The member NAME of the zip in DATA, as a new string. */
static char *zip_member(const char *data, size_t len, const char *name)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	zip_stat_t st;
	assert_int_equal(zip_stat(z, name, 0, &st), 0);
	char *out = calloc(1, st.size + 1);
	zip_file_t *zf = zip_fopen(z, name, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, out, st.size), (zip_int64_t)st.size);
	zip_fclose(zf);
	zip_discard(z);
	zip_error_fini(&ze);
	return out;
}

static json_t *example(void)
{
	return json_pack("{s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:b}}", "person", "name", "李明华",
			 "sex", "male", "birth_date", "1985-05-12", "phone", "13800000000",
			 "contract", "type", "labour", "starts_on", "2025-01-01", "head", 0);
}

static void template_has_headers_an_example_and_explanations(void **state)
{
	struct fixture *f = *state;
	json_t *ex = example();
	char *data;
	size_t len;
	assert_int_equal(sheet_template(&f->spec, ex, "人员导入", &data, &len), 0);
	json_decref(ex);
	struct xlsx_sheet *s;
	char why[256];
	assert_int_equal(xlsx_read(data, len, &s, why, sizeof(why)), 0);
	assert_string_equal(s->name, "人员导入");
	assert_int_equal(s->rows, 2);
	assert_string_equal(xlsx_cell(s, 0, 0), "姓名");
	assert_string_equal(xlsx_cell(s, 0, 5), "人员备注");
	assert_string_equal(xlsx_cell(s, 1, 0), "李明华");
	assert_string_equal(xlsx_cell(s, 1, 1), "男"); /* an option is shown by its label */
	assert_string_equal(xlsx_cell(s, 1, 2), "1985-05-12");
	assert_int_equal(xlsx_cell_kind(s, 1, 2), XLSX_DATE);
	assert_string_equal(xlsx_cell(s, 1, 9), "否");
	xlsx_sheet_free(s);
	char *book = zip_member(data, len, "xl/workbook.xml");
	assert_non_null(strstr(book, "填写说明"));
	free(book);
	char *strings = zip_member(data, len, "xl/sharedStrings.xml");
	assert_non_null(strstr(strings, "与身份证一致"));       /* the note */
	assert_non_null(strstr(strings, "编外聘用、派驻"));     /* the options */
	assert_non_null(strstr(strings, "contract.starts_on")); /* the keys */
	free(strings);
	char *sheet = zip_member(data, len, "xl/worksheets/sheet1.xml");
	assert_non_null(strstr(sheet, "dataValidation")); /* drop-down lists */
	free(sheet);
	free(data);
}

static void template_reads_back_as_its_example_row(void **state)
{
	struct fixture *f = *state;
	json_t *ex = example();
	char *data;
	size_t len;
	assert_int_equal(sheet_template(&f->spec, ex, "人员导入", &data, &len), 0);
	json_decref(ex);
	struct app_error err;
	sheet_result_free(&f->res);
	assert_int_equal(sheet_read(&f->spec, data, len, &f->res, &err), 0);
	free(data);
	assert_int_equal(json_array_size(f->res.problems), 0);
	assert_int_equal(json_array_size(f->res.rows), 1);
	json_t *row = row_at(&f->res, 0);
	assert_string_equal(value(row, "person", "name"), "李明华");
	assert_string_equal(value(row, "person", "sex"), "male");
	assert_string_equal(value(row, "person", "birth_date"), "1985-05-12");
	assert_string_equal(value(row, "person", "phone"), "13800000000");
	assert_string_equal(value(row, "contract", "starts_on"), "2025-01-01");
	assert_true(json_is_false(json_object_get(json_object_get(row, "contract"), "head")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(columns_follow_the_declarations, setup, teardown),
		cmocka_unit_test_setup_teardown(shared_label_is_told_apart_by_the_entity, setup, teardown),
		cmocka_unit_test_setup_teardown(csv_rows_become_one_record_per_part, setup, teardown),
		cmocka_unit_test_setup_teardown(headers_match_by_field_name_key_alias_and_required_mark,
						setup, teardown),
		cmocka_unit_test_setup_teardown(note_field_name_shared_by_two_parts_needs_its_key,
						setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_header_is_a_problem_and_no_row_is_read, setup,
						teardown),
		cmocka_unit_test_setup_teardown(missing_required_column_is_a_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(repeated_header_is_a_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(ignored_column_is_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(cell_without_header_is_a_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(every_bad_cell_of_a_row_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_rows_do_not_hide_good_ones, setup, teardown),
		cmocka_unit_test_setup_teardown(lines_are_the_files_own_lines, setup, teardown),
		cmocka_unit_test(dates_written_in_the_usual_forms_are_read),
		cmocka_unit_test_setup_teardown(written_dates_in_a_date_column_become_iso, setup, teardown),
		cmocka_unit_test_setup_teardown(gb18030_csv_is_read, setup, teardown),
		cmocka_unit_test_setup_teardown(unreadable_files_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(header_only_or_nothing_is_a_problem, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_csv_is_a_problem_at_its_line, setup, teardown),
		cmocka_unit_test_setup_teardown(problems_past_the_limit_are_counted_not_listed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_refusal_names_the_first_problem_and_counts_them_all,
						setup, teardown),
		cmocka_unit_test_setup_teardown(problems_of_the_caller_are_named_by_their_column, setup,
						teardown),
		cmocka_unit_test_setup_teardown(xlsx_rows_are_read_with_their_sheet_row_numbers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(template_has_headers_an_example_and_explanations, setup,
						teardown),
		cmocka_unit_test_setup_teardown(template_reads_back_as_its_example_row, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
