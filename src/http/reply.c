/* SPDX-License-Identifier: MIT */
/* The reply functions every handler answers with: JSON, the one error body, bytes (with a
 * download file name), 204; and the headers every reply carries. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/crud.h"
#include "http/http.h"
#include "io/xlsx.h"

static bool is_api_path(const char *url)
{
	return url && strncmp(url, "/api", 4) == 0 && (url[4] == '/' || url[4] == '\0');
}

enum MHD_Result http_queue(struct req *r, unsigned status, struct MHD_Response *resp)
{
	for (size_t i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->header_names[i], r->header_values[i]);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	/* API answers are per user and often personal: never let a cache keep them. */
	if (is_api_path(r->url))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	r->status = (int)status;
	enum MHD_Result ret = MHD_queue_response(r->conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* A reply whose body is TEXT (LEN bytes, malloc'd; taken over and freed by MHD). */
static enum MHD_Result queue_owned(struct req *r, unsigned status, const char *content_type,
                                   char *text, size_t len)
{
	if (r->cache_key)
		http_cache_store(r, status, content_type, text, len);
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	return http_queue(r, status, resp);
}

/* The last resort when even an error body cannot be built (out of memory). */
static enum MHD_Result reply_plain_500(struct req *r)
{
	static const char text[] =
	    "{\"error\":{\"code\":\"internal\",\"message\":\"服务器内部错误\"}}";
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(sizeof(text) - 1, (void *)text, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        "application/json; charset=utf-8");
	return http_queue(r, MHD_HTTP_INTERNAL_SERVER_ERROR, resp);
}

enum MHD_Result reply_json(struct req *r, unsigned status, json_t *body)
{
	/* Compact, and "/" left unescaped: the same bytes a reader of the API expects. */
	char *text = body ? json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	json_decref(body);
	if (!text) {
		fprintf(stderr, "yitihua: %s %s: reply body could not be encoded\n", r->method,
		        r->url);
		return reply_plain_500(r);
	}
	return queue_owned(r, status, "application/json; charset=utf-8", text, strlen(text));
}

/* Length of the well-formed UTF-8 sequence at S (RFC 3629: no overlongs, no surrogates,
 * nothing past U+10FFFF), or 0 if it is not one. */
static size_t utf8_sequence(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		unsigned char lo = s[0] == 0xe0 ? 0xa0 : 0x80, hi = s[0] == 0xed ? 0x9f : 0xbf;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		unsigned char lo = s[0] == 0xf0 ? 0x90 : 0x80, hi = s[0] == 0xf4 ? 0x8f : 0xbf;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 && (s[3] & 0xc0) == 0x80
		           ? 4
		           : 0;
	}
	return 0;
}

/* TEXT as a JSON string. A message may quote what a client sent (a URL, a value), which
 * need not be UTF-8; jansson refuses such strings, so bad bytes become U+FFFD. */
static json_t *message_string(const char *text)
{
	json_t *s = json_string(text);
	if (s)
		return s;
	size_t n = strlen(text);
	char *clean = malloc(3 * n + 1);
	if (!clean)
		return NULL;
	char *p = clean;
	for (const unsigned char *t = (const unsigned char *)text; *t;) {
		size_t len = utf8_sequence(t);
		if (len == 0) {
			memcpy(p, "\xef\xbf\xbd", 3);
			p += 3;
			t++;
		} else {
			memcpy(p, t, len);
			p += len;
			t += len;
		}
	}
	*p = '\0';
	s = json_string(clean);
	free(clean);
	return s;
}

enum MHD_Result reply_error(struct req *r, const struct app_error *err)
{
	json_t *detail = json_pack("{s:s, s:o*}", "code", err_code_name(err->code), "message",
	                           message_string(err->message));
	if (!detail || !json_object_get(detail, "message")) {
		json_decref(detail);
		return reply_plain_500(r);
	}
	if (err->field[0])
		json_object_set_new(detail, "field", message_string(err->field));
	if (err->rule[0])
		json_object_set_new(detail, "rule", message_string(err->rule));
	int status = err_http_status(err->code);
	if (status < 400 || status > 599)
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
	return reply_json(r, (unsigned)status, json_pack("{s:o}", "error", detail));
}

enum MHD_Result reply_err(struct req *r, enum err_code code, const char *field, const char *rule,
                          const char *fmt, ...)
{
	struct app_error err;
	va_list ap;
	va_start(ap, fmt);
	err_vset(&err, code, field, rule, fmt, ap);
	va_end(ap);
	return reply_error(r, &err);
}

/* Percent-encode NAME for filename*=UTF-8''... (RFC 5987 attr-char stays as is). */
static char *rfc5987(const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(name);
	char *out = malloc(3 * n + 1);
	if (!out)
		return NULL;
	char *p = out;
	for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("!#$&+-.^_`|~", *s)) {
			*p++ = (char)*s;
		} else {
			*p++ = '%';
			*p++ = hex[*s >> 4];
			*p++ = hex[*s & 15];
		}
	}
	*p = '\0';
	return out;
}

