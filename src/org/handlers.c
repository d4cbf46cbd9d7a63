/* SPDX-License-Identifier: MIT */
/* This file contains the HTTP handlers of the institutions area. Each parses the request,
 * calls the area's function and replies; role and scope were checked before (auth/). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/crud.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"

enum MHD_Result org_h_divisions_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &division_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = crud_list(r->db, &division_entity, "code", &l, NULL, NULL, 0, &items, &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_page(r, items, more, &l);
}

enum MHD_Result org_h_division_get(struct req *r)
{
	json_t *rec;
	int rc = crud_get(r->db, &division_entity, "code", req_param(r, "code"), &rec);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	if (rc == 0)
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "行政区划 %s 不存在", req_param(r, "code"));
	return reply_json(r, MHD_HTTP_OK, rec);
}

enum MHD_Result org_h_profiles_list(struct req *r)
{
	return reply_json(r, MHD_HTTP_OK, json_pack("{s:o, s:n}", "items", org_profiles_json(),
						    "next_offset"));
}

enum MHD_Result org_h_profile_get(struct req *r)
{
	const json_t *p = org_profile_by_id(req_param(r, "id"));
	if (!p)
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "政策配置 %s 不存在", req_param(r, "id"));
	return reply_json(r, MHD_HTTP_OK, json_deep_copy(p));
}

enum MHD_Result org_h_institutions_list(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, &institution_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = org_institutions_list(r->db, r->who.scope_path, &l, &items, &more, &err);
	ent_list_clear(&l);
	if (rc != 0)
		return reply_error(r, &err);
	return reply_page(r, items, more, &l);
}

enum MHD_Result org_h_institution_create(struct req *r)
{
	struct app_error err;
	char id[37];
	if (org_institution_create(r->db, &r->who, r->json, id, &err) != 0)
		return reply_error(r, &err);
	json_t *rec = org_institution_get(r->db, id, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result org_h_institution_get(struct req *r)
{
	struct app_error err;
	json_t *rec = org_institution_get(r->db, req_param(r, "id"), &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result org_h_institution_update(struct req *r)
{
	struct app_error err;
	if (org_institution_update(r->db, &r->who, req_param(r, "id"), r->json, &err) != 0)
		return reply_error(r, &err);
	json_t *rec = org_institution_get(r->db, req_param(r, "id"), &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result org_h_institutions_export(struct req *r)
{
	struct app_error err;
	struct ent_list l;
	json_t *all = json_array(), *items;
	bool more = true;
	if (req_list(r, &institution_entity, NULL, &l, &err) != 0) {
		json_decref(all);
		return reply_error(r, &err);
	}
	/* The whole filtered list, page by page. */
	l.limit = 500;
	for (l.offset = 0; more; l.offset += l.limit) {
		if (org_institutions_list(r->db, r->who.scope_path, &l, &items, &more, &err) != 0) {
			ent_list_clear(&l);
			json_decref(all);
			return reply_error(r, &err);
		}
		json_array_extend(all, items);
		json_decref(items);
	}
	ent_list_clear(&l);
	return reply_xlsx(r, &institution_entity, all, "机构列表");
}

enum MHD_Result org_h_tree(struct req *r)
{
	struct app_error err;
	json_t *roots = org_tree(r->db, r->who.scope_path, &err);
	if (!roots)
		return reply_error(r, &err);
	return reply_json(r, MHD_HTTP_OK, json_pack("{s:o}", "items", roots));
}

enum MHD_Result org_h_checklist_get(struct req *r)
{
	struct app_error err;
	json_t *list = org_checklist_get(r->db, req_param(r, "id"), &err);
	return list ? reply_json(r, MHD_HTTP_OK, list) : reply_error(r, &err);
}

enum MHD_Result org_h_checklist_tick(struct req *r)
{
	struct app_error err;
	const char *id = req_param(r, "id"), *item = req_param(r, "item");
	if (org_checklist_tick(r->db, &r->who, id, item, r->json, &err) != 0)
		return reply_error(r, &err);
	json_t *list = org_checklist_get(r->db, id, &err);
	if (!list)
		return reply_error(r, &err);
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(list, "items"), i, row)
	{
		if (strcmp(json_string_value(json_object_get(row, "item")), item) == 0) {
			json_incref(row);
			json_decref(list);
			return reply_json(r, MHD_HTTP_OK, row);
		}
	}
	json_decref(list);
	return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
}

enum MHD_Result org_h_checklist_untick(struct req *r)
{
	struct app_error err;
	if (org_checklist_untick(r->db, &r->who, req_param(r, "id"), req_param(r, "item"), &err) != 0)
		return reply_error(r, &err);
	return reply_no_content(r);
}

/* Alerts of ALERTS (stolen) filtered and paged by R's query: items, total, by_rule. */
static enum MHD_Result reply_alerts(struct req *r, json_t *alerts)
{
	struct app_error err;
	struct ent_list l;
	bool more;
	size_t total;
	if (req_list(r, &alert_entity, NULL, &l, &err) != 0) {
		json_decref(alerts);
		return reply_error(r, &err);
	}
	json_t *page = ent_list_apply(&l, alerts, &more, &total);
	json_t *by_rule = json_object();
	size_t i;
	json_t *a;
	json_array_foreach(alerts, i, a)
	{
		const char *rule = json_string_value(json_object_get(a, "rule"));
		json_object_set_new(by_rule, rule,
				    json_integer(json_integer_value(json_object_get(by_rule, rule)) + 1));
	}
	json_decref(alerts);
	json_t *body = json_pack("{s:o, s:I, s:o, s:o}", "items", page ? page : json_array(), "total",
				 (json_int_t)total, "by_rule", by_rule, "next_offset",
				 more ? json_integer(l.offset + l.limit) : json_null());
	ent_list_clear(&l);
	return reply_json(r, MHD_HTTP_OK, body);
}

enum MHD_Result org_h_institution_alerts(struct req *r)
{
	struct app_error err;
	char path[512];
	const char *id = req_param(r, "id");
	if (org_institution_path(r->db, id, path, sizeof(path)) <= 0)
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "机构不存在");
	json_t *alerts = org_alerts(r->db, path, NULL, &err);
	return alerts ? reply_alerts(r, alerts) : reply_error(r, &err);
}

enum MHD_Result org_h_alerts(struct req *r)
{
	struct app_error err;
	json_t *alerts = org_alerts(r->db, r->who.scope_path, NULL, &err);
	return alerts ? reply_alerts(r, alerts) : reply_error(r, &err);
}

enum MHD_Result org_h_coverage(struct req *r)
{
	struct app_error err;
	char today[11];
	org_today(today);
	int year = atoi(today);
	const char *y = req_query(r, "year");
	if (y) {
		char *end;
		long v = strtol(y, &end, 10);
		if (*end || v < 2000 || v > 2100)
			return reply_err(r, ERR_BAD_REQUEST, "year", NULL, "年度 year 应为 2000–2100 的整数");
		year = (int)v;
	}
	json_t *items = org_coverage(r->db, r->who.scope_path, year, &err);
	if (!items)
		return reply_error(r, &err);
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:o, s:i, s:n}", "items", items, "year", year, "next_offset"));
}
