/* SPDX-License-Identifier: MIT */
/* API tests of the fixed-asset register (固定资产, SR-FIN-5): the centre registers a clinic's
 * assets, owned by the centre and numbered when no number is given; the value never changes;
 * no one moves, disposes of or declares an asset missing by editing it — transfers (within
 * the county) and disposals go through a request the county approves; inventory checks
 * (清查) account for every asset, and an asset found missing is an alert, as is a register
 * not checked for a year; the register exports to .xlsx; a village doctor sees only their
 * clinic's assets and the auditor changes nothing. Demo data, both backends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "io/xlsx_read.h"
#include "pharm_fixture.h"

/* The demo places and the centre's finance officer and the county, per test. */
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

/* POST an asset by C at PLACE; ASSET_NO may be NULL (then generated). */
static struct api_res *register_asset(struct api_client *c, const char *place,
				      const char *category, const char *description,
				      long long value_fen, const char *asset_no)
{
	json_t *body = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "institution_id", place,
				 "category", category, "description", description, "value_fen",
				 (json_int_t)value_fen, "acquired_on", "2022-05-10", "funding_source",
				 "财政专项资金", "location", "诊室");
	if (asset_no)
		json_object_set_new(body, "asset_no", json_string(asset_no));
	struct api_res *res = api_send_json(c, "POST", "/api/v1/assets", body);
	json_decref(body);
	return res;
}

/* A new asset at PLACE (fails the test unless 201): its id, malloc'd. */
static char *new_asset(struct api_client *c, const char *place, const char *description)
{
	struct api_res *res = register_asset(c, place, "equipment", description, 258000, NULL);
	assert_status(res, 201);
	return strdup(api_jstr(res->json, "id"));
}

/* GET /api/v1/assets/ID by C (200 required). Owned by C. */
static struct api_res *get_asset(struct api_client *c, const char *id)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/assets/%s", id);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	return res;
}

/* POST a request of KIND for asset ID by C; TO (a transfer's destination) may be NULL. */
static struct api_res *ask(struct api_client *c, const char *id, const char *kind, const char *to)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/assets/%s/requests", id);
	json_t *body = json_pack("{s:s, s:s}", "kind", kind, "reason", "业务调整");
	if (to)
		json_object_set_new(body, "to_institution_id", json_string(to));
	struct api_res *res = api_send_json(c, "POST", path, body);
	json_decref(body);
	return res;
}

/* POST DECISION ("approve" / "reject") on request ID by C. */
static struct api_res *decide(struct api_client *c, const char *id, const char *decision)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/asset-requests/%s/decision", id);
	return api_sendf(c, "POST", path, "{\"decision\": \"%s\", \"note\": \"同意\"}", decision);
}

/* A clinic of COUNTY (the demo's Liubei or the other county) for which CONDITION (SQL over
 * the institutions row) holds: its id, malloc'd. */
static char *clinic_where(struct srv *s, const char *condition)
{
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT id FROM institutions WHERE kind = 'clinic' AND %s ORDER BY division_code, "
		 "id LIMIT 1",
		 condition);
	return sql_value(s, sql);
}

/* The alert of RULE about PLACE whose message holds NEEDLE, in GET /api/v1/alerts as C sees
 * it (owned by C until its next request), or NULL. */
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

/* ---- registering ---- */

static void registering_makes_the_centre_the_owner_and_numbers_the_asset(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	struct api_res *res = register_asset(f.finance, f.p.clinic, "building", "村卫生室业务用房",
					     36000000, NULL);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "owner_id"), f.p.centre);
	assert_string_equal(api_jstr(res->json, "institution_id"), f.p.clinic);
	assert_string_equal(api_jstr(res->json, "state"), "in_use");
	assert_int_equal(api_jint(res->json, "value_fen"), 36000000);
	char *division = institution_field(s, f.p.clinic, "division_code");
	char prefix[32];
	snprintf(prefix, sizeof(prefix), "%s-", division);
	const char *no = api_jstr(res->json, "asset_no");
	assert_non_null(no);
	assert_int_equal(strncmp(no, prefix, strlen(prefix)), 0);
	char *first = strdup(no), *id = strdup(api_jstr(res->json, "id"));
	/* The next one gets the next number. */
	res = register_asset(f.finance, f.p.clinic, "furniture", "药品柜", 120000, NULL);
	assert_status(res, 201);
	assert_string_not_equal(api_jstr(res->json, "asset_no"), first);
	assert_true(atoi(api_jstr(res->json, "asset_no") + strlen(prefix)) ==
		    atoi(first + strlen(prefix)) + 1);
	/* The centre's own asset is the centre's. */
	res = register_asset(f.finance, f.p.centre, "vehicle", "救护车", 26000000, NULL);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "owner_id"), f.p.centre);
	/* Audited. */
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND entity = 'asset' AND "
		 "entity_id = '%s'",
		 id);
	assert_int_equal(sql_int(s, sql), 1);
	free(id);
	free(first);
	free(division);
	fixture_free(&f);
}

