/* SPDX-License-Identifier: MIT */
/* The SQLite backend: one connection per thread, statements written with $1..$n bound
 * by name, each prepared once per connection, rows copied out only when asked for.
 *
 * Connections are opened with SQLITE_OPEN_NOMUTEX ("multi-thread" mode): SQLite takes no
 * lock of its own around a connection, which is safe because a connection is only ever
 * used by one thread at a time (the server opens one per worker thread). Sharing one
 * struct db between threads without a lock of the caller's is a defect. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/backend.h"

/* A cached statement and where each of its parameters comes from: SQLite numbers named
 * parameters by first appearance, so "$2 ... $1" has $2 as index 1. */
struct sq_stmt {
	sqlite3_stmt *st;
	int nparams;           /* the highest $N: the number of values a call must pass */
	int count;             /* sqlite3_bind_parameter_count */
	unsigned short from[]; /* parameter index i + 1 takes params[from[i]] */
};

struct sq_db {
	struct db base;
	sqlite3 *h;
	struct db_cache cache;
	sqlite3_stmt *begin;
	sqlite3_stmt *commit;
	sqlite3_stmt *rollback;
	sqlite3_stmt *data_version;
	pthread_mutex_t *writer; /* this file's writer queue (see queue_for) */
	bool holds_writer;
};

/* The writers of one process queue for a database file on a mutex before BEGIN IMMEDIATE:
 * sixteen clients writing at once then take turns in order instead of sleeping in SQLite's
 * busy handler (whose back-off gave p99s of over a second). Other processes still meet
 * SQLite's own lock and busy timeout. A writer that waits longer than the busy timeout goes
 * on without its turn and leaves it to SQLite. */
#define QUEUES 16
static struct {
	char path[PATH_MAX];
	pthread_mutex_t mutex;
} queues[QUEUES];
static size_t nqueues;
static pthread_mutex_t queues_lock = PTHREAD_MUTEX_INITIALIZER;

static pthread_mutex_t *queue_for(const char *path)
{
	char real[PATH_MAX];
	if (!realpath(path, real))
		return NULL;
	pthread_mutex_lock(&queues_lock);
	pthread_mutex_t *m = NULL;
	for (size_t i = 0; i < nqueues && !m; i++)
		if (strcmp(queues[i].path, real) == 0)
			m = &queues[i].mutex;
	if (!m && nqueues < QUEUES) {
		snprintf(queues[nqueues].path, sizeof(queues[nqueues].path), "%s", real);
		pthread_mutex_init(&queues[nqueues].mutex, NULL);
		m = &queues[nqueues++].mutex;
	}
	pthread_mutex_unlock(&queues_lock);
	return m;
}

static void take_turn(struct sq_db *d)
{
	if (!d->writer)
		return;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5; /* the busy timeout */
	d->holds_writer = pthread_mutex_timedlock(d->writer, &until) == 0;
}

static void end_turn(struct sq_db *d)
{
	if (d->holds_writer)
		pthread_mutex_unlock(d->writer);
	d->holds_writer = false;
}

/* Rows copied out of SQLite: every cell's text in one arena, cells as offsets into it. */
struct sq_res {
	struct db_res base;
	char *arena;
	size_t *cell; /* rows * cols offsets; NO_CELL for NULL; then cols offsets of names */
};

#define NO_CELL ((size_t)-1)

static const struct db_backend sqlite_backend;

static struct sq_db *sq(struct db *db)
{
	return (struct sq_db *)db;
}

static int status_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_RETRY;
	case SQLITE_CONSTRAINT:
		return DB_CONSTRAINT;
	default:
		return DB_HARD;
	}
}

/* Report failure code RC of the statement SQL. Returns its db_status. */
static int fail(struct sq_db *d, int rc, const char *sql)
{
	int status = status_of(rc);
	if (status == DB_HARD)
		return db_hard(&d->base, sqlite3_errmsg(d->h), sql);
	return db_failed(&d->base, status);
}

/* ---- results ---- */

static const char *res_text(const struct db_res *res, size_t row, size_t col)
{
	const struct sq_res *r = (const struct sq_res *)res;
	size_t off = r->cell[row * res->cols + col];
	return off == NO_CELL ? NULL : r->arena + off;
}

static const char *res_colname(const struct db_res *res, size_t col)
{
	const struct sq_res *r = (const struct sq_res *)res;
	return r->arena + r->cell[res->rows * res->cols + col];
}

static void res_free(struct db_res *res)
{
	struct sq_res *r = (struct sq_res *)res;
	free(r->arena);
	free(r->cell);
	free(r);
}

static const struct db_res_ops sq_res_ops = {res_text, res_colname, res_free};

