/* SPDX-License-Identifier: MIT */
/* Unit tests of auth/role.c: role names, labels and parsing. */
/* cmocka needs these before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "auth/auth.h"

static void each_role_has_its_name(void **state)
{
	(void)state;
	assert_string_equal(role_name(ROLE_ADMIN), "admin");
	assert_string_equal(role_name(ROLE_COUNTY), "county");
	assert_string_equal(role_name(ROLE_CENTRE), "centre");
	assert_string_equal(role_name(ROLE_CLINIC), "clinic");
	assert_string_equal(role_name(ROLE_FINANCE), "finance");
	assert_string_equal(role_name(ROLE_PHARMACY), "pharmacy");
	assert_string_equal(role_name(ROLE_INSURANCE), "insurance");
	assert_string_equal(role_name(ROLE_AUDITOR), "auditor");
}

static void each_role_has_its_chinese_label(void **state)
{
	(void)state;
	assert_string_equal(role_label(ROLE_ADMIN), "系统管理员");
	assert_string_equal(role_label(ROLE_COUNTY), "县卫健局");
	assert_string_equal(role_label(ROLE_CENTRE), "乡镇卫生院");
	assert_string_equal(role_label(ROLE_CLINIC), "村医");
	assert_string_equal(role_label(ROLE_AUDITOR), "审计");
}

static void parse_gives_the_role_bit(void **state)
{
	(void)state;
	assert_int_equal(role_parse("admin"), ROLE_ADMIN);
	assert_int_equal(role_parse("clinic"), ROLE_CLINIC);
	assert_int_equal(role_parse("insurance"), ROLE_INSURANCE);
	assert_int_equal(role_parse("auditor"), ROLE_AUDITOR);
}

static void parse_round_trips_every_role(void **state)
{
	(void)state;
	for (unsigned i = 0; i < ROLE_COUNT; i++)
		assert_int_equal(role_parse(role_name(1u << i)), 1u << i);
}

static void parse_refuses_unknown_names(void **state)
{
	(void)state;
	assert_int_equal(role_parse("root"), 0);
	assert_int_equal(role_parse("Admin"), 0);
	assert_int_equal(role_parse(""), 0);
	assert_int_equal(role_parse(NULL), 0);
}

static void no_name_for_a_mask_or_zero(void **state)
{
	(void)state;
	assert_null(role_name(0));
	assert_null(role_name(ROLE_ADMIN | ROLE_COUNTY));
	assert_null(role_label(1u << ROLE_COUNT));
}

static void role_enum_lists_the_eight_roles_in_bit_order(void **state)
{
	(void)state;
	unsigned n = 0;
	while (role_enums[n].value) {
		assert_string_equal(role_enums[n].value, role_name(1u << n));
		n++;
	}
	assert_int_equal(n, ROLE_COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(each_role_has_its_name),
	    cmocka_unit_test(each_role_has_its_chinese_label),
	    cmocka_unit_test(parse_gives_the_role_bit),
	    cmocka_unit_test(parse_round_trips_every_role),
	    cmocka_unit_test(parse_refuses_unknown_names),
	    cmocka_unit_test(no_name_for_a_mask_or_zero),
	    cmocka_unit_test(role_enum_lists_the_eight_roles_in_bit_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
