/* SPDX-License-Identifier: MIT */
/* Unit tests of core/staff_rules.c, the personnel rules as pure functions: ages and
 * birthdays (29 February), the age limits of both profiles (SR-STF-3, LB-STF-6), staffing
 * per population and its rounding (SR-STF-1, LB-STF-1), date arithmetic for postings
 * (LB-STF-5), the yearly training minimum and further study (LB-STF-8) and absence
 * thresholds (LB-STF-7). The parameters are read from the repository's profiles, so these
 * tests also pin what the profiles say. */
/* cmocka needs these before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/staff_rules.h"
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

/* The age_limit group of the profile in force for COUNTY, as the contract code reads it. */
static struct age_limits limits_of(const char *county)
{
	const json_t *p = org_profile_for(county, "2026-01-01");
	assert_non_null(p);
	const json_t *g = org_profile_group(p, "age_limit");
	assert_true(json_is_object(g));
	return (struct age_limits){
	    .male = (int)org_profile_param_in(p, "age_limit", "male", 0),
	    .female = (int)org_profile_param_in(p, "age_limit", "female", 0),
	    .extended_male = (int)org_profile_param_in(p, "age_limit", "extended_male", 0),
	    .extended_female = (int)org_profile_param_in(p, "age_limit", "extended_female", 0),
	    .rehire_by_approval = json_is_true(json_object_get(g, "rehire_by_approval")),
	    .heads_only = json_is_true(json_object_get(g, "heads_only")),
	};
}

/* ---- ages and birthdays ---- */

static void age_turns_on_the_birthday_not_the_day_before(void **state)
{
	(void)state;
	assert_int_equal(rules_age_on("1966-11-22", "2026-11-21"), 59);
	assert_int_equal(rules_age_on("1966-11-22", "2026-11-22"), 60);
	assert_int_equal(rules_age_on("1966-11-22", "2026-11-23"), 60);
}

static void age_counts_months_before_days(void **state)
{
	(void)state;
	assert_int_equal(rules_age_on("1970-06-15", "2030-05-31"), 59);
	assert_int_equal(rules_age_on("1970-06-15", "2030-07-01"), 60);
	assert_int_equal(rules_age_on("1970-06-15", "1970-06-15"), 0);
}

static void birthday_is_the_same_day_and_month(void **state)
{
	(void)state;
	char out[11];
	rules_birthday("1966-11-22", 60, out);
	assert_string_equal(out, "2026-11-22");
	rules_birthday("1971-12-31", 55, out);
	assert_string_equal(out, "2026-12-31");
}

static void leap_day_birthday_is_first_of_march_in_a_common_year(void **state)
{
	(void)state;
	char out[11];
	rules_birthday("1964-02-29", 60, out); /* 2024 is a leap year */
	assert_string_equal(out, "2024-02-29");
	rules_birthday("1964-02-29", 61, out); /* 2025 is not */
	assert_string_equal(out, "2025-03-01");
	rules_birthday("1940-02-29", 60, out); /* 2000 is a leap year (÷400) */
	assert_string_equal(out, "2000-02-29");
	rules_birthday("1840-02-29", 60, out); /* 1900 is not (÷100) */
	assert_string_equal(out, "1900-03-01");
}

static void leap_day_child_is_a_year_older_on_first_of_march(void **state)
{
	(void)state;
	assert_int_equal(rules_age_on("1966-02-29", "2026-02-28"), 59);
	assert_int_equal(rules_age_on("1966-02-29", "2026-03-01"), 60);
	assert_int_equal(rules_age_on("1964-02-29", "2024-02-28"), 59);
	assert_int_equal(rules_age_on("1964-02-29", "2024-02-29"), 60);
}

/* ---- age limits: Shangrao (SR-STF-3) ---- */

static void shangrao_limit_is_sixty_for_men_and_women(void **state)
{
	(void)state;
	struct age_limits l = limits_of(HENGFENG);
	assert_int_equal(rules_age_limit(&l, false, false, false, false), 60);
	assert_int_equal(rules_age_limit(&l, true, false, false, false), 60);
}