/* The growing copy of a statement's rows. */
struct builder {
	char *arena;
	size_t len, cap;
	size_t *cell;
	size_t ncell, cellcap;
};

static int add_text(struct builder *b, const char *text, size_t n)
{
	if (b->ncell == b->cellcap) {
		size_t cap = b->cellcap ? b->cellcap * 2 : 64;
		size_t *cell = realloc(b->cell, cap * sizeof *cell);
		if (!cell)
			return -1;
		b->cell = cell;
		b->cellcap = cap;
	}
	if (!text) {
		b->cell[b->ncell++] = NO_CELL;
		return 0;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *arena = realloc(b->arena, cap);
		if (!arena)
			return -1;
		b->arena = arena;
		b->cap = cap;
	}
	memcpy(b->arena + b->len, text, n);
	b->arena[b->len + n] = '\0';
	b->cell[b->ncell++] = b->len;
	b->len += n + 1;
	return 0;
}

static int add_row(struct builder *b, sqlite3_stmt *st, int cols)
{
	for (int i = 0; i < cols; i++) {
		const char *text = NULL;
		size_t n = 0;
		if (sqlite3_column_type(st, i) != SQLITE_NULL) {
			text = (const char *)sqlite3_column_text(st, i);
			n = (size_t)sqlite3_column_bytes(st, i);
			if (!text)
				return -1; /* out of memory converting the value */
		}
		if (add_text(b, text, n) != 0)
			return -1;
	}
	return 0;
}

/* The result of ROWS rows already in B, with the column names appended. NULL if out of
 * memory (B is freed either way). */
static struct db_res *finish(struct builder *b, sqlite3_stmt *st, int cols, size_t rows)
{
	struct sq_res *r = NULL;
	for (int i = 0; i < cols; i++) {
		const char *name = sqlite3_column_name(st, i);
		if (!name)
			name = "";
		if (add_text(b, name, strlen(name)) != 0)
			goto out_free;
	}
	r = malloc(sizeof *r);
	if (!r)
		goto out_free;
	if (!b->arena) /* no text at all: give the accessors something to point into */
		b->arena = calloc(1, 1);
	if (!b->arena) {
		free(r);
		r = NULL;
		goto out_free;
	}
	r->base = (struct db_res){.ops = &sq_res_ops, .rows = rows, .cols = (size_t)cols};
	r->arena = b->arena;
	r->cell = b->cell;
	return &r->base;
out_free:
	free(b->arena);
	free(b->cell);
	return NULL;
}

/* ---- statements ---- */

static void free_stmt(void *stmt, void *ctx)
{
	(void)ctx;
	struct sq_stmt *s = stmt;
	sqlite3_finalize(s->st);
	free(s);
}

/* Prepare SQL (one statement) and map its $N parameters. Returns 0 and *OUT, or a
 * negative db_status. */
static int prepare(struct sq_db *d, const char *sql, struct sq_stmt **out)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc = sqlite3_prepare_v3(d->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, &tail);
	if (rc != SQLITE_OK)
		return fail(d, rc, sql);
	if (!st)
		return db_hard(&d->base, "empty statement", sql);
	if (tail && *tail) {
		sqlite3_stmt *more = NULL;
		sqlite3_prepare_v2(d->h, tail, -1, &more, NULL);
		if (more) {
			sqlite3_finalize(more);
			sqlite3_finalize(st);
			return db_hard(
			    &d->base, "db_exec runs one statement (use db_exec_script for several)",
			    sql);
		}
	}
	int count = sqlite3_bind_parameter_count(st);
	struct sq_stmt *s = malloc(sizeof *s + (size_t)count * sizeof s->from[0]);
	if (!s) {
		sqlite3_finalize(st);
		return db_hard(&d->base, "out of memory", sql);
	}
	s->st = st;
	s->count = count;
	s->nparams = 0;
	for (int i = 1; i <= count; i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		char *end = NULL;
		long k = 0;
		if (name && name[0] == '$' && name[1] >= '1' && name[1] <= '9')
			k = strtol(name + 1, &end, 10);
		if (k < 1 || k > 32766 || *end != '\0') {
			free_stmt(s, NULL);
			return db_hard(
			    &d->base,
			    "placeholders are $1..$n (and CAST($1 AS type), not $1::type)", sql);
		}
		s->from[i - 1] = (unsigned short)(k - 1);
		if (k > s->nparams)
			s->nparams = (int)k;
	}
	*out = s;
	return 0;
}

