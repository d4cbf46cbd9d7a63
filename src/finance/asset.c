/* SPDX-License-Identifier: MIT */
/* This file contains the fixed-asset register (固定资产台账, SR-FIN-5): the centre registers
 * the buildings, equipment and furniture of each of its clinics and its own, all owned by
 * the centre (产权归乡镇卫生院); transfers and disposals only by a request the county
 * approves (no one may occupy, divert or divide them, 不得挤占、挪用、调换); inventory checks
 * (清查) with found / missing / damaged; the monitors over them. Also the HTTP handlers.
 *
 * Asset numbers: when none is given, "<division code of the institution>-<NNNN>", NNNN the
 * next number of that division (fin_asset_counters), skipping numbers someone typed in.
 * States: in_use (在用), idle (闲置), damaged (损坏) may be set by hand; missing (缺失) only by
 * a closed check, which also puts a found one back in use; disposed (已报废) only by an
 * approved disposal, and then the asset changes no more. Inventory checks are in
 * asset_check.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/staff_rules.h"
#include "db/crud.h"
#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "finance/store.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"

static const struct ent_enum categories[] = {
	{"building", "房屋及构筑物"},
	{"equipment", "医疗设备"},
	{"furniture", "家具用具"},
	{"vehicle", "车辆"},
	{"other", "其他"},
	{NULL, NULL},
};

static const struct ent_enum states[] = {
	{"in_use", "在用"},
	{"idle", "闲置"},
	{"damaged", "损坏"},
	{"missing", "缺失"},
	{"disposed", "已报废"},
	{NULL, NULL},
};

static const struct ent_field asset_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"asset_no", "资产编号", ENT_TEXT, EF_IMMUTABLE | EF_FILTER | EF_SORT, 1, 40},
	{"institution_id", "存放机构", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"institution_name", "存放机构名称", ENT_TEXT, EF_READONLY},
	{"owner_id", "产权单位", ENT_ID, EF_READONLY | EF_FILTER},
	{"owner_name", "产权单位名称", ENT_TEXT, EF_READONLY},
	{"category", "资产类别", ENT_ENUM, EF_REQUIRED | EF_FILTER | EF_SORT, .enums = categories},
	{"description", "资产名称及规格", ENT_TEXT, EF_REQUIRED | EF_SORT, 1, 200},
	{"value_fen", "原值", ENT_MONEY, EF_REQUIRED | EF_IMMUTABLE | EF_SORT, 0, 100000000000000},
	{"acquired_on", "取得日期", ENT_DATE, EF_REQUIRED | EF_FILTER | EF_SORT},
	{"funding_source", "资金来源", ENT_TEXT, EF_REQUIRED | EF_FILTER, 1, 100},
	{"location", "存放地点", ENT_TEXT, EF_NULLABLE, 0, 200},
	{"state", "状态", ENT_ENUM, EF_FILTER | EF_SORT, .enums = states},
	{"pending_request_id", "待审批的调拨 / 报废申请", ENT_ID, EF_READONLY},
	ENT_STANDARD_FIELDS,
};

const struct entity asset_entity = {
	.name = "asset",
	.label = "固定资产",
	.table = "fin_assets",
	.view = store_assets_view,
	ENT_FIELDS(asset_fields),
	.default_sort = "asset_no",
};

static const struct ent_enum request_kinds[] = {
	{"transfer", "调拨"},
	{"disposal", "报废"},
	{NULL, NULL},
};

static const struct ent_enum request_statuses[] = {
	{"pending", "待审批"},
	{"approved", "已批准"},
	{"rejected", "不批准"},
	{NULL, NULL},
};

static const struct ent_field request_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"asset_id", "资产", ENT_ID, EF_READONLY | EF_FILTER},
	{"asset_no", "资产编号", ENT_TEXT, EF_READONLY | EF_SORT},
	{"asset_description", "资产名称及规格", ENT_TEXT, EF_READONLY},
	{"kind", "申请类别", ENT_ENUM, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER, .enums = request_kinds},
	{"from_institution_id", "调出机构", ENT_ID, EF_READONLY | EF_FILTER},
	{"from_institution_name", "调出机构名称", ENT_TEXT, EF_READONLY},
	{"to_institution_id", "调入机构", ENT_ID, EF_NULLABLE | EF_IMMUTABLE | EF_FILTER},
	{"to_institution_name", "调入机构名称", ENT_TEXT, EF_READONLY},
	{"reason", "申请理由", ENT_TEXT, EF_REQUIRED, 1, 500},
	{"status", "审批状态", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = request_statuses},
	{"decided_by", "审批人", ENT_TEXT, EF_READONLY},
	{"decided_on", "审批日期", ENT_DATE, EF_READONLY | EF_SORT},
	{"decision_note", "审批意见", ENT_TEXT, EF_READONLY},
	ENT_STANDARD_FIELDS,
};

const struct entity asset_request_entity = {
	.name = "asset_request",
	.label = "资产调拨 / 报废申请",
	.table = "fin_asset_requests",
	.view = store_asset_requests_view,
	ENT_FIELDS(request_fields),
	.default_sort = "-created_at",
};

/* The body of POST /api/v1/asset-requests/{id}/decision. */
static const struct ent_enum decisions[] = {
	{"approve", "批准"},
	{"reject", "不批准"},
	{NULL, NULL},
};

