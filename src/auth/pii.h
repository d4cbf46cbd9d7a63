/* SPDX-License-Identifier: MIT */
/* Personal data protection (个人敏感信息): a secret key kept in a file outside the database
 * (created by `yitihua init`, mode 0600), sealing of values such as citizen id numbers
 * (XChaCha20-Poly1305), and a keyed hash for exact look-up without decrypting. */
#ifndef YTH_AUTH_PII_H
#define YTH_AUTH_PII_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/* Where the key file of database DB_URL lives unless --key / $YITIHUA_KEY say otherwise:
 * "<file>.key" beside an SQLite file, "var/yitihua.key" for PostgreSQL. Into OUT (LEN). */
void pii_default_key_path(const char *db_url, char *out, size_t len);

/* Load the key from PATH; with CREATE, make a new random key there first if the file does
 * not exist (mode 0600, refusing a file readable by others). Returns 0 or -1 with ERR. */
int pii_load(const char *path, bool create, struct app_error *err);

/* True once a key is loaded. */
bool pii_ready(void);

/* 0 if a key is loaded, else -1 with ERR (ERR_INTERNAL) naming the key file looked for and
 * saying to run `yitihua init`: for whatever must seal or open a value. */
int pii_require(struct app_error *err);

/* TEXT sealed with the key and a random nonce, as base64 text. New string, NULL on
 * failure (no key). */
char *pii_seal(const char *text);

/* The text SEALED holds. New string, or NULL if it was not sealed with this key or was
 * altered. */
char *pii_open(const char *sealed);

/* Keyed hash of TEXT (BLAKE2b with a subkey of the key), 64 hex digits into OUT. Equal
 * texts give equal hashes; without the key nothing can be learnt from it. OUT is "" when
 * no key is loaded. */
void pii_hash(const char *text, char out[65]);

#endif
