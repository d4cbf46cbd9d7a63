/* SPDX-License-Identifier: MIT */
/* The personnel area's storage: every SQL statement of staff/ is in the store_*.c files,
 * one per part, declared here in sections. Functions return a db_status or a row count;
 * result sets are new and freed by the caller with db_res_free. */
#ifndef YTH_STAFF_STORE_H
#define YTH_STAFF_STORE_H

#include <jansson.h>
#include <stdbool.h>

#include "core/entity.h"
#include "db/db.h"

/* ---- people and qualifications (store_people.c) ---- */

/* What person records are read from (the .view of person_entity): people with the name of
 * their centre as centre_name. STORE_PEOPLE_LIST_VIEW is the same with photo NULL, since
 * lists and exports leave the photo out and it may be 300 kB a person. */
extern const char store_people_view[];
extern const char store_people_list_view[];

/* Kind ("centre", "clinic"...) into KIND and path of institution ID. DB_ONE / DB_NONE. */
int store_person_centre(struct db *db, const char *id, char kind[16], char *path, size_t len);
/* The role and institution path of user USER_ID. DB_ONE / DB_NONE. */
int store_person_user(struct db *db, const char *user_id, char role[16], char *path,
		      size_t len);
/* The id of the person whose citizen id has keyed hash HASH, or linked to user USER_ID,
 * into ID. DB_ONE / DB_NONE. */
int store_person_by_hash(struct db *db, const char *hash, char id[37]);
int store_person_by_user(struct db *db, const char *user_id, char id[37]);
/* Path of person ID (their centre's) and the user linked to them ("" if none). */
int store_person_scope(struct db *db, const char *id, char *path, size_t len, char user_id[37]);
/* The sealed citizen id of person ID: *SEALED is a new string (caller frees) or NULL. */
int store_person_sealed(struct db *db, const char *id, char **sealed);
/* A page of people for list L read through E (a person entity over
 * store_people_list_view): those in SCOPE, or when OWNER is not NULL only the person
 * linked to that user; when NAME_PART is not NULL only names containing it. *ITEMS: new
 * array. Returns the count or a negative db_status. */
int store_people_list(struct db *db, const struct entity *e, const char *scope,
		      const char *owner, const char *name_part, const struct ent_list *l,
		      json_t **items, bool *more);

/* The id of the qualification of KIND with CERTIFICATE_NO into ID. DB_ONE / DB_NONE. */
int store_qualification_find(struct db *db, const char *kind, const char *certificate_no,
			     char id[37]);
/* A page of PERSON_ID's qualifications for list L (qualification_entity E). */
int store_qualifications_list(struct db *db, const struct entity *e, const char *person_id,
			      const struct ent_list *l, json_t **items, bool *more);

/* ---- contracts and exit reviews (store_contracts.c) ---- */

/* One person as contracts and exits need them: id, name, sex, birth_date, centre_id, path,
 * user_id (NULL if none), exited_on (NULL if none), exit_reason (NULL if none). */
int store_contract_person(struct db *db, const char *person_id, struct db_res **res);
/* Take PERSON_ID's row lock for the rest of the transaction, so that decisions about one
 * person (one active contract, one open review per reason) are made one at a time on
 * PostgreSQL too (SQLite's BEGIN IMMEDIATE already does). Returns rows locked (0 or 1). */
int store_person_lock(struct db *db, const char *person_id);
/* One institution: id, kind, name, parent_id, path, county_code, status. */
int store_contract_institution(struct db *db, const char *id, struct db_res **res);
/* PERSON_ID's qualifications valid on DATE (issued on or before it, not expired before
 * it): kind, district_training_passed (0/1). */
int store_qualifications_on(struct db *db, const char *person_id, const char *date,
			    struct db_res **res);
/* The path of contract / exit review ID and the user its person is linked to ("" if
 * none). Returns DB_ONE, DB_NONE or a negative db_status. */
int store_contract_scope(struct db *db, const char *id, char *path, size_t len,
			 char owner[37]);
int store_exit_review_scope(struct db *db, const char *id, char *path, size_t len,
			    char owner[37]);
/* PERSON_ID's contracts with STATUS, oldest start first: id, starts_on, ends_on. */
int store_contracts_of(struct db *db, const char *person_id, const char *status,
		       struct db_res **res);
/* A page of contracts in SCOPE for list L (contract_entity): only PERSON_ID's unless it is
 * NULL, only those of the person linked to OWNER (a user id) unless it is NULL. *ITEMS:
 * new array. Returns the count or a negative db_status. */
int store_contracts_list(struct db *db, const char *scope, const char *person_id,
			 const char *owner, const struct ent_list *l, json_t **items,
			 bool *more);
/* For the contracts IDS (N ≤ 500): id, person name, clinic name, employer name, county_code
 * of the employer. */
int store_contracts_names(struct db *db, const char *const *ids, size_t n, struct db_res **res);
/* How many reviews of PERSON_ID with REASON are open, or a negative db_status. */
int store_exit_open_count(struct db *db, const char *person_id, const char *reason);
/* A page of exit reviews in SCOPE for list L (exit_review_entity), only those of the person
 * linked to OWNER unless it is NULL. *ITEMS: new array. */
int store_exit_reviews_list(struct db *db, const char *scope, const char *owner,
			    const struct ent_list *l, json_t **items, bool *more);
