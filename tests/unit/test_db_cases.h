/* SPDX-License-Identifier: MIT */
/* Storage engine tests that hold for both backends, included by test_db_sqlite.c and
 * test_db_postgres.c. The including file provides:
 *   static int fresh(void **state);    an empty database, its connection in *state
 *   static int done(void **state);     closes it
 *   static struct db *another(void);   a second connection to the same database
 * Each test makes its own small tables; none depends on the project's migrations beyond
 * "db_migrate runs". */
#ifndef TEST_DB_CASES_H
#define TEST_DB_CASES_H

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "db/db.h"

static int fresh(void **state);
static int done(void **state);
static struct db *another(void);

static const char table_t[] = "CREATE TABLE t (k TEXT PRIMARY KEY, i BIGINT, s TEXT)";

static void make_t(struct db *db)
{
	assert_int_equal(db_exec_script(db, table_t), 0);
}

/* The single integer SQL returns. */
static int64_t scalar(struct db *db, const char *sql, const struct db_val *params, size_t n)
{
	struct db_res *res;
	assert_int_equal(db_exec(db, sql, params, n, &res), 1);
	int64_t v = db_res_int(res, 0, 0);
	db_res_free(res);
	return v;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static void test_params_of_each_type_round_trip(void **state)
{
	struct db *db = *state;
	make_t(db);
	const char *text = "卫生室 «quoted» 'single' \"double\" \\ ; $1";
	assert_int_equal(db_exec(db, "INSERT INTO t (k, i, s) VALUES ($1, $2, $3)",
	                         DB_PARAMS(DB_TEXT("a"), DB_INT(INT64_MAX), DB_TEXT(text)), NULL),
	                 1);
	assert_int_equal(db_exec(db, "INSERT INTO t (k, i, s) VALUES ($1, $2, $3)",
	                         DB_PARAMS(DB_TEXT("b"), DB_INT(INT64_MIN), DB_TEXT("")), NULL),
	                 1);
	assert_int_equal(db_exec(db, "INSERT INTO t (k, i, s) VALUES ($1, $2, $3)",
	                         DB_PARAMS(DB_TEXT("c"), DB_NULL, DB_TEXT(NULL)), NULL),
	                 1);
	struct db_res *res;
	assert_int_equal(db_exec(db, "SELECT k, i, s FROM t ORDER BY k", NULL, 0, &res), 3);
	assert_int_equal(db_res_rows(res), 3);
	assert_int_equal(db_res_cols(res), 3);
	assert_string_equal(db_res_colname(res, 0), "k");
	assert_string_equal(db_res_colname(res, 2), "s");
	assert_true(db_res_int(res, 0, 1) == INT64_MAX);
	assert_string_equal(db_res_text(res, 0, 2), text);
	assert_true(db_res_int(res, 1, 1) == INT64_MIN);
	assert_false(db_res_null(res, 1, 2));
	assert_string_equal(db_res_text(res, 1, 2), ""); /* empty is not NULL */
	assert_true(db_res_null(res, 2, 1));
	assert_null(db_res_text(res, 2, 1));
	assert_int_equal(db_res_int(res, 2, 1), 0);
	assert_true(db_res_null(res, 2, 2));
	/* Out of range reads as NULL rather than crashing. */
	assert_null(db_res_text(res, 3, 0));
	assert_null(db_res_text(res, 0, 3));
	assert_null(db_res_colname(res, 3));
	db_res_free(res);
	/* Bound NULL in a comparison matches nothing, as SQL says. */
	assert_int_equal(db_exec(db, "SELECT k FROM t WHERE i = $1", DB_PARAMS(DB_NULL), NULL), 0);
}

static void test_same_placeholder_twice_and_out_of_order(void **state)
{
	struct db *db = *state;
	make_t(db);
	assert_int_equal(db_exec(db, "INSERT INTO t (k, i, s) VALUES ($1, $2, $1)",
	                         DB_PARAMS(DB_TEXT("x"), DB_INT(7)), NULL),
	                 1);
	struct db_res *res;
	assert_int_equal(db_exec(db, "SELECT k, s, i FROM t WHERE s = $2 AND k = $2 AND i = $1",
	                         DB_PARAMS(DB_INT(7), DB_TEXT("x")), &res),
	                 1);
	assert_string_equal(db_res_text(res, 0, 0), "x");
	assert_string_equal(db_res_text(res, 0, 1), "x");
	assert_int_equal(db_res_int(res, 0, 2), 7);
	db_res_free(res);
	/* The cached statement binds afresh each time. */
	assert_int_equal(db_exec(db, "SELECT k, s, i FROM t WHERE s = $2 AND k = $2 AND i = $1",
	                         DB_PARAMS(DB_INT(8), DB_TEXT("x")), NULL),
	                 0);
}

static void test_row_counts_of_writes_and_queries(void **state)
{
	struct db *db = *state;
	make_t(db);
	for (int i = 0; i < 5; i++) {
		char k[16];
		snprintf(k, sizeof k, "k%d", i);
		assert_int_equal(db_exec(db, "INSERT INTO t (k, i) VALUES ($1, $2)",
		                         DB_PARAMS(DB_TEXT(k), DB_INT(i)), NULL),
		                 1);
	}
	assert_int_equal(db_exec(db, "UPDATE t SET s = $1 WHERE i < $2",
	                         DB_PARAMS(DB_TEXT("u"), DB_INT(3)), NULL),
	                 3);
	assert_int_equal(db_exec(db, "UPDATE t SET s = $1 WHERE i > $2",
	                         DB_PARAMS(DB_TEXT("u"), DB_INT(100)), NULL),
	                 0);
	assert_int_equal(db_exec(db, "SELECT k FROM t WHERE s = $1", DB_PARAMS(DB_TEXT("u")), NULL),
	                 3);
	assert_int_equal(db_exec(db, "DELETE FROM t WHERE i >= $1", DB_PARAMS(DB_INT(3)), NULL), 2);
	/* A statement that changes no rows counts 0, not the previous write's count. */
	assert_int_equal(db_exec(db, "CREATE TABLE u (x TEXT)", NULL, 0, NULL), 0);
	struct db_res *res;
	assert_int_equal(db_exec(db, "INSERT INTO u (x) VALUES ($1), ($2) RETURNING x",
	                         DB_PARAMS(DB_TEXT("p"), DB_TEXT("q")), &res),
	                 2);
	assert_int_equal(db_res_rows(res), 2);
	db_res_free(res);
	/* A write asked for rows gives an empty result. */
	assert_int_equal(db_exec(db, "DELETE FROM u", NULL, 0, &res), 2);
	assert_non_null(res);
	assert_int_equal(db_res_rows(res), 0);
	db_res_free(res);
	assert_int_equal(db_exec(db, "SELECT x FROM u", NULL, 0, &res), 0);
	assert_int_equal(db_res_rows(res), 0);
	assert_int_equal(db_res_cols(res), 1);
	assert_string_equal(db_res_colname(res, 0), "x");
	db_res_free(res);
}

static void test_duplicate_key_is_a_constraint_failure(void **state)
{
	struct db *db = *state;
	make_t(db);
	assert_int_equal(
	    db_exec(db, "INSERT INTO t (k) VALUES ($1)", DB_PARAMS(DB_TEXT("d")), NULL), 1);
	uint64_t errors = db_error_count();
	struct db_res *res = (struct db_res *)1;
	assert_int_equal(
	    db_exec(db, "INSERT INTO t (k) VALUES ($1)", DB_PARAMS(DB_TEXT("d")), &res),
	    DB_CONSTRAINT);
	assert_null(res);
	assert_int_equal(db_error_count(), errors); /* not a hard error */
	/* NOT NULL and CHECK are constraints too. */
	assert_int_equal(db_exec_script(db, "CREATE TABLE c (x BIGINT NOT NULL CHECK (x > 0))"), 0);
	assert_int_equal(db_exec(db, "INSERT INTO c (x) VALUES ($1)", DB_PARAMS(DB_NULL), NULL),
	                 DB_CONSTRAINT);
	assert_int_equal(db_exec(db, "INSERT INTO c (x) VALUES ($1)", DB_PARAMS(DB_INT(-1)), NULL),
	                 DB_CONSTRAINT);
}

static void test_bad_sql_is_a_hard_error_and_counted(void **state)
{
	struct db *db = *state;
	uint64_t errors = db_error_count();
	struct db_res *res = (struct db_res *)1;
	assert_int_equal(db_exec(db, "SELECT nothing FROM nowhere", NULL, 0, &res), DB_HARD);
	assert_null(res);
	assert_int_equal(db_error_count(), errors + 1);
	/* Not kept in the cache: a second try fails the same way. */
	assert_int_equal(db_exec(db, "SELECT nothing FROM nowhere", NULL, 0, NULL), DB_HARD);
}

static void test_wrong_number_of_parameters_is_a_hard_error(void **state)
{
	struct db *db = *state;
	make_t(db);
	assert_int_equal(
	    db_exec(db, "SELECT k FROM t WHERE k = $1 AND s = $2", DB_PARAMS(DB_TEXT("a")), NULL),
	    DB_HARD);
	assert_int_equal(db_exec(db, "SELECT k FROM t WHERE k = $1",
	                         DB_PARAMS(DB_TEXT("a"), DB_TEXT("b")), NULL),
	                 DB_HARD);
	assert_int_equal(db_exec(db, "SELECT k FROM t WHERE k = $1", DB_PARAMS(DB_TEXT("a")), NULL),
	                 0);
}

static void test_many_parameters(void **state)
{
	struct db *db = *state;
	char sql[1024] = "SELECT ";
	struct db_val params[40];
	char texts[40][16];
	for (int i = 0; i < 40; i++) {
		char p[16];
		snprintf(p, sizeof p, "%s$%d", i ? ", " : "", i + 1);
		strcat(sql, p);
		snprintf(texts[i], sizeof texts[i], "v%d", i);
		params[i] = i % 2 ? DB_TEXT(texts[i]) : DB_INT(i);
	}
	struct db_res *res;
	assert_int_equal(db_exec(db, sql, params, 40, &res), 1);
	assert_int_equal(db_res_cols(res), 40);
	assert_int_equal(db_res_int(res, 0, 38), 38);
	assert_string_equal(db_res_text(res, 0, 39), "v39");
	db_res_free(res);
}

static void test_more_distinct_statements_than_the_cache_holds(void **state)
{
	struct db *db = *state;
	make_t(db);
	assert_int_equal(db_exec(db, "INSERT INTO t (k, i) VALUES ($1, $2)",
	                         DB_PARAMS(DB_TEXT("a"), DB_INT(1)), NULL),
	                 1);
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 1100; i++) {
			char sql[96];
			snprintf(sql, sizeof sql, "SELECT i + %d FROM t WHERE k = $1", i);
			assert_int_equal(scalar(db, sql, DB_PARAMS(DB_TEXT("a"))), 1 + i);
		}
	}
}

