/* SPDX-License-Identifier: MIT */
/* API tests of the drugs area's monitors: a lot expiring within the profile's 90 days and
 * an expired lot still on a shelf (SR-DRG-4), an item below the clinic's minimum (SR-DRG-4
 * shortage), a place holding stock never counted (SR-DRG-3), a severe adverse reaction
 * (SR-DRG-5) and a request waiting for the centre (SR-DRG-2): each appears with its rule in
 * GET /api/v1/alerts and in `yitihua check`, and the dashboard counts them per clinic and
 * county. Demo data, both backends; stock is seeded directly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pharm_fixture.h"

/* The alert of RULE whose institution is PLACE and whose message holds NEEDLE, from
 * GET /api/v1/alerts as C sees it (owned by C until its next request), or NULL. */
static json_t *alert_of(struct api_client *c, const char *rule, const char *place,
			const char *needle)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/alerts?rule=%s&limit=500", rule);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	size_t i;
	json_t *a;
	json_array_foreach(api_jget(res->json, "items"), i, a)
	{
		const char *id = api_jstr(a, "institution_id");
		if (id && strcmp(id, place) == 0 && strstr(api_jstr(a, "message"), needle))
			return a;
	}
	return NULL;
}

/* True if `yitihua check` prints a line of RULE and SEVERITY holding NEEDLE. */
static bool checked(struct srv *s, const char *rule, const char *severity, const char *needle)
{
	int status;
	char *out = NULL;
	assert_int_equal(srv_cli(s, (const char *[]){"check", NULL}, NULL, &status, &out), 0);
	assert_int_equal(status, 0);
	bool found = false;
	for (char *line = strtok(out, "\n"); line && !found; line = strtok(NULL, "\n"))
		found = strncmp(line, rule, strlen(rule)) == 0 && strstr(line, severity) &&
			strstr(line, needle);
	free(out);
	return found;
}

/* Per test: the county's view, the pharmacist and the Nth other clinic of the centre. */
struct fixture {
	struct api_client *county, *pharmacist;
	char *centre, *clinic, *clinic_name;
	char item[37];
};

static void fixture(struct srv *s, int n, const char *item_name, struct fixture *f)
{
	struct api_client *doctor = api_login(s, "clinic");
	f->county = api_login(s, "county");
	f->pharmacist = api_login(s, "pharmacy");
	f->centre = strdup(api_jstr(f->pharmacist->user, "institution_id"));
	f->clinic = clinic_of_centre(s, f->centre, api_jstr(doctor->user, "institution_id"), n);
	f->clinic_name = institution_field(s, f->clinic, "name");
	api_client_free(doctor);
	seed_item_of(s, "450205", item_name, false, f->item);
}

static void fixture_free(struct fixture *f)
{
	api_client_free(f->pharmacist);
	api_client_free(f->county);
	free(f->centre);
	free(f->clinic);
	free(f->clinic_name);
}

static void a_lot_expiring_in_30_days_is_a_warning(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	char lot[37], expiry[11], today[11];
	fixture(s, 0, "阿莫西林胶囊", &f);
	api_date_from_today(30, expiry);
	api_date_from_today(0, today);
	seed_stock_at(s, f.centre, f.clinic, "delivery_in", f.item, "N2430", expiry, 35, 40, today, lot);
	json_t *a = alert_of(f.county, "SR-DRG-4", f.clinic, "N2430");
	assert_non_null(a);
	assert_string_equal(api_jstr(a, "severity"), "warning");
	assert_string_equal(api_jstr(a, "county_code"), "450205");
	assert_string_equal(api_jstr(a, "institution_name"), f.clinic_name);
	assert_non_null(strstr(api_jstr(a, "message"), "30 天"));
	assert_true(checked(s, "SR-DRG-4", "warning", "N2430"));
	/* A lot expiring in a year raises nothing. */
	char later[11], far_lot[37];
	api_date_from_today(365, later);
	seed_stock_at(s, f.centre, f.clinic, "delivery_in", f.item, "N2431", later, 35, 40, today,
		   far_lot);
	assert_null(alert_of(f.county, "SR-DRG-4", f.clinic, "N2431"));
	fixture_free(&f);
}

