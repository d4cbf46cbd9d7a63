/* SPDX-License-Identifier: MIT */
/* The HTTP server core, black-box: health, routing errors (404, 405), body limits and
 * parsing, static files (types, revalidation, traversal), /vendor/, metrics, and a burst
 * of malformed requests that must neither crash the server nor get a 500. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/error.h"
#include "harness.h"

#define INDEX_HTML "<!doctype html><title>一体化</title><p>test index</p>\n"
#define APP_JS     "export const answer = 42;\n"
#define SECRET     "top-secret-outside-the-web-root\n"
#define VENDOR_MJS "export default 'echarts stand-in';\n"

/* The temporary tree the server is started on:
 *   DIR/web/index.html, app.js, style.css, sub/page.html, link.txt -> ../secret.txt
 *   DIR/secret.txt
 *   DIR/node_modules/echarts/dist/echarts.esm.mjs, leak.txt -> ../../secret.txt
 *   DIR/node_modules/lodash/index.js   (not on the allow-list) */
struct fixture {
	struct srv *srv;
	char dir[128];
};

static void write_file(const char *dir, const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
		abort();
	}
	fputs(text, f);
	fclose(f);
}

static void make_dir(const char *dir, const char *rel)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		abort();
}

static void make_link(const char *dir, const char *rel, const char *target)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (symlink(target, path) != 0)
		abort();
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/yth-http-web.XXXXXX");
	if (!mkdtemp(fx->dir))
		return -1;
	make_dir(fx->dir, "web");
	make_dir(fx->dir, "web/sub");
	write_file(fx->dir, "web/index.html", INDEX_HTML);
	write_file(fx->dir, "web/app.js", APP_JS);
	write_file(fx->dir, "web/style.css", "body { margin: 0 }\n");
	write_file(fx->dir, "web/sub/page.html", "<p>sub</p>\n");
	write_file(fx->dir, "web/.env", SECRET);
	write_file(fx->dir, "secret.txt", SECRET);
	make_link(fx->dir, "web/link.txt", "../secret.txt");
	make_dir(fx->dir, "node_modules");
	make_dir(fx->dir, "node_modules/echarts");
	make_dir(fx->dir, "node_modules/echarts/dist");
	write_file(fx->dir, "node_modules/echarts/dist/echarts.esm.mjs", VENDOR_MJS);
	make_link(fx->dir, "node_modules/echarts/leak.txt", "../../secret.txt");
	make_dir(fx->dir, "node_modules/lodash");
	write_file(fx->dir, "node_modules/lodash/index.js", "module.exports = {};\n");

	char web[256];
	snprintf(web, sizeof(web), "%s/web", fx->dir);
	struct srv_opts o = {.empty = true, .web_root = web};
	fx->srv = srv_start(&o);
	if (!fx->srv)
		return -1;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;
	int rc = srv_stop(fx->srv);
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		rc = -1;
	free(fx);
	return rc;
}

static struct srv *srv_of(void **state)
{
	return ((struct fixture *)*state)->srv;
}

/* ---- health and routing ---- */

static void healthz_answers_ok(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_get(c, "/healthz");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "ok");
	assert_non_null(strstr(api_header(res, "Content-Type"), "application/json"));
	assert_string_equal(api_header(res, "X-Content-Type-Options"), "nosniff");
	api_client_free(c);
}

static void unknown_api_route_is_404_json_error(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_get(c, "/api/v1/no-such-resource");
	assert_error(res, 404, err_code_name(ERR_NOT_FOUND), "", "");
	assert_string_equal(api_header(res, "Cache-Control"), "no-store");
	/* an /api path is never a static file, even for GET */
	res = api_get(c, "/api/v1/institutions/x/y/z");
	assert_error(res, 404, err_code_name(ERR_NOT_FOUND), NULL, NULL);
	api_client_free(c);
}

