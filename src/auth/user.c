/* SPDX-License-Identifier: MIT */
/* This file contains users (用户): the entity declaration, creating a user and setting a
 * password (shared by the CLI and the API), and the user routes. Scope and role were
 * checked by auth_authorize() before any handler here runs. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "db/db.h"
#include "http/http.h"
#include "org/org.h"

/* Lower-case letters, digits and "_.-": safe in URLs, logs and the CLI. */
static bool username_ok(const json_t *value)
{
	const char *s = json_string_value(value);
	return s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_.-") == strlen(s);
}

static const struct ent_field user_fields[] = {
    {.name = "id", .label = "编号", .type = ENT_ID, .flags = EF_READONLY},
    {.name = "username",
     .label = "用户名",
     .type = ENT_TEXT,
     .flags = EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT,
     .min = 3,
     .max = 32,
     .check = username_ok,
     .check_message = "只能包含小写字母、数字和 _ . -"},
    {.name = "display_name",
     .label = "姓名",
     .type = ENT_TEXT,
     .flags = EF_REQUIRED | EF_SORT,
     .min = 1,
     .max = 64},
    {.name = "role",
     .label = "角色",
     .type = ENT_ENUM,
     .flags = EF_REQUIRED | EF_FILTER | EF_SORT,
     .enums = role_enums},
    {.name = "institution_id",
     .label = "所属机构",
     .type = ENT_ID,
     .flags = EF_REQUIRED | EF_FILTER},
    {.name = "disabled", .label = "停用", .type = ENT_BOOL, .flags = EF_FILTER},
    /* Accepted only when a user is created; hashed, never stored or sent back. */
    {.name = "password",
     .label = "密码",
     .type = ENT_TEXT,
     .flags = EF_VIRTUAL | EF_IMMUTABLE | EF_NOLIST,
     .min = 8,
     .max = 128},
    {.name = "last_signin_at",
     .label = "最近登录",
     .type = ENT_TIMESTAMP,
     .flags = EF_READONLY | EF_SORT | EF_NULLABLE},
    {.name = "locked_until",
     .label = "锁定至",
     .type = ENT_TIMESTAMP,
     .flags = EF_READONLY | EF_NULLABLE},
    ENT_STANDARD_FIELDS,
};

const struct entity user_entity = {
    .name = "user",
    .label = "用户",
    .table = "users",
    .fields = user_fields,
    .nfields = sizeof(user_fields) / sizeof(user_fields[0]),
    .default_sort = "username",
};

static const char *actor_name(const struct principal *by)
{
	return by ? by->username : "cli";
}

static int db_error(int rc, struct app_error *err)
{
	return err_set(err, rc == DB_RETRY ? ERR_UNAVAILABLE : ERR_INTERNAL, NULL, NULL, NULL);
}

/* Creating a user: the insert and its audit row, in one transaction. */
struct user_create {
	const struct principal *by;
	json_t *rec; /* the row to insert, owned by the caller */
	const char *password_hash;
	struct app_error *err;
};

static int user_create_body(struct db *db, void *cls)
{
	struct user_create *c = cls;
	int rc = auth_store_user_insert(db, c->rec, c->password_hash, actor_name(c->by));
	if (rc == DB_CONSTRAINT) {
		err_set(c->err, ERR_CONFLICT, "username", NULL, "用户名已存在");
		return DB_ABORT;
	}
	if (rc < 0)
		return rc;
	return audit_append(db, c->by, "create", "user",
	                    json_string_value(json_object_get(c->rec, "id")), NULL, c->rec);
}

/* Run FN in a transaction, or in the caller's if one is open (the demo adds users inside
 * its own). */
static int in_transaction(struct db *db, const char *what, db_txn_fn fn, void *cls)
{
	if (db_in_transaction(db))
		return fn(db, cls);
	return db_run_transaction(db, what, fn, cls);
}