/* ---- transactions ---- */

struct probe {
	const char *key;
	int calls;
	int retry_first; /* return DB_RETRY on this many first calls */
	int result;      /* what the body returns after that */
	bool saw_txn;
};

static int insert_body(struct db *db, void *cls)
{
	struct probe *p = cls;
	p->calls++;
	p->saw_txn = db_in_transaction(db);
	int rc = db_exec(db, "INSERT INTO t (k, i) VALUES ($1, $2)",
	                 DB_PARAMS(DB_TEXT(p->key), DB_INT(p->calls)), NULL);
	if (rc < 0)
		return rc;
	return p->calls <= p->retry_first ? DB_RETRY : p->result;
}

static void test_transaction_commits_and_returns_the_body_result(void **state)
{
	struct db *db = *state;
	make_t(db);
	struct probe p = {.key = "c", .result = 42};
	assert_false(db_in_transaction(db));
	assert_int_equal(db_run_transaction(db, "commit", insert_body, &p), 42);
	assert_true(p.saw_txn);
	assert_false(db_in_transaction(db));
	assert_int_equal(p.calls, 1);
	struct db *other = another();
	assert_int_equal(
	    scalar(other, "SELECT count(*) FROM t WHERE k = $1", DB_PARAMS(DB_TEXT("c"))), 1);
	db_close(other);
}

