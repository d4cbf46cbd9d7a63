/* SPDX-License-Identifier: MIT */
/* This file contains people (人员档案): the file a township centre keeps on each village
 * doctor it employs (乡聘村用), with the citizen id number (公民身份号码) checked against the
 * birth date and sex on record, sealed with the personal-data key, found again by its keyed
 * hash (the same person cannot be entered twice) and shown masked except to the roles that
 * may see it, each full read audited. Also the resolver that scopes every route about a
 * person, and the HTTP handlers of people. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "auth/pii.h"
#include "core/citizen_id.h"
#include "core/staff_rules.h"
#include "db/crud.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "staff/staff.h"
#include "staff/store.h"

static const struct ent_enum sexes[] = {
	{"male", "男"},
	{"female", "女"},
	{NULL, NULL},
};

static const struct ent_enum educations[] = {
	{"postgraduate", "研究生"},
	{"bachelor", "本科"},
	{"junior_college", "大专"},
	{"secondary", "中专"},
	{"high_school", "高中及以下"},
	{NULL, NULL},
};


static bool is_phone(const json_t *v)
{
	for (const char *s = json_string_value(v); *s; s++)
		if (!strchr("0123456789-+ ", *s))
			return false;
	return true;
}

/* A photo is kept as the data: URL the browser made of the picture. */
static bool is_photo(const json_t *v)
{
	const char *s = json_string_value(v);
	return strncmp(s, "data:image/", 11) == 0 && strstr(s, ";base64,") != NULL;
}

static const struct ent_field fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"name", "姓名", ENT_TEXT, EF_REQUIRED | EF_SORT, 2, 50},
	{"sex", "性别", ENT_ENUM, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT, .enums = sexes},
	{"birth_date", "出生日期", ENT_DATE, EF_REQUIRED | EF_IMMUTABLE | EF_SORT},
	/* Given in clear on create; stored sealed, hashed and masked (never as a column of its
	 * own); answered masked unless a full read is asked for and allowed. */
	{"citizen_id", "公民身份号码", ENT_TEXT, EF_REQUIRED | EF_IMMUTABLE | EF_VIRTUAL, 18, 18},
	/* Read from the row and moved into citizen_id before any answer. */
	{"citizen_id_masked", "公民身份号码（脱敏）", ENT_TEXT, EF_READONLY | EF_SECRET},
	{"phone", "联系电话", ENT_TEXT, EF_NULLABLE, 5, 30, .check = is_phone,
	 .check_message = "只能包含数字、空格、+ 和 -"},
	{"education", "学历", ENT_ENUM, EF_NULLABLE | EF_FILTER | EF_SORT, .enums = educations},
	{"ethnic_group", "民族", ENT_TEXT, EF_NULLABLE, 1, 20},
	{"photo", "照片", ENT_TEXT, EF_NULLABLE | EF_NOLIST, 0, 300000, .check = is_photo,
	 .check_message = "应为图片的 data: URL（data:image/…;base64,…），不超过 300,000 个字符"},
	{"centre_id", "所属卫生院", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"centre_name", "所属卫生院名称", ENT_TEXT, EF_READONLY | EF_SORT},
	{"clinic_id", "当前派驻村卫生室", ENT_ID, EF_READONLY | EF_FILTER | EF_NULLABLE | EF_NOLIST},
	{"clinic_name", "当前派驻", ENT_TEXT, EF_READONLY | EF_NULLABLE | EF_SORT},
	{"user_id", "关联登录账号", ENT_ID, EF_NULLABLE},
	{"age", "年龄", ENT_INT, EF_READONLY | EF_VIRTUAL},
	{"exited_on", "退出日期", ENT_DATE, EF_READONLY | EF_FILTER | EF_SORT},
	{"exit_reason", "退出原因", ENT_ENUM, EF_READONLY | EF_FILTER, .enums = staff_exit_reasons},
	/* Insured through the township: the employer pays its share and withholds the personal
	 * one, and the old-age living subsidy stops (LB-FIN-2, read by the payroll). */
	{"social_insured", "已参加社会保险（LB-FIN-2）", ENT_BOOL, EF_FILTER},
	{"note", "备注", ENT_TEXT, EF_NULLABLE, 0, 500},
	ENT_STANDARD_FIELDS,
};

