/* SPDX-License-Identifier: MIT */
/* API tests of staffing (SR-STF-1, LB-STF-1, LB-STF-5), the recruitment plan (LB-STF-10)
 * and the personnel area's monitors as `yitihua check` and the API show them, on the demo's
 * staff. Both backends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* The staffing row of the first open Liubei clinic with exactly one doctor, after setting
 * its population to POPULATION (as county). Returns the row's "needed". */
static long long needed_for(struct api_client *c, long population, char *clinic, size_t len)
{
	struct api_res *res;
	if (!clinic[0]) {
		res = api_get(c, "/api/v1/staffing?limit=500");
		assert_status(res, 200);
		size_t i;
		json_t *row;
		json_array_foreach(api_jget(res->json, "items"), i, row)
		{
			if (strcmp(api_jstr(row, "clinic_status"), "open") == 0 &&
			    api_jint(row, "posted") == 1) {
				snprintf(clinic, len, "%s", api_jstr(row, "clinic_id"));
				break;
			}
		}
		assert_true(clinic[0]);
	}
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s", clinic);
	res = api_sendf(c, "PATCH", path, "{\"population\":%ld}", population);
	assert_status(res, 200);
	snprintf(path, sizeof(path), "/api/v1/staffing?clinic_id=%s", clinic);
	res = api_get(c, path);
	assert_status(res, 200);
	assert_int_equal(api_jint(res->json, "items.0.population"), population);
	assert_string_equal(api_jstr(res->json, "items.0.rule"), "LB-STF-1");
	return api_jint(res->json, "items.0.needed");
}

static void liubei_needs_one_doctor_per_thousand(void **state)
{
	struct api_client *c = api_login(*state, "county");
	char clinic[40] = "";
	assert_int_equal(needed_for(c, 999, clinic, sizeof(clinic)), 1);
	assert_int_equal(needed_for(c, 1000, clinic, sizeof(clinic)), 1);
	assert_int_equal(needed_for(c, 1001, clinic, sizeof(clinic)), 2);
	assert_int_equal(needed_for(c, 2350, clinic, sizeof(clinic)), 3);
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/staffing?clinic_id=%s", clinic);
	struct api_res *res = api_get(c, path);
	assert_string_equal(api_jstr(res->json, "items.0.state"), "short");
	/* the shortage is an alert citing the rule */
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/alerts?rule=LB-STF-1", clinic);
	res = api_get(c, path);
	assert_status(res, 200);
	assert_int_equal(api_jint(res->json, "total"), 1);
	api_client_free(c);
}

static void shangrao_staffs_one_to_one_point_two_per_thousand(void **state)
{
	struct api_client *c = api_login(*state, "admin");
	struct api_res *res = api_get(c, "/api/v1/staffing?county_code=361125&limit=500");
	assert_status(res, 200);
	size_t i;
	json_t *row;
	int seen = 0;
	json_array_foreach(api_jget(res->json, "items"), i, row)
	{
		assert_string_equal(api_jstr(row, "rule"), "SR-STF-1");
		if (!json_is_integer(api_jget(row, "population")))
			continue;
		long long pop = api_jint(row, "population");
		/* 1‰ rounded up, at least 1; at most 1.2‰ rounded down (never below the need) */
		long long need = (pop * 10 + 9999) / 10000;
		if (need < 1)
			need = 1;
		long long most = pop * 12 / 10000;
		if (most < need)
			most = need;
		assert_int_equal(api_jint(row, "needed"), need);
		assert_int_equal(api_jint(row, "needed_max"), most);
		seen++;
	}
	assert_true(seen > 0);
	api_client_free(c);
}

static void a_clinic_without_doctors_is_an_alert(void **state)
{
	struct api_client *c = api_login(*state, "county");
	struct api_res *res = api_get(c, "/api/v1/staffing?state=none&clinic_status=open");
	assert_status(res, 200);
	const char *clinic = api_jstr(res->json, "items.0.clinic_id");
	assert_non_null(clinic);
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/alerts?rule=LB-STF-5", clinic);
	res = api_get(c, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "items.0.severity"), "error");
	api_client_free(c);
}

static void every_personnel_monitor_shows_in_the_demo(void **state)
{
	struct api_client *c = api_login(*state, "admin");
	struct api_res *res = api_get(c, "/api/v1/alerts?limit=500");
	assert_status(res, 200);
	static const char *const rules[] = {"SR-STF-1", "SR-STF-2", "SR-STF-3", "SR-STF-4",
					    "LB-STF-1", "LB-STF-3", "LB-STF-4", "LB-STF-5",
					    "LB-STF-6", "LB-STF-7", "LB-STF-8"};
	json_t *by_rule = api_jget(res->json, "by_rule");
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (json_integer_value(json_object_get(by_rule, rules[i])) < 1)
			fail_msg("no alert for %s in the demo", rules[i]);
	api_client_free(c);
}

static void check_prints_the_personnel_monitors(void **state)
{
	char *out;
	int status;
	assert_int_equal(srv_cli(*state, (const char *[]){"check", "--county", "450205", NULL}, NULL,
				 &status, &out),
			 0);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "LB-STF-6"));
	assert_non_null(strstr(out, "LB-STF-7"));
	assert_non_null(strstr(out, "LB-STF-8"));
	assert_null(strstr(out, "SR-STF-3")); /* Shangrao's rule is not Liubei's */
	free(out);
}

static void recruitment_plan_lists_posts_falling_vacant(void **state)
{
	struct api_client *c = api_login(*state, "county");
	struct api_res *res = api_get(c, "/api/v1/recruitment-plan?limit=500");
	assert_status(res, 200);
	size_t i;
	json_t *v;
	bool age = false;
	json_array_foreach(api_jget(res->json, "items"), i, v)
	{
		assert_string_equal(api_jstr(v, "rule"), "LB-STF-10");
		assert_string_equal(api_jstr(v, "county_code"), "450205");
		age = age || strcmp(api_jstr(v, "reason"), "age") == 0;
	}
	assert_true(age);
	assert_true(api_jint(res->json, "by_county.450205") >= (long long)json_array_size(api_jget(res->json, "items")));
	api_client_free(c);
}

static void a_person_sees_their_own_alerts(void **state)
{
	struct api_client *admin = api_login(*state, "admin");
	struct api_res *res = api_get(admin, "/api/v1/alerts?rule=LB-STF-7&limit=1");
	assert_status(res, 200);
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/people/%s/alerts", api_jstr(res->json, "items.0.person_id"));
	res = api_get(admin, path);
	assert_status(res, 200);
	assert_true(api_jint(res->json, "total") >= 1);
	size_t i;
	json_t *a;
	json_array_foreach(api_jget(res->json, "items"), i, a)
		assert_non_null(api_jstr(a, "person_id"));
	api_client_free(admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(liubei_needs_one_doctor_per_thousand),
		cmocka_unit_test(shangrao_staffs_one_to_one_point_two_per_thousand),
		cmocka_unit_test(a_clinic_without_doctors_is_an_alert),
		cmocka_unit_test(every_personnel_monitor_shows_in_the_demo),
		cmocka_unit_test(check_prints_the_personnel_monitors),
		cmocka_unit_test(recruitment_plan_lists_posts_falling_vacant),
		cmocka_unit_test(a_person_sees_their_own_alerts),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
