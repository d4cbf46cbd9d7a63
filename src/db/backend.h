/* SPDX-License-Identifier: MIT */
/* Internal to db/: the table of operations each backend (sqlite.c, pg.c) provides, the
 * connection and result headers they extend, the per-connection statement cache and the
 * shared error reporting. Nothing outside db/ includes this file. */
#ifndef YTH_DB_BACKEND_H
#define YTH_DB_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* The operations of one backend. Every function that returns int returns 0 or a negative
 * db_status, except exec (row count or a negative db_status). */
struct db_backend {
	const char *name;
	int (*exec)(struct db *db, const char *sql, const struct db_val *params, size_t n,
	            struct db_res **res);
	int (*exec_script)(struct db *db, const char *script);
	int (*begin)(struct db *db);
	int (*commit)(struct db *db);
	/* Ends the transaction if one is still open; never fails (problems are logged). */
	void (*rollback)(struct db *db);
	/* Inside a transaction: serialise schema migrations across processes. */
	int (*lock_schema)(struct db *db);
	/* 1 if TABLE exists in the current schema, 0 if not, or a negative db_status. */
	int (*has_table)(struct db *db, const char *table);
	int (*backup)(struct db *db, const char *path);
	void (*close)(struct db *db);
	/* See db_data_version(); NULL if the backend cannot tell. */
	uint64_t (*data_version)(struct db *db);
};

/* The part of a connection db.c knows; each backend's connection struct starts with it. */
struct db {
	const struct db_backend *be;
	enum db_kind kind;
	bool in_txn;
	int txn_err;          /* first failure of a statement in the running transaction */
	const char *txn_what; /* name of the running transaction, for logs */
};

/* The accessors of one backend's result. Row and column are in range when called. */
struct db_res_ops {
	const char *(*text)(const struct db_res *res, size_t row, size_t col);
	const char *(*colname)(const struct db_res *res, size_t col);
	void (*free)(struct db_res *res);
};

/* The part of a result db.c knows; each backend's result struct starts with it. */
struct db_res {
	const struct db_res_ops *ops;
	size_t rows;
	size_t cols;
};

/* Prepared statements of one connection, keyed by their SQL text: open addressing with
 * linear probing, never more than half full. Values are the backend's statements. */
struct db_cache_slot {
	char *sql; /* own copy; NULL for an empty slot */
	uint64_t hash;
	void *stmt;
};
struct db_cache {
	struct db_cache_slot *slots;
	size_t cap; /* power of two, 0 before the first insert */
	size_t count;
};

/* Past this many statements a connection runs new texts unprepared (a guard against SQL
 * built from unbounded input; the project's statements are far fewer). */
#define DB_CACHE_MAX 1024

uint64_t db_cache_hash(const char *sql);
/* The statement cached for SQL (whose db_cache_hash is HASH), or NULL. */
void *db_cache_find(const struct db_cache *c, const char *sql, uint64_t hash);
/* Cache STMT under a copy of SQL. Returns 0, or -1 if the cache is full or out of memory
 * (the caller then uses STMT once and frees it). */
int db_cache_put(struct db_cache *c, const char *sql, uint64_t hash, void *stmt);
/* Empty the cache, passing each statement to DESTROY (with CTX). */
void db_cache_clear(struct db_cache *c, void (*destroy)(void *stmt, void *ctx), void *ctx);

/* Log a hard error (DB_HARD) to stderr: what failed, the backend's message and the SQL,
 * naming the running transaction; counts it for db_error_count. Returns DB_HARD. */
int db_hard(struct db *db, const char *msg, const char *sql);

/* Record STATUS (negative) as a statement failure of the running transaction, if any.
 * Returns STATUS. */
static inline int db_failed(struct db *db, int status)
{
	if (db->in_txn && db->txn_err == 0)
		db->txn_err = status;
	return status;
}

/* The backends' constructors: 0 and *OUT, or -1 with a message on stderr. */
int db_sqlite_open(const char *path, struct db **out);
int db_pg_open(const char *url, struct db **out);

#endif
