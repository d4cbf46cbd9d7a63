/* SPDX-License-Identifier: MIT */
/* Unit tests of io/xlsx_read.c: workbooks made here with libxlsxwriter (strings, Chinese
 * text, numbers, dates, booleans, rich text, inline strings, empty cells, a row with a gap)
 * and archives put together by hand with libzip (a 1904 workbook, phonetic runs, a DTD,
 * too many rows, a zip bomb, a missing workbook) are read back; damaged and non-zip input
 * fails cleanly with a reason. */
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
#include <xlsxwriter.h>
#include <zip.h>

#include "io/xlsx_read.h"

/* ---- making test files ---- */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	long size = ftell(f);
	assert_true(size >= 0);
	rewind(f);
	char *buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	return buf;
}

typedef void (*fill_fn)(lxw_workbook *wb, lxw_worksheet *ws);

/* A workbook FILL writes, as bytes in memory (caller frees). CONSTANT_MEMORY makes
 * libxlsxwriter write inline strings instead of shared ones. */
static char *make_workbook(fill_fn fill, bool constant_memory, size_t *len)
{
	char path[] = "/tmp/yth-xlsx-read-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	lxw_workbook_options opt = {.constant_memory = constant_memory, .tmpdir = "/tmp"};
	lxw_workbook *wb = workbook_new_opt(path, &opt);
	assert_non_null(wb);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "人员");
	assert_non_null(ws);
	fill(wb, ws);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	char *data = read_file(path, len);
	unlink(path);
	return data;
}