static const struct ent_field decision_fields[] = {
	{"decision", "审批结果", ENT_ENUM, EF_REQUIRED, .enums = decisions},
	{"note", "审批意见", ENT_TEXT, EF_NULLABLE, 0, 500},
};

static const struct entity decision_entity = {
	.name = "asset_request_decision",
	.label = "资产调拨 / 报废审批",
	ENT_FIELDS(decision_fields),
};

/* ---- resolvers ---- */

int fin_asset_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	owner[0] = '\0';
	return store_asset_path(db, STORE_ASSET, id, path, len);
}

int fin_asset_request_resolve(struct db *db, const char *id, char *path, size_t len,
			      char owner[37])
{
	owner[0] = '\0';
	return store_asset_path(db, STORE_ASSET_REQUEST, id, path, len);
}

/* ---- small helpers ---- */


/* Columns of store_asset_row. */
enum { ASSET_ID, ASSET_NO, ASSET_DESCRIPTION, ASSET_PLACE, ASSET_STATE, ASSET_VALUE,
       ASSET_PATH };

int fin_asset_place(struct db *db, const char *id, const char *field, struct db_res **res,
		      struct app_error *err)
{
	int rc = store_asset_place(db, id, res);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		err_set(err, ERR_NOT_FOUND, field, NULL, "机构 %s 不存在（%s）", id, field);
		return DB_ABORT;
	}
	const char *kind = db_res_text(*res, 0, FIN_PLACE_KIND), *name = db_res_text(*res, 0, FIN_PLACE_NAME);
	if (strcmp(kind, "clinic") != 0 && strcmp(kind, "centre") != 0) {
		err_set(err, ERR_INVALID, field, NULL,
			"%s不是村卫生室或乡镇卫生院，不登记固定资产（%s）", name, field);
		return DB_ABORT;
	}
	if (strcmp(db_res_text(*res, 0, FIN_PLACE_STATUS), "closed") == 0) {
		err_set(err, ERR_INVALID, field, NULL, "%s已撤销，不能再存放固定资产（%s）", name, field);
		return DB_ABORT;
	}
	return DB_ONE;
}

/* The owner of whatever a place of store_asset_place keeps: the centre, i.e. the place
 * itself or a clinic's parent (SR-FIN-5). Borrowed from PLACE. */
static const char *owner_of(const struct db_res *place)
{
	return strcmp(db_res_text(place, 0, FIN_PLACE_KIND), "centre") == 0
		       ? db_res_text(place, 0, FIN_PLACE_ID)
		       : db_res_text(place, 0, FIN_PLACE_PARENT);
}

int fin_not_future(const char *date, const char *field, const char *what,
		      struct app_error *err)
{
	char today[11];
	org_today(today);
	if (date && strcmp(date, today) > 0)
		return err_set(err, ERR_INVALID, field, NULL, "%s（%s）%s 晚于今天（%s）", what, field,
			       date, today);
	return 0;
}

/* What no one may do to an asset by editing it (SR-FIN-5: no one may occupy, divert or
 * divide them): change its value, its owner or where it is kept, or declare it disposed of
 * or missing. Those go through a request the county approves, or a check. BODY is the
 * create or PATCH body (borrowed). Returns 0, or -1 with ERR. */