static void an_expired_lot_on_hand_is_an_error(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	char lot[37], expiry[11], today[11];
	fixture(s, 1, "复方甘草片", &f);
	api_date_from_today(-1, expiry);
	api_date_from_today(0, today);
	seed_stock_at(s, f.centre, f.clinic, "delivery_in", f.item, "X2401", expiry, 8, 12, today, lot);
	json_t *a = alert_of(f.county, "SR-DRG-4", f.clinic, "X2401");
	assert_non_null(a);
	assert_string_equal(api_jstr(a, "severity"), "error");
	assert_true(checked(s, "SR-DRG-4", "error", "X2401"));
	/* Once the expired stock is gone, so is the alert. */
	char sql[256];
	snprintf(sql, sizeof(sql), "UPDATE stock SET quantity = 0 WHERE lot_id = '%s'", lot);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_null(alert_of(f.county, "SR-DRG-4", f.clinic, "X2401"));
	fixture_free(&f);
}

static void an_item_below_the_minimum_is_a_shortage(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	char lot[37], today[11], path[256];
	fixture(s, 2, "硝酸甘油片", &f);
	api_date_from_today(0, today);
	seed_stock_at(s, f.centre, f.clinic, "delivery_in", f.item, "S2401", "2028-01-31", 20, 5, today,
		   lot);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/min-stock/%s", f.clinic, f.item);
	assert_status(api_put(f.pharmacist, path, "{\"minimum\": 60}"), 200);
	json_t *a = alert_of(f.county, "SR-DRG-4", f.clinic, "硝酸甘油片");
	assert_non_null(a);
	assert_string_equal(api_jstr(a, "severity"), "warning");
	assert_non_null(strstr(api_jstr(a, "message"), "60"));
	assert_true(checked(s, "SR-DRG-4", "warning", "硝酸甘油片"));
	/* At the minimum, no shortage. */
	assert_status(api_put(f.pharmacist, path, "{\"minimum\": 5}"), 200);
	assert_null(alert_of(f.county, "SR-DRG-4", f.clinic, "硝酸甘油片"));
	fixture_free(&f);
}

static void a_place_never_counted_is_a_warning(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	char lot[37], since[11];
	fixture(s, 3, "卡托普利片", &f);
	/* Stock held for 200 days, never counted (Liubei: every 3 months). */
	api_date_from_today(-200, since);
	seed_stock_at(s, f.centre, f.clinic, "delivery_in", f.item, "K2401", "2028-01-31", 5, 100,
		   since, lot);
	json_t *a = alert_of(f.county, "SR-DRG-3", f.clinic, "从未盘点");
	assert_non_null(a);
	assert_string_equal(api_jstr(a, "severity"), "warning");
	assert_true(checked(s, "SR-DRG-3", "warning", f.clinic_name));
	/* A count posted today ends it. */
	char *id = NULL;
	char today[11];
	api_date_from_today(0, today);
	struct api_res *res = api_sendf(f.pharmacist, "POST", "/api/v1/stocktakes",
					"{\"place_id\": \"%s\", \"counted_on\": \"%s\"}", f.clinic,
					today);
	assert_status(res, 201);
	id = strdup(api_jstr(res->json, "id"));
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s/counts", id);
	assert_status(api_sendf(f.pharmacist, "PUT", path,
				"{\"lines\": [{\"lot_id\": \"%s\", \"counted\": 100}]}", lot),
		      200);
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s/post", id);
	assert_status(api_post(f.pharmacist, path, "{}"), 200);
	assert_null(alert_of(f.county, "SR-DRG-3", f.clinic, "盘点"));
	free(id);
	fixture_free(&f);
}

static void a_variance_posted_this_month_is_reported(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	char lot[37], today[11], path[128];
	fixture(s, 4, "奥美拉唑肠溶胶囊", &f);
	api_date_from_today(0, today);
	seed_stock_at(s, f.centre, f.clinic, "delivery_in", f.item, "V2401", "2028-01-31", 50, 40, today,
		   lot);
	struct api_res *res = api_sendf(f.pharmacist, "POST", "/api/v1/stocktakes",
					"{\"place_id\": \"%s\", \"counted_on\": \"%s\"}", f.clinic,
					today);
	assert_status(res, 201);
	char *id = strdup(api_jstr(res->json, "id"));
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s/counts", id);
	assert_status(api_sendf(f.pharmacist, "PUT", path,
				"{\"lines\": [{\"lot_id\": \"%s\", \"counted\": 38, \"reason\": "
				"\"受潮报损\"}]}",
				lot),
		      200);
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s/post", id);
	assert_status(api_post(f.pharmacist, path, "{}"), 200);
	json_t *a = alert_of(f.county, "SR-DRG-3", f.clinic, "账实不符");
	assert_non_null(a);
	assert_string_equal(api_jstr(a, "severity"), "info");
	assert_non_null(strstr(api_jstr(a, "message"), "-1.00 元"));
	free(id);
	fixture_free(&f);
}

