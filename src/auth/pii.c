/* SPDX-License-Identifier: MIT */
/* This file contains the protection of personal data (个人敏感信息): the secret key kept in
 * a file outside the database, sealing and opening of values such as citizen id numbers
 * (XChaCha20-Poly1305 with a random nonce), and the keyed hash used to find a value without
 * decrypting anything. The key lives only in this process's memory, locked out of swap
 * where the system allows it. It is loaded once, before any worker thread starts, and only
 * read afterwards. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/pii.h"

#define KEY_BYTES crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES
#define HASH_BYTES 32
/* crypto_kdf contexts are exactly crypto_kdf_CONTEXTBYTES (8) characters. */
#define HASH_CONTEXT "yth-hash"
#define HASH_SUBKEY_ID 1

_Static_assert(KEY_BYTES == crypto_kdf_KEYBYTES, "the sealing key is also the KDF master key");

static unsigned char seal_key[KEY_BYTES];
/* A subkey of its own for hashing, so that the sealing key never meets another use. */
static unsigned char hash_key[crypto_generichash_KEYBYTES];
static bool loaded;
static bool locked;
/* The key file last asked for, for the message when there is none. */
static char key_path[PATH_MAX] = "var/yitihua.key";

void pii_default_key_path(const char *db_url, char *out, size_t len)
{
	if (!db_url || strncmp(db_url, "postgresql://", 13) == 0 ||
	    strncmp(db_url, "postgres://", 11) == 0)
		snprintf(out, len, "var/yitihua.key");
	else
		snprintf(out, len, "%s.key", db_url);
}

static void forget_key(void)
{
	sodium_memzero(seal_key, sizeof(seal_key));
	sodium_memzero(hash_key, sizeof(hash_key));
	loaded = false;
}

static int missing(struct app_error *err)
{
	return err_set(err, ERR_INTERNAL, NULL, NULL, "未找到个人信息密钥文件 %s，请先运行 yitihua init",
		       key_path);
}

/* Make the folder that will hold PATH if it does not exist (one level, mode 0700). */
static int make_parent(const char *path, struct app_error *err)
{
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0700) == 0 || errno == EEXIST)
		return 0;
	return err_set(err, ERR_INTERNAL, NULL, NULL, "无法建立密钥文件目录 %s：%s", dir,
		       strerror(errno));
}

static int write_all(int fd, const unsigned char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Create the key file PATH with a new random key unless it exists. The key is written to a
 * file of its own (O_CREAT | O_EXCL, mode 0600) and then linked into place, so that a
 * process starting at the same moment sees either no file or the whole key, never part of
 * one; if another process won the race its key is kept. */
static int create_key_file(const char *path, struct app_error *err)
{
	char tmp[PATH_MAX + 32];
	unsigned char key[KEY_BYTES];
	int rc = -1;
	if (access(path, F_OK) == 0)
		return 0;
	if (make_parent(path, err) != 0)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.new.%ld", path, (long)getpid());
	unlink(tmp); /* left by a process of the same pid that died half-way */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, "无法建立个人信息密钥文件 %s：%s", path,
			       strerror(errno));
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	/* The umask can only remove bits; fchmod makes it exactly owner read/write. */
	bool ok = fchmod(fd, 0600) == 0 && write_all(fd, key, sizeof(key)) == 0 && fsync(fd) == 0;
	sodium_memzero(key, sizeof(key));
	if (close(fd) != 0)
		ok = false;
	if (!ok) {
		err_set(err, ERR_INTERNAL, NULL, NULL, "无法写入个人信息密钥文件 %s：%s", tmp,
			strerror(errno));
		goto out_unlink;
	}
	if (link(tmp, path) != 0 && errno != EEXIST) {
		err_set(err, ERR_INTERNAL, NULL, NULL, "无法建立个人信息密钥文件 %s：%s", path,
			strerror(errno));
		goto out_unlink;
	}
	rc = 0;
out_unlink:
	unlink(tmp);
	return rc;
}

