/* SPDX-License-Identifier: MIT */
/* API tests of the institutions area: the tree and its scope, creating clinics under the
 * rules SR-ORG-1 and SR-ORG-3, licences (SR-ORG-2), the checklist and coverage (SR-ORG-4,
 * LB-ORG-1), alerts, profiles, divisions and the .xlsx export. Demo data, both backends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"


/* Id of the first institution matching QUERY (e.g. "kind=centre&division_code=..."). */
static char *first_id(struct api_client *c, const char *query)
{
	char path[512];
	snprintf(path, sizeof(path), "/api/v1/institutions?%s", query);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	const char *id = api_jstr(res->json, "items.0.id");
	assert_non_null(id);
	return strdup(id);
}

/* A Hengfeng village committee that has no clinic yet but a township centre, from the
 * SR-ORG-1 alerts (which go to the township's centre when there is one). *CENTRE gets the
 * centre's id. */
static char *village_without_clinic_with(struct api_client *admin, char **centre)
{
	struct api_res *res = api_get(
		admin, "/api/v1/alerts?rule=SR-ORG-1&severity=warning&county_code=361125&limit=500");
	assert_status(res, 200);
	json_t *alerts = json_deep_copy(api_jget(res->json, "items"));
	size_t i;
	json_t *a;
	char *village = NULL;
	json_array_foreach(alerts, i, a)
	{
		char path[128];
		snprintf(path, sizeof(path), "/api/v1/institutions/%s", api_jstr(a, "institution_id"));
		res = api_get(admin, path);
		if (strcmp(api_jstr(res->json, "kind"), "centre") != 0)
			continue;
		village = strdup(api_jstr(a, "division_code"));
		*centre = strdup(api_jstr(a, "institution_id"));
		break;
	}
	json_decref(alerts);
	assert_non_null(village);
	return village;
}

static char *village_without_clinic(struct api_client *admin)
{
	char *centre;
	char *village = village_without_clinic_with(admin, &centre);
	free(centre);
	return village;
}

static void county_sees_only_its_own_county(void **state)
{
	struct api_client *c = api_login(*state, "county");
	struct api_res *res = api_get(c, "/api/v1/institutions?limit=500");
	assert_status(res, 200);
	json_t *items = api_jget(res->json, "items");
	assert_true(json_array_size(items) > 10);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it) assert_string_equal(api_jstr(it, "county_code"), "450205");
	api_client_free(c);
}

static void clinic_user_sees_only_its_clinic(void **state)
{
	struct api_client *c = api_login(*state, "clinic");
	struct api_res *res = api_get(c, "/api/v1/institutions");
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	assert_string_equal(api_jstr(res->json, "items.0.kind"), "clinic");
	api_client_free(c);
}

static void list_pages_with_next_offset(void **state)
{
	struct api_client *c = api_login(*state, "admin");
	struct api_res *res = api_get(c, "/api/v1/institutions?kind=clinic&limit=5&sort=name");
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 5);
	assert_int_equal(api_jint(res->json, "next_offset"), 5);
	char first[64];
	snprintf(first, sizeof(first), "%s", api_jstr(res->json, "items.0.id"));
	res = api_get(c, "/api/v1/institutions?kind=clinic&limit=5&offset=5&sort=name");
	assert_status(res, 200);
	assert_string_not_equal(api_jstr(res->json, "items.0.id"), first);
	api_client_free(c);
}

static void bad_list_parameters_are_400(void **state)
{
	struct api_client *c = api_login(*state, "admin");
	assert_error(api_get(c, "/api/v1/institutions?limit=0"), 400, "bad_request", NULL, NULL);
	assert_error(api_get(c, "/api/v1/institutions?sort=phone"), 400, "bad_request", "sort", NULL);
	assert_error(api_get(c, "/api/v1/institutions?colour=red"), 400, "bad_request", "colour", NULL);
	assert_error(api_get(c, "/api/v1/institutions?kind=hospital"), 400, "bad_request", "kind", NULL);
	api_client_free(c);
}