const struct entity person_entity = {
	.name = "person",
	.label = "人员",
	.table = "people",
	.view = store_people_view,
	ENT_FIELDS(fields),
	.default_sort = "name",
};

/* The same records without the photo, for lists and exports. */
static const struct entity list_entity = {
	.name = "person",
	.label = "人员",
	.table = "people",
	.view = store_people_list_view,
	ENT_FIELDS(fields),
	.default_sort = "name",
};

bool staff_may_see_citizen_id(const struct principal *who)
{
	return who && (who->role & (ROLE_ADMIN | ROLE_COUNTY | ROLE_CENTRE)) != 0;
}

int staff_person_scope(struct db *db, const char *id, char *path, size_t len, char user_id[37])
{
	return store_person_scope(db, id, path, len, user_id);
}

int staff_person_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	return store_person_scope(db, id, path, len, owner);
}

/* Turn a record as read into what the API shows: the masked id as citizen_id, the age
 * today; without the photo for a list. REC borrowed, changed in place. */
static void complete(json_t *rec, const char *today, bool list)
{
	json_t *masked = json_object_get(rec, "citizen_id_masked");
	json_object_set(rec, "citizen_id", masked ? masked : json_null());
	json_object_del(rec, "citizen_id_masked");
	const char *birth = json_string_value(json_object_get(rec, "birth_date"));
	json_object_set_new(rec, "age", birth ? json_integer(rules_age_on(birth, today))
					      : json_null());
	if (list)
		json_object_del(rec, "photo");
}

/* A copy of REC for the audit log: the photo is recorded by its size, not its bytes. New
 * reference. The citizen id in REC is already the masked one. */
static json_t *audit_copy(const json_t *rec)
{
	json_t *copy = json_deep_copy(rec);
	const char *photo = json_string_value(json_object_get(copy, "photo"));
	if (photo) {
		char note[64];
		snprintf(note, sizeof(note), "（照片 %zu 字节）", strlen(photo));
		json_object_set_new(copy, "photo", json_string(note));
	}
	return copy;
}

/* The person ID as read, masked, completed. Returns DB_ONE (and *OUT, new reference),
 * DB_NONE or a negative db_status. */
static int read_person(struct db *db, const char *id, json_t **out)
{
	char today[11];
	int rc = crud_get(db, &person_entity, "id", id, out);
	if (rc > 0) {
		org_today(today);
		complete(*out, today, false);
	}
	return rc;
}

json_t *staff_person_get(struct db *db, const char *id, bool show_full, struct app_error *err)
{
	json_t *rec = NULL;
	char *sealed = NULL, *clear = NULL;
	int rc = read_person(db, id, &rec);
	if (rc == 0) {
		err_set(err, ERR_NOT_FOUND, NULL, NULL, "人员不存在");
		return NULL;
	}
	if (rc < 0)
		goto out_internal;
	if (!show_full)
		return rec;
	if (pii_require(err) != 0)
		goto out_fail;
	rc = store_person_sealed(db, id, &sealed);
	if (rc <= 0)
		goto out_internal;
	clear = pii_open(sealed);
	free(sealed);
	if (!clear) {
		err_set(err, ERR_INTERNAL, "citizen_id", NULL,
			"无法解密公民身份号码：个人信息密钥文件与数据库不匹配");
		goto out_fail;
	}
	json_object_set_new(rec, "citizen_id", json_string(clear));
	free(clear);
	return rec;
out_internal:
	err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
out_fail:
	json_decref(rec);
	return NULL;
}

static const char *sex_label(const char *sex)
{
	return strcmp(sex, "male") == 0 ? "男" : "女";
}

/* The citizen id of REC must be a valid GB 11643 number and carry REC's birth date and
 * sex. Returns 0 or -1 with ERR naming the field that disagrees. */