static void shangrao_limit_is_not_only_for_heads(void **state)
{
	(void)state;
	struct age_limits l = limits_of(HENGFENG);
	assert_int_equal(rules_age_limit(&l, true, true, false, false), 60);
	assert_int_equal(rules_age_limit(&l, true, false, false, false), 60);
}

static void shangrao_rehire_approval_lifts_the_limit(void **state)
{
	(void)state;
	struct age_limits l = limits_of(HENGFENG);
	assert_int_equal(rules_age_limit(&l, false, false, false, true), 0);
	assert_int_equal(rules_age_limit(&l, true, true, true, true), 0);
}

/* ---- age limits: Liubei (LB-STF-6) ---- */

static void liubei_head_limit_is_sixty_for_men_fifty_five_for_women(void **state)
{
	(void)state;
	struct age_limits l = limits_of(LIUBEI);
	assert_int_equal(rules_age_limit(&l, false, true, false, false), 60);
	assert_int_equal(rules_age_limit(&l, true, true, false, false), 55);
}

static void liubei_limit_does_not_apply_to_non_heads(void **state)
{
	(void)state;
	struct age_limits l = limits_of(LIUBEI);
	assert_int_equal(rules_age_limit(&l, false, false, true, true), 0);
	assert_int_equal(rules_age_limit(&l, true, false, false, false), 0);
}

static void liubei_approved_extension_for_the_qualified_is_65_and_60(void **state)
{
	(void)state;
	struct age_limits l = limits_of(LIUBEI);
	assert_int_equal(rules_age_limit(&l, false, true, true, true), 65);
	assert_int_equal(rules_age_limit(&l, true, true, true, true), 60);
}

static void liubei_extension_without_the_qualification_changes_nothing(void **state)
{
	(void)state;
	struct age_limits l = limits_of(LIUBEI);
	assert_int_equal(rules_age_limit(&l, false, true, false, true), 60);
	assert_int_equal(rules_age_limit(&l, true, true, false, true), 55);
}

static void liubei_qualification_without_approval_changes_nothing(void **state)
{
	(void)state;
	struct age_limits l = limits_of(LIUBEI);
	assert_int_equal(rules_age_limit(&l, false, true, true, false), 60);
	assert_int_equal(rules_age_limit(&l, true, true, true, false), 55);
}

static void no_limits_means_no_limit(void **state)
{
	(void)state;
	struct age_limits none = {0};
	assert_int_equal(rules_age_limit(NULL, true, true, true, false), 0);
	assert_int_equal(rules_age_limit(&none, true, true, true, false), 0);
}

/* The day a Liubei woman heading a clinic reaches her limit, with and without an approved
 * extension: the day before she is still under it, on the day she is not. */
static void liubei_woman_head_limit_day_moves_five_years_with_extension(void **state)
{
	(void)state;
	struct age_limits l = limits_of(LIUBEI);
	char day[11];
	int limit = rules_age_limit(&l, true, true, true, false);
	rules_birthday("1971-03-10", limit, day);
	assert_string_equal(day, "2026-03-10");
	assert_true(rules_age_on("1971-03-10", "2026-03-09") < limit);
	assert_false(rules_age_on("1971-03-10", "2026-03-10") < limit);
	limit = rules_age_limit(&l, true, true, true, true);
	rules_birthday("1971-03-10", limit, day);
	assert_string_equal(day, "2031-03-10");
}

/* ---- staffing (SR-STF-1, LB-STF-1) ---- */