static int refuse_by_hand(const json_t *body, bool update, struct app_error *err)
{
	if (update && json_object_get(body, "value_fen"))
		return err_set(err, ERR_RULE, "value_fen", "SR-FIN-5",
			       "固定资产原值（value_fen）登记后不可修改；账实不符应通过资产清查处理");
	if (update && json_object_get(body, "institution_id"))
		return err_set(err, ERR_RULE, "institution_id", "SR-FIN-5",
			       "固定资产不得挤占、挪用、调换：改变存放机构须提出调拨申请，经县卫健局批准后"
			       "由系统调拨（institution_id）");
	if (json_object_get(body, "owner_id"))
		return err_set(err, ERR_RULE, "owner_id", "SR-FIN-5",
			       "村卫生室固定资产产权归乡镇卫生院，产权单位由系统按存放机构确定，不可填写"
			       "（owner_id）");
	const char *state = fin_text(body, "state");
	if (state && strcmp(state, "disposed") == 0)
		return err_set(err, ERR_RULE, "state", "SR-FIN-5",
			       "固定资产不得擅自处置：报废须提出报废申请，经县卫健局批准（state）");
	if (state && strcmp(state, "missing") == 0)
		return err_set(err, ERR_RULE, "state", "SR-FIN-5",
			       "资产缺失须由资产清查确认，不能直接改为缺失（state）");
	return 0;
}

/* ---- registering an asset ---- */

struct create_txn {
	const struct principal *who;
	const json_t *body; /* validated, borrowed */
	char id[37];
	struct app_error *err;
};

/* A new number "<DIVISION>-<NNNN>" into OUT: the division's next one not typed in by
 * someone already. Returns 0 or a negative db_status. */
static int next_asset_no(struct db *db, const char *division, char out[48])
{
	for (;;) {
		long long n;
		int rc = store_asset_counter_next(db, division, &n);
		if (rc < 0)
			return rc;
		snprintf(out, 48, "%s-%04lld", division, n);
		rc = store_asset_no_taken(db, out);
		if (rc <= 0)
			return rc;
	}
}

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	struct db_res *place = NULL;
	json_t *rec = NULL, *extra = NULL, *after = NULL;
	const char *place_id = fin_text(t->body, "institution_id");
	char asset_no[48];
	int rc = fin_asset_place(db, place_id, "institution_id", &place, t->err);
	if (rc < 0)
		goto out;
	const char *given = fin_text(t->body, "asset_no");
	if (given) {
		rc = store_asset_no_taken(db, given);
		if (rc > 0) {
			err_set(t->err, ERR_CONFLICT, "asset_no", NULL, "资产编号 %s 已被使用（asset_no）",
				given);
			rc = DB_ABORT;
		}
		snprintf(asset_no, sizeof(asset_no), "%s", given);
	} else {
		rc = next_asset_no(db, db_res_text(place, 0, FIN_PLACE_DIVISION), asset_no);
	}
	if (rc < 0)
		goto out;
	db_new_id(t->id);
	rec = json_deep_copy(t->body);
	extra = json_pack("{s:s, s:s, s:s, s:s}", "id", t->id, "asset_no", asset_no, "owner_id",
			  owner_of(place), "path", db_res_text(place, 0, FIN_PLACE_PATH));
	if (!rec || !extra) {
		rc = DB_HARD;
		goto out;
	}
	if (!json_object_get(rec, "state"))
		json_object_set_new(rec, "state", json_string("in_use"));
	rc = crud_insert(db, &asset_entity, rec, extra, org_by(t->who));
	if (rc >= 0)
		rc = crud_get(db, &asset_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, "create", "asset", t->id, NULL, after);
out:
	json_decref(after);
	json_decref(extra);
	json_decref(rec);
	db_res_free(place);
	return rc < 0 ? rc : 0;
}

/* Register asset BODY (borrowed, not yet validated) for WHO (NULL: the demo). Inside a
 * transaction when IN_TXN. Sets ID_OUT. Returns 0 or -1 with ERR. */
static int asset_register(struct db *db, const struct principal *who, const json_t *body,
			  bool in_txn, char id_out[37], struct app_error *err)
{
	if (refuse_by_hand(body, false, err) != 0 ||
	    ent_validate(&asset_entity, body, ENT_CREATE, err) != 0 ||
	    fin_not_future(fin_text(body, "acquired_on"), "acquired_on", "取得日期", err) != 0)
		return -1;
	struct create_txn t = {.who = who, .body = body, .err = err};
	int rc = in_txn ? create_body(db, &t)
			: db_run_transaction(db, "asset create", create_body, &t);
	if (rc == DB_CONSTRAINT)
		/* The same number registered by another transaction that committed first. */
		return err_set(err, ERR_CONFLICT, "asset_no", NULL, "资产编号已被使用（asset_no）");
	if (rc < 0)
		return org_txn_error(rc, err);
	memcpy(id_out, t.id, 37);
	return 0;
}