static void test_transaction_rolls_back_on_abort(void **state)
{
	struct db *db = *state;
	make_t(db);
	struct probe p = {.key = "r", .result = DB_ABORT};
	assert_int_equal(db_run_transaction(db, "abort", insert_body, &p), DB_ABORT);
	assert_int_equal(p.calls, 1);
	assert_false(db_in_transaction(db));
	assert_int_equal(scalar(db, "SELECT count(*) FROM t", NULL, 0), 0);
	/* A constraint failure in the body rolls back the earlier writes too. */
	assert_int_equal(
	    db_exec(db, "INSERT INTO t (k) VALUES ($1)", DB_PARAMS(DB_TEXT("dup")), NULL), 1);
	p = (struct probe){.key = "dup", .result = 1};
	assert_int_equal(db_run_transaction(db, "dup", insert_body, &p), DB_CONSTRAINT);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t", NULL, 0), 1);
}

static void test_transaction_retries_when_the_body_asks(void **state)
{
	struct db *db = *state;
	make_t(db);
	uint64_t retries = db_retry_count();
	struct probe p = {.key = "again", .retry_first = 3, .result = 1};
	assert_int_equal(db_run_transaction(db, "again", insert_body, &p), 1);
	assert_int_equal(p.calls, 4);
	assert_int_equal(db_retry_count(), retries + 3);
	/* Only the last attempt's row is there. */
	assert_int_equal(scalar(db, "SELECT i FROM t WHERE k = $1", DB_PARAMS(DB_TEXT("again"))),
	                 4);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t", NULL, 0), 1);
}

