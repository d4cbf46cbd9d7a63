/* SPDX-License-Identifier: MIT */
/* The personal-data key file: `yitihua init` creates one for a new database, and refuses
 * to make a new one for a database that already holds sealed citizen ids (they would become
 * unreadable and the same person could be entered twice). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"

static void init_refuses_a_new_key_for_a_database_with_people(void **state)
{
	struct srv *s = *state;
	if (s->postgres)
		skip(); /* the key file of a PostgreSQL database is shared: tested on SQLite */
	char key[600], moved[620];
	snprintf(key, sizeof(key), "%s.key", s->db_url);
	snprintf(moved, sizeof(moved), "%s.moved", key);
	struct stat st;
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 077, 0); /* nobody else may read it */
	assert_int_equal(rename(key, moved), 0);
	int status;
	char *err_text = NULL;
	assert_int_equal(srv_cli_err(s, (const char *[]){"init", NULL}, NULL, &status, NULL, &err_text),
			 0);
	assert_int_equal(status, 1);
	assert_non_null(strstr(err_text, "请从备份恢复"));
	free(err_text);
	assert_int_not_equal(stat(key, &st), 0); /* no new key was made */
	assert_int_equal(rename(moved, key), 0);
	assert_int_equal(srv_cli(s, (const char *[]){"init", NULL}, NULL, &status, NULL), 0);
	assert_int_equal(status, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_refuses_a_new_key_for_a_database_with_people),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
