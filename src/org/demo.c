/* SPDX-License-Identifier: MIT */
/* This file contains the demo's institutions: Liubei district (柳北区, the Liubei profile)
 * and Hengfeng county (横峰县, the Shangrao profile), each with its bureau, a centre per
 * town, the clinic plan, and a few clinics opened with licences and checklist progress that
 * raise each of the area's alerts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/divcode.h"
#include "db/crud.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "org/store.h"

/* Liubei has run the clinic plan; Hengfeng has only set up its first clinics, so its other
 * villages show as having no clinic (SR-ORG-1) until `yitihua plan clinics` is run. */
static const struct {
	const char *code, *bureau;
	bool planned;
} counties[] = {
	{"450205", "柳北区卫生健康局", true},
	{"361125", "横峰县卫生健康局", false},
};

#define OPEN_PER_CENTRE 3

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* DATE shifted by DAYS, into OUT. */
static void shift(const char *date, int days, char out[11])
{
	struct tm tm = {0};
	sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon--;
	time_t t = timegm(&tm) + (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int create(struct db *db, json_t *rec, char id[37], struct app_error *err)
{
	int rc = org_institution_create(db, NULL, rec, id, err);
	json_decref(rec);
	return rc;
}

/* Open clinic ID as the K-th demo clinic of its county: licences that are valid, expiring,
 * expired or missing, and checklist progress spread over 2024–2026. */
static int open_clinic(struct db *db, const char *id, const char *name, int k,
		       const json_t *profile, const char *today, struct app_error *err)
{
	char until[11], from[11];
	shift(today, k == 0 ? 60 : k == 1 ? -40 : 900 + 30 * k, until);
	shift(until, -5 * 365, from);
	char licence[40], person[40];
	snprintf(licence, sizeof(licence), "PDY%06d%s", 100 + k, k % 2 ? "45" : "36");
	static const char *const people[] = {"韦秀兰", "覃建国", "黄丽萍", "蓝志强", "莫桂芳",
					     "梁海涛", "陆春燕", "潘永明", "罗小红"};
	snprintf(person, sizeof(person), "%s", people[k % 9]);
	json_t *changes = json_pack("{s:s, s:I, s:s, s:s}", "status", "open", "population",
				    (json_int_t)(650 + 173 * k), "person_in_charge", person, "phone",
				    "0772-2612345");
	if (k != 2) /* the third one has no licence recorded: an SR-ORG-2 alert */
		json_object_update_new(changes, json_pack("{s:s, s:s, s:s}", "licence_no", licence,
							  "licence_valid_from", from,
							  "licence_valid_until", until));
	int rc = org_institution_update(db, NULL, id, changes, err);
	json_decref(changes);
	if (rc != 0)
		return rc;
	/* k 0..2 fully integrated (in 2024, 2025, 2026), k 3 half way, k 4 one item. */
	size_t items = org_profile_items(profile);
	size_t done = k <= 2 ? items : k == 3 ? items / 2 : k == 4 ? 1 : 0;
	static const char *const years[] = {"2024-06-30", "2025-05-20", "2026-03-15"};
	const char *on = k <= 2 ? years[k] : "2026-09-01";
	if (strcmp(on, today) > 0)
		on = today;
	for (size_t i = 0; i < done; i++) {
		const char *key = json_string_value(
			json_object_get(json_array_get(org_profile_checklist(profile), i), "key"));
		json_t *body = json_pack("{s:s, s:s}", "done_on", on, "note", "演示数据");
		rc = org_checklist_tick(db, NULL, id, key, body, err);
		json_decref(body);
		if (rc != 0)
			return rc;
	}
	(void)name;
	return 0;
}

/* The first OPEN_PER_CENTRE village committees (not at the seat) of every town of COUNTY get
 * a clinic, without planning the rest. */
static int first_clinics(struct db *db, const char *county, struct app_error *err)
{
	struct db_res *villages, *centre = NULL;
	char township[10] = "", centre_id[37] = "", name[200], id[37];
	int in_township = 0, rc = 0;
	if (store_divisions_under(db, county, "village", &villages) < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	for (size_t v = 0; v < db_res_rows(villages) && rc == 0; v++) {
		const char *code = db_res_text(villages, v, 0), *vname = db_res_text(villages, v, 1);
		if (strncmp(township, code, 9) != 0) {
			snprintf(township, sizeof(township), "%.9s", code);
			in_township = 0;
			centre_id[0] = '\0';
			if (store_institution_at(db, "centre", township, &centre) > 0)
				snprintf(centre_id, sizeof(centre_id), "%s", db_res_text(centre, 0, 0));
			db_res_free(centre);
		}
		if (!centre_id[0] || divcode_village_kind(code) != VILLAGE_COMMITTEE ||
		    in_township >= OPEN_PER_CENTRE)
			continue;
		struct db_res *town;
		bool seat = store_division_get(db, township, &town) > 0 &&
			    divcode_is_seat(vname, db_res_text(town, 0, 1));
		db_res_free(town);
		if (seat)
			continue;
		in_township++;
		divcode_clinic_name(vname, name, sizeof(name));
		rc = create(db,
			    json_pack("{s:s, s:s, s:s, s:s}", "kind", "clinic", "name", name,
				      "division_code", code, "parent_id", centre_id),
			    id, err);
	}
	db_res_free(villages);
	return rc;
}

static int seed_county(struct db *db, int c, struct org_demo *out, struct app_error *err)
{
	char bureau[37], today[11];
	struct db_res *townships;
	org_today(today);
	const char *county = counties[c].code;
	int rc = create(db, json_pack("{s:s, s:s, s:s, s:s}", "kind", "bureau", "name",
				      counties[c].bureau, "division_code", county, "status", "open"),
			bureau, err);
	if (rc != 0)
		return rc;
	snprintf(c == 0 ? out->bureau : out->other_bureau, 37, "%s", bureau);
	if (store_divisions_under(db, county, "township", &townships) < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	for (size_t t = 0; t < db_res_rows(townships) && rc == 0; t++) {
		const char *tname = db_res_text(townships, t, 1);
		if (!ends_with(tname, "镇") && !ends_with(tname, "乡"))
			continue;
		char name[200], id[37];
		if (strcmp(tname, "沙塘镇") == 0)
			snprintf(name, sizeof(name), "沙塘镇中心卫生院");
		else
			divcode_centre_name(tname, name, sizeof(name));
		rc = create(db,
			    json_pack("{s:s, s:s, s:s, s:s, s:s}", "kind", "centre", "name", name,
				      "division_code", db_res_text(townships, t, 0), "parent_id",
				      bureau, "status", "open"),
			    id, err);
		if (rc == 0 && strcmp(tname, "沙塘镇") == 0)
			snprintf(out->centre, 37, "%s", id);
	}
	db_res_free(townships);
	if (rc != 0)
		return rc;
	if (counties[c].planned) {
		json_t *created;
		size_t clinics, centres;
		rc = org_plan_clinics(db, NULL, county, &created, &clinics, &centres, err);
		json_decref(created);
	} else {
		rc = first_clinics(db, county, err);
	}
	if (rc != 0)
		return rc;
	/* Open the first clinics of every town centre. */
	char scope[512];
	struct db_res *res;
	if (store_institution_path(db, bureau, scope, sizeof(scope)) < 0 ||
	    store_clinics_for_monitor(db, scope, &res) < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	const json_t *profile = org_profile_for(county, today);
	char last_township[10] = "";
	int k = 0, in_township = 0;
	for (size_t r = 0; r < db_res_rows(res) && rc == 0; r++) {
		const char *id = db_res_text(res, r, 0), *code = db_res_text(res, r, 2);
		if (db_res_int(res, r, 5))
			continue; /* township seat: optional */
		if (strncmp(last_township, code, 9) != 0) {
			snprintf(last_township, sizeof(last_township), "%.9s", code);
			in_township = 0;
		}
		struct db_res *town;
		char township[10];
		snprintf(township, sizeof(township), "%.9s", code);
		if (store_division_get(db, township, &town) <= 0) {
			db_res_free(town);
			continue;
		}
		bool is_town = ends_with(db_res_text(town, 0, 1), "镇") ||
			       ends_with(db_res_text(town, 0, 1), "乡");
		db_res_free(town);
		if (!is_town || in_township++ >= OPEN_PER_CENTRE)
			continue;
		rc = open_clinic(db, id, db_res_text(res, r, 1), k++ % 7, profile, today, err);
		if (rc == 0 && c == 0 && !out->clinic[0] && strncmp(code, "450205101", 9) == 0)
			snprintf(out->clinic, 37, "%s", id);
	}
	db_res_free(res);
	return rc;
}

int org_demo_seed(struct db *db, struct org_demo *out, struct app_error *err)
{
	memset(out, 0, sizeof(*out));
	for (int c = 0; c < (int)(sizeof(counties) / sizeof(counties[0])); c++)
		if (seed_county(db, c, out, err) != 0)
			return -1;
	return 0;
}

int org_has_institutions(struct db *db)
{
	struct db_res *res;
	int rc = store_institutions_in_scope(db, "/", &res);
	db_res_free(res);
	return rc < 0 ? rc : rc > 0;
}
