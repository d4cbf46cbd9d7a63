/* SPDX-License-Identifier: MIT */
/* Unit tests of core/pharm_rules.c, the drugs and devices rules as pure functions:
 * first-expiry-first-out lot choice (ties, several lots, holds, expired lots, short stock),
 * expiry on the day of expiry, packages to base units, the zero mark-up price check
 * (SR-DRG-1) and the non-essential share (LB-DRG-1). */
/* cmocka needs these before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "core/pharm_rules.h"

#define TODAY "2025-06-15"

static void fefo_takes_the_earliest_expiry_first(void **state)
{
	(void)state;
	const struct fefo_lot lots[] = {
		{"lot-c", "2026-03-01", 10, false},
		{"lot-a", "2025-09-01", 10, false},
		{"lot-b", "2025-12-01", 10, false},
	};
	struct fefo_pick picks[3];
	long long short_by = -1;
	assert_int_equal(pharm_fefo(lots, 3, 4, TODAY, picks, 3, &short_by), 1);
	assert_int_equal(picks[0].index, 1);
	assert_int_equal(picks[0].quantity, 4);
	assert_int_equal(short_by, 0);
}

static void fefo_breaks_an_expiry_tie_by_lot_id(void **state)
{
	(void)state;
	const struct fefo_lot lots[] = {
		{"lot-z", "2025-09-01", 10, false},
		{"lot-m", "2025-09-01", 10, false},
	};
	struct fefo_pick picks[2];
	long long short_by;
	assert_int_equal(pharm_fefo(lots, 2, 3, TODAY, picks, 2, &short_by), 1);
	assert_int_equal(picks[0].index, 1);
}

static void fefo_spreads_one_quantity_over_several_lots(void **state)
{
	(void)state;
	const struct fefo_lot lots[] = {
		{"lot-2", "2025-12-01", 5, false},
		{"lot-1", "2025-08-01", 3, false},
		{"lot-3", "2026-12-01", 100, false},
	};
	struct fefo_pick picks[3];
	long long short_by;
	assert_int_equal(pharm_fefo(lots, 3, 10, TODAY, picks, 3, &short_by), 3);
	assert_int_equal(picks[0].index, 1);
	assert_int_equal(picks[0].quantity, 3);
	assert_int_equal(picks[1].index, 0);
	assert_int_equal(picks[1].quantity, 5);
	assert_int_equal(picks[2].index, 2);
	assert_int_equal(picks[2].quantity, 2);
}

static void fefo_skips_a_lot_on_hold(void **state)
{
	(void)state;
	const struct fefo_lot lots[] = {
		{"lot-held", "2025-07-01", 10, true},
		{"lot-ok", "2025-12-01", 10, false},
	};
	struct fefo_pick picks[2];
	long long short_by;
	assert_int_equal(pharm_fefo(lots, 2, 2, TODAY, picks, 2, &short_by), 1);
	assert_int_equal(picks[0].index, 1);
}

static void fefo_skips_an_expired_lot(void **state)
{
	(void)state;
	const struct fefo_lot lots[] = {
		{"lot-old", "2025-06-14", 10, false},
		{"lot-new", "2025-12-01", 10, false},
	};
	struct fefo_pick picks[2];
	long long short_by;
	assert_int_equal(pharm_fefo(lots, 2, 2, TODAY, picks, 2, &short_by), 1);
	assert_int_equal(picks[0].index, 1);
}

static void fefo_uses_a_lot_on_its_expiry_date(void **state)
{
	(void)state;
	const struct fefo_lot lots[] = {
		{"lot-today", TODAY, 10, false},
		{"lot-new", "2025-12-01", 10, false},
	};
	struct fefo_pick picks[2];
	long long short_by;
	assert_int_equal(pharm_fefo(lots, 2, 2, TODAY, picks, 2, &short_by), 1);
	assert_int_equal(picks[0].index, 0);
}

static void fefo_short_stock_gives_the_shortfall(void **state)
{
	(void)state;
	const struct fefo_lot lots[] = {
		{"lot-1", "2025-08-01", 3, false},
		{"lot-2", "2025-06-01", 50, false}, /* expired: does not count */
		{"lot-3", "2025-09-01", 4, false},
	};
	struct fefo_pick picks[3];
	long long short_by = 0;
	assert_int_equal(pharm_fefo(lots, 3, 10, TODAY, picks, 3, &short_by), -1);
	assert_int_equal(short_by, 3);
}

