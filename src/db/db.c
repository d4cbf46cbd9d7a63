/* SPDX-License-Identifier: MIT */
/* The storage engine's shared part: choosing the backend by URL, dispatch, results,
 * the one transaction helper with its retry loop, identifiers, time, the statement cache
 * both backends use and the reporting of hard errors. */
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/backend.h"
#include "db/db.h"

/* A transaction that meets busy / serialisation / deadlock failures is run again at most
 * this many times, after a random pause that grows from 1–2 ms to 1–20 ms. */
#define TXN_RETRIES        10
#define TXN_BACKOFF_MAX_MS 20

static atomic_uint_fast64_t hard_errors;
static atomic_uint_fast64_t txn_retries;

int db_open(const char *url, struct db **out)
{
	*out = NULL;
	if (!url || !*url) {
		fprintf(stderr, "yitihua: db: no database given\n");
		return -1;
	}
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
		return db_pg_open(url, out);
	return db_sqlite_open(url, out);
}

void db_close(struct db *db)
{
	if (db)
		db->be->close(db);
}

uint64_t db_data_version(struct db *db)
{
	/* Inside a transaction the answer could change before it ends: never reuse then. */
	if (!db->be->data_version || db->in_txn)
		return 0;
	return db->be->data_version(db);
}

enum db_kind db_kind(const struct db *db)
{
	return db->kind;
}

int db_exec(struct db *db, const char *sql, const struct db_val *params, size_t n,
            struct db_res **res)
{
	if (res)
		*res = NULL;
	return db->be->exec(db, sql, params, n, res);
}

int db_exec_script(struct db *db, const char *script)
{
	return db->be->exec_script(db, script);
}

/* ---- results ---- */

size_t db_res_rows(const struct db_res *res)
{
	return res ? res->rows : 0;
}

size_t db_res_cols(const struct db_res *res)
{
	return res ? res->cols : 0;
}

const char *db_res_colname(const struct db_res *res, size_t col)
{
	if (!res || col >= res->cols)
		return NULL;
	return res->ops->colname(res, col);
}

const char *db_res_text(const struct db_res *res, size_t row, size_t col)
{
	if (!res || row >= res->rows || col >= res->cols)
		return NULL;
	return res->ops->text(res, row, col);
}

int64_t db_res_int(const struct db_res *res, size_t row, size_t col)
{
	const char *t = db_res_text(res, row, col);
	return t ? strtoll(t, NULL, 10) : 0;
}

bool db_res_null(const struct db_res *res, size_t row, size_t col)
{
	return db_res_text(res, row, col) == NULL;
}

void db_res_free(struct db_res *res)
{
	if (res)
		res->ops->free(res);
}

/* ---- transactions ---- */

static void init_sodium(void)
{
	if (sodium_init() < 0)
		abort(); /* no usable randomness: nothing safe can be done */
}

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

/* Sleep 1..cap ms, cap growing with ATTEMPT, so that competing transactions spread out. */
static void backoff(int attempt)
{
	pthread_once(&sodium_once, init_sodium);
	uint32_t cap = 2u + 2u * (uint32_t)attempt;
	if (cap > TXN_BACKOFF_MAX_MS)
		cap = TXN_BACKOFF_MAX_MS;
	uint32_t us = 1000u + randombytes_uniform(cap * 1000u - 999u);
	struct timespec ts = {.tv_sec = 0, .tv_nsec = (long)us * 1000L};
	while (nanosleep(&ts, &ts) != 0)
		;
}

int db_run_transaction(struct db *db, const char *what, db_txn_fn fn, void *cls)
{
	if (!what)
		what = "unnamed";
	if (db->in_txn) {
		char msg[256];
		snprintf(msg, sizeof msg,
		         "transaction %s started inside transaction %s (nesting is a defect)", what,
		         db->txn_what ? db->txn_what : "?");
		return db_hard(db, msg, NULL);
	}
	for (int attempt = 0;; attempt++) {
		int rc = db->be->begin(db);
		if (rc == 0) {
			db->in_txn = true;
			db->txn_err = 0;
			db->txn_what = what;
			int result = fn(db, cls);
			if (result >= 0 && db->txn_err != 0) {
				/* The body went on after a failed statement. PostgreSQL has already
				 * aborted such a transaction, so it is refused on both backends
				 * (use INSERT ... ON CONFLICT instead of catching a duplicate). */
				if (db->txn_err == DB_RETRY) {
					result = DB_RETRY;
				} else {
					result = db_hard(
					    db,
					    "the transaction body returned success after a failed "
					    "statement; rolled back",
					    NULL);
				}
			}
			if (result >= 0) {
				rc = db->be->commit(db);
				if (rc == 0) {
					db->in_txn = false;
					db->txn_what = NULL;
					return result;
				}
			} else {
				rc = result;
			}
			db->be->rollback(db);
			db->in_txn = false;
			db->txn_what = NULL;
		}
		if (rc != DB_RETRY)
			return rc;
		if (attempt >= TXN_RETRIES) {
			fprintf(stderr,
			        "yitihua: db: transaction %s: still busy after %d attempts\n", what,
			        attempt + 1);
			atomic_fetch_add(&hard_errors, 1);
			return DB_RETRY;
		}
		atomic_fetch_add(&txn_retries, 1);
		backoff(attempt);
	}
}

