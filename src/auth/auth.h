/* SPDX-License-Identifier: MIT */
/* Sign-in, roles, scope and the audit log. Role and scope are checked in one place,
 * auth_authorize(), before any handler runs. */
#ifndef YTH_AUTH_AUTH_H
#define YTH_AUTH_AUTH_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/entity.h"
#include "core/error.h"

struct db;
struct req;
struct db_res;

/* Roles, one per user. A route lists the roles it allows as a bit mask. */
enum role {
	ROLE_ADMIN = 1 << 0,     /* 系统管理员: everything, every institution */
	ROLE_COUNTY = 1 << 1,    /* 县卫健局 */
	ROLE_CENTRE = 1 << 2,    /* 乡镇卫生院 manager */
	ROLE_CLINIC = 1 << 3,    /* 村医 */
	ROLE_FINANCE = 1 << 4,   /* 财务 */
	ROLE_PHARMACY = 1 << 5,  /* 药房 */
	ROLE_INSURANCE = 1 << 6, /* 医保 */
	ROLE_AUDITOR = 1 << 7,   /* 审计 (read-only) */
};
#define ROLES_ALL 0xffu
#define ROLES_READ ROLES_ALL
#define ROLE_COUNT 8

/* Role name ("county") and Chinese label ("县卫健局"); NULL for a bad value. */
const char *role_name(unsigned role);
const char *role_label(unsigned role);
/* Role bit of NAME, or 0. */
unsigned role_parse(const char *name);
/* The role enum for entity declarations ({"admin","系统管理员"}, ...). */
extern const struct ent_enum role_enums[];

/* Who is asking. Filled by auth_authenticate(); signed_in false for anonymous. */
struct principal {
	bool signed_in;
	bool via_token;          /* Bearer API token (no CSRF needed) */
	unsigned role;
	char user_id[37];
	char username[64];
	char institution_id[37];
	char scope_path[512];    /* institution path "/<bureau>/<centre>/..."; admin: "/" */
	char session_id[65];     /* hex SHA-256 of the session cookie value */
	char csrf[65];           /* the session's CSRF token */
	char remote[64];         /* client address, recorded in the audit log */
};

/* Look up the session cookie "yth_session" or "Authorization: Bearer <token>", refresh
 * the session's idle timer, and fill R->who. Expired or unknown credentials leave
 * who.signed_in false. Returns 0, or -1 with ERR set on a database failure. */
int auth_authenticate(struct req *r, struct app_error *err);

/* The one place role and scope are checked: R->route->roles against who.role, the
 * institution named by R->route->scope against who.scope_path, and the X-CSRF-Token
 * header on cookie-authenticated writes. Denials are written to the audit log.
 * Returns 0 if allowed, -1 with ERR set (401/403) if not. */
int auth_authorize(struct req *r, struct app_error *err);

/* True if institution PATH lies in the subtree SCOPE_PATH ("/" covers everything). */
bool auth_path_in_scope(const char *scope_path, const char *path);

/* argon2id (crypto_pwhash, >= 19 MiB, t = 2) hash of PASSWORD into OUT
 * (crypto_pwhash_STRBYTES). Returns 0 or -1. */
int auth_password_hash(const char *password, char *out, size_t out_len);
bool auth_password_verify(const char *hash, const char *password);

/* Password policy: 8..128 bytes, not all digits. Returns 0 or -1 with ERR (field "password"). */
int auth_password_check(const char *password, struct app_error *err);

/* Create a user (used by the CLI and the API). REC is a validated user record with
 * "username", "display_name", "role", "institution_id"; PASSWORD is hashed here.
 * BY is the acting principal (NULL for the CLI: recorded as "cli"). On success sets
 * ID_OUT (37 bytes). Returns 0, or -1 with ERR (duplicate username → ERR_CONFLICT). */
int auth_user_create(struct db *db, const struct principal *by, const json_t *rec,
		     const char *password, char id_out[37], struct app_error *err);
