/* SPDX-License-Identifier: MIT */
/* API tests of audit visits (财务检查, SR-FIN-4): the centre checks a clinic's accounts and
 * charges at regular and irregular times and records what it found, what must be put right
 * and by when; the county records its own visits; a rectification confirmed closes a finding,
 * one past its deadline and still open is an alert; a village doctor sees only their
 * clinic's visits and the auditor changes nothing. Demo data, both backends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pharm_fixture.h"

struct fixture {
	struct place p;
	struct api_client *finance, *county;
};

static void fixture(struct srv *s, struct fixture *f)
{
	demo_places(s, &f->p);
	f->finance = api_login(s, "finance");
	f->county = api_login(s, "county");
}

static void fixture_free(struct fixture *f)
{
	api_client_free(f->county);
	api_client_free(f->finance);
}

/* POST a visit by C to PLACE by LEVEL DAYS_AGO days ago. */
static struct api_res *visit(struct api_client *c, const char *place, const char *level,
			     int days_ago)
{
	char on[11];
	api_date_from_today(-days_ago, on);
	json_t *body = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s}", "institution_id", place,
				 "visited_on", on, "by_level", level, "regular", true, "scope",
				 "账目、收费票据、现金日记账", "summary", "收费基本规范");
	struct api_res *res = api_send_json(c, "POST", "/api/v1/audit-visits", body);
	json_decref(body);
	return res;
}

/* A new visit by C (201 required): its id, malloc'd. */
static char *new_visit(struct api_client *c, const char *place, const char *level, int days_ago)
{
	struct api_res *res = visit(c, place, level, days_ago);
	assert_status(res, 201);
	return strdup(api_jstr(res->json, "id"));
}

/* POST a finding DESCRIPTION of visit ID by C, due DAYS from today (negative: past). */
static struct api_res *finding(struct api_client *c, const char *id, const char *description,
			       int days)
{
	char path[128], deadline[11];
	snprintf(path, sizeof(path), "/api/v1/audit-visits/%s/findings", id);
	api_date_from_today(days, deadline);
	json_t *body = json_pack("{s:s, s:s, s:s}", "description", description, "rectification",
				 "限期整改并报卫生院", "deadline", deadline);
	struct api_res *res = api_send_json(c, "POST", path, body);
	json_decref(body);
	return res;
}

/* A new finding (201 required): its id, malloc'd. */
static char *new_finding(struct api_client *c, const char *id, const char *description,
			 int days)
{
	struct api_res *res = finding(c, id, description, days);
	assert_status(res, 201);
	return strdup(api_jstr(res->json, "id"));
}

/* POST rectified on finding ID by C with BODY. */
static struct api_res *rectified(struct api_client *c, const char *id, const char *body)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/audit-findings/%s/rectified", id);
	return api_post(c, path, body);
}

/* The SR-FIN-4 alert about PLACE whose message holds NEEDLE, as C sees it, or NULL. */
static json_t *alert_of(struct api_client *c, const char *place, const char *needle)
{
	struct api_res *res = api_get(c, "/api/v1/alerts?rule=SR-FIN-4&limit=500");
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

static void the_centre_records_a_visit_with_its_findings(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	struct api_res *res = visit(f.finance, f.p.clinic, "centre", 5);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "institution_id"), f.p.clinic);
	assert_string_equal(api_jstr(res->json, "by_level"), "centre");
	assert_true(json_is_true(api_jget(res->json, "regular")));
	assert_int_equal(json_array_size(api_jget(res->json, "findings")), 0);
	char *id = strdup(api_jstr(res->json, "id"));
	res = finding(f.finance, id, "3 笔诊疗费未开具票据", 30);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "open");
	assert_string_equal(api_jstr(res->json, "institution_id"), f.p.clinic);
	assert_string_equal(api_jstr(res->json, "visit_id"), id);
	assert_true(json_is_false(api_jget(res->json, "overdue")));
	char *first = strdup(api_jstr(res->json, "id"));
	assert_status(finding(f.finance, id, "现金日记账未日清月结", 15), 201);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/audit-visits/%s", id);
	res = api_get(f.county, path);
	assert_status(res, 200);
	assert_int_equal(api_jint(res->json, "finding_count"), 2);
	assert_int_equal(api_jint(res->json, "open_count"), 2);
	assert_int_equal(json_array_size(api_jget(res->json, "findings")), 2);
	/* By deadline: the earlier first. */
	assert_string_equal(api_jstr(res->json, "findings.0.description"), "现金日记账未日清月结");
	/* Both audited. */
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM audit_log WHERE entity = 'audit_finding' AND entity_id = '%s'",
		 first);
	assert_int_equal(sql_int(s, sql), 1);
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM audit_log WHERE entity = 'audit_visit' AND entity_id = '%s'", id);
	assert_int_equal(sql_int(s, sql), 1);
	free(first);
	free(id);
	fixture_free(&f);
}

