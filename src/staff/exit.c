/* SPDX-License-Identifier: MIT */
/* This file contains exit reviews (退出审核, LB-STF-7): a review is raised for a village
 * doctor with its trigger and evidence — by the centre (resignation, death, a criminal
 * penalty...), by attendance when unauthorised absence reaches the profile's threshold, or
 * later by the assessment area (two failed assessments in a year) — and the county bureau
 * confirms or dismisses it. On confirmation the person is marked exited from the effective
 * date and their contract ends that day, so that pay and subsidies stop from then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/crud.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "staff/staff.h"
#include "staff/store.h"

/* The coded reasons of an exit (LB-STF-7), worded as the policy words them. */
const struct ent_enum staff_exit_reasons[] = {
    {"age", "到龄"},
    {"assessment", "年度内两次考核不合格"},
    {"absence", "擅自离岗"},
    {"accident", "重大医疗卫生责任事故"},
    {"penalty", "刑事处罚"},
    {"licence_revoked", "吊销执业证书"},
    {"resignation", "辞职"},
    {"death", "死亡"},
    {"transfer", "调离"},
    {"refusal", "不服从一体化管理"},
    {NULL, NULL},
};

static const struct ent_enum statuses[] = {
    {"open", "待审核"},
    {"confirmed", "已确认退出"},
    {"dismissed", "已驳回"},
    {NULL, NULL},
};

