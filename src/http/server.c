/* SPDX-License-Identifier: MIT */
/* The HTTP server: starts libmicrohttpd (internal thread pool, epoll), gives each worker
 * thread its own database connection, matches the routes table, reads and parses request
 * bodies, authenticates and authorises, and calls the route's handler. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "db/db.h"
#include "http/http.h"

#define MAX_SEGMENTS 12

/* A route pattern split once into its segments, so that matching does not re-parse it. */
struct segment {
	const char *text; /* literal text, or the parameter name; borrowed or owned below */
	size_t len;
	bool param;
};

struct compiled_route {
	size_t nseg;
	struct segment seg[MAX_SEGMENTS];
};

struct http_server {
	struct MHD_Daemon *daemon;
	char *db_url;
	char *web_root;    /* realpath */
	char *vendor_root; /* realpath, or NULL when there is none */
	uint16_t port;
};

/* Compiled routes[], shared by every server in the process (routes[] is constant).
 * Parameter names are NUL-terminated copies: req->param_names point here. */
static struct compiled_route *compiled;
static char **param_name_store;
static size_t param_name_count;
static pthread_once_t compile_once = PTHREAD_ONCE_INIT;

/* Each worker thread's database connection: opened on its first request, closed by the
 * key's destructor when MHD ends the thread. */
static pthread_key_t db_key;
static pthread_once_t db_key_once = PTHREAD_ONCE_INIT;
static __thread struct db *thread_db;

static void close_thread_db(void *db)
{
	db_close(db);
}

static void make_db_key(void)
{
	if (pthread_key_create(&db_key, close_thread_db) != 0)
		abort();
}

static struct db *worker_db(const char *url)
{
	if (thread_db)
		return thread_db;
	struct db *db;
	if (db_open(url, &db) != 0)
		return NULL; /* the next request tries again */
	thread_db = db;
	pthread_setspecific(db_key, db);
	return db;
}

static void compile_routes(void)
{
	compiled = calloc(routes_count, sizeof(*compiled));
	param_name_store = calloc(routes_count * MAX_SEGMENTS, sizeof(char *));
	if (!compiled || !param_name_store)
		abort();
	for (size_t i = 0; i < routes_count; i++) {
		struct compiled_route *c = &compiled[i];
		const char *p = routes[i].pattern;
		if (*p != '/' || strlen(p) >= 1024) {
			fprintf(stderr, "yitihua: bad route pattern %s\n", p);
			abort();
		}
		while (*p == '/') {
			p++;
			size_t len = strcspn(p, "/");
			if (c->nseg == MAX_SEGMENTS) {
				fprintf(stderr, "yitihua: route %s has too many segments\n",
				        routes[i].pattern);
				abort();
			}
			struct segment *s = &c->seg[c->nseg++];
			if (len >= 2 && p[0] == '{' && p[len - 1] == '}') {
				char *name = strndup(p + 1, len - 2);
				if (!name)
					abort();
				param_name_store[param_name_count++] = name;
				s->text = name;
				s->len = len - 2;
				s->param = true;
			} else {
				s->text = p;
				s->len = len;
			}
			p += len;
		}
	}
}

/* Does URL match route I? Fills R's parameters (owned copies) when it does. */
static bool match_route(size_t i, const char *url, struct req *r)
{
	const struct compiled_route *c = &compiled[i];
	const char *p = url;
	size_t np = 0;
	const char *values[HTTP_MAX_PARAMS];
	size_t lens[HTTP_MAX_PARAMS];
	for (size_t k = 0; k < c->nseg; k++) {
		if (*p != '/')
			return false;
		p++;
		size_t len = strcspn(p, "/");
		const struct segment *s = &c->seg[k];
		if (s->param) {
			if (len == 0 || np == HTTP_MAX_PARAMS)
				return false;
			values[np] = p;
			lens[np] = len;
			np++;
		} else if (len != s->len || memcmp(p, s->text, len) != 0) {
			return false;
		}
		p += len;
	}
	if (*p != '\0')
		return false;
	/* MHD has already percent-decoded the path, so the segments are the values. */
	for (size_t k = 0, j = 0; k < c->nseg; k++) {
		if (!c->seg[k].param)
			continue;
		r->param_names[j] = c->seg[k].text;
		r->param_values[j] = strndup(values[j], lens[j]);
		if (!r->param_values[j])
			return false;
		j++;
		r->nparams = j;
	}
	return true;
}