static void dates_are_checked(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	assert_error(visit(f.finance, f.p.clinic, "centre", -3), 422, "invalid_field", "visited_on",
		     NULL);
	char *id = new_visit(f.finance, f.p.clinic, "centre", 5);
	/* A deadline before the visit. */
	assert_error(finding(f.finance, id, "票据管理不规范", -10), 422, "invalid_field", "deadline",
		     NULL);
	char *fid = new_finding(f.finance, id, "票据管理不规范", 10);
	char day[11];
	api_date_from_today(-20, day);
	char body[128];
	snprintf(body, sizeof(body), "{\"note\": \"已整改\", \"rectified_on\": \"%s\"}", day);
	assert_error(rectified(f.finance, fid, body), 422, "invalid_field", "rectified_on", NULL);
	free(fid);
	free(id);
	fixture_free(&f);
}

static void a_confirmed_rectification_closes_the_finding(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char *id = new_visit(f.finance, f.p.clinic, "centre", 3);
	char *fid = new_finding(f.finance, id, "药品收入未按零差率核算", 20);
	assert_error(rectified(f.finance, fid, "{}"), 422, "required", "note", NULL);
	struct api_res *res = rectified(f.finance, fid, "{\"note\": \"已重新核算并退还差价\"}");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "rectified");
	assert_string_equal(api_jstr(res->json, "rectified_note"), "已重新核算并退还差价");
	char today[11];
	api_date_from_today(0, today);
	assert_string_equal(api_jstr(res->json, "rectified_on"), today);
	assert_error(rectified(f.finance, fid, "{\"note\": \"再次确认\"}"), 409, "conflict", "status",
		     NULL);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/audit-visits/%s", id);
	res = api_get(f.finance, path);
	assert_int_equal(api_jint(res->json, "open_count"), 0);
	free(fid);
	free(id);
	fixture_free(&f);
}

static void a_rectification_past_its_deadline_is_an_alert(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char *id = new_visit(f.finance, f.p.clinic, "centre", 60);
	char *late = new_finding(f.finance, id, "库存现金超过限额未上缴（测试）", -10);
	char *due = new_finding(f.finance, id, "收费公示不全（测试）", 10);
	json_t *a = alert_of(f.county, f.p.clinic, "库存现金超过限额未上缴（测试）");
	assert_non_null(a);
	assert_string_equal(api_jstr(a, "severity"), "error");
	assert_non_null(alert_of(f.finance, f.p.clinic, "库存现金超过限额未上缴（测试）"));
	/* One still within its deadline is no alert. */
	assert_null(alert_of(f.county, f.p.clinic, "收费公示不全（测试）"));
	/* The list says which are overdue. */
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/audit-findings?visit_id=%s&status=open", id);
	struct api_res *res = api_get(f.county, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 2);
	assert_string_equal(api_jstr(res->json, "items.0.id"), late);
	assert_true(json_is_true(api_jget(res->json, "items.0.overdue")));
	assert_true(json_is_false(api_jget(res->json, "items.1.overdue")));
	/* Put right, late: the alert goes. */
	assert_status(rectified(f.finance, late, "{\"note\": \"已全额上缴\"}"), 200);
	assert_null(alert_of(f.county, f.p.clinic, "库存现金超过限额未上缴（测试）"));
	free(due);
	free(late);
	free(id);
	fixture_free(&f);
}

static void the_county_records_its_own_visits(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	/* The centre does not record a visit as the county's. */
	assert_error(visit(f.finance, f.p.clinic, "county", 2), 403, "forbidden", "by_level", NULL);
	struct api_res *res = visit(f.county, f.p.clinic, "county", 2);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "by_level"), "county");
	/* The county checks the centre itself; the centre checks its clinics, not itself. */
	assert_status(visit(f.county, f.p.centre, "county", 2), 201);
	assert_error(visit(f.finance, f.p.centre, "centre", 2), 422, "invalid_field", "by_level",
		     NULL);
	fixture_free(&f);
}