static const struct ent_field fields[] = {
    {"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
    {"person_id", "人员", ENT_ID, EF_READONLY | EF_FILTER},
    {"person_name", "姓名", ENT_TEXT, EF_VIRTUAL | EF_READONLY},
    {"reason", "退出原因", ENT_ENUM, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT,
     .enums = staff_exit_reasons},
    {"evidence", "依据材料", ENT_JSON, EF_NULLABLE | EF_IMMUTABLE},
    {"status", "状态", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = statuses},
    {"effective_on", "退出日期", ENT_DATE, EF_READONLY | EF_SORT},
    {"decided_by", "审核人", ENT_TEXT, EF_READONLY},
    {"decided_on", "审核日期", ENT_DATE, EF_READONLY | EF_SORT},
    {"note", "备注", ENT_TEXT, EF_NULLABLE, 0, 500},
    ENT_STANDARD_FIELDS,
};

const struct entity exit_review_entity = {
    .name = "exit_review",
    .label = "退出审核",
    .table = "exit_reviews",
    ENT_FIELDS(fields),
    .default_sort = "-created_at",
};

/* The body of POST /api/v1/exit-reviews/{id}/decision, checked by ent_validate. */
static const struct ent_enum decisions[] = {
    {"confirm", "确认退出"},
    {"dismiss", "驳回"},
    {NULL, NULL},
};

static const struct ent_field decision_fields[] = {
    {"decision", "审核结果", ENT_ENUM, EF_REQUIRED, .enums = decisions},
    {"effective_on", "退出日期", ENT_DATE, EF_NULLABLE},
    {"note", "审核意见", ENT_TEXT, EF_NULLABLE, 0, 500},
};

static const struct entity decision_entity = {
    .name = "exit_review_decision",
    .label = "退出审核决定",
    ENT_FIELDS(decision_fields),
};

static const char *text_of(const json_t *rec, const char *name)
{
	return json_string_value(json_object_get(rec, name));
}

static const char *reason_label(const char *reason)
{
	for (const struct ent_enum *en = staff_exit_reasons; en->value; en++)
		if (strcmp(en->value, reason) == 0)
			return en->label;
	return reason;
}

/* ---- the records the API shows ---- */

/* Add person_name to each review of ITEMS (borrowed). Returns 0 or a negative db_status. */
static int complete(struct db *db, json_t *items)
{
	size_t n = json_array_size(items), i;
	for (size_t from = 0; from < n; from += 500) {
		const char *ids[500];
		size_t k = 0;
		for (i = from; i < n && k < 500; i++)
			ids[k++] = text_of(json_array_get(items, i), "id");
		struct db_res *res = NULL;
		int rc = store_exit_reviews_names(db, ids, k, &res);
		if (rc < 0)
			return rc;
		for (size_t row = 0; row < db_res_rows(res); row++)
			for (i = from; i < from + k; i++) {
				json_t *rec = json_array_get(items, i);
				if (strcmp(text_of(rec, "id"), db_res_text(res, row, 0)) == 0) {
					json_object_set_new(rec, "person_name",
					                    json_string(db_res_text(res, row, 1)));
					break;
				}
			}
		db_res_free(res);
	}
	return 0;
}

static json_t *review_get(struct db *db, const char *id, struct app_error *err)
{
	return crud_get_view(db, &exit_review_entity, id, complete, err);
}

/* ---- raising a review ---- */

/* Raise a review of PERSON_ID for REASON with EVIDENCE and NOTE (borrowed, may be NULL),
 * unless the person has exited or a review for that reason is open: then STRICT refuses
 * (409), otherwise nothing is done and *ID_OUT stays "". Inside the caller's transaction.
 * Returns 0 or a negative db_status (DB_ABORT with ERR). */
static int raise_review(struct db *db, const struct principal *who, const char *person_id,
                        const char *reason, const json_t *evidence, const json_t *note, bool strict,
                        char id_out[37], struct app_error *err)
{
	struct db_res *person = NULL;
	json_t *rec = NULL, *extra = NULL, *after = NULL;
	id_out[0] = '\0';
	/* One review at a time per person: the count below sees the other's insert. */
	int rc = store_person_lock(db, person_id);
	if (rc >= 0)
		rc = store_contract_person(db, person_id, &person);
	if (rc == 0) {
		err_set(err, ERR_NOT_FOUND, "person_id", NULL, "人员不存在");
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	const char *name = db_res_text(person, 0, 1), *exited = db_res_text(person, 0, 7);
	if (exited) {
		if (strict)
			err_set(err, ERR_CONFLICT, "person_id", "LB-STF-7", "%s已于 %s 退出", name,
			        exited);
		rc = strict ? DB_ABORT : 0;
		goto out;
	}
	rc = store_exit_open_count(db, person_id, reason);
	if (rc > 0) {
		if (strict)
			err_set(err, ERR_CONFLICT, "reason", "LB-STF-7",
			        "%s已有一项以“%s”为由的退出审核待县局审核", name,
			        reason_label(reason));
		rc = strict ? DB_ABORT : 0;
		goto out;
	}
	if (rc < 0)
		goto out;
	db_new_id(id_out);
	rec = json_pack("{s:s, s:s, s:s, s:s, s:O?, s:O?}", "id", id_out, "person_id", person_id,
	                "reason", reason, "status", "open", "evidence",
	                evidence && !json_is_null(evidence) ? evidence : NULL, "note",
	                note && !json_is_null(note) ? note : NULL);
	extra = json_pack("{s:s}", "path", db_res_text(person, 0, 5));
	rc = crud_insert(db, &exit_review_entity, rec, extra, org_by(who));
	if (rc >= 0)
		rc = crud_get(db, &exit_review_entity, "id", id_out, &after);
	if (rc > 0)
		rc = audit_append(db, who, "create", "exit_review", id_out, NULL, after);
out:
	json_decref(after);
	json_decref(extra);
	json_decref(rec);
	db_res_free(person);
	return rc < 0 ? rc : 0;
}

int staff_exit_raise(struct db *db, const struct principal *who, const char *person_id,
                     const char *reason, const json_t *evidence, struct app_error *err)
{
	char id[37];
	return raise_review(db, who, person_id, reason, evidence, NULL, false, id, err);
}

int staff_exit_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	return store_exit_review_scope(db, id, path, len, owner);
}

/* ---- deciding ---- */

struct decide_txn {
	const struct principal *who;
	const char *id;
	const json_t *body; /* validated, borrowed */
	struct app_error *err;
};

/* Write CHANGES to row ID of E and audit them as ACTION with BEFORE. */
static int change(struct db *db, const struct principal *who, const struct entity *e,
                  const char *action, const char *id, const json_t *before, const json_t *changes)
{
	json_t *after = NULL;
	int rc = crud_update(db, e, "id", id, changes, org_by(who));
	if (rc >= 0)
		rc = crud_get(db, e, "id", id, &after);
	if (rc > 0)
		rc = audit_append(db, who, action, e->name, id, before, after);
	json_decref(after);
	return rc;
}

/* LB-STF-7: the person's contracts stop on ON. The active one ends then (or at its own end
 * if that came first), with end_reason "exit:<reason>"; pending ones can no longer be
 * approved and are rejected. */
static int end_contracts(struct db *db, const struct principal *who, const char *person_id,
                         const char *on, const char *reason, const char *today)
{
	static const char *const statuses_to_stop[] = {"active", "pending"};
	char why[48];
	snprintf(why, sizeof(why), "exit:%s", reason);
	int rc = 0;
	for (size_t s = 0; s < 2 && rc >= 0; s++) {
		struct db_res *res = NULL;
		rc = store_contracts_of(db, person_id, statuses_to_stop[s], &res);
		for (size_t r = 0; r < db_res_rows(res) && rc >= 0; r++) {
			const char *id = db_res_text(res, r, 0), *ends = db_res_text(res, r, 2);
			json_t *before = NULL, *changes;
			rc = crud_get(db, &contract_entity, "id", id, &before);
			if (rc < 0)
				break;
			if (s == 0)
				changes =
				    json_pack("{s:s, s:s, s:s}", "status", "ended", "ended_on",
				              strcmp(ends, on) < 0 ? ends : on, "end_reason", why);
			else
				changes = json_pack("{s:s, s:s, s:s, s:s}", "status", "rejected",
				                    "decided_by", org_by(who), "decided_on", today,
				                    "decision_note", why);
			rc = change(db, who, &contract_entity, s == 0 ? "end" : "reject", id,
			            before, changes);
			json_decref(changes);
			json_decref(before);
		}
		db_res_free(res);
	}
	return rc;
}

/* Confirm review REC: the person exits on effective_on. */
static int confirm(struct db *db, const struct decide_txn *t, const json_t *rec, json_t *changes,
                   const char *today)
{
	const char *person_id = text_of(rec, "person_id"), *reason = text_of(rec, "reason");
	const char *on = text_of(t->body, "effective_on");
	struct db_res *person = NULL;
	if (!on) {
		err_set(t->err, ERR_REQUIRED, "effective_on", "LB-STF-7",
		        "确认退出须填写退出日期（effective_on）：合同自该日终止、待遇停发");
		return DB_ABORT;
	}
	int rc = store_contract_person(db, person_id, &person);
	if (rc > 0 && db_res_text(person, 0, 7)) {
		err_set(t->err, ERR_CONFLICT, "status", "LB-STF-7", "%s已于 %s 退出",
		        db_res_text(person, 0, 1), db_res_text(person, 0, 7));
		rc = DB_ABORT;
	}
	db_res_free(person);
	if (rc < 0)
		return rc;
	rc = store_person_set_exit(db, person_id, on, reason, org_by(t->who));
	if (rc >= 0) {
		json_t *exit = json_pack("{s:s, s:s, s:s}", "exited_on", on, "exit_reason", reason,
		                         "exit_review_id", t->id);
		rc = audit_append(db, t->who, "exit", "person", person_id, NULL, exit);
		json_decref(exit);
	}
	if (rc >= 0)
		rc = end_contracts(db, t->who, person_id, on, reason, today);
	json_object_set_new(changes, "effective_on", json_string(on));
	return rc;
}

static int decide_body(struct db *db, void *cls)
{
	struct decide_txn *t = cls;
	json_t *rec = NULL, *changes = NULL;
	char today[11];
	int rc = crud_get(db, &exit_review_entity, "id", t->id, &rec);
	if (rc > 0)
		rc = store_person_lock(db, text_of(rec, "person_id"));
	json_decref(rec);
	rec = NULL;
	/* Read again under the lock: another decision may have come first. */
	if (rc > 0)
		rc = crud_get(db, &exit_review_entity, "id", t->id, &rec);
	if (rc == 0) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "退出审核不存在");
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	const char *status = text_of(rec, "status");
	if (strcmp(status, "open") != 0) {
		err_set(t->err, ERR_CONFLICT, "status", "LB-STF-7", "该退出审核已%s，不能再次审核",
		        strcmp(status, "confirmed") == 0 ? "确认" : "驳回");
		rc = DB_ABORT;
		goto out;
	}
	bool confirming = strcmp(text_of(t->body, "decision"), "confirm") == 0;
	org_today(today);
	changes = json_pack("{s:s, s:s, s:s}", "status", confirming ? "confirmed" : "dismissed",
	                    "decided_by", org_by(t->who), "decided_on", today);
	if (json_object_get(t->body, "note"))
		json_object_set(changes, "note", json_object_get(t->body, "note"));
	if (confirming)
		rc = confirm(db, t, rec, changes, today);
	if (rc >= 0)
		rc = change(db, t->who, &exit_review_entity, confirming ? "confirm" : "dismiss",
		            t->id, rec, changes);
out:
	json_decref(changes);
	json_decref(rec);
	return rc < 0 ? rc : 0;
}

