/* SPDX-License-Identifier: MIT */
/* API tests of the audit log (/api/v1/audit): writes, sign-in decisions and denials are
 * recorded; who may read which rows; and the hash chain catches a changed, a removed and
 * an inserted row, both through `yitihua audit verify` and GET /api/v1/audit/verify. */
#include "harness.h"

#include "auth/auth.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An admin's API token, made at setup: reading with it appends nothing to the log, so a
 * tampered log can be examined without new rows landing on it. */
static char admin_token[128];

static int setup(void **state)
{
	if (srv_setup_demo(state) != 0)
		return -1;
	struct api_client *admin = api_login(*state, "admin");
	struct api_res *res = api_post(admin, "/api/v1/tokens", "{\"name\":\"audit tests\"}");
	assert_status(res, 201);
	snprintf(admin_token, sizeof(admin_token), "%s", api_jstr(res->json, "token"));
	api_client_free(admin);
	return 0;
}

/* GET PATH as C and return the items array (borrowed from C's last response). */
static json_t *items_of(struct api_client *c, const char *path)
{
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	json_t *items = api_jget(res->json, "items");
	assert_true(json_is_array(items));
	return items;
}

/* The highest seq in the log. */
static long long max_seq(struct srv *s)
{
	char *v = srv_sql_value(s, "SELECT max(seq) FROM audit_log");
	assert_non_null(v);
	long long n = atoll(v);
	free(v);
	return n;
}

static void a_write_adds_a_row_with_before_and_after(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	struct api_client *clinic = api_login(s, "clinic");
	const char *id = api_jstr(clinic->user, "id");
	const char *old_name = api_jstr(clinic->user, "display_name");
	char path[200];
	snprintf(path, sizeof(path), "/api/v1/users/%s", id);
	assert_status(api_patch(admin, path, "{\"display_name\":\"审计测试\"}"), 200);

	snprintf(path, sizeof(path), "/api/v1/audit?action=update&entity=user&entity_id=%s", id);
	json_t *items = items_of(admin, path);
	assert_int_equal(json_array_size(items), 1);
	json_t *row = json_array_get(items, 0);
	assert_string_equal(api_jstr(row, "username"), "admin");
	assert_string_equal(api_jstr(row, "role"), "admin");
	assert_string_equal(api_jstr(row, "actor_path"), "/");
	assert_string_equal(api_jstr(row, "remote"), "127.0.0.1");
	assert_string_equal(api_jstr(row, "before_value.display_name"), old_name);
	assert_string_equal(api_jstr(row, "after_value.display_name"), "审计测试");
	assert_int_equal(strlen(api_jstr(row, "hash")), 64);
	assert_int_equal(strlen(api_jstr(row, "created_at")), 20);
	api_client_free(clinic);
	api_client_free(admin);
}

static void a_create_is_recorded_without_the_password(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	const char *inst = api_jstr(admin->user, "institution_id");
	struct api_res *res = api_sendf(admin, "POST", "/api/v1/users",
	                                "{\"username\":\"audited\",\"display_name\":\"x\","
	                                "\"role\":\"auditor\",\"institution_id\":\"%s\","
	                                "\"password\":\"Audit-pass-77\"}",
	                                inst);
	assert_status(res, 201);
	char path[200];
	snprintf(path, sizeof(path), "/api/v1/audit?action=create&entity=user&entity_id=%s",
	         api_jstr(res->json, "id"));
	json_t *items = items_of(admin, path);
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(api_jstr(json_array_get(items, 0), "after_value.username"), "audited");
	assert_null(strstr(admin->last->body, "Audit-pass-77"));
	assert_null(strstr(admin->last->body, "argon2"));
	api_client_free(admin);
}

static void successful_and_failed_signins_are_recorded(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_client(s);
	assert_status(api_signin(c, "insurance", "wrong-password"), 401);
	assert_status(api_signin(c, "nobody.at.all", "wrong-password"), 401);
	api_client_free(c);
	struct api_client *admin = api_login(s, "admin");
	json_t *items = items_of(admin, "/api/v1/audit?action=signin_failed&username=insurance");
	assert_true(json_array_size(items) >= 1);
	assert_string_equal(api_jstr(json_array_get(items, 0), "after_value.reason"),
	                    "bad_password");
	items = items_of(admin, "/api/v1/audit?action=signin_failed&username=nobody.at.all");
	assert_int_equal(json_array_size(items), 1);
	items = items_of(admin, "/api/v1/audit?action=signin&username=admin");
	assert_true(json_array_size(items) >= 1);
	api_client_free(admin);
}

