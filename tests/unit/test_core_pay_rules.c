/* SPDX-License-Identifier: MIT */
/* Unit tests of core/pay_rules.c, the pay of village doctors as pure functions: days paid
 * (an exit on the 17th, a start inside the month, nothing after an exit or a contract's
 * end, LB-STF-7), a full month, proration rounding half up to the fen, a dispatched doctor
 * paid like one on a labour contract (LB-FIN-1), insured against not (LB-FIN-2), the
 * assessment percentage, shares of a pool that sum exactly, and the city / district split
 * of odd totals (LB-FIN-3). The parameters are read from the repository's Liubei profile,
 * so these tests also pin what the profile says. */
/* cmocka needs these before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pay_rules.h"
#include "org/org.h"

#define LIUBEI   "450205"
#define HENGFENG "361125"

static int load_profiles(void **state)
{
	(void)state;
	struct app_error err;
	const char *root = getenv("YTH_ROOT");
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/profiles", root && *root ? root : ".");
	return org_profiles_load(dir, &err) == 2 ? 0 : -1;
}

static int unload_profiles(void **state)
{
	(void)state;
	org_profiles_free();
	return 0;
}

/* The pay group of Liubei's profile, as the payroll reads it. */
static struct pay_params liubei(void)
{
	const json_t *p = org_profile_for(LIUBEI, "2026-01-01");
	assert_non_null(p);
	assert_true(json_is_object(org_profile_group(p, "pay")));
	return (struct pay_params){
	    .base_monthly_fen = org_profile_param_in(p, "pay", "base_monthly_fen", -1),
	    .employer_si_bp = org_profile_param_in(p, "pay", "employer_si_bp", -1),
	    .personal_si_bp = org_profile_param_in(p, "pay", "personal_si_bp", -1),
	    .old_age_subsidy_monthly_fen =
		org_profile_param_in(p, "pay", "old_age_subsidy_monthly_fen", -1),
	};
}

/* ---- the profiles ---- */

static void liubei_sets_the_pay_parameters(void **state)
{
	(void)state;
	struct pay_params p = liubei();
	assert_int_equal(p.base_monthly_fen, 180000);
	assert_int_equal(p.employer_si_bp, 2340);
	assert_int_equal(p.personal_si_bp, 1050);
	assert_int_equal(p.old_age_subsidy_monthly_fen, 20000);
	const json_t *g = org_profile_group(org_profile_for(LIUBEI, "2026-01-01"), "pay");
	assert_string_equal(json_string_value(json_object_get(g, "performance_period")), "quarter");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(g, "city_district_split"),
							   0)),
			 1);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(g, "city_district_split"),
							   1)),
			 1);
}

static void shangrao_sets_no_village_pay(void **state)
{
	(void)state;
	const json_t *p = org_profile_for(HENGFENG, "2026-01-01");
	assert_non_null(p);
	assert_true(json_is_null(org_profile_group(p, "pay")));
}

/* ---- the calendar and days paid ---- */

static void months_have_their_real_length(void **state)
{
	(void)state;
	char first[11], last[11];
	int days;
	assert_int_equal(pay_month_bounds("2026-02", first, last, &days), 0);
	assert_string_equal(first, "2026-02-01");
	assert_string_equal(last, "2026-02-28");
	assert_int_equal(days, 28);
	assert_int_equal(pay_month_bounds("2028-02", first, last, &days), 0);
	assert_int_equal(days, 29);
	assert_int_equal(pay_days_in_month(2100, 2), 28);
	assert_int_equal(pay_days_in_month(2000, 2), 29);
	assert_int_equal(pay_month_bounds("2026-13", first, last, &days), -1);
	assert_int_equal(pay_month_bounds("2026-1", first, last, &days), -1);
}