/* ---- changing an asset ---- */

struct update_txn {
	const struct principal *who;
	const char *id;
	const json_t *changes; /* validated, borrowed */
	struct app_error *err;
};

static int update_body(struct db *db, void *cls)
{
	struct update_txn *t = cls;
	json_t *before = NULL, *after = NULL;
	int rc = store_asset_touch(db, t->id, org_by(t->who));
	if (rc == 0) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "固定资产不存在");
		rc = DB_ABORT;
	}
	if (rc >= 0)
		rc = crud_get(db, &asset_entity, "id", t->id, &before);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc < 0)
		goto out;
	const char *state = fin_text(before, "state"), *asked = fin_text(t->changes, "state");
	if (strcmp(state, "disposed") == 0) {
		err_set(t->err, ERR_CONFLICT, "state", NULL, "资产 %s 已报废，台账不再修改",
			fin_text(before, "asset_no"));
		rc = DB_ABORT;
		goto out;
	}
	if (strcmp(state, "missing") == 0 && asked && strcmp(asked, "missing") != 0) {
		err_set(t->err, ERR_RULE, "state", "SR-FIN-5",
			"资产 %s 清查时缺失，找回后须由下一次资产清查确认，不能直接改状态（state）",
			fin_text(before, "asset_no"));
		rc = DB_ABORT;
		goto out;
	}
	rc = crud_update(db, &asset_entity, "id", t->id, t->changes, org_by(t->who));
	if (rc >= 0)
		rc = crud_get(db, &asset_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, "update", "asset", t->id, before, after);
out:
	json_decref(after);
	json_decref(before);
	return rc < 0 ? rc : 0;
}

/* ---- transfer and disposal requests ---- */

struct request_txn {
	const struct principal *who;
	const char *asset_id;
	const json_t *body; /* validated, borrowed */
	char id[37];
	struct app_error *err;
};

/* A transfer of asset ASSET (a row of store_asset_row) to TO_ID may go ahead: a clinic or
 * centre of the same county, not where it is now (SR-FIN-5: within the county). *TO gets
 * its row (new, freed by the caller). Returns DB_ONE, or DB_ABORT with ERR. */
static int check_transfer(struct db *db, const struct db_res *asset, const char *to_id,
			  struct db_res **to, struct app_error *err)
{
	struct db_res *from = NULL;
	int rc = fin_asset_place(db, to_id, "to_institution_id", to, err);
	if (rc < 0)
		return rc;
	if (strcmp(to_id, db_res_text(asset, 0, ASSET_PLACE)) == 0) {
		err_set(err, ERR_INVALID, "to_institution_id", NULL,
			"资产 %s 已存放在%s，调入机构应为其他机构（to_institution_id）",
			db_res_text(asset, 0, ASSET_NO), db_res_text(*to, 0, FIN_PLACE_NAME));
		return DB_ABORT;
	}
	rc = store_asset_place(db, db_res_text(asset, 0, ASSET_PLACE), &from);
	if (rc == 0)
		rc = DB_HARD;
	if (rc > 0 &&
	    strcmp(db_res_text(from, 0, FIN_PLACE_COUNTY), db_res_text(*to, 0, FIN_PLACE_COUNTY)) != 0) {
		err_set(err, ERR_RULE, "to_institution_id", "SR-FIN-5",
			"固定资产只能在本县（区）内调拨：%s属于其他县（区），不能调入%s的资产 %s"
			"（to_institution_id）",
			db_res_text(*to, 0, FIN_PLACE_NAME), db_res_text(from, 0, FIN_PLACE_NAME),
			db_res_text(asset, 0, ASSET_NO));
		rc = DB_ABORT;
	}
	db_res_free(from);
	return rc < 0 ? rc : DB_ONE;
}

