/* SPDX-License-Identifier: MIT */
/* This file contains auth_authorize(), the one place where a request's role, CSRF token
 * and institution scope are checked before its handler runs, and the subtree test every
 * scope check uses. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "db/db.h"
#include "http/http.h"
#include "org/org.h"

bool auth_path_in_scope(const char *scope_path, const char *path)
{
	if (!scope_path || !path || !scope_path[0] || !path[0])
		return false;
	if (strcmp(scope_path, "/") == 0)
		return true;
	size_t n = strlen(scope_path);
	if (strncmp(scope_path, path, n) != 0)
		return false;
	/* Paths end in "/"; if one did not, "/a/b" must not cover "/a/bc/". */
	return scope_path[n - 1] == '/' || path[n] == '/' || path[n] == '\0';
}

/* Write a denial to the audit log. Failing to record it must not turn a refusal into an
 * acceptance, so errors are only logged. */
static void audit_denial(struct req *r, const struct app_error *err, const char *target)
{
	json_t *detail = json_pack("{s:s, s:s, s:s, s:s?}", "method", r->method, "url", r->url,
	                           "code", err_code_name(err->code), "reason", err->message);
	int rc = audit_append(r->db, &r->who, "deny", r->route ? r->route->pattern : r->url, target,
	                      NULL, detail);
	if (rc < 0)
		fprintf(stderr, "yitihua: 无法记录拒绝访问 / could not audit a denial of %s %s\n",
		        r->method, r->url);
	json_decref(detail);
}

static bool is_write(const char *method)
{
	return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
	       strcmp(method, "PATCH") == 0 || strcmp(method, "DELETE") == 0;
}

/* The X-CSRF-Token header against the session's token, in constant time. */
static bool csrf_ok(const struct req *r)
{
	const char *sent = req_header(r, "X-CSRF-Token");
	size_t len = strlen(r->who.csrf);
	if (!sent || len == 0 || strlen(sent) != len)
		return false;
	return sodium_memcmp(sent, r->who.csrf, len) == 0;
}

/* A database failure during a check: the request is refused, as 503 or 500. */
static int db_failure(int rc, struct app_error *err)
{
	return err_set(err, rc == DB_RETRY ? ERR_UNAVAILABLE : ERR_INTERNAL, NULL, NULL, NULL);
}

/* Check that institution ID (from FIELD, or the path when FIELD is NULL) is inside the
 * actor's scope. An unknown institution in the path is 404; named in a body it is an
 * invalid field. Returns 0, or -1 with ERR set; *DENIED says whether it was a denial. */
static int check_institution(struct req *r, const char *id, const char *field,
                             struct app_error *err, bool *denied)
{
	char path[512];
	int rc = org_institution_path(r->db, id, path, sizeof(path));
	if (rc < 0)
		return db_failure(rc, err);
	if (rc == DB_NONE) {
		if (!field)
			return err_set(err, ERR_NOT_FOUND, NULL, NULL, "机构不存在");
		return err_set(err, ERR_INVALID, field, NULL, "%s：机构不存在",
		               strcmp(field, "parent_id") == 0 ? "上级机构" : "所属机构");
	}
	if (!auth_path_in_scope(r->who.scope_path, path)) {
		*denied = true;
		return err_set(err, ERR_FORBIDDEN, field, NULL, "无权操作本单位管辖范围以外的机构");
	}
	return 0;
}

/* The body's FIELD as an id: *ID is NULL if absent or null. A value of another type is
 * refused here, before the handler, because the scope check cannot read it. */
static int body_id(const struct req *r, const char *field, const char **id, struct app_error *err)
{
	*id = NULL;
	if (!r->json)
		return err_set(err, ERR_BAD_JSON, NULL, NULL, NULL);
	const json_t *v = json_object_get(r->json, field);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return err_set(err, ERR_TYPE, field, NULL, "%s须为机构编号（文本）",
		               strcmp(field, "parent_id") == 0 ? "上级机构" : "所属机构");
	*id = json_string_value(v);
	return 0;
}

/* Only an administrator may make an administrator: a user body naming role "admin". */
static bool makes_admin(const struct req *r)
{
	if (!r->json || r->route->body != &user_entity)
		return false;
	const char *role = json_string_value(json_object_get(r->json, "role"));
	return role && strcmp(role, "admin") == 0;
}

