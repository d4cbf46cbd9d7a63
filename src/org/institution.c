/* SPDX-License-Identifier: MIT */
/* This file contains institutions (机构): the county bureau (县卫健局), the township centre
 * (乡镇卫生院 / 社区卫生服务中心) and the village clinic (村卫生室), their declaration,
 * the rules on creating and changing them (SR-ORG-1, SR-ORG-3) and the records the API
 * shows (with villages served, profile and checklist progress). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/divcode.h"
#include "db/crud.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "org/store.h"

static const struct ent_enum kinds[] = {
	{"bureau", "县卫健局"},
	{"centre", "乡镇卫生院"},
	{"community", "社区卫生服务中心"},
	{"clinic", "村卫生室"},
	{NULL, NULL},
};

const struct ent_enum org_status_enums[] = {
	{"planned", "规划中"},
	{"open", "已开业"},
	{"closed", "已撤销"},
	{NULL, NULL},
};

static bool is_division_code(const json_t *v)
{
	const char *s = json_string_value(v);
	return divcode_is(s, 6) || divcode_is(s, 9) || divcode_is(s, 12);
}

static bool is_village_list(const json_t *v)
{
	size_t i;
	json_t *code;
	if (!json_is_array(v) || json_array_size(v) == 0 || json_array_size(v) > 20)
		return false;
	json_array_foreach(v, i, code) if (!divcode_is(json_string_value(code), 12)) return false;
	return true;
}

static bool is_phone(const json_t *v)
{
	for (const char *s = json_string_value(v); *s; s++)
		if (!strchr("0123456789-+ ", *s))
			return false;
	return true;
}

static const struct ent_field fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"kind", "机构类别", ENT_ENUM, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT, .enums = kinds},
	{"name", "名称", ENT_TEXT, EF_REQUIRED | EF_SORT, 2, 100},
	{"division_code", "行政区划代码", ENT_TEXT,
	 EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT, .check = is_division_code,
	 .check_message = "应为 6、9 或 12 位统计用区划代码"},
	{"county_code", "所属县（区）代码", ENT_TEXT, EF_READONLY | EF_FILTER | EF_SORT},
	{"parent_id", "上级机构", ENT_ID, EF_IMMUTABLE | EF_FILTER | EF_NULLABLE},
	{"parent_name", "上级机构名称", ENT_TEXT, EF_READONLY},
	{"village_codes", "服务的行政村代码", ENT_JSON, EF_VIRTUAL, .check = is_village_list,
	 .check_message = "应为 1–20 个 12 位村级区划代码的数组", .rule = "SR-ORG-1"},
	{"village_names", "服务的行政村", ENT_JSON, EF_VIRTUAL | EF_READONLY},
	{"status", "状态", ENT_ENUM, EF_FILTER | EF_SORT, .enums = org_status_enums},
	{"optional", "乡镇驻地可不设", ENT_BOOL, EF_FILTER},
	{"public_ownership", "产权公有", ENT_BOOL, EF_FILTER},
	{"licence_no", "执业许可证号", ENT_TEXT, EF_NULLABLE, 1, 50},
	{"licence_valid_from", "许可证有效期起", ENT_DATE, EF_NULLABLE},
	{"licence_valid_until", "许可证有效期至", ENT_DATE, EF_NULLABLE | EF_SORT},
	{"population", "服务常住人口", ENT_INT, EF_NULLABLE | EF_SORT, 0, 1000000},
	{"person_in_charge", "负责人", ENT_TEXT, EF_NULLABLE, 1, 50},
	{"phone", "联系电话", ENT_TEXT, EF_NULLABLE, 5, 30, .check = is_phone,
	 .check_message = "只能包含数字、空格、+ 和 -"},
	{"address", "地址", ENT_TEXT, EF_NULLABLE, 1, 200},
	{"note", "备注", ENT_TEXT, EF_NULLABLE, 0, 500},
	{"profile_id", "政策配置", ENT_TEXT, EF_VIRTUAL | EF_READONLY},
	{"integrated", "已一体化", ENT_BOOL, EF_VIRTUAL | EF_READONLY},
	{"checklist_done", "已完成项目数", ENT_INT, EF_READONLY},
	{"checklist_total", "项目总数", ENT_INT, EF_VIRTUAL | EF_READONLY},
	ENT_STANDARD_FIELDS,
};

const struct entity institution_entity = {
	.name = "institution",
	.label = "机构",
	.table = "institutions",
	.view = "institution_view",
	ENT_FIELDS(fields),
	.default_sort = "division_code",
};

const char *org_by(const struct principal *who)
{
	return who && who->signed_in ? who->username : "cli";
}

int org_institution_path(struct db *db, const char *id, char *path, size_t len)
{
	return store_institution_path(db, id, path, len);
}

/* Load the brief row of institution ID into *RES; ERR names FIELD if there is none. */
static int brief_or_error(struct db *db, const char *id, const char *field, struct db_res **res,
			  struct app_error *err)
{
	int rc = store_institution_brief(db, id, res);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		db_res_free(*res);
		*res = NULL;
		err_set(err, ERR_INVALID, field, "SR-ORG-3", "上级机构 %s 不存在", id);
		return DB_ABORT;
	}
	return DB_ONE;
}

