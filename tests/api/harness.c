/* SPDX-License-Identifier: MIT */
/* The API test harness: runs `yitihua serve` on a fresh database as a child process, talks
 * HTTP/1.1 to it over loopback, and checks its answers (see harness.h). */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define START_TIMEOUT_MS 60000 /* sanitizer builds on PostgreSQL start slowly */
#define STOP_TIMEOUT_MS  30000
#define CLI_TIMEOUT_MS   300000
#define IO_TIMEOUT_S     20

static const char *env_or(const char *name, const char *fallback)
{
	const char *v = getenv(name);
	return v && *v ? v : fallback;
}

static const char *yth_bin(void)
{
	return env_or("YTH_BIN", "build/yitihua");
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- growing buffers ---- */

struct buf {
	char *data;
	size_t len;
	size_t cap;
};

static void buf_add(struct buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *grown = realloc(b->data, cap);
		if (!grown)
			abort();
		b->data = grown;
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

static void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text;
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	buf_add(b, text, (size_t)n);
	free(text);
}

static char *buf_take(struct buf *b)
{
	if (!b->data)
		return strdup("");
	char *d = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return d;
}

static char *read_file_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_take(&b);
}

/* ---- child processes ---- */

/* Run ARGV with STDIN_TEXT, collecting stdout and stderr (each may be NULL to pass it
 * through to ours). Returns the exit status (128 + signal), or -1 if it could not run or
 * took longer than TIMEOUT_MS (then it is killed). */
