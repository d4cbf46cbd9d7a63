/* SPDX-License-Identifier: MIT */
/* The PostgreSQL backend, through libpq: each statement is prepared once per connection
 * under a generated name (s1, s2, ...) and run with PQexecPrepared, parameters sent as
 * text and typed by the server from their context. Results stay in libpq's PGresult. */
#include <inttypes.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/backend.h"
#include "sys/lazylib.h"

/* libpq is loaded when the first PostgreSQL connection is opened, not at program start:
 * the embedded SQLite default (and every command run against it) does not pay for loading
 * libpq and the dozen libraries it pulls in. The table has libpq's own prototypes. */
#define PQ_FUNCTIONS(X) \
	X(PQclear) \
	X(PQcmdStatus) \
	X(PQcmdTuples) \
	X(PQconnectdbParams) \
	X(PQerrorMessage) \
	X(PQexec) \
	X(PQexecParams) \
	X(PQexecPrepared) \
	X(PQfinish) \
	X(PQfname) \
	X(PQgetisnull) \
	X(PQgetvalue) \
	X(PQnfields) \
	X(PQntuples) \
	X(PQprepare) \
	X(PQreset) \
	X(PQresultErrorField) \
	X(PQresultErrorMessage) \
	X(PQresultStatus) \
	X(PQsetNoticeProcessor) \
	X(PQstatus) \
	X(PQtransactionStatus)

static struct {
	PQ_FUNCTIONS(LAZYLIB_FIELD)
} lib;
static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static bool pq_loaded;

static void load_libpq(void)
{
	static const char *const names[] = {PQ_FUNCTIONS(LAZYLIB_NAME)};
	void **const slots[] = {PQ_FUNCTIONS(LAZYLIB_SLOT)};
	pq_loaded = lazylib_load("libpq.so.5", "libpq", names, slots,
				 sizeof(names) / sizeof(names[0])) == 0;
}

/* From here on every PQ... call goes through the table. */
#define PQclear (lib.PQclear)
#define PQcmdStatus (lib.PQcmdStatus)
#define PQcmdTuples (lib.PQcmdTuples)
#define PQconnectdbParams (lib.PQconnectdbParams)
#define PQerrorMessage (lib.PQerrorMessage)
#define PQexec (lib.PQexec)
#define PQexecParams (lib.PQexecParams)
#define PQexecPrepared (lib.PQexecPrepared)
#define PQfinish (lib.PQfinish)
#define PQfname (lib.PQfname)
#define PQgetisnull (lib.PQgetisnull)
#define PQgetvalue (lib.PQgetvalue)
#define PQnfields (lib.PQnfields)
#define PQntuples (lib.PQntuples)
#define PQprepare (lib.PQprepare)
#define PQreset (lib.PQreset)
#define PQresultErrorField (lib.PQresultErrorField)
#define PQresultErrorMessage (lib.PQresultErrorMessage)
#define PQresultStatus (lib.PQresultStatus)
#define PQsetNoticeProcessor (lib.PQsetNoticeProcessor)
#define PQstatus (lib.PQstatus)
#define PQtransactionStatus (lib.PQtransactionStatus)

struct pg_db {
	struct db base;
	PGconn *conn;
	/* SQL text → statement number; the number itself is stored as the cache's pointer. */
	struct db_cache cache;
	unsigned next_id;
};

struct pg_res {
	struct db_res base;
	PGresult *r;
};

/* Calls with at most this many parameters format them on the stack. */
#define STACK_PARAMS 32

/* Key of the advisory lock that serialises migrations: "yitihua" in ASCII. */
#define SCHEMA_LOCK "34169173590701409"

static struct pg_db *pg(struct db *db)
{
	return (struct pg_db *)db;
}

/* Report the failed result R (or the connection's error if R is NULL) of SQL. Returns
 * its db_status. */
static int fail(struct pg_db *d, const PGresult *r, const char *sql)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	int status = DB_HARD;
	if (state && PQstatus(d->conn) == CONNECTION_OK) {
		if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 ||
		    strcmp(state, "55P03") == 0)
			status = DB_RETRY;
		else if (state[0] == '2' && state[1] == '3')
			status = DB_CONSTRAINT;
	}
	if (status != DB_HARD)
		return db_failed(&d->base, status);
	const char *text = r ? PQresultErrorMessage(r) : "";
	if (!*text)
		text = PQerrorMessage(d->conn);
	char msg[1024];
	snprintf(msg, sizeof msg, "%s%s%s", state ? state : "", state ? " " : "", text);
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	return db_hard(&d->base, msg, sql);
}

static void forget_stmt(void *stmt, void *ctx)
{
	(void)stmt;
	(void)ctx;
}