static void staffing_at_ten_per_10000_rounded_up_minimum_one(void **state)
{
	(void)state;
	const long pop[] = {999, 1000, 1001, 2350};
	const int want[] = {1, 1, 2, 3};
	const char *counties[] = {LIUBEI, HENGFENG};
	for (size_t c = 0; c < 2; c++) {
		const json_t *p = org_profile_for(counties[c], "2026-01-01");
		const json_t *g = org_profile_group(p, "staffing");
		int per = (int)org_profile_param_in(p, "staffing", "per_10000_min", 0);
		int minimum = (int)org_profile_param_in(p, "staffing", "minimum", 0);
		const char *rounding = json_string_value(json_object_get(g, "rounding"));
		assert_int_equal(per, 10);
		assert_int_equal(minimum, 1);
		assert_string_equal(rounding, "ceil");
		for (size_t i = 0; i < 4; i++)
			assert_int_equal(rules_staff_needed(pop[i], per, rounding, minimum),
			                 want[i]);
	}
}

static void shangrao_upper_bound_at_twelve_per_10000(void **state)
{
	(void)state;
	const json_t *p = org_profile_for(HENGFENG, "2026-01-01");
	int per = (int)org_profile_param_in(p, "staffing", "per_10000_max", 0);
	assert_int_equal(per, 12);
	/* 1.1988, 1.2, 1.2012, 2.82 doctors, rounded up */
	assert_int_equal(rules_staff_needed(999, per, "ceil", 1), 2);
	assert_int_equal(rules_staff_needed(1000, per, "ceil", 1), 2);
	assert_int_equal(rules_staff_needed(1001, per, "ceil", 1), 2);
	assert_int_equal(rules_staff_needed(2350, per, "ceil", 1), 3);
}

static void staffing_round_takes_the_nearest_halves_up(void **state)
{
	(void)state;
	assert_int_equal(rules_staff_needed(999, 10, "round", 1), 1);
	assert_int_equal(rules_staff_needed(1000, 10, "round", 1), 1);
	assert_int_equal(rules_staff_needed(1001, 10, "round", 1), 1);
	assert_int_equal(rules_staff_needed(2350, 10, "round", 1), 2);
	assert_int_equal(rules_staff_needed(2500, 10, "round", 1), 3);
	assert_int_equal(rules_staff_needed(2499, 10, "round", 1), 2);
}

static void staffing_floor_rounds_down_but_keeps_the_minimum(void **state)
{
	(void)state;
	assert_int_equal(rules_staff_needed(999, 10, "floor", 1), 1); /* 0 → minimum 1 */
	assert_int_equal(rules_staff_needed(1000, 10, "floor", 1), 1);
	assert_int_equal(rules_staff_needed(1001, 10, "floor", 1), 1);
	assert_int_equal(rules_staff_needed(2350, 10, "floor", 1), 2);
	assert_int_equal(rules_staff_needed(999, 10, "floor", 0), 0);
}

static void staffing_without_residents_is_the_minimum(void **state)
{
	(void)state;
	assert_int_equal(rules_staff_needed(0, 10, "ceil", 1), 1);
	assert_int_equal(rules_staff_needed(-5, 10, "ceil", 1), 1);
	assert_int_equal(rules_staff_needed(0, 10, "ceil", 0), 0);
}

static void staffing_unknown_rounding_is_ceil(void **state)
{
	(void)state;
	assert_int_equal(rules_staff_needed(1001, 10, NULL, 1), 2);
	assert_int_equal(rules_staff_needed(1001, 10, "bankers", 1), 2);
}

/* ---- date arithmetic (postings, LB-STF-5) ---- */

static void five_month_posting_is_shorter_than_six(void **state)
{
	(void)state;
	const json_t *p = org_profile_for(LIUBEI, "2026-01-01");
	int min_months = (int)org_profile_param(p, "dispatch_min_months", 0);
	assert_int_equal(min_months, 6);
	char five[11], six[11];
	rules_add_months("2025-01-01", 5, five);
	rules_add_months("2025-01-01", min_months, six);
	assert_string_equal(five, "2025-06-01");
	assert_string_equal(six, "2025-07-01");
	assert_true(strcmp(five, six) < 0); /* flagged */
}