static int request_body(struct db *db, void *cls)
{
	struct request_txn *t = cls;
	struct db_res *asset = NULL, *to = NULL;
	json_t *extra = NULL, *after = NULL;
	const char *kind = fin_text(t->body, "kind"), *to_id = fin_text(t->body, "to_institution_id");
	bool transfer = strcmp(kind, "transfer") == 0;
	int rc = store_asset_touch(db, t->asset_id, org_by(t->who));
	if (rc >= 0)
		rc = store_asset_row(db, t->asset_id, &asset);
	if (rc == 0) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "固定资产不存在");
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	const char *asset_no = db_res_text(asset, 0, ASSET_NO);
	const char *state = db_res_text(asset, 0, ASSET_STATE);
	if (strcmp(state, "disposed") == 0) {
		err_set(t->err, ERR_CONFLICT, "asset_id", NULL, "资产 %s 已报废，不能再申请调拨或报废",
			asset_no);
		rc = DB_ABORT;
		goto out;
	}
	rc = store_asset_pending_count(db, t->asset_id);
	if (rc > 0) {
		err_set(t->err, ERR_CONFLICT, "asset_id", NULL,
			"资产 %s 已有一份待县卫健局审批的申请，审批后才能再提出", asset_no);
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	if (transfer && !to_id) {
		err_set(t->err, ERR_REQUIRED, "to_institution_id", NULL,
			"调拨申请须填写调入机构（to_institution_id）");
		rc = DB_ABORT;
	} else if (!transfer && to_id) {
		err_set(t->err, ERR_INVALID, "to_institution_id", NULL,
			"报废申请不填写调入机构（to_institution_id）");
		rc = DB_ABORT;
	} else if (transfer && strcmp(state, "missing") == 0) {
		err_set(t->err, ERR_CONFLICT, "asset_id", NULL,
			"资产 %s 清查时缺失，不能调拨；查明后可申请报废（核销）", asset_no);
		rc = DB_ABORT;
	} else if (transfer) {
		rc = check_transfer(db, asset, to_id, &to, t->err);
	}
	if (rc < 0)
		goto out;
	db_new_id(t->id);
	extra = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", t->id, "asset_id", t->asset_id,
			  "from_institution_id", db_res_text(asset, 0, ASSET_PLACE), "status",
			  "pending", "path", db_res_text(asset, 0, ASSET_PATH));
	rc = extra ? crud_insert(db, &asset_request_entity, t->body, extra, org_by(t->who))
		   : DB_HARD;
	if (rc >= 0)
		rc = crud_get(db, &asset_request_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, "create", "asset_request", t->id, NULL, after);
out:
	json_decref(after);
	json_decref(extra);
	db_res_free(to);
	db_res_free(asset);
	return rc < 0 ? rc : 0;
}

struct decide_txn {
	const struct principal *who;
	const char *id;
	bool approve;
	const char *note;
	struct app_error *err;
};

/* Carry out approved request REQ (a row of store_asset_request_row): move the asset with its
 * path and owner, or mark it disposed. Returns 0, or a negative db_status (DB_ABORT with
 * ERR). */
static int carry_out(struct db *db, const struct principal *who, const struct db_res *req,
		     struct app_error *err)
{
	const char *asset_id = db_res_text(req, 0, 1), *kind = db_res_text(req, 0, 2);
	struct db_res *asset = NULL, *to = NULL;
	json_t *before = NULL, *after = NULL;
	int rc = store_asset_touch(db, asset_id, org_by(who));
	if (rc >= 0)
		rc = store_asset_row(db, asset_id, &asset);
	if (rc == 0)
		rc = DB_HARD;
	if (rc < 0)
		goto out;
	const char *asset_no = db_res_text(asset, 0, ASSET_NO);
	const char *state = db_res_text(asset, 0, ASSET_STATE);
	if (strcmp(state, "disposed") == 0) {
		err_set(err, ERR_CONFLICT, "asset_id", NULL, "资产 %s 已报废", asset_no);
		rc = DB_ABORT;
		goto out;
	}
	/* A check lists the asset where it is: moving or disposing of it meanwhile would leave
	 * the check counting an asset no longer there. */
	rc = store_asset_open_checks_of(db, asset_id);
	if (rc > 0) {
		err_set(err, ERR_CONFLICT, "asset_id", NULL,
			"资产 %s 所在机构正在清查，清查完成后再审批", asset_no);
		rc = DB_ABORT;
	}
	if (rc >= 0)
		rc = crud_get(db, &asset_entity, "id", asset_id, &before);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc < 0)
		goto out;
	if (strcmp(kind, "transfer") == 0) {
		if (strcmp(state, "missing") == 0) {
			err_set(err, ERR_CONFLICT, "asset_id", NULL, "资产 %s 清查时缺失，不能调拨",
				asset_no);
			rc = DB_ABORT;
			goto out;
		}
		/* The destination is checked again: it may have closed since the request. */
		rc = check_transfer(db, asset, db_res_text(req, 0, 3), &to, err);
		if (rc >= 0)
			rc = store_asset_move(db, asset_id, db_res_text(to, 0, FIN_PLACE_ID),
					      db_res_text(to, 0, FIN_PLACE_PATH), owner_of(to),
					      org_by(who));
	} else {
		rc = store_asset_set_state(db, asset_id, "disposed", org_by(who));
	}
	if (rc >= 0)
		rc = crud_get(db, &asset_entity, "id", asset_id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, who, strcmp(kind, "transfer") == 0 ? "transfer" : "dispose",
				  "asset", asset_id, before, after);
