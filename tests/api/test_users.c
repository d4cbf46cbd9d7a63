/* SPDX-License-Identifier: MIT */
/* API tests of users (/api/v1/users): creating inside and outside one's scope, validation
 * errors naming the field, who may make an administrator, updates, password resets, and
 * that no answer ever carries a password or its hash. Also `yitihua user`. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The password given to every user made here: it must never come back. */
#define NEW_PASSWORD "Xq7-new-user-pass"

struct ids {
	char inside_clinic[37];  /* the clinic user's clinic, under the centre user's centre */
	char outside_clinic[37]; /* a clinic in 横峰县 (Shangrao) */
	char county_bureau[37];  /* 柳北区卫生健康局 */
	char admin_user[37];
	char clinic_user[37];
};
static struct ids ids;

/* True if V (any JSON) has an object key NAME anywhere. */
static bool has_key(const json_t *v, const char *name)
{
	const char *key;
	json_t *child;
	size_t i;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, key, child)
		{
			if (strcmp(key, name) == 0 || has_key(child, name))
				return true;
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child)
		{
			if (has_key(child, name))
				return true;
		}
	}
	return false;
}

/* Fail if RES carries a password, a password hash, or the demo or new password's text. */
static void assert_no_secret(const struct api_res *res)
{
	assert_false(has_key(res->json, "password"));
	assert_false(has_key(res->json, "password_hash"));
	assert_null(strstr(res->body, "$argon2"));
	assert_null(strstr(res->body, NEW_PASSWORD));
	assert_null(strstr(res->body, DEMO_PASSWORD));
}

static void copy_str(char *dst, size_t n, const json_t *v, const char *path)
{
	const char *s = api_jstr(v, path);
	assert_non_null(s);
	snprintf(dst, n, "%s", s);
}

static int setup(void **state)
{
	if (srv_setup_demo(state) != 0)
		return -1;
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	struct api_client *clinic = api_login(s, "clinic");
	struct api_client *county = api_login(s, "county");
	copy_str(ids.inside_clinic, 37, clinic->user, "institution_id");
	copy_str(ids.clinic_user, 37, clinic->user, "id");
	copy_str(ids.county_bureau, 37, county->user, "institution_id");
	copy_str(ids.admin_user, 37, admin->user, "id");
	struct api_res *res =
	    api_get(admin, "/api/v1/institutions?county_code=361125&kind=clinic&limit=1");
	assert_status(res, 200);
	copy_str(ids.outside_clinic, 37, res->json, "items.0.id");
	api_client_free(county);
	api_client_free(clinic);
	api_client_free(admin);
	return 0;
}

/* POST /api/v1/users as C for NAME with ROLE at INSTITUTION. */
static struct api_res *create(struct api_client *c, const char *name, const char *role,
                              const char *institution)
{
	return api_sendf(c, "POST", "/api/v1/users",
	                 "{\"username\":\"%s\",\"display_name\":\"测试用户\",\"role\":\"%s\","
	                 "\"institution_id\":\"%s\",\"password\":\"" NEW_PASSWORD "\"}",
	                 name, role, institution);
}

static void centre_creates_a_user_in_its_clinic(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct api_res *res = create(c, "new.doctor", "clinic", ids.inside_clinic);
	assert_status(res, 201);
	assert_no_secret(res);
	assert_string_equal(api_jstr(res->json, "username"), "new.doctor");
	assert_string_equal(api_jstr(res->json, "institution_id"), ids.inside_clinic);
	assert_string_equal(api_jstr(res->json, "created_by"), "centre");
	assert_true(json_is_false(api_jget(res->json, "disabled")));
	assert_int_equal(strlen(api_jstr(res->json, "id")), 36);
	/* The new user signs in with the password given. */
	struct api_client *n = api_client(s);
	assert_status(api_signin(n, "new.doctor", NEW_PASSWORD), 200);
	assert_no_secret(n->last);
	api_client_free(n);
	api_client_free(c);
}

static void password_is_stored_hashed(void **state)
{
	struct srv *s = *state;
	char *hash =
	    srv_sql_value(s, "SELECT password_hash FROM users WHERE username = 'new.doctor'");
	assert_non_null(hash);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_null(strstr(hash, NEW_PASSWORD));
	free(hash);
}

static void centre_cannot_create_a_user_outside_its_scope(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	assert_error(create(c, "far.doctor", "clinic", ids.outside_clinic), 403, "forbidden", NULL,
	             NULL);
	api_client_free(c);
}

