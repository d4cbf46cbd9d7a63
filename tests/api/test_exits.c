/* SPDX-License-Identifier: MIT */
/* API tests of exit reviews (LB-STF-7): a review is raised with its reason and evidence
 * (by the centre, or by attendance at the 30th absent day), one open review per person and
 * reason; only the county bureau decides; confirming marks the person exited and ends their
 * contract on the effective date (pay and subsidies stop from then) and an exited person
 * gets no new contract; dismissing changes nothing else. Demo data, both backends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"



/* A person of CENTRE_ID with a physician's licence (malloc'd id). */
static char *new_person(struct api_client *c, const char *centre_id, const char *name)
{
	static int next = 1;
	char path[160];
	char *id = api_new_person(c, "450205", centre_id, name, false, "1978-05-20");
	snprintf(path, sizeof(path), "/api/v1/people/%s/qualifications", id);
	struct api_res *res = api_sendf(c, "POST", path,
	                "{\"kind\": \"physician\", \"certificate_no\": \"X%06d\", \"issuer\": "
	                "\"柳州市卫生健康委员会\", \"issued_on\": \"2005-01-01\"}",
	                next++);
	assert_status(res, 201);
	return id;
}

/* A clinic of CENTRE_ID (malloc'd id). */
static char *clinic_of(struct api_client *c, const char *centre_id)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/institutions?kind=clinic&parent_id=%s", centre_id);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_non_null(api_jstr(res->json, "items.0.id"));
	return strdup(api_jstr(res->json, "items.0.id"));
}

/* A contract of PERSON at CLINIC from STARTS for two years; approved by COUNTY unless it is
 * NULL. Returns the id (malloc'd). */
static char *contract(struct api_client *centre, struct api_client *county, const char *person,
                      const char *clinic, const char *starts, const char *ends)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/contracts", person);
	struct api_res *res =
	    api_sendf(centre, "POST", path,
	              "{\"clinic_id\": \"%s\", \"type\": \"labour\", \"starts_on\": "
	              "\"%s\", \"ends_on\": \"%s\"}",
	              clinic, starts, ends);
	assert_status(res, 201);
	char *id = strdup(api_jstr(res->json, "id"));
	if (county) {
		snprintf(path, sizeof(path), "/api/v1/contracts/%s/decision", id);
		assert_status(api_post(county, path, "{\"decision\": \"approve\"}"), 200);
	}
	return id;
}

/* POST an exit review of PERSON for REASON. */
static struct api_res *raise_review(struct api_client *c, const char *person, const char *reason)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/exit-reviews", person);
	return api_sendf(c, "POST", path,
	                 "{\"reason\": \"%s\", \"evidence\": {\"document\": \"辞职申请书\", "
	                 "\"received_on\": \"2026-01-05\"}, \"note\": \"本人提出\"}",
	                 reason);
}

/* The id of a new open review of PERSON for REASON (malloc'd). */
static char *open_review(struct api_client *c, const char *person, const char *reason)
{
	struct api_res *res = raise_review(c, person, reason);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "open");
	return strdup(api_jstr(res->json, "id"));
}

static struct api_res *decide(struct api_client *c, const char *review, const char *body)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/exit-reviews/%s/decision", review);
	return api_post(c, path, body);
}

/* The first column of SQL with %s replaced by ID (malloc'd, or NULL). */
static char *value_of(struct srv *s, const char *sql, const char *id)
{
	char text[512];
	snprintf(text, sizeof(text), sql, id);
	return srv_sql_value(s, text);
}

static void assert_value(struct srv *s, const char *sql, const char *id, const char *want)
{
	char *v = value_of(s, sql, id);
	if (want) {
		assert_non_null(v);
		assert_string_equal(v, want);
	} else {
		assert_null(v);
	}
	free(v);
}

/* The fixture: the demo's 沙塘 centre, the county and one of the centre's clinics. */
struct fx {
	struct srv *s;
	struct api_client *centre, *county;
	const char *centre_id;
	char *clinic;
};

static void fx_open(struct srv *s, struct fx *f)
{
	f->s = s;
	f->centre = api_login(s, "centre");
	f->county = api_login(s, "county");
	f->centre_id = api_jstr(f->centre->user, "institution_id");
	f->clinic = clinic_of(f->centre, f->centre_id);
}

static void fx_close(struct fx *f)
{
	free(f->clinic);
	api_client_free(f->county);
	api_client_free(f->centre);
}

/* ---- raising ---- */

