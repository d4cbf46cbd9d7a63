/* SPDX-License-Identifier: MIT */
/* API tests of adverse drug reaction and device event reports (不良反应 / 事件, SR-DRG-5): a
 * village doctor reports for their clinic (patient by reference, item, lot, reaction,
 * seriousness, outcome, reporter), every report audited; the county lists them by item,
 * lot and seriousness with the lot's hold state and exports them to .xlsx; a clinic reports
 * and sees only its own. Demo data, both backends; catalogue items and lots are seeded
 * directly. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pharm_fixture.h"
#include "io/xlsx_read.h"

/* POST a report by C for CLINIC of ITEM (LOT may be NULL) with SERIOUSNESS. */
static struct api_res *report(struct api_client *c, const char *clinic, const char *item,
			      const char *lot, const char *seriousness, const char *reaction)
{
	char day[11];
	api_date_from_today(-2, day);
	json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "clinic_id", clinic,
				 "item_id", item, "patient_ref", "门诊号 2025-0815", "occurred_on", day,
				 "reaction", reaction, "seriousness", seriousness, "outcome", "停药后好转",
				 "reporter", "李村医");
	if (lot)
		json_object_set_new(body, "lot_id", json_string(lot));
	struct api_res *res = api_send_json(c, "POST", "/api/v1/adverse-events", body);
	json_decref(body);
	return res;
}

/* The demo doctor's clinic, the pharmacist's centre, an item with a lot. */
struct fixture {
	struct api_client *doctor, *county;
	char *clinic, *centre;
	char item[37], lot[37];
};

static void fixture(struct srv *s, const char *name, const char *lot_no, struct fixture *f)
{
	struct api_client *pharmacist = api_login(s, "pharmacy");
	f->doctor = api_login(s, "clinic");
	f->county = api_login(s, "county");
	f->clinic = strdup(api_jstr(f->doctor->user, "institution_id"));
	f->centre = strdup(api_jstr(pharmacist->user, "institution_id"));
	api_client_free(pharmacist);
	seed_item_of(s, "450205", name, false, f->item);
	seed_stock_at(s, f->centre, f->clinic, "delivery_in", f->item, lot_no, "2027-03-31", 120, 30,
		   NULL, f->lot);
}

static void fixture_free(struct fixture *f)
{
	api_client_free(f->county);
	api_client_free(f->doctor);
	free(f->clinic);
	free(f->centre);
}

static void a_clinic_reports_an_adverse_reaction(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, "头孢克肟胶囊", "C2401", &f);
	struct api_res *res = report(f.doctor, f.clinic, f.item, f.lot, "moderate", "全身皮疹、瘙痒");
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "clinic_id"), f.clinic);
	assert_string_equal(api_jstr(res->json, "lot_no"), "C2401");
	assert_string_equal(api_jstr(res->json, "item_name"), "头孢克肟胶囊");
	assert_string_equal(api_jstr(res->json, "seriousness"), "moderate");
	assert_string_equal(api_jstr(res->json, "patient_ref"), "门诊号 2025-0815");
	assert_true(json_is_false(api_jget(res->json, "lot_on_hold")));
	/* Audited with the report. */
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity = "
		 "'adverse_event' AND entity_id = '%s'",
		 api_jstr(res->json, "id"));
	char *n = srv_sql_value(s, sql);
	assert_string_equal(n, "1");
	free(n);
	fixture_free(&f);
}

static void a_report_without_a_lot_is_accepted(void **state)
{
	struct fixture f;
	fixture(*state, "一次性输液器", "D2401", &f);
	struct api_res *res = report(f.doctor, f.clinic, f.item, NULL, "mild", "穿刺处渗液");
	assert_status(res, 201);
	assert_true(json_is_null(api_jget(res->json, "lot_id")));
	fixture_free(&f);
}

static void a_lot_of_another_item_is_refused(void **state)
{
	struct srv *s = *state;
	struct fixture f, g;
	fixture(s, "甲硝唑片", "E2401", &f);
	fixture(s, "左氧氟沙星片", "E2402", &g);
	assert_error(report(f.doctor, f.clinic, f.item, g.lot, "mild", "恶心"), 422, "invalid_field",
		     "lot_id", NULL);
	fixture_free(&g);
	fixture_free(&f);
}

static void seriousness_is_one_of_the_four(void **state)
{
	struct fixture f;
	fixture(*state, "氨茶碱片", "F2401", &f);
	assert_error(report(f.doctor, f.clinic, f.item, f.lot, "grave", "心悸"), 422, "invalid_field",
		     "seriousness", NULL);
	fixture_free(&f);
}