static void county_cannot_create_a_user_in_another_county(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	assert_error(create(c, "far.doctor", "clinic", ids.outside_clinic), 403, "forbidden", NULL,
	             NULL);
	assert_status(create(c, "near.doctor", "clinic", ids.inside_clinic), 201);
	api_client_free(c);
}

static void clinic_user_cannot_create_users(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "clinic");
	assert_error(create(c, "self.made", "clinic", ids.inside_clinic), 403, "forbidden", NULL,
	             NULL);
	api_client_free(c);
}

static void duplicate_username_is_409(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	assert_status(create(c, "twice", "clinic", ids.inside_clinic), 201);
	assert_error(create(c, "twice", "finance", ids.inside_clinic), 409, "conflict", "username",
	             NULL);
	api_client_free(c);
}

static void bad_role_is_422_naming_role(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	struct api_res *res = create(c, "bad.role", "doctor", ids.inside_clinic);
	assert_error(res, 422, "invalid_field", "role", NULL);
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "角色"));
	api_client_free(c);
}

static void unknown_field_is_400_naming_it(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	assert_error(api_sendf(c, "POST", "/api/v1/users",
	                       "{\"username\":\"extra\",\"display_name\":\"x\",\"role\":\"clinic\","
	                       "\"institution_id\":\"%s\",\"password\":\"" NEW_PASSWORD "\","
	                       "\"shoe_size\":42}",
	                       ids.inside_clinic),
	             400, "unknown_field", "shoe_size", NULL);
	api_client_free(c);
}

static void missing_field_is_422_naming_it(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	struct api_res *res =
	    api_sendf(c, "POST", "/api/v1/users",
	              "{\"username\":\"no.name\",\"role\":\"clinic\","
	              "\"institution_id\":\"%s\",\"password\":\"" NEW_PASSWORD "\"}",
	              ids.inside_clinic);
	assert_error(res, 422, "required", "display_name", NULL);
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "姓名"));
	assert_error(
	    api_sendf(c, "POST", "/api/v1/users",
	              "{\"username\":\"no.pass\",\"display_name\":\"x\",\"role\":\"clinic\","
	              "\"institution_id\":\"%s\"}",
	              ids.inside_clinic),
	    422, "required", "password", NULL);
	api_client_free(c);
}

static void bad_username_is_422_naming_it(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	assert_error(create(c, "Upper", "clinic", ids.inside_clinic), 422, "invalid_field",
	             "username", NULL);
	assert_error(create(c, "ab", "clinic", ids.inside_clinic), 422, "invalid_field", "username",
	             NULL);
	api_client_free(c);
}

static void weak_password_is_422_naming_it(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	assert_error(
	    api_sendf(c, "POST", "/api/v1/users",
	              "{\"username\":\"weak.pass\",\"display_name\":\"x\",\"role\":\"clinic\","
	              "\"institution_id\":\"%s\",\"password\":\"12345678\"}",
	              ids.inside_clinic),
	    422, "invalid_field", "password", NULL);
	api_client_free(c);
}

static void unknown_institution_is_422(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	assert_error(create(c, "nowhere", "clinic", "01900000-0000-7000-8000-000000000000"), 422,
	             "invalid_field", "institution_id", NULL);
	api_client_free(c);
}

static void county_cannot_create_an_admin(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	assert_error(create(c, "new.admin", "admin", ids.county_bureau), 403, "forbidden", NULL,
	             NULL);
	api_client_free(c);
	char *n = srv_sql_value(s, "SELECT count(*) FROM users WHERE username = 'new.admin'");
	assert_string_equal(n, "0");
	free(n);
}

static void admin_can_create_an_admin(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	assert_status(create(c, "second.admin", "admin", ids.county_bureau), 201);
	api_client_free(c);
}

static void county_cannot_promote_a_user_to_admin(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/users/%s", ids.clinic_user);
	assert_error(api_patch(c, path, "{\"role\":\"admin\"}"), 403, "forbidden", NULL, NULL);
	char *role = srv_sql_value(s, "SELECT role FROM users WHERE username = 'clinic'");
	assert_string_equal(role, "clinic");
	free(role);
	api_client_free(c);
}

static void county_cannot_touch_the_admin_user(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/users/%s", ids.admin_user);
	assert_error(api_get(c, path), 403, "forbidden", NULL, NULL);
	assert_error(api_patch(c, path, "{\"display_name\":\"x\"}"), 403, "forbidden", NULL, NULL);
	snprintf(path, sizeof(path), "/api/v1/users/%s/password", ids.admin_user);
	assert_error(api_put(c, path, "{\"password\":\"taken-over-1\"}"), 403, "forbidden", NULL,
	             NULL);
	api_client_free(c);
}