out:
	json_decref(after);
	json_decref(before);
	db_res_free(to);
	db_res_free(asset);
	return rc < 0 ? rc : 0;
}

static int decide_body(struct db *db, void *cls)
{
	struct decide_txn *t = cls;
	struct db_res *req = NULL;
	json_t *before = NULL, *after = NULL;
	char today[11];
	org_today(today);
	int rc = crud_get(db, &asset_request_entity, "id", t->id, &before);
	if (rc == DB_NONE) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "资产调拨 / 报废申请不存在");
		rc = DB_ABORT;
	}
	/* Deciding first takes the row: a second decision waits here and finds it decided. */
	if (rc >= 0)
		rc = store_asset_request_decide(db, t->id, t->approve ? "approved" : "rejected",
						t->note, today, org_by(t->who));
	if (rc == 0) {
		err_set(t->err, ERR_CONFLICT, "status", NULL, "该申请已审批，不能重复审批");
		rc = DB_ABORT;
	}
	if (rc >= 0)
		rc = store_asset_request_row(db, t->id, &req);
	if (rc == 0)
		rc = DB_HARD;
	if (rc >= 0 && t->approve)
		rc = carry_out(db, t->who, req, t->err);
	if (rc >= 0)
		rc = crud_get(db, &asset_request_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, t->approve ? "approve" : "reject", "asset_request",
				  t->id, before, after);
	json_decref(after);
	json_decref(before);
	db_res_free(req);
	return rc < 0 ? rc : 0;
}

/* ---- monitors ---- */

/* Whether COUNTY_CODE is wanted when only COUNTY's alerts are (NULL: all). */
static bool wanted(const char *county, const char *county_code)
{
	return !county || (county_code && strcmp(county, county_code) == 0);
}

int fin_asset_alerts(struct db *db, const char *scope, const char *county, const char *today,
		     json_t *alerts, struct app_error *err)
{
	struct db_res *res = NULL;
	/* SR-FIN-5: an asset a closed check found missing, until found or written off. */
	if (store_asset_watch_missing(db, scope, &res) < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county_code = db_res_text(res, r, 2), *name = db_res_text(res, r, 1);
		if (!wanted(county, county_code))
			continue;
		long long value = db_res_int(res, r, 6);
		const char *on = db_res_text(res, r, 7);
		org_alert_add(alerts, "SR-FIN-5", "error", "固定资产清查缺失", db_res_text(res, r, 0),
			      name, db_res_text(res, r, 3), county_code,
			      "%s %s 资产清查时，资产 %s（%s，原值 %lld.%02lld 元）缺失，应查明原因、追回"
			      "或按程序报批核销。",
			      name, on ? on : "", db_res_text(res, r, 4), db_res_text(res, r, 5),
			      value / 100, value % 100);
	}
	db_res_free(res);
	/* SR-FIN-5: assets not checked within the period (finance.asset_check_every_months of
	 * the profile, 12 by default), counted from the last closed check or, before any, from
	 * the first registration: a register just set up needs no check yet. */
	if (store_asset_watch_checks(db, scope, &res) < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county_code = db_res_text(res, r, 2), *name = db_res_text(res, r, 1);
		if (!wanted(county, county_code))
			continue;
		const json_t *p = org_profile_for(county_code, today);
		long long months = org_profile_param_in(p, "finance", "asset_check_every_months", 12);
		const char *last = db_res_text(res, r, 6), *first = db_res_text(res, r, 5);
		char since[11], due[11];
		snprintf(since, sizeof(since), "%.10s", last ? last : first);
		rules_add_months(since, (int)months, due);
		if (months <= 0 || strcmp(due, today) >= 0)
			continue;
		long long count = db_res_int(res, r, 4);
		if (last)
			org_alert_add(alerts, "SR-FIN-5", "warning", "固定资产逾期未清查",
				      db_res_text(res, r, 0), name, db_res_text(res, r, 3), county_code,
				      "%s有固定资产 %lld 项，上次清查于 %s，超过 %lld 个月未清查（应于 %s "
				      "前清查）。",
				      name, count, last, months, due);
		else
			org_alert_add(alerts, "SR-FIN-5", "warning", "固定资产从未清查",
				      db_res_text(res, r, 0), name, db_res_text(res, r, 3), county_code,
				      "%s自 %s 起登记固定资产 %lld 项，从未清查；每 %lld 个月应清查一次。",
				      name, since, count, months);
	}
	db_res_free(res);
	return 0;
}

