/* SPDX-License-Identifier: MIT */
/* This file contains sign-in and sessions: who a request comes from (session cookie or
 * Bearer token), signing in with the lock after repeated failures, signing out, and
 * changing one's own password. Sessions live in the database, keyed by the SHA-256 of the
 * cookie value, so that several servers can share one PostgreSQL. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth/auth.h"
#include "db/db.h"
#include "http/http.h"

#define COOKIE_NAME  "yth_session"
#define COOKIE_BYTES 32
/* Longer credentials are not ours; they are not even hashed. */
#define CREDENTIAL_MAX 256

static const struct ent_field signin_fields[] = {
    {.name = "username",
     .label = "用户名",
     .type = ENT_TEXT,
     .flags = EF_REQUIRED,
     .min = 1,
     .max = 64},
    /* No policy here: a sign-in must not tell what the policy accepts. */
    {.name = "password",
     .label = "密码",
     .type = ENT_TEXT,
     .flags = EF_REQUIRED | EF_VIRTUAL,
     .min = 1,
     .max = 1024},
};

const struct entity signin_entity = {
    .name = "signin",
    .label = "登录",
    .fields = signin_fields,
    .nfields = sizeof(signin_fields) / sizeof(signin_fields[0]),
};

static const struct ent_field password_fields[] = {
    {.name = "password",
     .label = "新密码",
     .type = ENT_TEXT,
     .flags = EF_REQUIRED | EF_VIRTUAL,
     .min = 8,
     .max = 128},
    /* Required when changing one's own password; ignored on an administrator's reset. */
    {.name = "old_password", .label = "原密码", .type = ENT_TEXT, .flags = EF_VIRTUAL, .max = 1024},
};

const struct entity password_entity = {
    .name = "password_change",
    .label = "修改密码",
    .fields = password_fields,
    .nfields = sizeof(password_fields) / sizeof(password_fields[0]),
};

void auth_time_iso(long long offset, char out[21])
{
	time_t t = time(NULL) + (time_t)offset;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Hex SHA-256 of TEXT into OUT: how sessions and tokens are found without being stored. */
static void sha256_hex(const char *text, char out[65])
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)text, strlen(text));
	sodium_bin2hex(out, 65, digest, sizeof(digest));
}

/* Fill WHO from CRED. Returns false if the user may not sign in (disabled, bad role). */
static bool fill_principal(struct principal *who, const struct auth_cred *cred)
{
	unsigned role = role_parse(cred->role);
	if (cred->disabled || role == 0)
		return false;
	who->signed_in = true;
	who->role = role;
	snprintf(who->user_id, sizeof(who->user_id), "%s", cred->user_id);
	snprintf(who->username, sizeof(who->username), "%s", cred->username);
	snprintf(who->institution_id, sizeof(who->institution_id), "%s", cred->institution_id);
	snprintf(who->scope_path, sizeof(who->scope_path), "%s",
	         role == ROLE_ADMIN ? "/" : cred->path);
	return true;
}

static int authenticate_token(struct req *r, const char *token, struct app_error *err)
{
	struct auth_cred cred = {0};
	char hash[65];
	if (strlen(token) > CREDENTIAL_MAX)
		return 0;
	sha256_hex(token, hash);
	int rc = auth_store_token_find(r->db, hash, &cred);
	if (rc < 0)
		return err_set(err, rc == DB_RETRY ? ERR_UNAVAILABLE : ERR_INTERNAL, NULL, NULL,
		               NULL);
	if (rc == DB_ONE && fill_principal(&r->who, &cred))
		r->who.via_token = true;
	return 0;
}

/* The hot path of every signed-in request: one SELECT, and an UPDATE at most once a
 * minute per session to keep it from going idle. */