/* ---- handlers ---- */

static enum MHD_Result reply_review(struct req *r, unsigned status, const char *id)
{
	struct app_error err;
	json_t *rec = review_get(r->db, id, &err);
	return rec ? reply_json(r, status, rec) : reply_error(r, &err);
}

enum MHD_Result staff_h_exit_reviews_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items = NULL;
	bool more;
	if (req_list(r, &exit_review_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	const char *owner = r->who.role == ROLE_CLINIC ? r->who.user_id : NULL;
	int rc = store_exit_reviews_list(r->db, r->who.scope_path, owner, &l, &items, &more);
	if (rc >= 0)
		rc = complete(r->db, items);
	if (rc < 0) {
		ent_list_clear(&l);
		json_decref(items);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	enum MHD_Result ret = reply_page(r, items, more, &l);
	ent_list_clear(&l);
	return ret;
}

struct create_txn {
	const struct principal *who;
	const char *person_id;
	const json_t *body; /* validated, borrowed */
	char id[37];
	struct app_error *err;
};

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	return raise_review(db, t->who, t->person_id, text_of(t->body, "reason"),
	                    json_object_get(t->body, "evidence"), json_object_get(t->body, "note"),
	                    true, t->id, t->err);
}

enum MHD_Result staff_h_exit_review_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&exit_review_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct create_txn t = {
	    .who = &r->who, .person_id = req_param(r, "id"), .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "exit review create", create_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_review(r, MHD_HTTP_CREATED, t.id);
}

enum MHD_Result staff_h_exit_review_decide(struct req *r)
{
	struct app_error err;
	if (ent_validate(&decision_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct decide_txn t = {
	    .who = &r->who, .id = req_param(r, "id"), .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "exit review decision", decide_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_review(r, MHD_HTTP_OK, t.id);
}
