/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of people and their qualifications (person.c, qualification.c;
 * declared in store.h). The sealed citizen id is read only by store_person_sealed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/crud.h"
#include "staff/store.h"

/* Every column person_entity reads but the photo, with the clinic of the active contract
 * (the current posting); the sealed id and its hash stay out. */
#define PERSON_COLS                                                                        \
	"p.id, p.name, p.sex, p.birth_date, p.citizen_id_masked, p.phone, p.education, "   \
	"p.ethnic_group, p.centre_id, i.name AS centre_name, p.user_id, p.path, "          \
	"p.exited_on, p.exit_reason, p.social_insured, p.note, p.created_at, p.updated_at, " \
	"p.created_by, "                                                                    \
	"p.updated_by, (SELECT c.clinic_id FROM contracts c WHERE c.person_id = p.id AND "     \
	"c.status = 'active' ORDER BY c.starts_on DESC LIMIT 1) AS clinic_id, (SELECT cl.name " \
	"FROM contracts c JOIN institutions cl ON cl.id = c.clinic_id WHERE c.person_id = p.id " \
	"AND c.status = 'active' ORDER BY c.starts_on DESC LIMIT 1) AS clinic_name"
#define PERSON_FROM " FROM people p JOIN institutions i ON i.id = p.centre_id) people_v"

/* Subqueries in place of views (db/crud.c reads "FROM <view>"), so that the centre's name
 * comes with each row in the same statement on both backends. */
const char store_people_view[] = "(SELECT " PERSON_COLS ", p.photo" PERSON_FROM;
const char store_people_list_view[] = "(SELECT " PERSON_COLS ", NULL AS photo" PERSON_FROM;

/* Copy the first column of the one row of RES into OUT (LEN), free RES; DB_ONE/DB_NONE. */
static int first_text(int rc, struct db_res *res, char *out, size_t len)
{
	if (rc > 0)
		snprintf(out, len, "%s", db_res_text(res, 0, 0) ? db_res_text(res, 0, 0) : "");
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_person_centre(struct db *db, const char *id, char kind[16], char *path, size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT kind, path FROM institutions WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0) {
		snprintf(kind, 16, "%s", db_res_text(res, 0, 0));
		snprintf(path, len, "%s", db_res_text(res, 0, 1));
	}
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_person_user(struct db *db, const char *user_id, char role[16], char *path,
		      size_t len)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT u.role, i.path FROM users u JOIN institutions i "
			 "ON i.id = u.institution_id WHERE u.id = $1",
			 DB_PARAMS(DB_TEXT(user_id)), &res);
	if (rc > 0) {
		snprintf(role, 16, "%s", db_res_text(res, 0, 0));
		snprintf(path, len, "%s", db_res_text(res, 0, 1));
	}
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_person_by_hash(struct db *db, const char *hash, char id[37])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT id FROM people WHERE citizen_id_hash = $1",
			 DB_PARAMS(DB_TEXT(hash)), &res);
	return first_text(rc, res, id, 37);
}

int store_person_by_user(struct db *db, const char *user_id, char id[37])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT id FROM people WHERE user_id = $1",
			 DB_PARAMS(DB_TEXT(user_id)), &res);
	return first_text(rc, res, id, 37);
}

int store_person_scope(struct db *db, const char *id, char *path, size_t len, char user_id[37])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT path, user_id FROM people WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0) {
		snprintf(path, len, "%s", db_res_text(res, 0, 0));
		snprintf(user_id, 37, "%s", db_res_text(res, 0, 1) ? db_res_text(res, 0, 1) : "");
	}
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

int store_person_sealed(struct db *db, const char *id, char **sealed)
{
	struct db_res *res = NULL;
	*sealed = NULL;
	int rc = db_exec(db, "SELECT citizen_id_sealed FROM people WHERE id = $1",
			 DB_PARAMS(DB_TEXT(id)), &res);
	if (rc > 0) {
		*sealed = strdup(db_res_text(res, 0, 0));
		if (!*sealed)
			rc = DB_HARD;
	}
	db_res_free(res);
	return rc < 0 ? rc : rc > 0 ? DB_ONE : DB_NONE;
}

/* NAME_PART as a LIKE pattern "%...%" with the pattern's own characters escaped. New
 * string. */
static char *contains_pattern(const char *name_part)
{
	size_t n = strlen(name_part);
	char *p = malloc(2 * n + 3), *o = p;
	if (!p)
		return NULL;
	*o++ = '%';
	for (const char *s = name_part; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

int store_people_list(struct db *db, const struct entity *e, const char *scope,
		      const char *owner, const char *name_part, const struct ent_list *l,
		      json_t **items, bool *more)
{
	char *pattern = name_part ? contains_pattern(name_part) : NULL;
	if (name_part && !pattern)
		return DB_HARD;
	/* A village doctor (OWNER) sees their own file only, wherever it is kept. */
	const char *where = owner ? (pattern ? "user_id = CAST($1 AS TEXT) AND name LIKE "
					       "CAST($2 AS TEXT) ESCAPE '\\'"
					     : "user_id = CAST($1 AS TEXT)")
				  : (pattern ? DB_IN_SUBTREE("path") " AND name LIKE CAST($2 AS TEXT) "
								     "ESCAPE '\\'"
					     : DB_IN_SUBTREE("path"));
	struct db_val params[2] = {DB_TEXT(owner ? owner : scope), DB_TEXT(pattern)};
	int rc = crud_list(db, e, "id", l, where, params, pattern ? 2 : 1, items, more);
	free(pattern);
	return rc;
}

int store_qualification_find(struct db *db, const char *kind, const char *certificate_no,
			     char id[37])
{
	struct db_res *res = NULL;
	int rc = db_exec(db, "SELECT id FROM qualifications WHERE kind = $1 AND certificate_no = $2",
			 DB_PARAMS(DB_TEXT(kind), DB_TEXT(certificate_no)), &res);
	return first_text(rc, res, id, 37);
}

int store_qualifications_list(struct db *db, const struct entity *e, const char *person_id,
			      const struct ent_list *l, json_t **items, bool *more)
{
	return crud_list(db, e, "id", l, "person_id = CAST($1 AS TEXT)",
			 DB_PARAMS(DB_TEXT(person_id)), items, more);
}
