/* SPDX-License-Identifier: MIT */
/* This file contains the audit log (审计日志): appending a row to the hash chain inside the
 * writer's transaction, verifying the chain, and the two read-only routes. */
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/db.h"
#include "http/http.h"

/* The prev_hash of the first row. */
static const char genesis[65] = "0000000000000000000000000000000000000000000000000000000000000000";

static const struct ent_field audit_fields[] = {
    {.name = "id", .label = "编号", .type = ENT_ID, .flags = EF_READONLY},
    {.name = "seq", .label = "序号", .type = ENT_INT, .flags = EF_READONLY | EF_SORT},
    {.name = "created_at", .label = "时间", .type = ENT_TIMESTAMP, .flags = EF_READONLY | EF_SORT},
    {.name = "user_id", .label = "用户编号", .type = ENT_ID, .flags = EF_READONLY},
    {.name = "username",
     .label = "用户名",
     .type = ENT_TEXT,
     .flags = EF_READONLY | EF_FILTER | EF_SORT,
     .max = 64},
    {.name = "role", .label = "角色", .type = ENT_TEXT, .flags = EF_READONLY, .max = 16},
    {.name = "actor_path", .label = "用户机构路径", .type = ENT_TEXT, .flags = EF_READONLY},
    {.name = "remote", .label = "来源地址", .type = ENT_TEXT, .flags = EF_READONLY},
    {.name = "action",
     .label = "操作",
     .type = ENT_TEXT,
     .flags = EF_READONLY | EF_FILTER | EF_SORT,
     .max = 32},
    {.name = "entity",
     .label = "对象类型",
     .type = ENT_TEXT,
     .flags = EF_READONLY | EF_FILTER | EF_SORT,
     .max = 128},
    {.name = "entity_id",
     .label = "对象编号",
     .type = ENT_TEXT,
     .flags = EF_READONLY | EF_FILTER,
     .max = 128},
    {.name = "before_value",
     .label = "修改前",
     .type = ENT_JSON,
     .flags = EF_READONLY | EF_NULLABLE},
    {.name = "after_value",
     .label = "修改后",
     .type = ENT_JSON,
     .flags = EF_READONLY | EF_NULLABLE},
    {.name = "prev_hash", .label = "前一条哈希", .type = ENT_TEXT, .flags = EF_READONLY},
    {.name = "hash", .label = "哈希", .type = ENT_TEXT, .flags = EF_READONLY},
};

const struct entity audit_entity = {
    .name = "audit",
    .label = "审计日志",
    .table = "audit_log",
    .fields = audit_fields,
    .nfields = sizeof(audit_fields) / sizeof(audit_fields[0]),
    .default_sort = "-seq",
};

/* TEXT as a JSON string, NULL as JSON null. New reference. */
static json_t *text_or_null(const char *text)
{
	return text ? json_string(text) : json_null();
}

int audit_row_hash(const struct audit_row *row, char out[65])
{
	json_t *content = json_object();
	if (!content)
		return -1;
	json_object_set_new(content, "seq", json_integer(row->seq));
	json_object_set_new(content, "id", text_or_null(row->id));
	json_object_set_new(content, "created_at", text_or_null(row->created_at));
	json_object_set_new(content, "user_id", text_or_null(row->user_id));
	json_object_set_new(content, "username", text_or_null(row->username));
	json_object_set_new(content, "role", text_or_null(row->role));
	json_object_set_new(content, "actor_path", text_or_null(row->actor_path));
	json_object_set_new(content, "remote", text_or_null(row->remote));
	json_object_set_new(content, "action", text_or_null(row->action));
	json_object_set_new(content, "entity", text_or_null(row->entity));
	json_object_set_new(content, "entity_id", text_or_null(row->entity_id));
	json_object_set_new(content, "before_value", text_or_null(row->before));
	json_object_set_new(content, "after_value", text_or_null(row->after));
	char *text = json_dumps(content, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(content);
	if (!text)
		return -1;

	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	const char *prev = row->prev_hash ? row->prev_hash : "";
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev, strlen(prev));
	crypto_hash_sha256_update(&st, (const unsigned char *)text, strlen(text));
	crypto_hash_sha256_final(&st, digest);
	sodium_bin2hex(out, 65, digest, sizeof(digest));
	free(text);
	return 0;
}