static bool is_api_path(const char *url)
{
	return strncmp(url, "/api", 4) == 0 && (url[4] == '/' || url[4] == '\0');
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void client_address(struct req *r)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!info || !info->client_addr)
		return;
	const struct sockaddr *sa = info->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, r->remote,
		          sizeof(r->remote));
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, r->remote,
		          sizeof(r->remote));
}

/* Append an upload chunk to R's body, or only count it once past the limit: the client
 * is still sending, and answering 413 before it has finished would reset the connection
 * under it, so the rest is read and dropped. */
static void take_upload(struct req *r, const char *data, size_t size)
{
	if (r->body_too_large)
		return;
	if (size > HTTP_MAX_BODY - r->body_len)
		goto out_drop_body;
	if (r->body_len + size + 1 > r->body_cap) {
		size_t cap = r->body_cap ? r->body_cap : 1024;
		while (cap < r->body_len + size + 1)
			cap *= 2;
		char *grown = realloc(r->body, cap);
		if (!grown)
			goto out_drop_body; /* out of memory: refuse rather than crash */
		r->body = grown;
		r->body_cap = cap;
	}
	memcpy(r->body + r->body_len, data, size);
	r->body_len += size;
	r->body[r->body_len] = '\0';
	return;

out_drop_body:
	r->body_too_large = true;
	free(r->body);
	r->body = NULL;
	r->body_len = 0;
	r->body_cap = 0;
}

static enum MHD_Result method_not_allowed(struct req *r, const char *url)
{
	char allow[64] = "";
	for (size_t i = 0; i < routes_count; i++) {
		struct req probe = {0};
		if (!match_route(i, url, &probe)) {
			for (size_t k = 0; k < probe.nparams; k++)
				free(probe.param_values[k]);
			continue;
		}
		for (size_t k = 0; k < probe.nparams; k++)
			free(probe.param_values[k]);
		if (strlen(allow) + strlen(routes[i].method) + 3 < sizeof(allow)) {
			if (allow[0])
				strcat(allow, ", ");
			strcat(allow, routes[i].method);
		}
	}
	if (allow[0])
		req_add_header(r, "Allow", allow);
	return reply_err(r, ERR_METHOD, NULL, NULL, "不支持 %s 方法",
	                 r->is_head ? "HEAD" : r->method);
}

static bool method_has_body(const char *method)
{
	return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
	       strcmp(method, "PATCH") == 0;
}

/* Parse R's body into R->json. Returns 0, or -1 having replied 400. */
static int parse_body(struct req *r)
{
	if (r->body_len == 0) {
		if (r->route->body) {
			reply_err(r, ERR_BAD_JSON, NULL, NULL, "请求体不能为空，须为 JSON 对象");
			return -1;
		}
		/* Handlers of writes may count on an object, even an empty one. */
		if (method_has_body(r->method))
			r->json = json_object();
		return 0;
	}
	json_error_t jerr;
	r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!r->json) {
		/* jerr.text is English and may quote the input; give the position only. */
		reply_err(r, ERR_BAD_JSON, NULL, NULL, "请求体不是有效的 JSON（第 %d 行第 %d 列）",
		          jerr.line, jerr.column);
		return -1;
	}
	if (!json_is_object(r->json)) {
		reply_err(r, ERR_BAD_JSON, NULL, NULL, "请求体须为 JSON 对象");
		return -1;
	}
	return 0;
}