static void centre_raises_a_review_with_evidence(void **state)
{
	struct fx f;
	fx_open(*state, &f);
	char *p = new_person(f.centre, f.centre_id, "覃辞职");
	struct api_res *res = raise_review(f.centre, p, "resignation");
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "open");
	assert_string_equal(api_jstr(res->json, "reason"), "resignation");
	assert_string_equal(api_jstr(res->json, "person_id"), p);
	assert_string_equal(api_jstr(res->json, "person_name"), "覃辞职");
	assert_string_equal(api_jstr(res->json, "evidence.document"), "辞职申请书");
	assert_true(json_is_null(api_jget(res->json, "effective_on")));
	free(p);
	fx_close(&f);
}

static void one_open_review_per_person_and_reason(void **state)
{
	struct fx f;
	fx_open(*state, &f);
	char *p = new_person(f.centre, f.centre_id, "覃重复");
	char *first = open_review(f.centre, p, "penalty");
	assert_error(raise_review(f.centre, p, "penalty"), 409, "conflict", "reason", "LB-STF-7");
	char *other = open_review(f.centre, p, "accident"); /* another reason is another review */
	assert_value(f.s, "SELECT COUNT(*) FROM exit_reviews WHERE person_id = '%s'", p, "2");
	/* once the first is dismissed, the reason may be raised again */
	assert_status(decide(f.county, first, "{\"decision\": \"dismiss\"}"), 200);
	free(open_review(f.centre, p, "penalty"));
	free(other);
	free(first);
	free(p);
	fx_close(&f);
}

static void unknown_reason_and_bad_evidence_name_the_field(void **state)
{
	struct fx f;
	char path[160];
	fx_open(*state, &f);
	char *p = new_person(f.centre, f.centre_id, "覃乱填");
	assert_error(raise_review(f.centre, p, "boredom"), 422, "invalid_field", "reason", NULL);
	snprintf(path, sizeof(path), "/api/v1/people/%s/exit-reviews", p);
	assert_error(api_post(f.centre, path, "{\"reason\": \"death\", \"evidence\": \"口头\"}"),
	             400, "wrong_type", "evidence", NULL);
	assert_error(api_post(f.centre, path, "{\"evidence\": {}}"), 422, "required", "reason",
	             NULL);
	free(p);
	fx_close(&f);
}

static void attendance_raises_one_absence_review_at_thirty_days(void **state)
{
	struct fx f;
	char path[160], sql[16384], year[11];
	fx_open(*state, &f);
	char *p = new_person(f.centre, f.centre_id, "覃离岗");
	api_date_from_today(-366, year);
	year[4] = '\0';
	/* 29 absent days of last January, seeded; the 30th and 31st through the API */
	size_t len = (size_t)snprintf(sql, sizeof(sql),
	                              "INSERT INTO attendance (id, person_id, on_date, status, "
	                              "schedule_posted, created_at, updated_at, created_by, "
	                              "updated_by) VALUES ");
	for (int d = 1; d <= 29; d++)
		len += (size_t)snprintf(sql + len, sizeof(sql) - len,
		                        "%s('ex-%s-%d', '%s', '%s-01-%02d', 'absent', 0, "
		                        "'2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 't', 't')",
		                        d == 1 ? "" : ", ", p, d, p, year, d);
	assert_int_equal(srv_sql(f.s, sql), 29);
	assert_value(f.s, "SELECT COUNT(*) FROM exit_reviews WHERE person_id = '%s'", p, "0");
	snprintf(path, sizeof(path), "/api/v1/people/%s/attendance/%s-01-30", p, year);
	assert_status(api_put(f.centre, path, "{\"status\": \"absent\"}"), 200);
	assert_value(
	    f.s,
	    "SELECT COUNT(*) FROM exit_reviews WHERE person_id = '%s' AND reason = 'absence' "
	    "AND status = 'open'",
	    p, "1");
	snprintf(path, sizeof(path), "/api/v1/people/%s/attendance/%s-01-31", p, year);
	assert_status(api_put(f.centre, path, "{\"status\": \"absent\"}"), 200);
	assert_value(f.s, "SELECT COUNT(*) FROM exit_reviews WHERE person_id = '%s'", p, "1");
	struct api_res *res = api_get(f.county, "/api/v1/exit-reviews?reason=absence&status=open");
	assert_status(res, 200);
	bool listed = false;
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		if (strcmp(api_jstr(it, "person_id"), p) != 0)
			continue;
		listed = true;
		assert_int_equal(api_jint(it, "evidence.days"), 30);
	}
	assert_true(listed);
	free(p);
	fx_close(&f);
}