bool db_in_transaction(const struct db *db)
{
	return db->in_txn;
}

int db_backup(struct db *db, const char *path)
{
	if (db->in_txn) {
		fprintf(stderr, "yitihua: db: backup inside a transaction is refused\n");
		return -1;
	}
	return db->be->backup(db, path);
}

/* ---- counters, identifiers, time ---- */

uint64_t db_error_count(void)
{
	return atomic_load(&hard_errors);
}

uint64_t db_retry_count(void)
{
	return atomic_load(&txn_retries);
}

void db_new_id(char out[37])
{
	pthread_once(&sodium_once, init_sodium);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
	uint8_t b[16];
	randombytes_buf(b + 6, sizeof b - 6);
	for (int i = 0; i < 6; i++)
		b[i] = (uint8_t)(ms >> (40 - 8 * i));
	b[6] = (uint8_t)(0x70 | (b[6] & 0x0f)); /* version 7 */
	b[8] = (uint8_t)(0x80 | (b[8] & 0x3f)); /* variant 10 */
	static const char hex[] = "0123456789abcdef";
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 15];
	}
	*p = '\0';
}

void db_now(char out[21])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- errors ---- */

int db_hard(struct db *db, const char *msg, const char *sql)
{
	atomic_fetch_add(&hard_errors, 1);
	const char *what = db && db->in_txn && db->txn_what ? db->txn_what : NULL;
	/* One fprintf, so that lines from several threads do not interleave. Long scripts
	 * (migrations) are cut: the message usually says where the error is. */
	fprintf(stderr, "yitihua: db%s%s%s: %s%s%.*s%s\n", what ? " (transaction " : "",
	        what ? what : "", what ? ")" : "", msg, sql ? "\n  SQL: " : "", sql ? 600 : 0,
	        sql ? sql : "", sql && strlen(sql) > 600 ? " ..." : "");
	if (db)
		db_failed(db, DB_HARD);
	return DB_HARD;
}

/* ---- statement cache ---- */

uint64_t db_cache_hash(const char *sql)
{
	/* FNV-1a over the length and at most the first and last 64 bytes: statements are
	 * long and hashed on every call, and the slot's full text is compared anyway. */
	size_t len = strlen(sql);
	uint64_t h = 0xcbf29ce484222325u ^ len;
	h *= 0x100000001b3u;
	const unsigned char *p = (const unsigned char *)sql;
	size_t head = len < 64 ? len : 64;
	for (size_t i = 0; i < head; i++) {
		h ^= p[i];
		h *= 0x100000001b3u;
	}
	for (size_t i = len > 128 ? len - 64 : head; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3u;
	}
	return h;
}

void *db_cache_find(const struct db_cache *c, const char *sql, uint64_t hash)
{
	if (c->cap == 0)
		return NULL;
	size_t mask = c->cap - 1;
	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		const struct db_cache_slot *s = &c->slots[i];
		if (!s->sql)
			return NULL;
		if (s->hash == hash && strcmp(s->sql, sql) == 0)
			return s->stmt;
	}
}

static void place(struct db_cache_slot *slots, size_t cap, struct db_cache_slot slot)
{
	size_t mask = cap - 1;
	size_t i = (size_t)slot.hash & mask;
	while (slots[i].sql)
		i = (i + 1) & mask;
	slots[i] = slot;
}

int db_cache_put(struct db_cache *c, const char *sql, uint64_t hash, void *stmt)
{
	if (c->count >= DB_CACHE_MAX)
		return -1;
	if ((c->count + 1) * 2 > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct db_cache_slot *slots = calloc(cap, sizeof *slots);
		if (!slots)
			return -1;
		for (size_t i = 0; i < c->cap; i++)
			if (c->slots[i].sql)
				place(slots, cap, c->slots[i]);
		free(c->slots);
		c->slots = slots;
		c->cap = cap;
	}
	char *copy = strdup(sql);
	if (!copy)
		return -1;
	place(c->slots, c->cap, (struct db_cache_slot){.sql = copy, .hash = hash, .stmt = stmt});
	c->count++;
	return 0;
}

void db_cache_clear(struct db_cache *c, void (*destroy)(void *stmt, void *ctx), void *ctx)
{
	for (size_t i = 0; i < c->cap; i++) {
		if (c->slots[i].sql) {
			destroy(c->slots[i].stmt, ctx);
			free(c->slots[i].sql);
		}
	}
	free(c->slots);
	*c = (struct db_cache){0};
}
