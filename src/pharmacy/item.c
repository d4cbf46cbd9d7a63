/* SPDX-License-Identifier: MIT */
/* This file contains the catalogue (药械目录): the drugs, consumables and devices a county's
 * centres buy and its clinics stock, shared by the county. Each item has its package and
 * base unit with the conversion, its approval number (国药准字 for a drug, 械注准 / 械备 for
 * a device or consumable), whether it is on the national essential medicines list (基药,
 * LB-DRG-1) and whether it is given by infusion (SR-DRG-6). Also the bulk import from CSV or
 * .xlsx (all or nothing, every bad row listed), the export, the resolver and the handlers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/crud.h"
#include "http/handlers.h"
#include "io/sheet.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "pharmacy/pharmacy.h"
#include "pharmacy/store.h"

static const struct ent_enum kinds[] = {
	{"drug", "药品"},
	{"consumable", "耗材"},
	{"device", "器械"},
	{NULL, NULL},
};

static const struct ent_field fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"kind", "类别", ENT_ENUM, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT, .enums = kinds},
	{"generic_name", "通用名", ENT_TEXT, EF_REQUIRED | EF_SORT, 1, 100},
	{"brand", "商品名", ENT_TEXT, EF_NULLABLE, 1, 100},
	{"dosage_form", "剂型", ENT_TEXT, EF_NULLABLE, 1, 50},
	{"strength", "规格", ENT_TEXT, EF_NULLABLE, 1, 100},
	{"package_unit", "包装单位", ENT_TEXT, EF_REQUIRED, 1, 10},
	{"base_unit", "基本单位", ENT_TEXT, EF_REQUIRED, 1, 10},
	{"units_per_package", "包装含量", ENT_INT, EF_REQUIRED, 1, 100000},
	{"manufacturer", "生产企业", ENT_TEXT, EF_NULLABLE, 1, 100},
	{"approval_no", "批准文号", ENT_TEXT, EF_REQUIRED | EF_SORT, 4, 60},
	{"essential", "基本药物", ENT_BOOL, EF_FILTER},
	{"infusion", "静脉输液", ENT_BOOL, EF_FILTER},
	{"category", "分类", ENT_TEXT, EF_NULLABLE | EF_FILTER | EF_SORT, 1, 50},
	{"storage", "贮存条件", ENT_TEXT, EF_NULLABLE, 1, 100},
	{"active", "在用", ENT_BOOL, EF_FILTER},
	/* The county the catalogue belongs to: the signed-in user's, or given by an
	 * administrator (read separately from the body, then set by the server). */
	{"county_code", "所属县（区）代码", ENT_TEXT, EF_READONLY | EF_FILTER | EF_SORT},
	ENT_STANDARD_FIELDS,
};

const struct entity item_entity = {
	.name = "item",
	.label = "药械品种",
	.table = "items",
	ENT_FIELDS(fields),
	.default_sort = "generic_name",
};

int pharm_item_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	owner[0] = '\0';
	return store_item_scope(db, id, path, len);
}

static const char *text_of(const json_t *rec, const char *name)
{
	return json_string_value(json_object_get(rec, name));
}

/* The approval number must be of the kind's register: a drug's 国药准字 (NMPA drug approval),
 * a device's or consumable's registration (械注准 / 械注进 / 械注许) or filing (械备). */
static bool approval_fits(const char *kind, const char *approval_no)
{
	if (strcmp(kind, "drug") == 0)
		return strncmp(approval_no, "国药准字", strlen("国药准字")) == 0;
	return strstr(approval_no, "械注准") || strstr(approval_no, "械注进") ||
	       strstr(approval_no, "械注许") || strstr(approval_no, "械备");
}

/* Check item REC (complete: the stored row with the changes applied) of county COUNTY,
 * other than EXCEPT_ID (NULL on create): its approval number fits its kind and no other item
 * of the county has the same key. Returns 0 or a negative db_status (DB_ABORT with ERR). */