static void wrong_method_is_405_with_allow(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_delete(c, "/healthz");
	assert_error(res, 405, err_code_name(ERR_METHOD), NULL, NULL);
	assert_string_equal(api_header(res, "Allow"), "GET");

	res = api_patch(c, "/api/v1/session", "{}");
	assert_error(res, 405, err_code_name(ERR_METHOD), NULL, NULL);
	const char *allow = api_header(res, "Allow");
	assert_non_null(allow);
	assert_non_null(strstr(allow, "POST"));
	assert_non_null(strstr(allow, "GET"));
	assert_non_null(strstr(allow, "DELETE"));
	api_client_free(c);
}

static void protected_route_without_sign_in_is_401(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_get(c, "/api/v1/users");
	assert_error(res, 401, err_code_name(ERR_UNAUTHENTICATED), NULL, NULL);
	api_client_free(c);
}

/* ---- bodies ---- */

static void body_over_1_mib_is_413(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	size_t len = 1024 * 1024 + 1;
	char *body = malloc(len);
	memset(body, ' ', len);
	body[0] = '{';
	body[len - 1] = '}';
	struct api_res *res = api_request(c, "POST", "/api/v1/session", NULL, body, len);
	assert_error(res, 413, err_code_name(ERR_TOO_LARGE), NULL, NULL);
	free(body);
	api_client_free(c);
}

static void body_of_exactly_1_mib_is_read(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	size_t len = 1024 * 1024;
	char *body = malloc(len);
	memset(body, ' ', len);
	body[0] = '[';
	body[len - 1] = ']';
	/* read in full and parsed: an array, so 400 — not 413 */
	struct api_res *res = api_request(c, "POST", "/api/v1/session", NULL, body, len);
	assert_error(res, 400, err_code_name(ERR_BAD_JSON), NULL, NULL);
	free(body);
	api_client_free(c);
}

