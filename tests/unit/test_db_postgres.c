/* SPDX-License-Identifier: MIT */
/* The storage engine on PostgreSQL: the shared cases (test_db_cases.h) in a database
 * created for this run through the server's "postgres" database (YTH_PG_BASE, as printed
 * by tests/pg-server.sh) and dropped at the end, plus what only PostgreSQL has: a real
 * serialisation conflict, lock-not-available, a lost connection, plan invalidation.
 * Without YTH_PG_BASE every test is skipped and the program passes. */
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "test_db_cases.h"

static char url[512];
static char admin_url[512];
static char dbname[64];

static int create_database(void **state)
{
	(void)state;
	const char *base = getenv("YTH_PG_BASE");
	snprintf(dbname, sizeof dbname, "yth_unit_db_%ld", (long)getpid());
	snprintf(admin_url, sizeof admin_url, "%s/postgres", base);
	snprintf(url, sizeof url, "%s/%s", base, dbname);
	struct db *admin;
	if (db_open(admin_url, &admin) != 0)
		return -1;
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", dbname);
	int rc = db_exec_script(admin, sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE %s", dbname);
	if (rc == 0)
		rc = db_exec_script(admin, sql);
	db_close(admin);
	return rc;
}

static int drop_database(void **state)
{
	(void)state;
	struct db *admin;
	if (db_open(admin_url, &admin) != 0)
		return -1;
	char sql[128];
	snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", dbname);
	int rc = db_exec_script(admin, sql);
	db_close(admin);
	return rc;
}

/* An empty public schema for each test. */
static int fresh(void **state)
{
	struct db *db;
	if (db_open(url, &db) != 0)
		return -1;
	if (db_exec_script(db, "DROP SCHEMA public CASCADE; CREATE SCHEMA public") != 0) {
		db_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int done(void **state)
{
	db_close(*state);
	return 0;
}

static struct db *another(void)
{
	struct db *db;
	assert_int_equal(db_open(url, &db), 0);
	return db;
}

static void test_kind_and_backup_refusal(void **state)
{
	struct db *db = *state;
	assert_int_equal(db_kind(db), DB_POSTGRES);
	char path[64];
	snprintf(path, sizeof path, "/tmp/yth-unit-pg-%ld.db", (long)getpid());
	assert_int_equal(db_backup(db, path), -1);
	assert_int_not_equal(access(path, F_OK), 0);
}

/* The body of a SERIALIZABLE transaction whose row connection A changes under it on the
 * first attempt: the update fails with 40001 and the retry loop runs it again. */
struct conflict {
	struct db *a;
	int calls;
};

static int serializable_body(struct db *db, void *cls)
{
	struct conflict *c = cls;
	c->calls++;
	/* Test-only: the project runs READ COMMITTED; this provokes a 40001. */
	int rc = db_exec(db, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", NULL, 0, NULL);
	if (rc < 0)
		return rc;
	rc = db_exec(db, "SELECT i FROM t WHERE k = $1", DB_PARAMS(DB_TEXT("row")), NULL);
	if (rc < 0)
		return rc;
	if (c->calls == 1)
		assert_int_equal(db_exec(c->a, "UPDATE t SET i = i + 1 WHERE k = $1",
		                         DB_PARAMS(DB_TEXT("row")), NULL),
		                 1);
	rc = db_exec(db, "UPDATE t SET i = i + 10 WHERE k = $1", DB_PARAMS(DB_TEXT("row")), NULL);
	return rc < 0 ? rc : 5;
}

static void test_serialisation_failure_is_retried(void **state)
{
	struct db *db = *state;
	make_t(db);
	assert_int_equal(db_exec(db, "INSERT INTO t (k, i) VALUES ($1, $2)",
	                         DB_PARAMS(DB_TEXT("row"), DB_INT(0)), NULL),
	                 1);
	struct conflict c = {.a = another()};
	uint64_t retries = db_retry_count();
	assert_int_equal(db_run_transaction(db, "serializable", serializable_body, &c), 5);
	assert_int_equal(c.calls, 2);
	assert_int_equal(db_retry_count(), retries + 1);
	assert_int_equal(scalar(db, "SELECT i FROM t WHERE k = $1", DB_PARAMS(DB_TEXT("row"))), 11);
	db_close(c.a);
}

static int nowait_body(struct db *db, void *cls)
{
	struct conflict *c = cls;
	c->calls++;
	int rc = db_exec(db, "SELECT i FROM t WHERE k = $1 FOR UPDATE NOWAIT",
	                 DB_PARAMS(DB_TEXT("row")), NULL);
	if (rc == DB_RETRY && c->calls == 1)
		assert_int_equal(db_exec(c->a, "COMMIT", NULL, 0, NULL), 0); /* let go */
	if (rc < 0)
		return rc;
	rc = db_exec(db, "UPDATE t SET i = i + 1 WHERE k = $1", DB_PARAMS(DB_TEXT("row")), NULL);
	return rc < 0 ? rc : 1;
}

static void test_lock_not_available_is_retried(void **state)
{
	struct db *db = *state;
	make_t(db);
	assert_int_equal(db_exec(db, "INSERT INTO t (k, i) VALUES ($1, $2)",
	                         DB_PARAMS(DB_TEXT("row"), DB_INT(0)), NULL),
	                 1);
	struct conflict c = {.a = another()};
	assert_int_equal(db_exec(c.a, "BEGIN", NULL, 0, NULL), 0);
	assert_int_equal(db_exec(c.a, "SELECT i FROM t WHERE k = $1 FOR UPDATE",
	                         DB_PARAMS(DB_TEXT("row")), NULL),
	                 1);
	assert_int_equal(db_run_transaction(db, "nowait", nowait_body, &c), 1);
	assert_int_equal(c.calls, 2);
	assert_int_equal(scalar(db, "SELECT i FROM t WHERE k = $1", DB_PARAMS(DB_TEXT("row"))), 1);
	db_close(c.a);
}

static void test_lost_connection_fails_once_then_reconnects(void **state)
{
	struct db *db = *state;
	make_t(db);
	int64_t pid = scalar(db, "SELECT pg_backend_pid()", NULL, 0);
	struct db *a = another();
	assert_int_equal(
	    db_exec(a, "SELECT pg_terminate_backend($1)", DB_PARAMS(DB_INT(pid)), NULL), 1);
	db_close(a);
	/* The server closes the session; the first call finds out. */
	int rc = 0;
	for (int i = 0; i < 50 && rc >= 0; i++) {
		rc = db_exec(db, "SELECT count(*) FROM t", NULL, 0, NULL);
		if (rc >= 0)
			sleep_ms(20);
	}
	assert_int_equal(rc, DB_HARD);
	/* The next call resets the connection; cached statements are prepared again. */
	assert_int_equal(scalar(db, "SELECT count(*) FROM t", NULL, 0), 0);
	assert_true(scalar(db, "SELECT pg_backend_pid()", NULL, 0) != pid);
	struct probe p = {.key = "after", .result = 1};
	assert_int_equal(db_run_transaction(db, "after reset", insert_body, &p), 1);
}

static void test_schema_change_does_not_break_cached_statements(void **state)
{
	struct db *db = *state;
	make_t(db);
	struct db_res *res;
	assert_int_equal(db_exec(db, "SELECT * FROM t", NULL, 0, &res), 0);
	assert_int_equal(db_res_cols(res), 3);
	db_res_free(res);
	assert_int_equal(db_exec_script(db, "ALTER TABLE t ADD COLUMN extra TEXT"), 0);
	assert_int_equal(db_exec(db, "SELECT * FROM t", NULL, 0, &res), 0);
	assert_int_equal(db_res_cols(res), 4);
	db_res_free(res);
}

static void test_skipped_without_a_server(void **state)
{
	(void)state;
	skip();
}

int main(void)
{
	if (!getenv("YTH_PG_BASE") || !*getenv("YTH_PG_BASE")) {
		fprintf(stderr,
		        "test_db_postgres: YTH_PG_BASE is not set: skipping the PostgreSQL "
		        "tests (d=$(mktemp -d); export YTH_PG_BASE=$(tests/pg-server.sh start "
		        "$d) to run them)\n");
		const struct CMUnitTest skipped[] = {
		    cmocka_unit_test(test_skipped_without_a_server)};
		return cmocka_run_group_tests_name("db (PostgreSQL, skipped)", skipped, NULL, NULL);
	}
	const struct CMUnitTest tests[] = {
	    COMMON_TESTS,
	    cmocka_unit_test_setup_teardown(test_kind_and_backup_refusal, fresh, done),
	    cmocka_unit_test_setup_teardown(test_serialisation_failure_is_retried, fresh, done),
	    cmocka_unit_test_setup_teardown(test_lock_not_available_is_retried, fresh, done),
	    cmocka_unit_test_setup_teardown(test_lost_connection_fails_once_then_reconnects, fresh,
	                                    done),
	    cmocka_unit_test_setup_teardown(test_schema_change_does_not_break_cached_statements,
	                                    fresh, done),
	};
	return cmocka_run_group_tests_name("db (PostgreSQL)", tests, create_database,
	                                   drop_database);
}