static void add_months_clamps_to_the_end_of_the_month(void **state)
{
	(void)state;
	char out[11];
	rules_add_months("2025-01-31", 1, out);
	assert_string_equal(out, "2025-02-28");
	rules_add_months("2024-01-31", 1, out);
	assert_string_equal(out, "2024-02-29");
	rules_add_months("2025-08-31", 1, out);
	assert_string_equal(out, "2025-09-30");
}

static void add_months_crosses_years_both_ways(void **state)
{
	(void)state;
	char out[11];
	rules_add_months("2025-11-15", 3, out);
	assert_string_equal(out, "2026-02-15");
	rules_add_months("2026-02-15", -3, out);
	assert_string_equal(out, "2025-11-15");
	rules_add_months("2026-01-10", -13, out);
	assert_string_equal(out, "2024-12-10");
	rules_add_months("2024-02-29", 12, out);
	assert_string_equal(out, "2025-02-28");
	rules_add_months("2026-03-31", 0, out);
	assert_string_equal(out, "2026-03-31");
}

static void days_between_counts_leap_days_and_year_ends(void **state)
{
	(void)state;
	assert_int_equal(rules_days_between("2025-12-31", "2026-01-01"), 1);
	assert_int_equal(rules_days_between("2026-01-01", "2025-12-31"), -1);
	assert_int_equal(rules_days_between("2024-02-28", "2024-03-01"), 2);
	assert_int_equal(rules_days_between("2025-02-28", "2025-03-01"), 1);
	assert_int_equal(rules_days_between("2024-01-01", "2025-01-01"), 366);
	assert_int_equal(rules_days_between("1970-01-01", "2000-01-01"), 10957);
	assert_int_equal(rules_days_between("2026-11-22", "2026-11-22"), 0);
}

/* ---- training (LB-STF-8) ---- */

static void training_year_needs_fourteen_days(void **state)
{
	(void)state;
	const json_t *p = org_profile_for(LIUBEI, "2026-01-01");
	int courses = (int)org_profile_param_in(p, "training", "per_year_min_courses", 0);
	int days = (int)org_profile_param_in(p, "training", "per_year_min_days", 0);
	assert_int_equal(courses, 2);
	assert_int_equal(days, 14);
	assert_false(rules_training_year_ok(2, 13, courses, days));
	assert_true(rules_training_year_ok(2, 14, courses, days));
}

static void training_year_needs_two_courses(void **state)
{
	(void)state;
	assert_false(rules_training_year_ok(1, 20, 2, 14));
	assert_true(rules_training_year_ok(2, 20, 2, 14));
	assert_true(rules_training_year_ok(3, 14, 2, 14));
}

static void training_without_a_minimum_is_always_ok(void **state)
{
	(void)state;
	/* Shangrao's training group has null minimums: they read as 0. */
	const json_t *p = org_profile_for(HENGFENG, "2026-01-01");
	int courses = (int)org_profile_param_in(p, "training", "per_year_min_courses", 0);
	int days = (int)org_profile_param_in(p, "training", "per_year_min_days", 0);
	assert_true(rules_training_year_ok(0, 0, courses, days));
}

static void further_study_two_years_ago_is_ok(void **state)
{
	(void)state;
	assert_int_equal(rules_further_study("2024-11-22", "2015-01-01", "2026-11-22", 3, 5),
	                 STUDY_OK);
}

static void further_study_three_years_ago_is_due_soon(void **state)
{
	(void)state;
	assert_int_equal(rules_further_study("2023-11-22", NULL, "2026-11-21", 3, 5), STUDY_OK);
	assert_int_equal(rules_further_study("2023-11-22", NULL, "2026-11-22", 3, 5),
	                 STUDY_DUE_SOON);
}

static void further_study_five_years_ago_is_overdue(void **state)
{
	(void)state;
	assert_int_equal(rules_further_study("2021-11-23", NULL, "2026-11-22", 3, 5),
	                 STUDY_DUE_SOON);
	assert_int_equal(rules_further_study("2021-11-22", NULL, "2026-11-22", 3, 5),
	                 STUDY_OVERDUE);
}