/* One append, its values borrowed from audit_append's arguments. */
struct append {
	const struct principal *who;
	const char *action, *entity, *entity_id;
	const char *before, *after; /* canonical JSON text or NULL */
};

static int append_body(struct db *db, void *cls)
{
	const struct append *a = cls;
	const struct principal *who = a->who;
	struct audit_row row = {.action = a->action,
	                        .entity = a->entity,
	                        .entity_id = a->entity_id,
	                        .before = a->before,
	                        .after = a->after};
	char id[37], now[21], prev_hash[65], hash[65];

	int rc = auth_store_audit_head_next(db, &row.seq, prev_hash);
	if (rc < 0)
		return rc;
	db_new_id(id);
	db_now(now);
	row.id = id;
	row.created_at = now;
	row.prev_hash = prev_hash;
	if (!who) {
		row.username = "cli";
	} else {
		/* An anonymous request keeps its address and, for a failed sign-in, the name
		 * that was tried; the empty strings of a blank principal become NULL. */
		row.user_id = who->user_id[0] ? who->user_id : NULL;
		row.username = who->username[0] ? who->username : NULL;
		row.role = role_name(who->role);
		row.actor_path = who->scope_path[0] ? who->scope_path : NULL;
		row.remote = who->remote[0] ? who->remote : NULL;
	}
	if (audit_row_hash(&row, hash) != 0)
		return DB_HARD;
	rc = auth_store_audit_insert(db, &row, hash);
	if (rc < 0)
		return rc;
	return auth_store_audit_head_set(db, hash, now);
}

/* Canonical text of V (borrowed, may be NULL) into *OUT (malloc'd, NULL for NULL).
 * Returns 0 or -1. */
static int canonical(const json_t *v, char **out)
{
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	*out = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	return *out ? 0 : -1;
}

int audit_append(struct db *db, const struct principal *who, const char *action, const char *entity,
                 const char *entity_id, const json_t *before, const json_t *after)
{
	struct append a = {.who = who, .action = action, .entity = entity, .entity_id = entity_id};
	char *before_text, *after_text;
	int rc = DB_HARD;

	if (canonical(before, &before_text) != 0)
		return DB_HARD;
	if (canonical(after, &after_text) != 0)
		goto out_free_before;
	a.before = before_text;
	a.after = after_text;
	/* Inside the writer's transaction the row commits or rolls back with the change. */
	if (db_in_transaction(db))
		rc = append_body(db, &a);
	else
		rc = db_run_transaction(db, "audit_append", append_body, &a);
	if (rc > 0)
		rc = 0;
	free(after_text);
out_free_before:
	free(before_text);
	return rc;
}

/* Compare one stored row against the chain so far. Returns 0 if it fits, 1 with WHY set. */
static int check_row(const struct db_res *res, size_t i, long long expect_seq,
                     const char *prev_hash, char *why, size_t why_len, long long *bad_seq)
{
	struct audit_row row = {
	    .seq = db_res_int(res, i, 0),
	    .id = db_res_text(res, i, 1),
	    .created_at = db_res_text(res, i, 2),
	    .user_id = db_res_text(res, i, 3),
	    .username = db_res_text(res, i, 4),
	    .role = db_res_text(res, i, 5),
	    .actor_path = db_res_text(res, i, 6),
	    .remote = db_res_text(res, i, 7),
	    .action = db_res_text(res, i, 8),
	    .entity = db_res_text(res, i, 9),
	    .entity_id = db_res_text(res, i, 10),
	    .before = db_res_text(res, i, 11),
	    .after = db_res_text(res, i, 12),
	    .prev_hash = db_res_text(res, i, 13),
	};
	const char *stored = db_res_text(res, i, 14);
	char hash[65];

	if (row.seq != expect_seq) {
		*bad_seq = expect_seq;
		snprintf(
		    why, why_len,
		    "第 %lld 条记录缺失（序号跳至 %lld） / row %lld is missing (next row is %lld)",
		    expect_seq, row.seq, expect_seq, row.seq);
		return 1;
	}
	*bad_seq = row.seq;
	if (!row.prev_hash || strcmp(row.prev_hash, prev_hash) != 0) {
		snprintf(
		    why, why_len,
		    "第 %lld 条记录的前一条哈希不符（其前有记录被删除或插入） / row %lld: "
		    "prev_hash does not match the previous row (a row was removed or inserted)",
		    row.seq, row.seq);
		return 1;
	}
	if (audit_row_hash(&row, hash) != 0) {
		snprintf(why, why_len, "内存不足 / out of memory");
		return 1;
	}
	if (!stored || strcmp(stored, hash) != 0) {
		snprintf(why, why_len,
		         "第 %lld 条记录内容与哈希不符（记录被修改） / row %lld: content does not "
		         "match its hash (the row was changed)",
		         row.seq, row.seq);
		return 1;
	}
	return 0;
}

