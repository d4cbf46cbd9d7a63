/* SPDX-License-Identifier: MIT */
/* Schema migrations: the numbered scripts embedded from migrations/ are applied in order,
 * each once, each in its own transaction, and recorded in schema_migrations. Two processes
 * migrating one database at once take turns (BEGIN IMMEDIATE on SQLite, an advisory lock
 * on PostgreSQL) and the second finds the work done. */
#include <stdio.h>
#include <stdlib.h>

#include "db/backend.h"
#include "db/db.h"

static const char create_table[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
    "name TEXT NOT NULL, applied_at TEXT NOT NULL)";

static int create_txn(struct db *db, void *cls)
{
	(void)cls;
	int rc = db->be->lock_schema(db);
	return rc < 0 ? rc : db_exec_script(db, create_table);
}

/* Apply one migration unless another process has meanwhile. Returns 1 if applied, 0 if
 * already there, or a negative db_status. */
static int apply_txn(struct db *db, void *cls)
{
	const struct db_migration *m = cls;
	int rc = db->be->lock_schema(db);
	if (rc < 0)
		return rc;
	rc = db_exec(db, "SELECT 1 FROM schema_migrations WHERE version = $1",
	             DB_PARAMS(DB_INT(m->version)), NULL);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	rc = db_exec_script(db, m->sql);
	if (rc < 0) {
		fprintf(stderr, "yitihua: db: migration %s failed\n", m->name);
		return rc;
	}
	char now[21];
	db_now(now);
	rc = db_exec(
	    db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
	    DB_PARAMS(DB_INT(m->version), DB_TEXT(m->name), DB_TEXT(now)), NULL);
	return rc < 0 ? rc : 1;
}

/* Whether VERSION is among the N recorded versions in RES. */
static bool recorded(const struct db_res *res, int version)
{
	for (size_t i = 0; i < db_res_rows(res); i++)
		if (db_res_int(res, i, 0) == version)
			return true;
	return false;
}

int db_migrate(struct db *db)
{
	int rc = db->be->has_table(db, "schema_migrations");
	if (rc == 0)
		rc = db_run_transaction(db, "create schema_migrations", create_txn, NULL);
	if (rc < 0)
		return -1;
	struct db_res *res;
	if (db_exec(db, "SELECT version FROM schema_migrations", NULL, 0, &res) < 0)
		return -1;
	int applied = 0;
	for (size_t i = 0; i < db_migrations_count; i++) {
		const struct db_migration *m = &db_migrations[i];
		if (recorded(res, m->version))
			continue;
		char what[128];
		snprintf(what, sizeof what, "migration %s", m->name);
		rc = db_run_transaction(db, what, apply_txn, (void *)m);
		if (rc < 0) {
			db_res_free(res);
			return -1;
		}
		applied += rc;
	}
	db_res_free(res);
	return applied;
}

int db_schema_version(struct db *db)
{
	int rc = db->be->has_table(db, "schema_migrations");
	if (rc <= 0)
		return rc < 0 ? -1 : 0;
	struct db_res *res;
	if (db_exec(db, "SELECT max(version) FROM schema_migrations", NULL, 0, &res) < 0)
		return -1;
	int version = (int)db_res_int(res, 0, 0); /* NULL (no rows) reads as 0 */
	db_res_free(res);
	return version;
}
