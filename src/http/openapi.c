/* SPDX-License-Identifier: MIT */
/* The OpenAPI 3.1 document, derived from the routes table and the entity declarations:
 * nothing here is written twice, so the document cannot drift from the server. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"

#define ERROR_RESPONSE "#/components/responses/Error"

static json_t *type_of(const char *type, bool nullable)
{
	if (!nullable)
		return json_string(type);
	return json_pack("[s,s]", type, "null");
}

/* The schema of one declared field. New reference. */
static json_t *field_schema(const struct ent_field *f)
{
	bool nullable = f->flags & EF_NULLABLE;
	json_t *s = json_object();
	bool has_range = f->min != 0 || f->max != 0;
	switch (f->type) {
	case ENT_TEXT:
		json_object_set_new(s, "type", type_of("string", nullable));
		if (f->min > 0)
			json_object_set_new(s, "minLength", json_integer(f->min));
		if (f->max > 0)
			json_object_set_new(s, "maxLength", json_integer(f->max));
		break;
	case ENT_INT:
	case ENT_MONEY:
		json_object_set_new(s, "type", type_of("integer", nullable));
		if (has_range) {
			json_object_set_new(s, "minimum", json_integer(f->min));
			if (f->max >= f->min)
				json_object_set_new(s, "maximum", json_integer(f->max));
		}
		if (f->type == ENT_MONEY)
			json_object_set_new(s, "x-unit", json_string("分 (fen, 0.01 CNY)"));
		break;
	case ENT_BOOL:
		json_object_set_new(s, "type", type_of("boolean", nullable));
		break;
	case ENT_DATE:
		json_object_set_new(s, "type", type_of("string", nullable));
		json_object_set_new(s, "format", json_string("date"));
		break;
	case ENT_TIMESTAMP:
		json_object_set_new(s, "type", type_of("string", nullable));
		json_object_set_new(s, "format", json_string("date-time"));
		break;
	case ENT_ID:
		json_object_set_new(s, "type", type_of("string", nullable));
		json_object_set_new(s, "format", json_string("uuid"));
		break;
	case ENT_ENUM: {
		json_object_set_new(s, "type", type_of("string", nullable));
		json_t *values = json_array();
		json_t *labels = json_object();
		for (const struct ent_enum *e = f->enums; e && e->value; e++) {
			json_array_append_new(values, json_string(e->value));
			json_object_set_new(labels, e->value, json_string(e->label));
		}
		if (nullable)
			json_array_append_new(values, json_null());
		json_object_set_new(s, "enum", values);
		json_object_set_new(s, "x-enum-labels", labels);
		break;
	}
	case ENT_JSON:
		json_object_set_new(s, "type",
		                    nullable ? json_pack("[s,s,s]", "object", "array", "null")
		                             : json_pack("[s,s]", "object", "array"));
		break;
	}
	if (f->label) {
		json_object_set_new(s, "title", json_string(f->label));
		json_object_set_new(s, "x-label", json_string(f->label));
	}
	if (f->check_message)
		json_object_set_new(s, "description", json_string(f->check_message));
	if (f->rule)
		json_object_set_new(s, "x-rule", json_string(f->rule));
	if (f->flags & EF_READONLY)
		json_object_set_new(s, "readOnly", json_true());
	/* A secret (a password) is accepted but never sent back. */
	if (f->flags & EF_SECRET)
		json_object_set_new(s, "writeOnly", json_true());
	if (f->flags & EF_IMMUTABLE)
		json_object_set_new(s, "x-immutable", json_true());
	return s;
}

json_t *openapi_entity_schema(const struct entity *e)
{
	json_t *props = json_object();
	json_t *required = json_array();
	for (size_t i = 0; i < e->nfields; i++) {
		const struct ent_field *f = &e->fields[i];
		json_object_set_new(props, f->name, field_schema(f));
		if (f->flags & EF_REQUIRED)
			json_array_append_new(required, json_string(f->name));
	}
	json_t *s = json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props,
	                      "additionalProperties", 0);
	if (!s) {
		json_decref(required);
		return NULL;
	}
	if (e->label) {
		json_object_set_new(s, "title", json_string(e->label));
		json_object_set_new(s, "x-label", json_string(e->label));
	}
	if (json_array_size(required) > 0)
		json_object_set_new(s, "required", required);
	else
		json_decref(required);
	return s;
}