static int check_identity(const json_t *rec, struct app_error *err)
{
	const char *cid = json_string_value(json_object_get(rec, "citizen_id"));
	const char *birth = json_string_value(json_object_get(rec, "birth_date"));
	const char *sex = json_string_value(json_object_get(rec, "sex"));
	const char *id_sex;
	char id_birth[11];
	enum citizen_id_status st = citizen_id_parse(cid, id_birth, &id_sex);
	if (st != CID_OK)
		return err_set(err, ERR_INVALID, "citizen_id", NULL, "公民身份号码（citizen_id）%s",
			       citizen_id_status_text(st));
	if (strcmp(id_birth, birth) != 0)
		return err_set(err, ERR_INVALID, "birth_date", NULL,
			       "出生日期（birth_date）%s 与公民身份号码中的出生日期 %s 不一致", birth,
			       id_birth);
	if (strcmp(id_sex, sex) != 0)
		return err_set(err, ERR_INVALID, "sex", NULL,
			       "性别（sex）登记为“%s”，而公民身份号码第 17 位表示“%s”，两者不一致",
			       sex_label(sex), sex_label(id_sex));
	return 0;
}

/* User USER_ID may be linked to the file of person PERSON_ID (NULL while creating it),
 * kept at PATH: a user of that centre or of one of its clinics, not linked to anyone
 * else. Returns 0 or a negative db_status (DB_ABORT with ERR). */
static int check_user_link(struct db *db, const char *person_id, const char *user_id,
			   const char *path, struct app_error *err)
{
	char role[16], user_path[512], other[37];
	int rc = store_person_user(db, user_id, role, user_path, sizeof(user_path));
	if (rc < 0)
		return rc;
	if (rc == DB_NONE) {
		err_set(err, ERR_INVALID, "user_id", NULL, "关联登录账号（user_id）：用户不存在");
		return DB_ABORT;
	}
	if (!auth_path_in_scope(path, user_path)) {
		err_set(err, ERR_INVALID, "user_id", NULL,
			"关联登录账号（user_id）须为本卫生院或其村卫生室的用户");
		return DB_ABORT;
	}
	rc = store_person_by_user(db, user_id, other);
	if (rc < 0)
		return rc;
	if (rc == DB_ONE && (!person_id || strcmp(other, person_id) != 0)) {
		err_set(err, ERR_CONFLICT, "user_id", NULL,
			"关联登录账号（user_id）已关联另一份人员档案，一个账号只能对应一人");
		return DB_ABORT;
	}
	return 0;
}

int staff_person_insert(struct db *db, const struct principal *who, const json_t *rec,
			char id_out[37], struct app_error *err)
{
	char kind[16], path[512], canon[19], masked[19], hash[65], other[37];
	json_t *extra = NULL, *after = NULL, *logged = NULL;
	char *sealed = NULL;
	if (ent_validate(&person_entity, rec, ENT_CREATE, err) != 0 || check_identity(rec, err) != 0)
		return DB_ABORT;
	const char *centre_id = json_string_value(json_object_get(rec, "centre_id"));
	int rc = store_person_centre(db, centre_id, kind, path, sizeof(path));
	if (rc < 0)
		return rc;
	if (rc == DB_NONE) {
		err_set(err, ERR_INVALID, "centre_id", NULL, "所属卫生院（centre_id）不存在");
		return DB_ABORT;
	}
	if (strcmp(kind, "centre") != 0 && strcmp(kind, "community") != 0) {
		err_set(err, ERR_RULE, "centre_id", "SR-ORG-3",
			"所属卫生院（centre_id）须为乡镇卫生院或社区卫生服务中心：村医由卫生院聘用并派驻"
			"村卫生室（乡聘村用），人员档案由卫生院保管");
		return DB_ABORT;
	}
	const char *user_id = json_string_value(json_object_get(rec, "user_id"));
	if (user_id) {
		rc = check_user_link(db, NULL, user_id, path, err);
		if (rc < 0)
			return rc;
	}
	if (pii_require(err) != 0)
		return DB_ABORT;
	citizen_id_normalise(json_string_value(json_object_get(rec, "citizen_id")), canon);
	citizen_id_mask(canon, masked);
	pii_hash(canon, hash);
	rc = store_person_by_hash(db, hash, other);
	if (rc < 0)
		return rc;
	if (rc == DB_ONE) {
		/* Not who holds it: the other file may be outside the caller's scope. */
		err_set(err, ERR_CONFLICT, "citizen_id", NULL,
			"公民身份号码 %s 已有人员档案，同一人不能重复登记", masked);
		return DB_ABORT;
	}
	sealed = pii_seal(canon);
	if (!sealed) {
		err_set(err, ERR_INTERNAL, NULL, NULL, "无法加密公民身份号码");
		return DB_ABORT;
	}
	db_new_id(id_out);
	extra = json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", id_out, "path", path,
			  "citizen_id_sealed", sealed, "citizen_id_hash", hash, "citizen_id_masked",
			  masked);
	rc = extra ? crud_insert(db, &person_entity, rec, extra, org_by(who)) : DB_HARD;
	if (rc == DB_CONSTRAINT) {
		err_set(err, ERR_CONFLICT, NULL, NULL, "人员档案与现有数据冲突（公民身份号码或登录账号已被使用）");
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	rc = read_person(db, id_out, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc < 0)
		goto out;
	logged = audit_copy(after);
	rc = audit_append(db, who, "create", "person", id_out, NULL, logged);
out:
	json_decref(logged);
	json_decref(after);
	json_decref(extra);
	free(sealed);
	return rc < 0 ? rc : 0;
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
	return staff_person_insert(db, t->who, t->rec, t->id, t->err);
}

