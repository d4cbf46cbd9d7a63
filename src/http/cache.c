/* SPDX-License-Identifier: MIT */
/* This file contains the answer cache: each worker thread keeps the last answers of the
 * routes marked .cache, keyed by URL, query, role and scope, and reuses one while the
 * database has not changed since it was made (db_data_version) and it is younger than
 * HTTP_CACHE_MAX_AGE seconds (some answers depend on today's date). A county bureau's
 * staff open the same lists and charts again and again; this answers them without the
 * queries and the JSON. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "http/http.h"

#define SLOTS 32
#define MAX_ENTRY (1024 * 1024)
#define MAX_TOTAL (8 * 1024 * 1024) /* per thread */

struct entry {
	char *key;
	uint64_t version;
	time_t made;
	unsigned status;
	char content_type[64];
	char *body;
	size_t len;
};

struct cache {
	struct entry slots[SLOTS];
	unsigned next; /* round-robin victim */
	size_t total;
};

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static atomic_uint_fast64_t hits;

static void drop(struct cache *c, struct entry *e)
{
	c->total -= e->len;
	free(e->key);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

static void free_cache(void *p)
{
	struct cache *c = p;
	for (int i = 0; i < SLOTS; i++)
		drop(c, &c->slots[i]);
	free(c);
}

static void make_key(void)
{
	pthread_key_create(&cache_key, free_cache);
}

static struct cache *thread_cache(void)
{
	pthread_once(&cache_once, make_key);
	struct cache *c = pthread_getspecific(cache_key);
	if (!c) {
		c = calloc(1, sizeof(*c));
		if (c && pthread_setspecific(cache_key, c) != 0) {
			free(c);
			c = NULL;
		}
	}
	return c;
}

struct key_builder {
	char *text;
	size_t len, cap;
	bool failed;
};

static void append(struct key_builder *k, const char *s)
{
	size_t n = strlen(s) + 1; /* with a separator that cannot occur in URLs */
	if (k->failed)
		return;
	if (k->len + n + 1 > k->cap) {
		size_t cap = (k->cap + n) * 2 + 64;
		char *t = realloc(k->text, cap);
		if (!t) {
			k->failed = true;
			return;
		}
		k->text = t;
		k->cap = cap;
	}
	memcpy(k->text + k->len, s, n - 1);
	k->text[k->len + n - 1] = '\x1f';
	k->len += n;
	k->text[k->len] = '\0';
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	(void)kind;
	append(cls, key);
	append(cls, value ? value : "");
	return MHD_YES;
}

/* The answer's identity: what the handler may look at. New string, or NULL. */
static char *request_key(struct req *r)
{
	char role[16];
	struct key_builder k = {0};
	snprintf(role, sizeof(role), "%u", r->who.role);
	append(&k, r->route->pattern);
	append(&k, r->url);
	append(&k, role);
	append(&k, r->who.scope_path);
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, add_arg, &k);
	if (k.failed) {
		free(k.text);
		return NULL;
	}
	return k.text;
}

bool http_cache_reply(struct req *r, enum MHD_Result *ret)
{
	uint64_t version = db_data_version(r->db);
	struct cache *c = version ? thread_cache() : NULL;
	if (!c)
		return false;
	char *key = request_key(r);
	if (!key)
		return false;
	time_t now = time(NULL);
	for (int i = 0; i < SLOTS; i++) {
		struct entry *e = &c->slots[i];
		if (!e->key || strcmp(e->key, key) != 0)
			continue;
		if (e->version != version || now - e->made >= HTTP_CACHE_MAX_AGE || now < e->made) {
			drop(c, e);
			break;
		}
		free(key);
		struct MHD_Response *resp =
			MHD_create_response_from_buffer(e->len, e->body, MHD_RESPMEM_MUST_COPY);
		if (!resp) {
			*ret = MHD_NO;
			return true;
		}
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, e->content_type);
		atomic_fetch_add(&hits, 1);
		*ret = http_queue(r, e->status, resp);
		return true;
	}
	r->cache_key = key;
	r->cache_version = version;
	return false;
}

void http_cache_store(struct req *r, unsigned status, const char *content_type,
		      const char *body, size_t len)
{
	struct cache *c = thread_cache();
	/* Only whole successes; headers such as Set-Cookie are never replayed. */
	if (!c || status != MHD_HTTP_OK || len > MAX_ENTRY || r->nheaders > 0 ||
	    strlen(content_type) >= sizeof(c->slots[0].content_type))
		return;
	struct entry *e = &c->slots[c->next];
	c->next = (c->next + 1) % SLOTS;
	drop(c, e);
	while (c->total + len > MAX_TOTAL) {
		for (int i = 0; i < SLOTS; i++)
			if (c->slots[i].key)
				drop(c, &c->slots[i]);
	}
	e->body = malloc(len ? len : 1);
	if (!e->body)
		return;
	memcpy(e->body, body, len);
	e->len = len;
	e->key = r->cache_key;
	r->cache_key = NULL;
	e->version = r->cache_version;
	e->made = time(NULL);
	e->status = status;
	snprintf(e->content_type, sizeof(e->content_type), "%s", content_type);
	c->total += len;
}

uint64_t http_cache_hits(void)
{
	return atomic_load(&hits);
}