static void chunked_upload_over_1_mib_is_413(void **state)
{
	/* no Content-Length: the limit must hold for chunked uploads too */
	struct srv *s = srv_of(state);
	char head[256];
	int n = snprintf(head, sizeof(head),
	                 "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	                 "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
	size_t chunk = 64 * 1024, nchunks = 17; /* 1.0625 MiB */
	size_t total = (size_t)n + nchunks * (chunk + 16) + 8;
	char *req = malloc(total);
	memcpy(req, head, (size_t)n);
	size_t len = (size_t)n;
	for (size_t i = 0; i < nchunks; i++) {
		len += (size_t)sprintf(req + len, "%zx\r\n", chunk);
		memset(req + len, ' ', chunk);
		len += chunk;
		memcpy(req + len, "\r\n", 2);
		len += 2;
	}
	memcpy(req + len, "0\r\n\r\n", 5);
	len += 5;
	struct api_res *res = api_raw(s, req, len);
	assert_error(res, 413, err_code_name(ERR_TOO_LARGE), NULL, NULL);
	api_res_free(res);
	free(req);
}

static void non_json_body_is_400_bad_json(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	const char *form = "username=admin&password=demo1234";
	const char *const headers[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
	struct api_res *res =
	    api_request(c, "POST", "/api/v1/session", headers, form, strlen(form));
	assert_error(res, 400, err_code_name(ERR_BAD_JSON), NULL, NULL);
	api_client_free(c);
}

static void json_array_body_is_400_bad_json(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_post(c, "/api/v1/session", "[\"admin\", \"demo1234\"]");
	assert_error(res, 400, err_code_name(ERR_BAD_JSON), NULL, NULL);
	res = api_post(c, "/api/v1/session", "\"admin\"");
	assert_error(res, 400, err_code_name(ERR_BAD_JSON), NULL, NULL);
	api_client_free(c);
}

static void empty_body_where_one_is_declared_is_400(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_post(c, "/api/v1/session", NULL);
	assert_error(res, 400, err_code_name(ERR_BAD_JSON), NULL, NULL);
	api_client_free(c);
}

static void duplicate_keys_are_400_bad_json(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res =
	    api_post(c, "/api/v1/session", "{\"username\":\"a\",\"username\":\"admin\"}");
	assert_error(res, 400, err_code_name(ERR_BAD_JSON), NULL, NULL);
	api_client_free(c);
}

static void body_with_nul_byte_is_400_bad_json(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	static const char body[] = "{\"username\":\"ad\0min\"}";
	struct api_res *res =
	    api_request(c, "POST", "/api/v1/session", NULL, body, sizeof(body) - 1);
	assert_error(res, 400, err_code_name(ERR_BAD_JSON), NULL, NULL);
	api_client_free(c);
}

/* ---- static files ---- */

static void root_serves_index_html(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_get(c, "/");
	assert_status(res, 200);
	assert_string_equal(res->body, INDEX_HTML);
	assert_string_equal(api_header(res, "Content-Type"), "text/html; charset=utf-8");
	assert_string_equal(api_header(res, "Cache-Control"), "no-cache");
	assert_non_null(api_header(res, "ETag"));
	assert_non_null(api_header(res, "Last-Modified"));
	api_client_free(c);
}

static void static_files_get_their_content_type(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_get(c, "/app.js");
	assert_status(res, 200);
	assert_string_equal(res->body, APP_JS);
	assert_string_equal(api_header(res, "Content-Type"), "text/javascript; charset=utf-8");
	res = api_get(c, "/style.css");
	assert_status(res, 200);
	assert_string_equal(api_header(res, "Content-Type"), "text/css; charset=utf-8");
	res = api_get(c, "/sub/page.html");
	assert_status(res, 200);
	assert_string_equal(res->body, "<p>sub</p>\n");
	api_client_free(c);
}

static void matching_etag_gets_304(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_get(c, "/app.js");
	assert_status(res, 200);
	char header[160];
	snprintf(header, sizeof(header), "If-None-Match: \"other\", %s", api_header(res, "ETag"));
	const char *const headers[] = {header, NULL};
	res = api_request(c, "GET", "/app.js", headers, NULL, 0);
	assert_status(res, 304);
	assert_int_equal(res->body_len, 0);
	assert_non_null(api_header(res, "ETag"));

	const char *const stale[] = {"If-None-Match: \"not-the-etag\"", NULL};
	res = api_request(c, "GET", "/app.js", stale, NULL, 0);
	assert_status(res, 200);
	assert_string_equal(res->body, APP_JS);
	api_client_free(c);
}

static void if_modified_since_gets_304(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_get(c, "/app.js");
	assert_status(res, 200);
	char header[160];
	snprintf(header, sizeof(header), "If-Modified-Since: %s", api_header(res, "Last-Modified"));
	const char *const headers[] = {header, NULL};
	res = api_request(c, "GET", "/app.js", headers, NULL, 0);
	assert_status(res, 304);

	const char *const old[] = {"If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT", NULL};
	res = api_request(c, "GET", "/app.js", old, NULL, 0);
	assert_status(res, 200);
	api_client_free(c);
}

static void head_has_headers_but_no_body(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_request(c, "HEAD", "/app.js", NULL, NULL, 0);
	assert_status(res, 200);
	assert_int_equal(res->body_len, 0);
	assert_int_equal(strtol(api_header(res, "Content-Length"), NULL, 10), strlen(APP_JS));
	res = api_request(c, "HEAD", "/healthz", NULL, NULL, 0);
	assert_status(res, 200);
	assert_int_equal(res->body_len, 0);
	api_client_free(c);
}

static void missing_file_is_404_json_error(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_get(c, "/no-such-page.html");
	assert_error(res, 404, err_code_name(ERR_NOT_FOUND), NULL, NULL);
	res = api_get(c, "/sub"); /* a folder is not a file */
	assert_error(res, 404, err_code_name(ERR_NOT_FOUND), NULL, NULL);
	api_client_free(c);
}

static void path_traversal_is_refused(void **state)
{
	struct srv *s = srv_of(state);
	/* Sent raw: a client library would normalise the dots away. */
	static const char *const paths[] = {
	    "/../secret.txt",
	    "/sub/../../secret.txt",
	    "/%2e%2e/secret.txt",
	    "/sub/%2E%2E/%2e%2e/secret.txt",
	    "/..%2fsecret.txt",
	    "/sub/..%2F..%2Fsecret.txt",
	    "/%2e%2e%5csecret.txt",
	    "/link.txt", /* symlink out of the root */
	    "/.env",     /* hidden file inside the root */
	    "//etc/passwd",
	    "/vendor/echarts/leak.txt", /* symlink out of the package */
	    "/vendor/echarts/../../secret.txt",
	    "/vendor/echarts/%2e%2e/%2e%2e/secret.txt",
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		char req[512];
		int n = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", paths[i]);
		struct api_res *res = api_raw(s, req, (size_t)n);
		assert_non_null(res);
		if (res->status != 404 && res->status != 400) {
			print_error("GET %s → %d\n%s\n", paths[i], res->status, res->body);
			fail();
		}
		assert_null(strstr(res->body, "top-secret"));
		assert_null(strstr(res->body, "root:"));
		api_res_free(res);
	}
}

static void vendor_serves_allowed_packages_only(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	struct api_res *res = api_get(c, "/vendor/echarts/dist/echarts.esm.mjs");
	assert_status(res, 200);
	assert_string_equal(res->body, VENDOR_MJS);
	assert_string_equal(api_header(res, "Content-Type"), "text/javascript; charset=utf-8");
	res = api_get(c, "/vendor/lodash/index.js");
	assert_error(res, 404, err_code_name(ERR_NOT_FOUND), NULL, NULL);
	res = api_get(c, "/vendor/echarts");
	assert_error(res, 404, err_code_name(ERR_NOT_FOUND), NULL, NULL);
	api_client_free(c);
}

/* ---- metrics ---- */

/* The value of the sample line starting with SERIES in TEXT, or -1. */
static long long sample(const char *text, const char *series)
{
	size_t n = strlen(series);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, series, n) == 0 && p[n] == ' ')
			return strtoll(p + n + 1, NULL, 10);
	}
	return -1;
}