/* The fields that say who a person is: set once, from the citizen id. */
static const char *const identity_fields[] = {"citizen_id", "birth_date", "sex", NULL};

struct update_txn {
	const struct principal *who;
	const char *id;
	const json_t *changes;
	struct app_error *err;
};

static int update_body(struct db *db, void *cls)
{
	struct update_txn *t = cls;
	json_t *before = NULL, *after = NULL, *logged_before = NULL, *logged_after = NULL;
	char path[512], owner[37];
	int rc = store_person_scope(db, t->id, path, sizeof(path), owner);
	if (rc == DB_NONE) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "人员不存在");
		return DB_ABORT;
	}
	if (rc < 0)
		return rc;
	const char *user_id = json_string_value(json_object_get(t->changes, "user_id"));
	if (user_id) {
		rc = check_user_link(db, t->id, user_id, path, t->err);
		if (rc < 0)
			return rc;
	}
	rc = read_person(db, t->id, &before);
	if (rc <= 0)
		return rc == DB_NONE ? DB_HARD : rc;
	rc = crud_update(db, &person_entity, "id", t->id, t->changes, org_by(t->who));
	if (rc == DB_CONSTRAINT) {
		err_set(t->err, ERR_CONFLICT, "user_id", NULL, "关联登录账号已关联另一份人员档案");
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	rc = read_person(db, t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc < 0)
		goto out;
	logged_before = audit_copy(before);
	logged_after = audit_copy(after);
	rc = audit_append(db, t->who, "update", "person", t->id, logged_before, logged_after);
out:
	json_decref(logged_after);
	json_decref(logged_before);
	json_decref(after);
	json_decref(before);
	return rc;
}

int staff_person_change(struct db *db, const struct principal *who, const char *id,
			const json_t *changes, struct app_error *err)
{
	struct update_txn t = {.who = who, .id = id, .changes = changes, .err = err};
	return update_body(db, &t);
}

/* Change person ID with CHANGES (the request body, borrowed). Returns 0 or -1 with ERR. */
static int person_update(struct db *db, const struct principal *who, const char *id,
			 const json_t *changes, struct app_error *err)
{
	for (const char *const *f = identity_fields; *f; f++)
		if (json_is_object(changes) && json_object_get(changes, *f))
			return err_set(err, ERR_INVALID, *f, NULL,
				       "%s（%s）是人员的身份标识：公民身份号码、出生日期和性别登记后不可修改",
				       ent_field(&person_entity, *f)->label, *f);
	if (ent_validate(&person_entity, changes, ENT_UPDATE, err) != 0)
		return -1;
	struct update_txn t = {.who = who, .id = id, .changes = changes, .err = err};
	int rc = db_run_transaction(db, "person update", update_body, &t);
	return rc < 0 ? org_txn_error(rc, err) : 0;
}