static void test_transaction_gives_up_after_ten_retries(void **state)
{
	struct db *db = *state;
	make_t(db);
	struct probe p = {.key = "never", .retry_first = 1000, .result = 1};
	assert_int_equal(db_run_transaction(db, "never", insert_body, &p), DB_RETRY);
	assert_int_equal(p.calls, 11); /* the first attempt and ten retries */
	assert_int_equal(scalar(db, "SELECT count(*) FROM t", NULL, 0), 0);
}

static int nested_body(struct db *db, void *cls)
{
	struct probe *p = cls;
	return db_run_transaction(db, "inner", insert_body, p);
}

static void test_nested_transaction_is_refused(void **state)
{
	struct db *db = *state;
	make_t(db);
	struct probe p = {.key = "n", .result = 1};
	assert_int_equal(db_run_transaction(db, "outer", nested_body, &p), DB_HARD);
	assert_int_equal(p.calls, 0);
	assert_false(db_in_transaction(db));
	/* The connection is usable afterwards. */
	assert_int_equal(db_run_transaction(db, "after", insert_body, &p), 1);
}

static int ignores_failure_body(struct db *db, void *cls)
{
	(void)cls;
	db_exec(db, "INSERT INTO t (k) VALUES ($1)", DB_PARAMS(DB_TEXT("dup")), NULL);
	db_exec(db, "INSERT INTO t (k) VALUES ($1)", DB_PARAMS(DB_TEXT("other")), NULL);
	return 1;
}

/* PostgreSQL aborts a transaction at its first failed statement; SQLite would carry on.
 * Both refuse a body that reports success regardless, so code behaves the same on both. */
static void test_success_after_a_failed_statement_is_rolled_back(void **state)
{
	struct db *db = *state;
	make_t(db);
	assert_int_equal(
	    db_exec(db, "INSERT INTO t (k) VALUES ($1)", DB_PARAMS(DB_TEXT("dup")), NULL), 1);
	assert_int_equal(db_run_transaction(db, "sloppy", ignores_failure_body, NULL), DB_HARD);
	assert_int_equal(scalar(db, "SELECT count(*) FROM t", NULL, 0), 1);
}

/* ---- migrations ---- */

static void test_migrations_apply_once_and_are_recorded(void **state)
{
	struct db *db = *state;
	assert_int_equal(db_schema_version(db), 0);
	assert_int_equal(db_migrate(db), (int)db_migrations_count);
	assert_int_equal(scalar(db, "SELECT count(*) FROM schema_migrations", NULL, 0),
	                 (int64_t)db_migrations_count);
	int last = db_migrations_count ? db_migrations[db_migrations_count - 1].version : 0;
	assert_int_equal(db_schema_version(db), last);
	assert_int_equal(db_migrate(db), 0);
	struct db *other = another();
	assert_int_equal(db_migrate(other), 0);
	assert_int_equal(db_schema_version(other), last);
	db_close(other);
	if (db_migrations_count) {
		struct db_res *res;
		assert_int_equal(db_exec(db,
		                         "SELECT name, applied_at FROM schema_migrations "
		                         "WHERE version = $1",
		                         DB_PARAMS(DB_INT(db_migrations[0].version)), &res),
		                 1);
		assert_string_equal(db_res_text(res, 0, 0), db_migrations[0].name);
		assert_int_equal(strlen(db_res_text(res, 0, 1)), 20);
		db_res_free(res);
	}
}

struct migrator {
	int applied;
};

static void *migrate_thread(void *arg)
{
	struct migrator *m = arg;
	struct db *db = another();
	m->applied = db_migrate(db);
	db_close(db);
	return NULL;
}

static void test_concurrent_migrations_apply_each_once(void **state)
{
	struct db *db = *state;
	struct migrator m[3];
	pthread_t th[3];
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&th[i], NULL, migrate_thread, &m[i]), 0);
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	int total = 0;
	for (int i = 0; i < 3; i++) {
		assert_true(m[i].applied >= 0);
		total += m[i].applied;
	}
	assert_int_equal(total, (int)db_migrations_count);
	assert_int_equal(scalar(db, "SELECT count(*) FROM schema_migrations", NULL, 0),
	                 (int64_t)db_migrations_count);
}

