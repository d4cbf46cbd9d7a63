/* SPDX-License-Identifier: MIT */
/* Unit tests of io/xlsx.c: a made-up entity with Chinese text, numbers, money, an enum, a
 * bool, a date and an array is exported, and the .xlsx (a zip) is opened with the unzip
 * command (or Python's zipfile module) to read the sheet's XML and shared strings. */
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

#include "io/xlsx.h"

static const struct ent_enum clinic_kinds[] = {
    {"centre", "卫生院"},
    {"clinic", "村卫生室"},
    {NULL, NULL},
};

static const struct ent_field clinic_fields[] = {
    {.name = "name", .label = "机构名称", .type = ENT_TEXT, .flags = EF_REQUIRED},
    {.name = "kind", .label = "机构类别", .type = ENT_ENUM, .enums = clinic_kinds},
    {.name = "beds", .label = "床位数", .type = ENT_INT},
    {.name = "budget", .label = "年度预算（元）", .type = ENT_MONEY},
    {.name = "licensed", .label = "是否持证", .type = ENT_BOOL},
    {.name = "opened_on", .label = "开业日期", .type = ENT_DATE},
    {.name = "services", .label = "服务项目", .type = ENT_JSON},
    {.name = "pin", .label = "机密口令", .type = ENT_TEXT, .flags = EF_SECRET},
    {.name = "notes", .label = "内部备注", .type = ENT_TEXT, .flags = EF_NOLIST},
};

static const struct entity clinic_entity = {
    .name = "test_clinic",
    .label = "测试机构",
    .table = "test_clinics",
    .fields = clinic_fields,
    .nfields = sizeof(clinic_fields) / sizeof(clinic_fields[0]),
};