static void the_county_lists_reports_by_item_lot_and_seriousness_with_the_hold(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, "复方氨基比林注射液", "G2401", &f);
	assert_status(report(f.doctor, f.clinic, f.item, f.lot, "severe", "过敏性休克"), 201);
	assert_status(report(f.doctor, f.clinic, f.item, f.lot, "mild", "局部红肿"), 201);
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/adverse-events?item_id=%s&seriousness=severe", f.item);
	struct api_res *res = api_get(f.county, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	assert_string_equal(api_jstr(res->json, "items.0.reaction"), "过敏性休克");
	snprintf(path, sizeof(path), "/api/v1/adverse-events?lot_id=%s", f.lot);
	res = api_get(f.county, path);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 2);
	assert_true(json_is_false(api_jget(res->json, "items.0.lot_on_hold")));
	/* The lot is put on hold: each report shows it. */
	char sql[256];
	snprintf(sql, sizeof(sql), "UPDATE lots SET on_hold = 1, hold_reason = '不良反应' WHERE id = '%s'",
		 f.lot);
	assert_int_equal(srv_sql(s, sql), 1);
	res = api_get(f.county, path);
	assert_status(res, 200);
	assert_true(json_is_true(api_jget(res->json, "items.0.lot_on_hold")));
	assert_true(json_is_true(api_jget(res->json, "items.1.lot_on_hold")));
	fixture_free(&f);
}

static void reports_export_to_a_workbook(void **state)
{
	struct fixture f;
	fixture(*state, "维生素K1注射液", "H2401", &f);
	assert_status(report(f.doctor, f.clinic, f.item, f.lot, "fatal", "呼吸心跳骤停"), 201);
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/exports/adverse-events.xlsx?item_id=%s", f.item);
	struct api_res *res = api_get(f.county, path);
	assert_status(res, 200);
	assert_non_null(strstr(api_header(res, "Content-Type"), "spreadsheetml"));
	struct xlsx_sheet *sheet;
	char why[256];
	assert_int_equal(xlsx_read(res->body, res->body_len, &sheet, why, sizeof(why)), 0);
	assert_int_equal(sheet->rows, 2);
	bool header = false, reaction = false, level = false;
	for (size_t col = 0; col < sheet->cols; col++) {
		header = header || strcmp(xlsx_cell(sheet, 0, col), "严重程度") == 0;
		reaction = reaction || strcmp(xlsx_cell(sheet, 1, col), "呼吸心跳骤停") == 0;
		level = level || strcmp(xlsx_cell(sheet, 1, col), "死亡") == 0;
	}
	xlsx_sheet_free(sheet);
	assert_true(header);
	assert_true(reaction);
	assert_true(level);
	/* A village doctor does not export the county's reports. */
	assert_error(api_get(f.doctor, path), 403, "forbidden", NULL, NULL);
	fixture_free(&f);
}

static void a_clinic_reports_and_sees_only_its_own(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, "阿司匹林肠溶片", "J2401", &f);
	char *other = clinic_of_centre(s, f.centre, f.clinic, 0);
	assert_error(report(f.doctor, other, f.item, f.lot, "mild", "胃部不适"), 403, "forbidden",
		     NULL, NULL);
	struct api_client *pharmacist = api_login(s, "pharmacy");
	assert_status(report(pharmacist, other, f.item, f.lot, "mild", "胃部不适"), 201);
	api_client_free(pharmacist);
	struct api_res *res = api_get(f.doctor, "/api/v1/adverse-events?limit=500");
	assert_status(res, 200);
	size_t i;
	json_t *a;
	json_array_foreach(api_jget(res->json, "items"), i, a)
		assert_string_equal(api_jstr(a, "clinic_id"), f.clinic);
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/adverse-events?clinic_id=%s", other);
	res = api_get(f.county, path);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	free(other);
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_clinic_reports_an_adverse_reaction),
		cmocka_unit_test(a_report_without_a_lot_is_accepted),
		cmocka_unit_test(a_lot_of_another_item_is_refused),
		cmocka_unit_test(seriousness_is_one_of_the_four),
		cmocka_unit_test(the_county_lists_reports_by_item_lot_and_seriousness_with_the_hold),
		cmocka_unit_test(reports_export_to_a_workbook),
		cmocka_unit_test(a_clinic_reports_and_sees_only_its_own),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
