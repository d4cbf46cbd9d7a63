/* SPDX-License-Identifier: MIT */
/* The HTTP server: libmicrohttpd with its internal thread pool (epoll), one routes table
 * (http/routes.c), a per-request context freed in MHD's completion callback, and the
 * one set of reply functions every handler answers with. */
#ifndef YTH_HTTP_HTTP_H
#define YTH_HTTP_HTTP_H

#include <jansson.h>
#include "http/mhd.h"
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "core/entity.h"
#include "core/error.h"

struct db;

#define HTTP_MAX_BODY    (1024 * 1024) /* 1 MiB; larger bodies get 413 */
#define HTTP_MAX_PARAMS  4
#define HTTP_MAX_HEADERS 4

/* The per-request context. Owned by the server; freed in the completion callback. */
struct req {
	struct MHD_Connection *conn;
	const struct route *route;                /* matched route, NULL if none */
	const char *method;                       /* borrowed from MHD */
	const char *url;                          /* borrowed from MHD, without the query string */
	size_t nparams;                           /* path parameters from {name} segments */
	const char *param_names[HTTP_MAX_PARAMS]; /* borrowed from the route pattern */
	char *param_values[HTTP_MAX_PARAMS];      /* owned, URL-decoded */
	char *body;                               /* owned, NUL-terminated */
	size_t body_len;
	size_t body_cap; /* bytes allocated for body */
	bool body_too_large;
	json_t *json; /* parsed body (an object), owned: set for POST/PUT/PATCH ({} if empty and the
	               * route declares no body) and for any request with a body; else NULL */
	struct principal who; /* filled by auth_authenticate() */
	struct db *db;        /* this worker thread's connection, borrowed */
	int status;           /* status of the reply sent, for metrics and tests */
	uint64_t start_ns;    /* monotonic start time, for the latency histogram */
	char remote[64];      /* client address text */
	size_t nheaders;      /* extra reply headers (e.g. Set-Cookie), owned */
	char *header_names[HTTP_MAX_HEADERS];
	char *header_values[HTTP_MAX_HEADERS];
	bool is_head; /* a HEAD request dispatched as GET (method says "GET") */
	char *cache_key;        /* set while a cacheable answer is being made (http/cache.c), owned */
	uint64_t cache_version; /* db_data_version() read before the handler ran */
};

/* A handler parses, calls its area's function and replies: it returns what a reply_*
 * function returned. */
typedef enum MHD_Result (*handler_fn)(struct req *r);

/* Where the institution a request acts on comes from; auth_authorize() checks that it is
 * inside the signed-in user's subtree (see auth/scope.c). */
enum scope_kind {
	SCOPE_NONE,             /* no institution (own session, divisions, profiles) */
	SCOPE_LIST,             /* the handler filters by who.scope_path in its store query */
	SCOPE_INSTITUTION,      /* path parameter {id} is an institution id */
	SCOPE_BODY_PARENT,      /* body field "parent_id" is the institution created under */
	SCOPE_USER,             /* path parameter {id} is a user; their institution is checked */
	SCOPE_BODY_INSTITUTION, /* body field "institution_id" (creating a user) */
	SCOPE_BODY_FIELD,  /* body field route.scope_field names the institution */
	SCOPE_RESOURCE,    /* path parameter {id} names a resource; route.resolve finds the
			    * institution path it belongs to (and the user it is about) */
};

struct route {
	const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char *pattern; /* "/api/v1/institutions/{id}"; {name} matches one segment */
	handler_fn handler;
	unsigned roles; /* enum role bits allowed; 0 = public, no sign-in needed */
	enum scope_kind scope;
	const char *summary;         /* Chinese, for OpenAPI */
	const struct entity *body;   /* request body schema, or NULL */
	const struct entity *result; /* response schema, or NULL */
	bool list;    /* the response is {"items": [result...], "next_offset": n|null} */
	bool no_csrf; /* cookie write without CSRF token allowed (sign-in itself) */
	/* The answer depends only on the URL, the user's role and scope, the data and the
	 * date, so it may be reused while the database has not changed (http/cache.c). Never
	 * for answers about the user themself or reads that are audited. */
	bool cache;
	/* SCOPE_RESOURCE: the institution path of resource ID into PATH, and the id of the
	 * user the resource is about into OWNER ("" if none): that user may reach it even from
	 * outside the subtree (a village doctor's own file). Returns DB_ONE, DB_NONE or a
	 * negative db_status. */
	int (*resolve)(struct db *db, const char *id, char *path, size_t len, char owner[37]);
	const char *scope_field; /* SCOPE_BODY_FIELD */
	bool raw_body; /* the body is a file (CSV, .xlsx), not JSON: not parsed */
};

extern const struct route routes[];
extern const size_t routes_count;