static void admin_creates_a_clinic_for_a_village_without_one(void **state)
{
	struct api_client *c = api_login(*state, "admin");
	char *centre;
	char *village = village_without_clinic_with(c, &centre);
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"kind\":\"clinic\",\"name\":\"测试村卫生室\",\"division_code\":\"%s\","
		 "\"parent_id\":\"%s\",\"population\":1200}",
		 village, centre);
	struct api_res *res = api_post(c, "/api/v1/institutions", body);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "planned");
	assert_string_equal(api_jstr(res->json, "parent_id"), centre);
	assert_string_equal(api_jstr(res->json, "village_codes.0"), village);
	assert_string_equal(api_jstr(res->json, "profile_id"), "shangrao-2023");
	assert_int_equal(api_jint(res->json, "checklist_total"), 8);
	/* the village no longer raises SR-ORG-1 "no clinic" */
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/alerts?rule=SR-ORG-1&severity=warning&limit=500");
	res = api_get(c, path);
	assert_status(res, 200);
	assert_null(strstr(res->body, village));
	free(centre);
	free(village);
	api_client_free(c);
}

static void a_clinic_needs_a_parent_centre(void **state)
{
	struct api_client *c = api_login(*state, "admin");
	char *village = village_without_clinic(c);
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"kind\":\"clinic\",\"name\":\"无上级村卫生室\",\"division_code\":\"%s\"}", village);
	assert_error(api_post(c, "/api/v1/institutions", body), 422, "required", "parent_id",
		     "SR-ORG-3");
	free(village);
	api_client_free(c);
}

static void a_clinic_cannot_hang_under_a_bureau(void **state)
{
	struct api_client *c = api_login(*state, "admin");
	char *village = village_without_clinic(c);
	char *bureau = first_id(c, "kind=bureau&division_code=361125");
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"kind\":\"clinic\",\"name\":\"挂错村卫生室\",\"division_code\":\"%s\","
		 "\"parent_id\":\"%s\"}",
		 village, bureau);
	assert_error(api_post(c, "/api/v1/institutions", body), 422, "rule_violation", "parent_id",
		     "SR-ORG-3");
	free(bureau);
	free(village);
	api_client_free(c);
}

static void a_village_has_one_clinic_only(void **state)
{
	struct api_client *c = api_login(*state, "county");
	struct api_res *res = api_get(c, "/api/v1/institutions?kind=clinic&limit=1");
	char village[16], centre[40], body[512];
	snprintf(village, sizeof(village), "%s", api_jstr(res->json, "items.0.division_code"));
	snprintf(centre, sizeof(centre), "%s", api_jstr(res->json, "items.0.parent_id"));
	snprintf(body, sizeof(body),
		 "{\"kind\":\"clinic\",\"name\":\"重复村卫生室\",\"division_code\":\"%s\","
		 "\"parent_id\":\"%s\"}",
		 village, centre);
	assert_error(api_post(c, "/api/v1/institutions", body), 409, "conflict", "village_codes",
		     "SR-ORG-1");
	api_client_free(c);
}