/* A zip of the NULL-terminated name, content, name, content... list. */
static char *make_zip(const char *const *parts, size_t *len)
{
	char path[] = "/tmp/yth-xlsx-zip-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	int zerr;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (size_t i = 0; parts[i]; i += 2) {
		zip_source_t *src = zip_source_buffer(z, parts[i + 1], strlen(parts[i + 1]), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, parts[i], src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	char *data = read_file(path, len);
	unlink(path);
	return data;
}

#define NS   "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
#define RNS  "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define BOOK "<workbook " NS " " RNS "><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS                                                                                       \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"  \
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"  \
	"relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"

/* A hand-made workbook whose sheet holds SHEET_DATA (the inside of <sheetData>), with the
 * extra parts EXTRA (name, content pairs, NULL-terminated; may be NULL) and WORKBOOK
 * (NULL = the plain one). */
static char *hand_made(const char *workbook, const char *sheet_data, const char *const *extra,
		       size_t *len)
{
	size_t n = strlen(sheet_data) + 256;
	char *sheet = malloc(n);
	assert_non_null(sheet);
	snprintf(sheet, n, "<worksheet " NS "><sheetData>%s</sheetData></worksheet>", sheet_data);
	const char *parts[32] = {"xl/workbook.xml", workbook ? workbook : BOOK,
				 "xl/_rels/workbook.xml.rels", RELS, "xl/worksheets/sheet1.xml",
				 sheet};
	size_t k = 6;
	for (size_t i = 0; extra && extra[i] && k < 30; i++)
		parts[k++] = extra[i];
	parts[k] = NULL;
	char *data = make_zip(parts, len);
	free(sheet);
	return data;
}

static struct xlsx_sheet *read_ok(const char *data, size_t len)
{
	struct xlsx_sheet *s = NULL;
	char why[256];
	int rc = xlsx_read(data, len, &s, why, sizeof(why));
	if (rc != 0)
		fail_msg("xlsx_read failed: %s", why);
	assert_non_null(s);
	return s;
}

/* xlsx_read refuses DATA; its reason contains WANT. */
static void read_fails(const char *data, size_t len, const char *want)
{
	struct xlsx_sheet *s = NULL;
	char why[256] = "unset";
	assert_int_equal(xlsx_read(data, len, &s, why, sizeof(why)), -1);
	assert_null(s);
	if (!strstr(why, want))
		fail_msg("reason \"%s\" does not contain \"%s\"", why, want);
}

/* ---- workbooks written by libxlsxwriter ---- */

static void fill_people(lxw_workbook *wb, lxw_worksheet *ws)
{
	(void)wb;
	worksheet_write_string(ws, 0, 0, "姓名", NULL);
	worksheet_write_string(ws, 0, 1, "联系电话", NULL);
	worksheet_write_string(ws, 0, 2, "天数", NULL);
	worksheet_write_string(ws, 1, 0, "王秀英", NULL);
	worksheet_write_number(ws, 1, 1, 13800138000.0, NULL);
	worksheet_write_number(ws, 1, 2, 2.5, NULL);
	worksheet_write_string(ws, 2, 0, "  前后有空格  ", NULL);
	worksheet_write_number(ws, 2, 2, -7, NULL);
}

static void strings_and_chinese_text_are_read(void **state)
{
	(void)state;
	size_t len;
	char *data = make_workbook(fill_people, false, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_string_equal(s->name, "人员");
	assert_int_equal(s->rows, 3);
	assert_int_equal(s->cols, 3);
	assert_string_equal(xlsx_cell(s, 0, 0), "姓名");
	assert_string_equal(xlsx_cell(s, 1, 0), "王秀英");
	assert_int_equal(xlsx_cell_kind(s, 1, 0), XLSX_TEXT);
	/* Text is kept as written, spaces included: trimming is the importer's choice. */
	assert_string_equal(xlsx_cell(s, 2, 0), "  前后有空格  ");
	xlsx_sheet_free(s);
	free(data);
}

static void integral_numbers_have_no_fraction(void **state)
{
	(void)state;
	size_t len;
	char *data = make_workbook(fill_people, false, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_string_equal(xlsx_cell(s, 1, 1), "13800138000");
	assert_int_equal(xlsx_cell_kind(s, 1, 1), XLSX_NUMBER);
	assert_string_equal(xlsx_cell(s, 1, 2), "2.5");
	assert_string_equal(xlsx_cell(s, 2, 2), "-7");
	xlsx_sheet_free(s);
	free(data);
}

static void fill_gaps(lxw_workbook *wb, lxw_worksheet *ws)
{
	(void)wb;
	worksheet_write_string(ws, 0, 0, "A1", NULL);
	worksheet_write_string(ws, 0, 2, "C1", NULL);
	/* Row 2 is left out altogether; row 3 has a blank but formatted cell first. */
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	worksheet_write_blank(ws, 2, 0, bold);
	worksheet_write_string(ws, 2, 1, "B3", NULL);
	/* An empty string is no value. */
	worksheet_write_string(ws, 3, 5, "", NULL);
}

static void empty_cells_and_a_missing_row_are_empty(void **state)
{
	(void)state;
	size_t len;
	char *data = make_workbook(fill_gaps, false, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_int_equal(s->rows, 3);
	assert_int_equal(s->cols, 3);
	assert_string_equal(xlsx_cell(s, 0, 0), "A1");
	assert_string_equal(xlsx_cell(s, 0, 1), "");
	assert_int_equal(xlsx_cell_kind(s, 0, 1), XLSX_EMPTY);
	assert_string_equal(xlsx_cell(s, 0, 2), "C1");
	for (size_t c = 0; c < 3; c++)
		assert_string_equal(xlsx_cell(s, 1, c), "");
	assert_string_equal(xlsx_cell(s, 2, 0), "");
	assert_string_equal(xlsx_cell(s, 2, 1), "B3");
	/* Outside the grid: empty, not a crash. */
	assert_string_equal(xlsx_cell(s, 99, 99), "");
	assert_int_equal(xlsx_cell_kind(s, 99, 0), XLSX_EMPTY);
	xlsx_sheet_free(s);
	free(data);
}

static void fill_dates(lxw_workbook *wb, lxw_worksheet *ws)
{
	lxw_format *iso = workbook_add_format(wb);
	format_set_num_format(iso, "yyyy-mm-dd");
	lxw_format *builtin = workbook_add_format(wb);
	format_set_num_format_index(builtin, 14);
	lxw_format *chinese = workbook_add_format(wb);
	format_set_num_format(chinese, "yyyy\"年\"m\"月\"d\"日\"");
	lxw_format *stamp = workbook_add_format(wb);
	format_set_num_format(stamp, "yyyy-mm-dd hh:mm");
	lxw_format *time = workbook_add_format(wb);
	format_set_num_format(time, "[h]:mm");
	lxw_datetime birth = {1968, 2, 29, 0, 0, 0};
	lxw_datetime start = {2024, 1, 1, 0, 0, 0};
	lxw_datetime visit = {2025, 3, 15, 14, 30, 0};
	worksheet_write_datetime(ws, 0, 0, &birth, iso);
	worksheet_write_datetime(ws, 0, 1, &start, builtin);
	worksheet_write_datetime(ws, 0, 2, &birth, chinese);
	worksheet_write_datetime(ws, 0, 3, &visit, stamp);
	worksheet_write_number(ws, 0, 4, 1.5, time);
	worksheet_write_number(ws, 0, 5, 45000, NULL); /* a serial without a date format */
}

static void date_cells_are_iso_dates(void **state)
{
	(void)state;
	size_t len;
	char *data = make_workbook(fill_dates, false, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_string_equal(xlsx_cell(s, 0, 0), "1968-02-29");
	assert_int_equal(xlsx_cell_kind(s, 0, 0), XLSX_DATE);
	assert_string_equal(xlsx_cell(s, 0, 1), "2024-01-01");
	assert_int_equal(xlsx_cell_kind(s, 0, 1), XLSX_DATE);
	assert_string_equal(xlsx_cell(s, 0, 2), "1968-02-29");
	assert_int_equal(xlsx_cell_kind(s, 0, 2), XLSX_DATE);
	assert_string_equal(xlsx_cell(s, 0, 3), "2025-03-15 14:30:00");
	assert_int_equal(xlsx_cell_kind(s, 0, 3), XLSX_DATE);
	xlsx_sheet_free(s);
	free(data);
}

static void times_and_plain_numbers_are_not_dates(void **state)
{
	(void)state;
	size_t len;
	char *data = make_workbook(fill_dates, false, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_string_equal(xlsx_cell(s, 0, 4), "1.5");
	assert_int_equal(xlsx_cell_kind(s, 0, 4), XLSX_NUMBER);
	assert_string_equal(xlsx_cell(s, 0, 5), "45000");
	assert_int_equal(xlsx_cell_kind(s, 0, 5), XLSX_NUMBER);
	xlsx_sheet_free(s);
	free(data);
}

static void fill_booleans_and_runs(lxw_workbook *wb, lxw_worksheet *ws)
{
	lxw_format *red = workbook_add_format(wb);
	format_set_font_color(red, LXW_COLOR_RED);
	worksheet_write_boolean(ws, 0, 0, 1, NULL);
	worksheet_write_boolean(ws, 0, 1, 0, NULL);
	lxw_rich_string_tuple a = {.format = NULL, .string = "沙塘"};
	lxw_rich_string_tuple b = {.format = red, .string = "村卫生室"};
	lxw_rich_string_tuple *runs[] = {&a, &b, NULL};
	worksheet_write_rich_string(ws, 0, 2, runs, NULL);
	worksheet_write_formula_str(ws, 0, 3, "=\"公式\"", NULL, "公式");
}

static void booleans_rich_text_and_formula_results_are_read(void **state)
{
	(void)state;
	size_t len;
	char *data = make_workbook(fill_booleans_and_runs, false, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_string_equal(xlsx_cell(s, 0, 0), "true");
	assert_int_equal(xlsx_cell_kind(s, 0, 0), XLSX_BOOL);
	assert_string_equal(xlsx_cell(s, 0, 1), "false");
	assert_string_equal(xlsx_cell(s, 0, 2), "沙塘村卫生室");
	assert_string_equal(xlsx_cell(s, 0, 3), "公式");
	xlsx_sheet_free(s);
	free(data);
}

static void inline_strings_are_read(void **state)
{
	(void)state;
	size_t len;
	char *data = make_workbook(fill_people, true, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_string_equal(xlsx_cell(s, 1, 0), "王秀英");
	assert_string_equal(xlsx_cell(s, 1, 1), "13800138000");
	xlsx_sheet_free(s);
	free(data);
}

/* ---- hand-made archives ---- */

static void first_sheet_in_tab_order_is_read(void **state)
{
	(void)state;
	const char *book = "<workbook " NS " " RNS "><sheets>"
			   "<sheet name=\"首页\" sheetId=\"2\" r:id=\"rId7\"/>"
			   "<sheet name=\"其他\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	const char *rels =
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId7\" Type=\"x/worksheet\" Target=\"/xl/worksheets/first.xml\"/>"
		"</Relationships>";
	const char *parts[] = {"xl/workbook.xml", book, "xl/_rels/workbook.xml.rels", rels,
			       "xl/worksheets/sheet1.xml",
			       "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"
			       "wrong</t></is></c></row></sheetData></worksheet>",
			       "xl/worksheets/first.xml",
			       "<worksheet><sheetData><row r=\"1\"><c r=\"B1\" t=\"inlineStr\"><is><t>"
			       "right</t></is></c></row></sheetData></worksheet>",
			       NULL};
	size_t len;
	char *data = make_zip(parts, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_string_equal(s->name, "首页");
	assert_string_equal(xlsx_cell(s, 0, 1), "right");
	xlsx_sheet_free(s);
	free(data);
}

static void phonetic_runs_are_not_text(void **state)
{
	(void)state;
	const char *extra[] = {"xl/sharedStrings.xml",
			       "<sst " NS "><si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh>"
			       "</si><si><r><t xml:space=\"preserve\">a </t></r><r><t>b</t></r></si></sst>",
			       NULL};
	size_t len;
	char *data = hand_made(NULL,
			       "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1"
			       "</v></c></row>",
			       extra, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_string_equal(xlsx_cell(s, 0, 0), "漢字");
	assert_string_equal(xlsx_cell(s, 0, 1), "a b");
	xlsx_sheet_free(s);
	free(data);
}

static void cells_without_references_follow_each_other(void **state)
{
	(void)state;
	size_t len;
	char *data = hand_made(NULL,
			       "<row><c t=\"inlineStr\"><is><t>x</t></is></c><c><v>1</v></c></row>"
			       "<row><c r=\"C2\"><v>2</v></c><c><v>3</v></c></row>",
			       NULL, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_int_equal(s->rows, 2);
	assert_int_equal(s->cols, 4);
	assert_string_equal(xlsx_cell(s, 0, 0), "x");
	assert_string_equal(xlsx_cell(s, 0, 1), "1");
	assert_string_equal(xlsx_cell(s, 1, 2), "2");
	assert_string_equal(xlsx_cell(s, 1, 3), "3");
	xlsx_sheet_free(s);
	free(data);
}

static void dates_of_a_1904_workbook(void **state)
{
	(void)state;
	const char *book = "<workbook " NS " " RNS "><workbookPr date1904=\"1\"/><sheets><sheet "
			   "name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	const char *extra[] = {"xl/styles.xml",
			       "<styleSheet " NS "><cellXfs count=\"2\"><xf numFmtId=\"0\"/>"
			       "<xf numFmtId=\"14\"/></cellXfs></styleSheet>",
			       NULL};
	size_t len;
	char *data = hand_made(book, "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c></row>", extra,
			       &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_true(s->date1904);
	assert_string_equal(xlsx_cell(s, 0, 0), "1904-01-01");
	xlsx_sheet_free(s);
	free(data);
}

static void serial_dates_around_excel_1900_leap_day(void **state)
{
	(void)state;
	char out[11];
	assert_true(xlsx_serial_date(1, false, out));
	assert_string_equal(out, "1900-01-01");
	assert_true(xlsx_serial_date(59, false, out));
	assert_string_equal(out, "1900-02-28");
	/* Excel's 1900-02-29 never existed. */
	assert_false(xlsx_serial_date(60, false, out));
	assert_true(xlsx_serial_date(61, false, out));
	assert_string_equal(out, "1900-03-01");
	assert_true(xlsx_serial_date(45000.75, false, out));
	assert_string_equal(out, "2023-03-15");
	assert_false(xlsx_serial_date(0, false, out));
	assert_false(xlsx_serial_date(-1, false, out));
	assert_true(xlsx_serial_date(2958465, false, out));
	assert_string_equal(out, "9999-12-31");
	assert_false(xlsx_serial_date(2958466, false, out));
	assert_true(xlsx_serial_date(0, true, out));
	assert_string_equal(out, "1904-01-01");
}

static void non_zip_is_refused(void **state)
{
	(void)state;
	read_fails("姓名,性别\n张三,男\n", strlen("姓名,性别\n张三,男\n"), "不是 Excel 工作簿");
	read_fails("", 0, "不是 Excel 工作簿");
}

static void truncated_zip_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *data = make_workbook(fill_people, false, &len);
	/* The central directory is at the end: without it there is no archive. */
	read_fails(data, len / 2, "已损坏");
	free(data);
}

static void damaged_member_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *data = hand_made(NULL,
			       "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>"
			       "damaged-damaged-damaged-damaged-damaged</t></is></c></row>",
			       NULL, &len);
	/* Flip bytes in the stored text of the worksheet (stored or deflated, the checksum no
	 * longer matches). */
	char *at = memmem(data, len, "xl/worksheets/sheet1.xml", 24);
	assert_non_null(at);
	at += 24;
	for (size_t i = 0; i < 24 && at + i < data + len; i++)
		at[i] ^= 0x5A;
	struct xlsx_sheet *s = NULL;
	char why[256] = "";
	assert_int_equal(xlsx_read(data, len, &s, why, sizeof(why)), -1);
	assert_null(s);
	assert_true(why[0] != '\0');
	free(data);
}

static void archive_without_a_workbook_is_refused(void **state)
{
	(void)state;
	const char *parts[] = {"hello.txt", "not a workbook", NULL};
	size_t len;
	char *data = make_zip(parts, &len);
	read_fails(data, len, "缺少 xl/workbook.xml");
	free(data);
}

static void document_type_definitions_are_refused(void **state)
{
	(void)state;
	const char *bomb = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\">"
			   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><worksheet><sheetData><row>"
			   "<c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>";
	const char *parts[] = {"xl/workbook.xml", BOOK, "xl/_rels/workbook.xml.rels", RELS,
			       "xl/worksheets/sheet1.xml", bomb, NULL};
	size_t len;
	char *data = make_zip(parts, &len);
	read_fails(data, len, "DTD");
	free(data);
}

static void more_than_the_row_limit_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *data = hand_made(NULL, "<row r=\"100001\"><c r=\"A100001\"><v>1</v></c></row>", NULL,
			       &len);
	read_fails(data, len, "超过 100000 行");
	free(data);
	/* Formatting far below the data is no value and no reason to refuse. */
	data = hand_made(NULL,
			 "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
			 "<row r=\"1048576\"><c r=\"XFD1048576\" s=\"0\"/></row>",
			 NULL, &len);
	struct xlsx_sheet *s = read_ok(data, len);
	assert_int_equal(s->rows, 1);
	assert_int_equal(s->cols, 1);
	xlsx_sheet_free(s);
	free(data);
}

static void zip_bomb_is_refused_without_inflating_it_all(void **state)
{
	(void)state;
	/* 60 MB of white space inside the sheet: a few kilobytes once compressed. */
	size_t n = 60u * 1024 * 1024;
	char *sheet = malloc(n + 128);
	assert_non_null(sheet);
	size_t used = (size_t)sprintf(sheet, "<worksheet><sheetData>");
	memset(sheet + used, ' ', n);
	used += n;
	strcpy(sheet + used, "</sheetData></worksheet>");
	const char *parts[] = {"xl/workbook.xml", BOOK, "xl/_rels/workbook.xml.rels", RELS,
			       "xl/worksheets/sheet1.xml", sheet, NULL};
	size_t len;
	char *data = make_zip(parts, &len);
	free(sheet);
	assert_true(len < 1024 * 1024);
	read_fails(data, len, "超过 50 MB");
	free(data);
}

static void shared_string_out_of_range_is_refused(void **state)
{
	(void)state;
	const char *extra[] = {"xl/sharedStrings.xml", "<sst " NS "><si><t>一</t></si></sst>", NULL};
	size_t len;
	char *data = hand_made(NULL, "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row>", extra,
			       &len);
	read_fails(data, len, "共享字符串");
	free(data);
}

static void bad_cell_reference_is_refused(void **state)
{
	(void)state;
	size_t len;
	char *data = hand_made(NULL, "<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>", NULL, &len);
	read_fails(data, len, "无效");
	free(data);
}

static void malformed_sheet_xml_is_refused(void **state)
{
	(void)state;
	const char *parts[] = {"xl/workbook.xml", BOOK, "xl/_rels/workbook.xml.rels", RELS,
			       "xl/worksheets/sheet1.xml", "<worksheet><sheetData><row>", NULL};
	size_t len;
	char *data = make_zip(parts, &len);
	read_fails(data, len, "不是有效的 XML");
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strings_and_chinese_text_are_read),
		cmocka_unit_test(integral_numbers_have_no_fraction),
		cmocka_unit_test(empty_cells_and_a_missing_row_are_empty),
		cmocka_unit_test(date_cells_are_iso_dates),
		cmocka_unit_test(times_and_plain_numbers_are_not_dates),
		cmocka_unit_test(booleans_rich_text_and_formula_results_are_read),
		cmocka_unit_test(inline_strings_are_read),
		cmocka_unit_test(first_sheet_in_tab_order_is_read),
		cmocka_unit_test(phonetic_runs_are_not_text),
		cmocka_unit_test(cells_without_references_follow_each_other),
		cmocka_unit_test(dates_of_a_1904_workbook),
		cmocka_unit_test(serial_dates_around_excel_1900_leap_day),
		cmocka_unit_test(non_zip_is_refused),
		cmocka_unit_test(truncated_zip_is_refused),
		cmocka_unit_test(damaged_member_is_refused),
		cmocka_unit_test(archive_without_a_workbook_is_refused),
		cmocka_unit_test(document_type_definitions_are_refused),
		cmocka_unit_test(more_than_the_row_limit_is_refused),
		cmocka_unit_test(zip_bomb_is_refused_without_inflating_it_all),
		cmocka_unit_test(shared_string_out_of_range_is_refused),
		cmocka_unit_test(bad_cell_reference_is_refused),
		cmocka_unit_test(malformed_sheet_xml_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