static void day_numbers_round_trip(void **state)
{
	(void)state;
	int64_t n;
	char back[11];
	assert_int_equal(pay_day_number("1970-01-01", &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(pay_day_number("2024-02-29", &n), 0);
	pay_date_of(n, back);
	assert_string_equal(back, "2024-02-29");
	pay_date_of(n + 1, back);
	assert_string_equal(back, "2024-03-01");
	assert_int_equal(pay_day_number("2026-02-29", &n), -1);
}

static void a_full_month_is_every_day(void **state)
{
	(void)state;
	assert_int_equal(pay_days_covered("2026-09-01", "2026-09-30", "2021-08-01", "2028-12-31",
					  NULL),
			 30);
	assert_int_equal(pay_days_covered("2026-10-01", "2026-10-31", "2021-08-01", "2028-12-31",
					  NULL),
			 31);
}

static void an_exit_on_the_17th_pays_17_days(void **state)
{
	(void)state;
	/* The exit date is the last day paid, nothing after it (LB-STF-7). */
	assert_int_equal(pay_days_covered("2026-09-01", "2026-09-30", "2021-08-01", "2028-12-31",
					  "2026-09-17"),
			 17);
	assert_int_equal(pay_days_covered("2026-10-01", "2026-10-31", "2021-08-01", "2028-12-31",
					  "2026-10-17"),
			 17);
	/* A contract ended on the 17th the same. */
	assert_int_equal(pay_days_covered("2026-10-01", "2026-10-31", "2021-08-01", "2026-10-17",
					  NULL),
			 17);
	/* Exited before the month: nothing; on the 1st: one day. */
	assert_int_equal(pay_days_covered("2026-10-01", "2026-10-31", "2021-08-01", "2028-12-31",
					  "2026-09-30"),
			 0);
	assert_int_equal(pay_days_covered("2026-10-01", "2026-10-31", "2021-08-01", "2028-12-31",
					  "2026-10-01"),
			 1);
}

static void a_start_inside_the_month_counts_from_it(void **state)
{
	(void)state;
	assert_int_equal(pay_days_covered("2026-10-01", "2026-10-31", "2026-10-15", "2028-12-31",
					  NULL),
			 17);
	assert_int_equal(pay_days_covered("2026-10-01", "2026-10-31", "2026-11-01", "2028-12-31",
					  NULL),
			 0);
}

static void a_quarter_has_92_days_in_the_third(void **state)
{
	(void)state;
	assert_int_equal(pay_days_covered("2026-07-01", "2026-09-30", "2021-08-01", "2028-12-31",
					  NULL),
			 92);
	assert_int_equal(pay_days_covered("2026-07-01", "2026-09-30", "2021-08-01", "2028-12-31",
					  "2026-08-15"),
			 46);
}

/* ---- proration and a month's slip ---- */

static void proration_rounds_half_up_to_the_fen(void **state)
{
	(void)state;
	assert_int_equal(pay_prorate(15, 1, 30), 1); /* 0.5 fen → 1 */
	assert_int_equal(pay_prorate(14, 1, 30), 0); /* 0.47 fen → 0 */
	assert_int_equal(pay_prorate(45, 1, 30), 2); /* 1.5 fen → 2 */
	assert_int_equal(pay_prorate(180000, 17, 30), 102000);
	assert_int_equal(pay_prorate(180000, 17, 31), 98710); /* 98,709.68 */
	assert_int_equal(pay_prorate(180000, 31, 31), 180000);
	assert_int_equal(pay_prorate(180000, 0, 31), 0);
	assert_int_equal(pay_prorate(180000, 17, 0), 0);
}

static void a_full_month_pays_the_whole_base(void **state)
{
	(void)state;
	struct pay_params p = liubei();
	struct pay_slip s;
	struct pay_input in = {.days_in_month = 30, .days_paid = 30, .assessment_pct = 100};
	pay_compute(&p, &in, &s);
	assert_int_equal(s.base_fen, 180000);
	assert_int_equal(s.performance_fen, 0);
	assert_int_equal(s.old_age_subsidy_fen, 20000);
	assert_int_equal(s.gross_fen, 200000);
	assert_int_equal(s.net_fen, 200000);
	in.performance_share_fen = 123456;
	in.increment_share_fen = 7890;
	pay_compute(&p, &in, &s);
	assert_int_equal(s.performance_fen, 123456);
	assert_int_equal(s.increment_fen, 7890);
	assert_int_equal(s.gross_fen, 180000 + 123456 + 7890 + 20000);
	assert_int_equal(s.net_fen, s.gross_fen);
}

static void an_exit_on_the_17th_prorates_base_and_subsidy(void **state)
{
	(void)state;
	struct pay_params p = liubei();
	struct pay_slip s;
	struct pay_input in = {.days_in_month = 31, .days_paid = 17, .assessment_pct = 100};
	pay_compute(&p, &in, &s);
	assert_int_equal(s.base_fen, 98710);            /* 180,000 × 17/31 = 98,709.68 */
	assert_int_equal(s.old_age_subsidy_fen, 10968); /* 20,000 × 17/31 = 10,967.74 */
	assert_int_equal(s.gross_fen, 109678);
	in.days_in_month = 30;
	pay_compute(&p, &in, &s);
	assert_int_equal(s.base_fen, 102000);
	assert_int_equal(s.old_age_subsidy_fen, 11333); /* 11,333.33 */
	/* Days paid beyond the month are not paid either. */
	in.days_paid = 40;
	pay_compute(&p, &in, &s);
	assert_int_equal(s.base_fen, 180000);
}

static void a_dispatched_doctor_is_paid_like_a_labour_contract(void **state)
{
	(void)state;
	/* LB-FIN-1: 派驻 staff 执行“乡聘村用”待遇. A five-month posting from 20 October pays the
	 * same slip as a labour contract starting that day: the rule has no contract type. */
	struct pay_params p = liubei();
	int dispatched = pay_days_covered("2026-10-01", "2026-10-31", "2026-10-20", "2027-03-19",
					  NULL);
	int labour = pay_days_covered("2026-10-01", "2026-10-31", "2026-10-20", "2028-12-31", NULL);
	assert_int_equal(dispatched, 12);
	assert_int_equal(labour, dispatched);
	struct pay_slip a, b;
	struct pay_input in = {.days_in_month = 31, .days_paid = dispatched,
			       .performance_share_fen = 5000, .assessment_pct = 100, .insured = true};
	pay_compute(&p, &in, &a);
	in.days_paid = labour;
	pay_compute(&p, &in, &b);
	assert_memory_equal(&a, &b, sizeof(a));
	assert_int_equal(a.base_fen, 69677); /* 180,000 × 12/31 = 69,677.42 */
}

static void the_insured_pay_both_shares_and_get_no_old_age_subsidy(void **state)
{
	(void)state;
	struct pay_params p = liubei();
	struct pay_slip s;
	struct pay_input in = {.days_in_month = 30, .days_paid = 30, .assessment_pct = 100,
			       .insured = true};
	pay_compute(&p, &in, &s);
	assert_int_equal(s.base_fen, 180000);
	assert_int_equal(s.old_age_subsidy_fen, 0);    /* LB-FIN-2 */
	assert_int_equal(s.employer_si_fen, 42120);    /* 23.4 % */
	assert_int_equal(s.personal_si_fen, 18900);    /* 10.5 %, withheld */
	assert_int_equal(s.gross_fen, 180000);
	assert_int_equal(s.net_fen, 161100);
	/* Prorated: the base is the contribution base. */
	in.days_in_month = 31;
	in.days_paid = 17;
	pay_compute(&p, &in, &s);
	assert_int_equal(s.base_fen, 98710);
	assert_int_equal(s.employer_si_fen, 23098); /* 23,098.14 */
	assert_int_equal(s.personal_si_fen, 10365); /* 10,364.55 → half up */
	assert_int_equal(s.net_fen, 98710 - 10365);
}

static void those_not_insured_pay_no_insurance(void **state)
{
	(void)state;
	struct pay_params p = liubei();
	struct pay_slip s;
	struct pay_input in = {.days_in_month = 30, .days_paid = 30, .assessment_pct = 100};
	pay_compute(&p, &in, &s);
	assert_int_equal(s.employer_si_fen, 0);
	assert_int_equal(s.personal_si_fen, 0);
	assert_int_equal(s.old_age_subsidy_fen, 20000);
	assert_int_equal(s.net_fen, s.gross_fen);
}

static void an_assessment_of_0_pays_no_performance(void **state)
{
	(void)state;
	struct pay_params p = liubei();
	struct pay_slip s;
	struct pay_input in = {.days_in_month = 30, .days_paid = 30, .assessment_pct = 0,
			       .performance_share_fen = 12346, .increment_share_fen = 999};
	pay_compute(&p, &in, &s);
	assert_int_equal(s.performance_fen, 0);
	assert_int_equal(s.increment_fen, 0);
	assert_int_equal(s.base_fen, 180000); /* the base is paid in full regardless */
	assert_int_equal(s.gross_fen, 200000);
}

static void an_assessment_of_60_pays_60_percent(void **state)
{
	(void)state;
	struct pay_params p = liubei();
	struct pay_slip s;
	struct pay_input in = {.days_in_month = 30, .days_paid = 30, .assessment_pct = 60,
			       .performance_share_fen = 12346, .increment_share_fen = 999};
	pay_compute(&p, &in, &s);
	assert_int_equal(s.performance_fen, 7408); /* 7,407.6 */
	assert_int_equal(s.increment_fen, 599);    /* 599.4 */
	assert_int_equal(s.gross_fen, 180000 + 7408 + 599 + 20000);
	/* Out of range reads as its bound. */
	in.assessment_pct = 130;
	pay_compute(&p, &in, &s);
	assert_int_equal(s.performance_fen, 12346);
}

/* ---- shares and the funding split ---- */

static void shares_sum_exactly_to_the_pool(void **state)
{
	(void)state;
	int64_t out[3];
	pay_shares(100, (const int64_t[]){31, 31, 31}, 3, out);
	assert_int_equal(out[0], 34);
	assert_int_equal(out[1], 33);
	assert_int_equal(out[2], 33);
	/* 1000 × 30/47 = 638.30, × 17/47 = 361.70: the left-over fen goes to the larger
	 * remainder. */
	pay_shares(1000, (const int64_t[]){30, 17}, 2, out);
	assert_int_equal(out[0], 638);
	assert_int_equal(out[1], 362);
	int64_t many[7];
	pay_shares(1000001, (const int64_t[]){31, 17, 30, 1, 12, 31, 9}, 7, many);
	int64_t sum = 0;
	for (size_t i = 0; i < 7; i++)
		sum += many[i];
	assert_int_equal(sum, 1000001);
}

static void no_weight_shares_nothing(void **state)
{
	(void)state;
	int64_t out[2] = {-1, -1};
	pay_shares(500, (const int64_t[]){0, 0}, 2, out);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 0);
	pay_shares(0, (const int64_t[]){30, 30}, 2, out);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 0);
	pay_shares(7, (const int64_t[]){0, 30}, 2, out);
	assert_int_equal(out[0], 0);
	assert_int_equal(out[1], 7);
}