static void fefo_with_no_lots_is_short_by_everything(void **state)
{
	(void)state;
	struct fefo_pick picks[1];
	long long short_by = 0;
	assert_int_equal(pharm_fefo(NULL, 0, 7, TODAY, picks, 1, &short_by), -1);
	assert_int_equal(short_by, 7);
}

static void expiry_date_itself_is_usable_and_the_day_after_is_not(void **state)
{
	(void)state;
	assert_false(pharm_expired("2025-06-30", "2025-06-29"));
	assert_false(pharm_expired("2025-06-30", "2025-06-30"));
	assert_true(pharm_expired("2025-06-30", "2025-07-01"));
	assert_true(pharm_expired("2024-12-31", "2025-01-01"));
}

static void base_units_are_packages_times_units_per_package_plus_units(void **state)
{
	(void)state;
	assert_int_equal(pharm_to_base(3, 5, 24), 77);
	assert_int_equal(pharm_to_base(0, 5, 24), 5);
	assert_int_equal(pharm_to_base(2, 0, 1), 2);
}

static void base_unit_conversion_refuses_overflow_and_bad_input(void **state)
{
	(void)state;
	assert_int_equal(pharm_to_base(LLONG_MAX / 2, 0, 3), -1);
	assert_int_equal(pharm_to_base(LLONG_MAX / 10, LLONG_MAX, 10), -1);
	assert_int_equal(pharm_to_base(1, 0, 0), -1);
	assert_int_equal(pharm_to_base(-1, 0, 10), -1);
	assert_int_equal(pharm_to_base(1, -1, 10), -1);
}

static void price_must_equal_the_lot_cost(void **state)
{
	(void)state;
	assert_true(pharm_price_ok(125, 125));
	assert_false(pharm_price_ok(126, 125));
	assert_false(pharm_price_ok(124, 125));
	assert_true(pharm_price_ok(0, 0));
}

static void share_at_the_limit_is_allowed_and_just_over_is_not(void **state)
{
	(void)state;
	assert_true(pharm_share_ok(2, 10, 20));  /* exactly 20 % */
	assert_false(pharm_share_ok(3, 10, 20)); /* 30 % */
	assert_true(pharm_share_ok(20, 100, 20));
	assert_false(pharm_share_ok(21, 100, 20));
	assert_false(pharm_share_ok(201, 1000, 20)); /* 20.1 %: exact, no rounding */
}

static void share_of_no_items_is_allowed(void **state)
{
	(void)state;
	assert_true(pharm_share_ok(0, 0, 20));
	assert_true(pharm_share_ok(0, 0, 0));
	assert_false(pharm_share_ok(1, 1, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fefo_takes_the_earliest_expiry_first),
	    cmocka_unit_test(fefo_breaks_an_expiry_tie_by_lot_id),
	    cmocka_unit_test(fefo_spreads_one_quantity_over_several_lots),
	    cmocka_unit_test(fefo_skips_a_lot_on_hold),
	    cmocka_unit_test(fefo_skips_an_expired_lot),
	    cmocka_unit_test(fefo_uses_a_lot_on_its_expiry_date),
	    cmocka_unit_test(fefo_short_stock_gives_the_shortfall),
	    cmocka_unit_test(fefo_with_no_lots_is_short_by_everything),
	    cmocka_unit_test(expiry_date_itself_is_usable_and_the_day_after_is_not),
	    cmocka_unit_test(base_units_are_packages_times_units_per_package_plus_units),
	    cmocka_unit_test(base_unit_conversion_refuses_overflow_and_bad_input),
	    cmocka_unit_test(price_must_equal_the_lot_cost),
	    cmocka_unit_test(share_at_the_limit_is_allowed_and_just_over_is_not),
	    cmocka_unit_test(share_of_no_items_is_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
