/* SPDX-License-Identifier: MIT */
/* Unit tests of auth_path_in_scope (auth/scope.c): the subtree test behind every scope
 * check. */
/* cmocka needs these before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "auth/auth.h"

#define BUREAU       "/0190a000-0000-7000-8000-000000000001/"
#define CENTRE       BUREAU "0190a000-0000-7000-8000-000000000002/"
#define CLINIC       CENTRE "0190a000-0000-7000-8000-000000000003/"
#define OTHER_BUREAU "/0190a000-0000-7000-8000-000000000009/"

static void root_scope_covers_everything(void **state)
{
	(void)state;
	assert_true(auth_path_in_scope("/", BUREAU));
	assert_true(auth_path_in_scope("/", CLINIC));
	assert_true(auth_path_in_scope("/", OTHER_BUREAU));
}

static void scope_covers_itself(void **state)
{
	(void)state;
	assert_true(auth_path_in_scope(CENTRE, CENTRE));
}

static void scope_covers_its_descendants(void **state)
{
	(void)state;
	assert_true(auth_path_in_scope(BUREAU, CENTRE));
	assert_true(auth_path_in_scope(BUREAU, CLINIC));
	assert_true(auth_path_in_scope(CENTRE, CLINIC));
}

static void scope_does_not_cover_its_parent(void **state)
{
	(void)state;
	assert_false(auth_path_in_scope(CLINIC, CENTRE));
	assert_false(auth_path_in_scope(CENTRE, BUREAU));
}

static void scope_does_not_cover_a_sibling_tree(void **state)
{
	(void)state;
	assert_false(auth_path_in_scope(BUREAU, OTHER_BUREAU));
	assert_false(auth_path_in_scope(OTHER_BUREAU, CLINIC));
}

static void scope_without_trailing_slash_does_not_cover_a_longer_name(void **state)
{
	(void)state;
	assert_false(auth_path_in_scope("/abc", "/abcd/"));
	assert_true(auth_path_in_scope("/abc", "/abc/def/"));
	assert_false(auth_path_in_scope("/abc/", "/abcd/"));
}

static void empty_or_missing_paths_are_outside(void **state)
{
	(void)state;
	assert_false(auth_path_in_scope("", CLINIC));
	assert_false(auth_path_in_scope(BUREAU, ""));
	assert_false(auth_path_in_scope(NULL, CLINIC));
	assert_false(auth_path_in_scope(BUREAU, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(root_scope_covers_everything),
	    cmocka_unit_test(scope_covers_itself),
	    cmocka_unit_test(scope_covers_its_descendants),
	    cmocka_unit_test(scope_does_not_cover_its_parent),
	    cmocka_unit_test(scope_does_not_cover_a_sibling_tree),
	    cmocka_unit_test(scope_without_trailing_slash_does_not_cover_a_longer_name),
	    cmocka_unit_test(empty_or_missing_paths_are_outside),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
