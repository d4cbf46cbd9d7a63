/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of the sign-in area: users, sessions, API tokens and the
 * audit log (tables in migrations/0002_auth.sql). Nothing else in auth/ writes SQL. */
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "db/crud.h"
#include "db/db.h"

/* Copy SRC (may be NULL) into DST of N bytes, truncating. */
static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src ? src : "");
}

/* Both lookups below return the same columns, read by fill_cred. */
#define CRED_COLUMNS "u.id, u.username, u.role, u.institution_id, i.path, u.disabled"

static void fill_cred(const struct db_res *res, struct auth_cred *out)
{
	copy(out->user_id, sizeof(out->user_id), db_res_text(res, 0, 0));
	copy(out->username, sizeof(out->username), db_res_text(res, 0, 1));
	copy(out->role, sizeof(out->role), db_res_text(res, 0, 2));
	copy(out->institution_id, sizeof(out->institution_id), db_res_text(res, 0, 3));
	copy(out->path, sizeof(out->path), db_res_text(res, 0, 4));
	out->disabled = db_res_int(res, 0, 5) != 0;
}

/* The hot path of every signed-in request: one SELECT by primary key. */
int auth_store_session_find(struct db *db, const char *id, struct auth_cred *out)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
	                 "SELECT " CRED_COLUMNS ", s.csrf, s.created_at, s.last_seen"
	                 " FROM sessions s JOIN users u ON u.id = s.user_id"
	                 " JOIN institutions i ON i.id = u.institution_id WHERE s.id = $1",
	                 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0) {
		fill_cred(res, out);
		copy(out->csrf, sizeof(out->csrf), db_res_text(res, 0, 6));
		copy(out->created_at, sizeof(out->created_at), db_res_text(res, 0, 7));
		copy(out->last_seen, sizeof(out->last_seen), db_res_text(res, 0, 8));
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

int auth_store_session_touch(struct db *db, const char *id, const char *now)
{
	return db_exec(db, "UPDATE sessions SET last_seen = $2 WHERE id = $1",
	               DB_PARAMS(DB_TEXT(id), DB_TEXT(now)), NULL);
}

int auth_store_session_insert(struct db *db, const char *id, const char *user_id, const char *csrf,
                              const char *remote, const char *now, const char *by)
{
	return db_exec(db,
	               "INSERT INTO sessions (id, user_id, csrf, remote, last_seen, created_at,"
	               " updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $5, $5,"
	               " $6, $6)",
	               DB_PARAMS(DB_TEXT(id), DB_TEXT(user_id), DB_TEXT(csrf), DB_TEXT(remote),
	                         DB_TEXT(now), DB_TEXT(by)),
	               NULL);
}

int auth_store_session_delete(struct db *db, const char *id)
{
	return db_exec(db, "DELETE FROM sessions WHERE id = $1", DB_PARAMS(DB_TEXT(id)), NULL);
}

int auth_store_sessions_delete_user(struct db *db, const char *user_id, const char *keep_id)
{
	return db_exec(db, "DELETE FROM sessions WHERE user_id = $1 AND id <> $2",
	               DB_PARAMS(DB_TEXT(user_id), DB_TEXT(keep_id ? keep_id : "")), NULL);
}

int auth_store_sessions_expire(struct db *db, const char *idle_before, const char *created_before)
{
	return db_exec(db, "DELETE FROM sessions WHERE last_seen < $1 OR created_at < $2",
	               DB_PARAMS(DB_TEXT(idle_before), DB_TEXT(created_before)), NULL);
}

int auth_store_token_find(struct db *db, const char *token_hash, struct auth_cred *out)
{
	struct db_res *res = NULL;
	int rc =
	    db_exec(db,
	            "SELECT " CRED_COLUMNS " FROM api_tokens t JOIN users u ON u.id = t.user_id"
	            " JOIN institutions i ON i.id = u.institution_id"
	            " WHERE t.token_hash = $1 AND t.revoked_at IS NULL",
	            DB_PARAMS(DB_TEXT(token_hash)), &res);
	if (rc > 0) {
		fill_cred(res, out);
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

int auth_store_token_insert(struct db *db, const json_t *rec, const char *user_id,
                            const char *token_hash, const char *by)
{
	const char *id = json_string_value(json_object_get(rec, "id"));
	const char *name = json_string_value(json_object_get(rec, "name"));
	const char *prefix = json_string_value(json_object_get(rec, "prefix"));
	const char *now = json_string_value(json_object_get(rec, "created_at"));
	return db_exec(db,
	               "INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, created_at,"
	               " updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $6,"
	               " $7, $7)",
	               DB_PARAMS(DB_TEXT(id), DB_TEXT(user_id), DB_TEXT(name), DB_TEXT(prefix),
	                         DB_TEXT(token_hash), DB_TEXT(now), DB_TEXT(by)),
	               NULL);
}

int auth_store_tokens_list(struct db *db, const char *user_id, json_t **items)
{
	struct db_res *res = NULL;
	*items = NULL;
	int rc = db_exec(db,
	                 "SELECT id, name, prefix, created_at, revoked_at FROM api_tokens"
	                 " WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
	                 DB_PARAMS(DB_TEXT(user_id)), &res);
	if (rc < 0)
		return rc;
	*items = json_array();
	for (size_t row = 0; row < db_res_rows(res); row++)
		json_array_append_new(*items, crud_row(&token_entity, res, row));
	db_res_free(res);
	return rc;
}

int auth_store_token_revoke(struct db *db, const char *id, const char *user_id, const char *now,
                            const char *by)
{
	return db_exec(db,
	               "UPDATE api_tokens SET revoked_at = $3, updated_at = $3, updated_by = $4"
	               " WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
	               DB_PARAMS(DB_TEXT(id), DB_TEXT(user_id), DB_TEXT(now), DB_TEXT(by)), NULL);
}

#define ACCOUNT_COLUMNS                                                                            \
	"u.id, u.username, u.role, u.institution_id, i.path, u.password_hash, u.disabled,"         \
	" u.failed_count, u.locked_until FROM users u"                                             \
	" JOIN institutions i ON i.id = u.institution_id"

static int fill_account(int rc, struct db_res *res, struct auth_account *out)
{
	if (rc > 0) {
		copy(out->id, sizeof(out->id), db_res_text(res, 0, 0));
		copy(out->username, sizeof(out->username), db_res_text(res, 0, 1));
		copy(out->role, sizeof(out->role), db_res_text(res, 0, 2));
		copy(out->institution_id, sizeof(out->institution_id), db_res_text(res, 0, 3));
		copy(out->path, sizeof(out->path), db_res_text(res, 0, 4));
		copy(out->password_hash, sizeof(out->password_hash), db_res_text(res, 0, 5));
		out->disabled = db_res_int(res, 0, 6) != 0;
		out->failed_count = db_res_int(res, 0, 7);
		copy(out->locked_until, sizeof(out->locked_until), db_res_text(res, 0, 8));
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

int auth_store_account_by_name(struct db *db, const char *username, struct auth_account *out)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT " ACCOUNT_COLUMNS " WHERE u.username = $1",
	                 DB_PARAMS(DB_TEXT(username)), &res);
	return fill_account(rc, res, out);
}

int auth_store_account_by_id(struct db *db, const char *id, struct auth_account *out)
{
	struct db_res *res = NULL;
	int rc =
	    db_exec(db, "SELECT " ACCOUNT_COLUMNS " WHERE u.id = $1", DB_PARAMS(DB_TEXT(id)), &res);
	return fill_account(rc, res, out);
}

int auth_store_signin_failed(struct db *db, const char *user_id, long long *count)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
	                 "UPDATE users SET failed_count = failed_count + 1 WHERE id = $1"
	                 " RETURNING failed_count",
	                 DB_PARAMS(DB_TEXT(user_id)), &res);
	if (rc > 0) {
		*count = db_res_int(res, 0, 0);
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

/* The counter starts again from zero once the lock has run out. */
int auth_store_account_lock(struct db *db, const char *user_id, const char *until)
{
	return db_exec(db, "UPDATE users SET failed_count = 0, locked_until = $2 WHERE id = $1",
	               DB_PARAMS(DB_TEXT(user_id), DB_TEXT(until)), NULL);
}

int auth_store_signin_ok(struct db *db, const char *user_id, const char *now)
{
	return db_exec(db,
	               "UPDATE users SET failed_count = 0, locked_until = NULL, last_signin_at = $2"
	               " WHERE id = $1",
	               DB_PARAMS(DB_TEXT(user_id), DB_TEXT(now)), NULL);
}

/* A new password also lifts a lock: an administrator's reset is how a user gets back in. */
int auth_store_set_password(struct db *db, const char *user_id, const char *hash, const char *now,
                            const char *by)
{
	return db_exec(db,
	               "UPDATE users SET password_hash = $2, password_changed_at = $3,"
	               " failed_count = 0, locked_until = NULL, updated_at = $3, updated_by = $4"
	               " WHERE id = $1",
	               DB_PARAMS(DB_TEXT(user_id), DB_TEXT(hash), DB_TEXT(now), DB_TEXT(by)), NULL);
}

int auth_store_user_get(struct db *db, const char *id, json_t **out)
{
	return crud_get(db, &user_entity, "id", id, out);
}

int auth_store_user_view(struct db *db, const char *id, json_t **out)
{
	json_t *user = NULL;
	struct db_res *res = NULL;
	*out = NULL;
	int rc = crud_get(db, &user_entity, "id", id, &user);
	if (rc != DB_ONE)
		return rc;
	ent_strip_secret(&user_entity, user);
	const char *role = json_string_value(json_object_get(user, "role"));
	const char *label = role_label(role_parse(role));
	json_object_set_new(user, "role_label", label ? json_string(label) : json_null());
	const char *inst = json_string_value(json_object_get(user, "institution_id"));
	rc = db_exec(db, "SELECT name FROM institutions WHERE id = $1", DB_PARAMS(DB_TEXT(inst)),
	             &res);
	if (rc < 0)
		goto out_free_user;
	json_object_set_new(user, "institution_name",
	                    rc > 0 ? json_string(db_res_text(res, 0, 0)) : json_null());
	db_res_free(res);
	*out = user;
	return DB_ONE;

out_free_user:
	json_decref(user);
	return rc;
}

int auth_store_user_insert(struct db *db, const json_t *rec, const char *password_hash,
                           const char *by)
{
	json_t *extra = json_pack("{s:s}", "password_hash", password_hash);
	if (!extra)
		return DB_HARD;
	int rc = crud_insert(db, &user_entity, rec, extra, by);
	json_decref(extra);
	return rc;
}

int auth_store_user_update(struct db *db, const char *id, const json_t *changes, const char *by)
{
	return crud_update(db, &user_entity, "id", id, changes, by);
}

/* The scope filter: the user's institution path starts with SCOPE_PATH. substr/length
 * rather than LIKE so that no character of a path is a pattern. */
#define IN_SCOPE(col) "substr(" col ", 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT)"

int auth_store_users_list(struct db *db, const struct ent_list *l, const char *scope_path,
                          json_t **items, bool *more)
{
	if (strcmp(scope_path, "/") == 0)
		return crud_list(db, &user_entity, "id", l, NULL, NULL, 0, items, more);
	/* Administrators are outside every smaller scope, wherever their institution is. */
	return crud_list(db, &user_entity, "id", l,
	                 "role <> 'admin' AND institution_id IN (SELECT id FROM institutions"
	                 " WHERE " IN_SCOPE("path") ")",
	                 DB_PARAMS(DB_TEXT(scope_path)), items, more);
}

int auth_store_user_scope(struct db *db, const char *id, char *path, size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
	                 "SELECT u.role, i.path FROM users u"
	                 " JOIN institutions i ON i.id = u.institution_id WHERE u.id = $1",
	                 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0) {
		const char *role = db_res_text(res, 0, 0);
		copy(path, len, role && strcmp(role, "admin") == 0 ? "/" : db_res_text(res, 0, 1));
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

int auth_store_username_taken(struct db *db, const char *username)
{
	int rc = db_exec(db, "SELECT 1 FROM users WHERE username = $1",
	                 DB_PARAMS(DB_TEXT(username)), NULL);
	return rc > 0 ? DB_ONE : rc;
}

int auth_store_audit_head_next(struct db *db, long long *seq, char prev_hash[65])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash",
	                 NULL, 0, &res);
	if (rc > 0) {
		*seq = db_res_int(res, 0, 0);
		copy(prev_hash, 65, db_res_text(res, 0, 1));
		rc = DB_ONE;
	} else if (rc == 0) {
		rc = DB_HARD; /* the migration inserts the head row; without it nothing appends */
	}
	db_res_free(res);
	return rc;
}

int auth_store_audit_head_set(struct db *db, const char *hash, const char *now)
{
	return db_exec(db, "UPDATE audit_head SET hash = $1, updated_at = $2 WHERE id = 1",
	               DB_PARAMS(DB_TEXT(hash), DB_TEXT(now)), NULL);
}

int auth_store_audit_head_get(struct db *db, long long *seq, char hash[65])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT seq, hash FROM audit_head WHERE id = 1", NULL, 0, &res);
	if (rc > 0) {
		*seq = db_res_int(res, 0, 0);
		copy(hash, 65, db_res_text(res, 0, 1));
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

int auth_store_audit_insert(struct db *db, const struct audit_row *row, const char *hash)
{
	const char *by = row->username ? row->username : "anonymous";
	return db_exec(
	    db,
	    "INSERT INTO audit_log (id, seq, user_id, username, role, actor_path, remote,"
	    " action, entity, entity_id, before_value, after_value, prev_hash, hash,"
	    " created_at, updated_at, created_by, updated_by) VALUES ($1, $2, $3, $4,"
	    " $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $16)",
	    DB_PARAMS(DB_TEXT(row->id), DB_INT(row->seq), DB_TEXT(row->user_id),
	              DB_TEXT(row->username), DB_TEXT(row->role), DB_TEXT(row->actor_path),
	              DB_TEXT(row->remote), DB_TEXT(row->action), DB_TEXT(row->entity),
	              DB_TEXT(row->entity_id), DB_TEXT(row->before), DB_TEXT(row->after),
	              DB_TEXT(row->prev_hash), DB_TEXT(hash), DB_TEXT(row->created_at),
	              DB_TEXT(by)),
	    NULL);
}

int auth_store_audit_page(struct db *db, long long after_seq, long long limit, struct db_res **res)
{
	return db_exec(db,
	               "SELECT seq, id, created_at, user_id, username, role, actor_path, remote,"
	               " action, entity, entity_id, before_value, after_value, prev_hash, hash"
	               " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
	               DB_PARAMS(DB_INT(after_seq), DB_INT(limit)), res);
}

int auth_store_audit_list(struct db *db, const struct ent_list *l, const char *scope_path,
                          json_t **items, bool *more)
{
	if (strcmp(scope_path, "/") == 0)
		return crud_list(db, &audit_entity, "id", l, NULL, NULL, 0, items, more);
	return crud_list(db, &audit_entity, "id", l, IN_SCOPE("actor_path"),
	                 DB_PARAMS(DB_TEXT(scope_path)), items, more);
}