static void bad_bodies_name_the_field(void **state)
{
	struct api_client *c = api_login(*state, "county");
	char *centre = first_id(c, "kind=centre&limit=1");
	static const struct {
		const char *fields;
		int status;
		const char *code, *field;
	} cases[] = {
		{"\"kind\":\"clinic\",\"colour\":1", 400, "unknown_field", "colour"},
		{"\"kind\":\"clinic\",\"name\":7", 400, "wrong_type", "name"},
		{"\"kind\":\"clinic\",\"name\":\"某村卫生室\"", 422, "required", "division_code"},
		{"\"kind\":\"clinic\",\"name\":\"某村卫生室\",\"division_code\":\"12x\"", 422,
		 "invalid_field", "division_code"},
		{"\"kind\":\"hospital\"", 422, "invalid_field", "kind"},
		{"\"kind\":\"clinic\",\"id\":\"x\"", 400, "unknown_field", "id"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char body[512];
		snprintf(body, sizeof(body), "{%s,\"parent_id\":\"%s\"}", cases[i].fields, centre);
		assert_error(api_post(c, "/api/v1/institutions", body), cases[i].status,
			     cases[i].code, cases[i].field, NULL);
	}
	free(centre);
	api_client_free(c);
}

static void licence_dates_must_be_in_order(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *id = first_id(c, "kind=clinic&limit=1");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s", id);
	assert_error(api_patch(c, path,
			       "{\"licence_valid_from\":\"2026-05-01\",\"licence_valid_until\":\"2025-05-01\"}"),
		     422, "invalid_field", "licence_valid_until", "SR-ORG-2");
	assert_error(api_patch(c, path, "{\"licence_valid_until\":\"2026-02-30\"}"), 422,
		     "invalid_field", "licence_valid_until", NULL);
	assert_error(api_patch(c, path, "{\"kind\":\"centre\"}"), 422, "invalid_field", "kind", NULL);
	free(id);
	api_client_free(c);
}

static void an_expiring_licence_raises_an_alert(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *id = first_id(c, "kind=clinic&status=planned&limit=1");
	char path[128], body[256], until[11];
	api_date_from_today(30, until);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s", id);
	snprintf(body, sizeof(body),
		 "{\"status\":\"open\",\"licence_no\":\"PDY-T-1\",\"licence_valid_from\":\"2022-01-01\","
		 "\"licence_valid_until\":\"%s\"}",
		 until);
	struct api_res *res = api_patch(c, path, body);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "licence_valid_until"), until);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/alerts", id);
	res = api_get(c, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "items.0.rule"), "SR-ORG-2");
	assert_string_equal(api_jstr(res->json, "items.0.severity"), "warning");
	assert_non_null(strstr(api_jstr(res->json, "items.0.message"), until));
	/* removing the licence turns it into an error */
	snprintf(path, sizeof(path), "/api/v1/institutions/%s", id);
	assert_status(api_patch(c, path, "{\"licence_no\":null}"), 200);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/alerts", id);
	res = api_get(c, path);
	assert_string_equal(api_jstr(res->json, "items.0.severity"), "error");
	free(id);
	api_client_free(c);
}

/* Coverage of COUNTY for YEAR: integrated clinics, and the share. */
static long long integrated(struct api_client *c, const char *county, int year)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/coverage?year=%d", year);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	size_t i;
	json_t *row;
	json_array_foreach(api_jget(res->json, "items"), i, row)
	{
		if (strcmp(api_jstr(row, "county_code"), county) == 0) {
			assert_true(json_is_integer(api_jget(row, "target_pct")));
			return api_jint(row, "integrated");
		}
	}
	fail_msg("county %s not in coverage", county);
	return -1;
}

static void ticking_every_item_integrates_a_clinic(void **state)
{
	struct api_client *c = api_login(*state, "county");
	char *id = first_id(c, "kind=clinic&status=planned&optional=false&limit=1");
	char today[11];
	api_date_from_today(0, today);
	int year = atoi(today);
	long long before = integrated(c, "450205", year);
	char path[200];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/checklist", id);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "profile.id"), "liubei-2021");
	json_t *items = json_deep_copy(api_jget(res->json, "items"));
	assert_int_equal(json_array_size(items), 5);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		snprintf(path, sizeof(path), "/api/v1/institutions/%s/checklist/%s", id,
			 api_jstr(it, "item"));
		res = api_sendf(c, "PUT", path, "{\"done_on\":\"%s\",\"note\":\"已落实\"}", today);
		assert_status(res, 200);
		assert_true(json_is_true(api_jget(res->json, "done")));
	}
	json_decref(items);
	assert_int_equal(integrated(c, "450205", year), before + 1);
	assert_int_equal(integrated(c, "450205", year - 1), integrated(c, "450205", year - 1));
	snprintf(path, sizeof(path), "/api/v1/institutions/%s", id);
	res = api_get(c, path);
	assert_true(json_is_true(api_jget(res->json, "integrated")));
	/* unticking one item takes it out again */
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/checklist/drugs", id);
	assert_status(api_delete(c, path), 204);
	assert_int_equal(integrated(c, "450205", year), before);
	free(id);
	api_client_free(c);
}

static void checklist_refuses_unknown_items_and_future_dates(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *id = first_id(c, "kind=clinic&limit=1");
	char path[200], tomorrow[11];
	api_date_from_today(2, tomorrow);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/checklist/informatization", id);
	/* 信息化 is one of Shangrao's eight, not of Liubei's five */
	assert_error(api_put(c, path, "{}"), 422, "invalid_field", "item", "LB-ORG-1");
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/checklist/drugs", id);
	char body[64];
	snprintf(body, sizeof(body), "{\"done_on\":\"%s\"}", tomorrow);
	assert_error(api_put(c, path, body), 422, "invalid_field", "done_on", NULL);
	free(id);
	api_client_free(c);
}