/* For the exit reviews IDS (N ≤ 500): id, person name. */
int store_exit_reviews_names(struct db *db, const char *const *ids, size_t n,
			     struct db_res **res);
/* Mark PERSON_ID as exited ON with REASON (pay and subsidies stop from then, LB-STF-7).
 * Returns rows changed. */
int store_person_set_exit(struct db *db, const char *person_id, const char *on,
			  const char *reason, const char *by);

/* ---- training, attendance and leave (store_time.c) ---- */

/* One person as training, attendance and leave need them: id, name, centre_id, path,
 * user_id (NULL if none), exited_on (NULL if none), county_code of their centre, the date
 * their file was opened (YYYY-MM-DD). */
int store_time_person(struct db *db, const char *person_id, struct db_res **res);

/* A page of PERSON_ID's trainings for list L (training_entity), only those starting in
 * YEAR ("YYYY") unless YEAR is NULL. *ITEMS: new array. Returns the count or a db_status. */
int store_trainings_list(struct db *db, const char *person_id, const char *year,
			 const struct ent_list *l, json_t **items, bool *more);
/* PERSON_ID's trainings per calendar year of their start, newest first: year ("YYYY"),
 * courses, days. */
int store_training_years(struct db *db, const char *person_id, struct db_res **res);
/* One row: the latest ends_on of PERSON_ID's further study (脱产进修) of at least MIN_DAYS
 * days, and the earliest starts_on of their contracts that were not rejected (each NULL if
 * none). */
int store_further_study(struct db *db, const char *person_id, long long min_days,
			struct db_res **res);

/* PERSON_ID's attendance on ON_DATE (0 or 1 row), or on every day FROM..TO (inclusive) by
 * date: the columns of attendance_entity. */
int store_attendance_day(struct db *db, const char *person_id, const char *on_date,
			 struct db_res **res);
int store_attendance_days(struct db *db, const char *person_id, const char *from,
			  const char *to, struct db_res **res);
/* Record PERSON_ID's day ON_DATE, replacing what was recorded for it (ID is used for a new
 * row only). Returns rows written or a negative db_status. */
int store_attendance_put(struct db *db, const char *id, const char *person_id,
			 const char *on_date, const char *status, bool schedule_posted,
			 const char *note, const char *by);
/* How many days FROM..TO (inclusive) PERSON_ID was recorded absent (擅自离岗), or a
 * negative db_status. */
int store_absent_days(struct db *db, const char *person_id, const char *from, const char *to);

/* A page of PERSON_ID's leave requests for list L (leave_entity). *ITEMS: new array. */
int store_leaves_list(struct db *db, const char *person_id, const struct ent_list *l,
		      json_t **items, bool *more);
/* id, name of every person named as stand-in on PERSON_ID's leave requests. */
int store_leave_stand_ins(struct db *db, const char *person_id, struct db_res **res);
/* How many of PERSON_ID's leave requests overlap FROM..TO (inclusive): approved ones only,
 * or also pending ones unless APPROVED_ONLY. Returns the count or a negative db_status. */
int store_leaves_overlapping(struct db *db, const char *person_id, const char *from,
			     const char *to, bool approved_only);
/* The path and user of the person leave request LEAVE_ID is about (owner "" if none).
 * Returns DB_ONE, DB_NONE or a negative db_status. */
int store_leave_scope(struct db *db, const char *leave_id, char *path, size_t len,
		      char owner[37]);

/* ---- staffing, recruitment plan and monitors (store_monitor.c) ---- */

/* Every clinic of SCOPE that is not closed, with its doctors on DATE: id, name, centre id,
 * centre name, county_code, population (NULL if unknown), status, posted (active contracts
 * of people who have not exited), women among them, division_code. */
int store_staffing(struct db *db, const char *scope, const char *date, struct db_res **res);

/* Every active contract of SCOPE on DATE (person not exited): contract id, person id, name,
 * sex, birth_date, clinic id, clinic name, centre id, centre name, county_code, type,
 * starts_on, ends_on, head_of_clinic, age_extension. */
int store_postings(struct db *db, const char *scope, const char *date, struct db_res **res);

/* Qualifications of the people of SCOPE who have not exited: person id, kind,
 * certificate_no, valid_until, district_training_passed, name, county_code of their centre. */
int store_scope_qualifications(struct db *db, const char *scope, struct db_res **res);

/* Per person of SCOPE (not exited): person id, name, county_code, absent days between FROM
 * and TO (inclusive), only those with at least one. */
int store_absences(struct db *db, const char *scope, const char *from, const char *to,
		   struct db_res **res);

/* Per person of SCOPE with an active contract: person id, name, county_code, trainings
 * (count) and days between FROM and TO, the end of their last further study of at least
 * MIN_DAYS days (or NULL), the start of their first contract. */
int store_training_totals(struct db *db, const char *scope, const char *from, const char *to,
			  long min_days, struct db_res **res);

/* Number of people in the database. */
int store_people_count(struct db *db);

/* Pending contracts of SCOPE: id, person id, name, county_code, clinic name, created_at.
 * Open exit reviews of SCOPE: id, person id, name, county_code, reason, created_at. */
int store_pending_contracts(struct db *db, const char *scope, struct db_res **res);
int store_open_exit_reviews(struct db *db, const char *scope, struct db_res **res);

#endif