/* Check the villages a clinic serves: village-level codes of the clinic's own township
 * (adjacent villages may share one clinic, SR-ORG-1), none already served by another
 * clinic. */
static int check_villages(struct db *db, const char *clinic_id, const char *township,
			  const json_t *codes, struct app_error *err)
{
	size_t i;
	json_t *c;
	json_array_foreach(codes, i, c)
	{
		const char *code = json_string_value(c);
		struct db_res *res;
		int rc = store_division_get(db, code, &res);
		if (rc < 0)
			return rc;
		bool ok = rc == 1 && strcmp(db_res_text(res, 0, 2), "village") == 0 &&
			  strcmp(db_res_text(res, 0, 3), township) == 0;
		db_res_free(res);
		if (!ok) {
			err_set(err, ERR_RULE, "village_codes", "SR-ORG-1",
				"行政村 %s 不存在或不属于本乡镇，相邻行政村才可共建村卫生室", code);
			return DB_ABORT;
		}
		rc = store_village_owner(db, code, &res);
		if (rc < 0)
			return rc;
		bool taken = rc == 1 && (!clinic_id || strcmp(db_res_text(res, 0, 0), clinic_id) != 0);
		if (taken)
			err_set(err, ERR_CONFLICT, "village_codes", "SR-ORG-1",
				"行政村 %s 已由%s服务，一个行政村只设一所村卫生室", code,
				db_res_text(res, 0, 1));
		db_res_free(res);
		if (taken)
			return DB_ABORT;
	}
	return 0;
}

static int put_villages(struct db *db, const char *clinic_id, const json_t *codes,
			const char *by)
{
	int rc = store_villages_clear(db, clinic_id);
	size_t i;
	json_t *c;
	json_array_foreach(codes, i, c)
	{
		if (rc < 0)
			break;
		rc = store_village_add(db, clinic_id, json_string_value(c), by);
	}
	return rc < 0 ? rc : 0;
}

/* The division a new institution of KIND stands on, with the level it must have. */
static int check_division(struct db *db, const char *kind, const char *code, char *parent_code,
			  size_t len, char *name, size_t name_len, struct app_error *err)
{
	const char *level = strcmp(kind, "bureau") == 0	  ? "county"
			    : strcmp(kind, "clinic") == 0 ? "village"
							  : "township";
	struct db_res *res;
	int rc = store_division_get(db, code, &res);
	if (rc < 0)
		return rc;
	bool ok = rc == 1 && strcmp(db_res_text(res, 0, 2), level) == 0;
	if (ok) {
		snprintf(parent_code, len, "%s", db_res_text(res, 0, 3) ? db_res_text(res, 0, 3) : "");
		snprintf(name, name_len, "%s", db_res_text(res, 0, 1));
	}
	db_res_free(res);
	if (!ok) {
		err_set(err, ERR_INVALID, "division_code", NULL,
			"行政区划代码 %s 不存在或级别不符：%s应位于%s级区划", code,
			strcmp(kind, "bureau") == 0   ? "县卫健局"
			: strcmp(kind, "clinic") == 0 ? "村卫生室"
						      : "卫生院",
			strcmp(level, "county") == 0 ? "县" : strcmp(level, "village") == 0 ? "村" : "乡镇");
		return DB_ABORT;
	}
	return 0;
}