static void the_owner_is_not_chosen_by_the_client(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	json_t *body = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "institution_id", f.p.clinic,
				 "category", "equipment", "description", "听诊器", "value_fen",
				 (json_int_t)8000, "acquired_on", "2023-01-01", "funding_source", "自筹",
				 "owner_id", f.p.clinic);
	assert_error(api_send_json(f.finance, "POST", "/api/v1/assets", body), 422, "rule_violation",
		     "owner_id", "SR-FIN-5");
	json_decref(body);
	fixture_free(&f);
}

static void a_duplicate_asset_number_is_refused(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	assert_status(register_asset(f.finance, f.p.clinic, "equipment", "心电图机", 680000,
				     "ZC-2024-0001"),
		      201);
	assert_error(register_asset(f.finance, f.p.clinic, "equipment", "另一台心电图机", 680000,
				    "ZC-2024-0001"),
		     409, "conflict", "asset_no", NULL);
	/* A number typed in that the counter would give next is skipped by the counter. */
	struct api_res *res = register_asset(f.finance, f.p.clinic, "equipment", "血压计", 30000, NULL);
	assert_status(res, 201);
	char *no = strdup(api_jstr(res->json, "asset_no")), next[64], after[64];
	size_t dash = strrchr(no, '-') - no;
	snprintf(next, sizeof(next), "%.*s-%04d", (int)dash, no, atoi(no + dash + 1) + 1);
	snprintf(after, sizeof(after), "%.*s-%04d", (int)dash, no, atoi(no + dash + 1) + 2);
	assert_status(register_asset(f.finance, f.p.clinic, "equipment", "体重秤", 20000, next), 201);
	res = register_asset(f.finance, f.p.clinic, "equipment", "身高计", 20000, NULL);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "asset_no"), after);
	free(no);
	fixture_free(&f);
}

static void the_value_is_immutable(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char *id = new_asset(f.finance, f.p.clinic, "B超机");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/assets/%s", id);
	assert_error(api_patch(f.finance, path, "{\"value_fen\": 1}"), 422, "rule_violation",
		     "value_fen", "SR-FIN-5");
	/* Where it stands in the clinic and its description may change. */
	struct api_res *res =
		api_patch(f.finance, path, "{\"location\": \"治疗室\", \"state\": \"idle\"}");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "location"), "治疗室");
	assert_string_equal(api_jstr(res->json, "state"), "idle");
	assert_int_equal(api_jint(res->json, "value_fen"), 258000);
	free(id);
	fixture_free(&f);
}

static void an_asset_is_not_disposed_of_moved_or_lost_by_editing(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	char *id = new_asset(f.finance, f.p.clinic, "雾化器");
	char *other = clinic_of_centre(s, f.p.centre, f.p.clinic, 0);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/assets/%s", id);
	assert_error(api_patch(f.finance, path, "{\"state\": \"disposed\"}"), 422, "rule_violation",
		     "state", "SR-FIN-5");
	assert_error(api_patch(f.finance, path, "{\"state\": \"missing\"}"), 422, "rule_violation",
		     "state", "SR-FIN-5");
	assert_error(api_sendf(f.finance, "PATCH", path, "{\"institution_id\": \"%s\"}", other), 422,
		     "rule_violation", "institution_id", "SR-FIN-5");
	struct api_res *res = get_asset(f.finance, id);
	assert_string_equal(api_jstr(res->json, "state"), "in_use");
	assert_string_equal(api_jstr(res->json, "institution_id"), f.p.clinic);
	free(other);
	free(id);
	fixture_free(&f);
}

/* ---- transfers and disposals ---- */