static void a_lock_is_recorded(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	const char *inst = api_jstr(admin->user, "institution_id");
	assert_status(
	    api_sendf(admin, "POST", "/api/v1/users",
	              "{\"username\":\"to.lock\",\"display_name\":\"x\",\"role\":\"county\","
	              "\"institution_id\":\"%s\",\"password\":\"Lock-pass-77\"}",
	              inst),
	    201);
	struct api_client *c = api_client(s);
	for (int i = 0; i < 6; i++)
		api_signin(c, "to.lock", "wrong-password");
	api_client_free(c);
	json_t *items = items_of(admin, "/api/v1/audit?action=signin_locked&username=to.lock");
	assert_int_equal(json_array_size(items), 2); /* the lock, and the attempt while locked */
	api_client_free(admin);
}

static void a_denial_is_recorded(void **state)
{
	struct srv *s = *state;
	struct api_client *clinic = api_login(s, "clinic");
	assert_status(api_get(clinic, "/api/v1/users"), 403);
	api_client_free(clinic);
	struct api_client *anon = api_client(s);
	assert_status(api_get(anon, "/api/v1/audit"), 401);
	api_client_free(anon);

	struct api_client *admin = api_login(s, "admin");
	json_t *items = items_of(admin, "/api/v1/audit?action=deny&username=clinic");
	assert_true(json_array_size(items) >= 1);
	json_t *row = json_array_get(items, 0);
	assert_string_equal(api_jstr(row, "entity"), "/api/v1/users");
	assert_string_equal(api_jstr(row, "after_value.code"), "forbidden");
	assert_string_equal(api_jstr(row, "role"), "clinic");

	items = items_of(admin, "/api/v1/audit?action=deny&entity=/api/v1/audit");
	bool saw_anonymous = false;
	size_t i;
	json_t *r;
	json_array_foreach(items, i, r)
	{
		if (json_is_null(api_jget(r, "username")) &&
		    strcmp(api_jstr(r, "after_value.code"), "unauthenticated") == 0)
			saw_anonymous = true;
	}
	assert_true(saw_anonymous);
	api_client_free(admin);
}

static void auditor_sees_only_rows_of_actors_in_scope(void **state)
{
	struct srv *s = *state;
	struct api_client *centre = api_login(s, "centre");
	api_client_free(centre);
	struct api_client *auditor = api_login(s, "auditor");
	json_t *items = items_of(auditor, "/api/v1/audit?username=centre&action=signin");
	assert_true(json_array_size(items) >= 1);
	items = items_of(auditor, "/api/v1/audit?username=admin");
	assert_int_equal(json_array_size(items), 0); /* an admin acts with scope "/" */
	items = items_of(auditor, "/api/v1/audit?limit=500");
	size_t i;
	json_t *r;
	json_array_foreach(items, i, r)
	{
		const char *path = api_jstr(r, "actor_path");
		assert_non_null(path);
		assert_string_not_equal(path, "/");
	}
	api_client_free(auditor);
}

static void only_admin_and_auditor_read_the_log(void **state)
{
	struct srv *s = *state;
	const char *denied[] = {"county", "centre", "clinic", "finance", "pharmacy", "insurance"};
	for (size_t i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		struct api_client *c = api_login(s, denied[i]);
		assert_error(api_get(c, "/api/v1/audit"), 403, "forbidden", NULL, NULL);
		assert_error(api_get(c, "/api/v1/audit/verify"), 403, "forbidden", NULL, NULL);
		api_client_free(c);
	}
}

static void no_route_changes_or_deletes_audit_rows(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	const char *methods[] = {"POST", "PUT", "PATCH", "DELETE"};
	for (size_t i = 0; i < 4; i++) {
		struct api_res *res =
		    api_request(admin, methods[i], "/api/v1/audit", NULL, "{}", 2);
		assert_true(res->status == 404 || res->status == 405);
	}
	api_client_free(admin);
}

static void log_is_paged(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	struct api_res *res = api_get(admin, "/api/v1/audit?limit=2");
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 2);
	assert_int_equal(api_jint(res->json, "next_offset"), 2);
	/* Newest first. */
	assert_true(api_jint(res->json, "items.0.seq") > api_jint(res->json, "items.1.seq"));
	api_client_free(admin);
}

/* `yitihua audit verify`: exit status, stdout and stderr. */
static int cli_verify(struct srv *s, char **out, char **err)
{
	int status = -1;
	const char *args[] = {"audit", "verify", NULL};
	assert_int_equal(srv_cli_err(s, args, NULL, &status, out, err), 0);
	return status;
}

