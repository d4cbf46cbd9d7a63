/* SPDX-License-Identifier: MIT */
/* The server's own endpoints: health check, Prometheus metrics, the OpenAPI document. */
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/handlers.h"

enum MHD_Result http_h_healthz(struct req *r)
{
	/* A load balancer needs to know the database answers, not only that we do. */
	if (!r->db || db_exec(r->db, "SELECT 1", NULL, 0, NULL) < 0)
		return reply_err(r, ERR_UNAVAILABLE, NULL, NULL, "数据库无响应");
	return reply_json(r, MHD_HTTP_OK, json_pack("{s:s}", "status", "ok"));
}

enum MHD_Result http_h_metrics(struct req *r)
{
	char *text = metrics_render();
	if (!text)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	enum MHD_Result ret = reply_bytes(
	    r, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", text, strlen(text), NULL);
	free(text);
	return ret;
}

enum MHD_Result http_h_openapi(struct req *r)
{
	json_t *doc = openapi_document();
	if (!doc)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_json(r, MHD_HTTP_OK, doc);
}
