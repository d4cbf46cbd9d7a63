/* SPDX-License-Identifier: MIT */
/* The storage engine on SQLite: the shared cases (test_db_cases.h) on a fresh database
 * file per test, plus what only SQLite has: connection settings, a real busy conflict
 * between two connections, and the online backup. */
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <unistd.h>

#include "test_db_cases.h"

static char dir[64];
static char path[PATH_MAX];
static int serial;

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/yth-db-test.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int remove_dir(void **state)
{
	(void)state;
	return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int fresh(void **state)
{
	snprintf(path, sizeof path, "%s/test%d.db", dir, ++serial);
	struct db *db;
	if (db_open(path, &db) != 0)
		return -1;
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
	assert_int_equal(db_open(path, &db), 0);
	return db;
}

static const char *text1(struct db *db, const char *sql, char *buf, size_t size)
{
	struct db_res *res;
	assert_int_equal(db_exec(db, sql, NULL, 0, &res), 1);
	snprintf(buf, size, "%s", db_res_text(res, 0, 0));
	db_res_free(res);
	return buf;
}

static void test_connection_uses_wal_foreign_keys_full_sync_and_busy_timeout(void **state)
{
	struct db *db = *state;
	char buf[32];
	assert_int_equal(db_kind(db), DB_SQLITE);
	assert_string_equal(text1(db, "PRAGMA journal_mode", buf, sizeof buf), "wal");
	assert_string_equal(text1(db, "PRAGMA foreign_keys", buf, sizeof buf), "1");
	assert_string_equal(text1(db, "PRAGMA synchronous", buf, sizeof buf), "2");
	assert_string_equal(text1(db, "PRAGMA busy_timeout", buf, sizeof buf), "5000");
}

static void test_foreign_key_violation_is_a_constraint_failure(void **state)
{
	struct db *db = *state;
	assert_int_equal(db_exec_script(db, "CREATE TABLE p (id TEXT PRIMARY KEY);"
	                                    "CREATE TABLE c (p TEXT REFERENCES p (id))"),
	                 0);
	assert_int_equal(
	    db_exec(db, "INSERT INTO c (p) VALUES ($1)", DB_PARAMS(DB_TEXT("none")), NULL),
	    DB_CONSTRAINT);
}

static void test_only_dollar_placeholders_and_one_statement(void **state)
{
	struct db *db = *state;
	make_t(db);
	assert_int_equal(db_exec(db, "SELECT k FROM t WHERE k = ?", DB_PARAMS(DB_TEXT("a")), NULL),
	                 DB_HARD);
	assert_int_equal(db_exec(db, "SELECT k FROM t WHERE k = :k", DB_PARAMS(DB_TEXT("a")), NULL),
	                 DB_HARD);
	assert_int_equal(db_exec(db, "SELECT $1::text", DB_PARAMS(DB_TEXT("a")), NULL), DB_HARD);
	assert_int_equal(db_exec(db, "SELECT 1; SELECT 2", NULL, 0, NULL), DB_HARD);
	/* A trailing semicolon or comment is fine. */
	assert_int_equal(db_exec(db, "SELECT 1; -- done", NULL, 0, NULL), 1);
}

/* Holds connection A's write transaction until the retry loop has met it, then commits. */
struct holder {
	struct db *a;
	uint64_t retries_before;
	int rc;
};

static void *commit_after_a_retry(void *arg)
{
	struct holder *h = arg;
	for (int i = 0; i < 10000 && db_retry_count() == h->retries_before; i++)
		sleep_ms(1);
	h->rc = db_exec(h->a, "COMMIT", NULL, 0, NULL);
	return NULL;
}

static void test_busy_writer_is_waited_out_by_the_retry_loop(void **state)
{
	struct db *db = *state;
	make_t(db);
	struct db *a = another();
	assert_int_equal(db_exec(a, "BEGIN IMMEDIATE", NULL, 0, NULL), 0);
	assert_int_equal(db_exec(a, "INSERT INTO t (k) VALUES ($1)", DB_PARAMS(DB_TEXT("a")), NULL),
	                 1);
	/* Test-only: give up waiting for the lock after 1 ms, so BEGIN IMMEDIATE fails busy. */
	assert_int_equal(db_exec(db, "PRAGMA busy_timeout = 1", NULL, 0, NULL), 1);
	assert_int_equal(
	    db_exec(db, "INSERT INTO t (k) VALUES ($1)", DB_PARAMS(DB_TEXT("x")), NULL), DB_RETRY);

	struct holder h = {.a = a, .retries_before = db_retry_count(), .rc = -99};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, commit_after_a_retry, &h), 0);
	struct probe p = {.key = "b", .result = 7};
	int rc = db_run_transaction(db, "busy", insert_body, &p);
	pthread_join(th, NULL);
	assert_int_equal(rc, 7);
	assert_int_equal(h.rc, 0);
	assert_true(db_retry_count() > h.retries_before);
	assert_int_equal(p.calls, 1); /* the body ran once: BEGIN IMMEDIATE was what waited */
	assert_int_equal(scalar(db, "SELECT count(*) FROM t", NULL, 0), 2);
	db_close(a);
}

static void test_busy_through_every_retry_returns_retry(void **state)
{
	struct db *db = *state;
	make_t(db);
	struct db *a = another();
	assert_int_equal(db_exec(a, "BEGIN IMMEDIATE", NULL, 0, NULL), 0);
	assert_int_equal(db_exec(db, "PRAGMA busy_timeout = 1", NULL, 0, NULL), 1);
	uint64_t retries = db_retry_count();
	struct probe p = {.key = "b", .result = 1};
	assert_int_equal(db_run_transaction(db, "busy", insert_body, &p), DB_RETRY);
	assert_int_equal(p.calls, 0);
	assert_int_equal(db_retry_count(), retries + 10);
	assert_false(db_in_transaction(db));
	assert_int_equal(db_exec(a, "COMMIT", NULL, 0, NULL), 0);
	assert_int_equal(db_run_transaction(db, "free", insert_body, &p), 1);
	db_close(a);
}

