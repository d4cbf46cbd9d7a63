/* SPDX-License-Identifier: MIT */
/* Unit tests of core/books.c, the bookkeeping rules as pure functions: a voucher's lines
 * balancing to the fen (one fen off, a line with both sides or neither, a negative amount,
 * too few lines, overflow), the posting hash that chains a book (it changes when any field
 * does, NULL and "" differ, it depends on the previous hash), accounting periods (year,
 * quarter, month, leap February, bad text), days between dates and the next month. */
/* cmocka needs these before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/books.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- balancing ---- */

static void two_lines_that_balance_pass_with_their_total(void **state)
{
	(void)state;
	int64_t dr[] = {12345, 0}, cr[] = {0, 12345}, total = 0;
	size_t bad = 99;
	assert_int_equal(books_check_lines(dr, cr, 2, &total, &bad), BOOKS_OK);
	assert_int_equal(total, 12345);
}

static void many_lines_balance_to_the_fen(void **state)
{
	(void)state;
	int64_t dr[] = {10001, 0, 0, 20002}, cr[] = {0, 15000, 15003, 0}, total = 0;
	size_t bad = 0;
	assert_int_equal(books_check_lines(dr, cr, N(dr), &total, &bad), BOOKS_OK);
	assert_int_equal(total, 30003);
}

static void one_fen_more_debit_is_refused(void **state)
{
	(void)state;
	int64_t dr[] = {10001, 0}, cr[] = {0, 10000}, total = 0;
	size_t bad = 0;
	assert_int_equal(books_check_lines(dr, cr, 2, &total, &bad), BOOKS_UNBALANCED);
	assert_int_equal(total, 1);
}

static void one_fen_more_credit_is_refused(void **state)
{
	(void)state;
	int64_t dr[] = {10000, 0, 0}, cr[] = {0, 5000, 5001}, total = 0;
	size_t bad = 0;
	assert_int_equal(books_check_lines(dr, cr, 3, &total, &bad), BOOKS_UNBALANCED);
	assert_int_equal(total, -1);
}

static void a_line_with_both_sides_is_refused(void **state)
{
	(void)state;
	int64_t dr[] = {100, 50, 0}, cr[] = {0, 50, 100}, total = 0;
	size_t bad = 99;
	assert_int_equal(books_check_lines(dr, cr, 3, &total, &bad), BOOKS_ONE_SIDED);
	assert_int_equal(bad, 1);
}

static void a_line_with_neither_side_is_refused(void **state)
{
	(void)state;
	int64_t dr[] = {100, 0, 0}, cr[] = {0, 100, 0}, total = 0;
	size_t bad = 99;
	assert_int_equal(books_check_lines(dr, cr, 3, &total, &bad), BOOKS_ONE_SIDED);
	assert_int_equal(bad, 2);
}

static void a_negative_amount_is_refused(void **state)
{
	(void)state;
	/* -100 credit against a 0 debit would "balance" a debit of -100 the other way. */
	int64_t dr[] = {-100, 0}, cr[] = {0, -100}, total = 0;
	size_t bad = 99;
	assert_int_equal(books_check_lines(dr, cr, 2, &total, &bad), BOOKS_ONE_SIDED);
	assert_int_equal(bad, 0);
}

static void fewer_than_two_lines_are_refused(void **state)
{
	(void)state;
	int64_t dr[] = {100}, cr[] = {0}, total = 0;
	size_t bad = 0;
	assert_int_equal(books_check_lines(dr, cr, 1, &total, &bad), BOOKS_TOO_FEW);
	assert_int_equal(books_check_lines(dr, cr, 0, &total, &bad), BOOKS_TOO_FEW);
}

static void totals_beyond_int64_are_refused(void **state)
{
	(void)state;
	int64_t dr[] = {INT64_MAX, 1, 0}, cr[] = {0, 0, 1}, total = 0;
	size_t bad = 0;
	assert_int_equal(books_check_lines(dr, cr, 3, &total, &bad), BOOKS_OVERFLOW);
}

/* ---- the posting hash ---- */

static const struct books_posting base = {
    .book_id = "01900000-0000-7000-8000-000000000001",
    .seq = 7,
    .voucher_id = "01900000-0000-7000-8000-000000000002",
    .year = 2026,
    .serial = 3,
    .voucher_date = "2026-07-15",
    .kind = "general",
    .summary = "收到其他收入",
    .source_doc = "附件 12",
    .reverses_id = NULL,
    .line_no = 1,
    .account_code = "1002",
    .debit_fen = 12345,
    .credit_fen = 0,
    .memo = "银行回单",
    .created_at = "2026-07-15T08:00:00Z",
    .created_by = "finance",
};