static int authenticate_cookie(struct req *r, const char *cookie, struct app_error *err)
{
	struct auth_cred cred = {0};
	char id[65], now[21], idle_before[21], created_before[21], touch_before[21];
	if (strlen(cookie) > CREDENTIAL_MAX)
		return 0;
	sha256_hex(cookie, id);
	int rc = auth_store_session_find(r->db, id, &cred);
	if (rc < 0)
		return err_set(err, rc == DB_RETRY ? ERR_UNAVAILABLE : ERR_INTERNAL, NULL, NULL,
		               NULL);
	if (rc == DB_NONE)
		return 0;
	db_now(now);
	auth_time_iso(-AUTH_IDLE_SECONDS, idle_before);
	auth_time_iso(-AUTH_MAX_SECONDS, created_before);
	if (strcmp(cred.last_seen, idle_before) < 0 ||
	    strcmp(cred.created_at, created_before) < 0) {
		/* Ended: forget it now rather than wait for the next sign-in's sweep. */
		auth_store_session_delete(r->db, id);
		return 0;
	}
	if (!fill_principal(&r->who, &cred))
		return 0;
	snprintf(r->who.session_id, sizeof(r->who.session_id), "%s", id);
	snprintf(r->who.csrf, sizeof(r->who.csrf), "%s", cred.csrf);
	auth_time_iso(-AUTH_TOUCH_SECONDS, touch_before);
	if (strcmp(cred.last_seen, touch_before) < 0) {
		rc = auth_store_session_touch(r->db, id, now);
		if (rc < 0 && rc != DB_RETRY)
			return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		/* A busy database only delays the refresh to the next request. */
	}
	return 0;
}

int auth_authenticate(struct req *r, struct app_error *err)
{
	memset(&r->who, 0, sizeof(r->who));
	snprintf(r->who.remote, sizeof(r->who.remote), "%s", r->remote);
	const char *authz = req_header(r, "Authorization");
	if (authz && strncasecmp(authz, "Bearer ", 7) == 0) {
		const char *token = authz + 7;
		while (*token == ' ')
			token++;
		return authenticate_token(r, token, err);
	}
	const char *cookie = req_cookie(r, COOKIE_NAME);
	if (cookie && *cookie)
		return authenticate_cookie(r, cookie, err);
	return 0;
}

/* WHO for an audit row about ACCT, acting from REMOTE. */
static void account_principal(struct principal *who, const struct auth_account *acct,
                              const char *remote)
{
	memset(who, 0, sizeof(*who));
	unsigned role = role_parse(acct->role);
	who->role = role;
	snprintf(who->user_id, sizeof(who->user_id), "%s", acct->id);
	snprintf(who->username, sizeof(who->username), "%s", acct->username);
	snprintf(who->institution_id, sizeof(who->institution_id), "%s", acct->institution_id);
	snprintf(who->scope_path, sizeof(who->scope_path), "%s",
	         role == ROLE_ADMIN ? "/" : acct->path);
	snprintf(who->remote, sizeof(who->remote), "%s", remote);
}

/* A sign-in decision, recorded in one transaction with its audit row. */
struct signin {
	const struct auth_account *acct; /* NULL for an unknown username */
	struct principal actor;          /* who the audit row names */
	const char *reason;              /* "unknown_user", "bad_password", "disabled", ... */
	bool ok;                         /* the password was right */
	const char *old_session;         /* the session being replaced, or "" */
	char session_id[65];
	char csrf[65];
	bool locked; /* out: this failure locked the account */
};

