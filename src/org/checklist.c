/* SPDX-License-Identifier: MIT */
/* This file contains the unification checklist of a clinic (八统一 / 五统一): each item of
 * the clinic's profile with the date it was put in place and a note. A clinic is
 * integrated when every item of its profile is done (SR-ORG-4, LB-ORG-1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/crud.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "org/store.h"

static const struct ent_field fields[] = {
	{"item", "项目", ENT_TEXT, EF_READONLY},
	{"label", "项目名称", ENT_TEXT, EF_READONLY | EF_VIRTUAL},
	{"clause", "政策条款", ENT_TEXT, EF_READONLY | EF_VIRTUAL},
	{"rule", "规则", ENT_TEXT, EF_READONLY | EF_VIRTUAL},
	{"done", "已完成", ENT_BOOL, EF_READONLY | EF_VIRTUAL},
	{"done_on", "完成日期", ENT_DATE, 0},
	{"note", "说明", ENT_TEXT, EF_NULLABLE, 0, 500},
	{"updated_by", "修改人", ENT_TEXT, EF_READONLY},
	{"updated_at", "修改时间", ENT_TIMESTAMP, EF_READONLY},
};

const struct entity checklist_entity = {
	.name = "checklist_item",
	.label = "一体化项目",
	.table = "checklist",
	ENT_FIELDS(fields),
};

/* The clinic INSTITUTION_ID and its profile, or an error. *PROFILE is borrowed. */
static int clinic_profile(struct db *db, const char *institution_id, const json_t **profile,
			  bool *closed, struct app_error *err)
{
	struct db_res *res;
	int rc = store_institution_brief(db, institution_id, &res);
	if (rc < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	if (rc == 0) {
		db_res_free(res);
		return err_set(err, ERR_NOT_FOUND, NULL, NULL, "机构不存在");
	}
	bool clinic = strcmp(db_res_text(res, 0, 1), "clinic") == 0;
	*profile = org_profile_for(db_res_text(res, 0, 4), NULL);
	*closed = strcmp(db_res_text(res, 0, 7), "closed") == 0;
	db_res_free(res);
	if (!clinic)
		return err_set(err, ERR_INVALID, NULL, NULL, "一体化清单只适用于村卫生室");
	if (!*profile)
		return err_set(err, ERR_INVALID, NULL, NULL, "该县（区）没有适用的政策配置");
	return 0;
}

json_t *org_checklist_get(struct db *db, const char *institution_id, struct app_error *err)
{
	const json_t *profile;
	bool closed;
	struct db_res *res;
	if (clinic_profile(db, institution_id, &profile, &closed, err) != 0)
		return NULL;
	if (store_checklist(db, institution_id, &res) < 0) {
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	json_t *items = json_array();
	size_t i;
	json_t *def;
	json_array_foreach(org_profile_checklist(profile), i, def)
	{
		const char *key = json_string_value(json_object_get(def, "key"));
		json_t *row = json_pack("{s:s, s:O, s:O, s:s, s:b, s:n, s:n, s:n, s:n}", "item", key,
					"label", json_object_get(def, "label"), "clause",
					json_object_get(def, "clause"), "rule",
					org_profile_coverage_rule(profile), "done", 0, "done_on",
					"note", "updated_by", "updated_at");
		for (size_t r = 0; r < db_res_rows(res); r++) {
			if (strcmp(db_res_text(res, r, 0), key) != 0)
				continue;
			json_object_set_new(row, "done", json_true());
			json_object_set_new(row, "done_on", json_string(db_res_text(res, r, 1)));
			if (db_res_text(res, r, 2))
				json_object_set_new(row, "note", json_string(db_res_text(res, r, 2)));
			json_object_set_new(row, "updated_by", json_string(db_res_text(res, r, 3)));
			json_object_set_new(row, "updated_at", json_string(db_res_text(res, r, 4)));
		}
		json_array_append_new(items, row);
	}
	db_res_free(res);
	return json_pack("{s:o, s:{s:s, s:s, s:s}}", "items", items, "profile", "id",
			 org_profile_id(profile), "name", org_profile_name(profile), "unification",
			 json_string_value(json_object_get(profile, "unification")));
}

struct tick_txn {
	const struct principal *who;
	const char *id, *item, *done_on, *note;
	bool untick;
	struct app_error *err;
};

static int tick_body(struct db *db, void *cls)
{
	struct tick_txn *t = cls;
	json_t *before = org_checklist_get(db, t->id, t->err);
	if (!before)
		return DB_ABORT;
	int rc = t->untick ? store_checklist_delete(db, t->id, t->item)
			   : store_checklist_put(db, t->id, t->item, t->done_on, t->note,
						 org_by(t->who));
	json_t *after = rc >= 0 ? org_checklist_get(db, t->id, t->err) : NULL;
	if (rc >= 0 && !after)
		rc = DB_ABORT;
	if (rc >= 0) {
		char what[128];
		snprintf(what, sizeof(what), "%s/%s", t->id, t->item);
		rc = audit_append(db, t->who, t->untick ? "untick" : "tick", "checklist", what,
				  json_object_get(before, "items"), json_object_get(after, "items"));
	}
	json_decref(before);
	json_decref(after);
	return rc;
}

static int run_tick(struct db *db, struct tick_txn *t)
{
	const json_t *profile;
	bool closed;
	if (clinic_profile(db, t->id, &profile, &closed, t->err) != 0)
		return -1;
	if (!org_profile_item_label(profile, t->item))
		return err_set(t->err, ERR_INVALID, "item", org_profile_coverage_rule(profile),
			       "%s没有项目“%s”", org_profile_name(profile), t->item);
	if (closed)
		return err_set(t->err, ERR_INVALID, "status", NULL, "已撤销的村卫生室不能修改清单");
	int rc = db_run_transaction(db, "checklist tick", tick_body, t);
	return rc < 0 ? org_txn_error(rc, t->err) : 0;
}

int org_checklist_tick(struct db *db, const struct principal *who, const char *institution_id,
		       const char *item, const json_t *body, struct app_error *err)
{
	char today[11];
	org_today(today);
	if (ent_validate(&checklist_entity, body, ENT_CREATE, err) != 0)
		return -1;
	struct tick_txn t = {.who = who, .id = institution_id, .item = item, .err = err,
			     .done_on = json_string_value(json_object_get(body, "done_on")),
			     .note = json_string_value(json_object_get(body, "note"))};
	if (!t.done_on)
		t.done_on = today;
	if (strcmp(t.done_on, today) > 0)
		return err_set(err, ERR_INVALID, "done_on", NULL, "完成日期（%s）不能晚于今天（%s）",
			       t.done_on, today);
	return run_tick(db, &t);
}

int org_checklist_untick(struct db *db, const struct principal *who,
			 const char *institution_id, const char *item, struct app_error *err)
{
	struct tick_txn t = {.who = who, .id = institution_id, .item = item, .untick = true,
			     .err = err};
	return run_tick(db, &t);
}