static void a_transfer_approved_by_the_county_moves_the_asset(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	char *id = new_asset(f.finance, f.p.clinic, "电动吸引器");
	/* A clinic of another centre of the same county: the owner becomes that centre. */
	char cond[256];
	snprintf(cond, sizeof(cond), "county_code = '%s' AND parent_id <> '%s' AND status = 'open'",
		 f.p.county, f.p.centre);
	char *to = clinic_where(s, cond);
	char *to_path = institution_field(s, to, "path");
	char *to_centre = institution_field(s, to, "parent_id");
	struct api_res *res = ask(f.finance, id, "transfer", to);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "pending");
	assert_string_equal(api_jstr(res->json, "from_institution_id"), f.p.clinic);
	char *request = strdup(api_jstr(res->json, "id"));
	/* One pending request per asset. */
	assert_error(ask(f.finance, id, "disposal", NULL), 409, "conflict", "asset_id", NULL);
	res = get_asset(f.finance, id);
	assert_string_equal(api_jstr(res->json, "pending_request_id"), request);
	assert_string_equal(api_jstr(res->json, "institution_id"), f.p.clinic);
	/* The centre does not approve its own request; the county does. */
	assert_error(decide(f.finance, request, "approve"), 403, "forbidden", NULL, NULL);
	res = decide(f.county, request, "approve");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "approved");
	assert_string_equal(api_jstr(res->json, "decided_by"), "county");
	res = get_asset(f.county, id);
	assert_string_equal(api_jstr(res->json, "institution_id"), to);
	assert_string_equal(api_jstr(res->json, "owner_id"), to_centre);
	assert_true(json_is_null(api_jget(res->json, "pending_request_id")));
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT path FROM fin_assets WHERE id = '%s'", id);
	char *path = sql_value(s, sql);
	assert_string_equal(path, to_path);
	/* Decided once. */
	assert_error(decide(f.county, request, "reject"), 409, "conflict", "status", NULL);
	/* No longer in the centre's subtree: the centre's finance officer cannot reach it. */
	char url[128];
	snprintf(url, sizeof(url), "/api/v1/assets/%s", id);
	assert_error(api_get(f.finance, url), 403, "forbidden", NULL, NULL);
	free(path);
	free(request);
	free(to_centre);
	free(to_path);
	free(to);
	free(id);
	fixture_free(&f);
}

static void a_transfer_out_of_the_county_is_refused(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	char *id = new_asset(f.finance, f.p.clinic, "除颤仪");
	char *away = clinic_where(s, "county_code = '361125'");
	assert_error(ask(f.finance, id, "transfer", away), 422, "rule_violation",
		     "to_institution_id", "SR-FIN-5");
	/* A transfer names where to; a disposal does not. */
	assert_error(ask(f.finance, id, "transfer", NULL), 422, "required",
		     "to_institution_id", NULL);
	assert_error(ask(f.finance, id, "transfer", f.p.clinic), 422, "invalid_field",
		     "to_institution_id", NULL);
	free(away);
	free(id);
	fixture_free(&f);
}

static void a_disposal_approved_by_the_county_ends_the_asset(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	char *id = new_asset(f.finance, f.p.clinic, "旧型号血糖仪");
	struct api_res *res = ask(f.finance, id, "disposal", NULL);
	assert_status(res, 201);
	char *first = strdup(api_jstr(res->json, "id"));
	/* Rejected: nothing happens to the asset, and a new request may be made. */
	res = decide(f.county, first, "reject");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "rejected");
	assert_string_equal(api_jstr(get_asset(f.finance, id)->json, "state"), "in_use");
	res = ask(f.finance, id, "disposal", NULL);
	assert_status(res, 201);
	char *second = strdup(api_jstr(res->json, "id"));
	assert_status(decide(f.county, second, "approve"), 200);
	assert_string_equal(api_jstr(get_asset(f.finance, id)->json, "state"), "disposed");
	/* A disposed asset changes no more. */
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/assets/%s", id);
	assert_error(api_patch(f.finance, path, "{\"location\": \"库房\"}"), 409, "conflict", "state",
		     NULL);
	assert_error(ask(f.finance, id, "disposal", NULL), 409, "conflict", "asset_id", NULL);
	/* Both requests are listed, with their outcome. */
	char url[160];
	snprintf(url, sizeof(url), "/api/v1/asset-requests?asset_id=%s", id);
	res = api_get(f.county, url);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 2);
	free(second);
	free(first);
	free(id);
	fixture_free(&f);
}

/* ---- checks ---- */

/* Start a check of PLACE by C (201 required): its id, malloc'd; *LINES (may be NULL) gets a
 * new reference to its lines. */
