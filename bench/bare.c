/* SPDX-License-Identifier: MIT */
/* The limit for the HTTP benchmark: a bare libmicrohttpd server that answers every request
 * with the same saved bytes (a real reply of yitihua, body and headers), with yitihua's
 * thread model (internal thread pool of the same size, epoll). Whatever yitihua spends
 * above this is routing, authentication, the database and JSON.
 *
 *   bare --listen 127.0.0.1:PORT --threads N --body FILE [--type TYPE] [--headers FILE]
 *
 * PORT 0 picks a free port; the one taken is printed as "bare: listening on http://...". The
 * headers file holds "Name: value" lines to add to the reply. Stops on SIGINT / SIGTERM. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct options {
	const char *listen;
	unsigned threads;
	const char *body;
	const char *type;
	const char *headers;
};

/* The whole file PATH into a new buffer (*LEN bytes); NULL on failure. */
static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t used = 0, cap = 0, n;
	do {
		if (cap - used < 4096) {
			cap = cap ? cap * 2 : 65536;
			char *bigger = realloc(buf, cap);
			if (!bigger) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = bigger;
		}
		n = fread(buf + used, 1, cap - used - 1, f);
		used += n;
	} while (n > 0);
	bool failed = ferror(f);
	fclose(f);
	if (failed) {
		free(buf);
		return NULL;
	}
	buf[used] = '\0';
	*len = used;
	return buf;
}

/* Add the "Name: value" lines of TEXT to RESP. Returns 0, or -1 for a malformed line. */
static int add_headers(struct MHD_Response *resp, char *text)
{
	for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
		char *colon = strchr(line, ':');
		if (!colon)
			return -1;
		*colon = '\0';
		char *value = colon + 1;
		while (*value == ' ' || *value == '\t')
			value++;
		if (MHD_add_response_header(resp, line, value) != MHD_YES)
			return -1;
	}
	return 0;
}

/* Every request gets the one shared response; MHD counts its references. */
static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
	(void)url;
	(void)method;
	(void)version;
	(void)upload_data;
	struct MHD_Response *resp = cls;
	/* The first call only announces the request; answer on the second, as a real
	 * handler that has read the (here empty) body does. */
	if (!*con_cls) {
		*con_cls = conn;
		return MHD_YES;
	}
	*upload_data_size = 0;
	return MHD_queue_response(conn, MHD_HTTP_OK, resp);
}

static int usage(void)
{
	fprintf(stderr, "usage: bare --listen ADDR:PORT --threads N --body FILE [--type TYPE] "
	                "[--headers FILE]\n");
	return 2;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	for (int i = 1; i < argc; i++) {
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;
		if (!value)
			return -1;
		if (strcmp(argv[i], "--listen") == 0)
			o->listen = value;
		else if (strcmp(argv[i], "--threads") == 0)
			o->threads = (unsigned)strtoul(value, NULL, 10);
		else if (strcmp(argv[i], "--body") == 0)
			o->body = value;
		else if (strcmp(argv[i], "--type") == 0)
			o->type = value;
		else if (strcmp(argv[i], "--headers") == 0)
			o->headers = value;
		else
			return -1;
		i++;
	}
	return o->listen && o->body && o->threads > 0 ? 0 : -1;
}

/* "A.B.C.D:PORT" into SA. */
static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return -1;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port > 65535)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct options o = {.type = "application/json"};
	struct sockaddr_in sa;
	if (parse_options(argc, argv, &o) != 0 || parse_listen(o.listen, &sa) != 0)
		return usage();

	int rc = 1;
	size_t body_len;
	char *body = read_file(o.body, &body_len);
	if (!body) {
		fprintf(stderr, "bare: cannot read %s: %s\n", o.body, strerror(errno));
		return 1;
	}
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(body_len, body, MHD_RESPMEM_PERSISTENT);
	if (!resp || MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, o.type) != MHD_YES)
		goto out_free_body;
	if (o.headers) {
		size_t len;
		char *text = read_file(o.headers, &len);
		int bad = !text || add_headers(resp, text) != 0;
		free(text);
		if (bad) {
			fprintf(stderr, "bare: cannot use the headers in %s\n", o.headers);
			goto out_destroy_response;
		}
	}

	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	/* Blocked before MHD starts its threads, so that only sigwait below sees them. */
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct MHD_Daemon *d = MHD_start_daemon(
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
	    answer, resp, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
	    o.threads, MHD_OPTION_CONNECTION_TIMEOUT, 60u, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "bare: cannot listen on %s\n", o.listen);
		goto out_destroy_response;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("bare: listening on http://%.*s:%u\n", (int)(strrchr(o.listen, ':') - o.listen),
	       o.listen, info ? (unsigned)info->port : 0u);
	fflush(stdout);

	int sig;
	while (sigwait(&stop, &sig) != 0)
		;
	MHD_stop_daemon(d);
	rc = 0;

out_destroy_response:
	MHD_destroy_response(resp);
out_free_body:
	free(body);
	return rc;
}
