/* SPDX-License-Identifier: MIT */
/* This file contains every SQL statement of contracts (乡聘村用) and exit reviews (退出)
 * of the personnel area (see store.h, section "contracts and exit reviews"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/crud.h"
#include "staff/staff.h"
#include "staff/store.h"

int store_contract_person(struct db *db, const char *person_id, struct db_res **res)
{
	return db_exec(db,
	               "SELECT id, name, sex, birth_date, centre_id, path, user_id, exited_on, "
	               "exit_reason FROM people WHERE id = $1",
	               DB_PARAMS(DB_TEXT(person_id)), res);
}

int store_person_lock(struct db *db, const char *person_id)
{
	/* A write that changes nothing: PostgreSQL holds the row lock until the end of the
	 * transaction, and a second writer waits, then reads what the first committed. */
	return db_exec(db, "UPDATE people SET updated_at = updated_at WHERE id = $1",
	               DB_PARAMS(DB_TEXT(person_id)), NULL);
}

int store_contract_institution(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
	               "SELECT id, kind, name, parent_id, path, county_code, status FROM "
	               "institutions WHERE id = $1",
	               DB_PARAMS(DB_TEXT(id)), res);
}

int store_qualifications_on(struct db *db, const char *person_id, const char *date,
                            struct db_res **res)
{
	return db_exec(db,
	               "SELECT kind, district_training_passed FROM qualifications WHERE "
	               "person_id = $1 AND issued_on <= $2 AND (valid_until IS NULL OR "
	               "valid_until >= $2) ORDER BY kind",
	               DB_PARAMS(DB_TEXT(person_id), DB_TEXT(date)), res);
}

/* The path and owner of the row ID of TABLE's SQL (a fixed statement, never input). */
static int scope_of(struct db *db, const char *sql, const char *id, char *path, size_t len,
                    char owner[37])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, sql, DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0) {
		const char *user = db_res_text(res, 0, 1);
		snprintf(path, len, "%s", db_res_text(res, 0, 0));
		snprintf(owner, 37, "%s", user ? user : "");
		rc = DB_ONE;
	}
	db_res_free(res);
	return rc;
}

int store_contract_scope(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	return scope_of(db,
	                "SELECT c.path, p.user_id FROM contracts c JOIN people p ON "
	                "p.id = c.person_id WHERE c.id = $1",
	                id, path, len, owner);
}

int store_exit_review_scope(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	return scope_of(db,
	                "SELECT r.path, p.user_id FROM exit_reviews r JOIN people p ON "
	                "p.id = r.person_id WHERE r.id = $1",
	                id, path, len, owner);
}

int store_contracts_of(struct db *db, const char *person_id, const char *status,
                       struct db_res **res)
{
	return db_exec(db,
	               "SELECT id, starts_on, ends_on FROM contracts WHERE person_id = $1 AND "
	               "status = $2 ORDER BY starts_on, id",
	               DB_PARAMS(DB_TEXT(person_id), DB_TEXT(status)), res);
}

/* The rows of a list limited to the subtree bound to $1 and, when given, to a person ($2)
 * or to the person a user is linked to ($2). */
#define IN_SCOPE  DB_IN_SUBTREE("path")
#define OF_PERSON " AND person_id = $2"
#define OF_OWNER  " AND person_id IN (SELECT id FROM people WHERE user_id = $2)"

int store_contracts_list(struct db *db, const char *scope, const char *person_id, const char *owner,
                         const struct ent_list *l, json_t **items, bool *more)
{
	if (person_id)
		return crud_list(db, &contract_entity, "id", l, IN_SCOPE OF_PERSON,
		                 DB_PARAMS(DB_TEXT(scope), DB_TEXT(person_id)), items, more);
	if (owner)
		return crud_list(db, &contract_entity, "id", l, IN_SCOPE OF_OWNER,
		                 DB_PARAMS(DB_TEXT(scope), DB_TEXT(owner)), items, more);
	return crud_list(db, &contract_entity, "id", l, IN_SCOPE, DB_PARAMS(DB_TEXT(scope)), items,
	                 more);
}

int store_exit_reviews_list(struct db *db, const char *scope, const char *owner,
                            const struct ent_list *l, json_t **items, bool *more)
{
	if (owner)
		return crud_list(db, &exit_review_entity, "id", l, IN_SCOPE OF_OWNER,
		                 DB_PARAMS(DB_TEXT(scope), DB_TEXT(owner)), items, more);
	return crud_list(db, &exit_review_entity, "id", l, IN_SCOPE, DB_PARAMS(DB_TEXT(scope)),
	                 items, more);
}

/* Run HEAD followed by "IN ($1, ..., $N)" and TAIL with IDS bound. One text per page size,
 * each prepared once per connection. */
static int select_in(struct db *db, const char *head, const char *tail, const char *const *ids,
                     size_t n, struct db_res **res)
{
	struct db_val params[500];
	char sql[8192];
	*res = NULL;
	if (n == 0 || n > 500)
		return DB_HARD;
	size_t used = (size_t)snprintf(sql, sizeof(sql), "%s IN (", head);
	for (size_t i = 0; i < n && used < sizeof(sql) - 128; i++) {
		params[i] = DB_TEXT(ids[i]);
		used += (size_t)snprintf(sql + used, sizeof(sql) - used, "%s$%zu", i ? ", " : "",
		                         i + 1);
	}
	snprintf(sql + used, sizeof(sql) - used, ")%s", tail);
	return db_exec(db, sql, params, n, res);
}

int store_contracts_names(struct db *db, const char *const *ids, size_t n, struct db_res **res)
{
	return select_in(db,
	                 "SELECT c.id, p.name, cl.name, e.name, e.county_code FROM contracts c "
	                 "JOIN people p ON p.id = c.person_id "
	                 "JOIN institutions cl ON cl.id = c.clinic_id "
	                 "JOIN institutions e ON e.id = c.employer_id WHERE c.id",
	                 "", ids, n, res);
}

int store_exit_reviews_names(struct db *db, const char *const *ids, size_t n, struct db_res **res)
{
	return select_in(db,
	                 "SELECT r.id, p.name FROM exit_reviews r JOIN people p ON "
	                 "p.id = r.person_id WHERE r.id",
	                 "", ids, n, res);
}

int store_exit_open_count(struct db *db, const char *person_id, const char *reason)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
	                 "SELECT COUNT(*) FROM exit_reviews WHERE person_id = $1 AND reason = $2 "
	                 "AND status = 'open'",
	                 DB_PARAMS(DB_TEXT(person_id), DB_TEXT(reason)), &res);
	if (rc > 0)
		rc = (int)db_res_int(res, 0, 0);
	db_res_free(res);
	return rc;
}

int store_person_set_exit(struct db *db, const char *person_id, const char *on, const char *reason,
                          const char *by)
{
	char now[21];
	db_now(now);
	return db_exec(
	    db,
	    "UPDATE people SET exited_on = $2, exit_reason = $3, updated_at = $4, "
	    "updated_by = $5 WHERE id = $1",
	    DB_PARAMS(DB_TEXT(person_id), DB_TEXT(on), DB_TEXT(reason), DB_TEXT(now), DB_TEXT(by)),
	    NULL);
}