static int check_item(struct db *db, const json_t *rec, const char *county, const char *except_id,
		      struct app_error *err)
{
	const char *kind = text_of(rec, "kind"), *approval = text_of(rec, "approval_no");
	char other[37];
	if (!approval_fits(kind, approval)) {
		err_set(err, ERR_INVALID, "approval_no", NULL,
			"批准文号（approval_no）“%s”与类别不符：%s", approval,
			strcmp(kind, "drug") == 0
				? "药品的批准文号应以“国药准字”开头"
				: "器械、耗材应填医疗器械注册证号（含“械注准”“械注进”或“械注许”）"
				  "或备案号（含“械备”）");
		return DB_ABORT;
	}
	int rc = store_item_duplicate(db, county, approval, text_of(rec, "strength"),
				      json_integer_value(json_object_get(rec, "units_per_package")),
				      except_id, other);
	if (rc < 0)
		return rc;
	if (rc == DB_ONE) {
		err_set(err, ERR_CONFLICT, "approval_no", NULL,
			"本县目录中已有批准文号 %s、规格与包装含量都相同的品种，不能重复登记",
			approval);
		return DB_ABORT;
	}
	return 0;
}

/* Insert item REC (validated) into the catalogue of COUNTY inside the caller's transaction,
 * audited. Sets ID_OUT. Returns 0 or a negative db_status (DB_ABORT with ERR). */
static int item_insert(struct db *db, const struct principal *who, const json_t *rec,
		       const char *county, char id_out[37], struct app_error *err)
{
	json_t *extra = NULL, *after = NULL;
	int rc = check_item(db, rec, county, NULL, err);
	if (rc < 0)
		return rc;
	db_new_id(id_out);
	extra = json_pack("{s:s, s:s}", "id", id_out, "county_code", county);
	rc = extra ? crud_insert(db, &item_entity, rec, extra, org_by(who)) : DB_HARD;
	if (rc == DB_CONSTRAINT) {
		err_set(err, ERR_CONFLICT, "approval_no", NULL, "本县目录中已有相同的品种");
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	rc = crud_get(db, &item_entity, "id", id_out, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc < 0)
		goto out;
	rc = audit_append(db, who, "create", "item", id_out, NULL, after);
out:
	json_decref(after);
	json_decref(extra);
	return rc < 0 ? rc : 0;
}

/* The county whose catalogue WHO writes to: their institution's; an administrator names it
 * (GIVEN, may be NULL) and it must be a county. Into COUNTY. Returns 0 or -1 with ERR. */
static int writer_county(struct db *db, const struct principal *who, const char *given,
			 const char *field, char county[16], struct app_error *err)
{
	char kind[16], path[512], level[16];
	if (who->role == ROLE_ADMIN) {
		if (!given)
			return err_set(err, ERR_REQUIRED, field, NULL,
				       "系统管理员须指明目录所属的县（区）代码（%s）", field);
		int rc = store_items_division_level(db, given, level);
		if (rc < 0)
			return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		if (rc == DB_NONE || strcmp(level, "county") != 0)
			return err_set(err, ERR_INVALID, field, NULL,
				       "所属县（区）代码（%s）%s 不是县级行政区划：目录由县（区）共用",
				       field, given);
		snprintf(county, 16, "%s", given);
		return 0;
	}
	int rc = store_items_institution(db, who->institution_id, kind, path, sizeof(path), county);
	if (rc < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	if (rc == DB_NONE)
		return err_set(err, ERR_FORBIDDEN, NULL, NULL, "当前用户未关联机构");
	if (given && strcmp(given, county) != 0)
		return err_set(err, ERR_FORBIDDEN, field, NULL,
			       "只能维护本县（区）的药械目录（%s），不能写入 %s", county, given);
	return 0;
}

struct create_txn {
	const struct principal *who;
	const json_t *rec;
	const char *county;
	char id[37];
	struct app_error *err;
};

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	return item_insert(db, t->who, t->rec, t->county, t->id, t->err);
}

/* REC without key NAME (a shallow copy, new reference). */
static json_t *without(const json_t *rec, const char *name)
{
	json_t *copy = json_copy((json_t *)rec);
	if (copy)
		json_object_del(copy, name);
	return copy;
}

/* Create the item BODY (the request, borrowed) for WHO. Returns 0 with ID_OUT or -1 with
 * ERR. */
static int item_create(struct db *db, const struct principal *who, const json_t *body,
		       char id_out[37], struct app_error *err)
{
	char county[16];
	const json_t *given = json_object_get(body, "county_code");
	if (given && !json_is_string(given))
		return err_set(err, ERR_TYPE, "county_code", NULL, "所属县（区）代码（county_code）须为文本");
	json_t *rec = without(body, "county_code");
	if (!rec)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	int result = -1;
	if (ent_validate(&item_entity, rec, ENT_CREATE, err) != 0 ||
	    writer_county(db, who, json_string_value(given), "county_code", county, err) != 0)
		goto out;
	struct create_txn t = {.who = who, .rec = rec, .county = county, .err = err};
	int rc = db_run_transaction(db, "item create", create_body, &t);
	if (rc < 0) {
		org_txn_error(rc, err);
		goto out;
	}
	memcpy(id_out, t.id, 37);
	result = 0;
out:
	json_decref(rec);
	return result;
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
	json_t *before = NULL, *after = NULL, *merged = NULL;
	int rc = crud_get(db, &item_entity, "id", t->id, &before);
	if (rc == DB_NONE) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "药械品种不存在");
		return DB_ABORT;
	}
	if (rc < 0)
		return rc;
	merged = json_copy(before);
	if (!merged || json_object_update(merged, (json_t *)t->changes) != 0) {
		rc = DB_HARD;
		goto out;
	}
	rc = check_item(db, merged, text_of(before, "county_code"), t->id, t->err);
	if (rc < 0)
		goto out;
	rc = crud_update(db, &item_entity, "id", t->id, t->changes, org_by(t->who));
	if (rc == DB_CONSTRAINT) {
		err_set(t->err, ERR_CONFLICT, "approval_no", NULL, "本县目录中已有相同的品种");
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	rc = crud_get(db, &item_entity, "id", t->id, &after);
	if (rc == DB_NONE)
		rc = DB_HARD;
	if (rc < 0)
		goto out;
	rc = audit_append(db, t->who, "update", "item", t->id, before, after);
out:
	json_decref(merged);
	json_decref(after);
	json_decref(before);
	return rc;
}