static void further_study_never_counts_from_the_first_contract(void **state)
{
	(void)state;
	assert_int_equal(rules_further_study(NULL, "2025-06-01", "2026-11-22", 3, 5), STUDY_OK);
	assert_int_equal(rules_further_study(NULL, "2023-06-01", "2026-11-22", 3, 5),
	                 STUDY_DUE_SOON);
	assert_int_equal(rules_further_study(NULL, "2020-06-01", "2026-11-22", 3, 5),
	                 STUDY_OVERDUE);
}

static void further_study_not_required_is_ok(void **state)
{
	(void)state;
	assert_int_equal(rules_further_study(NULL, "2000-01-01", "2026-11-22", 0, 0), STUDY_OK);
	assert_int_equal(rules_further_study(NULL, NULL, "2026-11-22", 3, 5), STUDY_OK);
}

/* ---- absence (LB-STF-7) ---- */

static void absence_alert_at_twenty_exit_at_thirty(void **state)
{
	(void)state;
	const json_t *p = org_profile_for(LIUBEI, "2026-01-01");
	int alert = (int)org_profile_param(p, "absence_alert_days", 0);
	int exit = (int)org_profile_param(p, "absence_exit_days", 0);
	assert_int_equal(alert, 20);
	assert_int_equal(exit, 30);
	assert_int_equal(rules_absence(19, alert, exit), ABSENCE_NONE);
	assert_int_equal(rules_absence(20, alert, exit), ABSENCE_ALERT);
	assert_int_equal(rules_absence(29, alert, exit), ABSENCE_ALERT);
	assert_int_equal(rules_absence(30, alert, exit), ABSENCE_EXIT);
	assert_int_equal(rules_absence(31, alert, exit), ABSENCE_EXIT);
}

static void absence_across_a_year_boundary_counts_each_year_alone(void **state)
{
	(void)state;
	/* 29 days in December and 1 in January are two calendar years: 29 and 1, no exit. */
	assert_int_equal(rules_absence(29, 20, 30), ABSENCE_ALERT);
	assert_int_equal(rules_absence(1, 20, 30), ABSENCE_NONE);
	assert_int_equal(rules_absence(29 + 1, 20, 30), ABSENCE_EXIT);
}

static void absence_thresholds_off_in_shangrao(void **state)
{
	(void)state;
	const json_t *p = org_profile_for(HENGFENG, "2026-01-01");
	int alert = (int)org_profile_param(p, "absence_alert_days", 0);
	int exit = (int)org_profile_param(p, "absence_exit_days", 0);
	assert_int_equal(rules_absence(365, alert, exit), ABSENCE_NONE);
}

/* ---- the qualification group of each profile (SR-STF-2, LB-STF-3) ---- */

static bool holds(const json_t *array, const char *kind)
{
	size_t i;
	json_t *v;
	json_array_foreach(array, i, v)
	{
		if (strcmp(json_string_value(v), kind) == 0)
			return true;
	}
	return false;
}

static void shangrao_qualifying_kinds(void **state)
{
	(void)state;
	const json_t *g = org_profile_group(org_profile_for(HENGFENG, NULL), "qualification");
	assert_string_equal(json_string_value(json_object_get(g, "rule")), "SR-STF-2");
	const json_t *kinds = json_object_get(g, "kinds");
	assert_int_equal(json_array_size(kinds), 3);
	assert_true(holds(kinds, "physician"));
	assert_true(holds(kinds, "assistant_physician"));
	assert_true(holds(kinds, "village_doctor"));
	assert_false(holds(kinds, "secondary_medical"));
	assert_true(json_is_false(json_object_get(g, "village_doctor_needs_district_training")));
}

