/* SPDX-License-Identifier: MIT */
/* Unit tests of auth/pii.c: the key file (created with mode 0600, refused when others may
 * read it), sealing and opening, and the keyed hash. Each test works in a temporary folder
 * of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/pii.h"

#define ID "450205198001011231"

struct fixture {
	char dir[64];
	char key[128];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/yth-pii.XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->key, sizeof(f->key), "%s/test.key", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[160];
	unlink(f->key);
	snprintf(path, sizeof(path), "%s/sub/yitihua.key", f->dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub", f->dir);
	rmdir(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* A fixture with a freshly created key loaded. */
static int setup_loaded(void **state)
{
	struct app_error err;
	if (setup(state) != 0)
		return -1;
	struct fixture *f = *state;
	return pii_load(f->key, true, &err);
}

static void seal_and_open_round_trip(void **state)
{
	(void)state;
	char *sealed = pii_seal(ID);
	assert_non_null(sealed);
	assert_null(strstr(sealed, ID));
	char *opened = pii_open(sealed);
	assert_non_null(opened);
	assert_string_equal(opened, ID);
	free(opened);
	free(sealed);
}

static void tampered_ciphertext_is_refused(void **state)
{
	(void)state;
	char *sealed = pii_seal(ID);
	assert_non_null(sealed);
	/* Change one base64 character in the middle of the ciphertext. */
	size_t mid = strlen(sealed) / 2;
	sealed[mid] = sealed[mid] == 'A' ? 'B' : 'A';
	assert_null(pii_open(sealed));
	assert_null(pii_open("not base64 at all!"));
	assert_null(pii_open(""));
	free(sealed);
}

static void the_same_text_seals_differently_each_time(void **state)
{
	(void)state;
	char *a = pii_seal(ID), *b = pii_seal(ID);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_not_equal(a, b);
	free(a);
	free(b);
}

static void the_same_text_hashes_the_same(void **state)
{
	(void)state;
	char a[65], b[65], c[65];
	pii_hash(ID, a);
	pii_hash(ID, b);
	pii_hash("11010519491231002X", c);
	assert_int_equal(strlen(a), 64);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
}

static void another_key_neither_opens_nor_hashes_alike(void **state)
{
	struct fixture *f = *state;
	struct app_error err;
	char before[65], after[65], other[160];
	char *sealed = pii_seal(ID);
	pii_hash(ID, before);
	snprintf(other, sizeof(other), "%s/sub/yitihua.key", f->dir);
	assert_int_equal(pii_load(other, true, &err), 0);
	pii_hash(ID, after);
	assert_string_not_equal(before, after);
	assert_null(pii_open(sealed));
	free(sealed);
}

static void the_key_file_is_created_with_mode_0600(void **state)
{
	struct fixture *f = *state;
	struct app_error err;
	struct stat st;
	assert_int_equal(pii_load(f->key, true, &err), 0);
	assert_true(pii_ready());
	assert_int_equal(stat(f->key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 32);
}

static void creating_again_keeps_the_existing_key(void **state)
{
	struct fixture *f = *state;
	struct app_error err;
	assert_int_equal(pii_load(f->key, true, &err), 0);
	char *sealed = pii_seal(ID);
	assert_int_equal(pii_load(f->key, true, &err), 0);
	char *opened = pii_open(sealed);
	assert_non_null(opened);
	assert_string_equal(opened, ID);
	free(opened);
	free(sealed);
}

static void a_key_file_others_can_read_is_refused(void **state)
{
	struct fixture *f = *state;
	struct app_error err;
	assert_int_equal(pii_load(f->key, true, &err), 0);
	assert_int_equal(chmod(f->key, 0644), 0);
	assert_int_equal(pii_load(f->key, false, &err), -1);
	assert_false(pii_ready());
	assert_non_null(strstr(err.message, "权限为 644"));
	assert_non_null(strstr(err.message, "chmod 600"));
	assert_null(pii_seal(ID));
}

static void a_missing_key_file_says_to_run_init(void **state)
{
	struct fixture *f = *state;
	struct app_error err;
	assert_int_equal(pii_load(f->key, false, &err), -1);
	assert_false(pii_ready());
	assert_int_equal(err.code, ERR_INTERNAL);
	assert_non_null(strstr(err.message, "未找到个人信息密钥文件"));
	assert_non_null(strstr(err.message, f->key));
	assert_non_null(strstr(err.message, "yitihua init"));
	err.message[0] = '\0';
	assert_int_equal(pii_require(&err), -1);
	assert_non_null(strstr(err.message, f->key));
	char hash[65] = "x";
	pii_hash(ID, hash);
	assert_string_equal(hash, "");
	assert_null(pii_seal(ID));
	assert_null(pii_open("AAAA"));
}

static void a_key_file_of_the_wrong_length_is_refused(void **state)
{
	struct fixture *f = *state;
	struct app_error err;
	int fd = open(f->key, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "short", 5), 5);
	close(fd);
	assert_int_equal(pii_load(f->key, true, &err), -1);
	assert_non_null(strstr(err.message, "长度应为 32 字节"));
}

static void default_key_paths(void **state)
{
	(void)state;
	char out[256];
	pii_default_key_path("var/yitihua.db", out, sizeof(out));
	assert_string_equal(out, "var/yitihua.db.key");
	pii_default_key_path("postgresql://u@localhost/yitihua", out, sizeof(out));
	assert_string_equal(out, "var/yitihua.key");
	pii_default_key_path("postgres://u@localhost/yitihua", out, sizeof(out));
	assert_string_equal(out, "var/yitihua.key");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(seal_and_open_round_trip, setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(tampered_ciphertext_is_refused, setup_loaded,
						teardown),
		cmocka_unit_test_setup_teardown(the_same_text_seals_differently_each_time,
						setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(the_same_text_hashes_the_same, setup_loaded,
						teardown),
		cmocka_unit_test_setup_teardown(another_key_neither_opens_nor_hashes_alike,
						setup_loaded, teardown),
		cmocka_unit_test_setup_teardown(the_key_file_is_created_with_mode_0600, setup,
						teardown),
		cmocka_unit_test_setup_teardown(creating_again_keeps_the_existing_key, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_key_file_others_can_read_is_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_missing_key_file_says_to_run_init, setup,
						teardown),
		cmocka_unit_test_setup_teardown(a_key_file_of_the_wrong_length_is_refused, setup,
						teardown),
		cmocka_unit_test(default_key_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