/* ---- bulk import (批量导入) ---- */

/* What people call these columns in their own spreadsheets. */
static const struct sheet_alias aliases[] = {
	{"item.generic_name", "药品名称"},
	{"item.generic_name", "品名"},
	{"item.generic_name", "名称"},
	{"item.brand", "商品名称"},
	{"item.strength", "规格型号"},
	{"item.package_unit", "单位"},
	{"item.base_unit", "最小单位"},
	{"item.base_unit", "最小包装单位"},
	{"item.units_per_package", "转换比"},
	{"item.units_per_package", "包装数量"},
	{"item.manufacturer", "生产厂家"},
	{"item.manufacturer", "厂家"},
	{"item.approval_no", "批准文号/注册证号"},
	{"item.approval_no", "注册证号"},
	{"item.essential", "是否基药"},
	{"item.essential", "基药"},
	{"item.infusion", "是否输液"},
	{"item.kind", "品种类别"},
	{NULL, NULL},
};

static const struct sheet_note notes[] = {
	{"item.approval_no",
	 "药品填“国药准字”批准文号；器械、耗材填医疗器械注册证号（械注准 / 械注进）或备案号（械备）。"
	 "同一县目录中批准文号、规格、包装含量都相同的品种只能登记一次"},
	{"item.units_per_package", "一个包装单位含多少个基本单位，如一盒 24 片填 24"},
	{"item.essential", "国家基本药物目录品种填“是”（LB-DRG-1 非基药比例据此计算）"},
	{"item.infusion", "静脉输液品种填“是”：发药时须登记适应证（SR-DRG-6）"},
	{NULL, NULL},
};

static const char *const ignored[] = {"序号", NULL};
static const char *const import_skip[] = {"county_code", NULL};

static const struct sheet_part import_parts[] = {
	{.name = "item", .e = &item_entity, .skip = import_skip},
};

static const struct sheet_spec import_spec = {
	.parts = import_parts,
	.nparts = 1,
	.aliases = aliases,
	.notes = notes,
	.ignore = ignored,
};

struct import {
	const struct principal *who;
	const char *county;
	struct sheet_result res;
	size_t base_problems, base_count;
	bool base_truncated;
	int items;
};

