/* SPDX-License-Identifier: MIT */
/* Unit tests of db_data_version(): it changes when another connection commits or this one
 * writes, and stays put otherwise, so that results may be reused only when nothing changed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "db/db.h"

struct fixture {
	char path[64];
	struct db *a, *b;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "/tmp/yth-version-%d.db", (int)getpid());
	if (db_open(f->path, &f->a) || db_open(f->path, &f->b))
		return -1;
	if (db_exec(f->a, "CREATE TABLE t (x INTEGER)", NULL, 0, NULL) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[80];
	db_close(f->a);
	db_close(f->b);
	unlink(f->path);
	snprintf(path, sizeof(path), "%s-wal", f->path);
	unlink(path);
	snprintf(path, sizeof(path), "%s-shm", f->path);
	unlink(path);
	free(f);
	return 0;
}

static void unchanged_without_writes(void **state)
{
	struct fixture *f = *state;
	uint64_t v = db_data_version(f->a);
	assert_int_not_equal(v, 0);
	assert_int_equal(db_exec(f->a, "SELECT COUNT(*) FROM t", NULL, 0, NULL), 1);
	assert_int_equal(db_data_version(f->a), v);
}

static void changes_when_another_connection_commits(void **state)
{
	struct fixture *f = *state;
	uint64_t v = db_data_version(f->a);
	assert_int_equal(db_exec(f->b, "INSERT INTO t (x) VALUES ($1)", DB_PARAMS(DB_INT(1)), NULL), 1);
	assert_int_not_equal(db_data_version(f->a), v);
}

static void changes_when_this_connection_writes(void **state)
{
	struct fixture *f = *state;
	uint64_t v = db_data_version(f->a);
	assert_int_equal(db_exec(f->a, "INSERT INTO t (x) VALUES ($1)", DB_PARAMS(DB_INT(2)), NULL), 1);
	assert_int_not_equal(db_data_version(f->a), v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unchanged_without_writes),
		cmocka_unit_test(changes_when_another_connection_commits),
		cmocka_unit_test(changes_when_this_connection_writes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