static void a_village_doctor_sees_only_their_clinics_visits(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	char *other = clinic_of_centre(s, f.p.centre, f.p.clinic, 0);
	char *mine = new_visit(f.finance, f.p.clinic, "centre", 1);
	char *theirs = new_visit(f.finance, other, "centre", 1);
	char *their_finding = new_finding(f.finance, theirs, "票据缺号", 5);
	struct api_client *doctor = api_login(s, "clinic");
	struct api_res *res = api_get(doctor, "/api/v1/audit-visits?limit=500");
	assert_status(res, 200);
	assert_true(json_array_size(api_jget(res->json, "items")) > 0);
	size_t i;
	json_t *v;
	json_array_foreach(api_jget(res->json, "items"), i, v)
		assert_string_equal(api_jstr(v, "institution_id"), f.p.clinic);
	res = api_get(doctor, "/api/v1/audit-findings?limit=500");
	assert_status(res, 200);
	json_array_foreach(api_jget(res->json, "items"), i, v)
		assert_string_equal(api_jstr(v, "institution_id"), f.p.clinic);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/audit-visits/%s", mine);
	assert_status(api_get(doctor, path), 200);
	snprintf(path, sizeof(path), "/api/v1/audit-visits/%s", theirs);
	assert_error(api_get(doctor, path), 403, "forbidden", NULL, NULL);
	/* The doctor records nothing, not even their own rectification. */
	assert_error(visit(doctor, f.p.clinic, "centre", 1), 403, "forbidden", NULL, NULL);
	api_client_free(doctor);
	free(their_finding);
	free(theirs);
	free(mine);
	free(other);
	fixture_free(&f);
}

static void the_auditor_reads_and_changes_nothing(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	char *id = new_visit(f.finance, f.p.clinic, "centre", 1);
	char *fid = new_finding(f.finance, id, "收费票据未按号使用", 5);
	struct api_client *auditor = api_login(s, "auditor");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/audit-visits/%s", id);
	assert_status(api_get(auditor, path), 200);
	assert_status(api_get(auditor, "/api/v1/audit-visits"), 200);
	assert_status(api_get(auditor, "/api/v1/audit-findings"), 200);
	assert_error(visit(auditor, f.p.clinic, "county", 1), 403, "forbidden", NULL, NULL);
	assert_error(finding(auditor, id, "另一问题", 5), 403, "forbidden", NULL, NULL);
	assert_error(rectified(auditor, fid, "{\"note\": \"已整改\"}"), 403, "forbidden", NULL, NULL);
	api_client_free(auditor);
	free(fid);
	free(id);
	fixture_free(&f);
}

/* A visit and the problems found on it in one POST: all recorded, or, when one finding is
 * wrong, nothing, with the error naming that finding. */
static void a_visit_comes_with_its_findings_or_not_at_all(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	char on[11], due[11], early[11];
	api_date_from_today(-3, on);
	api_date_from_today(20, due);
	api_date_from_today(-10, early);
	const char *scope = "收费票据与现金（合并登记）";
	json_t *body = json_pack(
	    "{s:s, s:s, s:s, s:b, s:s, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}]}", "institution_id",
	    f.p.clinic, "visited_on", on, "by_level", "centre", "regular", false, "scope", scope,
	    "findings", "description", "票据存根缺号", "rectification", "补登并说明", "deadline",
	    due, "description", "现金未日清", "rectification", "每日清点", "deadline", due);
	struct api_res *res = api_send_json(f.finance, "POST", "/api/v1/audit-visits", body);
	assert_status(res, 201);
	assert_int_equal(json_array_size(api_jget(res->json, "findings")), 2);
	assert_int_equal(api_jint(res->json, "finding_count"), 2);
	assert_string_equal(api_jstr(res->json, "findings.0.status"), "open");
	/* The second finding's deadline before the visit: refused, naming it, and neither the
	 * visit nor the first finding is kept. */
	json_object_set_new(json_array_get(json_object_get(body, "findings"), 1), "deadline",
			    json_string(early));
	json_object_set_new(body, "scope", json_string("不应留下的检查"));
	res = api_send_json(f.finance, "POST", "/api/v1/audit-visits", body);
	assert_error(res, 422, "invalid_field", "findings.1.deadline", NULL);
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "第 2 条问题"));
	assert_int_equal(sql_int(s, "SELECT COUNT(*) FROM fin_audit_visits WHERE scope = "
				    "'不应留下的检查'"),
			 0);
	/* A finding missing its rectification: refused before anything is written. */
	json_object_del(json_array_get(json_object_get(body, "findings"), 0), "rectification");
	res = api_send_json(f.finance, "POST", "/api/v1/audit-visits", body);
	assert_error(res, 422, "required", "findings.0.rectification", NULL);
	json_decref(body);
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_centre_records_a_visit_with_its_findings),
		cmocka_unit_test(a_visit_comes_with_its_findings_or_not_at_all),
		cmocka_unit_test(dates_are_checked),
		cmocka_unit_test(a_confirmed_rectification_closes_the_finding),
		cmocka_unit_test(a_rectification_past_its_deadline_is_an_alert),
		cmocka_unit_test(the_county_records_its_own_visits),
		cmocka_unit_test(a_village_doctor_sees_only_their_clinics_visits),
		cmocka_unit_test(the_auditor_reads_and_changes_nothing),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