static enum MHD_Result dispatch(struct http_server *srv, struct req *r)
{
	const char *url = r->url;
	bool url_matched = false;
	for (size_t i = 0; i < routes_count && !r->route; i++) {
		if (!match_route(i, url, r)) {
			for (size_t k = 0; k < r->nparams; k++) {
				free(r->param_values[k]);
				r->param_values[k] = NULL;
			}
			r->nparams = 0;
			continue;
		}
		if (strcmp(routes[i].method, r->method) == 0) {
			r->route = &routes[i];
			break;
		}
		url_matched = true;
		for (size_t k = 0; k < r->nparams; k++) {
			free(r->param_values[k]);
			r->param_values[k] = NULL;
		}
		r->nparams = 0;
	}
	if (r->body_too_large)
		return reply_err(r, ERR_TOO_LARGE, NULL, NULL, "请求体超过 %d MiB 的上限",
		                 HTTP_MAX_BODY / (1024 * 1024));
	if (!r->route) {
		if (url_matched)
			return method_not_allowed(r, url);
		if (strcmp(r->method, "GET") == 0 && !is_api_path(url))
			return static_serve(r, srv->web_root, srv->vendor_root);
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "没有这个接口：%s %s", r->method,
		                 url);
	}

	if (!r->route->raw_body && (method_has_body(r->method) || r->body_len > 0) &&
	    parse_body(r) != 0)
		return MHD_YES; /* replied */

	r->db = worker_db(srv->db_url);
	if (!r->db)
		return reply_err(r, ERR_UNAVAILABLE, NULL, NULL, "数据库暂时无法连接，请稍后再试");

	struct app_error err = {0};
	if (auth_authenticate(r, &err) != 0 || auth_authorize(r, &err) != 0)
		return reply_error(r, &err);

	enum MHD_Result ret;
	if (r->route->cache && http_cache_reply(r, &ret))
		return ret;
	ret = r->route->handler(r);
	if (r->status == 0) {
		fprintf(stderr, "yitihua: defect: handler of %s %s returned without a reply\n",
		        r->route->method, r->route->pattern);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	(void)version;
	struct http_server *srv = cls;
	struct req *r = *con_cls;
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		r->start_ns = now_ns();
		r->conn = conn;
		r->url = url;
		r->method = method;
		/* HEAD is GET without the body (MHD drops it): route it as GET. */
		if (strcmp(method, "HEAD") == 0) {
			r->method = "GET";
			r->is_head = true;
		}
		client_address(r);
		*con_cls = r;
		/* Size the buffer once from Content-Length when it is sane; not beyond 64 KiB
		 * before the bytes arrive, or idle connections could reserve 1 MiB each. */
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			unsigned long long n = strtoull(cl, &end, 10);
			if (*end == '\0' && n > 0 && n <= HTTP_MAX_BODY) {
				size_t cap = n < 64 * 1024 ? (size_t)n + 1 : 64 * 1024;
				r->body = malloc(cap);
				if (r->body)
					r->body_cap = cap;
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		take_upload(r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->status != 0)
		return MHD_YES; /* already answered */
	return dispatch(srv, r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct req *r = *con_cls;
	if (!r)
		return;
	*con_cls = NULL;
	if (r->status != 0) {
		const char *label = r->route ? r->route->pattern
		                    : (strcmp(r->method, "GET") == 0 && !is_api_path(r->url))
		                        ? "static"
		                        : "unmatched";
		metrics_observe(label, r->is_head ? "HEAD" : r->method, (unsigned)r->status,
		                now_ns() - r->start_ns);
	}
	for (size_t i = 0; i < r->nparams; i++)
		free(r->param_values[i]);
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->header_names[i]);
		free(r->header_values[i]);
	}
	json_decref(r->json);
	free(r->body);
	free(r->cache_key);
	free(r);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "yitihua: mhd: %s%s", line,
	        line[0] && line[strlen(line) - 1] == '\n' ? "" : "\n");
}

/* Parse "ADDR:PORT" or "[IPv6]:PORT" into SS. Returns 0 or -1 (message printed). */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, bool *ipv6)
{
	char host[256];
	const char *port_text;
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof(host))
			goto out_bad;
		memcpy(host, listen + 1, (size_t)(close - listen - 1));
		host[close - listen - 1] = '\0';
		port_text = close + 2;
	} else {
		const char *colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof(host))
			goto out_bad;
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = '\0';
		port_text = colon + 1;
	}
	char *end;
	unsigned long port = strtoul(port_text, &end, 10);
	if (!*port_text || *end || port > 65535)
		goto out_bad;

	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
	hints.ai_family = listen[0] == '[' ? AF_INET6 : AF_UNSPEC;
	struct addrinfo *ai;
	int rc = getaddrinfo(host[0] ? host : NULL, port_text, &hints, &ai);
	if (rc != 0) {
		fprintf(stderr, "yitihua: cannot resolve listen address %s: %s\n", listen,
		        gai_strerror(rc));
		return -1;
	}
	memset(ss, 0, sizeof(*ss));
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*ipv6 = ai->ai_family == AF_INET6;
	freeaddrinfo(ai);
	return 0;

