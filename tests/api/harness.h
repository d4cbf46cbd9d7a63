/* SPDX-License-Identifier: MIT */
/* The black-box harness every API test uses: a real `yitihua serve` on a fresh database
 * (SQLite, or PostgreSQL when YTH_PG_BASE is set) on an ephemeral loopback port, a small
 * HTTP/1.1 client with a cookie jar and CSRF token (or a Bearer token), and assertions on
 * statuses and error bodies.
 *
 * Typical use:
 *
 *	static void signin_as_clinic_sees_own_clinic(void **state)
 *	{
 *		struct srv *s = *state;
 *		struct api_client *c = api_login(s, "clinic");
 *		struct api_res *res = api_get(c, "/api/v1/institutions");
 *		assert_status(res, 200);
 *		assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
 *		api_client_free(c);
 *	}
 *
 *	int main(void)
 *	{
 *		const struct CMUnitTest tests[] = {
 *			cmocka_unit_test(signin_as_clinic_sees_own_clinic),
 *		};
 *		return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
 *	}
 *
 * Environment: YTH_BIN (default build/yitihua), YTH_ROOT (default "."), YTH_PG_BASE
 * (e.g. postgresql://postgres@127.0.0.1:5433; unset = SQLite), YTH_KEEP=1 keeps the
 * temporary folder of each server for inspection. */
#ifndef YTH_TESTS_API_HARNESS_H
#define YTH_TESTS_API_HARNESS_H

/* cmocka needs these before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

#define DEMO_PASSWORD "demo1234"

/* ---- the server fixture ---- */

struct srv_opts {
	bool empty;           /* `yitihua init` instead of `yitihua demo` */
	const char *web_root; /* --web; NULL = $YTH_ROOT/web */
	unsigned threads;     /* --threads; 0 = the server's default */
};

struct srv {
	char dir[256];    /* temporary folder (database file, logs), removed at stop */
	char db_url[512]; /* what --db gets: a file path or a postgresql:// URL */
	bool postgres;
	char pg_name[64];   /* the database created for this server (PostgreSQL) */
	char pg_admin[512]; /* $YTH_PG_BASE/postgres: where it is created and dropped */
	pid_t pid;
	int out_fd; /* the server's stdout (read end) */
	uint16_t port;
	char base[64]; /* "http://127.0.0.1:PORT" */
};

/* Make the temporary folder and database, seed it, start the server and wait for its
 * "listening on" line. OPTS may be NULL (demo data, default web root). Returns NULL (with
 * the reason and the server's log printed) on failure. */
struct srv *srv_start(const struct srv_opts *opts);

/* SIGTERM the server and wait for it; drop the PostgreSQL database; remove the folder.
 * Returns 0 only if the server exited with status 0 and its stderr holds no sanitizer
 * report; otherwise prints why (and the server's stderr) and returns -1. */
int srv_stop(struct srv *s);

/* cmocka group fixtures: *STATE becomes the struct srv *. */
int srv_setup_demo(void **state);  /* demo data: admin, county, centre, clinic, ... */
int srv_setup_empty(void **state); /* schema only */
int srv_teardown(void **state);

/* Run one SQL statement directly against S's database (sqlite3 on the file, or libpq).
 * Returns the number of rows changed or returned (>= 0), or -1 with the error printed. */
int srv_sql(struct srv *s, const char *sql);
/* The first column of the first row of SQL as a malloc'd string (caller frees), or NULL
 * if there is no row, the value is NULL, or the statement failed (printed). */
char *srv_sql_value(struct srv *s, const char *sql);

/* Run `$YTH_BIN --db <S's database> ARGS...` (ARGS NULL-terminated, e.g.
 * (const char *[]){"user", "list", NULL}) with STDIN_TEXT (may be NULL) on its standard
 * input. *EXIT_STATUS gets its exit status (128 + signal if killed); *STDOUT_TEXT (may be
 * NULL) a malloc'd copy of its standard output. Its stderr goes to the test's stderr.
 * Returns 0, or -1 if it could not be run. */
int srv_cli(struct srv *s, const char *const *args, const char *stdin_text, int *exit_status,
            char **stdout_text);
/* The same, also capturing standard error into *STDERR_TEXT (malloc'd; may be NULL). */
int srv_cli_err(struct srv *s, const char *const *args, const char *stdin_text, int *exit_status,
                char **stdout_text, char **stderr_text);

/* ---- HTTP ---- */

#define API_MAX_HEADERS 64

/* A response. BODY is NUL-terminated (BODY_LEN excludes the NUL); JSON is the parsed body
 * when it is JSON (any value), else NULL. Header names keep the server's spelling. */
struct api_res {
	int status; /* 0 if the connection closed without a response */
	char method[16];
	char path[512];
	size_t nheaders;
	char *header_names[API_MAX_HEADERS];
	char *header_values[API_MAX_HEADERS];
	char *body;
	size_t body_len;
	json_t *json;
};