/* A lost connection is reset once, on the next call outside a transaction (inside one,
 * the transaction is gone: fail, and let the caller's next transaction reconnect). */
static int connected(struct pg_db *d, const char *sql)
{
	if (PQstatus(d->conn) == CONNECTION_OK)
		return 0;
	if (d->base.in_txn)
		return db_hard(&d->base, "connection to the server lost", sql);
	PQreset(d->conn);
	db_cache_clear(&d->cache, forget_stmt, NULL); /* prepared statements died with it */
	if (PQstatus(d->conn) != CONNECTION_OK)
		return fail(d, NULL, sql);
	return 0;
}

/* ---- results ---- */

static const char *res_text(const struct db_res *res, size_t row, size_t col)
{
	const PGresult *r = ((const struct pg_res *)res)->r;
	if (PQgetisnull(r, (int)row, (int)col))
		return NULL;
	return PQgetvalue(r, (int)row, (int)col);
}

static const char *res_colname(const struct db_res *res, size_t col)
{
	return PQfname(((const struct pg_res *)res)->r, (int)col);
}

static void res_free(struct db_res *res)
{
	struct pg_res *p = (struct pg_res *)res;
	PQclear(p->r);
	free(p);
}

static const struct db_res_ops pg_res_ops = {res_text, res_colname, res_free};

/* ---- statements ---- */

static int pg_exec(struct db *db, const char *sql, const struct db_val *params, size_t n,
                   struct db_res **res)
{
	struct pg_db *d = pg(db);
	int rc = connected(d, sql);
	if (rc < 0)
		return rc;
	if (n > 65535)
		return db_hard(db, "too many parameters", sql);
	uint64_t hash = db_cache_hash(sql);
	uintptr_t id = (uintptr_t)db_cache_find(&d->cache, sql, hash);
	char name[24];
	if (!id && d->cache.count < DB_CACHE_MAX) {
		id = ++d->next_id; /* names are never reused on a connection */
		snprintf(name, sizeof name, "s%u", (unsigned)id);
		PGresult *p = PQprepare(d->conn, name, sql, 0, NULL);
		if (PQresultStatus(p) != PGRES_COMMAND_OK) {
			rc = fail(d, p, sql);
			PQclear(p);
			return rc;
		}
		PQclear(p);
		if (db_cache_put(&d->cache, sql, hash, (void *)id) != 0)
			id = 0; /* out of memory: run it unnamed below; the server copy is harmless
			         */
	} else if (id) {
		snprintf(name, sizeof name, "s%u", (unsigned)id);
	}

	const char *stack_values[STACK_PARAMS];
	char stack_ints[STACK_PARAMS][24];
	const char **values = stack_values;
	char(*ints)[24] = stack_ints;
	if (n > STACK_PARAMS) {
		values = malloc(n * sizeof *values);
		ints = malloc(n * sizeof *ints);
		if (!values || !ints) {
			free(values);
			free(ints);
			return db_hard(db, "out of memory", sql);
		}
	}
	for (size_t i = 0; i < n; i++) {
		switch (params[i].type) {
		case DBT_TEXT:
			values[i] = params[i].text;
			break;
		case DBT_INT:
			snprintf(ints[i], sizeof ints[i], "%" PRId64, params[i].i);
			values[i] = ints[i];
			break;
		default:
			values[i] = NULL;
			break;
		}
	}
	PGresult *r = id ? PQexecPrepared(d->conn, name, (int)n, values, NULL, NULL, 0)
	                 : PQexecParams(d->conn, sql, (int)n, NULL, values, NULL, NULL, 0);
	if (values != stack_values) {
		free(values);
		free(ints);
	}
	int result;
	switch (PQresultStatus(r)) {
	case PGRES_TUPLES_OK:
		result = PQntuples(r);
		break;
	case PGRES_COMMAND_OK:
		result = atoi(PQcmdTuples(r)); /* "" for commands that count nothing */
		break;
	default:
		rc = fail(d, r, sql);
		PQclear(r);
		return rc;
	}
	if (!res) {
		PQclear(r);
		return result;
	}
	struct pg_res *out = malloc(sizeof *out);
	if (!out) {
		PQclear(r);
		return db_hard(db, "out of memory", sql);
	}
	out->base = (struct db_res){
	    .ops = &pg_res_ops, .rows = (size_t)PQntuples(r), .cols = (size_t)PQnfields(r)};
	out->r = r;
	*res = &out->base;
	return result;
}

/* Run SQL (no parameters) with the simple protocol. 0 or a negative db_status. */
static int simple(struct pg_db *d, const char *sql)
{
	PGresult *r = PQexec(d->conn, sql);
	ExecStatusType s = PQresultStatus(r);
	int rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY
	             ? 0
	             : fail(d, r, sql);
	PQclear(r);
	return rc;
}