static void a_severe_adverse_reaction_is_a_warning(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	char day[11];
	fixture(s, 5, "青霉素钠注射剂", &f);
	api_date_from_today(-1, day);
	assert_status(api_sendf(f.pharmacist, "POST", "/api/v1/adverse-events",
				"{\"clinic_id\": \"%s\", \"item_id\": \"%s\", \"patient_ref\": \"P-77\", "
				"\"occurred_on\": \"%s\", \"reaction\": \"喉头水肿\", \"seriousness\": "
				"\"severe\", \"outcome\": \"转院后好转\", \"reporter\": \"王药师\"}",
				f.clinic, f.item, day),
		      201);
	json_t *a = alert_of(f.county, "SR-DRG-5", f.clinic, "喉头水肿");
	assert_non_null(a);
	assert_string_equal(api_jstr(a, "severity"), "warning");
	assert_true(checked(s, "SR-DRG-5", "warning", "喉头水肿"));
	fixture_free(&f);
}

static void a_request_waiting_more_than_3_days_is_reported(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	char sql[1024], id[37], day[11];
	fixture(s, 6, "二甲双胍片", &f);
	seed_id(id);
	api_date_from_today(-5, day);
	char *path = institution_field(s, f.clinic, "path");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO stock_requests (id, clinic_id, centre_id, status, path, created_at, "
		 "updated_at, created_by, updated_by) VALUES ('%s', '%s', '%s', 'requested', '%s', "
		 "'%sT08:00:00Z', '%sT08:00:00Z', 'test', 'test')",
		 id, f.clinic, f.centre, path, day, day);
	assert_int_equal(srv_sql(s, sql), 1);
	json_t *a = alert_of(f.county, "SR-DRG-2", f.centre, f.clinic_name);
	assert_non_null(a);
	assert_string_equal(api_jstr(a, "severity"), "info");
	free(path);
	fixture_free(&f);
}

static void the_dashboard_counts_per_clinic_and_county(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	char near[37], gone[37], short_lot[37], today[11], soon[11], past[11], path[256];
	fixture(s, 7, "氯雷他定片", &f);
	api_date_from_today(0, today);
	api_date_from_today(10, soon);
	api_date_from_today(-10, past);
	seed_stock_at(s, f.centre, f.clinic, "delivery_in", f.item, "Q2401", soon, 30, 10, today, near);
	seed_stock_at(s, f.centre, f.clinic, "delivery_in", f.item, "Q2402", past, 30, 10, today, gone);
	seed_stock_at(s, f.centre, f.clinic, "delivery_in", f.item, "Q2403", "2028-01-31", 30, 1, today,
		   short_lot);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/min-stock/%s", f.clinic, f.item);
	assert_status(api_put(f.pharmacist, path, "{\"minimum\": 100}"), 200);
	struct api_res *res = api_get(f.county, "/api/v1/pharmacy/dashboard");
	assert_status(res, 200);
	json_t *row = NULL, *county = NULL;
	size_t i;
	json_t *r;
	json_array_foreach(api_jget(res->json, "clinics"), i, r)
	{
		if (strcmp(api_jstr(r, "id"), f.clinic) == 0)
			row = r;
	}
	json_array_foreach(api_jget(res->json, "counties"), i, r)
	{
		if (strcmp(api_jstr(r, "county_code"), "450205") == 0)
			county = r;
	}
	assert_non_null(row);
	assert_non_null(county);
	assert_int_equal(api_jint(row, "near_expiry"), 1);
	assert_int_equal(api_jint(row, "expired"), 1);
	assert_int_equal(api_jint(row, "below_minimum"), 1);
	assert_true(api_jint(county, "near_expiry") >= 1);
	assert_true(api_jint(county, "expired") >= 1);
	assert_true(api_jint(county, "below_minimum") >= 1);
	/* The village doctor's dashboard is their clinic only. */
	struct api_client *doctor = api_login(s, "clinic");
	res = api_get(doctor, "/api/v1/pharmacy/dashboard");
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "clinics")), 1);
	assert_string_equal(api_jstr(res->json, "clinics.0.id"),
			    api_jstr(doctor->user, "institution_id"));
	api_client_free(doctor);
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_lot_expiring_in_30_days_is_a_warning),
		cmocka_unit_test(an_expired_lot_on_hand_is_an_error),
		cmocka_unit_test(an_item_below_the_minimum_is_a_shortage),
		cmocka_unit_test(a_place_never_counted_is_a_warning),
		cmocka_unit_test(a_variance_posted_this_month_is_reported),
		cmocka_unit_test(a_severe_adverse_reaction_is_a_warning),
		cmocka_unit_test(a_request_waiting_more_than_3_days_is_reported),
		cmocka_unit_test(the_dashboard_counts_per_clinic_and_county),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