/* The first header NAME (case-insensitive) of RES, or NULL. Borrowed. */
const char *api_header(const struct api_res *res, const char *name);
/* How many headers NAME RES has (e.g. Set-Cookie). */
size_t api_header_count(const struct api_res *res, const char *name);
void api_res_free(struct api_res *res);

/* Send BYTES (LEN) as they are over a new loopback connection to S and read until one
 * whole response has come or the server closes (20 s at most). Returns a new response
 * (caller frees with api_res_free; status 0 if the server closed without answering, or
 * answered nothing in time), or NULL if it could not connect. */
struct api_res *api_raw(struct srv *s, const void *bytes, size_t len);

/* A client: a cookie jar, the CSRF token of its session, or a Bearer token. */
struct api_client {
	struct srv *srv;
	size_t ncookies;
	char *cookie_names[8];
	char *cookie_values[8];
	char csrf[128];       /* sent as X-CSRF-Token on every method but GET and HEAD */
	char bearer[256];     /* sent as Authorization: Bearer ... when set */
	json_t *user;         /* the "user" object of the last sign-in; owned */
	struct api_res *last; /* the last response; owned, freed by the next request */
};

struct api_client *api_client(struct srv *s); /* anonymous */
void api_client_free(struct api_client *c);

/* POST /api/v1/session {"username","password"}; on 200 keeps the session cookie, the
 * csrf_token and the user. Returns the response (owned by C, valid until its next
 * request). */
struct api_res *api_signin(struct api_client *c, const char *username, const char *password);
/* A new client signed in as USERNAME with the demo password; fails the test otherwise. */
struct api_client *api_login(struct srv *s, const char *username);
/* A new client that sends "Authorization: Bearer TOKEN" and no cookies. */
struct api_client *api_bearer(struct srv *s, const char *token);

/* A request. BODY (may be NULL) is sent as application/json. HEADERS (may be NULL) are
 * extra "Name: value" lines, NULL-terminated. The response is owned by C and valid until
 * C's next request (or api_client_free); NULL only if the server could not be reached
 * (the test then fails at once). */
struct api_res *api_request(struct api_client *c, const char *method, const char *path,
                            const char *const *headers, const void *body, size_t body_len);
struct api_res *api_get(struct api_client *c, const char *path);
struct api_res *api_delete(struct api_client *c, const char *path);
struct api_res *api_post(struct api_client *c, const char *path, const char *json_body);
struct api_res *api_put(struct api_client *c, const char *path, const char *json_body);
struct api_res *api_patch(struct api_client *c, const char *path, const char *json_body);
/* METHOD with a printf-formatted JSON body. */
struct api_res *api_sendf(struct api_client *c, const char *method, const char *path,
                          const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* METHOD with JSON value BODY (borrowed) as the body. */
struct api_res *api_send_json(struct api_client *c, const char *method, const char *path,
                              const json_t *body);

/* ---- JSON ---- */

/* The value at a dotted PATH in V: "user.role", "items.0.name" (numbers index arrays).
 * Borrowed; NULL if absent. */
json_t *api_jget(const json_t *v, const char *path);
/* The string at PATH, or NULL. */
const char *api_jstr(const json_t *v, const char *path);
/* The integer at PATH, or -1 (also fails nothing: check presence with api_jget). */
long long api_jint(const json_t *v, const char *path);

/* ---- fixtures for the personnel area ---- */

/* A valid citizen id (GB 11643) of COUNTY (6 digits) for someone born on BIRTH
 * ("YYYY-MM-DD"): a fresh sequence number per call whose parity gives the sex, and the
 * ISO 7064 MOD 11-2 check character (computed here, independently of the server). */
void api_citizen_id(const char *county, const char *birth, bool female, char out[19]);

/* A new person created by C (POST /api/v1/people) in CENTRE_ID, with a fresh citizen id of
 * COUNTY; fails the test unless 201. Returns the id (malloc'd). */
char *api_new_person(struct api_client *c, const char *county, const char *centre_id,
		     const char *name, bool female, const char *birth);

/* The civil date DAYS from today (negative: before) into OUT. */
void api_date_from_today(int days, char out[11]);

/* ---- assertions (macros, so that failures point at the test's line) ---- */

void api_check_status(const struct api_res *res, int status, const char *file, int line);
void api_check_error(const struct api_res *res, int status, const char *code, const char *field,
                     const char *rule, const char *file, int line);

/* Fail unless RES has STATUS; prints the request and the body. */
#define assert_status(res, status) api_check_status((res), (status), __FILE__, __LINE__)
/* Fail unless RES is the one error body {"error": {...}} with STATUS and CODE (a string,
 * e.g. err_code_name(ERR_RULE) or "rule_violation"); FIELD and RULE are checked when not
 * NULL (pass "" to require their absence). */
#define assert_error(res, status, code, field, rule)                                               \
	api_check_error((res), (status), (code), (field), (rule), __FILE__, __LINE__)

#endif