static void fill(struct db *db, int from, int to)
{
	for (int i = from; i < to; i++) {
		char k[16];
		snprintf(k, sizeof k, "row%05d", i);
		assert_int_equal(db_exec(db, "INSERT INTO t (k, i, s) VALUES ($1, $2, $3)",
		                         DB_PARAMS(DB_TEXT(k), DB_INT(i), DB_TEXT("卫生院")), NULL),
		                 1);
	}
}

static void check_copy(const char *copy, int64_t rows_at_least, int64_t rows_at_most)
{
	struct db *c;
	assert_int_equal(db_open(copy, &c), 0);
	char buf[16];
	assert_string_equal(text1(c, "PRAGMA integrity_check", buf, sizeof buf), "ok");
	int64_t n = scalar(c, "SELECT count(*) FROM t", NULL, 0);
	assert_true(n >= rows_at_least && n <= rows_at_most);
	/* Every row of the copy is whole. */
	assert_int_equal(
	    scalar(c, "SELECT count(*) FROM t WHERE s = $1", DB_PARAMS(DB_TEXT("卫生院"))), n);
	db_close(c);
}

static void test_backup_is_a_consistent_copy_while_another_connection_writes(void **state)
{
	struct db *db = *state;
	make_t(db);
	assert_int_equal(db_exec(db, "BEGIN", NULL, 0, NULL), 0);
	fill(db, 0, 500);
	assert_int_equal(db_exec(db, "COMMIT", NULL, 0, NULL), 0);

	struct db *writer = another();
	assert_int_equal(db_exec(writer, "BEGIN IMMEDIATE", NULL, 0, NULL), 0);
	fill(writer, 500, 600); /* not committed while the copy is taken */
	char copy[PATH_MAX];
	snprintf(copy, sizeof copy, "%s/copy%d.db", dir, serial);
	assert_int_equal(db_backup(db, copy), 0);
	assert_int_equal(db_exec(writer, "COMMIT", NULL, 0, NULL), 0);
	db_close(writer);
	check_copy(copy, 500, 500);
	/* A self-contained file (no -wal needed beside it). */
	char wal[PATH_MAX + 8];
	snprintf(wal, sizeof wal, "%s-wal", copy);
	assert_int_not_equal(access(wal, F_OK), 0);
}

static void test_backup_refuses_to_overwrite_a_file(void **state)
{
	struct db *db = *state;
	make_t(db);
	char copy[PATH_MAX];
	snprintf(copy, sizeof copy, "%s/exists%d", dir, serial);
	FILE *f = fopen(copy, "w");
	assert_non_null(f);
	fputs("keep me", f);
	fclose(f);
	assert_int_equal(db_backup(db, copy), -1);
	char buf[16] = "";
	f = fopen(copy, "r");
	assert_non_null(fgets(buf, sizeof buf, f));
	fclose(f);
	assert_string_equal(buf, "keep me");
	/* Nor into a directory that does not exist. */
	snprintf(copy, sizeof copy, "%s/no/such/dir.db", dir);
	assert_int_equal(db_backup(db, copy), -1);
}

struct writer {
	volatile bool stop;
	int written;
};

static void *keep_writing(void *arg)
{
	struct writer *w = arg;
	struct db *db = another();
	for (int i = 0; i < 5000 && !w->stop; i++) {
		char k[16];
		snprintf(k, sizeof k, "w%05d", i);
		int rc = db_exec(db, "INSERT INTO t (k, i, s) VALUES ($1, $2, $3)",
		                 DB_PARAMS(DB_TEXT(k), DB_INT(i), DB_TEXT("卫生院")), NULL);
		if (rc == 1)
			w->written++;
	}
	db_close(db);
	return NULL;
}

static void test_backup_while_a_thread_keeps_committing(void **state)
{
	struct db *db = *state;
	make_t(db);
	fill(db, 0, 100);
	struct writer w = {0};
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, keep_writing, &w), 0);
	sleep_ms(20);
	char copy[PATH_MAX];
	snprintf(copy, sizeof copy, "%s/live%d.db", dir, serial);
	assert_int_equal(db_backup(db, copy), 0);
	w.stop = true;
	pthread_join(th, NULL);
	check_copy(copy, 100, 100 + w.written);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    COMMON_TESTS,
	    cmocka_unit_test_setup_teardown(
	        test_connection_uses_wal_foreign_keys_full_sync_and_busy_timeout, fresh, done),
	    cmocka_unit_test_setup_teardown(test_foreign_key_violation_is_a_constraint_failure,
	                                    fresh, done),
	    cmocka_unit_test_setup_teardown(test_only_dollar_placeholders_and_one_statement, fresh,
	                                    done),
	    cmocka_unit_test_setup_teardown(test_busy_writer_is_waited_out_by_the_retry_loop, fresh,
	                                    done),
	    cmocka_unit_test_setup_teardown(test_busy_through_every_retry_returns_retry, fresh,
	                                    done),
	    cmocka_unit_test_setup_teardown(
	        test_backup_is_a_consistent_copy_while_another_connection_writes, fresh, done),
	    cmocka_unit_test_setup_teardown(test_backup_refuses_to_overwrite_a_file, fresh, done),
	    cmocka_unit_test_setup_teardown(test_backup_while_a_thread_keeps_committing, fresh,
	                                    done),
	};
	return cmocka_run_group_tests_name("db (SQLite)", tests, make_dir, remove_dir);
}