/* Report problem FMT of FIELD at LINE. */
static void row_problem(struct import *im, size_t line, const char *field, enum err_code code,
			const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void row_problem(struct import *im, size_t line, const char *field, enum err_code code,
			const char *fmt, ...)
{
	struct app_error e;
	va_list ap;
	va_start(ap, fmt);
	err_vset(&e, code, field, NULL, fmt, ap);
	va_end(ap);
	sheet_problem(&im->res, &import_spec, line, "item", &e);
}

/* The same item twice in one file. Rows found bad get "ok": false. */
static void check_rows(struct import *im)
{
	json_t *seen = json_object();
	size_t i;
	json_t *row;
	json_array_foreach(im->res.rows, i, row)
	{
		size_t line = (size_t)json_integer_value(json_object_get(row, "line"));
		const json_t *item = json_object_get(row, "item");
		const char *approval = text_of(item, "approval_no");
		if (!seen || !approval)
			continue;
		char key[512];
		snprintf(key, sizeof(key), "%s\n%s\n%lld", approval,
			 text_of(item, "strength") ? text_of(item, "strength") : "",
			 (long long)json_integer_value(json_object_get(item, "units_per_package")));
		json_t *first = json_object_get(seen, key);
		if (first) {
			row_problem(im, line, "approval_no", ERR_CONFLICT,
				    "批准文号 %s 与第 %lld 行的品种相同（规格、包装含量也相同）：同一品种在"
				    "文件中只能出现一次",
				    approval, (long long)json_integer_value(first));
			json_object_set_new(row, "ok", json_false());
		} else {
			json_object_set_new(seen, key, json_integer((json_int_t)line));
		}
	}
	json_decref(seen);
}

/* The transaction: every good row through item_insert (its rules included); committed only
 * if no row at all was bad. */
static int import_body(struct db *db, void *cls)
{
	struct import *im = cls;
	/* A retried attempt starts again from the problems found before it. */
	while (json_array_size(im->res.problems) > im->base_problems)
		json_array_remove(im->res.problems, json_array_size(im->res.problems) - 1);
	im->res.count_all = im->base_count;
	im->res.truncated = im->base_truncated;
	im->items = 0;
	size_t i;
	json_t *row;
	json_array_foreach(im->res.rows, i, row)
	{
		if (!json_is_true(json_object_get(row, "ok")))
			continue;
		size_t line = (size_t)json_integer_value(json_object_get(row, "line"));
		struct app_error err = {0};
		char id[37];
		int rc = item_insert(db, im->who, json_object_get(row, "item"), im->county, id, &err);
		if (rc == DB_ABORT) {
			sheet_problem(&im->res, &import_spec, line, "item", &err);
			continue;
		}
		if (rc == DB_RETRY)
			return rc;
		if (rc < 0)
			return im->res.count_all > 0 ? DB_ABORT : rc;
		im->items++;
	}
	if (im->res.count_all > 0)
		return DB_ABORT;
	json_t *summary = json_pack("{s:i, s:s, s:s}", "items", im->items, "format", im->res.format,
				    "county_code", im->county);
	int rc = summary ? audit_append(db, im->who, "import", "item_import", NULL, NULL, summary)
			 : DB_HARD;
	json_decref(summary);
	return rc < 0 ? rc : im->items;
}

/* Import DATA (LEN bytes) into the catalogue of COUNTY. Returns the number of items written
 * (*FORMAT: what the file was read as), or -1 with ERR and, when rows were bad, *REPORT (new
 * array of problems). */
static int items_import(struct db *db, const struct principal *who, const char *county,
			const char *data, size_t len, const char **format, json_t **report,
			struct app_error *err)
{
	struct import im = {.who = who, .county = county};
	int result = -1;
	*report = NULL;
	if (sheet_read(&import_spec, data, len, &im.res, err) != 0)
		return -1;
	*format = im.res.format;
	check_rows(&im);
	im.base_problems = json_array_size(im.res.problems);
	im.base_count = im.res.count_all;
	im.base_truncated = im.res.truncated;
	int rc = json_array_size(im.res.rows) > 0 || im.res.count_all > 0
			 ? db_run_transaction(db, "item import", import_body, &im)
			 : DB_ABORT;
	if (rc >= 0) {
		result = rc;
	} else if (rc == DB_ABORT && im.res.count_all > 0) {
		sheet_problems_sort(&im.res);
		sheet_refusal(&im.res, err);
		*report = json_incref(im.res.problems);
	} else if (rc == DB_ABORT) {
		err_set(err, ERR_INVALID, "file", NULL, "导入文件没有数据行");
	} else if (rc == DB_RETRY) {
		err_set(err, ERR_UNAVAILABLE, NULL, NULL, NULL);
	} else {
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	}
	sheet_result_free(&im.res);
	return result;
}

/* ---- handlers ---- */

/* Query parameters of the list besides the entity's filters: generic_name (a part of it). */
static const char *const list_params[] = {"generic_name", NULL};

/* A page of the catalogue R may see for list L; *ITEMS new array. Returns 0 or -1. */
static int list_items(struct req *r, const struct ent_list *l, json_t **items, bool *more,
		      struct app_error *err)
{
	const char *name = req_query(r, "generic_name");
	int rc = store_items_list(r->db, &item_entity, r->who.scope_path,
				  name && *name ? name : NULL, l, items, more);
	return rc < 0 ? err_set(err, ERR_INTERNAL, NULL, NULL, NULL) : 0;
}

enum MHD_Result pharm_h_items_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &item_entity, list_params, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = list_items(r, &l, &items, &more, &err);
	ent_list_clear(&l);
	if (rc != 0)
		return reply_error(r, &err);
	return reply_page(r, items, more, &l);
}