static char *start_check(struct api_client *c, const char *place, json_t **lines)
{
	char day[11];
	api_date_from_today(0, day);
	struct api_res *res = api_sendf(c, "POST", "/api/v1/asset-checks",
					"{\"institution_id\": \"%s\", \"checked_on\": \"%s\"}", place,
					day);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "open");
	if (lines)
		*lines = json_incref(api_jget(res->json, "lines"));
	return strdup(api_jstr(res->json, "id"));
}

/* Results for every line of LINES: found, but RESULT for asset ID. New reference. */
static json_t *results_for(const json_t *lines, const char *id, const char *result)
{
	json_t *out = json_array();
	size_t i;
	json_t *l;
	json_array_foreach(lines, i, l)
	{
		const char *asset = api_jstr(l, "asset_id");
		bool it = strcmp(asset, id) == 0;
		json_array_append_new(out, json_pack("{s:s, s:s, s:s?}", "asset_id", asset, "result",
						     it ? result : "found", "note",
						     it ? "清查时未找到" : NULL));
	}
	return out;
}

/* Whether LINES lists asset ID. */
static bool lists(const json_t *lines, const char *id)
{
	size_t i;
	json_t *l;
	json_array_foreach(lines, i, l)
		if (strcmp(api_jstr(l, "asset_id"), id) == 0)
			return true;
	return false;
}

static void a_check_lists_every_asset_and_a_missing_one_is_an_alert(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	char *lost = new_asset(f.finance, f.p.clinic, "便携式心电监护仪");
	char *gone = new_asset(f.finance, f.p.clinic, "报废的旧诊床");
	struct api_res *res = ask(f.finance, gone, "disposal", NULL);
	assert_status(res, 201);
	assert_status(decide(f.county, api_jstr(res->json, "id"), "approve"), 200);
	res = get_asset(f.finance, lost);
	char *lost_no = strdup(api_jstr(res->json, "asset_no"));

	json_t *lines;
	char *check = start_check(f.finance, f.p.clinic, &lines);
	/* Every asset there but the disposed one. */
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM fin_assets WHERE institution_id = '%s' AND state <> 'disposed'",
		 f.p.clinic);
	assert_int_equal(json_array_size(lines), sql_int(s, sql));
	assert_true(lists(lines, lost));
	assert_false(lists(lines, gone));
	/* One check open at a time. */
	char day[11];
	api_date_from_today(0, day);
	assert_error(api_sendf(f.finance, "POST", "/api/v1/asset-checks",
			       "{\"institution_id\": \"%s\", \"checked_on\": \"%s\"}", f.p.clinic, day),
		     409, "conflict", "institution_id", NULL);

	char path[160];
	snprintf(path, sizeof(path), "/api/v1/asset-checks/%s/results", check);
	/* Only the lost asset recorded: the check cannot be closed yet. */
	assert_status(api_sendf(f.finance, "PUT", path,
				"{\"lines\": [{\"asset_id\": \"%s\", \"result\": \"missing\"}]}", lost),
		      200);
	char close[160];
	snprintf(close, sizeof(close), "/api/v1/asset-checks/%s/close", check);
	assert_error(api_post(f.finance, close, NULL), 422, "rule_violation", "lines", "SR-FIN-5");
	/* A result that is not one of the three, an asset not on the list. */
	assert_error(api_sendf(f.finance, "PUT", path,
			       "{\"lines\": [{\"asset_id\": \"%s\", \"result\": \"lost\"}]}", lost),
		     422, "invalid_field", "lines[0].result", NULL);
	assert_error(api_sendf(f.finance, "PUT", path,
			       "{\"lines\": [{\"asset_id\": \"%s\", \"result\": \"found\"}]}", gone),
		     422, "invalid_field", "lines[0].asset_id", NULL);

	json_t *all = results_for(lines, lost, "missing");
	json_t *body = json_pack("{s:o}", "lines", all);
	assert_status(api_send_json(f.finance, "PUT", path, body), 200);
	json_decref(body);
	res = api_post(f.finance, close, NULL);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "closed");
	assert_int_equal(api_jint(res->json, "missing_count"), 1);
	assert_int_equal(api_jint(res->json, "unrecorded_count"), 0);
	assert_string_equal(api_jstr(get_asset(f.finance, lost)->json, "state"), "missing");
	/* Closed: no more results, no second close. */
	assert_error(api_sendf(f.finance, "PUT", path,
			       "{\"lines\": [{\"asset_id\": \"%s\", \"result\": \"found\"}]}", lost),
		     409, "conflict", "status", NULL);
	assert_error(api_post(f.finance, close, NULL), 409, "conflict", "status", NULL);

	/* The alert, for the centre and the county. */
	json_t *a = alert_of(f.county, "SR-FIN-5", f.p.clinic, lost_no);
	assert_non_null(a);
	assert_string_equal(api_jstr(a, "severity"), "error");
	assert_non_null(alert_of(f.finance, "SR-FIN-5", f.p.clinic, lost_no));
	/* A missing asset is not moved, nor found again by editing. */
	char *other = clinic_of_centre(s, f.p.centre, f.p.clinic, 0);
	assert_error(ask(f.finance, lost, "transfer", other), 409, "conflict", "asset_id", NULL);
	snprintf(path, sizeof(path), "/api/v1/assets/%s", lost);
	assert_error(api_patch(f.finance, path, "{\"state\": \"in_use\"}"), 422, "rule_violation",
		     "state", "SR-FIN-5");

	/* Found at the next check: back in use, and the alert is gone. */
	json_decref(lines);
	free(check);
	check = start_check(f.finance, f.p.clinic, &lines);
	snprintf(path, sizeof(path), "/api/v1/asset-checks/%s/results", check);
	body = json_pack("{s:o}", "lines", results_for(lines, lost, "found"));
	assert_status(api_send_json(f.finance, "PUT", path, body), 200);
	json_decref(body);
	snprintf(close, sizeof(close), "/api/v1/asset-checks/%s/close", check);
	assert_status(api_post(f.finance, close, NULL), 200);
	assert_string_equal(api_jstr(get_asset(f.finance, lost)->json, "state"), "in_use");
	assert_null(alert_of(f.county, "SR-FIN-5", f.p.clinic, lost_no));

	json_decref(lines);
	free(other);
	free(check);
	free(lost_no);
	free(gone);
	free(lost);
	fixture_free(&f);
}