static void metrics_count_the_requests_just_made(void **state)
{
	struct api_client *c = api_client(srv_of(state));
	const char *ok =
	    "yitihua_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}";
	const char *missing =
	    "yitihua_http_requests_total{route=\"static\",method=\"GET\",status=\"404\"}";
	const char *hist = "yitihua_http_request_duration_seconds_count{route=\"/healthz\"}";
	struct api_res *res = api_get(c, "/metrics");
	assert_status(res, 200);
	assert_non_null(strstr(api_header(res, "Content-Type"), "text/plain; version=0.0.4"));
	long long ok_before = sample(res->body, ok);
	long long missing_before = sample(res->body, missing);
	long long hist_before = sample(res->body, hist);
	assert_non_null(strstr(res->body, "yitihua_db_errors_total "));

	for (int i = 0; i < 5; i++)
		assert_status(api_get(c, "/healthz"), 200);
	for (int i = 0; i < 2; i++)
		assert_status(api_get(c, "/not-there.js"), 404);

	res = api_get(c, "/metrics");
	assert_status(res, 200);
	assert_int_equal(sample(res->body, ok), (ok_before < 0 ? 0 : ok_before) + 5);
	assert_int_equal(sample(res->body, missing), (missing_before < 0 ? 0 : missing_before) + 2);
	assert_int_equal(sample(res->body, hist), (hist_before < 0 ? 0 : hist_before) + 5);
	assert_non_null(strstr(res->body, "yitihua_http_request_duration_seconds_bucket{route="
	                                  "\"/healthz\",le=\"+Inf\"}"));
	api_client_free(c);
}

/* ---- robustness ---- */

static uint32_t rng_state = 20240601;
static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Odd requests: HEAD is sent as is; BODY (BODY_LEN bytes, may hold NULs), when set, is
 * sent after a Content-Length the burst computes. */