/* ---- deciding ---- */

static void confirming_ends_the_contract_and_marks_the_person_exited(void **state)
{
	struct fx f;
	char starts[11], ends[11], effective[11], later[11], path[160];
	fx_open(*state, &f);
	char *p = new_person(f.centre, f.centre_id, "覃退出");
	api_date_from_today(-200, starts);
	api_date_from_today(500, ends);
	api_date_from_today(-3, effective);
	api_date_from_today(30, later);
	char *active = contract(f.centre, f.county, p, f.clinic, starts, ends);
	char *pending = contract(f.centre, NULL, p, f.clinic, later, ends);
	char *review = open_review(f.centre, p, "death");
	char body[160];
	snprintf(
	    body, sizeof(body),
	    "{\"decision\": \"confirm\", \"effective_on\": \"%s\", \"note\": \"死亡证明已核\"}",
	    effective);
	struct api_res *res = decide(f.county, review, body);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "confirmed");
	assert_string_equal(api_jstr(res->json, "effective_on"), effective);
	assert_string_equal(api_jstr(res->json, "decided_by"), "county");
	assert_string_equal(api_jstr(res->json, "note"), "死亡证明已核");
	/* the person: exited from the effective date, so pay and subsidies stop then */
	assert_value(f.s, "SELECT exited_on FROM people WHERE id = '%s'", p, effective);
	assert_value(f.s, "SELECT exit_reason FROM people WHERE id = '%s'", p, "death");
	/* the contract: ended that day, for that reason */
	snprintf(path, sizeof(path), "/api/v1/people/%s/contracts", p);
	res = api_get(f.centre, path);
	assert_status(res, 200);
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		if (strcmp(api_jstr(it, "id"), active) == 0) {
			assert_string_equal(api_jstr(it, "status"), "ended");
			assert_string_equal(api_jstr(it, "ended_on"), effective);
			assert_string_equal(api_jstr(it, "end_reason"), "exit:death");
		} else {
			assert_string_equal(api_jstr(it, "id"), pending);
			assert_string_equal(api_jstr(it, "status"), "rejected");
		}
	}
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 2);
	assert_value(f.s,
	             "SELECT COUNT(*) FROM audit_log WHERE entity = 'exit_review' AND entity_id = "
	             "'%s' AND action = 'confirm'",
	             review, "1");
	free(review);
	free(pending);
	free(active);
	free(p);
	fx_close(&f);
}

static void an_exited_person_gets_no_new_contract_nor_review(void **state)
{
	struct fx f;
	char today[11], ends[11];
	fx_open(*state, &f);
	char *p = new_person(f.centre, f.centre_id, "覃已退");
	char *review = open_review(f.centre, p, "transfer");
	api_date_from_today(0, today);
	api_date_from_today(700, ends);
	char body[128];
	snprintf(body, sizeof(body), "{\"decision\": \"confirm\", \"effective_on\": \"%s\"}",
	         today);
	assert_status(decide(f.county, review, body), 200);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/contracts", p);
	struct api_res *res =
	    api_sendf(f.centre, "POST", path,
	              "{\"clinic_id\": \"%s\", \"type\": \"labour\", \"starts_on\": "
	              "\"%s\", \"ends_on\": \"%s\"}",
	              f.clinic, today, ends);
	assert_error(res, 422, "rule_violation", "person_id", "LB-STF-7");
	assert_error(raise_review(f.centre, p, "penalty"), 409, "conflict", "person_id",
	             "LB-STF-7");
	free(review);
	free(p);
	fx_close(&f);
}

static void confirming_needs_an_effective_date(void **state)
{
	struct fx f;
	fx_open(*state, &f);
	char *p = new_person(f.centre, f.centre_id, "覃无日期");
	char *review = open_review(f.centre, p, "resignation");
	assert_error(decide(f.county, review, "{\"decision\": \"confirm\"}"), 422, "required",
	             "effective_on", "LB-STF-7");
	assert_error(decide(f.county, review,
	                    "{\"decision\": \"confirm\", \"effective_on\": "
	                    "\"2026-02-30\"}"),
	             422, "invalid_field", "effective_on", NULL);
	assert_value(f.s, "SELECT status FROM exit_reviews WHERE id = '%s'", review, "open");
	free(review);
	free(p);
	fx_close(&f);
}

