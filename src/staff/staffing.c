/* SPDX-License-Identifier: MIT */
/* This file contains staffing (人员配备): doctors needed per clinic from the population it
 * serves and the profile (SR-STF-1, LB-STF-1), doctors posted, women among them (LB-STF-2),
 * clinics with none (LB-STF-5); and the recruitment plan: posts falling vacant within the
 * profile's horizon through the age limit or the end of a contract (LB-STF-10). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/staff_rules.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "staff/staff.h"
#include "staff/staff_impl.h"
#include "staff/store.h"

static const struct ent_enum staffing_states[] = {
	{"none", "无村医"}, {"short", "不足"}, {"ok", "达标"}, {"over", "超配"},
	{"unknown", "人口未登记"}, {NULL, NULL},
};

static const struct ent_field staffing_fields[] = {
	{"clinic_id", "村卫生室编号", ENT_ID, EF_READONLY | EF_FILTER},
	{"clinic_name", "村卫生室", ENT_TEXT, EF_READONLY | EF_SORT},
	{"centre_id", "卫生院编号", ENT_ID, EF_READONLY | EF_FILTER},
	{"centre_name", "卫生院", ENT_TEXT, EF_READONLY | EF_SORT},
	{"county_code", "县（区）代码", ENT_TEXT, EF_READONLY | EF_FILTER},
	{"population", "服务常住人口", ENT_INT, EF_READONLY | EF_NULLABLE | EF_SORT},
	{"needed", "应配人数", ENT_INT, EF_READONLY | EF_NULLABLE | EF_SORT},
	{"needed_max", "最多配备", ENT_INT, EF_READONLY | EF_NULLABLE},
	{"posted", "实配人数", ENT_INT, EF_READONLY | EF_SORT},
	{"women", "其中女性", ENT_INT, EF_READONLY},
	{"woman_needed", "应有女性村医", ENT_BOOL, EF_READONLY},
	{"clinic_status", "村卫生室状态", ENT_ENUM, EF_READONLY | EF_FILTER, .enums = org_status_enums},
	{"state", "配备情况", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = staffing_states},
	{"rule", "规则", ENT_TEXT, EF_READONLY},
};

const struct entity staffing_entity = {
	.name = "staffing",
	.label = "人员配备",
	.table = "institutions",
	ENT_FIELDS(staffing_fields),
	.default_sort = "centre_name",
};

static const struct ent_enum vacancy_reasons[] = {
	{"age", "到龄"}, {"contract_end", "合同到期"}, {"short", "现缺编"}, {NULL, NULL},
};

static const struct ent_field vacancy_fields[] = {
	{"clinic_id", "村卫生室编号", ENT_ID, EF_READONLY | EF_FILTER},
	{"clinic_name", "村卫生室", ENT_TEXT, EF_READONLY},
	{"centre_id", "卫生院编号", ENT_ID, EF_READONLY | EF_FILTER},
	{"centre_name", "卫生院", ENT_TEXT, EF_READONLY | EF_SORT},
	{"county_code", "县（区）代码", ENT_TEXT, EF_READONLY | EF_FILTER},
	{"person_id", "人员编号", ENT_ID, EF_READONLY | EF_NULLABLE},
	{"person_name", "现任村医", ENT_TEXT, EF_READONLY | EF_NULLABLE},
	{"reason", "空缺原因", ENT_ENUM, EF_READONLY | EF_FILTER, .enums = vacancy_reasons},
	{"vacant_on", "空缺日期", ENT_DATE, EF_READONLY | EF_SORT},
	{"posts", "岗位数", ENT_INT, EF_READONLY},
	{"rule", "规则", ENT_TEXT, EF_READONLY},
};

const struct entity vacancy_entity = {
	.name = "vacancy",
	.label = "即将空缺岗位",
	.table = "contracts",
	ENT_FIELDS(vacancy_fields),
	.default_sort = "vacant_on",
};

json_t *staff_staffing(struct db *db, const char *scope, struct app_error *err)
{
	char today[11];
	struct db_res *res;
	org_today(today);
	if (store_staffing(db, scope, today, &res) < 0) {
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	json_t *rows = json_array();
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 4);
		const json_t *p = org_profile_for(county, today);
		const json_t *staffing = org_profile_group(p, "staffing");
		const json_t *women_group = org_profile_group(p, "woman_among_doctors");
		const char *rounding = json_string_value(json_object_get(staffing, "rounding"));
		long long per_min = org_profile_param_in(p, "staffing", "per_10000_min", 0);
		long long per_max = org_profile_param_in(p, "staffing", "per_10000_max", 0);
		long long minimum = org_profile_param_in(p, "staffing", "minimum", 1);
		long long from = json_integer_value(json_object_get(women_group, "from_doctors"));
		bool known = !db_res_null(res, r, 5);
		long population = (long)db_res_int(res, r, 5);
		int posted = (int)db_res_int(res, r, 7), women = (int)db_res_int(res, r, 8);
		int needed = known && per_min ? rules_staff_needed(population, (int)per_min,
							      rounding ? rounding : "ceil", (int)minimum)
					     : 0;
		int needed_max = known && per_max ? rules_staff_needed(population, (int)per_max,
								  "floor", (int)minimum)
						  : 0;
		if (needed_max && needed_max < needed)
			needed_max = needed;
		const char *state = posted == 0 ? "none"
				    : !known	? "unknown"
				    : posted < needed ? "short"
				    : needed_max && posted > needed_max ? "over"
									: "ok";
		json_t *row = json_pack(
			"{s:s, s:s, s:s?, s:s?, s:s, s:o, s:o, s:o, s:i, s:i, s:b, s:s, s:s, s:s?}",
			"clinic_id", db_res_text(res, r, 0), "clinic_name", db_res_text(res, r, 1),
			"centre_id", db_res_text(res, r, 2), "centre_name", db_res_text(res, r, 3),
			"county_code", county, "population",
			known ? json_integer(population) : json_null(), "needed",
			needed ? json_integer(needed) : json_null(), "needed_max",
			needed_max ? json_integer(needed_max) : json_null(), "posted", posted, "women",
			women, "woman_needed", from > 0 && posted >= from && women == 0,
			"clinic_status", db_res_text(res, r, 6), "state", state, "rule", json_string_value(json_object_get(staffing, "rule")));
		json_array_append_new(rows, row);
	}
	db_res_free(res);
	return rows;
}

/* The qualification kinds of each person of SCOPE: {person id: [kinds]} (new). */
json_t *staff_kinds_by_person(struct db *db, const char *scope)
{
	struct db_res *res;
	if (store_scope_qualifications(db, scope, &res) < 0)
		return NULL;
	json_t *map = json_object();
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *person = db_res_text(res, r, 0);
		json_t *kinds = json_object_get(map, person);
		if (!kinds) {
			kinds = json_array();
			json_object_set_new(map, person, kinds);
		}
		json_array_append_new(kinds, json_string(db_res_text(res, r, 1)));
	}
	db_res_free(res);
	return map;
}

