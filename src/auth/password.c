/* SPDX-License-Identifier: MIT */
/* This file contains password hashing (argon2id through libsodium's crypto_pwhash) and
 * the password policy. Passwords are never logged and never returned. */
#include <sodium.h>
#include <string.h>

#include "auth/auth.h"

/* OWASP's minimum for argon2id: 19 MiB of memory, two passes. */
#define PW_MEMLIMIT  ((size_t)19 * 1024 * 1024)
#define PW_OPSLIMIT  2ULL
#define PW_MIN_BYTES 8
#define PW_MAX_BYTES 128

int auth_password_hash(const char *password, char *out, size_t out_len)
{
	if (!password || out_len < crypto_pwhash_STRBYTES || sodium_init() < 0)
		return -1;
	if (crypto_pwhash_str_alg(out, password, strlen(password), PW_OPSLIMIT, PW_MEMLIMIT,
	                          crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1; /* out of memory */
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	if (!hash || !password || sodium_init() < 0)
		return false;
	/* crypto_pwhash_str_verify reads the hash as a C string of at most STRBYTES. */
	if (strnlen(hash, crypto_pwhash_STRBYTES) >= crypto_pwhash_STRBYTES)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int auth_password_check(const char *password, struct app_error *err)
{
	if (!password)
		return err_set(err, ERR_REQUIRED, "password", NULL, "缺少必填字段：密码");
	size_t len = strlen(password);
	if (len < PW_MIN_BYTES || len > PW_MAX_BYTES)
		return err_set(err, ERR_INVALID, "password", NULL, "密码长度须为 %d–%d 个字节",
		               PW_MIN_BYTES, PW_MAX_BYTES);
	if (strspn(password, "0123456789") == len)
		return err_set(err, ERR_INVALID, "password", NULL, "密码不能全为数字");
	return 0;
}
