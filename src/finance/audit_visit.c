/* SPDX-License-Identifier: MIT */
/* This file contains audit visits (财务检查, SR-FIN-4): the centre checks its clinics'
 * accounts and charges at regular and irregular times (定期和不定期检查), the county checks
 * clinics and centres; each visit records its date, scope and conclusion, the problems found,
 * what must be rectified by when (整改要求与期限) and when it was. Rectifications past their
 * deadline and still open are alerts. Also the HTTP handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/crud.h"
#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "finance/store.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "core/staff_rules.h"

static const struct ent_enum levels[] = {
	{"centre", "乡镇卫生院"},
	{"county", "县卫健局"},
	{NULL, NULL},
};

static const struct ent_field visit_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"institution_id", "被检查机构", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"institution_name", "被检查机构名称", ENT_TEXT, EF_READONLY},
	{"visited_on", "检查日期", ENT_DATE, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT},
	{"by_level", "检查单位", ENT_ENUM, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER, .enums = levels},
	/* false: an irregular, unannounced visit (不定期检查). */
	{"regular", "定期检查", ENT_BOOL, EF_IMMUTABLE | EF_FILTER},
	{"scope", "检查范围", ENT_TEXT, EF_REQUIRED, 1, 500},
	{"summary", "检查结论", ENT_TEXT, EF_NULLABLE, 0, 2000},
	{"finding_count", "发现问题数", ENT_INT, EF_READONLY},
	{"open_count", "未整改问题数", ENT_INT, EF_READONLY},
	/* The findings come with one visit, not with lists; POST may bring them too. */
	{"findings", "发现的问题与整改", ENT_JSON, EF_READONLY | EF_VIRTUAL | EF_NOLIST},
	ENT_STANDARD_FIELDS,
};

const struct entity audit_visit_entity = {
	.name = "audit_visit",
	.label = "财务检查",
	.table = "fin_audit_visits",
	.view = store_audit_visits_view,
	ENT_FIELDS(visit_fields),
	.default_sort = "-visited_on",
};

static const struct ent_enum finding_statuses[] = {
	{"open", "待整改"},
	{"rectified", "已整改"},
	{NULL, NULL},
};

static const struct ent_field finding_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"visit_id", "财务检查", ENT_ID, EF_READONLY | EF_FILTER},
	{"institution_id", "被检查机构", ENT_ID, EF_READONLY | EF_FILTER},
	{"institution_name", "被检查机构名称", ENT_TEXT, EF_READONLY},
	{"visited_on", "检查日期", ENT_DATE, EF_READONLY | EF_SORT},
	{"by_level", "检查单位", ENT_ENUM, EF_READONLY | EF_FILTER, .enums = levels},
	{"description", "发现的问题", ENT_TEXT, EF_REQUIRED, 1, 1000},
	{"rectification", "整改要求", ENT_TEXT, EF_REQUIRED, 1, 1000},
	{"deadline", "整改期限", ENT_DATE, EF_REQUIRED | EF_FILTER | EF_SORT},
	{"status", "整改状态", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = finding_statuses},
	{"rectified_on", "整改完成日期", ENT_DATE, EF_READONLY | EF_SORT},
	{"rectified_note", "整改情况", ENT_TEXT, EF_READONLY},
	/* Open past its deadline today (SR-FIN-4); computed, not stored. */
	{"overdue", "逾期未整改", ENT_BOOL, EF_READONLY | EF_VIRTUAL},
	ENT_STANDARD_FIELDS,
};

const struct entity audit_finding_entity = {
	.name = "audit_finding",
	.label = "检查发现的问题",
	.table = "fin_audit_findings",
	.view = store_audit_findings_view,
	ENT_FIELDS(finding_fields),
	.default_sort = "deadline",
};

/* The body of POST /api/v1/audit-findings/{id}/rectified. */
static const struct ent_field rectified_fields[] = {
	{"rectified_on", "整改完成日期", ENT_DATE, 0},
	{"note", "整改情况", ENT_TEXT, EF_REQUIRED, 1, 1000},
};

static const struct entity rectified_entity = {
	.name = "audit_finding_rectified",
	.label = "确认整改完成",
	ENT_FIELDS(rectified_fields),
};

/* ---- resolvers ---- */

int fin_audit_visit_resolve(struct db *db, const char *id, char *path, size_t len,
			    char owner[37])
{
	owner[0] = '\0';
	return store_audit_path(db, false, id, path, len);
}