/* Both ways of checking agree that the chain is intact. */
static void assert_chain_intact(struct srv *s)
{
	char *out = NULL, *err = NULL;
	assert_int_equal(cli_verify(s, &out, &err), 0);
	assert_non_null(strstr(out, "audit chain intact"));
	assert_non_null(strstr(out, "审计链完好"));
	free(out);
	free(err);
	struct api_client *auditor = api_login(s, "auditor");
	struct api_res *res = api_get(auditor, "/api/v1/audit/verify");
	assert_status(res, 200);
	assert_true(json_is_true(api_jget(res->json, "ok")));
	assert_true(api_jint(res->json, "rows") > 0);
	api_client_free(auditor);
}

/* Both ways of checking find the chain broken at BAD_SEQ. */
static void assert_chain_broken_at(struct srv *s, long long bad_seq)
{
	char *out = NULL, *err = NULL, row[64];
	assert_int_equal(cli_verify(s, &out, &err), 1);
	snprintf(row, sizeof(row), "row %lld", bad_seq);
	assert_non_null(strstr(err, row));
	snprintf(row, sizeof(row), "第 %lld 条", bad_seq);
	assert_non_null(strstr(err, row));
	free(out);
	free(err);
	struct api_client *admin = api_bearer(s, admin_token);
	struct api_res *res = api_get(admin, "/api/v1/audit/verify");
	assert_status(res, 200);
	assert_true(json_is_false(api_jget(res->json, "ok")));
	assert_int_equal(api_jint(res->json, "bad_seq"), bad_seq);
	assert_non_null(api_jstr(res->json, "reason"));
	api_client_free(admin);
}

/* Writers running at once: each append takes the head in its own transaction, so the
 * chain has no gap, no fork and no lost row. */
#define WRITERS     8
#define WRITES_EACH 6

struct writer {
	struct srv *srv;
	int created; /* how many of its writes got 201 */
};

static void *write_tokens(void *arg)
{
	struct writer *w = arg;
	struct api_client *c = api_bearer(w->srv, admin_token);
	for (int i = 0; i < WRITES_EACH; i++) {
		struct api_res *res = api_post(c, "/api/v1/tokens", "{\"name\":\"concurrent\"}");
		if (res && res->status == 201)
			w->created++;
	}
	api_client_free(c);
	return NULL;
}

static void concurrent_writes_keep_the_chain_whole(void **state)
{
	struct srv *s = *state;
	long long before = max_seq(s);
	pthread_t threads[WRITERS];
	struct writer writers[WRITERS];
	for (int i = 0; i < WRITERS; i++) {
		writers[i] = (struct writer){.srv = s};
		assert_int_equal(pthread_create(&threads[i], NULL, write_tokens, &writers[i]), 0);
	}
	int created = 0;
	for (int i = 0; i < WRITERS; i++) {
		pthread_join(threads[i], NULL);
		created += writers[i].created;
	}
	assert_int_equal(created, WRITERS * WRITES_EACH);
	char sql[160];
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM audit_log WHERE seq > %lld AND entity = 'token'"
	         " AND action = 'create'",
	         before);
	char *n = srv_sql_value(s, sql);
	assert_int_equal(atoi(n), WRITERS * WRITES_EACH);
	free(n);
	assert_int_equal(max_seq(s), before + WRITERS * WRITES_EACH);
	assert_chain_intact(s);
}

static void chain_is_intact_after_normal_use(void **state)
{
	assert_chain_intact(*state);
}

static void a_changed_middle_row_is_caught(void **state)
{
	struct srv *s = *state;
	long long mid = max_seq(s) / 2;
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT action FROM audit_log WHERE seq = %lld", mid);
	char *action = srv_sql_value(s, sql);
	assert_non_null(action);
	snprintf(sql, sizeof(sql), "UPDATE audit_log SET action = 'tampered' WHERE seq = %lld",
	         mid);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_chain_broken_at(s, mid);
	snprintf(sql, sizeof(sql), "UPDATE audit_log SET action = '%s' WHERE seq = %lld", action,
	         mid);
	assert_int_equal(srv_sql(s, sql), 1);
	free(action);
	assert_chain_intact(s);
}

static void a_removed_middle_row_is_caught(void **state)
{
	struct srv *s = *state;
	long long mid = max_seq(s) / 2 + 1;
	char sql[200];
	snprintf(sql, sizeof(sql),
	         "CREATE TABLE audit_saved AS SELECT * FROM audit_log WHERE seq = %lld", mid);
	assert_true(srv_sql(s, sql) >= 0);
	snprintf(sql, sizeof(sql), "DELETE FROM audit_log WHERE seq = %lld", mid);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_chain_broken_at(s, mid);
	assert_int_equal(srv_sql(s, "INSERT INTO audit_log SELECT * FROM audit_saved"), 1);
	assert_true(srv_sql(s, "DROP TABLE audit_saved") >= 0);
	assert_chain_intact(s);
}

