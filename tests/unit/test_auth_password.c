/* SPDX-License-Identifier: MIT */
/* Unit tests of auth/password.c: argon2id hashing with the required cost, verification,
 * and the password policy. */
/* cmocka needs these before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"

static void hash_is_argon2id_with_19_mib_and_two_passes(void **state)
{
	(void)state;
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(auth_password_hash("correct horse", hash, sizeof(hash)), 0);
	/* The PHC string names the algorithm and its parameters: m in KiB, t passes. */
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_non_null(strstr(hash, "m=19456,"));
	assert_non_null(strstr(hash, "t=2,"));
}

static void hash_does_not_contain_the_password(void **state)
{
	(void)state;
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(auth_password_hash("correct horse", hash, sizeof(hash)), 0);
	assert_null(strstr(hash, "correct horse"));
}

static void same_password_hashes_differently_each_time(void **state)
{
	(void)state;
	char a[crypto_pwhash_STRBYTES], b[crypto_pwhash_STRBYTES];
	assert_int_equal(auth_password_hash("correct horse", a, sizeof(a)), 0);
	assert_int_equal(auth_password_hash("correct horse", b, sizeof(b)), 0);
	assert_string_not_equal(a, b); /* salted */
}

static void right_password_verifies(void **state)
{
	(void)state;
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(auth_password_hash("correct horse", hash, sizeof(hash)), 0);
	assert_true(auth_password_verify(hash, "correct horse"));
}

static void wrong_password_does_not_verify(void **state)
{
	(void)state;
	char hash[crypto_pwhash_STRBYTES];
	assert_int_equal(auth_password_hash("correct horse", hash, sizeof(hash)), 0);
	assert_false(auth_password_verify(hash, "correct horsE"));
	assert_false(auth_password_verify(hash, ""));
}

static void garbage_hash_does_not_verify(void **state)
{
	(void)state;
	assert_false(auth_password_verify("", "x"));
	assert_false(auth_password_verify("not a hash", "not a hash"));
	assert_false(auth_password_verify(NULL, "x"));
}

static void short_output_buffer_is_refused(void **state)
{
	(void)state;
	char hash[16];
	assert_int_equal(auth_password_hash("correct horse", hash, sizeof(hash)), -1);
}

static void policy_accepts_eight_bytes_with_a_letter(void **state)
{
	(void)state;
	struct app_error err = {0};
	assert_int_equal(auth_password_check("demo1234", &err), 0);
}

static void policy_refuses_seven_bytes(void **state)
{
	(void)state;
	struct app_error err = {0};
	assert_int_equal(auth_password_check("abc1234", &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_string_equal(err.field, "password");
}

static void policy_refuses_more_than_128_bytes(void **state)
{
	(void)state;
	struct app_error err = {0};
	char long_pw[130];
	memset(long_pw, 'a', 129);
	long_pw[129] = '\0';
	assert_int_equal(auth_password_check(long_pw, &err), -1);
	assert_string_equal(err.field, "password");
	long_pw[128] = '\0';
	assert_int_equal(auth_password_check(long_pw, &err), 0);
}

static void policy_refuses_all_digits(void **state)
{
	(void)state;
	struct app_error err = {0};
	assert_int_equal(auth_password_check("12345678", &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_string_equal(err.field, "password");
}

static void policy_refuses_missing_password(void **state)
{
	(void)state;
	struct app_error err = {0};
	assert_int_equal(auth_password_check(NULL, &err), -1);
	assert_int_equal(err.code, ERR_REQUIRED);
	assert_string_equal(err.field, "password");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hash_is_argon2id_with_19_mib_and_two_passes),
	    cmocka_unit_test(hash_does_not_contain_the_password),
	    cmocka_unit_test(same_password_hashes_differently_each_time),
	    cmocka_unit_test(right_password_verifies),
	    cmocka_unit_test(wrong_password_does_not_verify),
	    cmocka_unit_test(garbage_hash_does_not_verify),
	    cmocka_unit_test(short_output_buffer_is_refused),
	    cmocka_unit_test(policy_accepts_eight_bytes_with_a_letter),
	    cmocka_unit_test(policy_refuses_seven_bytes),
	    cmocka_unit_test(policy_refuses_more_than_128_bytes),
	    cmocka_unit_test(policy_refuses_all_digits),
	    cmocka_unit_test(policy_refuses_missing_password),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