static const struct {
	const char *head;
	const char *body;
	size_t body_len;
} odd[] = {
#define BODY(text) text, sizeof(text) - 1
    {"GARBAGE\r\n\r\n"},
    {"GET\r\n\r\n"},
    {"GET / HTTP/9.9\r\nHost: x\r\n\r\n"},
    {"GET / HTTP/1.1\r\n\r\n"}, /* no Host */
    {"GET /api/v1/users/%zz HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"GET /api/v1/users/% HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"GET /api/v1/users/%00 HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"GET /%00%00/../x HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"GET /api/v1/institutions?limit=%ff%fe&sort=%00 HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"GET /api/v1/institutions?&&==&a=%zz HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"GET /healthz?%00=%00 HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"GET /healthz HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n"},
    {"GET /healthz HTTP/1.1\r\nHost: x\r\n: empty-name\r\n\r\n"},
    {"GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\r\n continued\r\n\r\n"},
    {"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nCookie: yth_session\r\n\r\n"},
    {"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nCookie: ;;;=;yth_session=;=x\r\n\r\n"},
    {"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nCookie: yth_session=%00%ff\r\n\r\n"},
    {"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\n\r\n"},
    {"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \x01\x02\r\n\r\n"},
    {"GET /api/v1/session HTTP/1.1\r\nHost: x\r\nAuthorization: Basic Zm9vOmJhcg==\r\n\r\n"},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n"},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\n", BODY("<a/>\0\1\2")},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n", BODY("\xff\xfe")},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n", BODY("{\"username\":\"\xc3\x28\"}")},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n", BODY("{\"username\":\"\\u0000\"}")},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n", BODY("{\"username\":1,\"password\":[true]}")},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n",
     BODY("{\"username\":\"admin\",\"password\":\"\",\"x\":{}}")},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\n",
     BODY("{\"username\":\"no-such-user\",\"password\":\"wrong-password\"}")},
    {"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json; charset=gbk\r\n",
     BODY("{\"username\":\"\xd6\xd0\xce\xc4\"}")},
    {"PUT /api/v1/session/password HTTP/1.1\r\nHost: x\r\n", BODY("{}")},
    {"DELETE /api/v1/session HTTP/1.1\r\nHost: x\r\nX-CSRF-Token: \r\n\r\n"},
    {"PATCH /api/v1/institutions/%2e%2e HTTP/1.1\r\nHost: x\r\n", BODY("{}")},
    {"POST /api/v1/tokens HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer x\r\n", BODY("{\"a\":1}")},
    {"GET /vendor/ HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"GET /vendor/echarts/ HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"GET /vendor//etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"},
    {"\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"}, /* blank lines first */
    {"GET / HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: \xff\xff\r\nIf-None-Match: ,,,W/\r\n\r\n"},
    {"GET / HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Mon, 99 Foo 99999 99:99:99 GMT\r\n\r\n"},
#undef BODY
};