static void a_renumbered_gap_is_caught(void **state)
{
	struct srv *s = *state;
	/* Remove a row and close the gap by renumbering: the next row's prev_hash no longer
	 * matches. */
	long long mid = max_seq(s) / 2;
	char sql[200];
	assert_true(srv_sql(s, "CREATE TABLE audit_saved AS SELECT * FROM audit_log") >= 0);
	snprintf(sql, sizeof(sql), "DELETE FROM audit_log WHERE seq = %lld", mid);
	assert_int_equal(srv_sql(s, sql), 1);
	snprintf(sql, sizeof(sql), "UPDATE audit_log SET seq = seq - 1 WHERE seq = %lld", mid + 1);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_chain_broken_at(s, mid);
	assert_true(srv_sql(s, "DELETE FROM audit_log") > 0);
	assert_true(srv_sql(s, "INSERT INTO audit_log SELECT * FROM audit_saved") > 0);
	assert_true(srv_sql(s, "DROP TABLE audit_saved") >= 0);
	assert_chain_intact(s);
}

static void an_inserted_row_is_caught(void **state)
{
	struct srv *s = *state;
	long long next = max_seq(s) + 1;
	char sql[600];
	snprintf(
	    sql, sizeof(sql),
	    "INSERT INTO audit_log (id, seq, username, action, prev_hash, hash, created_at,"
	    " updated_at, created_by, updated_by) SELECT '01900000-0000-7000-8000-00000000f00d',"
	    " %lld, 'ghost', 'create', hash, hash, created_at, created_at, 'ghost', 'ghost'"
	    " FROM audit_log WHERE seq = %lld",
	    next, next - 1);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_chain_broken_at(s, next);
	assert_int_equal(srv_sql(s, "DELETE FROM audit_log WHERE username = 'ghost'"), 1);
	assert_chain_intact(s);
}

/* A forger who knows the hash function and computes a valid row still leaves the head
 * behind: the row after the head is reported. */
static void an_inserted_row_with_a_valid_hash_is_caught_by_the_head(void **state)
{
	struct srv *s = *state;
	long long next = max_seq(s) + 1;
	char sql[800], hash[65];
	snprintf(sql, sizeof(sql), "SELECT hash FROM audit_log WHERE seq = %lld", next - 1);
	char *prev = srv_sql_value(s, sql);
	assert_non_null(prev);
	struct audit_row row = {.seq = next,
	                        .id = "01900000-0000-7000-8000-00000000beef",
	                        .created_at = "2030-01-01T00:00:00Z",
	                        .username = "ghost",
	                        .action = "create",
	                        .prev_hash = prev};
	assert_int_equal(audit_row_hash(&row, hash), 0);
	snprintf(sql, sizeof(sql),
	         "INSERT INTO audit_log (id, seq, username, action, prev_hash, hash, created_at,"
	         " updated_at, created_by, updated_by) VALUES ('%s', %lld, 'ghost', 'create', '%s',"
	         " '%s', '%s', '%s', 'ghost', 'ghost')",
	         row.id, next, prev, hash, row.created_at, row.created_at);
	assert_int_equal(srv_sql(s, sql), 1);
	assert_chain_broken_at(s, next);
	assert_int_equal(srv_sql(s, "DELETE FROM audit_log WHERE username = 'ghost'"), 1);
	free(prev);
	assert_chain_intact(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_write_adds_a_row_with_before_and_after),
	    cmocka_unit_test(a_create_is_recorded_without_the_password),
	    cmocka_unit_test(successful_and_failed_signins_are_recorded),
	    cmocka_unit_test(a_lock_is_recorded),
	    cmocka_unit_test(a_denial_is_recorded),
	    cmocka_unit_test(auditor_sees_only_rows_of_actors_in_scope),
	    cmocka_unit_test(only_admin_and_auditor_read_the_log),
	    cmocka_unit_test(no_route_changes_or_deletes_audit_rows),
	    cmocka_unit_test(log_is_paged),
	    cmocka_unit_test(chain_is_intact_after_normal_use),
	    cmocka_unit_test(concurrent_writes_keep_the_chain_whole),
	    cmocka_unit_test(a_changed_middle_row_is_caught),
	    cmocka_unit_test(a_removed_middle_row_is_caught),
	    cmocka_unit_test(a_renumbered_gap_is_caught),
	    cmocka_unit_test(an_inserted_row_is_caught),
	    cmocka_unit_test(an_inserted_row_with_a_valid_hash_is_caught_by_the_head),
	};
	return cmocka_run_group_tests(tests, setup, srv_teardown);
}