static void hash_of(const struct books_posting *p, char out[65])
{
	books_posting_hash(books_genesis, p, out);
}

static void the_hash_is_64_lowercase_hex_and_repeatable(void **state)
{
	(void)state;
	char a[65], b[65];
	hash_of(&base, a);
	hash_of(&base, b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 64);
	for (size_t i = 0; i < 64; i++)
		assert_true((a[i] >= '0' && a[i] <= '9') || (a[i] >= 'a' && a[i] <= 'f'));
	assert_int_equal(strlen(books_genesis), 64);
	assert_int_equal(strspn(books_genesis, "0"), 64);
}

static void the_hash_depends_on_the_previous_hash(void **state)
{
	(void)state;
	char a[65], b[65], prev[65];
	hash_of(&base, a);
	memcpy(prev, books_genesis, sizeof(prev));
	prev[63] = '1';
	books_posting_hash(prev, &base, b);
	assert_string_not_equal(a, b);
}

static void the_hash_changes_when_any_field_changes(void **state)
{
	(void)state;
	char original[65], changed[65];
	hash_of(&base, original);
	struct books_posting variants[17];
	for (size_t i = 0; i < N(variants); i++)
		variants[i] = base;
	size_t k = 0;
	variants[k++].book_id = "01900000-0000-7000-8000-000000000009";
	variants[k++].seq = 8;
	variants[k++].voucher_id = "01900000-0000-7000-8000-000000000003";
	variants[k++].year = 2025;
	variants[k++].serial = 4;
	variants[k++].voucher_date = "2026-07-16";
	variants[k++].kind = "expense";
	variants[k++].summary = "收到其他收入。";
	variants[k++].source_doc = "附件 13";
	variants[k++].reverses_id = "01900000-0000-7000-8000-000000000004";
	variants[k++].line_no = 2;
	variants[k++].account_code = "1001";
	variants[k++].debit_fen = 12346;
	variants[k++].credit_fen = 1;
	variants[k++].memo = "银行回单 ";
	variants[k++].created_at = "2026-07-15T08:00:01Z";
	variants[k++].created_by = "finance2";
	assert_int_equal(k, N(variants));
	for (size_t i = 0; i < N(variants); i++) {
		hash_of(&variants[i], changed);
		if (strcmp(original, changed) == 0)
			fail_msg("changing field %zu left the hash unchanged", i);
	}
}

static void null_and_empty_text_hash_differently(void **state)
{
	(void)state;
	char with_null[65], with_empty[65], with_dash[65];
	struct books_posting p = base;
	p.memo = NULL;
	hash_of(&p, with_null);
	p.memo = "";
	hash_of(&p, with_empty);
	p.memo = "-";
	hash_of(&p, with_dash);
	assert_string_not_equal(with_null, with_empty);
	assert_string_not_equal(with_null, with_dash);
	assert_string_not_equal(with_empty, with_dash);
}

static void text_moved_between_fields_changes_the_hash(void **state)
{
	(void)state;
	/* Length prefixes: "ab" + "c" is not "a" + "bc". */
	char a[65], b[65];
	struct books_posting p = base;
	p.summary = "收入ab";
	p.source_doc = "c";
	hash_of(&p, a);
	p.summary = "收入a";
	p.source_doc = "bc";
	hash_of(&p, b);
	assert_string_not_equal(a, b);
}

static void debit_and_credit_swapped_change_the_hash(void **state)
{
	(void)state;
	char a[65], b[65];
	struct books_posting p = base;
	p.debit_fen = 500;
	p.credit_fen = 0;
	hash_of(&p, a);
	p.debit_fen = 0;
	p.credit_fen = 500;
	hash_of(&p, b);
	assert_string_not_equal(a, b);
}

/* ---- periods ---- */

static void assert_period(const char *text, const char *from, const char *to)
{
	char f[11] = "", t[11] = "";
	if (!books_period(text, f, t))
		fail_msg("%s was refused", text);
	assert_string_equal(f, from);
	assert_string_equal(t, to);
}

static void a_year_runs_from_january_to_december(void **state)
{
	(void)state;
	assert_period("2026", "2026-01-01", "2026-12-31");
}

