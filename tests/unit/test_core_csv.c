/* SPDX-License-Identifier: MIT */
/* Unit tests of core/csv.c: RFC 4180 records, line numbers for "第 N 行" errors, malformed
 * input, buffer reuse across records, and quoting for writers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka needs the headers above first. */
#include <cmocka.h>

#include "core/csv.h"

/* A reader over the C string S; the string literal outlives it. */
static struct csv_reader *open_str(const char *s)
{
	struct csv_reader *r = csv_open_mem(s, strlen(s));
	assert_non_null(r);
	return r;
}

/* Read the next record and check it has the N fields in WANT. */
static void expect_record(struct csv_reader *r, size_t n, const char *const *want)
{
	char **fields = NULL;
	size_t nfields = 0;
	assert_int_equal(csv_next(r, &fields, &nfields), 1);
	assert_int_equal(nfields, n);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(fields[i], want[i]);
}

static void expect_end(struct csv_reader *r)
{
	char **fields;
	size_t nfields;
	assert_int_equal(csv_next(r, &fields, &nfields), 0);
	/* The end stays the end. */
	assert_int_equal(csv_next(r, &fields, &nfields), 0);
}

static void plain_records_with_lf(void **state)
{
	(void)state;
	struct csv_reader *r = open_str("code,name\n36,江西省\n");
	expect_record(r, 2, (const char *[]){"code", "name"});
	expect_record(r, 2, (const char *[]){"36", "江西省"});
	expect_end(r);
	csv_close(r);
}

static void crlf_line_ends_are_not_part_of_fields(void **state)
{
	(void)state;
	struct csv_reader *r = open_str("a,b\r\n1,2\r\n");
	expect_record(r, 2, (const char *[]){"a", "b"});
	expect_record(r, 2, (const char *[]){"1", "2"});
	expect_end(r);
	csv_close(r);
}

static void final_line_without_newline(void **state)
{
	(void)state;
	struct csv_reader *r = open_str("a,b\n1,最后");
	expect_record(r, 2, (const char *[]){"a", "b"});
	expect_record(r, 2, (const char *[]){"1", "最后"});
	expect_end(r);
	csv_close(r);
}

static void empty_fields_keep_their_place(void **state)
{
	(void)state;
	struct csv_reader *r = open_str(",x,,\n36,江西省,province,\n\"\"\n");
	expect_record(r, 4, (const char *[]){"", "x", "", ""});
	expect_record(r, 4, (const char *[]){"36", "江西省", "province", ""});
	expect_record(r, 1, (const char *[]){""});
	expect_end(r);
	csv_close(r);
}

static void trailing_comma_at_end_of_data_opens_an_empty_field(void **state)
{
	(void)state;
	struct csv_reader *r = open_str("a,b,");
	expect_record(r, 3, (const char *[]){"a", "b", ""});
	expect_end(r);
	csv_close(r);
}

static void quoted_fields_hold_commas_and_doubled_quotes(void **state)
{
	(void)state;
	struct csv_reader *r = open_str("\"a,b\",\"say \"\"hi\"\"\",\"\"\"\"\n");
	expect_record(r, 3, (const char *[]){"a,b", "say \"hi\"", "\""});
	expect_end(r);
	csv_close(r);
}

static void newlines_inside_quotes_are_data(void **state)
{
	(void)state;
	struct csv_reader *r = open_str("\"第一行\r\n第二行\",x\n\"a\nb\"\n");
	expect_record(r, 2, (const char *[]){"第一行\r\n第二行", "x"});
	expect_record(r, 1, (const char *[]){"a\nb"});
	expect_end(r);
	csv_close(r);
}

static void line_numbers_count_physical_lines(void **state)
{
	(void)state;
	/* Line 1 header, line 2 a record spanning lines 2–3, line 4 blank, line 5 a record. */
	struct csv_reader *r = open_str("h1,h2\r\n\"x\r\ny\",z\r\n\r\nlast,one");
	assert_int_equal(csv_line(r), 0);
	expect_record(r, 2, (const char *[]){"h1", "h2"});
	assert_int_equal(csv_line(r), 1);
	expect_record(r, 2, (const char *[]){"x\r\ny", "z"});
	assert_int_equal(csv_line(r), 2);
	expect_record(r, 2, (const char *[]){"last", "one"});
	assert_int_equal(csv_line(r), 5);
	expect_end(r);
	csv_close(r);
}

static void blank_lines_are_skipped(void **state)
{
	(void)state;
	struct csv_reader *r = open_str("\n\r\na\n\n\nb\n\n");
	expect_record(r, 1, (const char *[]){"a"});
	assert_int_equal(csv_line(r), 3);
	expect_record(r, 1, (const char *[]){"b"});
	assert_int_equal(csv_line(r), 6);
	expect_end(r);
	csv_close(r);
}

static void lone_cr_is_data(void **state)
{
	(void)state;
	struct csv_reader *r = open_str("a\rb,c\n");
	expect_record(r, 2, (const char *[]){"a\rb", "c"});
	expect_end(r);
	csv_close(r);
}

static void utf8_bom_is_skipped(void **state)
{
	(void)state;
	struct csv_reader *r = open_str("\xEF\xBB\xBF"
	                                "code,name\n");
	expect_record(r, 2, (const char *[]){"code", "name"});
	expect_end(r);
	csv_close(r);
}

static void empty_data_has_no_records(void **state)
{
	(void)state;
	struct csv_reader *r = csv_open_mem("", 0);
	assert_non_null(r);
	expect_end(r);
	csv_close(r);
}