static int bind(struct sq_db *d, struct sq_stmt *s, const struct db_val *params, const char *sql)
{
	for (int i = 0; i < s->count; i++) {
		const struct db_val *v = &params[s->from[i]];
		int rc;
		switch (v->type) {
		case DBT_TEXT:
			rc = v->text ? sqlite3_bind_text(s->st, i + 1, v->text, -1, SQLITE_STATIC)
			             : sqlite3_bind_null(s->st, i + 1);
			break;
		case DBT_INT:
			rc = sqlite3_bind_int64(s->st, i + 1, v->i);
			break;
		default:
			rc = sqlite3_bind_null(s->st, i + 1);
			break;
		}
		if (rc != SQLITE_OK)
			return fail(d, rc, sql);
	}
	return 0;
}

static int sq_exec(struct db *db, const char *sql, const struct db_val *params, size_t n,
                   struct db_res **res)
{
	struct sq_db *d = sq(db);
	uint64_t hash = db_cache_hash(sql);
	struct sq_stmt *s = db_cache_find(&d->cache, sql, hash);
	bool once = false;
	if (!s) {
		int rc = prepare(d, sql, &s);
		if (rc < 0)
			return rc;
		once = db_cache_put(&d->cache, sql, hash, s) != 0;
	}
	int result;
	if ((size_t)s->nparams != n) {
		char msg[96];
		snprintf(msg, sizeof msg, "the statement takes %d parameters, %zu given",
		         s->nparams, n);
		result = db_hard(db, msg, sql);
		goto out;
	}
	result = bind(d, s, params, sql);
	if (result < 0)
		goto out;
	sqlite3_int64 before = sqlite3_total_changes64(d->h);
	int cols = sqlite3_column_count(s->st);
	struct builder b = {0};
	size_t rows = 0;
	int rc;
	while ((rc = sqlite3_step(s->st)) == SQLITE_ROW) {
		if (res && add_row(&b, s->st, cols) != 0) {
			free(b.arena);
			free(b.cell);
			result = db_hard(db, "out of memory copying rows", sql);
			goto out;
		}
		rows++;
	}
	if (rc != SQLITE_DONE) {
		free(b.arena);
		free(b.cell);
		result = fail(d, rc, sql);
		goto out;
	}
	if (cols > 0)
		result = rows > INT32_MAX ? INT32_MAX : (int)rows;
	else if (sqlite3_total_changes64(d->h) != before)
		result = (int)sqlite3_changes64(d->h);
	else
		result = 0; /* DDL and the like: sqlite3_changes would repeat the last write's */
	if (res) {
		*res = finish(&b, s->st, cols, rows);
		if (!*res)
			result = db_hard(db, "out of memory copying rows", sql);
	}
out:
	sqlite3_reset(s->st); /* also ends the statement's read of the database */
	sqlite3_clear_bindings(s->st);
	if (once)
		free_stmt(s, NULL);
	return result;
}

static int sq_exec_script(struct db *db, const char *script)
{
	struct sq_db *d = sq(db);
	char *err = NULL;
	int rc = sqlite3_exec(d->h, script, NULL, NULL, &err);
	int result = 0;
	if (rc != SQLITE_OK) {
		int status = status_of(rc);
		if (status == DB_HARD)
			result = db_hard(db, err ? err : sqlite3_errstr(rc), script);
		else
			result = db_failed(db, status);
	}
	sqlite3_free(err);
	return result;
}

/* ---- transactions ---- */

static int step_once(struct sq_db *d, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	return fail(d, rc, sqlite3_sql(st));
}

static int sq_begin(struct db *db)
{
	struct sq_db *d = sq(db);
	take_turn(d);
	int rc = step_once(d, d->begin);
	if (rc != 0)
		end_turn(d);
	return rc;
}

static int sq_commit(struct db *db)
{
	struct sq_db *d = sq(db);
	int rc = step_once(d, d->commit);
	if (rc == 0)
		end_turn(d);
	return rc;
}

static void sq_rollback(struct db *db)
{
	struct sq_db *d = sq(db);
	if (!sqlite3_get_autocommit(d->h)) /* some errors have already rolled back */
		step_once(d, d->rollback);
	end_turn(d);
}

static int sq_lock_schema(struct db *db)
{
	(void)db; /* BEGIN IMMEDIATE already holds the one write lock */
	return 0;
}

static int sq_has_table(struct db *db, const char *table)
{
	return sq_exec(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
	               DB_PARAMS(DB_TEXT(table)), NULL);
}

/* ---- backup ---- */

