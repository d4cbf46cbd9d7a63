/* SPDX-License-Identifier: MIT */
/* This file contains qualifications (资格证书): the certificates that let someone work in a
 * village clinic — 执业医师, 执业助理医师, 乡村医生 (with the district's training, LB-STF-3),
 * 中医(专长)医师 and a secondary or higher medical diploma — with their number, issuer and
 * dates. Contracts (contract.c) require a qualifying one (SR-STF-2, LB-STF-3); the monitors
 * warn of those about to expire. Also the HTTP handlers of a person's qualifications. */
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

static const struct ent_enum kinds[] = {
	{"physician", "执业医师"},
	{"assistant_physician", "执业助理医师"},
	{"village_doctor", "乡村医生"},
	{"tcm_physician", "中医(专长)医师"},
	{"secondary_medical", "中等以上医学专业学历"},
	{NULL, NULL},
};

static const char *kind_label(const char *kind)
{
	for (const struct ent_enum *k = kinds; k->value; k++)
		if (strcmp(k->value, kind) == 0)
			return k->label;
	return kind;
}

static const struct ent_field fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	/* From the URL (/people/{id}/qualifications); the bulk import sets it itself. */
	{"person_id", "人员", ENT_ID, EF_READONLY},
	{"kind", "资格类别", ENT_ENUM, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT, .enums = kinds},
	{"certificate_no", "证书编号", ENT_TEXT, EF_REQUIRED | EF_SORT, 1, 50},
	{"issuer", "发证机关", ENT_TEXT, EF_REQUIRED, 2, 100},
	{"issued_on", "发证日期", ENT_DATE, EF_REQUIRED | EF_SORT},
	/* Some certificates do not expire (a diploma): null. */
	{"valid_until", "有效期至", ENT_DATE, EF_NULLABLE | EF_SORT},
	{"district_training_passed", "区卫健局培训合格", ENT_BOOL, EF_FILTER},
	ENT_STANDARD_FIELDS,
};

const struct entity qualification_entity = {
	.name = "qualification",
	.label = "资格证书",
	.table = "qualifications",
	ENT_FIELDS(fields),
	.default_sort = "-issued_on",
};

int staff_qualification_insert(struct db *db, const struct principal *who, const json_t *rec,
			       char id_out[37], struct app_error *err)
{
	char path[512], owner[37], other[37], today[11];
	json_t *after = NULL, *extra = NULL;
	const char *person_id = json_string_value(json_object_get(rec, "person_id"));
	if (!person_id) {
		err_set(err, ERR_REQUIRED, "person_id", NULL, "缺少人员（person_id）");
		return DB_ABORT;
	}
	/* person_id is read-only for the API; check the rest as the API would. */
	json_t *body = json_copy((json_t *)rec);
	if (!body)
		return DB_HARD;
	json_object_del(body, "person_id");
	int rc = ent_validate(&qualification_entity, body, ENT_CREATE, err);
	json_decref(body);
	if (rc != 0)
		return DB_ABORT;
	const char *kind = json_string_value(json_object_get(rec, "kind"));
	const char *number = json_string_value(json_object_get(rec, "certificate_no"));
	const char *issued = json_string_value(json_object_get(rec, "issued_on"));
	const char *until = json_string_value(json_object_get(rec, "valid_until"));
	org_today(today);
	if (strcmp(issued, today) > 0) {
		err_set(err, ERR_INVALID, "issued_on", NULL, "发证日期（issued_on）%s 晚于今天（%s）",
			issued, today);
		return DB_ABORT;
	}
	if (until && strcmp(until, issued) < 0) {
		err_set(err, ERR_INVALID, "valid_until", NULL,
			"有效期至（valid_until）%s 早于发证日期 %s", until, issued);
		return DB_ABORT;
	}
	rc = staff_person_scope(db, person_id, path, sizeof(path), owner);
	if (rc < 0)
		return rc;
	if (rc == DB_NONE) {
		err_set(err, ERR_NOT_FOUND, "person_id", NULL, "人员不存在");
		return DB_ABORT;
	}
	rc = store_qualification_find(db, kind, number, other);
	if (rc < 0)
		return rc;
	if (rc == DB_ONE) {
		err_set(err, ERR_CONFLICT, "certificate_no", NULL,
			"%s证书编号 %s 已登记，同一证书不能重复登记", kind_label(kind), number);
		return DB_ABORT;
	}
	db_new_id(id_out);
	extra = json_pack("{s:s}", "id", id_out);
	rc = extra ? crud_insert(db, &qualification_entity, rec, extra, org_by(who)) : DB_HARD;
	json_decref(extra);
	if (rc == DB_CONSTRAINT) {
		err_set(err, ERR_CONFLICT, "certificate_no", NULL, "%s证书编号 %s 已登记",
			kind_label(kind), number);
		rc = DB_ABORT;
	}
	if (rc < 0)
		return rc;
	rc = crud_get(db, &qualification_entity, "id", id_out, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc > 0)
		rc = audit_append(db, who, "create", "qualification", id_out, NULL, after);
	json_decref(after);
	return rc < 0 ? rc : 0;
}

/* ---- handlers ---- */

enum MHD_Result staff_h_qualifications_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &qualification_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = store_qualifications_list(r->db, &qualification_entity, req_param(r, "id"), &l,
					   &items, &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_page(r, items, more, &l);
}

struct create_txn {
	const struct principal *who;
	const json_t *rec;
	char id[37];
	struct app_error *err;
};

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	return staff_qualification_insert(db, t->who, t->rec, t->id, t->err);
}

enum MHD_Result staff_h_qualification_create(struct req *r)
{
	struct app_error err;
	/* The body is checked as sent (person_id is not for it to say), then given the
	 * person of the URL. */
	if (ent_validate(&qualification_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	json_t *rec = json_copy(r->json);
	if (!rec)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	json_object_set_new(rec, "person_id", json_string(req_param(r, "id")));
	struct create_txn t = {.who = &r->who, .rec = rec, .err = &err};
	int rc = db_run_transaction(r->db, "qualification create", create_body, &t);
	json_decref(rec);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *out = NULL;
	rc = crud_get(r->db, &qualification_entity, "id", t.id, &out);
	if (rc <= 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_json(r, MHD_HTTP_CREATED, out);
}
