/* SPDX-License-Identifier: MIT */
/* API tests of signing in and out (/api/v1/session), the account lock, session expiry,
 * CSRF on cookie writes, and Bearer API tokens (/api/v1/tokens), against a live server
 * with the demo data. */
#include "harness.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The session cookie of C, or fail. Borrowed. */
static const char *session_cookie(const struct api_client *c)
{
	for (size_t i = 0; i < c->ncookies; i++)
		if (strcmp(c->cookie_names[i], "yth_session") == 0)
			return c->cookie_values[i];
	fail_msg("client has no yth_session cookie");
	return NULL;
}

/* The sessions row of C: the hex SHA-256 of its cookie (the value is never stored). */
static void session_id(const struct api_client *c, char out[65])
{
	const char *cookie = session_cookie(c);
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)cookie, strlen(cookie));
	sodium_bin2hex(out, 65, digest, sizeof(digest));
}

/* ISO UTC time of now + OFFSET seconds. */
static void iso_at(long long offset, char out[21])
{
	time_t t = time(NULL) + (time_t)offset;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Set column COL of C's session row to now + OFFSET seconds. */
static void age_session(struct srv *s, const struct api_client *c, const char *col,
                        long long offset)
{
	char id[65], when[21], sql[256];
	session_id(c, id);
	iso_at(offset, when);
	snprintf(sql, sizeof(sql), "UPDATE sessions SET %s = '%s' WHERE id = '%s'", col, when, id);
	assert_int_equal(srv_sql(s, sql), 1);
}

/* Add user NAME (role clinic, at the clinic demo user's institution) with PASSWORD through
 * the CLI, so that tests of locks and passwords leave the demo users alone. */
static void add_user(struct srv *s, const char *name, const char *password)
{
	char *inst = srv_sql_value(s, "SELECT institution_id FROM users WHERE username = 'clinic'");
	assert_non_null(inst);
	char line[160];
	snprintf(line, sizeof(line), "%s\n", password);
	int status = -1;
	const char *args[] = {"user", "add", name, "--role", "clinic", "--institution", inst, NULL};
	assert_int_equal(srv_cli(s, args, line, &status, NULL), 0);
	assert_int_equal(status, 0);
	free(inst);
}

static void signin_returns_the_user_and_a_csrf_token(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_client(s);
	struct api_res *res = api_signin(c, "centre", DEMO_PASSWORD);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "user.username"), "centre");
	assert_string_equal(api_jstr(res->json, "user.role"), "centre");
	assert_string_equal(api_jstr(res->json, "user.role_label"), "乡镇卫生院");
	assert_string_equal(api_jstr(res->json, "user.institution_name"), "沙塘镇中心卫生院");
	const char *csrf = api_jstr(res->json, "csrf_token");
	assert_non_null(csrf);
	assert_true(strlen(csrf) >= 32);
	assert_null(strstr(res->body, "password"));
	assert_null(strstr(res->body, "$argon2"));
	api_client_free(c);
}

static void signin_sets_an_httponly_strict_session_cookie(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_client(s);
	struct api_res *res = api_signin(c, "centre", DEMO_PASSWORD);
	assert_status(res, 200);
	const char *cookie = api_header(res, "Set-Cookie");
	assert_non_null(cookie);
	assert_true(strncmp(cookie, "yth_session=", 12) == 0);
	/* 32 random bytes in unpadded base64url are 43 characters. */
	assert_int_equal(strcspn(cookie + 12, ";"), 43);
	assert_non_null(strstr(cookie, "; Path=/"));
	assert_non_null(strstr(cookie, "; HttpOnly"));
	assert_non_null(strstr(cookie, "; SameSite=Strict"));
	assert_null(strstr(cookie, "Secure")); /* plain HTTP on loopback */
	api_client_free(c);
}

static void session_table_holds_a_hash_not_the_cookie(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "finance");
	char id[65], sql[256];
	session_id(c, id);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sessions WHERE id = '%s'", id);
	char *n = srv_sql_value(s, sql);
	assert_string_equal(n, "1");
	free(n);
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sessions WHERE id = '%s'",
	         session_cookie(c));
	n = srv_sql_value(s, sql);
	assert_string_equal(n, "0");
	free(n);
	api_client_free(c);
}

static void whoami_answers_like_signin(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	struct api_res *res = api_get(c, "/api/v1/session");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "user.username"), "county");
	assert_string_equal(api_jstr(res->json, "user.institution_name"), "柳北区卫生健康局");
	assert_string_equal(api_jstr(res->json, "csrf_token"), c->csrf);
	api_client_free(c);
}

