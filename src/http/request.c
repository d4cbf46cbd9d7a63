/* SPDX-License-Identifier: MIT */
/* Accessors for what a request carries (path parameters, query, headers, cookies, TLS)
 * and the extra headers a handler adds to its reply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/http.h"

const char *req_param(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strcmp(r->param_names[i], name) == 0)
			return r->param_values[i];
	return NULL;
}

const char *req_query(const struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *req_header(const struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(const struct req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

struct query_walk {
	const char **keys;
	const char **vals;
	size_t max;
	size_t n;
};

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
	(void)kind;
	struct query_walk *w = cls;
	if (w->n < w->max) {
		w->keys[w->n] = key;
		/* "?flag" without "=" has no value: hand out "" so callers need not check. */
		w->vals[w->n] = value ? value : "";
	}
	w->n++;
	return MHD_YES;
}

size_t req_query_all(const struct req *r, const char **keys, const char **vals, size_t max)
{
	struct query_walk w = {.keys = keys, .vals = vals, .max = max};
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, collect_arg, &w);
	return w.n;
}

bool req_is_tls(const struct req *r)
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_PROTOCOL);
	if (info)
		return true;
	/* Behind a TLS-terminating proxy on the same host, trust its word; from anywhere
	 * else the header could be forged (it would only make cookies stricter, but a
	 * lie should not change behaviour). */
	const char *proto = req_header(r, "X-Forwarded-Proto");
	return proto && strcasecmp(proto, "https") == 0 &&
	       (strcmp(r->remote, "127.0.0.1") == 0 || strcmp(r->remote, "::1") == 0);
}

void req_add_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders >= HTTP_MAX_HEADERS) {
		fprintf(stderr, "yitihua: %s %s: more than %d reply headers, %s dropped\n",
		        r->method, r->url, HTTP_MAX_HEADERS, name);
		return;
	}
	char *n = strdup(name);
	char *v = strdup(value);
	if (!n || !v) {
		free(n);
		free(v);
		return;
	}
	r->header_names[r->nheaders] = n;
	r->header_values[r->nheaders] = v;
	r->nheaders++;
}

int req_list(const struct req *r, const struct entity *e, const char *const *ignore,
	     struct ent_list *l, struct app_error *err)
{
	enum { MAX_QUERY = 32 };
	const char *keys[MAX_QUERY], *vals[MAX_QUERY];
	size_t n = req_query_all(r, keys, vals, MAX_QUERY);
	if (n > MAX_QUERY)
		return err_set(err, ERR_BAD_REQUEST, NULL, NULL, "查询参数过多（最多 %d 个）",
			       (int)MAX_QUERY);
	return ent_list_parse(e, n, keys, vals, ignore, l, err);
}