static void list_shows_only_users_in_scope(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct api_res *res = api_get(c, "/api/v1/users?limit=500");
	assert_status(res, 200);
	assert_no_secret(res);
	json_t *items = api_jget(res->json, "items");
	bool saw_clinic = false, saw_centre = false;
	size_t i;
	json_t *u;
	json_array_foreach(items, i, u)
	{
		const char *name = api_jstr(u, "username");
		assert_string_not_equal(name, "county");
		assert_string_not_equal(name, "admin");
		assert_string_not_equal(name, "auditor");
		assert_string_not_equal(name, "insurance");
		saw_clinic |= strcmp(name, "clinic") == 0;
		saw_centre |= strcmp(name, "centre") == 0;
	}
	assert_true(saw_clinic && saw_centre);
	api_client_free(c);

	c = api_login(s, "admin");
	res = api_get(c, "/api/v1/users?username=county");
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	api_client_free(c);
}

static void list_filter_on_an_undeclared_field_is_400(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	assert_error(api_get(c, "/api/v1/users?password_hash=x"), 400, "bad_request", NULL, NULL);
	api_client_free(c);
}

static void get_shows_one_user_without_secrets(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "auditor");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/users/%s", ids.clinic_user);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_no_secret(res);
	assert_string_equal(api_jstr(res->json, "username"), "clinic");
	assert_string_equal(api_jstr(res->json, "role_label"), "村医");
	api_client_free(c);
}

static void get_unknown_user_is_404(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	assert_error(api_get(c, "/api/v1/users/01900000-0000-7000-8000-000000000000"), 404,
	             "not_found", NULL, NULL);
	api_client_free(c);
}

static void patch_changes_the_display_name(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/users/%s", ids.clinic_user);
	struct api_res *res = api_patch(c, path, "{\"display_name\":\"沙塘村医\"}");
	assert_status(res, 200);
	assert_no_secret(res);
	assert_string_equal(api_jstr(res->json, "display_name"), "沙塘村医");
	assert_string_equal(api_jstr(res->json, "updated_by"), "centre");
	api_client_free(c);
}

static void patch_cannot_change_the_username_or_set_a_password(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/users/%s", ids.clinic_user);
	assert_error(api_patch(c, path, "{\"username\":\"renamed\"}"), 422, "invalid_field",
	             "username", NULL);
	assert_error(api_patch(c, path, "{\"password\":\"" NEW_PASSWORD "\"}"), 422,
	             "invalid_field", "password", NULL);
	assert_error(api_patch(c, path, "{\"id\":\"x\"}"), 400, "unknown_field", "id", NULL);
	api_client_free(c);
}

static void patch_cannot_move_a_user_out_of_scope(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/users/%s", ids.clinic_user);
	assert_error(api_sendf(c, "PATCH", path, "{\"institution_id\":\"%s\"}", ids.outside_clinic),
	             403, "forbidden", NULL, NULL);
	api_client_free(c);
}

static void disabled_user_loses_sessions_and_cannot_sign_in(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	struct api_res *res = create(admin, "to.disable", "finance", ids.inside_clinic);
	assert_status(res, 201);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/users/%s", api_jstr(res->json, "id"));
	struct api_client *u = api_client(s);
	assert_status(api_signin(u, "to.disable", NEW_PASSWORD), 200);
	assert_status(api_patch(admin, path, "{\"disabled\":true}"), 200);
	assert_status(api_get(u, "/api/v1/session"), 401);
	assert_error(api_signin(u, "to.disable", NEW_PASSWORD), 401, "unauthenticated", NULL, NULL);
	assert_status(api_patch(admin, path, "{\"disabled\":false}"), 200);
	assert_status(api_signin(u, "to.disable", NEW_PASSWORD), 200);
	api_client_free(u);
	api_client_free(admin);
}

static void password_reset_sets_a_new_password(void **state)
{
	struct srv *s = *state;
	struct api_client *centre = api_login(s, "centre");
	struct api_res *res = create(centre, "forgetful", "pharmacy", ids.inside_clinic);
	assert_status(res, 201);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/users/%s/password", api_jstr(res->json, "id"));
	assert_error(api_put(centre, path, "{\"password\":\"short\"}"), 422, "invalid_field",
	             "password", NULL);
	res = api_put(centre, path, "{\"password\":\"reset-pass-9\"}");
	assert_status(res, 204);
	struct api_client *u = api_client(s);
	assert_status(api_signin(u, "forgetful", NEW_PASSWORD), 401);
	assert_status(api_signin(u, "forgetful", "reset-pass-9"), 200);
	api_client_free(u);
	api_client_free(centre);
}

