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

#endif