/* Item ID as the API shows it, or the error reply. */
static enum MHD_Result reply_item(struct req *r, unsigned status, const char *id)
{
	struct app_error err;
	json_t *rec = crud_get_view(r->db, &item_entity, id, NULL, &err);
	return rec ? reply_json(r, status, rec) : reply_error(r, &err);
}

enum MHD_Result pharm_h_item_create(struct req *r)
{
	struct app_error err;
	char id[37];
	if (item_create(r->db, &r->who, r->json, id, &err) != 0)
		return reply_error(r, &err);
	return reply_item(r, MHD_HTTP_CREATED, id);
}

enum MHD_Result pharm_h_item_update(struct req *r)
{
	struct app_error err;
	const char *id = req_param(r, "id");
	if (ent_validate(&item_entity, r->json, ENT_UPDATE, &err) != 0)
		return reply_error(r, &err);
	struct update_txn t = {.who = &r->who, .id = id, .changes = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "item update", update_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_item(r, MHD_HTTP_OK, id);
}

enum MHD_Result pharm_h_items_import(struct req *r)
{
	struct app_error err = {0};
	json_t *report = NULL;
	const char *format = NULL;
	char county[16];
	/* An administrator names the county: ?county_code=. */
	if (writer_county(r->db, &r->who, req_query(r, "county_code"), "county_code", county,
			  &err) != 0)
		return reply_error(r, &err);
	const char *data = r->body ? r->body : "";
	int n = items_import(r->db, &r->who, county, data, r->body_len, &format, &report, &err);
	if (n >= 0)
		return reply_json(r, MHD_HTTP_CREATED,
				  json_pack("{s:i, s:s, s:s}", "items", n, "format", format,
					    "county_code", county));
	if (!report)
		return reply_error(r, &err);
	/* The one error body, with every bad row beside it. */
	json_t *detail = json_pack("{s:s, s:s}", "code", err_code_name(err.code), "message",
				   err.message);
	if (detail && err.field[0])
		json_object_set_new(detail, "field", json_string(err.field));
	if (detail && err.rule[0])
		json_object_set_new(detail, "rule", json_string(err.rule));
	if (!detail) {
		json_decref(report);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	return reply_json(r, (unsigned)err_http_status(err.code),
			  json_pack("{s:o, s:o}", "error", detail, "rows", report));
}

enum MHD_Result pharm_h_items_export(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *all = json_array(), *items;
	bool more = true;
	if (!all || req_list(r, &item_entity, list_params, &l, &err) != 0) {
		json_decref(all);
		return all ? reply_error(r, &err) : reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	/* The whole filtered list, page by page. */
	l.limit = 500;
	for (l.offset = 0; more; l.offset += l.limit) {
		if (list_items(r, &l, &items, &more, &err) != 0) {
			ent_list_clear(&l);
			json_decref(all);
			return reply_error(r, &err);
		}
		json_array_extend(all, items);
		json_decref(items);
	}
	ent_list_clear(&l);
	return reply_xlsx(r, &item_entity, all, "药械目录");
}