static int sq_backup(struct db *db, const char *path)
{
	struct sq_db *d = sq(db);
	/* O_EXCL: never overwrite, not even a file that appears while we look. 0600: the copy
	 * holds password hashes and personal data. */
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "yitihua: db: backup to %s: %s\n", path,
		        errno == EEXIST ? "the file exists; refusing to overwrite it"
		                        : strerror(errno));
		return -1;
	}
	close(fd);
	sqlite3 *dst = NULL;
	int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	const char *err = NULL;
	if (rc == SQLITE_OK) {
		sqlite3_backup *b = sqlite3_backup_init(dst, "main", d->h, "main");
		if (b) {
			/* One step copies every page under one read transaction: a consistent
			 * snapshot, while other connections go on writing (WAL). */
			for (int tries = 0; tries < 100; tries++) {
				rc = sqlite3_backup_step(b, -1);
				if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
					break;
				sqlite3_sleep(50);
			}
			sqlite3_backup_finish(b);
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		} else {
			rc = sqlite3_errcode(dst);
		}
		/* A self-contained file: no -wal beside the copy. */
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			err = sqlite3_errmsg(dst);
	} else {
		err = dst ? sqlite3_errmsg(dst) : "out of memory";
	}
	if (rc != SQLITE_OK)
		fprintf(stderr, "yitihua: db: backup to %s: %s\n", path,
		        err ? err : sqlite3_errstr(rc));
	sqlite3_close_v2(dst);
	if (rc != SQLITE_OK) {
		unlink(path);
		return -1;
	}
	return 0;
}

/* ---- connections ---- */

static void sq_close(struct db *db)
{
	struct sq_db *d = sq(db);
	end_turn(d);
	db_cache_clear(&d->cache, free_stmt, NULL);
	sqlite3_finalize(d->begin);
	sqlite3_finalize(d->commit);
	sqlite3_finalize(d->rollback);
	sqlite3_finalize(d->data_version);
	sqlite3_close_v2(d->h);
	free(d);
}

/* PRAGMA data_version changes when another connection commits; this connection's own
 * writes show in its change counter. Together they say whether anything may have changed. */
static uint64_t sq_data_version(struct db *db)
{
	struct sq_db *d = sq(db);
	uint64_t version = 0;
	if (sqlite3_step(d->data_version) == SQLITE_ROW)
		version = (uint64_t)sqlite3_column_int64(d->data_version, 0);
	sqlite3_reset(d->data_version);
	if (version == 0)
		return 0;
	return (version << 40) ^ (uint64_t)sqlite3_total_changes64(d->h) ^ 1;
}

static const struct db_backend sqlite_backend = {
    .name = "sqlite",
    .exec = sq_exec,
    .exec_script = sq_exec_script,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .lock_schema = sq_lock_schema,
    .has_table = sq_has_table,
    .backup = sq_backup,
    .close = sq_close,
    .data_version = sq_data_version,
};

/* Set the connection up: WAL (readers never wait for the writer), foreign keys,
 * synchronous=FULL (a commit survives power loss), wait up to 5 s for the write lock. */
static int configure(struct sq_db *d, const char *path)
{
	sqlite3_extended_result_codes(d->h, 1);
	sqlite3_busy_timeout(d->h, 5000);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(d->h, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	const char *mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	/* An in-memory database has no WAL ("memory"); it is still usable (tests). */
	bool ok = mode && (strcmp(mode, "wal") == 0 || strcmp(mode, "memory") == 0);
	if (!ok)
		fprintf(stderr, "yitihua: db: %s: cannot use WAL mode: %s\n", path,
		        mode ? mode : sqlite3_errmsg(d->h));
	sqlite3_finalize(st);
	if (!ok)
		return -1;
	rc = sqlite3_exec(d->h, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL", NULL, NULL,
	                  NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(d->h, "BEGIN IMMEDIATE", -1, SQLITE_PREPARE_PERSISTENT,
		                        &d->begin, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(d->h, "COMMIT", -1, SQLITE_PREPARE_PERSISTENT, &d->commit,
		                        NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(d->h, "ROLLBACK", -1, SQLITE_PREPARE_PERSISTENT,
		                        &d->rollback, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v3(d->h, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
		                        &d->data_version, NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "yitihua: db: %s: %s\n", path, sqlite3_errmsg(d->h));
		return -1;
	}
	return 0;
}

int db_sqlite_open(const char *path, struct db **out)
{
	struct sq_db *d = calloc(1, sizeof *d);
	if (!d) {
		fprintf(stderr, "yitihua: db: out of memory\n");
		return -1;
	}
	d->base = (struct db){.be = &sqlite_backend, .kind = DB_SQLITE};
	int rc = sqlite3_open_v2(
	    path, &d->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "yitihua: db: cannot open %s: %s\n", path,
		        d->h ? sqlite3_errmsg(d->h) : sqlite3_errstr(rc));
		sqlite3_close_v2(d->h);
		free(d);
		return -1;
	}
	if (configure(d, path) != 0) {
		sq_close(&d->base);
		return -1;
	}
	d->writer = queue_for(path);
	*out = &d->base;
	return 0;
}