static json_t *schema_ref(const struct entity *e)
{
	char ref[160];
	snprintf(ref, sizeof(ref), "#/components/schemas/%s", e->name);
	return json_pack("{s:s}", "$ref", ref);
}

static json_t *error_schema(void)
{
	json_t *codes = json_array();
	for (int c = ERR_OK + 1; c < ERR_COUNT; c++)
		json_array_append_new(codes, json_string(err_code_name((enum err_code)c)));
	return json_pack(
	    "{s:s, s:[s], s:{s:{s:s, s:[s,s], s:{s:{s:s, s:o}, s:{s:s, s:s}, s:{s:s, s:s}, "
	    "s:{s:s, s:s, s:s}}}}}",
	    "type", "object", "required", "error", "properties", "error", "type", "object",
	    "required", "code", "message", "properties", "code", "type", "string", "enum", codes,
	    "message", "type", "string", "description", "中文说明，字段以中文名称指明", "field",
	    "type", "string", "description", "出错的字段名", "rule", "type", "string", "pattern",
	    "^(SR|LB)-[A-Z]+-[0-9]+$", "description",
	    "拒绝所依据的规则编号（shared/policy/RULES.md）");
}

/* "/api/v1/users/{id}" + "PATCH" → "patch_users_id" */
static void operation_id(const struct route *rt, char *out, size_t len)
{
	size_t n = 0;
	for (const char *m = rt->method; *m && n + 1 < len; m++)
		out[n++] = (char)tolower((unsigned char)*m);
	const char *p = rt->pattern;
	if (strncmp(p, "/api/v1", 7) == 0)
		p += 7;
	for (; *p && n + 1 < len; p++) {
		if (isalnum((unsigned char)*p))
			out[n++] = (char)tolower((unsigned char)*p);
		else if (*p == '/' || *p == '.')
			out[n++] = '_';
	}
	out[n] = '\0';
}

/* The tag groups operations by resource: "/api/v1/institutions/{id}" → "institutions". */
static json_t *tag_of(const char *pattern)
{
	if (strncmp(pattern, "/api/v1/", 8) != 0)
		return json_string("server");
	const char *p = pattern + 8;
	return json_stringn(p, strcspn(p, "/"));
}

static json_t *parameters(const struct route *rt)
{
	json_t *params = json_array();
	for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *close = strchr(p, '}');
		if (!close)
			break;
		json_array_append_new(params, json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", p + 1,
		                                        (size_t)(close - p - 1), "in", "path",
		                                        "required", 1, "schema", "type", "string"));
	}
	if (rt->list) {
		json_array_append_new(
		    params, json_pack("{s:s, s:s, s:s, s:{s:s, s:i, s:i, s:i}}", "name", "limit",
		                      "in", "query", "description", "每页条数", "schema", "type",
		                      "integer", "minimum", 1, "maximum", 500, "default", 50));
		json_array_append_new(params,
		                      json_pack("{s:s, s:s, s:s, s:{s:s, s:i}}", "name", "offset",
		                                "in", "query", "description", "从第几条开始",
		                                "schema", "type", "integer", "minimum", 0));
		const struct entity *e = rt->result;
		json_t *sortable = json_array();
		for (size_t i = 0; e && i < e->nfields; i++) {
			const struct ent_field *f = &e->fields[i];
			if (f->flags & EF_SORT) {
				char desc[80];
				snprintf(desc, sizeof(desc), "-%s", f->name);
				json_array_append_new(sortable, json_string(f->name));
				json_array_append_new(sortable, json_string(desc));
			}
			if (f->flags & EF_FILTER) {
				json_t *s = field_schema(f);
				json_object_del(s, "readOnly");
				json_array_append_new(
				    params, json_pack("{s:s, s:s, s:s, s:o}", "name", f->name, "in",
				                      "query", "description",
				                      f->label ? f->label : "", "schema", s));
			}
		}
		if (json_array_size(sortable) > 0)
			json_array_append_new(
			    params, json_pack("{s:s, s:s, s:s, s:{s:s, s:o}}", "name", "sort", "in",
			                      "query", "description", "排序字段，前加 - 为倒序",
			                      "schema", "type", "string", "enum", sortable));
		else
			json_decref(sortable);
	}
	return params;
}