struct server_config {
	const char *listen;   /* "127.0.0.1:8080" */
	const char *db_url;   /* each worker thread opens its own connection */
	const char *web_root; /* folder of static files served at / */
	unsigned threads;     /* worker threads, 0 = number of CPUs */
	/* Folder of npm packages served at /vendor/<package>/ (allow-list in http/static.c);
	 * NULL = <web_root>/../node_modules, else ./node_modules. */
	const char *vendor_root;
};

/* Serve until SIGINT / SIGTERM. Returns 0 on a clean stop, -1 if it could not start. */
int http_serve(const struct server_config *cfg);

/* Start / stop without signal handling (used by http_serve and by tests that embed the
 * server). Returns NULL on failure. */
struct http_server;
struct http_server *http_start(const struct server_config *cfg);
uint16_t http_port(const struct http_server *s); /* actual port (listen on :0 for any) */
void http_stop(struct http_server *s);

/* Request accessors. All returned strings are borrowed for the life of the request. */
const char *req_param(const struct req *r, const char *name); /* path {name} */
const char *req_query(const struct req *r, const char *name); /* ?name= */
const char *req_header(const struct req *r, const char *name);
const char *req_cookie(const struct req *r, const char *name);
/* All query arguments: fills up to MAX keys/values, returns how many there are. */
size_t req_query_all(const struct req *r, const char **keys, const char **vals, size_t max);
/* The list parameters of R's query (?limit=&offset=&sort=&<field>=...) for entity E into L
 * (see ent_list_parse; keys in IGNORE are the handler's own). Returns 0, or -1 with ERR
 * (400) set. Free L's filters with ent_list_clear. */
int req_list(const struct req *r, const struct entity *e, const char *const *ignore,
	     struct ent_list *l, struct app_error *err);
/* True if the connection is over TLS (cookies then get Secure). */
bool req_is_tls(const struct req *r);
/* Add a reply header (copied). At most HTTP_MAX_HEADERS. */
void req_add_header(struct req *r, const char *name, const char *value);

/* Replies. Each queues the response and returns MHD's result. */
enum MHD_Result reply_json(struct req *r, unsigned status, json_t *body /* stolen */);
enum MHD_Result reply_error(struct req *r, const struct app_error *err);
enum MHD_Result reply_err(struct req *r, enum err_code code, const char *field, const char *rule,
                          const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* DATA is copied. FILENAME (may be NULL) sets Content-Disposition: attachment. */
enum MHD_Result reply_bytes(struct req *r, unsigned status, const char *content_type,
                            const void *data, size_t len, const char *filename);
enum MHD_Result reply_no_content(struct req *r);
/* ITEMS (records of E, stolen) as an .xlsx download named "TITLE.xlsx" (io/xlsx.h). */
enum MHD_Result reply_xlsx(struct req *r, const struct entity *e, json_t *items,
			   const char *title);
/* A page of a list: {"items": ITEMS (stolen), "next_offset": offset + limit | null}. */
enum MHD_Result reply_page(struct req *r, json_t *items, bool more, const struct ent_list *l);
/* The list routes of records kept under an institution (a "path" column): a page of E's
 * records in the user's subtree under R's filters, and every such record as an .xlsx
 * download named "TITLE.xlsx". */
enum MHD_Result reply_scoped_list(struct req *r, const struct entity *e);
enum MHD_Result reply_scoped_xlsx(struct req *r, const struct entity *e, const char *title);

/* The answer cache (http/cache.c): per worker thread, for GET routes marked .cache, valid
 * while db_data_version() is unchanged (SQLite only) and for HTTP_CACHE_MAX_AGE seconds.
 * http_cache_reply() answers R from the cache and returns true, or prepares R so that
 * http_cache_store() keeps the answer the handler makes. */
#define HTTP_CACHE_MAX_AGE 10
bool http_cache_reply(struct req *r, enum MHD_Result *ret);
void http_cache_store(struct req *r, unsigned status, const char *content_type,
		      const char *body, size_t len);
uint64_t http_cache_hits(void);

/* Metrics (http/metrics.c). */
void metrics_observe(const char *route_pattern, const char *method, unsigned status,
                     uint64_t duration_ns);
char *metrics_render(void); /* Prometheus text, malloc'd */

/* OpenAPI 3.1 document of every route (http/openapi.c). New reference. */
json_t *openapi_document(void);

/* JSON schema of an entity's record (used by OpenAPI). New reference. */
json_t *openapi_entity_schema(const struct entity *e);

/* Internal to http/: shared by server.c, reply.c and static.c. */

/* Add the headers every reply carries (R's extra headers, nosniff, no-store on /api), set
 * R->status, queue RESP and release our reference to it. */
enum MHD_Result http_queue(struct req *r, unsigned status, struct MHD_Response *resp);

/* Serve a GET/HEAD of R->url from WEB_ROOT, or /vendor/<package>/... from VENDOR_ROOT
 * (both absolute, symlink-free; VENDOR_ROOT may be NULL). Replies in every case. */
enum MHD_Result static_serve(struct req *r, const char *web_root, const char *vendor_root);

#endif
