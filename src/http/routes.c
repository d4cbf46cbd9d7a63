/* SPDX-License-Identifier: MIT */
/* The one routes table: every URL, method, handler, the roles allowed and where the
 * institution it acts on comes from. Static files are served for any other GET. */
#include "http/handlers.h"
#include "org/org.h"

#define STAFF_WRITE (ROLE_ADMIN | ROLE_COUNTY | ROLE_CENTRE)
#define USER_ADMIN (ROLE_ADMIN | ROLE_COUNTY | ROLE_CENTRE)

const struct route routes[] = {
	/* server */
	{.method = "GET", .pattern = "/healthz", .handler = http_h_healthz, .summary = "健康检查"},
	{.method = "GET", .pattern = "/metrics", .handler = http_h_metrics,
	 .summary = "Prometheus 指标"},
	{.method = "GET", .pattern = "/api/v1/openapi.json", .handler = http_h_openapi,
	 .summary = "OpenAPI 3.1 接口描述"},

	/* sign-in */
	{.method = "POST", .pattern = "/api/v1/session", .handler = auth_h_signin,
	 .summary = "登录", .body = &signin_entity, .result = &user_entity, .no_csrf = true},
	{.method = "GET", .pattern = "/api/v1/session", .handler = auth_h_whoami,
	 .roles = ROLES_ALL, .summary = "当前登录用户", .result = &user_entity},
	{.method = "DELETE", .pattern = "/api/v1/session", .handler = auth_h_signout,
	 .roles = ROLES_ALL, .summary = "退出登录"},
	{.method = "PUT", .pattern = "/api/v1/session/password", .handler = auth_h_own_password,
	 .roles = ROLES_ALL, .summary = "修改本人密码", .body = &password_entity},

	/* users and API tokens */
	{.method = "GET", .pattern = "/api/v1/users", .handler = auth_h_users_list,
	 .roles = USER_ADMIN | ROLE_AUDITOR, .scope = SCOPE_LIST, .summary = "用户列表",
	 .result = &user_entity, .list = true},
	{.method = "POST", .pattern = "/api/v1/users", .handler = auth_h_user_create,
	 .roles = USER_ADMIN, .scope = SCOPE_BODY_INSTITUTION, .summary = "新建用户",
	 .body = &user_entity, .result = &user_entity},
	{.method = "GET", .pattern = "/api/v1/users/{id}", .handler = auth_h_user_get,
	 .roles = USER_ADMIN | ROLE_AUDITOR, .scope = SCOPE_USER, .summary = "用户详情",
	 .result = &user_entity},
	{.method = "PATCH", .pattern = "/api/v1/users/{id}", .handler = auth_h_user_update,
	 .roles = USER_ADMIN, .scope = SCOPE_USER, .summary = "修改用户", .body = &user_entity,
	 .result = &user_entity},
	{.method = "PUT", .pattern = "/api/v1/users/{id}/password",
	 .handler = auth_h_user_password, .roles = USER_ADMIN, .scope = SCOPE_USER,
	 .summary = "重置用户密码", .body = &password_entity},
	{.method = "GET", .pattern = "/api/v1/tokens", .handler = auth_h_tokens_list,
	 .roles = ROLES_ALL, .summary = "本人的接口令牌", .result = &token_entity, .list = true},
	{.method = "POST", .pattern = "/api/v1/tokens", .handler = auth_h_token_create,
	 .roles = ROLES_ALL, .summary = "新建接口令牌（Bearer）", .body = &token_entity,
	 .result = &token_entity},
	{.method = "DELETE", .pattern = "/api/v1/tokens/{id}", .handler = auth_h_token_revoke,
	 .roles = ROLES_ALL, .summary = "吊销接口令牌"},

	/* audit log (read only: no route changes or deletes audit rows) */
	{.method = "GET", .pattern = "/api/v1/audit", .handler = auth_h_audit_list,
	 .roles = ROLE_ADMIN | ROLE_AUDITOR, .scope = SCOPE_LIST, .summary = "审计日志",
	 .result = &audit_entity, .list = true},
	{.method = "GET", .pattern = "/api/v1/audit/verify", .handler = auth_h_audit_verify,
	 .roles = ROLE_ADMIN | ROLE_AUDITOR, .summary = "校验审计日志哈希链"},

	/* institutions area (机构) */
	{.method = "GET", .pattern = "/api/v1/divisions", .handler = org_h_divisions_list, .cache = true,
	 .roles = ROLES_ALL, .summary = "行政区划", .result = &division_entity, .list = true},
	{.method = "GET", .pattern = "/api/v1/divisions/{code}", .handler = org_h_division_get, .cache = true,
	 .roles = ROLES_ALL, .summary = "行政区划详情", .result = &division_entity},
	{.method = "GET", .pattern = "/api/v1/profiles", .handler = org_h_profiles_list, .cache = true,
	 .roles = ROLES_ALL, .summary = "政策配置（八统一 / 五统一）"},
	{.method = "GET", .pattern = "/api/v1/profiles/{id}", .handler = org_h_profile_get, .cache = true,
	 .roles = ROLES_ALL, .summary = "政策配置详情"},
	{.method = "GET", .pattern = "/api/v1/institutions", .handler = org_h_institutions_list, .cache = true,
	 .roles = ROLES_ALL, .scope = SCOPE_LIST, .summary = "机构列表",
	 .result = &institution_entity, .list = true},
	{.method = "POST", .pattern = "/api/v1/institutions",
	 .handler = org_h_institution_create, .roles = ROLE_ADMIN | ROLE_COUNTY,
	 .scope = SCOPE_BODY_PARENT, .summary = "新建机构（卫生院 / 村卫生室）",
	 .body = &institution_entity, .result = &institution_entity},
	{.method = "GET", .pattern = "/api/v1/institutions/{id}",
	 .handler = org_h_institution_get, .cache = true, .roles = ROLES_ALL, .scope = SCOPE_INSTITUTION,
	 .summary = "机构详情", .result = &institution_entity},
	{.method = "PATCH", .pattern = "/api/v1/institutions/{id}",
	 .handler = org_h_institution_update, .roles = STAFF_WRITE, .scope = SCOPE_INSTITUTION,
	 .summary = "修改机构（许可证、负责人、状态等）", .body = &institution_entity,
	 .result = &institution_entity},
	{.method = "GET", .pattern = "/api/v1/institutions/{id}/checklist",
	 .handler = org_h_checklist_get, .cache = true, .roles = ROLES_ALL, .scope = SCOPE_INSTITUTION,
	 .summary = "一体化清单", .result = &checklist_entity, .list = true},
	{.method = "PUT", .pattern = "/api/v1/institutions/{id}/checklist/{item}",
	 .handler = org_h_checklist_tick, .roles = STAFF_WRITE, .scope = SCOPE_INSTITUTION,
	 .summary = "勾选一体化项目", .body = &checklist_entity, .result = &checklist_entity},
	{.method = "DELETE", .pattern = "/api/v1/institutions/{id}/checklist/{item}",
	 .handler = org_h_checklist_untick, .roles = STAFF_WRITE, .scope = SCOPE_INSTITUTION,
	 .summary = "取消一体化项目"},
	{.method = "GET", .pattern = "/api/v1/institutions/{id}/alerts",
	 .handler = org_h_institution_alerts, .cache = true, .roles = ROLES_ALL, .scope = SCOPE_INSTITUTION,
	 .summary = "机构预警", .result = &alert_entity, .list = true},
	{.method = "GET", .pattern = "/api/v1/tree", .handler = org_h_tree, .cache = true, .roles = ROLES_ALL,
	 .scope = SCOPE_LIST, .summary = "机构树（县 → 卫生院 → 村卫生室）"},
	{.method = "GET", .pattern = "/api/v1/coverage", .handler = org_h_coverage, .cache = true,
	 .roles = ROLES_ALL, .scope = SCOPE_LIST, .summary = "一体化覆盖率（按县、按年）",
	 .result = &coverage_entity, .list = true},
	{.method = "GET", .pattern = "/api/v1/alerts", .handler = org_h_alerts, .cache = true,
	 .roles = ROLES_ALL, .scope = SCOPE_LIST, .summary = "预警",
	 .result = &alert_entity, .list = true},
	{.method = "GET", .pattern = "/api/v1/exports/institutions.xlsx",
	 .handler = org_h_institutions_export, .roles = ROLES_ALL, .scope = SCOPE_LIST,
	 .summary = "导出机构列表（.xlsx）"},
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