out_bad:
	fprintf(stderr, "yitihua: 监听地址应为 ADDR:PORT 或 [IPv6]:PORT / bad listen address %s\n",
	        listen);
	return -1;
}

static unsigned pool_size(unsigned wanted)
{
	if (wanted)
		return wanted;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 2 ? 2 : (unsigned)n;
}

/* The vendor folder: the one asked for; else the node_modules beside the web root (the
 * repository's layout, whatever the working directory); else ./node_modules. */
static char *vendor_path(const struct server_config *cfg)
{
	if (cfg->vendor_root)
		return realpath(cfg->vendor_root, NULL);
	char sibling[PATH_MAX];
	snprintf(sibling, sizeof(sibling), "%s/../node_modules",
	         cfg->web_root ? cfg->web_root : "web");
	char *found = realpath(sibling, NULL);
	return found ? found : realpath("node_modules", NULL);
}

static void free_server(struct http_server *s)
{
	free(s->vendor_root);
	free(s->web_root);
	free(s->db_url);
	free(s);
}

struct http_server *http_start(const struct server_config *cfg)
{
	if (http_mhd_load() != 0)
		return NULL;
	pthread_once(&compile_once, compile_routes);
	pthread_once(&db_key_once, make_db_key);
	/* A client that goes away mid-sendfile must not kill the server. */
	signal(SIGPIPE, SIG_IGN);

	struct sockaddr_storage ss;
	bool ipv6;
	if (parse_listen(cfg->listen, &ss, &ipv6) != 0)
		return NULL;
	struct http_server *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->db_url = strdup(cfg->db_url ? cfg->db_url : "");
	s->web_root = realpath(cfg->web_root ? cfg->web_root : "web", NULL);
	if (!s->web_root) {
		/* Serve the API even without a front end: static requests then get 404. */
		fprintf(stderr, "yitihua: 静态文件目录 %s 不存在 / no web root %s\n",
		        cfg->web_root ? cfg->web_root : "web",
		        cfg->web_root ? cfg->web_root : "web");
		s->web_root = strdup("/nonexistent");
	}
	s->vendor_root = vendor_path(cfg);
	if (!s->db_url || !s->web_root)
		goto out_free_server;

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
	if (ipv6)
		flags |= MHD_USE_IPv6;
	/* The logger comes first so that MHD's own start-up messages go through it. */
	s->daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE,
	    pool_size(cfg->threads), MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60, MHD_OPTION_END);
	if (!s->daemon) {
		fprintf(stderr, "yitihua: 无法监听 %s / cannot listen on %s: %s\n", cfg->listen,
		        cfg->listen, strerror(errno));
		goto out_free_server;
	}
	const union MHD_DaemonInfo *info =
	    MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	return s;

out_free_server:
	free_server(s);
	return NULL;
}

uint16_t http_port(const struct http_server *s)
{
	return s->port;
}

void http_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	free_server(s);
}

int http_serve(const struct server_config *cfg)
{
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	/* Blocked before MHD starts its threads, so only sigwait below receives them. */
	pthread_sigmask(SIG_BLOCK, &stop, NULL);

	struct http_server *s = http_start(cfg);
	if (!s)
		return -1;
	char host[256];
	const char *colon =
	    cfg->listen[0] == '[' ? strchr(cfg->listen, ']') + 1 : strrchr(cfg->listen, ':');
	snprintf(host, sizeof(host), "%.*s", (int)(colon - cfg->listen), cfg->listen);
	printf("yitihua: listening on http://%s:%u\n", host, (unsigned)http_port(s));
	fflush(stdout);

	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	http_stop(s);
	printf("yitihua: 已停止（信号 %d）/ stopped (signal %d)\n", sig, sig);
	fflush(stdout);
	return 0;
}
