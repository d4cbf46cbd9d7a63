/* SPDX-License-Identifier: MIT */
/* The one table of error codes that can reach a user: each has an HTTP status, a stable
 * code string and a default Chinese message; a refusal by a policy rule also carries the
 * rule id from shared/policy/RULES.md. */
#ifndef YTH_CORE_ERROR_H
#define YTH_CORE_ERROR_H

#include <stdarg.h>

enum err_code {
	ERR_OK = 0,
	ERR_BAD_JSON,        /* 400 body is not JSON / not an object */
	ERR_BAD_REQUEST,     /* 400 malformed query parameter etc. */
	ERR_UNKNOWN_FIELD,   /* 400 a field the entity does not declare */
	ERR_TYPE,            /* 400 wrong JSON type for a field */
	ERR_REQUIRED,        /* 422 a required field is missing */
	ERR_INVALID,         /* 422 value out of range / bad format / bad code */
	ERR_RULE,            /* 422 refused by a policy rule (rule id set) */
	ERR_NOT_FOUND,       /* 404 */
	ERR_CONFLICT,        /* 409 duplicate, stale state */
	ERR_UNAUTHENTICATED, /* 401 not signed in / bad credentials */
	ERR_FORBIDDEN,       /* 403 role or scope does not allow it */
	ERR_CSRF,            /* 403 missing / wrong CSRF token */
	ERR_LOCKED,          /* 423 account locked after failed sign-ins */
	ERR_TOO_LARGE,       /* 413 body over the limit */
	ERR_METHOD,          /* 405 */
	ERR_UNAVAILABLE,     /* 503 database busy after retries */
	ERR_INTERNAL,        /* 500 a defect or a database failure */
	ERR_COUNT
};

/* An error on its way to a user. Filled by err_set(); field and rule may be empty. */
struct app_error {
	enum err_code code;
	char field[64];    /* JSON field name the error is about, or "" */
	char rule[24];     /* rule id, e.g. "SR-ORG-3", or "" */
	char message[512]; /* Chinese, UTF-8 */
};

/* HTTP status of CODE. */
int err_http_status(enum err_code code);

/* Stable machine-readable name of CODE, e.g. "invalid_field". Static string. */
const char *err_code_name(enum err_code code);

/* Set ERR. FIELD and RULE may be NULL. If FMT is NULL the code's default Chinese
 * message is used. Returns -1 so that callers can `return err_set(...)`. */
int err_set(struct app_error *err, enum err_code code, const char *field, const char *rule,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

int err_vset(struct app_error *err, enum err_code code, const char *field, const char *rule,
	     const char *fmt, va_list ap);

/* Put item I of the body's list LIST before ERR's field ("lines.2.quantity") and message
 * ("第 3 行：..." with UNIT "行"); left as it is where it would not fit. */
void err_prefix_item(struct app_error *err, const char *list, size_t i, const char *unit);

#endif