int auth_user_create(struct db *db, const struct principal *by, const json_t *rec,
                     const char *password, char id_out[37], struct app_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	char path[512];
	const char *username = json_string_value(json_object_get(rec, "username"));
	const char *role = json_string_value(json_object_get(rec, "role"));
	const char *institution = json_string_value(json_object_get(rec, "institution_id"));
	int rc;

	if (auth_password_check(password, err) != 0)
		return -1;
	if (!username || !role || !institution)
		return err_set(err, ERR_REQUIRED,
		               !username ? "username"
		               : !role   ? "role"
		                         : "institution_id",
		               NULL, NULL);
	if (role_parse(role) == 0)
		return err_set(err, ERR_INVALID, "role", NULL, "角色无效：%s", role);
	/* Checked here as well as in auth_authorize: the CLI and the demo come this way. */
	if (by && by->role != ROLE_ADMIN && role_parse(role) == ROLE_ADMIN)
		return err_set(err, ERR_FORBIDDEN, "role", NULL,
		               "只有系统管理员可以设置系统管理员角色");
	rc = org_institution_path(db, institution, path, sizeof(path));
	if (rc < 0)
		return db_error(rc, err);
	if (rc == DB_NONE)
		return err_set(err, ERR_INVALID, "institution_id", NULL, "所属机构不存在：%s",
		               institution);
	if (by && !auth_path_in_scope(by->scope_path, path))
		return err_set(err, ERR_FORBIDDEN, "institution_id", NULL,
		               "无权在本单位管辖范围以外建立用户");
	rc = auth_store_username_taken(db, username);
	if (rc < 0)
		return db_error(rc, err);
	if (rc == DB_ONE)
		return err_set(err, ERR_CONFLICT, "username", NULL, "用户名已存在：%s", username);

	/* Hash before the transaction: argon2id is slow on purpose and must not hold locks. */
	if (auth_password_hash(password, hash, sizeof(hash)) != 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	json_t *row = json_deep_copy(rec);
	if (!row)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	json_object_del(row, "password");
	db_new_id(id_out);
	json_object_set_new(row, "id", json_string(id_out));
	if (!json_object_get(row, "disabled"))
		json_object_set_new(row, "disabled", json_false());

	struct user_create c = {.by = by, .rec = row, .password_hash = hash, .err = err};
	rc = in_transaction(db, "user_create", user_create_body, &c);
	sodium_memzero(hash, sizeof(hash));
	json_decref(row);
	if (rc == DB_ABORT)
		return -1;
	if (rc < 0)
		return db_error(rc, err);
	return 0;
}

struct set_password {
	const struct principal *by;
	const struct auth_account *acct;
	const char *hash;
};

static int set_password_body(struct db *db, void *cls)
{
	struct set_password *s = cls;
	char now[21];
	db_now(now);
	int rc = auth_store_set_password(db, s->acct->id, s->hash, now, actor_name(s->by));
	if (rc < 0)
		return rc;
	/* Other sessions of the user end; one's own change keeps the session it came from. */
	bool own = s->by && strcmp(s->by->user_id, s->acct->id) == 0;
	rc = auth_store_sessions_delete_user(db, s->acct->id, own ? s->by->session_id : NULL);
	if (rc < 0)
		return rc;
	return audit_append(db, s->by, "password", "user", s->acct->id, NULL, NULL);
}

int auth_user_set_password(struct db *db, const struct principal *by, const char *username,
                           const char *password, struct app_error *err)
{
	struct auth_account acct = {0};
	char hash[crypto_pwhash_STRBYTES];

	if (auth_password_check(password, err) != 0)
		return -1;
	int rc = auth_store_account_by_name(db, username, &acct);
	if (rc < 0)
		return db_error(rc, err);
	if (rc == DB_NONE)
		return err_set(err, ERR_NOT_FOUND, "username", NULL, "用户不存在：%s", username);
	if (auth_password_hash(password, hash, sizeof(hash)) != 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	struct set_password s = {.by = by, .acct = &acct, .hash = hash};
	rc = in_transaction(db, "user_password", set_password_body, &s);
	sodium_memzero(hash, sizeof(hash));
	if (rc < 0)
		return db_error(rc, err);
	return 0;
}

static enum MHD_Result reply_app_error(struct req *r, int rc)
{
	return reply_err(r, rc == DB_RETRY ? ERR_UNAVAILABLE : ERR_INTERNAL, NULL, NULL, NULL);
}

/* The user record ID as the API shows it, with STATUS. */
static enum MHD_Result reply_user(struct req *r, unsigned status, const char *id)
{
	json_t *user = NULL;
	int rc = auth_store_user_view(r->db, id, &user);
	if (rc < 0)
		return reply_app_error(r, rc);
	if (rc == DB_NONE)
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "用户不存在");
	return reply_json(r, status, user);
}

/* GET /api/v1/users: a page of the users inside the caller's scope. */
enum MHD_Result auth_h_users_list(struct req *r)
{
	struct ent_list l;
	struct app_error err;
	json_t *items = NULL;
	bool more = false;

	if (req_list(r, &user_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = auth_store_users_list(r->db, &l, r->who.scope_path, &items, &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_app_error(r, rc);
	size_t i;
	json_t *item;
	json_array_foreach(items, i, item)
	{
		ent_strip_secret(&user_entity, item);
	}
	return reply_page(r, items, more, &l);
}

/* POST /api/v1/users: the record plus "password". */
enum MHD_Result auth_h_user_create(struct req *r)
{
	struct app_error err;
	char id[37];

	if (!r->json)
		return reply_err(r, ERR_BAD_JSON, NULL, NULL, NULL);
	if (ent_validate(&user_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	const char *password = json_string_value(json_object_get(r->json, "password"));
	if (!password)
		return reply_err(r, ERR_REQUIRED, "password", NULL, "缺少必填字段：密码");
	if (auth_user_create(r->db, &r->who, r->json, password, id, &err) != 0)
		return reply_error(r, &err);
	return reply_user(r, 201, id);
}

/* GET /api/v1/users/{id} */
enum MHD_Result auth_h_user_get(struct req *r)
{
	return reply_user(r, 200, req_param(r, "id"));
}

/* Updating a user: the change, its audit row with before and after, and the end of a
 * disabled user's sessions, in one transaction. */
struct user_update {
	const struct principal *by;
	const char *id;
	const json_t *changes;
	json_t *before, *after; /* owned, set by the body */
};

static int user_update_body(struct db *db, void *cls)
{
	struct user_update *u = cls;
	json_decref(u->before);
	json_decref(u->after);
	u->before = u->after = NULL;
	int rc = auth_store_user_get(db, u->id, &u->before);
	if (rc != DB_ONE)
		return rc == DB_NONE ? DB_ABORT : rc;
	rc = auth_store_user_update(db, u->id, u->changes, u->by->username);
	if (rc < 0)
		return rc;
	rc = auth_store_user_get(db, u->id, &u->after);
	if (rc != DB_ONE)
		return rc == DB_NONE ? DB_ABORT : rc;
	ent_strip_secret(&user_entity, u->before);
	ent_strip_secret(&user_entity, u->after);
	if (json_is_true(json_object_get(u->after, "disabled"))) {
		rc = auth_store_sessions_delete_user(db, u->id, NULL);
		if (rc < 0)
			return rc;
	}
	return audit_append(db, u->by, "update", "user", u->id, u->before, u->after);
}

/* PATCH /api/v1/users/{id} */
enum MHD_Result auth_h_user_update(struct req *r)
{
	struct app_error err;
	struct user_update u = {.by = &r->who, .id = req_param(r, "id"), .changes = r->json};
	enum MHD_Result ret;

	if (!r->json)
		return reply_err(r, ERR_BAD_JSON, NULL, NULL, NULL);
	if (ent_validate(&user_entity, r->json, ENT_UPDATE, &err) != 0)
		return reply_error(r, &err);
	const char *role = json_string_value(json_object_get(r->json, "role"));
	if (role && role_parse(role) == ROLE_ADMIN && r->who.role != ROLE_ADMIN)
		return reply_err(r, ERR_FORBIDDEN, "role", NULL,
		                 "只有系统管理员可以设置系统管理员角色");
	int rc = db_run_transaction(r->db, "user_update", user_update_body, &u);
	if (rc == DB_ABORT)
		ret = reply_err(r, ERR_NOT_FOUND, NULL, NULL, "用户不存在");
	else if (rc == DB_CONSTRAINT)
		ret = reply_err(r, ERR_INVALID, "institution_id", NULL, "所属机构不存在");
	else if (rc < 0)
		ret = reply_app_error(r, rc);
	else
		ret = reply_user(r, 200, u.id);
	json_decref(u.before);
	json_decref(u.after);
	return ret;
}

/* PUT /api/v1/users/{id}/password {"password"}: an administrator's reset, which also
 * lifts a lock and ends the user's sessions. */
enum MHD_Result auth_h_user_password(struct req *r)
{
	struct app_error err;
	struct auth_account acct = {0};

	if (!r->json)
		return reply_err(r, ERR_BAD_JSON, NULL, NULL, NULL);
	if (ent_validate(&password_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	int rc = auth_store_account_by_id(r->db, req_param(r, "id"), &acct);
	if (rc < 0)
		return reply_app_error(r, rc);
	if (rc == DB_NONE)
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "用户不存在");
	const char *password = json_string_value(json_object_get(r->json, "password"));
	if (auth_user_set_password(r->db, &r->who, acct.username, password, &err) != 0)
		return reply_error(r, &err);
	return reply_no_content(r);
}