static void whoami_without_a_session_is_401(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_client(s);
	assert_error(api_get(c, "/api/v1/session"), 401, "unauthenticated", NULL, NULL);
	api_client_free(c);
}

static void wrong_password_is_401(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_client(s);
	assert_error(api_signin(c, "pharmacy", "not-the-password"), 401, "unauthenticated", NULL,
	             NULL);
	assert_int_equal(c->ncookies, 0);
	api_client_free(c);
}

static void unknown_user_gets_the_same_answer_as_a_wrong_password(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_client(s);
	struct api_res *res = api_signin(c, "pharmacy", "not-the-password");
	assert_status(res, 401);
	char *wrong = strdup(res->body);
	res = api_signin(c, "nobody-here", "not-the-password");
	assert_status(res, 401);
	assert_string_equal(res->body, wrong);
	free(wrong);
	api_client_free(c);
}

static void five_failures_lock_the_account_even_for_the_right_password(void **state)
{
	struct srv *s = *state;
	add_user(s, "lock.me", "right-pass-1");
	struct api_client *c = api_client(s);
	for (int i = 1; i < 5; i++)
		assert_error(api_signin(c, "lock.me", "wrong-pass"), 401, "unauthenticated", NULL,
		             NULL);
	assert_error(api_signin(c, "lock.me", "wrong-pass"), 423, "locked", NULL, NULL);
	assert_error(api_signin(c, "lock.me", "right-pass-1"), 423, "locked", NULL, NULL);
	assert_int_equal(c->ncookies, 0);
	api_client_free(c);
}

static void lock_ends_after_its_time(void **state)
{
	struct srv *s = *state;
	add_user(s, "lock.ends", "right-pass-1");
	struct api_client *c = api_client(s);
	for (int i = 0; i < 5; i++)
		api_signin(c, "lock.ends", "wrong-pass");
	assert_error(api_signin(c, "lock.ends", "right-pass-1"), 423, "locked", NULL, NULL);
	char past[21], sql[160];
	iso_at(-1, past);
	snprintf(sql, sizeof(sql),
	         "UPDATE users SET locked_until = '%s' WHERE username = 'lock.ends'", past);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_status(api_signin(c, "lock.ends", "right-pass-1"), 200);
	api_client_free(c);
}

static void success_resets_the_failure_counter(void **state)
{
	struct srv *s = *state;
	add_user(s, "reset.me", "right-pass-1");
	struct api_client *c = api_client(s);
	for (int i = 0; i < 4; i++)
		assert_status(api_signin(c, "reset.me", "wrong-pass"), 401);
	assert_status(api_signin(c, "reset.me", "right-pass-1"), 200);
	for (int i = 0; i < 4; i++)
		assert_status(api_signin(c, "reset.me", "wrong-pass"), 401);
	assert_status(api_signin(c, "reset.me", "right-pass-1"), 200);
	api_client_free(c);
}

static void signout_ends_the_session_on_the_server(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "insurance");
	char cookie[128];
	snprintf(cookie, sizeof(cookie), "Cookie: yth_session=%s", session_cookie(c));
	struct api_res *res = api_delete(c, "/api/v1/session");
	assert_status(res, 204);
	const char *clear = api_header(res, "Set-Cookie");
	assert_non_null(clear);
	assert_non_null(strstr(clear, "yth_session=;"));
	assert_non_null(strstr(clear, "Max-Age=0"));
	/* The old cookie, sent again by hand, no longer works. */
	struct api_client *replay = api_client(s);
	const char *headers[] = {cookie, NULL};
	assert_status(api_request(replay, "GET", "/api/v1/session", headers, NULL, 0), 401);
	api_client_free(replay);
	api_client_free(c);
}

static void session_idle_for_29_minutes_still_works(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "auditor");
	age_session(s, c, "last_seen", -29 * 60);
	assert_status(api_get(c, "/api/v1/session"), 200);
	api_client_free(c);
}

static void session_idle_for_31_minutes_is_refused(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "auditor");
	age_session(s, c, "last_seen", -31 * 60);
	assert_error(api_get(c, "/api/v1/session"), 401, "unauthenticated", NULL, NULL);
	api_client_free(c);
}

static void session_older_than_12_hours_is_refused_though_active(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "auditor");
	age_session(s, c, "created_at", -12 * 3600 + 60);
	assert_status(api_get(c, "/api/v1/session"), 200);
	age_session(s, c, "created_at", -12 * 3600 - 60);
	age_session(s, c, "last_seen", 0);
	assert_error(api_get(c, "/api/v1/session"), 401, "unauthenticated", NULL, NULL);
	api_client_free(c);
}