static void quarters_end_on_their_last_day(void **state)
{
	(void)state;
	assert_period("2026-Q1", "2026-01-01", "2026-03-31");
	assert_period("2026-Q2", "2026-04-01", "2026-06-30");
	assert_period("2026-Q3", "2026-07-01", "2026-09-30");
	assert_period("2026-Q4", "2026-10-01", "2026-12-31");
}

static void months_have_their_lengths(void **state)
{
	(void)state;
	assert_period("2026-01", "2026-01-01", "2026-01-31");
	assert_period("2026-04", "2026-04-01", "2026-04-30");
	assert_period("2026-12", "2026-12-01", "2026-12-31");
}

static void february_has_29_days_in_leap_years_only(void **state)
{
	(void)state;
	assert_period("2024-02", "2024-02-01", "2024-02-29");
	assert_period("2026-02", "2026-02-01", "2026-02-28");
	assert_period("2000-02", "2000-02-01", "2000-02-29"); /* divisible by 400 */
	assert_period("2100-02", "2100-02-01", "2100-02-28"); /* by 100, not by 400 */
	assert_period("2024-Q1", "2024-01-01", "2024-03-31");
}

static void bad_periods_are_refused(void **state)
{
	(void)state;
	const char *bad[] = {"",           "26",      "20266",   "2026-13", "2026-00",
	                     "2026-Q0",    "2026-Q5", "2026-q3", "2026-7",  "2026/07",
	                     "2026-07-01", "abcd",    "2026-Qx", "2026 ",   " 2026",
	                     "2026-+7",    "2026- 7", "+2026",   "2026-Q+"};
	char f[11], t[11];
	for (size_t i = 0; i < N(bad); i++)
		if (books_period(bad[i], f, t))
			fail_msg("\"%s\" was accepted", bad[i]);
	assert_false(books_period(NULL, f, t));
}

/* ---- days and months ---- */

static void days_between_counts_leap_days_and_year_ends(void **state)
{
	(void)state;
	assert_int_equal(books_days_between("2026-07-01", "2026-07-01"), 0);
	assert_int_equal(books_days_between("2026-07-01", "2026-07-31"), 30);
	assert_int_equal(books_days_between("2026-07-31", "2026-07-01"), -30);
	assert_int_equal(books_days_between("2024-02-28", "2024-03-01"), 2);
	assert_int_equal(books_days_between("2026-02-28", "2026-03-01"), 1);
	assert_int_equal(books_days_between("2025-12-31", "2026-01-01"), 1);
	assert_int_equal(books_days_between("2024-01-01", "2025-01-01"), 366);
	assert_int_equal(books_days_between("2026-01-01", "2027-01-01"), 365);
	assert_int_equal(books_days_between("1970-01-01", "2000-01-01"), 10957);
}

static void next_month_crosses_the_year(void **state)
{
	(void)state;
	char out[8];
	books_next_month("2026-07", out);
	assert_string_equal(out, "2026-08");
	books_next_month("2026-12", out);
	assert_string_equal(out, "2027-01");
	books_next_month("2026-09", out);
	assert_string_equal(out, "2026-10");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(two_lines_that_balance_pass_with_their_total),
	    cmocka_unit_test(many_lines_balance_to_the_fen),
	    cmocka_unit_test(one_fen_more_debit_is_refused),
	    cmocka_unit_test(one_fen_more_credit_is_refused),
	    cmocka_unit_test(a_line_with_both_sides_is_refused),
	    cmocka_unit_test(a_line_with_neither_side_is_refused),
	    cmocka_unit_test(a_negative_amount_is_refused),
	    cmocka_unit_test(fewer_than_two_lines_are_refused),
	    cmocka_unit_test(totals_beyond_int64_are_refused),
	    cmocka_unit_test(the_hash_is_64_lowercase_hex_and_repeatable),
	    cmocka_unit_test(the_hash_depends_on_the_previous_hash),
	    cmocka_unit_test(the_hash_changes_when_any_field_changes),
	    cmocka_unit_test(null_and_empty_text_hash_differently),
	    cmocka_unit_test(text_moved_between_fields_changes_the_hash),
	    cmocka_unit_test(debit_and_credit_swapped_change_the_hash),
	    cmocka_unit_test(a_year_runs_from_january_to_december),
	    cmocka_unit_test(quarters_end_on_their_last_day),
	    cmocka_unit_test(months_have_their_lengths),
	    cmocka_unit_test(february_has_29_days_in_leap_years_only),
	    cmocka_unit_test(bad_periods_are_refused),
	    cmocka_unit_test(days_between_counts_leap_days_and_year_ends),
	    cmocka_unit_test(next_month_crosses_the_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