static void the_split_of_an_odd_total_sums_exactly(void **state)
{
	(void)state;
	int64_t city, district;
	pay_split(100001, 1, 1, &city, &district);
	assert_int_equal(city, 50000);
	assert_int_equal(district, 50001);
	pay_split(1, 1, 1, &city, &district);
	assert_int_equal(city, 0);
	assert_int_equal(district, 1);
	pay_split(100, 2, 1, &city, &district);
	assert_int_equal(city, 66);
	assert_int_equal(district, 34);
	pay_split(100, 0, 0, &city, &district);
	assert_int_equal(city, 0);
	assert_int_equal(district, 100);
}

static void the_split_covers_base_pay_and_the_employer_share(void **state)
{
	(void)state;
	struct pay_params p = liubei();
	struct pay_slip s;
	struct pay_input in = {.days_in_month = 30, .days_paid = 30, .assessment_pct = 100,
			       .insured = true};
	pay_compute(&p, &in, &s);
	int64_t city, district;
	pay_split(s.base_fen + s.employer_si_fen, 1, 1, &city, &district);
	assert_int_equal(city, 111060);
	assert_int_equal(district, 111060);
	pay_split(s.base_fen + s.employer_si_fen + 1, 1, 1, &city, &district);
	assert_int_equal(city + district, 222121);
	assert_int_equal(district - city, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(liubei_sets_the_pay_parameters),
	    cmocka_unit_test(shangrao_sets_no_village_pay),
	    cmocka_unit_test(months_have_their_real_length),
	    cmocka_unit_test(day_numbers_round_trip),
	    cmocka_unit_test(a_full_month_is_every_day),
	    cmocka_unit_test(an_exit_on_the_17th_pays_17_days),
	    cmocka_unit_test(a_start_inside_the_month_counts_from_it),
	    cmocka_unit_test(a_quarter_has_92_days_in_the_third),
	    cmocka_unit_test(proration_rounds_half_up_to_the_fen),
	    cmocka_unit_test(a_full_month_pays_the_whole_base),
	    cmocka_unit_test(an_exit_on_the_17th_prorates_base_and_subsidy),
	    cmocka_unit_test(a_dispatched_doctor_is_paid_like_a_labour_contract),
	    cmocka_unit_test(the_insured_pay_both_shares_and_get_no_old_age_subsidy),
	    cmocka_unit_test(those_not_insured_pay_no_insurance),
	    cmocka_unit_test(an_assessment_of_0_pays_no_performance),
	    cmocka_unit_test(an_assessment_of_60_pays_60_percent),
	    cmocka_unit_test(shares_sum_exactly_to_the_pool),
	    cmocka_unit_test(no_weight_shares_nothing),
	    cmocka_unit_test(the_split_of_an_odd_total_sums_exactly),
	    cmocka_unit_test(the_split_covers_base_pay_and_the_employer_share),
	};
	return cmocka_run_group_tests(tests, load_profiles, unload_profiles);
}