static int run_capture(char *const *argv, const char *stdin_text, char **out, char **err,
                       int timeout_ms)
{
	int in_pipe[2], out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
	if (pipe2(in_pipe, O_CLOEXEC) != 0)
		return -1;
	if (out && pipe2(out_pipe, O_CLOEXEC) != 0)
		return -1;
	if (err && pipe2(err_pipe, O_CLOEXEC) != 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		dup2(in_pipe[0], 0);
		if (out)
			dup2(out_pipe[1], 1);
		if (err)
			dup2(err_pipe[1], 2);
		execv(argv[0], argv);
		fprintf(stderr, "harness: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(in_pipe[0]);
	if (out)
		close(out_pipe[1]);
	if (err)
		close(err_pipe[1]);

	struct buf bo = {0}, be = {0};
	const char *to_write = stdin_text ? stdin_text : "";
	size_t left = strlen(to_write);
	int wfd = in_pipe[1];
	if (left == 0) {
		close(wfd);
		wfd = -1;
	} else {
		fcntl(wfd, F_SETFL, O_NONBLOCK);
	}
	int ofd = out ? out_pipe[0] : -1, efd = err ? err_pipe[0] : -1;
	long long deadline = now_ms() + timeout_ms;
	bool timed_out = false;
	while (wfd >= 0 || ofd >= 0 || efd >= 0) {
		struct pollfd p[3] = {{.fd = wfd, .events = POLLOUT},
		                      {.fd = ofd, .events = POLLIN},
		                      {.fd = efd, .events = POLLIN}};
		long long wait = deadline - now_ms();
		if (wait <= 0) {
			timed_out = true;
			break;
		}
		if (poll(p, 3, (int)wait) < 0 && errno != EINTR)
			break;
		if (wfd >= 0 && (p[0].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t n = write(wfd, to_write, left);
			if (n > 0) {
				to_write += n;
				left -= (size_t)n;
			}
			if (left == 0 || (n < 0 && errno != EAGAIN)) {
				close(wfd);
				wfd = -1;
			}
		}
		char chunk[4096];
		if (ofd >= 0 && (p[1].revents & (POLLIN | POLLHUP | POLLERR))) {
			ssize_t n = read(ofd, chunk, sizeof(chunk));
			if (n > 0) {
				buf_add(&bo, chunk, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(ofd);
				ofd = -1;
			}
		}
		if (efd >= 0 && (p[2].revents & (POLLIN | POLLHUP | POLLERR))) {
			ssize_t n = read(efd, chunk, sizeof(chunk));
			if (n > 0) {
				buf_add(&be, chunk, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(efd);
				efd = -1;
			}
		}
	}
	if (wfd >= 0)
		close(wfd);
	if (ofd >= 0)
		close(ofd);
	if (efd >= 0)
		close(efd);
	if (timed_out) {
		fprintf(stderr, "harness: %s took longer than %d ms; killed\n", argv[0],
		        timeout_ms);
		kill(pid, SIGKILL);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (out)
		*out = buf_take(&bo);
	if (err)
		*err = buf_take(&be);
	free(bo.data);
	free(be.data);
	if (timed_out)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* ---- PostgreSQL databases ---- */

static int pg_admin_exec(const char *admin_url, const char *sql)
{
	PGconn *conn = PQconnectdb(admin_url);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "harness: cannot connect to %s: %s", admin_url,
		        PQerrorMessage(conn));
		PQfinish(conn);
		return -1;
	}
	PGresult *res = PQexec(conn, sql);
	int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? 0 : -1;
	if (rc != 0)
		fprintf(stderr, "harness: %s: %s", sql, PQerrorMessage(conn));
	PQclear(res);
	PQfinish(conn);
	return rc;
}

/* ---- the server fixture ---- */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void print_file(const char *label, const char *path)
{
	char *text = read_file_text(path);
	if (!text)
		return;
	size_t len = strlen(text);
	/* The end of a log is where the failure is. */
	const char *from = len > 8000 ? text + len - 8000 : text;
	fprintf(stderr, "---- %s (%s)%s ----\n%s\n---- end ----\n", label, path,
	        from != text ? ", last 8000 bytes" : "", from);
	free(text);
}

static int seed(struct srv *s, bool empty)
{
	char *argv[] = {(char *)yth_bin(), "--db", s->db_url, empty ? "init" : "demo", NULL};
	char *out = NULL, *err = NULL;
	int rc = run_capture(argv, NULL, &out, &err, CLI_TIMEOUT_MS);
	if (rc != 0)
		fprintf(stderr, "harness: `%s --db %s %s` failed (%d)\n%s%s", argv[0], s->db_url,
		        argv[3], rc, out ? out : "", err ? err : "");
	free(out);
	free(err);
	return rc == 0 ? 0 : -1;
}

/* Read the server's stdout until the "listening on" line; sets S->port. */
static int await_listening(struct srv *s)
{
	struct buf b = {0};
	long long deadline = now_ms() + START_TIMEOUT_MS;
	int rc = -1;
	for (;;) {
		const char *line = b.data ? strstr(b.data, "listening on http://") : NULL;
		const char *eol = line ? strchr(line, '\n') : NULL;
		if (eol) {
			const char *hostport = line + strlen("listening on http://");
			const char *colon = memrchr(hostport, ':', (size_t)(eol - hostport));
			long port = colon ? strtol(colon + 1, NULL, 10) : 0;
			if (port > 0 && port < 65536) {
				s->port = (uint16_t)port;
				snprintf(s->base, sizeof(s->base), "http://127.0.0.1:%ld", port);
				rc = 0;
			} else {
				fprintf(stderr, "harness: cannot read the port from: %.*s\n",
				        (int)(eol - line), line);
			}
			break;
		}
		long long wait = deadline - now_ms();
		if (wait <= 0) {
			fprintf(stderr,
			        "harness: no \"listening on\" line from the server in %d s\n",
			        START_TIMEOUT_MS / 1000);
			break;
		}
		struct pollfd p = {.fd = s->out_fd, .events = POLLIN};
		if (poll(&p, 1, (int)wait) < 0 && errno != EINTR)
			break;
		char chunk[1024];
		ssize_t n = read(s->out_fd, chunk, sizeof(chunk));
		if (n == 0) {
			fprintf(stderr, "harness: the server exited before listening\n");
			break;
		}
		if (n > 0)
			buf_add(&b, chunk, (size_t)n);
	}
	if (rc != 0 && b.data)
		fprintf(stderr, "harness: server stdout: %s\n", b.data);
	free(b.data);
	return rc;
}

static int spawn_server(struct srv *s, const struct srv_opts *o)
{
	char web[1024], threads[16], err_path[512];
	if (o && o->web_root)
		snprintf(web, sizeof(web), "%s", o->web_root);
	else
		snprintf(web, sizeof(web), "%s/web", env_or("YTH_ROOT", "."));
	snprintf(err_path, sizeof(err_path), "%s/serve.err", s->dir);
	char *argv[12] = {(char *)yth_bin(), "--db",     s->db_url,     "--web", web,
	                  "serve",           "--listen", "127.0.0.1:0", NULL};
	if (o && o->threads) {
		snprintf(threads, sizeof(threads), "%u", o->threads);
		argv[8] = "--threads";
		argv[9] = threads;
		argv[10] = NULL;
	}
	int out_pipe[2];
	if (pipe2(out_pipe, O_CLOEXEC) != 0)
		return -1;
	int err_fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (err_fd < 0) {
		close(out_pipe[0]);
		close(out_pipe[1]);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* If the test dies, the server must not outlive it. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		int null_fd = open("/dev/null", O_RDONLY);
		dup2(null_fd, 0);
		dup2(out_pipe[1], 1);
		dup2(err_fd, 2);
		execv(argv[0], argv);
		fprintf(stderr, "harness: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out_pipe[1]);
	close(err_fd);
	s->pid = pid;
	s->out_fd = out_pipe[0];
	return 0;
}

static void drop_pg(struct srv *s)
{
	if (!s->postgres || !s->pg_name[0])
		return;
	char sql[160];
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", s->pg_name);
	pg_admin_exec(s->pg_admin, sql);
	s->pg_name[0] = '\0';
}

static void remove_dir(struct srv *s, bool keep)
{
	if (!s->dir[0])
		return;
	if (keep || getenv("YTH_KEEP"))
		fprintf(stderr, "harness: kept %s\n", s->dir);
	else
		nftw(s->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

struct srv *srv_start(const struct srv_opts *opts)
{
	static unsigned counter;
	struct srv *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->pid = -1;
	s->out_fd = -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/yth-api.XXXXXX");
	if (!mkdtemp(s->dir)) {
		fprintf(stderr, "harness: mkdtemp: %s\n", strerror(errno));
		free(s);
		return NULL;
	}
	const char *pg_base = getenv("YTH_PG_BASE");
	if (pg_base && *pg_base) {
		size_t n = strlen(pg_base);
		while (n > 0 && pg_base[n - 1] == '/')
			n--;
		s->postgres = true;
		snprintf(s->pg_admin, sizeof(s->pg_admin), "%.*s/postgres", (int)n, pg_base);
		snprintf(s->pg_name, sizeof(s->pg_name), "yth_t_%d_%u", (int)getpid(), counter++);
		snprintf(s->db_url, sizeof(s->db_url), "%.*s/%s", (int)n, pg_base, s->pg_name);
		char sql[160];
		snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", s->pg_name);
		if (pg_admin_exec(s->pg_admin, sql) != 0) {
			s->pg_name[0] = '\0';
			goto out_remove_dir;
		}
	} else {
		snprintf(s->db_url, sizeof(s->db_url), "%s/yth.db", s->dir);
	}
	if (seed(s, opts && opts->empty) != 0)
		goto out_drop_pg;
	if (spawn_server(s, opts) != 0)
		goto out_drop_pg;
	if (await_listening(s) != 0)
		goto out_kill_server;
	return s;

out_kill_server:
	kill(s->pid, SIGKILL);
	waitpid(s->pid, NULL, 0);
	close(s->out_fd);
	{
		char err_path[512];
		snprintf(err_path, sizeof(err_path), "%s/serve.err", s->dir);
		print_file("server stderr", err_path);
	}
out_drop_pg:
	drop_pg(s);
out_remove_dir:
	remove_dir(s, false);
	free(s);
	return NULL;
}

/* Sanitizer and crash reports that make a run fail even if the exit status is 0. */
static const char *const bad_signs[] = {
    "ERROR: AddressSanitizer",    "ERROR: LeakSanitizer", "runtime error:",
    "UndefinedBehaviorSanitizer", "ThreadSanitizer",      "defect:",
};

int srv_stop(struct srv *s)
{
	if (!s)
		return -1;
	int rc = 0;
	kill(s->pid, SIGTERM);
	int status = 0;
	long long deadline = now_ms() + STOP_TIMEOUT_MS;
	pid_t done;
	while ((done = waitpid(s->pid, &status, WNOHANG)) == 0 && now_ms() < deadline)
		usleep(10000);
	if (done != s->pid) {
		fprintf(stderr, "harness: the server did not stop within %d s of SIGTERM\n",
		        STOP_TIMEOUT_MS / 1000);
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
		rc = -1;
	} else if (!WIFEXITED(status)) {
		fprintf(stderr, "harness: the server died of signal %d\n", WTERMSIG(status));
		rc = -1;
	} else if (WEXITSTATUS(status) != 0) {
		fprintf(stderr, "harness: the server exited with status %d\n", WEXITSTATUS(status));
		rc = -1;
	}
	close(s->out_fd);

	char err_path[512];
	snprintf(err_path, sizeof(err_path), "%s/serve.err", s->dir);
	char *err_text = read_file_text(err_path);
	for (size_t i = 0; err_text && i < sizeof(bad_signs) / sizeof(bad_signs[0]); i++) {
		if (strstr(err_text, bad_signs[i])) {
			fprintf(stderr, "harness: the server's stderr reports \"%s\"\n",
			        bad_signs[i]);
			rc = -1;
			break;
		}
	}
	free(err_text);
	if (rc != 0)
		print_file("server stderr", err_path);
	drop_pg(s);
	remove_dir(s, rc != 0);
	free(s);
	return rc;
}

static int setup(void **state, bool empty)
{
	struct srv_opts o = {.empty = empty};
	*state = srv_start(&o);
	return *state ? 0 : -1;
}

int srv_setup_demo(void **state)
{
	return setup(state, false);
}

int srv_setup_empty(void **state)
{
	return setup(state, true);
}

int srv_teardown(void **state)
{
	int rc = srv_stop(*state);
	*state = NULL;
	return rc;
}

/* ---- direct database access ---- */

/* Run SQL; *VALUE (if not NULL) gets the first row's first column. */
static int sql_run(struct srv *s, const char *sql, char **value)
{
	if (value)
		*value = NULL;
	if (s->postgres) {
		PGconn *conn = PQconnectdb(s->db_url);
		if (PQstatus(conn) != CONNECTION_OK) {
			fprintf(stderr, "harness: srv_sql: %s", PQerrorMessage(conn));
			PQfinish(conn);
			return -1;
		}
		PGresult *res = PQexec(conn, sql);
		int rc;
		switch (PQresultStatus(res)) {
		case PGRES_TUPLES_OK:
			rc = PQntuples(res);
			if (value && rc > 0 && PQnfields(res) > 0 && !PQgetisnull(res, 0, 0))
				*value = strdup(PQgetvalue(res, 0, 0));
			break;
		case PGRES_COMMAND_OK:
			rc = atoi(PQcmdTuples(res));
			break;
		default:
			fprintf(stderr, "harness: srv_sql: %s: %s", sql, PQerrorMessage(conn));
			rc = -1;
		}
		PQclear(res);
		PQfinish(conn);
		return rc;
	}
	sqlite3 *db;
	if (sqlite3_open_v2(s->db_url, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		fprintf(stderr, "harness: srv_sql: cannot open %s\n", s->db_url);
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 10000);
	sqlite3_stmt *stmt;
	int rc = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		fprintf(stderr, "harness: srv_sql: %s: %s\n", sql, sqlite3_errmsg(db));
		goto out_close_db;
	}
	int rows = 0, step;
	while ((step = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (value && rows == 0 && sqlite3_column_type(stmt, 0) != SQLITE_NULL)
			*value = strdup((const char *)sqlite3_column_text(stmt, 0));
		rows++;
	}
	if (step != SQLITE_DONE)
		fprintf(stderr, "harness: srv_sql: %s: %s\n", sql, sqlite3_errmsg(db));
	else
		rc = sqlite3_column_count(stmt) > 0 ? rows : sqlite3_changes(db);
	sqlite3_finalize(stmt);
out_close_db:
	sqlite3_close(db);
	return rc;
}

int srv_sql(struct srv *s, const char *sql)
{
	return sql_run(s, sql, NULL);
}

char *srv_sql_value(struct srv *s, const char *sql)
{
	char *value;
	sql_run(s, sql, &value);
	return value;
}

int srv_cli_err(struct srv *s, const char *const *args, const char *stdin_text, int *exit_status,
                char **stdout_text, char **stderr_text)
{
	size_t n = 0;
	while (args[n])
		n++;
	char **argv = calloc(n + 4, sizeof(char *));
	if (!argv)
		return -1;
	argv[0] = (char *)yth_bin();
	argv[1] = "--db";
	argv[2] = s->db_url;
	for (size_t i = 0; i < n; i++)
		argv[3 + i] = (char *)args[i];
	char *out = NULL;
	int rc = run_capture(argv, stdin_text, &out, stderr_text, CLI_TIMEOUT_MS);
	free(argv);
	if (exit_status)
		*exit_status = rc;
	if (stdout_text)
		*stdout_text = out;
	else
		free(out);
	return rc < 0 ? -1 : 0;
}

int srv_cli(struct srv *s, const char *const *args, const char *stdin_text, int *exit_status,
            char **stdout_text)
{
	return srv_cli_err(s, args, stdin_text, exit_status, stdout_text, NULL);
}

/* ---- HTTP ---- */

const char *api_header(const struct api_res *res, const char *name)
{
	for (size_t i = 0; res && i < res->nheaders; i++)
		if (strcasecmp(res->header_names[i], name) == 0)
			return res->header_values[i];
	return NULL;
}

size_t api_header_count(const struct api_res *res, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; res && i < res->nheaders; i++)
		if (strcasecmp(res->header_names[i], name) == 0)
			n++;
	return n;
}

static void clear_res(struct api_res *res)
{
	for (size_t i = 0; i < res->nheaders; i++) {
		free(res->header_names[i]);
		free(res->header_values[i]);
	}
	res->nheaders = 0;
	free(res->body);
	res->body = NULL;
	res->body_len = 0;
	json_decref(res->json);
	res->json = NULL;
}

void api_res_free(struct api_res *res)
{
	if (!res)
		return;
	clear_res(res);
	free(res);
}

static int connect_loopback(uint16_t port)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	struct timeval tv = {.tv_sec = IO_TIMEOUT_S};
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Decode a chunked body from P (END exclusive) into OUT. Returns 0, or -1 if malformed. */
static int dechunk(const char *p, const char *end, struct buf *out)
{
	for (;;) {
		char *after;
		unsigned long size = strtoul(p, &after, 16);
		if (after == p)
			return -1;
		const char *eol = memmem(after, (size_t)(end - after), "\r\n", 2);
		if (!eol)
			return -1;
		p = eol + 2;
		if (size == 0)
			return 0; /* trailers, if any, are ignored */
		if ((size_t)(end - p) < size + 2)
			return -1;
		buf_add(out, p, size);
		p += size + 2;
	}
}

/* Parse one HTTP response from RAW into RES. HEAD: the body is absent. */
static void parse_response(const char *raw, size_t len, bool head, struct api_res *res)
{
	const char *p = raw, *end = raw + len;
	for (;;) {
		const char *hdr_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hdr_end || strncmp(p, "HTTP/1.", 7) != 0)
			return; /* status stays 0 */
		int status = atoi(p + 9);
		if (status >= 100 && status < 200 && status != 101) {
			p = hdr_end + 4; /* 100 Continue: the real answer follows */
			continue;
		}
		res->status = status;
		const char *line = (const char *)memchr(p, '\n', (size_t)(hdr_end + 2 - p)) + 1;
		while (line < hdr_end + 2 && res->nheaders < API_MAX_HEADERS) {
			const char *eol = memmem(line, (size_t)(hdr_end + 2 - line), "\r\n", 2);
			const char *colon = eol ? memchr(line, ':', (size_t)(eol - line)) : NULL;
			if (!eol)
				break;
			if (colon) {
				const char *v = colon + 1;
				while (v < eol && (*v == ' ' || *v == '\t'))
					v++;
				res->header_names[res->nheaders] =
				    strndup(line, (size_t)(colon - line));
				res->header_values[res->nheaders] = strndup(v, (size_t)(eol - v));
				res->nheaders++;
			}
			line = eol + 2;
		}
		p = hdr_end + 4;
		break;
	}
	struct buf body = {0};
	const char *te = api_header(res, "Transfer-Encoding");
	const char *cl = api_header(res, "Content-Length");
	if (head || res->status == 204 || res->status == 304) {
		/* no body */
	} else if (te && strcasecmp(te, "chunked") == 0) {
		if (dechunk(p, end, &body) != 0)
			fprintf(stderr, "harness: malformed chunked body\n");
	} else if (cl) {
		size_t n = strtoull(cl, NULL, 10);
		if ((size_t)(end - p) < n) {
			fprintf(stderr, "harness: body shorter (%zu) than Content-Length %zu\n",
			        (size_t)(end - p), n);
			n = (size_t)(end - p);
		}
		buf_add(&body, p, n);
	} else {
		buf_add(&body, p, (size_t)(end - p));
	}
	res->body_len = body.len;
	res->body = buf_take(&body);
	if (res->body_len > 0)
		res->json = json_loadb(res->body, res->body_len, JSON_DECODE_ANY, NULL);
}

/* True if RAW holds a whole response (after any 100 Continue): its headers and, by its
 * framing, all of its body. A response without framing is whole only at EOF. */
static bool response_complete(const char *raw, size_t len, bool head)
{
	const char *p = raw, *end = raw + len;
	for (;;) {
		const char *hdr_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hdr_end || end - p < 12)
			return false;
		int status = atoi(p + 9);
		const char *body = hdr_end + 4;
		if (status >= 100 && status < 200 && status != 101) {
			p = body;
			continue;
		}
		if (head || status == 204 || status == 304)
			return true;
		struct api_res tmp = {0};
		char *copy = strndup(p, (size_t)(hdr_end + 4 - p));
		parse_response(copy, strlen(copy), true, &tmp);
		free(copy);
		const char *te = api_header(&tmp, "Transfer-Encoding");
		const char *cl = api_header(&tmp, "Content-Length");
		bool done = false;
		if (te && strcasecmp(te, "chunked") == 0) {
			struct buf b = {0};
			done = dechunk(body, end, &b) == 0;
			free(b.data);
		} else if (cl) {
			done = (size_t)(end - body) >= strtoull(cl, NULL, 10);
		}
		clear_res(&tmp);
		return done;
	}
}

/* Send REQ over a new connection and read the reply: until the server closes if
 * TO_EOF (it was asked to with Connection: close; waiting for the close also means the
 * server has finished the request, metrics included), else until a whole response. */
static struct api_res *exchange(struct srv *s, const void *req, size_t len, bool head, bool to_eof)
{
	int fd = connect_loopback(s->port);
	if (fd < 0)
		return NULL;
	struct api_res *res = calloc(1, sizeof(*res));
	const char *p = req;
	size_t left = len;
	while (left > 0) {
		ssize_t n = send(fd, p, left, MSG_NOSIGNAL);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			break; /* the server may answer (413, 400) and close before reading it all
			        */
		}
		p += n;
		left -= (size_t)n;
	}
	struct buf raw = {0};
	char chunk[16384];
	for (;;) {
		ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
		if (n > 0) {
			buf_add(&raw, chunk, (size_t)n);
			if (!to_eof && response_complete(raw.data, raw.len, head))
				break;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			fprintf(stderr, "harness: no complete reply within %d s\n", IO_TIMEOUT_S);
		break; /* closed, reset or timed out: parse what came */
	}
	close(fd);
	parse_response(raw.data ? raw.data : "", raw.len, head, res);
	free(raw.data);
	return res;
}

struct api_res *api_raw(struct srv *s, const void *bytes, size_t len)
{
	return exchange(s, bytes, len, false, false);
}

struct api_client *api_client(struct srv *s)
{
	struct api_client *c = calloc(1, sizeof(*c));
	if (c)
		c->srv = s;
	return c;
}

static void forget_cookie(struct api_client *c, size_t i)
{
	free(c->cookie_names[i]);
	free(c->cookie_values[i]);
	c->ncookies--;
	c->cookie_names[i] = c->cookie_names[c->ncookies];
	c->cookie_values[i] = c->cookie_values[c->ncookies];
}

void api_client_free(struct api_client *c)
{
	if (!c)
		return;
	while (c->ncookies > 0)
		forget_cookie(c, 0);
	json_decref(c->user);
	api_res_free(c->last);
	free(c);
}

/* Keep (or drop) the cookie of one Set-Cookie header. */
static void take_cookie(struct api_client *c, const char *header)
{
	const char *eq = strchr(header, '=');
	if (!eq)
		return;
	size_t value_len = strcspn(eq + 1, ";");
	char *name = strndup(header, (size_t)(eq - header));
	char *value = strndup(eq + 1, value_len);
	bool expired = value_len == 0 || strcasestr(header, "Max-Age=0") ||
	               strcasestr(header, "Max-Age=-") || strstr(header, "1970");
	for (size_t i = 0; i < c->ncookies; i++) {
		if (strcmp(c->cookie_names[i], name) == 0) {
			forget_cookie(c, i);
			break;
		}
	}
	if (expired || c->ncookies == sizeof(c->cookie_names) / sizeof(c->cookie_names[0])) {
		free(name);
		free(value);
		return;
	}
	c->cookie_names[c->ncookies] = name;
	c->cookie_values[c->ncookies] = value;
	c->ncookies++;
}

struct api_res *api_request(struct api_client *c, const char *method, const char *path,
                            const char *const *headers, const void *body, size_t body_len)
{
	struct srv *s = c->srv;
	struct buf req = {0};
	buf_printf(&req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nConnection: close\r\n", method,
	           path, (unsigned)s->port);
	if (c->ncookies > 0) {
		buf_printf(&req, "Cookie: ");
		for (size_t i = 0; i < c->ncookies; i++)
			buf_printf(&req, "%s%s=%s", i ? "; " : "", c->cookie_names[i],
			           c->cookie_values[i]);
		buf_printf(&req, "\r\n");
	}
	bool safe = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	if (c->csrf[0] && !safe)
		buf_printf(&req, "X-CSRF-Token: %s\r\n", c->csrf);
	if (c->bearer[0])
		buf_printf(&req, "Authorization: Bearer %s\r\n", c->bearer);
	for (size_t i = 0; headers && headers[i]; i++)
		buf_printf(&req, "%s\r\n", headers[i]);
	if (body) {
		bool has_type = false;
		for (size_t i = 0; headers && headers[i]; i++)
			if (strncasecmp(headers[i], "Content-Type:", 13) == 0)
				has_type = true;
		if (!has_type)
			buf_printf(&req, "Content-Type: application/json\r\n");
		buf_printf(&req, "Content-Length: %zu\r\n\r\n", body_len);
		buf_add(&req, body, body_len);
	} else {
		buf_printf(&req, "%s\r\n", safe ? "" : "Content-Length: 0\r\n");
	}
	struct api_res *res = exchange(s, req.data, req.len, strcmp(method, "HEAD") == 0, true);
	free(req.data);
	if (!res) {
		print_error("harness: cannot connect to %s for %s %s\n", s->base, method, path);
		_fail(__FILE__, __LINE__);
		return NULL;
	}
	snprintf(res->method, sizeof(res->method), "%s", method);
	snprintf(res->path, sizeof(res->path), "%s", path);
	for (size_t i = 0; i < res->nheaders; i++)
		if (strcasecmp(res->header_names[i], "Set-Cookie") == 0)
			take_cookie(c, res->header_values[i]);
	api_res_free(c->last);
	c->last = res;
	return res;
}

static struct api_res *send_text(struct api_client *c, const char *method, const char *path,
                                 const char *json_body)
{
	return api_request(c, method, path, NULL, json_body, json_body ? strlen(json_body) : 0);
}

struct api_res *api_get(struct api_client *c, const char *path)
{
	return send_text(c, "GET", path, NULL);
}

struct api_res *api_delete(struct api_client *c, const char *path)
{
	return send_text(c, "DELETE", path, NULL);
}

struct api_res *api_post(struct api_client *c, const char *path, const char *json_body)
{
	return send_text(c, "POST", path, json_body);
}

struct api_res *api_put(struct api_client *c, const char *path, const char *json_body)
{
	return send_text(c, "PUT", path, json_body);
}

struct api_res *api_patch(struct api_client *c, const char *path, const char *json_body)
{
	return send_text(c, "PATCH", path, json_body);
}

struct api_res *api_sendf(struct api_client *c, const char *method, const char *path,
                          const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text;
	int n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	struct api_res *res = send_text(c, method, path, text);
	free(text);
	return res;
}

struct api_res *api_send_json(struct api_client *c, const char *method, const char *path,
                              const json_t *body)
{
	char *text = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!text)
		abort();
	struct api_res *res = send_text(c, method, path, text);
	free(text);
	return res;
}

struct api_res *api_signin(struct api_client *c, const char *username, const char *password)
{
	json_t *body = json_pack("{s:s, s:s}", "username", username, "password", password);
	struct api_res *res = api_send_json(c, "POST", "/api/v1/session", body);
	json_decref(body);
	if (res && res->status == 200) {
		const char *csrf = api_jstr(res->json, "csrf_token");
		snprintf(c->csrf, sizeof(c->csrf), "%s", csrf ? csrf : "");
		json_decref(c->user);
		c->user = json_incref(api_jget(res->json, "user"));
	}
	return res;
}

struct api_client *api_login(struct srv *s, const char *username)
{
	struct api_client *c = api_client(s);
	struct api_res *res = api_signin(c, username, DEMO_PASSWORD);
	if (!res || res->status != 200) {
		print_error("harness: sign-in as %s failed: %d %s\n", username,
		            res ? res->status : 0, res && res->body ? res->body : "");
		api_client_free(c);
		_fail(__FILE__, __LINE__);
		return NULL;
	}
	if (!c->csrf[0] || c->ncookies == 0) {
		print_error("harness: sign-in as %s gave no session cookie or csrf_token: %s\n",
		            username, res->body);
		api_client_free(c);
		_fail(__FILE__, __LINE__);
		return NULL;
	}
	return c;
}

struct api_client *api_bearer(struct srv *s, const char *token)
{
	struct api_client *c = api_client(s);
	snprintf(c->bearer, sizeof(c->bearer), "%s", token);
	return c;
}

/* ---- JSON ---- */

json_t *api_jget(const json_t *v, const char *path)
{
	const char *p = path;
	json_t *cur = (json_t *)v;
	while (cur && *p) {
		size_t len = strcspn(p, ".");
		char key[128];
		if (len >= sizeof(key))
			return NULL;
		memcpy(key, p, len);
		key[len] = '\0';
		if (json_is_array(cur)) {
			char *end;
			unsigned long i = strtoul(key, &end, 10);
			cur = *end == '\0' && len > 0 ? json_array_get(cur, i) : NULL;
		} else if (json_is_object(cur)) {
			cur = json_object_get(cur, key);
		} else {
			return NULL;
		}
		p += len;
		if (*p == '.')
			p++;
	}
	return cur;
}

const char *api_jstr(const json_t *v, const char *path)
{
	return json_string_value(api_jget(v, path));
}

long long api_jint(const json_t *v, const char *path)
{
	json_t *x = api_jget(v, path);
	return json_is_integer(x) ? (long long)json_integer_value(x) : -1;
}

/* ---- assertions ---- */

static void print_res(const struct api_res *res)
{
	print_error("  %s %s → %d\n  %.2000s\n", res->method[0] ? res->method : "(raw)", res->path,
	            res->status, res->body ? res->body : "");
}

void api_check_status(const struct api_res *res, int status, const char *file, int line)
{
	if (!res) {
		print_error("no response (expected %d)\n", status);
		_fail(file, line);
		return;
	}
	if (res->status != status) {
		print_error("status %d, expected %d\n", res->status, status);
		print_res(res);
		_fail(file, line);
	}
}

void api_check_error(const struct api_res *res, int status, const char *code, const char *field,
                     const char *rule, const char *file, int line)
{
	api_check_status(res, status, file, line);
	const json_t *e = api_jget(res->json, "error");
	const char *got_code = api_jstr(e, "code");
	const char *message = api_jstr(e, "message");
	const char *got_field = api_jstr(e, "field");
	const char *got_rule = api_jstr(e, "rule");
	const char *why = NULL;
	if (!json_is_object(e))
		why = "no {\"error\": {...}} body";
	else if (!got_code || strcmp(got_code, code) != 0)
		why = "wrong error code";
	else if (!message || !*message)
		why = "no message";
	else if (field &&
	         (*field ? !got_field || strcmp(got_field, field) != 0 : got_field != NULL))
		why = "wrong field";
	else if (rule && (*rule ? !got_rule || strcmp(got_rule, rule) != 0 : got_rule != NULL))
		why = "wrong rule";
	if (why) {
		print_error("%s: expected code %s, field %s, rule %s\n", why, code,
		            field ? field : "(any)", rule ? rule : "(any)");
		print_res(res);
		_fail(file, line);
	}
}

/* ---- fixtures for the personnel area ---- */

void api_citizen_id(const char *county, const char *birth, bool female, char out[19])
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static int next = 1;
	int seq = (next++ % 499) * 2 + (female ? 2 : 1);
	snprintf(out, 19, "%.6s%.4s%.2s%.2s%03d", county, birth, birth + 5, birth + 8, seq % 1000);
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * weights[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

char *api_new_person(struct api_client *c, const char *county, const char *centre_id,
		     const char *name, bool female, const char *birth)
{
	char cid[19];
	api_citizen_id(county, birth, female, cid);
	struct api_res *res = api_sendf(c, "POST", "/api/v1/people",
					"{\"name\": \"%s\", \"sex\": \"%s\", \"birth_date\": \"%s\", "
					"\"citizen_id\": \"%s\", \"centre_id\": \"%s\"}",
					name, female ? "female" : "male", birth, cid, centre_id);
	assert_status(res, 201);
	assert_non_null(api_jstr(res->json, "id"));
	return strdup(api_jstr(res->json, "id"));
}

void api_date_from_today(int days, char out[11])
{
	time_t t = time(NULL) + (time_t)days * 86400;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}