/* The scope part of the check. Returns 0 or -1 with ERR; *DENIED marks a 403. */
static int check_scope(struct req *r, struct app_error *err, bool *denied, const char **target)
{
	const struct route *route = r->route;
	const char *id = NULL;
	char path[512];
	bool admin = r->who.role == ROLE_ADMIN;

	switch (route->scope) {
	case SCOPE_NONE:
	case SCOPE_LIST:
		return 0;
	case SCOPE_INSTITUTION:
		id = req_param(r, "id");
		*target = id;
		if (!id)
			return err_set(err, ERR_NOT_FOUND, NULL, NULL, NULL);
		return check_institution(r, id, NULL, err, denied);
	case SCOPE_BODY_PARENT:
		if (body_id(r, "parent_id", &id, err) != 0)
			return -1;
		*target = id;
		if (!id) {
			/* No parent: a county bureau, the top of a tree. */
			if (admin)
				return 0;
			*denied = true;
			return err_set(err, ERR_FORBIDDEN, "parent_id", NULL,
			               "只有系统管理员可以新建县级卫生健康局");
		}
		return check_institution(r, id, "parent_id", err, denied);
	case SCOPE_BODY_INSTITUTION:
		if (body_id(r, "institution_id", &id, err) != 0)
			return -1;
		*target = id;
		/* Absent: the handler's validation names the missing field. */
		return id ? check_institution(r, id, "institution_id", err, denied) : 0;
	case SCOPE_BODY_FIELD:
		if (body_id(r, route->scope_field, &id, err) != 0)
			return -1;
		*target = id;
		return id ? check_institution(r, id, route->scope_field, err, denied) : 0;
	case SCOPE_RESOURCE: {
		char owner[37] = "";
		id = req_param(r, "id");
		*target = id;
		if (!id || !route->resolve)
			return err_set(err, ERR_NOT_FOUND, NULL, NULL, NULL);
		int rc = route->resolve(r->db, id, path, sizeof(path), owner);
		if (rc < 0)
			return db_failure(rc, err);
		if (rc == DB_NONE)
			return err_set(err, ERR_NOT_FOUND, NULL, NULL, "未找到");
		if (owner[0] && strcmp(owner, r->who.user_id) == 0)
			return 0; /* about the user themself */
		if (!auth_path_in_scope(r->who.scope_path, path)) {
			*denied = true;
			return err_set(err, ERR_FORBIDDEN, NULL, NULL, "无权查看或操作本单位管辖范围以外的记录");
		}
		return 0;
	}
	case SCOPE_USER: {
		id = req_param(r, "id");
		*target = id;
		if (!id)
			return err_set(err, ERR_NOT_FOUND, NULL, NULL, NULL);
		int rc = auth_store_user_scope(r->db, id, path, sizeof(path));
		if (rc < 0)
			return db_failure(rc, err);
		if (rc == DB_NONE)
			return err_set(err, ERR_NOT_FOUND, NULL, NULL, "用户不存在");
		if (!auth_path_in_scope(r->who.scope_path, path)) {
			*denied = true;
			return err_set(err, ERR_FORBIDDEN, NULL, NULL,
			               "无权管理本单位管辖范围以外的用户");
		}
		/* Moving a user: the new institution must be in scope too. */
		if (r->json && json_object_get(r->json, "institution_id")) {
			if (body_id(r, "institution_id", &id, err) != 0)
				return -1;
			if (id)
				return check_institution(r, id, "institution_id", err, denied);
		}
		return 0;
	}
	}
	return 0;
}

int auth_authorize(struct req *r, struct app_error *err)
{
	const struct route *route = r->route;
	const char *target = NULL;
	bool denied = false;

	if (!route || route->roles == 0)
		return 0; /* static files and public routes */
	if (!r->who.signed_in) {
		err_set(err, ERR_UNAUTHENTICATED, NULL, NULL, "请先登录");
		audit_denial(r, err, NULL);
		return -1;
	}
	/* Cookies ride along on cross-site requests; the CSRF token does not. */
	if (!r->who.via_token && !route->no_csrf && is_write(r->method) && !csrf_ok(r)) {
		err_set(err, ERR_CSRF, NULL, NULL, NULL);
		audit_denial(r, err, NULL);
		return -1;
	}
	if ((route->roles & r->who.role) == 0) {
		const char *label = role_label(r->who.role);
		err_set(err, ERR_FORBIDDEN, NULL, NULL, "角色“%s”无权执行此操作",
		        label ? label : "?");
		audit_denial(r, err, NULL);
		return -1;
	}
	if (check_scope(r, err, &denied, &target) != 0) {
		if (denied)
			audit_denial(r, err, target);
		return -1;
	}
	if (makes_admin(r) && r->who.role != ROLE_ADMIN) {
		err_set(err, ERR_FORBIDDEN, "role", NULL, "只有系统管理员可以设置系统管理员角色");
		audit_denial(r, err, target);
		return -1;
	}
	return 0;
}
