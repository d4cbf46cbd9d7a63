/* SPDX-License-Identifier: MIT */
/* This file contains API tokens for integrations (Authorization: Bearer): made by a
 * signed-in user for themself, shown once, stored only as a SHA-256, revocable. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "db/db.h"
#include "http/http.h"

#define TOKEN_BYTES  32
#define TOKEN_PREFIX "yth_"
/* "yth_" and the first 8 characters: enough to tell one's tokens apart, useless to use. */
#define TOKEN_SHOWN 12

static const struct ent_field token_fields[] = {
    {.name = "id", .label = "编号", .type = ENT_ID, .flags = EF_READONLY},
    {.name = "name", .label = "名称", .type = ENT_TEXT, .flags = EF_REQUIRED, .min = 1, .max = 64},
    {.name = "prefix", .label = "令牌前缀", .type = ENT_TEXT, .flags = EF_READONLY},
    /* Only in the answer to its creation: the token itself is never stored. */
    {.name = "token",
     .label = "令牌",
     .type = ENT_TEXT,
     .flags = EF_READONLY | EF_NOLIST | EF_VIRTUAL},
    {.name = "created_at", .label = "创建时间", .type = ENT_TIMESTAMP, .flags = EF_READONLY},
    {.name = "revoked_at",
     .label = "吊销时间",
     .type = ENT_TIMESTAMP,
     .flags = EF_READONLY | EF_NULLABLE},
};

const struct entity token_entity = {
    .name = "token",
    .label = "接口令牌",
    .table = "api_tokens",
    .fields = token_fields,
    .nfields = sizeof(token_fields) / sizeof(token_fields[0]),
    .default_sort = "-created_at",
};

static enum MHD_Result db_error_reply(struct req *r, int rc)
{
	return reply_err(r, rc == DB_RETRY ? ERR_UNAVAILABLE : ERR_INTERNAL, NULL, NULL, NULL);
}

/* GET /api/v1/tokens: the caller's own tokens, revoked ones included. */
enum MHD_Result auth_h_tokens_list(struct req *r)
{
	json_t *items = NULL;
	int rc = auth_store_tokens_list(r->db, r->who.user_id, &items);
	if (rc < 0)
		return db_error_reply(r, rc);
	return reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_offset"));
}

struct token_create {
	const struct principal *by;
	json_t *rec; /* borrowed: the row, without the token */
	const char *hash;
};

static int token_create_body(struct db *db, void *cls)
{
	struct token_create *t = cls;
	int rc = auth_store_token_insert(db, t->rec, t->by->user_id, t->hash, t->by->username);
	if (rc < 0)
		return rc;
	return audit_append(db, t->by, "create", "token",
	                    json_string_value(json_object_get(t->rec, "id")), NULL, t->rec);
}

/* POST /api/v1/tokens {"name"} → the record with "token", shown this once. */
enum MHD_Result auth_h_token_create(struct req *r)
{
	struct app_error err;
	unsigned char bin[TOKEN_BYTES];
	char
	    token[sizeof(TOKEN_PREFIX) +
	          sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char hash[65], id[37], now[21], prefix[TOKEN_SHOWN + 1];
	unsigned char digest[crypto_hash_sha256_BYTES];
	enum MHD_Result ret;

	if (!r->json)
		return reply_err(r, ERR_BAD_JSON, NULL, NULL, NULL);
	if (ent_validate(&token_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);

	if (sodium_init() < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	randombytes_buf(bin, sizeof(bin));
	memcpy(token, TOKEN_PREFIX, sizeof(TOKEN_PREFIX) - 1);
	sodium_bin2base64(token + sizeof(TOKEN_PREFIX) - 1,
	                  sizeof(token) - sizeof(TOKEN_PREFIX) + 1, bin, sizeof(bin),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(bin, sizeof(bin));
	crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hash, sizeof(hash), digest, sizeof(digest));
	memcpy(prefix, token, TOKEN_SHOWN);
	prefix[TOKEN_SHOWN] = '\0';
	db_new_id(id);
	db_now(now);

	json_t *rec = json_pack("{s:s, s:O, s:s, s:s, s:n}", "id", id, "name",
	                        json_object_get(r->json, "name"), "prefix", prefix, "created_at",
	                        now, "revoked_at");
	if (!rec)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	struct token_create t = {.by = &r->who, .rec = rec, .hash = hash};
	int rc = db_run_transaction(r->db, "token_create", token_create_body, &t);
	if (rc < 0) {
		ret = db_error_reply(r, rc);
		goto out_free_rec;
	}
	json_object_set_new(rec, "token", json_string(token));
	ret = reply_json(r, 201, json_incref(rec));
out_free_rec:
	sodium_memzero(token, sizeof(token));
	json_decref(rec);
	return ret;
}

struct token_revoke {
	const struct principal *by;
	const char *id;
};

static int token_revoke_body(struct db *db, void *cls)
{
	struct token_revoke *t = cls;
	char now[21];
	db_now(now);
	int rc = auth_store_token_revoke(db, t->id, t->by->user_id, now, t->by->username);
	if (rc <= 0)
		return rc == 0 ? DB_ABORT : rc;
	return audit_append(db, t->by, "revoke", "token", t->id, NULL, NULL);
}

/* DELETE /api/v1/tokens/{id}: only one's own; another user's token is "not found". */
enum MHD_Result auth_h_token_revoke(struct req *r)
{
	struct token_revoke t = {.by = &r->who, .id = req_param(r, "id")};
	int rc = db_run_transaction(r->db, "token_revoke", token_revoke_body, &t);
	if (rc == DB_ABORT)
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "令牌不存在或已吊销");
	if (rc < 0)
		return db_error_reply(r, rc);
	return reply_no_content(r);
}