int org_institution_insert(struct db *db, const struct principal *who, json_t *rec,
			   char id_out[37], struct app_error *err)
{
	const char *kind = json_string_value(json_object_get(rec, "kind"));
	const char *code = json_string_value(json_object_get(rec, "division_code"));
	const char *parent_id = json_string_value(json_object_get(rec, "parent_id"));
	char div_parent[16], div_name[128], path[512], county[7];
	struct db_res *parent = NULL;
	int rc = check_division(db, kind, code, div_parent, sizeof(div_parent), div_name,
				sizeof(div_name), err);
	if (rc < 0)
		return rc;
	divcode_county(code, county);
	bool is_bureau = strcmp(kind, "bureau") == 0, is_clinic = strcmp(kind, "clinic") == 0;
	if (is_bureau && parent_id) {
		err_set(err, ERR_RULE, "parent_id", "SR-ORG-3", "县卫健局没有上级机构");
		return DB_ABORT;
	}
	if (!is_bureau && !parent_id) {
		err_set(err, ERR_REQUIRED, "parent_id", "SR-ORG-3",
			is_clinic ? "村卫生室须隶属于一所乡镇卫生院（上级机构 parent_id 必填）"
				  : "卫生院须隶属于所在县的卫健局（上级机构 parent_id 必填）");
		return DB_ABORT;
	}
	db_new_id(id_out);
	if (is_bureau) {
		snprintf(path, sizeof(path), "/%s/", id_out);
	} else {
		rc = brief_or_error(db, parent_id, "parent_id", &parent, err);
		if (rc < 0)
			return rc;
		const char *pkind = db_res_text(parent, 0, 1);
		const char *pdiv = db_res_text(parent, 0, 3);
		bool ok = is_clinic ? (strcmp(pkind, "centre") == 0 || strcmp(pkind, "community") == 0) &&
					      strcmp(pdiv, div_parent) == 0
				    : strcmp(pkind, "bureau") == 0 && strcmp(pdiv, div_parent) == 0;
		if (!ok) {
			err_set(err, ERR_RULE, "parent_id", "SR-ORG-3",
				is_clinic ? "村卫生室须隶属于所在乡镇的卫生院（派出机构，同一法人）"
					  : "卫生院须隶属于所在县（区）的卫健局");
			db_res_free(parent);
			return DB_ABORT;
		}
		snprintf(path, sizeof(path), "%s%s/", db_res_text(parent, 0, 6), id_out);
		db_res_free(parent);
	}
	json_t *villages = json_object_get(rec, "village_codes");
	if (villages && !is_clinic) {
		err_set(err, ERR_INVALID, "village_codes", NULL, "只有村卫生室才有服务的行政村");
		return DB_ABORT;
	}
	json_t *own = NULL;
	if (is_clinic && !villages)
		villages = own = json_pack("[s]", code);
	if (is_clinic) {
		rc = check_villages(db, NULL, div_parent, villages, err);
		if (rc < 0)
			goto out_own;
	}
	json_object_set_new(rec, "id", json_string(id_out));
	json_t *extra = json_pack("{s:s, s:s}", "path", path, "county_code", county);
	rc = crud_insert(db, &institution_entity, rec, extra, org_by(who));
	json_decref(extra);
	if (rc == DB_CONSTRAINT) {
		err_set(err, ERR_CONFLICT, "division_code", "SR-ORG-1",
			"%s已有%s，每个县一个卫健局、每个乡镇一所卫生院", div_name,
			is_bureau ? "县卫健局" : "卫生院");
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out_own;
	if (is_clinic) {
		rc = put_villages(db, id_out, villages, org_by(who));
		if (rc < 0)
			goto out_own;
	}
	json_t *after = NULL;
	rc = crud_get(db, &institution_entity, "id", id_out, &after);
	if (rc > 0)
		rc = audit_append(db, who, "create", "institution", id_out, NULL, after);
	json_decref(after);
out_own:
	json_decref(own);
	return rc < 0 ? rc : 0;
}

struct create_txn {
	const struct principal *who;
	json_t *rec;
	char id[37];
	struct app_error *err;
};

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	json_t *copy = json_deep_copy(t->rec); /* a retry starts from the caller's record */
	int rc = org_institution_insert(db, t->who, copy, t->id, t->err);
	json_decref(copy);
	return rc;
}

/* Map a failed transaction to an error for the user, unless the body set one. */
int org_txn_error(int rc, struct app_error *err)
{
	if (rc == DB_ABORT)
		return -1;
	if (rc == DB_RETRY)
		return err_set(err, ERR_UNAVAILABLE, NULL, NULL, NULL);
	if (rc == DB_CONSTRAINT)
		return err_set(err, ERR_CONFLICT, NULL, NULL, NULL);
	return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
}

int org_institution_create(struct db *db, const struct principal *who, const json_t *rec,
			   char id_out[37], struct app_error *err)
{
	if (ent_validate(&institution_entity, rec, ENT_CREATE, err) != 0)
		return -1;
	struct create_txn t = {.who = who, .rec = (json_t *)rec, .err = err};
	int rc = db_run_transaction(db, "institution create", create_body, &t);
	if (rc < 0)
		return org_txn_error(rc, err);
	memcpy(id_out, t.id, 37);
	return 0;
}

struct update_txn {
	const struct principal *who;
	const char *id;
	const json_t *changes;
	struct app_error *err;
};

