/* SPDX-License-Identifier: MIT */
/* Unit tests of core/citizen_id.c: the GB 11643 check character (ISO 7064 MOD 11-2), the
 * birth date and sex inside the number, the errors, masking and the canonical form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/citizen_id.h"

static void a_valid_id_gives_birth_date_and_sex(void **state)
{
	(void)state;
	char birth[11] = "";
	const char *sex = NULL;
	assert_int_equal(citizen_id_parse("450205198001011231", birth, &sex), CID_OK);
	assert_string_equal(birth, "1980-01-01");
	assert_string_equal(sex, "male");
}

static void the_check_character_is_iso_7064_mod_11_2(void **state)
{
	(void)state;
	assert_int_equal(citizen_id_check_char("45020519800101123"), '1');
	assert_int_equal(citizen_id_check_char("45020519850615002"), '6');
	assert_int_equal(citizen_id_check_char("4502051980010112"), '\0');
	assert_int_equal(citizen_id_check_char("4502051980010112A"), '\0');
}

static void an_x_check_character_is_accepted(void **state)
{
	(void)state;
	char birth[11];
	const char *sex;
	/* The example number of GB 11643 itself. */
	assert_int_equal(citizen_id_check_char("11010519491231002"), 'X');
	assert_int_equal(citizen_id_parse("11010519491231002X", birth, &sex), CID_OK);
	assert_string_equal(birth, "1949-12-31");
	assert_string_equal(sex, "female");
}

static void a_lower_case_x_means_x(void **state)
{
	(void)state;
	char out[19];
	assert_int_equal(citizen_id_parse("11010519491231002x", NULL, NULL), CID_OK);
	citizen_id_normalise("11010519491231002x", out);
	assert_string_equal(out, "11010519491231002X");
}

static void a_wrong_check_character_is_refused(void **state)
{
	(void)state;
	char birth[11] = "untouched";
	assert_int_equal(citizen_id_parse("450205198001011232", birth, NULL), CID_CHECK);
	assert_int_equal(citizen_id_parse("45020519800101123X", NULL, NULL), CID_CHECK);
	assert_string_equal(birth, "untouched");
	assert_string_equal(citizen_id_status_text(CID_CHECK), "校验码（最后一位）不正确，请核对号码");
}

static void a_birth_date_that_does_not_exist_is_refused(void **state)
{
	(void)state;
	/* 30 February, with the check character the digits call for. */
	assert_int_equal(citizen_id_check_char("45020519800230123"), '0');
	assert_int_equal(citizen_id_parse("450205198002301230", NULL, NULL), CID_DATE);
	assert_int_equal(citizen_id_parse("450205198013011230", NULL, NULL), CID_DATE);
}

static void a_leap_day_is_a_real_date(void **state)
{
	(void)state;
	char birth[11];
	char id[19] = "45020520000229001";
	id[17] = citizen_id_check_char(id);
	id[18] = '\0';
	assert_int_equal(citizen_id_parse(id, birth, NULL), CID_OK);
	assert_string_equal(birth, "2000-02-29");
}

static void length_errors(void **state)
{
	(void)state;
	assert_int_equal(citizen_id_parse("45020519800101123", NULL, NULL), CID_LENGTH);
	assert_int_equal(citizen_id_parse("4502051980010112311", NULL, NULL), CID_LENGTH);
	assert_int_equal(citizen_id_parse("", NULL, NULL), CID_LENGTH);
	assert_int_equal(citizen_id_parse(NULL, NULL, NULL), CID_LENGTH);
	/* The old 15-digit numbers are not accepted. */
	assert_int_equal(citizen_id_parse("450205800101123", NULL, NULL), CID_LENGTH);
}

static void digit_errors(void **state)
{
	(void)state;
	assert_int_equal(citizen_id_parse("45020519800101A231", NULL, NULL), CID_DIGITS);
	assert_int_equal(citizen_id_parse("X50205198001011231", NULL, NULL), CID_DIGITS);
	assert_int_equal(citizen_id_parse("45020519800101123Y", NULL, NULL), CID_DIGITS);
	assert_int_equal(citizen_id_parse("4502051980010112 1", NULL, NULL), CID_DIGITS);
}

static void sex_comes_from_the_17th_digit(void **state)
{
	(void)state;
	const char *sex;
	/* ...002 → even → female; ...123 → odd → male (the 17th digit decides). */
	assert_int_equal(citizen_id_parse("450205198506150026", NULL, &sex), CID_OK);
	assert_string_equal(sex, "female");
	assert_int_equal(citizen_id_parse("450205198001011231", NULL, &sex), CID_OK);
	assert_string_equal(sex, "male");
	assert_int_equal(citizen_id_parse("450205198001011282", NULL, &sex), CID_OK);
	assert_string_equal(sex, "female");
}

static void masking_keeps_the_first_4_and_last_4(void **state)
{
	(void)state;
	char out[19];
	citizen_id_mask("450205198001011231", out);
	assert_string_equal(out, "4502**********1231");
	citizen_id_mask("11010519491231002x", out);
	assert_string_equal(out, "1101**********002X");
	citizen_id_mask("12345678", out);
	assert_string_equal(out, "********");
	citizen_id_mask("", out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_valid_id_gives_birth_date_and_sex),
		cmocka_unit_test(the_check_character_is_iso_7064_mod_11_2),
		cmocka_unit_test(an_x_check_character_is_accepted),
		cmocka_unit_test(a_lower_case_x_means_x),
		cmocka_unit_test(a_wrong_check_character_is_refused),
		cmocka_unit_test(a_birth_date_that_does_not_exist_is_refused),
		cmocka_unit_test(a_leap_day_is_a_real_date),
		cmocka_unit_test(length_errors),
		cmocka_unit_test(digit_errors),
		cmocka_unit_test(sex_comes_from_the_17th_digit),
		cmocka_unit_test(masking_keeps_the_first_4_and_last_4),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