static void coverage_compares_with_the_yearly_target(void **state)
{
	struct api_client *c = api_login(*state, "admin");
	struct api_res *res = api_get(c, "/api/v1/coverage?year=2024");
	assert_status(res, 200);
	size_t i;
	json_t *row;
	int seen = 0;
	json_array_foreach(api_jget(res->json, "items"), i, row)
	{
		if (strcmp(api_jstr(row, "county_code"), "361125") == 0) {
			assert_int_equal(api_jint(row, "target_pct"), 30);
			assert_string_equal(api_jstr(row, "rule"), "SR-ORG-4");
			seen++;
		} else {
			assert_string_equal(api_jstr(row, "rule"), "LB-ORG-1");
			seen++;
		}
		long long n = api_jint(row, "clinics"), done = api_jint(row, "integrated");
		assert_int_equal(api_jint(row, "share_pct"), n ? done * 100 / n : 0);
		assert_int_equal(json_is_true(api_jget(row, "behind")),
				 done * 100 < api_jint(row, "target_pct") * n);
	}
	assert_int_equal(seen, 2);
	res = api_get(c, "/api/v1/coverage?year=2026");
	json_array_foreach(api_jget(res->json, "items"), i, row)
	{
		if (strcmp(api_jstr(row, "county_code"), "361125") == 0)
			assert_int_equal(api_jint(row, "target_pct"), 100);
	}
	assert_error(api_get(c, "/api/v1/coverage?year=abc"), 400, "bad_request", "year", NULL);
	api_client_free(c);
}

static void alerts_cite_rules_and_filter(void **state)
{
	struct api_client *c = api_login(*state, "admin");
	struct api_res *res = api_get(c, "/api/v1/alerts?limit=500");
	assert_status(res, 200);
	json_t *by_rule = api_jget(res->json, "by_rule");
	assert_true(json_integer_value(json_object_get(by_rule, "SR-ORG-1")) > 0);
	assert_true(json_integer_value(json_object_get(by_rule, "SR-ORG-2")) > 0);
	assert_true(json_integer_value(json_object_get(by_rule, "SR-ORG-4")) > 0);
	assert_true(json_integer_value(json_object_get(by_rule, "LB-ORG-1")) > 0);
	res = api_get(c, "/api/v1/alerts?rule=SR-ORG-2&severity=error&limit=500");
	size_t i;
	json_t *a;
	json_array_foreach(api_jget(res->json, "items"), i, a)
	{
		assert_string_equal(api_jstr(a, "rule"), "SR-ORG-2");
		assert_string_equal(api_jstr(a, "severity"), "error");
	}
	assert_int_equal(api_jint(res->json, "total"), (long long)json_array_size(api_jget(res->json, "items")));
	api_client_free(c);
}

static void tree_nests_clinics_under_centres(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	struct api_res *res = api_get(c, "/api/v1/tree");
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	assert_string_equal(api_jstr(res->json, "items.0.name"), "沙塘镇中心卫生院");
	assert_string_equal(api_jstr(res->json, "items.0.children.0.kind"), "clinic");
	api_client_free(c);
	c = api_login(*state, "county");
	res = api_get(c, "/api/v1/tree");
	assert_string_equal(api_jstr(res->json, "items.0.kind"), "bureau");
	assert_true(json_array_size(api_jget(res->json, "items.0.children")) >= 3);
	api_client_free(c);
}

static void profiles_hold_both_policies(void **state)
{
	struct api_client *c = api_login(*state, "clinic");
	struct api_res *res = api_get(c, "/api/v1/profiles/shangrao-2023");
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "checklist")), 8);
	res = api_get(c, "/api/v1/profiles/liubei-2021");
	assert_int_equal(json_array_size(api_jget(res->json, "checklist")), 5);
	assert_string_equal(api_jstr(res->json, "effective_from"), "2021-08-01");
	assert_error(api_get(c, "/api/v1/profiles/nowhere"), 404, "not_found", NULL, NULL);
	api_client_free(c);
}