static int signin_body(struct db *db, void *cls)
{
	struct signin *s = cls;
	char now[21], until[21], idle_before[21], created_before[21];
	int rc;
	db_now(now);
	s->locked = false;

	if (s->ok) {
		rc = auth_store_signin_ok(db, s->acct->id, now);
		if (rc < 0)
			return rc;
		/* Sweep ended sessions here, off the hot path. */
		auth_time_iso(-AUTH_IDLE_SECONDS, idle_before);
		auth_time_iso(-AUTH_MAX_SECONDS, created_before);
		rc = auth_store_sessions_expire(db, idle_before, created_before);
		if (rc < 0)
			return rc;
		if (s->old_session[0]) {
			rc = auth_store_session_delete(db, s->old_session);
			if (rc < 0)
				return rc;
		}
		rc = auth_store_session_insert(db, s->session_id, s->acct->id, s->csrf,
		                               s->actor.remote, now, s->acct->username);
		if (rc < 0)
			return rc;
		return audit_append(db, &s->actor, "signin", "user", s->acct->id, NULL, NULL);
	}

	json_t *detail =
	    json_pack("{s:s, s:s}", "username", s->actor.username, "reason", s->reason);
	const char *action = "signin_failed";
	if (s->acct && strcmp(s->reason, "bad_password") == 0) {
		long long count = 0;
		rc = auth_store_signin_failed(db, s->acct->id, &count);
		if (rc < 0)
			goto out_free_detail;
		if (count >= AUTH_LOCK_FAILURES) {
			auth_time_iso(AUTH_LOCK_SECONDS, until);
			rc = auth_store_account_lock(db, s->acct->id, until);
			if (rc < 0)
				goto out_free_detail;
			s->locked = true;
			action = "signin_locked";
			json_object_set_new(detail, "locked_until", json_string(until));
		}
	}
	rc =
	    audit_append(db, &s->actor, action, "user", s->acct ? s->acct->id : NULL, NULL, detail);
out_free_detail:
	json_decref(detail);
	return rc;
}

/* A hash to verify unknown usernames against, so that they take as long as wrong
 * passwords and give nothing away. Made once. */
static char dummy[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	if (auth_password_hash("yitihua-no-such-user", dummy, sizeof(dummy)) != 0)
		dummy[0] = '\0';
}

static enum MHD_Result db_error_reply(struct req *r, int rc)
{
	return reply_err(r, rc == DB_RETRY ? ERR_UNAVAILABLE : ERR_INTERNAL, NULL, NULL, NULL);
}

/* {"user": {...}, "csrf_token": ...} for user ID: the answer of sign-in and who-am-I. */
static enum MHD_Result reply_session(struct req *r, unsigned status, const char *user_id,
                                     const char *csrf)
{
	json_t *user = NULL;
	int rc = auth_store_user_view(r->db, user_id, &user);
	if (rc < 0)
		return db_error_reply(r, rc);
	if (rc == DB_NONE)
		return reply_err(r, ERR_UNAUTHENTICATED, NULL, NULL, NULL);
	return reply_json(r, status,
	                  json_pack("{s:o, s:o}", "user", user, "csrf_token",
	                            csrf && *csrf ? json_string(csrf) : json_null()));
}