enum MHD_Result reply_bytes(struct req *r, unsigned status, const char *content_type,
                            const void *data, size_t len, const char *filename)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
	if (filename) {
		char *encoded = rfc5987(filename);
		if (!encoded)
			goto out_destroy_resp;
		size_t size = strlen(encoded) + 40;
		char *disposition = malloc(size);
		if (!disposition) {
			free(encoded);
			goto out_destroy_resp;
		}
		snprintf(disposition, size, "attachment; filename*=UTF-8''%s", encoded);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disposition);
		free(disposition);
		free(encoded);
	}
	return http_queue(r, status, resp);

out_destroy_resp:
	MHD_destroy_response(resp);
	return reply_plain_500(r);
}

enum MHD_Result reply_no_content(struct req *r)
{
	struct MHD_Response *resp =
	    MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	return http_queue(r, MHD_HTTP_NO_CONTENT, resp);
}

enum MHD_Result reply_page(struct req *r, json_t *items, bool more, const struct ent_list *l)
{
	return reply_json(r, MHD_HTTP_OK,
			  json_pack("{s:o, s:o}", "items", items, "next_offset",
				    more ? json_integer(l->offset + l->limit) : json_null()));
}

enum MHD_Result reply_xlsx(struct req *r, const struct entity *e, json_t *items,
			   const char *title)
{
	char *data, filename[128];
	size_t len;
	int rc = xlsx_export(e, items, title, &data, &len);
	json_decref(items);
	if (rc != 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, "生成 Excel 文件失败");
	snprintf(filename, sizeof(filename), "%s.xlsx", title);
	enum MHD_Result ret = reply_bytes(
		r, MHD_HTTP_OK, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		data, len, filename);
	free(data);
	return ret;
}

enum MHD_Result reply_scoped_list(struct req *r, const struct entity *e)
{
	struct app_error err;
	struct ent_list l;
	json_t *items;
	bool more;
	if (req_list(r, e, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	int rc = crud_list_scoped(r->db, e, r->who.scope_path, &l, &items, &more);
	ent_list_clear(&l);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	return reply_page(r, items, more, &l);
}

enum MHD_Result reply_scoped_xlsx(struct req *r, const struct entity *e, const char *title)
{
	struct app_error err;
	struct ent_list l;
	json_t *all = json_array(), *items;
	bool more = true;
	if (req_list(r, e, NULL, &l, &err) != 0) {
		json_decref(all);
		return reply_error(r, &err);
	}
	/* The whole filtered list, page by page. */
	l.limit = 500;
	for (l.offset = 0; more; l.offset += l.limit) {
		if (crud_list_scoped(r->db, e, r->who.scope_path, &l, &items, &more) < 0) {
			ent_list_clear(&l);
			json_decref(all);
			return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
		}
		json_array_extend(all, items);
		json_decref(items);
	}
	ent_list_clear(&l);
	return reply_xlsx(r, e, all, title);
}