int fin_audit_finding_resolve(struct db *db, const char *id, char *path, size_t len,
			      char owner[37])
{
	owner[0] = '\0';
	return store_audit_path(db, true, id, path, len);
}

/* ---- small helpers ---- */

/* Columns of store_asset_place. */

/* Set "overdue" on each finding of ITEMS (borrowed): open with its deadline before today.
 * Returns 0. */
static int mark_overdue(struct db *db, json_t *items)
{
	(void)db;
	char today[11];
	org_today(today);
	size_t i;
	json_t *f;
	json_array_foreach(items, i, f)
	{
		const char *status = fin_text(f, "status"), *deadline = fin_text(f, "deadline");
		json_object_set_new(f, "overdue",
				    json_boolean(status && deadline && strcmp(status, "open") == 0 &&
						 strcmp(deadline, today) < 0));
	}
	return 0;
}

/* ---- findings and their rectification ---- */

/* A finding of a visit: with the visit (visit_body) or added later (POST .../findings). */

struct finding_txn {
	const struct principal *who;
	const char *id; /* the visit (create) or the finding (rectified) */
	const json_t *body; /* validated, borrowed */
	char finding_id[37];
	struct app_error *err;
};

static int finding_body(struct db *db, void *cls)
{
	struct finding_txn *t = cls;
	struct db_res *visit = NULL;
	json_t *extra = NULL, *after = NULL;
	int rc = store_audit_visit_row(db, t->id, &visit);
	if (rc == 0) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "财务检查不存在");
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	const char *visited_on = db_res_text(visit, 0, 2), *deadline = fin_text(t->body, "deadline");
	if (strcmp(deadline, visited_on) < 0) {
		err_set(t->err, ERR_INVALID, "deadline", NULL,
			"整改期限（deadline）%s 早于检查日期 %s", deadline, visited_on);
		rc = DB_ABORT;
		goto out;
	}
	db_new_id(t->finding_id);
	extra = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", t->finding_id, "visit_id", t->id,
			  "institution_id", db_res_text(visit, 0, 1), "status", "open", "path",
			  db_res_text(visit, 0, 3));
	rc = extra ? crud_insert(db, &audit_finding_entity, t->body, extra, org_by(t->who))
		   : DB_HARD;
	if (rc >= 0)
		rc = crud_get(db, &audit_finding_entity, "id", t->finding_id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, "create", "audit_finding", t->finding_id, NULL, after);
out:
	json_decref(after);
	json_decref(extra);
	db_res_free(visit);
	return rc < 0 ? rc : 0;
}

/* ---- recording a visit ---- */

struct visit_txn {
	const struct principal *who;
	const json_t *body;     /* validated, borrowed, without its findings */
	const json_t *findings; /* validated findings to record with it, borrowed, or NULL */
	char id[37];
	struct app_error *err;
};

