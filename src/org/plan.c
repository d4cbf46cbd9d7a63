/* SPDX-License-Identifier: MIT */
/* This file contains the clinic plan of a county (SR-ORG-1): one planned clinic per village
 * committee (村委会) that has none, under the centre of its township, creating the county
 * bureau and the township centres that are missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/divcode.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "org/store.h"

struct plan_txn {
	const struct principal *who;
	const char *county;
	json_t *created; /* lines to print after commit: [kind label, name, code] */
	size_t clinics, centres;
	struct app_error *err;
};

/* Id of the institution of KIND at division CODE into ID; creates it (planned) if missing. */
static int ensure(struct db *db, struct plan_txn *t, const char *kind, const char *code,
		  const char *name, const char *parent_id, char id[37])
{
	struct db_res *res;
	int rc = store_institution_at(db, strcmp(kind, "bureau") ? "centre" : "bureau", code, &res);
	if (rc < 0)
		return rc;
	if (rc > 0)
		snprintf(id, 37, "%s", db_res_text(res, 0, 0));
	db_res_free(res);
	if (rc > 0)
		return 0;
	json_t *rec = json_pack("{s:s, s:s, s:s, s:s}", "kind", kind, "name", name,
				"division_code", code, "status",
				strcmp(kind, "bureau") == 0 ? "open" : "planned");
	if (parent_id)
		json_object_set_new(rec, "parent_id", json_string(parent_id));
	rc = org_institution_insert(db, t->who, rec, id, t->err);
	json_decref(rec);
	if (rc < 0)
		return rc;
	if (strcmp(kind, "bureau") != 0)
		t->centres++;
	json_array_append_new(t->created, json_pack("[s, s, s]", strcmp(kind, "bureau") == 0 ? "县卫健局"
								  : strcmp(kind, "community") == 0 ? "社区卫生服务中心"
								  : "乡镇卫生院",
						    name, code));
	return 0;
}

static int plan_body(struct db *db, void *cls)
{
	struct plan_txn *t = cls;
	struct db_res *county = NULL, *townships = NULL, *villages = NULL;
	char bureau[37], centre[37] = "", centre_of[10] = "", name[200];
	json_array_clear(t->created);
	t->clinics = t->centres = 0;
	int rc = store_division_get(db, t->county, &county);
	if (rc >= 0 && (rc == 0 || strcmp(db_res_text(county, 0, 2), "county") != 0)) {
		err_set(t->err, ERR_INVALID, "county", NULL, "县级区划代码 %s 不存在，请先导入行政区划",
			t->county);
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	snprintf(name, sizeof(name), "%s卫生健康局", db_res_text(county, 0, 1));
	rc = ensure(db, t, "bureau", t->county, name, NULL, bureau);
	if (rc >= 0)
		rc = store_divisions_under(db, t->county, "township", &townships);
	if (rc >= 0)
		rc = store_divisions_under(db, t->county, "village", &villages);
	size_t tw = 0;
	for (size_t v = 0; rc >= 0 && v < db_res_rows(villages); v++) {
		const char *code = db_res_text(villages, v, 0), *vname = db_res_text(villages, v, 1);
		if (divcode_village_kind(code) != VILLAGE_COMMITTEE)
			continue;
		struct db_res *owner;
		rc = store_village_owner(db, code, &owner);
		db_res_free(owner);
		if (rc != 0)
			continue; /* already served, or an error that ends the loop */
		/* Villages come in code order, so their townships do too. */
		while (tw < db_res_rows(townships) &&
		       strncmp(db_res_text(townships, tw, 0), code, 9) != 0)
			tw++;
		if (tw == db_res_rows(townships))
			continue; /* a village whose township is not imported */
		const char *tname = db_res_text(townships, tw, 1);
		if (strncmp(centre_of, code, 9) != 0) {
			char centre_name[200];
			divcode_centre_name(tname, centre_name, sizeof(centre_name));
			rc = ensure(db, t,
				    divcode_township_kind(tname) == TOWNSHIP_STREET ? "community"
										  : "centre",
				    db_res_text(townships, tw, 0), centre_name, bureau, centre);
			if (rc < 0)
				break;
			snprintf(centre_of, sizeof(centre_of), "%.9s", code);
		}
		divcode_clinic_name(vname, name, sizeof(name));
		bool seat = divcode_is_seat(vname, tname);
		json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "kind", "clinic", "name",
					name, "division_code", code, "parent_id", centre, "status",
					"planned", "optional", seat);
		char id[37];
		rc = org_institution_insert(db, t->who, rec, id, t->err);
		json_decref(rec);
		if (rc < 0)
			break;
		t->clinics++;
		json_array_append_new(t->created,
				      json_pack("[s, s, s]", seat ? "村卫生室（驻地，可不设）" : "村卫生室",
						name, code));
	}
out:
	db_res_free(county);
	db_res_free(townships);
	db_res_free(villages);
	return rc < 0 ? rc : 0;
}

int org_plan_clinics(struct db *db, const struct principal *who, const char *county,
		     json_t **created, size_t *clinics, size_t *centres, struct app_error *err)
{
	struct plan_txn t = {.who = who, .county = county, .created = json_array(), .err = err};
	int rc = db_run_transaction(db, "plan clinics", plan_body, &t);
	if (rc < 0) {
		json_decref(t.created);
		return org_txn_error(rc, err);
	}
	*created = t.created;
	*clinics = t.clinics;
	*centres = t.centres;
	return 0;
}
