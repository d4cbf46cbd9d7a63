/* SPDX-License-Identifier: MIT */
/* The storage engine: one interface, two backends (SQLite embedded, PostgreSQL through
 * libpq). Statements are written once, with PostgreSQL-style $1..$n placeholders, and
 * serve both backends; each is prepared once per connection (cached by its text).
 * db/ knows no area: area SQL lives in each area's store.c. */
#ifndef YTH_DB_DB_H
#define YTH_DB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a database call did. Negative values are failures. */
enum db_status {
	DB_ABORT = -4,      /* the transaction body refused (its own error is set); rolled back */
	DB_CONSTRAINT = -3, /* unique / foreign-key / check constraint violated */
	DB_HARD = -2,       /* hard error (logged with the SQL and the backend message) */
	DB_RETRY = -1,      /* busy / serialisation failure / deadlock: retry the transaction */
	DB_NONE = 0,        /* no row */
	DB_ONE = 1,         /* one row (queries return the row count, >= 0) */
};

enum db_kind { DB_SQLITE, DB_POSTGRES };

enum db_type { DBT_NULL, DBT_TEXT, DBT_INT };

/* One bound parameter. TEXT is borrowed for the duration of the call. */
struct db_val {
	enum db_type type;
	const char *text;
	int64_t i;
};

/* A function, not an expression macro, so that DB_TEXT(array) draws no -Waddress. */
static inline struct db_val db_text_val(const char *s)
{
	return (struct db_val){.type = s ? DBT_TEXT : DBT_NULL, .text = s};
}
#define DB_TEXT(s) db_text_val(s)
#define DB_INT(v) ((struct db_val){.type = DBT_INT, .i = (v)})
#define DB_NULL ((struct db_val){.type = DBT_NULL})
/* Build a params array inline: DB_PARAMS(DB_TEXT(id), DB_INT(n)) */
#define DB_PARAMS(...) ((const struct db_val[]){__VA_ARGS__}), \
	(sizeof((const struct db_val[]){__VA_ARGS__}) / sizeof(struct db_val))

struct db;
struct db_res;

/* Open a connection. URL is a file path (SQLite) or postgresql:// / postgres:// URL.
 * SQLite is opened in WAL mode, foreign keys on, synchronous=FULL, busy timeout 5 s.
 * Returns 0 and sets *OUT (caller frees with db_close), or -1 with a message on stderr.
 * A connection belongs to one thread at a time (SQLite is opened with SQLITE_OPEN_NOMUTEX:
 * the server opens one per worker thread). */
int db_open(const char *url, struct db **out);
void db_close(struct db *db);
enum db_kind db_kind(const struct db *db);

/* Run SQL (one statement, $n placeholders) with N params. If RES is not NULL the rows are
 * returned in *RES (caller frees with db_res_free; *RES is NULL on failure).
 * Returns the number of rows returned (queries) or changed (writes), >= 0,
 * or DB_HARD / DB_RETRY / DB_CONSTRAINT.
 * N must equal the highest $n used (a mismatch is DB_HARD on both backends). PostgreSQL
 * gives each parameter the type its context implies; where nothing does ($1 IS NULL),
 * write CAST($1 AS TEXT) — $1::text is PostgreSQL-only and refused on SQLite. */
int db_exec(struct db *db, const char *sql, const struct db_val *params, size_t n,
	    struct db_res **res);

/* Run several statements without parameters (migrations). Returns 0 or a negative status. */
int db_exec_script(struct db *db, const char *script);

size_t db_res_rows(const struct db_res *res);
size_t db_res_cols(const struct db_res *res);
const char *db_res_colname(const struct db_res *res, size_t col);
/* Text of a cell, NULL if SQL NULL. Borrowed until db_res_free. */
const char *db_res_text(const struct db_res *res, size_t row, size_t col);
int64_t db_res_int(const struct db_res *res, size_t row, size_t col); /* 0 if NULL */
bool db_res_null(const struct db_res *res, size_t row, size_t col);
void db_res_free(struct db_res *res);

/* The body of a transaction. Returns >= 0 to commit, DB_RETRY to roll back and run again,
 * any other negative status to roll back and return it (DB_ABORT for a refusal whose
 * error the body stored in its own CLS). */
typedef int (*db_txn_fn)(struct db *db, void *cls);

/* Run FN in one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN). Busy,
 * serialisation and deadlock failures — in the body or at commit — are retried here and
 * nowhere else, up to 10 times with a short random back-off. WHAT names the transaction
 * in logs. Returns FN's result after a successful commit, or a negative status.
 * PostgreSQL ends a transaction at its first failed statement, so on both backends a
 * body that returns >= 0 after one of its statements failed is rolled back (run again if
 * that failure was DB_RETRY, else DB_HARD): use INSERT ... ON CONFLICT, not a caught
 * DB_CONSTRAINT, for "insert unless present". Calling it inside FN is DB_HARD. */
int db_run_transaction(struct db *db, const char *what, db_txn_fn fn, void *cls);

/* True while inside db_run_transaction on DB. */
bool db_in_transaction(const struct db *db);

/* The numbered migrations, embedded at build time from migrations/NNNN_name.sql
 * (build/gen/migrations.c, made by tools/embed-migrations.awk), in version order. */
struct db_migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct db_migration db_migrations[];
extern const size_t db_migrations_count;

/* Apply every embedded migration (migrations/NNNN_name.sql) not yet recorded in
 * schema_migrations, each in its own transaction. Returns the number applied, or -1. */
int db_migrate(struct db *db);
/* Highest applied migration version, 0 if none, -1 on error. */
int db_schema_version(struct db *db);

/* Consistent online copy of an SQLite database to PATH (sqlite3_backup). -1 on error or
 * for PostgreSQL (use pg_dump; the message says so). */
int db_backup(struct db *db, const char *path);

/* A number that changes whenever what DB reads may have changed: another connection
 * committed, or this one wrote. Equal numbers mean nothing changed in between, so a
 * result computed from the database may be reused. 0 if the backend cannot tell
 * (PostgreSQL, where other servers write too) or inside a transaction: then nothing may
 * be reused. */
uint64_t db_data_version(struct db *db);

/* The SQL condition "COL names a node of the subtree bound to $1": institution paths are
 * "/<id>/<id>/.../", so a subtree is a prefix. The same text serves both backends. */
#define DB_IN_SUBTREE(col) "substr(" col ", 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT)"

/* Counters for /metrics: hard errors (each logged once; includes transactions that
 * stayed busy through every retry), and transaction attempts run again after a busy /
 * serialisation / deadlock failure. */
uint64_t db_error_count(void);
uint64_t db_retry_count(void);

/* New identifier: a UUID version 7 (time-ordered, 74 random bits) in its 36-character
 * text form, safe to merge across databases. OUT has room for 37 bytes. */
void db_new_id(char out[37]);

/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ". OUT has room for 21 bytes. */
void db_now(char out[21]);

#endif