static void unterminated_quote_fails_at_its_line(void **state)
{
	(void)state;
	char **fields;
	size_t nfields;
	struct csv_reader *r = open_str("a,b\n1,2\n3,\"never closed\n4,5\n");
	expect_record(r, 2, (const char *[]){"a", "b"});
	expect_record(r, 2, (const char *[]){"1", "2"});
	assert_null(csv_error(r));
	assert_int_equal(csv_next(r, &fields, &nfields), -1);
	assert_int_equal(csv_line(r), 3);
	assert_non_null(csv_error(r));
	assert_non_null(strstr(csv_error(r), "引号未闭合"));
	/* The failure is sticky: no record is made of what follows. */
	assert_int_equal(csv_next(r, &fields, &nfields), -1);
	csv_close(r);
}

static void text_after_closing_quote_is_malformed(void **state)
{
	(void)state;
	char **fields;
	size_t nfields;
	struct csv_reader *r = open_str("ok\n\"ab\"c,d\n");
	expect_record(r, 1, (const char *[]){"ok"});
	assert_int_equal(csv_next(r, &fields, &nfields), -1);
	assert_int_equal(csv_line(r), 2);
	assert_non_null(strstr(csv_error(r), "结束引号"));
	csv_close(r);
}

static void nul_byte_is_malformed(void **state)
{
	(void)state;
	char **fields;
	size_t nfields;
	static const char data[] = "a,b\nc,d\0e\n";
	struct csv_reader *r = csv_open_mem(data, sizeof(data) - 1);
	assert_non_null(r);
	expect_record(r, 2, (const char *[]){"a", "b"});
	assert_int_equal(csv_next(r, &fields, &nfields), -1);
	assert_int_equal(csv_line(r), 2);
	assert_non_null(csv_error(r));
	csv_close(r);
}

static void wide_record_after_narrow_ones_grows_the_buffers(void **state)
{
	(void)state;
	/* 1,000 fields of 300 bytes after a one-field record: the reused buffers must grow
	 * and the earlier record must not leak into the new one. */
	size_t nwide = 1000, width = 300;
	size_t cap = 16 + nwide * (width + 1);
	char *data = malloc(cap);
	assert_non_null(data);
	size_t len = (size_t)sprintf(data, "x\n");
	for (size_t i = 0; i < nwide; i++) {
		memset(data + len, (int)('a' + i % 26), width);
		len += width;
		data[len++] = i + 1 < nwide ? ',' : '\n';
	}
	struct csv_reader *r = csv_open_mem(data, len);
	assert_non_null(r);
	expect_record(r, 1, (const char *[]){"x"});
	char **fields;
	size_t nfields;
	assert_int_equal(csv_next(r, &fields, &nfields), 1);
	assert_int_equal(nfields, nwide);
	for (size_t i = 0; i < nwide; i++) {
		assert_int_equal(strlen(fields[i]), width);
		assert_int_equal(fields[i][0], 'a' + i % 26);
		assert_int_equal(fields[i][width - 1], 'a' + i % 26);
	}
	expect_end(r);
	csv_close(r);
	free(data);
}

static void quote_leaves_plain_text_alone(void **state)
{
	(void)state;
	char *q = csv_quote("江西省 上饶市");
	assert_string_equal(q, "江西省 上饶市");
	free(q);
	q = csv_quote("");
	assert_string_equal(q, "");
	free(q);
	q = csv_quote(NULL);
	assert_string_equal(q, "");
	free(q);
}

static void quote_wraps_special_characters(void **state)
{
	(void)state;
	char *q = csv_quote("a,b");
	assert_string_equal(q, "\"a,b\"");
	free(q);
	q = csv_quote("say \"hi\"");
	assert_string_equal(q, "\"say \"\"hi\"\"\"");
	free(q);
	q = csv_quote("two\nlines");
	assert_string_equal(q, "\"two\nlines\"");
	free(q);
	q = csv_quote("cr\r");
	assert_string_equal(q, "\"cr\r\"");
	free(q);
}

static void quoted_output_reads_back_unchanged(void **state)
{
	(void)state;
	const char *values[] = {"plain", "a,b", "\"", "多行\r\n文本", "", "x\"y,z"};
	size_t n = sizeof(values) / sizeof(values[0]);
	char line[256] = "";
	for (size_t i = 0; i < n; i++) {
		char *q = csv_quote(values[i]);
		strcat(line, q);
		strcat(line, i + 1 < n ? "," : "\r\n");
		free(q);
	}
	struct csv_reader *r = open_str(line);
	expect_record(r, n, values);
	expect_end(r);
	csv_close(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(plain_records_with_lf),
	    cmocka_unit_test(crlf_line_ends_are_not_part_of_fields),
	    cmocka_unit_test(final_line_without_newline),
	    cmocka_unit_test(empty_fields_keep_their_place),
	    cmocka_unit_test(trailing_comma_at_end_of_data_opens_an_empty_field),
	    cmocka_unit_test(quoted_fields_hold_commas_and_doubled_quotes),
	    cmocka_unit_test(newlines_inside_quotes_are_data),
	    cmocka_unit_test(line_numbers_count_physical_lines),
	    cmocka_unit_test(blank_lines_are_skipped),
	    cmocka_unit_test(lone_cr_is_data),
	    cmocka_unit_test(utf8_bom_is_skipped),
	    cmocka_unit_test(empty_data_has_no_records),
	    cmocka_unit_test(unterminated_quote_fails_at_its_line),
	    cmocka_unit_test(text_after_closing_quote_is_malformed),
	    cmocka_unit_test(nul_byte_is_malformed),
	    cmocka_unit_test(wide_record_after_narrow_ones_grows_the_buffers),
	    cmocka_unit_test(quote_leaves_plain_text_alone),
	    cmocka_unit_test(quote_wraps_special_characters),
	    cmocka_unit_test(quoted_output_reads_back_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