static void cli_adds_and_lists_users(void **state)
{
	struct srv *s = *state;
	int status = -1;
	char *out = NULL;
	const char *add[] = {"user",
	                     "add",
	                     "cli.user",
	                     "--role",
	                     "finance",
	                     "--institution",
	                     ids.inside_clinic,
	                     "--display-name",
	                     "命令行用户",
	                     NULL};
	assert_int_equal(srv_cli(s, add, NEW_PASSWORD "\n", &status, NULL), 0);
	assert_int_equal(status, 0);
	const char *list[] = {"user", "list", NULL};
	assert_int_equal(srv_cli(s, list, NULL, &status, &out), 0);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "cli.user"));
	assert_non_null(strstr(out, "命令行用户"));
	assert_null(strstr(out, "$argon2"));
	free(out);
	struct api_client *u = api_client(s);
	assert_status(api_signin(u, "cli.user", NEW_PASSWORD), 200);
	api_client_free(u);
	char *by = srv_sql_value(s, "SELECT created_by FROM users WHERE username = 'cli.user'");
	assert_string_equal(by, "cli");
	free(by);
}

static void cli_refuses_a_bad_role_and_a_duplicate(void **state)
{
	struct srv *s = *state;
	int status = -1;
	char *err = NULL;
	const char *bad[] = {"user",  "add",           "cli.bad",         "--role",
	                     "chief", "--institution", ids.inside_clinic, NULL};
	assert_int_equal(srv_cli_err(s, bad, NEW_PASSWORD "\n", &status, NULL, &err), 0);
	assert_int_equal(status, 1);
	assert_non_null(strstr(err, "角色"));
	free(err);
	const char *dup[] = {"user",   "add",           "clinic",          "--role",
	                     "clinic", "--institution", ids.inside_clinic, NULL};
	assert_int_equal(srv_cli_err(s, dup, NEW_PASSWORD "\n", &status, NULL, &err), 0);
	assert_int_equal(status, 1);
	assert_non_null(strstr(err, "用户名已存在"));
	free(err);
}

static void cli_passwd_changes_the_password(void **state)
{
	struct srv *s = *state;
	int status = -1;
	const char *args[] = {"user", "passwd", "cli.user", NULL};
	assert_int_equal(srv_cli(s, args, "cli-pass-2\n", &status, NULL), 0);
	assert_int_equal(status, 0);
	struct api_client *u = api_client(s);
	assert_status(api_signin(u, "cli.user", "cli-pass-2"), 200);
	api_client_free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(centre_creates_a_user_in_its_clinic),
	    cmocka_unit_test(password_is_stored_hashed),
	    cmocka_unit_test(centre_cannot_create_a_user_outside_its_scope),
	    cmocka_unit_test(county_cannot_create_a_user_in_another_county),
	    cmocka_unit_test(clinic_user_cannot_create_users),
	    cmocka_unit_test(duplicate_username_is_409),
	    cmocka_unit_test(bad_role_is_422_naming_role),
	    cmocka_unit_test(unknown_field_is_400_naming_it),
	    cmocka_unit_test(missing_field_is_422_naming_it),
	    cmocka_unit_test(bad_username_is_422_naming_it),
	    cmocka_unit_test(weak_password_is_422_naming_it),
	    cmocka_unit_test(unknown_institution_is_422),
	    cmocka_unit_test(county_cannot_create_an_admin),
	    cmocka_unit_test(admin_can_create_an_admin),
	    cmocka_unit_test(county_cannot_promote_a_user_to_admin),
	    cmocka_unit_test(county_cannot_touch_the_admin_user),
	    cmocka_unit_test(list_shows_only_users_in_scope),
	    cmocka_unit_test(list_filter_on_an_undeclared_field_is_400),
	    cmocka_unit_test(get_shows_one_user_without_secrets),
	    cmocka_unit_test(get_unknown_user_is_404),
	    cmocka_unit_test(patch_changes_the_display_name),
	    cmocka_unit_test(patch_cannot_change_the_username_or_set_a_password),
	    cmocka_unit_test(patch_cannot_move_a_user_out_of_scope),
	    cmocka_unit_test(disabled_user_loses_sessions_and_cannot_sign_in),
	    cmocka_unit_test(password_reset_sets_a_new_password),
	    cmocka_unit_test(cli_adds_and_lists_users),
	    cmocka_unit_test(cli_refuses_a_bad_role_and_a_duplicate),
	    cmocka_unit_test(cli_passwd_changes_the_password),
	};
	return cmocka_run_group_tests(tests, setup, srv_teardown);
}