#define VERIFY_PAGE 1000

int audit_verify_rows(struct db *db, long long *rows, long long *bad_seq, char *why, size_t why_len)
{
	char prev_hash[65], head_hash[65];
	long long last_seq = 0, head_seq = 0;
	int rc;

	*rows = 0;
	*bad_seq = 0;
	snprintf(prev_hash, sizeof(prev_hash), "%s", genesis);
	/* Page through the chain so that a long log does not sit in memory at once. */
	for (;;) {
		struct db_res *res = NULL;
		rc = auth_store_audit_page(db, last_seq, VERIFY_PAGE, &res);
		if (rc < 0)
			return -1;
		size_t n = db_res_rows(res);
		for (size_t i = 0; i < n; i++) {
			if (check_row(res, i, last_seq + 1, prev_hash, why, why_len, bad_seq)) {
				db_res_free(res);
				return 1;
			}
			last_seq++;
			snprintf(prev_hash, sizeof(prev_hash), "%s", db_res_text(res, i, 14));
			(*rows)++;
		}
		db_res_free(res);
		if (n < VERIFY_PAGE)
			break;
	}
	/* The head names the last row appended: rows removed from the end, or added after it
	 * by hand, show up here. */
	rc = auth_store_audit_head_get(db, &head_seq, head_hash);
	if (rc != DB_ONE)
		return -1;
	if (head_seq > last_seq) {
		*bad_seq = last_seq + 1;
		snprintf(why, why_len,
		         "审计链止于第 %lld 条，但记录头为第 %lld 条（末尾记录缺失） / the chain "
		         "ends at "
		         "row %lld but the head names row %lld (rows removed from the end)",
		         last_seq, head_seq, last_seq, head_seq);
		return 1;
	}
	if (head_seq < last_seq) {
		*bad_seq = head_seq + 1;
		snprintf(
		    why, why_len,
		    "第 %lld 条起的记录不在记录头之内（记录被插入） / rows from %lld on were added "
		    "after the head (row %lld)",
		    head_seq + 1, head_seq + 1, head_seq);
		return 1;
	}
	if (strcmp(head_hash, prev_hash) != 0) {
		*bad_seq = last_seq;
		snprintf(
		    why, why_len,
		    "第 %lld 条记录与记录头的哈希不符（记录被替换） / row %lld does not match the "
		    "head's hash (the row was replaced)",
		    last_seq, last_seq);
		return 1;
	}
	return 0;
}

int audit_verify(struct db *db, long long *bad_seq, char *why, size_t why_len)
{
	long long rows;
	return audit_verify_rows(db, &rows, bad_seq, why, why_len);
}

/* GET /api/v1/audit: admins see every row, auditors the rows of actors in their scope. */
enum MHD_Result auth_h_audit_list(struct req *r)
{
	struct ent_list l;
	struct app_error err;
	json_t *items = NULL;
	bool more = false;

	if (req_list(r, &audit_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	const char *scope = r->who.role == ROLE_ADMIN ? "/" : r->who.scope_path;
	int rc = auth_store_audit_list(r->db, &l, scope, &items, &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, rc == DB_RETRY ? ERR_UNAVAILABLE : ERR_INTERNAL, NULL, NULL,
		                 NULL);
	return reply_page(r, items, more, &l);
}

/* GET /api/v1/audit/verify */
enum MHD_Result auth_h_audit_verify(struct req *r)
{
	long long rows = 0, bad_seq = 0;
	char why[512] = "";
	int rc = audit_verify_rows(r->db, &rows, &bad_seq, why, sizeof(why));
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	if (rc == 0)
		return reply_json(r, 200,
		                  json_pack("{s:b, s:I}", "ok", 1, "rows", (json_int_t)rows));
	return reply_json(
	    r, 200,
	    json_pack("{s:b, s:I, s:s}", "ok", 0, "bad_seq", (json_int_t)bad_seq, "reason", why));
}