static void liubei_qualifying_kinds(void **state)
{
	(void)state;
	const json_t *g = org_profile_group(org_profile_for(LIUBEI, NULL), "qualification");
	assert_string_equal(json_string_value(json_object_get(g, "rule")), "LB-STF-3");
	const json_t *kinds = json_object_get(g, "kinds");
	assert_int_equal(json_array_size(kinds), 5);
	assert_true(holds(kinds, "tcm_physician"));
	assert_true(holds(kinds, "secondary_medical"));
	assert_true(json_is_true(json_object_get(g, "village_doctor_needs_district_training")));
	const json_t *ext = json_object_get(g, "extension_kinds");
	assert_int_equal(json_array_size(ext), 3);
	assert_false(holds(ext, "village_doctor"));
	assert_int_equal(org_profile_param_in(org_profile_for(LIUBEI, NULL), "qualification",
	                                      "certificate_warning_days", 0),
	                 90);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(age_turns_on_the_birthday_not_the_day_before),
	    cmocka_unit_test(age_counts_months_before_days),
	    cmocka_unit_test(birthday_is_the_same_day_and_month),
	    cmocka_unit_test(leap_day_birthday_is_first_of_march_in_a_common_year),
	    cmocka_unit_test(leap_day_child_is_a_year_older_on_first_of_march),
	    cmocka_unit_test(shangrao_limit_is_sixty_for_men_and_women),
	    cmocka_unit_test(shangrao_limit_is_not_only_for_heads),
	    cmocka_unit_test(shangrao_rehire_approval_lifts_the_limit),
	    cmocka_unit_test(liubei_head_limit_is_sixty_for_men_fifty_five_for_women),
	    cmocka_unit_test(liubei_limit_does_not_apply_to_non_heads),
	    cmocka_unit_test(liubei_approved_extension_for_the_qualified_is_65_and_60),
	    cmocka_unit_test(liubei_extension_without_the_qualification_changes_nothing),
	    cmocka_unit_test(liubei_qualification_without_approval_changes_nothing),
	    cmocka_unit_test(no_limits_means_no_limit),
	    cmocka_unit_test(liubei_woman_head_limit_day_moves_five_years_with_extension),
	    cmocka_unit_test(staffing_at_ten_per_10000_rounded_up_minimum_one),
	    cmocka_unit_test(shangrao_upper_bound_at_twelve_per_10000),
	    cmocka_unit_test(staffing_round_takes_the_nearest_halves_up),
	    cmocka_unit_test(staffing_floor_rounds_down_but_keeps_the_minimum),
	    cmocka_unit_test(staffing_without_residents_is_the_minimum),
	    cmocka_unit_test(staffing_unknown_rounding_is_ceil),
	    cmocka_unit_test(five_month_posting_is_shorter_than_six),
	    cmocka_unit_test(add_months_clamps_to_the_end_of_the_month),
	    cmocka_unit_test(add_months_crosses_years_both_ways),
	    cmocka_unit_test(days_between_counts_leap_days_and_year_ends),
	    cmocka_unit_test(training_year_needs_fourteen_days),
	    cmocka_unit_test(training_year_needs_two_courses),
	    cmocka_unit_test(training_without_a_minimum_is_always_ok),
	    cmocka_unit_test(further_study_two_years_ago_is_ok),
	    cmocka_unit_test(further_study_three_years_ago_is_due_soon),
	    cmocka_unit_test(further_study_five_years_ago_is_overdue),
	    cmocka_unit_test(further_study_never_counts_from_the_first_contract),
	    cmocka_unit_test(further_study_not_required_is_ok),
	    cmocka_unit_test(absence_alert_at_twenty_exit_at_thirty),
	    cmocka_unit_test(absence_across_a_year_boundary_counts_each_year_alone),
	    cmocka_unit_test(absence_thresholds_off_in_shangrao),
	    cmocka_unit_test(shangrao_qualifying_kinds),
	    cmocka_unit_test(liubei_qualifying_kinds),
	};
	return cmocka_run_group_tests(tests, load_profiles, unload_profiles);
}