static json_t *operation(const struct route *rt)
{
	char id[160];
	operation_id(rt, id, sizeof(id));
	json_t *op = json_pack("{s:s, s:s, s:[o]}", "operationId", id, "summary",
	                       rt->summary ? rt->summary : "", "tags", tag_of(rt->pattern));
	json_t *params = parameters(rt);
	if (json_array_size(params) > 0)
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);

	if (rt->roles) {
		json_object_set_new(op, "security",
		                    json_pack("[{s:[]}, {s:[]}]", "cookieAuth", "bearerAuth"));
		json_t *roles = json_array();
		for (unsigned bit = 1; bit <= rt->roles && bit != 0; bit <<= 1)
			if ((rt->roles & bit) && role_name(bit))
				json_array_append_new(roles, json_string(role_name(bit)));
		json_object_set_new(op, "x-roles", roles);
	} else {
		json_object_set_new(op, "security", json_array()); /* public */
	}

	if (rt->body)
		json_object_set_new(op, "requestBody",
		                    json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
		                              "application/json", "schema", schema_ref(rt->body)));

	json_t *ok = json_pack("{s:s}", "description", "成功");
	if (rt->result) {
		json_t *schema = schema_ref(rt->result);
		if (rt->list)
			schema = json_pack("{s:s, s:[s,s], s:{s:{s:s, s:o}, s:{s:[s,s], s:s}}}",
			                   "type", "object", "required", "items", "next_offset",
			                   "properties", "items", "type", "array", "items", schema,
			                   "next_offset", "type", "integer", "null", "description",
			                   "下一页的 offset；没有下一页时为 null");
		json_object_set_new(ok, "content",
		                    json_pack("{s:{s:o}}", "application/json", "schema", schema));
	}
	json_object_set_new(
	    op, "responses",
	    json_pack("{s:o, s:{s:s}}", "2XX", ok, "default", "$ref", ERROR_RESPONSE));
	return op;
}

static void add_schema(json_t *schemas, const struct entity *e)
{
	if (e && !json_object_get(schemas, e->name))
		json_object_set_new(schemas, e->name, openapi_entity_schema(e));
}

json_t *openapi_document(void)
{
	json_t *paths = json_object();
	json_t *schemas = json_object();
	for (size_t i = 0; i < routes_count; i++) {
		const struct route *rt = &routes[i];
		json_t *item = json_object_get(paths, rt->pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, rt->pattern, item);
		}
		char method[16];
		size_t n = 0;
		for (const char *m = rt->method; *m && n + 1 < sizeof(method); m++)
			method[n++] = (char)tolower((unsigned char)*m);
		method[n] = '\0';
		json_object_set_new(item, method, operation(rt));
		add_schema(schemas, rt->body);
		add_schema(schemas, rt->result);
	}
	json_object_set_new(schemas, "Error", error_schema());

	return json_pack(
	    "{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:o, s:{s:{s:s, s:{s:{s:{s:s}}}}}, "
	    "s:{s:{s:s, s:s, s:s, s:s}, s:{s:s, s:s, s:s}}}}",
	    "openapi", "3.1.0", "info", "title", "yitihua 乡村卫生一体化管理接口", "version", "1",
	    "description",
	    "乡镇卫生院对村卫生室的一体化管理（八统一 / 五统一）。写操作用会话 Cookie 时须带 "
	    "X-CSRF-Token 头；用 Bearer 令牌时不需要。",
	    "paths", paths, "components", "schemas", schemas, "responses", "Error", "description",
	    "错误（中文说明，注明字段与所依据的规则编号）", "content", "application/json", "schema",
	    "$ref", "#/components/schemas/Error", "securitySchemes", "cookieAuth", "type", "apiKey",
	    "in", "cookie", "name", "yth_session", "description",
	    "登录（POST /api/v1/session）后的会话 Cookie", "bearerAuth", "type", "http", "scheme",
	    "bearer", "description", "接口令牌（POST /api/v1/tokens）");
}
