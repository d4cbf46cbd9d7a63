/* SPDX-License-Identifier: MIT */
/* Unit tests of core/divcode.c: village kinds by code, township kinds, seats and names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/divcode.h"

static void village_committee_codes_are_200_to_399(void **state)
{
	(void)state;
	assert_int_equal(divcode_village_kind("450205101205"), VILLAGE_COMMITTEE);
	assert_int_equal(divcode_village_kind("450205101200"), VILLAGE_COMMITTEE);
	assert_int_equal(divcode_village_kind("450205101399"), VILLAGE_COMMITTEE);
}

static void residents_committee_codes_are_001_to_199(void **state)
{
	(void)state;
	assert_int_equal(divcode_village_kind("450205101001"), VILLAGE_RESIDENTS);
	assert_int_equal(divcode_village_kind("450205101199"), VILLAGE_RESIDENTS);
}

static void other_and_malformed_codes(void **state)
{
	(void)state;
	assert_int_equal(divcode_village_kind("361103101500"), VILLAGE_OTHER);
	assert_int_equal(divcode_village_kind("45020510120"), VILLAGE_NONE);
	assert_int_equal(divcode_village_kind("45020510120x"), VILLAGE_NONE);
	assert_int_equal(divcode_village_kind(NULL), VILLAGE_NONE);
}

static void streets_get_community_centres(void **state)
{
	(void)state;
	char name[128];
	assert_int_equal(divcode_township_kind("白露街道"), TOWNSHIP_STREET);
	assert_int_equal(divcode_township_kind("沙塘镇"), TOWNSHIP_TOWN);
	assert_int_equal(divcode_township_kind("姚家乡"), TOWNSHIP_TOWN);
	divcode_centre_name("白露街道", name, sizeof(name));
	assert_string_equal(name, "白露街道社区卫生服务中心");
	divcode_centre_name("沙塘镇", name, sizeof(name));
	assert_string_equal(name, "沙塘镇卫生院");
}

static void seat_village_shares_the_township_stem(void **state)
{
	(void)state;
	assert_true(divcode_is_seat("沙塘村委会", "沙塘镇"));
	assert_true(divcode_is_seat("石碑坪村委会", "石碑坪镇"));
	assert_false(divcode_is_seat("石碑村委会", "石碑坪镇"));
	assert_false(divcode_is_seat("杨柳村委会", "沙塘镇"));
}

static void clinic_name_from_village_name(void **state)
{
	(void)state;
	char name[128];
	divcode_clinic_name("邵新村民委员会", name, sizeof(name));
	assert_string_equal(name, "邵新村卫生室");
	divcode_clinic_name("沙塘村委会", name, sizeof(name));
	assert_string_equal(name, "沙塘村卫生室");
}

static void county_of_a_code(void **state)
{
	(void)state;
	char county[7];
	assert_true(divcode_county("450205101205", county));
	assert_string_equal(county, "450205");
	assert_false(divcode_county("4502", county));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(village_committee_codes_are_200_to_399),
		cmocka_unit_test(residents_committee_codes_are_001_to_199),
		cmocka_unit_test(other_and_malformed_codes),
		cmocka_unit_test(streets_get_community_centres),
		cmocka_unit_test(seat_village_shares_the_township_stem),
		cmocka_unit_test(clinic_name_from_village_name),
		cmocka_unit_test(county_of_a_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