static void dismissing_changes_nothing_else(void **state)
{
	struct fx f;
	char starts[11], ends[11];
	fx_open(*state, &f);
	char *p = new_person(f.centre, f.centre_id, "覃驳回");
	api_date_from_today(-10, starts);
	api_date_from_today(600, ends);
	char *c = contract(f.centre, f.county, p, f.clinic, starts, ends);
	char *review = open_review(f.centre, p, "refusal");
	struct api_res *res =
	    decide(f.county, review, "{\"decision\": \"dismiss\", \"note\": \"查无实据\"}");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "dismissed");
	assert_true(json_is_null(api_jget(res->json, "effective_on")));
	assert_value(f.s, "SELECT exited_on FROM people WHERE id = '%s'", p, NULL);
	assert_value(f.s, "SELECT status FROM contracts WHERE id = '%s'", c, "active");
	free(review);
	free(c);
	free(p);
	fx_close(&f);
}

static void a_review_is_decided_once(void **state)
{
	struct fx f;
	fx_open(*state, &f);
	char *p = new_person(f.centre, f.centre_id, "覃两次");
	char *review = open_review(f.centre, p, "licence_revoked");
	assert_status(decide(f.county, review, "{\"decision\": \"dismiss\"}"), 200);
	assert_error(decide(f.county, review,
	                    "{\"decision\": \"confirm\", \"effective_on\": \"2026-01-01\"}"),
	             409, "conflict", "status", NULL);
	free(review);
	free(p);
	fx_close(&f);
}

static void only_the_county_decides(void **state)
{
	struct fx f;
	fx_open(*state, &f);
	char *p = new_person(f.centre, f.centre_id, "覃越权");
	char *review = open_review(f.centre, p, "accident");
	const char *body = "{\"decision\": \"confirm\", \"effective_on\": \"2026-01-01\"}";
	assert_error(decide(f.centre, review, body), 403, "forbidden", NULL, NULL);
	struct api_client *finance = api_login(f.s, "finance");
	assert_error(decide(finance, review, body), 403, "forbidden", NULL, NULL);
	api_client_free(finance);
	assert_value(f.s, "SELECT status FROM exit_reviews WHERE id = '%s'", review, "open");
	assert_value(f.s, "SELECT exited_on FROM people WHERE id = '%s'", p, NULL);
	free(review);
	free(p);
	fx_close(&f);
}

/* ---- lists and scope ---- */

static void another_centre_does_not_see_the_review(void **state)
{
	struct fx f;
	fx_open(*state, &f);
	struct api_client *admin = api_login(f.s, "admin");
	struct api_res *res = api_get(admin, "/api/v1/institutions?kind=centre&county_code=450205");
	char *other = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		if (!other && strcmp(api_jstr(it, "id"), f.centre_id) != 0)
			other = strdup(api_jstr(it, "id"));
	}
	assert_non_null(other);
	char *p = new_person(admin, other, "覃外院");
	char *review = open_review(admin, p, "resignation");
	res = api_get(f.centre, "/api/v1/exit-reviews?limit=500");
	assert_status(res, 200);
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		assert_string_not_equal(api_jstr(it, "id"), review);
	}
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/exit-reviews", p);
	assert_error(api_post(f.centre, path, "{\"reason\": \"death\"}"), 403, "forbidden", NULL,
	             NULL);
	/* the county sees it, filtered by status and reason */
	res = api_get(f.county, "/api/v1/exit-reviews?status=open&reason=resignation&limit=500");
	assert_status(res, 200);
	bool seen = false;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		assert_string_equal(api_jstr(it, "status"), "open");
		assert_string_equal(api_jstr(it, "reason"), "resignation");
		seen = seen || strcmp(api_jstr(it, "id"), review) == 0;
	}
	assert_true(seen);
	free(review);
	free(p);
	free(other);
	api_client_free(admin);
	fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(centre_raises_a_review_with_evidence),
	    cmocka_unit_test(one_open_review_per_person_and_reason),
	    cmocka_unit_test(unknown_reason_and_bad_evidence_name_the_field),
	    cmocka_unit_test(attendance_raises_one_absence_review_at_thirty_days),
	    cmocka_unit_test(confirming_ends_the_contract_and_marks_the_person_exited),
	    cmocka_unit_test(an_exited_person_gets_no_new_contract_nor_review),
	    cmocka_unit_test(confirming_needs_an_effective_date),
	    cmocka_unit_test(dismissing_changes_nothing_else),
	    cmocka_unit_test(a_review_is_decided_once),
	    cmocka_unit_test(only_the_county_decides),
	    cmocka_unit_test(another_centre_does_not_see_the_review),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