static void random_text(char *out, size_t out_len, size_t bytes)
{
	unsigned char buf[64];
	randombytes_buf(buf, bytes);
	sodium_bin2base64(out, out_len, buf, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(buf, sizeof(buf));
}

/* POST /api/v1/session {"username", "password"} */
enum MHD_Result auth_h_signin(struct req *r)
{
	struct app_error err;
	struct auth_account acct = {0};
	struct signin s = {.old_session = r->who.session_id};
	char cookie[sodium_base64_ENCODED_LEN(COOKIE_BYTES,
	                                      sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	char header[256];
	unsigned char csrf_bin[32];

	if (!r->json)
		return reply_err(r, ERR_BAD_JSON, NULL, NULL, NULL);
	if (ent_validate(&signin_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	const char *username = json_string_value(json_object_get(r->json, "username"));
	const char *password = json_string_value(json_object_get(r->json, "password"));

	int rc = auth_store_account_by_name(r->db, username, &acct);
	if (rc < 0)
		return db_error_reply(r, rc);
	if (rc == DB_NONE) {
		pthread_once(&dummy_once, make_dummy);
		auth_password_verify(dummy, password);
		memset(&s.actor, 0, sizeof(s.actor));
		snprintf(s.actor.username, sizeof(s.actor.username), "%s", username);
		snprintf(s.actor.remote, sizeof(s.actor.remote), "%s", r->remote);
		s.reason = "unknown_user";
	} else {
		s.acct = &acct;
		account_principal(&s.actor, &acct, r->remote);
		char now[21];
		db_now(now);
		if (acct.locked_until[0] && strcmp(acct.locked_until, now) > 0) {
			/* Locked: refused whatever the password, and the refusal recorded. */
			json_t *detail = json_pack("{s:s, s:s}", "username", acct.username,
			                           "locked_until", acct.locked_until);
			audit_append(r->db, &s.actor, "signin_locked", "user", acct.id, NULL,
			             detail);
			json_decref(detail);
			return reply_err(r, ERR_LOCKED, NULL, NULL,
			                 "连续 %d 次登录失败，账户已锁定至 %s（UTC）",
			                 AUTH_LOCK_FAILURES, acct.locked_until);
		}
		s.ok = auth_password_verify(acct.password_hash, password);
		s.reason = s.ok ? "ok" : "bad_password";
		if (s.ok && acct.disabled) {
			s.ok = false;
			s.reason = "disabled";
		}
	}
	if (s.ok) {
		random_text(cookie, sizeof(cookie), COOKIE_BYTES);
		sha256_hex(cookie, s.session_id);
		randombytes_buf(csrf_bin, sizeof(csrf_bin));
		sodium_bin2hex(s.csrf, sizeof(s.csrf), csrf_bin, sizeof(csrf_bin));
	}
	rc = db_run_transaction(r->db, "signin", signin_body, &s);
	if (rc < 0)
		return db_error_reply(r, rc);
	if (s.locked)
		return reply_err(r, ERR_LOCKED, NULL, NULL,
		                 "连续 %d 次登录失败，账户已锁定 %d 分钟", AUTH_LOCK_FAILURES,
		                 AUTH_LOCK_SECONDS / 60);
	if (!s.ok)
		/* The same answer for an unknown user, a wrong password and a disabled one. */
		return reply_err(r, ERR_UNAUTHENTICATED, NULL, NULL, "用户名或密码错误");

	snprintf(header, sizeof(header), COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Strict%s",
	         cookie, req_is_tls(r) ? "; Secure" : "");
	sodium_memzero(cookie, sizeof(cookie));
	req_add_header(r, "Set-Cookie", header);
	return reply_session(r, 200, acct.id, s.csrf);
}

/* GET /api/v1/session */
enum MHD_Result auth_h_whoami(struct req *r)
{
	return reply_session(r, 200, r->who.user_id, r->who.via_token ? NULL : r->who.csrf);
}

/* DELETE /api/v1/session: the session row goes, and the browser is told to drop the
 * cookie. A Bearer token is not revoked here (DELETE /api/v1/tokens/{id} does that). */
enum MHD_Result auth_h_signout(struct req *r)
{
	if (r->who.session_id[0]) {
		int rc = auth_store_session_delete(r->db, r->who.session_id);
		if (rc < 0)
			return db_error_reply(r, rc);
	}
	audit_append(r->db, &r->who, "signout", "user", r->who.user_id, NULL, NULL);
	req_add_header(r, "Set-Cookie",
	               COOKIE_NAME "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
	return reply_no_content(r);
}

/* PUT /api/v1/session/password {"old_password", "password"} */
enum MHD_Result auth_h_own_password(struct req *r)
{
	struct app_error err;
	struct auth_account acct = {0};

	if (!r->json)
		return reply_err(r, ERR_BAD_JSON, NULL, NULL, NULL);
	if (ent_validate(&password_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	const char *old = json_string_value(json_object_get(r->json, "old_password"));
	const char *password = json_string_value(json_object_get(r->json, "password"));
	if (!old)
		return reply_err(r, ERR_REQUIRED, "old_password", NULL, "缺少必填字段：原密码");
	int rc = auth_store_account_by_id(r->db, r->who.user_id, &acct);
	if (rc < 0)
		return db_error_reply(r, rc);
	if (rc == DB_NONE)
		return reply_err(r, ERR_UNAUTHENTICATED, NULL, NULL, NULL);
	if (!auth_password_verify(acct.password_hash, old))
		return reply_err(r, ERR_INVALID, "old_password", NULL, "原密码不正确");
	if (auth_user_set_password(r->db, &r->who, acct.username, password, &err) != 0)
		return reply_error(r, &err);
	return reply_no_content(r);
}