/* True if KINDS (array) holds one of the profile's extension kinds. */
static bool has_extension_kind(const json_t *p, const json_t *kinds)
{
	const json_t *allowed =
		json_object_get(org_profile_group(p, "qualification"), "extension_kinds");
	size_t i, j;
	json_t *k, *a;
	json_array_foreach(kinds, i, k) json_array_foreach(allowed, j, a) if (json_equal(k, a)) return true;
	return false;
}

int staff_posting_limit(const json_t *p, const json_t *kinds, const char *sex,
			const char *birth_date, bool head, bool extension, char out[11])
{
	const json_t *g = org_profile_group(p, "age_limit");
	if (!json_is_object(g))
		return 0;
	struct age_limits l = {
		.male = (int)org_profile_param_in(p, "age_limit", "male", 0),
		.female = (int)org_profile_param_in(p, "age_limit", "female", 0),
		.extended_male = (int)org_profile_param_in(p, "age_limit", "extended_male", 0),
		.extended_female = (int)org_profile_param_in(p, "age_limit", "extended_female", 0),
		.rehire_by_approval = json_is_true(json_object_get(g, "rehire_by_approval")),
		.heads_only = json_is_true(json_object_get(g, "heads_only")),
	};
	int limit = rules_age_limit(&l, strcmp(sex, "female") == 0, head,
				    has_extension_kind(p, kinds), extension);
	if (limit > 0)
		rules_birthday(birth_date, limit, out);
	return limit;
}