static int update_body(struct db *db, void *cls)
{
	struct update_txn *t = cls;
	json_t *before = NULL, *after = NULL;
	int rc = crud_get(db, &institution_entity, "id", t->id, &before);
	if (rc <= 0) {
		if (rc == 0)
			err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "机构不存在");
		return rc == 0 ? DB_ABORT : rc;
	}
	const char *from = json_string_value(json_object_get(t->changes, "licence_valid_from"));
	const char *until = json_string_value(json_object_get(t->changes, "licence_valid_until"));
	if (!json_object_get(t->changes, "licence_valid_from"))
		from = json_string_value(json_object_get(before, "licence_valid_from"));
	if (!json_object_get(t->changes, "licence_valid_until"))
		until = json_string_value(json_object_get(before, "licence_valid_until"));
	if (from && until && strcmp(from, until) > 0) {
		err_set(t->err, ERR_INVALID, "licence_valid_until", "SR-ORG-2",
			"许可证有效期至（%s）不能早于有效期起（%s）", until, from);
		rc = DB_ABORT;
		goto out;
	}
	json_t *villages = json_object_get(t->changes, "village_codes");
	if (villages) {
		const char *kind = json_string_value(json_object_get(before, "kind"));
		if (strcmp(kind, "clinic") != 0) {
			err_set(t->err, ERR_INVALID, "village_codes", NULL, "只有村卫生室才有服务的行政村");
			rc = DB_ABORT;
			goto out;
		}
		char township[10];
		snprintf(township, sizeof(township), "%.9s",
			 json_string_value(json_object_get(before, "division_code")));
		rc = check_villages(db, t->id, township, villages, t->err);
		if (rc >= 0)
			rc = put_villages(db, t->id, villages, org_by(t->who));
		if (rc < 0)
			goto out;
	}
	rc = crud_update(db, &institution_entity, "id", t->id, t->changes, org_by(t->who));
	if (rc < 0)
		goto out;
	rc = crud_get(db, &institution_entity, "id", t->id, &after);
	if (rc > 0)
		rc = audit_append(db, t->who, "update", "institution", t->id, before, after);
out:
	json_decref(before);
	json_decref(after);
	return rc;
}

int org_institution_update(struct db *db, const struct principal *who, const char *id,
			   const json_t *changes, struct app_error *err)
{
	if (ent_validate(&institution_entity, changes, ENT_UPDATE, err) != 0)
		return -1;
	struct update_txn t = {.who = who, .id = id, .changes = changes, .err = err};
	int rc = db_run_transaction(db, "institution update", update_body, &t);
	return rc < 0 ? org_txn_error(rc, err) : 0;
}

/* Add what is not a column: villages served, profile, checklist total, integrated. */
int org_institutions_complete(struct db *db, json_t *items)
{
	size_t n = json_array_size(items), i;
	json_t *rec;
	const char *ids[500];
	size_t nids = 0;
	json_array_foreach(items, i, rec)
	{
		const char *county = json_string_value(json_object_get(rec, "county_code"));
		const json_t *p = county ? org_profile_for(county, NULL) : NULL;
		size_t total = p ? org_profile_items(p) : 0;
		json_int_t done = json_integer_value(json_object_get(rec, "checklist_done"));
		bool clinic = strcmp(json_string_value(json_object_get(rec, "kind")), "clinic") == 0;
		json_object_set_new(rec, "profile_id", p ? json_string(org_profile_id(p)) : json_null());
		json_object_set_new(rec, "checklist_total", json_integer((json_int_t)total));
		json_object_set_new(rec, "integrated",
				    json_boolean(clinic && total > 0 && (size_t)done >= total));
		json_object_set_new(rec, "village_codes", json_array());
		json_object_set_new(rec, "village_names", json_array());
		if (clinic && nids < 500)
			ids[nids++] = json_string_value(json_object_get(rec, "id"));
	}
	if (nids == 0 || n == 0)
		return 0;
	struct db_res *res;
	int rc = store_villages_of(db, ids, nids, &res);
	if (rc < 0)
		return rc;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		json_array_foreach(items, i, rec)
		{
			if (strcmp(json_string_value(json_object_get(rec, "id")), db_res_text(res, r, 0)))
				continue;
			json_array_append_new(json_object_get(rec, "village_codes"),
					      json_string(db_res_text(res, r, 1)));
			json_array_append_new(json_object_get(rec, "village_names"),
					      json_string(db_res_text(res, r, 2)));
			break;
		}
	}
	db_res_free(res);
	return 0;
}

json_t *org_institution_get(struct db *db, const char *id, struct app_error *err)
{
	return crud_get_view(db, &institution_entity, id, org_institutions_complete, err);
}

int org_institutions_list(struct db *db, const char *scope, const struct ent_list *l,
			  json_t **items, bool *more, struct app_error *err)
{
	char prefix[520];
	snprintf(prefix, sizeof(prefix), "%s", scope);
	int rc = crud_list(db, &institution_entity, "id", l, STORE_IN_SCOPE,
			   DB_PARAMS(DB_TEXT(prefix)), items, more);
	if (rc >= 0)
		rc = org_institutions_complete(db, *items);
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	}
	return 0;
}