static void last_seen_is_refreshed_at_most_once_a_minute(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "auditor");
	char id[65], sql[200];
	session_id(c, id);
	snprintf(sql, sizeof(sql), "SELECT last_seen FROM sessions WHERE id = '%s'", id);

	age_session(s, c, "last_seen", -30);
	char *before = srv_sql_value(s, sql);
	assert_status(api_get(c, "/api/v1/session"), 200);
	char *after = srv_sql_value(s, sql);
	assert_string_equal(before, after); /* 30 s ago: left alone */
	free(before);
	free(after);

	age_session(s, c, "last_seen", -120);
	before = srv_sql_value(s, sql);
	assert_status(api_get(c, "/api/v1/session"), 200);
	after = srv_sql_value(s, sql);
	assert_true(strcmp(after, before) > 0); /* 2 minutes ago: refreshed */
	free(before);
	free(after);
	api_client_free(c);
}

static void cookie_write_without_csrf_token_is_403(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char saved[128];
	snprintf(saved, sizeof(saved), "%s", c->csrf);
	c->csrf[0] = '\0';
	assert_error(api_post(c, "/api/v1/tokens", "{\"name\":\"no csrf\"}"), 403, "csrf", NULL,
	             NULL);
	snprintf(c->csrf, sizeof(c->csrf), "%s",
	         "0123456789abcdef0123456789abcdef0123456789abcde"
	         "f0123456789abcdef");
	assert_error(api_post(c, "/api/v1/tokens", "{\"name\":\"wrong csrf\"}"), 403, "csrf", NULL,
	             NULL);
	snprintf(c->csrf, sizeof(c->csrf), "%s", saved);
	assert_status(api_post(c, "/api/v1/tokens", "{\"name\":\"right csrf\"}"), 201);
	api_client_free(c);
}

static void signout_without_csrf_token_is_403(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	c->csrf[0] = '\0';
	assert_error(api_delete(c, "/api/v1/session"), 403, "csrf", NULL, NULL);
	assert_status(api_get(c, "/api/v1/session"), 200); /* still signed in */
	api_client_free(c);
}

/* Make a token as USERNAME; returns its malloc'd text and sets ID (37 bytes). */
static char *make_token(struct srv *s, const char *username, char id[37])
{
	struct api_client *c = api_login(s, username);
	struct api_res *res = api_post(c, "/api/v1/tokens", "{\"name\":\"集成测试\"}");
	assert_status(res, 201);
	const char *token = api_jstr(res->json, "token");
	assert_non_null(token);
	assert_string_equal(api_jstr(res->json, "name"), "集成测试");
	snprintf(id, 37, "%s", api_jstr(res->json, "id"));
	char *copy = strdup(token);
	api_client_free(c);
	return copy;
}

static void bearer_token_writes_without_csrf(void **state)
{
	struct srv *s = *state;
	char id[37];
	char *token = make_token(s, "centre", id);
	struct api_client *b = api_bearer(s, token);
	assert_int_equal(b->csrf[0], '\0');
	struct api_res *res = api_get(b, "/api/v1/session");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "user.username"), "centre");
	assert_true(json_is_null(api_jget(res->json, "csrf_token")));
	assert_status(api_post(b, "/api/v1/tokens", "{\"name\":\"made with a token\"}"), 201);
	api_client_free(b);
	free(token);
}

static void token_is_shown_once_and_stored_only_as_a_hash(void **state)
{
	struct srv *s = *state;
	char id[37], sql[300];
	char *token = make_token(s, "finance", id);
	struct api_client *c = api_login(s, "finance");
	struct api_res *res = api_get(c, "/api/v1/tokens");
	assert_status(res, 200);
	assert_true(json_array_size(api_jget(res->json, "items")) >= 1);
	assert_null(strstr(res->body, token));
	assert_null(api_jget(res->json, "items.0.token"));
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM api_tokens WHERE token_hash = '%s' OR name = '%s'"
	         " OR prefix = '%s'",
	         token, token, token);
	char *n = srv_sql_value(s, sql);
	assert_string_equal(n, "0");
	free(n);
	api_client_free(c);
	free(token);
}