static void a_register_not_checked_for_a_year_is_an_alert(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	/* A clinic of the demo centre without assets yet. */
	char cond[256];
	snprintf(cond, sizeof(cond),
		 "parent_id = '%s' AND NOT EXISTS (SELECT 1 FROM fin_assets a WHERE "
		 "a.institution_id = institutions.id)",
		 f.p.centre);
	char *clinic = clinic_where(s, cond);
	char *id = new_asset(f.finance, clinic, "紫外线消毒车");
	char *no = strdup(api_jstr(get_asset(f.finance, id)->json, "asset_no"));
	/* Just registered: no check due yet. */
	assert_null(alert_of(f.county, "SR-FIN-5", clinic, "从未清查"));
	/* Registered thirteen months ago and never checked since. */
	char when[11], sql[256];
	api_date_from_today(-400, when);
	snprintf(sql, sizeof(sql),
		 "UPDATE fin_assets SET created_at = '%sT00:00:00Z' WHERE institution_id = '%s'",
		 when, clinic);
	sql_ok(s, sql);
	json_t *a = alert_of(f.county, "SR-FIN-5", clinic, "从未清查");
	assert_non_null(a);
	assert_string_equal(api_jstr(a, "severity"), "warning");
	/* Checked: the warning goes. */
	json_t *lines;
	char *check = start_check(f.finance, clinic, &lines);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/asset-checks/%s/results", check);
	json_t *body = json_pack("{s:o}", "lines", results_for(lines, id, "found"));
	assert_status(api_send_json(f.finance, "PUT", path, body), 200);
	json_decref(body);
	snprintf(path, sizeof(path), "/api/v1/asset-checks/%s/close", check);
	assert_status(api_post(f.finance, path, NULL), 200);
	assert_null(alert_of(f.county, "SR-FIN-5", clinic, "从未清查"));
	assert_null(alert_of(f.county, "SR-FIN-5", clinic, no));
	json_decref(lines);
	free(check);
	free(no);
	free(id);
	free(clinic);
	fixture_free(&f);
}

/* ---- export and scope ---- */