/* ---- demo ---- */

static const struct {
	const char *category, *description, *funding, *location;
	long long value_fen;
	int months_ago; /* acquired */
} demo_assets[] = {
	{"building", "村卫生室业务用房（砖混结构，120 平方米）", "财政专项资金", "本室", 36000000, 72},
	{"equipment", "单道心电图机", "财政专项资金", "诊室", 680000, 40},
	{"equipment", "血压计、身高体重秤、听诊器等基本诊疗设备", "基本公共卫生服务补助", "诊室",
	 150000, 36},
	{"furniture", "诊桌椅、药品柜、观察床", "卫生院统一配置", "诊室、药房", 420000, 48},
};
#define DEMO_ASSETS (sizeof(demo_assets) / sizeof(demo_assets[0]))
/* The township of the demo centre (沙塘镇, org/demo.c): its clinics carry the alerts, where
 * the demo's centre, finance and village doctor users see them. */
#define DEMO_TOWN "450205101"

struct demo {
	const char *today;
	struct app_error *err;
};

/* The assets of DEMO_ASSETS at clinic ID, registered REGISTERED (a timestamp) by the
 * centre. IDS gets their ids. Returns 0 or a negative db_status (DB_ABORT with ERR). */
static int demo_register(struct db *db, struct demo *d, const char *clinic, const char *registered,
			 char ids[][37])
{
	for (size_t k = 0; k < DEMO_ASSETS; k++) {
		char acquired[11];
		rules_add_months(d->today, -demo_assets[k].months_ago, acquired);
		json_t *body = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "institution_id",
					 clinic, "category", demo_assets[k].category, "description",
					 demo_assets[k].description, "value_fen",
					 (json_int_t)demo_assets[k].value_fen, "acquired_on", acquired,
					 "funding_source", demo_assets[k].funding, "location",
					 demo_assets[k].location);
		int rc = body ? asset_register(db, NULL, body, true, ids[k], d->err) : -1;
		json_decref(body);
		if (rc != 0)
			return DB_ABORT;
	}
	/* The register was set up before the checks below, as it would have been. */
	return store_asset_demo_backdate(db, clinic, registered);
}

/* A pending disposal of asset ID. */
static int demo_disposal(struct db *db, struct demo *d, const char *id)
{
	json_t *body = json_pack("{s:s, s:s}", "kind", "disposal", "reason",
				 "使用超过 10 年，柜体变形、无法修复，申请报废");
	struct request_txn t = {.asset_id = id, .body = body, .err = d->err};
	int rc = body ? request_body(db, &t) : DB_HARD;
	json_decref(body);
	return rc;
}

static int demo_body(struct db *db, void *cls)
{
	struct demo *d = cls;
	struct db_res *clinics = NULL;
	char registered[21], long_ago[11], recent[11], last_year[11];
	rules_add_months(d->today, -26, long_ago);
	snprintf(registered, sizeof(registered), "%sT01:00:00Z", long_ago);
	rules_add_months(d->today, -2, recent);
	rules_add_months(d->today, -14, last_year);
	int rc = store_asset_demo_clinics(db, &clinics);
	/* Under the demo centre: the first clinic (the demo village doctor's) has an asset
	 * missing at this month's check (error), the second was last checked over a year ago
	 * (warning), the third has a damaged cabinet waiting for its disposal; every other
	 * clinic was checked two months ago and all was found. */
	int town = 0;
	for (size_t r = 0; rc >= 0 && r < db_res_rows(clinics); r++) {
		const char *clinic = db_res_text(clinics, r, 0);
		int k = strncmp(db_res_text(clinics, r, 4), DEMO_TOWN, strlen(DEMO_TOWN)) == 0
				? town++
				: -1;
		char ids[DEMO_ASSETS][37];
		rc = demo_register(db, d, clinic, registered, ids);
		if (rc >= 0 && k == 0)
			rc = fin_asset_check_demo(db, clinic, d->today, ids, (int)DEMO_ASSETS,
						  1, -1, d->err);
		else if (rc >= 0 && k == 1)
			rc = fin_asset_check_demo(db, clinic, last_year, ids, (int)DEMO_ASSETS,
						  -1, -1, d->err);
		else if (rc >= 0 && k == 2)
			rc = fin_asset_check_demo(db, clinic, recent, ids, (int)DEMO_ASSETS,
						  -1, 3, d->err);
		else if (rc >= 0)
			rc = fin_asset_check_demo(db, clinic, recent, ids, (int)DEMO_ASSETS,
						  -1, -1, d->err);
		if (rc >= 0 && k == 2)
			rc = demo_disposal(db, d, ids[3]);
	}
	db_res_free(clinics);
	return rc < 0 ? rc : 0;
}

