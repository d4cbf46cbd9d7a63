/* SPDX-License-Identifier: MIT */
/* This file contains adverse drug reaction and device event reports (药品不良反应 / 医疗器械
 * 不良事件, SR-DRG-5): a clinic reports the patient by reference only (no name), the item and
 * lot, the reaction, its seriousness and outcome, and who reports; the county lists and
 * exports them. A lot with reports can be put on hold (the lots' hold route): each report
 * shows whether its lot is held. Also the HTTP handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/crud.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "pharmacy/pharmacy.h"
#include "pharmacy/store.h"

static const struct ent_enum seriousness[] = {
	{"mild", "轻度"}, {"moderate", "中度"}, {"severe", "严重"}, {"fatal", "死亡"}, {NULL, NULL},
};

static const struct ent_field fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"clinic_id", "报告机构", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"clinic_name", "报告机构名称", ENT_TEXT, EF_READONLY},
	{"item_id", "药品 / 器械", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"item_name", "通用名", ENT_TEXT, EF_READONLY | EF_SORT},
	{"lot_id", "批次", ENT_ID, EF_NULLABLE | EF_IMMUTABLE | EF_FILTER},
	{"lot_no", "批号", ENT_TEXT, EF_READONLY},
	{"lot_on_hold", "批次已暂停使用", ENT_BOOL, EF_READONLY},
	{"patient_ref", "患者编号（无需姓名）", ENT_TEXT, EF_REQUIRED, 1, 50},
	{"occurred_on", "发生日期", ENT_DATE, EF_REQUIRED | EF_FILTER | EF_SORT},
	{"reaction", "不良反应 / 事件", ENT_TEXT, EF_REQUIRED, 1, 1000},
	{"seriousness", "严重程度", ENT_ENUM, EF_REQUIRED | EF_FILTER | EF_SORT, .enums = seriousness},
	{"outcome", "转归", ENT_TEXT, EF_REQUIRED, 1, 500},
	{"reporter", "报告人", ENT_TEXT, EF_REQUIRED, 1, 50},
	ENT_STANDARD_FIELDS,
};

const struct entity adverse_event_entity = {
	.name = "adverse_event",
	.label = "不良反应 / 事件报告",
	.table = "adverse_events",
	.view = store_adverse_view,
	ENT_FIELDS(fields),
	.default_sort = "-occurred_on",
};

struct create_txn {
	const struct principal *who;
	const json_t *body; /* validated, borrowed */
	char id[37];
	struct app_error *err;
};

/* The clinic (or centre) reporting, the item of its county's catalogue and, when named,
 * a lot of that item: DB_ONE with *PLACE (new, freed by the caller), or DB_ABORT with ERR. */
static int check_report(struct db *db, const json_t *body, struct db_res **place,
			struct app_error *err)
{
	struct db_res *item = NULL, *lot = NULL;
	const char *clinic_id = json_string_value(json_object_get(body, "clinic_id"));
	const char *item_id = json_string_value(json_object_get(body, "item_id"));
	const char *lot_id = json_string_value(json_object_get(body, "lot_id"));
	const char *occurred = json_string_value(json_object_get(body, "occurred_on"));
	char today[11];
	org_today(today);
	if (strcmp(occurred, today) > 0) {
		err_set(err, ERR_INVALID, "occurred_on", NULL, "发生日期（occurred_on）%s 晚于今天（%s）",
			occurred, today);
		return DB_ABORT;
	}
	int rc = store_watch_place(db, clinic_id, place);
	if (rc == 0) {
		err_set(err, ERR_NOT_FOUND, "clinic_id", NULL, "机构 %s 不存在", clinic_id);
		rc = DB_ABORT;
	} else if (rc > 0 && strcmp(db_res_text(*place, 0, 1), "clinic") != 0 &&
		   strcmp(db_res_text(*place, 0, 1), "centre") != 0) {
		err_set(err, ERR_INVALID, "clinic_id", NULL,
			"%s不是村卫生室或乡镇卫生院，不能报告不良反应（clinic_id）",
			db_res_text(*place, 0, 2));
		rc = DB_ABORT;
	}
	if (rc < 0)
		return rc;
	rc = store_watch_item(db, item_id, &item);
	if (rc == 0) {
		err_set(err, ERR_NOT_FOUND, "item_id", NULL, "药品 / 器械 %s 不在目录中", item_id);
		rc = DB_ABORT;
	} else if (rc > 0 && strcmp(db_res_text(item, 0, 1), db_res_text(*place, 0, 4)) != 0) {
		err_set(err, ERR_INVALID, "item_id", NULL, "%s属于其他县（区）的目录（item_id）",
			db_res_text(item, 0, 2));
		rc = DB_ABORT;
	}
	if (rc >= 0 && lot_id) {
		rc = store_watch_lot(db, lot_id, &lot);
		if (rc == 0) {
			err_set(err, ERR_NOT_FOUND, "lot_id", NULL, "批次 %s 不存在", lot_id);
			rc = DB_ABORT;
		} else if (rc > 0 && strcmp(db_res_text(lot, 0, 1), item_id) != 0) {
			err_set(err, ERR_INVALID, "lot_id", NULL, "批号 %s 不是%s的批次（lot_id）",
				db_res_text(lot, 0, 2), db_res_text(item, 0, 2));
			rc = DB_ABORT;
		}
	}
	db_res_free(lot);
	db_res_free(item);
	return rc < 0 ? rc : DB_ONE;
}

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	struct db_res *place = NULL;
	json_t *extra = NULL, *after = NULL;
	int rc = check_report(db, t->body, &place, t->err);
	if (rc < 0)
		goto out;
	db_new_id(t->id);
	extra = json_pack("{s:s, s:s}", "id", t->id, "path", db_res_text(place, 0, 3));
	rc = extra ? crud_insert(db, &adverse_event_entity, t->body, extra, org_by(t->who))
		   : DB_HARD;
	if (rc >= 0)
		rc = crud_get(db, &adverse_event_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, "create", "adverse_event", t->id, NULL, after);
out:
	json_decref(after);
	json_decref(extra);
	db_res_free(place);
	return rc < 0 ? rc : 0;
}

/* ---- handlers ---- */

enum MHD_Result pharm_h_adverse_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&adverse_event_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct create_txn t = {.who = &r->who, .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "adverse event create", create_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = crud_get_view(r->db, &adverse_event_entity, t.id, NULL, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result pharm_h_adverse_list(struct req *r)
{
	return reply_scoped_list(r, &adverse_event_entity);
}

enum MHD_Result pharm_h_adverse_export(struct req *r)
{
	return reply_scoped_xlsx(r, &adverse_event_entity, "不良反应报告");
}