static void the_register_exports_to_a_workbook(void **state)
{
	struct fixture f;
	fixture(*state, &f);
	char *id = new_asset(f.finance, f.p.clinic, "全自动生化分析仪");
	char *no = strdup(api_jstr(get_asset(f.finance, id)->json, "asset_no"));
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/exports/assets.xlsx?institution_id=%s", f.p.clinic);
	struct api_res *res = api_get(f.county, path);
	assert_status(res, 200);
	assert_non_null(strstr(api_header(res, "Content-Type"), "spreadsheetml"));
	assert_true(res->body_len > 4);
	assert_memory_equal(res->body, "PK", 2);
	struct xlsx_sheet *sheet;
	char why[256];
	assert_int_equal(xlsx_read(res->body, res->body_len, &sheet, why, sizeof(why)), 0);
	bool header = false, row = false;
	for (size_t col = 0; col < sheet->cols; col++)
		header = header || strcmp(xlsx_cell(sheet, 0, col), "资产编号") == 0;
	for (size_t r = 1; r < sheet->rows; r++)
		for (size_t col = 0; col < sheet->cols; col++)
			row = row || strcmp(xlsx_cell(sheet, r, col), no) == 0;
	xlsx_sheet_free(sheet);
	assert_true(header);
	assert_true(row);
	free(no);
	free(id);
	fixture_free(&f);
}

static void a_village_doctor_sees_only_their_clinics_assets(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, &f);
	char *other = clinic_of_centre(s, f.p.centre, f.p.clinic, 0);
	char *mine = new_asset(f.finance, f.p.clinic, "诊疗床");
	char *theirs = new_asset(f.finance, other, "诊疗床");
	struct api_client *doctor = api_login(s, "clinic");
	struct api_res *res = api_get(doctor, "/api/v1/assets?limit=500");
	assert_status(res, 200);
	assert_true(json_array_size(api_jget(res->json, "items")) > 0);
	size_t i;
	json_t *a;
	json_array_foreach(api_jget(res->json, "items"), i, a)
		assert_string_equal(api_jstr(a, "institution_id"), f.p.clinic);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/assets/%s", mine);
	assert_status(api_get(doctor, path), 200);
	snprintf(path, sizeof(path), "/api/v1/assets/%s", theirs);
	assert_error(api_get(doctor, path), 403, "forbidden", NULL, NULL);
	/* The doctor keeps no register. */
	assert_error(register_asset(doctor, f.p.clinic, "furniture", "椅子", 5000, NULL), 403,
		     "forbidden", NULL, NULL);
	api_client_free(doctor);
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
	char *id = new_asset(f.finance, f.p.clinic, "口腔综合治疗台");
	struct api_client *auditor = api_login(s, "auditor");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/assets/%s", id);
	assert_status(api_get(auditor, path), 200);
	assert_status(api_get(auditor, "/api/v1/assets"), 200);
	assert_status(api_get(auditor, "/api/v1/asset-checks"), 200);
	assert_status(api_get(auditor, "/api/v1/asset-requests"), 200);
	assert_error(register_asset(auditor, f.p.clinic, "furniture", "椅子", 5000, NULL), 403,
		     "forbidden", NULL, NULL);
	assert_error(api_patch(auditor, path, "{\"location\": \"库房\"}"), 403, "forbidden", NULL,
		     NULL);
	assert_error(ask(auditor, id, "disposal", NULL), 403, "forbidden", NULL, NULL);
	char day[11];
	api_date_from_today(0, day);
	assert_error(api_sendf(auditor, "POST", "/api/v1/asset-checks",
			       "{\"institution_id\": \"%s\", \"checked_on\": \"%s\"}", f.p.clinic, day),
		     403, "forbidden", NULL, NULL);
	api_client_free(auditor);
	free(id);
	fixture_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registering_makes_the_centre_the_owner_and_numbers_the_asset),
		cmocka_unit_test(the_owner_is_not_chosen_by_the_client),
		cmocka_unit_test(a_duplicate_asset_number_is_refused),
		cmocka_unit_test(the_value_is_immutable),
		cmocka_unit_test(an_asset_is_not_disposed_of_moved_or_lost_by_editing),
		cmocka_unit_test(a_transfer_approved_by_the_county_moves_the_asset),
		cmocka_unit_test(a_transfer_out_of_the_county_is_refused),
		cmocka_unit_test(a_disposal_approved_by_the_county_ends_the_asset),
		cmocka_unit_test(a_check_lists_every_asset_and_a_missing_one_is_an_alert),
		cmocka_unit_test(a_register_not_checked_for_a_year_is_an_alert),
		cmocka_unit_test(the_register_exports_to_a_workbook),
		cmocka_unit_test(a_village_doctor_sees_only_their_clinics_assets),
		cmocka_unit_test(the_auditor_reads_and_changes_nothing),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