/* ---- identifiers and time (no database) ---- */

static void test_new_ids_are_unique_uuid7_and_time_ordered(void **state)
{
	(void)state;
	enum { N = 2000 };
	static char ids[N][37];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t before = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
	for (int i = 0; i < N; i++) {
		db_new_id(ids[i]);
		if (i % 500 == 499)
			sleep_ms(2);
	}
	for (int i = 0; i < N; i++) {
		const char *id = ids[i];
		assert_int_equal(strlen(id), 36);
		assert_true(id[8] == '-' && id[13] == '-' && id[18] == '-' && id[23] == '-');
		assert_int_equal(id[14], '7');
		assert_non_null(strchr("89ab", id[19]));
		for (int j = 0; j < 36; j++)
			assert_non_null(strchr("0123456789abcdef-", id[j]));
	}
	/* The first 48 bits are the creation time in milliseconds. */
	char hex[13];
	memcpy(hex, ids[0], 8);
	memcpy(hex + 8, ids[0] + 9, 4);
	hex[12] = '\0';
	uint64_t ms = strtoull(hex, NULL, 16);
	assert_true(ms >= before && ms < before + 1000);
	/* Unique, and ordered across the pauses. */
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < N; j++)
			assert_true(strcmp(ids[i], ids[j]) != 0);
	for (int block = 1; block < N / 500; block++)
		for (int i = 0; i < block * 500; i += 97)
			assert_true(strcmp(ids[i], ids[block * 500]) < 0);
}

static void test_now_is_utc_iso8601(void **state)
{
	(void)state;
	char now[21];
	db_now(now);
	assert_int_equal(strlen(now), 20);
	int y, mo, d, h, mi, s;
	char z;
	assert_int_equal(sscanf(now, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z), 7);
	assert_int_equal(z, 'Z');
	assert_true(y >= 2024 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31);
}

#define COMMON_TESTS                                                                               \
	cmocka_unit_test_setup_teardown(test_params_of_each_type_round_trip, fresh, done),         \
	    cmocka_unit_test_setup_teardown(test_same_placeholder_twice_and_out_of_order, fresh,   \
	                                    done),                                                 \
	    cmocka_unit_test_setup_teardown(test_row_counts_of_writes_and_queries, fresh, done),   \
	    cmocka_unit_test_setup_teardown(test_duplicate_key_is_a_constraint_failure, fresh,     \
	                                    done),                                                 \
	    cmocka_unit_test_setup_teardown(test_bad_sql_is_a_hard_error_and_counted, fresh,       \
	                                    done),                                                 \
	    cmocka_unit_test_setup_teardown(test_wrong_number_of_parameters_is_a_hard_error,       \
	                                    fresh, done),                                          \
	    cmocka_unit_test_setup_teardown(test_many_parameters, fresh, done),                    \
	    cmocka_unit_test_setup_teardown(test_more_distinct_statements_than_the_cache_holds,    \
	                                    fresh, done),                                          \
	    cmocka_unit_test_setup_teardown(test_transaction_commits_and_returns_the_body_result,  \
	                                    fresh, done),                                          \
	    cmocka_unit_test_setup_teardown(test_transaction_rolls_back_on_abort, fresh, done),    \
	    cmocka_unit_test_setup_teardown(test_transaction_retries_when_the_body_asks, fresh,    \
	                                    done),                                                 \
	    cmocka_unit_test_setup_teardown(test_transaction_gives_up_after_ten_retries, fresh,    \
	                                    done),                                                 \
	    cmocka_unit_test_setup_teardown(test_nested_transaction_is_refused, fresh, done),      \
	    cmocka_unit_test_setup_teardown(test_success_after_a_failed_statement_is_rolled_back,  \
	                                    fresh, done),                                          \
	    cmocka_unit_test_setup_teardown(test_migrations_apply_once_and_are_recorded, fresh,    \
	                                    done),                                                 \
	    cmocka_unit_test_setup_teardown(test_concurrent_migrations_apply_each_once, fresh,     \
	                                    done),                                                 \
	    cmocka_unit_test(test_new_ids_are_unique_uuid7_and_time_ordered),                      \
	    cmocka_unit_test(test_now_is_utc_iso8601)

#endif