static void divisions_filter_by_parent(void **state)
{
	struct api_client *c = api_login(*state, "county");
	struct api_res *res = api_get(c, "/api/v1/divisions?parent_code=450205101&limit=100");
	assert_status(res, 200);
	size_t i;
	json_t *d;
	json_array_foreach(api_jget(res->json, "items"), i, d)
	{
		assert_string_equal(api_jstr(d, "parent_code"), "450205101");
		assert_string_equal(api_jstr(d, "level"), "village");
	}
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 13);
	res = api_get(c, "/api/v1/divisions/450205101205");
	assert_string_equal(api_jstr(res->json, "name"), "沙塘村委会");
	assert_error(api_get(c, "/api/v1/divisions/999999"), 404, "not_found", NULL, NULL);
	api_client_free(c);
}

static void export_is_a_workbook(void **state)
{
	struct api_client *c = api_login(*state, "county");
	struct api_res *res = api_get(c, "/api/v1/exports/institutions.xlsx?kind=clinic");
	assert_status(res, 200);
	assert_non_null(strstr(api_header(res, "Content-Type"), "spreadsheetml"));
	assert_non_null(strstr(api_header(res, "Content-Disposition"), "attachment"));
	assert_true(res->body_len > 1000);
	assert_memory_equal(res->body, "PK\x03\x04", 4);
	api_client_free(c);
}

/* The value of the Prometheus counter NAME in /metrics. */
static long long metric(struct api_client *c, const char *name)
{
	struct api_res *res = api_get(c, "/metrics");
	assert_status(res, 200);
	char pattern[128];
	snprintf(pattern, sizeof(pattern), "\n%s ", name);
	const char *at = strstr(res->body, pattern);
	assert_non_null(at);
	return atoll(at + strlen(pattern));
}

static void cached_reads_never_outlive_a_write(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char *id = first_id(c, "kind=clinic&limit=1");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s", id);
	long long hits = metric(c, "yitihua_http_cache_hits_total");
	for (int i = 0; i < 20; i++)
		assert_status(api_get(c, path), 200);
	/* SQLite reuses answers; PostgreSQL (other servers may write) never does */
	if (s->postgres)
		assert_int_equal(metric(c, "yitihua_http_cache_hits_total"), hits);
	else
		assert_true(metric(c, "yitihua_http_cache_hits_total") > hits);
	for (int i = 0; i < 4; i++) {
		char body[64];
		snprintf(body, sizeof(body), "{\"population\":%d}", 1000 + i);
		assert_status(api_patch(c, path, body), 200);
		for (int k = 0; k < 6; k++) {
			struct api_res *res = api_get(c, path);
			assert_int_equal(api_jint(res->json, "population"), 1000 + i);
		}
	}
	free(id);
	api_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(county_sees_only_its_own_county),
		cmocka_unit_test(clinic_user_sees_only_its_clinic),
		cmocka_unit_test(list_pages_with_next_offset),
		cmocka_unit_test(bad_list_parameters_are_400),
		cmocka_unit_test(admin_creates_a_clinic_for_a_village_without_one),
		cmocka_unit_test(a_clinic_needs_a_parent_centre),
		cmocka_unit_test(a_clinic_cannot_hang_under_a_bureau),
		cmocka_unit_test(a_village_has_one_clinic_only),
		cmocka_unit_test(bad_bodies_name_the_field),
		cmocka_unit_test(licence_dates_must_be_in_order),
		cmocka_unit_test(an_expiring_licence_raises_an_alert),
		cmocka_unit_test(ticking_every_item_integrates_a_clinic),
		cmocka_unit_test(checklist_refuses_unknown_items_and_future_dates),
		cmocka_unit_test(coverage_compares_with_the_yearly_target),
		cmocka_unit_test(alerts_cite_rules_and_filter),
		cmocka_unit_test(tree_nests_clinics_under_centres),
		cmocka_unit_test(profiles_hold_both_policies),
		cmocka_unit_test(divisions_filter_by_parent),
		cmocka_unit_test(export_is_a_workbook),
		cmocka_unit_test(cached_reads_never_outlive_a_write),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