static void revoked_token_is_refused(void **state)
{
	struct srv *s = *state;
	char id[37], path[128];
	char *token = make_token(s, "pharmacy", id);
	struct api_client *b = api_bearer(s, token);
	assert_status(api_get(b, "/api/v1/session"), 200);
	struct api_client *c = api_login(s, "pharmacy");
	snprintf(path, sizeof(path), "/api/v1/tokens/%s", id);
	assert_status(api_delete(c, path), 204);
	assert_error(api_get(b, "/api/v1/session"), 401, "unauthenticated", NULL, NULL);
	assert_error(api_post(b, "/api/v1/tokens", "{\"name\":\"x\"}"), 401, "unauthenticated",
	             NULL, NULL);
	api_client_free(c);
	api_client_free(b);
	free(token);
}

static void another_users_token_cannot_be_revoked(void **state)
{
	struct srv *s = *state;
	char id[37], path[128];
	char *token = make_token(s, "pharmacy", id);
	struct api_client *other = api_login(s, "finance");
	snprintf(path, sizeof(path), "/api/v1/tokens/%s", id);
	assert_error(api_delete(other, path), 404, "not_found", NULL, NULL);
	struct api_client *b = api_bearer(s, token);
	assert_status(api_get(b, "/api/v1/session"), 200);
	api_client_free(b);
	api_client_free(other);
	free(token);
}

static void unknown_bearer_token_is_401(void **state)
{
	struct srv *s = *state;
	struct api_client *b = api_bearer(s, "yth_not-a-real-token");
	assert_error(api_get(b, "/api/v1/session"), 401, "unauthenticated", NULL, NULL);
	api_client_free(b);
}

static void own_password_change_needs_the_old_password(void **state)
{
	struct srv *s = *state;
	add_user(s, "change.me", "first-pass-1");
	struct api_client *c = api_client(s);
	assert_status(api_signin(c, "change.me", "first-pass-1"), 200);
	struct api_client *other = api_client(s);
	assert_status(api_signin(other, "change.me", "first-pass-1"), 200);

	assert_error(api_put(c, "/api/v1/session/password",
	                     "{\"old_password\":\"wrong-pass\",\"password\":\"second-pass-2\"}"),
	             422, "invalid_field", "old_password", NULL);
	assert_error(api_put(c, "/api/v1/session/password", "{\"password\":\"second-pass-2\"}"),
	             422, "required", "old_password", NULL);
	assert_error(api_put(c, "/api/v1/session/password",
	                     "{\"old_password\":\"first-pass-1\",\"password\":\"short\"}"),
	             422, "invalid_field", "password", NULL);
	assert_status(api_put(c, "/api/v1/session/password",
	                      "{\"old_password\":\"first-pass-1\",\"password\":\"second-pass-2\"}"),
	              204);

	assert_status(api_get(c, "/api/v1/session"), 200);     /* this session goes on */
	assert_status(api_get(other, "/api/v1/session"), 401); /* the others end */
	struct api_client *fresh = api_client(s);
	assert_status(api_signin(fresh, "change.me", "first-pass-1"), 401);
	assert_status(api_signin(fresh, "change.me", "second-pass-2"), 200);
	api_client_free(fresh);
	api_client_free(other);
	api_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(signin_returns_the_user_and_a_csrf_token),
	    cmocka_unit_test(signin_sets_an_httponly_strict_session_cookie),
	    cmocka_unit_test(session_table_holds_a_hash_not_the_cookie),
	    cmocka_unit_test(whoami_answers_like_signin),
	    cmocka_unit_test(whoami_without_a_session_is_401),
	    cmocka_unit_test(wrong_password_is_401),
	    cmocka_unit_test(unknown_user_gets_the_same_answer_as_a_wrong_password),
	    cmocka_unit_test(five_failures_lock_the_account_even_for_the_right_password),
	    cmocka_unit_test(lock_ends_after_its_time),
	    cmocka_unit_test(success_resets_the_failure_counter),
	    cmocka_unit_test(signout_ends_the_session_on_the_server),
	    cmocka_unit_test(session_idle_for_29_minutes_still_works),
	    cmocka_unit_test(session_idle_for_31_minutes_is_refused),
	    cmocka_unit_test(session_older_than_12_hours_is_refused_though_active),
	    cmocka_unit_test(last_seen_is_refreshed_at_most_once_a_minute),
	    cmocka_unit_test(cookie_write_without_csrf_token_is_403),
	    cmocka_unit_test(signout_without_csrf_token_is_403),
	    cmocka_unit_test(bearer_token_writes_without_csrf),
	    cmocka_unit_test(token_is_shown_once_and_stored_only_as_a_hash),
	    cmocka_unit_test(revoked_token_is_refused),
	    cmocka_unit_test(another_users_token_cannot_be_revoked),
	    cmocka_unit_test(unknown_bearer_token_is_401),
	    cmocka_unit_test(own_password_change_needs_the_old_password),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