/* ---- handlers ---- */

/* Query parameters of the people list besides the entity's filters: name (a part of it). */
static const char *const list_params[] = {"name", NULL};

/* A page of the people R may see for list L; *ITEMS new array. Returns 0 or -1 with ERR. */
static int list_people(struct req *r, const struct ent_list *l, json_t **items, bool *more,
		       struct app_error *err)
{
	char today[11];
	const char *owner = r->who.role == ROLE_CLINIC ? r->who.user_id : NULL;
	const char *name = req_query(r, "name");
	int rc = store_people_list(r->db, &list_entity, r->who.scope_path, owner,
				   name && *name ? name : NULL, l, items, more);
	if (rc < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	org_today(today);
	size_t i;
	json_t *rec;
	json_array_foreach(*items, i, rec) complete(rec, today, true);
	return 0;
}

enum MHD_Result staff_h_people_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &person_entity, list_params, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = list_people(r, &l, &items, &more, &err);
	ent_list_clear(&l);
	if (rc != 0)
		return reply_error(r, &err);
	return reply_page(r, items, more, &l);
}

enum MHD_Result staff_h_person_create(struct req *r)
{
	struct app_error err;
	struct create_txn t = {.who = &r->who, .rec = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "person create", create_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = staff_person_get(r->db, t.id, false, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result staff_h_person_get(struct req *r)
{
	struct app_error err;
	const char *id = req_param(r, "id");
	const char *full = req_query(r, "full");
	bool show_full = false;
	if (full && (strcmp(full, "1") == 0 || strcmp(full, "true") == 0))
		show_full = true;
	else if (full && strcmp(full, "0") != 0 && strcmp(full, "false") != 0)
		return reply_err(r, ERR_BAD_REQUEST, "full", NULL, "参数 full 应为 1 或 0");
	if (show_full && !staff_may_see_citizen_id(&r->who)) {
		const char *label = role_label(r->who.role);
		err_set(&err, ERR_FORBIDDEN, "full", NULL, "角色“%s”无权查看完整的公民身份号码",
			label ? label : "?");
		json_t *detail = json_pack("{s:s, s:s}", "field", "citizen_id", "reason", err.message);
		if (audit_append(r->db, &r->who, "deny", "person", id, NULL, detail) < 0)
			fprintf(stderr, "yitihua: 无法记录拒绝访问 / could not audit a denied full read\n");
		json_decref(detail);
		return reply_error(r, &err);
	}
	json_t *rec = staff_person_get(r->db, id, show_full, &err);
	if (!rec)
		return reply_error(r, &err);
	if (show_full) {
		/* The read is recorded before the id leaves: no record, no answer. */
		json_t *detail = json_pack("{s:s}", "field", "citizen_id");
		int rc = audit_append(r->db, &r->who, "read_sensitive", "person", id, NULL, detail);
		json_decref(detail);
		if (rc < 0) {
			json_decref(rec);
			return reply_err(r, ERR_INTERNAL, NULL, NULL, "无法记录审计日志，未显示完整身份证号");
		}
	}
	return reply_json(r, MHD_HTTP_OK, rec);
}

enum MHD_Result staff_h_person_update(struct req *r)
{
	struct app_error err;
	const char *id = req_param(r, "id");
	if (person_update(r->db, &r->who, id, r->json, &err) != 0)
		return reply_error(r, &err);
	json_t *rec = staff_person_get(r->db, id, false, &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result staff_h_people_export(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *all = json_array(), *items;
	bool more = true;
	if (req_list(r, &person_entity, list_params, &l, &err) != 0) {
		json_decref(all);
		return reply_error(r, &err);
	}
	/* The whole filtered list, page by page; ids stay masked. */
	l.limit = 500;
	for (l.offset = 0; more; l.offset += l.limit) {
		if (list_people(r, &l, &items, &more, &err) != 0) {
			ent_list_clear(&l);
			json_decref(all);
			return reply_error(r, &err);
		}
		json_array_extend(all, items);
		json_decref(items);
	}
	ent_list_clear(&l);
	return reply_xlsx(r, &person_entity, all, "人员列表");
}
