/* SPDX-License-Identifier: MIT */
/* TEMPORARY: weak placeholders so that the tree links while the foundation is built in
 * parallel. Every real definition overrides these. This file is deleted before the
 * foundation lands; a missing definition is then a link error. */
#include <stdlib.h>
#include <stddef.h>
__attribute__((weak)) void err_http_status(void) { abort(); }
__attribute__((weak)) void err_code_name(void) { abort(); }
__attribute__((weak)) void err_set(void) { abort(); }
__attribute__((weak)) void err_vset(void) { abort(); }
__attribute__((weak)) void ent_field(void) { abort(); }
__attribute__((weak)) void ent_validate(void) { abort(); }
__attribute__((weak)) void ent_value_from_text(void) { abort(); }
__attribute__((weak)) void ent_value_to_text(void) { abort(); }
__attribute__((weak)) void ent_list_parse(void) { abort(); }
__attribute__((weak)) void ent_list_clear(void) { abort(); }
__attribute__((weak)) void ent_strip_secret(void) { abort(); }
__attribute__((weak)) void ent_is_date(void) { abort(); }
__attribute__((weak)) void db_open(void) { abort(); }
__attribute__((weak)) void db_close(void) { abort(); }
__attribute__((weak)) void db_kind(void) { abort(); }
__attribute__((weak)) void db_exec(void) { abort(); }
__attribute__((weak)) void db_exec_script(void) { abort(); }
__attribute__((weak)) void db_res_rows(void) { abort(); }
__attribute__((weak)) void db_res_cols(void) { abort(); }
__attribute__((weak)) void db_res_colname(void) { abort(); }
__attribute__((weak)) void db_res_text(void) { abort(); }
__attribute__((weak)) void db_res_int(void) { abort(); }
__attribute__((weak)) void db_res_null(void) { abort(); }
__attribute__((weak)) void db_res_free(void) { abort(); }
__attribute__((weak)) void db_run_transaction(void) { abort(); }
__attribute__((weak)) void db_in_transaction(void) { abort(); }
__attribute__((weak)) void db_migrate(void) { abort(); }
__attribute__((weak)) void db_schema_version(void) { abort(); }
__attribute__((weak)) void db_backup(void) { abort(); }
__attribute__((weak)) void db_error_count(void) { abort(); }
__attribute__((weak)) void db_new_id(void) { abort(); }
__attribute__((weak)) void db_now(void) { abort(); }
__attribute__((weak)) void http_start(void) { abort(); }
__attribute__((weak)) void http_port(void) { abort(); }
__attribute__((weak)) void http_stop(void) { abort(); }
__attribute__((weak)) void req_param(void) { abort(); }
__attribute__((weak)) void req_query(void) { abort(); }
__attribute__((weak)) void req_header(void) { abort(); }
__attribute__((weak)) void req_cookie(void) { abort(); }
__attribute__((weak)) void req_query_all(void) { abort(); }
__attribute__((weak)) void req_is_tls(void) { abort(); }
__attribute__((weak)) void req_add_header(void) { abort(); }
__attribute__((weak)) void reply_json(void) { abort(); }
__attribute__((weak)) void reply_error(void) { abort(); }
__attribute__((weak)) void reply_err(void) { abort(); }
__attribute__((weak)) void reply_bytes(void) { abort(); }
__attribute__((weak)) void reply_no_content(void) { abort(); }
__attribute__((weak)) void metrics_observe(void) { abort(); }
__attribute__((weak)) void metrics_render(void) { abort(); }
__attribute__((weak)) void openapi_document(void) { abort(); }
__attribute__((weak)) void openapi_entity_schema(void) { abort(); }
__attribute__((weak)) void role_name(void) { abort(); }
__attribute__((weak)) void role_label(void) { abort(); }
__attribute__((weak)) void role_parse(void) { abort(); }
__attribute__((weak)) void auth_authenticate(void) { abort(); }
__attribute__((weak)) void auth_authorize(void) { abort(); }
__attribute__((weak)) void auth_path_in_scope(void) { abort(); }
__attribute__((weak)) void auth_password_hash(void) { abort(); }
__attribute__((weak)) void auth_password_verify(void) { abort(); }
__attribute__((weak)) void auth_password_check(void) { abort(); }
__attribute__((weak)) void auth_user_create(void) { abort(); }
__attribute__((weak)) void auth_user_set_password(void) { abort(); }
__attribute__((weak)) void audit_append(void) { abort(); }
__attribute__((weak)) void audit_verify(void) { abort(); }
__attribute__((weak)) void org_institution_path(void) { abort(); }
__attribute__((weak)) void http_h_healthz(void) { abort(); }
__attribute__((weak)) void http_h_metrics(void) { abort(); }
__attribute__((weak)) void http_h_openapi(void) { abort(); }
__attribute__((weak)) void auth_h_signin(void) { abort(); }
__attribute__((weak)) void auth_h_whoami(void) { abort(); }
__attribute__((weak)) void auth_h_signout(void) { abort(); }
__attribute__((weak)) void auth_h_own_password(void) { abort(); }
__attribute__((weak)) void auth_h_users_list(void) { abort(); }
__attribute__((weak)) void auth_h_user_create(void) { abort(); }
__attribute__((weak)) void auth_h_user_get(void) { abort(); }
__attribute__((weak)) void auth_h_user_update(void) { abort(); }
__attribute__((weak)) void auth_h_user_password(void) { abort(); }
__attribute__((weak)) void auth_h_tokens_list(void) { abort(); }
__attribute__((weak)) void auth_h_token_create(void) { abort(); }
__attribute__((weak)) void auth_h_token_revoke(void) { abort(); }
__attribute__((weak)) void auth_h_audit_list(void) { abort(); }
__attribute__((weak)) void auth_h_audit_verify(void) { abort(); }
__attribute__((weak)) void org_h_divisions_list(void) { abort(); }
__attribute__((weak)) void org_h_division_get(void) { abort(); }
__attribute__((weak)) void org_h_profiles_list(void) { abort(); }
__attribute__((weak)) void org_h_profile_get(void) { abort(); }
__attribute__((weak)) void org_h_institutions_list(void) { abort(); }
__attribute__((weak)) void org_h_institution_create(void) { abort(); }
__attribute__((weak)) void org_h_institution_get(void) { abort(); }
__attribute__((weak)) void org_h_institution_update(void) { abort(); }
__attribute__((weak)) void org_h_institutions_export(void) { abort(); }
__attribute__((weak)) void org_h_tree(void) { abort(); }
__attribute__((weak)) void org_h_checklist_get(void) { abort(); }
__attribute__((weak)) void org_h_checklist_tick(void) { abort(); }
__attribute__((weak)) void org_h_checklist_untick(void) { abort(); }
__attribute__((weak)) void org_h_institution_alerts(void) { abort(); }
__attribute__((weak)) void org_h_coverage(void) { abort(); }
__attribute__((weak)) void org_h_alerts(void) { abort(); }
__attribute__((weak)) void http_serve(void) { abort(); }
__attribute__((weak)) const char role_enums[512];
__attribute__((weak)) const char user_entity[512];
__attribute__((weak)) const char signin_entity[512];
__attribute__((weak)) const char password_entity[512];
__attribute__((weak)) const char token_entity[512];
__attribute__((weak)) const char audit_entity[512];
__attribute__((weak)) const char division_entity[512];
__attribute__((weak)) const char institution_entity[512];
__attribute__((weak)) const char checklist_entity[512];
__attribute__((weak)) const char alert_entity[512];
__attribute__((weak)) const char coverage_entity[512];
__attribute__((weak)) void cmd_import(void) { abort(); }
__attribute__((weak)) void cmd_plan(void) { abort(); }
__attribute__((weak)) void cmd_user(void) { abort(); }
__attribute__((weak)) void cmd_check(void) { abort(); }
__attribute__((weak)) void cmd_audit(void) { abort(); }
__attribute__((weak)) void cmd_backup(void) { abort(); }
__attribute__((weak)) void cmd_demo(void) { abort(); }