/* One malformed or odd request, number I of the burst, into OUT; returns its length. */
static size_t malformed(unsigned i, char *out, size_t cap)
{
	size_t nfixed = sizeof(odd) / sizeof(odd[0]);
	if (i < nfixed) {
		size_t len = (size_t)snprintf(out, cap, "%s", odd[i].head);
		if (odd[i].body) {
			len += (size_t)snprintf(out + len, cap - len, "Content-Length: %zu\r\n\r\n",
			                        odd[i].body_len);
			memcpy(out + len, odd[i].body, odd[i].body_len);
			len += odd[i].body_len;
		}
		return len;
	}
	size_t len = 0;
	switch ((i - nfixed) % 6) {
	case 0: /* random bytes */
		len = 1 + rnd() % 512;
		for (size_t k = 0; k < len; k++)
			out[k] = (char)rnd();
		memcpy(out + len, "\r\n\r\n", 4);
		return len + 4;
	case 1: { /* a request line with random bytes in the path */
		len = (size_t)snprintf(out, cap, "GET /api/v1/");
		size_t n = 1 + rnd() % 200;
		for (size_t k = 0; k < n; k++) {
			char ch = (char)(rnd() % 256);
			out[len++] = ch == ' ' || ch == '\r' || ch == '\n' ? '%' : ch;
		}
		len += (size_t)snprintf(out + len, cap - len, " HTTP/1.1\r\nHost: x\r\n\r\n");
		return len;
	}
	case 2: { /* a huge header */
		size_t n = 8000 + rnd() % 70000;
		len = (size_t)snprintf(out, cap, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ");
		memset(out + len, 'a' + (int)(rnd() % 26), n);
		len += n;
		len += (size_t)snprintf(out + len, cap - len, "\r\n\r\n");
		return len;
	}
	case 3: { /* very many headers */
		len = (size_t)snprintf(out, cap, "GET /api/v1/session HTTP/1.1\r\nHost: x\r\n");
		unsigned n = 200 + rnd() % 2000;
		for (unsigned k = 0; k < n && len + 64 < cap; k++)
			len += (size_t)snprintf(out + len, cap - len, "X-H%u: %u\r\n", k, rnd());
		len += (size_t)snprintf(out + len, cap - len, "\r\n");
		return len;
	}
	case 4: { /* a JSON-ish body with random damage */
		static const char json[] = "{\"username\":\"admin\",\"password\":\"demo1234\"}";
		char body[sizeof(json)];
		memcpy(body, json, sizeof(json));
		for (int k = 0; k < 3; k++)
			body[rnd() % (sizeof(json) - 1)] = (char)rnd();
		len = (size_t)snprintf(out, cap,
		                       "POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
		                       "Content-Length: %zu\r\n\r\n",
		                       sizeof(json) - 1);
		memcpy(out + len, body, sizeof(json) - 1);
		return len + sizeof(json) - 1;
	}
	default: { /* deep nesting */
		size_t depth = 1000 + rnd() % 100000;
		len = (size_t)snprintf(out, cap,
		                       "POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
		                       "Content-Length: %zu\r\n\r\n{\"a\":",
		                       depth + 5);
		memset(out + len, '[', depth);
		return len + depth;
	}
	}
}

static void malformed_burst_never_crashes_nor_500s(void **state)
{
	struct srv *s = srv_of(state);
	size_t cap = 256 * 1024;
	char *req = malloc(cap);
	unsigned answered = 0;
	for (unsigned i = 0; i < 300; i++) {
		size_t len = malformed(i, req, cap);
		time_t started = time(NULL);
		struct api_res *res = api_raw(s, req, len);
		if (time(NULL) - started > 5)
			print_message("note: malformed request %u took %lld s\n", i,
			              (long long)(time(NULL) - started));
		assert_non_null(res); /* the server still accepts connections */
		if (res->status == 500) {
			print_error("malformed request %u got 500:\n%.*s\n→ %s\n", i,
			            (int)(len < 300 ? len : 300), req, res->body);
			fail();
		}
		if (res->status != 0)
			answered++;
		api_res_free(res);
	}
	free(req);
	assert_true(answered > 100); /* most of them get an answer, not a reset */
	struct api_client *c = api_client(s);
	assert_status(api_get(c, "/healthz"), 200);
	api_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(healthz_answers_ok),
	    cmocka_unit_test(unknown_api_route_is_404_json_error),
	    cmocka_unit_test(wrong_method_is_405_with_allow),
	    cmocka_unit_test(protected_route_without_sign_in_is_401),
	    cmocka_unit_test(body_over_1_mib_is_413),
	    cmocka_unit_test(body_of_exactly_1_mib_is_read),
	    cmocka_unit_test(chunked_upload_over_1_mib_is_413),
	    cmocka_unit_test(non_json_body_is_400_bad_json),
	    cmocka_unit_test(json_array_body_is_400_bad_json),
	    cmocka_unit_test(empty_body_where_one_is_declared_is_400),
	    cmocka_unit_test(duplicate_keys_are_400_bad_json),
	    cmocka_unit_test(body_with_nul_byte_is_400_bad_json),
	    cmocka_unit_test(root_serves_index_html),
	    cmocka_unit_test(static_files_get_their_content_type),
	    cmocka_unit_test(matching_etag_gets_304),
	    cmocka_unit_test(if_modified_since_gets_304),
	    cmocka_unit_test(head_has_headers_but_no_body),
	    cmocka_unit_test(missing_file_is_404_json_error),
	    cmocka_unit_test(path_traversal_is_refused),
	    cmocka_unit_test(vendor_serves_allowed_packages_only),
	    cmocka_unit_test(metrics_count_the_requests_just_made),
	    cmocka_unit_test(malformed_burst_never_crashes_nor_500s),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
