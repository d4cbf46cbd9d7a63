/* SPDX-License-Identifier: MIT */
/* Unit tests of org/profile.c: the two policy profiles of the repository, binding by
 * division, effective periods (LB-PER-1), yearly targets (SR-ORG-4) and county overrides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "org/org.h"

static int load_repo(void **state)
{
	(void)state;
	struct app_error err;
	const char *root = getenv("YTH_ROOT");
	char dir[512];
	snprintf(dir, sizeof(dir), "%s/profiles", root && *root ? root : ".");
	return org_profiles_load(dir, &err) == 2 ? 0 : -1;
}

static int unload(void **state)
{
	(void)state;
	org_profiles_free();
	return 0;
}

static void shangrao_binds_its_counties_with_eight_items(void **state)
{
	(void)state;
	const json_t *p = org_profile_for("361125", "2026-01-01");
	assert_non_null(p);
	assert_string_equal(org_profile_id(p), "shangrao-2023");
	assert_int_equal(org_profile_items(p), 8);
	assert_string_equal(org_profile_coverage_rule(p), "SR-ORG-4");
	assert_string_equal(org_profile_item_label(p, "finance"), "统一财务管理");
	assert_null(org_profile_item_label(p, "administration"));
}

static void liubei_binds_its_district_with_five_items(void **state)
{
	(void)state;
	const json_t *p = org_profile_for("450205", NULL);
	assert_string_equal(org_profile_id(p), "liubei-2021");
	assert_int_equal(org_profile_items(p), 5);
	assert_string_equal(org_profile_coverage_rule(p), "LB-ORG-1");
	assert_null(org_profile_for("110101", NULL));
}

static void targets_step_by_year(void **state)
{
	(void)state;
	const json_t *p = org_profile_for("361102", NULL);
	assert_int_equal(org_profile_target(p, 2023), -1);
	assert_int_equal(org_profile_target(p, 2024), 30);
	assert_int_equal(org_profile_target(p, 2025), 60);
	assert_int_equal(org_profile_target(p, 2026), 100);
	assert_int_equal(org_profile_target(p, 2030), 100);
}

static void parameters_differ_by_profile(void **state)
{
	(void)state;
	assert_int_equal(org_profile_param(org_profile_for("450205", NULL), "absence_exit_days", -1), 30);
	assert_int_equal(org_profile_param(org_profile_for("361125", NULL), "absence_exit_days", -1), -1);
	assert_int_equal(org_profile_param(org_profile_for("361125", NULL), "licence_warning_days", 0), 90);
}

/* A profile directory of our own: two versions and a county override. */
static void versions_and_overrides(void **state)
{
	(void)state;
	char dir[] = "/tmp/yth-profiles-XXXXXX";
	assert_non_null(mkdtemp(dir));
	static const char *const docs[] = {
		"{\"id\":\"t\",\"version\":1,\"name\":\"旧\",\"effective_from\":\"2020-01-01\","
		"\"divisions\":[\"99\"],\"checklist\":[{\"key\":\"a\",\"label\":\"甲\"}],"
		"\"coverage_rule\":\"SR-ORG-4\",\"coverage_targets\":[{\"year\":2020,\"pct\":10}],"
		"\"parameters\":{\"licence_warning_days\":30}}",
		"{\"id\":\"t\",\"version\":2,\"name\":\"新\",\"effective_from\":\"2025-01-01\","
		"\"divisions\":[\"99\"],\"checklist\":[{\"key\":\"a\",\"label\":\"甲\"},{\"key\":\"b\","
		"\"label\":\"乙\"}],\"coverage_rule\":\"SR-ORG-4\",\"coverage_targets\":[],"
		"\"parameters\":{\"licence_warning_days\":60},\"county_overrides\":{\"990001\":"
		"{\"parameters\":{\"licence_warning_days\":15}}}}",
	};
	for (int i = 0; i < 2; i++) {
		char path[256];
		snprintf(path, sizeof(path), "%s/v%d.json", dir, i + 1);
		FILE *f = fopen(path, "w");
		fputs(docs[i], f);
		fclose(f);
	}
	struct app_error err;
	assert_int_equal(org_profiles_load(dir, &err), 2);
	/* the version in force at the time */
	assert_string_equal(org_profile_name(org_profile_for("990002", "2021-06-01")), "旧");
	assert_string_equal(org_profile_name(org_profile_for("990002", "2025-06-01")), "新");
	/* a county override changes only what it names */
	const json_t *o = org_profile_for("990001", "2025-06-01");
	assert_int_equal(org_profile_param(o, "licence_warning_days", 0), 15);
	assert_int_equal(org_profile_items(o), 2);
	assert_int_equal(org_profile_param(org_profile_for("990002", "2025-06-01"),
					   "licence_warning_days", 0), 60);
	/* a broken file fails the load, naming it, and keeps what was loaded */
	char path[256];
	snprintf(path, sizeof(path), "%s/v3.json", dir);
	FILE *f = fopen(path, "w");
	fputs("{\"id\":\"t\"}", f);
	fclose(f);
	assert_int_equal(org_profiles_load(dir, &err), -1);
	assert_non_null(strstr(err.message, "v3.json"));
	for (int i = 1; i <= 3; i++) {
		snprintf(path, sizeof(path), "%s/v%d.json", dir, i);
		unlink(path);
	}
	rmdir(dir);
	assert_int_equal(load_repo(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shangrao_binds_its_counties_with_eight_items),
		cmocka_unit_test(liubei_binds_its_district_with_five_items),
		cmocka_unit_test(targets_step_by_year),
		cmocka_unit_test(parameters_differ_by_profile),
		cmocka_unit_test(versions_and_overrides),
	};
	return cmocka_run_group_tests(tests, load_repo, unload);
}