/* Read the key in PATH into KEY, refusing a file others may read. */
static int read_key_file(const char *path, unsigned char key[KEY_BYTES], struct app_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return missing(err);
		return err_set(err, ERR_INTERNAL, NULL, NULL, "无法读取个人信息密钥文件 %s：%s", path,
			       strerror(errno));
	}
	int rc = -1;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		err_set(err, ERR_INTERNAL, NULL, NULL, "个人信息密钥文件 %s 不是普通文件", path);
		goto out_close;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		err_set(err, ERR_INTERNAL, NULL, NULL,
			"个人信息密钥文件 %s 的权限为 %03o，同组或其他用户可以访问，拒绝使用；"
			"请执行 chmod 600 %s",
			path, (unsigned)(st.st_mode & 0777), path);
		goto out_close;
	}
	if (st.st_size != KEY_BYTES) {
		err_set(err, ERR_INTERNAL, NULL, NULL, "个人信息密钥文件 %s 已损坏：长度应为 %d 字节，实为 %lld",
			path, KEY_BYTES, (long long)st.st_size);
		goto out_close;
	}
	size_t got = 0;
	while (got < KEY_BYTES) {
		ssize_t n = read(fd, key + got, KEY_BYTES - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got != KEY_BYTES) {
		err_set(err, ERR_INTERNAL, NULL, NULL, "无法读取个人信息密钥文件 %s", path);
		goto out_close;
	}
	rc = 0;
out_close:
	close(fd);
	return rc;
}

int pii_load(const char *path, bool create, struct app_error *err)
{
	unsigned char key[KEY_BYTES];
	if (sodium_init() < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, "libsodium 初始化失败");
	snprintf(key_path, sizeof(key_path), "%s", path);
	forget_key();
	if (!locked)
		locked = sodium_mlock(seal_key, sizeof(seal_key)) == 0 &&
			 sodium_mlock(hash_key, sizeof(hash_key)) == 0;
	if (create && create_key_file(path, err) != 0)
		return -1;
	int rc = read_key_file(path, key, err);
	if (rc == 0) {
		memcpy(seal_key, key, sizeof(seal_key));
		crypto_kdf_derive_from_key(hash_key, sizeof(hash_key), HASH_SUBKEY_ID, HASH_CONTEXT,
					   seal_key);
		loaded = true;
	}
	sodium_memzero(key, sizeof(key));
	return rc;
}

bool pii_ready(void)
{
	return loaded;
}

int pii_require(struct app_error *err)
{
	return loaded ? 0 : missing(err);
}

char *pii_seal(const char *text)
{
	if (!loaded || !text)
		return NULL;
	size_t len = strlen(text);
	size_t sealed_len = NONCE_BYTES + len + TAG_BYTES;
	unsigned char *sealed = malloc(sealed_len);
	size_t b64_len = sodium_base64_ENCODED_LEN(sealed_len, sodium_base64_VARIANT_ORIGINAL);
	char *out = malloc(b64_len);
	if (!sealed || !out)
		goto out_fail;
	randombytes_buf(sealed, NONCE_BYTES);
	unsigned long long clen;
	crypto_aead_xchacha20poly1305_ietf_encrypt(sealed + NONCE_BYTES, &clen,
						   (const unsigned char *)text, len, NULL, 0, NULL,
						   sealed, seal_key);
	sodium_bin2base64(out, b64_len, sealed, NONCE_BYTES + (size_t)clen,
			  sodium_base64_VARIANT_ORIGINAL);
	free(sealed);
	return out;
out_fail:
	free(sealed);
	free(out);
	return NULL;
}

char *pii_open(const char *sealed)
{
	if (!loaded || !sealed)
		return NULL;
	size_t cap = strlen(sealed) / 4 * 3 + 3, bin_len = 0;
	unsigned char *bin = malloc(cap);
	char *out = NULL;
	if (!bin)
		return NULL;
	if (sodium_base642bin(bin, cap, sealed, strlen(sealed), NULL, &bin_len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    bin_len < NONCE_BYTES + TAG_BYTES)
		goto out_free;
	size_t text_len = bin_len - NONCE_BYTES - TAG_BYTES;
	out = malloc(text_len + 1);
	if (!out)
		goto out_free;
	unsigned long long mlen;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((unsigned char *)out, &mlen, NULL,
						       bin + NONCE_BYTES, bin_len - NONCE_BYTES,
						       NULL, 0, bin, seal_key) != 0) {
		free(out);
		out = NULL;
		goto out_free;
	}
	out[mlen] = '\0';
out_free:
	free(bin);
	return out;
}

void pii_hash(const char *text, char out[65])
{
	unsigned char h[HASH_BYTES];
	out[0] = '\0';
	if (!loaded || !text)
		return;
	crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text), hash_key,
			   sizeof(hash_key));
	sodium_bin2hex(out, 65, h, sizeof(h));
}