int fin_asset_demo(struct db *db, const char *today, struct app_error *err)
{
	struct demo d = {.today = today, .err = err};
	int rc = db_in_transaction(db) ? demo_body(db, &d)
				       : db_run_transaction(db, "asset demo", demo_body, &d);
	return rc < 0 ? org_txn_error(rc, err) : 0;
}

/* ---- handlers ---- */



/* The record of E whose id is ID with STATUS, or the error. */
static enum MHD_Result reply_record(struct req *r, const struct entity *e, const char *id,
				    unsigned status)
{
	struct app_error err;
	json_t *rec = crud_get_view(r->db, e, id, NULL, &err);
	return rec ? reply_json(r, status, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_assets_list(struct req *r)
{
	return reply_scoped_list(r, &asset_entity);
}

enum MHD_Result fin_h_asset_create(struct req *r)
{
	struct app_error err;
	char id[37];
	if (asset_register(r->db, &r->who, r->json, false, id, &err) != 0)
		return reply_error(r, &err);
	return reply_record(r, &asset_entity, id, MHD_HTTP_CREATED);
}

enum MHD_Result fin_h_asset_get(struct req *r)
{
	return reply_record(r, &asset_entity, req_param(r, "id"), MHD_HTTP_OK);
}

enum MHD_Result fin_h_asset_update(struct req *r)
{
	struct app_error err;
	if (refuse_by_hand(r->json, true, &err) != 0 ||
	    ent_validate(&asset_entity, r->json, ENT_UPDATE, &err) != 0 ||
	    fin_not_future(fin_text(r->json, "acquired_on"), "acquired_on", "取得日期", &err) != 0)
		return reply_error(r, &err);
	struct update_txn t = {.who = &r->who, .id = req_param(r, "id"), .changes = r->json,
			       .err = &err};
	int rc = db_run_transaction(r->db, "asset update", update_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_record(r, &asset_entity, t.id, MHD_HTTP_OK);
}

enum MHD_Result fin_h_asset_request_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&asset_request_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct request_txn t = {.who = &r->who, .asset_id = req_param(r, "id"), .body = r->json,
				.err = &err};
	int rc = db_run_transaction(r->db, "asset request create", request_body, &t);
	if (rc == DB_CONSTRAINT)
		/* Another request of the same asset committed first (one pending at a time). */
		return reply_err(r, ERR_CONFLICT, "asset_id", NULL,
				 "该资产已有一份待县卫健局审批的申请，审批后才能再提出");
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_record(r, &asset_request_entity, t.id, MHD_HTTP_CREATED);
}

enum MHD_Result fin_h_asset_requests_list(struct req *r)
{
	return reply_scoped_list(r, &asset_request_entity);
}

enum MHD_Result fin_h_asset_request_decide(struct req *r)
{
	struct app_error err;
	if (ent_validate(&decision_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct decide_txn t = {
		.who = &r->who,
		.id = req_param(r, "id"),
		.approve = strcmp(fin_text(r->json, "decision"), "approve") == 0,
		.note = fin_text(r->json, "note"),
		.err = &err,
	};
	int rc = db_run_transaction(r->db, "asset request decide", decide_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_record(r, &asset_request_entity, t.id, MHD_HTTP_OK);
}

enum MHD_Result fin_h_assets_export(struct req *r)
{
	return reply_scoped_xlsx(r, &asset_entity, "固定资产台账");
}