static int pg_exec_script(struct db *db, const char *script)
{
	struct pg_db *d = pg(db);
	int rc = connected(d, script);
	if (rc == 0)
		rc = simple(d, script); /* PQexec runs several statements */
	/* After a schema change a cached plan whose result columns changed would fail
	 * ("cached plan must not change result type"): start the cache afresh. */
	if (rc == 0 && d->cache.count > 0) {
		rc = simple(d, "DEALLOCATE ALL");
		db_cache_clear(&d->cache, forget_stmt, NULL);
	}
	return rc;
}

/* ---- transactions ---- */

static int pg_begin(struct db *db)
{
	struct pg_db *d = pg(db);
	int rc = connected(d, "BEGIN");
	return rc < 0 ? rc : simple(d, "BEGIN"); /* READ COMMITTED */
}

static int pg_commit(struct db *db)
{
	struct pg_db *d = pg(db);
	PGresult *r = PQexec(d->conn, "COMMIT");
	int rc = 0;
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		rc = fail(d, r, "COMMIT");
	else if (strcmp(PQcmdStatus(r), "COMMIT") != 0) /* an aborted transaction "commits" */
		rc = db_hard(db, "the transaction had failed; COMMIT rolled it back", "COMMIT");
	PQclear(r);
	return rc;
}

static void pg_rollback(struct db *db)
{
	struct pg_db *d = pg(db);
	if (PQstatus(d->conn) == CONNECTION_OK && PQtransactionStatus(d->conn) != PQTRANS_IDLE)
		PQclear(PQexec(d->conn, "ROLLBACK"));
}

static int pg_lock_schema(struct db *db)
{
	/* Released at the end of the transaction: two processes migrating one database
	 * take turns, and the second finds the migration recorded. */
	int rc = pg_exec(db, "SELECT pg_advisory_xact_lock(" SCHEMA_LOCK ")", NULL, 0, NULL);
	return rc < 0 ? rc : 0;
}

static int pg_has_table(struct db *db, const char *table)
{
	return pg_exec(db,
	               "SELECT 1 FROM pg_catalog.pg_tables "
	               "WHERE schemaname = current_schema() AND tablename = $1",
	               DB_PARAMS(DB_TEXT(table)), NULL);
}

static int pg_backup(struct db *db, const char *path)
{
	(void)db;
	fprintf(stderr,
	        "yitihua: db: 不能备份 PostgreSQL 数据库到 %s，请用 pg_dump / "
	        "backup of a PostgreSQL database: use pg_dump\n",
	        path);
	return -1;
}

/* ---- connections ---- */

static void pg_close(struct db *db)
{
	struct pg_db *d = pg(db);
	db_cache_clear(&d->cache, forget_stmt, NULL);
	PQfinish(d->conn);
	free(d);
}

static const struct db_backend pg_backend = {
    .name = "postgresql",
    .exec = pg_exec,
    .exec_script = pg_exec_script,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .lock_schema = pg_lock_schema,
    .has_table = pg_has_table,
    .backup = pg_backup,
    .close = pg_close,
};

/* NOTICEs ("relation already exists, skipping") are noise; warnings are shown. */
static void notice(void *arg, const char *message)
{
	(void)arg;
	if (strncmp(message, "WARNING", 7) == 0)
		fprintf(stderr, "yitihua: db: %s", message);
}

int db_pg_open(const char *url, struct db **out)
{
	pthread_once(&pq_once, load_libpq);
	if (!pq_loaded)
		return -1;
	struct pg_db *d = calloc(1, sizeof *d);
	if (!d) {
		fprintf(stderr, "yitihua: db: out of memory\n");
		return -1;
	}
	d->base = (struct db){.be = &pg_backend, .kind = DB_POSTGRES};
	/* The URL's own settings come first; these are kept across PQreset. */
	const char *const keys[] = {"dbname", "client_encoding", "fallback_application_name", NULL};
	const char *const values[] = {url, "UTF8", "yitihua", NULL};
	d->conn = PQconnectdbParams(keys, values, 1);
	if (!d->conn || PQstatus(d->conn) != CONNECTION_OK) {
		/* The message names host and port, never the URL's password. */
		fprintf(stderr, "yitihua: db: cannot connect to PostgreSQL: %s",
		        d->conn ? PQerrorMessage(d->conn) : "out of memory\n");
		PQfinish(d->conn);
		free(d);
		return -1;
	}
	PQsetNoticeProcessor(d->conn, notice, NULL);
	*out = &d->base;
	return 0;
}