static int visit_body(struct db *db, void *cls)
{
	struct visit_txn *t = cls;
	struct db_res *place = NULL;
	json_t *extra = NULL, *after = NULL;
	const char *place_id = fin_text(t->body, "institution_id");
	int rc = store_asset_place(db, place_id, &place);
	if (rc == 0) {
		err_set(t->err, ERR_NOT_FOUND, "institution_id", NULL, "机构 %s 不存在（institution_id）",
			place_id);
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	const char *kind = db_res_text(place, 0, FIN_PLACE_KIND);
	const char *name = db_res_text(place, 0, FIN_PLACE_NAME);
	const char *level = fin_text(t->body, "by_level");
	if (strcmp(kind, "clinic") != 0 && strcmp(kind, "centre") != 0) {
		err_set(t->err, ERR_INVALID, "institution_id", NULL,
			"%s不是村卫生室或乡镇卫生院，不在财务检查之列（institution_id）", name);
		rc = DB_ABORT;
	} else if (strcmp(level, "centre") == 0 && strcmp(kind, "clinic") != 0) {
		err_set(t->err, ERR_INVALID, "by_level", NULL,
			"乡镇卫生院检查的是所辖村卫生室的账目和收费；%s的财务检查由县卫健局进行（by_level）",
			name);
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	db_new_id(t->id);
	extra = json_pack("{s:s, s:s}", "id", t->id, "path", db_res_text(place, 0, FIN_PLACE_PATH));
	rc = extra ? crud_insert(db, &audit_visit_entity, t->body, extra, org_by(t->who)) : DB_HARD;
	if (rc >= 0)
		rc = crud_get(db, &audit_visit_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, "create", "audit_visit", t->id, NULL, after);
	/* The problems found come with it: all recorded, or the visit is not either. */
	for (size_t i = 0; rc >= 0 && i < json_array_size(t->findings); i++) {
		struct finding_txn f = {.who = t->who, .id = t->id,
					.body = json_array_get(t->findings, i), .err = t->err};
		rc = finding_body(db, &f);
		if (rc == DB_ABORT)
			err_prefix_item(t->err, "findings", i, "条问题");
	}
out:
	json_decref(after);
	json_decref(extra);
	db_res_free(place);
	return rc < 0 ? rc : 0;
}

#define MAX_FINDINGS 100 /* problems recorded with one visit */

static int visit_insert(struct db *db, const struct principal *who, const json_t *body,
			const json_t *findings, bool in_txn, const char *today, char id_out[37],
			struct app_error *err);

/* Record visit BODY (borrowed, not yet validated) for WHO (NULL: the demo, inside its
 * transaction when IN_TXN). Sets ID_OUT. Returns 0 or -1 with ERR. */
static int visit_record(struct db *db, const struct principal *who, const json_t *body,
			bool in_txn, char id_out[37], struct app_error *err)
{
	char today[11];
	org_today(today);
	/* The visit's fields, and any problems found on it ("findings": [...]), each checked
	 * as a finding's body. */
	const json_t *findings = json_object_get(body, "findings");
	json_t *visit = json_is_object(body) ? json_copy((json_t *)body) : NULL;
	if (visit)
		json_object_del(visit, "findings");
	int invalid = ent_validate(&audit_visit_entity, visit ? visit : body, ENT_CREATE, err);
	if (invalid == 0 && findings && !json_is_null(findings) &&
	    (!json_is_array(findings) || json_array_size(findings) > MAX_FINDINGS))
		invalid = err_set(err, ERR_TYPE, "findings", NULL,
				  "发现的问题（findings）应为数组，至多 %d 条", MAX_FINDINGS);
	for (size_t i = 0; invalid == 0 && i < json_array_size(findings); i++) {
		invalid = ent_validate(&audit_finding_entity, json_array_get(findings, i),
				       ENT_CREATE, err);
		if (invalid)
			err_prefix_item(err, "findings", i, "条问题");
	}
	if (invalid) {
		json_decref(visit);
		return -1;
	}
	int rc = visit_insert(db, who, visit, json_is_array(findings) ? findings : NULL, in_txn,
			      today, id_out, err);
	json_decref(visit);
	return rc;
}

static int visit_insert(struct db *db, const struct principal *who, const json_t *body,
			const json_t *findings, bool in_txn, const char *today, char id_out[37],
			struct app_error *err)
{
	const char *on = fin_text(body, "visited_on");
	if (strcmp(on, today) > 0)
		return err_set(err, ERR_INVALID, "visited_on", NULL, "检查日期（visited_on）%s 晚于今天（%s）",
			       on, today);
	/* A centre's manager or finance officer records the centre's own visits; the county's
	 * are recorded by the county. */
	if (who && (who->role & (ROLE_ADMIN | ROLE_COUNTY)) == 0 &&
	    strcmp(fin_text(body, "by_level"), "county") == 0)
		return err_set(err, ERR_FORBIDDEN, "by_level", NULL,
			       "县卫健局的财务检查由县卫健局登记；乡镇卫生院只登记本院的检查（by_level）");
	struct visit_txn t = {.who = who, .body = body, .findings = findings, .err = err};
	int rc = in_txn ? visit_body(db, &t)
			: db_run_transaction(db, "audit visit create", visit_body, &t);
	if (rc < 0)
		return org_txn_error(rc, err);
	memcpy(id_out, t.id, 37);
	return 0;
}

/* Visit ID with its findings: new reference, or NULL with ERR. */
static json_t *visit_view(struct db *db, const char *id, struct app_error *err)
{
	json_t *rec = crud_get_view(db, &audit_visit_entity, id, NULL, err);
	json_t *findings = NULL;
	if (!rec)
		return NULL;
	if (store_audit_findings_of(db, &audit_finding_entity, id, &findings) < 0) {
		json_decref(rec);
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	mark_overdue(db, findings);
	json_object_set_new(rec, "findings", findings);
	return rec;
}

static int rectified_body(struct db *db, void *cls)
{
	struct finding_txn *t = cls;
	struct db_res *finding = NULL;
	json_t *before = NULL, *after = NULL;
	char today[11];
	org_today(today);
	const char *on = fin_text(t->body, "rectified_on");
	if (!on)
		on = today;
	int rc = store_audit_finding_row(db, t->id, &finding);
	if (rc == 0) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "检查发现的问题不存在");
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	const char *visited_on = db_res_text(finding, 0, 2);
	if (strcmp(on, today) > 0 || strcmp(on, visited_on) < 0) {
		err_set(t->err, ERR_INVALID, "rectified_on", NULL,
			"整改完成日期（rectified_on）%s 应在检查日期 %s 与今天（%s）之间", on,
			visited_on, today);
		rc = DB_ABORT;
		goto out;
	}
	rc = crud_get(db, &audit_finding_entity, "id", t->id, &before);
	if (rc == DB_NONE)
		rc = DB_HARD;
	/* Marking first takes the row: a second confirmation waits here and finds it done. */
	if (rc >= 0)
		rc = store_audit_rectify(db, t->id, on, fin_text(t->body, "note"), org_by(t->who));
	if (rc == 0) {
		err_set(t->err, ERR_CONFLICT, "status", NULL, "该问题已确认整改完成（%s）",
			fin_text(before, "rectified_on"));
		rc = DB_ABORT;
	}
	if (rc >= 0)
		rc = crud_get(db, &audit_finding_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, t->who, "rectified", "audit_finding", t->id, before, after);
out:
	json_decref(after);
	json_decref(before);
	db_res_free(finding);
	return rc < 0 ? rc : 0;
}

/* ---- monitor ---- */

int fin_audit_alerts(struct db *db, const char *scope, const char *county, const char *today,
		     json_t *alerts, struct app_error *err)
{
	struct db_res *res = NULL;
	/* SR-FIN-4: a problem found at a visit, still not rectified after its deadline. */
	if (store_audit_watch_overdue(db, scope, today, &res) < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *county_code = db_res_text(res, r, 2), *name = db_res_text(res, r, 1);
		if (county && (!county_code || strcmp(county, county_code) != 0))
			continue;
		const char *deadline = db_res_text(res, r, 6);
		org_alert_add(alerts, "SR-FIN-4", "error", "财务检查问题逾期未整改",
			      db_res_text(res, r, 0), name, db_res_text(res, r, 3), county_code,
			      "%s %s %s财务检查发现的问题“%s”应于 %s 前整改（%s），已逾期 %ld 天仍未整改。",
			      name, db_res_text(res, r, 7),
			      strcmp(db_res_text(res, r, 8), "county") == 0 ? "县卫健局" : "乡镇卫生院",
			      db_res_text(res, r, 4), deadline, db_res_text(res, r, 5),
			      rules_days_between(deadline, today));
	}
	db_res_free(res);
	return 0;
}

/* ---- demo ---- */

struct demo {
	const char *today;
	struct app_error *err;
};

/* Finding DESCRIPTION of visit VISIT_ID with RECTIFICATION due DEADLINE; rectified on
 * RECTIFIED_ON with NOTE unless that is NULL. Returns 0 or a negative db_status. */
static int demo_finding(struct db *db, struct demo *d, const char *visit_id,
			const char *description, const char *rectification, const char *deadline,
			const char *rectified_on, const char *note)
{
	json_t *body = json_pack("{s:s, s:s, s:s}", "description", description, "rectification",
				 rectification, "deadline", deadline);
	struct finding_txn t = {.id = visit_id, .body = body, .err = d->err};
	int rc = body ? finding_body(db, &t) : DB_HARD;
	json_decref(body);
	if (rc < 0 || !rectified_on)
		return rc;
	body = json_pack("{s:s, s:s}", "rectified_on", rectified_on, "note", note);
	struct finding_txn done = {.id = t.finding_id, .body = body, .err = d->err};
	rc = body ? rectified_body(db, &done) : DB_HARD;
	json_decref(body);
	return rc;
}

/* A visit to CLINIC by LEVEL on ON. Sets ID. Returns 0 or a negative db_status. */
static int demo_visit(struct db *db, struct demo *d, const char *clinic, const char *level,
		      bool regular, const char *on, const char *scope, const char *summary,
		      char id[37])
{
	json_t *body = json_pack("{s:s, s:s, s:s, s:b, s:s, s:s}", "institution_id", clinic,
				 "by_level", level, "visited_on", on, "regular", regular, "scope",
				 scope, "summary", summary);
	int rc = body ? visit_record(db, NULL, body, true, id, d->err) : -1;
	json_decref(body);
	return rc == 0 ? 0 : DB_ABORT;
}

static int demo_body(struct db *db, void *cls)
{
	struct demo *d = cls;
	struct db_res *clinics = NULL;
	const char *first = NULL, *second = NULL;
	int rc = store_asset_demo_clinics(db, &clinics);
	/* The first two open clinics of the demo centre (沙塘镇, org/demo.c), the demo village
	 * doctor's first, where the demo's users see them. */
	for (size_t r = 0; rc >= 0 && r < db_res_rows(clinics); r++) {
		if (strncmp(db_res_text(clinics, r, 4), "450205101", 9) != 0)
			continue;
		if (!first)
			first = db_res_text(clinics, r, 0);
		else if (!second)
			second = db_res_text(clinics, r, 0);
	}
	if (rc >= 0 && first) {
		char visit[37], on[11], due[11], late[11];
		rules_add_months(d->today, -3, on);
		rules_add_months(on, 1, due);
		rules_add_months(d->today, -1, late);
		/* The centre's quarterly check: one problem put right, one overdue (the alert). */
		rc = demo_visit(db, d, first, "centre", true, on, "账目、收费票据、现金日记账",
				"收费基本规范，票据管理和现金上缴存在问题，限期整改。", visit);
		if (rc >= 0)
			rc = demo_finding(db, d, visit, "2 笔一般诊疗费未开具收费票据",
					  "补开票据，今后每笔收费均开具票据", due, due,
					  "已补开票据，建立收费日清制度");
		if (rc >= 0)
			rc = demo_finding(db, d, visit, "现金收入未按周上缴卫生院，库存现金超过规定限额",
					  "现金收入按周足额上缴卫生院，不得坐收坐支", late, NULL, NULL);
	}
	if (rc >= 0 && (second || first)) {
		char visit[37], on[11], due[11];
		rules_add_months(d->today, -1, on);
		rules_add_months(d->today, 1, due);
		/* The county's unannounced check: a problem still within its deadline. */
		rc = demo_visit(db, d, second ? second : first, "county", false, on,
				"收费项目与标准、药品零差率销售",
				"个别收费项目未公示，已要求整改。", visit);
		if (rc >= 0)
			rc = demo_finding(db, d, visit, "收费项目和标准未在室内醒目位置公示",
					  "按县卫健局规定格式公示收费项目和标准", due, NULL, NULL);
	}
	db_res_free(clinics);
	return rc < 0 ? rc : 0;
}

int fin_audit_demo(struct db *db, const char *today, struct app_error *err)
{
	struct demo d = {.today = today, .err = err};
	int rc = db_in_transaction(db) ? demo_body(db, &d)
				       : db_run_transaction(db, "audit demo", demo_body, &d);
	return rc < 0 ? org_txn_error(rc, err) : 0;
}

/* ---- handlers ---- */

/* A page of E's records in R's scope, each finding marked overdue or not. */
static enum MHD_Result list(struct req *r, const struct entity *e)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, e, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = crud_list_scoped(r->db, e, r->who.scope_path, &l, &items, &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	if (e == &audit_finding_entity)
		mark_overdue(r->db, items);
	return reply_page(r, items, more, &l);
}

/* Finding ID with STATUS, or the error. */
static enum MHD_Result reply_finding(struct req *r, const char *id, unsigned status)
{
	struct app_error err;
	json_t *rec = crud_get_view(r->db, &audit_finding_entity, id, mark_overdue, &err);
	return rec ? reply_json(r, status, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_audit_visits_list(struct req *r)
{
	return list(r, &audit_visit_entity);
}

enum MHD_Result fin_h_audit_visit_create(struct req *r)
{
	struct app_error err;
	char id[37];
	if (visit_record(r->db, &r->who, r->json, false, id, &err) != 0)
		return reply_error(r, &err);
	json_t *rec = visit_view(r->db, id, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_audit_visit_get(struct req *r)
{
	struct app_error err;
	json_t *rec = visit_view(r->db, req_param(r, "id"), &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_audit_finding_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&audit_finding_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct finding_txn t = {.who = &r->who, .id = req_param(r, "id"), .body = r->json,
				.err = &err};
	int rc = db_run_transaction(r->db, "audit finding create", finding_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_finding(r, t.finding_id, MHD_HTTP_CREATED);
}

enum MHD_Result fin_h_audit_finding_rectified(struct req *r)
{
	struct app_error err;
	if (ent_validate(&rectified_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct finding_txn t = {.who = &r->who, .id = req_param(r, "id"), .body = r->json,
				.err = &err};
	int rc = db_run_transaction(r->db, "audit finding rectified", rectified_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_finding(r, t.id, MHD_HTTP_OK);
}

enum MHD_Result fin_h_audit_findings_list(struct req *r)
{
	return list(r, &audit_finding_entity);
}