/* Member MEMBER of the zip PATH, read with unzip or Python; new malloc'd string. */
static char *zip_member(const char *path, const char *member)
{
	char cmd[1024];
	if (system("command -v unzip >/dev/null 2>&1") == 0)
		snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s'", path, member);
	else
		snprintf(cmd, sizeof(cmd),
		         "python3 -c 'import sys, zipfile; sys.stdout.buffer.write("
		         "zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' '%s' '%s'",
		         path, member);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);
	assert_non_null(out);
	size_t n;
	while ((n = fread(out + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
	}
	out[len] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

/* The parts of one exported workbook that the tests look at. */
struct workbook {
	char *sheet;   /* xl/worksheets/sheet1.xml */
	char *strings; /* xl/sharedStrings.xml */
	char *book;    /* xl/workbook.xml */
	char *styles;  /* xl/styles.xml */
};

/* Export ITEMS (stolen) under TITLE and unpack the result into WB. */
static void export(json_t *items, const char *title, struct workbook *wb)
{
	char *data = NULL;
	size_t len = 0;
	assert_int_equal(xlsx_export(&clinic_entity, items, title, &data, &len), 0);
	json_decref(items);
	assert_non_null(data);
	assert_true(len > 4);
	assert_memory_equal(data, "PK\x03\x04", 4); /* a zip */
	char path[] = "/tmp/yth-test-xlsx-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	free(data);
	wb->sheet = zip_member(path, "xl/worksheets/sheet1.xml");
	wb->strings = zip_member(path, "xl/sharedStrings.xml");
	wb->book = zip_member(path, "xl/workbook.xml");
	wb->styles = zip_member(path, "xl/styles.xml");
	unlink(path);
}

/* The cell REF ("D2") of SHEET as its XML element "<c r=...>...</c>" (or the empty
 * "<c .../>"); new malloc'd string, NULL if the sheet has no such cell. */
static char *cell(const char *sheet, const char *ref)
{
	char open[32];
	snprintf(open, sizeof(open), "<c r=\"%s\"", ref);
	const char *start = strstr(sheet, open);
	if (!start)
		return NULL;
	const char *gt = strchr(start, '>');
	assert_non_null(gt);
	const char *end = gt[-1] == '/' ? gt + 1 : strstr(start, "</c>") + 4;
	return strndup(start, (size_t)(end - start));
}

/* The Nth (0-based) element that starts with OPEN inside the part of XML that starts at
 * SECTION, as a new malloc'd copy up to its closing ">" (or "</font>" for fonts). */
static char *nth_element(const char *xml, const char *section, const char *open, long n)
{
	const char *p = strstr(xml, section);
	assert_non_null(p);
	for (long i = 0; i <= n; i++) {
		p = strstr(p + 1, open);
		assert_non_null(p);
	}
	const char *end = strcmp(open, "<font>") == 0 ? strstr(p, "</font>") : strchr(p, '>');
	assert_non_null(end);
	return strndup(p, (size_t)(end - p + 1));
}

/* The value of attribute NAME in the element ELEM, as a number. */
static long attr(const char *elem, const char *name)
{
	char key[64];
	snprintf(key, sizeof(key), " %s=\"", name);
	const char *p = strstr(elem, key);
	assert_non_null(p);
	return strtol(p + strlen(key), NULL, 10);
}

/* The cell format (<xf .../> in cellXfs) that the cell element CELL uses. New string. */
static char *cell_xf(const char *styles, const char *cell)
{
	return nth_element(styles, "<cellXfs", "<xf ", attr(cell, "s"));
}

static void workbook_free(struct workbook *wb)
{
	free(wb->sheet);
	free(wb->strings);
	free(wb->book);
	free(wb->styles);
}

static json_t *two_clinics(void)
{
	json_t *items =
	    json_pack("[{s:s, s:s, s:I, s:I, s:b, s:s, s:[s,s], s:s, s:s},"
	              " {s:s, s:s, s:I, s:I, s:b, s:n}]",
	              "name", "沙塘镇杨柳村卫生室", "kind", "clinic", "beds", (json_int_t)3,
	              "budget", (json_int_t)123456, "licensed", 1, "opened_on", "2024-03-01",
	              "services", "基本医疗", "公共卫生", "pin", "s3cr3t-pin", "notes",
	              "不应导出的备注", "name", "沙塘镇卫生院", "kind", "centre", "beds",
	              (json_int_t)40, "budget", (json_int_t)-5, "licensed", 0, "opened_on");
	assert_non_null(items);
	return items;
}

static void header_row_has_the_chinese_labels(void **state)
{
	(void)state;
	struct workbook wb;
	export(two_clinics(), "机构列表", &wb);
	const char *labels[] = {"机构名称", "机构类别", "床位数",  "年度预算（元）",
	                        "是否持证", "开业日期", "服务项目"};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		assert_non_null(strstr(wb.strings, labels[i]));
	workbook_free(&wb);
}

static void secret_and_nolist_fields_are_left_out(void **state)
{
	(void)state;
	struct workbook wb;
	export(two_clinics(), "机构列表", &wb);
	assert_null(strstr(wb.strings, "机密口令"));
	assert_null(strstr(wb.strings, "s3cr3t-pin"));
	assert_null(strstr(wb.strings, "内部备注"));
	assert_null(strstr(wb.strings, "不应导出的备注"));
	/* Seven columns: the header and the autofilter stop at G. */
	assert_non_null(strstr(wb.sheet, "<c r=\"G1\""));
	assert_null(strstr(wb.sheet, "<c r=\"H1\""));
	workbook_free(&wb);
}

static void rows_hold_text_enum_labels_bools_dates_and_arrays(void **state)
{
	(void)state;
	struct workbook wb;
	export(two_clinics(), "机构列表", &wb);
	assert_non_null(strstr(wb.strings, "沙塘镇杨柳村卫生室"));
	assert_non_null(strstr(wb.strings, "沙塘镇卫生院"));
	assert_non_null(strstr(wb.strings, ">村卫生室<")); /* enum label, not "clinic" */
	assert_non_null(strstr(wb.strings, ">卫生院<"));
	assert_null(strstr(wb.strings, ">clinic<"));
	assert_non_null(strstr(wb.strings, ">是<"));
	assert_non_null(strstr(wb.strings, ">否<"));
	assert_non_null(strstr(wb.strings, ">2024-03-01<")); /* a date stays text */
	assert_non_null(strstr(wb.strings, ">基本医疗、公共卫生<"));
	/* Shared-string cells, rows 2 and 3. */
	assert_non_null(strstr(wb.sheet, "<c r=\"A2\" t=\"s\""));
	assert_non_null(strstr(wb.sheet, "<c r=\"A3\" t=\"s\""));
	/* A null date is an empty cell, not an empty string. */
	assert_null(strstr(wb.sheet, "<c r=\"F3\""));
	workbook_free(&wb);
}

static void integers_are_numbers_and_money_is_yuan_with_two_decimals(void **state)
{
	(void)state;
	struct workbook wb;
	export(two_clinics(), "机构列表", &wb);
	char *c2 = cell(wb.sheet, "C2"), *c3 = cell(wb.sheet, "C3");
	assert_string_equal(c2, "<c r=\"C2\"><v>3</v></c>"); /* a number: no t="s" */
	assert_string_equal(c3, "<c r=\"C3\"><v>40</v></c>");
	/* 123456 fen is 1234.56 yuan, -5 fen is -0.05 yuan, both in the money style. */
	char *d2 = cell(wb.sheet, "D2"), *d3 = cell(wb.sheet, "D3");
	assert_non_null(d2);
	assert_non_null(d3);
	assert_non_null(strstr(d2, "<v>1234.56</v>"));
	assert_non_null(strstr(d3, "<v>-0.05</v>"));
	assert_null(strstr(d2, "t=\"s\""));
	/* The cell's format is 0.00: Excel's built-in number 2, or a numFmt that says so. */
	char *xf = cell_xf(wb.styles, d2);
	long id = attr(xf, "numFmtId");
	if (id != 2) {
		char want[64];
		snprintf(want, sizeof(want), "numFmtId=\"%ld\" formatCode=\"0.00\"", id);
		assert_non_null(strstr(wb.styles, want));
	}
	char *xf3 = cell_xf(wb.styles, d3);
	assert_int_equal(attr(xf3, "numFmtId"), id);
	free(xf);
	free(xf3);
	free(c2);
	free(c3);
	free(d2);
	free(d3);
	workbook_free(&wb);
}

static void header_is_bold_frozen_and_filtered(void **state)
{
	(void)state;
	struct workbook wb;
	export(two_clinics(), "机构列表", &wb);
	/* Every header cell's font is bold; a data cell's is not. */
	const char *refs[] = {"A1", "G1", "A2"};
	for (size_t i = 0; i < 3; i++) {
		char *c = cell(wb.sheet, refs[i]);
		assert_non_null(c);
		long font = 0;
		if (strstr(c, " s=\"")) {
			char *xf = cell_xf(wb.styles, c);
			font = attr(xf, "fontId");
			free(xf);
		}
		char *f = nth_element(wb.styles, "<fonts", "<font>", font);
		if (refs[i][1] == '1')
			assert_non_null(strstr(f, "<b/>"));
		else
			assert_null(strstr(f, "<b/>"));
		free(f);
		free(c);
	}
	assert_non_null(strstr(wb.sheet, "ySplit=\"1\""));
	assert_non_null(strstr(wb.sheet, "state=\"frozen\""));
	assert_non_null(strstr(wb.sheet, "<autoFilter ref=\"A1:G3\""));
	/* Every column gets a width. */
	assert_non_null(strstr(wb.sheet, "<col min=\"1\" max=\"1\" width=\""));
	assert_non_null(strstr(wb.sheet, "<col min=\"7\" max=\"7\" width=\""));
	workbook_free(&wb);
}

static void long_chinese_column_is_wider_than_a_short_one(void **state)
{
	(void)state;
	struct workbook wb;
	export(two_clinics(), "机构列表", &wb);
	/* Column A holds 9 Chinese characters, column C numbers of two digits. */
	const char *a = strstr(wb.sheet, "<col min=\"1\" max=\"1\" width=\"");
	const char *c = strstr(wb.sheet, "<col min=\"3\" max=\"3\" width=\"");
	assert_non_null(a);
	assert_non_null(c);
	double wa = strtod(a + strlen("<col min=\"1\" max=\"1\" width=\""), NULL);
	double wc = strtod(c + strlen("<col min=\"3\" max=\"3\" width=\""), NULL);
	assert_true(wa >= 18);
	assert_true(wa > wc);
	workbook_free(&wb);
}

static void sheet_is_named_for_the_title(void **state)
{
	(void)state;
	struct workbook wb;
	export(two_clinics(), "机构列表", &wb);
	assert_non_null(strstr(wb.book, "<sheet name=\"机构列表\""));
	workbook_free(&wb);
}

static void title_with_forbidden_characters_is_made_a_valid_name(void **state)
{
	(void)state;
	struct workbook wb;
	/* 35 characters, with / and : that Excel refuses: cut to 31, those become "_". */
	export(two_clinics(), "机构列表2024/05:上饶市广丰区各乡镇卫生院与村卫生室名册（全部）",
	       &wb);
	assert_non_null(strstr(
	    wb.book, "<sheet name=\"机构列表2024_05_上饶市广丰区各乡镇卫生院与村卫生室名册\""));
	workbook_free(&wb);
}

static void empty_list_gives_a_header_only_sheet(void **state)
{
	(void)state;
	struct workbook wb;
	export(json_array(), "机构列表", &wb);
	assert_non_null(strstr(wb.strings, "机构名称"));
	assert_null(strstr(wb.sheet, "<c r=\"A2\""));
	workbook_free(&wb);
}

static void items_that_are_not_an_array_of_objects_fail(void **state)
{
	(void)state;
	char *data = NULL;
	size_t len = 0;
	json_t *not_array = json_object();
	assert_int_equal(xlsx_export(&clinic_entity, not_array, "机构", &data, &len), -1);
	json_t *not_objects = json_pack("[i]", 1);
	assert_int_equal(xlsx_export(&clinic_entity, not_objects, "机构", &data, &len), -1);
	assert_null(data);
	json_decref(not_array);
	json_decref(not_objects);
}

static void no_temporary_file_is_left_behind(void **state)
{
	(void)state;
	char dir[] = "/tmp/yth-test-xlsx-dir-XXXXXX";
	assert_non_null(mkdtemp(dir));
	setenv("TMPDIR", dir, 1);
	char *data = NULL;
	size_t len = 0;
	json_t *items = two_clinics();
	assert_int_equal(xlsx_export(&clinic_entity, items, "机构", &data, &len), 0);
	json_decref(items);
	free(data);
	/* rmdir only succeeds on an empty directory. */
	assert_int_equal(rmdir(dir), 0);
	unsetenv("TMPDIR");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(header_row_has_the_chinese_labels),
	    cmocka_unit_test(secret_and_nolist_fields_are_left_out),
	    cmocka_unit_test(rows_hold_text_enum_labels_bools_dates_and_arrays),
	    cmocka_unit_test(integers_are_numbers_and_money_is_yuan_with_two_decimals),
	    cmocka_unit_test(header_is_bold_frozen_and_filtered),
	    cmocka_unit_test(long_chinese_column_is_wider_than_a_short_one),
	    cmocka_unit_test(sheet_is_named_for_the_title),
	    cmocka_unit_test(title_with_forbidden_characters_is_made_a_valid_name),
	    cmocka_unit_test(empty_list_gives_a_header_only_sheet),
	    cmocka_unit_test(items_that_are_not_an_array_of_objects_fail),
	    cmocka_unit_test(no_temporary_file_is_left_behind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