int auth_user_set_password(struct db *db, const struct principal *by, const char *username,
			   const char *password, struct app_error *err);

/* Entity declarations of this area (auth/user.c, auth/session.c, auth/token.c,
 * auth/audit.c): a user; the sign-in body {username, password}; a password change body
 * {password, old_password}; an API token; an audit row. */
extern const struct entity user_entity;
extern const struct entity signin_entity;
extern const struct entity password_entity;
extern const struct entity token_entity;
extern const struct entity audit_entity;

/* Append one row to the audit log, inside the caller's transaction if there is one
 * (otherwise in its own). WHO may be NULL (the CLI; recorded as user "cli").
 * ACTION: "create", "update", "delete", "signin", "signin_failed", "signout", "deny",
 * "read_sensitive", ... ENTITY/ENTITY_ID name the target (may be NULL). BEFORE/AFTER are
 * borrowed and may be NULL. Each row carries SHA-256(prev_hash || canonical row content).
 * Returns 0 or a negative db_status. */
int audit_append(struct db *db, const struct principal *who, const char *action,
		 const char *entity, const char *entity_id, const json_t *before,
		 const json_t *after);

/* Recompute the chain. Returns 0 if intact; 1 if broken, with the first bad row's seq in
 * *BAD_SEQ and a reason in WHY; -1 on a database error. */
int audit_verify(struct db *db, long long *bad_seq, char *why, size_t why_len);

/* Session and sign-in limits. */
#define AUTH_IDLE_SECONDS (30 * 60)     /* a session ends after 30 minutes idle */
#define AUTH_MAX_SECONDS (12 * 60 * 60) /* and 12 hours after sign-in at most */
#define AUTH_TOUCH_SECONDS 60           /* last_seen is refreshed at most once a minute */
#define AUTH_LOCK_FAILURES 5            /* failed sign-ins that lock the account */
#define AUTH_LOCK_SECONDS (15 * 60)     /* for 15 minutes */

/* One audit row as hashed: every column but the hash. Strings are borrowed; NULL is SQL
 * NULL (JSON null in the canonical content). BEFORE/AFTER are canonical JSON text. */
struct audit_row {
	long long seq;
	const char *id;
	const char *created_at;
	const char *user_id;
	const char *username;
	const char *role;
	const char *actor_path;
	const char *remote;
	const char *action;
	const char *entity;
	const char *entity_id;
	const char *before;
	const char *after;
	const char *prev_hash;
};

/* Hex SHA-256 of ROW->prev_hash followed by the canonical content of ROW (a JSON object of
 * every field, JSON_COMPACT | JSON_SORT_KEYS) into OUT. Returns 0 or -1 (out of memory). */
int audit_row_hash(const struct audit_row *row, char out[65]);

/* audit_verify that also counts the rows: *ROWS is the number of rows checked. */
int audit_verify_rows(struct db *db, long long *rows, long long *bad_seq, char *why,
		      size_t why_len);

/* "YYYY-MM-DDTHH:MM:SSZ" of now + OFFSET seconds (negative for the past) into OUT. The
 * same form as db_now(), so such times compare as text. */
void auth_time_iso(long long offset, char out[21]);

/* Storage of this area (auth/store.c): the only place with its SQL. Used by auth/ only.
 * Each returns DB_ONE / DB_NONE (or a row count) or a negative db_status. */

/* A signed-in user as found from a session or a token. */
struct auth_cred {
	char user_id[37];
	char username[64];
	char role[16];
	char institution_id[37];
	char path[512]; /* the institution's materialised path */
	bool disabled;
	char csrf[65];          /* sessions only */
	char created_at[21];    /* sessions only */
	char last_seen[21];     /* sessions only */
};

/* A user's sign-in state. */
struct auth_account {
	char id[37];
	char username[64];
	char role[16];
	char institution_id[37];
	char path[512];
	char password_hash[128];
	bool disabled;
	long long failed_count;
	char locked_until[21]; /* "" if not locked */
};