json_t *staff_vacancies(struct db *db, const char *scope, struct app_error *err)
{
	char today[11];
	struct db_res *res;
	org_today(today);
	json_t *kinds = staff_kinds_by_person(db, scope);
	if (!kinds || store_postings(db, scope, today, &res) < 0) {
		json_decref(kinds);
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	json_t *rows = json_array();
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county = db_res_text(res, r, 9);
		const json_t *p = org_profile_for(county, today);
		char horizon[11], limit_on[11] = "";
		rules_add_months(today, (int)org_profile_param(p, "vacancy_horizon_months", 12),
				 horizon);
		int limit = staff_posting_limit(p, json_object_get(kinds, db_res_text(res, r, 1)),
						db_res_text(res, r, 3), db_res_text(res, r, 4),
						db_res_int(res, r, 13), db_res_int(res, r, 14), limit_on);
		const char *ends = db_res_text(res, r, 12);
		const char *reason = NULL, *on = NULL;
		/* A contract made to end the day before the limit falls vacant for age. */
		if (limit > 0 && strcmp(limit_on, horizon) <= 0 &&
		    rules_days_between(ends, limit_on) <= 1) {
			reason = "age";
			on = limit_on;
		} else if (strcmp(ends, horizon) <= 0) {
			reason = "contract_end";
			on = ends;
		}
		if (!reason)
			continue;
		json_array_append_new(
			rows, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s}",
					"clinic_id", db_res_text(res, r, 5), "clinic_name",
					db_res_text(res, r, 6), "centre_id", db_res_text(res, r, 7),
					"centre_name", db_res_text(res, r, 8), "county_code", county,
					"person_id", db_res_text(res, r, 1), "person_name",
					db_res_text(res, r, 2), "reason", reason, "vacant_on", on,
					"posts", 1, "rule", "LB-STF-10"));
	}
	db_res_free(res);
	json_decref(kinds);
	/* Clinics short of doctors today are vacancies already. */
	json_t *staffing = staff_staffing(db, scope, err);
	size_t i;
	json_t *s;
	json_array_foreach(staffing, i, s)
	{
		const char *state = json_string_value(json_object_get(s, "state"));
		if (strcmp(state, "short") && strcmp(state, "none"))
			continue;
		long long posts = json_integer_value(json_object_get(s, "needed")) -
				  json_integer_value(json_object_get(s, "posted"));
		json_array_append_new(
			rows, json_pack("{s:O, s:O, s:O, s:O, s:O, s:n, s:n, s:s, s:s, s:I, s:s}",
					"clinic_id", json_object_get(s, "clinic_id"), "clinic_name",
					json_object_get(s, "clinic_name"), "centre_id",
					json_object_get(s, "centre_id"), "centre_name",
					json_object_get(s, "centre_name"), "county_code",
					json_object_get(s, "county_code"), "person_id", "person_name",
					"reason", "short", "vacant_on", today, "posts",
					(json_int_t)(posts > 0 ? posts : 1), "rule", "LB-STF-10"));
	}
	json_decref(staffing);
	return rows;
}

enum MHD_Result staff_h_staffing(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	bool more;
	if (req_list(r, &staffing_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	json_t *rows = staff_staffing(r->db, r->who.scope_path, &err);
	if (!rows) {
		ent_list_clear(&l);
		return reply_error(r, &err);
	}
	json_t *page = ent_list_apply(&l, rows, &more, NULL);
	json_decref(rows);
	enum MHD_Result ret = reply_page(r, page, more, &l);
	ent_list_clear(&l);
	return ret;
}

enum MHD_Result staff_h_recruitment_plan(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	bool more;
	size_t total;
	if (req_list(r, &vacancy_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	json_t *rows = staff_vacancies(r->db, r->who.scope_path, &err);
	if (!rows) {
		ent_list_clear(&l);
		return reply_error(r, &err);
	}
	/* Posts per centre and per county: the plan's totals. */
	json_t *by_centre = json_object(), *by_county = json_object();
	size_t i;
	json_t *v;
	json_array_foreach(rows, i, v)
	{
		json_int_t posts = json_integer_value(json_object_get(v, "posts"));
		const char *centre = json_string_value(json_object_get(v, "centre_name"));
		const char *county = json_string_value(json_object_get(v, "county_code"));
		json_object_set_new(by_centre, centre ? centre : "",
				    json_integer(json_integer_value(json_object_get(by_centre, centre ? centre : "")) + posts));
		json_object_set_new(by_county, county,
				    json_integer(json_integer_value(json_object_get(by_county, county)) + posts));
	}
	json_t *page = ent_list_apply(&l, rows, &more, &total);
	json_decref(rows);
	json_t *body = json_pack("{s:o, s:I, s:o, s:o, s:o}", "items", page, "total",
				 (json_int_t)total, "by_centre", by_centre, "by_county", by_county,
				 "next_offset",
				 more ? json_integer(l.offset + l.limit) : json_null());
	ent_list_clear(&l);
	return reply_json(r, MHD_HTTP_OK, body);
}

int staff_people_count(struct db *db)
{
	return store_people_count(db);
}