int auth_store_session_find(struct db *db, const char *id, struct auth_cred *out);
int auth_store_session_touch(struct db *db, const char *id, const char *now);
int auth_store_session_insert(struct db *db, const char *id, const char *user_id,
			      const char *csrf, const char *remote, const char *now,
			      const char *by);
int auth_store_session_delete(struct db *db, const char *id);
/* Delete USER_ID's sessions except KEEP_ID (may be NULL or ""). */
int auth_store_sessions_delete_user(struct db *db, const char *user_id, const char *keep_id);
/* Delete sessions idle since before IDLE_BEFORE or made before CREATED_BEFORE. */
int auth_store_sessions_expire(struct db *db, const char *idle_before,
			       const char *created_before);

int auth_store_token_find(struct db *db, const char *token_hash, struct auth_cred *out);
int auth_store_token_insert(struct db *db, const json_t *rec, const char *user_id,
			    const char *token_hash, const char *by);
/* USER_ID's tokens, newest first; *ITEMS is a new array of token records. */
int auth_store_tokens_list(struct db *db, const char *user_id, json_t **items);
/* Revoke USER_ID's token ID; DB_NONE if it is not theirs or already revoked. */
int auth_store_token_revoke(struct db *db, const char *id, const char *user_id,
			    const char *now, const char *by);

int auth_store_account_by_name(struct db *db, const char *username, struct auth_account *out);
int auth_store_account_by_id(struct db *db, const char *id, struct auth_account *out);
/* Count a failed sign-in; *COUNT is the new count. */
int auth_store_signin_failed(struct db *db, const char *user_id, long long *count);
int auth_store_account_lock(struct db *db, const char *user_id, const char *until);
int auth_store_signin_ok(struct db *db, const char *user_id, const char *now);
int auth_store_set_password(struct db *db, const char *user_id, const char *hash,
			    const char *now, const char *by);

/* The user record ID (secrets stripped) with "role_label" and "institution_name"
 * added. *OUT is a new reference. */
int auth_store_user_view(struct db *db, const char *id, json_t **out);
/* The user record ID as stored (declared fields only). *OUT is a new reference. */
int auth_store_user_get(struct db *db, const char *id, json_t **out);
int auth_store_user_insert(struct db *db, const json_t *rec, const char *password_hash,
			   const char *by);
int auth_store_user_update(struct db *db, const char *id, const json_t *changes,
			   const char *by);
/* A page of users inside SCOPE_PATH ("/" = all; otherwise admins are left out). */
int auth_store_users_list(struct db *db, const struct ent_list *l, const char *scope_path,
			  json_t **items, bool *more);
/* Scope path of user ID ("/" for an admin, else their institution's path), for scope checks. */
int auth_store_user_scope(struct db *db, const char *id, char *path, size_t len);
/* DB_ONE if USERNAME is taken. */
int auth_store_username_taken(struct db *db, const char *username);

/* Bump the audit head: *SEQ is the new row's seq, PREV_HASH the chain's last hash. */
int auth_store_audit_head_next(struct db *db, long long *seq, char prev_hash[65]);
int auth_store_audit_head_set(struct db *db, const char *hash, const char *now);
int auth_store_audit_head_get(struct db *db, long long *seq, char hash[65]);
int auth_store_audit_insert(struct db *db, const struct audit_row *row, const char *hash);
/* Up to LIMIT rows with seq > AFTER_SEQ in seq order, columns as in audit_row followed by
 * hash; *RES is the caller's to free. */
int auth_store_audit_page(struct db *db, long long after_seq, long long limit,
			  struct db_res **res);
/* A page of audit rows whose actor is inside SCOPE_PATH ("/" = all). */
int auth_store_audit_list(struct db *db, const struct ent_list *l, const char *scope_path,
			  json_t **items, bool *more);

#endif
